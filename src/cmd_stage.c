/* stage, touch, event, assign, merge: what happens to a lead.
 *
 *   leadctl stage 42 sql
 *   leadctl stage 42 disqualified --reason not_a_fit
 *   leadctl stage 42 won --amount 12500 --currency EUR
 *   leadctl touch 42 --channel call --outcome no_answer --note "left a message"
 *   leadctl event 42 demo_request --at 2026-11-20T10:02
 *   leadctl assign 42 ana
 *   leadctl merge 42 57        (57's history, touches and events move to 42)
 *
 * Every change is appended to the lead's history with the actor (--actor,
 * LEADCTL_USER or the login name), origin cli and time (--at or now). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/text.h"

/* --at must not be before the lead was created (nor, for stage changes,
 * before its latest stage change: history stays in order). */
static int check_at_order(struct lc_ctx *ctx, int64_t lead, const struct lc_lead *l, lc_time at,
                          int stage_change)
{
	char a[32], b[32];
	lc_time last;
	int rc;

	if (at < l->created_at) {
		clock_format_utc(at, a, sizeof a);
		clock_format_utc(l->created_at, b, sizeof b);
		return diag_error(LC_DATAERR,
		                  "%s: lead %" PRId64 ": --at %s is before the lead was created (%s)",
		                  ctx->cmd->name, lead, a, b);
	}
	if (!stage_change)
		return 0;
	if ((rc = store_last_history_at(ctx->db, lead, &last)))
		return rc;
	if (at < last) {
		clock_format_utc(at, a, sizeof a);
		clock_format_utc(last, b, sizeof b);
		return diag_error(LC_DATAERR,
		                  "%s: lead %" PRId64 ": --at %s is before its latest stage change (%s): "
		                  "stage history is kept in order",
		                  ctx->cmd->name, lead, a, b);
	}
	return 0;
}

/* The currency for won amounts: --currency, else the SLA's economics.currency. */
static int won_currency(struct lc_ctx *ctx, const struct lc_args *args, char *cur, size_t n)
{
	const char *v = args_get(args, "currency");
	const struct lc_sla *sla;
	int version, rc, i;

	cur[0] = '\0';
	if (v) {
		if (strlen(v) != 3)
			return cli_usage_error(
			        ctx->cmd, "--currency '%s': expected a 3-letter ISO code such as EUR", v);
		for (i = 0; i < 3; i++)
			cur[i] = (char)toupper((unsigned char)v[i]);
		cur[3] = '\0';
		for (i = 0; i < 3; i++)
			if (!isalpha((unsigned char)cur[i]))
				return cli_usage_error(ctx->cmd,
				                       "--currency '%s': expected a 3-letter ISO code", v);
		return 0;
	}
	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	if (sla && sla->currency[0])
		snprintf(cur, n, "%s", sla->currency);
	if (!cur[0])
		return cli_usage_error(ctx->cmd,
		                       "won needs --currency (no default currency in the SLA's economics)");
	return 0;
}

