/* Unit tests for bizhours: a golden table of deadlines, each worked out by
 * hand in its comment, then biz_between and biz_is_open edges.
 *
 * Instants are written as UTC ("...Z") and read with a local helper built
 * on timegm, so these tests do not depend on clock_parse_iso.  Offsets in
 * 2026: Madrid CET +01:00 until Sun 29 Mar 01:00Z, CEST +02:00 until Sun
 * 25 Oct 01:00Z; New York EST -05:00 until Sun 8 Mar 07:00Z, EDT -04:00
 * until Sun 1 Nov 06:00Z. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "leadctl/bizhours.h"

#define MIN 60
#define HOUR 3600
#define DAY 86400
#define WEEK 604800

/* The calendars the table refers to. */
enum cal_id {
	MAD,    /* Europe/Madrid Mon-Fri 09:00-18:00 */
	MADH,   /* MAD with holidays 2026-05-01 (Fri), 12-08 (Tue), 12-24 (Thu), 12-25 (Fri) */
	MAD24,  /* Europe/Madrid every day 00:00-24:00 */
	MADN,   /* Europe/Madrid every day 02:30-05:00 (inside the DST change hours) */
	MADVAR, /* Europe/Madrid Mon-Thu 08:00-17:30, Fri 08:00-14:00, Sat 10:00-13:00 */
	NY,     /* America/New_York Mon-Fri 09:00-17:00 */
	NY24,   /* America/New_York every day 00:00-24:00 */
	UTC,    /* biz_init default: "" (UTC) Mon-Fri 09:00-17:00 */
	NONE,   /* Europe/Madrid, no open hours at all */
	NCALS
};

static struct lc_bizcal cals[NCALS];

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

static void set_hours(struct lc_bizcal *c, int wday, int oh, int om, int ch, int cm)
{
	c->open_min[wday] = oh * 60 + om;
	c->close_min[wday] = ch * 60 + cm;
}

static void set_week(struct lc_bizcal *c, int from, int to, int oh, int om, int ch, int cm)
{
	for (int w = from; w <= to; w++)
		set_hours(c, w, oh, om, ch, cm);
}

static int setup_cals(void **state)
{
	(void)state;
	for (int i = 0; i < NCALS; i++)
		biz_init(&cals[i]);

	strcpy(cals[MAD].tz, "Europe/Madrid");
	set_week(&cals[MAD], 1, 5, 9, 0, 18, 0);

	strcpy(cals[MADH].tz, "Europe/Madrid");
	set_week(&cals[MADH], 1, 5, 9, 0, 18, 0);
	/* Added out of order on purpose: biz_add_holiday keeps them sorted. */
	if (biz_add_holiday(&cals[MADH], 20261225) || biz_add_holiday(&cals[MADH], 20260501) ||
	    biz_add_holiday(&cals[MADH], 20261224) || biz_add_holiday(&cals[MADH], 20261208))
		return -1;

	strcpy(cals[MAD24].tz, "Europe/Madrid");
	set_week(&cals[MAD24], 0, 6, 0, 0, 24, 0);

	strcpy(cals[MADN].tz, "Europe/Madrid");
	set_week(&cals[MADN], 0, 6, 2, 30, 5, 0);

	strcpy(cals[MADVAR].tz, "Europe/Madrid");
	set_week(&cals[MADVAR], 1, 4, 8, 0, 17, 30);
	set_hours(&cals[MADVAR], 5, 8, 0, 14, 0);
	set_hours(&cals[MADVAR], 6, 10, 0, 13, 0);
	set_hours(&cals[MADVAR], 0, 0, 0, 0, 0);

	strcpy(cals[NY].tz, "America/New_York");

	strcpy(cals[NY24].tz, "America/New_York");
	set_week(&cals[NY24], 0, 6, 0, 0, 24, 0);

	/* UTC keeps biz_init's defaults. */

	strcpy(cals[NONE].tz, "Europe/Madrid");
	set_week(&cals[NONE], 0, 6, 0, 0, 0, 0);

	for (int i = 0; i < NCALS; i++)
		if (biz_validate(&cals[i], NULL) != 0)
			return -1;
	return 0;
}

static int teardown_cals(void **state)
{
	(void)state;
	for (int i = 0; i < NCALS; i++)
		biz_clear(&cals[i]);
	return 0;
}

/* One deadline: biz_add(cal, start, seconds, business) == expect, or -1
 * when expect is NULL. */
