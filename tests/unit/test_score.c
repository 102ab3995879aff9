/* Unit tests for conditions (every operator), scores (fit, behavior
 * windows at their edges, counts, caps, decay worked out by hand), missing
 * required fields and the instant a lead qualifies. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/score.h"
#include "leadctl/sla.h"

#define MIN 60
#define HOUR 3600
#define DAY 86400

/* "now" in these tests: 2027-01-15T08:00:00Z. */
#define N ((lc_time)1800000000)

/* Load an SLA whose qualification is qual and whose routing is routing
 * (NULL for none); fails the test on any problem.  Caller sla_free()s. */
static struct lc_sla *sla_with(const char *qual, const char *routing)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	char *text = NULL;

	assert_true(
	        asprintf(
	                &text,
	                "{\"version\": 1, \"name\": \"s\", \"timezone\": \"UTC\", \"business_hours\": {},"
	                " \"qualification\": %s, \"response\": [], %s%s%s"
	                " \"reasons\": {\"disqualified\": [\"a\"], \"nurture\": [\"b\"], \"lost\": [\"c\"]}}",
	                qual, routing ? "\"routing\": " : "", routing ? routing : "",
	                routing ? "," : "") > 0);
	problems_init(&p);
	if (sla_load(text, strlen(text), "s.json", &sla, &p) != 0)
		fail_msg("%s\n-> %s", text, p.n ? p.items[0].text : "?");
	problems_clear(&p);
	free(text);
	return sla;
}

/* Set field name of l to value (NULL leaves it empty). */
static void set_field(struct lc_lead *l, const char *name, const char *value)
{
	if (value == NULL)
		return;
	if (strcmp(name, "employees") == 0)
		l->employees = atoll(value);
	else if (strcmp(name, "score") == 0)
		l->score = strtod(value, NULL);
	else if (strcmp(name, "stage") == 0)
		l->stage = (enum lc_stage)stage_parse(value);
	else if (strncmp(name, "custom.", 7) == 0)
		assert_true(asprintf(&l->custom_json, "{\"%s\": %s}", name + 7, value) > 0);
	else if (strcmp(name, "email") == 0)
		l->email = strdup(value);
	else if (strcmp(name, "title") == 0)
		l->title = strdup(value);
	else if (strcmp(name, "industry") == 0)
		l->industry = strdup(value);
	else if (strcmp(name, "country") == 0)
		l->country = strdup(value);
	else if (strcmp(name, "phone") == 0)
		l->phone = strdup(value);
	else if (strcmp(name, "company") == 0)
		l->company = strdup(value);
	else if (strcmp(name, "source") == 0)
		l->source = strdup(value);
	else
		fail_msg("set_field: %s", name);
}

/* One operator case: a condition, one field's value, the expected result. */
struct opcase {
	const char *when;  /* condition object */
	const char *field; /* field to set */
	const char *value; /* its value, NULL = empty */
	int expected;      /* 1 = matches */
};

