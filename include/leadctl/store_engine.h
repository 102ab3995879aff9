/* store_engine: the store half of "decide / apply" (issue 13).  It loads
 * what rules_decide() reads about a lead into plain structs, supplies the
 * routing reads, and applies the effects it returns, inside the caller's
 * write transaction.  Only this file (src/store_engine.c) speaks SQL for
 * the engine; src/engine.c is the glue.
 *
 * Every function returns 0, or an exit status after printing one
 * diagnostic (diag.h), as store.h does. */
#ifndef LEADCTL_STORE_ENGINE_H
#define LEADCTL_STORE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/replay.h"
#include "leadctl/rules.h"

struct lc_db;
struct cJSON;

/* A lead's state as loaded, owning everything rules.state borrows. */
struct lc_engine_load {
	struct lc_lead lead;
	struct lc_event *ev;
	size_t nev;
	struct lc_touch *touch;
	size_t ntouch;
	struct lc_history_row *hist;
	size_t nhist;
	struct lc_obligation *obl; /* rule strings owned (freed by store_engine_clear) */
	size_t nobl;
	struct lc_open_breach *breach;
	size_t nbreach;
	struct lc_rules_state state; /* points into the above */
};

/* Load lead's fields, stage and stage time, events, touches, stage history,
 * obligations and unresolved breaches into *ld (the caller clears it with
 * store_engine_clear(), also after a failure).  No such lead: 66. */
int store_engine_load(struct lc_db *db, int64_t lead, struct lc_engine_load *ld);
/* The stage history of lead, any order, into *rows (*n of them; the caller
 * frees *rows, also after a failure). */
int store_history_load(struct lc_db *db, int64_t lead, struct lc_history_row **rows, size_t *n);
/* Free what store_engine_load() loaded and zero *ld. */
void store_engine_clear(struct lc_engine_load *ld);

/* The routing reads of route.h from the database: open leads of an owner
 * (new, mql, sql; on the (owner, stage) index) and a pool's stored turn
 * (route_cursors, members kept as a JSON array).  The strings the turn
 * lends stay valid until the next call or store_route_reader_clear(). */
struct lc_route_reader {
	struct lc_db *db;
	char *last;          /* owned */
	struct cJSON *order; /* the stored member list, parsed; owned */
	const char **names;  /* into order; owned array */
	struct lc_route_env env;
};
/* Point r->env at this database's reads. */
void store_route_reader_init(struct lc_route_reader *r, struct lc_db *db);
/* Free what the last turn read lent. */
void store_route_reader_clear(struct lc_route_reader *r);

/* Apply effects e that rules_decide(_, in, e) returned for lead, in order:
 * the score; a stage move (history row, origin sla, actor "sla",
 * in->version, in->import_id); obligations closed, progressed, met or
 * exhausted (UPDATE by id), opened (INSERT, for the entry of the move
 * just applied when its entry is 0); breaches resolved; an assignment by
 * routing (the pool's turn kept by member, then store_assign with origin
 * sla).  Runs inside the caller's transaction. */
int store_engine_apply(struct lc_db *db, int64_t lead, const struct lc_rules_input *in,
                       const struct lc_effects *e);

/* The latest obligation of lead (by start, then id) into *o (its rule is
 * strdup'ed into *rule, which the caller frees), as it stood at now when
 * a later fact was recorded (correctness's AS_OF rule).  *found = 0 when
 * the lead has none. */
int store_obligation_latest(struct lc_db *db, int64_t lead, lc_time now, struct lc_obligation *o, char **rule,
                            int *found);

/* The recorded facts of the leads created at or after since (UTC seconds),
 * oldest first, for `sla simulate` (replay.h): fields, events, touches,
 * the stage moves, assignments and field changes people and imports made
 * (the creation first).  *out (free with store_replay_free) holds *n leads.
 * Read in one read transaction (one snapshot) unless the caller has one
 * open.  Returns 0 or an exit status after a diagnostic. */
int store_replay_load(struct lc_db *db, lc_time since, struct lc_replay_lead **out, size_t *n);
/* Free what store_replay_load() returned (NULL allowed). */
void store_replay_free(struct lc_replay_lead *leads, size_t n);

/* Print one diagnostic for the connection's last error while doing what
 * and return its exit status (db_fail's mapping: 75 busy, 74 I/O, ...):
 * for a failed read made through a callback, such as the routing reads.
 * When the callback already reported its failure (every read of
 * store_route_reader does) only its status is returned: one message. */
int store_fail_last(struct lc_db *db, const char *what);

/* The version of the SLA in force (0 when none is installed). */
int store_sla_current_version(struct lc_db *db, int *version);

#endif
