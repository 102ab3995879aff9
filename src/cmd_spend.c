/* spend add, spend import, spend list: what marketing spent per channel,
 * for the cac report (cost per lead / MQL / SQL, CAC, ROI) and the leak
 * report (spend wasted).
 *
 *   leadctl spend add --channel paid_search --amount 1500 --currency EUR --from 2026-11-01 --to 2026-11-30
 *   leadctl spend add --channel events --campaign fair --amount 800.50 --currency EUR --date 2026-11-12
 *   leadctl spend import spend.csv
 *   leadctl spend list --since 2026-11-01 --until 2026-12-01
 *
 * A spend row covers whole local days [start, end], both included; its
 * channel is compared with the leads' source.  `spend import` reads a CSV
 * (UTF-8 or UTF-16 with BOM; delimiter sniffed) whose header names
 * channel, amount, currency, and date or start_date and end_date
 * (campaign optional; names matched ignoring case, spaces and '_'); it is
 * all or nothing: the first bad row is an error naming FILE:LINE and
 * nothing is written.  Each file is logged as an import: `import list`
 * shows it, `import undo` removes its rows, and the same content is not
 * imported twice without --force.  Format: docs/import.md. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/csvmap.h"
#include "leadctl/csvread.h"
#include "leadctl/datefmt.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/money.h"
#include "leadctl/sha256.h"
#include "leadctl/sla.h"
#include "leadctl/spend.h"
#include "leadctl/store.h"
#include "leadctl/vec.h"

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int spend_date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i, leap;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Days in [start, end], both valid dates. */
static int64_t span_days(const char *start, const char *end)
{
	return days_from_civil(atoi(end), atoi(end + 5), atoi(end + 8)) -
	       days_from_civil(atoi(start), atoi(start + 5), atoi(start + 8)) + 1;
}

/* An amount: digits, optional ',' thousands groups, optional '.' and at
 * most two decimals ("1500", "1,500.50").  A comma that is not a thousands
 * separator ("1500,50", a decimal comma) is refused rather than misread.
 * Returns 0 and *cents, or -1. */
static int parse_amount(const char *s, int64_t *cents)
{
	const char *p;

	for (p = s; *p && *p != '.'; p++)
		if (*p == ',' &&
		    (p == s || strspn(p + 1, "0123456789") != 3 || (p[4] && p[4] != ',' && p[4] != '.')))
			return -1;
	return cmd_money_parse(s, cents);
}

/* A currency code: three ASCII letters, stored upper-case. */
static int parse_currency(const char *s, char out[4])
{
	int i;

	if (!s || strlen(s) != 3)
		return -1;
	for (i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return -1;
		out[i] = (char)toupper((unsigned char)s[i]);
	}
	out[3] = '\0';
	return 0;
}

/* Warn once when spend in currency cur would be added to amounts in
 * another one: the reports add cents as they are.  Returns 0 or a status. */
static int currency_check(struct lc_ctx *ctx, const char *cur, int *warned)
{
	const struct lc_sla *sla;
	char other[4];
	int version, rc;

	if (*warned)
		return 0;
	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	if (sla && sla->currency[0]) {
		snprintf(other, sizeof other, "%s", strcmp(sla->currency, cur) ? sla->currency : "");
	} else if ((rc = store_spend_other_currency(ctx->db, cur, other))) {
		return rc;
	}
	if (other[0]) {
		diag_warn("spend in %s beside amounts in %s%s: reports add amounts as they are, without "
		          "conversion",
		          cur, other, sla && sla->currency[0] ? " (the SLA's economics currency)" : "");
		*warned = 1;
	}
	return 0;
}

/* Totals per currency for the summary of an import. */
#define MAX_CURRENCIES 8
struct totals {
	char cur[MAX_CURRENCIES][4];   /* currency codes, in order of appearance */
	int64_t cents[MAX_CURRENCIES]; /* their totals */
	int n;                         /* codes in use */
	int more;                      /* 1 when more currencies were seen */
};

