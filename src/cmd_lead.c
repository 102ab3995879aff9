/* add, show, list, edit, export: the lead records themselves.
 *
 *   leadctl add --email ana@acme.com --first-name Ana --source webinar
 *   leadctl show 12            (or lead:12, an e-mail, a phone, zoho:1177, ext:1177)
 *   leadctl list --stage mql --owner ana --since 2026-11-01
 *   leadctl edit 12 --title CTO --set plan=enterprise
 *   leadctl export --format csv > leads.csv */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/score.h"
#include "leadctl/consent.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/privacy.h"
#include "leadctl/store.h"
#include "leadctl/view.h"
#include "leadctl/when.h"

/* Exit 65 when l's e-mail, record id or (alone) phone is on the
 * suppression list of `forget --suppress`. */
static int add_suppressed(struct lc_ctx *ctx, const struct lc_lead *l)
{
	const char *kind;
	int rc, yes;

	if ((rc = store_suppressed(ctx->db, l, &yes, &kind)) || !yes)
		return rc;
	return diag_error(
	        LC_DATAERR,
	        "add: this %s belongs to a person erased at their request (leadctl forget --suppress): "
	        "not added",
	        strcmp(kind, "email") == 0   ? "e-mail"
	        : strcmp(kind, "phone") == 0 ? "phone"
	                                     : "record id");
}

static int cmd_add(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead l;
	struct lc_consent none, k;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, 0, 0, 0 };
	int rc, given;

	lead_init(&l);
	consent_init(&none);
	consent_init(&k);
	if ((rc = cmd_at(ctx, args, &c.at)))
		goto cleanup;
	l.created_at = c.at;
	if ((rc = cmd_lead_fields(ctx, args, &l, 0)) || (rc = cmd_consent_fields(ctx, args, &k, &given)))
		goto cleanup;
	if (!l.email && !l.external_id && !l.phone) {
		rc = cli_usage_error(ctx->cmd, "a lead needs --email, --external-id or --phone");
		goto cleanup;
	}
	if ((rc = add_suppressed(ctx, &l)) || (rc = store_lead_insert(ctx->db, &l, &c)) ||
	    (given && (rc = store_consent_save(ctx->db, l.id, &none, &k, &c, NULL))) ||
	    (rc = engine_refresh(ctx->db, l.id, &c)))
		goto cleanup;
	printf("%" PRId64 "\n", l.id);
cleanup:
	lead_clear(&l);
	consent_clear(&k);
	return rc;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A UTC ISO string from JSON shown in the display zone. */
static void jtime(struct lc_ctx *ctx, const cJSON *o, const char *key, char *buf, size_t n)
{
	const char *s = jstr(o, key);
	lc_time t;

	if (s && clock_parse_iso(s, NULL, &t) == 0)
		cmd_time(ctx, t, buf, n);
	else
		snprintf(buf, n, "-");
}

static void show_field(const char *name, const char *value)
{
	if (value && *value) {
		printf("%-12s ", name);
		out_put_term(stdout, value);
		putchar('\n');
	}
}

/* Print a JSON array of objects as an aligned sub-table with columns keys. */
static void show_list(struct lc_ctx *ctx, const char *title, const cJSON *arr, const char *const *keys,
                      const struct out_col *cols, size_t ncols)
{
	const cJSON *it;
	struct out *o;

	printf("\n%s (%d)\n", title, cJSON_GetArraySize(arr));
	if (cJSON_GetArraySize(arr) == 0)
		return;
	o = out_begin(stdout, OUT_TABLE, cols, ncols);
	cJSON_ArrayForEach(it, arr)
	{
		const char *cells[8];
		char bufs[8][64];
		size_t i;
		for (i = 0; i < ncols; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, keys[i]);
			if (strcmp(keys[i], "at") == 0) {
				jtime(ctx, it, "at", bufs[i], sizeof bufs[i]);
				cells[i] = bufs[i];
			} else if (cJSON_IsString(v)) {
				cells[i] = v->valuestring;
			} else if (cJSON_IsNumber(v)) {
				snprintf(bufs[i], sizeof bufs[i], "%g", v->valuedouble);
				cells[i] = bufs[i];
			} else if (cJSON_IsRaw(v)) {
				cells[i] = v->valuestring;
			} else {
				cells[i] = NULL;
			}
		}
		out_row(o, cells);
	}
	out_end(o);
}

/* The consent lines of show: the opt-outs and the channels they leave,
 * the lawful basis, the unsubscribe. */
