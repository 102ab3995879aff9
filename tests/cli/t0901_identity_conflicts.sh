#!/bin/sh
# Identities are namespaced and never overwritten (README "Identity and
# accounts"): placeholder e-mails shared by records of one source and a row
# whose identities point at two leads are rejected naming both leads; a
# known record id with an address nobody has changes the shown address (a
# recorded change) and the old address still matches; ids of other systems
# sit side by side; spreadsheet-rounded ids are refused as identities; a
# form's submission id stays on its event.  Invented people.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0

# A Salesforce export (API names): three records share the placeholder
# address x@x.example; the fourth is a real person.
printf '%s\r\n' '"Id","FirstName","LastName","Company","Email","Status"' \
	'"00Q7a00000Plc01AAA","Iker","Sanz","Lumen","x@x.example","Working"' \
	'"00Q7a00000Plc02AAA","Nora","Vidal","Lumen","x@x.example","Working"' \
	'"00Q7a00000Plc03AAA","Pau","Roig","Orbe","X@X.EXAMPLE","Working"' \
	'"00Q7a00000Plc04AAA","Lea","Mora","Prisma","lea.mora@prisma.example","New"' >sf.csv
run import sf.csv --rejects rej.csv
expect_rc 0
expect_out "import 1: sf.csv: 4 rows: 2 created, 0 updated, 0 unchanged, 2 rejected, 0 qualified"
expect_sql "SELECT id, email, external_id, first_name FROM leads ORDER BY id" "1|x@x.example|00Q7a00000Plc01AAA|Iker
2|lea.mora@prisma.example|00Q7a00000Plc04AAA|Lea"
printf '%s\r\n' 'line,reason,record' \
	"3,\"line 3: e-mail 'x@x.example' belongs to lead 1 (Iker Sanz, x@x.example), whose salesforce id is '00Q7a00000Plc01AAA', not '00Q7a00000Plc02AAA': two records of one source cannot share an address (rejected, nothing merged or rewritten)\",\"\"\"00Q7a00000Plc02AAA\"\",\"\"Nora\"\",\"\"Vidal\"\",\"\"Lumen\"\",\"\"x@x.example\"\",\"\"Working\"\"\"" \
	"4,\"line 4: e-mail 'x@x.example' belongs to lead 1 (Iker Sanz, x@x.example), whose salesforce id is '00Q7a00000Plc01AAA', not '00Q7a00000Plc03AAA': two records of one source cannot share an address (rejected, nothing merged or rewritten)\",\"\"\"00Q7a00000Plc03AAA\"\",\"\"Pau\"\",\"\"Roig\"\",\"\"Orbe\"\",\"\"X@X.EXAMPLE\"\",\"\"Working\"\"\"" >rej.expected
if cmp -s rej.expected rej.csv; then ok; else STEP="rejects" && fail "rejects differ" && diff rej.expected rej.csv >&2; fi
expect_sql "SELECT lead_id, kind, system, key FROM lead_identities ORDER BY id" "1|email||x@x.example
1|record|salesforce|salesforce:00Q7a00000Plc01AAA
2|email||lea.mora@prisma.example
2|record|salesforce|salesforce:00Q7a00000Plc04AAA"

# A row whose e-mail is lead 2's and whose Salesforce id is lead 1's.
printf '%s\n' 'Id,FirstName,Email' '00Q7a00000Plc01AAA,Lea,lea.mora@prisma.example' >both.csv
run import both.csv
expect_rc 65
expect_err "leadctl: warning: both.csv: line 2: e-mail 'lea.mora@prisma.example' belongs to lead 2 (Lea Mora, lea.mora@prisma.example) but salesforce id '00Q7a00000Plc01AAA' to lead 1 (Iker Sanz, x@x.example): one row cannot be two leads (rejected, nothing merged; 'leadctl merge' them if they are one person)
leadctl: import: both.csv: every row was rejected (1): nothing was imported"

# Within one source a known id with an address nobody has: the shown address
# changes (recorded), the old one stays an identity and still matches.
printf '%s\n' 'Id,FirstName,LastName,Email' '00Q7a00000Plc04AAA,Lea,Mora,lea@mora-consulting.example' >moved.csv
export LEADCTL_NOW=2026-11-21T10:00:00Z
run import moved.csv
expect_rc 0
expect_out_has "0 created, 1 updated"
expect_sql "SELECT email FROM leads WHERE id = 2" "lea@mora-consulting.example"
expect_sql "SELECT field, old_value, new_value FROM field_changes WHERE lead_id = 2 AND field = 'email'" \
	"email|lea.mora@prisma.example|lea@mora-consulting.example"
printf '%s\n' 'Email,Job Title' 'LEA.MORA@prisma.example,COO' >old.csv
run import old.csv
expect_rc 0
expect_out_has "0 created, 1 updated"
expect_sql "SELECT title FROM leads WHERE id = 2" "COO"
run show lea.mora@prisma.example
expect_out_has "lead 2"

