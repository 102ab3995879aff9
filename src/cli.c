/* cli: parsed-argument accessors and help text (see cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "leadctl/cli.h"
#include "leadctl/diag.h"
#include "leadctl/suggest.h"

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

const struct lc_optdef lc_common_opts[] = {
	{ "db", 0, 1, "PATH", "database file (else LEADCTL_DB, else ~/.local/share/leadctl/leadctl.db)" },
	{ "format", 0, 1, "FMT", "table, tsv, csv or json (table on a terminal, tsv when piped)" },
	{ "color", 0, 1, "WHEN", "auto, always or never (NO_COLOR is honoured)" },
	{ "actor", 0, 1, "NAME", "who makes the change (else LEADCTL_USER, else the login name)" },
	{ "quiet", 'q', 0, NULL, "no notes or progress on stderr (errors and warnings stay)" },
	{ "no-pager", 0, 0, NULL, "never page a long listing" },
	{ "help", 'h', 0, NULL, "this help" },
	{ 0 },
};

/* The left column of an option's help line: "-o, --output FILE". */
static void opt_left(const struct lc_optdef *o, char *buf, size_t n)
{
	if (o->shortname)
		snprintf(buf, n, "-%c, --%s%s%s", o->shortname, o->name, o->has_arg ? " " : "",
		         o->has_arg ? o->arg : "");
	else
		snprintf(buf, n, "    --%s%s%s", o->name, o->has_arg ? " " : "", o->has_arg ? o->arg : "");
}

/* One option per line, left column `width` wide. */
static void print_opts(FILE *f, const struct lc_optdef *o, int width)
{
	char left[64];

	for (; o && o->name; o++) {
		opt_left(o, left, sizeof left);
		fprintf(f, "  %-*s %s\n", width, left, o->help);
	}
}

size_t cli_words(const char *family, char (*out)[32], size_t max)
{
	size_t n = 0, k, flen = family ? strlen(family) : 0;
	int i;

	for (i = 0; lc_commands[i] && n < max; i++) {
		const char *name = lc_commands[i]->name, *w = name;
		if (family) {
			if (strncmp(name, family, flen) != 0 || name[flen] != ' ')
				continue;
			w = name + flen + 1;
		}
		snprintf(out[n], sizeof out[n], "%.*s", (int)strcspn(w, " "), w);
		for (k = 0; k < n; k++)
			if (strcmp(out[k], out[n]) == 0)
				break;
		if (k == n)
			n++;
	}
	return n;
}

int cli_is_family(const char *name)
{
	char w[1][32];

	return cli_words(name, w, 1) > 0;
}

void cli_family_usage(FILE *f, const char *family)
{
	size_t n = strlen(family);
	int k;

	fprintf(f, "usage:\n");
	for (k = 0; lc_commands[k]; k++)
		if (strncmp(lc_commands[k]->name, family, n) == 0 && lc_commands[k]->name[n] == ' ')
			fprintf(f, "  leadctl %s %s\n      %s\n", lc_commands[k]->name, lc_commands[k]->usage,
			        lc_commands[k]->summary);
}

int cli_unknown_command(const char *family, const char *word)
{
	char words[128][32];
	const char *ptrs[128], *s;
	size_t n = cli_words(family, words, 128), i;

	for (i = 0; i < n; i++)
		ptrs[i] = words[i];
	s = suggest_closest(word, ptrs, n);
	if (!family) {
		if (s)
			diag_error(LC_USAGE, "unknown command '%s'; did you mean '%s'?", word, s);
		else
			diag_error(LC_USAGE, "unknown command '%s'", word);
		fputs("usage: leadctl [--db PATH] [--format FMT] COMMAND [ARGS]\nhint: see 'leadctl help' "
		      "for the "
		      "list of commands\n",
		      stderr);
		return LC_USAGE;
	}
	if (s)
		diag_error(LC_USAGE, "%s: unknown subcommand '%s'; did you mean '%s %s'?", family, word,
		           family, s);
	else
		diag_error(LC_USAGE, "%s: unknown subcommand '%s'", family, word);
	cli_family_usage(stderr, family);
	fprintf(stderr, "hint: see 'leadctl help %s SUBCOMMAND'\n", family);
	return LC_USAGE;
}

