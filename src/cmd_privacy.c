/* forget: the right to erasure, and retention for cron.
 *
 *   leadctl forget 42                  erase lead 42's personal data
 *   leadctl forget 42 --suppress       ... and reject its e-mail in later imports
 *   leadctl forget --expired --dry-run what the SLA's retention would erase now
 *   leadctl forget --expired           erase it (cron)
 *
 * The lead keeps its number, a pseudonym, its stage history and its
 * touches' times and channels, so every report figure stays the same; what
 * is erased, and where, is listed in privacy.h and docs/privacy.md.  The
 * reject files that imports wrote (and the database recorded) lose the
 * rows carrying the person's e-mail, phone or record id; the database file
 * is written with secure_delete and its write-ahead log checkpointed, so
 * the erased bytes do not linger in either. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/privacy.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* The reject files rewritten without the person's rows. */
struct scrub {
	char *path;      /* the reject file (owned) */
	char *tmp;       /* its rewritten copy, renamed over it after the commit (owned) */
	int64_t removed; /* rows removed */
};

/* The leads --expired picks under the SLA's retention. */
static int expired_leads(struct lc_ctx *ctx, int64_t **ids, size_t *n)
{
	const struct lc_sla *sla;
	int64_t retention[STAGE_COUNT];
	int version, rc, s, any = 0;

	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	for (s = 0; s < STAGE_COUNT; s++) {
		retention[s] = sla ? sla->retention[s].seconds : 0;
		any |= retention[s] > 0;
	}
	if (!sla)
		return diag_error(
		        LC_CONFIG,
		        "forget --expired: no SLA is installed, so there is no retention: install "
		        "one with a \"retention\" section (docs/sla.md) with 'leadctl sla use FILE'");
	if (!any)
		return diag_error(
		        LC_CONFIG,
		        "forget --expired: the SLA in force has no \"retention\": add one (e.g. "
		        "\"retention\": {\"disqualified\": \"104w\"}, see docs/sla.md) and install it "
		        "with 'leadctl sla use FILE'");
	return store_expired_leads(ctx->db, retention, STAGE_COUNT, ctx->now, ids, n);
}

/* Rewrite every known reject file without the needles' rows, into
 * temporary copies (sc, *nsc). */
static int scrub_rejects(struct lc_ctx *ctx, const struct lc_needles *nd, struct scrub **sc, size_t *nsc)
{
	char **paths = NULL;
	size_t n = 0, i;
	int rc, missing;

	*sc = NULL;
	*nsc = 0;
	if ((rc = store_reject_files(ctx->db, &paths, &n)))
		return rc;
	if (n && !(*sc = calloc(n, sizeof **sc)))
		rc = diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n && rc == 0; i++) {
		struct scrub *s = &(*sc)[*nsc];
		rc = privacy_scrub_rejects(paths[i], nd, &s->tmp, &s->removed, &missing);
		if (rc == 0 && missing)
			diag_note("reject file '%s' of an earlier import is gone: nothing to erase there",
			          paths[i]);
		if (rc == 0 && s->tmp) {
			s->path = paths[i];
			paths[i] = NULL;
			(*nsc)++;
		}
	}
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

static void scrub_free(struct scrub *sc, size_t n, int unlink_tmp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (unlink_tmp && sc[i].tmp)
			unlink(sc[i].tmp);
		free(sc[i].path);
		free(sc[i].tmp);
	}
	free(sc);
}

