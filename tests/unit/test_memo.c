/* Unit tests for the bounded memo (memo.h): answers come back as stored,
 * NULL answers and notes included; a slot's new answer replaces the old;
 * the entry count never passes the slot count; long keys are not kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/memo.h"

static const char NOTE_A[] = "not a valid domain";

static void test_get_put(void **state)
{
	static const struct {
		const char *key, *value, *note;
	} cases[] = {
		{ "gmail.com", "gmail.com", NULL }, { "MÜLLER.example", "müller.example", NULL },
		{ "no-dot", NULL, NOTE_A },         { "", "", NULL },
		{ "Deutschland", "DE", NULL },
	};
	struct memo m = MEMO_INIT(64, 32);
	const char *value, *note;
	size_t i;

	(void)state;
	assert_int_equal(memo_get(&m, "gmail.com", &value, &note), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		memo_put(&m, cases[i].key, cases[i].value, cases[i].note);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		value = "unset";
		note = "unset";
		/* Entries may have displaced each other only when they share a slot. */
		if (!memo_get(&m, cases[i].key, &value, &note))
			continue;
		if (cases[i].value)
			assert_string_equal(value, cases[i].value);
		else
			assert_null(value);
		assert_ptr_equal(note, cases[i].note);
	}
	/* Exact keys only: another case is another key. */
	assert_int_equal(memo_get(&m, "GMAIL.COM", &value, &note), 0);
	memo_clear(&m);
	assert_int_equal(memo_entries(&m), 0);
	assert_int_equal(memo_get(&m, "gmail.com", &value, &note), 0);
	memo_clear(&m);
}

/* A key stored again gets the new answer, without a second entry. */
static void test_replace(void **state)
{
	struct memo m = MEMO_INIT(8, 32);
	const char *value, *note;

	(void)state;
	memo_put(&m, "es", "ES", NULL);
	memo_put(&m, "es", "", NOTE_A);
	assert_int_equal(memo_entries(&m), 1);
	assert_int_equal(memo_get(&m, "es", &value, &note), 1);
	assert_string_equal(value, "");
	assert_ptr_equal(note, NOTE_A);
	memo_clear(&m);
}

/* Ten thousand keys into 16 slots: never more than 16 entries, every
 * entry still answers its own key, and the last key stored is there. */
static void test_bounded(void **state)
{
	struct memo m = MEMO_INIT(16, 32);
	char key[32], want[40];
	const char *value, *note;
	size_t found = 0;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "host%d.example", i);
		snprintf(want, sizeof want, "answer %d", i);
		memo_put(&m, key, want, NULL);
		assert_true(memo_entries(&m) <= 16);
	}
	assert_int_equal(memo_get(&m, "host9999.example", &value, &note), 1);
	assert_string_equal(value, "answer 9999");
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "host%d.example", i);
		if (memo_get(&m, key, &value, &note)) {
			snprintf(want, sizeof want, "answer %d", i);
			assert_string_equal(value, want);
			found++;
		}
	}
	assert_int_equal(found, memo_entries(&m));
	assert_true(found >= 1 && found <= 16);
	memo_clear(&m);
}

/* Keys over the limit are not remembered; at the limit they are. */
static void test_key_limit(void **state)
{
	struct memo m = MEMO_INIT(8, 4);
	const char *value, *note;

	(void)state;
	memo_put(&m, "abcde", "x", NULL);
	assert_int_equal(memo_entries(&m), 0);
	assert_int_equal(memo_get(&m, "abcde", &value, &note), 0);
	memo_put(&m, "abcd", "y", NULL);
	assert_int_equal(memo_get(&m, "abcd", &value, &note), 1);
	assert_string_equal(value, "y");
	memo_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_put),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_key_limit),
	};
	return cmocka_run_group_tests_name("memo", tests, NULL, NULL);
}
