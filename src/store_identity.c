/* store_identity: the identities of leads (lead_identities, migration 006)
 * and lead references (see store.h, README "Identity and accounts").
 *
 * Every key stored or looked up here comes from the identity module
 * (identity.h): the e-mail key, the E.164 phone and the record key
 * "<system>:<id>".  An e-mail or record key belongs to one lead (a unique
 * index says so); a phone may be held by several leads.  Identities are
 * only ever added: a lead keeps every address and id it was known by. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/identity.h"
#include "leadctl/store.h"
#include "leadctl/text.h"

/* SQL: identity_email_key(raw) */
static void sql_email_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *why = NULL;
	char *key = NULL;

	(void)argc;
	if (identity_email_key((const char *)sqlite3_value_text(argv[0]), &key, &why) == IDENTITY_OK)
		sqlite3_result_text(cx, key, -1, free);
	else
		sqlite3_result_null(cx);
}

/* SQL: identity_phone_key(raw, country, default_cc) */
static void sql_phone_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct identity_phone p;
	const char *why = NULL;

	(void)argc;
	if (identity_phone_key((const char *)sqlite3_value_text(argv[0]),
	                       (const char *)sqlite3_value_text(argv[1]),
	                       (const char *)sqlite3_value_text(argv[2]), &p, &why) == IDENTITY_OK) {
		sqlite3_result_text(cx, p.e164, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_result_null(cx);
	}
	identity_phone_free(&p);
}

/* SQL: identity_record_key(raw, system) */
static void sql_record_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *why = NULL;
	char *key = NULL;

	(void)argc;
	if (identity_record_key((const char *)sqlite3_value_text(argv[0]),
	                        (const char *)sqlite3_value_text(argv[1]), &key, &why) == IDENTITY_OK)
		sqlite3_result_text(cx, key, -1, free);
	else
		sqlite3_result_null(cx);
}

int db_register_identity(struct lc_db *db)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "identity_email_key", 1, sql_email_key },
		{ "identity_phone_key", 3, sql_phone_key },
		{ "identity_record_key", 2, sql_record_key },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		rc = sqlite3_create_function(db->h, fns[i].name, fns[i].nargs,
		                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		                             fns[i].fn, NULL, NULL);
		if (rc != SQLITE_OK)
			return db_fail(db, rc, "registering the identity functions");
	}
	return 0;
}

const char *store_identity_kind_name(enum lc_id_kind k)
{
	switch (k) {
	case ID_EMAIL: return "email";
	case ID_PHONE: return "phone";
	case ID_RECORD: return "record";
	}
	return "email";
}

int store_identity_owner(struct lc_db *db, enum lc_id_kind kind, const char *key, int64_t *lead)
{
	/* The kind is written out so that each lookup uses its partial index
	 * (migration 007): lead_identities_email, _record, _phone. */
	static const char *const sql[] = {
		[ID_EMAIL] = "SELECT lead_id FROM lead_identities WHERE kind = 'email' AND key = ?1",
		[ID_PHONE] =
		        ("SELECT lead_id FROM lead_identities WHERE kind = 'phone' AND key = ?1 ORDER BY "
		         "lead_id LIMIT 1"),
		[ID_RECORD] = "SELECT lead_id FROM lead_identities WHERE kind = 'record' AND key = ?1",
	};
	sqlite3_stmt *st;
	int rc;

	*lead = 0;
	if (!key || !*key)
		return 0;
	if (!(st = db_stmt(db, sql[kind])))
		return LC_SOFTWARE;
	db_bind_static(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*lead = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up an identity");
}

/* Collect column 0 of a bound statement into ids[0..max); *n counts all. */
static int collect(struct lc_db *db, sqlite3_stmt *st, int64_t *ids, size_t max, size_t *n)
{
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n < max)
			ids[*n] = sqlite3_column_int64(st, 0);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up an identity");
}

