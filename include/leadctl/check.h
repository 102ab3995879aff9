/* check: the SLA's obligations as of now, for `leadctl next` (the rep's
 * work list) and `leadctl sla check` (breaches, for cron).
 *
 * Two halves.  The pure half orders and describes work-list items (no
 * SQLite, no printing), so that the ordering rule is unit-tested.  The
 * store half (src/store_check.c) reads and writes the obligations, leads and
 * breaches tables behind plain structs, like store.h: every function
 * returns 0 or an exit status after printing one diagnostic (diag.h).
 *
 * The rules, the JSON field names and the exit statuses are documented in
 * docs/next-and-check.md. */
#ifndef LEADCTL_CHECK_H
#define LEADCTL_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "leadctl/clock.h"
#include "leadctl/lead.h"

struct lc_db;
struct lc_sla;

/* ---- the work list (pure) ------------------------------------------------ */

/* How long ahead "due soon" looks, in seconds. */
#define NEXT_SOON_SECONDS (24 * 3600)

/* What a rep owes a lead. */
enum lc_next_kind {
	NEXT_FIRST_TOUCH, /* an open obligation not touched yet: its first-touch deadline */
	NEXT_ATTEMPT,     /* an open obligation touched at least once: its attempts window */
	NEXT_STALLED      /* no activity for longer than the SLA's stale span of its stage */
};

/* The three groups of the list, in the order shown. */
enum lc_next_group {
	NEXT_OVERDUE, /* due < now */
	NEXT_SOON,    /* now <= due <= now + NEXT_SOON_SECONDS */
	NEXT_LATER    /* due later */
};

/* One row of the work list. */
struct lc_next_item {
	int64_t lead;             /* lead id */
	char *name;               /* "First Last", else e-mail, external id or phone; owned */
	char *company;            /* or NULL; owned */
	char *owner;              /* or NULL (unassigned); owned */
	enum lc_stage stage;      /* the lead's stage */
	double score;             /* the lead's stored score (unrounded) */
	lc_time score_at;         /* the instant it is the score as of (0: never scored) */
	enum lc_next_kind kind;   /* what is owed */
	char *rule;               /* response rule name, or "stale:STAGE" when stalled; owned */
	int rule_order;           /* position of the rule in the SLA's response list; stalled and
	                             rules no longer in the SLA come after every rule */
	lc_time due;              /* the deadline: first touch, end of the attempts window, or
	                             the instant the lead became stalled */
	int64_t attempts_made;    /* touches counted so far (0 when stalled) */
	int64_t attempts_owed;    /* touches owed (0 when stalled) */
	lc_time activity_at;      /* the lead's latest touch or stage change */
	enum lc_next_group group; /* set by next_classify() */
	int do_not_email;         /* the lead's consent: 1 opted out of e-mail, else 0 or -1 */
	int do_not_call;          /* 1 opted out of calls and texts, else 0 or -1 */
};

/* The group of a deadline at now. */
enum lc_next_group next_group_of(lc_time due, lc_time now);
/* Set the group of every item as of now. */
void next_classify(struct lc_next_item *items, size_t n, lc_time now);

/* The order of the list (qsort-style, items classified first):
 *   1. group: overdue, then due soon, then later;
 *   2. overdue and due soon: earliest deadline first (so the most overdue
 *      leads the list); later: highest score first;
 *   3. ties: earliest deadline, then SLA rule order (rules before stale),
 *      then highest score, then lowest lead id. */
int next_compare(const struct lc_next_item *a, const struct lc_next_item *b);
/* Sort items by next_compare(). */
void next_sort(struct lc_next_item *items, size_t n);

/* "first touch", "attempt 3 of 6", "stalled 12d" into buf. */
void next_owed_text(const struct lc_next_item *it, lc_time now, char *buf, size_t n);
/* "overdue 2h 5m", "due now", "in 45m" into buf. */
void next_due_text(lc_time due, lc_time now, char *buf, size_t n);
/* Whole days, hours or minutes of a non-negative age: "12d", "5h", "40m". */
void next_age_text(int64_t seconds, char *buf, size_t n);

/* Names of kinds and groups, as in JSON ("first_touch", "attempt",
 * "stalled"; "overdue", "soon", "later"). */
const char *next_kind_name(enum lc_next_kind k);
const char *next_group_name(enum lc_next_group g);

/* Free the strings of one item and set them to NULL. */
void next_item_clear(struct lc_next_item *it);
/* Free the strings of n items and the array itself (NULL allowed). */
void next_items_free(struct lc_next_item *items, size_t n);

/* ---- the work list (store) ------------------------------------------------- */

