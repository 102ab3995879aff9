/* store: reading and writing the ledger (leads, accounts, history, touches,
 * events, assignments) as plain structs.  The SQL lives in src/store_*.c;
 * callers never see SQLite.  Every function returns 0 or an exit status
 * after printing one diagnostic (diag.h).  Writes run inside the
 * transaction the dispatcher (CMD_TX) or a store phase opened, except the
 * phase functions that say they open and end their own (store_merge_all,
 * store_sla_use, store_sla_reapply_batch, and in their headers
 * store_forget_leads, store_spend_import, store_check_*). */
#ifndef LEADCTL_STORE_H
#define LEADCTL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"
#include "leadctl/idlist.h"
#include "leadctl/lead.h"

struct lc_db;

enum lc_origin { ORIGIN_CLI, ORIGIN_IMPORT, ORIGIN_SLA, ORIGIN_MERGE };
const char *origin_name(enum lc_origin o);

/* Who makes a change, how and when. */
struct lc_change {
	const char *actor; /* borrowed */
	enum lc_origin origin;
	lc_time at;        /* when it happened (--at, or now) */
	int sla_version;   /* for ORIGIN_SLA: the SLA that made it, else 0 */
	int64_t import_id; /* for ORIGIN_IMPORT, else 0 */
};

/* Identities (store_identity.c; README "Identity and accounts").  Keys
 * are those of the identity module (identity.h). */
enum lc_id_kind { ID_EMAIL, ID_PHONE, ID_RECORD };
/* "email", "phone", "record": the kind column of lead_identities. */
const char *store_identity_kind_name(enum lc_id_kind k);

/* Find a lead by reference, for a command that changes something: a bare
 * number is a lead number; "lead:12" / "#12", "email:ADDR", "phone:NUM",
 * "ext:ID" (a record id of any system) and "SYSTEM:ID" ("zoho:1177") are
 * explicit; any other text is looked up as an e-mail, a record id of any
 * system and a phone (the SLA's country code for national numbers).  A
 * reference that names different leads in different ways is refused:
 * exit 65 listing every candidate (number, name, e-mail, how it matched).
 * Not found: exit 66. */
int store_lead_resolve(struct lc_db *db, const char *ref, int64_t *id);
/* The same; writes = 0 (read-only commands) takes the lead-number match
 * of an ambiguous bare number, with a one-line note on stderr. */
int store_lead_resolve_ref(struct lc_db *db, const char *ref, int writes, int64_t *id);

/* Find the lead holding any of these keys (NULLs ignored), in the order
 * e-mail key, record id (external_id as given, in the system "ext"),
 * E.164 phone (the lowest-numbered of the leads holding it).  *id = 0 when
 * none. */
int store_lead_find(struct lc_db *db, const char *email, const char *external_id, const char *phone,
                    int64_t *id);
/* The lead holding an e-mail or record key (kind ID_EMAIL/ID_RECORD), or
 * for ID_PHONE the lowest-numbered lead holding it; *lead = 0 when none. */
int store_identity_owner(struct lc_db *db, enum lc_id_kind kind, const char *key, int64_t *lead);
/* The leads holding phone e164, lowest first: up to max in ids; *n counts
 * them all. */
int store_identity_phone_leads(struct lc_db *db, const char *e164, int64_t *ids, size_t max, size_t *n);
/* The leads holding a record id with this value (without system) whose
 * system is unknown ("ext") when system is known, or any other system
 * when system is "ext" (NULL): a record id typed without its system meets
 * the same id from a recognised export.  Up to max in ids; *n counts all. */
int store_identity_loose_record(struct lc_db *db, const char *system, const char *value, int64_t *ids,
                                size_t max, size_t *n);
/* An identity of kind that lead gained in import import_id (the file being
 * imported) whose key is not key: its value in *value (caller frees), NULL
 * when there is none.  How the importer tells that a record id met twice in
 * one file carries two different people (README "Identity and accounts":
 * a CRM export holds each record once). */
