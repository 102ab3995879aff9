/* Unit tests for the SLA loader: jsonloc's syntax errors and pointer lines,
 * every validation problem with its exact message, the fixture files in
 * tests/fixtures/sla (each bad/NAME.json beside the NAME.expected lines it
 * must produce), the shipped sla.example.json, and robustness against
 * truncated and mutated input.
 *
 * Most validation cases patch one value of a small valid SLA (BASE) and
 * print it on one line, so every expected message is on line 1; the
 * fixtures check real line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "leadctl/jsonloc.h"
#include "leadctl/sla.h"

/* A small valid SLA; one response rule counts business time. */
static const char BASE[] =
        "{\"version\": 1, \"name\": \"t\", \"timezone\": \"UTC\","
        " \"business_hours\": {\"mon\": {\"open\": \"09:00\", \"close\": \"17:00\"}},"
        " \"qualification\": {\"mql_threshold\": 10,"
        "   \"fit\": [{\"name\": \"f\", \"points\": 10, \"when\": {\"title\": \"x\"}}],"
        "   \"behavior\": [{\"name\": \"b\", \"event\": \"demo_request\", \"points\": 5}]},"
        " \"response\": [{\"name\": \"r\", \"when\": {\"stage\": \"mql\"},"
        "   \"first_touch\": {\"within\": \"1h\", \"business\": true},"
        "   \"attempts\": {\"count\": 2, \"within\": \"2d\", \"business\": false}, \"on_exhausted\": "
        "\"recycle\"}],"
        " \"routing\": [{\"name\": \"rt\", \"pool\": \"p\"}],"
        " \"pools\": {\"p\": {\"members\": [\"a\"]}},"
        " \"reasons\": {\"disqualified\": [\"spam\"], \"nurture\": [\"no_response\"], \"lost\": "
        "[\"price\"]}}";

/* Load text (len bytes) as "t.json"; returns the problems joined by '\n'
 * (caller frees) and the status in *rc. */
static char *load_problems(const char *text, size_t len, int *rc)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	size_t i, total = 1;
	char *joined;

	problems_init(&p);
	*rc = sla_load(text, len, "t.json", &sla, &p);
	if (*rc == 0)
		assert_non_null(sla);
	else
		assert_null(sla);
	sla_free(sla);
	for (i = 0; i < p.n; i++)
		total += strlen(p.items[i].text) + 1;
	joined = malloc(total);
	assert_non_null(joined);
	joined[0] = '\0';
	for (i = 0; i < p.n; i++) {
		if (i > 0)
			strcat(joined, "\n");
		strcat(joined, p.items[i].text);
	}
	problems_clear(&p);
	return joined;
}

/* BASE with the value at pointer (plain keys and indexes, no escapes)
 * replaced by the JSON value json, added when absent, removed when json is
 * NULL; printed on one line.  Caller frees. */
static char *patched(const char *pointer, const char *json)
{
	cJSON *root = cJSON_Parse(BASE), *parent = root, *value = NULL;
	char *path = strdup(pointer), *seg, *next, *out;

	assert_non_null(root);
	assert_non_null(path);
	seg = path + 1;
	while ((next = strchr(seg, '/')) != NULL) {
		*next = '\0';
		parent = cJSON_IsArray(parent) ? cJSON_GetArrayItem(parent, atoi(seg))
		                               : cJSON_GetObjectItemCaseSensitive(parent, seg);
		assert_non_null(parent);
		seg = next + 1;
	}
	if (json != NULL) {
		value = cJSON_Parse(json);
		assert_non_null(value);
	}
	if (cJSON_IsArray(parent)) {
		int i = atoi(seg);
		if (value == NULL)
			cJSON_DeleteItemFromArray(parent, i);
		else if (i < cJSON_GetArraySize(parent))
			cJSON_ReplaceItemInArray(parent, i, value);
		else
			cJSON_AddItemToArray(parent, value);
	} else if (value == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(parent, seg);
	} else if (cJSON_GetObjectItemCaseSensitive(parent, seg) != NULL) {
		cJSON_ReplaceItemInObjectCaseSensitive(parent, seg, value);
	} else {
		cJSON_AddItemToObject(parent, seg, value);
	}
	out = cJSON_PrintUnformatted(root);
	assert_non_null(out);
	cJSON_Delete(root);
	free(path);
	return out;
}

static void test_base_is_valid(void **state)
{
	int rc;
	char *p = load_problems(BASE, strlen(BASE), &rc);

	(void)state;
	assert_string_equal(p, "");
	assert_int_equal(rc, 0);
	free(p);
}

/* One validation case: patch BASE, expect exactly these problems. */
struct vcase {
	const char *pointer;  /* value to patch */
	const char *json;     /* new value, NULL to remove it */
	const char *expected; /* every problem, joined by '\n' */
};

