#!/bin/sh
# Reports against a hand-made fixture (tests/fixtures/reports/fixture.sql):
# every report and every --by, each expected number derived below by hand
# from the fixture's comments -- never copied from leadctl's output.
#
# Ground rules of the derivations (docs/reports.md):
#   zone Europe/Madrid (UTC+1 in November): W46 = [N8 23:00Z, N15 23:00Z)
#   now = 2026-11-21T09:30:00Z
#   "entered S in P" = first entry per lead and stage with at in P
#   MQL cohort of W46 = L1..L20 and L32 (21 leads): L13's mql N8 23:30Z is
#     9 Nov local (in), L17's N15 22:59:59Z is the last second (in), L24's
#     N15 23:30Z is 16 Nov local (out), L25's N8 22:30Z is 8 Nov local (out)
#   percentiles: nearest rank ceil(p*n/100)
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-21T09:30:00Z
run init
expect_rc 0
sqlite3 "$LEADCTL_DB" <"$LEADCTL_SRC/tests/fixtures/reports/fixture.sql" && ok || fail "loading the fixture"

# --- funnel, W46 (the default period: the last complete ISO week before
# Saturday 21 Nov is Mon 9 .. Sun 15 Nov).
# new (created in W46): L5 L6 L7 L8 L10 L11 L12 L15 L16 L17 L18 L19 L20 L26
#   L27 L28 L29 L30 L36 L37 = 20 (L13 N8 22:00Z and L25 are 8 Nov local,
#   L24 N15 23:10Z is 16 Nov local)
# mql: the cohort, 21 (L18 entered twice, counts once)
# sql: L1 L2 L3 L9 L11 L15 L19 L21 L32 = 9 (L32 twice, once)
# won: L1, L22 = 2 (L15 won N16 10:00Z: week 47); lost: L2 L19 L23 = 3
# nurture: L18 (N12), L32 (N10) = 2; disqualified: L8 L10 L28 = 3
# mql_to_sql: cohort members with an sql entry after their cohort entry:
#   L1 L2 L3 L9 L11 L15 L19 L32 = 8; rate 8/21 = 0.38095 -> 0.3810
# SQL cohort (the 9): now won L1 L15 = 2, lost L2 L19 = 2, in sql L3 L11 L21
#   L32 = 4 (L9 is in nurture): 2/9 = 0.2222, 0.2222, 4/9 = 0.4444
# win rate: won 2 / (won 2 + lost 3) = 0.4000
# commitment: the version in force at the end of each local day: 9, 10, 11
#   Nov under v1 (60/30 = 2 a day), 12..15 Nov under v2 (installed 12 Nov
#   09:00 local; 90/30 = 3 a day): 3x2 + 4x3 = 18.00; attainment 21/18 = 1.1667
FUNNEL_HEAD='group	new	mql	sql	won	lost	nurture	disqualified	mql_to_sql	mql_to_sql_rate	sql_won	sql_lost	sql_open	sql_won_rate	sql_lost_rate	sql_open_rate	win_rate	mql_commitment	mql_attainment'
W46_FUNNEL='20	21	9	2	3	2	3	8	0.3810	2	2	4	0.2222	0.2222	0.4444	0.4000	18.00	1.1667'
run report funnel
expect_rc 0
expect_err_empty
expect_out "$FUNNEL_HEAD
(all)	$W46_FUNNEL"
run report funnel --week 2026-W46 --format tsv
expect_out "$FUNNEL_HEAD
(all)	$W46_FUNNEL"

