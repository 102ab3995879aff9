/* report: the funnel, response, velocity, leak and cac reports.
 *
 * Three parts:
 *   - pure helpers (report.c): local calendar dates, ISO weeks, the report
 *     period P, nearest-rank percentiles, the prorated MQL commitment,
 *     money and bar formatting;
 *   - the store (store_report.c): reads the report views of
 *     migrations/004_reports.sql for a period and hands plain rows to a
 *     callback; the only report code that speaks SQL;
 *   - the commands (cmd_report.c): choose the period and the grouping,
 *     aggregate, print.
 * Definitions: docs/reports.md. */
#ifndef LEADCTL_REPORT_H
#define LEADCTL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

struct lc_db;

/* ---- calendar ----------------------------------------------------------- */

/* A local calendar date (no time zone attached). */
struct report_date {
	int y; /* year, e.g. 2026 */
	int m; /* month 1..12 */
	int d; /* day 1..31 */
};

/* Days in month m of year y (Gregorian). */
int report_days_in_month(int y, int m);
/* Days since 1970-01-01 of a valid date (negative before). */
int64_t report_days_from_civil(struct report_date d);
/* The date of a day number (inverse of report_days_from_civil). */
struct report_date report_civil_from_days(int64_t days);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int report_weekday(struct report_date d);
/* The ISO-8601 week of d: week-numbering year and week 1..53. */
void report_iso_week(struct report_date d, int *iso_year, int *week);
/* Number of ISO weeks of a week-numbering year: 52 or 53. */
int report_iso_weeks_in_year(int iso_year);
/* The Monday of ISO week `week` of `iso_year` (week must be valid). */
struct report_date report_iso_week_monday(int iso_year, int week);
/* d plus n days. */
struct report_date report_date_add(struct report_date d, int64_t n);
/* Compare: <0, 0, >0. */
int report_date_cmp(struct report_date a, struct report_date b);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void report_date_format(struct report_date d, char *buf, size_t n);

/* Strict parsers; each returns 0, or -1 when s is not exactly the form or
 * names no real date/week/month. */
int report_date_parse(const char *s, struct report_date *out);  /* "2026-11-09" */
int report_week_parse(const char *s, int *iso_year, int *week); /* "2026-W46" */
int report_month_parse(const char *s, int *y, int *m);          /* "2026-11" */

/* The local dates [since, until) of a week key ("2026-W46") or a month key
 * ("2026-11"), as the views' local_week / local_month columns spell them.
 * Returns 0, or -1 when key is neither. */
int report_key_range(const char *key, struct report_date *since, struct report_date *until);

/* The key of the local week (month != 0: month) that holds d, spelt as the
 * views' local_week ("2026-W46") / local_month ("2026-11") columns spell it,
 * into buf (at least 16 bytes); and, in *next, the first day of the
 * following week or month.  With it a report lists every period of P, the
 * empty ones included (docs/reports.md, "Grouping"). */
void report_period_key(struct report_date d, int month, char *buf, size_t n, struct report_date *next);

/* ---- the period P ------------------------------------------------------- */

/* P = [from, to): whole local days [since, until) in one time zone. */
struct report_period {
	struct report_date since; /* first local day of P */
	struct report_date until; /* first local day after P (exclusive) */
	lc_time from;             /* local midnight starting `since`, UTC */
	lc_time to;               /* local midnight starting `until`, UTC */
	char label[16];           /* "2026-W46", "2026-11", or "" for a date range */
};

/* Resolve the command line into P, in time zone tz (NULL/"" = UTC):
 *   week "2026-W46"            its Monday .. the next Monday
 *   month "2026-11"            its first day .. the next month's first day
 *   since [until]              [since, until); without until, up to and
 *                              including the local day of now
 *   nothing                    the last complete ISO week before now
 * week, month and since/until exclude each other; until needs since.
 * Returns 0, or -1 with a one-line message in err (naming the option and
 * the expected form). */
