/* when: human times for --at and --since (see when.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "leadctl/when.h"

/* Days back from today for a day word, or -1. */
static int day_word(const char *w, size_t len, int today_wday)
{
	static const char *const days[7][2] = {
		{ "sunday", "sun" },   { "monday", "mon" }, { "tuesday", "tue" },  { "wednesday", "wed" },
		{ "thursday", "thu" }, { "friday", "fri" }, { "saturday", "sat" },
	};
	int i, k;

	if (len == 5 && strncasecmp(w, "today", 5) == 0)
		return 0;
	if (len == 9 && strncasecmp(w, "yesterday", 9) == 0)
		return 1;
	for (i = 0; i < 7; i++)
		for (k = 0; k < 2; k++)
			if (strlen(days[i][k]) == len && strncasecmp(w, days[i][k], len) == 0) {
				int back = (today_wday - i + 7) % 7;
				return back ? back : 7;
			}
	return -1;
}

/* Seconds of a unit word, or 0. */
static long unit_seconds(const char *u, size_t len)
{
	static const struct {
		const char *name;
		long s;
	} units[] = {
		{ "s", 1 },          { "sec", 1 },      { "secs", 1 },     { "second", 1 },
		{ "seconds", 1 },    { "m", 60 },       { "min", 60 },     { "mins", 60 },
		{ "minute", 60 },    { "minutes", 60 }, { "h", 3600 },     { "hr", 3600 },
		{ "hrs", 3600 },     { "hour", 3600 },  { "hours", 3600 }, { "d", 86400 },
		{ "day", 86400 },    { "days", 86400 }, { "w", 604800 },   { "week", 604800 },
		{ "weeks", 604800 },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].name) == len && strncasecmp(u, units[i].name, len) == 0)
			return units[i].s;
	return 0;
}

/* "N UNIT ago": seconds back, or -1. */
static long long ago(const char *s)
{
	char *end;
	long long n;
	const char *u;
	size_t ulen;
	long sec;

	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtoll(s, &end, 10);
	if (n < 0 || n > 100000000)
		return -1;
	while (*end == ' ')
		end++;
	u = end;
	while (isalpha((unsigned char)*end))
		end++;
	ulen = (size_t)(end - u);
	if (!ulen || !(sec = unit_seconds(u, ulen)))
		return -1;
	while (*end == ' ')
		end++;
	if (strcasecmp(end, "ago") != 0)
		return -1;
	return n * sec;
}

int when_parse(const char *s, lc_time now, const char *tz, lc_time *out, int *day)
{
	struct tm lt;
	const char *sp;
	size_t wlen;
	long long back;
	int days, hh = 0, mm = 0, has_time = 0;

	*day = 0;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (strcasecmp(s, "now") == 0) {
		*out = now;
		return 0;
	}
	if ((back = ago(s)) >= 0) {
		*out = now - back;
		return 0;
	}
	if (clock_to_local(now, tz, &lt) != 0)
		return -1;
	sp = strchr(s, ' ');
	wlen = sp ? (size_t)(sp - s) : strlen(s);
	if ((days = day_word(s, wlen, lt.tm_wday)) < 0)
		return -1;
	if (sp) {
		char extra;
		if (sscanf(sp + 1, "%2d:%2d%c", &hh, &mm, &extra) != 2 || hh > 23 || mm > 59 || hh < 0 ||
		    mm < 0)
			return -1;
		has_time = 1;
	}
	lt.tm_mday -= days;
	lt.tm_hour = hh;
	lt.tm_min = mm;
	lt.tm_sec = 0;
	lt.tm_isdst = -1;
	/* Normalise the day arithmetic in UTC (no zone involved), then read
	 * the wall time in tz. */
	{
		time_t t = timegm(&lt);
		struct tm norm;
		gmtime_r(&t, &norm);
		norm.tm_isdst = -1;
		if (clock_from_local(&norm, tz, out) != 0)
			return -1;
	}
	*day = !has_time;
	return 0;
}

int when_parse_any(const char *s, lc_time now, const char *tz, lc_time *out)
{
	int day;

	if (when_parse(s, now, tz, out, &day) == 0)
		return 0;
	return clock_parse_iso(s, tz, out);
}

int when_date(const char *s, lc_time now, const char *tz, char *buf, size_t n)
{
	lc_time t;
	struct tm lt;
	int day;

	if (when_parse(s, now, tz, &t, &day) != 0)
		return -1;
	/* "3d ago" names the day it falls on; a time of day is not a date. */
	if (!day && s && strchr(s, ':'))
		return -1;
	if (clock_to_local(t, tz, &lt) != 0)
		return -1;
	snprintf(buf, n, "%04d-%02d-%02d", lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday);
	return 0;
}
