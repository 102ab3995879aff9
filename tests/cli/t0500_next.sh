#!/bin/sh
# `leadctl next`: the rep's work list under sla.example.json, with the clock
# stepped forward.  Every deadline below is worked out by hand from the SLA:
#   - time zone Europe/Madrid, CET (UTC+1) all November: business hours
#     Mon-Thu 09:00-18:00 = 08:00-17:00Z, Fri 09:00-15:00 = 08:00-14:00Z;
#   - rule demo_request (stage new or mql with a demo_request event): first
#     touch within 5m calendar; 6 attempts within 10 business days;
#   - rule mql (stage mql): first touch within 24 business hours; 6 attempts
#     within 10 business days ("10d" business = the same offset into the
#     day, 10 open days later);
#   - stale: sql after 30d calendar;  contact limit: 5 touches per 7d;
#   - routing: an unassigned lead is routed when it becomes MQL or as soon
#     as it owes a response (a demo request while still new); rules in
#     order, pool inbound [marta, jon, luis], the cursor moving to the
#     member after the one chosen.  Leads 1-7 are given an owner, so lead 8
#     is the first (and only) one routed: inbound cursor 0 -> marta.
# November 2026: Mon 16, Tue 17, Wed 18, Thu 19, Fri 20, Mon 23, ..., Mon 30.
# Order: overdue (most overdue first), due within 24h (soonest first), then
# the rest by score (highest first).
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-10-20T09:00:00Z
run init
expect_rc 0

# Without an SLA nothing is owed: an empty list, a note, exit 0.
run next
expect_rc 0
expect_out "id	name	company	owner	stage	score	owed	due	rule"
expect_err "leadctl: no SLA is installed, so nothing is owed: install one with 'leadctl sla use FILE'"
run sla use "$SLA"
expect_rc 0

# Lead 1 (jon): sql since Tue 2026-10-20 09:00Z and quiet since: stalled at
# 09:00Z + 30d = Thu 2026-11-19 09:00Z.
run add --email gil@gamma.io --first-name Gil --last-name Gomez --company Gamma --owner jon
expect_out "1"
run stage 1 mql
run stage 1 sql
expect_rc 0

# Lead 2 (ana): mql Mon 16 08:00Z (09:00 Madrid), attempts window ends 10
# open days later at 09:00 Madrid: Tue 17 (1) ... Fri 20 (4), Mon 23 (5) ...
# Fri 27 (9), Mon 30 (10) -> Mon 30 08:00Z.  Touched 5 times below: at the
# contact limit.
export LEADCTL_NOW=2026-11-16T08:00:00Z
run add --email hugo@hotel.io --first-name Hugo --last-name Haro --company Hotel --owner ana
run stage 2 mql
expect_rc 0

# Lead 3 (ana): CTO (+20) in software (+15) = 35; mql Mon 16 09:00Z (10:00
# Madrid), touched once at 11:00Z (no answer): attempt 2 of 6 owed by Mon 30
# 10:00 Madrid = 09:00Z.
export LEADCTL_NOW=2026-11-16T09:00:00Z
run add --email ines@indigo.io --first-name Ines --last-name Iglesias --company Indigo --title CTO \
	--industry software --owner ana
run stage 3 mql
export LEADCTL_NOW=2026-11-16T11:00:00Z
run touch 3 --channel call --outcome no_answer
expect_rc 0

# Lead 4 (ana): mql Tue 17 08:00Z (09:00 Madrid).  24 business hours: Tue
# 9h, Wed 9h (18h), Thu 09:00 + 6h = 15:00 Madrid = Thu 19 14:00Z.
export LEADCTL_NOW=2026-11-17T08:00:00Z
run add --email juan@jade.io --first-name Juan --last-name Jimenez --company Jade --owner ana
run stage 4 mql

# Lead 5 (ana): mql Wed 18 10:00Z (11:00 Madrid).  Wed 11-18 = 7h, Thu 9h
# (16h), Fri 09-15 6h (22h), Mon 09:00 + 2h = 11:00 Madrid = Mon 23 10:00Z.
export LEADCTL_NOW=2026-11-18T10:00:00Z
run add --email karla@kappa.io --first-name Karla --last-name Kim --company Kappa --owner ana
run stage 5 mql

