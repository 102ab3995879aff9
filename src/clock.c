/* clock: the current instant, ISO-8601 instants, durations and time zones.
 *
 * Time zones come from the system tz database through TZ + tzset() (see
 * tz_enter below). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "leadctl/clock.h"
#include "leadctl/diag.h"

/* The zone the process's TZ was last switched to by tz_enter().  Switching
 * makes glibc re-read the zone file, so the zone stays switched until a
 * conversion asks for another one (every local-time conversion in leadctl
 * goes through this file with an explicit zone, so nothing else depends on
 * the process's TZ). */
static char current_tz[128];

/* The last name clock_tz_valid() accepted: asked again, it is accepted
 * without another stat() of its file (an import asks once per row). */
static char valid_tz[128];

/* Make tz the zone of the process (TZ + tzset) unless it already is.  TZ
 * is compared too: `report` sets TZ itself (for SQLite's 'localtime'), and
 * glibc then converts in that zone whatever current_tz says. */
static void tz_enter(const char *tz)
{
	const char *env = getenv("TZ");

	if (!tz || !*tz)
		tz = "UTC";
	if (strcmp(current_tz, tz) == 0 && env && strcmp(env, tz) == 0)
		return;
	snprintf(current_tz, sizeof current_tz, "%s", tz);
	setenv("TZ", tz, 1);
	tzset();
}

