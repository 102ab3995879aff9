/* store_report: the rows of the reports for a period P.  The views of
 * migrations/004_reports.sql (009, 020) hold the definitions, and
 * docs/reports.md queries them with sqlite3 (t0701 checks that they give
 * the figures of `leadctl report`); the queries here read the same rows
 * from the tables, so that each costs one index range and, per row, only
 * the probes the caller asks for (enum report_need), each once: a view's
 * column used by three expressions of the outer query is evaluated three
 * times, and the full MQL cohort probed twenty indexes per member.  The
 * judgement of the states that depend on now is report_judge_member's
 * (report.c, pure).
 *
 * "The first entry per lead and stage in P": each stage's entries of P are
 * read in (at, lead_id, id) order from stage_history_to (to_stage, at,
 * lead_id; migration 024), with no sort, and a lead's first row is its
 * first entry (struct seen, a bit per lead: its entries of one second come
 * in id order); the
 * views' NOT EXISTS probe of stage_history_lead_stage per entry gives the
 * same rows at about 1 us each (docs/benchmarks.md, "Reports"). */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/diag.h"
#include "leadctl/lead.h"
#include "leadctl/report.h"
#include "leadctl/store.h"

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

/* The leads already seen in one stage: "the first entry per lead and stage
 * in P" is the first row of its lead in a walk of one stage's entries of P
 * in (at, lead_id, id) order.  One bit per lead id (ids are the dense rowids of
 * leads): 125 KB per stage at a million leads. */
struct seen {
	unsigned char *bits; /* owned */
	size_t nbytes;       /* allocated */
};

/* 1 when lead was seen before (and 0 the first time: it is marked), -1
 * when memory runs out. */
static int seen_mark(struct seen *s, int64_t lead)
{
	size_t byte;

	if (lead < 0)
		return 0;
	byte = (size_t)(lead >> 3);
	if (byte >= s->nbytes) {
		size_t n = s->nbytes ? s->nbytes : 4096;
		unsigned char *b;
		while (n <= byte)
			n *= 2;
		if (!(b = realloc(s->bits, n)))
			return -1;
		memset(b + s->nbytes, 0, n - s->nbytes);
		s->bits = b;
		s->nbytes = n;
	}
	if (s->bits[byte] & (1u << (lead & 7)))
		return 1;
	s->bits[byte] |= (unsigned char)(1u << (lead & 7));
	return 0;
}

/* Forget every lead (for the next stage). */
static void seen_reset(struct seen *s)
{
	if (s->bits)
		memset(s->bits, 0, s->nbytes);
}

/* The local ISO week and month keys of instant X, as the views spell them
 * (migrations/004_reports.sql), only when ?9 is true: they cost three
 * localtime conversions per row (NULL otherwise). */
#define LOCAL_KEYS(X)                                                                                        \
	"CASE WHEN ?9 THEN strftime('%Y', " X ", 'unixepoch', 'localtime', '-3 days', 'weekday 4') || '-W' " \
	"|| printf('%02d', (strftime('%j', " X ", 'unixepoch', 'localtime', '-3 days', 'weekday 4') - 1) "   \
	"/ 7 + 1) END, CASE WHEN ?9 THEN strftime('%Y-%m', " X ", 'unixepoch', 'localtime') END"

/* Bind P = [from, to) to ?1, ?2 and whether to read the local keys to ?9
 * (every walk's query). */
static void bind_period(sqlite3_stmt *st, lc_time from, lc_time to, unsigned need)
{
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 9, (need & RN_LOCAL_KEYS) != 0);
}

/* One stage's entries in P = [?1, ?2) in (at, lead_id, id) order: a range of
 * stage_history_to (to_stage, at, lead_id, migration 024), no sort; with
 * the lead's stage now and keys (ENTRY_LEAD: a lead row per entry) or
 * without (ENTRY_BARE: the index alone); with the amount (won: the row
 * too) or without.  report_stage_entries's rows. */
#define ENTRY_ORDER " WHERE h.to_stage = ?3 AND h.at >= ?1 AND h.at < ?2 ORDER BY h.at, h.lead_id, h.id"
#define ENTRY_LEAD                                                                                           \
	"l.stage, l.source, l.campaign, l.owner, " LOCAL_KEYS(                                               \
	        "h.at") " FROM stage_history h JOIN leads l ON l.id = h.lead_id" ENTRY_ORDER
