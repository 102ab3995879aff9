/* replay: recorded facts replayed through rules_decide() (see replay.h).
 * Pure: no SQLite, no printing. */
#include <stdlib.h>
#include <string.h>

#include "leadctl/replay.h"
#include "leadctl/vec.h"

void replay_lead_clear(struct lc_replay_lead *l)
{
	size_t i;

	lead_clear(&l->lead);
	for (i = 0; i < l->nev; i++)
		free(l->ev[i].type);
	free(l->ev);
	free(l->touch);
	free(l->move);
	for (i = 0; i < l->nassign; i++)
		free(l->assign[i].owner);
	free(l->assign);
	for (i = 0; i < l->nfield; i++) {
		free(l->field[i].field);
		free(l->field[i].old_value);
		free(l->field[i].new_value);
	}
	free(l->field);
	memset(l, 0, sizeof *l);
}

void replay_result_clear(struct lc_replay_result *r)
{
	free(r->mql);
	free(r->assign);
	free(r->breach);
	free(r->owner);
	memset(r, 0, sizeof *r);
}

/* One lead's replayed state. */
struct sim_lead {
	struct lc_lead lead; /* shallow copy of the facts' lead: stage, owner, score replayed */
	lc_time stage_at;
	size_t nev, ntouch; /* the events and touches replayed so far (a prefix) */
	struct lc_history_row *hist;
	size_t nhist, chist;
	struct lc_obligation *obl;
	size_t nobl, cobl;
	lc_time first_mql; /* 0: never mql */
	int mql_by_sla;
};

/* Open leads per owner, and each pool's turn, as the replay has them. */
struct sim_count {
	const char *owner;
	int64_t n;
};
struct sim_turn {
	const char *pool;
	const char *last;
	int64_t position;
};

struct sim {
	const struct lc_sla *sla;
	struct sim_lead *L;
	int64_t next_id; /* ids of replayed history rows and obligations */
	struct sim_count *count;
	size_t ncount, ccount;
	struct sim_turn *turn;
	size_t nturn, cturn;
	struct lc_replay_result *out;
	size_t cmql, cassign;
};

/* The facts, in time order. */
/* At one instant: a person's assignment first (a lead created with an
 * owner has it when the SLA first looks), then the creation, field
 * changes, events, moves and touches. */
enum fact_kind { FACT_ASSIGN, FACT_CREATE, FACT_FIELD, FACT_EVENT, FACT_MOVE, FACT_TOUCH };
struct fact {
	lc_time at;
	enum fact_kind kind;
	size_t lead, idx;
};

static int fact_cmp(const void *pa, const void *pb)
{
	const struct fact *a = pa, *b = pb;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->lead != b->lead)
		return a->lead < b->lead ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* The open-lead count slot of owner, or NULL when memory runs out. */
static int64_t *count_slot(struct sim *s, const char *owner)
{
	size_t i;

	for (i = 0; i < s->ncount; i++)
		if (strcmp(s->count[i].owner, owner) == 0)
			return &s->count[i].n;
	if (vec_reserve((void **)&s->count, &s->ccount, s->ncount + 1, sizeof *s->count) != 0)
		return NULL;
	s->count[s->ncount].owner = owner;
	s->count[s->ncount].n = 0;
	return &s->count[s->ncount++].n;
}

/* 1 when a lead in stage st counts against its owner's capacity. */
static int counts(enum lc_stage st)
{
	return st == STAGE_NEW || st == STAGE_MQL || st == STAGE_SQL;
}

/* Set a lead's stage and owner, keeping the owners' open counts. */
static int sim_set(struct sim *s, struct sim_lead *l, enum lc_stage stage, const char *owner)
{
	int64_t *slot;

	if (l->lead.owner && counts(l->lead.stage) && (slot = count_slot(s, l->lead.owner)))
		(*slot)--;
	l->lead.stage = stage;
	l->lead.owner = (char *)owner;
	if (owner && counts(stage)) {
		if (!(slot = count_slot(s, owner)))
			return -1;
		(*slot)++;
	}
	return 0;
}

static int open_cb(void *ctx, const char *owner, int64_t *count)
{
	int64_t *slot = count_slot(ctx, owner);

	if (!slot)
		return -1;
	*count = *slot;
	return 0;
}

