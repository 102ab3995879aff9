/* Unit tests for migration 022's rewrite of CHECK lists (db_rebuild.c):
 * `col IN (constants)` inside a CHECK becomes an OR chain; everything else
 * -- comments, strings, NOT IN, IN (subquery), IN outside a CHECK -- is
 * kept byte for byte.  A table: input, expected output, changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "../../src/db_internal.h"

static void test_rewrite(void **state)
{
	static const struct {
		const char *in, *out;
		int changed;
	} cases[] = {
		{ "CREATE TABLE t (stage TEXT CHECK (stage IN ('new', 'mql', 'sql')))",
		  "CREATE TABLE t (stage TEXT CHECK ((stage = 'new' OR stage = 'mql' OR stage = 'sql')))",
		  1 },
		/* numbers, and no space before the list */
		{ "CREATE TABLE t (a INTEGER CHECK (a IN(0,1)))",
		  "CREATE TABLE t (a INTEGER CHECK ((a = 0 OR a = 1)))", 1 },
		/* NULL or a list; a quote inside a constant */
		{ "CREATE TABLE t (b TEXT CHECK (b IS NULL OR b IN ('it''s', 'x')))",
		  "CREATE TABLE t (b TEXT CHECK (b IS NULL OR (b = 'it''s' OR b = 'x')))", 1 },
		/* a table constraint, a comment inside the list, several lines */
		{ "CREATE TABLE t (c TEXT,\n\tCHECK (c IN ('a', -- first\n\t'b')))",
		  "CREATE TABLE t (c TEXT,\n\tCHECK ((c = 'a' OR c = 'b')))", 1 },
		/* NOT IN is left alone */
		{ "CREATE TABLE t (d TEXT CHECK (d NOT IN ('a', 'b')))",
		  "CREATE TABLE t (d TEXT CHECK (d NOT IN ('a', 'b')))", 0 },
		/* not constants: a column, a subquery */
		{ "CREATE TABLE t (e TEXT, f TEXT CHECK (f IN (e, 'x')))",
		  "CREATE TABLE t (e TEXT, f TEXT CHECK (f IN (e, 'x')))", 0 },
		/* IN outside a CHECK, in a comment and in a string */
		{ "CREATE TABLE t (g TEXT DEFAULT 'CHECK (g IN (1, 2))' -- CHECK (g IN ('a'))\n)",
		  "CREATE TABLE t (g TEXT DEFAULT 'CHECK (g IN (1, 2))' -- CHECK (g IN ('a'))\n)", 0 },
		/* a comment with a parenthesis after a CHECK does not confuse it */
		{ "CREATE TABLE t (h TEXT CHECK (h IN ('a', 'b')), -- (one\n i TEXT CHECK (i IN ('c', 'd')))",
		  "CREATE TABLE t (h TEXT CHECK ((h = 'a' OR h = 'b')), -- (one\n i TEXT CHECK ((i = 'c' OR "
		  "i = "
		  "'d')))",
		  1 },
		/* a quoted column name */
		{ "CREATE TABLE t (\"my col\" TEXT CHECK (\"my col\" IN ('a', 'b')))",
		  "CREATE TABLE t (\"my col\" TEXT CHECK ((\"my col\" = 'a' OR \"my col\" = 'b')))", 1 },
		/* nothing to do */
		{ "CREATE TABLE t (j INTEGER CHECK (j >= 0))", "CREATE TABLE t (j INTEGER CHECK (j >= 0))",
		  0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int changed = -1;
		char *got = db_check_lists_rewrite(cases[i].in, &changed);
		assert_non_null(got);
		assert_string_equal(got, cases[i].out);
		assert_int_equal(changed, cases[i].changed);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