static const struct opcase opcases[] = {
	/* equals: text is case-insensitive, numbers compare as numbers */
	{ "{\"country\": \"ES\"}", "country", "es", 1 },
	{ "{\"country\": \"ES\"}", "country", "PT", 0 },
	{ "{\"country\": \"ES\"}", "country", NULL, 0 },
	{ "{\"country\": {\"equals\": \"ES\"}}", "country", "ES", 1 },
	{ "{\"employees\": {\"equals\": 50}}", "employees", "50", 1 },
	{ "{\"employees\": {\"equals\": 50}}", "employees", "51", 0 },
	{ "{\"employees\": {\"equals\": 50}}", "employees", NULL, 0 },
	{ "{\"custom.budget\": {\"equals\": 5000}}", "custom.budget", "5000", 1 },
	{ "{\"custom.budget\": {\"equals\": 5000}}", "custom.budget", "\"5000\"", 1 },
	{ "{\"custom.budget\": {\"equals\": 5000}}", "custom.budget", "\"five\"", 0 },
	/* one_of */
	{ "{\"industry\": [\"software\", \"fintech\"]}", "industry", "FinTech", 1 },
	{ "{\"industry\": {\"one_of\": [\"software\", \"fintech\"]}}", "industry", "retail", 0 },
	{ "{\"industry\": [\"software\"]}", "industry", NULL, 0 },
	/* gt, gte, lt, lte, between at their edges */
	{ "{\"employees\": {\"gt\": 999}}", "employees", "1000", 1 },
	{ "{\"employees\": {\"gt\": 999}}", "employees", "999", 0 },
	{ "{\"employees\": {\"gte\": 1000}}", "employees", "1000", 1 },
	{ "{\"employees\": {\"gte\": 1000}}", "employees", "999", 0 },
	{ "{\"employees\": {\"lt\": 200}}", "employees", "199", 1 },
	{ "{\"employees\": {\"lt\": 200}}", "employees", "200", 0 },
	{ "{\"employees\": {\"lte\": 200}}", "employees", "200", 1 },
	{ "{\"employees\": {\"lte\": 200}}", "employees", "201", 0 },
	{ "{\"employees\": {\"between\": [50, 500]}}", "employees", "50", 1 },
	{ "{\"employees\": {\"between\": [50, 500]}}", "employees", "500", 1 },
	{ "{\"employees\": {\"between\": [50, 500]}}", "employees", "49", 0 },
	{ "{\"employees\": {\"between\": [50, 500]}}", "employees", "501", 0 },
	{ "{\"employees\": {\"between\": [50, 500]}}", "employees", NULL, 0 },
	{ "{\"employees\": {\"gte\": 10, \"lte\": 20}}", "employees", "21", 0 },
	{ "{\"title\": {\"gt\": 1}}", "title", "VP", 0 }, /* not a number */
	/* regex: extended, case-insensitive, anywhere in the value */
	{ "{\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}", "title",
	  "VP of Sales", 1 },
	{ "{\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}", "title",
	  "Head of Growth", 1 },
	{ "{\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}", "title", "cto", 1 },
	{ "{\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}", "title", "Victor",
	  0 },
	{ "{\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}", "title",
	  "Directorate", 0 },
	{ "{\"title\": {\"regex\": \"^x\"}}", "title", NULL, 0 },
	/* free mail */
	{ "{\"email\": {\"free_mail\": true}}", "email", "ana@gmail.com", 1 },
	{ "{\"email\": {\"free_mail\": true}}", "email", "ana@yahoo.es", 1 },
	{ "{\"email\": {\"free_mail\": true}}", "email", "ana@acme.com", 0 },
	{ "{\"email\": {\"free_mail\": true}}", "email", NULL, 0 },
	{ "{\"email\": {\"not_free_mail\": true}}", "email", "ana@acme.com", 1 },
	{ "{\"email\": {\"not_free_mail\": true}}", "email", "ana@gmail.com", 0 },
	{ "{\"email\": {\"not_free_mail\": true}}", "email", NULL, 0 },
	/* present and missing */
	{ "{\"phone\": {\"present\": true}}", "phone", "+34600000000", 1 },
	{ "{\"phone\": {\"present\": true}}", "phone", NULL, 0 },
	{ "{\"phone\": {\"missing\": true}}", "phone", NULL, 1 },
	{ "{\"phone\": {\"missing\": true}}", "phone", "+34600000000", 0 },
	/* the score reads lead->score exactly; a band that tiles */
	{ "{\"score\": {\"gte\": 50, \"lt\": 100}}", "score", "50", 1 },
	{ "{\"score\": {\"gte\": 50, \"lt\": 100}}", "score", "99.99", 1 },
	{ "{\"score\": {\"gte\": 50, \"lt\": 100}}", "score", "100", 0 },
	{ "{\"score\": {\"gte\": 50, \"lt\": 100}}", "score", "49.9", 0 },
	/* stages */
	{ "{\"stage\": [\"mql\", \"sql\"]}", "stage", "sql", 1 },
	{ "{\"stage\": [\"mql\", \"sql\"]}", "stage", "new", 0 },
	{ "{\"stage\": \"new\"}", "stage", NULL, 1 }, /* a fresh lead is new */
	/* every test must hold; an empty condition holds for everyone */
	{ "{\"country\": \"ES\", \"source\": {\"missing\": true}}", "country", "ES", 1 },
	{ "{\"country\": \"ES\", \"source\": {\"present\": true}}", "country", "ES", 0 },
	{ "{}", "country", NULL, 1 },
};