static void show_consent(struct lc_ctx *ctx, const cJSON *k)
{
	const cJSON *ne = cJSON_GetObjectItemCaseSensitive(k, "do_not_email");
	const cJSON *nc = cJSON_GetObjectItemCaseSensitive(k, "do_not_call");
	char buf[256], chans[64], t[32];
	const char *basis = jstr(k, "lawful_basis"), *src = jstr(k, "lawful_basis_source");

	if (!cJSON_IsObject(k))
		return;
	if (cJSON_IsBool(ne) || cJSON_IsBool(nc)) {
		consent_channels_text(cJSON_IsTrue(ne), cJSON_IsTrue(nc), chans, sizeof chans);
		snprintf(buf, sizeof buf, "do not email: %s, do not call: %s; channels: %s",
		         cJSON_IsBool(ne) ? (cJSON_IsTrue(ne) ? "yes" : "no") : "unknown",
		         cJSON_IsBool(nc) ? (cJSON_IsTrue(nc) ? "yes" : "no") : "unknown", chans);
		show_field("consent", buf);
	}
	if (basis) {
		jtime(ctx, k, "lawful_basis_at", t, sizeof t);
		snprintf(buf, sizeof buf, "%s (obtained %s%s%s)", basis, t, src ? ", " : "", src ? src : "");
		show_field("lawful basis", buf);
	}
	if (jstr(k, "unsubscribed_at")) {
		jtime(ctx, k, "unsubscribed_at", t, sizeof t);
		show_field("unsubscribed", t);
	}
}

static int show_lead_human(struct lc_ctx *ctx, const cJSON *j)
{
	static const char *const hist_keys[] = { "at",     "from",   "to",     "actor",
		                                 "origin", "reason", "amount", "currency" };
	static const struct out_col hist_cols[] = { { "at", OT_STR },     { "from", OT_STR },
		                                    { "to", OT_STR },     { "actor", OT_STR },
		                                    { "origin", OT_STR }, { "reason", OT_STR },
		                                    { "amount", OT_NUM }, { "currency", OT_STR } };
	static const char *const touch_keys[] = { "at",    "channel", "outcome",
		                                  "actor", "note",    "consent_override" };
	static const struct out_col touch_cols[] = { { "at", OT_STR },      { "channel", OT_STR },
		                                     { "outcome", OT_STR }, { "actor", OT_STR },
		                                     { "note", OT_STR },    { "consent override", OT_STR } };
	static const char *const ev_keys[] = { "at", "type", "origin", "actor" };
	static const struct out_col ev_cols[] = {
		{ "at", OT_STR }, { "type", OT_STR }, { "origin", OT_STR }, { "actor", OT_STR }
	};
	static const char *const as_keys[] = { "at", "owner", "origin", "rule", "actor" };
	static const struct out_col as_cols[] = { { "at", OT_STR },
		                                  { "owner", OT_STR },
		                                  { "origin", OT_STR },
		                                  { "rule", OT_STR },
		                                  { "actor", OT_STR } };
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(j, "account"), *custom, *it;
	char buf[1024], t1[32], t2[32];
	const char *fn = jstr(j, "first_name"), *ln = jstr(j, "last_name");

	snprintf(buf, sizeof buf, "%s%s%s%s%s", fn ? fn : "", fn && ln ? " " : "", ln ? ln : "",
	         fn || ln ? " " : "",
	         jstr(j, "email") ? jstr(j, "email")
	                          : (jstr(j, "external_id") ? jstr(j, "external_id") : ""));
	printf("lead %d  ", (int)cJSON_GetObjectItemCaseSensitive(j, "id")->valuedouble);
	out_put_term(stdout, buf);
	putchar('\n');
	jtime(ctx, j, "stage_at", t1, sizeof t1);
	snprintf(buf, sizeof buf, "%s (since %s)", jstr(j, "stage"), t1);
	show_field("stage", buf);
	show_field("erased", jstr(j, "erased"));
	show_field("owner", jstr(j, "owner") ? jstr(j, "owner") : "(unassigned)");
	{
		/* the stored score and when it was computed (one number per fact) */
		const cJSON *thr = cJSON_GetObjectItemCaseSensitive(j, "mql_threshold");
		double score = cJSON_GetObjectItemCaseSensitive(j, "score")->valuedouble;
		jtime(ctx, j, "score_at", t1, sizeof t1);
		if (!jstr(j, "score_at"))
			snprintf(buf, sizeof buf, "%.1f (not scored: no SLA)", score);
		else if (cJSON_IsNumber(thr))
			snprintf(buf, sizeof buf, "%.1f as of %s (MQL at %g)", score, t1, thr->valuedouble);
		else
			snprintf(buf, sizeof buf, "%.1f as of %s", score, t1);
	}
	show_field("score", buf);
	show_field("email", jstr(j, "email"));
	show_field("external id", jstr(j, "external_id"));
	show_field("phone", jstr(j, "phone"));
	{
		/* Every identity the lead holds beyond the ones shown above:
		 * other systems' ids, earlier addresses and phones. */
		const cJSON *ids = cJSON_GetObjectItemCaseSensitive(j, "identities"), *id;
		char line[1024];
		size_t w = 0;
		line[0] = '\0';
		cJSON_ArrayForEach(id, ids)
		{
			const char *key = jstr(id, "key");
			if (!key || (jstr(j, "email") && strcmp(key, jstr(j, "email")) == 0) ||
			    (jstr(j, "phone") && strcmp(key, jstr(j, "phone")) == 0))
				continue;
			if (w < sizeof line)
				w += (size_t)snprintf(line + w, sizeof line - w, "%s%s", w ? ", " : "", key);
		}
		show_field("identities", line);
	}
	show_field("title", jstr(j, "title"));
	show_field("company", jstr(j, "company"));
	if (cJSON_IsObject(acc)) {
		snprintf(buf, sizeof buf, "%d %s%s%s",
		         (int)cJSON_GetObjectItemCaseSensitive(acc, "id")->valuedouble,
		         jstr(acc, "name") ? jstr(acc, "name") : "", jstr(acc, "domain") ? " " : "",
		         jstr(acc, "domain") ? jstr(acc, "domain") : "");
		show_field("account", buf);
	}
	show_field("website", jstr(j, "website"));
	show_field("country", jstr(j, "country"));
	show_field("industry", jstr(j, "industry"));
	it = cJSON_GetObjectItemCaseSensitive(j, "employees");
	if (cJSON_IsNumber(it)) {
		snprintf(buf, sizeof buf, "%.0f", it->valuedouble);
		show_field("employees", buf);
	}
	show_field("source", jstr(j, "source"));
	show_field("campaign", jstr(j, "campaign"));
	jtime(ctx, j, "created_at", t1, sizeof t1);
	jtime(ctx, j, "activity_at", t2, sizeof t2);
	show_field("created", t1);
	show_field("activity", t2);
	custom = cJSON_GetObjectItemCaseSensitive(j, "custom");
	cJSON_ArrayForEach(it, custom)
	{
		char name[64];
		snprintf(name, sizeof name, "%s", it->string);
		if (cJSON_IsString(it))
			show_field(name, it->valuestring);
	}
	show_consent(ctx, cJSON_GetObjectItemCaseSensitive(j, "consent"));
	it = cJSON_GetObjectItemCaseSensitive(j, "score_terms");
	if (cJSON_IsArray(it) && cJSON_GetArraySize(it) > 0) {
		const cJSON *term;
		printf("\nscore\n");
		cJSON_ArrayForEach(term, it)
		{
			const cJSON *pts = cJSON_GetObjectItemCaseSensitive(term, "points");
			snprintf(buf, sizeof buf, "%s%s%s", jstr(term, "rule") ? jstr(term, "rule") : "",
			         jstr(term, "detail") ? "  " : "",
			         jstr(term, "detail") ? jstr(term, "detail") : "");
			printf("  %+8.1f  ", cJSON_IsNumber(pts) ? pts->valuedouble : 0.0);
			out_put_term(stdout, buf);
			putchar('\n');
		}
	}
	it = cJSON_GetObjectItemCaseSensitive(j, "sla");
	if (cJSON_IsObject(it) && jstr(it, "summary")) {
		printf("\nsla\n  ");
		out_put_term(stdout, jstr(it, "summary"));
		putchar('\n');
	}
	show_list(ctx, "history", cJSON_GetObjectItemCaseSensitive(j, "history"), hist_keys, hist_cols, 8);
	show_list(ctx, "touches", cJSON_GetObjectItemCaseSensitive(j, "touches"), touch_keys, touch_cols, 6);
	show_list(ctx, "events", cJSON_GetObjectItemCaseSensitive(j, "events"), ev_keys, ev_cols, 4);
	show_list(ctx, "assignments", cJSON_GetObjectItemCaseSensitive(j, "assignments"), as_keys, as_cols,
	          5);
	return 0;
}

