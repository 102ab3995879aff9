/* Unit tests for the replay of `sla simulate` (replay.h): recorded facts
 * replayed in time order through rules_decide(), one table of small
 * histories and what the replay must decide for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/replay.h"

#define T0 ((lc_time)1800000000)
#define NOW (T0 + 30 * 86400)

/* Fit: CTO +60.  Behaviour: demo +50, webinar +45.  MQL at 95.  Response:
 * "demo" (new or mql with a demo request, 5 minutes), "mql" (1 hour).
 * Routing: everyone to the pool "p" (a, b).  UTC, calendar time. */
static const char SLA_TEXT[] =
        "{\"version\": 1, \"name\": \"t\", \"timezone\": \"UTC\", \"business_hours\": {},"
        " \"qualification\": {\"mql_threshold\": 95,"
        "   \"fit\": [{\"name\": \"cto\", \"points\": 60, \"when\": {\"title\": \"CTO\"}}],"
        "   \"behavior\": [{\"name\": \"demo\", \"event\": \"demo_request\", \"points\": 50},"
        "                {\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 45}]},"
        " \"response\": ["
        "   {\"name\": \"demo\", \"when\": {\"stage\": [\"new\", \"mql\"], \"event\": \"demo_request\"},"
        "    \"first_touch\": {\"within\": \"5m\", \"business\": false}},"
        "   {\"name\": \"mql\", \"when\": {\"stage\": \"mql\"}, \"first_touch\": {\"within\": \"1h\", "
        "\"business\": false}}],"
        " \"routing\": [{\"name\": \"all\", \"pool\": \"p\"}],"
        " \"pools\": {\"p\": {\"members\": [\"a\", \"b\"]}},"
        " \"reasons\": {\"disqualified\": [\"x\"], \"nurture\": [\"y\"], \"lost\": [\"z\"]}}";

static int setup(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;

	problems_init(&p);
	if (sla_load(SLA_TEXT, strlen(SLA_TEXT), "t.json", &sla, &p) != 0)
		fail_msg("%s", p.n ? p.items[0].text : "?");
	problems_clear(&p);
	*state = sla;
	return 0;
}

static int teardown(void **state)
{
	sla_free(*state);
	return 0;
}

/* One lead of a case: created at +created (seconds after T0) with title,
 * its events and touches (+seconds), a person's move to mql at +mql_move
 * (0 = none), a title change at +retitle (0 = none; from title to CTO). */
struct lead_spec {
	lc_time created;
	const char *title;
	const char *ev[2];
	lc_time ev_at[2];
	lc_time touch_at[2];
	lc_time mql_move;
	lc_time retitle;
};

/* Build the facts of spec into l (owned strings). */
static void build(const struct lead_spec *sp, int64_t id, struct lc_replay_lead *l)
{
	size_t k;

	memset(l, 0, sizeof *l);
	lead_init(&l->lead);
	l->lead.id = id;
	l->lead.email = strdup("x@example.com");
	l->lead.title = strdup(sp->retitle ? "CTO" : sp->title ? sp->title : "");
	l->lead.created_at = T0 + sp->created;
	l->move = calloc(2, sizeof *l->move);
	l->move[l->nmove++] = (struct lc_replay_move){ T0 + sp->created, -1, STAGE_NEW, ORIGIN_CLI };
	if (sp->mql_move)
		l->move[l->nmove++] =
		        (struct lc_replay_move){ T0 + sp->mql_move, STAGE_NEW, STAGE_MQL, ORIGIN_CLI };
	l->ev = calloc(2, sizeof *l->ev);
	for (k = 0; k < 2 && sp->ev[k]; k++)
		l->ev[l->nev++] = (struct lc_event){ strdup(sp->ev[k]), T0 + sp->ev_at[k] };
	l->touch = calloc(2, sizeof *l->touch);
	for (k = 0; k < 2 && sp->touch_at[k]; k++) {
		l->touch[l->ntouch].at = T0 + sp->touch_at[k];
		strcpy(l->touch[l->ntouch++].outcome, "no_answer");
	}
	if (sp->retitle) {
		l->field = calloc(1, sizeof *l->field);
		l->field[l->nfield++] = (struct lc_replay_field){ T0 + sp->retitle, strdup("title"),
			                                          strdup(sp->title), strdup("CTO") };
	}
}

