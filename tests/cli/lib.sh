# lib.sh: helpers for the end-to-end tests.  Each tests/cli/tNNNN_*.sh sources
# this, runs the real binary in a fresh temporary directory and checks stdout,
# stderr and the exit status separately.  ctest sets LEADCTL_BIN, LEADCTL_SRC
# and LEADCTL_SHARED_DATA.
set -u
: "${LEADCTL_BIN:?set LEADCTL_BIN to the leadctl binary}"
case $LEADCTL_BIN in /*) ;; *) LEADCTL_BIN=$(pwd)/$LEADCTL_BIN ;; esac
: "${LEADCTL_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${LEADCTL_SHARED_DATA:=$LEADCTL_SRC/../shared/data}"
T=$(mktemp -d "${TMPDIR:-/tmp}/leadctl-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"
export LEADCTL_DB="$T/test.db"
export LEADCTL_USER=tester
export LEADCTL_TTY=0
export NO_COLOR=1
export TZ=UTC
unset LEADCTL_NOW XDG_DATA_HOME XDG_CONFIG_HOME LEADCTL_CONFIG LEADCTL_PAGER
export HOME="$T/home"
mkdir -p "$HOME"
FAILS=0
TESTS=0
STEP=""

# run ARGS...: run leadctl, keeping stdout in $T/out, stderr in $T/err, status in $RC.
# LEADCTL_WRAP (e.g. "valgrind -q --error-exitcode=99") prefixes every run;
# its own reports go to $T/wrap.log, and a run it flags fails the test.
run() {
	STEP="leadctl $*"
	if [ -n "${LEADCTL_WRAP:-}" ]; then
		$LEADCTL_WRAP --log-file="$T/wrap.log" "$LEADCTL_BIN" "$@" >"$T/out" 2>"$T/err"
		RC=$?
		if [ "$RC" -eq 99 ] || [ -s "$T/wrap.log" ]; then
			cat "$T/wrap.log" >&2
			fail "valgrind found a problem"
			: >"$T/wrap.log"
		fi
	else
		"$LEADCTL_BIN" "$@" >"$T/out" 2>"$T/err"
		RC=$?
	fi
}

# run_in FILE ARGS...: like run with FILE on stdin.
run_in() {
	f=$1
	shift
	STEP="leadctl $* < $f"
	"$LEADCTL_BIN" "$@" <"$f" >"$T/out" 2>"$T/err"
	RC=$?
}

fail() {
	FAILS=$((FAILS + 1))
	echo "FAIL: $STEP: $*" >&2
	echo "--- stdout" >&2
	head -c 3000 "$T/out" >&2
	echo "--- stderr" >&2
	head -c 3000 "$T/err" >&2
	echo "---" >&2
}

ok() {
	TESTS=$((TESTS + 1))
}

# expect_rc N
expect_rc() {
	if [ "$RC" -eq "$1" ]; then ok; else fail "exit status $RC, expected $1"; fi
}

# expect_out TEXT: stdout is exactly TEXT (plus a final newline).
expect_out() {
	printf '%s\n' "$1" >"$T/expected"
	if cmp -s "$T/out" "$T/expected"; then ok; else
		fail "stdout differs from expected"
		diff "$T/expected" "$T/out" | head -40 >&2
	fi
}

# expect_out_empty / expect_err_empty
expect_out_empty() {
	if [ ! -s "$T/out" ]; then ok; else fail "stdout not empty"; fi
}
expect_err_empty() {
	if [ ! -s "$T/err" ]; then ok; else fail "stderr not empty"; fi
}

# expect_err TEXT: stderr is exactly TEXT.
expect_err() {
	printf '%s\n' "$1" >"$T/expected"
	if cmp -s "$T/err" "$T/expected"; then ok; else
		fail "stderr differs from expected"
		diff "$T/expected" "$T/err" | head -20 >&2
	fi
}

# expect_err_has TEXT / expect_out_has TEXT: a fixed substring.
expect_err_has() {
	if grep -qF -- "$1" "$T/err"; then ok; else fail "stderr lacks '$1'"; fi
}
expect_out_has() {
	if grep -qF -- "$1" "$T/out"; then ok; else fail "stdout lacks '$1'"; fi
}
expect_out_lacks() {
	if grep -qF -- "$1" "$T/out"; then fail "stdout has '$1'"; else ok; fi
}

# expect_err_lines N: stderr has exactly N lines.
expect_err_lines() {
	n=$(wc -l <"$T/err")
	if [ "$n" -eq "$1" ]; then ok; else fail "stderr has $n lines, expected $1"; fi
}

# sql QUERY: print the result of a query on the test database.
sql() {
	sqlite3 -batch -noheader -separator '|' "$LEADCTL_DB" "$1"
}

# expect_sql QUERY EXPECTED
expect_sql() {
	got=$(sql "$1")
	if [ "$got" = "$2" ]; then ok; else
		STEP="sql: $1"
		fail "got '$got', expected '$2'"
	fi
}

# hold_write_lock SECONDS: another process (sqlite3) takes the database's
# write lock (BEGIN IMMEDIATE) for SECONDS, or until release_write_lock;
# returns once it holds it, with its pid in $holder.
hold_write_lock() {
	rm -f "$T/lock.fifo"
	mkfifo "$T/lock.fifo"
	(echo "BEGIN IMMEDIATE;"; timeout "$1" cat "$T/lock.fifo" >/dev/null; echo "COMMIT;") 2>/dev/null |
		sqlite3 "$LEADCTL_DB" &
	holder=$!
	i=0
	while sqlite3 -cmd '.timeout 50' "$LEADCTL_DB" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1 && [ $i -lt 50 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# release_write_lock: end hold_write_lock's transaction now, however slow
# the run in between was, and wait for the holder.
release_write_lock() {
	timeout 5 sh -c ': >"$1"' sh "$T/lock.fifo" 2>/dev/null
	wait "$holder"
}

# csv_drop_column FILE NAME: remove the column headed NAME from the CSV FILE
# (in place), e.g. a derived column a round trip does not carry.
csv_drop_column() {
	python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
i = rows[0].index(sys.argv[2])
csv.writer(open(sys.argv[1], 'w', newline=''), lineterminator='\n').writerows(r[:i] + r[i + 1:] for r in rows)" "$1" "$2"
}

# corrupt_page NAME: overwrite the root page of table or index NAME in
# $LEADCTL_DB with 0xff bytes (after folding the WAL in), so that the next
# read of it fails with "database disk image is malformed".
corrupt_page() {
	sql "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;" >/dev/null
	python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); f.seek((int(sys.argv[2]) - 1) * int(sys.argv[3])); f.write(b'\xff' * int(sys.argv[3])); f.close()
" "$LEADCTL_DB" "$(sql "SELECT rootpage FROM sqlite_schema WHERE name = '$1'")" "$(sql "PRAGMA page_size")"
}

# dump: a canonical dump of the database, for before/after comparisons.
# (Without the lead-number high-water mark in sqlite_sequence: lead numbers
# are never given again, so an undo or a merge keeps it by design.)
dump() {
	sqlite3 -batch "$LEADCTL_DB" .dump | grep -v "^INSERT INTO sqlite_sequence VALUES('leads'," >"$T/$1.dump"
}
# expect_same_dump A B
expect_same_dump() {
	if cmp -s "$T/$1.dump" "$T/$2.dump"; then ok; else
		fail "database changed"
		diff "$T/$1.dump" "$T/$2.dump" | head -20 >&2
	fi
}

# shared_data_or_skip: when ../shared/data is absent, say so and skip.
# LEADCTL_REQUIRE_SHARED_DATA=1 (scripts/test.sh sets it when the folder is
# beside the checkout) turns a missing folder into a failure, never a skip.
have_shared_data() {
	if [ -d "$LEADCTL_SHARED_DATA" ]; then return 0; fi
	if [ "${LEADCTL_REQUIRE_SHARED_DATA:-}" = 1 ]; then
		STEP="shared data"
		fail "$LEADCTL_SHARED_DATA not found but LEADCTL_REQUIRE_SHARED_DATA=1"
		finish
	fi
	echo "skipped: $LEADCTL_SHARED_DATA not found (shared test data is beside the checkout in CI)"
	return 1
}

# skip WHY: end a test that cannot run here with status 77, which ctest
# (SKIP_RETURN_CODE) shows as skipped, never as passed.  Checks already made
# must have passed: a failure before the skip still fails the test.
skip() {
	echo "skipped: $*"
	[ "$FAILS" -eq 0 ] || finish
	exit 77
}

# finish: print the count and exit non-zero on failure.
finish() {
	echo "$(basename "$0"): $TESTS checks passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
	exit $?
}
