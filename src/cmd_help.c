/* help: the list of commands, or the help of one. */
#include <stdio.h>
#include <string.h>

#include "leadctl/cli.h"
#include "leadctl/diag.h"

static int cmd_help(struct lc_ctx *ctx, const struct lc_args *args)
{
	const struct lc_cmd *c;
	char name[128];
	int i;

	if (args->npos == 0) {
		fputs("usage: leadctl [--db PATH] [--format table|tsv|csv|json] COMMAND [ARGS]\n\n"
		      "A lead-management CRM in one binary over one SQLite file.\n\ncommands:\n",
		      stdout);
		for (i = 0; lc_commands[i]; i++)
			printf("  %-16s %s\n", lc_commands[i]->name, lc_commands[i]->summary);
		fputs("\nRun 'leadctl help COMMAND' for the options of one command.\n"
		      "Exit statuses: 0 ok, 1 a check found something, 64 usage, 65 bad data,\n"
		      "66 missing input or database, 70 internal, 73 cannot create, 74 I/O,\n"
		      "75 busy (try again), 78 bad configuration.\n",
		      stdout);
		return 0;
	}
	snprintf(name, sizeof name, "%s%s%s", args->pos[0], args->npos > 1 ? " " : "",
	         args->npos > 1 ? args->pos[1] : "");
	c = cli_find(name);
	if (!c && args->npos > 1)
		c = cli_find(args->pos[0]);
	if (!c)
		return cli_usage_error(ctx->cmd, "unknown command '%s'", name);
	cli_help_command(stdout, c);
	return 0;
}

static const struct lc_optdef help_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_help_entry = {
	.name = "help",
	.summary = "list the commands, or show the help of one",
	.usage = "[COMMAND [SUBCOMMAND]]",
	.help = NULL,
	.min_pos = 0,
	.max_pos = 2,
	.flags = 0,
	.opts = help_opts,
	.fn = cmd_help,
};
