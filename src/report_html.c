/* report_html: the weekly report as one self-contained HTML document.
 *
 * A view: it formats the structs of report_view.h and nothing else (no
 * SQL, no clock, no environment).  The document has inline CSS, inline SVG
 * charts and no script, so it opens the same in a browser, a mail client
 * and on paper.  Every figure taken from a report carries its origin
 * (data-report, data-col, data-group, data-value) so that a test can check
 * it against `leadctl report NAME --format json`. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "leadctl/report_view.h"

const int64_t weekly_bucket_upper[WEEKLY_NBUCKETS - 1] = { 5 * 60, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600 };
const char *const weekly_bucket_label[WEEKLY_NBUCKETS] = {
	"≤ 5m", "5m–1h", "1h–4h", "4h–1d", "1d–3d", "> 3d"
};

int weekly_bucket_of(int64_t seconds)
{
	int i;

	for (i = 0; i < WEEKLY_NBUCKETS - 1; i++)
		if (seconds <= weekly_bucket_upper[i])
			return i;
	return WEEKLY_NBUCKETS - 1;
}

void html_escape(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
}

/* ---- figures -------------------------------------------------------------- */

/* The data-* attributes naming a report cell (row r of t, r == nrows for
 * the total). */
static void cell_attrs(FILE *f, const struct report_table *t, size_t r, const char *col)
{
	const struct report_cell *c = report_table_cell(t, r, col);

	char since[16], until[16];

	report_date_format(t->p.since, since, sizeof since);
	report_date_format(t->p.until, until, sizeof until);
	fprintf(f, " data-report=\"%s\" data-period=\"%s\" data-since=\"%s\" data-until=\"%s\" data-col=\"",
	        t->name, t->p.label, since, until);
	html_escape(f, col);
	fputc('"', f);
	if (r < t->nrows) {
		fputs(" data-group=\"", f);
		html_escape(f, t->keys[r] ? t->keys[r] : "(none)");
		fputc('"', f);
	}
	fputs(" data-value=\"", f);
	fputs(c && c->has ? c->raw : "null", f);
	fputc('"', f);
}

/* A figure of a report as a <span>: its table text, "–" when empty or
 * when the report has no such column (a commitment without an SLA). */
static void fig(FILE *f, const struct report_table *t, size_t r, const char *col)
{
	const struct report_cell *c = report_table_cell(t, r, col);

	fputs("<span class=\"fig\"", f);
	if (c)
		cell_attrs(f, t, r, col);
	fputc('>', f);
	html_escape(f, c && c->has ? c->text : "–");
	fputs("</span>", f);
}

/* A table cell holding a figure. */
static void td_fig(FILE *f, const struct report_table *t, size_t r, const char *col)
{
	fputs("<td class=\"num\">", f);
	fig(f, t, r, col);
	fputs("</td>", f);
}

/* Text with figures: tmpl is HTML (trusted, from this file) in which each
 * {col} becomes the figure of that column of row r of t. */
static void prose(FILE *f, const struct report_table *t, size_t r, const char *tmpl)
{
	char col[64];

	while (*tmpl) {
		const char *open = strchr(tmpl, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!open || !close || (size_t)(close - open) >= sizeof col) {
			fputs(tmpl, f);
			return;
		}
		fwrite(tmpl, 1, (size_t)(open - tmpl), f);
		snprintf(col, sizeof col, "%.*s", (int)(close - open - 1), open + 1);
		fig(f, t, r, col);
		tmpl = close + 1;
	}
}

/* The value of a cell, 0 when empty or absent. */
static double val(const struct report_table *t, size_t r, const char *col)
{
	const struct report_cell *c = report_table_cell(t, r, col);

	return c && c->has ? c->value : 0;
}

/* ---- charts ----------------------------------------------------------------- */

