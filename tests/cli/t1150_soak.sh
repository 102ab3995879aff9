#!/bin/sh
# Soak: an import, `sla check` in a loop and 8 reps writing at once, for a
# bounded time.  Nothing may fail with "database is locked" or "busy", every
# change a rep made must be in the database exactly once, the round robin
# never gives a turn twice or skips one, each breach is recorded once and
# printed at least once, and integrity_check is clean.
#
# LEADCTL_SOAK_SECONDS (default 20; 8 under ASan) is how long the reps run;
# LEADCTL_SOAK_ROWS (default 1500; 300 under ASan) the rows of the import;
# LEADCTL_SOAK_PROCS (default 8) the reps.  The long run of
# docs/RELIABILITY.md: LEADCTL_SOAK_SECONDS=60 LEADCTL_SOAK_ROWS=50000.
. "$(dirname "$0")/lib.sh"

# Under the sanitizer build (ASAN_OPTIONS set by scripts/test.sh) the
# default is shorter: the plain build's run is the soak, this one looks for
# memory errors.
# The default keeps the suite short (1500 rows, 300 under ASan); the
# issue's realistic run is LEADCTL_SOAK_ROWS=50000 (docs/RELIABILITY.md has
# its measured figures: 76 s).
dflt=20 rows=1500
[ -n "${ASAN_OPTIONS:-}" ] && dflt=8 rows=300
SECS=${LEADCTL_SOAK_SECONDS:-$dflt}
ROWS=${LEADCTL_SOAK_ROWS:-$rows}
PROCS=${LEADCTL_SOAK_PROCS:-8}
export LEADCTL_NOW=2026-11-20T10:00:00Z

# Every lead with a title is an MQL, routed round-robin over five reps, and
# owes a first touch within an hour.
cat >"$T/sla.json" <<'EOF'
{"version": 1, "name": "soak", "timezone": "UTC", "business_hours": {},
 "qualification": {"mql_threshold": 10,
   "fit": [{"name": "titled", "points": 10, "when": {"title": {"present": true}}}]},
 "response": [{"name": "mql", "when": {"stage": "mql"}, "first_touch": {"within": "1h", "business": false}}],
 "routing": [{"name": "all", "pool": "reps"}],
 "pools": {"reps": {"members": ["r1", "r2", "r3", "r4", "r5"]}},
 "reasons": {"disqualified": ["spam"], "nurture": ["not_ready"], "lost": ["price"]}}
EOF
run init --sla "$T/sla.json"
expect_rc 0
python3 - "$T/big.csv" "$ROWS" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Email,First Name,Job Title,Company\n")
    for i in range(int(sys.argv[2])):
        f.write("imp%d@co%d.example,Name%d,Engineer,Co %d\n" % (i, i % 997, i, i % 997))
PY

end=$(($(date +%s) + SECS))
# One rep: add a lead (routed), touch it with a unique note, move it to sql,
# look at the work list; every success is logged, every failure kept.
rep() {
	n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((n + 1))
		e="rep$1-$n@soak.example"
		if "$LEADCTL_BIN" add --email "$e" --title CTO --company "Soak $1" >/dev/null 2>>"$T/rep$1.err"; then
			echo "add $e" >>"$T/rep$1.log"
		else
			echo "add $e: exit $?" >>"$T/rep$1.err"
			continue
		fi
		if "$LEADCTL_BIN" touch "$e" --channel call --outcome no_answer --note "note-$1-$n" >/dev/null 2>>"$T/rep$1.err"; then
			echo "touch note-$1-$n" >>"$T/rep$1.log"
		else
			echo "touch $e: exit $?" >>"$T/rep$1.err"
		fi
		if "$LEADCTL_BIN" stage "$e" sql >/dev/null 2>>"$T/rep$1.err"; then
			echo "stage $e" >>"$T/rep$1.log"
		else
			echo "stage $e: exit $?" >>"$T/rep$1.err"
		fi
		"$LEADCTL_BIN" next --owner "r$((n % 5 + 1))" --limit 3 >/dev/null 2>>"$T/rep$1.err" ||
			echo "next: exit $?" >>"$T/rep$1.err"
		echo "next" >>"$T/rep$1.log"
	done
}
# cron: sla check in a loop, two hours later (every untouched lead breaches).
cron() {
	while [ "$(date +%s)" -lt "$end" ]; do
		LEADCTL_NOW=2026-11-20T12:00:00Z "$LEADCTL_BIN" sla check --json >>"$T/check.out" 2>>"$T/check.err"
		rc=$?
		[ $rc -le 1 ] || echo "sla check: exit $rc" >>"$T/check.err"
		echo check >>"$T/check.log"
	done
}
start=$(date +%s)
(
	"$LEADCTL_BIN" import "$T/big.csv" >"$T/import.out" 2>"$T/import.err"
	echo $? >"$T/import.rc"
) &
cron &
p=1
while [ $p -le "$PROCS" ]; do
	rep $p &
	p=$((p + 1))
