/* store_asof: the SLA's state as of an earlier instant, in SQL (internal to
 * the store: only files that speak SQL include it). */
#ifndef LEADCTL_STORE_ASOF_H
#define LEADCTL_STORE_ASOF_H

/* "Now" means now (issue 11).  leads (stage, stage_at, activity_at) and
 * obligations hold the SLA's state after every recorded fact.  When the
 * clock (?9) is before some of them -- LEADCTL_NOW set in the past, with
 * touches, stage entries or obligations recorded after it -- every query
 * below runs behind this prefix instead: common table expressions that
 * shadow those four tables with their state as of ?9 (main.X is the real
 * table), so that a touch, stage entry or creation after ?9 counts for
 * nothing: stage_history and touches keep the rows at or before ?9; a lead
 * is in the stage of its latest entry at or before ?9 (none: it did not
 * exist yet), its activity the latest such touch or entry; an obligation
 * exists when it started and its stage entry happened by ?9, and its
 * first touch, attempts and state (met, exhausted, open; closed when the
 * lead left the stage by ?9) are counted again from those touches, as
 * engine_obligation_progress() counts them.  It reads every lead and
 * obligation: slower than the indexed ranges, and only taken when
 * a command finds such a fact (store_facts_after, store.h).  The owner and
 * the score are as stored. */
#define AS_OF                                                                                                \
	"WITH stage_history AS (SELECT * FROM main.stage_history WHERE at <= ?9), "                          \
	"touches AS (SELECT * FROM main.touches WHERE at <= ?9), "                                           \
	"leads AS (SELECT x.id, x.first_name, x.last_name, x.email, x.external_id, x.phone, x.company, "     \
	"  x.owner, x.score, x.score_at, CASE WHEN x.stage_at <= ?9 THEN x.stage ELSE (SELECT h.to_stage "   \
	"FROM "                                                                                              \
	"  stage_history h WHERE h.lead_id = x.id ORDER BY h.at DESC, h.id DESC LIMIT 1) END AS stage, "     \
	"  CASE WHEN x.stage_at <= ?9 THEN x.stage_at ELSE (SELECT h.at FROM stage_history h "               \
	"  WHERE h.lead_id = x.id ORDER BY h.at DESC, h.id DESC LIMIT 1) END AS stage_at, "                  \
	"  CASE WHEN x.activity_at <= ?9 THEN x.activity_at ELSE max(coalesce((SELECT max(t.at) FROM "       \
	"  touches t WHERE t.lead_id = x.id), 0), coalesce((SELECT max(h.at) FROM stage_history h "          \
	"  WHERE h.lead_id = x.id), 0)) END AS activity_at FROM main.leads x), "                             \
	"obligations AS (SELECT *, CASE WHEN state = 'open' THEN CASE WHEN first_touch_at IS NULL "          \
	"  THEN first_touch_due ELSE attempts_due END END AS next_due_at FROM (SELECT id, lead_id, "         \
	"  entry_id, stage, rule, sla_version, started_at, first_touch_due, attempts_owed, attempts_due, "   \
	"  on_exhausted, first_touch_at, attempts_made, CASE WHEN was = 'closed' AND closed_at <= ?9 "       \
	"  THEN 'closed' WHEN success THEN 'met' "                                                           \
	"  WHEN attempts_due IS NULL AND first_touch_at IS NOT NULL THEN 'met' "                             \
	"  WHEN attempts_due IS NOT NULL AND attempts_made >= attempts_owed THEN 'exhausted' "               \
	"  ELSE 'open' END AS state FROM (SELECT ob.id, ob.lead_id, ob.entry_id, ob.stage, ob.rule, "        \
	"  ob.sla_version, ob.started_at, ob.first_touch_due, ob.attempts_owed, ob.attempts_due, "           \
	"  ob.on_exhausted, ob.state AS was, ob.closed_at, (SELECT min(t.at) FROM touches t "                \
	"  WHERE t.lead_id = ob.lead_id AND t.at >= ob.started_at) AS first_touch_at, (SELECT count(*) "     \
	"  FROM touches t WHERE t.lead_id = ob.lead_id AND t.at >= ob.started_at) AS attempts_made, "        \
	"  EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = ob.lead_id AND t.at >= ob.started_at "          \
	"  AND t.outcome IN ('connected', 'replied', 'meeting_booked')) AS success "                         \
	"  FROM main.obligations ob WHERE ob.started_at <= ?9 "                                              \
	"  AND EXISTS (SELECT 1 FROM stage_history h WHERE h.id = ob.entry_id)))) "

#endif