/* One bar of a chart. */
struct bar {
	const char *label;            /* under or beside the bar */
	double value;                 /* its length */
	const char *text;             /* the value as shown */
	const struct report_table *t; /* the report it comes from, or NULL */
	size_t row;                   /* its row in t */
	const char *col;              /* its column in t */
	const char *color;            /* fill */
	double mark;                  /* vertical charts: a target tick (< 0 = none) */
};

#define C_MAIN "#2f6fad"
#define C_GOOD "#3c8d5a"
#define C_WARN "#d08b1f"
#define C_BAD "#c0392b"
#define C_MUTED "#8a94a3"

/* The opening of a chart. */
static void svg_open(FILE *f, const char *id, const char *title, size_t nbars, int w, int h)
{
	fprintf(f,
	        "<svg class=\"chart\" id=\"chart-%s\" data-bars=\"%zu\" role=\"img\" viewBox=\"0 0 %d %d\" "
	        "width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\"><title>",
	        id, nbars, w, h, w, h);
	html_escape(f, title);
	fputs("</title>", f);
}

/* The attributes of a bar: its origin and value. */
static void bar_attrs(FILE *f, const struct bar *b)
{
	if (b->t)
		cell_attrs(f, b->t, b->row, b->col);
	else
		fprintf(f, " data-value=\"%.0f\"", b->value);
}

/* The bar of column col of row r of t (r == nrows: the total). */
static struct bar bar_of(const char *label, const struct report_table *t, size_t r, const char *col,
                         const char *color)
{
	const struct report_cell *c = report_table_cell(t, r, col);

	return (struct bar){ label, c && c->has ? c->value : 0, c && c->has ? c->text : "–", t, r, col, color,
		             -1 };
}

/* Horizontal bars, one line each: label, bar, value. */
static void svg_hbars(FILE *f, const char *id, const char *title, const struct bar *b, size_t n)
{
	const int lw = 150, bw = 380, rowh = 26, w = lw + bw + 110;
	double max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].value > max)
			max = b[i].value;
	svg_open(f, id, title, n, w, (int)n * rowh + 8);
	for (i = 0; i < n; i++) {
		int y = 4 + (int)i * rowh;
		double len = max > 0 && b[i].value > 0 ? b[i].value / max * bw : 0;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", lw - 8, y + 17);
		html_escape(f, b[i].label);
		fprintf(f,
		        "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		        "fill=\"%s\"",
		        lw, y + 3, len < 1 && b[i].value > 0 ? 1 : len, rowh - 8,
		        b[i].color ? b[i].color : C_MAIN);
		bar_attrs(f, &b[i]);
		fprintf(f, "/><text x=\"%.1f\" y=\"%d\" class=\"val\">", lw + len + 6, y + 17);
		html_escape(f, b[i].text);
		fputs("</text>", f);
	}
	fputs("</svg>\n", f);
}

/* Vertical bars with labels under them and optional target ticks. */
static void svg_vbars(FILE *f, const char *id, const char *title, const struct bar *b, size_t n)
{
	const int h = 180, top = 20, base = top + h, w = 640;
	double max = 0, slot = n ? (double)(w - 40) / (double)n : 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i].value > max)
			max = b[i].value;
		if (b[i].mark > max)
			max = b[i].mark;
	}
	svg_open(f, id, title, n, w, base + 40);
	fprintf(f, "<line x1=\"20\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", base, w - 20, base);
	for (i = 0; i < n; i++) {
		double x = 20 + slot * (double)i, bw = slot * 0.6, len = max > 0 ? b[i].value / max * h : 0;
		fprintf(f,
		        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		        "fill=\"%s\"",
		        x + slot * 0.2, base - len, bw, len, b[i].color ? b[i].color : C_MAIN);
		bar_attrs(f, &b[i]);
		fprintf(f, "/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"val\">",
		        x + slot / 2, base - len - 4);
		html_escape(f, b[i].text);
		fprintf(f, "</text><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">",
		        x + slot / 2, base + 16);
		html_escape(f, b[i].label);
		fputs("</text>", f);
		if (b[i].mark >= 0 && max > 0) {
			double y = base - b[i].mark / max * h;
			fprintf(f,
			        "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			        "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
			        x + slot * 0.1, y, x + slot * 0.9, y, C_BAD);
		}
	}
	fputs("</svg>\n", f);
}

