#!/bin/sh
# A record id met twice in one file with two different e-mails (or, without
# e-mail, two phones) is two people sharing an id - typically ids Excel
# rounded to 15 digits without scientific notation - so the later rows are
# conflicts, never an address change folding one person into another.  The
# same id with the same person twice is one lead; a known id coming back in
# a LATER file with a new address still moves the address (the policy).
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-02T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0

# Invented lead-ads rows whose 17-digit ids a spreadsheet kept to 15 digits.
cat >ads.csv <<'EOF'
id,email,full_name,phone_number
39100000000000000,ilmari.koski@verso.example,Ilmari Koski,+358 50 111 2233
39100000000000000,ronja.niemi@halla.example,Ronja Niemi,+358 50 444 5566
39100000000000000,ilmari.koski@verso.example,Ilmari Koski,+358 50 111 2233
51234567,pekka.virta@joki.example,Pekka Virta,
EOF
run import ads.csv --source-system meta --rejects rej.csv
expect_rc 0
expect_out_has "4 rows: 2 created, 0 updated, 1 unchanged, 1 rejected"
expect_err_empty
STEP="the reject file names line 3, the other person and the rounding"
grep -F "line 3: meta id '39100000000000000' came earlier in this file with e-mail 'ilmari.koski@verso.example', for lead 1 (Ilmari Koski, ilmari.koski@verso.example): a CRM export holds each record once, so these are two people; the id looks rounded by a spreadsheet (15 digits kept): export the ids again as text (rejected, nothing merged)" rej.csv >/dev/null && ok || fail "$(cat rej.csv)"
grep -q 'ronja.niemi@halla.example' rej.csv && ok || fail "Ronja's record in the reject file"
expect_sql "SELECT email FROM leads ORDER BY id" "ilmari.koski@verso.example
pekka.virta@joki.example"
expect_sql "SELECT count(*) FROM lead_identities WHERE lead_id = 1 AND kind = 'email'" "1"

# Rows without e-mail: the same id with two phones is two people too.
cat >calls.csv <<'EOF'
Record ID,Phone,First Name
700100,+358 40 700 1001,Aino
700100,+358 40 700 2002,Veikko
EOF
run import calls.csv --source-system zoho
expect_rc 0
expect_out_has "2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected"
expect_err_has "line 3: zoho id '700100' came earlier in this file with phone '+358407001001'"
expect_sql "SELECT first_name FROM leads WHERE external_id = '700100'" "Aino"

# A later export where Pekka's record has a new address: the address moves,
# the old one still finds him (README "Identity and accounts").
cat >later.csv <<'EOF'
id,email,full_name
51234567,pekka@joki-uusi.example,Pekka Virta
EOF
export LEADCTL_NOW=2026-11-09T10:00:00Z
run import later.csv --source-system meta
expect_rc 0
expect_out_has "1 updated"
run show pekka.virta@joki.example
expect_rc 0
expect_out_has "pekka@joki-uusi.example"
finish
