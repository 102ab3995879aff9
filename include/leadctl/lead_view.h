/* lead_view: a lead as `show`, `list`, `export` and `account show` present
 * it, in plain structs.  The store fills them (store_lead_view,
 * store_lead_each, store_account_view in store.h); view.h turns them into
 * the JSON documented in docs/json.md.  Every string is owned by the
 * struct and freed by its clear function; a NULL string is an unknown
 * value (JSON null).  Times are UTC instants in seconds.  No SQLite, no
 * cJSON here (issue 13: "the store returns plain structs; one view module
 * turns them into JSON"). */
#ifndef LEADCTL_LEAD_VIEW_H
#define LEADCTL_LEAD_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/consent.h"
#include "leadctl/lead.h"

/* One stage entry (stage_history). */
struct lc_view_stage_entry {
	int from; /* enum lc_stage, -1 = none (the lead's creation) */
	enum lc_stage to;
	lc_time at;
	char *actor, *reason, *origin; /* reason NULL when none */
	int has_sla_version;           /* 0: the move was not the SLA's (JSON null) */
	int64_t sla_version;
	int has_amount;       /* 0: no amount (JSON null) */
	int64_t amount_cents; /* won: the deal's amount, cents */
	char *currency;       /* NULL when none */
};

/* One touch. */
struct lc_view_touch {
	lc_time at;
	char *actor, *channel, *outcome, *note, *consent_override; /* note, override may be NULL */
};

/* One event (a behavioural signal). */
struct lc_view_event {
	char *type;
	lc_time at;
	char *actor, *origin;
	char *submission_id; /* NULL: the member is left out of the JSON */
};

/* One identity of the lead (lead_identities). */
struct lc_view_identity {
	char *kind, *system, *key, *value, *raw; /* system NULL unless a record id; raw may be NULL */
	lc_time at;                              /* added */
	char *actor;
	int has_import; /* 0: not added by an import (JSON null) */
	int64_t import_id;
};

/* One assignment. */
struct lc_view_assignment {
	char *owner; /* NULL: unassigned */
	lc_time at;
	char *actor, *origin, *rule; /* rule NULL unless the SLA's routing */
	int has_sla_version;
	int64_t sla_version;
};

/* One recorded field change. */
struct lc_view_change {
	char *field, *old_value, *new_value; /* values may be NULL */
	lc_time at;
	char *actor, *origin;
};

/* A lead with its account, consent and (when loaded with lists) its
 * history.  `lead` holds the fields (external_system, unused, is NULL);
 * lead.employees is -1 when unknown; lead.score_at is meaningful only
 * when has_score_at. */
struct lc_view_lead {
	struct lc_lead lead;
	lc_time stage_at, updated_at, activity_at;
	int has_score_at;
	int64_t account_id; /* 0 = none: the account members below are unused */
	char *account_name, *account_domain;
	struct lc_consent consent;
	int has_lists; /* the arrays below were loaded (show, export --person) */
	struct lc_view_stage_entry *history;
	size_t nhistory;
	struct lc_view_touch *touches;
	size_t ntouches;
	struct lc_view_event *events;
	size_t nevents;
	struct lc_view_identity *identities;
	size_t nidentities;
	struct lc_view_assignment *assignments;
	size_t nassignments;
	struct lc_view_change *changes;
	size_t nchanges;
};

/* An account and its leads (without lists), ordered by lead number. */
struct lc_view_account {
	int64_t id;
	char *key, *name, *domain; /* name and domain may be NULL */
	lc_time created_at;
	struct lc_view_lead *leads;
	size_t nleads;
};

/* Make v empty (every pointer NULL, consent unknown, employees -1). */
void view_lead_init(struct lc_view_lead *v);
/* Free everything v owns and make it empty again. */
void view_lead_clear(struct lc_view_lead *v);
/* Free everything a owns and zero it. */
void view_account_clear(struct lc_view_account *a);

#endif
