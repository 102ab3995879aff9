#!/bin/sh
# Issue 13: the set-based SQL reference of the form import
# (bench/reference_import.sql) writes exactly what `leadctl import` writes.
# bench/reference_check.sh imports bench/gen_form.py's 10,000-row form CSV
# both ways into databases made by `leadctl init --sla sla.example.json` and
# compares every table row by row and the rejected lines; the file is big
# enough for what the reference must get right (MQLs, an obligation closed
# by the move to mql, owners at capacity, re-submissions with field changes,
# times in the SLA zone's summer and winter).  Then bench/compare_dbs.sh
# is shown to catch one score off by 1e-12 and one deadline off by a second.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: python3 is missing"; exit 77; }
STEP="bench/reference_check.sh 10000"
BENCH_DIR="$T/ref" LEADCTL="$LEADCTL_BIN" sh "$LEADCTL_SRC/bench/reference_check.sh" 10000 >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0
expect_out_has "identical: every table, row by row, and the rejected lines (10000 rows)"
expect_out_has "leads                         9063      9063         0         0"
expect_out_has "rejected lines                  31        31"

# the file exercises what the reference must reproduce (else the check
# above proves less than it says)
export LEADCTL_DB="$T/ref/lc.db"
expect_sql "SELECT count(*) > 100 FROM stage_history WHERE to_stage = 'mql' AND origin = 'sla'" "1"
expect_sql "SELECT count(*) > 0 FROM obligations WHERE state = 'closed'" "1"
expect_sql "SELECT group_concat(owner || ' ' || n, ', ') FROM (SELECT owner, count(*) AS n FROM leads
	WHERE owner IN ('ana', 'jon', 'luis') GROUP BY owner ORDER BY owner)" "ana 40, jon 60, luis 50"
expect_sql "SELECT count(*) > 100 FROM field_changes" "1"
TZ=Europe/Madrid expect_sql "SELECT group_concat(o, ' ') FROM (SELECT DISTINCT
	strftime('%s', datetime(created_at, 'unixepoch', 'localtime')) - created_at AS o FROM leads ORDER BY o)" "3600 7200"

# the comparison fails on the smallest difference, naming the table
sqlite3 "$T/ref/ref.db" "UPDATE leads SET score = score + 1e-12 WHERE id = 3;
	UPDATE obligations SET attempts_due = attempts_due + 1 WHERE id = 7"
STEP="bench/compare_dbs.sh lc.db ref.db (changed)"
sh "$LEADCTL_SRC/bench/compare_dbs.sh" "$T/ref/lc.db" "$T/ref/ref.db" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 1
expect_out_has "leads                         9063      9063         1         1"
expect_out_has "obligations                   2379      2379         1         1"
expect_out_has "accounts                      5500      5500         0         0"
rm -rf "$T/ref"
finish
