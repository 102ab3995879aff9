/* out: table / tsv / csv / json writers (see out.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <unistr.h>
#include <uniwidth.h>

#include "leadctl/diag.h"
#include "leadctl/out.h"
#include "leadctl/outfile.h"
#include "leadctl/vec.h"

static int color_mode = -1;
static int redirected;           /* stdout goes into an out_file */
static int paging;               /* stdout is held for the pager (out_page_begin) */
static int page_rows, page_cols; /* the terminal's size when paging began */

void out_set_color(int mode)
{
	color_mode = mode;
}

int out_is_tty(void)
{
	const char *f = getenv("LEADCTL_TTY");

	if (redirected)
		return 0;
	if (f && *f)
		return strcmp(f, "0") != 0;
	if (paging)
		return 1;
	return isatty(STDOUT_FILENO);
}

int out_color(void)
{
	const char *nc = getenv("NO_COLOR");

	if (color_mode >= 0)
		return color_mode;
	if (nc && *nc)
		return 0;
	return out_is_tty();
}

int out_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "table") == 0)
		return OUT_TABLE;
	if (strcmp(s, "tsv") == 0)
		return OUT_TSV;
	if (strcmp(s, "csv") == 0)
		return OUT_CSV;
	if (strcmp(s, "json") == 0)
		return OUT_JSON;
	if (strcmp(s, "html") == 0)
		return OUT_HTML;
	if (strcmp(s, "ics") == 0)
		return OUT_ICS;
	return -1;
}

enum out_format out_resolve(enum out_format f)
{
	if (f == OUT_AUTO)
		return out_is_tty() ? OUT_TABLE : OUT_TSV;
	return f;
}

struct out {
	FILE *f;
	enum out_format fmt;
	const struct out_col *cols;
	size_t ncols;
	char **cells;      /* buffered rows (table and json), nrows * ncols */
	size_t nrows, cap; /* rows buffered, rows allocated in cells */
	size_t alert_cap;  /* rows allocated in alert */
	int wrote_header;
	int escape;              /* show control characters escaped (tables, TSV, anything on a terminal) */
	unsigned char *alert;    /* per buffered row: 1 = shown in the alert colour (out_row_alert) */
	unsigned long long keep; /* bit c: column c is never cut (out_keep) */
};

/* Length of the formula trigger at the start of s (0 when none): = + - @
 * tab CR LF (OWASP "CSV Injection"), and the full-width forms U+FF1D ＝,
 * U+FF0B ＋, U+FF0D －, U+FF20 ＠ that spreadsheets also evaluate. */
static int formula_start(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (strchr("=+-@\t\r\n", s[0]) && s[0])
		return 1;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBC &&
	    (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0))
		return 1;
	return 0;
}

char *out_csv_safe(const char *s)
{
	char *r;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if (formula_start(s, n)) {
		r = malloc(n + 2);
		if (!r)
			return NULL;
		r[0] = '\'';
		memcpy(r + 1, s, n + 1);
		return r;
	}
	return strdup(s);
}

int out_csv_field(FILE *f, const char *s, size_t n, int neutralise)
{
	size_t i;

	fputc('"', f);
	if (neutralise && formula_start(s, n))
		fputc('\'', f);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
	return ferror(f) ? -1 : 0;
}

/* Bytes of the UTF-8 sequence at s (1-4), or 0 when it is not a valid one
 * (overlong, surrogate, beyond U+10FFFF, truncated). */
static int utf8_len(const unsigned char *s, unsigned long *cp)
{
	int n, i;
	unsigned long c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return n;
}

/* 1 for the bidirectional embeddings, overrides and isolates (U+202A-202E,
 * U+2066-2069) that reorder what a terminal shows (CVE-2021-42574). */