int store_identity_phone_leads(struct lc_db *db, const char *e164, int64_t *ids, size_t max, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT lead_id FROM lead_identities WHERE kind = 'phone' "
	                               "AND key = ?1 ORDER BY lead_id");

	*n = 0;
	if (!e164 || !*e164)
		return 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_static(st, 1, e164);
	return collect(db, st, ids, max, n);
}

int store_identity_loose_record(struct lc_db *db, const char *system, const char *value, int64_t *ids,
                                size_t max, size_t *n)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT DISTINCT lead_id FROM lead_identities WHERE kind = 'record' AND "
	                    "value = ?1 AND system <> ?2 AND (?2 = 'ext' OR system = 'ext') "
	                    "ORDER BY lead_id");

	*n = 0;
	if (!value || !*value)
		return 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, value);
	db_bind_text(st, 2, system && *system ? system : "ext");
	return collect(db, st, ids, max, n);
}

int store_identity_system_value(struct lc_db *db, int64_t lead, const char *system, char **value)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM lead_identities WHERE lead_id = ?1 AND kind = "
	                               "'record' AND system = ?2 ORDER BY id LIMIT 1");
	int rc;

	*value = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_text(st, 2, system);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = db_col_strdup(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up an identity");
}

int store_identity_from_import(struct lc_db *db, int64_t lead, enum lc_id_kind kind, const char *key,
                               int64_t import_id, char **value)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM lead_identities WHERE lead_id = ?1 AND kind = ?2 "
	                               "AND import_id = ?3 AND key <> ?4 ORDER BY id LIMIT 1");
	int rc;

	*value = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_text(st, 2, store_identity_kind_name(kind));
	sqlite3_bind_int64(st, 3, import_id);
	db_bind_text(st, 4, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = db_col_strdup(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up an identity");
}

int store_lead_label(struct lc_db *db, int64_t id, char *buf, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT trim(coalesce(first_name, '') || ' ' || coalesce(last_name, "
	                               "'')), coalesce(email, external_id, phone) FROM leads WHERE id = ?1");
	int rc;

	snprintf(buf, n, "lead %" PRId64, id);
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *ident = (const char *)sqlite3_column_text(st, 1);
		if (name && *name)
			snprintf(buf, n, "lead %" PRId64 " (%s, %s)", id, name, ident ? ident : "-");
		else
			snprintf(buf, n, "lead %" PRId64 " (%s)", id, ident ? ident : "-");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "describing a lead");
}

/* Insert an identity row (a key some lead already holds is left alone:
 * ON CONFLICT DO NOTHING). */
static int identity_insert(struct lc_db *db, int64_t lead, enum lc_id_kind kind, const char *system,
                           const char *key, const char *raw, const struct lc_change *c)
{
	sqlite3_stmt *st =
	        db_stmt(db, "INSERT INTO lead_identities(lead_id, kind, system, key, value, raw, added_at, "
	                    "actor, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO "
	                    "NOTHING");

	if (!key || !*key)
		return 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_static(st, 2, store_identity_kind_name(kind));
	db_bind_static(st, 3, kind == ID_RECORD ? system : NULL);
	db_bind_static(st, 4, key);
	db_bind_static(st, 5, kind == ID_RECORD && system ? key + strlen(system) + 1 : key);
	db_bind_static(st, 6, raw);
	sqlite3_bind_int64(st, 7, c->at);
	db_bind_static(st, 8, c->actor);
	if (c->import_id)
		sqlite3_bind_int64(st, 9, c->import_id);
	else
		sqlite3_bind_null(st, 9);
	return db_step_done(db, st, "recording an identity");
}

int store_identity_add(struct lc_db *db, int64_t lead, enum lc_id_kind kind, const char *system,
                       const char *key, const char *raw, const struct lc_change *c)
{
	int64_t other = 0;
	int rc;

	if (!key || !*key)
		return 0;
	if (kind != ID_PHONE) {
		if ((rc = store_identity_owner(db, kind, key, &other)))
			return rc;
		if (other == lead)
			return 0;
		if (other) {
			char who[256];
			store_lead_label(db, other, who, sizeof who);
			return diag_error(LC_DATAERR,
			                  "%s already has %s '%s': an identity belongs to one lead (see "
			                  "'leadctl show %" PRId64 "'; merge the two if they are one person)",
			                  who, kind == ID_EMAIL ? "e-mail" : "record id", key, other);
		}
	}
	return identity_insert(db, lead, kind, system, key, raw, c);
}

/* The record key of l (external_id in external_system), or NULL; *sys is
 * the system used.  Caller frees the key. */
static char *record_key_of(const struct lc_lead *l, const char **sys)
{
	const char *why = NULL;
	char *key = NULL;

	*sys = l->external_system && *l->external_system ? l->external_system : "ext";
	if (!l->external_id || identity_record_key(l->external_id, *sys, &key, &why) != IDENTITY_OK)
		return NULL;
	return key;
}

int store_lead_identities_free(struct lc_db *db, const struct lc_lead *l, int64_t self)
{
	/* (An unchanged display value is checked too: it is the lead's own.) */
	const char *sys;
	char *rkey = record_key_of(l, &sys), who[256];
	int64_t other = 0;
	int rc;

	if ((rc = store_identity_owner(db, ID_EMAIL, l->email, &other)))
		goto done;
	if (other && other != self) {
		store_lead_label(db, other, who, sizeof who);
		rc = diag_error(LC_DATAERR,
		                "%s already has e-mail '%s': update it with 'leadctl edit %" PRId64
		                "' or merge the two",
		                who, l->email, other);
		goto done;
	}
	if ((rc = store_identity_owner(db, ID_RECORD, rkey, &other)))
		goto done;
	if (other && other != self) {
		store_lead_label(db, other, who, sizeof who);
		rc = diag_error(LC_DATAERR,
		                "%s already has %s id '%s': update it with 'leadctl edit %" PRId64
		                "' or merge the two",
		                who, sys, l->external_id, other);
		goto done;
	}
	if (l->phone && !l->email && !l->external_id) {
		int64_t ids[2];
		size_t n, i;
		if ((rc = store_identity_phone_leads(db, l->phone, ids, 2, &n)))
			goto done;
		for (i = 0; i < n && i < 2; i++)
			if (ids[i] != self) {
				store_lead_label(db, ids[i], who, sizeof who);
				rc = diag_error(
				        LC_DATAERR,
				        "%s already has phone '%s': update it with 'leadctl edit %" PRId64
				        "' or merge the two",
				        who, l->phone, ids[i]);
				goto done;
			}
	}
done:
	free(rkey);
	return rc;
}

int store_record_id_not_replaced(struct lc_db *db, const struct lc_lead *l)
{
	const char *sys = l->external_system && *l->external_system ? l->external_system : "ext";
	char *have = NULL, who[256];
	int rc;

	if ((rc = store_identity_system_value(db, l->id, sys, &have)) || !have)
		return rc;
	if (strcmp(have, l->external_id) != 0) {
		store_lead_label(db, l->id, who, sizeof who);
		rc = diag_error(LC_DATAERR,
		                "%s already has %s id '%s': a record id is never rewritten (give the new one "
		                "with another --source-system, or merge the two records)",
		                who, strcmp(sys, "ext") == 0 ? "record" : sys, have);
	}
	free(have);
	return rc;
}

/* 1 when the strings differ (NULLs allowed). */
static int differs(const char *a, const char *b)
{
	return a && (!b || strcmp(a, b) != 0);
}

int store_lead_register_identities(struct lc_db *db, const struct lc_lead *before, const struct lc_lead *l,
                                   const struct lc_change *c)
{
	const char *sys;
	char *rkey = record_key_of(l, &sys);
	int rc = 0;

	if (differs(l->email, before ? before->email : NULL))
		rc = store_identity_add(db, l->id, ID_EMAIL, NULL, l->email, l->email, c);
	if (!rc && differs(l->external_id, before ? before->external_id : NULL))
		rc = store_identity_add(db, l->id, ID_RECORD, sys, rkey, l->external_id, c);
	if (!rc && differs(l->phone, before ? before->phone : NULL))
		rc = store_identity_add(db, l->id, ID_PHONE, NULL, l->phone, l->phone, c);
	free(rkey);
	return rc;
}

int store_lead_add_free_identities(struct lc_db *db, const struct lc_lead *l, const struct lc_change *c)
{
	const char *sys;
	char *rkey = record_key_of(l, &sys);
	int rc = identity_insert(db, l->id, ID_EMAIL, NULL, l->email, l->email, c);

	if (!rc)
		rc = identity_insert(db, l->id, ID_RECORD, sys, rkey, l->external_id, c);
	if (!rc)
		rc = identity_insert(db, l->id, ID_PHONE, NULL, l->phone, l->phone, c);
	free(rkey);
	return rc;
}

int store_lead_find(struct lc_db *db, const char *email, const char *external_id, const char *phone,
                    int64_t *id)
{
	struct lc_lead l;
	const char *sys;
	char *rkey;
	int rc;

	*id = 0;
	lead_init(&l);
	l.external_id = (char *)external_id;
	rkey = record_key_of(&l, &sys);
	l.external_id = NULL;
	rc = store_identity_owner(db, ID_EMAIL, email, id);
	if (!rc && !*id)
		rc = store_identity_owner(db, ID_RECORD, rkey, id);
	if (!rc && !*id && phone) {
		int64_t ids[1];
		size_t n;
		rc = store_identity_phone_leads(db, phone, ids, 1, &n);
		if (!rc && n)
			*id = ids[0];
	}
	free(rkey);
	return rc;
}

/* ---- references ---------------------------------------------------------- */

#define MAX_CANDIDATES 8

/* One way a reference names a lead. */
struct candidate {
	int64_t lead;
	char how[96];   /* "by number", "by zoho id 2", "by phone +34..." */
	char form[160]; /* the explicit reference: "lead:2", "zoho:2", "phone:+34..." */
};

struct cands {
	struct candidate c[MAX_CANDIDATES];
	size_t n;
};

static void cand_add(struct cands *cs, int64_t lead, const char *how, const char *form)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (cs->c[i].lead == lead)
			return;
	if (cs->n < MAX_CANDIDATES) {
		cs->c[cs->n].lead = lead;
		snprintf(cs->c[cs->n].how, sizeof cs->c[cs->n].how, "%s", how);
		/* cut to the field's size on purpose (a -O3 build warns on snprintf) */
		size_t k = strnlen(form, sizeof cs->c[cs->n].form - 1);
		memcpy(cs->c[cs->n].form, form, k);
		cs->c[cs->n].form[k] = 0;
		cs->n++;
	}
}

