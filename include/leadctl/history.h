/* history: the stage moves an import writes for one row, checked against
 * the stage machine.
 *
 * Pure: no database, no printing.  Another CRM's export says where a lead
 * stands (a stage column) and when it got there (lifecycle dates, a close
 * date); the two often disagree.  history_plan() turns them into moves that
 * the stage machine accepts, by one rule (docs/import.md §3):
 *
 *   - the dated stages are taken in time order (ties in funnel order); a
 *     date before the lead's creation counts as its creation;
 *   - a move is written when the stage machine allows it, or when it is a
 *     forward skip that another CRM's dates imply (new -> sql, new -> won,
 *     new -> lost, mql -> won, mql -> lost: history_move_allowed); anything
 *     else (out of won, back down the funnel) is skipped with a warning:
 *     the dates win and the furthest stage is kept;
 *   - the row's stage then applies at its latest date when it can follow;
 *     when it contradicts the dates it is skipped with a warning.
 *
 * Product brief "Stages" (the machine); issue 12 (imported history). */
#ifndef LEADCTL_HISTORY_H
#define LEADCTL_HISTORY_H

#include <stddef.h>

#include "leadctl/clock.h"
#include "leadctl/lead.h"

/* At most one move per dated stage, plus the row's stage. */
#define HISTORY_MAX_MOVES (STAGE_COUNT + 1)

/* What the file says about one lead, and where the lead stands. */
struct history_input {
	enum lc_stage current;               /* the lead's stage now (new for a new lead) */
	lc_time current_at;                  /* since when (for warnings); 0 = a new lead */
	lc_time created;                     /* the lead's creation: earlier dates count as it */
	lc_time after;                       /* moves before this instant are not written (an
	                                      * existing lead keeps its history); 0 = all */
	const lc_time *stage_at;             /* [STAGE_COUNT]: when the file says it entered each */
	const unsigned char *stage_at_known; /* [STAGE_COUNT]: 1 where stage_at is set */
	int has_stage;                       /* 1 when the row names a stage */
	enum lc_stage stage;                 /* that stage */
	int restage;                         /* 1: the row's stage applies even without a date
	                                      * after `after` (a re-import with a better mapping) */
};

/* One move to write. */
struct history_move {
	enum lc_stage from; /* the stage before */
	enum lc_stage to;   /* the stage after */
	lc_time at;         /* when (UTC) */
};

/* The moves of one row, and what was set aside. */
struct history_plan {
	struct history_move moves[HISTORY_MAX_MOVES]; /* in time order */
	size_t n;                                     /* entries in moves */
	char warning[400];                            /* "" or "stage 'mql' (2024-01-05) skipped: ..." */
};

/* 1 when an imported history may record from -> to: a move the stage
 * machine allows (stage_allowed), or a forward skip of the funnel that
 * another CRM's dates imply (new -> sql | won | lost, mql -> won | lost).
 * Never a move out of won, never back down the funnel. */
int history_move_allowed(enum lc_stage from, enum lc_stage to);

/* Plan the moves of one row (see the rule above) into *out.  Never fails. */
void history_plan(const struct history_input *in, struct history_plan *out);

struct lc_sla;

/* The automatic cut-off of an import (docs/import.md §4, "History is not
 * work"): 1 when a stage entry at `entry` (UTC) is history at an import at
 * `now`, because every deadline the SLA sla can set from it has passed: the
 * first-touch deadline and the attempts window of each response rule and
 * each stage's stale period (a deadline falling exactly at now is not
 * passed yet), each counted in business or calendar time as
 * the SLA says (the longest of them decides).  An SLA without any is no
 * reason to keep an entry open: every entry before now is history.  A
 * deadline that cannot be computed (business hours that never open) keeps
 * the entry open (0).  NULL sla: 0 (no SLA owes anything). */
int history_entry_is_past(const struct lc_sla *sla, lc_time entry, lc_time now);

#endif
