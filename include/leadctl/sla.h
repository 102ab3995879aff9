/* sla: the SLA file between marketing and sales, loaded and validated.
 *
 * sla_load() turns the JSON text of an SLA file (format: docs/sla.md) into a
 * struct lc_sla, or lists every problem of the file at once as
 * "FILE:LINE:COL: ..." (syntax) or "FILE:LINE: /json/pointer: ..." lines.
 * It never prints and never falls back to a default for a bad value.
 *
 * The conditions of fit, response and routing rules share one
 * representation, struct lc_cond, and one evaluator, sla_cond_match().
 *
 * Pure: no SQLite, no printing.  Everything an lc_sla points to is owned by
 * it and freed by sla_free(). */
#ifndef LEADCTL_SLA_H
#define LEADCTL_SLA_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/bizhours.h"
#include "leadctl/clock.h"
#include "leadctl/lead.h"

/* The only "version" of the file format this build reads. */
#define SLA_FORMAT_VERSION 1
/* Largest SLA file accepted, in bytes. */
#define SLA_MAX_BYTES (1024 * 1024)

/* ---- problems ---------------------------------------------------------- */

/* One problem found in an input, ready to print. */
struct lc_problem {
	int line;   /* line it concerns (0 when none), for ordering */
	char *text; /* "FILE:LINE: /pointer: what is wrong (hint)"; owned */
};

/* A list of problems.  Zero-initialise, or use problems_init(). */
struct lc_problems {
	struct lc_problem *items; /* in the order added (sla_load sorts by line); owned */
	size_t n;                 /* number of problems */
	size_t cap;               /* allocated items */
	int nomem;                /* 1 when memory ran out: the list says so, not what is wrong
	                           * with the input (callers report an internal error) */
};

/* Initialise an empty list. */
void problems_init(struct lc_problems *p);
/* Free every problem and leave the list empty. */
void problems_clear(struct lc_problems *p);
/* Add a problem about line (0 = none) with a printf-style text.  Returns 0,
 * or -1 when memory ran out (the problem is then lost). */
