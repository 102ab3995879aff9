/* out: table / tsv / csv / json writers (see out.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadctl/out.h"

static int color_mode = -1;

void out_set_color(int mode)
{
	color_mode = mode;
}

int out_is_tty(void)
{
	const char *f = getenv("LEADCTL_TTY");

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
};

char *out_csv_safe(const char *s)
{
	char *r;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if (n && strchr("=+-@\t\r", s[0])) {
		r = malloc(n + 2);
		if (!r)
			return NULL;
		r[0] = '\'';
		memcpy(r + 1, s, n + 1);
		return r;
	}
	return strdup(s);
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
	return o;
}

static void put_tsv_cell(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void put_csv_cell(FILE *f, const char *s, enum out_type type)
{
	char *safe = type == OT_STR ? out_csv_safe(s) : (s ? strdup(s) : NULL);
	const char *p;

	if (!safe)
		return;
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
			put_csv_cell(o->f, o->cols[i].name, OT_STR);
		else
			put_tsv_cell(o->f, o->cols[i].name);
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
				put_csv_cell(o->f, cells[i], o->cols[i].type);
			else
				put_tsv_cell(o->f, cells[i]);
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
	for (i = 0; i < o->ncols; i++)
		o->cells[o->nrows * o->ncols + i] = cells[i] ? strdup(cells[i]) : NULL;
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
			for (const char *p = tmp; *p; p++)
				fputc(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p, o->f);
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