int store_identity_from_import(struct lc_db *db, int64_t lead, enum lc_id_kind kind, const char *key,
                               int64_t import_id, char **value);
/* The id (without its system) of the first record id of system that lead
 * holds: *value (caller frees), NULL when it holds none. */
int store_identity_system_value(struct lc_db *db, int64_t lead, const char *system, char **value);
/* Give lead an identity (kind, system for records, key, raw as given);
 * nothing when it already has it; exit 65 naming the holder when another
 * lead has that e-mail or record key.  Recorded with c's actor, time and
 * import. */
int store_identity_add(struct lc_db *db, int64_t lead, enum lc_id_kind kind, const char *system,
                       const char *key, const char *raw, const struct lc_change *c);
/* Exit 65 naming the lead (other than self; 0 = none) that holds l's
 * e-mail or record key, or, for a lead identified by its phone alone, its
 * phone. */
int store_lead_identities_free(struct lc_db *db, const struct lc_lead *l, int64_t self);
/* Exit 65 when lead l->id already holds a record id of l->external_system
 * other than l->external_id: a record id is never rewritten (README
 * "Identity and accounts"). */
int store_record_id_not_replaced(struct lc_db *db, const struct lc_lead *l);
/* Register l's e-mail, record id (in l->external_system) and phone (l->id
 * set) as its identities: those that differ from before's (NULL: all). */
int store_lead_register_identities(struct lc_db *db, const struct lc_lead *before, const struct lc_lead *l,
                                   const struct lc_change *c);
/* store_lead_register_identities(db, NULL, l, c) for identities the
 * caller knows no lead holds (store_lead_insert_new): inserted without
 * looking their owners up first. */
int store_lead_add_free_identities(struct lc_db *db, const struct lc_lead *l, const struct lc_change *c);
/* Every identity lead holds, in the order of the CSV export's identities
 * column (include/leadctl/idlist.h): e-mails, phones, record ids, each by
 * key.  *out (*n entries) is new; the caller frees it with idlist_free. */
int store_identity_list(struct lc_db *db, int64_t lead, struct idlist_entry **out, size_t *n);
/* The one lead holding any of the identities e[0..n) (values are the
 * identity module's keys: e-mail key, E.164, record id in its system),
 * beside *lead on entry (the lead the row's other identities matched, 0 =
 * none): *lead, 0 when none.  An entry held by another lead is exit 65
 * naming both, with "line N: " first when line > 0 (a row of an import).
 * A phone held by several leads names none (phones may be shared), and a
 * phone never contradicts a lead already found. */
int store_identity_list_owner(struct lc_db *db, const struct idlist_entry *e, size_t n, long line,
                              int64_t *lead);
/* Give lead every identity of e[0..n) it lacks (store_identity_add: exit
 * 65 naming the holder when another lead has one). */
int store_identity_list_add(struct lc_db *db, int64_t lead, const struct idlist_entry *e, size_t n,
                            const struct lc_change *c);
/* "lead 12 (Ana Ruiz, ana@acme.com)" into buf (n bytes). */
int store_lead_label(struct lc_db *db, int64_t id, char *buf, size_t n);

/* Load lead id into out (lead_init'ed first; free with lead_clear).  Missing
 * lead: exit 66.  stage_at and activity_at go to the optional pointers. */
int store_lead_load(struct lc_db *db, int64_t id, struct lc_lead *out);
/* When the lead entered its current stage, and its latest activity. */
int store_lead_times(struct lc_db *db, int64_t id, lc_time *stage_at, lc_time *activity_at);

/* Insert a new lead (l->created_at must be set) with its creation history
 * row (NULL -> new at created_at), account and owner.  Identities already
 * taken are exit 65 naming the lead that holds them.  l->id > 0 asks for
 * that lead number (leadctl's own export re-imported): given when no lead
 * of the database ever had it or a higher one, else a new number as for
 * l->id = 0.  Sets l->id and l->account_id. */
