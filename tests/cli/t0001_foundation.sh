#!/bin/sh
# The foundation: database creation and refusal, help, usage errors, formats, clock.
. "$(dirname "$0")/lib.sh"

# A missing database is exit 66 and is not created.
run --db "$T/x.db" doctor
expect_rc 66
expect_out_empty
expect_err "leadctl: database '$T/x.db' not found: run 'leadctl init' to create it (or give --db PATH or LEADCTL_DB)"
[ ! -e "$T/x.db" ] && ok || fail "doctor created the database file"

# init creates it (mode 0600), doctor says ok.
run --db "$T/x.db" init
expect_rc 0
expect_out_has "created $T/x.db (schema version"
mode=$(stat -c %a "$T/x.db")
[ "$mode" = 600 ] && ok || fail "database mode $mode, expected 600"
run --db "$T/x.db" doctor --format tsv
expect_rc 0
expect_out_has "integrity	ok"
expect_out_has "journal mode	wal"
expect_out_has "status	ok"
v=$(sqlite3 "$T/x.db" 'PRAGMA user_version')
expect_out_has "schema version	$v"

# init again is a no-op.
run --db "$T/x.db" init
expect_rc 0
expect_out "$T/x.db is up to date (schema version $v)"

# JSON output parses and names the fields.
run --db "$T/x.db" doctor --format json
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["integrity"]=="ok" and d["ok"] is True and d["schema_version"]>=1' "$T/out" && ok || fail "doctor json"

# LEADCTL_DB and the default path.
LEADCTL_DB="$T/x.db" run doctor
expect_rc 0
unset LEADCTL_DB
run doctor
expect_rc 66
expect_err_has "$HOME/.local/share/leadctl/leadctl.db"
run init
expect_rc 0
[ -f "$HOME/.local/share/leadctl/leadctl.db" ] && ok || fail "default database not created"
export LEADCTL_DB="$T/test.db"

# A newer schema is refused by every command, with both versions named.
cp "$T/x.db" "$T/new.db"
sqlite3 "$T/new.db" "PRAGMA user_version=$((v + 5))"
run --db "$T/new.db" doctor
expect_rc 78
expect_err "leadctl: database '$T/new.db' has schema version $((v + 5)), newer than this leadctl's $v: upgrade leadctl"
run --db "$T/new.db" init
expect_rc 78

# A foreign SQLite file is refused, not migrated.
sqlite3 "$T/other.db" 'CREATE TABLE t(x)'
run --db "$T/other.db" init
expect_rc 65
expect_err_has "not a leadctl one"
# A file that is not SQLite at all.
echo "hello" >"$T/text.db"
run --db "$T/text.db" doctor
expect_rc 65
expect_err_lines 1

# Usage errors: exit 64, the usage line and a hint.
run bogus
expect_rc 64
expect_err_has "leadctl: unknown command 'bogus'"
expect_err_has "hint: see 'leadctl help'"
run doctor --bogus
expect_rc 64
expect_err_has "leadctl: doctor: unknown option '--bogus'"
expect_err_has "usage: leadctl doctor"
run doctor extra
expect_rc 64
expect_err_has "unexpected argument 'extra'"
run --db
expect_rc 64
run doctor --format xml
expect_rc 64
expect_err_has "unknown format 'xml'"

# Help everywhere.
run help
expect_rc 0
expect_out_has "init"
expect_out_has "doctor"
run help doctor
expect_rc 0
expect_out_has "usage: leadctl doctor"
run doctor --help
expect_rc 0
expect_out_has "usage: leadctl doctor"
run --version
expect_rc 0
expect_out_has "leadctl "
run
expect_rc 64

# A bad LEADCTL_NOW is an error, not a silent fallback.
LEADCTL_NOW=yesterday run --db "$T/x.db" doctor
expect_rc 78
expect_err "leadctl: bad LEADCTL_NOW 'yesterday': expected an ISO-8601 instant such as 2026-11-21T09:30:00Z"

# Forced terminal output is an aligned table.
LEADCTL_TTY=1 run --db "$T/x.db" doctor
expect_rc 0
expect_out_has "check           value"

# Writing to a closed stdout is an I/O error, not silence.
if [ -e /dev/full ]; then
	"$LEADCTL_BIN" --db "$T/x.db" doctor >/dev/full 2>"$T/err"
	RC=$?
	STEP="doctor >/dev/full"
	expect_rc 74
fi

finish
