/* fold: caseless keys for every script (fold.h), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/fold.h"

/* An input and the key it must give. */
struct fold_case {
	const char *in, *want;
};

/* Check fn (named name) on every case. */
static void check_folds(char *(*fn)(const char *, size_t, size_t *), const char *name,
                        const struct fold_case *cases, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		char *f = fn(cases[i].in, strlen(cases[i].in), &len);
		assert_non_null(f);
		if (strcmp(f, cases[i].want) != 0 || len != strlen(cases[i].want))
			fail_msg("%s('%s') = '%s', want '%s'", name, cases[i].in, f, cases[i].want);
		free(f);
	}
}

static void test_case(void **state)
{
	static const struct fold_case cases[] = {
		{ "LÓPEZ", "lópez" },
		{ "Jefa de Área", "jefa de área" },
		{ "Straße", "strasse" },
		{ "STRAẞE", "strasse" },    /* capital sharp s */
		{ "ΟΔΟΣ", "οδοσ" },         /* capital sigma */
		{ "οδος", "οδοσ" },         /* final sigma */
		{ "ǅ", "ǆ" },               /* title case */
		{ "İstanbul", "i̇stanbul" }, /* no Turkish tailoring: i + dot */
		{ "A\xcc\x81rea", "área" }, /* NFD in, NFC out */
		{ "王伟", "王伟" },         /* no case */
		{ "ＡＣＭＥ", "ａｃｍｅ" }, /* full-width: case only (NFC) */
		{ "MIXED ascii 42", "mixed ascii 42" },
		{ "", "" },
		{ "bad \xff BYTE", "bad \xff byte" }, /* not UTF-8: A-Z only */
	};
	(void)state;
	check_folds(fold_case, "fold_case", cases, sizeof cases / sizeof cases[0]);
}

static void test_search_key(void **state)
{
	static const struct fold_case cases[] = {
		{ "LÓPEZ", "lopez" },
		{ "López", "lopez" },
		{ "lopez", "lopez" },
		{ "Jefa de Área", "jefa de area" },
		{ "Straße", "strasse" },
		{ "ＡＣＭＥ Ｓ.Ａ.", "acme s.a." }, /* full-width: NFKC */
		{ "ﬁnca", "finca" },                /* ligature: NFKC */
		{ "Ærøskøbing", "ærøskøbing" },     /* ø is a letter, not o + mark */
		{ "Łódź", "łodz" },
		{ "Ἀθῆναι", "αθηναι" }, /* Greek accents and breathings */
		{ "Ёлка Й", "елка и" }, /* Cyrillic marks */
		{ "한국어", "한국어" }, /* Hangul recomposed */
		{ "François Müller-Çelik", "francois muller-celik" },
		{ "", "" },
	};
	(void)state;
	check_folds(fold_search_key, "fold_search_key", cases, sizeof cases / sizeof cases[0]);
}

static void test_equal(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{ "Education", "EDUCATION", 1 }, { "Educación", "EDUCACIÓN", 1 },
		{ "Educación", "EDUCACION", 0 }, /* accents count */
		{ "Straße", "STRASSE", 1 },      { "ΟΔΟΣ", "οδος", 1 },
		{ "A\xcc\x81rea", "ÁREA", 1 },   { "Acme", "Acme Inc", 0 },
		{ "\xff", "\xff", 1 },           { "\xff", "\xfe", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (fold_equal(cases[i].a, cases[i].b) != cases[i].want)
			fail_msg("fold_equal('%s', '%s') != %d", cases[i].a, cases[i].b, cases[i].want);
}

/* Each row must sort strictly before the next, or equal it when marked. */
static void test_sort_key(void **state)
{
	static const struct {
		const char *s;
		int equal_to_previous;
	} order[] = {
		{ "", 0 },       { "9", 0 },       { "10", 0 },                    /* numbers as numbers */
		{ "ábalos", 0 }, { "Ahlberg", 0 }, { "lopez", 0 }, { "LOPEZ", 1 }, /* case ignored */
		{ "López", 0 }, /* the accent after the base letters */
		{ "Lozano", 0 }, { "Müller", 0 },  { "Muñoz", 0 }, { "Strasse", 0 },
		{ "Zapata", 0 }, { "Zola", 0 },    { "Ωμέγα", 0 }, /* Latin, then Greek, then Han (root order)
		                                                    */
		{ "王", 0 },
	};
	struct fold_collator *c;
	uint8_t *prev = NULL, *key;
	size_t prevlen = 0, len, i;

	(void)state;
	assert_int_equal(fold_collator_open(&c), 0);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		int cmp;
		assert_int_equal(fold_sort_key(c, order[i].s, strlen(order[i].s), &key, &len), 0);
		if (prev) {
			cmp = memcmp(prev, key, prevlen < len ? prevlen : len);
			if (cmp == 0)
				cmp = prevlen < len ? -1 : prevlen > len ? 1 : 0;
			if (order[i].equal_to_previous ? cmp != 0 : cmp >= 0)
				fail_msg("'%s' against '%s': %d", order[i - 1].s, order[i].s, cmp);
		}
		free(prev);
		prev = key;
		prevlen = len;
	}
	free(prev);
	fold_collator_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_search_key),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_sort_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
