#!/bin/sh
# Re-import with a better mapping (docs/import.md §7): the same bytes with
# other options are another import, which says what changed and applies the
# file's stages and fields to the leads the first import created, recorded
# as changes; the same bytes with the same options change nothing.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z
new_db

cat >leads.csv <<'CSV'
Prospect ID,Email,Converted,Occupation
X-1,amy@cedar.example,0,Student
X-2,bea@cedar.example,1,Working Professional
X-3,cal@cedar.example,1,Working Professional
CSV
run import leads.csv
expect_rc 0
expect_sql "SELECT group_concat(stage, ' ') FROM leads" "new new new"
run import leads.csv
expect_rc 0
expect_out "leads.csv: already imported as import 1 (2026-11-25T09:00:00Z, same content): nothing changed (--force imports it again)"

cat >map.json <<'JSON'
{"columns": {"Prospect ID": "external_id", "Converted": "stage", "Occupation": "title"},
 "stages": {"1": "won", "0": "none"}}
JSON
LEADCTL_NOW=2026-11-25T10:00:00Z run import leads.csv --map map.json
expect_rc 0
expect_out "leads.csv: same content as import 1, read again with other options (--map (none) -> map.json): its rows apply to the leads that import created, recorded as changes
import 2: leads.csv: 3 rows: 0 created, 3 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT external_id || '=' || stage || ':' || title FROM leads ORDER BY external_id" "X-1=new:Student
X-2=won:Working Professional
X-3=won:Working Professional"
expect_sql "SELECT count(*) FROM field_changes WHERE import_id = 2 AND field = 'title'" 3
expect_sql "SELECT count(*) FROM stage_history WHERE import_id = 2 AND to_stage = 'won'" 2
# the same mapping again: nothing to do
LEADCTL_NOW=2026-11-25T11:00:00Z run import leads.csv --map map.json
expect_out_has "already imported as import 2"
# an edited mapping file is another option
sed 's/"0": "none"/"0": "nurture"/' map.json >map2.json && mv map2.json map.json
LEADCTL_NOW=2026-11-25T12:00:00Z run import leads.csv --map map.json
expect_rc 0
expect_out_has "read again with other options (mapping file edited)"
expect_sql "SELECT stage FROM leads WHERE external_id = 'X-1'" nurture
expect_machine_moves
# the re-imports undo newest first, back to the first import
run import undo 3
expect_rc 0
run import undo 2
expect_rc 0
expect_sql "SELECT group_concat(stage, ' ') FROM leads" "new new new"

# A lead another import created is not re-staged by a re-read file: only a
# newer date moves it.
printf 'Email,Stage\ndan@cedar.example,Lead\n' >one.csv
run import one.csv
printf 'Email,Stage\ndan@cedar.example,Customer\n' >two.csv
run import two.csv
expect_sql "SELECT stage FROM leads WHERE email = 'dan@cedar.example'" new
finish
