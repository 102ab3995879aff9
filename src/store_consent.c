/* store_consent: the consent table and touches' consent overrides in SQL
 * (consent.h).  Consent changes are field_changes rows like any field:
 * flags as "yes"/"no", instants as UTC ISO-8601, the rest as given. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "db_internal.h"
#include "leadctl/consent.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"
#include "leadctl/vec.h"

int store_consent_load(struct lc_db *db, int64_t lead, struct lc_consent *out)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT do_not_email, do_not_call, lawful_basis, lawful_basis_at, "
	                    "lawful_basis_source, unsubscribed_at FROM consent WHERE lead_id = ?1");
	int rc;

	consent_init(out);
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->do_not_email =
		        sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 0);
		out->do_not_call = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 1);
		out->lawful_basis = db_col_strdup(st, 2);
		out->lawful_basis_at = sqlite3_column_int64(st, 3);
		out->lawful_basis_source = db_col_strdup(st, 4);
		out->unsubscribed_at = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading a lead's consent");
}

/* A flag as stored in field_changes: "yes", "no" or NULL. */
static const char *flag_text(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : NULL;
}

/* An instant as stored in field_changes (into buf), or NULL when 0. */
static const char *time_text(lc_time t, char *buf, size_t n)
{
	if (!t)
		return NULL;
	clock_format_utc(t, buf, n);
	return buf;
}

static int same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static void bind_flag(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v);
}

static void bind_time(sqlite3_stmt *st, int i, lc_time t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

int store_consent_save(struct lc_db *db, int64_t lead, const struct lc_consent *before,
                       const struct lc_consent *after, const struct lc_change *c, int *changed)
{
	const char *olds[6], *news[6];
	static const char *const names[6] = { "do_not_email",    "do_not_call",         "lawful_basis",
		                              "lawful_basis_at", "lawful_basis_source", "unsubscribed_at" };
	char tb[4][32];
	sqlite3_stmt *st;
	int i, rc, n = 0;

	if (changed)
		*changed = 0;
	olds[0] = flag_text(before->do_not_email);
	news[0] = flag_text(after->do_not_email);
	olds[1] = flag_text(before->do_not_call);
	news[1] = flag_text(after->do_not_call);
	olds[2] = before->lawful_basis;
	news[2] = after->lawful_basis;
	olds[3] = time_text(before->lawful_basis_at, tb[0], sizeof tb[0]);
	news[3] = time_text(after->lawful_basis_at, tb[1], sizeof tb[1]);
	olds[4] = before->lawful_basis_source;
	news[4] = after->lawful_basis_source;
	olds[5] = time_text(before->unsubscribed_at, tb[2], sizeof tb[2]);
	news[5] = time_text(after->unsubscribed_at, tb[3], sizeof tb[3]);
	for (i = 0; i < 6; i++) {
		if (same_text(olds[i], news[i]))
			continue;
		if ((rc = field_change(db, lead, names[i], olds[i], news[i], c)))
			return rc;
		n++;
	}
	if (changed)
		*changed = n;
	if (n == 0)
		return 0;
	if (consent_empty(after)) {
		if (!(st = db_stmt(db, "DELETE FROM consent WHERE lead_id = ?1")))
			return LC_SOFTWARE;
		sqlite3_bind_int64(st, 1, lead);
		return db_step_done(db, st, "recording a lead's consent");
	}
	st = db_stmt(db, "INSERT INTO consent(lead_id, do_not_email, do_not_call, lawful_basis, "
	                 "lawful_basis_at, lawful_basis_source, unsubscribed_at, updated_at) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(lead_id) DO UPDATE SET "
	                 "do_not_email = excluded.do_not_email, do_not_call = excluded.do_not_call, "
	                 "lawful_basis = excluded.lawful_basis, lawful_basis_at = excluded.lawful_basis_at, "
	                 "lawful_basis_source = excluded.lawful_basis_source, "
	                 "unsubscribed_at = excluded.unsubscribed_at, "
	                 "updated_at = max(consent.updated_at, excluded.updated_at)");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	bind_flag(st, 2, after->do_not_email);
	bind_flag(st, 3, after->do_not_call);
	db_bind_text(st, 4, after->lawful_basis);
	bind_time(st, 5, after->lawful_basis_at);
	db_bind_text(st, 6, after->lawful_basis_source);
	bind_time(st, 7, after->unsubscribed_at);
	sqlite3_bind_int64(st, 8, c->at);
	return db_step_done(db, st, "recording a lead's consent");
}

int store_touch_override(struct lc_db *db, int64_t touch, const char *reason)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE touches SET consent_override = ?1 WHERE id = ?2");

	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, reason);
	sqlite3_bind_int64(st, 2, touch);
	return db_step_done(db, st, "recording a consent override");
}

