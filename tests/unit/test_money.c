/* money: amounts as other systems' exports write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/money.h"

static void test_money_table(void **state)
{
	static const struct {
		const char *in;
		enum money_decimal dec;
		int ok;
		int64_t cents;
		const char *currency;
	} cases[] = {
		{ "1054", MONEY_DECIMAL_AUTO, 1, 105400, "" },
		{ "$22,700.00", MONEY_DECIMAL_AUTO, 1, 2270000, "USD" },
		{ "22.700,00 \xe2\x82\xac", MONEY_DECIMAL_AUTO, 1, 2270000, "EUR" },
		{ "EUR 1 234,56", MONEY_DECIMAL_AUTO, 1, 123456, "EUR" },
		{ "1\xc2\xa0"
		  "234,5 eur",
		  MONEY_DECIMAL_AUTO, 1, 123450, "EUR" },
		{ "\xc2\xa3"
		  "99.9",
		  MONEY_DECIMAL_AUTO, 1, 9990, "GBP" },
		{ "1,054", MONEY_DECIMAL_AUTO, 1, 105400, "" }, /* three digits after: thousands */
		{ "1.054", MONEY_DECIMAL_AUTO, 1, 105400, "" },
		{ "1.054", MONEY_DECIMAL_POINT, 0, 0, "" }, /* three decimals */
		{ "1,5", MONEY_DECIMAL_AUTO, 1, 150, "" },
		{ "1.234.567,89", MONEY_DECIMAL_AUTO, 1, 123456789, "" },
		{ "1,234,567.89", MONEY_DECIMAL_AUTO, 1, 123456789, "" },
		{ "1.234,5", MONEY_DECIMAL_COMMA, 1, 123450, "" },
		{ "USD 10", MONEY_DECIMAL_AUTO, 1, 1000, "USD" },
		{ "$10 EUR", MONEY_DECIMAL_AUTO, 0, 0, "" }, /* two currencies */
		{ "-5", MONEY_DECIMAL_AUTO, 0, 0, "" },
		{ "12,34,56", MONEY_DECIMAL_AUTO, 0, 0, "" },
		{ "abc", MONEY_DECIMAL_AUTO, 0, 0, "" },
		{ "", MONEY_DECIMAL_AUTO, 0, 0, "" },
		{ "$", MONEY_DECIMAL_AUTO, 0, 0, "" },
		{ "99999999999999999999", MONEY_DECIMAL_AUTO, 0, 0, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t cents = -1;
		char cur[4] = "?";
		int rc = money_parse(cases[i].in, cases[i].dec, &cents, cur);
		if ((rc == 0) != cases[i].ok)
			fail_msg("'%s': rc %d, expected %s", cases[i].in, rc, cases[i].ok ? "ok" : "refused");
		if (!cases[i].ok)
			continue;
		if (cents != cases[i].cents || strcmp(cur, cases[i].currency) != 0)
			fail_msg("'%s': got %lld %s, expected %lld %s", cases[i].in, (long long)cents, cur,
			         (long long)cases[i].cents, cases[i].currency);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
