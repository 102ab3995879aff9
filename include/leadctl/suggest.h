/* suggest: "did you mean" for the words a user types (commands, options,
 * stages, reasons, channels, outcomes, report names).
 *
 * Pure functions over strings, like git's help.c ("The most similar
 * command is"): the candidate at the smallest edit distance, when it is
 * close enough to be a typo rather than another word. */
#ifndef LEADCTL_SUGGEST_H
#define LEADCTL_SUGGEST_H

#include <stddef.h>

/* The optimal-string-alignment distance between a and b (insertions,
 * deletions, substitutions and transpositions of adjacent bytes each cost
 * 1), ASCII letters compared case-insensitively.  Words longer than 63
 * bytes are compared by their first 63. */
size_t suggest_distance(const char *a, const char *b);

/* The candidate of cands (n of them, or NULL-terminated when n is
 * (size_t)-1) that word most probably meant, or NULL:
 *   - an exact case-insensitive match;
 *   - else the one candidate word is a prefix of (at least 2 bytes);
 *   - else the nearest by suggest_distance when the distance is at most 1
 *     for words of up to 4 bytes, 2 up to 8, 3 beyond, and no other
 *     candidate is as near (a tie suggests nothing).
 * Borrowed from cands. */
const char *suggest_closest(const char *word, const char *const *cands, size_t n);

/* "; did you mean 'X'?" (with X = prefix + the suggestion) into buf, or ""
 * when there is none; returns buf.  For appending to an error line. */
const char *suggest_hint(const char *word, const char *const *cands, size_t n, const char *prefix, char *buf,
                         size_t len);

#endif
