#!/bin/sh
# A value map per column (docs/import-mapping.md §4, "values"): two stage
# columns whose vocabularies disagree (the status's "Qualified" is an MQL,
# the lifecycle's an SQL), a Converted 0/1 column and a reason column each
# read through their own map, the global "stages" / "reasons" still
# applying to what a column's map does not name; --explain shows per column
# every value found, what it becomes and which are unmapped.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z
new_db
cat >crm.csv <<'CSV'
Email,Lead Status,Lifecycle Stage,Converted,Loss Note,Create Date
ines@brio.example,Qualified,Lead,0,,2026-11-18T09:00:00Z
jon@brio.example,Open,Qualified,0,,2026-11-18T09:00:00Z
kim@cala.example,Open,Lead,1,,2026-11-18T09:00:00Z
lia@cala.example,Qualified,Dead,0,Too pricey,2026-11-18T09:00:00Z
max@duna.example,Stalled,Dead,0,Went dark,2026-11-18T09:00:00Z
ned@duna.example,Parked,Lead,7,,2026-11-18T09:00:00Z
CSV
cat >map.json <<'JSON'
{"columns": {
   "Lead Status": {"field": "stage", "values": {"Qualified": "mql", "Open": "new"}},
   "Lifecycle Stage": {"field": "stage", "values": {"Qualified": "sql", "Dead": "lost"}},
   "Converted": {"field": "stage", "values": {"1": "sql", "0": "none"}},
   "Loss Note": {"field": "reason", "values": {"Too pricey": "price"}}},
 "stages": {"Stalled": "nurture"},
 "reasons": {"Went dark": "no_decision"}}
JSON
run import --explain crm.csv --map map.json
expect_rc 0
expect_out_from "values of column 2 'Lead Status':" "values of column 2 'Lead Status':
  Qualified       2  ->  mql (this column's \"values\")
  Open            2  ->  new (this column's \"values\")
  Stalled         1  ->  nurture
  Parked          1  ->  unmapped: kept as custom (map it under this column's \"values\")
values of column 3 'Lifecycle Stage':
  Lead            3  ->  new
  Qualified       1  ->  sql (this column's \"values\")
  Dead            2  ->  lost (this column's \"values\")
values of column 4 'Converted':
  0       4  ->  no stage (this column's \"values\": none)
  1       1  ->  sql (this column's \"values\")
  7       1  ->  unmapped: kept as custom (map it under this column's \"values\")
values of column 5 'Loss Note':
  Too pricey       1  ->  price (this column's \"values\")
  Went dark        1  ->  no_decision"
run import crm.csv --map map.json
expect_rc 0
expect_out "import 1: crm.csv: 6 rows: 6 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_err "leadctl: warning: crm.csv: line 7: stage 'Parked' in column 'Lead Status' is not recognised (kept as custom; map it under the column's \"values\" in a mapping file); stage '7' in column 'Converted' is not recognised (kept as custom; map it under the column's \"values\" in a mapping file)"
# the furthest word wins across columns (docs/import-mapping.md, "Stages")
expect_sql "SELECT email || ' ' || stage FROM leads ORDER BY id" "ines@brio.example mql
jon@brio.example sql
kim@cala.example sql
lia@cala.example lost
max@duna.example lost
ned@duna.example new"
expect_sql "SELECT l.email || ' ' || h.reason FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE h.to_stage = 'lost' ORDER BY l.id" \
	"lia@cala.example price
max@duna.example no_decision"
expect_machine_moves
# the global form alone still reads every stage column (backward compatible)
new_db
printf '{"stages": {"Qualified": "sql", "Stalled": "nurture"}}\n' >global.json
run import crm.csv --map global.json
expect_rc 0
expect_sql "SELECT stage FROM leads WHERE email = 'ines@brio.example'" sql
# a value map on a column that is neither a stage nor a reason is refused
printf '{"columns": {"Email": {"field": "email", "values": {"a": "b"}}}}\n' >bad.json
run import crm.csv --map bad.json
expect_rc 78
expect_err "leadctl: import: bad.json:1: /columns/Email: \"values\" applies to stage and reason columns only"
finish