static void test_operators(void **state)
{
	size_t i;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof(opcases) / sizeof(opcases[0]); i++) {
		const struct opcase *c = &opcases[i];
		char *routing = NULL;
		struct lc_sla *sla;
		struct lc_lead lead;
		int got;

		assert_true(asprintf(&routing, "[{\"name\": \"r\", \"when\": %s, \"owner\": \"x\"}]",
		                     c->when) > 0);
		sla = sla_with(
		        "{\"mql_threshold\": 1, \"fit\": [{\"name\": \"f\", \"points\": 1, \"when\": {}}]}",
		        routing);
		lead_init(&lead);
		set_field(&lead, c->field, c->value);
		got = sla_cond_match(&sla->routing[0].when, &lead, NULL, 0, N);
		if (got != c->expected) {
			print_error("case %zu: %s with %s = %s: want %d, got %d\n", i, c->when, c->field,
			            c->value ? c->value : "(empty)", c->expected, got);
			failures++;
		}
		lead_clear(&lead);
		sla_free(sla);
		free(routing);
	}
	assert_int_equal(failures, 0);
}

static void test_event_condition(void **state)
{
	struct lc_sla *sla =
	        sla_with("{\"mql_threshold\": 1, \"fit\": [{\"name\": \"f\", \"points\": 1, \"when\": {}}]}",
	                 "[{\"name\": \"r\", \"when\": {\"event\": [\"demo_request\", \"contact_sales\"]},"
	                 " \"owner\": \"x\"}]");
	struct lc_event ev[] = { { "webinar_attended", N - DAY }, { "contact_sales", N } };
	struct lc_lead lead;

	(void)state;
	lead_init(&lead);
	assert_true(sla_cond_match(&sla->routing[0].when, &lead, ev, 2, N));
	/* the matching event is after now: it does not count yet */
	assert_false(sla_cond_match(&sla->routing[0].when, &lead, ev, 2, N - 1));
	assert_false(sla_cond_match(&sla->routing[0].when, &lead, ev, 1, N));
	assert_false(sla_cond_match(&sla->routing[0].when, &lead, NULL, 0, N));
	sla_free(sla);
}

/* The term of score s from rule name, or NULL. */
static const struct lc_score_term *term(const struct lc_score *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nterms; i++)
		if (strcmp(s->terms[i].rule, name) == 0)
			return &s->terms[i];
	return NULL;
}

/* A qualification without decay: the brief's matrix. */
static const char MATRIX[] =
        "{\"mql_threshold\": 100, \"required_fields\": [\"email\"],"
        " \"fit\": [{\"name\": \"senior\", \"points\": 20,"
        "            \"when\": {\"title\": {\"regex\": \"(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)\"}}},"
        "          {\"name\": \"strategic\", \"points\": 15, \"when\": {\"industry\": [\"software\", "
        "\"fintech\"]}},"
        "          {\"name\": \"free_mail\", \"points\": -10, \"when\": {\"email\": {\"free_mail\": true}}}],"
        " \"behavior\": [{\"name\": \"demo\", \"event\": \"demo_request\", \"points\": 50},"
        "              {\"name\": \"pricing\", \"event\": \"pricing_page_visit\", \"points\": 30, "
        "\"min_count\": "
        "3,"
        "               \"within\": \"30d\"},"
        "              {\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 25},"
        "              {\"name\": \"case\", \"event\": \"case_study_download\", \"points\": 20}]}";

static void test_fit_terms(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_lead lead;
	struct lc_score s;

	(void)state;
	lead_init(&lead);
	lead.title = strdup("VP Sales");
	lead.email = strdup("ana@gmail.com");
	assert_int_equal(score_compute(sla, &lead, NULL, 0, N, &s), 0);
	/* 20 (senior) - 10 (free mail); not in a strategic industry */
	assert_int_equal(s.nterms, 2);
	assert_string_equal(s.terms[0].rule, "senior");
	assert_int_equal(s.terms[0].kind, SCORE_FIT);
	assert_true(s.terms[0].points == 20);
	assert_string_equal(s.terms[0].detail, "title 'VP Sales'");
	assert_string_equal(s.terms[1].rule, "free_mail");
	assert_true(s.terms[1].points == -10);
	assert_string_equal(s.terms[1].detail, "email 'ana@gmail.com'");
	assert_true(s.total == 10);
	assert_string_equal(score_kind_name(SCORE_FIT), "fit");
	assert_string_equal(score_kind_name(SCORE_BEHAVIOR), "behavior");
	score_clear(&s);
	lead_clear(&lead);
	sla_free(sla);
}

