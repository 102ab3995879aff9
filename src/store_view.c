/* store_view: leads, accounts and their lists as JSON for show, list and
 * export (see store.h and README.md "JSON fields"), and merging. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/consent.h"
#include "leadctl/diag.h"
#include "leadctl/score.h"
#include "leadctl/store.h"

/* cJSON calls that failed (out of memory) while building the current
 * object: a lead is never shown or exported with a value missing. */
static int json_nomem;

/* Note a failed cJSON call (NULL or false); returns x. */
static cJSON *need(cJSON *x)
{
	if (!x)
		json_nomem++;
	return x;
}

/* Add item to o under key (to the array o when key is NULL); a failure is
 * noted and frees the item. */
static void add_item(cJSON *o, const char *key, cJSON *item)
{
	if (!item || !(key ? cJSON_AddItemToObject(o, key, item) : cJSON_AddItemToArray(o, item))) {
		cJSON_Delete(item);
		json_nomem++;
	}
}

static void add_time(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
	char buf[32];

	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		need(cJSON_AddNullToObject(o, key));
		return;
	}
	clock_format_utc(sqlite3_column_int64(st, col), buf, sizeof buf);
	need(cJSON_AddStringToObject(o, key, buf));
}

static void add_text(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		need(cJSON_AddNullToObject(o, key));
	else
		need(cJSON_AddStringToObject(o, key, (const char *)sqlite3_column_text(st, col)));
}

static void add_int(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		need(cJSON_AddNullToObject(o, key));
	else
		need(cJSON_AddNumberToObject(o, key, (double)sqlite3_column_int64(st, col)));
}

static void add_money(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		need(cJSON_AddNullToObject(o, key));
	} else {
		char buf[48];
		int64_t c = sqlite3_column_int64(st, col);
		snprintf(buf, sizeof buf, "%s%" PRId64 ".%02" PRId64, c < 0 ? "-" : "",
		         (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100);
		add_item(o, key, cJSON_CreateRaw(buf));
	}
}

#define VIEW_COLUMNS                                                                                         \
	"l.id, l.email, l.external_id, l.phone, l.first_name, l.last_name, l.title, l.company, l.website, "  \
	"l.country, l.industry, l.employees, l.source, l.campaign, l.owner, l.stage, l.stage_at, l.score, "  \
	"l.created_at, l.updated_at, l.activity_at, l.custom, a.id, a.name, a.domain, l.score_at"

/* The row of VIEW_COLUMNS as a JSON object. */
static cJSON *lead_row_json(sqlite3_stmt *st)
{
	static const char *const text_keys[] = {
		"email", "external_id", "phone",   "first_name", "last_name",
		"title", "company",     "website", "country",    "industry"
	};
	cJSON *o = need(cJSON_CreateObject());
	size_t i;

	add_int(o, "id", st, 0);
	for (i = 0; i < 10; i++)
		add_text(o, text_keys[i], st, (int)i + 1);
	add_int(o, "employees", st, 11);
	add_text(o, "source", st, 12);
	add_text(o, "campaign", st, 13);
	add_text(o, "owner", st, 14);
	add_text(o, "stage", st, 15);
	add_time(o, "stage_at", st, 16);
	/* the stored score, as of score_at, in the one rounding of scores */
	need(cJSON_AddNumberToObject(o, "score", score_round(sqlite3_column_double(st, 17))));
	add_time(o, "score_at", st, 25);
	add_time(o, "created_at", st, 18);
	add_time(o, "updated_at", st, 19);
	add_time(o, "activity_at", st, 20);
	if (sqlite3_column_type(st, 21) == SQLITE_NULL)
		add_item(o, "custom", cJSON_CreateObject());
	else {
		cJSON *c = cJSON_Parse((const char *)sqlite3_column_text(st, 21));
		/* the stored text is valid JSON: only memory can be missing */
		add_item(o, "custom", c);
	}
	if (sqlite3_column_type(st, 22) == SQLITE_NULL) {
		need(cJSON_AddNullToObject(o, "account"));
	} else {
		cJSON *a = need(cJSON_AddObjectToObject(o, "account"));
		add_int(a, "id", st, 22);
		add_text(a, "name", st, 23);
		add_text(a, "domain", st, 24);
	}
	return o;
}