int clock_tz_valid(const char *tz)
{
	char path[512];
	struct stat st;
	const char *p;

	if (!tz || !*tz)
		return 0;
	if (strcmp(tz, "UTC") == 0 || strcmp(tz, valid_tz) == 0)
		return 1;
	if (tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (p = tz; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return 0;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (strlen(tz) < sizeof valid_tz)
		memcpy(valid_tz, tz, strlen(tz) + 1);
	return 1;
}

/* ---- the zone cache (issue 13: "the zone's offsets cached in memory") ----
 *
 * glibc's localtime_r costs about a microsecond, and the tzset() of a zone
 * switch reads the zone file again; an import converts several local times
 * per row, and the SLA's business hours more.  So the state of a zone
 * (offset, DST flag, abbreviation: what localtime_r puts in a struct tm
 * besides the fields it computes from t + offset) is remembered per UTC
 * day, as glibc gives it, and a conversion inside a remembered day is
 * gmtime_r(t + offset) with that state: what localtime_r itself does
 * (glibc's __tz_convert is __offtime(t, tm_gmtoff) plus the state).
 *
 * A day is remembered only when localtime_r gives the same state at its
 * first and its last second, so a day with a transition inside is never
 * cached: its conversions always ask glibc.  This is exact as long as a
 * zone never changes twice within one day and back (A -> B -> A); the
 * closest two transitions of any zone in tzdata 2026f are 95 hours apart
 * (Africa/Freetown, 1939), Ramadan's in Asia/Gaza 7 days.  A day is also
 * left out when the offset is not timegm(local) - t: the "right/" zones,
 * whose time_t counts leap seconds, where a local 23:59:60 exists.
 *
 * The cache is keyed by the zone's name (every conversion names its zone),
 * so a change of the process's TZ leaves it valid; tz_enter notices such a
 * change for the conversions that still ask glibc. */
#define ZONE_DAY 86400

/* One UTC day of one zone with a single state all through it. */
struct zone_day {
	char tz[64];      /* zone name; "" = unused slot */
	int64_t day;      /* floor(t / ZONE_DAY) */
	long gmtoff;      /* seconds east of UTC (tm_gmtoff) */
	int isdst;        /* tm_isdst */
	const char *abbr; /* tm_zone: glibc's string, kept by glibc for the process's life */
};

static struct zone_day zone_cache[512];
static int zone_cache_on = 1;

void clock_cache_set(int on)
{
	zone_cache_on = on;
	memset(zone_cache, 0, sizeof zone_cache);
}

/* The slot of (tz, day) in zone_cache: FNV-1a of the name, mixed with the day. */
static struct zone_day *zone_slot(const char *tz, int64_t day)
{
	unsigned hash = 2166136261u;
	const char *p;

	for (p = tz; *p; p++)
		hash = (hash ^ (unsigned char)*p) * 16777619u;
	hash ^= (unsigned)(uint64_t)day * 2654435761u;
	return &zone_cache[hash % (sizeof zone_cache / sizeof zone_cache[0])];
}

/* 1 when a and b (from localtime_r) are in the same zone state. */
static int same_state(const struct tm *a, const struct tm *b)
{
	return a->tm_gmtoff == b->tm_gmtoff && a->tm_isdst == b->tm_isdst && a->tm_zone == b->tm_zone;
}

/* 1 when the offset of tm, local time of instant t, is timegm(tm) - t. */
static int plain_offset(const struct tm *tm, time_t t)
{
	struct tm copy = *tm;

	return timegm(&copy) - t == tm->tm_gmtoff;
}

/* The remembered day of t in zone tz, or NULL when it is not remembered. */
static const struct zone_day *zone_known(time_t t, const char *tz)
{
	int64_t day = (int64_t)(t / ZONE_DAY) - (t % ZONE_DAY < 0);
	const struct zone_day *slot = zone_slot(tz, day);

	return zone_cache_on && slot->day == day && strcmp(slot->tz, tz) == 0 ? slot : NULL;
}

/* Broken-down time of t in the valid zone tz (not UTC's shortcut) into
 * *out, and its UTC offset, timegm(*out) - t, into *off: localtime_r's
 * answer, from the cache when t's day is in it (else t's day is remembered
 * when it has one state).  Returns 0, or -1 when t cannot be converted. */
static int zone_local(time_t t, const char *tz, struct tm *out, time_t *off)
{
	int64_t day = (int64_t)(t / ZONE_DAY) - (t % ZONE_DAY < 0);
	const struct zone_day *known = zone_known(t, tz);
	struct zone_day *slot;
	struct tm first, last, copy;
	time_t start = (time_t)(day * ZONE_DAY), end = start + ZONE_DAY - 1, x;

	if (known) {
		x = t + known->gmtoff;
		if (!gmtime_r(&x, out))
			return -1;
		out->tm_isdst = known->isdst;
		out->tm_gmtoff = known->gmtoff;
		out->tm_zone = known->abbr;
		*off = (time_t)known->gmtoff;
		return 0;
	}
	tz_enter(tz);
	if (!localtime_r(&t, out))
		return -1;
	copy = *out;
	copy.tm_isdst = 0;
	*off = timegm(&copy) - t;
	slot = zone_slot(tz, day);
	if (zone_cache_on && strlen(tz) < sizeof slot->tz && localtime_r(&start, &first) &&
	    localtime_r(&end, &last) && same_state(&first, &last) && same_state(&first, out) &&
	    plain_offset(&first, start) && plain_offset(&last, end)) {
		memcpy(slot->tz, tz, strlen(tz) + 1);
		slot->day = day;
		slot->gmtoff = first.tm_gmtoff;
		slot->isdst = first.tm_isdst;
		slot->abbr = first.tm_zone;
	}
	return 0;
}

int clock_to_local(lc_time t, const char *tz, struct tm *out)
{
	time_t tt = (time_t)t, off;

	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return gmtime_r(&tt, out) ? 0 : -1;
	/* glibc reads an unknown zone as UTC without a word: refuse it. */
	if (!clock_tz_valid(tz))
		return -1;
	return zone_local(tt, tz, out, &off);
}

/* UTC offset in seconds of instant t in the valid zone tz.  Returns 0, or
 * -1 when t cannot be converted. */
static int zone_offset(time_t t, const char *tz, time_t *off)
{
	const struct zone_day *known = zone_known(t, tz);
	struct tm tm;

	if (known) {
		*off = (time_t)known->gmtoff;
		return 0;
	}
	return zone_local(t, tz, &tm, off);
}

/* The instant of a local wall time.  Fields out of range are normalised as
 * timegm/mktime would (32 Jan = 1 Feb); local->tm_isdst is ignored.  The
 * wall time w (read as if UTC) can only be w - off for an offset off in
 * force near it; the offsets a day before and a day after give both
 * candidates (zones never change offset twice within two days).  Both
 * valid: an overlap, take the earlier.  Neither: a gap, and the first
 * instant after it is found by bisection between the two candidates, to
 * the second. */
int clock_from_local(const struct tm *local, const char *tz, lc_time *out)
{
	struct tm want = *local;
	time_t wall, off[2], cand[2], o;
	int ok[2], i;

	want.tm_isdst = 0;
	errno = 0;
	wall = timegm(&want);
	if (wall == (time_t)-1 && errno == EOVERFLOW)
		return -1;
	if (!tz || !*tz || strcmp(tz, "UTC") == 0) {
		*out = (lc_time)wall;
		return 0;
	}
	if (!clock_tz_valid(tz))
		return -1;
	if (zone_offset(wall - 86400, tz, &off[0]) != 0 || zone_offset(wall + 86400, tz, &off[1]) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		cand[i] = wall - off[i];
		ok[i] = zone_offset(cand[i], tz, &o) == 0 && cand[i] + o == wall;
	}
	if (ok[0] && ok[1])
		*out = (lc_time)(cand[0] < cand[1] ? cand[0] : cand[1]);
	else if (ok[0] || ok[1])
		*out = (lc_time)(ok[0] ? cand[0] : cand[1]);
	else if (off[1] > off[0]) {
		/* A gap: lo is before the change, hi after it; the answer is the
		 * first instant whose wall time is past the requested one. */
		time_t lo = wall - off[1], hi = wall - off[0];

		while (hi - lo > 1) {
			time_t mid = lo + (hi - lo) / 2;

			if (zone_offset(mid, tz, &o) != 0)
				return -1;
			if (mid + o > wall)
				hi = mid;
			else
				lo = mid;
		}
		*out = (lc_time)hi;
	} else
		return -1;
	return 0;
}

static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : d[m - 1];
}

int clock_parse_iso(const char *s, const char *tz, lc_time *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, oh, om = 0;
	int have_offset = 0, offset = 0;
	struct tm tm;
	lc_time t;

	if (!s)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || y < 1900)
		return -1;
	if (*p == 'T' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se))
				return -1;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se)))
			return -1;
		if (se == 60)
			se = 59;
		if (*p == 'Z' || *p == 'z') {
			p++;
			have_offset = 1;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1;
			p++;
			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':') {
				p++;
				if (digits(&p, 2, &om))
					return -1;
			} else if (isdigit((unsigned char)*p)) {
				if (digits(&p, 2, &om))
					return -1;
			}
			if (oh > 14 || om > 59)
				return -1;
			have_offset = 1;
			offset = sign * (oh * 3600 + om * 60);
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	if (have_offset) {
		time_t tt = timegm(&tm);
		t = (lc_time)tt - offset;
	} else if (clock_from_local(&tm, tz, &t) != 0) {
		return -1;
	}
	*out = t;
	return 0;
}

