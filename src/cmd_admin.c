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
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
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

static int cmd_dedupe(struct lc_ctx *ctx, const struct lc_args *args)
{
	static const struct out_col cols[] = {
		{ "keep", OT_INT }, { "drop", OT_INT }, { "why", OT_STR }, { "merge", OT_STR }
	};
	struct dedupe_state s = { NULL, 0, 0 };
	struct lc_change c = { ctx->actor, ORIGIN_MERGE, ctx->now, 0, 0 };
	struct out *o;
	size_t i, j;
	int64_t merged = 0;
	int rc;

	if ((rc = store_duplicates(ctx->db, collect_pair, &s)))
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
	if ((rc = db_begin(ctx->db)))
		goto cleanup;
	for (i = 0; i < s.n; i++) {
		int64_t keep = s.pairs[i].a, drop = s.pairs[i].b;
		/* A lead merged away earlier in this run lives on in its keeper. */
		for (j = 0; j < i; j++) {
			if (s.pairs[j].b == keep)
				keep = s.pairs[j].a;
			if (s.pairs[j].b == drop)
				drop = 0;
		}
		if (!drop || keep == drop)
			continue;
		if ((rc = store_merge(ctx->db, keep, drop, &c)) || (rc = engine_refresh(ctx->db, keep, &c))) {
			db_rollback(ctx->db);
			goto cleanup;
		}
		printf("lead %" PRId64 " merged into lead %" PRId64 " (%s)\n", drop, keep, s.pairs[i].why);
		for (j = i + 1; j < s.n; j++) {
			if (s.pairs[j].a == drop)
				s.pairs[j].a = keep;
		}
		merged++;
	}
	if ((rc = db_commit(ctx->db)))
		goto cleanup;
	printf("%" PRId64 " lead%s merged\n", merged, merged == 1 ? "" : "s");
cleanup:
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
