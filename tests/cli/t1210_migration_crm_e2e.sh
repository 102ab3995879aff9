#!/bin/sh
# A small CRM migrated end to end (docs/import.md "Migrating from another
# CRM"): HubSpot-shaped contacts with lifecycle dates, a deals file with
# amounts, close dates and lost reasons, and a companion contacts file of
# the same people.  The funnel, cac and velocity reports are checked figure
# by figure against numbers worked out here, and sla check right after the
# import owes only what the still-open leads owe from the import on.
. "$(dirname "$0")/migration_lib.sh"
NOW=2026-04-15T08:00:00Z   # Wednesday 10:00 in Madrid (the SLA's zone)
export LEADCTL_NOW=$NOW
new_db

# Six people of Q1 2026; every instant at 10:00 UTC, so durations are whole
# days.  H1 and H3 become customers through their deals, H2's deal is lost,
# H4 is still an MQL, H5 an SQL with an open deal, H6 still new.
cat >contacts.csv <<'CSV'
Record ID,Email,First Name,Lead Source,Contact owner,Lifecycle Stage,Create Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became a Customer Date
H1,ada@alpha.example,Ada,webinar,Rui Sol,customer,2026-01-05T10:00:00Z,2026-01-08T10:00:00Z,2026-01-12T10:00:00Z,2026-02-10T10:00:00Z
H2,ben@beta.example,Ben,webinar,Rui Sol,opportunity,2026-01-06T10:00:00Z,2026-01-09T10:00:00Z,2026-01-20T10:00:00Z,
H3,cai@gamma.example,Cai,paid,Rui Sol,customer,2026-01-10T10:00:00Z,2026-01-15T10:00:00Z,2026-02-01T10:00:00Z,2026-03-03T10:00:00Z
H4,dov@delta.example,Dov,paid,Rui Sol,marketingqualifiedlead,2026-02-03T10:00:00Z,2026-02-10T10:00:00Z,,
H5,eli@eps.example,Eli,webinar,Rui Sol,opportunity,2026-02-05T10:00:00Z,2026-02-20T10:00:00Z,2026-03-01T10:00:00Z,
H6,fay@zeta.example,Fay,paid,Rui Sol,lead,2026-03-02T10:00:00Z,,,
CSV
# the contacts carry the funnel up to SQL; the deals carry the closes
cat >contacts.json <<'JSON'
{"historical": true,
 "stages": {"customer": "sql"},
 "ignore": ["Became a Customer Date"]}
JSON
cat >deals.csv <<'CSV'
Deal ID,Associated Email,Deal Stage,Create Date,Close Date,Amount,Closed Lost Reason
D-1,ada@alpha.example,Closed Won,2026-01-12,2026-02-10T10:00:00Z,"12.000,00 €",
D-2,ben@beta.example,Closed Lost,2026-01-20,2026-02-15T10:00:00Z,,Too expensive
D-3,cai@gamma.example,Closed Won,2026-02-01,2026-03-03T10:00:00Z,"€8,000.00",
D-5,eli@eps.example,Contract Sent,2026-03-01,2026-04-30T10:00:00Z,5000,
CSV
cat >deals.json <<'JSON'
{"kind": "crm", "historical": true,
 "columns": {"Deal ID": "custom.deal_id", "Associated Email": "email", "Deal Stage": "stage",
             "Create Date": "ignore", "Close Date": "closed_at", "Amount": "amount",
             "Closed Lost Reason": "reason"},
 "stages": {"Closed Won": "won", "Closed Lost": "lost", "Contract Sent": "sql"},
 "reasons": {"Too expensive": "price", "Went dark": "no_decision"}}
JSON
# the same people in another object's export: titles and companies
cat >people.csv <<'CSV'
Email,Job Title,Company,Lead Source,Contact Owner
ada@alpha.example,CTO,Alpha,Partner,Sam Reed
dov@delta.example,Head of Ops,Delta,Partner,Sam Reed
CSV

run import contacts.csv --map contacts.json
expect_rc 0
expect_out "import 1: contacts.csv: 6 rows: 6 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
run import deals.csv --map deals.json   # D-5 gains its deal id: updated too
expect_rc 0
expect_out "import 2: deals.csv: 4 rows: 0 created, 4 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_err_empty
run import people.csv --kind crm --historical
expect_rc 0
expect_out "import 3: people.csv: 2 rows: 0 created, 2 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_machine_moves
expect_sql "SELECT external_id || '=' || stage FROM leads ORDER BY external_id" "H1=won
H2=lost
H3=won
H4=mql
H5=sql
H6=new"
expect_sql "SELECT email || ' ' || source || ' ' || owner || ' ' || coalesce(title, '-') FROM leads WHERE external_id IN ('H1', 'H4') ORDER BY 1" "ada@alpha.example webinar Rui Sol CTO
dov@delta.example paid Rui Sol Head of Ops"
expect_sql "SELECT count(*) FROM events" 0
expect_sql "SELECT reason FROM stage_history WHERE to_stage = 'lost'" price

