/* report: the pure helpers of the reports (see report.h): calendar dates,
 * ISO weeks, the report period, percentiles, the prorated commitment,
 * money and bars.  No SQLite, no printing. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "leadctl/lead.h"
#include "leadctl/report.h"

/* Days in month m of year y; 0 for a month outside 1..12. */
int report_days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return m == 2 ? 28 + leap : d[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
int64_t report_days_from_civil(struct report_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse of report_days_from_civil. */
struct report_date report_civil_from_days(int64_t z)
{
	struct report_date r;
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

/* 1 = Monday .. 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
int report_weekday(struct report_date d)
{
	int64_t z = report_days_from_civil(d);

	return (int)(((z % 7) + 7 + 3) % 7) + 1;
}

/* The week of d's Thursday decides the ISO year and week. */
void report_iso_week(struct report_date d, int *iso_year, int *week)
{
	int64_t z = report_days_from_civil(d);
	int64_t thu = z - (report_weekday(d) - 1) + 3;
	struct report_date t = report_civil_from_days(thu);
	struct report_date jan1 = { t.y, 1, 1 };

	*iso_year = t.y;
	*week = (int)((thu - report_days_from_civil(jan1)) / 7 + 1);
}

/* 53 exactly when 28 December falls in week 53. */
int report_iso_weeks_in_year(int iso_year)
{
	struct report_date dec28 = { iso_year, 12, 28 };
	int y, w;

	report_iso_week(dec28, &y, &w);
	return w;
}

/* Week 1 is the week of 4 January. */
struct report_date report_iso_week_monday(int iso_year, int week)
{
	struct report_date jan4 = { iso_year, 1, 4 };
	int64_t monday1 = report_days_from_civil(jan4) - (report_weekday(jan4) - 1);

	return report_civil_from_days(monday1 + 7 * (int64_t)(week - 1));
}

/* d + n days through day numbers. */
struct report_date report_date_add(struct report_date d, int64_t n)
{
	return report_civil_from_days(report_days_from_civil(d) + n);
}

/* Lexicographic on (y, m, d). */
int report_date_cmp(struct report_date a, struct report_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* ISO calendar date text. */
void report_date_format(struct report_date d, char *buf, size_t n)
{
	snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* Read exactly n digits at *p into *out and advance; -1 when not digits. */
static int take_digits(const char **p, int n, int *out)
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

/* "YYYY-MM-DD", a real date from year 1900 to 9999. */
int report_date_parse(const char *s, struct report_date *out)
{
	const char *p = s;
	struct report_date d;

	if (!s || take_digits(&p, 4, &d.y) || *p++ != '-' || take_digits(&p, 2, &d.m) || *p++ != '-' ||
	    take_digits(&p, 2, &d.d) || *p)
		return -1;
	if (d.y < 1900 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > report_days_in_month(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

/* "YYYY-Www" with a week that the year has (01..52 or 53). */
int report_week_parse(const char *s, int *iso_year, int *week)
{
	const char *p = s;
	int y, w;

	if (!s || take_digits(&p, 4, &y) || *p++ != '-' || *p++ != 'W' || take_digits(&p, 2, &w) || *p)
		return -1;
	if (y < 1900 || w < 1 || w > report_iso_weeks_in_year(y))
		return -1;
	*iso_year = y;
	*week = w;
	return 0;
}

/* "YYYY-MM". */
int report_month_parse(const char *s, int *y, int *m)
{
	const char *p = s;
	int yy, mm;

	if (!s || take_digits(&p, 4, &yy) || *p++ != '-' || take_digits(&p, 2, &mm) || *p)
		return -1;
	if (yy < 1900 || mm < 1 || mm > 12)
		return -1;
	*y = yy;
	*m = mm;
	return 0;
}

/* The month after y-m, first day. */
static struct report_date next_month(int y, int m)
{
	struct report_date r = { m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1 };

	return r;
}

/* Week keys first, then month keys. */
int report_key_range(const char *key, struct report_date *since, struct report_date *until)
{
	int y, w, m;

	if (report_week_parse(key, &y, &w) == 0) {
		*since = report_iso_week_monday(y, w);
		*until = report_date_add(*since, 7);
		return 0;
	}
	if (report_month_parse(key, &y, &m) == 0) {
		since->y = y;
		since->m = m;
		since->d = 1;
		*until = next_month(y, m);
		return 0;
	}
	return -1;
}

void report_period_key(struct report_date d, int month, char *buf, size_t n, struct report_date *next)
{
	int y, w;

	if (month) {
		snprintf(buf, n, "%04d-%02d", d.y, d.m);
		*next = next_month(d.y, d.m);
		return;
	}
	report_iso_week(d, &y, &w);
	snprintf(buf, n, "%04d-W%02d", y, w);
	*next = report_date_add(report_iso_week_monday(y, w), 7);
}

/* Local midnight at the start of d in zone tz, as a UTC instant. */
static int local_midnight(struct report_date d, const char *tz, lc_time *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	return clock_from_local(&tm, tz, out);
}

/* The local date of instant t in zone tz. */
static int local_date(lc_time t, const char *tz, struct report_date *out)
{
	struct tm tm;

	if (clock_to_local(t, tz, &tm) != 0)
		return -1;
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return 0;
}

int report_period_resolve(const char *since, const char *until, const char *week, const char *month,
                          lc_time now, const char *tz, struct report_period *out, char *err, size_t errlen)
{
	struct report_period p;
	struct report_date today;
	int y, w, m;

	memset(&p, 0, sizeof p);
	if ((week != NULL) + (month != NULL) + (since != NULL || until != NULL) > 1) {
		snprintf(err, errlen, "give one of --week, --month or --since/--until");
		return -1;
	}
	if (local_date(now, tz, &today) != 0) {
		snprintf(err, errlen, "cannot convert the time to zone '%s'", tz ? tz : "UTC");
		return -1;
	}
	if (week) {
		if (report_week_parse(week, &y, &w) != 0) {
			snprintf(err, errlen,
			         "bad --week '%s': expected an ISO week such as 2026-W46 "
			         "(YYYY-Www, week 01 to 52, or 53 in long years)",
			         week);
			return -1;
		}
		p.since = report_iso_week_monday(y, w);
		p.until = report_date_add(p.since, 7);
		snprintf(p.label, sizeof p.label, "%04d-W%02d", y, w);
	} else if (month) {
		if (report_month_parse(month, &y, &m) != 0) {
			snprintf(err, errlen, "bad --month '%s': expected a month such as 2026-11 (YYYY-MM)",
			         month);
			return -1;
		}
		p.since.y = y;
		p.since.m = m;
		p.since.d = 1;
		p.until = next_month(y, m);
		snprintf(p.label, sizeof p.label, "%04d-%02d", y, m);
	} else if (since || until) {
		if (!since) {
			snprintf(err, errlen, "--until needs --since (the period is [since, until))");
			return -1;
		}
		if (report_date_parse(since, &p.since) != 0) {
			snprintf(err, errlen,
			         "bad --since '%s': expected a date such as 2026-11-09 (YYYY-MM-DD)", since);
			return -1;
		}
		if (until && report_date_parse(until, &p.until) != 0) {
			snprintf(err, errlen,
			         "bad --until '%s': expected a date such as 2026-11-16 (YYYY-MM-DD)", until);
			return -1;
		}
		if (!until)
			p.until = report_date_add(today, 1);
		if (report_date_cmp(p.since, p.until) >= 0) {
			snprintf(err, errlen, "--until must be later than --since (--until is exclusive)");
			return -1;
		}
	} else {
		struct report_date monday = report_date_add(today, -(report_weekday(today) - 1));
		p.since = report_date_add(monday, -7);
		p.until = monday;
		report_iso_week(p.since, &y, &w);
		snprintf(p.label, sizeof p.label, "%04d-W%02d", y, w);
	}
	if (local_midnight(p.since, tz, &p.from) != 0 || local_midnight(p.until, tz, &p.to) != 0) {
		snprintf(err, errlen, "cannot convert the period to zone '%s'", tz ? tz : "UTC");
		return -1;
	}
	*out = p;
	return 0;
}

/* Rank ceil(p*n/100), 1-based, clamped to [1, n]. */
int64_t report_percentile(const int64_t *sorted, size_t n, int p)
{
	size_t rank;

	if (n == 0)
		return 0;
	rank = ((size_t)p * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

double report_commitment_between(const struct report_commitment *v, size_t n, struct report_date since,
                                 struct report_date until, const char *tz, int *have)
{
	double sum = 0;
	struct report_date d;

	*have = 0;
	for (d = since; report_date_cmp(d, until) < 0; d = report_date_add(d, 1)) {
		struct report_date next = report_date_add(d, 1);
		lc_time end;
		const struct report_commitment *in_force = NULL;
		size_t i;

		if (local_midnight(next, tz, &end) != 0)
			continue;
		for (i = 0; i < n; i++)
			if (v[i].installed_at < end)
				in_force = &v[i];
		if (in_force && in_force->has) {
			sum += in_force->per_month / report_days_in_month(d.y, d.m);
			*have = 1;
		}
	}
	return sum;
}

void report_format_fixed(double v, int places, char *buf, size_t n)
{
	static const long long pow10[] = { 1,      10,      100,      1000,      10000,
		                           100000, 1000000, 10000000, 100000000, 1000000000 };
	long long scale, units;
	double x;

	if (places < 0)
		places = 0;
	if (places > 9)
		places = 9;
	scale = pow10[places];
	x = fabs(v) * (double)scale;
	units = (long long)floor(x + 0.5 + 1e-6);
	if (places == 0)
		snprintf(buf, n, "%s%lld", v < 0 && units ? "-" : "", units);
	else
		snprintf(buf, n, "%s%lld.%0*lld", v < 0 && units ? "-" : "", units / scale, places,
		         units % scale);
}

void report_format_money(double cents, char *buf, size_t n)
{
	report_format_fixed(cents / 100, 2, buf, n);
}

void report_bar(double frac, int width, char *buf, size_t n)
{
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	long eighths, i;
	size_t len = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (!(frac > 0))
		return;
	if (frac > 1)
		frac = 1;
	eighths = lround(frac * width * 8);
	if (eighths == 0)
		eighths = 1; /* something is not nothing */
	for (i = 0; i < eighths / 8 && len + 4 < n; i++) {
		memcpy(buf + len, "█", 3);
		len += 3;
	}
	if (eighths % 8 && len + 4 < n) {
		size_t k = strlen(part[eighths % 8]);
		memcpy(buf + len, part[eighths % 8], k);
		len += k;
	}
	buf[len] = '\0';
}

void report_judge_member(const struct report_member_facts *f, lc_time now, struct report_cohort *c)
{
	int open;

	c->mql_at = f->mql_at;
	c->first_touch_at = f->has_touch ? f->first_touch_at : 0;
	if (!f->has_touch || f->first_touch_at > now)
		c->touch = RT_NEVER;
	else if (!f->has_due || f->first_touch_at < f->started_at)
		c->touch = RT_NO_DEADLINE;
	else
		c->touch = f->first_touch_at <= f->first_touch_due ? RT_IN_TIME : RT_LATE;
	c->has_response = f->has_touch && f->first_touch_at <= now;
	c->response_s = c->has_response ? f->first_touch_at - f->mql_at : 0;
	c->entered_sql = f->has_sql && f->sql_at <= now;
	c->current = f->current;
	c->activity_at = f->activity_at;
	open = f->current == STAGE_MQL || f->current == STAGE_SQL;
	switch (f->current) {
	case STAGE_WON: c->state = RS_WON; break;
	case STAGE_LOST: c->state = RS_LOST; break;
	case STAGE_DISQUALIFIED: c->state = RS_DISQUALIFIED; break;
	case STAGE_NURTURE: c->state = RS_RECYCLED; break;
	default: c->state = RS_OTHER; break;
	}
	if (open) {
		if (f->has_next_due && f->next_due_at < now)
			c->state = RS_OPEN_OVERDUE;
		else if (f->has_stale && f->activity_at + f->stale_s < now)
			c->state = RS_OPEN_STALLED;
		else
			c->state = RS_OPEN_ON_TRACK;
	}
	c->leaked = !c->entered_sql &&
	            (c->state == RS_RECYCLED || c->state == RS_DISQUALIFIED || c->state == RS_OPEN_OVERDUE);
}

int report_spend_split(struct report_date start, struct report_date end, int64_t amount_cents,
                       struct report_date since, struct report_date until,
                       int (*cb)(void *arg, const char *week, const char *month, double cents), void *arg)
{
	double share = (double)amount_cents * 1.0 /
	               (double)(report_days_from_civil(end) - report_days_from_civil(start) + 1);
	struct report_date d = report_date_cmp(start, since) > 0 ? start : since;
	struct report_date stop = report_date_add(end, 1); /* the first day after the range */
	int rc;

	if (report_date_cmp(until, stop) < 0)
		stop = until;
	while (report_date_cmp(d, stop) < 0) {
		char week[16], month[16];
		struct report_date next_week, next_month, run_end;
		double cents = 0;
		report_period_key(d, 0, week, sizeof week, &next_week);
		report_period_key(d, 1, month, sizeof month, &next_month);
		run_end = report_date_cmp(next_week, next_month) < 0 ? next_week : next_month;
		if (report_date_cmp(stop, run_end) < 0)
			run_end = stop;
		for (; report_date_cmp(d, run_end) < 0; d = report_date_add(d, 1))
			cents += share;
		if ((rc = cb(arg, week, month, cents)) != 0)
			return rc;
	}
	return 0;
}
