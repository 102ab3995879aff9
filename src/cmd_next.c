/* next: the rep's work list, most urgent first.
 *
 *   leadctl next                   every owner's list, the first 20 rows
 *   leadctl next --owner ana       Ana's leads
 *   leadctl next --owner -         the unassigned ones
 *   leadctl next --all --format json
 *
 * A lead is listed when it is in new, mql or sql with an open response
 * obligation (first touch or attempts owed), or in mql or sql, owing
 * nothing else, and stalled (quiet for longer than the SLA's stale span of
 * its stage).  Leads at the SLA's contact limit are left out until a touch
 * is allowed again.  Order: overdue (most overdue first), due within 24h
 * (soonest first), then the rest by score (check.h, next_compare;
 * docs/next-and-check.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "leadctl/check.h"
#include "leadctl/cmdutil.h"
#include "leadctl/score.h"
#include "leadctl/consent.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/next_ics.h"
#include "leadctl/out.h"

/* Rows shown without --limit or --all. */
#define NEXT_DEFAULT_LIMIT 20

/* Table, TSV and CSV columns. */
static const struct out_col text_cols[] = {
	{ "id", OT_INT },    { "name", OT_STR },  { "company", OT_STR },
	{ "owner", OT_STR }, { "stage", OT_STR }, { "score", OT_NUM },
	{ "owed", OT_STR },  { "due", OT_STR },   { "rule", OT_STR },
};

/* JSON fields (docs/next-and-check.md). */
static const struct out_col json_cols[] = {
	{ "id", OT_INT },
	{ "name", OT_STR },
	{ "company", OT_STR },
	{ "owner", OT_STR },
	{ "stage", OT_STR },
	{ "score", OT_NUM },
	{ "score_at", OT_STR },
	{ "group", OT_STR },
	{ "kind", OT_STR },
	{ "owed", OT_STR },
	{ "due", OT_STR },
	{ "due_at", OT_STR },
	{ "overdue_seconds", OT_INT },
	{ "attempts_made", OT_INT },
	{ "attempts_owed", OT_INT },
	{ "rule", OT_STR },
	{ "channels", OT_STR },
	{ "do_not_email", OT_BOOL },
	{ "do_not_call", OT_BOOL },
};

/* Print one item as a row of o (JSON columns when json). */
static int print_item(struct out *o, const struct lc_next_item *it, lc_time now, int json)
{
	char id[32], score[32], score_at[32], owed[160], due[64], due_at[32], over[32], made[32], owes[32],
	        chans[64];
	int stalled = it->kind == NEXT_STALLED;

	snprintf(id, sizeof id, "%" PRId64, it->lead);
	snprintf(score, sizeof score, "%.1f", score_round(it->score));
	next_owed_text(it, now, owed, sizeof owed);
	next_due_text(it->due, now, due, sizeof due);
	consent_channels_text(it->do_not_email, it->do_not_call, chans, sizeof chans);
	/* What is owed says how, when the lead's consent narrows it: "first
	 * touch, email only (do not call)"; with no channel left it says so
	 * instead of implying a call. */
	if (strncmp(chans, "none ", 5) == 0)
		snprintf(owed + strlen(owed), sizeof owed - strlen(owed), ": no allowed channel %s",
		         chans + 5);
	else if (strcmp(chans, "any") != 0)
		snprintf(owed + strlen(owed), sizeof owed - strlen(owed), ", %s", chans);
	if (!json)
		return out_row(o, (const char *const[]){ id, it->name, it->company, it->owner,
		                                         stage_name(it->stage), score, owed, due, it->rule });
	clock_format_utc(it->due, due_at, sizeof due_at);
	if (it->score_at)
		clock_format_utc(it->score_at, score_at, sizeof score_at);
	snprintf(over, sizeof over, "%" PRId64, (int64_t)(now - it->due));
	snprintf(made, sizeof made, "%" PRId64, it->attempts_made);
	snprintf(owes, sizeof owes, "%" PRId64, it->attempts_owed);
	return out_row(o,
	               (const char *const[]){ id, it->name, it->company, it->owner, stage_name(it->stage),
	                                      score, it->score_at ? score_at : NULL,
	                                      next_group_name(it->group), next_kind_name(it->kind), owed, due,
	                                      due_at, over, stalled ? NULL : made, stalled ? NULL : owes,
	                                      it->rule, chans, it->do_not_email == 1 ? "true" : "false",
	                                      it->do_not_call == 1 ? "true" : "false" });
}

