/* store_lead: leads, accounts, owners, history, touches, events and
 * assignments in SQL (see store.h). */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/identity.h"
#include "leadctl/store.h"
#include "leadctl/text.h"
#include "leadctl/vec.h"

const char *origin_name(enum lc_origin o)
{
	switch (o) {
	case ORIGIN_CLI: return "cli";
	case ORIGIN_IMPORT: return "import";
	case ORIGIN_SLA: return "sla";
	case ORIGIN_MERGE: return "merge";
	}
	return "cli";
}

/* History, touches and events only know cli/import/sla. */
static const char *event_origin(enum lc_origin o)
{
	return o == ORIGIN_MERGE ? "cli" : origin_name(o);
}

static int store_assign_row(struct lc_db *db, int64_t lead, const char *owner, const char *rule,
                            const struct lc_change *c);

#define LEAD_COLUMNS                                                                                         \
	"l.id, l.email, l.external_id, l.phone, l.first_name, l.last_name, l.title, l.company, l.website, "  \
	"l.country, l.industry, l.employees, l.source, l.campaign, l.owner, l.stage, l.score, "              \
	"l.created_at, "                                                                                     \
	"l.custom, l.account_id, l.stage_at, l.activity_at, l.updated_at, a.name, a.domain, l.score_at"

static void row_to_lead(sqlite3_stmt *st, struct lc_lead *l)
{
	lead_init(l);
	l->id = sqlite3_column_int64(st, 0);
	l->email = db_col_strdup(st, 1);
	l->external_id = db_col_strdup(st, 2);
	l->phone = db_col_strdup(st, 3);
	l->first_name = db_col_strdup(st, 4);
	l->last_name = db_col_strdup(st, 5);
	l->title = db_col_strdup(st, 6);
	l->company = db_col_strdup(st, 7);
	l->website = db_col_strdup(st, 8);
	l->country = db_col_strdup(st, 9);
	l->industry = db_col_strdup(st, 10);
	l->employees = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 11);
	l->source = db_col_strdup(st, 12);
	l->campaign = db_col_strdup(st, 13);
	l->owner = db_col_strdup(st, 14);
	{
		int s = stage_parse((const char *)sqlite3_column_text(st, 15));
		l->stage = s < 0 ? STAGE_NEW : (enum lc_stage)s;
	}
	l->score = sqlite3_column_double(st, 16);
	l->score_at = sqlite3_column_type(st, 25) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 25);
	l->created_at = sqlite3_column_int64(st, 17);
	l->custom_json = db_col_strdup(st, 18);
	l->account_id = sqlite3_column_type(st, 19) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 19);
}

int store_lead_load(struct lc_db *db, int64_t id, struct lc_lead *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LEAD_COLUMNS
	                               " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
	                               "WHERE l.id = ?1");
	int rc;

	lead_init(out);
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_to_lead(st, out);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return diag_error(LC_NOINPUT, "no lead %" PRId64 ": see 'leadctl list'", id);
	return db_fail(db, rc, "loading a lead");
}

int store_lead_times(struct lc_db *db, int64_t id, lc_time *stage_at, lc_time *activity_at)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT stage_at, activity_at FROM leads WHERE id = ?1");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (stage_at)
			*stage_at = sqlite3_column_int64(st, 0);
		if (activity_at)
			*activity_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return diag_error(LC_NOINPUT, "no lead %" PRId64, id);
	return db_fail(db, rc, "loading a lead");
}

static int ensure_owner(struct lc_db *db, const char *owner, lc_time at)
{
	sqlite3_stmt *st;

	if (!owner)
		return 0;
	st = db_stmt(db, "INSERT INTO owners(name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING");
	if (!st)
		return LC_SOFTWARE;
	db_bind_static(st, 1, owner);
	sqlite3_bind_int64(st, 2, at);
	return db_step_done(db, st, "recording an owner");
}

void store_account_key_set(struct lc_db *db, enum store_account_key key)
{
	db->account_key = (int)key;
}

/* The accounts store_account_for has written or found in the current
 * transaction, by key: an import of many leads of one company upserts
 * its account once, not once per lead (issue 13).  Open addressing over
 * a power-of-two table; bounded (emptied when full), so memory stays
 * flat however many companies a file names. */