int report_period_resolve(const char *since, const char *until, const char *week, const char *month,
                          lc_time now, const char *tz, struct report_period *out, char *err, size_t errlen);

/* ---- numbers ------------------------------------------------------------ */

/* The p-th percentile (0 < p <= 100) of n >= 1 values sorted ascending, by
 * the nearest-rank method: the value at rank ceil(p*n/100). */
int64_t report_percentile(const int64_t *sorted, size_t n, int p);

/* An SLA version's MQL commitment: in force from installed_at on. */
struct report_commitment {
	lc_time installed_at; /* when the version came into force */
	int has;              /* 1 when it states commitments.mql_per_month */
	double per_month;     /* MQLs per month */
};

/* The MQL commitment of the local days [since, until) in zone tz: each day
 * counts per_month / (days in its month) of the version in force at the
 * end of that day (the last one installed before the next local midnight).
 * v is sorted by installed_at.  Returns the sum, and *have = 1 when at
 * least one day had a commitment (else the result is 0 and *have = 0). */
double report_commitment_between(const struct report_commitment *v, size_t n, struct report_date since,
                                 struct report_date until, const char *tz, int *have);

/* The one rounding rule of every report figure (docs/reports.md, "Output"):
 * v as a decimal with `places` places (0 to 9), rounded half away from
 * zero: 0.65625 -> "0.6563" (4), 0.625 -> "0.63" (2), -0.125 -> "-0.13" (2).
 * A value within 1e-6 of a unit in the last place of a tie is a tie, so a
 * quotient whose exact decimal ends in 5 (3 / 20000 = 0.00015) rounds like
 * one, whatever its binary rounding.  buf at least 32 bytes. */
void report_format_fixed(double v, int places, char *buf, size_t n);

/* Cents as a decimal with 2 places, by report_format_fixed's rule:
 * 123456.5 -> "1234.57", -5 -> "-0.05".  buf at least 32 bytes. */
void report_format_money(double cents, char *buf, size_t n);

/* A bar of frac (clamped to 0..1) of width cells, in eighths of a block
 * ('█', '▉' ... '▏'); "" for 0.  buf at least 4 * width + 1 bytes. */
void report_bar(double frac, int width, char *buf, size_t n);

/* ---- the store ---------------------------------------------------------- */

/* The grouping keys of a row; NULL = none.  Borrowed: valid only during the
 * callback. */
struct report_keys {
	const char *source;   /* the lead's source (channel), as now */
	const char *campaign; /* the lead's campaign, as now */
	const char *owner;    /* the lead's owner, as now */
	const char *week;     /* local ISO week of the row's instant, "2026-W46" */
	const char *month;    /* local month of the row's instant, "2026-11" */
};

/* The SLA facts the reports use. */
struct report_sla {
	int version;                           /* in force now; 0 = none */
	char *name;                            /* its name or NULL; owned */
	char *timezone;                        /* its time zone or NULL; owned */
	int has_economics;                     /* 1 when gross margin and lifetime are given */
	double gross_margin;                   /* fraction */
	double lifetime_years;                 /* years */
	struct report_commitment *commitments; /* every version, by installed_at; owned */
	size_t ncommitments;
};

/* Read report_sla.  Returns 0 or an exit status (after a diagnostic). */
int report_store_sla(struct lc_db *db, struct report_sla *out);
/* Free what report_store_sla filled; safe on a zeroed struct. */
void report_sla_clear(struct report_sla *s);

/* The first entry of a lead into a stage within P. */
struct report_entry {
	struct report_keys k;
	int64_t lead_id;
	int stage;   /* enum lc_stage */
	int current; /* the lead's stage now (enum lc_stage) */
	lc_time at;
	int has_amount; /* won: amount_cents is set */
	int64_t amount_cents;
};

/* The touch states of an MQL entry (report_mql_entries.touch_state). */
enum report_touch { RT_NEVER, RT_IN_TIME, RT_LATE, RT_NO_DEADLINE };

