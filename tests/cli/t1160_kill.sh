#!/bin/sh
# SIGKILL at random moments of `import`, `sla check`, `sla use` and a
# migration (`init` upgrading a schema-5 database): each kill leaves the
# database as it was before or as a clean run leaves it (for the commands
# that commit in steps -- sla check records breaches 500 a transaction, sla
# use installs the SLA and then re-applies it 200 leads a transaction, a
# migration is one transaction per schema version -- a finished step may
# stay, and running the command again ends in the clean result);
# integrity_check is always ok.
#
# LEADCTL_KILL_ROUNDS (default 6; 2 under ASan) kills per command; 4 commands.  The long
# run of docs/RELIABILITY.md: LEADCTL_KILL_ROUNDS=50.
. "$(dirname "$0")/lib.sh"

dflt=6
[ -n "${ASAN_OPTIONS:-}" ] && dflt=2 # the sanitizer build: fewer, slower kills
ROUNDS=${LEADCTL_KILL_ROUNDS:-$dflt}
export LEADCTL_NOW=2026-11-20T10:00:00Z
cat >"$T/sla1.json" <<'EOF'
{"version": 1, "name": "kill-1", "timezone": "UTC", "business_hours": {},
 "qualification": {"mql_threshold": 10,
   "fit": [{"name": "titled", "points": 10, "when": {"title": {"present": true}}}]},
 "response": [{"name": "mql", "when": {"stage": "mql"}, "first_touch": {"within": "1h", "business": false}}],
 "routing": [{"name": "all", "pool": "reps"}],
 "pools": {"reps": {"members": ["r1", "r2", "r3"]}},
 "reasons": {"disqualified": ["spam"], "nurture": ["not_ready"], "lost": ["price"]}}
EOF
# The second SLA re-scores every lead: only engineers qualify, another pool.
sed 's/"kill-1"/"kill-2"/; s/"titled", "points": 10, "when": {"title": {"present": true}}/"eng", "points": 10, "when": {"title": {"equals": "Engineer"}}/; s/"r1", "r2", "r3"/"r4", "r5"/' \
	"$T/sla1.json" >"$T/sla2.json"
gen() { # FILE FIRST COUNT
	python3 - "$@" <<'PY'
import sys
path, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "w") as f:
    f.write("Email,First Name,Job Title,Company\n")
    for i in range(first, first + n):
        f.write("k%d@firm%d.example,Name%d,%s,Firm %d\n" % (i, i % 89, i, "Engineer" if i % 3 else "Buyer", i % 89))
PY
}
gen "$T/base.csv" 0 600
gen "$T/more.csv" 600 800
run init --sla "$T/sla1.json"
expect_rc 0
run import "$T/base.csv"
expect_rc 0
cp "$LEADCTL_DB" "$T/base.db"

# A schema-5 database (migrations 001-005 as an older leadctl left them) with
# 3000 leads, for the migration.
for f in "$LEADCTL_SRC"/migrations/00[1-5]_*.sql; do sqlite3 "$T/old.db" <"$f" || fail "building schema 5 from $f"; done
sqlite3 "$T/old.db" "PRAGMA user_version = 5; PRAGMA application_id = $((0x4C454144)); PRAGMA journal_mode = WAL;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO leads(email, first_name, title, stage_at, created_at, updated_at, activity_at)
SELECT 'old' || i || '@past.example', 'Old ' || i, 'Engineer', 1760000000, 1760000000, 1760000000, 1760000000 FROM n;" >/dev/null

# state DB: what must be all-or-nothing, as text (for sla check, the breaches
# and leads without the bookkeeping of who printed what).
state() {
	case $2 in
	check) sqlite3 -batch "$1" "SELECT lead_id, kind, rule, due_at, detected_at, action FROM breaches ORDER BY 1, 2, 3, 4;
		SELECT id, stage, owner, score FROM leads ORDER BY id;" ;;
	*) sqlite3 -batch "$1" .dump | grep -v "^INSERT INTO sqlite_sequence VALUES('leads'," ;;
	esac
}
# cmd OP DB: run the command of OP on DB ($EXEC=exec: in place of the
# shell, so that the pid killed is leadctl's).
EXEC=
cmd() {
	case $1 in
	import) $EXEC env LEADCTL_DB="$2" "$LEADCTL_BIN" import "$T/more.csv" ;;
	check) $EXEC env LEADCTL_DB="$2" LEADCTL_NOW=2026-11-21T10:00:00Z "$LEADCTL_BIN" sla check --json ;;
	use) $EXEC env LEADCTL_DB="$2" "$LEADCTL_BIN" sla use "$T/sla2.json" ;;
	migrate) $EXEC env LEADCTL_DB="$2" "$LEADCTL_BIN" init ;;
	esac
}
start_of() { case $1 in migrate) echo old.db ;; *) echo base.db ;; esac; }
ms() { date +%s%N | cut -b1-13; }
rnd() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }
# Steps a command may stop between: the user_version values a migration may
# leave, or (sla check) any chunk.
kills=0 n_before=0 n_after=0 n_step=0
for op in import check use migrate; do
	src=$(start_of $op)
	rm -f "$T"/run.db*
	cp "$T/$src" "$T/run.db"
	state "$T/run.db" $op >"$T/before.txt"
	t0=$(ms)
	cmd $op "$T/run.db" >"$T/clean.out" 2>"$T/clean.err"
	rc=$?
	t1=$(ms)
	STEP="clean $op"
	[ $rc -le 1 ] && ok || fail "exit $rc: $(cat "$T/clean.err")"
	state "$T/run.db" $op >"$T/after.txt"
	STEP="$op changes something"
	cmp -s "$T/before.txt" "$T/after.txt" && fail "the clean run changed nothing" || ok
	dur=$((t1 - t0))
	[ $dur -lt 50 ] && dur=50
	r=1
	while [ $r -le "$ROUNDS" ]; do
		rm -f "$T"/run.db*
		cp "$T/$src" "$T/run.db"
		delay=$(($(rnd) * dur / 65536))
		(
			EXEC=exec
			cmd $op "$T/run.db" >/dev/null 2>"$T/kill.err"
		) &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		kills=$((kills + 1))
		STEP="$op killed after ${delay} ms of ${dur}"
		[ "$(sqlite3 "$T/run.db" 'PRAGMA integrity_check')" = ok ] && ok || fail "integrity_check"
		state "$T/run.db" $op >"$T/now.txt"
		if cmp -s "$T/now.txt" "$T/before.txt"; then
			n_before=$((n_before + 1))
			ok
		elif cmp -s "$T/now.txt" "$T/after.txt"; then
			n_after=$((n_after + 1))
			ok
		elif [ $op = check ] || [ $op = use ] || [ $op = migrate ]; then
			# a finished step stayed: the next run ends in the clean result
			n_step=$((n_step + 1))
			cmd $op "$T/run.db" >/dev/null 2>"$T/again.err"
			state "$T/run.db" $op >"$T/now.txt"
			cmp -s "$T/now.txt" "$T/after.txt" && ok ||
				fail "neither before nor after, and a second run did not end in the clean result"
		else
			fail "the database is neither the one before nor the one after"
			diff "$T/before.txt" "$T/now.txt" | head -5 >&2
		fi
		r=$((r + 1))
	done
done
echo "kill: $kills SIGKILLs (import, sla check, sla use, migration; $ROUNDS each): $n_before left the database as before, $n_after as after, $n_step between two committed steps"
finish
