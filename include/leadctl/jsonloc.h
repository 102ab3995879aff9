/* jsonloc: a strict JSON syntax checker that remembers where things are.
 *
 * cJSON says neither where a syntax error is nor on which line a value
 * stands, and it silently keeps duplicate keys.  jsonloc scans the text once
 * (RFC 8259, strict: no comments, no trailing commas, valid UTF-8, no
 * \u0000, no trailing garbage) and builds an index from every JSON pointer
 * (RFC 6901, "/response/0/first_touch/within") to its line, so that a
 * validator walking the cJSON tree can report "file:line: pointer: ...".
 * Text that jsonloc accepts is also accepted by cJSON.
 *
 * Pure: no I/O, no printing. */
#ifndef LEADCTL_JSONLOC_H
#define LEADCTL_JSONLOC_H

#include <stddef.h>

/* Deepest nesting of objects and arrays accepted. */
#define JSONLOC_MAX_DEPTH 64
/* Longest number literal accepted (cJSON reads at most 63 characters). */
#define JSONLOC_MAX_NUMBER 63

/* The first syntax error of a text. */
struct jsonloc_error {
	int line;      /* 1-based line of the offending character */
	int col;       /* 1-based column, counted in characters (UTF-8 code points) */
	char msg[160]; /* what is wrong, e.g. "expected ',' or '}' after an object member" */
};

/* Where one value stands. */
struct jsonloc_entry {
	char *pointer; /* JSON pointer, "" for the root; owned */
	int line;      /* line of the member's key, or of the value for array elements and the root */
	size_t order;  /* position in document order (ties between duplicate keys) */
};

/* A key that appears twice in one object. */
struct jsonloc_dup {
	char *pointer;  /* pointer of the repeated member; owned */
	char *key;      /* the key, decoded; owned */
	int line;       /* line of the repetition */
	int first_line; /* line of the first occurrence */
};

/* The index of a scanned text.  Zero-initialise, or use jsonloc_init(). */
struct jsonloc_index {
	struct jsonloc_entry *entries; /* sorted by pointer, then document order; owned */
	size_t nentries;               /* number of entries */
	size_t capentries;             /* allocated entries */
	struct jsonloc_dup *dups;      /* duplicate keys in document order; owned */
	size_t ndups;                  /* number of duplicates */
	size_t capdups;                /* allocated duplicates */
};

/* Initialise an empty index. */
void jsonloc_init(struct jsonloc_index *idx);
/* Free everything the index holds and leave it empty. */
void jsonloc_clear(struct jsonloc_index *idx);

/* Scan len bytes of text (a NUL byte inside is a syntax error; a leading
 * UTF-8 byte order mark is skipped).  Fills idx (which must be empty) with
 * the line of every value and the list of duplicate keys.  Returns 0 when
 * the text is well-formed JSON, -1 with *err filled on the first syntax
 * error, -2 when memory ran out.  idx holds what was scanned in every case;
 * the caller clears it. */
int jsonloc_scan(const char *text, size_t len, struct jsonloc_index *idx, struct jsonloc_error *err);

/* The line of the value at pointer.  When the pointer is not in the index
 * (a value that was never written), the line of its nearest ancestor that
 * is; 1 when none is (or idx is empty). */
int jsonloc_line(const struct jsonloc_index *idx, const char *pointer);

/* Append key to buf as one escaped pointer segment ("/" then the key with
 * '~' as "~0" and '/' as "~1"), keeping buf NUL-terminated within n bytes.
 * Returns 0, or -1 when it did not fit (buf is then left unchanged). */
int jsonloc_push_key(char *buf, size_t n, const char *key);

#endif
