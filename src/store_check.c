/* store_check: the store half of check.h -- the SLA's obligations as of
 * now, read and written for `next` and `sla check` (the pure half, the
 * list's order and wording, is src/worklist.c; what is a breach or a
 * stalled lead is decided by rules.h).  For `sla check` the store only
 * loads candidates, reloads one as it stands and records breaches, each
 * phase in the transactions it owns; src/sla_check.c decides (rules.h)
 * and applies the recycle through the engine.  The store never calls the
 * engine.
 *
 * The work list of `next` and the breaches of `sla check` are both read
 * from index ranges only, so that they stay fast at a million leads:
 *   - open obligations by deadline: obligations_open(state, next_due_at),
 *     or, for one owner, leads_owner_stage(owner, stage) then
 *     obligations_lead_open(lead_id, next_due_at) WHERE state = 'open';
 *   - stalled leads: leads_stage_activity(stage, activity_at) (migration
 *     005), the leads of a stage quiet since before a bound;
 *   - breaches already recorded: their UNIQUE(lead_id, kind, rule, due_at)
 *     index.
 * check_query_plans() shows the plans; tests/unit/test_next.c checks them.
 *
 * Statements that are stepped through while other statements run are
 * prepared here and finalized, not taken from db_stmt()'s cache, which may
 * evict (finalize) its oldest entry when full. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "store_asof.h"
#include "leadctl/check.h"
#include "leadctl/consent.h"
#include "leadctl/diag.h"
#include "leadctl/rules.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/store_check.h"
#include "leadctl/vec.h"

/* Free the strings of one breach. */
static void breach_clear(struct lc_breach *b)
{
	free(b->rule);
	free(b->name);
	free(b->email);
	free(b->company);
	free(b->owner);
	b->rule = b->name = b->email = b->company = b->owner = NULL;
}

/* Free n breaches and the array (NULL allowed). */
static void check_breaches_free(struct lc_breach *b, size_t n)
{
	size_t i;

	for (i = 0; b && i < n; i++)
		breach_clear(&b[i]);
	free(b);
}

/* ---- the queries ------------------------------------------------------------- */

/* The lead columns every query below ends with; l.activity_at is
 * LEAD_ACTIVITY columns after the first, l.score_at the last. */
#define LEAD_COLS                                                                                            \
	"l.first_name, l.last_name, l.email, l.external_id, l.phone, l.company, l.owner, l.stage, l.score, " \
	"l.activity_at, l.score_at"
#define LEAD_ACTIVITY 9

/* The queries below run behind store_asof.h's AS_OF prefix when
 * store_facts_after() finds a touch, stage entry or obligation recorded after
 * now: leads and obligations are then as they stood at now (?9). */

/* Open obligations of the work list: 6 columns, then the lead's. */
#define OBL_COLS                                                                                             \
	"SELECT o.lead_id, o.rule, o.next_due_at, o.first_touch_at IS NOT NULL, o.attempts_made, "           \
	"o.attempts_owed, " LEAD_COLS " "
/* From every owner or from nobody: obligations_open first, in deadline
 * order (unassigned leads are mostly new ones, far too many to start
 * from).  From one owner: that owner's open leads first (leads_owner_stage,
 * a rep's book is small), then each one's open obligation; CROSS JOIN
 * keeps that order, whatever the planner guesses without statistics. */
#define OBL_ALL                                                                                              \
	"FROM obligations o JOIN leads l ON l.id = o.lead_id "                                               \
	"WHERE o.state = 'open' AND l.stage IN ('new', 'mql', 'sql') "
#define OBL_OWNER                                                                                            \
	"FROM leads l CROSS JOIN obligations o ON o.lead_id = l.id AND o.state = 'open' "                    \
	"WHERE l.owner = ?2 AND l.stage IN ('new', 'mql', 'sql') "
#define OBL_NOBODY                                                                                           \
	"FROM obligations o JOIN leads l ON l.id = o.lead_id "                                               \
	"WHERE o.state = 'open' AND l.owner IS NULL AND l.stage IN ('new', 'mql', 'sql') "
/* Due by ?1 (overdue and due soon), in deadline order; due after ?1, by score. */
#define OBL_URGENT "AND o.next_due_at <= ?1 ORDER BY o.next_due_at, o.lead_id"
#define OBL_LATER "AND o.next_due_at > ?1 ORDER BY l.score DESC, o.next_due_at, o.lead_id"

/* Indexed by [as of an earlier instant][owner mode: 0 every owner, 1 one
 * owner, 2 unassigned]. */
static const char *const sql_obl_urgent[2][3] = {
	{ OBL_COLS OBL_ALL OBL_URGENT, OBL_COLS OBL_OWNER OBL_URGENT, OBL_COLS OBL_NOBODY OBL_URGENT },
	{ AS_OF OBL_COLS OBL_ALL OBL_URGENT, AS_OF OBL_COLS OBL_OWNER OBL_URGENT,
	  AS_OF OBL_COLS OBL_NOBODY OBL_URGENT },
};
static const char *const sql_obl_later[2][3] = {
	{ OBL_COLS OBL_ALL OBL_LATER, OBL_COLS OBL_OWNER OBL_LATER, OBL_COLS OBL_NOBODY OBL_LATER },
	{ AS_OF OBL_COLS OBL_ALL OBL_LATER, AS_OF OBL_COLS OBL_OWNER OBL_LATER,
	  AS_OF OBL_COLS OBL_NOBODY OBL_LATER },
};