/* Leads `list` shows on a terminal without --limit or --all. */
#define LIST_TTY_LIMIT 50

static int print_lead_row(void *arg, const cJSON *row);

/* A walk of store_lead_each whose rows a callback reads as the JSON the
 * view module makes of them (view.h): the same object `list --json` and
 * `export --json` print. */
struct json_walk {
	int (*fn)(void *arg, const cJSON *row);
	void *arg;
};

static int json_row(void *arg, const struct lc_view_lead *v)
{
	struct json_walk *w = arg;
	cJSON *row = NULL;
	int rc;

	if ((rc = view_lead_json(v, &row)))
		return rc;
	rc = w->fn(w->arg, row);
	cJSON_Delete(row);
	return rc;
}

/* store_lead_each with fn reading JSON rows. */
static int each_lead_json(struct lc_db *db, const struct lc_lead_filter *f,
                          int (*fn)(void *arg, const cJSON *row), void *arg)
{
	struct json_walk w = { fn, arg };

	return store_lead_each(db, f, json_row, &w);
}

/* Lead id with its lists as `show --json` gives it: its stage and
 * activity as of now.  *out is the caller's. */
static int lead_json(struct lc_ctx *ctx, int64_t id, cJSON **out)
{
	struct lc_view_lead v;
	int rc;

	*out = NULL;
	if ((rc = store_lead_view(ctx->db, id, 1, &v)))
		return rc;
	if (!(rc = store_lead_state_as_of(ctx->db, id, ctx->now, &v)))
		rc = view_lead_json(&v, out);
	view_lead_clear(&v);
	return rc;
}