/* Leak states of an MQL cohort member, mutually exclusive. */
enum report_state {
	RS_WON,
	RS_LOST,
	RS_DISQUALIFIED,
	RS_RECYCLED,
	RS_OPEN_OVERDUE,
	RS_OPEN_STALLED,
	RS_OPEN_ON_TRACK,
	RS_OTHER,
	RS_COUNT
};

/* A member of the MQL cohort of P (its first MQL entry in P). */
struct report_cohort {
	struct report_keys k; /* week/month of the MQL entry */
	int64_t lead_id;
	lc_time mql_at;
	int touch;              /* enum report_touch */
	int has_response;       /* touched: response_s is set */
	int64_t response_s;     /* MQL entry to first touch, seconds */
	int entered_sql;        /* entered sql after the MQL entry */
	int state;              /* enum report_state, judged at now */
	const char *reason;     /* reason of the entry into the current stage, or NULL */
	int leaked;             /* no sql after the entry, and recycled, disqualified or open overdue */
	int current;            /* enum lc_stage: the lead's stage now */
	lc_time activity_at;    /* its latest touch or stage change (stale rules) */
	lc_time first_touch_at; /* the first touch at or after mql_at (when has_response) */
	int business;           /* the entry's response rule counts business time: 1, else 0 */
	int sla_version;        /* the SLA version of that rule (0: no obligation) */
	int stale_business;     /* the stale rule of its stage (SLA in force) counts business time */
};

/* The facts of an MQL entry that its judgement at now reads (the columns
 * of report_mql_entries before they are judged); has_* = 0 for NULL. */
struct report_member_facts {
	lc_time mql_at;          /* the entry */
	int has_touch;           /* a touch at or after mql_at (at any time) */
	lc_time first_touch_at;  /* the first one */
	int has_due;             /* the entry opened an obligation */
	lc_time first_touch_due; /* its first-touch deadline */
	lc_time started_at;      /* and its start (an SLA installed later starts it later) */
	int has_sql;             /* an entry into sql after the MQL entry */
	lc_time sql_at;          /* the first one */
	int current;             /* the lead's stage now (enum lc_stage), -1 unknown */
	lc_time activity_at;     /* its latest touch or stage change */
	int has_next_due;        /* it has an open obligation */
	lc_time next_due_at;     /* the earliest deadline of its open obligations */
	int has_stale;           /* the SLA in force has a stale rule for its stage */
	int64_t stale_s;         /* that rule, seconds (calendar) */
};

/* Judge a cohort member at now (UTC seconds) as the views and
 * docs/reports.md do ("Response", "Leak"): sets c->touch (never when the
 * first touch is later than now; no_deadline without an obligation or
 * when the touch preceded its start; in_time at or before the deadline;
 * late), has_response / response_s (first touch - mql_at, when touched
 * by now), first_touch_at, entered_sql (an sql entry by now), current,
 * activity_at, state (won, lost, disqualified, recycled = nurture; mql
 * or sql: overdue when an open deadline is before now, else stalled when
 * activity_at + stale_s is before now, else on track; other when current
 * is unknown) and leaked (no sql by now, and recycled, disqualified or
 * open overdue).  Pure; the other fields of c are left as they are. */
void report_judge_member(const struct report_member_facts *f, lc_time now, struct report_cohort *c);

/* A completed transition (report_velocity): first entry into its stage in P. */
struct report_pair {
	struct report_keys k; /* week/month of the completing entry */
	int kind;             /* 0 = MQL to SQL, 1 = SQL to close */
	int64_t seconds;
};

/* Spend of one channel/campaign on local days of P within one local week
 * and month: the sum of their daily shares. */
struct report_spend {
	struct report_keys k; /* source = channel, campaign, owner NULL, week/month of the day */
	double cents;
};

