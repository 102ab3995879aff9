#!/bin/sh
# Unambiguous lead references (README "Identity and accounts"): a bare
# number is a lead number, and when it also names another lead (a record id
# of that lead) every command that changes something refuses (exit 65,
# nothing changed, every candidate listed with its explicit form); read-only
# commands show the lead-number match with a note.  Explicit forms: lead:N,
# #N, email:, phone:, ext:, SYSTEM:ID.  Invented people.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0
# A Zoho export whose LEADIDs are small numbers: lead 1 has Zoho id 3, lead 3 has Zoho id 1.
printf '%s\n' 'LEADID,First Name,Last Name,Email,Lead Owner,Created Time' \
	'3,Olga,Berg,olga@berg.example,,2026-11-01 09:00' \
	'9,Ivo,Lund,ivo@lund.example,,2026-11-01 09:00' \
	'1,Tea,Holm,tea@holm.example,,2026-11-01 09:00' >zoho.csv
run import zoho.csv
expect_rc 0
expect_sql "SELECT id, external_id FROM leads ORDER BY id" "1|3
2|9
3|1"

dump before
for cmd in "stage 3 nurture --reason bad_timing" "touch 3 --channel call --outcome no_answer" \
	"edit 3 --title CTO" "event 3 demo_request" "assign 3 ana" "merge 2 3" "merge 3 2"; do
	# shellcheck disable=SC2086
	run $cmd
	expect_rc 65
	expect_err "leadctl: '3' is ambiguous: lead 3 (Tea Holm, tea@holm.example) by number (lead:3); lead 1 (Olga Berg, olga@berg.example) by zoho id 3 (zoho:3); nothing changed: say which lead with its form in parentheses"
done
dump after
expect_same_dump before after

# Explicit forms reach the one meant.
run stage zoho:3 nurture --reason bad_timing
expect_rc 0
expect_sql "SELECT id, stage FROM leads WHERE stage <> 'new'" "1|nurture"
run stage lead:3 disqualified --reason not_a_fit
expect_rc 0
run touch '#3' --channel call --outcome no_answer
expect_rc 0
run touch ext:1 --channel email --outcome replied
expect_rc 0
expect_sql "SELECT lead_id, channel FROM touches ORDER BY id" "3|call
3|email"
run show email:OLGA@BERG.EXAMPLE
expect_out_has "lead 1 "

# Read-only: the lead number, with a note naming the other lead.
run show 3
expect_rc 0
expect_out_has "lead 3 "
expect_err "leadctl: '3' is lead number 3; lead 1 (Olga Berg, olga@berg.example) has it by zoho id 3: write zoho:3 for that one"

# A number that is a lead number only, or a record id only, is not ambiguous.
run stage 2 nurture --reason bad_timing
expect_rc 0
run show 9
expect_rc 0
expect_out_has "lead 2 "
expect_err_empty

# A record id held by two leads (two systems) without a lead number: refused
# even for show, since there is no lead number to prefer.
printf '%s\n' 'Record ID,Email,Lifecycle Stage' '4242,ivo@lund.example,Lead' >hs.csv
run import hs.csv
printf '%s\n' 'ID,Email' '4242,tea@holm.example' >pd.csv
run import pd.csv --source-system pipedrive
expect_rc 0
run show 4242
expect_rc 65
expect_err_has "'4242' is ambiguous: lead 2 (Ivo Lund, ivo@lund.example) by hubspot id 4242 (hubspot:4242); lead 3 (Tea Holm, tea@holm.example) by pipedrive id 4242 (pipedrive:4242)"
run show hubspot:4242
expect_rc 0
expect_out_has "lead 2 "
run show zoho:4243
expect_rc 66
expect_err "leadctl: no lead 'zoho:4243': give a lead number, e-mail, record id or phone, or an explicit lead:N, email:, phone:, ext: or SYSTEM:ID (see 'leadctl list')"
run show ' lead:2 '
expect_rc 0
finish