/* Quiet leads of stage ?1 (activity at or before ?2) that owe no open
 * obligation, oldest activity first: 1 column, then the lead's.  Every
 * owner: the range of leads_stage_activity.  One owner: that owner's leads
 * of the stage (leads_owner_stage; the unary + keeps the planner off the
 * activity index, whose range holds every owner's quiet leads). */
#define STALLED_SELECT "SELECT l.id, " LEAD_COLS " FROM leads l WHERE l.stage = ?1 "
#define STALLED_OPEN                                                                                         \
	"AND NOT EXISTS (SELECT 1 FROM obligations o WHERE o.lead_id = l.id AND o.state = 'open') "
#define STALLED_ALL STALLED_SELECT "AND l.activity_at <= ?2 " STALLED_OPEN "ORDER BY l.activity_at, l.id"
#define STALLED_OWNER                                                                                        \
	STALLED_SELECT "AND +l.activity_at <= ?2 AND l.owner = ?3 " STALLED_OPEN                             \
	               "ORDER BY +l.activity_at, l.id"
#define STALLED_NOBODY                                                                                       \
	STALLED_SELECT "AND l.activity_at <= ?2 AND l.owner IS NULL " STALLED_OPEN                           \
	               "ORDER BY l.activity_at, l.id"
static const char *const sql_stalled[2][3] = {
	{ STALLED_ALL, STALLED_OWNER, STALLED_NOBODY },
	{ AS_OF STALLED_ALL, AS_OF STALLED_OWNER, AS_OF STALLED_NOBODY },
};

/* Breaches.  First touch missed: open, untouched, deadline before ?1, not
 * recorded yet.  (Untouched: next_due_at is the first-touch deadline.)
 * 6 columns, then the lead's. */
#define Q_BREACH_FIRST_TOUCH                                                                                 \
	"SELECT o.id, o.lead_id, o.rule, o.first_touch_due, o.attempts_made, o.attempts_owed, " LEAD_COLS    \
	" "                                                                                                  \
	"FROM obligations o JOIN leads l ON l.id = o.lead_id "                                               \
	"WHERE o.state = 'open' AND o.next_due_at < ?1 AND o.first_touch_at IS NULL "                        \
	"AND NOT EXISTS (SELECT 1 FROM breaches b WHERE b.lead_id = o.lead_id AND b.kind = 'first_touch' "   \
	"  AND b.rule = o.rule AND b.due_at = o.first_touch_due) "                                           \
	"ORDER BY o.first_touch_due, o.lead_id"
static const char *const sql_breach_first_touch[2] = { Q_BREACH_FIRST_TOUCH, AS_OF Q_BREACH_FIRST_TOUCH };

/* Attempts window ended before ?1 without success (still open): next_due_at
 * is at or before the window's end, so the range bounds it.  7 columns. */
#define EXHAUSTED_COLS                                                                                       \
	"SELECT o.id, o.lead_id, o.rule, o.attempts_due, o.attempts_made, o.attempts_owed, "                 \
	"coalesce(o.on_exhausted, ''), " LEAD_COLS " FROM obligations o JOIN leads l ON l.id = o.lead_id "
#define EXHAUSTED_NEW                                                                                        \
	"AND NOT EXISTS (SELECT 1 FROM breaches b WHERE b.lead_id = o.lead_id "                              \
	"  AND b.kind = 'attempts_exhausted' AND b.rule = o.rule AND b.due_at = o.attempts_due) "
#define Q_BREACH_WINDOW_ENDED                                                                                \
	EXHAUSTED_COLS                                                                                       \
	"WHERE o.state = 'open' AND o.next_due_at < ?1 AND o.attempts_due < ?1 " EXHAUSTED_NEW               \
	"ORDER BY o.attempts_due, o.lead_id"
static const char *const sql_breach_window_ended[2] = { Q_BREACH_WINDOW_ENDED, AS_OF Q_BREACH_WINDOW_ENDED };
/* Attempts used up without success, on the lead's current stage entry (a
 * lead that moved on since was dealt with). */
#define Q_BREACH_USED_UP                                                                                     \
	EXHAUSTED_COLS "WHERE o.state = 'exhausted' AND o.attempts_due IS NOT NULL " EXHAUSTED_NEW           \
	               "AND o.entry_id = (SELECT h.id FROM stage_history h WHERE h.lead_id = o.lead_id "     \
	               "  AND h.to_stage = l.stage AND h.at <= l.stage_at ORDER BY h.at DESC, h.id DESC "    \
	               "  LIMIT 1) "                                                                         \
	               "ORDER BY o.attempts_due, o.lead_id"
static const char *const sql_breach_used_up[2] = { Q_BREACH_USED_UP, AS_OF Q_BREACH_USED_UP };