#define P "t.json:1: "
static const struct vcase vcases[] = {
	/* the root */
	{ "/timezon", "\"UTC\"", P "/timezon: unknown key 'timezon' (did you mean 'timezone'?)" },
	{ "/colour", "1",
	  P "/colour: unknown key 'colour' (expected one of: version, name, description, timezone, "
	    "business_hours, phone_country_code, qualification, response, stale, routing, pools, owners, "
	    "reasons, commitments, contact_limits, economics, retention)" },
	{ "/reasons", NULL, P "/: missing key 'reasons'" },
	{ "/version", "2", P "/version: unsupported version 2 (this leadctl reads version 1)" },
	{ "/version", "\"1\"", P "/version: expected a number, found a string" },
	{ "/version", "1.5", P "/version: 1.5 is not a whole number" },
	{ "/name", "\"\"", P "/name: must not be empty" },
	{ "/name", "5", P "/name: expected a string, found a number" },
	{ "/description", "[]", P "/description: expected a string, found an array" },
	{ "/timezone", "\"Europe/Madird\"",
	  P "/timezone: unknown time zone 'Europe/Madird' (expected an IANA name such as 'Europe/Madrid')" },
	{ "/timezone", "null", P "/timezone: expected a string, found null" },
	{ "/phone_country_code", "\"+34\"",
	  P "/phone_country_code: bad country code '+34' (expected 1 to 3 digits without '+', e.g. '34')" },
	/* business hours */
	{ "/business_hours/mon/open", "\"9am\"",
	  P "/business_hours/mon/open: bad time '9am' (expected HH:MM, e.g. '09:00')" },
	{ "/business_hours/mon/close", "\"24:30\"",
	  P "/business_hours/mon/close: bad time '24:30' (expected HH:MM, e.g. '09:00')" },
	{ "/business_hours/mon/open", "\"24:00\"",
	  P "/business_hours/mon/open: bad time '24:00' (expected HH:MM, e.g. '09:00')" },
	{ "/business_hours/mon/open", "\"17:00\"",
	  P "/business_hours/mon: open 17:00 is not before close 17:00" },
	{ "/business_hours/mon/close", NULL, P "/business_hours/mon: missing key 'close'" },
	{ "/business_hours/mon", "\"09:00-17:00\"",
	  P "/business_hours/mon: expected an object, found a string" },
	{ "/business_hours/tues", "{}", P "/business_hours/tues: unknown key 'tues' (did you mean 'tue'?)" },
	{ "/business_hours/holidays", "[\"2026-02-29\"]",
	  P
	  "/business_hours/holidays/0: bad date '2026-02-29' (expected an existing date as YYYY-MM-DD, e.g. "
	  "'2026-12-25')" },
	{ "/business_hours/holidays", "[\"2026-12-25\", \"2026-12-25\"]",
	  P "/business_hours/holidays/1: duplicate holiday '2026-12-25'" },
	{ "/business_hours/holidays", "\"2026-12-25\"",
	  P "/business_hours/holidays: expected an array, found a string" },
	{ "/business_hours", "{}",
	  P "/business_hours: no day has business hours, but /response/0/first_touch/within counts business "
	    "time" },
	/* qualification */
	{ "/qualification/treshold", "5",
	  P "/qualification/treshold: unknown key 'treshold' (did you mean 'mql_threshold'?)" },
	{ "/qualification/mql_threshold", "0",
	  P "/qualification/mql_threshold: must be between 1 and 100000 (found 0)" },
	{ "/qualification/mql_threshold", "9.5",
	  P "/qualification/mql_threshold: 9.5 is not a whole number" },
	{ "/qualification/mql_threshold", "16",
	  P "/qualification/mql_threshold: 16 can never be reached (the rules award at most 15 points)" },
	{ "/qualification/mql_threshold", NULL, P "/qualification: missing key 'mql_threshold'" },
	{ "/qualification/required_fields", "[\"emial\"]",
	  P "/qualification/required_fields/0: unknown lead field 'emial' (did you mean 'email'?)" },
	{ "/qualification/required_fields", "[\"email\", \"email\"]",
	  P "/qualification/required_fields/1: 'email' is listed twice" },
	{ "/qualification/required_fields", "\"email\"",
	  P "/qualification/required_fields: expected an array, found a string" },
	{ "/qualification/fit/0/points", "2000",
	  P "/qualification/fit/0/points: must be between -1000 and 1000 (found 2000)" },
	{ "/qualification/fit/0/points", "2.5", P "/qualification/fit/0/points: 2.5 is not a whole number" },
	{ "/qualification/fit/0/when", NULL, P "/qualification/fit/0: missing key 'when'" },
	{ "/qualification/fit/0/pionts", "1",
	  P "/qualification/fit/0/pionts: unknown key 'pionts' (did you mean 'points'?)" },
	{ "/qualification/fit/0/name", "\"b\"",
	  P "/qualification/behavior/0/name: duplicate rule name 'b' (first used at "
	    "/qualification/fit/0/name)" },
	{ "/qualification/fit/0/name", "\"a\\u0001\"",
	  P "/qualification/fit/0/name: name contains a control character" },
	{ "/qualification/fit/0/when/score", "{\"gte\": 5}",
	  P "/qualification/fit/0/when/score: a fit rule cannot test the score (the fit rules compute it)" },
	{ "/qualification/fit/0/when/event", "\"demo_request\"",
	  P "/qualification/fit/0/when/event: a fit rule cannot test events (use a behavior rule)" },
	{ "/qualification/fit/0/when/titel", "\"x\"",
	  P "/qualification/fit/0/when/titel: unknown lead field 'titel' (did you mean 'title'?)" },
	{ "/qualification/fit/0/when", "[]",
	  P "/qualification/fit/0/when: expected an object, found an array" },
	/* operators, one by one */
	{ "/qualification/fit/0/when/title", "{\"gtee\": 1}",
	  P "/qualification/fit/0/when/title/gtee: unknown operator 'gtee' (did you mean 'gte'?)" },
	{ "/qualification/fit/0/when/title", "{}",
	  P
	  "/qualification/fit/0/when/title: no operator (expected one of: equals, one_of, gt, gte, lt, lte, "
	  "between, "
	  "regex, free_mail, not_free_mail, present, missing)" },
	{ "/qualification/fit/0/when/title", "7",
	  P
	  "/qualification/fit/0/when/title: expected a value (string), a list of values (array) or operators "
	  "(object), found a number" },
	{ "/qualification/fit/0/when/title", "{\"equals\": true}",
	  P "/qualification/fit/0/when/title/equals: expected a string or a number, found true" },
	{ "/qualification/fit/0/when/title", "{\"equals\": \"\"}",
	  P "/qualification/fit/0/when/title/equals: must not be empty (use 'missing' for an empty field)" },
	{ "/qualification/fit/0/when/title", "[]", P "/qualification/fit/0/when/title: must not be empty" },
	{ "/qualification/fit/0/when/title", "{\"one_of\": [\"a\", 1]}",
	  P "/qualification/fit/0/when/title/one_of/1: expected a string, found a number" },
	{ "/qualification/fit/0/when/title", "{\"one_of\": \"a\"}",
	  P "/qualification/fit/0/when/title/one_of: expected an array, found a string" },
	{ "/qualification/fit/0/when/title", "{\"gt\": \"5\"}",
	  P "/qualification/fit/0/when/title/gt: expected a number, found a string" },
	{ "/qualification/fit/0/when/title", "{\"lte\": 1e16}",
	  P "/qualification/fit/0/when/title/lte: must be between -1e+15 and 1e+15 (found 1e+16)" },
	{ "/qualification/fit/0/when/title", "{\"between\": [500, 50]}",
	  P "/qualification/fit/0/when/title/between: low 500 is greater than high 50" },
	{ "/qualification/fit/0/when/title", "{\"between\": [1]}",
	  P "/qualification/fit/0/when/title/between: expected [low, high], found an array" },
	{ "/qualification/fit/0/when/title", "{\"between\": [\"a\", \"b\"]}",
	  P "/qualification/fit/0/when/title/between: expected [low, high] with two numbers" },
	{ "/qualification/fit/0/when/title", "{\"regex\": \"(ceo\"}",
	  P "/qualification/fit/0/when/title/regex: bad regular expression '(ceo': missing closing "
	    "parenthesis (at byte 5)" },
	{ "/qualification/fit/0/when/title", "{\"regex\": \"^(a*)*\\\\1$\"}",
	  P "/qualification/fit/0/when/title/regex: bad regular expression '^(a*)*\\1$': a repeated group "
	    "holds a repetition itself (at byte 2: '(a*)*\\1$'): nested repetition such as (a+)+ can take "
	    "exponential time; repeat once, e.g. (a+) or a+" },
	{ "/qualification/fit/0/when/title", "{\"regex\": \"(ceo|cto) \\\\1\"}",
	  P "/qualification/fit/0/when/title/regex: bad regular expression '(ceo|cto) \\1': back-references "
	    "(\\1) are not allowed: they can take exponential time" },
	{ "/qualification/fit/0/when/title", "{\"regex\": \"\"}",
	  P "/qualification/fit/0/when/title/regex: must not be empty" },
	{ "/qualification/fit/0/when/title", "{\"regex\": 1}",
	  P "/qualification/fit/0/when/title/regex: expected a regular expression in a string, found a "
	    "number" },
	{ "/qualification/fit/0/when/title", "{\"free_mail\": true}",
	  P "/qualification/fit/0/when/title/free_mail: 'free_mail' applies to the email field only" },
	{ "/qualification/fit/0/when/email", "{\"not_free_mail\": false}",
	  P "/qualification/fit/0/when/email/not_free_mail: expected true, found false" },
	{ "/qualification/fit/0/when/title", "{\"present\": false}",
	  P "/qualification/fit/0/when/title/present: expected true, found false (use 'missing' for the "
	    "opposite)" },
	{ "/qualification/fit/0/when/title", "{\"missing\": \"yes\"}",
	  P "/qualification/fit/0/when/title/missing: expected true, found a string (use 'present' for the "
	    "opposite)" },
	/* behavior rules */
	{ "/qualification/behavior/0/event", "\"Demo Request\"",
	  P "/qualification/behavior/0/event: bad event type 'Demo Request' (use lower-case letters, digits, "
	    "'_', "
	    "'.' "
	    "or '-', e.g. 'demo_request')" },
	{ "/qualification/behavior/0/event", NULL, P "/qualification/behavior/0: missing key 'event'" },
	{ "/qualification/behavior/0/min_count", "0",
	  P "/qualification/behavior/0/min_count: must be between 1 and 10000 (found 0)" },
	{ "/qualification/behavior/0/within", "\"5x\"",
	  P "/qualification/behavior/0/within: bad duration '5x' (expected a whole number and a unit s, m, "
	    "h, d "
	    "or w, "
	    "e.g. '30m')" },
	{ "/qualification/behavior/0/within", "\"30\"",
	  P "/qualification/behavior/0/within: bad duration '30' (expected a whole number and a unit s, m, "
	    "h, d "
	    "or w, "
	    "e.g. '30m')" },
	{ "/qualification/behavior/0/within", "\"0d\"",
	  P "/qualification/behavior/0/within: duration must be longer than 0 (found '0d')" },
	{ "/qualification/behavior/0/within", "\"4000d\"",
	  P "/qualification/behavior/0/within: duration longer than 10 years (found '4000d')" },
	{ "/qualification/behavior/0/within", "30",
	  P "/qualification/behavior/0/within: expected a duration such as \"30m\", found a number" },
	{ "/qualification/behavior/0/cap", "3",
	  P "/qualification/behavior/0/cap: cap 3 is smaller than the rule's 5 points" },
	{ "/qualification/behavior/0/cap", "0",
	  P "/qualification/behavior/0/cap: must be between 1 and 100000 (found 0)" },
	{ "/qualification/behavior", "{}", P "/qualification/behavior: expected an array, found an object" },
	{ "/qualification/decay", "{}", P "/qualification/decay: missing key 'half_life'" },
	{ "/qualification/decay", "{\"half_life\": \"30x\"}",
	  P "/qualification/decay/half_life: bad duration '30x' (expected a whole number and a unit s, m, h, "
	    "d or "
	    "w, "
	    "e.g. '30m')" },
	{ "/qualification/decay", "{\"half_life\": \"30d\", \"floor\": 1}",
	  P "/qualification/decay/floor: unknown key 'floor' (expected one of: half_life)" },
	/* conditions shared by response and routing rules */
	{ "/response/0/when/stage", "\"sqll\"",
	  P "/response/0/when/stage: unknown stage 'sqll' (did you mean 'sql'?)" },
	{ "/response/0/when/stage", "[\"mql\", \"wonn\"]",
	  P "/response/0/when/stage/1: unknown stage 'wonn' (did you mean 'won'?)" },
	{ "/response/0/when/event", "\"Demo\"",
	  P "/response/0/when/event: bad event type 'Demo' (use lower-case letters, digits, '_', '.' or '-', "
	    "e.g. "
	    "'demo_request')" },
	{ "/response/0/when/event", "[]", P "/response/0/when/event: must not be empty" },
	{ "/response/0/when/event", "[\"demo_request\", 3]",
	  P "/response/0/when/event/1: expected an event type, found a number" },
	{ "/response/0/when/event", "true",
	  P "/response/0/when/event: expected an event type or an array of them, found true" },
	{ "/response/0/when/custom.", "\"x\"",
	  P "/response/0/when/custom.: unknown lead field 'custom.' (expected one of: "
	    "email, external_id, phone, first_name, last_name, title, company, website, "
	    "country, industry, employees, source, campaign, owner, stage, score, "
	    "email_domain)" },
	/* response rules */
	{ "/response/0/first_touch", NULL, P "/response/0: missing key 'first_touch'" },
	{ "/response/0/first_touch/within", NULL, P "/response/0/first_touch: missing key 'within'" },
	{ "/response/0/first_touch/business", "\"yes\"",
	  P "/response/0/first_touch/business: expected true or false, found a string" },
	{ "/response/0/attempts/count", "0",
	  P "/response/0/attempts/count: must be between 1 and 100 (found 0)" },
	{ "/response/0/attempts/count", "2.5", P "/response/0/attempts/count: 2.5 is not a whole number" },
	{ "/response/0/attempts/within", "\"2w\"", NULL },
	{ "/response/0/attempts/business", "true", NULL },
	{ "/response/0/on_exhausted", "\"recyle\"",
	  P "/response/0/on_exhausted: unknown action 'recyle' (did you mean 'recycle'?)" },
	{ "/response/0/attempts", NULL, P "/response/0/on_exhausted: 'on_exhausted' needs 'attempts'" },
	{ "/response/1", "{\"name\": \"r\", \"first_touch\": {\"within\": \"1h\"}}",
	  P "/response/1/name: duplicate rule name 'r' (first used at /response/0/name)" },
	{ "/response", "{}", P "/response: expected an array, found an object" },
	/* retention */
	{ "/retention", "{\"disqualified\": \"104w\", \"nurture\": \"730d\"}", NULL },
	{ "/retention", "{\"nurtur\": \"104w\"}",
	  P "/retention/nurtur: unknown stage 'nurtur' (did you mean 'nurture'?)" },
	{ "/retention", "{\"lost\": \"12h\"}", P "/retention/lost: retention must be at least a day (found '12h')" },
	{ "/retention", "{\"lost\": \"24mo\"}",
	  P "/retention/lost: bad duration '24mo' (expected a whole number and a unit s, m, h, d or w, e.g. '30m')" },
	{ "/retention", "[]", P "/retention: expected an object, found an array" },
	/* stale */
	{ "/stale", "{\"sqll\": \"30d\"}", P "/stale/sqll: unknown stage 'sqll' (did you mean 'sql'?)" },
	{ "/stale", "{\"won\": \"30d\"}", P "/stale/won: 'won' is a closed stage and cannot go stale" },
	{ "/stale", "{\"sql\": \"30\"}",
	  P
	  "/stale/sql: bad duration '30' (expected a whole number and a unit s, m, h, d or w, e.g. '30m')" },
	{ "/stale", "{\"sql\": \"30d\", \"business\": 1}",
	  P "/stale/business: expected true or false, found a number" },
	{ "/stale", "{\"sql\": \"4w\", \"business\": true}",
	  P "/stale/sql: weeks cannot be counted in business time (write business days, e.g. '20d')" },
	/* routing, pools and owners */
	{ "/routing/0/pool", "\"pl\"", P "/routing/0/pool: unknown pool 'pl' (did you mean 'p'?)" },
	/* one-letter words get no guess: every letter is one edit away */
	{ "/routing/0/pool", "\"q\"", P "/routing/0/pool: unknown pool 'q' (expected one of: p)" },
	{ "/routing/0/owner", "\"ana\"", P "/routing/0: give 'owner' or 'pool', not both" },
	{ "/routing/0/pool", NULL, P "/routing/0: a routing rule needs 'owner' or 'pool'" },
	{ "/routing/0/pool", "3", P "/routing/0/pool: expected a string, found a number" },
	{ "/routing/1", "{\"name\": \"rt\", \"owner\": \"ana\"}",
	  P "/routing/1/name: duplicate rule name 'rt' (first used at /routing/0/name)" },
	{ "/routing/0/name", NULL, P "/routing/0: missing key 'name'" },
	{ "/pools/p/members", "[]", P "/pools/p/members: a pool needs at least one member" },
	{ "/pools/p/members", "[\"a\", \"b\", \"a\"]", P "/pools/p/members/2: duplicate member 'a'" },
	{ "/pools/p/members", NULL, P "/pools/p: missing key 'members'" },
	{ "/pools/p", "[\"a\"]", P "/pools/p: expected an object, found an array" },
	{ "/owners", "{\"a\": {\"capacity\": -1}}",
	  P "/owners/a/capacity: must be between 0 and 1000000 (found -1)" },
	{ "/owners", "{\"a\": {\"capacity\": 2.5}}", P "/owners/a/capacity: 2.5 is not a whole number" },
	{ "/owners", "{\"a\": {\"capacty\": 2}}",
	  P "/owners/a/capacty: unknown key 'capacty' (did you mean 'capacity'?)" },
	/* reasons */
	{ "/reasons/lost", NULL, P "/reasons: missing key 'lost'" },
	{ "/reasons/lose", "[\"x\"]", P "/reasons/lose: unknown key 'lose' (did you mean 'lost'?)" },
	{ "/reasons/lost", "[]",
	  P "/reasons/lost: must not be empty (moving a lead to lost needs a reason)" },
	{ "/reasons/lost", "[\"No Budget\"]",
	  P "/reasons/lost/0: bad reason 'No Budget' (use lower-case letters, digits, '_', '.' or '-', e.g. "
	    "'no_response')" },
	{ "/reasons/lost", "[\"price\", \"price\"]", P "/reasons/lost/1: duplicate reason 'price'" },
	{ "/reasons/nurture", "[\"later\"]",
	  P "/reasons/nurture: must include 'no_response' (response rule 'r' recycles leads with it)" },
	/* the small sections */
	{ "/commitments", "{\"mql_per_month\": -5}",
	  P "/commitments/mql_per_month: must be between 0 and 10000000 (found -5)" },
	{ "/commitments", "{}", P "/commitments: missing key 'mql_per_month'" },
	{ "/contact_limits", "{\"max_touches\": 0, \"window\": \"7d\"}",
	  P "/contact_limits/max_touches: must be between 1 and 1000 (found 0)" },
	{ "/contact_limits", "{\"max_touches\": 5, \"window\": \"7x\"}",
	  P "/contact_limits/window: bad duration '7x' (expected a whole number and a unit s, m, h, d or w, "
	    "e.g. "
	    "'30m')" },
	{ "/contact_limits", "{\"max_touches\": 5}", P "/contact_limits: missing key 'window'" },
	{ "/economics", "{\"gross_margin\": 1.5, \"lifetime_years\": 3, \"currency\": \"EUR\"}",
	  P "/economics/gross_margin: must be between 0 and 1 (found 1.5)" },
	{ "/economics", "{\"gross_margin\": 0.7, \"lifetime_years\": 0, \"currency\": \"EUR\"}",
	  P "/economics/lifetime_years: must be between 0.1 and 100 (found 0)" },
	{ "/economics", "{\"gross_margin\": 0.7, \"lifetime_years\": 3, \"currency\": \"eur\"}",
	  P "/economics/currency: bad currency 'eur' (expected a 3-letter ISO 4217 code such as 'EUR')" },
	{ "/economics", "{\"gross_margin\": 0.7, \"lifetime_years\": 3}",
	  P "/economics: missing key 'currency'" },
	/* several problems at once, in line (then document) order */
	{ "/qualification",
	  "{\"mql_threshold\": 0, \"fit\": [{\"name\": \"\", \"points\": 1, \"when\": {}}]}",
	  P "/qualification/fit/0/name: must not be empty\n" P
	    "/qualification/mql_threshold: must be between 1 and "
	    "100000 (found 0)" },
};
#undef P

