/* datefmt: the dates and times found in CSV exports, read strictly.
 *
 * Pure functions: no database, no printing.  Every accepted text names one
 * instant; anything doubtful is refused with a message saying why and what
 * to declare.  Accepted without any declaration (docs/import-mapping.md):
 *
 *   ISO-8601        2026-05-10, 2026-05-10 09:15, 2026-05-10T09:15:00.000Z,
 *                   2026-05-10T09:15:00+02:00, ...+0200, ...+02, 2026/05/10
 *   month by name   15 Apr, 2021 00:03:00 (Zoho), Apr 15, 2021 9:05 PM,
 *                   15-Apr-2021, Thu, 15 Apr 2021 00:03:00 +0000
 *   Unix time       1715332500 (10 digits, seconds),
 *                   1715332500123 (13 digits, milliseconds)
 *
 * Numeric day/month dates (21/11/2026 14:05, "08/10/2024, 21:35",
 * 5/10/2026 09:15:00, 21.11.2026, 21-11-2026) are read only when the order
 * is declared day_first or month_first -- even when a part above 12 would
 * make one reading impossible, so that a file is never read half one way,
 * half the other.  Two-digit years are read only through a declared pattern's
 * %y (the POSIX strptime rule: 69-99 are 1969-1999, 00-68 are 2000-2068),
 * never guessed.
 *
 * A time without an offset is a wall time in the zone given by the caller
 * (IANA name; NULL or "" = UTC); "Z", "UTC", "GMT" and numeric offsets
 * override it. */
#ifndef LEADCTL_DATEFMT_H
#define LEADCTL_DATEFMT_H

#include <stddef.h>

#include "leadctl/clock.h"

/* How to read a numeric date whose first two parts could be day or month. */
enum datefmt_order {
	DATEFMT_UNDECLARED, /* refuse them, asking for a declaration */
	DATEFMT_DAY_FIRST,  /* 08/10/2024 is 8 October 2024 */
	DATEFMT_MONTH_FIRST /* 5/10/2026 is May 10 2026 */
};

/* A declared date format: an order for numeric dates, optionally a pattern. */
struct datefmt {
	enum datefmt_order order; /* numeric day/month order */
	char pattern[64];         /* strftime-like pattern tried first; "" = none */
};

/* Initialise f: nothing declared, no pattern. */
void datefmt_init(struct datefmt *f);

/* Read a declaration: "day_first", "month_first", "auto" (nothing
 * declared), or a pattern containing '%' (see docs/import-mapping.md for
 * the conversions: %Y %y %m %d %e %H %I %M %S %p %b %B %h %a %A %z %Z %f %T
 * %F %%).  A pattern keeps the order already in *out.  Returns 0, or -1 with
 * a message in err (errlen bytes, may be 0) and *out unchanged. */
int datefmt_spec(const char *spec, struct datefmt *out, char *err, size_t errlen);

/* The declaration of f as text ("auto", "day_first", "month_first" or the
 * pattern) into buf (at least 64 bytes for a pattern); returns buf. */
const char *datefmt_describe(const struct datefmt *f, char *buf, size_t n);

/* Parse the date/time text s (leading and trailing white space ignored)
 * under format f (NULL = nothing declared); a wall time is read in zone tz.
 * A declared pattern is tried first, then the forms that need no
 * declaration.  Returns 0 and the instant in *out, or -1 with a one-line
 * message in err naming the value ("'2026-02-30': day 30 is past the end of
 * February 2026").  An empty s is an error ("empty date"): callers that
 * allow a missing date test for it first. */
int datefmt_parse(const char *s, const struct datefmt *f, const char *tz, lc_time *out, char *err,
                  size_t errlen);

#endif