static void totals_add(struct totals *t, const char *cur, int64_t cents)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->cur[i], cur) == 0) {
			t->cents[i] += cents;
			return;
		}
	if (t->n == MAX_CURRENCIES) {
		t->more = 1;
		return;
	}
	snprintf(t->cur[t->n], sizeof t->cur[0], "%s", cur);
	t->cents[t->n++] = cents;
}

static int cmd_spend_add(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_change c = { ctx->actor, ORIGIN_CLI, ctx->now, 0, 0 };
	struct lc_spend s;
	const char *v, *date = args_get(args, "date"), *from = args_get(args, "from"),
	               *to = args_get(args, "to");
	char money[32];
	int64_t id;
	int rc, warned = 0;

	memset(&s, 0, sizeof s);
	s.channel = args_get(args, "channel");
	s.campaign = args_get(args, "campaign");
	if (!s.channel || !*s.channel)
		return cli_usage_error(ctx->cmd, "--channel is required: the leads' source the money went to "
		                                 "(e.g. paid_search)");
	if (s.campaign && !*s.campaign)
		s.campaign = NULL;
	if (!(v = args_get(args, "amount")))
		return cli_usage_error(ctx->cmd, "--amount is required (e.g. 1500 or 1,500.50)");
	if (parse_amount(v, &s.amount_cents) != 0)
		return cli_usage_error(ctx->cmd,
		                       "--amount '%s' is not an amount: use digits with at most two decimals "
		                       "after a '.' (1500, 1,500.50)",
		                       v);
	if (!(v = args_get(args, "currency")))
		return cli_usage_error(ctx->cmd, "--currency is required (a three-letter code such as EUR)");
	if (parse_currency(v, s.currency) != 0)
		return cli_usage_error(ctx->cmd,
		                       "--currency '%s' is not a three-letter code such as EUR or USD", v);
	if (date && (from || to))
		return cli_usage_error(ctx->cmd, "give --date D or --from D --to D, not both");
	if (!date && (!from || !to))
		return cli_usage_error(ctx->cmd,
		                       "give the days the money covers: --date D, or --from D and --to D");
	if (date)
		from = to = date;
	if (!spend_date_valid(from))
		return cli_usage_error(ctx->cmd, "--%s '%s' is not a date: use YYYY-MM-DD",
		                       date ? "date" : "from", from);
	if (!spend_date_valid(to))
		return cli_usage_error(ctx->cmd, "--to '%s' is not a date: use YYYY-MM-DD", to);
	if (strcmp(to, from) < 0)
		return cli_usage_error(ctx->cmd, "--to %s is before --from %s", to, from);
	snprintf(s.start_date, sizeof s.start_date, "%s", from);
	snprintf(s.end_date, sizeof s.end_date, "%s", to);
	if ((rc = currency_check(ctx, s.currency, &warned)) || (rc = store_spend_add(ctx->db, &s, &c, &id)))
		return rc;
	cmd_money_format(s.amount_cents, money, sizeof money);
	printf("spend %" PRId64 ": %s%s%s%s, %s to %s (%" PRId64 " day%s): %s %s\n", id, s.channel,
	       s.campaign ? " (" : "", s.campaign ? s.campaign : "", s.campaign ? ")" : "", s.start_date,
	       s.end_date, span_days(s.start_date, s.end_date),
	       span_days(s.start_date, s.end_date) == 1 ? "" : "s", money, s.currency);
	return 0;
}

/* Columns of a spend file, by normalised header name. */
enum spend_col { SC_CHANNEL, SC_CAMPAIGN, SC_DATE, SC_START, SC_END, SC_AMOUNT, SC_CURRENCY, SC_COUNT };
static const char *const spend_col_names[SC_COUNT] = { "channel", "campaign", "date",    "startdate",
	                                               "enddate", "amount",   "currency" };
static const char spend_cols_text[] = "channel, campaign, date, start_date, end_date, amount, currency";

/* Resolve the header into col[] (column index per spend_col, -1 = none).
 * Returns 0 or an exit status after one error naming path:line. */
