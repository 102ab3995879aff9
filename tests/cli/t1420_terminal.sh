#!/bin/sh
# On a real 80x24 terminal (tmux): next, list and a report fit in 80
# columns (text cut with '…', wide characters counted as two), overdue
# rows are red unless NO_COLOR, and long output goes through the pager
# (never short output, never with --no-pager, never into a pipe).
# tmux is a Debian package that scripts/deps.sh installs; without it this
# test says "skipped".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/demo_lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "skipped: tmux not found (scripts/deps.sh installs it)"
	exit 0
fi
demo_db
# A wide name and a combining accent, to measure display width, not bytes.
"$LEADCTL_BIN" add --email wide@example.cn --first-name 王小明王小明王小明 --last-name "$(printf 'Cafe\314\201')" \
	--company 北京数据科技有限公司北京数据科技有限公司 --source webinar >/dev/null && ok || fail "add a wide lead"

# One tmux server per terminal, each on its own socket.
SOCK="$T/none.sock"
tmx() { tmux -S "$SOCK" -f /dev/null "$@"; }
trap 'for s in "$T"/*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$T"' EXIT

# term NAME CMD: run CMD in a fresh 80x24 terminal, wait for it to end
# (or to sit in a pager), keep the screen and the whole history, joined
# (wrapped lines become one, so a line wider than 80 shows as such).
term() {
	name=$1
	shift
	printf '%s\n' "$*" >"$T/$name.cmd"
	tmx kill-server 2>/dev/null
	SOCK="$T/$name.sock"
	tmx new-session -d -x 80 -y 24 -s t \
		"env -u LEADCTL_TTY -u NO_COLOR -u COLUMNS -u LINES LEADCTL_DB='$LEADCTL_DB' LEADCTL_NOW='$LEADCTL_NOW' \
			LEADCTL_BIN='$LEADCTL_BIN' T='$T' sh '$T/$name.cmd'; echo __END__; sleep 60"
	i=0
	while [ $i -lt 100 ]; do
		tmx capture-pane -p -J -S - -t t >"$T/$name.screen" 2>/dev/null
		if grep -q '^__END__' "$T/$name.screen" || grep -q '^:$\|(END)' "$T/$name.screen"; then
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	tmx capture-pane -p -e -J -S - -t t >"$T/$name.color" 2>/dev/null
}

# widest FILE: the widest line in terminal columns.
widest() {
	python3 - "$1" <<'PY'
import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max((w(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))
PY
}

check_fits() {
	STEP="$1 on 80 columns"
	grep -q '^__END__' "$T/$1.screen" && ok || fail "did not finish: $(tail -3 "$T/$1.screen")"
	n=$(widest "$T/$1.screen")
	[ "$n" -le 80 ] && ok || fail "a line is $n columns wide: $(awk 'length > 80' "$T/$1.screen" | head -2)"
}

term next 'NO_COLOR=1 "$LEADCTL_BIN" next --limit 15 --no-pager'
check_fits next
grep -q 'overdue ' "$T/next.screen" && ok || fail "next shows no overdue row"
grep -q '…' "$T/next.screen" && ok || fail "nothing was cut to fit"
term list 'NO_COLOR=1 "$LEADCTL_BIN" list --no-pager --sort -id --limit 10'
check_fits list
grep -q '王小明王…' "$T/list.screen" && ok || fail "the wide name is not cut at its display width (10 columns)"
grep -q 'created (CET)' "$T/list.screen" && ok || fail "the zone is not named in the header"
term report 'NO_COLOR=1 "$LEADCTL_BIN" report cac --month 2026-11 --no-pager; NO_COLOR=1 "$LEADCTL_BIN" report funnel --month 2026-11 --no-pager'
check_fits report
grep -q 'cac report 2026-11' "$T/report.screen" && ok || fail "no report"

# Colour: overdue rows red on a terminal; none with NO_COLOR.
STEP="colour"
term color '"$LEADCTL_BIN" next --limit 3 --no-pager'
grep -q "$(printf '\033')\[31m" "$T/color.color" && ok || fail "overdue rows are not red"
grep -q "$(printf '\033')\[31m" "$T/next.color" && fail "red despite NO_COLOR" || ok

# The pager: a marker pager records that it ran, then shows the text.
cat >"$T/pager.sh" <<'SH'
#!/bin/sh
echo ran >>"$T/pager.ran"
exec cat
SH
chmod +x "$T/pager.sh"
term long 'LEADCTL_PAGER="$T/pager.sh" "$LEADCTL_BIN" list --all'
[ -s "$T/pager.ran" ] && ok || fail "long output did not go through LEADCTL_PAGER"
rm -f "$T/pager.ran"
term short 'LEADCTL_PAGER="$T/pager.sh" "$LEADCTL_BIN" next --limit 3'
[ -e "$T/pager.ran" ] && fail "a short listing was paged" || ok
term nopager 'LEADCTL_PAGER="$T/pager.sh" "$LEADCTL_BIN" list --all --no-pager'
[ -e "$T/pager.ran" ] && fail "--no-pager was paged" || ok
term piped 'LEADCTL_PAGER="$T/pager.sh" "$LEADCTL_BIN" list --all | wc -l'
[ -e "$T/pager.ran" ] && fail "a pipe was paged" || ok
term pagerenv 'PAGER="$T/pager.sh" "$LEADCTL_BIN" list --all'
[ -s "$T/pager.ran" ] && ok || fail "PAGER was not used"
rm -f "$T/pager.ran"
# The real thing: less waits at the end of the first screen.
term less 'unset PAGER LEADCTL_PAGER LESS; "$LEADCTL_BIN" list --all'
grep -q '^__END__' "$T/less.screen" && fail "less did not hold the long list: $(tail -2 "$T/less.screen")" || ok
tmx send-keys -t t q
sleep 0.5
tmx capture-pane -p -J -S - -t t >"$T/less.screen"
grep -q '^__END__' "$T/less.screen" && ok || fail "less did not quit on q"

finish
