/* report: `leadctl report funnel|response|velocity|leak|cac`.
 *
 * Each report reads plain rows for the period P from the store (the views
 * of migrations/004_reports.sql hold the definitions), adds them up per
 * group (--by source|campaign|owner|week|month, or none) and into a total,
 * and prints one row per group and a total row ("(all)"): TSV/CSV rows, a
 * JSON object (period, SLA, rows, total), or a table with a header stating
 * P and the SLA in force.  Without --by the table is vertical (one line per
 * measure) so the funnel can be seen; on a terminal, rows get small bars.
 * The definitions, the JSON field names and every decision on an
 * ambiguity are in docs/reports.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "leadctl/cli.h"
#include "leadctl/bizhours.h"
#include "leadctl/clock.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/lead.h"
#include "leadctl/out.h"
#include "leadctl/report.h"
#include "leadctl/report_view.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/when.h"

enum by { BY_NONE, BY_SOURCE, BY_CAMPAIGN, BY_OWNER, BY_WEEK, BY_MONTH };
static const char *const by_names[] = { "", "source", "campaign", "owner", "week", "month" };

/* Every stage, and the stages cac counts (report_store_entries's stages). */
#define ALL_STAGES ((1u << STAGE_COUNT) - 1)
#define CAC_STAGES ((1u << STAGE_MQL) | (1u << STAGE_SQL) | (1u << STAGE_WON))

/* The measures a group adds up (indices into group.m). */
enum {
	M_ENTERED,                              /* + enum lc_stage: entered the stage in P */
	M_MQL_TO_SQL = M_ENTERED + STAGE_COUNT, /* MQL cohort members that entered SQL after */
	M_SQL_WON,                              /* SQL cohort members now won */
	M_SQL_LOST,                             /* ... now lost */
	M_SQL_OPEN,                             /* ... still in sql */
	M_COHORT,                               /* MQL cohort members */
	M_TOUCH,                                /* + enum report_touch */
	M_STATE = M_TOUCH + 4,                  /* + enum report_state */
	M_LEAKED = M_STATE + RS_COUNT,          /* leaked cohort members */
	M_WASTED,                               /* sum of the cost per lead of the leaked ones (cents) */
	M_WASTED_TERMS,                         /* leaked members counted in spend wasted */
	M_WASTED_DEFINED,                       /* ... whose channel has a cost per lead */
	M_PAIRS,                                /* + kind: velocity pairs */
	M_SPEND = M_PAIRS + 2,                  /* spend in P (cents) */
	M_LEADS,                                /* leads created in P */
	M_REVENUE,                              /* won amounts in P (cents) */
	M_COUNT
};

/* Durations of one kind, for percentiles. */
struct durs {
	int64_t *v; /* values; sorted before printing */
	size_t n;   /* used */
	size_t cap; /* allocated */
};

/* Leak: members per (state, reason). */
struct rcount {
	int state;    /* enum report_state */
	char *reason; /* NULL = none given; owned */
	double n;     /* members */
};

struct group {
	char *key;         /* the group's key; NULL = no value ("(none)"); owned */
	int has_key;       /* 0 for the total */
	double m[M_COUNT]; /* the measures */
	int spend_known;   /* cac: spend can be split by this grouping */
	struct durs d[2];  /* response: [0]; velocity: [kind] */
	struct rcount *rc; /* leak reasons; owned */
	size_t nrc;        /* used */
};

/* Groups in first-seen order with a hash index, plus the total. */
struct groups {
	struct group *g;    /* the groups; owned */
	size_t n, cap;      /* used, allocated */
	size_t *slots;      /* open addressing: index + 1, 0 = empty; owned */
	size_t nslots;      /* a power of two, at least 2n */
	size_t none;        /* index + 1 of the NULL-key group, 0 = none yet */
	struct group total; /* every row */
};

enum kind {
	K_COUNT, /* integer count */
	K_RATIO, /* fraction: 4 decimals; a percentage in tables */
	K_MONEY, /* cents, printed as a decimal with 2 places */
	K_DUR,   /* seconds; human in tables */
	K_DEC,   /* decimal with 2 places */
	K_MULT   /* a multiple (LTV:CAC), 2 decimals */
};

struct rep;
struct col;
typedef int (*col_fn)(struct rep *r, struct group *g, const struct col *c, double *out);

struct col {
	const char *name;   /* header and JSON key */
	enum kind kind;     /* formatting */
	col_fn val;         /* 1 and *out = the value, or 0 = empty (null) */
	int a, b;           /* arguments of val */
	int bar;            /* vertical table: gets a bar */
	const char *parent; /* JSON: nested in this object ... */
	const char *key;    /* ... under this key */
	char *owned;        /* a name built at run time (freed) */
};

#define MAX_COLS 96

struct rep {
	const char *name; /* "funnel" */
	struct lc_ctx *ctx;
	enum by by;
	struct report_period p;
	char since[11], until[11]; /* P's local dates */
	const char *tz;            /* P's time zone */
	struct report_sla sla;
	struct groups G;    /* the report's groups */
	struct groups chan; /* leak: spend and leads per channel */
	struct col cols[MAX_COLS];
	size_t ncols;
	int main_col;                                          /* the column that gets a bar per group */
	int (*hook)(void *arg, const struct report_cohort *c); /* report_request.on_cohort */
	void *hook_arg;
	lc_time upto;         /* rows are read from P up to here: min(P's end, now + 1) */
	struct lc_sla **slas; /* parsed SLA versions by version - 1 (business hours); owned */
	size_t nslas;         /* entries in slas */
};

/* ---- groups --------------------------------------------------------------- */

/* FNV-1a of a string. */
static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Rebuild the hash index with room for at least twice the groups. */
static int groups_rehash(struct groups *G)
{
	size_t n = G->nslots ? G->nslots * 2 : 64, i;
	size_t *s = calloc(n, sizeof *s);

	if (!s)
		return -1;
	for (i = 0; i < G->n; i++) {
		size_t h;
		if (!G->g[i].key)
			continue;
		for (h = hash_str(G->g[i].key) & (n - 1); s[h]; h = (h + 1) & (n - 1))
			;
		s[h] = i + 1;
	}
	free(G->slots);
	G->slots = s;
	G->nslots = n;
	return 0;
}

/* The group of key (NULL = the no-value group), created when new.  NULL
 * when out of memory. */
static struct group *group_get(struct groups *G, const char *key, int spend_known)
{
	size_t h = 0, idx;
	struct group *g;

	if (!key && G->none)
		return &G->g[G->none - 1];
	if (key) {
		if (2 * (G->n + 1) > G->nslots && groups_rehash(G) != 0)
			return NULL;
		for (h = hash_str(key) & (G->nslots - 1); G->slots[h]; h = (h + 1) & (G->nslots - 1))
			if (strcmp(G->g[G->slots[h] - 1].key, key) == 0)
				return &G->g[G->slots[h] - 1];
	}
	if (G->n == G->cap) {
		size_t ncap = G->cap ? G->cap * 2 : 16;
		struct group *ng = realloc(G->g, ncap * sizeof *ng);
		if (!ng)
			return NULL;
		G->g = ng;
		G->cap = ncap;
	}
	idx = G->n;
	g = &G->g[idx];
	memset(g, 0, sizeof *g);
	g->has_key = 1;
	g->spend_known = spend_known;
	if (key && !(g->key = strdup(key)))
		return NULL;
	G->n++;
	if (key)
		G->slots[h] = idx + 1;
	else
		G->none = idx + 1;
	return g;
}

