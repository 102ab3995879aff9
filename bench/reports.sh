#!/bin/sh
# bench/reports.sh: the reports over long periods (issue 13), against hand-written indexed
# queries that give the same totals; prints a table (docs/benchmarks.md, "Reports").
#
#   sh bench/reports.sh                 1M leads, two years of history
#   sh bench/reports.sh 100000          another size
#   BASE=/path/to/old/leadctl sh bench/reports.sh 100000
#                                       also the same table for another binary, on a copy of the
#                                       same data made with its own schema (before / after)
#
# Environment: BENCH_DIR (scratch space, default /tmp/leadctl-bench), BENCH_RUNS (runs per
# report, the median is shown; default 3), BENCH_SEED (default 42), BENCH_KEEP=1 keeps the
# databases.  bench/run.sh runs this at its largest size when BENCH_REPORTS=1.
#
# 1. builds a Release binary in build-bench/ (scripts/build.sh), unless LEADCTL is given;
# 2. makes a database with `leadctl init --sla sla.example.json` and fills it with
#    bench/gen_history.py (deterministic: the same N and seed give the same rows);
# 3. runs bench/reports.py: each report over one month, one year and all history, leadctl's CPU
#    time against the floor's, and a check that both give the same totals (exit 1 if not);
#    then `sla simulate sla.example.json` over one year and over all history (CPU time).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
dir=${BENCH_DIR:-/tmp/leadctl-bench}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-42}
case $n in '' | *[!0-9]*) echo "bench/reports.sh: '$n' is not a number of leads" >&2; exit 64 ;; esac
command -v python3 >/dev/null 2>&1 || { echo "bench/reports.sh: python3 is missing (apt-get install -y python3)" >&2; exit 69; }
mkdir -p "$dir"
if [ -z "${LEADCTL:-}" ]; then
	sh "$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS= \
		>"$dir/reports-build.log" 2>&1 || { echo "bench/reports.sh: the build failed: see $dir/reports-build.log" >&2; exit 70; }
	LEADCTL="$root/build-bench/leadctl"
fi

# fill BIN DB: a database of n leads made with BIN's schema
fill() {
	rm -f "$2" "$2-wal" "$2-shm"
	LEADCTL_NOW=2024-11-30T00:00:00Z "$1" --db "$2" init --sla "$root/sla.example.json" >/dev/null
	python3 "$root/bench/gen_history.py" "$2" "$n" --seed "$seed"
}

db="$dir/reports-$n.db"
echo "## leadctl report at $n leads ($("$LEADCTL" --version 2>/dev/null | head -1))"
fill "$LEADCTL" "$db"
python3 "$root/bench/reports.py" "$LEADCTL" "$db" --runs "$runs" --simulate "$root/sla.example.json" || rc=$?
if [ -n "${BASE:-}" ]; then
	echo
	echo "## the same with $BASE"
	fill "$BASE" "$dir/reports-$n-base.db"
	python3 "$root/bench/reports.py" "$BASE" "$dir/reports-$n-base.db" --runs "$runs" \
		--simulate "$root/sla.example.json" || true
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$db" "$db-wal" "$db-shm" "$dir/reports-$n-base.db"*
exit "${rc:-0}"
