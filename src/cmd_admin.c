/* backup, dedupe: keeping the file safe and clean.
 *
 *   leadctl backup /backups/leads-2026-11-21.db
 *   leadctl dedupe                (pairs that are probably one person)
 *   leadctl dedupe --merge        (merge each pair into its older lead) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/cmdutil.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

static int cmd_backup(struct lc_ctx *ctx, const struct lc_args *args)
{
	int rc = store_backup(ctx->db, args->pos[0]);

	if (rc == 0)
		out_line("backed up %s to %s", ctx->db_path, args->pos[0]);
	return rc;
}

struct pair {
	int64_t a, b;
	char why[96];
};

struct dedupe_state {
	struct pair *pairs;
	size_t n, cap;
};

static int collect_pair(void *arg, int64_t a, int64_t b, const char *why)
{
	struct dedupe_state *s = arg;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		struct pair *np = realloc(s->pairs, nc * sizeof *np);
		if (!np)
			return diag_error(LC_SOFTWARE, "out of memory");
		s->pairs = np;
		s->cap = nc;
	}
	s->pairs[s->n].a = a;
	s->pairs[s->n].b = b;
	snprintf(s->pairs[s->n].why, sizeof s->pairs[s->n].why, "%s", why);
	s->n++;
	return 0;
}

/* dedupe --merge's step: re-score, qualify and route the keeper. */
static int refresh_keeper(void *arg, struct lc_db *db, int64_t keep)
{
	return engine_refresh(db, keep, arg);
}

/* The merges of the pairs s->pairs in order, into steps (s->n of them at
 * most) and the pair each comes from, into from: a lead merged away by an
 * earlier pair lives on in its keeper, and a pair whose lead is gone
 * already is skipped.  Returns the number of merges. */
static size_t merge_plan(struct dedupe_state *s, struct store_merge_step *steps, size_t *from)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->n; i++) {
		int64_t keep = s->pairs[i].a, drop = s->pairs[i].b;
		for (j = 0; j < i; j++) {
			if (s->pairs[j].b == keep)
				keep = s->pairs[j].a;
			if (s->pairs[j].b == drop)
				drop = 0;
		}
		if (!drop || keep == drop)
			continue;
		steps[n].keep = keep;
		steps[n].drop = drop;
		from[n++] = i;
		for (j = i + 1; j < s->n; j++) {
			if (s->pairs[j].a == drop)
				s->pairs[j].a = keep;
		}
	}
	return n;
}

/* dedupe is phased: the pairs are found without the write lock, then
 * merged in one transaction (store_merge_all), and the merges printed once
 * it committed. */
static int cmd_dedupe(struct lc_ctx *ctx, const struct lc_args *args)
{
	static const struct out_col cols[] = {
		{ "keep", OT_INT }, { "drop", OT_INT }, { "why", OT_STR }, { "merge", OT_STR }
	};
	struct dedupe_state s = { NULL, 0, 0 };
	struct lc_change c = { ctx->actor, ORIGIN_MERGE, ctx->now, 0, 0 };
	struct store_merge_step *steps = NULL;
	const struct lc_sla *sla;
	struct out *o;
	size_t i, n, *from = NULL;
	int rc, version;

	if ((rc = engine_sla(ctx->db, &sla, &version)) ||
	    (rc = store_duplicates(ctx->db, sla && sla->phone_cc[0] ? sla->phone_cc : NULL, collect_pair,
	                           &s)))
		goto cleanup;
	if (!args_has(args, "merge")) {
		o = out_begin(stdout, ctx->format, cols, 4);
		for (i = 0; i < s.n; i++) {
			char a[32], b[32], cmd[96];
			snprintf(a, sizeof a, "%" PRId64, s.pairs[i].a);
			snprintf(b, sizeof b, "%" PRId64, s.pairs[i].b);
			snprintf(cmd, sizeof cmd, "leadctl merge %" PRId64 " %" PRId64, s.pairs[i].a,
			         s.pairs[i].b);
			out_row(o, (const char *const[]){ a, b, s.pairs[i].why, cmd });
		}
		out_end(o);
		goto cleanup;
	}
	if (s.n && (!(steps = calloc(s.n, sizeof *steps)) || !(from = calloc(s.n, sizeof *from)))) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	n = merge_plan(&s, steps, from);
	if ((rc = store_merge_all(ctx->db, steps, n, &c, refresh_keeper, &c)))
		goto cleanup;
	for (i = 0; i < n; i++)
		printf("lead %" PRId64 " merged into lead %" PRId64 " (%s)\n", steps[i].drop, steps[i].keep,
		       s.pairs[from[i]].why);
	printf("%zu lead%s merged\n", n, n == 1 ? "" : "s");
cleanup:
	free(steps);
	free(from);
	free(s.pairs);
	return rc;
}

static const struct lc_optdef backup_opts[] = {
	{ 0 },
};

static const struct lc_optdef dedupe_opts[] = {
	{ "merge", 0, 0, NULL, "merge each pair into its older lead (as 'leadctl merge KEEP DROP')" },
	{ 0 },
};

const struct lc_cmd cmd_backup_entry = {
	.name = "backup",
	.summary = "write a consistent copy of the database to a new file",
	.usage = "FILE",
	.help = "Safe while other processes use the database (VACUUM INTO).  FILE must not exist; it is\n"
	        "created readable by its owner only.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB,
	.opts = backup_opts,
	.fn = cmd_backup,
};

const struct lc_cmd cmd_dedupe_entry = {
	.name = "dedupe",
	.summary = "list leads that are probably one person (or --merge them)",
	.usage = "[--merge]",
	.help = "A pair is the same phone, the same e-mail once +tags (and gmail's dots) are removed, or\n"
	        "the same first and last name at the same account.  Without --merge it only lists the\n"
	        "pairs with the 'leadctl merge' command for each.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED,
	.opts = dedupe_opts,
	.fn = cmd_dedupe,
};
