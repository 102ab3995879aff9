#!/bin/sh
# Clear disk messages: a write past the file-size limit (ulimit -f; leadctl
# ignores SIGXFSZ itself) says "file too large" and names the file; a full
# device on stdout says "disk full"; the import rolls back (the database
# unchanged) and backup leaves nothing behind.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-08-03T09:00:00Z
run init
awk 'BEGIN { print "Email,Company,Job Title"; for (i = 0; i < 3000; i++) printf "p%d@tern%d.example,Tern %d,Buyer\n", i, i, i }' >many.csv
run import many.csv
expect_rc 0
size=$(wc -c <"$LEADCTL_DB")
dump before

# stdout on a full device
"$LEADCTL_BIN" export >/dev/full 2>"$T/err"
RC=$?
STEP="export >/dev/full"
expect_rc 74
expect_err "leadctl: cannot write the output (stdout): disk full (No space left on device)"

# an import past the file-size limit: SIGXFSZ is not ignored by the shell here
limit=$(((size + 8191) / 1024 + 16)) # KiB: the database fits, the second import's pages do not
(ulimit -f $limit && exec "$LEADCTL_BIN" import --force many.csv >"$T/out" 2>"$T/err")
RC=$?
STEP="import --force many.csv (ulimit -f $limit)"
expect_rc 74
expect_err_has "database '$LEADCTL_DB' could not grow: file too large (the file size limit was reached"
expect_err_has "): raise the limit (ulimit -f) and run the command again"
expect_err_lines 1
dump after
expect_same_dump before after
run doctor
expect_rc 0

# a backup past the limit: named, removed, nothing left beside it
(ulimit -f 64 && exec "$LEADCTL_BIN" backup "$T/b.db" >"$T/out" 2>"$T/err")
RC=$?
STEP="backup b.db (ulimit -f 64)"
expect_rc 74
expect_err "leadctl: backup: cannot write '$T/b.db': file too large (the file size limit was reached)"
[ -z "$(ls "$T" | grep '^b\.db')" ] && ok || fail "backup left $(ls "$T" | grep '^b\.db')"
finish