struct add_case {
	const char *name;
	enum cal_id cal;
	const char *start;
	int64_t seconds;
	int business;
	const char *expect;
};

static const struct add_case add_cases[] = {
	/* --- calendar time: exact elapsed seconds --- */
	/* Fri 19:00 CET = 18:00Z; calendar +4h ignores hours → 22:00Z. */
	{ "calendar 4h after closing", MAD, "2026-01-16T18:00:00Z", 4 * HOUR, 0, "2026-01-16T22:00:00Z" },
	/* Demo request: Fri 19:00 CET = 18:00Z; +5m calendar → 18:05Z. */
	{ "calendar 5m demo request", MAD, "2026-01-16T18:00:00Z", 5 * MIN, 0, "2026-01-16T18:05:00Z" },
	/* 30s calendar from 17:59:45 CET (16:59:45Z) → 17:00:15Z, past closing. */
	{ "calendar 30s", MAD, "2026-01-19T16:59:45Z", 30, 0, "2026-01-19T17:00:15Z" },
	/* Sat 28 Mar 12:00 CET = 11:00Z; +1d = 86400 s → 29 Mar 11:00Z, which
	 * is 13:00 CEST: exact seconds, not "same wall time tomorrow". */
	{ "calendar 1d across Madrid spring forward", MAD, "2026-03-28T11:00:00Z", DAY, 0,
	  "2026-03-29T11:00:00Z" },
	/* Sat 24 Oct 12:00 CEST = 10:00Z; +1d → 25 Oct 10:00Z = 11:00 CET. */
	{ "calendar 1d across Madrid fall back", MAD, "2026-10-24T10:00:00Z", DAY, 0,
	  "2026-10-25T10:00:00Z" },
	/* Sat 7 Mar 12:00 EST = 17:00Z; +1d → 8 Mar 17:00Z = 13:00 EDT. */
	{ "calendar 1d across New York spring forward", NY, "2026-03-07T17:00:00Z", DAY, 0,
	  "2026-03-08T17:00:00Z" },
	/* Mon 2 Feb 09:00 CET = 08:00Z; +1w = 604800 s → Mon 9 Feb 08:00Z. */
	{ "calendar 1w", MAD, "2026-02-02T08:00:00Z", WEEK, 0, "2026-02-09T08:00:00Z" },
	/* Zero calendar duration is the start itself, even outside hours. */
	{ "calendar zero", MAD, "2026-01-17T11:00:00Z", 0, 0, "2026-01-17T11:00:00Z" },

	/* --- business time, Madrid Mon-Fri 09:00-18:00 --- */
	/* Fri 16 Jan 19:00 CET closed → opens Mon 19 Jan 09:00 CET(+01:00) =
	 * 08:00Z; +4h → 12:00Z (13:00 local).  The product brief's example. */
	{ "business 4h from Friday evening", MAD, "2026-01-16T18:00:00Z", 4 * HOUR, 1,
	  "2026-01-19T12:00:00Z" },
	/* Sat 17 Jan 12:00 CET weekend → Mon 09:00 CET = 08:00Z; +30m → 08:30Z. */
	{ "business 30m from Saturday", MAD, "2026-01-17T11:00:00Z", 30 * MIN, 1, "2026-01-19T08:30:00Z" },
	/* Mon 07:00 CET (06:00Z) before opening → 09:00 CET = 08:00Z; +1h → 09:00Z. */
	{ "business 1h before opening", MAD, "2026-01-19T06:00:00Z", HOUR, 1, "2026-01-19T09:00:00Z" },
	/* Mon 19:30 CET (18:30Z) after closing → Tue 09:00 CET = 08:00Z; +1h → 09:00Z. */
	{ "business 1h after closing", MAD, "2026-01-19T18:30:00Z", HOUR, 1, "2026-01-20T09:00:00Z" },
	/* Mon 09:00 CET (08:00Z) exactly at opening; +9h is the whole day →
	 * ends exactly at closing 18:00 CET = 17:00Z, not Tuesday's opening. */
	{ "business 9h from exactly opening", MAD, "2026-01-19T08:00:00Z", 9 * HOUR, 1,
	  "2026-01-19T17:00:00Z" },
	/* Mon 18:00 CET (17:00Z) exactly at closing is closed → Tue 09:00 CET
	 * = 08:00Z; +1m → 08:01Z. */
	{ "business 1m from exactly closing", MAD, "2026-01-19T17:00:00Z", MIN, 1, "2026-01-20T08:01:00Z" },
	/* Mon 11:00 CET (10:00Z), open: zero business time is the start. */
	{ "business zero inside hours", MAD, "2026-01-19T10:00:00Z", 0, 1, "2026-01-19T10:00:00Z" },
	/* Fri 19:00 CET closed: counting begins at Mon 09:00 CET = 08:00Z,
	 * and zero seconds after that is the opening itself. */
	{ "business zero outside hours", MAD, "2026-01-16T18:00:00Z", 0, 1, "2026-01-19T08:00:00Z" },
	/* Mon 17:59:45 CET (16:59:45Z): 15 s left today; 15 s more from Tue
	 * 09:00 CET = 08:00Z → 08:00:15Z. */
	{ "business 30s across closing", MAD, "2026-01-19T16:59:45Z", 30, 1, "2026-01-20T08:00:15Z" },
	/* Fri 17:58 CET (16:58Z): 2m left Friday; 3m from Mon 08:00Z → 08:03Z. */
	{ "business 5m across weekend", MAD, "2026-01-16T16:58:00Z", 5 * MIN, 1, "2026-01-19T08:03:00Z" },
	/* MQL within 24 business hours: Mon 11:00 CET (10:00Z): Mon 7h
	 * (11-18), Tue 9h (16h so far), Wed 8h from 09:00 → 17:00 CET = 16:00Z. */
	{ "business 24h MQL", MAD, "2026-01-19T10:00:00Z", 24 * HOUR, 1, "2026-01-21T16:00:00Z" },
	/* 6 attempts over 10 business days = 10 x 9h = 90h: Mon 2 Feb 09:00
	 * CET (08:00Z) + 10 whole days (2-6, 9-13 Feb) → Fri 13 Feb closing
	 * 18:00 CET = 17:00Z. */
	{ "business 10 days from opening", MAD, "2026-02-02T08:00:00Z", 90 * HOUR, 1,
	  "2026-02-13T17:00:00Z" },
	/* Wed 4 Feb 14:00 CET (13:00Z) + 90h: 4h Wed, then 9 whole days (5-6,
	 * 9-13, 16-17 Feb) = 85h, 5h on Wed 18 Feb from 09:00 → 14:00 CET = 13:00Z. */
	{ "business 10 days from mid-day", MAD, "2026-02-04T13:00:00Z", 90 * HOUR, 1,
	  "2026-02-18T13:00:00Z" },
	/* 1w = 168 business hours from Mon 2 Feb 09:00 CET: 18 whole days (2-6,
	 * 9-13, 16-20, 23-25 Feb) = 162h, then 6h on Thu 26 Feb from 09:00 →
	 * 15:00 CET = 14:00Z. */
	{ "business 1w", MAD, "2026-02-02T08:00:00Z", WEEK, 1, "2026-02-26T14:00:00Z" },

	/* --- Madrid DST --- */
	/* Fri 27 Mar 19:00 CET (18:00Z) closed; Mon 30 Mar opens 09:00 CEST
	 * (+02:00) = 07:00Z; +4h → 11:00Z (13:00 local). */
	{ "business 4h over Madrid spring forward", MAD, "2026-03-27T18:00:00Z", 4 * HOUR, 1,
	  "2026-03-30T11:00:00Z" },
	/* Fri 23 Oct 17:00 CEST (15:00Z): 1h to 18:00 CEST = 16:00Z; Mon 26
	 * Oct opens 09:00 CET (+01:00) = 08:00Z; 1h more → 09:00Z. */
	{ "business 2h over Madrid fall back", MAD, "2026-10-23T15:00:00Z", 2 * HOUR, 1,
	  "2026-10-26T09:00:00Z" },
	/* Open all day: Sun 29 Mar runs 00:00 CET (28 Mar 23:00Z) to 30 Mar
	 * 00:00 CEST (29 Mar 22:00Z) = 23h; the 24th hour is 30 Mar 00:00-01:00
	 * CEST → 29 Mar 23:00Z. */
	{ "business 24h on 23h Madrid day", MAD24, "2026-03-28T23:00:00Z", 24 * HOUR, 1,
	  "2026-03-29T23:00:00Z" },
	/* Sun 25 Oct runs 00:00 CEST (24 Oct 22:00Z) to 26 Oct 00:00 CET (25
	 * Oct 23:00Z) = 25h; 24h → 25 Oct 22:00Z (23:00 CET, same day). */
	{ "business 24h on 25h Madrid day", MAD24, "2026-10-24T22:00:00Z", 24 * HOUR, 1,
	  "2026-10-25T22:00:00Z" },
	/* 02:30-05:00 daily: on 29 Mar 02:30 does not exist → opens at the end
	 * of the gap, 03:00 CEST = 01:00Z; zero from 00:00Z → 01:00Z. */
	{ "business zero opening in Madrid DST gap", MADN, "2026-03-29T00:00:00Z", 0, 1,
	  "2026-03-29T01:00:00Z" },
	/* 29 Mar: 01:00Z to 05:00 CEST = 03:00Z is 2h; 1h more from 30 Mar
	 * 02:30 CEST = 00:30Z → 01:30Z. */
	{ "business 3h over Madrid gap day", MADN, "2026-03-29T00:00:00Z", 3 * HOUR, 1,
	  "2026-03-30T01:30:00Z" },
	/* 25 Oct: 02:30 is ambiguous → the earlier, 02:30 CEST = 00:30Z; close
	 * 05:00 CET = 04:00Z: 3h30m, so 3h30m from 00:00Z ends at the closing. */
	{ "business 3h30m over Madrid overlap day", MADN, "2026-10-25T00:00:00Z", 3 * HOUR + 30 * MIN, 1,
	  "2026-10-25T04:00:00Z" },

	/* --- New York DST --- */
	/* Fri 6 Mar 16:00 EST (21:00Z): 1h to 17:00 EST = 22:00Z; Mon 9 Mar
	 * opens 09:00 EDT (-04:00) = 13:00Z; 1h more → 14:00Z. */
	{ "business 2h over New York spring forward", NY, "2026-03-06T21:00:00Z", 2 * HOUR, 1,
	  "2026-03-09T14:00:00Z" },
	/* Fri 30 Oct 16:30 EDT (20:30Z): 30m to 17:00 EDT = 21:00Z; Mon 2 Nov
	 * opens 09:00 EST (-05:00) = 14:00Z; 30m more → 14:30Z. */
	{ "business 1h over New York fall back", NY, "2026-10-30T20:30:00Z", HOUR, 1,
	  "2026-11-02T14:30:00Z" },
	/* Open all day: Sun 8 Mar runs 00:00 EST (05:00Z) to 9 Mar 00:00 EDT
	 * (04:00Z) = 23h; the 24th hour ends 9 Mar 01:00 EDT = 05:00Z. */
	{ "business 24h on 23h New York day", NY24, "2026-03-08T05:00:00Z", 24 * HOUR, 1,
	  "2026-03-09T05:00:00Z" },
	/* Sun 1 Nov runs 00:00 EDT (04:00Z) to 2 Nov 00:00 EST (05:00Z) = 25h;
	 * 25h ends exactly at that midnight, the day's closing → 2 Nov 05:00Z. */
	{ "business 25h on 25h New York day", NY24, "2026-11-01T04:00:00Z", 25 * HOUR, 1,
	  "2026-11-02T05:00:00Z" },

	/* --- holidays --- */
	/* Thu 30 Apr 17:00 CEST (15:00Z): 1h to 16:00Z; Fri 1 May holiday,
	 * weekend; Mon 4 May 09:00 CEST = 07:00Z; 1h more → 08:00Z. */
	{ "business 2h over holiday Friday", MADH, "2026-04-30T15:00:00Z", 2 * HOUR, 1,
	  "2026-05-04T08:00:00Z" },
	/* Wed 23 Dec 17:00 CET (16:00Z): 1h to 17:00Z; Thu 24 and Fri 25
	 * holidays, weekend; Mon 28 Dec 09:00 CET = 08:00Z; 3h more → 11:00Z. */
	{ "business 4h over consecutive holidays", MADH, "2026-12-23T16:00:00Z", 4 * HOUR, 1,
	  "2026-12-28T11:00:00Z" },
	/* Tue 8 Dec 10:00 CET (09:00Z) is a holiday → Wed 9 Dec 09:00 CET =
	 * 08:00Z; +1h → 09:00Z. */
	{ "business 1h from a holiday", MADH, "2026-12-08T09:00:00Z", HOUR, 1, "2026-12-09T09:00:00Z" },
	/* Thu 30 Apr 19:00 CEST (17:00Z) closed; Fri 1 May holiday, weekend →
	 * Mon 4 May 09:00 CEST = 07:00Z; +4h → 11:00Z. */
	{ "business 4h from Thursday before holiday", MADH, "2026-04-30T17:00:00Z", 4 * HOUR, 1,
	  "2026-05-04T11:00:00Z" },

	/* --- different hours per weekday (Madrid, CET) --- */
	/* Thu 22 Jan 17:00 CET (16:00Z): 30m to 17:30; Fri 08:00 CET = 07:00Z
	 * + 3h30m → 10:30Z. */
	{ "varied hours Thursday to Friday", MADVAR, "2026-01-22T16:00:00Z", 4 * HOUR, 1,
	  "2026-01-23T10:30:00Z" },
	/* Fri 23 Jan 12:00 CET (11:00Z): 2h to 14:00; Sat 10:00 CET = 09:00Z
	 * + 2h → 11:00Z. */
	{ "varied hours Friday short day to Saturday", MADVAR, "2026-01-23T11:00:00Z", 4 * HOUR, 1,
	  "2026-01-24T11:00:00Z" },
	/* Sat 24 Jan 12:30 CET (11:30Z): 30m to 13:00; Sunday closed; Mon
	 * 08:00 CET = 07:00Z + 30m → 07:30Z. */
	{ "varied hours Saturday over closed Sunday", MADVAR, "2026-01-24T11:30:00Z", HOUR, 1,
	  "2026-01-26T07:30:00Z" },

	/* --- UTC calendar (biz_init defaults, Mon-Fri 09:00-17:00) --- */
	/* Fri 16 Jan 16:00Z: 1h to 17:00Z; Mon 09:00Z + 1h → 10:00Z. */
	{ "UTC business 2h over weekend", UTC, "2026-01-16T16:00:00Z", 2 * HOUR, 1, "2026-01-19T10:00:00Z" },
	/* Sun 29 Mar is nothing special in UTC: Fri 27 Mar 16:30Z: 30m Fri,
	 * Mon 30 Mar 09:00Z + 30m → 09:30Z. */
	{ "UTC business 1h ignores Madrid DST", UTC, "2026-03-27T16:30:00Z", HOUR, 1,
	  "2026-03-30T09:30:00Z" },

	/* --- no business time --- */
	/* No weekday has hours: there is no deadline. */
	{ "no open hours", NONE, "2026-01-19T10:00:00Z", HOUR, 1, NULL },
	{ "no open hours zero", NONE, "2026-01-19T10:00:00Z", 0, 1, NULL },
	/* A negative business duration is refused. */
	{ "negative business duration", MAD, "2026-01-19T10:00:00Z", -HOUR, 1, NULL },
};

