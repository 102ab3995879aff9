/* cli: parsed-argument accessors and help text (see cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/cli.h"
#include "leadctl/diag.h"

const char *args_get(const struct lc_args *a, const char *name)
{
	int i;

	for (i = a->nopt - 1; i >= 0; i--)
		if (strcmp(a->opt[i].name, name) == 0)
			return a->opt[i].value;
	return NULL;
}

int args_has(const struct lc_args *a, const char *name)
{
	int i;

	for (i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			return 1;
	return 0;
}

const char *args_nth(const struct lc_args *a, const char *name, int n)
{
	int i;

	for (i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0 && n-- == 0)
			return a->opt[i].value;
	return NULL;
}

const struct lc_cmd *cli_find(const char *name)
{
	int i;

	for (i = 0; lc_commands[i]; i++)
		if (strcmp(lc_commands[i]->name, name) == 0)
			return lc_commands[i];
	return NULL;
}

void cli_help_command(FILE *f, const struct lc_cmd *c)
{
	const struct lc_optdef *o;

	fprintf(f, "usage: leadctl %s%s%s\n\n%s\n", c->name, c->usage && *c->usage ? " " : "",
	        c->usage ? c->usage : "", c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if ((c->opts && c->opts[0].name) || c->more) {
		const struct lc_optdef *tables[2] = { c->opts, c->more };
		int t;
		fputs("\noptions:\n", f);
		for (t = 0; t < 2; t++)
			for (o = tables[t]; o && o->name; o++) {
				char left[64];
				if (o->shortname)
					snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortname, o->name,
					         o->has_arg ? " " : "", o->has_arg ? o->arg : "");
				else
					snprintf(left, sizeof left, "    --%s%s%s", o->name,
					         o->has_arg ? " " : "", o->has_arg ? o->arg : "");
				fprintf(f, "  %-28s %s\n", left, o->help);
			}
	}
	fputs("\ncommon options:\n"
	      "      --db PATH                database file (else LEADCTL_DB, else "
	      "~/.local/share/leadctl/leadctl.db)\n"
	      "      --format FMT             table, tsv, csv or json (table on a terminal, tsv when piped)\n"
	      "      --color WHEN             auto, always or never (NO_COLOR is honoured)\n"
	      "      --actor NAME             who makes the change (else LEADCTL_USER, else the login name)\n"
	      "  -h, --help                   this help\n",
	      f);
}

int cli_usage_error(const struct lc_cmd *c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(LC_USAGE, "%s: %s", c->name, msg);
	fprintf(stderr, "usage: leadctl %s %s\n", c->name, c->usage ? c->usage : "");
	fprintf(stderr, "hint: see 'leadctl help %s'\n", c->name);
	return LC_USAGE;
}

int cli_int_opt(const struct lc_ctx *ctx, const struct lc_args *a, const char *name, long long min,
                long long max, long long dflt, long long *out)
{
	const char *v = args_get(a, name);
	char *end;
	long long x;

	*out = dflt;
	if (!v)
		return 0;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end || x < min || x > max)
		return cli_usage_error(ctx->cmd, "--%s '%s': expected a whole number from %lld to %lld", name,
		                       v, min, max);
	*out = x;
	return 0;
}
