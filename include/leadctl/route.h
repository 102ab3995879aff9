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

/* A pool's place in its rotation, as stored after its last turn.  The
 * rotation is kept by member: the one served last, and the pool's members in
 * their order then, so that a new SLA version that reorders, shrinks or grows
 * the pool neither skips anyone nor serves anyone twice in a row (issue 11).
 * Strings are borrowed from the callback, valid until its next call. */
struct lc_pool_turn {
	const char *last;         /* the member served last; NULL: none recorded */
	const char *const *order; /* the pool's members when `last` was served (may be NULL) */
	size_t norder;            /* entries in order */
	int64_t position;         /* without `last` (a cursor stored by an older version): the
	                           * index of the next member, taken modulo the members */
};

/* What the decision needs from the database. */
struct lc_route_env {
	/* Number of open leads owner holds now (the lead being routed not
	 * included).  Returns 0, or -1 on failure.  Called only for owners
	 * with a capacity; may be NULL when no owner has one. */
	int (*open_leads)(void *ctx, const char *owner, int64_t *count);
	/* The stored turn of pool (all zero when none is stored yet).  Returns
	 * 0, or -1 on failure.  NULL: every pool starts at its first member. */
	int (*pool_turn)(void *ctx, const char *pool, struct lc_pool_turn *turn);
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

/* Where pool's rotation goes on after turn: the index of the member after
 * turn->last in the pool; when last has left the pool, of the first member
 * after it in turn->order that is still in the pool (a removed member's turn
 * passes to the next); without a last member, turn->position mod members;
 * 0 when nothing is known. */
size_t route_pool_start(const struct lc_pool *pool, const struct lc_pool_turn *turn);

/* Route lead (with its events, at instant now; lead->score should hold its
 * computed score) by sla's rules.  An owner is at capacity when its open
 * leads >= its capacity.  A pool starts at route_pool_start() and skips
 * members at capacity; the chosen member is out->owner (the caller stores it
 * as the pool's last, with the pool's members) and out->cursor is the index
 * after it.  Returns 0 with *out filled, or -1 when a callback failed or a
 * capacity must be checked and env->open_leads is NULL. */
int route_decide(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev, size_t nev,
                 lc_time now, const struct lc_route_env *env, struct lc_route *out);

#endif