int store_lead_insert(struct lc_db *db, struct lc_lead *l, const struct lc_change *c);
/* store_lead_insert for a caller that has already found, in the same
 * transaction, that no lead holds l's e-mail, record id or (for a lead
 * with neither) phone (the importer's match_row): they are not looked up
 * again, and added without the owner checks (store_lead_add_free_identities).
 * *entry gets the id of the creation's stage_history row. */
int store_lead_insert_new(struct lc_db *db, struct lc_lead *l, const struct lc_change *c, int64_t *entry);
/* Set lead's updated_at and activity_at (UTC seconds; 0 = leave as is):
 * the times leadctl's own export carries, restored on a lead its import
 * created (after the SLA ran, so that the stale clock is the lead's own). */
int store_lead_times_restore(struct lc_db *db, int64_t id, lc_time updated_at, lc_time activity_at);

/* Write the fields of `after` that differ from `before` (same id), with one
 * field_changes row each; re-resolves the account.  *changed (may be NULL)
 * receives the number of fields changed. */
int store_lead_update(struct lc_db *db, const struct lc_lead *before, struct lc_lead *after,
                      const struct lc_change *c, int *changed);

/* Move a lead to another stage: checks nothing (the caller applied the
 * rules), appends the history row, sets stage/stage_at/activity_at.
 * amount_cents < 0 = none.  *history_id may be NULL. */
int store_stage_move(struct lc_db *db, int64_t lead, enum lc_stage from, enum lc_stage to, const char *reason,
                     int64_t amount_cents, const char *currency, const struct lc_change *c,
                     int64_t *history_id);

/* Move the lead's latest activity (activity_at: the stale clock) up to at
 * when it is earlier. */
int store_lead_activity_floor(struct lc_db *db, int64_t lead, lc_time at);

/* The latest history instant of a lead (its last stage change). */
int store_last_history_at(struct lc_db *db, int64_t lead, lc_time *at);
/* *yes = 1 when lead's latest stage change (by time, then row) was made by
 * an import or by the SLA (origin import or sla), not by a person or a
 * merge: an `import --force` may then apply its file's stage again. */
int store_stage_set_by_import(struct lc_db *db, int64_t lead, int *yes);
/* The move that put lead in its current stage (its latest history row
 * into that stage): *reason (caller frees; NULL when none), the won amount
 * in *cents (-1 when none) and its currency ("" when none). */
int store_stage_entry(struct lc_db *db, int64_t lead, char **reason, int64_t *cents, char currency[4]);

/* Record a contact attempt; updates activity_at. */
int store_touch_add(struct lc_db *db, int64_t lead, const char *channel, const char *outcome,
                    const char *note, const struct lc_change *c, int64_t *touch_id);
/* Touches of a lead within (since, until]. */
int store_touch_count(struct lc_db *db, int64_t lead, lc_time since, lc_time until, int64_t *count);

/* Record a behavioural event. */
int store_event_add(struct lc_db *db, int64_t lead, const char *type, const struct lc_change *c,
                    int64_t *event_id);
/* Keep the id of the form fill (Typeform '#', a Meta lead id) on a
 * form_submission event: a submission id, never a person's identity. */
int store_event_submission(struct lc_db *db, int64_t event_id, const char *submission_id);
/* All events of a lead, oldest first; *evs is an array the caller frees with
 * store_events_free(). */
int store_events_load(struct lc_db *db, int64_t lead, struct lc_event **evs, size_t *n);
void store_events_free(struct lc_event *evs, size_t n);

/* Assign a lead to owner (NULL = unassign), creating the owner row when new;
 * appends an assignments row.  rule may be NULL. */
int store_assign(struct lc_db *db, int64_t lead, const char *owner, const char *rule,
                 const struct lc_change *c);

/* Set a lead's score (points, unrounded) and the instant it is the score
 * as of (UTC seconds): leads.score and leads.score_at (migration 015),
 * which every command shows (docs/sla.md, "One number").  A score equal to
 * the stored one keeps its instant (it was already the score then). */
int store_score_set(struct lc_db *db, int64_t lead, double score, lc_time at);

/* Merge drop into keep: moves history, touches, events, assignments and
 * obligations, fills keep's unknown fields from drop (known values win),
 * records the merge with drop's row as JSON, deletes drop. */
