#!/bin/sh
# Import, part 1: a HubSpot contacts export with lifecycle dates.  The stage
# history is rebuilt exactly from the "Became a ... Date" columns; every
# lead is checked field by field, with its account, owner, score and SLA
# obligation; then a newer export of the same records updates them (blank
# never overwrites, a different value replaces and is recorded), and undo
# restores the database exactly.
#
# Dates without an offset are wall times in the SLA's zone, Europe/Madrid:
# CET (+1) until 2026-03-29, CEST (+2) after.  Scores from sla.example.json:
# strategic industry +15, senior title +20, free-mail -10.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db
fixture hubspot_lifecycle.csv
fixture hubspot_lifecycle_v2.csv

run import --explain hubspot_lifecycle.csv
expect_rc 0
expect_out_has "hubspot_lifecycle.csv: utf-8, delimiter comma, header on line 1"
expect_out_has "  1  Record ID                               ->  external_id.hubspot  (auto; record ids of hubspot (recognised export))"
expect_out_has "  18  Became a Marketing Qualified Lead Date  ->  mql_at               (auto; date auto, zone Europe/Madrid)"
expect_out_has "  20  Became an Opportunity Date              ->  sql_at               (auto; date auto, zone Europe/Madrid; the earliest sql date wins, others kept as custom)"
expect_out_has "  22  Favourite Colour                        ->  custom               (no known name)"
expect_sql "SELECT count(*) FROM imports" "0"

run import hubspot_lifecycle.csv
expect_rc 0
expect_err_empty
expect_out "import 1: hubspot_lifecycle.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"

# The leads, field by field.  E-mail trimmed and lower-cased, phones with
# the SLA's country code 34, employees "1500" as is.
expect_sql "SELECT id, email, external_id, coalesce(phone,'-'), first_name, last_name, coalesce(title,'-'), company, coalesce(website,'-'), coalesce(country,'-'), coalesce(industry,'-'), coalesce(employees,'-'), source, coalesce(owner,'-') FROM leads ORDER BY id" \
"1|ana@acme.example|501|+34600111222|Ana|García|CTO|Acme S.L.|https://acme.example|ES|software|1500|Organic Search|Marta
2|bob@beta.example|502|-|Bob|Stone|VP Sales|Beta Ltd|-|GB|fintech|250|Paid Search|-
3|cleo@gmail.com|503|+34600333444|Cleo|Díaz|Analyst|Gamma|gamma.example|ES|retail|12|Social Media|luis
4|dan@delta.example|504|-|Dan|Eve|-|Delta|-|-|-|-|Direct Traffic|-
5|eva@eps.example|505|-|Eva|Fox|Head of IT|Eps|-|PT|logistics|5000|Offline|-"
# Unknown columns, the stage columns as written, and the second SQL date
# (the earliest one wins) are kept as custom fields; empty values are not.
expect_sql "SELECT id, coalesce(custom,'-') FROM leads ORDER BY id" \
'1|{"Lifecycle Stage":"Customer","Became an Opportunity Date":"2026-03-12 11:00","Favourite Colour":"blue"}
2|{"Lifecycle Stage":"Sales Qualified Lead"}
3|{"Lifecycle Stage":"Marketing Qualified Lead","Lead Status":"Attempted to Contact","Favourite Colour":"green"}
4|{"Lifecycle Stage":"Lead","Lead Status":"Unqualified"}
5|{"Lifecycle Stage":"Lead"}'
# Created at the Create Date, or at the earlier "Became a Lead Date" (505:
# 2026-05-24 10:00 CEST); the current stage since its latest dated entry.
# 501 and 502 entered their stage more than 30 days (the example SLA's
# longest deadline: SQL stale) before the import: history (docs/import.md
# §4), their stale clock starts at the import.
expect_sql "SELECT id, stage, datetime(created_at,'unixepoch'), datetime(stage_at,'unixepoch'), datetime(activity_at,'unixepoch') FROM leads ORDER BY id" \
"1|won|2026-03-02 08:00:00|2026-04-20 15:45:00|2026-06-01 10:00:00
2|sql|2026-04-01 06:00:00|2026-04-03 06:00:00|2026-06-01 10:00:00
3|mql|2026-05-10 10:00:00|2026-05-11 07:15:00|2026-05-11 07:15:00
4|disqualified|2026-05-20 16:30:00|2026-05-20 16:30:00|2026-05-20 16:30:00
5|new|2026-05-24 08:00:00|2026-05-24 08:00:00|2026-05-24 08:00:00"

