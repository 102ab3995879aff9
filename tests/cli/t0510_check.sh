#!/bin/sh
# `leadctl sla check`: breaches under sla.example.json with the clock stepped
# forward: each breach reported once across repeated runs and two runs at
# once, exhausted leads recycled with history rows, breaches resolved by a
# touch or a move, exit statuses (0 nothing new, 1 new breaches), JSON lines,
# --exec hooks.  Deadlines worked out by hand:
#   - Europe/Madrid: CEST (UTC+2) until Sun 2026-10-25 03:00, then CET (UTC+1);
#     hours Mon-Thu 09:00-18:00, Fri 09:00-15:00; holiday Tue 2026-12-08;
#   - rule mql: first touch within 24 business hours, 6 attempts within 10
#     business days (same offset into the day, 10 open days later), recycle;
#   - rule demo_request (new/mql with a demo_request event): first touch in
#     5m calendar, 6 attempts within 10 business days, recycle;
#   - stale: sql after 30d calendar;
#   - routing: an unassigned lead is routed when it becomes MQL or as soon
#     as it owes a response (a demo request while still new): rules in
#     order, pool inbound [marta, jon, luis], the cursor moving to the member
#     after the one chosen.
# A deadline is missed when now is after it: exactly at it is still in time.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-10-23T12:00:00Z
run init
run sla check
expect_rc 78
expect_err "leadctl: sla check: no SLA is installed, so nothing can be breached: install one with 'leadctl sla use FILE'"
run sla use "$SLA"
expect_rc 0

# Lead 1 (luis): mql Fri 2026-10-23 12:00Z = 14:00 CEST, across the DST
# change: Fri 14-15 = 1h, Mon 26 (CET) 9h (10h), Tue 9h (19h), Wed 28
# 09:00 + 5h = 14:00 CET = 13:00Z (in CEST it would wrongly be 12:00Z).
run add --email olga@orbital.io --first-name Olga --last-name Ortiz --company Orbital --owner luis
run stage 1 mql
expect_sql "SELECT datetime(first_touch_due, 'unixepoch') FROM obligations WHERE lead_id = 1" "2026-10-28 13:00:00"

# Lead 2 (jon): sql since Mon 2026-10-26 10:00Z: stalled after Wed
# 2026-11-25 10:00Z (30 x 24h).
export LEADCTL_NOW=2026-10-26T10:00:00Z
run add --email sara@sierra.io --first-name Sara --last-name Soto --company Sierra --owner jon
run stage 2 mql
run stage 2 sql
expect_rc 0

# Exactly at lead 1's deadline: nothing new, nothing printed, exit 0.
export LEADCTL_NOW=2026-10-28T13:00:00Z
run sla check
expect_rc 0
expect_out_empty
expect_err_empty
# One second later: lead 1's first touch is missed (due shown in CET).
export LEADCTL_NOW=2026-10-28T13:00:01Z
run sla check
expect_rc 1
expect_err_empty
expect_out "breach	lead	name	company	owner	kind	rule	due	overdue	action
1	1	Olga Ortiz	Orbital	luis	first_touch	mql	2026-10-28 14:00	1s	"
# Reached at 13:10Z: the obligation is met and the breach resolved then.
export LEADCTL_NOW=2026-10-28T13:10:00Z
run touch 1 --channel call --outcome connected
expect_sql "SELECT datetime(resolved_at, 'unixepoch') FROM breaches WHERE id = 1" "2026-10-28 13:10:00"

# Leads 3 (ana), 4 (jon), 5 (ana): mql Mon 2026-11-23 08:00Z = 09:00 CET.
# First touch: Mon 9h, Tue 9h (18h), Wed 09:00 + 6h = 15:00 = Wed 25 14:00Z.
# Attempts: 10 open days after Mon 23 09:00: Tue 24 (1) ... Fri 27 (4), Mon 30
# (5), Tue 1 (6) ... Fri 4 (9), Mon 7 (10) -> Mon Dec 7 09:00 = 08:00Z.
export LEADCTL_NOW=2026-11-23T08:00:00Z
run add --email carmen@canal.io --first-name Carmen --last-name Cano --company Canal --owner ana
run stage 3 mql
run add --email diego@delta.io --first-name Diego --last-name Diaz --company Delta --owner jon
run stage 4 mql
run add --email elena@eco.io --first-name Elena --last-name Egea --company Eco --owner ana
run stage 5 mql
# Lead 5 is reached at once: met, never breached.
run touch 5 --channel call --outcome connected
expect_sql "SELECT lead_id, datetime(first_touch_due, 'unixepoch'), datetime(attempts_due, 'unixepoch') FROM obligations WHERE lead_id IN (3, 4, 5) ORDER BY lead_id" \
	"3|2026-11-25 14:00:00|2026-12-07 08:00:00
