#!/bin/sh
# bench/run.sh: leadctl's benchmarks against the quality bars of the product
# brief; prints tables (docs/benchmarks.md says what they mean).
#
#   sh bench/run.sh                10k, 100k and 1M leads (about 12 minutes)
#   sh bench/run.sh quick          10k and 100k only (about 2 minutes)
#   sh bench/run.sh 20000 300000   these sizes
#   sh bench/run.sh import [N...]  the import bench only (default 100000 rows):
#                                  bench/gen_form.py's 12-column form CSV into
#                                  a new database with sla.example.json,
#                                  against sqlite3's `.import` of the same
#                                  file in the same run (issue 13's targets),
#                                  and the set-based SQL reference that
#                                  writes the same rows
#                                  (bench/reference_import.sql; checked by
#                                  bench/reference_check.sh)
#
# Environment:
#   BENCH_DIR   scratch space (default /tmp/leadctl-bench); the big files
#               are deleted at the end unless BENCH_KEEP=1
#   BENCH_RUNS  runs per query; the table shows the median (default 5)
#   BENCH_SEED  the generator's seed (default 42)
#   BENCH_IMPORT_ARGS  extra `leadctl import` options in import mode
#               (e.g. --row-by-row, to measure the per-row path)
#   BENCH_BASE  import mode: start each run from a database holding the
#               leads of a first BENCH_BASE-row file (imported once by
#               leadctl, not timed); the timed file is then of other people
#               (gen_form.py --first-person), as the SQL reference requires
#
# What it does:
#   1. builds a Release binary in build-bench/ with scripts/build.sh;
#   2. for each size N: writes N leads as a web-form CSV (bench/gen_leads.py)
#      and times sqlite3's own `.import --csv` of it and `leadctl import` of
#      it into a new database, with sla.example.json installed and without
#      (wall time and peak RSS from /usr/bin/time);
#   3. on the largest size's database (imported with the SLA): adds a sales
#      team's activity (bench/activity.sql), runs `sla check` once a day
#      before "now" to work off the backlog that a cron job would have
#      handled, then times `next`, `show`, `list`, the reports, `sla check`
#      (first and idle run) and `sla simulate`: medians of BENCH_RUNS runs
#      with hyperfine when it is installed, else with date(1).
# The clock is fixed (LEADCTL_NOW) so that every run does the same work.
# Nothing here runs in the test suite.  Paths must not contain spaces
# (commands are word-split, as hyperfine -N splits them).
# shellcheck disable=SC2086,SC2046
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/leadctl-bench}
runs=${BENCH_RUNS:-5}
seed=${BENCH_SEED:-42}
now=2026-11-20T10:00:00Z          # the data ends the day before
backlog_now=2026-11-19T10:00:00Z  # `sla check` of the day before
month=2026-10                     # the last complete month of the data

mode=all
case "${1:-}" in
import)
	mode=import
	shift
	sizes=${*:-100000}
	runs=${BENCH_RUNS:-3}
	;;