static int by_number(struct lc_db *db, const char *s, struct cands *cs)
{
	sqlite3_stmt *st;
	char *end;
	long long n;
	int rc;

	if (!isdigit((unsigned char)*s))
		return 0;
	n = strtoll(s, &end, 10);
	if (*end || n <= 0)
		return 0;
	if (!(st = db_stmt(db, "SELECT id FROM leads WHERE id = ?1")))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		char form[32];
		snprintf(form, sizeof form, "lead:%lld", n);
		cand_add(cs, n, "by number", form);
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up a lead");
}

static int by_email(struct lc_db *db, const char *s, struct cands *cs)
{
	const char *why = NULL;
	char *key = NULL;
	int64_t id = 0;
	int rc = 0;

	if (identity_email_key(s, &key, &why) == IDENTITY_OK &&
	    !(rc = store_identity_owner(db, ID_EMAIL, key, &id)) && id) {
		char form[300];
		snprintf(form, sizeof form, "email:%s", key);
		cand_add(cs, id, "by e-mail", form);
	}
	free(key);
	return rc;
}

/* The SLA's default calling code for phones typed without one, into *cc
 * (the caller frees it; NULL when the SLA gives none).  Returns 0 or an
 * exit status: a store failure is never read as "no default". */
static int default_cc(struct lc_db *db, char **cc)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT json_extract(content, '$.phone_country_code') FROM "
	                               "sla_versions ORDER BY version DESC LIMIT 1");
	int rc;

	*cc = NULL;
	if (!st)
		return LC_SOFTWARE;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*cc = db_col_strdup(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	               ? 0
	               : db_fail(db, rc, "reading the SLA's phone country code");
}

