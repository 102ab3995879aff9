#!/bin/sh
# Lead numbers are never given again (after merge, import undo, deletion),
# and a database made before migration 006 is re-keyed by the identity
# module: e-mails, phones and record ids get their keys, leads that now
# share a key are reported by dedupe (never merged), the lead numbers
# already used are never reused, and every foreign key, index and report
# view still works.  Invented people.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
SLA="$LEADCTL_SRC/sla.example.json"

# --- numbers never reused --------------------------------------------------
run init --sla "$SLA"
for p in rui.sol bea.mar b.mar; do run add --email "$p@omicron.example"; done
expect_out "3"
run merge 2 3
expect_rc 0
run add --email quim@pi.example
expect_out "4"
printf '%s\n' 'Email,First Name' 'ona@rho.example,Ona' 'pep@rho.example,Pep' >w.csv
run import w.csv
expect_sql "SELECT group_concat(id) FROM leads WHERE email LIKE '%@rho.example'" "5,6"
run import undo 1
expect_rc 0
run add --email vera@sigma.example
expect_out "7"
# a deletion (sqlite3, as a script might) does not free the number either
sql "PRAGMA foreign_keys=ON; DELETE FROM leads WHERE id = 7"
run add --email xavi@tau.example
expect_out "8"

# --- a database of schema 005 ----------------------------------------------
rm -f "$LEADCTL_DB"*
for m in 001 002 003 004 005; do
	cat "$LEADCTL_SRC"/migrations/${m}_*.sql | sqlite3 -batch "$LEADCTL_DB" || fail "migration $m"
done
sqlite3 -batch "$LEADCTL_DB" "PRAGMA user_version = 5; PRAGMA application_id = 1279607108;
INSERT INTO sla_versions(version, name, content, sha256, installed_at, installed_by)
	VALUES (1, 'example', CAST(readfile('$SLA') AS TEXT), 'x', 0, 't');
INSERT INTO leads(id, email, external_id, phone, first_name, country, stage_at, created_at, updated_at, activity_at) VALUES
	(1, 'Élodie@kappa.example', NULL, '612345678', 'Élodie', NULL, 0, 0, 0, 0),
	(2, 'élodie@kappa.example', NULL, '+34612345678', 'Elodie', NULL, 0, 0, 0, 0),
	(3, 'MAX@Lambda.example', '00Q7a00000Abc12AAA', '06 1234 5678', 'Max', 'Italy', 0, 0, 0, 0),
	(4, NULL, '1177', '+390612345678', 'Mia', NULL, 0, 0, 0, 0);
INSERT INTO touches(lead_id, at, actor, channel, outcome) VALUES (3, 0, 't', 'call', 'connected');
INSERT INTO merges(kept_id, dropped_id, dropped, at, actor) VALUES (4, 9, '{}', 0, 't');" || fail "old database"
run doctor
expect_rc 78
run init
expect_rc 0
# keys: the e-mail the identity module gives; a phone in the lead's own
# country, else the SLA's (34); Salesforce-shaped ids are Salesforce's.
expect_sql "SELECT id, coalesce(email, '-'), phone FROM leads ORDER BY id" "1|Élodie@kappa.example|+34612345678
2|élodie@kappa.example|+34612345678
3|max@lambda.example|+390612345678
4|-|+390612345678"
expect_sql "SELECT lead_id, kind, coalesce(system, '-'), key, raw FROM lead_identities ORDER BY lead_id, kind, key" \
	"1|phone|-|+34612345678|612345678
2|email|-|élodie@kappa.example|élodie@kappa.example
2|phone|-|+34612345678|+34612345678
3|email|-|max@lambda.example|MAX@Lambda.example
3|phone|-|+390612345678|06 1234 5678
3|record|salesforce|salesforce:00Q7a00000Abc12AAA|00Q7a00000Abc12AAA
4|phone|-|+390612345678|+390612345678
4|record|ext|ext:1177|1177"
# the pairs the new keys reveal are reported, not merged
run --format tsv dedupe
expect_rc 0
expect_out "keep	drop	why	merge
1	2	same address élodie@kappa.example	leadctl merge 1 2
1	2	same phone +34612345678	leadctl merge 1 2
3	4	same phone +390612345678	leadctl merge 3 4"
expect_sql "SELECT count(*) FROM leads" "4"
# the schema: AUTOINCREMENT past every number used (merged lead 9 too),
# foreign keys and indexes intact, the reports run
expect_sql "PRAGMA foreign_key_check" ""
expect_sql "PRAGMA integrity_check" "ok"
expect_sql "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'leads' AND name IN ('leads_stage_activity', 'leads_owner_stage', 'leads_account')" "3"
expect_sql "SELECT count(*) FROM sqlite_schema WHERE name = 'leads_phone_identity'" "0"
run add --email nil@mu.example
expect_out "10"
run show 3
expect_rc 0
expect_out_has "max@lambda.example"
run show salesforce:00Q7a00000Abc12AAA
expect_out_has "lead 3 "
run report funnel --month 2026-11
expect_rc 0
sql "PRAGMA foreign_keys=ON; DELETE FROM leads WHERE id = 3"
expect_sql "SELECT count(*) FROM touches" "0"
expect_sql "SELECT count(*) FROM lead_identities WHERE lead_id = 3" "0"
finish