/* Behaviour windows count events in (now - window, now]. */
static void test_window_edges(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_lead lead;
	struct lc_score s;
	/* exactly 30 days old: outside; so only 2 visits count */
	struct lc_event out[] = { { "pricing_page_visit", N - 30 * DAY },
		                  { "pricing_page_visit", N - 1 },
		                  { "pricing_page_visit", N - 2 } };
	/* one second younger: inside, and an event exactly at now counts */
	struct lc_event in[] = { { "pricing_page_visit", N - 30 * DAY + 1 },
		                 { "pricing_page_visit", N - 1 },
		                 { "pricing_page_visit", N } };
	/* an event after now is ignored */
	struct lc_event future[] = { { "pricing_page_visit", N + 1 },
		                     { "pricing_page_visit", N - 1 },
		                     { "pricing_page_visit", N - 2 } };

	(void)state;
	lead_init(&lead);
	assert_int_equal(score_compute(sla, &lead, out, 3, N, &s), 0);
	assert_null(term(&s, "pricing"));
	assert_true(s.total == 0);
	score_clear(&s);
	assert_int_equal(score_compute(sla, &lead, in, 3, N, &s), 0);
	assert_non_null(term(&s, "pricing"));
	assert_true(term(&s, "pricing")->points == 30);
	assert_string_equal(term(&s, "pricing")->detail, "3 pricing_page_visit in 30d");
	assert_int_equal(term(&s, "pricing")->kind, SCORE_BEHAVIOR);
	score_clear(&s);
	assert_int_equal(score_compute(sla, &lead, future, 3, N, &s), 0);
	assert_null(term(&s, "pricing"));
	score_clear(&s);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_counts_and_caps(void **state)
{
	struct lc_sla *sla = sla_with(
	        "{\"mql_threshold\": 1,"
	        " \"behavior\": [{\"name\": \"once\", \"event\": \"pricing_page_visit\", \"points\": 30, "
	        "\"min_count\": 3,"
	        "                 \"within\": \"30d\"},"
	        "              {\"name\": \"twice\", \"event\": \"pricing_page_visit\", \"points\": 30, "
	        "\"min_count\": 3,"
	        "                 \"within\": \"30d\", \"cap\": 60},"
	        "              {\"name\": \"each\", \"event\": \"case_study_download\", \"points\": 20, "
	        "\"cap\": "
	        "50},"
	        "              {\"name\": \"unsubscribed\", \"event\": \"unsubscribe\", \"points\": -40}]}",
	        NULL);
	struct lc_event ev[11];
	struct lc_lead lead;
	struct lc_score s;
	int i;

	(void)state;
	for (i = 0; i < 7; i++)
		ev[i] = (struct lc_event){ "pricing_page_visit", N - i * HOUR };
	for (i = 7; i < 10; i++)
		ev[i] = (struct lc_event){ "case_study_download", N - i * HOUR };
	ev[10] = (struct lc_event){ "unsubscribe", N - DAY };
	lead_init(&lead);
	assert_int_equal(score_compute(sla, &lead, ev, 11, N, &s), 0);
	/* 7 visits make 2 awards of 30; without a cap the rule counts once */
	assert_true(term(&s, "once")->points == 30);
	assert_string_equal(term(&s, "once")->detail, "7 pricing_page_visit in 30d, 2 × 30, capped at 30");
	/* with cap 60 both awards count: 2 × 30 */
	assert_true(term(&s, "twice")->points == 60);
	assert_string_equal(term(&s, "twice")->detail, "7 pricing_page_visit in 30d, 2 × 30");
	/* 3 downloads × 20 = 60, capped at 50: 20 + 20 + 10 */
	assert_true(term(&s, "each")->points == 50);
	assert_string_equal(term(&s, "each")->detail, "3 case_study_download, 3 × 20, capped at 50");
	/* negative points */
	assert_true(term(&s, "unsubscribed")->points == -40);
	assert_string_equal(term(&s, "unsubscribed")->detail, "1 unsubscribe");
	/* 30 + 60 + 50 - 40 */
	assert_true(s.total == 100);
	score_clear(&s);
	lead_clear(&lead);
	sla_free(sla);
}

/* Decay: points × 0.5^(age / half_life), half-life 30d. */
static void test_decay_hand_computed(void **state)
{
	struct lc_sla *sla = sla_with(
	        "{\"mql_threshold\": 1, \"decay\": {\"half_life\": \"30d\"},"
	        " \"fit\": [{\"name\": \"senior\", \"points\": 20, \"when\": {\"title\": {\"regex\": "
	        "\"vp\"}}}],"
	        " \"behavior\": [{\"name\": \"demo\", \"event\": \"demo_request\", \"points\": 50},"
	        "              {\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 25},"
	        "              {\"name\": \"case\", \"event\": \"case_study_download\", \"points\": 20},"
	        "              {\"name\": \"pricing\", \"event\": \"pricing_page_visit\", \"points\": 30,"
	        "               \"min_count\": 3, \"within\": \"30d\", \"cap\": 60}]}",
	        NULL);
	struct lc_event ev[] = {
		{ "demo_request", N - 15 * DAY },     /* 50 × 0.5^(15/30) = 50 × 0.70710678 = 35.35533906 */
		{ "webinar_attended", N - 30 * DAY }, /* 25 × 0.5^(30/30) = 25 × 0.5 = 12.5 */
		{ "case_study_download", N - 60 * DAY }, /* 20 × 0.5^(60/30) = 20 × 0.25 = 5 */
		/* six visits, newest first: the groups are {1d, 2d, 3d} and {20d, 21d, 22d}; each
		 * award decays from its group's newest visit:
		 * 30 × 0.5^(1/30)  = 30 × 0.97715997 = 29.31479904
		 * 30 × 0.5^(20/30) = 30 × 0.62996052 = 18.89881575
		 * together 48.21361479 */
		{ "pricing_page_visit", N - 22 * DAY },
		{ "pricing_page_visit", N - 1 * DAY },
		{ "pricing_page_visit", N - 21 * DAY },
		{ "pricing_page_visit", N - 2 * DAY },
		{ "pricing_page_visit", N - 20 * DAY },
		{ "pricing_page_visit", N - 3 * DAY },
	};
	struct lc_lead lead;
	struct lc_score s;

	(void)state;
	lead_init(&lead);
	lead.title = strdup("VP");
	assert_int_equal(score_compute(sla, &lead, ev, sizeof(ev) / sizeof(ev[0]), N, &s), 0);
	/* fit points never decay */
	assert_true(term(&s, "senior")->points == 20);
	assert_true(fabs(term(&s, "demo")->points - 35.35533906) < 1e-6);
	assert_string_equal(term(&s, "demo")->detail, "1 demo_request, decayed 50→35.4 (half-life 30d)");
	assert_true(fabs(term(&s, "webinar")->points - 12.5) < 1e-9);
	assert_string_equal(term(&s, "webinar")->detail,
	                    "1 webinar_attended, decayed 25→12.5 (half-life 30d)");
	assert_true(fabs(term(&s, "case")->points - 5) < 1e-9);
	assert_string_equal(term(&s, "case")->detail, "1 case_study_download, decayed 20→5 (half-life 30d)");
	assert_true(fabs(term(&s, "pricing")->points - 48.21361479) < 1e-6);
	assert_string_equal(term(&s, "pricing")->detail,
	                    "6 pricing_page_visit in 30d, 2 × 30, decayed 60→48.2 (half-life 30d)");
	/* 20 + 35.35533906 + 12.5 + 5 + 48.21361479 = 121.06895385 */
	assert_true(fabs(s.total - 121.06895385) < 1e-6);
	score_clear(&s);
	/* an event exactly at now has not decayed at all */
	ev[0].at = N;
	assert_int_equal(score_compute(sla, &lead, ev, 1, N, &s), 0);
	assert_true(term(&s, "demo")->points == 50);
	assert_string_equal(term(&s, "demo")->detail, "1 demo_request, decayed 50→50 (half-life 30d)");
	score_clear(&s);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_total_is_sum_of_terms(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_event ev[] = { { "demo_request", N - HOUR }, { "webinar_attended", N - 2 * HOUR } };
	struct lc_lead lead;
	struct lc_score s;
	double sum = 0;
	size_t i;

	(void)state;
	lead_init(&lead);
	lead.title = strdup("Director of IT");
	lead.industry = strdup("Software");
	lead.email = strdup("ana@acme.com");
	assert_int_equal(score_compute(sla, &lead, ev, 2, N, &s), 0);
	/* fit rules first, then behavior rules, each in SLA order */
	assert_int_equal(s.nterms, 4);
	assert_string_equal(s.terms[0].rule, "senior");
	assert_string_equal(s.terms[1].rule, "strategic");
	assert_string_equal(s.terms[2].rule, "demo");
	assert_string_equal(s.terms[3].rule, "webinar");
	for (i = 0; i < s.nterms; i++)
		sum += s.terms[i].points;
	assert_true(sum == s.total);
	/* 20 + 15 + 50 + 25 */
	assert_true(s.total == 110);
	score_clear(&s);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_missing_fields(void **state)
{
	struct lc_sla *sla =
	        sla_with("{\"mql_threshold\": 1, \"required_fields\": [\"email\", \"company\", \"phone\"],"
	                 " \"fit\": [{\"name\": \"f\", \"points\": 1, \"when\": {}}]}",
	                 NULL);
	struct lc_lead lead;
	const char *missing[3] = { NULL, NULL, NULL };

	(void)state;
	lead_init(&lead);
	lead.email = strdup("ana@acme.com");
	assert_int_equal(score_missing_fields(sla, &lead, missing, 3), 2);
	assert_string_equal(missing[0], "company");
	assert_string_equal(missing[1], "phone");
	/* room for one: still counts both */
	missing[0] = missing[1] = NULL;
	assert_int_equal(score_missing_fields(sla, &lead, missing, 1), 2);
	assert_string_equal(missing[0], "company");
	assert_null(missing[1]);
	assert_int_equal(score_missing_fields(sla, &lead, NULL, 0), 2);
	/* an empty string is missing too */
	lead.company = strdup("");
	lead.phone = strdup("+34600000000");
	assert_int_equal(score_missing_fields(sla, &lead, missing, 3), 1);
	free(lead.company);
	lead.company = strdup("Acme");
	assert_int_equal(score_missing_fields(sla, &lead, missing, 3), 0);
	lead_clear(&lead);
	sla_free(sla);
}

/* A lead created at C: a VP (20 fit points) with a corporate e-mail. */
#define C (N - 100 * DAY)
static void vp_lead(struct lc_lead *lead)
{
	lead_init(lead);
	lead->title = strdup("VP Marketing");
	lead->email = strdup("ana@acme.com");
	lead->created_at = C;
}

static void test_qualify_time(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_lead lead;
	lc_time at = 0;
	/* 20 at C; 70 after the demo; 95 after the webinar; 115 after the case study */
	struct lc_event ev[] = { { "case_study_download", C + 3 * HOUR },
		                 { "demo_request", C + HOUR },
		                 { "webinar_attended", C + 2 * HOUR } };
	/* 20 + 50 + 30 = 100 at the third visit: exactly at the threshold qualifies */
	struct lc_event exact[] = { { "demo_request", C + HOUR },
		                    { "pricing_page_visit", C + 2 * HOUR },
		                    { "pricing_page_visit", C + 3 * HOUR },
		                    { "pricing_page_visit", C + 4 * HOUR } };

	(void)state;
	vp_lead(&lead);
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, N, &at), 1);
	assert_true(at == C + 3 * HOUR);
	assert_int_equal(score_qualify_time(sla, &lead, exact, 4, C, N, &at), 1);
	assert_true(at == C + 4 * HOUR);
	/* without the case study: 95, never */
	assert_int_equal(score_qualify_time(sla, &lead, ev + 1, 2, C, N, &at), 0);
	/* now before the case study: it has not happened yet */
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, C + 3 * HOUR - 1, &at), 0);
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, C + 3 * HOUR, &at), 1);
	assert_true(at == C + 3 * HOUR);
	/* looking from a later instant: the lead already qualifies then */
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C + 5 * HOUR, N, &at), 1);
	assert_true(at == C + 5 * HOUR);
	/* an empty interval */
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, N + 1, N, &at), 0);
	/* a required field missing: never */
	free(lead.email);
	lead.email = NULL;
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, N, &at), 0);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_qualify_time_backfilled_events(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_lead lead;
	lc_time at = 0;
	/* everything happened before the lead was recorded: 115 at creation */
	struct lc_event ev[] = { { "demo_request", C - 2 * HOUR },
		                 { "webinar_attended", C - HOUR },
		                 { "case_study_download", C - 30 * MIN } };

	(void)state;
	vp_lead(&lead);
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, 0, N, &at), 1);
	assert_true(at == C);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_qualify_time_window_expiry(void **state)
{
	struct lc_sla *sla = sla_with(MATRIX, NULL);
	struct lc_lead lead;
	lc_time at = 0;
	/* 20 + 50 = 70 after the demo.  Two visits early on, then three more
	 * from day 31: by then the early ones are out of the 30-day window,
	 * so the third visit of the late group (day 31 + 2h) makes 3 in the
	 * window: 70 + 30 = 100. */
	struct lc_event ev[] = {
		{ "demo_request", C + HOUR },
		{ "pricing_page_visit", C + 2 * HOUR },
		{ "pricing_page_visit", C + 3 * HOUR },
		{ "pricing_page_visit", C + 31 * DAY },
		{ "pricing_page_visit", C + 31 * DAY + HOUR },
		{ "pricing_page_visit", C + 31 * DAY + 2 * HOUR },
	};

	(void)state;
	vp_lead(&lead);
	assert_int_equal(score_qualify_time(sla, &lead, ev, 6, C, N, &at), 1);
	assert_true(at == C + 31 * DAY + 2 * HOUR);
	lead_clear(&lead);
	sla_free(sla);
}

