#!/bin/sh
# Migration 022 rebuilds the tables whose CHECK constraints test a list of
# constants (issue 13: SQLite builds a temporary index of an IN list for
# every row written) with the same tests as OR chains.  A database made by
# the binary before 022 (tests/fixtures/db/pre022.sql: schema 014, with
# imports, a merge, a won deal, breaches and two undone imports) is
# upgraded by `init`: every row of every table is kept, indexes, triggers
# and foreign keys are all there, lead numbers already given are never
# given again, the constraints still refuse what they refused, and the
# commands work on it.
. "$(dirname "$0")/lib.sh"
export LEADCTL_NOW=2026-11-21T10:00:00Z

sqlite3 -batch "$LEADCTL_DB" <"$LEADCTL_SRC/tests/fixtures/db/pre022.sql" || fail "loading the fixture"
tables=$(sql "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
# each table's rows, in the columns it had before (later migrations may add some)
snapshot() {
	for t in $tables; do
		cols=$(cat "$T/cols.$t")
		echo "== $t"
		where=
		# meta gains this (and any later) migration's row
		[ "$t" = meta ] && where="WHERE key NOT GLOB 'migration:*'"
		sql "SELECT $cols FROM \"$t\" $where ORDER BY rowid"
	done >"$T/$1.rows"
	sql "SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') ORDER BY 1, 2" >"$T/$1.objects"
}
for t in $tables; do
	sql "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$t')" >"$T/cols.$t"
done
snapshot before
n=$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%IN (%'")
STEP="the fixture"
[ "$n" -ge 10 ] && ok || fail "only $n tables with CHECK lists before the migration"
expect_sql "SELECT seq FROM sqlite_sequence WHERE name = 'leads'" "47"

run init
expect_rc 0
expect_out_has "schema"
expect_sql "SELECT value FROM meta WHERE key = 'migration:022'" "022_check_lists.sql"
snapshot after
STEP="every row kept"
cmp -s "$T/before.rows" "$T/after.rows" && ok || { fail "rows differ"; diff "$T/before.rows" "$T/after.rows" | head -20 >&2; }
STEP="every index, trigger and view kept"
# (but the three indexes migration 023 drops: no query used them, t1603)
missing=$(comm -23 "$T/before.objects" "$T/after.objects" | grep -v -e '|leads_phone|' -e '|leads_external_id|' -e '|leads_stage_owner|')
[ -z "$missing" ] && ok || fail "missing: $missing"
# no IN list left in the fixture's tables; the lists became OR chains
for t in $tables; do
	expect_sql "SELECT count(*) FROM sqlite_schema WHERE name = '$t' AND sql LIKE '%CHECK%IN (%'" "0"
done
expect_sql "SELECT sql LIKE '%stage = ''new'' OR stage = ''mql''%' FROM sqlite_schema WHERE name = 'leads'" "1"
expect_sql "PRAGMA foreign_key_check" ""
expect_sql "PRAGMA integrity_check" "ok"
expect_sql "SELECT count(*) FROM pragma_foreign_key_list('stage_history') WHERE \"table\" = 'leads'" "1"
# lead numbers 46 and 47 were given (and undone): the next is 48
expect_sql "SELECT seq FROM sqlite_sequence WHERE name = 'leads'" "47"
run add --email nadia.vel@chi.example
expect_out "48"
# the constraints refuse what they refused, accept what they accepted
for bad in "UPDATE leads SET stage = 'bogus' WHERE id = 1" \
	"INSERT INTO stage_history(lead_id, from_stage, to_stage, at, actor, origin) VALUES (1, 'new', 'mql', 0, 't', 'robot')" \
	"INSERT INTO touches(lead_id, at, actor, channel, outcome) VALUES (1, 0, 't', 'pigeon', 'connected')" \
	"INSERT INTO consent(lead_id, do_not_email, updated_at) VALUES (2, 2, 0)" \
	"UPDATE obligations SET state = 'done'"; do
	STEP="refused: $bad"
	if sqlite3 -batch "$LEADCTL_DB" "PRAGMA foreign_keys=ON; $bad" 2>"$T/sqlerr"; then
		fail "accepted"
	else
		grep -q "CHECK constraint failed" "$T/sqlerr" && ok || fail "$(cat "$T/sqlerr")"
	fi
done
STEP="accepted: a NULL where the column allows it"
sqlite3 -batch "$LEADCTL_DB" "INSERT INTO consent(lead_id, do_not_email, lawful_basis, updated_at) VALUES (2, NULL, NULL, 0)" && ok || fail "refused"
# the commands work on the upgraded database
run stage 5 mql
expect_rc 0
run touch 5 --channel email --outcome no_answer
expect_rc 0
run report funnel --month 2026-11
expect_rc 0
run doctor
expect_rc 0
# a new database has no IN list in any CHECK either
rm -f "$LEADCTL_DB"*
run init
expect_rc 0
expect_sql "SELECT group_concat(name) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%IN (%'" ""
finish
