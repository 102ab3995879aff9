/* engine: applies the SLA in force to a lead after anything about it
 * changed: score, automatic MQL, routing, response obligations.  It joins
 * the pure rules engine (sla, score, route, bizhours) to the store. */
#ifndef LEADCTL_ENGINE_H
#define LEADCTL_ENGINE_H

#include <stdint.h>

#include "leadctl/out.h"
#include "leadctl/store.h"

struct lc_db;
struct cJSON;
struct lc_lead_filter;

/* Re-score lead; promote it to mql (origin sla, at the moment it
 * qualified) when it qualifies; route it when it becomes mql unassigned;
 * open or close response obligations for its current stage.  Runs inside
 * the caller's transaction; c says who/when triggered it. No SLA: nothing. */
int engine_refresh(struct lc_db *db, int64_t lead, const struct lc_change *c);

/* Add "score_terms" (the breakdown) and "sla" (current obligation) to the
 * JSON of a lead, as of now. */
int engine_explain(struct lc_db *db, int64_t lead, lc_time now, struct cJSON *j);

/* After a touch: warn on stderr (exit status unchanged: returns 0) when the
 * lead is over the SLA's contact limit at `at`. */
int engine_contact_warning(struct lc_db *db, int64_t lead, lc_time at);

/* `list --incomplete`: leads missing a field the SLA requires. */
int engine_list_incomplete(struct lc_db *db, const struct lc_lead_filter *f, enum out_format fmt);

#endif
