#!/bin/sh
# One identity module for every entry point: the same odd spellings of one
# e-mail and one phone, given to add, edit, import, the lead references of
# show/stage/touch and dedupe, always give the same key; and no other source
# file normalises an identity (the old text.c normalisers are gone).
# Invented people.  README "Identity and accounts".
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json" # phone_country_code 34
expect_rc 0

# add: a zero-width space before, a no-break space after, capitals
# (non-ASCII too), a Punycode domain; a German mobile with the trunk 0 in
# brackets.
zw=$(printf '\342\200\213') nb=$(printf '\302\240')
run add --email "${zw}ÖMER.KAYA@XN--BRO-HOA.EXAMPLE${nb}" --first-name Ömer --phone "+49 (0)170 1234567"
expect_rc 0
expect_out "1"
expect_sql "SELECT email, phone FROM leads" "ömer.kaya@büro.example|+491701234567"
expect_sql "SELECT kind, key FROM lead_identities ORDER BY id" "email|ömer.kaya@büro.example
phone|+491701234567"
expect_sql "SELECT domain FROM accounts" "büro.example"

# add again in another spelling: the same identity, refused naming lead 1.
run add --email "Ömer.Kaya@Büro.example"
expect_rc 65
expect_err "leadctl: lead 1 (Ömer, ömer.kaya@büro.example) already has e-mail 'ömer.kaya@büro.example': update it with 'leadctl edit 1' or merge the two"

# import: the address in Unicode capitals, the phone as 0049 ..., a
# national number in the row's own country (Germany): lead 1, updated.
cat >form.csv <<EOF
Email,Phone,Country,Job Title
ÖMER.KAYA@büro.EXAMPLE,0049 170 1234567,Germany,CTO
EOF
run import form.csv
expect_rc 0
expect_out "import 1: form.csv: 1 row: 0 created, 1 updated, 0 unchanged, 0 rejected, 0 qualified"
cat >form2.csv <<EOF
Email,Phone,Country
ömer.kaya@xn--bro-hoa.example,0170 1234567,DE
EOF
run import form2.csv
expect_rc 0
expect_out_has "0 created"
expect_sql "SELECT count(*) FROM leads" "1"
expect_sql "SELECT count(*) FROM lead_identities" "2"

# every reference spelling finds lead 1
for ref in "ÖMER.KAYA@BÜRO.EXAMPLE" "email:ömer.kaya@xn--bro-hoa.example" "${zw}ömer.kaya@büro.example" \
	"+49 170 1234567" "phone:+49 (0)170 123 45 67" "+491701234567" "lead:1" "#1" "1"; do
	run show "$ref"
	expect_rc 0
	expect_out_has "ömer.kaya@büro.example"
done
run touch "phone:0049 170 1234567" --channel call --outcome no_answer
expect_rc 0
run stage "Ömer.Kaya@Büro.Example" mql
expect_rc 0
expect_sql "SELECT stage FROM leads WHERE id = 1" "mql"

# edit: the same phone in another spelling is no change at all
run edit 1 --phone "0170-123 45 67" --country Germany
expect_rc 0
expect_sql "SELECT count(*) FROM field_changes WHERE field = 'phone'" "0"
expect_sql "SELECT phone FROM leads WHERE id = 1" "+491701234567"

# dedupe: another lead with the same phone in another spelling is a pair
run add --email "o.kaya@private.example" --phone "0049-170-1234567"
expect_out "2"
run --format tsv dedupe
expect_rc 0
expect_out "keep	drop	why	merge
1	2	same phone +491701234567	leadctl merge 1 2"

# Only the identity module normalises identities: the old normalisers are
# gone, and every caller of the module is one of the known entry points
# (import and its mapping, add/edit, references and the store, dedupe's SQL
# through the functions the store registers).
if grep -rn "text_email_norm\|text_phone_norm\|text_website_domain" "$LEADCTL_SRC/src" "$LEADCTL_SRC/include" >/dev/null; then
	fail "an old normaliser is still there"
else ok; fi
callers=$(grep -l "identity_email_key\|identity_phone_key\|identity_record_key\|identity_domain_key" "$LEADCTL_SRC"/src/*.c \
	| sed 's|.*/||' | sort | tr '\n' ' ')
STEP="callers of the identity module"
[ "$callers" = "cmd_import.c cmdutil.c csvmap.c identity.c store_admin.c store_identity.c store_lead.c store_privacy.c " ] && ok || fail "callers: $callers"
finish
