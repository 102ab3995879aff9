#!/bin/sh
# The automatic historical cut-off (docs/import.md §4) is for another CRM's
# records: a form or list CSV of people who raised a hand weeks ago, with
# no stage of its own, is work -- scored, qualified, routed, owed and
# breached like any lead -- while the same people in a file that states
# their stage (a CRM export) or with --kind crm are history.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
python3 - "$LEADCTL_SRC/sla.example.json" sla.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["qualification"]["mql_threshold"] = 35
s.pop("owners", None)
json.dump(s, open(sys.argv[2], "w"))
PY
# Invented: three founders who filled in a form 40-60 days ago.
cat >form.csv <<'EOF'
Email,Job Title,Industry,Company,Create Date
saga.lind@fjell.example,CEO,software,Fjell,2026-10-01T09:00:00Z
tove.berg@skog.example,CTO,software,Skog,2026-10-08T09:00:00Z
nils.dahl@elv.example,CEO,software,Elv,2026-09-21T09:00:00Z
EOF
# form: MQLs dated at their creation, first touches owed then, all breached
run init --sla sla.json
expect_rc 0
run import form.csv
expect_rc 0
expect_out "import 1: form.csv: 3 rows: 3 created, 0 updated, 0 unchanged, 0 rejected, 3 qualified"
expect_sql "SELECT count(*) FROM obligations WHERE first_touch_due < strftime('%s', '2026-10-20')" "3"
run sla check --json
expect_out_has "saga.lind@fjell.example"
expect_sql "SELECT count(DISTINCT lead_id) FROM breaches" "3"

# The same people as a CRM's records (--kind crm): history, nothing owed
# before the import, nothing breached at once.
rm -f "$LEADCTL_DB"
run init --sla sla.json
run import form.csv --kind crm
expect_rc 0
run sla check --json
expect_rc 0
expect_out_empty
expect_sql "SELECT count(*) FROM breaches" "0"

# ... and a file that states their stage (a lifecycle column) is history too.
rm -f "$LEADCTL_DB"
run init --sla sla.json
{ echo "Email,Lifecycle Stage,Create Date"; echo "saga.lind@fjell.example,Marketing Qualified Lead,2026-10-01T09:00:00Z"; } >crm.csv
run import crm.csv
expect_rc 0
run sla check --json
expect_rc 0
expect_sql "SELECT count(*) FROM breaches" "0"
finish
