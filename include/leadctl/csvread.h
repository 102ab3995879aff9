/* csvread: streaming CSV records out of a file in any common export dialect.
 *
 * Memory stays flat in the file's size: the reader holds one input block,
 * its UTF-8 translation and the record being read (at most max_record
 * bytes).  It
 *   - detects a byte-order mark: UTF-8 (skipped), UTF-16 LE/BE (translated
 *     to UTF-8 as it streams; an unpaired surrogate rejects its record);
 *     without one the text is UTF-8 unless the caller declares latin1,
 *     windows-1252 or UTF-16 without BOM;
 *   - honours Excel's "sep=X" first line (the delimiter is X unless the
 *     caller forces one; the header is line 2);
 *   - sniffs the delimiter among ',', ';' and TAB from the first 64 KiB
 *     (counted outside quotes, preferring the one whose count is the same
 *     on every line), unless the caller forces one;
 *   - splits records on CRLF, LF or CR, counting physical lines itself so
 *     that every record knows the line it starts on, even after quoted
 *     newlines; fields are then decoded by libcsv (CSV_STRICT |
 *     CSV_STRICT_FINI | CSV_APPEND_NULL);
 *   - rejects, without stopping, a record with invalid UTF-8, a NUL byte,
 *     a stray quote, a field longer than max_field or a field count other
 *     than the header's; reading resumes at the next line.
 * Blank lines, and records whose fields are all empty (",,,"), are skipped.
 * The first record is the header.  A trailing column that spreadsheets add
 * on a round trip (an empty name at the end of the header, or one extra
 * empty field at the end of a row) is dropped.
 * Unquoted fields lose their surrounding spaces and tabs (libcsv's rule;
 * only spaces when TAB is the delimiter); quoted fields are kept exactly.
 *
 * Errors are one line, "line 14: invalid UTF-8 byte 0xE9 at column 3"; the
 * caller prefixes the file name.  Columns are counted from 1. */
#ifndef LEADCTL_CSVREAD_H
#define LEADCTL_CSVREAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSVREAD_MAX_FIELD (1u << 20)  /* default cap on one field, bytes */
#define CSVREAD_MAX_RECORD (8u << 20) /* default cap on one record, bytes */
#define CSVREAD_MAX_ROWS 10000000u    /* default cap on the records after the header */

/* Text encodings the reader translates to UTF-8. */
enum csvread_encoding {
	CSVREAD_ENC_AUTO,       /* a BOM decides; without one, UTF-8 */
	CSVREAD_ENC_UTF8,       /* UTF-8 (a BOM is skipped) */
	CSVREAD_ENC_UTF16LE,    /* UTF-16 little-endian */
	CSVREAD_ENC_UTF16BE,    /* UTF-16 big-endian */
	CSVREAD_ENC_LATIN1,     /* ISO-8859-1: every byte is U+0000..U+00FF */
	CSVREAD_ENC_WINDOWS1252 /* Windows-1252 (0x80..0x9F per WHATWG) */
};

/* Status of the reader's calls. */
enum csvread_status {
	CSVREAD_RECORD = 1, /* csvread_next delivered a record */
	CSVREAD_END = 0,    /* no more records */
	CSVREAD_EOPEN = -1, /* the file cannot be opened (errno-based message) */
	CSVREAD_EDATA = -2, /* the file cannot be read as CSV at all (message has the line) */
	CSVREAD_EIO = -3,   /* read error */
	CSVREAD_ENOMEM = -4 /* out of memory */
};

/* What the caller declares; zero-initialise or use csvread_opts_init(). */
struct csvread_opts {
	enum csvread_encoding encoding; /* AUTO: a BOM decides, else UTF-8 */
	char delimiter;                 /* ',', ';', '\t'; 0 = sniff */
	size_t max_field;               /* cap on a field, bytes; 0 = CSVREAD_MAX_FIELD */
	size_t max_record;              /* cap on a record, bytes; 0 = CSVREAD_MAX_RECORD */
	size_t max_rows;                /* cap on the records after the header; 0 = CSVREAD_MAX_ROWS */
};

