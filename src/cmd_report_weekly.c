/* report weekly: the manager's Monday page, one HTML file.
 *
 *   leadctl report weekly --format html -o weekly.html
 *   leadctl report weekly --week 2026-W46 -o w46.html
 *
 * It computes the funnel, response, leak and cac reports of the period
 * (report_compute: the same model and views as the text reports), the
 * funnel of the trend weeks by week (MQLs against commitment), the
 * histogram of time to first touch and the leaked leads from the MQL
 * cohort the leak report reads, and every owner's most overdue leads from
 * the work list of `leadctl next`; report_html.c renders them. */
#include <stdlib.h>
#include <string.h>

#include "leadctl/check.h"
#include "leadctl/cli.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/lead.h"
#include "leadctl/report_view.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* Most overdue leads shown per owner. */
#define OVERDUE_PER_OWNER 5

void weekly_clear(struct weekly *w)
{
	size_t i, j;

	report_table_free(w->funnel);
	for (i = 0; i < w->nweeks; i++)
		report_table_free(w->weeks[i]);
	report_table_free(w->response);
	report_table_free(w->leak);
	report_table_free(w->cac);
	for (i = 0; i < w->nleaked; i++) {
		free(w->leaked[i].name);
		free(w->leaked[i].company);
		free(w->leaked[i].owner);
		free(w->leaked[i].source);
		free(w->leaked[i].reason);
	}
	free(w->leaked);
	for (i = 0; i < w->nowners; i++) {
		free(w->owners[i].owner);
		for (j = 0; j < w->owners[i].n; j++) {
			struct weekly_overdue *v = &w->owners[i].v[j];
			free(v->name);
			free(v->company);
			free(v->owed);
			free(v->due);
			free(v->rule);
		}
	}
	free(w->owners);
	free(w->sla_name);
	memset(w, 0, sizeof *w);
}

/* strdup of a possibly NULL string; *bad = 1 when out of memory. */
static char *dup_or_null(const char *s, int *bad)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*bad = 1;
	return d;
}

/* The leak report's cohort walk: bucket the touched members, keep the
 * leaked ones (names are read afterwards). */
static int on_member(void *arg, const struct report_cohort *c)
{
	struct weekly *w = arg;
	struct weekly_leaked *l;
	int bad = 0;

	if (c->has_response)
		w->buckets[weekly_bucket_of(c->response_s < 0 ? 0 : c->response_s)]++;
	if (!c->leaked)
		return 0;
	if (!(l = realloc(w->leaked, (w->nleaked + 1) * sizeof *l)))
		return diag_error(LC_SOFTWARE, "out of memory");
	w->leaked = l;
	l = &w->leaked[w->nleaked++];
	memset(l, 0, sizeof *l);
	l->id = c->lead_id;
	l->state = c->state;
	l->mql_at = c->mql_at;
	l->owner = dup_or_null(c->k.owner, &bad);
	l->source = dup_or_null(c->k.source, &bad);
	l->reason = dup_or_null(c->reason, &bad);
	return bad ? diag_error(LC_SOFTWARE, "out of memory") : 0;
}