/* Stalled: leads of stage ?1 quiet since ?2 or before, without a stalled
 * breach for this quiet spell (rule ?3, due after the latest activity).
 * 1 column, then the lead's. */
#define Q_BREACH_STALLED                                                                                     \
	"SELECT l.id, " LEAD_COLS " FROM leads l WHERE l.stage = ?1 AND l.activity_at <= ?2 "                \
	"AND NOT EXISTS (SELECT 1 FROM breaches b WHERE b.lead_id = l.id AND b.kind = 'stalled' AND b.rule " \
	"= "                                                                                                 \
	"?3 "                                                                                                \
	"  AND b.due_at > l.activity_at) "                                                                   \
	"ORDER BY l.activity_at, l.id"
static const char *const sql_breach_stalled[2] = { Q_BREACH_STALLED, AS_OF Q_BREACH_STALLED };

/* Is a candidate still a breach?  Each gives the lead's stage now. */
/* An obligation candidate as it stands now (the lead's stage, then what
 * rules_breaches() reads; the last column: is its entry the lead's latest). */
#define Q_VERIFY_OBLIGATION                                                                                  \
	"SELECT l.stage, o.state, o.first_touch_due, o.first_touch_at, o.next_due_at, o.attempts_due, "      \
	"coalesce(o.on_exhausted, ''), o.entry_id = (SELECT h.id FROM stage_history h "                      \
	"WHERE h.lead_id = o.lead_id ORDER BY h.at DESC, h.id DESC LIMIT 1) "                                \
	"FROM obligations o JOIN leads l ON l.id = o.lead_id WHERE o.id = ?1"
static const char *const sql_verify_obligation[2] = { Q_VERIFY_OBLIGATION, AS_OF Q_VERIFY_OBLIGATION };
#define Q_VERIFY_STALLED "SELECT l.stage FROM leads l WHERE l.id = ?1 AND l.activity_at = ?2 AND l.stage = ?3"
static const char *const sql_verify_stalled[2] = { Q_VERIFY_STALLED, AS_OF Q_VERIFY_STALLED };

static const char sql_breach_insert[] =
        "INSERT INTO breaches(lead_id, obligation_id, kind, rule, due_at, detected_at, action, resolved_at, "
        "claimed_pid, lead_stage, lead_activity_at, attempts_made, attempts_owed, sla_version) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING";

/* Recorded breaches not reported yet (migration 010), oldest first: 11
 * columns, then the lead's. */
static const char sql_breach_unreported[] =
        "SELECT b.id, b.lead_id, coalesce(b.obligation_id, 0), b.kind, b.rule, b.due_at, b.detected_at, "
        "coalesce(b.attempts_made, o.attempts_made, -1), coalesce(b.attempts_owed, o.attempts_owed, -1), "
        "coalesce(b.action, ''), coalesce(b.claimed_pid, 0), b.lead_stage, b.lead_activity_at, "
        "coalesce(b.sla_version, 0), " LEAD_COLS " "
        "FROM breaches b JOIN leads l ON l.id = b.lead_id LEFT JOIN obligations o ON o.id = b.obligation_id "
        "WHERE b.reported_at IS NULL ORDER BY b.id";

/* ---- helpers ------------------------------------------------------------------ */

/* The lead columns of a row, starting at column base. */
struct lead_cols {
	char *name;    /* display name; owned */
	char *email;   /* owned */
	char *company; /* owned */
	char *owner;   /* owned */
	enum lc_stage stage;
	double score;
	lc_time activity_at;
	lc_time score_at; /* 0: never scored */
};

/* Free the strings of lc. */
static void lead_cols_clear(struct lead_cols *lc)
{
	free(lc->name);
	free(lc->email);
	free(lc->company);
	free(lc->owner);
	memset(lc, 0, sizeof *lc);
}

/* Read LEAD_COLS from column base of st into lc (zeroed first).  The name
 * is "First Last", else the e-mail, the external id or the phone.  Returns
 * 0, or -1 when memory ran out (lc cleared). */
static int lead_cols_read(sqlite3_stmt *st, int base, struct lead_cols *lc)
{
	const char *first = (const char *)sqlite3_column_text(st, base);
	const char *last = (const char *)sqlite3_column_text(st, base + 1);
	int s, i;

	memset(lc, 0, sizeof *lc);
	if (first || last) {
		size_t n = (first ? strlen(first) : 0) + (last ? strlen(last) : 0) + 2;
		lc->name = malloc(n);
		if (lc->name)
			snprintf(lc->name, n, "%s%s%s", first ? first : "", first && last ? " " : "",
			         last ? last : "");
	} else {
		for (i = 2; i <= 4 && !lc->name; i++)
			if (sqlite3_column_type(st, base + i) != SQLITE_NULL)
				lc->name = db_col_strdup(st, base + i);
		if (!lc->name)
			lc->name = strdup("?");
	}
	lc->email = db_col_strdup(st, base + 2);
	lc->company = db_col_strdup(st, base + 5);
	lc->owner = db_col_strdup(st, base + 6);
	s = stage_parse((const char *)sqlite3_column_text(st, base + 7));
	lc->stage = s < 0 ? STAGE_NEW : (enum lc_stage)s;
	lc->score = sqlite3_column_double(st, base + 8);
	lc->activity_at = sqlite3_column_int64(st, base + LEAD_ACTIVITY);
	lc->score_at = sqlite3_column_int64(st, base + LEAD_ACTIVITY + 1);
	if (!lc->name || (sqlite3_column_type(st, base + 2) != SQLITE_NULL && !lc->email) ||
	    (sqlite3_column_type(st, base + 5) != SQLITE_NULL && !lc->company) ||
	    (sqlite3_column_type(st, base + 6) != SQLITE_NULL && !lc->owner)) {
		lead_cols_clear(lc);
		return -1;
	}
	return 0;
}