static void test_validation_table(void **state)
{
	size_t i;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		const struct vcase *c = &vcases[i];
		char *doc = patched(c->pointer, c->json);
		int rc;
		char *got = load_problems(doc, strlen(doc), &rc);
		const char *want = c->expected ? c->expected : "";
		if (strcmp(got, want) != 0 || (rc == 0) != (c->expected == NULL)) {
			print_error("case %zu: %s = %s\n  want: %s\n  got:  %s\n", i, c->pointer,
			            c->json ? c->json : "(removed)", want, got);
			failures++;
		}
		free(got);
		cJSON_free(doc);
	}
	assert_int_equal(failures, 0);
}

/* A syntax case: raw text and the one expected line. */
struct scase {
	const char *text;     /* the file */
	size_t len;           /* its length; 0 = strlen(text) */
	const char *expected; /* the problem */
};

static const struct scase scases[] = {
	{ "", 0, "t.json:1:1: empty file (expected a JSON object)" },
	{ "  \n ", 0, "t.json:2:2: empty file (expected a JSON object)" },
	{ "{", 0, "t.json:1:2: unexpected end of file (expected a key in double quotes)" },
	{ "{\"a\":1,}", 0, "t.json:1:7: trailing comma before '}'" },
	{ "[1,\n2,\n]", 0, "t.json:2:2: trailing comma before ']'" },
	{ "{\"a\" 1}", 0, "t.json:1:6: expected ':' after the key \"a\"" },
	{ "{\"a\":1 \"b\":2}", 0, "t.json:1:8: expected ',' or '}' after an object member" },
	{ "[1 2]", 0, "t.json:1:4: expected ',' or ']' after an array element" },
	{ "{'a':1}", 0, "t.json:1:2: keys must be in double quotes" },
	{ "{a:1}", 0, "t.json:1:2: keys must be in double quotes" },
	{ "{\"a\": 'x'}", 0, "t.json:1:7: strings must be in double quotes" },
	{ "{\"a\": tru}", 0,
	  "t.json:1:7: unexpected 'tru' (expected a value: a string in double quotes, a number, an object, "
	  "an "
	  "array, "
	  "true, false or null)" },
	{ "{\"a\": }", 0, "t.json:1:7: expected a value before '}'" },
	{ "{\"a\": 01}", 0, "t.json:1:7: bad number (leading zeros are not allowed)" },
	{ "{\"a\": 1.}", 0, "t.json:1:9: bad number (expected a digit after '.')" },
	{ "{\"a\": -}", 0, "t.json:1:8: bad number (expected a digit after '-')" },
	{ "{\"a\": 1e+}", 0, "t.json:1:10: bad number (expected a digit in the exponent)" },
	{ "{\"a\": 1234567890123456789012345678901234567890123456789012345678901234}", 0,
	  "t.json:1:7: number too long (at most 63 characters)" },
	{ "{\"a\": \"x\\q\"}", 0,
	  "t.json:1:9: bad escape '\\q' in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)" },
	{ "{\"a\": \"\\u00zz\"}", 0, "t.json:1:12: bad \\u escape (expected 4 hexadecimal digits)" },
	{ "{\"a\": \"\\u0000\"}", 0, "t.json:1:8: \\u0000 is not allowed in a string" },
	{ "{\"a\": \"\\ud800\"}", 0, "t.json:1:8: lone surrogate \\uD800 in a string" },
	{ "{\"a\": \"\\udc00\"}", 0, "t.json:1:8: lone surrogate \\uDC00 in a string" },
	{ "{\"a\": \"\\ud800\\u0041\"}", 0, "t.json:1:8: lone surrogate \\uD800 in a string" },
	{ "{\"a\": \"x\ny\"}", 0, "t.json:1:9: line break inside a string (missing closing '\"'?)" },
	{ "{\"a\": \"x\ty\"}", 0,
	  "t.json:1:9: control character U+0009 inside a string (write it as \\u0009)" },
	{ "{\"a\": \"x\0y\"}", 11, "t.json:1:9: NUL byte inside a string" },
	{ "{\"a\": 1}\0", 9, "t.json:1:9: unexpected byte 0x00 after the end of the JSON document" },
	{ "{\"a\": \"abc", 0, "t.json:1:7: unterminated string (missing closing '\"')" },
	{ "{\"a\": \"\xff\"}", 0, "t.json:1:8: invalid UTF-8 byte 0xFF inside a string" },
	{ "{\"a\": \"\xc0\xaf\"}", 0,
	  "t.json:1:8: invalid UTF-8 byte 0xC0 inside a string" }, /* overlong '/' */
	{ "{\"a\": \"\xed\xa0\x80\"}", 0,
	  "t.json:1:8: invalid UTF-8 byte 0xED inside a string" }, /* encoded surrogate */
	{ "{\"a\": \"\xe2\x82\"}", 0, "t.json:1:8: invalid UTF-8 byte 0xE2 inside a string" }, /* truncated */
	{ "{\"a\": 1} x", 0, "t.json:1:10: unexpected 'x' after the end of the JSON document" },
	{ "{\"a\": 1}{}", 0, "t.json:1:9: unexpected '{' after the end of the JSON document" },
	{ "{\"a\": 1, // note\n}", 0, "t.json:1:10: comments are not allowed in JSON" },
	{ "{\"a\": /* x */ 1}", 0, "t.json:1:7: comments are not allowed in JSON" },
	/* columns count characters, not bytes; tabs count one */
	{ "{\"\xc3\xb1\xc3\xb1\": 1 2}", 0, "t.json:1:10: expected ',' or '}' after an object member" },
	{ "{\n\t\"a\": [1,\n\t\t2 3]}", 0, "t.json:3:5: expected ',' or ']' after an array element" },
	/* a byte order mark is skipped, and does not count as a column */
	{ "\xef\xbb\xbf{\"a\" 1}", 0, "t.json:1:6: expected ':' after the key \"a\"" },
};

