/* sla_check: `sla check` decides here (the engine layer, no SQL): which
 * candidates the store found are breaches now (rules_breaches,
 * rules_stalled_from), which lead to recycle, and the recycle itself (a
 * stage move through the store, then the engine's re-apply).  The store
 * (store_check.h) loads candidates, reloads each as it stands and records
 * breaches, in the transactions it owns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/check.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/rules.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/store_check.h"

/* Most breaches recorded in one write transaction. */
#define CHECK_CHUNK 500

/* -1, 0 or 1 as a < b, a == b, a > b. */
static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* Detection order: kind, then due time, then lead (qsort). */
static int breach_order(const void *pa, const void *pb)
{
	const struct lc_breach *a = pa, *b = pb;
	int c;

	if ((c = cmp_i64(a->kind, b->kind)) || (c = cmp_i64(a->due_at, b->due_at)))
		return c;
	return cmp_i64(a->lead, b->lead);
}

/* The quiet leads' test of store_check_quiet: stalled at now, and due
 * when (never before the SLA's installation). */
struct quiet {
	const struct lc_sla *sla;
	enum lc_stage stage;
	lc_time now, sla_from;
};

static int quiet_stalled(void *arg, lc_time activity, lc_time *due)
{
	const struct quiet *q = arg;
	int stalled = rules_stalled_from(q->sla, q->stage, activity, q->now, q->sla_from, due);

	if (stalled < 0)
		diag_error(LC_CONFIG, "cannot compute a deadline of %s from the SLA's business hours",
		           q->sla->stale[q->stage].text);
	return stalled;
}

/* Is candidate b still a breach, as it stands in this transaction?  An
 * obligation's breach is decided again by rules_breaches on the row; a
 * stalled lead must still be in its stage, as quiet.  *valid = 1 when it
 * is; then b->stage is the lead's stage now. */
static int still_breached(struct check_run *r, struct lc_breach *b, int *valid)
{
	struct check_current cur;
	struct lc_breach_due due[2];
	size_t n, k;
	int rc;

	*valid = 0;
	if ((rc = store_check_current(r, b, &cur)))
		return rc;
	if (cur.found && b->kind == BREACH_STALLED) {
		*valid = 1;
	} else if (cur.found) {
		n = rules_breaches(&cur.obl, cur.latest, r->now, due);
		for (k = 0; k < n; k++)
			if (due[k].kind == b->kind && due[k].due_at == b->due_at)
				*valid = 1;
	}
	if (*valid)
		b->stage = b->stage_after = cur.stage;
	return 0;
}

/* Move b's lead to nurture (reason no_response) for the SLA and re-apply
 * the SLA to it, as `leadctl stage` would. */
static int recycle_lead(struct lc_db *db, struct lc_breach *b, int version)
{
	struct lc_change c = { "sla", ORIGIN_SLA, b->detected_at, version, 0 };
	int rc;

	if ((rc = store_stage_move(db, b->lead, b->stage, STAGE_NURTURE, "no_response", -1, NULL, &c,
	                           NULL)) ||
	    (rc = engine_refresh(db, b->lead, &c)))
		return rc;
	b->stage_after = STAGE_NURTURE;
	return 0;
}

/* Decide and apply candidate b inside the chunk's transaction: record it
 * when it is still a breach (*kept = 1 when newly recorded), bring its
 * obligations up to date when reading as of an earlier instant, recycle
 * its lead when the rule says so. */
static int act_on(struct check_run *r, struct lc_breach *b, int *kept)
{
	int rc, valid, recycle, moved = 0, inserted;

	*kept = 0;
	if ((rc = still_breached(r, b, &valid)) || !valid)
		return rc;
	/* Recycle only a lead still in an open stage: one recycled by an
	 * earlier row of this run is in nurture already.  As of an earlier
	 * instant, a lead that has moved on since is not moved back in time
	 * (its later history stands). */
	recycle = b->recycled < 0 && (b->stage == STAGE_NEW || stage_is_open(b->stage));
	if (recycle && r->as_of && (rc = store_check_moved_after(r, b->lead, &moved)))
		return rc;
	recycle = recycle && !moved;
	b->recycled = 0;
	b->sla_version = r->version;
	if ((rc = store_check_record(r, b, recycle, &inserted)))
		return rc;
	*kept = inserted;
	/* As of an earlier instant, a touch or move recorded since may
	 * resolve the breach already. */
	if (inserted && r->as_of && (rc = engine_obligation_progress(r->db, b->lead)))
		return rc;
	if (inserted && recycle) {
		if ((rc = recycle_lead(r->db, b, r->version)))
			return rc;
		b->recycled = 1;
	}
	return 0;
}

