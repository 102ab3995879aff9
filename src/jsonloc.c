/* jsonloc: strict JSON syntax checking with line numbers and an index from
 * JSON pointers to lines (see include/leadctl/jsonloc.h).
 *
 * A recursive-descent scanner over the raw bytes.  It decodes keys (so that
 * pointers name the same keys cJSON will see) but builds no tree: values are
 * only checked and located. */
#include "leadctl/jsonloc.h"
#include "leadctl/vec.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer, always NUL-terminated once anything is in it. */
struct jbuf {
	char *p;    /* bytes; owned */
	size_t n;   /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
};

/* One key of the object being scanned, for duplicate detection. */
struct jkey {
	char *key;    /* decoded key; owned */
	int line;     /* line of the key */
	size_t order; /* position among the object's members */
};

/* The scanner's state. */
struct scanner {
	const unsigned char *s;    /* the text; borrowed */
	size_t len;                /* bytes in s */
	size_t pos;                /* next byte to read */
	int line;                  /* line of s[pos] */
	size_t line_start;         /* offset of the first byte of that line */
	int depth;                 /* open objects and arrays */
	size_t order;              /* entries recorded so far */
	struct jbuf path;          /* pointer of the value being scanned */
	struct jsonloc_index *idx; /* output; borrowed */
	struct jsonloc_error *err; /* output; borrowed */
};

/* Scanner results besides 0. */
enum { SYNTAX = -1, NOMEM = -2 };

/* Make room for extra more bytes plus a NUL.  Returns 0 or NOMEM. */
static int jbuf_reserve(struct jbuf *b, size_t extra)
{
	return vec_reserve((void **)&b->p, &b->cap, b->n + extra + 1, 1) != 0 ? NOMEM : 0;
}

