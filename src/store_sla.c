/* store_sla: SLA versions in the database, and the phases of `sla use`
 * (see store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"

int store_sla_install(struct lc_db *db, const char *name, const char *content, const char *sha256,
                      const char *source_file, const struct lc_change *c, int *version, int *unchanged)
{
	sqlite3_stmt *st;
	int rc;

	*unchanged = 0;
	st = db_stmt(db, "SELECT version, sha256 FROM sla_versions ORDER BY version DESC LIMIT 1");
	if (!st)
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 1), sha256) == 0) {
		*version = sqlite3_column_int(st, 0);
		*unchanged = 1;
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the SLA in force");
	st = db_stmt(db,
	             "INSERT INTO sla_versions(version, name, content, sha256, source_file, installed_at, "
	             "installed_by) VALUES ((SELECT coalesce(max(version), 0) + 1 FROM sla_versions), "
	             "?1, ?2, ?3, ?4, ?5, ?6) RETURNING version");
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, content);
	db_bind_text(st, 3, sha256);
	db_bind_text(st, 4, source_file);
	sqlite3_bind_int64(st, 5, c->at);
	db_bind_text(st, 6, c->actor);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "installing the SLA");
}

int store_sla_reapply_get(struct lc_db *db, int *version, int64_t *after)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'sla_reapply'");
	int rc;

	*version = 0;
	*after = 0;
	if (!st)
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		long long a = 0;
		int ver = 0;
		/* "VERSION AFTER", written by store_sla_reapply_set only */
		if (!v || sscanf(v, "%d %lld", &ver, &a) != 2 || ver <= 0 || a < 0) {
			sqlite3_reset(st);
			return diag_error(LC_DATAERR,
			                  "database '%s': meta 'sla_reapply' is damaged ('%s'): install the "
			                  "SLA again with 'leadctl sla use FILE'",
			                  db_path(db), v ? v : "NULL");
		}
		*version = ver;
		*after = a;
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the SLA's re-apply progress");
}

int store_sla_reapply_set(struct lc_db *db, int version, int64_t after)
{
	sqlite3_stmt *st;

	if (version == 0) {
		if (!(st = db_stmt(db, "DELETE FROM meta WHERE key = 'sla_reapply'")))
			return LC_SOFTWARE;
		return db_step_done(db, st, "recording the SLA's re-apply progress");
	}
	if (!(st = db_stmt(db, "INSERT INTO meta(key, value) VALUES ('sla_reapply', printf('%d %lld', ?1, "
	                       "?2)) ON CONFLICT(key) DO UPDATE SET value = excluded.value")))
		return LC_SOFTWARE;
	sqlite3_bind_int(st, 1, version);
	sqlite3_bind_int64(st, 2, after);
	return db_step_done(db, st, "recording the SLA's re-apply progress");
}

int store_sla_version(struct lc_db *db, int version, char **json, char **name, char **sha,
                      lc_time *installed_at, char **installed_by)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT content, name, sha256, installed_at, installed_by FROM sla_versions "
	                    "WHERE version = ?1");
	int rc;

	*json = *name = *sha = *installed_by = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int(st, 1, version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*json = db_col_strdup(st, 0);
		*name = db_col_strdup(st, 1);
		*sha = db_col_strdup(st, 2);
		*installed_at = sqlite3_column_int64(st, 3);
		*installed_by = db_col_strdup(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return diag_error(LC_NOINPUT,
		                  "no SLA version %d: see 'leadctl sla show' for the one in force", version);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading the SLA");
}

int store_sla_use(struct lc_db *db, const char *name, const char *content, const char *sha256,
                  const char *source_file, const struct lc_change *c, struct store_sla_use *out)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = db_begin(db)))
		return rc;
	rc = store_lead_ids(db, ",mql,", &ids, &n);
	free(ids);
	out->mql_before = (int64_t)n;
	if (rc ||
	    (rc = store_sla_install(db, name, content, sha256, source_file, c, &out->version,
	                            &out->unchanged)) ||
	    (rc = store_sla_reapply_get(db, &out->pending, &out->after)))
		goto fail;
	if (out->unchanged) {
		/* nothing to write: in force already (perhaps with its re-apply
		 * to resume) */
		db_rollback(db);
		return 0;
	}
	if ((rc = store_sla_reapply_set(db, out->version, 0)) || (rc = db_commit(db)))
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int store_sla_reapply_batch(struct lc_db *db, int version, size_t limit, int64_t *after, int *done,
                            store_lead_fn apply, void *arg)
{
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc;

	*done = 0;
	if ((rc = db_begin(db)))
		return rc;
	if ((rc = store_lead_ids_after(db, *after, limit, &ids, &n)))
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = apply(arg, db, ids[i])))
			goto fail;
	if ((rc = store_sla_reapply_set(db, n < limit ? 0 : version, n ? ids[n - 1] : *after)) ||
	    (rc = db_commit(db)))
		goto fail;
	if (n)
		*after = ids[n - 1];
	*done = n < limit;
	free(ids);
	return 0;
fail:
	free(ids);
	db_rollback(db);
	return rc;
}