# --- funnel --by source (W46).  Sorted by key, no value last.
# linkedin: new L10 L11 L16 L26 L36 = 5; mql L9 L10 L11 L16 = 4; sql L9 L11 = 2;
#   won 0; lost L23 = 1; nurture 0; disq L10 = 1; mql_to_sql L9 L11 = 2 (0.5000);
#   SQL cohort L9 (nurture), L11 (sql): 0 won, 0 lost, 1 open: 0.0000 0.0000 0.5000;
#   win rate 0/(0+1) = 0.0000
# paid_search: new L5 L6 L7 L8 L15 L17 L19 L29 = 8; mql L5 L6 L7 L8 L15 L17 L19 L32 = 8;
#   sql L15 L19 L32 = 3; won L22 = 1; lost L19 = 1; nurture L32 = 1; disq L8 = 1;
#   mql_to_sql L15 L19 L32 = 3 (0.3750); SQL cohort: L15 won, L19 lost, L32 open:
#   0.3333 each; win rate 1/2 = 0.5000
# webinar: new L18 L20 L27 L28 L37 = 5; mql L1 L2 L3 L4 L13 L14 L18 L20 = 8;
#   sql L1 L2 L3 L21 = 4; won L1; lost L2; nurture L18; disq L28; mql_to_sql
#   L1 L2 L3 = 3 (0.3750); SQL cohort: L1 won, L2 lost, L3 L21 open: 0.2500
#   0.2500 0.5000; win rate 1/2 = 0.5000
# (none): new L12 L30 = 2; mql L12 = 1; no sql (rates empty), no close (empty)
# The commitment is not split by source: empty in the groups.
run report funnel --by source
expect_rc 0
expect_out "$(printf '%s\n' "$FUNNEL_HEAD" | sed 's/^group/source/')
linkedin	5	4	2	0	1	0	1	2	0.5000	0	0	1	0.0000	0.0000	0.5000	0.0000		
paid_search	8	8	3	1	1	1	1	3	0.3750	1	1	1	0.3333	0.3333	0.3333	0.5000		
webinar	5	8	4	1	1	1	1	3	0.3750	1	1	2	0.2500	0.2500	0.5000	0.5000		
(none)	2	1	0	0	0	0	0	0	0.0000	0	0	0						
(all)	$W46_FUNNEL"

# --- funnel --by week over W46 and W47 (--until is exclusive).
# W47 = [N15 23:00Z, N22 23:00Z): new L24 L33 L34 = 3; mql L24 L33 = 2;
#   sql L33 = 1; won L15 (N16) L33 (N18) = 2; lost 0; nurture L7 (N17) L9 (N18)
#   = 2; disq 0; mql_to_sql L33 = 1 (0.5000); SQL cohort L33 won: 1.0000 0 0;
#   win rate 2/2 = 1.0000; commitment 16..22 Nov under v2: 7x3 = 21.00,
#   attainment 2/21 = 0.0952
# (all): no lead has entries into one stage in both weeks, so the weeks add:
#   23 23 10 4 3 4 3; mql_to_sql 9 (9/23 = 0.3913); SQL cohort 10: won L1
#   L15 L33 = 3 (0.3000), lost 2 (0.2000), open 4 (0.4000); win rate 4/7 =
#   0.5714; commitment 18 + 21 = 39.00, attainment 23/39 = 0.5897
run report funnel --since 2026-11-09 --until 2026-11-23 --by week
expect_rc 0
expect_out "$(printf '%s\n' "$FUNNEL_HEAD" | sed 's/^group/week/')
2026-W46	$W46_FUNNEL
2026-W47	3	2	1	2	0	2	0	1	0.5000	1	0	0	1.0000	0.0000	0.0000	1.0000	21.00	0.0952
(all)	23	23	10	4	3	4	3	9	0.3913	3	2	4	0.3000	0.2000	0.4000	0.5714	39.00	0.5897"

# --- funnel --by month over October and November: columns group, mql,
# commitment, attainment.
# October MQL entries: L14 O5, L31 O5, L35 O10, L23 O15, L22 O20, L21 O28,
#   L32 O30 = 7; commitment: v1 all month (installed 1 Oct 02:00 local, in
#   force at the end of 1 Oct) = 60/31 x 31 = 60.00; 7/60 = 0.1167
# November: the 21 of W46, L24, L25 (8 Nov local), L33 = 24 entries, but L14
#   and L32 already count in October (first entry in P), so 22; commitment
#   1..11 Nov v1 (11 x 2) + 12..30 Nov v2 (19 x 3) = 79.00; 22/79 = 0.2785
# (all): 29; 139.00; 29/139 = 0.2086
run report funnel --since 2026-10-01 --until 2026-12-01 --by month
expect_rc 0
cut -f1,3,18,19 "$T/out" >"$T/cut"
printf 'month\tmql\tmql_commitment\tmql_attainment\n2026-10\t7\t60.00\t0.1167\n2026-11\t22\t79.00\t0.2785\n(all)\t29\t139.00\t0.2086\n' >"$T/expected"
cmp -s "$T/cut" "$T/expected" && ok || { fail "funnel by month"; diff "$T/expected" "$T/cut" >&2; }