# Lead 6 (ana): mql and reached at once (connected): the obligation is met.
export LEADCTL_NOW=2026-11-18T12:00:00Z
run add --email luca@lima.io --first-name Luca --last-name Lopez --company Lima --owner ana
run stage 6 mql
run touch 6 --channel call --outcome connected
expect_sql "SELECT state FROM obligations WHERE lead_id = 6" "met"

# Lead 7 (jon): mql Fri 20 13:00Z (14:00 Madrid) — across the weekend: Fri
# 14-15 = 1h, Mon 9h (10h), Tue 9h (19h), Wed 09:00 + 5h = 14:00 Madrid =
# Wed 25 13:00Z.
export LEADCTL_NOW=2026-11-20T13:00:00Z
run add --email mia@mango.io --first-name Mia --last-name Moreno --company Mango --owner jon
run stage 7 mql

# Lead 8 (marta): new, a demo request Mon 23 09:00Z (+50 = 50: not an
# MQL).  Rule demo_request applies to new leads: first touch by 09:05Z.
# It now owes a response, so it is routed at 09:00Z although still new:
# partners (no source), hot_demo_requests (score 50 < 150), enterprise and
# mid_market (no employees), iberia_small (no country), spring_campaign_small
# (no campaign) do not match; unknown_size (employees missing) does: pool
# inbound, no lead routed before, cursor 0 -> marta; cursor now 1 (jon).
export LEADCTL_NOW=2026-11-23T08:50:00Z
run add --email nora@nova.io --first-name Nora --last-name Navarro --company Nova
export LEADCTL_NOW=2026-11-23T09:00:00Z
run event 8 demo_request
expect_sql "SELECT leads.stage, coalesce(owner, '-'), rule, datetime(first_touch_due, 'unixepoch') FROM leads JOIN obligations ON lead_id = leads.id WHERE leads.id = 8" \
	"new|marta|demo_request|2026-11-23 09:05:00"
expect_sql "SELECT lead_id, owner, datetime(at, 'unixepoch'), actor, origin, rule FROM assignments WHERE origin = 'sla'" \
	"8|marta|2026-11-23 09:00:00|sla|sla|unknown_size"
expect_sql "SELECT pool, position FROM route_cursors" "inbound|1"
# Lead 2's five touches: Nov 17, 18, 19, 20 at 10:00Z and now.
for d in 17 18 19 20; do
	run touch 2 --channel call --outcome no_answer --at 2026-11-$d'T10:00:00Z'
	expect_rc 0
done
run touch 2 --channel email --outcome no_answer
expect_rc 0
expect_err_empty
# The deadlines as stored, against the hand-worked ones above.
expect_sql "SELECT lead_id, datetime(first_touch_due, 'unixepoch'), datetime(attempts_due, 'unixepoch') FROM obligations WHERE state = 'open' ORDER BY lead_id" \
	"2|2026-11-18 14:00:00|2026-11-30 08:00:00
3|2026-11-18 15:00:00|2026-11-30 09:00:00
4|2026-11-19 14:00:00|2026-12-01 08:00:00
5|2026-11-23 10:00:00|2026-12-02 10:00:00
7|2026-11-25 13:00:00|2026-12-04 13:00:00
8|2026-11-23 09:05:00|2026-12-07 09:00:00"

# Mon 23 09:30Z.
#   overdue, most overdue first:
#     1  stalled since Nov 19 09:00Z: overdue 4d 0h 30m -> "4d"; quiet for
#        34d 30m -> "stalled 34d"
#     4  first touch due Thu 19 14:00Z: overdue 3d 19h 30m -> "3d 19h"
#     8  first touch due 09:05Z: overdue 25m
#   due soon:
#     5  first touch due 10:00Z: in 30m
#   the rest by score:
#     3  35.0, attempt 2 of 6, window ends Mon 30 09:00Z: in 6d 23h 30m
#     7   0.0, first touch due Wed 25 13:00Z: in 2d 3h 30m
#   left out: 2 (5 touches in (Nov 16 09:30, Nov 23 09:30]: at the limit),
#   6 (met).
export LEADCTL_NOW=2026-11-23T09:30:00Z
run next
expect_rc 0
expect_err_empty
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma	jon	sql	0.0	stalled 34d	overdue 4d	stale:sql
4	Juan Jimenez	Jade	ana	mql	0.0	first touch	overdue 3d 19h	mql
8	Nora Navarro	Nova	marta	new	50.0	first touch	overdue 25m	demo_request
5	Karla Kim	Kappa	ana	mql	0.0	first touch	in 30m	mql
3	Ines Iglesias	Indigo	ana	mql	35.0	attempt 2 of 6	in 6d 23h	mql
7	Mia Moreno	Mango	jon	mql	0.0	first touch	in 2d 3h	mql"
run next --all
expect_rc 0
expect_out_has "7	Mia Moreno"

