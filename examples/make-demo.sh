#!/bin/sh
# Build a demo database from the bundled sample (examples/leads.csv: a web
# form export of 42 rows, one duplicate and one bad e-mail among them) and
# show what a rep and a manager see.  Expects LEADCTL_BIN and LEADCTL_DB
# (scripts/demo.sh sets them).  The clock is fixed so the output is stable.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lc() { "$LEADCTL_BIN" "$@"; }
export LEADCTL_NOW=${LEADCTL_NOW:-2026-11-20T10:00:00Z}
export LEADCTL_USER=${LEADCTL_USER:-demo}

rm -f "${LEADCTL_DB}.rejects.csv" # import never writes over a file
lc init --sla "$here/../sla.example.json"
lc import "$here/leads.csv" --map "$here/map.json" --rejects "${LEADCTL_DB}.rejects.csv"
lc spend import "$here/spend.csv" >/dev/null

# A week of sales work on a few of the MQLs (times in the SLA's zone).
lc touch david.sanchez@cargonorte.es --channel call --outcome connected --at 2026-11-19T10:10 >/dev/null
lc stage david.sanchez@cargonorte.es sql --at 2026-11-19T10:30 --actor ana >/dev/null
lc touch irene.moreno@bravomedia.com --channel email --outcome replied --at 2026-11-10T10:00 >/dev/null
lc stage irene.moreno@bravomedia.com sql --at 2026-11-11T09:30 --actor ana >/dev/null
lc stage irene.moreno@bravomedia.com won --amount 18000 --currency EUR --at 2026-11-18T17:00 --actor ana >/dev/null
lc touch luis.navarro@nimbuspay.io --channel call --outcome no_answer --at 2026-11-09T12:00 >/dev/null
lc touch luis.navarro@nimbuspay.io --channel call --outcome voicemail --at 2026-11-10T10:00 >/dev/null
lc touch alba.ruiz@quantalabs.ai --channel meeting --outcome meeting_booked --at 2026-11-16T10:00 >/dev/null
lc stage alba.ruiz@quantalabs.ai sql --at 2026-11-16T11:00 --actor jon >/dev/null
lc stage alba.ruiz@quantalabs.ai lost --reason price --at 2026-11-19T16:00 --actor jon >/dev/null

echo
echo "== leadctl next --limit 10   (what to do now, most urgent first)"
lc next --limit 10
echo
echo "== leadctl report funnel --month 2026-11"
lc report funnel --month 2026-11
html=${LEADCTL_DEMO_HTML:-"${LEADCTL_DB%.db}-weekly.html"}
lc report weekly --month 2026-11 -o "$html"
echo
echo "== the manager's weekly report (open it in a browser, mail it or print it):"
echo "$html"
