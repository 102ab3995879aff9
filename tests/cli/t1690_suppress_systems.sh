#!/bin/sh
# forget --suppress withholds the erased person's identities only: a record
# id is suppressed with its system, so the same number in another CRM (a
# different person) is still imported, while the erased person's own id,
# e-mail and phone stay withheld in any spelling the identity rules equate.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-02T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0

# Invented people: Tuulikki in the Pipedrive export, record 5501.
cat >pipedrive.csv <<'EOF'
Email,Record ID,First Name,Phone,Country
tuulikki.rasanen@kaarnatools.example,5501,Tuulikki,+358 40 123 4567,Finland
EOF
run import pipedrive.csv --source-system pipedrive
expect_rc 0
expect_out_has "1 created"
run forget 1 --suppress
expect_rc 0
expect_out_has "3 identities suppressed"
expect_sql "SELECT group_concat(kind, ',') FROM (SELECT kind FROM suppressions ORDER BY kind)" \
	"email,external_id,phone"

# Record 5501 of another system is another person: imported.
cat >salesforce.csv <<'EOF'
Email,Record ID,First Name
aarne.kivi@lumiseppa.example,5501,Aarne
EOF
run import salesforce.csv --source-system salesforce
expect_rc 0
expect_out_has "1 created, 0 updated, 0 unchanged, 0 rejected"
expect_err_empty
expect_sql "SELECT first_name FROM leads WHERE email = 'aarne.kivi@lumiseppa.example'" "Aarne"
# add with the same bare number (system "ext") is not withheld either.
run add --email heikki.laine@routa.example --external-id 5501
expect_rc 0

# Tuulikki again from Pipedrive, by her record id alone: withheld.
cat >again.csv <<'EOF'
Record ID,First Name
5501,Tuulikki
EOF
run import again.csv --source-system pipedrive
expect_rc 65
expect_err_has "line 2: erased: this record id belongs to a person erased at their request"
# Her e-mail in another case, her phone in national form: withheld.
run add --email Tuulikki.Rasanen@KaarnaTools.example
expect_rc 65
expect_err_has "this e-mail belongs to a person erased"
run add --phone "040 123 4567" --country FI
expect_rc 65
expect_err_has "this phone belongs to a person erased"
expect_sql "SELECT count(*) FROM leads" "3"

# One rule for system names everywhere (letters, digits, '-', '_', '.'):
# add, import and lead references all take "zoho-contact" and "hubspot.deals".
run add --email oiva.tamminen@salmi.example --external-id 77 --source-system zoho-contact
expect_rc 0
run show zoho-contact:77
expect_rc 0
expect_out_has "oiva.tamminen@salmi.example"
cat >deals.csv <<'EOF'
Email,Record ID
saara.aho@kelo.example,88
EOF
run import deals.csv --source-system hubspot.deals
expect_rc 0
run show HubSpot.Deals:88
expect_rc 0
expect_out_has "saara.aho@kelo.example"
run add --email x@kelo.example --source-system "zoho contact"
expect_rc 64
expect_err "leadctl: add: --source-system 'zoho contact': use a name of letters, digits, '-', '_' or '.' such as salesforce, hubspot or zoho-contact"
finish
