/* privacy: the right to erasure (leadctl forget), the suppression list and
 * the right of access (leadctl export --person); docs/privacy.md.
 *
 * Two halves, like check.h.  The file half (src/privacy.c) scrubs reject
 * files and makes digests and pseudonyms: no SQLite, no printing.  The
 * store half (src/store_privacy.c) reads and erases the database's copies;
 * every function returns 0 or an exit status after printing one diagnostic
 * (diag.h), and writes run inside the caller's db_begin() .. db_commit().
 *
 * What forget keeps, so that every report figure stays the same: the lead
 * number, its source, campaign, owner, stage, score and times, the stage
 * history, the touches' times, channels, outcomes and actors, the events'
 * types and times, assignments, obligations and breaches.  What it erases:
 * every identity (e-mail, phone, record ids), the names, title, company,
 * website, country, industry, employees and custom fields, the account
 * link, every identity it held (lead_identities), the touches' notes and
 * consent overrides, the events' submission ids, the values of field changes, the consent record, merge
 * snapshots, the personal fields of import before-images, and the reject-file rows that carry one of its
 * identities. */
#ifndef LEADCTL_PRIVACY_H
#define LEADCTL_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

/* The values that identify a person in text (e-mail addresses, phones,
 * record ids), for scrubbing reject files.  Strings owned; free with
 * privacy_needles_free. */
struct lc_needles {
	char **v;   /* case-folded (fold_case), as stored */
	size_t n;   /* entries in v */
	size_t cap; /* allocated entries */
};

/* Append a copy of s (case-folded for every letter, fold.h; NULL or ""
 * ignored, duplicates kept once).  Returns 0, or -1 when out of memory. */
int privacy_needle_add(struct lc_needles *nd, const char *s);
void privacy_needles_free(struct lc_needles *nd);

/* 1 when text (n bytes) holds one of the needles: an e-mail or a record id
 * as a case-insensitive substring; a phone ("+3460...") as its digits,
 * whatever the punctuation between them ("+34 600 11-22-33"), or its last
 * 9 digits (a national number written without the country code). */
int privacy_text_matches(const char *text, size_t n, const struct lc_needles *nd);

/* Copy the reject file at path (a CSV of line,reason,record as `import
 * --rejects` writes it) to a new file tmp_path (mode 0600, created in the
 * same folder, named path + ".forget-XXXXXX", returned in *tmp_path for the
 * caller to rename over path or unlink) without the records that match a
 * needle; *removed counts them.  When nothing matches no file is made
 * (*tmp_path = NULL).  A missing file is *missing = 1, not an error.
 * Returns 0, or an exit status after printing one diagnostic (74 cannot
 * read or write, 65 not a CSV). */
int privacy_scrub_rejects(const char *path, const struct lc_needles *nd, char **tmp_path, int64_t *removed,
                          int *missing);

/* n random bytes from the kernel (getrandom(2)).  Returns 0 or -1. */
int privacy_random(void *buf, size_t n);

/* The digest of one identity for the suppression list: lower-case hex
 * SHA-256 of salt, kind ("email", "phone", "external_id"), ':' and the
 * normalised value, into hex. */
void privacy_digest(const char *salt, const char *kind, const char *value, char hex[65]);

/* ---- store ------------------------------------------------------------------ */

struct lc_db;
struct lc_lead;
struct lc_change;
struct cJSON;

/* What forget did to one lead. */
struct lc_forget_result {
	char pseudonym[40]; /* "erased:" and 16 hex digits: the lead's external_id from now on */
	int64_t notes;      /* touch notes and consent overrides erased */
	int64_t changes;    /* field changes whose values were erased */
	int64_t snapshots;  /* merge snapshots and import before-images pseudonymised */
	int64_t identities; /* identities removed (and suppressed when asked) */
};

/* 1 in *yes when lead was erased already; then *at and *actor (caller
 * frees; may be NULL) say when and by whom. */
int store_erased(struct lc_db *db, int64_t lead, int *yes, lc_time *at, char **actor);
/* The lead's identities (e-mail, phone, external id) into nd, before it is
 * erased. */
int store_forget_needles(struct lc_db *db, int64_t lead, struct lc_needles *nd);
/* The reject files the database knows of (the --rejects of every import,
 * absolute paths, each once): *paths (caller frees each and the array). */
int store_reject_files(struct lc_db *db, char ***paths, size_t *n);
/* Erase lead's personal data everywhere in the database (see the top of
 * this file), record the erasure (who: c->actor, when: c->at, why:
 * "request" or "retention") and, with suppress, put salted digests of its
 * e-mail, phone and record id on the suppression list.  Turns on
 * secure_delete for the connection, so freed space is zeroed. */
int store_forget(struct lc_db *db, int64_t lead, int suppress, const char *why, const struct lc_change *c,
                 struct lc_forget_result *res);
/* The erasure phase of `forget`: store_forget each of leads[0..n) (res[i]
 * for leads[i]) in one write transaction of its own, all or nothing.
 * Returns 0 or an exit status; on failure nothing is erased. */
int store_forget_leads(struct lc_db *db, const int64_t *leads, size_t n, int suppress, const char *why,
                       const struct lc_change *c, struct lc_forget_result *res);
/* PRAGMA secure_delete = ON for the connection: freed space is zeroed
 * (SQLite: "overwrites deleted content with zeros"). */
int store_secure_delete(struct lc_db *db);
/* Checkpoint the write-ahead log into the database file and truncate it,
 * so that no older copy of erased pages stays in it.  *complete = 0 when a
 * reader kept part of it (it is checkpointed by a later writer). */
int store_wal_truncate(struct lc_db *db, int *complete);
/* 1 in *yes when the lead l (a row to import or add, borrowed) is on the
 * suppression list of `forget --suppress`: its e-mail, its record id, or
 * its phone when it has neither (a switchboard number is shared); *kind
 * (may be NULL) receives the kind that matched ("email", "phone",
 * "external_id").  The values are compared as identity.h keys: the
 * normalised e-mail, the E.164 phone, and the record id namespaced by
 * l->external_system ("hubspot:123", identity_record_key), so that an id
 * erased in one system never withholds the same id of another system,
 * another person (product brief "Data": ids are namespaced by source). */
int store_suppressed(struct lc_db *db, const struct lc_lead *l, int *yes, const char **kind);
/* Leads whose stage has a retention span in the SLA and whose latest
 * activity is older than now minus it, not yet erased, ascending: *ids
 * (caller frees).  retention[] is seconds per stage (0 = kept). */
int store_expired_leads(struct lc_db *db, const int64_t *retention, size_t nstages, lc_time now,
                        int64_t **ids, size_t *n);
/* Everything held about one person, as one JSON object the caller owns
 * (*out): the lead with its lists and changes, consent, the merges into it
 * with their snapshots, the imports that touched it with their
 * before-images, and the erasure when there was one. */
int store_person_json(struct lc_db *db, int64_t lead, struct cJSON **out);

#endif