# Spend: webinar 2000, paid 4000, both over the whole quarter.
run spend add --channel webinar --amount 2000 --currency EUR --from 2026-01-01 --to 2026-03-31
run spend add --channel paid --amount 4000 --currency EUR --from 2026-01-01 --to 2026-03-31
expect_rc 0

P="--since 2026-01-01 --until 2026-04-01"
# Funnel of Q1: new 6 (all created in Q1); MQL 5 (H1-H5); SQL 4 (H1, H2,
# H3, H5); won 2 (H1 10 Feb, H3 3 Mar); lost 1 (H2).  Of the 5 MQLs, 4
# reached SQL (0.8); of the 4 SQLs, 2 won (0.5), 1 lost (0.25), 1 open
# (0.25); win rate 2 / (2 + 1).
run --format json report funnel $P
printf '%s' "$(cat "$T/out")" >funnel.json
expect_json funnel.json '$.total.new' 6
expect_json funnel.json '$.total.mql' 5
expect_json funnel.json '$.total.sql' 4
expect_json funnel.json '$.total.won' 2
expect_json funnel.json '$.total.lost' 1
expect_json funnel.json '$.total.mql_to_sql' 4
expect_json funnel.json '$.total.mql_to_sql_rate' 0.8
expect_json funnel.json '$.total.sql_won_rate' 0.5
expect_json funnel.json '$.total.sql_lost_rate' 0.25
expect_json funnel.json '$.total.sql_open_rate' 0.25
expect_json funnel.json '$.total.win_rate' 0.6667

# CAC of Q1: spend 6000; 6 leads -> 1000 a lead; 5 MQLs -> 1200; 4 SQLs ->
# 1500; 2 wins -> CAC 3000; revenue 12000 + 8000 = 20000; ROI (20000 -
# 6000) / 6000 = 2.3333.  Per channel: webinar (H1, H2, H5) 2000 spent,
# 1 win of 12000, ROI 5; paid (H3, H4, H6) 4000 spent, 1 win of 8000, ROI 1.
run --format json report cac $P
printf '%s' "$(cat "$T/out")" >cac.json
expect_json cac.json '$.total.spend' 6000.0
expect_json cac.json '$.total.leads' 6
expect_json cac.json '$.total.cost_per_lead' 1000.0
expect_json cac.json '$.total.cost_per_mql' 1200.0
expect_json cac.json '$.total.cost_per_sql' 1500.0
expect_json cac.json '$.total.cac' 3000.0
expect_json cac.json '$.total.revenue' 20000.0
expect_json cac.json '$.total.roi' 2.3333
got=$(jq_sql cac.json "(SELECT group_concat(json_extract(r.value, '\$.group') || ' ' || json_extract(r.value, '\$.revenue') || ' ' || json_extract(r.value, '\$.roi'), '; ') FROM json_each(json_extract(j, '\$.rows')) r)")
if [ "$got" = "paid 8000.0 1.0; webinar 12000.0 5.0" ]; then ok; else STEP="cac by source"; fail "got '$got'"; fi

# Velocity of Q1.  MQL -> SQL: H1 4 d, H2 11 d, H3 17 d, H5 9 d; sorted 4 9
# 11 17: median (rank 2) 9 d = 777600 s, p90 (rank 4) 17 d = 1468800 s.
# SQL -> close: H1 29 d, H2 26 d, H3 30 d; sorted 26 29 30: median (rank 2)
# 29 d = 2505600 s, p90 (rank 3) 30 d = 2592000 s.
run --format json report velocity $P
printf '%s' "$(cat "$T/out")" >vel.json
expect_json vel.json '$.total.mql_to_sql' 4
expect_json vel.json '$.total.mql_to_sql_median' 777600
expect_json vel.json '$.total.mql_to_sql_p90' 1468800
expect_json vel.json '$.total.sql_to_close' 3
expect_json vel.json '$.total.sql_to_close_median' 2505600
expect_json vel.json '$.total.sql_to_close_p90' 2592000

# The SLA right after the import: nothing is due, and what is owed is the
# open MQL's first touch, counted from the import (24 business hours from
# Wednesday 10:00 Madrid: 8 + 9 + 6 + 1 h = Monday 20 April 10:00).
LEADCTL_NOW=2026-04-15T08:01:00Z run sla check --json
expect_rc 0
expect_out_empty
expect_sql "SELECT l.external_id || ' ' || o.rule || ' ' || datetime(o.started_at, 'unixepoch') || ' ' || datetime(o.first_touch_due, 'unixepoch') FROM obligations o JOIN leads l ON l.id = o.lead_id" "H4 mql 2026-04-15 08:00:00 2026-04-20 08:00:00"
LEADCTL_NOW=2026-04-20T09:00:00Z run sla check --json
expect_rc 1
expect_sql "SELECT l.external_id || ' ' || b.kind FROM breaches b JOIN leads l ON l.id = b.lead_id" "H4 first_touch"
finish
