/* sla simulate: replay the recorded leads, events and touches under another
 * SLA, without writing anything, beside the SLA in force.
 *
 *   leadctl sla simulate new.json [--since 2026-09-01]
 *
 * Both SLAs are replayed by replay_run() (replay.h): the facts people and
 * imports recorded (creations, events, touches, stage moves, assignments),
 * in time order, each followed by rules_decide() -- the very decision that
 * applies the SLA in force -- whose effects are applied to the replayed
 * state.  Replaying the SLA in force over the leads it governed gives the
 * MQLs, assignments and first-touch breaches it recorded (t1581).  This
 * file formats the comparison; store_replay.c reads the facts. */
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
#include "leadctl/replay.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/store_engine.h"

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

/* Tally one side's replay: MQLs per ISO week and per source, and the
 * owner (or "(unassigned)") of every MQL.  *unrouted counts the MQLs
 * left without an owner. */
static int tally_side(struct lc_ctx *ctx, const struct lc_replay_lead *leads,
                      const struct lc_replay_result *r, int side, struct tally *weeks, struct tally *sources,
                      struct tally *owners, int64_t *unrouted)
{
	struct tm tm;
	char week[16];
	size_t i;

	*unrouted = 0;
	for (i = 0; i < r->nmql; i++) {
		const struct lc_lead *l = &leads[r->mql[i].lead].lead;
		const char *owner = r->owner[r->mql[i].lead];
		clock_to_local(r->mql[i].at, cmd_tz(ctx), &tm);
		strftime(week, sizeof week, "%G-W%V", &tm);
		if (!owner)
			(*unrouted)++;
		if (tally_add(weeks, week, side) ||
		    tally_add(sources, l->source ? l->source : "(none)", side) ||
		    tally_add(owners, owner ? owner : "(unassigned)", side))
			return diag_error(LC_SOFTWARE, "out of memory");
	}
	return 0;
}

/* What one side's replay decided, lead by lead, as JSON (for comparing
 * with what was recorded): its MQLs, assignments and first-touch breaches. */
