# migration_lib.sh: what the migration tests (t12NN_migration_*.sh) share, on
# top of import_lib.sh.  Not a test itself.
. "$(dirname "$0")/import_lib.sh"

# jq_sql FILE EXPR: evaluate a SQL expression over the JSON in FILE, which
# the expression names as j (sqlite3's JSON functions; no jq needed).
jq_sql() {
	sqlite3 -batch -noheader :memory: "WITH d(j) AS (SELECT readfile('$1')) SELECT $2 FROM d"
}

# expect_json FILE PATH VALUE: the JSON value at PATH in FILE is VALUE.
expect_json() {
	got=$(jq_sql "$1" "json_extract(j, '$2')")
	if [ "$got" = "$3" ]; then ok; else
		STEP="$1 $2"
		fail "got '$got', expected '$3'"
	fi
}

# expect_machine_moves: every stage_history row follows the stage machine or
# is a forward skip an import may record (docs/import.md §3).
expect_machine_moves() {
	expect_sql "SELECT count(*) FROM stage_history WHERE from_stage IS NOT NULL AND from_stage || '>' || to_stage
		NOT IN ('new>mql', 'new>sql', 'new>won', 'new>lost', 'new>nurture', 'new>disqualified', 'mql>sql',
		'mql>won', 'mql>lost', 'mql>nurture', 'mql>disqualified', 'sql>won', 'sql>lost', 'sql>nurture',
		'nurture>mql', 'nurture>disqualified', 'lost>nurture', 'disqualified>nurture')" 0
}

# history EXTERNAL_ID: "from>to@YYYY-MM-DD ..." of the lead with that record id.
history() {
	sql "SELECT group_concat(coalesce(from_stage, '') || '>' || to_stage || '@' || date(at, 'unixepoch'), ' ')
		FROM (SELECT h.* FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE l.external_id = '$1'
		ORDER BY h.at, h.id)"
}

# expect_history EXTERNAL_ID MOVES
expect_history() {
	got=$(history "$1")
	if [ "$got" = "$2" ]; then ok; else
		STEP="history of $1"
		fail "got '$got', expected '$2'"
	fi
}

# expect_out_from LINE TEXT: stdout from its line LINE (exactly) to the end
# is exactly TEXT.
expect_out_from() {
	awk -v first="$1" 'found || $0 == first { found = 1; print }' "$T/out" >"$T/from"
	printf '%s\n' "$2" >"$T/expected"
	if cmp -s "$T/from" "$T/expected"; then ok; else
		fail "stdout from '$1' differs from expected"
		diff "$T/expected" "$T/from" | head -20 >&2
	fi
}
