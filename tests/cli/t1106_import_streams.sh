#!/bin/sh
# Short write locks and streams: 'import --dry-run' takes no write lock (a
# rep's add succeeds while it runs, and it writes nothing); an import reads
# from '-', a pipe or a FIFO (copied once, hashed, then parsed), and an
# endless input ends at a documented limit with a clear error.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-10-05T09:00:00Z
run init
printf 'Email,First Name\nabe@osprey.example,Abe\nbo@osprey.example,Bo\n' >two.csv

# --- from stdin, a pipe and a FIFO -------------------------------------------
run_in two.csv import -
expect_rc 0
expect_out "import 1: stdin: 2 rows: 2 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
cat two.csv | "$LEADCTL_BIN" import /dev/stdin >"$T/out" 2>"$T/err"
RC=$?
STEP="cat two.csv | import /dev/stdin"
expect_rc 0
expect_out "/dev/stdin: already imported as import 1 (2026-10-05T09:00:00Z, same content): nothing changed (--force imports it again)"
printf 'Email\ncy@osprey.example\n' >three.csv
mkfifo fifo
cat three.csv >fifo &
run import fifo
wait
expect_rc 0
expect_out_has "1 created"
expect_sql "SELECT count(*) FROM leads" 3
# endless inputs
run import /dev/zero
expect_rc 65
expect_err "leadctl: import: /dev/zero: line 1: a line longer than 8388608 bytes (not a CSV file?): nothing was imported"
{ echo Email; yes 'dd@osprey.example' | head -c 60000; } | "$LEADCTL_BIN" import --dry-run - >"$T/out" 2>"$T/err"
RC=$?
STEP="import --dry-run - (60 KB)"
expect_rc 0
expect_out_has "dry run (nothing written): stdin:"

# --- a dry run takes no write lock ---------------------------------------------
# (a bigger file when the dry run ended too soon to tell)
rows=2000 during=0 adds=0 i=0
while [ $during -lt 2 ] && [ $rows -le 64000 ]; do
	awk -v n=$rows 'BEGIN { print "Email,Company"; for (i = 0; i < n; i++) printf "m%d@kestrel%d.example,Kestrel %d\n", i, i, i }' >big.csv
	"$LEADCTL_BIN" import --dry-run big.csv >"$T/dry.out" 2>"$T/dry.err" &
	pid=$!
	during=0 k=0
	while kill -0 $pid 2>/dev/null && [ $k -lt 100 ]; do
		k=$((k + 1))
		i=$((i + 1))
		LEADCTL_BUSY_TIMEOUT=300 "$LEADCTL_BIN" add --email "rep$i@osprey.example" >/dev/null 2>"$T/err" && adds=$((adds + 1))
		kill -0 $pid 2>/dev/null && during=$((during + 1))
		sleep 0.05
	done
	wait $pid
	RC=$?
	STEP="import --dry-run big.csv ($rows rows) while reps add"
	expect_rc 0
	rows=$((rows * 4))
done
[ $adds = $i ] && ok || fail "$((i - adds)) of $i adds were locked out: $(cat "$T/err")"
[ $during -ge 2 ] && ok || fail "the dry run ended too soon to tell ($during adds during it)"
expect_sql "SELECT count(*) FROM leads" $((3 + adds))
expect_sql "SELECT count(*) FROM imports" 2
finish