#define ACCOUNT_CACHE_MAX 65536
struct account_cache {
	struct account_slot {
		char *key;  /* "domain:acme.com" / "name:acme"; NULL = empty slot */
		int64_t id; /* accounts.id */
		int named;  /* accounts.name is known to be set */
	} * slot;
	size_t cap, n;
};

void store_account_cache_clear(struct lc_db *db)
{
	struct account_cache *ac = db->accounts;
	size_t i;

	if (!ac)
		return;
	for (i = 0; i < ac->cap; i++)
		free(ac->slot[i].key);
	free(ac->slot);
	free(ac);
	db->accounts = NULL;
}

/* FNV-1a of s. */
static size_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of key: its entry, or the empty slot where it would go.  NULL
 * when the cache does not exist. */
static struct account_slot *account_slot(struct account_cache *ac, const char *key)
{
	size_t i;

	if (!ac || !ac->cap)
		return NULL;
	for (i = key_hash(key) & (ac->cap - 1); ac->slot[i].key; i = (i + 1) & (ac->cap - 1))
		if (strcmp(ac->slot[i].key, key) == 0)
			break;
	return &ac->slot[i];
}

/* Remember key -> id (named: the account has a name).  Best effort: out
 * of memory only means the next lead of the account asks SQLite again. */
static void account_remember(struct lc_db *db, const char *key, int64_t id, int named)
{
	struct account_cache *ac = db->accounts;
	struct account_slot *sl;

	if (!ac || ac->n + 1 > ac->cap / 2) {
		size_t cap = ac && ac->cap ? ac->cap * 2 : 1024, i;
		struct account_slot *old = ac ? ac->slot : NULL, *ns;
		size_t oldcap = ac ? ac->cap : 0;
		if (cap > 2 * ACCOUNT_CACHE_MAX) {
			store_account_cache_clear(db);
			cap = 1024;
			old = NULL;
			oldcap = 0;
			ac = NULL;
		}
		if (!ac && !(ac = db->accounts = calloc(1, sizeof *ac)))
			return;
		if (!(ns = calloc(cap, sizeof *ns)))
			return;
		ac->slot = ns;
		ac->cap = cap;
		for (i = 0; i < oldcap; i++)
			if (old[i].key)
				*account_slot(ac, old[i].key) = old[i];
		free(old);
	}
	sl = account_slot(ac, key);
	if (sl->key) {
		sl->id = id;
		sl->named |= named;
		return;
	}
	if (!(sl->key = strdup(key)))
		return;
	sl->id = id;
	sl->named = named;
	ac->n++;
}

/* The id of the account of key, which exists, into *id; named company
 * when it has no name yet. */
static int account_known(struct lc_db *db, const char *key, const char *company, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, name IS NULL FROM accounts WHERE key = ?1");
	int rc, unnamed = 0;

	if (!st)
		return LC_SOFTWARE;
	db_bind_static(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		unnamed = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading an account");
	if (!unnamed || !company)
		return 0;
	if (!(st = db_stmt(db, "UPDATE accounts SET name = ?2 WHERE id = ?1")))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, *id);
	db_bind_static(st, 2, company);
	return db_step_done(db, st, "naming an account");
}

