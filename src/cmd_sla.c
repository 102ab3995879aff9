/* sla lint, sla use, sla show, score, route: the SLA file and what it does.
 *
 *   leadctl sla lint new.json       check a file without using it
 *   leadctl sla use new.json        install it (a new version) and re-apply it
 *   leadctl sla show [--version N]  the SLA in force (or an older one)
 *   leadctl score 42                the score of a lead, term by term
 *   leadctl route [LEAD]            route unassigned MQLs by the SLA */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/sha256.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* Read a whole (small) file; NULL after printing an error (66 / 74). */
static char *read_file(const char *path, size_t *len, int *rc)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*rc = 0;
	if (!f) {
		*rc = diag_error(LC_NOINPUT, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			if (cap > SLA_MAX_BYTES * 2) {
				*rc = diag_error(LC_CONFIG, "%s: larger than %d bytes: not an SLA file", path,
				                 SLA_MAX_BYTES);
				goto fail;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				*rc = diag_error(LC_SOFTWARE, "out of memory");
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		*rc = diag_error(LC_IOERR, "cannot read '%s': %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	/* A UTF-8 byte-order mark (Windows editors) is not part of the JSON:
	 * dropped here, so that lint, use and init --sla read, check and store
	 * the same text (RFC 8259 §8.1 lets a parser ignore it). */
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		memmove(buf, buf + 3, n - 3);
		n -= 3;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* Load and validate path; on problems print each on its own line and
 * return 78. */
static int load_checked(const char *path, char **text, size_t *len, struct lc_sla **sla, int summary)
{
	struct lc_problems probs;
	size_t i;
	int rc;

	*sla = NULL;
	*text = read_file(path, len, &rc);
	if (!*text)
		return rc;
	problems_init(&probs);
	if (sla_load(*text, *len, path, sla, &probs) != 0) {
		if (probs.nomem) {
			problems_clear(&probs);
			free(*text);
			*text = NULL;
			return diag_error(LC_SOFTWARE, "%s: out of memory reading the SLA%s", path,
			                  summary ? ": it was not installed; the database is unchanged" : "");
		}
		for (i = 0; i < probs.n; i++)
			fprintf(stderr, "%s\n", probs.items[i].text);
		if (summary)
			diag_error(LC_CONFIG,
			           "%s: %zu problem%s: the SLA was not installed; the database is unchanged",
			           path, probs.n, probs.n == 1 ? "" : "s");
		problems_clear(&probs);
		free(*text);
		*text = NULL;
		return LC_CONFIG;
	}
	problems_clear(&probs);
	return 0;
}

static int cmd_sla_lint(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_sla *sla;
	char *text;
	size_t len;
	int rc;

	(void)ctx;
	if ((rc = load_checked(args->pos[0], &text, &len, &sla, 0)))
		return rc;
	out_line("%s: ok (%s: %zu fit and %zu behaviour rules, MQL at %g, %zu response rules, %zu routing "
	         "rules)",
	         args->pos[0], sla->name, sla->nfit, sla->nbehavior, sla->mql_threshold, sla->nresponse,
	         sla->nrouting);
	sla_free(sla);
	free(text);
	return 0;
}

/* Load and validate the SLA file path without installing it (init --sla
 * checks before it creates anything): 0, or 78/66/74 after the messages. */
int sla_check_file(const char *path)
{
	struct lc_sla *sla;
	char *text;
	size_t len;
	int rc = load_checked(path, &text, &len, &sla, 1);

	if (rc)
		return rc;
	sla_free(sla);
	free(text);
	return 0;
}

/* Leads re-applied per transaction by `sla use`: each batch holds the write
 * lock for about as long as this many engine_refresh calls (a few
 * milliseconds to a few hundred under a slow regex), then commits and
 * yields (db_yield) so that reps and cron can write in between. */
#define REAPPLY_BATCH 200

/* The re-apply's step for one lead (store_sla_reapply_batch): re-score,
 * qualify, route it and give it its obligations under the new SLA. */
static int reapply_lead(void *arg, struct lc_db *db, int64_t lead)
{
	return engine_refresh(db, lead, arg);
}

/* Re-apply SLA version to the leads above *after, REAPPLY_BATCH a
 * transaction (store_sla_reapply_batch records the progress in each), with
 * a pause between batches for other writers.  A failure or crash leaves
 * the batches done committed and the record saying where to resume. */
static int reapply_batches(struct lc_ctx *ctx, int version, int64_t *after)
{
	struct lc_change c = { ctx->actor, ORIGIN_SLA, ctx->now, version, 0 };
	int rc, done = 0;

	while (!(rc = store_sla_reapply_batch(ctx->db, version, REAPPLY_BATCH, after, &done, reapply_lead,
	                                      &c)) &&
	       !done)
		db_yield(ctx->db);
	if (rc)
		engine_release();
	return rc;
}

/* The number of leads in mql now (for the summary line). */
static int count_mql(struct lc_ctx *ctx, int64_t *count)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = store_lead_ids(ctx->db, ",mql,", &ids, &n);

	free(ids);
	*count = (int64_t)n;
	return rc;
}

/* Install the SLA file path and re-apply it to every lead.
 *
 * The installation is one short transaction: the new version and a
 * 'sla_reapply' record (store_sla_reapply_get) saying that no lead has had
 * it applied yet.  The leads are then re-scored, promoted, routed and given
 * their obligations in batches of REAPPLY_BATCH, one transaction each, so
 * that the write lock is never held for the whole re-apply.  A crash or a
 * failure between two batches leaves the new SLA in force, the leads up to
 * the recorded id re-applied and the others as the previous SLA left them;
 * `sla use` of the same file (or `sla show > f.json; sla use f.json`)
 * resumes after the recorded id, and `doctor` reports it; the failing run
 * says so in its one error line.  A file that
 * fails validation, or a failed installation, changes nothing. */
int sla_install_file(struct lc_ctx *ctx, const char *path)
{
	struct lc_change c = { ctx->actor, ORIGIN_SLA, ctx->now, 0, 0 };
	struct lc_sla *sla;
	struct sha256 h;
	char *text, hex[65];
	size_t len;
	int64_t mql_before = 0, mql_after = 0, after = 0, resumed_after;
	struct store_sla_use u;
	int rc, version;

	if ((rc = load_checked(path, &text, &len, &sla, 1)))
		return rc;
	sha256_init(&h);
	sha256_update(&h, text, len);
	sha256_hex(&h, hex);
	if ((rc = store_sla_use(ctx->db, sla->name, text, hex, path, &c, &u)))
		goto fail;
	version = u.version;
	mql_before = u.mql_before;
	if (u.unchanged && u.pending != version) {
		out_line("SLA unchanged: version %d (%s) is already in force", version, sla->name);
		goto cleanup;
	}
	if (u.unchanged) {
		/* an interrupted re-apply of this version: resume it */
		after = u.after;
		diag_note("SLA version %d (%s) is in force but its re-apply stopped after lead %" PRId64
		          ": resuming it",
		          version, sla->name, after);
	}
	engine_release();
	resumed_after = after;
	/* A failure is one line: its cause, then what it left and what to do. */
	diag_capture(1);
	rc = reapply_batches(ctx, version, &after);
	diag_capture(0);
	if (rc) {
		diag_error(rc,
		           "%s; SLA version %d is installed and the leads up to %" PRId64
		           " have it applied: run 'leadctl sla use %s' again to finish",
		           diag_captured()[0] ? diag_captured() : "sla use: the re-apply failed", version,
		           after, path);
		goto cleanup;
	}
	if ((rc = count_mql(ctx, &mql_after)))
		goto cleanup;
	if (u.unchanged)
		out_line("re-applied SLA version %d (%s) to the leads after %" PRId64 ": %" PRId64
		         " in mql now",
		         version, sla->name, resumed_after, mql_after);
	else
		out_line("installed SLA version %d (%s), sha256 %.12s; re-applied to the leads: %" PRId64
		         " in mql before, %" PRId64 " now",
		         version, sla->name, hex, mql_before, mql_after);
	goto cleanup;
fail:
	engine_release();
cleanup:
	free(text);
	sla_free(sla);
	return rc;
}

static int cmd_sla_use(struct lc_ctx *ctx, const struct lc_args *args)
{
	return sla_install_file(ctx, args->pos[0]);
}

static int cmd_sla_show(struct lc_ctx *ctx, const struct lc_args *args)
{
	char *json = NULL, *name = NULL, *sha = NULL, *by = NULL, when[32];
	long long v;
	lc_time at = 0;
	int rc, version;

	if ((rc = cli_int_opt(ctx, args, "version", 1, 1000000, 0, &v)))
		return rc;
	if (v == 0) {
		if ((rc = store_sla_current(ctx->db, &json, &version)))
			return rc;
		free(json);
		json = NULL;
		if (!version)
			return diag_error(LC_NOINPUT,
			                  "no SLA is installed: install one with 'leadctl sla use FILE' "
			                  "(see sla.example.json)");
		v = version;
	}
	if ((rc = store_sla_version(ctx->db, (int)v, &json, &name, &sha, &at, &by)))
		return rc;
	clock_format_utc(at, when, sizeof when);
	if (ctx->format == OUT_JSON) {
		cJSON *o = cJSON_CreateObject(), *content = cJSON_Parse(json);
		cJSON_AddNumberToObject(o, "version", (double)v);
		cJSON_AddStringToObject(o, "name", name ? name : "");
		cJSON_AddStringToObject(o, "sha256", sha);
		cJSON_AddStringToObject(o, "installed_at", when);
		cJSON_AddStringToObject(o, "installed_by", by);
		cJSON_AddItemToObject(o, "content", content ? content : cJSON_CreateNull());
		out_json(stdout, o);
		cJSON_Delete(o);
	} else {
		/* stdout is the SLA file exactly as installed (valid JSON that
		 * 'sla lint' and 'sla use' accept); what is known about it goes
		 * to stderr, so `sla show > sla.json` round-trips. */
		diag_note("SLA version %lld: %s, installed %s by %s, sha256 %s", v, name ? name : "", when,
		          by, sha);
		fputs(json, stdout);
		if (json[0] && json[strlen(json) - 1] != '\n')
			putchar('\n');
	}
	free(json);
	free(name);
	free(sha);
	free(by);
	return 0;
}

static int cmd_score(struct lc_ctx *ctx, const struct lc_args *args)
{
	const struct lc_sla *sla;
	cJSON *j = cJSON_CreateObject(), *terms, *t, *missing;
	int64_t id = ctx->lead;
	int rc, version;

	(void)args; /* the lead: CMD_LEAD resolved it */
	if ((rc = engine_sla(ctx->db, &sla, &version)))
		goto cleanup;
	if (!sla) {
		rc = diag_error(LC_CONFIG,
		                "score: no SLA is installed: install one with 'leadctl sla use FILE'");
		goto cleanup;
	}
	if ((rc = engine_explain(ctx->db, id, ctx->now, j)))
		goto cleanup;
	cJSON_AddNumberToObject(j, "lead", (double)id);
	cJSON_AddNumberToObject(j, "sla_version", version);
	if (ctx->format == OUT_JSON) {
		cJSON_DeleteItemFromObjectCaseSensitive(j, "sla");
		out_json(stdout, j);
		goto cleanup;
	}
	terms = cJSON_GetObjectItemCaseSensitive(j, "score_terms");
	{
		lc_time at = 0;
		char when[32];
		clock_parse_iso(cJSON_GetObjectItemCaseSensitive(j, "score_at")->valuestring, NULL, &at);
		cmd_time(ctx, at, when, sizeof when);
		printf("lead %" PRId64 ": score %.1f as of %s (MQL at %g, SLA version %d)\n", id,
		       cJSON_GetObjectItemCaseSensitive(j, "score")->valuedouble, when, sla->mql_threshold,
		       version);
	}
	cJSON_ArrayForEach(t, terms)
	{
		out_line("  %+8.1f  %-9s %-22s %s",
		         cJSON_GetObjectItemCaseSensitive(t, "points")->valuedouble,
		         cJSON_GetObjectItemCaseSensitive(t, "kind")->valuestring,
		         cJSON_GetObjectItemCaseSensitive(t, "rule")->valuestring,
		         cJSON_GetObjectItemCaseSensitive(t, "detail")->valuestring);
	}
	if (cJSON_GetArraySize(terms) == 0)
		printf("  no rule adds points\n");
	missing = cJSON_GetObjectItemCaseSensitive(j, "missing_fields");
	if (cJSON_GetArraySize(missing) > 0) {
		printf("  missing required fields:");
		cJSON_ArrayForEach(t, missing) printf(" %s", t->valuestring);
		printf("\n");
	}
cleanup:
	cJSON_Delete(j);
	return rc;
}

static int cmd_route(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_change c = { ctx->actor, ORIGIN_SLA, ctx->now, 0, 0 };
	const struct lc_sla *sla;
	int64_t *ids = NULL, routed = 0;
	size_t n = 0, i;
	int rc, version;

	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	if (!sla)
		return diag_error(LC_CONFIG,
		                  "route: no SLA is installed: install one with 'leadctl sla use FILE'");
	c.sla_version = version;
	if (args->npos) {
		ids = malloc(sizeof *ids);
		if (!ids)
			return diag_error(LC_SOFTWARE, "out of memory");
		ids[0] = ctx->lead;
		n = 1;
	} else if ((rc = store_lead_ids(ctx->db, ",mql,", &ids, &n))) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		struct lc_lead l;
		int was_unassigned;
		lead_init(&l);
		if ((rc = store_lead_load(ctx->db, ids[i], &l)))
			goto cleanup;
		was_unassigned = !l.owner;
		lead_clear(&l);
		if (!was_unassigned)
			continue;
		if ((rc = engine_refresh(ctx->db, ids[i], &c)) || (rc = store_lead_load(ctx->db, ids[i], &l)))
			goto cleanup;
		if (l.owner) {
			out_line("lead %" PRId64 ": assigned to %s", ids[i], l.owner);
			routed++;
		} else if (args->npos) {
			printf("lead %" PRId64
			       ": no routing rule gave it an owner (no match, or every owner at "
			       "capacity)\n",
			       ids[i]);
		}
		lead_clear(&l);
	}
	if (!args->npos)
		out_line("%" PRId64 " lead%s routed", routed, routed == 1 ? "" : "s");
cleanup:
	free(ids);
	return rc;
}

static const struct lc_optdef none_opts[] = {
	{ 0 },
};

static const struct lc_optdef show_opts[] = {
	{ "version", 0, 1, "N", "show SLA version N instead of the one in force" },
	{ 0 },
};

const struct lc_cmd cmd_sla_lint_entry = {
	.name = "sla lint",
	.summary = "check an SLA file without using it",
	.usage = "FILE",
	.help = "Prints every problem, one per line: FILE:LINE:COL for JSON syntax, FILE:LINE: "
	        "/json/pointer:\n"
	        "for the rest.  Exits 78 when there is one.  The format is in docs/sla.md.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = 0,
	.opts = none_opts,
	.fn = cmd_sla_lint,
};

const struct lc_cmd cmd_sla_use_entry = {
	.name = "sla use",
	.summary = "install an SLA file (a new version) and apply it to the leads",
	.usage = "FILE",
	.help = "The file is validated first (as by 'sla lint'); a bad file changes nothing.  The SLA is\n"
	        "stored with a version number, its sha256 and who installed it when; every lead is then\n"
	        "re-scored, and leads that now qualify become MQL (origin sla, this version).",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED,
	.opts = none_opts,
	.fn = cmd_sla_use,
};

const struct lc_cmd cmd_sla_show_entry = {
	.name = "sla show",
	.summary = "print the SLA in force (or an older version)",
	.usage = "[--version N]",
	.help = "The SLA file as it was installed, on stdout (valid JSON: 'leadctl sla show > sla.json'\n"
	        "then 'leadctl sla lint sla.json' accepts it); its version, name, installation time and\n"
	        "sha256 on stderr.  --format json: one object {version, name, sha256, installed_at,\n"
	        "installed_by, content} with the SLA under content.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = show_opts,
	.fn = cmd_sla_show,
};

const struct lc_cmd cmd_score_entry = {
	.name = "score",
	.summary = "explain a lead's score term by term",
	.usage = "LEAD",
	.help = "Each fit rule the lead matches and each behaviour rule its events satisfy, with the\n"
	        "points after caps and decay, as of now (LEADCTL_NOW).",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_LEAD,
	.opts = none_opts,
	.fn = cmd_score,
};

const struct lc_cmd cmd_route_entry = {
	.name = "route",
	.summary = "route unassigned MQLs (or one lead) by the SLA's routing rules",
	.usage = "[LEAD]",
	.help = "Rules are tried in order; a pool hands leads out round-robin, skipping owners at\n"
	        "capacity.  Each assignment records the rule that made it.",
	.min_pos = 0,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = none_opts,
	.fn = cmd_route,
};
