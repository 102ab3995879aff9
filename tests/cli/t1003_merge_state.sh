#!/bin/sh
# merge keeps what happened (issue 11): after `merge KEEP DROP` the kept
# lead's activity is the latest of both leads' activity, its obligations and
# breaches count DROP's touches, and the leak report, `next` and `sla check`
# judge it by them; a dropped lead created after KEEP's latest stage change
# does not move KEEP's stage entry.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "merge", "timezone": "UTC",
 "business_hours": {"thu": {"open": "08:00", "close": "12:00"}},
 "qualification": {"behavior": [{"name": "never", "event": "never_seen", "points": 10}], "mql_threshold": 10},
 "response": [{"name": "r4h", "when": {"stage": "mql"}, "first_touch": {"within": "4h", "business": false}}],
 "stale": {"mql": "5d", "sql": "20d"},
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-05-01T00:00:00Z
run init --sla "$T/sla.json"
export LEADCTL_NOW=2026-05-04T09:00:00Z
run add --email kai@nu.example --company Nu --owner rita
run add --email kai.mobile@nu.example --company Nu --owner rita
export LEADCTL_NOW=2026-05-04T15:00:00Z
run stage 1 mql --at 2026-05-04T10:00:00Z
run stage 2 mql --at 2026-05-04T11:00:00Z
# lead 1 missed its 14:00 deadline: one breach
run sla check --json
expect_rc 1
expect_sql "SELECT count(*) FROM breaches WHERE lead_id = 1 AND resolved_at IS NULL" "1"
export LEADCTL_NOW=2026-05-04T17:00:00Z
run touch 2 --channel call --outcome connected --at 2026-05-04T16:00:00Z
run merge 1 2
expect_rc 0
expect_out "lead 2 merged into lead 1"

# activity: the call of 16:00 (moved from lead 2), not lead 2's creation
run --format json show 1
python3 - "$T/out" <<'PY' && ok || fail "activity after merge"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["activity_at"] == "2026-05-04T16:00:00Z", d["activity_at"]
assert d["stage"] == "mql" and d["stage_at"] == "2026-05-04T10:00:00Z", (d["stage"], d["stage_at"])
PY
# the obligation of lead 1's mql entry is met by that call; the breach resolved by it
expect_sql "SELECT state, first_touch_at FROM obligations WHERE lead_id = 1 ORDER BY id" "met|1777910400
met|1777910400"
expect_sql "SELECT resolved_at FROM breaches WHERE lead_id = 1" "1777910400"

# 9 May 12:00: 4 d 20 h after the call (stale mql 5d): on track, not stalled
export LEADCTL_NOW=2026-05-09T12:00:00Z
run report leak --week 2026-W19 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "leak after merge"
import json, sys
t = json.load(open(sys.argv[1]))["total"]
assert (t["cohort"], t["open_stalled"], t["open_on_track"]) == (1, 0, 1), t
PY
run sla check --json
expect_rc 0
expect_out_empty
run next --format json
expect_rc 0
expect_out "[]"
# at 9 May 17:00 it is stalled (more than 5 days after the call)
export LEADCTL_NOW=2026-05-09T17:00:00Z
run sla check --json
expect_rc 1
expect_out_has '"kind":"stalled"'

# --- a dropped lead created after KEEP's latest stage change -----------------
export LEADCTL_NOW=2026-05-11T09:00:00Z
run add --email lia@xi.example --company Xi --owner rita --at 2026-05-10T08:00:00Z
run stage lia@xi.example mql --at 2026-05-10T09:00:00Z
run touch lia@xi.example --channel email --outcome replied --at 2026-05-10T09:30:00Z
run stage lia@xi.example sql --at 2026-05-10T10:00:00Z
run add --email lia.xi@other.example --owner rita --at 2026-05-11T08:00:00Z
run merge lia@xi.example lia.xi@other.example
expect_rc 0
run --format json show lia@xi.example
python3 - "$T/out" <<'PY' && ok || fail "stage entry after merging a newer lead"
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["stage"], d["stage_at"], d["activity_at"]) == ("sql", "2026-05-10T10:00:00Z", "2026-05-11T08:00:00Z"), d
PY
expect_sql "SELECT count(*) FROM obligations o JOIN leads l ON l.id = o.lead_id WHERE l.email = 'lia@xi.example' AND o.state = 'open'" "0"
finish
