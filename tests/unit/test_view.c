/* view: the JSON of a lead and an account, made from plain structs
 * (view.h).  Each case is a struct and the exact text cJSON prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "leadctl/view.h"

/* 2026-11-20T10:00:00Z */
#define T0 1795168800

static char *print_lead(const struct lc_view_lead *v)
{
	cJSON *j = NULL;
	char *s;

	assert_int_equal(view_lead_json(v, &j), 0);
	s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return s;
}

/* A lead with nothing known but its e-mail: every unknown value is null,
 * the score is 0, custom is {}, no account, consent unknown, no lists. */
static void test_view_lead_unknowns(void **state)
{
	struct lc_view_lead v;
	char *s;

	(void)state;
	view_lead_init(&v);
	v.lead.id = 7;
	v.lead.email = strdup("ana@acme.example");
	v.lead.created_at = v.stage_at = v.updated_at = v.activity_at = T0;
	s = print_lead(&v);
	assert_string_equal(
	        s, "{\"id\":7,\"email\":\"ana@acme.example\",\"external_id\":null,\"phone\":null,"
	           "\"first_name\":null,\"last_name\":null,\"title\":null,\"company\":null,\"website\":null,"
	           "\"country\":null,\"industry\":null,\"employees\":null,\"source\":null,\"campaign\":null,"
	           "\"owner\":null,\"stage\":\"new\",\"stage_at\":\"2026-11-20T10:00:00Z\",\"score\":0,"
	           "\"score_at\":null,\"created_at\":\"2026-11-20T10:00:00Z\","
	           "\"updated_at\":\"2026-11-20T10:00:00Z\",\"activity_at\":\"2026-11-20T10:00:00Z\","
	           "\"custom\":{},\"account\":null,\"consent\":{\"do_not_email\":null,\"do_not_call\":null,"
	           "\"lawful_basis\":null,\"lawful_basis_at\":null,\"lawful_basis_source\":null,"
	           "\"unsubscribed_at\":null}}");
	free(s);
	view_lead_clear(&v);
}

/* Known values, an account, consent given, and the lists: the score in its
 * one rounding (41.25 -> 41.3), a won amount with two decimals (negative
 * too), a creation entry with from null, an event without a submission
 * id leaves the member out, one with it shows it. */
static void test_view_lead_lists(void **state)
{
	struct lc_view_lead v;
	char *s;

	(void)state;
	view_lead_init(&v);
	v.lead.id = 12;
	v.lead.phone = strdup("+34612345678");
	v.lead.employees = 250;
	v.lead.stage = STAGE_WON;
	v.lead.score = 41.25;
	v.has_score_at = 1;
	v.lead.score_at = T0;
	v.lead.created_at = v.stage_at = v.updated_at = v.activity_at = T0;
	v.lead.custom_json = strdup("{\"plan\":\"pro\"}");
	v.account_id = 3;
	v.account_name = strdup("Acme");
	v.consent.do_not_email = 1;
	v.consent.do_not_call = 0;
	v.consent.unsubscribed_at = T0;
	v.has_lists = 1;
	v.nhistory = 2;
	v.history = calloc(2, sizeof *v.history);
	v.history[0] = (struct lc_view_stage_entry){ -1, STAGE_NEW, T0, strdup("ana"), NULL, strdup("cli"), 0,
		                                     0,  0,         0,  NULL };
	v.history[1] = (struct lc_view_stage_entry){
		STAGE_SQL, STAGE_WON, T0, strdup("ana"), NULL, strdup("cli"), 1, 2, 1, -150005, strdup("EUR")
	};
	v.nevents = 2;
	v.events = calloc(2, sizeof *v.events);
	v.events[0] =
	        (struct lc_view_event){ strdup("demo_request"), T0, strdup("ana"), strdup("cli"), NULL };
	v.events[1] = (struct lc_view_event){ strdup("form_submission"), T0, strdup("ana"), strdup("import"),
		                              strdup("f-1") };
	s = print_lead(&v);
	assert_non_null(strstr(s, "\"employees\":250,"));
	assert_non_null(strstr(s, "\"stage\":\"won\","));
	assert_non_null(strstr(s, "\"score\":41.3,\"score_at\":\"2026-11-20T10:00:00Z\","));
	assert_non_null(strstr(s, "\"custom\":{\"plan\":\"pro\"},\"account\":{\"id\":3,\"name\":\"Acme\","
	                          "\"domain\":null},"));
	assert_non_null(strstr(s,
	                       "\"consent\":{\"do_not_email\":true,\"do_not_call\":false,"
	                       "\"lawful_basis\":null,\"lawful_basis_at\":null,\"lawful_basis_source\":null,"
	                       "\"unsubscribed_at\":\"2026-11-20T10:00:00Z\"},\"history\":["));
	assert_non_null(strstr(s, "{\"from\":null,\"to\":\"new\",\"at\":\"2026-11-20T10:00:00Z\","
	                          "\"actor\":\"ana\",\"reason\":null,\"origin\":\"cli\",\"sla_version\":null,"
	                          "\"amount\":null,\"currency\":null}"));
	assert_non_null(strstr(s, "\"from\":\"sql\",\"to\":\"won\"") && strstr(s, "\"sla_version\":2,"
	                                                                          "\"amount\":-1500.05,"
	                                                                          "\"currency\":\"EUR\"}"));
	assert_non_null(strstr(s, "\"events\":[{\"type\":\"demo_request\",\"at\":\"2026-11-20T10:00:00Z\","
	                          "\"actor\":\"ana\",\"origin\":\"cli\"},{\"type\":\"form_submission\","
	                          "\"at\":\"2026-11-20T10:00:00Z\",\"actor\":\"ana\",\"origin\":\"import\","
	                          "\"submission_id\":\"f-1\"}]"));
	assert_non_null(strstr(s, "\"touches\":[],"));
	assert_non_null(strstr(s, "\"identities\":[],\"assignments\":[],\"changes\":[]}"));
	free(s);
	view_lead_clear(&v);
	/* cleared: empty again, nothing left to free */
	assert_null(v.history);
	assert_int_equal(v.nevents, 0);
	assert_int_equal(v.lead.employees, -1);
}

static void test_view_account(void **state)
{
	struct lc_view_account a;
	cJSON *j = NULL;
	char *s;

	(void)state;
	memset(&a, 0, sizeof a);
	a.id = 3;
	a.key = strdup("domain:acme.example");
	a.name = strdup("Acme");
	a.created_at = T0;
	a.nleads = 1;
	a.leads = calloc(1, sizeof *a.leads);
	view_lead_init(&a.leads[0]);
	a.leads[0].lead.id = 9;
	a.leads[0].lead.email = strdup("bo@acme.example");
	assert_int_equal(view_account_json(&a, &j), 0);
	s = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(s,
	                       "{\"id\":3,\"key\":\"domain:acme.example\",\"name\":\"Acme\",\"domain\":null,"
	                       "\"created_at\":\"2026-11-20T10:00:00Z\",\"leads\":[{\"id\":9,"
	                       "\"email\":\"bo@acme.example\","));
	free(s);
	cJSON_Delete(j);
	view_account_clear(&a);
	assert_null(a.leads);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_lead_unknowns),
		cmocka_unit_test(test_view_lead_lists),
		cmocka_unit_test(test_view_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
