/* regex: which SLA patterns are refused, what matches, and that a hostile
 * subject ends in a bounded time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "leadctl/regex.h"

static void test_refused(void **state)
{
	static const struct {
		const char *pattern;
		const char *why; /* a substring of the reason; NULL: accepted */
	} cases[] = {
		{ "(^|[^a-z])(ceo|cto|vp)([^a-z]|$)", NULL },
		{ "jefa de área", NULL },
		{ "(head|director)( of \\w+)?", NULL }, /* optional, not repeated */
		{ "(ab){3}", NULL },
		{ "(a+){1,2}", NULL },   /* two choices at most */
		{ "[(]a+[)]+", NULL },   /* parentheses in a class */
		{ "\\(a+\\)+", NULL },   /* escaped parentheses */
		{ "\\Q(a+)+\\E", NULL }, /* quoted text */
		{ "(a+)+", "nested repetition" },
		{ "(a*)*b", "nested repetition" },
		{ "^(a*)*\\1$", "nested repetition" },
		{ "((ab)?c){2,}", "nested repetition" },
		{ "(?:x+y)*", "nested repetition" },
		{ "(a|b+){1,50}", "nested repetition" },
		{ "(x)\\1", "back-references" },
		{ "(?<n>x)\\k<n>", "back-references" },
		{ "(((a{150}){150}){150})", "too large" },
		{ "(ceo", "missing closing parenthesis" },
		{ "[z-a]", "range out of order" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_regex *re = NULL;
		char why[256] = "";
		int rc = regex_compile(cases[i].pattern, &re, why, sizeof why);
		if (!cases[i].why && rc != 0)
			fail_msg("'%s' refused: %s", cases[i].pattern, why);
		if (cases[i].why && (rc == 0 || !strstr(why, cases[i].why)))
			fail_msg("'%s': got '%s', want '%s'", cases[i].pattern, rc ? why : "accepted",
			         cases[i].why);
		if (rc == 0)
			assert_string_equal(regex_pattern(re), cases[i].pattern);
		regex_free(re);
	}
}

static void test_too_long(void **state)
{
	char *p = malloc(REGEX_MAX_PATTERN + 2);
	struct lc_regex *re;
	char why[256];

	(void)state;
	memset(p, 'a', REGEX_MAX_PATTERN + 1);
	p[REGEX_MAX_PATTERN + 1] = '\0';
	assert_int_equal(regex_compile(p, &re, why, sizeof why), -1);
	assert_non_null(strstr(why, "longer than"));
	assert_null(re);
	free(p);
}

static void test_match(void **state)
{
	static const struct {
		const char *pattern, *subject;
		int want;
	} cases[] = {
		{ "jefa de área", "Jefa de Área Comercial", 1 }, /* Unicode case folding */
		{ "ÁREA", "área", 1 },
		/* full case folding (second pass): ß is ss, both ways */
		{ "straße", "STRASSE", 1 },
		{ "strasse", "Straße", 1 },
		{ "STRASSE", "straße", 1 },
		{ "^stra(ß)e$", "STRASSE", 1 },
		{ "^straß+e$", "strassse", 0 }, /* "ß+" is "(?:ss)+": pairs of s */
		{ "^straß+e$", "strassssE", 1 },
		{ "[ß]", "ss", 0 },     /* a class keeps one character */
		{ "ﬁnca", "FINCA", 1 }, /* a ligature folds to its letters */
		{ "finca", "ﬁnca", 1 },
		{ "οδοσ", "ΟΔΟΣ", 1 }, /* capital, small and final sigma */
		{ "όλος", "ΌΛΟΣ", 1 },
		{ "ΌΛΟΣ", "όλοσ", 1 },
		{ "^área$", "A\xcc\x81rea", 1 }, /* decomposed (NFD) subject */
		{ "lópez", "LÓPEZ", 1 },
		{ "lopez", "López", 0 }, /* accents are letters of their own */
		{ "\\p{Lu}", "Ñ", 1 },   /* pass 1 keeps PCRE2's properties */
		{ "^\\p{Lu}$", "ñ", 0 },
		{ "ǆ", "ǅ", 1 },        /* title case */
		{ "(?#ß)x", "X", 1 },   /* a comment is not folded */
		{ "\\Qß\\E", "SS", 0 }, /* nor quoted text */
		{ "(^|[^a-z])cto([^a-z]|$)", "Acting CTO", 1 },
		{ "(^|[^a-z])cto([^a-z]|$)", "Director", 0 },
		{ "^\\w+$", "Müller", 1 }, /* \w is Unicode */
		{ "vp", "bad \xff utf-8 VP", 1 },
		{ "x", "\xc3", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_regex *re;
		char why[256];
		assert_int_equal(regex_compile(cases[i].pattern, &re, why, sizeof why), 0);
		if (regex_match(re, cases[i].subject) != cases[i].want)
			fail_msg("'%s' on '%s': want %d", cases[i].pattern, cases[i].subject, cases[i].want);
		regex_free(re);
	}
}

/* An alternation that backtracks exponentially (not caught by the nesting
 * check) ends at the match limit in milliseconds: no match, counted. */
/* The folded pattern of the second pass, exactly. */
static void test_fold_pattern(void **state)
{
	static const struct {
		const char *pattern, *folded;
		int expanded;
	} cases[] = {
		{ "Jefa de Área", "Jefa de área", 0 }, /* ASCII is left to CASELESS */
		{ "straße", "stra(?:ss)e", 1 },
		{ "STRAẞE+", "STRA(?:ss)E+", 1 },
		{ "[ß]ß", "[ß](?:ss)", 1 },
		{ "\\ßÑ", "\\ßñ", 0 },
		{ "\\QÑ\\EÑ", "\\QÑ\\Eñ", 0 },
		{ "(?#Ñ)Ñ(*MARK:Ñ)", "(?#Ñ)ñ(*MARK:Ñ)", 0 },
		{ "\\p{Lu}Σ", "\\p{Lu}σ", 0 },
		{ "A\xcc\x81rea", "área", 0 }, /* NFC first */
		{ "ŉ", "(?:ʼn)", 1 },          /* two code points */
		{ "ΐ", "ΐ", 0 },               /* three, recomposed by NFC */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int expanded = -1;
		char *f = regex_fold_pattern(cases[i].pattern, &expanded);
		assert_non_null(f);
		if (strcmp(f, cases[i].folded) != 0 || expanded != cases[i].expanded)
			fail_msg("'%s': got '%s' (%d), want '%s' (%d)", cases[i].pattern, f, expanded,
			         cases[i].folded, cases[i].expanded);
		free(f);
	}
}

static void test_limit(void **state)
{
	struct lc_regex *re;
	char why[256], subject[64];
	const char *pat;
	long before = regex_limit_hits(NULL);
	clock_t t0;

	(void)state;
	assert_int_equal(regex_compile("^(a|a)*$", &re, why, sizeof why), 0);
	memset(subject, 'a', 40);
	strcpy(subject + 40, "b");
	t0 = clock();
	assert_int_equal(regex_match(re, subject), -1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_int_equal(regex_limit_hits(&pat), before + 1);
	assert_string_equal(pat, "^(a|a)*$");
	regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused), cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_match),   cmocka_unit_test(test_fold_pattern),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
