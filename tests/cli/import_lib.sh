# import_lib.sh: what the import tests (t060x_import_*.sh) share, on top of
# lib.sh.  Not a test itself (ctest runs tests/cli/t[0-9]*.sh only).
. "$(dirname "$0")/lib.sh"

FIX="$LEADCTL_SRC/tests/fixtures/import"
SLA="$LEADCTL_SRC/sla.example.json"

# new_db: a fresh database with sla.example.json in force (version 1).
new_db() {
	rm -f "$LEADCTL_DB" "$LEADCTL_DB-wal" "$LEADCTL_DB-shm"
	"$LEADCTL_BIN" init >/dev/null 2>&1 || fail "init"
	"$LEADCTL_BIN" sla use "$SLA" >/dev/null 2>&1 || fail "sla use"
}

# fixture NAME: copy tests/fixtures/import/NAME into the test directory,
# so that messages name it as the user would ("hubspot.csv: line 4: ...").
fixture() {
	cp "$FIX/$1" "$T/$1"
}

# dump_data NAME: the database dump without the import log (imports,
# import_leads), which undo keeps on purpose: every other table's schema
# and rows, for before/after comparisons with expect_same_dump.
dump_data() {
	sqlite3 -batch "$LEADCTL_DB" .dump | grep -v -e '^INSERT INTO import_leads ' -e "^INSERT INTO sqlite_sequence VALUES('leads'," -e '^INSERT INTO imports ' \
		>"$T/$1.dump"
}

