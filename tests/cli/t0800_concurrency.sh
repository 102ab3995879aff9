#!/bin/sh
# Several processes at once never lose data and never fail with "database is
# locked" under ordinary load; a writer kept out longer than the busy
# timeout exits 75 with one line and changes nothing.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0

# Three writers and a reader at once: 3 x 40 adds with events, plus lists.
writer() {
	i=0
	while [ $i -lt 40 ]; do
		"$LEADCTL_BIN" add --email "w$1-$i@acme.com" --company Acme --title CTO --industry software >/dev/null 2>>"$T/err$1" || echo "add failed: $?" >>"$T/err$1"
		"$LEADCTL_BIN" event "w$1-$i@acme.com" demo_request >/dev/null 2>>"$T/err$1" || echo "event failed: $?" >>"$T/err$1"
		"$LEADCTL_BIN" event "w$1-$i@acme.com" webinar_attended >/dev/null 2>>"$T/err$1" || echo "event failed: $?" >>"$T/err$1"
		i=$((i + 1))
	done
}
reader() {
	i=0
	while [ $i -lt 40 ]; do
		"$LEADCTL_BIN" list --limit 5 >/dev/null 2>>"$T/err_r" || echo "list failed: $?" >>"$T/err_r"
		i=$((i + 1))
	done
}
writer 1 &
writer 2 &
writer 3 &
reader &
wait
for f in "$T/err1" "$T/err2" "$T/err3" "$T/err_r"; do
	STEP="concurrent $(basename "$f")"
	if [ -s "$f" ]; then fail "$(head -3 "$f")"; else ok; fi
done
expect_sql "SELECT count(*) FROM leads" "120"
expect_sql "SELECT count(*) FROM events WHERE type = 'demo_request'" "120"
# Round robin never gave the same turn twice: CTO (+20) in software (+15),
# demo (+50) and webinar (+25) = 110 -> MQL; no employees -> rule
# unknown_size, pool inbound [marta, jon, luis]: 120 turns, 40 each.
expect_sql "SELECT owner, count(*) FROM leads WHERE stage = 'mql' GROUP BY owner ORDER BY owner" "jon|40
luis|40
marta|40"

# A writer that holds the lock for 7 s: another writer waits its busy
# timeout (LEADCTL_BUSY_TIMEOUT, 3 s here; 30 s by default), then exits 75
# with one line, and its change is not made.
python3 - "$LEADCTL_DB" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
time.sleep(7)
c.execute("ROLLBACK")
PY
sleep 1
LEADCTL_BUSY_TIMEOUT=3000 run add --email late@acme.com
expect_rc 75
expect_err_lines 1
expect_err_has "is busy (another process kept it locked for 3 s): try again"
wait
expect_sql "SELECT count(*) FROM leads WHERE email = 'late@acme.com'" "0"
# A bad busy timeout is a configuration error, not a silent default.
LEADCTL_BUSY_TIMEOUT=soon run list
expect_rc 78
expect_err "leadctl: bad LEADCTL_BUSY_TIMEOUT 'soon': expected milliseconds from 0 to 3600000 (e.g. 30000)"
# Readers are not blocked by a writer (WAL).
run list --limit 1 --format json
expect_rc 0
finish
