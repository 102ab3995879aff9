/* csvmap: header names -> lead fields, records -> lead rows (csvmap.h).
 *
 * The tables below are the knowledge of real exports (HubSpot, Salesforce,
 * Zoho, SuiteCRM, Google Forms, Typeform, Meta, LinkedIn); the rules built
 * on them are documented in docs/import-mapping.md, which must change with
 * them. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "leadctl/fold.h"
#include "leadctl/csvmap.h"
#include "leadctl/identity.h"
#include "leadctl/lead.h"
#include "leadctl/idlist.h"
#include "leadctl/jsonloc.h"
#include "leadctl/money.h"
#include "leadctl/sla.h"
#include "leadctl/text.h"

/* ---- tables ----------------------------------------------------------- */

static const char *const target_names[CSVMAP_TARGET_COUNT] = {
	[CSVMAP_CUSTOM] = "custom",
	[CSVMAP_IGNORE] = "ignore",
	[CSVMAP_EMAIL] = "email",
	[CSVMAP_EXTERNAL_ID] = "external_id",
	[CSVMAP_FIRST_NAME] = "first_name",
	[CSVMAP_LAST_NAME] = "last_name",
	[CSVMAP_FULL_NAME] = "full_name",
	[CSVMAP_PHONE] = "phone",
	[CSVMAP_COMPANY] = "company",
	[CSVMAP_WEBSITE] = "website",
	[CSVMAP_TITLE] = "title",
	[CSVMAP_COUNTRY] = "country",
	[CSVMAP_INDUSTRY] = "industry",
	[CSVMAP_EMPLOYEES] = "employees",
	[CSVMAP_SOURCE] = "source",
	[CSVMAP_CAMPAIGN] = "campaign",
	[CSVMAP_OWNER] = "owner",
	[CSVMAP_CREATED_AT] = "created_at",
	[CSVMAP_STAGE] = "stage",
	[CSVMAP_STAGE_AT] = "stage_at",
	[CSVMAP_EVENT] = "event",
	[CSVMAP_DO_NOT_EMAIL] = "do_not_email",
	[CSVMAP_DO_NOT_CALL] = "do_not_call",
	[CSVMAP_UNSUBSCRIBED] = "unsubscribed",
	[CSVMAP_LAWFUL_BASIS] = "lawful_basis",
	[CSVMAP_LAWFUL_BASIS_AT] = "lawful_basis_at",
	[CSVMAP_LAWFUL_BASIS_SOURCE] = "lawful_basis_source",
	[CSVMAP_CLOSED_AT] = "closed_at",
	[CSVMAP_AMOUNT] = "amount",
	[CSVMAP_CURRENCY] = "currency",
	[CSVMAP_REASON] = "reason",
	[CSVMAP_STAGE_DATE] = "stage_date",
	[CSVMAP_SUBMISSION_ID] = "submission_id",
	[CSVMAP_IDENTITIES] = "identities",
	[CSVMAP_LEAD_NUMBER] = "lead_number",
	[CSVMAP_UPDATED_AT] = "updated_at",
	[CSVMAP_ACTIVITY_AT] = "activity_at",
};

/* A header alias: the normalised name, its target, the stage (STAGE_AT
 * only) and its rank among columns of the same target (0 = preferred). */
struct alias {
	const char *norm;          /* normalised header name */
	enum csvmap_target target; /* field it feeds */
	int stage;                 /* STAGE_AT: the stage; else -1 */
	int rank;                  /* preference among columns of one target */
};

static const struct alias aliases[] = {
	/* e-mail */
	{ "email", CSVMAP_EMAIL, -1, 0 },
	{ "emailaddress", CSVMAP_EMAIL, -1, 0 },
	{ "primaryemail", CSVMAP_EMAIL, -1, 0 },
	{ "contactemail", CSVMAP_EMAIL, -1, 0 },
	{ "workemail", CSVMAP_EMAIL, -1, 1 },
	{ "businessemail", CSVMAP_EMAIL, -1, 1 },
	{ "correoelectronico", CSVMAP_EMAIL, -1, 0 },
	{ "correo", CSVMAP_EMAIL, -1, 1 },
	{ "mail", CSVMAP_EMAIL, -1, 2 },
	/* record id */
	{ "recordid", CSVMAP_EXTERNAL_ID, -1, 0 },
	{ "recordidcontact", CSVMAP_EXTERNAL_ID, -1, 0 }, /* HubSpot, with associations */
	{ "contactid", CSVMAP_EXTERNAL_ID, -1, 0 },       /* another object: recognised_system */
	{ "externalid", CSVMAP_EXTERNAL_ID, -1, 0 },
	{ "id", CSVMAP_EXTERNAL_ID, -1, 0 },
	{ "leadid", CSVMAP_EXTERNAL_ID, -1, 0 },
	{ "prospectid", CSVMAP_EXTERNAL_ID, -1, 0 },
	{ "recordidcontact", CSVMAP_EXTERNAL_ID, -1, 0 },
	/* submission ids: a form fill, not a person (README "Identity and accounts") */
	{ "#", CSVMAP_SUBMISSION_ID, -1, 0 },
	{ "responseid", CSVMAP_SUBMISSION_ID, -1, 0 },
	{ "submissionid", CSVMAP_SUBMISSION_ID, -1, 0 },
	{ "entryid", CSVMAP_SUBMISSION_ID, -1, 0 },
	/* names */
	{ "firstname", CSVMAP_FIRST_NAME, -1, 0 },
	{ "first", CSVMAP_FIRST_NAME, -1, 1 },
	{ "givenname", CSVMAP_FIRST_NAME, -1, 0 },
	{ "forename", CSVMAP_FIRST_NAME, -1, 0 },
	{ "fname", CSVMAP_FIRST_NAME, -1, 1 },
	{ "nombre", CSVMAP_FIRST_NAME, -1, 0 },
	{ "lastname", CSVMAP_LAST_NAME, -1, 0 },
	{ "last", CSVMAP_LAST_NAME, -1, 1 },
	{ "surname", CSVMAP_LAST_NAME, -1, 0 },
	{ "familyname", CSVMAP_LAST_NAME, -1, 0 },
	{ "lname", CSVMAP_LAST_NAME, -1, 1 },
	{ "apellidos", CSVMAP_LAST_NAME, -1, 0 },
	{ "apellido", CSVMAP_LAST_NAME, -1, 0 },
	{ "fullname", CSVMAP_FULL_NAME, -1, 0 },
	{ "name", CSVMAP_FULL_NAME, -1, 0 },
	{ "yourname", CSVMAP_FULL_NAME, -1, 0 },
	{ "contactname", CSVMAP_FULL_NAME, -1, 0 },
	{ "leadname", CSVMAP_FULL_NAME, -1, 0 },
	{ "nombrecompleto", CSVMAP_FULL_NAME, -1, 0 },
	{ "nombreyapellidos", CSVMAP_FULL_NAME, -1, 0 },
	/* phone */
	{ "phone", CSVMAP_PHONE, -1, 0 },
	{ "phonenumber", CSVMAP_PHONE, -1, 0 },
	{ "phonenumberrecommended", CSVMAP_PHONE, -1, 0 },
	{ "telephone", CSVMAP_PHONE, -1, 0 },
	{ "tel", CSVMAP_PHONE, -1, 0 },
	{ "contactnumber", CSVMAP_PHONE, -1, 0 },
	{ "telefono", CSVMAP_PHONE, -1, 0 },
	{ "mobile", CSVMAP_PHONE, -1, 1 },
	{ "mobilephone", CSVMAP_PHONE, -1, 1 },
	{ "mobilephonenumber", CSVMAP_PHONE, -1, 1 },
	{ "mobilenumber", CSVMAP_PHONE, -1, 1 },
	{ "cellphone", CSVMAP_PHONE, -1, 1 },
	{ "movil", CSVMAP_PHONE, -1, 1 },
	{ "officephone", CSVMAP_PHONE, -1, 2 },
	{ "workphone", CSVMAP_PHONE, -1, 2 },
	{ "businessphone", CSVMAP_PHONE, -1, 2 },
	/* company */
	{ "company", CSVMAP_COMPANY, -1, 0 },
	{ "companyname", CSVMAP_COMPANY, -1, 0 },
	{ "accountname", CSVMAP_COMPANY, -1, 0 },
	{ "organization", CSVMAP_COMPANY, -1, 0 },
	{ "organisation", CSVMAP_COMPANY, -1, 0 },
	{ "organizationname", CSVMAP_COMPANY, -1, 0 },
	{ "organisationname", CSVMAP_COMPANY, -1, 0 },
	{ "businessname", CSVMAP_COMPANY, -1, 0 },
	{ "empresa", CSVMAP_COMPANY, -1, 0 },
	{ "business", CSVMAP_COMPANY, -1, 1 },
	{ "employer", CSVMAP_COMPANY, -1, 1 },
	/* website */
	{ "website", CSVMAP_WEBSITE, -1, 0 },
	{ "websiteurl", CSVMAP_WEBSITE, -1, 0 },
	{ "companywebsite", CSVMAP_WEBSITE, -1, 0 },
	{ "companyurl", CSVMAP_WEBSITE, -1, 0 },
	{ "paginaweb", CSVMAP_WEBSITE, -1, 0 },
	{ "sitioweb", CSVMAP_WEBSITE, -1, 0 },
	{ "url", CSVMAP_WEBSITE, -1, 1 },
	{ "web", CSVMAP_WEBSITE, -1, 1 },
	{ "companydomainname", CSVMAP_WEBSITE, -1, 1 },
	{ "site", CSVMAP_WEBSITE, -1, 2 },
	{ "domain", CSVMAP_WEBSITE, -1, 2 },
	/* title */
	{ "title", CSVMAP_TITLE, -1, 0 },
	{ "jobtitle", CSVMAP_TITLE, -1, 0 },
	{ "cargo", CSVMAP_TITLE, -1, 0 },
	{ "puesto", CSVMAP_TITLE, -1, 0 },
	{ "position", CSVMAP_TITLE, -1, 1 },
	{ "jobposition", CSVMAP_TITLE, -1, 1 },
	{ "role", CSVMAP_TITLE, -1, 1 },
	{ "jobrole", CSVMAP_TITLE, -1, 1 },
	{ "designation", CSVMAP_TITLE, -1, 1 },
	/* country */
	{ "country", CSVMAP_COUNTRY, -1, 0 },
	{ "countryregion", CSVMAP_COUNTRY, -1, 0 },
	{ "countryname", CSVMAP_COUNTRY, -1, 0 },
	{ "primaryaddresscountry", CSVMAP_COUNTRY, -1, 0 },
	{ "pais", CSVMAP_COUNTRY, -1, 0 },
	{ "addresscountry", CSVMAP_COUNTRY, -1, 1 },
	{ "billingcountry", CSVMAP_COUNTRY, -1, 1 },
	{ "mailingcountry", CSVMAP_COUNTRY, -1, 1 },
	/* industry */
	{ "industry", CSVMAP_INDUSTRY, -1, 0 },
	{ "industria", CSVMAP_INDUSTRY, -1, 0 },
	{ "sector", CSVMAP_INDUSTRY, -1, 1 },
	{ "vertical", CSVMAP_INDUSTRY, -1, 2 },
	/* employees */
	{ "numberofemployees", CSVMAP_EMPLOYEES, -1, 0 },
	{ "employees", CSVMAP_EMPLOYEES, -1, 0 },
	{ "noofemployees", CSVMAP_EMPLOYEES, -1, 0 },
	{ "numemployees", CSVMAP_EMPLOYEES, -1, 0 },
	{ "employeecount", CSVMAP_EMPLOYEES, -1, 0 },
	{ "companysize", CSVMAP_EMPLOYEES, -1, 0 },
	{ "empleados", CSVMAP_EMPLOYEES, -1, 0 },
	{ "numerodeempleados", CSVMAP_EMPLOYEES, -1, 0 },
	{ "headcount", CSVMAP_EMPLOYEES, -1, 1 },
	{ "companyheadcount", CSVMAP_EMPLOYEES, -1, 1 },
	{ "size", CSVMAP_EMPLOYEES, -1, 2 },
	/* source */
	{ "leadsource", CSVMAP_SOURCE, -1, 0 },
	{ "source", CSVMAP_SOURCE, -1, 0 },
	{ "origen", CSVMAP_SOURCE, -1, 0 },
	{ "originalsource", CSVMAP_SOURCE, -1, 1 },
	{ "fuente", CSVMAP_SOURCE, -1, 1 },
	{ "utmsource", CSVMAP_SOURCE, -1, 2 },
	{ "channel", CSVMAP_SOURCE, -1, 3 },
	{ "platform", CSVMAP_SOURCE, -1, 4 },
	/* campaign */
	{ "campaign", CSVMAP_CAMPAIGN, -1, 0 },
	{ "campaignname", CSVMAP_CAMPAIGN, -1, 0 },
	{ "campana", CSVMAP_CAMPAIGN, -1, 0 },
	{ "utmcampaign", CSVMAP_CAMPAIGN, -1, 1 },
	/* owner */
	{ "owner", CSVMAP_OWNER, -1, 0 },
	{ "contactowner", CSVMAP_OWNER, -1, 0 },
	{ "leadowner", CSVMAP_OWNER, -1, 0 },
	{ "ownername", CSVMAP_OWNER, -1, 0 },
	{ "assignedto", CSVMAP_OWNER, -1, 0 },
	{ "responsable", CSVMAP_OWNER, -1, 0 },
	{ "propietario", CSVMAP_OWNER, -1, 0 },
	{ "assigneduser", CSVMAP_OWNER, -1, 1 },
	{ "salesrep", CSVMAP_OWNER, -1, 1 },
	{ "hubspotowner", CSVMAP_OWNER, -1, 1 },
	{ "assignee", CSVMAP_OWNER, -1, 1 },
	{ "rep", CSVMAP_OWNER, -1, 2 },
	{ "ownerid", CSVMAP_OWNER, -1, 3 },
	/* created */
	{ "createdate", CSVMAP_CREATED_AT, -1, 0 },
	{ "createddate", CSVMAP_CREATED_AT, -1, 0 },
	{ "createdtime", CSVMAP_CREATED_AT, -1, 0 },
	{ "created", CSVMAP_CREATED_AT, -1, 0 },
	{ "datecreated", CSVMAP_CREATED_AT, -1, 0 },
	{ "createdat", CSVMAP_CREATED_AT, -1, 0 },
	{ "createdon", CSVMAP_CREATED_AT, -1, 0 },
	{ "timestamp", CSVMAP_CREATED_AT, -1, 0 },
	{ "submitdateutc", CSVMAP_CREATED_AT, -1, 0 },
	{ "submitdate", CSVMAP_CREATED_AT, -1, 0 },
	{ "submittedat", CSVMAP_CREATED_AT, -1, 0 },
	{ "submittedon", CSVMAP_CREATED_AT, -1, 0 },
	{ "submissiondate", CSVMAP_CREATED_AT, -1, 0 },
	{ "datesubmitted", CSVMAP_CREATED_AT, -1, 0 },
	{ "leadcreateddate", CSVMAP_CREATED_AT, -1, 0 },
	{ "fechadecreacion", CSVMAP_CREATED_AT, -1, 0 },
	{ "fechadealta", CSVMAP_CREATED_AT, -1, 0 },
	{ "fecha", CSVMAP_CREATED_AT, -1, 1 },
	{ "entrydate", CSVMAP_CREATED_AT, -1, 1 },
	{ "date", CSVMAP_CREATED_AT, -1, 2 },
	/* stage; the rank orders the columns but every stage column is read */
	{ "lifecyclestage", CSVMAP_STAGE, -1, 0 },
	{ "stage", CSVMAP_STAGE, -1, 0 },
	{ "dealstage", CSVMAP_STAGE, -1, 0 },
	{ "leadstage", CSVMAP_STAGE, -1, 0 },
	{ "etapa", CSVMAP_STAGE, -1, 0 },
	{ "leadstatus", CSVMAP_STAGE, -1, 1 },
	{ "status", CSVMAP_STAGE, -1, 2 },
	{ "estado", CSVMAP_STAGE, -1, 2 },
	{ "hsleadstatus", CSVMAP_STAGE, -1, 1 },
	/* lifecycle dates (HubSpot "Became a ... Date"); the earliest date per stage wins */
	{ "becameasubscriberdate", CSVMAP_STAGE_AT, STAGE_NEW, 1 },
	{ "becamealeaddate", CSVMAP_STAGE_AT, STAGE_NEW, 0 },
	{ "becameamarketingqualifiedleaddate", CSVMAP_STAGE_AT, STAGE_MQL, 0 },
	{ "becameasalesqualifiedleaddate", CSVMAP_STAGE_AT, STAGE_SQL, 0 },
	{ "becameanopportunitydate", CSVMAP_STAGE_AT, STAGE_SQL, 1 },
	{ "becameacustomerdate", CSVMAP_STAGE_AT, STAGE_WON, 0 },
	{ "becameanevangelistdate", CSVMAP_STAGE_AT, STAGE_WON, 1 },
	{ "converteddate", CSVMAP_STAGE_AT, STAGE_SQL, 1 },
	{ "newat", CSVMAP_STAGE_AT, STAGE_NEW, 0 },
	{ "mqlat", CSVMAP_STAGE_AT, STAGE_MQL, 0 },
	{ "mqldate", CSVMAP_STAGE_AT, STAGE_MQL, 0 },
	{ "sqlat", CSVMAP_STAGE_AT, STAGE_SQL, 0 },
	{ "sqldate", CSVMAP_STAGE_AT, STAGE_SQL, 0 },
	{ "wonat", CSVMAP_STAGE_AT, STAGE_WON, 0 },
	{ "wondate", CSVMAP_STAGE_AT, STAGE_WON, 0 },
	{ "closedwondate", CSVMAP_STAGE_AT, STAGE_WON, 0 },
	{ "lostat", CSVMAP_STAGE_AT, STAGE_LOST, 0 },
	{ "lostdate", CSVMAP_STAGE_AT, STAGE_LOST, 0 },
	{ "closedlostdate", CSVMAP_STAGE_AT, STAGE_LOST, 0 },
	{ "nurtureat", CSVMAP_STAGE_AT, STAGE_NURTURE, 0 },
	{ "disqualifiedat", CSVMAP_STAGE_AT, STAGE_DISQUALIFIED, 0 },
	/* consent (X Education, Salesforce, HubSpot, Dynamics, Zoho exports) */
	{ "donotemail", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "hasoptedoutofemail", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "emailoptout", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "emailoptedout", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "optedoutofemail", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "unsubscribedfromallemail", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "hsemailoptout", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "donotallowemails", CSVMAP_DO_NOT_EMAIL, -1, 0 },
	{ "donotbulkemail", CSVMAP_DO_NOT_EMAIL, -1, 1 },
	{ "donotcall", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "dnc", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "hasoptedoutofphone", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "donotphone", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "donotallowphonecalls", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "phoneoptout", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "calloptout", CSVMAP_DO_NOT_CALL, -1, 0 },
	{ "unsubscribed", CSVMAP_UNSUBSCRIBED, -1, 0 },
	{ "unsubscribedate", CSVMAP_UNSUBSCRIBED, -1, 0 },
	{ "unsubscribeddate", CSVMAP_UNSUBSCRIBED, -1, 0 },
	{ "unsubscribedat", CSVMAP_UNSUBSCRIBED, -1, 0 },
	{ "emailoptoutdate", CSVMAP_UNSUBSCRIBED, -1, 0 },
	{ "optoutdate", CSVMAP_UNSUBSCRIBED, -1, 1 },
	{ "lawfulbasis", CSVMAP_LAWFUL_BASIS, -1, 0 },
	{ "legalbasis", CSVMAP_LAWFUL_BASIS, -1, 0 },
	{ "lawfulbasisforprocessing", CSVMAP_LAWFUL_BASIS, -1, 0 },
	{ "legalbasisforprocessingcontactsdata", CSVMAP_LAWFUL_BASIS, -1, 0 },
	{ "gdprlawfulbasis", CSVMAP_LAWFUL_BASIS, -1, 0 },
	{ "lawfulbasisdate", CSVMAP_LAWFUL_BASIS_AT, -1, 0 },
	{ "legalbasisdate", CSVMAP_LAWFUL_BASIS_AT, -1, 0 },
	{ "lawfulbasisat", CSVMAP_LAWFUL_BASIS_AT, -1, 0 }, /* leadctl's own export */
	{ "consentdate", CSVMAP_LAWFUL_BASIS_AT, -1, 0 },
	{ "gdprconsentdate", CSVMAP_LAWFUL_BASIS_AT, -1, 0 },
	{ "lawfulbasissource", CSVMAP_LAWFUL_BASIS_SOURCE, -1, 0 },
	{ "legalbasissource", CSVMAP_LAWFUL_BASIS_SOURCE, -1, 0 },
	{ "consentsource", CSVMAP_LAWFUL_BASIS_SOURCE, -1, 0 },
	{ "lawfulbasisexplanation", CSVMAP_LAWFUL_BASIS_SOURCE, -1, 1 },
	{ "legalbasisexplanation", CSVMAP_LAWFUL_BASIS_SOURCE, -1, 1 },
	/* deals: close date, amount, currency, reason */
	{ "closedat", CSVMAP_CLOSED_AT, -1, 0 },
	{ "closedate", CSVMAP_CLOSED_AT, -1, 0 },
	{ "closingdate", CSVMAP_CLOSED_AT, -1, 0 },
	{ "dealclosedon", CSVMAP_CLOSED_AT, -1, 0 },
	{ "amount", CSVMAP_AMOUNT, -1, 0 },
	{ "dealamount", CSVMAP_AMOUNT, -1, 0 },
	{ "dealvalue", CSVMAP_AMOUNT, -1, 1 },
	{ "closevalue", CSVMAP_AMOUNT, -1, 1 },
	{ "currency", CSVMAP_CURRENCY, -1, 0 },
	{ "currencyisocode", CSVMAP_CURRENCY, -1, 0 },
	{ "dealcurrency", CSVMAP_CURRENCY, -1, 0 },
	{ "lostreason", CSVMAP_REASON, -1, 0 },
	{ "closedlostreason", CSVMAP_REASON, -1, 0 },
	{ "reasonforloss", CSVMAP_REASON, -1, 0 },
	{ "disqualificationreason", CSVMAP_REASON, -1, 0 },
	{ "reason", CSVMAP_REASON, -1, 1 },
};

