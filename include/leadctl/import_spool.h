/* import_spool: the import's parsed, mapped and normalised records, kept on
 * disk between its two phases (issue 13/14: "parse and validate before the
 * lock").  Phase one reads the whole file (csvread), maps and normalises
 * every record (csvmap, the identity module) and appends each to the
 * spool, without touching the database's write lock; phase two takes the
 * lock and applies the spooled records in file order.  The spool is kept
 * in memory up to 8 MiB, then in an unlinked temporary file in $TMPDIR
 * (else /tmp): memory stays flat in the size of the input.
 *
 * A record is one entry: its line and raw bytes (for a reject file), and
 * either the reader's reason to reject it or its mapped row.  An entry is
 * also available as its encoded bytes (import_entry.blob), which a caller
 * may copy and decode again (the import's batch replay). */
#ifndef LEADCTL_IMPORT_SPOOL_H
#define LEADCTL_IMPORT_SPOOL_H

#include <stddef.h>

#include "leadctl/csvmap.h"

struct import_spool;

/* One spooled record (import_spool_next / import_entry_decode fill it;
 * import_entry_clear frees what it owns). */
struct import_entry {
	long line;                 /* the record's first line */
	char *csv_error;           /* the reader's reject reason ("line 4: ..."), or NULL (owned) */
	char *raw;                 /* the record's bytes for a reject file (owned, NUL-terminated) */
	size_t raw_len;            /* bytes in raw */
	int has_row;               /* 1 when row holds the mapped record (csv_error is NULL) */
	struct csvmap_row row;     /* the mapped row when has_row (owned) */
	const unsigned char *blob; /* the entry's encoding, valid until the next
	                            * import_spool_next (borrowed) */
	size_t blob_len;           /* bytes in blob */
};

/* A new, empty spool (*sp; free with import_spool_close).  Returns 0, or
 * -1 when out of memory. */
int import_spool_open(struct import_spool **sp);

/* Append a record: line, raw[0..raw_len), and either csv_error (row NULL)
 * or the mapped row.  Returns 0, or -1 with errno set (ENOMEM; or, once
 * the spool moves to its file, the error making it or writing it: ENOENT,
 * EACCES, ENOSPC, EFBIG, EIO). */
int import_spool_put(struct import_spool *sp, long line, const char *csv_error, const char *raw,
                     size_t raw_len, const struct csvmap_row *row);

/* Start reading from the first record.  Returns 0, or -1 with errno set. */
int import_spool_rewind(struct import_spool *sp);

/* The next record into *e (cleared first).  Returns 1 with a record, 0 at
 * the end, -1 with errno set (EIO: a short or damaged spool, ENOMEM). */
int import_spool_next(struct import_spool *sp, struct import_entry *e);

/* Decode an entry from its encoding blob[0..len) (a copy of an earlier
 * import_entry.blob) into *e (cleared first; e->blob is left NULL).
 * Returns 0, or -1 (ENOMEM, or EIO for bytes that are not an entry). */
int import_entry_decode(const unsigned char *blob, size_t len, struct import_entry *e);

/* An empty entry; import_entry_clear frees one and empties it again. */
void import_entry_init(struct import_entry *e);
void import_entry_clear(struct import_entry *e);

/* Close and free the spool (its file disappears).  NULL is allowed. */
void import_spool_close(struct import_spool *sp);

#endif
