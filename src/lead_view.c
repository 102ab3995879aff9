/* lead_view: making and freeing the plain structs of a lead as shown
 * (lead_view.h).  Pure: no SQLite, no printing. */
#include <stdlib.h>
#include <string.h>

#include "leadctl/lead_view.h"

void view_lead_init(struct lc_view_lead *v)
{
	memset(v, 0, sizeof *v);
	lead_init(&v->lead);
	consent_init(&v->consent);
}

void view_lead_clear(struct lc_view_lead *v)
{
	size_t i;

	lead_clear(&v->lead);
	free(v->account_name);
	free(v->account_domain);
	consent_clear(&v->consent);
	for (i = 0; i < v->nhistory; i++) {
		free(v->history[i].actor);
		free(v->history[i].reason);
		free(v->history[i].origin);
		free(v->history[i].currency);
	}
	free(v->history);
	for (i = 0; i < v->ntouches; i++) {
		free(v->touches[i].actor);
		free(v->touches[i].channel);
		free(v->touches[i].outcome);
		free(v->touches[i].note);
		free(v->touches[i].consent_override);
	}
	free(v->touches);
	for (i = 0; i < v->nevents; i++) {
		free(v->events[i].type);
		free(v->events[i].actor);
		free(v->events[i].origin);
		free(v->events[i].submission_id);
	}
	free(v->events);
	for (i = 0; i < v->nidentities; i++) {
		free(v->identities[i].kind);
		free(v->identities[i].system);
		free(v->identities[i].key);
		free(v->identities[i].value);
		free(v->identities[i].raw);
		free(v->identities[i].actor);
	}
	free(v->identities);
	for (i = 0; i < v->nassignments; i++) {
		free(v->assignments[i].owner);
		free(v->assignments[i].actor);
		free(v->assignments[i].origin);
		free(v->assignments[i].rule);
	}
	free(v->assignments);
	for (i = 0; i < v->nchanges; i++) {
		free(v->changes[i].field);
		free(v->changes[i].old_value);
		free(v->changes[i].new_value);
		free(v->changes[i].actor);
		free(v->changes[i].origin);
	}
	free(v->changes);
	view_lead_init(v);
}

void view_account_clear(struct lc_view_account *a)
{
	size_t i;

	free(a->key);
	free(a->name);
	free(a->domain);
	for (i = 0; i < a->nleads; i++)
		view_lead_clear(&a->leads[i]);
	free(a->leads);
	memset(a, 0, sizeof *a);
}
