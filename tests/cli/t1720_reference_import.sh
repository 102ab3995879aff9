#!/bin/sh
# Issue 13: the set-based SQL reference of the form import
# (bench/reference_import.sql) writes exactly what `leadctl import` writes.
# bench/reference_check.sh imports bench/gen_form.py's 10,000-row form CSV
# both ways into databases made by `leadctl init --sla sla.example.json` and
# compares every table row by row and the rejected lines; the file is big
# enough for what the reference must get right (MQLs, an obligation closed
# by the move to mql, owners at capacity, re-submissions with field changes,
# times in the SLA zone's summer and winter).  Then bench/compare_dbs.sh
# is shown to catch one score off by 1e-12 and one deadline off by a second,
# the reference to refuse people already there, and the check to hold for a
# second file into a database with leads.
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

# the reference refuses a file whose people are already there (here: the
# same file, already imported) rather than write what leadctl would not
STEP="bench/reference_import.sh on lc.db again"
LEADCTL_NOW=2026-11-20T10:00:00Z sh "$LEADCTL_SRC/bench/reference_import.sh" "$T/ref/lc.db" "$T/ref/form.csv" "$LEADCTL_SRC/bench/form_map.json" \
	"$T/rej.csv" >"$T/out" 2>"$T/err"
RC=$?
[ "$RC" -ne 0 ] && ok || fail "exit status 0"
expect_err_has "CHECK constraint failed: the file was imported before"
expect_sql "SELECT count(*) FROM imports" "1"

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

# into a database that already has leads (of a first 2,000-row file): new
# people, owners filling up across the two imports, the pools' turns
# carried on from route_cursors, accounts shared with the first file's leads
STEP="bench/reference_check.sh 3000 2000"
BENCH_DIR="$T/ref" LEADCTL="$LEADCTL_BIN" sh "$LEADCTL_SRC/bench/reference_check.sh" 3000 2000 >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0
expect_out_has "identical: every table, row by row, and the rejected lines (3000 rows, after 2000)"
expect_out_has "imports                          2         2         0         0"
rm -rf "$T/ref"
finish