/* Stage and status values of real exports, normalised, with the stage
 * they mean; -2 = a known value that says nothing about the stage. */
static const struct {
	const char *norm; /* normalised value */
	int stage;        /* enum lc_stage, or -2 */
} stage_values[] = {
	{ "new", STAGE_NEW },
	{ "lead", STAGE_NEW },
	{ "subscriber", STAGE_NEW },
	{ "newlead", STAGE_NEW },
	{ "open", STAGE_NEW },
	{ "opennotcontacted", STAGE_NEW },
	{ "notcontacted", STAGE_NEW },
	{ "intake", STAGE_NEW },
	{ "marketingqualifiedlead", STAGE_MQL },
	{ "marketingqualified", STAGE_MQL },
	{ "mql", STAGE_MQL },
	{ "prequalified", STAGE_MQL },
	{ "qualified", STAGE_MQL },
	{ "salesqualifiedlead", STAGE_SQL },
	{ "salesqualified", STAGE_SQL },
	{ "sql", STAGE_SQL },
	{ "salesacceptedlead", STAGE_SQL },
	{ "salesaccepted", STAGE_SQL },
	{ "sal", STAGE_SQL },
	{ "opportunity", STAGE_SQL },
	{ "opendeal", STAGE_SQL },
	{ "converted", STAGE_SQL },
	{ "closedconverted", STAGE_SQL },
	{ "customer", STAGE_WON },
	{ "evangelist", STAGE_WON },
	{ "closedwon", STAGE_WON },
	{ "won", STAGE_WON },
	{ "client", STAGE_WON },
	{ "cliente", STAGE_WON },
	{ "closedlost", STAGE_LOST },
	{ "lost", STAGE_LOST },
	{ "lostlead", STAGE_LOST },
	{ "unqualified", STAGE_DISQUALIFIED },
	{ "disqualified", STAGE_DISQUALIFIED },
	{ "notqualified", STAGE_DISQUALIFIED },
	{ "junk", STAGE_DISQUALIFIED },
	{ "junklead", STAGE_DISQUALIFIED },
	{ "closednotconverted", STAGE_DISQUALIFIED },
	{ "dead", STAGE_DISQUALIFIED },
	{ "spam", STAGE_DISQUALIFIED },
	{ "nurture", STAGE_NURTURE },
	{ "nurturing", STAGE_NURTURE },
	{ "recycled", STAGE_NURTURE },
	{ "recycle", STAGE_NURTURE },
	{ "badtiming", STAGE_NURTURE },
	{ "contactinfuture", STAGE_NURTURE },
	{ "attemptedtocontact", -2 },
	{ "contacted", -2 },
	{ "connected", -2 },
	{ "inprogress", -2 },
	{ "working", -2 },
	{ "workingcontacted", -2 },
	{ "inprocess", -2 },
	{ "assigned", -2 },
	{ "other", -2 },
};

/* Which stage wins when several stage columns speak: leaving the funnel
 * (won, lost, disqualified, nurture) beats progress in it, and further
 * progress beats less. */
static const int stage_precedence[STAGE_COUNT] = {
	[STAGE_NEW] = 0,          [STAGE_MQL] = 1,  [STAGE_SQL] = 2, [STAGE_NURTURE] = 3,
	[STAGE_DISQUALIFIED] = 4, [STAGE_LOST] = 5, [STAGE_WON] = 6,
};

/* Values of an event column that mean yes / no (normalised). */
static const char *const truthy_default[] = { "yes",          "y",       "true", "t",   "1",  "x",
	                                      "on",           "checked", "si",   "oui", "ja", "\xe2\x9c\x93",
	                                      "\xe2\x9c\x94", NULL };
static const char *const falsy_default[] = { "no",  "n",         "false", "f",    "0",
	                                     "off", "unchecked", "non",   "nein", NULL };

/* Cell values that mean "no value" in mapped fields (raw, any case).  "NA"
 * is not one of them: it is Namibia's country code. */
static const char *const null_markers[] = { "n/a", "#n/a", "null", "(null)", "-", "--", NULL };

/* Fields a constant or default may set. */
static const enum csvmap_target constant_targets[] = {
	CSVMAP_SOURCE,  CSVMAP_CAMPAIGN, CSVMAP_OWNER,    CSVMAP_COMPANY,   CSVMAP_TITLE,
	CSVMAP_WEBSITE, CSVMAP_COUNTRY,  CSVMAP_INDUSTRY, CSVMAP_EMPLOYEES, CSVMAP_STAGE,
};

/* Lower-case particles that begin a last name ("de la Cruz"). */
static const char *const name_particles[] = { "de",  "del", "della", "der", "den", "di",  "da",
	                                      "dos", "das", "du",    "la",  "le",  "van", "von",
	                                      "ter", "ten", "af",    "zu",  NULL };

/* ---- small helpers ---------------------------------------------------- */

/* Folding of UTF-8 C3 80..C3 BF (U+00C0..U+00FF) to a letter; '_' drops. */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuy_s"
                                  "aaaaaaaceeeeiiiidnooooo_ouuuuy_y";

const char *csvmap_norm_name(const char *name, char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	size_t w = 0;

	if (n == 0)
		return buf;
	for (; *p && w + 1 < n; p++) {
		if (isalnum(*p)) {
			buf[w++] = (char)tolower(*p);
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			char f = latin1_fold[p[1] - 0x80];
			if (f != '_')
				buf[w++] = f;
			if (f == 's' && w + 1 < n)
				buf[w++] = 's'; /* ß -> ss */
			p++;
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0xBF) {
			p++; /* Latin-1 punctuation: ¿ ¡ º NBSP ... */
		} else if (*p >= 0x80) {
			buf[w++] = (char)*p;
		}
	}
	buf[w] = '\0';
	return buf;
}

const char *csvmap_target_name(enum csvmap_target t)
{
	return (unsigned)t < CSVMAP_TARGET_COUNT ? target_names[t] : "?";
}

/* sqlite3_mprintf-like formatting into a new string; NULL when out of
 * memory. */
__attribute__((format(printf, 1, 2))) static char *strf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* 1 when v is in the NULL-terminated list of normalised words. */
static int norm_in(const char *v, const char *const *list)
{
	char buf[64];
	size_t i;

	csvmap_norm_name(v, buf, sizeof buf);
	for (i = 0; list[i]; i++)
		if (strcmp(buf, list[i]) == 0)
			return 1;
	return 0;
}

/* 1 when v is a "no value" marker. */
static int is_null_marker(const char *v)
{
	size_t i;

	for (i = 0; null_markers[i]; i++)
		if (strcasecmp(v, null_markers[i]) == 0)
			return 1;
	return 0;
}

/* Meta lead-ads values carry a type prefix: "l:123", "c:456", "p:+44...".
 * Returns v past such a prefix when the rest is '+'? digits, else v. */
static const char *strip_meta_prefix(const char *v)
{
	const char *p = v;
	size_t k = 0;

	while (k < 3 && p[k] >= 'a' && p[k] <= 'z')
		k++;
	if (k < 1 || k > 2 || p[k] != ':')
		return v;
	p += k + 1;
	if (*p == '+')
		p++;
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return v;
	return v + k + 1;
}

int csvmap_stage_value(const char *value)
{
	char buf[64];
	size_t i;

	csvmap_norm_name(value, buf, sizeof buf);
	for (i = 0; i < sizeof stage_values / sizeof stage_values[0]; i++)
		if (strcmp(buf, stage_values[i].norm) == 0)
			return stage_values[i].stage;
	return -1;
}

/* Read a count with optional thousands separators (',', '.', ' ' followed
 * by exactly three digits) at *p.  Returns 1 and *out, or 0. */
static int read_count(const char **p, int64_t *out)
{
	const char *q = *p;
	int64_t v = 0;
	int digits = 0;

	for (;;) {
		if (isdigit((unsigned char)*q)) {
			if (v > (INT64_MAX - 9) / 10)
				return 0;
			v = v * 10 + (*q - '0');
			digits++;
			q++;
		} else if ((*q == ',' || *q == '.' || *q == ' ') && digits > 0 &&
		           strspn(q + 1, "0123456789") == 3) {
			q++;
		} else {
			break;
		}
	}
	if (!digits)
		return 0;
	*p = q;
	*out = v;
	return 1;
}

int csvmap_employees(const char *value, int64_t *out)
{
	const char *p = value;
	int64_t lo, hi;

	while (isspace((unsigned char)*p))
		p++;
	if (!read_count(&p, &lo))
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+') {
		p++;
	} else if (*p == '-' || strncmp(p, "\xe2\x80\x93", 3) == 0 || strncasecmp(p, "to ", 3) == 0) {
		p += *p == '-' ? 1 : 3;
		while (isspace((unsigned char)*p))
			p++;
		if (!read_count(&p, &hi) || hi < lo)
			return -1;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	*out = lo;
	return 0;
}

/* 1 when the word [s, s+n) is a last-name particle. */
static int is_particle(const char *s, size_t n)
{
	size_t i;

	for (i = 0; name_particles[i]; i++)
		if (strlen(name_particles[i]) == n && strncasecmp(s, name_particles[i], n) == 0)
			return 1;
	return 0;
}

/* A new string holding [s, e) without surrounding white space, or NULL
 * when that is empty (*oom set when out of memory). */
static char *trimmed_range(const char *s, const char *e, int *oom)
{
	char *r;

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (s == e)
		return NULL;
	r = strndup(s, (size_t)(e - s));
	if (!r)
		*oom = 1;
	return r;
}

/* Generational and professional suffixes that end a full name ("Jr.",
 * "III", "MD", "PhD"), compared without dots and case. */
static const char *const name_suffixes[] = { "jr",  "sr",  "ii",  "iii", "iv", "md", "phd", "dds",
	                                     "esq", "cpa", "mba", "dvm", "rn", "jd", NULL };

/* 1 when the word [s, e) is a name suffix. */
static int is_suffix(const char *s, const char *e)
{
	char buf[8];
	size_t n = 0, i;

	for (; s < e; s++) {
		if (*s == '.')
			continue;
		if (n + 1 >= sizeof buf)
			return 0;
		buf[n++] = (char)tolower((unsigned char)*s);
	}
	buf[n] = '\0';
	for (i = 0; name_suffixes[i]; i++)
		if (strcmp(buf, name_suffixes[i]) == 0)
			return 1;
	return 0;
}

/* Where the trailing suffixes of the name [s, e) begin ("Ana García, Jr."
 * -> at ", Jr."), or e when there are none; never s. */