int clock_now(lc_time *out)
{
	const char *env = getenv("LEADCTL_NOW");

	if (env && *env) {
		if (clock_parse_iso(env, NULL, out) != 0)
			return diag_error(LC_CONFIG,
			                  "bad LEADCTL_NOW '%s': expected an ISO-8601 instant such as "
			                  "2026-11-21T09:30:00Z",
			                  env);
		return 0;
	}
	*out = (lc_time)time(NULL);
	return 0;
}

void clock_format_utc(lc_time t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_format_local(lc_time t, const char *tz, char *buf, size_t n)
{
	struct tm tm;

	if (clock_to_local(t, tz, &tm) != 0) {
		snprintf(buf, n, "?");
		return;
	}
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

void clock_format_offset(lc_time t, const char *tz, char *buf, size_t n)
{
	struct tm tm;
	lc_time back;
	long off;
	char base[32];

	if (clock_to_local(t, tz, &tm) != 0) {
		snprintf(buf, n, "?");
		return;
	}
	{
		struct tm g = tm;
		g.tm_isdst = 0;
		back = (lc_time)timegm(&g);
	}
	off = (long)(back - t);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	if (off == 0)
		snprintf(buf, n, "%sZ", base);
	else
		snprintf(buf, n, "%s%c%02ld:%02ld", base, off < 0 ? '-' : '+', labs(off) / 3600,
		         (labs(off) % 3600) / 60);
}

int duration_parse(const char *s, int64_t *out)
{
	int64_t v = 0, unit;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p)) {
		if (v > (INT64_MAX / 10) - 10)
			return -1;
		v = v * 10 + (*p - '0');
		p++;
	}
	switch (*p) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 604800; break;
	default: return -1;
	}
	if (p[1] != '\0')
		return -1;
	if (v > (int64_t)100 * 365 * 86400 / unit)
		return -1;
	*out = v * unit;
	return 0;
}

void duration_format(int64_t seconds, char *buf, size_t n)
{
	const char *sign = seconds < 0 ? "-" : "";
	int64_t s = seconds < 0 ? -seconds : seconds;

	if (s < 60)
		snprintf(buf, n, "%s%llds", sign, (long long)s);
	else if (s < 3600)
		snprintf(buf, n, "%s%lldm", sign, (long long)(s / 60));
	else if (s < 86400) {
		if ((s % 3600) / 60)
			snprintf(buf, n, "%s%lldh %lldm", sign, (long long)(s / 3600),
			         (long long)((s % 3600) / 60));
		else
			snprintf(buf, n, "%s%lldh", sign, (long long)(s / 3600));
	} else {
		if ((s % 86400) / 3600)
			snprintf(buf, n, "%s%lldd %lldh", sign, (long long)(s / 86400),
			         (long long)((s % 86400) / 3600));
		else
			snprintf(buf, n, "%s%lldd", sign, (long long)(s / 86400));
	}
}

void clock_zone_abbrev(lc_time t, const char *tz, char *buf, size_t n)
{
	struct tm tm;

	snprintf(buf, n, "UTC");
	if (!tz || !*tz || strcmp(tz, "UTC") == 0 || !clock_tz_valid(tz))
		return;
	if (clock_to_local(t, tz, &tm) != 0 || strftime(buf, n, "%Z", &tm) == 0)
		snprintf(buf, n, "%s", tz);
}
