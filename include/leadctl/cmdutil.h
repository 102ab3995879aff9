/* cmdutil: what several commands share: --at, the display time zone,
 * reasons, money, lead fields from options.  Errors are printed; the
 * return value is 0 or an exit status. */
#ifndef LEADCTL_CMDUTIL_H
#define LEADCTL_CMDUTIL_H

#include <stdint.h>

#include "leadctl/cli.h"
#include "leadctl/consent.h"
#include "leadctl/lead.h"

/* The time zone to show and read local times in: the SLA's "timezone" when
 * one is installed, else TZ, else UTC.  Borrowed from ctx. */
const char *cmd_tz(struct lc_ctx *ctx);

/* --at TIME (ISO-8601; without an offset, in cmd_tz) or ctx->now.  A time
 * in the future is exit 65. */
int cmd_at(struct lc_ctx *ctx, const struct lc_args *a, lc_time *at);

/* Check that reason is allowed for a move into stage (the SLA's "reasons"
 * list for that stage, else the built-in list).  Missing or unknown: exit 65
 * naming the allowed ones. */
int cmd_reason_check(struct lc_ctx *ctx, enum lc_stage stage, const char *reason, int64_t lead);
/* The reasons allowed into stage (the SLA's list, else the built-in one):
 * up to max borrowed names in names, *n of them, *from_sla = 1 when the
 * SLA gave them; done(arg, names, n) is called while they are valid (they
 * are not after the return).  0 or an exit status. */
int cmd_reason_names(struct lc_ctx *ctx, enum lc_stage stage, const char **names, size_t max, size_t *n,
                     int *from_sla, void (*done)(void *arg, const char **names, size_t n), void *arg);

/* A word from a fixed list (a stage, channel, outcome), case-insensitive:
 * *out = the list's spelling.  Unknown: exit 64 naming what (e.g.
 * "channel"), the allowed words and the nearest one when it looks like a
 * typo ("unknown channel 'cal'; did you mean 'call'?").  list is
 * NULL-terminated. */
int cmd_choice(struct lc_ctx *ctx, const char *what, const char *value, const char *const *list,
               const char **out);
/* A stage argument through cmd_choice; *stage = enum lc_stage. */
int cmd_stage_arg(struct lc_ctx *ctx, const char *value, int *stage);

/* Parse a --delimiter value: "," or "comma", ";" or "semicolon", a TAB,
 * "tab" or "\\t".  Returns 0 and *out, or -1 when it is none of those. */
int cmd_delimiter_parse(const char *v, char *out);

/* Parse a money amount "12500", "12500.5", "12,500.50" into cents. */
int cmd_money_parse(const char *s, int64_t *cents);
/* Format cents as "12500.50" into buf. */
void cmd_money_format(int64_t cents, char *buf, size_t n);

/* Apply the lead-field options (--email, --first-name, ..., --set K=V) to l.
 * For edit, an empty value clears a field.  Returns 0 or 64/65. */
int cmd_lead_fields(struct lc_ctx *ctx, const struct lc_args *a, struct lc_lead *l, int editing);

/* Apply the consent options (--do-not-email, --do-not-call, --lawful-basis,
 * --lawful-basis-at, --lawful-basis-source, --unsubscribed-at) to c; an
 * empty value makes a fact unknown.  --unsubscribed-at sets do_not_email;
 * --do-not-email no clears the unsubscribe instant.  *given is 1 when any
 * was given.  Returns 0, 64 (bad value) or 65 (a time in the future). */
int cmd_consent_fields(struct lc_ctx *ctx, const struct lc_args *a, struct lc_consent *c, int *given);

/* Resolve a lead reference (store_lead_resolve_ref) for the running
 * command: a command flagged CMD_WRITE or CMD_EXACT refuses an ambiguous
 * reference (exit 65 listing the candidates); a read-only one takes the
 * lead number with a note.  README "Identity and accounts".  The
 * dispatcher calls it for the lead targets of the command table (cli.h);
 * command bodies do not. */
int cmd_lead_ref(struct lc_ctx *ctx, const char *ref, int64_t *id);
/* The same, resolved as command c would resolve it (c's flags, not the
 * running command's): completion reads the lead that the command line it
 * completes names ("leadctl stage 12 <TAB>").  c may be NULL (read-only). */
int cmd_lead_ref_as(struct lc_ctx *ctx, const struct lc_cmd *c, const char *ref, int64_t *id);

/* The lead-field options, for commands that take them (terminated by {0}). */
extern const struct lc_optdef cmd_lead_field_opts[];

/* Local time of t for tables ("2026-11-21 10:30"). */
void cmd_time(struct lc_ctx *ctx, lc_time t, char *buf, size_t n);

#endif