static const char *suffix_start(const char *s, const char *e)
{
	const char *cut = e;

	for (;;) {
		const char *we = cut, *ws;
		while (we > s && (isspace((unsigned char)we[-1]) || we[-1] == ','))
			we--;
		ws = we;
		while (ws > s && !isspace((unsigned char)ws[-1]) && ws[-1] != ',')
			ws--;
		if (ws == s || !is_suffix(ws, we))
			return cut;
		cut = ws;
		while (cut > s && (isspace((unsigned char)cut[-1]) || cut[-1] == ','))
			cut--;
	}
}

int csvmap_split_name(const char *full, char **first, char **last)
{
	const char *s = full ? full : "", *e, *comma, *cut, *w, *suffix;
	int oom = 0;

	*first = *last = NULL;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	/* "Ana García Jr." / "Ana García, MD": the suffix stays with the last
	 * name, and its comma does not make the name "Last, First". */
	suffix = suffix_start(s, e);
	if (suffix < e) {
		const char *sw = suffix;
		char *tmp, *joined;
		while (sw < e && (isspace((unsigned char)*sw) || *sw == ','))
			sw++;
		tmp = strndup(s, (size_t)(suffix - s));
		if (!tmp || csvmap_split_name(tmp, first, last) != 0) {
			free(tmp);
			return -1;
		}
		free(tmp);
		joined = *last ? strf("%s %.*s", *last, (int)(e - sw), sw) : strndup(sw, (size_t)(e - sw));
		if (!joined) {
			free(*first);
			free(*last);
			*first = *last = NULL;
			return -1;
		}
		free(*last);
		*last = joined;
		return 0;
	}
	comma = strchr(s, ',');
	if (comma) {
		/* "García, Ana": last name first. */
		*last = trimmed_range(s, comma, &oom);
		*first = trimmed_range(comma + 1, e, &oom);
		goto done;
	}
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	while (s < e && isspace((unsigned char)*s))
		s++;
	/* The last word starts the last name ... */
	cut = e;
	while (cut > s && !isspace((unsigned char)cut[-1]))
		cut--;
	if (cut == s) {
		*first = trimmed_range(s, e, &oom);
		goto done;
	}
	/* ... and takes the particles before it, never the first word. */
	for (;;) {
		const char *pe = cut, *ps;
		while (pe > s && isspace((unsigned char)pe[-1]))
			pe--;
		ps = pe;
		while (ps > s && !isspace((unsigned char)ps[-1]))
			ps--;
		if (ps == s || !is_particle(ps, (size_t)(pe - ps)))
			break;
		cut = ps;
	}
	for (w = cut; w < e && isspace((unsigned char)*w); w++)
		;
	*first = trimmed_range(s, cut, &oom);
	*last = trimmed_range(w, e, &oom);
done:
	if (oom) {
		free(*first);
		free(*last);
		*first = *last = NULL;
		return -1;
	}
	return 0;
}

/* ---- mapping files ---------------------------------------------------- */

/* A list of strings (owned). */
struct strlist {
	char **v; /* the strings */
	size_t n; /* entries in v */
};

/* Free the strings of a list and zero it. */
static void strlist_clear(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A copy of src into dst (empty).  Returns 0 or -1 when out of memory. */
static int strlist_copy(struct strlist *dst, const struct strlist *src)
{
	size_t i;

	if (!src->n)
		return 0;
	dst->v = calloc(src->n, sizeof *dst->v);
	if (!dst->v)
		return -1;
	for (i = 0; i < src->n; i++)
		if (!(dst->v[dst->n++] = strdup(src->v[i])))
			return -1;
	return 0;
}

/* 1 when v equals one of the list's strings, ignoring case. */
static int strlist_has_nocase(const struct strlist *l, const char *v)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], v) == 0)
			return 1;
	return 0;
}

/* A column entry of a mapping file. */
struct spec_col {
	char *name;                /* column name as written in the file */
	int line;                  /* its line in the mapping file */
	enum csvmap_target target; /* field it feeds */
	int stage;                 /* STAGE_AT: the stage; else -1 */
	char *event;               /* EVENT: the event type */
	char *key;                 /* CUSTOM: the custom field's key; NULL = header name */
	int has_fmt;               /* 1 when date_format was given */
	struct datefmt fmt;        /* its date format */
	char *tz;                  /* its time zone, or NULL */
	char **truthy;             /* EVENT: normalised values that mean yes; NULL = default */
	size_t ntruthy;            /* entries in truthy */
	struct strlist empty;      /* "empty": values that mean nothing in this column */
	struct strlist vkeys;      /* "values": this column's value map, values normalised */
	struct strlist vvals;      /* what each means: a stage name or "none", or a reason */
	int values_line;           /* line of "values" in the mapping file */
};

/* A constant or default of a mapping file or of the command line. */
struct spec_const {
	enum csvmap_target target; /* field it sets */
	char *value;               /* its value */
	int override;              /* 1: constant (wins); 0: default (fills empty) */
};

struct csvmap_spec {
	char *name;                      /* file name for messages */
	struct spec_col *cols;           /* "columns" */
	size_t ncols;                    /* entries in cols */
	char **ignore;                   /* "ignore": column names */
	int *ignore_line;                /* line of each in the mapping file */
	size_t nignore;                  /* entries in ignore */
	struct spec_const *consts;       /* "constants" and "defaults" */
	size_t nconsts;                  /* entries in consts */
	int has_fmt;                     /* 1 when a top-level date_format was given */
	struct datefmt fmt;              /* it */
	char *tz;                        /* top-level time zone, or NULL */
	char **stage_keys;               /* "stages": normalised values */
	int *stage_vals;                 /* the stage of each */
	size_t nstages;                  /* entries in stage_keys */
	int auto_map;                    /* "auto": map unlisted columns from the aliases */
	struct strlist empty;            /* "empty": values that mean nothing in any column */
	struct strlist reason_keys;      /* "reasons": values as in the file (normalised) */
	struct strlist reason_vals;      /* the reason each stands for */
	struct csvmap_settings settings; /* "historical", "kind", "account_key" */
};

/* Context of the validation of one mapping file. */
struct spec_ctx {
	const struct jsonloc_index *idx; /* line of every JSON pointer of the file */
	const char *name;                /* the file's name */
	char *err;                       /* the first error (owned) */
};

/* The JSON pointer of keys[0..depth) into buf (n bytes). */
static const char *pointer_of(const char *const *keys, size_t depth, char *buf, size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < depth; i++)
		if (jsonloc_push_key(buf, n, keys[i]) != 0)
			break;
	return buf;
}

/* Line of the member reached by keys[0..depth) in the mapping file. */
static int spec_line(const struct spec_ctx *c, const char *const *keys, size_t depth)
{
	char ptr[512];

	return jsonloc_line(c->idx, pointer_of(keys, depth, ptr, sizeof ptr));
}

/* Record the first error: "NAME:LINE: /k1/k2: message".  Always returns
 * -1. */