/* Run a per-lead list query (bound ?1 = lead id) into an array under key. */
static int add_list(struct lc_db *db, cJSON *o, const char *key, const char *sql, int64_t lead,
                    void (*row)(cJSON *item, sqlite3_stmt *st))
{
	sqlite3_stmt *st = db_stmt(db, sql);
	cJSON *arr = need(cJSON_AddArrayToObject(o, key));
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *item = need(cJSON_CreateObject());
		row(item, st);
		add_item(arr, NULL, item);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading a lead");
}

static void history_row(cJSON *o, sqlite3_stmt *st)
{
	add_text(o, "from", st, 0);
	add_text(o, "to", st, 1);
	add_time(o, "at", st, 2);
	add_text(o, "actor", st, 3);
	add_text(o, "reason", st, 4);
	add_text(o, "origin", st, 5);
	add_int(o, "sla_version", st, 6);
	add_money(o, "amount", st, 7);
	add_text(o, "currency", st, 8);
}

static void touch_row(cJSON *o, sqlite3_stmt *st)
{
	add_time(o, "at", st, 0);
	add_text(o, "actor", st, 1);
	add_text(o, "channel", st, 2);
	add_text(o, "outcome", st, 3);
	add_text(o, "note", st, 4);
	add_text(o, "consent_override", st, 5);
}

static void event_row(cJSON *o, sqlite3_stmt *st)
{
	add_text(o, "type", st, 0);
	add_time(o, "at", st, 1);
	add_text(o, "actor", st, 2);
	add_text(o, "origin", st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		add_text(o, "submission_id", st, 4);
}

static void identity_row(cJSON *o, sqlite3_stmt *st)
{
	add_text(o, "kind", st, 0);
	add_text(o, "system", st, 1);
	add_text(o, "key", st, 2);
	add_text(o, "value", st, 3);
	add_text(o, "raw", st, 4);
	add_time(o, "at", st, 5);
	add_text(o, "actor", st, 6);
	add_int(o, "import", st, 7);
}

static void assignment_row(cJSON *o, sqlite3_stmt *st)
{
	add_text(o, "owner", st, 0);
	add_time(o, "at", st, 1);
	add_text(o, "actor", st, 2);
	add_text(o, "origin", st, 3);
	add_text(o, "rule", st, 4);
	add_int(o, "sla_version", st, 5);
}

static void change_row(cJSON *o, sqlite3_stmt *st)
{
	add_text(o, "field", st, 0);
	add_text(o, "old", st, 1);
	add_text(o, "new", st, 2);
	add_time(o, "at", st, 3);
	add_text(o, "actor", st, 4);
	add_text(o, "origin", st, 5);
}

int store_lead_json(struct lc_db *db, int64_t id, cJSON **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " VIEW_COLUMNS
	                               " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
	                               "WHERE l.id = ?1");
	cJSON *o;
	int rc;

	*out = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return diag_error(LC_NOINPUT, "no lead %" PRId64 ": see 'leadctl list'", id);
		return db_fail(db, rc, "reading a lead");
	}
	json_nomem = 0;
	o = lead_row_json(st);
	sqlite3_reset(st);
	if ((rc = store_consent_json(db, id, o)) ||
	    (rc = add_list(db, o, "history",
	                   "SELECT from_stage, to_stage, at, actor, reason, origin, sla_version, "
	                   "amount_cents, currency "
	                   "FROM stage_history WHERE lead_id = ?1 ORDER BY at, id",
	                   id, history_row)) ||
	    (rc = add_list(db, o, "touches",
	                   "SELECT at, actor, channel, outcome, note, consent_override FROM touches "
	                   "WHERE lead_id = ?1 ORDER BY at, id",
	                   id, touch_row)) ||
	    (rc = add_list(db, o, "events",
	                   "SELECT type, at, actor, origin, submission_id FROM events WHERE lead_id = ?1 "
	                   "ORDER BY at, id",
	                   id, event_row)) ||
	    (rc = add_list(db, o, "identities",
	                   "SELECT kind, system, key, value, raw, added_at, actor, import_id FROM "
	                   "lead_identities WHERE lead_id = ?1 ORDER BY id",
	                   id, identity_row)) ||
	    (rc = add_list(
	             db, o, "assignments",
	             "SELECT owner, at, actor, origin, rule, sla_version FROM assignments WHERE lead_id = ?1 "
	             "ORDER BY at, id",
	             id, assignment_row)) ||
	    (rc = add_list(db, o, "changes",
	                   "SELECT field, old_value, new_value, at, actor, origin FROM field_changes WHERE "
	                   "lead_id = ?1 "
	                   "ORDER BY at, id",
	                   id, change_row))) {
		cJSON_Delete(o);
		return rc;
	}
	if (json_nomem) {
		cJSON_Delete(o);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	*out = o;
	return 0;
}