/* Move the breaches of v[start, end) with keep[i] set to the front of
 * that range (the others' strings freed, moved-from slots emptied) and
 * return how many there are. */
static size_t chunk_compact(struct lc_breach *v, size_t start, size_t end, const unsigned char *keep)
{
	size_t i, k = start;

	for (i = start; i < end; i++) {
		if (!keep[i]) {
			check_breach_clear(&v[i]);
			continue;
		}
		if (k != i) {
			v[k] = v[i];
			memset(&v[i], 0, sizeof v[i]);
		}
		k++;
	}
	return k - start;
}

int check_breaches(struct lc_db *db, lc_time now, int (*fn)(void *arg, const struct lc_breach *b, size_t n),
                   void *arg)
{
	static const enum lc_stage stall_stages[] = { STAGE_NEW, STAGE_MQL, STAGE_SQL, STAGE_NURTURE };
	const struct lc_sla *sla;
	struct check_run r;
	unsigned char *keep = NULL;
	int version, rc, kept;
	size_t i, start, k;

	if ((rc = engine_sla(db, &sla, &version)))
		return rc;
	if (!sla)
		return diag_error(LC_CONFIG,
		                  "sla check: no SLA is installed, so nothing can be breached: install one "
		                  "with 'leadctl sla use FILE'");
	if ((rc = store_check_begin(db, now, version, &r))) {
		store_check_end(&r);
		return rc;
	}
	for (i = 0; i < sizeof stall_stages / sizeof stall_stages[0]; i++) {
		struct quiet q = { sla, stall_stages[i], now, r.sla_from };
		char rule[32];
		if (sla->stale[q.stage].seconds <= 0)
			continue;
		snprintf(rule, sizeof rule, "stale:%s", stage_name(q.stage));
		if ((rc = store_check_quiet(&r, q.stage, now - rules_stale_min_seconds(sla, q.stage), rule,
		                            quiet_stalled, &q)))
			goto fail;
	}
	if (r.ncand > 1)
		qsort(r.cand, r.ncand, sizeof r.cand[0], breach_order);
	if (r.ncand && !(keep = calloc(r.ncand, 1))) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto fail;
	}
	/* Record and act in chunks, each its own transaction, so that a long
	 * backlog never holds the write lock for long; every candidate is
	 * checked again inside the chunk's transaction. */
	for (start = 0; start < r.ncand; start = i) {
		if (start > 0 && (rc = store_check_chunk_open(&r)))
			goto fail;
		for (i = start; i < r.ncand && i - start < CHECK_CHUNK; i++) {
			if ((rc = act_on(&r, &r.cand[i], &kept)))
				goto fail;
			keep[i] = (unsigned char)kept;
		}
		if ((rc = store_check_chunk_close(&r)))
			goto fail;
		/* breaches an earlier, interrupted run recorded: first */
		if (r.nold && (rc = fn(arg, r.old, r.nold)))
			goto done;
		for (k = 0; k < r.nold; k++)
			check_breach_clear(&r.old[k]);
		r.nold = 0;
		k = chunk_compact(r.cand, start, i, keep);
		if (k && (rc = fn(arg, r.cand + start, k)))
			goto done;
	}
	if (r.ncand == 0) {
		if (r.nold && (rc = store_check_chunk_close(&r)) == 0)
			rc = fn(arg, r.old, r.nold);
		else if (!r.nold)
			store_check_abort(&r);
	}
done:
	free(keep);
	store_check_end(&r);
	return rc;
fail:
	store_check_abort(&r);
	goto done;
}
