#!/bin/sh
# sla simulate runs the decision that applies the SLA in force (issue 13):
# replaying the SLA in force over a week gives exactly the MQLs, the
# assignments and the first-touch breaches it recorded, lead by lead, with
# `sla check` run as cron would (after each deadline that was missed).
# SLA: sla.example.json, installed before the first lead.  Instants are UTC
# (Madrid is UTC+2 in early October 2026).
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
END=2026-10-09T16:00:00Z
export LEADCTL_NOW=$END
run init --sla "$SLA"
expect_rc 0
# check AT RC: `sla check` as cron runs it at AT (1: new breaches printed).
check() {
	LEADCTL_NOW=$1 run sla check
	expect_rc "$2"
}

# 1 Dana: VP (+20) in fintech (+15) = 35; a demo request (+50) while new
#   opens the demo rule (5 minutes) and routes her (enterprise: 2500
#   people, own domain -> pool senior -> ana); touched in time; the webinar
#   (+25) makes her an MQL at 09:00: a new stage entry, whose demo rule
#   gives 5 more minutes (09:05) that nobody answers.
run add --email dana@nordlicht.example --title VP --company Nordlicht --industry fintech --employees 2500 --at 2026-10-05T08:00:00Z
run event 1 demo_request --at 2026-10-05T08:30:00Z
run touch 1 --channel call --outcome connected --at 2026-10-05T08:33:00Z
run event 1 webinar_attended --at 2026-10-05T09:00:00Z
# 2 Eli: Head (+20) in logistics (+15), case study (+20), webinar (+25) = 80,
#   demo request (+50) = 130: MQL at 10:20, mid_market (300) -> inbound ->
#   marta; cron at 10:30 finds the 10:25 deadline missed; touched at 10:40.
run add --email eli@kupfer.example --title "Head of Data" --company Kupfer --industry logistics --employees 300 --at 2026-10-06T09:00:00Z
run event 2 case_study_download --at 2026-10-06T09:30:00Z
run event 2 webinar_attended --at 2026-10-06T10:00:00Z
run event 2 demo_request --at 2026-10-06T10:20:00Z
check 2026-10-06T10:30:00Z 1
run touch 2 --channel call --outcome no_answer --at 2026-10-06T10:40:00Z
# 3 Fay: CEO (+20) at a free mail (-10): never an MQL.
run add --email fay@gmail.com --title CEO --company "Fay Co" --at 2026-10-06T11:00:00Z
# 4 Gus: Director (+20) in software (+15), 3 pricing visits (+30), webinar
#   (+25), demo (+50) = 140: MQL at 10:30; 50 people in Spain with a phone
#   -> iberia -> luis; never touched (deadline 10:35).
run add --email gus@ostwind.example --title Director --company Ostwind --industry software --employees 50 --country ES --phone "+34 612 345 678" --at 2026-10-07T09:00:00Z
run event 4 pricing_page_visit --at 2026-10-07T09:10:00Z
run event 4 pricing_page_visit --at 2026-10-07T09:20:00Z
run event 4 pricing_page_visit --at 2026-10-07T09:30:00Z
run event 4 webinar_attended --at 2026-10-07T10:00:00Z
run event 4 demo_request --at 2026-10-07T10:30:00Z
# 5 Hal: moved to mql by a person at 11:30; no size -> unknown_size ->
#   inbound -> jon (after marta); the mql rule's 24 business hours end on
#   Monday: touched on Thursday, in time.
run add --email hal@halco.example --company "Hal Co" --at 2026-10-07T11:00:00Z
run stage 5 mql --at 2026-10-07T11:30:00Z
run touch 5 --channel email --outcome replied --at 2026-10-08T09:00:00Z
# 6 Ida: given to marta by a person; CTO (+20) in software (+15), demo (+50)
#   while new, answered at once; case study (+20) = 105: MQL at 10:30, a
#   new stage entry whose demo deadline (10:35) nobody answers.
run add --email ida@tiefsee.example --title CTO --company Tiefsee --industry software --owner marta --at 2026-10-08T10:00:00Z
run event 6 demo_request --at 2026-10-08T10:10:00Z
run touch 6 --channel call --outcome connected --at 2026-10-08T10:12:00Z
run event 6 case_study_download --at 2026-10-08T10:30:00Z
# 7 Jo: VP (+20) in healthcare (+15), demo while new (85): deadline 11:10,
#   routed (enterprise -> senior -> jon, after ana); cron at 11:15 finds it
#   missed; the webinar makes Jo an MQL at 12:00 and the demo clock carries
#   on (still 11:10): touched at 12:05, late -- one breach, not two.
run add --email jo@klinik.example --title VP --company Klinik --industry healthcare --employees 1200 --at 2026-10-08T11:00:00Z
run event 7 demo_request --at 2026-10-08T11:05:00Z
check 2026-10-08T11:15:00Z 1
run event 7 webinar_attended --at 2026-10-08T12:00:00Z
run touch 7 --channel call --outcome connected --at 2026-10-08T12:05:00Z
check $END 0