static int by_phone(struct lc_db *db, const char *s, struct cands *cs)
{
	struct identity_phone p;
	const char *why = NULL;
	char *cc, how[96];
	int64_t ids[MAX_CANDIDATES];
	size_t n = 0, i;
	int rc;

	if ((rc = default_cc(db, &cc)))
		return rc;
	if (identity_phone_key(s, NULL, cc, &p, &why) == IDENTITY_OK) {
		rc = store_identity_phone_leads(db, p.e164, ids, MAX_CANDIDATES, &n);
		snprintf(how, sizeof how, "by phone %s", p.e164);
		for (i = 0; !rc && i < n && i < MAX_CANDIDATES; i++)
			cand_add(cs, ids[i], how, how + strlen("by phone "));
	}
	identity_phone_free(&p);
	free(cc);
	return rc;
}

/* Record ids of any system (system NULL) or of one system with value s. */
static int by_record(struct lc_db *db, const char *system, const char *s, struct cands *cs)
{
	sqlite3_stmt *st;
	const char *why = NULL;
	char *key = NULL, how[96], form[160];
	int rc;

	if (identity_record_key(s, system ? system : "ext", &key, &why) != IDENTITY_OK)
		return 0;
	st = db_stmt(db,
	             "SELECT lead_id, system, value FROM lead_identities WHERE kind = 'record' AND value = "
	             "?1 AND (?2 IS NULL OR system = ?2) ORDER BY lead_id");
	if (!st) {
		free(key);
		return LC_SOFTWARE;
	}
	/* The key's value part: after "<system>:". */
	db_bind_text(st, 1, strchr(key, ':') + 1);
	db_bind_text(st, 2, system);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(how, sizeof how, "by %s id %s", (const char *)sqlite3_column_text(st, 1),
		         (const char *)sqlite3_column_text(st, 2));
		snprintf(form, sizeof form, "%s:%s", (const char *)sqlite3_column_text(st, 1),
		         (const char *)sqlite3_column_text(st, 2));
		cand_add(cs, sqlite3_column_int64(st, 0), how, form);
	}
	sqlite3_reset(st);
	free(key);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "looking up a lead");
}