static int is_bidi_control(unsigned long cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *out_term_safe(const char *s, int flatten)
{
	const unsigned char *p = (const unsigned char *)s;
	char *r, *w;

	if (!s)
		return NULL;
	/* the longest escape, "<U+202E>", is 8 bytes for a 3-byte sequence; "\xNN" 4 for 1 */
	r = malloc(strlen(s) * 4 + 1);
	if (!r)
		return NULL;
	w = r;
	while (*p) {
		unsigned long cp;
		int n = utf8_len(p, &cp);

		if (n == 0) {
			w += sprintf(w, "\\x%02X", *p);
			p++;
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			*w++ = flatten ? ' ' : (char)cp;
			p++;
		} else if (cp < 0x20 || cp == 0x7F) {
			*w++ = '^';
			*w++ = (char)(cp == 0x7F ? '?' : cp + 0x40);
			p++;
		} else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
			w += sprintf(w, "<U+%04lX>", cp);
			p += n;
		} else {
			memcpy(w, p, (size_t)n);
			w += n;
			p += n;
		}
	}
	*w = '\0';
	return r;
}

int out_put_term(FILE *f, const char *s)
{
	char *safe = out_term_safe(s, 1);

	if (!safe)
		return s ? -1 : 0;
	fputs(safe, f);
	free(safe);
	return ferror(f) ? -1 : 0;
}

void out_vline(FILE *f, const char *fmt, va_list ap)
{
	char buf[2048], *msg = buf, *safe;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n >= (int)sizeof buf && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	if (!msg)
		msg = buf; /* out of memory: the line cut at sizeof buf */
	if ((safe = out_term_safe(msg, 1)) != NULL) {
		fputs(safe, f);
		free(safe);
	} else {
		/* out of memory: control bytes as '?', the rest as it is */
		const unsigned char *p;
		for (p = (const unsigned char *)msg; *p; p++)
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
	}
	fputc('\n', f);
	if (msg != buf)
		free(msg);
}

void out_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vline(stdout, fmt, ap);
	va_end(ap);
}

struct out *out_begin(FILE *f, enum out_format fmt, const struct out_col *cols, size_t ncols)
{
	struct out *o = calloc(1, sizeof *o);

	if (!o)
		return NULL;
	o->f = f;
	o->fmt = out_resolve(fmt);
	o->cols = cols;
	o->ncols = ncols;
	o->escape = o->fmt == OUT_TABLE || o->fmt == OUT_TSV || (f == stdout && out_is_tty());
	return o;
}

/* A TSV cell: a formula neutralised, control characters escaped, tabs and
 * line breaks as spaces (so a cell never splits a row). */
static void put_tsv_cell(FILE *f, const char *s, enum out_type type)
{
	char *safe;

	if (!s)
		return;
	if (type == OT_STR && formula_start(s, strlen(s)))
		fputc('\'', f);
	safe = out_term_safe(s, 1);
	if (safe)
		fputs(safe, f);
	free(safe);
}

static void put_csv_cell(FILE *f, const char *s, enum out_type type, int escape)
{
	char *safe = type == OT_STR ? out_csv_safe(s) : (s ? strdup(s) : NULL);
	const char *p;

	if (!safe)
		return;
	if (escape) {
		char *t = out_term_safe(safe, 0);
		free(safe);
		if (!(safe = t))
			return;
	}
	if (strpbrk(safe, ",\"\r\n") || (safe[0] == ' ') || (*safe && safe[strlen(safe) - 1] == ' ')) {
		fputc('"', f);
		for (p = safe; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(safe, f);
	}
	free(safe);
}

static void put_header(struct out *o)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		if (i)
			fputc(o->fmt == OUT_CSV ? ',' : '\t', o->f);
		if (o->fmt == OUT_CSV)
			put_csv_cell(o->f, o->cols[i].name, OT_STR, o->escape);
		else
			put_tsv_cell(o->f, o->cols[i].name, OT_STR);
	}
	fputc(o->fmt == OUT_CSV ? '\r' : '\n', o->f);
	if (o->fmt == OUT_CSV)
		fputc('\n', o->f);
	o->wrote_header = 1;
}

