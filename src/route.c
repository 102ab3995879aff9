/* route: the routing decision (see include/leadctl/route.h). */
#include "leadctl/route.h"

#include <string.h>

const char *route_status_name(enum lc_route_status status)
{
	switch (status) {
	case ROUTE_ASSIGNED: return "assigned";
	case ROUTE_FULL: return "full";
	case ROUTE_NO_MATCH: return "no_match";
	}
	return "?";
}

/* Set *full to 1 when owner is at capacity.  Returns 0, or -1 when the
 * count cannot be had. */
static int at_capacity(const struct lc_sla *sla, const char *owner, const struct lc_route_env *env, int *full)
{
	int64_t cap = sla_owner_capacity(sla, owner);
	int64_t count = 0;

	*full = 0;
	if (cap < 0)
		return 0;
	if (env == NULL || env->open_leads == NULL || env->open_leads(env->ctx, owner, &count) != 0)
		return -1;
	*full = count >= cap;
	return 0;
}

/* Index of name among the n names, or -1. */
static int64_t index_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; names && name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int64_t)i;
	return -1;
}

size_t route_pool_start(const struct lc_pool *pool, const struct lc_pool_turn *turn)
{
	const char *const *members = (const char *const *)pool->members;
	int64_t n = (int64_t)pool->nmembers, i, j;
	size_t k;

	if (n <= 0 || turn == NULL)
		return 0;
	if (turn->last == NULL)
		return (size_t)(((turn->position % n) + n) % n);
	if ((i = index_of(members, pool->nmembers, turn->last)) >= 0)
		return (size_t)((i + 1) % n);
	/* The last one served has left: the turn passes to whoever followed
	 * them in the rotation as it was, if still in the pool. */
	if ((j = index_of(turn->order, turn->norder, turn->last)) >= 0)
		for (k = 1; k < turn->norder; k++)
			if ((i = index_of(members, pool->nmembers,
			                  turn->order[((size_t)j + k) % turn->norder])) >= 0)
				return (size_t)i;
	return 0;
}

/* Choose a member of pool from its stored turn, skipping members at
 * capacity.  Fills out->owner and out->cursor (or sets ROUTE_FULL). */
static int pick_member(const struct lc_sla *sla, const struct lc_pool *pool, const struct lc_route_env *env,
                       struct lc_route *out)
{
	struct lc_pool_turn turn = { NULL, NULL, 0, 0 };
	int64_t n = (int64_t)pool->nmembers, start, k;

	if (env != NULL && env->pool_turn != NULL && env->pool_turn(env->ctx, pool->name, &turn) != 0)
		return -1;
	start = (int64_t)route_pool_start(pool, &turn);
	out->cursor = start;
	for (k = 0; k < n; k++) {
		int64_t i = (start + k) % n;
		int full;
		if (at_capacity(sla, pool->members[i], env, &full) != 0)
			return -1;
		if (!full) {
			out->status = ROUTE_ASSIGNED;
			out->owner = pool->members[i];
			out->cursor = (i + 1) % n;
			return 0;
		}
	}
	out->status = ROUTE_FULL;
	return 0;
}

int route_decide(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev, size_t nev,
                 lc_time now, const struct lc_route_env *env, struct lc_route *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->status = ROUTE_NO_MATCH;
	out->rule = -1;
	for (i = 0; i < sla->nrouting; i++) {
		const struct lc_route_rule *r = &sla->routing[i];
		int full;
		if (!sla_cond_match(&r->when, lead, ev, nev, now))
			continue;
		out->rule = (int)i;
		out->rule_name = r->name;
		if (r->pool >= 0) {
			out->pool = sla->pools[r->pool].name;
			return pick_member(sla, &sla->pools[r->pool], env, out);
		}
		if (at_capacity(sla, r->owner, env, &full) != 0)
			return -1;
		out->status = full ? ROUTE_FULL : ROUTE_ASSIGNED;
		out->owner = full ? NULL : r->owner;
		return 0;
	}
	return 0;
}
