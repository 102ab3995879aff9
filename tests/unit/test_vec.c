/* Unit tests for the growing-array helper (vec.h): capacities as a table,
 * appends keep their values, overflow refused with the array unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "leadctl/vec.h"

static void test_capacities(void **state)
{
	static const struct {
		size_t cap, want, expect;
	} cases[] = {
		{ 0, 0, 0 }, { 0, 1, 8 },  { 0, 8, 8 },      { 0, 9, 16 },
		{ 8, 8, 8 }, { 8, 9, 16 }, { 16, 100, 128 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int *v = cases[i].cap ? malloc(cases[i].cap * sizeof *v) : NULL;
		size_t cap = cases[i].cap;
		assert_int_equal(vec_reserve((void **)&v, &cap, cases[i].want, sizeof *v), 0);
		assert_int_equal(cap, cases[i].expect);
		free(v);
	}
}

static void test_appends(void **state)
{
	int *v = NULL;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(vec_reserve((void **)&v, &cap, n + 1, sizeof *v), 0);
		v[n++] = (int)i;
	}
	for (i = 0; i < n; i++)
		assert_int_equal(v[i], (int)i);
	assert_true(cap >= 1000 && cap < 2048);
	free(v);
}

static void test_overflow(void **state)
{
	char *v = malloc(8);
	size_t cap = 8;

	(void)state;
	assert_non_null(v);
	assert_int_equal(vec_reserve((void **)&v, &cap, SIZE_MAX / 2 + 2, 1), -1);
	assert_int_equal(vec_reserve((void **)&v, &cap, SIZE_MAX / 4, 16), -1);
	assert_int_equal(cap, 8);
	v[7] = 'x'; /* still the caller's */
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacities),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
