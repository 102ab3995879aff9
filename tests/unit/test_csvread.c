/* Unit tests for csvread.
 *
 * Each case reads a whole input and compares a canonical dump of what the
 * reader delivered:
 *
 *   delim=,  enc=utf-8  header=a|b|c
 *   2:1|2|3                      record starting (and ending) on line 2
 *   3-4:Once upon\na time|5|6    record on lines 3 to 4
 *   5!line 5: 4 fields, expected 3      rejected record and its reason
 *   END  (or FATAL <message>, or OPEN <status>: <message>)
 *
 * Inputs come from byte strings here, from tests/fixtures/csv, and from the
 * files in ../shared/data written by others (skipped when that folder is
 * absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "shared_data.h"

#include "leadctl/csvread.h"

#ifndef LC_SOURCE_DIR
#define LC_SOURCE_DIR "."
#endif

/* ---- helpers ---------------------------------------------------------- */

/* A growing string for dumps. */
struct sbuf {
	char *p;    /* text, NUL-terminated */
	size_t n;   /* length */
	size_t cap; /* allocated */
};

/* Append formatted text to b. */
__attribute__((format(printf, 2, 3))) static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

/* Append s with control characters escaped (\n \r \t \xNN). */
static void sb_escaped(struct sbuf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			sb_printf(b, "\\n");
		else if (c == '\r')
			sb_printf(b, "\\r");
		else if (c == '\t')
			sb_printf(b, "\\t");
		else if (c < 0x20)
			sb_printf(b, "\\x%02x", c);
		else
			sb_printf(b, "%c", c);
	}
}

/* Dump every record of r (then close it); returns the text (caller frees). */
static char *dump_reader(struct csvread *r)
{
	struct sbuf b = { NULL, 0, 0 };
	const char *const *h;
	struct csvread_record rec;
	size_t n = csvread_header(r, &h), i;
	int rc;

	sb_printf(&b, "delim=");
	sb_escaped(&b, (char[]){ csvread_delimiter(r) }, 1);
	sb_printf(&b, "  enc=%s  header=", csvread_encoding_name(csvread_encoding(r)));
	for (i = 0; i < n; i++) {
		if (i)
			sb_printf(&b, "|");
		sb_escaped(&b, h[i], strlen(h[i]));
	}
	sb_printf(&b, "\n");
	while ((rc = csvread_next(r, &rec)) == CSVREAD_RECORD) {
		if (rec.end_line != rec.line)
			sb_printf(&b, "%ld-%ld", rec.line, rec.end_line);
		else
			sb_printf(&b, "%ld", rec.line);
		if (rec.error) {
			sb_printf(&b, "!%s\n", rec.error);
			continue;
		}
		sb_printf(&b, ":");
		for (i = 0; i < rec.nfields; i++) {
			if (i)
				sb_printf(&b, "|");
			assert_int_equal(strlen(rec.fields[i]), rec.lengths[i]);
			sb_escaped(&b, rec.fields[i], rec.lengths[i]);
		}
		sb_printf(&b, "\n");
	}
	if (rc == CSVREAD_END)
		sb_printf(&b, "END");
	else
		sb_printf(&b, "FATAL %s", csvread_error(r));
	csvread_close(r);
	return b.p;
}

/* Open path (or the len bytes at data when path is NULL) with opts and dump
 * it; returns the text (caller frees). */
static char *dump_input(const char *path, const void *data, size_t len, const struct csvread_opts *opts)
{
	struct csvread *r = NULL;
	char *err = NULL, *out;
	FILE *fp = NULL;
	int rc;

	if (path) {
		rc = csvread_open(path, opts, &r, &err);
	} else {
		fp = len ? fmemopen((void *)data, len, "rb") : fopen("/dev/null", "rb");
		assert_non_null(fp);
		rc = csvread_open_stream(fp, opts, &r, &err);
	}
	if (rc != 0) {
		size_t n = strlen(err ? err : "") + 32;
		assert_null(r);
		out = malloc(n);
		assert_non_null(out);
		snprintf(out, n, "OPEN %d: %s", rc, err ? err : "(no message)");
		free(err);
	} else {
		out = dump_reader(r);
	}
	if (fp)
		fclose(fp);
	return out;
}

/* Fail with both texts when they differ. */
static void expect_dump(const char *name, const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n--- got ---\n%s\n--- want ---\n%s", name, got, want);
}

/* Options with an encoding name (NULL = auto) and a delimiter (0 = sniff). */
static struct csvread_opts opts_of(const char *enc, char delim)
{
	struct csvread_opts o;

	csvread_opts_init(&o);
	if (enc)
		assert_int_equal(csvread_encoding_parse(enc, &o.encoding), 0);
	o.delimiter = delim;
	return o;
}

