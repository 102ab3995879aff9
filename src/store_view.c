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
#include "leadctl/lead_view.h"
#include "leadctl/store.h"
#include "leadctl/vec.h"
#include "leadctl/view.h"

/* Strings copied from columns that could not be copied (out of memory)
 * while reading the current lead: a lead is never shown or exported with
 * a value missing. */
static int view_nomem;

/* Column i as a new string (NULL for SQL NULL); a failed copy is noted. */
static char *take(sqlite3_stmt *st, int i)
{
	char *s = db_col_strdup(st, i);

	if (!s && sqlite3_column_type(st, i) != SQLITE_NULL)
		view_nomem++;
	return s;
}

/* Column i as a stage (-1 for SQL NULL). */
static int col_stage(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
	               ? -1
	               : stage_parse((const char *)sqlite3_column_text(st, i));
}

/* Column i into *has and *v (has = 0 for SQL NULL). */
static void col_opt_int(sqlite3_stmt *st, int i, int *has, int64_t *v)
{
	*has = sqlite3_column_type(st, i) != SQLITE_NULL;
	*v = *has ? sqlite3_column_int64(st, i) : 0;
}

#define VIEW_COLUMNS                                                                                         \
	"l.id, l.email, l.external_id, l.phone, l.first_name, l.last_name, l.title, l.company, l.website, "  \
	"l.country, l.industry, l.employees, l.source, l.campaign, l.owner, l.stage, l.stage_at, l.score, "  \
	"l.created_at, l.updated_at, l.activity_at, l.custom, a.id, a.name, a.domain, l.score_at"

/* The row of VIEW_COLUMNS into v (view_lead_init'ed). */
static void lead_row(sqlite3_stmt *st, struct lc_view_lead *v)
{
	char **text[] = { &v->lead.email,     &v->lead.external_id, &v->lead.phone,   &v->lead.first_name,
		          &v->lead.last_name, &v->lead.title,       &v->lead.company, &v->lead.website,
		          &v->lead.country,   &v->lead.industry };
	size_t i;

	v->lead.id = sqlite3_column_int64(st, 0);
	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		*text[i] = take(st, (int)i + 1);
	v->lead.employees = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 11);
	v->lead.source = take(st, 12);
	v->lead.campaign = take(st, 13);
	v->lead.owner = take(st, 14);
	v->lead.stage = (enum lc_stage)col_stage(st, 15);
	v->stage_at = sqlite3_column_int64(st, 16);
	v->lead.score = sqlite3_column_double(st, 17);
	v->has_score_at = sqlite3_column_type(st, 25) != SQLITE_NULL;
	v->lead.score_at = sqlite3_column_int64(st, 25);
	v->lead.created_at = sqlite3_column_int64(st, 18);
	v->updated_at = sqlite3_column_int64(st, 19);
	v->activity_at = sqlite3_column_int64(st, 20);
	v->lead.custom_json = take(st, 21);
	if (sqlite3_column_type(st, 22) != SQLITE_NULL) {
		v->account_id = v->lead.account_id = sqlite3_column_int64(st, 22);
		v->account_name = take(st, 23);
		v->account_domain = take(st, 24);
	}
}

/* Run a per-lead list query (bound ?1 = lead id), growing *items (of
 * elem bytes, *n of them) by one per row filled by row(). */
static int read_list(struct lc_db *db, const char *sql, int64_t lead, void **items, size_t *n, size_t elem,
                     void (*row)(void *item, sqlite3_stmt *st))
{
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t cap = 0;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve(items, &cap, *n + 1, elem) != 0) {
			view_nomem++;
			break;
		}
		memset((char *)*items + *n * elem, 0, elem);
		row((char *)*items + (*n)++ * elem, st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading a lead");
}

static void history_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_stage_entry *e = item;

	e->from = col_stage(st, 0);
	e->to = (enum lc_stage)col_stage(st, 1);
	e->at = sqlite3_column_int64(st, 2);
	e->actor = take(st, 3);
	e->reason = take(st, 4);
	e->origin = take(st, 5);
	col_opt_int(st, 6, &e->has_sla_version, &e->sla_version);
	col_opt_int(st, 7, &e->has_amount, &e->amount_cents);
	e->currency = take(st, 8);
}

static void touch_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_touch *t = item;

	t->at = sqlite3_column_int64(st, 0);
	t->actor = take(st, 1);
	t->channel = take(st, 2);
	t->outcome = take(st, 3);
	t->note = take(st, 4);
	t->consent_override = take(st, 5);
}

static void event_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_event *e = item;

	e->type = take(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	e->actor = take(st, 2);
	e->origin = take(st, 3);
	e->submission_id = take(st, 4);
}

static void identity_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_identity *d = item;

	d->kind = take(st, 0);
	d->system = take(st, 1);
	d->key = take(st, 2);
	d->value = take(st, 3);
	d->raw = take(st, 4);
	d->at = sqlite3_column_int64(st, 5);
	d->actor = take(st, 6);
	col_opt_int(st, 7, &d->has_import, &d->import_id);
}

static void assignment_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_assignment *a = item;

	a->owner = take(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->actor = take(st, 2);
	a->origin = take(st, 3);
	a->rule = take(st, 4);
	col_opt_int(st, 5, &a->has_sla_version, &a->sla_version);
}

static void change_row(void *item, sqlite3_stmt *st)
{
	struct lc_view_change *c = item;

	c->field = take(st, 0);
	c->old_value = take(st, 1);
	c->new_value = take(st, 2);
	c->at = sqlite3_column_int64(st, 3);
	c->actor = take(st, 4);
	c->origin = take(st, 5);
}

