/* idlist: every identity of a lead as one text cell, for the `identities`
 * column of leadctl's CSV export and its import (docs/import-mapping.md,
 * "leadctl's own export").
 *
 *   email:ana@mu.example;email:ana.gil@mu.example;phone:+34612345678;hubspot:5101;salesforce:00Q5g00000XyZ12
 *
 * Entries are separated by ';'.  An entry is `email:ADDRESS`, `phone:NUMBER`
 * or `SYSTEM:ID` for a record id of that system (the identity module's
 * record key, README "Identity and accounts"); a record id of a system
 * named "email", "phone" or "record" is written `record:SYSTEM:ID` (and that
 * form is read for any system).  Inside a value '%' is written "%25" and
 * ';' "%3B" (percent-encoding, RFC 3986 section 2.1), so any id survives;
 * nothing else is escaped.  Spaces around an entry and empty entries are
 * ignored when reading.
 *
 * Pure text: no normalising (the importer gives each value to the identity
 * module), no SQLite, no printing.  Strings returned are owned by the caller. */
#ifndef LEADCTL_IDLIST_H
#define LEADCTL_IDLIST_H

#include <stddef.h>

/* What an entry names. */
enum idlist_kind { IDLIST_EMAIL, IDLIST_PHONE, IDLIST_RECORD };

/* One identity of the list. */
struct idlist_entry {
	enum idlist_kind kind;
	char *system; /* IDLIST_RECORD: its system ("hubspot", "ext"); else NULL */
	char *value;  /* the address, the number, or the record id without its system */
};

/* The cell for entries e[0..n), in the order given.  Returns a new string
 * ("" for n = 0), or NULL when out of memory.  An IDLIST_RECORD entry
 * without a system is written as system "ext". */
char *idlist_format(const struct idlist_entry *e, size_t n);

/* Read a cell written by idlist_format (or by hand in the same form) into
 * *out (n entries in *n; caller frees with idlist_free).  Returns 0, -1
 * when out of memory, or 1 with why (whylen bytes) saying what is wrong
 * ("entry 'abc' is not KIND:VALUE", "entry 'email:%3' has a bad %-escape")
 * and *out NULL. */
int idlist_parse(const char *text, struct idlist_entry **out, size_t *n, char *why, size_t whylen);

/* Free n entries and the array.  NULL is allowed. */
void idlist_free(struct idlist_entry *e, size_t n);

#endif
