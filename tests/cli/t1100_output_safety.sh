#!/bin/sh
# Output cannot attack its reader: control characters from data are shown
# escaped on a terminal (show, list, next, sla check lines) and in TSV;
# spreadsheet formulas (= + - @, tab, CR, and full-width ＝ ＋ － ＠) are
# neutralised in every CSV and TSV output and in the rejects file; JSON
# keeps the exact text.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-03-02T09:00:00Z
run init
expect_rc 0
# Bea's first name retitles the terminal, clears it and turns it red; her
# company hides a right-to-left override; Cid's fields are formulas.
esc=$(printf '\033')
bel=$(printf '\007')
printf 'Email,First Name,Last Name,Company,Lead Source\n' >in.csv
printf 'bea@vela.example,%s]2;pwned%s%s[2JBea,Ruiz,Vela\342\200\256gpj.exe,web\n' "$esc" "$bel" "$esc" >>in.csv
printf 'cid@orca.example,\357\274\213SUM(1),-1+2,"=cmd|'"'"'/C calc'"'"'!A0",@import\n' >>in.csv
printf '+1 (555) "0100",x,y,z,w\n' >>in.csv
run import in.csv --rejects rej.csv
expect_rc 0
expect_out_has "1 rejected"

# ctl FILE: control bytes (C0 but tab/newline, DEL) in FILE
ctl() { tr -cd '\001-\010\013-\037\177' <"$1" | wc -c; }
LEADCTL_TTY=1 run show bea@vela.example
expect_rc 0
expect_out_has "lead 1  ^[]2;pwned^G^[[2JBea Ruiz bea@vela.example"
expect_out_has "company      Vela<U+202E>gpj.exe"
[ "$(ctl "$T/out")" = 0 ] && ok || fail "control bytes reached the terminal"
LEADCTL_TTY=1 run list
expect_rc 0
expect_out_has "^[]2;pwned^G^[[2JBea Ruiz"
[ "$(ctl "$T/out")" = 0 ] && ok || fail "control bytes reached the terminal"
run list
expect_rc 0
expect_out_has "	^[]2;pwned^G^[[2JBea Ruiz	"
expect_out_has "	'＋SUM(1) -1+2	cid@orca.example	'=cmd|'/C calc'!A0	"
expect_out_has "	'@import	"
# JSON keeps the data exactly
run --format json show 1
expect_rc 0
expect_out_has '"first_name":"\u001b]2;pwned\u0007\u001b[2JBea"'

run export --format csv
expect_rc 0
expect_out_has "cid@orca.example,,,'＋SUM(1),'-1+2,,'=cmd|'/C calc'!A0,"
expect_out_has ",'@import,"
run export --format tsv
expect_rc 0
expect_out_has "	'＋SUM(1)	'-1+2		'=cmd|'/C calc'!A0	"
# the rejects file: the raw record is neutralised too, and kept whole
STEP="rejects file"
grep -qF "\"'+1 (555) \"\"0100\"\",x,y,z,w\"" rej.csv && ok || { cat rej.csv >&2; fail "rejects record not neutralised"; }
finish