/* The lists of lead into v. */
static int read_lists(struct lc_db *db, int64_t id, struct lc_view_lead *v)
{
	int rc;

	v->has_lists = 1;
	if ((rc = read_list(db,
	                    "SELECT from_stage, to_stage, at, actor, reason, origin, sla_version, "
	                    "amount_cents, currency "
	                    "FROM stage_history WHERE lead_id = ?1 ORDER BY at, id",
	                    id, (void **)&v->history, &v->nhistory, sizeof *v->history, history_row)) ||
	    (rc = read_list(db,
	                    "SELECT at, actor, channel, outcome, note, consent_override FROM touches "
	                    "WHERE lead_id = ?1 ORDER BY at, id",
	                    id, (void **)&v->touches, &v->ntouches, sizeof *v->touches, touch_row)) ||
	    (rc = read_list(db,
	                    "SELECT type, at, actor, origin, submission_id FROM events WHERE lead_id = ?1 "
	                    "ORDER BY at, id",
	                    id, (void **)&v->events, &v->nevents, sizeof *v->events, event_row)) ||
	    (rc = read_list(db,
	                    "SELECT kind, system, key, value, raw, added_at, actor, import_id FROM "
	                    "lead_identities WHERE lead_id = ?1 ORDER BY id",
	                    id, (void **)&v->identities, &v->nidentities, sizeof *v->identities,
	                    identity_row)) ||
	    (rc = read_list(db,
	                    "SELECT owner, at, actor, origin, rule, sla_version FROM assignments WHERE "
	                    "lead_id = ?1 ORDER BY at, id",
	                    id, (void **)&v->assignments, &v->nassignments, sizeof *v->assignments,
	                    assignment_row)) ||
	    (rc = read_list(db,
	                    "SELECT field, old_value, new_value, at, actor, origin FROM field_changes WHERE "
	                    "lead_id = ?1 ORDER BY at, id",
	                    id, (void **)&v->changes, &v->nchanges, sizeof *v->changes, change_row)))
		return rc;
	return 0;
}

int store_lead_view(struct lc_db *db, int64_t id, int lists, struct lc_view_lead *v)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " VIEW_COLUMNS
	                               " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
	                               "WHERE l.id = ?1");
	int rc;

	view_lead_init(v);
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
	view_nomem = 0;
	lead_row(st, v);
	sqlite3_reset(st);
	if ((rc = store_consent_load(db, id, &v->consent)) || (lists && (rc = read_lists(db, id, v)))) {
		view_lead_clear(v);
		return rc;
	}
	if (view_nomem) {
		view_lead_clear(v);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
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

int store_lead_document(struct lc_db *db, int64_t id, cJSON **out)
{
	struct lc_view_lead v;
	int rc;

	*out = NULL;
	if ((rc = store_lead_view(db, id, 1, &v)))
		return rc;
	rc = view_lead_json(&v, out);
	view_lead_clear(&v);
	return rc;
}

int store_lead_state_as_of(struct lc_db *db, int64_t id, lc_time now, struct lc_view_lead *v)
{
	sqlite3_stmt *st = db_stmt(db, AS_OF "SELECT stage, stage_at, activity_at FROM leads WHERE id = ?1 "
	                                     "AND stage IS NOT NULL");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v->lead.stage = (enum lc_stage)col_stage(st, 0);
		v->stage_at = sqlite3_column_int64(st, 1);
		v->activity_at = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading a lead");
	return 0;
}

int store_lead_each(struct lc_db *db, const struct lc_lead_filter *f,
                    int (*fn)(void *arg, const struct lc_view_lead *row), void *arg)
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
		struct lc_view_lead row;
		view_lead_init(&row);
		view_nomem = 0;
		lead_row(st, &row);
		stop = view_nomem ? diag_error(LC_SOFTWARE, "out of memory")
		                  : store_consent_load(db, row.lead.id, &row.consent);
		if (!stop)
			stop = fn(arg, &row);
		view_lead_clear(&row);
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

int store_account_view(struct lc_db *db, int64_t id, struct lc_view_account *out)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, key, name, domain, created_at FROM accounts WHERE id = ?1");
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? diag_error(LC_NOINPUT, "no account %" PRId64, id)
		                         : db_fail(db, rc, "reading an account");
	}
	view_nomem = 0;
	out->id = sqlite3_column_int64(st, 0);
	out->key = take(st, 1);
	out->name = take(st, 2);
	out->domain = take(st, 3);
	out->created_at = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	st = db_stmt(db, "SELECT " VIEW_COLUMNS " FROM leads l LEFT JOIN accounts a ON a.id = l.account_id "
	                 "WHERE l.account_id = ?1 ORDER BY l.id");
	if (!st) {
		view_account_clear(out);
		return LC_SOFTWARE;
	}
	sqlite3_bind_int64(st, 1, id);
	/* the same lead objects as `list` gives, consent included */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_view_lead *v;
		int crc;
		if (vec_reserve((void **)&out->leads, &cap, out->nleads + 1, sizeof *out->leads) != 0) {
			view_nomem++;
			break;
		}
		v = &out->leads[out->nleads++];
		view_lead_init(v);
		lead_row(st, v);
		if ((crc = store_consent_load(db, v->lead.id, &v->consent))) {
			sqlite3_reset(st);
			view_account_clear(out);
			return crc;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		view_account_clear(out);
		return db_fail(db, rc, "reading an account's leads");
	}
	if (view_nomem) {
		view_account_clear(out);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
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
	/* the dropped lead as `show --json` gave it, kept in merges.dropped */
	if ((rc = store_lead_document(db, drop, &snapshot)))
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