/* What the replay decided, as text: "mql L@+S[sla|rec]; assign L owner
 * @+S; breach L rule due +S [touched +S]" items. */
static void result_text(const struct lc_replay_result *r, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < r->nmql; i++)
		len += (size_t)snprintf(buf + len, n - len, "%smql %zu@+%lld%s", len ? "; " : "",
		                        r->mql[i].lead, (long long)(r->mql[i].at - T0),
		                        r->mql[i].by_sla ? "" : " rec");
	for (i = 0; i < r->nassign; i++)
		len += (size_t)snprintf(buf + len, n - len, "%sassign %zu %s@+%lld", len ? "; " : "",
		                        r->assign[i].lead, r->assign[i].owner,
		                        (long long)(r->assign[i].at - T0));
	for (i = 0; i < r->nbreach; i++) {
		len += (size_t)snprintf(buf + len, n - len, "%sbreach %zu %s +%lld", len ? "; " : "",
		                        r->breach[i].lead, r->breach[i].rule,
		                        (long long)(r->breach[i].due_at - T0));
		if (r->breach[i].first_touch_at != RULES_NONE)
			len += (size_t)snprintf(buf + len, n - len, " touched +%lld",
			                        (long long)(r->breach[i].first_touch_at - T0));
	}
	len += (size_t)snprintf(buf + len, n - len, " | %lld/%lld/%lld", (long long)r->in_time,
	                        (long long)r->late, (long long)r->never);
}

static void test_replay(void **state)
{
	static const struct {
		const char *name;
		struct lead_spec leads[2];
		size_t n;
		const char *want;
	} cases[] = {
		{ "a demo request while new starts the clock; the MQL carries it; a late touch is one breach",
		  { { 0, NULL, { "demo_request", "webinar_attended" }, { 300, 3600 }, { 3780, 0 }, 0, 0 } },
		  1,
		  "mql 0@+3600; assign 0 a@+300; breach 0 demo +600 touched +3780 | 0/1/0" },
		{ "touched in time",
		  { { 0, "CTO", { "demo_request", NULL }, { 300, 0 }, { 400, 0 }, 0, 0 } },
		  1,
		  "mql 0@+300; assign 0 a@+300 | 1/0/0" },
		{ "a title changed later: an MQL then, not at the old event",
		  { { 0, "Intern", { "demo_request", NULL }, { 300, 0 }, { 0, 0 }, 0, 7200 } },
		  1,
		  "mql 0@+7200; assign 0 a@+300; breach 0 demo +600 | 0/0/1" },
		{ "a person's move to mql; pool turns in time order, not lead order",
		  { { 1000, NULL, { NULL, NULL }, { 0, 0 }, { 0, 0 }, 5000, 0 },
		    { 0, NULL, { NULL, NULL }, { 0, 0 }, { 0, 0 }, 2000, 0 } },
		  2,
		  "mql 1@+2000 rec; mql 0@+5000 rec; assign 1 a@+2000; assign 0 b@+5000; breach 1 mql +5600; "
		  "breach 0 mql +8600 | 0/0/2" },
		{ "facts after now are not known yet",
		  { { 0, "CTO", { "demo_request", NULL }, { 40 * 86400, 0 }, { 0, 0 }, 0, 0 } },
		  1,
		  " | 0/0/0" },
	};
	char got[512];
	size_t i, k;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_replay_lead leads[2];
		struct lc_replay_result r = { 0 };
		for (k = 0; k < cases[i].n; k++)
			build(&cases[i].leads[k], (int64_t)k + 1, &leads[k]);
		assert_int_equal(replay_run(*state, 1, leads, cases[i].n, NOW, &r, NULL), 0);
		result_text(&r, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s:\n  got  %s\n  want %s", cases[i].name, got, cases[i].want);
		replay_result_clear(&r);
		for (k = 0; k < cases[i].n; k++)
			replay_lead_clear(&leads[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