int store_merge(struct lc_db *db, int64_t keep, int64_t drop, const struct lc_change *c);

/* A caller's step for one lead, run by a store function inside the
 * transaction it owns (the engine's re-apply, engine_refresh, for one):
 * returns 0 or an exit status after its one diagnostic, which rolls the
 * whole transaction back.  The store never calls the engine itself. */
typedef int (*store_lead_fn)(void *arg, struct lc_db *db, int64_t lead);

/* One merge of `dedupe --merge`: lead drop into lead keep. */
struct store_merge_step {
	int64_t keep, drop;
};
/* Run the merges steps[0..n) in order in one write transaction of its own
 * (BEGIN IMMEDIATE .. COMMIT): store_merge each, then after(arg, db, keep)
 * when after is not NULL.  All or nothing: any failure rolls every merge
 * back.  Returns 0 or an exit status. */
int store_merge_all(struct lc_db *db, const struct store_merge_step *steps, size_t n,
                    const struct lc_change *c, store_lead_fn after, void *arg);

/* Read access for show/list/export: plain structs (lead_view.h) that
 * view.h turns into JSON. */
struct lc_view_lead;
struct lc_view_account;
/* Lead id into *v (view_lead_init'ed here; the caller view_lead_clear's
 * it): fields, account, consent and, when lists is 1, its history,
 * touches, events, identities, assignments and field changes, each in
 * time order.  No lead: 66 after one message; out of memory 70; v is then
 * empty. */
int store_lead_view(struct lc_db *db, int64_t id, int lists, struct lc_view_lead *v);
/* Lead id with its lists as the JSON object `show --json` gives of the
 * stored lead (view.h), for the documents the store keeps or hands out
 * whole: a merge's record of the dropped lead, `forget --export`, `export
 * --json`.  *out is new and the caller's.  Errors as store_lead_view. */
struct cJSON;
int store_lead_document(struct lc_db *db, int64_t id, struct cJSON **out);
/* *after = 1 when a fact is recorded after now (UTC seconds): a touch, a
 * stage entry, or an obligation that started later (LEADCTL_NOW set in the
 * past).  Then the stored state (leads.stage, activity_at, obligations) is
 * not the state as of now, and readers take store_asof.h's way.  Three
 * index probes.  Returns 0 or an exit status. */
int store_facts_after(struct lc_db *db, lc_time now, int *after);
/* Set the stage, stage_at and activity_at of v (from store_lead_view) to
 * the lead's state as of now (UTC seconds): a stage entry or touch
 * recorded after now does not count ("now" means now, issue 11;
 * store_asof.h).  A lead that did not exist yet at now keeps its stored
 * values.  Returns 0 or an exit status. */
int store_lead_state_as_of(struct lc_db *db, int64_t id, lc_time now, struct lc_view_lead *v);

/* Filters of `list` and `export`; NULL/0 = no filter. */
struct lc_lead_filter {
	const char *stage;
	const char *owner; /* "-" = unassigned */
	const char *source;
	const char *campaign;
	int64_t account_id;
	lc_time since, until; /* created in [since, until); 0 = open */
	int has_since, has_until;
	const char *text; /* substring of name, e-mail, company, title, notes */
	const char *sort; /* "id", "created", "score", "name", "stage" */
	int descending;
	int64_t limit; /* 0 = no limit */
};
/* Call fn for each matching lead (a borrowed struct per row, as
 * store_lead_view gives it without the lists).  fn returns 0 to go on,
 * else that status stops the walk and is returned. */
int store_lead_each(struct lc_db *db, const struct lc_lead_filter *f,
                    int (*fn)(void *arg, const struct lc_view_lead *row), void *arg);

/* The SLA in force: its JSON text (caller frees) and version; *json = NULL
 * and *version = 0 when none is installed. */
int store_sla_current(struct lc_db *db, char **json, int *version);

/* Install an SLA: a new version unless its hash equals the one in force
 * (then *unchanged = 1 and *version is that one). */
