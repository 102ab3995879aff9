#!/bin/sh
# `leadctl sla check --dry-run`: prints exactly what the real run then
# prints and records (the same breaches, ids, recycle actions and exit
# status), says on stderr how many it would record and recycle, leaves the
# database byte-identical, and runs while another process holds the write
# lock (it works on a private copy).  --exec does not go with it.
# Deadlines under sla.example.json (Europe/Madrid business hours), worked
# out by hand:
#   - lead 1 (Ines Navarro, mql Fri 2026-10-23 12:00Z): first touch due
#     after 24 business hours = Wed 2026-10-28 13:00Z (see t0510);
#   - lead 2 (Teo Lund, sql Mon 2026-10-26 10:00Z): stalled after 30 days,
#     Wed 2026-11-25 10:00Z;
#   - lead 3 (Yuki Mori, mql Fri 2026-10-23 12:00Z): six calls without an
#     answer the same day: attempts exhausted, recycled to nurture.
# At Mon 2026-10-26 10:00Z only lead 3 is due; at Thu 2026-11-26 10:00Z
# leads 1 (first touch, then its attempts window) and 2 are too.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-10-23T12:00:00Z
run init
run sla use "$SLA"
run add --email ines@brezo.example --first-name Ines --last-name Navarro --company Brezo --owner luis
run stage 1 mql
run add --email teo@fjord.example --first-name Teo --last-name Lund --company Fjord --owner jon
run add --email yuki@kumo.example --first-name Yuki --last-name Mori --company Kumo --owner marta
run stage 3 mql
for m in 05 10 15 20 25 30; do
	LEADCTL_NOW="2026-10-23T12:${m}:00Z" run touch 3 --channel call --outcome no_answer
	expect_rc 0
done
export LEADCTL_NOW=2026-10-26T10:00:00Z
run stage 2 mql
run stage 2 sql
expect_rc 0

# check_dry NAME ARGS...: a dry run whose output is kept in NAME.out/.err;
# the database file must not change.
check_dry() {
	name=$1
	shift
	cp "$LEADCTL_DB" "$T/before.db"
	run sla check --dry-run "$@"
	cp "$T/out" "$T/$name.out"
	cp "$T/err" "$T/$name.err"
	STEP="sla check --dry-run $*: the database file"
	if cmp -s "$LEADCTL_DB" "$T/before.db"; then ok; else fail "the database file changed"; fi
	if [ ! -e "$LEADCTL_DB-wal" ] || [ ! -s "$LEADCTL_DB-wal" ]; then ok; else fail "a WAL was written"; fi
}

# --- one breach: lead 3's attempts (due: the end of its 10-business-day
# window, Fri 2026-11-06 14:00 in Madrid, shown as overdue by -14d) ---------
export LEADCTL_NOW=2026-10-23T12:31:00Z
dump before
check_dry none
expect_rc 1
expect_out "breach	lead	name	company	owner	kind	rule	due	overdue	action
1	3	Yuki Mori	Kumo	marta	attempts_exhausted	mql	2026-11-06 14:00	-14d	recycle"
expect_err "leadctl: sla check: dry run, nothing written: 1 new breach would be recorded and reported, 1 lead recycled to nurture"
dump after
STEP="dump after the dry run"
if cmp -s "$T/before.dump" "$T/after.dump"; then ok; else fail "the database changed"; fi
expect_sql "SELECT count(*) FROM breaches" 0
expect_sql "SELECT stage FROM leads WHERE id = 3" mql
run -q sla check --dry-run
expect_rc 1
expect_err_empty

# --- many breaches: JSON lines, a table, JSON; then the real run --------------
export LEADCTL_NOW=2026-11-26T10:00:00Z
check_dry lines --json
expect_rc 1
check_dry table
expect_rc 1
check_dry array --format json
expect_rc 1
n=$(wc -l <"$T/lines.out")
STEP="dry run: JSON lines"
[ "$n" -ge 3 ] && ok || fail "expected at least 3 breaches, got $n"
expect_sql "SELECT count(*) FROM breaches" 0
expect_sql "SELECT group_concat(stage, ',') FROM (SELECT stage FROM leads ORDER BY id)" "mql,sql,mql"

# The note counts what the real run then records and recycles.
recycles=$(grep -c '"action":"recycle"' "$T/lines.out")
expect_err_has "$n new breaches would be recorded and reported, $recycles leads recycled to nurture"
python3 - "$T/array.out" "$T/lines.out" <<'EOF' || fail "--format json differs from --json"
import json, sys
arr = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
sys.exit(0 if arr == lines else 1)
EOF

# A writer holds the lock: the dry run goes on, the real run waits.
hold_write_lock 120
LEADCTL_BUSY_TIMEOUT=300 run sla check --dry-run --json
expect_rc 1
STEP="dry run under another writer's lock"
cmp -s "$T/out" "$T/lines.out" && ok || fail "output differs from the first dry run"
LEADCTL_BUSY_TIMEOUT=300 run sla check --json
expect_rc 75
release_write_lock

# The real run prints what the dry run printed, and records it.
cp "$LEADCTL_DB" "$T/pre.db"
run sla check --json
expect_rc 1
expect_err_empty
STEP="real run after the dry run"
cmp -s "$T/out" "$T/lines.out" && ok || { fail "differs from the dry run"; diff "$T/lines.out" "$T/out" >&2; }
expect_sql "SELECT count(*) FROM breaches" "$n"
expect_sql "SELECT count(*) FROM leads WHERE stage = 'nurture'" "$recycles"
expect_sql "SELECT count(*) FROM stage_history WHERE to_stage = 'nurture' AND reason = 'no_response'" "$recycles"
expect_sql "SELECT stage FROM leads WHERE id = 3" nurture
# Nothing new afterwards: the dry run says so too.
check_dry after
expect_rc 0
expect_out_empty
expect_err "leadctl: sla check: dry run, nothing written: 0 new breaches would be recorded and reported, 0 leads recycled to nurture"

# The table of the dry run is the real run's table too (on a copy).
LEADCTL_DB="$T/pre.db" run sla check
expect_rc 1
STEP="table of the dry run against a real run"
cmp -s "$T/out" "$T/table.out" && ok || fail "differs from the dry run's table"

run sla check --dry-run --exec true
expect_rc 64
expect_err_has "--exec and --dry-run do not go together"
finish