quick) sizes="10000 100000" ;;
'') sizes="10000 100000 1000000" ;;
*) sizes="$*" ;;
esac
largest=0
for n in $sizes; do
	case $n in *[!0-9]*) echo "bench/run.sh: '$n' is not a number of leads (or 'quick')" >&2; exit 64 ;; esac
	[ "$n" -gt "$largest" ] && largest=$n
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench/run.sh: $1 is missing ($2)" >&2; exit 69; }; }
need python3 "apt-get install -y python3"
need sqlite3 "apt-get install -y sqlite3"
need cmake "run scripts/deps.sh"
[ -x /usr/bin/time ] || { echo "bench/run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 69; }
hyperfine=$(command -v hyperfine || true)

mkdir -p "$dir"
free_mb=$(df -Pm "$dir" | awk 'NR == 2 {print $4}')
want_mb=$((largest / 250 + 200))  # CSV, two databases and a WAL: about 4 KB a lead
if [ "$free_mb" -lt "$want_mb" ]; then
	echo "bench/run.sh: $dir has $free_mb MB free, $want_mb MB needed" >&2
	exit 73
fi

export LEADCTL_NOW=$now LEADCTL_USER=bench
unset LEADCTL_DB TZ || true

# ---- build -------------------------------------------------------------------
# -DCMAKE_C_FLAGS= resets what an earlier fallback left in the cache.
build_note="Release (-O3)"
if ! sh "$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS= \
	2>"$dir/build.log"; then
	build_note="Release (-O3) with -Wno-error=format-overflow (the plain Release build fails: see $dir/build.log)"
	if ! sh "$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS=-Wno-error=format-overflow 2>>"$dir/build.log"; then
		build_note="RelWithDebInfo (-O2 -g): the Release build fails, see $dir/build.log"
		sh "$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS= \
			2>>"$dir/build.log"
	fi
fi
lc="$root/build-bench/leadctl"
has() { "$lc" help "$1" >/dev/null 2>&1; }

# ---- the machine --------------------------------------------------------------
echo "# leadctl benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
echo "- build: $build_note"
echo "- cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "- ram: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); disk: $(df -Ph "$dir" | awk 'NR == 2 {print $1 " " $2}')"
echo "- kernel: $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(gcc --version | head -1); SQLite $(sqlite3 --version | cut -d' ' -f1) (library and shell)"
echo "- timing: $([ -n "$hyperfine" ] && "$hyperfine" --version || echo 'date(1) loop, no hyperfine'); median of $runs runs; LEADCTL_NOW=$now"

# ---- helpers ------------------------------------------------------------------
# median of the numbers on stdin (the lower middle one, as in docs/reports.md)
median() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }

# time_once OUT CMD...: run CMD once; "seconds peak_kb status" into OUT.
time_once() {
	out=$1
	shift
	/usr/bin/time -o "$out" -f '%e %M %x' "$@" >"$dir/stdout.txt" 2>"$dir/stderr.txt" || true
	tail -1 "$out" >"$out.last" && mv "$out.last" "$out"
}

# import_row N CSV: the table row of size N.
import_row() {
	n=$1 csv=$2
	k=1
	[ "$n" -le 100000 ] && k=3
	: >"$dir/t.sqlite" && : >"$dir/t.sla" && : >"$dir/t.nosla"
	rss_sla=0 rss_nosla=0
	i=0
	while [ $i -lt 3 ]; do  # the shell's .import: always 3 runs, it is quick
		rm -f "$dir/shell.db"
		t0=$(date +%s%N)
		sqlite3 "$dir/shell.db" ".import --csv $csv t"
		t1=$(date +%s%N)
		awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.3f\n", ns / 1e9}' >>"$dir/t.sqlite"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt $k ]; do
		for mode in sla nosla; do
			rm -f "$dir/$mode.db" "$dir/$mode.db-wal" "$dir/$mode.db-shm"
			if [ $mode = sla ]; then
				"$lc" --db "$dir/$mode.db" init --sla "$root/sla.example.json" >/dev/null
			else
				"$lc" --db "$dir/$mode.db" init >/dev/null
			fi
			time_once "$dir/t" "$lc" --db "$dir/$mode.db" import "$csv" --map "$root/bench/map.json" \
				--rejects "$dir/rejects.csv"
			[ "$(cut -d' ' -f3 "$dir/t")" = 0 ] || { echo "bench/run.sh: import failed:" >&2; cat "$dir/stderr.txt" >&2; exit 70; }
			[ $mode = sla ] && cp "$dir/stdout.txt" "$dir/summary.txt"
			cut -d' ' -f1 "$dir/t" >>"$dir/t.$mode"
			r=$(cut -d' ' -f2 "$dir/t")
			[ $mode = sla ] && [ "$r" -gt "$rss_sla" ] && rss_sla=$r
			[ $mode = nosla ] && [ "$r" -gt "$rss_nosla" ] && rss_nosla=$r
		done
		i=$((i + 1))
	done
	summary=$(sed -n 's/^import [0-9]*: [^:]*: //p' "$dir/summary.txt")
	s=$(median <"$dir/t.sqlite") a=$(median <"$dir/t.sla") b=$(median <"$dir/t.nosla")
	mb=$(du -m "$csv" | cut -f1)
	awk -v n="$n" -v mb="$mb" -v k="$k" -v s="$s" -v a="$a" -v b="$b" -v ra="$rss_sla" -v rb="$rss_nosla" 'BEGIN {
		printf "| %d | %d | %d | %.3f | %.2f (%.0f/s) | %.0fx | %.1f | %.2f (%.0f/s) | %.0fx | %.1f |\n",
			n, mb, k, s, a, n / a, a / s, ra / 1024, b, n / b, b / s, rb / 1024 }'
	echo "$n: $summary" >>"$dir/import-summaries.txt"
}