int store_sla_install(struct lc_db *db, const char *name, const char *content, const char *sha256,
                      const char *source_file, const struct lc_change *c, int *version, int *unchanged);
/* One stored SLA version (strings owned by the caller).  Missing: 66. */
int store_sla_version(struct lc_db *db, int version, char **json, char **name, char **sha,
                      lc_time *installed_at, char **installed_by);
/* Ids of the leads whose stage is in ",a,b," (NULL = all), ascending;
 * *ids freed by the caller. */
int store_lead_ids(struct lc_db *db, const char *stage_filter, int64_t **ids, size_t *n);
/* At most limit ids of leads above `after`, ascending (one batch of `sla
 * use`); *ids freed by the caller, *n = 0 when none is left. */
int store_lead_ids_after(struct lc_db *db, int64_t after, size_t limit, int64_t **ids, size_t *n);

/* The re-apply of an installed SLA still under way (`sla use` commits it in
 * batches, docs/RELIABILITY.md "sla use"): *version is the SLA version
 * being applied and *after the highest lead id already done; *version = 0
 * when none is pending.  The record is the meta row 'sla_reapply'. */
int store_sla_reapply_get(struct lc_db *db, int *version, int64_t *after);
/* Record the re-apply's progress (inside the batch's transaction, so that
 * a crash keeps the record and the leads done consistent); version 0
 * deletes the record (the re-apply is complete). */
int store_sla_reapply_set(struct lc_db *db, int version, int64_t after);

/* What store_sla_use found and did. */
struct store_sla_use {
	int version;        /* the new version; when unchanged, the one in force */
	int unchanged;      /* 1: the content's sha256 is the SLA in force's: nothing written */
	int pending;        /* the version whose re-apply is under way before (0 = none) */
	int64_t after;      /* its progress: the leads up to this id have it applied */
	int64_t mql_before; /* leads in stage mql before */
};
/* The installation phase of `sla use` (docs/RELIABILITY.md "sla use"), in
 * one short write transaction of its own: count the leads in mql, install
 * the SLA (store_sla_install: name, content, its sha256 as hex, the file
 * it came from, who and when from c) and record that no lead has had it
 * applied yet (store_sla_reapply_set(version, 0)).  When the content is
 * the SLA in force, nothing is written (out->unchanged = 1) and
 * out->pending / out->after say whether its re-apply is to be resumed.
 * Returns 0 or an exit status; on failure nothing is written. */
int store_sla_use(struct lc_db *db, const char *name, const char *content, const char *sha256,
                  const char *source_file, const struct lc_change *c, struct store_sla_use *out);
/* One batch of the re-apply of SLA version (the phase after
 * store_sla_use), in one write transaction of its own: at most limit leads
 * above *after, ascending, each given to apply(arg, db, lead), and the
 * progress recorded in the same transaction (store_sla_reapply_set; the
 * last batch deletes the record).  Then *after is the highest lead done and
 * *done = 1 when no lead is left.  On failure the batch is rolled back
 * (the batches before stay committed, the record says where to resume).
 * Returns 0 or an exit status. */
int store_sla_reapply_batch(struct lc_db *db, int version, size_t limit, int64_t *after, int *done,
                            store_lead_fn apply, void *arg);

/* A recorded touch, for replays. */
struct lc_touch {
	lc_time at;
	char outcome[16]; /* connected, no_answer, ... */
};
/* All touches of a lead, oldest first (*out freed by the caller). */
int store_touches_load(struct lc_db *db, int64_t lead, struct lc_touch **out, size_t *n);
/* Ids of the leads created at or after since, oldest first. */
int store_lead_ids_since(struct lc_db *db, lc_time since, int64_t **ids, size_t *n);

/* Imports (store_import.c). */
struct lc_import_counts {
	int64_t rows;      /* data records read (rejected included) */
	int64_t created;   /* new leads */
	int64_t updated;   /* existing leads that changed */
	int64_t unchanged; /* existing leads the file did not change */
	int64_t rejected;  /* rows that could not be used */
	int64_t conflicts; /* known values replaced by different ones from the file */
};
/* Log a new import (and the marks undo needs); *id is its number. */
int store_import_begin(struct lc_db *db, const char *file, const char *sha, const char *options_json,
                       const struct lc_change *c, int64_t *id);