static int cmd_show(struct lc_ctx *ctx, const struct lc_args *args)
{
	cJSON *j = NULL;
	int64_t id;
	int rc;

	if (args_has(args, "account")) {
		struct lc_view_account acc;
		if ((rc = store_account_resolve(ctx->db, args->pos[0], &id)) ||
		    (rc = store_account_view(ctx->db, id, &acc)))
			return rc;
		rc = view_account_json(&acc, &j);
		view_account_clear(&acc);
		if (rc)
			return rc;
		if (ctx->format == OUT_JSON) {
			out_json(stdout, j);
		} else {
			const cJSON *leads = cJSON_GetObjectItemCaseSensitive(j, "leads"), *it;
			printf("account %" PRId64 "  ", id);
			out_put_term(stdout, jstr(j, "name"));
			putchar('\n');
			show_field("key", jstr(j, "key"));
			show_field("domain", jstr(j, "domain"));
			printf("\nleads (%d)\n", cJSON_GetArraySize(leads));
			cJSON_ArrayForEach(it, leads)
			{
				const char *fn = jstr(it, "first_name"), *ln = jstr(it, "last_name");
				char line[512];
				snprintf(line, sizeof line, "%s%s%s  %s", fn ? fn : "", fn && ln ? " " : "",
				         ln ? ln : "", jstr(it, "email") ? jstr(it, "email") : "");
				printf("  %-6.0f %-8s ",
				       cJSON_GetObjectItemCaseSensitive(it, "id")->valuedouble,
				       jstr(it, "stage") ? jstr(it, "stage") : "?");
				out_put_term(stdout, line);
				putchar('\n');
			}
		}
		cJSON_Delete(j);
		return 0;
	}
	id = ctx->lead; /* CMD_LEAD resolved it */
	if ((rc = lead_json(ctx, id, &j)))
		return rc;
	if ((rc = engine_explain(ctx->db, id, ctx->now, j))) {
		cJSON_Delete(j);
		return rc;
	}
	if (ctx->format == OUT_JSON) {
		out_json(stdout, j);
	} else {
		/* An erased lead says so, and by whom (export --person has it in JSON). */
		lc_time at = 0;
		char *by = NULL, when[32], buf[160];
		int erased;
		if ((rc = store_erased(ctx->db, id, &erased, &at, &by))) {
			cJSON_Delete(j);
			return rc;
		}
		if (erased) {
			cmd_time(ctx, at, when, sizeof when);
			snprintf(buf, sizeof buf, "%s by %s: personal data erased (leadctl forget)", when,
			         by ? by : "?");
			cJSON_AddStringToObject(j, "erased", buf);
		}
		free(by);
		show_lead_human(ctx, j);
	}
	cJSON_Delete(j);
	return 0;
}

static const struct out_col list_cols[] = {
	{ "id", OT_INT },       { "name", OT_STR },    { "email", OT_STR }, { "company", OT_STR },
	{ "stage", OT_STR },    { "owner", OT_STR },   { "score", OT_NUM }, { "source", OT_STR },
	{ "campaign", OT_STR }, { "created", OT_STR },
};

/* The table's columns with the display zone in the time's header. */
struct list_head {
	struct out_col cols[sizeof list_cols / sizeof list_cols[0]];
	char created[96]; /* "created (Europe/Madrid)" */
};

struct list_state {
	struct lc_ctx *ctx;
	struct out *out; /* table/tsv/csv */
	int json_first;  /* streaming JSON array: no comma before the first */
	int64_t count;
	int64_t shown; /* rows to print at most; 0 = all (the store may read one more) */
	struct list_head head;
};

/* Start the listing of `list`: a table names the zone of its times, and
 * keeps stage and created whole when fitting the terminal. */
static struct out *list_begin(struct lc_ctx *ctx, struct list_state *s)
{
	size_t n = sizeof list_cols / sizeof list_cols[0];
	struct out *o;

	if (out_resolve(ctx->format) != OUT_TABLE)
		return out_begin(stdout, ctx->format, list_cols, n);
	memcpy(s->head.cols, list_cols, sizeof list_cols);
	char zone[64];

	clock_zone_abbrev(ctx->now, cmd_tz(ctx), zone, sizeof zone);
	snprintf(s->head.created, sizeof s->head.created, "created (%s)", zone);
	s->head.cols[n - 1].name = s->head.created;
	if ((o = out_begin(stdout, ctx->format, s->head.cols, n))) {
		out_keep(o, 4);
		out_keep(o, n - 1);
	}
	return o;
}

static int print_lead_row(void *arg, const cJSON *row)
{
	struct list_state *s = arg;
	char id[32], score[32], name[256], created[32];
	const char *fn = jstr(row, "first_name"), *ln = jstr(row, "last_name");

	s->count++;
	if (s->shown && s->count > s->shown)
		return 0;
	if (!s->out) {
		char *txt = cJSON_PrintUnformatted(row);
		printf("%s%s", s->json_first ? "\n" : ",\n", txt);
		s->json_first = 0;
		free(txt);
		return 0;
	}
	snprintf(id, sizeof id, "%.0f", cJSON_GetObjectItemCaseSensitive(row, "id")->valuedouble);
	snprintf(score, sizeof score, "%.1f",
	         score_round(cJSON_GetObjectItemCaseSensitive(row, "score")->valuedouble));
	snprintf(name, sizeof name, "%s%s%s", fn ? fn : "", fn && ln ? " " : "", ln ? ln : "");
	/* One rule for times: local to the display zone (named in the header)
	 * in a table, ISO-8601 UTC in every machine format. */
	if (out_resolve(s->ctx->format) == OUT_TABLE)
		jtime(s->ctx, row, "created_at", created, sizeof created);
	else
		snprintf(created, sizeof created, "%s",
		         jstr(row, "created_at") ? jstr(row, "created_at") : "");
	out_row(s->out, (const char *const[]){ id, name[0] ? name : NULL, jstr(row, "email"),
	                                       jstr(row, "company"), jstr(row, "stage"), jstr(row, "owner"),
	                                       score, jstr(row, "source"), jstr(row, "campaign"), created });
	return 0;
}

