#!/bin/sh
# Identity keys end to end: every spelling of one phone or e-mail is one
# identity whichever command brings it in (add, import, show), by the
# identity module (libphonenumber, libidn2, libunistring).  Phones: the
# country's trunk rules, a country code without '+', the row's own country
# before the SLA's code, extensions kept, spreadsheet damage refused with a
# warning.  E-mails: invisible characters, non-ASCII capitals and Punycode
# give the lead and the account already known.  Invented people; expected
# E.164 forms computed with libphonenumber.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
new_db # sla.example.json: phone_country_code 34

# phones.csv: national numbers read in the row's country (a name in any
# language or an ISO code), else in the SLA's (34); damaged values refused.
printf '%s\n' 'Email,Phone,Country' \
	'hugo@kilo.example,+49 (0)171 2345678,' \
	'ines@kilo.example,4915223456789,' \
	'jon@kilo.example,06 9876 5432,Italia' \
	'kai@kilo.example,020 7946 0958,Royaume-Uni' \
	'lea@kilo.example,(212) 555-0148 ext. 77,USA' \
	'max@kilo.example,0412 555 019,AUS' \
	'noa@kilo.example,699 88 77 66,' \
	'rui@kilo.example,212-555-0187 x12,United States' \
	'sam@kilo.example,1-800-555-0199 Ext 4302,Canada' \
	'oli@kilo.example,34699112233.0,' \
	'pia@kilo.example,3.4699E+10,' \
	"quim@kilo.example,'0034 699 445 566," >phones.csv
run import phones.csv
expect_rc 0
expect_out_has "12 rows: 12 created"
expect_err_has "line 11: phone '34699112233.0' in column 'Phone' is not used: turned into a decimal number by a spreadsheet"
expect_err_has "line 12: phone '3.4699E+10' in column 'Phone' is not used: rounded by a spreadsheet (scientific notation)"
expect_err_has "line 13: phone ''0034 699 445 566' in column 'Phone' is not used: marked as text by a spreadsheet"
expect_sql "SELECT email, coalesce(phone, '-') FROM leads ORDER BY id" \
'hugo@kilo.example|+491712345678
ines@kilo.example|+4915223456789
jon@kilo.example|+390698765432
kai@kilo.example|+442079460958
lea@kilo.example|+12125550148
max@kilo.example|+61412555019
noa@kilo.example|+34699887766
rui@kilo.example|+12125550187
sam@kilo.example|+18005550199
oli@kilo.example|-
pia@kilo.example|-
quim@kilo.example|-'
# Extensions are kept, every spelling alike.
for x in 'lea 77' 'rui 12' 'sam 4302'; do
	set -- $x
	run --format json show "$1@kilo.example"
	expect_rc 0
	expect_out_has "\"$2\""
done

# The same people again, phone only, spelled otherwise: no new lead.
printf '%s\n' 'Phone,Country' '+49 171 2345678,' '+39 06 9876 5432,' '0044 20 7946 0958,' \
	'0049 1522 3456789,' '+34 699 887 766,' '212.555.0148,US' >phones-again.csv
run import phones-again.csv
expect_rc 0
expect_out_has "6 rows: 0 created, "
expect_sql "SELECT count(*) FROM leads" "12"

# Every spelling finds the lead; add stores what import stores.
run add --email tea@lima.example --phone '699 55 44 33'
expect_rc 0
expect_sql "SELECT phone FROM leads WHERE email = 'tea@lima.example'" "+34699554433"
for p in '699 55 44 33' '+34 699 55 44 33' '0034699554433' '34699554433' '+34-699-554-433'; do
	run show "$p"
	expect_rc 0
	expect_out_has "tea@lima.example"
done
# A national number is read in the SLA's country: an Italian one needs its code.
for p in '+39 06 9876 5432' '0039 0698765432'; do
	run show "$p"
	expect_rc 0
	expect_out_has "jon@kilo.example"
done

# E-mails: invisible characters, capitals of any script, Punycode.
printf '%s\n' 'Email,First Name' 'tomás.núñez@bücher.example,Tomás' 'élise.roux@kappa.example,Élise' \
	'σοφια.ς@kappa.example,Sofia' >crm.csv
run import crm.csv
expect_rc 0
expect_out_has "3 rows: 3 created"
printf 'Email,Title\n\302\240TOMÁS.NÚÑEZ@XN--BCHER-KVA.EXAMPLE,CEO\n\342\200\213ÉLISE.ROUX@Kappa.Example\357\273\277,CFO\nΣΟΦΙΑ.Σ@KAPPA.EXAMPLE\342\200\257,CTO\n\357\273\277tomás.nu\314\201ñez@bücher.example\302\255,Owner\n' >web.csv
run import web.csv
expect_rc 0
expect_out_has "4 rows: 0 created, 4 updated"
expect_sql "SELECT count(*) FROM leads" "16"
expect_sql "SELECT email, coalesce(title, '-') FROM leads WHERE id > 13 ORDER BY id" \
'tomás.núñez@bücher.example|Owner
élise.roux@kappa.example|CFO
σοφια.ς@kappa.example|CTO'
expect_sql "SELECT key FROM accounts WHERE key LIKE '%bücher%' OR key LIKE '%kappa%' OR key LIKE '%xn--%' ORDER BY key" \
'domain:bücher.example
domain:kappa.example'
run show 'ÉLISE.ROUX@KAPPA.EXAMPLE'
expect_rc 0
expect_out_has "élise.roux@kappa.example"

# An invisible character never makes a second identity; a space inside is refused.
run add --email "hugo@kilo.example$(printf '\342\200\213')" --first-name Hugo
expect_rc 65
expect_err_has "lead 1 (hugo@kilo.example) already has e-mail 'hugo@kilo.example'"
expect_sql "SELECT count(*) FROM leads" "16"
run add --email 'hu go@kilo.example'
expect_rc 65
expect_err_has "space inside"

# Record ids a spreadsheet damaged are no identity: two people stay two leads.
printf '%s\n' 'Record ID,Email' '7.70112E+15,uma@mike.example' '7.70112E+15,vic@mike.example' \
	'1204.0,wes@mike.example' >rounded.csv
run import rounded.csv --source-system zoho
expect_rc 0
expect_out_has "3 rows: 3 created"
expect_err_has "7.70112E+15"
expect_err_has "scientific notation"
expect_err_has "ends in .0"
expect_sql "SELECT count(*) FROM lead_identities WHERE kind = 'record'" "0"

finish