/* ---- sections ----------------------------------------------------------------- */

static const char *const stage_cols[] = { "new", "mql", "sql", "won", "lost", "nurture", "disqualified" };
static const char *const stage_labels[] = { "New", "MQL", "SQL", "Won", "Lost", "Nurture", "Disqualified" };

/* The funnel: entries per stage and the conversions between them. */
static void section_funnel(FILE *f, const struct weekly *w)
{
	static const char *const conv[][3] = {
		{ "MQL → SQL (of the MQL cohort)", "mql_to_sql", "mql_to_sql_rate" },
		{ "SQL → won (of the SQL cohort)", "sql_won", "sql_won_rate" },
		{ "SQL → lost", "sql_lost", "sql_lost_rate" },
		{ "SQL still open", "sql_open", "sql_open_rate" },
	};
	const struct report_table *t = w->funnel;
	size_t T = t->nrows, i;
	struct bar b[7];

	fputs("<section id=\"funnel\"><h2>Funnel</h2>\n<div class=\"tiles\">", f);
	for (i = 0; i < 4; i++) {
		fprintf(f, "<div class=\"tile\"><div class=\"k\">%s entered</div><div class=\"v\">",
		        stage_labels[i]);
		fig(f, t, T, stage_cols[i]);
		fputs("</div></div>", f);
	}
	fputs("<div class=\"tile\"><div class=\"k\">Win rate</div><div class=\"v\">", f);
	fig(f, t, T, "win_rate");
	fputs("</div></div></div>\n", f);
	for (i = 0; i < 7; i++)
		b[i] = bar_of(stage_labels[i], t, T, stage_cols[i], i < 4 ? C_MAIN : C_MUTED);
	svg_hbars(f, "funnel", "Leads that entered each stage in the period", b, 7);
	fputs("<table><thead><tr><th>Stage to stage</th><th>Leads</th><th>Rate</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < sizeof conv / sizeof conv[0]; i++) {
		fprintf(f, "<tr><td>%s</td>", conv[i][0]);
		td_fig(f, t, T, conv[i][1]);
		td_fig(f, t, T, conv[i][2]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (report_table_col(t, "mql_commitment") >= 0) {
		prose(f, t, T,
		      "<p>MQLs against the commitment (prorated by days): {mql} of {mql_commitment} = "
		      "{mql_attainment}.</p>\n");
	}
	fputs("</section>\n", f);
}

/* MQLs against the commitment, week by week. */
static void section_trend(FILE *f, const struct weekly *w)
{
	struct bar b[53] = { { 0 } };
	size_t i, n = w->nweeks;

	fputs("<section id=\"trend\"><h2>MQLs against commitment, by week</h2>\n<p class=\"sub\">The dashed "
	      "line is the SLA's monthly MQL commitment prorated to the week (none before an SLA states one)."
	      "</p>\n",
	      f);
	for (i = 0; i < n; i++) {
		const struct report_table *t = w->weeks[i];
		const struct report_cell *m = report_table_cell(t, t->nrows, "mql_commitment");
		double commit = m && m->has ? m->value : -1;
		b[i] = bar_of(t->p.label, t, t->nrows, "mql",
		              commit >= 0 && val(t, t->nrows, "mql") < commit ? C_WARN : C_MAIN);
		b[i].mark = commit;
	}
	svg_vbars(f, "trend", "MQLs per week against the commitment", b, n);
	fputs("<table><thead><tr><th>Week</th><th>MQLs</th><th>Commitment</th><th>Attainment</th></tr></"
	      "thead>"
	      "<tbody>\n",
	      f);
	for (i = 0; i < n; i++) {
		const struct report_table *t = w->weeks[i];
		fputs("<tr><td>", f);
		html_escape(f, t->p.label);
		fputs("</td>", f);
		td_fig(f, t, t->nrows, "mql");
		td_fig(f, t, t->nrows, "mql_commitment");
		td_fig(f, t, t->nrows, "mql_attainment");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* Time to the first touch and SLA hygiene. */
static void section_response(FILE *f, const struct weekly *w)
{
	static const char *const hy_cols[] = { "in_time", "late", "no_deadline", "never_touched" };
	static const char *const hy_labels[] = { "In time", "Late", "No deadline", "Never touched" };
	static const char *const hy_colors[] = { C_GOOD, C_WARN, C_MUTED, C_BAD };
	const struct report_table *t = w->response;
	size_t T = t->nrows, i;
	struct bar b[WEEKLY_NBUCKETS];
	char text[WEEKLY_NBUCKETS][24];

	prose(f, t, T,
	      "<section id=\"response\"><h2>Time to first touch and SLA hygiene</h2>\n<p>Of {cohort} MQLs, "
	      "{touched} were touched: median {response_median}, p90 {response_p90} after the MQL "
	      "entry.</p>\n");
	for (i = 0; i < WEEKLY_NBUCKETS; i++) {
		snprintf(text[i], sizeof text[i], "%zu", w->buckets[i]);
		b[i] = (struct bar){ weekly_bucket_label[i],
			             (double)w->buckets[i],
			             text[i],
			             NULL,
			             0,
			             NULL,
			             i < 2   ? C_GOOD
			             : i < 4 ? C_MAIN
			                     : C_WARN,
			             -1 };
	}
	svg_vbars(f, "response", "MQLs by time from the MQL entry to the first touch", b, WEEKLY_NBUCKETS);
	for (i = 0; i < 4; i++)
		b[i] = bar_of(hy_labels[i], t, T, hy_cols[i], hy_colors[i]);
	svg_hbars(f, "hygiene", "SLA hygiene of the MQL cohort", b, 4);
	prose(f, t, T,
	      "<p>Touched within the deadline: {in_time_rate}; late: {late_rate}; never: "
	      "{never_touched_rate}.</p></section>\n");
}

static const char *const state_cols[] = { "won",          "lost",         "disqualified",  "recycled",
	                                  "open_overdue", "open_stalled", "open_on_track", "other" };
static const char *const state_labels[] = { "Won",           "Lost",          "Disqualified",   "Recycled",
	                                    "Open, overdue", "Open, stalled", "Open, on track", "Other" };

/* Where the MQL cohort went, and the leaked leads. */
static void section_leak(FILE *f, const struct weekly *w)
{
	static const char *const colors[] = {
		C_GOOD, C_MUTED, C_MUTED, C_WARN, C_BAD, C_WARN, C_MAIN, C_MUTED
	};
	const struct report_table *t = w->leak;
	size_t T = t->nrows, i, n = 0;
	struct bar b[8] = { { 0 } };
	char when[32];

	prose(f, t, T,
	      "<section id=\"leak\"><h2>Leak</h2>\n<p>Of {cohort} MQLs, {leaked} leaked ({leaked_rate}): "
	      "never "
	      "reached SQL and are now recycled, disqualified or overdue. Spend wasted on them: "
	      "{spend_wasted}.</p>\n");
	for (i = 0; i < 8; i++) {
		if (report_table_col(t, state_cols[i]) >= 0)
			b[n++] = bar_of(state_labels[i], t, T, state_cols[i], colors[i]);
	}
	svg_hbars(f, "leak", "The MQL cohort by where it is now", b, n);
	fputs("<table><thead><tr><th>State: reason</th><th>Leads</th></tr></thead><tbody>\n", f);
	for (i = 0; i < t->ncols; i++)
		if (strchr(t->cols[i], ':')) {
			fputs("<tr><td>", f);
			html_escape(f, t->cols[i]);
			fputs("</td>", f);
			td_fig(f, t, T, t->cols[i]);
			fputs("</tr>\n", f);
		}
	fputs("</tbody></table>\n<h3>Leaked leads</h3>\n", f);
	if (!w->nleaked) {
		fputs("<p>None.</p></section>\n", f);
		return;
	}
	fputs("<table class=\"leads\" "
	      "id=\"leaked\"><thead><tr><th>#</th><th>Lead</th><th>Company</th><th>Owner</th>"
	      "<th>Source</th><th>Now</th><th>Reason</th><th>MQL at</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < w->nleaked; i++) {
		const struct weekly_leaked *l = &w->leaked[i];
		clock_format_local(l->mql_at, w->tz, when, sizeof when);
		fprintf(f, "<tr data-lead=\"%" PRId64 "\"><td class=\"num\">%" PRId64 "</td><td>", l->id,
		        l->id);
		html_escape(f, l->name);
		fputs("</td><td>", f);
		html_escape(f, l->company);
		fputs("</td><td>", f);
		html_escape(f, l->owner ? l->owner : "unassigned");
		fputs("</td><td>", f);
		html_escape(f, l->source);
		fputs("</td><td>", f);
		html_escape(f, l->state >= 0 && l->state < 8 ? state_labels[l->state] : "");
		fputs("</td><td>", f);
		html_escape(f, l->reason);
		fputs("</td><td>", f);
		html_escape(f, when);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* Customer acquisition cost per channel. */
static void section_cac(FILE *f, const struct weekly *w)
{
	static const char *const cols[] = { "spend",        "leads", "mqls",    "sqls", "wins",
		                            "cost_per_mql", "cac",   "revenue", "roi" };
	static const char *const heads[] = { "Spend",    "Leads", "MQLs",    "SQLs", "Wins",
		                             "Cost/MQL", "CAC",   "Revenue", "ROI" };
	const struct report_table *t = w->cac;
	struct bar b[64] = { { 0 } };
	size_t i, j, n = t->nrows < 64 ? t->nrows : 64;

	prose(f, t, t->nrows,
	      "<section id=\"cac\"><h2>CAC by channel</h2>\n<p>Blended CAC {cac} on a spend of {spend}; a "
	      "channel without a win in the period has no CAC (no bar).</p>\n");
	for (i = 0; i < n; i++) {
		b[i] = bar_of(t->keys[i] ? t->keys[i] : "(none)", t, i, "cac", C_MAIN);
	}
	svg_hbars(f, "cac", "Customer acquisition cost per channel", b, n);
	fputs("<table><thead><tr><th>Channel</th>", f);
	for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
		fprintf(f, "<th>%s</th>", heads[j]);
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i <= t->nrows; i++) {
		fputs(i < t->nrows ? "<tr><td>" : "<tr class=\"total\"><td>", f);
		html_escape(f, i < t->nrows ? (t->keys[i] ? t->keys[i] : "(none)") : "blended");
		fputs("</td>", f);
		for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
			td_fig(f, t, i, cols[j]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* The five most overdue leads of every owner. */
static void section_overdue(FILE *f, const struct weekly *w)
{
	size_t i, j;
	char when[32];

	fputs("<section id=\"overdue\"><h2>Most overdue leads per owner</h2>\n", f);
	if (!w->nowners)
		fputs("<p>No lead is overdue.</p>\n", f);
	for (i = 0; i < w->nowners; i++) {
		const struct weekly_owner *o = &w->owners[i];
		fputs("<h3 class=\"owner\" data-owner=\"", f);
		html_escape(f, o->owner ? o->owner : "-");
		fputs("\">", f);
		html_escape(f, o->owner ? o->owner : "Unassigned");
		fprintf(f, " <span class=\"sub\" data-overdue=\"%zu\">%zu overdue%s</span></h3>\n", o->total,
		        o->total, o->total > o->n ? ", the most overdue shown" : "");
		fputs("<table class=\"leads\"><thead><tr><th>#</th><th>Lead</th><th>Company</th><th>Owed</th>"
		      "<th>Due</th><th>Deadline</th><th>Rule</th></tr></thead><tbody>\n",
		      f);
		for (j = 0; j < o->n; j++) {
			const struct weekly_overdue *v = &o->v[j];
			clock_format_local(v->due_at, w->tz, when, sizeof when);
			fprintf(f,
			        "<tr class=\"overdue\" data-lead=\"%" PRId64 "\"><td class=\"num\">%" PRId64
			        "</td><td>",
			        v->id, v->id);
			html_escape(f, v->name);
			fputs("</td><td>", f);
			html_escape(f, v->company);
			fputs("</td><td>", f);
			html_escape(f, v->owed);
			fputs("</td><td>", f);
			html_escape(f, v->due);
			fputs("</td><td>", f);
			html_escape(f, when);
			fputs("</td><td>", f);
			html_escape(f, v->rule);
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	fputs("</section>\n", f);
}

static const char css[] =
        "body{font:14px/1.45 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1d2430;"
        "max-width:960px;margin:24px auto;padding:0 16px;background:#fff}"
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid "
        "#e3e7ee;"
        "padding-bottom:4px}h3{font-size:15px;margin:16px 0 "
        "6px}.sub{color:#5b6573;font-weight:normal;font-size:13px}"
        "table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:3px 10px;border-bottom:1px "
        "solid "
        "#e3e7ee;text-align:left;vertical-align:top}th{background:#f3f5f8}td.num{text-align:right;"
        "font-variant-numeric:tabular-nums}tr.total td{font-weight:bold}tr.overdue "
        "td:nth-child(5){color:#c0392b}"
        ".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}.tile{border:1px solid "
        "#e3e7ee;border-radius:6px;"
        "padding:8px 14px;min-width:90px}.tile .k{color:#5b6573;font-size:12px}.tile .v{font-size:22px;"
        "font-weight:bold}svg.chart{display:block;max-width:100%;height:auto;margin:8px 0}svg "
        ".lbl{font-size:12px;"
        "fill:#1d2430}svg .val{font-size:12px;fill:#1d2430}"
        "@media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:avoid}"
        "h2{break-after:avoid}}";

int report_html_write(FILE *f, const struct weekly *w)
{
	const struct report_table *t = w->funnel;
	char from[32], to[32], now_local[32], now_utc[32];

	report_date_format(t->p.since, from, sizeof from);
	report_date_format(t->p.until, to, sizeof to);
	clock_format_local(w->now, w->tz, now_local, sizeof now_local);
	clock_format_utc(w->now, now_utc, sizeof now_utc);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Weekly "
	      "report ",
	      f);
	html_escape(f, t->p.label[0] ? t->p.label : from);
	fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>Weekly report ", css);
	html_escape(f, t->p.label);
	fputs("</h1>\n<p class=\"sub\" id=\"period\" data-since=\"", f);
	fprintf(f, "%s\" data-until=\"%s\">Period [%s, %s) in ", from, to, from, to);
	html_escape(f, w->tz);
	fputs(" (times below in this zone) · made ", f);
	html_escape(f, now_local);
	fprintf(f, " (<time datetime=\"%s\">%s</time>) · ", now_utc, now_utc);
	if (w->sla_version) {
		fprintf(f, "SLA version %d", w->sla_version);
		if (w->sla_name) {
			fputs(" (", f);
			html_escape(f, w->sla_name);
			fputc(')', f);
		}
	} else {
		fputs("no SLA installed", f);
	}
	fputs("</p></header>\n", f);
	section_funnel(f, w);
	section_trend(f, w);
	section_response(f, w);
	section_leak(f, w);
	section_cac(f, w);
	section_overdue(f, w);
	fputs("<footer><p class=\"sub\">Made by leadctl from the report views of its database; the "
	      "definitions are in "
	      "docs/reports.md. The same numbers: <code>leadctl report "
	      "funnel|response|leak|cac</code>.</p></footer>\n"
	      "</body></html>\n",
	      f);
	return ferror(f) ? -1 : 0;
}
