/* bizhours: deadline arithmetic in calendar or business time.
 *
 * Pure functions over a plain calendar: no SQLite, no printing.  Local
 * times are those of the calendar's IANA time zone, DST included.
 *
 * Calendar durations are exact elapsed seconds: "1d" is 86400 s even
 * across a DST change (23 or 25 wall-clock hours), never "same wall time
 * tomorrow".  Business durations count only seconds inside business hours;
 * each business day is [open, close) with the wall-clock times mapped to
 * real instants, so a business day on a DST-change day has its real
 * length (a wall time in a DST gap maps to the end of the gap, an
 * ambiguous one to its earlier instant).  Walks go day by day, and a
 * forward search gives up after 3660 days. */
#ifndef LEADCTL_BIZHOURS_H
#define LEADCTL_BIZHOURS_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

/* Weekly business hours and holidays in one time zone. */
struct lc_bizcal {
	char tz[64];      /* IANA zone, e.g. "Europe/Madrid"; "" = UTC */
	int open_min[7];  /* per weekday (0 = Sunday, as tm_wday): opening, minutes after local midnight */
	int close_min[7]; /* closing, minutes after midnight; open == close means closed all day */
	size_t nholidays;
	int32_t *holidays; /* sorted local dates as YYYYMMDD (20261225); closed all day; owned */
};

/* Initialise cal: UTC, Monday-Friday 09:00-17:00, no holidays. */
void biz_init(struct lc_bizcal *cal);
/* Free the holidays of cal. */
void biz_clear(struct lc_bizcal *cal);

/* Add the local date yyyymmdd to cal's holidays, keeping them sorted and
 * unique (the array stays owned by cal).  Returns 0, or -1 when it is not
 * a real date or memory runs out (cal unchanged). */
int biz_add_holiday(struct lc_bizcal *cal, int32_t yyyymmdd);

/* Check cal: known time zone, hours within 0..1440 with open <= close,
 * holidays sorted and unique.  Returns 0, or -1 with *why (static text;
 * why may be NULL) naming the first problem.  biz_add, biz_between and
 * biz_is_open assume a valid calendar. */
int biz_validate(const struct lc_bizcal *cal, const char **why);

/* The instant `seconds` after start.  Calendar time (business == 0): plain
 * elapsed seconds.  Business time: only seconds inside business hours count;
 * a start outside hours begins counting at the next opening (so 0 s from
 * outside hours is that opening), and a count that ends exactly at a
 * closing gives the closing.  Returns 0, or -1 when no business time
 * exists (a calendar with no open hours, none within 3660 days), for a
 * negative business duration, on overflow or a time-zone failure. */
int biz_add(const struct lc_bizcal *cal, lc_time start, int64_t seconds, int business, lc_time *out);

/* N business days after start: the instant at the same business offset
 * into the day (time since that day's opening) N open days later, clamped
 * to that day's closing.  A start outside hours counts from the next
 * opening (offset 0).  0 days = start itself, moved to the next opening when
 * outside hours.  Returns 0, or -1 for days < 0 or a calendar without open
 * hours. */
int biz_add_days(const struct lc_bizcal *cal, lc_time start, int64_t days, lc_time *out);

/* Seconds from a to b (negative when b < a), counting only business time
 * when business != 0 (the business seconds of [min(a,b), max(a,b))).
 * Linear in the number of days between a and b; 0 when the calendar's
 * time zone cannot be used. */
int64_t biz_between(const struct lc_bizcal *cal, lc_time a, lc_time b, int business);

/* 1 when t falls inside business hours: open at the opening instant,
 * closed at the closing instant. */
int biz_is_open(const struct lc_bizcal *cal, lc_time t);

#endif
