/* out: listings as an aligned table, TSV, CSV or JSON.
 *
 * The only code that knows about terminals.  It does not know what a lead
 * is: commands describe columns and hand over rows of strings. */
#ifndef LEADCTL_OUT_H
#define LEADCTL_OUT_H

#include <stdarg.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "leadctl/outfile.h"

enum out_format {
	OUT_AUTO,  /* table on a terminal, TSV otherwise */
	OUT_TABLE, /* aligned columns with a header line */
	OUT_TSV,   /* header line, then tab-separated rows; tabs/newlines in cells become spaces,
	            * other control characters are escaped, formulas neutralised as in CSV */
	OUT_CSV,   /* RFC 4180; text cells starting with = + - @ tab CR LF (or full-width
	            * ＝ ＋ － ＠) get a leading '; control characters escaped on a terminal */
	OUT_JSON,  /* an array of objects keyed by column name */
	OUT_HTML,  /* a document: only commands flagged CMD_HTML accept it */
	OUT_ICS    /* iCalendar: only commands flagged CMD_ICS accept it */
};

enum out_type {
	OT_STR,  /* JSON string */
	OT_INT,  /* JSON number (integer text), right-aligned in tables */
	OT_NUM,  /* JSON number (decimal text), right-aligned in tables */
	OT_BOOL, /* "true"/"false" -> JSON boolean */
	OT_OWN   /* JSON string that leadctl itself made (a duration such as "-6d 21h"), never
	          * data: written as is, not neutralised as a formula */
};

struct out_col {
	const char *name;   /* header and JSON key */
	enum out_type type; /* how JSON and tables treat the cell */
};

/* Parse "table", "tsv", "csv", "json", "html"; -1 when unknown. */
int out_format_parse(const char *s);

/* 1 when stdout counts as a terminal: LEADCTL_TTY=1/0 forces it (for
 * tests), else isatty(1). */
int out_is_tty(void);

/* Resolve OUT_AUTO to OUT_TABLE or OUT_TSV. */
enum out_format out_resolve(enum out_format f);

struct out;
/* Start a listing on f.  cols must outlive the listing.  Returns NULL when
 * out of memory. */
struct out *out_begin(FILE *f, enum out_format fmt, const struct out_col *cols, size_t ncols);
/* One row: ncols cells, NULL meaning empty (null in JSON).  Cells are
 * copied.  Returns 0 or -1 (out of memory). */
int out_row(struct out *o, const char *const *cells);
/* Finish (tables are printed here), free o.  Returns 0, or -1 on a write
 * error. */
int out_end(struct out *o);

/* Print a cJSON value (pretty when on a terminal) followed by a newline.
 * Takes no ownership. Returns 0 or -1. */
int out_json(FILE *f, const cJSON *v);

/* Neutralise a spreadsheet formula (CWE-1236; OWASP "CSV Injection"):
 * returns a new string with a leading ' when s starts with = + - @ tab CR
 * LF or a full-width ＝ ＋ － ＠ (U+FF1D U+FF0B U+FF0D U+FF20), else a copy.
 * NULL for NULL or out of memory.  Caller frees. */
char *out_csv_safe(const char *s);

/* Write the n bytes at s (any bytes, NUL included) as one quoted RFC 4180
 * field: '"' doubled, and, when neutralise is set, a leading ' before a
 * formula start as in out_csv_safe.  Returns 0, or -1 on a write error. */
int out_csv_field(FILE *f, const char *s, size_t n, int neutralise);

/* Text from data made harmless for a terminal (CWE-150): C0 controls and
 * DEL in caret notation (ESC -> "^[", BEL -> "^G"), C1 controls and the
 * bidirectional overrides/isolates U+202A-202E, U+2066-2069 as "<U+009B>",
 * bytes that are not UTF-8 as "\xFF".  Tab, LF and CR become a space when
 * flatten is set, else stay.  Returns a new string the caller frees (NULL
 * for NULL or out of memory). */