/* The latest import of a file with this content hash that is not undone
 * (*id = 0 when none). */
int store_import_find_sha(struct lc_db *db, const char *sha, int64_t *id, lc_time *at);
/* The options an import was run with (a JSON object text the caller
 * frees; NULL when the import has none). */
int store_import_options(struct lc_db *db, int64_t id, char **json);
/* 1 in *yes when an import (not undone) of the content with this sha256
 * created lead. */
int store_import_created_lead(struct lc_db *db, const char *sha, int64_t lead, int *yes);
/* Record that the import created (before-image none) or is about to update
 * (before-image: the lead row now) a lead; only the first call per lead
 * counts. */
int store_import_touch_lead(struct lc_db *db, int64_t import_id, int64_t lead, int created);
/* Store the counts (and the number qualified, counted from history). */
int store_import_finish(struct lc_db *db, int64_t id, const struct lc_import_counts *n);
int store_import_qualified(struct lc_db *db, int64_t id, int64_t *n);
/* 1 in *exists when the lead has an event of this type at exactly at. */
int store_event_exists(struct lc_db *db, int64_t lead, const char *type, lc_time at, int *exists);
/* Each import as a JSON object (id, file, sha256, at, actor, rows, created,
 * updated, unchanged, rejected, qualified, undone_at). */
int store_import_each(struct lc_db *db, int (*fn)(void *arg, const struct cJSON *row), void *arg);
/* Undo import id: remove the leads it created, restore the ones it updated
 * from their before-images, remove what it wrote, restore the round-robin
 * cursors.  Refused (65) when a later import is not undone or later changes
 * to its leads would be lost. */
int store_import_undo(struct lc_db *db, int64_t id, lc_time now, int64_t *leads_removed,
                      int64_t *leads_restored);

/* Write a consistent copy of the database to path (a new file, mode 0600;
 * an existing file is refused, 73). */
int store_backup(struct lc_db *db, const char *path);
/* Call fn for each pair of leads that are probably one person (same phone,
 * with cc the SLA's default calling code for national numbers, NULL =
 * none; same e-mail without +tags or gmail dots; same name at the same
 * account), lower id first. */
int store_duplicates(struct lc_db *db, const char *cc,
                     int (*fn)(void *arg, int64_t a, int64_t b, const char *why), void *arg);

/* What keys accounts first (README "Identity and accounts"). */
enum store_account_key {
	STORE_ACCOUNT_AUTO,    /* e-mail domain unless free-mail, website domain, company name */
	STORE_ACCOUNT_WEBSITE, /* website domain, company name, e-mail domain unless free-mail */
	STORE_ACCOUNT_COMPANY  /* company name, website domain, e-mail domain unless free-mail */
};
/* Choose the key order of store_account_for for this connection (an
 * import of another CRM's records names each row's company). */
void store_account_key_set(struct lc_db *db, enum store_account_key key);

/* Accounts: find or create the account of a lead (0 when nothing identifies
 * one).  Key order: as store_account_key_set chose; by default e-mail
 * domain unless free-mail, website domain, company name. */
int store_account_for(struct lc_db *db, const struct lc_lead *l, lc_time at, int64_t *account_id);
/* Resolve an account reference: number, domain or company name. */
int store_account_resolve(struct lc_db *db, const char *ref, int64_t *id);
/* Account id and its leads (fields, account, consent; by lead number)
 * into *out (zeroed here; the caller view_account_clear's it).  No account:
 * 66 after one message. */
int store_account_view(struct lc_db *db, int64_t id, struct lc_view_account *out);

/* Call fn with every owner's name (the owners table), by name; a non-zero
 * return of fn stops and is returned.  0 or an exit status. */
int store_owner_names(struct lc_db *db, int (*fn)(void *arg, const char *name), void *arg);

#endif