static int cmd_stage(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead l;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, 0, 0, 0 };
	const char *reason = args_get(args, "reason"), *amount = args_get(args, "amount");
	int64_t id = ctx->lead, cents = -1;
	char cur[8] = "";
	int to, rc;

	lead_init(&l);
	if ((rc = cmd_stage_arg(ctx, args->pos[1], &to)))
		return rc;
	if (amount && to != STAGE_WON)
		return cli_usage_error(ctx->cmd, "--amount is for moves to won");
	if (to == STAGE_WON) {
		if (!amount)
			return diag_error(LC_USAGE, "stage: moving to won needs --amount (the deal's value, "
			                            "e.g. --amount 12500)");
		if (cmd_money_parse(amount, &cents) != 0)
			return cli_usage_error(ctx->cmd,
			                       "--amount '%s': expected a number such as 12500 or 12500.50",
			                       amount);
		if ((rc = won_currency(ctx, args, cur, sizeof cur)))
			return rc;
	}
	if ((rc = cmd_at(ctx, args, &c.at)))
		return rc;
	if ((rc = store_lead_load(ctx->db, id, &l)))
		goto done;
	if ((int)l.stage == to) {
		rc = diag_error(LC_DATAERR, "lead %" PRId64 " is already in %s", id, stage_name(l.stage));
		goto done;
	}
	if (!stage_allowed(l.stage, (enum lc_stage)to)) {
		rc = diag_error(LC_DATAERR,
		                "lead %" PRId64 ": cannot move from %s to %s: allowed from %s: %s", id,
		                stage_name(l.stage), stage_name((enum lc_stage)to), stage_name(l.stage),
		                stage_allowed_list(l.stage));
		goto done;
	}
	if (stage_needs_reason((enum lc_stage)to) &&
	    (rc = cmd_reason_check(ctx, (enum lc_stage)to, reason, id)))
		goto done;
	if ((rc = check_at_order(ctx, id, &l, c.at, 1)))
		goto done;
	if ((rc = store_stage_move(ctx->db, id, l.stage, (enum lc_stage)to, reason, cents,
	                           cur[0] ? cur : NULL, &c, NULL)) ||
	    (rc = engine_refresh(ctx->db, id, &c)))
		goto done;
	out_line("lead %" PRId64 ": %s -> %s", id, stage_name(l.stage), stage_name((enum lc_stage)to));
done:
	lead_clear(&l);
	return rc;
}

static const char *const channels[] = { "call", "email", "meeting", "linkedin", "sms", "other", NULL };
static const char *const outcomes[] = { "connected", "no_answer",      "voicemail", "replied",
	                                "bounced",   "meeting_booked", "other",     NULL };

/* Refuse a touch on a channel the lead's consent forbids (exit 65 naming
 * the lead and the opt-out) unless *override gives a reason; an override
 * that no opt-out needs is dropped (*override = NULL) with a note. */
static int touch_consent(struct lc_ctx *ctx, int64_t id, const struct lc_lead *l, const char *channel,
                         const char **override)
{
	struct lc_consent k;
	const char *why = NULL;
	int rc, forbidden;

	if ((rc = store_consent_load(ctx->db, id, &k)))
		return rc;
	forbidden = consent_forbids(&k, channel, &why);
	consent_clear(&k);
	if (!forbidden) {
		if (*override)
			diag_note("lead %" PRId64
			          ": no opt-out forbids %s, so --override-consent is not recorded",
			          id, channel);
		*override = NULL;
		return 0;
	}
	if (*override)
		return 0;
	return diag_error(LC_DATAERR,
	                  "lead %" PRId64
	                  " (%s) has opted out: %s, so no %s is recorded: if the person asked for "
	                  "this contact, give --override-consent REASON",
	                  id,
	                  l->email         ? l->email
	                  : l->external_id ? l->external_id
	                  : l->phone       ? l->phone
	                                   : "-",
	                  why, channel);
}

static int cmd_touch(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead l;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, 0, 0, 0 };
	const char *channel = args_get(args, "channel"), *outcome = args_get(args, "outcome");
	const char *override = args_get(args, "override-consent");
	int64_t id = ctx->lead, tid;
	int rc;

	if (!channel)
		return cli_usage_error(ctx->cmd,
		                       "--channel is required: call, email, meeting, linkedin, sms or other");
	if ((rc = cmd_choice(ctx, "channel", channel, channels, &channel)))
		return rc;
	if (!outcome)
		return cli_usage_error(ctx->cmd,
		                       "--outcome is required: connected, no_answer, voicemail, replied, "
		                       "bounced, meeting_booked or other");
	if ((rc = cmd_choice(ctx, "outcome", outcome, outcomes, &outcome)))
		return rc;
	if (override && text_blank(override))
		return cli_usage_error(ctx->cmd,
		                       "--override-consent needs a reason (it is kept with the touch)");
	lead_init(&l);
	if ((rc = cmd_at(ctx, args, &c.at)))
		return rc;
	if ((rc = store_lead_load(ctx->db, id, &l)) || (rc = check_at_order(ctx, id, &l, c.at, 0)) ||
	    (rc = touch_consent(ctx, id, &l, channel, &override)) ||
	    (rc = store_touch_add(ctx->db, id, channel, outcome, args_get(args, "note"), &c, &tid)) ||
	    (override && (rc = store_touch_override(ctx->db, tid, override))) ||
	    (rc = engine_refresh(ctx->db, id, &c))) {
		lead_clear(&l);
		return rc;
	}
	lead_clear(&l);
	out_line("lead %" PRId64 ": touch %" PRId64 " recorded (%s, %s)%s", id, tid, channel, outcome,
	         override ? " against the lead's consent, reason kept" : "");
	return engine_contact_warning(ctx->db, id, c.at);
}

