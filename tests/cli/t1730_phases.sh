#!/bin/sh
# Phased commands (issue 13, "the command table acts"): spend import,
# dedupe --merge, forget and sla use do their work in transactions that
# store functions own, never in the command body.  What that promises:
#   - spend import reads and checks the whole file before it takes the
#     write lock: a bad file is refused at once (65) while another process
#     holds the lock; a good one waits for it and goes in whole;
#   - when the lock cannot be had (75), dedupe --merge, forget and spend
#     import print nothing on stdout, say so in one line, and leave the
#     database unchanged;
#   - a chain of pairs merges into the first keeper (a lead merged away
#     earlier lives on in its keeper), in one transaction.
# Invented people and spend.
. "$(dirname "$0")/lib.sh"
export LEADCTL_NOW=2026-09-14T08:00:00Z

run init
expect_rc 0
# 1, 2, 3: one person three ways (an address with a +tag, a phone);
# 4: someone else.
run add --email noor.haddad@tarn.example --first-name Noor --last-name Haddad --phone +31612345678
run add --email noor.haddad+fairs@tarn.example
run add --email nh@elsewhere.example --phone +31612345678
run add --email piet.vos@dijk.example --company Dijk
expect_rc 0

printf 'channel,campaign,start_date,end_date,amount,currency\nfairs,autumn,2026-09-01,2026-09-07,1200,EUR\nsearch,,2026-09-01,2026-09-30,"3,400.50",EUR\n' >"$T/good.csv"
cp "$T/good.csv" "$T/bad.csv"
printf 'search,,2026-10-01,2026-10-31,twelve,EUR\n' >>"$T/bad.csv"
dump before

# --- the write lock is held by another process ---------------------------
export LEADCTL_BUSY_TIMEOUT=20000
hold_write_lock 60
start=$(date +%s)
run spend import "$T/bad.csv"
took=$(($(date +%s) - start))
expect_rc 65
expect_out_empty
expect_err_has "spend import: $T/bad.csv:4: amount 'twelve' is not an amount"
expect_err_has "(nothing was imported)"
expect_err_lines 1
STEP="the bad spend file refused without waiting for the lock"
[ "$took" -lt 15 ] && ok || fail "took $took s (the busy timeout is 20 s)"

export LEADCTL_BUSY_TIMEOUT=200
for cmd in "dedupe --merge" "forget 4" "spend import $T/good.csv" "sla use $LEADCTL_SRC/sla.example.json"; do
	# shellcheck disable=SC2086
	run $cmd
	STEP="leadctl $cmd (locked)"
	expect_rc 75
	expect_out_empty
	expect_err_lines 1
done
release_write_lock
unset LEADCTL_BUSY_TIMEOUT
dump locked
expect_same_dump before locked

# --- with the lock free ---------------------------------------------------
run spend import "$T/good.csv"
expect_rc 0
expect_out "import 1: $T/good.csv: 2 spend rows added, 2026-09-01 to 2026-09-30: 4600.50 EUR"
expect_sql "SELECT channel, coalesce(campaign, '-'), amount_cents, import_id FROM spend ORDER BY id" \
"fairs|autumn|120000|1
search|-|340050|1"
expect_sql "SELECT rows_read, created FROM imports WHERE id = 1" "2|2"

run dedupe
expect_rc 0
expect_out "keep	drop	why	merge
1	2	same address noor.haddad@tarn.example	leadctl merge 1 2
1	3	same phone +31612345678	leadctl merge 1 3"
run dedupe --merge
expect_rc 0
expect_out "lead 2 merged into lead 1 (same address noor.haddad@tarn.example)
lead 3 merged into lead 1 (same phone +31612345678)
2 leads merged"
expect_sql "SELECT group_concat(id) FROM (SELECT id FROM leads ORDER BY id)" "1,4"
expect_sql "SELECT count(*) FROM merges WHERE kept_id = 1" "2"
run dedupe --merge
expect_rc 0
expect_out "0 leads merged"

run forget 4
expect_rc 0
expect_out_has "lead 4 erased as erased:"
expect_sql "SELECT email IS NULL FROM leads WHERE id = 4" "1"
finish
