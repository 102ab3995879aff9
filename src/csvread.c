/* csvread: streaming CSV reader (csvread.h).
 *
 * Three stages, each working on a bounded buffer:
 *   1. decode: input block -> UTF-8 block (identity for UTF-8; UTF-16 and
 *      the 8-bit encodings are translated; errors are encoded as byte
 *      sequences that stage 2 recognises, so that they are reported with
 *      the line they are on);
 *   2. split: a byte state machine that mirrors libcsv's (same notion of
 *      quotes, spaces and line ends) finds where each record ends, counts
 *      physical lines, keeps the record's raw bytes, validates UTF-8 and
 *      stops a broken record at the end of its line so that reading resumes
 *      there;
 *   3. fields: the raw bytes of a well-formed record go through libcsv in
 *      strict mode, which unquotes the fields.
 * Memory is bounded by the block sizes and max_record; time by max_rows and
 * by a line end being due within twice max_record (an endless line such as
 * /dev/zero's is fatal there, never read to its end). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "leadctl/csvread.h"

#define IN_BLOCK 65536u                     /* bytes read from the file at a time */
#define SNIFF_BYTES 65536u                  /* text examined to sniff the delimiter */
#define SNIFF_LINES 50                      /* lines examined to sniff the delimiter */
#define U_CAP (SNIFF_BYTES + 4u * IN_BLOCK) /* UTF-8 buffer: sniff sample + one decoded block */

/* States of the splitter; they follow libcsv's parser states. */
enum split_state {
	S_ROW,   /* at the start of a line: nothing but spaces so far */
	S_FIELD, /* after a delimiter: a field has not begun */
	S_UNQ,   /* inside an unquoted field */
	S_QUO,   /* inside a quoted field */
	S_QEND,  /* after a quote inside a quoted field: closing or first of "" */
	S_SKIP   /* after an error: ignore everything up to the line end */
};

struct csvread {
	FILE *fp;                  /* the input */
	int own_fp;                /* 1 when csvread_open opened fp */
	enum csvread_encoding enc; /* encoding in use (never AUTO after open) */
	char delim;                /* delimiter in use */
	size_t max_field;          /* cap on a field */
	size_t max_record;         /* cap on a record */
	size_t max_rows;           /* cap on the records delivered by csvread_next */
	size_t nrows;              /* records delivered so far */
	uint64_t offset;           /* input bytes read so far */
	int in_eof;                /* the input is exhausted */

	unsigned char *in; /* undecoded input: in[in_pos, in_len) */
	size_t in_pos;     /* first undecoded byte */
	size_t in_len;     /* bytes held in `in` */

	unsigned char *u; /* UTF-8 text not yet split: u[u_pos, u_len) */
	size_t u_pos;     /* next byte to split */
	size_t u_len;     /* bytes held in `u` */

	enum split_state st; /* splitter state */
	int pending_cr;      /* the last byte was CR (an LF after it is not a new line) */
	long line;           /* physical line of the next byte */
	size_t spaces;       /* spaces seen in S_QEND */

	int in_record;         /* a record has begun */
	unsigned char *raw;    /* raw bytes of the record */
	size_t raw_len;        /* bytes in raw */
	size_t raw_cap;        /* allocated size of raw */
	int raw_trunc;         /* raw reached max_record */
	size_t raw_over;       /* bytes of the record past max_record (not kept) */
	long rec_line;         /* line where the record began */
	long end_line;         /* line where the last record ended */
	size_t col;            /* 0-based index of the field being split */
	size_t field_len;      /* content bytes of that field so far */
	long field_line;       /* line where that (quoted) field began */
	int u8_need;           /* UTF-8 continuation bytes still expected */
	unsigned char u8_lo;   /* lowest acceptable next byte */
	unsigned char u8_hi;   /* highest acceptable next byte */
	unsigned char u8_lead; /* lead byte of the sequence being checked */
	char rec_err[256];     /* first error of the record; "" when none */

	struct csv_parser csv; /* libcsv, used one record at a time */
	int csv_ready;         /* csv is initialised */
	char *fbuf;            /* field values, each NUL-terminated */
	size_t fbuf_len;       /* bytes used in fbuf */
	size_t fbuf_cap;       /* allocated size of fbuf */
	size_t *foff;          /* offset of each field in fbuf */
	size_t *flen;          /* length of each field */
	char **fptr;           /* pointers handed out in records */
	size_t nf;             /* fields of the current record */
	size_t nf_cap;         /* allocated entries of foff/flen/fptr */
	int rows;              /* rows libcsv reported for the record */
	int oom;               /* an allocation failed in a libcsv callback */

