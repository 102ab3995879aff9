#!/bin/sh
# A terminal tool that forgives: did-you-mean for commands, subcommands,
# options, stages, channels, outcomes and reasons; stage and channel names
# case-insensitive; help for families; list's first 50 on a terminal; -q;
# --version in the help; --at/--since as people say them.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0
run add --email ana.lopez@example.org --first-name Ana --last-name López --at monday
expect_sql "SELECT datetime(created_at, 'unixepoch') FROM leads WHERE id = 1" "2026-11-15 23:00:00"
expect_rc 0
dump before

# --- did you mean: one line naming the nearest word, exit 64, no change.
run nxt
expect_rc 64
expect_err_has "leadctl: unknown command 'nxt'; did you mean 'next'?"
run stge 1 mql
expect_rc 64
expect_err_has "unknown command 'stge'; did you mean 'stage'?"
run rep
expect_err_has "did you mean 'report'?"
run xyzzy
expect_rc 64
expect_err_has "leadctl: unknown command 'xyzzy'"
expect_err_lacks() { if grep -qF -- "$1" "$T/err"; then fail "stderr has '$1'"; else ok; fi; }
expect_err_lacks "did you mean"
run report funel
expect_rc 64
expect_err_has "leadctl: report: unknown subcommand 'funel'; did you mean 'report funnel'?"
expect_err_has "leadctl report leak"
run sla chek
expect_err_has "did you mean 'sla check'?"
run touch 1 --chanel call --outcome connected
expect_rc 64
expect_err_has "touch: unknown option '--chanel'; did you mean '--channel'?"
run list --stgae mql
expect_err_has "did you mean '--stage'?"
run touch 1 --channel cal --outcome connected
expect_rc 64
expect_err_has "unknown channel 'cal'; did you mean 'call'?: use call, email, meeting, linkedin, sms or other"
run touch 1 --channel call --outcome no_anwser
expect_rc 64
expect_err_has "unknown outcome 'no_anwser'; did you mean 'no_answer'?"
run stage 1 sqll
expect_rc 64
expect_err_has "unknown stage 'sqll'; did you mean 'sql'?"
run stage 1 nurture --reason not_redy
expect_rc 65
expect_err_has "unknown reason 'not_redy' for nurture; did you mean 'not_ready'?"
dump after
expect_same_dump before after

# --- case-insensitive stages and channels, stored in their own spelling.
run stage 1 MQL
expect_rc 0
expect_sql "SELECT to_stage FROM stage_history WHERE lead_id = 1 ORDER BY id DESC LIMIT 1" "mql"
run touch 1 --channel CALL --outcome Connected
expect_rc 0
expect_sql "SELECT channel || ' ' || outcome FROM touches WHERE lead_id = 1" "call connected"
run list --stage MQL --format tsv
expect_rc 0
expect_out_has "ana.lopez@example.org"

# --- help for families and typos.
run help sla
expect_rc 0
expect_out_has "leadctl sla check"
expect_out_has "leadctl sla lint"
run help report funnel
expect_rc 0
expect_out_has "usage: leadctl report funnel"
run help report funel
expect_rc 64
expect_err_has "did you mean 'report funnel'?"
run help nxt
expect_rc 64
expect_err_has "did you mean 'next'?"
run --help
expect_out_has "-V, --version"
expect_out_has "-q, --quiet"
run help
expect_out_has "-V, --version"
run --version
expect_rc 0
expect_out_has "leadctl "

# --- list: the first 50 on a terminal, saying so; all when piped.
i=2
while [ $i -le 60 ]; do
	printf 'lead%d@example.com,Lead,%d\n' $i $i
	i=$((i + 1))
done | { echo "email,first_name,last_name"; cat; } >"$T/many.csv"
run import "$T/many.csv"
expect_rc 0
LEADCTL_TTY=1 "$LEADCTL_BIN" list >"$T/out" 2>"$T/err"
RC=$?
STEP="list on a terminal"
expect_rc 0
[ "$(wc -l <"$T/out")" -eq 51 ] && ok || fail "$(wc -l <"$T/out") lines, expected a header and 50 rows"
expect_err_has "showing the first 50 leads: use --limit N or --all to see more"
LEADCTL_TTY=1 "$LEADCTL_BIN" list --all >"$T/out" 2>"$T/err"
[ "$(wc -l <"$T/out")" -eq 61 ] && ok || fail "--all: $(wc -l <"$T/out") lines"
expect_err_empty
LEADCTL_TTY=1 "$LEADCTL_BIN" list --limit 5 >"$T/out" 2>"$T/err"
[ "$(wc -l <"$T/out")" -eq 6 ] && ok || fail "--limit 5: $(wc -l <"$T/out") lines"
run list
[ "$(wc -l <"$T/out")" -eq 61 ] && ok || fail "piped: $(wc -l <"$T/out") lines, expected every lead"
expect_err_empty
run list --all --limit 3
expect_rc 64
# -q silences the note, not the rows.
LEADCTL_TTY=1 "$LEADCTL_BIN" -q list >"$T/out" 2>"$T/err"
[ "$(wc -l <"$T/out")" -eq 51 ] && ok || fail "-q list"
expect_err_empty
LEADCTL_TTY=1 "$LEADCTL_BIN" list --quiet >"$T/out" 2>"$T/err"
expect_err_empty
# ... but never errors.
run -q nxt
expect_rc 64
expect_err_has "unknown command 'nxt'"

# --- --at and --since as people say them (now: Fri 20 Nov 11:00 Madrid).
run touch 1 --channel email --outcome replied --at "yesterday 14:30"
expect_rc 0
expect_sql "SELECT datetime(at, 'unixepoch') FROM touches WHERE lead_id = 1 AND channel = 'email'" "2026-11-19 13:30:00"
run touch 1 --channel sms --outcome other --at "2h ago"
expect_sql "SELECT datetime(at, 'unixepoch') FROM touches WHERE lead_id = 1 AND channel = 'sms'" "2026-11-20 08:00:00"
run touch 1 --channel call --outcome voicemail --at "someday"
expect_rc 64
expect_err_has "'yesterday 14:30', 'monday', '2h ago'"
run list --since today --format tsv
expect_rc 0
[ "$(wc -l <"$T/out")" -eq 60 ] && ok || fail "list --since today: the imported 59, not Monday's lead"
run list --since tomorrow
expect_rc 64
run report funnel --since monday --format json
expect_rc 0
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert p["since"]=="2026-11-16", p' "$T/out" && ok || fail "report --since monday"
run report funnel --since "1 week ago" --until yesterday --format json
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["period"]; assert (p["since"],p["until"])==("2026-11-13","2026-11-19"), p' "$T/out" && ok || fail "report --since '1 week ago' --until yesterday"

finish