4|2026-11-25 14:00:00|2026-12-07 08:00:00
5|2026-11-25 14:00:00|2026-12-07 08:00:00"

# Lead 6 (marta): new Wed 25 10:00Z without an owner, demo request 10:01Z
# (= 11:01 CET, 2h 01m into the day).  First touch by 10:06Z.  Attempts: 10
# open days later, skipping the holiday: Thu 26 (1), Fri 27 (2), Mon 30 (3),
# Tue 1 (4), Wed 2 (5), Thu 3 (6), Fri 4 (7), Mon 7 (8), Wed 9 (9), Thu 10
# (10) -> Thu Dec 10 11:01 CET = 10:01Z.
# Owing a response, it is routed at 10:01Z though still new: partners (no
# source), hot_demo_requests (score 50 < 150), enterprise and mid_market (no
# employees), iberia_small (no country), spring_campaign_small (no campaign)
# do not match; unknown_size (employees missing) does: pool inbound.  Leads
# 1-5 were given owners, so no lead was routed before: cursor 0 -> marta,
# cursor now 1 (jon).
export LEADCTL_NOW=2026-11-25T10:01:00Z
run add --email bruno@bravo.io --first-name Bruno --last-name Blanco --company Bravo --at 2026-11-25T10:00:00Z
run event 6 demo_request
expect_sql "SELECT rule, datetime(first_touch_due, 'unixepoch'), datetime(attempts_due, 'unixepoch') FROM obligations WHERE lead_id = 6" \
	"demo_request|2026-11-25 10:06:00|2026-12-10 10:01:00"
expect_sql "SELECT lead_id, owner, datetime(at, 'unixepoch'), actor, origin, rule FROM assignments WHERE origin = 'sla'" \
	"6|marta|2026-11-25 10:01:00|sla|sla|unknown_size"
expect_sql "SELECT pool, position FROM route_cursors" "inbound|1"
# Lead 4 is called three times without an answer (in time: the first
# touch is before Wed 25 14:00Z).
for d in 23 24 25; do
	run touch 4 --channel call --outcome no_answer --at 2026-11-$d'T10:00:00Z'
done
expect_sql "SELECT attempts_made, state FROM obligations WHERE lead_id = 4" "3|open"

# Wed 25 10:05Z: lead 2 stalled since 10:00Z; JSON lines.
export LEADCTL_NOW=2026-11-25T10:05:00Z
run sla check --json
expect_rc 1
expect_err_empty
python3 - "$T/out" <<'PY' && ok || fail "sla check --json: the stalled breach"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
d = json.loads(lines[0])
keys = ["breach_id", "lead_id", "name", "email", "company", "owner", "stage", "kind", "rule", "due_at",
        "detected_at", "overdue_seconds", "attempts_made", "attempts_owed", "activity_at", "action",
        "stage_after", "sla_version", "summary"]
assert list(d.keys()) == keys, list(d.keys())
want = {"breach_id": 2, "lead_id": 2, "name": "Sara Soto", "email": "sara@sierra.io", "company": "Sierra",
        "owner": "jon", "stage": "sql", "kind": "stalled", "rule": "stale:sql",
        "due_at": "2026-11-25T10:00:00Z", "detected_at": "2026-11-25T10:05:00Z", "overdue_seconds": 300,
        "attempts_made": None, "attempts_owed": None, "activity_at": "2026-10-26T10:00:00Z",
        "action": None, "stage_after": "sql", "sla_version": 1,
        "summary": "lead 2 (Sara Soto): stalled in sql, no activity for 30d (stale:sql)"}
assert d == want, d
PY
# Again at the same time: already recorded, so nothing and exit 0.
run sla check --json
expect_rc 0
expect_out_empty
expect_err_empty

