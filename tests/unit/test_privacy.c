/* privacy: which text carries an erased person's identities; digests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leadctl/privacy.h"

static void test_text_matches(void **state)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "2,\"line 2: bad date\",\"Ysolde.Quarnstrom@Vexilla.example,Ysolde\"", 1 }, /* any case */
		{ "ysolde.q@vexilla.example", 0 }, /* another address */
		{ "+420601234567", 1 },
		{ "tel: +420 601 234 567", 1 }, /* spaces between the digits */
		{ "(+420) 601-234-567", 1 },    /* brackets and dashes */
		{ "601 234 567", 1 },           /* national number, no country code */
		{ "+420601234568", 0 },         /* one digit off */
		{ "1601234567", 0 },            /* the digits inside a longer number */
		{ "6012345670", 0 },
		{ "record 00QA1234567890", 1 },           /* a record id */
		{ "3,bad,JOSÉ.ÑÚÑEZ@ÁGUILA.EXAMPLE", 1 }, /* every letter's case */
		{ "3,bad,jose.nunez@aguila.example", 0 }, /* accents are other letters */
		{ "nothing to see", 0 },
		{ "", 0 },
	};
	struct lc_needles nd = { NULL, 0, 0 };
	size_t i;

	(void)state;
	assert_int_equal(privacy_needle_add(&nd, "ysolde.quarnstrom@vexilla.example"), 0);
	assert_int_equal(privacy_needle_add(&nd, "+420601234567"), 0);
	assert_int_equal(privacy_needle_add(&nd, "00QA1234567890"), 0);
	assert_int_equal(privacy_needle_add(&nd, "00qa1234567890"), 0); /* once */
	assert_int_equal(privacy_needle_add(&nd, "josé.ñúñez@águila.example"), 0);
	assert_int_equal(privacy_needle_add(&nd, NULL), 0);
	assert_int_equal(privacy_needle_add(&nd, ""), 0);
	assert_int_equal(nd.n, 4);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (privacy_text_matches(cases[i].text, strlen(cases[i].text), &nd) != cases[i].want)
			fail_msg("'%s': expected %d", cases[i].text, cases[i].want);
	privacy_needles_free(&nd);
}

static void test_digest(void **state)
{
	char a[65], b[65], c[65];

	(void)state;
	privacy_digest("salt1", "email", "ana@acme.example", a);
	privacy_digest("salt1", "email", "ana@acme.example", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	privacy_digest("salt2", "email", "ana@acme.example", c); /* the salt matters */
	assert_string_not_equal(a, c);
	privacy_digest("salt1", "phone", "ana@acme.example", c); /* so does the kind */
	assert_string_not_equal(a, c);
	assert_null(strstr(a, "ana"));
}

static void test_scrub(void **state)
{
	char dir[] = "/tmp/leadctl-privacy-XXXXXX", path[64], *tmp = NULL, buf[512];
	struct lc_needles nd = { NULL, 0, 0 };
	int64_t removed = -1;
	int missing = -1;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/rejects.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("line,reason,record\r\n"
	      "3,\"line 3: bad date\",\"kim@larch.example,Kim,\"\"31/02\"\"\"\r\n"
	      "4,\"line 4: bad date\",\"lea@larch.example,Lea,\r\nsecond line\"\r\n"
	      "5,\"line 5: bad date\",\"KIM@larch.example,Kim\"\r\n",
	      f);
	fclose(f);
	assert_int_equal(privacy_needle_add(&nd, "kim@larch.example"), 0);
	assert_int_equal(privacy_scrub_rejects(path, &nd, &tmp, &removed, &missing), 0);
	assert_int_equal(removed, 2);
	assert_int_equal(missing, 0);
	assert_non_null(tmp);
	f = fopen(tmp, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(
	        buf,
	        "line,reason,record\r\n4,\"line 4: bad date\",\"lea@larch.example,Lea,\r\nsecond line\"\r\n");
	unlink(tmp);
	free(tmp);
	/* Nothing to remove: no copy is made. */
	privacy_needles_free(&nd);
	assert_int_equal(privacy_needle_add(&nd, "nobody@larch.example"), 0);
	assert_int_equal(privacy_scrub_rejects(path, &nd, &tmp, &removed, &missing), 0);
	assert_null(tmp);
	assert_int_equal(removed, 0);
	unlink(path);
	/* A missing file is not an error. */
	assert_int_equal(privacy_scrub_rejects(path, &nd, &tmp, &removed, &missing), 0);
	assert_int_equal(missing, 1);
	rmdir(dir);
	privacy_needles_free(&nd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_matches),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_scrub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