void cli_print_commands(FILE *f)
{
	int i;

	fputs("usage: leadctl [--db PATH] [--format table|tsv|csv|json] [-q] COMMAND [ARGS]\n\n"
	      "A lead-management CRM in one binary over one SQLite file.\n\ncommands:\n",
	      f);
	for (i = 0; lc_commands[i]; i++)
		fprintf(f, "  %-16s %s\n", lc_commands[i]->name, lc_commands[i]->summary);
	fputs("\nglobal options (before or after the command):\n", f);
	print_opts(f, lc_common_opts, 20);
	fputs("  -V, --version        the version, the schema version and SQLite's\n"
	      "\nRun 'leadctl help COMMAND' (or 'leadctl help report') for the options of one command.\n"
	      "Exit statuses: 0 ok, 1 a check found something, 64 usage, 65 bad data,\n"
	      "66 missing input or database, 70 internal, 73 cannot create, 74 I/O,\n"
	      "75 busy (try again), 78 bad configuration.\n",
	      f);
}

void cli_help_command(FILE *f, const struct lc_cmd *c)
{

	fprintf(f, "usage: leadctl %s%s%s\n\n%s\n", c->name, c->usage && *c->usage ? " " : "",
	        c->usage ? c->usage : "", c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if ((c->opts && c->opts[0].name) || c->more) {
		fputs("\noptions:\n", f);
		print_opts(f, c->opts, 28);
		print_opts(f, c->more, 28);
	}
	fputs("\ncommon options:\n", f);
	print_opts(f, lc_common_opts, 28);
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

/* ---- man pages ------------------------------------------------------------ */

/* Text for roff: backslashes and hyphens escaped, a line starting with a
 * dot or quote guarded, every newline kept, a non-ASCII character as
 * groff's \[uXXXX] (groff(7): the input is read as Latin-1 otherwise). */
static void roff(FILE *f, const char *s)
{
	int bol = 1;

	for (; s && *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		bol = *s == '\n';
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else if ((unsigned char)*s >= 0x80) {
			ucs4_t uc;
			int n = u8_mbtouc(&uc, (const uint8_t *)s, strnlen(s, 4));
			fprintf(f, "\\[u%04X]", (unsigned)uc);
			s += n - 1;
		} else
			fputc(*s, f);
	}
}

/* The options of a table as .TP entries. */
static void man_opts(FILE *f, const struct lc_optdef *o)
{
	for (; o && o->name; o++) {
		fputs(".TP\n", f);
		if (o->shortname)
			fprintf(f, "\\fB\\-%c\\fR, ", o->shortname);
		fputs("\\fB\\-\\-", f);
		roff(f, o->name);
		fputs("\\fR", f);
		if (o->has_arg) {
			fputs(" \\fI", f);
			roff(f, o->arg);
			fputs("\\fR", f);
		}
		fputc('\n', f);
		roff(f, o->help);
		fputc('\n', f);
	}
}

/* One command: its synopsis line, summary, help and options. */
static void man_command(FILE *f, const struct lc_cmd *c)
{
	fputs(".SS \"", f);
	roff(f, c->name);
	fputs("\"\n.B leadctl ", f);
	roff(f, c->name);
	fputc('\n', f);
	if (c->usage && *c->usage) {
		roff(f, c->usage);
		fputc('\n', f);
	}
	fputs(".PP\n", f);
	roff(f, c->summary);
	fputs(".\n", f);
	if (c->help) {
		fputs(".PP\n.nf\n", f);
		roff(f, c->help);
		fputs("\n.fi\n", f);
	}
	if ((c->opts && c->opts[0].name) || (c->more && c->more[0].name)) {
		fputs(".PP\nOptions:\n.RS\n", f);
		man_opts(f, c->opts);
		man_opts(f, c->more);
		fputs(".RE\n", f);
	}
}

void cli_man(FILE *f, const char *family, const char *version)
{
	size_t flen = family ? strlen(family) : 0;
	char words[128][32];
	size_t n, i;
	int k;

	fprintf(f, ".TH \"LEADCTL%s%s\" 1 \"\" \"leadctl %s\" \"User Commands\"\n", family ? "-" : "",
	        family ? family : "", version);
	fputs(".SH NAME\n", f);
	if (family)
		fprintf(f, "leadctl\\-%s \\- the '%s' commands of leadctl\n", family, family);
	else
		fputs("leadctl \\- a lead-management CRM in one binary over one SQLite file\n", f);
	fputs(".SH SYNOPSIS\n.B leadctl\n[\\fIglobal options\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n", f);
	if (!family)
		fputs(".SH DESCRIPTION\nleadctl keeps leads, accounts and their stage history, applies a "
		      "JSON SLA "
		      "that says what a qualified lead is and how fast sales must answer, imports the CSVs "
		      "that "
		      "web forms and other CRMs export, and prints funnel, leak and CAC reports.  'leadctl "
		      "help "
		      "COMMAND' shows the same text as this page for one command.\n",
		      f);
	fputs(".SH COMMANDS\n", f);
	for (k = 0; lc_commands[k]; k++) {
		const char *name = lc_commands[k]->name;
		if (family && (strncmp(name, family, flen) != 0 || name[flen] != ' '))
			continue;
		man_command(f, lc_commands[k]);
	}
	fputs(".SH \"COMMON OPTIONS\"\nEvery command accepts these, before or after its name:\n", f);
	man_opts(f, lc_common_opts);
	fputs(".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\nthe version, the schema version and SQLite's "
	      "(before the command)\n",
	      f);
	if (!family) {
		fputs(".SH \"EXIT STATUS\"\n.TP\n0\nsuccess\n.TP\n1\na check found something (doctor, sla "
		      "check)\n"
		      ".TP\n64\nusage: unknown command or option, missing or extra argument, bad value\n"
		      ".TP\n65\nbad data: a CSV row, e\\-mail, date, stage move, or not a leadctl database\n"
		      ".TP\n66\nmissing input: the database, an input file, or a lead\n.TP\n70\ninternal "
		      "error\n"
		      ".TP\n73\ncannot create an output file or the database\n.TP\n74\nI/O error\n"
		      ".TP\n75\nthe database is busy: try again\n.TP\n78\nbad configuration\n",
		      f);
		fputs(".SH ENVIRONMENT\n.TP\nLEADCTL_DB\nthe database, when \\-\\-db is not given\n"
		      ".TP\nLEADCTL_NOW\nthe clock (ISO\\-8601), for tests and backfills\n"
		      ".TP\nLEADCTL_USER\nthe actor of changes\n.TP\nLEADCTL_PAGER, PAGER\nthe pager for "
		      "long output "
		      "(default less with LESS=FRX)\n.TP\nNO_COLOR\nno colour\n.TP\nXDG_CONFIG_HOME\nwhere "
		      "leadctl/config is read (default ~/.config)\n",
		      f);
		fputs(".SH FILES\n.TP\n$XDG_CONFIG_HOME/leadctl/config\ndefaults: db, owner, actor, color, "
		      "pager (see README)\n.TP\n$XDG_DATA_HOME/leadctl/leadctl.db\nthe default database\n",
		      f);
	}
	fputs(".SH \"SEE ALSO\"\n", f);
	n = 0;
	for (k = 0; lc_commands[k]; k++) {
		const char *name = lc_commands[k]->name, *sp = strchr(name, ' ');
		if (!sp)
			continue;
		snprintf(words[n], sizeof words[n], "%.*s", (int)(sp - name), name);
		for (i = 0; i < n && strcmp(words[i], words[n]) != 0; i++)
			;
		if (i == n && n < 127)
			n++;
	}
	if (family)
		fputs(".BR leadctl (1)\n", f);
	for (i = 0; i < n; i++)
		if (!family || strcmp(words[i], family) != 0)
			fprintf(f, ".BR leadctl\\-%s (1)%s\n", words[i], i + 1 < n ? "," : "");
}
