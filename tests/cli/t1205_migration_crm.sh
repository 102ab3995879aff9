#!/bin/sh
# Another CRM object's export (docs/import.md §2, "kind"): --kind crm (or
# "kind": "crm") updates the records without inventing form submissions and
# keeps the lead's first-touch source, campaign, owner and record id; its
# accounts are keyed by website or company before a shared mail domain;
# ISP and national mail domains are free mail; a HubSpot export with
# associated companies keeps the company's columns off the contact.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z
new_db

cat >leads.csv <<'CSV'
LEADID,Email,Lead Owner,Lead Source,Created Time
L-10,ray@basalt.example,Kim Ortiz,Web Research,2021-02-01T10:00:00Z
L-11,sue@basalt.example,Ana Ruiz,Cold Call,2021-02-02T10:00:00Z
CSV
run import leads.csv
expect_rc 0
cat >contacts.csv <<'CSV'
CONTACTID,Email,Contact Owner,Lead Source,Title,Created Time
C-500,ray@basalt.example,Sam Reed,Partner,Buyer,2021-03-01T10:00:00Z
C-501,sue@basalt.example,Sam Reed,Trade Show,Engineer,2021-03-02T10:00:00Z
CSV
# the form default: a re-submission, the source and owner replaced
run import --dry-run contacts.csv
expect_out_has "(4 known values replaced by the file's)"
run import contacts.csv --kind crm
expect_rc 0
expect_out "import 2: contacts.csv: 2 rows: 0 created, 2 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT email || ' ' || source || ' ' || owner || ' ' || external_id || ' ' || title FROM leads ORDER BY email" "ray@basalt.example Web Research Kim Ortiz L-10 Buyer
sue@basalt.example Cold Call Ana Ruiz L-11 Engineer"
expect_sql "SELECT count(*) FROM events WHERE type = 'form_submission'" 0
run import contacts.csv --kind deals
expect_rc 64
expect_err_has "leadctl: import: --kind 'deals': use form or crm"
printf '{"kind": "crm"}\n' >crm.json
run import --dry-run contacts.csv --map crm.json
expect_rc 0
expect_out_lacks "known values replaced"

# Accounts: three companies behind one mail domain, and ISP mail.
cat >acc.csv <<'CSV'
Email,Company,Website
a@cuvox.example,Pants Demo,pantsdemo.example
b@cuvox.example,Charge Demo,https://www.chargedemo.example/
c@cuvox.example,Bliss Demo,
d@web.de,Tor GmbH,
e@wanadoo.fr,Lune SARL,
CSV
run import acc.csv
expect_sql "SELECT count(DISTINCT account_id) FROM leads WHERE email LIKE '%cuvox%'" 1
expect_sql "SELECT a.name FROM leads l JOIN accounts a ON a.id = l.account_id WHERE l.email = 'e@wanadoo.fr'" "Lune SARL"
run import undo 3
run import acc.csv --account-key website
expect_sql "SELECT l.email || ' ' || a.key FROM leads l JOIN accounts a ON a.id = l.account_id WHERE l.email LIKE '%cuvox%' ORDER BY l.email" "a@cuvox.example domain:pantsdemo.example
b@cuvox.example domain:chargedemo.example
c@cuvox.example name:bliss demo"
run import acc.csv --account-key nope
expect_rc 64

# HubSpot contacts with their associated company: the company's record id,
# name and switchboard number stay the company's.
cat >hs.csv <<'CSV'
Record ID - Contact,First Name,Email,Phone Number,Mobile Phone Number,Company Name,Record ID - Company,Company name,Phone Number
7001,Ada,,,+1 415 555 0101,Fern Co,9001,Fern Co,+1 415 555 0100
7002,Bob,,,,Fern Co,9001,Fern Co,+1 415 555 0100
CSV
run import hs.csv
expect_rc 0
expect_out_has "2 created"
expect_sql "SELECT external_id || ' ' || first_name || ' ' || coalesce(phone, '-') FROM leads WHERE external_id IN ('7001', '7002') ORDER BY 1" "7001 Ada +14155550101
7002 Bob -"
run import --explain hs.csv
expect_out_has "9  Phone Number         ->  custom:Phone Number (2)  (a repeated name: kept as custom)"
finish
