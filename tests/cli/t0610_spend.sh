#!/bin/sh
# Spend: spend add, spend import (all rows or none), spend list, and the
# import log / undo of a spend file.  Amounts are stored in cents, dates
# are whole local days (both ends included).
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db

# --- spend add ------------------------------------------------------------------
run spend add --channel paid_search --amount 1,500.50 --currency eur --from 2026-05-01 --to 2026-05-31
expect_rc 0
expect_err_empty
expect_out "spend 1: paid_search, 2026-05-01 to 2026-05-31 (31 days): 1500.50 EUR"
run spend add --channel events --campaign fair --amount 800 --currency EUR --date 2026-05-12
expect_rc 0
expect_out "spend 2: events (fair), 2026-05-12 to 2026-05-12 (1 day): 800.00 EUR"
expect_sql "SELECT id, channel, coalesce(campaign,'-'), start_date, end_date, amount_cents, currency, datetime(created_at,'unixepoch'), actor, coalesce(import_id,'-') FROM spend ORDER BY id" \
"1|paid_search|-|2026-05-01|2026-05-31|150050|EUR|2026-06-01 10:00:00|tester|-
2|events|fair|2026-05-12|2026-05-12|80000|EUR|2026-06-01 10:00:00|tester|-"
# Another currency than the SLA's economics (EUR) is recorded, with a warning.
run spend add --channel partners --amount 10 --currency USD --date 2026-05-20
expect_rc 0
expect_err "leadctl: warning: spend in USD beside amounts in EUR (the SLA's economics currency): reports add amounts as they are, without conversion"

# Bad options: exit 64, one message, nothing written.
dump before_bad
for args in "--amount 10 --currency EUR --date 2026-05-01" \
	"--channel a --currency EUR --date 2026-05-01" \
	"--channel a --amount 10 --date 2026-05-01" \
	"--channel a --amount 10 --currency EUR" \
	"--channel a --amount 10 --currency EUR --from 2026-05-01" \
	"--channel a --amount 10 --currency EUR --date 2026-05-01 --from 2026-05-01 --to 2026-05-02"; do
	# shellcheck disable=SC2086
	run spend add $args
	expect_rc 64
	expect_out_empty
done
run spend add --channel a --amount 1500,50 --currency EUR --date 2026-05-01
expect_rc 64
expect_err_has "leadctl: spend add: --amount '1500,50' is not an amount: use digits with at most two decimals after a '.' (1500, 1,500.50)"
run spend add --channel a --amount -5 --currency EUR --date 2026-05-01
expect_rc 64
run spend add --channel a --amount 12.345 --currency EUR --date 2026-05-01
expect_rc 64
run spend add --channel a --amount 10 --currency EURO --date 2026-05-01
expect_rc 64
expect_err_has "--currency 'EURO' is not a three-letter code such as EUR or USD"
run spend add --channel a --amount 10 --currency EUR --date 2026-02-30
expect_rc 64
expect_err_has "--date '2026-02-30' is not a date: use YYYY-MM-DD"
run spend add --channel a --amount 10 --currency EUR --from 2026-05-10 --to 2026-05-01
expect_rc 64
expect_err_has "--to 2026-05-01 is before --from 2026-05-10"
dump after_bad
expect_same_dump before_bad after_bad

