/* engine: the SLA in force applied to a lead (see engine.h).
 *
 * After anything about a lead changes, engine_refresh():
 *   1. re-scores it at the change's time and stores the score;
 *   2. promotes a lead in new or nurture to mql (origin sla, actor "sla",
 *      the SLA's version) at the first instant since it entered that stage
 *      at which it qualified (score_qualify_time), but never before the
 *      change being applied (c->at);
 *   3. keeps the response obligation of its current stage entry: opens one
 *      when a response rule matches, closes the ones of stages it left, and
 *      records the touches made against it;
 *   4. routes an unassigned lead that is mql or owes a response (a demo
 *      request on a lead still new) by the routing rules, advancing the
 *      pool's round-robin cursor in the same transaction.
 * Without an installed SLA there is nothing to apply. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/route.h"
#include "leadctl/score.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* The parsed SLA in force, cached for the process (one command). */
static struct lc_sla *cached_sla;
static int cached_version;
static struct lc_db *cached_db;

int engine_sla(struct lc_db *db, const struct lc_sla **sla, int *version)
{
	struct lc_problems probs;
	char *json = NULL;
	int v, rc;

	*sla = NULL;
	*version = 0;
	/* The version alone tells whether the cached SLA is still the one in
	 * force; the text is read only when it changed. */
	if (cached_sla && cached_db == db) {
		sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(version), 0) FROM sla_versions");
		int64_t cur;
		if (!st)
			return LC_SOFTWARE;
		rc = sqlite3_step(st);
		cur = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return db_fail(db, rc, "reading the SLA");
		if (cur == cached_version) {
			*sla = cached_sla;
			*version = cached_version;
			return 0;
		}
	}
	if ((rc = store_sla_current(db, &json, &v)))
		return rc;
	if (!json)
		return 0;
	problems_init(&probs);
	sla_free(cached_sla);
	cached_sla = NULL;
	if (sla_load(json, strlen(json), "installed SLA", &cached_sla, &probs) != 0) {
		if (probs.nomem)
			rc = diag_error(LC_SOFTWARE, "out of memory loading the installed SLA (version %d)",
			                v);
		else
			rc = diag_error(
			        LC_CONFIG,
			        "the installed SLA (version %d) no longer loads: %s: install a fixed one "
			        "with 'leadctl sla use FILE'",
			        v, probs.n ? probs.items[0].text : "unknown problem");
		problems_clear(&probs);
		free(json);
		return rc;
	}
	problems_clear(&probs);
	free(json);
	cached_version = v;
	cached_db = db;
	*sla = cached_sla;
	*version = v;
	return 0;
}

void engine_release(void)
{
	sla_free(cached_sla);
	cached_sla = NULL;
	cached_version = 0;
	cached_db = NULL;
}

int engine_span_add(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time *out)
{
	int rc;

	if (!span->business)
		rc = biz_add(&sla->cal, start, span->seconds, 0, out);
	else if (span->unit == 'd')
		rc = biz_add_days(&sla->cal, start, span->amount, out);
	else
		rc = biz_add(&sla->cal, start, span->seconds, 1, out);
	if (rc != 0)
		return diag_error(LC_CONFIG, "cannot compute a deadline of %s from the SLA's business hours",
		                  span->text);
	return 0;
}

/* A pool's stored turn, read for one routing decision: the strings the
 * callback lends to route_decide(), and the database both callbacks read. */
struct turn_reader {
	struct lc_db *db;
	char *last;         /* owned */
	cJSON *order;       /* the parsed member list; owned */
	const char **names; /* into order; owned array */
};

/* Open leads of an owner (new, mql or sql: a new lead has an owner when it
 * owes a response or a person gave it one), for routing capacity.  Counted
 * on the (owner, stage) index. */