/* Free a group's contents. */
static void group_clear(struct group *g)
{
	size_t i;

	free(g->key);
	free(g->d[0].v);
	free(g->d[1].v);
	for (i = 0; i < g->nrc; i++)
		free(g->rc[i].reason);
	free(g->rc);
}

/* Free every group and the index. */
static void groups_clear(struct groups *G)
{
	size_t i;

	for (i = 0; i < G->n; i++)
		group_clear(&G->g[i]);
	group_clear(&G->total);
	free(G->g);
	free(G->slots);
	memset(G, 0, sizeof *G);
}

/* Append a duration.  0 or -1 (out of memory). */
static int durs_add(struct durs *d, int64_t v)
{
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		int64_t *nv = realloc(d->v, ncap * sizeof *nv);
		if (!nv)
			return -1;
		d->v = nv;
		d->cap = ncap;
	}
	d->v[d->n++] = v;
	return 0;
}

/* Count one member in (state, reason).  0 or -1 (out of memory). */
static int rcount_add(struct group *g, int state, const char *reason)
{
	size_t i;
	struct rcount *n;

	for (i = 0; i < g->nrc; i++)
		if (g->rc[i].state == state &&
		    (g->rc[i].reason == reason ||
		     (g->rc[i].reason && reason && strcmp(g->rc[i].reason, reason) == 0))) {
			g->rc[i].n++;
			return 0;
		}
	n = realloc(g->rc, (g->nrc + 1) * sizeof *n);
	if (!n)
		return -1;
	g->rc = n;
	g->rc[g->nrc].state = state;
	g->rc[g->nrc].reason = reason ? strdup(reason) : NULL;
	g->rc[g->nrc].n = 1;
	if (reason && !g->rc[g->nrc].reason)
		return -1;
	g->nrc++;
	return 0;
}

/* The key of a row under the report's grouping. */
static const char *key_of(const struct rep *r, const struct report_keys *k)
{
	switch (r->by) {
	case BY_SOURCE: return k->source;
	case BY_CAMPAIGN: return k->campaign;
	case BY_OWNER: return k->owner;
	case BY_WEEK: return k->week;
	case BY_MONTH: return k->month;
	default: return NULL;
	}
}

/* The row's group (none when there is no --by) and the total: up to two
 * groups in out[], their number returned; -1 when out of memory. */
static int targets(struct rep *r, const struct report_keys *k, struct group *out[2])
{
	int n = 0;

	if (r->by != BY_NONE) {
		if (!(out[n] = group_get(&r->G, key_of(r, k), r->by != BY_OWNER)))
			return -1;
		n++;
	}
	out[n++] = &r->G.total;
	return n;
}

/* --by week|month: a group for every week or month of P, in order, before
 * any row is read, so that a period without entries has its row (zeros,
 * empty ratios, its own commitment) and the rows add up to the total.
 * 0, or 70 when out of memory. */
static int groups_of_periods(struct rep *r)
{
	struct report_date d = r->p.since, next;
	char key[16];

	if (r->by != BY_WEEK && r->by != BY_MONTH)
		return 0;
	for (; report_date_cmp(d, r->p.until) < 0; d = next) {
		report_period_key(d, r->by == BY_MONTH, key, sizeof key, &next);
		if (!group_get(&r->G, key, 1))
			return diag_error(LC_SOFTWARE, "out of memory");
	}
	return 0;
}

/* ---- the reports' rows ---------------------------------------------------- */

/* Funnel and cac: an entry into a stage. */
static int on_entry(void *arg, const struct report_entry *e)
{
	struct rep *r = arg;
	struct group *g[2];
	int n = targets(r, &e->k, g), i;

	if (n < 0 || e->stage < 0)
		return n < 0 ? diag_error(LC_SOFTWARE, "out of memory") : 0;
	for (i = 0; i < n; i++) {
		g[i]->m[M_ENTERED + e->stage]++;
		if (e->stage == STAGE_SQL) {
			if (e->current == STAGE_WON)
				g[i]->m[M_SQL_WON]++;
			else if (e->current == STAGE_LOST)
				g[i]->m[M_SQL_LOST]++;
			else if (e->current == STAGE_SQL)
				g[i]->m[M_SQL_OPEN]++;
		}
		if (e->stage == STAGE_WON && e->has_amount)
			g[i]->m[M_REVENUE] += (double)e->amount_cents;
	}
	return 0;
}

/* Leak: the cost per lead of a channel in P (spend / leads created), or -1
 * when no lead of the channel was created in P. */
static double channel_cpl(struct rep *r, const char *channel)
{
	struct group *c = group_get(&r->chan, channel, 1);

	if (!c || c->m[M_LEADS] == 0)
		return -1;
	return c->m[M_SPEND] / c->m[M_LEADS];
}

/* SLA version v, parsed once per report (for its business hours), or NULL
 * with *rc set when it cannot be read. */
static const struct lc_sla *rep_sla(struct rep *r, int v, int *rc)
{
	struct lc_problems probs;
	char *json = NULL, *name = NULL, *sha = NULL, *by = NULL;
	lc_time at;

	*rc = 0;
	if (v <= 0)
		return NULL;
	if ((size_t)v > r->nslas) {
		struct lc_sla **n = realloc(r->slas, (size_t)v * sizeof *n);
		if (!n) {
			*rc = diag_error(LC_SOFTWARE, "out of memory");
			return NULL;
		}
		memset(n + r->nslas, 0, ((size_t)v - r->nslas) * sizeof *n);
		r->slas = n;
		r->nslas = (size_t)v;
	}
	if (r->slas[v - 1])
		return r->slas[v - 1];
	*rc = store_sla_version(r->ctx->db, v, &json, &name, &sha, &at, &by);
	free(name);
	free(sha);
	free(by);
	if (*rc)
		return NULL;
	problems_init(&probs);
	if (sla_load(json, strlen(json), "installed SLA", &r->slas[v - 1], &probs) != 0)
		*rc = diag_error(LC_CONFIG, "SLA version %d no longer loads: %s", v,
		                 probs.n ? probs.items[0].text : "unknown problem");
	problems_clear(&probs);
	free(json);
	return r->slas[v - 1];
}

/* Judge in business time what the views judge in calendar time (SQL cannot
 * count business hours): a member's time to first touch when its response
 * rule counts business time (*biz, -1 when not), and "stalled" when the
 * stale rule of its stage in the SLA in force is a business one (as `next`
 * and `sla check` judge it).  c is updated in place.  0 or an exit status. */