# query LABEL RUNS CMD...: one table row: median, min, max in ms, peak RSS.
query() {
	label=$1 k=$2
	shift 2
	if [ -n "$hyperfine" ]; then
		warm=1
		[ "$k" -eq 1 ] && warm=0
		"$hyperfine" -N -i --warmup $warm --runs "$k" --export-csv "$dir/h.csv" "$*" >/dev/null 2>&1
		stats=$(awk -F, 'NR == 2 {printf "%.1f %.1f %.1f", $4 * 1000, $7 * 1000, $8 * 1000}' "$dir/h.csv")
	else
		: >"$dir/q.ms"
		if [ "$k" -gt 1 ]; then "$@" >/dev/null 2>&1 || true; fi
		i=0
		while [ $i -lt "$k" ]; do
			t0=$(date +%s%N)
			"$@" >/dev/null 2>&1 || true
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000)) >>"$dir/q.ms"
			i=$((i + 1))
		done
		stats=$(awk '{printf "%.1f\n", $1 / 1000}' "$dir/q.ms" | sort -n |
			awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)], v[1], v[NR]}')
	fi
	[ -n "$stats" ] || stats="? ? ?"
	time_once "$dir/t" "$@"
	set -- $stats
	printf '| %s | %s | %s | %s | %.1f | %s |\n' "$label" "$1" "$2" "$3" \
		"$(awk '{print $2 / 1024}' "$dir/t")" "$(cut -d' ' -f3 "$dir/t")"
}

# once LABEL CMD...: a command that changes the database: one run.
once() {
	label=$1
	shift
	t0=$(date +%s%N)
	time_once "$dir/t" "$@"
	t1=$(date +%s%N)
	set -- $(cat "$dir/t")
	printf '| %s | %.1f | | | %.1f | %s |\n' "$label" "$(awk -v ns=$((t1 - t0)) 'BEGIN {print ns / 1e6}')" \
		"$(awk -v k="$2" 'BEGIN {print k / 1024}')" "$3"
}

skip() { printf '| %s | n/a: %s | | | | |\n' "$1" "$2"; }

