/* store_engine: loads a lead's state for rules_decide() and applies its
 * effects (see store_engine.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"
#include "leadctl/store_engine.h"
#include "leadctl/vec.h"

/* An optional instant column: RULES_NONE for SQL NULL. */
static lc_time col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? RULES_NONE : sqlite3_column_int64(st, i);
}

/* Bind an optional instant (RULES_NONE as NULL). */
static void bind_time(sqlite3_stmt *st, int i, lc_time t)
{
	if (t == RULES_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

/* The origin written in stage_history.origin (cli, import, sla). */
static enum lc_origin origin_parse(const char *s)
{
	if (s && strcmp(s, "sla") == 0)
		return ORIGIN_SLA;
	if (s && strcmp(s, "import") == 0)
		return ORIGIN_IMPORT;
	return ORIGIN_CLI;
}

int store_history_load(struct lc_db *db, int64_t lead, struct lc_history_row **rows, size_t *n)
{
	sqlite3_stmt *st = db_stmt(
	        db, "SELECT id, at, from_stage, to_stage, origin FROM stage_history WHERE lead_id = ?1");
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_history_row *h;
		int to = stage_parse((const char *)sqlite3_column_text(st, 3));
		if (vec_reserve((void **)&*rows, &cap, *n + 1, sizeof **rows) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		h = &(*rows)[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		h->at = sqlite3_column_int64(st, 1);
		h->from = sqlite3_column_type(st, 2) == SQLITE_NULL
		                  ? -1
		                  : stage_parse((const char *)sqlite3_column_text(st, 2));
		h->to = to < 0 ? STAGE_NEW : (enum lc_stage)to;
		h->origin = origin_parse((const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading stage history");
}

/* The obligation columns every query below starts with (15). */
#define OBL_COLUMNS                                                                                          \
	"SELECT id, entry_id, stage, rule, coalesce(sla_version, 0), started_at, first_touch_due, "          \
	"first_touch_at, attempts_owed, attempts_made, attempts_due, coalesce(on_exhausted, ''), state, "    \
	"next_due_at, closed_at FROM obligations "

/* One row of OBL_COLUMNS into *o, its rule strdup'ed into *rule (o->rule
 * points at it).  Returns 0 or -1 (out of memory). */
static int obl_read(sqlite3_stmt *st, struct lc_obligation *o, char **rule)
{
	int stage = stage_parse((const char *)sqlite3_column_text(st, 2));
	int state = rules_obl_state_parse((const char *)sqlite3_column_text(st, 12));

	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->entry = sqlite3_column_int64(st, 1);
	o->stage = stage < 0 ? STAGE_NEW : (enum lc_stage)stage;
	o->sla_version = sqlite3_column_int(st, 4);
	o->started_at = sqlite3_column_int64(st, 5);
	o->first_touch_due = sqlite3_column_int64(st, 6);
	o->first_touch_at = col_time(st, 7);
	o->attempts_owed = sqlite3_column_int64(st, 8);
	o->attempts_made = sqlite3_column_int64(st, 9);
	o->attempts_due = col_time(st, 10);
	o->recycle = strcmp((const char *)sqlite3_column_text(st, 11), "recycle") == 0;
	o->state = state < 0 ? OBL_CLOSED : (enum lc_obl_state)state;
	o->next_due_at = col_time(st, 13);
	o->closed_at = col_time(st, 14);
	o->rule = *rule = db_col_strdup(st, 3);
	return *rule ? 0 : -1;
}

/* The obligations of lead into ld. */
static int load_obligations(struct lc_db *db, int64_t lead, struct lc_engine_load *ld)
{
	sqlite3_stmt *st = db_stmt(db, OBL_COLUMNS "WHERE lead_id = ?1");
	size_t cap = 0;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *rule = NULL;
		if (vec_reserve((void **)&ld->obl, &cap, ld->nobl + 1, sizeof *ld->obl) != 0 ||
		    obl_read(st, &ld->obl[ld->nobl], &rule) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		ld->nobl++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading obligations");
}

/* The unresolved breaches of lead into ld. */
static int load_breaches(struct lc_db *db, int64_t lead, struct lc_engine_load *ld)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT id, due_at FROM breaches WHERE lead_id = ?1 AND resolved_at IS NULL");
	size_t cap = 0;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve((void **)&ld->breach, &cap, ld->nbreach + 1, sizeof *ld->breach) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		ld->breach[ld->nbreach].id = sqlite3_column_int64(st, 0);
		ld->breach[ld->nbreach++].due_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading breaches");
}

int store_engine_load(struct lc_db *db, int64_t lead, struct lc_engine_load *ld)
{
	struct lc_rules_state *s = &ld->state;
	int rc;

	memset(ld, 0, sizeof *ld);
	lead_init(&ld->lead);
	if ((rc = store_lead_load(db, lead, &ld->lead)) ||
	    (rc = store_lead_times(db, lead, &s->stage_at, NULL)) ||
	    (rc = store_events_load(db, lead, &ld->ev, &ld->nev)) ||
	    (rc = store_touches_load(db, lead, &ld->touch, &ld->ntouch)) ||
	    (rc = store_history_load(db, lead, &ld->hist, &ld->nhist)) ||
	    (rc = load_obligations(db, lead, ld)) || (rc = load_breaches(db, lead, ld)))
		return rc;
	s->lead = &ld->lead;
	s->ev = ld->ev;
	s->nev = ld->nev;
	s->touch = ld->touch;
	s->ntouch = ld->ntouch;
	s->hist = ld->hist;
	s->nhist = ld->nhist;
	s->obl = ld->obl;
	s->nobl = ld->nobl;
	s->breach = ld->breach;
	s->nbreach = ld->nbreach;
	return 0;
}

void store_engine_clear(struct lc_engine_load *ld)
{
	size_t i;

	lead_clear(&ld->lead);
	store_events_free(ld->ev, ld->nev);
	free(ld->touch);
	free(ld->hist);
	for (i = 0; i < ld->nobl; i++)
		free((char *)ld->obl[i].rule);
	free(ld->obl);
	free(ld->breach);
	memset(ld, 0, sizeof *ld);
}

/* ---- routing reads -------------------------------------------------------- */

/* Open leads of an owner (new, mql or sql: a new lead has an owner when it
 * owes a response or a person gave it one), for routing capacity.  Counted
 * on the (owner, stage) index. */
static int open_leads_cb(void *ctx, const char *owner, int64_t *count)
{
	struct lc_db *db = ((struct lc_route_reader *)ctx)->db;
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT count(*) FROM leads WHERE owner = ?1 AND stage IN ('new', 'mql', 'sql')");
	int rc;

	if (!st)
		return -1;
	db_bind_static(st, 1, owner);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		db_fail(db, rc, "routing a lead");
		return -1;
	}
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

void store_route_reader_clear(struct lc_route_reader *r)
{
	free(r->last);
	cJSON_Delete(r->order);
	free(r->names);
	r->last = NULL;
	r->order = NULL;
	r->names = NULL;
}

static int pool_turn_cb(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	struct lc_route_reader *t = ctx;
	sqlite3_stmt *st =
	        db_stmt(t->db, "SELECT position, last_member, members FROM route_cursors WHERE pool = ?1");
	const cJSON *m;
	int rc, n;

	store_route_reader_clear(t);
	memset(turn, 0, sizeof *turn);
	if (!st)
		return -1;
	db_bind_text(st, 1, pool);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		turn->position = sqlite3_column_int64(st, 0);
		t->last = db_col_strdup(st, 1);
		if (sqlite3_column_type(st, 2) == SQLITE_TEXT)
			t->order = cJSON_Parse((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(t->db, rc, "routing a lead");
		return -1;
	}
	turn->last = t->last;
	if (cJSON_IsArray(t->order) && (n = cJSON_GetArraySize(t->order)) > 0 &&
	    (t->names = calloc((size_t)n, sizeof *t->names))) {
		cJSON_ArrayForEach(m, t->order)
		{
			if (cJSON_IsString(m))
				t->names[turn->norder++] = m->valuestring;
		}
		turn->order = t->names;
	}
	return 0;
}

void store_route_reader_init(struct lc_route_reader *r, struct lc_db *db)
{
	memset(r, 0, sizeof *r);
	r->db = db;
	db->fail_code = 0; /* store_fail_last: what the callbacks reported */
	r->env.open_leads = open_leads_cb;
	r->env.pool_turn = pool_turn_cb;
	r->env.ctx = r;
}

/* ---- applying effects ------------------------------------------------------- */

/* members[0..n) as a JSON array text (the caller frees it), or NULL when
 * out of memory. */
static char *members_json(const char *const *members, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	char *text = NULL;
	size_t k;
	int nomem = !a;

	for (k = 0; a && k < n; k++) {
		cJSON *m = cJSON_CreateString(members[k]);
		if (!m || !cJSON_AddItemToArray(a, m)) {
			cJSON_Delete(m);
			nomem = 1;
		}
	}
	if (!nomem)
		text = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return text;
}

/* The pool's turn, kept by member: who was served, and the pool then. */
static int save_turn(struct lc_db *db, const struct lc_effect *x)
{
	sqlite3_stmt *st;
	char *members = members_json(x->assign.members, x->assign.nmembers);
	int rc;

	if (!members)
		return diag_error(LC_SOFTWARE, "out of memory");
	st = db_stmt(db, "INSERT INTO route_cursors(pool, position, last_member, members) "
	                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(pool) DO UPDATE SET "
	                 "position = excluded.position, last_member = excluded.last_member, "
	                 "members = excluded.members");
	if (!st) {
		free(members);
		return LC_SOFTWARE;
	}
	db_bind_static(st, 1, x->assign.pool);
	sqlite3_bind_int64(st, 2, x->assign.cursor);
	db_bind_static(st, 3, x->assign.owner);
	db_bind_static(st, 4, members);
	rc = db_step_done(db, st, "advancing a round-robin pool");
	free(members);
	return rc;
}

/* Write an obligation's changing columns (by id). */
static int update_obligation(struct lc_db *db, const struct lc_obligation *o)
{
	sqlite3_stmt *st =
	        db_stmt(db, "UPDATE obligations SET state = ?2, first_touch_at = ?3, attempts_made = ?4, "
	                    "next_due_at = ?5, closed_at = ?6 WHERE id = ?1");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_static(st, 2, rules_obl_state_name(o->state));
	bind_time(st, 3, o->first_touch_at);
	sqlite3_bind_int64(st, 4, o->attempts_made);
	bind_time(st, 5, o->next_due_at);
	bind_time(st, 6, o->closed_at);
	return db_step_done(db, st, "updating obligations");
}

/* Insert an obligation opened for lead on stage entry `entry`. */
static int insert_obligation(struct lc_db *db, int64_t lead, int64_t entry, const struct lc_obligation *o)
{
	sqlite3_stmt *st = db_stmt(
	        db, "INSERT INTO obligations(lead_id, entry_id, stage, rule, sla_version, started_at, "
	            "first_touch_due, attempts_owed, attempts_due, on_exhausted, state, next_due_at, "
	            "first_touch_at, "
	            "attempts_made, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	            "?13, ?14, ?15)");

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, entry);
	db_bind_static(st, 3, stage_name(o->stage));
	db_bind_static(st, 4, o->rule);
	sqlite3_bind_int(st, 5, o->sla_version);
	sqlite3_bind_int64(st, 6, o->started_at);
	sqlite3_bind_int64(st, 7, o->first_touch_due);
	sqlite3_bind_int64(st, 8, o->attempts_owed);
	bind_time(st, 9, o->attempts_due);
	db_bind_static(st, 10, o->recycle ? "recycle" : NULL);
	db_bind_static(st, 11, rules_obl_state_name(o->state));
	bind_time(st, 12, o->next_due_at);
	bind_time(st, 13, o->first_touch_at);
	sqlite3_bind_int64(st, 14, o->attempts_made);
	bind_time(st, 15, o->closed_at);
	return db_step_done(db, st, "opening an obligation");
}

int store_engine_apply(struct lc_db *db, int64_t lead, const struct lc_rules_input *in,
                       const struct lc_effects *e)
{
	int64_t moved_entry = 0;
	size_t i;
	int rc = 0;

	for (i = 0; i < e->n && !rc; i++) {
		const struct lc_effect *x = &e->v[i];
		struct lc_change c = { "sla", ORIGIN_SLA, 0, in->version, 0 };
		sqlite3_stmt *st;
		switch (x->kind) {
		case EFFECT_SCORE: rc = store_score_set(db, lead, x->score, x->score_at); break;
		case EFFECT_STAGE:
			c.at = x->stage.at;
			c.import_id = in->import_id;
			rc = store_stage_move(db, lead, x->stage.from, x->stage.to, x->stage.reason, -1, NULL,
			                      &c, &moved_entry);
			break;
		case EFFECT_OBLIGATION_OPENED:
			rc = insert_obligation(db, lead,
			                       x->obligation.entry ? x->obligation.entry : moved_entry,
			                       &x->obligation);
			break;
		case EFFECT_OBLIGATION_CLOSED:
		case EFFECT_OBLIGATION_PROGRESSED:
		case EFFECT_OBLIGATION_MET:
		case EFFECT_OBLIGATION_EXHAUSTED: rc = update_obligation(db, &x->obligation); break;
		case EFFECT_BREACH_RESOLVED:
			if (!(st = db_stmt(db, "UPDATE breaches SET resolved_at = ?2 WHERE id = ?1"))) {
				rc = LC_SOFTWARE;
				break;
			}
			sqlite3_bind_int64(st, 1, x->resolved.id);
			sqlite3_bind_int64(st, 2, x->resolved.at);
			rc = db_step_done(db, st, "resolving breaches");
			break;
		case EFFECT_ASSIGN:
			c.at = x->assign.at;
			if (x->assign.pool && (rc = save_turn(db, x)))
				break;
			rc = store_assign(db, lead, x->assign.owner, x->assign.rule, &c);
			break;
		}
	}
	return rc;
}

/* ---- reads for show and the SLA cache ----------------------------------------- */

int store_obligation_latest(struct lc_db *db, int64_t lead, lc_time now, struct lc_obligation *o, char **rule,
                            int *found)
{
	/* As of now: a touch or stage entry recorded after now does not count
	 * (store_asof.h; its obligations have no closed_at). */
	sqlite3_stmt *st = db_stmt(
	        db, AS_OF "SELECT id, entry_id, stage, rule, coalesce(sla_version, 0), started_at, "
	                  "first_touch_due, first_touch_at, attempts_owed, attempts_made, attempts_due, "
	                  "coalesce(on_exhausted, ''), state, next_due_at, NULL FROM obligations "
	                  "WHERE lead_id = ?1 ORDER BY started_at DESC, id DESC LIMIT 1");
	int rc;

	*found = 0;
	*rule = NULL;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (obl_read(st, o, rule) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading obligations");
}

int store_sla_current_version(struct lc_db *db, int *version)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(version), 0) FROM sla_versions");
	int rc;

	*version = 0;
	if (!st)
		return LC_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "reading the SLA");
}

int store_fail_last(struct lc_db *db, const char *what)
{
	/* a callback that failed reported it (db_stmt, db_fail): one message */
	if (db->fail_code)
		return db->fail_code;
	return db_fail(db, sqlite3_errcode(db->h), what);
}
