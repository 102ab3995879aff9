/* identity: the keys of e-mails, phones and record ids (identity.h).
 * Invisible characters are written as \u escapes so the table shows them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/identity.h"

#define OK IDENTITY_OK
#define EMPTY IDENTITY_EMPTY
#define INVALID IDENTITY_INVALID
#define DAMAGED IDENTITY_DAMAGED

static const char *status_name(enum identity_status s)
{
	switch (s) {
	case IDENTITY_OK: return "OK";
	case IDENTITY_EMPTY: return "EMPTY";
	case IDENTITY_INVALID: return "INVALID";
	case IDENTITY_DAMAGED: return "DAMAGED";
	}
	return "?";
}

/* Checks one outcome: the status, the key on OK, a reason on a refusal. */
static void check(const char *in, enum identity_status want, const char *want_key, enum identity_status got,
                  const char *key, const char *why)
{
	if (got != want)
		fail_msg("'%s': %s (%s), want %s", in, status_name(got), why ? why : "-", status_name(want));
	if (want == IDENTITY_OK) {
		if (!key || strcmp(key, want_key) != 0)
			fail_msg("'%s': key '%s', want '%s'", in, key ? key : "(null)", want_key);
	} else {
		if (key)
			fail_msg("'%s': key '%s' set on a refusal", in, key);
		if ((want == IDENTITY_INVALID || want == IDENTITY_DAMAGED) && (!why || !*why))
			fail_msg("'%s': refused without a reason", in);
	}
}