static int open_leads_cb(void *ctx, const char *owner, int64_t *count)
{
	struct lc_db *db = ((struct turn_reader *)ctx)->db;
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT count(*) FROM leads WHERE owner = ?1 AND stage IN ('new', 'mql', 'sql')");

	if (!st)
		return -1;
	db_bind_text(st, 1, owner);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static void turn_reader_clear(struct turn_reader *t)
{
	free(t->last);
	cJSON_Delete(t->order);
	free(t->names);
	t->last = NULL;
	t->order = NULL;
	t->names = NULL;
}

static int pool_turn_cb(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	struct turn_reader *t = ctx;
	sqlite3_stmt *st =
	        db_stmt(t->db, "SELECT position, last_member, members FROM route_cursors WHERE pool = ?1");
	const cJSON *m;
	int rc, n;

	turn_reader_clear(t);
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
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
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

/* The members of the pool called name in sla, as a JSON array text (the
 * caller frees it), or NULL when out of memory. */
static char *pool_members_json(const struct lc_sla *sla, const char *name)
{
	cJSON *a = cJSON_CreateArray();
	char *text = NULL;
	size_t i, k;
	int nomem = !a;

	for (i = 0; a && i < sla->npools; i++)
		if (strcmp(sla->pools[i].name, name) == 0)
			for (k = 0; k < sla->pools[i].nmembers; k++) {
				cJSON *m = cJSON_CreateString(sla->pools[i].members[k]);
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

/* Route lead l (unassigned mql).  Returns 0 (also when no owner could be
 * chosen: the lead waits for 'leadctl route') or an exit status. */
static int route_lead(struct lc_db *db, const struct lc_sla *sla, int version, struct lc_lead *l,
                      const struct lc_event *ev, size_t nev, lc_time at)
{
	struct turn_reader tr = { db, NULL, NULL, NULL };
	struct lc_route_env env = { open_leads_cb, pool_turn_cb, &tr };
	struct lc_change c = { "sla", ORIGIN_SLA, at, version, 0 };
	struct lc_route r;
	sqlite3_stmt *st;
	char *members;
	int rc, failed;

	failed = route_decide(sla, l, ev, nev, at, &env, &r) != 0;
	turn_reader_clear(&tr);
	if (failed)
		return db_fail(db, sqlite3_errcode(db->h), "routing a lead");
	if (r.status != ROUTE_ASSIGNED)
		return 0;
	if (r.pool) {
		/* The turn is kept by member: who was served, and the pool then. */
		if (!(members = pool_members_json(sla, r.pool)))
			return diag_error(LC_SOFTWARE, "out of memory");
		st = db_stmt(db, "INSERT INTO route_cursors(pool, position, last_member, members) "
		                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(pool) DO UPDATE SET "
		                 "position = excluded.position, last_member = excluded.last_member, "
		                 "members = excluded.members");
		if (!st) {
			free(members);
			return LC_SOFTWARE;
		}
		db_bind_text(st, 1, r.pool);
		sqlite3_bind_int64(st, 2, r.cursor);
		db_bind_text(st, 3, r.owner);
		db_bind_text(st, 4, members);
		rc = db_step_done(db, st, "advancing a round-robin pool");
		free(members);
		if (rc)
			return rc;
	}
	if ((rc = store_assign(db, l->id, r.owner, r.rule_name, &c)))
		return rc;
	free(l->owner);
	l->owner = strdup(r.owner);
	return 0;
}

/* 1 in *yes when the query (?1 = lead) returns a row. */
static int lead_has(struct lc_db *db, const char *sql, int64_t lead, int *yes)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*yes = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading obligations");
}

/* 1 in *yes when the lead has an open response obligation. */
static int has_open_obligation(struct lc_db *db, int64_t lead, int *yes)
{
	sqlite3_stmt *st =
	        db_stmt(db, "SELECT 1 FROM obligations WHERE lead_id = ?1 AND state = 'open' LIMIT 1");
	int rc;

	*yes = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading obligations");
}

/* The entry into the lead's current stage: the latest history row into that
 * stage at or before the lead's stage_at (its id and time).  Not simply the
 * latest row: after a merge the dropped lead's history is the kept lead's
 * too, and a later row of it (its creation, say) is not where the kept lead
 * stands. */
static int current_entry(struct lc_db *db, int64_t lead, int64_t *entry, lc_time *at)
{
	sqlite3_stmt *st = db_stmt(
	        db, "SELECT h.id, h.at FROM stage_history h, leads l WHERE l.id = ?1 AND h.lead_id = ?1 "
	            "AND h.to_stage = l.stage AND h.at <= l.stage_at ORDER BY h.at DESC, h.id DESC LIMIT 1");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	rc = sqlite3_step(st);
	*entry = 0;
	if (rc == SQLITE_ROW) {
		*entry = sqlite3_column_int64(st, 0);
		*at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading stage history");
}

/* Open, close and update the response obligations of lead l, at instant
 * at.  A new obligation's clock starts no earlier than floor (0 = no floor):
 * an import's --historical start, or the instant the SLA itself is applied
 * (`sla use` re-applying a new version, `route`), so that an obligation a
 * new SLA opens for a stage entry made earlier starts at the installation,
 * as an automatic MQL does, and installing an SLA never rewrites the past. */
static int sync_obligations(struct lc_db *db, const struct lc_sla *sla, int version, const struct lc_lead *l,
                            const struct lc_event *ev, size_t nev, lc_time at, lc_time floor)
{
	const struct lc_response_rule *rule;
	sqlite3_stmt *st;
	int64_t entry;
	lc_time entry_at = 0, start, ft_due, att_due = 0, carried_start = 0;
	char carried_rule[128] = "";
	int rc, exists;
	size_t i, k;

	if ((rc = current_entry(db, l->id, &entry, &entry_at)))
		return rc;
	/* The untouched obligation of the stage the lead is leaving: when the
	 * same rule applies to the new stage, its clock goes on (a demo
	 * request does not get a fresh 5 minutes because the lead became MQL). */
	st = db_stmt(db, "SELECT rule, started_at FROM obligations WHERE lead_id = ?1 AND entry_id <> ?2 AND "
	                 "state = 'open' AND first_touch_at IS NULL ORDER BY started_at DESC LIMIT 1");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, entry);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(carried_rule, sizeof carried_rule, "%s", (const char *)sqlite3_column_text(st, 0));
		carried_start = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading obligations");
	/* Obligations of earlier stage entries end when the lead moves (an
	 * exhausted one too: there is nothing left to recycle). */
	st = db_stmt(db, "UPDATE obligations SET state = 'closed', next_due_at = NULL, closed_at = ?3 "
	                 "WHERE lead_id = ?1 AND entry_id <> ?2 AND state IN ('open', 'exhausted')");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, entry);
	sqlite3_bind_int64(st, 3, entry_at);
	if ((rc = db_step_done(db, st, "closing obligations")))
		return rc;

	st = db_stmt(db, "SELECT 1 FROM obligations WHERE entry_id = ?1");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, entry);
	rc = sqlite3_step(st);
	exists = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading obligations");
	if (!exists && (l->stage == STAGE_NEW || stage_is_open(l->stage)) &&
	    (rule = sla_response_rule(sla, l, ev, nev, at))) {
		/* The clock starts at the stage entry, or at the first event the
		 * rule asks for when that came later (a demo request on a lead
		 * that was already new). */
		start = entry_at;
		if (rule->when.nevents) {
			lc_time first = 0;
			int found = 0;
			for (i = 0; i < nev; i++)
				for (k = 0; k < rule->when.nevents; k++)
					if (strcmp(ev[i].type, rule->when.events[k]) == 0 && ev[i].at <= at &&
					    (!found || ev[i].at < first)) {
						first = ev[i].at;
						found = 1;
					}
			if (found && first > start)
				start = first;
		}
		if (carried_rule[0] && strcmp(carried_rule, rule->name) == 0 && carried_start < start)
			start = carried_start;
		if (start < floor)
			start = floor;
		if ((rc = engine_span_add(sla, start, &rule->first_touch, &ft_due)))
			return rc;
		if (rule->attempts > 0 &&
		    (rc = engine_span_add(sla, start, &rule->attempts_within, &att_due)))
			return rc;
		st = db_stmt(
		        db,
		        "INSERT INTO obligations(lead_id, entry_id, stage, rule, sla_version, started_at, "
		        "first_touch_due, attempts_owed, attempts_due, on_exhausted, state, next_due_at) "
		        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?7)");
		if (!st)
			return LC_SOFTWARE;
		sqlite3_bind_int64(st, 1, l->id);
		sqlite3_bind_int64(st, 2, entry);
		db_bind_text(st, 3, stage_name(l->stage));
		db_bind_text(st, 4, rule->name);
		sqlite3_bind_int(st, 5, version);
		sqlite3_bind_int64(st, 6, start);
		sqlite3_bind_int64(st, 7, ft_due);
		sqlite3_bind_int64(st, 8, rule->attempts > 0 ? rule->attempts : 1);
		if (rule->attempts > 0)
			sqlite3_bind_int64(st, 9, att_due);
		else
			sqlite3_bind_null(st, 9);
		db_bind_text(st, 10,
		             rule->attempts > 0 && rule->on_exhausted == LC_EXHAUSTED_RECYCLE ? "recycle"
		                                                                              : NULL);
		if ((rc = db_step_done(db, st, "opening an obligation")))
			return rc;
	}
	return engine_obligation_progress(db, l->id);
}

int engine_obligation_progress(struct lc_db *db, int64_t lead)
{
	int open = 0, unresolved = 0, rc0;

	/* Most leads owe nothing and have no breach: two index probes. */
	if ((rc0 = lead_has(
	             db,
	             "SELECT 1 FROM obligations WHERE lead_id = ?1 AND (state = 'open' OR closed_at IS NULL) "
	             "LIMIT 1",
	             lead, &open)) ||
	    (rc0 = lead_has(db, "SELECT 1 FROM breaches WHERE lead_id = ?1 AND resolved_at IS NULL LIMIT 1",
	                    lead, &unresolved)))
		return rc0;
	if (!open && !unresolved)
		return 0;
	if (!open)
		goto breaches;
	/* Touches at or after the obligation's start count: the first one
	 * answers the first-touch deadline, each one is an attempt, and a
	 * connected / replied / meeting_booked outcome meets the obligation.
	 * All owed attempts made without such an outcome: exhausted. */
	sqlite3_stmt *st = db_stmt(
	        db, "UPDATE obligations SET "
	            "first_touch_at = (SELECT min(t.at) FROM touches t WHERE t.lead_id = obligations.lead_id "
	            "  AND t.at >= obligations.started_at), "
	            "attempts_made = (SELECT count(*) FROM touches t WHERE t.lead_id = obligations.lead_id "
	            "  AND t.at >= obligations.started_at) "
	            "WHERE lead_id = ?1 AND state = 'open'");
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	if ((rc = db_step_done(db, st, "updating obligations")))
		return rc;
	st = db_stmt(
	        db, "UPDATE obligations SET "
	            "state = CASE WHEN EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = obligations.lead_id "
	            "    AND t.at >= obligations.started_at AND t.outcome IN ('connected', 'replied', "
	            "'meeting_booked')) "
	            "  THEN 'met' "
	            "  WHEN attempts_due IS NULL AND first_touch_at IS NOT NULL THEN 'met' "
	            "  WHEN attempts_due IS NOT NULL AND attempts_made >= attempts_owed THEN 'exhausted' "
	            "  ELSE 'open' END "
	            "WHERE lead_id = ?1 AND state = 'open'");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	if ((rc = db_step_done(db, st, "updating obligations")))
		return rc;
	st = db_stmt(db, "UPDATE obligations SET next_due_at = CASE WHEN state <> 'open' THEN NULL "
	                 "  WHEN first_touch_at IS NULL THEN first_touch_due ELSE attempts_due END, "
	                 "closed_at = CASE WHEN state = 'open' THEN NULL ELSE coalesce(closed_at, "
	                 "  (SELECT max(t.at) FROM touches t WHERE t.lead_id = obligations.lead_id)) END "
	                 "WHERE lead_id = ?1 AND (state = 'open' OR closed_at IS NULL)");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	if ((rc = db_step_done(db, st, "updating obligations")))
		return rc;
breaches:
	if (!unresolved)
		return 0;
	/* A breach is resolved by the first touch or stage change at or after its
	 * due time (the SLA's own promotion to mql does not resolve anything). */
	st = db_stmt(db,
	             "UPDATE breaches SET resolved_at = (SELECT min(x) FROM ("
	             "  SELECT min(t.at) AS x FROM touches t WHERE t.lead_id = breaches.lead_id AND t.at >= "
	             "breaches.due_at "
	             "  UNION ALL SELECT min(h.at) FROM stage_history h WHERE h.lead_id = breaches.lead_id "
	             "  AND h.at >= breaches.due_at AND h.from_stage IS NOT NULL "
	             "  AND NOT (h.origin = 'sla' AND h.to_stage = 'mql'))) "
	             "WHERE lead_id = ?1 AND resolved_at IS NULL");
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	return db_step_done(db, st, "resolving breaches");
}

/* engine_refresh with a floor under the clocks of new obligations and
 * under routing (0 = none). */
static int refresh(struct lc_db *db, int64_t lead, const struct lc_change *c, lc_time floor)
{
	const struct lc_sla *sla;
	struct lc_lead l;
	struct lc_event *ev = NULL;
	struct lc_score sc = { 0 };
	size_t nev = 0, i;
	lc_time stage_at, at, upto;
	int version, rc;

	if ((rc = engine_sla(db, &sla, &version)) || !sla)
		return rc;
	lead_init(&l);
	if ((rc = store_lead_load(db, lead, &l)) || (rc = store_events_load(db, lead, &ev, &nev)) ||
	    (rc = store_lead_times(db, lead, &stage_at, NULL)))
		goto cleanup;
	/* Events may be recorded out of order (--at): the score and the
	 * qualification look up to the latest known fact. */
	upto = c->at;
	for (i = 0; i < nev; i++)
		if (ev[i].at > upto)
			upto = ev[i].at;
	if (score_compute(sla, &l, ev, nev, upto, &sc) != 0) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	l.score = sc.total;
	if ((rc = store_score_set(db, lead, sc.total)))
		goto cleanup;
	if (l.stage == STAGE_NEW || l.stage == STAGE_NURTURE) {
		/* A lead sent back to nurture qualifies again only through
		 * behaviour after it got there: its old score put it there. */
		lc_time since = stage_at;
		int q = 0;
		if (l.stage == STAGE_NURTURE) {
			since = 0;
			for (i = 0; i < nev; i++)
				if (ev[i].at > stage_at && (!since || ev[i].at < since))
					since = ev[i].at;
		}
		if (since)
			q = score_qualify_time(sla, &l, ev, nev, since, upto, &at);
		if (q < 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		/* Never before the change that revealed it: a lead that
		 * qualifies because a field was filled in, or because a new SLA
		 * was installed, becomes MQL then, not in the past (its response
		 * clock would start overdue and past reports would change). */
		if (q == 1 && at < c->at)
			at = c->at;
		if (q == 1) {
			struct lc_change sc_change = { "sla", ORIGIN_SLA, at, version, c->import_id };
			if ((rc = store_stage_move(db, lead, l.stage, STAGE_MQL, NULL, -1, NULL, &sc_change,
			                           NULL)))
				goto cleanup;
			l.stage = STAGE_MQL;
		}
	}
	/* The SLA applied as such (origin sla: `sla use`, `route`) opens
	 * obligations as of then, never in the past. */
	if (c->origin == ORIGIN_SLA && c->at > floor)
		floor = c->at;
	if ((rc = sync_obligations(db, sla, version, &l, ev, nev, c->at, floor)))
		goto cleanup;
	/* Someone must own what sales owes: an MQL, or any lead a response
	 * rule applies to (a demo request on a lead that is still new). */
	if (!l.owner && stage_is_open(l.stage) == 0 && l.stage != STAGE_NEW)
		goto cleanup;
	if (!l.owner) {
		int owed = l.stage == STAGE_MQL;
		if (!owed && (rc = has_open_obligation(db, lead, &owed)))
			goto cleanup;
		if (owed)
			rc = route_lead(db, sla, version, &l, ev, nev, c->at > floor ? c->at : floor);
	}
cleanup:
	score_clear(&sc);
	store_events_free(ev, nev);
	lead_clear(&l);
	return rc;
}

int engine_refresh(struct lc_db *db, int64_t lead, const struct lc_change *c)
{
	return refresh(db, lead, c, 0);
}

int engine_refresh_as_of(struct lc_db *db, int64_t lead, const struct lc_change *c, lc_time as_of)
{
	int rc = refresh(db, lead, c, as_of);

	return rc ? rc : store_lead_activity_floor(db, lead, as_of);
}

int engine_explain(struct lc_db *db, int64_t lead, lc_time now, cJSON *j)
{
	const struct lc_sla *sla;
	struct lc_lead l;
	struct lc_event *ev = NULL;
	struct lc_score sc = { 0 };
	size_t nev = 0, i;
	int version, rc, step;
	cJSON *terms, *obl;
	sqlite3_stmt *st;

	if ((rc = engine_sla(db, &sla, &version)) || !sla)
		return rc;
	lead_init(&l);
	if ((rc = store_lead_load(db, lead, &l)) || (rc = store_events_load(db, lead, &ev, &nev)))
		goto cleanup;
	if (score_compute(sla, &l, ev, nev, now, &sc) != 0) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	cJSON_AddNumberToObject(j, "score_now", round(sc.total * 10) / 10);
	terms = cJSON_AddArrayToObject(j, "score_terms");
	for (i = 0; i < sc.nterms; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "rule", sc.terms[i].rule);
		cJSON_AddStringToObject(t, "kind", score_kind_name(sc.terms[i].kind));
		cJSON_AddNumberToObject(t, "points", round(sc.terms[i].points * 10) / 10);
		cJSON_AddStringToObject(t, "detail", sc.terms[i].detail);
		cJSON_AddItemToArray(terms, t);
	}
	{
		const char *missing[16];
		size_t nm = score_missing_fields(sla, &l, missing, 16);
		cJSON *arr = cJSON_AddArrayToObject(j, "missing_fields");
		for (i = 0; i < nm && i < 16; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(missing[i]));
	}
	cJSON_AddNumberToObject(j, "mql_threshold", sla->mql_threshold);
	/* The obligation of the current stage entry, as of now: a touch or
	 * stage entry recorded after now does not count (store_asof.h). */
	st = db_stmt(db,
	             AS_OF "SELECT rule, started_at, first_touch_due, first_touch_at, attempts_owed, "
	                   "attempts_made, attempts_due, state, next_due_at, on_exhausted FROM obligations "
	                   "WHERE lead_id = ?1 ORDER BY started_at DESC, id DESC LIMIT 1");
	if (!st) {
		rc = LC_SOFTWARE;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 9, now);
	if ((step = sqlite3_step(st)) != SQLITE_ROW && step != SQLITE_DONE) {
		sqlite3_reset(st);
		rc = db_fail(db, step, "reading obligations");
		goto cleanup;
	}
	if (step == SQLITE_ROW) {
		char b1[32], summary[256], dur[32];
		const char *state = (const char *)sqlite3_column_text(st, 7);
		obl = cJSON_AddObjectToObject(j, "sla");
		cJSON_AddStringToObject(obl, "rule", (const char *)sqlite3_column_text(st, 0));
		clock_format_utc(sqlite3_column_int64(st, 1), b1, sizeof b1);
		cJSON_AddStringToObject(obl, "started_at", b1);
		clock_format_utc(sqlite3_column_int64(st, 2), b1, sizeof b1);
		cJSON_AddStringToObject(obl, "first_touch_due", b1);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			clock_format_utc(sqlite3_column_int64(st, 3), b1, sizeof b1);
			cJSON_AddStringToObject(obl, "first_touch_at", b1);
		} else {
			cJSON_AddNullToObject(obl, "first_touch_at");
		}
		cJSON_AddNumberToObject(obl, "attempts_owed", sqlite3_column_int(st, 4));
		cJSON_AddNumberToObject(obl, "attempts_made", sqlite3_column_int(st, 5));
		cJSON_AddStringToObject(obl, "state", state);
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			lc_time due = sqlite3_column_int64(st, 8);
			clock_format_utc(due, b1, sizeof b1);
			cJSON_AddStringToObject(obl, "due_at", b1);
			cJSON_AddNumberToObject(obl, "overdue_seconds", (double)(now - due));
			duration_format(due > now ? due - now : now - due, dur, sizeof dur);
			if (sqlite3_column_type(st, 3) == SQLITE_NULL)
				snprintf(summary, sizeof summary, "rule %s: first touch %s %s",
				         (const char *)sqlite3_column_text(st, 0),
				         due >= now ? "due in" : "overdue by", dur);
			else
				snprintf(summary, sizeof summary, "rule %s: attempt %d of %d, window %s %s",
				         (const char *)sqlite3_column_text(st, 0),
				         sqlite3_column_int(st, 5) + 1, sqlite3_column_int(st, 4),
				         due >= now ? "ends in" : "ended", dur);
		} else {
			cJSON_AddNullToObject(obl, "due_at");
			snprintf(summary, sizeof summary, "rule %s: %s (%d of %d attempts)",
			         (const char *)sqlite3_column_text(st, 0), state, sqlite3_column_int(st, 5),
			         sqlite3_column_int(st, 4));
		}
		cJSON_AddStringToObject(obl, "summary", summary);
	}
	sqlite3_reset(st);
