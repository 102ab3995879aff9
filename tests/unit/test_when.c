/* Unit tests of when.c: human times for --at and --since.  Table-driven,
 * at a fixed now in Europe/Madrid (UTC+1 in November, UTC+2 in summer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/when.h"

/* Friday 2026-11-20 11:00 local = 10:00Z. */
static const char *const NOW = "2026-11-20T10:00:00Z";

static void test_parse(void **state)
{
	static const struct {
		const char *in;
		const char *want; /* UTC, or NULL for "not a human time" */
		int day;
	} cases[] = {
		{ "now", "2026-11-20T10:00:00Z", 0 },
		{ "NOW", "2026-11-20T10:00:00Z", 0 },
		{ "today", "2026-11-19T23:00:00Z", 1 }, /* local midnight */
		{ "Today", "2026-11-19T23:00:00Z", 1 },
		{ "yesterday", "2026-11-18T23:00:00Z", 1 },
		{ "yesterday 14:30", "2026-11-19T13:30:00Z", 0 },
		{ "monday", "2026-11-15T23:00:00Z", 1 }, /* Mon 16 Nov */
		{ "mon", "2026-11-15T23:00:00Z", 1 },
		{ "thursday", "2026-11-18T23:00:00Z", 1 }, /* yesterday */
		{ "friday", "2026-11-12T23:00:00Z", 1 },   /* today's weekday: a week ago */
		{ "saturday", "2026-11-13T23:00:00Z", 1 },
		{ "sunday 09:00", "2026-11-15T08:00:00Z", 0 },
		{ "2h ago", "2026-11-20T08:00:00Z", 0 },
		{ "2 hours ago", "2026-11-20T08:00:00Z", 0 },
		{ "90 min ago", "2026-11-20T08:30:00Z", 0 },
		{ "3 days ago", "2026-11-17T10:00:00Z", 0 },
		{ "1w ago", "2026-11-13T10:00:00Z", 0 },
		{ "30s ago", "2026-11-20T09:59:30Z", 0 },
		{ "0m ago", "2026-11-20T10:00:00Z", 0 },
		{ "2h", NULL, 0 }, /* "ago" is required */
		{ "2 fortnights ago", NULL, 0 },
		{ "-2h ago", NULL, 0 },
		{ "yesterday 25:00", NULL, 0 },
		{ "yesterday at noon", NULL, 0 },
		{ "2026-11-20", NULL, 0 }, /* ISO: another parser's */
		{ "", NULL, 0 },
		{ "someday", NULL, 0 },
	};
	lc_time now, want, got;
	size_t i;
	int day;

	(void)state;
	assert_int_equal(clock_parse_iso(NOW, NULL, &now), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = when_parse(cases[i].in, now, "Europe/Madrid", &got, &day);
		if (!cases[i].want) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(clock_parse_iso(cases[i].want, NULL, &want), 0);
		if (got != want)
			fail_msg("'%s': got %lld, want %s", cases[i].in, (long long)got, cases[i].want);
		assert_int_equal(day, cases[i].day);
	}
}

/* Across the end of summer time (25 Oct 2026, 03:00 CEST -> 02:00 CET):
 * "yesterday" is the local midnight, whatever the offset was then. */
static void test_dst(void **state)
{
	lc_time now, got, want;
	int day;

	(void)state;
	assert_int_equal(clock_parse_iso("2026-10-26T10:00:00Z", NULL, &now), 0);
	assert_int_equal(when_parse("yesterday", now, "Europe/Madrid", &got, &day), 0);
	assert_int_equal(clock_parse_iso("2026-10-24T22:00:00Z", NULL, &want), 0); /* 25 Oct 00:00 CEST */
	assert_int_equal(got, want);
	assert_int_equal(when_parse("today", now, "Europe/Madrid", &got, &day), 0);
	assert_int_equal(clock_parse_iso("2026-10-25T23:00:00Z", NULL, &want), 0); /* 26 Oct 00:00 CET */
	assert_int_equal(got, want);
}

static void test_date(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "today", "2026-11-20" },   { "yesterday", "2026-11-19" },  { "monday", "2026-11-16" },
		{ "3d ago", "2026-11-17" },  { "1 week ago", "2026-11-13" }, { "2026-11-01", NULL },
		{ "yesterday 10:00", NULL }, { "nonsense", NULL },
	};
	lc_time now;
	char buf[16];
	size_t i;

	(void)state;
	assert_int_equal(clock_parse_iso(NOW, NULL, &now), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = when_date(cases[i].in, now, "Europe/Madrid", buf, sizeof buf);
		if (!cases[i].want) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(buf, cases[i].want);
	}
	/* In UTC (no SLA), 00:30Z on the 20th is still the 20th. */
	assert_int_equal(clock_parse_iso("2026-11-20T00:30:00Z", NULL, &now), 0);
	assert_int_equal(when_date("today", now, NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "2026-11-20");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