int store_account_for(struct lc_db *db, const struct lc_lead *l, lc_time at, int64_t *account_id)
{
	char *key = NULL, *domain = NULL, *name_key = NULL;
	const char *ed = l->email ? identity_email_domain(l->email) : NULL;
	const char *company = l->company && *l->company ? l->company : NULL;
	struct account_slot *known;
	sqlite3_stmt *st;
	int rc = 0;

	/* Key orders (store_account_key_set): e-mail domain, website domain,
	 * company name by default; a file that names companies first. */
	static const char orders[][3] = { [STORE_ACCOUNT_AUTO] = { 'e', 'w', 'c' },
		                          [STORE_ACCOUNT_WEBSITE] = { 'w', 'c', 'e' },
		                          [STORE_ACCOUNT_COMPANY] = { 'c', 'w', 'e' } };
	size_t k;

	*account_id = 0;
	for (k = 0; k < 3 && !domain && !name_key; k++) {
		char by = orders[db->account_key][k];
		if (by == 'e' && ed && *ed && !text_is_free_mail_domain(ed))
			domain = strdup(ed);
		else if (by == 'w' && l->website)
			domain = identity_domain_key(l->website);
		else if (by == 'c' && l->company)
			name_key = text_company_key(l->company);
		if (domain && text_is_free_mail_domain(domain)) {
			free(domain);
			domain = NULL;
		}
	}
	if (domain) {
		key = malloc(strlen(domain) + 8);
		if (key)
			sprintf(key, "domain:%s", domain);
	} else if (name_key) {
		key = malloc(strlen(name_key) + 6);
		if (key)
			sprintf(key, "name:%s", name_key);
	}
	if (!key)
		goto done;
	/* Known in this transaction, and the upsert would change nothing
	 * (its name is set, or this lead gives none). */
	known = sqlite3_get_autocommit(db->h) ? NULL : account_slot(db->accounts, key);
	if (known && known->key && (known->named || !company)) {
		*account_id = known->id;
		goto done;
	}
	/* A new key is one INSERT; a known one is read, and named when it has
	 * no name yet (an upsert with RETURNING cost three times as much). */
	st = db_stmt(db, "INSERT INTO accounts(key, name, domain, created_at) VALUES (?1, ?2, ?3, ?4) "
	                 "ON CONFLICT(key) DO NOTHING");
	if (!st) {
		rc = LC_SOFTWARE;
		goto done;
	}
	db_bind_static(st, 1, key);
	db_bind_static(st, 2, company);
	db_bind_static(st, 3, domain);
	sqlite3_bind_int64(st, 4, at);
	if ((rc = db_step_done(db, st, "recording an account")))
		goto done;
	if (sqlite3_changes(db->h) == 1)
		*account_id = sqlite3_last_insert_rowid(db->h);
	else if ((rc = account_known(db, key, company, account_id)))
		goto done;
	if (!rc && !sqlite3_get_autocommit(db->h))
		account_remember(db, key, *account_id, company != NULL);
done:
	free(key);
	free(domain);
	free(name_key);
	return rc;
}

static void bind_lead_fields(sqlite3_stmt *st, const struct lc_lead *l)
{
	db_bind_static(st, 1, l->email);
	db_bind_static(st, 2, l->external_id);
	db_bind_static(st, 3, l->phone);
	db_bind_static(st, 4, l->first_name);
	db_bind_static(st, 5, l->last_name);
	db_bind_static(st, 6, l->title);
	db_bind_static(st, 7, l->company);
	db_bind_static(st, 8, l->website);
	db_bind_static(st, 9, l->country);
	db_bind_static(st, 10, l->industry);
	if (l->employees >= 0)
		sqlite3_bind_int64(st, 11, l->employees);
	else
		sqlite3_bind_null(st, 11);
	db_bind_static(st, 12, l->source);
	db_bind_static(st, 13, l->campaign);
	db_bind_static(st, 14, l->owner);
	db_bind_static(st, 15, l->custom_json);
	if (l->account_id)
		sqlite3_bind_int64(st, 16, l->account_id);
	else
		sqlite3_bind_null(st, 16);
}

/* store_lead_insert; ids_free: the caller has found no lead holding l's
 * identities in this transaction (store_lead_insert_new), so they are
 * neither checked again nor looked up before they are added.  *entry: the
 * creation's stage_history id (NULL: not wanted). */
