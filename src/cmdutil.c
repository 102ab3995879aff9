/* cmdutil: helpers shared by the commands (see cmdutil.h). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/identity.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/suggest.h"
#include "leadctl/when.h"
#include "leadctl/text.h"

const char *cmd_tz(struct lc_ctx *ctx)
{
	const struct lc_sla *sla = NULL;
	int version = 0, quiet, failed = 0;

	if (ctx->tz[0])
		return ctx->tz;
	snprintf(ctx->tz, sizeof ctx->tz, "UTC");
	if (ctx->db) {
		/* The SLA's zone, from the validated SLA (its one reader).  One
		 * that no longer loads is reported in full by what needs its
		 * rules; a time shown or read meanwhile is in TZ (as without an
		 * SLA), and one line says so: never a silent change of zone. */
		quiet = diag_set_quiet(1);
		if (engine_sla(ctx->db, &sla, &version) != 0) {
			sla = NULL;
			failed = 1;
		}
		diag_set_quiet(quiet);
	}
	if (sla) {
		if (sla->cal.tz[0])
			snprintf(ctx->tz, sizeof ctx->tz, "%s", sla->cal.tz);
		return ctx->tz;
	}
	{
		const char *env = getenv("TZ");
		if (env && *env == ':')
			env++;
		if (env && clock_tz_valid(env))
			snprintf(ctx->tz, sizeof ctx->tz, "%s", env);
	}
	if (failed)
		diag_warn("the installed SLA does not load, so times are shown and read in %s, not in "
		          "the SLA's zone: 'leadctl sla check --dry-run' says why, 'leadctl sla use FILE' "
		          "installs one that loads",
		          ctx->tz);
	return ctx->tz;
}

void cmd_time(struct lc_ctx *ctx, lc_time t, char *buf, size_t n)
{
	clock_format_local(t, cmd_tz(ctx), buf, n);
}

int cmd_at(struct lc_ctx *ctx, const struct lc_args *a, lc_time *at)
{
	const char *v = args_get(a, "at");
	char now[32];

	*at = ctx->now;
	if (!v)
		return 0;
	if (when_parse_any(v, ctx->now, cmd_tz(ctx), at) != 0)
		return diag_error(LC_USAGE,
		                  "%s: --at '%s' is not a time: use ISO-8601 such as 2026-11-21T09:30 "
		                  "(local to %s) or 2026-11-21T08:30:00Z, or 'yesterday 14:30', 'monday', "
		                  "'2h ago'",
		                  ctx->cmd->name, v, cmd_tz(ctx));
	if (*at > ctx->now) {
		clock_format_utc(ctx->now, now, sizeof now);
		return diag_error(LC_DATAERR,
		                  "%s: --at '%s' is in the future (now is %s): history cannot be "
		                  "written ahead of time",
		                  ctx->cmd->name, v, now);
	}
	return 0;
}

int cmd_choice(struct lc_ctx *ctx, const char *what, const char *value, const char *const *list,
               const char **out)
{
	char allowed[256] = "", hint[96];
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcasecmp(value, list[i]) == 0) {
			*out = list[i];
			return 0;
		}
	for (i = 0; list[i]; i++)
		snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
		         i == 0        ? ""
		         : list[i + 1] ? ", "
		                       : " or ",
		         list[i]);
	return cli_usage_error(ctx->cmd, "unknown %s '%s'%s: use %s", what, value,
	                       suggest_hint(value, list, (size_t)-1, "", hint, sizeof hint), allowed);
}

int cmd_stage_arg(struct lc_ctx *ctx, const char *value, int *stage)
{
	static const char *const names[] = { "new",  "mql",     "sql",          "won",
		                             "lost", "nurture", "disqualified", NULL };
	const char *canon;
	int rc;

	if ((rc = cmd_choice(ctx, "stage", value, names, &canon)))
		return rc;
	*stage = stage_parse(canon);
	return 0;
}

