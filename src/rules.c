/* rules: the SLA in force applied to one lead, as a list of effects (see
 * rules.h).  Pure: no SQLite, no printing. */
#include <stdlib.h>
#include <string.h>

#include "leadctl/bizhours.h"
#include "leadctl/rules.h"
#include "leadctl/score.h"
#include "leadctl/vec.h"

const char *rules_obl_state_name(enum lc_obl_state s)
{
	switch (s) {
	case OBL_OPEN: return "open";
	case OBL_MET: return "met";
	case OBL_EXHAUSTED: return "exhausted";
	case OBL_CLOSED: return "closed";
	}
	return "?";
}

int rules_obl_state_parse(const char *name)
{
	int s;

	for (s = OBL_OPEN; name && s <= OBL_CLOSED; s++)
		if (strcmp(name, rules_obl_state_name((enum lc_obl_state)s)) == 0)
			return s;
	return -1;
}

const char *rules_effect_name(enum lc_effect_kind k)
{
	switch (k) {
	case EFFECT_SCORE: return "score";
	case EFFECT_STAGE: return "stage";
	case EFFECT_OBLIGATION_CLOSED: return "obligation_closed";
	case EFFECT_OBLIGATION_OPENED: return "obligation_opened";
	case EFFECT_OBLIGATION_PROGRESSED: return "obligation_progressed";
	case EFFECT_OBLIGATION_MET: return "obligation_met";
	case EFFECT_OBLIGATION_EXHAUSTED: return "obligation_exhausted";
	case EFFECT_BREACH_RESOLVED: return "breach_resolved";
	case EFFECT_ASSIGN: return "assign";
	}
	return "?";
}

void rules_effects_clear(struct lc_effects *e)
{
	free(e->v);
	memset(e, 0, sizeof *e);
}