static int lead_insert(struct lc_db *db, struct lc_lead *l, const struct lc_change *c, int ids_free,
                       int64_t *entry)
{
	sqlite3_stmt *st;
	int rc;

	if (!l->email && !l->external_id && !l->phone)
		return diag_error(LC_DATAERR,
		                  "a lead needs an e-mail, an external id or a phone to be identified");
	if (!ids_free && (rc = store_lead_identities_free(db, l, 0)))
		return rc;
	if ((rc = ensure_owner(db, l->owner, c->at)))
		return rc;
	if ((rc = store_account_for(db, l, l->created_at, &l->account_id)))
		return rc;
		/* A number asked for (l->id > 0: leadctl's own export re-imported)
		 * is taken only when no lead of this database ever had it or a higher
		 * one (sqlite_sequence keeps the highest AUTOINCREMENT number given):
		 * lead numbers are never reused (README "Identity and accounts"). */
#define LEAD_INSERT                                                                                          \
	"INSERT INTO leads(id, email, external_id, phone, first_name, last_name, title, company, website, "  \
	"country, industry, employees, source, campaign, owner, custom, account_id, stage, stage_at, "       \
	"score, "                                                                                            \
	"created_at, updated_at, activity_at) VALUES "
#define LEAD_VALUES                                                                                          \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'new', ?17, ?18, ?17, ?19, " \
	"?17)"
	/* (Without a number asked for, the lookups are not made at all.) */
	st = l->id > 0 ? db_stmt(db, LEAD_INSERT
	                         "(CASE WHEN ?20 > coalesce((SELECT max(seq) FROM "
	                         "sqlite_sequence WHERE name = 'leads'), 0) AND ?20 > "
	                         "coalesce((SELECT max(id) FROM leads), 0) THEN ?20 END, " LEAD_VALUES)
	               : db_stmt(db, LEAD_INSERT "(?20, " LEAD_VALUES);
	if (!st)
		return LC_SOFTWARE;
	bind_lead_fields(st, l);
	sqlite3_bind_int64(st, 17, l->created_at);
	sqlite3_bind_double(st, 18, l->score);
	sqlite3_bind_int64(st, 19, c->at > l->created_at ? c->at : l->created_at);
	if (l->id > 0)
		sqlite3_bind_int64(st, 20, l->id);
	else
		sqlite3_bind_null(st, 20);
	if ((rc = db_step_done(db, st, "adding a lead")))
		return rc;
	l->id = sqlite3_last_insert_rowid(db->h);
	l->stage = STAGE_NEW;
	st = db_stmt(
	        db,
	        "INSERT INTO stage_history(lead_id, from_stage, to_stage, at, actor, origin, sla_version, "
	        "import_id) VALUES (?1, NULL, 'new', ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, l->created_at);
	db_bind_static(st, 3, c->actor);
	db_bind_static(st, 4, event_origin(c->origin));
	if (c->sla_version)
		sqlite3_bind_int(st, 5, c->sla_version);
	else
		sqlite3_bind_null(st, 5);
	if (c->import_id)
		sqlite3_bind_int64(st, 6, c->import_id);
	else
		sqlite3_bind_null(st, 6);
	if ((rc = db_step_done(db, st, "recording the lead's creation")))
		return rc;
	if (entry)
		*entry = sqlite3_last_insert_rowid(db->h);
	if ((rc = ids_free ? store_lead_add_free_identities(db, l, c)
	                   : store_lead_register_identities(db, NULL, l, c)))
		return rc;
	if (l->owner)
		return store_assign_row(db, l->id, l->owner, NULL, c);
	return 0;
}

int store_lead_insert(struct lc_db *db, struct lc_lead *l, const struct lc_change *c)
{
	return lead_insert(db, l, c, 0, NULL);
}

int store_lead_insert_new(struct lc_db *db, struct lc_lead *l, const struct lc_change *c, int64_t *entry)
{
	return lead_insert(db, l, c, 1, entry);
}

static const char *str_at(const struct lc_lead *l, size_t off)
{
	return *(char *const *)((const char *)l + off);
}

/* custom_json is compared like the named string fields. */
static const struct lead_string_field custom_field = { "custom", offsetof(struct lc_lead, custom_json) };

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int field_change(struct lc_db *db, int64_t lead, const char *field, const char *old, const char *new_,
                 const struct lc_change *c)
{
	sqlite3_stmt *st =
	        db_stmt(db, "INSERT INTO field_changes(lead_id, at, actor, origin, field, old_value, "
	                    "new_value, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, c->at);
	db_bind_text(st, 3, c->actor);
	db_bind_text(st, 4, origin_name(c->origin));
	db_bind_text(st, 5, field);
	db_bind_text(st, 6, old);
	db_bind_text(st, 7, new_);
	if (c->import_id)
		sqlite3_bind_int64(st, 8, c->import_id);
	else
		sqlite3_bind_null(st, 8);
	return db_step_done(db, st, "recording a field change");
}

int store_lead_update(struct lc_db *db, const struct lc_lead *before, struct lc_lead *after,
                      const struct lc_change *c, int *changed)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, n = 0;

	if (changed)
		*changed = 0;
	if (!after->email && !after->external_id && !after->phone)
		return diag_error(LC_DATAERR,
		                  "lead %" PRId64 " would have no e-mail, external id or phone left",
		                  after->id);
	if ((rc = store_lead_identities_free(db, after, after->id)))
		return rc;
	if (after->external_id && before->external_id &&
	    strcmp(after->external_id, before->external_id) != 0 &&
	    (rc = store_record_id_not_replaced(db, after)))
		return rc;
	for (i = 0; i <= lead_string_field_count; i++) {
		const struct lead_string_field *f =
		        i < lead_string_field_count ? &lead_string_fields[i] : &custom_field;
		const char *o = str_at(before, f->off), *v = str_at(after, f->off);
		if (same(o, v))
			continue;
		if ((rc = field_change(db, after->id, f->name, o, v, c)))
			return rc;
		n++;
	}
	if (before->employees != after->employees) {
		char ob[32], nb[32];
		snprintf(ob, sizeof ob, "%" PRId64, before->employees);
		snprintf(nb, sizeof nb, "%" PRId64, after->employees);
		if ((rc = field_change(db, after->id, "employees", before->employees >= 0 ? ob : NULL,
		                       after->employees >= 0 ? nb : NULL, c)))
			return rc;
		n++;
	}
	if (changed)
		*changed = n;
	if (n == 0)
		return 0;
	if ((rc = ensure_owner(db, after->owner, c->at)))
		return rc;
	if ((rc = store_account_for(db, after, c->at, &after->account_id)))
		return rc;
	st = db_stmt(
	        db,
	        "UPDATE leads SET email = ?1, external_id = ?2, phone = ?3, first_name = ?4, last_name = ?5, "
	        "title = ?6, company = ?7, website = ?8, country = ?9, industry = ?10, employees = ?11, "
	        "source = ?12, campaign = ?13, owner = ?14, custom = ?15, account_id = ?16, "
	        "updated_at = max(updated_at, ?17) WHERE id = ?18");
	if (!st)
		return LC_SOFTWARE;
	bind_lead_fields(st, after);
	sqlite3_bind_int64(st, 17, c->at);
	sqlite3_bind_int64(st, 18, after->id);
	if ((rc = db_step_done(db, st, "updating a lead")) ||
	    (rc = store_lead_register_identities(db, before, after, c)))
		return rc;
	if (!same(before->owner, after->owner))
		return store_assign_row(db, after->id, after->owner, NULL, c);
	return 0;
}

int store_last_history_at(struct lc_db *db, int64_t lead, lc_time *at)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT max(at) FROM stage_history WHERE lead_id = ?1");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	*at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading stage history");
}