static void test_add_case(void **state)
{
	const struct add_case *c = *state;
	const struct lc_bizcal *cal = &cals[c->cal];
	lc_time start = utc(c->start), got = 12345;
	char gbuf[32], ebuf[32];

	int rc = biz_add(cal, start, c->seconds, c->business, &got);
	if (c->expect == NULL) {
		assert_int_equal(rc, -1);
		assert_int_equal(got, 12345);
		return;
	}
	assert_int_equal(rc, 0);
	fmt(got, gbuf, sizeof gbuf);
	fmt(utc(c->expect), ebuf, sizeof ebuf);
	assert_string_equal(gbuf, ebuf);
	/* The same duration measured back from the start. */
	assert_int_equal(biz_between(cal, start, got, c->business), c->seconds);
}

/* One measurement: biz_between(cal, a, b, business) == expect. */
struct between_case {
	const char *name;
	enum cal_id cal;
	const char *a, *b;
	int business;
	int64_t expect;
};

static const struct between_case between_cases[] = {
	/* Fri 18:00 CET (17:00Z) closing → Mon 13:00 CET (12:00Z): nothing on
	 * Friday or the weekend, Mon 08:00Z-12:00Z = 4h. */
	{ "business over weekend", MAD, "2026-01-16T17:00:00Z", "2026-01-19T12:00:00Z", 1, 4 * HOUR },
	/* The same, backwards: negative. */
	{ "business over weekend reversed", MAD, "2026-01-19T12:00:00Z", "2026-01-16T17:00:00Z", 1,
	  -4 * HOUR },
	/* Calendar: 2d 19h of plain seconds, both signs. */
	{ "calendar", MAD, "2026-01-16T17:00:00Z", "2026-01-19T12:00:00Z", 0, 2 * DAY + 19 * HOUR },
	{ "calendar reversed", MAD, "2026-01-19T12:00:00Z", "2026-01-16T17:00:00Z", 0,
	  -(2 * DAY + 19 * HOUR) },
	/* Equal instants: zero either way. */
	{ "business same instant", MAD, "2026-01-19T12:00:00Z", "2026-01-19T12:00:00Z", 1, 0 },
	/* Both ends inside one closed stretch (Sat → Sun). */
	{ "business inside weekend", MAD, "2026-01-17T08:00:00Z", "2026-01-18T20:00:00Z", 1, 0 },
	/* Inside one day: Mon 10:15 CET → 16:45 CET = 6h30m. */
	{ "business within a day", MAD, "2026-01-19T09:15:00Z", "2026-01-19T15:45:00Z", 1,
	  6 * HOUR + 30 * MIN },
	/* Madrid 29 Mar local day (00:00 CET → 00:00 CEST) open all day = 23h. */
	{ "business Madrid 23h day", MAD24, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 1, 23 * HOUR },
	/* Madrid 25 Oct local day = 25h. */
	{ "business Madrid 25h day", MAD24, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 1, 25 * HOUR },
	/* New York 8 Mar = 23h, 1 Nov = 25h; reversed gives the negative. */
	{ "business New York 23h day", NY24, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 1, 23 * HOUR },
	{ "business New York 25h day reversed", NY24, "2026-11-02T05:00:00Z", "2026-11-01T04:00:00Z", 1,
	  -25 * HOUR },
	/* 02:30-05:00 on 29 Mar is 03:00-05:00 CEST = 2h real; on 25 Oct
	 * 02:30 CEST-05:00 CET = 3h30m. */
	{ "business Madrid gap day", MADN, "2026-03-29T00:00:00Z", "2026-03-29T12:00:00Z", 1, 2 * HOUR },
	{ "business Madrid overlap day", MADN, "2026-10-25T00:00:00Z", "2026-10-25T12:00:00Z", 1,
	  3 * HOUR + 30 * MIN },
	/* All of 2026 in Madrid: 261 weekdays x 9h (DST changes fall on
	 * Sundays, so every weekday is 9h) = 2349h. */
	{ "business year 2026", MAD, "2025-12-31T23:00:00Z", "2026-12-31T23:00:00Z", 1, 261 * 9 * HOUR },
	/* The same with the 4 weekday holidays: 257 x 9h = 2313h. */
	{ "business year 2026 with holidays", MADH, "2025-12-31T23:00:00Z", "2026-12-31T23:00:00Z", 1,
	  257 * 9 * HOUR },
	/* No open hours: nothing counts. */
	{ "business no open hours", NONE, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 1, 0 },
};