int store_facts_after(struct lc_db *db, lc_time now, int *after)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM touches WHERE at > ?1) "
	                               "OR EXISTS (SELECT 1 FROM stage_history WHERE at > ?1) "
	                               "OR EXISTS (SELECT 1 FROM obligations WHERE started_at > ?1)");
	int rc;

	*after = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*after = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading the SLA's state");
}

/* Replace the value of key in o by the string v (counted in json_nomem
 * when memory ran out). */
static void replace_string(cJSON *o, const char *key, const char *v)
{
	cJSON *item = cJSON_CreateString(v);

	if (!item || !cJSON_ReplaceItemInObjectCaseSensitive(o, key, item)) {
		cJSON_Delete(item);
		json_nomem++;
	}
}

int store_lead_state_as_of(struct lc_db *db, int64_t id, lc_time now, cJSON *j)
{
	sqlite3_stmt *st = db_stmt(db, AS_OF "SELECT stage, stage_at, activity_at FROM leads WHERE id = ?1 "
	                                     "AND stage IS NOT NULL");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	json_nomem = 0;
	if (rc == SQLITE_ROW) {
		/* in place, so that the keys keep their order */
		char at[32], act[32];
		clock_format_utc(sqlite3_column_int64(st, 1), at, sizeof at);
		clock_format_utc(sqlite3_column_int64(st, 2), act, sizeof act);
		replace_string(j, "stage", (const char *)sqlite3_column_text(st, 0));
		replace_string(j, "stage_at", at);
		replace_string(j, "activity_at", act);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading a lead");
	return json_nomem ? diag_error(LC_SOFTWARE, "out of memory") : 0;
}

int store_lead_each(struct lc_db *db, const struct lc_lead_filter *f, int (*fn)(void *arg, const cJSON *row),
                    void *arg)
{
	/* The ORDER BY column comes from a fixed list, never from user text. */
	static const struct {
		const char *name, *sql, *then; /* then: a second key, or NULL */
	} sorts[] = {
		{ "id", "l.id", NULL },
		{ "created", "l.created_at", NULL },
		{ "score", "l.score", NULL },
		/* caseless, accents after base letters, in every locale (fold.h) */
		{ "name", "lc_sort_key(coalesce(l.last_name, l.first_name, l.email))",
		  "lc_sort_key(l.first_name)" },
		{ "stage", "l.stage", NULL },
		{ "company", "lc_sort_key(l.company)", NULL },
		{ "activity", "l.activity_at", NULL },
	};
	sqlite3_str *q = sqlite3_str_new(db->h);
	sqlite3_stmt *st = NULL;
	const char *order = "l.id", *then = NULL, *dir;
	char *sql;
	size_t i;
	int rc, stop = 0;

	for (i = 0; f->sort && i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(f->sort, sorts[i].name) == 0) {
			order = sorts[i].sql;
			then = sorts[i].then;
		}
	/* Only the filters given become conditions, so that the planner can
	 * use the index of each (a generic "?1 IS NULL OR ..." form uses none).
	 * The parameter numbers stay fixed; unused ones are bound harmlessly. */
	sqlite3_str_appendall(q, "SELECT " VIEW_COLUMNS
	                         " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
	                         "WHERE 1");
	if (f->stage)
		sqlite3_str_appendall(q, " AND l.stage = ?1");
	if (f->owner)
		sqlite3_str_appendall(q, strcmp(f->owner, "-") == 0 ? " AND l.owner IS NULL AND ?2 = '-'"
		                                                    : " AND l.owner = ?2");
	if (f->source)
		sqlite3_str_appendall(q, " AND l.source = ?3");
	if (f->campaign)
		sqlite3_str_appendall(q, " AND l.campaign = ?4");
	if (f->account_id)
		sqlite3_str_appendall(q, " AND l.account_id = ?5");
	if (f->has_since)
		sqlite3_str_appendall(q, " AND l.created_at >= ?6");
	if (f->has_until)
		sqlite3_str_appendall(q, " AND l.created_at < ?7");
	if (f->text && *f->text)
		/* every letter caseless, accents ignored (fold.h, lc_search_key) */
		sqlite3_str_appendall(
		        q, " AND (instr(lc_search_key(coalesce(l.first_name,'') || ' ' || "
		           "coalesce(l.last_name,'') || ' ' || coalesce(l.email,'') || ' ' || "
		           "coalesce(l.company,'') || ' ' || coalesce(l.title,'') || ' ' || "
		           "coalesce(l.phone,'') || ' ' || coalesce(l.external_id,'')), "
		           "lc_search_key(?8)) > 0 OR EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = l.id "
		           "AND instr(lc_search_key(coalesce(t.note,'')), lc_search_key(?8)) > 0))");
	dir = f->descending ? "DESC" : "ASC";
	sqlite3_str_appendf(q, " ORDER BY %s %s", order, dir);
	if (then)
		sqlite3_str_appendf(q, ", %s %s", then, dir);
	sqlite3_str_appendf(q, ", l.id %s LIMIT ?9", dir);
	sql = sqlite3_str_finish(q);
	if (!sql)
		return diag_error(LC_SOFTWARE, "out of memory");
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "listing leads");
	db_bind_text(st, 1, f->stage);
	db_bind_text(st, 2, f->owner);
	db_bind_text(st, 3, f->source);
	db_bind_text(st, 4, f->campaign);
	if (f->account_id)
		sqlite3_bind_int64(st, 5, f->account_id);
	if (f->has_since)
		sqlite3_bind_int64(st, 6, f->since);
	if (f->has_until)
		sqlite3_bind_int64(st, 7, f->until);
	db_bind_text(st, 8, f->text && *f->text ? f->text : NULL);
	sqlite3_bind_int64(st, 9, f->limit > 0 ? f->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *row;
		json_nomem = 0;
		row = lead_row_json(st);
		stop = json_nomem ? diag_error(LC_SOFTWARE, "out of memory")
		                  : store_consent_json(db, sqlite3_column_int64(st, 0), row);
		if (!stop)
			stop = fn(arg, row);
		cJSON_Delete(row);
		if (stop)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		stop = db_fail(db, rc, "listing leads");
	sqlite3_finalize(st);
	return stop;
}

int store_account_resolve(struct lc_db *db, const char *ref, int64_t *id)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id FROM accounts WHERE id = ?1 OR key = 'domain:' || lower(?2) "
	                    "OR lc_fold(name) = lc_fold(?2) ORDER BY id = ?1 DESC, id LIMIT 1");
	char *end;
	long long n = strtoll(ref, &end, 10);
	int rc;

	*id = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, *end == '\0' ? n : -1);
	db_bind_text(st, 2, ref);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return diag_error(LC_NOINPUT,
		                  "no account '%s': give an account number, domain or company name", ref);
	return db_fail(db, rc, "looking up an account");
}