/* An explicit "kind:value" reference; *handled = 0 when ref has no known
 * prefix.  Returns 0 or an exit status. */
static int explicit_ref(struct lc_db *db, const char *ref, struct cands *cs, int *handled)
{
	char prefix[32];
	const char *colon = strchr(ref, ':'), *v;
	size_t n, i;

	*handled = 0;
	if (!colon || colon == ref || (n = (size_t)(colon - ref)) >= sizeof prefix)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)ref[i];
		if (!identity_system_char(ch))
			return 0;
		prefix[i] = (char)tolower(ch);
	}
	prefix[n] = '\0';
	if (!isalpha((unsigned char)prefix[0]))
		return 0;
	v = colon + 1;
	*handled = 1;
	if (strcmp(prefix, "lead") == 0)
		return by_number(db, v, cs);
	if (strcmp(prefix, "email") == 0 || strcmp(prefix, "mailto") == 0)
		return by_email(db, v, cs);
	if (strcmp(prefix, "phone") == 0 || strcmp(prefix, "tel") == 0)
		return by_phone(db, v, cs);
	if (strcmp(prefix, "ext") == 0 || strcmp(prefix, "external") == 0 || strcmp(prefix, "record") == 0)
		return by_record(db, NULL, v, cs);
	return by_record(db, prefix, v, cs);
}

