/* Unit tests of the report helpers (report.c): calendar, ISO weeks, the
 * period P, nearest-rank percentiles, the prorated commitment, money and
 * bars, the judgement of a cohort member.  Table-driven. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/lead.h"
#include "leadctl/report.h"

/* Days round-trip and known anchors. */
static void test_civil(void **state)
{
	static const struct {
		struct report_date d;
		int64_t days;
		int weekday;
	} cases[] = {
		{ { 1970, 1, 1 }, 0, 4 },       { { 2000, 2, 29 }, 11016, 2 }, { { 2026, 11, 9 }, 20766, 1 },
		{ { 2026, 11, 15 }, 20772, 7 }, { { 1969, 12, 31 }, -1, 3 },   { { 2024, 12, 31 }, 20088, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct report_date back = report_civil_from_days(cases[i].days);
		assert_int_equal(report_days_from_civil(cases[i].d), cases[i].days);
		assert_int_equal(report_date_cmp(back, cases[i].d), 0);
		assert_int_equal(report_weekday(cases[i].d), cases[i].weekday);
	}
	assert_int_equal(report_days_in_month(2024, 2), 29);
	assert_int_equal(report_days_in_month(1900, 2), 28);
	assert_int_equal(report_days_in_month(2000, 2), 29);
	assert_int_equal(report_days_in_month(2026, 13), 0);
}

/* ISO weeks at the year boundaries. */
static void test_iso_week(void **state)
{
	static const struct {
		struct report_date d;
		int y, w;
	} cases[] = {
		{ { 2026, 11, 9 }, 2026, 46 }, { { 2026, 11, 15 }, 2026, 46 }, { { 2026, 11, 16 }, 2026, 47 },
		{ { 2027, 1, 1 }, 2026, 53 },  { { 2027, 1, 4 }, 2027, 1 },    { { 2024, 12, 30 }, 2025, 1 },
		{ { 2021, 1, 3 }, 2020, 53 },  { { 2026, 1, 1 }, 2026, 1 },    { { 2025, 12, 28 }, 2025, 52 },
	};
	size_t i;
	int y, w;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		report_iso_week(cases[i].d, &y, &w);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(w, cases[i].w);
	}
	assert_int_equal(report_iso_weeks_in_year(2026), 53);
	assert_int_equal(report_iso_weeks_in_year(2020), 53);
	assert_int_equal(report_iso_weeks_in_year(2025), 52);
	{
		struct report_date m = report_iso_week_monday(2026, 46);
		assert_int_equal(m.y, 2026);
		assert_int_equal(m.m, 11);
		assert_int_equal(m.d, 9);
		m = report_iso_week_monday(2025, 1);
		assert_int_equal(m.y, 2024);
		assert_int_equal(m.m, 12);
		assert_int_equal(m.d, 30);
	}
}

/* The strict parsers. */
static void test_parse(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} weeks[] = {
		{ "2026-W46", 1 }, { "2026-W53", 1 },  { "2026-W01", 1 }, { "2025-W53", 0 },
		{ "2026-W54", 0 }, { "2026-W00", 0 },  { "2026-w46", 0 }, { "2026W46", 0 },
		{ "2026-W4", 0 },  { "2026-W460", 0 }, { "", 0 },         { "1899-W10", 0 },
	};
	static const struct {
		const char *s;
		int ok;
	} dates[] = {
		{ "2026-11-09", 1 }, { "2024-02-29", 1 },       { "2026-02-29", 0 },  { "2026-13-01", 0 },
		{ "2026-11-9", 0 },  { "2026-11-09T00:00", 0 }, { " 2026-11-09", 0 }, { "2026-00-10", 0 },
	};
	struct report_date d;
	size_t i;
	int y, w, m;

	(void)state;
	for (i = 0; i < sizeof weeks / sizeof weeks[0]; i++)
		assert_int_equal(report_week_parse(weeks[i].s, &y, &w) == 0, weeks[i].ok);
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++)
		assert_int_equal(report_date_parse(dates[i].s, &d) == 0, dates[i].ok);
	assert_int_equal(report_month_parse("2026-11", &y, &m), 0);
	assert_int_equal(y * 100 + m, 202611);
	assert_int_equal(report_month_parse("2026-13", &y, &m), -1);
	assert_int_equal(report_month_parse("2026-1", &y, &m), -1);
	assert_int_equal(report_week_parse(NULL, &y, &w), -1);
}