#define ENTRY_BARE "NULL, NULL, NULL, NULL, " LOCAL_KEYS("h.at") " FROM stage_history h" ENTRY_ORDER
/* indexed by [with the lead][with the amount] */
static const char *const sql_entries[2][2] = {
	{ "SELECT h.lead_id, h.at, NULL, " ENTRY_BARE,
	  "SELECT h.lead_id, h.at, h.amount_cents, " ENTRY_BARE },
	{ "SELECT h.lead_id, h.at, NULL, " ENTRY_LEAD,
	  "SELECT h.lead_id, h.at, h.amount_cents, " ENTRY_LEAD },
};

/* The caller's callback for one walk, and the report time when facts are
 * recorded after it (as_of: the rows' current stage and state are read
 * again as of now). */
struct entry_walk {
	int (*cb)(void *arg, const struct report_entry *row); /* the caller's callback */
	void *arg;                                            /* and its argument */
	struct lc_db *db;
	lc_time now;
	int as_of;
	unsigned need;    /* enum report_need */
	int stage;        /* the stage walked (enum lc_stage) */
	struct seen seen; /* leads already counted in it */
};

/* One row of the entries query to a struct report_entry. */
static int entry_row(sqlite3_stmt *st, void *wp)
{
	struct entry_walk *w = wp;
	struct report_entry e;
	int first;

	memset(&e, 0, sizeof e);
	e.lead_id = sqlite3_column_int64(st, 0);
	if ((first = seen_mark(&w->seen, e.lead_id)) != 0)
		return first < 0 ? diag_error(LC_SOFTWARE, "out of memory") : 0;
	e.stage = w->stage;
	e.at = sqlite3_column_int64(st, 1);
	e.has_amount = sqlite3_column_type(st, 2) != SQLITE_NULL;
	e.amount_cents = sqlite3_column_int64(st, 2);
	e.current = stage_parse(col_text(st, 3));
	read_keys(st, 4, &e.k);
	/* the stage now of a lead in the SQL cohort (funnel: won, lost, open) */
	if (w->as_of && e.stage == STAGE_SQL && (w->need & RN_CURRENT)) {
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

int report_store_entries(struct lc_db *db, lc_time from, lc_time to, lc_time now, unsigned stages,
                         unsigned need, int (*cb)(void *arg, const struct report_entry *e), void *arg)
{
	struct entry_walk w = { cb, arg, db, now, 0, need, 0, { NULL, 0 } };
	int rc = 0, s;

	if ((rc = store_facts_after(db, now, &w.as_of)))
		return rc;
	for (s = 0; s < STAGE_COUNT && !rc; s++) {
		int lead = (need & RN_LEAD_KEYS) || (s == STAGE_SQL && (need & RN_CURRENT));
		sqlite3_stmt *st;
		if (!(stages & (1u << s)))
			continue;
		if (!(st = db_stmt(db, sql_entries[lead][s == STAGE_WON]))) {
			rc = LC_SOFTWARE;
			break;
		}
		bind_period(st, from, to, need);
		db_bind_text(st, 3, stage_name((enum lc_stage)s));
		w.stage = s;
		seen_reset(&w.seen);
		rc = walk(db, st, "reading stage entries", entry_row, &w);
	}
	free(w.seen.bits);
	return rc;
}

/* The MQL entries of P in (at, lead_id, id) order with the facts their judgement
 * needs (report_mql_entries's columns, each probe once per row and only
 * when asked: ?4 touch, ?5 sql, ?6 state: the reason of a lost,
 * disqualified or recycled lead and the deadline of an open one, ?7 the
 * reason whatever the stage), with the lead (COHORT_LEAD)
 * or without reading it (COHORT_BARE). */
#define COHORT_HEAD                                                                                          \
	"SELECT h.lead_id, h.at, CASE WHEN ?4 THEN (SELECT min(t.at) FROM touches t "                        \
	"WHERE t.lead_id = h.lead_id AND t.at >= h.at) END, o.first_touch_due, o.started_at, "               \
	"coalesce(o.sla_version, 0), CASE WHEN o.rule IS NOT NULL THEN coalesce((SELECT r.business "         \
	"FROM report_response_rules r WHERE r.version = o.sla_version AND r.rule = o.rule), 0) ELSE 0 END, " \
	"CASE WHEN ?5 THEN (SELECT min(s.at) FROM stage_history s WHERE s.lead_id = h.lead_id "              \
	"AND s.to_stage = 'sql' AND (s.at > h.at OR (s.at = h.at AND s.id > h.id))) END, "
#define COHORT_TAIL                                                                                          \
	" LEFT JOIN obligations o ON ?4 AND o.entry_id = h.id "                                              \
	"WHERE h.to_stage = 'mql' AND h.at >= ?1 AND h.at < ?2 ORDER BY h.at, h.lead_id, h.id"
static const char sql_cohort_lead[] = COHORT_HEAD
        "l.stage, l.activity_at, CASE WHEN ?6 AND (?7 OR l.stage IN ('lost', 'disqualified', 'nurture')) "
        "THEN (SELECT x.reason FROM stage_history x "
        "WHERE x.lead_id = l.id AND x.to_stage = l.stage ORDER BY x.at DESC, x.id DESC LIMIT 1) END, "
        "CASE WHEN ?6 AND l.stage IN ('mql', 'sql') THEN (SELECT min(y.next_due_at) FROM obligations y "
        "WHERE y.lead_id = l.id "
        "AND y.state = 'open') END, l.source, l.campaign, l.owner, " LOCAL_KEYS(
                "h.at") " FROM stage_history h JOIN leads l ON l.id = h.lead_id" COHORT_TAIL;
static const char sql_cohort_bare[] = COHORT_HEAD
        "NULL, 0, NULL, NULL, NULL, NULL, NULL, " LOCAL_KEYS("h.at") " FROM stage_history h" COHORT_TAIL;

/* The stale rule per stage of the SLA in force (report_sla_stale). */
struct stale_rules {
	int has[STAGE_COUNT];         /* 1: a readable duration */
	int64_t seconds[STAGE_COUNT]; /* stale_s */
	int business[STAGE_COUNT];    /* 1: counted in business time */
};

/* Read the stale rules of the SLA in force.  0 or an exit status. */
static int stale_rules_read(struct lc_db *db, struct stale_rules *out)
{
	static const char sql[] = "SELECT stage, stale_s, business FROM report_sla_stale "
	                          "WHERE version = (SELECT max(v.version) FROM sla_versions v)";
	sqlite3_stmt *st;
	int rc, s;

	memset(out, 0, sizeof *out);
	if (!(st = db_stmt(db, sql)))
		return LC_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((s = stage_parse(col_text(st, 0))) >= 0 && s < STAGE_COUNT) {
			out->has[s] = sqlite3_column_type(st, 1) != SQLITE_NULL;
			out->seconds[s] = sqlite3_column_int64(st, 1);
			out->business[s] = sqlite3_column_int(st, 2);
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the stale rules");
}

/* Map the leak state text of the as-of query. */
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
	unsigned need;            /* enum report_need */
	struct stale_rules stale; /* of the SLA in force */
	struct seen seen;         /* leads already in the cohort */
};

/* One row of the cohort query to a struct report_cohort. */
static int cohort_row(sqlite3_stmt *st, void *wp)
{
	struct cohort_walk *w = wp;
	struct report_member_facts f;
	struct report_cohort c;
	int first;

	memset(&c, 0, sizeof c);
	memset(&f, 0, sizeof f);
	c.lead_id = sqlite3_column_int64(st, 0);
	if ((first = seen_mark(&w->seen, c.lead_id)) != 0)
		return first < 0 ? diag_error(LC_SOFTWARE, "out of memory") : 0;
	f.mql_at = sqlite3_column_int64(st, 1);
	f.has_touch = sqlite3_column_type(st, 2) != SQLITE_NULL;
	f.first_touch_at = sqlite3_column_int64(st, 2);
	f.has_due = sqlite3_column_type(st, 3) != SQLITE_NULL;
	f.first_touch_due = sqlite3_column_int64(st, 3);
	f.started_at = sqlite3_column_int64(st, 4);
	c.sla_version = sqlite3_column_int(st, 5);
	c.business = sqlite3_column_int(st, 6);
	f.has_sql = sqlite3_column_type(st, 7) != SQLITE_NULL;
	f.sql_at = sqlite3_column_int64(st, 7);
	f.current = (w->need & RN_STATE) ? stage_parse(col_text(st, 8)) : -1;
	f.activity_at = sqlite3_column_int64(st, 9);
	c.reason = col_text(st, 10);
	f.has_next_due = sqlite3_column_type(st, 11) != SQLITE_NULL;
	f.next_due_at = sqlite3_column_int64(st, 11);
	read_keys(st, 12, &c.k);
	if (f.current >= 0 && f.current < STAGE_COUNT) {
		f.has_stale = w->stale.has[f.current];
		f.stale_s = w->stale.seconds[f.current];
		c.stale_business = w->stale.business[f.current];
	}
	report_judge_member(&f, w->now, &c);
	/* A member touched or moved after the report time: its stage, state
	 * and activity as they were then (the row has them as recorded). */
	if (w->as_of && (w->need & RN_STATE) && c.activity_at > w->now) {
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

int report_store_cohort(struct lc_db *db, lc_time from, lc_time to, lc_time now, unsigned need,
                        int (*cb)(void *arg, const struct report_cohort *c), void *arg)
{
	struct cohort_walk w;
	sqlite3_stmt *st;
	int rc;

	memset(&w, 0, sizeof w);
	w.cb = cb;
	w.arg = arg;
	w.db = db;
	w.now = now;
	w.need = need;
	if ((rc = store_facts_after(db, now, &w.as_of)) || (rc = stale_rules_read(db, &w.stale)))
		return rc;
	if (!(st = db_stmt(db, (need & (RN_STATE | RN_LEAD_KEYS)) ? sql_cohort_lead : sql_cohort_bare)))
		return LC_SOFTWARE;
	bind_period(st, from, to, need);
	sqlite3_bind_int(st, 4, (need & RN_TOUCH) != 0);
	sqlite3_bind_int(st, 5, (need & RN_SQL) != 0);
	sqlite3_bind_int(st, 6, (need & RN_STATE) != 0);
	sqlite3_bind_int(st, 7, (need & RN_REASON) != 0);
	rc = walk(db, st, "reading the MQL cohort", cohort_row, &w);
	free(w.seen.bits);
	return rc;
}

/* One stage's entries of P that complete a velocity pair, in (at, lead_id, id)
 * order, with the latest entry into ?4 before each (report_velocity's
 * start_at), with the lead's keys (PAIR_LEAD) or without (PAIR_BARE). */
#define PAIR_HEAD                                                                                            \
	"SELECT h.lead_id, h.at - (SELECT p.at FROM stage_history p WHERE p.lead_id = h.lead_id "            \
	"AND p.to_stage = ?4 AND (p.at < h.at OR (p.at = h.at AND p.id < h.id)) "                            \
	"ORDER BY p.at DESC, p.id DESC LIMIT 1), "
static const char sql_pair_lead[] = PAIR_HEAD "l.source, l.campaign, l.owner, " LOCAL_KEYS(
        "h.at") " FROM stage_history h JOIN leads l ON l.id = h.lead_id" ENTRY_ORDER;
static const char sql_pair_bare[] =
        PAIR_HEAD "NULL, NULL, NULL, " LOCAL_KEYS("h.at") " FROM stage_history h" ENTRY_ORDER;

/* The caller's callback for one walk. */
struct pair_walk {
	int (*cb)(void *arg, const struct report_pair *row); /* the caller's callback */
	void *arg;                                           /* and its argument */
	int kind;                                            /* 0 = MQL to SQL, 1 = SQL to close */
	struct seen seen;                                    /* leads already counted in the stage */
};

/* One row of the velocity query to a struct report_pair: the first entry
 * of its lead into the stage in P, when a start precedes it. */
static int pair_row(sqlite3_stmt *st, void *wp)
{
	struct pair_walk *w = wp;
	struct report_pair p;
	int first;

	if ((first = seen_mark(&w->seen, sqlite3_column_int64(st, 0))) != 0)
		return first < 0 ? diag_error(LC_SOFTWARE, "out of memory") : 0;
	if (sqlite3_column_type(st, 1) == SQLITE_NULL)
		return 0;
	memset(&p, 0, sizeof p);
	p.kind = w->kind;
	p.seconds = sqlite3_column_int64(st, 1);
	read_keys(st, 2, &p.k);
	return w->cb(w->arg, &p);
}

int report_store_velocity(struct lc_db *db, lc_time from, lc_time to, unsigned need,
                          int (*cb)(void *arg, const struct report_pair *p), void *arg)
{
	/* the stage completed, and the stage its pair starts in */
	static const struct {
		enum lc_stage stage, start;
	} pairs[] = { { STAGE_SQL, STAGE_MQL }, { STAGE_WON, STAGE_SQL }, { STAGE_LOST, STAGE_SQL } };
	struct pair_walk w = { cb, arg, 0, { NULL, 0 } };
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof pairs / sizeof *pairs && !rc; i++) {
		sqlite3_stmt *st = db_stmt(db, (need & RN_LEAD_KEYS) ? sql_pair_lead : sql_pair_bare);
		if (!st) {
			rc = LC_SOFTWARE;
			break;
		}
		bind_period(st, from, to, need);
		db_bind_text(st, 3, stage_name(pairs[i].stage));
		db_bind_text(st, 4, stage_name(pairs[i].start));
		w.kind = pairs[i].stage == STAGE_SQL ? 0 : 1;
		seen_reset(&w.seen);
		rc = walk(db, st, "reading velocity pairs", pair_row, &w);
	}
	free(w.seen.bits);
	return rc;
}

/* The caller's callback for one walk, and the row being spread. */
struct spend_walk {
	int (*cb)(void *arg, const struct report_spend *row); /* the caller's callback */
	void *arg;                                            /* and its argument */
	struct report_date since, until;                      /* the local days of P */
	struct report_spend s;                                /* channel and campaign of the row */
};

/* One run of days of a spend row to the caller. */
static int spend_run(void *wp, const char *week, const char *month, double cents)
{
	struct spend_walk *w = wp;

	w->s.k.week = week;
	w->s.k.month = month;
	w->s.cents = cents;
	return w->cb(w->arg, &w->s);
}

/* One spend row, spread over its days of P (report_spend_split). */
static int spend_row(sqlite3_stmt *st, void *wp)
{
	struct spend_walk *w = wp;
	struct report_date start, end;

	if (report_date_parse(col_text(st, 2), &start) != 0 || report_date_parse(col_text(st, 3), &end) != 0)
		return 0; /* CHECK (date(x) = x) in the schema: not reached */
	memset(&w->s, 0, sizeof w->s);
	w->s.k.source = col_text(st, 0);
	w->s.k.campaign = col_text(st, 1);
	return report_spend_split(start, end, sqlite3_column_int64(st, 4), w->since, w->until, spend_run, w);
}

int report_store_spend(struct lc_db *db, const char *since, const char *until,
                       int (*cb)(void *arg, const struct report_spend *s), void *arg)
{
	/* The rows that overlap the local days [since, until), spread in C:
	 * report_spend_days's recursion makes every day of every row (a date()
	 * and four strftime() each) before the period is applied. */
	static const char sql[] = "SELECT channel, campaign, start_date, end_date, amount_cents FROM spend "
	                          "WHERE end_date >= ?1 AND start_date < ?2 ORDER BY id";
	struct spend_walk w;
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return LC_SOFTWARE;
	memset(&w, 0, sizeof w);
	w.cb = cb;
	w.arg = arg;
	if (report_date_parse(since, &w.since) != 0 || report_date_parse(until, &w.until) != 0)
		return diag_error(LC_SOFTWARE, "reading spend: '%s'..'%s' are not dates", since, until);
	db_bind_text(st, 1, since);
	db_bind_text(st, 2, until);
	return walk(db, st, "reading spend", spend_row, &w);
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

int report_store_leads(struct lc_db *db, lc_time from, lc_time to, unsigned need,
                       int (*cb)(void *arg, const struct report_lead *l), void *arg)
{
	/* report_leads's rows */
	static const char sql[] = "SELECT l.id, l.source, l.campaign, l.owner, " LOCAL_KEYS(
	        "l.created_at") " FROM leads l WHERE l.created_at >= ?1 AND l.created_at < ?2";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return LC_SOFTWARE;
	bind_period(st, from, to, need);
	return walk(db, st, "reading leads", lead_row, &(struct lead_walk){ cb, arg });
}