static void test_syntax_table(void **state)
{
	size_t i;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		const struct scase *c = &scases[i];
		int rc;
		char *got = load_problems(c->text, c->len ? c->len : strlen(c->text), &rc);
		if (strcmp(got, c->expected) != 0 || rc != -1) {
			print_error("syntax case %zu:\n  want: %s\n  got:  %s\n", i, c->expected, got);
			failures++;
		}
		free(got);
	}
	assert_int_equal(failures, 0);
}

static void test_nesting_limit(void **state)
{
	char text[200];
	int rc, i;
	char *got;

	(void)state;
	/* 64 levels are fine for the scanner (the validator then complains) */
	for (i = 0; i < 64; i++)
		text[i] = '[';
	for (i = 0; i < 64; i++)
		text[64 + i] = ']';
	got = load_problems(text, 128, &rc);
	assert_string_equal(got, "t.json:1: /: expected an object, found an array");
	free(got);
	/* the 65th is refused where it opens */
	for (i = 0; i < 65; i++)
		text[i] = '[';
	got = load_problems(text, 65, &rc);
	assert_string_equal(got, "t.json:1:65: nesting deeper than 64 levels");
	free(got);
}

static void test_numbers_out_of_range(void **state)
{
	const char *doc =
	        "{\"version\": 1e400, \"name\": \"x\", \"timezone\": \"UTC\", \"business_hours\": {},"
	        " \"qualification\": {\"mql_threshold\": 9223372036854775808},"
	        " \"response\": [], \"reasons\": {\"disqualified\": [\"a\"], \"nurture\": [\"b\"], \"lost\": "
	        "[\"c\"]}}";
	int rc;
	char *got = load_problems(doc, strlen(doc), &rc);

	(void)state;
	assert_int_equal(rc, -1);
	assert_string_equal(got,
	                    "t.json:1: /version: number out of range\n"
	                    "t.json:1: /qualification/mql_threshold: must be between 1 and 100000 (found "
	                    "9.22337203685478e+18)");
	free(got);
}

