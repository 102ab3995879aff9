/* fold: caseless keys of text, for search, sorting and name matching.
 *
 * Every letter of every script, not only A-Z: "LÓPEZ" finds "López",
 * "STRASSE" matches "Straße", "ΟΔΟΣ" matches "οδος" (capital, small and final
 * sigma), "ＡＣＭＥ" (full-width) finds "Acme".  Case folding and
 * normalisation come from libunistring (Unicode's CaseFolding.txt, full
 * folding without a language's tailoring; Unicode Standard Annex #15),
 * ordering from ICU's root collator (the Unicode Collation Algorithm with
 * CLDR's root order, the same whatever the user's locale).  The SQL
 * functions that expose them are registered by db.c (lc_fold,
 * lc_search_key, lc_sort_key; README "Search and sorting").
 *
 * Pure functions over UTF-8: no SQLite, no printing.  Text that is not
 * valid UTF-8 is folded byte by byte (A-Z lowered, other bytes kept), so a
 * damaged value still matches itself. */
#ifndef LEADCTL_FOLD_H
#define LEADCTL_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* The full case folding of the n bytes at s, in NFC: the key under which
 * two spellings of one name are equal ("JOSÉ" and "José", "Straße" and
 * "STRASSE", "ǅ" and "ǆ").  Accents still count ("Jose" is another key).
 * Returns a new NUL-terminated string (caller frees; *len its length when
 * len is not NULL), or NULL when memory runs out. */
char *fold_case(const char *s, size_t n, size_t *len);

/* 1 when NUL-terminated a and b are the same text but for letter case,
 * by the full case folding of both in NFC (fold_case: "ÉDUCATION" and
 * "éducation", "Straße" and "STRASSE"), else 0.  ASCII text costs a
 * strcasecmp; a fold that runs out of memory counts as different. */
int fold_equal(const char *a, const char *b);

/* The search key of the n bytes at s: compatibility-normalised (NFKC:
 * full-width letters and ligatures as their plain letters), case-folded,
 * and without the accents of Latin, Greek and Cyrillic letters (the
 * combining diacritical marks U+0300..U+036F of the decomposed text), then
 * recomposed (NFC).  `list --search X` finds a lead when the key of X is a
 * substring of the key of its text: "lopez", "LÓPEZ" and "López" all find
 * "López".  Letters that are not a base letter plus a mark ("ø", "ł", "đ")
 * keep their identity.  A new string (caller frees; *len its length when
 * len is not NULL), or NULL when memory runs out. */
char *fold_search_key(const char *s, size_t n, size_t *len);

/* An ICU collator for sort keys: root locale, secondary strength (letter
 * case ignored, accents break ties after the base letters: "lopez" =
 * "LOPEZ" < "López" < "Lozano" < "Zapata"), numeric parts compared as
 * numbers ("Lead 9" < "Lead 10"). */
struct fold_collator;

/* Open a collator.  0 and *out (close with fold_collator_close), or -1
 * with *out NULL when ICU cannot open its root collator (no memory or no
 * ICU data). */
int fold_collator_open(struct fold_collator **out);

/* The sort key of the n bytes at s under c: bytes that compare with memcmp
 * (shorter first on a common prefix) in the collator's order.  0 and
 * *key (caller frees) with *len bytes, or -1 when memory runs out. */
int fold_sort_key(struct fold_collator *c, const char *s, size_t n, uint8_t **key, size_t *len);

/* Close; safe with NULL. */
void fold_collator_close(struct fold_collator *c);

#endif
