#!/bin/sh
# forget and identities: a lead that held two e-mail addresses (a known
# record id with a new address), a phone, a namespaced record id and a form
# fill's submission id loses all of them; --suppress puts every one of them
# on the suppression list, so a later row with the old address, the new
# one, the record id or (alone) the phone is rejected as erased, and no
# byte of them is left in the database file.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-11-10T10:00:00Z
run init --sla "$SLA"
expect_rc 0

cat >first.csv <<'EOF'
Record ID,Email,Phone Number,First Name,Last Name,Submission ID,Create Date
5101,selma.virta@koivu-energy.example,+358 40 123 4567,Selma,Virta,sub-88412-selma,2026-11-09 09:00
5102,aarne.lahti@koivu-energy.example,,Aarne,Lahti,sub-88413-aarne,2026-11-09 09:30
EOF
run import first.csv --source-system hubspot
expect_rc 0
expect_out_has "2 created"
cat >moved.csv <<'EOF'
Record ID,Email,Create Date
5101,selma@virta-consulting.example,2026-11-10 09:00
EOF
run import moved.csv --source-system hubspot
expect_rc 0
expect_sql "SELECT count(*) FROM lead_identities WHERE lead_id = 1 AND kind = 'email'" "2"
expect_sql "SELECT count(*) FROM events WHERE lead_id = 1 AND submission_id = 'sub-88412-selma'" "1"

run forget 1 --suppress
expect_rc 0
expect_out_has "lead 1 erased as erased:"
expect_out_has "4 identities suppressed"
expect_sql "SELECT count(*) FROM lead_identities WHERE lead_id = 1" "0"
expect_sql "SELECT count(*) FROM events WHERE lead_id = 1 AND submission_id IS NOT NULL" "0"
expect_sql "SELECT kind, count(*) FROM suppressions GROUP BY kind ORDER BY kind" "email|2
external_id|1
phone|1"
# Aarne, of the same company and import, keeps everything.
expect_sql "SELECT email FROM leads WHERE id = 2" "aarne.lahti@koivu-energy.example"
expect_sql "SELECT submission_id FROM events WHERE lead_id = 2 AND submission_id IS NOT NULL" "sub-88413-aarne"
[ ! -s "$LEADCTL_DB-wal" ] && ok || fail "the -wal file is not empty"
python3 - "$LEADCTL_DB" <<'PY' && ok || fail "personal data left in the database file"
import sys
data = open(sys.argv[1], "rb").read().lower()
needles = ["selma", "virta", "virta-consulting", "401234567", "sub-88412"]
found = [n for n in needles if n.encode() in data]
assert not found, found
PY

# Every one of her identities is suppressed: each row is rejected as erased.
cat >again.csv <<'EOF'
Record ID,Email,Phone Number,First Name
,selma.virta@koivu-energy.example,,S
,SELMA@virta-consulting.example,,S
5101,new.address@elsewhere.example,,S
,,+358401234567,S
,liisa.ranta@koivu-energy.example,+358 40 123 4567,Liisa
EOF
run import again.csv --source-system hubspot --rejects again-rejects.csv
expect_rc 0
expect_out_has "1 created"
expect_out_has "4 rejected"
[ "$(grep -c '"line [2-5]: erased: ' again-rejects.csv)" = 4 ] && ok || fail "four rows rejected as erased"
grep -qi 'selma\|5101\|358' again-rejects.csv && fail "an erased record written to the reject file" || ok
# A colleague sharing her phone (a switchboard) with an e-mail of her own is not blocked.
expect_sql "SELECT count(*) FROM leads WHERE email = 'liisa.ranta@koivu-energy.example'" "1"

finish