static int turn_cb(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	struct sim *s = ctx;
	size_t i;

	memset(turn, 0, sizeof *turn);
	for (i = 0; i < s->nturn; i++)
		if (strcmp(s->turn[i].pool, pool) == 0) {
			turn->last = s->turn[i].last;
			turn->position = s->turn[i].position;
		}
	for (i = 0; turn->last && i < s->sla->npools; i++)
		if (strcmp(s->sla->pools[i].name, pool) == 0) {
			turn->order = (const char *const *)s->sla->pools[i].members;
			turn->norder = s->sla->pools[i].nmembers;
		}
	return 0;
}

/* Append a history row; returns its id, or -1 (memory). */
static int64_t add_history(struct sim *s, struct sim_lead *l, lc_time at, int from, enum lc_stage to,
                           enum lc_origin origin)
{
	struct lc_history_row *h;

	if (vec_reserve((void **)&l->hist, &l->chist, l->nhist + 1, sizeof *l->hist) != 0)
		return -1;
	h = &l->hist[l->nhist++];
	h->id = ++s->next_id;
	h->at = at;
	h->from = from;
	h->to = to;
	h->origin = origin;
	return h->id;
}

/* A lead (index i) entering stage to at `at`: history, stage, first mql. */
static int64_t enter(struct sim *s, size_t i, lc_time at, int from, enum lc_stage to, enum lc_origin origin)
{
	struct sim_lead *l = &s->L[i];
	int64_t id = add_history(s, l, at, from, to, origin);

	if (id < 0 || sim_set(s, l, to, l->lead.owner) != 0)
		return -1;
	l->stage_at = at;
	if (to == STAGE_MQL && !l->first_mql) {
		struct lc_replay_result *r = s->out;
		l->first_mql = at;
		l->mql_by_sla = origin == ORIGIN_SLA;
		if (vec_reserve((void **)&r->mql, &s->cmql, r->nmql + 1, sizeof *r->mql) != 0)
			return -1;
		r->mql[r->nmql++] = (struct lc_replay_mql){ i, at, origin == ORIGIN_SLA };
	}
	return id;
}

/* Apply effects e to lead i, as store_engine_apply() does to the tables. */
static int apply(struct sim *s, size_t i, const struct lc_effects *e)
{
	struct sim_lead *l = &s->L[i];
	struct lc_replay_result *r = s->out;
	int64_t moved = 0;
	size_t k, j;

	for (k = 0; k < e->n; k++) {
		const struct lc_effect *x = &e->v[k];
		struct lc_obligation *o;
		switch (x->kind) {
		case EFFECT_SCORE: l->lead.score = x->score; break;
		case EFFECT_STAGE:
			if ((moved = enter(s, i, x->stage.at, (int)x->stage.from, x->stage.to, ORIGIN_SLA)) <
			    0)
				return -1;
			break;
		case EFFECT_OBLIGATION_OPENED:
			if (vec_reserve((void **)&l->obl, &l->cobl, l->nobl + 1, sizeof *l->obl) != 0)
				return -1;
			o = &l->obl[l->nobl++];
			*o = x->obligation;
			o->id = ++s->next_id;
			if (!o->entry)
				o->entry = moved;
			break;
		case EFFECT_OBLIGATION_CLOSED:
		case EFFECT_OBLIGATION_PROGRESSED:
		case EFFECT_OBLIGATION_MET:
		case EFFECT_OBLIGATION_EXHAUSTED:
			for (j = 0; j < l->nobl; j++)
				if (l->obl[j].id == x->obligation.id)
					l->obl[j] = x->obligation;
			break;
		case EFFECT_BREACH_RESOLVED: break; /* the replay records no breaches to resolve */
		case EFFECT_ASSIGN:
			if (sim_set(s, l, l->lead.stage, x->assign.owner) != 0)
				return -1;
			if (x->assign.pool) {
				for (j = 0; j < s->nturn && strcmp(s->turn[j].pool, x->assign.pool) != 0; j++)
					;
				if (j == s->nturn) {
					if (vec_reserve((void **)&s->turn, &s->cturn, s->nturn + 1,
					                sizeof *s->turn))
						return -1;
					s->turn[s->nturn++].pool = x->assign.pool;
				}
				s->turn[j].last = x->assign.owner;
				s->turn[j].position = x->assign.cursor;
			}
			if (vec_reserve((void **)&r->assign, &s->cassign, r->nassign + 1, sizeof *r->assign))
				return -1;
			r->assign[r->nassign++] =
			        (struct lc_replay_assignment){ i, x->assign.owner, x->assign.rule,
				                               x->assign.at };
			break;
		}
	}
	return 0;
}

