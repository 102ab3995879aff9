#!/bin/sh
# Make the man pages and the shell completion scripts from the binary's
# command table: BIN OUTDIR -> OUTDIR/man/leadctl.1, leadctl-FAMILY.1 (one
# per two-word family: report, sla, import, spend ...), and
# OUTDIR/completion/leadctl.bash and _leadctl (zsh).  Run by the build;
# `cmake --install` installs what it makes.
set -eu
bin=$1
out=$2
mkdir -p "$out/man" "$out/completion"
"$bin" help --man >"$out/man/leadctl.1"
for w in $("$bin" completion words -- ''); do
	if "$bin" help --man "$w" >"$out/man/leadctl-$w.1.tmp" 2>/dev/null; then
		mv "$out/man/leadctl-$w.1.tmp" "$out/man/leadctl-$w.1"
	else
		rm -f "$out/man/leadctl-$w.1.tmp"
	fi
done
"$bin" completion bash >"$out/completion/leadctl.bash"
"$bin" completion zsh >"$out/completion/_leadctl"
