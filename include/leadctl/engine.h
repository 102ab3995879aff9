/* engine: applies the SLA in force to a lead after anything about it
 * changed: score, automatic MQL, routing, response obligations.  The glue
 * of "decide / apply": the store loads the lead (store_engine.h), the pure
 * rules engine decides (rules.h), the store applies the effects.  No SQL
 * here. */
#ifndef LEADCTL_ENGINE_H
#define LEADCTL_ENGINE_H

#include <stdint.h>

#include "leadctl/out.h"
#include "leadctl/store.h"

struct lc_db;
struct cJSON;
struct lc_lead_filter;
struct lc_sla;
struct lc_span;

/* The SLA in force, parsed once per process (borrowed; NULL and version 0
 * when none is installed).  An installed SLA that no longer loads is 78. */
int engine_sla(struct lc_db *db, const struct lc_sla **sla, int *version);
/* Free the cached SLA (at exit, and after installing a new one). */
void engine_release(void);

/* start + span in the SLA's calendar: calendar seconds, business seconds,
 * or (business "Nd") N business days at the same offset into the day. */
int engine_span_add(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time *out);

/* Apply the SLA in force to lead after change c (who, how, when): load its
 * state, rules_decide() (rules.h: score, automatic MQL, obligations opened,
 * progressed, met, exhausted or closed, breaches resolved, routing), apply
 * the effects.  Runs inside the caller's write transaction.  No SLA:
 * nothing.  Returns 0 or an exit status (70 out of memory, 78 a deadline
 * the business hours cannot give, the store's statuses). */
int engine_refresh(struct lc_db *db, int64_t lead, const struct lc_change *c);

/* Recount the touches against a lead's open obligations (first touch,
 * attempts, met / exhausted) and resolve its breaches (rules_progress):
 * nothing else changes.  Inside the caller's transaction. */
int engine_obligation_progress(struct lc_db *db, int64_t lead);

/* engine_refresh for history brought in from another system (import
 * --historical, docs/import.md §4): scores and stages as of c->at, but
 * what the SLA owes starts at as_of (the import): a stage entered years ago
 * opens its response obligation at as_of, routing happens at as_of, and the
 * lead's stale clock (activity_at) starts there, so the first `sla check`
 * after the import reports nothing older than it. */
int engine_refresh_as_of(struct lc_db *db, int64_t lead, const struct lc_change *c, lc_time as_of);

/* engine_refresh (as_of 0) or engine_refresh_as_of for a lead whose state
 * the caller already holds, without reading it back: the importer's new
 * lead, whose state is the row it has just written (its fields, account,
 * creation and stage moves with their stage_history ids, events; no
 * touches, obligations or breaches).  s->lead->id names the lead; s must
 * be exactly what store_engine_load() would load, or the effects written
 * are wrong (tests/cli/t1600_import_paths.sh compares both ways).  The
 * same rules_decide() decides.  Returns as engine_refresh does. */
struct lc_rules_state;
int engine_refresh_state(struct lc_db *db, const struct lc_rules_state *s, const struct lc_change *c,
                         lc_time as_of);

/* Add "score_terms" (the breakdown of the stored score, computed at the
 * instant it is the score as of, leads.score_at, so that the terms add up
 * to it), "missing_fields", "mql_threshold", and "sla" (the obligation of
 * the current stage entry as of now: store_asof.h) to j; also "score" and
 * "score_at" when j has no "score" yet (the lead JSON of view_lead_json
 * has them).  Returns 0 or an exit status. */
int engine_explain(struct lc_db *db, int64_t lead, lc_time now, struct cJSON *j);

/* After a touch: warn on stderr (exit status unchanged: returns 0) when the
 * lead is over the SLA's contact limit at `at`. */
int engine_contact_warning(struct lc_db *db, int64_t lead, lc_time at);

/* `list --incomplete`: leads missing a field the SLA requires. */
int engine_list_incomplete(struct lc_db *db, const struct lc_lead_filter *f, enum out_format fmt);

#endif