__attribute__((format(printf, 4, 5))) static int spec_fail(struct spec_ctx *c, const char *const *keys,
                                                           size_t depth, const char *fmt, ...)
{
	char ptr[512], msg[512];
	va_list ap;

	if (c->err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pointer_of(keys, depth, ptr, sizeof ptr);
	if (depth)
		c->err = strf("%s:%d: %s: %s", c->name, jsonloc_line(c->idx, ptr), ptr, msg);
	else
		c->err = strf("%s: %s", c->name, msg);
	return -1;
}

/* The list of field names a column may name, for messages. */
static const char fields_list[] =
        "email, external_id, first_name, last_name, full_name, phone, company, website, title, "
        "country, industry, employees, source, campaign, owner, created_at, stage, new_at, mql_at, "
        "sql_at, won_at, lost_at, nurture_at, disqualified_at, closed_at, stage_date, amount, currency, "
        "reason, external_id.SYSTEM, submission_id, identities, lead_number, updated_at, activity_at, "
        "custom, custom.KEY, ignore";

/* Parse a field name of a mapping file ("email", "mql_at", "custom.x",
 * "ignore") into target/stage/key.  Returns 0, or -1 when unknown. */
static int parse_field_name(const char *s, enum csvmap_target *target, int *stage, char **key)
{
	size_t i, n = strlen(s);

	*stage = -1;
	*key = NULL;
	if (strncmp(s, "custom.", 7) == 0 && s[7]) {
		*target = CSVMAP_CUSTOM;
		*key = strdup(s + 7);
		return *key ? 0 : -1;
	}
	/* "external_id.zoho": record ids of that system (key = the system). */
	if (strncmp(s, "external_id.", 12) == 0 && s[12]) {
		for (i = 12; i < n; i++)
			if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
				return -1;
		*target = CSVMAP_EXTERNAL_ID;
		*key = strdup(s + 12);
		return *key ? 0 : -1;
	}
	if (n > 3 && strcmp(s + n - 3, "_at") == 0 && strcmp(s, "created_at") != 0 &&
	    strcmp(s, "closed_at") != 0 && strcmp(s, "updated_at") != 0 && strcmp(s, "activity_at") != 0) {
		char st[32];
		int v;
		if (n - 3 >= sizeof st)
			return -1;
		memcpy(st, s, n - 3);
		st[n - 3] = '\0';
		v = stage_parse(st);
		if (v < 0)
			return -1;
		*target = CSVMAP_STAGE_AT;
		*stage = v;
		return 0;
	}
	for (i = 0; i < CSVMAP_TARGET_COUNT; i++)
		if (i != CSVMAP_STAGE_AT && i != CSVMAP_EVENT && strcmp(s, target_names[i]) == 0) {
			*target = (enum csvmap_target)i;
			return 0;
		}
	return -1;
}

/* 1 when the target takes dates. */
static int is_date_target(enum csvmap_target t)
{
	return t == CSVMAP_CREATED_AT || t == CSVMAP_STAGE_AT || t == CSVMAP_EVENT || t == CSVMAP_CLOSED_AT ||
	       t == CSVMAP_STAGE_DATE || t == CSVMAP_UPDATED_AT || t == CSVMAP_ACTIVITY_AT;
}

/* Free the contents of a spec column. */
static void spec_col_clear(struct spec_col *sc)
{
	size_t i;

	free(sc->name);
	free(sc->event);
	free(sc->key);
	free(sc->tz);
	for (i = 0; i < sc->ntruthy; i++)
		free(sc->truthy[i]);
	free(sc->truthy);
	strlist_clear(&sc->empty);
	strlist_clear(&sc->vkeys);
	strlist_clear(&sc->vvals);
}

/* Read a list of strings (an "empty" list) into l.  Returns 0 or -1. */
static int spec_strings(struct spec_ctx *c, const char *const *keys, size_t depth, const cJSON *item,
                        struct strlist *l)
{
	const cJSON *v;
	size_t n = (size_t)cJSON_GetArraySize(item);

	if (!cJSON_IsArray(item) || n == 0)
		return spec_fail(c, keys, depth,
		                 "expected a list of values, e.g. [\"Select\", \"--select--\"]");
	strlist_clear(l);
	l->v = calloc(n, sizeof *l->v);
	if (!l->v)
		return spec_fail(c, NULL, 0, "out of memory");
	cJSON_ArrayForEach(v, item)
	{
		if (!cJSON_IsString(v))
			return spec_fail(c, keys, depth, "expected strings");
		if (!(l->v[l->n++] = text_trim(v->valuestring)))
			return spec_fail(c, NULL, 0, "out of memory");
	}
	return 0;
}

/* Read a column's "values" (value map: value -> what it means) into sc;
 * what the values may be depends on the column's field, which may come
 * later in the object: spec_values_check validates them.  Returns 0 or -1. */
static int spec_values(struct spec_ctx *c, const char **keys, const cJSON *m, struct spec_col *sc)
{
	size_t n = (size_t)cJSON_GetArraySize(m);
	const cJSON *v;

	if (!cJSON_IsObject(m) || n == 0)
		return spec_fail(c, keys, 3,
		                 "expected an object of value: meaning, e.g. {\"Yes\": \"sql\", \"No\": "
		                 "\"none\"}");
	sc->values_line = spec_line(c, keys, 3);
	strlist_clear(&sc->vkeys);
	strlist_clear(&sc->vvals);
	sc->vkeys.v = calloc(n, sizeof *sc->vkeys.v);
	sc->vvals.v = calloc(n, sizeof *sc->vvals.v);
	if (!sc->vkeys.v || !sc->vvals.v)
		return spec_fail(c, NULL, 0, "out of memory");
	cJSON_ArrayForEach(v, m)
	{
		const char *k4[4] = { keys[0], keys[1], "values", v->string };
		char buf[128];
		if (!cJSON_IsString(v))
			return spec_fail(c, k4, 4, "expected a string");
		csvmap_norm_name(v->string, buf, sizeof buf);
		if (!(sc->vkeys.v[sc->vkeys.n++] = strdup(buf[0] ? buf : v->string)) ||
		    !(sc->vvals.v[sc->vvals.n++] = strdup(v->valuestring)))
			return spec_fail(c, NULL, 0, "out of memory");
	}
	return 0;
}

/* A column's "values" against its field: stage columns map to a stage or
 * "none", reason columns to a reason of the SLA's form; no other column
 * has values.  Returns 0 or -1. */
static int spec_values_check(struct spec_ctx *c, const char **keys, const struct spec_col *sc)
{
	size_t i;

	if (!sc->vkeys.n)
		return 0;
	if (sc->target != CSVMAP_STAGE && sc->target != CSVMAP_REASON)
		return spec_fail(c, keys, 2, "\"values\" applies to stage and reason columns only");
	for (i = 0; i < sc->vvals.n; i++) {
		const char *v = sc->vvals.v[i];
		if (sc->target == CSVMAP_STAGE && stage_parse(v) < 0 && strcmp(v, "none") != 0)
			return spec_fail(c, keys, 2,
			                 "values: unknown stage '%s'; stages: new, mql, sql, won, lost, "
			                 "nurture, disqualified, none",
			                 v);
		if (sc->target == CSVMAP_REASON && !sla_slug_valid(v))
			return spec_fail(c, keys, 2,
			                 "values: '%s' is not a reason of the SLA: 1 to 64 of a-z, 0-9, '_', "
			                 "'.', '-' (e.g. \"price\")",
			                 v);
	}
	return 0;
}

/* Read one member of "columns".  Returns 0 or -1 (error in c). */
static int spec_column(struct spec_ctx *c, struct csvmap_spec *s, const cJSON *item)
{
	const char *keys[3] = { "columns", item->string, NULL };
	struct spec_col *sc;
	const cJSON *m;
	int has_field = 0;

	sc = &s->cols[s->ncols]; /* duplicate keys were refused by jsonloc */
	memset(sc, 0, sizeof *sc);
	sc->stage = -1;
	sc->name = strdup(item->string);
	if (!sc->name)
		return spec_fail(c, NULL, 0, "out of memory");
	s->ncols++;
	sc->line = spec_line(c, keys, 2);
	if (cJSON_IsString(item)) {
		const char *v = item->valuestring;
		if (strncmp(v, "event:", 6) == 0) {
			if (!event_type_valid(v + 6))
				return spec_fail(c, keys, 2,
				                 "event type '%s' must be 1 to 64 lower-case letters, "
				                 "digits, '_', '.' or '-'",
				                 v + 6);
			sc->target = CSVMAP_EVENT;
			sc->event = strdup(v + 6);
			return sc->event ? 0 : spec_fail(c, NULL, 0, "out of memory");
		}
		if (parse_field_name(v, &sc->target, &sc->stage, &sc->key) != 0)
			return spec_fail(c, keys, 2, "unknown field '%s'; fields: %s, event:TYPE", v,
			                 fields_list);
		return 0;
	}
	if (!cJSON_IsObject(item))
		return spec_fail(c, keys, 2, "expected a field name or an object");
	cJSON_ArrayForEach(m, item)
	{
		const char *k = m->string;
		keys[2] = k;
		if (strcmp(k, "field") == 0) {
			if (!cJSON_IsString(m))
				return spec_fail(c, keys, 3, "expected a field name");
			if (sc->event)
				return spec_fail(c, keys, 3, "give \"field\" or \"event\", not both");
			if (parse_field_name(m->valuestring, &sc->target, &sc->stage, &sc->key) != 0)
				return spec_fail(c, keys, 3, "unknown field '%s'; fields: %s", m->valuestring,
				                 fields_list);
			has_field = 1;
		} else if (strcmp(k, "event") == 0) {
			if (!cJSON_IsString(m) || !event_type_valid(m->valuestring))
				return spec_fail(c, keys, 3,
				                 "expected an event type of lower-case letters, digits, '_', "
				                 "'.' or '-'");
			if (has_field)
				return spec_fail(c, keys, 3, "give \"field\" or \"event\", not both");
			sc->target = CSVMAP_EVENT;
			free(sc->event);
			sc->event = strdup(m->valuestring);
			if (!sc->event)
				return spec_fail(c, NULL, 0, "out of memory");
		} else if (strcmp(k, "date_format") == 0) {
			char e[256];
			datefmt_init(&sc->fmt);
			if (!cJSON_IsString(m) || datefmt_spec(m->valuestring, &sc->fmt, e, sizeof e) != 0)
				return spec_fail(
				        c, keys, 3, "%s",
				        cJSON_IsString(m)
				                ? e
				                : "expected day_first, month_first, auto or a pattern");
			sc->has_fmt = 1;
		} else if (strcmp(k, "timezone") == 0) {
			if (!cJSON_IsString(m) || !clock_tz_valid(m->valuestring))
				return spec_fail(
				        c, keys, 3,
				        "unknown time zone '%s' (an IANA name such as Europe/Madrid)",
				        cJSON_IsString(m) ? m->valuestring : "");
			free(sc->tz);
			sc->tz = strdup(m->valuestring);
			if (!sc->tz)
				return spec_fail(c, NULL, 0, "out of memory");
		} else if (strcmp(k, "true") == 0) {
			const cJSON *v;
			size_t n = (size_t)cJSON_GetArraySize(m);
			if (!cJSON_IsArray(m) || n == 0)
				return spec_fail(c, keys, 3, "expected a list of the values that mean yes");
			sc->truthy = calloc(n + 1, sizeof *sc->truthy);
			if (!sc->truthy)
				return spec_fail(c, NULL, 0, "out of memory");
			cJSON_ArrayForEach(v, m)
			{
				char buf[128];
				if (!cJSON_IsString(v))
					return spec_fail(c, keys, 3, "expected strings");
				csvmap_norm_name(v->valuestring, buf, sizeof buf);
				sc->truthy[sc->ntruthy] = strdup(buf);
				if (!sc->truthy[sc->ntruthy++])
					return spec_fail(c, NULL, 0, "out of memory");
			}
		} else if (strcmp(k, "empty") == 0) {
			if (spec_strings(c, keys, 3, m, &sc->empty) != 0)
				return -1;
		} else if (strcmp(k, "values") == 0) {
			if (spec_values(c, keys, m, sc) != 0)
				return -1;
		} else if (strcmp(k, "comment") != 0) {
			return spec_fail(c, keys, 3,
			                 "unknown key; keys: field, event, true, empty, values, date_format, "
			                 "timezone, comment");
		}
	}
	keys[2] = NULL;
	if (!has_field && sc->target != CSVMAP_EVENT)
		return spec_fail(c, keys, 2, "give \"field\" or \"event\"");
	if (sc->truthy && sc->target != CSVMAP_EVENT)
		return spec_fail(c, keys, 2, "\"true\" applies to event columns only");
	if ((sc->has_fmt || sc->tz) && !is_date_target(sc->target))
		return spec_fail(c, keys, 2, "date_format and timezone apply to date fields only");
	return spec_values_check(c, keys, sc);
}

/* Read "constants" or "defaults".  Returns 0 or -1. */
static int spec_constants(struct spec_ctx *c, struct csvmap_spec *s, const cJSON *obj, int override)
{
	const char *keys[2] = { override ? "constants" : "defaults", NULL };
	const cJSON *m;

	if (!cJSON_IsObject(obj))
		return spec_fail(c, keys, 1, "expected an object of field: value");
	cJSON_ArrayForEach(m, obj)
	{
		char buf[64], *err = NULL;
		const char *v = buf;
		keys[1] = m->string;
		if (cJSON_IsNumber(m))
			snprintf(buf, sizeof buf, "%.0f", m->valuedouble);
		else if (cJSON_IsString(m))
			v = m->valuestring;
		else
			return spec_fail(c, keys, 2, "expected a string");
		if (csvmap_spec_constant(s, m->string, v, override, &err) != 0) {
			spec_fail(c, keys, 2, "%s", err ? err : "out of memory");
			free(err);
			return -1;
		}
	}
	return 0;
}

/* Validate the parsed document into s.  Returns 0 or -1. */
static int spec_build(struct spec_ctx *c, struct csvmap_spec *s, const cJSON *root)
{
	const char *keys[2] = { NULL, NULL };
	const cJSON *m, *v;

	if (!cJSON_IsObject(root))
		return spec_fail(c, NULL, 0, "a mapping file is a JSON object");
	cJSON_ArrayForEach(m, root)
	{
		keys[0] = m->string;
		if (strcmp(m->string, "columns") == 0) {
			size_t n = (size_t)cJSON_GetArraySize(m);
			if (!cJSON_IsObject(m))
				return spec_fail(c, keys, 1, "expected an object of column: field");
			s->cols = calloc(n ? n : 1, sizeof *s->cols);
			if (!s->cols)
				return spec_fail(c, NULL, 0, "out of memory");
			cJSON_ArrayForEach(v, m) if (spec_column(c, s, v) != 0) return -1;
		} else if (strcmp(m->string, "ignore") == 0) {
			size_t n = (size_t)cJSON_GetArraySize(m);
			if (!cJSON_IsArray(m))
				return spec_fail(c, keys, 1, "expected a list of column names");
			s->ignore = calloc(n ? n : 1, sizeof *s->ignore);
			s->ignore_line = calloc(n ? n : 1, sizeof *s->ignore_line);
			if (!s->ignore || !s->ignore_line)
				return spec_fail(c, NULL, 0, "out of memory");
			cJSON_ArrayForEach(v, m)
			{
				char num[24];
				const char *k2[2] = { "ignore", num };
				snprintf(num, sizeof num, "%zu", s->nignore);
				if (!cJSON_IsString(v))
					return spec_fail(c, k2, 2, "expected a column name");
				s->ignore_line[s->nignore] = spec_line(c, k2, 2);
				s->ignore[s->nignore] = strdup(v->valuestring);
				if (!s->ignore[s->nignore++])
					return spec_fail(c, NULL, 0, "out of memory");
			}
		} else if (strcmp(m->string, "constants") == 0 || strcmp(m->string, "defaults") == 0) {
			if (spec_constants(c, s, m, m->string[0] == 'c') != 0)
				return -1;
		} else if (strcmp(m->string, "date_format") == 0) {
			char e[256];
			datefmt_init(&s->fmt);
			if (!cJSON_IsString(m) || datefmt_spec(m->valuestring, &s->fmt, e, sizeof e) != 0)
				return spec_fail(
				        c, keys, 1, "%s",
				        cJSON_IsString(m)
				                ? e
				                : "expected day_first, month_first, auto or a pattern");
			s->has_fmt = 1;
		} else if (strcmp(m->string, "timezone") == 0) {
			if (!cJSON_IsString(m) || !clock_tz_valid(m->valuestring))
				return spec_fail(
				        c, keys, 1,
				        "unknown time zone '%s' (an IANA name such as Europe/Madrid)",
				        cJSON_IsString(m) ? m->valuestring : "");
			free(s->tz);
			s->tz = strdup(m->valuestring);
			if (!s->tz)
				return spec_fail(c, NULL, 0, "out of memory");
		} else if (strcmp(m->string, "stages") == 0) {
			size_t n = (size_t)cJSON_GetArraySize(m);
			if (!cJSON_IsObject(m))
				return spec_fail(c, keys, 1, "expected an object of value: stage");
			s->stage_keys = calloc(n ? n : 1, sizeof *s->stage_keys);
			s->stage_vals = calloc(n ? n : 1, sizeof *s->stage_vals);
			if (!s->stage_keys || !s->stage_vals)
				return spec_fail(c, NULL, 0, "out of memory");
			cJSON_ArrayForEach(v, m)
			{
				const char *k2[2] = { "stages", v->string };
				char buf[64];
				int st = cJSON_IsString(v) ? stage_parse(v->valuestring) : -1;
				if (cJSON_IsString(v) && strcmp(v->valuestring, "none") == 0)
					st = -2;
				if (st == -1)
					return spec_fail(c, k2, 2,
					                 "unknown stage '%s'; stages: new, mql, sql, won, "
					                 "lost, nurture, "
					                 "disqualified, none",
					                 cJSON_IsString(v) ? v->valuestring : "");
				csvmap_norm_name(v->string, buf, sizeof buf);
				s->stage_vals[s->nstages] = st;
				s->stage_keys[s->nstages] = strdup(buf);
				if (!s->stage_keys[s->nstages++])
					return spec_fail(c, NULL, 0, "out of memory");
			}
		} else if (strcmp(m->string, "auto") == 0) {
			if (!cJSON_IsBool(m))
				return spec_fail(c, keys, 1, "expected true or false");
			s->auto_map = cJSON_IsTrue(m);
		} else if (strcmp(m->string, "empty") == 0) {
			if (spec_strings(c, keys, 1, m, &s->empty) != 0)
				return -1;
		} else if (strcmp(m->string, "reasons") == 0) {
			size_t n = (size_t)cJSON_GetArraySize(m);
			if (!cJSON_IsObject(m))
				return spec_fail(c, keys, 1, "expected an object of value: reason");
			s->reason_keys.v = calloc(n ? n : 1, sizeof *s->reason_keys.v);
			s->reason_vals.v = calloc(n ? n : 1, sizeof *s->reason_vals.v);
			if (!s->reason_keys.v || !s->reason_vals.v)
				return spec_fail(c, NULL, 0, "out of memory");
			cJSON_ArrayForEach(v, m)
			{
				const char *k2[2] = { "reasons", v->string };
				char buf[128];
				if (!cJSON_IsString(v) || !sla_slug_valid(v->valuestring))
					return spec_fail(c, k2, 2,
					                 "expected a reason of the SLA: 1 to 64 of a-z, 0-9, "
					                 "'_', '.', '-' (e.g. \"price\")");
				csvmap_norm_name(v->string, buf, sizeof buf);
				if (!(s->reason_keys.v[s->reason_keys.n++] = strdup(buf)) ||
				    !(s->reason_vals.v[s->reason_vals.n++] = strdup(v->valuestring)))
					return spec_fail(c, NULL, 0, "out of memory");
			}
		} else if (strcmp(m->string, "historical") == 0) {
			if (!cJSON_IsBool(m))
				return spec_fail(c, keys, 1, "expected true or false");
			s->settings.historical = cJSON_IsTrue(m);
		} else if (strcmp(m->string, "kind") == 0) {
			if (!cJSON_IsString(m) || (s->settings.kind = csvmap_kind_parse(m->valuestring)) < 0)
				return spec_fail(c, keys, 1, "expected \"form\" or \"crm\"");
		} else if (strcmp(m->string, "account_key") == 0) {
			if (!cJSON_IsString(m) ||
			    (s->settings.account_key = csvmap_account_key_parse(m->valuestring)) < 0)
				return spec_fail(c, keys, 1,
				                 "expected \"auto\", \"email\", \"website\" or \"company\"");
		} else if (strcmp(m->string, "comment") != 0 && strcmp(m->string, "$schema") != 0) {
			return spec_fail(
			        c, keys, 1,
			        "unknown key; keys: columns, ignore, constants, defaults, date_format, "
			        "timezone, stages, reasons, empty, kind, historical, account_key, auto, "
			        "comment");
		}
	}
	return 0;
}

struct csvmap_spec *csvmap_spec_new(void)
{
	struct csvmap_spec *s = calloc(1, sizeof *s);

	if (s) {
		s->auto_map = 1;
		s->settings.historical = s->settings.kind = s->settings.account_key = -1;
	}
	return s;
}

void csvmap_spec_settings(const struct csvmap_spec *spec, struct csvmap_settings *out)
{
	if (spec) {
		*out = spec->settings;
		return;
	}
	out->historical = out->kind = out->account_key = -1;
}

int csvmap_kind_parse(const char *s)
{
	if (s && strcmp(s, "form") == 0)
		return CSVMAP_KIND_FORM;
	if (s && strcmp(s, "crm") == 0)
		return CSVMAP_KIND_CRM;
	return -1;
}

int csvmap_account_key_parse(const char *s)
{
	static const char *const names[] = { "auto", "website", "company", "email" };
	size_t i;

	for (i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

void csvmap_spec_free(struct csvmap_spec *s)
{
	size_t i;

	if (!s)
		return;
	free(s->name);
	for (i = 0; i < s->ncols; i++)
		spec_col_clear(&s->cols[i]);
	free(s->cols);
	for (i = 0; i < s->nignore; i++)
		free(s->ignore[i]);
	free(s->ignore);
	free(s->ignore_line);
	for (i = 0; i < s->nconsts; i++)
		free(s->consts[i].value);
	free(s->consts);
	free(s->tz);
	for (i = 0; i < s->nstages; i++)
		free(s->stage_keys[i]);
	free(s->stage_keys);
	free(s->stage_vals);
	strlist_clear(&s->empty);
	strlist_clear(&s->reason_keys);
	strlist_clear(&s->reason_vals);
	free(s);
}

int csvmap_spec_constant(struct csvmap_spec *s, const char *field, const char *value, int override,
                         char **err)
{
	enum csvmap_target t = CSVMAP_CUSTOM;
	struct spec_const *n;
	size_t i;
	int64_t emp;

	*err = NULL;
	for (i = 0; i < sizeof constant_targets / sizeof constant_targets[0]; i++)
		if (strcmp(field, target_names[constant_targets[i]]) == 0)
			t = constant_targets[i];
	if (t == CSVMAP_CUSTOM) {
		*err = strf("'%s' cannot be a constant; fields: source, campaign, owner, company, title, "
		            "website, country, industry, employees, stage",
		            field);
		return -1;
	}
	if (text_blank(value)) {
		*err = strf("empty value for '%s'", field);
		return -1;
	}
	if (t == CSVMAP_STAGE && stage_parse(value) < 0) {
		*err = strf("unknown stage '%s'; stages: new, mql, sql, won, lost, nurture, disqualified",
		            value);
		return -1;
	}
	if (t == CSVMAP_EMPLOYEES && csvmap_employees(value, &emp) != 0) {
		*err = strf("employees '%s' is not a number", value);
		return -1;
	}
	for (i = 0; i < s->nconsts; i++)
		if (s->consts[i].target == t && s->consts[i].override == override) {
			char *v = text_trim(value);
			if (!v)
				return -1;
			free(s->consts[i].value);
			s->consts[i].value = v;
			return 0;
		}
	n = realloc(s->consts, (s->nconsts + 1) * sizeof *n);
	if (!n)
		return -1;
	s->consts = n;
	n[s->nconsts].target = t;
	n[s->nconsts].override = override;
	n[s->nconsts].value = text_trim(value);
	if (!n[s->nconsts].value)
		return -1;
	s->nconsts++;
	return 0;
}

int csvmap_spec_parse(const char *text, size_t len, const char *name, struct csvmap_spec **out, char **err)
{
	struct jsonloc_index idx;
	struct jsonloc_error jerr;
	struct spec_ctx c;
	struct csvmap_spec *s = NULL;
	cJSON *root = NULL;
	char *copy = NULL;
	int rc = -1, sc;

	*out = NULL;
	*err = NULL;
	name = name ? name : "mapping file";
	jsonloc_init(&idx);
	memset(&c, 0, sizeof c);
	c.idx = &idx;
	c.name = name;
	sc = jsonloc_scan(text, len, &idx, &jerr);
	if (sc != 0) {
		*err = sc == -1 ? strf("%s:%d:%d: %s", name, jerr.line, jerr.col, jerr.msg)
		                : strf("%s: out of memory", name);
		goto cleanup;
	}
	if (idx.ndups) {
		*err = strf("%s:%d: %s: duplicate key '%.60s' (first on line %d)", name, idx.dups[0].line,
		            idx.dups[0].pointer, idx.dups[0].key, idx.dups[0].first_line);
		goto cleanup;
	}
	/* cJSON wants the terminating NUL inside the length it is given. */
	copy = malloc(len + 1);
	if (!copy)
		goto oom;
	memcpy(copy, text, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, len + 1, NULL, 1);
	s = csvmap_spec_new();
	if (!root || !s || !(s->name = strdup(name)))
		goto oom; /* jsonloc accepted the text: only memory can be missing */
	if (spec_build(&c, s, root) != 0) {
		*err = c.err;
		c.err = NULL;
		goto cleanup;
	}
	*out = s;
	s = NULL;
	rc = 0;
	goto cleanup;
oom:
	*err = strf("%s: out of memory", name);
cleanup:
	cJSON_Delete(root);
	free(copy);
	csvmap_spec_free(s);
	free(c.err);
	jsonloc_clear(&idx);
	return rc;
}

int csvmap_spec_load(const char *path, struct csvmap_spec **out, char **err)
{
	FILE *fp = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	*out = NULL;
	*err = NULL;
	if (!fp) {
		*err = strf("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *t;
			cap = cap ? cap * 2 : 8192;
			if (cap > (16u << 20)) {
				*err = strf("%s: larger than 16 MiB: not a mapping file", path);
				goto cleanup;
			}
			t = realloc(text, cap);
			if (!t) {
				*err = strdup("out of memory");
				goto cleanup;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		*err = strf("%s: read error: %s", path, strerror(errno));
		goto cleanup;
	}
	text[len] = '\0';
	rc = csvmap_spec_parse(text, len, path, out, err);
cleanup:
	free(text);
	fclose(fp);
	return rc;
}

/* ---- resolving a header ----------------------------------------------- */

/* A resolved column. */
struct col {
	char *header;              /* name as in the file, trimmed (owned) */
	char *key;                 /* custom field key, unique in the map (owned) */
	enum csvmap_target target; /* field it feeds */
	int stage;                 /* STAGE_AT: the stage; else -1 */
	int rank;                  /* preference among columns of the target */
	int secondary;             /* 1 when another column of the target comes first */
	int question;              /* 1 when matched from a form question's words: a value
	                            * that does not fit is kept as custom, never an error */
	char *event;               /* EVENT: event type (owned) */
	char **truthy;             /* EVENT: normalised yes values (owned), NULL = default */
	size_t ntruthy;            /* entries in truthy */
	struct datefmt fmt;        /* dates: the format */
	char *tz;                  /* dates: the zone of wall times (owned), NULL = UTC */
	char *target_text;         /* explain: target (owned) */
	char *note;                /* explain: how (owned) */
	struct strlist empty;      /* values that mean nothing here (mapping file) */
	int repeat;                /* 1 for the first column of its name, k for its k-th repeat */
	char *system;              /* EXTERNAL_ID: the record ids' system (owned), NULL = "ext" */
	struct strlist vkeys;      /* STAGE, REASON: the column's own value map (normalised values) */
	struct strlist vvals;      /* what each means (a stage name or "none", a reason) */
};

struct csvmap {
	struct col *cols;             /* one per header column */
	size_t ncols;                 /* entries in cols */
	size_t *order;                /* column indexes by (target, rank, index) */
	int meta;                     /* strip Meta's "l:", "c:", "p:" value prefixes */
	char *default_cc;             /* phone country code (owned), NULL = none */
	struct spec_const *consts;    /* constants and defaults (values owned) */
	size_t nconsts;               /* entries in consts */
	char **stage_keys;            /* mapping-file stage values (owned, normalised) */
	int *stage_vals;              /* their stages */
	size_t nstages;               /* entries in stage_keys */
	lc_time now;                  /* created_at of rows without one */
	struct csvmap_entry *entries; /* explanation (strings borrowed from cols/consts) */
	size_t nentries;              /* entries in entries */
	char **entry_text;            /* strings owned for constant entries */
	size_t nentry_text;           /* entries in entry_text */
	struct strlist empty;         /* values that mean nothing in any column */
	struct strlist reason_keys;   /* "reasons": normalised values */
	struct strlist reason_vals;   /* the reason of each */
};

/* Keywords of form questions ("What is your email?"), in the order they
 * are tried; a question-like header that names no alias is matched on
 * them, with the lowest rank. */
static const struct {
	const char *word;          /* lower-case word or phrase */
	enum csvmap_target target; /* field it suggests */
} question_words[] = {
	{ "e-mail", CSVMAP_EMAIL },
	{ "email", CSVMAP_EMAIL },
	{ "correo", CSVMAP_EMAIL },
	{ "phone", CSVMAP_PHONE },
	{ "mobile", CSVMAP_PHONE },
	{ "tel\xc3\xa9"
	  "fono",
	  CSVMAP_PHONE },
	{ "company", CSVMAP_COMPANY },
	{ "organisation", CSVMAP_COMPANY },
	{ "organization", CSVMAP_COMPANY },
	{ "empresa", CSVMAP_COMPANY },
	{ "first name", CSVMAP_FIRST_NAME },
	{ "last name", CSVMAP_LAST_NAME },
	{ "surname", CSVMAP_LAST_NAME },
	{ "job title", CSVMAP_TITLE },
	{ "name", CSVMAP_FULL_NAME },
	{ "nombre", CSVMAP_FULL_NAME },
};

/* 1 when a header reads like a form question: it ends with '?' or ':', or
 * starts with What, Your, Please, Enter or Which. */
static int question_like(const char *h)
{
	static const char *const starts[] = { "what", "your", "please", "enter", "which", "\xc2\xbf", NULL };
	size_t n = strlen(h), i;

	if (n && (h[n - 1] == '?' || h[n - 1] == ':'))
		return 1;
	for (i = 0; starts[i]; i++)
		if (strncasecmp(h, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

/* The field a question-like header h asks for, or CSVMAP_CUSTOM. */
static enum csvmap_target question_target(const char *h)
{
	size_t i;

	if (!question_like(h))
		return CSVMAP_CUSTOM;
	for (i = 0; i < sizeof question_words / sizeof question_words[0]; i++) {
		const char *p = strcasestr(h, question_words[i].word);
		size_t wl = strlen(question_words[i].word);
		if (p && (p == h || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[wl]))
			return question_words[i].target;
	}
	return CSVMAP_CUSTOM;
}

/* The alias of a normalised header name, or NULL. */
static const struct alias *find_alias(const char *norm)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(norm, aliases[i].norm) == 0)
			return &aliases[i];
	return NULL;
}

/* 1 when the mapping file's column name `want` names header h. */
static int name_matches(const char *want, const char *h)
{
	char a[256], b[256];

	if (strcmp(want, h) == 0)
		return 1;
	csvmap_norm_name(want, a, sizeof a);
	csvmap_norm_name(h, b, sizeof b);
	return a[0] && strcmp(a, b) == 0;
}

/* 1 when the header is leadctl's own CSV export (README "export"): it has
 * its lead number "id" and its derived columns "stage_at", "activity_at". */
static int is_own_export(const char *const *header, size_t n)
{
	int id = 0, stage_at = 0, activity_at = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *h = header[i] ? header[i] : "";
		id |= strcmp(h, "id") == 0;
		stage_at |= strcmp(h, "stage_at") == 0;
		activity_at |= strcmp(h, "activity_at") == 0;
	}
	return id && stage_at && activity_at;
}

/* The target of a column of leadctl's own export that no alias names
 * right: stage_at dates the entry into the row's stage; identities lists
 * every identity; the lead number and the times are restored on a new
 * lead; the derived score and account are not data to import.  Returns 1
 * when set. */
static int own_export_target(struct col *c)
{
	static const struct {
		const char *name;
		enum csvmap_target target;
	} own[] = { { "stage_at", CSVMAP_STAGE_DATE },     { "identities", CSVMAP_IDENTITIES },
		    { "id", CSVMAP_LEAD_NUMBER },          { "updated_at", CSVMAP_UPDATED_AT },
		    { "activity_at", CSVMAP_ACTIVITY_AT }, { "stage_reason", CSVMAP_REASON },
		    { "won_amount", CSVMAP_AMOUNT },       { "won_currency", CSVMAP_CURRENCY } };
	static const char *const derived[] = { "score", "score_at", "account", NULL };
	size_t i;

	for (i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strcmp(c->header, own[i].name) == 0) {
			c->target = own[i].target;
			return 1;
		}
	for (i = 0; derived[i]; i++)
		if (strcmp(c->header, derived[i]) == 0) {
			c->target = CSVMAP_IGNORE;
			return 1;
		}
	return 0;
}

/* 1 when a mapping file's column name `want` addresses the column at
 * position pos (1-based) whose name h is the k-th of its name: "#12", or
 * "Phone Number (2)" for the second "Phone Number". */
static int spec_addresses(const char *want, const char *h, int k, size_t pos)
{
	char buf[300];

	if (want[0] == '#' && want[1] && strspn(want + 1, "0123456789") == strlen(want + 1))
		return strtoul(want + 1, NULL, 10) == pos;
	if (k < 2)
		return 0;
	snprintf(buf, sizeof buf, "%s (%d)", h, k);
	return name_matches(want, buf);
}

/* 1 when header h says its times are UTC ("Submit Date (UTC)"). */
static int header_says_utc(const char *h)
{
	const char *p;

	for (p = h; (p = strcasestr(p, "utc")) != NULL; p += 3)
		if ((p == h || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[3]))
			return 1;
	return 0;
}

/* qsort_r comparator for the processing order: target, (stage,) rank,
 * column; arg is the map. */
static int by_target(const void *a, const void *b, void *arg)
{
	const struct csvmap *m = arg;
	const struct col *x = &m->cols[*(const size_t *)a];
	const struct col *y = &m->cols[*(const size_t *)b];

	if (x->target != y->target)
		return (int)x->target - (int)y->target;
	if (x->target == CSVMAP_STAGE_AT && x->stage != y->stage)
		return x->stage - y->stage;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The target as shown by explain ("mql_at", "event:demo_request",
 * "custom:KEY"); a new string. */
static char *target_text(const struct col *c)
{
	if (c->target == CSVMAP_STAGE_AT)
		return strf("%s_at", stage_name((enum lc_stage)c->stage));
	if (c->target == CSVMAP_EVENT)
		return strf("event:%s", c->event);
	if (c->target == CSVMAP_CUSTOM && strcmp(c->key, c->header) != 0)
		return strf("custom:%s", c->key);
	if (c->target == CSVMAP_EXTERNAL_ID)
		return strf("external_id.%s", c->system ? c->system : "ext");
	return strdup(target_names[c->target]);
}

/* A table of names (borrowed strings) with a number each, for the linear
 * passes over a header (issue 14: 100k columns, of one name or not): open
 * addressing over a power-of-two number of slots, at least twice the
 * names it will hold, so never full. */
struct name_slot {
	const char *name; /* borrowed; NULL: a free slot */
	size_t n;         /* the caller's number for the name */
};

/* The slot count for up to n names (a power of two, at least 2n). */
static size_t name_slots(size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	return size;
}

/* The slot of `name` in t (size slots): its own, or the free one where it
 * goes (name still NULL).  fold: ASCII letters compare without case, as
 * strcasecmp in the C locale. */
static struct name_slot *name_find(struct name_slot *t, size_t size, const char *name, int fold)
{
	size_t h = 1469598103934665603u, k;
	const char *s;

	for (s = name; *s; s++) {
		h ^= (unsigned char)(fold && *s >= 'A' && *s <= 'Z' ? *s + ('a' - 'A') : *s);
		h *= 1099511628211u;
	}
	for (k = h & (size - 1); t[k].name; k = (k + 1) & (size - 1))
		if ((fold ? strcasecmp(t[k].name, name) : strcmp(t[k].name, name)) == 0)
			break;
	return &t[k];
}

/* Make every column's custom key unique: a repeated name gets " (2)",
 * " (3)" ... ("Phone", "Phone (2)"): the first number no earlier column's
 * key has.  Linear: each key's slot remembers the next number to try (a
 * number found taken stays taken).  Returns 0 or -1 when out of memory. */
static int unique_keys(struct csvmap *m)
{
	size_t i, size = name_slots(2 * m->ncols);
	struct name_slot *keys = calloc(size, sizeof *keys);

	if (!keys)
		return -1;
	for (i = 0; i < m->ncols; i++) {
		struct name_slot *base = name_find(keys, size, m->cols[i].key, 0), *slot;
		size_t k;
		if (!base->name) {
			base->name = m->cols[i].key;
			base->n = 2;
			continue;
		}
		for (k = base->n;; k++) {
			char *n = strf("%s (%zu)", m->cols[i].key, k);
			if (!n) {
				free(keys);
				return -1;
			}
			slot = name_find(keys, size, n, 0);
			if (!slot->name) {
				base->n = k + 1;
				free(m->cols[i].key);
				m->cols[i].key = n;
				slot->name = n;
				slot->n = 2;
				break;
			}
			free(n);
		}
	}
	free(keys);
	return 0;
}

/* Free the column i of the map. */
static void col_clear(struct col *c)
{
	size_t i;

	free(c->header);
	free(c->key);
	free(c->event);
	for (i = 0; i < c->ntruthy; i++)
		free(c->truthy[i]);
	free(c->truthy);
	free(c->tz);
	free(c->target_text);
	free(c->note);
	strlist_clear(&c->empty);
	strlist_clear(&c->vkeys);
	strlist_clear(&c->vvals);
	free(c->system);
}

void csvmap_free(struct csvmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->ncols; i++)
		col_clear(&m->cols[i]);
	free(m->cols);
	free(m->order);
	free(m->default_cc);
	for (i = 0; i < m->nconsts; i++)
		free(m->consts[i].value);
	free(m->consts);
	for (i = 0; i < m->nstages; i++)
		free(m->stage_keys[i]);
	free(m->stage_keys);
	free(m->stage_vals);
	free(m->entries);
	for (i = 0; i < m->nentry_text; i++)
		free(m->entry_text[i]);
	free(m->entry_text);
	strlist_clear(&m->empty);
	strlist_clear(&m->reason_keys);
	strlist_clear(&m->reason_vals);
	free(m);
}

/* The header names as a short list for messages ("Email, Name, ..."). */
static char *header_list(const struct csvmap *m)
{
	char buf[400];
	size_t i, w = 0;

	buf[0] = '\0';
	for (i = 0; i < m->ncols && w < sizeof buf - 8; i++) {
		int n = snprintf(buf + w, sizeof buf - w, "%s%s", i ? ", " : "", m->cols[i].header);
		if (n < 0 || (size_t)n >= sizeof buf - w) {
			w = sizeof buf;
			break;
		}
		w += (size_t)n;
	}
	if (w >= sizeof buf - 8)
		strcpy(buf + sizeof buf - 8, ", ...");
	return strdup(buf);
}

/* Fill the explanation entries.  Returns 0 or -1 (out of memory). */
static int build_entries(struct csvmap *m)
{
	size_t i;

	m->entries = calloc(m->ncols + m->nconsts + 1, sizeof *m->entries);
	m->entry_text = calloc(2 * m->nconsts + 1, sizeof *m->entry_text);
	if (!m->entries || !m->entry_text)
		return -1;
	for (i = 0; i < m->ncols; i++) {
		struct csvmap_entry *e = &m->entries[m->nentries++];
		e->column = i + 1;
		e->header = m->cols[i].header;
		e->target = m->cols[i].target_text;
		e->note = m->cols[i].note;
	}
	for (i = 0; i < m->nconsts; i++) {
		struct csvmap_entry *e = &m->entries[m->nentries++];
		char *t = strf("%s '%s'", m->consts[i].override ? "constant" : "default", m->consts[i].value);
		if (!t)
			return -1;
		m->entry_text[m->nentry_text++] = t;
		e->column = 0;
		e->header = target_names[m->consts[i].target];
		e->target = t;
		e->note = m->consts[i].override ? "replaces the file's values" : "fills empty values";
	}
	return 0;
}

/* 1 when the map has a column whose normalised name is one of names. */
static int has_header(const struct csvmap *m, const char *const *names)
{
	char nb[128];
	size_t i, k;

	for (i = 0; i < m->ncols; i++) {
		csvmap_norm_name(m->cols[i].header, nb, sizeof nb);
		for (k = 0; names[k]; k++)
			if (strcmp(nb, names[k]) == 0)
				return 1;
	}
	return 0;
}

/* The system of the record ids in a column named norm (normalised), from
 * the export the whole header is recognised as; NULL = unknown ("ext"). */
static const char *recognised_system(const struct csvmap *m, const char *norm)
{
	static const char *const zoho[] = { "createdtime", "modifiedtime", "leadowner", "leadid", NULL };
	static const char *const salesforce[] = { "firstname", "lastname",   "createddate", "isconverted",
		                                  "ownerid",   "leadsource", NULL };
	static const char *const hubspot[] = { "createdate",       "lifecyclestage",    "contactowner",
		                               "lastactivitydate", "associatedcompany", NULL };
	static const char *const suitecrm[] = { "nonprimaryemails", "primaryaddressstreet", NULL };

	static const char *const zoho_object[] = { "createdtime",    "modifiedtime", "contactowner",
		                                   "potentialowner", "dealowner",    NULL };

	/* Another object of a CRM numbers its records apart from its leads
	 * (Zoho's CONTACTID 2585 is not LEADID 2585): its ids are namespaced
	 * as that object, so they never collide (issue 12). */
	if (strcmp(norm, "contactid") == 0)
		return has_header(m, zoho_object) ? "zoho-contact" : NULL;
	if (strcmp(norm, "leadid") == 0 && has_header(m, zoho))
		return "zoho";
	if (strcmp(norm, "recordid") == 0)
		return has_header(m, zoho) ? "zoho" : has_header(m, hubspot) ? "hubspot" : NULL;
	if (strncmp(norm, "recordid", 8) == 0) /* HubSpot's "Record ID - Contact" */
		return "hubspot";
	if (strcmp(norm, "prospectid") == 0)
		return "pardot";
	if (strcmp(norm, "id") == 0 && has_header(m, suitecrm))
		return "suitecrm";
	if (strcmp(norm, "id") == 0 || strcmp(norm, "leadid") == 0) {
		/* Salesforce: "Id" beside API field names, or its reports' "Lead ID". */
		size_t i, api = 0;
		for (i = 0; i < m->ncols; i++) {
			const char *h = m->cols[i].header;
			api += strcmp(h, "FirstName") == 0 || strcmp(h, "LastName") == 0 ||
			       strcmp(h, "CreatedDate") == 0 || strcmp(h, "IsConverted") == 0 ||
			       strcmp(h, "OwnerId") == 0 || strcmp(h, "LeadSource") == 0;
		}
		if (api || (strcmp(norm, "id") != 0 && has_header(m, salesforce)))
			return "salesforce";
	}
	return NULL;
}

/* Decide the system of each record-id column (mapping file > --source-system
 * > the recognised export); a Meta export's "id" is a lead-ad submission,
 * not a person.  Returns 0, or -1 when out of memory. */
static int record_systems(struct csvmap *m, const char *source_system)
{
	static const char *const deal_headers[] = { "dealname", "dealstage", "pipeline", NULL };
	char nb[128];
	size_t i;

	for (i = 0; i < m->ncols; i++) {
		struct col *c = &m->cols[i];
		const char *sys;
		char *note;
		if (c->target != CSVMAP_EXTERNAL_ID || c->system)
			continue;
		csvmap_norm_name(c->header, nb, sizeof nb);
		if (m->meta && strcmp(nb, "id") == 0 && !source_system) {
			c->target = CSVMAP_SUBMISSION_ID;
			note = strf("%s; a Meta lead id: the form fill's, kept on its event", c->note);
		} else if (!source_system && strcmp(nb, "contactid") == 0 && !recognised_system(m, nb) &&
		           strncmp(c->note, "auto", 4) == 0) {
			/* A Contact ID beside a lead's own id (SuiteCRM: the contact
			 * it was converted to) is another record's: kept as custom. */
			c->target = CSVMAP_CUSTOM;
			note = strf("%s; another object's record id: kept as custom", c->note);
		} else if (!source_system && strcmp(nb, "recordid") == 0 && has_header(m, deal_headers) &&
		           strncmp(c->note, "auto", 4) == 0) {
			/* A deals export's "Record ID" is a deal's, not a person's: one
			 * person may have several deals (two ids of one system would
			 * be a conflict).  Kept as custom. */
			c->target = CSVMAP_CUSTOM;
			note = strf("%s; a deal's record id, not a person's: kept as custom", c->note);
		} else {
			sys = source_system ? source_system : recognised_system(m, nb);
			if (sys && !(c->system = strdup(sys)))
				return -1;
			note = strf("%s; record ids of %s%s", c->note, sys ? sys : "an unknown system (ext)",
			            source_system ? " (--source-system)"
			            : sys         ? " (recognised export)"
			                          : "");
		}
		if (!note)
			return -1;
		free(c->note);
		c->note = note;
	}
	return 0;
}

int csvmap_new(const char *const *header, size_t n, const struct csvmap_spec *spec,
               const struct csvmap_opts *opts, struct csvmap **out, char **err)
{
	struct csvmap *m;
	struct csvmap_opts defopts;
	unsigned char *used = NULL, *ign_used = NULL;
	int has_created = 0, has_adid = 0, own_export;
	size_t i, j, nslots = name_slots(n);
	size_t all[CSVMAP_TARGET_COUNT] = { 0 }, named[CSVMAP_TARGET_COUNT] = { 0 };
	struct name_slot *names = NULL;
	char nbuf[256];

	*out = NULL;
	*err = NULL;
	if (!opts) {
		memset(&defopts, 0, sizeof defopts);
		datefmt_init(&defopts.datefmt);
		opts = &defopts;
	}
	m = calloc(1, sizeof *m);
	if (!m)
		goto oom;
	m->ncols = n;
	m->now = opts->now;
	m->cols = calloc(n ? n : 1, sizeof *m->cols);
	m->order = calloc(n ? n : 1, sizeof *m->order);
	used = calloc(spec && spec->ncols ? spec->ncols : 1, 1);
	ign_used = calloc(spec && spec->nignore ? spec->nignore : 1, 1);
	names = calloc(nslots, sizeof *names);
	if (!m->cols || !m->order || !used || !ign_used || !names)
		goto oom;
	if (opts->default_cc && *opts->default_cc && !(m->default_cc = strdup(opts->default_cc)))
		goto oom;

	own_export = is_own_export(header, n);
	for (i = 0; i < n; i++) {
		struct col *c = &m->cols[i];
		const struct spec_col *sc = NULL;
		const char *how = "auto";
		int tz_from_header = 0;

		c->stage = -1;
		c->header = text_trim(header[i] ? header[i] : "");
		if (!c->header)
			goto oom;
		/* A repeated name (a contact's and its company's "Phone Number")
		 * is the k-th column of that name: a mapping file addresses it
		 * as "Phone Number (2)" or by position, "#12". */
		{
			struct name_slot *slot = name_find(names, nslots, c->header, 1);
			slot->name = c->header;
			c->repeat = (int)++slot->n;
		}
		for (j = 0; spec && j < spec->ncols && !sc; j++)
			if (spec_addresses(spec->cols[j].name, c->header, c->repeat, i + 1))
				sc = &spec->cols[j];
		for (j = 0; spec && j < spec->ncols && !sc && c->repeat == 1; j++)
			if (strcmp(spec->cols[j].name, c->header) == 0)
				sc = &spec->cols[j];
		for (j = 0; spec && j < spec->ncols && !sc && c->repeat == 1; j++)
			if (name_matches(spec->cols[j].name, c->header))
				sc = &spec->cols[j];
		if (sc) {
			used[sc - spec->cols] = 1;
			how = "mapping file";
			c->target = sc->target;
			c->stage = sc->stage;
			if (sc->event && !(c->event = strdup(sc->event)))
				goto oom;
			if (sc->key && sc->target == CSVMAP_EXTERNAL_ID) {
				if (!(c->system = strdup(sc->key)))
					goto oom;
			} else if (sc->key && !(c->key = strdup(sc->key))) {
				goto oom;
			}
			if (strlist_copy(&c->empty, &sc->empty) != 0 ||
			    strlist_copy(&c->vkeys, &sc->vkeys) != 0 ||
			    strlist_copy(&c->vvals, &sc->vvals) != 0)
				goto oom;
			if (sc->ntruthy) {
				c->truthy = calloc(sc->ntruthy + 1, sizeof *c->truthy);
				if (!c->truthy)
					goto oom;
				for (j = 0; j < sc->ntruthy; j++)
					if (!(c->truthy[c->ntruthy++] = strdup(sc->truthy[j])))
						goto oom;
			}
		} else {
			int ignored = 0;
			for (j = 0; spec && j < spec->nignore; j++)
				if (name_matches(spec->ignore[j], c->header)) {
					ign_used[j] = 1;
					ignored = 1;
				}
			if (ignored) {
				c->target = CSVMAP_IGNORE;
				how = "mapping file";
			} else if (c->repeat > 1 && (!spec || spec->auto_map)) {
				/* Exports with associations repeat a name for another
				 * object's column (HubSpot's company "Phone Number"):
				 * it is not the contact's. */
				how = "a repeated name: kept as custom";
			} else if ((!spec || spec->auto_map) && strncmp(c->header, "custom.", 7) == 0 &&
			           c->header[7]) {
				/* leadctl's own export writes custom fields as custom.KEY */
				c->target = CSVMAP_CUSTOM;
				if (!(c->key = strdup(c->header + 7)))
					goto oom;
				how = "auto, a custom field";
			} else if ((!spec || spec->auto_map) && own_export && own_export_target(c)) {
				how = "auto, leadctl's own export";
			} else if (!spec || spec->auto_map) {
				const struct alias *a;
				csvmap_norm_name(c->header, nbuf, sizeof nbuf);
				a = find_alias(nbuf[0] ? nbuf : c->header);
				if (a) {
					c->target = a->target;
					c->stage = a->stage;
					c->rank = a->rank;
				} else if ((c->target = question_target(c->header)) != CSVMAP_CUSTOM) {
					c->rank = 9;
					c->question = 1;
					how = "auto, from the question's words";
				} else {
					how = "no known name";
				}
			} else {
				how = "not in the mapping file";
			}
		}
		if (!c->key) {
			c->key = c->header[0] ? strdup(c->header) : strf("column_%zu", i + 1);
			if (!c->key)
				goto oom;
		}
		/* Dates: column > command line > mapping file > nothing declared;
		 * zone: column > "(UTC)" in the header > mapping file > SLA. */
		datefmt_init(&c->fmt);
		if (sc && sc->has_fmt)
			c->fmt = sc->fmt;
		else if (opts->datefmt.order != DATEFMT_UNDECLARED || opts->datefmt.pattern[0])
			c->fmt = opts->datefmt;
		else if (spec && spec->has_fmt)
			c->fmt = spec->fmt;
		{
			const char *tz = sc && sc->tz ? sc->tz : NULL;
			if (!tz && header_says_utc(c->header)) {
				tz = "UTC";
				tz_from_header = 1;
			}
			if (!tz)
				tz = spec && spec->tz ? spec->tz : opts->tz;
			if (tz && *tz && !(c->tz = strdup(tz)))
				goto oom;
		}
		if (!strcmp(c->header, "created_time"))
			has_created = 1;
		if (!strcmp(c->header, "ad_id") || !strcmp(c->header, "form_id") ||
		    !strcmp(c->header, "is_organic"))
			has_adid = 1;
		if (is_date_target(c->target)) {
			char fb[96];
			c->note =
			        strf("%s; date %s, zone %s%s", how, datefmt_describe(&c->fmt, fb, sizeof fb),
			             c->tz ? c->tz : "UTC", tz_from_header ? " (from the name)" : "");
		} else {
			c->note = strdup(how);
		}
		if (!c->note)
			goto oom;
	}
	m->meta = has_created && has_adid;
	if (record_systems(m, opts->source_system) != 0)
		goto oom;
	/* A question only stands in for a field no column is named after;
	 * "Nombre" without "Apellidos" holds the whole name.  Counts of the
	 * columns per target (all, and named ones: not questions), kept up to
	 * date as columns change, keep this linear in the number of columns. */
	for (i = 0; i < n; i++) {
		all[m->cols[i].target]++;
		if (!m->cols[i].question)
			named[m->cols[i].target]++;
	}
	for (i = 0; i < n; i++) {
		struct col *c = &m->cols[i];
		if (c->question && named[c->target] > 0) {
			all[c->target]--;
			all[CSVMAP_CUSTOM]++;
			named[CSVMAP_CUSTOM]++;
			c->target = CSVMAP_CUSTOM;
			c->question = 0;
			free(c->note);
			if (!(c->note = strdup("auto: a question; its field has a column")))
				goto oom;
		} else if (c->target == CSVMAP_FIRST_NAME && !all[CSVMAP_LAST_NAME] &&
		           !all[CSVMAP_FULL_NAME] &&
		           strcmp(csvmap_norm_name(c->header, nbuf, sizeof nbuf), "nombre") == 0) {
			all[CSVMAP_FIRST_NAME]--;
			all[CSVMAP_FULL_NAME]++;
			if (!c->question) {
				named[CSVMAP_FIRST_NAME]--;
				named[CSVMAP_FULL_NAME]++;
			}
			c->target = CSVMAP_FULL_NAME;
			free(c->note);
			if (!(c->note = strdup("auto; 'Nombre' without 'Apellidos' is the whole name")))
				goto oom;
		}
	}

	/* Every column the mapping file names must exist: a typo would
	 * otherwise silently import the column as custom. */
	for (j = 0; spec && j < spec->ncols; j++)
		if (!used[j]) {
			char *list = header_list(m);
			*err = strf("%s:%d: /columns/%s: no column '%s' in the file (its columns: %s)",
			            spec->name ? spec->name : "mapping file", spec->cols[j].line,
			            spec->cols[j].name, spec->cols[j].name, list ? list : "");
			free(list);
			goto fail;
		}
	for (j = 0; spec && j < spec->nignore; j++)
		if (!ign_used[j]) {
			char *list = header_list(m);
			*err = strf("%s:%d: /ignore: no column '%s' in the file (its columns: %s)",
			            spec->name ? spec->name : "mapping file", spec->ignore_line[j],
			            spec->ignore[j], list ? list : "");
			free(list);
			goto fail;
		}
	if (unique_keys(m) != 0)
		goto oom;

	/* Processing order, and which columns come second for their field. */
	for (i = 0; i < n; i++)
		m->order[i] = i;
	qsort_r(m->order, n, sizeof *m->order, by_target, m);
	for (i = 1; i < n; i++) {
		struct col *prev = &m->cols[m->order[i - 1]], *c = &m->cols[m->order[i]];
		if (c->target == prev->target && c->target != CSVMAP_CUSTOM && c->target != CSVMAP_IGNORE &&
		    c->target != CSVMAP_EVENT && c->target != CSVMAP_STAGE &&
		    (c->target != CSVMAP_STAGE_AT || c->stage == prev->stage)) {
			char *note;
			c->secondary = 1;
			note = c->target == CSVMAP_STAGE_AT
			               ? strf("%s; the earliest %s date wins, others kept as custom", c->note,
			                      stage_name((enum lc_stage)c->stage))
			               : strf("%s; after '%s': kept as custom when %s is set", c->note,
			                      m->cols[m->order[i - 1]].header, target_names[c->target]);
			if (!note)
				goto oom;
			free(c->note);
			c->note = note;
		}
	}
	for (i = 0; i < n; i++)
		if (!(m->cols[i].target_text = target_text(&m->cols[i])))
			goto oom;

	/* Constants and stage values from the mapping file. */
	if (spec && spec->nconsts) {
		m->consts = calloc(spec->nconsts, sizeof *m->consts);
		if (!m->consts)
			goto oom;
		for (j = 0; j < spec->nconsts; j++) {
			m->consts[j] = spec->consts[j];
			m->consts[j].value = strdup(spec->consts[j].value);
			m->nconsts++;
			if (!m->consts[j].value)
				goto oom;
		}
	}
	if (spec && (strlist_copy(&m->empty, &spec->empty) != 0 ||
	             strlist_copy(&m->reason_keys, &spec->reason_keys) != 0 ||
	             strlist_copy(&m->reason_vals, &spec->reason_vals) != 0))
		goto oom;
	if (spec && spec->nstages) {
		m->stage_keys = calloc(spec->nstages, sizeof *m->stage_keys);
		m->stage_vals = calloc(spec->nstages, sizeof *m->stage_vals);
		if (!m->stage_keys || !m->stage_vals)
			goto oom;
		for (j = 0; j < spec->nstages; j++) {
			m->stage_vals[j] = spec->stage_vals[j];
			m->stage_keys[j] = strdup(spec->stage_keys[j]);
			m->nstages++;
			if (!m->stage_keys[j])
				goto oom;
		}
	}
	if (build_entries(m) != 0)
		goto oom;
	free(used);
	free(ign_used);
	free(names);
	*out = m;
	return 0;
oom:
	free(*err);
	*err = strdup("out of memory");
fail:
	free(used);
	free(ign_used);
	free(names);
	csvmap_free(m);
	return -1;
}

size_t csvmap_entries(const struct csvmap *m, const struct csvmap_entry **out)
{
	*out = m->entries;
	return m->nentries;
}

/* Characters (UTF-8 code points) in s. */
static size_t u8_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* Copy s into buf (n bytes) with control characters shown as spaces. */
static const char *printable(const char *s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? ' ' : s[i];
	buf[i] = '\0';
	return buf;
}

char *csvmap_explain(const struct csvmap *m)
{
	size_t i, hw = 6, tw = 5, len = 0, cap = 256;
	char *out = malloc(cap), hb[256];

	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < m->nentries; i++) {
		size_t h = u8_width(m->entries[i].header), t = u8_width(m->entries[i].target);
		if (h > hw)
			hw = h > 40 ? 40 : h;
		if (t > tw)
			tw = t > 40 ? 40 : t;
	}
	for (i = 0; i < m->nentries; i++) {
		const struct csvmap_entry *e = &m->entries[i];
		char col[24];
		char *line;
		size_t ll;
		if (e->column)
			snprintf(col, sizeof col, "%zu", e->column);
		else
			snprintf(col, sizeof col, "-");
		printable(e->header, hb, sizeof hb);
		line = strf("%4s  %s%*s  ->  %s%*s  (%s)\n", col, hb,
		            (int)(hw - (u8_width(hb) < hw ? u8_width(hb) : hw)), "", e->target,
		            (int)(tw - (u8_width(e->target) < tw ? u8_width(e->target) : tw)), "", e->note);
		if (!line) {
			free(out);
			return NULL;
		}
		ll = strlen(line);
		if (len + ll + 1 > cap) {
			char *t;
			while (len + ll + 1 > cap)
				cap *= 2;
			t = realloc(out, cap);
			if (!t) {
				free(line);
				free(out);
				return NULL;
			}
			out = t;
		}
		memcpy(out + len, line, ll + 1);
		len += ll;
		free(line);
	}
	return out;
}

/* ---- mapping a record ------------------------------------------------- */

/* Per-record working state. */
struct rowctx {
	const struct csvmap *m;        /* the map */
	struct csvmap_row *row;        /* the row being filled */
	char *scratch;                 /* trimmed values, each NUL-terminated (owned) */
	const char **val;              /* value of each column, or NULL when empty */
	const char **custom;           /* value to keep as custom per column, or NULL */
	size_t *src;                   /* per target: column that set it, or SIZE_MAX */
	size_t stage_src[STAGE_COUNT]; /* per stage: column of stage_at, or SIZE_MAX */
	char *phone_ext;               /* the phone's extension (owned), or NULL */
	int system_guessed;            /* the record id's system came from its shape alone */
	int oom;                       /* an allocation failed */
};

/* Add a warning to the row ("; " separated, at most ~1 KiB). */
__attribute__((format(printf, 2, 3))) static void row_warn(struct rowctx *x, const char *fmt, ...)
{
	char buf[512], *n;
	va_list ap;
	size_t old;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	old = x->row->warning ? strlen(x->row->warning) : 0;
	if (old > 1024)
		return;
	n = old ? strf("%s; %s", x->row->warning, buf) : strf("line %ld: %s", x->row->line, buf);
	if (!n) {
		x->oom = 1;
		return;
	}
	free(x->row->warning);
	x->row->warning = n;
}

/* Set the row's error (the first one wins). */
__attribute__((format(printf, 2, 3))) static void row_error(struct rowctx *x, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (x->row->error)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	x->row->error = strf("line %ld: %s", x->row->line, buf);
	if (!x->row->error)
		x->oom = 1;
}

/* The string slot of the lead for a target, or NULL. */
static char **lead_slot(struct lc_lead *l, enum csvmap_target t)
{
	switch (t) {
	case CSVMAP_EMAIL: return &l->email;
	case CSVMAP_EXTERNAL_ID: return &l->external_id;
	case CSVMAP_FIRST_NAME: return &l->first_name;
	case CSVMAP_LAST_NAME: return &l->last_name;
	case CSVMAP_PHONE: return &l->phone;
	case CSVMAP_COMPANY: return &l->company;
	case CSVMAP_WEBSITE: return &l->website;
	case CSVMAP_TITLE: return &l->title;
	case CSVMAP_COUNTRY: return &l->country;
	case CSVMAP_INDUSTRY: return &l->industry;
	case CSVMAP_SOURCE: return &l->source;
	case CSVMAP_CAMPAIGN: return &l->campaign;
	case CSVMAP_OWNER: return &l->owner;
	default: return NULL;
	}
}

/* Give the lead's slot for target the value v (owned by the call) coming
 * from column i, unless already set; then the column's raw value is kept
 * as custom instead (unless equal). */
static void put(struct rowctx *x, enum csvmap_target t, size_t i, char *v)
{
	char **slot = lead_slot(&x->row->lead, t);

	if (!v) {
		x->oom = 1;
		return;
	}
	if (!*slot) {
		*slot = v;
		x->src[t] = i;
		return;
	}
	if (strcmp(*slot, v) != 0)
		x->custom[i] = x->val[i];
	free(v);
}

/* 1 when v means yes for column c. */
static int is_truthy(const struct col *c, const char *v)
{
	return norm_in(v, c->truthy ? (const char *const *)c->truthy : truthy_default);
}

/* Where a value map entry came from (for explain). */
enum value_source { FROM_COLUMN, FROM_FILE, FROM_TABLE };

/* The index of value v (normalised into buf) in a column's own value map,
 * or -1. */
static long column_value(const struct col *c, const char *v, char *buf, size_t n)
{
	size_t i;

	csvmap_norm_name(v, buf, n);
	for (i = 0; i < c->vkeys.n; i++)
		if (strcmp(buf[0] ? buf : v, c->vkeys.v[i]) == 0)
			return (long)i;
	return -1;
}

/* The stage a value of stage column c means: the column's own "values"
 * first, then the mapping file's "stages", then the built-in table
 * (csvmap_stage_value).  *from (may be NULL) says which. */
static int stage_of(const struct csvmap *m, const struct col *c, const char *v, enum value_source *from)
{
	char buf[128], g[64]; /* the file's "stages" are normalised into 64 bytes */
	long k = column_value(c, v, buf, sizeof buf);
	size_t i;
	enum value_source dummy;

	if (!from)
		from = &dummy;
	*from = FROM_COLUMN;
	if (k >= 0)
		return strcmp(c->vvals.v[k], "none") == 0 ? -2 : stage_parse(c->vvals.v[k]);
	*from = FROM_FILE;
	csvmap_norm_name(v, g, sizeof g);
	for (i = 0; i < m->nstages; i++)
		if (strcmp(g, m->stage_keys[i]) == 0)
			return m->stage_vals[i];
	*from = FROM_TABLE;
	return csvmap_stage_value(v);
}

/* The reason a value of reason column c stands for: the column's own
 * "values", then the mapping file's "reasons" (borrowed); NULL when
 * neither names it (the value is then kept as given). */
static const char *reason_of(const struct csvmap *m, const struct col *c, const char *v,
                             enum value_source *from)
{
	char buf[128];
	long k = column_value(c, v, buf, sizeof buf);
	size_t i;

	*from = FROM_COLUMN;
	if (k >= 0)
		return c->vvals.v[k];
	*from = FROM_FILE;
	for (i = 0; i < m->reason_keys.n; i++)
		if (strcmp(buf, m->reason_keys.v[i]) == 0)
			return m->reason_vals.v[i];
	return NULL;
}

/* Map consent column i (non-empty value v) into row->consent.  An
 * unreadable opt-out rejects the row: guessing either way is wrong for a
 * person who may have said "do not call". */
static void map_consent(struct rowctx *x, size_t i, const char *v)
{
	const struct col *c = &x->m->cols[i];
	struct lc_consent *k = &x->row->consent;
	int f = consent_flag_parse(v);
	const char *basis;
	char e[384];
	lc_time t;

	switch (c->target) {
	case CSVMAP_DO_NOT_EMAIL:
	case CSVMAP_DO_NOT_CALL: {
		int *slot = c->target == CSVMAP_DO_NOT_EMAIL ? &k->do_not_email : &k->do_not_call;
		if (f == -2) {
			row_error(x, "column '%s': '%.60s' is neither yes nor no: the opt-out cannot be read",
			          c->header, v);
			return;
		}
		if (f > *slot)
			*slot = f;
		break;
	}
	case CSVMAP_UNSUBSCRIBED:
		if (f >= 0) {
			if (f > k->do_not_email)
				k->do_not_email = f;
		} else if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) == 0) {
			if (!k->unsubscribed_at || t < k->unsubscribed_at)
				k->unsubscribed_at = t;
			k->do_not_email = 1;
		} else {
			row_error(x,
			          "column '%s': '%.60s' is neither yes/no nor a date: the unsubscribe cannot "
			          "be read",
			          c->header, v);
		}
		break;
	case CSVMAP_LAWFUL_BASIS:
		if (!(basis = consent_basis_parse(v))) {
			row_warn(x,
			         "lawful basis '%.60s' in column '%s' is not one of consent, contract, "
			         "legal_obligation, vital_interests, public_task, legitimate_interests (kept "
			         "as custom)",
			         v, c->header);
			x->custom[i] = v;
		} else if (!k->lawful_basis && !(k->lawful_basis = strdup(basis))) {
			x->oom = 1;
		}
		break;
	case CSVMAP_LAWFUL_BASIS_AT:
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0)
			row_error(x, "column '%s': %s", c->header, e);
		else if (!k->lawful_basis_at)
			k->lawful_basis_at = t;
		break;
	default:
		if (!k->lawful_basis_source && !(k->lawful_basis_source = strdup(v)))
			x->oom = 1;
		break;
	}
}

/* 1 when id has the shape of a Salesforce record id: 15 or 18 letters and
 * digits starting with a lead (00Q) or contact (003) key prefix. */
static int salesforce_shaped(const char *id)
{
	size_t n = strlen(id), i;

	if (n != 15 && n != 18)
		return 0;
	if (strncmp(id, "00Q", 3) != 0 && strncmp(id, "003", 3) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]))
			return 0;
	return 1;
}

