/* doctor: is this database healthy and what is in force?  Schema version,
 * integrity_check, foreign_key_check, journal mode, the SLA in force. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "leadctl/cli.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"

static int cmd_doctor(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct db_doctor d;
	int rc, healthy, reapply_version = 0;
	int64_t reapply_after = 0;
	char schema[32], fk[32], leads[32], sla[512];
	static const struct out_col cols[] = { { "check", OT_STR }, { "value", OT_STR } };
	struct out *o;

	(void)args;
	if ((rc = db_doctor(ctx->db, &d)))
		return rc;
	/* an `sla use` whose re-apply was interrupted (cmd_sla.c) */
	if (d.sla_version && (rc = store_sla_reapply_get(ctx->db, &reapply_version, &reapply_after))) {
		db_doctor_clear(&d);
		return rc;
	}
	healthy = strcmp(d.integrity, "ok") == 0 && d.fk_violations == 0;
	snprintf(schema, sizeof schema, "%d", d.schema_version);
	snprintf(fk, sizeof fk, d.fk_violations ? "%d violations" : "ok", d.fk_violations);
	snprintf(leads, sizeof leads, "%" PRId64, d.leads);
	if (d.sla_version)
		snprintf(sla, sizeof sla, "version %d%s%s%s, installed %s", d.sla_version,
		         d.sla_name ? " (" : "", d.sla_name ? d.sla_name : "", d.sla_name ? ")" : "",
		         d.sla_installed);
	if (d.sla_version && reapply_version) {
		size_t l = strlen(sla);
		snprintf(sla + l, sizeof sla - l,
		         "; re-apply stopped after lead %" PRId64 ": run 'leadctl sla use' with it again",
		         reapply_after);
	}
	if (!d.sla_version)
		snprintf(sla, sizeof sla, "none (install one with 'leadctl sla use FILE')");

	if (ctx->format == OUT_JSON) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "database", ctx->db_path);
		cJSON_AddNumberToObject(j, "schema_version", d.schema_version);
		cJSON_AddNumberToObject(j, "binary_schema_version", d.binary_version);
		cJSON_AddStringToObject(j, "journal_mode", d.journal_mode ? d.journal_mode : "");
		cJSON_AddStringToObject(j, "integrity", d.integrity);
		cJSON_AddNumberToObject(j, "foreign_key_violations", d.fk_violations);
		cJSON_AddNumberToObject(j, "leads", (double)d.leads);
		if (d.sla_version) {
			cJSON *s = cJSON_AddObjectToObject(j, "sla");
			cJSON_AddNumberToObject(s, "version", d.sla_version);
			if (d.sla_name)
				cJSON_AddStringToObject(s, "name", d.sla_name);
			cJSON_AddStringToObject(s, "installed_at", d.sla_installed);
			if (reapply_version)
				cJSON_AddNumberToObject(s, "reapply_stopped_after_lead",
				                        (double)reapply_after);
		} else {
			cJSON_AddNullToObject(j, "sla");
		}
		cJSON_AddBoolToObject(j, "ok", healthy);
		out_json(stdout, j);
		cJSON_Delete(j);
	} else {
		o = out_begin(stdout, ctx->format, cols, 2);
		out_row(o, (const char *const[]){ "database", ctx->db_path });
		out_row(o, (const char *const[]){ "schema version", schema });
		out_row(o, (const char *const[]){ "journal mode", d.journal_mode });
		out_row(o, (const char *const[]){ "integrity", d.integrity });
		out_row(o, (const char *const[]){ "foreign keys", fk });
		out_row(o, (const char *const[]){ "leads", leads });
		out_row(o, (const char *const[]){ "sla", sla });
		out_row(o, (const char *const[]){ "status", healthy ? "ok" : "PROBLEMS" });
		out_end(o);
	}
	db_doctor_clear(&d);
	if (!healthy)
		return diag_error(LC_FOUND,
		                  "database '%s' has problems: restore a backup or run "
		                  "'sqlite3 %s .recover'",
		                  ctx->db_path, ctx->db_path);
	return 0;
}

static const struct lc_optdef doctor_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_doctor_entry = {
	.name = "doctor",
	.summary = "check the database: schema version, integrity, foreign keys, SLA in force",
	.usage = "",
	.help = "Exits 0 when the database is healthy, 1 when integrity_check or\n"
	        "foreign_key_check found a problem.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = doctor_opts,
	.fn = cmd_doctor,
};
