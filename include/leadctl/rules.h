/* rules: what the SLA in force does to one lead, decided without a
 * database (issue 13, "decide / apply").
 *
 * rules_decide() takes a lead's state (fields, stage, history, events,
 * touches, obligations, unresolved breaches: plain structs the store loads),
 * the validated SLA, the instant of the change that triggered it, and
 * returns a list of effects: the score, an automatic move to mql, the
 * obligations it opens, progresses, meets, exhausts or closes, the
 * breaches a later touch or move resolves, and an assignment by the
 * routing rules.  The store (store_engine.h) loads the state and applies
 * the effects in one transaction; `sla simulate` runs the same decision
 * over replayed state.  rules_breaches() and rules_stalled() decide what
 * `sla check` records.
 *
 * Pure: no SQLite, no printing.  The only outside reads are the routing
 * callbacks (route.h: other owners' open leads, a pool's stored turn),
 * which the caller supplies.  The rules themselves are documented in
 * docs/sla.md and docs/next-and-check.md; each function below names its
 * rule. */
#ifndef LEADCTL_RULES_H
#define LEADCTL_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/check.h"
#include "leadctl/clock.h"
#include "leadctl/lead.h"
#include "leadctl/route.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"

/* An optional instant that is not set (SQL NULL). */
#define RULES_NONE INT64_MIN

/* The states of a response obligation (obligations.state). */
enum lc_obl_state { OBL_OPEN, OBL_MET, OBL_EXHAUSTED, OBL_CLOSED };

/* "open", "met", "exhausted", "closed". */
const char *rules_obl_state_name(enum lc_obl_state s);
/* The state called name, or -1 when unknown. */
int rules_obl_state_parse(const char *name);

/* One response obligation: a row of obligations.  Optional instants are
 * RULES_NONE when not set. */
struct lc_obligation {
	int64_t id;              /* obligations.id; 0 for one a decision opens */
	int64_t entry;           /* the stage_history row (stage entry) it answers; 0 in an
	                          * opened effect = the entry of the decision's own move */
	enum lc_stage stage;     /* the stage entered */
	const char *rule;        /* the response rule's name; borrowed (state or SLA) */
	int sla_version;         /* the SLA that opened it */
	lc_time started_at;      /* its clock's start */
	lc_time first_touch_due; /* deadline of the first touch */
	lc_time first_touch_at;  /* first touch at or after started_at, or RULES_NONE */
	int64_t attempts_owed;   /* touches owed (1 without an attempts rule) */
	int64_t attempts_made;   /* touches at or after started_at */
	lc_time attempts_due;    /* end of the attempts window, or RULES_NONE (no attempts rule) */
	int recycle;             /* 1: on_exhausted is 'recycle' */
	enum lc_obl_state state;
	lc_time next_due_at; /* the next deadline while open, else RULES_NONE */
	lc_time closed_at;   /* when it stopped being open, or RULES_NONE */
};

/* One row of a lead's stage history. */
struct lc_history_row {
	int64_t id;       /* stage_history.id */
	lc_time at;       /* when the lead entered `to` */
	int from;         /* the stage it left (enum lc_stage), or -1 for its creation */
	enum lc_stage to; /* the stage entered */
	enum lc_origin origin;
};

/* A recorded breach not resolved yet. */
struct lc_open_breach {
	int64_t id;     /* breaches.id */
	lc_time due_at; /* the deadline it missed */
};

/* Everything rules_decide() reads about a lead (all borrowed). */
struct lc_rules_state {
	const struct lc_lead *lead; /* fields, stage, owner; score is recomputed */
	lc_time stage_at;           /* when it entered its current stage */
	const struct lc_event *ev;  /* its events, any order */
	size_t nev;
	const struct lc_touch *touch; /* its touches, any order */
	size_t ntouch;
	const struct lc_history_row *hist; /* its stage history, any order */
	size_t nhist;
	const struct lc_obligation *obl; /* its obligations, any order */
	size_t nobl;
	const struct lc_open_breach *breach; /* its unresolved breaches */
	size_t nbreach;
};