/* resolve_ref on a trimmed, non-empty reference. */
static int resolve_trimmed(struct lc_db *db, const char *ref, int writes, int64_t *id);

int store_lead_resolve_ref(struct lc_db *db, const char *given, int writes, int64_t *id)
{
	char *ref;
	int rc;

	*id = 0;
	/* blanks around a reference never matter (" 1" and "1 " are lead 1) */
	if (!(ref = text_trim(given)) || !*ref) {
		free(ref);
		return diag_error(LC_USAGE, "empty lead reference: give a lead number or e-mail");
	}
	rc = resolve_trimmed(db, ref, writes, id);
	free(ref);
	return rc;
}

static int resolve_trimmed(struct lc_db *db, const char *ref, int writes, int64_t *id)
{
	struct cands cs;
	int rc, handled;
	size_t i;

	memset(&cs, 0, sizeof cs);
	if (ref[0] == '#') {
		if ((rc = by_number(db, ref + 1, &cs)))
			return rc;
	} else if ((rc = explicit_ref(db, ref, &cs, &handled))) {
		return rc;
	} else if (!handled) {
		/* A bare reference: a lead number, else every identity it spells. */
		if ((rc = by_number(db, ref, &cs)))
			return rc;
		if (strchr(ref, '@'))
			rc = by_email(db, ref, &cs);
		else if (!(rc = by_record(db, NULL, ref, &cs)))
			rc = by_phone(db, ref, &cs);
		if (rc)
			return rc;
	}
	if (cs.n == 0)
		return diag_error(LC_NOINPUT,
		                  "no lead '%s': give a lead number, e-mail, record id or phone, or an "
		                  "explicit lead:N, email:, phone:, ext: or SYSTEM:ID (see 'leadctl list')",
		                  ref);
	if (cs.n > 1 && (writes || strcmp(cs.c[0].how, "by number") != 0)) {
		sqlite3_str *s = sqlite3_str_new(db->h);
		char who[256], *msg;
		for (i = 0; i < cs.n; i++) {
			store_lead_label(db, cs.c[i].lead, who, sizeof who);
			sqlite3_str_appendf(s, "%s%s %s (%s)", i ? "; " : "", who, cs.c[i].how, cs.c[i].form);
		}
		msg = sqlite3_str_finish(s);
		rc = diag_error(LC_DATAERR,
		                "'%s' is ambiguous: %s; nothing changed: say which lead with its form in "
		                "parentheses",
		                ref, msg ? msg : "several leads");
		sqlite3_free(msg);
		return rc;
	}
	for (i = 1; i < cs.n; i++) {
		char who[256];
		store_lead_label(db, cs.c[i].lead, who, sizeof who);
		diag_note("'%s' is lead number %s; %s has it %s: write %s for that one", ref, ref, who,
		          cs.c[i].how, cs.c[i].form);
	}
	*id = cs.c[0].lead;
	return 0;
}

int store_lead_resolve(struct lc_db *db, const char *ref, int64_t *id)
{
	return store_lead_resolve_ref(db, ref, 1, id);
}

/* ---- identity lists (the CSV export's identities column) ------------------ */