# --- spend import ---------------------------------------------------------------
# Header names in any case, with spaces or '_'; quoted thousands; a
# one-day row by start/end; a campaign left empty.
printf 'Channel,Campaign,Start Date,END_DATE,Amount,Currency\r\npaid_social,spring_2026,2026-05-01,2026-05-15,"2,000",EUR\r\npaid_social,spring_2026,2026-05-16,2026-05-31,2500.5,eur\r\nwebinar,,2026-05-20,2026-05-20,300.25,EUR\r\n' >spend.csv
run spend import spend.csv
expect_rc 0
expect_err_empty
expect_out "import 1: spend.csv: 3 spend rows added, 2026-05-01 to 2026-05-31: 4800.75 EUR"
expect_sql "SELECT channel, coalesce(campaign,'-'), start_date, end_date, amount_cents, currency, import_id FROM spend WHERE import_id IS NOT NULL ORDER BY id" \
"paid_social|spring_2026|2026-05-01|2026-05-15|200000|EUR|1
paid_social|spring_2026|2026-05-16|2026-05-31|250050|EUR|1
webinar|-|2026-05-20|2026-05-20|30025|EUR|1"
# Logged as an import; the same content again changes nothing.
expect_sql "SELECT file_name, rows_read, created, rejected FROM imports" "spend.csv|3|3|0"
run spend import spend.csv
expect_rc 0
expect_out "spend.csv: already imported as import 1 (2026-06-01T10:00:00Z, same content): nothing changed (--force imports it again)"
expect_sql "SELECT count(*) FROM spend" "6"

# A 'date' column for one-day rows; JSON summary.
printf 'channel;date;amount;currency\nseo;2026-05-03;100;EUR\nseo;2026-05-04;100.1;EUR\n' >days.csv
run spend import days.csv --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "spend import json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"import": 2, "file": "days.csv", "rows": 2, "from": "2026-05-03", "to": "2026-05-04",
             "totals": {"EUR": 200.1}}, d
PY

# All or nothing: the first bad row is one error naming FILE:LINE, exit 65,
# and the database is unchanged.
dump before_bad_import
bad_file() {
	printf 'channel,start_date,end_date,amount,currency\nads,2026-05-01,2026-05-02,10,EUR\n%s\n' "$1" >bad.csv
	run spend import bad.csv
	expect_rc 65
	expect_out_empty
	expect_err "leadctl: spend import: bad.csv:3: $2 (nothing was imported)"
}
bad_file 'ads,2026-05-01,2026-05-32,10,EUR' "'2026-05-32' is not a date: use YYYY-MM-DD, or declare --date-format"
bad_file 'ads,05/01/2026,2026-05-02,10,EUR' "'05/01/2026' is not a date: use YYYY-MM-DD, or declare --date-format"
bad_file 'ads,2026-05-03,2026-05-02,10,EUR' "end_date 2026-05-02 is before start_date 2026-05-03"
bad_file 'ads,2026-05-01,2026-05-02,€10,EUR' "amount '€10' is not an amount: use digits with at most two decimals after a '.' (1500, 1,500.50), or declare --decimal comma (1.500,50)"
bad_file 'ads,2026-05-01,2026-05-02,,EUR' "amount '' is not an amount: use digits with at most two decimals after a '.' (1500, 1,500.50), or declare --decimal comma (1.500,50)"
bad_file 'ads,2026-05-01,2026-05-02,10,Euro' "currency 'Euro' is not a three-letter code such as EUR or USD"
bad_file ',2026-05-01,2026-05-02,10,EUR' "the channel is empty"
bad_file 'ads,2026-05-01,,10,EUR' "no end_date: give the days the money covers"
bad_file 'ads,2026-05-01,2026-05-02,10' "4 fields, expected 5"
# Header problems name line 1.
printf 'channel,date,ammount,currency\nads,2026-05-01,10,EUR\n' >typo.csv
run spend import typo.csv
expect_rc 65
expect_err "leadctl: spend import: typo.csv:1: unknown column 'ammount': the columns are channel, campaign, date, start_date, end_date, amount, currency (nothing was imported)"
printf 'channel,start_date,amount,currency\nads,2026-05-01,10,EUR\n' >half.csv
run spend import half.csv
expect_rc 65
expect_err "leadctl: spend import: half.csv:1: give a 'date' column, or 'start_date' and 'end_date' columns (nothing was imported)"
printf 'channel,date,amount\nads,2026-05-01,10\n' >nocur.csv
run spend import nocur.csv
expect_rc 65
expect_err_has "nocur.csv:1: no 'currency' column"
printf 'channel,date,amount,currency\n' >empty.csv
run spend import empty.csv
expect_rc 65
expect_err "leadctl: spend import: empty.csv: no spend rows after the header (nothing was imported)"
printf 'channel,date,amount,currency\nads,2026-05-01,10,"EUR\n' >unclosed.csv
run spend import unclosed.csv
expect_rc 65
expect_err_has "leadctl: spend import: unclosed.csv: line 2: quoted field at column 4 is never closed"
run spend import missing.csv
expect_rc 66
expect_err "leadctl: spend import: cannot open 'missing.csv': No such file or directory"
dump after_bad_import
expect_same_dump before_bad_import after_bad_import

