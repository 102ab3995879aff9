#!/bin/sh
# import --force applies a corrected file's stages and deal columns again
# (docs/import.md §7), through the stage machine of imported history
# (history.c): a lead whose stage an import set moves to the file's stage
# when the machine allows it (new -> won with the deal's amount, sql ->
# nurture with its reason); never out of won, never back down the funnel
# (warned, the lead stays); a lead a person moved since keeps its stage.
# Without --force a corrected file without newer dates changes fields only.
# import undo takes the forced run back.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z
new_db
cat >v1.csv <<'CSV'
Record ID,Email,Lead Status,Create Date,Became a Sales Qualified Lead Date,Became a Customer Date,Amount,Reason
P-1,pau@orbe.example,Attempted to Contact,2026-11-02T09:00:00Z,,,,
P-2,quim@orbe.example,Sales Qualified Lead,2026-11-02T09:00:00Z,2026-11-05T09:00:00Z,,,
P-3,rut@sede.example,Customer,2026-11-02T09:00:00Z,2026-11-04T09:00:00Z,2026-11-09T09:00:00Z,"1.200,00 €",
P-4,sol@sede.example,Marketing Qualified Lead,2026-11-02T09:00:00Z,,,,
P-5,teo@tramo.example,Sales Qualified Lead,2026-11-02T09:00:00Z,2026-11-06T09:00:00Z,,,
CSV
# the corrected export: P-1 was won (a deal of 4.500,00 EUR), P-2 says MQL
# (backwards), P-3 says lost (out of won), P-4 says SQL but a rep recycled it,
# P-5 went back to nurture for bad timing
cat >v2.csv <<'CSV'
Record ID,Email,Lead Status,Create Date,Became a Sales Qualified Lead Date,Became a Customer Date,Amount,Reason
P-1,pau@orbe.example,Closed Won,2026-11-02T09:00:00Z,,,"4.500,00 €",
P-2,quim@orbe.example,Marketing Qualified Lead,2026-11-02T09:00:00Z,,,,
P-3,rut@sede.example,Closed Lost,2026-11-02T09:00:00Z,2026-11-04T09:00:00Z,2026-11-09T09:00:00Z,,Price
P-4,sol@sede.example,Sales Qualified Lead,2026-11-02T09:00:00Z,,,,
P-5,teo@tramo.example,Nurture,2026-11-02T09:00:00Z,2026-11-06T09:00:00Z,,,Bad Timing
CSV
printf '{"reasons": {"Bad Timing": "bad_timing", "Price": "price"}}\n' >map.json

run import v1.csv --map map.json
expect_rc 0
LEADCTL_NOW=2026-11-21T10:00:00Z run stage P-4 nurture --reason not_ready
expect_rc 0
expect_sql "SELECT group_concat(external_id || '=' || stage, ' ') FROM (SELECT * FROM leads ORDER BY external_id)" \
	"P-1=new P-2=sql P-3=won P-4=nurture P-5=sql"

# Without --force the corrected file (no newer dates) moves nobody.
LEADCTL_NOW=2026-11-22T10:00:00Z run import v2.csv --map map.json
expect_rc 0
expect_sql "SELECT group_concat(external_id || '=' || stage, ' ') FROM (SELECT * FROM leads ORDER BY external_id)" \
	"P-1=new P-2=sql P-3=won P-4=nurture P-5=sql"
dump_data before_force

# With --force its stages apply where the machine allows.
LEADCTL_NOW=2026-11-22T11:00:00Z run import v2.csv --map map.json --force
expect_rc 0
expect_out "import 3: v2.csv: 5 rows: 0 created, 2 updated, 3 unchanged, 0 rejected, 0 qualified"
expect_err_has "line 3: stage 'mql' contradicts its history: the lead stays sql (the dates win)"
expect_err_has "line 4: stage 'lost' contradicts its history: the lead stays won (the dates win)"
expect_sql "SELECT group_concat(external_id || '=' || stage, ' ') FROM (SELECT * FROM leads ORDER BY external_id)" \
	"P-1=won P-2=sql P-3=won P-4=nurture P-5=nurture"
# the moves carry the deal's amount and the mapped reason, origin import 3
expect_sql "SELECT l.external_id || ' ' || h.from_stage || '>' || h.to_stage || ' ' || coalesce(h.amount_cents, '-') || ' ' || coalesce(h.currency, '-') || ' ' || coalesce(h.reason, '-') || ' ' || h.import_id
	FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE h.import_id = 3 ORDER BY l.external_id" \
	"P-1 new>won 450000 EUR - 3
P-5 sql>nurture - - bad_timing 3"
expect_machine_moves
# the same file forced again changes nothing more
LEADCTL_NOW=2026-11-22T12:00:00Z run import v2.csv --map map.json --force
expect_rc 0
expect_out "import 4: v2.csv: 5 rows: 0 created, 0 updated, 5 unchanged, 0 rejected, 0 qualified"
# undo, newest first, takes the forced runs back
LEADCTL_NOW=2026-11-22T13:00:00Z run import undo 4
expect_rc 0
LEADCTL_NOW=2026-11-22T13:00:00Z run import undo 3
expect_rc 0
dump_data after_undo
expect_same_dump before_force after_undo

# --force with a better mapping (the same bytes, other options) applies it too
new_db
cat >s.csv <<'CSV'
Email,Deal Phase
uma@vela.example,Ganado
CSV
run import s.csv
expect_rc 0
expect_sql "SELECT stage FROM leads" new
printf '{"columns": {"Deal Phase": {"field": "stage", "values": {"Ganado": "won"}}}}\n' >es.json
run import s.csv --map es.json --force
expect_rc 0
expect_out_has "same content as import 1, read again with other options (--map (none) -> es.json)"
expect_sql "SELECT stage FROM leads" won
finish