static int spend_header(const char *path, struct csvread *rd, int col[SC_COUNT])
{
	const char *const *h;
	size_t n = csvread_header(rd, &h), i;
	long line = csvread_header_line(rd);
	int k;
	char norm[64];

	for (k = 0; k < SC_COUNT; k++)
		col[k] = -1;
	for (i = 0; i < n; i++) {
		csvmap_norm_name(h[i], norm, sizeof norm);
		for (k = 0; k < SC_COUNT && strcmp(norm, spend_col_names[k]) != 0; k++)
			;
		if (k == SC_COUNT)
			return diag_error(LC_DATAERR,
			                  "spend import: %s:%ld: unknown column '%s': the columns are %s "
			                  "(nothing was imported)",
			                  path, line, h[i], spend_cols_text);
		if (col[k] >= 0)
			return diag_error(LC_DATAERR,
			                  "spend import: %s:%ld: columns '%s' and '%s' are both %s "
			                  "(nothing was imported)",
			                  path, line, h[col[k]], h[i], spend_col_names[k]);
		col[k] = (int)i;
	}
	if (col[SC_CHANNEL] < 0 || col[SC_AMOUNT] < 0 || col[SC_CURRENCY] < 0)
		return diag_error(LC_DATAERR,
		                  "spend import: %s:%ld: no '%s' column: a spend file has channel, amount, "
		                  "currency, and date or start_date and end_date (nothing was imported)",
		                  path, line,
		                  col[SC_CHANNEL] < 0  ? "channel"
		                  : col[SC_AMOUNT] < 0 ? "amount"
		                                       : "currency");
	if ((col[SC_START] < 0) != (col[SC_END] < 0) || (col[SC_DATE] < 0 && col[SC_START] < 0))
		return diag_error(LC_DATAERR,
		                  "spend import: %s:%ld: give a 'date' column, or 'start_date' and "
		                  "'end_date' columns (nothing was imported)",
		                  path, line);
	return 0;
}

/* The trimmed value of column k of a record ("" when the column is absent). */
static const char *field(const struct csvread_record *rec, const int col[SC_COUNT], int k, char *buf,
                         size_t n)
{
	const char *s, *e;

	if (col[k] < 0 || (size_t)col[k] >= rec->nfields)
		return "";
	s = rec->fields[col[k]];
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	snprintf(buf, n, "%.*s", (int)(e - s), s);
	return buf;
}

/* How a spend file writes amounts and dates (spend import options). */
struct spend_format {
	int has_decimal;        /* --decimal given */
	enum money_decimal dec; /* its separator */
	int has_dates;          /* --date-format given */
	struct datefmt dates;   /* it */
};

/* A date d of the file as "YYYY-MM-DD" into out (11 bytes): as written,
 * or read by the declared format.  Returns 0, or -1 with *why. */
static int spend_day(const struct spend_format *f, const char *d, char out[11], char *why, size_t n)
{
	lc_time t;
	char e[256], iso[32];

	if (!*d || !f->has_dates || spend_date_valid(d)) {
		snprintf(out, 11, "%s", d);
		return 0;
	}
	if (datefmt_parse(d, &f->dates, "UTC", &t, e, sizeof e) != 0) {
		snprintf(why, n, "%s", e);
		return -1;
	}
	clock_format_utc(t, iso, sizeof iso);
	snprintf(out, 11, "%.10s", iso);
	return 0;
}

/* One record into s (strings in the caller's buffers).  Returns NULL, or
 * what is wrong with it. */