# --- funnel --month 2026-11 alone: the 24 November entries are all first
# entries now; commitment 79.00, attainment 24/79 = 0.3038.
run report funnel --month 2026-11 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "funnel --month json"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["total"]
assert d["period"] == {"since": "2026-11-01", "until": "2026-12-01", "from": "2026-10-31T23:00:00Z",
                       "to": "2026-11-30T23:00:00Z", "time_zone": "Europe/Madrid", "label": "2026-11"}, d["period"]
assert t["mql"] == 24 and t["mql_commitment"] == 79.00 and t["mql_attainment"] == 0.3038, t
assert d["rows"] == [] and d["by"] is None
assert d["sla"] == {"version": 2, "name": "acme-2026b"}
PY

# --- response, W46.  First touch at or after the cohort entry:
#   in time: L1 180s, L2 14400, L5 240, L6 3600, L9 300 (touched exactly at
#   the deadline), L11 1800, L12 3600, L13 34200, L14 600 (its October touch is
#   before the entry), L17 32401, L18 1800 (first entry's rule), L19 120,
#   L32 3600 = 13
#   late: L3 97200, L8 90000, L15 1200 = 3; no deadline: L20 10800 = 1;
#   never: L4 L7 L10 L16 = 4; touched 17
# rates over the cohort: 13/21 = 0.6190, 3/21 = 0.1429, 4/21 = 0.1905
# the 17 durations sorted: 120 180 240 300 600 1200 1800 1800 3600 3600 3600
#   10800 14400 32401 34200 90000 97200: median rank ceil(8.5) = 9 -> 3600,
#   p90 rank ceil(15.3) = 16 -> 90000
RESP_HEAD='group	cohort	touched	in_time	late	no_deadline	never_touched	in_time_rate	late_rate	never_touched_rate	response_median	response_p90	response_business_median	response_business_p90'
run report response
expect_rc 0
expect_out "$RESP_HEAD
(all)	21	17	13	3	1	4	0.6190	0.1429	0.1905	3600	90000		"

# --- response --by owner.
# ana: L1 L2 L5 L6 L9 L12 L13 L16 L17 L19 L20 L32 = 12: in time 10, no
#   deadline L20, never L16; durations 120 180 240 300 3600 3600 3600 10800
#   14400 32401 34200: median rank 6 -> 3600, p90 rank ceil(9.9) = 10 -> 32401;
#   10/12 = 0.8333, 0, 1/12 = 0.0833
# ben: L3 L4 L7 L8 L11 L14 L15 L18 = 8: in time L11 L14 L18, late L3 L8 L15,
#   never L4 L7; durations 600 1200 1800 1800 90000 97200: median rank 3 ->
#   1800, p90 rank ceil(5.4) = 6 -> 97200; 0.3750 0.3750 0.2500
# (none): L10, never touched: no durations (empty)
run report response --by owner
expect_rc 0
expect_out "$(printf '%s\n' "$RESP_HEAD" | sed 's/^group/owner/')
ana	12	11	10	0	1	1	0.8333	0.0000	0.0833	3600	32401		
ben	8	6	3	3	0	2	0.3750	0.3750	0.2500	1800	97200		
(none)	1	0	0	0	0	1	0.0000	0.0000	1.0000				
(all)	21	17	13	3	1	4	0.6190	0.1429	0.1905	3600	90000		"

# --- velocity, W46.
# MQL->SQL over the first sql entry per lead in W46, from the latest mql
#   entry before it: L1 23h = 82800, L2 47h = 169200, L3 48h = 172800, L9 7200,
#   L11 18000, L15 17h = 61200, L19 18000, L21 O28 10:00 -> N9 10:00 = 12d =
#   1036800, L32 O30 10:00 -> N9 12:00 = 10d 2h = 871200 (its second sql entry
#   N12 does not count); sorted 7200 18000 18000 61200 82800 169200 172800
#   871200 1036800: median rank 5 -> 82800, p90 rank ceil(8.1) = 9 -> 1036800
# SQL->close over won/lost entries in W46: L1 3d 6h = 280800, L22 O27 09:00 ->
#   N10 12:00 = 14d 3h = 1220400, L2 3d = 259200, L19 2d 21h = 248400, L23
#   O30 10:00 -> N12 10:00 = 13d = 1123200; sorted 248400 259200 280800
#   1123200 1220400: median rank 3 -> 280800, p90 rank 5 -> 1220400
VEL_HEAD='group	mql_to_sql	mql_to_sql_median	mql_to_sql_p90	sql_to_close	sql_to_close_median	sql_to_close_p90'
run report velocity
expect_rc 0
expect_out "$VEL_HEAD
(all)	9	82800	1036800	5	280800	1220400"