# ---- import mode: the form CSV against .import -----------------------------------
# Medians of BENCH_RUNS interleaved runs (.import, then leadctl); wall and
# CPU (user + system) seconds and peak RSS of the whole process, from
# /usr/bin/time.
if [ $mode = import ]; then
	echo
	if [ "${BENCH_BASE:-0}" -gt 0 ]; then
		echo "## Import of a 12-column form CSV (bench/gen_form.py) into a database with sla.example.json and the leads of a ${BENCH_BASE}-row file"
	else
		echo "## Import of a 12-column form CSV (bench/gen_form.py) into a new database with sla.example.json"
	fi
	echo
	echo "leadctl import FILE --map bench/form_map.json --rejects FILE --timing${BENCH_IMPORT_ARGS:+ $BENCH_IMPORT_ARGS}"
	echo
	echo "(ratios: leadctl/.import; the reference is bench/reference_import.sql, the set-based SQL import that writes the same rows, checked by bench/reference_check.sh)"
	echo
	echo "| rows | CSV MB | runs | .import wall s | .import CPU s | leadctl wall s | leadctl CPU s | wall ratio | CPU ratio | rows/s | .import RSS MB | leadctl RSS MB | reference wall s | reference CPU s | reference RSS MB | leadctl/reference wall | leadctl/reference CPU | reference/.import wall | reference/.import CPU |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	: >"$dir/sum.txt"
	for n in $sizes; do
		csv="$dir/form-$n.csv"
		# the database each run starts from: a new one, or (BENCH_BASE=M)
		# one with an M-row file imported, the timed file then of other people
		rm -f "$dir/base.db" "$dir/base.db-wal" "$dir/base.db-shm"
		"$lc" --db "$dir/base.db" init --sla "$root/sla.example.json" >/dev/null
		if [ "${BENCH_BASE:-0}" -gt 0 ]; then
			python3 "$root/bench/gen_form.py" "$BENCH_BASE" --seed "$seed" -o "$dir/base.csv"
			"$lc" --db "$dir/base.db" import "$dir/base.csv" --map "$root/bench/form_map.json" >/dev/null 2>&1
			rm -f "$dir/base.csv"
			python3 "$root/bench/gen_form.py" "$n" --seed $((seed + 1)) --first-person "$BENCH_BASE" -o "$csv"
		else
			python3 "$root/bench/gen_form.py" "$n" --seed "$seed" -o "$csv"
		fi
		: >"$dir/s.txt" && : >"$dir/l.txt" && : >"$dir/r.txt"
		i=0
		while [ $i -lt "$runs" ]; do
			rm -f "$dir/shell.db" "$dir/imp.db" "$dir/imp.db-wal" "$dir/imp.db-shm" "$dir/rejects.csv" "$dir/ref.db"
			/usr/bin/time -o "$dir/t" -f '%e %U %S %M' sqlite3 "$dir/shell.db" ".import --csv $csv t"
			tail -1 "$dir/t" >>"$dir/s.txt"
			cp "$dir/base.db" "$dir/imp.db"
			/usr/bin/time -o "$dir/t" -f '%e %U %S %M %x' "$lc" --db "$dir/imp.db" import "$csv" \
				--map "$root/bench/form_map.json" --rejects "$dir/rejects.csv" --timing ${BENCH_IMPORT_ARGS:-} \
				>"$dir/stdout.txt" 2>"$dir/stderr.txt" || true
			tail -1 "$dir/t" >>"$dir/l.txt"
			[ "$(tail -1 "$dir/t" | cut -d' ' -f5)" = 0 ] || { echo "bench/run.sh: import failed:" >&2; cat "$dir/stderr.txt" >&2; exit 70; }
			# the phases and the write lock (--timing), of the last run
			sed -n 's/^leadctl: import: .*: timing: //p' "$dir/stderr.txt" >"$dir/timing.txt"
			# the set-based SQL reference, into the same new database
			cp "$dir/base.db" "$dir/ref.db"
			/usr/bin/time -o "$dir/t" -f '%e %U %S %M %x' sh "$root/bench/reference_import.sh" "$dir/ref.db" "$csv" \
				"$root/bench/form_map.json" "$dir/rejects.csv" >"$dir/ref-stdout.txt" 2>"$dir/stderr.txt" || true
			tail -1 "$dir/t" >>"$dir/r.txt"
			[ "$(tail -1 "$dir/t" | cut -d' ' -f5)" = 0 ] || { echo "bench/run.sh: the reference import failed:" >&2; cat "$dir/stderr.txt" >&2; exit 70; }
			i=$((i + 1))
		done
		echo "    $(sed -n 's/^import [0-9]*: [^:]*: //p' "$dir/stdout.txt")" >>"$dir/sum.txt"
		echo "    timing: $(cat "$dir/timing.txt")" >>"$dir/sum.txt"
		echo "    reference: $(sed -n 's/^reference import [0-9]*: [^:]*: //p' "$dir/ref-stdout.txt")" >>"$dir/sum.txt"
		mb=$(du -m "$csv" | cut -f1)
		sw=$(awk '{print $1}' "$dir/s.txt" | median) sc=$(awk '{print $2 + $3}' "$dir/s.txt" | median)
		lw=$(awk '{print $1}' "$dir/l.txt" | median) lcpu=$(awk '{print $2 + $3}' "$dir/l.txt" | median)
		sr=$(awk '{print $4}' "$dir/s.txt" | sort -n | tail -1) lr=$(awk '{print $4}' "$dir/l.txt" | sort -n | tail -1)
		rw=$(awk '{print $1}' "$dir/r.txt" | median) rc=$(awk '{print $2 + $3}' "$dir/r.txt" | median)
		rr=$(awk '{print $4}' "$dir/r.txt" | sort -n | tail -1)
		awk -v n="$n" -v mb="$mb" -v k="$runs" -v sw="$sw" -v sc="$sc" -v lw="$lw" -v lc="$lcpu" -v sr="$sr" -v lr="$lr" \
			-v rw="$rw" -v rc="$rc" -v rr="$rr" 'BEGIN {
			printf "| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx | %.0f | %.1f | %.1f | %.2f | %.2f | %.1f | %.2fx | %.2fx | %.1fx | %.1fx |\n",
				n, mb, k, sw, sc, lw, lc, lw / sw, lc / sc, n / lw, sr / 1024, lr / 1024,
				rw, rc, rr / 1024, lw / rw, lc / rc, rw / sw, rc / sc }'
		[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$csv"
	done
	echo
	cat "$dir/sum.txt"
	rm -f "$dir/shell.db" "$dir/imp.db" "$dir/imp.db-wal" "$dir/imp.db-shm" "$dir/ref.db" "$dir/base.db" "$dir/rejects.csv" \
		"$dir"/*.txt "$dir/t"
	exit 0
fi

# ---- import -------------------------------------------------------------------
echo
echo "## Import: leadctl import vs sqlite3 .import of the same CSV"
echo
echo "| leads | CSV MB | leadctl runs | sqlite3 .import s (3 runs) | leadctl, SLA: s (rows/s) | vs .import | peak RSS MB | leadctl, no SLA: s (rows/s) | vs .import | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
: >"$dir/import-summaries.txt"
for n in $sizes; do
	csv="$dir/leads-$n.csv"
	python3 "$root/bench/gen_leads.py" "$n" --seed "$seed" -o "$csv"
	import_row "$n" "$csv"
	rm -f "$dir/shell.db" "$dir/nosla.db" "$dir/nosla.db-wal" "$dir/nosla.db-shm"
	if [ "$n" -eq "$largest" ]; then
		mv "$dir/sla.db" "$dir/big.db"
	else
		rm -f "$dir/sla.db" "$dir/sla.db-wal" "$dir/sla.db-shm"
	fi
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$csv"
done
echo
sed 's/^/    /' "$dir/import-summaries.txt"

# ---- queries on the largest database --------------------------------------------
db="$dir/big.db"
LC="$lc --db $db"
echo
echo "## Queries at $largest leads (warm cache)"
echo
t0=$(date +%s)
sqlite3 -cmd '.parameter init' -cmd ".parameter set @now $(date -u -d "$now" +%s)" "$db" \
	<"$root/bench/activity.sql" | sed 's/^/    /'
echo "    (bench/activity.sql: $(($(date +%s) - t0)) s)"
# Marketing spend per channel and month, through the product when it can.
python3 - "$dir/spend.csv" <<'EOF'
import sys
channels = [("webinar", "nov-webinar", 3000), ("paid_search", "spring_brand", 4500), ("linkedin", "abm-q4", 2400),
            ("partner", "", 1000), ("events", "expo-2026", 1800), ("paid_social", "spring_retarget", 2000)]
days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
with open(sys.argv[1], "w") as f:
    f.write("channel,campaign,start_date,end_date,amount,currency\n")
    for y, m in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]:
        for ch, camp, eur in channels:
            f.write(f"{ch},{camp},{y}-{m:02d}-01,{y}-{m:02d}-{days[m - 1]},{eur}.00,EUR\n")
EOF
if has "spend import"; then
	echo "    spend: $("$lc" --db "$db" spend import "$dir/spend.csv" 2>&1 | head -1)"
else
	echo "    spend: none (no 'spend import' command in this build: cac shows no costs)"
fi
echo "    $(sqlite3 "$db" "SELECT group_concat(stage || ' ' || n, ', ') FROM (SELECT stage, count(*) AS n FROM leads GROUP BY stage ORDER BY n DESC)")"
echo
echo "| command | median ms | min ms | max ms | peak RSS MB | exit |"
echo "|---|---:|---:|---:|---:|---:|"
if has "sla check"; then
	(
		export LEADCTL_NOW=$backlog_now
		once "sla check, backlog (the day before, once)" $LC sla check --json
	)
	echo "    backlog: $(wc -l <"$dir/stdout.txt") breaches recorded" >"$dir/backlog.txt"
else
	skip "sla check, backlog" "no 'sla check' command in this build"
fi
won=$(sqlite3 "$db" "SELECT max(lead_id) FROM stage_history WHERE to_stage = 'won'")
email=$(sqlite3 "$db" "SELECT email FROM leads WHERE id = $won")
big_owner=$(sqlite3 "$db" "SELECT owner FROM leads WHERE owner IS NOT NULL AND stage IN ('mql', 'sql') GROUP BY owner ORDER BY count(*) DESC LIMIT 1")
if has next; then
	query "next --owner ana (a capped book)" "$runs" $LC next --owner ana
	query "next --owner $big_owner (the biggest book)" "$runs" $LC next --owner "$big_owner"
	query "next (every owner, first 20)" "$runs" $LC next
	query "next --owner - (unassigned)" "$runs" $LC next --owner -
else
	skip "next" "no 'next' command in this build"
fi
query "show $won (a won lead, by id)" "$runs" $LC show "$won"
query "show (the same lead by e-mail)" "$runs" $LC show "$email"
query "list --stage mql --limit 50" "$runs" $LC list --stage mql --limit 50
query "list --stage sql --sort score --limit 50" "$runs" $LC list --stage sql --sort score --limit 50
query "list --since 2026-11-01 --limit 50" "$runs" $LC list --since 2026-11-01 --limit 50
for r in funnel response velocity leak cac; do
	query "report $r --month $month" "$runs" $LC report $r --month $month
done
query "report funnel --month $month --by source" "$runs" $LC report funnel --month $month --by source
query "report leak --month $month --by owner" "$runs" $LC report leak --month $month --by owner
query "report funnel --since 2025-01-01 (all history)" 1 $LC report funnel --since 2025-01-01
query "report cac --since 2025-01-01 (all history)" 1 $LC report cac --since 2025-01-01
if has "sla check"; then
	once "sla check, first run (a day of new breaches)" $LC sla check --json
	echo "    first run: $(wc -l <"$dir/stdout.txt") new breaches" >>"$dir/backlog.txt"
	query "sla check, idle second run" "$runs" $LC sla check --json
fi
python3 - "$root/sla.example.json" "$dir/candidate.json" <<'EOF'
import json, sys
sla = json.load(open(sys.argv[1]))
sla["name"] = "candidate: MQL at 90"
sla["qualification"]["mql_threshold"] = 90
json.dump(sla, open(sys.argv[2], "w"), indent=1)
EOF
query "sla simulate candidate --since 2026-10-01" 1 $LC sla simulate "$dir/candidate.json" --since 2026-10-01
query "sla simulate candidate --since 2025-11-01 (a year)" 1 $LC sla simulate "$dir/candidate.json" --since 2025-11-01
query "sla simulate candidate (all history)" 1 $LC sla simulate "$dir/candidate.json"
echo
[ -f "$dir/backlog.txt" ] && cat "$dir/backlog.txt"
echo "    database: $(du -m "$db" | cut -f1) MB, $(sqlite3 "$db" "SELECT (SELECT count(*) FROM leads) || ' leads, ' || (SELECT count(*) FROM stage_history) || ' stage entries, ' || (SELECT count(*) FROM events) || ' events, ' || (SELECT count(*) FROM touches) || ' touches, ' || (SELECT count(*) FROM obligations) || ' obligations, ' || (SELECT count(*) FROM breaches) || ' breaches'")"
echo "    load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# the reports over long periods against their floors (bench/reports.sh), when asked
[ "${BENCH_REPORTS:-0}" = 1 ] && LEADCTL="$lc" sh "$root/bench/reports.sh" "$largest"

if [ "${BENCH_KEEP:-0}" != 1 ]; then
	rm -f "$db" "$db-wal" "$db-shm" "$dir"/*.csv "$dir"/*.txt "$dir"/t "$dir"/t.* "$dir"/h.csv "$dir"/q.ms \
		"$dir/candidate.json" "$dir/build.log"
	rmdir "$dir" 2>/dev/null || true
fi
