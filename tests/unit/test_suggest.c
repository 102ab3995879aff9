/* Unit tests of suggest.c: edit distance and did-you-mean.  Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/suggest.h"

static void test_distance(void **state)
{
	static const struct {
		const char *a, *b;
		size_t d;
	} cases[] = {
		{ "", "", 0 },
		{ "next", "next", 0 },
		{ "nxt", "next", 1 },
		{ "NEXT", "next", 0 },
		{ "stge", "stage", 1 },
		{ "funel", "funnel", 1 },
		{ "chanel", "channel", 1 },
		{ "tuoch", "touch", 1 }, /* transposition */
		{ "abc", "", 3 },
		{ "", "abc", 3 },
		{ "kitten", "sitting", 3 },
		{ "report", "repo", 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(suggest_distance(cases[i].a, cases[i].b), cases[i].d);
		assert_int_equal(suggest_distance(cases[i].b, cases[i].a), cases[i].d);
	}
}

static void test_closest(void **state)
{
	static const char *const commands[] = { "init",  "add",    "show",   "list",   "next", "stage",
		                                "touch", "report", "import", "export", NULL };
	static const char *const stages[] = { "new", "mql", "sql", "won", "lost", "nurture", "disqualified" };
	static const struct {
		const char *word;
		const char *const *cands;
		size_t n;
		const char *want;
	} cases[] = {
		{ "nxt", commands, (size_t)-1, "next" },
		{ "stge", commands, (size_t)-1, "stage" },
		{ "rep", commands, (size_t)-1, "report" },    /* the one prefix */
		{ "REPORT", commands, (size_t)-1, "report" }, /* case */
		{ "xyzzy", commands, (size_t)-1, NULL },      /* nothing near */
		{ "port", commands, (size_t)-1, NULL },       /* import/export/report: a tie */
		{ "ad", commands, (size_t)-1, "add" },
		{ "MQL", stages, 7, "mql" },
		{ "sqll", stages, 7, "sql" },
		{ "wom", stages, 7, "won" },
		{ "disqualifed", stages, 7, "disqualified" },
		{ "nurtur", stages, 7, "nurture" },
		{ "qql", stages, 7, NULL }, /* mql and sql: a tie */
		{ "", stages, 7, NULL },
		{ NULL, stages, 7, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = suggest_closest(cases[i].word, cases[i].cands, cases[i].n);
		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
}

static void test_hint(void **state)
{
	static const char *const opts[] = { "channel", "outcome", "note", "at", NULL };
	char buf[64];

	(void)state;
	assert_string_equal(suggest_hint("chanel", opts, (size_t)-1, "--", buf, sizeof buf),
	                    "; did you mean '--channel'?");
	assert_string_equal(suggest_hint("zzzzzz", opts, (size_t)-1, "--", buf, sizeof buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_hint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
