/* Unit tests for csvmap: the helpers (names, stages, employees, name
 * splitting), header mapping of real export headers, whole fixtures mapped
 * row by row, and mapping files with their error messages.
 *
 * A mapped row is compared as one line of text with only the fields that
 * are set, in a fixed order:
 *   email=... ext=... first=... last=... phone=... company=... website=...
 *   title=... country=... industry=... employees=N source=... campaign=...
 *   owner=... stage=S created=ISO|now new_at=ISO ... events=type@ISO,...
 *   custom={...} warn=...
 * or "ERR <message>" for a rejected row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "shared_data.h"

#include "leadctl/csvmap.h"
#include "leadctl/csvread.h"

#ifndef LC_SOURCE_DIR
#define LC_SOURCE_DIR "."
#endif

/* The instant rows without a date get: 2026-06-01T00:00:00Z. */
#define NOW ((lc_time)1780272000)

/* ---- helpers ---------------------------------------------------------- */

/* Append formatted text to the string *s (reallocated). */
__attribute__((format(printf, 2, 3))) static void cat(char **s, const char *fmt, ...)
{
	va_list ap;
	size_t old = *s ? strlen(*s) : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	*s = realloc(*s, old + (size_t)n + 1);
	assert_non_null(*s);
	va_start(ap, fmt);
	vsnprintf(*s + old, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* t as "YYYY-MM-DDTHH:MMZ" (seconds when not 0) into buf. */
static const char *iso(lc_time t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, tm.tm_sec ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%MZ", &tm);
	return buf;
}

/* The canonical text of a row (caller frees). */
static char *row_text(const struct csvmap_row *r)
{
	const struct lc_lead *l = &r->lead;
	char *s = NULL, b[40];
	size_t i;
	int st;

	if (r->error) {
		cat(&s, "ERR %s", r->error);
		return s;
	}
#define F(name, v)                                                                                           \
	do {                                                                                                 \
		if (v)                                                                                       \
			cat(&s, " " name "=%s", v);                                                          \
	} while (0)
	F("email", l->email);
	F("ext", l->external_id);
	F("sys", l->external_system);
	F("sub", r->submission_id);
	F("first", l->first_name);
	F("last", l->last_name);
	F("phone", l->phone);
	F("company", l->company);
	F("website", l->website);
	F("title", l->title);
	F("country", l->country);
	F("industry", l->industry);
	if (l->employees >= 0)
		cat(&s, " employees=%lld", (long long)l->employees);
	F("source", l->source);
	F("campaign", l->campaign);
	F("owner", l->owner);
#undef F
	if (r->has_stage)
		cat(&s, " stage=%s", stage_name(l->stage));
	if (r->has_created_at)
		cat(&s, " created=%s", iso(l->created_at, b, sizeof b));
	else
		cat(&s, " created=%s", l->created_at == NOW ? "now" : l->created_at == 0 ? "unset" : "WRONG");
	for (st = 0; st < STAGE_COUNT; st++)
		if (r->stage_at_known[st])
			cat(&s, " %s_at=%s", stage_name((enum lc_stage)st),
			    iso(r->stage_at[st], b, sizeof b));
	for (i = 0; i < r->nevents; i++)
		cat(&s, "%s%s@%s", i ? "," : " events=", r->events[i].type,
		    iso(r->events[i].at, b, sizeof b));
	if (r->has_closed_at)
		cat(&s, " closed=%s", iso(r->closed_at, b, sizeof b));
	if (r->has_stage_date)
		cat(&s, " stage_date=%s", iso(r->stage_date, b, sizeof b));
	if (r->amount_cents >= 0)
		cat(&s, " amount=%lld%s%s", (long long)r->amount_cents, r->currency[0] ? " " : "",
		    r->currency);
	if (r->reason)
		cat(&s, " reason=%s%s", r->reason, r->reason_mapped ? "" : "(as given)");
	for (i = 0; i < r->nids; i++)
		cat(&s, "%s%s:%s", i ? ";" : " ids=",
		    r->ids[i].kind == IDLIST_EMAIL   ? "email"
		    : r->ids[i].kind == IDLIST_PHONE ? "phone"
		                                     : r->ids[i].system,
		    r->ids[i].value);
	if (r->lead_number)
		cat(&s, " number=%lld", (long long)r->lead_number);
	if (r->updated_at)
		cat(&s, " updated=%s", iso(r->updated_at, b, sizeof b));
	if (r->activity_at)
		cat(&s, " activity=%s", iso(r->activity_at, b, sizeof b));
	if (l->custom_json)
		cat(&s, " custom=%s", l->custom_json);
	if (r->warning)
		cat(&s, " warn=%s", r->warning);
	memmove(s, s + 1, strlen(s)); /* the leading space */
	return s;
}

/* Path of a fixture of this project (static buffer). */
static const char *fixture(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof path, "%s/tests/fixtures/csv/%s", LC_SOURCE_DIR, name);
	return path;
}

/* How to read and map one file. */
struct map_setup {
	const char *enc;     /* declared encoding, or NULL */
	const char *datefmt; /* --date-format, or NULL */
	const char *tz;      /* zone (the SLA's), or NULL for UTC */
	const char *cc;      /* default country code, or NULL */
	const char *map;     /* mapping file under the fixtures, or NULL */
};

/* Read path, map every record and return one line per record (rejected
 * records as "<line>! <reason>"), preceded by the non-custom columns when
 * with_header ("Email>email Phone>phone"). */
static char *map_file(const char *path_in, const struct map_setup *su, int with_header)
{
	char *path = strdup(path_in); /* fixture() reuses its buffer for the map */
	struct csvread_opts ro;
	struct csvread *r = NULL;
	struct csvmap_spec *spec = NULL;
	struct csvmap_opts mo;
	struct csvmap *m = NULL;
	struct csvread_record rec;
	const char *const *h;
	char *err = NULL, *out = NULL;
	size_t n, i;
	int rc;

	assert_non_null(path);
	csvread_opts_init(&ro);
	if (su->enc)
		assert_int_equal(csvread_encoding_parse(su->enc, &ro.encoding), 0);
	memset(&mo, 0, sizeof mo);
	datefmt_init(&mo.datefmt);
	if (su->datefmt)
		assert_int_equal(datefmt_spec(su->datefmt, &mo.datefmt, NULL, 0), 0);
	mo.tz = su->tz;
	mo.default_cc = su->cc;
	mo.now = NOW;
	if (su->map && csvmap_spec_load(fixture(su->map), &spec, &err) != 0)
		fail_msg("%s: %s", su->map, err);
	if (csvread_open(path, &ro, &r, &err) != 0)
		fail_msg("%s: %s", path, err);
	n = csvread_header(r, &h);
	if (csvmap_new(h, n, spec, &mo, &m, &err) != 0)
		fail_msg("%s: %s", path, err);
	if (with_header) {
		const struct csvmap_entry *e;
		size_t ne = csvmap_entries(m, &e);
		for (i = 0; i < ne; i++)
			if (e[i].column && strcmp(e[i].target, "custom") != 0)
				cat(&out, "%s%s>%s", out ? " " : "", e[i].header, e[i].target);
		cat(&out, "\n");
	}
	while ((rc = csvread_next(r, &rec)) == CSVREAD_RECORD) {
		struct csvmap_row row;
		char *t;
		if (rec.error) {
			cat(&out, "%ld! %s\n", rec.line, rec.error);
			continue;
		}
		assert_int_equal(csvmap_row(m, (const char *const *)rec.fields, rec.nfields, rec.line, &row),
		                 0);
		t = row_text(&row);
		if (rec.end_line != rec.line)
			cat(&out, "%ld-%ld: %s\n", rec.line, rec.end_line, t);
		else
			cat(&out, "%ld: %s\n", rec.line, t);
		free(t);
		csvmap_row_clear(&row);
	}
	assert_int_equal(rc, CSVREAD_END);
	csvmap_free(m);
	csvmap_spec_free(spec);
	csvread_close(r);
	free(path);
	return out;
}

/* Fail with both texts when they differ. */
static void expect_text(const char *name, const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n--- got ---\n%s--- want ---\n%s", name, got, want);
}

/* ---- helpers of the module ---------------------------------------------- */

static void test_norm_name(void **state)
{
	static const char *const cases[][2] = {
		{ "E-mail Address", "emailaddress" },
		{ "email_address", "emailaddress" },
		{ "  Phone Number (recommended) ", "phonenumberrecommended" },
		{ "Submit Date (UTC)", "submitdateutc" },
		{ "Correo electr\xc3\xb3nico", "correoelectronico" },
		{ "\xc2\xbfPidi\xc3\xb3 demo?", "pidiodemo" },
		{ "Stra\xc3\x9f"
		  "e",
		  "strasse" },
		{ "#", "" },
		{ "\xd0\x98\xd0\xbc\xd1\x8f", "\xd0\x98\xd0\xbc\xd1\x8f" },
	};
	size_t i;
	char buf[128];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(csvmap_norm_name(cases[i][0], buf, sizeof buf), cases[i][1]);
}

static void test_stage_values(void **state)
{
	static const struct {
		const char *value;
		int stage;
	} cases[] = {
		{ "Marketing Qualified Lead", STAGE_MQL },
		{ "marketingqualifiedlead", STAGE_MQL },
		{ "Sales Qualified Lead", STAGE_SQL },
		{ "salesqualifiedlead", STAGE_SQL },
		{ "Subscriber", STAGE_NEW },
		{ "Lead", STAGE_NEW },
		{ "Opportunity", STAGE_SQL },
		{ "Customer", STAGE_WON },
		{ "Evangelist", STAGE_WON },
		{ "Other", -2 },
		{ "Open - Not Contacted", STAGE_NEW },
		{ "Working - Contacted", -2 },
		{ "Closed - Converted", STAGE_SQL },
		{ "Closed - Not Converted", STAGE_DISQUALIFIED },
		{ "Attempted to Contact", -2 },
		{ "Unqualified", STAGE_DISQUALIFIED },
		{ "Bad Timing", STAGE_NURTURE },
		{ "Open Deal", STAGE_SQL },
		{ "Junk Lead", STAGE_DISQUALIFIED },
		{ "Lost Lead", STAGE_LOST },
		{ "Pre-Qualified", STAGE_MQL },
		{ "Contact in Future", STAGE_NURTURE },
		{ "Not Qualified", STAGE_DISQUALIFIED },
		{ "Recycled", STAGE_NURTURE },
		{ "Dead", STAGE_DISQUALIFIED },
		{ "In Process", -2 },
		{ "Closed Won", STAGE_WON },
		{ "closed_lost", STAGE_LOST },
		{ "Hot prospect", -1 },
		{ "", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (csvmap_stage_value(cases[i].value) != cases[i].stage)
			fail_msg("'%s': got %d, want %d", cases[i].value, csvmap_stage_value(cases[i].value),
			         cases[i].stage);
}

static void test_employees(void **state)
{
	static const struct {
		const char *value;
		int64_t want; /* -1 = refused */
	} cases[] = {
		{ "250", 250 },
		{ " 51-200 ", 51 },
		{ "51 - 200", 51 },
		{ "1,001-5,000", 1001 },
		{ "10,001+", 10001 },
		{ "10000+", 10000 },
		{ "1.000", 1000 },
		{ "1 000", 1000 },
		{ "11 to 50", 11 },
		{ "201\xe2\x80\x93"
		  "500",
		  201 },
		{ "0", 0 },
		{ "many", -1 },
		{ "1.5", -1 },
		{ "200-51", -1 },
		{ "<10", -1 },
		{ "", -1 },
		{ "12 employees", -1 },
		{ "1,5", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = -7;
		int rc = csvmap_employees(cases[i].value, &got);
		if (cases[i].want < 0 ? rc == 0 : (rc != 0 || got != cases[i].want))
			fail_msg("'%s': rc %d got %lld want %lld", cases[i].value, rc, (long long)got,
			         (long long)cases[i].want);
	}
}

static void test_split_name(void **state)
{
	static const char *const cases[][3] = {
		{ "Ana Mar\xc3\xad"
		  "a Garc\xc3\xad"
		  "a",
		  "Ana Mar\xc3\xad"
		  "a",
		  "Garc\xc3\xad"
		  "a" },
		{ "Garc\xc3\xad"
		  "a, Ana",
		  "Ana",
		  "Garc\xc3\xad"
		  "a" },
		{ "  Cher ", "Cher", NULL },
		{ "Juan de la Cruz", "Juan", "de la Cruz" },
		{ "Ludwig van Beethoven", "Ludwig", "van Beethoven" },
		{ "Robert De Niro", "Robert", "De Niro" },
		{ "Van Morrison", "Van", "Morrison" },
		{ "Mary  Ann   Smith", "Mary  Ann", "Smith" },
		{ "Smith,", NULL, "Smith" },
		/* suffixes stay with the last name; their comma is not "Last, First" */
		{ "John Smith Jr.", "John", "Smith Jr." },
		{ "Mary Jones, MD", "Mary", "Jones MD" },
		{ "Ana de la Vega, PhD", "Ana", "de la Vega PhD" },
		{ "Lee, Ana, M.D.", "Ana", "Lee M.D." },
		{ "Henry Ford III", "Henry", "Ford III" },
		{ "Cher Jr.", "Cher", "Jr." },
		{ "Jr.", "Jr.", NULL },
		{ "", NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *first, *last;
		assert_int_equal(csvmap_split_name(cases[i][0], &first, &last), 0);
		if ((cases[i][1] ? !first || strcmp(first, cases[i][1]) : first != NULL) ||
		    (cases[i][2] ? !last || strcmp(last, cases[i][2]) : last != NULL))
			fail_msg("'%s': got '%s' / '%s'", cases[i][0], first ? first : "(null)",
			         last ? last : "(null)");
		free(first);
		free(last);
	}
}

/* ---- header lines of real exports --------------------------------------- */

/* A file whose mapped (non-custom) columns must read as want. */
struct header_case {
	const char *file; /* under ../shared/data or the fixtures */
	const char *want; /* "Header>target ..." */
};

static const struct header_case shared_headers[] = {
	{ "formats/meta_business_suite_leads_center.header.csv",
	  "Created>created_at Name>full_name Email address>email Source>source Channel>source "
	  "Stage>stage Owner>owner Phone number (recommended)>phone\n" },
	{ "formats/meta_lead_ads_export_variant1.header.tsv",
	  "id>submission_id created_time>created_at campaign_name>campaign platform>source "
	  "full_name>full_name phone_number>phone work_email>email lead_status>stage\n" },
	{ "formats/meta_lead_ads_export_variant2.header.tsv",
	  "id>submission_id created_time>created_at campaign_name>campaign platform>source "
	  "full_name>full_name phone_number>phone email>email\n" },
	{ "formats/suitecrm8_leads_export.header.csv",
	  "First Name>first_name Last Name>last_name ID>external_id.suitecrm Job Title>title "
	  "Account Name>company Website>website Email Address>email Mobile>phone Office Phone>phone "
	  "Primary Address Country>country Status>stage Lead Source>source Do Not Call>do_not_call "
	  "Assigned to>owner Assigned User>owner Date Created>created_at Lawful Basis>lawful_basis "
	  "Lawful Basis Source>lawful_basis_source\n" },
};

static void test_shared_headers(void **state)
{
	const struct map_setup su = { NULL, NULL, "Europe/Madrid", "34", NULL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof shared_headers / sizeof shared_headers[0]; i++) {
		char *got = map_file(shared(shared_headers[i].file), &su, 1);
		expect_text(shared_headers[i].file, got, shared_headers[i].want);
		free(got);
	}
}

/* ---- fixtures mapped row by row --------------------------------------- */

/* One fixture with its setup and the expected header line and rows. */
struct file_case {
	const char *file;       /* under tests/fixtures/csv */
	struct map_setup setup; /* how to read and map it */
	const char *want;       /* header line, then one line per record */
};

static const struct file_case file_cases[] = {
	{ "hubspot_contacts.csv",
	  { NULL, NULL, "Europe/Madrid", "34", NULL },
	  "Record ID>external_id.hubspot First Name>first_name Last Name>last_name Email>email Phone "
	  "Number>phone "
	  "Lifecycle Stage>stage Lead Status>stage Contact owner>owner Create Date>created_at "
	  "Became a Lead Date>new_at Became a Marketing Qualified Lead Date>mql_at "
	  "Became a Sales Qualified Lead Date>sql_at Became an Opportunity Date>sql_at "
	  "Became a Customer Date>won_at Number of Employees>employees Company Name>company\n"
	  "2: email=ana.garcia@acme.example ext=101 sys=hubspot first=Ana last=Garc\xc3\xad"
	  "a phone=+34600111222 "
	  "company=Acme S.L. employees=51 owner=Ana Owner stage=mql created=2026-05-10T07:15Z "
	  "new_at=2026-05-10T07:15Z mql_at=2026-05-11T08:00Z "
	  "custom={\"Lifecycle Stage\":\"Marketing Qualified Lead\",\"Lead Status\":\"Attempted to Contact\","
	  "\"Favourite colour\":\"blue\"}\n"
	  "3: email=bob@beta.example ext=102 sys=hubspot first=Bob phone=+34600333444 company=Beta Ltd "
	  "employees=10001 "
	  "owner=Bea Owner stage=won created=2026-04-01T06:00Z new_at=2026-04-01T06:00Z "
	  "mql_at=2026-04-02T06:00Z sql_at=2026-04-02T10:00Z won_at=2026-05-01T15:30Z "
	  "custom={\"Lifecycle Stage\":\"customer\",\"Became a Sales Qualified Lead Date\":\"2026-04-03 "
	  "08:00\"}\n"
	  "4: ERR line 4: invalid e-mail 'not-an-email' in column 'Email': not an e-mail address (no '@')\n"
	  "5: ext=104 sys=hubspot stage=nurture created=2026-05-13T10:00Z "
	  "custom={\"Lifecycle Stage\":\"Lead\",\"Lead Status\":\"Bad Timing\",\"Favourite "
	  "colour\":\"green\"}\n"
	  "6: ERR line 6: column 'Create Date': '2026-02-30 10:00': day 30 is past the end of February "
	  "2026\n" },
	{ "salesforce_leads.csv",
	  { NULL, NULL, "Europe/Madrid", NULL, NULL },
	  "Id>external_id.salesforce FirstName>first_name LastName>last_name Company>company Email>email "
	  "Phone>phone "
	  "LeadSource>source Status>stage CreatedDate>created_at Title>title Industry>industry "
	  "NumberOfEmployees>employees Website>website Country>country OwnerId>owner\n"
	  "2: email=mj@acme.example ext=00Q5e00000AbCdE sys=salesforce first=Mar\xc3\xad"
	  "a Jos\xc3\xa9 last=L\xc3\xb3pez "
	  "company=Acme, Inc. website=https://www.acme.example title=VP Sales country=Spain "
	  "industry=Software employees=250 source=Web owner=0055e000001XyZ stage=new "
	  "created=2026-05-10T09:15Z "
	  "custom={\"Phone\":\"(555) 010-2030\",\"Status\":\"Open - Not Contacted\"} "
	  "warn=line 2: phone '(555) 010-2030' in column 'Phone' is not used: not a possible phone number "
	  "(too long for its country) (kept as custom)\n"
	  "3: email=li@globex.example ext=00Q5e00000AbCdF sys=salesforce first=Li last=Wei company=Globex "
	  "title=CTO "
	  "country=China industry=Manufacturing employees=1200 source=Webinar owner=0055e000001XyZ "
	  "stage=disqualified created=2026-05-11T22:30Z custom={\"Status\":\"Closed - Not Converted\"}\n" },
	{ "google_forms.csv",
	  { NULL, NULL, "America/New_York", NULL, NULL },
	  "Timestamp>created_at Email Address>email Your name>full_name Company>company\n"
	  "2-3: ERR line 2: column 'Timestamp': '5/10/2026 9:15:00': numeric date with day and month in "
	  "unknown order: declare day_first or month_first\n"
	  "4: ERR line 4: column 'Timestamp': '5/11/2026 14:05:30': numeric date with day and month in "
	  "unknown order: declare day_first or month_first\n"
	  "5: ERR line 5: column 'Timestamp': '5/12/2026 8:00:00': numeric date with day and month in "
	  "unknown order: declare day_first or month_first\n" },
	{ "google_forms.csv",
	  { NULL, "month_first", "America/New_York", NULL, NULL },
	  "Timestamp>created_at Email Address>email Your name>full_name Company>company\n"
	  "2-3: email=ana@acme.example first=Ana Mar\xc3\xad"
	  "a last=Garc\xc3\xad"
	  "a company=Acme "
	  "created=2026-05-10T13:15Z custom={\"How many people work there?\":\"11-50\",\"Requested "
	  "demo\":\"Yes\","
	  "\"Anything else?\":\"Call me\\nafter 5pm\"}\n"
	  "4: email=bob@beta.example first=Bob last=Garc\xc3\xad"
	  "a company=Beta created=2026-05-11T18:05:30Z "
	  "custom={\"How many people work there?\":\"5000\",\"Requested demo\":\"No\"}\n"
	  "5: email=cleo@gamma.example first=Cleo company=Gamma created=2026-05-12T12:00Z "
	  "custom={\"Requested demo\":\"maybe\"}\n" },
	{ "typeform.csv",
	  { NULL, NULL, "Europe/Madrid", NULL, NULL },
	  "#>submission_id What is your email?>email First name>first_name Last name>last_name "
	  "Submit Date (UTC)>created_at\n"
	  "2: email=ana@acme.example sub=a1b2c3d4 first=Ana last=Garc\xc3\xad"
	  "a created=2026-05-10T09:15Z "
	  "custom={\"Start Date (UTC)\":\"2026-05-10 09:10:00\",\"Network ID\":\"f1e2d3\"}\n" },
	{ "meta_lead_ads_utf16le.tsv",
	  { NULL, NULL, "Europe/Madrid", "34", NULL },
	  "id>submission_id created_time>created_at campaign_name>campaign platform>source "
	  "full_name>full_name "
	  "phone_number>phone email>email company_name>company job_title>title\n"
	  "2: email=jose@perez.example sub=1234567890 first=Jos\xc3\xa9 last=P\xc3\xa9rez "
	  "phone=+447700900123 "
	  "company=P\xc3\xa9rez & Hijos title=CEO source=fb campaign=Spring 2026 created=2026-05-10T07:15Z "
	  "custom={\"ad_id\":\"111\",\"ad_name\":\"Spring ad\",\"campaign_id\":\"222\",\"form_id\":\"333\","
	  "\"is_organic\":\"FALSE\"}\n"
	  "3: email=fan@emoji.example sub=1234567891 first=\xf0\x9f\x98\x80 Emoji last=Fan "
	  "phone=+34600000001 "
	  "source=ig campaign=Spring 2026 created=2026-05-10T08:00Z "
	  "custom={\"ad_id\":\"111\",\"ad_name\":\"Spring ad\",\"campaign_id\":\"222\",\"form_id\":\"333\","
	  "\"is_organic\":\"TRUE\"}\n" },
	{ "meta_business_suite.csv",
	  { NULL, "day_first", "Europe/Madrid", "34", NULL },
	  "Created>created_at Name>full_name Email address>email Source>source Channel>source Stage>stage "
	  "Owner>owner Phone number (recommended)>phone\n"
	  "2: email=ana@acme.example first=Ana last=Garc\xc3\xad"
	  "a phone=+34600111222 source=Facebook "
	  "stage=new created=2024-10-08T19:35Z custom={\"Form\":\"Spring form\",\"Channel\":\"Paid\","
	  "\"Stage\":\"Intake\"}\n"
	  "3: email=bob@beta.example first=Bob last=Beta source=Instagram owner=Ana stage=sql "
	  "created=2024-10-25T07:05Z custom={\"Form\":\"Spring "
	  "form\",\"Channel\":\"Paid\",\"Stage\":\"Converted\","
	  "\"Labels\":\"vip, hot\",\"Secondary phone number\":\"+34600333444\"}\n" },
	{ "zoho_leads.csv",
	  { NULL, NULL, "UTC", NULL, NULL },
	  "Record Id>external_id.zoho Lead Owner>owner First Name>first_name Last Name>last_name Email>email "
	  "Lead Source>source Lead Status>stage Created Time>created_at No. of Employees>employees\n"
	  "2: email=pat@lee.example ext=zcrm_1 sys=zoho first=Pat last=Lee employees=1000 source=Trade Show "
	  "owner=Ana Owner created=2021-04-15T00:03Z custom={\"Lead Status\":\"Contacted\"}\n" },
	{ "linkedin_leads.csv",
	  { NULL, NULL, "Asia/Singapore", NULL, NULL },
	  "First Name>first_name Last Name>last_name Email Address>email Phone Number>phone "
	  "Company Name>company Job Title>title Country>country Company Size>employees Industry>industry "
	  "Submitted At>created_at\n"
	  "2: email=kim@ng.example first=Kim last=Ng company=Ng Co title=Head of Growth country=Singapore "
	  "industry=Retail employees=201 created=2026-05-10T01:15Z "
	  "custom={\"LinkedIn Profile URL\":\"https://linkedin.example/in/kimng\"}\n" },
	{ "excel_es_cp1252.csv",
	  { "windows-1252", "day_first", "Europe/Madrid", "34", NULL },
	  "Nombre>first_name Apellidos>last_name Correo electr\xc3\xb3nico>email Tel\xc3\xa9"
	  "fono>phone "
	  "Empresa>company Fecha de alta>created_at\n"
	  "2: email=jose@munoz.example first=Jos\xc3\xa9 last=Mu\xc3\xb1oz phone=+34600111222 "
	  "company=Mu\xc3\xb1oz S.A. created=2026-11-21T13:05Z custom={\"Presupuesto\":\"1.000 "
	  "\xe2\x82\xac\"}\n" },
	{ "excel_trailing.csv",
	  { NULL, NULL, NULL, "34", NULL },
	  "Email>email Phone>phone Phone>custom:Phone (2)\n"
	  "2: email=ana@acme.example phone=+34600111222 created=now custom={\"Phone (2)\":\"+44 20 7946 "
	  "0000\"}\n"
	  "3: email=bob@beta.example created=now\n" },
	{ "webinar_es.csv",
	  { NULL, NULL, "UTC", NULL, "map_full.json" },
	  "Correo>email Nombre>full_name Fecha>created_at Pidi\xc3\xb3 demo>event:demo_request "
	  "Descarg\xc3\xb3 caso>event:case_study_download Inter\xc3\xa9s>custom:interest Etapa>stage "
	  "MQL>mql_at "
	  "Notas internas>ignore Lead Source>source\n"
	  "2: email=ana@acme.example first=Ana last=Garc\xc3\xad"
	  "a country=ES employees=10 source=webinar "
	  "stage=mql created=2026-04-03T08:00Z mql_at=2026-04-04T09:30Z "
	  "events=demo_request@2026-04-03T08:00Z,case_study_download@2026-04-01T10:00Z "
	  "custom={\"interest\":\"CRM\",\"Etapa\":\"Caliente\",\"Lead Source\":\"Google\"}\n"
	  "3: email=bob@beta.example first=Bob country=ES employees=10 source=webinar "
	  "created=2026-04-05T09:00Z "
	  "custom={\"Etapa\":\"Fr\xc3\xado\"}\n" },
};

static void test_fixture_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
		char *got = map_file(fixture(file_cases[i].file), &file_cases[i].setup, 1);
		expect_text(file_cases[i].file, got, file_cases[i].want);
		free(got);
	}
}

/* ---- rows from field arrays ------------------------------------------- */

/* Map one record of the given header with spec text (NULL = none). */
static char *map_one(const char *const *header, size_t n, const char *spec_text, const char *const *fields)
{
	struct csvmap_spec *spec = NULL;
	struct csvmap_opts mo;
	struct csvmap *m = NULL;
	struct csvmap_row row;
	char *err = NULL, *t;

	memset(&mo, 0, sizeof mo);
	datefmt_init(&mo.datefmt);
	mo.now = NOW;
	mo.tz = "UTC";
	if (spec_text && csvmap_spec_parse(spec_text, strlen(spec_text), "m.json", &spec, &err) != 0)
		fail_msg("spec: %s", err);
	if (csvmap_new(header, n, spec, &mo, &m, &err) != 0)
		fail_msg("map: %s", err);
	assert_int_equal(csvmap_row(m, fields, n, 7, &row), 0);
	t = row_text(&row);
	csvmap_row_clear(&row);
	csvmap_free(m);
	csvmap_spec_free(spec);
	return t;
}

/* Another CRM's deals and spreadsheet habits: close date, amount with its
 * currency, reasons through the value map, placeholders declared empty
 * (globally and per column), a repeated name addressed as "Name (2)" and
 * by position, leadctl's own export columns and its formula guard. */
static void test_migration_rules(void **state)
{
	static const char *const h[] = { "Deal ID", "Email", "Stage", "Closed", "Value",
		                         "Why",     "Tier",  "Phone", "Phone" };
	static const char *const own[] = { "id",       "email", "phone",       "stage",
		                           "stage_at", "score", "activity_at", "custom.Tier" };
	static const char *spec =
	        "{\"columns\": {\"Deal ID\": \"external_id\", \"Closed\": \"closed_at\", \"Value\": "
	        "\"amount\", \"Why\": \"reason\", \"Tier\": {\"field\": \"custom\", \"empty\": [\"n.a.\"]}, "
	        "\"Phone (2)\": \"ignore\"}, \"stages\": {\"Closed Lost\": \"lost\"}, \"reasons\": "
	        "{\"Too expensive\": \"price\"}, \"empty\": [\"--Select--\"]}";
	char *t;

	(void)state;
	t = map_one(h, 9, spec,
	            (const char *const[]){ "D-1", "a@b.example", "Closed Lost", "2026-03-01",
	                                   "22.700,00 \xe2\x82\xac", "too expensive", "n.a.", "--select--",
	                                   "+34 600 000 001" });
	assert_string_equal(t, "email=a@b.example ext=D-1 stage=lost created=now closed=2026-03-01T00:00Z "
	                       "amount=2270000 EUR reason=price custom={\"Stage\":\"Closed Lost\"}");
	free(t);
	t = map_one(h, 9, spec,
	            (const char *const[]){ "D-2", "c@d.example", "lost", "", "$1,054", "Went quiet", "Gold",
	                                   "+34 600 000 002", "" });
	assert_string_equal(t, "email=c@d.example ext=D-2 phone=+34600000002 stage=lost created=now "
	                       "amount=105400 USD reason=Went quiet(as given) custom={\"Tier\":\"Gold\"}");
	free(t);
	/* by position: the 9th column is the phone, the 8th (the first Phone) ignored */
	t = map_one(h, 9, "{\"columns\": {\"#9\": \"phone\", \"#8\": \"ignore\"}}",
	            (const char *const[]){ "", "e@f.example", "", "", "", "", "", "+34 600 000 008",
	                                   "+34 600 000 009" });
	assert_string_equal(t, "email=e@f.example phone=+34600000009 created=now");
	free(t);
	/* leadctl's own export: the lead number and derived columns are not
	 * data, the guard quote goes, custom.KEY is the custom field KEY */
	t = map_one(own, 8, NULL,
	            (const char *const[]){ "7", "g@h.example", "'+34600000007", "sql", "2026-04-02T10:00:00Z",
	                                   "55", "2026-04-03T00:00:00Z", "'=1+2" });
	assert_string_equal(t, "email=g@h.example phone=+34600000007 stage=sql created=now "
	                       "stage_date=2026-04-02T10:00Z number=7 activity=2026-04-03T00:00Z "
	                       "custom={\"Tier\":\"=1+2\"}");
	free(t);
}

/* leadctl's own export's identities column: every entry through the
 * identity module; the record id takes the listed system (over a guess
 * from its shape); what no column gave comes from the list; a bad entry
 * rejects the row. */
static void test_identities_column(void **state)
{
	static const char *const own[] = { "id",       "email",       "external_id",
		                           "stage_at", "activity_at", "identities" };
	static const struct {
		const char *ext, *ids, *want;
	} cases[] = {
		{ "5101", "email:A@B.example;phone:+34 600 000 001;hubspot:5101",
		  "email=g@h.example ext=5101 sys=hubspot phone=+34600000001 created=now "
		  "ids=email:a@b.example;phone:+34600000001;"
		  "hubspot:5101 number=3" },
		/* a Salesforce-shaped id of another system keeps the listed one */
		{ "00Q5g00000XyZ12", "ext:00Q5g00000XyZ12;salesforce:00Q5g00000XyZ99",
		  "email=g@h.example ext=00Q5g00000XyZ12 sys=ext created=now ids=ext:00Q5g00000XyZ12;"
		  "salesforce:00Q5g00000XyZ99 number=3" },
		/* no record id column value: the first listed one, escaped ';' undone */
		{ "", "zoho:K%3B9", "email=g@h.example ext=K;9 sys=zoho created=now ids=zoho:K;9 number=3" },
		{ "", "email:nope",
		  "ERR line 7: column 'identities': entry 1 ('nope') is not an identity: " },
		{ "", "phone:+34 12",
		  "ERR line 7: column 'identities': entry 1 ('+34 12') is not an identity: " },
		{ "", "4.71E+15", "ERR line 7: column 'identities': entry '4.71E+15' is not KIND:VALUE" },
		{ "", "zoho:4.71236E+15",
		  "ERR line 7: column 'identities': entry 1 ('4.71236E+15') is not an identity: " },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = map_one(
		        own, 6, NULL,
		        (const char *const[]){ "3", "g@h.example", cases[i].ext, "", "", cases[i].ids });
		if (strncmp(t, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, t, cases[i].want);
		free(t);
	}
}

/* A value map per column: two stage columns with different vocabularies,
 * a 0/1 column, a reason column; the global "stages" and "reasons" still
 * apply to values a column's map does not name. */
static void test_column_values(void **state)
{
	static const char *const h[] = { "Email", "Lead Status", "Lifecycle Stage", "Converted", "Why" };
	static const char *spec =
	        "{\"columns\": {\"Lead Status\": {\"field\": \"stage\", \"values\": {\"Qualified\": "
	        "\"mql\"}},"
	        " \"Lifecycle Stage\": {\"field\": \"stage\", \"values\": {\"Qualified\": \"sql\", \"Dead\": "
	        "\"lost\"}}, \"Converted\": {\"values\": {\"1\": \"won\", \"0\": \"none\"}, \"field\": "
	        "\"stage\"}, \"Why\": {\"field\": \"reason\", \"values\": {\"Too pricey\": \"price\"}}}, "
	        "\"stages\": {\"Hot\": \"mql\"}, \"reasons\": {\"Later\": \"timing\"}}";
	static const struct {
		const char *f[5];
		const char *want;
	} cases[] = {
		{ { "a@b.example", "Qualified", "", "0", "" }, "email=a@b.example stage=mql created=now" },
		{ { "a@b.example", "", "Qualified", "0", "" }, "email=a@b.example stage=sql created=now" },
		{ { "a@b.example", "Qualified", "Qualified", "", "" },
		  "email=a@b.example stage=sql created=now" },
		{ { "a@b.example", "", "", "1", "" }, "email=a@b.example stage=won created=now" },
		{ { "a@b.example", "Hot", "Dead", "", "too pricey" },
		  "email=a@b.example stage=lost created=now reason=price" },
		{ { "a@b.example", "", "Dead", "", "later" },
		  "email=a@b.example stage=lost created=now reason=timing" },
		{ { "a@b.example", "", "", "2", "" },
		  "email=a@b.example created=now custom={\"Converted\":\"2\"} warn=line 7: stage '2' in "
		  "column "
		  "'Converted' is not recognised (kept as custom; map it under the column's \"values\" in a "
		  "mapping file)" },
	};
	struct csvmap_spec *sp = NULL;
	struct csvmap_opts mo;
	struct csvmap *m = NULL;
	char *err = NULL, buf[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = map_one(h, 5, spec, cases[i].f);
		if (strncmp(t, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, t, cases[i].want);
		free(t);
	}
	/* what --explain says of each value, per column */
	memset(&mo, 0, sizeof mo);
	datefmt_init(&mo.datefmt);
	mo.now = NOW;
	assert_int_equal(csvmap_spec_parse(spec, strlen(spec), "m.json", &sp, &err), 0);
	assert_int_equal(csvmap_new(h, 5, sp, &mo, &m, &err), 0);
	assert_string_equal(csvmap_value_meaning(m, 1, "Qualified", buf, sizeof buf),
	                    "mql (this column's \"values\")");
	assert_string_equal(csvmap_value_meaning(m, 2, "Qualified", buf, sizeof buf),
	                    "sql (this column's \"values\")");
	assert_string_equal(csvmap_value_meaning(m, 1, "Hot", buf, sizeof buf), "mql");
	assert_string_equal(csvmap_value_meaning(m, 1, "Customer", buf, sizeof buf), "won");
	assert_string_equal(csvmap_value_meaning(m, 3, "0", buf, sizeof buf),
	                    "no stage (this column's \"values\": none)");
	assert_string_equal(csvmap_value_meaning(m, 3, "2", buf, sizeof buf),
	                    "unmapped: kept as custom (map it under this column's \"values\")");
	assert_string_equal(csvmap_value_meaning(m, 4, "Too Pricey", buf, sizeof buf),
	                    "price (this column's \"values\")");
	assert_string_equal(csvmap_value_meaning(m, 4, "Later", buf, sizeof buf), "timing");
	assert_string_equal(csvmap_value_meaning(m, 4, "Meh", buf, sizeof buf),
	                    "kept as given (not in this column's \"values\" or \"reasons\")");
	csvmap_free(m);
	csvmap_spec_free(sp);
}

/* Rules that no fixture shows: identity, null markers, warnings, events,
 * secondary columns and constants. */
static void test_row_rules(void **state)
{
	static const char *const h1[] = { "Email",           "Phone",       "Employees",
		                          "Lifecycle Stage", "Lead Status", "Company" };
	static const char *const h2[] = { "Email",      "E-mail",  "Record ID", "Full Name",
		                          "First Name", "Created", "Date" };
	static const char *const h3[] = { "email", "Requested demo", "Webinar", "created" };
	char *t;

	(void)state;
	t = map_one(h1, 6, NULL, (const char *const[]){ "", "n/a", "", "", "", "Acme" });
	assert_string_equal(t, "ERR line 7: no e-mail, record id or phone: nothing identifies the lead");
	free(t);
	t = map_one(h1, 6, NULL,
	            (const char *const[]){ "a@b.example", "12", "lots", "Hot", "Unqualified", "NULL" });
	assert_string_equal(
	        t, "email=a@b.example stage=disqualified created=now "
	           "custom={\"Phone\":\"12\",\"Employees\":\"lots\",\"Lifecycle Stage\":\"Hot\","
	           "\"Lead Status\":\"Unqualified\"} "
	           "warn=line 7: employees 'lots' in column 'Employees' is not a number (kept as custom); "
	           "stage 'Hot' in column 'Lifecycle Stage' is not recognised (kept as custom; map it "
	           "under \"stages\" in a mapping file); phone '12' in column 'Phone' is not used: not a "
	           "phone number (too short) "
	           "(kept as custom)");
	free(t);
	/* two e-mail columns: the second is kept when it differs; the full name
	 * fills only the missing last name; the later created date is kept */
	t = map_one(h2, 7, NULL,
	            (const char *const[]){ "A@B.example", "other@b.example", "R1", "Ana Garcia", "Ana",
	                                   "2026-05-01", "2026-05-02" });
	assert_string_equal(t, "email=a@b.example ext=R1 first=Ana last=Garcia created=2026-05-01T00:00Z "
	                       "custom={\"E-mail\":\"other@b.example\",\"Date\":\"2026-05-02\"}");
	free(t);
	t = map_one(h2, 7, NULL,
	            (const char *const[]){ "a@b.example", "A@B.EXAMPLE", "", "Bo Li", "Ana", "", "" });
	assert_string_equal(t, "email=a@b.example first=Ana created=now custom={\"Full Name\":\"Bo Li\"}");
	free(t);
	/* events: yes at the created time, a date at that date, no and empty
	 * nothing, anything else kept with a warning */
	t = map_one(h3, 4,
	            "{\"columns\": {\"Requested demo\": \"event:demo_request\", \"Webinar\": {\"event\": "
	            "\"webinar_attended\"}}}",
	            (const char *const[]){ "a@b.example", "TRUE", "2026-05-03 10:00", "2026-05-01 09:00" });
	assert_string_equal(t, "email=a@b.example created=2026-05-01T09:00Z "
	                       "events=demo_request@2026-05-01T09:00Z,webinar_attended@2026-05-03T10:00Z");
	free(t);
	t = map_one(h3, 4,
	            "{\"columns\": {\"Requested demo\": \"event:demo_request\", \"Webinar\": \"event:w\"}}",
	            (const char *const[]){ "a@b.example", "no", "perhaps", "" });
	assert_string_equal(t,
	                    "email=a@b.example created=now custom={\"Webinar\":\"perhaps\"} warn=line 7: "
	                    "value 'perhaps' in event column 'Webinar' is neither yes/no nor a date (kept as "
	                    "custom)");
	free(t);
	/* constants replace and keep the file's value; defaults only fill */
	t = map_one(h1, 6,
	            "{\"constants\": {\"company\": \"Const Co\", \"stage\": \"mql\"}, \"defaults\": "
	            "{\"employees\": \"5\", \"source\": \"fair\"}}",
	            (const char *const[]){ "a@b.example", "", "7", "", "", "Acme" });
	assert_string_equal(t, "email=a@b.example company=Const Co employees=7 source=fair stage=mql "
	                       "created=now custom={\"Company\":\"Acme\"}");
	free(t);
}

/* auto: false maps only what the file lists; unknown columns stay custom. */
static void test_auto_off(void **state)
{
	static const char *const h[] = { "Email", "Phone", "Record ID" };
	char *t = map_one(h, 3, "{\"auto\": false, \"columns\": {\"Email\": \"email\"}}",
	                  (const char *const[]){ "a@b.example", "600111222", "R1" });

	(void)state;
	assert_string_equal(
	        t, "email=a@b.example created=now custom={\"Phone\":\"600111222\",\"Record ID\":\"R1\"}");
	free(t);
}

/* ---- mapping files ---------------------------------------------------- */

/* A mapping file and the error it must give (NULL = accepted), with the
 * header it is resolved against. */
struct spec_case {
	const char *text; /* the file */
	const char *err;  /* expected message, exactly */
};

static const struct spec_case spec_cases[] = {
	{ "{\"columns\": {\"Email\": \"email\"}}", NULL },
	{ "{\"columns\": {\"Email\": \"email\",}}", "m.json:1:30: trailing comma before '}'" },
	{ "{\n \"columns\": {\n  \"Email\": \"email\",\n  \"Email\": \"phone\"\n }\n}",
	  "m.json:4: /columns/Email: duplicate key 'Email' (first on line 3)" },
	{ "{\n  \"columns\": {\n    \"Email\": \"mail\"\n  }\n}",
	  "m.json:3: /columns/Email: unknown field 'mail'; fields: email, external_id, first_name, "
	  "last_name, "
	  "full_name, phone, company, website, title, country, industry, employees, source, campaign, owner, "
	  "created_at, stage, new_at, mql_at, sql_at, won_at, lost_at, nurture_at, disqualified_at, "
	  "closed_at, stage_date, "
	  "amount, currency, reason, external_id.SYSTEM, submission_id, identities, lead_number, "
	  "updated_at, activity_at, custom, custom.KEY, ignore, event:TYPE" },
	{ "{\"columns\": {\"Fecha\": {\"field\": \"created_at\",\n \"date_format\": \"dd/mm\"}}}",
	  "m.json:2: /columns/Fecha/date_format: unknown date format 'dd/mm': use day_first, month_first, "
	  "auto "
	  "or a pattern such as '%d.%m.%Y %H:%M'" },
	{ "{\"columns\": {\"Fecha\": {\"field\": \"email\", \"date_format\": \"day_first\"}}}",
	  "m.json:1: /columns/Fecha: date_format and timezone apply to date fields only" },
	{ "{\"columns\": {\"X\": {\"field\": \"email\", \"event\": \"demo\"}}}",
	  "m.json:1: /columns/X/event: give \"field\" or \"event\", not both" },
	{ "{\"columns\": {\"X\": {\"date_format\": \"day_first\"}}}",
	  "m.json:1: /columns/X: give \"field\" or \"event\"" },
	{ "{\"columns\": {\"X\": {\"event\": \"Demo Request\"}}}",
	  "m.json:1: /columns/X/event: expected an event type of lower-case letters, digits, '_', '.' or "
	  "'-'" },
	{ "{\"columns\": {\"X\": {\"field\": \"email\", \"true\": [\"si\"]}}}",
	  "m.json:1: /columns/X: \"true\" applies to event columns only" },
	{ "{\"columns\": {\"a/b\": 3}}", "m.json:1: /columns/a~1b: expected a field name or an object" },
	{ "{\"columns\": {\"X\": {\"field\": \"created_at\", \"timezone\": \"Europe/Madird\"}}}",
	  "m.json:1: /columns/X/timezone: unknown time zone 'Europe/Madird' (an IANA name such as "
	  "Europe/Madrid)" },
	{ "{\"constants\": {\"score\": 10}}", "m.json:1: /constants/score: 'score' cannot be a constant; "
	                                      "fields: source, campaign, owner, company, "
	                                      "title, website, country, industry, employees, stage" },
	{ "{\"defaults\": {\"stage\": \"hot\"}}",
	  "m.json:1: /defaults/stage: unknown stage 'hot'; stages: new, "
	  "mql, sql, won, lost, nurture, disqualified" },
	{ "{\"stages\": {\"Hot\": \"warm\"}}",
	  "m.json:1: /stages/Hot: unknown stage 'warm'; stages: new, mql, "
	  "sql, won, lost, nurture, disqualified, none" },
	{ "{\"auto\": \"yes\"}", "m.json:1: /auto: expected true or false" },
	{ "{\"columns\": {\"S\": {\"field\": \"stage\", \"values\": {\"Hot\": \"warm\"}}}}",
	  "m.json:1: /columns/S: values: unknown stage 'warm'; stages: new, mql, sql, won, lost, nurture, "
	  "disqualified, none" },
	{ "{\"columns\": {\"R\": {\"values\": {\"Too much\": \"Too Much\"}, \"field\": \"reason\"}}}",
	  "m.json:1: /columns/R: values: 'Too Much' is not a reason of the SLA: 1 to 64 of a-z, 0-9, '_', "
	  "'.', '-' (e.g. \"price\")" },
	{ "{\"columns\": {\"E\": {\"field\": \"email\", \"values\": {\"a\": \"b\"}}}}",
	  "m.json:1: /columns/E: \"values\" applies to stage and reason columns only" },
	{ "{\"columns\": {\"S\": {\"field\": \"stage\", \"values\": {\"a\": 1}}}}",
	  "m.json:1: /columns/S/values/a: expected a string" },
	{ "{\"columns\": {\"S\": {\"field\": \"stage\", \"values\": []}}}",
	  "m.json:1: /columns/S/values: expected an object of value: meaning, e.g. {\"Yes\": \"sql\", "
	  "\"No\": "
	  "\"none\"}" },
	{ "{\"ignore\": [\"a\", 3]}", "m.json:1: /ignore/1: expected a column name" },
	{ "{\"colums\": {}}", "m.json:1: /colums: unknown key; keys: columns, ignore, constants, defaults, "
	                      "date_format, timezone, "
	                      "stages, reasons, empty, kind, historical, account_key, auto, comment" },
	{ "[1, 2]", "m.json: a mapping file is a JSON object" },
};

static void test_spec_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof spec_cases / sizeof spec_cases[0]; i++) {
		struct csvmap_spec *spec = NULL;
		char *err = NULL;
		int rc = csvmap_spec_parse(spec_cases[i].text, strlen(spec_cases[i].text), "m.json", &spec,
		                           &err);
		if (!spec_cases[i].err) {
			if (rc != 0)
				fail_msg("case %zu: unexpected error %s", i, err);
		} else if (rc == 0) {
			fail_msg("case %zu accepted, want %s", i, spec_cases[i].err);
		} else if (strncmp(err, spec_cases[i].err, strlen(spec_cases[i].err)) != 0 ||
		           (spec_cases[i].err[strlen(spec_cases[i].err) - 1] != ' ' &&
		            strlen(err) != strlen(spec_cases[i].err))) {
			fail_msg("case %zu:\n got  %s\n want %s", i, err, spec_cases[i].err);
		}
		free(err);
		csvmap_spec_free(spec);
	}
}

/* Columns a mapping file names must exist in the file. */
static void test_spec_unknown_column(void **state)
{
	static const char text[] =
	        "{\n  \"columns\": {\n    \"Emial\": \"email\"\n  },\n  \"ignore\": [\"Notes\"]\n}";
	static const char *const h[] = { "Email", "Name" };
	struct csvmap_spec *spec = NULL;
	struct csvmap *m = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(csvmap_spec_parse(text, strlen(text), "map.json", &spec, &err), 0);
	assert_int_equal(csvmap_new(h, 2, spec, NULL, &m, &err), -1);
	assert_null(m);
	assert_string_equal(
	        err, "map.json:3: /columns/Emial: no column 'Emial' in the file (its columns: Email, Name)");
	free(err);
	csvmap_spec_free(spec);
	assert_int_equal(csvmap_spec_parse(text + 0, strlen(text), "map.json", &spec, &err), 0);
	{
		static const char *const h2[] = { "emial" };
		assert_int_equal(csvmap_new(h2, 1, spec, NULL, &m, &err), -1);
		assert_string_equal(
		        err, "map.json:5: /ignore: no column 'Notes' in the file (its columns: emial)");
		free(err);
	}
	csvmap_spec_free(spec);
}

/* A mapping file that cannot be read names the path. */
static void test_spec_load_missing(void **state)
{
	struct csvmap_spec *spec = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(csvmap_spec_load("/nonexistent/map.json", &spec, &err), -1);
	assert_string_equal(err, "/nonexistent/map.json: cannot open: No such file or directory");
	free(err);
}

/* Constants from the command line (--source) on an empty spec. */
static void test_spec_constant(void **state)
{
	struct csvmap_spec *spec = csvmap_spec_new();
	char *err = NULL;

	(void)state;
	assert_non_null(spec);
	assert_int_equal(csvmap_spec_constant(spec, "source", " webinar ", 1, &err), 0);
	assert_int_equal(csvmap_spec_constant(spec, "source", "fair", 1, &err), 0);
	assert_int_equal(csvmap_spec_constant(spec, "email", "x", 1, &err), -1);
	assert_non_null(strstr(err, "'email' cannot be a constant"));
	free(err);
	assert_int_equal(csvmap_spec_constant(spec, "owner", "  ", 0, &err), -1);
	assert_string_equal(err, "empty value for 'owner'");
	free(err);
	assert_int_equal(csvmap_spec_constant(spec, "employees", "a few", 0, &err), -1);
	assert_string_equal(err, "employees 'a few' is not a number");
	free(err);
	{
		static const char *const h[] = { "Email", "Source" };
		struct csvmap *m = NULL;
		struct csvmap_row row;
		char *t;
		assert_int_equal(csvmap_new(h, 2, spec, NULL, &m, &err), 0);
		assert_int_equal(csvmap_row(m, (const char *const[]){ "a@b.example", "Google" }, 2, 2, &row),
		                 0);
		t = row_text(&row);
		assert_string_equal(
		        t, "email=a@b.example source=fair created=unset custom={\"Source\":\"Google\"}");
		free(t);
		csvmap_row_clear(&row);
		csvmap_free(m);
	}
	csvmap_spec_free(spec);
}

/* The explanation lists every column and the constants, aligned. */
static void test_explain(void **state)
{
	static const char *const h[] = {
		"Correo", "Pidi\xc3\xb3 demo", "Submit Date (UTC)", "Phone", "Mobile", "x"
	};
	static const char spec_text[] =
	        "{\"columns\": {\"Correo\": \"email\", \"Pidi\xc3\xb3 demo\": \"event:demo_request\"}, "
	        "\"constants\": {\"source\": \"webinar\"}}";
	struct csvmap_spec *spec = NULL;
	struct csvmap *m = NULL;
	struct csvmap_opts mo;
	const struct csvmap_entry *e;
	char *err = NULL, *text;

	(void)state;
	memset(&mo, 0, sizeof mo);
	datefmt_init(&mo.datefmt);
	mo.tz = "Europe/Madrid";
	assert_int_equal(csvmap_spec_parse(spec_text, strlen(spec_text), "m.json", &spec, &err), 0);
	assert_int_equal(csvmap_new(h, 6, spec, &mo, &m, &err), 0);
	assert_int_equal(csvmap_entries(m, &e), 7);
	assert_int_equal(e[1].column, 2);
	assert_string_equal(e[1].target, "event:demo_request");
	assert_int_equal(e[6].column, 0);
	assert_string_equal(e[6].header, "source");
	assert_string_equal(e[6].target, "constant 'webinar'");
	text = csvmap_explain(m);
	assert_non_null(text);
	expect_text(
	        "explain", text,
	        "   1  Correo             ->  email               (mapping file)\n"
	        "   2  Pidi\xc3\xb3 demo         ->  event:demo_request  (mapping file; date auto, zone "
	        "Europe/Madrid)\n"
	        "   3  Submit Date (UTC)  ->  created_at          (auto; date auto, zone UTC (from the "
	        "name))\n"
	        "   4  Phone              ->  phone               (auto)\n"
	        "   5  Mobile             ->  phone               (auto; after 'Phone': kept as custom when "
	        "phone is set)\n"
	        "   6  x                  ->  custom              (no known name)\n"
	        "   -  source             ->  constant 'webinar'  (replaces the file's values)\n");
	free(text);
	csvmap_free(m);
	csvmap_spec_free(spec);
}

/* Empty and repeated header names get distinct custom keys. */
static void test_custom_keys(void **state)
{
	static const char *const h[] = { "Email", "", "Notes", "notes", "Notes", "" };
	char *t = map_one(h, 6, NULL, (const char *const[]){ "a@b.example", "x", "1", "2", "3", "y" });

	(void)state;
	assert_string_equal(t, "email=a@b.example created=now custom={\"column_2\":\"x\",\"Notes\":\"1\","
	                       "\"notes\":\"2\",\"Notes (2)\":\"3\",\"column_6\":\"y\"}");
	free(t);
}

/* A generated key skips the names columns already have, and a later
 * column named like a generated key gets its own number: the same keys as
 * the first-free-number rule, found in linear time (issue 14). */
static void test_custom_keys_taken(void **state)
{
	static const char *const h[] = { "Email", "Notes", "Notes (2)", "Notes", "Notes", "Notes (3)" };
	char *t = map_one(h, 6, NULL, (const char *const[]){ "a@b.example", "1", "2", "3", "4", "5" });

	(void)state;
	assert_string_equal(t, "email=a@b.example created=now custom={\"Notes\":\"1\",\"Notes (2)\":\"2\","
	                       "\"Notes (3)\":\"3\",\"Notes (4)\":\"4\",\"Notes (3) (2)\":\"5\"}");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_name),         cmocka_unit_test(test_custom_keys_taken),
		cmocka_unit_test(test_stage_values),      cmocka_unit_test(test_employees),
		cmocka_unit_test(test_split_name),        cmocka_unit_test(test_shared_headers),
		cmocka_unit_test(test_fixture_rows),      cmocka_unit_test(test_row_rules),
		cmocka_unit_test(test_migration_rules),   cmocka_unit_test(test_identities_column),
		cmocka_unit_test(test_column_values),     cmocka_unit_test(test_auto_off),
		cmocka_unit_test(test_spec_errors),       cmocka_unit_test(test_spec_unknown_column),
		cmocka_unit_test(test_spec_load_missing), cmocka_unit_test(test_spec_constant),
		cmocka_unit_test(test_explain),           cmocka_unit_test(test_custom_keys),
	};

	return shared_status(cmocka_run_group_tests(tests, NULL, NULL));
}