static const char *spend_row(const struct csvread_record *rec, const int col[SC_COUNT],
                             const struct spend_format *f, struct lc_spend *s, char channel[256],
                             char campaign[256], char *why, size_t n)
{
	char amount[64], cur[16], d[3][32], days[3][11];
	const char *date = field(rec, col, SC_DATE, d[0], sizeof d[0]);
	const char *start = field(rec, col, SC_START, d[1], sizeof d[1]);
	const char *end = field(rec, col, SC_END, d[2], sizeof d[2]);

	if (spend_day(f, date, days[0], why, n) || spend_day(f, start, days[1], why, n) ||
	    spend_day(f, end, days[2], why, n))
		return why;
	date = days[0];
	start = days[1];
	end = days[2];

	s->channel = field(rec, col, SC_CHANNEL, channel, 256);
	s->campaign = field(rec, col, SC_CAMPAIGN, campaign, 256);
	if (!*s->channel)
		return "the channel is empty";
	if (!*s->campaign)
		s->campaign = NULL;
	field(rec, col, SC_AMOUNT, amount, sizeof amount);
	if (f->has_decimal) {
		char sym[4];
		if (money_parse(amount, f->dec, &s->amount_cents, sym) != 0) {
			snprintf(why, n, "amount '%s' is not an amount with a decimal %s", amount,
			         f->dec == MONEY_DECIMAL_COMMA ? "comma (1.500,50)" : "point (1,500.50)");
			return why;
		}
	} else if (parse_amount(amount, &s->amount_cents) != 0) {
		snprintf(why, n,
		         "amount '%s' is not an amount: use digits with at most two decimals after a '.' "
		         "(1500, 1,500.50), or declare --decimal comma (1.500,50)",
		         amount);
		return why;
	}
	field(rec, col, SC_CURRENCY, cur, sizeof cur);
	if (parse_currency(cur, s->currency) != 0) {
		snprintf(why, n, "currency '%s' is not a three-letter code such as EUR or USD", cur);
		return why;
	}
	if (*date && (*start || *end)) {
		snprintf(why, n, "give a date or a start_date and end_date, not both");
		return why;
	}
	if (*date)
		start = end = date;
	if (!*start || !*end) {
		snprintf(why, n, "no %s: give the days the money covers",
		         !*start && !*end ? "date"
		         : !*start        ? "start_date"
		                          : "end_date");
		return why;
	}
	if (!spend_date_valid(start) || !spend_date_valid(end)) {
		snprintf(why, n, "'%s' is not a date: use YYYY-MM-DD, or declare --date-format",
		         spend_date_valid(start) ? end : start);
		return why;
	}
	if (strcmp(end, start) < 0) {
		snprintf(why, n, "end_date %s is before start_date %s", end, start);
		return why;
	}
	snprintf(s->start_date, sizeof s->start_date, "%s", start);
	snprintf(s->end_date, sizeof s->end_date, "%s", end);
	return NULL;
}

/* sha256 of a file as hex.  Returns 0 or an exit status. */
static int hash_path(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	struct sha256 h;
	char buf[65536];
	size_t n;
	int failed;

	if (!f)
		return diag_error(LC_NOINPUT, "spend import: cannot open '%s': %s", path, strerror(errno));
	sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&h, buf, n);
	failed = ferror(f);
	fclose(f);
	if (failed)
		return diag_error(LC_IOERR, "spend import: cannot read '%s'", path);
	sha256_hex(&h, hex);
	return 0;
}

static int print_import_summary(struct lc_ctx *ctx, const char *path, int64_t id, int64_t rows,
                                const char *first, const char *last, const struct totals *t)
{
	char money[32];
	int i;

	if (ctx->format == OUT_JSON) {
		cJSON *o = cJSON_CreateObject(), *tot;
		cJSON_AddNumberToObject(o, "import", (double)id);
		cJSON_AddStringToObject(o, "file", path);
		cJSON_AddNumberToObject(o, "rows", (double)rows);
		cJSON_AddStringToObject(o, "from", first);
		cJSON_AddStringToObject(o, "to", last);
		tot = cJSON_AddObjectToObject(o, "totals");
		for (i = 0; i < t->n; i++)
			cJSON_AddNumberToObject(tot, t->cur[i], (double)t->cents[i] / 100.0);
		out_json(stdout, o);
		cJSON_Delete(o);
		return 0;
	}
	printf("import %" PRId64 ": %s: %" PRId64 " spend row%s added, %s to %s:", id, path, rows,
	       rows == 1 ? "" : "s", first, last);
	for (i = 0; i < t->n; i++) {
		cmd_money_format(t->cents[i], money, sizeof money);
		printf("%s %s %s", i ? " +" : "", money, t->cur[i]);
	}
	printf("%s\n", t->more ? " + more currencies" : "");
	return 0;
}

