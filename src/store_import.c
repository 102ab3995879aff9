/* store_import: the import log, before-images and undo (see store.h).
 *
 * An import records, before it writes anything, the highest rowid of every
 * table it may write ("marks") and the round-robin cursors.  Undo relies
 * on them: every row above the marks that belongs to a lead of the import
 * was written by it, and any row above the marks that belongs to someone
 * else, or that came after the import, means later work would be lost. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "leadctl/consent.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"

static const char *const marked_tables[] = { "leads",       "accounts", "owners",      "stage_history",
	                                     "touches",     "events",   "assignments", "field_changes",
	                                     "obligations", "breaches", "merges",      "lead_identities" };
#define NMARKED (sizeof marked_tables / sizeof marked_tables[0])

/* max(rowid) of table t (a name from marked_tables, never user text). */
static int max_rowid(struct lc_db *db, const char *t, int64_t *out)
{
	char sql[96];
	int ok;

	snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) FROM %s", t);
	*out = db_query_int(db, sql, &ok);
	return ok ? 0 : LC_SOFTWARE;
}

int store_import_begin(struct lc_db *db, const char *file, const char *sha, const char *options_json,
                       const struct lc_change *c, int64_t *id)
{
	cJSON *opts = options_json ? cJSON_Parse(options_json) : cJSON_CreateObject(), *marks = NULL,
	      *cursors, *turns;
	sqlite3_stmt *st;
	char *text = NULL;
	size_t i;
	int rc;

	/* Every cJSON call that fails (out of memory) counts: the marks are what
	 * `import undo` relies on, so a log with one missing is never written. */
	int nomem = 0;

	nomem += !opts || !(marks = cJSON_AddObjectToObject(opts, "marks"));
	for (i = 0; i < NMARKED; i++) {
		int64_t m;
		if ((rc = max_rowid(db, marked_tables[i], &m)))
			goto cleanup;
		nomem += !cJSON_AddNumberToObject(marks, marked_tables[i], (double)m);
	}
	/* route_cursors: pool -> position (as older versions wrote it);
	 * route_turns: pool -> {last, members} (migration 008). */
	nomem += !(cursors = cJSON_AddObjectToObject(opts, "route_cursors"));
	nomem += !(turns = cJSON_AddObjectToObject(opts, "route_turns"));
	st = db_stmt(db, "SELECT pool, position, last_member, members FROM route_cursors ORDER BY pool");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *pool = (const char *)sqlite3_column_text(st, 0);
		cJSON *t = cJSON_AddObjectToObject(turns, pool);
		nomem += !t || !cJSON_AddNumberToObject(cursors, pool, (double)sqlite3_column_int64(st, 1));
		if (t && sqlite3_column_type(st, 2) == SQLITE_TEXT)
			nomem +=
			        !cJSON_AddStringToObject(t, "last", (const char *)sqlite3_column_text(st, 2));
		if (t && sqlite3_column_type(st, 3) == SQLITE_TEXT)
			nomem += !cJSON_AddStringToObject(t, "members",
			                                  (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "reading round-robin cursors");
		goto cleanup;
	}
	text = nomem ? NULL : cJSON_PrintUnformatted(opts);
	if (!text) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	st = db_stmt(db, "INSERT INTO imports(file_name, sha256, started_at, actor, options) VALUES (?1, ?2, "
	                 "?3, ?4, ?5)");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	db_bind_text(st, 1, file);
	db_bind_text(st, 2, sha);
	sqlite3_bind_int64(st, 3, c->at);
	db_bind_text(st, 4, c->actor);
	db_bind_text(st, 5, text);
	if ((rc = db_step_done(db, st, "logging the import")))
		goto cleanup;
	*id = sqlite3_last_insert_rowid(db->h);
cleanup:
	free(text);
	cJSON_Delete(opts);
	return rc;
}

int store_import_find_sha(struct lc_db *db, const char *sha, int64_t *id, lc_time *at)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, started_at FROM imports WHERE sha256 = ?1 AND undone_at IS NULL "
	                    "ORDER BY id DESC LIMIT 1");
	int rc;

	*id = 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, sha);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the import log");
}

