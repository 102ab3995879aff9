#!/bin/sh
# The worked mappings of docs/import.md §11 ("Migrating from another CRM")
# work: each is taken from the page as it is and imports a small file of
# that CRM's shape (invented rows) into the stages, closes, amounts and
# reasons the page promises.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z
DOC="$LEADCTL_SRC/docs/import.md"

# doc_map NAME: the ```json block of the page whose comment starts with NAME.
doc_map() {
	awk -v name="\"comment\": \"$1" '
		/^```json$/ { inblock = 1; buf = ""; next }
		/^```$/ && inblock { inblock = 0; if (index(buf, name)) { printf "%s", buf; exit } next }
		inblock { buf = buf $0 "\n" }' "$DOC" >"$1"
	if [ -s "$1" ]; then ok; else STEP="docs/import.md"; fail "no mapping '$1'"; fi
}

new_db
# HubSpot: contacts, then deals.
doc_map hubspot-contacts.json
doc_map hubspot-deals.json
cat >hs-contacts.csv <<'CSV'
Record ID,Email,First Name,Lifecycle Stage,Lead Status,Create Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became a Customer Date
501,amy@hs.example,Amy,customer,--None--,2025-01-02 10:00,2025-01-05 10:00,2025-01-09 10:00,2025-02-01 10:00
502,bob@hs.example,Bob,opportunity,--None--,2025-01-03 10:00,,2025-01-10 10:00,
CSV
cat >hs-deals.csv <<'CSV'
Record ID,Associated Contact Email,Deal Stage,Close Date,Amount,Closed Lost Reason,Deal owner,Create Date
9001,amy@hs.example,Closed Won,2025-02-01 10:00,4200,,Sam,2025-01-09
9002,bob@hs.example,Closed Lost,2025-02-03 10:00,,Competitor,Sam,2025-01-10
CSV
run import hs-contacts.csv --map hubspot-contacts.json
expect_rc 0
expect_err_empty
run import hs-deals.csv --map hubspot-deals.json
expect_rc 0
expect_err_empty
expect_history 501 ">new@2025-01-02 new>mql@2025-01-05 mql>sql@2025-01-09 sql>won@2025-02-01"
expect_history 502 ">new@2025-01-03 new>sql@2025-01-10 sql>lost@2025-02-03"
expect_sql "SELECT amount_cents || ' ' || currency FROM stage_history WHERE to_stage = 'won'" "420000 EUR"
expect_sql "SELECT reason FROM stage_history WHERE to_stage = 'lost'" competitor
expect_sql "SELECT count(*) FROM leads WHERE custom LIKE '%None%'" 0

# Salesforce: leads, then opportunities (US dates).
new_db
doc_map salesforce-leads.json
doc_map salesforce-opportunities.json
cat >sf-leads.csv <<'CSV'
Id,Email,Status,IsConverted,ConvertedDate,CreatedDate
00Q1,cy@sf.example,Qualified,true,2025-03-04T10:00:00Z,2025-03-01T10:00:00Z
00Q2,di@sf.example,Closed - Not Converted,false,,2025-03-02T10:00:00Z
CSV
cat >sf-opps.csv <<'CSV'
Opportunity ID,Contact: Email,Stage,Close Date,Amount,Opportunity Currency,Loss Reason,Created Date
006A,cy@sf.example,Closed Won,4/2/2025,"$9,900.00",USD,,3/4/2025
CSV
run import sf-leads.csv --map salesforce-leads.json
expect_rc 0
expect_err "leadctl: warning: sf-leads.csv: line 2: stage 'mql' contradicts its dates: the lead stays sql (the dates win)"
run import sf-opps.csv --map salesforce-opportunities.json
expect_rc 0
expect_sql "SELECT stage FROM leads ORDER BY external_id" "won
disqualified"
expect_sql "SELECT amount_cents || ' ' || currency FROM stage_history WHERE to_stage = 'won'" "990000 USD"

