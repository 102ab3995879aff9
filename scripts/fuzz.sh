#!/bin/sh
# Fuzz the parsers with libFuzzer: build build-fuzz/ with clang (ASan + UBSan,
# -DLEADCTL_FUZZ=ON), then run each harness of tests/fuzz for SECONDS
# (default 20) from its committed seed corpus.  New interesting inputs are kept
# in build-fuzz/corpus/NAME; a crash input is written to build-fuzz/crashes/NAME
# and the script fails, naming it: copy it to tests/fuzz/corpus/NAME/crash-WHAT
# so ctest replays it, then fix the parser.
#
# Usage: scripts/fuzz.sh [SECONDS [NAME...]]   (NAME: csv sla parse)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
[ $# -gt 0 ] && shift
names=${*:-"csv sla parse"}
dir=$root/build-fuzz
CC=clang CXX=clang++ "$root/scripts/build.sh" "$dir" -DLEADCTL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug
status=0
for n in $names; do
	mkdir -p "$dir/corpus/$n" "$dir/crashes/$n"
	dict=""
	[ -f "$root/tests/fuzz/$n.dict" ] && dict="-dict=$root/tests/fuzz/$n.dict"
	log=$dir/fuzz-$n.log
	# shellcheck disable=SC2086
	if TZ=UTC ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$dir/fuzz_$n" -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$dir/crashes/$n/" $dict \
		"$dir/corpus/$n" "$root/tests/fuzz/corpus/$n" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz $n: ${secs}s, ${execs:-?} executions, no finding"
	else
		status=1
		echo "fuzz $n: FINDING (log: $log):" >&2
		grep -E '^(SUMMARY|==[0-9]+==ERROR)|runtime error|Test unit written' "$log" | head -5 >&2
	fi
done
exit $status