int store_account_json(struct lc_db *db, int64_t id, cJSON **out)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, key, name, domain, created_at FROM accounts WHERE id = ?1");
	cJSON *o;
	int rc;

	*out = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? diag_error(LC_NOINPUT, "no account %" PRId64, id)
		                         : db_fail(db, rc, "reading an account");
	}
	json_nomem = 0;
	o = need(cJSON_CreateObject());
	add_int(o, "id", st, 0);
	add_text(o, "key", st, 1);
	add_text(o, "name", st, 2);
	add_text(o, "domain", st, 3);
	add_time(o, "created_at", st, 4);
	sqlite3_reset(st);
	{
		cJSON *leads = need(cJSON_AddArrayToObject(o, "leads"));
		st = db_stmt(db, "SELECT " VIEW_COLUMNS
		                 " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
		                 "WHERE l.account_id = ?1 ORDER BY l.id");
		if (!st) {
			cJSON_Delete(o);
			return LC_SOFTWARE;
		}
		sqlite3_bind_int64(st, 1, id);
		/* the same lead objects as `list` gives, consent included */
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			cJSON *row = lead_row_json(st);
			int crc = row ? store_consent_json(db, sqlite3_column_int64(st, 0), row) : 0;
			add_item(leads, NULL, row);
			if (crc) {
				sqlite3_reset(st);
				cJSON_Delete(o);
				return crc;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			cJSON_Delete(o);
			return db_fail(db, rc, "reading an account's leads");
		}
	}
	if (json_nomem) {
		cJSON_Delete(o);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	*out = o;
	return 0;
}

