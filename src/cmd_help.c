/* help: the list of commands, or the help of one. */
#include <stdio.h>
#include <string.h>

#include "leadctl/cli.h"
#include "leadctl/diag.h"

static int cmd_help(struct lc_ctx *ctx, const struct lc_args *args)
{
	const struct lc_cmd *c;
	char name[128];

	(void)ctx;
	if (args_has(args, "man")) {
		if (args->npos > 1 || (args->npos == 1 && !cli_is_family(args->pos[0])))
			return cli_usage_error(ctx->cmd,
			                       "--man takes nothing or a command family (report, sla, ...)");
		cli_man(stdout, args->npos ? args->pos[0] : NULL, LEADCTL_VERSION);
		return 0;
	}
	if (args->npos == 0) {
		cli_print_commands(stdout);
		return 0;
	}
	snprintf(name, sizeof name, "%s%s%s", args->pos[0], args->npos > 1 ? " " : "",
	         args->npos > 1 ? args->pos[1] : "");
	if ((c = cli_find(name))) {
		cli_help_command(stdout, c);
		return 0;
	}
	if (cli_is_family(args->pos[0])) {
		if (args->npos > 1)
			return cli_unknown_command(args->pos[0], args->pos[1]);
		cli_family_usage(stdout, args->pos[0]);
		printf("\nRun 'leadctl help %s SUBCOMMAND' for the options of one.\n", args->pos[0]);
		return 0;
	}
	if ((c = cli_find(args->pos[0]))) {
		cli_help_command(stdout, c);
		return 0;
	}
	return cli_unknown_command(NULL, args->pos[0]);
}

static const struct lc_optdef help_opts[] = {
	{ "man", 0, 0, NULL, "write the man page (leadctl.1, or leadctl-FAMILY.1) in roff" },
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
