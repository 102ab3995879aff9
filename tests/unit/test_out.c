/* out: what data may not do to its reader (terminal escapes, spreadsheet
 * formulas). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/out.h"

static void test_term_safe(void **state)
{
	static const struct {
		const char *in;
		int flatten;
		const char *want;
	} cases[] = {
		{ "Ana García", 1, "Ana García" },
		{ "\x1b]0;owned\a", 1, "^[]0;owned^G" }, /* OSC retitle: ESC and BEL */
		{ "\x1b[2J\x1b[1;31mRED", 1, "^[[2J^[[1;31mRED" },
		{ "a\tb\nc\rd", 1, "a b c d" },
		{ "a\tb\nc", 0, "a\tb\nc" },
		{ "x\x7fy\x01z", 1, "x^?y^Az" },
		{ "\xc2\x9b"
		  "31m",
		  1, "<U+009B>31m" },                                  /* C1 CSI */
		{ "pay\xe2\x80\xaegnp.exe", 1, "pay<U+202E>gnp.exe" }, /* right-to-left override */
		{ "\xe2\x81\xa6x\xe2\x81\xa9", 1, "<U+2066>x<U+2069>" },
		{ "bad\xff\xc0\xafz", 1, "bad\\xFF\\xC0\\xAFz" }, /* not UTF-8, overlong */
		{ "\xed\xa0\x80", 1, "\\xED\\xA0\\x80" },         /* a surrogate */
		{ "\xe2\x82", 1, "\\xE2\\x82" },                  /* truncated */
		{ "日本語 😀", 1, "日本語 😀" },
		{ "", 1, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = out_term_safe(cases[i].in, cases[i].flatten);
		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
		free(got);
	}
	assert_null(out_term_safe(NULL, 1));
}

static void test_csv_safe(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "=1+1", "'=1+1" },
		{ "+34 600 000 000", "'+34 600 000 000" },
		{ "-2h", "'-2h" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\t=1", "'\t=1" },
		{ "\r=1", "'\r=1" },
		{ "\n=1", "'\n=1" },
		{ "\xef\xbc\x9d"
		  "1+1",
		  "'\xef\xbc\x9d"
		  "1+1" }, /* full-width = */
		{ "\xef\xbc\x8b"
		  "1",
		  "'\xef\xbc\x8b"
		  "1" }, /* full-width + */
		{ "\xef\xbc\x8d"
		  "1",
		  "'\xef\xbc\x8d"
		  "1" }, /* full-width - */
		{ "\xef\xbc\xa0"
		  "x",
		  "'\xef\xbc\xa0"
		  "x" }, /* full-width @ */
		{ "\xef\xbc\xa1"
		  "x",
		  "\xef\xbc\xa1"
		  "x" }, /* full-width A: harmless */
		{ "a=1", "a=1" },
		{ " =1", " =1" },
		{ "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = out_csv_safe(cases[i].in);
		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
		free(got);
	}
}

/* A listing written to a memory stream: TSV neutralises and escapes, CSV
 * neutralises text but not numbers. */
static char *listing(enum out_format fmt, const char *const *cells)
{
	static const struct out_col cols[] = { { "name", OT_STR }, { "n", OT_NUM } };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *o;

	assert_non_null(f);
	o = out_begin(f, fmt, cols, 2);
	assert_int_equal(out_row(o, cells), 0);
	assert_int_equal(out_end(o), 0);
	fclose(f);
	return buf;
}

static void test_listings(void **state)
{
	char *s;

	(void)state;
	s = listing(OUT_TSV, (const char *const[]){ "@SUM(1)\x1b[2J", "-5" });
	assert_string_equal(s, "name\tn\n'@SUM(1)^[[2J\t-5\n");
	free(s);
	s = listing(OUT_CSV, (const char *const[]){ "\xef\xbc\x9d"
	                                            "1",
	                                            "-5" });
	assert_string_equal(s, "name,n\r\n'\xef\xbc\x9d"
	                       "1,-5\r\n");
	free(s);
	s = listing(OUT_TABLE, (const char *const[]){ "\x1b]0;x\a", "1" });
	assert_string_equal(s, "name      n\n^[]0;x^G  1\n");
	free(s);
}

static void test_csv_field(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(out_csv_field(f, "=HYPERLINK(\"x\")", 15, 1), 0);
	fputc(',', f);
	assert_int_equal(out_csv_field(f, "a\0b", 3, 1), 0);
	fclose(f);
	assert_int_equal(len, 26);
	assert_memory_equal(buf, "\"'=HYPERLINK(\"\"x\"\")\",\"a\0b\"", 26);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_safe),
		cmocka_unit_test(test_csv_safe),
		cmocka_unit_test(test_listings),
		cmocka_unit_test(test_csv_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
