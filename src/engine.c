/* engine: the SLA applied to leads (see engine.h).  Without an installed
 * SLA there is nothing to apply: leads keep the stage people give them. */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/store.h"

int engine_refresh(struct lc_db *db, int64_t lead, const struct lc_change *c)
{
	char *json = NULL;
	int version, rc;

	(void)lead;
	(void)c;
	if ((rc = store_sla_current(db, &json, &version)))
		return rc;
	free(json);
	return 0;
}

int engine_explain(struct lc_db *db, int64_t lead, lc_time now, cJSON *j)
{
	(void)db;
	(void)lead;
	(void)now;
	(void)j;
	return 0;
}

int engine_list_incomplete(struct lc_db *db, const struct lc_lead_filter *f, enum out_format fmt)
{
	(void)db;
	(void)f;
	(void)fmt;
	return diag_error(LC_CONFIG, "list --incomplete: no SLA is installed, so no field is required: "
				     "install one with 'leadctl sla use FILE'");
}

int engine_contact_warning(struct lc_db *db, int64_t lead, lc_time at)
{
	(void)db;
	(void)lead;
	(void)at;
	return 0;
}