static void test_too_many_elements(void **state)
{
	char *holidays = malloc(1001 * 14 + 3), *doc;
	size_t i, n = 0;
	int rc;
	char *got;

	(void)state;
	assert_non_null(holidays);
	holidays[n++] = '[';
	for (i = 0; i < 1001; i++)
		n += (size_t)sprintf(holidays + n, "%s\"2026-01-01\"", i ? "," : "");
	holidays[n++] = ']';
	holidays[n] = '\0';
	doc = patched("/business_hours/holidays", holidays);
	got = load_problems(doc, strlen(doc), &rc);
	assert_string_equal(got,
	                    "t.json:1: /business_hours/holidays: too many elements (1001; at most 1000)");
	free(got);
	cJSON_free(doc);
	free(holidays);
}

static void test_file_too_large(void **state)
{
	size_t len = SLA_MAX_BYTES + 1;
	char *big = malloc(len);
	int rc;
	char *got;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	got = load_problems(big, len, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(got,
	                    "t.json: file too large (1048577 bytes; an SLA file may have at most 1048576)");
	free(got);
	free(big);
}

/* ---- jsonloc on its own ---- */

static void test_jsonloc_lines(void **state)
{
	const char *text = "{\n"
	                   "  \"response\": [\n"
	                   "    {\n"
	                   "      \"first_touch\": {\n"
	                   "        \"within\": \"5m\"\n"
	                   "      }\n"
	                   "    },\n"
	                   "    {\"a/b\": 1, \"c~d\": [true,\n"
	                   "      false]}\n"
	                   "  ]\n"
	                   "}\n";
	struct jsonloc_index idx;
	struct jsonloc_error err;

	(void)state;
	jsonloc_init(&idx);
	assert_int_equal(jsonloc_scan(text, strlen(text), &idx, &err), 0);
	assert_int_equal(jsonloc_line(&idx, ""), 1);
	assert_int_equal(jsonloc_line(&idx, "/response"), 2);
	assert_int_equal(jsonloc_line(&idx, "/response/0"), 3);
	assert_int_equal(jsonloc_line(&idx, "/response/0/first_touch"), 4);
	assert_int_equal(jsonloc_line(&idx, "/response/0/first_touch/within"), 5);
	assert_int_equal(jsonloc_line(&idx, "/response/1/a~1b"), 8);
	assert_int_equal(jsonloc_line(&idx, "/response/1/c~0d/1"), 9);
	/* a pointer that is not there falls back to its nearest ancestor */
	assert_int_equal(jsonloc_line(&idx, "/response/0/first_touch/business"), 4);
	assert_int_equal(jsonloc_line(&idx, "/nothing/here"), 1);
	assert_int_equal(idx.ndups, 0);
	jsonloc_clear(&idx);
}

static void test_jsonloc_duplicates(void **state)
{
	const char *text = "{\"a\": 1,\n \"b\": {\"x\": 1,\n \"x\": 2, \"x\": 3},\n \"a\": 4, \"k\\u0061\": "
	                   "5, \"ka\": 6}";
	struct jsonloc_index idx;
	struct jsonloc_error err;

	(void)state;
	jsonloc_init(&idx);
	assert_int_equal(jsonloc_scan(text, strlen(text), &idx, &err), 0);
	assert_int_equal(idx.ndups, 4);
	assert_string_equal(idx.dups[0].pointer, "/b/x");
	assert_int_equal(idx.dups[0].line, 3);
	assert_int_equal(idx.dups[0].first_line, 2);
	assert_string_equal(idx.dups[1].pointer, "/b/x");
	assert_string_equal(idx.dups[2].pointer, "/a");
	assert_int_equal(idx.dups[2].line, 4);
	assert_int_equal(idx.dups[2].first_line, 1);
	/* keys are compared decoded: "k\u0061" is "ka" */
	assert_string_equal(idx.dups[3].key, "ka");
	jsonloc_clear(&idx);
}

static void test_jsonloc_push_key(void **state)
{
	char buf[12] = "/a";

	(void)state;
	assert_int_equal(jsonloc_push_key(buf, sizeof(buf), "b/c~"), 0);
	assert_string_equal(buf, "/a/b~1c~0");
	assert_int_equal(jsonloc_push_key(buf, sizeof(buf), "xyz"), -1);
	assert_string_equal(buf, "/a/b~1c~0");
}

/* ---- fixtures ---- */

/* Read a whole file; aborts the test when it cannot. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static const char *const bad_fixtures[] = {
	"five_mistakes", "missing_comma", "duplicate_keys", "recycle_without_reason",
	"typos",         "not_an_object", "invalid_utf8",   NULL,
};

static void test_bad_fixtures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; bad_fixtures[i]; i++) {
		char path[512], name[128];
		size_t len, elen;
		struct lc_problems p;
		struct lc_sla *sla;
		char *text, *expected, *got;
		size_t k, total = 1;

		snprintf(path, sizeof(path), "%s/tests/fixtures/sla/bad/%s.json", LC_SOURCE_DIR,
		         bad_fixtures[i]);
		snprintf(name, sizeof(name), "%s.json", bad_fixtures[i]);
		text = slurp(path, &len);
		snprintf(path, sizeof(path), "%s/tests/fixtures/sla/bad/%s.expected", LC_SOURCE_DIR,
		         bad_fixtures[i]);
		expected = slurp(path, &elen);
		problems_init(&p);
		assert_int_equal(sla_load(text, len, name, &sla, &p), -1);
		for (k = 0; k < p.n; k++)
			total += strlen(p.items[k].text) + 1;
		got = calloc(1, total);
		assert_non_null(got);
		for (k = 0; k < p.n; k++) {
			strcat(got, p.items[k].text);
			strcat(got, "\n");
		}
		if (strcmp(got, expected) != 0)
			fail_msg("%s:\nwant:\n%sgot:\n%s", name, expected, got);
		if (strcmp(bad_fixtures[i], "five_mistakes") == 0)
			assert_int_equal(p.n, 5);
		free(got);
		problems_clear(&p);
		free(expected);
		free(text);
	}
}

static void test_good_fixtures(void **state)
{
	static const char *const good[] = { "minimal", "bom_crlf", NULL };
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	char path[512];
	size_t i;

	(void)state;
	for (i = 0; good[i]; i++) {
		snprintf(path, sizeof(path), "%s/tests/fixtures/sla/good/%s.json", LC_SOURCE_DIR, good[i]);
		problems_init(&p);
		if (sla_load_file(path, &sla, &p) != 0)
			fail_msg("%s: %s", path, p.n ? p.items[0].text : "?");
		if (strcmp(good[i], "bom_crlf") == 0) {
			/* Monday 08:30-24:00 and Saturday 00:00-12:00 in New York */
			assert_string_equal(sla->cal.tz, "America/New_York");
			assert_int_equal(sla->cal.open_min[1], 8 * 60 + 30);
			assert_int_equal(sla->cal.close_min[1], 24 * 60);
			assert_int_equal(sla->cal.open_min[6], 0);
			assert_int_equal(sla->cal.close_min[6], 12 * 60);
			assert_int_equal(sla->cal.open_min[2], sla->cal.close_min[2]);
			assert_int_equal(sla->response[0].first_touch.business, 1);
		}
		sla_free(sla);
		problems_clear(&p);
	}
}

