/* cli: the command table, parsed arguments and the context a command runs in. */
#ifndef LEADCTL_CLI_H
#define LEADCTL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "leadctl/clock.h"
#include "leadctl/out.h"

struct lc_db;

/* An option a command accepts ("--owner NAME").  Common options (--db,
 * --format, --color, --actor, --help) are accepted by every command. */
struct lc_optdef {
	const char *name; /* long name without "--" */
	char shortname;   /* or 0 */
	int has_arg;      /* 1 when it takes a value */
	const char *arg;  /* value placeholder for help ("NAME") */
	const char *help; /* one line */
};

#define LC_MAX_OPTS 64
#define LC_MAX_POS 32

/* Parsed command line of one command.  Strings are borrowed from argv. */
struct lc_args {
	int npos; /* positional arguments */
	const char *pos[LC_MAX_POS];
	int nopt; /* options in command-line order */
	struct {
		const char *name;  /* the optdef name */
		const char *value; /* NULL for flags */
	} opt[LC_MAX_OPTS];
};

/* Value of the last --name, or NULL. */
const char *args_get(const struct lc_args *a, const char *name);
/* 1 when --name was given. */
int args_has(const struct lc_args *a, const char *name);
/* The i-th value of a repeatable --name (0-based), or NULL. */
const char *args_nth(const struct lc_args *a, const char *name, int i);

/* What a command may need before it runs, and how it uses the database
 * (the dispatcher in main.c acts on them, as git's and tmux's tables do):
 *   - read-only: CMD_DB without CMD_WRITE: opened read-only, the journal
 *     mode never switched;
 *   - one write transaction: CMD_WRITE | CMD_TX: the dispatcher runs the
 *     command inside BEGIN IMMEDIATE and commits when it returns 0, rolls
 *     back otherwise; what it prints on stdout appears only once the
 *     transaction committed;
 *   - phased: CMD_WRITE | CMD_PHASED: the command's phases (import: parse
 *     and validate, then apply under the lock; sla check: record, report,
 *     mark reported) are store functions that own their transactions.
 * Lead targets, resolved once by the dispatcher before the body runs
 * (inside the transaction of a CMD_TX command) with cmd_lead_ref (a write
 * command, or one flagged CMD_EXACT, refuses an ambiguous reference):
 *   - CMD_LEAD: the first positional argument, into ctx->lead; or, when the
 *     entry names a lead_opt, that option's value (export --person); not
 *     when the entry's not_lead option is given (show --account REF);
 *   - CMD_LEAD2: the second positional argument too, into ctx->lead2;
 *   - CMD_LEADS: every positional argument, into ctx->leads (forget
 *     LEAD...); not when the not_lead option is given (forget --expired).
 * ctx->lead is 0 when no reference was given.  No command body opens a
 * transaction or resolves its own lead (t1582 checks the cmd_*.c files). */
enum {
	CMD_DB = 1 << 0,     /* open an existing, up-to-date database */
	CMD_CREATE = 1 << 1, /* open or create the database (init) */
	CMD_WRITE = 1 << 2,  /* it writes: opened read-write; without it, read-only (main.c) */
	CMD_HTML = 1 << 3,   /* it takes --format html (report weekly) */
	CMD_ICS = 1 << 4,    /* it takes --format ics (next) */
	CMD_TX = 1 << 5,     /* one write transaction, opened and ended by the dispatcher */
	CMD_PHASED = 1 << 6, /* phases with their own transactions, through store functions */
	CMD_LEAD = 1 << 7,   /* pos[0] is a lead reference: ctx->lead */
	CMD_LEAD2 = 1 << 8,  /* pos[1] is a lead reference too: ctx->lead2 */
	CMD_LEADS = 1 << 9,  /* every positional argument is a lead reference: ctx->leads */
	CMD_EXACT = 1 << 10  /* refuse an ambiguous lead reference though it only reads */
};

struct lc_ctx;
typedef int (*lc_cmd_fn)(struct lc_ctx *ctx, const struct lc_args *args);