/* Append a zeroed effect of kind k, or NULL when memory runs out. */
static struct lc_effect *push(struct lc_effects *e, enum lc_effect_kind k)
{
	if (vec_reserve((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v) != 0)
		return NULL;
	memset(&e->v[e->n], 0, sizeof e->v[0]);
	e->v[e->n].kind = k;
	return &e->v[e->n++];
}

int rules_span_add(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time *out)
{
	if (!span->business)
		return biz_add(&sla->cal, start, span->seconds, 0, out) ? -1 : 0;
	if (span->unit == 'd')
		return biz_add_days(&sla->cal, start, span->amount, out) ? -1 : 0;
	return biz_add(&sla->cal, start, span->seconds, 1, out) ? -1 : 0;
}

const struct lc_history_row *rules_current_entry(const struct lc_rules_state *s)
{
	const struct lc_history_row *best = NULL;
	size_t i;

	for (i = 0; i < s->nhist; i++) {
		const struct lc_history_row *h = &s->hist[i];
		if (h->to != s->lead->stage || h->at > s->stage_at)
			continue;
		if (!best || h->at > best->at || (h->at == best->at && h->id > best->id))
			best = h;
	}
	return best;
}

/* 1 when a touch outcome answers an obligation (docs/sla.md: a connected
 * call, a reply or a booked meeting). */
static int outcome_meets(const char *outcome)
{
	return strcmp(outcome, "connected") == 0 || strcmp(outcome, "replied") == 0 ||
	       strcmp(outcome, "meeting_booked") == 0;
}

/* 1 when two obligation rows hold the same values. */
static int obl_same(const struct lc_obligation *a, const struct lc_obligation *b)
{
	return a->state == b->state && a->first_touch_at == b->first_touch_at &&
	       a->attempts_made == b->attempts_made && a->next_due_at == b->next_due_at &&
	       a->closed_at == b->closed_at;
}

/* Count the touches against an open obligation and settle its state; set
 * its next deadline and, once it is not open, when it closed (the latest
 * touch of the lead when nothing set it before). */
static void progress(struct lc_obligation *o, const struct lc_rules_state *s, lc_time last_touch)
{
	size_t i;
	int success = 0;

	if (o->state == OBL_OPEN) {
		o->first_touch_at = RULES_NONE;
		o->attempts_made = 0;
		for (i = 0; i < s->ntouch; i++) {
			if (s->touch[i].at < o->started_at)
				continue;
			o->attempts_made++;
			if (o->first_touch_at == RULES_NONE || s->touch[i].at < o->first_touch_at)
				o->first_touch_at = s->touch[i].at;
			if (outcome_meets(s->touch[i].outcome))
				success = 1;
		}
		if (success)
			o->state = OBL_MET;
		else if (o->attempts_due == RULES_NONE && o->first_touch_at != RULES_NONE)
			o->state = OBL_MET;
		else if (o->attempts_due != RULES_NONE && o->attempts_made >= o->attempts_owed)
			o->state = OBL_EXHAUSTED;
	}
	if (o->state != OBL_OPEN && o->closed_at != RULES_NONE)
		return;
	if (o->state != OBL_OPEN) {
		o->next_due_at = RULES_NONE;
		o->closed_at = last_touch;
	} else {
		o->next_due_at = o->first_touch_at == RULES_NONE ? o->first_touch_due : o->attempts_due;
		o->closed_at = RULES_NONE;
	}
}

/* The effect kind that records a changed obligation. */
static enum lc_effect_kind changed_kind(const struct lc_obligation *before, const struct lc_obligation *after)
{
	if (after->state == OBL_CLOSED)
		return EFFECT_OBLIGATION_CLOSED;
	if (after->state != before->state && after->state == OBL_MET)
		return EFFECT_OBLIGATION_MET;
	if (after->state != before->state && after->state == OBL_EXHAUSTED)
		return EFFECT_OBLIGATION_EXHAUSTED;
	return EFFECT_OBLIGATION_PROGRESSED;
}

/* The obligation a response rule opens for the entry at entry_at of a lead
 * (rule 3 of rules_decide): its clock and deadlines.  Returns 0, or -2
 * with e->error_span set. */
static int open_obligation(const struct lc_rules_state *s, const struct lc_rules_input *in,
                           const struct lc_response_rule *rule, enum lc_stage stage, int64_t entry,
                           lc_time entry_at, const struct lc_obligation *carried, lc_time floor,
                           struct lc_obligation *o, struct lc_effects *e)
{
	lc_time start = entry_at, att_due = RULES_NONE;
	size_t i, k;

