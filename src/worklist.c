/* worklist: the pure half of check.h -- the order and the wording of the
 * rep's work list, and the names of breach kinds.  No SQLite, no printing
 * (the store half is src/store_check.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/check.h"

/* ---- the work list: pure ----------------------------------------------- */

enum lc_next_group next_group_of(lc_time due, lc_time now)
{
	if (due < now)
		return NEXT_OVERDUE;
	if (due - now <= NEXT_SOON_SECONDS)
		return NEXT_SOON;
	return NEXT_LATER;
}

void next_classify(struct lc_next_item *items, size_t n, lc_time now)
{
	size_t i;

	for (i = 0; i < n; i++)
		items[i].group = next_group_of(items[i].due, now);
}

/* -1, 0 or 1 as a < b, a == b, a > b. */
static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int next_compare(const struct lc_next_item *a, const struct lc_next_item *b)
{
	int c;

	if ((c = cmp_i64(a->group, b->group)))
		return c;
	if (a->group == NEXT_LATER && a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = cmp_i64(a->due, b->due)))
		return c;
	if ((c = cmp_i64(a->rule_order, b->rule_order)))
		return c;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return cmp_i64(a->lead, b->lead);
}

/* qsort adapter for next_compare. */
static int next_qsort_cmp(const void *a, const void *b)
{
	return next_compare(a, b);
}

void next_sort(struct lc_next_item *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof *items, next_qsort_cmp);
}

void next_age_text(int64_t seconds, char *buf, size_t n)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 86400)
		snprintf(buf, n, "%" PRId64 "d", seconds / 86400);
	else if (seconds >= 3600)
		snprintf(buf, n, "%" PRId64 "h", seconds / 3600);
	else
		snprintf(buf, n, "%" PRId64 "m", seconds / 60);
}

void next_owed_text(const struct lc_next_item *it, lc_time now, char *buf, size_t n)
{
	char age[32];
	int64_t k;

	switch (it->kind) {
	case NEXT_FIRST_TOUCH: snprintf(buf, n, "first touch"); break;
	case NEXT_ATTEMPT:
		/* The attempt to make now; once all are made (the obligation is
		 * about to be exhausted) it stays at the last one. */
		k = it->attempts_made + 1;
		if (k > it->attempts_owed)
			k = it->attempts_owed;
		snprintf(buf, n, "attempt %" PRId64 " of %" PRId64, k, it->attempts_owed);
		break;
	case NEXT_STALLED:
		next_age_text(now - it->activity_at, age, sizeof age);
		snprintf(buf, n, "stalled %s", age);
		break;
	}
}

void next_due_text(lc_time due, lc_time now, char *buf, size_t n)
{
	char d[32];

	if (due == now) {
		snprintf(buf, n, "due now");
		return;
	}
	duration_format(due < now ? now - due : due - now, d, sizeof d);
	snprintf(buf, n, "%s%s", due < now ? "overdue " : "in ", d);
}

const char *next_kind_name(enum lc_next_kind k)
{
	switch (k) {
	case NEXT_FIRST_TOUCH: return "first_touch";
	case NEXT_ATTEMPT: return "attempt";
	case NEXT_STALLED: return "stalled";
	}
	return "?";
}

const char *next_group_name(enum lc_next_group g)
{
	switch (g) {
	case NEXT_OVERDUE: return "overdue";
	case NEXT_SOON: return "soon";
	case NEXT_LATER: return "later";
	}
	return "?";
}

void next_item_clear(struct lc_next_item *it)
{
	free(it->name);
	free(it->company);
	free(it->owner);
	free(it->rule);
	it->name = it->company = it->owner = it->rule = NULL;
}

void next_items_free(struct lc_next_item *items, size_t n)
{
	size_t i;

	for (i = 0; items && i < n; i++)
		next_item_clear(&items[i]);
	free(items);
}

const char *breach_kind_name(enum lc_breach_kind k)
{
	switch (k) {
	case BREACH_FIRST_TOUCH: return "first_touch";
	case BREACH_ATTEMPTS_EXHAUSTED: return "attempts_exhausted";
	case BREACH_STALLED: return "stalled";
	}
	return "?";
}
