/* sla simulate: replay the recorded leads, events and touches under another
 * SLA, without writing anything, beside the SLA in force.
 *
 *   leadctl sla simulate new.json [--since 2026-09-01]
 *
 * Both SLAs are replayed the same way, so the comparison is like for like:
 * a lead becomes MQL when the SLA qualifies it (score_qualify_time from its
 * creation, over its recorded events) unless a person (or an import) moved
 * it to mql first — that moment is kept — or moved it out of new/nurture
 * before it qualified.  MQLs are routed in time order with the SLA's rules
 * (round-robin cursors and capacities replayed from zero; a lead a person
 * assigned keeps its owner).  The first-touch deadline of the matching
 * response rule is checked against the recorded touches: a breach is a
 * first touch after the deadline, or none by now with the deadline past. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/route.h"
#include "leadctl/score.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* A counter keyed by text (weeks, sources, owners): a small sorted array. */
struct tally {
	char **keys;
	int64_t *counts[2]; /* [0] the SLA in force, [1] the candidate */
	size_t n, cap;
};

static int tally_add(struct tally *t, const char *key, int side)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->keys[i], key) == 0) {
			t->counts[side][i]++;
			return 0;
		}
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 16;
		char **k = realloc(t->keys, nc * sizeof *k);
		int64_t *c0, *c1;
		if (!k)
			return -1;
		t->keys = k;
		c0 = realloc(t->counts[0], nc * sizeof *c0);
		if (!c0)
			return -1;
		t->counts[0] = c0;
		c1 = realloc(t->counts[1], nc * sizeof *c1);
		if (!c1)
			return -1;
		t->counts[1] = c1;
		t->cap = nc;
	}
	if (!(t->keys[t->n] = strdup(key)))
		return -1;
	t->counts[0][t->n] = t->counts[1][t->n] = 0;
	t->counts[side][t->n]++;
	t->n++;
	return 0;
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->counts[0]);
	free(t->counts[1]);
}

/* Sort keys (with their counts) ascending. */
static void tally_sort(struct tally *t)
{
	size_t i, j;

	for (i = 1; i < t->n; i++)
		for (j = i; j > 0 && strcmp(t->keys[j], t->keys[j - 1]) < 0; j--) {
			char *k = t->keys[j];
			int64_t a = t->counts[0][j], b = t->counts[1][j];
			t->keys[j] = t->keys[j - 1];
			t->counts[0][j] = t->counts[0][j - 1];
			t->counts[1][j] = t->counts[1][j - 1];
			t->keys[j - 1] = k;
			t->counts[0][j - 1] = a;
			t->counts[1][j - 1] = b;
		}
}

/* Replay state of one SLA. */
struct replay {
	const struct lc_sla *sla;
	struct tally cursors; /* pool -> index + 1 of the member served last (counts[0]) */
	struct tally load;    /* owner -> open leads assigned in the replay (counts[0]) */
	int64_t mqls, breaches, late, never, in_time, unrouted;
};

static int64_t *tally_slot(struct tally *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->keys[i], key) == 0)
			return &t->counts[0][i];
	if (tally_add(t, key, 0) != 0)
		return NULL;
	t->counts[0][t->n - 1] = 0;
	return &t->counts[0][t->n - 1];
}

static int open_cb(void *ctx, const char *owner, int64_t *count)
{
	struct replay *r = ctx;
	int64_t *slot = tally_slot(&r->load, owner);

	if (!slot)
		return -1;
	*count = *slot;
	return 0;
}

/* The pool's turn in the replay: the member served last (slot = its index
 * + 1 in the replayed SLA's pool, 0 = nobody yet). */
static int turn_cb(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	struct replay *r = ctx;
	int64_t *slot = tally_slot(&r->cursors, pool);
	size_t i;

	if (!slot)
		return -1;
	memset(turn, 0, sizeof *turn);
	for (i = 0; *slot > 0 && i < r->sla->npools; i++)
		if (strcmp(r->sla->pools[i].name, pool) == 0 && (size_t)*slot <= r->sla->pools[i].nmembers)
			turn->last = r->sla->pools[i].members[*slot - 1];
	return 0;
}

/* One lead replayed under r->sla.  side 0 = in force, 1 = candidate. */
static int replay_lead(struct lc_ctx *ctx, struct replay *r, int side, struct lc_lead *l,
                       const struct lc_event *ev, size_t nev, const struct lc_touch *touches, size_t ntouch,
                       lc_time human_mql, lc_time human_exit, int human_owner, struct tally *weeks,
                       struct tally *sources, struct tally *owners)
{
	const struct lc_response_rule *rule;
	struct lc_score sc = { 0 };
	lc_time mql = 0, due, first = 0;
	struct tm tm;
	char week[16];
	size_t i;
	int q;

