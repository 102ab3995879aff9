/* store_spend: the spend table (see spend.h). */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/spend.h"
#include "leadctl/store.h"

int store_spend_add(struct lc_db *db, const struct lc_spend *s, const struct lc_change *c, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(
	        db, "INSERT INTO spend(channel, campaign, start_date, end_date, amount_cents, "
	            "currency, created_at, actor, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, s->channel);
	db_bind_text(st, 2, s->campaign);
	db_bind_text(st, 3, s->start_date);
	db_bind_text(st, 4, s->end_date);
	sqlite3_bind_int64(st, 5, s->amount_cents);
	db_bind_text(st, 6, s->currency);
	sqlite3_bind_int64(st, 7, c->at);
	db_bind_text(st, 8, c->actor);
	if (c->import_id)
		sqlite3_bind_int64(st, 9, c->import_id);
	else
		sqlite3_bind_null(st, 9);
	if ((rc = db_step_done(db, st, "recording spend")))
		return rc;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int store_spend_each(struct lc_db *db, const char *since, const char *until, const char *channel,
                     int (*fn)(void *arg, const struct lc_spend *s), void *arg)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, channel, campaign, start_date, end_date, amount_cents, currency, "
	                    "coalesce(import_id, 0), created_at, actor FROM spend "
	                    "WHERE (?1 IS NULL OR end_date >= ?1) AND (?2 IS NULL OR start_date < ?2) "
	                    "AND (?3 IS NULL OR channel = ?3) ORDER BY start_date, id");
	int rc, stop = 0;

	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, since);
	db_bind_text(st, 2, until);
	db_bind_text(st, 3, channel);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_spend s;
		memset(&s, 0, sizeof s);
		s.id = sqlite3_column_int64(st, 0);
		s.channel = (const char *)sqlite3_column_text(st, 1);
		s.campaign = (const char *)sqlite3_column_text(st, 2);
		snprintf(s.start_date, sizeof s.start_date, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(s.end_date, sizeof s.end_date, "%s", (const char *)sqlite3_column_text(st, 4));
		s.amount_cents = sqlite3_column_int64(st, 5);
		snprintf(s.currency, sizeof s.currency, "%s", (const char *)sqlite3_column_text(st, 6));
		s.import_id = sqlite3_column_int64(st, 7);
		s.created_at = sqlite3_column_int64(st, 8);
		s.actor = (const char *)sqlite3_column_text(st, 9);
		if ((stop = fn(arg, &s)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading spend");
	return stop;
}

int store_spend_other_currency(struct lc_db *db, const char *currency, char other[4])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT currency FROM spend WHERE currency <> ?1 ORDER BY id LIMIT 1");
	int rc;

	other[0] = '\0';
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, currency);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(other, 4, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading spend");
}

int store_spend_replace(struct lc_db *db, const struct lc_spend *s, int64_t import_id, int64_t *replaced)
{
	sqlite3_stmt *st =
	        db_stmt(db, "DELETE FROM spend WHERE import_id IS NOT NULL AND import_id <> ?1 "
	                    "AND channel = ?2 AND campaign IS ?3 AND start_date = ?4 AND end_date = ?5");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, import_id);
	db_bind_text(st, 2, s->channel);
	db_bind_text(st, 3, s->campaign);
	db_bind_text(st, 4, s->start_date);
	db_bind_text(st, 5, s->end_date);
	if ((rc = db_step_done(db, st, "replacing spend")))
		return rc;
	*replaced += sqlite3_changes(db->h);
	return 0;
}

int store_spend_import(struct lc_db *db, const char *path, const char *sha256, const struct lc_spend *rows,
                       size_t n, const struct lc_change *c, int (*check)(void *arg, const struct lc_spend *s),
                       void *arg, int64_t *import_id, int64_t *replaced)
{
	struct lc_change ic = *c;
	struct lc_import_counts counts;
	size_t i;
	int rc;

	*import_id = 0;
	*replaced = 0;
	memset(&counts, 0, sizeof counts);
	if ((rc = db_begin(db)))
		return rc;
	if ((rc = store_import_begin(db, path, sha256, "{\"kind\":\"spend\"}", &ic, &ic.import_id)))
		goto fail;
	for (i = 0; i < n; i++) {
		if ((check && (rc = check(arg, &rows[i]))) ||
		    (rc = store_spend_replace(db, &rows[i], ic.import_id, replaced)) ||
		    (rc = store_spend_add(db, &rows[i], &ic, NULL)))
			goto fail;
	}
	counts.rows = counts.created = (int64_t)n;
	if ((rc = store_import_finish(db, ic.import_id, &counts)) || (rc = db_commit(db)))
		goto fail;
	*import_id = ic.import_id;
	return 0;
fail:
	db_rollback(db);
	*replaced = 0;
	return rc;
}
