/* out: table / tsv / csv / json writers (see out.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadctl/diag.h"
#include "leadctl/out.h"
#include "leadctl/outfile.h"

static int color_mode = -1;
static int redirected; /* stdout goes into an out_file */

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
	char **cells; /* buffered rows (table and json), nrows * ncols */
	size_t nrows, cap;
	int wrote_header;
	int escape; /* show control characters escaped (tables, TSV, anything on a terminal) */
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
	if (o->nrows == o->cap) {
		size_t ncap = o->cap ? o->cap * 2 : 16;
		char **n = realloc(o->cells, ncap * o->ncols * sizeof *n);
		if (!n)
			return -1;
		o->cells = n;
		o->cap = ncap;
	}
	for (i = 0; i < o->ncols; i++) {
		char *c = NULL;
		if (cells[i] && !(c = o->fmt == OUT_TABLE ? out_term_safe(cells[i], 1) : strdup(cells[i]))) {
			while (i-- > 0)
				free(o->cells[o->nrows * o->ncols + i]);
			return -1;
		}
		o->cells[o->nrows * o->ncols + i] = c;
	}
	o->nrows++;
	return 0;
}

/* Display width of UTF-8 text: code points, not bytes (wide CJK characters
 * count as one; good enough for names and companies). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void print_table(struct out *o)
{
	size_t *w = calloc(o->ncols, sizeof *w), r, c;

	if (!w)
		return;
	for (c = 0; c < o->ncols; c++)
		w[c] = text_width(o->cols[c].name);
	for (r = 0; r < o->nrows; r++)
		for (c = 0; c < o->ncols; c++) {
			size_t x = text_width(o->cells[r * o->ncols + c]);
			if (x > w[c])
				w[c] = x;
		}
	for (r = 0; r <= o->nrows; r++) {
		for (c = 0; c < o->ncols; c++) {
			const char *s = r == 0 ? o->cols[c].name : o->cells[(r - 1) * o->ncols + c];
			const char *tmp = s ? s : "";
			size_t pad = w[c] - text_width(tmp);
			int right = r > 0 && (o->cols[c].type == OT_INT || o->cols[c].type == OT_NUM);
			int bold = r == 0 && out_color();
			if (c)
				fputs("  ", o->f);
			if (right)
				fprintf(o->f, "%*s", (int)pad, "");
			if (bold)
				fputs("\033[1m", o->f);
			fputs(tmp, o->f); /* cells were escaped by out_row */
			if (bold)
				fputs("\033[0m", o->f);
			if (!right && c + 1 < o->ncols)
				fprintf(o->f, "%*s", (int)pad, "");
		}
		fputc('\n', o->f);
	}
	free(w);
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
