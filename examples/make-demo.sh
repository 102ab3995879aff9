#!/bin/sh
# Build a demo database of a working team's quarter and show what a rep
# and a manager see on Monday morning (23 Nov 2026, 09:30 in Madrid).
# examples/gen-quarter.py writes the quarter (deterministic: the same data
# every time): ~300 form fills since 1 September from six channels, the
# monthly spend, and what the reps did (touches, SQLs, wins and losses).
# Expects LEADCTL_BIN and LEADCTL_DB (scripts/demo.sh sets them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lc() { "$LEADCTL_BIN" "$@"; }
export LEADCTL_NOW=${LEADCTL_NOW:-2026-11-23T08:30:00Z}
export LEADCTL_USER=${LEADCTL_USER:-demo}
work="${LEADCTL_DB}.quarter"

rm -rf "$work" "${LEADCTL_DB}.rejects.csv" # import never writes over a file
python3 "$here/gen-quarter.py" "$work"
# The example SLA with this small team's commitment (25 MQLs a month),
# in force since the quarter began, so the weekly report can compare.
python3 -c 'import json, sys
sla = json.load(open(sys.argv[1]))
sla["commitments"]["mql_per_month"] = 25
json.dump(sla, open(sys.argv[2], "w"), indent=1)' "$here/../sla.example.json" "$work/sla.json"
LEADCTL_NOW=2026-09-01T00:00:00Z lc init --sla "$work/sla.json"
lc import "$work/quarter.csv" --map "$here/map.json" --rejects "${LEADCTL_DB}.rejects.csv"
lc spend import "$work/spend.csv" >/dev/null
# The reps' quarter, in time order.
while IFS= read -r action; do
	# shellcheck disable=SC2086
	lc $action >/dev/null
done <"$work/actions.txt"
echo "the reps' work: $(wc -l <"$work/actions.txt") touches and stage moves replayed"

echo
echo "== leadctl next --limit 10   (what to do now, most urgent first)"
lc next --limit 10
echo
echo "== leadctl report funnel   (last week)"
lc report funnel
echo
echo "== leadctl report cac --month 2026-11"
lc report cac --month 2026-11
html=${LEADCTL_DEMO_HTML:-"${LEADCTL_DB%.db}-weekly.html"}
lc report weekly -o "$html"
echo
echo "== the manager's weekly report (open it in a browser, mail it or print it):"
echo "$html"
