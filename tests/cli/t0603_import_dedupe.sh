#!/bin/sh
# Import, part 4: duplicates inside the file and against the database.
# A row matches a lead by e-mail (normalised), else by record id, else by
# phone (only when the row has neither); an existing lead is updated: a
# blank never overwrites, a different value replaces the known one (a
# conflict, counted and recorded in field_changes), and the re-submission
# is a form_submission event at the row's time.  Rows that cannot be used
# go to --rejects with their line and reason; the rest is imported.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db
fixture duplicates.csv

# Three leads already known: by e-mail, by record id only, by phone only.
run add --email ana@acme.example --first-name Ana --title CTO --company Acme --phone "+34 600 111 222" --at 2026-05-01T08:00:00Z
expect_out "1"
run add --external-id X-9 --first-name Xavi --at 2026-05-02T08:00:00Z
expect_out "2"
run add --phone "+34 600 999 888" --first-name Pia --at 2026-05-03T08:00:00Z
expect_out "3"

# line 2  ANA@Acme.Example     -> lead 1: new phone (conflict), last name, custom Plan; blank title kept
# line 3  dora@delta.example   -> a new lead, 4
# line 4  dora@delta.example   -> lead 4 again: company Delta -> Delta Corp (conflict), Plan
# line 5  x9@example.org + X-9 -> lead 2 by record id: gets an e-mail (and so an account)
# line 6  phone 600 999 888    -> lead 3 by phone (+34 from the SLA): gets a last name
# line 7  ana@... + X-9        -> rejected: two leads
# line 8  dora again, same time as line 3: the same submission, unchanged
# line 9  bad@                 -> rejected: not an e-mail
# line 10 a name only          -> rejected: nothing identifies the lead
run import duplicates.csv --rejects rejects.csv
expect_rc 0
expect_out "import 1: duplicates.csv: 9 rows: 1 created, 4 updated, 1 unchanged, 3 rejected, 0 qualified (2 known values replaced by the file's)"
# With --rejects, the rejected rows go to the file only.
expect_err_empty
printf '%s\r\n' 'line,reason,record' \
	'7,"line 7: e-mail '"'ana@acme.example'"' belongs to lead 1 (Ana García, ana@acme.example) but record id '"'X-9'"' to lead 2 (Xavi, x9@example.org): one row cannot be two leads (rejected, nothing merged; '"'leadctl merge'"' them if they are one person)","ana@acme.example,X-9,,,,,,,2026-05-25 09:00"' \
	'9,"line 9: invalid e-mail '"'bad@'"' in column '"'Email'"': no domain","bad@,,,,,,,,2026-05-26 09:00"' \
	'10,"line 10: no e-mail, record id or phone: nothing identifies the lead",",,,,Nobody,,,,2026-05-26 10:00"' \
	>"$T/rejects.expected"
if cmp -s "$T/rejects.expected" rejects.csv; then ok; else
	STEP="rejects.csv"
	fail "rejects file differs"
	diff "$T/rejects.expected" rejects.csv >&2
fi