/* One record.  Every pointer is borrowed from the reader and valid until
 * the next csvread_next() or csvread_close(). */
struct csvread_record {
	long line;         /* physical line the record starts on (1-based) */
	long end_line;     /* physical line it ends on (> line after quoted newlines) */
	size_t nfields;    /* fields in `fields`; 0 when the record could not be split */
	char **fields;     /* NUL-terminated UTF-8 values, header order */
	size_t *lengths;   /* byte length of each field */
	const char *raw;   /* the record's bytes without its line end, for a reject
	                    * file: as in the file for UTF-8 input, else their UTF-8 */
	size_t raw_len;    /* bytes in raw */
	int raw_truncated; /* 1 when raw holds only the first max_record bytes */
	const char *error; /* NULL when usable; else "line N: why" (the record is rejected) */
};

/* An open reader; opaque. */
struct csvread;

/* Fill o with the defaults: AUTO encoding, sniffed delimiter, default caps. */
void csvread_opts_init(struct csvread_opts *o);

/* Parse an encoding name ("utf-8", "utf8", "utf-16le", "utf-16be",
 * "latin1", "iso-8859-1", "windows-1252", "cp1252", "auto"; any case).
 * Returns 0, or -1 when unknown. */
int csvread_encoding_parse(const char *name, enum csvread_encoding *out);
/* Canonical name of an encoding ("utf-8", "utf-16le", ...); static. */
const char *csvread_encoding_name(enum csvread_encoding e);

/* Open path and read its header.  On success returns 0 and *out (close with
 * csvread_close).  On failure returns a negative enum csvread_status and, when
 * err is not NULL, a message in *err that the caller must free ("cannot
 * open: No such file or directory", "line 1: NUL byte at column 2 (a UTF-16
 * file without BOM? declare its encoding)", "empty file: no header row"). */
int csvread_open(const char *path, const struct csvread_opts *opts, struct csvread **out, char **err);
/* As csvread_open, over a stream the caller owns (not closed by the reader). */
int csvread_open_stream(FILE *fp, const struct csvread_opts *opts, struct csvread **out, char **err);

/* The header: *names receives the column names (borrowed, NUL-terminated,
 * trailing empty names dropped); returns their count. */
size_t csvread_header(const struct csvread *r, const char *const **names);
/* The delimiter in use (forced or sniffed). */
char csvread_delimiter(const struct csvread *r);
/* The encoding in use (declared or detected from the BOM). */
enum csvread_encoding csvread_encoding(const struct csvread *r);
/* Line of the header record. */
long csvread_header_line(const struct csvread *r);
/* Bytes of the input consumed so far (for progress reports). */
uint64_t csvread_offset(const struct csvread *r);

/* Read the next record into *rec.  Returns CSVREAD_RECORD (check
 * rec->error: a rejected record still has its line and raw bytes),
 * CSVREAD_END, or a negative enum csvread_status for a fatal error whose
 * message csvread_error() gives; no record follows a fatal error. */
int csvread_next(struct csvread *r, struct csvread_record *rec);
/* Message of the last fatal error ("line 7: quoted field at column 2 is
 * never closed"), or NULL.  Borrowed. */
const char *csvread_error(const struct csvread *r);

/* Test hook: the allocator libcsv uses for the field buffer of every parser
 * set up from now on (libcsv's csv_set_realloc_func/csv_set_free_func, see
 * csv(3)); both NULL restore libc's.  tests/unit/test_oom.c installs one that
 * fails the Nth allocation.  Process-global; not for production use. */
void csvread_set_csv_allocator(void *(*realloc_fn)(void *, size_t), void (*free_fn)(void *));

/* Close the reader (and the file csvread_open opened).  NULL is allowed. */
void csvread_close(struct csvread *r);

#endif