/* Keys back to date ranges. */
static void test_key_range(void **state)
{
	struct report_date a, b;
	char sa[11], sb[11];

	(void)state;
	assert_int_equal(report_key_range("2026-W53", &a, &b), 0);
	report_date_format(a, sa, sizeof sa);
	report_date_format(b, sb, sizeof sb);
	assert_string_equal(sa, "2026-12-28");
	assert_string_equal(sb, "2027-01-04");
	assert_int_equal(report_key_range("2026-12", &a, &b), 0);
	report_date_format(b, sb, sizeof sb);
	assert_string_equal(sb, "2027-01-01");
	assert_int_equal(report_key_range("webinar", &a, &b), -1);
}

/* Resolve a period and check its dates and instants. */
static void check_period(const char *since, const char *until, const char *week, const char *month,
                         const char *now, const char *tz, const char *want_since, const char *want_until,
                         const char *want_from, const char *want_to)
{
	struct report_period p;
	char err[256], s[11], u[11], f[32], t[32];
	lc_time n;

	assert_int_equal(clock_parse_iso(now, NULL, &n), 0);
	assert_int_equal(report_period_resolve(since, until, week, month, n, tz, &p, err, sizeof err), 0);
	report_date_format(p.since, s, sizeof s);
	report_date_format(p.until, u, sizeof u);
	clock_format_utc(p.from, f, sizeof f);
	clock_format_utc(p.to, t, sizeof t);
	assert_string_equal(s, want_since);
	assert_string_equal(u, want_until);
	assert_string_equal(f, want_from);
	assert_string_equal(t, want_to);
}

