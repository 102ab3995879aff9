/* regex: the bounded regular-expression engine of SLA rules (PCRE2).
 *
 * An SLA regex is written by an admin but runs on text from any web form,
 * inside every command that scores a lead: no pattern may make it hang or
 * eat memory.  So (docs/sla.md "Regular expressions"):
 *  - patterns are Perl-compatible (PCRE2), UTF-8, case-less for every
 *    letter (`jefa de área` matches `Jefa de Área`), match anywhere; PCRE2's
 *    own case-less matching (Unicode simple case folding) runs first, then,
 *    when it finds nothing, the pattern folded by regex_fold_pattern on the
 *    value's full case folding in NFC (fold.h): `straße` matches `STRASSE`
 *    and `strasse` matches `Straße`, and a decomposed `Área` matches;
 *  - refused when compiled (by `sla lint`, `sla use`, `init --sla`): longer
 *    than REGEX_MAX_PATTERN bytes, a compiled form over REGEX_MAX_COMPILED
 *    bytes, back-references (\1, \k<name>: exponential to match), and a
 *    repeated group that itself contains a variable repetition, such as
 *    (a+)+, (a*)*, (a|b?){2,} — the classic catastrophic backtracking;
 *  - every match runs under PCRE2's match, depth and heap limits
 *    (REGEX_MATCH_LIMIT, REGEX_DEPTH_LIMIT, REGEX_HEAP_LIMIT_KIB): a
 *    subject that hits one counts as no match and is counted, for one
 *    warning at the end of the command (regex_limit_hits). */
#ifndef LEADCTL_REGEX_H
#define LEADCTL_REGEX_H

#include <stddef.h>

#define REGEX_MAX_PATTERN 1000    /* bytes of pattern text */
#define REGEX_MAX_COMPILED 65536  /* bytes of compiled pattern */
#define REGEX_MATCH_LIMIT 100000  /* PCRE2 match() calls per match */
#define REGEX_DEPTH_LIMIT 1000    /* PCRE2 backtracking depth */
#define REGEX_HEAP_LIMIT_KIB 1024 /* PCRE2 backtracking memory, KiB */

struct lc_regex;

/* Compile pattern (NUL-terminated).  Returns 0 and *out (free with
 * regex_free), or -1 with *out NULL and the reason in why (one line, no
 * trailing period, e.g. "back-references (\1) are not allowed: they can
 * take exponential time").  Pure: prints nothing. */
int regex_compile(const char *pattern, struct lc_regex **out, char *why, size_t whylen);

/* 1 when subject (NUL-terminated UTF-8; invalid sequences never match)
 * matches somewhere, 0 when not, -1 when a limit was hit (the caller
 * treats it as no match; the hit is counted). */
int regex_match(struct lc_regex *re, const char *subject);

/* The pattern's letters by Unicode's full case folding, for the second
 * pass of regex_match: the pattern in NFC with each literal non-ASCII
 * letter outside a character class, an escape, \Q..\E, a comment or a verb
 * replaced by its folding, a folding of several characters as a group
 * ("ß+" -> "(?:ss)+"); ASCII is left to PCRE2_CASELESS.  *expanded is set
 * to 1 when such a group was made.  A new string (caller frees), or NULL
 * when memory runs out. */
char *regex_fold_pattern(const char *pattern, int *expanded);

/* The pattern as given (borrowed from re). */
const char *regex_pattern(const struct lc_regex *re);

/* Free; safe with NULL. */
void regex_free(struct lc_regex *re);

/* How many matches in this process hit a limit; *pattern (borrowed, valid
 * until the regex is freed — copy it at once) gets the first such pattern
 * when pattern is not NULL. */
long regex_limit_hits(const char **pattern);

#endif