int out_row(struct out *o, const char *const *cells)
{
	size_t i;

	if (o->fmt == OUT_TSV || o->fmt == OUT_CSV) {
		if (!o->wrote_header)
			put_header(o);
		for (i = 0; i < o->ncols; i++) {
			if (i)
				fputc(o->fmt == OUT_CSV ? ',' : '\t', o->f);
			if (o->fmt == OUT_CSV)
				put_csv_cell(o->f, cells[i], o->cols[i].type, o->escape);
			else
				put_tsv_cell(o->f, cells[i], o->cols[i].type);
		}
		fputs(o->fmt == OUT_CSV ? "\r\n" : "\n", o->f);
		return 0;
	}
	/* a row's cells are one element; each array keeps its own capacity, so
	 * a failure to grow the second leaves both consistent */
	if (vec_reserve((void **)&o->cells, &o->cap, o->nrows + 1,
	                (o->ncols ? o->ncols : 1) * sizeof *o->cells) ||
	    vec_reserve((void **)&o->alert, &o->alert_cap, o->nrows + 1, sizeof *o->alert))
		return -1;
	for (i = 0; i < o->ncols; i++) {
		char *c = NULL;
		if (cells[i] && !(c = o->fmt == OUT_TABLE ? out_term_safe(cells[i], 1) : strdup(cells[i]))) {
			while (i-- > 0)
				free(o->cells[o->nrows * o->ncols + i]);
			return -1;
		}
		o->cells[o->nrows * o->ncols + i] = c;
	}
	o->alert[o->nrows] = 0;
	o->nrows++;
	return 0;
}

/* A table too wide for the terminal, as psql's expanded display: a rule
 * per row, then "column  value" lines, each within width. */
static void print_records(struct out *o, size_t width)
{
	size_t lw = 0, r, c, k;

	for (c = 0; c < o->ncols; c++)
		if (out_display_width(o->cols[c].name) > lw)
			lw = out_display_width(o->cols[c].name);
	if (lw > width / 2)
		lw = width / 2;
	for (r = 0; r < o->nrows; r++) {
		int alert = o->alert[r] && out_color();
		fprintf(o->f, "%s-[ %zu ]", alert ? "\033[31m" : "", r + 1);
		for (k = 6 + (r + 1 >= 10) + (r + 1 >= 100); k < width && k < 40; k++)
			fputc('-', o->f);
		fputc('\n', o->f);
		for (c = 0; c < o->ncols; c++) {
			const char *v = o->cells[r * o->ncols + c];
			size_t nw = out_display_width(o->cols[c].name);
			if (!*o->cols[c].name && (!v || !*v))
				continue;
			out_put_fitted(o->f, o->cols[c].name, lw);
			fprintf(o->f, "%*s  ", (int)(nw < lw ? lw - nw : 0), "");
			out_put_fitted(o->f, v ? v : "", width > lw + 2 ? width - lw - 2 : 1);
			fputc('\n', o->f);
		}
		if (alert)
			fputs("\033[0m", o->f);
	}
}

/* The narrowest a text column is cut to: below that a name or an address
 * no longer reads ("Bruno …"), and leaving a column out serves better. */
#define CUT_FLOOR 10

/* Which columns a table shows on a terminal width columns wide: every
 * column whose widest cell fits; else, while the columns cut to their floor
 * (CUT_FLOOR, never below the header; numbers and kept columns whole) do not
 * fit, the rightmost text column that is neither kept nor one of the first
 * two is left out (so `list` drops campaign and source before it cuts names
 * to nothing, `next` its rule, a report its bars; numbers are never left
 * out: a report that cannot show them all is shown one record a block).
 * Silent, as gh is: TSV and JSON always carry every column.  shown[c] gets
 * 1 or 0; min[c] the floor of c. */