static void test_email_key(void **state)
{
	static const struct {
		const char *in;
		enum identity_status st;
		const char *key;
	} cases[] = {
		{ "nora.diaz@theta.example", OK, "nora.diaz@theta.example" },
		{ "  Nora.Diaz@Theta.Example\t", OK, "nora.diaz@theta.example" },
		/* every kind of invisible character, at either end */
		{ "nora.diaz@theta.example\u00A0", OK, "nora.diaz@theta.example" }, /* NBSP */
		{ "\u200Bnora.diaz@theta.example", OK, "nora.diaz@theta.example" }, /* ZWSP */
		{ "nora.diaz@theta.example\u200D", OK, "nora.diaz@theta.example" }, /* ZWJ */
		{ "\u200Cnora.diaz@theta.example", OK, "nora.diaz@theta.example" }, /* ZWNJ */
		{ "\uFEFFnora.diaz@theta.example", OK, "nora.diaz@theta.example" }, /* BOM */
		{ "nora.diaz@theta.example\u00AD", OK, "nora.diaz@theta.example" }, /* soft hyphen */
		{ "\u3000nora.diaz@theta.example\u3000", OK,
		  "nora.diaz@theta.example" },                                      /* ideographic space */
		{ "nora.diaz@theta.example\u202F", OK, "nora.diaz@theta.example" }, /* narrow NBSP */
		{ "\u200Enora.diaz@theta.example\u200F", OK, "nora.diaz@theta.example" }, /* LRM, RLM */
		{ "\u2060nora.diaz@theta.example\u2066", OK, "nora.diaz@theta.example" }, /* WJ, LRI */
		{ "\u202Anora.diaz@theta.example\u202C", OK, "nora.diaz@theta.example" }, /* LRE, PDF */
		{ "\u2003nora.diaz@theta.example\u2009\r\n", OK,
		  "nora.diaz@theta.example" }, /* em, thin space */
		{ "\u00A0\u200B\uFEFF nora.diaz@theta.example \u200B\u00A0", OK, "nora.diaz@theta.example" },
		/* format characters inside are removed; white space inside is an error */
		{ "nora\u200B.diaz@theta.example", OK, "nora.diaz@theta.example" },
		{ "nora.d\u00ADiaz@the\u200Dta.example", OK, "nora.diaz@theta.example" },
		{ "nora.diaz@theta\u2060.example", OK, "nora.diaz@theta.example" },
		{ "nora diaz@theta.example", INVALID, NULL },
		{ "nora\u00A0diaz@theta.example", INVALID, NULL },
		{ "nora.diaz@theta\u3000example", INVALID, NULL },
		/* wrappings */
		{ "mailto:Nora.Diaz@theta.example", OK, "nora.diaz@theta.example" },
		{ "MAILTO:nora.diaz@theta.example?subject=Hi", OK, "nora.diaz@theta.example" },
		{ "<nora.diaz@theta.example>", OK, "nora.diaz@theta.example" },
		{ "Nora Díaz <nora.diaz@theta.example>", OK, "nora.diaz@theta.example" },
		{ "<mailto:nora.diaz@theta.example>\u00A0", OK, "nora.diaz@theta.example" },
		/* non-ASCII case: every letter lower-cased, in NFC */
		{ "ÉLODIE@KAPPA.EXAMPLE", OK, "élodie@kappa.example" },
		{ "E\u0301lodie@kappa.example", OK, "élodie@kappa.example" }, /* decomposed é */
		{ "ÜMIT.ÖZ@kappa.example", OK, "ümit.öz@kappa.example" },
		{ "ŁUKASZ@kappa.example", OK, "łukasz@kappa.example" },
		/* no language-specific rule: Turkish "I" is "i", so a typed dotless
		 * "ı" stays apart (the same choice as every mail provider's) */
		{ "ÇAĞRI@kappa.example", OK, "çağri@kappa.example" },
		{ "İPEK@kappa.example", OK, "i\u0307pek@kappa.example" },
		{ "ИВАН@kappa.example", OK, "иван@kappa.example" },
		/* Greek: a capital sigma ending the name becomes final sigma (Unicode's
		 * Final_Sigma context), inside it is σ; a typed ς stays ς */
		{ "ΣΟΦΙΑΣ@kappa.example", OK, "σοφιας@kappa.example" },
		{ "σοφιας@kappa.example", OK, "σοφιας@kappa.example" },
		{ "ΟΔΥΣΣΕΑΣ.Κ@kappa.example", OK, "οδυσσεασ.κ@kappa.example" },
		{ "Σ@kappa.example", OK, "σ@kappa.example" }, /* no letter before: not final */
		{ "STRASSE@kappa.example", OK, "strasse@kappa.example" },
		{ "straße@kappa.example", OK, "straße@kappa.example" }, /* lower case, not case folding */
		/* IDN domains: Unicode, upper case and Punycode give one key */
		{ "hans@müller.example", OK, "hans@müller.example" },
		{ "hans@MÜLLER.EXAMPLE", OK, "hans@müller.example" },
		{ "hans@xn--mller-kva.example", OK, "hans@müller.example" },
		{ "HANS@XN--MLLER-KVA.EXAMPLE", OK, "hans@müller.example" },
		{ "hans@mu\u0308ller.example", OK, "hans@müller.example" },
		{ "hans@müller\u3002example", OK, "hans@müller.example" }, /* ideographic full stop */
		{ "hans@müller.example.", OK, "hans@müller.example" },
		{ "info@straße.de", OK, "info@straße.de" }, /* IDNA 2008: ß is kept */
		{ "info@xn--strae-oqa.de", OK, "info@straße.de" },
		{ "yuki@例え.jp", OK, "yuki@例え.jp" },
		{ "user@ПРИМЕР.РФ", OK, "user@пример.рф" },
		{ "user@xn--e1afmkfd.xn--p1ai", OK, "user@пример.рф" },
		/* not addresses */
		{ "nora.diaz.theta.example", INVALID, NULL },
		{ "nora@diaz@theta.example", INVALID, NULL },
		{ "@theta.example", INVALID, NULL },
		{ "nora@", INVALID, NULL },
		{ "nora@localhost", INVALID, NULL },
		{ "nora@theta", INVALID, NULL },
		{ "nora@1.2.3.4", INVALID, NULL },
		{ "nora@theta..example", INVALID, NULL },
		{ "nora@-theta.example", INVALID, NULL },
		{ "nora@theta_x.example", INVALID, NULL },
		{ "nora@xn--zz.example", INVALID, NULL }, /* bad Punycode */
		{ ".nora@theta.example", INVALID, NULL },
		{ "nora.@theta.example", INVALID, NULL },
		{ "no..ra@theta.example", INVALID, NULL },
		{ "\"nora\"@theta.example", INVALID, NULL },
		{ "nora,diaz@theta.example", INVALID, NULL },
		{ "nora;x@theta.example", INVALID, NULL },
		{ "no(ra)@theta.example", INVALID, NULL },
		{ "nora\uFFFD@theta.example", INVALID, NULL }, /* a wrongly decoded file */
		{ "n\x01ra@theta.example", INVALID, NULL },
		{ "nora\xff@theta.example", INVALID, NULL }, /* not UTF-8 */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@theta.example", INVALID,
		  NULL }, /* 65 bytes */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@theta.example", OK,
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@theta.example" }, /* 64 */
		{ "o'brien+crm@theta.example", OK, "o'brien+crm@theta.example" },
		/* blank */
		{ "", EMPTY, NULL },
		{ "   ", EMPTY, NULL },
		{ "\u00A0\u200B\uFEFF\u3000", EMPTY, NULL },
		{ NULL, EMPTY, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *key = (char *)"unset";
		const char *why = NULL;
		enum identity_status st = identity_email_key(cases[i].in, &key, &why);
		check(cases[i].in ? cases[i].in : "(null)", cases[i].st, cases[i].key, st, key, why);
		free(key);
	}
}

static void test_email_length_limit(void **state)
{
	char in[300];
	size_t extra;

	(void)state;
	/* 64 + 1 + 189 = 254 bytes is the longest address (RFC 5321 path limit) */
	for (extra = 0; extra < 2; extra++) {
		char *key = NULL;
		const char *why = NULL;
		size_t n = 0, i;

		memset(in, 'a', 64);
		n = 64;
		in[n++] = '@';
		for (i = 0; i < 17; i++, n += 10)
			memcpy(in + n, "bbbbbbbbb.", 10);
		memset(in + n, 'c', 15 + extra);
		n += 15 + extra;
		memcpy(in + n, ".com", 5);
		assert_int_equal(strlen(in), 254 + extra);
		assert_int_equal(identity_email_key(in, &key, &why), extra ? IDENTITY_INVALID : IDENTITY_OK);
		if (extra)
			assert_null(key);
		else
			assert_string_equal(key, in);
		free(key);
	}
}