/* Append n bytes.  Returns 0 or NOMEM. */
static int jbuf_add(struct jbuf *b, const void *src, size_t n)
{
	if (jbuf_reserve(b, n) != 0)
		return NOMEM;
	memcpy(b->p + b->n, src, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* Append one escaped pointer segment ("/" + key).  Returns 0 or NOMEM. */
static int jbuf_add_segment(struct jbuf *b, const char *key)
{
	if (jbuf_add(b, "/", 1) != 0)
		return NOMEM;
	for (; *key; key++) {
		const char *esc = *key == '~' ? "~0" : *key == '/' ? "~1" : NULL;
		if (esc ? jbuf_add(b, esc, 2) : jbuf_add(b, key, 1))
			return NOMEM;
	}
	return 0;
}

/* Cut the buffer back to n bytes. */
static void jbuf_truncate(struct jbuf *b, size_t n)
{
	b->n = n;
	if (b->p)
		b->p[n] = '\0';
}

void jsonloc_init(struct jsonloc_index *idx)
{
	memset(idx, 0, sizeof(*idx));
}

void jsonloc_clear(struct jsonloc_index *idx)
{
	size_t i;

	for (i = 0; i < idx->nentries; i++)
		free(idx->entries[i].pointer);
	for (i = 0; i < idx->ndups; i++) {
		free(idx->dups[i].pointer);
		free(idx->dups[i].key);
	}
	free(idx->entries);
	free(idx->dups);
	jsonloc_init(idx);
}

/* Record an error at byte offset at (which lies on line `line` starting at
 * line_start) and return SYNTAX.  The column counts code points. */
static int fail_at(struct scanner *sc, size_t at, int line, size_t line_start, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
static int fail_at(struct scanner *sc, size_t at, int line, size_t line_start, const char *fmt, ...)
{
	va_list ap;
	size_t i;
	int col = 1;

	for (i = line_start; i < at && i < sc->len; i++)
		if ((sc->s[i] & 0xC0) != 0x80)
			col++;
	sc->err->line = line;
	sc->err->col = col;
	va_start(ap, fmt);
	vsnprintf(sc->err->msg, sizeof(sc->err->msg), fmt, ap);
	va_end(ap);
	return SYNTAX;
}

/* The usual case: an error at the current position. */
#define FAIL(sc, ...) fail_at((sc), (sc)->pos, (sc)->line, (sc)->line_start, __VA_ARGS__)

/* Record that the value at the current path starts on line.  Returns 0 or NOMEM. */
static int add_entry(struct scanner *sc, int line)
{
	struct jsonloc_index *idx = sc->idx;
	struct jsonloc_entry *e;

	if (vec_reserve((void **)&idx->entries, &idx->capentries, idx->nentries + 1, sizeof *e) != 0)
		return NOMEM;
	e = &idx->entries[idx->nentries];
	e->pointer = strdup(sc->path.p ? sc->path.p : "");
	if (e->pointer == NULL)
		return NOMEM;
	e->line = line;
	e->order = sc->order++;
	idx->nentries++;
	return 0;
}

/* Record that key, a member of the object at the current path, repeats a key
 * first seen on first_line.  Returns 0 or NOMEM. */
static int add_dup(struct scanner *sc, const char *key, int line, int first_line)
{
	struct jsonloc_index *idx = sc->idx;
	struct jsonloc_dup *d;
	size_t mark = sc->path.n;
	int rc = NOMEM;

	if (vec_reserve((void **)&idx->dups, &idx->capdups, idx->ndups + 1, sizeof *d) != 0)
		return NOMEM;
	d = &idx->dups[idx->ndups];
	if (jbuf_add_segment(&sc->path, key) != 0)
		goto cleanup;
	d->pointer = strdup(sc->path.p);
	d->key = strdup(key);
	if (d->pointer == NULL || d->key == NULL) {
		free(d->pointer);
		free(d->key);
		goto cleanup;
	}
	d->line = line;
	d->first_line = first_line;
	idx->ndups++;
	rc = 0;
cleanup:
	jbuf_truncate(&sc->path, mark);
	return rc;
}

/* Skip JSON white space, counting lines. */
static void skip_ws(struct scanner *sc)
{
	while (sc->pos < sc->len) {
		unsigned char c = sc->s[sc->pos];
		if (c == '\n') {
			sc->line++;
			sc->line_start = sc->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		sc->pos++;
	}
}

/* Length of the valid UTF-8 sequence at p (n bytes available), or 0 when
 * it is not valid (overlong forms, surrogates and values above U+10FFFF
 * are invalid). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		need = 1;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		need = 2;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		need = 3;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (n < need + 1)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i <= need; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

/* Append code point cp to b as UTF-8.  Returns 0 or NOMEM. */
static int put_utf8(struct jbuf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return jbuf_add(b, u, n);
}

/* Read 4 hex digits at s[pos] into *out.  Returns 0 or SYNTAX. */
static int read_hex4(struct scanner *sc, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c;
		if (sc->pos >= sc->len)
			return FAIL(sc, "unexpected end of file in a \\u escape");
		c = sc->s[sc->pos];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return FAIL(sc, "bad \\u escape (expected 4 hexadecimal digits)");
		sc->pos++;
	}
	*out = v;
	return 0;
}

/* Scan the escape after a backslash (s[pos] is the character after it),
 * appending what it means to out (may be NULL).  Returns 0, SYNTAX or NOMEM. */
static int scan_escape(struct scanner *sc, struct jbuf *out, size_t backslash)
{
	unsigned char c = sc->s[sc->pos];
	const char *simple = strchr("\"\\/bfnrt", c);
	static const char meaning[] = "\"\\/\b\f\n\r\t";
	uint32_t cp, lo;
	int rc;

	if (c != '\0' && simple != NULL) {
		sc->pos++;
		return out ? jbuf_add(out, &meaning[simple - "\"\\/bfnrt"], 1) : 0;
	}
	if (c != 'u')
		return fail_at(
		        sc, backslash, sc->line, sc->line_start,
		        "bad escape '\\%c' in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
		        c >= 0x20 && c < 0x7F ? c : '?');
	sc->pos++;
	if ((rc = read_hex4(sc, &cp)) != 0)
		return rc;
	if (cp == 0)
		return fail_at(sc, backslash, sc->line, sc->line_start, "\\u0000 is not allowed in a string");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail_at(sc, backslash, sc->line, sc->line_start, "lone surrogate \\u%04X in a string",
		               (unsigned)cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (sc->pos + 1 >= sc->len || sc->s[sc->pos] != '\\' || sc->s[sc->pos + 1] != 'u')
			return fail_at(sc, backslash, sc->line, sc->line_start,
			               "lone surrogate \\u%04X in a string", (unsigned)cp);
		sc->pos += 2;
		if ((rc = read_hex4(sc, &lo)) != 0)
			return rc;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return fail_at(sc, backslash, sc->line, sc->line_start,
			               "lone surrogate \\u%04X in a string", (unsigned)cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	return out ? put_utf8(out, cp) : 0;
}

/* Scan a string (s[pos] is '"'), appending its decoded text to out when out
 * is not NULL.  Returns 0, SYNTAX or NOMEM. */
static int scan_string(struct scanner *sc, struct jbuf *out)
{
	size_t open = sc->pos;
	int open_line = sc->line;
	size_t open_line_start = sc->line_start;
	int rc;

	sc->pos++;
	for (;;) {
		unsigned char c;
		size_t n;

		if (sc->pos >= sc->len)
			return fail_at(sc, open, open_line, open_line_start,
			               "unterminated string (missing closing '\"')");
		c = sc->s[sc->pos];
		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c == '\\') {
			size_t backslash = sc->pos;
			sc->pos++;
			if (sc->pos >= sc->len)
				return fail_at(sc, open, open_line, open_line_start,
				               "unterminated string (missing closing '\"')");
			if ((rc = scan_escape(sc, out, backslash)) != 0)
				return rc;
			continue;
		}
		if (c == '\n')
			return FAIL(sc, "line break inside a string (missing closing '\"'?)");
		if (c == '\0')
			return FAIL(sc, "NUL byte inside a string");
		if (c < 0x20)
			return FAIL(sc, "control character U+%04X inside a string (write it as \\u%04X)",
			            (unsigned)c, (unsigned)c);
		n = utf8_seq(sc->s + sc->pos, sc->len - sc->pos);
		if (n == 0)
			return FAIL(sc, "invalid UTF-8 byte 0x%02X inside a string", (unsigned)c);
		if (out && (rc = jbuf_add(out, sc->s + sc->pos, n)) != 0)
			return rc;
		sc->pos += n;
	}
}

/* 1 for the bytes of a bare word (true, nul, yes, ...). */
static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Scan a number (s[pos] is '-' or a digit).  Returns 0 or SYNTAX. */
static int scan_number(struct scanner *sc)
{
	size_t start = sc->pos;

	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos >= sc->len || !is_digit(sc->s[sc->pos]))
		return FAIL(sc, "bad number (expected a digit after '-')");
	if (sc->s[sc->pos] == '0') {
		sc->pos++;
		if (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
			return fail_at(sc, start, sc->line, sc->line_start,
			               "bad number (leading zeros are not allowed)");
	} else {
		while (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
			sc->pos++;
	}
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (sc->pos >= sc->len || !is_digit(sc->s[sc->pos]))
			return FAIL(sc, "bad number (expected a digit after '.')");
		while (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
			sc->pos++;
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E')) {
		sc->pos++;
		if (sc->pos < sc->len && (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
			sc->pos++;
		if (sc->pos >= sc->len || !is_digit(sc->s[sc->pos]))
			return FAIL(sc, "bad number (expected a digit in the exponent)");
		while (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
			sc->pos++;
	}
	if (sc->pos - start > JSONLOC_MAX_NUMBER)
		return fail_at(sc, start, sc->line, sc->line_start, "number too long (at most %d characters)",
		               JSONLOC_MAX_NUMBER);
	return 0;
}

/* Report what stands where a value was expected.  Returns SYNTAX. */
static int fail_no_value(struct scanner *sc)
{
	unsigned char c;
	size_t end;

	if (sc->pos >= sc->len)
		return FAIL(sc, "unexpected end of file (expected a value)");
	c = sc->s[sc->pos];
	if (c == '\'')
		return FAIL(sc, "strings must be in double quotes");
	if (c == '/')
		return FAIL(sc, "comments are not allowed in JSON");
	if (c == '}' || c == ']')
		return FAIL(sc, "expected a value before '%c'", c);
	if (c == '\0')
		return FAIL(sc, "NUL byte in the file");
	if (is_word(c)) {
		for (end = sc->pos; end < sc->len && end - sc->pos < 40 && is_word(sc->s[end]); end++)
			;
		return FAIL(sc,
		            "unexpected '%.*s' (expected a value: a string in double quotes, a number, "
		            "an object, an array, true, false or null)",
		            (int)(end - sc->pos), (const char *)sc->s + sc->pos);
	}
	if (c >= 0x20 && c < 0x7F)
		return FAIL(sc, "unexpected '%c' (expected a value)", c);
	return FAIL(sc, "unexpected byte 0x%02X (expected a value)", (unsigned)c);
}

static int scan_value(struct scanner *sc);

/* Order keys by text, then by position. */
static int jkey_cmp(const void *a, const void *b)
{
	const struct jkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Order duplicates by line (document order). */
static int jdup_cmp(const void *a, const void *b)
{
	const struct jsonloc_dup *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

/* Record every repeated key among the n keys of the object at the current
 * path.  Sorts keys.  Returns 0 or NOMEM. */
static int find_dups(struct scanner *sc, struct jkey *keys, size_t n)
{
	size_t i, first = 0;
	size_t before = sc->idx->ndups;

	if (n < 2)
		return 0;
	qsort(keys, n, sizeof(*keys), jkey_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(keys[i].key, keys[first].key) != 0) {
			first = i;
			continue;
		}
		if (add_dup(sc, keys[i].key, keys[i].line, keys[first].line) != 0)
			return NOMEM;
	}
	if (sc->idx->ndups - before > 1)
		qsort(sc->idx->dups + before, sc->idx->ndups - before, sizeof(*sc->idx->dups), jdup_cmp);
	return 0;
}

/* Scan an object (s[pos] is '{').  Returns 0, SYNTAX or NOMEM. */
static int scan_object(struct scanner *sc)
{
	struct jkey *keys = NULL;
	size_t nkeys = 0, capkeys = 0, i;
	size_t mark = sc->path.n;
	struct jbuf key = { 0 };
	size_t comma = 0;
	int comma_line = 0;
	size_t comma_line_start = 0;
	int rc;

	sc->pos++;
	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		int key_line;
		unsigned char c;

		skip_ws(sc);
		if (sc->pos >= sc->len) {
			rc = FAIL(sc, "unexpected end of file (expected a key in double quotes)");
			goto cleanup;
		}
		c = sc->s[sc->pos];
		if (c != '"') {
			if (c == '}' && comma_line > 0)
				rc = fail_at(sc, comma, comma_line, comma_line_start,
				             "trailing comma before '}'");
			else if (c == '/')
				rc = FAIL(sc, "comments are not allowed in JSON");
			else if (c == '\'' || is_word(c))
				rc = FAIL(sc, "keys must be in double quotes");
			else
				rc = FAIL(sc, "expected a key in double quotes");
			goto cleanup;
		}
		key_line = sc->line;
		jbuf_truncate(&key, 0);
		if ((rc = jbuf_add(&key, "", 0)) != 0 || (rc = scan_string(sc, &key)) != 0)
			goto cleanup;
		if (vec_reserve((void **)&keys, &capkeys, nkeys + 1, sizeof *keys) != 0) {
			rc = NOMEM;
			goto cleanup;
		}
		keys[nkeys].key = strdup(key.p);
		if (keys[nkeys].key == NULL) {
			rc = NOMEM;
			goto cleanup;
		}
		keys[nkeys].line = key_line;
		keys[nkeys].order = nkeys;
		nkeys++;
		if ((rc = jbuf_add_segment(&sc->path, key.p)) != 0 || (rc = add_entry(sc, key_line)) != 0)
			goto cleanup;
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != ':') {
			rc = sc->pos >= sc->len
			             ? FAIL(sc, "unexpected end of file (expected ':' after the key)")
			             : FAIL(sc, "expected ':' after the key \"%.40s\"", key.p);
			goto cleanup;
		}
		sc->pos++;
		skip_ws(sc);
		if ((rc = scan_value(sc)) != 0)
			goto cleanup;
		jbuf_truncate(&sc->path, mark);
		skip_ws(sc);
		if (sc->pos >= sc->len) {
			rc = FAIL(sc, "unexpected end of file (expected ',' or '}')");
			goto cleanup;
		}
		c = sc->s[sc->pos];
		if (c == '}') {
			sc->pos++;
			break;
		}
		if (c != ',') {
			rc = FAIL(sc, "expected ',' or '}' after an object member");
			goto cleanup;
		}
		comma = sc->pos;
		comma_line = sc->line;
		comma_line_start = sc->line_start;
		sc->pos++;
	}
	rc = find_dups(sc, keys, nkeys);
cleanup:
	jbuf_truncate(&sc->path, mark);
	for (i = 0; i < nkeys; i++)
		free(keys[i].key);
	free(keys);
	free(key.p);
	return rc;
}

/* Scan an array (s[pos] is '[').  Returns 0, SYNTAX or NOMEM. */
static int scan_array(struct scanner *sc)
{
	size_t mark = sc->path.n;
	size_t i = 0;
	size_t comma = 0;
	int comma_line = 0;
	size_t comma_line_start = 0;
	int rc = 0;

	sc->pos++;
	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
		sc->pos++;
		return 0;
	}
	for (;; i++) {
		char seg[32];
		unsigned char c;

		skip_ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == ']' && comma_line > 0) {
			rc = fail_at(sc, comma, comma_line, comma_line_start, "trailing comma before ']'");
			goto cleanup;
		}
		snprintf(seg, sizeof(seg), "/%zu", i);
		if ((rc = jbuf_add(&sc->path, seg, strlen(seg))) != 0 || (rc = add_entry(sc, sc->line)) != 0)
			goto cleanup;
		if ((rc = scan_value(sc)) != 0)
			goto cleanup;
		jbuf_truncate(&sc->path, mark);
		skip_ws(sc);
		if (sc->pos >= sc->len) {
			rc = FAIL(sc, "unexpected end of file (expected ',' or ']')");
			goto cleanup;
		}
		c = sc->s[sc->pos];
		if (c == ']') {
			sc->pos++;
			break;
		}
		if (c != ',') {
			rc = FAIL(sc, "expected ',' or ']' after an array element");
			goto cleanup;
		}
		comma = sc->pos;
		comma_line = sc->line;
		comma_line_start = sc->line_start;
		sc->pos++;
	}
cleanup:
	jbuf_truncate(&sc->path, mark);
	return rc;
}

/* Scan one value at s[pos] (white space already skipped).  Returns 0,
 * SYNTAX or NOMEM. */
static int scan_value(struct scanner *sc)
{
	unsigned char c;
	int rc;

	if (sc->pos >= sc->len)
		return fail_no_value(sc);
	c = sc->s[sc->pos];
	if (c == '{' || c == '[') {
		if (sc->depth >= JSONLOC_MAX_DEPTH)
			return FAIL(sc, "nesting deeper than %d levels", JSONLOC_MAX_DEPTH);
		sc->depth++;
		rc = c == '{' ? scan_object(sc) : scan_array(sc);
		sc->depth--;
		return rc;
	}
	if (c == '"')
		return scan_string(sc, NULL);
	if (c == '-' || is_digit(c))
		return scan_number(sc);
	if (is_word(c)) {
		size_t end = sc->pos;
		while (end < sc->len && is_word(sc->s[end]))
			end++;
		if ((end - sc->pos == 4 && memcmp(sc->s + sc->pos, "true", 4) == 0) ||
		    (end - sc->pos == 5 && memcmp(sc->s + sc->pos, "false", 5) == 0) ||
		    (end - sc->pos == 4 && memcmp(sc->s + sc->pos, "null", 4) == 0)) {
			sc->pos = end;
			return 0;
		}
	}
	return fail_no_value(sc);
}

/* Order entries by pointer, then by document order. */
static int entry_cmp(const void *a, const void *b)
{
	const struct jsonloc_entry *x = a, *y = b;
	int c = strcmp(x->pointer, y->pointer);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

int jsonloc_scan(const char *text, size_t len, struct jsonloc_index *idx, struct jsonloc_error *err)
{
	struct scanner sc;
	int rc;

	memset(&sc, 0, sizeof(sc));
	memset(err, 0, sizeof(*err));
	sc.s = (const unsigned char *)text;
	sc.len = len;
	sc.line = 1;
	sc.idx = idx;
	sc.err = err;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		sc.pos = sc.line_start = 3;
	if ((rc = jbuf_add(&sc.path, "", 0)) != 0)
		goto cleanup;
	skip_ws(&sc);
	if (sc.pos >= sc.len) {
		rc = FAIL(&sc, "empty file (expected a JSON object)");
		goto cleanup;
	}
	if ((rc = add_entry(&sc, sc.line)) != 0 || (rc = scan_value(&sc)) != 0)
		goto cleanup;
	skip_ws(&sc);
	if (sc.pos < sc.len) {
		unsigned char c = sc.s[sc.pos];
		rc = c >= 0x20 && c < 0x7F
		             ? FAIL(&sc, "unexpected '%c' after the end of the JSON document", c)
		             : FAIL(&sc, "unexpected byte 0x%02X after the end of the JSON document",
		                    (unsigned)c);
		goto cleanup;
	}
cleanup:
	if (idx->nentries > 1)
		qsort(idx->entries, idx->nentries, sizeof(*idx->entries), entry_cmp);
	free(sc.path.p);
	if (rc == NOMEM) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		err->line = sc.line;
		err->col = 0;
	}
	return rc;
}

/* Index of the first entry whose pointer is p, or -1. */
static long find_entry(const struct jsonloc_index *idx, const char *p)
{
	size_t lo = 0, hi = idx->nentries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(idx->entries[mid].pointer, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < idx->nentries && strcmp(idx->entries[lo].pointer, p) == 0)
		return (long)lo;
	return -1;
}

int jsonloc_line(const struct jsonloc_index *idx, const char *pointer)
{
	char *p = strdup(pointer);
	int line = 1;

	if (p == NULL)
		return 1;
	for (;;) {
		long i = find_entry(idx, p);
		char *slash;
		if (i >= 0) {
			line = idx->entries[i].line;
			break;
		}
		slash = strrchr(p, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
	}
	free(p);
	return line;
}

int jsonloc_push_key(char *buf, size_t n, const char *key)
{
	size_t len = strlen(buf);
	size_t need = 1;
	const char *k;

	for (k = key; *k; k++)
		need += (*k == '~' || *k == '/') ? 2 : 1;
	if (len + need + 1 > n)
		return -1;
	buf[len++] = '/';
	for (k = key; *k; k++) {
		if (*k == '~' || *k == '/') {
			buf[len++] = '~';
			buf[len++] = *k == '~' ? '0' : '1';
		} else {
			buf[len++] = *k;
		}
	}
	buf[len] = '\0';
	return 0;
}
