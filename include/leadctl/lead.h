/* lead: the plain structs that the rules engine and the importer see.
 *
 * They never hold database handles.  Strings are owned by the struct unless
 * a comment says otherwise; lead_clear() frees them. */
#ifndef LEADCTL_LEAD_H
#define LEADCTL_LEAD_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"

/* Stages of the lifecycle, in funnel order. */
enum lc_stage {
	STAGE_NEW,
	STAGE_MQL,
	STAGE_SQL,
	STAGE_WON,
	STAGE_LOST,
	STAGE_NURTURE,
	STAGE_DISQUALIFIED,
	STAGE_COUNT
};

/* Name of a stage ("new", "mql", ...). */
const char *stage_name(enum lc_stage s);
/* Parse a stage name, ASCII case-insensitive ("MQL" is mql); returns -1
 * when unknown. */
int stage_parse(const char *name);
/* 1 when the stage machine allows from -> to. */
int stage_allowed(enum lc_stage from, enum lc_stage to);
/* Comma-separated list of the stages reachable from `from` ("mql, nurture,
 * disqualified"), or "none" for won.  Static storage. */
const char *stage_allowed_list(enum lc_stage from);
/* 1 when moving into s needs a reason (nurture, disqualified, lost). */
int stage_needs_reason(enum lc_stage s);
/* 1 for mql and sql: stages with an SLA response obligation. */
int stage_is_open(enum lc_stage s);

/* 1 when t is a valid event type: 1 to 64 of a-z, 0-9, '_', '.' and '-'
 * (`demo_request`, `page.view-pricing`).  The one definition that the SLA's
 * behaviour rules, `leadctl event` and import's `event:TYPE` columns share, so
 * a rule the SLA accepts can always fire (issue 11). */
int event_type_valid(const char *t);

/* The fields of a lead.  NULL string = unknown.  employees < 0 = unknown. */
struct lc_lead {
	int64_t id;            /* 0 until stored */
	char *email;           /* normalised: trimmed, lower-case */
	char *external_id;     /* the source system's record id, as given (trimmed) */
	char *external_system; /* its system ("salesforce", "zoho", ...; NULL = "ext",
	                        * unknown): with external_id it makes the record key
	                        * (identity_record_key); not a column of leads */
	char *phone;           /* normalised: '+' and digits */
	char *first_name;
	char *last_name;
	char *title;
	char *company;
	char *website;
	char *country;
	char *industry;
	int64_t employees;
	char *source; /* channel: webinar, paid_search, ... */
	char *campaign;
	char *owner;
	enum lc_stage stage;
	double score;     /* the stored score (points, unrounded) */
	lc_time score_at; /* the instant score is the score as of; 0 = never scored */
	lc_time created_at;
	char *custom_json;  /* JSON object text of custom fields, or NULL */
	int64_t account_id; /* 0 = none */
};

/* A behavioural signal used for scoring. */
struct lc_event {
	char *type; /* e.g. "demo_request" */
	lc_time at;
};

/* The string fields of struct lc_lead by name, in declaration order
 * (custom_json excluded), for code that walks every field. */
struct lead_string_field {
	const char *name; /* "email", "first_name", ... */
	size_t off;       /* offsetof(struct lc_lead, ...) */
};
extern const struct lead_string_field lead_string_fields[];
extern const size_t lead_string_field_count;

/* Free the strings of a lead and zero it (employees = -1). */
void lead_clear(struct lc_lead *l);
/* Initialise an empty lead (all NULL, employees = -1, stage new). */
void lead_init(struct lc_lead *l);

/* Value of a lead field by its name ("email", "title", "employees", ...,
 * or "custom.NAME" for a custom field).  Returns a string the caller must
 * free, or NULL when the field is unknown or empty.  *known is set to 0
 * when name is not a field name at all (may be NULL). */
char *lead_field(const struct lc_lead *l, const char *name, int *known);
/* 1 when name is the name of a lead field (custom.* included). */
int lead_field_known(const char *name);

#endif
