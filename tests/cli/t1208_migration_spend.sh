#!/bin/sh
# Spend import at the lead import's level (docs/import.md §10): Excel's sep=
# line, a declared encoding and delimiter, decimal commas, declared date
# formats; a re-import (--force, or a corrected file) replaces the rows of
# the same channel, campaign and days instead of doubling the spend.
. "$(dirname "$0")/migration_lib.sh"
export LEADCTL_NOW=2026-11-25T09:00:00Z
new_db

# A Spanish Excel export: sep=;, Windows-1252 campaign name, day-first dates,
# decimal commas with thousands points.
printf 'sep=;\r\nChannel;Campaign;Start Date;End Date;Amount;Currency\r\nwebinar;Se\361al;01/03/2026;31/03/2026;1.500,50;EUR\r\npaid;;01/03/2026;15/03/2026;2.000;EUR\r\n' >gastos.csv
run spend import gastos.csv
expect_rc 65
expect_err_has "gastos.csv:3: "
run spend import gastos.csv --encoding windows-1252 --decimal comma --date-format day_first
expect_rc 0
expect_out "import 1: gastos.csv: 2 spend rows added, 2026-03-01 to 2026-03-31: 3500.50 EUR"
expect_sql "SELECT channel || '|' || coalesce(campaign, '-') || '|' || start_date || '|' || end_date || '|' || amount_cents FROM spend ORDER BY channel" "paid|-|2026-03-01|2026-03-15|200000
webinar|Señal|2026-03-01|2026-03-31|150050"
# the same file again: nothing; with --force: its rows replace the earlier ones
run spend import gastos.csv --encoding windows-1252 --decimal comma --date-format day_first
expect_out_has "already imported as import 1"
run spend import gastos.csv --encoding windows-1252 --decimal comma --date-format day_first --force
expect_rc 0
expect_sql "SELECT count(*) || ' ' || sum(amount_cents) FROM spend" "2 350050"
# a corrected file (another amount for the same rows) replaces them too
printf 'channel,campaign,start_date,end_date,amount,currency\npaid,,2026-03-01,2026-03-15,2500,EUR\n' >fix.csv
run spend import fix.csv
expect_rc 0
expect_err "leadctl: fix.csv: 1 spend row of earlier imports for the same channel, campaign and days replaced (spend is never doubled)"
expect_sql "SELECT count(*) || ' ' || sum(amount_cents) FROM spend" "2 400050"
# rows added by hand are never replaced
run spend add --channel paid --amount 10 --currency EUR --from 2026-03-01 --to 2026-03-15
run spend import fix.csv --force
expect_sql "SELECT count(*) FROM spend WHERE channel = 'paid'" 2
# US dates with a pattern, a tab-separated file, a decimal point declared
printf 'channel\tdate\tamount\tcurrency\nseo\t3/7/26\t1,234.5\tUSD\n' >us.tsv
run spend import us.tsv --delimiter tab --date-format '%m/%d/%y' --decimal point
expect_rc 0
expect_sql "SELECT start_date || ' ' || amount_cents || ' ' || currency FROM spend WHERE channel = 'seo'" "2026-03-07 123450 USD"
run spend import us.tsv --decimal comma --date-format '%m/%d/%y' --force
expect_rc 65
expect_err_has "amount '1,234.5' is not an amount with a decimal comma (1.500,50)"
run spend import us.tsv --decimal sometimes
expect_rc 64
finish
