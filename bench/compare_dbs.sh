#!/bin/sh
# bench/compare_dbs.sh: compare every table of two leadctl databases, row
# by row and column by column.
#
#   sh bench/compare_dbs.sh A.db B.db
#
# For each table of A (B must have the same tables): its row counts in A and
# B and the rows of each that the other lacks (EXCEPT both ways, so a REAL
# must be the same double and NULL must be NULL), with up to five of them
# shown.  Exits 0 when every table is equal, 1 when one differs, 64 on usage.
set -eu
[ $# -eq 2 ] || { echo "usage: sh bench/compare_dbs.sh A.db B.db" >&2; exit 64; }
a=$1 b=$2
case $b in *"'"*) echo "compare_dbs.sh: '$b': a path with a quote" >&2; exit 64 ;; esac
status=0
tables=$(sqlite3 "$a" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
others=$(sqlite3 "$b" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
[ "$tables" = "$others" ] || { echo "$a and $b have other tables"; status=1; }
printf '%-24s %9s %9s %9s %9s\n' table "rows A" "rows B" "only A" "only B"
for t in $tables; do
	set -- $(sqlite3 -separator ' ' "$a" "ATTACH '$b' AS r;
		SELECT (SELECT count(*) FROM main.\"$t\"), (SELECT count(*) FROM r.\"$t\"),
		(SELECT count(*) FROM (SELECT * FROM main.\"$t\" EXCEPT SELECT * FROM r.\"$t\")),
		(SELECT count(*) FROM (SELECT * FROM r.\"$t\" EXCEPT SELECT * FROM main.\"$t\"))")
	printf '%-24s %9s %9s %9s %9s\n' "$t" "$1" "$2" "$3" "$4"
	if [ "$1" != "$2" ] || [ "$3" != 0 ] || [ "$4" != 0 ]; then
		status=1
		sqlite3 -header "$a" "ATTACH '$b' AS r;
			SELECT 'only A' AS side, * FROM (SELECT * FROM main.\"$t\" EXCEPT SELECT * FROM r.\"$t\" LIMIT 5);
			SELECT 'only B' AS side, * FROM (SELECT * FROM r.\"$t\" EXCEPT SELECT * FROM main.\"$t\" LIMIT 5);" |
			sed 's/^/    /'
	fi
done
exit $status
