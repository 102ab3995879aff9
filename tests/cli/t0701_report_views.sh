#!/bin/sh
# The report views give the same figures through sqlite3 as `leadctl report
# ... --format json`: the queries below are those of docs/reports.md, with
# P and now written as literal instants.  The local keys follow the reading
# process's TZ, so sqlite3 runs with TZ set to the SLA's zone.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-21T09:30:00Z
run init
expect_rc 0
sqlite3 "$LEADCTL_DB" <"$LEADCTL_SRC/tests/fixtures/reports/fixture.sql" && ok || fail "loading the fixture"

# W46 in Europe/Madrid and now.
FROM="unixepoch('2026-11-08T23:00:00Z')"
TO="unixepoch('2026-11-15T23:00:00Z')"
NOW="unixepoch('2026-11-21T09:30:00Z')"

# vsql QUERY: the query's rows, '|' between columns, in the SLA's zone.
vsql() {
	TZ=Europe/Madrid sqlite3 -batch -noheader -separator '|' "$LEADCTL_DB" "$1"
}

# same WHAT QUERY PYTHON: the query's output equals the lines printed by
# PYTHON, which reads the JSON report in $T/out as d.
same() {
	vsql "$2" >"$T/sql.txt"
	python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
$3" "$T/out" >"$T/json.txt"
	if [ -s "$T/sql.txt" ] && cmp -s "$T/sql.txt" "$T/json.txt"; then ok; else
		STEP="$1"
		fail "sqlite3 and leadctl differ"
		diff "$T/sql.txt" "$T/json.txt" >&2
	fi
}

# Funnel: leads that entered each stage in P (first entry per lead and stage).
run report funnel --format json
expect_rc 0
same "funnel stage entries" "
SELECT stage, count(*) FROM (SELECT lead_id, stage FROM report_stage_entries
	WHERE at >= $FROM AND at < $TO GROUP BY lead_id, stage)
GROUP BY stage ORDER BY stage" "
for s in sorted(['new','mql','sql','won','lost','nurture','disqualified']):
    if d['total'][s]: print('%s|%d' % (s, d['total'][s]))"

# Funnel: the MQL cohort's conversion to SQL.
same "funnel mql_to_sql" "
SELECT count(*), sum(sql_at IS NOT NULL) FROM (SELECT m.*, row_number() OVER
	(PARTITION BY lead_id ORDER BY mql_at, entry_id) AS rn FROM report_mql_entries m
	WHERE mql_at >= $FROM AND mql_at < $TO) WHERE rn = 1" "
print('%d|%d' % (d['total']['mql'], d['total']['mql_to_sql']))"

# Leak: the states judged at now, per state.
run report leak --format json
expect_rc 0
same "leak states" "
SELECT state, count(*) FROM (SELECT CASE
	WHEN state_base = 'open' AND next_due_at < $NOW THEN 'open_overdue'
	WHEN state_base = 'open' AND activity_at + stale_s < $NOW THEN 'open_stalled'
	WHEN state_base = 'open' THEN 'open_on_track' ELSE state_base END AS state
	FROM (SELECT m.*, row_number() OVER (PARTITION BY lead_id ORDER BY mql_at, entry_id) AS rn
		FROM report_mql_entries m WHERE mql_at >= $FROM AND mql_at < $TO) WHERE rn = 1)
GROUP BY state ORDER BY state" "
for s in sorted(['won','lost','disqualified','recycled','open_overdue','open_stalled','open_on_track']):
    if d['total'][s]: print('%s|%d' % (s, d['total'][s]))"

# Leak and response: the touch states of the cohort.
same "touch states" "
SELECT touch_state, count(*) FROM (SELECT m.*, row_number() OVER (PARTITION BY lead_id
	ORDER BY mql_at, entry_id) AS rn FROM report_mql_entries m
	WHERE mql_at >= $FROM AND mql_at < $TO) WHERE rn = 1 GROUP BY touch_state ORDER BY touch_state" "
t = d['total']
for k, n in sorted({'in_time': t['touched_in_time'], 'late': t['touched_late'],
        'never': t['never_touched'], 'no_deadline': t['touched_no_deadline']}.items()):
    if n: print('%s|%d' % (k, n))"

