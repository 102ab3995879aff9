/* consent: opt-out values, lawful bases, forbidden channels, the import rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/consent.h"

static void test_flag_parse(void **state)
{
	static const struct {
		const char *in;
		int want;
	} cases[] = {
		{ "Yes", 1 },
		{ "yes", 1 },
		{ " TRUE ", 1 },
		{ "1", 1 },
		{ "x", 1 },
		{ "X", 1 },
		{ "y", 1 },
		{ "checked", 1 },
		{ "Opted out", 1 },
		{ "opt-out", 1 },
		{ "Unsubscribed", 1 },
		{ "No", 0 },
		{ "false", 0 },
		{ "0", 0 },
		{ "n", 0 },
		{ "Opted in", 0 },
		{ "subscribed", 0 },
		{ "", -1 },
		{ "   ", -1 },
		{ NULL, -1 },
		{ "maybe", -2 },
		{ "2", -2 },
		{ "yes please", -2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = consent_flag_parse(cases[i].in);
		if (got != cases[i].want)
			fail_msg("'%s': %d, expected %d", cases[i].in ? cases[i].in : "(null)", got,
			         cases[i].want);
	}
}

static void test_basis_parse(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "consent", "consent" },
		{ "Freely given consent from contact", "consent" },
		{ "Legitimate interest \xe2\x80\x93 prospect/lead", "legitimate_interests" },
		{ "Legitimate interest - existing customer", "legitimate_interests" },
		{ "legitimate_interests", "legitimate_interests" },
		{ "LI", "legitimate_interests" },
		{ "Performance of a contract", "contract" },
		{ "contract", "contract" },
		{ "Legal obligation", "legal_obligation" },
		{ "vital_interests", "vital_interests" },
		{ "public_task", "public_task" },
		{ "lime", NULL }, /* "li" only as the whole value */
		{ "because", NULL },
		{ "", NULL },
		{ NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = consent_basis_parse(cases[i].in);
		if (!cases[i].want ? got != NULL : !got || strcmp(got, cases[i].want) != 0)
			fail_msg("'%s': %s, expected %s", cases[i].in ? cases[i].in : "(null)",
			         got ? got : "NULL", cases[i].want ? cases[i].want : "NULL");
	}
}

static void test_forbids(void **state)
{
	static const struct {
		int no_email, no_call;
		lc_time unsubscribed;
		const char *channel;
		const char *why; /* NULL = allowed */
	} cases[] = {
		{ -1, -1, 0, "call", NULL },
		{ -1, -1, 0, "email", NULL },
		{ 0, 0, 0, "email", NULL },
		{ 1, 0, 0, "email", "do not email" },
		{ 1, 0, 0, "call", NULL },
		{ 1, 0, 0, "sms", NULL },
		{ 0, 1, 0, "call", "do not call" },
		{ 0, 1, 0, "sms", "do not call" }, /* a text is a call (TCPA) */
		{ 0, 1, 0, "email", NULL },
		{ 1, 1, 0, "meeting", NULL },
		{ 1, 1, 0, "linkedin", NULL },
		{ 1, 1, 0, "other", NULL },
		{ -1, -1, 1700000000, "email", "unsubscribed" },
		{ 1, -1, 1700000000, "email", "do not email" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_consent c;
		const char *why = "unset";
		int got;
		consent_init(&c);
		c.do_not_email = cases[i].no_email;
		c.do_not_call = cases[i].no_call;
		c.unsubscribed_at = cases[i].unsubscribed;
		got = consent_forbids(&c, cases[i].channel, &why);
		if (got != (cases[i].why != NULL) || (got && strcmp(why, cases[i].why) != 0) || (!got && why))
			fail_msg("case %zu (%s): forbids %d (%s)", i, cases[i].channel, got,
			         why ? why : "NULL");
	}
}

static void test_channels_text(void **state)
{
	static const struct {
		int no_email, no_call;
		const char *want;
	} cases[] = {
		{ -1, -1, "any" },
		{ 0, 0, "any" },
		{ 0, 1, "email only (do not call)" },
		{ 1, -1, "call, sms only (do not email)" },
		{ 1, 1, "none (do not call, do not email)" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(
		        consent_channels_text(cases[i].no_email, cases[i].no_call, buf, sizeof buf),
		        cases[i].want);
}

/* The import rule: an opt-out stands; "no" fills only the unknown. */
static void test_overlay(void **state)
{
	static const struct {
		int into, from, from_import, want;
	} flags[] = {
		{ -1, 1, 1, 1 }, { -1, 0, 1, 0 }, { 0, 1, 1, 1 },
		{ 1, 0, 1, 1 },                                   /* a file never lifts an opt-out */
		{ 1, -1, 1, 1 }, { 0, -1, 1, 0 }, { 1, 0, 0, 0 }, /* a person may */
		{ 0, 1, 0, 1 },  { -1, 0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		struct lc_consent a, b;
		consent_init(&a);
		consent_init(&b);
		a.do_not_call = flags[i].into;
		b.do_not_call = flags[i].from;
		assert_int_equal(consent_overlay(&a, &b, flags[i].from_import), 0);
		if (a.do_not_call != flags[i].want)
			fail_msg("case %zu: %d over %d (import %d) gave %d, expected %d", i, flags[i].from,
			         flags[i].into, flags[i].from_import, a.do_not_call, flags[i].want);
	}
	{
		struct lc_consent a, b;
		consent_init(&a);
		consent_init(&b);
		a.do_not_email = 0;
		b.unsubscribed_at = 1700000000;
		b.lawful_basis = "consent";
		b.lawful_basis_source = "webinar form";
		assert_int_equal(consent_overlay(&a, &b, 1), 0);
		assert_int_equal(a.do_not_email, 1); /* an unsubscribe is an e-mail opt-out */
		assert_int_equal(a.unsubscribed_at, 1700000000);
		assert_string_equal(a.lawful_basis, "consent");
		assert_string_equal(a.lawful_basis_source, "webinar form");
		assert_false(consent_empty(&a));
		consent_clear(&a);
		assert_true(consent_empty(&a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flag_parse), cmocka_unit_test(test_basis_parse),
		cmocka_unit_test(test_forbids),    cmocka_unit_test(test_channels_text),
		cmocka_unit_test(test_overlay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
