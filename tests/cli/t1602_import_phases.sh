#!/bin/sh
# The import reads, maps and normalises the whole file before it takes the
# write lock (issue 14, "short write locks"; issue 13: the lock only for the
# apply phase).  While another process holds the lock with a long busy
# timeout, an import of a file that is not CSV at its end fails at once with
# 65 and its reason -- it never waited for the lock -- and the database is
# unchanged; a good file waits and is imported once the lock is released;
# a file that is not CSV is refused the same way with the lock free.
# Invented people.
. "$(dirname "$0")/import_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z

new_db
printf 'Email,Name,Company\r\nvega.lund@orion.example,Vega Lund,Orion\r\n' >first.csv
run import first.csv
expect_rc 0
awk 'BEGIN { printf "Email,Name,Company,Job Title\r\n"; for (i = 0; i < 2000; i++) printf "rho%d@lyra%d.example,Rho %d,Lyra %d,CTO\r\n", i, i % 50, i, i % 50 }' >good.csv
cp good.csv broken.csv
printf 'last.one@lyra.example,"Last One,Lyra,CTO\r\n' >>broken.csv
dump before

export LEADCTL_BUSY_TIMEOUT=20000
hold_write_lock 60
start=$(date +%s)
run import broken.csv
took=$(($(date +%s) - start))
expect_rc 65
expect_err_has "broken.csv"
expect_err_has "nothing was imported"
expect_err_lines 1
STEP="broken.csv refused without waiting for the lock"
[ "$took" -lt 15 ] && ok || fail "took $took s (the busy timeout is 20 s)"
# a good file waits for the lock: released after a second, it goes in
(sleep 1 && release_write_lock) &
releaser=$!
run import good.csv --rejects good.rej
wait $releaser
expect_rc 0
expect_out "import 2: good.csv: 2000 rows: 2000 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
unset LEADCTL_BUSY_TIMEOUT
sqlite3 -batch "$LEADCTL_DB" "SELECT count(*) FROM leads" >"$T/n"
STEP="leads after both"
[ "$(cat "$T/n")" = 2001 ] && ok || fail "$(cat "$T/n") leads"

# the broken file, with the lock free: the same refusal, nothing written
dump before2
run import broken.csv
expect_rc 65
dump after2
expect_same_dump before2 after2

finish
