#!/bin/sh
# Migrations are numbered per change and may land out of order (013 before
# 006): each applied one is recorded in meta as 'migration:NNN', a database
# made under the old contiguous rule (user_version = count, no such rows) is
# recognised, a migration missing below user_version is still applied, and
# one the binary does not know is refused as newer.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-29T10:00:00Z
run init
expect_rc 0
v=$(sql "PRAGMA user_version")
n=$(sql "SELECT count(*) FROM meta WHERE key GLOB 'migration:*'")
expect_sql "SELECT value FROM meta WHERE key = 'migration:001'" "001_core.sql"
expect_sql "SELECT value FROM meta WHERE key = 'migration:013'" "013_privacy.sql"
[ "$v" -ge 13 ] && ok || fail "user_version $v, expected the highest number applied"
run add --email ada.lind@spruce.example
expect_rc 0
# (No SLA here: forget --expired has no retention to apply.)
run forget --expired
expect_rc 78
expect_err "leadctl: forget --expired: no SLA is installed, so there is no retention: install one with a \"retention\" section (docs/sla.md) with 'leadctl sla use FILE'"

# A database of the old rule at 005: no rows, user_version 5, 013 not there.
sqlite3 "$LEADCTL_DB" "DELETE FROM meta WHERE key GLOB 'migration:*'; DROP TABLE suppressions; DROP TABLE erasures;
	DROP TABLE consent; ALTER TABLE touches DROP COLUMN consent_override; PRAGMA user_version = 5;
	ALTER TABLE route_cursors DROP COLUMN last_member; ALTER TABLE route_cursors DROP COLUMN members;
	DROP INDEX breaches_unreported; ALTER TABLE breaches DROP COLUMN reported_at;
	ALTER TABLE breaches DROP COLUMN claimed_pid; ALTER TABLE breaches DROP COLUMN lead_stage;
	ALTER TABLE breaches DROP COLUMN lead_activity_at; ALTER TABLE breaches DROP COLUMN attempts_made;
	ALTER TABLE breaches DROP COLUMN attempts_owed; ALTER TABLE breaches DROP COLUMN sla_version;
	ALTER TABLE leads DROP COLUMN score_at;"
run add --email bo.lind@spruce.example
expect_rc 78
expect_err "leadctl: database '$LEADCTL_DB' has schema version 5, older than this leadctl's $v: run 'leadctl init' to upgrade it"
run init
expect_rc 0
expect_sql "SELECT value FROM meta WHERE key = 'migration:005'" "005_next.sql"
expect_sql "SELECT count(*) FROM meta WHERE key GLOB 'migration:*'" "$n"
expect_sql "SELECT count(*) FROM consent" "0"
expect_sql "SELECT email FROM leads" "ada.lind@spruce.example"

# A migration below user_version that is missing (it landed later) is applied.
sqlite3 "$LEADCTL_DB" "DELETE FROM meta WHERE key = 'migration:013'; DROP TABLE suppressions; DROP TABLE erasures;
	DROP TABLE consent; ALTER TABLE touches DROP COLUMN consent_override;"
run doctor
expect_rc 78
expect_err_has "older than this leadctl's"
run init
expect_rc 0
expect_sql "SELECT count(*) FROM consent" "0"
run add --email bo.lind@spruce.example --do-not-call yes
expect_rc 0
expect_sql "SELECT do_not_call FROM consent" "1"

# A migration this binary does not know: a newer leadctl wrote it.
sqlite3 "$LEADCTL_DB" "INSERT INTO meta(key, value) VALUES ('migration:999', '999_future.sql')"
run doctor
expect_rc 78
expect_err "leadctl: database '$LEADCTL_DB' has schema version $v, newer than this leadctl's $v: upgrade leadctl"

finish