static int cmd_event(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead l;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, 0, 0, 0 };
	const char *type = args->pos[1];
	int64_t id = ctx->lead, eid;
	int rc;

	if (!event_type_valid(type))
		return cli_usage_error(ctx->cmd,
		                       "event type '%s': use 1 to 64 lower-case letters, digits, '_', '.' "
		                       "or '-' (e.g. demo_request)",
		                       type);
	lead_init(&l);
	if ((rc = cmd_at(ctx, args, &c.at)))
		return rc;
	if ((rc = store_lead_load(ctx->db, id, &l)) || (rc = check_at_order(ctx, id, &l, c.at, 0)) ||
	    (rc = store_event_add(ctx->db, id, type, &c, &eid)) || (rc = engine_refresh(ctx->db, id, &c))) {
		lead_clear(&l);
		return rc;
	}
	lead_clear(&l);
	out_line("lead %" PRId64 ": event %s recorded", id, type);
	return 0;
}

static int cmd_assign(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_lead l;
	struct lc_change c = { ctx->actor, ORIGIN_CLI, 0, 0, 0 };
	const char *owner = args->npos > 1 ? args->pos[1] : NULL;
	int64_t id = ctx->lead;
	int rc;

	if (args_has(args, "none"))
		owner = NULL;
	else if (!owner)
		return cli_usage_error(ctx->cmd, "give an OWNER, or --none to unassign");
	lead_init(&l);
	if ((rc = cmd_at(ctx, args, &c.at)) || (rc = store_lead_load(ctx->db, id, &l)))
		goto done;
	if ((owner && l.owner && strcmp(owner, l.owner) == 0) || (!owner && !l.owner)) {
		out_line("lead %" PRId64 ": already %s%s", id, owner ? "assigned to " : "unassigned",
		         owner ? owner : "");
		goto done;
	}
	/* An explicit unassign is not undone by routing: the lead waits for
	 * 'leadctl route' or 'leadctl assign'. */
	if ((rc = store_assign(ctx->db, id, owner, NULL, &c)) ||
	    (owner && (rc = engine_refresh(ctx->db, id, &c))))
		goto done;
	out_line("lead %" PRId64 ": %s%s", id, owner ? "assigned to " : "unassigned", owner ? owner : "");
done:
	lead_clear(&l);
	return rc;
}

static int cmd_merge(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct lc_change c = { ctx->actor, ORIGIN_MERGE, ctx->now, 0, 0 };
	int64_t keep = ctx->lead, drop = ctx->lead2;
	int rc;

	if (keep == drop)
		return diag_error(LC_DATAERR, "merge: '%s' and '%s' are the same lead (%" PRId64 ")",
		                  args->pos[0], args->pos[1], keep);
	if ((rc = store_merge(ctx->db, keep, drop, &c)) || (rc = engine_refresh(ctx->db, keep, &c)))
		return rc;
	printf("lead %" PRId64 " merged into lead %" PRId64 "\n", drop, keep);
	return 0;
}

static const struct lc_optdef stage_opts[] = {
	{ "reason", 0, 1, "REASON",
	  "why (required into nurture, disqualified and lost; from the SLA's list)" },
	{ "amount", 0, 1, "N", "the deal's amount, for won (e.g. 12500 or 12500.50)" },
	{ "currency", 0, 1, "CODE", "ISO currency of --amount (default: the SLA's economics.currency)" },
	{ "at", 0, 1, "TIME", "when it happened (default now; not in the future)" },
	{ 0 },
};

