#!/bin/sh
# `leadctl sla check` racing itself: four runs started together over a
# backlog larger than one recording chunk (500 breaches per transaction), so
# that the runs interleave between chunks.  Each breach must be recorded and
# printed exactly once, and each exhausted lead recycled exactly once.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
N=260
export LEADCTL_NOW=2026-10-01T09:00:00Z
run init
run sla use "$SLA"
expect_rc 0
# N leads in mql since Thu 2026-10-01 09:00Z, never touched.  By Dec 1 both
# deadlines of rule mql are long past: the first touch (24 business hours)
# and the 6 attempts (10 business days): 2 breaches each, and a recycle.
# One import sets them up (N processes of add + stage cost most of this
# test's time, twice that under the sanitizers); --no-historical: the rows
# state their stage, and they are work, owed from now.
awk -v n=$N 'BEGIN { print "Email,Company,Owner,Lead Status"; for (i = 1; i <= n; i++) printf "lead%d@race%d.io,Race %d,ana,MQL\n", i, i, i }' >"$T/race.csv"
run import "$T/race.csv" --no-historical
expect_rc 0
expect_out_has "$N created"
expect_sql "SELECT count(*) FROM obligations WHERE state = 'open'" "$N"

export LEADCTL_NOW=2026-12-01T09:00:00Z
for p in 1 2 3 4; do
	"$LEADCTL_BIN" sla check --json >"$T/run$p.out" 2>"$T/run$p.err" &
	eval "pid$p=\$!"
done
found=0
for p in 1 2 3 4; do
	eval "wait \$pid$p"
	rc=$?
	STEP="sla check run $p"
	case $rc in
	0) ;;
	1) found=$((found + 1)) ;;
	*) fail "exit status $rc (stderr: $(cat "$T/run$p.err"))" ;;
	esac
done
STEP="four sla check at once"
[ $found -ge 1 ] && ok || fail "no run reported the breaches"
cat "$T"/run?.err >"$T/err"
expect_err_empty
cat "$T"/run?.out >"$T/out"
python3 - "$T/out" "$N" <<'PY' && ok || fail "each breach printed once"
import json, sys
n = int(sys.argv[2])
rows = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
ids = [r["breach_id"] for r in rows]
assert len(ids) == 2 * n and len(set(ids)) == 2 * n, (len(ids), len(set(ids)))
keys = {(r["lead_id"], r["kind"]) for r in rows}
assert keys == {(i, k) for i in range(1, n + 1) for k in ("first_touch", "attempts_exhausted")}
assert all(r["action"] == "recycle" for r in rows if r["kind"] == "attempts_exhausted")
PY
expect_sql "SELECT count(*), count(DISTINCT lead_id || '/' || kind) FROM breaches" "$((2 * N))|$((2 * N))"
expect_sql "SELECT count(*), count(DISTINCT lead_id) FROM stage_history WHERE to_stage = 'nurture' AND actor = 'sla' AND reason = 'no_response'" "$N|$N"
expect_sql "SELECT count(*) FROM leads WHERE stage = 'nurture'" "$N"
# And nothing is left to find.
run sla check
expect_rc 0
expect_out_empty
finish
