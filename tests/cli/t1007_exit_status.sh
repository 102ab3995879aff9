#!/bin/sh
# Exit statuses as documented (issue 11): a missing --map file is 66 like
# every missing input; a missing --reason and a missing --amount are both
# usage errors (64), each one line, and change nothing.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-02-10T10:00:00Z
run init
printf 'Email\nzoe@kappa.example\n' >"$T/in.csv"
dump before
run import "$T/in.csv" --map "$T/absent-map.json"
expect_rc 66
expect_err_lines 1
expect_err_has "absent-map.json"
run import "$T/absent.csv"
expect_rc 66
dump after
expect_same_dump before after
printf '{"columns": {"Email": "no_such_field"}}\n' >"$T/bad.json"
run import "$T/in.csv" --map "$T/bad.json"
expect_rc 78

run add --email zoe@kappa.example
run stage 1 mql
run stage 1 sql
dump before
for move in lost nurture; do
	run stage 1 $move
	expect_rc 64
	expect_err_lines 1
	expect_err_has "needs --reason"
done
run stage 1 won
expect_rc 64
expect_err_lines 1
expect_err_has "needs --amount"
dump after
expect_same_dump before after
run stage 1 lost --reason no_such_reason
expect_rc 65
finish