/* Prepare sql into *st (uncached: the caller finalizes it).  Returns 0 or
 * an exit status. */
static int prepare(struct lc_db *db, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, rc, "preparing a query");
	}
	return 0;
}

/* Bind now as ?9, the instant of the AS_OF prefix, when st has it. */
static void bind_as_of(sqlite3_stmt *st, lc_time now)
{
	if (sqlite3_bind_parameter_count(st) >= 9)
		sqlite3_bind_int64(st, 9, now);
}

/* Position of the response rule called name in the SLA, or nresponse when
 * it is no longer there. */
static int rule_order(const struct lc_sla *sla, const char *name)
{
	size_t i;

	for (i = 0; i < sla->nresponse; i++)
		if (strcmp(sla->response[i].name, name) == 0)
			return (int)i;
	return (int)sla->nresponse;
}

/* Whether a lead of stage s quiet since activity is stalled at now, and
 * since when (rules_stalled_from).  Returns 0, or 78 when the business
 * hours give no such instant. */
static int stalled_at(const struct lc_sla *sla, enum lc_stage s, lc_time activity, lc_time now,
                      lc_time sla_from, lc_time *due, int *stalled)
{
	if ((*stalled = rules_stalled_from(sla, s, activity, now, sla_from, due)) < 0)
		return diag_error(LC_CONFIG, "cannot compute a deadline of %s from the SLA's business hours",
		                  sla->stale[s].text);
	return 0;
}

/* The installation of the SLA version in force (UTC seconds) into *at.
 * Returns 0 or an exit status. */
static int sla_installed_at(struct lc_db *db, lc_time *at)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT installed_at FROM sla_versions ORDER BY version DESC LIMIT 1");
	int rc;

	*at = 0;
	if (!st)
		return LC_SOFTWARE;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the SLA in force");
}

/* *over = 1 when lead has had at least the SLA's max_touches touches in
 * the window (now - window, now]: one more would break the contact limit. */
static int over_contact_limit(struct lc_db *db, const struct lc_sla *sla, int64_t lead, lc_time now,
                              int *over)
{
	int64_t count;
	int rc;

	*over = 0;
	if (sla->max_touches <= 0)
		return 0;
	if ((rc = store_touch_count(db, lead, now - sla->touch_window, now, &count)))
		return rc;
	*over = count >= sla->max_touches;
	return 0;
}

/* ---- the work list: store ----------------------------------------------------- */

/* A growing array of items. */
struct item_vec {
	struct lc_next_item *v; /* owned */
	size_t n, cap;
};

/* Append *it (its strings move into the vector).  Returns 0 or 70. */
static int item_push(struct item_vec *iv, struct lc_next_item *it)
{
	if (iv->n == iv->cap) {
		size_t ncap = iv->cap ? iv->cap * 2 : 32;
		struct lc_next_item *nv = realloc(iv->v, ncap * sizeof *nv);
		if (!nv)
			return diag_error(LC_SOFTWARE, "out of memory");
		iv->v = nv;
		iv->cap = ncap;
	}
	iv->v[iv->n++] = *it;
	return 0;
}

/* An item from the lead columns lc (whose strings move into it). */
static void item_from_lead(struct lc_next_item *it, int64_t lead, struct lead_cols *lc)
{
	memset(it, 0, sizeof *it);
	it->lead = lead;
	it->name = lc->name;
	it->company = lc->company;
	it->owner = lc->owner;
	it->stage = lc->stage;
	it->score = lc->score;
	it->score_at = lc->score_at;
	it->activity_at = lc->activity_at;
	free(lc->email);
	memset(lc, 0, sizeof *lc);
}

/* Bind the owner filter of q as parameter i (mode 1 only). */
static void bind_owner(sqlite3_stmt *st, int i, const struct lc_next_query *q)
{
	if (!q->unassigned && q->owner)
		db_bind_text(st, i, q->owner);
}

/* The owner mode of q: 0 every owner, 1 one owner, 2 unassigned. */
static int owner_mode(const struct lc_next_query *q)
{
	return q->unassigned ? 2 : q->owner ? 1 : 0;
}

/* Step through open obligations (sql_obl_urgent / sql_obl_later with ?1 =
 * bound) and append up to max kept rows (0 = all) to iv. */
