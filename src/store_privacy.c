/* store_privacy: erasure, the suppression list and the right of access in
 * SQL (privacy.h).
 *
 * Invariant: an erased lead keeps its number, stage history, touches'
 * times/channels/outcomes, events' types/times, assignments, obligations
 * and breaches, and its source, campaign, owner, stage, score and times, so
 * that every report (migrations/004_reports.sql) counts it as before; every
 * other column that can hold what a person gave or a rep wrote about them
 * is erased.  A new table or column that holds personal data must be added
 * to store_forget() (and docs/privacy.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/identity.h"
#include "leadctl/privacy.h"
#include "leadctl/store.h"

int store_erased(struct lc_db *db, int64_t lead, int *yes, lc_time *at, char **actor)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at, actor FROM erasures WHERE lead_id = ?1");
	int rc;

	*yes = 0;
	if (actor)
		*actor = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*yes = 1;
		if (at)
			*at = sqlite3_column_int64(st, 0);
		if (actor)
			*actor = db_col_strdup(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading erasures");
}

/* One identity of a lead: its kind (the suppression list's: "email",
 * "phone", "external_id"), its value as shown and written in files (what
 * reject files are scrubbed of), and its key (identity.h: the normalised
 * e-mail, the E.164 phone, the record id namespaced "system:id": what the
 * suppression list digests, so that the same id in another system is
 * another person).  Both owned. */
struct ident {
	const char *kind;
	char *value;
	char *key;
};

/* The identities of lead into *v (caller frees with idents_free). */
static int lead_idents(struct lc_db *db, int64_t lead, struct ident **v, size_t *n)
{
	/* The shown e-mail, phone and record id, and every identity the lead
	 * has ever held (lead_identities: old addresses, other systems' ids). */
	sqlite3_stmt *st = db_stmt(
	        db, "SELECT 'email', email, email FROM leads WHERE id = ?1 AND email IS NOT NULL "
	            "UNION SELECT 'phone', phone, phone FROM leads WHERE id = ?1 AND phone IS NOT NULL "
	            "UNION SELECT 'external_id', external_id, 'ext:' || external_id FROM leads "
	            "WHERE id = ?1 AND external_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	            "lead_identities WHERE lead_id = ?1 AND kind = 'record') "
	            "UNION SELECT CASE kind WHEN 'record' THEN 'external_id' ELSE kind END, value, "
	            "key FROM lead_identities WHERE lead_id = ?1");
	size_t cap = 0;
	int rc;

	*n = 0;
	*v = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		if (*n == cap) {
			struct ident *nv = realloc(*v, (cap = cap ? 2 * cap : 4) * sizeof **v);
			if (!nv) {
				sqlite3_reset(st);
				return diag_error(LC_SOFTWARE, "out of memory");
			}
			*v = nv;
		}
		(*v)[*n].kind = strcmp(kind, "email") == 0   ? "email"
		                : strcmp(kind, "phone") == 0 ? "phone"
		                                             : "external_id";
		(*v)[*n].value = db_col_strdup(st, 1);
		(*v)[(*n)++].key = db_col_strdup(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading a lead");
}

static void idents_free(struct ident *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].value), free(v[i].key);
	free(v);
}

int store_forget_needles(struct lc_db *db, int64_t lead, struct lc_needles *nd)
{
	struct ident *v = NULL;
	size_t n, i;
	int rc = lead_idents(db, lead, &v, &n);

	for (i = 0; i < n && rc == 0; i++)
		if (privacy_needle_add(nd, v[i].value) != 0)
			rc = diag_error(LC_SOFTWARE, "out of memory");
	idents_free(v, n);
	return rc;
}

