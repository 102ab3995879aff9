/* memo: a bounded memory of a pure function's results, keyed by the exact
 * input text.  The import's parse phase asks the same questions of slow
 * libraries again and again (the IDNA form of "gmail.com", the region of
 * "Deutschland": issue 13's profile); a memo answers a repeated question
 * without asking the library again, with the answer the library gave.
 *
 * Bounded by construction: a fixed number of slots, each chosen by a hash
 * of the key (direct-mapped); a new answer replaces the one in its slot.
 * A memo never holds more than its slot count of entries, and keys longer
 * than its key limit are never remembered, so its memory has a fixed
 * ceiling whatever the input (slots x (key limit + longest value)).
 *
 * Not thread-safe (leadctl is single-threaded).  No SQLite, no printing.
 * Memory comes from malloc; a failed allocation only means the answer is
 * not remembered (a memo is an optimisation, never a source of errors). */
#ifndef LEADCTL_MEMO_H
#define LEADCTL_MEMO_H

#include <stddef.h>

struct memo_slot;

/* One memo.  Initialise with MEMO_INIT; every field is private. */
struct memo {
	size_t slots;            /* number of slots, fixed */
	size_t max_key;          /* keys longer than this (bytes) are not remembered */
	struct memo_slot *table; /* NULL until the first memo_put */
	size_t entries;          /* slots in use */
};

/* A memo of `slots` entries at most, remembering keys of at most max_key
 * bytes: static struct memo m = MEMO_INIT(1024, 255); */
#define MEMO_INIT(slots, max_key)                                                                            \
	{                                                                                                    \
		(slots), (max_key), NULL, 0                                                                  \
	}

/* Looks key up.  Returns 1 when it is remembered, with *value the answer
 * stored for it (a string owned by the memo, valid until the next
 * memo_put or memo_clear on m; NULL when the answer was NULL) and *note
 * the note stored with it (borrowed, as given to memo_put); else 0. */
int memo_get(const struct memo *m, const char *key, const char **value, const char **note);

/* Remembers the answer value (copied; NULL allowed: "no value") and note
 * (a pointer kept as it is, e.g. a static reason phrase; NULL allowed) for
 * key (copied), replacing whatever its slot held.  Does nothing when key
 * is longer than the memo's key limit or memory runs out. */
void memo_put(struct memo *m, const char *key, const char *value, const char *note);

/* Forgets every entry and frees the memo's memory; m stays usable. */
void memo_clear(struct memo *m);

/* The number of entries m holds now (at most its slot count). */
size_t memo_entries(const struct memo *m);

#endif