static void test_load_file_missing(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load_file("/nonexistent/sla.json", &sla, &p), -1);
	assert_null(sla);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].text, "/nonexistent/sla.json: cannot open: No such file or directory");
	problems_clear(&p);
}

/* ---- the shipped example ---- */

/* The rule of sla named name, or fail. */
static const struct lc_fit_rule *fit_rule(const struct lc_sla *sla, const char *name)
{
	size_t i;

	for (i = 0; i < sla->nfit; i++)
		if (strcmp(sla->fit[i].name, name) == 0)
			return &sla->fit[i];
	fail_msg("no fit rule %s", name);
	return NULL;
}

static const struct lc_behavior_rule *behavior_rule(const struct lc_sla *sla, const char *name)
{
	size_t i;

	for (i = 0; i < sla->nbehavior; i++)
		if (strcmp(sla->behavior[i].name, name) == 0)
			return &sla->behavior[i];
	fail_msg("no behavior rule %s", name);
	return NULL;
}

static void test_example_encodes_the_matrix(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	const struct lc_behavior_rule *b;
	const struct lc_response_rule *r;

	(void)state;
	problems_init(&p);
	if (sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p) != 0)
		fail_msg("sla.example.json: %s", p.n ? p.items[0].text : "?");
	assert_string_equal(sla->cal.tz, "Europe/Madrid");
	assert_int_equal(sla->cal.open_min[1], 9 * 60);
	assert_int_equal(sla->cal.close_min[1], 18 * 60);
	assert_int_equal(sla->cal.nholidays, 5);
	assert_int_equal(sla->cal.holidays[4], 20261225);
	assert_string_equal(sla->phone_cc, "34");
	/* the matrix */
	assert_true(fit_rule(sla, "strategic_industry")->points == 15);
	assert_true(fit_rule(sla, "senior_title")->points == 20);
	assert_true(fit_rule(sla, "free_mail")->points == -10);
	assert_true(behavior_rule(sla, "case_study")->points == 20);
	b = behavior_rule(sla, "pricing_interest");
	assert_true(b->points == 30);
	assert_int_equal(b->min_count, 3);
	assert_int_equal(b->within, 30 * 86400);
	assert_true(b->cap == 30);
	assert_true(behavior_rule(sla, "webinar")->points == 25);
	assert_true(behavior_rule(sla, "demo_request")->points == 50);
	assert_true(sla->mql_threshold == 100);
	/* demo request: 5 minutes, calendar; other MQLs: 24 business hours;
	 * 6 attempts over 10 business days, then recycled */
	assert_true(sla->nresponse == 2);
	r = &sla->response[0];
	assert_int_equal(r->first_touch.seconds, 300);
	assert_int_equal(r->first_touch.business, 0);
	r = &sla->response[1];
	assert_int_equal(r->first_touch.seconds, 24 * 3600);
	assert_int_equal(r->first_touch.business, 1);
	assert_int_equal(r->attempts, 6);
	assert_int_equal(r->attempts_within.amount, 10);
	assert_int_equal(r->attempts_within.unit, 'd');
	assert_int_equal(r->attempts_within.business, 1);
	assert_int_equal(r->on_exhausted, LC_EXHAUSTED_RECYCLE);
	assert_true(sla_reason_allowed(sla, STAGE_NURTURE, "no_response"));
	/* SQL stale after 30 days */
	assert_int_equal(sla->stale[STAGE_SQL].seconds, 30 * 86400);
	assert_int_equal(sla->stale[STAGE_MQL].seconds, 0);
	assert_int_equal(sla->mql_per_month, 120);
	assert_int_equal(sla->max_touches, 5);
	assert_int_equal(sla->touch_window, 7 * 86400);
	assert_true(sla->has_economics);
	assert_string_equal(sla->currency, "EUR");
	assert_int_equal(sla_owner_capacity(sla, "ana"), 40);
	assert_int_equal(sla_owner_capacity(sla, "marta"), -1);
	sla_free(sla);
	problems_clear(&p);
}

