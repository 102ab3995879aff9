#!/bin/sh
# Every index on leads is used by a query the code runs (issue 13: "indexes
# on leads reviewed: each must be used by a query, shown by EXPLAIN QUERY
# PLAN in a test").  For each index: the statement (checked to still be in
# the source file named) and its plan, which must search that index.  An
# index on leads that is not in this list fails the test: a new index comes
# with the query that needs it.  Migration 023 dropped the three no query
# used (leads_phone, leads_external_id, leads_stage_owner).
. "$(dirname "$0")/import_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z

new_db
awk 'BEGIN { print "Email,Company,Lead Source,Campaign,Employees"; for (i = 0; i < 300; i++) printf "ix%d@kite%d.example,Kite %d,%s,c%d,%d\n", i, i % 30, i % 30, i % 2 ? "webinar" : "partner", i % 7, 10 * i }' >ix.csv
run import ix.csv
expect_rc 0
sqlite3 -batch "$LEADCTL_DB" "ANALYZE"

# uses INDEX FILE 'STATEMENT' [FRAGMENT]: STATEMENT (or, for a statement the
# code assembles, FRAGMENT) is in src/FILE, and its plan searches INDEX.
uses() {
	ix=$1 file=$2 q=$3 frag=${4:-$3}
	STEP="$ix: $q"
	grep -qF -- "$frag" "$LEADCTL_SRC/src/$file" && ok || fail "src/$file no longer has: $frag"
	plan=$(sqlite3 -batch "$LEADCTL_DB" "EXPLAIN QUERY PLAN $q" 2>&1)
	case $plan in
	*"INDEX $ix "* | *"INDEX $ix") ok ;;
	*) fail "plan does not use $ix: $plan" ;;
	esac
}
# next, routing: an owner's open book (capacity)
uses leads_owner_stage store_engine.c "SELECT count(*) FROM leads WHERE owner = ?1 AND stage IN ('new', 'mql', 'sql')"
# forget --expired, sla check's stalled leads: a stage quiet since a time
uses leads_stage_activity store_privacy.c "SELECT id FROM leads l WHERE stage = ?1 AND activity_at < ?2" \
	"SELECT id FROM leads l WHERE stage = ?1 AND activity_at < ?2"
# sla simulate --since: the leads created since a time (store_lead_ids_since)
uses leads_created store_lead.c "SELECT id FROM leads WHERE created_at >= ?1 ORDER BY created_at, id"
# list --account, --source, --campaign (store_view.c appends the filters given)
list="SELECT l.id FROM leads l LEFT JOIN accounts a ON a.id = l.account_id WHERE 1"
uses leads_account store_view.c "$list AND l.account_id = ?5 ORDER BY l.id ASC" " AND l.account_id = ?5"
uses leads_source store_view.c "$list AND l.source = ?3 ORDER BY l.id ASC" " AND l.source = ?3"
uses leads_campaign store_view.c "$list AND l.campaign = ?4 ORDER BY l.id ASC" " AND l.campaign = ?4"
# the e-mail's UNIQUE constraint has its own index: one lead per address
STEP="sqlite_autoindex_leads_1: UNIQUE (email)"
if sqlite3 -batch "$LEADCTL_DB" "UPDATE leads SET email = 'ix1@kite1.example' WHERE email = 'ix2@kite2.example'" 2>"$T/e"; then
	fail "a second lead took an address"
else
	grep -q "UNIQUE constraint failed: leads.email" "$T/e" && ok || fail "$(cat "$T/e")"
fi
# and no other index
expect_sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leads' ORDER BY name)" \
	"leads_account leads_campaign leads_created leads_owner_stage leads_source leads_stage_activity sqlite_autoindex_leads_1"
finish