static void test_period(void **state)
{
	struct report_period p;
	char err[256];

	(void)state;
	/* The default: the last complete ISO week before now, in the zone. */
	check_period(NULL, NULL, NULL, NULL, "2026-11-21T09:30:00Z", "Europe/Madrid", "2026-11-09",
	             "2026-11-16", "2026-11-08T23:00:00Z", "2026-11-15T23:00:00Z");
	check_period(NULL, NULL, NULL, NULL, "2026-11-15T23:30:00Z", "Europe/Madrid", "2026-11-09",
	             "2026-11-16", "2026-11-08T23:00:00Z", "2026-11-15T23:00:00Z");
	check_period(NULL, NULL, NULL, NULL, "2026-11-15T23:30:00Z", "UTC", "2026-11-02", "2026-11-09",
	             "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z");
	/* A week across the end of summer time: 7 days and 1 hour. */
	check_period(NULL, NULL, "2026-W43", NULL, "2026-11-21T09:30:00Z", "Europe/Madrid", "2026-10-19",
	             "2026-10-26", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z");
	check_period(NULL, NULL, NULL, "2026-12", "2026-11-21T09:30:00Z", "America/New_York", "2026-12-01",
	             "2027-01-01", "2026-12-01T05:00:00Z", "2027-01-01T05:00:00Z");
	check_period("2026-11-01", "2026-11-03", NULL, NULL, "2026-11-21T09:30:00Z", NULL, "2026-11-01",
	             "2026-11-03", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z");
	/* --since alone: up to the end of today, local. */
	check_period("2026-11-20", NULL, NULL, NULL, "2026-11-21T23:30:00Z", "Europe/Madrid", "2026-11-20",
	             "2026-11-23", "2026-11-19T23:00:00Z", "2026-11-22T23:00:00Z");
	/* Refusals. */
	assert_int_equal(report_period_resolve(NULL, "2026-11-01", NULL, NULL, 0, NULL, &p, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "--until needs --since"));
	assert_int_equal(
	        report_period_resolve("2026-11-02", "2026-11-01", NULL, NULL, 0, NULL, &p, err, sizeof err),
	        -1);
	assert_int_equal(
	        report_period_resolve(NULL, NULL, "2026-W46", "2026-11", 0, NULL, &p, err, sizeof err), -1);
	assert_int_equal(report_period_resolve(NULL, NULL, "2026-W99", NULL, 0, NULL, &p, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "bad --week '2026-W99'"));
	assert_int_equal(report_period_resolve(NULL, NULL, NULL, "11/2026", 0, NULL, &p, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "bad --month"));
}

/* Nearest rank: rank ceil(p*n/100). */
static void test_percentile(void **state)
{
	static const int64_t v17[] = { 120,  180,  240,   300,   600,   1200,  1800,  1800, 3600,
		                       3600, 3600, 10800, 14400, 32401, 34200, 90000, 97200 };
	static const int64_t v4[] = { 10, 20, 30, 40 };
	static const int64_t v1[] = { 7 };

	(void)state;
	assert_int_equal(report_percentile(v17, 17, 50), 3600);  /* rank 9 */
	assert_int_equal(report_percentile(v17, 17, 90), 90000); /* rank 16 */
	assert_int_equal(report_percentile(v17, 17, 100), 97200);
	assert_int_equal(report_percentile(v4, 4, 50), 20); /* the lower middle */
	assert_int_equal(report_percentile(v4, 4, 90), 40); /* rank ceil(3.6) = 4 */
	assert_int_equal(report_percentile(v4, 4, 25), 10); /* rank 1 */
	assert_int_equal(report_percentile(v4, 4, 26), 20); /* rank ceil(1.04) = 2 */
	assert_int_equal(report_percentile(v1, 1, 50), 7);
	assert_int_equal(report_percentile(v1, 1, 90), 7);
}

/* The commitment of each day is that of the version in force at its end. */
static void test_commitment(void **state)
{
	struct report_commitment v[2];
	struct report_date a = { 2026, 11, 9 }, b = { 2026, 11, 16 }, oct1 = { 2026, 10, 1 },
	                   dec1 = { 2026, 12, 1 };
	struct report_date sep1 = { 2026, 9, 1 };
	int have;

	(void)state;
	assert_int_equal(clock_parse_iso("2026-10-01T00:00:00Z", NULL, &v[0].installed_at), 0);
	v[0].has = 1;
	v[0].per_month = 60;
	assert_int_equal(clock_parse_iso("2026-11-12T08:00:00Z", NULL, &v[1].installed_at), 0);
	v[1].has = 1;
	v[1].per_month = 90;
	/* 9..11 Nov: 3 x 2; 12..15 Nov: 4 x 3. */
	assert_true(report_commitment_between(v, 2, a, b, "Europe/Madrid", &have) == 18.0);
	assert_int_equal(have, 1);
	/* October: 60; November: 11 x 2 + 19 x 3 = 79. */
	assert_true(fabs(report_commitment_between(v, 2, oct1, dec1, "Europe/Madrid", &have) - 139.0) < 1e-9);
	/* September: no version yet. */
	assert_true(report_commitment_between(v, 2, sep1, oct1, "Europe/Madrid", &have) == 0);
	assert_int_equal(have, 0);
	/* A version without a commitment counts as none. */
	v[1].has = 0;
	assert_true(report_commitment_between(v, 2, a, b, "Europe/Madrid", &have) == 6.0);
	assert_int_equal(have, 1);
}

/* Money: half away from zero, 2 places. */
static void test_money(void **state)
{
	static const struct {
		double cents;
		const char *want;
	} cases[] = {
		{ 0, "0.00" },         { 5, "0.05" },         { -5, "-0.05" },       { 123456.5, "1234.57" },
		{ 8095.238, "80.95" }, { 170000, "1700.00" }, { -10000, "-100.00" }, { 46666.666, "466.67" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		report_format_money(cases[i].cents, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

/* One rounding rule for ratios and money: exact ties, and quotients whose
 * exact decimal is a tie, round half away from zero at every precision. */
static void test_fixed(void **state)
{
	static const struct {
		double v;
		int places;
		const char *want;
	} cases[] = {
		{ 21.0 / 32, 4, "0.6563" },
		{ 1.25 / 2, 2, "0.63" },
		{ -1.25 / 2, 2, "-0.63" },
		{ 3.0 / 20000, 4, "0.0002" },
		{ 1.0 / 3, 4, "0.3333" },
		{ 2.0 / 3, 4, "0.6667" },
		{ 0.00004, 4, "0.0000" },
		{ -0.00004, 4, "0.0000" },
		{ 1, 4, "1.0000" },
		{ 3850.0 / 16, 2, "240.63" },
		{ 0.0055 * 100, 1, "0.6" },
		{ 65.625, 1, "65.6" },
		{ 2.5, 0, "3" },
		{ -2.5, 0, "-3" },
		{ 1234.565, 2, "1234.57" },
		{ 0.125, 2, "0.13" },
		{ 0.375, 2, "0.38" },
		{ 7.0 / 16, 3, "0.438" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		report_format_fixed(cases[i].v, cases[i].places, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

/* The week and month keys of a day and the start of the next period: ISO
 * weeks across the turn of a year, 53-week years, months of every length. */
static void test_period_key(void **state)
{
	static const struct {
		struct report_date d;
		int month;
		const char *key;
		struct report_date next;
	} cases[] = {
		{ { 2026, 11, 9 }, 0, "2026-W46", { 2026, 11, 16 } },
		{ { 2026, 11, 15 }, 0, "2026-W46", { 2026, 11, 16 } },
		{ { 2026, 12, 31 }, 0, "2026-W53", { 2027, 1, 4 } },
		{ { 2027, 1, 3 }, 0, "2026-W53", { 2027, 1, 4 } },
		{ { 2024, 12, 30 }, 0, "2025-W01", { 2025, 1, 6 } },
		{ { 2026, 2, 16 }, 1, "2026-02", { 2026, 3, 1 } },
		{ { 2024, 2, 29 }, 1, "2024-02", { 2024, 3, 1 } },
		{ { 2026, 12, 5 }, 1, "2026-12", { 2027, 1, 1 } },
	};
	struct report_date next;
	char buf[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		report_period_key(cases[i].d, cases[i].month, buf, sizeof buf, &next);
		assert_string_equal(buf, cases[i].key);
		assert_int_equal(report_date_cmp(next, cases[i].next), 0);
	}
}

/* Bars: whole cells and eighths. */
static void test_bar(void **state)
{
	char buf[128];

	(void)state;
	report_bar(1, 4, buf, sizeof buf);
	assert_string_equal(buf, "████");
	report_bar(0.5, 4, buf, sizeof buf);
	assert_string_equal(buf, "██");
	report_bar(0.5625, 4, buf, sizeof buf); /* 18 eighths */
	assert_string_equal(buf, "██▎");
	report_bar(0, 4, buf, sizeof buf);
	assert_string_equal(buf, "");
	report_bar(0.001, 4, buf, sizeof buf);
	assert_string_equal(buf, "▏");
	report_bar(7, 2, buf, sizeof buf);
	assert_string_equal(buf, "██");
	report_bar(1, 10, buf, 8); /* too small a buffer: truncated, terminated */
	assert_true(strlen(buf) < 8);
}

/* A cohort member judged at now = 1000 (docs/reports.md, "Response",
 * "Leak"): MQL entry at 100 unless said. */
static void test_judge_member(void **state)
{
	/* facts: touch (has, at), obligation (has, due, started), sql (has, at),
	 * current, activity, next due (has, at), stale (has, s) */
	static const struct {
		struct report_member_facts f;
		int touch, has_response;
		int64_t response_s;
		int entered_sql, state, leaked;
	} cases[] = {
		/* nothing yet: never touched, open on track */
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_MQL, 100, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* touched at 500, due 600: in time, 400 s */
		{ { 100, 1, 500, 1, 600, 100, 0, 0, STAGE_MQL, 500, 0, 0, 0, 0 },
		  RT_IN_TIME,
		  1,
		  400,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* touched at the deadline: in time */
		{ { 100, 1, 600, 1, 600, 100, 0, 0, STAGE_MQL, 600, 0, 0, 0, 0 },
		  RT_IN_TIME,
		  1,
		  500,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* a second after it: late */
		{ { 100, 1, 601, 1, 600, 100, 0, 0, STAGE_MQL, 601, 0, 0, 0, 0 },
		  RT_LATE,
		  1,
		  501,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* touched after now: never, no response time */
		{ { 100, 1, 1001, 1, 600, 100, 0, 0, STAGE_MQL, 100, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* touched before the obligation started (an SLA installed later) */
		{ { 100, 1, 150, 1, 900, 200, 0, 0, STAGE_MQL, 150, 0, 0, 0, 0 },
		  RT_NO_DEADLINE,
		  1,
		  50,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* touched, no obligation */
		{ { 100, 1, 300, 0, 0, 0, 0, 0, STAGE_MQL, 300, 0, 0, 0, 0 },
		  RT_NO_DEADLINE,
		  1,
		  200,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* in sql with a deadline before now, entered sql: overdue, not leaked */
		{ { 100, 0, 0, 0, 0, 0, 1, 900, STAGE_SQL, 900, 1, 999, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  1,
		  RS_OPEN_OVERDUE,
		  0 },
		/* overdue in mql, no sql: leaked */
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_MQL, 100, 1, 999, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_OPEN_OVERDUE,
		  1 },
		/* due at now is not overdue; stale 100 s from 899: stalled */
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_MQL, 899, 1, 1000, 1, 100 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_OPEN_STALLED,
		  0 },
		/* stale ends at now: on track */
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_MQL, 900, 0, 0, 1, 100 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_OPEN_ON_TRACK,
		  0 },
		/* sql entered after now does not count: recycled and leaked */
		{ { 100, 0, 0, 0, 0, 0, 1, 1200, STAGE_NURTURE, 100, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_RECYCLED,
		  1 },
		{ { 100, 0, 0, 0, 0, 0, 1, 500, STAGE_WON, 800, 0, 0, 0, 0 }, RT_NEVER, 0, 0, 1, RS_WON, 0 },
		{ { 100, 0, 0, 0, 0, 0, 1, 500, STAGE_LOST, 800, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  1,
		  RS_LOST,
		  0 },
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_DISQUALIFIED, 800, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  0,
		  RS_DISQUALIFIED,
		  1 },
		{ { 100, 0, 0, 0, 0, 0, 1, 500, STAGE_DISQUALIFIED, 800, 0, 0, 0, 0 },
		  RT_NEVER,
		  0,
		  0,
		  1,
		  RS_DISQUALIFIED,
		  0 },
		/* back in new, or not read: other */
		{ { 100, 0, 0, 0, 0, 0, 0, 0, STAGE_NEW, 800, 1, 10, 0, 0 }, RT_NEVER, 0, 0, 0, RS_OTHER, 0 },
		{ { 100, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0 }, RT_NEVER, 0, 0, 0, RS_OTHER, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct report_cohort c;
		memset(&c, 0, sizeof c);
		report_judge_member(&cases[i].f, 1000, &c);
		if (c.touch != cases[i].touch || c.has_response != cases[i].has_response ||
		    c.response_s != cases[i].response_s || c.entered_sql != cases[i].entered_sql ||
		    c.state != cases[i].state || c.leaked != cases[i].leaked ||
		    c.current != cases[i].f.current || c.mql_at != cases[i].f.mql_at)
			fail_msg("case %zu: touch %d has_response %d response %lld sql %d state %d leaked %d",
			         i, c.touch, c.has_response, (long long)c.response_s, c.entered_sql, c.state,
			         c.leaked);
	}
}

/* One spend run to a line "week month cents". */
static int spend_line(void *arg, const char *week, const char *month, double cents)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%s %s %.4f;", week, month, cents);
	return 0;
}

/* Spend spread over its days: runs split at weeks and months, cut to P. */
static void test_spend_split(void **state)
{
	static const struct {
		const char *start, *end;
		int64_t cents;
		const char *since, *until, *want;
	} cases[] = {
		/* 10 days, 100.00: 10.00 a day; Thu 29 Oct .. Sat 7 Nov 2026 */
		{ "2026-10-29", "2026-11-07", 10000, "2026-01-01", "2027-01-01",
		  "2026-W44 2026-10 3000.0000;2026-W44 2026-11 1000.0000;2026-W45 2026-11 6000.0000;" },
		/* Mon 26 Oct .. Sun 1 Nov: one week, two months */
		{ "2026-10-26", "2026-11-01", 700, "2026-01-01", "2027-01-01",
		  "2026-W44 2026-10 600.0000;2026-W44 2026-11 100.0000;" },
		/* P cuts both ends: [2 Nov, 4 Nov) of a 30-day row */
		{ "2026-10-15", "2026-11-13", 3000, "2026-11-02", "2026-11-04",
		  "2026-W45 2026-11 200.0000;" },
		/* one day; P after it; P before it */
		{ "2026-11-09", "2026-11-09", 123, "2026-11-09", "2026-11-10", "2026-W46 2026-11 123.0000;" },
		{ "2026-11-09", "2026-11-09", 123, "2026-11-10", "2026-11-20", "" },
		{ "2026-11-09", "2026-11-09", 123, "2026-11-01", "2026-11-09", "" },
		/* a third a day, across the new year (ISO week 2026-W53) */
		{ "2026-12-31", "2027-01-02", 1, "2026-01-01", "2028-01-01",
		  "2026-W53 2026-12 0.3333;2026-W53 2027-01 0.6667;" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct report_date a, b, since, until;
		char out[512] = "";
		assert_int_equal(report_date_parse(cases[i].start, &a), 0);
		assert_int_equal(report_date_parse(cases[i].end, &b), 0);
		assert_int_equal(report_date_parse(cases[i].since, &since), 0);
		assert_int_equal(report_date_parse(cases[i].until, &until), 0);
		assert_int_equal(report_spend_split(a, b, cases[i].cents, since, until, spend_line, out), 0);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, out, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),       cmocka_unit_test(test_iso_week),
		cmocka_unit_test(test_parse),       cmocka_unit_test(test_key_range),
		cmocka_unit_test(test_period),      cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_commitment),  cmocka_unit_test(test_money),
		cmocka_unit_test(test_fixed),       cmocka_unit_test(test_period_key),
		cmocka_unit_test(test_bar),         cmocka_unit_test(test_judge_member),
		cmocka_unit_test(test_spend_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