static void test_email_domain(void **state)
{
	char *key = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(identity_email_key("Hans@MÜLLER.example", &key, &why), IDENTITY_OK);
	assert_string_equal(identity_email_domain(key), "müller.example");
	free(key);
	assert_null(identity_email_domain("no-at-sign"));
	assert_null(identity_email_domain(NULL));
}

static void test_domain_key(void **state)
{
	static const struct {
		const char *in;
		const char *key; /* NULL: not a domain */
	} cases[] = {
		{ "acme.example", "acme.example" },
		{ "https://www.Acme.example/about?x=1", "acme.example" },
		{ "http://ACME.example:8080", "acme.example" },
		{ "//acme.example/", "acme.example" },
		{ "www.acme.example", "acme.example" },
		{ "\u00A0www.acme.example\u200B", "acme.example" },
		{ "https://user:pw@acme.example/", "acme.example" },
		{ "https://www.MÜLLER.example", "müller.example" },
		{ "xn--mller-kva.example", "müller.example" },
		{ "https://shop.acme.example#top", "shop.acme.example" },
		{ "www.example", "www.example" }, /* "www" is the name here */
		{ "acme", NULL },
		{ "n/a", NULL },
		{ "", NULL },
		{ "http://", NULL },
		{ "http://acme .example", NULL },
		{ NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *key = identity_domain_key(cases[i].in);
		if (!cases[i].key) {
			if (key)
				fail_msg("'%s': domain '%s', want none", cases[i].in, key);
		} else if (!key || strcmp(key, cases[i].key) != 0) {
			fail_msg("'%s': domain '%s', want '%s'", cases[i].in, key ? key : "(null)",
			         cases[i].key);
		}
		free(key);
	}
}

static void test_email_and_website_domain_agree(void **state)
{
	char *key = NULL, *site;
	const char *why = NULL;

	(void)state;
	assert_int_equal(identity_email_key("info@XN--MLLER-KVA.example", &key, &why), IDENTITY_OK);
	site = identity_domain_key("https://www.müller.example/kontakt");
	assert_non_null(site);
	assert_string_equal(identity_email_domain(key), site);
	free(site);
	free(key);
}

static void test_record_key(void **state)
{
	static const struct {
		const char *in;
		const char *system;
		enum identity_status st;
		const char *key;
	} cases[] = {
		{ "0035g00000AbCdE", "salesforce", OK, "salesforce:0035g00000AbCdE" }, /* case kept */
		{ "0035g00000abcde", "salesforce", OK, "salesforce:0035g00000abcde" },
		{ " 1177 ", NULL, OK, "ext:1177" },
		{ "1177", "", OK, "ext:1177" },
		{ "1177", "HubSpot", OK, "hubspot:1177" },
		{ "\u00A01177\u200B", "zoho", OK, "zoho:1177" },
		{ "\uFEFF4712360000000001", "meta", OK, "meta:4712360000000001" },
		{ "AB\u00A0 12", "csv", OK, "csv:AB 12" }, /* inner white space: one space */
		{ "A\u200BB", "csv", OK, "csv:AB" },
		{ "Cafe\u0301", "csv", OK, "csv:Café" }, /* NFC */
		{ "5e1234", "csv", OK, "csv:5e1234" },   /* hexadecimal, no sign: not a rounded number */
		{ "v1.0", "csv", OK, "csv:v1.0" },
		{ "4.71236E+15", "meta", DAMAGED, NULL },
		{ "4.71236e+15", "meta", DAMAGED, NULL },
		{ "1,2E+15", "meta", DAMAGED, NULL },
		{ "5E+15", "meta", DAMAGED, NULL },
		{ " 3.91E+16\u00A0", "meta", DAMAGED, NULL },
		{ "1177.0", "zoho", DAMAGED, NULL },
		{ "1177,00", "zoho", DAMAGED, NULL },
		{ "1177", "my crm", INVALID, NULL },
		{ "1177", "sf:x", INVALID, NULL },
		{ "", "zoho", EMPTY, NULL },
		{ "\u00A0\u200B", "zoho", EMPTY, NULL },
		{ NULL, "zoho", EMPTY, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *key = (char *)"unset";
		const char *why = NULL;
		enum identity_status st = identity_record_key(cases[i].in, cases[i].system, &key, &why);
		check(cases[i].in ? cases[i].in : "(null)", cases[i].st, cases[i].key, st, key, why);
		free(key);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_key),
		cmocka_unit_test(test_email_length_limit),
		cmocka_unit_test(test_email_domain),
		cmocka_unit_test(test_domain_key),
		cmocka_unit_test(test_email_and_website_domain_agree),
		cmocka_unit_test(test_record_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
