/* datefmt: strict parsing of export dates and times (datefmt.h).
 *
 * Each accepted form is a small recursive-descent reader over a cursor; the
 * readers fill a broken-down struct dt, which is validated once (no
 * 2026-02-30, no 25:00) and then turned into an instant, through
 * clock_from_local() when the text carries no offset. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "leadctl/datefmt.h"

/* A date and time as read, before validation. */
struct dt {
	int y, mo, d;   /* calendar date as written */
	int h, mi, s;   /* wall time; 0 when the text has none */
	int ampm;       /* 0 none, 1 AM, 2 PM (h is then 1..12) */
	int has_offset; /* 1 when the text names its offset (Z, UTC, +02:00) */
	int offset;     /* seconds east of UTC when has_offset */
};

/* Result of one form reader. */
enum form {
	FORM_NO = 0,  /* the text is not of this form: try the next one */
	FORM_OK = 1,  /* read; struct dt filled */
	FORM_BAD = -1 /* of this form but wrong; err holds why */
};

static const char *const month_names[12] = {
	"january", "february", "march",     "april",   "may",      "june",
	"july",    "august",   "september", "october", "november", "december",
};
static const char *const month_display[12] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};
static const char *const weekday_names[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

/* Write a message "'VALUE': what" into err (n bytes; nothing when n == 0).
 * The value is cut at 60 bytes so that one bad cell cannot flood a log. */
__attribute__((format(printf, 4, 5))) static void fail(char *err, size_t n, const char *value,
                                                       const char *fmt, ...)
{
	char what[192];
	va_list ap;

	if (!err || n == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (strlen(value) > 60)
		snprintf(err, n, "'%.57s...': %s", value, what);
	else
		snprintf(err, n, "'%s': %s", value, what);
}

/* 1 for a leap year of the proleptic Gregorian calendar. */
static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 ? 28 + is_leap(y) : d[m - 1];
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Skip spaces and tabs at *p. */
static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* Read between min and max decimal digits at *p into *v.  Returns the number
 * of digits read, or 0 (and *p unchanged) when fewer than min are there or
 * when more than max digits follow. */
static int read_num(const char **p, int min, int max, int *v)
{
	const char *q = *p;
	int n = 0, x = 0;

	/* Only the first max digits are converted; one more is counted (to refuse
	 * the text) but never added, so no run of digits can overflow an int. */
	while (isdigit((unsigned char)*q) && n <= max) {
		if (n < max)
			x = x * 10 + (*q - '0');
		q++;
		n++;
	}
	if (n < min || n > max)
		return 0;
	*p = q;
	*v = x;
	return n;
}

/* Skip a fraction of a second at *p: one or more digits, any number of them
 * (ISO 8601 sets no limit; the fraction is dropped, so none is converted).
 * Returns the number of digits skipped; 0 leaves *p unchanged. */
static size_t skip_digits(const char **p)
{
	size_t n = 0;

	while (isdigit((unsigned char)(*p)[n]))
		n++;
	*p += n;
	return n;
}

/* Read between min and max digits at *p, stopping after max even when more
 * digits follow (patterns such as %Y%m%d).  Returns the number read, or 0
 * with *p unchanged when fewer than min are there. */
static int read_upto(const char **p, int min, int max, int *v)
{
	const char *q = *p;
	int n = 0, x = 0;

	while (n < max && isdigit((unsigned char)*q)) {
		x = x * 10 + (*q - '0');
		q++;
		n++;
	}
	if (n < min)
		return 0;
	*p = q;
	*v = x;
	return n;
}

/* 1 when the word at p (letters only) equals name or its first three
 * letters ("Sept" too), case-insensitively; sets *len to the word's length. */
static int word_is(const char *p, const char *name, size_t *len)
{
	size_t n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	*len = n;
	if (n == 0)
		return 0;
	if (n == strlen(name) && strncasecmp(p, name, n) == 0)
		return 1;
	if (n == 3 && strncasecmp(p, name, 3) == 0)
		return 1;
	return n == 4 && strncasecmp(name, "september", 9) == 0 && strncasecmp(p, "sept", 4) == 0;
}

/* Read an English month name (full or abbreviated, optional '.') at *p into
 * *m (1..12).  Returns 1, or 0 with *p unchanged. */
static int read_month_name(const char **p, int *m)
{
	size_t len;
	int i;

	for (i = 0; i < 12; i++)
		if (word_is(*p, month_names[i], &len)) {
			*p += len;
			if (**p == '.')
				(*p)++;
			*m = i + 1;
			return 1;
		}
	return 0;
}

/* Read an English weekday name (full or abbreviated) at *p.  Returns 1, or 0
 * with *p unchanged. */
static int read_weekday(const char **p)
{
	size_t len;
	int i;

	for (i = 0; i < 7; i++)
		if (word_is(*p, weekday_names[i], &len)) {
			*p += len;
			if (**p == '.')
				(*p)++;
			return 1;
		}
	return 0;
}

/* Read AM/PM ("AM", "pm", "a.m.", "P.M.") at *p into t->ampm.  Returns 1,
 * or 0 with *p unchanged. */
static int read_ampm(const char **p, struct dt *t)
{
	const char *q = *p;
	int which;

	if (*q == 'a' || *q == 'A')
		which = 1;
	else if (*q == 'p' || *q == 'P')
		which = 2;
	else
		return 0;
	q++;
	if (*q == '.')
		q++;
	if (*q != 'm' && *q != 'M')
		return 0;
	q++;
	if (*q == '.')
		q++;
	if (isalnum((unsigned char)*q))
		return 0;
	t->ampm = which;
	*p = q;
	return 1;
}

/* Read an offset at *p: "Z", "UTC", "GMT", "+HH:MM", "+HHMM" or "+HH".
 * Returns FORM_OK (t->has_offset set), FORM_NO when there is none (*p
 * unchanged), FORM_BAD for a malformed one. */
static enum form read_offset(const char **p, struct dt *t, const char *value, char *err, size_t n)
{
	const char *q = *p;
	int sign, oh = 0, om = 0;

	if ((*q == 'Z' || *q == 'z') && !isalpha((unsigned char)q[1])) {
		*p = q + 1;
		t->has_offset = 1;
		t->offset = 0;
		return FORM_OK;
	}
	if ((strncasecmp(q, "UTC", 3) == 0 || strncasecmp(q, "GMT", 3) == 0) &&
	    !isalpha((unsigned char)q[3])) {
		q += 3;
		t->has_offset = 1;
		t->offset = 0;
		if (*q != '+' && *q != '-') {
			*p = q;
			return FORM_OK;
		}
	}
	if (*q != '+' && *q != '-')
		return FORM_NO;
	sign = *q == '-' ? -1 : 1;
	q++;
	switch (strspn(q, "0123456789")) {
	case 4: /* +HHMM */
		oh = (q[0] - '0') * 10 + (q[1] - '0');
		om = (q[2] - '0') * 10 + (q[3] - '0');
		q += 4;
		break;
	case 1: /* +H, +H:MM (after UTC/GMT) */
	case 2: /* +HH, +HH:MM */
		read_num(&q, 1, 2, &oh);
		if (*q == ':') {
			q++;
			if (read_num(&q, 2, 2, &om) != 2)
				goto bad;
		}
		break;
	default: goto bad;
	}
	if (oh > 14 || om > 59 || (oh == 14 && om))
		goto bad;
	t->has_offset = 1;
	t->offset = sign * (oh * 3600 + om * 60);
	*p = q;
	return FORM_OK;
bad:
	fail(err, n, value, "malformed UTC offset (expected Z, +HH:MM or +HHMM)");
	return FORM_BAD;
}

/* Read a wall time at *p: H:MM, H:MM:SS, optional fraction (dropped),
 * optional AM/PM.  Returns FORM_OK, FORM_NO when no time starts here. */
static enum form read_time(const char **p, struct dt *t, const char *value, char *err, size_t n)
{
	const char *q = *p;

	if (!read_num(&q, 1, 2, &t->h))
		return FORM_NO;
	if (*q != ':')
		return FORM_NO;
	q++;
	if (read_num(&q, 2, 2, &t->mi) != 2) {
		fail(err, n, value, "minutes need two digits");
		return FORM_BAD;
	}
	if (*q == ':') {
		q++;
		if (read_num(&q, 2, 2, &t->s) != 2) {
			fail(err, n, value, "seconds need two digits");
			return FORM_BAD;
		}
		if (*q == '.' || *q == ',') {
			q++;
			if (!skip_digits(&q)) {
				fail(err, n, value, "malformed fraction of a second");
				return FORM_BAD;
			}
		}
	}
	{
		const char *r = q;
		skip_ws(&r);
		if (read_ampm(&r, t))
			q = r;
	}
	*p = q;
	return FORM_OK;
}

/* After the date part: optional "T" or spaces (and a comma when comma_ok)
 * then a time, then an optional offset, then the end.  Returns FORM_OK or
 * FORM_BAD. */
static enum form read_tail(const char *p, struct dt *t, int t_ok, int comma_ok, const char *value, char *err,
                           size_t n)
{
	enum form f;
	const char *q = p;

	if (comma_ok && *q == ',')
		q++;
	if (t_ok && (*q == 'T' || *q == 't') && isdigit((unsigned char)q[1]))
		q++;
	else
		skip_ws(&q);
	f = read_time(&q, t, value, err, n);
	if (f == FORM_BAD)
		return f;
	if (f == FORM_OK) {
		const char *r = q;
		skip_ws(&r);
		f = read_offset(&r, t, value, err, n);
		if (f == FORM_BAD)
			return f;
		if (f == FORM_OK)
			q = r;
	}
	skip_ws(&q);
	if (*q) {
		fail(err, n, value, "unexpected '%s' after the date", q);
		return FORM_BAD;
	}
	return FORM_OK;
}

/* ISO-8601 (and year-first with '/'): YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][off],
 * or the basic YYYYMMDD. */
static enum form read_iso(const char *s, struct dt *t, char *err, size_t n)
{
	const char *p = s;
	char sep;

	if (!read_num(&p, 4, 4, &t->y)) {
		if (read_num(&p, 8, 8, &t->y) && !*p) {
			t->d = t->y % 100;
			t->mo = t->y / 100 % 100;
			t->y /= 10000;
			return FORM_OK;
		}
		return FORM_NO;
	}
	if (*p != '-' && *p != '/')
		return FORM_NO;
	sep = *p++;
	if (!read_num(&p, 1, 2, &t->mo) || *p++ != sep || !read_num(&p, 1, 2, &t->d)) {
		fail(err, n, s, "malformed year-first date (expected YYYY-MM-DD)");
		return FORM_BAD;
	}
	return read_tail(p, t, 1, 0, s, err, n);
}

/* Numeric day/month dates: A/B/YYYY with '/', '.' or '-', then an optional
 * ", " and time.  Needs a declared order. */
static enum form read_numeric(const char *s, enum datefmt_order order, struct dt *t, char *err, size_t n)
{
	const char *p = s;
	int a, b, ylen;
	char sep;

	if (!read_num(&p, 1, 2, &a) || (*p != '/' && *p != '.' && *p != '-'))
		return FORM_NO;
	sep = *p++;
	if (!read_num(&p, 1, 2, &b) || *p++ != sep)
		return FORM_NO;
	ylen = read_num(&p, 1, 4, &t->y);
	if (ylen == 0)
		return FORM_NO;
	if (ylen != 4) {
		fail(err, n, s, "the year needs four digits");
		return FORM_BAD;
	}
	if (order == DATEFMT_UNDECLARED) {
		fail(err, n, s,
		     "numeric date with day and month in unknown order: declare day_first or month_first");
		return FORM_BAD;
	}
	t->d = order == DATEFMT_DAY_FIRST ? a : b;
	t->mo = order == DATEFMT_DAY_FIRST ? b : a;
	return read_tail(p, t, 0, 1, s, err, n);
}

/* Skip separators between the parts of a named-month date. */
static void skip_date_seps(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == ',' || **p == '-' || **p == '/' || **p == '.')
		(*p)++;
}

/* Dates with an English month name: [Weekday,] D Mon[,] YYYY or
 * Mon D[st|nd|rd|th][,] YYYY, then an optional time and offset. */
static enum form read_named(const char *s, struct dt *t, char *err, size_t n)
{
	const char *p = s;

	if (read_weekday(&p)) {
		if (*p == ',')
			p++;
		skip_ws(&p);
	}
	if (read_num(&p, 1, 2, &t->d)) {
		skip_date_seps(&p);
		if (!read_month_name(&p, &t->mo))
			return FORM_NO;
	} else if (read_month_name(&p, &t->mo)) {
		skip_date_seps(&p);
		if (!read_num(&p, 1, 2, &t->d))
			return FORM_NO;
		if (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
		    strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0)
			p += 2;
	} else {
		return FORM_NO;
	}
	skip_date_seps(&p);
	if (read_num(&p, 4, 4, &t->y) != 4) {
		fail(err, n, s, "the year needs four digits");
		return FORM_BAD;
	}
	return read_tail(p, t, 0, 1, s, err, n);
}

/* Unix time: exactly 10 digits (seconds) or 13 (milliseconds). */
static enum form read_unix(const char *s, lc_time *out, char *err, size_t n)
{
	size_t len = strspn(s, "0123456789");
	lc_time v = 0;
	size_t i;

	if (len == 0 || s[len])
		return FORM_NO;
	if (len == 8)
		return FORM_NO; /* YYYYMMDD: read_iso */
	if (len != 10 && len != 13) {
		fail(err, n, s,
		     "a bare number is not a date (Unix time has 10 digits, or 13 in milliseconds; "
		     "spreadsheet serial dates are not read)");
		return FORM_BAD;
	}
	for (i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	*out = len == 13 ? v / 1000 : v;
	return FORM_OK;
}

/* Check the ranges of t; returns 0, or -1 with a message. */
static int dt_validate(struct dt *t, const char *value, char *err, size_t n)
{
	if (t->y < 1900 || t->y > 9999) {
		fail(err, n, value, "year %d is out of range", t->y);
		return -1;
	}
	if (t->mo < 1 || t->mo > 12) {
		fail(err, n, value, "month %d does not exist", t->mo);
		return -1;
	}
	if (t->d < 1 || t->d > days_in_month(t->y, t->mo)) {
		fail(err, n, value, "day %d is past the end of %s %d", t->d, month_display[t->mo - 1], t->y);
		return -1;
	}
	if (t->ampm) {
		if (t->h < 1 || t->h > 12) {
			fail(err, n, value, "hour %d is not a 12-hour clock hour", t->h);
			return -1;
		}
		t->h = t->h % 12 + (t->ampm == 2 ? 12 : 0);
		t->ampm = 0;
	}
	if (t->h > 23 || t->mi > 59 || t->s > 59) {
		fail(err, n, value, "time %02d:%02d:%02d does not exist", t->h, t->mi, t->s);
		return -1;
	}
	return 0;
}

/* The instant of a validated t; a wall time is read in zone tz by
 * clock_from_local (DST gaps and overlaps as it documents), which remembers
 * the zone's offsets itself (issue 13), so nothing is cached here. */
static int dt_instant(const struct dt *t, const char *tz, lc_time *out)
{
	lc_time wall = days_from_civil(t->y, t->mo, t->d) * 86400 + t->h * 3600 + t->mi * 60 + t->s;
	struct tm tm;

	if (t->has_offset) {
		*out = wall - t->offset;
		return 0;
	}
	if (!tz || !*tz || strcmp(tz, "UTC") == 0) {
		*out = wall;
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = t->y - 1900;
	tm.tm_mon = t->mo - 1;
	tm.tm_mday = t->d;
	tm.tm_hour = t->h;
	tm.tm_min = t->mi;
	tm.tm_sec = t->s;
	tm.tm_isdst = -1;
	return clock_from_local(&tm, tz, out);
}

/* Match s against pattern pat.  Returns FORM_OK, or FORM_BAD with a message
 * naming the pattern. */
static enum form read_pattern(const char *s, const char *pat, struct dt *t, char *err, size_t n)
{
	const char *p = s, *f = pat;

	while (*f) {
		if (*f == ' ' || *f == '\t') {
			skip_ws(&p);
			f++;
			continue;
		}
		if (*f != '%') {
			if (tolower((unsigned char)*p) != tolower((unsigned char)*f))
				goto nomatch;
			p++;
			f++;
			continue;
		}
		f++;
		switch (*f) {
		case 'Y':
			if (read_upto(&p, 4, 4, &t->y) != 4)
				goto nomatch;
			break;
		case 'y':
			/* Declared two-digit years, by the POSIX strptime rule:
			 * 69-99 are 1969-1999, 00-68 are 2000-2068. */
			if (read_upto(&p, 2, 2, &t->y) != 2)
				goto nomatch;
			t->y += t->y < 69 ? 2000 : 1900;
			break;
		case 'm':
			if (!read_upto(&p, 1, 2, &t->mo))
				goto nomatch;
			break;
		case 'd':
		case 'e':
			skip_ws(&p);
			if (!read_upto(&p, 1, 2, &t->d))
				goto nomatch;
			break;
		case 'H':
		case 'I':
			if (!read_upto(&p, 1, 2, &t->h))
				goto nomatch;
			break;
		case 'M':
			if (read_upto(&p, 2, 2, &t->mi) != 2)
				goto nomatch;
			break;
		case 'S':
			if (read_upto(&p, 2, 2, &t->s) != 2)
				goto nomatch;
			break;
		case 'f':
			if (!skip_digits(&p))
				goto nomatch;
			break;
		case 'p':
			if (!read_ampm(&p, t))
				goto nomatch;
			break;
		case 'b':
		case 'B':
		case 'h':
			if (!read_month_name(&p, &t->mo))
				goto nomatch;
			break;
		case 'a':
		case 'A':
			if (!read_weekday(&p))
				goto nomatch;
			break;
		case 'z':
		case 'Z':
			if (read_offset(&p, t, s, err, n) != FORM_OK)
				goto nomatch;
			break;
		case 'T':
			if (!read_upto(&p, 1, 2, &t->h) || *p++ != ':' || read_upto(&p, 2, 2, &t->mi) != 2 ||
			    *p++ != ':' || read_upto(&p, 2, 2, &t->s) != 2)
				goto nomatch;
			break;
		case 'F':
			if (read_upto(&p, 4, 4, &t->y) != 4 || *p++ != '-' || !read_upto(&p, 1, 2, &t->mo) ||
			    *p++ != '-' || !read_upto(&p, 1, 2, &t->d))
				goto nomatch;
			break;
		case '%':
			if (*p++ != '%')
				goto nomatch;
			break;
		default: goto nomatch; /* rejected by datefmt_spec already */
		}
		f++;
	}
	skip_ws(&p);
	if (*p)
		goto nomatch;
	return FORM_OK;
nomatch:
	fail(err, n, s, "does not match the date pattern '%s'", pat);
	return FORM_BAD;
}

void datefmt_init(struct datefmt *f)
{
	f->order = DATEFMT_UNDECLARED;
	f->pattern[0] = '\0';
}

/* 1 when the pattern names a year, a month and a day, and every % is a
 * conversion we read; otherwise 0 with a message. */
static int pattern_ok(const char *pat, char *err, size_t n)
{
	int year = 0, month = 0, day = 0, hour12 = 0, ampm = 0;
	const char *f;

	for (f = pat; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		switch (*f) {
		case 'Y': year = 1; break;
		case 'm':
		case 'b':
		case 'B':
		case 'h': month = 1; break;
		case 'd':
		case 'e': day = 1; break;
		case 'F': year = month = day = 1; break;
		case 'I': hour12 = 1; break;
		case 'p': ampm = 1; break;
		case 'H':
		case 'M':
		case 'S':
		case 'f':
		case 'a':
		case 'A':
		case 'z':
		case 'Z':
		case 'T':
		case '%': break;
		case 'y': year = 1; break;
		case '\0':
			if (err && n)
				snprintf(err, n, "date pattern '%s' ends with a lone '%%'", pat);
			return 0;
		default:
			if (err && n)
				snprintf(err, n, "date pattern '%s': unknown conversion '%%%c'", pat, *f);
			return 0;
		}
	}
	if (!year || !month || !day) {
		if (err && n)
			snprintf(err, n,
			         "date pattern '%s' must name a year (%%Y or %%y), a month (%%m or %%b) and "
			         "a day "
			         "(%%d)",
			         pat);
		return 0;
	}
	if (hour12 != ampm) {
		if (err && n)
			snprintf(err, n, "date pattern '%s': %%I and %%p go together", pat);
		return 0;
	}
	return 1;
}

int datefmt_spec(const char *spec, struct datefmt *out, char *err, size_t errlen)
{
	size_t len;

	if (!spec)
		spec = "";
	while (isspace((unsigned char)*spec))
		spec++;
	len = strlen(spec);
	while (len && isspace((unsigned char)spec[len - 1]))
		len--;
	if (len == 9 && strncasecmp(spec, "day_first", 9) == 0) {
		out->order = DATEFMT_DAY_FIRST;
		return 0;
	}
	if (len == 11 && strncasecmp(spec, "month_first", 11) == 0) {
		out->order = DATEFMT_MONTH_FIRST;
		return 0;
	}
	if (len == 4 && strncasecmp(spec, "auto", 4) == 0) {
		datefmt_init(out);
		return 0;
	}
	if (memchr(spec, '%', len)) {
		char pat[sizeof out->pattern];
		if (len >= sizeof pat) {
			if (err && errlen)
				snprintf(err, errlen, "date pattern is longer than %zu bytes",
				         sizeof pat - 1);
			return -1;
		}
		memcpy(pat, spec, len);
		pat[len] = '\0';
		if (!pattern_ok(pat, err, errlen))
			return -1;
		memcpy(out->pattern, pat, len + 1);
		return 0;
	}
	if (err && errlen)
		snprintf(err, errlen,
		         "unknown date format '%.*s': use day_first, month_first, auto or a pattern such as "
		         "'%%d.%%m.%%Y %%H:%%M'",
		         (int)(len > 60 ? 60 : len), spec);
	return -1;
}

const char *datefmt_describe(const struct datefmt *f, char *buf, size_t n)
{
	const char *order = !f || f->order == DATEFMT_UNDECLARED ? "auto"
	                    : f->order == DATEFMT_DAY_FIRST      ? "day_first"
	                                                         : "month_first";

	if (f && f->pattern[0] && f->order != DATEFMT_UNDECLARED)
		snprintf(buf, n, "%s, then %s", f->pattern, order);
	else if (f && f->pattern[0])
		snprintf(buf, n, "%s", f->pattern);
	else
		snprintf(buf, n, "%s", order);
	return buf;
}

int datefmt_parse(const char *s, const struct datefmt *f, const char *tz, lc_time *out, char *err,
                  size_t errlen)
{
	char buf[128], pattern_err[256];
	const char *v;
	size_t len;
	struct dt t;
	enum form r;
	enum datefmt_order order = f ? f->order : DATEFMT_UNDECLARED;

	pattern_err[0] = '\0';
	if (!s)
		s = "";
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0) {
		if (err && errlen)
			snprintf(err, errlen, "empty date");
		return -1;
	}
	if (len >= sizeof buf) {
		fail(err, errlen, s, "too long to be a date");
		return -1;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = buf;

	if (f && f->pattern[0]) {
		memset(&t, 0, sizeof t);
		if (read_pattern(v, f->pattern, &t, pattern_err, sizeof pattern_err) == FORM_OK)
			goto validate;
	}
	r = read_unix(v, out, err, errlen);
	if (r == FORM_OK)
		return 0;
	if (r == FORM_BAD)
		goto bad;
	memset(&t, 0, sizeof t);
	r = read_iso(v, &t, err, errlen);
	if (r == FORM_NO) {
		memset(&t, 0, sizeof t);
		r = read_numeric(v, order, &t, err, errlen);
	}
	if (r == FORM_NO) {
		memset(&t, 0, sizeof t);
		r = read_named(v, &t, err, errlen);
	}
	if (r == FORM_NO) {
		fail(err, errlen, v,
		     "not a date (expected ISO-8601 such as 2026-05-10 09:15, a month name, Unix time, "
		     "or a declared day_first/month_first date)");
		goto bad;
	}
	if (r == FORM_BAD)
		goto bad;
validate:
	if (dt_validate(&t, v, err, errlen) != 0)
		return -1;
	if (dt_instant(&t, tz, out) != 0) {
		fail(err, errlen, v, "cannot convert from time zone '%s'", tz ? tz : "");
		return -1;
	}
	return 0;
bad:
	/* With a pattern declared, its mismatch is the clearer message. */
	if (pattern_err[0] && err && errlen)
		snprintf(err, errlen, "%s", pattern_err);
	return -1;
}
