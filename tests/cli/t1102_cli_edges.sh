#!/bin/sh
# Edges of the command line and of the database path: a busy timeout under
# a second is reported in milliseconds; --db '' is a usage error; a
# symlinked database works, a dangling link is refused with its reason;
# a failed 'init' leaves no file behind; an out-of-range import number is
# echoed as given; a header-only file is not logged as an import; blanks
# around a lead reference do not matter; an SLA file with a byte-order mark
# is read the same by lint, use and init --sla.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-05-04T12:00:00Z
run init
run add --email pia@heron.example
expect_rc 0

# --- busy: 300 ms, then 1.5 s ------------------------------------------------
hold_write_lock 60
LEADCTL_BUSY_TIMEOUT=300 run add --email rex@heron.example
expect_rc 75
expect_err_has "kept it locked for 300 ms): try again"
LEADCTL_BUSY_TIMEOUT=1500 run add --email rex@heron.example
expect_rc 75
expect_err_has "kept it locked for 1.5 s): try again"
release_write_lock
expect_sql "SELECT count(*) FROM leads" 1

# --- --db '' ------------------------------------------------------------------
run --db '' list
expect_rc 64
expect_err_has "--db '': the path is empty"
run list --db ''
expect_rc 64

# --- symlinks and init ----------------------------------------------------------
ln -s "$LEADCTL_DB" alias.db
run --db alias.db list
expect_rc 0
expect_out_has "pia@heron.example"
ln -s nowhere.db dangling.db
run --db dangling.db list
expect_rc 66
expect_err_has "symbolic link to a missing file"
run --db dangling.db init
expect_rc 66
[ ! -e nowhere.db ] && ok || fail "init created the link's target"
printf '{"name": "broken",' >bad.json
run --db fresh.db init --sla bad.json
expect_rc 78
[ -z "$(ls fresh.db* 2>/dev/null)" ] && ok || fail "a failed init left $(ls fresh.db*)"

# --- import numbers and header-only files --------------------------------------
run import undo 99999999999999999999
expect_rc 64
expect_err_has "'99999999999999999999' is not an import number"
printf 'Email,Company\r\n' >empty.csv
run import empty.csv
expect_rc 0
expect_out "empty.csv: no data rows (only a header): nothing imported"
expect_sql "SELECT count(*) FROM imports" 0
printf 'Email,Company\r\nsol@heron.example,Heron\r\n' >empty.csv
run import empty.csv
expect_rc 0
expect_out_has "1 created"

# --- blanks around a reference --------------------------------------------------
run show -- ' 1'
expect_rc 0
expect_out_has "pia@heron.example"
run show -- '1 '
expect_rc 0
expect_out_has "pia@heron.example"
run show -- ' pia@heron.example	'
expect_rc 0
run show -- '   '
expect_rc 64

# --- an SLA with a byte-order mark ---------------------------------------------
printf '\357\273\277' >bom.json
cat "$SLA" >>bom.json
run sla lint bom.json
expect_rc 0
run sla use bom.json
expect_rc 0
expect_out_has "installed SLA version 1"
expect_sql "SELECT substr(content, 1, 1) FROM sla_versions" "{"
run --db bom.db init --sla bom.json
expect_rc 0
finish
