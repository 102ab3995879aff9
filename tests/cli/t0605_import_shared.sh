#!/bin/sh
# Import, part 6: files written by others (../shared/data: csv-spectrum,
# csv-parser by mafintosh, csvkit), through the real binary.  Each file is
# imported into a fresh database with a mapping file that makes one column
# the record id ("auto": false: every other column is kept as a custom field
# under its header), and the leads must hold exactly the records the
# project's own expected output gives.  Where that output is an error
# (ragged rows, a NUL byte) the row is rejected with its line and reason,
# and the rest is imported.
#
# The importer trims the values it keeps (docs/import-mapping.md, "Values")
# and leaves empty ones out; the expected records are compared the same way.
. "$(dirname "$0")/import_lib.sh"

have_shared_data || exit 77
export LEADCTL_NOW=2026-06-01T10:00:00Z
S=$LEADCTL_SHARED_DATA

# import_as FILE KEY [OPTIONS...]: import shared FILE into a fresh database,
# column KEY as the record id, the others custom; rejects to $T/rej.csv.
import_as() {
	f=$1
	key=$2
	shift 2
	new_db
	printf '{"auto": false, "columns": {"%s": "external_id"}}\n' "$key" >"$T/key.json"
	rm -f "$T/rej.csv" # a rejects file is never overwritten
	run import --map "$T/key.json" --rejects "$T/rej.csv" "$@" "$S/$f"
	CASE="$f"
}

# records_are KEY JSON: the leads, oldest first, as {column: value}, are the
# records of JSON (a list of objects, or a file name ending in .json).
records_are() {
	if python3 - "$LEADCTL_DB" "$1" "$2" <<'PY' >"$T/cmp" 2>&1; then ok; else
import json, sqlite3, sys
db, key, want = sys.argv[1:4]
want = json.load(open(want)) if want.endswith(".json") else json.loads(want)
if isinstance(want, dict):
    want = [want]
def norm(rec):
    return {k: v.strip() for k, v in rec.items() if v.strip() != ""}
got = []
for ext, custom in sqlite3.connect(db).execute("SELECT external_id, custom FROM leads ORDER BY id"):
    rec = json.loads(custom) if custom else {}
    rec[key] = ext
    got.append(rec)
want = [norm(r) for r in want]
got = [norm(r) for r in got]
if got != want:
    print("got  ", json.dumps(got, ensure_ascii=False))
    print("want ", json.dumps(want, ensure_ascii=False))
    sys.exit(1)
PY
		STEP="records of $CASE"
		fail "$(cat "$T/cmp")"
	fi
}

