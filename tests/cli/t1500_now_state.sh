#!/bin/sh
# "Now" means now in the SLA's state (issue 11): with LEADCTL_NOW before a
# touch, a stage entry or a creation that is already recorded, `next`,
# `sla check` and `show` see the leads as they stood then: the later touch
# does not meet the first-touch obligation, the later stage entry does not
# close it, the later touch does not end a quiet spell.
# Hand-worked (UTC, rule r4h: first touch within 4h calendar of the mql
# entry; sql stale after 2d calendar):
#   lead 1: created Mon 2026-03-02 08:00, mql 09:00 (due 13:00), touched
#           (connected) 15:00.
#   lead 2: created Mon 08:00, mql 08:30, touched 08:45 (met), sql 09:00,
#           touched Thu 03-05 10:00, won Fri 03-06 09:00.
#   lead 3: created Mon 08:00, mql 09:00 (due 13:00), sql Tue 03-03 09:00.
#   lead 4: created Thu 03-05 08:00 (after every instant asked below but the last).
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "now", "timezone": "UTC",
 "business_hours": {"mon": {"open": "08:00", "close": "18:00"}},
 "qualification": {"behavior": [{"name": "never", "event": "never_seen", "points": 10}], "mql_threshold": 10},
 "response": [{"name": "r4h", "when": {"stage": "mql"}, "first_touch": {"within": "4h", "business": false}}],
 "stale": {"sql": "2d"},
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-03-01T00:00:00Z
run init --sla "$T/sla.json"
export LEADCTL_NOW=2026-03-06T12:00:00Z
run add --email ana@one.example --first-name Ana --owner rep --at 2026-03-02T08:00:00Z
run stage 1 mql --at 2026-03-02T09:00:00Z
run touch 1 --channel call --outcome connected --at 2026-03-02T15:00:00Z
run add --email bea@two.example --first-name Bea --owner rep --at 2026-03-02T08:00:00Z
run stage 2 mql --at 2026-03-02T08:30:00Z
run touch 2 --channel call --outcome connected --at 2026-03-02T08:45:00Z
run stage 2 sql --at 2026-03-02T09:00:00Z
run touch 2 --channel email --outcome replied --at 2026-03-05T10:00:00Z
run stage 2 won --amount 100 --currency EUR --at 2026-03-06T09:00:00Z
run add --email cai@three.example --first-name Cai --owner rep --at 2026-03-02T08:00:00Z
run stage 3 mql --at 2026-03-02T09:00:00Z
run stage 3 sql --at 2026-03-03T09:00:00Z
run add --email dan@four.example --first-name Dan --owner rep --at 2026-03-05T08:00:00Z
run stage 4 mql --at 2026-03-05T08:00:00Z
run touch 4 --channel call --outcome connected --at 2026-03-05T08:10:00Z
expect_rc 0

# next as of Mon 14:00: leads 1 and 3 owe their first touch, overdue 1h;
# lead 2 is in sql since 09:00 and not stalled; lead 4 does not exist yet.
export LEADCTL_NOW=2026-03-02T14:00:00Z
run next --all --format tsv
expect_rc 0
expect_out "$(printf 'id\tname\tcompany\towner\tstage\tscore\towed\tdue\trule
1\tAna\t\trep\tmql\t0.0\tfirst touch\toverdue 1h\tr4h
3\tCai\t\trep\tmql\t0.0\tfirst touch\toverdue 1h\tr4h')"
# show as of then: lead 3 is in mql, its last activity the mql entry, the
# first touch overdue; lead 1's obligation is still open
run show 3 --format json
expect_rc 0
got=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(d['stage'], d['activity_at'], d['sla']['state'], d['sla']['overdue_seconds'])" "$T/out")
[ "$got" = "mql 2026-03-02T09:00:00Z open 3600" ] && ok || fail "show 3 as of Monday: $got"
run show 1 --format json
got=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(d['stage'], d['activity_at'], d['sla']['state'], d['sla']['first_touch_at'], d['sla']['summary'])" "$T/out")
[ "$got" = "mql 2026-03-02T09:00:00Z open None rule r4h: first touch overdue by 1h" ] && ok ||
	fail "show 1 as of Monday: $got"