# The stage history, exactly.  501: lead 2026-03-02 09:00 CET, MQL 03-05
# 10:30 CET, SQL 03-10 16:00 CET (the opportunity date 03-12 is later),
# customer 04-20 17:45 CEST.  502 skips nothing the file gives.  503 is an
# MQL since 05-11 09:15 CEST; "Attempted to Contact" says no stage.  504:
# "Lead" + "Unqualified" is disqualified, at the latest date the row has
# (its creation), with the reason "imported".  Origin import, actor the
# importing user, the import's number.
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), actor, coalesce(reason,'-'), origin, coalesce(sla_version,'-'), coalesce(amount_cents,'-'), import_id FROM stage_history ORDER BY id" \
"1|-|new|2026-03-02 08:00:00|tester|-|import|-|-|1
1|new|mql|2026-03-05 09:30:00|tester|-|import|-|-|1
1|mql|sql|2026-03-10 15:00:00|tester|-|import|-|-|1
1|sql|won|2026-04-20 15:45:00|tester|-|import|-|-|1
2|-|new|2026-04-01 06:00:00|tester|-|import|-|-|1
2|new|mql|2026-04-02 06:00:00|tester|-|import|-|-|1
2|mql|sql|2026-04-03 06:00:00|tester|-|import|-|-|1
3|-|new|2026-05-10 10:00:00|tester|-|import|-|-|1
3|new|mql|2026-05-11 07:15:00|tester|-|import|-|-|1
4|-|new|2026-05-20 16:30:00|tester|-|import|-|-|1
4|new|disqualified|2026-05-20 16:30:00|tester|imported|import|-|-|1
5|-|new|2026-05-24 08:00:00|tester|-|import|-|-|1"

# Accounts: by e-mail domain; gmail.com is free mail, so 503's comes from
# its website.
expect_sql "SELECT id, key, name, domain FROM accounts ORDER BY id" \
"1|domain:acme.example|Acme S.L.|acme.example
2|domain:beta.example|Beta Ltd|beta.example
3|domain:gamma.example|Gamma|gamma.example
4|domain:delta.example|Delta|delta.example
5|domain:eps.example|Eps|eps.example"
expect_sql "SELECT id, account_id FROM leads ORDER BY id" "1|1
2|2
3|3
4|4
5|5"

# Scores at the row's time: 501 CTO + software = 35; 502 VP + fintech = 35;
# 503 gmail = -10; 504 nothing; 505 Head + logistics = 35.  None reaches
# 100: no automatic MQL ("0 qualified").  No events in a HubSpot export.
expect_sql "SELECT id, score FROM leads ORDER BY id" "1|35.0
2|35.0
3|-10.0
4|0.0
5|35.0"
expect_sql "SELECT count(*) FROM events" "0"

# Owners: 501's from the file (an import assignment at its creation);
# 503, an unassigned MQL, routed when it became MQL: rule iberia_small
# (ES, 12 employees, a phone), pool iberia [luis, ana] from cursor 0.
expect_sql "SELECT lead_id, owner, datetime(at,'unixepoch'), actor, origin, coalesce(rule,'-'), coalesce(sla_version,'-') FROM assignments ORDER BY id" \
"1|Marta|2026-03-02 08:00:00|tester|import|-|-
3|luis|2026-05-11 07:15:00|sla|sla|iberia_small|1"
expect_sql "SELECT pool, position FROM route_cursors" "iberia|1"
expect_sql "SELECT name FROM owners ORDER BY name" "Marta
luis"
# 503's response obligation, rule mql: 24 business hours from Monday
# 2026-05-11 09:15 CEST (8h45 Monday, 9h Tuesday, 6h15 Wednesday) ->
# Wednesday 15:15 CEST; 6 attempts within 10 business days -> 05-25.
expect_sql "SELECT lead_id, stage, rule, datetime(started_at,'unixepoch'), datetime(first_touch_due,'unixepoch'), attempts_owed, datetime(attempts_due,'unixepoch'), state FROM obligations" \
"3|mql|mql|2026-05-11 07:15:00|2026-05-13 13:15:00|6|2026-05-25 07:15:00|open"

run import list --format tsv
expect_rc 0
expect_out "id	at	actor	file	rows	created	updated	unchanged	rejected	qualified	undone_at
1	2026-06-01T10:00:00Z	tester	hubspot_lifecycle.csv	5	5	0	0	0	0	"

# The same file again: nothing changes, and it says so.
dump_data first
run import hubspot_lifecycle.csv
expect_rc 0
expect_out "hubspot_lifecycle.csv: already imported as import 1 (2026-06-01T10:00:00Z, same content): nothing changed (--force imports it again)"
expect_sql "SELECT count(*) FROM imports" "1"
# Forced: every row matches its lead and changes nothing (no history, no
# event: the rows are the submissions that created the leads).
run import --force hubspot_lifecycle.csv
expect_rc 0
expect_out "import 2: hubspot_lifecycle.csv: 5 rows: 0 created, 0 updated, 5 unchanged, 0 rejected, 0 qualified"
dump_data forced
expect_same_dump first forced

