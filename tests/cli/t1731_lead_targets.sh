#!/bin/sh
# Lead targets in the command table (issue 13): show, export --person and
# forget no longer resolve their own lead; the dispatcher does, once, as
# the table says.  What that keeps:
#   - show LEAD (read-only) takes the lead number of an ambiguous bare
#     number, with a note; show --account REF is an account, never a lead;
#   - export --person (read-only, but one person's data: CMD_EXACT) refuses
#     an ambiguous reference (65, every candidate listed), as forget does;
#   - forget LEAD... resolves every LEAD before it erases anything: a
#     missing one (66) leaves the others untouched;
#   - forget --expired LEAD is a usage error (64), whatever LEAD is;
#   - completion of `stage LEAD` offers the stages that lead may move to,
#     and every stage when LEAD is ambiguous (as `stage` would refuse it).
# Invented people.
. "$(dirname "$0")/lib.sh"
export LEADCTL_NOW=2026-10-05T09:00:00Z

run init
expect_rc 0
# Lead 1 carries HubSpot id 2; lead 2 is someone else: "2" is ambiguous.
run add --email ines.moreau@calanque.example --first-name Ines --last-name Moreau --company Calanque \
	--external-id 2 --source-system hubspot
run add --email ravi.kumar@ghat.example --first-name Ravi --last-name Kumar
run add --email lea.roux@calanque.example --first-name Lea --last-name Roux --company Calanque
expect_rc 0
run stage 3 mql
expect_rc 0
AMB="'2' is ambiguous: lead 2 (Ravi Kumar, ravi.kumar@ghat.example) by number (lead:2); lead 1 (Ines Moreau, ines.moreau@calanque.example) by hubspot id 2 (hubspot:2)"

run show 2
expect_rc 0
expect_out_has "lead 2 "
expect_err "leadctl: '2' is lead number 2; lead 1 (Ines Moreau, ines.moreau@calanque.example) has it by hubspot id 2: write hubspot:2 for that one"
run show --account calanque.example
expect_rc 0
expect_out_has "leads (2)"
expect_err_empty
run show nobody@nowhere.example
expect_rc 66
expect_out_empty
expect_err_lines 1

run export --person 2
expect_rc 65
expect_out_empty
expect_err_has "$AMB"
run export --person hubspot:2
expect_rc 0
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == 1 and d["email"] == "ines.moreau@calanque.example", d
' "$T/out" && ok || fail "export --person hubspot:2 is not lead 1"
run export --person ""
expect_rc 64
expect_err_has "empty lead reference"

dump before
run forget 2
expect_rc 65
expect_err_has "$AMB"
run forget 3 nobody@nowhere.example
expect_rc 66
expect_out_empty
expect_err_has "no lead 'nobody@nowhere.example'"
run forget --expired nobody@nowhere.example
expect_rc 64
expect_err_has "give LEAD or --expired, not both"
dump after
expect_same_dump before after
run forget 3 lead:2
expect_rc 0
expect_out_has "lead 3 erased as erased:"
expect_out_has "lead 2 erased as erased:"
expect_sql "SELECT id FROM leads WHERE email IS NULL ORDER BY id" "2
3"

# completion: lead 1 is new, so it may go to mql, nurture or disqualified.
run completion words stage 1 ""
expect_rc 0
expect_out "mql
nurture
disqualified"
run completion words stage hubspot:2 ""
expect_out "mql
nurture
disqualified"
# "2" is ambiguous: every stage.
run completion words stage 2 ""
expect_rc 0
expect_out "new
mql
sql
won
lost
nurture
disqualified"
finish
