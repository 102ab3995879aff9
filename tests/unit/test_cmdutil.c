/* cmdutil: money amounts in and out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/cmdutil.h"

static void test_money_parse(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int64_t cents;
	} cases[] = {
		{ "12500", 1, 1250000 },
		{ "12500.5", 1, 1250050 }, /* one decimal is tenths */
		{ "12500.50", 1, 1250050 },
		{ "12,500.50", 1, 1250050 }, /* thousands in threes */
		{ "1,234,567", 1, 123456700 },
		{ "0.99", 1, 99 },
		{ ".5", 1, 50 },
		{ "0", 1, 0 },
		{ "1500,50", 0, 0 }, /* a decimal comma is refused, not read as 150050 */
		{ "12,50", 0, 0 },
		{ "1234,567", 0, 0 }, /* a first group longer than three */
		{ ",500", 0, 0 },
		{ "1,", 0, 0 },
		{ "12.345", 0, 0 }, /* cents have two digits at most */
		{ "-5", 0, 0 },
		{ "5 EUR", 0, 0 },
		{ "", 0, 0 },
		{ ".", 0, 0 },
		{ "99999999999999999999", 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t c = -1;
		int rc = cmd_money_parse(cases[i].in, &c);
		if (cases[i].ok) {
			if (rc != 0)
				fail_msg("'%s' refused", cases[i].in);
			assert_int_equal(c, cases[i].cents);
		} else if (rc == 0) {
			fail_msg("'%s' accepted as %lld", cases[i].in, (long long)c);
		}
	}
}

static void test_money_format(void **state)
{
	char buf[32];

	(void)state;
	cmd_money_format(1250050, buf, sizeof buf);
	assert_string_equal(buf, "12500.50");
	cmd_money_format(5, buf, sizeof buf);
	assert_string_equal(buf, "0.05");
	cmd_money_format(-150, buf, sizeof buf);
	assert_string_equal(buf, "-1.50");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
