/* store_report: the queries of the reports over the views of
 * migrations/004_reports.sql (009, 020).  The views hold the definitions;
 * the queries here only restrict them to a period and judge the states
 * that depend on now.  docs/reports.md shows the same queries for sqlite3.
 *
 * "The first entry per lead and stage in P" is FIRST_IN_P below: no entry
 * of the same lead into the same stage in P before it (earlier, or the
 * same second and a lower id).  A probe of stage_history_lead_stage
 * (lead_id, to_stage, at) per entry of P, in standard SQL; the window form
 * it replaces (row_number() OVER (PARTITION BY lead_id, stage ORDER BY at,
 * entry_id) = 1) sorted every entry of P with all its columns first, 5x
 * slower over long periods (docs/benchmarks.md, "Reports"). */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/diag.h"
#include "leadctl/lead.h"
#include "leadctl/report.h"
#include "leadctl/store.h"

/* The entry E (a row of report_stage_entries, report_mql_entries or
 * report_velocity with lead_id and entry_id) into STAGE at AT is the first
 * of its lead into that stage in P = [?1, ?2): a condition, for AT in P. */
#define FIRST_IN_P(E, STAGE, AT)                                                                             \
	"NOT EXISTS (SELECT 1 FROM stage_history p WHERE p.lead_id = " E ".lead_id AND p.to_stage = " STAGE  \
	" AND p.at >= ?1 AND (p.at < " AT " OR (p.at = " AT " AND p.id < " E ".entry_id)))"

/* The local week and month keys of a row, only when ?9 (the caller's keys)
 * is true: they cost three localtime conversions per row, and a report
 * needs them only --by week or month (NULL otherwise). */
#define LOCAL_KEYS "CASE WHEN ?9 THEN local_week END, CASE WHEN ?9 THEN local_month END"

/* The text of column i, or NULL (borrowed until the next step). */
static const char *col_text(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(st, i);
}

/* Fill the keys from five consecutive columns: source, campaign, owner,
 * local_week, local_month. */
static void read_keys(sqlite3_stmt *st, int first, struct report_keys *k)
{
	k->source = col_text(st, first);
	k->campaign = col_text(st, first + 1);
	k->owner = col_text(st, first + 2);
	k->week = col_text(st, first + 3);
	k->month = col_text(st, first + 4);
}

/* Step st to its end; for every row call row(st, w) (w holds the caller's
 * callback and its argument).  Returns 0, the
 * callback's non-zero value, or an exit status. */
static int walk(struct lc_db *db, sqlite3_stmt *st, const char *what, int (*row)(sqlite3_stmt *st, void *w),
                void *w)
{
	int rc, crc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = row(st, w)) != 0) {
			sqlite3_reset(st);
			return crc;
		}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, what);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return 0;
}

void report_sla_clear(struct report_sla *s)
{
	free(s->name);
	free(s->timezone);
	free(s->commitments);
	memset(s, 0, sizeof *s);
}