# --- velocity --by source.
# linkedin: L9 7200, L11 18000: median rank 1 -> 7200, p90 rank 2 -> 18000;
#   close L23 1123200 (n = 1)
# paid_search: L19 18000, L15 61200, L32 871200: rank 2 -> 61200, rank 3 ->
#   871200; close L19 248400, L22 1220400: rank 1, rank 2
# webinar: L1 82800, L2 169200, L3 172800, L21 1036800: rank 2 -> 169200,
#   rank ceil(3.6) = 4 -> 1036800; close L2 259200, L1 280800
run report velocity --by source
expect_rc 0
expect_out "$(printf '%s\n' "$VEL_HEAD" | sed 's/^group/source/')
linkedin	2	7200	18000	1	1123200	1123200
paid_search	3	61200	871200	2	248400	1220400
webinar	4	169200	1036800	2	259200	280800
(all)	9	82800	1036800	5	280800	1220400"

# --- leak, W46 at now.  SLA in force v2: mql stale after 5d, sql after 30d.
#   won: L1 L15 = 2; lost: L2 price, L19 no_budget = 2; disqualified: L8 spam,
#   L10 competitor = 2; recycled (now nurture): L7 no_response, L9 timing = 2
#   open overdue (open obligation due before now): L4 (N11), L11 (its sql
#   obligation, N13), L16 (N16), L18 (second entry's, N14) = 4
#   open stalled: L5 (activity N9 08:34 + 5d < now), L12 (its obligation is
#   due N24: not overdue; activity N13 11:00 + 5d < now), L14 (N14 10:10 +
#   5d < now) = 3
#   on track: L3 (sql, N12 + 30d), L6 (N19), L13 (N20), L17 (N17 09:00 + 5d
#   = N22 09:00 > now), L20 (N20), L32 (sql) = 6
#   2+2+2+2+4+3+6 = 21 = the cohort
# hygiene as in response: never 4, late 3, in time 13, no deadline 1
# leaked = no sql after the cohort entry and recycled, disqualified or
#   overdue: L4 L7 L8 L10 L16 L18 = 6 (L9 and L11 had entered sql); 6/21 = 0.2857
# spend wasted = sum of the cost per lead of each leaked lead's channel:
#   spend in W46: webinar 300000 over 30 days x 7 = 70000; paid_search
#   ps-brand 70000 (all 7 days) + ps-generic 100000 over 10 days x 2 (14, 15
#   Nov) = 20000 -> 90000; linkedin 140000 over 14 days x 1 (9 Nov) = 10000
#   leads created in W46: webinar L18 L20 L27 L28 L37 = 5; paid_search L5 L6
#   L7 L8 L15 L17 L19 L29 = 8; linkedin L10 L11 L16 L26 L36 = 5
#   cost per lead: webinar 140.00, paid_search 112.50, linkedin 20.00
#   L4 140 + L7 112.50 + L8 112.50 + L10 20 + L16 20 + L18 140 = 545.00
LEAK_HEAD='group	cohort	won	lost	lost:no_budget	lost:price	disqualified	disqualified:competitor	disqualified:spam	recycled	recycled:no_response	recycled:timing	open_overdue	open_stalled	open_on_track	never_touched	touched_late	touched_in_time	touched_no_deadline	leaked	leaked_rate	spend_wasted'
W46_LEAK='21	2	2	1	1	2	1	1	2	1	1	4	3	6	4	3	13	1	6	0.2857	545.00'
run report leak
expect_rc 0
expect_out "$LEAK_HEAD
(all)	$W46_LEAK"