static int cmd_next(struct lc_ctx *ctx, const struct lc_args *args)
{
	const struct lc_sla *sla;
	struct lc_next_query q = { NULL, 0, ctx->now, 0 };
	struct lc_next_item *items = NULL;
	const char *owner = args_get(args, "owner");
	int json = out_resolve(ctx->format) == OUT_JSON, version, more = 0, rc;
	long long limit;
	struct out *o;
	size_t n = 0, i;

	if (args_has(args, "all") && args_has(args, "limit"))
		return cli_usage_error(ctx->cmd,
		                       "--all and --limit do not go together: --all shows every row");
	if ((rc = cli_int_opt(ctx, args, "limit", 1, 1000000, NEXT_DEFAULT_LIMIT, &limit)))
		return rc;
	if (owner && !*owner)
		return cli_usage_error(ctx->cmd, "--owner needs a name (or - for unassigned leads)");
	q.limit = args_has(args, "all") || (ctx->format == OUT_ICS && !args_has(args, "limit"))
	                  ? 0
	                  : (size_t)limit;
	q.unassigned = owner && strcmp(owner, "-") == 0;
	q.owner = q.unassigned ? NULL : owner;
	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	if (!sla)
		diag_note("no SLA is installed, so nothing is owed: install one with 'leadctl sla use FILE'");
	else if ((rc = check_worklist(ctx->db, sla, &q, &items, &n, &more)))
		return rc;
	if (ctx->format == OUT_ICS) {
		rc = next_ics_write(stdout, items, n, ctx->now) == 0
		             ? 0
		             : diag_error(LC_IOERR, "next: cannot write the calendar: write error on stdout");
		next_items_free(items, n);
		return rc;
	}
	o = out_begin(stdout, ctx->format, json ? json_cols : text_cols,
	              json ? sizeof json_cols / sizeof json_cols[0] : sizeof text_cols / sizeof text_cols[0]);
	if (!o) {
		next_items_free(items, n);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	out_keep(o, 6); /* owed */
	out_keep(o, 7); /* due */
	for (i = 0; i < n && rc == 0; i++) {
		if (print_item(o, &items[i], ctx->now, json) != 0)
			rc = diag_error(LC_SOFTWARE, "out of memory");
		else if (items[i].group == NEXT_OVERDUE)
			out_row_alert(o);
	}
	next_items_free(items, n);
	if (out_end(o) != 0 && rc == 0)
		rc = diag_error(LC_IOERR, "next: cannot write the list: write error on stdout");
	if (rc == 0 && more && out_resolve(ctx->format) == OUT_TABLE)
		diag_note("more leads are waiting: use --limit N or --all to see them");
	return rc;
}

static const struct lc_optdef next_opts[] = {
	{ "owner", 0, 1, "NAME", "only this owner's leads (- for unassigned ones)" },
	{ "limit", 0, 1, "N", "show the first N rows (default 20)" },
	{ "all", 0, 0, NULL, "show every row (--format ics: the default)" },
	{ "output", 'o', 1, "FILE", "write to FILE (replaced whole, mode 0600) instead of stdout" },
	{ 0 },
};

const struct lc_cmd cmd_next_entry = {
	.name = "next",
	.summary = "what to do now: overdue first, then due soon, then by score",
	.usage = "[--owner NAME] [--limit N | --all]",
	.help = "Lists leads in new, mql or sql with an open response obligation (a first touch, or\n"
	        "attempts owed before the rule's window ends), and leads in mql or sql that owe nothing\n"
	        "else but are stalled (no touch or stage change for longer than the SLA's stale span of\n"
	        "their stage).  Leads at the SLA's contact limit (max_touches in the window) are left\n"
	        "out until a touch is allowed again.\n"
	        "\n"
	        "Order:\n"
	        "  1. overdue (the deadline has passed): the most overdue first;\n"
	        "  2. due soon (within 24 hours, a deadline exactly now included): the soonest first;\n"
	        "  3. the rest: the highest score first.\n"
	        "Ties: the earlier deadline, then the SLA's rule order (response rules in the order\n"
	        "the SLA lists them, stalled after them), then the higher score, then the lower id.\n"
	        "\n"
	        "owed is 'first touch', 'attempt K of N' (the next attempt; the deadline is the end of\n"
	        "the attempts window) or 'stalled 12d' (time since the last activity); due is 'overdue\n"
	        "2h 5m', 'due now' or 'in 45m'; rule is the response rule, or stale:STAGE.\n"
	        "A lead that opted out of a channel says how it may be reached: 'first touch, email\n"
	        "only (do not call)', or 'first touch: no allowed channel (do not call, do not email)'.\n"
	        "JSON adds group (overdue, soon, later), kind (first_touch, attempt, stalled), due_at\n"
	        "(UTC), overdue_seconds (negative while not due), attempts_made, attempts_owed,\n"
	        "channels ('any', 'email only (do not call)', ...), do_not_email and do_not_call.\n"
	        "Without an SLA nothing is owed: an empty list, a note on stderr, exit 0.\n"
	        "--format ics writes the list as an iCalendar file (RFC 5545): one 15-minute event per\n"
	        "lead at its deadline (UTC), overdue ones first and marked, with stable UIDs, e.g.\n"
	        "'leadctl next --owner ana --all --format ics -o ana.ics' for a calendar to subscribe to.\n"
	        "See docs/next-and-check.md.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_ICS,
	.opts = next_opts,
	.fn = cmd_next,
};