/* Every operator appears somewhere in the example. */
static void test_example_shows_every_operator(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	int seen[LC_OP_COUNT] = { 0 };
	size_t i, k;
	int op;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p), 0);
	for (i = 0; i < sla->nfit; i++)
		for (k = 0; k < sla->fit[i].when.ntests; k++)
			seen[sla->fit[i].when.tests[k].op] = 1;
	for (i = 0; i < sla->nrouting; i++)
		for (k = 0; k < sla->routing[i].when.ntests; k++)
			seen[sla->routing[i].when.tests[k].op] = 1;
	for (i = 0; i < sla->nresponse; i++)
		for (k = 0; k < sla->response[i].when.ntests; k++)
			seen[sla->response[i].when.tests[k].op] = 1;
	for (op = 0; op < LC_OP_COUNT; op++)
		if (!seen[op])
			fail_msg("operator %s is not shown in sla.example.json", sla_op_name((enum lc_op)op));
	sla_free(sla);
	problems_clear(&p);
}

/* ---- using a loaded SLA ---- */

static void test_response_rule_first_match(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	struct lc_lead lead;
	struct lc_event demo = { "demo_request", 1000 };
	const struct lc_response_rule *r;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p), 0);
	lead_init(&lead);
	lead.stage = STAGE_MQL;
	r = sla_response_rule(sla, &lead, &demo, 1, 1000);
	assert_string_equal(r->name, "demo_request");
	/* the demo request happens after now: the MQL rule applies */
	r = sla_response_rule(sla, &lead, &demo, 1, 999);
	assert_string_equal(r->name, "mql");
	/* a new lead without a demo request owes nothing */
	lead.stage = STAGE_NEW;
	assert_null(sla_response_rule(sla, &lead, &demo, 1, 999));
	assert_string_equal(sla_response_rule(sla, &lead, &demo, 1, 1000)->name, "demo_request");
	sla_free(sla);
	problems_clear(&p);
}

