#!/bin/sh
# The classes of spelling damage, end to end with invented people: phones as
# floats, with a country code that lost its '+', a kept Italian trunk 0,
# extensions, national numbers in the row's own country, the same phone by
# add and by import; e-mails with invisible characters and non-ASCII
# capitals.  Each must give one stored form, found by any spelling.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
SLA="$LEADCTL_SRC/sla.example.json" # phone_country_code 34
run init --sla "$SLA"

# Phones.
cat >phones.csv <<'EOF'
Email,Phone,Country
f1@float.example,34622334455.0,
f2@float.example,3.46223E+10,
f3@float.example,'0622334455,
cc@plus.example,34633445566,
it@roma.example,06 9876 5432,Italia
x1@ext.example,212-555-0147x31,US
x2@ext.example,+1 (212) 555-0148 Ext. 4402,
x3@ext.example,1-212-555-0149 ext 7,USA
mx@row.example,55 5555 0123,México
ar@row.example,011 5555-0199,AR
de@row.example,0151 23456789,DE
es@row.example,655 443 322,
EOF
run import phones.csv
expect_rc 0
expect_out_has "12 created"
expect_err_has "line 2: phone '34622334455.0' in column 'Phone' is not used: "
expect_sql "SELECT email, coalesce(phone, '-'), coalesce(json_extract(custom, '\$.phone_extension'), '-'), coalesce(json_extract(custom, '\$.Phone'), '-') FROM leads ORDER BY id" \
	"f1@float.example|-|-|34622334455.0
f2@float.example|-|-|3.46223E+10
f3@float.example|-|-|'0622334455
cc@plus.example|+34633445566|-|-
it@roma.example|+390698765432|-|-
x1@ext.example|+12125550147|31|-
x2@ext.example|+12125550148|4402|-
x3@ext.example|+12125550149|7|-
mx@row.example|+525555550123|-|-
ar@row.example|+541155550199|-|-
de@row.example|+4915123456789|-|-
es@row.example|+34655443322|-|-"
# a phone-only form row in another spelling is the same person
printf '%s\n' 'Phone,Job Title' '+34 633 44 55 66,CEO' '0039 06 9876 5432,CFO' >phone-only.csv
run import phone-only.csv
expect_rc 0
expect_out_has "0 created, 2 updated"
for ref in "+39 06 9876 5432" "0039 0698765432" "phone:+390698765432"; do
	run show "$ref"
	expect_rc 0
	expect_out_has "it@roma.example"
done

# add and import store one form, and every spelling finds it.
run add --email sol@add.example --phone "688 77 66 55"
expect_rc 0
expect_sql "SELECT phone FROM leads WHERE email = 'sol@add.example'" "+34688776655"
run add --email ext@add.example --phone "+1 212 555 0150 x 12"
expect_sql "SELECT phone, json_extract(custom, '\$.phone_extension') FROM leads WHERE email = 'ext@add.example'" "+12125550150|12"
run add --email dmg@add.example --phone "34688776655.0"
expect_rc 65
expect_err_has "add: invalid phone '34688776655.0': "
for ref in "688776655" "+34 688 77 66 55" "0034688776655"; do
	run show "$ref"
	expect_rc 0
	expect_out_has "sol@add.example"
done

# E-mails: a no-break space, a zero-width space, a BOM, non-ASCII capitals.
nb=$(printf '\302\240') zw=$(printf '\342\200\213') bom=$(printf '\357\273\277')
cat >mails.csv <<EOF
Email,First Name
zoë.ñúñez@kappa.example,Zoë
ZOË.ÑÚÑEZ@KAPPA.EXAMPLE${nb},Zoë
${zw}zoë.ñúñez@kappa.example,Zoë
${bom}Zoë.Ñúñez@Kappa.Example,Zoë
EOF
run import mails.csv
expect_rc 0
expect_out_has "1 created"
expect_sql "SELECT count(*), max(a.domain) FROM leads l JOIN accounts a ON a.id = l.account_id WHERE l.email = 'zoë.ñúñez@kappa.example'" "1|kappa.example"
expect_sql "SELECT count(*) FROM accounts WHERE key LIKE 'domain:kappa%'" "1"
run show "ZOË.ÑÚÑEZ@kappa.example"
expect_rc 0
expect_out_has "zoë.ñúñez@kappa.example"
finish