/* The facts of every lead, sorted; NULL when memory runs out. */
static struct fact *facts_of(const struct lc_replay_lead *leads, size_t n, lc_time now, size_t *nf)
{
	struct fact *f = NULL;
	size_t cap = 0, i, k;

	*nf = 0;
	for (i = 0; i < n; i++) {
		const struct lc_replay_lead *l = &leads[i];
		size_t want = *nf + l->nev + l->ntouch + l->nmove + l->nassign + l->nfield;
		if (vec_reserve((void **)&f, &cap, want ? want : 1, sizeof *f) != 0) {
			free(f);
			return NULL;
		}
		for (k = 0; k < l->nmove; k++)
			f[(*nf)++] = (struct fact){ l->move[k].at, k ? FACT_MOVE : FACT_CREATE, i, k };
		for (k = 0; k < l->nev; k++)
			f[(*nf)++] = (struct fact){ l->ev[k].at, FACT_EVENT, i, k };
		for (k = 0; k < l->ntouch; k++)
			f[(*nf)++] = (struct fact){ l->touch[k].at, FACT_TOUCH, i, k };
		for (k = 0; k < l->nassign; k++)
			f[(*nf)++] = (struct fact){ l->assign[k].at, FACT_ASSIGN, i, k };
		for (k = 0; k < l->nfield; k++)
			f[(*nf)++] = (struct fact){ l->field[k].at, FACT_FIELD, i, k };
	}
	/* facts after now are not known yet */
	for (i = k = 0; i < *nf; i++)
		if (f[i].at <= now)
			f[k++] = f[i];
	*nf = k;
	if (*nf > 1)
		qsort(f, *nf, sizeof *f, fact_cmp);
	return f ? f : calloc(1, sizeof *f);
}

/* Set the field called name of l to value (borrowed; NULL = unknown).
 * The owner is the assignments' business; unknown names are left alone. */
static void set_field(struct lc_lead *l, const char *name, char *value)
{
	size_t i;

	if (strcmp(name, "employees") == 0) {
		l->employees = value ? strtoll(value, NULL, 10) : -1;
		return;
	}
	for (i = 0; i < lead_string_field_count; i++)
		if (strcmp(name, lead_string_fields[i].name) == 0 && strcmp(name, "owner") != 0)
			*(char **)((char *)l + lead_string_fields[i].off) = value;
}

/* Replay one fact of lead i, then decide.  Returns 0, -1, -2 (span). */
static int step(struct sim *s, const struct lc_replay_lead *in, const struct fact *f, int version,
                struct lc_effects *e, const char **span)
{
	struct sim_lead *l = &s->L[f->lead];
	struct lc_route_env env = { open_cb, turn_cb, s };
	enum lc_origin origin = ORIGIN_CLI;
	struct lc_rules_state st;
	struct lc_rules_input ri;
	int rc;

	switch (f->kind) {
	case FACT_CREATE:
		origin = in->move[0].origin;
		if (enter(s, f->lead, f->at, -1, in->move[0].to, origin) < 0)
			return -1;
		break;
	case FACT_MOVE:
		/* a move the replay made pointless (the SLA got there first) */
		if (!l->nhist || l->lead.stage == in->move[f->idx].to)
			return 0;
		origin = in->move[f->idx].origin;
		if (enter(s, f->lead, f->at, (int)l->lead.stage, in->move[f->idx].to, origin) < 0)
			return -1;
		break;
	case FACT_ASSIGN:
		origin = in->assign[f->idx].origin;
		if (sim_set(s, l, l->lead.stage, in->assign[f->idx].owner) != 0)
			return -1;
		break;
	case FACT_FIELD: set_field(&l->lead, in->field[f->idx].field, in->field[f->idx].new_value); break;
	case FACT_EVENT: l->nev = f->idx + 1; break;
	case FACT_TOUCH: l->ntouch = f->idx + 1; break;
	}
	if (!l->nhist)
		return 0; /* not created yet (a fact before the creation) */
	st = (struct lc_rules_state){ &l->lead, l->stage_at, in->ev, l->nev,  in->touch, l->ntouch,
		                      l->hist,  l->nhist,    l->obl, l->nobl, NULL,      0 };
	ri = (struct lc_rules_input){ s->sla, version, f->at, origin, 0, 0, &env };
	rc = rules_decide(&st, &ri, e);
	if (rc == -2 && span)
		*span = e->error_span;
	if (rc != 0)
		return rc == -3 ? -1 : rc;
	return apply(s, f->lead, e);
}