static void test_between_case(void **state)
{
	const struct between_case *c = *state;
	assert_int_equal(biz_between(&cals[c->cal], utc(c->a), utc(c->b), c->business), c->expect);
}

/* One probe: biz_is_open(cal, at) == expect. */
struct open_case {
	const char *name;
	enum cal_id cal;
	const char *at;
	int expect;
};

static const struct open_case open_cases[] = {
	/* Mon 19 Jan: opens 09:00 CET = 08:00Z, closes 18:00 CET = 17:00Z. */
	{ "one second before opening", MAD, "2026-01-19T07:59:59Z", 0 },
	{ "open at opening", MAD, "2026-01-19T08:00:00Z", 1 },
	{ "open one second before closing", MAD, "2026-01-19T16:59:59Z", 1 },
	{ "closed at closing", MAD, "2026-01-19T17:00:00Z", 0 },
	{ "closed on Saturday at noon", MAD, "2026-01-17T11:00:00Z", 0 },
	/* Mon 30 Mar opens 09:00 CEST = 07:00Z (would be 08:00Z in CET). */
	{ "open at CEST opening", MAD, "2026-03-30T07:00:00Z", 1 },
	{ "closed before CEST opening", MAD, "2026-03-30T06:59:59Z", 0 },
	/* Fri 1 May, noon CEST, is a holiday; Thu 30 Apr noon is not. */
	{ "closed on holiday", MADH, "2026-05-01T10:00:00Z", 0 },
	{ "open day before holiday", MADH, "2026-04-30T10:00:00Z", 1 },
	/* 29 Mar: 02:30 is in the gap, the day opens at 03:00 CEST = 01:00Z. */
	{ "closed before gap end", MADN, "2026-03-29T00:59:59Z", 0 },
	{ "open at gap end", MADN, "2026-03-29T01:00:00Z", 1 },
	/* 25 Oct: opens at the first 02:30 (CEST) = 00:30Z. */
	{ "open at first of ambiguous opening", MADN, "2026-10-25T00:30:00Z", 1 },
	{ "closed before ambiguous opening", MADN, "2026-10-25T00:29:59Z", 0 },
	/* Open all day: local midnight belongs to the day it starts. */
	{ "open at local midnight", MAD24, "2026-03-29T22:00:00Z", 1 },
	/* New York Mon 9 Mar: 09:00 EDT = 13:00Z, 17:00 EDT = 21:00Z. */
	{ "New York open at EDT opening", NY, "2026-03-09T13:00:00Z", 1 },
	{ "New York closed at EDT closing", NY, "2026-03-09T21:00:00Z", 0 },
	{ "UTC open at 09:00Z", UTC, "2026-01-19T09:00:00Z", 1 },
	{ "UTC closed at 17:00Z", UTC, "2026-01-19T17:00:00Z", 0 },
	{ "no open hours never open", NONE, "2026-01-19T10:00:00Z", 0 },
};

