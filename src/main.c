/* main: global options, find the command, parse its arguments, set up what
 * it needs (database, clock, output format), run it, check stdout, exit.
 *
 *   leadctl [--db PATH] [--format F] [--color W] [--actor A] COMMAND [ARGS]
 *
 * Common options may also follow the command.  The return value of a
 * command is the exit status (see diag.h and README.md). */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadctl/cli.h"
#include "leadctl/cmdutil.h"
#include "leadctl/config.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/suggest.h"
#include "leadctl/outfile.h"
#include "leadctl/regex.h"

static const struct lc_optdef *find_opt(const struct lc_optdef *opts, const char *name, size_t len,
                                        char shortname)
{
	for (; opts && opts->name; opts++)
		if (shortname ? opts->shortname == shortname
		              : strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

/* "; did you mean '--X'?" for an unknown long option name of c, or "". */
static const char *option_hint(const struct lc_cmd *c, const char *name, char *buf, size_t len)
{
	const struct lc_optdef *tables[3] = { c->opts, c->more, lc_common_opts }, *o;
	const char *names[LC_MAX_OPTS * 3];
	size_t n = 0;
	int t;

	for (t = 0; t < 3; t++)
		for (o = tables[t]; o && o->name && n < sizeof names / sizeof names[0]; o++)
			names[n++] = o->name;
	return suggest_hint(name, names, n, "--", buf, len);
}

/* Parse argv[0..argc) for command c into a.  Returns 0 or 64. */
static int parse_args(const struct lc_cmd *c, int argc, char **argv, struct lc_args *a)
{
	int i, only_pos = 0;

	memset(a, 0, sizeof *a);
	for (i = 0; i < argc; i++) {
		const char *s = argv[i];
		const struct lc_optdef *o = NULL;
		const char *value = NULL;

		if (only_pos || s[0] != '-' || s[1] == '\0') {
			if (a->npos == LC_MAX_POS)
				return cli_usage_error(c, "too many arguments");
			a->pos[a->npos++] = s;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');
			size_t len = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
			o = find_opt(c->opts, s + 2, len, 0);
			if (!o)
				o = find_opt(c->more, s + 2, len, 0);
			if (!o)
				o = find_opt(lc_common_opts, s + 2, len, 0);
			if (!o) {
				char name[64], hint[96];
				snprintf(name, sizeof name, "%.*s", (int)len, s + 2);
				return cli_usage_error(c, "unknown option '%.*s'%s", (int)len + 2, s,
				                       option_hint(c, name, hint, sizeof hint));
			}
			if (eq) {
				if (!o->has_arg)
					return cli_usage_error(c, "option '--%s' takes no value", o->name);
				value = eq + 1;
			}
		} else {
			if (s[2] != '\0')
				return cli_usage_error(c, "unknown option '%s'", s);
			o = find_opt(c->opts, NULL, 0, s[1]);
			if (!o)
				o = find_opt(c->more, NULL, 0, s[1]);
			if (!o)
				o = find_opt(lc_common_opts, NULL, 0, s[1]);
			if (!o)
				return cli_usage_error(c, "unknown option '%s'", s);
		}
		if (o->has_arg && !value) {
			if (i + 1 >= argc)
				return cli_usage_error(c, "option '--%s' needs a value (%s)", o->name,
				                       o->arg);
			value = argv[++i];
		}
		if (a->nopt == LC_MAX_OPTS)
			return cli_usage_error(c, "too many options");
		a->opt[a->nopt].name = o->name;
		a->opt[a->nopt].value = value;
		a->nopt++;
	}
	return 0;
}

/* The default database: $XDG_DATA_HOME/leadctl/leadctl.db, else
 * ~/.local/share/leadctl/leadctl.db.  The directory is created (0700) by
 * init only.  Returns a new string. */
static char *default_db_path(int create_dir)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char dir[4096], path[4200];

	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/leadctl", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/share/leadctl", home);
	else
		return strdup("leadctl.db");
	if (create_dir) {
		char parent[4096];
		if (!(xdg && *xdg)) {
			snprintf(parent, sizeof parent, "%s/.local", home);
			mkdir(parent, 0700);
			snprintf(parent, sizeof parent, "%s/.local/share", home);
			mkdir(parent, 0700);
		}
		mkdir(dir, 0700);
	}
	snprintf(path, sizeof path, "%s/leadctl.db", dir);
	return strdup(path);
}

