#!/bin/sh
# One JSON per thing (issue 11): `sla show` prints the SLA as valid JSON that
# `sla lint` accepts (what is known about the version goes to stderr, or to
# the object of --format json); `sla check --json` and `sla check --format
# json` give one shape (JSON lines of the same objects as the array); times
# are ISO-8601 UTC, durations seconds.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "shapes", "timezone": "Europe/Lisbon",
 "business_hours": {"mon": {"open": "09:00", "close": "17:00"}},
 "qualification": {"behavior": [{"name": "call_me", "event": "callback.requested", "points": 30}], "mql_threshold": 30},
 "response": [{"name": "fast", "when": {"stage": "mql"}, "first_touch": {"within": "15m", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-08-03T09:00:00Z
run init --sla "$T/sla.json"
run sla show
expect_rc 0
cp "$T/out" "$T/shown.json"
cmp -s "$T/shown.json" "$T/sla.json" && ok || fail "sla show is not the installed file"
expect_err_has "SLA version 1: shapes"
run sla lint "$T/shown.json"
expect_rc 0
run sla show --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "sla show --format json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["name"] == "shapes" and d["installed_at"] == "2026-08-03T09:00:00Z", d
assert d["content"]["response"][0]["name"] == "fast"
PY

run add --email ines@psi.example --owner rui
run event 1 callback.requested
expect_rc 0
cp "$LEADCTL_DB" "$T/twin.db"
export LEADCTL_NOW=2026-08-03T09:40:00Z
run sla check --json
expect_rc 1
cp "$T/out" "$T/lines"
run --db "$T/twin.db" sla check --format json
expect_rc 1
python3 - "$T/lines" "$T/out" <<'PY' && ok || fail "sla check --json and --format json differ"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
array = json.load(open(sys.argv[2]))
assert lines == array and len(array) == 1, (lines, array)
b = array[0]
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
assert all(iso.match(b[k]) for k in ("due_at", "detected_at", "activity_at")), b
assert b["overdue_seconds"] == 1500 and b["due_at"] == "2026-08-03T09:15:00Z", b
PY
run sla check --json --format json
expect_rc 64
finish