# What the SLA in force recorded, worked out above.
e() { date -u -d "$1" +%s; }
expect_sql "SELECT lead_id, min(at) FROM stage_history WHERE to_stage = 'mql' GROUP BY lead_id ORDER BY lead_id" \
	"1|$(e 2026-10-05T09:00Z)
2|$(e 2026-10-06T10:20Z)
4|$(e 2026-10-07T10:30Z)
5|$(e 2026-10-07T11:30Z)
6|$(e 2026-10-08T10:30Z)
7|$(e 2026-10-08T12:00Z)"
expect_sql "SELECT lead_id, owner, rule FROM assignments WHERE origin = 'sla' ORDER BY at" \
	"1|ana|enterprise
2|marta|mid_market
4|luis|iberia_small
5|jon|unknown_size
7|jon|enterprise"
expect_sql "SELECT lead_id, rule, due_at FROM breaches WHERE kind = 'first_touch' ORDER BY due_at" \
	"1|demo_request|$(e 2026-10-05T09:05Z)
2|demo_request|$(e 2026-10-06T10:25Z)
4|demo_request|$(e 2026-10-07T10:35Z)
6|demo_request|$(e 2026-10-08T10:35Z)
7|demo_request|$(e 2026-10-08T11:10Z)"

# The replay of the SLA in force (and of the same file as the candidate)
# gives exactly those, lead by lead.
sql "SELECT lead_id, strftime('%Y-%m-%dT%H:%M:%SZ', min(at), 'unixepoch') FROM stage_history WHERE to_stage = 'mql' GROUP BY lead_id" >"$T/mqls"
sql "SELECT lead_id, owner, rule, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') FROM assignments WHERE origin = 'sla'" >"$T/assignments"
sql "SELECT lead_id, rule, strftime('%Y-%m-%dT%H:%M:%SZ', due_at, 'unixepoch') FROM breaches WHERE kind = 'first_touch'" >"$T/breaches"
dump before
run sla simulate "$SLA" --format json
expect_rc 0
python3 - "$T" <<'PY' && ok || fail "simulate differs from what the SLA in force recorded"
import json, sys
t = sys.argv[1]
rows = lambda f: sorted(tuple(l.rstrip("\n").split("|")) for l in open(f"{t}/{f}") if l.strip())
d = json.load(open(f"{t}/out"))
for side in ("in_force", "candidate"):
    r = d["replay"][side]
    mqls = sorted((str(m["lead"]), m["at"]) for m in r["mqls"])
    assert mqls == rows("mqls"), (side, mqls, rows("mqls"))
    asg = sorted((str(a["lead"]), a["owner"], a["rule"], a["at"]) for a in r["assignments"])
    assert asg == rows("assignments"), (side, asg, rows("assignments"))
    br = sorted((str(b["lead"]), b["rule"], b["due_at"]) for b in r["first_touch_breaches"])
    assert br == rows("breaches"), (side, br, rows("breaches"))
    s = d["summary"][side]
    # deadlines: 1's and 6's first (new) and 5's in time; 2 and 7 late;
    # 1's and 6's second (mql) and 4's never touched
    assert (s["mqls"], s["first_touch_breaches"], s["unrouted"]) == (6, 5, 0), s
    assert (s["touched_in_time"], s["touched_late"], s["never_touched"]) == (3, 2, 3), s
assert d["leads"] == 7
PY
dump after
expect_same_dump before after

# A candidate that changes one thing changes only that: without the demo
# rule's new-stage clause, Dana, Eli, Gus, Ida and Jo owe the mql rule's 24
# business hours from their MQL moment instead; nobody is routed before.
sed 's/"when": {"stage": \["new", "mql"\], "event": "demo_request"}/"when": {"stage": "mql", "event": "demo_request"}/' "$SLA" >"$T/mql-only.json"
grep -q '"stage": "mql", "event": "demo_request"' "$T/mql-only.json" && ok || fail "sed did not change the SLA"
run sla simulate "$T/mql-only.json" --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "candidate without the new-stage demo clause"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["replay"]["candidate"]
# Jo is routed at the MQL moment now, not at the demo request.
jo = [a for a in c["assignments"] if a["lead"] == 7]
assert jo == [{"lead": 7, "owner": "jon", "rule": "enterprise", "at": "2026-10-08T12:00:00Z"}], jo
# Jo's demo deadline is 5 minutes from 12:00: touched at 12:05, in time.
assert not [b for b in c["first_touch_breaches"] if b["lead"] == 7], c["first_touch_breaches"]
assert d["summary"]["candidate"]["mqls"] == 6
PY
finish
