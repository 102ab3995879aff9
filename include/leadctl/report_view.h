/* report_view: a computed report as plain numbers, and the weekly HTML
 * report built from several of them.
 *
 * report_compute() runs the same code as `leadctl report NAME` (the report
 * model of cmd_report.c over the views of migrations/004_reports.sql) and
 * hands back every cell the text renderers would print, as a number and as
 * the two texts they print (table and JSON), so a third renderer shows the
 * same numbers without SQL of its own.  report_html_write() is that
 * renderer: pure, it only formats the structs it is given. */
#ifndef LEADCTL_REPORT_VIEW_H
#define LEADCTL_REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "leadctl/cli.h"
#include "leadctl/clock.h"
#include "leadctl/report.h"

/* What to compute: the strings of the report options (NULL = not given). */
struct report_request {
	const char *since, *until; /* --since/--until, local dates */
	const char *week;          /* --week 2026-W46 */
	const char *month;         /* --month 2026-11 */
	const char *by;            /* --by source|campaign|owner|week|month */
	/* Optional: called with every member of the MQL cohort read (funnel,
	 * response, leak), before it is counted; non-zero stops and is
	 * returned.  The row is borrowed for the call. */
	int (*on_cohort)(void *arg, const struct report_cohort *c);
	void *arg;
};

/* One cell of a computed report. */
struct report_cell {
	int has;       /* 0 = empty (null in JSON): a ratio with a zero denominator */
	double value;  /* counts; ratios as fractions; money in cents; durations in seconds */
	char text[48]; /* as the table prints it ("42.0%", "3h 5m", "1234.50") */
	char raw[48];  /* as JSON prints it ("0.4200", "11100", "1234.50") */
};

/* A computed report: rows (one per group, sorted as the text report sorts
 * them) and the total, columns as the text report names them. */
struct report_table {
	char name[16];             /* "funnel", "response", "velocity", "leak", "cac" */
	char by[16];               /* the grouping, "" for none */
	struct report_period p;    /* P */
	char tz[64];               /* P's time zone */
	int sla_version;           /* 0 = none */
	size_t ncols;              /* columns */
	char **cols;               /* their names; owned */
	size_t nrows;              /* groups, not counting the total */
	char **keys;               /* each group's key, NULL = no value ("(none)"); owned */
	struct report_cell *cells; /* (nrows + 1) * ncols, row-major; the last row is the total */
};

/* The options of a report's period and output file (--since, --until,
 * --week, --month, -o), shared by every report's command entry. */
extern const struct lc_optdef report_period_opts[];

/* Compute report `name` for q as `leadctl report NAME` would (the time zone
 * and period rules, the groups, the columns).  On success *out is a new
 * table (free with report_table_free).  Returns 0, or an exit status after
 * one diagnostic (64 for a bad period or --by, 78 for a bad SLA zone). */
int report_compute(struct lc_ctx *ctx, const char *name, const struct report_request *q,
                   struct report_table **out);
/* Free a table; NULL allowed. */
void report_table_free(struct report_table *t);
/* The column index of name, or -1. */
int report_table_col(const struct report_table *t, const char *name);
/* The cell of row r (r == t->nrows: the total) and column name; NULL when
 * there is no such column.  Borrowed from t. */
const struct report_cell *report_table_cell(const struct report_table *t, size_t r, const char *name);

/* ---- the weekly report --------------------------------------------------- */

/* Time-to-first-touch buckets of the histogram: upper bounds in seconds
 * (a value equal to a bound falls in that bucket); the last is open. */
#define WEEKLY_NBUCKETS 6
extern const int64_t weekly_bucket_upper[WEEKLY_NBUCKETS - 1];
extern const char *const weekly_bucket_label[WEEKLY_NBUCKETS];
/* The bucket of a duration in seconds (>= 0). */
int weekly_bucket_of(int64_t seconds);

/* A leaked lead of the MQL cohort. */
struct weekly_leaked {
	int64_t id;    /* lead id */
	char *name;    /* "First Last", else e-mail; owned */
	char *company; /* or NULL; owned */
	char *owner;   /* or NULL; owned */
	char *source;  /* or NULL; owned */
	int state;     /* enum report_state */
	char *reason;  /* of the entry into the current stage, or NULL; owned */
	lc_time mql_at;
};

/* One overdue row of an owner. */
struct weekly_overdue {
	int64_t id;    /* lead id */
	char *name;    /* owned */
	char *company; /* or NULL; owned */
	char *owed;    /* "first touch", "attempt 2 of 6", "stalled 12d"; owned */
	char *due;     /* "overdue 2h 5m"; owned */
	char *rule;    /* owned */
	lc_time due_at;
};

/* An owner's most overdue leads. */
struct weekly_owner {
	char *owner;                /* NULL = unassigned; owned */
	size_t total;               /* overdue leads of the owner */
	size_t n;                   /* shown: at most 5 */
	struct weekly_overdue v[5]; /* most overdue first */
};

/* Everything the weekly report shows.  Tables are owned. */
struct weekly {
	lc_time now;                    /* the report time */
	char tz[64];                    /* display zone */
	int sla_version;                /* 0 = none */
	char *sla_name;                 /* or NULL; owned */
	struct report_table *funnel;    /* funnel of P */
	struct report_table *weeks[53]; /* funnel of each trend week, oldest first */
	size_t nweeks;
	struct report_table *response;   /* response of P */
	struct report_table *leak;       /* leak of P */
	struct report_table *cac;        /* cac of P by source */
	size_t buckets[WEEKLY_NBUCKETS]; /* touched cohort members per time-to-first-touch bucket */
	struct weekly_leaked *leaked;    /* the leaked leads, by MQL entry; owned */
	size_t nleaked;
	struct weekly_owner *owners; /* owners with overdue leads, by name (unassigned last); owned */
	size_t nowners;
};

/* Free what a weekly holds (not the struct itself). */
void weekly_clear(struct weekly *w);

/* Write w as one self-contained HTML document (inline CSS and SVG, no
 * script, no external asset) on f.  Every chart is an <svg class="chart"
 * id="chart-NAME" data-bars="N"> with N <rect class="bar" data-value="V">;
 * every figure taken from a report carries data-report="NAME", its period
 * (data-period: the week or month label, or ""; data-since, data-until),
 * data-col="COL", data-group="KEY" (absent for the total) and data-value
 * (the JSON text),
 * so a test can compare them with `leadctl report NAME --format json`.
 * Returns 0, or -1 on a write error. */
int report_html_write(FILE *f, const struct weekly *w);

/* Write text escaped for HTML (& < > " ') on f; NULL writes nothing. */
void html_escape(FILE *f, const char *s);

#endif