/* ---- in-memory cases -------------------------------------------------- */

/* One input given as bytes. */
struct mem_case {
	const char *name;  /* what it checks */
	const char *data;  /* the bytes */
	size_t len;        /* their count (NUL bytes allowed) */
	const char *enc;   /* declared encoding, or NULL */
	char delim;        /* forced delimiter, or 0 */
	size_t max_field;  /* 0 = default */
	size_t max_record; /* 0 = default */
	const char *want;  /* expected dump */
};

#define B(s) s, sizeof(s) - 1

static const struct mem_case mem_cases[] = {
	{ "simple, no final newline", B("a,b,c\n1,2,3"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\nEND" },
	{ "CRLF and CR-only and LF mixed", B("a,b\r\n1,2\r3,4\n5,6\r\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2:1|2\n3:3|4\n4:5|6\nEND" },
	{ "blank and white lines are skipped, lines still counted", B("\n\na,b\n\n  \r\n1,2\n\n\n3,4\n"),
	  NULL, 0, 0, 0, "delim=,  enc=utf-8  header=a|b\n6:1|2\n9:3|4\nEND" },
	{ "quoted newlines span lines: CRLF counts once", B("a,b\r\n\"x\r\ny\r\nz\",2\r\n3,4\r\n"), NULL, 0,
	  0, 0, "delim=,  enc=utf-8  header=a|b\n2-4:x\\r\\ny\\r\\nz|2\n5:3|4\nEND" },
	{ "escaped quotes and empty quoted fields", B("a,b,c\n\"\"\"x\"\"\",\"\",\"a,b\"\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b|c\n2:\"x\"|(EMPTY)|a,b\nEND" },
	{ "spaces around unquoted fields go, quoted ones stay", B("a , b,c\n 1 , 2 ,\" 3 \"\n"), NULL, 0, 0,
	  0, "delim=,  enc=utf-8  header=a|b|c\n2:1|2| 3 \nEND" },
	{ "records of empty fields only are skipped", B("a,b,c\n,,\n1,,\n , ,\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b|c\n3:1||\nEND" },
	{ "semicolon sniffed over decimal commas", B("a;b;c\n1,5;2,25;3\n4;5;6\n"), NULL, 0, 0, 0,
	  "delim=;  enc=utf-8  header=a|b|c\n2:1,5|2,25|3\n3:4|5|6\nEND" },
	{ "tab sniffed though the text has commas", B("name\tnote\nAna\tyes, call\nBob\tno, thanks\n"), NULL,
	  0, 0, 0, "delim=\\t  enc=utf-8  header=name|note\n2:Ana|yes, call\n3:Bob|no, thanks\nEND" },
	{ "delimiters inside quotes do not count when sniffing", B("\"a,b\";c\n\"1,2\";3\n"), NULL, 0, 0, 0,
	  "delim=;  enc=utf-8  header=a,b|c\n2:1,2|3\nEND" },
	{ "tab-separated empty fields", B("a\tb\tc\n\t\t3\n1\t\t\n"), NULL, 0, 0, 0,
	  "delim=\\t  enc=utf-8  header=a|b|c\n2:||3\n3:1||\nEND" },
	{ "one column", B("email\nana@x.example\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=email\n2:ana@x.example\nEND" },
	{ "forced delimiter", B("a,b;c\n1,2;3\n"), NULL, ';', 0, 0,
	  "delim=;  enc=utf-8  header=a,b|c\n2:1,2|3\nEND" },
	{ "header only", B("a,b\n"), NULL, 0, 0, 0, "delim=,  enc=utf-8  header=a|b\nEND" },
	{ "empty file", B(""), NULL, 0, 0, 0, "OPEN -2: empty file: no header row" },
	{ "blank file", B("\n \r\n"), NULL, 0, 0, 0, "OPEN -2: empty file: no header row" },
	{ "header without names", B(",,\n1,2,3\n"), NULL, 0, 0, 0,
	  "OPEN -2: line 1: the header row has no column names" },
	{ "quote as delimiter is refused", B("a,b\n"), NULL, '"', 0, 0,
	  "OPEN -2: delimiter '\"' cannot be used" },
	{ "ragged rows", B("a,b,c\n1,2\n1,2,3,4\n1,2,3\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b|c\n2!line 2: 2 fields, expected 3\n3!line 3: 4 fields, expected "
	  "3\n4:1|2|3\nEND" },
	{ "one empty extra field is a spreadsheet's: dropped", B("a,b\n1,2,\n3,4,\"\"\n5,6,,\n"), NULL, 0, 0,
	  0, "delim=,  enc=utf-8  header=a|b\n2:1|2\n3:3|4\n4!line 4: 4 fields, expected 2\nEND" },
	{ "empty header names at the end: their columns go when empty", B("a,b,,\n1,2,,\n3,4\n5,6,x,\n"),
	  NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2:1|2\n3:3|4\n4!line 4: 4 fields, expected 2\nEND" },
	{ "stray quotes: the record is rejected, reading goes on at the next line",
	  B("a,b\n1,x\"y\n2,\"ok\"\n3,\"bad\"z\n4,\"q\" \"\n5,\"a\" ,\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2!line 2: quote inside an unquoted field at column 2\n3:2|ok\n"
	  "4!line 4: unexpected character after the closing quote at column 2\n"
	  "5!line 5: unexpected quote after the closing quote at column 2\n6:5|a\nEND" },
	{ "a stray quote inside quotes resyncs at the end of that line",
	  B("a,b\n1,\"open\n2,\"x\"y,3\n4,5\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2-3!line 3: unexpected character after the closing quote at "
	  "column "
	  "2\n4:4|5\nEND" },
	{ "unclosed quote is fatal with the line it opened on", B("a,b\n1,2\n3,\"never\nclosed\n"), NULL, 0,
	  0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2:1|2\nFATAL line 3: quoted field at column 2 is never closed "
	  "(the "
	  "file ends inside it)" },
	{ "invalid UTF-8: each record rejected with its byte and column",
	  B("a,b\nx,caf\xe9\n\xc0\x80,y\nz,\xe0\x80\x80\nw,\xed\xa0\x80\nv,\xf4\x90\x80\x80\nu,\xf5\nok,"
	    "\xc3\xa9\nt,\xe2\x82"),
	  NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2!line 2: invalid UTF-8 byte 0xE9 at column 2\n"
	  "3!line 3: invalid UTF-8 byte 0xC0 at column 1\n4!line 4: invalid UTF-8 byte 0xE0 at column 2\n"
	  "5!line 5: invalid UTF-8 byte 0xED at column 2\n6!line 6: invalid UTF-8 byte 0xF4 at column 2\n"
	  "7!line 7: invalid UTF-8 byte 0xF5 at column 2\n8:ok|\xc3\xa9\n9!line 9: invalid UTF-8 byte 0xE2 "
	  "at "
	  "column 2\nEND" },
	{ "invalid UTF-8 in a multi-line field names its own line", B("a,b\n1,\"x\ny\xff\"\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2-3!line 3: invalid UTF-8 byte 0xFF at column 2\nEND" },
	{ "NUL byte rejects the record, never truncates it", B("a,b\n1,x\0y\n2,3\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=a|b\n2!line 2: NUL byte at column 2\n3:2|3\nEND" },
	{ "NUL in the header hints at UTF-16 without BOM", B("a\0,\0b\0\n\0"), NULL, 0, 0, 0,
	  "OPEN -2: line 1: NUL byte at column 1 in the header (a UTF-16 file without BOM? declare its "
	  "encoding)" },
	{ "invalid UTF-8 in the header asks for the encoding", B("Caf\xe9,b\n1,2\n"), NULL, 0, 0, 0,
	  "OPEN -2: line 1: invalid UTF-8 byte 0xE9 at column 1 in the header (declare the encoding, e.g. "
	  "latin1 "
	  "or windows-1252)" },
	{ "UTF-8 BOM skipped",
	  B("\xef\xbb\xbf"
	    "a,b\n1,2\n"),
	  NULL, 0, 0, 0, "delim=,  enc=utf-8  header=a|b\n2:1|2\nEND" },
	{ "latin1 declared", B("a,b\n1,caf\xe9\x80\n"), "latin1", 0, 0, 0,
	  "delim=,  enc=latin1  header=a|b\n2:1|caf\xc3\xa9\xc2\x80\nEND" },
	{ "windows-1252 declared: euro and quotes", B("a,b\n1,\x80 \x93x\x94 \x81\n"), "windows-1252", 0, 0,
	  0,
	  "delim=,  enc=windows-1252  header=a|b\n2:1|\xe2\x82\xac \xe2\x80\x9cx\xe2\x80\x9d \xc2\x81\nEND" },
	{ "a BOM wins over a declared encoding",
	  B("\xef\xbb\xbf"
	    "a\n\xc3\xa9\n"),
	  "latin1", 0, 0, 0, "delim=,  enc=utf-8  header=a\n2:\xc3\xa9\nEND" },
	{ "UTF-16LE with BOM and a surrogate pair",
	  B("\xff\xfe"
	    "a\0,\0b\0\n\0"
	    "1\0,\0\x3d\xd8\x00\xde\n\0"),
	  NULL, 0, 0, 0, "delim=,  enc=utf-16le  header=a|b\n2:1|\xf0\x9f\x98\x80\nEND" },
	{ "UTF-16BE without BOM, declared", B("\0a\0;\0b\0\n\0001\0;\0002"), "utf-16be", 0, 0, 0,
	  "delim=;  enc=utf-16be  header=a|b\n2:1|2\nEND" },
	{ "UTF-16: unpaired surrogates rejected with their line",
	  B("\xff\xfe"
	    "a\0,\0b\0\n\0"
	    "1\0,\0\x3d\xd8\n\0"
	    "2\0,\0\x00\xde\n\0"
	    "3\0,\0"
	    "4\0\n\0"
	    "5\0,\0\x3d\xd8"),
	  NULL, 0, 0, 0,
	  "delim=,  enc=utf-16le  header=a|b\n2!line 2: unpaired UTF-16 surrogate at column 2\n"
	  "3!line 3: unpaired UTF-16 surrogate at column 2\n4:3|4\n5!line 5: unpaired UTF-16 surrogate at "
	  "column "
	  "2\nEND" },
	{ "UTF-16: an odd last byte",
	  B("\xff\xfe"
	    "a\0\n\0"
	    "1\0"
	    "2"),
	  NULL, 0, 0, 0,
	  "delim=,  enc=utf-16le  header=a\n2!line 2: odd number of bytes in a UTF-16 file (last character "
	  "cut) "
	  "at column 1\nEND" },
	{ "field cap: an unquoted field too long rejects its record only",
	  B("a,b\n1,123456789\n2,12345678\n"), NULL, 0, 8, 0,
	  "delim=,  enc=utf-8  header=a|b\n2!line 2: field at column 2 is longer than 8 "
	  "bytes\n3:2|12345678\nEND" },
	{ "field cap: a quoted field too long is fatal (missing quote)", B("a,b\n1,\"12345\n6789\n"), NULL, 0,
	  8, 0,
	  "delim=,  enc=utf-8  header=a|b\nFATAL line 2: quoted field at column 2 is longer than 8 bytes "
	  "(still "
	  "open on line 3); is its closing quote missing?" },
	{ "record cap", B("a,b,c\n1234,5678,9012\n1,2,3\n"), NULL, 0, 4, 12,
	  "delim=,  enc=utf-8  header=a|b|c\n2!line 2: record is longer than 12 bytes\n3:1|2|3\nEND" },
	{ "record cap: no line end within twice the cap is fatal (an endless line)",
	  B("a,b,c\n1234,5678,9012,3456,7890,1234,5678\n1,2,3\n"), NULL, 0, 4, 12,
	  "delim=,  enc=utf-8  header=a|b|c\nFATAL line 2: no line end within 24 bytes (twice the record "
	  "cap of 12 bytes; not a CSV file?)" },
	{ "control characters inside quotes stay", B("\"\t\n\v\f\r start\",b\nd,e\n"), NULL, 0, 0, 0,
	  "delim=,  enc=utf-8  header=\\t\\n\\x0b\\x0c\\r start|b\n4:d|e\nEND" },
};

static void test_memory_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof mem_cases / sizeof mem_cases[0]; i++) {
		const struct mem_case *c = &mem_cases[i];
		struct csvread_opts o = opts_of(c->enc, c->delim);
		char *got, *want = strdup(c->want), *p;

		o.max_field = c->max_field;
		o.max_record = c->max_record;
		got = dump_input(NULL, c->data, c->len, &o);
		/* "(EMPTY)" in a want marks an empty field at the start of a row. */
		while ((p = strstr(want, "(EMPTY)")) != NULL)
			memmove(p, p + 7, strlen(p + 7) + 1);
		expect_dump(c->name, got, want);
		free(got);
		free(want);
	}
}

/* max_rows: the record after the last allowed one is fatal, with its line;
 * blank lines and all-empty rows do not count. */
static void test_max_rows(void **state)
{
	struct csvread_opts o = opts_of(NULL, 0);
	char *got;

	(void)state;
	o.max_rows = 2;
	got = dump_input(NULL, B("a,b\n1,2\n\n,\n3,4\n5,6\n"), &o);
	expect_dump("max_rows 2", got,
	            "delim=,  enc=utf-8  header=a|b\n2:1|2\n5:3|4\nFATAL line 6: more than 2 rows: an "
	            "import takes at most 2 (split the file)");
	free(got);
	got = dump_input(NULL, B("a,b\n1,2\n3,4\n"), &o);
	expect_dump("exactly max_rows", got, "delim=,  enc=utf-8  header=a|b\n2:1|2\n3:3|4\nEND");
	free(got);
}

/* The raw bytes of a rejected record are the file's, for the reject file. */
static void test_raw_bytes(void **state)
{
	static const char data[] = "a,b\r\n  1,\"caf\xe9\"\r\n\"x\ny\",2\n";
	struct csvread *r;
	struct csvread_record rec;
	char *err = NULL;
	FILE *fp = fmemopen((void *)data, sizeof data - 1, "rb");

	(void)state;
	assert_non_null(fp);
	assert_int_equal(csvread_open_stream(fp, NULL, &r, &err), 0);
	assert_int_equal(csvread_header_line(r), 1);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
	assert_non_null(rec.error);
	assert_int_equal(rec.raw_len, 10);
	assert_memory_equal(rec.raw, "  1,\"caf\xe9\"", 10);
	assert_int_equal(rec.raw_truncated, 0);
	assert_int_equal(rec.nfields, 0);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
	assert_null(rec.error);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.end_line, 4);
	assert_int_equal(rec.raw_len, 7);
	assert_memory_equal(rec.raw, "\"x\ny\",2", 7);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_END);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_END);
	assert_true(csvread_offset(r) == sizeof data - 1);
	csvread_close(r);
	fclose(fp);
}

/* Encoding names. */
static void test_encoding_names(void **state)
{
	enum csvread_encoding e;

	(void)state;
	assert_int_equal(csvread_encoding_parse("UTF-8", &e), 0);
	assert_int_equal(e, CSVREAD_ENC_UTF8);
	assert_int_equal(csvread_encoding_parse("ISO-8859-1", &e), 0);
	assert_int_equal(e, CSVREAD_ENC_LATIN1);
	assert_int_equal(csvread_encoding_parse("cp1252", &e), 0);
	assert_int_equal(e, CSVREAD_ENC_WINDOWS1252);
	assert_int_equal(csvread_encoding_parse("utf-16le", &e), 0);
	assert_string_equal(csvread_encoding_name(e), "utf-16le");
	assert_int_equal(csvread_encoding_parse("ebcdic", &e), -1);
	assert_int_equal(csvread_encoding_parse(NULL, &e), -1);
}

/* Missing files are an open error with errno's words. */
static void test_missing_file(void **state)
{
	char *got = dump_input("/nonexistent/leads.csv", NULL, 0, NULL);

	(void)state;
	assert_string_equal(got, "OPEN -1: cannot open: No such file or directory");
	free(got);
}

/* ---- block boundaries -------------------------------------------------- */

/* A CRLF split across the 64 KiB input blocks counts as one line end, and a
 * long quoted field across several blocks keeps its line count. */
static void test_block_boundaries(void **state)
{
	size_t size = 300000, w = 0, i, row_start;
	char *data = malloc(size);
	struct csvread *r;
	struct csvread_record rec;
	char *err = NULL;
	FILE *fp;
	long lines = 1;

	(void)state;
	assert_non_null(data);
	w += (size_t)sprintf(data + w, "id,text\r\n");
	/* rows up to the boundary, then one whose CR is the block's last byte */
	while (w < 65536 - 40) {
		w += (size_t)sprintf(data + w, "%ld,x\r\n", lines);
		lines++;
	}
	{
		size_t pad; /* "n,", padding, then CR at offset 65535 and LF at 65536 */
		row_start = w;
		w += (size_t)sprintf(data + w, "%ld,", lines);
		pad = 65535 - w;
		memset(data + w, 'p', pad);
		w += pad;
		assert_int_equal(w, 65535);
		data[w++] = '\r';
		data[w++] = '\n';
		lines++;
	}
	/* a quoted field of 150 KB with a newline every 1000 bytes */
	w += (size_t)sprintf(data + w, "big,\"");
	for (i = 0; i < 150; i++) {
		memset(data + w, 'q', 999);
		w += 999;
		data[w++] = '\n';
	}
	w += (size_t)sprintf(data + w, "\"\r\nlast,row\r\n");

	fp = fmemopen(data, w, "rb");
	assert_non_null(fp);
	assert_int_equal(csvread_open_stream(fp, NULL, &r, &err), 0);
	for (i = 1; i < (size_t)lines; i++) {
		assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
		assert_null(rec.error);
		assert_int_equal(rec.line, (long)i + 1);
	}
	/* the row whose CR ended the first block: its raw bytes stop at the CR */
	assert_int_equal(rec.raw_len, 65535 - row_start);
	assert_int_equal(rec.lengths[1], 65535 - row_start - rec.lengths[0] - 1);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
	assert_null(rec.error);
	assert_int_equal(rec.line, lines + 1);
	assert_int_equal(rec.end_line, lines + 1 + 150);
	assert_int_equal(rec.lengths[1], 150000);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
	assert_int_equal(rec.line, lines + 152);
	assert_string_equal(rec.fields[1], "row");
	assert_int_equal(csvread_next(r, &rec), CSVREAD_END);
	csvread_close(r);
	fclose(fp);
	free(data);
}

/* A UTF-16 surrogate pair split across input blocks decodes whole. */
static void test_utf16_pair_across_blocks(void **state)
{
	size_t size = 140000, w = 0;
	unsigned char *data = malloc(size);
	struct csvread *r;
	struct csvread_record rec;
	char *err = NULL;
	FILE *fp;

	(void)state;
	assert_non_null(data);
	data[w++] = 0xFF;
	data[w++] = 0xFE;
	data[w++] = 'a';
	data[w++] = 0;
	data[w++] = '\n';
	data[w++] = 0;
	/* 'x' units up to byte 65534, where the pair starts: bytes 65534..65537 */
	while (w < 65534) {
		data[w++] = 'x';
		data[w++] = 0;
	}
	data[w++] = 0x3D;
	data[w++] = 0xD8;
	data[w++] = 0x00;
	data[w++] = 0xDE;
	data[w++] = '\n';
	data[w++] = 0;
	fp = fmemopen(data, w, "rb");
	assert_non_null(fp);
	assert_int_equal(csvread_open_stream(fp, NULL, &r, &err), 0);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_RECORD);
	assert_null(rec.error);
	assert_int_equal(rec.lengths[0], (65534 - 6) / 2 + 4);
	assert_memory_equal(rec.fields[0] + rec.lengths[0] - 4, "\xf0\x9f\x98\x80", 4);
	assert_int_equal(csvread_next(r, &rec), CSVREAD_END);
	csvread_close(r);
	fclose(fp);
	free(data);
}

/* ---- fixtures of this project ------------------------------------------ */

/* One fixture file. */
struct file_case {
	const char *file; /* under tests/fixtures/csv */
	const char *enc;  /* declared encoding, or NULL */
	const char *want; /* expected dump */
};

static const struct file_case fixture_cases[] = {
	{ "broken.csv", NULL,
	  "delim=,  enc=utf-8  header=email|name|n\n"
	  "2:ok1@x.example|One|1\n"
	  "4!line 4: quote inside an unquoted field at column 2\n"
	  "5:ok2@x.example|Three|3\n"
	  "6!line 6: invalid UTF-8 byte 0xE9 at column 2\n"
	  "7:ok3@x.example|Four|4\n"
	  "8!line 8: 4 fields, expected 3\n"
	  "9!line 9: 2 fields, expected 3\n"
	  "10!line 10: NUL byte at column 2\n"
	  "11!line 11: unexpected character after the closing quote at column 2\n"
	  "14-15:ok4@x.example|multi\\nline|9\n"
	  "16:ok5@x.example|Last|10\nEND" },
	{ "cr_only.csv", NULL, "delim=,  enc=utf-8  header=a|b|c\n2-3:1|x\\ry|3\n4:4|5|6\nEND" },
	{ "unclosed_quote.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b\n2:1|2\nFATAL line 3: quoted field at column 2 is never closed "
	  "(the "
	  "file ends inside it)" },
	{ "excel_trailing.csv", NULL,
	  "delim=,  enc=utf-8  header=Email|Phone|Phone\n2:ana@acme.example|600111222|+44 20 7946 0000\n"
	  "3:bob@beta.example||\nEND" },
	{ "excel_es_cp1252.csv", NULL,
	  "OPEN -2: line 1: invalid UTF-8 byte 0xF3 at column 3 in the header (declare the encoding, e.g. "
	  "latin1 "
	  "or windows-1252)" },
	{ "excel_es_cp1252.csv", "windows-1252",
	  "delim=;  enc=windows-1252  header=Nombre|Apellidos|Correo electr\xc3\xb3nico|Tel\xc3\xa9"
	  "fono|Empresa|Fecha de alta|Presupuesto\n"
	  "2:Jos\xc3\xa9|Mu\xc3\xb1oz|jose@munoz.example|600 111 222|Mu\xc3\xb1oz S.A.|21/11/2026 "
	  "14:05|1.000 "
	  "\xe2\x82\xac\nEND" },
	{ "meta_lead_ads_utf16le.tsv", NULL,
	  "delim=\\t  enc=utf-16le  "
	  "header=id|created_time|ad_id|ad_name|campaign_id|campaign_name|form_id|is_organic|platform|full_"
	  "name|"
	  "phone_number|email|company_name|job_title\n"
	  "2:l:1234567890|2026-05-10T09:15:00+02:00|ag:111|Spring ad|c:222|Spring "
	  "2026|f:333|FALSE|fb|Jos\xc3\xa9 "
	  "P\xc3\xa9rez|p:+447700900123|jose@perez.example|P\xc3\xa9rez & Hijos|CEO\n"
	  "3:l:1234567891|2026-05-10T10:00:00+02:00|ag:111|Spring ad|c:222|Spring "
	  "2026|f:333|TRUE|ig|\xf0\x9f\x98\x80 Emoji Fan|p:+34600000001|fan@emoji.example||\nEND" },
	{ "meta_business_suite.csv", NULL,
	  "delim=,  enc=utf-8  header=Created|Name|Email "
	  "address|Source|Form|Channel|Stage|Owner|Labels|Phone "
	  "number (recommended)|Secondary phone number\n"
	  "2:08/10/2024, 21:35|Ana Garc\xc3\xad"
	  "a|ana@acme.example|Facebook|Spring form|Paid|Intake|||+34600111222|\n"
	  "3:25/10/2024, 09:05|Bob Beta|bob@beta.example|Instagram|Spring form|Paid|Converted|Ana|vip, "
	  "hot||+34600333444\nEND" },
	{ "google_forms.csv", NULL,
	  "delim=,  enc=utf-8  header=Timestamp|Email Address|Your name|Company|How many people work "
	  "there?|Requested demo|Anything else?\n"
	  "2-3:5/10/2026 9:15:00|ana@acme.example|Ana Mar\xc3\xad"
	  "a Garc\xc3\xad"
	  "a|Acme|11-50|Yes|Call me\\nafter 5pm\n"
	  "4:5/11/2026 14:05:30|bob@beta.example|Garc\xc3\xad"
	  "a, Bob|Beta|5000|No|\n"
	  "5:5/12/2026 8:00:00|cleo@gamma.example|Cleo|Gamma||maybe|\nEND" },
};

/* Path of a fixture of this project (static buffer). */
static const char *fixture(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof path, "%s/tests/fixtures/csv/%s", LC_SOURCE_DIR, name);
	return path;
}

static void test_fixtures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof fixture_cases / sizeof fixture_cases[0]; i++) {
		struct csvread_opts o = opts_of(fixture_cases[i].enc, 0);
		char *got = dump_input(fixture(fixture_cases[i].file), NULL, 0, &o);
		expect_dump(fixture_cases[i].file, got, fixture_cases[i].want);
		free(got);
	}
}

/* The big-endian copy of the Meta export reads the same as the little one. */
static void test_utf16_be_equals_le(void **state)
{
	char *le = dump_input(fixture("meta_lead_ads_utf16le.tsv"), NULL, 0, NULL);
	char *be = dump_input(fixture("meta_lead_ads_utf16be.tsv"), NULL, 0, NULL);
	char *p = strstr(be, "utf-16be");

	(void)state;
	assert_non_null(p);
	memcpy(p, "utf-16le", 8);
	assert_string_equal(le, be);
	free(le);
	free(be);
}

/* ---- files written by others (../shared/data) ------------------------- */

/* Read a whole file into a new string. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Every csv-spectrum case reads as its JSON says (location_coordinates.json
 * is known to be wrong and is left out). */
static void test_csv_spectrum(void **state)
{
	static const char *const names[] = { "comma_in_quotes",
		                             "empty",
		                             "empty_crlf",
		                             "escaped_quotes",
		                             "json",
		                             "newlines",
		                             "newlines_crlf",
		                             "quotes_and_newlines",
		                             "simple",
		                             "simple_crlf",
		                             "utf8",
		                             NULL };
	size_t k;

	(void)state;
	for (k = 0; names[k]; k++) {
		char csv[256], js[256];
		char *text;
		cJSON *want;
		struct csvread *r;
		struct csvread_record rec;
		const char *const *h;
		char *err = NULL;
		size_t nh;
		int row = 0, rc;

		snprintf(csv, sizeof csv, "csv-spectrum/csvs/%s.csv", names[k]);
		snprintf(js, sizeof js, "csv-spectrum/json/%s.json", names[k]);
		text = slurp(shared(js));
		want = cJSON_Parse(text);
		free(text);
		assert_non_null(want);
		assert_int_equal(csvread_open(shared(csv), NULL, &r, &err), 0);
		nh = csvread_header(r, &h);
		while ((rc = csvread_next(r, &rec)) == CSVREAD_RECORD) {
			cJSON *obj = cJSON_GetArrayItem(want, row++);
			size_t i;
			if (rec.error)
				fail_msg("%s: %s", names[k], rec.error);
			assert_non_null(obj);
			assert_int_equal(rec.nfields, nh);
			assert_int_equal(cJSON_GetArraySize(obj), (int)nh);
			for (i = 0; i < nh; i++) {
				cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, h[i]);
				if (!cJSON_IsString(v) || strcmp(v->valuestring, rec.fields[i]) != 0)
					fail_msg("%s row %d column %s: got '%s'", names[k], row, h[i],
					         rec.fields[i]);
			}
		}
		assert_int_equal(rc, CSVREAD_END);
		assert_int_equal(row, cJSON_GetArraySize(want));
		csvread_close(r);
		cJSON_Delete(want);
	}
}

/* Shared files with the dump they must give. */
static const struct file_case shared_cases[] = {
	{ "csv-parser-mafintosh/fixtures/bench_utf16.csv", NULL,
	  "delim=,  enc=utf-16le  header=a|b|c\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csv-parser-mafintosh/fixtures/bench_utf16-big.csv", NULL,
	  "delim=,  enc=utf-16be  header=a|b|c\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csv-parser-mafintosh/fixtures/bench_utf8.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csv-parser-mafintosh/fixtures/bench_latin.csv", "latin1",
	  "delim=,  enc=latin1  header=a|b|c\n2:1|2|3\n3:4|5|\xc2\xa9\nEND" },
	{ "csv-parser-mafintosh/fixtures/bench_latin.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3!line 3: invalid UTF-8 byte 0xA9 at column 3\nEND" },
	{ "csv-parser-mafintosh/fixtures/bench_mac-newlines.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3-4:Once upon\\ra time|5|6\nEND" },
	{ "csv-parser-mafintosh/fixtures/strict.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3:4|5|6\n4!line 4: 4 fields, expected 3\nEND" },
	{ "csv-parser-mafintosh/fixtures/strict-false-less-columns.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3!line 3: 2 fields, expected 3\n4:6|7|8\nEND" },
	{ "csv-parser-mafintosh/fixtures/strict-false-more-columns.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3!line 3: 4 fields, expected 3\n4:8|9|10\nEND" },
	{ "csv-parser-mafintosh/fixtures/escape-quotes.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b\n2:1|ha \"ha\" ha\n3:2|\"\"\n4:3|4\nEND" },
	{ "csv-parser-mafintosh/fixtures/quotes+newlines.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b\n2-4:1|ha \\n\"ha\" \\nha\n5-7:2| \\n\"\" \\n\n8:3|4\nEND" },
	{ "csvkit/examples/test_utf8_bom.csv", NULL,
	  "delim=,  enc=utf-8  header=foo|bar|baz\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csvkit/examples/bad.csv", NULL,
	  "delim=,  enc=utf-8  header=column_a|column_b|column_c\n2!line 2: 4 fields, expected 3\n"
	  "3!line 3: 2 fields, expected 3\n4:0|mixed types.... uh oh|17\nEND" },
	{ "csvkit/examples/null_byte.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2!line 2: NUL byte at column 1\nEND" },
	{ "csvkit/examples/test_utf16_little.csv", NULL,
	  "delim=,  enc=utf-16le  header=a|b|c\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csvkit/examples/test_utf16_big.csv", NULL,
	  "delim=,  enc=utf-16be  header=a|b|c\n2:1|2|3\n3:4|5|\xca\xa4\nEND" },
	{ "csvkit/examples/test_latin1.csv", "latin1",
	  "delim=,  enc=latin1  header=a|b|c\n2:1|2|3\n3:4|5|\xc2\xa9\nEND" },
	{ "csvkit/examples/mac_newlines.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2:1|2|3\n3-4:Once upon\\ra time|5|6\nEND" },
	{ "csvkit/examples/dummy.tsv", NULL, "delim=\\t  enc=utf-8  header=a|b|c\n2:1|2|3\nEND" },
	{ "csvkit/examples/blanks.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c|d|e|f\n2:|NA|N/A|NONE|NULL|.\nEND" },
	{ "csvkit/examples/test_header_newline.csv", NULL,
	  "delim=,  enc=utf-8  header=\\t\\n\\x0b\\x0c\\r start \\t\\n\\x0b\\x0c\\r end "
	  "\\t\\n\\x0b\\x0c\\r|b|c\n8:d|e|f\nEND" },
	{ "csvkit/examples/test_join_short_rows.csv", NULL,
	  "delim=,  enc=utf-8  header=a|b|c\n2!line 2: 2 fields, expected 3\n3!line 3: 2 fields, expected "
	  "3\n4:3|b|c\nEND" },
	{ "csvkit/examples/test_empty_columns_short_row.csv", NULL, "delim=,  enc=utf-8  header=a|b|c\nEND" },
};

static void test_shared_files(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof shared_cases / sizeof shared_cases[0]; i++) {
		struct csvread_opts o = opts_of(shared_cases[i].enc, 0);
		char *got = dump_input(shared(shared_cases[i].file), NULL, 0, &o);
		expect_dump(shared_cases[i].file, got, shared_cases[i].want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_cases),
		cmocka_unit_test(test_raw_bytes),
		cmocka_unit_test(test_max_rows),
		cmocka_unit_test(test_encoding_names),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_utf16_pair_across_blocks),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_utf16_be_equals_le),
		cmocka_unit_test(test_csv_spectrum),
		cmocka_unit_test(test_shared_files),
	};

	return shared_status(cmocka_run_group_tests(tests, NULL, NULL));
}