/* A record id from column i: its key by the identity module (in the
 * column's system; a Salesforce-shaped id of an unknown system is
 * Salesforce's).  A value a spreadsheet rounded is not an identity: kept as
 * custom with a warning. */
static void map_record_id(struct rowctx *x, size_t i, const char *v)
{
	const struct col *c = &x->m->cols[i];
	struct lc_lead *l = &x->row->lead;
	const char *sys = c->system ? c->system : salesforce_shaped(v) ? "salesforce" : NULL, *why = NULL;
	char *key = NULL, *id;
	enum identity_status st = identity_record_key(v, sys, &key, &why);

	if (st == IDENTITY_EMPTY)
		return;
	if (st != IDENTITY_OK) {
		row_warn(x,
		         "record id '%.60s' in column '%s' is not used as an identity: %s (kept as custom)",
		         v, c->header, why ? why : "not a record id");
		x->custom[i] = v;
		free(key);
		return;
	}
	/* The id as given (trimmed like the key), for display. */
	id = strdup(strchr(key, ':') + 1);
	free(key);
	if (id && !l->external_id) {
		x->system_guessed = !c->system && sys;
		l->external_system = sys ? strdup(sys) : NULL;
		if (sys && !l->external_system)
			x->oom = 1;
	}
	put(x, CSVMAP_EXTERNAL_ID, i, id);
}

