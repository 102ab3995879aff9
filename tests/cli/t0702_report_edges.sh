#!/bin/sh
# Reports: empty periods, no SLA, divisions by zero, period arithmetic (ISO
# weeks, DST, the default week), bad options, and that reports write nothing.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-21T09:30:00Z

# --- no SLA, no data: an empty report, exit 0; the zone is TZ (UTC here).
run init
expect_rc 0
run report funnel --format json
expect_rc 0
expect_err_empty
python3 - "$T/out" <<'PY' && ok || fail "empty funnel json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sla"] is None and d["rows"] == [] and d["period"]["time_zone"] == "UTC"
t = d["total"]
assert t["mql"] == 0 and t["mql_to_sql_rate"] is None and t["win_rate"] is None
assert "mql_commitment" not in t   # no SLA: no commitment to compare with
PY
for r in response velocity leak cac; do
	run report "$r" --by owner
	expect_rc 0
	expect_err_empty
done
TZ=America/New_York run report funnel --format json
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert p["time_zone"]=="America/New_York" and p["from"]=="2026-11-09T05:00:00Z", p' "$T/out" && ok || fail "TZ is the zone without an SLA"

# --- the fixture, and a period without data: every count 0, every ratio empty.
sqlite3 "$LEADCTL_DB" <"$LEADCTL_SRC/tests/fixtures/reports/fixture.sql" && ok || fail "loading the fixture"
dump before
# 2025-W10: no entries, no spend, and no SLA was in force yet (v1 came on
# 2026-10-01): no commitment columns.
run report funnel --week 2025-W10
expect_rc 0
expect_out "group	new	mql	sql	won	lost	nurture	disqualified	mql_to_sql	mql_to_sql_rate	sql_won	sql_lost	sql_open	sql_won_rate	sql_lost_rate	sql_open_rate	win_rate
(all)	0	0	0	0	0	0	0	0		0	0	0				"
run report leak --week 2025-W10
expect_rc 0
expect_out "group	cohort	won	lost	disqualified	recycled	open_overdue	open_stalled	open_on_track	never_touched	touched_late	touched_in_time	touched_no_deadline	leaked	leaked_rate	spend_wasted
(all)	0	0	0	0	0	0	0	0	0	0	0	0	0		0.00"
# cac: the SLA in force now gives economics, so ltv columns are there, empty.
run report cac --week 2025-W10
expect_rc 0
expect_out "source	spend	leads	mqls	sqls	wins	cost_per_lead	cost_per_mql	cost_per_sql	cac	revenue	roi	ltv	ltv_cac
(all)	0.00	0	0	0	0					0.00			"
run report velocity --week 2025-W10 --format json
expect_rc 0
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; assert t=={"mql_to_sql":0,"mql_to_sql_median":None,"mql_to_sql_p90":None,"sql_to_close":0,"sql_to_close_median":None,"sql_to_close_p90":None}, t' "$T/out" && ok || fail "empty velocity json"
run report response --week 2025-W10 --format table
expect_rc 0
expect_out_has "response_median"

# --- periods.
# 2026 has 53 ISO weeks (1 Jan 2026 is a Thursday): W53 = 28 Dec .. 3 Jan.
run report funnel --week 2026-W53 --format json
expect_rc 0
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert (p["since"],p["until"],p["from"],p["to"])==("2026-12-28","2027-01-04","2026-12-27T23:00:00Z","2027-01-03T23:00:00Z"), p' "$T/out" && ok || fail "week 53"
# 2026-W43 = 19..25 Oct: summer time (UTC+2) ends on the 25th, so P starts
# at 22:00Z and ends at 23:00Z: 7 days and 1 hour.
run report funnel --week 2026-W43 --format json
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert (p["from"],p["to"])==("2026-10-18T22:00:00Z","2026-10-25T23:00:00Z"), p' "$T/out" && ok || fail "DST week"
# The default week: on Monday 16 Nov 00:30 local (N15 23:30Z) the last
# complete week is W46; on Sunday 15 Nov 23:30 local (N15 22:30Z) it is W45.
LEADCTL_NOW=2026-11-15T23:30:00Z run report funnel --format json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["period"]["label"]=="2026-W46"' "$T/out" && ok || fail "default week on Monday"
LEADCTL_NOW=2026-11-15T22:30:00Z run report funnel --format json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["period"]["label"]=="2026-W45"' "$T/out" && ok || fail "default week on Sunday night"
# --since alone runs to the end of today (local): 21 Nov included.
run report funnel --since 2026-11-16 --format json
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert (p["since"],p["until"],p["label"])==("2026-11-16","2026-11-22",None), p' "$T/out" && ok || fail "--since alone"
# --until is exclusive: [9 Nov, 16 Nov) is W46 exactly (mql 21, see t0700).
run report funnel --since 2026-11-09 --until 2026-11-16 --format json
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; assert t["mql"]==21 and t["mql_commitment"]==18.0, t' "$T/out" && ok || fail "--until exclusive"
# The table header states the period and the SLA.
run report leak --month 2026-10 --format table
expect_out_has "leak report 2026-10: [2026-10-01, 2026-11-01) Europe/Madrid = [2026-09-30T22:00:00Z, 2026-10-31T23:00:00Z)"

# --- bad options: exit 64, one error line, the usage and a hint.
for bad in "--week 2026-W54" "--week 2025-W53" "--week 2026-46" "--week 2026-w46" "--month 2026-13" \
	"--month 2026-1" "--since 2026-02-30" "--since 2026-11-09 --until 2026-11-09" "--until 2026-11-09" \
	"--week 2026-W46 --month 2026-11" "--since 2026-11-01 --week 2026-W46" "--by stage"; do
	# shellcheck disable=SC2086
	run report funnel $bad
	expect_rc 64
	expect_out_empty
	expect_err_lines 3
	expect_err_has "hint: see 'leadctl help report funnel'"
done
run report cac --week 2026-W54
expect_err_has "leadctl: report cac: bad --week '2026-W54': expected an ISO week such as 2026-W46 (YYYY-Www, week 01 to 52, or 53 in long years)"
run report funnel --since 2026-11-09 --until 2026-11-01
expect_err_has "--until must be later than --since (--until is exclusive)"
run report
expect_rc 64
expect_err_has "'report' needs a subcommand"
run report nothing
expect_rc 64
run help report leak
expect_rc 0
expect_out_has "usage: leadctl report leak"
run report velocity --help
expect_rc 0
expect_out_has "--until DATE"

# --- an SLA naming an unknown zone is a configuration error.
sqlite3 "$LEADCTL_DB" "INSERT INTO sla_versions VALUES (3, 'bad', '{\"timezone\":\"Mars/Olympus\"}', 'x', NULL, unixepoch('2026-11-20T00:00:00Z'), 'fixture')"
run report funnel
expect_rc 78
expect_err "leadctl: SLA version 3: unknown time zone 'Mars/Olympus': fix 'timezone' in the SLA"
sqlite3 "$LEADCTL_DB" "DELETE FROM sla_versions WHERE version = 3"

# --- reports write nothing.
for r in funnel response velocity leak cac; do
	run report "$r" --month 2026-11 --by week
	expect_rc 0
done
dump after
expect_same_dump before after

finish