static void choose_columns(const struct out *o, const size_t *w, size_t width, size_t *min,
                           unsigned char *shown)
{
	size_t c, need;

	for (c = 0; c < o->ncols; c++) {
		size_t head = out_display_width(o->cols[c].name), floor = head > CUT_FLOOR ? head : CUT_FLOOR;
		shown[c] = 1;
		min[c] = o->cols[c].type != OT_STR || (c < 64 && (o->keep >> c & 1)) || w[c] < floor ? w[c]
		                                                                                     : floor;
	}
	for (;;) {
		for (c = 0, need = 0; c < o->ncols; c++)
			need += shown[c] ? min[c] + (need ? 2 : 0) : 0;
		if (!width || need <= width)
			return;
		for (c = o->ncols; c-- > 2;)
			if (shown[c] && o->cols[c].type == OT_STR && !(c < 64 && (o->keep >> c & 1)))
				break;
		if (c < 2)
			return; /* nothing more to leave out: too narrow */
		shown[c] = 0;
	}
}

static void print_table(struct out *o)
{
	size_t *w = calloc(o->ncols, sizeof *w), r, c, total, width = out_term_width();
	size_t *min = calloc(o->ncols, sizeof *min);
	size_t *sw = calloc(o->ncols, sizeof *sw), *smin = calloc(o->ncols, sizeof *smin), ns;
	unsigned char *shown = calloc(o->ncols ? o->ncols : 1, 1);

	if (!w || !min || !sw || !smin || !shown)
		goto done;
	for (c = 0; c < o->ncols; c++)
		w[c] = out_display_width(o->cols[c].name);
	for (r = 0; r < o->nrows; r++)
		for (c = 0; c < o->ncols; c++) {
			size_t x = out_display_width(o->cells[r * o->ncols + c]);
			if (x > w[c])
				w[c] = x;
		}
	choose_columns(o, w, width, min, shown);
	for (c = 0, ns = 0; c < o->ncols; c++)
		if (shown[c]) {
			sw[ns] = w[c];
			smin[ns++] = min[c];
		}
	out_fit_widths(sw, smin, ns, width);
	for (c = 0, total = 0; c < ns; c++)
		total += sw[c] + (c ? 2 : 0);
	if (width && total > width) {
		/* Too narrow even for the first columns: one record a block. */
		print_records(o, width);
		goto done;
	}
	for (c = 0, ns = 0; c < o->ncols; c++)
		w[c] = shown[c] ? sw[ns++] : 0;
	for (r = 0; r <= o->nrows; r++) {
		int alert = r > 0 && o->alert[r - 1] && out_color();
		size_t last = o->ncols;
		while (last > 0 && !shown[last - 1])
			last--;
		if (alert)
			fputs("\033[31m", o->f);
		for (c = 0, ns = 0; c < o->ncols; c++) {
			const char *s = r == 0 ? o->cols[c].name : o->cells[(r - 1) * o->ncols + c];
			const char *tmp = s ? s : "";
			size_t tw = out_display_width(tmp), pad = tw < w[c] ? w[c] - tw : 0;
			int right = r > 0 && (o->cols[c].type == OT_INT || o->cols[c].type == OT_NUM);
			int bold = r == 0 && out_color();
			if (!shown[c])
				continue;
			if (ns++)
				fputs("  ", o->f);
			if (right)
				fprintf(o->f, "%*s", (int)pad, "");
			if (bold)
				fputs("\033[1m", o->f);
			out_put_fitted(o->f, tmp, w[c]); /* cells were escaped by out_row */
			if (bold)
				fputs("\033[0m", o->f);
			if (!right && c + 1 < last)
				fprintf(o->f, "%*s", (int)pad, "");
		}
		if (alert)
			fputs("\033[0m", o->f);
		fputc('\n', o->f);
	}
done:
	free(w);
	free(min);
	free(sw);
	free(smin);
	free(shown);
}

