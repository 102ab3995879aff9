/* clock: the current instant, ISO-8601 instants and durations.
 *
 * Every instant in leadctl is an lc_time: whole seconds since 1970-01-01T00:00:00Z
 * (UTC).  The database stores instants in this form (INTEGER columns). */
#ifndef LEADCTL_CLOCK_H
#define LEADCTL_CLOCK_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t lc_time;

/* The current instant: LEADCTL_NOW when set (ISO-8601), else the system
 * clock.  Returns 0, or LC_CONFIG after printing an error when LEADCTL_NOW
 * is not a valid instant. */
int clock_now(lc_time *out);

/* Parse an ISO-8601 instant: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "...:SS",
 * optional fraction (dropped), 'T' or ' ' separator, and "Z", "+HH:MM",
 * "+HHMM" or "+HH" offset.  Without an offset the text is read in time
 * zone tz (IANA name; NULL or "" means UTC).  Returns 0 or -1. */
int clock_parse_iso(const char *s, const char *tz, lc_time *out);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void clock_format_utc(lc_time t, char *buf, size_t n);

/* Format t in time zone tz (NULL/"" = UTC) as "YYYY-MM-DD HH:MM" into buf
 * (at least 17 bytes); used for tables. */
void clock_format_local(lc_time t, const char *tz, char *buf, size_t n);

/* Format t as an RFC 3339 local time with offset, "YYYY-MM-DDTHH:MM:SS+01:00". */
void clock_format_offset(lc_time t, const char *tz, char *buf, size_t n);

/* Parse a duration: an unsigned integer followed by s, m, h, d or w
 * ("30s", "5m", "4h", "2d", "1w").  Returns 0 and seconds in *out, or -1. */
int duration_parse(const char *s, int64_t *out);

/* Format seconds as a short human duration ("45s", "12m", "3h 5m", "2d 4h",
 * "-"); negative values get a leading '-'. */
void duration_format(int64_t seconds, char *buf, size_t n);

/* The abbreviation of zone tz at instant t ("CET", "CEST", "UTC") into
 * buf, for table headers; the zone's name when it has none. */
void clock_zone_abbrev(lc_time t, const char *tz, char *buf, size_t n);

/* 1 when tz names a time zone known to the system's tz database. */
int clock_tz_valid(const char *tz);

/* Broken-down local time of t in zone tz (NULL/"" = UTC).  Returns 0/-1. */
struct tm;
int clock_to_local(lc_time t, const char *tz, struct tm *out);
/* The instant of a local wall time in zone tz.  For a time that does not
 * exist (DST gap) the instant just after the gap is returned; for an
 * ambiguous one (DST overlap) the earlier instant.  Returns 0/-1. */
int clock_from_local(const struct tm *local, const char *tz, lc_time *out);

/* The conversions above in a named zone remember the zone's state (UTC
 * offset, DST flag, abbreviation) per UTC day from glibc's localtime_r, for
 * the life of the process; results are exactly localtime_r's (clock.c says
 * why).  on = 0 turns that memory off and empties it, 1 turns it back on
 * (the default): for tests that compare both, and for diagnosis. */
void clock_cache_set(int on);

#endif
