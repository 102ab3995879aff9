/* view: the one module that turns the store's plain structs of leads and
 * accounts (lead_view.h) into the JSON that `show`, `list`, `export` and
 * `account show` print, documented field by field in docs/json.md.  Times
 * become UTC ISO-8601 strings ("2026-11-20T10:00:00Z"), money a decimal
 * with two places, the score its one rounding (score.h), unknown values
 * null.  No SQLite, no printing. */
#ifndef LEADCTL_VIEW_H
#define LEADCTL_VIEW_H

#include "leadctl/lead_view.h"

struct cJSON;

/* v as a JSON object (the members of docs/json.md's lead, in its order:
 * fields, custom, account, consent, then history, touches, events,
 * identities, assignments and changes when v->has_lists).  *out is new
 * and the caller's (cJSON_Delete).  Returns 0, or 70 after one message
 * when memory runs out (never an object with a member missing). */
int view_lead_json(const struct lc_view_lead *v, struct cJSON **out);

/* a as a JSON object (id, key, name, domain, created_at, leads: each as
 * view_lead_json gives it).  Ownership and errors as view_lead_json. */
int view_account_json(const struct lc_view_account *a, struct cJSON **out);

#endif