/* The change being applied, and under which SLA. */
struct lc_rules_input {
	const struct lc_sla *sla;         /* the SLA in force (validated); borrowed */
	int version;                      /* its version */
	lc_time at;                       /* when the triggering change happened (UTC seconds) */
	enum lc_origin origin;            /* who made it: ORIGIN_SLA when the SLA itself is applied
	                                   * (`sla use`, `route`, a recycle) */
	int64_t import_id;                /* the import that made it, or 0 */
	lc_time floor;                    /* no new obligation clock and no routing before it
	                                   * (import --historical: the import's instant); 0 = none */
	const struct lc_route_env *route; /* routing reads (route.h); borrowed */
};

/* What a decision does. */
enum lc_effect_kind {
	EFFECT_SCORE,                 /* store the score */
	EFFECT_STAGE,                 /* move the lead (origin sla, actor "sla") */
	EFFECT_OBLIGATION_CLOSED,     /* an obligation of an earlier stage entry ends */
	EFFECT_OBLIGATION_OPENED,     /* a new obligation for the current stage entry */
	EFFECT_OBLIGATION_PROGRESSED, /* touches counted; still open (or its close time set) */
	EFFECT_OBLIGATION_MET,        /* answered: a successful touch, or a first touch without attempts */
	EFFECT_OBLIGATION_EXHAUSTED,  /* all owed attempts made without success */
	EFFECT_BREACH_RESOLVED,       /* a touch or a move after its deadline resolves a breach */
	EFFECT_ASSIGN                 /* routed to an owner (origin sla, actor "sla") */
};

/* "score", "stage", "obligation_closed", ... (for tests and messages). */
const char *rules_effect_name(enum lc_effect_kind k);

/* One effect.  Only the member of its kind is meaningful; strings are
 * borrowed from the SLA or the state. */
struct lc_effect {
	enum lc_effect_kind kind;
	double score;     /* EFFECT_SCORE */
	lc_time score_at; /* EFFECT_SCORE: the instant it is the score as of (leads.score_at) */
	struct {
		enum lc_stage from, to;
		lc_time at;
		const char *reason;      /* NULL for a move into mql */
	} stage;                         /* EFFECT_STAGE */
	struct lc_obligation obligation; /* EFFECT_OBLIGATION_*: the row as it must be written */
	struct {
		int64_t id;
		lc_time at;
	} resolved; /* EFFECT_BREACH_RESOLVED */
	struct {
		const char *owner;          /* the owner chosen */
		const char *rule;           /* the routing rule */
		const char *pool;           /* its pool, or NULL */
		const char *const *members; /* the pool's members now (the turn is kept by member) */
		size_t nmembers;
		int64_t cursor; /* the pool's position after the turn */
		lc_time at;
	} assign; /* EFFECT_ASSIGN */
};

/* A list of effects, in the order they must be applied. */
struct lc_effects {
	struct lc_effect *v; /* owned */
	size_t n, cap;
	const char *error_span; /* after rules_decide() returned -2: the span (as written in
	                         * the SLA) whose deadline the business hours cannot give */
};

/* Free the list and zero it. */
void rules_effects_clear(struct lc_effects *e);

/* start + span in the SLA's calendar: calendar seconds, business seconds,
 * or (business "Nd") N business days at the same offset into the day
 * (docs/sla.md, "Durations").  Returns 0 with *out set, or -1 when the
 * business hours give no such instant. */
int rules_span_add(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time *out);

/* The stage entry the lead stands on: the latest history row into
 * lead->stage at or before stage_at (ties: the highest id).  After a merge
 * the dropped lead's history is the kept lead's too, and a later row of it
 * is not where the kept lead stands.  Returns the row, or NULL. */
const struct lc_history_row *rules_current_entry(const struct lc_rules_state *s);