/* One deadline as `sla check` knows it: lead, rule, due. */
struct deadline {
	size_t lead;
	const char *rule;
	lc_time due, first, end; /* end: when it stopped being open (now while open) */
};

static int deadline_cmp(const void *pa, const void *pb)
{
	const struct deadline *a = pa, *b = pb;
	int c;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->lead != b->lead)
		return a->lead < b->lead ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return 0;
}

/* First-touch breaches and the in time / late / never counts, one per
 * lead, rule and deadline (an obligation carried into a new stage entry
 * keeps its deadline: one breach, as the breaches' unique key says). */
static int settle(struct sim *s, size_t n, lc_time now)
{
	struct lc_replay_result *r = s->out;
	struct deadline *d = NULL;
	size_t nd = 0, cd = 0, i, k, cb = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < s->L[i].nobl; k++) {
			const struct lc_obligation *o = &s->L[i].obl[k];
			if (vec_reserve((void **)&d, &cd, nd + 1, sizeof *d) != 0) {
				free(d);
				return -1;
			}
			d[nd++] = (struct deadline){ i, o->rule, o->first_touch_due, o->first_touch_at,
				                     o->state == OBL_OPEN || o->closed_at == RULES_NONE
				                             ? now
				                             : o->closed_at };
		}
	if (nd > 1)
		qsort(d, nd, sizeof *d, deadline_cmp);
	for (i = 0; i < nd; i = k) {
		lc_time first = RULES_NONE, end = 0;
		for (k = i; k < nd && deadline_cmp(&d[i], &d[k]) == 0; k++) {
			if (d[k].first != RULES_NONE && (first == RULES_NONE || d[k].first < first))
				first = d[k].first;
			if (d[k].end > end)
				end = d[k].end;
		}
		if (first != RULES_NONE && first <= d[i].due)
			r->in_time++;
		else if (first != RULES_NONE)
			r->late++;
		else
			r->never++;
		if (first != RULES_NONE ? first > d[i].due : d[i].due < end) {
			if (vec_reserve((void **)&r->breach, &cb, r->nbreach + 1, sizeof *r->breach) != 0) {
				free(d);
				return -1;
			}
			r->breach[r->nbreach++] =
			        (struct lc_replay_breach){ d[i].lead, d[i].rule, d[i].due, first };
		}
	}
	free(d);
	return 0;
}

int replay_run(const struct lc_sla *sla, int version, const struct lc_replay_lead *leads, size_t n,
               lc_time now, struct lc_replay_result *out, const char **span)
{
	struct sim s;
	struct lc_effects e = { 0 };
	struct fact *f;
	size_t nf = 0, i;
	int rc = -1;

	replay_result_clear(out);
	memset(&s, 0, sizeof s);
	s.sla = sla;
	s.out = out;
	if (!(f = facts_of(leads, n, now, &nf)))
		return -1;
	if (!(s.L = calloc(n ? n : 1, sizeof *s.L)) || !(out->owner = calloc(n ? n : 1, sizeof *out->owner)))
		goto done;
	for (i = 0; i < n; i++) {
		size_t k;
		s.L[i].lead = leads[i].lead;
		s.L[i].lead.owner = NULL;
		s.L[i].lead.stage = STAGE_NEW;
		s.L[i].lead.score = 0;
		/* the fields as they were at the creation */
		for (k = leads[i].nfield; k-- > 0;)
			set_field(&s.L[i].lead, leads[i].field[k].field, leads[i].field[k].old_value);
	}
	for (i = 0; i < nf; i++)
		if ((rc = step(&s, &leads[f[i].lead], &f[i], version, &e, span)))
			goto done;
	rc = settle(&s, n, now);
	for (i = 0; i < n; i++)
		out->owner[i] = s.L[i].lead.owner;
done:
	for (i = 0; s.L && i < n; i++) {
		free(s.L[i].hist);
		free(s.L[i].obl);
	}
	free(s.L);
	free(s.count);
	free(s.turn);
	free(f);
	rules_effects_clear(&e);
	if (rc)
		replay_result_clear(out);
	return rc;
}