int report_store_sla(struct lc_db *db, struct report_sla *out)
{
	static const char sql[] =
	        "SELECT version, name, installed_at, in_force_now, timezone, mql_per_month, gross_margin, "
	        "lifetime_years FROM report_sla ORDER BY installed_at, version";
	sqlite3_stmt *st;
	int rc = 0, step;

	memset(out, 0, sizeof *out);
	if (!(st = db_stmt(db, sql)))
		return LC_SOFTWARE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_commitment *c;
		void *grown = realloc(out->commitments, (out->ncommitments + 1) * sizeof *out->commitments);
		if (!grown) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		out->commitments = grown;
		c = &out->commitments[out->ncommitments++];
		c->installed_at = sqlite3_column_int64(st, 2);
		c->has = sqlite3_column_type(st, 5) == SQLITE_INTEGER ||
		         sqlite3_column_type(st, 5) == SQLITE_FLOAT;
		c->per_month = c->has ? sqlite3_column_double(st, 5) : 0;
		if (sqlite3_column_int(st, 3)) {
			int tm = sqlite3_column_type(st, 6), tl = sqlite3_column_type(st, 7);
			free(out->name);
			free(out->timezone);
			out->version = sqlite3_column_int(st, 0);
			out->name = db_col_strdup(st, 1);
			out->timezone =
			        sqlite3_column_type(st, 4) == SQLITE_TEXT ? db_col_strdup(st, 4) : NULL;
			out->has_economics = (tm == SQLITE_INTEGER || tm == SQLITE_FLOAT) &&
			                     (tl == SQLITE_INTEGER || tl == SQLITE_FLOAT);
			out->gross_margin = sqlite3_column_double(st, 6);
			out->lifetime_years = sqlite3_column_double(st, 7);
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(db, step, "reading the SLA");
cleanup:
	sqlite3_reset(st);
	if (rc)
		report_sla_clear(out);
	return rc;
}

/* A lead as it stood at ?9 (store_asof.h), for a lead whose stored state
 * holds facts recorded after the report time: its stage, the reason of the
 * entry into it, its activity, its leak state judged as the cohort query
 * judges it (an open obligation past due, else stale by the rule of the
 * SLA in force), and whether that stale rule counts business time. */
static const char sql_lead_as_of[] = AS_OF
        "SELECT stage, reason, activity_at, CASE WHEN stage NOT IN ('mql', 'sql') THEN CASE stage "
        "WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'disqualified' THEN 'disqualified' "
        "WHEN 'nurture' THEN 'recycled' ELSE 'other' END WHEN next_due_at < ?9 THEN 'open_overdue' "
        "WHEN activity_at + stale_s < ?9 THEN 'open_stalled' ELSE 'open_on_track' END, "
        "coalesce(business, 0) FROM (SELECT l.stage, l.activity_at, (SELECT h.reason FROM stage_history h "
        "WHERE h.lead_id = l.id AND h.to_stage = l.stage ORDER BY h.at DESC, h.id DESC LIMIT 1) AS reason, "
        "(SELECT min(o.next_due_at) FROM obligations o WHERE o.lead_id = l.id AND o.state = 'open') "
        "AS next_due_at, s.stale_s, s.business FROM leads l LEFT JOIN report_sla_stale s "
        "ON s.stage = l.stage AND s.version = (SELECT max(v.version) FROM sla_versions v) "
        "WHERE l.id = ?1 AND l.stage IS NOT NULL)";

/* Step sql_lead_as_of for lead at now: *st is left on its row (the caller
 * reads it, then resets it) or NULL when the lead did not exist then.
 * Returns 0 or an exit status. */
static int lead_as_of(struct lc_db *db, int64_t lead, lc_time now, sqlite3_stmt **st)
{
	int rc;

	if (!(*st = db_stmt(db, sql_lead_as_of)))
		return LC_SOFTWARE;
	sqlite3_bind_int64(*st, 1, lead);
	sqlite3_bind_int64(*st, 9, now);
	if ((rc = sqlite3_step(*st)) == SQLITE_ROW)
		return 0;
	sqlite3_reset(*st);
	*st = NULL;
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading a lead as of the report time");
}

/* The caller's callback for one walk, and the report time when facts are
 * recorded after it (as_of: the rows' current stage and state are read
 * again as of now). */
struct entry_walk {
	int (*cb)(void *arg, const struct report_entry *row); /* the caller's callback */
	void *arg;                                            /* and its argument */
	struct lc_db *db;
	lc_time now;
	int as_of;
};

/* One row of the entries query to a struct report_entry. */
static int entry_row(sqlite3_stmt *st, void *wp)
{
	const struct entry_walk *w = wp;
	struct report_entry e;

	memset(&e, 0, sizeof e);
	e.lead_id = sqlite3_column_int64(st, 0);
	e.stage = stage_parse(col_text(st, 1));
	e.current = stage_parse(col_text(st, 2));
	e.at = sqlite3_column_int64(st, 3);
	e.has_amount = sqlite3_column_type(st, 4) != SQLITE_NULL;
	e.amount_cents = sqlite3_column_int64(st, 4);
	read_keys(st, 5, &e.k);
	/* the stage now of a lead in the SQL cohort (funnel: won, lost, open) */
	if (w->as_of && e.stage == STAGE_SQL) {
		sqlite3_stmt *a;
		int rc = lead_as_of(w->db, e.lead_id, w->now, &a);
		if (rc)
			return rc;
		if (a) {
			e.current = stage_parse(col_text(a, 0));
			sqlite3_reset(a);
		}
	}
	return w->cb(w->arg, &e);
}

int report_store_entries(struct lc_db *db, lc_time from, lc_time to, lc_time now, int keys,
                         int (*cb)(void *arg, const struct report_entry *e), void *arg)
{
	struct entry_walk w = { cb, arg, db, now, 0 };
	int rc;

	static const char sql[] = "SELECT lead_id, stage, current_stage, at, amount_cents, source, campaign, "
	                          "owner, " LOCAL_KEYS " FROM report_stage_entries e "
	                          "WHERE e.at >= ?1 AND e.at < ?2 AND " FIRST_IN_P("e", "e.stage", "e.at");
	sqlite3_stmt *st;

	if ((rc = store_facts_after(db, now, &w.as_of)))
		return rc;
	if (!(st = db_stmt(db, sql)))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 9, keys);
	return walk(db, st, "reading stage entries", entry_row, &w);
}

