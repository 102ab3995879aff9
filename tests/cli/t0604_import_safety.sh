#!/bin/sh
# Import, part 5: safety.  --dry-run leaves the database exactly as it
# was; undo restores it exactly (leads it updated, their obligations and
# breaches, accounts, owners, round-robin cursors) and is refused when
# later work would be lost; one bad row among 3000 is the only reject; no
# progress output unless stderr is a terminal; every error is one line
# naming the file (and the line), with the exit status the help gives.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db
fixture hubspot_lifecycle.csv
fixture hubspot_lifecycle_v2.csv

# --- dry run: nothing written, not even the import log -------------------
dump empty
run import --dry-run hubspot_lifecycle.csv
expect_rc 0
expect_out "dry run (nothing written): hubspot_lifecycle.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
dump dry
expect_same_dump empty dry
run import -n --format json hubspot_lifecycle.csv
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "dry run json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"import": None, "file": "hubspot_lifecycle.csv", "dry_run": True, "rows": 5, "created": 5,
             "updated": 0, "unchanged": 0, "rejected": 0, "qualified": 0, "conflicts": 0}, d
PY
dump dry2
expect_same_dump empty dry2

# --- undo of an import that updated leads with SLA state --------------------
# Lead 1 (CLI): CTO in software (35) + demo request (50) + webinar (25) ->
# MQL, routed, with an open demo_request obligation; 'sla check' records
# its first-touch breach.  The import then moves it to SQL, closing the
# obligation and resolving the breach, changes its title and re-scores it.
run add --email carl@coyote.example --company Coyote --title CTO --industry software --at 2026-05-20T08:00:00Z
run event 1 demo_request --at 2026-05-20T08:01:00Z
run event 1 webinar_attended --at 2026-05-20T09:00:00Z
expect_sql "SELECT stage, owner FROM leads WHERE id = 1" "mql|marta"
run sla check
expect_sql "SELECT lead_id, kind, coalesce(resolved_at,'-') FROM breaches" "1|first_touch|-"
printf 'Email,Lifecycle Stage,Became a Sales Qualified Lead Date,Job Title\ncarl@coyote.example,Sales Qualified Lead,2026-05-25 10:00,Intern\n' >sql.csv
dump_data before_sql
run import sql.csv
expect_rc 0
expect_out "import 1: sql.csv: 1 row: 0 created, 1 updated, 0 unchanged, 0 rejected, 0 qualified (1 known value replaced by the file's)"
expect_sql "SELECT stage, title, score < 100 FROM leads WHERE id = 1" "sql|Intern|1"
expect_sql "SELECT state, datetime(closed_at,'unixepoch') FROM obligations WHERE entry_id = 2" "closed|2026-05-25 08:00:00"
expect_sql "SELECT resolved_at IS NOT NULL FROM breaches" "1"
# And a second import on top, creating leads, owners and accounts, and
# moving a round-robin cursor.
run import hubspot_lifecycle.csv
expect_rc 0
expect_out "import 2: hubspot_lifecycle.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
# Newest first: import 1 cannot be undone while import 2 is in place.
dump held
run import undo 1
expect_rc 65
expect_err "leadctl: import undo: 1 later import is not undone: undo it first (newest first; see 'leadctl import list')"
dump held2
expect_same_dump held held2
run import undo 2
expect_rc 0
expect_out "import 2 undone: 5 leads removed, 0 restored"
run import undo 1
expect_rc 0
expect_out "import 1 undone: 0 leads removed, 1 restored"
# Every table but the import log is exactly as before import 1: the lead's
# fields and score (to the last bit), its obligation open again, the breach
# unresolved, no trace of import 2's leads, accounts, owners (Marta, luis)
# or cursor.
dump_data after_undo
expect_same_dump before_sql after_undo
expect_sql "SELECT id, undone_at IS NOT NULL FROM imports ORDER BY id" "1|1
2|1"

# --- undo refused when later work would be lost -----------------------------
run import hubspot_lifecycle_v2.csv
expect_rc 0
expect_out "import 3: hubspot_lifecycle_v2.csv: 6 rows: 6 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
run touch ana@acme.example --channel call --outcome no_answer --at 2026-06-01T09:00:00Z
expect_rc 0
dump touched
run import undo 3
expect_rc 65
expect_out_empty
expect_err "leadctl: import undo: 1 later change in touches would be lost: undo refused, nothing changed"
dump touched2
expect_same_dump touched touched2
run stage eva@eps.example sql
expect_rc 0
run import undo 3
expect_rc 65
expect_err_has "later change"
# A person's assignment is later work too.
new_db
run import hubspot_lifecycle.csv
run assign bob@beta.example jon
expect_rc 0
run import undo 1
expect_rc 65
expect_err "leadctl: import undo: 1 later change in assignments would be lost: undo refused, nothing changed"
expect_sql "SELECT owner FROM leads WHERE email = 'bob@beta.example'" "jon"
run import undo 99
expect_rc 66
expect_err "leadctl: import undo: no import 99: see 'leadctl import list'"
run import undo x
expect_rc 64
expect_err_has "leadctl: import undo: 'x' is not an import number (see 'leadctl import list')"