# --- leak --by source.
# linkedin: L9 recycled/timing, L10 disq/competitor, L11 overdue, L16
#   overdue = 4; never L10 L16, in time L9 L11; leaked L10 L16 = 2 (0.5000),
#   2 x 20.00 = 40.00
# paid_search: L5 stalled, L6 on track, L7 recycled/no_response, L8
#   disq/spam, L15 won, L17 on track, L19 lost/no_budget, L32 on track = 8;
#   never L7, late L8 L15, in time 5; leaked L7 L8 (0.2500) = 225.00
# webinar: L1 won, L2 lost/price, L3 L13 L20 on track, L4 L18 overdue, L14
#   stalled = 8; never L4, late L3, in time L1 L2 L13 L14 L18, no deadline
#   L20; leaked L4 L18 (0.2500) = 280.00
# (none): L12 stalled, in time, not leaked: 0.00
run report leak --by source
expect_rc 0
expect_out "$(printf '%s\n' "$LEAK_HEAD" | sed 's/^group/source/')
linkedin	4	0	0	0	0	1	1	0	1	0	1	2	0	0	2	0	2	0	2	0.5000	40.00
paid_search	8	1	1	1	0	1	0	1	1	1	0	0	1	3	1	2	5	0	2	0.2500	225.00
webinar	8	1	1	0	1	0	0	0	0	0	0	2	1	3	1	1	5	1	2	0.2500	280.00
(none)	1	0	0	0	0	0	0	0	0	0	0	0	1	0	0	0	1	0	0	0.0000	0.00
(all)	$W46_LEAK"

# --- leak --by owner.
# ana (12): L1 won; L2 lost/price, L19 lost/no_budget; L9 recycled/timing;
#   L16 overdue; L5 L12 stalled; L6 L13 L17 L20 L32 on track; never L16, in
#   time 10, no deadline L20; leaked L16 (1/12 = 0.0833): 20.00
# ben (8): L15 won; L8 disq/spam; L7 recycled/no_response; L4 L11 L18
#   overdue; L14 stalled; L3 on track; never L4 L7, late L3 L8 L15, in time
#   L11 L14 L18; leaked L4 L7 L8 L18 (0.5000): 140 + 112.50 + 112.50 + 140 = 505.00
# (none): L10 disq/competitor, never touched, leaked (1.0000): 20.00
run report leak --by owner
expect_rc 0
expect_out "$(printf '%s\n' "$LEAK_HEAD" | sed 's/^group/owner/')
ana	12	1	2	1	1	0	0	0	1	0	1	1	2	5	1	0	10	1	1	0.0833	20.00
ben	8	1	0	0	0	1	0	1	1	1	0	3	1	1	2	3	3	0	4	0.5000	505.00
(none)	1	0	0	0	0	1	1	0	0	0	0	0	0	0	1	0	0	0	1	1.0000	20.00
(all)	$W46_LEAK"

# --- leak states sum to the cohort, in every grouping and several periods.
for args in "" "--by source" "--by owner" "--by campaign" "--month 2026-11 --by week" \
	"--since 2026-10-01 --until 2026-12-01 --by month" "--week 2026-W47"; do
	# shellcheck disable=SC2086
	run report leak --format json $args
	python3 - "$T/out" <<'PY' && ok || fail "leak states do not sum to the cohort ($args)"
import json, sys
d = json.load(open(sys.argv[1]))
for g in d["rows"] + [d["total"]]:
    states = ["won", "lost", "disqualified", "recycled", "open_overdue", "open_stalled", "open_on_track"]
    assert sum(g[s] for s in states) + g.get("other", 0) == g["cohort"], g
    hyg = ["never_touched", "touched_late", "touched_in_time", "touched_no_deadline"]
    assert sum(g[s] for s in hyg) == g["cohort"], g
    for s in ("lost", "disqualified", "recycled"):
        assert sum(g.get(s + "_by_reason", {}).values()) == g[s], (s, g)
assert sum(g["cohort"] for g in d["rows"]) in (0, d["total"]["cohort"]) or d["by"] is None
PY
done

