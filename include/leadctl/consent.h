/* consent: what a lead agreed to, and which contact channels that allows.
 *
 * Two halves, like check.h.  The pure half (src/consent.c) reads opt-out
 * values and lawful bases, says which channel a consent forbids and
 * describes the allowed ones: no SQLite, no printing.  The store half
 * (src/store_consent.c) reads and writes the consent table and the
 * consent_override of touches; every function returns 0 or an exit
 * status after printing one diagnostic (diag.h), and writes run inside the
 * caller's db_begin() .. db_commit().
 *
 * The rules (docs/privacy.md):
 *   - do_not_email forbids the channel "email"; do_not_call forbids "call"
 *     and "sms" (a text is a call under the TCPA and most national
 *     do-not-call lists).  meeting, linkedin and other are not governed.
 *   - an unsubscribe instant implies do_not_email.
 *   - an opt-out is sticky against imports: a file may set do_not_email or
 *     do_not_call, and may fill an unknown one with "no", but never turns a
 *     recorded opt-out back into "no"; only a person can (leadctl edit). */
#ifndef LEADCTL_CONSENT_H
#define LEADCTL_CONSENT_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

/* The consent facts of one lead.  Strings are owned (consent_clear frees
 * them); -1 / 0 / NULL = unknown. */
struct lc_consent {
	int do_not_email;          /* 1 yes (opted out), 0 no, -1 unknown */
	int do_not_call;           /* 1 yes (opted out), 0 no, -1 unknown */
	char *lawful_basis;        /* one of consent_bases[], or NULL */
	lc_time lawful_basis_at;   /* when it was obtained, 0 = unknown */
	char *lawful_basis_source; /* free text (a form, a contract), or NULL */
	lc_time unsubscribed_at;   /* when the person unsubscribed, 0 = unknown */
};

/* The lawful bases of GDPR article 6(1), as stored: "consent", "contract",
 * "legal_obligation", "vital_interests", "public_task",
 * "legitimate_interests"; NULL-terminated. */
extern const char *const consent_bases[];

/* An empty consent (everything unknown). */
void consent_init(struct lc_consent *c);
/* Free the strings and make c empty again. */
void consent_clear(struct lc_consent *c);
/* 1 when nothing is known. */
int consent_empty(const struct lc_consent *c);

/* An opt-out cell: 1 for yes/y/true/t/1/x/on/checked/opted out/
 * unsubscribed (any case, surrounding blanks ignored), 0 for no/n/false/
 * f/0/off/unchecked/opted in/subscribed, -1 for a blank cell, -2 for
 * anything else (the caller reports it). */
int consent_flag_parse(const char *v);

/* The stored name of a lawful basis written as in real exports: the
 * stored names themselves, "Legitimate interest" (HubSpot "Legitimate
 * interest – prospect/lead"), "Freely given consent from contact",
 * "Performance of a contract", "Legal obligation" ...  Returns a static
 * string, or NULL when v is not a lawful basis. */
const char *consent_basis_parse(const char *v);

/* 1 when c forbids contacting the lead on channel ("call", "email",
 * "sms", ...); the opt-out that forbids it ("do not call", "do not
 * email") goes to *why when not NULL. */
int consent_forbids(const struct lc_consent *c, const char *channel, const char **why);

/* The outreach channels c allows, for the work list: "any" when no opt-out
 * applies, "email only (do not call)", "call, sms only (do not email)", or
 * "none (do not call, do not email)".  Into buf (n bytes); returns buf. */
const char *consent_channels_text(int do_not_email, int do_not_call, char *buf, size_t n);

/* Overlay the known facts of `from` on `into`.  from_import = 1 applies
 * the import rule: an opt-out recorded in `into` is never turned back to
 * "no", and a "no" only fills an unknown value; other known values replace.
 * An unsubscribe instant sets do_not_email.  Returns 0, or -1 when out of
 * memory. */
int consent_overlay(struct lc_consent *into, const struct lc_consent *from, int from_import);

/* ---- store ------------------------------------------------------------------ */

struct lc_db;
struct lc_change;

/* The consent of lead (consent_init'ed first; all unknown when the lead has
 * no consent row). */
int store_consent_load(struct lc_db *db, int64_t lead, struct lc_consent *out);
/* Write `after` as the lead's consent: one field_changes row per field that
 * differs from `before` (who, when and how from c); the row is removed when
 * nothing is known any more.  *changed (may be NULL) receives the number of
 * fields changed. */
int store_consent_save(struct lc_db *db, int64_t lead, const struct lc_consent *before,
                       const struct lc_consent *after, const struct lc_change *c, int *changed);
/* Record the reason a touch was made against the lead's consent. */
int store_touch_override(struct lc_db *db, int64_t touch, const char *reason);
/* Merge: the kept lead takes the stricter opt-out of the two and the
 * dropped lead's facts where its own are unknown (recorded as changes by
 * c); the dropped lead's row goes with it. */
int store_consent_merge(struct lc_db *db, int64_t keep, int64_t drop, const struct lc_change *c);
/* Undo of an import: put back the consent fields the import changed (from
 * their field_changes rows, newest first), before those rows are purged. */
int store_consent_undo_import(struct lc_db *db, int64_t import_id);

#endif