/* What to list. */
struct lc_next_query {
	const char *owner; /* only this owner's leads; NULL = every owner */
	int unassigned;    /* 1: only leads without an owner (owner ignored) */
	lc_time now;       /* the clock */
	size_t limit;      /* most rows wanted; 0 = all */
};

/* The work list under the SLA in force (sla, borrowed): leads in new, mql
 * or sql with an open obligation, and leads in mql or sql without one that
 * are stalled; leads at or over the SLA's contact limit at now are left
 * out.  Reads only index ranges (docs/next-and-check.md).  On success
 * *items (free with next_items_free) holds the first q->limit rows in
 * list order, classified, and *more is 1 when rows were left out by the
 * limit. */
int check_worklist(struct lc_db *db, const struct lc_sla *sla, const struct lc_next_query *q,
                   struct lc_next_item **items, size_t *n, int *more);

/* ---- breaches (store) ------------------------------------------------------ */

enum lc_breach_kind {
	BREACH_FIRST_TOUCH,        /* an open obligation untouched past its first-touch deadline */
	BREACH_ATTEMPTS_EXHAUSTED, /* attempts used up, or their window ended, without success */
	BREACH_STALLED             /* no activity for longer than the stage's stale span */
};

/* "first_touch", "attempts_exhausted", "stalled" (the breaches.kind values). */
const char *breach_kind_name(enum lc_breach_kind k);

/* A breach recorded by check_breaches(). */
struct lc_breach {
	int64_t id;         /* breaches.id */
	int64_t lead;       /* lead id */
	int64_t obligation; /* obligations.id, 0 for stalled */
	enum lc_breach_kind kind;
	char *rule;                /* response rule, or "stale:STAGE"; owned */
	lc_time due_at;            /* the deadline missed (attempts: end of the window) */
	lc_time detected_at;       /* now */
	int64_t attempts_made;     /* for first_touch and attempts_exhausted, else -1 */
	int64_t attempts_owed;     /* idem */
	lc_time activity_at;       /* the lead's latest activity when detected */
	enum lc_stage stage;       /* the lead's stage when detected */
	enum lc_stage stage_after; /* its stage after the action (nurture when recycled) */
	int recycled;              /* 1 when the SLA's recycle action was applied */
	int sla_version;           /* the SLA in force */
	char *name;                /* as in lc_next_item; owned */
	char *email;               /* or NULL; owned */
	char *company;             /* or NULL; owned */
	char *owner;               /* or NULL; owned */
};

/* Find the breaches of the SLA in force as of now that are not recorded
 * yet, record each (INSERT ... ON CONFLICT DO NOTHING: only rows actually
 * inserted count) and apply the recycle action of exhausted obligations
 * (stage move to nurture, reason no_response, origin sla, actor "sla").
 * Finding runs in one BEGIN IMMEDIATE transaction, so that two processes
 * never record or act on a breach twice; recording runs in chunks of a few
 * hundred, each in its own transaction (a backlog never holds the write
 * lock for long), every candidate checked again inside it.  After each
 * chunk commits, fn(arg, b, n) gets its new breaches (borrowed, in
 * detection order: by kind, then due time, then lead); a non-zero return
 * stops and is returned.  No SLA installed: exit 78.
 *
 * Delivery is at least once (migration 010): a breach is recorded
 * unreported and claimed by this process; fn's caller marks it with
 * check_breaches_reported() once it is really delivered (printed and
 * flushed, hook returned).  A run first hands fn, before the new ones, the
 * unreported breaches whose claiming process is gone (a run killed between
 * recording and delivering), so a crash never loses an alert; each breach
 * is still recorded exactly once. */
int check_breaches(struct lc_db *db, lc_time now, int (*fn)(void *arg, const struct lc_breach *b, size_t n),
                   void *arg);

/* Free the strings of one breach (the struct itself is the caller's). */
void check_breach_clear(struct lc_breach *b);

/* Mark the breaches ids[0..n) reported as of now (their own short write
 * transaction).  Returns 0 or an exit status. */
int check_breaches_reported(struct lc_db *db, const int64_t *ids, size_t n, lc_time now);

/* ---- query plans ----------------------------------------------------------- */

/* Run EXPLAIN QUERY PLAN on every query that check_worklist() and
 * check_breaches() use and call fn(arg, name, detail) once per plan line
 * (name says which query).  For tests and docs: the plans must search
 * indexes, never scan the leads or obligations tables.  fn returns 0 to go
 * on.  Returns 0 or an exit status. */
int check_query_plans(struct lc_db *db, int (*fn)(void *arg, const char *name, const char *detail),
                      void *arg);

#endif