# the reports of week 10 as of Mon 14:00: the MQL cohort is leads 1, 2, 3;
# 1 and 3 are open and overdue (leaked: no sql by then), 2 is in sql, quiet
# since 09:00 (stale from Wed): on track; the SQL cohort is lead 2, open
figs() {
	rep=$1
	shift
	run report "$rep" --week 2026-W10 --format json
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(' '.join(str(d['total'][k]) for k in sys.argv[2:]))" "$T/out" "$@"
}
got=$(figs leak cohort open_overdue open_stalled open_on_track leaked never_touched)
[ "$got" = "3 2 0 1 2 2" ] && ok || fail "leak as of Monday: $got"
got=$(figs funnel mql sql sql_won sql_open)
[ "$got" = "3 1 0 1" ] && ok || fail "funnel as of Monday: $got"
# as of Wed 12:00 lead 2 is stalled and lead 3 (sql Tue 09:00) on track
got=$(LEADCTL_NOW=2026-03-04T12:00:00Z figs leak cohort open_overdue open_stalled open_on_track leaked)
[ "$got" = "3 0 1 2 0" ] && ok || fail "leak as of Wednesday: $got"

# next as of Wed 03-04 12:00: lead 2 is stalled (quiet since Mon 09:00,
# stale from Wed 09:00); lead 3 entered sql Tue 09:00, stalled from Thu.
export LEADCTL_NOW=2026-03-04T12:00:00Z
run next --all --format tsv
expect_rc 0
expect_out "$(printf 'id\tname\tcompany\towner\tstage\tscore\towed\tdue\trule
2\tBea\t\trep\tsql\t0.0\tstalled 2d\toverdue 3h\tstale:sql')"

# sla check as of Mon 14:00: the two missed first touches, recorded as of
# then; the later touch of lead 1 resolves its breach at 15:00
export LEADCTL_NOW=2026-03-02T14:00:00Z
run sla check --format tsv
expect_rc 1
expect_sql "SELECT group_concat(lead_id || ' ' || kind || ' ' || datetime(due_at, 'unixepoch') || ' ' || coalesce(datetime(resolved_at, 'unixepoch'), '-') || ' ' || lead_stage, ', ') FROM (SELECT * FROM breaches ORDER BY lead_id)" \
	"1 first_touch 2026-03-02 13:00:00 2026-03-02 15:00:00 mql, 3 first_touch 2026-03-02 13:00:00 2026-03-03 09:00:00 mql"
# ... and as of Wed 12:00 lead 2's quiet spell (due Wed 09:00)
export LEADCTL_NOW=2026-03-04T12:00:00Z
run sla check --format tsv
expect_rc 1
expect_sql "SELECT lead_id || ' ' || datetime(due_at, 'unixepoch') || ' ' || datetime(lead_activity_at, 'unixepoch') || ' ' || coalesce(action, '-') FROM breaches WHERE kind = 'stalled'" \
	"2 2026-03-04 09:00:00 2026-03-02 09:00:00 -"
# the history is untouched: no stage row was written by either check
expect_sql "SELECT count(*) FROM stage_history" "11"

# at the real now the stored state holds again: lead 2 won; nothing is
# owed but lead 3's quiet spell (sql since Tue 09:00, stalled from Thu 09:00: overdue 1d 3h)
export LEADCTL_NOW=2026-03-06T12:00:00Z
run next --all --format tsv
expect_out "$(printf 'id\tname\tcompany\towner\tstage\tscore\towed\tdue\trule
3\tCai\t\trep\tsql\t0.0\tstalled 3d\toverdue 1d 3h\tstale:sql')"
got=$(figs leak cohort won open_stalled open_on_track leaked)
[ "$got" = "4 1 1 2 0" ] && ok || fail "leak now: $got"
got=$(figs funnel sql sql_won sql_open)
[ "$got" = "2 1 1" ] && ok || fail "funnel now: $got"
finish