/* Built-in reasons while no SLA is installed (or it lists none for a stage). */
static const char *const default_reasons[STAGE_COUNT][12] = {
	[STAGE_NURTURE] = { "no_response", "not_ready", "timing", "budget", "no_authority", "other", NULL },
	[STAGE_DISQUALIFIED] = { "not_a_fit", "competitor", "student", "spam", "duplicate", "invalid_contact",
	                         "no_budget", "other", NULL },
	[STAGE_LOST] = { "price", "competitor", "no_decision", "timing", "features", "other", NULL },
};

int cmd_reason_names(struct lc_ctx *ctx, enum lc_stage stage, const char **names, size_t max, size_t *n,
                     int *from_sla, void (*done)(void *arg, const char **names, size_t n), void *arg)
{
	const struct lc_sla *sla;
	int version, rc;
	size_t i;

	*n = 0;
	*from_sla = 0;
	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	if (sla && sla->nreasons[stage] > 0) {
		*from_sla = 1;
		for (i = 0; i < sla->nreasons[stage] && *n < max; i++)
			names[(*n)++] = sla->reasons[stage][i];
	} else {
		for (i = 0; default_reasons[stage][i] && *n < max; i++)
			names[(*n)++] = default_reasons[stage][i];
	}
	done(arg, names, *n);
	return 0;
}

/* What cmd_reason_check learns while the names are alive. */
struct reason_verdict {
	const char *reason; /* the reason given, or NULL */
	int found;          /* it is one of the names */
	char list[512];     /* "a, b, c" */
	char hint[96];      /* "; did you mean 'x'?" or "" */
};

static void reason_judge(void *arg, const char **names, size_t n)
{
	struct reason_verdict *v = arg;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v->reason && strcmp(v->reason, names[i]) == 0)
			v->found = 1;
		if (strlen(v->list) + strlen(names[i]) + 3 < sizeof v->list)
			snprintf(v->list + strlen(v->list), sizeof v->list - strlen(v->list), "%s%s",
			         v->list[0] ? ", " : "", names[i]);
	}
	suggest_hint(v->reason && *v->reason && !v->found ? v->reason : NULL, names, n, "", v->hint,
	             sizeof v->hint);
}

int cmd_reason_check(struct lc_ctx *ctx, enum lc_stage stage, const char *reason, int64_t lead)
{
	struct reason_verdict v = { reason, 0, "", "" };
	const char *names[64];
	size_t n;
	int rc, from_sla;

	if ((rc = cmd_reason_names(ctx, stage, names, 64, &n, &from_sla, reason_judge, &v)))
		return rc;
	if (!reason || !*reason)
		/* A missing option is a usage error (64), as a missing --amount for
		 * won is: README, "Exit statuses". */
		return diag_error(LC_USAGE, "lead %" PRId64 ": moving to %s needs --reason: one of %s%s",
		                  lead, stage_name(stage), v.list, from_sla ? " (from the SLA)" : "");
	if (!v.found)
		return diag_error(
		        LC_DATAERR, "lead %" PRId64 ": unknown reason '%s' for %s%s: use one of %s%s", lead,
		        reason, stage_name(stage), v.hint, v.list, from_sla ? " (from the SLA)" : "");
	return 0;
}

