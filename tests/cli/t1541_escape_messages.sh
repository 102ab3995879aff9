#!/bin/sh
# Text from users and data never reaches a terminal raw (issue 14, "output
# cannot attack its reader", CWE-150): confirmations that quote an owner,
# an event type, an SLA name or a path, and every error message, go through
# the one escaping rule (out_line / out_vline: ESC as ^[, BEL as ^G, C1 and
# bidi controls as <U+...>, tabs and line breaks as spaces), so each stays
# one line.  Invented data: an owner name that retitles the terminal, clears
# it and adds a line.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
esc=$(printf '\033')
bel=$(printf '\007')
csi8=$(printf '\302\233') # U+009B, the 8-bit CSI
rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
owner="Mallory${esc}]0;owned${bel}${esc}[2J
second line${csi8}31m${rlo}"
shown="Mallory^[]0;owned^G^[[2J second line<U+009B>31m<U+202E>"

run init
expect_rc 0
run add --email eve@escape.example --first-name Eve
expect_rc 0

# no raw control byte (other than the line end) in OUT or ERR
no_controls() {
	STEP="$STEP: no control characters"
	if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T/$1" ||
		grep -q -e "$csi8" -e "$rlo" "$T/$1"; then
		fail "raw control characters in $1: $(od -c "$T/$1" | head -3)"
	else ok; fi
}

run assign 1 "$owner"
expect_rc 0
expect_out "lead 1: assigned to $shown"
no_controls out
# the name is stored exactly as given
expect_sql "SELECT owner = CAST(x'$(printf '%s' "$owner" | od -An -tx1 | tr -d ' \n')' AS TEXT) FROM leads WHERE id = 1" "1"
run assign 1 "$owner"
expect_rc 0
expect_out "lead 1: already assigned to $shown"
no_controls out

# an error that quotes user text: one line, escaped
run stage 1 "sql${esc}[2J
won"
expect_rc 64
expect_err_has "leadctl: stage: unknown stage 'sql^[[2J won'"
no_controls err
run assign "${esc}[31m42" bob
expect_rc 66
STEP="unknown lead, escaped" && head -1 "$T/err" | grep -qF '^[[31m42' && ok || fail "$(cat "$T/err")"
no_controls err

# an event type and an SLA name from a file
run event 1 "demo${bel}request"
no_controls out
no_controls err
sed "s/\"Acme inbound SLA 2026\"/\"Acme\\\\u001b[2J\\\\u0007 SLA\"/" "$LEADCTL_SRC/sla.example.json" >"$T/esc.json"
run sla use "$T/esc.json"
expect_rc 0
expect_out_has "installed SLA version 1 (Acme^[[2J^G SLA)"
no_controls out
run sla lint "$T/esc.json"
expect_rc 0
expect_out_has ": ok (Acme^[[2J^G SLA: "
no_controls out
# import --explain shows header names and values from the file
printf 'Email,Stage\nann@escape.example,"lead%s]0;x%s"\n' "$esc" "$bel" >"$T/esc.csv"
run import --explain "$T/esc.csv"
expect_rc 0
expect_out_has "  lead^[]0;x^G       1  ->  "
no_controls out
finish