static void test_open_case(void **state)
{
	const struct open_case *c = *state;
	assert_int_equal(biz_is_open(&cals[c->cal], utc(c->at)), c->expect);
}

/* biz_add_holiday keeps the list sorted and unique and refuses non-dates. */
static void test_holidays(void **state)
{
	(void)state;
	struct lc_bizcal c;
	biz_init(&c);
	assert_int_equal(biz_add_holiday(&c, 20261225), 0);
	assert_int_equal(biz_add_holiday(&c, 20260101), 0);
	assert_int_equal(biz_add_holiday(&c, 20261225), 0);
	assert_int_equal(biz_add_holiday(&c, 20260615), 0);
	assert_int_equal(biz_add_holiday(&c, 20260230), -1);
	assert_int_equal(biz_add_holiday(&c, 20261301), -1);
	assert_int_equal(biz_add_holiday(&c, 0), -1);
	assert_int_equal(c.nholidays, 3);
	assert_int_equal(c.holidays[0], 20260101);
	assert_int_equal(c.holidays[1], 20260615);
	assert_int_equal(c.holidays[2], 20261225);
	assert_int_equal(biz_validate(&c, NULL), 0);
	biz_clear(&c);
	assert_int_equal(c.nholidays, 0);
	assert_null(c.holidays);
	biz_clear(&c);
}