/* Apply the SLA in force to a lead after anything about it changed
 * (docs/sla.md, "What the SLA does to a lead"):
 *   1. score it at max(in->at, its latest event) (EFFECT_SCORE, always);
 *   2. a lead in new or nurture that qualifies (score_qualify_time: since
 *      its stage entry; in nurture, since its first event after it) moves
 *      to mql at that instant, never before in->at (EFFECT_STAGE);
 *   3. obligations of earlier stage entries close at the current entry's
 *      time; a lead in new, mql or sql whose entry has none opens one when
 *      a response rule matches, its clock at the entry, or at the first
 *      event the rule asks for when later, or carried over from an
 *      untouched open obligation of the same rule, never before the floor
 *      (in->floor, or in->at when in->origin is ORIGIN_SLA); the touches
 *      at or after each open obligation's start then count (first touch,
 *      attempts; connected / replied / meeting_booked meets it; without an
 *      attempts rule the first touch meets it; all attempts made:
 *      exhausted);
 *   4. an unresolved breach is resolved by the first touch or stage change
 *      at or after its deadline (the SLA's own move to mql excepted);
 *   5. an unassigned lead that is mql, or in new/sql with an open
 *      obligation, is routed by the routing rules at max(in->at, floor).
 * Effects that change nothing are left out (the score excepted).  Fills
 * *out (cleared first; the caller frees it with rules_effects_clear) and
 * returns 0, -1 when memory runs out, -2 when a deadline cannot be
 * computed from the business hours, -3 when a routing callback failed. */
int rules_decide(const struct lc_rules_state *s, const struct lc_rules_input *in, struct lc_effects *out);

/* Rules 3 (its counting part) and 4 of rules_decide() alone: the touches
 * counted against every obligation that is open or not closed yet, and
 * the breaches a later touch or move resolves; nothing scored, moved,
 * opened, closed or routed.  For `sla check` as of an earlier instant,
 * after recording a breach.  Returns 0 or -1 (memory). */
int rules_progress(const struct lc_rules_state *s, struct lc_effects *out);

/* ---- sla check ---------------------------------------------------------- */

/* A breach that an obligation shows. */
struct lc_breach_due {
	enum lc_breach_kind kind; /* first touch or attempts exhausted (check.h) */
	lc_time due_at;           /* the deadline missed */
	int recycle;              /* 1: the SLA's recycle action applies (attempts exhausted) */
};

/* The breaches obligation o shows at now (docs/next-and-check.md, "sla
 * check"): first touch missed (open, untouched, first_touch_due < now);
 * attempts exhausted, on the lead's current stage entry (current = 1; a
 * lead that moved on since was dealt with), with an attempts rule: its
 * window ended (open, next_due_at and attempts_due < now) or its attempts
 * were used up (exhausted); recycled when the rule says so.  Writes up to
 * 2 into out and returns how many. */
size_t rules_breaches(const struct lc_obligation *o, int current, lc_time now, struct lc_breach_due out[2]);

/* 1 with *due set when a lead of stage s, quiet since activity_at, is
 * stalled at now: the SLA's stale span of s from activity_at ends before
 * now; 0 when it is not (or the stage has no stale span); -1 when the
 * business hours give no deadline. */
int rules_stalled(const struct lc_sla *sla, enum lc_stage s, lc_time activity_at, lc_time now, lc_time *due);

/* rules_stalled, but never due before sla_from, the installation of the
 * SLA version in force (UTC seconds): a lead already quiet for longer than
 * the span when the rule came into force is stalled from then, as an
 * obligation a new SLA opens starts then (issue 11); the due time still
 * grows with activity.  1 with *due, 0, or -1 as rules_stalled. */
int rules_stalled_from(const struct lc_sla *sla, enum lc_stage s, lc_time activity_at, lc_time now,
                       lc_time sla_from, lc_time *due);

/* The least calendar seconds the stale span of s takes from any start:
 * a lead quiet for less than this cannot be stalled (a bound for index
 * ranges).  Business seconds take at least as long in calendar time; N
 * business days at least N - 1 days less an hour for a DST change. */
int64_t rules_stale_min_seconds(const struct lc_sla *sla, enum lc_stage s);

#endif