/* --since/--until dates or times, local to the display zone. */
static int parse_bound(struct lc_ctx *ctx, const struct lc_args *args, const char *name, lc_time *t, int *has)
{
	const char *v = args_get(args, name);

	*has = 0;
	if (!v)
		return 0;
	if (when_parse_any(v, ctx->now, cmd_tz(ctx), t) != 0)
		return cli_usage_error(ctx->cmd,
		                       "--%s '%s' is not a date: use YYYY-MM-DD, an ISO-8601 time, today, "
		                       "yesterday, monday or '2h ago'",
		                       name, v);
	*has = 1;
	return 0;
}

static int fill_filter(struct lc_ctx *ctx, const struct lc_args *args, struct lc_lead_filter *f)
{
	const char *v;
	long long limit;
	int rc;

	memset(f, 0, sizeof *f);
	f->stage = args_get(args, "stage");
	if (f->stage) {
		int st;
		if ((rc = cmd_stage_arg(ctx, f->stage, &st)))
			return rc;
		f->stage = stage_name((enum lc_stage)st);
	}
	f->owner = args_get(args, "owner");
	f->source = args_get(args, "source");
	f->campaign = args_get(args, "campaign");
	f->text = args_get(args, "search");
	if (args->npos > 0)
		f->text = args->pos[0];
	if ((v = args_get(args, "account")) && (rc = store_account_resolve(ctx->db, v, &f->account_id)))
		return rc;
	if ((rc = parse_bound(ctx, args, "since", &f->since, &f->has_since)) ||
	    (rc = parse_bound(ctx, args, "until", &f->until, &f->has_until)))
		return rc;
	f->sort = args_get(args, "sort");
	if (f->sort && *f->sort == '-') {
		f->descending = 1;
		f->sort++;
	}
	if (f->sort && strcmp(f->sort, "id") && strcmp(f->sort, "created") && strcmp(f->sort, "score") &&
	    strcmp(f->sort, "name") && strcmp(f->sort, "stage") && strcmp(f->sort, "company") &&
	    strcmp(f->sort, "activity"))
		return cli_usage_error(ctx->cmd,
		                       "unknown sort '%s': use id, created, score, name, stage, company or "
		                       "activity (prefix - for descending)",
		                       f->sort);
	if ((rc = cli_int_opt(ctx, args, "limit", 1, 100000000, 0, &limit)))
		return rc;
	f->limit = limit;
	return 0;
}

static int cmd_list(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead_filter f;
	struct list_state s = { .ctx = ctx, .json_first = 1 };
	int rc;

	if ((rc = fill_filter(ctx, args, &f)))
		return rc;
	if (args_has(args, "all") && args_has(args, "limit"))
		return cli_usage_error(ctx->cmd,
		                       "--all and --limit do not go together: --all shows every lead");
	/* A person at a terminal sees a screenful, not the whole database. */
	if (!args_has(args, "all") && !args_has(args, "limit") && out_resolve(ctx->format) == OUT_TABLE &&
	    out_is_tty()) {
		s.shown = LIST_TTY_LIMIT;
		f.limit = LIST_TTY_LIMIT + 1;
	}
	if (args_has(args, "incomplete"))
		return engine_list_incomplete(ctx->db, &f, ctx->format);
	if (ctx->format == OUT_JSON)
		fputs("[", stdout);
	else
		s.out = list_begin(ctx, &s);
	rc = each_lead_json(ctx->db, &f, print_lead_row, &s);
	if (ctx->format == OUT_JSON)
		fputs(s.count ? "\n]\n" : "]\n", stdout);
	else
		out_end(s.out);
	if (rc == 0 && s.shown && s.count > s.shown)
		diag_note("showing the first %d leads: use --limit N or --all to see more", LIST_TTY_LIMIT);
	return rc;
}

static int cmd_edit(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead before, after;
	struct lc_consent kb, ka;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, ctx->now, 0, 0 };
	int64_t id = ctx->lead;
	int rc, changed = 0, consent_changed = 0, given;

	lead_init(&before);
	lead_init(&after);
	consent_init(&kb);
	consent_init(&ka);
	if ((rc = store_lead_load(ctx->db, id, &before)) || (rc = store_lead_load(ctx->db, id, &after)) ||
	    (rc = store_consent_load(ctx->db, id, &kb)) || (rc = store_consent_load(ctx->db, id, &ka)) ||
	    (rc = cmd_lead_fields(ctx, args, &after, 1)) ||
	    (rc = cmd_consent_fields(ctx, args, &ka, &given)) ||
	    (rc = store_lead_update(ctx->db, &before, &after, &c, &changed)) ||
	    (rc = store_consent_save(ctx->db, id, &kb, &ka, &c, &consent_changed)) ||
	    ((changed += consent_changed) && (rc = engine_refresh(ctx->db, id, &c))))
		goto cleanup;
	if (changed)
		printf("lead %" PRId64 ": %d field%s changed\n", id, changed, changed == 1 ? "" : "s");
	else
		printf("lead %" PRId64 ": nothing changed\n", id);
