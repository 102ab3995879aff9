/* identity: the keys of e-mails, phones and record ids (identity.h).
 * Invisible characters are written as \u escapes so the table shows them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/identity.h"
#include "leadctl/phone_plan.h"

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
		{ "1177", "Zoho-Contact", OK, "zoho-contact:1177" },
		{ "88", "hubspot.deals", OK, "hubspot.deals:88" },
		{ "88", "sf_2", OK, "sf_2:88" },
		{ "1177", "my crm", INVALID, NULL },
		{ "1177", "zoh\xc3\xb6", INVALID, NULL }, /* ASCII names only */
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

/* Ids a spreadsheet rounded to 15 significant digits without notation. */
static void test_record_maybe_rounded(void **state)
{
	static const struct {
		const char *id;
		int yes;
	} cases[] = {
		{ "4712360000000000", 1 },   /* 16 digits, zeros past the 15th */
		{ "471236000000000000", 1 }, /* 18 digits */
		{ "1181740000000001", 0 },   /* a non-zero digit past the 15th */
		{ "4712360000000001", 0 },
		{ "471236000000000", 0 }, /* 15 digits: kept exactly */
		{ "-4712360000000000", 1 },
		{ "0004712360000000", 0 }, /* leading zeros are no digits */
		{ "47123600000000a0", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(identity_record_maybe_rounded(cases[i].id), cases[i].yes);
}

/* The system-name rule shared by --source-system and lead references. */
static void test_system_char(void **state)
{
	static const struct {
		int ch, ok;
	} cases[] = { { 'a', 1 }, { 'Z', 1 }, { '0', 1 }, { '9', 1 }, { '-', 1 },  { '_', 1 }, { '.', 1 },
		      { ':', 0 }, { ' ', 0 }, { '/', 0 }, { '@', 0 }, { 0xc3, 0 }, { 0, 0 } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(identity_system_char(cases[i].ch), cases[i].ok);
}

/* Expected E.164 forms are libphonenumber's own (Parse + Format E164 with the
 * region, checked with a throwaway C++ program against libphonenumber 8.12). */
static void test_phone_key(void **state)
{
	static const struct {
		const char *in;
		const char *country; /* the row's country column */
		const char *cc;      /* the default calling code */
		enum identity_status st;
		const char *e164;
		const char *ext;
	} cases[] = {
		/* DE: the trunk 0 goes, in "(0)" after the country code too */
		{ "+49 (0)151 1234 5678", NULL, NULL, OK, "+4915112345678", NULL },
		{ "0151 12345678", "Germany", "34", OK, "+4915112345678", NULL },
		{ "030 1234567", "DE", NULL, OK, "+49301234567", NULL },
		{ "4915112345678", NULL, "34", OK, "+4915112345678", NULL }, /* code without '+' */
		{ "0049 151 12345678", NULL, "34", OK, "+4915112345678", NULL },
		{ "0049 151 12345678", NULL, "1", OK, "+4915112345678", NULL }, /* US dials 011, not 00 */
		/* IT: the 0 of a landline is part of the number */
		{ "06 1234 5678", "Italy", NULL, OK, "+390612345678", NULL },
		{ "06 1234 5678", NULL, "39", OK, "+390612345678", NULL },
		{ "+39 06 1234 5678", NULL, NULL, OK, "+390612345678", NULL },
		{ "0039 06 1234 5678", "España", "34", OK, "+390612345678", NULL },
		{ "347 123 4567", "Italia", NULL, OK, "+393471234567", NULL },
		/* ES */
		{ "612 34 56 78", "Spain", NULL, OK, "+34612345678", NULL },
		{ "612 345 678", NULL, "34", OK, "+34612345678", NULL },
		{ "+34 612 345 678", NULL, "1", OK, "+34612345678", NULL },
		{ "34612345678", NULL, "34", OK, "+34612345678", NULL }, /* not +3434... */
		{ "912 345 678", "ES", NULL, OK, "+34912345678", NULL },
		{ "p:+34612345678", NULL, NULL, OK, "+34612345678", NULL }, /* Meta lead ads */
		{ "\uFF0B\uFF13\uFF14 \uFF16\uFF11\uFF12 \uFF13\uFF14\uFF15 \uFF16\uFF17\uFF18", NULL, NULL,
		  OK, "+34612345678", NULL }, /* full-width */
		{ "\u00A0+34\u00A0612\u202F345\u2009678\u200B", NULL, NULL, OK, "+34612345678", NULL },
		/* FR */
		{ "06 12 34 56 78", "France", "34", OK, "+33612345678", NULL },
		{ "+33 (0)1 23 45 67 89", NULL, NULL, OK, "+33123456789", NULL },
		{ "=\"0612345678\"", "FR", NULL, OK, "+33612345678", NULL }, /* a spreadsheet's guard */
		/* GB */
		{ "07400 123456", "United Kingdom", NULL, OK, "+447400123456", NULL },
		{ "07400 123456", "UK", NULL, OK, "+447400123456", NULL },
		{ "+44 (0)20 7946 0018", NULL, NULL, OK, "+442079460018", NULL },
		/* US / NANP, with every spelling of an extension */
		{ "(415) 555-2671", "United States", NULL, OK, "+14155552671", NULL },
		{ "660-555-0124", "USA", "34", OK, "+16605550124", NULL },
		{ "416-555-0137x752", NULL, "1", OK, "+14165550137", "752" },
		{ "+1-809-555-0163x3536", NULL, "1", OK, "+18095550163", "3536" },
		{ "1-888-555-0141 Ext 43023", NULL, "1", OK, "+18885550141", "43023" },
		{ "(949) 555-0190 Ext. 101", NULL, "1", OK, "+19495550190", "101" },
		{ "+1 415 555 2671 ext. 43023", NULL, NULL, OK, "+14155552671", "43023" },
		{ "(415) 555-2671 #123", "US", NULL, OK, "+14155552671", "123" },
		{ "+1 415 555 2671 extension 9", NULL, NULL, OK, "+14155552671", "9" },
		{ "1-888-555-0141 Ext 43023", NULL, "34", OK, "+18885550141",
		  "43023" }, /* code without '+' */
		/* possible but not valid (no 555 area code): accepted, fictional ranges import */
		{ "(555) 010-7788 x752", NULL, "1", OK, "+15550107788", "752" },
		/* BR, IN, MX, EC, NL, CH, AU, JP */
		{ "(11) 91234-5678", "Brasil", NULL, OK, "+5511912345678", NULL },
		{ "(11) 91234-5678", "BRA", NULL, OK, "+5511912345678", NULL },
		{ "098765 43210", "India", NULL, OK, "+919876543210", NULL },
		{ "+91 98765 43210", NULL, "34", OK, "+919876543210", NULL },
		{ "5555550179", "Mexico", "34", OK, "+525555550179", NULL },
		{ "55 5555 0179", "México", NULL, OK, "+525555550179", NULL },
		{ "099 555 0101", "Ecuador", "34", OK, "+593995550101", NULL },
		{ "06 12345678", "Nederland", NULL, OK, "+31612345678", NULL },
		{ "020 123 4567", "The Netherlands", NULL, OK, "+31201234567", NULL },
		{ "044 668 18 00", "Schweiz", NULL, OK, "+41446681800", NULL },
		{ "078 123 45 67", "Suisse", NULL, OK, "+41781234567", NULL },
		{ "0412 345 678", "Australia", NULL, OK, "+61412345678", NULL },
		{ "(02) 9876 5432", "AU", NULL, OK, "+61298765432", NULL },
		{ "090-1234-5678", "日本", NULL, OK, "+819012345678", NULL },
		{ "03-1234-5678", "JPN", NULL, OK, "+81312345678", NULL },
		/* the row's country wins over the default; an unknown one falls back */
		{ "06 12 34 56 78", NULL, "33", OK, "+33612345678", NULL },
		{ "06 12 34 56 78", "Atlantis", "33", OK, "+33612345678", NULL },
		{ "06 12 34 56 78", "Deutschland", "33", OK, "+49612345678",
		  NULL }, /* Eltville 06123, not France */
		{ "0151 12345678", "Alemania", "34", OK, "+4915112345678", NULL },
		{ "612 345 678", "", "+34", OK, "+34612345678", NULL },
		{ "612 345 678", NULL, "ES", OK, "+34612345678", NULL },
		{ "612 345 678", "+34", "33", OK, "+34612345678", NULL }, /* a calling code as the country */
		/* spreadsheet damage: refused, never stored wrong */
		{ "34612345678.0", NULL, "34", DAMAGED, NULL, NULL },
		{ "+34612345678.0", NULL, "34", DAMAGED, NULL, NULL },
		{ "3.46E+10", NULL, "34", DAMAGED, NULL, NULL },
		{ "3,46123E+10", NULL, "34", DAMAGED, NULL, NULL },
		{ "'+34612345678", NULL, "34", DAMAGED, NULL, NULL },
		{ "'0612345678", "FR", NULL, DAMAGED, NULL, NULL },
		/* not phones, or impossible ones */
		{ "612 345 678", NULL, NULL, INVALID, NULL, NULL }, /* no country at all */
		{ "555-0199", "US", NULL, INVALID, NULL, NULL },    /* no area code */
		{ "+34 612 345 678 9999", NULL, NULL, INVALID, NULL, NULL },
		{ "+999 123456", NULL, NULL, INVALID, NULL, NULL },
		{ "12", "ES", NULL, INVALID, NULL, NULL },
		{ "12", NULL, NULL, INVALID, NULL, NULL },
		{ "call me", "ES", NULL, INVALID, NULL, NULL },
		{ "n/a", NULL, "34", INVALID, NULL, NULL },
		{ "", NULL, "34", EMPTY, NULL, NULL },
		{ "\u00A0\u200B ", NULL, "34", EMPTY, NULL, NULL },
		{ NULL, NULL, "34", EMPTY, NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct identity_phone p;
		const char *why = NULL;
		const char *in = cases[i].in ? cases[i].in : "(null)";
		enum identity_status st =
		        identity_phone_key(cases[i].in, cases[i].country, cases[i].cc, &p, &why);

		check(in, cases[i].st, cases[i].e164, st, p.e164, why);
		if (cases[i].st == IDENTITY_OK &&
		    (cases[i].ext ? !p.extension || strcmp(p.extension, cases[i].ext) != 0
		                  : p.extension != NULL))
			fail_msg("'%s': extension '%s', want '%s'", in, p.extension ? p.extension : "(none)",
			         cases[i].ext ? cases[i].ext : "(none)");
		identity_phone_free(&p);
	}
}

/* Every spelling of one number gives one key: stored, looked up, deduped. */
static void test_phone_spellings_agree(void **state)
{
	static const char *const spellings[] = { "+34 612 345 678",   "612 345 678",     "612345678",
		                                 "0034 612 34 56 78", "34612345678",     "+34-612-345-678",
		                                 "(+34) 612345678",   "tel:+34612345678" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		struct identity_phone p;
		const char *why = NULL;

		enum identity_status st = identity_phone_key(spellings[i], NULL, "34", &p, &why);

		check(spellings[i], OK, "+34612345678", st, p.e164, why);
		identity_phone_free(&p);
	}
}

static void test_country_region(void **state)
{
	static const struct {
		const char *in;
		const char *region; /* NULL: unknown */
	} cases[] = {
		{ "Germany", "DE" },
		{ "Deutschland", "DE" },
		{ "DEU", "DE" },
		{ "de", "DE" },
		{ "Alemania", "DE" },
		{ "Allemagne", "DE" },
		{ "España", "ES" },
		{ "espana", "ES" },
		{ "SPAIN", "ES" },
		{ "United Kingdom", "GB" },
		{ "UK", "GB" },
		{ "Great Britain", "GB" },
		{ "United States", "US" },
		{ "U.S.A.", "US" },
		{ "United States of America", "US" },
		{ "Schweiz", "CH" },
		{ "Svizzera", "CH" },
		{ "Côte d’Ivoire", "CI" },
		{ "Cote d'Ivoire", "CI" },
		{ "日本", "JP" },
		{ "Myanmar", "MM" },
		{ "Burma", "MM" },
		{ " Brasil ", "BR" },
		{ "Spain (ES)", "ES" },
		{ "Netherlands (the)", "NL" },
		{ "(DE)", "DE" },
		{ "Atlantis", NULL },
		{ "", NULL },
		{ "XX", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char r[3] = "";
		int found = phone_plan_region_of_country(cases[i].in, r);
		if (cases[i].region ? !found || strcmp(r, cases[i].region) != 0 : found)
			fail_msg("'%s': region '%s', want '%s'", cases[i].in, found ? r : "(none)",
			         cases[i].region ? cases[i].region : "(none)");
	}
}

static void test_calling_code_region(void **state)
{
	static const struct {
		const char *in;
		const char *region;
	} cases[] = {
		{ "34", "ES" }, { "+34", "ES" }, { "0044", "GB" }, { "1", "US" },   { " 39 ", "IT" },
		{ "7", "RU" },  { "999", NULL }, { "", NULL },     { "abc", NULL }, { "12345", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char r[3] = "";
		int found = phone_plan_region_of_calling_code(cases[i].in, r);
		if (cases[i].region ? !found || strcmp(r, cases[i].region) != 0 : found)
			fail_msg("'%s': region '%s', want '%s'", cases[i].in, found ? r : "(none)",
			         cases[i].region ? cases[i].region : "(none)");
	}
}

/* The reasons are what the user reads: each names its cause. */
static void test_reasons(void **state)
{
	static const struct {
		int kind; /* 'p' phone, 'e' e-mail, 'r' record id */
		const char *in;
		const char *why;
	} cases[] = {
		{ 'p', "34612345678.0", "decimal number by a spreadsheet" },
		{ 'p', "3.46E+10", "spreadsheet (scientific notation)" },
		{ 'p', "'0612345678", "leading apostrophe" },
		{ 'p', "12", "too short" },
		{ 'p', "+34 612 345 678 9999", "too long" },
		{ 'p', "+999 123456", "calling code" },
		{ 'p', "612345678", "without a country" },
		{ 'p', "call me", "not a phone number" },
		{ 'e', "nora diaz@theta.example", "space inside" },
		{ 'e', "nora.theta.example", "no '@'" },
		{ 'e', "a@b@theta.example", "more than one '@'" },
		{ 'e', "nora@theta_x.example", "domain" },
		{ 'e', "nora\xff@theta.example", "UTF-8" },
		{ 'r', "4.71236E+15", "scientific notation" },
		{ 'r', "1177.0", "ends in .0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = NULL;
		char *key = NULL;
		struct identity_phone p = { NULL, NULL };

		if (cases[i].kind == 'p')
			identity_phone_key(cases[i].in, NULL, NULL, &p, &why);
		else if (cases[i].kind == 'e')
			identity_email_key(cases[i].in, &key, &why);
		else
			identity_record_key(cases[i].in, "meta", &key, &why);
		if (!why || !strstr(why, cases[i].why))
			fail_msg("'%s': reason '%s', want one with '%s'", cases[i].in, why ? why : "(none)",
			         cases[i].why);
		identity_phone_free(&p);
		free(key);
	}
}

/* ---- the memory of domains and countries (issue 13) ------------------------ */

/* One normalisation's whole outcome, for comparing runs. */
struct outcome {
	enum identity_status st;
	char *key; /* e-mail key, domain key, or "e164 ext" of a phone (owned) */
	const char *why;
};

/* kind 'e' e-mail, 'd' website domain, 'p' phone in country (default "34"). */
static struct outcome normalise(int kind, const char *in, const char *country)
{
	struct outcome o = { IDENTITY_EMPTY, NULL, NULL };

	if (kind == 'e') {
		o.st = identity_email_key(in, &o.key, &o.why);
	} else if (kind == 'd') {
		o.key = identity_domain_key(in);
		o.st = o.key ? IDENTITY_OK : IDENTITY_INVALID;
	} else {
		struct identity_phone p;
		o.st = identity_phone_key(in, country, "34", &p, &o.why);
		if (o.st == IDENTITY_OK) {
			size_t n = strlen(p.e164) + (p.extension ? strlen(p.extension) : 0) + 2;
			o.key = malloc(n);
			assert_non_null(o.key);
			snprintf(o.key, n, "%s %s", p.e164, p.extension ? p.extension : "");
		}
		identity_phone_free(&p);
	}
	return o;
}

static void assert_same_outcome(const struct outcome *a, const struct outcome *b, const char *in,
                                const char *what)
{
	if (a->st != b->st || (a->key == NULL) != (b->key == NULL) ||
	    (a->key && strcmp(a->key, b->key) != 0) || (a->why == NULL) != (b->why == NULL) ||
	    (a->why && strcmp(a->why, b->why) != 0))
		fail_msg("'%s' %s: %s '%s' (%s), without the memory %s '%s' (%s)", in, what,
		         status_name(a->st), a->key ? a->key : "-", a->why ? a->why : "-", status_name(b->st),
		         b->key ? b->key : "-", b->why ? b->why : "-");
}

/* The same inputs give the same keys and reasons with the memory off, on
 * and cold, and on and warm (every answer remembered): IDN domains in
 * every spelling, letter case, refused domains, countries by name, code,
 * calling code, in brackets, and unknown, and phones valid, with an
 * extension, and refused for each reason. */
static void test_memo_same_results(void **state)
{
	static const struct {
		int kind;
		const char *in;
		const char *country;
	} cases[] = {
		{ 'e', "nora@müller.example", NULL },
		{ 'e', "Nora@MÜLLER.example", NULL },
		{ 'e', "nora@xn--mller-kva.example", NULL },
		{ 'e', "nora@XN--MLLER-KVA.EXAMPLE", NULL },
		{ 'e', "nora@straße.example", NULL },
		{ 'e', "nora@STRASSE.example", NULL },
		{ 'e', "nora@例え.テスト", NULL },
		{ 'e', "nora@gmail.com", NULL },
		{ 'e', "  ANA.Garcia.17@Gmail.COM ", NULL },
		{ 'e', "ana@gmail.com.", NULL },
		{ 'e', "nora@theta_x.example", NULL },
		{ 'e', "nora@localhost", NULL },
		{ 'e', "nora@192.168.0.1", NULL },
		{ 'e', "nora@-bad-.example", NULL },
		{ 'e', "nora@", NULL },
		{ 'e', "nora@.", NULL },
		{ 'e', "nora@xn--zz.example", NULL },
		{ 'd', "https://www.MÜLLER.example/kontakt", NULL },
		{ 'd', "müller.example", NULL },
		{ 'd', "theta_x.example", NULL },
		{ 'p', "0151 12345678", "Germany" },
		{ 'p', "0151 12345678", "germany" },
		{ 'p', "0151 12345678", "Deutschland" },
		{ 'p', "0151 12345678", "DE" },
		{ 'p', "0151 12345678", "de" },
		{ 'p', "0151 12345678", "DEU" },
		{ 'p', "0151 12345678", "Alemania" },
		{ 'p', "0151 12345678", "Germany (DE)" },
		{ 'p', "0151 12345678", "+49" },
		{ 'p', "06 1234 5678", "Netherlands (the)" },
		{ 'p', "06 1234 5678", "NL" },
		{ 'p', "612 345 678", "Atlantis" },
		{ 'p', "612 345 678", "XX" },
		{ 'p', "612 345 678", "UK" },
		{ 'p', "612 345 678", "" },
		{ 'p', "612 345 678", NULL },
		{ 'p', "07700 900123", "GB" },
		{ 'p', "07700 900123", "United Kingdom" },
		{ 'p', "(202) 555-0190 x12", "us" },
		{ 'p', "(202) 555-0190 x12", "U.S.A." },
		{ 'p', "+1 202 555 0190 ext. 7", NULL },
		{ 'p', "12", "ES" },
		{ 'p', "+999 123456", NULL },
		{ 'p', "+34 612 345 678 9999", "ES" },
		{ 'p', "call me", "ES" },
		{ 'p', "34612345678.0", "ES" },
		{ 'p', "4915112345678", NULL },
		{ 'p', " +34 612 345 678", "España" },
	};
	struct outcome plain[sizeof cases / sizeof cases[0]];
	size_t i;
	int pass;

	(void)state;
	identity_memo_set(0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		plain[i] = normalise(cases[i].kind, cases[i].in, cases[i].country);
	assert_int_equal(identity_memo_entries(), 0);
	identity_memo_set(1);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			struct outcome o = normalise(cases[i].kind, cases[i].in, cases[i].country);
			assert_same_outcome(&o, &plain[i], cases[i].in, pass ? "remembered" : "first time");
			free(o.key);
		}
	assert_true(identity_memo_entries() > 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		free(plain[i].key);
}

/* Every two-letter code, in both cases, finds the region its dotted
 * spelling ("D.E.", read through the whole table of names) finds: the
 * shortcut for codes agrees with the table. */
static void test_memo_two_letter_codes(void **state)
{
	(void)state;
	for (char a = 'A'; a <= 'Z'; a++)
		for (char b = 'A'; b <= 'Z'; b++)
			for (int lower = 0; lower < 2; lower++) {
				char code[3] = { (char)(a + lower * 32), (char)(b + lower * 32), 0 };
				char dotted[5] = { a, '.', b, '.', 0 };
				char r1[3] = "", r2[3] = "";
				int f1 = phone_plan_region_of_country(code, r1);
				int f2 = phone_plan_region_of_country(dotted, r2);
				if (f1 != f2 || strcmp(r1, r2) != 0)
					fail_msg("'%s': %s, '%s': %s", code, f1 ? r1 : "(none)", dotted,
					         f2 ? r2 : "(none)");
			}
}

/* Thousands of distinct domains and countries: the memory stays within
 * its bound, and still answers right after it has been overrun. */
static void test_memo_bounded(void **state)
{
	char in[64];
	struct outcome o;

	(void)state;
	identity_memo_set(1);
	for (int i = 0; i < 5000; i++) {
		snprintf(in, sizeof in, "p%d@host%d.example", i, i);
		o = normalise('e', in, NULL);
		assert_int_equal(o.st, IDENTITY_OK);
		free(o.key);
		if (i < 300) {
			snprintf(in, sizeof in, "Country %d", i);
			o = normalise('p', "+34 612 345 678", in);
			free(o.key);
		}
		assert_true(identity_memo_entries() <= 4096 + 4096 + 256);
	}
	assert_true(identity_memo_entries() > 256);
	o = normalise('e', "p17@HOST17.example", NULL);
	assert_int_equal(o.st, IDENTITY_OK);
	assert_string_equal(o.key, "p17@host17.example");
	free(o.key);
	identity_memo_set(0);
	assert_int_equal(identity_memo_entries(), 0);
	identity_memo_set(1);
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
		cmocka_unit_test(test_system_char),
		cmocka_unit_test(test_record_maybe_rounded),
		cmocka_unit_test(test_phone_key),
		cmocka_unit_test(test_phone_spellings_agree),
		cmocka_unit_test(test_country_region),
		cmocka_unit_test(test_calling_code_region),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_memo_same_results),
		cmocka_unit_test(test_memo_two_letter_codes),
		cmocka_unit_test(test_memo_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
