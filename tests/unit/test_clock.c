/* Unit tests for clock: every function of clock.h.
 *
 * Expected instants are written as UTC ("...Z") and read with a local
 * helper built on timegm, so that a bug in clock_parse_iso cannot hide in
 * the expectations.  2026 offsets: Madrid CET +01:00, CEST +02:00 from Sun
 * 29 Mar 01:00Z to Sun 25 Oct 01:00Z; New York EST -05:00, EDT -04:00 from
 * Sun 8 Mar 07:00Z to Sun 1 Nov 06:00Z. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "leadctl/clock.h"
#include "leadctl/diag.h"

/* Read "YYYY-MM-DDTHH:MM:SSZ"; aborts the test on a typo in the table. */
static lc_time utc(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int n = sscanf(s, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	               &tm.tm_sec);
	assert_int_equal(n, 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (lc_time)timegm(&tm);
}

static void fmt(lc_time t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* clock_parse_iso(text, tz) == expect, or -1 when expect is NULL. */
struct parse_case {
	const char *text;
	const char *tz;
	const char *expect;
};

static const struct parse_case parse_cases[] = {
	/* Explicit offsets: the zone argument never matters. */
	{ "2026-03-01T10:00:00Z", NULL, "2026-03-01T10:00:00Z" },
	{ "2026-03-01T10:00:00z", NULL, "2026-03-01T10:00:00Z" },
	{ "2026-03-01T10:00:00Z", "America/New_York", "2026-03-01T10:00:00Z" },
	/* 10:00 at +01:00 is 09:00Z, in all three offset spellings. */
	{ "2026-03-01T10:00:00+01:00", NULL, "2026-03-01T09:00:00Z" },
	{ "2026-03-01T10:00:00+0100", NULL, "2026-03-01T09:00:00Z" },
	{ "2026-03-01T10:00:00+01", "Europe/Madrid", "2026-03-01T09:00:00Z" },
	/* 10:00 at -05:30 is 15:30Z. */
	{ "2026-03-01T10:00:00-05:30", NULL, "2026-03-01T15:30:00Z" },
	/* 23:30 at -02:00 is 01:30Z the next day. */
	{ "2026-03-01T23:30:00-02:00", NULL, "2026-03-02T01:30:00Z" },
	/* Minutes only, space separator, fractions dropped. */
	{ "2026-03-01T10:00Z", NULL, "2026-03-01T10:00:00Z" },
	{ "2026-03-01 10:00:05Z", NULL, "2026-03-01T10:00:05Z" },
	{ "2026-03-01T10:00:00.999Z", NULL, "2026-03-01T10:00:00Z" },
	{ "2026-03-01T10:00:07,5+01:00", NULL, "2026-03-01T09:00:07Z" },
	/* Leap day, leap second (clamped to :59), 24:00 = next midnight. */
	{ "2024-02-29T12:00:00Z", NULL, "2024-02-29T12:00:00Z" },
	{ "2026-12-31T23:59:60Z", NULL, "2026-12-31T23:59:59Z" },
	{ "2026-03-01T24:00:00Z", NULL, "2026-03-02T00:00:00Z" },
	/* No offset: read in tz (NULL and "" = UTC). */
	{ "2026-03-01", NULL, "2026-03-01T00:00:00Z" },
	{ "2026-03-01T10:00", "", "2026-03-01T10:00:00Z" },
	{ "2026-03-01T10:00", "UTC", "2026-03-01T10:00:00Z" },
	/* Madrid midnight in winter is 23:00Z the day before (CET +01:00). */
	{ "2026-03-01", "Europe/Madrid", "2026-02-28T23:00:00Z" },
	/* Madrid 10:00 in July is CEST +02:00 → 08:00Z. */
	{ "2026-07-01T10:00", "Europe/Madrid", "2026-07-01T08:00:00Z" },
	/* New York 10:00 in January is EST -05:00 → 15:00Z; in July EDT → 14:00Z. */
	{ "2026-01-15T10:00", "America/New_York", "2026-01-15T15:00:00Z" },
	{ "2026-07-15T10:00", "America/New_York", "2026-07-15T14:00:00Z" },
	/* Madrid 29 Mar 02:30 does not exist (01:59:59 CET → 03:00 CEST):
	 * the instant just after the gap, 03:00 CEST = 01:00Z.  With seconds
	 * the answer is still the gap's end, not 01:00:30Z. */
	{ "2026-03-29T02:30", "Europe/Madrid", "2026-03-29T01:00:00Z" },
	{ "2026-03-29T02:30:30", "Europe/Madrid", "2026-03-29T01:00:00Z" },
	/* Madrid 25 Oct 02:30 happens twice: the earlier, 02:30 CEST = 00:30Z. */
	{ "2026-10-25T02:30", "Europe/Madrid", "2026-10-25T00:30:00Z" },
	/* New York 8 Mar 02:30 does not exist → 03:00 EDT = 07:00Z; 1 Nov
	 * 01:30 is ambiguous → the earlier, 01:30 EDT = 05:30Z. */
	{ "2026-03-08T02:30", "America/New_York", "2026-03-08T07:00:00Z" },
	{ "2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00Z" },
	/* Just around the changes, the offsets in force. */
	{ "2026-03-29T01:59:59", "Europe/Madrid", "2026-03-29T00:59:59Z" },
	{ "2026-03-29T03:00", "Europe/Madrid", "2026-03-29T01:00:00Z" },
	{ "2026-10-25T03:00", "Europe/Madrid", "2026-10-25T02:00:00Z" },

	/* Refused. */
	{ "2026-13-01", NULL, NULL },
	{ "2026-00-10", NULL, NULL },
	{ "2026-02-30", NULL, NULL },
	{ "2025-02-29", NULL, NULL },
	{ "2026-01-00", NULL, NULL },
	{ "2026-04-31T10:00Z", NULL, NULL },
	{ "yesterday", NULL, NULL },
	{ "", NULL, NULL },
	{ "2026", NULL, NULL },
	{ "2026-3-1", NULL, NULL },
	{ "26-03-01", NULL, NULL },
	{ "2026-03-01x", NULL, NULL },
	{ "2026-03-01T10", NULL, NULL },
	{ "2026-03-01T10:", NULL, NULL },
	{ "2026-03-01T25:00Z", NULL, NULL },
	{ "2026-03-01T24:01Z", NULL, NULL },
	{ "2026-03-01T10:60Z", NULL, NULL },
	{ "2026-03-01T10:00:61Z", NULL, NULL },
	{ "2026-03-01T10:00:00.Z", NULL, NULL },
	{ "2026-03-01T10:00:00Zjunk", NULL, NULL },
	{ "2026-03-01T10:00:00Z 1", NULL, NULL },
	{ "2026-03-01T10:00:00+01:00x", NULL, NULL },
	{ "2026-03-01T10:00:00+15:00", NULL, NULL },
	{ "2026-03-01T10:00:00+01:60", NULL, NULL },
	{ "2026-03-01T10:00:00+1", NULL, NULL },
	{ "2026-03-01T10:00:00+01:", NULL, NULL },
	/* An unknown zone is an error, not a silent UTC. */
	{ "2026-03-01T10:00", "Mars/Base", NULL },
};

static void test_parse_iso_table(void **state)
{
	(void)state;
	char gbuf[32], ebuf[32];
	for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		const struct parse_case *c = &parse_cases[i];
		lc_time got = 4242;
		int rc = clock_parse_iso(c->text, c->tz, &got);
		if (c->expect == NULL) {
			if (rc != -1)
				fail_msg("'%s' (%s) accepted", c->text, c->tz ? c->tz : "UTC");
			assert_int_equal(got, 4242);
			continue;
		}
		if (rc != 0)
			fail_msg("'%s' (%s) refused", c->text, c->tz ? c->tz : "UTC");
		fmt(got, gbuf, sizeof gbuf);
		fmt(utc(c->expect), ebuf, sizeof ebuf);
		if (strcmp(gbuf, ebuf) != 0)
			fail_msg("'%s' (%s): got %s, want %s", c->text, c->tz ? c->tz : "UTC", gbuf, ebuf);
	}
}

static void test_parse_iso_null(void **state)
{
	(void)state;
	lc_time t;
	assert_int_equal(clock_parse_iso(NULL, NULL, &t), -1);
}

/* Conversions in alternating zones each use their own zone: the zone
 * switch is cached between calls (clock.c keeps TZ switched), so a stale
 * zone would show here. */
static void test_tz_switching(void **state)
{
	(void)state;
	lc_time t, u;
	struct tm tm;

	/* 2026-07-01 10:00 Madrid (CEST, +02:00) = 08:00Z. */
	assert_int_equal(clock_parse_iso("2026-07-01T10:00", "Europe/Madrid", &t), 0);
	assert_int_equal(t, 1782892800);
	/* 08:00Z in New York (EDT, -04:00) is 04:00. */
	assert_int_equal(clock_to_local(t, "America/New_York", &tm), 0);
	assert_int_equal(tm.tm_hour, 4);
	/* Back to Madrid: 10:00 again. */
	assert_int_equal(clock_to_local(t, "Europe/Madrid", &tm), 0);
	assert_int_equal(tm.tm_hour, 10);
	/* UTC and the empty zone need no switch: 08:00. */
	assert_int_equal(clock_to_local(t, "UTC", &tm), 0);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(clock_to_local(t, "", &tm), 0);
	assert_int_equal(tm.tm_hour, 8);
	/* The same wall time in New York is 6 h later: 14:00Z. */
	assert_int_equal(clock_parse_iso("2026-07-01T10:00", "America/New_York", &u), 0);
	assert_int_equal(u - t, 6 * 3600);
}

static void test_format_utc(void **state)
{
	(void)state;
	char buf[32];
	clock_format_utc(0, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	clock_format_utc(1795253400, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-21T09:30:00Z");
	/* Before the epoch. */
	clock_format_utc(-1, buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

static void test_format_local(void **state)
{
	(void)state;
	char buf[32];
	/* 2026-01-19T08:00Z is 09:00 CET, 03:00 EST, 08:00 UTC. */
	clock_format_local(utc("2026-01-19T08:00:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19 09:00");
	clock_format_local(utc("2026-01-19T08:00:00Z"), "America/New_York", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19 03:00");
	clock_format_local(utc("2026-01-19T08:00:00Z"), NULL, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19 08:00");
	clock_format_local(utc("2026-01-19T08:00:00Z"), "", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19 08:00");
	/* 2026-07-01T22:30Z is already 2 July 00:30 CEST. */
	clock_format_local(utc("2026-07-01T22:30:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-07-02 00:30");
	/* The repeated hour of 25 Oct: 00:30Z and 01:30Z both read 02:30. */
	clock_format_local(utc("2026-10-25T00:30:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-10-25 02:30");
	clock_format_local(utc("2026-10-25T01:30:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-10-25 02:30");
}

static void test_format_offset(void **state)
{
	(void)state;
	char buf[40];
	clock_format_offset(utc("2026-01-19T08:00:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19T09:00:00+01:00");
	clock_format_offset(utc("2026-07-01T08:00:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-07-01T10:00:00+02:00");
	clock_format_offset(utc("2026-01-19T08:00:00Z"), "America/New_York", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19T03:00:00-05:00");
	clock_format_offset(utc("2026-07-01T08:00:00Z"), "America/New_York", buf, sizeof buf);
	assert_string_equal(buf, "2026-07-01T04:00:00-04:00");
	/* India has a half-hour offset. */
	clock_format_offset(utc("2026-01-19T08:00:00Z"), "Asia/Kolkata", buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19T13:30:00+05:30");
	/* UTC is written with Z (RFC 3339 allows either). */
	clock_format_offset(utc("2026-01-19T08:00:00Z"), NULL, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-19T08:00:00Z");
	/* Both instants of the repeated Madrid hour are told apart. */
	clock_format_offset(utc("2026-10-25T00:30:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-10-25T02:30:00+02:00");
	clock_format_offset(utc("2026-10-25T01:30:00Z"), "Europe/Madrid", buf, sizeof buf);
	assert_string_equal(buf, "2026-10-25T02:30:00+01:00");
	/* What it writes, clock_parse_iso reads back. */
	lc_time t;
	assert_int_equal(clock_parse_iso(buf, NULL, &t), 0);
	assert_int_equal(t, utc("2026-10-25T01:30:00Z"));
}

static void test_duration_parse(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t seconds;
	} good[] = {
		{ "30s", 30 },   { "0s", 0 },      { "5m", 300 },    { "4h", 14400 },   { "24h", 86400 },
		{ "1d", 86400 }, { "2d", 172800 }, { "1w", 604800 }, { "10d", 864000 }, { "05m", 300 },
	};
	static const char *const bad[] = {
		"5x",
		"",
		"m",
		"-5m",
		"+5m",
		"5",
		"5mm",
		"5 m",
		" 5m",
		"5m ",
		"1.5h",
		"5M",
		"h4",
		"99999999999999999999s",
		"9223372036854775807s",
		"9223372036854775807w",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t v = -1;
		if (duration_parse(good[i].text, &v) != 0)
			fail_msg("'%s' refused", good[i].text);
		assert_int_equal(v, good[i].seconds);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 77;
		if (duration_parse(bad[i], &v) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(v, 77);
	}
	int64_t v;
	assert_int_equal(duration_parse(NULL, &v), -1);
}

static void test_duration_format(void **state)
{
	(void)state;
	static const struct {
		int64_t seconds;
		const char *text;
	} cases[] = {
		{ 0, "0s" },
		{ 45, "45s" },
		{ 59, "59s" },
		{ 60, "1m" },
		{ 720, "12m" },
		{ 725, "12m" },
		{ 3600, "1h" },
		{ 3 * 3600 + 5 * 60, "3h 5m" },
		{ 86399, "23h 59m" },
		{ 86400, "1d" },
		{ 2 * 86400 + 4 * 3600, "2d 4h" },
		{ 604800, "7d" },
		{ -45, "-45s" },
		{ -(3 * 3600 + 5 * 60), "-3h 5m" },
		{ -2 * 86400, "-2d" },
	};
	char buf[32];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		duration_format(cases[i].seconds, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
	/* A short buffer is truncated, never overrun. */
	char small[4];
	duration_format(2 * 86400 + 4 * 3600, small, sizeof small);
	assert_string_equal(small, "2d ");
}

static void test_tz_valid(void **state)
{
	(void)state;
	assert_int_equal(clock_tz_valid("Europe/Madrid"), 1);
	assert_int_equal(clock_tz_valid("America/New_York"), 1);
	assert_int_equal(clock_tz_valid("UTC"), 1);
	assert_int_equal(clock_tz_valid("Mars/Base"), 0);
	assert_int_equal(clock_tz_valid("../etc/passwd"), 0);
	assert_int_equal(clock_tz_valid("Europe/../../../etc/passwd"), 0);
	assert_int_equal(clock_tz_valid("/etc/passwd"), 0);
	assert_int_equal(clock_tz_valid("Europe"), 0);
	assert_int_equal(clock_tz_valid("Europe/Madrid "), 0);
	assert_int_equal(clock_tz_valid(""), 0);
	assert_int_equal(clock_tz_valid(NULL), 0);
}

static void test_to_local(void **state)
{
	(void)state;
	struct tm tm;
	/* 2026-03-29T00:59:59Z is 01:59:59 CET; one second later 03:00 CEST. */
	assert_int_equal(clock_to_local(utc("2026-03-29T00:59:59Z"), "Europe/Madrid", &tm), 0);
	assert_int_equal(tm.tm_hour, 1);
	assert_int_equal(tm.tm_min, 59);
	assert_int_equal(tm.tm_isdst, 0);
	assert_int_equal(clock_to_local(utc("2026-03-29T01:00:00Z"), "Europe/Madrid", &tm), 0);
	assert_int_equal(tm.tm_hour, 3);
	assert_int_equal(tm.tm_min, 0);
	assert_int_equal(tm.tm_isdst, 1);
	assert_int_equal(tm.tm_wday, 0);
	assert_int_equal(tm.tm_mday, 29);
	assert_int_equal(tm.tm_mon, 2);
	assert_int_equal(tm.tm_year, 126);
	/* 2026-01-19T03:00Z is still Sunday 18 Jan 22:00 in New York. */
	assert_int_equal(clock_to_local(utc("2026-01-19T03:00:00Z"), "America/New_York", &tm), 0);
	assert_int_equal(tm.tm_mday, 18);
	assert_int_equal(tm.tm_hour, 22);
	assert_int_equal(tm.tm_wday, 0);
	/* UTC, both spellings. */
	assert_int_equal(clock_to_local(utc("2026-01-19T03:00:00Z"), NULL, &tm), 0);
	assert_int_equal(tm.tm_hour, 3);
	assert_int_equal(clock_to_local(utc("2026-01-19T03:00:00Z"), "", &tm), 0);
	assert_int_equal(tm.tm_hour, 3);
	/* An unknown zone is an error. */
	assert_int_equal(clock_to_local(0, "Mars/Base", &tm), -1);
}

static struct tm wall(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return tm;
}

static void test_from_local(void **state)
{
	(void)state;
	lc_time t;
	struct tm tm;

	/* Ordinary: 19 Jan 09:00 CET = 08:00Z; 1 Jul 09:00 CEST = 07:00Z. */
	tm = wall(2026, 1, 19, 9, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-01-19T08:00:00Z"));
	tm = wall(2026, 7, 1, 9, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-07-01T07:00:00Z"));
	/* The caller's tm_isdst does not change the answer. */
	tm.tm_isdst = 0;
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-07-01T07:00:00Z"));
	tm.tm_isdst = 1;
	tm.tm_mon = 0;
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-01-01T08:00:00Z"));

	/* Gap: every wall time from 02:00:00 to 02:59:59 on 29 Mar maps to
	 * the end of the gap, 03:00 CEST = 01:00Z. */
	tm = wall(2026, 3, 29, 2, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-03-29T01:00:00Z"));
	tm = wall(2026, 3, 29, 2, 59, 59);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-03-29T01:00:00Z"));
	tm = wall(2026, 3, 29, 2, 17, 31);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-03-29T01:00:00Z"));

	/* Overlap: 25 Oct 02:00:00 is ambiguous → 02:00 CEST = 00:00Z; the
	 * hour before is plain CEST, the hour after plain CET. */
	tm = wall(2026, 10, 25, 2, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-10-25T00:00:00Z"));
	tm = wall(2026, 10, 25, 2, 59, 59);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-10-25T00:59:59Z"));
	tm = wall(2026, 10, 25, 3, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-10-25T02:00:00Z"));

	/* New York: 8 Mar 02:30 → 03:00 EDT = 07:00Z; 1 Nov 01:00 → 01:00 EDT = 05:00Z. */
	tm = wall(2026, 3, 8, 2, 30, 0);
	assert_int_equal(clock_from_local(&tm, "America/New_York", &t), 0);
	assert_int_equal(t, utc("2026-03-08T07:00:00Z"));
	tm = wall(2026, 11, 1, 1, 0, 0);
	assert_int_equal(clock_from_local(&tm, "America/New_York", &t), 0);
	assert_int_equal(t, utc("2026-11-01T05:00:00Z"));

	/* Fields out of range are normalised as mktime would: 32 Jan 24:00
	 * is 2 Feb 00:00 CET = 1 Feb 23:00Z. */
	tm = wall(2026, 1, 32, 24, 0, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-02-01T23:00:00Z"));
	/* 29 Mar 01:90 is 02:30, in the gap → 01:00Z. */
	tm = wall(2026, 3, 29, 1, 90, 0);
	assert_int_equal(clock_from_local(&tm, "Europe/Madrid", &t), 0);
	assert_int_equal(t, utc("2026-03-29T01:00:00Z"));
	/* The input is not modified. */
	assert_int_equal(tm.tm_min, 90);

	/* UTC: no gaps; the last second before the epoch is not an error. */
	tm = wall(1969, 12, 31, 23, 59, 59);
	assert_int_equal(clock_from_local(&tm, NULL, &t), 0);
	assert_int_equal(t, -1);
	tm = wall(2026, 3, 29, 2, 30, 0);
	assert_int_equal(clock_from_local(&tm, "", &t), 0);
	assert_int_equal(t, utc("2026-03-29T02:30:00Z"));

	/* An unknown zone is an error. */
	t = 5;
	assert_int_equal(clock_from_local(&tm, "Mars/Base", &t), -1);
	assert_int_equal(t, 5);
}

/* Every wall minute of two DST-change days maps to an instant whose local
 * time is that wall time, or (in the gap) to the gap's end. */
static void test_from_local_round_trip(void **state)
{
	(void)state;
	static const struct {
		const char *tz;
		int y, mo, d;
	} days[] = {
		{ "Europe/Madrid", 2026, 3, 29 },
		{ "Europe/Madrid", 2026, 10, 25 },
		{ "America/New_York", 2026, 3, 8 },
		{ "America/New_York", 2026, 11, 1 },
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		for (int m = 0; m < 24 * 60; m++) {
			struct tm want = wall(days[i].y, days[i].mo, days[i].d, m / 60, m % 60, 0), got;
			lc_time t;
			assert_int_equal(clock_from_local(&want, days[i].tz, &t), 0);
			assert_int_equal(clock_to_local(t, days[i].tz, &got), 0);
			if (got.tm_hour != want.tm_hour || got.tm_min != want.tm_min) {
				/* Only in a gap: the instant a second earlier is before it. */
				struct tm before;
				assert_int_equal(clock_to_local(t - 1, days[i].tz, &before), 0);
				assert_true(before.tm_hour * 60 + before.tm_min < m);
				assert_true(got.tm_hour * 60 + got.tm_min > m);
			}
		}
	}
}

static void test_now(void **state)
{
	(void)state;
	lc_time t = 0;

	setenv("LEADCTL_NOW", "2026-11-21T09:30:00Z", 1);
	assert_int_equal(clock_now(&t), 0);
	assert_int_equal(t, 1795253400);
	/* Read as UTC when it has no offset. */
	setenv("LEADCTL_NOW", "2026-11-21T09:30", 1);
	assert_int_equal(clock_now(&t), 0);
	assert_int_equal(t, 1795253400);
	setenv("LEADCTL_NOW", "2026-11-21T10:30:00+01:00", 1);
	assert_int_equal(clock_now(&t), 0);
	assert_int_equal(t, 1795253400);

	/* A bad value is a configuration error, reported once. */
	diag_set_quiet(1);
	int before = diag_error_count();
	setenv("LEADCTL_NOW", "yesterday", 1);
	assert_int_equal(clock_now(&t), LC_CONFIG);
	assert_int_equal(diag_error_count(), before + 1);
	setenv("LEADCTL_NOW", "2026-02-30T10:00:00Z", 1);
	assert_int_equal(clock_now(&t), LC_CONFIG);
	diag_set_quiet(0);

	/* Unset or empty: the system clock. */
	unsetenv("LEADCTL_NOW");
	time_t lo = time(NULL);
	assert_int_equal(clock_now(&t), 0);
	time_t hi = time(NULL);
	assert_true(t >= lo && t <= hi);
	setenv("LEADCTL_NOW", "", 1);
	assert_int_equal(clock_now(&t), 0);
	assert_true(t >= lo);
	unsetenv("LEADCTL_NOW");
}

/* ---- the zone cache: cached conversions equal glibc's -------------------- */

/* localtime_r of t in zone tz straight from glibc (the oracle): switches
 * the process's TZ itself, as `report` does, so every clock call after it
 * must notice the switch.  "UTC" is gmtime_r, as in clock.c. */
static void glibc_local(lc_time t, const char *tz, struct tm *out)
{
	time_t tt = (time_t)t;

	if (strcmp(tz, "UTC") == 0) {
		assert_non_null(gmtime_r(&tt, out));
		return;
	}
	if (!getenv("TZ") || strcmp(getenv("TZ"), tz) != 0) {
		setenv("TZ", tz, 1);
		tzset();
	}
	assert_non_null(localtime_r(&tt, out));
}

/* Fails with the zone and instant when a and b differ in any field,
 * the zone abbreviation compared as text. */
static void assert_same_tm(const struct tm *a, const struct tm *b, const char *tz, lc_time t,
                           const char *what)
{
	if (a->tm_year != b->tm_year || a->tm_mon != b->tm_mon || a->tm_mday != b->tm_mday ||
	    a->tm_hour != b->tm_hour || a->tm_min != b->tm_min || a->tm_sec != b->tm_sec ||
	    a->tm_wday != b->tm_wday || a->tm_yday != b->tm_yday || a->tm_isdst != b->tm_isdst ||
	    a->tm_gmtoff != b->tm_gmtoff || strcmp(a->tm_zone, b->tm_zone) != 0)
		fail_msg("%s: %s at %lld: %04d-%02d-%02d %02d:%02d:%02d %s%+ld dst %d, want "
		         "%04d-%02d-%02d %02d:%02d:%02d %s%+ld dst %d",
		         what, tz, (long long)t, a->tm_year + 1900, a->tm_mon + 1, a->tm_mday, a->tm_hour,
		         a->tm_min, a->tm_sec, a->tm_zone, a->tm_gmtoff, a->tm_isdst, b->tm_year + 1900,
		         b->tm_mon + 1, b->tm_mday, b->tm_hour, b->tm_min, b->tm_sec, b->tm_zone,
		         b->tm_gmtoff, b->tm_isdst);
}

/* A zone and one of its transitions (the first instant of the new offset). */
struct transition_case {
	const char *tz;
	const char *at;
};

static const struct transition_case transition_cases[] = {
	/* CET -> CEST and back, 2026; and 1945's double summer time (CEMT). */
	{ "Europe/Berlin", "2026-03-29T01:00:00Z" },
	{ "Europe/Berlin", "2026-10-25T01:00:00Z" },
	{ "Europe/Berlin", "1945-05-24T01:00:00Z" },
	{ "Europe/Berlin", "1945-09-24T00:00:00Z" },
	/* EST -> EDT and back, 2026; local mean time (-4:56:02) -> EST, 1883. */
	{ "America/New_York", "2026-03-08T07:00:00Z" },
	{ "America/New_York", "2026-11-01T06:00:00Z" },
	{ "America/New_York", "1883-11-18T17:00:00Z" },
	/* Half-hour DST (+10:30 -> +11:00) at 15:30Z, back at 15:00Z. */
	{ "Australia/Lord_Howe", "2025-10-04T15:30:00Z" },
	{ "Australia/Lord_Howe", "2026-04-04T15:00:00Z" },
	{ "Australia/Lord_Howe", "2026-10-03T15:30:00Z" },
	/* +5:30 -> +5:45 at local midnight, 18:30Z. */
	{ "Asia/Kathmandu", "1985-12-31T18:30:00Z" },
	/* No transition at all. */
	{ "UTC", "2026-03-29T01:00:00Z" },
	{ "Etc/UTC", "2026-03-29T01:00:00Z" },
};

/* Offsets from a transition to convert at: the seconds and hours around
 * it, the day boundaries of its UTC day and the days beside it. */
static const long transition_deltas[] = {
	-172800, -86401, -86400, -86399, -43200, -7201, -3601, -3600, -1801, -1800, -61,   -1,     0,
	1,       59,     1799,   1800,   3599,   3600,  7200,  43200, 86399, 86400, 86401, 172800,
};

/* clock_to_local equals glibc's localtime_r around each transition with the
 * cache off, on and cold, and on and warm (every day remembered). */
static void test_cache_to_local_transitions(void **state)
{
	(void)state;
	struct tm want, got;

	for (int pass = 0; pass < 3; pass++) {
		clock_cache_set(pass > 0);
		for (size_t i = 0; i < sizeof transition_cases / sizeof transition_cases[0]; i++) {
			const struct transition_case *c = &transition_cases[i];
			for (size_t j = 0; j < sizeof transition_deltas / sizeof transition_deltas[0]; j++) {
				lc_time t = utc(c->at) + transition_deltas[j];
				char abbrev[16];
				glibc_local(t, c->tz, &want);
				assert_int_equal(clock_to_local(t, c->tz, &got), 0);
				assert_same_tm(&got, &want, c->tz, t, pass == 0 ? "uncached" : "cached");
				clock_zone_abbrev(t, c->tz, abbrev, sizeof abbrev);
				if (strcmp(c->tz, "UTC") != 0)
					assert_string_equal(abbrev, want.tm_zone);
			}
		}
	}
	clock_cache_set(1);
}

/* clock_from_local of every quarter hour of wall time from a day before to
 * a day after each transition (the gaps and overlaps included) is the same
 * instant with the cache on (cold, then warm) as with it off. */
static void test_cache_from_local_transitions(void **state)
{
	(void)state;

	for (size_t i = 0; i < sizeof transition_cases / sizeof transition_cases[0]; i++) {
		const struct transition_case *c = &transition_cases[i];
		lc_time at = utc(c->at);
		for (long k = -96; k <= 96; k++) {
			struct tm wall;
			time_t w = (time_t)(at + k * 900 + 7);
			lc_time off, cold, warm;
			int rc_off, rc_cold, rc_warm;

			/* The wall times near the change, in UTC fields. */
			gmtime_r(&w, &wall);
			clock_cache_set(0);
			rc_off = clock_from_local(&wall, c->tz, &off);
			clock_cache_set(1);
			rc_cold = clock_from_local(&wall, c->tz, &cold);
			rc_warm = clock_from_local(&wall, c->tz, &warm);
			assert_int_equal(rc_off, 0);
			assert_int_equal(rc_cold, 0);
			assert_int_equal(rc_warm, 0);
			if (off != cold || off != warm)
				fail_msg("%s wall %lld: %lld uncached, %lld cold, %lld warm", c->tz,
				         (long long)w, (long long)off, (long long)cold, (long long)warm);
		}
	}
}

/* Every 97 minutes (so every minute of the hour comes round) of 2025-2027
 * in each zone: cached conversions both ways equal glibc's and the
 * uncached ones (one pass with the cache, one without: switching it
 * empties it). */
static void test_cache_sweep(void **state)
{
	(void)state;
	static const char *const zones[] = { "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
		                             "Asia/Kathmandu", "UTC" };
	const lc_time from = utc("2025-01-01T00:00:00Z"), to = utc("2028-01-01T00:00:00Z"), step = 97 * 60;
	size_t n = (size_t)((to - from) / step) + 1;
	lc_time *back = malloc(n * sizeof *back);

	assert_non_null(back);
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		size_t i = 0;
		clock_cache_set(1);
		for (lc_time t = from; t < to; t += step, i++) {
			struct tm cached, plain;
			time_t w = (time_t)t;

			assert_int_equal(clock_to_local(t, zones[z], &cached), 0);
			glibc_local(t, zones[z], &plain);
			assert_same_tm(&cached, &plain, zones[z], t, "sweep");
			gmtime_r(&w, &plain);
			assert_int_equal(clock_from_local(&plain, zones[z], &back[i]), 0);
		}
		clock_cache_set(0);
		i = 0;
		for (lc_time t = from; t < to; t += step, i++) {
			struct tm wall;
			time_t w = (time_t)t;
			lc_time plain;

			gmtime_r(&w, &wall);
			assert_int_equal(clock_from_local(&wall, zones[z], &plain), 0);
			if (back[i] != plain)
				fail_msg("%s wall %lld: %lld cached, %lld uncached", zones[z], (long long)t,
				         (long long)back[i], (long long)plain);
		}
	}
	free(back);
	clock_cache_set(1);
}

/* The process's TZ changed by someone else (as `report` does) between
 * conversions: conversions in a named zone still use that zone, from the
 * cache and from glibc. */
static void test_cache_tz_changed(void **state)
{
	(void)state;
	struct tm tm;
	lc_time t = utc("2026-07-01T08:00:00Z");

	clock_cache_set(1);
	assert_int_equal(clock_to_local(t, "Europe/Berlin", &tm), 0);
	assert_int_equal(tm.tm_hour, 10);
	setenv("TZ", "America/New_York", 1);
	tzset();
	/* The same day (remembered) and another day (asked of glibc). */
	assert_int_equal(clock_to_local(t, "Europe/Berlin", &tm), 0);
	assert_int_equal(tm.tm_hour, 10);
	assert_int_equal(clock_to_local(t + 5 * 86400, "Europe/Berlin", &tm), 0);
	assert_int_equal(tm.tm_hour, 10);
	assert_string_equal(tm.tm_zone, "CEST");
	/* And with nothing remembered. */
	clock_cache_set(0);
	setenv("TZ", "Asia/Kathmandu", 1);
	tzset();
	assert_int_equal(clock_to_local(t, "Europe/Berlin", &tm), 0);
	assert_int_equal(tm.tm_hour, 10);
	clock_cache_set(1);
}

/* A "right/" zone counts leap seconds: its 23:59:60 must come from glibc,
 * never from a remembered offset (which would say 00:00:00). */
static void test_cache_leap_second(void **state)
{
	(void)state;
	const char *tz = "right/UTC";
	lc_time base = utc("2017-01-01T00:00:00Z"), leap = 0;
	struct tm want, got;

	if (!clock_tz_valid(tz))
		skip();
	for (lc_time t = base; t < base + 100 && !leap; t++) {
		glibc_local(t, tz, &want);
		if (want.tm_sec == 60)
			leap = t;
	}
	assert_true(leap != 0);
	for (int pass = 0; pass < 2; pass++)
		for (lc_time t = leap - 90000; t <= leap + 90000;
		     t += (t > leap - 5 && t < leap + 5) ? 1 : 997) {
			glibc_local(t, tz, &want);
			assert_int_equal(clock_to_local(t, tz, &got), 0);
			assert_same_tm(&got, &want, tz, t, "right/UTC");
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_iso_table),
		cmocka_unit_test(test_parse_iso_null),
		cmocka_unit_test(test_tz_switching),
		cmocka_unit_test(test_format_utc),
		cmocka_unit_test(test_format_local),
		cmocka_unit_test(test_format_offset),
		cmocka_unit_test(test_duration_parse),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_tz_valid),
		cmocka_unit_test(test_to_local),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_from_local_round_trip),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_cache_to_local_transitions),
		cmocka_unit_test(test_cache_from_local_transitions),
		cmocka_unit_test(test_cache_sweep),
		cmocka_unit_test(test_cache_tz_changed),
		cmocka_unit_test(test_cache_leap_second),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
