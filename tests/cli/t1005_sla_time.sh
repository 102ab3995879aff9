#!/bin/sh
# Installing an SLA never rewrites the past, and durations are in the rule's
# own time (issue 11): an obligation that a new SLA opens for a lead already
# in mql starts at the installation (the response report of an earlier week
# is the same before and after); the response report gives the time to first
# touch in business time beside calendar time when the rule counts business
# time; the leak report's "stalled" honours a business-time stale rule.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "office", "timezone": "UTC",
 "business_hours": {"mon": {"open": "10:00", "close": "16:00"}, "tue": {"open": "10:00", "close": "16:00"},
  "wed": {"open": "10:00", "close": "16:00"}, "thu": {"open": "10:00", "close": "16:00"},
  "fri": {"open": "10:00", "close": "16:00"}},
 "qualification": {"behavior": [{"name": "never", "event": "never_seen", "points": 10}], "mql_threshold": 10},
 "response": [{"name": "r2h", "when": {"stage": "mql"}, "first_touch": {"within": "2h", "business": true}}],
 "stale": {"business": true, "mql": "3d", "sql": "1d"},
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
# resp WEEK: "no_deadline late in_time never" of the response report's total
resp() {
	run report response --week "$1" --format json
	python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['total']; print(t['no_deadline'], t['late'], t['in_time'], t['never_touched'])" "$T/out"
}

# --- no SLA yet: two MQLs in W23, one touched
export LEADCTL_NOW=2026-06-01T08:00:00Z
run init
export LEADCTL_NOW=2026-06-08T09:00:00Z
run add --email ada@tau.example --owner pia --at 2026-06-01T09:00:00Z
run stage 1 mql --at 2026-06-01T10:00:00Z
run touch 1 --channel call --outcome connected --at 2026-06-01T11:00:00Z
run add --email bo@upsilon.example --owner pia --at 2026-06-01T09:00:00Z
run stage 2 mql --at 2026-06-02T10:00:00Z
before=$(resp 2026-W23)
[ "$before" = "1 0 0 1" ] && ok || fail "W23 before the SLA: $before"
# installed on Monday 8 June 09:00 (before opening): the obligations start then
run sla use "$T/sla.json"
expect_rc 0
after=$(resp 2026-W23)
[ "$after" = "$before" ] && ok || fail "W23 after the SLA: $after, before: $before"
expect_sql "SELECT lead_id, datetime(started_at, 'unixepoch'), datetime(first_touch_due, 'unixepoch') FROM obligations ORDER BY lead_id" \
	"1|2026-06-08 09:00:00|2026-06-08 12:00:00
2|2026-06-08 09:00:00|2026-06-08 12:00:00"
# nothing is overdue at the installation (lead 1 and 2 were quiet for a week:
# that is only "stalled")
run sla check --json
expect_out_lacks '"kind":"first_touch"'
# ... and a stall never dates from before the SLA: leads 1 and 2, quiet
# since 1 and 2 June (stale mql 3 business days), are stalled from the
# installation on, not from 4 and 5 June (issue 11)
cp "$T/out" "$T/check-at-install"
export LEADCTL_NOW=2026-06-08T10:00:00Z
run sla check --json
expect_rc 1
python3 - "$T/out" "$T/check-at-install" <<'PY' && ok || fail "stalled breaches at the installation"
import json, sys
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
got = sorted((r["lead_id"], r["kind"], r["due_at"]) for r in rows)
assert got == [(1, "stalled", "2026-06-08T09:00:00Z"), (2, "stalled", "2026-06-08T09:00:00Z")], got
PY
export LEADCTL_NOW=2026-06-08T09:00:00Z

# --- W24: C qualifies on Friday 15:30 and is called on Monday 10:45 (30 min
# of Friday + 45 of Monday = 4500 s of business time; 242100 s of calendar);
# D qualifies on Friday 12:00, is called at 12:30 and is in sql at 15:00.
export LEADCTL_NOW=2026-06-12T15:30:00Z
run add --email cy@phi.example --owner pia --at 2026-06-12T15:00:00Z
run stage 3 mql --at 2026-06-12T15:30:00Z
run add --email di@chi.example --owner pia --at 2026-06-12T12:00:00Z
run stage 4 mql --at 2026-06-12T12:00:00Z
run touch 4 --channel call --outcome connected --at 2026-06-12T12:30:00Z
run stage 4 sql --at 2026-06-12T15:00:00Z
expect_rc 0
# Sunday noon: D has been quiet 45 h of calendar time (stale sql 1d) but no
# business time at all: on track, as `next` and `sla check` judge it.
export LEADCTL_NOW=2026-06-14T12:00:00Z
run report leak --week 2026-W24 --format json
python3 - "$T/out" <<'PY' && ok || fail "leak on Sunday"
import json, sys
t = json.load(open(sys.argv[1]))["total"]
assert (t["cohort"], t["open_stalled"], t["open_on_track"], t["open_overdue"]) == (2, 0, 2, 0), t
PY
run sla check --json
expect_out_lacks '"lead_id":4'
export LEADCTL_NOW=2026-06-16T16:00:00Z
run touch 3 --channel call --outcome connected --at 2026-06-15T10:45:00Z
# Tuesday 16:00: one business day after Friday 15:00 was Monday 15:00: stalled
run report leak --week 2026-W24 --format json
python3 - "$T/out" <<'PY' && ok || fail "leak on Tuesday"
import json, sys
t = json.load(open(sys.argv[1]))["total"]
assert (t["cohort"], t["open_stalled"], t["open_on_track"]) == (2, 1, 1), t
PY
# response W24: calendar [1800, 242100], business [1800, 4500] (nearest rank)
run report response --week 2026-W24 --format json
python3 - "$T/out" <<'PY' && ok || fail "response in business time"
import json, sys
t = json.load(open(sys.argv[1]))["total"]
got = (t["in_time"], t["response_median"], t["response_p90"], t["response_business_median"], t["response_business_p90"])
assert got == (2, 1800, 242100, 1800, 4500), got
PY
run report response --week 2026-W24
expect_out_has "response_business_median"
finish
