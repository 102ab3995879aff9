/* replay: `sla simulate` -- the recorded facts of a period replayed, in
 * time order, through the same rules_decide() that applies the SLA in
 * force (issue 13: "what the SLA would do" and "what it does" cannot
 * differ).
 *
 * The facts are what people and imports did: each lead's creation, its
 * events, touches, stage moves and assignments (the SLA's own moves and
 * assignments are not facts: the replay makes its own).  After each fact
 * the lead's replayed state goes through rules_decide() at the fact's
 * instant, and its effects are applied to that state in memory: so a
 * replay of the SLA in force over leads it governed from their creation
 * gives the MQLs, assignments and obligations it recorded.  Round-robin
 * turns and owners' open leads are those of the replay (from zero).  A
 * person's move that the replayed state makes pointless (into the stage
 * the lead is in already) is skipped; `sla check`'s recycling is not
 * replayed.  Fields start as they were at each lead's creation and change
 * when field_changes says (custom fields are as they are now).
 *
 * Pure: no SQLite, no printing. */
#ifndef LEADCTL_REPLAY_H
#define LEADCTL_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/rules.h"

/* A stage move made by a person or an import (from = -1: the creation). */
struct lc_replay_move {
	lc_time at;
	int from; /* enum lc_stage, or -1 */
	enum lc_stage to;
	enum lc_origin origin;
};

/* An assignment made by a person or an import. */
struct lc_replay_assign {
	lc_time at;
	char *owner; /* NULL: unassigned; owned */
	enum lc_origin origin;
};

/* A change of one of the lead's fields (field_changes), by a person or an
 * import: the replay starts from the fields as they were at the creation
 * (the changes undone, newest first) and makes each change at its
 * instant.  Fields: the string fields of struct lc_lead and "employees";
 * others (custom fields) keep their value as now. */
struct lc_replay_field {
	lc_time at;
	char *field;     /* its name ("title"); owned */
	char *old_value; /* NULL: unknown; owned */
	char *new_value; /* NULL: cleared; owned */
};

/* The recorded facts of one lead (owned; replay_lead_clear frees them). */
struct lc_replay_lead {
	struct lc_lead lead; /* its fields as now (stage, owner and score are replayed) */
	struct lc_event *ev; /* events sorted by instant */
	size_t nev;
	struct lc_touch *touch; /* touches sorted by instant */
	size_t ntouch;
	struct lc_replay_move *move; /* sorted by instant; the first is its creation */
	size_t nmove;
	struct lc_replay_assign *assign; /* sorted by instant */
	size_t nassign;
	struct lc_replay_field *field; /* sorted by instant */
	size_t nfield;
};

/* Free the facts of one lead and zero it. */
void replay_lead_clear(struct lc_replay_lead *l);

/* What the replay decided, per lead: borrowed strings point into the SLA. */
struct lc_replay_mql {
	size_t lead; /* index into the leads given */
	lc_time at;  /* its first entry into mql */
	int by_sla;  /* 1: the SLA moved it (else a person or an import) */
};
struct lc_replay_assignment {
	size_t lead;
	const char *owner; /* borrowed from the SLA */
	const char *rule;  /* the routing rule */
	lc_time at;
};
/* A first-touch breach (an obligation's first touch after its deadline,
 * or none before the obligation closed or by now).  One per lead, rule and
 * deadline, as `sla check` records them. */
struct lc_replay_breach {
	size_t lead;
	const char *rule; /* borrowed from the SLA */
	lc_time due_at;
	lc_time first_touch_at; /* or RULES_NONE */
};

/* The outcome of a replay. */
struct lc_replay_result {
	struct lc_replay_mql *mql; /* by instant; owned */
	size_t nmql;
	struct lc_replay_assignment *assign; /* in replay order; owned */
	size_t nassign;
	struct lc_replay_breach *breach; /* by deadline; owned */
	size_t nbreach;
	int64_t in_time;    /* deadlines (lead, rule, due) met by a first touch */
	int64_t late;       /* ... answered after the deadline */
	int64_t never;      /* ... never touched */
	const char **owner; /* per lead: its owner at the end of the replay (NULL: none);
	                     * borrowed from the SLA or the facts; owned array */
};

/* Free a result and zero it. */
void replay_result_clear(struct lc_replay_result *r);

/* Replay leads[0..n) under sla (its version) up to now (UTC seconds; facts
 * after now are ignored).  Fills *out (cleared first).  Returns 0, -1 when
 * memory runs out, -2 when a deadline cannot be computed from the business
 * hours (*span, when not NULL, then names it). */
int replay_run(const struct lc_sla *sla, int version, const struct lc_replay_lead *leads, size_t n,
               lc_time now, struct lc_replay_result *out, const char **span);

#endif
