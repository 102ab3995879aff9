/* next_ics: `leadctl next --format ics`, the work list as iCalendar. */
#ifndef LEADCTL_NEXT_ICS_H
#define LEADCTL_NEXT_ICS_H

#include <stddef.h>
#include <stdio.h>

#include "leadctl/check.h"

/* Write items (in list order) as one VCALENDAR (RFC 5545, CRLF lines
 * folded at 75 octets) on f: one VEVENT per item at its deadline (UTC),
 * 15 minutes long, SUMMARY "OVERDUE first touch: NAME (COMPANY)", the
 * rule, stage, score and owner in DESCRIPTION, CATEGORIES overdue, soon or
 * later, PRIORITY 1 when overdue, and a UID stable across runs (lead, kind
 * and deadline) so a subscribed calendar updates rather than doubles.
 * DTSTAMP is now.  Returns 0, or -1 on a write error. */
int next_ics_write(FILE *f, const struct lc_next_item *items, size_t n, lc_time now);

#endif