/* Phones, once the row's country is known: its own country, else the
 * default calling code (identity_phone_key).  A value that is not a phone
 * (or that a spreadsheet damaged) is kept as custom with a warning; an
 * extension goes to the custom field phone_extension. */
static void map_phones(struct rowctx *x)
{
	const struct csvmap *m = x->m;
	size_t k;

	for (k = 0; k < m->ncols; k++) {
		size_t i = m->order[k];
		const char *v = x->val[i], *why = "not a phone number";
		struct identity_phone p;
		enum identity_status st;
		if (m->cols[i].target != CSVMAP_PHONE || !v)
			continue;
		st = identity_phone_key(v, x->row->lead.country, m->default_cc, &p, &why);
		if (st == IDENTITY_OK) {
			if (p.extension && !x->phone_ext && !x->row->lead.phone)
				x->phone_ext = strdup(p.extension);
			put(x, CSVMAP_PHONE, i, p.e164);
			p.e164 = NULL;
		} else if (st != IDENTITY_EMPTY) {
			row_warn(x, "phone '%.60s' in column '%s' is not used: %s (kept as custom)", v,
			         m->cols[i].header, why);
			x->custom[i] = v;
		}
		identity_phone_free(&p);
	}
}

int csvmap_column_has_values(const struct csvmap *m, size_t col)
{
	return col < m->ncols &&
	       (m->cols[col].target == CSVMAP_STAGE || m->cols[col].target == CSVMAP_REASON);
}