	char **header;    /* column names (owned) */
	size_t nheader;   /* columns after dropping trailing empty names */
	size_t extra_ok;  /* empty trailing fields a row may carry beyond nheader */
	long header_line; /* line of the header */

	int fatal_code; /* negative csvread_status after a fatal error, else 0 */
	char *fatal;    /* its message (owned) */
};

/* Windows-1252 code points of bytes 0x80..0x9F (WHATWG); the five bytes the
 * code page leaves undefined map to the C1 control of the same value. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Encoding names accepted by csvread_encoding_parse, with their value. */
static const struct {
	const char *name;          /* lower-case name */
	enum csvread_encoding enc; /* the encoding it names */
} enc_names[] = {
	{ "auto", CSVREAD_ENC_AUTO },          { "utf-8", CSVREAD_ENC_UTF8 },
	{ "utf8", CSVREAD_ENC_UTF8 },          { "utf-16le", CSVREAD_ENC_UTF16LE },
	{ "utf16le", CSVREAD_ENC_UTF16LE },    { "utf-16be", CSVREAD_ENC_UTF16BE },
	{ "utf16be", CSVREAD_ENC_UTF16BE },    { "latin1", CSVREAD_ENC_LATIN1 },
	{ "latin-1", CSVREAD_ENC_LATIN1 },     { "iso-8859-1", CSVREAD_ENC_LATIN1 },
	{ "iso8859-1", CSVREAD_ENC_LATIN1 },   { "windows-1252", CSVREAD_ENC_WINDOWS1252 },
	{ "cp1252", CSVREAD_ENC_WINDOWS1252 }, { "windows1252", CSVREAD_ENC_WINDOWS1252 },
};

void csvread_opts_init(struct csvread_opts *o)
{
	memset(o, 0, sizeof *o);
	o->encoding = CSVREAD_ENC_AUTO;
}

int csvread_encoding_parse(const char *name, enum csvread_encoding *out)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < sizeof enc_names / sizeof enc_names[0]; i++)
		if (strcasecmp(name, enc_names[i].name) == 0) {
			*out = enc_names[i].enc;
			return 0;
		}
	return -1;
}

const char *csvread_encoding_name(enum csvread_encoding e)
{
	switch (e) {
	case CSVREAD_ENC_AUTO: return "auto";
	case CSVREAD_ENC_UTF8: return "utf-8";
	case CSVREAD_ENC_UTF16LE: return "utf-16le";
	case CSVREAD_ENC_UTF16BE: return "utf-16be";
	case CSVREAD_ENC_LATIN1: return "latin1";
	case CSVREAD_ENC_WINDOWS1252: return "windows-1252";
	}
	return "?";
}

/* Record a fatal error (the first one wins); returns code. */
__attribute__((format(printf, 3, 4))) static int set_fatal(struct csvread *r, int code, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (r->fatal_code)
		return r->fatal_code;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->fatal_code = code;
	r->fatal = strdup(buf);
	return code;
}

/* Record why the current record is rejected (the first reason wins). */
__attribute__((format(printf, 2, 3))) static void rec_error(struct csvread *r, const char *fmt, ...)
{
	va_list ap;

	if (r->rec_err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(r->rec_err, sizeof r->rec_err, fmt, ap);
	va_end(ap);
}

/* ---- stage 1: decoding ------------------------------------------------ */

/* Append code point cp as UTF-8 at *w.  Surrogates are written as three
 * bytes (ED A0..BF xx): invalid UTF-8 that the splitter reports as an
 * unpaired surrogate. */
static unsigned char *put_utf8(unsigned char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*w++ = (unsigned char)(0xC0 | (cp >> 6));
		*w++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*w++ = (unsigned char)(0xE0 | (cp >> 12));
		*w++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*w++ = (unsigned char)(0xF0 | (cp >> 18));
		*w++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		*w++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	return w;
}

/* Translate as much of in[in_pos, in_len) into u as fits.  An incomplete
 * UTF-16 unit or pair at the end of the block waits for more input unless
 * the input is exhausted; then a lone surrogate is written as above and a
 * lone odd byte as 0xFF (never valid UTF-8). */
static void decode(struct csvread *r)
{
	const unsigned char *p = r->in + r->in_pos, *e = r->in + r->in_len;
	unsigned char *w = r->u + r->u_len, *we = r->u + U_CAP - 4;

	switch (r->enc) {
	case CSVREAD_ENC_AUTO:
	case CSVREAD_ENC_UTF8: {
		size_t n = (size_t)(e - p), room = (size_t)(r->u + U_CAP - w);
		if (n > room)
			n = room;
		memcpy(w, p, n);
		p += n;
		w += n;
		break;
	}
	case CSVREAD_ENC_LATIN1:
		for (; p < e && w <= we; p++)
			w = put_utf8(w, *p);
		break;
	case CSVREAD_ENC_WINDOWS1252:
		for (; p < e && w <= we; p++)
			w = put_utf8(w, *p >= 0x80 && *p <= 0x9F ? cp1252_high[*p - 0x80] : *p);
		break;
	case CSVREAD_ENC_UTF16LE:
	case CSVREAD_ENC_UTF16BE: {
		int le = r->enc == CSVREAD_ENC_UTF16LE;
		while (w <= we && e - p >= 2) {
			unsigned u1 = le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
			if (u1 >= 0xD800 && u1 <= 0xDBFF) {
				if (e - p < 4 && !r->in_eof)
					break; /* wait for the low half */
				if (e - p >= 4) {
					unsigned u2 = le ? (unsigned)(p[2] | p[3] << 8)
					                 : (unsigned)(p[2] << 8 | p[3]);
					if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
						w = put_utf8(w,
						             0x10000 + ((u1 - 0xD800) << 10) + (u2 - 0xDC00));
						p += 4;
						continue;
					}
				}
			}
			w = put_utf8(w, u1); /* a lone surrogate becomes ED A0..BF xx */
			p += 2;
		}
		if (r->in_eof && e - p == 1 && w <= we) {
			*w++ = 0xFF;
			p++;
		}
		break;
	}
	}
	r->in_pos = (size_t)(p - r->in);
	r->u_len = (size_t)(w - r->u);
}