# One owner; the unassigned ones; a limit.
run next --owner ana --format csv
expect_rc 0
# CSV rows end in CR LF (RFC 4180).
grep -c "$(printf '\r')\$" "$T/out" | grep -qx 4 && ok || fail "CSV lines end in CR LF"
tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"
expect_out "id,name,company,owner,stage,score,owed,due,rule
4,Juan Jimenez,Jade,ana,mql,0.0,first touch,overdue 3d 19h,mql
5,Karla Kim,Kappa,ana,mql,0.0,first touch,in 30m,mql
3,Ines Iglesias,Indigo,ana,mql,35.0,attempt 2 of 6,in 6d 23h,mql"
run next --owner jon
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma	jon	sql	0.0	stalled 34d	overdue 4d	stale:sql
7	Mia Moreno	Mango	jon	mql	0.0	first touch	in 2d 3h	mql"
run next --owner marta
expect_out "id	name	company	owner	stage	score	owed	due	rule
8	Nora Navarro	Nova	marta	new	50.0	first touch	overdue 25m	demo_request"
# Nothing owed is unassigned now (lead 8 was routed when it owed a
# response): the unassigned list is empty.
run next --owner -
expect_rc 0
expect_out "id	name	company	owner	stage	score	owed	due	rule"
# An unassigned lead is listed there: lead 1 (sql, no response rule, so
# not routed again) taken from jon for a moment; the assignment is not
# activity, so it is still stalled since Nov 19 09:00Z.  In JSON its owner
# is null.
run assign 1 --none
expect_rc 0
run next --owner -
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma		sql	0.0	stalled 34d	overdue 4d	stale:sql"
run next --owner - --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert [(x["id"], x["owner"]) for x in r] == [(1, None)], r' "$T/out" &&
	ok || fail "next --owner - --format json"
run assign 1 jon
expect_rc 0
expect_sql "SELECT owner FROM leads WHERE id = 1" "jon"
run next --owner nobody
expect_rc 0
expect_out "id	name	company	owner	stage	score	owed	due	rule"
run next --limit 2
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma	jon	sql	0.0	stalled 34d	overdue 4d	stale:sql
4	Juan Jimenez	Jade	ana	mql	0.0	first touch	overdue 3d 19h	mql"
expect_err_empty
# On a terminal (a table), a cut list says so on stderr.
run next --limit 2 --format table
expect_rc 0
expect_err "leadctl: more leads are waiting: use --limit N or --all to see them"
run next --limit 6 --format table
expect_err_empty

# JSON: the documented fields.  Lead 1: overdue_seconds = 4d 30m = 347400,
# no attempts; lead 3: -(6d 23h 30m) = -603000.
run next --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "next --format json"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["id"] for r in rows] == [1, 4, 8, 5, 3, 7], rows
keys = ["id", "name", "company", "owner", "stage", "score", "score_at", "group", "kind", "owed", "due", "due_at",
        "overdue_seconds", "attempts_made", "attempts_owed", "rule", "channels", "do_not_email",
        "do_not_call"]
assert all(list(r.keys()) == keys for r in rows), rows[0].keys()
r = rows[0]
assert (r["group"], r["kind"], r["due_at"], r["overdue_seconds"]) == ("overdue", "stalled", "2026-11-19T09:00:00Z", 347400), r
assert r["attempts_made"] is None and r["attempts_owed"] is None and r["rule"] == "stale:sql"
r = rows[4]
assert (r["group"], r["kind"], r["attempts_made"], r["attempts_owed"], r["overdue_seconds"]) == ("later", "attempt", 1, 6, -603000), r
assert r["score"] == 35.0 and r["due_at"] == "2026-11-30T09:00:00Z"
assert rows[2]["owner"] == "marta" and rows[2]["group"] == "overdue" and rows[3]["group"] == "soon"
PY