int store_import_touch_lead(struct lc_db *db, int64_t import_id, int64_t lead, int created)
{
	sqlite3_stmt *st;

	if (created)
		st = db_stmt(db, "INSERT OR IGNORE INTO import_leads(import_id, lead_id, action, before) "
		                 "VALUES (?1, ?2, 'created', NULL)");
	else
		st = db_stmt(
		        db,
		        "INSERT OR IGNORE INTO import_leads(import_id, lead_id, action, before) "
		        "SELECT ?1, id, 'updated', json_object('email', email, 'external_id', external_id, "
		        "'phone', phone, 'first_name', first_name, 'last_name', last_name, 'title', title, "
		        "'company', company, 'website', website, 'country', country, 'industry', industry, "
		        "'employees', employees, 'source', source, 'campaign', campaign, 'owner', owner, "
		        "'stage', stage, 'stage_at', stage_at, 'score', printf('%!.17g', score), 'score_at', "
		        "score_at, "
		        "'account_id', account_id, 'custom', custom, 'created_at', created_at, "
		        "'updated_at', updated_at, 'activity_at', activity_at, "
		        "'obligations', json((SELECT json_group_array(json_array(id, first_touch_at, "
		        "attempts_made, "
		        "state, next_due_at, closed_at)) FROM obligations WHERE lead_id = ?2)), "
		        "'breaches', json((SELECT json_group_array(json_array(id, resolved_at, action)) FROM "
		        "breaches "
		        "WHERE lead_id = ?2))) FROM leads WHERE id = ?2");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, import_id);
	sqlite3_bind_int64(st, 2, lead);
	return db_step_done(db, st, "recording a before-image");
}

int store_import_finish(struct lc_db *db, int64_t id, const struct lc_import_counts *n)
{
	sqlite3_stmt *st = db_stmt(
	        db, "UPDATE imports SET rows_read = ?2, created = ?3, updated = ?4, unchanged = ?5, "
	            "rejected = ?6, qualified = (SELECT count(*) FROM stage_history WHERE import_id = ?1 "
	            "AND origin = 'sla' AND to_stage = 'mql') WHERE id = ?1");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, n->rows);
	sqlite3_bind_int64(st, 3, n->created);
	sqlite3_bind_int64(st, 4, n->updated);
	sqlite3_bind_int64(st, 5, n->unchanged);
	sqlite3_bind_int64(st, 6, n->rejected);
	return db_step_done(db, st, "logging the import");
}

int store_import_qualified(struct lc_db *db, int64_t id, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT qualified FROM imports WHERE id = ?1");
	int rc;

	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading the import log");
}

int store_event_exists(struct lc_db *db, int64_t lead, const char *type, lc_time at, int *exists)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM events WHERE lead_id = ?1 AND type = ?2 AND at = ?3");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_static(st, 2, type);
	sqlite3_bind_int64(st, 3, at);
	rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading events");
}

int store_import_each(struct lc_db *db, int (*fn)(void *arg, const cJSON *row), void *arg)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, file_name, sha256, started_at, actor, rows_read, created, updated, "
	                    "unchanged, rejected, qualified, undone_at FROM imports ORDER BY id");
	int rc, stop = 0;

	if (!st)
		return LC_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();
		char buf[32];
		static const char *const keys[] = { "rows",      "created",  "updated",
			                            "unchanged", "rejected", "qualified" };
		int k;
		cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
		cJSON_AddStringToObject(o, "file", (const char *)sqlite3_column_text(st, 1));
		cJSON_AddStringToObject(o, "sha256", (const char *)sqlite3_column_text(st, 2));
		clock_format_utc(sqlite3_column_int64(st, 3), buf, sizeof buf);
		cJSON_AddStringToObject(o, "at", buf);
		cJSON_AddStringToObject(o, "actor", (const char *)sqlite3_column_text(st, 4));
		for (k = 0; k < 6; k++)
			cJSON_AddNumberToObject(o, keys[k], (double)sqlite3_column_int64(st, 5 + k));
		if (sqlite3_column_type(st, 11) == SQLITE_NULL) {
			cJSON_AddNullToObject(o, "undone_at");
		} else {
			clock_format_utc(sqlite3_column_int64(st, 11), buf, sizeof buf);
			cJSON_AddStringToObject(o, "undone_at", buf);
		}
		stop = fn(arg, o);
		cJSON_Delete(o);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the import log");
	return stop;
}