/* A lead created in P. */
struct report_lead {
	struct report_keys k; /* week/month of created_at */
	int64_t lead_id;
};

/* A spend row spread over its days (report_spend_days of
 * migrations/004_reports.sql): each local day of [start, end] carries an
 * equal share, amount_cents / (days in [start, end]) (REAL: not rounded).
 * For the days of that range within [since, until), cb is called once per
 * run of consecutive days in one ISO week and one month, with their keys
 * ("2026-W46", "2026-11") and the sum of their shares added day by day.
 * Pure.  Returns 0, or cb's non-zero return. */
int report_spend_split(struct report_date start, struct report_date end, int64_t amount_cents,
                       struct report_date since, struct report_date until,
                       int (*cb)(void *arg, const char *week, const char *month, double cents), void *arg);

/* What a store walk reads besides a row's own facts (or-ed flags).  Each
 * costs index probes per row, so a report asks only for what it shows;
 * what is not asked for is left zero / NULL / -1 in the rows. */
enum report_need {
	RN_LOCAL_KEYS = 1 << 0, /* k.week, k.month (three localtime conversions per row) */
	RN_LEAD_KEYS = 1 << 1,  /* k.source, k.campaign, k.owner: the lead's, as now */
	RN_CURRENT = 1 << 2,    /* entries: current, of the entries into sql */
	RN_TOUCH = 1 << 3,      /* cohort: touch, has_response, response_s, first_touch_at */
	RN_SQL = 1 << 4,        /* cohort: entered_sql */
	RN_STATE = 1 << 5,      /* cohort: state, current, activity_at, stale_business, the
	                           reason of a lost, disqualified or recycled member; leaked with
	                           RN_SQL */
	RN_REASON = 1 << 6,     /* cohort, with RN_STATE: the reason whatever the current stage */
	RN_ALL = (1 << 7) - 1
};

/* Each store function runs one query per stage over the tables for
 * P = [from, to) (spend: the local days [since, until)), giving the rows of
 * the views (migrations/004_reports.sql) that docs/reports.md names, and
 * calls cb for every row; a non-zero return of cb stops the walk and is
 * returned.  Otherwise they return 0 or an exit status after a diagnostic.
 * now is the report time: when facts are recorded after it (LEADCTL_NOW in
 * the past), a member's current stage, reason, activity and leak state are
 * those it had at now ("now" means now, issue 11), read again through
 * store_asof.h.  need: enum report_need.
 *
 * report_store_entries: the first entry of each lead into each stage of
 * `stages` (a bit 1 << enum lc_stage per stage) in P, stage by stage, each
 * in time order.  report_store_cohort: the MQL cohort of P in time order
 * (its first MQL entry in P per lead), judged at now by
 * report_judge_member.  report_store_velocity: the pairs completed in P
 * (first entry into sql, won, lost in P with an entry into mql, sql
 * before it).  report_store_spend: the spend rows that overlap the local
 * days [since, until) ("YYYY-MM-DD"), spread over their days of P by
 * report_spend_split, one row per run of days in one week and month.
 * report_store_leads: the leads created in P. */
int report_store_entries(struct lc_db *db, lc_time from, lc_time to, lc_time now, unsigned stages,
                         unsigned need, int (*cb)(void *arg, const struct report_entry *e), void *arg);
int report_store_cohort(struct lc_db *db, lc_time from, lc_time to, lc_time now, unsigned need,
                        int (*cb)(void *arg, const struct report_cohort *c), void *arg);
int report_store_velocity(struct lc_db *db, lc_time from, lc_time to, unsigned need,
                          int (*cb)(void *arg, const struct report_pair *p), void *arg);
int report_store_spend(struct lc_db *db, const char *since, const char *until,
                       int (*cb)(void *arg, const struct report_spend *s), void *arg);
int report_store_leads(struct lc_db *db, lc_time from, lc_time to, unsigned need,
                       int (*cb)(void *arg, const struct report_lead *l), void *arg);

#endif