# --- cac, W46, per channel (the default grouping).
# spend (above): linkedin 100.00, paid_search 900.00, webinar 700.00, none 0
# leads created: linkedin 5, paid_search 8, webinar 5, (none) L12 L30 = 2
# mqls (cohort by source): 4, 8, 8, 1; sqls (funnel by source): 2, 3, 4, 0
# wins: paid_search L22 8000.00, webinar L1 12000.00
# cost per lead: 100/5 = 20.00, 900/8 = 112.50, 700/5 = 140.00, 0/2 = 0.00,
#   1700/20 = 85.00
# per mql: 25.00, 112.50, 87.50, 0.00, 1700/21 = 80.95
# per sql: 50.00, 300.00, 175.00, empty (0 sql), 1700/9 = 188.89
# cac: empty (no win), 900.00, 700.00, empty, 1700/2 = 850.00
# roi: (0-100)/100 = -1.0000, (8000-900)/900 = 7.8889, (12000-700)/700 =
#   16.1429, empty (no spend), (20000-1700)/1700 = 10.7647
# ltv (v2: margin 0.8, 3 years): average won x 2.4: 19200.00, 28800.00,
#   total 10000 x 2.4 = 24000.00; ltv:cac 19200/900 = 21.33, 28800/700 =
#   41.14, 24000/850 = 28.24
CAC_HEAD='source	spend	leads	mqls	sqls	wins	cost_per_lead	cost_per_mql	cost_per_sql	cac	revenue	roi	ltv	ltv_cac'
run report cac
expect_rc 0
expect_out "$CAC_HEAD
linkedin	100.00	5	4	2	0	20.00	25.00	50.00		0.00	-1.0000		
paid_search	900.00	8	8	3	1	112.50	112.50	300.00	900.00	8000.00	7.8889	19200.00	21.33
webinar	700.00	5	8	4	1	140.00	87.50	175.00	700.00	12000.00	16.1429	28800.00	41.14
(none)	0.00	2	1	0	0	0.00	0.00			0.00			
(all)	1700.00	20	21	9	2	85.00	80.95	188.89	850.00	20000.00	10.7647	24000.00	28.24"

# --- cac --by campaign: spend per spend.campaign (linkedin's spend has no
# campaign: it is in (none)); leads per lead campaign.
#   li-cxo 0.00, 5 leads (L10 L11 L16 L26 L36); ps-brand 700.00, 4 (L5 L6 L15
#   L19); ps-generic 200.00, 4 (L7 L8 L17 L29); wb-nov 700.00, 5 (L18 L20 L27
#   L28 L37); wb-oct 0.00 (its spend is in October), 0 leads, 1 mql (L14);
#   (none) 100.00, 2 (L12 L30); total 1700.00, 20
run report cac --by campaign
expect_rc 0
cut -f1-4 "$T/out" >"$T/cut"
printf 'campaign\tspend\tleads\tmqls\nli-cxo\t0.00\t5\t4\nps-brand\t700.00\t4\t5\nps-generic\t200.00\t4\t3\nwb-nov\t700.00\t5\t7\nwb-oct\t0.00\t0\t1\n(none)\t100.00\t2\t1\n(all)\t1700.00\t20\t21\n' >"$T/expected"
# mqls by campaign: li-cxo L9 L10 L11 L16 = 4; ps-brand L5 L6 L15 L19 L32 = 5;
#   ps-generic L7 L8 L17 = 3; wb-nov L1 L2 L3 L4 L13 L18 L20 = 7; wb-oct L14;
#   (none) L12
cmp -s "$T/cut" "$T/expected" && ok || { fail "cac by campaign"; diff "$T/expected" "$T/cut" >&2; }

# --- cac --by owner: spend is not split by owner: empty per owner, so are
# the costs; the blended row keeps it.
#   leads: ana L5 L6 L12 L16 L17 L19 L20 L26 L36 L37 = 10; ben L7 L8 L11 L15
#   L18 L27 L28 L30 = 8; (none) L10 L29 = 2
run report cac --by owner
expect_rc 0
cut -f1-3,7 "$T/out" >"$T/cut"
printf 'owner\tspend\tleads\tcost_per_lead\nana\t\t10\t\nben\t\t8\t\n(none)\t\t2\t\n(all)\t1700.00\t20\t85.00\n' >"$T/expected"
cmp -s "$T/cut" "$T/expected" && ok || { fail "cac by owner"; diff "$T/expected" "$T/cut" >&2; }

