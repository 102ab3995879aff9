/* csvmap: CSV columns -> lead fields, and one record -> one plain lead row.
 *
 * Pure: no database, no printing.  A map is resolved once from the header
 * (and an optional mapping file); then every record is turned into a
 * struct csvmap_row holding a normalised struct lc_lead, the lifecycle
 * dates per stage, the events and the custom fields.  The rules (header
 * aliases, stage values, name splitting, employees ranges, dates) are
 * documented in docs/import-mapping.md.
 *
 * Header names match case-insensitively, ignoring spaces, punctuation,
 * underscores and Latin accents ("E-mail Address" = "email_address").
 * Columns that map to nothing are kept as custom fields, in file order. */
#ifndef LEADCTL_CSVMAP_H
#define LEADCTL_CSVMAP_H

#include <stddef.h>
#include <stdint.h>

#include "leadctl/clock.h"
#include "leadctl/consent.h"
#include "leadctl/datefmt.h"
#include "leadctl/idlist.h"
#include "leadctl/lead.h"

/* What a column feeds. */
enum csvmap_target {
	CSVMAP_CUSTOM,      /* kept as a custom field */
	CSVMAP_IGNORE,      /* dropped */
	CSVMAP_EMAIL,       /* identity; normalised; an invalid one rejects the row */
	CSVMAP_EXTERNAL_ID, /* the source system's record id; its system comes from the mapping
	                     * file ("external_id.zoho"), --source-system or the export
	                     * the header is recognised as (docs/import-mapping.md) */
	CSVMAP_FIRST_NAME,
	CSVMAP_LAST_NAME,
	CSVMAP_FULL_NAME, /* split into first/last when those are missing */
	CSVMAP_PHONE,     /* normalised with the default country code */
	CSVMAP_COMPANY,
	CSVMAP_WEBSITE,
	CSVMAP_TITLE,
	CSVMAP_COUNTRY,
	CSVMAP_INDUSTRY,
	CSVMAP_EMPLOYEES, /* a number or a range ("51-200" -> 51) */
	CSVMAP_SOURCE,
	CSVMAP_CAMPAIGN,
	CSVMAP_OWNER,
	CSVMAP_CREATED_AT,          /* a date */
	CSVMAP_STAGE,               /* a lifecycle stage or lead status, through the stage table */
	CSVMAP_STAGE_AT,            /* the date the lead entered one stage (HubSpot "Became a ... Date") */
	CSVMAP_EVENT,               /* an event when the value is yes/true/1 (at created_at) or a date */
	CSVMAP_DO_NOT_EMAIL,        /* consent: e-mail opt-out, yes/no (consent_flag_parse) */
	CSVMAP_DO_NOT_CALL,         /* consent: call and sms opt-out, yes/no */
	CSVMAP_UNSUBSCRIBED,        /* consent: yes/no (= do_not_email) or the date of the unsubscribe */
	CSVMAP_LAWFUL_BASIS,        /* consent: GDPR art. 6(1) basis (consent_basis_parse) */
	CSVMAP_LAWFUL_BASIS_AT,     /* consent: when the basis was obtained, a date */
	CSVMAP_LAWFUL_BASIS_SOURCE, /* consent: where it was obtained, free text */
	CSVMAP_CLOSED_AT,           /* the date of the move into the row's stage when it is won, lost,
	                             * disqualified or nurture (a deal's close date) */
	CSVMAP_AMOUNT,              /* the won amount ("$22,700.00", "22.700,00 EUR") */
	CSVMAP_CURRENCY,            /* the won amount's currency (ISO 4217) */
	CSVMAP_REASON,              /* the reason of a lost / disqualified / nurture move, through the
	                             * mapping file's "reasons" value map */
	CSVMAP_STAGE_DATE,          /* the date the lead entered the stage the row names (leadctl's own
	                             * export: "stage_at") */
	CSVMAP_SUBMISSION_ID,       /* the id of one form fill (Typeform '#', a Meta lead id): kept on
	                             * its form_submission event, never a person's identity */
	CSVMAP_IDENTITIES,          /* every identity of the lead in one cell (leadctl's own export:
	                             * "identities", include/leadctl/idlist.h) */
	CSVMAP_LEAD_NUMBER,         /* the lead's number in leadctl's own export ("id"): kept by a new
	                             * lead when the database never gave it (store_lead_insert) */
	CSVMAP_UPDATED_AT,          /* when the lead last changed (own export): restored on a new lead */
	CSVMAP_ACTIVITY_AT,         /* its latest activity (own export): restored on a new lead */
	CSVMAP_TARGET_COUNT
};

/* A parsed mapping file (--map FILE); opaque.  See docs/import-mapping.md. */
struct csvmap_spec;

/* A map resolved against one header; opaque. */
struct csvmap;

