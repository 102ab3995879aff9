/* Unit tests of config.c's parser: the user's defaults file.  Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/config.h"

static void test_parse(void **state)
{
	static const struct {
		const char *text;
		const char *db, *owner, *actor, *color, *pager; /* NULL = unset */
		const char *err;                                /* NULL = parses */
	} cases[] = {
		{ "", NULL, NULL, NULL, NULL, NULL, NULL },
		{ "# only a comment\n\n", NULL, NULL, NULL, NULL, NULL, NULL },
		{ "db = /srv/crm.db\nowner = ana\n", "/srv/crm.db", "ana", NULL, NULL, NULL, NULL },
		{ "  owner=ana  \r\nactor = Ana López\n", NULL, "ana", "Ana López", NULL, NULL, NULL },
		{ "color = never\npager = less -S", NULL, NULL, NULL, "never", "less -S", NULL },
		{ "pager =\n", NULL, NULL, NULL, NULL, "", NULL }, /* no pager */
		{ "db = a=b.db\n", "a=b.db", NULL, NULL, NULL, NULL, NULL },
		{ "owner ana\n", NULL, NULL, NULL, NULL, NULL,
		  "1: 'owner ana' is not a setting: write KEY = VALUE" },
		{ "\nownr = ana\n", NULL, NULL, NULL, NULL, NULL,
		  "2: unknown setting 'ownr': use db, owner, actor, color or pager" },
		{ "owner = a\nowner = b\n", NULL, NULL, NULL, NULL, NULL,
		  "2: 'owner' is set twice: keep one" },
		{ "db =\n", NULL, NULL, NULL, NULL, NULL, "1: 'db' has no value" },
		{ "color = red\n", NULL, NULL, NULL, NULL, NULL,
		  "1: color 'red': use auto, always or never" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_config c;
		char err[256] = "";
		int rc = config_parse(cases[i].text, &c, err, sizeof err);
		if (cases[i].err) {
			assert_int_equal(rc, -1);
			assert_string_equal(err, cases[i].err);
			assert_null(c.owner);
			continue;
		}
		assert_int_equal(rc, 0);
#define CHECK(f)                                                                                             \
	if (cases[i].f)                                                                                      \
		assert_string_equal(c.f, cases[i].f);                                                        \
	else                                                                                                 \
		assert_null(c.f);
		CHECK(db)
		CHECK(owner) CHECK(actor) CHECK(color) CHECK(pager)
#undef CHECK
		        config_clear(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