cleanup:
	lead_clear(&before);
	lead_clear(&after);
	consent_clear(&kb);
	consent_clear(&ka);
	return rc;
}

/* export: every field, custom fields as custom.KEY columns (CSV) or the
 * full objects with history, touches and events (JSON), streamed. */
struct export_state {
	struct lc_ctx *ctx;
	char **keys; /* custom keys, sorted, for CSV */
	size_t nkeys;
	struct out *out;
	struct out_col *cols;
	int first;
	int64_t count;
	int rc;
};

static int collect_keys(void *arg, const cJSON *row)
{
	struct export_state *s = arg;
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(row, "custom"))
	{
		size_t i;
		for (i = 0; i < s->nkeys; i++)
			if (strcmp(s->keys[i], it->string) == 0)
				break;
		if (i == s->nkeys) {
			char **n = realloc(s->keys, (s->nkeys + 1) * sizeof *n);
			if (!n)
				return LC_SOFTWARE;
			s->keys = n;
			s->keys[s->nkeys++] = strdup(it->string);
		}
	}
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const export_fields[] = {
	"id",       "email",   "external_id", "phone",      "first_name", "last_name",  "title", "company",
	"website",  "country", "industry",    "employees",  "source",     "campaign",   "owner", "stage",
	"stage_at", "score",   "score_at",    "created_at", "updated_at", "activity_at"
};
#define NEXPORT (sizeof export_fields / sizeof export_fields[0])

/* Consent columns of the CSV export, after account (keys of "consent"). */
static const char *const export_consent[] = { "do_not_email",    "do_not_call",         "lawful_basis",
	                                      "lawful_basis_at", "lawful_basis_source", "unsubscribed_at" };
#define NCONSENT (sizeof export_consent / sizeof export_consent[0])
/* Columns before the custom ones: fields, account, consent, identities
 * (every identity of the lead: include/leadctl/idlist.h), then the reason
 * and won amount of the move into the current stage. */
#define NIDS (NEXPORT + 1 + NCONSENT)
#define NENTRY (NIDS + 1)
#define NFIXED (NENTRY + 3)

