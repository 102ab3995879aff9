#!/bin/sh
# Lossless round trip (docs/import-mapping.md, "leadctl's own export"):
# export -> import into a new database -> export gives the same file, with
# every identity (several addresses and phones, record ids of two systems, a
# merged lead's), the record ids' systems, lead numbers with a merge's gap,
# consent, custom fields, the stage with its date and the update/activity
# times.  The identities column escapes ';' and '%', and a bad cell rejects
# its row naming the column.
. "$(dirname "$0")/migration_lib.sh"
A="$T/a.db"
B="$T/b.db"
export LEADCTL_DB="$A"
export LEADCTL_NOW=2026-11-02T09:00:00Z
new_db
cat >crm.csv <<'EOF'
Record ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Create Date,Contact owner
801,rosa@tilde.example,Rosa,Pla,+44 20 7946 0101,lead,2026-09-14,nadia
802,omar@ferro.example,Omar,Saleh,,marketingqualifiedlead,2026-09-20,
EOF
run import crm.csv
expect_rc 0
# Rosa's second record (Salesforce) and address, then merged into her lead
run add --email rosa.pla@tilde.example --external-id 00Q7f00000AbCdE --source-system salesforce --first-name Rosa
expect_out 3
run merge 1 3
expect_rc 0
# a record id holding the escaped characters, and a second phone
run add --email kai@wolke.example --external-id 'K;9%1' --source-system zoho --phone '+49 30 901820' \
	--do-not-email yes --lawful-basis consent --lawful-basis-at 2026-10-01T08:00:00Z \
	--lawful-basis-source 'web form; footer' --set 'Plan=+gold'
expect_out 4
LEADCTL_NOW=2026-11-03T09:00:00Z run edit 4 --phone '+49 30 901821'
expect_rc 0
LEADCTL_NOW=2026-11-04T09:00:00Z run stage 2 sql
LEADCTL_NOW=2026-11-05T09:00:00Z run edit 1 --title CFO
expect_rc 0
# a deal won with its amount, and one lost with its reason
run add --email lu@nimbo.example --first-name Lu
expect_out 5
run add --email mo@nimbo.example --first-name Mo
expect_out 6
for n in 5 6; do
	LEADCTL_NOW=2026-11-03T09:00:00Z run stage $n mql
	LEADCTL_NOW=2026-11-04T09:00:00Z run stage $n sql
done
LEADCTL_NOW=2026-11-05T09:00:00Z run stage 5 won --amount 2,350.50 --currency GBP
expect_rc 0
LEADCTL_NOW=2026-11-05T10:00:00Z run stage 6 lost --reason competitor
expect_rc 0
LEADCTL_NOW=2026-11-06T09:00:00Z run export
expect_rc 0
cp "$T/out" a.csv
expect_out_has ',identities,'
expect_out_has 'email:rosa.pla@tilde.example;email:rosa@tilde.example;phone:+442079460101;hubspot:801;salesforce:00Q7f00000AbCdE'
expect_out_has 'email:kai@wolke.example;phone:+4930901820;phone:+4930901821;zoho:K%3B9%251'
expect_out_has 'email:omar@ferro.example;hubspot:802'
expect_out_has ',email:lu@nimbo.example,,2350.50,GBP'
expect_out_has ',email:mo@nimbo.example,competitor,,'

export LEADCTL_DB="$B"
new_db
LEADCTL_NOW=2026-11-10T09:00:00Z run import --explain a.csv
expect_out_has "   1  id                      ->  lead_number             (auto, leadctl's own export)"
expect_out_has "  30  identities              ->  identities              (auto, leadctl's own export)"
LEADCTL_NOW=2026-11-10T09:00:00Z run import a.csv
expect_rc 0
expect_out "import 1: a.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_err_empty
LEADCTL_NOW=2026-11-10T09:00:00Z run export
cp "$T/out" b.csv
# score_at says when each database computed the score: not carried
csv_drop_column a.csv score_at
csv_drop_column b.csv score_at
if cmp -s a.csv b.csv; then ok; else
	STEP="export of B"
	fail "differs from the export of A"
	diff a.csv b.csv >&2
fi
# the identities are identities, in their systems, not custom fields
expect_sql "SELECT group_concat(key, ' ') FROM (SELECT key FROM lead_identities WHERE lead_id = 1 ORDER BY key)" \
	"+442079460101 hubspot:801 rosa.pla@tilde.example rosa@tilde.example salesforce:00Q7f00000AbCdE"
expect_sql "SELECT count(*) FROM leads WHERE custom LIKE '%identities%'" 0
# the lead numbers keep the merge's gap; a new lead continues after them
expect_sql "SELECT group_concat(id, ' ') FROM leads" "1 2 4 5 6"
LEADCTL_NOW=2026-11-10T09:00:00Z run add --email new@lumen.example
expect_out 7
# the won amount and the lost reason are on their moves again (the report
# views add them up); the intermediate mql/sql entries are not carried
expect_sql "SELECT group_concat(lead_id || ':' || to_stage || ':' || coalesce(amount_cents, '') || coalesce(currency, '') || coalesce(reason, ''), ' ') FROM (SELECT * FROM stage_history WHERE to_stage IN ('won', 'lost') ORDER BY lead_id)" \
	"5:won:235050GBP 6:lost:competitor"
# every identity matches the lead: its old address, its Salesforce id, its old phone
for ref in rosa.pla@tilde.example salesforce:00Q7f00000AbCdE hubspot:801; do
	LEADCTL_NOW=2026-11-10T09:00:00Z run show "$ref" --format json
	expect_rc 0
	expect_out_has '{"id":1,'
done
LEADCTL_NOW=2026-11-10T09:00:00Z run show zoho:'K;9%1' --format json
expect_out_has '{"id":4,'

# A second import of the same export into B matches every row (nothing new);
# an identities cell that names two leads is a conflict naming both.
cat >two.csv <<'EOF'
id,email,stage_at,activity_at,identities
9,zed@nowhere.example,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z,email:zed@nowhere.example;hubspot:801;zoho:K%3B9%251
10,,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z,email:bad@;hubspot:1
11,,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z,email:x@y.example;zoho:1%
12,,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z,email:rosa@tilde.example;email:omar@ferro.example
13,,2026-11-01T00:00:00Z,2026-11-01T00:00:00Z,email:eve@new.example;record:phone:77
EOF
LEADCTL_NOW=2026-11-10T09:00:00Z run import two.csv
expect_rc 0
expect_out "import 2: two.csv: 5 rows: 1 created, 0 updated, 0 unchanged, 4 rejected, 0 qualified"
expect_err_has "line 2: identities: the row is lead 1 (Rosa Pla, rosa@tilde.example) by its e-mail or record id but 'zoho:K;9%1' belongs to lead 4"
expect_err_has "line 3: column 'identities': entry 1 ('bad@') is not an identity"
expect_err_has "line 4: column 'identities': entry 'zoho:1%' has a bad %-escape (use %25 for % and %3B for ;)"
expect_err_has "line 5: identities: the row is lead 1 (Rosa Pla, rosa@tilde.example) by its e-mail or record id but 'omar@ferro.example' belongs to lead 2"
# an identities column alone gives the shown e-mail; a system named phone is written record:phone:
expect_sql "SELECT id || ' ' || email || ' ' || external_id FROM leads WHERE email = 'eve@new.example'" "13 eve@new.example 77"
expect_sql "SELECT system FROM lead_identities WHERE key = 'phone:77'" phone
LEADCTL_NOW=2026-11-10T09:00:00Z run export --search eve@new.example
expect_out_has ',email:eve@new.example;record:phone:77'
finish