# --- one bad row among 3000 --------------------------------------------------
new_db
awk 'BEGIN {
	print "Email,First Name,Company,Create Date"
	for (i = 1; i <= 3000; i++) {
		e = i == 1500 ? "broken-at-1500" : sprintf("lead%04d@bulk.example", i)
		printf "%s,Lead %d,Bulk,2026-05-%02d 10:00\n", e, i, i % 28 + 1
	}
}' >bulk.csv
run import bulk.csv --rejects bulk.rejects.csv
expect_rc 0
# stderr is a file here, not a terminal: no progress, and the reject goes
# to the file only.
expect_err_empty
expect_out "import 1: bulk.csv: 3000 rows: 2999 created, 0 updated, 0 unchanged, 1 rejected, 0 qualified"
printf '%s\r\n' 'line,reason,record' \
	'1501,"line 1501: invalid e-mail '"'broken-at-1500'"' in column '"'Email'"': not an e-mail address (no '"'@'"')","broken-at-1500,Lead 1500,Bulk,2026-05-17 10:00"' \
	>"$T/bulk.expected"
if cmp -s "$T/bulk.expected" bulk.rejects.csv; then ok; else
	STEP="bulk.rejects.csv"
	fail "rejects file differs"
	diff "$T/bulk.expected" bulk.rejects.csv | head >&2
fi
expect_sql "SELECT count(*), count(DISTINCT email), min(email), max(email) FROM leads" \
	"2999|2999|lead0001@bulk.example|lead3000@bulk.example"
expect_sql "SELECT count(*) FROM leads WHERE email = 'lead1500@bulk.example'" "0"
expect_sql "SELECT count(*), key FROM accounts" "1|domain:bulk.example"
expect_sql "SELECT count(*) FROM stage_history" "2999"
expect_sql "SELECT rows_read, created, rejected FROM imports" "3000|2999|1"
# Without --rejects the one reject is a warning naming file and line.
run import --dry-run bulk.csv --force
expect_rc 0
expect_err "leadctl: warning: bulk.csv: line 1501: invalid e-mail 'broken-at-1500' in column 'Email': not an e-mail address (no '@')"

# On a terminal, the same import shows its progress on stderr (and clears it).
python3 - "$LEADCTL_BIN" <<'PY' && ok || fail "progress on a terminal"
import os, subprocess, sys
master, slave = os.openpty()
p = subprocess.Popen([sys.argv[1], "import", "--dry-run", "--force", "--rejects", "tty.rejects", "bulk.csv"],
                     stdout=open("tty.out", "w"), stderr=slave)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
assert p.wait() == 0
assert b"\rimport: " in data and b"rows/s" in data, data
assert data.endswith(b"\r\x1b[K"), data
PY

# --- errors: one line, naming the file and the line; the database unchanged --
dump before_errors
printf 'email,name\na@x.example,A\nb@x.example,"never\nclosed\n' >unclosed.csv
run import unclosed.csv
expect_rc 65
expect_out_empty
expect_err "leadctl: import: unclosed.csv: line 3: quoted field at column 2 is never closed (the file ends inside it): nothing was imported"
printf 'email,name\n' >header_only.csv
: >empty.csv
run import empty.csv
expect_rc 65
expect_err "leadctl: import: empty.csv: empty file: no header row (nothing was imported)"
printf 'Email,Nombre\n"ana@acme.example","Jos\351"\n' >latin1.csv
run import latin1.csv
expect_rc 65
expect_err "leadctl: warning: latin1.csv: line 2: invalid UTF-8 byte 0xE9 at column 2
leadctl: warning: latin1.csv: 1 of 1 rows rejected for invalid UTF-8: the file is not UTF-8; import it again with --encoding windows-1252 (or latin1)
leadctl: import: latin1.csv: every row was rejected (1): nothing was imported"
run import missing.csv
expect_rc 66
expect_err "leadctl: import: cannot open 'missing.csv': No such file or directory"
run import "$T"
expect_rc 66
expect_err_lines 1
run import --map nomap.json bulk.csv
expect_rc 66
expect_err "leadctl: import: mapping file 'nomap.json' not found: check the --map path"
printf '{\n  "columns": {\n    "Email": "mail"\n  }\n}\n' >badmap.json
run import --map badmap.json bulk.csv
expect_rc 78
expect_err_lines 1
expect_err_has "leadctl: import: badmap.json:3: /columns/Email: unknown field 'mail'; fields: email,"
printf '{\n  "columns": {\n    "Emial": "email"\n  }\n}\n' >typo.json
run import --map typo.json bulk.csv
expect_rc 65
expect_err "leadctl: import: typo.json:3: /columns/Emial: no column 'Emial' in the file (its columns: Email, First Name, Company, Create Date)"
run import --force --rejects "$T/no/such/dir/r.csv" bulk.csv
expect_rc 73
expect_err "leadctl: import: --rejects: cannot create '$T/no/such/dir/r.csv': No such file or directory"
run import --encoding ebcdic bulk.csv
expect_rc 64
expect_err_has "leadctl: import: unknown encoding 'ebcdic': use utf-8, utf-16le, utf-16be, latin1 or windows-1252"
run import --delimiter pipe bulk.csv
expect_rc 64
run import --bogus bulk.csv
expect_rc 64
run import
expect_rc 64
dump after_errors
expect_same_dump before_errors after_errors

# A header-only file has nothing to import, which is not an error.
run import header_only.csv
expect_rc 0
expect_out "header_only.csv: no data rows (only a header): nothing imported"

# The help states these statuses.
run import --help
expect_rc 0
expect_out_has "Exit 0 when the file was read (rejected rows are counted); 65 when every row was rejected"
expect_out_has "66 when FILE is missing, 73 when --rejects cannot be created, 78 when the mapping file is"
finish
