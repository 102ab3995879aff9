/* idlist: the identities cell of leadctl's CSV export, written and read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/idlist.h"

/* Entries are written "kind|system|value" in the table for brevity. */
static void describe(const struct idlist_entry *e, size_t n, char *buf, size_t len)
{
	size_t i, w = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		w += (size_t)snprintf(buf + w, len - w, "%s%s|%s|%s", i ? " " : "",
		                      e[i].kind == IDLIST_EMAIL   ? "email"
		                      : e[i].kind == IDLIST_PHONE ? "phone"
		                                                  : "record",
		                      e[i].system ? e[i].system : "-", e[i].value);
}

static void test_idlist_parse_table(void **state)
{
	static const struct {
		const char *in;
		int rc;           /* 0 read, 1 refused */
		const char *want; /* the entries, or the start of the reason */
	} cases[] = {
		{ "", 0, "" },
		{ " ; ;", 0, "" },
		{ "email:a@x.example", 0, "email|-|a@x.example" },
		{ "email:a@x.example;phone:+34612345678;hubspot:5101", 0,
		  "email|-|a@x.example phone|-|+34612345678 record|hubspot|5101" },
		{ " salesforce:00Q1 ; ext:7 ", 0, "record|salesforce|00Q1 record|ext|7" },
		{ "zoho:a%3Bb%25c", 0, "record|zoho|a;b%c" },
		{ "zoho:a%3bb", 0, "record|zoho|a;b" },        /* lower-case hex */
		{ "zoho:1:2", 0, "record|zoho|1:2" },          /* a colon in an id */
		{ "record:email:12", 0, "record|email|12" },   /* a system named email */
		{ "record:hubspot:5", 0, "record|hubspot|5" }, /* the long form of any system */
		{ "zoho-contact:2585", 0, "record|zoho-contact|2585" },
		{ "abc", 1, "entry 'abc' is not KIND:VALUE" },
		{ ":5", 1, "entry ':5' is not KIND:VALUE" },
		{ "email:", 1, "entry 'email:' is not KIND:VALUE" },
		{ "record:5", 1, "entry 'record:5' is not record:SYSTEM:ID" },
		{ "record:x:", 1, "entry 'record:x:' is not record:SYSTEM:ID" },
		{ "zoho:1%", 1, "entry 'zoho:1%' has a bad %-escape" },
		{ "zoho:1%4", 1, "entry 'zoho:1%4' has a bad %-escape" },
		{ "zoho:1%zz", 1, "entry 'zoho:1%zz' has a bad %-escape" },
		{ "zoho:1%00", 1, "entry 'zoho:1%00' has a bad %-escape" }, /* never a NUL */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct idlist_entry *e = NULL;
		size_t n = 0;
		char why[160] = "", got[512];
		int rc = idlist_parse(cases[i].in, &e, &n, why, sizeof why);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0) {
			describe(e, n, got, sizeof got);
			assert_string_equal(got, cases[i].want);
		} else {
			assert_null(e);
			assert_int_equal(strncmp(why, cases[i].want, strlen(cases[i].want)), 0);
		}
		idlist_free(e, n);
	}
}

static void test_idlist_format_round_trip(void **state)
{
	struct idlist_entry in[] = {
		{ IDLIST_EMAIL, NULL, (char *)"ana@mu.example" },
		{ IDLIST_PHONE, NULL, (char *)"+34612345678" },
		{ IDLIST_RECORD, (char *)"hubspot", (char *)"5101" },
		{ IDLIST_RECORD, (char *)"zoho", (char *)"K;9%1" },
		{ IDLIST_RECORD, (char *)"phone", (char *)"77" },
		{ IDLIST_RECORD, NULL, (char *)"x" },
	};
	const char *want = "email:ana@mu.example;phone:+34612345678;hubspot:5101;zoho:K%3B9%251;"
	                   "record:phone:77;ext:x";
	struct idlist_entry *back = NULL;
	size_t n = 0, i;
	char why[160];
	char *text = idlist_format(in, sizeof in / sizeof in[0]);

	(void)state;
	assert_non_null(text);
	assert_string_equal(text, want);
	assert_int_equal(idlist_parse(text, &back, &n, why, sizeof why), 0);
	assert_int_equal(n, sizeof in / sizeof in[0]);
	for (i = 0; i < n; i++) {
		assert_int_equal(back[i].kind, in[i].kind);
		assert_string_equal(back[i].value, in[i].value);
		assert_string_equal(back[i].system ? back[i].system : "-",
		                    in[i].kind == IDLIST_RECORD ? (in[i].system ? in[i].system : "ext")
		                                                : "-");
	}
	idlist_free(back, n);
	free(text);
	text = idlist_format(NULL, 0);
	assert_non_null(text);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idlist_parse_table),
		cmocka_unit_test(test_idlist_format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