/* Make more text available in u[u_pos, u_len), keeping what is there.
 * Returns 1 when text was added, 0 at the end of the input, or a negative
 * status (fatal error recorded). */
static int fill(struct csvread *r)
{
	size_t before;

	if (r->u_pos == r->u_len) {
		r->u_pos = r->u_len = 0;
	} else if (r->u_pos > 0 && r->u_len + 4 * IN_BLOCK > U_CAP) {
		memmove(r->u, r->u + r->u_pos, r->u_len - r->u_pos);
		r->u_len -= r->u_pos;
		r->u_pos = 0;
	}
	for (;;) {
		before = r->u_len;
		decode(r);
		if (r->u_len > before)
			return 1;
		if (U_CAP - r->u_len < 8)
			return 1; /* no room: the caller must split what is there first */
		if (r->in_eof)
			return 0;
		if (r->in_pos > 0) {
			memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
			r->in_len -= r->in_pos;
			r->in_pos = 0;
		}
		{
			size_t n = fread(r->in + r->in_len, 1, IN_BLOCK - r->in_len, r->fp);
			r->in_len += n;
			r->offset += n;
			if (n == 0) {
				if (ferror(r->fp))
					return set_fatal(r, CSVREAD_EIO, "read error: %s", strerror(errno));
				r->in_eof = 1;
			}
		}
	}
}

/* ---- stage 2: splitting ----------------------------------------------- */

/* Start a record at the current line. */
static void start_record(struct csvread *r)
{
	r->in_record = 1;
	r->rec_line = r->line;
	r->raw_len = 0;
	r->raw_trunc = 0;
	r->raw_over = 0;
	r->col = 0;
	r->field_len = 0;
	r->u8_need = 0;
	r->rec_err[0] = '\0';
}

/* Append c to the record's raw bytes, up to max_record; past it the
 * record is rejected (and reading resumes at the next line end), unless no
 * line end comes within max_record more bytes: then the input is not CSV
 * (an endless line, /dev/zero) and the error is fatal.  Returns 0, or a
 * negative csvread_status. */
static int raw_put(struct csvread *r, unsigned char c)
{
	if (r->raw_len == r->raw_cap) {
		size_t cap;
		unsigned char *n;
		if (r->raw_len >= r->max_record) {
			if (!r->raw_trunc)
				rec_error(r, "line %ld: record is longer than %zu bytes", r->line,
				          r->max_record);
			r->raw_trunc = 1;
			if (++r->raw_over > r->max_record)
				return set_fatal(
				        r, CSVREAD_EDATA,
				        "line %ld: no line end within %zu bytes (twice the record cap of "
				        "%zu bytes; not a CSV file?)",
				        r->rec_line, 2 * r->max_record, r->max_record);
			return 0;
		}
		cap = r->raw_cap ? r->raw_cap * 2 : 4096;
		if (cap > r->max_record)
			cap = r->max_record;
		n = realloc(r->raw, cap);
		if (!n)
			return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
		r->raw = n;
		r->raw_cap = cap;
	}
	r->raw[r->raw_len++] = c;
	return 0;
}

