#!/bin/sh
# Read-only copies are readable (issue 11): `backup` writes a self-contained
# file in rollback-journal mode; the commands that only read open a database
# read-only and never switch its journal mode, so they work for a user who
# may not write the file or its folder; a write command there says
# "read-only database" in one line and exits 77, and changes nothing.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-04-07T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
run add --email nuria.vall@omega.example --company Omega --title CTO --industry software --source webinar
run event 1 demo_request
run touch 1 --channel call --outcome connected
mkdir "$T/snap"
run backup "$T/snap/copy.db"
expect_rc 0
[ "$(sqlite3 "$T/snap/copy.db" 'PRAGMA journal_mode')" = delete ] && ok || fail "the backup is not in rollback-journal mode"

# The reader: 'nobody' when we are root (root may write anything), else us
# with the folder and the file made read-only.
B=$LEADCTL_BIN
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip "running as root without setpriv to become 'nobody'"
	chmod 755 "$T" "$T/snap"
	chmod 644 "$T/snap/copy.db"
	cp "$LEADCTL_BIN" "$T/leadctl" && chmod 755 "$T/leadctl"
	B=$T/leadctl
	as() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	chmod 444 "$T/snap/copy.db"
	chmod 555 "$T/snap"
	as() { "$@"; }
	trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
fi
# The reader's HOME is one they cannot enter (another account's, as with su
# without -l): it holds no config file for them, and that is no error.
mkdir "$T/owner-home"
chmod 700 "$T/owner-home"
[ "$(id -u)" = 0 ] || chmod 000 "$T/owner-home"
# ro ARGS: leadctl on the copy as the reader
ro() {
	STEP="(read-only) leadctl $*"
	as env LEADCTL_NOW=2026-04-08T10:00:00Z LEADCTL_TTY=0 TZ=UTC HOME="$T/owner-home" "$B" --db "$T/snap/copy.db" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}
sum_before=$(cksum <"$T/snap/copy.db")
for cmd in "list" "show 1" "export" "report funnel --week 2026-W15" "report leak --week 2026-W15" \
	"next" "doctor" "sla show" "score 1" "spend list" "import list"; do
	# shellcheck disable=SC2086
	ro $cmd
	expect_rc 0
	# (sla show names the version on stderr)
	[ "$cmd" = "sla show" ] || expect_err_empty
done
ro list
expect_out_has "nuria.vall@omega.example"
for cmd in "add --email new@omega.example" "touch 1 --channel call --outcome no_answer" "sla check" \
	"stage 1 sql" "sla use $LEADCTL_SRC/sla.example.json"; do
	# shellcheck disable=SC2086
	ro $cmd
	expect_rc 77
	expect_err_lines 1
	expect_err_has "read-only database"
done
[ "$(cksum <"$T/snap/copy.db")" = "$sum_before" ] && ok || fail "the read-only copy changed"
[ ! -e "$T/snap/copy.db-wal" ] && [ ! -e "$T/snap/copy.db-shm" ] && ok || fail "a -wal or -shm appeared"
[ "$(sqlite3 -readonly "$T/snap/copy.db" 'PRAGMA journal_mode')" = delete ] && ok || fail "journal mode switched"

# The file writable, its folder not (no journal can be created beside it):
# still read-only for writers, in the same words.
if [ "$(id -u)" = 0 ]; then chmod 666 "$T/snap/copy.db"; else chmod 644 "$T/snap/copy.db"; fi
ro add --email other@omega.example
expect_rc 77
expect_err_lines 1
expect_err_has "read-only database"
ro report cac --week 2026-W15
expect_rc 0
[ "$(cksum <"$T/snap/copy.db")" = "$sum_before" ] && ok || fail "the copy changed"
finish