static void test_qualify_time_decay(void **state)
{
	struct lc_sla *sla = sla_with(
	        "{\"mql_threshold\": 100, \"decay\": {\"half_life\": \"30d\"},"
	        " \"fit\": [{\"name\": \"senior\", \"points\": 20, \"when\": {\"title\": {\"regex\": "
	        "\"vp\"}}}],"
	        " \"behavior\": [{\"name\": \"demo\", \"event\": \"demo_request\", \"points\": 50},"
	        "              {\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 25},"
	        "              {\"name\": \"case\", \"event\": \"case_study_download\", \"points\": 20}]}",
	        NULL);
	struct lc_lead lead;
	lc_time at = 0;
	/* at C: 20 + 50 + 20 = 90.  At C + 60d the webinar adds 25, but the demo
	 * has decayed to 50 × 0.25 = 12.5 and the case study to 20 × 0.25 = 5:
	 * 20 + 12.5 + 5 + 25 = 62.5.  Without decay it would have been 115. */
	struct lc_event ev[] = { { "demo_request", C },
		                 { "case_study_download", C },
		                 { "webinar_attended", C + 60 * DAY } };

	(void)state;
	vp_lead(&lead);
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, N, &at), 0);
	/* the same three facts within a day of each other do qualify: at
	 * C + 1d, 20 + 50 × 0.5^(1/30) + 20 × 0.5^(1/30) + 25
	 * = 20 + 48.8580 + 19.5432 + 25 = 113.4012 */
	ev[2].at = C + DAY;
	assert_int_equal(score_qualify_time(sla, &lead, ev, 3, C, N, &at), 1);
	assert_true(at == C + DAY);
	lead_clear(&lead);
	sla_free(sla);
}