# Zoho: leads, contacts, potentials.
new_db
doc_map zoho-leads.json
doc_map zoho-contacts.json
doc_map zoho-potentials.json
cat >z-leads.csv <<'CSV'
LEADID,Email,Lead Owner,Lead Source,Lead Status,CONVERTED,Created Time
2585,ed@zo.example,Kim,Web Research,Contacted,Yes,"03 Jan, 2025 10:00:00"
1385,fe@zo.example,Kim,Cold Call,Pre Qualified,No,"04 Jan, 2025 10:00:00"
CSV
cat >z-contacts.csv <<'CSV'
CONTACTID,Email,Contact Owner,Lead Source,Title
1385,ed@zo.example,Sam,Partner,Buyer
CSV
cat >z-pots.csv <<'CSV'
POTENTIALID,Contact Email,Stage,Closing Date,Amount,Reason For Loss,Potential Owner
P1,ed@zo.example,Closed Lost,"20 Feb, 2025 10:00:00",,No Budget,Sam
CSV
run import z-leads.csv --map zoho-leads.json
expect_rc 0
run import z-contacts.csv --map zoho-contacts.json
expect_rc 0
expect_sql "SELECT external_id || ' ' || source || ' ' || owner || ' ' || title FROM leads WHERE email = 'ed@zo.example'" "2585 Web Research Kim Buyer"
expect_sql "SELECT group_concat(key, ' ') FROM (SELECT key FROM lead_identities i JOIN leads l ON l.id = i.lead_id WHERE l.email = 'ed@zo.example' AND i.kind = 'record' ORDER BY key)" "zoho-contact:1385 zoho:2585"
run import z-pots.csv --map zoho-potentials.json
expect_rc 0
expect_sql "SELECT external_id || '=' || stage FROM leads ORDER BY external_id" "1385=mql
2585=lost"
expect_sql "SELECT reason FROM stage_history WHERE to_stage = 'lost'" no_decision
expect_sql "SELECT count(*) FROM events" 0

# Pipedrive: deals with their people and organisations.
new_db
doc_map pipedrive-deals.json
cat >pd.csv <<'CSV'
Deal - ID,Person - Email,Person - Name,Organization - Name,Deal - Owner,Deal - Deal created,Deal - Status,Deal - Won time,Deal - Lost time,Deal - Value,Deal - Currency,Deal - Lost reason,Deal - Stage
1,gus@pd.example,Gus Lee Jr.,Hop Co,Ana,2025-05-01 10:00,won,2025-05-20 10:00,,"1.500,00",EUR,,Closed
2,hal@gmail.com,Hal Ng,Hop Co,Ana,2025-05-02 10:00,lost,,2025-05-25 10:00,,,Went with competitor,Proposal
3,ivy@pd.example,Ivy Ro,Mill Co,Ana,2025-05-03 10:00,open,,,800,EUR,,Proposal
CSV
run import pd.csv --map pipedrive-deals.json
expect_rc 0
expect_sql "SELECT email || ' ' || stage || ' ' || last_name FROM leads ORDER BY email" "gus@pd.example won Lee Jr.
hal@gmail.com lost Ng
ivy@pd.example sql Ro"
expect_sql "SELECT count(DISTINCT account_id) FROM leads" 2
expect_sql "SELECT amount_cents FROM stage_history WHERE to_stage = 'won'" 150000
expect_machine_moves

# A spreadsheet: sep=;, Windows-1252, %d/%m/%y, placeholders, two phones.
new_db
doc_map clientes.json
printf 'sep=;\r\nNombre completo;Email;Tel\351fono;Tel\351fono;Alta;Estado;Fecha cierre;Importe;Motivo;Sector\r\nMar\355a L\363pez, PhD;maria@cl.example;+34 600 100 200;+34 910 000 000;31/12/24;Ganado;15/01/25;22.700,00 \200;;Seleccionar\r\nJon Oria;jon@cl.example;;;02/01/25;Perdido;20/01/25;;Precio;Retail\r\n' >clientes.csv
run import clientes.csv --encoding windows-1252 --date-format '%d/%m/%y' --map clientes.json --historical
expect_rc 0
expect_err_empty
expect_sql "SELECT first_name || '|' || last_name || '|' || phone || '|' || stage || '|' || coalesce(custom, '') FROM leads WHERE email = 'maria@cl.example'" "María|López PhD|+34600100200|won|{\"office_phone\":\"+34 910 000 000\",\"Estado\":\"Ganado\"}"
expect_sql "SELECT amount_cents || ' ' || currency || ' ' || date(at, 'unixepoch') FROM stage_history WHERE to_stage = 'won'" "2270000 EUR 2025-01-14"
expect_sql "SELECT reason FROM stage_history WHERE to_stage = 'lost'" price
expect_sql "SELECT date(created_at, 'unixepoch') FROM leads WHERE email = 'maria@cl.example'" 2024-12-30
finish