static int export_row(void *arg, const cJSON *row)
{
	struct export_state *s = arg;
	const char **cells;
	char(*bufs)[64];
	size_t i, n = NFIXED + s->nkeys;

	s->count++;
	if (!s->out) {
		cJSON *full = NULL;
		char *txt;
		int64_t id = (int64_t)cJSON_GetObjectItemCaseSensitive(row, "id")->valuedouble;
		if ((s->rc = store_lead_document(s->ctx->db, id, &full)))
			return s->rc;
		cJSON_DeleteItemFromObjectCaseSensitive(full, "changes");
		txt = cJSON_PrintUnformatted(full);
		if (!txt) {
			cJSON_Delete(full);
			return s->rc = diag_error(LC_SOFTWARE, "out of memory");
		}
		printf("%s%s", s->first ? "\n" : ",\n", txt);
		s->first = 0;
		free(txt);
		cJSON_Delete(full);
		return 0;
	}
	cells = calloc(n, sizeof *cells);
	bufs = calloc(n, sizeof *bufs);
	if (!cells || !bufs) {
		free(cells);
		free(bufs);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	for (i = 0; i < NEXPORT; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, export_fields[i]);
		if (cJSON_IsString(v))
			cells[i] = v->valuestring;
		else if (cJSON_IsNumber(v)) {
			snprintf(bufs[i], sizeof bufs[i], "%.15g", v->valuedouble);
			cells[i] = bufs[i];
		}
	}
	{
		const cJSON *acc = cJSON_GetObjectItemCaseSensitive(row, "account");
		cells[NEXPORT] = cJSON_IsObject(acc) ? jstr(acc, "name") : NULL;
	}
	for (i = 0; i < NCONSENT; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(
		        cJSON_GetObjectItemCaseSensitive(row, "consent"), export_consent[i]);
		cells[NEXPORT + 1 + i] = cJSON_IsBool(v)     ? (cJSON_IsTrue(v) ? "yes" : "no")
		                         : cJSON_IsString(v) ? v->valuestring
		                                             : NULL;
	}
	for (i = 0; i < s->nkeys; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(
		        cJSON_GetObjectItemCaseSensitive(row, "custom"), s->keys[i]);
		cells[NFIXED + i] = cJSON_IsString(v) ? v->valuestring : NULL;
	}
	{
		struct idlist_entry *ids = NULL;
		size_t nids = 0;
		char *text = NULL;
		char *reason = NULL, amount[32], currency[4];
		int64_t cents;
		int64_t id = (int64_t)cJSON_GetObjectItemCaseSensitive(row, "id")->valuedouble;
		if ((s->rc = store_identity_list(s->ctx->db, id, &ids, &nids)) == 0 &&
		    !(text = idlist_format(ids, nids)))
			s->rc = diag_error(LC_SOFTWARE, "out of memory");
		idlist_free(ids, nids);
		if (!s->rc)
			s->rc = store_stage_entry(s->ctx->db, id, &reason, &cents, currency);
		cells[NIDS] = text;
		cells[NENTRY] = reason;
		if (!s->rc && cents >= 0) {
			snprintf(amount, sizeof amount, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
			cells[NENTRY + 1] = amount;
			cells[NENTRY + 2] = currency[0] ? currency : NULL;
		}
		if (!s->rc)
			out_row(s->out, cells);
		free(text);
		free(reason);
	}
	free(cells);
	free(bufs);
	return s->rc;
}

static const struct lc_optdef list_opts[] = {
	{ "stage", 0, 1, "STAGE", "only leads in this stage" },
	{ "owner", 0, 1, "NAME", "only this owner's leads ('-' for unassigned)" },
	{ "source", 0, 1, "CHANNEL", "only leads from this source" },
	{ "campaign", 0, 1, "NAME", "only leads from this campaign" },
	{ "account", 0, 1, "REF", "only leads of this account (number, domain or name)" },
	{ "since", 0, 1, "DATE", "created at or after DATE (local)" },
	{ "until", 0, 1, "DATE", "created before DATE (local)" },
	{ "search", 0, 1, "TEXT", "text in name, e-mail, company, title, phone, id or touch notes" },
	{ "sort", 0, 1, "KEY", "id, created, score, name, stage, company, activity; -KEY descending" },
	{ "limit", 0, 1, "N", "at most N leads (list on a terminal: the first 50 unless --limit or --all)" },
	{ "all", 0, 0, NULL, "every lead, also on a terminal" },
	{ "incomplete", 0, 0, NULL, "leads missing a field the SLA requires, with what is missing" },
	{ 0 },
};

/* export --person LEAD: everything held about one person (right of
 * access, GDPR art. 15), as one JSON object. */
static int export_person(struct lc_ctx *ctx, const struct lc_args *args)
{
	cJSON *j = NULL;
	size_t i;
	int rc;

	if (ctx->format_given && ctx->format != OUT_JSON)
		return cli_usage_error(ctx->cmd, "--person writes JSON only");
	for (i = 0; list_opts[i].name; i++)
		if (args_has(args, list_opts[i].name))
			return cli_usage_error(ctx->cmd,
			                       "--person exports one person: --%s does not go with it",
			                       list_opts[i].name);
	if (args->npos > 0)
		return cli_usage_error(ctx->cmd, "--person exports one person: no TEXT filter goes with it");
	/* the person: CMD_LEAD resolved --person, refusing an ambiguous
	 * reference (CMD_EXACT): never another person's data */
	if ((rc = store_person_json(ctx->db, ctx->lead, &j)))
		return rc;
	out_json(stdout, j);
	cJSON_Delete(j);
	return 0;
}

static int cmd_export(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead_filter f;
	struct export_state s;
	enum out_format fmt = ctx->format_given ? ctx->format : OUT_CSV;
	size_t i;
	int rc;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.first = 1;
	if (args_get(args, "person"))
		return export_person(ctx, args);
	if (fmt != OUT_CSV && fmt != OUT_JSON && fmt != OUT_TSV)
		return cli_usage_error(ctx->cmd, "export writes csv, tsv or json");
	if ((rc = fill_filter(ctx, args, &f)))
		return rc;
	if (fmt == OUT_JSON) {
		fputs("[", stdout);
		rc = each_lead_json(ctx->db, &f, export_row, &s);
		fputs(s.count ? "\n]\n" : "]\n", stdout);
		return rc;
	}
	if ((rc = each_lead_json(ctx->db, &f, collect_keys, &s)))
		goto cleanup;
	if (s.nkeys > 1)
		qsort(s.keys, s.nkeys, sizeof *s.keys, cmpstr);
	s.cols = calloc(NFIXED + s.nkeys, sizeof *s.cols);
	if (!s.cols) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < NEXPORT; i++) {
		s.cols[i].name = export_fields[i];
		s.cols[i].type = strcmp(export_fields[i], "id") == 0 ||
		                                 strcmp(export_fields[i], "employees") == 0 ||
		                                 strcmp(export_fields[i], "score") == 0
		                         ? OT_NUM
		                         : OT_STR;
	}
	s.cols[NEXPORT].name = "account";
	s.cols[NEXPORT].type = OT_STR;
	for (i = 0; i < NCONSENT; i++) {
		s.cols[NEXPORT + 1 + i].name = export_consent[i];
		s.cols[NEXPORT + 1 + i].type = OT_STR;
	}
	s.cols[NIDS].name = "identities";
	s.cols[NIDS].type = OT_STR;
	s.cols[NENTRY].name = "stage_reason";
	s.cols[NENTRY + 1].name = "won_amount";
	s.cols[NENTRY + 2].name = "won_currency";
	for (i = NENTRY; i < NFIXED; i++)
		s.cols[i].type = OT_STR;
	for (i = 0; i < s.nkeys; i++) {
		char *name = malloc(strlen(s.keys[i]) + 8);
		sprintf(name, "custom.%s", s.keys[i]);
		s.cols[NFIXED + i].name = name;
		s.cols[NFIXED + i].type = OT_STR;
	}
	s.out = out_begin(stdout, fmt, s.cols, NFIXED + s.nkeys);
	rc = each_lead_json(ctx->db, &f, export_row, &s);
	out_end(s.out);
cleanup:
	for (i = 0; i < s.nkeys; i++) {
		free(s.keys[i]);
		if (s.cols)
			free((char *)s.cols[NFIXED + i].name);
	}
	free(s.keys);
	free(s.cols);
	return rc;
}