# Wed 25 10:07Z: lead 6's demo request went unanswered (due 10:06Z); its
# owner is marta (routed above).  The hook runs once per new breach, after
# the commit, with its JSON on stdin.
export LEADCTL_NOW=2026-11-25T10:07:00Z
run sla check --exec "cat >>'$T/hook.jsonl'; echo \"\$LEADCTL_BREACH_ID \$LEADCTL_BREACH_KIND \$LEADCTL_LEAD_ID\" >>'$T/hook.env'; echo hook-says-hi"
expect_rc 1
expect_out "breach	lead	name	company	owner	kind	rule	due	overdue	action
3	6	Bruno Blanco	Bravo	marta	first_touch	demo_request	2026-11-25 11:06	1m	"
# The hook's own output goes to stderr, never into the listing.
expect_err "hook-says-hi"
[ "$(cat "$T/hook.env")" = "3 first_touch 6" ] && ok || fail "hook environment: $(cat "$T/hook.env")"
python3 -c 'import json,sys; l=open(sys.argv[1]).read().splitlines(); assert len(l)==1; d=json.loads(l[0]); assert (d["breach_id"], d["lead_id"], d["kind"], d["rule"], d["due_at"], d["overdue_seconds"], d["owner"]) == (3, 6, "first_touch", "demo_request", "2026-11-25T10:06:00Z", 60, "marta"), d' "$T/hook.jsonl" &&
	ok || fail "hook stdin"

# Exactly at leads 3 and 4's deadline: nothing.  A second later: lead 3
# (lead 4 was touched in time).  A failing hook is a warning, not a lost
# breach.
export LEADCTL_NOW=2026-11-25T14:00:00Z
run sla check
expect_rc 0
expect_out_empty
export LEADCTL_NOW=2026-11-25T14:00:01Z
run sla check --exec 'exit 3'
expect_rc 1
expect_out_has "4	3	Carmen Cano	Canal	ana	first_touch	mql	2026-11-25 15:00	1s	"
expect_err "leadctl: warning: sla check: --exec: the hook for breach 4 (lead 3) exited with status 3; the breach is recorded"
expect_sql "SELECT lead_id, kind, datetime(due_at, 'unixepoch'), resolved_at IS NULL FROM breaches WHERE id = 4" \
	"3|first_touch|2026-11-25 14:00:00|1"
# A touch resolves it.
export LEADCTL_NOW=2026-11-25T14:30:00Z
run touch 3 --channel call --outcome no_answer
expect_sql "SELECT datetime(resolved_at, 'unixepoch') FROM breaches WHERE id = 4" "2026-11-25 14:30:00"

# Lead 4's 4th, 5th and 6th calls, still no answer: its 6 attempts are
# used up (exhausted) a week before the window ends.  (5 touches in the
# last 7 days at the 6th: at the contact limit, not over it: no warning.)
export LEADCTL_NOW=2026-11-30T10:00:00Z
run touch 4 --channel call --outcome no_answer --at 2026-11-26T10:00:00Z
run touch 4 --channel call --outcome no_answer --at 2026-11-27T10:00:00Z
run touch 4 --channel call --outcome voicemail
expect_err_empty
expect_sql "SELECT attempts_made, state FROM obligations WHERE lead_id = 4" "6|exhausted"
# 10:01Z: attempts_exhausted, due at the window's end (Mon Dec 7 08:00Z =
# 09:00 CET), found 6d 21h 59m before it; recycled to nurture.
export LEADCTL_NOW=2026-11-30T10:01:00Z
run sla check
expect_rc 1
expect_out "breach	lead	name	company	owner	kind	rule	due	overdue	action
5	4	Diego Diaz	Delta	jon	attempts_exhausted	mql	2026-12-07 09:00	-6d 21h	recycle"
expect_sql "SELECT from_stage, to_stage, datetime(at, 'unixepoch'), actor, reason, origin, sla_version FROM stage_history WHERE lead_id = 4 ORDER BY id DESC LIMIT 1" \
	"mql|nurture|2026-11-30 10:01:00|sla|no_response|sla|1"
expect_sql "SELECT stage FROM leads WHERE id = 4" "nurture"
run sla check
expect_rc 0
expect_out_empty

