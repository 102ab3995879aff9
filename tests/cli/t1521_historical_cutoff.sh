#!/bin/sh
# The automatic cut-off of a historical import (docs/import.md §4): with no
# option, a row whose stage entry is older than the SLA's longest deadline
# before the import (the example SLA: SQL stale after 30 calendar days) is
# history -- no obligation, breach or routing dated before the import --
# and the recent rows owe what they owe.  The first sla check pages only
# the recent ones; import undo still works after it.  --no-historical,
# --historical, --history-before and the mapping file's "historical"
# override the rule.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z # a Wednesday, 10:00 in Madrid

# 31 days before the import is past the 30-day stale period; 29 days is not.
cat >crm.csv <<'CSV'
Email,Lifecycle Stage,Create Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date
old.mql@loom.example,Marketing Qualified Lead,2021-02-01T09:00:00Z,2021-02-03T09:00:00Z,
old.sql@loom.example,Sales Qualified Lead,2019-05-02T09:00:00Z,2019-05-06T09:00:00Z,2019-06-01T09:00:00Z
edge.old@loom.example,Sales Qualified Lead,2026-10-01T09:00:00Z,,2026-10-25T09:00:00Z
edge.new@loom.example,Sales Qualified Lead,2026-10-01T09:00:00Z,,2026-10-27T09:00:00Z
new.mql@loom.example,Marketing Qualified Lead,2026-11-16T08:00:00Z,2026-11-16T09:00:00Z,
CSV
# breached LEAD-EMAILS after a check at TIME
breached() {
	sql "SELECT group_concat(email || ':' || kind, ' ') FROM (SELECT l.email, b.kind FROM breaches b JOIN leads l ON l.id = b.lead_id ORDER BY l.email, b.kind)"
}

new_db
dump_data before
run import crm.csv
expect_rc 0
expect_out "import 1: crm.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
# the funnel keeps every date
expect_sql "SELECT count(*) FROM stage_history WHERE to_stage = 'sql' AND at < strftime('%s', '2020-01-01')" 1
# history owes from the import; the recent MQL from its entry, the recent SQL
# is stale 30 days after its entry
expect_sql "SELECT l.email || ' ' || datetime(o.started_at, 'unixepoch') FROM obligations o JOIN leads l ON l.id = o.lead_id ORDER BY l.email" \
	"new.mql@loom.example 2026-11-16 09:00:00
old.mql@loom.example 2026-11-25 09:00:00"
expect_sql "SELECT email || ' ' || datetime(activity_at, 'unixepoch') FROM leads WHERE stage = 'sql' ORDER BY email" \
	"edge.new@loom.example 2026-10-27 09:00:00
edge.old@loom.example 2026-11-25 09:00:00
old.sql@loom.example 2026-11-25 09:00:00"
# the first check pages the recent MQL only
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 1
expect_out_has '"email":"new.mql@loom.example"'
got=$(breached)
if [ "$got" = "new.mql@loom.example:first_touch" ]; then ok; else fail "breaches: $got"; fi
# the next day the recent SQL (29 days) is stalled, nothing of the history
LEADCTL_NOW=2026-11-26T10:00:00Z run sla check --json
expect_rc 1
got=$(breached)
if [ "$got" = "edge.new@loom.example:stalled new.mql@loom.example:first_touch" ]; then ok; else fail "breaches: $got"; fi
# undo after the SLA's checks: the database as before
LEADCTL_NOW=2026-11-26T10:05:00Z run import undo 1
expect_rc 0
dump_data after
expect_same_dump before after

# --no-historical: every old entry owes what it owed then
new_db
run import crm.csv --no-historical
expect_rc 0
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 1
got=$(breached)
case $got in
*edge.old@loom.example:stalled*old.mql@loom.example:first_touch*old.sql@loom.example:stalled*) ok ;;
*) fail "breaches: $got" ;;
esac
# the same file with other history options is another import
run import crm.csv --historical
expect_rc 0
expect_out_has "same content as import 1, read again with other options (--historical false -> true)"

# --historical: every row, the recent MQL too, owes from the import
new_db
run import crm.csv --historical
expect_rc 0
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
expect_rc 0
expect_out_empty

# --history-before: a cut-off of the team's choosing (local to the SLA's zone)
new_db
run import crm.csv --history-before 2026-11-01
expect_rc 0
expect_sql "SELECT email || ' ' || datetime(activity_at, 'unixepoch') FROM leads WHERE email LIKE 'edge.%' ORDER BY email" \
	"edge.new@loom.example 2026-11-25 09:00:00
edge.old@loom.example 2026-11-25 09:00:00"
LEADCTL_NOW=2026-11-26T10:00:00Z run sla check --json
got=$(breached)
if [ "$got" = "new.mql@loom.example:first_touch" ]; then ok; else fail "breaches: $got"; fi

# the mapping file's "historical": false is --no-historical
new_db
printf '{"historical": false}\n' >map.json
run import crm.csv --map map.json
expect_rc 0
LEADCTL_NOW=2026-11-25T09:01:00Z run sla check --json
got=$(breached)
case $got in *old.sql@loom.example:stalled*) ok ;; *) fail "breaches: $got" ;; esac

# misuse: one line, exit 64, nothing written
new_db
run import crm.csv --historical --no-historical
expect_rc 64
expect_err_has "--historical, --no-historical and --history-before exclude each other"
run import crm.csv --history-before someday
expect_rc 64
expect_err_has "--history-before 'someday' is not a time"
expect_sql "SELECT count(*) FROM leads" 0
finish
