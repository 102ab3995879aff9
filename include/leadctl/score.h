/* score: a lead's qualification score under an SLA, term by term.
 *
 * The score is the sum of the fit rules whose condition the lead matches
 * and of the behavior rules its events satisfy, each behavior award decayed
 * by the SLA's half-life.  score_compute() returns every term with a short
 * explanation, so that `leadctl score LEAD` can show where each point comes
 * from (as Taskwarrior's `task info` shows urgency).  The exact rules are in
 * docs/sla.md, "How the score is computed".
 *
 * Pure: no SQLite, no printing. */
#ifndef LEADCTL_SCORE_H
#define LEADCTL_SCORE_H

#include <stddef.h>

#include "leadctl/clock.h"
#include "leadctl/lead.h"
#include "leadctl/sla.h"

/* Where a term comes from. */
enum lc_term_kind {
	SCORE_FIT,     /* a fit rule (lead fields) */
	SCORE_BEHAVIOR /* a behavior rule (events) */
};

/* One rule's contribution. */
struct lc_score_term {
	const char *rule;       /* the rule's name; borrowed from the SLA */
	enum lc_term_kind kind; /* fit or behavior */
	double points;          /* what the rule adds after cap and decay; may be negative */
	char detail[160];       /* why, e.g. "3 pricing_page_visit in 30d" or
	                           "1 demo_request, decayed 50→35.4 (half-life 30d)" */
};

/* A computed score. */
struct lc_score {
	double total; /* sum of the terms' points */
	struct lc_score_term
	        *terms; /* contributing rules: fit rules, then behavior rules, in SLA order; owned */
	size_t nterms;  /* number of terms */
};

/* "fit" or "behavior". */
const char *score_kind_name(enum lc_term_kind kind);

/* The one rounding of a score for display, in every command and format
 * (list, next, show, score, export): to one decimal, half away from zero
 * (round(points * 10) / 10; never -0).  docs/sla.md, "One number". */
double score_round(double points);

/* The score of lead (with its events ev[0..nev), any order) at instant
 * now under sla.  Events after now are ignored.  Fills *out (which the
 * caller releases with score_clear()) and returns 0, or returns -1 when
 * memory runs out (*out is then empty). */
int score_compute(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev, size_t nev,
                  lc_time now, struct lc_score *out);

/* Free the terms of s and zero it. */
void score_clear(struct lc_score *s);

/* The SLA's required fields that lead lacks: stores up to max of their
 * names (borrowed from sla) in missing, and returns how many there are in
 * all (which may exceed max).  missing may be NULL when max is 0. */
size_t score_missing_fields(const struct lc_sla *sla, const struct lc_lead *lead, const char **missing,
                            size_t max);

/* The first instant in [since, now] at which lead qualifies as an MQL: its
 * score reaches the threshold (exactly at the threshold qualifies) and it
 * has the required fields (read from the lead as it is now: fields have no
 * history).  The score only rises when an event happens, so the instants
 * tried are max(since, lead->created_at) and then each distinct event time
 * after it, in order.  Returns 1 with *at set, 0 when the lead does not
 * qualify in that interval, -1 when memory runs out. */
int score_qualify_time(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev,
                       size_t nev, lc_time since, lc_time now, lc_time *at);

#endif
