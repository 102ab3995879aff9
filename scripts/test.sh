#!/bin/sh
# The whole test suite: install what is missing, build twice (plain, and with
# AddressSanitizer + UndefinedBehaviorSanitizer), run ctest on both, then the
# unit tests and a CLI walk-through under valgrind, then the demo.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
jobs=$(nproc)
# Where the shared third-party test files are beside the checkout (CI),
# every test that reads them must find them: a missing file fails, not skips.
if [ -d "$root/../shared/data" ]; then
	export LEADCTL_REQUIRE_SHARED_DATA=1
fi
# deps.sh installed chromium: the browser test must run, not skip.
export LEADCTL_REQUIRE_BROWSER=1

echo "== plain build"
"$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure -j "$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
"$root/scripts/build.sh" "$root/build-asan" -DLEADCTL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs")

# valgrind is installed by scripts/deps.sh: its absence is a failure, never a quiet skip.
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is missing: run scripts/deps.sh as root" >&2; exit 1; }
echo "== valgrind (unit tests, $jobs side by side: valgrind runs one core each)"
mkdir -p "$root/build/valgrind-unit"
# One valgrind per core, the next test starting as soon as one ends (xargs
# -P); xargs exits non-zero when any of them found a problem.
for t in "$root"/build/test_*; do
	if [ -x "$t" ]; then
		echo "$t"
	fi
done | ROOT="$root" xargs -P "$jobs" -I{} sh -c '
	t=$1
	log="$ROOT/build/valgrind-unit/${t##*/}.log"
	s=0
	LEADCTL_SHARED_DATA="$ROOT/../shared/data" TZ=UTC valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --suppressions="$ROOT/scripts/valgrind.supp" "$t" \
		>/dev/null 2>"$log" || s=$?
	# 77: some tests were skipped (no ../shared/data), the others passed
	if [ "$s" -ne 0 ] && [ "$s" -ne 77 ]; then
		cat "$log" >&2
		echo "valgrind found problems in $t" >&2
		exit 1
	fi' sh {} || exit 1
echo "valgrind: unit tests clean"
echo "== valgrind (end-to-end: lifecycle and SLA, side by side: valgrind runs one core each)"
for t in t0300_lifecycle t0400_sla; do
	LEADCTL_BIN="$root/build/leadctl" LEADCTL_SRC="$root" \
		LEADCTL_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$root/scripts/valgrind.supp" \
		sh "$root/tests/cli/$t.sh" >"$root/build/valgrind-$t.log" 2>&1 &
	eval "pid_$t=\$!"
done
for t in t0300_lifecycle t0400_sla; do
	eval "wait \$pid_$t" || {
		cat "$root/build/valgrind-$t.log" >&2
		echo "valgrind found problems in tests/cli/$t.sh" >&2
		exit 1
	}
done
echo "valgrind: end-to-end runs clean"

echo "== libFuzzer (clang, ASan + UBSan): each parser harness for ${LEADCTL_FUZZ_SECONDS:-20} s"
"$root/scripts/fuzz.sh" "${LEADCTL_FUZZ_SECONDS:-20}"

echo "== demo"
LEADCTL_DEMO_DB="$root/build/demo-test.db" "$root/scripts/demo.sh" >/dev/null
echo "all tests passed"