# rejects_are TEXT: the reject file's records after its header, as
# "LINE: REASON" lines (the reason starts with the line again).
rejects_are() {
	got=$(python3 -c 'import csv, sys
for r in list(csv.reader(open(sys.argv[1], newline="", encoding="latin-1")))[1:]:
    print(r[0] + ": " + r[1])' "$T/rej.csv")
	if [ "$got" = "$1" ]; then ok; else
		STEP="rejects of $CASE"
		fail "got '$got', expected '$1'"
	fi
}

# --- csv-spectrum: every case but location_coordinates (its JSON is wrong) --
# The key is a column whose values are plain and distinct.
for c in comma_in_quotes:first empty:a empty_crlf:a escaped_quotes:a json:key newlines:b \
	newlines_crlf:b quotes_and_newlines:a simple:a simple_crlf:a utf8:a; do
	name=${c%%:*}
	import_as "csv-spectrum/csvs/$name.csv" "${c#*:}"
	expect_rc 0
	expect_err_empty
	records_are "${c#*:}" "$S/csv-spectrum/json/$name.json"
done
# A quoted CRLF inside a field is kept as CRLF, a quoted LF as LF.
import_as csv-spectrum/csvs/newlines_crlf.csv b
expect_sql "SELECT hex(custom ->> '\$.a') FROM leads WHERE external_id = '5'" "$(printf 'Once upon \r\na time' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"

# --- csv-parser (mafintosh): encodings, line ends, quotes --------------------
# bench_*: "a,b,c / 1,2,3 / 4,5,<one letter>" in UTF-16LE, UTF-16BE (BOM),
# UTF-8, Latin-1 (declared) -- expected/test.js.md.
for f in bench_utf16.csv bench_utf16-big.csv bench_utf8.csv; do
	import_as "csv-parser-mafintosh/fixtures/$f" a
	expect_rc 0
	expect_out_has ": 2 rows: 2 created,"
	records_are a '[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"ʤ"}]'
done
import_as csv-parser-mafintosh/fixtures/bench_latin.csv a --encoding latin1
expect_rc 0
records_are a '[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"©"}]'
# Undeclared, the Latin-1 byte is invalid UTF-8: that row is rejected with
# its line and column, never mangled.
import_as csv-parser-mafintosh/fixtures/bench_latin.csv a
expect_rc 0
expect_out_has ": 2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected"
records_are a '[{"a":"1","b":"2","c":"3"}]'
rejects_are '3: line 3: invalid UTF-8 byte 0xA9 at column 3'
# CR-only line ends, with a CR inside a quoted field.
import_as csv-parser-mafintosh/fixtures/bench_mac-newlines.csv b
expect_rc 0
records_are b '[{"a":"1","b":"2","c":"3"},{"a":"Once upon\ra time","b":"5","c":"6"}]'
import_as csv-parser-mafintosh/fixtures/comma-in-quote.csv first
records_are first '{"first":"John","last":"Doe","address":"120 any st.","city":"Anytown, WW","zip":"08123"}'
import_as csv-parser-mafintosh/fixtures/newlines.csv b
records_are b '[{"a":"1","b":"2","c":"3"},{"a":"Once upon \na time","b":"5","c":"6"},{"a":"7","b":"8","c":"9"}]'
# "raw escaped quotes" and "... and newlines".
import_as csv-parser-mafintosh/fixtures/escape-quotes.csv a
records_are a '[{"a":"1","b":"ha \"ha\" ha"},{"a":"2","b":"\"\""},{"a":"3","b":"4"}]'
import_as csv-parser-mafintosh/fixtures/quotes+newlines.csv a
records_are a '[{"a":"1","b":"ha \n\"ha\" \nha"},{"a":"2","b":" \n\"\" \n"},{"a":"3","b":"4"}]'
# strict.test.js.md: a row longer than the header is an error; the rows
# before it read as given.  strictNo.test.js.md pads or extends the broken
# rows; leadctl is strict and rejects them, keeping the first and last rows.
import_as csv-parser-mafintosh/fixtures/strict.csv a
expect_rc 0
records_are a '[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"6"}]'
rejects_are '4: line 4: 4 fields, expected 3'
import_as csv-parser-mafintosh/fixtures/strict-false-less-columns.csv a
records_are a '[{"a":"1","b":"2","c":"3"},{"a":"6","b":"7","c":"8"}]'
rejects_are '3: line 3: 2 fields, expected 3'
import_as csv-parser-mafintosh/fixtures/strict-false-more-columns.csv a
records_are a '[{"a":"1","b":"2","c":"3"},{"a":"8","b":"9","c":"10"}]'
rejects_are '3: line 3: 4 fields, expected 3'
expect_err_empty

# --- csvkit ------------------------------------------------------------------
# UTF-8 with BOM: the header reads foo,bar,baz.
import_as csvkit/examples/test_utf8_bom.csv foo
expect_rc 0
records_are foo '[{"foo":"1","bar":"2","baz":"3"},{"foo":"4","bar":"5","baz":"ʤ"}]'
run import --explain "$S/csvkit/examples/test_utf8_bom.csv"
expect_out_has "   1  foo     ->  custom  (no known name)"
for f in test_utf8.csv; do
	import_as "csvkit/examples/$f" foo
	records_are foo '[{"foo":"1","bar":"2","baz":"3"},{"foo":"4","bar":"5","baz":"ʤ"}]'
done
for f in test_utf16_little.csv test_utf16_big.csv; do
	import_as "csvkit/examples/$f" a
	expect_rc 0
	records_are a '[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"ʤ"}]'
done
import_as csvkit/examples/test_latin1.csv a --encoding latin1
records_are a '[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"©"}]'
import_as csvkit/examples/mac_newlines.csv b
records_are b '[{"a":"1","b":"2","c":"3"},{"a":"Once upon\ra time","b":"5","c":"6"}]'
import_as csvkit/examples/dummy.tsv a
records_are a '{"a":"1","b":"2","c":"3"}'
# bad.csv (test_csvclean.py: "Expected 3 columns, found 4 / 2 columns" on
# its data rows 1 and 2, i.e. physical lines 2 and 3); row 3 is clean.
import_as csvkit/examples/bad.csv column_a
expect_rc 0
expect_out_has ": 3 rows: 1 created, 0 updated, 0 unchanged, 2 rejected"
records_are column_a '{"column_a":"0","column_b":"mixed types.... uh oh","column_c":"17"}'
rejects_are '2: line 2: 4 fields, expected 3
3: line 3: 2 fields, expected 3'
# The short rows of test_join_short_rows.csv are rejected too (joining them,
# as csvclean --join-short-rows does, is not leadctl's to guess).
import_as csvkit/examples/test_join_short_rows.csv a
records_are a '{"a":"3","b":"b","c":"c"}'
rejects_are '2: line 2: 2 fields, expected 3
3: line 3: 2 fields, expected 3'
# A NUL byte rejects its row (never truncates the field); here it is the
# only row, so the import fails as a whole and writes nothing.
import_as csvkit/examples/null_byte.csv a
expect_rc 65
expect_out_empty
expect_err "leadctl: import: $S/csvkit/examples/null_byte.csv: every row was rejected (1): nothing was imported"
rejects_are '2: line 2: NUL byte at column 1'
expect_sql "SELECT count(*) FROM imports" "0"
# NA, N/A, NONE, NULL and "." are values in a custom field, kept as written.
import_as csvkit/examples/blanks.csv f
records_are f '{"a":"","b":"NA","c":"N/A","d":"NONE","e":"NULL","f":"."}'
# Rows of empty fields (",", ",,,") are blank lines below the data: skipped.
for f in test_empty_columns_short_row.csv test_empty_columns_long_row.csv; do
	import_as "csvkit/examples/$f" a
	expect_rc 0
	expect_out_has ": no data rows (only a header): nothing imported"
done
# Control characters inside a quoted header: the name keeps them (trimmed
# at its ends), --explain shows them as spaces on one line, and the one
# record (line 8, after the header's 7 lines) reads d, e, f.
import_as csvkit/examples/test_header_newline.csv b
records_are b '{"start \t\n\u000b\f\r end":"d","b":"e","c":"f"}'
run import --explain "$S/csvkit/examples/test_header_newline.csv"
expect_rc 0
expect_out_has "   1  start       end  ->  custom  (no known name)"
finish
