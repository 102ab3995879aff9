/* diag: every message to the user and every exit status.
 *
 * Messages are one line on stderr: "leadctl: <what>: <why/where>".  The exit
 * statuses follow sysexits(3) and are documented in README.md. */
#ifndef LEADCTL_DIAG_H
#define LEADCTL_DIAG_H

enum lc_exit {
	LC_OK = 0,
	LC_FOUND = 1,      /* a check found something (sla check) */
	LC_USAGE = 64,     /* bad command line */
	LC_DATAERR = 65,   /* bad input data (CSV row, e-mail, date, stage move) */
	LC_NOINPUT = 66,   /* missing input file, database or lead */
	LC_SOFTWARE = 70,  /* internal error: a bug */
	LC_CANTCREAT = 73, /* cannot create an output file */
	LC_IOERR = 74,     /* read/write error */
	LC_TEMPFAIL = 75,  /* database busy: try again */
	LC_NOPERM = 77,    /* a write command on a read-only database (file, folder or share) */
	LC_CONFIG = 78     /* bad configuration (SLA file, schema newer than binary) */
};

/* Print "leadctl: <message>" on stderr; returns code so that callers can
 * write `return diag_error(LC_USAGE, "...")`. */
int diag_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* -q/--quiet: 0 turns notes (diag_note) and progress off; errors and
 * warnings are still printed.  diag_notes() says whether they are on. */
void diag_set_notes(int on);
int diag_notes(void);

/* Print "leadctl: warning: <message>" on stderr. */
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "leadctl: <message>" on stderr without implying failure. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Capture: while on, diag_error() keeps its message (without the
 * "leadctl: " prefix) instead of printing it, so that a caller can turn a
 * failed row into a reject line.  diag_captured() returns the last one
 * (borrowed, "" when none); turning capture on clears it, turning it off
 * keeps it. */
void diag_capture(int on);
const char *diag_captured(void);

/* Silence diagnostics (quiet = 1) or not (0); returns the previous
 * setting, to restore.  Errors still count (diag_error_count). */
int diag_set_quiet(int quiet);
/* Number of errors printed so far (used by tests). */
int diag_error_count(void);

#endif
