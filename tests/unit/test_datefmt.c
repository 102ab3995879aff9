/* Unit tests for datefmt: a table of texts with the instant each must give
 * (written as UTC and read back with timegm, independently of the code
 * under test) or the error it must raise, then the declarations.
 *
 * Offsets in the zones used: Europe/Madrid CET +01:00, CEST +02:00 from
 * 2026-03-29 01:00Z to 2026-10-25 01:00Z (2024: 2024-03-31 to 2024-10-27). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "leadctl/datefmt.h"

/* One parsing case. */
struct date_case {
	const char *text; /* input */
	const char *decl; /* declaration for datefmt_spec, or NULL */
	const char *tz;   /* zone of wall times */
	const char *want; /* expected instant "YYYY-MM-DDTHH:MM:SSZ", or NULL for an error */
	const char *err;  /* substring of the expected error message */
};

static const struct date_case cases[] = {
	/* ISO-8601 and HubSpot/Typeform/Salesforce forms */
	{ "2026-05-10", NULL, "UTC", "2026-05-10T00:00:00Z", NULL },
	{ "2026-05-10 09:15", NULL, "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "2026-05-10 09:15", NULL, "Europe/Madrid", "2026-05-10T07:15:00Z", NULL },
	{ "2026-01-15 09:15", NULL, "Europe/Madrid", "2026-01-15T08:15:00Z", NULL },
	{ "  2026-05-10T09:15:30  ", NULL, NULL, "2026-05-10T09:15:30Z", NULL },
	{ "2026-05-10T09:15:00Z", NULL, "Europe/Madrid", "2026-05-10T09:15:00Z", NULL },
	{ "2026-05-10T09:15:00.123+02:00", NULL, "UTC", "2026-05-10T07:15:00Z", NULL },
	{ "2026-05-10T09:15:00.000+0000", NULL, "Europe/Madrid", "2026-05-10T09:15:00Z", NULL },
	{ "2026-05-10T09:15:00-05", NULL, "UTC", "2026-05-10T14:15:00Z", NULL },
	/* a fraction of any length is dropped, never converted (once an int overflow) */
	{ "2026-05-10T09:15:00.1234567890+02:00", NULL, "UTC", "2026-05-10T07:15:00Z", NULL },
	{ "2026-05-10 09:15:00,99999999999999999999999999999999999999", NULL, "UTC", "2026-05-10T09:15:00Z",
	  NULL },
	{ "10/05/2026 09:15:07.12345678901234", "%d/%m/%Y %H:%M:%S.%f", "UTC", "2026-05-10T09:15:07Z", NULL },
	{ "2026-05-10 09:15:00.", NULL, "UTC", NULL, "malformed fraction of a second" },
	{ "2026-05-10 09:15:00.5x", NULL, "UTC", NULL, "unexpected 'x'" },
	/* too many digits in a field: refused, and counting them cannot overflow */
	{ "2026-05-1000000000000 09:15", NULL, "UTC", NULL, "malformed year-first date" },
	{ "99999999999999999999-05-10", NULL, "UTC", NULL, "not a date" },
	{ "2026-05-10 09:15:00 UTC", NULL, "Europe/Madrid", "2026-05-10T09:15:00Z", NULL },
	{ "2026/05/10 09:15", NULL, "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "20260510", NULL, "UTC", "2026-05-10T00:00:00Z", NULL },
	{ "2024-02-29", NULL, "UTC", "2024-02-29T00:00:00Z", NULL },
	{ "2000-02-29", NULL, "UTC", "2000-02-29T00:00:00Z", NULL },
	/* a wall time in the spring-forward gap: the instant after the gap (clock.h) */
	{ "2026-03-29 02:30", NULL, "Europe/Madrid", "2026-03-29T01:00:00Z", NULL },
	/* numeric day/month: only when declared */
	{ "21/11/2026 14:05", "day_first", "Europe/Madrid", "2026-11-21T13:05:00Z", NULL },
	{ "08/10/2024, 21:35", "day_first", "Europe/Madrid", "2024-10-08T19:35:00Z", NULL },
	{ "5/10/2026 09:15:00", "month_first", "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "5/10/2026 9:15:00 PM", "month_first", "UTC", "2026-05-10T21:15:00Z", NULL },
	{ "12/10/2026 12:00 AM", "month_first", "UTC", "2026-12-10T00:00:00Z", NULL },
	{ "12/10/2026 12:30 p.m.", "month_first", "UTC", "2026-12-10T12:30:00Z", NULL },
	{ "21.11.2026", "day_first", "UTC", "2026-11-21T00:00:00Z", NULL },
	{ "21-11-2026 14:05", "day_first", "UTC", "2026-11-21T14:05:00Z", NULL },
	{ "2026-05-10 09:15", "day_first", "UTC", "2026-05-10T09:15:00Z", NULL },
	/* month names: Zoho and friends */
	{ "15 Apr, 2021 00:03:00", NULL, "UTC", "2021-04-15T00:03:00Z", NULL },
	{ "Apr 15, 2021 9:05 PM", NULL, "UTC", "2021-04-15T21:05:00Z", NULL },
	{ "15-Apr-2021", NULL, "UTC", "2021-04-15T00:00:00Z", NULL },
	{ "Thu, 15 Apr 2021 00:03:00 +0000", NULL, "Europe/Madrid", "2021-04-15T00:03:00Z", NULL },
	{ "April 15th, 2021", NULL, "UTC", "2021-04-15T00:00:00Z", NULL },
	{ "15 Sept 2021 10:00", NULL, "UTC", "2021-09-15T10:00:00Z", NULL },
	{ "15 apr. 2021", NULL, "UTC", "2021-04-15T00:00:00Z", NULL },
	/* Unix time */
	{ "1715332500", NULL, "Europe/Madrid", "2024-05-10T09:15:00Z", NULL },
	{ "1715332500123", NULL, "UTC", "2024-05-10T09:15:00Z", NULL },
	/* patterns, then the forms that need no declaration */
	{ "10.05.2026 09:15", "%d.%m.%Y %H:%M", "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "2026-05-10 09:15", "%d.%m.%Y %H:%M", "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "May 10 2026 at 9:15am", "%b %d %Y at %I:%M%p", "UTC", "2026-05-10T09:15:00Z", NULL },
	{ "10/05/2026 09:15:00 +0200", "%d/%m/%Y %T %z", "UTC", "2026-05-10T07:15:00Z", NULL },
	/* declared two-digit years: POSIX window 1969-2068 */
	{ "2/5/24 1:51", "%m/%d/%y %H:%M", "UTC", "2024-02-05T01:51:00Z", NULL },
	{ "12/31/68 23:00", "%m/%d/%y %H:%M", "UTC", "2068-12-31T23:00:00Z", NULL },
	{ "1/1/69 00:00", "%m/%d/%y %H:%M", "UTC", "1969-01-01T00:00:00Z", NULL },
	{ "6/20/2024 15:00", "%m/%d/%y %H:%M", "UTC", NULL, "does not match the date pattern" },
	{ "Sunday 10 May 2026", "%A %e %B %Y", "UTC", "2026-05-10T00:00:00Z", NULL },
	/* errors */
	{ "", NULL, "UTC", NULL, "empty date" },
	{ "05/10/2026", NULL, "UTC", NULL, "declare day_first or month_first" },
	{ "25/10/2026", NULL, "UTC", NULL, "declare day_first or month_first" },
	{ "08/10/2024, 21:35", NULL, "UTC", NULL, "'08/10/2024, 21:35': numeric date" },
	{ "2026-02-30", NULL, "UTC", NULL, "'2026-02-30': day 30 is past the end of February 2026" },
	{ "2025-02-29", NULL, "UTC", NULL, "day 29 is past the end of February 2025" },
	{ "2100-02-29", NULL, "UTC", NULL, "day 29 is past the end of February 2100" },
	{ "2026-13-01", NULL, "UTC", NULL, "month 13 does not exist" },
	{ "2026-05-10 24:00", NULL, "UTC", NULL, "time 24:00:00 does not exist" },
	{ "2026-05-10 23:60", NULL, "UTC", NULL, "does not exist" },
	{ "2026-05-10 23:59:60", NULL, "UTC", NULL, "does not exist" },
	{ "2026-05-10 13:00 PM", NULL, "UTC", NULL, "not a 12-hour clock hour" },
	{ "31/04/2026", "day_first", "UTC", NULL, "day 31 is past the end of April 2026" },
	{ "5/25/2026", "day_first", "UTC", NULL, "month 25 does not exist" },
	{ "10/05/26", "day_first", "UTC", NULL, "the year needs four digits" },
	{ "1899-12-31", NULL, "UTC", NULL, "year 1899 is out of range" },
	{ "45321", NULL, "UTC", NULL, "a bare number is not a date" },
	{ "hello", NULL, "UTC", NULL, "'hello': not a date" },
	{ "2026-05-10 9am", NULL, "UTC", NULL, "unexpected '9am' after the date" },
	{ "2026-05-10T09:15+25:00", NULL, "UTC", NULL, "malformed UTC offset" },
	{ "2026-05-10T09:15 junk", NULL, "UTC", NULL, "unexpected 'junk'" },
	{ "10.05.2026", "%Y-%m-%d", "UTC", NULL, "does not match the date pattern '%Y-%m-%d'" },
	{ "15 Foo 2021", NULL, "UTC", NULL, "not a date" },
};

/* The instant of "YYYY-MM-DDTHH:MM:SSZ", by timegm. */
static lc_time utc(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	assert_int_equal(sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	                        &tm.tm_min, &tm.tm_sec),
	                 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (lc_time)timegm(&tm);
}

static void test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct date_case *c = &cases[i];
		struct datefmt f;
		char err[256] = "";
		lc_time t = -1;
		int rc;

		datefmt_init(&f);
		if (c->decl)
			assert_int_equal(datefmt_spec(c->decl, &f, err, sizeof err), 0);
		rc = datefmt_parse(c->text, &f, c->tz, &t, err, sizeof err);
		if (c->want) {
			if (rc != 0)
				fail_msg("case %zu '%s': unexpected error: %s", i, c->text, err);
			if (t != utc(c->want))
				fail_msg("case %zu '%s': got %lld, want %s", i, c->text, (long long)t,
				         c->want);
		} else {
			if (rc == 0)
				fail_msg("case %zu '%s': accepted, want error '%s'", i, c->text, c->err);
			if (!strstr(err, c->err))
				fail_msg("case %zu '%s': error '%s' lacks '%s'", i, c->text, err, c->err);
		}
	}
}

/* NULL format means nothing declared; a NULL err buffer is allowed. */
static void test_null_arguments(void **state)
{
	lc_time t;

	(void)state;
	assert_int_equal(datefmt_parse("2026-05-10", NULL, NULL, &t, NULL, 0), 0);
	assert_int_equal(t, utc("2026-05-10T00:00:00Z"));
	assert_int_equal(datefmt_parse("05/10/2026", NULL, NULL, &t, NULL, 0), -1);
	assert_int_equal(datefmt_parse(NULL, NULL, NULL, &t, NULL, 0), -1);
}

/* One declaration case. */
struct spec_case {
	const char *spec;     /* input to datefmt_spec */
	const char *describe; /* datefmt_describe afterwards, or NULL for an error */
	const char *err;      /* substring of the error */
};

static const struct spec_case specs[] = {
	{ "day_first", "day_first", NULL },
	{ " Month_First ", "month_first", NULL },
	{ "auto", "auto", NULL },
	{ "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M", NULL },
	{ "%F %T", "%F %T", NULL },
	{ "%d/%m/%y", "%d/%m/%y", NULL },
	{ "%d %Q %Y", NULL, "unknown conversion '%Q'" },
	{ "%H:%M", NULL, "must name a year (%Y or %y), a month (%m or %b) and a day (%d)" },
	{ "%d.%m.%Y %I:%M", NULL, "%I and %p go together" },
	{ "%d.%m.%Y %", NULL, "ends with a lone '%'" },
	{ "dd/mm/yyyy", NULL, "unknown date format 'dd/mm/yyyy'" },
	{ "", NULL, "unknown date format ''" },
};

static void test_spec_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		struct datefmt f;
		char err[256] = "", buf[96];
		int rc;

		datefmt_init(&f);
		rc = datefmt_spec(specs[i].spec, &f, err, sizeof err);
		if (specs[i].describe) {
			if (rc != 0)
				fail_msg("spec '%s': unexpected error %s", specs[i].spec, err);
			assert_string_equal(datefmt_describe(&f, buf, sizeof buf), specs[i].describe);
		} else {
			if (rc == 0)
				fail_msg("spec '%s' accepted", specs[i].spec);
			if (!strstr(err, specs[i].err))
				fail_msg("spec '%s': error '%s' lacks '%s'", specs[i].spec, err,
				         specs[i].err);
			assert_string_equal(datefmt_describe(&f, buf, sizeof buf), "auto");
		}
	}
}

