/* spend: marketing spend per channel (and optionally campaign) over whole
 * local days, for the cac and leak reports.
 *
 * A spend row covers the days [start_date, end_date], both included, as
 * local dates "YYYY-MM-DD" in the SLA's time zone; its amount is in cents
 * with an ISO 4217 currency code.  Rows are added by `spend add` (by hand)
 * or `spend import` (a CSV file, logged as an import so that `import list`
 * shows it and `import undo` removes it).  The SQL lives in store_spend.c;
 * every function returns 0 or an exit status after printing one
 * diagnostic (diag.h).  Writes run inside the caller's transaction, except
 * store_spend_import's, which owns its own. */
#ifndef LEADCTL_SPEND_H
#define LEADCTL_SPEND_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

struct lc_db;
struct lc_change;

/* One spend row.  Strings are borrowed from whoever filled the struct. */
struct lc_spend {
	int64_t id;           /* spend.id (set by store_spend_add) */
	const char *channel;  /* the leads' source it is attributed to; never empty */
	const char *campaign; /* NULL when not given */
	char start_date[11];  /* first local day, "YYYY-MM-DD" */
	char end_date[11];    /* last local day (>= start_date) */
	int64_t amount_cents; /* >= 0 */
	char currency[4];     /* three upper-case letters */
	int64_t import_id;    /* the import that added it; 0 = by hand */
	lc_time created_at;   /* when it was recorded */
	const char *actor;    /* who recorded it */
};

/* 1 when s is a valid calendar date written exactly "YYYY-MM-DD". */
int spend_date_valid(const char *s);

/* Insert s (created_at, actor and import_id from c: c->at, c->actor,
 * c->import_id); *id receives the new row's number (may be NULL). */
int store_spend_add(struct lc_db *db, const struct lc_spend *s, const struct lc_change *c, int64_t *id);

/* Delete the rows that other imports (not import_id; never rows added by
 * hand) recorded for the same channel, campaign and days as s: a spend
 * file imported again, or a corrected one, replaces its rows instead of
 * doubling the spend.  *replaced is increased by the rows deleted. */
int store_spend_replace(struct lc_db *db, const struct lc_spend *s, int64_t import_id, int64_t *replaced);

/* The apply phase of `spend import`, in one write transaction of its own
 * (all or nothing): log an import of file path (content sha256 as hex,
 * who and when from c; store_import_begin), then for each of rows[0..n)
 * in order: check(arg, row) when check is not NULL (it may read the rows
 * written before), store_spend_replace, store_spend_add; then record the
 * counts (n rows, n created).  *import_id is the new import's number and
 * *replaced the rows of earlier imports replaced.  Returns 0 or an exit
 * status (check's included); on failure nothing is written. */
int store_spend_import(struct lc_db *db, const char *path, const char *sha256, const struct lc_spend *rows,
                       size_t n, const struct lc_change *c, int (*check)(void *arg, const struct lc_spend *s),
                       void *arg, int64_t *import_id, int64_t *replaced);

/* Call fn for each spend row that shares a day with [since, until) --
 * end_date >= since and start_date < until, either bound NULL = open --
 * oldest start first.  The row's strings are valid during the call only.
 * fn returns 0 to go on, else that status stops the walk and is returned. */
int store_spend_each(struct lc_db *db, const char *since, const char *until, const char *channel,
                     int (*fn)(void *arg, const struct lc_spend *s), void *arg);

/* A currency already used by a spend row other than currency, into
 * other[4] ("" when every row uses currency, or there is none). */
int store_spend_other_currency(struct lc_db *db, const char *currency, char other[4]);

#endif
