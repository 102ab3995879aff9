/* lead: the stage machine and field access on plain lead structs (lead.h). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "leadctl/lead.h"

static const char *const stage_names[STAGE_COUNT] = {
	"new", "mql", "sql", "won", "lost", "nurture", "disqualified",
};

/* allowed[from] = bit set of the stages `from` may move to (product brief). */
#define B(s) (1u << (s))
static const unsigned allowed[STAGE_COUNT] = {
	[STAGE_NEW] = B(STAGE_MQL) | B(STAGE_NURTURE) | B(STAGE_DISQUALIFIED),
	[STAGE_MQL] = B(STAGE_SQL) | B(STAGE_NURTURE) | B(STAGE_DISQUALIFIED),
	[STAGE_SQL] = B(STAGE_WON) | B(STAGE_LOST) | B(STAGE_NURTURE),
	[STAGE_WON] = 0,
	[STAGE_LOST] = B(STAGE_NURTURE),
	[STAGE_NURTURE] = B(STAGE_MQL) | B(STAGE_DISQUALIFIED),
	[STAGE_DISQUALIFIED] = B(STAGE_NURTURE),
};

const char *stage_name(enum lc_stage s)
{
	return (unsigned)s < STAGE_COUNT ? stage_names[s] : "?";
}

int stage_parse(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < STAGE_COUNT; i++)
		if (strcasecmp(name, stage_names[i]) == 0)
			return i;
	return -1;
}

int stage_allowed(enum lc_stage from, enum lc_stage to)
{
	if ((unsigned)from >= STAGE_COUNT || (unsigned)to >= STAGE_COUNT)
		return 0;
	return (allowed[from] & B(to)) != 0;
}

const char *stage_allowed_list(enum lc_stage from)
{
	static char lists[STAGE_COUNT][96];
	char *b;
	int i;

	if ((unsigned)from >= STAGE_COUNT)
		return "none";
	b = lists[from];
	b[0] = '\0';
	for (i = 0; i < STAGE_COUNT; i++)
		if (allowed[from] & B(i)) {
			if (b[0])
				strcat(b, ", ");
			strcat(b, stage_names[i]);
		}
	return b[0] ? b : "none";
}

int stage_needs_reason(enum lc_stage s)
{
	return s == STAGE_NURTURE || s == STAGE_DISQUALIFIED || s == STAGE_LOST;
}

int stage_is_open(enum lc_stage s)
{
	return s == STAGE_MQL || s == STAGE_SQL;
}

int event_type_valid(const char *t)
{
	size_t n = 0;

	for (; *t; t++, n++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '_' || *t == '.' ||
		      *t == '-'))
			return 0;
	return n >= 1 && n <= 64;
}

void lead_init(struct lc_lead *l)
{
	memset(l, 0, sizeof *l);
	l->employees = -1;
	l->stage = STAGE_NEW;
}

void lead_clear(struct lc_lead *l)
{
	free(l->email);
	free(l->external_id);
	free(l->external_system);
	free(l->phone);
	free(l->first_name);
	free(l->last_name);
	free(l->title);
	free(l->company);
	free(l->website);
	free(l->country);
	free(l->industry);
	free(l->source);
	free(l->campaign);
	free(l->owner);
	free(l->custom_json);
	lead_init(l);
}

const struct lead_string_field lead_string_fields[] = {
	{ "email", offsetof(struct lc_lead, email) },
	{ "external_id", offsetof(struct lc_lead, external_id) },
	{ "phone", offsetof(struct lc_lead, phone) },
	{ "first_name", offsetof(struct lc_lead, first_name) },
	{ "last_name", offsetof(struct lc_lead, last_name) },
	{ "title", offsetof(struct lc_lead, title) },
	{ "company", offsetof(struct lc_lead, company) },
	{ "website", offsetof(struct lc_lead, website) },
	{ "country", offsetof(struct lc_lead, country) },
	{ "industry", offsetof(struct lc_lead, industry) },
	{ "source", offsetof(struct lc_lead, source) },
	{ "campaign", offsetof(struct lc_lead, campaign) },
	{ "owner", offsetof(struct lc_lead, owner) },
};
const size_t lead_string_field_count = sizeof lead_string_fields / sizeof lead_string_fields[0];

int lead_field_known(const char *name)
{
	size_t i;

	if (!name)
		return 0;
	if (strncmp(name, "custom.", 7) == 0 && name[7])
		return 1;
	for (i = 0; i < lead_string_field_count; i++)
		if (strcmp(name, lead_string_fields[i].name) == 0)
			return 1;
	return strcmp(name, "employees") == 0 || strcmp(name, "stage") == 0 || strcmp(name, "score") == 0 ||
	       strcmp(name, "email_domain") == 0;
}

char *lead_field(const struct lc_lead *l, const char *name, int *known)
{
	size_t i;
	char buf[64];

	if (known)
		*known = 1;
	for (i = 0; i < lead_string_field_count; i++)
		if (strcmp(name, lead_string_fields[i].name) == 0) {
			const char *v = *(char *const *)((const char *)l + lead_string_fields[i].off);
			return v && *v ? strdup(v) : NULL;
		}
	if (strcmp(name, "employees") == 0) {
		if (l->employees < 0)
			return NULL;
		snprintf(buf, sizeof buf, "%" PRId64, l->employees);
		return strdup(buf);
	}
	if (strcmp(name, "stage") == 0)
		return strdup(stage_name(l->stage));
	if (strcmp(name, "score") == 0) {
		snprintf(buf, sizeof buf, "%g", l->score);
		return strdup(buf);
	}
	if (strcmp(name, "email_domain") == 0) {
		const char *at = l->email ? strrchr(l->email, '@') : NULL;
		return at && at[1] ? strdup(at + 1) : NULL;
	}
	if (strncmp(name, "custom.", 7) == 0 && name[7]) {
		cJSON *root, *item;
		char *r = NULL;
		if (!l->custom_json)
			return NULL;
		root = cJSON_Parse(l->custom_json);
		item = root ? cJSON_GetObjectItemCaseSensitive(root, name + 7) : NULL;
		if (cJSON_IsString(item) && item->valuestring[0])
			r = strdup(item->valuestring);
		else if (cJSON_IsNumber(item)) {
			snprintf(buf, sizeof buf, "%g", item->valuedouble);
			r = strdup(buf);
		}
		cJSON_Delete(root);
		return r;
	}
	if (known)
		*known = 0;
	return NULL;
}