const char *csvmap_value_meaning(const struct csvmap *m, size_t col, const char *v, char *buf, size_t n)
{
	const struct col *c = &m->cols[col];
	const char *own = c->vkeys.n ? " (this column's \"values\")" : "";
	const char *where = c->vkeys.n ? "this column's \"values\"" : "\"stages\"";
	enum value_source from;

	if (strlist_has_nocase(&m->empty, v) || strlist_has_nocase(&c->empty, v) ||
	    (c->target != CSVMAP_CUSTOM && is_null_marker(v))) {
		snprintf(buf, n, "empty (declared)");
	} else if (c->target == CSVMAP_STAGE) {
		int st = stage_of(m, c, v, &from);
		if (from != FROM_COLUMN)
			own = "";
		if (st >= 0)
			snprintf(buf, n, "%s%s", stage_name((enum lc_stage)st), own);
		else if (st == -2 && *own)
			snprintf(buf, n, "no stage (this column's \"values\": none)");
		else if (st == -2)
			snprintf(buf, n, "no stage (says nothing about the stage)");
		else
			snprintf(buf, n, "unmapped: kept as custom (map it under %s)", where);
	} else {
		const char *r = reason_of(m, c, v, &from);
		if (r)
			snprintf(buf, n, "%s%s", r, from == FROM_COLUMN ? own : "");
		else
			snprintf(buf, n, "kept as given (not in %s)",
			         c->vkeys.n ? "this column's \"values\" or \"reasons\"" : "\"reasons\"");
	}
	return buf;
}

/* An identities column (include/leadctl/idlist.h): every entry through
 * the identity module, into row->ids.  A cell that cannot be read, or an
 * entry that is not an identity, rejects the row: an identity is never
 * dropped or guessed. */
static void map_identities(struct rowctx *x, size_t i, const char *v)
{
	const struct col *c = &x->m->cols[i];
	struct csvmap_row *row = x->row;
	struct idlist_entry *e = NULL, *all;
	size_t n = 0, k;
	char why[160];
	int rc = idlist_parse(v, &e, &n, why, sizeof why);

	if (rc < 0) {
		x->oom = 1;
		return;
	}
	if (rc > 0) {
		row_error(x, "column '%s': %s", c->header, why);
		return;
	}
	for (k = 0; k < n; k++) {
		const char *bad = NULL;
		char *key = NULL;
		enum identity_status st;
		if (e[k].kind == IDLIST_EMAIL) {
			st = identity_email_key(e[k].value, &key, &bad);
		} else if (e[k].kind == IDLIST_PHONE) {
			struct identity_phone p = { NULL, NULL };
			st = identity_phone_key(e[k].value, NULL, x->m->default_cc, &p, &bad);
			key = p.e164;
			p.e164 = NULL;
			identity_phone_free(&p);
		} else {
			st = identity_record_key(e[k].value, e[k].system, &key, &bad);
			if (st == IDENTITY_OK) {
				/* the value without its system, the system as the module spells it */
				char *colon = strchr(key, ':'), *sys = strndup(key, (size_t)(colon - key));
				char *val = strdup(colon + 1);
				free(key);
				key = val;
				free(e[k].system);
				e[k].system = sys;
				if (!sys)
					x->oom = 1;
			}
		}
		if (st != IDENTITY_OK) {
			row_error(x, "column '%s': entry %zu ('%.60s') is not an identity: %s", c->header,
			          k + 1, e[k].value, bad ? bad : "empty");
			free(key);
			idlist_free(e, n);
			return;
		}
		free(e[k].value);
		e[k].value = key;
		if (!key)
			x->oom = 1;
	}
	if (!n || x->oom) {
		idlist_free(e, n);
		return;
	}
	if (!(all = realloc(row->ids, (row->nids + n) * sizeof *all))) {
		idlist_free(e, n);
		x->oom = 1;
		return;
	}
	row->ids = all;
	memcpy(all + row->nids, e, n * sizeof *e);
	row->nids += n;
	free(e);
}

/* What the identities column tells about the shown identities: the system
 * of the row's record id when its column did not say (leadctl's own export
 * writes the id alone; a Salesforce-shaped id is only a guess) is that of
 * the listed record id with the same value (the first when several systems
 * share it); an e-mail, phone or record id
 * that no column gave is the first of its kind listed. */