/* Settings from the command line and the SLA. */
struct csvmap_opts {
	const char *tz;            /* zone of wall times in dates (the SLA's); NULL = UTC */
	const char *default_cc;    /* country code for phones without one ("34"); NULL = none */
	struct datefmt datefmt;    /* --date-format; beats the mapping file's top-level one */
	lc_time now;               /* created_at of rows that carry none */
	const char *source_system; /* --source-system: the system of record ids; NULL = recognised */
};

/* One line of the explanation of a map (for `import --explain`). */
struct csvmap_entry {
	size_t column;      /* 1-based column number; 0 for a constant or default */
	const char *header; /* the column's name; for a constant, the field */
	const char *target; /* "email", "mql_at", "event:demo_request", "custom:KEY", "ignore",
	                     * or for constants "constant 'webinar'" / "default 'ES'" */
	const char *note;   /* why and how: "auto", "mapping file", "date day_first, zone UTC",
	                     * "2nd for phone: kept as custom when phone is set" */
};

/* A record turned into a lead.  Strings are owned; csvmap_row_clear frees
 * them.  When error is set the row must not be used: the other fields are
 * then incomplete. */
struct csvmap_row {
	long line;                                 /* line of the record in the file */
	struct lc_lead lead;                       /* mapped fields; lead.custom_json holds the custom
	                                            * fields as a JSON object (file order), or NULL */
	int has_stage;                             /* 1 when a column or constant gave lead.stage */
	int has_created_at;                        /* 1 when lead.created_at came from the file */
	lc_time stage_at[STAGE_COUNT];             /* when the lead entered each stage per the file */
	unsigned char stage_at_known[STAGE_COUNT]; /* 1 where stage_at[] is set */
	struct lc_event *events;                   /* events from event columns (owned) */
	size_t nevents;                            /* entries in events */
	struct lc_consent consent;                 /* opt-outs and lawful basis from consent columns;
	                                            * several opt-out columns: any yes wins */
	char *submission_id;                       /* the form fill's own id (owned), or NULL */
	char *error;                               /* NULL, or why the row is rejected ("line 5: invalid
	                                            * e-mail 'ana@' in column 'Email'") */
	char *warning;                             /* NULL, or what was set aside in a usable row ("line 5:
	                                            * employees 'many' is not a number (kept as custom)") */
	lc_time closed_at;                         /* the close date (CSVMAP_CLOSED_AT), when has_closed_at */
	int has_closed_at;                         /* 1 when closed_at is set */
	lc_time stage_date;                        /* when it entered the row's stage (STAGE_DATE) */
	int has_stage_date;                        /* 1 when stage_date is set */
	int64_t amount_cents;                      /* the won amount in cents; -1 = none */
	char currency[4];                          /* its currency, "" = none given */
	char *reason;                              /* the move's reason (mapped through "reasons"), or NULL */
	int reason_mapped;                         /* 1 when "reasons" mapped it, 0 when kept as given */
	struct idlist_entry *ids;                  /* identities from an identities column, their
	                                            * values keys of the identity module (owned) */
	size_t nids;                               /* entries in ids */
	int64_t lead_number;                       /* the lead number asked for (LEAD_NUMBER); 0 = none */
	lc_time updated_at;                        /* UPDATED_AT, 0 = none */
	lc_time activity_at;                       /* ACTIVITY_AT, 0 = none */
};

/* What a mapping file says about the whole import (csvmap_spec_settings). */
struct csvmap_settings {
	int historical;  /* "historical": 1 true, 0 false, -1 not given */
	int kind;        /* "kind": enum csvmap_kind, or -1 when not given */
	int account_key; /* "account_key": enum csvmap_account_key, or -1 when not given */
};

/* What kind of file an import reads. */
enum csvmap_kind {
	CSVMAP_KIND_FORM, /* form submissions: a row for a known lead is a re-submission */
	CSVMAP_KIND_CRM   /* another CRM's records: a row updates a lead, it submits nothing */
};

/* What keys the account of a lead (README "Identity and accounts"). */
enum csvmap_account_key {
	CSVMAP_ACCOUNT_AUTO,    /* e-mail domain unless free-mail, then website, then company */
	CSVMAP_ACCOUNT_WEBSITE, /* website domain, then company, then e-mail domain */
	CSVMAP_ACCOUNT_COMPANY, /* company name, then website, then e-mail domain */
	CSVMAP_ACCOUNT_EMAIL    /* the e-mail domain first (the automatic order) */
};

/* A new empty mapping file (auto mapping on, nothing else); NULL when out
 * of memory.  Free with csvmap_spec_free. */
struct csvmap_spec *csvmap_spec_new(void);
/* Read and validate the mapping file at path.  Returns 0 and *out, or -1
 * and *err (caller frees): "map.json:7: /columns/Fecha/date_format: unknown
 * date format 'dd/mm': use day_first, month_first, auto or a pattern". */
