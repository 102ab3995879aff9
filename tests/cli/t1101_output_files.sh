#!/bin/sh
# No output file destroys data: --rejects and backup never write over the
# database (or its -wal/-shm/-journal, also through another path or a
# symlink), the file being read, a symlink or any existing file; they are
# created new with mode 0600 under any umask; the rejects file appears only
# once the import is over (nothing when it fails), and holds every reject.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-04-10T08:00:00Z
run init
run add --email nora@lynx.example --company Lynx
run add --email omar@puma.example --company Puma
expect_rc 0
dump before
printf 'Email,First Name\r\numa@kite.example,Uma\r\nnot-an-address,Vic\r\nwes@kite.example,Wes\r\n' >in.csv
cp in.csv in.copy

# refuse ARGS...: --rejects refused with exit 73, a message naming WHY, nothing imported
refuse() {
	why=$1
	shift
	run import in.csv --rejects "$@"
	expect_rc 73
	expect_err_has "$why"
	expect_out_empty
	dump after
	expect_same_dump before after
}
refuse "is the database" "$LEADCTL_DB"
refuse "is the database" "./test.db"
refuse "is the database" "$T/../$(basename "$T")/test.db-wal"
refuse "is the database" "test.db-shm"
refuse "is the database" "test.db-journal" # does not exist yet: matched by name
ln -s test.db alias.db
refuse "is a symbolic link" alias.db
refuse "is the file being read" in.csv
cmp -s in.csv in.copy && ok || fail "the input changed"
echo keep >kept.csv
refuse "already exists" kept.csv
[ "$(cat kept.csv)" = keep ] && ok || fail "an existing file was overwritten"
echo secret >target.txt
ln -s target.txt link.csv
refuse "is a symbolic link" link.csv
[ "$(cat target.txt)" = secret ] && ok || fail "written through a symlink"
mkdir adir
refuse "is not a regular file" adir
refuse "path is empty" ""
[ ! -e test.db-journal ] && ok || fail "a journal was created"
# the database reached through a symlinked folder works, and its -wal is still the database's
mkdir real && ln -s real via
run --db real/x.db init
run --db via/x.db import in.csv --rejects real/x.db-wal
expect_rc 73
expect_err_has "is the database"
run --db via/x.db import in.csv --rejects via/x.db-shm
expect_rc 73
expect_err_has "is the database"
ln -s real/x.db link.db
run --db link.db add --email yan@kite.example
expect_rc 0
run --db real/x.db list
expect_out_has "yan@kite.example"
[ ! -e link.db-wal ] && ok || fail "a -wal beside the link"

# a good rejects file: 0600 under umask 000, created only at the end
(umask 000 && "$LEADCTL_BIN" import in.csv --rejects rej.csv >"$T/out" 2>"$T/err")
RC=$?
STEP="import --rejects rej.csv (umask 000)"
expect_rc 0
expect_out_has "1 rejected"
[ "$(stat -c %a rej.csv)" = 600 ] && ok || fail "rejects mode $(stat -c %a rej.csv)"
grep -q '^3,.*not-an-address,Vic' rej.csv && ok || fail "the reject is not in the file"
[ -z "$(ls -A | grep '^\.rej')" ] && ok || fail "a temporary file was left"
# a failing import (a quote never closed) leaves no rejects file
printf 'Email\nxa@kite.example\n"xb@kite.example\n' >broken.csv
run import broken.csv --rejects rej2.csv
expect_rc 65
[ ! -e rej2.csv ] && ok || fail "a failed import left a rejects file"
[ -z "$(ls -A | grep '^\.rej2')" ] && ok || fail "a temporary file was left"

# backup: same rules; a good backup is 0600 and opens
dump before
run backup "$LEADCTL_DB"
expect_rc 73
expect_err_has "is the database"
run backup in.csv
expect_rc 73
expect_err_has "already exists"
run backup test.db-journal
expect_rc 73
expect_err_has "is the database"
[ ! -e test.db-journal ] && ok || fail "backup created the journal name"
run backup link.csv
expect_rc 73
expect_err_has "symbolic link"
[ "$(cat target.txt)" = secret ] && ok || fail "backup wrote through a symlink"
run backup ""
expect_rc 73
(umask 000 && "$LEADCTL_BIN" backup b.db >"$T/out" 2>"$T/err")
RC=$?
STEP="backup b.db (umask 000)"
expect_rc 0
[ "$(stat -c %a b.db)" = 600 ] && ok || fail "backup mode $(stat -c %a b.db)"
run --db b.db list
expect_rc 0
expect_out_has "nora@lynx.example"
dump after
expect_same_dump before after
finish
