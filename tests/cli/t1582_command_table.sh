#!/bin/sh
# The command table acts (issue 13): a command flagged CMD_TX runs in one
# write transaction that the dispatcher opens and ends, its lead reference
# resolved once, and what it prints appears only once the transaction
# committed.  Here the commit itself fails (the file-size limit is reached
# while the WAL is written): nothing is printed on stdout -- not the new
# lead's number, not "recorded" -- one line says why, exit 74, and the
# database is unchanged.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-08-03T09:00:00Z
run init --sla "$LEADCTL_SRC/sla.example.json"
expect_rc 0
run add --email ana@acme.example --company Acme
expect_rc 0
expect_out "1"

# A reader holds a snapshot, so that the WAL is not restarted: each commit
# appends to it.
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM leads").fetchall()
open(sys.argv[2], "w").close()
time.sleep(60)' "$LEADCTL_DB" "$T/reading" &
READER=$!
trap 'kill $READER 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -e "$T/reading" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
for n in 2 3 4 5 6; do run add --email "p$n@acme.example" --company Acme; done
expect_rc 0
wal=$(wc -c <"$LEADCTL_DB-wal")
[ "$wal" -gt 8192 ] && ok || fail "the WAL did not grow ($wal bytes)"
limit=$((wal / 512)) # 512-byte blocks: the next frame is past the limit
dump before

# add, touch, event, stage: each prints only after its commit.
for cmd in "add --email new@acme.example" "touch 1 --channel call --outcome connected" \
	"event 1 demo_request" "stage 1 mql" "assign 1 jon" "edit 1 --title CTO"; do
	# shellcheck disable=SC2086
	(ulimit -f $limit && exec "$LEADCTL_BIN" $cmd >"$T/out" 2>"$T/err")
	RC=$?
	STEP="leadctl $cmd (ulimit -f $limit)"
	expect_rc 74
	expect_out_empty
	expect_err_has "file too large"
	expect_err_lines 1
done
dump after
expect_same_dump before after

# Without the limit the same commands commit and say so.
run touch 1 --channel call --outcome connected
expect_rc 0
expect_out "lead 1: touch 1 recorded (call, connected)"
expect_sql "SELECT count(*) FROM touches" "1"
kill $READER 2>/dev/null

# fenced FENCE PATTERN WHY: FENCE DIR prints "file:line: text" for every
# line of DIR/src/cmd_*.c (but those it lists after PATTERN's name as
# exceptions) matching PATTERN; the real tree must have none.
fence_lines() {
	(cd "$1" && for f in src/cmd_*.c; do
		[ -e "$f" ] || continue
		case " $3 " in *" ${f#src/} "*) continue ;; esac
		grep -nE "$2" "$f" | sed "s|^|$f:|"
	done)
}
# planted FENCE FILE LINE: a copy of src/cmd_*.c with LINE added to FILE
# is caught by FENCE.
planted() {
	STEP="planted in $2: $3"
	rm -rf "$T/tree"
	mkdir -p "$T/tree/src"
	cp "$LEADCTL_SRC"/src/cmd_*.c "$T/tree/src/"
	printf '%s\n' "$3" >>"$T/tree/src/$2"
	"$1" "$T/tree" >"$T/out"
	grep -q "^src/$2:" "$T/out" && ok || fail "not caught"
}
# clean FENCE WHAT: the source tree passes FENCE.
clean() {
	STEP="no $2 in a command body"
	"$1" "$LEADCTL_SRC" >"$T/out"
	[ ! -s "$T/out" ] && ok || fail "$2 in a command body: $(cat "$T/out")"
}

# No command body opens, ends or nests a transaction: that is the
# dispatcher's (CMD_TX) or a store function's that owns a phase
# (CMD_PHASED).  cmd_import.c alone still does, in its apply phase, until
# that phase moves into the store (issue 13, set-based import).
txfence() {
	fence_lines "$1" '(^|[^A-Za-z0-9_])db_(begin|commit|rollback|rollback_to|savepoint|release)[[:space:]]*\(' \
		cmd_import.c
}
clean txfence "a transaction (flag the command CMD_TX, or move the phase into a store function)"
for plant in '	if ((rc = db_begin(ctx->db)))' '	rc = db_commit(ctx->db);' '		db_rollback(ctx->db);' \
	'	db_savepoint(ctx->db, "x");'; do
	planted txfence cmd_privacy.c "$plant"
done
STEP="a store function may own a transaction"
printf 'int f(struct lc_db *db) { return db_begin(db) || db_commit(db); }\n' >"$T/tree/src/store_x.c"
txfence "$T/tree" >"$T/out"
! grep -q store_x "$T/out" && ok || fail "store_x.c flagged"

# No command body resolves its own lead: the dispatcher does, from the
# table's CMD_LEAD / CMD_LEAD2 / CMD_LEADS (cmd_lead_ref, in cmdutil.c).
# Completion reads the lead of the command line it completes as that
# command would (cmd_lead_ref_as), which is not a target of its own.
leadfence() {
	fence_lines "$1" '(^|[^A-Za-z0-9_])(store_lead_resolve[a-z_]*|cmd_lead_ref)[[:space:]]*\(' ""
}
clean leadfence "lead resolved (flag the command CMD_LEAD, CMD_LEAD2 or CMD_LEADS)"
for plant in '	rc = store_lead_resolve(ctx->db, args->pos[0], &id);' \
	'	rc = store_lead_resolve_ref(ctx->db, ref, 0, &id);' '	rc = cmd_lead_ref(ctx, args->pos[1], &id);'; do
	planted leadfence cmd_lead.c "$plant"
done
finish
