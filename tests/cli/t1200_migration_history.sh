#!/bin/sh
# Imported history obeys the stage machine (docs/import.md §3): a file whose
# stage contradicts its own dates keeps the dates and warns with the line;
# won is final; forward skips of another CRM are recorded; a later file
# never moves a lead back.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-10-01T08:00:00Z
new_db

# A: a converted lead whose status still says Qualified (mql); a lead whose
# status says Nurturing after its SQL date (allowed: sql -> nurture).
cat >a.csv <<'CSV'
Id,Email,Status,ConvertedDate,CreatedDate
Q-1,ivo@orbit.example,Qualified,2025-03-04T10:00:00Z,2025-03-01T09:00:00Z
Q-2,uma@orbit.example,Nurturing,2025-03-05T10:00:00Z,2025-03-02T09:00:00Z
Q-3,lia@kite.example,Working,,2025-03-03T09:00:00Z
CSV
run import a.csv
expect_rc 0
expect_err "leadctl: warning: a.csv: line 2: stage 'mql' contradicts its dates: the lead stays sql (the dates win)"
expect_history Q-1 ">new@2025-03-01 new>sql@2025-03-04"
expect_history Q-2 ">new@2025-03-02 new>sql@2025-03-05 sql>nurture@2025-03-05"
expect_sql "SELECT reason FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE l.external_id = 'Q-2' AND to_stage = 'nurture'" imported
expect_history Q-3 ">new@2025-03-03"

# B: deals whose close date was mapped to won_at, one of them Lost: the dates
# win (one close per deal, never won then lost); a deal dated won before its
# SQL date never leaves won.
cat >b.csv <<'CSV'
deal,email,stage,engaged,closed
D-1,ana@fjord.example,Won,2025-01-10,2025-02-01
D-2,bo@fjord.example,Lost,2025-01-12,2025-02-03
D-3,cy@fjord.example,Won,2025-02-20,2025-02-10
CSV
cat >b.json <<'JSON'
{"columns": {"deal": "external_id", "stage": "stage", "engaged": "sql_at", "closed": "won_at"},
 "stages": {"Won": "won", "Lost": "lost"}, "timezone": "UTC"}
JSON
run import b.csv --map b.json
expect_rc 0
expect_err "leadctl: warning: b.csv: line 3: stage 'lost' contradicts its dates: the lead stays won (the dates win)
leadctl: warning: b.csv: line 4: sql on 2025-02-20 skipped: the lead is won since 2025-02-10 and history moves only forward"
expect_history D-1 ">new@2025-01-10 new>sql@2025-01-10 sql>won@2025-02-01"
expect_history D-2 ">new@2025-01-12 new>sql@2025-01-12 sql>won@2025-02-03"
expect_history D-3 ">new@2025-02-10 new>won@2025-02-10"

# C: a HubSpot customer set back to "subscriber": stays won.
cat >c.csv <<'CSV'
Record ID,Email,Lifecycle Stage,Create Date,Became a Marketing Qualified Lead Date,Became a Customer Date
H-1,eli@gale.example,subscriber,2025-04-01T08:00:00Z,2025-04-03T08:00:00Z,2025-05-02T08:00:00Z
CSV
run import c.csv
expect_rc 0
expect_err "leadctl: warning: c.csv: line 2: stage 'new' contradicts its dates: the lead stays won (the dates win)"
expect_history H-1 ">new@2025-04-01 new>mql@2025-04-03 mql>won@2025-05-02"

# D: a later file (renewal deal created after the win) for a won customer,
# and a newer SQL date for Q-3 (moves it on).
cat >d.csv <<'CSV'
Email,Stage,SQL Date
eli@gale.example,Presentation,2025-09-01T08:00:00Z
lia@kite.example,Presentation,2025-06-01T08:00:00Z
CSV
cat >d.json <<'JSON'
{"columns": {"SQL Date": "sql_at"}, "stages": {"Presentation": "sql"}}
JSON
run import d.csv --map d.json
expect_rc 0
expect_err "leadctl: warning: d.csv: line 2: sql on 2025-09-01 skipped: the lead is won since 2025-05-02 and history moves only forward"
expect_sql "SELECT stage FROM leads WHERE email = 'eli@gale.example'" won
expect_history Q-3 ">new@2025-03-03 new>sql@2025-06-01"
expect_machine_moves

# The funnel counts each closed deal once.
run --format json report funnel --since 2025-01-01 --until 2025-03-01
expect_rc 0
printf '%s' "$(cat "$T/out")" >f.json
expect_json f.json '$.total.won' 3
expect_json f.json '$.total.lost' 0
finish
