#!/bin/sh
# Installs like a Unix tool: the man pages say what --help says (both from
# the command table; the build makes them into build/man), bash
# completion completes commands, subcommands, options, stages a lead may
# move to, owners and reasons, `cmake --install` puts every file in place
# under a prefix, and the user's config file supplies defaults.
. "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$LEADCTL_BIN")

# --- man pages ------------------------------------------------------------
run help --man
expect_rc 0
cmp -s "$T/out" "$BUILD/man/leadctl.1" && ok || fail "the build's man/leadctl.1 is not the binary's"
cp "$T/out" "$T/leadctl.1"
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$T/leadctl.1" >"$T/man.txt" 2>"$T/man.err" && ok || fail "man -l leadctl.1"
	grep -q "leadctl report weekly" "$T/man.txt" && ok || fail "the rendered page lacks report weekly"
fi
if command -v groff >/dev/null 2>&1; then
	for page in "$BUILD"/man/*.1; do
		groff -man -ww -z "$page" 2>"$T/groff.err" && [ ! -s "$T/groff.err" ] && ok ||
			fail "groff warns on $(basename "$page"): $(head -2 "$T/groff.err")"
	done
fi
# Every option of every command: in its --help and in its man section, and
# nowhere only in one of them.
python3 - "$LEADCTL_BIN" "$T/leadctl.1" <<'PY' && ok || fail "help and man disagree"
import re, subprocess, sys
bin, page = sys.argv[1], open(sys.argv[2]).read()
names = [l[2:].split("  ")[0].strip() for l in subprocess.run([bin, "help"], capture_output=True,
         text=True).stdout.split("commands:\n")[1].split("\n\n")[0].splitlines()]
sections = re.split(r'^\.SS "', page, flags=re.M)
bad = []
for name in names:
    help_text = subprocess.run([bin, "help"] + name.split(), capture_output=True, text=True).stdout
    opts_help = set(re.findall(r"^\s+(?:-\w, )?--([\w-]+)", help_text.split("\ncommon options:")[0], re.M))
    sec = [s for s in sections if s.startswith(name + '"')]
    if len(sec) != 1:
        bad.append(f"{name}: no man section")
        continue
    opts_man = set(re.findall(r"\\fB\\-\\-([\w\\-]+)\\fR", sec[0].split("\n.SH")[0]))
    opts_man = {o.replace("\\-", "-") for o in opts_man}
    if opts_help != opts_man:
        bad.append(f"{name}: only in --help {sorted(opts_help - opts_man)}, only in man {sorted(opts_man - opts_help)}")
assert len(names) > 30, names
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY

# --- bash completion --------------------------------------------------------
mkdir -p "$T/bin"
ln -s "$LEADCTL_BIN" "$T/bin/leadctl"
export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
run add --email a@example.org --first-name A
run add --email b@example.org --first-name B
run stage 2 mql
run assign 2 marta
run completion bash
cp "$T/out" "$T/leadctl.bash"
# complete WORDS...: what bash offers for the last word (one per line).
complete_words() {
	PATH="$T/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_leadctl
		printf "%s\n" "${COMPREPLY[@]}"' sh "$T/leadctl.bash" "$@"
}
# expect_complete WANT WORDS...: bash offers exactly WANT (space-separated).
expect_complete() {
	want=$1
	shift
	STEP="complete: $*<TAB>"
	got=$(complete_words "$@" | tr '\n' ' ')
	[ "$got" = "$want " ] && ok || fail "got '$got', expected '$want'"
}
expect_complete "report" leadctl rep
expect_complete "funnel" leadctl report f
expect_complete "sql nurture disqualified" leadctl stage 2 ''  # an mql
expect_complete "mql nurture disqualified" leadctl stage 1 ''  # a new lead
expect_complete "--channel" leadctl touch 1 --chan
expect_complete "call email meeting linkedin sms other" leadctl touch 1 --channel ''
expect_complete "source campaign owner week month" leadctl report funnel --by ''
expect_complete "report" leadctl help rep
STEP="complete: next --owner <TAB>"
complete_words leadctl next --owner '' | grep -qx marta && ok || fail "no owner marta"
STEP="complete: stage 2 nurture --reason <TAB> (the SLA's reasons)"
complete_words leadctl stage 2 nurture --reason '' | grep -qx not_ready && ok || fail "no reason"
run completion zsh
expect_out_has "#compdef leadctl"
run completion fish
expect_rc 64

# --- cmake --install into a prefix -------------------------------------------
if command -v cmake >/dev/null 2>&1 && [ -f "$BUILD/cmake_install.cmake" ]; then
	STEP="cmake --install"
	cmake --install "$BUILD" --prefix "$T/prefix" >"$T/install.log" 2>&1 && ok || fail "$(tail -3 "$T/install.log")"
	for f in bin/leadctl share/man/man1/leadctl.1 share/man/man1/leadctl-report.1 share/man/man1/leadctl-sla.1 \
		share/bash-completion/completions/leadctl share/zsh/site-functions/_leadctl \
		share/doc/leadctl/sla.example.json; do
		[ -s "$T/prefix/$f" ] && ok || fail "not installed: $f"
	done
	[ -x "$T/prefix/bin/leadctl" ] && ok || fail "the installed binary is not executable"
	"$T/prefix/bin/leadctl" sla lint "$T/prefix/share/doc/leadctl/sla.example.json" >/dev/null && ok ||
		fail "the installed example SLA does not lint"
fi

# --- the user's config file ---------------------------------------------------
export XDG_CONFIG_HOME="$T/config"
mkdir -p "$XDG_CONFIG_HOME/leadctl"
cp "$LEADCTL_DB" "$T/team.db"
unset LEADCTL_DB LEADCTL_USER
printf '# my defaults\ndb = %s\nowner = marta\nactor = Marta Ruiz\n' "$T/team.db" >"$XDG_CONFIG_HOME/leadctl/config"
run next --format json
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["id"] for x in d]==[2], d' "$T/out" && ok ||
	fail "config: next did not default to marta's leads in team.db"
run next --owner - --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 2 not in [x["id"] for x in d], d' "$T/out" && ok ||
	fail "config: --owner did not win over the config"
run touch 2 --channel call --outcome connected
expect_rc 0
LEADCTL_DB="$T/team.db" sql "SELECT actor FROM touches" >"$T/actor"
[ "$(cat "$T/actor")" = "Marta Ruiz" ] && ok || fail "config actor: $(cat "$T/actor")"
LEADCTL_USER=jon run touch 2 --channel email --outcome replied
LEADCTL_DB="$T/team.db" sql "SELECT actor FROM touches ORDER BY id DESC LIMIT 1" >"$T/actor"
[ "$(cat "$T/actor")" = "jon" ] && ok || fail "LEADCTL_USER did not win over the config"
LEADCTL_DB="$T/none.db" run list
expect_rc 66
printf 'db = %s\nownr = marta\n' "$T/team.db" >"$XDG_CONFIG_HOME/leadctl/config"
run list
expect_rc 78
expect_err "leadctl: $XDG_CONFIG_HOME/leadctl/config:2: unknown setting 'ownr': use db, owner, actor, color or pager"

finish