int store_reject_files(struct lc_db *db, char ***paths, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT json_extract(options, '$.rejects') FROM imports "
	                               "WHERE json_extract(options, '$.rejects') IS NOT NULL ORDER BY id");
	size_t cap = 0;
	int rc;

	*paths = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			char **np = realloc(*paths, (cap = cap ? cap * 2 : 8) * sizeof *np);
			if (!np) {
				rc = SQLITE_NOMEM;
				break;
			}
			*paths = np;
		}
		(*paths)[(*n)++] = db_col_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the import log");
}

/* The salt of the suppression list (meta 'suppression_salt'), made on
 * first use from 16 random bytes.  Into salt (33 bytes). */
static int suppression_salt(struct lc_db *db, char salt[33])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'suppression_salt'");
	unsigned char raw[16];
	int rc, i;

	if (!st)
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	salt[0] = '\0';
	if (rc == SQLITE_ROW)
		snprintf(salt, 33, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the suppression list");
	if (salt[0])
		return 0;
	if (privacy_random(raw, sizeof raw) != 0)
		return diag_error(LC_SOFTWARE,
		                  "forget: no random bytes from the kernel for the suppression salt");
	for (i = 0; i < 16; i++)
		snprintf(salt + 2 * i, 3, "%02x", raw[i]);
	if (!(st = db_stmt(db, "INSERT INTO meta(key, value) VALUES ('suppression_salt', ?1)")))
		return LC_SOFTWARE;
	db_bind_text(st, 1, salt);
	return db_step_done(db, st, "recording the suppression salt");
}

/* Put the lead's e-mail, phone and record id on the suppression list. */
static int suppress_lead(struct lc_db *db, int64_t lead, int64_t erasure, lc_time at, int64_t *count)
{
	struct ident *v = NULL;
	sqlite3_stmt *st;
	char salt[33], hex[65];
	size_t n = 0, i;
	int rc;

	if ((rc = lead_idents(db, lead, &v, &n)) == 0)
		rc = suppression_salt(db, salt);
	for (i = 0; i < n && rc == 0; i++) {
		privacy_digest(salt, v[i].kind, v[i].key, hex);
		if (!(st = db_stmt(db, "INSERT OR IGNORE INTO suppressions(digest, kind, erasure_id, at) "
		                       "VALUES (?1, ?2, ?3, ?4)"))) {
			rc = LC_SOFTWARE;
			break;
		}
		db_bind_text(st, 1, hex);
		db_bind_text(st, 2, v[i].kind);
		sqlite3_bind_int64(st, 3, erasure);
		sqlite3_bind_int64(st, 4, at);
		rc = db_step_done(db, st, "recording the suppression list");
		*count += sqlite3_changes(db->h);
	}
	idents_free(v, n);
	return rc;
}

int store_forget(struct lc_db *db, int64_t lead, int suppress, const char *why, const struct lc_change *c,
                 struct lc_forget_result *res)
{
	/* Each statement erases one kind of copy; ?1 = the lead, ?2 = the
	 * pseudonym.  Order matters only for the account, whose link is read
	 * before it is cut. */
	static const char *const erase[] = {
		/* touches: the rep's notes and override reasons */
		"UPDATE touches SET note = NULL, consent_override = NULL WHERE lead_id = ?1 AND "
		"(note IS NOT NULL OR consent_override IS NOT NULL)",
		/* field changes: who changed which field when stays; the values go */
		"UPDATE field_changes SET old_value = NULL, new_value = NULL WHERE lead_id = ?1 AND "
		"(old_value IS NOT NULL OR new_value IS NOT NULL)",
		/* merges into this lead: the dropped lead's record */
		"UPDATE merges SET dropped = json_object('erased', json('true'), 'id', dropped_id) "
		"WHERE kept_id = ?1",
		/* import before-images: undo restores the lead pseudonymised */
		"UPDATE import_leads SET before = json_set(before, '$.email', NULL, '$.external_id', ?2, "
		"'$.phone', NULL, '$.first_name', NULL, '$.last_name', NULL, '$.title', NULL, "
		"'$.company', NULL, '$.website', NULL, '$.country', NULL, '$.industry', NULL, "
		"'$.employees', NULL, '$.custom', NULL, '$.account_id', NULL) "
		"WHERE lead_id = ?1 AND before IS NOT NULL",
		/* consent: its basis and sources go; an erased person is never
		 * contacted again, so both opt-outs are set */
		"INSERT INTO consent(lead_id, do_not_email, do_not_call, updated_at) VALUES (?1, 1, 1, ?3) "
		"ON CONFLICT(lead_id) DO UPDATE SET do_not_email = 1, do_not_call = 1, lawful_basis = NULL, "
		"lawful_basis_at = NULL, lawful_basis_source = NULL, unsubscribed_at = NULL, "
		"updated_at = excluded.updated_at",
		/* identities: every address, phone and record id it ever held */
		"DELETE FROM lead_identities WHERE lead_id = ?1",
		/* events: the form fill's own id (a Typeform '#', a Meta lead id)
		 * leads back to the person in the tool that collected it */
		"UPDATE events SET submission_id = NULL WHERE lead_id = ?1 AND submission_id IS NOT NULL",
	};
	sqlite3_stmt *st;
	unsigned char raw[8];
	int64_t account = 0, erasure, n;
	size_t i;
	int rc;

