/* text: the company key of account matching, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/text.h"

/* Free-mail domains: the ends of the sorted table (a binary search), case,
 * families by first label, near misses. */
static void test_free_mail(void **state)
{
	static const struct {
		const char *domain;
		int want;
	} cases[] = {
		{ "126.com", 1 },
		{ "zoho.com", 1 },
		{ "gmail.com", 1 },
		{ "GMail.COM", 1 },
		{ "t-online.de", 1 },
		{ "talktalk.net", 1 },
		{ "optusnet.com.au", 1 },
		{ "yahoo.co.uk", 1 },
		{ "Hotmail.fr", 1 },
		{ "live.com", 1 },
		{ "gmail.co", 0 },
		{ "mygmail.com", 0 },
		{ "acme.com", 0 },
		{ "zzz.com", 0 },
		{ "000.com", 0 },
		{ "yahoo", 0 },
		{ "", 0 },
		{ "a-very-long-company-domain-name.example.com", 0 },
	};
	size_t i;

	(void)state;
	assert_int_equal(text_is_free_mail_domain(NULL), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (text_is_free_mail_domain(cases[i].domain) != cases[i].want)
			fail_msg("text_is_free_mail_domain('%s') != %d", cases[i].domain, cases[i].want);
}

static void test_company_key(void **state)
{
	static const struct {
		const char *in, *want; /* want NULL: no key */
	} cases[] = {
		{ "Acme, Inc.", "acme" },
		{ "ACME S.L.", "acme" },
		{ "O'Neil & Sons Ltd", "oneil sons" },
		{ "ÉCOLE LUMIÈRE SA", "école lumière" }, /* every letter's case */
		{ "École Lumière", "école lumière" },
		{ "Straße 10 GmbH", "strasse 10" },
		{ "STRASSE 10", "strasse 10" },
		{ "ΝΑΥΤΙΚΟΣ ΟΜΙΛΟΣ", "ναυτικοσ ομιλοσ" },
		{ "华为技术有限公司", "华为技术有限公司" },
		{ "Inc.", "inc" }, /* a suffix alone stays */
		{ "...", NULL },
		{ "", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *k = text_company_key(cases[i].in);
		if (cases[i].want ? !k || strcmp(k, cases[i].want) != 0 : k != NULL)
			fail_msg("text_company_key('%s') = '%s', want '%s'", cases[i].in, k ? k : "(null)",
			         cases[i].want ? cases[i].want : "(null)");
		free(k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_mail),
		cmocka_unit_test(test_company_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
