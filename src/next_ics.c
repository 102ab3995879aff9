/* next_ics: the work list as an iCalendar file (RFC 5545), so the touches
 * a rep owes appear in their calendar at their deadlines.  A view: pure
 * formatting of lc_next_item rows (check.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "leadctl/check.h"
#include "leadctl/next_ics.h"

/* An instant as a UTC DATE-TIME (RFC 5545 3.3.5, form #2): 20261123T083000Z. */
static void ics_time(lc_time t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
}

/* Write one content line: name, then value, folded at 75 octets (3.1)
 * without splitting a UTF-8 character, ended by CRLF.  With text = 1 the
 * value is TEXT (3.3.11): backslash, semicolon, comma and newline
 * escaped. */
static void ics_line(FILE *f, const char *name, const char *value, int text)
{
	char buf[4096];
	size_t n = 0, col, i;

	n += (size_t)snprintf(buf, sizeof buf, "%s:", name);
	for (; value && *value && n < sizeof buf - 3; value++) {
		if (text && (*value == '\\' || *value == ';' || *value == ',')) {
			buf[n++] = '\\';
			buf[n++] = *value;
		} else if (text && *value == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else if ((unsigned char)*value >= 0x20 || *value == '\t') {
			buf[n++] = *value;
		}
	}
	for (i = 0, col = 0; i < n; i++) {
		/* A new line before a character that would pass 75 octets. */
		size_t clen = 1;
		unsigned char c = (unsigned char)buf[i];
		if (c >= 0xF0)
			clen = 4;
		else if (c >= 0xE0)
			clen = 3;
		else if (c >= 0xC0)
			clen = 2;
		if (col + clen > 75) {
			fputs("\r\n ", f);
			col = 1;
		}
		fwrite(buf + i, 1, clen > n - i ? n - i : clen, f);
		col += clen;
		i += clen - 1;
	}
	fputs("\r\n", f);
}

int next_ics_write(FILE *f, const struct lc_next_item *items, size_t n, lc_time now)
{
	char stamp[32], start[32], uid[128], summary[512], desc[512], owed[64], due[64];
	size_t i;

	ics_time(now, stamp, sizeof stamp);
	fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//leadctl//next//EN\r\nCALSCALE:GREGORIAN\r\n"
	      "METHOD:PUBLISH\r\n",
	      f);
	ics_line(f, "X-WR-CALNAME", "leadctl: what is owed", 1);
	for (i = 0; i < n; i++) {
		const struct lc_next_item *it = &items[i];
		next_owed_text(it, now, owed, sizeof owed);
		next_due_text(it->due, now, due, sizeof due);
		ics_time(it->due, start, sizeof start);
		/* Stable across runs: one event per lead, kind and deadline, so a
		 * calendar that subscribes updates it instead of doubling it. */
		snprintf(uid, sizeof uid, "lead-%" PRId64 "-%s-%" PRId64 "@leadctl", it->lead,
		         next_kind_name(it->kind), (int64_t)it->due);
		snprintf(summary, sizeof summary, "%s%s: %s%s%s%s",
		         it->group == NEXT_OVERDUE ? "OVERDUE " : "", owed, it->name, it->company ? " (" : "",
		         it->company ? it->company : "", it->company ? ")" : "");
		snprintf(desc, sizeof desc,
		         "%s; lead %" PRId64 ", %s, score %.1f, owner %s, rule %s.\nleadctl show %" PRId64,
		         due, it->lead, stage_name(it->stage), it->score,
		         it->owner ? it->owner : "unassigned", it->rule, it->lead);
		fputs("BEGIN:VEVENT\r\n", f);
		ics_line(f, "UID", uid, 0);
		ics_line(f, "DTSTAMP", stamp, 0);
		ics_line(f, "DTSTART", start, 0);
		ics_line(f, "DURATION", "PT15M", 0);
		ics_line(f, "SUMMARY", summary, 1);
		ics_line(f, "DESCRIPTION", desc, 1);
		ics_line(f, "CATEGORIES", next_group_name(it->group), 1);
		if (it->group == NEXT_OVERDUE)
			ics_line(f, "PRIORITY", "1", 0);
		fputs("END:VEVENT\r\n", f);
	}
	fputs("END:VCALENDAR\r\n", f);
	return ferror(f) ? -1 : 0;
}