/* Map the touch_state text of report_mql_entries. */
static int touch_parse(const char *s)
{
	if (!s || strcmp(s, "never") == 0)
		return RT_NEVER;
	if (strcmp(s, "in_time") == 0)
		return RT_IN_TIME;
	if (strcmp(s, "late") == 0)
		return RT_LATE;
	return RT_NO_DEADLINE;
}

/* Map the leak state text of the cohort query. */
static int state_parse(const char *s)
{
	static const char *const names[RS_COUNT] = {
		"won",          "lost",         "disqualified",  "recycled",
		"open_overdue", "open_stalled", "open_on_track", "other",
	};
	int i;

	for (i = 0; s && i < RS_COUNT; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return RS_OTHER;
}

/* The caller's callback for one walk, and the report time (as in
 * struct entry_walk). */
struct cohort_walk {
	int (*cb)(void *arg, const struct report_cohort *row); /* the caller's callback */
	void *arg;                                             /* and its argument */
	struct lc_db *db;
	lc_time now;
	int as_of;
};

/* One row of the cohort query to a struct report_cohort. */
static int cohort_row(sqlite3_stmt *st, void *wp)
{
	const struct cohort_walk *w = wp;
	struct report_cohort c;

	memset(&c, 0, sizeof c);
	c.lead_id = sqlite3_column_int64(st, 0);
	c.mql_at = sqlite3_column_int64(st, 1);
	c.touch = touch_parse(col_text(st, 2));
	c.has_response = sqlite3_column_type(st, 3) != SQLITE_NULL;
	c.response_s = sqlite3_column_int64(st, 3);
	c.entered_sql = sqlite3_column_int(st, 4);
	c.state = state_parse(col_text(st, 5));
	c.reason = col_text(st, 6);
	c.leaked = sqlite3_column_int(st, 7);
	read_keys(st, 8, &c.k);
	c.current = stage_parse(col_text(st, 13));
	c.activity_at = sqlite3_column_int64(st, 14);
	c.first_touch_at = sqlite3_column_int64(st, 15);
	c.business = sqlite3_column_int(st, 16);
	c.sla_version = sqlite3_column_int(st, 17);
	c.stale_business = sqlite3_column_int(st, 18);
	/* A member touched or moved after the report time: its stage, state
	 * and activity as they were then (the view has them as recorded). */
	if (w->as_of && c.activity_at > w->now) {
		sqlite3_stmt *a;
		int rc = lead_as_of(w->db, c.lead_id, w->now, &a);
		if (rc)
			return rc;
		if (a) {
			c.current = stage_parse(col_text(a, 0));
			c.reason = col_text(a, 1);
			c.activity_at = sqlite3_column_int64(a, 2);
			c.state = state_parse(col_text(a, 3));
			c.stale_business = sqlite3_column_int(a, 4);
			c.leaked = !c.entered_sql && (c.state == RS_RECYCLED || c.state == RS_DISQUALIFIED ||
			                              c.state == RS_OPEN_OVERDUE);
			rc = w->cb(w->arg, &c);
			sqlite3_reset(a);
			return rc;
		}
	}
	return w->cb(w->arg, &c);
}

int report_store_cohort(struct lc_db *db, lc_time from, lc_time to, lc_time now, int keys,
                        int (*cb)(void *arg, const struct report_cohort *c), void *arg)
{
	/* The open states need now: overdue first (an open obligation past
	 * due), then stalled (no activity for longer than the stale rule of
	 * the current stage), then on track. */
	static const char sql[] =
	        "SELECT lead_id, mql_at, CASE WHEN first_touch_at > ?3 THEN 'never' ELSE touch_state END, "
	        "CASE WHEN first_touch_at > ?3 THEN NULL ELSE response_s END, "
	        "sql_at IS NOT NULL AND sql_at <= ?3, state, stage_reason, "
	        "CASE WHEN (sql_at IS NULL OR sql_at > ?3) AND state IN ('recycled', 'disqualified', "
	        "'open_overdue') "
	        "THEN 1 ELSE 0 END AS leaked, source, campaign, owner, " LOCAL_KEYS ", "
	        "current_stage, activity_at, first_touch_at, coalesce(response_business, 0), "
	        "coalesce(response_sla_version, 0), coalesce((SELECT s.business FROM report_sla_stale s "
	        "WHERE s.version = (SELECT max(v.version) FROM sla_versions v) AND s.stage = current_stage), "
	        "0) "
	        "FROM (SELECT c.*, CASE "
	        "WHEN c.state_base = 'open' AND c.next_due_at < ?3 THEN 'open_overdue' "
	        "WHEN c.state_base = 'open' AND c.activity_at + c.stale_s < ?3 THEN 'open_stalled' "
	        "WHEN c.state_base = 'open' THEN 'open_on_track' "
	        "ELSE c.state_base END AS state "
	        "FROM report_mql_entries c WHERE c.mql_at >= ?1 AND c.mql_at < ?2 "
	        "AND " FIRST_IN_P("c", "'mql'", "c.mql_at") ")";
	struct cohort_walk w = { cb, arg, db, now, 0 };
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_facts_after(db, now, &w.as_of)))
		return rc;
	if (!(st = db_stmt(db, sql)))
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 9, keys);
	sqlite3_bind_int64(st, 3, now);
	return walk(db, st, "reading the MQL cohort", cohort_row, &w);
}

