#!/bin/sh
# Regenerate the seed corpora of tests/fuzz/corpus from the test fixtures:
# each seed is one selector byte (see the harness) followed by the input.
# Crash inputs found by scripts/fuzz.sh are added by hand as crash-*.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
c=$root/tests/fuzz/corpus
mkdir -p "$c/csv" "$c/sla" "$c/parse"
seed() { # DIR NAME SELECTOR-OCTAL FILE|-
	{ printf "\\$3"; if [ "$4" = - ]; then cat; else cat "$4"; fi; } >"$c/$1/seed-$2"
}
for f in "$root"/tests/fixtures/csv/*.csv "$root"/tests/fixtures/csv/*.tsv "$root"/tests/fixtures/import/*.csv; do
	n=$(basename "$f")
	seed csv "$n" 000 "$f"
	seed csv "small-$n" 040 "$f"
done
seed csv excel-cp1252 005 "$root/tests/fixtures/csv/excel_es_cp1252.csv"
seed csv hubspot-ny-dayfirst 100 "$root/tests/fixtures/import/hubspot_lifecycle.csv"
for f in "$root"/tests/fixtures/sla/good/*.json "$root"/tests/fixtures/sla/bad/*.json "$root/sla.example.json"; do
	seed sla "$(basename "$f")" 000 "$f"
	seed sla "jsonloc-$(basename "$f")" 001 "$f"
done
for f in "$root"/tests/fixtures/import/*.map.json "$root/tests/fixtures/csv/map_full.json" "$root/examples/map.json"; do
	seed sla "map-$(basename "$f")" 002 "$f"
done
i=0
while IFS='|' read -r sel text; do
	i=$((i + 1))
	printf '%b' "$text" | seed parse "$(printf %03d $i)" "$sel" -
done <<'LIST'
000|2026-05-10T09:15:00.000Z
000|2026-05-10T09:15:00.123456789+02:00
000|15 Apr, 2021 00:03:00
000|Apr 15, 2021 9:05 PM
000|Thu, 15 Apr 2021 00:03:00 +0000
000|1715332500123
001|21/11/2026 14:05
002|5/10/2026 09:15:00
021|2026-03-08 02:30
003|%d/%m/%Y %H:%M:%S.%f\n21/11/2026 14:05:09.5
003|%Y%m%d%H%M\n202611211405
004|30m
004|10d
005|12,500.50
005|0.5
006|51-200
006|10,001+
007|2026-11-21T09:30:00Z
LIST