# A newer export of the same records.  502: a phone appears, the title
# changes (a conflict: the file's value replaces the known one), the
# employees cell is blank (250 stays), an owner is given, and it became a
# customer on 05-15 12:00 CEST.  505 became an MQL on 05-28 09:00 CEST and
# has a colour.  506 is new.  501, 503, 504 are as before.
dump_data before_v2
run import hubspot_lifecycle_v2.csv
expect_rc 0
expect_err_empty
expect_out "import 3: hubspot_lifecycle_v2.csv: 6 rows: 1 created, 2 updated, 3 unchanged, 0 rejected, 0 qualified (3 known values replaced by the file's)"
expect_sql "SELECT id, coalesce(phone,'-'), title, employees, coalesce(owner,'-'), stage, datetime(stage_at,'unixepoch'), score FROM leads WHERE id IN (2, 5, 6) ORDER BY id" \
"2|+442079460000|CRO|250|Jon|won|2026-05-15 10:00:00|15.0
5|-|Head of IT|5000|ana|mql|2026-05-28 07:00:00|35.0
6|-|Director of Ops|80|-|new|2026-05-30 09:00:00|35.0"
# Only the new moves are appended: 502 sql -> won, 505 new -> mql, 506's creation.
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), origin, import_id FROM stage_history WHERE id > 12 ORDER BY id" \
"2|sql|won|2026-05-15 10:00:00|import|3
5|new|mql|2026-05-28 07:00:00|import|3
6|-|new|2026-05-30 09:00:00|import|3"
# Every changed field is recorded, dated at the import (the export says
# when the record was created, not when it changed).  The stage column as
# written changed too (kept as custom).
expect_sql "SELECT lead_id, datetime(at,'unixepoch'), actor, origin, field, coalesce(old_value,'-'), new_value, import_id FROM field_changes ORDER BY id" \
'2|2026-06-01 10:00:00|tester|import|phone|-|+442079460000|3
2|2026-06-01 10:00:00|tester|import|title|VP Sales|CRO|3
2|2026-06-01 10:00:00|tester|import|owner|-|Jon|3
2|2026-06-01 10:00:00|tester|import|custom|{"Lifecycle Stage":"Sales Qualified Lead"}|{"Lifecycle Stage":"Customer"}|3
5|2026-06-01 10:00:00|tester|import|custom|{"Lifecycle Stage":"Lead"}|{"Lifecycle Stage":"Marketing Qualified Lead","Favourite Colour":"red"}|3'
# Not a re-submission: no form_submission event for any of them.
expect_sql "SELECT count(*) FROM events" "0"
# 505, an unassigned MQL now: rule enterprise (5000 employees, not free
# mail), pool senior [ana, jon] from cursor 0.  Its obligation: 24 business
# hours from Thursday 05-28 09:00 CEST (9h, Friday 6h, Monday 9h) -> Monday
# 06-01 18:00 CEST; 10 business days -> Thursday 06-11 09:00 CEST.
expect_sql "SELECT lead_id, owner, datetime(at,'unixepoch'), origin, rule FROM assignments WHERE id > 2 ORDER BY id" \
"2|Jon|2026-06-01 10:00:00|import|
5|ana|2026-05-28 07:00:00|sla|enterprise"
expect_sql "SELECT lead_id, rule, datetime(started_at,'unixepoch'), datetime(first_touch_due,'unixepoch'), datetime(attempts_due,'unixepoch'), state FROM obligations ORDER BY id" \
"3|mql|2026-05-11 07:15:00|2026-05-13 13:15:00|2026-05-25 07:15:00|open
5|mql|2026-05-28 07:00:00|2026-06-01 16:00:00|2026-06-11 07:00:00|open"
expect_sql "SELECT lead_id, action FROM import_leads WHERE import_id = 3 ORDER BY lead_id" "1|updated
2|updated
3|updated
4|updated
5|updated
6|created"

# Undo import 3: the database is exactly as before it (but for the log).
run import undo 3
expect_rc 0
expect_out "import 3 undone: 1 lead removed, 5 restored"
dump_data after_undo
expect_same_dump before_v2 after_undo
run import list --format json
python3 - "$T/out" <<'PY' && ok || fail "import list json after undo"
import json, sys
d = json.load(open(sys.argv[1]))
assert [(x["id"], x["created"], x["updated"], x["unchanged"], x["undone_at"]) for x in d] == [
    (1, 5, 0, 0, None), (2, 0, 0, 5, None), (3, 1, 2, 3, "2026-06-01T10:00:00Z")], d
PY
run import undo 3
expect_rc 65
expect_err "leadctl: import undo: import 3 was already undone"
# An undone import does not count as "already imported".
run import hubspot_lifecycle_v2.csv
expect_rc 0
expect_out "import 4: hubspot_lifecycle_v2.csv: 6 rows: 1 created, 2 updated, 3 unchanged, 0 rejected, 0 qualified (3 known values replaced by the file's)"
expect_sql "SELECT count(*) FROM leads" "6"
finish