	/* The clock starts at the stage entry, or at the first event the rule
	 * asks for when that came later (a demo request on a lead that was
	 * already new). */
	if (rule->when.nevents) {
		lc_time first = 0;
		int found = 0;
		for (i = 0; i < s->nev; i++)
			for (k = 0; k < rule->when.nevents; k++)
				if (strcmp(s->ev[i].type, rule->when.events[k]) == 0 &&
				    s->ev[i].at <= in->at && (!found || s->ev[i].at < first)) {
					first = s->ev[i].at;
					found = 1;
				}
		if (found && first > start)
			start = first;
	}
	/* The untouched obligation of the stage the lead left goes on when the
	 * same rule applies (a demo request does not get a fresh 5 minutes
	 * because the lead became MQL). */
	if (carried && strcmp(carried->rule, rule->name) == 0 && carried->started_at < start)
		start = carried->started_at;
	if (start < floor)
		start = floor;
	memset(o, 0, sizeof *o);
	o->entry = entry;
	o->stage = stage;
	o->rule = rule->name;
	o->sla_version = in->version;
	o->started_at = start;
	if (rules_span_add(in->sla, start, &rule->first_touch, &o->first_touch_due) != 0) {
		e->error_span = rule->first_touch.text;
		return -2;
	}
	if (rule->attempts > 0 && rules_span_add(in->sla, start, &rule->attempts_within, &att_due) != 0) {
		e->error_span = rule->attempts_within.text;
		return -2;
	}
	o->first_touch_at = RULES_NONE;
	o->attempts_owed = rule->attempts > 0 ? rule->attempts : 1;
	o->attempts_due = rule->attempts > 0 ? att_due : RULES_NONE;
	o->recycle = rule->attempts > 0 && rule->on_exhausted == LC_EXHAUSTED_RECYCLE;
	o->state = OBL_OPEN;
	o->next_due_at = o->first_touch_due;
	o->closed_at = RULES_NONE;
	return 0;
}

/* The earliest instant at or after due in a lead's touches and its stage
 * changes (its creation and the SLA's own moves to mql excepted), or
 * RULES_NONE: what resolves a breach due then. */
static lc_time resolution(const struct lc_rules_state *s, lc_time due)
{
	lc_time best = RULES_NONE;
	size_t i;

	for (i = 0; i < s->ntouch; i++)
		if (s->touch[i].at >= due && (best == RULES_NONE || s->touch[i].at < best))
			best = s->touch[i].at;
	for (i = 0; i < s->nhist; i++) {
		const struct lc_history_row *h = &s->hist[i];
		if (h->at < due || h->from < 0 || (h->origin == ORIGIN_SLA && h->to == STAGE_MQL))
			continue;
		if (best == RULES_NONE || h->at < best)
			best = h->at;
	}
	return best;
}

/* The latest touch of a lead, or RULES_NONE. */
static lc_time last_touch_of(const struct lc_rules_state *s)
{
	lc_time last = RULES_NONE;
	size_t i;

	for (i = 0; i < s->ntouch; i++)
		if (last == RULES_NONE || s->touch[i].at > last)
			last = s->touch[i].at;
	return last;
}

/* Count the touches against the obligations w (a working copy of
 * s->obl) and emit an effect for each that changed; *owed |= 1 when one
 * is still open.  Returns 0 or -1 (memory). */
static int settle(const struct lc_rules_state *s, struct lc_obligation *w, struct lc_effects *out, int *owed)
{
	lc_time last = last_touch_of(s);
	struct lc_effect *x;
	size_t i;

	for (i = 0; i < s->nobl; i++) {
		progress(&w[i], s, last);
		*owed |= w[i].state == OBL_OPEN;
		if (obl_same(&s->obl[i], &w[i]))
			continue;
		if (!(x = push(out, changed_kind(&s->obl[i], &w[i]))))
			return -1;
		x->obligation = w[i];
	}
	return 0;
}

/* Rule 4 of rules_decide: the breaches a later touch or move resolves. */
static int resolve(const struct lc_rules_state *s, struct lc_effects *out)
{
	struct lc_effect *x;
	size_t i;

	for (i = 0; i < s->nbreach; i++) {
		lc_time at = resolution(s, s->breach[i].due_at);
		if (at == RULES_NONE)
			continue;
		if (!(x = push(out, EFFECT_BREACH_RESOLVED)))
			return -1;
		x->resolved.id = s->breach[i].id;
		x->resolved.at = at;
	}
	return 0;
}

int rules_progress(const struct lc_rules_state *s, struct lc_effects *out)
{
	struct lc_obligation *w = NULL;
	int owed = 0;

	rules_effects_clear(out);
	if (s->nobl && !(w = malloc(s->nobl * sizeof *w)))
		return -1;
	if (s->nobl)
		memcpy(w, s->obl, s->nobl * sizeof *w);
	if (settle(s, w, out, &owed) != 0 || resolve(s, out) != 0) {
		free(w);
		out->n = 0;
		return -1;
	}
	free(w);
	return 0;
}

/* Rule 2 of rules_decide: the instant a lead in new or nurture qualifies as
 * an MQL (never before in->at).  Returns 1 with *at set, 0, or -1 (memory). */
static int qualifies(const struct lc_rules_state *s, const struct lc_rules_input *in, const struct lc_lead *l,
                     lc_time upto, lc_time *at)
{
	lc_time since = s->stage_at;
	size_t i;
	int q;

	if (l->stage != STAGE_NEW && l->stage != STAGE_NURTURE)
		return 0;
	/* A lead sent back to nurture qualifies again only through behaviour
	 * after it got there: its old score put it there. */
	if (l->stage == STAGE_NURTURE) {
		since = 0;
		for (i = 0; i < s->nev; i++)
			if (s->ev[i].at > s->stage_at && (!since || s->ev[i].at < since))
				since = s->ev[i].at;
	}
	if (!since)
		return 0;
	q = score_qualify_time(in->sla, l, s->ev, s->nev, since, upto, at);
	/* Never before the change that revealed it: a lead that qualifies
	 * because a field was filled in, or because a new SLA was installed,
	 * becomes MQL then, not in the past (its response clock would start
	 * overdue and past reports would change). */
	if (q == 1 && *at < in->at)
		*at = in->at;
	return q;
}

/* Rule 5 of rules_decide: route an unassigned lead that is owed a
 * response.  Returns 0 or -1 (memory) / -3 (a routing callback failed). */
static int route(const struct lc_rules_state *s, const struct lc_rules_input *in, const struct lc_lead *l,
                 int owed, lc_time floor, struct lc_effects *e)
{
	const struct lc_sla *sla = in->sla;
	struct lc_route r;
	struct lc_effect *x;
	lc_time at = in->at > floor ? in->at : floor;
	size_t i;

	if (l->owner ||
	    !(l->stage == STAGE_MQL || ((l->stage == STAGE_NEW || stage_is_open(l->stage)) && owed)))
		return 0;
	if (route_decide(sla, l, s->ev, s->nev, at, in->route, &r) != 0)
		return -3;
	if (r.status != ROUTE_ASSIGNED)
		return 0;
	if (!(x = push(e, EFFECT_ASSIGN)))
		return -1;
	x->assign.owner = r.owner;
	x->assign.rule = r.rule_name;
	x->assign.pool = r.pool;
	x->assign.cursor = r.cursor;
	x->assign.at = at;
	for (i = 0; r.pool && i < sla->npools; i++)
		if (strcmp(sla->pools[i].name, r.pool) == 0) {
			x->assign.members = (const char *const *)sla->pools[i].members;
			x->assign.nmembers = sla->pools[i].nmembers;
		}
	return 0;
}

int rules_decide(const struct lc_rules_state *s, const struct lc_rules_input *in, struct lc_effects *out)
{
	const struct lc_sla *sla = in->sla;
	const struct lc_response_rule *rule;
	const struct lc_history_row *cur;
	const struct lc_obligation *carried = NULL;
	struct lc_obligation *w = NULL, opened;
	struct lc_lead l = *s->lead;
	struct lc_score sc = { 0 };
	struct lc_effect *x;
	lc_time upto = in->at, mql_at = 0, entry_at = 0, floor = in->floor;
	int64_t entry;
	int q, rc = -1, exists = 0, has_opened = 0, owed = 0;
	size_t i;

	rules_effects_clear(out);
	/* 1. The score, up to the latest known fact (events may be recorded
	 * out of order with --at). */
	for (i = 0; i < s->nev; i++)
		if (s->ev[i].at > upto)
			upto = s->ev[i].at;
	if (score_compute(sla, &l, s->ev, s->nev, upto, &sc) != 0)
		return -1;
	l.score = sc.total;
	score_clear(&sc);
	if (!(x = push(out, EFFECT_SCORE)))
		goto fail;
	x->score = l.score;
	x->score_at = upto;

	/* 2. The automatic MQL. */
	if ((q = qualifies(s, in, &l, upto, &mql_at)) < 0)
		goto fail;
	if (q == 1) {
		if (!(x = push(out, EFFECT_STAGE)))
			goto fail;
		x->stage.from = l.stage;
		x->stage.to = STAGE_MQL;
		x->stage.at = mql_at;
		l.stage = STAGE_MQL;
	}

	/* 3. Obligations.  The SLA applied as such (`sla use`, `route`) opens
	 * them as of then, never in the past. */
	if (in->origin == ORIGIN_SLA && in->at > floor)
		floor = in->at;
	if (q == 1) {
		entry = 0; /* the move just decided */
		entry_at = mql_at;
	} else if ((cur = rules_current_entry(s))) {
		entry = cur->id;
		entry_at = cur->at;
	} else {
		entry = -1; /* no entry: nothing to open */
	}
	if (s->nobl && !(w = malloc(s->nobl * sizeof *w)))
		goto fail;
	for (i = 0; i < s->nobl; i++) {
		const struct lc_obligation *o = &s->obl[i];
		w[i] = *o;
		if (o->entry == entry) {
			exists = 1;
			continue;
		}
		if (o->state == OBL_OPEN && o->first_touch_at == RULES_NONE &&
		    (!carried || o->started_at > carried->started_at ||
		     (o->started_at == carried->started_at && o->id > carried->id)))
			carried = o;
		/* Obligations of earlier entries end when the lead moves (an
		 * exhausted one too: there is nothing left to recycle). */
		if (o->state == OBL_OPEN || o->state == OBL_EXHAUSTED) {
			w[i].state = OBL_CLOSED;
			w[i].next_due_at = RULES_NONE;
			w[i].closed_at = entry_at;
		}
	}
	if (!exists && entry >= 0 && (l.stage == STAGE_NEW || stage_is_open(l.stage)) &&
	    (rule = sla_response_rule(sla, &l, s->ev, s->nev, in->at))) {
		if ((rc = open_obligation(s, in, rule, l.stage, entry, entry_at, carried, floor, &opened,
		                          out)))
			goto fail;
		rc = -1;
		has_opened = 1;
	}
	if (has_opened) {
		progress(&opened, s, last_touch_of(s));
		owed |= opened.state == OBL_OPEN;
	}
	if (settle(s, w, out, &owed) != 0)
		goto fail;
	if (has_opened) {
		if (!(x = push(out, EFFECT_OBLIGATION_OPENED)))
			goto fail;
		x->obligation = opened;
	}
	/* 4. Breaches resolved by a later touch or move. */
	if (resolve(s, out) != 0)
		goto fail;

	/* 5. Someone must own what sales owes. */
	if ((rc = route(s, in, &l, owed, floor, out)))
		goto fail;
	free(w);
	return 0;
fail:
	free(w);
	out->n = 0;
	return rc;
}

size_t rules_breaches(const struct lc_obligation *o, int current, lc_time now, struct lc_breach_due out[2])
{
	size_t n = 0;

	if (o->state == OBL_OPEN && o->first_touch_at == RULES_NONE && o->first_touch_due < now)
		out[n++] = (struct lc_breach_due){ BREACH_FIRST_TOUCH, o->first_touch_due, 0 };
	if (o->attempts_due == RULES_NONE || !current)
		return n;
	if ((o->state == OBL_OPEN && o->next_due_at != RULES_NONE && o->next_due_at < now &&
	     o->attempts_due < now) ||
	    o->state == OBL_EXHAUSTED)
		out[n++] = (struct lc_breach_due){ BREACH_ATTEMPTS_EXHAUSTED, o->attempts_due, o->recycle };
	return n;
}

int rules_stalled(const struct lc_sla *sla, enum lc_stage s, lc_time activity_at, lc_time now, lc_time *due)
{
	if (sla->stale[s].seconds <= 0)
		return 0;
	if (rules_span_add(sla, activity_at, &sla->stale[s], due) != 0)
		return -1;
	return *due < now;
}

int rules_stalled_from(const struct lc_sla *sla, enum lc_stage s, lc_time activity_at, lc_time now,
                       lc_time sla_from, lc_time *due)
{
	int stalled = rules_stalled(sla, s, activity_at, now, due);

	if (stalled > 0 && *due < sla_from) {
		*due = sla_from;
		stalled = *due < now;
	}
	return stalled;
}

int64_t rules_stale_min_seconds(const struct lc_sla *sla, enum lc_stage s)
{
	const struct lc_span *span = &sla->stale[s];
	int64_t sec;

	if (!span->business || span->unit != 'd')
		return span->seconds;
	sec = (span->amount - 1) * 86400 - 3600;
	return sec > 0 ? sec : 0;
}