struct lc_cmd {
	const char *name;             /* "next", or "sla check" for a verb family */
	const char *summary;          /* one line for `leadctl help` */
	const char *usage;            /* after "leadctl NAME " */
	const char *help;             /* paragraphs for `leadctl help NAME`; may be NULL */
	int min_pos, max_pos;         /* bounds on positional arguments (-1 = any) */
	unsigned flags;               /* CMD_* */
	const struct lc_optdef *opts; /* terminated by {0} */
	const struct lc_optdef *more; /* a shared option table (lead fields), or NULL */
	lc_cmd_fn fn;
	const char *lead_opt; /* CMD_LEAD: the option holding the lead reference, or NULL = pos[0] */
	const char *not_lead; /* CMD_LEAD/CMD_LEADS: with this option, no positional is a lead */
};

/* The options every command accepts (--db, --format, --color, --actor,
 * -q, --no-pager, -h), terminated by {0}: parsed by main, shown by the
 * help and the man page. */
extern const struct lc_optdef lc_common_opts[];

/* The table, terminated by NULL (commands.c).  Each command file defines its
 * entry as `const struct lc_cmd cmd_<name>_entry`. */
extern const struct lc_cmd *const lc_commands[];
/* Find a command by name ("sla check"); NULL when unknown. */
const struct lc_cmd *cli_find(const char *name);

/* Everything a running command may use. */
struct lc_ctx {
	const char *db_path;       /* --db, LEADCTL_DB or the default */
	struct lc_db *db;          /* open when the command has CMD_DB/CMD_CREATE */
	enum out_format format;    /* --format, OUT_AUTO by default */
	int format_given;          /* 1 when --format was given */
	lc_time now;               /* LEADCTL_NOW or the clock */
	const char *actor;         /* --actor, LEADCTL_USER or the login name */
	const struct lc_cmd *cmd;  /* the command running */
	char tz[64];               /* display time zone, set by cmd_tz() */
	int64_t lead;              /* CMD_LEAD: the lead pos[0] refers to */
	int64_t lead2;             /* CMD_LEAD2: the lead pos[1] refers to */
	int64_t leads[LC_MAX_POS]; /* CMD_LEADS: the lead each positional argument refers to */
	int nleads;                /* CMD_LEADS: how many (args->npos) */
};

/* The words a user may type at one place of a command line, for
 * did-you-mean: family NULL = the first words of every command ("next",
 * "report", "sla" ...); family "report" = the second words of its
 * commands ("funnel", "leak" ...).  Up to max words copied into out,
 * each once, in table order; returns their number. */
size_t cli_words(const char *family, char (*out)[32], size_t max);
/* 1 when name is the first word of two-word commands ("report", "sla"). */
int cli_is_family(const char *name);
/* Print the usage of every command of a family ("leadctl report funnel
 * ...", its summary) on f. */
void cli_family_usage(FILE *f, const char *family);
/* The error for an unknown command word (family NULL) or subcommand of a
 * family, with the nearest known one when it looks like a typo: "unknown
 * command 'nxt'; did you mean 'next'?".  Prints it and a hint; returns 64. */
int cli_unknown_command(const char *family, const char *word);

/* Print the list of commands and the global options on f (`leadctl
 * help`, `leadctl --help`). */
void cli_print_commands(FILE *f);

/* Write a man page (roff, man(7) macros) on f from the command table:
 * family NULL = leadctl(1), every command with its options, the common
 * options, exit statuses, environment and files; family "report" =
 * leadctl-report(1), the commands of that family.  The same table as
 * --help, so the two never disagree (tests/cli/t1430_install.sh checks). */
void cli_man(FILE *f, const char *family, const char *version);

/* Print the help of a command on f. */
void cli_help_command(FILE *f, const struct lc_cmd *c);
/* Print "usage: leadctl NAME USAGE" and a hint on stderr; returns 64. */
int cli_usage_error(const struct lc_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse an integer option value in [min, max]; prints an error naming the
 * option and returns 64 when it is not. */
int cli_int_opt(const struct lc_ctx *ctx, const struct lc_args *a, const char *name, long long min,
                long long max, long long dflt, long long *out);

#endif