# Response: the median by nearest rank, in SQL.
run report response --format json
same "response median and p90" "
WITH c AS (SELECT response_s FROM (SELECT m.*, row_number() OVER (PARTITION BY lead_id
		ORDER BY mql_at, entry_id) AS rn FROM report_mql_entries m
		WHERE mql_at >= $FROM AND mql_at < $TO) WHERE rn = 1 AND response_s IS NOT NULL),
	r AS (SELECT response_s, row_number() OVER (ORDER BY response_s) AS k, count(*) OVER () AS n FROM c)
SELECT (SELECT response_s FROM r WHERE k = (n * 50 + 99) / 100),
	(SELECT response_s FROM r WHERE k = (n * 90 + 99) / 100)" "
print('%d|%d' % (d['total']['response_median'], d['total']['response_p90']))"

# Velocity: pairs completed in P.
run report velocity --format json
same "velocity pairs" "
SELECT kind, count(*), max(seconds) FROM (SELECT v.*, row_number() OVER (PARTITION BY lead_id, stage
	ORDER BY at, entry_id) AS rn FROM report_velocity v WHERE at >= $FROM AND at < $TO)
WHERE rn = 1 AND seconds IS NOT NULL GROUP BY kind ORDER BY kind" "
t = d['total']
print('mql_sql|%d|%d' % (t['mql_to_sql'], t['mql_to_sql_p90']))
print('sql_close|%d|%d' % (t['sql_to_close'], t['sql_to_close_p90']))"

# Cac: spend per channel over P's local days, leads created, revenue.
run report cac --format json
same "cac spend" "
SELECT channel, printf('%.2f', sum(cents) / 100.0) FROM report_spend_days
WHERE day >= '2026-11-09' AND day < '2026-11-16' GROUP BY channel ORDER BY channel" "
for r in sorted((r for r in d['rows'] if r['group'] and r['spend']), key=lambda r: r['group']):
    print('%s|%.2f' % (r['group'], r['spend']))"
same "cac leads and revenue" "
SELECT (SELECT count(*) FROM report_leads WHERE created_at >= $FROM AND created_at < $TO),
	(SELECT printf('%.2f', sum(amount_cents) / 100.0) FROM (SELECT e.*, row_number() OVER
		(PARTITION BY lead_id, stage ORDER BY at, entry_id) AS rn FROM report_stage_entries e
		WHERE stage = 'won' AND at >= $FROM AND at < $TO) WHERE rn = 1)" "
print('%d|%.2f' % (d['total']['leads'], d['total']['revenue']))"

# The local keys follow the reader's TZ: L13's mql entry (N8 23:30Z) is in
# week 46 in Madrid and in week 45 in UTC.
got=$(vsql "SELECT local_date, local_week, local_month FROM report_stage_entries WHERE entry_id = 132")
[ "$got" = "2026-11-09|2026-W46|2026-11" ] && ok || fail "Madrid keys of entry 132: $got"
got=$(TZ=UTC sqlite3 "$LEADCTL_DB" "SELECT local_week FROM report_stage_entries WHERE entry_id = 132")
[ "$got" = "2026-W45" ] && ok || fail "UTC key of entry 132: $got"

# The SLA views: versions, what is in force, stale rules in both forms.
expect_sql "SELECT version, until_at IS NULL, in_force_now, timezone, mql_per_month, gross_margin, lifetime_years FROM report_sla ORDER BY version" \
"1|0|0|Europe/Madrid|60||
2|1|1|Europe/Madrid|90|0.8|3"
expect_sql "SELECT version, stage, stale, stale_s, business FROM report_sla_stale ORDER BY version, stage" \
"1|mql|7d|604800|0
1|sql|30d|2592000|0
2|mql|5d|432000|0
2|sql|30d|2592000|0"

# Spend days: the linkedin row covers 14 days at 100.00 a day.
expect_sql "SELECT count(*), min(day), max(day), sum(cents) FROM report_spend_days WHERE channel = 'linkedin'" \
"14|2026-10-27|2026-11-09|140000.0"

# The views use the indexes: no full scan of stage_history for a period.
plan=$(sqlite3 "$LEADCTL_DB" "EXPLAIN QUERY PLAN SELECT * FROM report_stage_entries WHERE at >= 1 AND at < 2")
case $plan in *"USING INDEX stage_history_at"*) ok ;; *) fail "stage entries of a period scan the table: $plan" ;; esac

finish