/* The mark of table t in an import's marks (see MARK). */
static int64_t mark_of(const cJSON *marks, const char *t)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(marks, t);

	return cJSON_IsNumber(m) ? (int64_t)m->valuedouble : INT64_MAX;
}

/* Run a statement with ?1 = import id, ?2 = a mark; count rows it returns. */
static int count_query(struct lc_db *db, const char *sql, int64_t import_id, int64_t mark, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, import_id);
	sqlite3_bind_int64(st, 2, mark);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "checking for later changes");
}

int store_import_undo(struct lc_db *db, int64_t id, lc_time now, int64_t *leads_removed,
                      int64_t *leads_restored)
{
	/* Rows written after the import that touch its leads, or any lead
	 * created after it: undoing would lose them. */
	static const char *const later[] = {
		"SELECT count(*) FROM imports WHERE id > ?1 AND undone_at IS NULL",
	};
	static const char *const dependent[][2] = {
		/* The SLA's own moves (a recycle after its own breach, origin
		 * sla) are not later work: they go with the import, like the
		 * breaches and obligations they follow from (docs/import.md §8). */
		{ "stage_history", "SELECT count(*) FROM stage_history WHERE rowid > ?2 AND (import_id IS "
		                   "NULL OR import_id <> ?1) AND origin <> 'sla' "
		                   "AND lead_id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1)" },
		{ "touches", "SELECT count(*) FROM touches WHERE rowid > ?2 AND lead_id IN (SELECT lead_id "
		             "FROM import_leads "
		             "WHERE import_id = ?1)" },
		{ "events", "SELECT count(*) FROM events WHERE rowid > ?2 AND (import_id IS NULL OR "
		            "import_id <> ?1) AND "
		            "lead_id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1)" },
		{ "field_changes",
		  "SELECT count(*) FROM field_changes WHERE rowid > ?2 AND (import_id IS NULL OR import_id "
		  "<> ?1) AND lead_id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1)" },
		{ "merges", "SELECT count(*) FROM merges WHERE rowid > ?2" },
		{ "lead_identities",
		  "SELECT count(*) FROM lead_identities WHERE rowid > ?2 AND (import_id IS NULL OR import_id "
		  "<> ?1) AND lead_id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1)" },
		{ "assignments",
		  "SELECT count(*) FROM assignments WHERE rowid > ?2 AND origin = 'cli' AND lead_id IN "
		  "(SELECT lead_id FROM import_leads WHERE import_id = ?1)" },
	};
	static const char *const purge[] = {
		"DELETE FROM breaches WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads "
		"WHERE "
		"import_id = ?1)",
		"DELETE FROM obligations WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads "
		"WHERE "
		"import_id = ?1)",
		"DELETE FROM assignments WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads "
		"WHERE "
		"import_id = ?1)",
		"DELETE FROM field_changes WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads "
		"WHERE import_id = ?1)",
		"DELETE FROM events WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads WHERE "
		"import_id = ?1)",
		"DELETE FROM stage_history WHERE rowid > ?2 AND lead_id IN (SELECT lead_id FROM import_leads "
		"WHERE import_id = ?1)",
		"DELETE FROM lead_identities WHERE rowid > ?2 AND import_id = ?1",
	};
	static const char *const purge_tables[] = { "breaches",       "obligations", "assignments",
		                                    "field_changes",  "events",      "stage_history",
		                                    "lead_identities" };
	static const char *const restore_in_place[] = {
		"UPDATE obligations SET first_touch_at = o.value->>1, attempts_made = o.value->>2, state = "
		"o.value->>3, "
		"next_due_at = o.value->>4, closed_at = o.value->>5 FROM (SELECT j.value FROM import_leads "
		"il, "
		"json_each(il.before, '$.obligations') j WHERE il.import_id = ?1 AND il.action = 'updated') "
		"AS o "
		"WHERE obligations.id = o.value->>0",
		"UPDATE breaches SET resolved_at = b.value->>1, action = b.value->>2 FROM (SELECT j.value "
		"FROM "
		"import_leads il, json_each(il.before, '$.breaches') j WHERE il.import_id = ?1 AND il.action "
		"= "
		"'updated') "
		"AS b WHERE breaches.id = b.value->>0",
	};
	sqlite3_stmt *st;
	cJSON *opts = NULL, *marks, *cursors, *it;
	char *text = NULL;
	int64_t n, mark;
	size_t i;
	int rc, undone;

	*leads_removed = *leads_restored = 0;
	st = db_stmt(db, "SELECT options, undone_at IS NOT NULL FROM imports WHERE id = ?1");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		text = db_col_strdup(st, 0);
		undone = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return diag_error(LC_NOINPUT, "import undo: no import %" PRId64 ": see 'leadctl import list'",
		                  id);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, "reading the import log");
	if (undone) {
		free(text);
		return diag_error(LC_DATAERR, "import undo: import %" PRId64 " was already undone", id);
	}
	opts = text ? cJSON_Parse(text) : NULL;
	free(text);
	marks = cJSON_GetObjectItemCaseSensitive(opts, "marks");
	if (!cJSON_IsObject(marks)) {
		cJSON_Delete(opts);
		return diag_error(LC_DATAERR, "import undo: import %" PRId64 " has no undo information", id);
	}
	/* Every mark must be there: a missing one (a log written by another
	 * version, or edited by hand) cannot be read as 0, which would take
	 * every row of that table for the import's own.  Only lead_identities
	 * (migration 006) may be missing: an import logged before it existed
	 * wrote none (mark_of reads INT64_MAX: nothing above it). */
	for (i = 0; i < NMARKED; i++)
		if (strcmp(marked_tables[i], "lead_identities") != 0 &&
		    !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(marks, marked_tables[i]))) {
			rc = diag_error(LC_DATAERR,
			                "import undo: import %" PRId64 "'s undo log has no mark for table "
			                "'%s' (written by another version?): undo refused, nothing changed",
			                id, marked_tables[i]);
			cJSON_Delete(opts);
			return rc;
		}