/* A pattern keeps the declared order, and both show in the description. */
static void test_pattern_keeps_order(void **state)
{
	struct datefmt f;
	char buf[96];
	lc_time t;

	(void)state;
	datefmt_init(&f);
	assert_int_equal(datefmt_spec("day_first", &f, NULL, 0), 0);
	assert_int_equal(datefmt_spec("%Y%m%d-%H%M", &f, NULL, 0), 0);
	assert_string_equal(datefmt_describe(&f, buf, sizeof buf), "%Y%m%d-%H%M, then day_first");
	assert_int_equal(datefmt_parse("20260510-0915", &f, "UTC", &t, NULL, 0), 0);
	assert_int_equal(t, utc("2026-05-10T09:15:00Z"));
	assert_int_equal(datefmt_parse("10/05/2026", &f, "UTC", &t, NULL, 0), 0);
	assert_int_equal(t, utc("2026-05-10T00:00:00Z"));
}

/* Wall times in a zone read the same as clock_from_local gives, whatever
 * datefmt remembers between calls: every 7 minutes of the days around DST
 * changes (gaps, overlaps, Lord Howe's 30-minute shift, a zone without
 * DST), visited in a scrambled order so that hours are met again later. */
static void test_zone_offsets_match_clock(void **state)
{
	static const struct {
		const char *tz;
		const char *days[3];
	} zones[] = {
		{ "Europe/Madrid", { "2026-03-28", "2026-03-29", "2026-10-25" } },
		{ "America/New_York", { "2026-03-08", "2026-11-01", "2026-11-02" } },
		{ "Australia/Lord_Howe", { "2026-04-05", "2026-10-04", "2026-07-01" } },
		{ "Asia/Kolkata", { "2026-03-29", "2026-10-25", "2026-01-01" } },
	};
	size_t z, d;
	int pass, step;

	(void)state;
	for (z = 0; z < sizeof zones / sizeof zones[0]; z++)
		for (pass = 0; pass < 2; pass++)
			for (d = 0; d < 3; d++)
				for (step = 0; step < 1440 / 7; step++) {
					int minute = (step * 97) % (1440 / 7) * 7; /* scrambled */
					char text[40], err[200];
					struct tm tm;
					lc_time got, want;
					memset(&tm, 0, sizeof tm);
					assert_int_equal(sscanf(zones[z].days[d], "%d-%d-%d", &tm.tm_year,
					                        &tm.tm_mon, &tm.tm_mday),
					                 3);
					snprintf(text, sizeof text, "%s %02d:%02d:%02d", zones[z].days[d],
					         minute / 60, minute % 60, step % 60);
					tm.tm_year -= 1900;
					tm.tm_mon -= 1;
					tm.tm_hour = minute / 60;
					tm.tm_min = minute % 60;
					tm.tm_sec = step % 60;
					tm.tm_isdst = -1;
					assert_int_equal(clock_from_local(&tm, zones[z].tz, &want), 0);
					if (datefmt_parse(text, NULL, zones[z].tz, &got, err, sizeof err) !=
					    0)
						fail_msg("%s %s: %s", zones[z].tz, text, err);
					if (got != want)
						fail_msg("%s %s: got %lld, clock_from_local %lld",
						         zones[z].tz, text, (long long)got, (long long)want);
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test(test_pattern_keeps_order),
		cmocka_unit_test(test_zone_offsets_match_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