	memset(res, 0, sizeof *res);
	if (privacy_random(raw, sizeof raw) != 0)
		return diag_error(LC_SOFTWARE, "forget: no random bytes from the kernel for the pseudonym");
	snprintf(res->pseudonym, sizeof res->pseudonym, "erased:%02x%02x%02x%02x%02x%02x%02x%02x", raw[0],
	         raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7]);
	if (!(st = db_stmt(db, "SELECT account_id FROM leads WHERE id = ?1")))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		account = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? diag_error(LC_NOINPUT, "no lead %" PRId64, lead)
		                         : db_fail(db, rc, "reading a lead");
	if (!(st = db_stmt(db, "INSERT INTO erasures(lead_id, pseudonym, at, actor, why, suppressed) "
	                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_text(st, 2, res->pseudonym);
	sqlite3_bind_int64(st, 3, c->at);
	db_bind_text(st, 4, c->actor);
	db_bind_text(st, 5, why);
	sqlite3_bind_int(st, 6, suppress != 0);
	if ((rc = db_step_done(db, st, "recording the erasure")))
		return rc;
	erasure = sqlite3_last_insert_rowid(db->h);
	if (suppress && (rc = suppress_lead(db, lead, erasure, c->at, &res->identities)))
		return rc;
	if (!suppress) {
		struct ident *v = NULL;
		size_t nv = 0;
		rc = lead_idents(db, lead, &v, &nv);
		idents_free(v, nv);
		if (rc)
			return rc;
		res->identities = (int64_t)nv;
	}
	for (i = 0; i < sizeof erase / sizeof erase[0]; i++) {
		if (!(st = db_stmt(db, erase[i])))
			return LC_SOFTWARE;
		sqlite3_bind_int64(st, 1, lead);
		db_bind_text(st, 2, res->pseudonym);
		sqlite3_bind_int64(st, 3, c->at);
		if ((rc = db_step_done(db, st, "erasing a lead")))
			return rc;
		n = sqlite3_changes(db->h);
		if (i == 0)
			res->notes = n;
		else if (i == 1)
			res->changes = n;
		else if (i == 2 || i == 3)
			res->snapshots += n;
	}
	/* The lead row itself: the pseudonym is its only identity now. */
	if (!(st = db_stmt(
	              db,
	              "UPDATE leads SET email = NULL, phone = NULL, external_id = ?2, first_name = NULL, "
	              "last_name = NULL, title = NULL, company = NULL, website = NULL, country = NULL, "
	              "industry = NULL, employees = NULL, custom = NULL, account_id = NULL WHERE id = ?1")))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_text(st, 2, res->pseudonym);
	if ((rc = db_step_done(db, st, "erasing a lead")))
		return rc;
	/* Its account, when nothing else refers to it (a one-person company's
	 * domain is personal data too). */
	if (account) {
		if (!(st = db_stmt(db,
		                   "DELETE FROM accounts WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM leads "
		                   "WHERE account_id = ?1) AND NOT EXISTS (SELECT 1 FROM import_leads "
		                   "WHERE json_extract(before, '$.account_id') = ?1)")))
			return LC_SOFTWARE;
		sqlite3_bind_int64(st, 1, account);
		if ((rc = db_step_done(db, st, "erasing a lead's account")))
			return rc;
	}
	return 0;
}

int store_wal_truncate(struct lc_db *db, int *complete)
{
	int log = 0, done = 0, rc;

	rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	*complete = rc == SQLITE_OK;
	if (rc == SQLITE_BUSY)
		return 0;
	return rc == SQLITE_OK ? 0 : db_fail(db, rc, "checkpointing the write-ahead log");
}

int store_forget_leads(struct lc_db *db, const int64_t *leads, size_t n, int suppress, const char *why,
                       const struct lc_change *c, struct lc_forget_result *res)
{
	size_t i;
	int rc;

	if ((rc = db_begin(db)))
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = store_forget(db, leads[i], suppress, why, c, &res[i]);
	if (rc || (rc = db_commit(db)))
		db_rollback(db);
	return rc;
}

int store_secure_delete(struct lc_db *db)
{
	return db_exec(db, "PRAGMA secure_delete = ON", "turning on secure delete");
}

int store_suppressed(struct lc_db *db, const struct lc_lead *l, int *yes, const char **kind)
{
	static const char *const kinds[3] = { "email", "phone", "external_id" };
	const char *vals[3] = { l->email, l->email || l->external_id ? NULL : l->phone, NULL };
	const char *why = NULL;
	char *record = NULL;
	sqlite3_stmt *st;
	char salt[33] = "", hex[65];
	int rc, i;

	*yes = 0;
	if (kind)
		*kind = NULL;
	if (!(st = db_stmt(db, "SELECT value FROM meta WHERE key = 'suppression_salt'")))
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(salt, sizeof salt, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the suppression list");
	/* The record id as the list holds it: namespaced by its system.  An id
	 * the identity rules refuse is no identity, so nothing to match. */
	if (l->external_id &&
	    identity_record_key(l->external_id, l->external_system, &record, &why) == IDENTITY_OK)
		vals[2] = record;
	for (i = 0, rc = 0; i < 3 && rc == 0 && !*yes; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		privacy_digest(salt, kinds[i], vals[i], hex);
		if (!(st = db_stmt(db, "SELECT 1 FROM suppressions WHERE digest = ?1"))) {
			rc = LC_SOFTWARE;
			break;
		}
		db_bind_text(st, 1, hex);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW) {
			*yes = 1;
			if (kind)
				*kind = kinds[i];
		}
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		                                           : db_fail(db, rc, "reading the suppression list");
	}
	free(record);
	return rc;
}

int store_expired_leads(struct lc_db *db, const int64_t *retention, size_t nstages, lc_time now,
                        int64_t **ids, size_t *n)
{
	sqlite3_stmt *st;
	size_t s, cap = 0;
	int rc = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	for (s = 0; s < nstages && s < STAGE_COUNT; s++) {
		if (retention[s] <= 0)
			continue;
		/* leads_stage_activity serves the range (stage = S, activity_at < T). */
		if (!(st = db_stmt(
		              db,
		              "SELECT id FROM leads l WHERE stage = ?1 AND activity_at < ?2 AND NOT EXISTS "
		              "(SELECT 1 FROM erasures e WHERE e.lead_id = l.id) ORDER BY id")))
			return LC_SOFTWARE;
		db_bind_text(st, 1, stage_name((enum lc_stage)s));
		sqlite3_bind_int64(st, 2, now - retention[s]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (*n == cap) {
				int64_t *ni = realloc(*ids, (cap = cap ? cap * 2 : 64) * sizeof *ni);
				if (!ni) {
					rc = SQLITE_NOMEM;
					break;
				}
				*ids = ni;
			}
			(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, rc, "listing expired leads");
	}
	return 0;
}

/* Rows of a per-lead query (?1 = lead) as objects of the array key of o;
 * columns by their names, JSON text columns (named *_json) parsed. */
static int add_rows(struct lc_db *db, cJSON *o, const char *key, const char *sql, int64_t lead)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	int rc, i;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *item = cJSON_CreateObject();
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const char *name = sqlite3_column_name(st, i);
			size_t len = strlen(name);
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL: cJSON_AddNullToObject(item, name); break;
			case SQLITE_INTEGER:
				cJSON_AddNumberToObject(item, name, (double)sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				cJSON_AddNumberToObject(item, name, sqlite3_column_double(st, i));
				break;
			default:
				if (len > 5 && strcmp(name + len - 5, "_json") == 0) {
					cJSON *j = cJSON_Parse((const char *)sqlite3_column_text(st, i));
					char k[64];
					snprintf(k, sizeof k, "%.*s", (int)(len - 5), name);
					cJSON_AddItemToObject(item, k, j ? j : cJSON_CreateNull());
				} else {
					cJSON_AddStringToObject(item, name,
					                        (const char *)sqlite3_column_text(st, i));
				}
			}
		}
		cJSON_AddItemToArray(arr, item);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading a person's data");
}

int store_person_json(struct lc_db *db, int64_t lead, cJSON **out)
{
	cJSON *o = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_lead_document(db, lead, &o)))
		return rc;
	if ((rc = add_rows(db, o, "merges",
	                   "SELECT dropped_id, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, actor, "
	                   "dropped AS dropped_json FROM merges WHERE kept_id = ?1 ORDER BY id",
	                   lead)) ||
	    (rc = add_rows(db, o, "imports",
	                   "SELECT i.id AS import, i.file_name AS file, "
	                   "strftime('%Y-%m-%dT%H:%M:%SZ', i.started_at, 'unixepoch') AS at, i.actor, "
	                   "il.action, il.before AS before_json FROM import_leads il JOIN imports i ON "
	                   "i.id = il.import_id WHERE il.lead_id = ?1 ORDER BY i.id",
	                   lead)) ||
	    (rc = add_rows(db, o, "obligations",
	                   "SELECT stage, rule, strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch') AS "
	                   "started_at, strftime('%Y-%m-%dT%H:%M:%SZ', first_touch_due, 'unixepoch') AS "
	                   "first_touch_due, attempts_owed, attempts_made, state FROM obligations "
	                   "WHERE lead_id = ?1 ORDER BY id",
	                   lead)) ||
	    (rc = add_rows(
	             db, o, "breaches",
	             "SELECT kind, rule, strftime('%Y-%m-%dT%H:%M:%SZ', due_at, 'unixepoch') AS due_at, "
	             "strftime('%Y-%m-%dT%H:%M:%SZ', detected_at, 'unixepoch') AS detected_at, action "
	             "FROM breaches WHERE lead_id = ?1 ORDER BY id",
	             lead)) ||
	    (rc = add_rows(
	             db, o, "erasure",
	             "SELECT pseudonym, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, actor, why, "
	             "suppressed FROM erasures WHERE lead_id = ?1",
	             lead))) {
		cJSON_Delete(o);
		return rc;
	}
	{
		/* One erasure at most: an object, or null. */
		cJSON *arr = cJSON_DetachItemFromObjectCaseSensitive(o, "erasure");
		cJSON *first = cJSON_DetachItemFromArray(arr, 0);
		cJSON_AddItemToObject(o, "erasure", first ? first : cJSON_CreateNull());
		cJSON_Delete(arr);
	}
	*out = o;
	return 0;
}
