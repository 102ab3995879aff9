/* store_check: the store's phases of `sla check` (src/store_check.c).
 * check_breaches (check.h; src/sla_check.c, the engine layer) decides
 * what is a breach and what to recycle (rules.h) and applies the recycle
 * through the engine; these functions only load candidates by SQL, reload
 * one as it stands and record breaches, in the write transactions they
 * open and end.  Every function returns 0 or an exit status after
 * printing one diagnostic (diag.h). */
#ifndef LEADCTL_STORE_CHECK_H
#define LEADCTL_STORE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/check.h"
#include "leadctl/clock.h"
#include "leadctl/rules.h"

struct lc_db;

/* One run of sla check as the store sees it. */
struct check_run {
	struct lc_db *db;
	lc_time now;           /* the instant checked (UTC seconds) */
	int version;           /* the SLA version in force */
	int as_of;             /* 1: facts recorded after now: read as of now (store_asof.h) */
	lc_time sla_from;      /* when that SLA version was installed (UTC seconds) */
	struct lc_breach *old; /* recorded, unreported breaches of runs that are gone (owned) */
	size_t nold;
	struct lc_breach *cand; /* candidates found (owned) */
	size_t ncand, cap;
};
/* A candidate as it stands now, inside the current transaction. */
struct check_current {
	int found;                /* 0: its obligation is gone, or the stalled lead moved or acted */
	enum lc_stage stage;      /* the lead's stage now */
	struct lc_obligation obl; /* obligation candidates: the row as rules_breaches reads it */
	int latest;               /* 1: that obligation answers the lead's latest stage entry */
};
/* Open the run's first write transaction (BEGIN IMMEDIATE: a second run
 * waits here, then sees this one's rows), claim the unreported breaches
 * of gone runs (r->old) and load the candidates of the obligation
 * queries (r->cand: first touch missed, attempts window ended, attempts
 * used up; recycled = -1 where the rule says recycle).  On failure the
 * transaction is rolled back.  Free r with store_check_end. */
int store_check_begin(struct lc_db *db, lc_time now, int version, struct check_run *r);
/* Append to r->cand the leads of stage s quiet since bound or before
 * (UTC seconds) without a stalled breach of rule for this quiet spell,
 * oldest activity first, while stalled(arg, activity, &due) says 1 (with
 * the due time); 0 stops, -1 fails (78, after its message). */
int store_check_quiet(struct check_run *r, enum lc_stage s, lc_time bound, const char *rule,
                      int (*stalled)(void *arg, lc_time activity, lc_time *due), void *arg);
/* Reload candidate b as it stands (another process, or a rep between two
 * chunks, may have acted since it was found) into *cur. */
int store_check_current(struct check_run *r, const struct lc_breach *b, struct check_current *cur);
/* *moved = 1 when lead has a stage entry recorded after r->now. */
int store_check_moved_after(struct check_run *r, int64_t lead, int *moved);
/* Record b (INSERT ... ON CONFLICT DO NOTHING, claimed by this process),
 * resolved by the recycle when recycle is 1; *inserted = 1 and b->id set
 * when the row is new (0: another run has it). */
int store_check_record(struct check_run *r, struct lc_breach *b, int recycle, int *inserted);
/* Open the write transaction of the next chunk (the first is
 * store_check_begin's); commit the current one; roll it back. */
int store_check_chunk_open(struct check_run *r);
int store_check_chunk_close(struct check_run *r);
void store_check_abort(struct check_run *r);
/* Free r's breaches. */
void store_check_end(struct check_run *r);

#endif