static int read_obligations(struct lc_db *db, const struct lc_sla *sla, const struct lc_next_query *q,
                            const char *sql, lc_time bound, size_t max, struct item_vec *iv)
{
	sqlite3_stmt *st = NULL;
	struct lead_cols lc;
	struct lc_next_item it;
	size_t kept = 0;
	int rc, over;

	if ((rc = prepare(db, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, bound);
	bind_owner(st, 2, q);
	bind_as_of(st, q->now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t lead = sqlite3_column_int64(st, 0);
		if ((rc = over_contact_limit(db, sla, lead, q->now, &over)))
			goto cleanup;
		if (over)
			continue;
		if (lead_cols_read(st, 6, &lc) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		item_from_lead(&it, lead, &lc);
		it.rule = db_col_strdup(st, 1);
		it.rule_order = it.rule ? rule_order(sla, it.rule) : (int)sla->nresponse;
		it.due = sqlite3_column_int64(st, 2);
		it.kind = sqlite3_column_int(st, 3) ? NEXT_ATTEMPT : NEXT_FIRST_TOUCH;
		it.attempts_made = sqlite3_column_int64(st, 4);
		it.attempts_owed = sqlite3_column_int64(st, 5);
		if (!it.rule || (rc = item_push(iv, &it))) {
			next_item_clear(&it);
			rc = rc ? rc : diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		if (max && ++kept == max) {
			rc = SQLITE_DONE;
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading obligations");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

/* Append up to max (0 = all) stalled leads of stage s to iv: quiet for
 * longer than the SLA's stale span of s, owing no open obligation. */
static int read_stalled(struct lc_db *db, const struct lc_sla *sla, const struct lc_next_query *q, int as_of,
                        lc_time sla_from, enum lc_stage s, size_t max, struct item_vec *iv)
{
	sqlite3_stmt *st = NULL;
	struct lead_cols lc;
	struct lc_next_item it;
	char rule[32];
	size_t kept = 0;
	lc_time due;
	int rc, over, stalled;

	snprintf(rule, sizeof rule, "stale:%s", stage_name(s));
	if ((rc = prepare(db, sql_stalled[as_of][owner_mode(q)], &st)))
		return rc;
	db_bind_text(st, 1, stage_name(s));
	sqlite3_bind_int64(st, 2, q->now - rules_stale_min_seconds(sla, s));
	bind_owner(st, 3, q);
	bind_as_of(st, q->now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t lead = sqlite3_column_int64(st, 0);
		lc_time activity = sqlite3_column_int64(st, 1 + LEAD_ACTIVITY);
		if ((rc = stalled_at(sla, s, activity, q->now, sla_from, &due, &stalled)))
			goto cleanup;
		/* Rows come by activity and the deadline grows with it: the
		 * first one not stalled yet ends the stalled ones. */
		if (!stalled) {
			rc = SQLITE_DONE;
			break;
		}
		if ((rc = over_contact_limit(db, sla, lead, q->now, &over)))
			goto cleanup;
		if (over)
			continue;
		if (lead_cols_read(st, 1, &lc) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		item_from_lead(&it, lead, &lc);
		it.kind = NEXT_STALLED;
		it.rule = strdup(rule);
		it.rule_order = (int)sla->nresponse;
		it.due = due;
		if (!it.rule || (rc = item_push(iv, &it))) {
			next_item_clear(&it);
			rc = rc ? rc : diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		if (max && ++kept == max) {
			rc = SQLITE_DONE;
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading stalled leads");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

/* Drop the items of iv from index keep on. */
static void item_truncate(struct item_vec *iv, size_t keep)
{
	while (iv->n > keep)
		next_item_clear(&iv->v[--iv->n]);
}

int check_worklist(struct lc_db *db, const struct lc_sla *sla, const struct lc_next_query *q,
                   struct lc_next_item **items, size_t *n, int *more)
{
	static const enum lc_stage stall_stages[] = { STAGE_MQL, STAGE_SQL };
	struct item_vec iv = { NULL, 0, 0 };
	size_t want = q->limit ? q->limit + 1 : 0, i;
	int rc, mode = owner_mode(q), as_of;
	lc_time sla_from;

	*items = NULL;
	*n = 0;
	*more = 0;
	/* One read transaction: every query sees the same snapshot. */
	if ((rc = db_exec(db, "BEGIN", "starting a read transaction")))
		return rc;
	if ((rc = store_facts_after(db, q->now, &as_of)) || (rc = sla_installed_at(db, &sla_from)))
		goto fail;
	/* Overdue and due soon: the first `want` of each stream in deadline
	 * order, merged, are the first `want` of the list. */
	if ((rc = read_obligations(db, sla, q, sql_obl_urgent[as_of][mode], q->now + NEXT_SOON_SECONDS, want,
	                           &iv)))
		goto fail;
	for (i = 0; i < sizeof stall_stages / sizeof stall_stages[0]; i++)
		if (sla->stale[stall_stages[i]].seconds > 0 &&
		    (rc = read_stalled(db, sla, q, as_of, sla_from, stall_stages[i], want, &iv)))
			goto fail;
	next_classify(iv.v, iv.n, q->now);
	next_sort(iv.v, iv.n);
	if (want)
		item_truncate(&iv, want);
	/* The rest, by score, only as far as the limit needs. */
	if (!want || iv.n < want) {
		size_t before = iv.n;
		if ((rc = read_obligations(db, sla, q, sql_obl_later[as_of][mode], q->now + NEXT_SOON_SECONDS,
		                           want ? want - before : 0, &iv)))
			goto fail;
		next_classify(iv.v + before, iv.n - before, q->now);
		next_sort(iv.v + before, iv.n - before);
	}
	if (q->limit && iv.n > q->limit) {
		*more = 1;
		item_truncate(&iv, q->limit);
	}
	/* The channels each listed lead allows (consent.h): one primary-key
	 * read per row shown. */
	for (i = 0; i < iv.n; i++) {
		struct lc_consent k;
		if ((rc = store_consent_load(db, iv.v[i].lead, &k)))
			goto fail;
		iv.v[i].do_not_email = k.do_not_email;
		iv.v[i].do_not_call = k.do_not_call;
		consent_clear(&k);
	}
	db_rollback(db);
	*items = iv.v;
	*n = iv.n;
	return 0;
fail:
	db_rollback(db);
	item_truncate(&iv, 0);
	free(iv.v);
	return rc;
}

/* ---- breaches: the store's phases of sla check ---------------------------------- */

/* Append a zeroed breach to *v (n of cap) and return it, or NULL (out of
 * memory, printed). */
static struct lc_breach *breach_push(struct lc_breach **v, size_t *n, size_t *cap)
{
	if (vec_reserve((void **)v, cap, *n + 1, sizeof **v) != 0) {
		diag_error(LC_SOFTWARE, "out of memory");
		return NULL;
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* Fill b's lead fields from the lead columns at base; the strings move. */
static int breach_lead(struct lc_breach *b, sqlite3_stmt *st, int base)
{
	struct lead_cols lc;

	if (lead_cols_read(st, base, &lc) != 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	b->name = lc.name;
	b->email = lc.email;
	b->company = lc.company;
	b->owner = lc.owner;
	b->stage = b->stage_after = lc.stage;
	b->activity_at = lc.activity_at;
	return 0;
}

/* Candidates of an obligation query (first touch, window ended, used up):
 * appended to r's candidates with their kind.  Those whose rule says
 * recycle get recycled = -1 (to decide), the others 0. */
static int find_obligation_breaches(struct check_run *r, const char *sql, enum lc_breach_kind kind)
{
	sqlite3_stmt *st = NULL;
	int rc, base = kind == BREACH_FIRST_TOUCH ? 6 : 7;

	if ((rc = prepare(r->db, sql, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, r->now);
	bind_as_of(st, r->now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_breach *b = breach_push(&r->cand, &r->ncand, &r->cap);
		if (!b) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		b->kind = kind;
		b->obligation = sqlite3_column_int64(st, 0);
		b->lead = sqlite3_column_int64(st, 1);
		b->rule = db_col_strdup(st, 2);
		b->due_at = sqlite3_column_int64(st, 3);
		b->detected_at = r->now;
		b->attempts_made = sqlite3_column_int64(st, 4);
		b->attempts_owed = sqlite3_column_int64(st, 5);
		if (kind == BREACH_ATTEMPTS_EXHAUSTED &&
		    strcmp((const char *)sqlite3_column_text(st, 6), "recycle") == 0)
			b->recycled = -1;
		if ((rc = breach_lead(b, st, base)))
			goto cleanup;
		if (!b->rule) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(r->db, rc, "looking for breaches");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

int store_check_quiet(struct check_run *r, enum lc_stage s, lc_time bound, const char *rule,
                      int (*stalled)(void *arg, lc_time activity, lc_time *due), void *arg)
{
	sqlite3_stmt *st = NULL;
	lc_time due;
	int rc, yes;

	if ((rc = prepare(r->db, sql_breach_stalled[r->as_of], &st)))
		return rc;
	db_bind_text(st, 1, stage_name(s));
	sqlite3_bind_int64(st, 2, bound);
	db_bind_text(st, 3, rule);
	bind_as_of(st, r->now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_breach *b;
		if ((yes = stalled(arg, sqlite3_column_int64(st, 1 + LEAD_ACTIVITY), &due)) < 0) {
			rc = LC_CONFIG;
			goto cleanup;
		}
		if (!yes) {
			rc = SQLITE_DONE;
			break;
		}
		if (!(b = breach_push(&r->cand, &r->ncand, &r->cap))) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		b->kind = BREACH_STALLED;
		b->lead = sqlite3_column_int64(st, 0);
		b->rule = strdup(rule);
		b->due_at = due;
		b->detected_at = r->now;
		b->attempts_made = b->attempts_owed = -1;
		if ((rc = breach_lead(b, st, 1)))
			goto cleanup;
		if (!b->rule) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(r->db, rc, "looking for stalled leads");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

int store_check_moved_after(struct check_run *r, int64_t lead, int *moved)
{
	sqlite3_stmt *st =
	        db_stmt(r->db, "SELECT 1 FROM stage_history WHERE lead_id = ?1 AND at > ?2 LIMIT 1");
	int rc;

	*moved = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	sqlite3_bind_int64(st, 2, r->now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*moved = 1;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(r->db, rc, "reading stage history");
}

int store_check_record(struct check_run *r, struct lc_breach *b, int recycle, int *inserted)
{
	struct lc_db *db = r->db;
	sqlite3_stmt *st = db_stmt(db, sql_breach_insert);
	int rc;

	*inserted = 0;
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, b->lead);
	if (b->obligation)
		sqlite3_bind_int64(st, 2, b->obligation);
	else
		sqlite3_bind_null(st, 2);
	db_bind_text(st, 3, breach_kind_name(b->kind));
	db_bind_text(st, 4, b->rule);
	sqlite3_bind_int64(st, 9, (int64_t)getpid());
	db_bind_text(st, 10, stage_name(b->stage));
	sqlite3_bind_int64(st, 11, b->activity_at);
	sqlite3_bind_int64(st, 12, b->attempts_made);
	sqlite3_bind_int64(st, 13, b->attempts_owed);
	sqlite3_bind_int(st, 14, b->sla_version);
	sqlite3_bind_int64(st, 5, b->due_at);
	sqlite3_bind_int64(st, 6, b->detected_at);
	/* A recycled lead's breach is resolved by the recycle itself. */
	db_bind_text(st, 7, recycle ? "recycle" : NULL);
	if (recycle)
		sqlite3_bind_int64(st, 8, b->detected_at);
	else
		sqlite3_bind_null(st, 8);
	if ((rc = db_step_done(db, st, "recording a breach")))
		return rc;
	*inserted = sqlite3_changes(db->h) > 0;
	if (*inserted)
		b->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* An optional instant column: RULES_NONE for SQL NULL. */
static lc_time col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? RULES_NONE : sqlite3_column_int64(st, i);
}

int store_check_current(struct check_run *r, const struct lc_breach *b, struct check_current *cur)
{
	sqlite3_stmt *st;
	int rc, s;

	memset(cur, 0, sizeof *cur);
	if (b->kind == BREACH_STALLED)
		st = db_stmt(r->db, sql_verify_stalled[r->as_of]);
	else
		st = db_stmt(r->db, sql_verify_obligation[r->as_of]);
	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, b->kind == BREACH_STALLED ? b->lead : b->obligation);
	if (b->kind == BREACH_STALLED) {
		sqlite3_bind_int64(st, 2, b->activity_at);
		db_bind_text(st, 3, stage_name(b->stage));
	}
	bind_as_of(st, r->now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cur->found = 1;
		s = stage_parse((const char *)sqlite3_column_text(st, 0));
		cur->stage = s < 0 ? b->stage : (enum lc_stage)s;
	}
	if (rc == SQLITE_ROW && b->kind != BREACH_STALLED) {
		struct lc_obligation *o = &cur->obl;
		int state = rules_obl_state_parse((const char *)sqlite3_column_text(st, 1));
		o->state = state < 0 ? OBL_CLOSED : (enum lc_obl_state)state;
		o->first_touch_due = sqlite3_column_int64(st, 2);
		o->first_touch_at = col_time(st, 3);
		o->next_due_at = col_time(st, 4);
		o->attempts_due = col_time(st, 5);
		o->recycle = strcmp((const char *)sqlite3_column_text(st, 6), "recycle") == 0;
		cur->latest = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(r->db, rc, "checking a breach");
}

/* 1 when the process pid that claimed a breach is gone (so its breaches
 * must be delivered again): no such process on this host.  The database
 * is local (WAL needs it), so its sla check processes are too. */
static int claimer_gone(int64_t pid)
{
	/* our own pid: claimed before this run began, so by an earlier
	 * process that had it (or an earlier run in this process) */
	if (pid <= 0 || pid == (int64_t)getpid())
		return 1;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Append to r->old the recorded but unreported breaches whose claiming
 * process is gone, and claim them for this one.  Inside the write
 * transaction. */
static int claim_unreported(struct check_run *r)
{
	struct lc_db *db = r->db;
	sqlite3_stmt *st = NULL, *up;
	size_t cap = 0, i;
	int rc;

	if ((rc = prepare(db, sql_breach_unreported, &st)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_breach *b;
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		if (!claimer_gone(sqlite3_column_int64(st, 10)))
			continue;
		if (!(b = breach_push(&r->old, &r->nold, &cap))) {
			rc = LC_SOFTWARE;
			goto cleanup;
		}
		b->id = sqlite3_column_int64(st, 0);
		b->lead = sqlite3_column_int64(st, 1);
		b->obligation = sqlite3_column_int64(st, 2);
		b->kind = strcmp(kind, "first_touch") == 0          ? BREACH_FIRST_TOUCH
		          : strcmp(kind, "attempts_exhausted") == 0 ? BREACH_ATTEMPTS_EXHAUSTED
		                                                    : BREACH_STALLED;
		b->rule = db_col_strdup(st, 4);
		b->due_at = sqlite3_column_int64(st, 5);
		b->detected_at = sqlite3_column_int64(st, 6);
		b->attempts_made = sqlite3_column_int64(st, 7);
		b->attempts_owed = sqlite3_column_int64(st, 8);
		b->recycled = strcmp((const char *)sqlite3_column_text(st, 9), "recycle") == 0;
		b->sla_version = sqlite3_column_int(st, 13) ? sqlite3_column_int(st, 13) : r->version;
		if ((rc = breach_lead(b, st, 14)))
			goto cleanup;
		/* the lead as it was when the breach was found */
		if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
			int stage = stage_parse((const char *)sqlite3_column_text(st, 11));
			if (stage >= 0)
				b->stage = (enum lc_stage)stage;
			b->activity_at = sqlite3_column_int64(st, 12);
		}
		b->stage_after = b->recycled ? STAGE_NURTURE : b->stage;
		if (!b->rule) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "looking for unreported breaches");
		goto cleanup;
	}
	rc = 0;
	for (i = 0; i < r->nold && !rc; i++) {
		if (!(up = db_stmt(db, "UPDATE breaches SET claimed_pid = ?2 WHERE id = ?1"))) {
			rc = LC_SOFTWARE;
			break;
		}
		sqlite3_bind_int64(up, 1, r->old[i].id);
		sqlite3_bind_int64(up, 2, (int64_t)getpid());
		rc = db_step_done(db, up, "claiming a breach");
	}
cleanup:
	sqlite3_finalize(st);
	return rc;
}

int store_check_begin(struct lc_db *db, lc_time now, int version, struct check_run *r)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->db = db;
	r->now = now;
	r->version = version;
	/* The write lock first: a second `sla check` waits here and then sees
	 * the first one's rows, so no breach is found or acted on twice. */
	if ((rc = db_begin(db)))
		return rc;
	if ((rc = claim_unreported(r)) || (rc = store_facts_after(db, now, &r->as_of)) ||
	    (rc = sla_installed_at(db, &r->sla_from)) ||
	    (rc = find_obligation_breaches(r, sql_breach_first_touch[r->as_of], BREACH_FIRST_TOUCH)) ||
	    (rc = find_obligation_breaches(r, sql_breach_window_ended[r->as_of],
	                                   BREACH_ATTEMPTS_EXHAUSTED)) ||
	    (rc = find_obligation_breaches(r, sql_breach_used_up[r->as_of], BREACH_ATTEMPTS_EXHAUSTED)))
		db_rollback(db);
	return rc;
}

int store_check_chunk_open(struct check_run *r)
{
	return db_begin(r->db);
}

int store_check_chunk_close(struct check_run *r)
{
	return db_commit(r->db);
}

void store_check_abort(struct check_run *r)
{
	db_rollback(r->db);
}

void check_breach_clear(struct lc_breach *b)
{
	breach_clear(b);
}

void store_check_end(struct check_run *r)
{
	check_breaches_free(r->cand, r->ncand);
	check_breaches_free(r->old, r->nold);
	r->cand = r->old = NULL;
	r->ncand = r->nold = r->cap = 0;
}

int check_breaches_reported(struct lc_db *db, const int64_t *ids, size_t n, lc_time now)
{
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = db_begin(db)))
		return rc;
	for (i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, "UPDATE breaches SET reported_at = ?2, claimed_pid = NULL "
		                               "WHERE id = ?1 AND reported_at IS NULL");
		if (!st) {
			db_rollback(db);
			return LC_SOFTWARE;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, now);
		if ((rc = db_step_done(db, st, "marking a breach reported"))) {
			db_rollback(db);
			return rc;
		}
	}
	return db_commit(db);
}

/* ---- query plans ------------------------------------------------------------------ */

int check_query_plans(struct lc_db *db, int (*fn)(void *arg, const char *name, const char *detail), void *arg)
{
	static const struct {
		const char *name;
		const char *sql;
	} queries[] = {
		{ "next: due by now+24h, every owner", OBL_COLS OBL_ALL OBL_URGENT },
		{ "next: due by now+24h, one owner", OBL_COLS OBL_OWNER OBL_URGENT },
		{ "next: due by now+24h, unassigned", OBL_COLS OBL_NOBODY OBL_URGENT },
		{ "next: due later, every owner", OBL_COLS OBL_ALL OBL_LATER },
		{ "next: due later, one owner", OBL_COLS OBL_OWNER OBL_LATER },
		{ "next: due later, unassigned", OBL_COLS OBL_NOBODY OBL_LATER },
		{ "next: stalled, every owner", STALLED_ALL },
		{ "next: stalled, one owner", STALLED_OWNER },
		{ "next: stalled, unassigned", STALLED_NOBODY },
		{ "check: first touch missed", Q_BREACH_FIRST_TOUCH },
		{ "check: attempts window ended", Q_BREACH_WINDOW_ENDED },
		{ "check: attempts used up", Q_BREACH_USED_UP },
		{ "check: stalled", Q_BREACH_STALLED },
	};
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", queries[i].sql);
		if (!sql)
			return diag_error(LC_SOFTWARE, "out of memory");
		rc = prepare(db, sql, &st);
		sqlite3_free(sql);
		if (rc)
			return rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int stop = fn(arg, queries[i].name, (const char *)sqlite3_column_text(st, 3));
			if (stop) {
				sqlite3_finalize(st);
				return stop;
			}
		}
		rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "explaining a query");
		sqlite3_finalize(st);
		if (rc)
			return rc;
	}
	return 0;
}
