#!/bin/sh
# sla simulate: a lower threshold gives more MQLs, in the right weeks, and
# writes nothing.  SLA: sla.example.json (MQL at 100) against a copy with
# the threshold at 80.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$SLA"
expect_rc 0
sed 's/"mql_threshold": 100/"mql_threshold": 80/' "$SLA" >"$T/low.json"

# A: CTO (+20) in software (+15), demo (+50) and webinar (+25) on Tue 3 Nov:
# 110 at 10:00Z -> MQL under both, ISO week 2026-W45; enterprise -> pool
# senior -> ana.  Touched at 10:03Z, inside the demo rule's 5 minutes.
# At 80 it qualifies earlier, at the demo request (35 + 50 = 85, 09:05Z):
# the 5-minute deadline is then 09:10Z and the 10:03Z touch is late.
run add --email ana@acme.com --title CTO --company Acme --industry software --employees 1500 --at 2026-11-03T09:00:00Z
run event 1 demo_request --at 2026-11-03T09:05:00Z
run event 1 webinar_attended --at 2026-11-03T10:00:00Z
run touch 1 --channel call --outcome connected --at 2026-11-03T10:03:00Z
# B: "Head of Growth" (+20) at gmail (-10) = 10; case study (+20) and webinar
# (+25) on Tue 10 Nov = 55; the third pricing visit at 14:00Z adds 30 = 85:
# an MQL only at 80, in week 2026-W46; 500 employees -> mid_market -> pool
# inbound -> marta.  Its response rule is "mql": 24 business hours from Tue
# 15:00 Madrid: Tue 3h + Wed 9h + Thu 9h + Fri 3h (of 09-15) -> Fri 13 Nov
# 12:00 Madrid = 11:00Z; never touched and past due by now: one breach.
run add --email bob@gmail.com --title "Head of Growth" --company "Bob Co" --employees 500 --at 2026-11-10T09:00:00Z
run event 2 case_study_download --at 2026-11-10T10:00:00Z
run event 2 webinar_attended --at 2026-11-10T11:00:00Z
run event 2 pricing_page_visit --at 2026-11-10T12:00:00Z
run event 2 pricing_page_visit --at 2026-11-10T13:00:00Z
run event 2 pricing_page_visit --at 2026-11-10T14:00:00Z
# C: no events: an MQL under neither.
run add --email carol@initech.io --company Initech --at 2026-11-11T09:00:00Z
expect_sql "SELECT group_concat(id) FROM leads WHERE stage = 'mql'" "1"

dump before
run sla simulate "$T/low.json" --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "simulate json"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert d["leads"] == 3
assert s["in_force"]["mqls"] == 1 and s["candidate"]["mqls"] == 2, s
# A is late under both: its demo request, while it was still new, started
# the demo rule's clock at 09:05Z (deadline 09:10Z), carried into its MQL
# entry -- as the SLA in force recorded it (obligations: first touch 10:03Z
# against 09:10Z; checked below).  Until issue 13 the simulation judged
# the SLA in force from the MQL moment and called it in time, a
# simulation that differed from what the SLA did.  Candidate: B never
# touched as well.
assert s["in_force"]["first_touch_breaches"] == 1 and s["candidate"]["first_touch_breaches"] == 2, s
assert s["in_force"]["touched_late"] == 1 and s["in_force"]["touched_in_time"] == 0, s
assert s["candidate"]["touched_late"] == 1, s
assert s["candidate"]["never_touched"] == 1 and s["candidate"]["touched_in_time"] == 0, s
weeks = {w["week"]: (w["in_force"], w["candidate"]) for w in d["mqls_by_week"]}
assert weeks == {"2026-W45": (1, 1), "2026-W46": (0, 1)}, weeks
owners = {o["owner"]: (o["in_force"], o["candidate"]) for o in d["owners"]}
assert owners == {"ana": (1, 1), "marta": (0, 1)}, owners
PY
run sla simulate "$T/low.json"
expect_rc 0
expect_out_has "MQLs: 1 -> 2; first-touch breaches: 1 -> 2; never touched: 0 -> 1"
# ... which is what the SLA in force recorded for A.
expect_sql "SELECT first_touch_due, first_touch_at FROM obligations WHERE lead_id = 1 AND stage = 'mql'" \
	"$(date -u -d 2026-11-03T09:10:00Z +%s)|$(date -u -d 2026-11-03T10:03:00Z +%s)"
dump after
expect_same_dump before after

# --since leaves out the leads created before it.
run sla simulate "$T/low.json" --since 2026-11-10 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["leads"]==2 and d["summary"]["candidate"]["mqls"]==1, d' "$T/out" && ok || fail "simulate --since"

# A bad candidate is refused with its problems, nothing simulated.
echo '{"version": 1}' >"$T/bad.json"
run sla simulate "$T/bad.json"
expect_rc 78
expect_err_has "is not a valid SLA: nothing simulated"
finish