static void replay_json(const struct lc_replay_lead *leads, const struct lc_replay_result *r, cJSON *side)
{
	cJSON *a, *x;
	char b1[32], b2[32];
	size_t i;

	a = cJSON_AddArrayToObject(side, "mqls");
	for (i = 0; i < r->nmql; i++) {
		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "lead", (double)leads[r->mql[i].lead].lead.id);
		clock_format_utc(r->mql[i].at, b1, sizeof b1);
		cJSON_AddStringToObject(x, "at", b1);
		cJSON_AddStringToObject(x, "origin", r->mql[i].by_sla ? "sla" : "recorded");
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(side, "assignments");
	for (i = 0; i < r->nassign; i++) {
		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "lead", (double)leads[r->assign[i].lead].lead.id);
		cJSON_AddStringToObject(x, "owner", r->assign[i].owner);
		cJSON_AddStringToObject(x, "rule", r->assign[i].rule);
		clock_format_utc(r->assign[i].at, b1, sizeof b1);
		cJSON_AddStringToObject(x, "at", b1);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(side, "first_touch_breaches");
	for (i = 0; i < r->nbreach; i++) {
		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "lead", (double)leads[r->breach[i].lead].lead.id);
		cJSON_AddStringToObject(x, "rule", r->breach[i].rule);
		clock_format_utc(r->breach[i].due_at, b1, sizeof b1);
		cJSON_AddStringToObject(x, "due_at", b1);
		if (r->breach[i].first_touch_at != RULES_NONE) {
			clock_format_utc(r->breach[i].first_touch_at, b2, sizeof b2);
			cJSON_AddStringToObject(x, "first_touch_at", b2);
		} else {
			cJSON_AddNullToObject(x, "first_touch_at");
		}
		cJSON_AddItemToArray(a, x);
	}
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
	static const char *const names[2] = { "in_force", "candidate" };
	const struct lc_sla *current;
	struct lc_sla *candidate = NULL;
	const struct lc_sla *sla[2];
	struct lc_problems probs;
	struct lc_replay_result rp[2];
	struct lc_replay_lead *leads = NULL;
	struct tally weeks = { 0 }, sources = { 0 }, owners = { 0 };
	int64_t unrouted[2] = { 0, 0 };
	size_t n = 0, k;
	lc_time since = 0;
	const char *v, *span = NULL;
	int version, rc, d;
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
	sla[0] = current;
	sla[1] = candidate;
	if ((rc = store_replay_load(ctx->db, since, &leads, &n)))
		goto cleanup;
	/* Both SLAs through the same decision the SLA in force makes (replay.h). */
	for (k = 0; k < 2; k++) {
		if ((d = replay_run(sla[k], k ? version + 1 : version, leads, n, ctx->now, &rp[k], &span))) {
			rc = d == -2 ? diag_error(LC_CONFIG,
			                          "sla simulate: cannot compute a deadline of %s from the "
			                          "business "
			                          "hours of %s",
			                          span ? span : "?", k ? args->pos[0] : "the SLA in force")
			             : diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		if ((rc = tally_side(ctx, leads, &rp[k], (int)k, &weeks, &sources, &owners, &unrouted[k])))
			goto cleanup;
	}
	if (ctx->format == OUT_JSON) {
		json = cJSON_CreateObject();
		cJSON *sum = cJSON_AddObjectToObject(json, "summary");
		cJSON *detail = cJSON_AddObjectToObject(json, "replay");
		for (k = 0; k < 2; k++) {
			cJSON *s = cJSON_AddObjectToObject(sum, names[k]);
			cJSON_AddStringToObject(s, "sla", sla[k]->name);
			cJSON_AddNumberToObject(s, "mqls", (double)rp[k].nmql);
			cJSON_AddNumberToObject(s, "first_touch_breaches", (double)rp[k].nbreach);
			cJSON_AddNumberToObject(s, "touched_in_time", (double)rp[k].in_time);
			cJSON_AddNumberToObject(s, "touched_late", (double)rp[k].late);
			cJSON_AddNumberToObject(s, "never_touched", (double)rp[k].never);
			cJSON_AddNumberToObject(s, "unrouted", (double)unrouted[k]);
			replay_json(leads, &rp[k], cJSON_AddObjectToObject(detail, names[k]));
		}
		cJSON_AddNumberToObject(json, "leads", (double)n);
	} else {
		out_line("replayed %zu lead%s%s%s: in force = version %d (%s), candidate = %s (%s)", n,
		         n == 1 ? "" : "s", v ? " created since " : "", v ? v : "", version, current->name,
		         args->pos[0], candidate->name);
		printf("MQLs: %zu -> %zu; first-touch breaches: %zu -> %zu; never touched: %" PRId64
		       " -> %" PRId64 "; unrouted: %" PRId64 " -> %" PRId64 "\n",
		       rp[0].nmql, rp[1].nmql, rp[0].nbreach, rp[1].nbreach, rp[0].never, rp[1].never,
		       unrouted[0], unrouted[1]);
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
	for (k = 0; k < 2; k++)
		replay_result_clear(&rp[k]);
	store_replay_free(leads, n);
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
	.help = "Both the SLA in force and FILE are replayed over what people and imports recorded\n"
	        "(creations, events, touches, stage moves, assignments), in time order, through the same\n"
	        "decision that applies the SLA in force: automatic MQLs, obligations and routing (turns and\n"
	        "capacities from zero), first-touch deadlines against the recorded touches.  Prints the\n"
	        "totals, MQLs per ISO week and per source, and owners' loads side by side; --format json\n"
	        "adds each side's MQLs, assignments and breaches lead by lead.  Writes nothing.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB,
	.opts = simulate_opts,
	.fn = cmd_sla_simulate,
};