# --- spend list -----------------------------------------------------------------
run spend list --format tsv
expect_rc 0
expect_out "id	channel	campaign	start_date	end_date	days	amount	currency	import
1	paid_search		2026-05-01	2026-05-31	31	1500.50	EUR	
4	paid_social	spring_2026	2026-05-01	2026-05-15	15	2000.00	EUR	1
7	seo		2026-05-03	2026-05-03	1	100.00	EUR	2
8	seo		2026-05-04	2026-05-04	1	100.10	EUR	2
2	events	fair	2026-05-12	2026-05-12	1	800.00	EUR	
5	paid_social	spring_2026	2026-05-16	2026-05-31	16	2500.50	EUR	1
3	partners		2026-05-20	2026-05-20	1	10.00	USD	
6	webinar		2026-05-20	2026-05-20	1	300.25	EUR	1"
# Rows sharing a day with [05-16, 05-20): ends on or after 05-16, starts before 05-20.
run spend list --since 2026-05-16 --until 2026-05-20 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "spend list json"
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["id"] for r in d] == [1, 5], d
assert d[1] == {"id": 5, "channel": "paid_social", "campaign": "spring_2026", "start_date": "2026-05-16",
                "end_date": "2026-05-31", "days": 16, "amount": 2500.5, "currency": "EUR", "import": 1}, d[1]
assert d[0]["campaign"] is None and d[0]["import"] is None
PY
run spend list --channel seo --format csv
expect_rc 0
# CSV lines end in CRLF (RFC 4180).
if [ "$(tr -cd '\r' <"$T/out" | wc -c)" -eq 3 ]; then ok; else fail "CSV lines without CRLF"; fi
tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"
expect_out "id,channel,campaign,start_date,end_date,days,amount,currency,import
7,seo,,2026-05-03,2026-05-03,1,100.00,EUR,2
8,seo,,2026-05-04,2026-05-04,1,100.10,EUR,2"
run spend list --since 2026-13-01
expect_rc 64
run spend list --until 2030-01-01 --since 2030-01-01
expect_rc 0
expect_out "id	channel	campaign	start_date	end_date	days	amount	currency	import"

# The cac report counts spend per day: paid_search's 1500.50 over 31 days,
# 16 of them in [05-16, 06-01): 1500.50 * 16 / 31 = 774.45.
run report cac --since 2026-05-16 --until 2026-06-01 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "cac spend"
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["group"]: r["spend"] for r in d["rows"]}
assert abs(rows["paid_search"] - 1500.50 * 16 / 31) < 0.006, rows
assert abs(rows["paid_social"] - 2500.50) < 0.006, rows
PY

# --- undo a spend import ------------------------------------------------------------
run import undo 1
expect_rc 65
expect_err_has "1 later import is not undone"
run import undo 2
expect_rc 0
run import undo 1
expect_rc 0
expect_sql "SELECT count(*), count(import_id) FROM spend" "3|0"
# Undone, the file can be imported again.
run spend import spend.csv
expect_rc 0
expect_out_has "import 3: spend.csv: 3 spend rows added"
# --force imports the same content again (the user asked for it), and its
# rows replace the earlier import's: spend is never doubled (issue 12).
run spend import --force spend.csv
expect_rc 0
expect_out_has "import 4: spend.csv: 3 spend rows added"
expect_err "leadctl: spend.csv: 3 spend rows of earlier imports for the same channel, campaign and days replaced (spend is never doubled)"
expect_sql "SELECT count(*) FROM spend" "6"
expect_sql "SELECT count(*) FROM spend WHERE import_id = 3" "0"
finish
