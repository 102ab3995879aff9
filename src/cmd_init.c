/* init: create the database, or bring an older one up to this binary's
 * schema.  Safe to run again: it only applies what is missing. */
#include <stdio.h>

#include "leadctl/cli.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"

int sla_install_file(struct lc_ctx *ctx, const char *path);
int sla_check_file(const char *path);

static int cmd_init(struct lc_ctx *ctx, const struct lc_args *args)
{
	const char *sla = args_get(args, "sla");
	int from, to, rc;

	if ((rc = db_migrate(ctx->db, &from, &to)) || (sla && (rc = sla_check_file(sla)))) {
		db_remove_created(ctx->db); /* a failed init leaves no file behind */
		return rc;
	}
	if (from == 0)
		out_line("created %s (schema version %d)", ctx->db_path, to);
	else if (from < to)
		out_line("upgraded %s from schema version %d to %d", ctx->db_path, from, to);
	else
		out_line("%s is up to date (schema version %d)", ctx->db_path, to);
	if (sla && (rc = sla_install_file(ctx, sla)))
		db_remove_created(ctx->db);
	return rc;
}

static const struct lc_optdef init_opts[] = {
	{ "sla", 0, 1, "FILE", "also install this SLA file (as 'leadctl sla use FILE')" },
	{ 0 },
};

const struct lc_cmd cmd_init_entry = {
	.name = "init",
	.summary = "create the database, or upgrade it to this version's schema",
	.usage = "[--sla FILE]",
	.help = "Creates the database file (readable by its owner only) when it does not exist, then\n"
	        "applies the schema migrations it lacks, each in its own transaction.  Every other\n"
	        "command refuses a missing or outdated database and asks for 'leadctl init'.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_CREATE | CMD_WRITE | CMD_PHASED,
	.opts = init_opts,
	.fn = cmd_init,
};
