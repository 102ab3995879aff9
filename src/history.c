/* history: the stage moves an import writes for one row (history.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "leadctl/bizhours.h"
#include "leadctl/history.h"
#include "leadctl/sla.h"

/* Funnel rank, for same-instant ties and for the wording of warnings:
 * the furthest stage has the highest rank. */
static const int funnel_rank[STAGE_COUNT] = {
	[STAGE_NEW] = 0,          [STAGE_MQL] = 1,  [STAGE_SQL] = 2, [STAGE_NURTURE] = 3,
	[STAGE_DISQUALIFIED] = 4, [STAGE_LOST] = 5, [STAGE_WON] = 6,
};

int history_move_allowed(enum lc_stage from, enum lc_stage to)
{
	if (stage_allowed(from, to))
		return 1;
	/* Forward skips: another CRM records the stages it knows of, and a
	 * lead converted straight into a deal never was an MQL there. */
	if (from == STAGE_NEW)
		return to == STAGE_SQL || to == STAGE_WON || to == STAGE_LOST;
	if (from == STAGE_MQL)
		return to == STAGE_WON || to == STAGE_LOST;
	return 0;
}

/* Append "; " and a formatted note to the plan's warning (truncated when
 * full: the first notes are the useful ones). */
__attribute__((format(printf, 2, 3))) static void note(struct history_plan *p, const char *fmt, ...)
{
	size_t used = strlen(p->warning);
	va_list ap;

	if (used + 3 >= sizeof p->warning)
		return;
	if (used) {
		memcpy(p->warning + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(p->warning + used, sizeof p->warning - used, fmt, ap);
	va_end(ap);
}

/* "2024-01-05" of t into buf (11 bytes at least). */
static const char *day_of(lc_time t, char *buf, size_t n)
{
	char full[32];

	clock_format_utc(t, full, sizeof full);
	snprintf(buf, n, "%.10s", full);
	return buf;
}

void history_plan(const struct history_input *in, struct history_plan *out)
{
	int order[STAGE_COUNT], n = 0, i, j;
	enum lc_stage cur = in->current;
	lc_time latest = in->created, cur_at = in->current_at;
	char d1[16], d2[16];
	unsigned skipped = 0; /* dated stages skipped, by bit */

	memset(out, 0, sizeof *out);
	for (i = 0; i < STAGE_COUNT; i++)
		if (in->stage_at_known[i] && i != STAGE_NEW)
			order[n++] = i;
	/* Time order; at one instant, funnel order. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			lc_time a = in->stage_at[order[j]], b = in->stage_at[order[j - 1]];
			int t;
			if (a < in->created)
				a = in->created;
			if (b < in->created)
				b = in->created;
			if (a > b || (a == b && funnel_rank[order[j]] > funnel_rank[order[j - 1]]))
				break;
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		enum lc_stage to = (enum lc_stage)order[i];
		lc_time at = in->stage_at[to] < in->created ? in->created : in->stage_at[to];
		if (at > latest)
			latest = at;
		if (to == cur || at < in->after)
			continue;
		if (!history_move_allowed(cur, to)) {
			skipped |= 1u << to;
			note(out, "%s on %s skipped: the lead is %s%s%s and history moves only forward",
			     stage_name(to), day_of(at, d1, sizeof d1), stage_name(cur),
			     cur_at ? " since " : "", cur_at ? day_of(cur_at, d2, sizeof d2) : "");
			continue;
		}
		out->moves[out->n].from = cur;
		out->moves[out->n].to = to;
		out->moves[out->n].at = at;
		out->n++;
		cur = to;
		cur_at = at;
	}
	if (!in->has_stage || in->stage == cur || (latest < in->after && !in->restage))
		return;
	if (!history_move_allowed(cur, in->stage)) {
		if (skipped & (1u << in->stage))
			return; /* said already */
		note(out, "stage '%s' contradicts %s: the lead stays %s (the dates win)",
		     stage_name(in->stage), out->n ? "its dates" : "its history", stage_name(cur));
		return;
	}
	if (latest < in->after)
		latest = in->after;
	out->moves[out->n].from = cur;
	out->moves[out->n].to = in->stage;
	out->moves[out->n].at = latest;
	out->n++;
}

/* 1 when start + span (the SLA's calendar; business "Nd" counts open days,
 * as engine_span_add does) is still after now, or cannot be computed. */
static int span_open(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time now)
{
	lc_time end;
	int rc;

	if (span->seconds <= 0)
		return 0;
	if (!span->business)
		rc = biz_add(&sla->cal, start, span->seconds, 0, &end);
	else if (span->unit == 'd')
		rc = biz_add_days(&sla->cal, start, span->amount, &end);
	else
		rc = biz_add(&sla->cal, start, span->seconds, 1, &end);
	return rc != 0 || end >= now; /* a deadline at now is not missed yet */
}

int history_entry_is_past(const struct lc_sla *sla, lc_time entry, lc_time now)
{
	size_t i;

	if (!sla || entry >= now)
		return 0;
	for (i = 0; i < sla->nresponse; i++) {
		const struct lc_response_rule *r = &sla->response[i];
		if (span_open(sla, entry, &r->first_touch, now) ||
		    (r->attempts > 0 && span_open(sla, entry, &r->attempts_within, now)))
			return 0;
	}
	for (i = 0; i < STAGE_COUNT; i++)
		if (span_open(sla, entry, &sla->stale[i], now))
			return 0;
	return 1;
}