static const char *login_name(void)
{
	const char *u = getenv("LEADCTL_USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	u = getenv("USER");
	return u && *u ? u : "unknown";
}

/* Resolve the lead references the command's flags name (CMD_LEAD,
 * CMD_LEAD2, CMD_LEADS; cli.h) into ctx. */
static int resolve_leads(const struct lc_cmd *c, struct lc_ctx *ctx, const struct lc_args *args)
{
	int positional = !(c->not_lead && args_has(args, c->not_lead)), rc = 0, i;
	const char *ref = NULL;

	if (c->flags & CMD_LEAD)
		ref = c->lead_opt                    ? args_get(args, c->lead_opt)
		      : positional && args->npos > 0 ? args->pos[0]
		                                     : NULL;
	if (ref)
		rc = cmd_lead_ref(ctx, ref, &ctx->lead);
	if (!rc && (c->flags & CMD_LEAD2) && args->npos > 1)
		rc = cmd_lead_ref(ctx, args->pos[1], &ctx->lead2);
	for (i = 0; !rc && (c->flags & CMD_LEADS) && positional && i < args->npos; i++)
		if (!(rc = cmd_lead_ref(ctx, args->pos[i], &ctx->leads[i])))
			ctx->nleads = i + 1;
	return rc;
}

/* Run a CMD_TX command in one write transaction: BEGIN IMMEDIATE, its
 * lead references, its body, then COMMIT when it returned 0, ROLLBACK
 * otherwise.  Its stdout is held in memory and written only after the
 * commit, so that "recorded" is never printed for a change a failed commit
 * lost (glibc lets stdout be replaced; diagnostics go to stderr at once). */
static int run_in_transaction(const struct lc_cmd *c, struct lc_ctx *ctx, const struct lc_args *args)
{
	FILE *real = stdout, *held;
	char *buf = NULL;
	size_t len = 0;
	int rc, closed;

	if ((rc = db_begin(ctx->db)))
		return rc;
	if (fflush(stdout) != 0 || !(held = open_memstream(&buf, &len))) {
		db_rollback(ctx->db);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	stdout = held;
	if (!(rc = resolve_leads(c, ctx, args)))
		rc = c->fn(ctx, args);
	stdout = real;
	closed = fclose(held);
	if (!rc && closed != 0)
		rc = diag_error(LC_SOFTWARE, "out of memory");
	if (rc)
		db_rollback(ctx->db);
	else if (!(rc = db_commit(ctx->db)) && len)
		fwrite(buf, 1, len, stdout);
	free(buf);
	return rc;
}

/* Run the command as its table entry says (cli.h): in one transaction
 * (CMD_TX), or on its own after its lead references are resolved; with
 * -o FILE, into that file (replaced only when the command succeeds). */
static int run_command(const struct lc_cmd *c, struct lc_ctx *ctx, const struct lc_args *args)
{
	const char *path = args_get(args, "output");
	struct out_file of;
	int rc;

	if (c->flags & CMD_TX)
		return run_in_transaction(c, ctx, args);
	if ((rc = resolve_leads(c, ctx, args)))
		return rc;
	if (!path)
		return c->fn(ctx, args);
	if ((rc = out_file_begin(path, ctx->db_path, &of)))
		return rc;
	rc = c->fn(ctx, args);
	if (rc == 0)
		return out_file_commit(&of);
	out_file_abort(&of);
	return rc;
}

/* The user's config file (config.h); its strings are referenced by ctx and
 * args until the process ends. */
static struct lc_config cfg;

int main(int argc, char **argv)
{
	const struct lc_cmd *c = NULL;
	struct lc_args args;
	struct lc_ctx ctx;
	char *db_default = NULL;
	const char *v;
	int i = 1, rc, nwords = 1, out_errno;
	const char *pattern;

	/* Past RLIMIT_FSIZE a write fails with EFBIG, reported as "file too
	 * large", instead of SIGXFSZ killing the process mid-transaction. */
	signal(SIGXFSZ, SIG_IGN);
	/* SQLite's process-wide settings (db.h). */
	db_global_init();

	/* Global options before the command: same names as the common ones. */
	memset(&ctx, 0, sizeof ctx);
	{
		static char *gdb, *gformat, *gcolor, *gactor;
		int gquiet = 0, gnopager = 0;
		for (; i < argc && argv[i][0] == '-'; i++) {
			const char *s = argv[i];
			char **slot = NULL;
			const char *name = s + 2;
			if (strcmp(s, "--version") == 0 || strcmp(s, "-V") == 0) {
				printf("leadctl %s (schema %d, SQLite %s)\n", LEADCTL_VERSION,
				       db_binary_version(), db_sqlite_version());
				return fflush(stdout) == 0 ? 0 : LC_IOERR;
			}
			if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
				cli_print_commands(stdout);
				return 0;
			}
			if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
				gquiet = 1;
				continue;
			}
			if (strcmp(s, "--no-pager") == 0) {
				gnopager = 1;
				continue;
			}
			if (strncmp(s, "--db", 4) == 0 && (s[4] == '\0' || s[4] == '='))
				slot = &gdb;
			else if (strncmp(s, "--format", 8) == 0 && (s[8] == '\0' || s[8] == '='))
				slot = &gformat;
			else if (strncmp(s, "--color", 7) == 0 && (s[7] == '\0' || s[7] == '='))
				slot = &gcolor;
			else if (strncmp(s, "--actor", 7) == 0 && (s[7] == '\0' || s[7] == '='))
				slot = &gactor;
			if (!slot) {
				diag_error(LC_USAGE, "unknown option '%s'", s);
				fputs("usage: leadctl [--db PATH] [--format FMT] COMMAND [ARGS]\nhint: see "
				      "'leadctl help'\n",
				      stderr);
				return LC_USAGE;
			}
			if (strchr(name, '='))
				*slot = strchr(name, '=') + 1;
			else if (i + 1 < argc)
				*slot = argv[++i];
			else {
				diag_error(LC_USAGE, "option '%s' needs a value", s);
				fputs("usage: leadctl [--db PATH] [--format FMT] COMMAND [ARGS]\n", stderr);
				return LC_USAGE;
			}
		}
		/* Re-inject global options as if given after the command. */
		memset(&args, 0, sizeof args);
		if (gdb)
			args.opt[args.nopt].name = "db", args.opt[args.nopt++].value = gdb;
		if (gformat)
			args.opt[args.nopt].name = "format", args.opt[args.nopt++].value = gformat;
		if (gcolor)
			args.opt[args.nopt].name = "color", args.opt[args.nopt++].value = gcolor;
		if (gactor)
			args.opt[args.nopt].name = "actor", args.opt[args.nopt++].value = gactor;
		if (gquiet)
			args.opt[args.nopt++].name = "quiet";
		if (gnopager)
			args.opt[args.nopt++].name = "no-pager";
	}
	if (i >= argc) {
		cli_print_commands(stderr);
		return LC_USAGE;
	}
	if (i + 1 < argc) {
		char two[128];
		snprintf(two, sizeof two, "%s %s", argv[i], argv[i + 1]);
		c = cli_find(two);
		if (c)
			nwords = 2;
	}
	if (!c)
		c = cli_find(argv[i]);
	if (!c) {
		if (cli_is_family(argv[i])) {
			const char *sub = i + 1 < argc ? argv[i + 1] : NULL;
			if (sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)) {
				cli_family_usage(stdout, argv[i]);
				return fflush(stdout) == 0 ? 0 : LC_IOERR;
			}
			if (sub && sub[0] != '-')
				return cli_unknown_command(argv[i], sub);
			diag_error(LC_USAGE, "'%s' needs a subcommand", argv[i]);
			cli_family_usage(stderr, argv[i]);
			fprintf(stderr, "hint: see 'leadctl help %s SUBCOMMAND'\n", argv[i]);
			return LC_USAGE;
		}
		return cli_unknown_command(NULL, argv[i]);
	}
	{
		struct lc_args cmdargs;
		int k;
		if ((rc = parse_args(c, argc - i - nwords, argv + i + nwords, &cmdargs)))
			return rc;
		/* Global options first, so that later ones win in args_get. */
		for (k = 0; k < cmdargs.nopt && args.nopt < LC_MAX_OPTS; k++)
			args.opt[args.nopt++] = cmdargs.opt[k];
		args.npos = cmdargs.npos;
		memcpy(args.pos, cmdargs.pos, sizeof args.pos);
	}
	ctx.cmd = c;
	if (args_has(&args, "help")) {
		cli_help_command(stdout, c);
		return fflush(stdout) == 0 ? 0 : LC_IOERR;
	}
	if (args.npos < c->min_pos)
		return cli_usage_error(c, "missing argument");
	if (c->max_pos >= 0 && args.npos > c->max_pos)
		return cli_usage_error(c, "unexpected argument '%s'", args.pos[c->max_pos]);

	/* The user's defaults (config.h): after the command line and the
	 * environment, before the built-in ones. */
	if ((rc = config_load(&cfg)))
		return rc;
	if (cfg.owner && !args_has(&args, "owner") &&
	    (strcmp(c->name, "next") == 0 || strcmp(c->name, "list") == 0) && args.nopt < LC_MAX_OPTS) {
		args.opt[args.nopt].name = "owner";
		args.opt[args.nopt++].value = cfg.owner;
	}
	if (cfg.color && !args_has(&args, "color") && args.nopt < LC_MAX_OPTS) {
		args.opt[args.nopt].name = "color";
		args.opt[args.nopt++].value = cfg.color;
	}
	if (cfg.pager && !getenv("LEADCTL_PAGER"))
		setenv("LEADCTL_PAGER", cfg.pager, 1);

	ctx.format = OUT_AUTO;
	if ((v = args_get(&args, "format"))) {
		int f = out_format_parse(v);
		if (f < 0)
			return cli_usage_error(c, "unknown format '%s': use table, tsv, csv or json", v);
		if (f == OUT_HTML && !(c->flags & CMD_HTML))
			return cli_usage_error(
			        c, "--format html is for 'report weekly': use table, tsv, csv or json");
		if (f == OUT_ICS && !(c->flags & CMD_ICS))
			return cli_usage_error(c, "--format ics is for 'next': use table, tsv, csv or json");
		ctx.format = (enum out_format)f;
		ctx.format_given = 1;
	}
	if ((v = args_get(&args, "color"))) {
		if (strcmp(v, "auto") == 0)
			out_set_color(-1);
		else if (strcmp(v, "always") == 0)
			out_set_color(1);
		else if (strcmp(v, "never") == 0)
			out_set_color(0);
		else
			return cli_usage_error(c, "--color '%s': use auto, always or never", v);
	}
	if (args_has(&args, "quiet"))
		diag_set_notes(0);
	ctx.actor = args_get(&args, "actor");
	if ((!ctx.actor || !*ctx.actor) && !(getenv("LEADCTL_USER") && *getenv("LEADCTL_USER")))
		ctx.actor = cfg.actor;
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = login_name();
	if ((rc = clock_now(&ctx.now)))
		return rc;

	ctx.db_path = args_get(&args, "db");
	if (ctx.db_path && !*ctx.db_path)
		return cli_usage_error(c, "--db '': the path is empty: give the database file");
	if (!ctx.db_path)
		ctx.db_path = getenv("LEADCTL_DB");
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = cfg.db;
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = db_default = default_db_path(c->flags & CMD_CREATE);
	if (c->flags & (CMD_DB | CMD_CREATE)) {
		/* A command that only reads opens the database read-only. */
		rc = db_open(ctx.db_path,
		             c->flags & CMD_CREATE  ? DB_CREATE
		             : c->flags & CMD_WRITE ? DB_EXISTING
		                                    : DB_READONLY,
		             &ctx.db);
		if (rc) {
			free(db_default);
			return rc;
		}
	}
	/* A long listing on a terminal goes through the pager, like git's. */
	if (!args_has(&args, "no-pager") && !args_has(&args, "output"))
		out_page_begin();
	rc = run_command(c, &ctx, &args);
	out_page_end();
	/* why stdout failed, while errno still says it ("disk full") */
	out_errno = errno;
	if (fflush(stdout) != 0)
		out_errno = errno;
	if (regex_limit_hits(&pattern) > 0)
		diag_warn("an SLA regex hit its match limit on %ld value%s (first: '%.60s'): counted as "
		          "no match; simplify the pattern (see docs/sla.md, regular expressions)",
		          regex_limit_hits(NULL), regex_limit_hits(NULL) == 1 ? "" : "s", pattern);
	engine_release();
	db_close(ctx.db);
	free(db_default);
	if (ferror(stdout)) {
		diag_error(LC_IOERR, "cannot write the output (stdout): %s",
		           out_errno ? outfile_strerror(out_errno) : "write error");
		return LC_IOERR;
	}
	return rc;
}