/* The currency check of spend import's rows: once per import. */
struct currency_state {
	struct lc_ctx *ctx;
	int warned;
};

/* Called by store_spend_import for each row before it is written, so that
 * a row is checked against the rows written before it. */
static int import_row_check(void *arg, const struct lc_spend *s)
{
	struct currency_state *cs = arg;

	return currency_check(cs->ctx, s->currency, &cs->warned);
}

/* spend import is phased: the file is read and every row checked first,
 * without the write lock; then store_spend_import writes them all in one
 * transaction (all or nothing). */
static int cmd_spend_import(struct lc_ctx *ctx, const struct lc_args *args)
{
	const char *path = args->pos[0];
	struct lc_change c = { ctx->actor, ORIGIN_IMPORT, ctx->now, 0, 0 };
	struct csvread_opts o;
	struct csvread *rd = NULL;
	struct csvread_record rec;
	struct totals t;
	struct currency_state chk = { ctx, 0 };
	struct lc_spend *rows = NULL;
	size_t nrows = 0, cap = 0, i;
	char hex[65], *err = NULL, first[11] = "", last[11] = "";
	int col[SC_COUNT], rc, st;
	int64_t prev, replaced = 0, import_id = 0;
	lc_time prev_at;
	struct spend_format f;
	const char *v;

	memset(&t, 0, sizeof t);
	memset(&f, 0, sizeof f);
	csvread_opts_init(&o);
	if ((v = args_get(args, "encoding")) && csvread_encoding_parse(v, &o.encoding) != 0)
		return cli_usage_error(ctx->cmd,
		                       "unknown encoding '%s': use utf-8, utf-16le, utf-16be, latin1 or "
		                       "windows-1252",
		                       v);
	if ((v = args_get(args, "delimiter")) && cmd_delimiter_parse(v, &o.delimiter) != 0)
		return cli_usage_error(ctx->cmd, "--delimiter '%s': use comma, semicolon or tab", v);
	if ((v = args_get(args, "decimal"))) {
		if (strcmp(v, "comma") != 0 && strcmp(v, "point") != 0)
			return cli_usage_error(ctx->cmd, "--decimal '%s': use comma or point", v);
		f.has_decimal = 1;
		f.dec = strcmp(v, "comma") == 0 ? MONEY_DECIMAL_COMMA : MONEY_DECIMAL_POINT;
	}
	datefmt_init(&f.dates);
	if ((v = args_get(args, "date-format"))) {
		char derr[256];
		if (datefmt_spec(v, &f.dates, derr, sizeof derr) != 0)
			return cli_usage_error(ctx->cmd, "--date-format '%s': %s", v, derr);
		f.has_dates = 1;
	}
	if ((rc = hash_path(path, hex)))
		return rc;
	if (!args_has(args, "force")) {
		if ((rc = store_import_find_sha(ctx->db, hex, &prev, &prev_at)))
			return rc;
		if (prev) {
			char when[32];
			clock_format_utc(prev_at, when, sizeof when);
			printf("%s: already imported as import %" PRId64
			       " (%s, same content): nothing changed "
			       "(--force imports it again)\n",
			       path, prev, when);
			return 0;
		}
	}
	if ((rc = csvread_open(path, &o, &rd, &err)) != 0) {
		rc = diag_error(rc == CSVREAD_EOPEN ? LC_NOINPUT
		                : rc == CSVREAD_EIO ? LC_IOERR
		                                    : LC_DATAERR,
		                "spend import: %s: %s (nothing was imported)", path,
		                err ? err : "cannot read");
		free(err);
		return rc;
	}
	if ((rc = spend_header(path, rd, col)))
		goto cleanup;
	/* Parse and check every row before taking the write lock. */
	while ((st = csvread_next(rd, &rec)) == CSVREAD_RECORD) {
		struct lc_spend s;
		char channel[256], campaign[256], why[256];
		const char *bad = rec.error;
		memset(&s, 0, sizeof s);
		if (bad) {
			/* "line 4: why" -> "FILE:4: why" */
			const char *p = strncmp(bad, "line ", 5) == 0 ? strstr(bad, ": ") : NULL;
			bad = p ? p + 2 : bad;
		} else {
			bad = spend_row(&rec, col, &f, &s, channel, campaign, why, sizeof why);
		}
		if (bad) {
			rc = diag_error(LC_DATAERR, "spend import: %s:%ld: %s (nothing was imported)", path,
			                rec.line, bad);
			goto cleanup;
		}
		if (vec_reserve((void **)&rows, &cap, nrows + 1, sizeof *rows) != 0 ||
		    !(s.channel = strdup(s.channel)) || (s.campaign && !(s.campaign = strdup(s.campaign)))) {
			if (s.channel != channel)
				free((char *)s.channel);
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		rows[nrows++] = s;
		totals_add(&t, s.currency, s.amount_cents);
		if (!first[0] || strcmp(s.start_date, first) < 0)
			snprintf(first, sizeof first, "%s", s.start_date);
		if (!last[0] || strcmp(s.end_date, last) > 0)
			snprintf(last, sizeof last, "%s", s.end_date);
	}
	if (st != CSVREAD_END) {
		rc = diag_error(st == CSVREAD_EIO ? LC_IOERR : LC_DATAERR,
		                "spend import: %s: %s (nothing was imported)", path,
		                csvread_error(rd) ? csvread_error(rd) : "cannot read");
		goto cleanup;
	}
	if (nrows == 0) {
		rc = diag_error(LC_DATAERR,
		                "spend import: %s: no spend rows after the header (nothing was imported)",
		                path);
		goto cleanup;
	}
	/* Then apply them in one transaction of the store's. */
	if ((rc = store_spend_import(ctx->db, path, hex, rows, nrows, &c, import_row_check, &chk, &import_id,
	                             &replaced)))
		goto cleanup;
	print_import_summary(ctx, path, import_id, (int64_t)nrows, first, last, &t);
	if (replaced)
		diag_note("%s: %" PRId64 " spend row%s of earlier imports for the same channel, campaign and "
		          "days replaced (spend is never doubled)",
		          path, replaced, replaced == 1 ? "" : "s");
cleanup:
	for (i = 0; i < nrows; i++) {
		free((char *)rows[i].channel);
		free((char *)rows[i].campaign);
	}
	free(rows);
	csvread_close(rd);
	return rc;
}

struct list_state {
	struct out *out;
};

static int list_row(void *arg, const struct lc_spend *s)
{
	struct list_state *ls = arg;
	char id[32], days[32], amount[32], imp[32];

	snprintf(id, sizeof id, "%" PRId64, s->id);
	snprintf(days, sizeof days, "%" PRId64, span_days(s->start_date, s->end_date));
	cmd_money_format(s->amount_cents, amount, sizeof amount);
	snprintf(imp, sizeof imp, "%" PRId64, s->import_id);
	return out_row(ls->out,
	               (const char *const[]){ id, s->channel, s->campaign, s->start_date, s->end_date, days,
	                                      amount, s->currency, s->import_id ? imp : NULL }) != 0
	               ? diag_error(LC_SOFTWARE, "out of memory")
	               : 0;
}

static int cmd_spend_list(struct lc_ctx *ctx, const struct lc_args *args)
{
	static const struct out_col cols[] = {
		{ "id", OT_INT },         { "channel", OT_STR },  { "campaign", OT_STR },
		{ "start_date", OT_STR }, { "end_date", OT_STR }, { "days", OT_INT },
		{ "amount", OT_NUM },     { "currency", OT_STR }, { "import", OT_INT },
	};
	const char *since = args_get(args, "since"), *until = args_get(args, "until");
	struct list_state ls;
	int rc;

	if (since && !spend_date_valid(since))
		return cli_usage_error(ctx->cmd, "--since '%s' is not a date: use YYYY-MM-DD", since);
	if (until && !spend_date_valid(until))
		return cli_usage_error(ctx->cmd, "--until '%s' is not a date: use YYYY-MM-DD", until);
	if (!(ls.out = out_begin(stdout, ctx->format, cols, sizeof cols / sizeof cols[0])))
		return diag_error(LC_SOFTWARE, "out of memory");
	rc = store_spend_each(ctx->db, since, until, args_get(args, "channel"), list_row, &ls);
	if (out_end(ls.out) != 0 && !rc)
		rc = diag_error(LC_IOERR, "spend list: cannot write the listing");
	return rc;
}

static const struct lc_optdef add_opts[] = {
	{ "channel", 0, 1, "CHANNEL", "the leads' source the money went to (e.g. paid_search)" },
	{ "campaign", 0, 1, "NAME", "the campaign, when the spend is for one" },
	{ "amount", 0, 1, "N", "the amount: 1500, 1500.50 or 1,500.50" },
	{ "currency", 0, 1, "CODE", "three-letter currency code (EUR, USD, ...)" },
	{ "date", 0, 1, "DATE", "the one day it covers (YYYY-MM-DD, local)" },
	{ "from", 0, 1, "DATE", "the first day it covers" },
	{ "to", 0, 1, "DATE", "the last day it covers (included)" },
	{ 0 },
};

static const struct lc_optdef import_opts[] = {
	{ "force", 0, 0, NULL,
	  "import a file again although the same content was imported before (its rows replace "
	  "the earlier ones)" },
	{ "encoding", 0, 1, "ENC",
	  "utf-8, utf-16le, utf-16be, latin1, windows-1252 (default: BOM or UTF-8)" },
	{ "delimiter", 0, 1, "D", "comma, semicolon or tab (default: sniffed)" },
	{ "decimal", 0, 1, "SEP", "comma (1.500,50) or point (1,500.50): how amounts write decimals" },
	{ "date-format", 0, 1, "F", "day_first, month_first or a pattern such as %d/%m/%Y" },
	{ 0 },
};

static const struct lc_optdef list_opts[] = {
	{ "since", 0, 1, "DATE", "rows that cover DATE or a later day" },
	{ "until", 0, 1, "DATE", "rows that cover a day before DATE" },
	{ "channel", 0, 1, "CHANNEL", "only this channel" },
	{ 0 },
};

const struct lc_cmd cmd_spend_add_entry = {
	.name = "spend add",
	.summary = "record marketing spend for a channel over some days",
	.usage = "--channel C --amount N --currency CODE (--date D | --from D --to D) [--campaign X]",
	.help = "The spend covers whole local days, both ends included, and is attributed to the leads\n"
	        "whose source is the channel (the cac report spreads it evenly over its days).  Exit 64 on "
	        "a\n"
	        "missing or bad option.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_WRITE | CMD_TX,
	.opts = add_opts,
	.fn = cmd_spend_add,
};

const struct lc_cmd cmd_spend_import_entry = {
	.name = "spend import",
	.summary = "import marketing spend from a CSV file (all rows or none)",
	.usage = "FILE [--force] [--encoding E] [--delimiter D] [--decimal comma|point] [--date-format F]",
	.help = "The header names the columns channel, amount, currency, and date or start_date and\n"
	        "end_date; campaign is optional (case, spaces and '_' do not matter).  Dates are\n"
	        "YYYY-MM-DD (or as --date-format declares), amounts 1500 or 1,500.50 (--decimal comma:\n"
	        "1.500,50).  Rows of earlier imports for the same channel, campaign and days are replaced,\n"
	        "never doubled.  The first bad row stops the import and nothing is\n"
	        "written: exit 65 naming FILE:LINE.  The file is logged as an import ('leadctl import\n"
	        "list'; 'leadctl import undo ID' removes its rows); the same content again changes\n"
	        "nothing unless --force.  Exit 66 when FILE is missing.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED,
	.opts = import_opts,
	.fn = cmd_spend_import,
};

const struct lc_cmd cmd_spend_list_entry = {
	.name = "spend list",
	.summary = "list recorded spend",
	.usage = "[--since D] [--until D] [--channel C]",
	.help = "Rows that share a day with [--since, --until): the end date on or after --since and the\n"
	        "start date before --until.  Columns: id, channel, campaign, start_date, end_date, days,\n"
	        "amount, currency, import (empty when added by hand).",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = list_opts,
	.fn = cmd_spend_list,
};