static void print_json(struct out *o)
{
	cJSON *arr = cJSON_CreateArray();
	size_t r, c;

	for (r = 0; r < o->nrows; r++) {
		cJSON *obj = cJSON_CreateObject();
		for (c = 0; c < o->ncols; c++) {
			const char *s = o->cells[r * o->ncols + c];
			cJSON *v;
			if (!s)
				v = cJSON_CreateNull();
			else if (o->cols[c].type == OT_INT || o->cols[c].type == OT_NUM)
				v = cJSON_CreateRaw(s);
			else if (o->cols[c].type == OT_BOOL)
				v = cJSON_CreateBool(strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
			else
				v = cJSON_CreateString(s);
			cJSON_AddItemToObject(obj, o->cols[c].name, v);
		}
		cJSON_AddItemToArray(arr, obj);
	}
	out_json(o->f, arr);
	cJSON_Delete(arr);
}

int out_end(struct out *o)
{
	size_t i;
	int rc;

	if (!o)
		return -1;
	if (o->fmt == OUT_TABLE)
		print_table(o);
	else if (o->fmt == OUT_JSON)
		print_json(o);
	else if (!o->wrote_header)
		put_header(o);
	for (i = 0; i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->alert);
	rc = ferror(o->f) ? -1 : 0;
	free(o);
	return rc;
}

int out_json(FILE *f, const cJSON *v)
{
	char *s = out_is_tty() ? cJSON_Print(v) : cJSON_PrintUnformatted(v);

	if (!s)
		return -1;
	fputs(s, f);
	fputc('\n', f);
	free(s);
	return ferror(f) ? -1 : 0;
}

/* ---- -o FILE -------------------------------------------------------------- */

int out_file_begin(const char *path, const char *db_path, struct out_file *of)
{
	struct outfile_guard g = { db_path, NULL, 0 };
	int rc;

	memset(of, 0, sizeof *of);
	of->saved_fd = -1;
	if ((rc = outfile_begin(&of->file, "-o", path, &g, OUTFILE_REPLACE)))
		return rc;
	fflush(stdout);
	if ((of->saved_fd = dup(STDOUT_FILENO)) < 0 || dup2(fileno(of->file.f), STDOUT_FILENO) < 0) {
		int e = errno;
		out_file_abort(of);
		return diag_error(LC_CANTCREAT, "-o: cannot write '%s': %s", path, strerror(e));
	}
	redirected = 1;
	return 0;
}

/* Put the original stdout back; 0, or the errno of a failed flush of what
 * the command printed. */
static int out_file_restore(struct out_file *of)
{
	int err = 0;

	if (of->saved_fd >= 0) {
		if (fflush(stdout) != 0 || ferror(stdout))
			err = errno ? errno : EIO;
		dup2(of->saved_fd, STDOUT_FILENO);
		close(of->saved_fd);
		of->saved_fd = -1;
	}
	clearerr(stdout);
	redirected = 0;
	return err;
}

void out_file_abort(struct out_file *of)
{
	out_file_restore(of);
	outfile_abort(&of->file);
	of->saved_fd = -1;
}

int out_file_commit(struct out_file *of)
{
	char *path;
	int err = out_file_restore(of);

	if (!err)
		return outfile_commit(&of->file);
	path = strdup(of->file.path ? of->file.path : "");
	outfile_abort(&of->file);
	diag_error(LC_IOERR, "-o: cannot write '%s': %s", path ? path : "", outfile_strerror(err));
	free(path);
	return LC_IOERR;
}

/* ---- the terminal: display width, fitting, colour of rows, pager ---------- */

void out_keep(struct out *o, size_t col)
{
	if (o && col < 64)
		o->keep |= 1ull << col;
}

void out_row_alert(struct out *o)
{
	if (o->nrows && o->alert)
		o->alert[o->nrows - 1] = 1;
}

size_t out_display_width(const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end;
	size_t w = 0;

	if (!s)
		return 0;
	end = p + strlen(s);
	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, (size_t)(end - p)), cw = uc_width(uc, "UTF-8");
		w += cw > 0 ? (size_t)cw : 0;
		p += n > 0 ? n : 1;
	}
	return w;
}