int store_stage_entry(struct lc_db *db, int64_t lead, char **reason, int64_t *cents, char currency[4])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT h.reason, h.amount_cents, h.currency FROM stage_history h "
	                               "JOIN leads l ON l.id = h.lead_id AND l.stage = h.to_stage "
	                               "WHERE h.lead_id = ?1 ORDER BY h.at DESC, h.id DESC LIMIT 1");
	int rc;

	*reason = NULL;
	*cents = -1;
	currency[0] = '\0';
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*reason = db_col_strdup(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*cents = sqlite3_column_int64(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(currency, 4, "%s", (const char *)sqlite3_column_text(st, 2));
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*reason);
	*reason = NULL;
	return db_fail(db, rc, "reading stage history");
}

int store_stage_set_by_import(struct lc_db *db, int64_t lead, int *yes)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT origin IN ('import', 'sla') FROM stage_history WHERE lead_id = ?1 "
	                    "ORDER BY at DESC, id DESC LIMIT 1");
	int rc;

	*yes = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*yes = sqlite3_column_int(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading stage history");
}

int store_stage_move(struct lc_db *db, int64_t lead, enum lc_stage from, enum lc_stage to, const char *reason,
                     int64_t amount_cents, const char *currency, const struct lc_change *c,
                     int64_t *history_id)
{
	sqlite3_stmt *st;
	int rc;

	st = db_stmt(db,
	             "INSERT INTO stage_history(lead_id, from_stage, to_stage, at, actor, reason, origin, "
	             "sla_version, amount_cents, currency, import_id) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_static(st, 2, stage_name(from));
	db_bind_static(st, 3, stage_name(to));
	sqlite3_bind_int64(st, 4, c->at);
	db_bind_static(st, 5, c->actor);
	db_bind_static(st, 6, reason);
	db_bind_static(st, 7, event_origin(c->origin));
	if (c->sla_version)
		sqlite3_bind_int(st, 8, c->sla_version);
	else
		sqlite3_bind_null(st, 8);
	if (amount_cents >= 0) {
		sqlite3_bind_int64(st, 9, amount_cents);
		db_bind_static(st, 10, currency);
	} else {
		sqlite3_bind_null(st, 9);
		sqlite3_bind_null(st, 10);
	}
	if (c->import_id)
		sqlite3_bind_int64(st, 11, c->import_id);
	else
		sqlite3_bind_null(st, 11);
	if ((rc = db_step_done(db, st, "recording a stage change")))
		return rc;
	if (history_id)
		*history_id = sqlite3_last_insert_rowid(db->h);
	st = db_stmt(db, "UPDATE leads SET stage = ?1, stage_at = ?2, activity_at = max(activity_at, ?2), "
	                 "updated_at = max(updated_at, ?2) WHERE id = ?3");
	if (!st)
		return LC_SOFTWARE;
	db_bind_static(st, 1, stage_name(to));
	sqlite3_bind_int64(st, 2, c->at);
	sqlite3_bind_int64(st, 3, lead);
	return db_step_done(db, st, "changing a lead's stage");
}

int store_touch_add(struct lc_db *db, int64_t lead, const char *channel, const char *outcome,
                    const char *note, const struct lc_change *c, int64_t *touch_id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO touches(lead_id, at, actor, channel, outcome, note) "
	                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, c->at);
	db_bind_text(st, 3, c->actor);
	db_bind_text(st, 4, channel);
	db_bind_text(st, 5, outcome);
	db_bind_text(st, 6, note);
	if ((rc = db_step_done(db, st, "recording a touch")))
		return rc;
	if (touch_id)
		*touch_id = sqlite3_last_insert_rowid(db->h);
	st = db_stmt(db, "UPDATE leads SET activity_at = max(activity_at, ?1) WHERE id = ?2");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, c->at);
	sqlite3_bind_int64(st, 2, lead);
	return db_step_done(db, st, "recording a touch");
}