/* Leaked leads by MQL entry, then id. */
static int cmp_leaked(const void *a, const void *b)
{
	const struct weekly_leaked *x = a, *y = b;

	if (x->mql_at != y->mql_at)
		return x->mql_at < y->mql_at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Names and companies of the leaked leads. */
static int load_leaked_names(struct lc_ctx *ctx, struct weekly *w)
{
	size_t i;
	int rc, bad = 0;

	qsort(w->leaked, w->nleaked, sizeof *w->leaked, cmp_leaked);
	for (i = 0; i < w->nleaked; i++) {
		struct lc_lead l;
		char buf[512];
		lead_init(&l);
		if ((rc = store_lead_load(ctx->db, w->leaked[i].id, &l))) {
			lead_clear(&l);
			return rc;
		}
		if (l.first_name || l.last_name)
			snprintf(buf, sizeof buf, "%s%s%s", l.first_name ? l.first_name : "",
			         l.first_name && l.last_name ? " " : "", l.last_name ? l.last_name : "");
		else
			snprintf(buf, sizeof buf, "%s",
			         l.email         ? l.email
			         : l.external_id ? l.external_id
			                         : "");
		w->leaked[i].name = dup_or_null(buf, &bad);
		w->leaked[i].company = dup_or_null(l.company, &bad);
		lead_clear(&l);
	}
	return bad ? diag_error(LC_SOFTWARE, "out of memory") : 0;
}

/* Owners by name, unassigned last. */
static int cmp_owner(const void *a, const void *b)
{
	const struct weekly_owner *x = a, *y = b;

	if (!x->owner || !y->owner)
		return !x->owner - !y->owner;
	return strcmp(x->owner, y->owner);
}

/* Every owner's most overdue leads, from the work list of `next`. */
static int load_overdue(struct lc_ctx *ctx, struct weekly *w)
{
	const struct lc_sla *sla;
	struct lc_next_query q = { NULL, 0, ctx->now, 0 };
	struct lc_next_item *items = NULL;
	size_t n = 0, i, k;
	int version, more = 0, rc, bad = 0;

	if ((rc = engine_sla(ctx->db, &sla, &version)) || !sla)
		return rc;
	if ((rc = check_worklist(ctx->db, sla, &q, &items, &n, &more)))
		return rc;
	for (i = 0; i < n && !bad; i++) {
		const struct lc_next_item *it = &items[i];
		struct weekly_owner *o = NULL;
		char owed[64], due[64];
		if (it->group != NEXT_OVERDUE)
			continue;
		for (k = 0; k < w->nowners && !o; k++)
			if ((!w->owners[k].owner && !it->owner) ||
			    (w->owners[k].owner && it->owner && strcmp(w->owners[k].owner, it->owner) == 0))
				o = &w->owners[k];
		if (!o) {
			struct weekly_owner *no = realloc(w->owners, (w->nowners + 1) * sizeof *no);
			if (!no) {
				bad = 1;
				break;
			}
			w->owners = no;
			o = &w->owners[w->nowners++];
			memset(o, 0, sizeof *o);
			o->owner = dup_or_null(it->owner, &bad);
		}
		o->total++;
		if (o->n == OVERDUE_PER_OWNER)
			continue;
		next_owed_text(it, ctx->now, owed, sizeof owed);
		next_due_text(it->due, ctx->now, due, sizeof due);
		o->v[o->n].id = it->lead;
		o->v[o->n].due_at = it->due;
		o->v[o->n].name = dup_or_null(it->name, &bad);
		o->v[o->n].company = dup_or_null(it->company, &bad);
		o->v[o->n].owed = dup_or_null(owed, &bad);
		o->v[o->n].due = dup_or_null(due, &bad);
		o->v[o->n].rule = dup_or_null(it->rule, &bad);
		o->n++;
	}
	next_items_free(items, n);
	if (w->nowners)
		qsort(w->owners, w->nowners, sizeof *w->owners, cmp_owner);
	return bad ? diag_error(LC_SOFTWARE, "out of memory") : 0;
}

/* The funnel of each trend week: the `weeks` whole ISO weeks ending with
 * the week of P's last day, each computed as `report funnel --week W`. */
static int load_trend(struct lc_ctx *ctx, struct weekly *w, long long weeks)
{
	struct report_date last = report_date_add(w->funnel->p.until, -1);
	struct report_date monday = report_date_add(last, 1 - report_weekday(last));
	long long k;
	int rc;

	for (k = weeks - 1; k >= 0; k--) {
		struct report_request q = { 0 };
		char key[16];
		int y, wk;
		report_iso_week(report_date_add(monday, -7 * k), &y, &wk);
		snprintf(key, sizeof key, "%04d-W%02d", y, wk);
		q.week = key;
		if ((rc = report_compute(ctx, "funnel", &q, &w->weeks[w->nweeks])))
			return rc;
		w->nweeks++;
	}
	return 0;
}

static int cmd_report_weekly(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct report_request q = { 0 };
	struct weekly w;
	long long weeks;
	int rc;

	memset(&w, 0, sizeof w);
	if (ctx->format_given && ctx->format != OUT_HTML)
		return cli_usage_error(ctx->cmd,
		                       "--format: the weekly report is HTML only; for the numbers use "
		                       "'leadctl report funnel|response|leak|cac --format json'");
	if ((rc = cli_int_opt(ctx, args, "weeks", 1, 53, 8, &weeks)))
		return rc;
	q.since = args_get(args, "since");
	q.until = args_get(args, "until");
	q.week = args_get(args, "week");
	q.month = args_get(args, "month");
	w.now = ctx->now;
	if ((rc = report_compute(ctx, "funnel", &q, &w.funnel)) ||
	    (rc = report_compute(ctx, "response", &q, &w.response)) ||
	    (rc = report_compute(ctx, "cac", &q, &w.cac)))
		goto done;
	q.on_cohort = on_member;
	q.arg = &w;
	if ((rc = report_compute(ctx, "leak", &q, &w.leak)))
		goto done;
	if ((rc = load_trend(ctx, &w, weeks)) || (rc = load_leaked_names(ctx, &w)) ||
	    (rc = load_overdue(ctx, &w)))
		goto done;
	snprintf(w.tz, sizeof w.tz, "%s", w.funnel->tz);
	w.sla_version = w.funnel->sla_version;
	{
		struct report_sla s = { 0 };
		if ((rc = report_store_sla(ctx->db, &s)))
			goto done;
		w.sla_name = s.name;
		s.name = NULL;
		report_sla_clear(&s);
	}
	if (report_html_write(stdout, &w) != 0)
		rc = diag_error(LC_IOERR, "report weekly: cannot write the report: write error");
done:
	weekly_clear(&w);
	return rc;
}

static const struct lc_optdef weekly_opts[] = {
	{ "weeks", 0, 1, "N", "weeks in the MQLs-against-commitment chart (default 8)" },
	{ 0 },
};

const struct lc_cmd cmd_report_weekly_entry = {
	.name = "report weekly",
	.summary = "the week on one HTML page: funnel, MQLs vs commitment, response, leak, CAC, overdue",
	.usage = "[--week YYYY-Www | --month YYYY-MM | --since DATE [--until DATE]] [--weeks N] [--format "
	         "html] "
	         "[-o FILE]",
	.help = "One self-contained HTML file (inline CSS and SVG charts, no script, nothing fetched), for "
	        "a\n"
	        "browser, a mail or paper: the funnel with stage-to-stage conversion; MQLs against the "
	        "SLA's\n"
	        "commitment in each of the --weeks whole ISO weeks up to the week of P's last day (each as\n"
	        "'report funnel --week W'); the time from MQL entry\n"
	        "to first touch (a histogram) and the SLA hygiene; the leak with the leaked leads listed; "
	        "CAC\n"
	        "by channel; the five most overdue leads of every owner (as 'leadctl next' orders them).\n"
	        "The figures are those of 'leadctl report funnel|response|leak|cac' for the same period, "
	        "and\n"
	        "each carries data-report/data-col/data-value attributes naming its origin.  Times are "
	        "shown\n"
	        "in the SLA's time zone, named in the header.  The period P is chosen as for every report\n"
	        "(default: the last complete ISO week before now).  See docs/reports.md.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_HTML,
	.opts = weekly_opts,
	.more = report_period_opts,
	.fn = cmd_report_weekly,
};