# Exactly at a deadline is not overdue yet: "due now", in the due-soon group.
# Lead 4 is overdue by Thu 19 14:00Z -> Mon 23 10:00Z = 3d 20h.
export LEADCTL_NOW=2026-11-23T10:00:00Z
run next --owner ana
expect_out "id	name	company	owner	stage	score	owed	due	rule
4	Juan Jimenez	Jade	ana	mql	0.0	first touch	overdue 3d 20h	mql
5	Karla Kim	Kappa	ana	mql	0.0	first touch	due now	mql
3	Ines Iglesias	Indigo	ana	mql	35.0	attempt 2 of 6	in 6d 23h	mql"

# Lead 8 is called at 09:40Z (no answer): now attempt 2 of 6, by Mon Dec 7
# 09:00Z (10 open days after Mon 23 10:00 Madrid: Tue 24 ... Mon Dec 7).
export LEADCTL_NOW=2026-11-23T09:40:00Z
run touch 8 --channel call --outcome no_answer
expect_rc 0

# Tue 24 10:00Z.  Lead 2's touch of Nov 17 10:00Z left the window (Nov 17
# 10:00, Nov 24 10:00]: 4 touches, so it is back.
#   overdue: 1 (Nov 19 09:00Z -> 5d 1h; quiet 35d), 4 (Thu 19 14:00Z -> 4d
#   20h), 5 (Mon 23 10:00Z -> 1d).
#   due soon: none (lead 7's Wed 25 13:00Z is 27h away).
#   the rest by score: 8 (marta; 50.0 after 40 minutes of decay, in 12d 23h),
#   3 (35.0, in 5d 23h), then the two at 0.0 by deadline: 7 (in 1d 3h),
#   2 (attempt 6 of 6 by Mon 30 08:00Z: in 5d 22h).
export LEADCTL_NOW=2026-11-24T10:00:00Z
run next
expect_rc 0
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma	jon	sql	0.0	stalled 35d	overdue 5d 1h	stale:sql
4	Juan Jimenez	Jade	ana	mql	0.0	first touch	overdue 4d 20h	mql
5	Karla Kim	Kappa	ana	mql	0.0	first touch	overdue 1d	mql
8	Nora Navarro	Nova	marta	new	50.0	attempt 2 of 6	in 12d 23h	demo_request
3	Ines Iglesias	Indigo	ana	mql	35.0	attempt 2 of 6	in 5d 23h	mql
7	Mia Moreno	Mango	jon	mql	0.0	first touch	in 1d 3h	mql
2	Hugo Haro	Hotel	ana	mql	0.0	attempt 6 of 6	in 5d 22h	mql"
# With a limit, the rows kept are the first ones of the same order.
run next --limit 4
expect_out "id	name	company	owner	stage	score	owed	due	rule
1	Gil Gomez	Gamma	jon	sql	0.0	stalled 35d	overdue 5d 1h	stale:sql
4	Juan Jimenez	Jade	ana	mql	0.0	first touch	overdue 4d 20h	mql
5	Karla Kim	Kappa	ana	mql	0.0	first touch	overdue 1d	mql
8	Nora Navarro	Nova	marta	new	50.0	attempt 2 of 6	in 12d 23h	demo_request"

# A touch or a stage change ends "stalled"; moving on closes obligations.
run touch 1 --channel email --outcome replied
run stage 4 nurture --reason not_ready
run next --owner jon
expect_out "id	name	company	owner	stage	score	owed	due	rule
7	Mia Moreno	Mango	jon	mql	0.0	first touch	in 1d 3h	mql"
run next --owner ana --limit 1
expect_out "id	name	company	owner	stage	score	owed	due	rule
5	Karla Kim	Kappa	ana	mql	0.0	first touch	overdue 1d	mql"

# Bad options: one error line, then the usage (exit 64).
run next --limit 0
expect_rc 64
expect_err_has "leadctl: next: --limit '0': expected a whole number from 1 to 1000000"
run next --all --limit 5
expect_rc 64
expect_err_has "leadctl: next: --all and --limit do not go together"
run next --format xml
expect_rc 64
run next extra
expect_rc 64

# The help explains the order.
run next --help
expect_rc 0
expect_out_has "1. overdue (the deadline has passed): the most overdue first;"
expect_out_has "3. the rest: the highest score first."
finish