expect_sql "SELECT id, coalesce(email,'-'), coalesce(external_id,'-'), coalesce(phone,'-'), first_name, coalesce(last_name,'-'), coalesce(title,'-'), coalesce(company,'-'), coalesce(custom,'-'), coalesce(account_id,'-') FROM leads ORDER BY id" \
'1|ana@acme.example|-|+34611222333|Ana|García|CTO|Acme|{"Plan":"gold"}|1
2|x9@example.org|X-9|-|Xavi|-|-|-|-|3
3|-|-|+34600999888|Pia|Pérez|-|-|-|-
4|dora@delta.example|-|-|Dora|Diaz|CEO|Delta Corp|{"Plan":"silver"}|2'
# No duplicate lead: four leads for the four identities.
expect_sql "SELECT count(*) FROM leads" "4"
expect_sql "SELECT id, key, coalesce(name,'-') FROM accounts ORDER BY id" \
"1|domain:acme.example|Acme
2|domain:delta.example|Delta
3|domain:example.org|-"
# Every change recorded, at the re-submission's time (wall times in Madrid, +2).
expect_sql "SELECT lead_id, datetime(at,'unixepoch'), actor, origin, field, coalesce(old_value,'-'), new_value, import_id FROM field_changes ORDER BY id" \
'1|2026-05-20 08:00:00|tester|import|phone|+34600111222|+34611222333|1
1|2026-05-20 08:00:00|tester|import|last_name|-|García|1
1|2026-05-20 08:00:00|tester|import|custom|-|{"Plan":"gold"}|1
4|2026-05-22 07:00:00|tester|import|company|Delta|Delta Corp|1
4|2026-05-22 07:00:00|tester|import|custom|-|{"Plan":"silver"}|1
2|2026-05-23 07:00:00|tester|import|email|-|x9@example.org|1
3|2026-05-24 07:00:00|tester|import|last_name|-|Pérez|1'
# One form_submission per re-submission; none for line 3 (it created lead
# 4) or line 8 (the same submission again).
expect_sql "SELECT lead_id, type, datetime(at,'unixepoch'), actor, origin, import_id FROM events ORDER BY id" \
"1|form_submission|2026-05-20 08:00:00|tester|import|1
4|form_submission|2026-05-22 07:00:00|tester|import|1
2|form_submission|2026-05-23 07:00:00|tester|import|1
3|form_submission|2026-05-24 07:00:00|tester|import|1"
# History: only the new lead's creation.
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), origin, coalesce(import_id,'-') FROM stage_history ORDER BY id" \
"1|-|new|2026-05-01 08:00:00|cli|-
2|-|new|2026-05-02 08:00:00|cli|-
3|-|new|2026-05-03 08:00:00|cli|-
4|-|new|2026-05-21 07:00:00|import|1"
# Scores: CTO / CEO +20 each; the rest 0.
expect_sql "SELECT id, score, stage FROM leads ORDER BY id" "1|20.0|new
2|0.0|new
3|0.0|new
4|20.0|new"
expect_sql "SELECT lead_id, action FROM import_leads ORDER BY lead_id" "1|updated
2|updated
3|updated
4|created"

# Without --rejects, the rejected rows are shown on stderr (file: line:
# reason, one line each) -- here by a dry run, which writes nothing.
dump before_dry
run import --dry-run duplicates.csv
expect_rc 0
expect_out "dry run (nothing written): duplicates.csv: 9 rows: 0 created, 0 updated, 6 unchanged, 3 rejected, 0 qualified"
expect_err "leadctl: warning: duplicates.csv: line 7: e-mail 'ana@acme.example' belongs to lead 1 (Ana García, ana@acme.example) but record id 'X-9' to lead 2 (Xavi, x9@example.org): one row cannot be two leads (rejected, nothing merged; 'leadctl merge' them if they are one person)
leadctl: warning: duplicates.csv: line 9: invalid e-mail 'bad@' in column 'Email': no domain
leadctl: warning: duplicates.csv: line 10: no e-mail, record id or phone: nothing identifies the lead"
dump after_dry
expect_same_dump before_dry after_dry

# Forced again: every usable row finds its lead and its event already
# there: nothing doubles.
dump_data before_force
run import --force --rejects rejects2.csv duplicates.csv
expect_rc 0
expect_out "import 2: duplicates.csv: 9 rows: 0 created, 0 updated, 6 unchanged, 3 rejected, 0 qualified"
dump_data after_force
expect_same_dump before_force after_force
if cmp -s rejects.csv rejects2.csv; then ok; else STEP="rejects2.csv" && fail "rejects differ"; fi

# An older submission, imported after newer ones, only fills what is
# unknown: Ana's title stays CTO (her 05-20 submission is newer than this
# 05-10 one), the industry is filled; it is still a submission (an event).
printf 'Email,Job Title,Industry,Submitted At\nana@acme.example,Intern,software,2026-05-10 09:00\n' >older.csv
run import older.csv
expect_rc 0
expect_out "import 3: older.csv: 1 row: 0 created, 1 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT title, industry, score FROM leads WHERE id = 1" "CTO|software|35.0"
expect_sql "SELECT field, coalesce(old_value,'-'), new_value FROM field_changes WHERE import_id = 3" "industry|-|software"
expect_sql "SELECT type, datetime(at,'unixepoch') FROM events WHERE import_id = 3" "form_submission|2026-05-10 07:00:00"

# A phone is an identity only without e-mail and record id: a row with a
# new e-mail and Pia's phone is a new lead, and both keep the phone.
printf 'Email,Phone,Submitted At\nnew@pia.example,600 999 888,2026-05-30 09:00\n' >phone.csv
run import phone.csv
expect_rc 0
expect_out "import 4: phone.csv: 1 row: 1 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT id, coalesce(email,'-'), phone FROM leads WHERE phone = '+34600999888' ORDER BY id" "3|-|+34600999888
5|new@pia.example|+34600999888"
finish