#define MARK(t) mark_of(marks, (t))
	if ((rc = count_query(db, later[0], id, 0, &n)))
		goto cleanup;
	if (n) {
		rc = diag_error(LC_DATAERR,
		                "import undo: %" PRId64 " later import%s not undone: undo %s first "
		                "(newest first; see 'leadctl import list')",
		                n, n == 1 ? " is" : "s are", n == 1 ? "it" : "them");
		goto cleanup;
	}
	for (i = 0; i < sizeof dependent / sizeof dependent[0]; i++) {
		if ((rc = count_query(db, dependent[i][1], id, MARK(dependent[i][0]), &n)))
			goto cleanup;
		if (n) {
			rc = diag_error(LC_DATAERR,
			                "import undo: %" PRId64 " later change%s in %s would be lost: "
			                "undo refused, nothing changed",
			                n, n == 1 ? "" : "s", dependent[i][0]);
			goto cleanup;
		}
	}
	/* Consent lives beside the lead row: put back what the import changed
	 * while its field_changes rows still say what that was. */
	if ((rc = store_consent_undo_import(db, id)))
		goto cleanup;
	for (i = 0; i < sizeof purge / sizeof purge[0]; i++) {
		if (!(st = db_stmt(db, purge[i]))) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, MARK(purge_tables[i]));
		if ((rc = db_step_done(db, st, "undoing an import")))
			goto cleanup;
	}
	/* Restore updated leads from their before-images. */
	st = db_stmt(
	        db,
	        "UPDATE leads SET (email, external_id, phone, first_name, last_name, title, company, "
	        "website, "
	        "country, industry, employees, source, campaign, owner, stage, stage_at, score, score_at, "
	        "account_id, custom, "
	        "created_at, updated_at, activity_at) = (SELECT b->>'email', b->>'external_id', b->>'phone', "
	        "b->>'first_name', b->>'last_name', b->>'title', b->>'company', b->>'website', "
	        "b->>'country', "
	        "b->>'industry', b->>'employees', b->>'source', b->>'campaign', b->>'owner', b->>'stage', "
	        "b->>'stage_at', CAST(b->>'score' AS REAL), b->>'score_at', b->>'account_id', b->>'custom', "
	        "b->>'created_at', "
	        "b->>'updated_at', b->>'activity_at' FROM (SELECT before AS b FROM import_leads WHERE "
	        "import_id "
	        "= ?1 AND lead_id = "
	        "leads.id)) WHERE id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1 AND action = "
	        "'updated')");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st, "restoring updated leads")))
		goto cleanup;
	*leads_restored = sqlite3_changes(db->h);
	/* Obligations and breaches of updated leads, as they were (the
	 * import may have closed, counted or resolved them in place). */
	for (i = 0; i < sizeof restore_in_place / sizeof restore_in_place[0]; i++) {
		if (!(st = db_stmt(db, restore_in_place[i]))) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_step_done(db, st, "restoring obligations")))
			goto cleanup;
	}
	st = db_stmt(
	        db,
	        "DELETE FROM leads WHERE id IN (SELECT lead_id FROM import_leads WHERE import_id = ?1 AND "
	        "action = 'created')");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st, "removing created leads")))
		goto cleanup;
	*leads_removed = sqlite3_changes(db->h);
	/* Accounts and owners the import created and nothing uses any more. */
	mark = MARK("accounts");
	st = db_stmt(db, "DELETE FROM accounts WHERE rowid > ?2 AND ?1 = ?1 AND id NOT IN (SELECT account_id "
	                 "FROM leads "
	                 "WHERE account_id IS NOT NULL)");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, mark);
	if ((rc = db_step_done(db, st, "removing accounts")))
		goto cleanup;
	st = db_stmt(
	        db,
	        "DELETE FROM owners WHERE rowid > ?2 AND ?1 = ?1 AND name NOT IN (SELECT owner FROM leads "
	        "WHERE "
	        "owner IS NOT NULL) AND name NOT IN (SELECT owner FROM assignments WHERE owner IS NOT NULL)");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, MARK("owners"));
	if ((rc = db_step_done(db, st, "removing owners")))
		goto cleanup;
	/* Round-robin cursors as they were (left alone when the log has none). */
	cursors = cJSON_GetObjectItemCaseSensitive(opts, "route_cursors");
	if (cJSON_IsObject(cursors) &&
	    (rc = db_exec(db, "DELETE FROM route_cursors", "restoring round-robin cursors")))
		goto cleanup;
	cJSON_ArrayForEach(it, cursors)
	{
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(
		        cJSON_GetObjectItemCaseSensitive(opts, "route_turns"), it->string);
		const cJSON *last = cJSON_GetObjectItemCaseSensitive(t, "last");
		const cJSON *members = cJSON_GetObjectItemCaseSensitive(t, "members");
		st = db_stmt(db, "INSERT INTO route_cursors(pool, position, last_member, members) "
		                 "VALUES (?1, ?2, ?3, ?4)");
		if (!st) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		db_bind_text(st, 1, it->string);
		sqlite3_bind_int64(st, 2, (int64_t)it->valuedouble);
		db_bind_text(st, 3, cJSON_IsString(last) ? last->valuestring : NULL);
		db_bind_text(st, 4, cJSON_IsString(members) ? members->valuestring : NULL);
		if ((rc = db_step_done(db, st, "restoring round-robin cursors")))
			goto cleanup;
	}
	/* The spend rows of a spend import (spend import FILE). */
	st = db_stmt(db, "DELETE FROM spend WHERE import_id = ?1");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st, "removing spend")))
		goto cleanup;
	st = db_stmt(db, "UPDATE imports SET undone_at = ?2 WHERE id = ?1");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	rc = db_step_done(db, st, "logging the undo");
#undef MARK
cleanup:
	cJSON_Delete(opts);
	return rc;
}

int store_lead_activity_floor(struct lc_db *db, int64_t lead, lc_time at)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE leads SET activity_at = ?2 WHERE id = ?1 AND "
	                               "(activity_at IS NULL OR activity_at < ?2)");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, at);
	return db_step_done(db, st, "updating the lead's activity");
}

int store_import_options(struct lc_db *db, int64_t id, char **json)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT options FROM imports WHERE id = ?1");
	int rc;

	*json = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && !(*json = db_col_strdup(st, 0)) && sqlite3_column_type(st, 0) != SQLITE_NULL)
		rc = SQLITE_NOMEM;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the import log");
}

int store_import_created_lead(struct lc_db *db, const char *sha, int64_t lead, int *yes)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM import_leads il JOIN imports i ON i.id = il.import_id "
	                               "WHERE i.sha256 = ?1 AND i.undone_at IS NULL AND il.lead_id = ?2 "
	                               "AND il.action = 'created' LIMIT 1");
	int rc;

	*yes = 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, sha);
	sqlite3_bind_int64(st, 2, lead);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the import log");
}