int store_consent_merge(struct lc_db *db, int64_t keep, int64_t drop, const struct lc_change *c)
{
	struct lc_consent k, d, before;
	int rc;

	consent_init(&before);
	consent_init(&k);
	consent_init(&d);
	if ((rc = store_consent_load(db, keep, &before)) || (rc = store_consent_load(db, keep, &k)) ||
	    (rc = store_consent_load(db, drop, &d)))
		goto cleanup;
	/* The stricter opt-out wins; the dropped lead's other facts only fill
	 * unknown ones (the kept lead's known values win, as for fields). */
	if (d.do_not_email == 1 || k.do_not_email < 0)
		k.do_not_email = k.do_not_email == 1 ? 1 : d.do_not_email;
	if (d.do_not_call == 1 || k.do_not_call < 0)
		k.do_not_call = k.do_not_call == 1 ? 1 : d.do_not_call;
	if (!k.lawful_basis && d.lawful_basis) {
		k.lawful_basis = d.lawful_basis;
		k.lawful_basis_at = d.lawful_basis_at;
		k.lawful_basis_source = d.lawful_basis_source;
		d.lawful_basis = d.lawful_basis_source = NULL;
	}
	if (!k.unsubscribed_at)
		k.unsubscribed_at = d.unsubscribed_at;
	if (k.unsubscribed_at)
		k.do_not_email = 1;
	rc = store_consent_save(db, keep, &before, &k, c, NULL);
cleanup:
	consent_clear(&before);
	consent_clear(&k);
	consent_clear(&d);
	return rc;
}

int store_consent_undo_import(struct lc_db *db, int64_t import_id)
{
	/* Newest change first, so that each field ends at the value it had
	 * before the import's first change to it.  The column names come from
	 * this fixed list, never from the table's text. */
	static const char *const undo[] = {
		"UPDATE consent SET do_not_email = CASE ?2 WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END "
		"WHERE lead_id = ?1",
		"UPDATE consent SET do_not_call = CASE ?2 WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END "
		"WHERE lead_id = ?1",
		"UPDATE consent SET lawful_basis = ?2 WHERE lead_id = ?1",
		"UPDATE consent SET lawful_basis_at = unixepoch(?2) WHERE lead_id = ?1",
		"UPDATE consent SET lawful_basis_source = ?2 WHERE lead_id = ?1",
		"UPDATE consent SET unsubscribed_at = unixepoch(?2) WHERE lead_id = ?1",
	};
	static const char *const fields[] = { "do_not_email",    "do_not_call",         "lawful_basis",
		                              "lawful_basis_at", "lawful_basis_source", "unsubscribed_at" };
	sqlite3_stmt *st = db_stmt(db, "SELECT f.lead_id, f.field, f.old_value FROM field_changes f "
	                               "JOIN import_leads il ON il.import_id = f.import_id AND "
	                               "il.lead_id = f.lead_id AND il.action = 'updated' "
	                               "WHERE f.import_id = ?1 AND f.field IN ('do_not_email', "
	                               "'do_not_call', 'lawful_basis', 'lawful_basis_at', "
	                               "'lawful_basis_source', 'unsubscribed_at') ORDER BY f.id DESC");
	struct undo_row {
		int64_t lead;
		int field;
		char *old;
	} *rows = NULL;
	size_t n = 0, cap = 0, i, k;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, import_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 1);
		if (vec_reserve((void **)&rows, &cap, n + 1, sizeof *rows) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		for (k = 0; k < 6 && strcmp(f, fields[k]) != 0; k++)
			;
		rows[n].lead = sqlite3_column_int64(st, 0);
		rows[n].field = (int)k;
		rows[n].old = db_col_strdup(st, 2);
		n++;
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading consent changes");
	for (i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db,
		                   "INSERT OR IGNORE INTO consent(lead_id, updated_at) VALUES (?1, 0)"))) {
			rc = LC_SOFTWARE;
			break;
		}
		sqlite3_bind_int64(st, 1, rows[i].lead);
		if ((rc = db_step_done(db, st, "restoring consent")))
			break;
		if (!(st = db_stmt(db, undo[rows[i].field]))) {
			rc = LC_SOFTWARE;
			break;
		}
		sqlite3_bind_int64(st, 1, rows[i].lead);
		db_bind_text(st, 2, rows[i].old);
		rc = db_step_done(db, st, "restoring consent");
	}
	for (i = 0; i < n; i++)
		free(rows[i].old);
	free(rows);
	if (rc)
		return rc;
	return db_exec(db,
	               "DELETE FROM consent WHERE do_not_email IS NULL AND do_not_call IS NULL AND "
	               "lawful_basis IS NULL AND lawful_basis_at IS NULL AND lawful_basis_source IS NULL "
	               "AND unsubscribed_at IS NULL",
	               "restoring consent");
}
