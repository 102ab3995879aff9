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

# Record ids of another object are namespaced as that object: Zoho numbers
# its Contacts apart from its Leads, so CONTACTID 77 (Ray) is not LEADID 77
# (Sue): both ids stay, side by side, on the right people.
cat >zl.csv <<'CSV'
LEADID,Email,Lead Owner,Created Time
77,sue@tuff.example,Kim Ortiz,"02 Feb, 2021 10:00:00"
78,ray@tuff.example,Kim Ortiz,"03 Feb, 2021 10:00:00"
CSV
cat >zc.csv <<'CSV'
CONTACTID,Email,Contact Owner,Title,Created Time
78,sue@tuff.example,Sam Reed,Chemist,"02 Mar, 2021 10:00:00"
77,ray@tuff.example,Sam Reed,Welder,"03 Mar, 2021 10:00:00"
CSV
run import zl.csv
expect_rc 0
run import --explain zc.csv
expect_out_has "CONTACTID      ->  external_id.zoho-contact  (auto; record ids of zoho-contact (recognised export))"
run import zc.csv --kind crm
expect_rc 0
expect_out_has "0 created, 2 updated, 0 unchanged, 0 rejected"
expect_sql "SELECT l.email || ' ' || l.title || ' ' || (SELECT group_concat(key, ' ') FROM (SELECT key FROM lead_identities i
	WHERE i.lead_id = l.id AND i.kind = 'record' ORDER BY key DESC)) FROM leads l WHERE l.email LIKE '%tuff%' ORDER BY l.email" "ray@tuff.example Welder zoho:78 zoho-contact:77
sue@tuff.example Chemist zoho:77 zoho-contact:78"
run show zoho-contact:77
expect_rc 0
expect_out_has "ray@tuff.example"

# A HubSpot deals export's Record ID is a deal's, not a person's: a person
# with two deals is one lead, both deals applied.
cat >hd.csv <<'CSV'
Record ID,Deal Name,Deal Stage,Associated Contact Email,Close Date,Amount
3001,Tuff renewal,closedwon,sue@tuff.example,2021-06-01T10:00:00Z,100
3002,Tuff upsell,appointmentscheduled,sue@tuff.example,,50
CSV
run import --explain hd.csv
expect_out_has "a deal's record id, not a person's: kept as custom"
printf '{"kind": "crm", "columns": {"Associated Contact Email": "email"}, "stages": {"closedwon": "won", "appointmentscheduled": "sql"}}\n' >hd.json
run import hd.csv --map hd.json
expect_rc 0
expect_sql "SELECT stage FROM leads WHERE email = 'sue@tuff.example'" won
expect_sql "SELECT count(*) FROM lead_identities WHERE value IN ('3001', '3002')" 0

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
run import undo 6
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