/* biz_init's defaults and biz_validate's refusals. */
static void test_validate(void **state)
{
	(void)state;
	struct lc_bizcal c;
	const char *why = "unset";

	biz_init(&c);
	assert_string_equal(c.tz, "");
	assert_int_equal(c.open_min[1], 9 * 60);
	assert_int_equal(c.close_min[5], 17 * 60);
	assert_int_equal(c.open_min[0], c.close_min[0]);
	assert_int_equal(c.open_min[6], c.close_min[6]);
	assert_int_equal(biz_validate(&c, &why), 0);
	assert_null(why);

	strcpy(c.tz, "Mars/Base");
	assert_int_equal(biz_validate(&c, &why), -1);
	assert_non_null(why);
	strcpy(c.tz, "Europe/Madrid");
	assert_int_equal(biz_validate(&c, NULL), 0);

	c.close_min[2] = 8 * 60;
	assert_int_equal(biz_validate(&c, &why), -1);
	c.close_min[2] = 24 * 60 + 1;
	assert_int_equal(biz_validate(&c, &why), -1);
	c.close_min[2] = 24 * 60;
	assert_int_equal(biz_validate(&c, &why), 0);

	int32_t unsorted[] = { 20261225, 20260101 };
	c.holidays = unsorted;
	c.nholidays = 2;
	assert_int_equal(biz_validate(&c, &why), -1);
	c.holidays = NULL;
	c.nholidays = 0;
}