/* The caller's callback for one walk. */
struct pair_walk {
	int (*cb)(void *arg, const struct report_pair *row); /* the caller's callback */
	void *arg;                                           /* and its argument */
};

/* One row of the velocity query to a struct report_pair. */
static int pair_row(sqlite3_stmt *st, void *wp)
{
	const struct pair_walk *w = wp;
	struct report_pair p;

	memset(&p, 0, sizeof p);
	p.kind = strcmp(col_text(st, 0) ? col_text(st, 0) : "", "mql_sql") == 0 ? 0 : 1;
	p.seconds = sqlite3_column_int64(st, 1);
	read_keys(st, 2, &p.k);
	return w->cb(w->arg, &p);
}

int report_store_velocity(struct lc_db *db, lc_time from, lc_time to, int keys,
                          int (*cb)(void *arg, const struct report_pair *p), void *arg)
{
	static const char sql[] = "SELECT kind, seconds, source, campaign, owner, " LOCAL_KEYS " "
	                          "FROM report_velocity v WHERE v.at >= ?1 AND v.at < ?2 AND "
	                          "seconds IS NOT NULL AND " FIRST_IN_P("v", "v.stage", "v.at");
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 9, keys);
	return walk(db, st, "reading velocity pairs", pair_row, &(struct pair_walk){ cb, arg });
}

/* The caller's callback for one walk. */
struct spend_walk {
	int (*cb)(void *arg, const struct report_spend *row); /* the caller's callback */
	void *arg;                                            /* and its argument */
};

/* One row of the spend query to a struct report_spend. */
static int spend_row(sqlite3_stmt *st, void *wp)
{
	const struct spend_walk *w = wp;
	struct report_spend s;

	memset(&s, 0, sizeof s);
	s.k.source = col_text(st, 0);
	s.k.campaign = col_text(st, 1);
	s.k.week = col_text(st, 2);
	s.k.month = col_text(st, 3);
	s.cents = sqlite3_column_double(st, 4);
	return w->cb(w->arg, &s);
}

int report_store_spend(struct lc_db *db, const char *since, const char *until,
                       int (*cb)(void *arg, const struct report_spend *s), void *arg)
{
	static const char sql[] =
	        "SELECT channel, campaign, local_week, local_month, sum(cents) FROM report_spend_days "
	        "WHERE day >= ?1 AND day < ?2 GROUP BY channel, campaign, local_week, local_month";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, since);
	db_bind_text(st, 2, until);
	return walk(db, st, "reading spend", spend_row, &(struct spend_walk){ cb, arg });
}

/* The caller's callback for one walk. */
struct lead_walk {
	int (*cb)(void *arg, const struct report_lead *row); /* the caller's callback */
	void *arg;                                           /* and its argument */
};

/* One row of the leads query to a struct report_lead. */
static int lead_row(sqlite3_stmt *st, void *wp)
{
	const struct lead_walk *w = wp;
	struct report_lead l;

	memset(&l, 0, sizeof l);
	l.lead_id = sqlite3_column_int64(st, 0);
	read_keys(st, 1, &l.k);
	return w->cb(w->arg, &l);
}

int report_store_leads(struct lc_db *db, lc_time from, lc_time to, int keys,
                       int (*cb)(void *arg, const struct report_lead *l), void *arg)
{
	static const char sql[] = "SELECT lead_id, source, campaign, owner, " LOCAL_KEYS " FROM report_leads "
	                          "WHERE created_at >= ?1 AND created_at < ?2";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 9, keys);
	return walk(db, st, "reading leads", lead_row, &(struct lead_walk){ cb, arg });
}
