#!/bin/sh
# backup and dedupe.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T12:00:00Z
run init
run add --email ana@acme.com --first-name Ana --last-name Ruiz --phone "+34 600 000 001" --at 2026-11-10T09:00:00Z
run add --email "ana+webinar@acme.com" --at 2026-11-11T09:00:00Z
run add --email j.smith@gmail.com --at 2026-11-12T09:00:00Z
run add --email jsmith@gmail.com --at 2026-11-13T09:00:00Z
run add --email ana.ruiz@acme.com --first-name ANA --last-name ruiz --at 2026-11-14T09:00:00Z
run add --email other@initech.io --phone "+34 600 000 001" --at 2026-11-15T09:00:00Z
run add --email nobody@initech.io --first-name Ana --last-name Ruiz --at 2026-11-16T09:00:00Z
run touch 2 --channel call --outcome connected --at 2026-11-12T10:00:00Z

# Pairs: 1-2 the same address without +tag; 1-5 same name at acme.com;
# 1-6 the same phone; 3-4 gmail ignores dots.  7 is an Ana Ruiz elsewhere.
run dedupe --format tsv
expect_rc 0
expect_out "keep	drop	why	merge
1	2	same address ana@acme.com	leadctl merge 1 2
1	5	same name at the same account	leadctl merge 1 5
1	6	same phone +34600000001	leadctl merge 1 6
3	4	same address jsmith@gmail.com	leadctl merge 3 4"
expect_sql "SELECT count(*) FROM leads" "7"

# backup: a consistent copy, owner-only, never over an existing file.
run backup "$T/copy.db"
expect_rc 0
expect_out "backed up $LEADCTL_DB to $T/copy.db"
[ "$(stat -c %a "$T/copy.db")" = 600 ] && ok || fail "backup mode"
[ "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM leads')" = 7 ] && ok || fail "backup content"
run --db "$T/copy.db" doctor
expect_rc 0
run backup "$T/copy.db"
expect_rc 73
expect_err_has "leadctl never overwrites a file"

run dedupe --merge
expect_rc 0
expect_out "lead 2 merged into lead 1 (same address ana@acme.com)
lead 5 merged into lead 1 (same name at the same account)
lead 6 merged into lead 1 (same phone +34600000001)
lead 4 merged into lead 3 (same address jsmith@gmail.com)
4 leads merged"
expect_sql "SELECT group_concat(id) FROM (SELECT id FROM leads ORDER BY id)" "1,3,7"
expect_sql "SELECT count(*) FROM touches WHERE lead_id = 1" "1"
expect_sql "SELECT count(*) FROM merges" "4"
run dedupe
expect_out "keep	drop	why	merge"
finish