done
wait
# One last check after everyone stopped: what is still due is reported now.
LEADCTL_NOW=2026-11-20T12:00:00Z "$LEADCTL_BIN" sla check --json >>"$T/check.out" 2>>"$T/check.err"
secs_taken=$(($(date +%s) - start))

STEP="import during the soak"
[ "$(cat "$T/import.rc")" = 0 ] && ok || fail "import exit $(cat "$T/import.rc"): $(cat "$T/import.err")"
STEP="no failure, no 'locked', no 'busy'"
cat "$T"/rep*.err "$T/check.err" "$T/import.err" >"$T/err" 2>/dev/null
expect_err_empty
expect_sql "SELECT count(*) FROM leads WHERE email LIKE 'imp%@co%.example'" "$ROWS"

cat "$T"/rep*.log >"$T/all.log"
adds=$(grep -c '^add ' "$T/all.log")
touches=$(grep -c '^touch ' "$T/all.log")
stages=$(grep -c '^stage ' "$T/all.log")
nexts=$(grep -c '^next' "$T/all.log")
checks=$(wc -l <"$T/check.log")
STEP="the reps did something"
[ "$adds" -ge "$PROCS" ] && ok || fail "only $adds adds"
# Every change present exactly once.
expect_sql "SELECT count(*) FROM leads WHERE email LIKE 'rep%@soak.example'" "$adds"
expect_sql "SELECT count(*), count(DISTINCT note) FROM touches WHERE note LIKE 'note-%'" "$touches|$touches"
expect_sql "SELECT count(*) FROM stage_history h JOIN leads l ON l.id = h.lead_id
	WHERE h.to_stage = 'sql' AND l.email LIKE 'rep%@soak.example'" "$stages"
grep '^touch ' "$T/all.log" | sed 's/^touch //' | sort >"$T/notes.want"
sqlite3 "$LEADCTL_DB" "SELECT note FROM touches WHERE note LIKE 'note-%' ORDER BY note" | sort >"$T/notes.got"
STEP="the touches are the ones logged"
cmp -s "$T/notes.want" "$T/notes.got" && ok || fail "touch notes differ from the reps' logs"
# Round robin: in assignment order, each turn goes to the next member, so
# no turn is given twice and none is skipped.
expect_sql "WITH a AS (SELECT id, CAST(substr(owner, 2) AS INTEGER) AS k,
	LAG(CAST(substr(owner, 2) AS INTEGER)) OVER (ORDER BY id) AS p
	FROM assignments WHERE rule = 'all')
	SELECT count(*), sum(p IS NOT NULL AND k != p % 5 + 1) FROM a" "$((ROWS + adds))|0"
# Breaches: one per lead, at most once each; every one printed by some run.
expect_sql "SELECT count(*) FROM (SELECT lead_id FROM breaches GROUP BY lead_id, kind, rule HAVING count(*) > 1)" "0"
nb=$(sqlite3 "$LEADCTL_DB" "SELECT count(*) FROM breaches")
STEP="every breach printed once"
python3 - "$T/check.out" "$nb" <<'PY' && ok || fail "breach lines do not match the breaches table"
import json, sys
ids = [json.loads(l)["breach_id"] for l in open(sys.argv[1]).read().splitlines() if l.strip()]
n = int(sys.argv[2])
sys.exit(0 if len(ids) == len(set(ids)) == n and n > 0 else 1)
PY
expect_sql "PRAGMA integrity_check" "ok"
expect_sql "PRAGMA foreign_key_check" ""
ops=$((adds + touches + stages + nexts + checks + 1))
echo "soak: $PROCS reps + cron + an import of $ROWS rows for ${secs_taken}s: $ops operations ($adds adds, $touches touches, $stages stage moves, $nexts next, $checks sla check), $nb breaches, 0 failures"
finish