	q = score_qualify_time(r->sla, l, ev, nev, l->created_at, ctx->now, &mql);
	if (q < 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	if (q == 1 && human_exit && human_exit < mql)
		q = 0;
	if (human_mql && (q == 0 || human_mql < mql)) {
		mql = human_mql;
		q = 1;
	}
	if (q == 0)
		return 0;
	r->mqls++;
	clock_to_local(mql, cmd_tz(ctx), &tm);
	strftime(week, sizeof week, "%G-W%V", &tm);
	if (tally_add(weeks, week, side) || tally_add(sources, l->source ? l->source : "(none)", side))
		return diag_error(LC_SOFTWARE, "out of memory");
	/* Score and stage as of the MQL moment, for routing and response rules. */
	if (score_compute(r->sla, l, ev, nev, mql, &sc) != 0)
		return diag_error(LC_SOFTWARE, "out of memory");
	l->score = sc.total;
	score_clear(&sc);
	l->stage = STAGE_MQL;
	if (!human_owner) {
		struct lc_route_env env = { open_cb, turn_cb, r };
		struct lc_route rt;
		if (route_decide(r->sla, l, ev, nev, mql, &env, &rt) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
		if (rt.status == ROUTE_ASSIGNED) {
			int64_t *slot = tally_slot(&r->load, rt.owner);
			if (!slot || tally_add(owners, rt.owner, side))
				return diag_error(LC_SOFTWARE, "out of memory");
			(*slot)++;
			if (rt.pool && (slot = tally_slot(&r->cursors, rt.pool)))
				*slot = rt.cursor ? rt.cursor
				                  : (int64_t)r->sla->pools[r->sla->routing[rt.rule].pool]
				                            .nmembers;
		} else {
			r->unrouted++;
			if (tally_add(owners, "(unassigned)", side))
				return diag_error(LC_SOFTWARE, "out of memory");
		}
	} else if (tally_add(owners, l->owner, side)) {
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	rule = sla_response_rule(r->sla, l, ev, nev, mql);
	if (!rule)
		return 0;
	{
		int rc = engine_span_add(r->sla, mql, &rule->first_touch, &due);
		if (rc)
			return rc;
	}
	for (i = 0; i < ntouch; i++)
		if (touches[i].at >= mql) {
			first = touches[i].at;
			break;
		}
	if (first && first <= due) {
		r->in_time++;
	} else if (first) {
		r->late++;
		r->breaches++;
	} else {
		r->never++;
		if (due < ctx->now)
			r->breaches++;
	}
	return 0;
}

static void print_tally(struct lc_ctx *ctx, const char *title, const char *keyname, struct tally *t,
                        cJSON *json)
{
	struct out_col cols[4] = {
		{ keyname, OT_STR }, { "in_force", OT_INT }, { "candidate", OT_INT }, { "change", OT_INT }
	};
	struct out *o;
	size_t i;

	tally_sort(t);
	if (json) {
		cJSON *arr = cJSON_AddArrayToObject(json, title);
		for (i = 0; i < t->n; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, keyname, t->keys[i]);
			cJSON_AddNumberToObject(x, "in_force", (double)t->counts[0][i]);
			cJSON_AddNumberToObject(x, "candidate", (double)t->counts[1][i]);
			cJSON_AddNumberToObject(x, "change", (double)(t->counts[1][i] - t->counts[0][i]));
			cJSON_AddItemToArray(arr, x);
		}
		return;
	}
	printf("\n%s\n", title);
	o = out_begin(stdout, ctx->format, cols, 4);
	for (i = 0; i < t->n; i++) {
		char a[32], b[32], d[32];
		snprintf(a, sizeof a, "%" PRId64, t->counts[0][i]);
		snprintf(b, sizeof b, "%" PRId64, t->counts[1][i]);
		snprintf(d, sizeof d, "%+" PRId64, t->counts[1][i] - t->counts[0][i]);
		out_row(o, (const char *const[]){ t->keys[i], a, b, d });
	}
	out_end(o);
}

static int cmd_sla_simulate(struct lc_ctx *ctx, const struct lc_args *args)
{
	const struct lc_sla *current;
	struct lc_sla *candidate = NULL;
	struct lc_problems probs;
	struct replay rp[2];
	struct tally weeks = { 0 }, sources = { 0 }, owners = { 0 };
	int64_t *ids = NULL;
	size_t n = 0, i, k;
	lc_time since = 0;
	const char *v;
	int version, rc;
	cJSON *json = NULL;

	memset(rp, 0, sizeof rp);
	if ((rc = engine_sla(ctx->db, &current, &version)))
		return rc;
	if (!current)
		return diag_error(LC_CONFIG,
		                  "sla simulate: no SLA is installed to compare with: install one with "
		                  "'leadctl sla use FILE'");
	problems_init(&probs);
	if (sla_load_file(args->pos[0], &candidate, &probs) != 0) {
		for (k = 0; k < probs.n; k++)
			fprintf(stderr, "%s\n", probs.items[k].text);
		problems_clear(&probs);
		return diag_error(LC_CONFIG, "sla simulate: %s is not a valid SLA: nothing simulated",
		                  args->pos[0]);
	}
	problems_clear(&probs);
	if ((v = args_get(args, "since")) && clock_parse_iso(v, cmd_tz(ctx), &since) != 0) {
		rc = cli_usage_error(ctx->cmd, "--since '%s' is not a date: use YYYY-MM-DD", v);
		goto cleanup;
	}
	rp[0].sla = current;
	rp[1].sla = candidate;
	if ((rc = store_lead_ids_since(ctx->db, since, &ids, &n)))
		goto cleanup;
	for (i = 0; i < n; i++) {
		struct lc_lead l;
		struct lc_event *ev = NULL;
		struct lc_touch *touches = NULL;
		size_t nev = 0, nt = 0;
		lc_time hm, hx;
		int human_owner;
		lead_init(&l);
		if ((rc = store_lead_load(ctx->db, ids[i], &l)) ||
		    (rc = store_events_load(ctx->db, ids[i], &ev, &nev)) ||
		    (rc = store_touches_load(ctx->db, ids[i], &touches, &nt)) ||
		    (rc = store_human_moves(ctx->db, ids[i], &hm, &hx)) ||
		    (rc = store_lead_owner_by_person(ctx->db, ids[i], &human_owner))) {
			lead_clear(&l);
			store_events_free(ev, nev);
			free(touches);
			goto cleanup;
		}
		for (k = 0; k < 2 && !rc; k++) {
			enum lc_stage stage = l.stage;
			rc = replay_lead(ctx, &rp[k], (int)k, &l, ev, nev, touches, nt, hm, hx, human_owner,
			                 &weeks, &sources, &owners);
			l.stage = stage;
		}
		lead_clear(&l);
		store_events_free(ev, nev);
		free(touches);
		if (rc)
			goto cleanup;
	}
	if (ctx->format == OUT_JSON) {
		json = cJSON_CreateObject();
		cJSON *sum = cJSON_AddObjectToObject(json, "summary");
		const char *names[2] = { "in_force", "candidate" };
		for (k = 0; k < 2; k++) {
			cJSON *s = cJSON_AddObjectToObject(sum, names[k]);
			cJSON_AddStringToObject(s, "sla", rp[k].sla->name);
			cJSON_AddNumberToObject(s, "mqls", (double)rp[k].mqls);
			cJSON_AddNumberToObject(s, "first_touch_breaches", (double)rp[k].breaches);
			cJSON_AddNumberToObject(s, "touched_in_time", (double)rp[k].in_time);
			cJSON_AddNumberToObject(s, "touched_late", (double)rp[k].late);
			cJSON_AddNumberToObject(s, "never_touched", (double)rp[k].never);
			cJSON_AddNumberToObject(s, "unrouted", (double)rp[k].unrouted);
		}
		cJSON_AddNumberToObject(json, "leads", (double)n);
	} else {
		printf("replayed %zu lead%s%s%s: in force = version %d (%s), candidate = %s (%s)\n", n,
		       n == 1 ? "" : "s", v ? " created since " : "", v ? v : "", version, current->name,
		       args->pos[0], candidate->name);
		printf("MQLs: %" PRId64 " -> %" PRId64 "; first-touch breaches: %" PRId64 " -> %" PRId64
		       "; never touched: %" PRId64 " -> %" PRId64 "; unrouted: %" PRId64 " -> %" PRId64 "\n",
		       rp[0].mqls, rp[1].mqls, rp[0].breaches, rp[1].breaches, rp[0].never, rp[1].never,
		       rp[0].unrouted, rp[1].unrouted);
	}
	print_tally(ctx, "mqls_by_week", "week", &weeks, json);
	print_tally(ctx, "mqls_by_source", "source", &sources, json);
	print_tally(ctx, "owners", "owner", &owners, json);
	if (json)
		out_json(stdout, json);
cleanup:
	cJSON_Delete(json);
	tally_free(&weeks);
	tally_free(&sources);
	tally_free(&owners);
	for (k = 0; k < 2; k++) {
		tally_free(&rp[k].cursors);
		tally_free(&rp[k].load);
	}
	free(ids);
	sla_free(candidate);
	return rc;
}

static const struct lc_optdef simulate_opts[] = {
	{ "since", 0, 1, "DATE", "replay only the leads created at or after DATE (local)" },
	{ 0 },
};

const struct lc_cmd cmd_sla_simulate_entry = {
	.name = "sla simulate",
	.summary = "replay the recorded leads under another SLA and compare, writing nothing",
	.usage = "FILE [--since DATE]",
	.help = "Both the SLA in force and FILE are replayed over the recorded leads, events and touches:\n"
	        "automatic MQLs (a person's earlier move to mql is kept), routing in time order (cursors\n"
	        "and capacities from zero; a person's assignment is kept) and first-touch deadlines\n"
	        "against the recorded touches.  Prints the totals, MQLs per ISO week and per source, and\n"
	        "owners' loads side by side.  The database is opened but never written.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB,
	.opts = simulate_opts,
	.fn = cmd_sla_simulate,
};