cleanup:
	score_clear(&sc);
	store_events_free(ev, nev);
	lead_clear(&l);
	return rc;
}

int engine_contact_warning(struct lc_db *db, int64_t lead, lc_time at)
{
	const struct lc_sla *sla;
	int64_t n;
	int version, rc;

	if ((rc = engine_sla(db, &sla, &version)) || !sla || sla->max_touches <= 0)
		return rc;
	if ((rc = store_touch_count(db, lead, at - sla->touch_window, at, &n)))
		return rc;
	if (n > sla->max_touches)
		diag_warn("lead %" PRId64 " has had %" PRId64
		          " touches in %s, over the SLA's contact limit of %" PRId64 ": give it a rest",
		          lead, n, sla->touch_window_text, sla->max_touches);
	return 0;
}

struct incomplete_state {
	const struct lc_sla *sla;
	struct lc_db *db;
	struct out *out;
	int rc;
};

/* One row of `list --incomplete`: the lead and every required field it lacks,
 * joined with ", " into a string sized for them (the SLA's field names and
 * their number are the user's, so nothing here has a fixed size). */
static int incomplete_row(void *arg, const cJSON *row)
{
	struct incomplete_state *s = arg;
	struct lc_lead l;
	const char **missing = NULL;
	char *list = NULL, id[32];
	size_t n, i, len = 1;
	int64_t lid = (int64_t)cJSON_GetObjectItemCaseSensitive(row, "id")->valuedouble;
	const cJSON *email = cJSON_GetObjectItemCaseSensitive(row, "email");

	if ((s->rc = store_lead_load(s->db, lid, &l)))
		return s->rc;
	n = score_missing_fields(s->sla, &l, NULL, 0);
	if (n && (missing = calloc(n, sizeof *missing)))
		n = score_missing_fields(s->sla, &l, missing, n);
	for (i = 0; missing && i < n; i++)
		len += strlen(missing[i]) + 2;
	if (n && (!missing || !(list = malloc(len)))) {
		free(missing);
		lead_clear(&l);
		return s->rc = diag_error(LC_SOFTWARE, "list --incomplete: out of memory");
	}
	if (n) {
		list[0] = '\0';
		for (i = 0; i < n; i++) {
			if (i)
				strcat(list, ", ");
			strcat(list, missing[i]);
		}
		snprintf(id, sizeof id, "%" PRId64, lid);
		out_row(s->out, (const char *const[]){
		                        id, cJSON_IsString(email) ? email->valuestring : NULL,
		                        cJSON_GetObjectItemCaseSensitive(row, "stage")->valuestring, list });
	}
	free(list);
	free(missing);
	lead_clear(&l);
	return 0;
}

int engine_list_incomplete(struct lc_db *db, const struct lc_lead_filter *f, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "id", OT_INT }, { "email", OT_STR }, { "stage", OT_STR }, { "missing", OT_STR }
	};
	struct incomplete_state s = { NULL, db, NULL, 0 };
	int version, rc;

	if ((rc = engine_sla(db, &s.sla, &version)))
		return rc;
	if (!s.sla)
		return diag_error(LC_CONFIG,
		                  "list --incomplete: no SLA is installed, so no field is required: "
		                  "install one with 'leadctl sla use FILE'");
	s.out = out_begin(stdout, fmt, cols, 4);
	rc = store_lead_each(db, f, incomplete_row, &s);
	out_end(s.out);
	return rc;
}