static void test_reasons(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	char *list;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load(BASE, strlen(BASE), "t.json", &sla, &p), 0);
	assert_true(sla_reason_allowed(sla, STAGE_LOST, "price"));
	assert_false(sla_reason_allowed(sla, STAGE_LOST, "spam"));
	assert_false(sla_reason_allowed(sla, STAGE_SQL, "price"));
	list = sla_reason_list(sla, STAGE_DISQUALIFIED);
	assert_string_equal(list, "spam");
	free(list);
	list = sla_reason_list(sla, STAGE_WON);
	assert_string_equal(list, "");
	free(list);
	sla_free(sla);
	problems_clear(&p);
}

static void test_slug(void **state)
{
	(void)state;
	assert_true(sla_slug_valid("demo_request"));
	assert_true(sla_slug_valid("form.v2-a"));
	assert_false(sla_slug_valid(""));
	assert_false(sla_slug_valid("Demo"));
	assert_false(sla_slug_valid("a b"));
	assert_false(
	        sla_slug_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 65 */
}

/* ---- robustness ---- */

/* Every strict prefix of the example is bad JSON: exactly one syntax
 * problem, never a crash (run under the sanitizers in CI). */
static void test_truncations(void **state)
{
	size_t len, cut;
	char *text = slurp(LC_SOURCE_DIR "/sla.example.json", &len);

	(void)state;
	for (cut = 0; cut < len; cut++) {
		struct lc_problems p;
		struct lc_sla *sla = NULL;
		char *copy = malloc(cut ? cut : 1);
		assert_non_null(copy);
		memcpy(copy, text, cut);
		problems_init(&p);
		/* a prefix that stops in the trailing newline is still whole */
		if (sla_load(copy, cut, "x.json", &sla, &p) == 0) {
			assert_true(cut >= len - 1);
			sla_free(sla);
		} else {
			assert_int_equal(p.n, 1);
			assert_memory_equal(p.items[0].text, "x.json:", 7);
		}
		problems_clear(&p);
		free(copy);
	}
	free(text);
}

/* Random byte changes: loading must never crash, and must either succeed
 * or explain itself. */
static void test_mutations(void **state)
{
	size_t len, i;
	char *text = slurp(LC_SOURCE_DIR "/sla.example.json", &len);
	uint32_t seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 400; round++) {
		char *copy = malloc(len);
		struct lc_problems p;
		struct lc_sla *sla = NULL;
		int changes;
		assert_non_null(copy);
		memcpy(copy, text, len);
		seed = seed * 1103515245u + 12345u;
		changes = 1 + (int)((seed >> 16) % 4);
		for (i = 0; i < (size_t)changes; i++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			copy[at] = "\"{}[],:0a-\\/ \n\x01\xff"[(seed >> 16) % 17];
		}
		problems_init(&p);
		if (sla_load(copy, len, "m.json", &sla, &p) == 0)
			sla_free(sla);
		else
			assert_true(p.n >= 1);
		problems_clear(&p);
		free(copy);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_is_valid),
		cmocka_unit_test(test_validation_table),
		cmocka_unit_test(test_syntax_table),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_numbers_out_of_range),
		cmocka_unit_test(test_too_many_elements),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_jsonloc_lines),
		cmocka_unit_test(test_jsonloc_duplicates),
		cmocka_unit_test(test_jsonloc_push_key),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_good_fixtures),
		cmocka_unit_test(test_load_file_missing),
		cmocka_unit_test(test_example_encodes_the_matrix),
		cmocka_unit_test(test_example_shows_every_operator),
		cmocka_unit_test(test_response_rule_first_match),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