static int judge_business(struct rep *r, struct report_cohort *c, int64_t *biz)
{
	const struct lc_sla *sla;
	const struct lc_span *stale;
	lc_time due;
	int rc;

	*biz = -1;
	if (c->has_response && c->business && c->sla_version) {
		if (!(sla = rep_sla(r, c->sla_version, &rc)))
			return rc;
		*biz = biz_between(&sla->cal, c->mql_at, c->first_touch_at, 1);
	}
	if ((c->state == RS_OPEN_STALLED || c->state == RS_OPEN_ON_TRACK) && c->stale_business &&
	    c->current >= 0 && c->current < STAGE_COUNT) {
		if (!(sla = rep_sla(r, r->sla.version, &rc)))
			return rc;
		stale = &sla->stale[c->current];
		if (stale->business && stale->seconds > 0) {
			if ((rc = engine_span_add(sla, c->activity_at, stale, &due)))
				return rc;
			c->state = due < r->ctx->now ? RS_OPEN_STALLED : RS_OPEN_ON_TRACK;
		}
	}
	return 0;
}

/* Funnel, response and leak: a member of the MQL cohort. */
static int on_cohort(void *arg, const struct report_cohort *row)
{
	struct rep *r = arg;
	struct group *g[2];
	struct report_cohort judged = *row, *c = &judged;
	int n = targets(r, &c->k, g), i, rc;
	double cpl = c->leaked ? channel_cpl(r, c->k.source) : 0;
	int64_t biz;

	if (n < 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	if ((rc = judge_business(r, c, &biz)))
		return rc;
	if (r->hook && (rc = r->hook(r->hook_arg, c)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		g[i]->m[M_COHORT]++;
		g[i]->m[M_TOUCH + c->touch]++;
		g[i]->m[M_STATE + c->state]++;
		if (c->entered_sql)
			g[i]->m[M_MQL_TO_SQL]++;
		if (c->has_response && durs_add(&g[i]->d[0], c->response_s) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
		if (biz >= 0 && durs_add(&g[i]->d[1], biz) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
		if ((c->state == RS_LOST || c->state == RS_DISQUALIFIED || c->state == RS_RECYCLED) &&
		    rcount_add(g[i], c->state, c->reason) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
		if (c->leaked) {
			g[i]->m[M_LEAKED]++;
			g[i]->m[M_WASTED_TERMS]++;
			if (cpl >= 0) {
				g[i]->m[M_WASTED] += cpl;
				g[i]->m[M_WASTED_DEFINED]++;
			}
		}
	}
	return 0;
}

/* Velocity: a completed transition. */
static int on_pair(void *arg, const struct report_pair *p)
{
	struct rep *r = arg;
	struct group *g[2];
	int n = targets(r, &p->k, g), i;

	if (n < 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++) {
		g[i]->m[M_PAIRS + p->kind]++;
		if (durs_add(&g[i]->d[p->kind], p->seconds) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
	}
	return 0;
}

/* Cac: spend of a channel/campaign/day; owners have no spend of their own. */
static int on_spend(void *arg, const struct report_spend *s)
{
	struct rep *r = arg;
	struct group *g[2];
	int n, i;

	if (r->by == BY_OWNER) {
		r->G.total.m[M_SPEND] += s->cents;
		return 0;
	}
	if ((n = targets(r, &s->k, g)) < 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++)
		g[i]->m[M_SPEND] += s->cents;
	return 0;
}

/* Cac: a lead created in P. */
static int on_lead(void *arg, const struct report_lead *l)
{
	struct rep *r = arg;
	struct group *g[2];
	int n = targets(r, &l->k, g), i;

	if (n < 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++)
		g[i]->m[M_LEADS]++;
	return 0;
}

/* Leak: spend per channel, for the cost per lead. */
static int on_chan_spend(void *arg, const struct report_spend *s)
{
	struct rep *r = arg;
	struct group *g = group_get(&r->chan, s->k.source, 1);

	if (!g)
		return diag_error(LC_SOFTWARE, "out of memory");
	g->m[M_SPEND] += s->cents;
	return 0;
}

/* Leak: leads created per channel, for the cost per lead. */
static int on_chan_lead(void *arg, const struct report_lead *l)
{
	struct rep *r = arg;
	struct group *g = group_get(&r->chan, l->k.source, 1);

	if (!g)
		return diag_error(LC_SOFTWARE, "out of memory");
	g->m[M_LEADS]++;
	return 0;
}

/* ---- column values -------------------------------------------------------- */

/* m[a]. */
static int v_m(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	*out = g->m[c->a];
	return 1;
}

/* m[a] / m[b]; empty when m[b] is 0. */
static int v_ratio(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	if (g->m[c->b] == 0)
		return 0;
	*out = g->m[c->a] / g->m[c->b];
	return 1;
}

/* won / (won + lost) over the entries into won or lost in P. */
static int v_win_rate(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double won = g->m[M_ENTERED + STAGE_WON], lost = g->m[M_ENTERED + STAGE_LOST];

	(void)r;
	(void)c;
	if (won + lost == 0)
		return 0;
	*out = won / (won + lost);
	return 1;
}

/* Cohort members touched at all. */
static int v_touched(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	(void)c;
	*out = g->m[M_COHORT] - g->m[M_TOUCH + RT_NEVER];
	return 1;
}

/* Sort the durations of kind k once. */
static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The b-th percentile of durations a; empty when there are none. */
static int v_pct(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	if (g->d[c->a].n == 0)
		return 0;
	qsort(g->d[c->a].v, g->d[c->a].n, sizeof *g->d[c->a].v, cmp_i64);
	*out = (double)report_percentile(g->d[c->a].v, g->d[c->a].n, c->b);
	return 1;
}

/* The dates of a group (its week or month intersected with P), or P for
 * the total.  0 when the group has no dates (source, campaign, owner). */
static int group_dates(struct rep *r, struct group *g, struct report_date *since, struct report_date *until)
{
	*since = r->p.since;
	*until = r->p.until;
	if (!g->has_key)
		return 1;
	if ((r->by != BY_WEEK && r->by != BY_MONTH) || !g->key || report_key_range(g->key, since, until) != 0)
		return 0;
	if (report_date_cmp(*since, r->p.since) < 0)
		*since = r->p.since;
	if (report_date_cmp(*until, r->p.until) > 0)
		*until = r->p.until;
	return 1;
}

/* The MQL commitment of the group's days. */
static int v_commitment(struct rep *r, struct group *g, const struct col *c, double *out)
{
	struct report_date a, b;
	int have;

	(void)c;
	if (!group_dates(r, g, &a, &b))
		return 0;
	*out = report_commitment_between(r->sla.commitments, r->sla.ncommitments, a, b, r->tz, &have);
	return have;
}

/* MQLs / commitment. */
static int v_attainment(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double commit;

	if (!v_commitment(r, g, c, &commit) || commit == 0)
		return 0;
	*out = g->m[M_ENTERED + STAGE_MQL] / commit;
	return 1;
}

/* Leak: members of (state a, reason key). */
static int v_reason(struct rep *r, struct group *g, const struct col *c, double *out)
{
	size_t i;

	(void)r;
	*out = 0;
	for (i = 0; i < g->nrc; i++)
		if (g->rc[i].state == c->a &&
		    (c->b ? g->rc[i].reason == NULL
		          : g->rc[i].reason && strcmp(g->rc[i].reason, c->key) == 0))
			*out = g->rc[i].n;
	return 1;
}

/* Leak: spend wasted; empty when leaked leads exist but none of their
 * channels has a cost per lead. */
static int v_wasted(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	(void)c;
	if (g->m[M_WASTED_TERMS] > 0 && g->m[M_WASTED_DEFINED] == 0)
		return 0;
	*out = g->m[M_WASTED];
	return 1;
}

/* Cac: spend, empty when it cannot be split by the grouping (owner). */
static int v_spend(struct rep *r, struct group *g, const struct col *c, double *out)
{
	(void)r;
	(void)c;
	if (!g->spend_known && g->has_key)
		return 0;
	*out = g->m[M_SPEND];
	return 1;
}

/* Cac: spend / m[b]. */
static int v_cost(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double spend;

	if (!v_spend(r, g, c, &spend) || g->m[c->b] == 0)
		return 0;
	*out = spend / g->m[c->b];
	return 1;
}

/* Cac: (revenue - spend) / spend. */
static int v_roi(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double spend;

	if (!v_spend(r, g, c, &spend) || spend == 0)
		return 0;
	*out = (g->m[M_REVENUE] - spend) / spend;
	return 1;
}

/* Cac: LTV = average won amount x gross margin x lifetime years. */
static int v_ltv(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double wins = g->m[M_ENTERED + STAGE_WON];

	(void)c;
	if (wins == 0)
		return 0;
	*out = g->m[M_REVENUE] / wins * r->sla.gross_margin * r->sla.lifetime_years;
	return 1;
}

/* Cac: LTV / CAC. */
static int v_ltv_cac(struct rep *r, struct group *g, const struct col *c, double *out)
{
	double ltv, cac;

	if (!v_ltv(r, g, c, &ltv) || !v_cost(r, g, &(struct col){ .b = M_ENTERED + STAGE_WON }, &cac) ||
	    cac == 0)
		return 0;
	*out = ltv / cac;
	return 1;
}

/* ---- columns of each report ----------------------------------------------- */

/* Append a column; returns it (never fails: MAX_COLS bounds the static
 * ones, reasons are capped by the caller). */
static struct col *add_col(struct rep *r, const char *name, enum kind kind, col_fn val, int a, int b)
{
	struct col *c = &r->cols[r->ncols++];

	memset(c, 0, sizeof *c);
	c->name = name;
	c->kind = kind;
	c->val = val;
	c->a = a;
	c->b = b;
	return c;
}

/* Funnel: stage entries, cohort conversions, win rate, commitment. */
static void cols_funnel(struct rep *r)
{
	static const char *const names[STAGE_COUNT] = { "new",  "mql",     "sql",         "won",
		                                        "lost", "nurture", "disqualified" };
	int s, have = 0;

	for (s = 0; s < STAGE_COUNT; s++)
		add_col(r, names[s], K_COUNT, v_m, M_ENTERED + s, 0)->bar = 1;
	r->main_col = 1;
	add_col(r, "mql_to_sql", K_COUNT, v_m, M_MQL_TO_SQL, 0);
	add_col(r, "mql_to_sql_rate", K_RATIO, v_ratio, M_MQL_TO_SQL, M_ENTERED + STAGE_MQL);
	add_col(r, "sql_won", K_COUNT, v_m, M_SQL_WON, 0);
	add_col(r, "sql_lost", K_COUNT, v_m, M_SQL_LOST, 0);
	add_col(r, "sql_open", K_COUNT, v_m, M_SQL_OPEN, 0);
	add_col(r, "sql_won_rate", K_RATIO, v_ratio, M_SQL_WON, M_ENTERED + STAGE_SQL);
	add_col(r, "sql_lost_rate", K_RATIO, v_ratio, M_SQL_LOST, M_ENTERED + STAGE_SQL);
	add_col(r, "sql_open_rate", K_RATIO, v_ratio, M_SQL_OPEN, M_ENTERED + STAGE_SQL);
	add_col(r, "win_rate", K_RATIO, v_win_rate, 0, 0);
	report_commitment_between(r->sla.commitments, r->sla.ncommitments, r->p.since, r->p.until, r->tz,
	                          &have);
	if (have) {
		add_col(r, "mql_commitment", K_DEC, v_commitment, 0, 0);
		add_col(r, "mql_attainment", K_RATIO, v_attainment, 0, 0);
	}
}

/* Response: hygiene of the MQL cohort and the time to the first touch. */
static void cols_response(struct rep *r)
{
	add_col(r, "cohort", K_COUNT, v_m, M_COHORT, 0)->bar = 1;
	r->main_col = 0;
	add_col(r, "touched", K_COUNT, v_touched, 0, 0)->bar = 1;
	add_col(r, "in_time", K_COUNT, v_m, M_TOUCH + RT_IN_TIME, 0)->bar = 1;
	add_col(r, "late", K_COUNT, v_m, M_TOUCH + RT_LATE, 0)->bar = 1;
	add_col(r, "no_deadline", K_COUNT, v_m, M_TOUCH + RT_NO_DEADLINE, 0)->bar = 1;
	add_col(r, "never_touched", K_COUNT, v_m, M_TOUCH + RT_NEVER, 0)->bar = 1;
	add_col(r, "in_time_rate", K_RATIO, v_ratio, M_TOUCH + RT_IN_TIME, M_COHORT);
	add_col(r, "late_rate", K_RATIO, v_ratio, M_TOUCH + RT_LATE, M_COHORT);
	add_col(r, "never_touched_rate", K_RATIO, v_ratio, M_TOUCH + RT_NEVER, M_COHORT);
	add_col(r, "response_median", K_DUR, v_pct, 0, 50);
	add_col(r, "response_p90", K_DUR, v_pct, 0, 90);
	add_col(r, "response_business_median", K_DUR, v_pct, 1, 50);
	add_col(r, "response_business_p90", K_DUR, v_pct, 1, 90);
}

/* Velocity: MQL to SQL and SQL to close. */
static void cols_velocity(struct rep *r)
{
	add_col(r, "mql_to_sql", K_COUNT, v_m, M_PAIRS + 0, 0)->bar = 1;
	r->main_col = 0;
	add_col(r, "mql_to_sql_median", K_DUR, v_pct, 0, 50);
	add_col(r, "mql_to_sql_p90", K_DUR, v_pct, 0, 90);
	add_col(r, "sql_to_close", K_COUNT, v_m, M_PAIRS + 1, 0)->bar = 1;
	add_col(r, "sql_to_close_median", K_DUR, v_pct, 1, 50);
	add_col(r, "sql_to_close_p90", K_DUR, v_pct, 1, 90);
}

/* Sort (state, reason) pairs: reason NULL last. */
static int cmp_rcount(const void *a, const void *b)
{
	const struct rcount *x = a, *y = b;

	if (x->state != y->state)
		return x->state - y->state;
	if (!x->reason || !y->reason)
		return !x->reason - !y->reason;
	return strcmp(x->reason, y->reason);
}

/* Leak: states (with a column per reason), hygiene, leaked, spend wasted. */
static int cols_leak(struct rep *r)
{
	static const char *const state_names[RS_COUNT] = {
		"won",          "lost",         "disqualified",  "recycled",
		"open_overdue", "open_stalled", "open_on_track", "other",
	};
	static const char *const parents[RS_COUNT] = {
		NULL, "lost_by_reason", "disqualified_by_reason", "recycled_by_reason", NULL, NULL, NULL,
		NULL,
	};
	struct group *t = &r->G.total;
	int s;
	size_t i;

	if (t->nrc)
		qsort(t->rc, t->nrc, sizeof *t->rc, cmp_rcount);
	add_col(r, "cohort", K_COUNT, v_m, M_COHORT, 0)->bar = 1;
	r->main_col = 0;
	for (s = 0; s < RS_COUNT; s++) {
		if (s == RS_OTHER && t->m[M_STATE + RS_OTHER] == 0)
			continue;
		add_col(r, state_names[s], K_COUNT, v_m, M_STATE + s, 0)->bar = 1;
		for (i = 0; i < t->nrc; i++) {
			struct col *c;
			char *name;
			const char *reason = t->rc[i].reason ? t->rc[i].reason : "(none)";
			if (t->rc[i].state != s)
				continue;
			if (r->ncols + 16 >= MAX_COLS)
				return diag_error(LC_SOFTWARE, "too many reasons to show (at most %d)",
				                  MAX_COLS - 32);
			if (!(name = malloc(strlen(state_names[s]) + strlen(reason) + 2)))
				return diag_error(LC_SOFTWARE, "out of memory");
			sprintf(name, "%s:%s", state_names[s], reason);
			c = add_col(r, name, K_COUNT, v_reason, s, t->rc[i].reason == NULL);
			c->owned = name;
			c->parent = parents[s];
			c->key = name + strlen(state_names[s]) + 1;
		}
	}
	add_col(r, "never_touched", K_COUNT, v_m, M_TOUCH + RT_NEVER, 0);
	add_col(r, "touched_late", K_COUNT, v_m, M_TOUCH + RT_LATE, 0);
	add_col(r, "touched_in_time", K_COUNT, v_m, M_TOUCH + RT_IN_TIME, 0);
	add_col(r, "touched_no_deadline", K_COUNT, v_m, M_TOUCH + RT_NO_DEADLINE, 0);
	add_col(r, "leaked", K_COUNT, v_m, M_LEAKED, 0);
	add_col(r, "leaked_rate", K_RATIO, v_ratio, M_LEAKED, M_COHORT);
	add_col(r, "spend_wasted", K_MONEY, v_wasted, 0, 0);
	return 0;
}

/* Cac: spend, volumes, costs, revenue, ROI, LTV. */
static void cols_cac(struct rep *r)
{
	add_col(r, "spend", K_MONEY, v_spend, 0, 0);
	r->main_col = 0;
	add_col(r, "leads", K_COUNT, v_m, M_LEADS, 0);
	add_col(r, "mqls", K_COUNT, v_m, M_ENTERED + STAGE_MQL, 0);
	add_col(r, "sqls", K_COUNT, v_m, M_ENTERED + STAGE_SQL, 0);
	add_col(r, "wins", K_COUNT, v_m, M_ENTERED + STAGE_WON, 0);
	add_col(r, "cost_per_lead", K_MONEY, v_cost, 0, M_LEADS);
	add_col(r, "cost_per_mql", K_MONEY, v_cost, 0, M_ENTERED + STAGE_MQL);
	add_col(r, "cost_per_sql", K_MONEY, v_cost, 0, M_ENTERED + STAGE_SQL);
	add_col(r, "cac", K_MONEY, v_cost, 0, M_ENTERED + STAGE_WON);
	add_col(r, "revenue", K_MONEY, v_m, M_REVENUE, 0);
	add_col(r, "roi", K_RATIO, v_roi, 0, 0);
	if (r->sla.has_economics) {
		add_col(r, "ltv", K_MONEY, v_ltv, 0, 0);
		add_col(r, "ltv_cac", K_MULT, v_ltv_cac, 0, 0);
	}
}

/* ---- output --------------------------------------------------------------- */

/* Format value v of kind k for fmt into buf. */
static void format_cell(enum kind k, double v, enum out_format fmt, char *buf, size_t n)
{
	switch (k) {
	case K_COUNT: snprintf(buf, n, "%.0f", v); break;
	case K_RATIO:
		if (fmt == OUT_TABLE) {
			report_format_fixed(v * 100, 1, buf, n - 1);
			strcat(buf, "%");
		} else {
			report_format_fixed(v, 4, buf, n);
		}
		break;
	case K_MONEY: report_format_money(v, buf, n); break;
	case K_DUR:
		if (fmt == OUT_TABLE)
			duration_format((int64_t)v, buf, n);
		else
			snprintf(buf, n, "%lld", (long long)v);
		break;
	case K_DEC:
	case K_MULT: report_format_fixed(v, 2, buf, n); break;
	}
}

/* Groups sorted by key, the no-value group last. */
static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

/* The JSON object of one group: "group" (rows only), then every column. */
static cJSON *group_json(struct rep *r, struct group *g)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	if (!o)
		return NULL;
	if (g->has_key)
		cJSON_AddItemToObject(o, "group", g->key ? cJSON_CreateString(g->key) : cJSON_CreateNull());
	for (i = 0; i < r->ncols; i++) {
		const struct col *c = &r->cols[i];
		cJSON *dest = o, *v;
		double x;
		char buf[64];
		if (c->parent) {
			dest = cJSON_GetObjectItemCaseSensitive(o, c->parent);
			if (!dest)
				dest = cJSON_AddObjectToObject(o, c->parent);
		}
		if (c->val(r, g, c, &x)) {
			format_cell(c->kind, x, OUT_JSON, buf, sizeof buf);
			v = cJSON_CreateRaw(buf);
		} else {
			v = cJSON_CreateNull();
		}
		cJSON_AddItemToObject(dest, c->parent ? c->key : c->name, v);
	}
	return o;
}

/* The whole report as one JSON object. */
static int print_json(struct rep *r)
{
	cJSON *root = cJSON_CreateObject(), *p, *rows, *sla;
	char from[32], to[32], now[32];
	size_t i;
	int rc;

	if (!root)
		return diag_error(LC_SOFTWARE, "out of memory");
	clock_format_utc(r->p.from, from, sizeof from);
	clock_format_utc(r->p.to, to, sizeof to);
	clock_format_utc(r->ctx->now, now, sizeof now);
	cJSON_AddStringToObject(root, "report", r->name);
	p = cJSON_AddObjectToObject(root, "period");
	cJSON_AddStringToObject(p, "since", r->since);
	cJSON_AddStringToObject(p, "until", r->until);
	cJSON_AddStringToObject(p, "from", from);
	cJSON_AddStringToObject(p, "to", to);
	cJSON_AddStringToObject(p, "time_zone", r->tz);
	if (r->p.label[0])
		cJSON_AddStringToObject(p, "label", r->p.label);
	else
		cJSON_AddNullToObject(p, "label");
	cJSON_AddStringToObject(root, "now", now);
	if (r->by != BY_NONE)
		cJSON_AddStringToObject(root, "by", by_names[r->by]);
	else
		cJSON_AddNullToObject(root, "by");
	if (r->sla.version) {
		sla = cJSON_AddObjectToObject(root, "sla");
		cJSON_AddNumberToObject(sla, "version", r->sla.version);
		if (r->sla.name)
			cJSON_AddStringToObject(sla, "name", r->sla.name);
		else
			cJSON_AddNullToObject(sla, "name");
	} else {
		cJSON_AddNullToObject(root, "sla");
	}
	rows = cJSON_AddArrayToObject(root, "rows");
	for (i = 0; i < r->G.n; i++)
		cJSON_AddItemToArray(rows, group_json(r, &r->G.g[i]));
	cJSON_AddItemToObject(root, "total", group_json(r, &r->G.total));
	rc = out_json(stdout, root);
	cJSON_Delete(root);
	return rc == 0 ? 0 : diag_error(LC_IOERR, "cannot write the report");
}

/* The header of a table: P in local dates and UTC instants, the SLA. */
static void print_header(struct rep *r)
{
	char from[32], to[32], line[512], *eq;
	size_t width = out_term_width();

	clock_format_utc(r->p.from, from, sizeof from);
	clock_format_utc(r->p.to, to, sizeof to);
	snprintf(line, sizeof line, "%s report%s%s: [%s, %s) %s = [%s, %s)%s%s", r->name,
	         r->p.label[0] ? " " : "", r->p.label, r->since, r->until, r->tz, from, to,
	         r->by != BY_NONE ? ", by " : "", r->by != BY_NONE ? by_names[r->by] : "");
	/* Too wide for the terminal: the UTC instants on a line of their own. */
	if (width && out_display_width(line) > width && (eq = strstr(line, " = ["))) {
		*eq = '\0';
		printf("%s\n  %s\n", line, eq + 1);
	} else {
		printf("%s\n", line);
	}
	if (r->sla.version)
		printf("SLA in force: version %d%s%s%s\n\n", r->sla.version, r->sla.name ? " (" : "",
		       r->sla.name ? r->sla.name : "", r->sla.name ? ")" : "");
	else
		printf("SLA in force: none\n\n");
}

/* Without --by, on a table: one line per measure, bars on the counts. */
static int print_vertical(struct rep *r, int bars)
{
	static const struct out_col vcols[] = { { "measure", OT_STR }, { "value", OT_NUM }, { "", OT_STR } };
	struct out *o = out_begin(stdout, OUT_TABLE, vcols, bars ? 3 : 2);
	double max = 0, x;
	size_t i;

	if (!o)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < r->ncols; i++)
		if (r->cols[i].bar && r->cols[i].val(r, &r->G.total, &r->cols[i], &x) && x > max)
			max = x;
	for (i = 0; i < r->ncols; i++) {
		const struct col *c = &r->cols[i];
		char val[64] = "", bar[128] = "";
		int has = c->val(r, &r->G.total, c, &x);
		if (has)
			format_cell(c->kind, x, OUT_TABLE, val, sizeof val);
		if (has && c->bar && max > 0)
			report_bar(x / max, 20, bar, sizeof bar);
		if (out_row(o, (const char *const[]){ c->name, val, bar }) != 0) {
			out_end(o);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
	}
	return out_end(o) == 0 ? 0 : diag_error(LC_IOERR, "cannot write the report");
}

/* One row per group and the total: table (bars on a terminal), TSV, CSV. */
static int print_rows(struct rep *r, enum out_format fmt, int bars)
{
	struct out_col cols[MAX_COLS + 2];
	const char *cells[MAX_COLS + 2];
	char buf[MAX_COLS + 2][128];
	struct out *o;
	size_t i, j, nc = 0;
	double max = 0, x;
	int rc = 0;

	cols[nc].name = r->by != BY_NONE ? by_names[r->by] : "group";
	cols[nc++].type = OT_STR;
	for (i = 0; i < r->ncols; i++) {
		cols[nc].name = r->cols[i].name;
		cols[nc++].type = r->cols[i].kind == K_COUNT ? OT_INT : OT_NUM;
	}
	if (bars) {
		cols[nc].name = "";
		cols[nc++].type = OT_STR;
		for (i = 0; i < r->G.n; i++)
			if (r->cols[r->main_col].val(r, &r->G.g[i], &r->cols[r->main_col], &x) && x > max)
				max = x;
	}
	if (!(o = out_begin(stdout, fmt, cols, nc)))
		return diag_error(LC_SOFTWARE, "out of memory");
	for (j = 0; j <= r->G.n; j++) {
		struct group *g = j < r->G.n ? &r->G.g[j] : &r->G.total;
		cells[0] = !g->has_key ? "(all)" : g->key ? g->key : "(none)";
		for (i = 0; i < r->ncols; i++) {
			cells[i + 1] = NULL;
			if (r->cols[i].val(r, g, &r->cols[i], &x)) {
				format_cell(r->cols[i].kind, x, fmt, buf[i + 1], sizeof buf[i + 1]);
				cells[i + 1] = buf[i + 1];
			}
		}
		if (bars) {
			buf[nc - 1][0] = '\0';
			if (g->has_key && max > 0 &&
			    r->cols[r->main_col].val(r, g, &r->cols[r->main_col], &x))
				report_bar(x / max, 12, buf[nc - 1], sizeof buf[nc - 1]);
			cells[nc - 1] = buf[nc - 1];
		}
		if (out_row(o, cells) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			break;
		}
	}
	if (out_end(o) != 0 && rc == 0)
		rc = diag_error(LC_IOERR, "cannot write the report");
	return rc;
}

/* Print the report in the chosen format. */
static int print_report(struct rep *r)
{
	enum out_format fmt = out_resolve(r->ctx->format);
	int bars = fmt == OUT_TABLE && out_is_tty();

	if (fmt == OUT_JSON)
		return print_json(r);
	if (fmt == OUT_TABLE) {
		print_header(r);
		if (r->by == BY_NONE)
			return print_vertical(r, bars);
	}
	return print_rows(r, fmt, bars);
}

/* ---- the commands --------------------------------------------------------- */

enum which { R_FUNNEL, R_RESPONSE, R_VELOCITY, R_LEAK, R_CAC };

/* The time zone of the reports: the SLA's, else TZ, else UTC.  Exported as
 * TZ so that the views' 'localtime' keys use it too.  0 or 78. */
static int choose_zone(struct rep *r)
{
	const char *env = getenv("TZ");

	if (r->sla.timezone) {
		if (!clock_tz_valid(r->sla.timezone))
			return diag_error(LC_CONFIG,
			                  "SLA version %d: unknown time zone '%s': fix 'timezone' in the SLA",
			                  r->sla.version, r->sla.timezone);
		r->tz = r->sla.timezone;
	} else if (env && *env) {
		r->tz = env[0] == ':' ? env + 1 : env;
	} else {
		r->tz = "UTC";
	}
	if (setenv("TZ", r->tz, 1) != 0)
		return diag_error(LC_SOFTWARE, "cannot set the time zone '%s'", r->tz);
	tzset();
	return 0;
}

/* The report names, indexed by enum which. */
static const char *const which_names[] = { "funnel", "response", "velocity", "leak", "cac" };

/* Free a report and what it holds; NULL allowed. */
static void rep_free(struct rep *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ncols; i++)
		free(r->cols[i].owned);
	groups_clear(&r->G);
	groups_clear(&r->chan);
	report_sla_clear(&r->sla);
	for (i = 0; i < r->nslas; i++)
		sla_free(r->slas[i]);
	free(r->slas);
	free(r);
}

/* Resolve the grouping and the period of q, read the rows, add them up:
 * the one model of every report.  On success *out is the report (free
 * with rep_free), its groups sorted.  Returns 0 or an exit status. */
static int rep_compute(struct lc_ctx *ctx, const struct report_request *q, enum which which, struct rep **out)
{
	struct rep *r = calloc(1, sizeof *r);
	char err[256], since_day[16], until_day[16];
	const char *since = q->since, *until = q->until;
	int rc = 0;
	unsigned keys;

	*out = NULL;
	if (!r)
		return diag_error(LC_SOFTWARE, "out of memory");
	r->name = which_names[which];
	r->ctx = ctx;
	r->by = which == R_CAC ? BY_SOURCE : BY_NONE;
	r->G.total.spend_known = 1;
	r->hook = q->on_cohort;
	r->hook_arg = q->arg;
	if (q->by) {
		int k, found = 0;
		for (k = BY_SOURCE; k <= BY_MONTH; k++)
			if (strcmp(q->by, by_names[k]) == 0) {
				r->by = (enum by)k;
				found = 1;
			}
		if (!found) {
			rc = cli_usage_error(ctx->cmd,
			                     "--by '%s': use source, campaign, owner, week or month", q->by);
			goto fail;
		}
	}
	if ((rc = report_store_sla(ctx->db, &r->sla)))
		goto fail;
	if ((rc = choose_zone(r)))
		goto fail;
	/* --since/--until may be day words: today, yesterday, monday, 3d ago. */
	if (since && when_date(since, ctx->now, r->tz, since_day, sizeof since_day) == 0)
		since = since_day;
	if (until && when_date(until, ctx->now, r->tz, until_day, sizeof until_day) == 0)
		until = until_day;
	if (report_period_resolve(since, until, q->week, q->month, ctx->now, r->tz, &r->p, err, sizeof err) !=
	    0) {
		rc = cli_usage_error(ctx->cmd, "%s", err);
		goto fail;
	}
	report_date_format(r->p.since, r->since, sizeof r->since);
	report_date_format(r->p.until, r->until, sizeof r->until);
	if ((rc = groups_of_periods(r)))
		goto fail;
	/* "Now" means now: an entry, a creation or a close recorded after the
	 * report time (LEADCTL_NOW in the past) counts in no figure as of then,
	 * so the rows are read from P up to now only (the period shown stays
	 * P); a first touch or an entry into sql after now does not count
	 * either (store_report.c).  `to` is exclusive: now itself is in. */
	r->upto = ctx->now < r->p.to ? ctx->now + 1 : r->p.to;
	/* What the rows must carry (enum report_need): the keys of the
	 * grouping, and per report only the facts its columns show (each one
	 * costs index probes per row); everything for a caller's hook. */
	keys = r->by == BY_WEEK || r->by == BY_MONTH ? RN_LOCAL_KEYS : r->by != BY_NONE ? RN_LEAD_KEYS : 0;
	if (r->hook)
		keys |= RN_ALL;

	switch (which) {
	case R_FUNNEL:
		if (!(rc = report_store_entries(ctx->db, r->p.from, r->upto, ctx->now, ALL_STAGES,
		                                keys | RN_CURRENT, on_entry, r)))
			rc = report_store_cohort(ctx->db, r->p.from, r->upto, ctx->now, keys | RN_SQL,
			                         on_cohort, r);
		cols_funnel(r);
		break;
	case R_RESPONSE:
		rc = report_store_cohort(ctx->db, r->p.from, r->upto, ctx->now, keys | RN_TOUCH, on_cohort,
		                         r);
		cols_response(r);
		break;
	case R_VELOCITY:
		rc = report_store_velocity(ctx->db, r->p.from, r->upto, keys, on_pair, r);
		cols_velocity(r);
		break;
	case R_LEAK:
		/* the cost per lead of each member's channel: its source always */
		if (!(rc = report_store_spend(ctx->db, r->since, r->until, on_chan_spend, r)) &&
		    !(rc = report_store_leads(ctx->db, r->p.from, r->upto, keys, on_chan_lead, r)) &&
		    !(rc = report_store_cohort(ctx->db, r->p.from, r->upto, ctx->now,
		                               keys | RN_LEAD_KEYS | RN_TOUCH | RN_SQL | RN_STATE, on_cohort,
		                               r)))
			rc = cols_leak(r);
		break;
	case R_CAC:
		/* mqls, sqls and wins; the other stages only name groups (a lead
		 * entering one in P is a row of its source, campaign or owner) */
		if (!(rc = report_store_spend(ctx->db, r->since, r->until, on_spend, r)) &&
		    !(rc = report_store_leads(ctx->db, r->p.from, r->upto, keys, on_lead, r)))
			rc = report_store_entries(ctx->db, r->p.from, r->upto, ctx->now,
			                          (keys & RN_LEAD_KEYS) ? ALL_STAGES : CAC_STAGES, keys,
			                          on_entry, r);
		cols_cac(r);
		break;
	}
	if (rc)
		goto fail;
	if (r->G.n)
		qsort(r->G.g, r->G.n, sizeof *r->G.g, cmp_group);
	*out = r;
	return 0;
fail:
	rep_free(r);
	return rc;
}

/* Parse the options, compute, print.  The one body of every text report. */
static int run_report(struct lc_ctx *ctx, const struct lc_args *args, enum which which)
{
	struct report_request q = { 0 };
	struct rep *r;
	int rc;

	q.since = args_get(args, "since");
	q.until = args_get(args, "until");
	q.week = args_get(args, "week");
	q.month = args_get(args, "month");
	q.by = args_get(args, "by");
	if ((rc = rep_compute(ctx, &q, which, &r)))
		return rc;
	rc = print_report(r);
	rep_free(r);
	return rc;
}

/* ---- the model for other renderers (report_view.h) ------------------------ */

void report_table_free(struct report_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (i = 0; i < t->nrows; i++)
		free(t->keys[i]);
	free(t->cols);
	free(t->keys);
	free(t->cells);
	free(t);
}

int report_compute(struct lc_ctx *ctx, const char *name, const struct report_request *q,
                   struct report_table **out)
{
	struct report_table *t;
	struct rep *r;
	size_t i, j;
	int which = -1, rc, k;

	*out = NULL;
	for (k = 0; k < (int)(sizeof which_names / sizeof which_names[0]); k++)
		if (strcmp(name, which_names[k]) == 0)
			which = k;
	if (which < 0)
		return diag_error(LC_SOFTWARE, "no report named '%s'", name);
	if ((rc = rep_compute(ctx, q, (enum which)which, &r)))
		return rc;
	if (!(t = calloc(1, sizeof *t)) || !(t->cols = calloc(r->ncols + 1, sizeof *t->cols)) ||
	    !(t->keys = calloc(r->G.n + 1, sizeof *t->keys)) ||
	    !(t->cells = calloc((r->G.n + 1) * (r->ncols + 1), sizeof *t->cells)))
		goto oom;
	snprintf(t->name, sizeof t->name, "%s", r->name);
	snprintf(t->by, sizeof t->by, "%s", by_names[r->by]);
	snprintf(t->tz, sizeof t->tz, "%s", r->tz);
	t->p = r->p;
	t->sla_version = r->sla.version;
	for (i = 0; i < r->ncols; i++, t->ncols++)
		if (!(t->cols[i] = strdup(r->cols[i].name)))
			goto oom;
	for (j = 0; j < r->G.n; j++, t->nrows++)
		if (r->G.g[j].key && !(t->keys[j] = strdup(r->G.g[j].key)))
			goto oom;
	for (j = 0; j <= r->G.n; j++) {
		struct group *g = j < r->G.n ? &r->G.g[j] : &r->G.total;
		for (i = 0; i < r->ncols; i++) {
			struct report_cell *cell = &t->cells[j * t->ncols + i];
			if ((cell->has = r->cols[i].val(r, g, &r->cols[i], &cell->value))) {
				format_cell(r->cols[i].kind, cell->value, OUT_TABLE, cell->text,
				            sizeof cell->text);
				format_cell(r->cols[i].kind, cell->value, OUT_JSON, cell->raw,
				            sizeof cell->raw);
			}
		}
	}
	rep_free(r);
	*out = t;
	return 0;
oom:
	report_table_free(t);
	rep_free(r);
	return diag_error(LC_SOFTWARE, "out of memory");
}

int report_table_col(const struct report_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return (int)i;
	return -1;
}

const struct report_cell *report_table_cell(const struct report_table *t, size_t r, const char *name)
{
	int c = report_table_col(t, name);

	if (c < 0 || r > t->nrows)
		return NULL;
	return &t->cells[r * t->ncols + (size_t)c];
}

/* report funnel. */
static int cmd_report_funnel(struct lc_ctx *ctx, const struct lc_args *args)
{
	return run_report(ctx, args, R_FUNNEL);
}

/* report response. */
static int cmd_report_response(struct lc_ctx *ctx, const struct lc_args *args)
{
	return run_report(ctx, args, R_RESPONSE);
}

/* report velocity. */
static int cmd_report_velocity(struct lc_ctx *ctx, const struct lc_args *args)
{
	return run_report(ctx, args, R_VELOCITY);
}

/* report leak. */
static int cmd_report_leak(struct lc_ctx *ctx, const struct lc_args *args)
{
	return run_report(ctx, args, R_LEAK);
}

/* report cac. */
static int cmd_report_cac(struct lc_ctx *ctx, const struct lc_args *args)
{
	return run_report(ctx, args, R_CAC);
}

const struct lc_optdef report_period_opts[] = {
	{ "since", 0, 1, "DATE", "first local day of the period (YYYY-MM-DD)" },
	{ "until", 0, 1, "DATE", "first local day after the period: exclusive (default: tomorrow)" },
	{ "week", 0, 1, "WEEK", "an ISO week, e.g. 2026-W46 (Monday to Sunday)" },
	{ "month", 0, 1, "MONTH", "a calendar month, e.g. 2026-11" },
	{ "output", 'o', 1, "FILE", "write to FILE (replaced whole, mode 0600) instead of stdout" },
	{ 0 },
};

static const struct lc_optdef report_opts[] = {
	{ "by", 0, 1, "KEY", "one row per source, campaign, owner, week or month" },
	{ 0 },
};

#define REPORT_USAGE "[--week YYYY-Www | --month YYYY-MM | --since DATE [--until DATE]] [--by KEY] [-o FILE]"
#define REPORT_PERIOD_HELP                                                                                   \
	"The period P is whole days in the SLA's time zone (else TZ, else UTC): --week, --month, or\n"       \
	"--since/--until with --until exclusive; by default the last complete ISO week before now\n"         \
	"(LEADCTL_NOW).  Tables start with P in local dates and UTC instants and the SLA in force;\n"        \
	"TSV and CSV are rows only, the last one '(all)'.  JSON: {report, period, now, by, sla, rows,\n"     \
	"total}.  Empty ratios (zero denominator) are empty cells, null in JSON.  Definitions and\n"         \
	"field names: docs/reports.md."

const struct lc_cmd cmd_report_funnel_entry = {
	.name = "report funnel",
	.summary = "stage entries in a period, MQL and SQL cohort conversion, win rate, MQL commitment",
	.usage = REPORT_USAGE,
	.help = "Per stage, the leads that entered it in P (each lead once per stage).  Of the MQL cohort\n"
	        "(entered mql in P), those that entered sql after that entry; of the SQL cohort, the shares\n"
	        "now won, lost and still in sql; win rate = won / (won + lost) over the closes in P; MQLs\n"
	        "against the SLA's monthly commitment prorated by days.\n\n" REPORT_PERIOD_HELP,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = report_opts,
	.more = report_period_opts,
	.fn = cmd_report_funnel,
};

const struct lc_cmd cmd_report_response_entry = {
	.name = "report response",
	.summary = "time to first touch of the MQL cohort, touched in time, late, never",
	.usage = REPORT_USAGE,
	.help = "For the MQL cohort of P: the time from the MQL entry to the first touch at or after it\n"
	        "(median and p90, nearest rank), and how many were touched within their response rule's\n"
	        "deadline (a touch at the deadline is in time), late, without a deadline, or "
	        "never.\n\n" REPORT_PERIOD_HELP,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = report_opts,
	.more = report_period_opts,
	.fn = cmd_report_response,
};

const struct lc_cmd cmd_report_velocity_entry = {
	.name = "report velocity",
	.summary = "median and p90 time from MQL to SQL and from SQL to close",
	.usage = REPORT_USAGE,
	.help = "Over the entries into sql in P, the time from the latest mql entry before each; over the\n"
	        "entries into won or lost in P, the time from the latest sql entry before "
	        "each.\n\n" REPORT_PERIOD_HELP,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = report_opts,
	.more = report_period_opts,
	.fn = cmd_report_velocity,
};

const struct lc_cmd cmd_report_leak_entry = {
	.name = "report leak",
	.summary = "where the MQL cohort went: won, lost, recycled, open overdue/stalled, spend wasted",
	.usage = REPORT_USAGE,
	.help = "The MQL cohort of P split into states that sum to it: won; lost, disqualified and\n"
	        "recycled (now in nurture), each per reason; open overdue (an SLA deadline passed), open\n"
	        "stalled (no activity for the SLA's stale time), open on track.  Beside it the SLA hygiene\n"
	        "(never touched, late, in time), the leaked leads (no SQL after the MQL entry, and now\n"
	        "recycled, disqualified or overdue) and the spend wasted on them.\n\n" REPORT_PERIOD_HELP,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = report_opts,
	.more = report_period_opts,
	.fn = cmd_report_leak,
};

const struct lc_cmd cmd_report_cac_entry = {
	.name = "report cac",
	.summary = "spend, leads, MQLs, SQLs, wins, costs, CAC, revenue, ROI and LTV:CAC per channel",
	.usage = REPORT_USAGE,
	.help = "Per channel (the lead's source; --by changes it) and blended ('(all)'): spend in P\n"
	        "(prorated by days), leads created, MQLs, SQLs and wins entered in P, cost per lead / MQL /\n"
	        "SQL, CAC = spend / wins, revenue = won amounts in P, ROI = (revenue - spend) / spend, and\n"
	        "LTV:CAC when the SLA gives economics.gross_margin and "
	        "economics.lifetime_years.\n\n" REPORT_PERIOD_HELP,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = report_opts,
	.more = report_period_opts,
	.fn = cmd_report_cac,
};