# --- cac --by week over W46 and W47.
# W47 spend: webinar 7 x 100.00 = 700.00, ps-generic 16..22 Nov 7 x 100.00 =
#   700.00 -> 1400.00; leads L24 L33 L34 = 3; mqls L24 L33 = 2; sqls L33 = 1;
#   wins L15 5000.00 + L33 3000.00: 2, 8000.00
#   1400/3 = 466.67, 1400/2 = 700.00, 1400/1 = 1400.00, cac 700.00,
#   roi (8000-1400)/1400 = 4.7143, ltv 4000 x 2.4 = 9600.00, 9600/700 = 13.71
# (all): 3100.00 23 23 10 4; 3100/23 = 134.78 (twice), 310.00, 775.00,
#   28000.00, (28000-3100)/3100 = 8.0323, 7000 x 2.4 = 16800.00, 16800/775 = 21.68
run report cac --since 2026-11-09 --until 2026-11-23 --by week
expect_rc 0
expect_out "$(printf '%s\n' "$CAC_HEAD" | sed 's/^source/week/')
2026-W46	1700.00	20	21	9	2	85.00	80.95	188.89	850.00	20000.00	10.7647	24000.00	28.24
2026-W47	1400.00	3	2	1	2	466.67	700.00	1400.00	700.00	8000.00	4.7143	9600.00	13.71
(all)	3100.00	23	23	10	4	134.78	134.78	310.00	775.00	28000.00	8.0323	16800.00	21.68"

# --- JSON: field names, money with 2 decimals, empty ratios as null,
# reasons nested, durations in seconds.
run report cac --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "cac json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["report"] == "cac" and d["by"] == "source"
assert d["period"]["label"] == "2026-W46" and d["period"]["from"] == "2026-11-08T23:00:00Z"
rows = {r["group"]: r for r in d["rows"]}
assert set(rows) == {"linkedin", "paid_search", "webinar", None}, rows.keys()
assert rows["linkedin"]["cac"] is None and rows["linkedin"]["roi"] == -1.0
assert rows[None]["cost_per_sql"] is None and rows[None]["roi"] is None
assert d["total"]["spend"] == 1700.0 and d["total"]["ltv_cac"] == 28.24
PY
grep -q '"spend":1700.00,' "$T/out" && ok || fail "money is not printed with 2 decimals in JSON"
run report leak --format json --by source
python3 - "$T/out" <<'PY' && ok || fail "leak json"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["total"]
assert t["lost_by_reason"] == {"no_budget": 1, "price": 1}, t
assert t["disqualified_by_reason"] == {"competitor": 1, "spam": 1}
assert t["recycled_by_reason"] == {"no_response": 1, "timing": 1}
assert t["spend_wasted"] == 545.0 and t["leaked"] == 6
PY
run report response --format json --by owner
python3 - "$T/out" <<'PY' && ok || fail "response json"
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["group"]: r for r in d["rows"]}
assert rows[None]["response_median"] is None and rows[None]["response_p90"] is None
assert rows["ben"]["response_p90"] == 97200
PY

# --- tables: the header states P and the SLA; a terminal gets bars.
run report funnel --format table
expect_rc 0
expect_out_has "funnel report 2026-W46: [2026-11-09, 2026-11-16) Europe/Madrid = [2026-11-08T23:00:00Z, 2026-11-15T23:00:00Z)"
expect_out_has "SLA in force: version 2 (acme-2026b)"
expect_out_has "mql_attainment   116.7%"
expect_out_lacks "█"
LEADCTL_TTY=1 run report funnel
expect_rc 0
# mql is the largest count (21): a full bar of 20 cells; new (20/21 x 160 =
# 152.4 eighths -> 152 = 19 full cells).
expect_out_has "mql                  21  ████████████████████"
expect_out_has "new                  20  ███████████████████"
LEADCTL_TTY=1 run report velocity
# 82800 s = 23h, 1036800 s = 12d, 280800 s = 3d 6h, 1220400 s = 14d 3h
expect_out_has "mql_to_sql_median       23h"
expect_out_has "sql_to_close_p90     14d 3h"
LEADCTL_TTY=1 run report cac
expect_out_has "paid_search   900.00"
# paid_search has the largest spend: the full bar of 12 cells.
expect_out_has "████████████"
run report leak --format csv
expect_rc 0
expect_out_has "group,cohort,won,lost,lost:no_budget"
expect_out_has "(all),21,2,2,1,1,2,1,1,2,1,1,4,3,6,4,3,13,1,6,0.2857,545.00"

finish