static int cmd_forget(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_change c = { ctx->actor, ORIGIN_CLI, ctx->now, 0, 0 };
	int expired = args_has(args, "expired"), dry = args_has(args, "dry-run");
	int suppress = args_has(args, "suppress"), rc = 0, yes, complete;
	struct lc_needles nd = { NULL, 0, 0 };
	struct scrub *sc = NULL;
	struct lc_forget_result *res = NULL;
	int64_t *ids = NULL;
	size_t n = 0, nsc = 0, i;

	if (expired && args->npos)
		return cli_usage_error(ctx->cmd, "give LEAD or --expired, not both");
	if (!expired && !args->npos)
		return cli_usage_error(ctx->cmd,
		                       "give a LEAD to erase, or --expired to apply the SLA's retention");
	if (expired && suppress)
		return cli_usage_error(ctx->cmd, "--suppress is for a person's request, not for --expired");
	if (expired) {
		if ((rc = expired_leads(ctx, &ids, &n)))
			goto cleanup;
	} else {
		/* the leads: CMD_LEADS resolved every LEAD */
		if (!(ids = calloc((size_t)ctx->nleads, sizeof *ids))) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		for (i = 0; i < (size_t)ctx->nleads; i++) {
			lc_time at = 0;
			char *by = NULL, when[32];
			ids[n] = ctx->leads[i];
			if ((rc = store_erased(ctx->db, ids[n], &yes, &at, &by)))
				goto cleanup;
			if (yes) {
				cmd_time(ctx, at, when, sizeof when);
				rc = diag_error(LC_DATAERR,
				                "forget: lead %" PRId64 " was already erased on %s by %s",
				                ids[n], when, by ? by : "?");
				free(by);
				goto cleanup;
			}
			n++;
		}
	}
	if (dry) {
		for (i = 0; i < n; i++)
			printf("lead %" PRId64 ": would be erased%s\n", ids[i],
			       suppress ? " and suppressed" : "");
		goto cleanup;
	}
	if (n == 0)
		goto cleanup;
	for (i = 0; i < n && rc == 0; i++)
		rc = store_forget_needles(ctx->db, ids[i], &nd);
	if (!rc && !(res = calloc(n, sizeof *res)))
		rc = diag_error(LC_SOFTWARE, "out of memory");
	if (rc || (rc = scrub_rejects(ctx, &nd, &sc, &nsc)) || (rc = store_secure_delete(ctx->db)) ||
	    (rc = store_forget_leads(ctx->db, ids, n, suppress, expired ? "retention" : "request", &c, res)))
		goto cleanup;
	for (i = 0; i < n; i++)
		printf("lead %" PRId64 " erased as %s: %" PRId64 " identit%s%s, %" PRId64 " note%s, %" PRId64
		       " field change%s, %" PRId64 " snapshot%s\n",
		       ids[i], res[i].pseudonym, res[i].identities, res[i].identities == 1 ? "y" : "ies",
		       suppress ? " suppressed" : "", res[i].notes, res[i].notes == 1 ? "" : "s",
		       res[i].changes, res[i].changes == 1 ? "" : "s", res[i].snapshots,
		       res[i].snapshots == 1 ? "" : "s");
	for (i = 0; i < nsc; i++) {
		if (rename(sc[i].tmp, sc[i].path) != 0) {
			rc = diag_error(LC_IOERR,
			                "forget: the database is erased but '%s' could not be replaced by "
			                "its scrubbed "
			                "copy '%s': rename it by hand",
			                sc[i].path, sc[i].tmp);
			continue;
		}
		free(sc[i].tmp);
		sc[i].tmp = NULL;
		out_line("%s: %" PRId64 " rejected row%s removed", sc[i].path, sc[i].removed,
		         sc[i].removed == 1 ? "" : "s");
	}
	if (store_wal_truncate(ctx->db, &complete) == 0 && !complete)
		diag_warn("forget: another process is reading, so older copies of the erased pages stay in "
		          "'%s-wal' "
		          "until the next write: run 'leadctl forget --expired' or any write later",
		          db_path(ctx->db));
	if (!expired)
		diag_note("copies outside the database (backups, exports, files sent elsewhere) are not "
		          "reached: "
		          "see docs/privacy.md");
cleanup:
	scrub_free(sc, nsc, 1);
	privacy_needles_free(&nd);
	free(res);
	free(ids);
	return rc;
}

static const struct lc_optdef forget_opts[] = {
	{ "suppress", 0, 0, NULL,
	  "keep a salted hash of its e-mail, phone and record id: later imports reject them" },
	{ "expired", 0, 0, NULL, "erase the leads the SLA's retention has expired (for cron)" },
	{ "dry-run", 0, 0, NULL, "list the leads that would be erased; write nothing" },
	{ 0 },
};

const struct lc_cmd cmd_forget_entry = {
	.name = "forget",
	.summary = "erase a person's personal data, keeping the report figures (right to erasure)",
	.usage = "LEAD... [--suppress] [--dry-run] | --expired [--dry-run]",
	.help = "Erases the lead's e-mail, phone, record ids, names, title, company, website, country,\n"
	        "industry, employees, custom fields, account link, touch notes, consent overrides, the\n"
	        "values of its field changes, merge snapshots and import before-images, and the rows of\n"
	        "the reject files the database knows of that carry its e-mail, phone or record id.  It\n"
	        "keeps the lead number under a pseudonym (erased:...), the stage history, the touches'\n"
	        "times, channels and outcomes, events' types and times, so every report gives the same\n"
	        "figures.  The erasure (who, when) is recorded without the erased data; the lead is\n"
	        "marked do not email and do not call.  A later import of the same e-mail creates a new\n"
	        "lead, unless --suppress was given: then it is rejected with reason 'erased'.\n"
	        "--expired applies the SLA's \"retention\" (leads in a stage untouched for longer than\n"
	        "its span).  Backups and exports made before are not reached: see docs/privacy.md.",
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED | CMD_LEADS,
	.not_lead = "expired",
	.opts = forget_opts,
	.fn = cmd_forget,
};
