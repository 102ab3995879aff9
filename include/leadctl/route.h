/* route: which owner gets a lead, by the SLA's routing rules.
 *
 * The rules are tried in order and the first whose condition matches the
 * lead decides: a named owner, or the next member of a round-robin pool
 * whose open leads are below their capacity.  The decision is pure: the
 * caller supplies the owners' open-lead counts and the pools' stored
 * cursors through callbacks, and stores the new cursor itself (in the same
 * transaction as the assignment, so that two processes never give the same
 * turn twice).
 *
 * No SQLite, no printing. */
#ifndef LEADCTL_ROUTE_H
#define LEADCTL_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"
#include "leadctl/lead.h"
#include "leadctl/sla.h"

/* The outcome of a routing decision. */
enum lc_route_status {
	ROUTE_ASSIGNED, /* an owner was chosen */
	ROUTE_FULL,     /* a rule matched, but its owner (or every member of its pool) is at capacity */
	ROUTE_NO_MATCH  /* no rule matched the lead */
};

/* What the decision needs from the database. */
struct lc_route_env {
	/* Number of open leads owner holds now (the lead being routed not
	 * included).  Returns 0, or -1 on failure.  Called only for owners
	 * with a capacity; may be NULL when no owner has one. */
	int (*open_leads)(void *ctx, const char *owner, int64_t *count);
	/* The stored cursor of pool (0 when none is stored yet).  Returns 0,
	 * or -1 on failure.  NULL: every cursor is 0. */
	int (*pool_cursor)(void *ctx, const char *pool, int64_t *cursor);
	void *ctx; /* passed to both callbacks; borrowed */
};

/* A routing decision.  Strings are borrowed from the SLA. */
struct lc_route {
	enum lc_route_status status; /* assigned, full or no match */
	int rule;                    /* index of the rule that matched, -1 for no match */
	const char *rule_name;       /* its name, NULL for no match */
	const char *owner;           /* the chosen owner; NULL unless assigned */
	const char *pool;            /* the rule's pool, NULL for an owner rule or no match */
	int64_t cursor; /* pool rules: the cursor to store (0 .. members-1); unchanged when full */
};

/* "assigned", "full" or "no_match". */
const char *route_status_name(enum lc_route_status status);

/* Route lead (with its events, at instant now; lead->score should hold its
 * computed score) by sla's rules.  An owner is at capacity when its open
 * leads >= its capacity.  A pool starts at member cursor mod members and
 * skips members at capacity; the new cursor is the member after the one
 * chosen.  Returns 0 with *out filled, or -1 when a callback failed or a
 * capacity must be checked and env->open_leads is NULL. */
int route_decide(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev, size_t nev,
                 lc_time now, const struct lc_route_env *env, struct lc_route *out);

#endif