int csvmap_spec_load(const char *path, struct csvmap_spec **out, char **err);
/* As csvmap_spec_load over text (len bytes) named name in messages. */
int csvmap_spec_parse(const char *text, size_t len, const char *name, struct csvmap_spec **out, char **err);
/* Add a constant (override = 1: replaces the file's values, like --source)
 * or a default (override = 0: fills empty values) for field: source,
 * campaign, owner, company, title, website, country, industry, employees or
 * stage.  Returns 0, or -1 and *err (caller frees). */
int csvmap_spec_constant(struct csvmap_spec *spec, const char *field, const char *value, int override,
                         char **err);
/* The import-wide settings of a mapping file (NULL: none given) into *out. */
void csvmap_spec_settings(const struct csvmap_spec *spec, struct csvmap_settings *out);
/* Parse a kind ("form", "crm"); -1 when unknown. */
int csvmap_kind_parse(const char *s);
/* Parse an account key ("auto", "website", "company", "email"); -1 when unknown. */
int csvmap_account_key_parse(const char *s);
/* Free a mapping file.  NULL is allowed. */
void csvmap_spec_free(struct csvmap_spec *spec);

/* Resolve the columns of a header (n names, as csvread gives them) with
 * spec (NULL = automatic only) and opts.  The map copies what it needs:
 * header, spec and opts may be freed afterwards.  Returns 0 and *out, or
 * -1 and *err (caller frees), e.g. "map.json:4: /columns/Fecha: no column
 * 'Fecha' in the file (its columns: Email, Nombre, ...)". */
int csvmap_new(const char *const *header, size_t n, const struct csvmap_spec *spec,
               const struct csvmap_opts *opts, struct csvmap **out, char **err);
/* Free a map.  NULL is allowed. */
void csvmap_free(struct csvmap *m);

/* The column -> field list: *out receives the entries (borrowed from m),
 * one per column in file order, then the constants and defaults. */
size_t csvmap_entries(const struct csvmap *m, const struct csvmap_entry **out);
/* The same as aligned text lines, one per entry ("  3  Email  ->  email
 * (auto)"); returns a string the caller must free, or NULL when out of
 * memory. */
char *csvmap_explain(const struct csvmap *m);

/* For `import --explain`: 1 when column col (0-based) holds values that a
 * value map reads (a stage or a reason column), else 0. */
int csvmap_column_has_values(const struct csvmap *m, size_t col);
/* What the value v (trimmed) of such a column becomes, into buf (n bytes),
 * through the column's own "values", then the mapping file's "stages" /
 * "reasons", then the built-in stage table: "won", "sql (this column's
 * \"values\")", "no stage (says nothing about the stage)", "unmapped: kept
 * as custom (map it under \"stages\")" (or "under this column's
 * \"values\"" when it has its own map), "price", "kept as given (not in
 * \"reasons\")", "empty (declared)".  Returns buf. */
const char *csvmap_value_meaning(const struct csvmap *m, size_t col, const char *v, char *buf, size_t n);

/* Map one record: fields[0..n) in header order (missing trailing fields
 * count as empty), from line `line`.  Fills *row (initialised here; free
 * with csvmap_row_clear).  Returns 0 (check row->error), or -1 when out of
 * memory. */
int csvmap_row(const struct csvmap *m, const char *const *fields, size_t n, long line,
               struct csvmap_row *row);
/* Free the contents of a row and zero it.  */
void csvmap_row_clear(struct csvmap_row *row);

/* Helpers, exposed for tests and for the command's messages. */

/* The stage a stage/status value means ("Marketing Qualified Lead" -> mql,
 * "Closed - Not Converted" -> disqualified): returns an enum lc_stage, -2
 * for a known value that says nothing about the stage ("Attempted to
 * Contact"), or -1 for an unknown one. */
int csvmap_stage_value(const char *value);
/* Lower bound of an employees value ("51-200" -> 51, "10,001+" -> 10001,
 * "250" -> 250).  Returns 0 and *out, or -1 when it is not a count. */
int csvmap_employees(const char *value, int64_t *out);
/* Split a full name: "García, Ana" -> Ana / García; "Ana María García" ->
 * "Ana María" / "García"; "Juan de la Cruz" -> "Juan" / "de la Cruz"; "Cher"
 * -> "Cher" / NULL.  *first and *last are new strings (or NULL) the caller
 * frees.  Returns 0, or -1 when out of memory. */
int csvmap_split_name(const char *full, char **first, char **last);
/* The normalised form of a header name used for matching ("E-mail
 * Address" -> "emailaddress"), into buf (n bytes); returns buf. */
const char *csvmap_norm_name(const char *name, char *buf, size_t n);
/* Name of a target ("email", "created_at", ...); static. */
const char *csvmap_target_name(enum csvmap_target t);

#endif
