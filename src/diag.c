/* diag: one-line messages on stderr and the exit statuses (see diag.h).
 *
 * Every message goes through out_term_safe(): a message quotes user text
 * (owner names, stages, file names, cells of a CSV), which must not be able
 * to move the cursor, retitle the terminal or add a line (CWE-150,
 * docs/safety.md); it also keeps each message on one line. */
#include <stdarg.h>
#include <stdio.h>

#include "leadctl/diag.h"
#include "leadctl/out.h"

static int quiet;
static int notes_off; /* -q: no notes */
static int errors;
static int capturing;
static char captured[1024];

void diag_capture(int on)
{
	capturing = on;
	if (on)
		captured[0] = '\0';
}

const char *diag_captured(void)
{
	return captured;
}

int diag_set_quiet(int q)
{
	int was = quiet;

	quiet = q;
	return was;
}

int diag_error_count(void)
{
	return errors;
}

static void emit(const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void emit(const char *prefix, const char *fmt, va_list ap)
{
	if (quiet)
		return;
	fputs("leadctl: ", stderr);
	if (prefix)
		fputs(prefix, stderr);
	out_vline(stderr, fmt, ap);
	fflush(stderr);
}

int diag_error(int code, const char *fmt, ...)
{
	va_list ap;

	errors++;
	va_start(ap, fmt);
	if (capturing)
		vsnprintf(captured, sizeof captured, fmt, ap);
	else
		emit(NULL, fmt, ap);
	va_end(ap);
	return code;
}

void diag_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warning: ", fmt, ap);
	va_end(ap);
}

void diag_set_notes(int on)
{
	notes_off = !on;
}

int diag_notes(void)
{
	return !notes_off;
}

void diag_note(const char *fmt, ...)
{
	va_list ap;

	if (notes_off)
		return;
	va_start(ap, fmt);
	emit(NULL, fmt, ap);
	va_end(ap);
}