int store_identity_list(struct lc_db *db, int64_t lead, struct idlist_entry **out, size_t *n)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT kind, system, value FROM lead_identities WHERE lead_id = ?1 "
	                    "ORDER BY CASE kind WHEN 'email' THEN 0 WHEN 'phone' THEN 1 ELSE 2 END, "
	                    "key");
	struct idlist_entry *v = NULL, *nv;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		if (!(nv = realloc(v, (len + 1) * sizeof *nv)))
			goto oom;
		v = nv;
		v[len].kind = strcmp(kind, "email") == 0   ? IDLIST_EMAIL
		              : strcmp(kind, "phone") == 0 ? IDLIST_PHONE
		                                           : IDLIST_RECORD;
		v[len].system = db_col_strdup(st, 1);
		v[len].value = db_col_strdup(st, 2);
		len++;
		if (!v[len - 1].value || (sqlite3_column_type(st, 1) != SQLITE_NULL && !v[len - 1].system))
			goto oom;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		idlist_free(v, len);
		return db_fail(db, rc, "reading a lead's identities");
	}
	*out = v;
	*n = len;
	return 0;
oom:
	sqlite3_reset(st);
	idlist_free(v, len);
	return diag_error(LC_SOFTWARE, "out of memory");
}

/* The store's kind and key of an entry; *key is new (caller frees) or NULL
 * when out of memory. */
static enum lc_id_kind entry_key(const struct idlist_entry *e, char **key)
{
	if (e->kind == IDLIST_RECORD) {
		*key = malloc(strlen(e->system) + strlen(e->value) + 2);
		if (*key)
			sprintf(*key, "%s:%s", e->system, e->value);
		return ID_RECORD;
	}
	*key = strdup(e->value);
	return e->kind == IDLIST_EMAIL ? ID_EMAIL : ID_PHONE;
}

int store_identity_list_owner(struct lc_db *db, const struct idlist_entry *e, size_t n, long line,
                              int64_t *lead)
{
	char a[256], b[256], where[32] = "";
	int64_t first = *lead, found;
	char *key = NULL, *first_key = NULL;
	size_t i;
	int rc = 0;

	if (line > 0)
		snprintf(where, sizeof where, "line %ld: ", line);
	for (i = 0; i < n && !rc; i++) {
		enum lc_id_kind k = entry_key(&e[i], &key);
		if (!key)
			return diag_error(LC_SOFTWARE, "out of memory");
		found = 0;
		if (k == ID_PHONE) {
			/* A phone may be shared: it names a lead only when it is one lead's. */
			int64_t ids[2];
			size_t cnt;
			if ((rc = store_identity_phone_leads(db, key, ids, 2, &cnt)) == 0 && cnt == 1 &&
			    !first)
				found = ids[0];
		} else {
			rc = store_identity_owner(db, k, key, &found);
		}
		if (!rc && found && !first) {
			first = found;
			first_key = key;
			key = NULL;
		} else if (!rc && found && found != first) {
			store_lead_label(db, first, a, sizeof a);
			store_lead_label(db, found, b, sizeof b);
			if (first_key)
				rc = diag_error(
				        LC_DATAERR,
				        "%sidentities: '%s' belongs to %s but '%s' to %s: one row cannot be "
				        "two leads (rejected, nothing merged; 'leadctl merge' them if they "
				        "are one person)",
				        where, first_key, a, key, b);
			else
				rc = diag_error(
				        LC_DATAERR,
				        "%sidentities: the row is %s by its e-mail or record id but '%s' "
				        "belongs to %s: one row cannot be two leads (rejected, nothing "
				        "merged; 'leadctl merge' them if they are one person)",
				        where, a, key, b);
		}
		free(key);
		key = NULL;
	}
	free(first_key);
	if (!rc)
		*lead = first;
	return rc;
}

int store_identity_list_add(struct lc_db *db, int64_t lead, const struct idlist_entry *e, size_t n,
                            const struct lc_change *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		char *key = NULL;
		enum lc_id_kind k = entry_key(&e[i], &key);
		if (!key)
			return diag_error(LC_SOFTWARE, "out of memory");
		rc = store_identity_add(db, lead, k, k == ID_RECORD ? e[i].system : NULL, key, e[i].value, c);
		free(key);
	}
	return rc;
}