int cmd_money_parse(const char *s, int64_t *cents)
{
	int64_t whole = 0, frac = 0;
	int nfrac = 0, digits = 0, group = -1;
	const char *p = s;

	/* Digits, optionally grouped by commas in threes ("12,500"), then an
	 * optional point and one or two decimals.  "1500,50" is refused rather
	 * than read as 150050. */
	if (!s || !*s)
		return -1;
	for (; *p && *p != '.'; p++) {
		if (*p == ',') {
			if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
				return -1;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		if (whole > (INT64_MAX / 100 - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return -1;
	if (*p == '.') {
		for (p++; *p; p++) {
			if (!isdigit((unsigned char)*p) || nfrac == 2)
				return -1;
			frac = frac * 10 + (*p - '0');
			nfrac++;
		}
	}
	if (!digits && !nfrac)
		return -1;
	if (nfrac == 1)
		frac *= 10;
	*cents = whole * 100 + frac;
	return 0;
}

void cmd_money_format(int64_t cents, char *buf, size_t n)
{
	int64_t a = cents < 0 ? -cents : cents;

	snprintf(buf, n, "%s%" PRId64 ".%02" PRId64, cents < 0 ? "-" : "", a / 100, a % 100);
}

const struct lc_optdef cmd_lead_field_opts[] = {
	{ "email", 0, 1, "ADDR", "e-mail (the lead's first identity)" },
	{ "external-id", 0, 1, "ID", "the source system's record id (in --source-system)" },
	{ "source-system", 0, 1, "NAME",
	  "the system of --external-id: salesforce, hubspot, zoho, ... (default ext)" },
	{ "phone", 0, 1, "PHONE", "phone; E.164 by the numbering plan of --country, else the SLA's code" },
	{ "first-name", 0, 1, "TEXT", "first name" },
	{ "last-name", 0, 1, "TEXT", "last name" },
	{ "title", 0, 1, "TEXT", "job title" },
	{ "company", 0, 1, "TEXT", "company name" },
	{ "website", 0, 1, "URL", "company website" },
	{ "country", 0, 1, "TEXT", "country" },
	{ "industry", 0, 1, "TEXT", "industry" },
	{ "employees", 0, 1, "N", "number of employees" },
	{ "source", 0, 1, "CHANNEL", "channel the lead came from (webinar, paid_search, ...)" },
	{ "campaign", 0, 1, "TEXT", "campaign" },
	{ "owner", 0, 1, "NAME", "sales rep" },
	{ "set", 0, 1, "KEY=VALUE", "a custom field (repeatable; empty VALUE removes it)" },
	{ "do-not-email", 0, 1, "yes|no", "consent: the person opted out of e-mail" },
	{ "do-not-call", 0, 1, "yes|no", "consent: the person opted out of calls and texts" },
	{ "lawful-basis", 0, 1, "BASIS",
	  "consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests" },
	{ "lawful-basis-at", 0, 1, "TIME", "when the lawful basis was obtained" },
	{ "lawful-basis-source", 0, 1, "TEXT", "where it was obtained (a form, a contract, ...)" },
	{ "unsubscribed-at", 0, 1, "TIME", "when the person unsubscribed (implies --do-not-email yes)" },
	{ 0 },
};

int cmd_lead_ref_as(struct lc_ctx *ctx, const struct lc_cmd *c, const char *ref, int64_t *id)
{
	return store_lead_resolve_ref(ctx->db, ref, c && (c->flags & (CMD_WRITE | CMD_EXACT)), id);
}

int cmd_lead_ref(struct lc_ctx *ctx, const char *ref, int64_t *id)
{
	return cmd_lead_ref_as(ctx, ctx->cmd, ref, id);
}

/* Replace *slot with a copy of v ("" clears when editing). */
static void set_str(char **slot, const char *v)
{
	char *t = text_trim(v);

	free(*slot);
	*slot = t && *t ? t : NULL;
	if (!*slot)
		free(t);
}

int cmd_lead_fields(struct lc_ctx *ctx, const struct lc_args *a, struct lc_lead *l, int editing)
{
	static const struct {
		const char *opt;
		size_t off;
	} plain[] = {
		{ "first-name", offsetof(struct lc_lead, first_name) },
		{ "last-name", offsetof(struct lc_lead, last_name) },
		{ "title", offsetof(struct lc_lead, title) },
		{ "company", offsetof(struct lc_lead, company) },
		{ "website", offsetof(struct lc_lead, website) },
		{ "country", offsetof(struct lc_lead, country) },
		{ "industry", offsetof(struct lc_lead, industry) },
		{ "source", offsetof(struct lc_lead, source) },
		{ "campaign", offsetof(struct lc_lead, campaign) },
		{ "owner", offsetof(struct lc_lead, owner) },
		{ "external-id", offsetof(struct lc_lead, external_id) },
	};
	const char *v;
	size_t i;
	int k;

	(void)editing;
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if ((v = args_get(a, plain[i].opt)))
			set_str((char **)((char *)l + plain[i].off), v);
	if ((v = args_get(a, "source-system"))) {
		const char *p;
		for (p = v; *p; p++)
			if (!identity_system_char((unsigned char)*p))
				return diag_error(
				        LC_USAGE,
				        "%s: --source-system '%s': use a name of letters, digits, '-', "
				        "'_' or '.' such as salesforce, hubspot or zoho-contact",
				        ctx->cmd->name, v);
		set_str(&l->external_system, v);
	}
	if (args_get(a, "external-id") && l->external_id) {
		/* The record id through the identity module (a rounded id is refused). */
		const char *why = "not a record id";
		char *key = NULL;
		enum identity_status st = identity_record_key(l->external_id, l->external_system, &key, &why);
		free(key);
		if (st != IDENTITY_OK)
			return diag_error(LC_DATAERR, "%s: record id '%s' cannot identify a lead: %s",
			                  ctx->cmd->name, l->external_id, why);
	}
	if ((v = args_get(a, "email"))) {
		const char *why = "not an e-mail address";
		char *e = NULL;
		enum identity_status st = identity_email_key(v, &e, &why);
		if (st != IDENTITY_OK && st != IDENTITY_EMPTY)
			return diag_error(LC_DATAERR, "%s: invalid e-mail '%s': %s; expected name@domain.tld",
			                  ctx->cmd->name, v, why);
		free(l->email);
		l->email = e;
	}
	if ((v = args_get(a, "phone"))) {
		const struct lc_sla *sla = NULL;
		const char *why = "not a phone number";
		struct identity_phone p;
		enum identity_status st;
		int version, rc;
		if (ctx->db && (rc = engine_sla(ctx->db, &sla, &version)))
			return rc;
		st = identity_phone_key(v, l->country, sla && sla->phone_cc[0] ? sla->phone_cc : NULL, &p,
		                        &why);
		if (st != IDENTITY_OK && st != IDENTITY_EMPTY) {
			identity_phone_free(&p);
			return diag_error(
			        LC_DATAERR,
			        "%s: invalid phone '%s': %s (give it with its +country code, or set "
			        "--country)",
			        ctx->cmd->name, v, why);
		}
		free(l->phone);
		l->phone = p.e164;
		p.e164 = NULL;
		if (p.extension) {
			/* The extension beside the number, as import keeps it. */
			cJSON *root = l->custom_json ? cJSON_Parse(l->custom_json) : NULL;
			if (!root)
				root = cJSON_CreateObject();
			cJSON_DeleteItemFromObjectCaseSensitive(root, "phone_extension");
			cJSON_AddStringToObject(root, "phone_extension", p.extension);
			free(l->custom_json);
			l->custom_json = cJSON_PrintUnformatted(root);
			cJSON_Delete(root);
		}
		identity_phone_free(&p);
	}
	if ((v = args_get(a, "employees"))) {
		char *end;
		long long n;
		errno = 0;
		n = strtoll(v, &end, 10);
		if (text_blank(v))
			l->employees = -1;
		else if (errno || *end || n < 0)
			return diag_error(LC_USAGE, "%s: --employees '%s': expected a whole number >= 0",
			                  ctx->cmd->name, v);
		else
			l->employees = n;
	}
	for (k = 0; (v = args_nth(a, "set", k)); k++) {
		const char *eq = strchr(v, '=');
		cJSON *root;
		char key[256];
		if (!eq || eq == v || (size_t)(eq - v) >= sizeof key)
			return diag_error(LC_USAGE, "%s: --set '%s': expected KEY=VALUE", ctx->cmd->name, v);
		memcpy(key, v, (size_t)(eq - v));
		key[eq - v] = '\0';
		root = l->custom_json ? cJSON_Parse(l->custom_json) : cJSON_CreateObject();
		if (!root)
			root = cJSON_CreateObject();
		cJSON_DeleteItemFromObjectCaseSensitive(root, key);
		if (eq[1])
			cJSON_AddStringToObject(root, key, eq + 1);
		free(l->custom_json);
		l->custom_json = cJSON_GetArraySize(root) ? cJSON_PrintUnformatted(root) : NULL;
		cJSON_Delete(root);
	}
	return 0;
}

/* An instant option (ISO-8601, local to cmd_tz without an offset; not in
 * the future) into *t; "" clears it (0). */
static int consent_time_opt(struct lc_ctx *ctx, const char *name, const char *v, lc_time *t)
{
	if (text_blank(v)) {
		*t = 0;
		return 0;
	}
	if (clock_parse_iso(v, cmd_tz(ctx), t) != 0)
		return diag_error(LC_USAGE,
		                  "%s: --%s '%s' is not a time: use ISO-8601 such as 2026-11-21T09:30 "
		                  "(local to %s) or 2026-11-21",
		                  ctx->cmd->name, name, v, cmd_tz(ctx));
	if (*t > ctx->now)
		return diag_error(LC_DATAERR, "%s: --%s '%s' is in the future", ctx->cmd->name, name, v);
	return 0;
}

int cmd_consent_fields(struct lc_ctx *ctx, const struct lc_args *a, struct lc_consent *c, int *given)
{
	static const char *const flags[2] = { "do-not-email", "do-not-call" };
	int *slots[2] = { &c->do_not_email, &c->do_not_call };
	const char *v;
	int i, rc;

	*given = 0;
	for (i = 0; i < 2; i++) {
		int f;
		if (!(v = args_get(a, flags[i])))
			continue;
		*given = 1;
		if ((f = consent_flag_parse(v)) == -2)
			return diag_error(LC_USAGE, "%s: --%s '%s': use yes or no (empty for unknown)",
			                  ctx->cmd->name, flags[i], v);
		*slots[i] = f;
		if (i == 0 && f != 1)
			c->unsubscribed_at = 0; /* e-mail allowed again: no longer unsubscribed */
	}
	if ((v = args_get(a, "lawful-basis"))) {
		const char *b = text_blank(v) ? NULL : consent_basis_parse(v);
		*given = 1;
		if (!text_blank(v) && !b)
			return diag_error(
			        LC_USAGE,
			        "%s: --lawful-basis '%s': use consent, contract, legal_obligation, "
			        "vital_interests, public_task or legitimate_interests (GDPR art. 6(1))",
			        ctx->cmd->name, v);
		free(c->lawful_basis);
		c->lawful_basis = b ? strdup(b) : NULL;
	}
	if ((v = args_get(a, "lawful-basis-source"))) {
		*given = 1;
		set_str(&c->lawful_basis_source, v);
	}
	if ((v = args_get(a, "lawful-basis-at"))) {
		*given = 1;
		if ((rc = consent_time_opt(ctx, "lawful-basis-at", v, &c->lawful_basis_at)))
			return rc;
	}
	if ((v = args_get(a, "unsubscribed-at"))) {
		*given = 1;
		if ((rc = consent_time_opt(ctx, "unsubscribed-at", v, &c->unsubscribed_at)))
			return rc;
		if (c->unsubscribed_at)
			c->do_not_email = 1;
	}
	return 0;
}

int cmd_delimiter_parse(const char *v, char *out)
{
	if (strcmp(v, ",") == 0 || strcmp(v, "comma") == 0)
		*out = ',';
	else if (strcmp(v, ";") == 0 || strcmp(v, "semicolon") == 0)
		*out = ';';
	else if (strcmp(v, "\t") == 0 || strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
		*out = '\t';
	else
		return -1;
	return 0;
}