/* Report the invalid byte b of the record being split. */
static void bad_byte(struct csvread *r, unsigned char b, unsigned char next)
{
	int utf16 = r->enc == CSVREAD_ENC_UTF16LE || r->enc == CSVREAD_ENC_UTF16BE;

	if (utf16 && b == 0xED && next >= 0xA0 && next <= 0xBF)
		rec_error(r, "line %ld: unpaired UTF-16 surrogate at column %zu", r->line, r->col + 1);
	else if (utf16 && b == 0xFF)
		rec_error(r,
		          "line %ld: odd number of bytes in a UTF-16 file (last character cut) at column %zu",
		          r->line, r->col + 1);
	else
		rec_error(r, "line %ld: invalid UTF-8 byte 0x%02X at column %zu", r->line, b, r->col + 1);
}

/* Check byte c of the record as UTF-8 (and for NUL).  Called before c
 * changes the column, so that errors name the column the byte is in. */
static void utf8_check(struct csvread *r, unsigned char c)
{
	if (r->rec_err[0])
		return;
	if (r->u8_need) {
		if (c >= r->u8_lo && c <= r->u8_hi) {
			r->u8_need--;
			r->u8_lo = 0x80;
			r->u8_hi = 0xBF;
			return;
		}
		bad_byte(r, r->u8_lead, c);
		r->u8_need = 0;
		return;
	}
	if (c == 0) {
		rec_error(r, "line %ld: NUL byte at column %zu", r->line, r->col + 1);
		return;
	}
	if (c < 0x80)
		return;
	r->u8_lead = c;
	r->u8_lo = 0x80;
	r->u8_hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		r->u8_need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		r->u8_need = 2;
		if (c == 0xE0)
			r->u8_lo = 0xA0;
		else if (c == 0xED)
			r->u8_hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		r->u8_need = 3;
		if (c == 0xF0)
			r->u8_lo = 0x90;
		else if (c == 0xF4)
			r->u8_hi = 0x8F;
	} else {
		bad_byte(r, c, 0);
	}
}

/* Count one content byte of the current field against max_field.  Returns
 * 0, or a negative status when a quoted field runs past the cap (almost
 * certainly a missing closing quote: fatal, as the rest of the file would
 * be swallowed). */
static int field_byte(struct csvread *r)
{
	if (++r->field_len <= r->max_field)
		return 0;
	if (r->st == S_QUO || r->st == S_QEND)
		return set_fatal(
		        r, CSVREAD_EDATA,
		        "line %ld: quoted field at column %zu is longer than %zu bytes (still open on "
		        "line %ld); is its closing quote missing?",
		        r->field_line, r->col + 1, r->max_field, r->line);
	rec_error(r, "line %ld: field at column %zu is longer than %zu bytes", r->line, r->col + 1,
	          r->max_field);
	r->st = S_SKIP;
	return 0;
}

/* 1 when c is a space that libcsv trims around unquoted fields. */
static int is_blank(const struct csvread *r, unsigned char c)
{
	return c == ' ' || (c == '\t' && r->delim != '\t');
}