int store_touch_count(struct lc_db *db, int64_t lead, lc_time since, lc_time until, int64_t *count)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT count(*) FROM touches WHERE lead_id = ?1 AND at > ?2 AND at <= ?3");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, until);
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "counting touches");
}

int store_event_add(struct lc_db *db, int64_t lead, const char *type, const struct lc_change *c,
                    int64_t *event_id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO events(lead_id, type, at, actor, origin, import_id) "
	                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_static(st, 2, type);
	sqlite3_bind_int64(st, 3, c->at);
	db_bind_static(st, 4, c->actor);
	db_bind_static(st, 5, event_origin(c->origin));
	if (c->import_id)
		sqlite3_bind_int64(st, 6, c->import_id);
	else
		sqlite3_bind_null(st, 6);
	if ((rc = db_step_done(db, st, "recording an event")))
		return rc;
	if (event_id)
		*event_id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int store_event_submission(struct lc_db *db, int64_t event_id, const char *submission_id)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE events SET submission_id = ?2 WHERE id = ?1");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, event_id);
	db_bind_text(st, 2, submission_id);
	return db_step_done(db, st, "recording a submission id");
}

int store_events_load(struct lc_db *db, int64_t lead, struct lc_event **evs, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT type, at FROM events WHERE lead_id = ?1 ORDER BY at, id");
	size_t cap = 0;
	int rc;

	*evs = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve((void **)evs, &cap, *n + 1, sizeof **evs) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		(*evs)[*n].type = db_col_strdup(st, 0);
		(*evs)[*n].at = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading events");
}

void store_events_free(struct lc_event *evs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(evs[i].type);
	free(evs);
}

