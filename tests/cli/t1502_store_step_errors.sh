#!/bin/sh
# Every sqlite3_step is checked for errors (issue 11): a store failure is
# never read as "no row".  Here the SLA table is corrupt: a lead reference
# by a national phone number needs the SLA's phone_country_code, and its
# read failing aborts in one line with status 65 -- it is not taken for
# "no default country code", which would report the lead as not found (66).
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "phones", "timezone": "UTC", "phone_country_code": "351",
 "business_hours": {"mon": {"open": "08:00", "close": "18:00"}},
 "qualification": {"behavior": [{"name": "demo", "event": "demo_request", "points": 60}], "mql_threshold": 50},
 "response": [{"name": "r1d", "when": {"stage": "mql"}, "first_touch": {"within": "1d", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-06-01T10:00:00Z
run init --sla "$T/sla.json"
run add --email rui@lisboa.example --phone "+351 912 345 678" --country PT
expect_rc 0
# healthy: the national number finds the lead through the SLA's code
run show "912 345 678" --format json
expect_rc 0
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["id"] == 1' "$T/out" && ok || fail "lead by national phone"
# the sla_versions table's page overwritten
corrupt_page sla_versions
run show "912 345 678"
expect_rc 65
expect_err_lines 1
expect_err_has "reading the SLA's phone country code"
expect_err_has "malformed"
expect_out_empty
finish