/* libcsv's space test matching is_blank when the delimiter is not TAB. */
static int space_or_tab(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* libcsv's space test matching is_blank when the delimiter is TAB. */
static int space_only(unsigned char c)
{
	return c == ' ';
}

/* Split until a record is complete.  Returns 1 (record in raw, rec_err
 * possibly set), 0 at the end of the input, or a negative status. */
static int split(struct csvread *r)
{
	for (;;) {
		while (r->u_pos < r->u_len) {
			unsigned char c = r->u[r->u_pos++];
			int crlf_tail = c == '\n' && r->pending_cr;
			int term = c == '\r' || c == '\n';
			int done = 0;

			r->pending_cr = c == '\r';
			if (crlf_tail && r->st == S_ROW)
				continue; /* the LF of a CRLF that ended a line */
			if (r->st == S_ROW) {
				if (term) {
					r->in_record = 0; /* blank line */
					r->line++;
					continue;
				}
				if (!r->in_record)
					start_record(r);
			}
			if (!term || r->st == S_QUO) {
				if (raw_put(r, c) < 0)
					return r->fatal_code;
				if (r->st != S_SKIP)
					utf8_check(r, c);
			}
			switch (r->st) {
			case S_ROW:
			case S_FIELD:
				if (term) {
					done = 1;
				} else if (is_blank(r, c)) {
					/* leading space of a field */
				} else if (c == (unsigned char)r->delim) {
					r->col++;
					r->st = S_FIELD;
				} else if (c == '"') {
					r->st = S_QUO;
					r->field_len = 0;
					r->field_line = r->line;
				} else {
					r->st = S_UNQ;
					r->field_len = 0;
					if (field_byte(r) < 0)
						return r->fatal_code;
				}
				break;
			case S_UNQ:
				if (term) {
					done = 1;
				} else if (c == (unsigned char)r->delim) {
					r->col++;
					r->st = S_FIELD;
				} else if (c == '"') {
					rec_error(r, "line %ld: quote inside an unquoted field at column %zu",
					          r->line, r->col + 1);
					r->st = S_SKIP;
				} else if (field_byte(r) < 0) {
					return r->fatal_code;
				}
				break;
			case S_QUO:
				if (c == '"') {
					r->st = S_QEND;
					r->spaces = 0;
				} else if (field_byte(r) < 0) {
					return r->fatal_code;
				}
				break;
			case S_QEND:
				if (term) {
					done = 1;
				} else if (c == (unsigned char)r->delim) {
					r->col++;
					r->st = S_FIELD;
				} else if (is_blank(r, c)) {
					r->spaces++;
				} else if (c == '"' && r->spaces == 0) {
					r->st = S_QUO; /* "" inside a quoted field */
					if (field_byte(r) < 0)
						return r->fatal_code;
				} else {
					rec_error(r,
					          "line %ld: unexpected %s after the closing quote at column "
					          "%zu",
					          r->line, c == '"' ? "quote" : "character", r->col + 1);
					r->st = S_SKIP;
				}
				break;
			case S_SKIP:
				if (term)
					done = 1;
				break;
			}
			if (done) {
				r->end_line = r->line;
				if (r->u8_need)
					bad_byte(r, r->u8_lead, 0);
			}
			if (term && !crlf_tail)
				r->line++;
			if (done) {
				r->st = S_ROW;
				r->in_record = 0;
				return 1;
			}
		}
		{
			int rc = fill(r);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
		}
	}
	/* End of input. */
	if (r->st == S_QUO)
		return set_fatal(
		        r, CSVREAD_EDATA,
		        "line %ld: quoted field at column %zu is never closed (the file ends inside it)",
		        r->field_line, r->col + 1);
	if (!r->in_record || r->st == S_ROW) {
		r->in_record = 0;
		return 0;
	}
	if (r->u8_need)
		bad_byte(r, r->u8_lead, 0);
	r->end_line = r->line;
	r->st = S_ROW;
	r->in_record = 0;
	return 1;
}

/* ---- stage 3: fields -------------------------------------------------- */

/* libcsv field callback: append the field to fbuf. */
static void on_field(void *s, size_t len, void *data)
{
	struct csvread *r = data;

	if (r->oom)
		return;
	if (r->nf == r->nf_cap) {
		size_t cap = r->nf_cap ? r->nf_cap * 2 : 64;
		size_t *o = realloc(r->foff, cap * sizeof *o);
		size_t *l = o ? realloc(r->flen, cap * sizeof *l) : NULL;
		char **p = l ? realloc(r->fptr, cap * sizeof *p) : NULL;
		if (o)
			r->foff = o;
		if (l)
			r->flen = l;
		if (!p) {
			r->oom = 1;
			return;
		}
		r->fptr = p;
		r->nf_cap = cap;
	}
	if (r->fbuf_len + len + 1 > r->fbuf_cap) {
		size_t cap = r->fbuf_cap ? r->fbuf_cap : 4096;
		char *b;
		while (cap < r->fbuf_len + len + 1)
			cap *= 2;
		b = realloc(r->fbuf, cap);
		if (!b) {
			r->oom = 1;
			return;
		}
		r->fbuf = b;
		r->fbuf_cap = cap;
	}
	if (len)
		memcpy(r->fbuf + r->fbuf_len, s, len);
	r->fbuf[r->fbuf_len + len] = '\0';
	r->foff[r->nf] = r->fbuf_len;
	r->flen[r->nf] = len;
	r->nf++;
	r->fbuf_len += len + 1;
}

/* libcsv row callback: count the rows (a record must make exactly one). */
static void on_row(int c, void *data)
{
	struct csvread *r = data;

	(void)c;
	r->rows++;
}

/* The allocator libcsv uses (csvread_set_csv_allocator); NULL = libc's. */
static void *(*csv_realloc_hook)(void *, size_t);
static void (*csv_free_hook)(void *);

void csvread_set_csv_allocator(void *(*realloc_fn)(void *, size_t), void (*free_fn)(void *))
{
	csv_realloc_hook = realloc_fn;
	csv_free_hook = free_fn;
}

/* (Re)initialise the libcsv parser for the delimiter in use. */
static int csv_setup(struct csvread *r)
{
	if (r->csv_ready)
		csv_free(&r->csv);
	r->csv_ready = 0;
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	csv_set_delim(&r->csv, (unsigned char)r->delim);
	csv_set_space_func(&r->csv, r->delim == '\t' ? space_only : space_or_tab);
	csv_set_blk_size(&r->csv, 16384);
	if (csv_realloc_hook && csv_free_hook) {
		csv_set_realloc_func(&r->csv, csv_realloc_hook);
		csv_set_free_func(&r->csv, csv_free_hook);
	}
	r->csv_ready = 1;
	return 0;
}

/* Split the raw bytes of a well-formed record into fields with libcsv.
 * Returns 0 (fields ready, or rec_err set when libcsv disagrees), or a
 * negative status. */
static int parse_fields(struct csvread *r)
{
	size_t i, used;

	r->nf = 0;
	r->fbuf_len = 0;
	r->rows = 0;
	r->oom = 0;
	used = csv_parse(&r->csv, r->raw, r->raw_len, on_field, on_row, r);
	if (used != r->raw_len || csv_fini(&r->csv, on_field, on_row, r) != 0) {
		int e = csv_error(&r->csv);
		if (e == CSV_ENOMEM || r->oom)
			return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
		rec_error(r, "line %ld: malformed record (%s)", r->rec_line, csv_strerror(e));
		if (csv_setup(r) != 0)
			return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
		r->nf = 0;
		return 0;
	}
	if (r->oom)
		return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
	if (r->rows != 1) {
		rec_error(r, "line %ld: malformed record (%d rows)", r->rec_line, r->rows);
		r->nf = 0;
		return 0;
	}
	for (i = 0; i < r->nf; i++)
		r->fptr[i] = r->fbuf + r->foff[i];
	return 0;
}

/* Check the field count of a data record against the header, dropping the
 * empty trailing fields of a spreadsheet round trip. */
static void check_width(struct csvread *r)
{
	size_t i;

	if (r->nf == r->nheader)
		return;
	if (r->nf > r->nheader && r->nf - r->nheader <= r->extra_ok) {
		for (i = r->nheader; i < r->nf; i++)
			if (r->flen[i] != 0)
				break;
		if (i == r->nf) {
			r->nf = r->nheader;
			return;
		}
	}
	rec_error(r, "line %ld: %zu fields, expected %zu", r->rec_line, r->nf, r->nheader);
}

/* ---- sniffing and opening --------------------------------------------- */

/* Pick the delimiter of the text s[0, n): the candidate that appears in the
 * first line and then the same number of times (outside quotes) on the
 * most lines; ties go to the higher count, then to ',', TAB, ';'.  complete
 * is 1 when s holds the whole file (its last line counts even without a
 * line end). */
static char sniff(const unsigned char *s, size_t n, int complete)
{
	static const char cands[] = { ',', '\t', ';' };
	char best = ',';
	long best_consistent = -1;
	size_t best_first = 0, k, i;

	for (k = 0; k < sizeof cands; k++) {
		size_t counts[SNIFF_LINES], cnt = 0;
		int nl = 0, inq = 0, nonblank = 0;
		long consistent = 0;

		for (i = 0; i < n && nl < SNIFF_LINES; i++) {
			unsigned char c = s[i];
			if (c == '"') {
				inq = !inq;
				nonblank = 1;
			} else if (inq) {
				continue;
			} else if (c == '\r' || c == '\n') {
				if (nonblank)
					counts[nl++] = cnt;
				cnt = 0;
				nonblank = 0;
			} else {
				if (c == (unsigned char)cands[k])
					cnt++;
				if (c != ' ')
					nonblank = 1;
			}
		}
		if (complete && nonblank && nl < SNIFF_LINES)
			counts[nl++] = cnt;
		if (nl == 0 || counts[0] == 0)
			continue;
		for (i = 1; i < (size_t)nl; i++)
			if (counts[i] == counts[0])
				consistent++;
		if (consistent > best_consistent ||
		    (consistent == best_consistent && counts[0] > best_first)) {
			best = cands[k];
			best_consistent = consistent;
			best_first = counts[0];
		}
	}
	return best;
}

/* Read the first bytes, settle the encoding from a BOM (a BOM always wins
 * over the declared encoding: a file cannot be both), and skip the BOM. */
static int detect_bom(struct csvread *r)
{
	while (r->in_len < 4 && !r->in_eof) {
		size_t n = fread(r->in + r->in_len, 1, IN_BLOCK - r->in_len, r->fp);
		r->in_len += n;
		r->offset += n;
		if (n == 0) {
			if (ferror(r->fp))
				return set_fatal(r, CSVREAD_EIO, "read error: %s", strerror(errno));
			r->in_eof = 1;
		}
	}
	if (r->in_len >= 3 && r->in[0] == 0xEF && r->in[1] == 0xBB && r->in[2] == 0xBF) {
		r->enc = CSVREAD_ENC_UTF8;
		r->in_pos = 3;
	} else if (r->in_len >= 2 && r->in[0] == 0xFF && r->in[1] == 0xFE) {
		r->enc = CSVREAD_ENC_UTF16LE;
		r->in_pos = 2;
	} else if (r->in_len >= 2 && r->in[0] == 0xFE && r->in[1] == 0xFF) {
		r->enc = CSVREAD_ENC_UTF16BE;
		r->in_pos = 2;
	} else if (r->enc == CSVREAD_ENC_AUTO) {
		r->enc = CSVREAD_ENC_UTF8;
	}
	return 0;
}

/* Excel's delimiter declaration: a first line "sep=X" (X one character:
 * , ; TAB | ...) is not the header; it says the delimiter is X (a forced
 * --delimiter still wins) and the header is line 2.  Returns 0 or a
 * negative status. */
static int excel_sep_line(struct csvread *r)
{
	const unsigned char *u;
	size_t n, k = 5;
	int rc = 0;

	while (r->u_len - r->u_pos < 7 && (rc = fill(r)) == 1)
		;
	if (rc < 0)
		return rc;
	u = r->u + r->u_pos;
	n = r->u_len - r->u_pos;
	if (n < 5 || strncasecmp((const char *)u, "sep=", 4) != 0 || u[4] == '\r' || u[4] == '\n' ||
	    u[4] == '"' || (k < n && u[k] != '\r' && u[k] != '\n'))
		return 0;
	r->delim = (char)u[4];
	if (k < n && u[k] == '\r')
		k++;
	if (k < n && u[k] == '\n')
		k++;
	r->u_pos += k;
	r->line++;
	return 0;
}

/* Read the header record.  Returns 0 or a negative status. */
static int read_header(struct csvread *r)
{
	size_t i, n;
	int rc = split(r);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return set_fatal(r, CSVREAD_EDATA, "empty file: no header row");
	r->header_line = r->rec_line;
	if (!r->rec_err[0] && (rc = parse_fields(r)) < 0)
		return rc;
	if (r->rec_err[0]) {
		if (strstr(r->rec_err, "NUL byte"))
			return set_fatal(r, CSVREAD_EDATA,
			                 "%s in the header (a UTF-16 file without BOM? declare its encoding)",
			                 r->rec_err);
		if (strstr(r->rec_err, "invalid UTF-8"))
			return set_fatal(
			        r, CSVREAD_EDATA,
			        "%s in the header (declare the encoding, e.g. latin1 or windows-1252)",
			        r->rec_err);
		return set_fatal(r, CSVREAD_EDATA, "%s in the header", r->rec_err);
	}
	n = r->nf;
	while (n > 0 && r->flen[n - 1] == 0)
		n--;
	if (n == 0)
		return set_fatal(r, CSVREAD_EDATA, "line %ld: the header row has no column names",
		                 r->header_line);
	r->header = calloc(n, sizeof *r->header);
	if (!r->header)
		return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
	r->nheader = n; /* set first so that csvread_close frees a partial copy */
	for (i = 0; i < n; i++) {
		r->header[i] = strdup(r->fptr[i]);
		if (!r->header[i])
			return set_fatal(r, CSVREAD_ENOMEM, "out of memory");
	}
	r->extra_ok = r->nf - n ? r->nf - n : 1;
	return 0;
}

/* Common part of the two open functions; takes over fp when own_fp. */
static int open_common(FILE *fp, int own_fp, const struct csvread_opts *opts, struct csvread **out,
                       char **err)
{
	struct csvread *r;
	struct csvread_opts def;
	int rc = 0;

	*out = NULL;
	if (err)
		*err = NULL;
	if (!opts) {
		csvread_opts_init(&def);
		opts = &def;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		if (own_fp)
			fclose(fp);
		if (err)
			*err = strdup("out of memory");
		return CSVREAD_ENOMEM;
	}
	r->fp = fp;
	r->own_fp = own_fp;
	r->enc = opts->encoding;
	r->max_field = opts->max_field ? opts->max_field : CSVREAD_MAX_FIELD;
	r->max_record = opts->max_record ? opts->max_record : CSVREAD_MAX_RECORD;
	r->max_rows = opts->max_rows ? opts->max_rows : CSVREAD_MAX_ROWS;
	if (r->max_field > r->max_record)
		r->max_field = r->max_record;
	r->line = 1;
	r->st = S_ROW;
	r->in = malloc(IN_BLOCK);
	r->u = malloc(U_CAP);
	if (!r->in || !r->u) {
		rc = set_fatal(r, CSVREAD_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = detect_bom(r)) < 0)
		goto fail;
	if ((rc = excel_sep_line(r)) < 0)
		goto fail;
	if (opts->delimiter || r->delim) {
		if (opts->delimiter == '"' || opts->delimiter == '\r' || opts->delimiter == '\n' ||
		    opts->delimiter == ' ') {
			rc = set_fatal(r, CSVREAD_EDATA, "delimiter '%c' cannot be used", opts->delimiter);
			goto fail;
		}
		if (opts->delimiter)
			r->delim = opts->delimiter;
	} else {
		while (r->u_len - r->u_pos < SNIFF_BYTES && (rc = fill(r)) == 1)
			;
		if (rc < 0)
			goto fail;
		r->delim = sniff(r->u + r->u_pos, r->u_len - r->u_pos, r->in_eof && r->in_pos == r->in_len);
	}
	if (csv_setup(r) != 0) {
		rc = set_fatal(r, CSVREAD_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = read_header(r)) < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	if (err)
		*err = r->fatal ? strdup(r->fatal) : NULL;
	csvread_close(r);
	return rc;
}

int csvread_open(const char *path, const struct csvread_opts *opts, struct csvread **out, char **err)
{
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		*out = NULL;
		if (err) {
			char buf[256];
			snprintf(buf, sizeof buf, "cannot open: %s", strerror(errno));
			*err = strdup(buf);
		}
		return CSVREAD_EOPEN;
	}
	return open_common(fp, 1, opts, out, err);
}

int csvread_open_stream(FILE *fp, const struct csvread_opts *opts, struct csvread **out, char **err)
{
	return open_common(fp, 0, opts, out, err);
}

size_t csvread_header(const struct csvread *r, const char *const **names)
{
	*names = (const char *const *)r->header;
	return r->nheader;
}

char csvread_delimiter(const struct csvread *r)
{
	return r->delim;
}

enum csvread_encoding csvread_encoding(const struct csvread *r)
{
	return r->enc;
}

long csvread_header_line(const struct csvread *r)
{
	return r->header_line;
}

uint64_t csvread_offset(const struct csvread *r)
{
	return r->offset;
}

/* 1 when every field of the parsed record is empty (",,," rows that
 * spreadsheets leave below the data): such a record carries nothing. */
static int all_empty(const struct csvread *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (r->flen[i] != 0)
			return 0;
	return 1;
}

int csvread_next(struct csvread *r, struct csvread_record *rec)
{
	int rc;

	memset(rec, 0, sizeof *rec);
	if (r->fatal_code)
		return r->fatal_code;
	for (;;) {
		rc = split(r);
		if (rc <= 0)
			return rc;
		if (r->rec_err[0]) {
			r->nf = 0;
			break;
		}
		if ((rc = parse_fields(r)) < 0)
			return rc;
		if (r->rec_err[0] || !all_empty(r))
			break;
	}
	if (++r->nrows > r->max_rows)
		return set_fatal(r, CSVREAD_EDATA,
		                 "line %ld: more than %zu rows: an import takes at most %zu (split the "
		                 "file)",
		                 r->rec_line, r->max_rows, r->max_rows);
	if (!r->rec_err[0])
		check_width(r);
	rec->line = r->rec_line;
	rec->end_line = r->end_line;
	rec->nfields = r->nf;
	rec->fields = r->nf ? r->fptr : NULL;
	rec->lengths = r->nf ? r->flen : NULL;
	rec->raw = (const char *)r->raw;
	rec->raw_len = r->raw_len;
	rec->raw_truncated = r->raw_trunc;
	rec->error = r->rec_err[0] ? r->rec_err : NULL;
	return CSVREAD_RECORD;
}

const char *csvread_error(const struct csvread *r)
{
	return r ? r->fatal : NULL;
}

void csvread_close(struct csvread *r)
{
	size_t i;

	if (!r)
		return;
	if (r->own_fp && r->fp)
		fclose(r->fp);
	if (r->csv_ready)
		csv_free(&r->csv);
	if (r->header)
		for (i = 0; i < r->nheader; i++)
			free(r->header[i]);
	free(r->header);
	free(r->in);
	free(r->u);
	free(r->raw);
	free(r->fbuf);
	free(r->foff);
	free(r->flen);
	free(r->fptr);
	free(r->fatal);
	free(r);
}