# Thu Dec 10 10:02Z, two runs started together.  New: lead 3's window ended
# Mon Dec 7 08:00Z with 1 attempt of 6; lead 6's ended at 10:01Z with none.
# Both are recycled.  The write lock serialises the runs: one reports both
# (exit 1), the other nothing (exit 0).
export LEADCTL_NOW=2026-12-10T10:02:00Z
"$LEADCTL_BIN" sla check --json >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$LEADCTL_BIN" sla check --json >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
STEP="two sla check at once"
[ "$(printf '%s\n' $ra $rb | sort | tr '\n' ' ')" = "0 1 " ] && ok || fail "exit statuses $ra and $rb, expected 0 and 1"
cat "$T/a.err" "$T/b.err" >"$T/err"
expect_err_empty
cat "$T/a.out" "$T/b.out" >"$T/out"
python3 - "$T/out" <<'PY' && ok || fail "two runs: each breach once"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
got = [(r["breach_id"], r["lead_id"], r["kind"], r["rule"], r["due_at"], r["attempts_made"], r["action"], r["stage"], r["stage_after"]) for r in rows]
assert got == [(6, 3, "attempts_exhausted", "mql", "2026-12-07T08:00:00Z", 1, "recycle", "mql", "nurture"),
               (7, 6, "attempts_exhausted", "demo_request", "2026-12-10T10:01:00Z", 0, "recycle", "new", "nurture")], got
PY
expect_sql "SELECT lead_id, from_stage, to_stage, datetime(at, 'unixepoch'), actor, reason, origin FROM stage_history WHERE to_stage = 'nurture' ORDER BY lead_id" \
	"3|mql|nurture|2026-12-10 10:02:00|sla|no_response|sla
4|mql|nurture|2026-11-30 10:01:00|sla|no_response|sla
6|new|nurture|2026-12-10 10:02:00|sla|no_response|sla"
expect_sql "SELECT count(*), count(DISTINCT lead_id || kind || rule || due_at) FROM breaches" "7|7"

# Re-running finds nothing.  Lead 2 is touched (backfilled to Dec 1 10:00Z):
# its stalled breach is resolved then, and a new quiet spell starts.
export LEADCTL_NOW=2026-12-10T10:03:00Z
run sla check
expect_rc 0
expect_out_empty
run touch 2 --channel email --outcome no_answer --at 2026-12-01T10:00:00Z
expect_sql "SELECT datetime(resolved_at, 'unixepoch') FROM breaches WHERE id = 2" "2026-12-01 10:00:00"

# Stalled again 30 days after that touch: Dec 31 10:00Z; a new breach (new
# due time), not a repeat of the first.
export LEADCTL_NOW=2026-12-31T10:00:00Z
run sla check
expect_rc 0
export LEADCTL_NOW=2026-12-31T10:00:01Z
run sla check --json
expect_rc 1
python3 -c 'import json,sys; l=open(sys.argv[1]).read().splitlines(); assert len(l)==1; d=json.loads(l[0]); assert (d["breach_id"], d["lead_id"], d["kind"], d["due_at"], d["summary"]) == (8, 2, "stalled", "2026-12-31T10:00:00Z", "lead 2 (Sara Soto): stalled in sql, no activity for 30d (stale:sql)"), d' "$T/out" &&
	ok || fail "second stalled spell"

# The whole record: each breach once, with how it was resolved.  Lead 6's
# first-touch breach is resolved by its recycling; recycled breaches at once.
expect_sql "SELECT id, lead_id, kind, rule, datetime(due_at, 'unixepoch'), coalesce(action, '-'), coalesce(datetime(resolved_at, 'unixepoch'), '-') FROM breaches ORDER BY id" \
	"1|1|first_touch|mql|2026-10-28 13:00:00|-|2026-10-28 13:10:00
2|2|stalled|stale:sql|2026-11-25 10:00:00|-|2026-12-01 10:00:00
3|6|first_touch|demo_request|2026-11-25 10:06:00|-|2026-12-10 10:02:00
4|3|first_touch|mql|2026-11-25 14:00:00|-|2026-11-25 14:30:00
5|4|attempts_exhausted|mql|2026-12-07 08:00:00|recycle|2026-11-30 10:01:00
6|3|attempts_exhausted|mql|2026-12-07 08:00:00|recycle|2026-12-10 10:02:00
7|6|attempts_exhausted|demo_request|2026-12-10 10:01:00|recycle|2026-12-10 10:02:00
8|2|stalled|stale:sql|2026-12-31 10:00:00|-|-"

# Usage errors: exit 64.
run sla check --json --format tsv
expect_rc 64
expect_err_has "leadctl: sla check: --json and --format do not go together"
run sla check --exec ''
expect_rc 64
run sla check extra
expect_rc 64
run sla check --help
expect_rc 0
expect_out_has "Prints nothing and exits 0 when there is nothing new"
finish