/* The shipped example scores the brief's example lead. */
static void test_example_sla_scores(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	struct lc_lead lead;
	struct lc_score s;
	struct lc_event ev[] = { { "demo_request", N }, { "webinar_attended", N } };
	lc_time at;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p), 0);
	lead_init(&lead);
	lead.title = strdup("Head of Operations");
	lead.industry = strdup("logistics");
	lead.email = strdup("eva@freightco.example");
	lead.company = strdup("FreightCo");
	lead.created_at = N - DAY;
	/* senior 20 + strategic 15 + demo 50 + webinar 25, nothing decayed */
	assert_int_equal(score_compute(sla, &lead, ev, 2, N, &s), 0);
	assert_true(fabs(s.total - 110) < 1e-9);
	score_clear(&s);
	/* so the lead became an MQL when the facts happened */
	assert_int_equal(score_qualify_time(sla, &lead, ev, 2, 0, N, &at), 1);
	assert_true(at == N);
	/* a free-mail address costs 10: 100, still exactly at the threshold */
	free(lead.email);
	lead.email = strdup("eva@gmail.com");
	assert_int_equal(score_qualify_time(sla, &lead, ev, 2, 0, N, &at), 1);
	lead_clear(&lead);
	sla_free(sla);
	problems_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_event_condition),
		cmocka_unit_test(test_fit_terms),
		cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_counts_and_caps),
		cmocka_unit_test(test_decay_hand_computed),
		cmocka_unit_test(test_total_is_sum_of_terms),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_qualify_time),
		cmocka_unit_test(test_qualify_time_backfilled_events),
		cmocka_unit_test(test_qualify_time_window_expiry),
		cmocka_unit_test(test_qualify_time_decay),
		cmocka_unit_test(test_example_sla_scores),
	};

	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
