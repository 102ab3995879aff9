/* when: times as people type them, for --at and --since.
 *
 * Pure (no clock, no environment): now and the time zone are arguments,
 * so a table of cases tests it.  Accepted, ASCII case-insensitive:
 *   now
 *   today, yesterday               local midnight starting that day
 *   monday .. sunday (mon .. sun)  the latest such day before today
 *                                  (today's weekday means a week ago)
 *   any of the day words + " HH:MM" (e.g. "yesterday 14:30")
 *   N UNIT ago                     N whole units before now; UNIT is
 *                                  s, m, h, d, w or second(s), minute(s),
 *                                  min(s), hour(s), day(s), week(s);
 *                                  "2h ago", "3 days ago", "90 min ago"
 * Anything else is left to the ISO-8601 parser (clock_parse_iso). */
#ifndef LEADCTL_WHEN_H
#define LEADCTL_WHEN_H

#include "leadctl/clock.h"

/* Parse s as above at now in time zone tz (IANA name; NULL/"" = UTC).
 * Returns 0 with the instant in *out and *day = 1 when s named a day
 * without a time of day (its local midnight), or -1 when s is none of
 * these forms. */
int when_parse(const char *s, lc_time now, const char *tz, lc_time *out, int *day);

/* when_parse, else clock_parse_iso(s, tz).  Returns 0 or -1. */
int when_parse_any(const char *s, lc_time now, const char *tz, lc_time *out);

/* The local date "YYYY-MM-DD" (buf at least 11 bytes) that a day word
 * (today, yesterday, a weekday, optionally "N d ago"/"N w ago") names at
 * now in tz; for report periods.  Returns 0, or -1 when s is not a day
 * word (an ISO date is left to its own parser). */
int when_date(const char *s, lc_time now, const char *tz, char *buf, size_t n);

#endif