static void shown_from_ids(struct rowctx *x)
{
	struct lc_lead *l = &x->row->lead;
	const struct idlist_entry *e = x->row->ids;
	size_t k;

	for (k = 0; k < x->row->nids && !x->oom; k++) {
		char **slot = e[k].kind == IDLIST_EMAIL   ? &l->email
		              : e[k].kind == IDLIST_PHONE ? &l->phone
		                                          : &l->external_id;
		if (e[k].kind == IDLIST_RECORD && l->external_id &&
		    (!l->external_system || x->system_guessed) && strcmp(e[k].value, l->external_id) == 0) {
			free(l->external_system);
			x->system_guessed = 0;
			if (!(l->external_system = strdup(e[k].system)))
				x->oom = 1;
		} else if (!*slot) {
			if (!(*slot = strdup(e[k].value)) ||
			    (e[k].kind == IDLIST_RECORD && !(l->external_system = strdup(e[k].system))))
				x->oom = 1;
		}
	}
}

/* Map column i (non-empty value v) into the row. */
static void map_value(struct rowctx *x, size_t i, const char *v)
{
	const struct col *c = &x->m->cols[i];
	struct csvmap_row *row = x->row;
	char e[384];
	lc_time t;

	switch (c->target) {
	case CSVMAP_CUSTOM: x->custom[i] = v; break;
	case CSVMAP_IGNORE:
	case CSVMAP_EVENT: /* after created_at is known */
	case CSVMAP_FULL_NAME: /* after first and last names */ break;
	case CSVMAP_EMAIL: {
		char *em = NULL;
		const char *why = "not an e-mail address";
		enum identity_status st = identity_email_key(v, &em, &why);
		if (st == IDENTITY_EMPTY)
			return;
		if (st != IDENTITY_OK && (c->question || st == IDENTITY_DAMAGED)) {
			row_warn(x, "'%.60s' in column '%s' is not an e-mail address: %s (kept as custom)", v,
			         c->header, why);
			x->custom[i] = v;
			return;
		}
		if (st != IDENTITY_OK) {
			row_error(x, "invalid e-mail '%.100s' in column '%s': %s", v, c->header, why);
			return;
		}
		put(x, c->target, i, em);
		break;
	}
	case CSVMAP_PHONE: /* after the country is known (map_phones) */ break;
	case CSVMAP_EXTERNAL_ID: map_record_id(x, i, v); break;
	case CSVMAP_IDENTITIES: map_identities(x, i, v); break;
	case CSVMAP_LEAD_NUMBER: {
		char *end;
		long long num = strtoll(v, &end, 10);
		if (*end || num <= 0 || !isdigit((unsigned char)v[0]))
			row_warn(x, "lead number '%.60s' in column '%s' is not a number (a new one is given)",
			         v, c->header);
		else if (!row->lead_number)
			row->lead_number = num;
		break;
	}
	case CSVMAP_UPDATED_AT:
	case CSVMAP_ACTIVITY_AT: {
		lc_time *slot = c->target == CSVMAP_UPDATED_AT ? &row->updated_at : &row->activity_at;
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0) {
			row_error(x, "column '%s': %s", c->header, e);
			return;
		}
		if (t > *slot)
			*slot = t;
		break;
	}
	case CSVMAP_SUBMISSION_ID:
		if (!row->submission_id) {
			if (!(row->submission_id = strdup(v)))
				x->oom = 1;
		} else if (strcmp(row->submission_id, v) != 0) {
			x->custom[i] = v;
		}
		break;
	case CSVMAP_EMPLOYEES: {
		int64_t n;
		if (csvmap_employees(v, &n) != 0) {
			row_warn(x, "employees '%.60s' in column '%s' is not a number (kept as custom)", v,
			         c->header);
			x->custom[i] = v;
		} else if (row->lead.employees < 0) {
			row->lead.employees = n;
			x->src[c->target] = i;
		} else if (n != row->lead.employees) {
			x->custom[i] = v;
		}
		break;
	}
	case CSVMAP_CREATED_AT:
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0) {
			row_error(x, "column '%s': %s", c->header, e);
			return;
		}
		if (!row->has_created_at) {
			row->lead.created_at = t;
			row->has_created_at = 1;
			x->src[c->target] = i;
		} else if (t != row->lead.created_at) {
			x->custom[i] = v;
		}
		break;
	case CSVMAP_STAGE_AT:
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0) {
			row_error(x, "column '%s': %s", c->header, e);
			return;
		}
		if (!row->stage_at_known[c->stage]) {
			row->stage_at[c->stage] = t;
			row->stage_at_known[c->stage] = 1;
			x->stage_src[c->stage] = i;
		} else if (t < row->stage_at[c->stage]) {
			x->custom[x->stage_src[c->stage]] = x->val[x->stage_src[c->stage]];
			row->stage_at[c->stage] = t;
			x->stage_src[c->stage] = i;
		} else if (t > row->stage_at[c->stage]) {
			x->custom[i] = v;
		}
		break;
	case CSVMAP_CLOSED_AT:
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0) {
			row_error(x, "column '%s': %s", c->header, e);
			return;
		}
		if (!row->has_closed_at) {
			row->closed_at = t;
			row->has_closed_at = 1;
		} else if (t != row->closed_at) {
			x->custom[i] = v;
		}
		break;
	case CSVMAP_STAGE_DATE:
		if (datefmt_parse(v, &c->fmt, c->tz, &t, e, sizeof e) != 0) {
			row_error(x, "column '%s': %s", c->header, e);
			return;
		}
		if (!row->has_stage_date) {
			row->stage_date = t;
			row->has_stage_date = 1;
		}
		break;
	case CSVMAP_AMOUNT: {
		int64_t cents;
		char cur[4];
		if (money_parse(v, MONEY_DECIMAL_AUTO, &cents, cur) != 0) {
			row_warn(x, "amount '%.60s' in column '%s' is not an amount (kept as custom)", v,
			         c->header);
			x->custom[i] = v;
		} else if (row->amount_cents < 0) {
			row->amount_cents = cents;
			if (cur[0] && !row->currency[0])
				memcpy(row->currency, cur, sizeof cur);
		} else if (cents != row->amount_cents) {
			x->custom[i] = v;
		}
		break;
	}
	case CSVMAP_CURRENCY: {
		size_t k;
		if (strlen(v) != 3 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]) ||
		    !isalpha((unsigned char)v[2])) {
			row_warn(x,
			         "currency '%.60s' in column '%s' is not an ISO 4217 code (kept as custom)",
			         v, c->header);
			x->custom[i] = v;
			break;
		}
		for (k = 0; k < 3; k++)
			row->currency[k] = (char)toupper((unsigned char)v[k]);
		row->currency[3] = '\0';
		break;
	}
	case CSVMAP_REASON: {
		enum value_source from;
		const char *r;
		if (row->reason)
			break;
		r = reason_of(x->m, c, v, &from);
		row->reason_mapped = r != NULL;
		row->reason = strdup(r ? r : v);
		if (!row->reason)
			x->oom = 1;
		break;
	}
	case CSVMAP_STAGE: {
		int s = stage_of(x->m, c, v, NULL);
		/* The exact value is kept when the stage name loses detail
		 * ("Closed Won" -> won), not when it is the name ("won"). */
		if (s < 0 || strcasecmp(v, stage_name((enum lc_stage)s)) != 0)
			x->custom[i] = v;
		if (s == -1) {
			row_warn(x,
			         "stage '%.60s' in column '%s' is not recognised (kept as custom; map it "
			         "under %s in a mapping file)",
			         v, c->header, c->vkeys.n ? "the column's \"values\"" : "\"stages\"");
		} else if (s >= 0 &&
		           (!row->has_stage || stage_precedence[s] > stage_precedence[row->lead.stage])) {
			row->lead.stage = (enum lc_stage)s;
			row->has_stage = 1;
		}
		break;
	}
	case CSVMAP_DO_NOT_EMAIL:
	case CSVMAP_DO_NOT_CALL:
	case CSVMAP_UNSUBSCRIBED:
	case CSVMAP_LAWFUL_BASIS:
	case CSVMAP_LAWFUL_BASIS_AT:
	case CSVMAP_LAWFUL_BASIS_SOURCE: map_consent(x, i, v); break;
	default: put(x, c->target, i, strdup(v)); break;
	}
}

/* Split the full name into the missing first/last names; keep it as
 * custom when it was not needed and says something else. */
static void map_full_name(struct rowctx *x, size_t i, const char *v)
{
	struct lc_lead *l = &x->row->lead;
	char *first = NULL, *last = NULL;

	if (l->first_name && l->last_name) {
		char *both = strf("%s %s", l->first_name, l->last_name);
		if (!both) {
			x->oom = 1;
			return;
		}
		if (!fold_equal(both, v)) /* "JOSÉ LÓPEZ" is José López */
			x->custom[i] = v;
		free(both);
		return;
	}
	if (csvmap_split_name(v, &first, &last) != 0) {
		x->oom = 1;
		return;
	}
	if (l->first_name || l->last_name) {
		/* One part is known: the full name supplies the other only when
		 * it agrees with the known part. */
		if (l->first_name && !l->last_name && first && fold_equal(first, l->first_name)) {
			l->last_name = last;
			last = NULL;
		} else if (l->last_name && !l->first_name && last && fold_equal(last, l->last_name)) {
			l->first_name = first;
			first = NULL;
		} else {
			x->custom[i] = v;
		}
	} else {
		l->first_name = first;
		l->last_name = last;
		first = last = NULL;
	}
	free(first);
	free(last);
}

/* Apply constants (override) and defaults (fill). */
static void apply_constants(struct rowctx *x)
{
	const struct csvmap *m = x->m;
	struct lc_lead *l = &x->row->lead;
	size_t k;

	for (k = 0; k < m->nconsts; k++) {
		const struct spec_const *c = &m->consts[k];
		size_t src = x->src[c->target];
		if (c->target == CSVMAP_STAGE) {
			if (c->override || !x->row->has_stage) {
				l->stage = (enum lc_stage)stage_parse(c->value);
				x->row->has_stage = 1;
			}
		} else if (c->target == CSVMAP_EMPLOYEES) {
			int64_t n;
			if ((c->override || l->employees < 0) && csvmap_employees(c->value, &n) == 0) {
				if (src != SIZE_MAX && l->employees != n)
					x->custom[src] = x->val[src];
				l->employees = n;
			}
		} else {
			char **slot = lead_slot(l, c->target);
			if (*slot && !c->override)
				continue;
			if (*slot && strcmp(*slot, c->value) == 0)
				continue;
			if (*slot && src != SIZE_MAX)
				x->custom[src] = x->val[src]; /* the file's value is not lost */
			free(*slot);
			*slot = strdup(c->value);
			if (!*slot)
				x->oom = 1;
		}
	}
}

/* Read the event columns (file order) once created_at is known. */
static void map_events(struct rowctx *x)
{
	const struct csvmap *m = x->m;
	struct csvmap_row *row = x->row;
	size_t i;

	for (i = 0; i < m->ncols; i++) {
		const struct col *c = &m->cols[i];
		const char *v = x->val[i];
		lc_time at;
		char e[384];
		struct lc_event *ev;

		if (c->target != CSVMAP_EVENT || !v)
			continue;
		if (is_truthy(c, v)) {
			at = row->lead.created_at;
		} else if (norm_in(v, falsy_default)) {
			continue;
		} else if (datefmt_parse(v, &c->fmt, c->tz, &at, e, sizeof e) != 0) {
			row_warn(x,
			         "value '%.60s' in event column '%s' is neither yes/no nor a date (kept as "
			         "custom)",
			         v, c->header);
			x->custom[i] = v;
			continue;
		}
		ev = realloc(row->events, (row->nevents + 1) * sizeof *ev);
		if (!ev) {
			x->oom = 1;
			return;
		}
		row->events = ev;
		ev[row->nevents].type = strdup(c->event);
		ev[row->nevents].at = at;
		if (!ev[row->nevents].type) {
			x->oom = 1;
			return;
		}
		row->nevents++;
	}
}

/* Build lead.custom_json from the custom values, in file order. */
static void build_custom(struct rowctx *x)
{
	cJSON *obj = NULL;
	size_t i;

	for (i = 0; i < x->m->ncols; i++) {
		cJSON *s;
		if (!x->custom[i])
			continue;
		if (!obj && !(obj = cJSON_CreateObject()))
			goto oom;
		s = cJSON_CreateString(x->custom[i]);
		if (!s)
			goto oom;
		/* the key is copied: that can fail too (never a field dropped) */
		if (!cJSON_AddItemToObject(obj, x->m->cols[i].key, s)) {
			cJSON_Delete(s);
			goto oom;
		}
	}
	if (x->phone_ext) {
		if ((!obj && !(obj = cJSON_CreateObject())) ||
		    !cJSON_AddStringToObject(obj, "phone_extension", x->phone_ext))
			goto oom;
	}
	if (obj) {
		x->row->lead.custom_json = cJSON_PrintUnformatted(obj);
		if (!x->row->lead.custom_json)
			goto oom;
	}
	cJSON_Delete(obj);
	return;
oom:
	cJSON_Delete(obj);
	x->oom = 1;
}

int csvmap_row(const struct csvmap *m, const char *const *fields, size_t n, long line, struct csvmap_row *row)
{
	struct rowctx x;
	size_t i, total = 0, w = 0, k;
	int rc = -1;

	memset(row, 0, sizeof *row);
	lead_init(&row->lead);
	consent_init(&row->consent);
	row->line = line;
	row->amount_cents = -1;
	memset(&x, 0, sizeof x);
	x.m = m;
	x.row = row;
	for (i = 0; i < m->ncols && i < n; i++)
		total += strlen(fields[i] ? fields[i] : "") + 1;
	x.scratch = malloc(total + 1);
	x.val = calloc(m->ncols + 1, sizeof *x.val);
	x.custom = calloc(m->ncols + 1, sizeof *x.custom);
	x.src = malloc(CSVMAP_TARGET_COUNT * sizeof *x.src);
	if (!x.scratch || !x.val || !x.custom || !x.src)
		goto cleanup;
	for (k = 0; k < CSVMAP_TARGET_COUNT; k++)
		x.src[k] = SIZE_MAX;
	for (k = 0; k < STAGE_COUNT; k++)
		x.stage_src[k] = SIZE_MAX;

	/* Trimmed values; Meta prefixes stripped; "no value" markers dropped
	 * in mapped columns. */
	for (i = 0; i < m->ncols && i < n; i++) {
		const char *s = fields[i] ? fields[i] : "", *e;
		char *d = x.scratch + w;
		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		memcpy(d, s, (size_t)(e - s));
		d[e - s] = '\0';
		w += (size_t)(e - s) + 1;
		if (!*d)
			continue;
		/* A spreadsheet formula guard (leadctl's export writes "'+34..."
		 * for "+34..."): the quote is not part of the value. */
		if (d[0] == '\'' && d[1] && strchr("=+-@\t\r", d[1]))
			d++;
		x.val[i] = m->meta ? strip_meta_prefix(d) : d;
		if (m->cols[i].target != CSVMAP_CUSTOM && is_null_marker(x.val[i]))
			x.val[i] = NULL;
		/* Declared placeholders ("Select", "--select--") mean nothing in
		 * every column, custom ones included. */
		else if (strlist_has_nocase(&m->empty, d) || strlist_has_nocase(&m->cols[i].empty, d))
			x.val[i] = NULL;
	}

	for (k = 0; k < m->ncols && !row->error; k++) {
		i = m->order[k];
		if (x.val[i])
			map_value(&x, i, x.val[i]);
	}
	if (x.oom)
		goto cleanup;
	if (row->error) {
		rc = 0;
		goto cleanup;
	}
	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].target == CSVMAP_FULL_NAME && x.val[i])
			map_full_name(&x, i, x.val[i]);
	apply_constants(&x);
	map_phones(&x);
	shown_from_ids(&x);
	if (!row->has_created_at)
		row->lead.created_at = m->now;
	map_events(&x);
	if (!row->lead.email && !row->lead.external_id && !row->lead.phone)
		row_error(&x, "no e-mail, record id or phone%s: nothing identifies the lead",
		          row->warning ? " that can be used (see the warning)" : "");
	build_custom(&x);
	if (!x.oom)
		rc = 0;
cleanup:
	free(x.scratch);
	free(x.val);
	free(x.custom);
	free(x.src);
	free(x.phone_ext);
	return rc;
}

void csvmap_row_clear(struct csvmap_row *row)
{
	size_t i;

	lead_clear(&row->lead);
	consent_clear(&row->consent);
	for (i = 0; i < row->nevents; i++)
		free(row->events[i].type);
	free(row->events);
	free(row->error);
	free(row->warning);
	free(row->reason);
	free(row->submission_id);
	idlist_free(row->ids, row->nids);
	memset(row, 0, sizeof *row);
	lead_init(&row->lead);
	consent_init(&row->consent);
	row->amount_cents = -1;
}