char *out_term_safe(const char *s, int flatten);

/* Write s to f escaped as out_term_safe(s, 1) does (NULL writes nothing).
 * For data shown outside out_row (e.g. `show`).  Returns 0, or -1 on a
 * write error or out of memory. */
int out_put_term(FILE *f, const char *s);

/* The rule for every line of text that quotes data outside a table
 * (confirmations such as "lead 7: assigned to OWNER", and every diag
 * message): out_vline writes fmt's text to f escaped as out_term_safe(s, 1)
 * does -- ESC, BEL, C1 and bidi controls shown, tabs and line breaks as
 * spaces, so one call is one line -- then a newline.  Out of memory: the
 * text (cut at 2 KiB) with every control byte as '?'.  out_line writes to
 * stdout.  Write errors are left to the caller's ferror(). */
void out_vline(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Colour: 1 when escapes may be written (--color=always, or auto on a tty
 * without NO_COLOR). */
int out_color(void);
/* Set by main from --color (auto/always/never): -1 auto, 0 never, 1 always. */
void out_set_color(int mode);

/* ---- -o FILE: stdout into a file, replaced whole ------------------------ */

/* A redirection of stdout into a file (out_file_begin .. commit/abort). */
struct out_file {
	struct outfile file; /* the file being written (outfile.h) */
	int saved_fd;        /* the original stdout, restored at the end */
};

/* Send stdout into a temporary file beside path (outfile_begin with
 * OUTFILE_REPLACE: mode 0600, never the database db_path or its
 * companions, never a symlink), so that whatever a command prints lands in
 * path only when it succeeds: a reader never sees half a report and a
 * failed run leaves an existing file as it was.  While redirected
 * out_is_tty() is 0.  Returns 0, or 73 after one diagnostic naming path. */
int out_file_begin(const char *path, const char *db_path, struct out_file *of);
/* Restore stdout, then outfile_commit: fsync and rename over path.
 * Returns 0, or 73/74 after a diagnostic (the temporary file is removed). */
int out_file_commit(struct out_file *of);
/* Restore stdout and remove the temporary file; path is untouched. */
void out_file_abort(struct out_file *of);

/* ---- the terminal --------------------------------------------------------- */

/* Show the last row added to a table in the alert colour (red) when colour
 * is on (out_color); other formats ignore it.  For overdue rows. */
void out_row_alert(struct out *o);

/* Never cut column col (a short code such as "overdue 2h") to fit the
 * terminal; numbers never are.  Tables only. */
void out_keep(struct out *o, size_t col);

/* Columns that UTF-8 text s takes on a terminal: wide (CJK) characters
 * count 2, combining marks and controls 0 (libunistring's uc_width, Unicode
 * East Asian Width).  NULL is 0. */
size_t out_display_width(const char *s);

/* Print s in at most width columns: as it is when it fits, else its first
 * whole characters and "…" padded to width. */
void out_put_fitted(FILE *f, const char *s, size_t width);

/* Narrow the widest columns of w (n of them, gaps of 2 between) one column
 * at a time until they fit width, none below max(min[i], 5); width 0 =
 * unlimited.  Pure; the table printer's rule. */
void out_fit_widths(size_t *w, const size_t *min, size_t n, size_t width);

/* The terminal's width in columns when stdout counts as a terminal (its
 * size, else COLUMNS), else 0 (no limit). */
size_t out_term_width(void);

/* Hold stdout for a pager when it is a real terminal (isatty) with a known
 * height and a pager is configured (LEADCTL_PAGER, else PAGER, else
 * "less"; "" or "cat" = none).  Returns 1 when holding.  While held,
 * out_is_tty() stays 1 and out_term_width() is the terminal's. */
int out_page_begin(void);
/* Release what was held: through the pager (LESS=FRX unless LESS is set)
 * when it has at least as many lines as the terminal has rows, else
 * straight to the terminal.  Returns 1 when the pager showed it. */
int out_page_end(void);

#endif