/* Fill unknown fields of keep from drop: known values of keep win. */
static void fill_unknown(struct lc_lead *keep, const struct lc_lead *drop)
{
	char **k[] = { &keep->email,  &keep->external_id, &keep->phone,   &keep->first_name, &keep->last_name,
		       &keep->title,  &keep->company,     &keep->website, &keep->country,    &keep->industry,
		       &keep->source, &keep->campaign,    &keep->owner };
	char *const d[] = { drop->email,  drop->external_id, drop->phone,   drop->first_name, drop->last_name,
		            drop->title,  drop->company,     drop->website, drop->country,    drop->industry,
		            drop->source, drop->campaign,    drop->owner };
	size_t i;

	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!*k[i] && d[i])
			*k[i] = strdup(d[i]);
	if (keep->employees < 0)
		keep->employees = drop->employees;
	/* Custom fields: drop's keys that keep lacks. */
	if (drop->custom_json) {
		cJSON *kc = keep->custom_json ? cJSON_Parse(keep->custom_json) : cJSON_CreateObject();
		cJSON *dc = cJSON_Parse(drop->custom_json), *it;
		if (kc && dc) {
			cJSON_ArrayForEach(it, dc)
			{
				if (!cJSON_GetObjectItemCaseSensitive(kc, it->string))
					cJSON_AddItemToObject(kc, it->string, cJSON_Duplicate(it, 1));
			}
			free(keep->custom_json);
			keep->custom_json = cJSON_PrintUnformatted(kc);
		}
		cJSON_Delete(kc);
		cJSON_Delete(dc);
	}
}

int store_merge(struct lc_db *db, int64_t keep, int64_t drop, const struct lc_change *c)
{
	static const char *const moves[] = {
		"UPDATE stage_history SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE touches SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE events SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE assignments SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE field_changes SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE obligations SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE OR IGNORE breaches SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE OR IGNORE import_leads SET lead_id = ?1 WHERE lead_id = ?2",
		"UPDATE merges SET kept_id = ?1 WHERE kept_id = ?2",
		/* every identity of drop now names keep (README "Identity and accounts") */
		"UPDATE OR IGNORE lead_identities SET lead_id = ?1 WHERE lead_id = ?2",
	};
	struct lc_lead k, d, before;
	lc_time drop_activity = 0;
	cJSON *snapshot = NULL;
	char *snap = NULL;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	lead_init(&k);
	lead_init(&d);
	lead_init(&before);
	if ((rc = store_lead_load(db, keep, &k)) || (rc = store_lead_load(db, drop, &d)) ||
	    (rc = store_lead_load(db, keep, &before)) ||
	    (rc = store_lead_times(db, drop, NULL, &drop_activity)))
		goto cleanup;
	if ((rc = store_lead_json(db, drop, &snapshot)))
		goto cleanup;
	snap = cJSON_PrintUnformatted(snapshot);
	/* Move the dependent rows, then free drop's identities before keep takes them. */
	for (i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (!(st = db_stmt(db, moves[i]))) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		sqlite3_bind_int64(st, 1, keep);
		sqlite3_bind_int64(st, 2, drop);
		if ((rc = db_step_done(db, st, "merging leads")))
			goto cleanup;
	}
	if ((rc = store_consent_merge(db, keep, drop, c)))
		goto cleanup;
	if (!(st = db_stmt(db, "DELETE FROM leads WHERE id = ?1"))) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, drop);
	if ((rc = db_step_done(db, st, "merging leads")))
		goto cleanup;
	fill_unknown(&k, &d);
	if ((rc = store_lead_update(db, &before, &k, c, NULL)))
		goto cleanup;
	/* Keep the earliest creation and the latest activity of the two: DROP's
	 * touches and stage changes are KEEP's now, so its activity counts
	 * (its creation alone would make a lead touched yesterday look stalled). */
	if (!(st = db_stmt(
	              db,
	              "UPDATE leads SET created_at = min(created_at, ?2), activity_at = max(activity_at, ?3) "
	              "WHERE id = ?1"))) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, keep);
	sqlite3_bind_int64(st, 2, d.created_at);
	sqlite3_bind_int64(st, 3, drop_activity);
	if ((rc = db_step_done(db, st, "merging leads")))
		goto cleanup;
	if (!(st = db_stmt(db, "INSERT INTO merges(kept_id, dropped_id, dropped, at, actor) VALUES (?1, ?2, "
	                       "?3, ?4, ?5)"))) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, keep);
	sqlite3_bind_int64(st, 2, drop);
	db_bind_text(st, 3, snap);
	sqlite3_bind_int64(st, 4, c->at);
	db_bind_text(st, 5, c->actor);
	rc = db_step_done(db, st, "recording a merge");
cleanup:
	cJSON_Delete(snapshot);
	free(snap);
	lead_clear(&k);
	lead_clear(&d);
	lead_clear(&before);
	return rc;
}
