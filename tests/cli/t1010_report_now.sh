#!/bin/sh
# "Now" means now in the reports (issue 11): with LEADCTL_NOW in the past, a
# creation, stage entry, touch or close recorded after it counts in no figure
# of a report as of that time; the period shown stays the one asked for.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "now", "timezone": "UTC",
 "business_hours": {"mon": {"open": "08:00", "close": "18:00"}},
 "qualification": {"behavior": [{"name": "never", "event": "never_seen", "points": 10}], "mql_threshold": 10},
 "response": [{"name": "r4h", "when": {"stage": "mql"}, "first_touch": {"within": "4h", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-03-01T00:00:00Z
run init --sla "$T/sla.json"
export LEADCTL_NOW=2026-03-10T12:00:00Z
# W10: lead 1 created Mon 08:00, mql 09:00, called 10:00, sql Wed, won Fri;
# lead 2 created Thu 09:00, mql Thu 10:00
run add --email gala@tau.example --source expo --at 2026-03-02T08:00:00Z
run stage 1 mql --at 2026-03-02T09:00:00Z
run touch 1 --channel call --outcome connected --at 2026-03-02T10:00:00Z
run stage 1 sql --at 2026-03-04T09:00:00Z
run stage 1 won --amount 900 --currency EUR --at 2026-03-06T09:00:00Z
run add --email hugo@tau.example --source expo --at 2026-03-05T09:00:00Z
run stage 2 mql --at 2026-03-05T10:00:00Z
expect_rc 0

# figures FIELD... of report $1 (--week 2026-W10) as of $2
figs() {
	rep=$1 at=$2
	shift 2
	LEADCTL_NOW=$at run report "$rep" --week 2026-W10 --format json
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['period']['to'] == '2026-03-09T00:00:00Z', d['period']
print(' '.join(str(d['total'][k]) for k in sys.argv[2:]))" "$T/out" "$@"
}
# Tuesday noon: lead 1 is created, MQL and called; nothing else yet
got=$(figs funnel 2026-03-03T12:00:00Z new mql sql won mql_to_sql)
[ "$got" = "1 1 0 0 0" ] && ok || fail "funnel as of Tuesday: $got"
got=$(figs response 2026-03-03T12:00:00Z cohort in_time never_touched response_median)
[ "$got" = "1 1 0 3600" ] && ok || fail "response as of Tuesday: $got"
# Monday 09:30: MQL, not yet called
got=$(figs response 2026-03-02T09:30:00Z cohort in_time never_touched)
[ "$got" = "1 0 1" ] && ok || fail "response as of Monday: $got"
got=$(figs cac 2026-03-03T12:00:00Z leads mqls sqls wins revenue)
[ "$got" = "1 1 0 0 0.0" ] && ok || fail "cac as of Tuesday: $got"
got=$(figs velocity 2026-03-05T12:00:00Z mql_to_sql sql_to_close)
[ "$got" = "1 0" ] && ok || fail "velocity as of Thursday: $got"
# and at the real now everything counts
got=$(figs funnel 2026-03-10T12:00:00Z new mql sql won mql_to_sql)
[ "$got" = "2 2 1 1 1" ] && ok || fail "funnel now: $got"
finish