static const struct lc_optdef add_opts[] = {
	{ "at", 0, 1, "TIME", "when the lead was created (default now; backfill history)" },
	{ 0 },
};

static const struct lc_optdef show_opts[] = {
	{ "account", 0, 0, NULL, "show the account REF (number, domain or name) and its leads" },
	{ 0 },
};

static const struct lc_optdef person_opts[] = {
	{ "person", 0, 1, "LEAD",
	  "everything held about one person as JSON: record, consent, history, touches, events, changes, "
	  "merges, imports, erasure (right of access)" },
	{ 0 },
};

static const struct lc_optdef edit_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_add_entry = {
	.name = "add",
	.summary = "add a lead and print its number",
	.usage = "--email ADDR | --external-id ID | --phone PHONE [FIELD OPTIONS]",
	.help = "A lead is identified by its e-mail (trimmed, lower-cased), else the source system's\n"
	        "record id, else its phone; two leads never share one.  Its account is found or created\n"
	        "from the e-mail's domain (unless free-mail), else the website's domain, else the company\n"
	        "name.  With an SLA in force the lead is scored, qualified and routed at once.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_WRITE | CMD_TX,
	.opts = add_opts,
	.more = cmd_lead_field_opts,
	.fn = cmd_add,
};

const struct lc_cmd cmd_show_entry = {
	.name = "show",
	.summary = "show a lead: fields, account, score, SLA status, history, touches, events",
	.usage = "LEAD | --account REF",
	.help = "LEAD is a lead number (or lead:N, #N), an e-mail, a phone or a record id; explicit forms\n"
	        "email:ADDR, phone:NUM, ext:ID (any system) and SYSTEM:ID (zoho:1177).  A bare number that\n"
	        "is also another lead's record id shows the lead number, with a note; commands that change\n"
	        "something refuse it (exit 65) and list the candidates (README 'Identity and accounts').\n"
	        "--format json prints the record with the lists history, touches, events, identities,\n"
	        "assignments and changes (see README).",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_LEAD,
	.not_lead = "account",
	.opts = show_opts,
	.fn = cmd_show,
};

const struct lc_cmd cmd_list_entry = {
	.name = "list",
	.summary = "list leads, with filters",
	.usage = "[TEXT] [--stage S] [--owner O] [--source S] [--campaign C] [--since D] [--until D] "
	         "[--limit N | --all]",
	.help = "TEXT (or --search) matches names, e-mail, company, title, phone, id and touch notes,\n"
	        "ignoring the case of every letter and the accents of Latin, Greek and Cyrillic ones\n"
	        "('LÓPEZ' and 'lopez' find 'López', 'STRASSE' finds 'Straße').  --sort name and\n"
	        "--sort company follow the Unicode collation (case ignored, 'Lead 9' before 'Lead 10'),\n"
	        "the same in every locale.  Dates are local to the SLA's time zone.",
	.min_pos = 0,
	.max_pos = 1,
	.flags = CMD_DB,
	.opts = list_opts,
	.fn = cmd_list,
};

const struct lc_cmd cmd_edit_entry = {
	.name = "edit",
	.summary = "change a lead's fields (an empty value clears one)",
	.usage = "LEAD [FIELD OPTIONS]",
	.help = "Every changed field is recorded (who, when, old and new value) and shown by\n"
	        "'leadctl show LEAD --format json' under \"changes\".",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = edit_opts,
	.more = cmd_lead_field_opts,
	.fn = cmd_edit,
};

const struct lc_cmd cmd_export_entry = {
	.name = "export",
	.summary = "export leads as CSV (default) or JSON",
	.usage = "[--format csv|tsv|json] [LIST FILTERS] | --person LEAD",
	.help = "CSV has one column per field, custom fields as custom.KEY; cells that a spreadsheet\n"
	        "would run as a formula (starting with = + - @ tab or CR) get a leading '.  JSON is an\n"
	        "array of full lead records with history, touches, events and assignments.\n"
	        "--person LEAD prints everything held about one person as one JSON object (the record,\n"
	        "consent, history, touches, events, assignments, changes, merges into it with their\n"
	        "snapshots, the imports that touched it with their before-images, obligations, breaches\n"
	        "and its erasure): what a data subject may ask for (GDPR art. 15).",
	.min_pos = 0,
	.max_pos = 1,
	.flags = CMD_DB | CMD_LEAD | CMD_EXACT,
	.lead_opt = "person",
	.opts = list_opts,
	.more = person_opts,
	.fn = cmd_export,
};