/* A calendar whose only open weekday is a holiday for longer than the
 * search cap gives -1 instead of looping: open Mondays 09-17 UTC, with
 * 580 consecutive Mondays from 5 Jan 2026 (4060 days > 3660) holidays. */
static void test_search_cap(void **state)
{
	(void)state;
	struct lc_bizcal c;
	lc_time out = 0;

	biz_init(&c);
	for (int w = 0; w < 7; w++)
		c.open_min[w] = c.close_min[w] = 0;
	c.open_min[1] = 9 * 60;
	c.close_min[1] = 17 * 60;
	/* Every Monday from 5 Jan 2026 for 580 weeks (> 3660 days). */
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	for (int i = 0; i < 580; i++) {
		tm.tm_year = 126;
		tm.tm_mon = 0;
		tm.tm_mday = 5 + 7 * i;
		time_t t = timegm(&tm);
		struct tm d;
		gmtime_r(&t, &d);
		assert_int_equal(
		        biz_add_holiday(&c, (d.tm_year + 1900) * 10000 + (d.tm_mon + 1) * 100 + d.tm_mday),
		        0);
	}
	assert_int_equal(biz_add(&c, utc("2026-01-01T00:00:00Z"), HOUR, 1, &out), -1);
	assert_int_equal(out, 0);
	/* Measuring is bounded by its ends: a year of holidays counts 0. */
	assert_int_equal(biz_between(&c, utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"), 1), 0);
	biz_clear(&c);
}

/* Overflowing calendar arithmetic is refused rather than wrapped. */
static void test_overflow(void **state)
{
	(void)state;
	lc_time out = 7;
	assert_int_equal(biz_add(&cals[UTC], INT64_MAX - 10, 11, 0, &out), -1);
	assert_int_equal(out, 7);
	assert_int_equal(biz_add(&cals[UTC], INT64_MAX - 10, 10, 0, &out), 0);
	assert_int_equal(out, INT64_MAX);
	assert_int_equal(biz_add(&cals[UTC], 100, -50, 0, &out), 0);
	assert_int_equal(out, 50);
	assert_int_equal(biz_between(&cals[UTC], INT64_MIN, INT64_MAX, 0), INT64_MAX);
	assert_int_equal(biz_between(&cals[UTC], INT64_MAX, INT64_MIN, 0), INT64_MIN);
}

/* Round trips on a dense grid: for every start (each 37 minutes over two
 * weeks around the Madrid spring change) and several durations, the
 * deadline is open-or-closing and measures back to the duration. */
static void test_round_trip_grid(void **state)
{
	(void)state;
	static const int64_t durs[] = { 0, 1, 30, 5 * MIN, HOUR, 4 * HOUR, 9 * HOUR, 24 * HOUR, 90 * HOUR };
	lc_time from = utc("2026-03-23T00:00:00Z"), to = utc("2026-04-06T00:00:00Z");
	for (lc_time s = from; s < to; s += 37 * MIN) {
		for (size_t i = 0; i < sizeof durs / sizeof durs[0]; i++) {
			lc_time d;
			assert_int_equal(biz_add(&cals[MAD], s, durs[i], 1, &d), 0);
			assert_true(d >= s);
			/* Inside hours, or exactly at a closing. */
			assert_true(biz_is_open(&cals[MAD], d) || biz_is_open(&cals[MAD], d - 1));
			assert_int_equal(biz_between(&cals[MAD], s, d, 1), durs[i]);
		}
	}
}

#define NADD (sizeof add_cases / sizeof add_cases[0])
#define NBETWEEN (sizeof between_cases / sizeof between_cases[0])
#define NOPEN (sizeof open_cases / sizeof open_cases[0])

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_holidays),        cmocka_unit_test(test_validate),
	cmocka_unit_test(test_search_cap),      cmocka_unit_test(test_overflow),
	cmocka_unit_test(test_round_trip_grid),
};

int main(void)
{
	size_t nfixed = sizeof fixed_tests / sizeof fixed_tests[0];
	size_t n = NADD + NBETWEEN + NOPEN + nfixed, k = 0;
	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	if (tests == NULL)
		return 1;

	/* One cmocka test per table row, named after it. */
	for (size_t i = 0; i < NADD; i++)
		tests[k++] = (struct CMUnitTest){ add_cases[i].name, test_add_case, NULL, NULL,
			                          (void *)&add_cases[i] };
	for (size_t i = 0; i < NBETWEEN; i++)
		tests[k++] = (struct CMUnitTest){ between_cases[i].name, test_between_case, NULL, NULL,
			                          (void *)&between_cases[i] };
	for (size_t i = 0; i < NOPEN; i++)
		tests[k++] = (struct CMUnitTest){ open_cases[i].name, test_open_case, NULL, NULL,
			                          (void *)&open_cases[i] };
	for (size_t i = 0; i < nfixed; i++)
		tests[k++] = fixed_tests[i];

	int failed = _cmocka_run_group_tests("bizhours", tests, n, setup_cals, teardown_cals);
	free(tests);
	return failed;
}