static int store_assign_row(struct lc_db *db, int64_t lead, const char *owner, const char *rule,
                            const struct lc_change *c)
{
	sqlite3_stmt *st =
	        db_stmt(db, "INSERT INTO assignments(lead_id, owner, at, actor, origin, rule, sla_version) "
	                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	db_bind_static(st, 2, owner);
	sqlite3_bind_int64(st, 3, c->at);
	db_bind_static(st, 4, c->actor);
	db_bind_static(st, 5, event_origin(c->origin));
	db_bind_static(st, 6, rule);
	if (c->sla_version)
		sqlite3_bind_int(st, 7, c->sla_version);
	else
		sqlite3_bind_null(st, 7);
	return db_step_done(db, st, "recording an assignment");
}

int store_assign(struct lc_db *db, int64_t lead, const char *owner, const char *rule,
                 const struct lc_change *c)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = ensure_owner(db, owner, c->at)))
		return rc;
	st = db_stmt(db, "UPDATE leads SET owner = ?1, updated_at = max(updated_at, ?2) WHERE id = ?3");
	if (!st)
		return LC_SOFTWARE;
	db_bind_static(st, 1, owner);
	sqlite3_bind_int64(st, 2, c->at);
	sqlite3_bind_int64(st, 3, lead);
	if ((rc = db_step_done(db, st, "assigning a lead")))
		return rc;
	return store_assign_row(db, lead, owner, rule, c);
}

int store_score_set(struct lc_db *db, int64_t lead, double score, lc_time at)
{
	/* An unchanged score keeps its instant: it was already the score then
	 * (and nothing is written, so an unchanged re-import changes nothing). */
	sqlite3_stmt *st = db_stmt(db, "UPDATE leads SET score = ?1, score_at = ?3 WHERE id = ?2 "
	                               "AND (score IS NOT ?1 OR score_at IS NULL)");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_double(st, 1, score);
	sqlite3_bind_int64(st, 2, lead);
	sqlite3_bind_int64(st, 3, at);
	return db_step_done(db, st, "saving a score");
}

int store_sla_current(struct lc_db *db, char **json, int *version)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT content, version FROM sla_versions ORDER BY version DESC LIMIT 1");
	int rc;

	*json = NULL;
	*version = 0;
	if (!st)
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*json = db_col_strdup(st, 0);
		*version = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the SLA");
}

int store_touches_load(struct lc_db *db, int64_t lead, struct lc_touch **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at, outcome FROM touches WHERE lead_id = ?1 ORDER BY at, id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve((void **)out, &cap, *n + 1, sizeof **out) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		(*out)[*n].at = sqlite3_column_int64(st, 0);
		snprintf((*out)[*n].outcome, sizeof(*out)[*n].outcome, "%s",
		         (const char *)sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading touches");
}

/* Collect column 0 of a prepared, bound statement into a growing array. */
static int collect_ids(struct lc_db *db, sqlite3_stmt *st, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve((void **)ids, &cap, *n + 1, sizeof **ids) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "listing leads");
}

int store_lead_ids(struct lc_db *db, const char *stage_filter, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id FROM leads WHERE ?1 IS NULL OR instr(?1, ',' || stage || ',') > 0 "
	                    "ORDER BY id");

	*ids = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, stage_filter);
	return collect_ids(db, st, ids, n);
}

int store_lead_ids_after(struct lc_db *db, int64_t after, size_t limit, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM leads WHERE id > ?1 ORDER BY id LIMIT ?2");

	*ids = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return collect_ids(db, st, ids, n);
}

int store_lead_ids_since(struct lc_db *db, lc_time since, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM leads WHERE created_at >= ?1 ORDER BY created_at, id");

	*ids = NULL;
	*n = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, since);
	return collect_ids(db, st, ids, n);
}

int store_lead_times_restore(struct lc_db *db, int64_t id, lc_time updated_at, lc_time activity_at)
{
	sqlite3_stmt *st =
	        db_stmt(db, "UPDATE leads SET updated_at = CASE WHEN ?2 > 0 THEN ?2 ELSE updated_at END, "
	                    "activity_at = CASE WHEN ?3 > 0 THEN ?3 ELSE activity_at END WHERE id = ?1");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, updated_at);
	sqlite3_bind_int64(st, 3, activity_at);
	return db_step_done(db, st, "restoring a lead's times");
}
