/* bizhours: deadline arithmetic in calendar or business time.
 *
 * A business day is one interval [open, close) of instants: the calendar's
 * wall-clock opening and closing times on that local date, each mapped to an
 * instant with clock_from_local.  So a business day on a DST-change day has
 * its real length (a day open 00:00-24:00 lasts 23 h in spring, 25 h in
 * autumn), and nothing ever counts an hour that did not happen.
 *
 * Every walk goes day by day over these intervals (never minute by minute),
 * and days are enumerated with pure integer date arithmetic, so weekends
 * and holidays cost no time-zone call at all.  Searches forward stop after
 * BIZ_MAX_DAYS days, which bounds the work on a calendar whose every open
 * day is a holiday.  Nothing here prints and nothing touches SQLite. */
#include "leadctl/bizhours.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* How many local days a forward search may look at before giving up. */
#define BIZ_MAX_DAYS 3660

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12).
 * Howard Hinnant's days_from_civil; exact for every int year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of day number z (days since 1970-01-01): the inverse of
 * days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Weekday of day number z, 0 = Sunday as tm_wday (1970-01-01 was a Thursday). */
static int weekday_of_day(int64_t z)
{
	int64_t w = (z + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* The calendar's time zone as clock.c wants it: NULL for UTC. */
static const char *cal_tz(const struct lc_bizcal *cal)
{
	return cal->tz[0] != '\0' ? cal->tz : NULL;
}

/* 1 when weekday wday has business hours at all (open < close, both within
 * the day); a malformed pair counts as closed. */
static int weekday_open(const struct lc_bizcal *cal, int wday)
{
	int o = cal->open_min[wday], c = cal->close_min[wday];
	return o >= 0 && c <= 24 * 60 && o < c;
}

/* 1 when some weekday has business hours. */
static int cal_has_hours(const struct lc_bizcal *cal)
{
	for (int w = 0; w < 7; w++)
		if (weekday_open(cal, w))
			return 1;
	return 0;
}

static int cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* 1 when the local date yyyymmdd is one of the calendar's holidays. */
static int is_holiday(const struct lc_bizcal *cal, int32_t yyyymmdd)
{
	if (cal->nholidays == 0 || cal->holidays == NULL)
		return 0;
	return bsearch(&yyyymmdd, cal->holidays, cal->nholidays, sizeof(int32_t), cmp_date) != NULL;
}

/* The local day number (days since 1970-01-01 in the calendar's zone) that
 * contains instant t.  Returns 0, or -1 when t cannot be converted. */
static int local_day(const struct lc_bizcal *cal, lc_time t, int64_t *day)
{
	struct tm tm;
	if (clock_to_local(t, cal_tz(cal), &tm) != 0)
		return -1;
	*day = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/* The instant of wall time `minute` (0..1440) on local day number `day`;
 * 1440 is midnight at the end of the day.  Returns 0 or -1. */
static int day_minute_instant(const struct lc_bizcal *cal, int64_t day, int minute, lc_time *out)
{
	int64_t y;
	int m, d;
	if (minute >= 24 * 60) {
		day += 1;
		minute -= 24 * 60;
	}
	civil_from_days(day, &y, &m, &d);
	if (y - 1900 < -(int64_t)2147483647 || y - 1900 > 2147483647)
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return clock_from_local(&tm, cal_tz(cal), out);
}

/* The business interval [*open, *close) of local day number `day`.
 * Returns 1 when the day has one, 0 when it is closed (weekday without
 * hours, holiday, or a DST change that swallows the whole interval), -1
 * when the instants cannot be computed (bad time zone, absurd date). */
static int day_interval(const struct lc_bizcal *cal, int64_t day, lc_time *open, lc_time *close)
{
	int wday = weekday_of_day(day);
	if (!weekday_open(cal, wday))
		return 0;
	int64_t y;
	int m, d;
	civil_from_days(day, &y, &m, &d);
	if (y >= 0 && y <= 9999 && is_holiday(cal, (int32_t)(y * 10000 + m * 100 + d)))
		return 0;
	{
		/* The instants of a day's opening and closing depend only on the
		 * zone, the day and the two wall times: remember them (local-time
		 * conversions dominate deadline arithmetic otherwise). */
		static struct {
			char tz[64];
			int64_t day;
			int open_min, close_min;
			lc_time open, close;
			int valid;
		} cache[256];
		unsigned slot = (unsigned)((uint64_t)day % 256u);
		const char *tz = cal_tz(cal) ? cal_tz(cal) : "UTC";
		if (cache[slot].valid && cache[slot].day == day && cache[slot].open_min == cal->open_min[wday] &&
		    cache[slot].close_min == cal->close_min[wday] && strcmp(cache[slot].tz, tz) == 0) {
			*open = cache[slot].open;
			*close = cache[slot].close;
			return *close > *open;
		}
		if (day_minute_instant(cal, day, cal->open_min[wday], open) != 0 ||
		    day_minute_instant(cal, day, cal->close_min[wday], close) != 0)
			return -1;
		if (strlen(tz) < sizeof cache[slot].tz) {
			snprintf(cache[slot].tz, sizeof cache[slot].tz, "%s", tz);
			cache[slot].day = day;
			cache[slot].open_min = cal->open_min[wday];
			cache[slot].close_min = cal->close_min[wday];
			cache[slot].open = *open;
			cache[slot].close = *close;
			cache[slot].valid = 1;
		}
	}
	return *close > *open;
}

/* Initialise cal: UTC, Monday-Friday 09:00-17:00, no holidays.  cal owns
 * nothing yet; biz_clear is still safe to call. */
void biz_init(struct lc_bizcal *cal)
{
	memset(cal, 0, sizeof *cal);
	for (int w = 1; w <= 5; w++) {
		cal->open_min[w] = 9 * 60;
		cal->close_min[w] = 17 * 60;
	}
}

/* Free the holidays of cal and leave it with none; the rest is kept.
 * Safe on an initialised calendar and twice in a row. */
void biz_clear(struct lc_bizcal *cal)
{
	free(cal->holidays);
	cal->holidays = NULL;
	cal->nholidays = 0;
}

/* Add the local date yyyymmdd (e.g. 20261225) to cal's holidays, keeping
 * them sorted and without duplicates.  The array stays owned by cal.
 * Returns 0, or -1 when the date is not a real date or memory runs out
 * (cal is then unchanged). */
int biz_add_holiday(struct lc_bizcal *cal, int32_t yyyymmdd)
{
	int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return -1;
	int64_t y2, z = days_from_civil(y, m, d);
	int m2, d2;
	civil_from_days(z, &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d)
		return -1;

	size_t i = 0;
	while (i < cal->nholidays && cal->holidays[i] < yyyymmdd)
		i++;
	if (i < cal->nholidays && cal->holidays[i] == yyyymmdd)
		return 0;
	int32_t *h = realloc(cal->holidays, (cal->nholidays + 1) * sizeof *h);
	if (h == NULL)
		return -1;
	memmove(h + i + 1, h + i, (cal->nholidays - i) * sizeof *h);
	h[i] = yyyymmdd;
	cal->holidays = h;
	cal->nholidays++;
	return 0;
}

/* Check cal before use: a known time zone (or "" for UTC), hours within
 * 0..1440 with open <= close on every weekday, holidays sorted strictly
 * ascending.  Returns 0, or -1 and sets *why (a static string, may be
 * NULL) to the first problem found. */
int biz_validate(const struct lc_bizcal *cal, const char **why)
{
	const char *dummy;
	if (why == NULL)
		why = &dummy;
	if (memchr(cal->tz, '\0', sizeof cal->tz) == NULL) {
		*why = "time zone name too long";
		return -1;
	}
	if (cal->tz[0] != '\0' && !clock_tz_valid(cal->tz)) {
		*why = "unknown time zone";
		return -1;
	}
	for (int w = 0; w < 7; w++) {
		int o = cal->open_min[w], c = cal->close_min[w];
		if (o < 0 || o > 24 * 60 || c < 0 || c > 24 * 60) {
			*why = "business hours outside 00:00-24:00";
			return -1;
		}
		if (o > c) {
			*why = "business hours close before they open";
			return -1;
		}
	}
	if (cal->nholidays > 0 && cal->holidays == NULL) {
		*why = "holiday list missing";
		return -1;
	}
	for (size_t i = 1; i < cal->nholidays; i++) {
		if (cal->holidays[i - 1] >= cal->holidays[i]) {
			*why = "holidays not sorted";
			return -1;
		}
	}
	*why = NULL;
	return 0;
}

/* The instant `seconds` after start; see bizhours.h.  In business time a
 * zero duration from inside hours is start itself, from outside hours the
 * next opening; a duration that ends exactly at a closing gives that
 * closing (not the next opening).  Returns 0 with *out set, or -1 (out
 * untouched) for: overflow, a negative business duration, a calendar with
 * no open hours, no opening within BIZ_MAX_DAYS days, or a time-zone
 * failure. */
int biz_add(const struct lc_bizcal *cal, lc_time start, int64_t seconds, int business, lc_time *out)
{
	if (!business) {
		lc_time r;
		if (__builtin_add_overflow(start, seconds, &r))
			return -1;
		*out = r;
		return 0;
	}
	if (seconds < 0 || !cal_has_hours(cal))
		return -1;

	int64_t day;
	if (local_day(cal, start, &day) != 0)
		return -1;
	/* An earlier day's interval ends by the first instant of this local
	 * day (its close is at most that day's 24:00, mapped to the earliest
	 * instant of 00:00 or the end of a gap there), so the walk starts at
	 * the local day of start. */
	int64_t remaining = seconds;
	for (int64_t i = 0; i <= BIZ_MAX_DAYS; i++) {
		lc_time o, c;
		int rc = day_interval(cal, day + i, &o, &c);
		if (rc < 0)
			return -1;
		if (rc == 0 || c <= start)
			continue;
		lc_time s = o > start ? o : start;
		if (remaining <= c - s) {
			*out = s + remaining;
			return 0;
		}
		remaining -= c - s;
	}
	return -1;
}

int biz_add_days(const struct lc_bizcal *cal, lc_time start, int64_t days, lc_time *out)
{
	int64_t day, i, offset = 0, counted = 0;
	lc_time o, c;
	int rc;

	if (days < 0 || !cal_has_hours(cal) || local_day(cal, start, &day) != 0)
		return -1;
	/* The open day that start counts from, and the offset into it. */
	for (i = 0; i <= BIZ_MAX_DAYS; i++) {
		rc = day_interval(cal, day + i, &o, &c);
		if (rc < 0)
			return -1;
		if (rc == 1 && c > start) {
			offset = start > o ? start - o : 0;
			break;
		}
	}
	if (i > BIZ_MAX_DAYS)
		return -1;
	for (day += i; counted < days;) {
		if (++i > BIZ_MAX_DAYS)
			return -1;
		day++;
		rc = day_interval(cal, day, &o, &c);
		if (rc < 0)
			return -1;
		counted += rc == 1;
	}
	rc = day_interval(cal, day, &o, &c);
	if (rc != 1)
		return -1;
	*out = o + (offset < c - o ? offset : c - o);
	return 0;
}

/* Business seconds in [a, b) for a <= b: the sum over local days of the
 * overlap of each business interval with [a, b).  Work is linear in the
 * number of local days from a to b.  Returns -1 on a time-zone failure. */
static int64_t business_between(const struct lc_bizcal *cal, lc_time a, lc_time b)
{
	if (a >= b || !cal_has_hours(cal))
		return 0;
	int64_t da, db;
	if (local_day(cal, a, &da) != 0 || local_day(cal, b, &db) != 0)
		return -1;
	int64_t total = 0;
	for (int64_t day = da; day <= db; day++) {
		lc_time o, c;
		int rc = day_interval(cal, day, &o, &c);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		lc_time lo = o > a ? o : a, hi = c < b ? c : b;
		if (hi > lo)
			total += hi - lo;
	}
	return total;
}

/* Seconds from a to b; see bizhours.h.  Calendar time is b - a exactly
 * (saturated at the int64 limits).  Business time counts the seconds of
 * [min, max) inside business hours, negated when b < a, so that
 * biz_between(cal, s, d, 1) == n whenever biz_add(cal, s, n, 1, &d) put d
 * inside or at the end of an interval.  A calendar that cannot be evaluated
 * (unknown time zone: check with biz_validate first) gives 0. */
int64_t biz_between(const struct lc_bizcal *cal, lc_time a, lc_time b, int business)
{
	if (!business) {
		int64_t r;
		if (__builtin_sub_overflow(b, a, &r))
			return b > a ? INT64_MAX : INT64_MIN;
		return r;
	}
	int64_t n = b >= a ? business_between(cal, a, b) : business_between(cal, b, a);
	if (n < 0)
		return 0;
	return b >= a ? n : -n;
}

/* 1 when t falls inside business hours: at or after an opening and before
 * the closing of the same local day.  0 otherwise, and on a time-zone
 * failure. */
int biz_is_open(const struct lc_bizcal *cal, lc_time t)
{
	int64_t day;
	if (!cal_has_hours(cal) || local_day(cal, t, &day) != 0)
		return 0;
	lc_time o, c;
	return day_interval(cal, day, &o, &c) == 1 && o <= t && t < c;
}
