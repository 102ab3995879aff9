#!/bin/sh
# Spreadsheet habits (import-mapping.md): Excel's sep= line, declared
# two-digit years, placeholders declared empty, repeated header names by
# position, a Windows-1252 file, full names with suffixes, and every row
# message past the tenth counted.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z
new_db

# sep=| then the header on line 2; line numbers stay physical.
printf 'sep=|\r\nEmail|Full Name|Company\r\nnoa@tilde.example|Noa Berg Jr.|Tilde\r\nbad|Ian Roe|Tilde\r\n' >pipes.csv
run import --explain pipes.csv
expect_rc 0
expect_out_has "pipes.csv: utf-8, delimiter '|', header on line 2"
run import pipes.csv
expect_rc 0
expect_err "leadctl: warning: pipes.csv: line 4: invalid e-mail 'bad' in column 'Email': not an e-mail address (no '@')"
expect_sql "SELECT first_name || '/' || last_name FROM leads" "Noa/Berg Jr."
# a forced delimiter still wins over the sep= line
printf 'sep=;\nEmail,First Name\nzed@tilde.example,Zed\n' >forced.csv
run import forced.csv --delimiter comma
expect_rc 0
expect_sql "SELECT first_name FROM leads WHERE email = 'zed@tilde.example'" Zed

# Two-digit years: refused undeclared, read when declared with %y.
printf 'Email,Create Date\nsal@yarrow.example,3/7/25 14:05\nbo@yarrow.example,12/31/99 23:00\n' >yy.csv
run import yy.csv
expect_rc 65
run import yy.csv --date-format month_first
expect_rc 65
expect_err_has "the year needs four digits"
run import yy.csv --date-format '%m/%d/%y %H:%M'
expect_rc 0
expect_sql "SELECT email || ' ' || datetime(created_at, 'unixepoch') FROM leads WHERE email LIKE '%yarrow%' ORDER BY email" "bo@yarrow.example 1999-12-31 22:00:00
sal@yarrow.example 2025-03-07 13:05:00"

# Placeholders: global "empty" for every column (mapped and custom), a
# column's own list, and a second "Phone" column addressed by position.
cat >forms.csv <<'CSV'
Email,Industry,City,Budget,Phone,Phone
ana@vela.example,--Select--,Select,n/d,,+34 611 000 111
CSV
cat >forms.json <<'JSON'
{"empty": ["Select", "--select--"],
 "columns": {"Budget": {"field": "custom", "empty": ["n/d"]}, "#5": "ignore", "Phone (2)": "phone"}}
JSON
run import forms.csv --map forms.json
expect_rc 0
expect_sql "SELECT coalesce(industry, '-') || ' ' || coalesce(custom, '-') || ' ' || phone FROM leads WHERE email = 'ana@vela.example'" "- - +34611000111"
run import --explain forms.csv --map forms.json
expect_out_has "5  Phone     ->  ignore"
expect_out_has "6  Phone     ->  phone"

# Windows-1252: rejected rows say how to read the file; declared, it reads.
printf 'Email,Last Name\nines@alba.example,Pe\361a\nluz@alba.example,Mu\361oz\nrex@alba.example,Roe\n' >cp1252.csv
run import cp1252.csv
expect_rc 0
expect_err "leadctl: warning: cp1252.csv: line 2: invalid UTF-8 byte 0xF1 at column 2
leadctl: warning: cp1252.csv: line 3: invalid UTF-8 byte 0xF1 at column 2
leadctl: warning: cp1252.csv: 2 of 3 rows rejected for invalid UTF-8: the file is not UTF-8; import it again with --encoding windows-1252 (or latin1)"
run import cp1252.csv --encoding windows-1252
expect_rc 0
expect_out_has "3 rows: 2 created, 0 updated, 1 unchanged, 0 rejected"
expect_sql "SELECT last_name FROM leads WHERE email = 'ines@alba.example'" "Peña"

# Past ten row messages (one per row), the rest is counted, rejected rows
# included: 12 rows with warnings and one rejected row.
{
	echo "Email,Phone,Stage"
	i=1
	while [ $i -le 12 ]; do echo "w$i@many.example,12,Someday"; i=$((i + 1)); done
	echo "not-an-address,,"
} >many.csv
run import many.csv
expect_rc 0
expect_err_lines 11
expect_err_has "leadctl: warning: many.csv: ... and 3 more (2 warnings, 1 rejected row) not shown: use --rejects FILE to keep every rejected row"
run import many.csv --rejects rej.csv --force
expect_rc 0
expect_err_has "leadctl: warning: many.csv: ... and 2 more warnings not shown"
expect_err_lines 11
finish
