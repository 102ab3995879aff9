#!/bin/sh
# Inside an import, a store error is not a rejected row (issue 11): a row
# that breaks a rule is rejected with its reason and the file goes on, but a
# failure of the store (here a corrupt index page) aborts the whole import at
# once, in one line naming the line and the database, and changes nothing.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-03-01T10:00:00Z
run init
for i in 1 2 3; do run add --email "pere$i@rho.example" --source fair; done
printf 'Email,Source\nmarc@sigma.example,web\nnot-an-email,web\nlaia@sigma.example,web\n' >"$T/in.csv"
# a healthy copy: one row rejected with its reason, two imported
cp "$LEADCTL_DB" "$T/ok.db"
run --db "$T/ok.db" import "$T/in.csv" --rejects "$T/ok-rejects.csv"
expect_rc 0
[ "$(grep -c . "$T/ok-rejects.csv")" = 2 ] && ok || fail "one rejected row expected"
expect_sql "SELECT count(*) FROM leads" "3"
# the same import on a database whose leads_created index page is corrupt
corrupt_page leads_created
run import "$T/in.csv" --rejects "$T/rejects.csv"
expect_rc 65
expect_err_lines 1
expect_err_has "line 2"
expect_err_has "malformed"
expect_sql "SELECT count(*) FROM leads" "3"
expect_sql "SELECT count(*) FROM imports" "0"
[ ! -s "$T/rejects.csv" ] && ok || fail "a store error was written as a rejected row"
finish
