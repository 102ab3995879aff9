#!/bin/sh
# Round-robin survives pool changes (issue 11): the rotation is kept by the
# member served last, so a new SLA version that shrinks, reorders or grows
# the pool skips nobody and serves nobody twice in a row; a removed member's
# turn passes to whoever followed them.
. "$(dirname "$0")/lib.sh"

# sla_with MEMBERS VERSION: an SLA whose pool 'desk' is MEMBERS (a JSON list)
sla_with() {
	cat >"$T/sla$2.json" <<JSON
{"version": 1, "name": "rr$2", "timezone": "UTC",
 "business_hours": {"fri": {"open": "07:00", "close": "15:00"}},
 "qualification": {"behavior": [{"name": "trial", "event": "trial_started", "points": 5}], "mql_threshold": 5},
 "response": [],
 "routing": [{"name": "desk", "pool": "desk"}],
 "pools": {"desk": {"members": $1}},
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
}
# lead N: a new lead that qualifies (and is routed) at once
n=0
lead() {
	n=$((n + 1))
	run add --email "p$n@sigma$n.example"
	run event "p$n@sigma$n.example" trial_started
	expect_rc 0
}
owners() { sql "SELECT group_concat(owner, ' ') FROM (SELECT owner FROM leads ORDER BY id)"; }

export LEADCTL_NOW=2026-07-03T09:00:00Z
sla_with '["uma", "vic", "wes", "xia"]' 1
run init --sla "$T/sla1.json"
lead; lead                          # uma, vic
# vic and wes leave: vic's turn passes to wes, who has left too, so to xia
sla_with '["uma", "xia"]' 2
run sla use "$T/sla2.json"
expect_rc 0
lead; lead; lead                    # xia, uma, xia
[ "$(owners)" = "uma vic xia uma xia" ] && ok || fail "after the pool shrank: $(owners)"
expect_sql "SELECT last_member, members FROM route_cursors WHERE pool = 'desk'" 'xia|["uma","xia"]'
# reordered and grown: after xia comes yan in the new order, then uma, xia
sla_with '["xia", "yan", "uma"]' 3
run sla use "$T/sla3.json"
lead; lead; lead                    # yan, uma, xia
[ "$(owners)" = "uma vic xia uma xia yan uma xia" ] && ok || fail "after the pool was reordered: $(owners)"

# an import that routes is undone: the turn is back where it was
printf 'Email,Trial\np9@sigma9.example,2026-07-03T08:00:00Z\n' >"$T/one.csv"
printf '{"columns": {"Trial": "event:trial_started"}}\n' >"$T/map.json"
run import "$T/one.csv" --map "$T/map.json"
expect_rc 0
expect_sql "SELECT owner FROM leads WHERE email = 'p9@sigma9.example'" "yan"
run import undo 1
expect_rc 0
expect_sql "SELECT last_member, members FROM route_cursors WHERE pool = 'desk'" 'xia|["xia","yan","uma"]'
lead
expect_sql "SELECT owner FROM leads WHERE email = 'p$n@sigma$n.example'" "yan"

# a cursor written by an older version (no last member): its index is read
sql "UPDATE route_cursors SET last_member = NULL, members = NULL, position = 2"
lead
expect_sql "SELECT owner FROM leads WHERE email = 'p$n@sigma$n.example'" "uma"
finish
