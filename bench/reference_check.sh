#!/bin/sh
# bench/reference_check.sh: check that the set-based SQL reference
# (bench/reference_import.sql) writes what `leadctl import` writes.
#
#   sh bench/reference_check.sh [N [BASE]]   (default 10000 rows, no base)
#
# Writes bench/gen_form.py's N-row form CSV, makes one database with
# `leadctl init --sla sla.example.json` (with BASE: and imports a first
# BASE-row file into it with leadctl, so that the file checked, of other
# people -- gen_form.py --first-person BASE --seed SEED+1 -- goes into a
# database with BASE rows' leads, owners at capacity and pools' turns),
# copies it, imports the file into one
# copy with leadctl (--map bench/form_map.json --rejects) and into the other
# with bench/reference_import.sh, then compares every table of the two
# databases row by row, all columns (EXCEPT both ways, so a REAL must be the
# same double), and the rejected lines.  Prints the rows that differ and
# exits 1 when anything does; prints "identical" and exits 0 otherwise.
# Nothing is excluded: the clock (LEADCTL_NOW), the user, the file and the
# reject file's path are the same for both, so even the import log's
# options and started_at must match.
#
# Environment: LEADCTL (the binary; default build/leadctl, built when
# missing), BENCH_DIR (scratch, default /tmp/leadctl-refcheck), BENCH_SEED.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
base=${2:-0}
case $n$base in '' | *[!0-9]*) echo "reference_check.sh: '$n' or '$base' is not a number of rows" >&2; exit 64 ;; esac
seed=${BENCH_SEED:-42}
dir=${BENCH_DIR:-/tmp/leadctl-refcheck}
lc=${LEADCTL:-$root/build/leadctl}
case $lc in /*) ;; *) lc=$(pwd)/$lc ;; esac
[ -x "$lc" ] || sh "$root/scripts/build.sh" >/dev/null
export LEADCTL_NOW=2026-11-20T10:00:00Z LEADCTL_USER=bench
unset LEADCTL_DB TZ || true
mkdir -p "$dir"
cd "$dir"
rm -f init.db lc.db ref.db lc.db-wal lc.db-shm rejects.csv rejects.lc.csv rejects.ref.csv base.csv
"$lc" --db init.db init --sla "$root/sla.example.json" >/dev/null
if [ "$base" -gt 0 ]; then
	python3 "$root/bench/gen_form.py" "$base" --seed "$seed" -o base.csv
	"$lc" --db init.db import base.csv --map "$root/bench/form_map.json" >/dev/null 2>&1
	echo "base: $(sqlite3 init.db "SELECT count(*) || ' leads, owners ' || (SELECT group_concat(owner || ' ' || n, ', ')
		FROM (SELECT owner, count(*) AS n FROM leads WHERE owner IS NOT NULL GROUP BY owner ORDER BY owner))
		FROM leads")"
	python3 "$root/bench/gen_form.py" "$n" --seed $((seed + 1)) --first-person "$base" -o form.csv
else
	python3 "$root/bench/gen_form.py" "$n" --seed "$seed" -o form.csv
fi
cp init.db ref.db
cp init.db lc.db
"$lc" --db lc.db import form.csv --map "$root/bench/form_map.json" --rejects rejects.csv
mv rejects.csv rejects.lc.csv
sh "$root/bench/reference_import.sh" ref.db form.csv "$root/bench/form_map.json" rejects.csv
mv rejects.csv rejects.ref.csv

status=0
echo "A: leadctl import, B: the reference"
sh "$root/bench/compare_dbs.sh" lc.db ref.db || status=1
lc_lines=$(tail -n +2 rejects.lc.csv | grep -o '^[0-9]*' | tr '\n' ' ')
ref_lines=$(tail -n +2 rejects.ref.csv | tr '\n' ' ')
printf '%-24s %9s %9s\n' "rejected lines" "$(echo $lc_lines | wc -w)" "$(echo $ref_lines | wc -w)"
if [ "$lc_lines" != "$ref_lines" ]; then
	status=1
	echo "    leadctl:   $lc_lines"
	echo "    reference: $ref_lines"
fi
if [ $status = 0 ]; then
	echo "identical: every table, row by row, and the rejected lines ($n rows$([ "$base" -gt 0 ] && echo ", after $base"))"
else
	echo "DIFFERENT (see above; the databases are in $dir)"
fi
exit $status