# Across sources: a HubSpot export with her (old) address adds its record id
# beside the Salesforce one; a Zoho export likewise.  Nothing is rewritten.
printf '%s\n' 'Record ID,Email,Lifecycle Stage,Create Date' '5101,lea.mora@prisma.example,Lead,2026-11-01 10:00' >hs.csv
run import hs.csv
expect_rc 0
printf '%s\n' 'LEADID,Email,Lead Owner,Created Time' '77001,lea@mora-consulting.example,,2026-11-01 10:00' >zoho.csv
run import zoho.csv
expect_rc 0
expect_sql "SELECT key FROM lead_identities WHERE lead_id = 2 AND kind = 'record' ORDER BY id" \
	"salesforce:00Q7a00000Plc04AAA
hubspot:5101
zoho:77001"
expect_sql "SELECT external_id FROM leads WHERE id = 2" "00Q7a00000Plc04AAA"
for ref in hubspot:5101 zoho:77001 salesforce:00Q7a00000Plc04AAA ext:77001 5101; do
	run show "$ref"
	expect_rc 0
	expect_out_has "lead 2 "
done
# A second HubSpot id for the same address: two records of one source.
printf '%s\n' 'Record ID,Email,Lifecycle Stage' '5102,lea.mora@prisma.example,Lead' >hs2.csv
run import hs2.csv
expect_rc 65
expect_err_has "whose hubspot id is '5101', not '5102': two records of one source cannot share an address"

# show lists every identity beyond the shown e-mail and phone
run show 2
expect_out_has "identities   lea.mora@prisma.example, salesforce:00Q7a00000Plc04AAA, hubspot:5101, zoho:77001"

# No e-mail or record id was ever rewritten.
expect_sql "SELECT count(*) FROM field_changes WHERE field = 'external_id' OR (field = 'email' AND old_value IS NOT NULL AND lead_id <> 2)" "0"

# edit: a record id never replaces one of the same system; another system's
# is added; a new address is shown and the old one still matches.
run edit 2 --external-id 00Q7a00000Plc09AAA --source-system salesforce
expect_rc 65
expect_err "leadctl: lead 2 (Lea Mora, lea@mora-consulting.example) already has salesforce id '00Q7a00000Plc04AAA': a record id is never rewritten (give the new one with another --source-system, or merge the two records)"
run edit 2 --external-id 9001 --source-system pipedrive
expect_rc 0
run edit 2 --email lea@mora.example
expect_rc 0
for ref in pipedrive:9001 lea@mora-consulting.example lea@mora.example; do
	run show "$ref"
	expect_out_has "lead 2 "
done
# merge: every identity of the dropped lead now names the kept one
run add --email lea.private@home.example --phone "+34 699 88 77 66" --external-id L-7
expect_out "3"
run merge 2 3
expect_rc 0
for ref in lea.private@home.example "+34699887766" ext:L-7; do
	run show "$ref"
	expect_out_has "lead 2 "
done
expect_sql "SELECT count(*) FROM lead_identities WHERE lead_id = 3" "0"

# A HubSpot export re-saved by a spreadsheet: the ids are rounded, the same
# for three people.  They are refused as identities (kept as custom, with a
# warning); each person is her own lead by e-mail; a row with nothing else
# is rejected.
printf '%s\n' 'Record ID,First Name,Email,Lifecycle Stage' \
	'7.30012E+10,Ada,ada@delta.example,Lead' '7.30012E+10,Bea,bea@epsilon.example,Lead' \
	'7.30012E+10,Cai,cai@zeta.example,Lead' '7.30012E+10,Dov,,Lead' >excel.csv
run import excel.csv
expect_rc 0
expect_out_has "3 created, 0 updated, 0 unchanged, 1 rejected"
expect_err_has "leadctl: warning: excel.csv: line 2: record id '7.30012E+10' in column 'Record ID' is not used as an identity: "
expect_err_has "line 5: no e-mail, record id or phone that can be used (see the warning): nothing identifies the lead"
expect_sql "SELECT first_name, email, coalesce(external_id, '-'), json_extract(custom, '\$.\"Record ID\"') FROM leads WHERE id > 3 ORDER BY id" \
	"Ada|ada@delta.example|-|7.30012E+10
Bea|bea@epsilon.example|-|7.30012E+10
Cai|cai@zeta.example|-|7.30012E+10"
expect_sql "SELECT count(*) FROM lead_identities WHERE key LIKE '%E+10%'" "0"

# A Typeform export: '#' is the form fill's id, kept on its event.
printf '%s\n' '#,What is your email?,Submit Date (UTC)' 'tf0a1b2c,eli@theta.example,2026-11-19 08:00:00' >tf.csv
run import tf.csv
expect_rc 0
expect_sql "SELECT l.email, e.type, e.submission_id FROM events e JOIN leads l ON l.id = e.lead_id WHERE e.submission_id IS NOT NULL" \
	"eli@theta.example|form_submission|tf0a1b2c"
expect_sql "SELECT count(*) FROM lead_identities WHERE key LIKE '%tf0a1b2c%'" "0"
finish