static const struct lc_optdef touch_opts[] = {
	{ "channel", 0, 1, "C", "call, email, meeting, linkedin, sms or other" },
	{ "outcome", 0, 1, "O",
	  "connected, no_answer, voicemail, replied, bounced, meeting_booked or other" },
	{ "note", 0, 1, "TEXT", "what was said or done" },
	{ "at", 0, 1, "TIME", "when it happened (default now; not in the future)" },
	{ "override-consent", 0, 1, "REASON",
	  "record it although the lead opted out of this channel; REASON is kept with the touch" },
	{ 0 },
};

static const struct lc_optdef at_opts[] = {
	{ "at", 0, 1, "TIME", "when it happened (default now; not in the future)" },
	{ 0 },
};

static const struct lc_optdef assign_opts[] = {
	{ "none", 0, 0, NULL, "unassign the lead" },
	{ "at", 0, 1, "TIME", "when it happened (default now)" },
	{ 0 },
};

static const struct lc_optdef merge_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_stage_entry = {
	.name = "stage",
	.summary = "move a lead to another stage",
	.usage = "LEAD STAGE [--reason R] [--amount N [--currency C]] [--at TIME]",
	.help = "Stages: new -> mql | nurture | disqualified; mql -> sql | nurture | disqualified;\n"
	        "sql -> won | lost | nurture; nurture -> mql | disqualified; lost -> nurture;\n"
	        "disqualified -> nurture; won is final.  Moves into nurture, disqualified and lost need\n"
	        "--reason from the SLA's list; won needs --amount.",
	.min_pos = 2,
	.max_pos = 2,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = stage_opts,
	.fn = cmd_stage,
};

const struct lc_cmd cmd_touch_entry = {
	.name = "touch",
	.summary = "record a contact attempt (call, e-mail, meeting, ...)",
	.usage = "LEAD --channel C --outcome O [--note TEXT] [--at TIME] [--override-consent REASON]",
	.help = "Warns (exit 0) when the lead is over the SLA's contact limit.\n"
	        "A touch on a channel the lead opted out of (do not email: email; do not call: call and\n"
	        "sms) is refused with exit 65 and nothing is recorded, unless --override-consent REASON\n"
	        "says why this contact is legitimate (the person asked for it): then the touch is recorded\n"
	        "with the reason, shown by 'leadctl show'.  See docs/privacy.md.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = touch_opts,
	.fn = cmd_touch,
};

const struct lc_cmd cmd_event_entry = {
	.name = "event",
	.summary = "record a behavioural event (demo_request, pricing_page_visit, ...)",
	.usage = "LEAD TYPE [--at TIME]",
	.help = "Events feed the SLA's behaviour rules: the lead is re-scored and may become MQL.",
	.min_pos = 2,
	.max_pos = 2,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = at_opts,
	.fn = cmd_event,
};

const struct lc_cmd cmd_assign_entry = {
	.name = "assign",
	.summary = "give a lead to a sales rep (or --none)",
	.usage = "LEAD OWNER | LEAD --none",
	.help = NULL,
	.min_pos = 1,
	.max_pos = 2,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD,
	.opts = assign_opts,
	.fn = cmd_assign,
};

const struct lc_cmd cmd_merge_entry = {
	.name = "merge",
	.summary = "merge lead DROP into lead KEEP",
	.usage = "KEEP DROP",
	.help = "DROP's history, touches, events and assignments move to KEEP; KEEP's known values win\n"
	        "and its empty fields are filled from DROP; DROP's record is kept as JSON in the merges\n"
	        "table, then deleted.",
	.min_pos = 2,
	.max_pos = 2,
	.flags = CMD_DB | CMD_WRITE | CMD_TX | CMD_LEAD | CMD_LEAD2,
	.opts = merge_opts,
	.fn = cmd_merge,
};