int problems_add(struct lc_problems *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- conditions ----------------------------------------------------------- */

/* Operators of a field test. */
enum lc_op {
	LC_OP_EQUALS,        /* text (case-insensitive) or number equal to the value */
	LC_OP_ONE_OF,        /* text equal (case-insensitive) to one of the values */
	LC_OP_GT,            /* number > lo */
	LC_OP_GTE,           /* number >= lo */
	LC_OP_LT,            /* number < hi */
	LC_OP_LTE,           /* number <= hi */
	LC_OP_BETWEEN,       /* lo <= number <= hi */
	LC_OP_REGEX,         /* PCRE2 regex, Unicode case-less, matches somewhere (regex.h) */
	LC_OP_FREE_MAIL,     /* e-mail at a free-mail domain (gmail.com, ...) */
	LC_OP_NOT_FREE_MAIL, /* e-mail at any other domain */
	LC_OP_PRESENT,       /* field has a value */
	LC_OP_MISSING,       /* field is empty or unknown */
	LC_OP_COUNT
};

/* Name of an operator as written in the SLA ("one_of", ...). */
const char *sla_op_name(enum lc_op op);

/* One operator applied to one lead field.  Every operator but `missing` is
 * false when the field is empty. */
struct lc_test {
	char *field;         /* lead field ("title", "custom.budget", "score", "stage"); owned */
	enum lc_op op;       /* what to check */
	char **values;       /* equals (text) and one_of: the values; owned */
	size_t nvalues;      /* number of values */
	int numeric;         /* equals: 1 when the value is a number (in lo) */
	double lo;           /* equals (number), gt, gte, between: the (lower) bound */
	double hi;           /* lt, lte, between: the (upper) bound */
	struct lc_regex *re; /* regex: the compiled pattern (regex.h: bounded PCRE2); owned */
	char *pattern;       /* regex: the pattern as written; owned */
};

/* A condition on a lead: every test holds and, when events are listed, the
 * lead has at least one event of one of those types (at or before now).
 * An empty condition matches every lead. */
struct lc_cond {
	struct lc_test *tests; /* owned */
	size_t ntests;         /* number of tests */
	char **events;         /* event types; owned */
	size_t nevents;        /* number of event types (0 = no event test) */
};

/* 1 when lead l (with its events ev[0..nev), any order) satisfies c at
 * instant now; events after now are ignored.  The "score" field reads
 * l->score: callers set it to the computed score first. */
int sla_cond_match(const struct lc_cond *c, const struct lc_lead *l, const struct lc_event *ev, size_t nev,
                   lc_time now);
/* 1 when lead l satisfies the single test t. */
int sla_test_match(const struct lc_test *t, const struct lc_lead *l);

/* ---- rules --------------------------------------------------------------- */

/* A length of time as written in the SLA, calendar or business. */
struct lc_span {
	int64_t seconds; /* amount × unit in seconds (0 = not set) */
	int64_t amount;  /* the number written: 10 in "10d" */
	char unit;       /* 's', 'm', 'h', 'd' or 'w' as written */
	int business;    /* 1: count business time only; then s/m/h are open
	                    hours and 'd' counts open days (weeks are refused) */
	char text[24];   /* as written, for messages: "10d" */
};

/* A fit rule: points for a lead whose fields match. */
struct lc_fit_rule {
	char *name;          /* unique among fit and behavior rules; owned */
	double points;       /* whole number, may be negative */
	struct lc_cond when; /* field tests only (no score, no events) */
};

/* A behavior rule: points for events.  Every min_count events of type
 * `event` inside the window earn `points`; the rule adds at most `cap` in
 * absolute value (by default `points`: the points are earned once). */
struct lc_behavior_rule {
	char *name;           /* unique among fit and behavior rules; owned */
	char *event;          /* event type, e.g. "pricing_page_visit"; owned */
	double points;        /* whole number per award, may be negative */
	int64_t min_count;    /* events needed per award, >= 1 */
	int64_t within;       /* look-back window in seconds: events in (now - within, now]; 0 = any time */
	char within_text[24]; /* the window as written ("30d"), "" when none */
	double cap;           /* most points the rule adds, in absolute value (>= |points|) */
};

/* What happens when a response rule's attempts are used up. */
enum lc_exhausted {
	LC_EXHAUSTED_KEEP,   /* nothing: the breach is reported, the lead stays */
	LC_EXHAUSTED_RECYCLE /* back to nurture with reason "no_response" */
};

/* A response rule: what sales owes a matching lead. */
struct lc_response_rule {
	char *name;                     /* unique among response rules; owned */
	struct lc_cond when;            /* which leads (stage, source, event, score, fields) */
	struct lc_span first_touch;     /* deadline of the first touch */
	int64_t attempts;               /* touches owed; 0 = no attempts rule */
	struct lc_span attempts_within; /* window of the attempts (when attempts > 0) */
	enum lc_exhausted on_exhausted; /* action when attempts are used up */
};

/* A routing rule: matching leads go to an owner or to a pool. */
struct lc_route_rule {
	char *name;          /* unique among routing rules; owned */
	struct lc_cond when; /* which leads */
	char *owner;         /* the owner, or NULL when routed to a pool; owned */
	int pool;            /* index into lc_sla.pools, or -1 when routed to an owner */
};

/* A round-robin pool of owners. */
struct lc_pool {
	char *name;      /* the key in "pools"; owned */
	char **members;  /* owners in rotation order, no repeats; owned */
	size_t nmembers; /* >= 1 */
};

/* Settings of one owner. */
struct lc_owner {
	char *name;       /* the key in "owners"; owned */
	int64_t capacity; /* most open leads this owner takes; -1 = no limit */
};

/* A loaded, valid SLA. */
struct lc_sla {
	int version;          /* SLA_FORMAT_VERSION */
	char *name;           /* the SLA's name; owned */
	char *description;    /* free text, or NULL; owned */
	struct lc_bizcal cal; /* time zone, business hours and holidays; holidays owned */
	char phone_cc[4];     /* default phone country code ("34"), "" = none */

	char **required;                   /* fields an MQL must have; owned */
	size_t nrequired;                  /* number of required fields */
	struct lc_fit_rule *fit;           /* owned */
	size_t nfit;                       /* number of fit rules */
	struct lc_behavior_rule *behavior; /* owned */
	size_t nbehavior;                  /* number of behavior rules */
	double mql_threshold;              /* a score >= this (with the required fields) makes an MQL */
	int64_t half_life;                 /* decay of behavior points in seconds; 0 = no decay */
	char half_life_text[24];           /* the half-life as written, "" when none */

	struct lc_response_rule *response; /* ordered: the first match wins; owned */
	size_t nresponse;                  /* number of response rules */

	struct lc_span
	        stale[STAGE_COUNT]; /* per stage: quiet time before a lead is stalled; seconds 0 = never */
	struct lc_span retention[STAGE_COUNT]; /* per stage: quiet time (calendar) after which `forget
	                                        * --expired` erases the lead (docs/privacy.md); 0 = kept */

	struct lc_route_rule *routing; /* ordered: the first match wins; owned */
	size_t nrouting;               /* number of routing rules */
	struct lc_pool *pools;         /* owned */
	size_t npools;                 /* number of pools */
	struct lc_owner *owners;       /* owned */
	size_t nowners;                /* number of owners with settings */

	char **reasons[STAGE_COUNT];  /* allowed reasons for nurture, disqualified and lost; owned */
	size_t nreasons[STAGE_COUNT]; /* number of reasons per stage (0 for the other stages) */

	int64_t mql_per_month;      /* marketing's commitment; -1 = none */
	int64_t max_touches;        /* contact limit: most touches per window; 0 = no limit */
	int64_t touch_window;       /* the limit's window in seconds */
	char touch_window_text[24]; /* the window as written */
	int has_economics;          /* 1 when the next three are given */
	double gross_margin;        /* 0..1, for LTV */
	double lifetime_years;      /* expected customer lifetime, for LTV */
	char currency[4];           /* ISO 4217 code of money amounts, "" when not given */
};

/* ---- loading ------------------------------------------------------------- */

/* Parse and validate len bytes of SLA text; filename is used in messages
 * (NULL: "sla").  On success returns 0 and *out, which the caller frees
 * with sla_free().  Otherwise returns -1, *out = NULL, and appends every
 * problem found to problems, sorted by line: one syntax error, or all the
 * duplicate keys and semantic problems of the file. */
int sla_load(const char *text, size_t len, const char *filename, struct lc_sla **out,
             struct lc_problems *problems);

/* sla_load() on the contents of the file at path (named so in messages).
 * A file that cannot be read, or is larger than SLA_MAX_BYTES, is one
 * problem.  Returns 0 or -1 as sla_load(). */
int sla_load_file(const char *path, struct lc_sla **out, struct lc_problems *problems);

/* Free an SLA and everything it owns.  NULL is allowed. */
void sla_free(struct lc_sla *sla);

/* ---- using ---------------------------------------------------------------- */

/* The first response rule that matches lead l (with its events) at now, or
 * NULL when none does.  Borrowed from sla. */
const struct lc_response_rule *sla_response_rule(const struct lc_sla *sla, const struct lc_lead *l,
                                                 const struct lc_event *ev, size_t nev, lc_time now);

/* 1 when reason is allowed for a move into stage `to`. */
int sla_reason_allowed(const struct lc_sla *sla, enum lc_stage to, const char *reason);
/* The allowed reasons for stage `to` as "a, b, c" ("" when none), for
 * messages.  Returns a string the caller must free, or NULL (no memory). */
char *sla_reason_list(const struct lc_sla *sla, enum lc_stage to);

/* Capacity of owner (most open leads), or -1 when it has no limit. */
int64_t sla_owner_capacity(const struct lc_sla *sla, const char *owner);

/* 1 when s is a valid event type or reason: 1 to 64 of a-z, 0-9, '_', '.', '-'. */
int sla_slug_valid(const char *s);

#endif