void out_put_fitted(FILE *f, const char *s, size_t width)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
	size_t w = 0;

	if (out_display_width(s) <= width) {
		fputs(s, f);
		return;
	}
	if (width == 0)
		return;
	/* Keep whole characters (a combining mark stays with its base) up to
	 * width - 1 columns, then the ellipsis. */
	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, (size_t)(end - p)), cw = uc_width(uc, "UTF-8");
		size_t step = cw > 0 ? (size_t)cw : 0;
		if (n < 1)
			n = 1;
		if (w + step > width - 1)
			break;
		fwrite(p, 1, (size_t)n, f);
		w += step;
		p += n;
	}
	fputs("…", f);
	for (w++; w < width; w++)
		fputc(' ', f);
}

void out_fit_widths(size_t *w, const size_t *min, size_t n, size_t width)
{
	size_t total = 0, i;

	if (!width || !n)
		return;
	for (i = 0; i < n; i++)
		total += w[i];
	total += 2 * (n - 1);
	while (total > width) {
		size_t best = n;
		for (i = 0; i < n; i++) {
			size_t floor = min[i] > 5 ? min[i] : 5;
			if (w[i] > floor && (best == n || w[i] > w[best]))
				best = i;
		}
		if (best == n)
			return; /* as narrow as it gets */
		w[best]--;
		total--;
	}
}

/* The terminal's size from stdout, or 0s. */
static void term_size(int *rows, int *cols)
{
	struct winsize ws;

	*rows = *cols = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}

size_t out_term_width(void)
{
	const char *env = getenv("COLUMNS");
	int rows, cols;

	if (!out_is_tty())
		return 0;
	if (paging)
		return (size_t)page_cols;
	term_size(&rows, &cols);
	if (cols > 0)
		return (size_t)cols;
	if (env && atoi(env) > 0)
		return (size_t)atoi(env);
	return 0;
}

static FILE *page_file;     /* what the command printed, while paging */
static int page_saved = -1; /* the terminal's stdout */

/* The pager command: LEADCTL_PAGER, else PAGER, else "less"; NULL when
 * set to "" or "cat" (no pager). */
static const char *pager_command(void)
{
	const char *p = getenv("LEADCTL_PAGER");

	if (!p)
		p = getenv("PAGER");
	if (!p)
		p = "less";
	while (*p == ' ')
		p++;
	return *p && strcmp(p, "cat") != 0 ? p : NULL;
}

int out_page_begin(void)
{
	if (paging || redirected || !isatty(STDOUT_FILENO) || !pager_command())
		return 0;
	term_size(&page_rows, &page_cols);
	if (page_rows <= 0 || !(page_file = tmpfile()))
		return 0;
	fflush(stdout);
	if ((page_saved = dup(STDOUT_FILENO)) < 0 || dup2(fileno(page_file), STDOUT_FILENO) < 0) {
		if (page_saved >= 0)
			close(page_saved);
		page_saved = -1;
		fclose(page_file);
		page_file = NULL;
		return 0;
	}
	paging = 1;
	return 1;
}

/* Copy the held output to f. */
static void page_copy(FILE *f)
{
	char buf[8192];
	size_t n;

	rewind(page_file);
	while ((n = fread(buf, 1, sizeof buf, page_file)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			break;
}

int out_page_end(void)
{
	char buf[8192];
	size_t n, lines = 0, i;
	FILE *pager = NULL;
	int shown = 0;

	if (!paging)
		return 0;
	fflush(stdout);
	dup2(page_saved, STDOUT_FILENO);
	close(page_saved);
	page_saved = -1;
	paging = 0;
	clearerr(stdout);
	rewind(page_file);
	while ((n = fread(buf, 1, sizeof buf, page_file)) > 0)
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
	/* Longer than the screen (a line kept for the prompt): the pager. */
	if (lines >= (size_t)page_rows) {
		/* less: quit when it fits, keep colours, leave the text on the
		 * screen (git's defaults), unless the user set LESS. */
		setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 1);
		fflush(stdout);
		if ((pager = popen(pager_command(), "w"))) {
			page_copy(pager);
			shown = pclose(pager) != -1;
		}
	}
	if (!shown)
		page_copy(stdout);
	fclose(page_file);
	page_file = NULL;
	return shown;
}
