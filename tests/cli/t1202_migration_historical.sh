#!/bin/sh
# Historical import (docs/import.md §4): with --historical (or "historical":
# true in the mapping file) stage entries older than the import open no
# obligation dated in the past: open leads owe their response from the
# import on, their stale clock starts there, and the first sla check finds
# nothing.  Without it, old entries breach at once.  And import undo still
# works after the SLA's own actions on the imported leads.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z   # a Wednesday, 10:00 in Madrid

cat >old.csv <<'CSV'
Lead Id,Email,Lead Owner,Lead Status,Converted,Created Time
Z-1,pia@lumen.example,Rui Sol,Pre Qualified,No,"12 Mar, 2020 10:00:00"
Z-2,ole@lumen.example,Rui Sol,Contacted,Yes,"14 Mar, 2020 10:00:00"
Z-3,max@prism.example,Rui Sol,Contacted,Yes,"02 Jul, 2019 09:00:00"
Z-4,eva@prism.example,Rui Sol,Lost Lead,No,"03 Jul, 2019 09:00:00"
CSV
cat >old.json <<'JSON'
{"columns": {"Lead Id": "external_id", "Converted": "stage", "Created Time": {"field": "created_at", "timezone": "UTC"}},
 "stages": {"Yes": "sql", "No": "none"}}
JSON

# With --no-historical (the behaviour before the automatic cut-off, see
# t1521): the 2020 MQL and the 2019/2020 SQLs breach at once.
new_db
run import old.csv --map old.json --no-historical
expect_rc 0
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 1

# With --historical: the same stages, nothing owed before the import.
new_db
run import old.csv --map old.json --historical
expect_rc 0
expect_out "import 1: old.csv: 4 rows: 4 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT external_id || '=' || stage FROM leads ORDER BY external_id" "Z-1=mql
Z-2=sql
Z-3=sql
Z-4=lost"
# the funnel history keeps its dates
expect_sql "SELECT date(at, 'unixepoch') FROM stage_history h JOIN leads l ON l.id = h.lead_id WHERE external_id = 'Z-1' AND to_stage = 'mql'" 2020-03-12
# the open MQL owes its first touch from the import: 24 business hours
# from Wednesday 10:00 Madrid: 8 h Wednesday, 9 h Thursday, 6 h Friday
# (it closes at 15:00), 1 h Monday = Monday 30 November 10:00 Madrid
expect_sql "SELECT datetime(started_at, 'unixepoch') || ' ' || datetime(first_touch_due, 'unixepoch') FROM obligations o JOIN leads l ON l.id = o.lead_id WHERE external_id = 'Z-1'" "2026-11-25 09:00:00 2026-11-30 09:00:00"
expect_sql "SELECT count(*) FROM obligations WHERE started_at < strftime('%s', '2026-11-25T09:00:00Z')" 0
# the stale clock of the SQLs starts at the import
expect_sql "SELECT count(*) FROM leads WHERE stage = 'sql' AND activity_at = strftime('%s', '2026-11-25T09:00:00Z')" 2
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 0
expect_out_empty
# next is useful the same day: the MQL, due in the future, not overdue
LEADCTL_NOW=2026-11-25T09:01:00Z run --format json next
expect_rc 0
printf '%s' "$(cat "$T/out")" >next.json
expect_json next.json '$[0].id' 1
expect_json next.json '$[0].due_at' 2026-11-30T09:00:00Z
expect_json next.json '$[0].overdue_seconds' -431940
# 31 days later the SLA's stale rule (SQL 30 days) applies from the import
LEADCTL_NOW=2026-12-26T10:00:00Z run sla check --json
expect_rc 1
expect_sql "SELECT count(*) FROM breaches WHERE kind = 'stalled'" 2

# The mapping key does the same.
new_db
sed 's/^{/{"historical": true, /' old.json >hist.json
run import old.csv --map hist.json
expect_rc 0
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 0

# Undo after the SLA's own recycle: a fresh MQL nobody calls is recycled by
# the cron 18 days later; the import still comes back out, every row of it.
new_db
dump_data before
cat >fresh.csv <<'CSV'
Email,Lead Status,Created Time
kai@quill.example,Pre Qualified,2026-11-25T08:00:00Z
CSV
run import fresh.csv
expect_rc 0
LEADCTL_NOW=2026-12-14T09:00:00Z run sla check
expect_rc 1
expect_sql "SELECT to_stage || ' ' || origin || ' ' || reason FROM stage_history WHERE to_stage = 'nurture'" "nurture sla no_response"
LEADCTL_NOW=2026-12-14T09:05:00Z run import undo 1
expect_rc 0
expect_out_has "import 1 undone: 1 lead removed"
dump_data after
expect_same_dump before after
expect_sql "SELECT count(*) FROM pragma_foreign_key_check" 0
# a person's later move still refuses the undo
run import fresh.csv --force
LEADCTL_NOW=2026-12-14T09:10:00Z run stage kai@quill.example sql
expect_rc 0
LEADCTL_NOW=2026-12-14T09:11:00Z run import undo 2
expect_rc 65
expect_err_has "later change in stage_history would be lost"
finish
