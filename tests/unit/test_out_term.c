/* Unit tests of out.c's terminal helpers: display width, cutting with
 * '…', fitting column widths.  Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/out.h"

static void test_width(void **state)
{
	static const struct {
		const char *s;
		size_t w;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "López", 5 },         /* precomposed ó: 2 bytes, 1 column */
		{ "Lo\xcc\x81pez", 5 }, /* o + combining acute: 0 for the mark */
		{ "王小明", 6 },        /* wide: 2 columns each */
		{ "北京 Data", 9 },
		{ "…", 1 },
		{ "\xf0\x9f\x98\x80", 2 }, /* emoji: wide */
	};
	size_t i;

	(void)state;
	assert_int_equal(out_display_width(NULL), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (out_display_width(cases[i].s) != cases[i].w)
			fail_msg("'%s': %zu, want %zu", cases[i].s, out_display_width(cases[i].s),
			         cases[i].w);
}

static void test_fitted(void **state)
{
	static const struct {
		const char *s;
		size_t width;
		const char *want;
	} cases[] = {
		{ "Ana García", 20, "Ana García" }, /* fits: as it is */
		{ "Ana García", 10, "Ana García" },
		{ "Ana García", 6, "Ana G…" },
		{ "王小明王小明", 7, "王小明…" },              /* 6 columns + … */
		{ "王小明王小明", 6, "王小… " },               /* a wide char does not fit in 1: padded */
		{ "Lo\xcc\x81pez y Cía", 5, "Lo\xcc\x81pe…" }, /* the mark stays with its o */
		{ "abc", 1, "…" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		out_put_fitted(f, cases[i].s, cases[i].width);
		fclose(f);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("'%s' in %zu: '%s', want '%s'", cases[i].s, cases[i].width, buf,
			         cases[i].want);
		assert_true(out_display_width(buf) <= cases[i].width);
		free(buf);
	}
}

static void test_fit_widths(void **state)
{
	static const struct {
		size_t n, width;
		size_t w[4], min[4], want[4];
	} cases[] = {
		{ 3, 0, { 10, 20, 30 }, { 0, 0, 0 }, { 10, 20, 30 } },         /* no limit */
		{ 3, 80, { 10, 20, 30 }, { 0, 0, 0 }, { 10, 20, 30 } },        /* fits: 64 */
		{ 3, 50, { 10, 20, 30 }, { 0, 0, 0 }, { 10, 18, 18 } },        /* widest first */
		{ 3, 40, { 10, 20, 30 }, { 0, 0, 30 }, { 5, 5, 30 } },         /* a kept column */
		{ 2, 10, { 20, 20 }, { 0, 0 }, { 5, 5 } },                     /* floor 5: still 12 wide */
		{ 4, 30, { 2, 40, 5, 16 }, { 2, 0, 5, 16 }, { 2, 5, 5, 16 } }, /* as narrow as it gets */
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t w[4];
		memcpy(w, cases[i].w, sizeof w);
		out_fit_widths(w, cases[i].min, cases[i].n, cases[i].width);
		for (k = 0; k < cases[i].n; k++)
			if (w[k] != cases[i].want[k])
				fail_msg("case %zu column %zu: %zu, want %zu", i, k, w[k], cases[i].want[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fitted),
		cmocka_unit_test(test_fit_widths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
