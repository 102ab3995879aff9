/* Unit tests for the rules engine (rules.h): one table of lead states and
 * the effects the SLA decides for each, written as text with instants
 * relative to T0, then the breach and stall decisions of `sla check`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/rules.h"

#define T0 ((lc_time)1800000000) /* 2027-01-15T08:00:00Z */
#define DAY 86400
#define N RULES_NONE

/* Fit: CTO +60.  Behaviour: demo_request +50, webinar_attended +45.
 * MQL at 100.  Response: "demo" (new or mql with a demo request: first
 * touch in 5m, 3 attempts in 1d, recycle), "mql" (first touch in 1h, no
 * attempts).  Routing: web leads to pool "inbound" (a, b), the rest to
 * ana.  Stale: sql after 30d.  UTC, calendar time. */
static const char SLA_TEXT[] =
        "{\"version\": 1, \"name\": \"t\", \"timezone\": \"UTC\", \"business_hours\": {},"
        " \"qualification\": {\"mql_threshold\": 100,"
        "   \"fit\": [{\"name\": \"cto\", \"points\": 60, \"when\": {\"title\": \"CTO\"}}],"
        "   \"behavior\": [{\"name\": \"demo\", \"event\": \"demo_request\", \"points\": 50},"
        "                {\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 45}]},"
        " \"response\": ["
        "   {\"name\": \"demo\", \"when\": {\"stage\": [\"new\", \"mql\"], \"event\": \"demo_request\"},"
        "    \"first_touch\": {\"within\": \"5m\", \"business\": false},"
        "    \"attempts\": {\"count\": 3, \"within\": \"1d\", \"business\": false}, \"on_exhausted\": "
        "\"recycle\"},"
        "   {\"name\": \"mql\", \"when\": {\"stage\": \"mql\"}, \"first_touch\": {\"within\": \"1h\", "
        "\"business\": false}}],"
        " \"stale\": {\"business\": false, \"sql\": \"30d\"},"
        " \"routing\": [{\"name\": \"web\", \"when\": {\"source\": \"web\"}, \"pool\": \"inbound\"},"
        "              {\"name\": \"rest\", \"owner\": \"ana\"}],"
        " \"pools\": {\"inbound\": {\"members\": [\"a\", \"b\"]}},"
        " \"reasons\": {\"disqualified\": [\"x\"], \"nurture\": [\"no_response\"], \"lost\": [\"z\"]}}";

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

/* Routing reads, faked: nobody has open leads, pools start at the first. */
static int no_load(void *ctx, const char *owner, int64_t *count)
{
	(void)ctx;
	(void)owner;
	*count = 0;
	return 0;
}

static int no_turn(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	(void)ctx;
	(void)pool;
	memset(turn, 0, sizeof *turn);
	return 0;
}

/* An instant as "+S" seconds after T0 (or "-" for none), into buf. */
static const char *rel(lc_time t, char *buf, size_t n)
{
	if (t == N)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%+lld", (long long)(t - T0));
	return buf;
}

/* The effects as text, one "; "-separated item each. */
static void effects_text(const struct lc_effects *e, char *buf, size_t n)
{
	char a[24], b[24], c[24], d[24], f[24], g[24];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < e->n && len < n; i++) {
		const struct lc_effect *x = &e->v[i];
		const struct lc_obligation *o = &x->obligation;
		const char *sep = i ? "; " : "";
		switch (x->kind) {
		case EFFECT_SCORE:
			len += (size_t)snprintf(buf + len, n - len, "%sscore %g", sep, x->score);
			break;
		case EFFECT_STAGE:
			len += (size_t)snprintf(buf + len, n - len, "%s%s->%s %s", sep,
			                        stage_name(x->stage.from), stage_name(x->stage.to),
			                        rel(x->stage.at, a, sizeof a));
			break;
		case EFFECT_BREACH_RESOLVED:
			len += (size_t)snprintf(buf + len, n - len, "%sresolved %lld %s", sep,
			                        (long long)x->resolved.id, rel(x->resolved.at, a, sizeof a));
			break;
		case EFFECT_ASSIGN:
			len += (size_t)snprintf(buf + len, n - len, "%sassign %s by %s%s%s cursor %lld %s",
			                        sep, x->assign.owner, x->assign.rule,
			                        x->assign.pool ? "/" : "",
			                        x->assign.pool ? x->assign.pool : "",
			                        (long long)x->assign.cursor, rel(x->assign.at, a, sizeof a));
			break;
		default:
			/* obligation effects: kind id entry rule state start due first made/owed att next
			 * closed */
			len += (size_t)snprintf(
			        buf + len, n - len,
			        "%s%s %lld@%lld %s %s start %s due %s ft %s %lld/%lld att %s next %s%s%s",
			        sep, rules_effect_name(x->kind) + strlen("obligation_"), (long long)o->id,
			        (long long)o->entry, o->rule, rules_obl_state_name(o->state),
			        rel(o->started_at, a, sizeof a), rel(o->first_touch_due, b, sizeof b),
			        rel(o->first_touch_at, c, sizeof c), (long long)o->attempts_made,
			        (long long)o->attempts_owed, rel(o->attempts_due, d, sizeof d),
			        rel(o->next_due_at, f, sizeof f), o->closed_at == N ? "" : " closed ",
			        o->closed_at == N ? "" : rel(o->closed_at, g, sizeof g));
			break;
		}
	}
}

/* The demo obligation of entry 5 (the lead's creation at T0), started at
 * +100 (the demo request), untouched. */
#define DEMO_OPEN                                                                                            \
	{                                                                                                    \
		9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, N, 3, 0, T0 + 100 + DAY, 1, OBL_OPEN,        \
		        T0 + 400, N                                                                          \
	}

struct rules_case {
	const char *name;
	const char *title;  /* the lead's title (CTO scores 60) */
	const char *source; /* "web" routes to the pool */
	const char *owner;
	enum lc_stage stage;
	lc_time stage_at;
	struct lc_event ev[3];
	size_t nev;
	struct lc_touch touch[4];
	size_t ntouch;
	struct lc_history_row hist[3];
	size_t nhist;
	struct lc_obligation obl[2];
	size_t nobl;
	struct lc_open_breach breach[2];
	size_t nbreach;
	lc_time at; /* the change */
	enum lc_origin origin;
	lc_time floor;
	const char *want; /* the effects as effects_text() writes them */
};

#define CREATED { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI } }, 1

static const struct rules_case cases[] = {
	{ "a lead below the threshold is only scored",
	  "CTO",
	  NULL,
	  NULL,
	  STAGE_NEW,
	  T0,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  CREATED,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0,
	  ORIGIN_CLI,
	  0,
	  "score 60" },
	{ "a demo request qualifies: mql, its obligation carried from new, routed",
	  "CTO",
	  NULL,
	  NULL,
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { 0 } },
	  0,
	  CREATED,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 100,
	  ORIGIN_CLI,
	  0,
	  "score 110; new->mql +100; opened 0@0 demo open start +100 due +400 ft - 0/3 att +86500 next +400; "
	  "assign ana by rest cursor 0 +100" },
	{ "qualifying through a field filled in later: mql then, not in the past",
	  "CTO",
	  NULL,
	  NULL,
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { 0 } },
	  0,
	  CREATED,
	  { DEMO_OPEN },
	  1,
	  { { 0 } },
	  0,
	  T0 + 500,
	  ORIGIN_CLI,
	  0,
	  "score 110; new->mql +500; closed 9@5 demo closed start +100 due +400 ft - 0/3 att +86500 next - "
	  "closed "
	  "+500; opened 0@0 demo open start +100 due +400 ft - 0/3 att +86500 next +400; assign ana by rest "
	  "cursor "
	  "0 +500" },
	{ "a first touch without success: progressed, the attempts window next",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { T0 + 200, "no_answer" } },
	  1,
	  CREATED,
	  { DEMO_OPEN },
	  1,
	  { { 0 } },
	  0,
	  T0 + 200,
	  ORIGIN_CLI,
	  0,
	  "score 50; progressed 9@5 demo open start +100 due +400 ft +200 1/3 att +86500 next +86500" },
	{ "a connected touch meets it",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { T0 + 50, "no_answer" }, { T0 + 200, "connected" } },
	  2,
	  CREATED,
	  { DEMO_OPEN },
	  1,
	  { { 0 } },
	  0,
	  T0 + 200,
	  ORIGIN_CLI,
	  0,
	  "score 50; met 9@5 demo met start +100 due +400 ft +200 1/3 att +86500 next - closed +200" },
	{ "all attempts without success exhaust it",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { T0 + 200, "no_answer" }, { T0 + 300, "voicemail" }, { T0 + 900, "no_answer" } },
	  3,
	  CREATED,
	  { DEMO_OPEN },
	  1,
	  { { 0 } },
	  0,
	  T0 + 900,
	  ORIGIN_CLI,
	  0,
	  "score 50; exhausted 9@5 demo exhausted start +100 due +400 ft +200 3/3 att +86500 next - closed "
	  "+900" },
	{ "a move to sql closes the new stage's obligation; no rule for sql",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_SQL,
	  T0 + 1000,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { 0 } },
	  0,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI }, { 7, T0 + 1000, STAGE_NEW, STAGE_SQL, ORIGIN_CLI } },
	  2,
	  { DEMO_OPEN },
	  1,
	  { { 0 } },
	  0,
	  T0 + 1000,
	  ORIGIN_CLI,
	  0,
	  "score 50; closed 9@5 demo closed start +100 due +400 ft - 0/3 att +86500 next - closed +1000" },
	{ "the mql rule without attempts: the first touch meets it",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_MQL,
	  T0 + 1000,
	  { { 0 } },
	  0,
	  { { T0 + 1200, "no_answer" } },
	  1,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI }, { 7, T0 + 1000, STAGE_NEW, STAGE_MQL, ORIGIN_CLI } },
	  2,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 1200,
	  ORIGIN_CLI,
	  0,
	  "score 0; opened 0@7 mql met start +1000 due +4600 ft +1200 1/1 att - next - closed +1200" },
	{ "the SLA applied as such (sla use) opens obligations as of then",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_MQL,
	  T0 + 1000,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI }, { 7, T0 + 1000, STAGE_NEW, STAGE_MQL, ORIGIN_CLI } },
	  2,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 5000,
	  ORIGIN_SLA,
	  0,
	  "score 0; opened 0@7 mql open start +5000 due +8600 ft - 0/1 att - next +8600" },
	{ "an import's floor (--historical) holds the clock and the routing",
	  NULL,
	  NULL,
	  NULL,
	  STAGE_MQL,
	  T0 + 1000,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_IMPORT }, { 7, T0 + 1000, STAGE_NEW, STAGE_MQL, ORIGIN_IMPORT } },
	  2,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 1000,
	  ORIGIN_IMPORT,
	  T0 + DAY,
	  "score 0; opened 0@7 mql open start +86400 due +90000 ft - 0/1 att - next +90000; assign ana by "
	  "rest "
	  "cursor 0 +86400" },
	{ "breaches resolved by the first touch or move after their deadline, not by the SLA's mql",
	  NULL,
	  NULL,
	  "ana",
	  STAGE_SQL,
	  T0 + 700,
	  { { 0 } },
	  0,
	  { { T0 + 800, "no_answer" } },
	  1,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI },
	    { 6, T0 + 350, STAGE_NEW, STAGE_MQL, ORIGIN_SLA },
	    { 7, T0 + 700, STAGE_MQL, STAGE_SQL, ORIGIN_CLI } },
	  3,
	  { { 0 } },
	  0,
	  { { 1, T0 + 300 }, { 2, T0 + 750 } },
	  2,
	  T0 + 800,
	  ORIGIN_CLI,
	  0,
	  "score 0; resolved 1 +700; resolved 2 +800" },
	{ "back in nurture: old events do not qualify again",
	  "CTO",
	  NULL,
	  "ana",
	  STAGE_NURTURE,
	  T0 + 1000,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { 0 } },
	  0,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI }, { 7, T0 + 1000, STAGE_MQL, STAGE_NURTURE, ORIGIN_SLA } },
	  2,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 1000,
	  ORIGIN_SLA,
	  0,
	  "score 110" },
	{ "back in nurture: a later event qualifies, routed to the pool",
	  "CTO",
	  "web",
	  NULL,
	  STAGE_NURTURE,
	  T0 + 1000,
	  { { "demo_request", T0 + 100 }, { "webinar_attended", T0 + 2000 } },
	  2,
	  { { 0 } },
	  0,
	  { { 5, T0, -1, STAGE_NEW, ORIGIN_CLI }, { 7, T0 + 1000, STAGE_MQL, STAGE_NURTURE, ORIGIN_SLA } },
	  2,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 2000,
	  ORIGIN_CLI,
	  0,
	  "score 155; nurture->mql +2000; opened 0@0 demo open start +2000 due +2300 ft - 0/3 att +88400 "
	  "next "
	  "+2300; assign a by web/inbound cursor 1 +2000" },
	{ "a new lead that owes nothing is not routed",
	  NULL,
	  "web",
	  NULL,
	  STAGE_NEW,
	  T0,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  CREATED,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0,
	  ORIGIN_CLI,
	  0,
	  "score 0" },
	{ "a new lead with a demo request owes a response: routed",
	  NULL,
	  "web",
	  NULL,
	  STAGE_NEW,
	  T0,
	  { { "demo_request", T0 + 100 } },
	  1,
	  { { 0 } },
	  0,
	  CREATED,
	  { { 0 } },
	  0,
	  { { 0 } },
	  0,
	  T0 + 100,
	  ORIGIN_CLI,
	  0,
	  "score 50; opened 0@5 demo open start +100 due +400 ft - 0/3 att +86500 next +400; assign a by "
	  "web/inbound cursor 1 +100" },
};

static void test_decide(void **state)
{
	const struct lc_sla *sla = *state;
	struct lc_route_env env = { no_load, no_turn, NULL };
	char got[1024];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rules_case *c = &cases[i];
		struct lc_lead l;
		struct lc_effects e = { 0 };
		struct lc_rules_state s = { &l,      c->stage_at, c->ev,  c->nev,  c->touch,  c->ntouch,
			                    c->hist, c->nhist,    c->obl, c->nobl, c->breach, c->nbreach };
		struct lc_rules_input in = { sla, 1, c->at, c->origin, 0, c->floor, &env };

		lead_init(&l);
		l.id = 1;
		l.email = (char *)"x@example.com";
		l.title = (char *)c->title;
		l.source = (char *)c->source;
		l.owner = (char *)c->owner;
		l.stage = c->stage;
		l.created_at = T0;
		assert_int_equal(rules_decide(&s, &in, &e), 0);
		effects_text(&e, got, sizeof got);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\n  got  %s\n  want %s", c->name, got, c->want);
		rules_effects_clear(&e);
	}
}

/* rules_progress: only the counting and the resolving, nothing else (the
 * lead qualifies and is unassigned, yet is neither moved nor routed). */
static void test_progress(void **state)
{
	struct lc_history_row h = { 5, T0, -1, STAGE_NEW, ORIGIN_CLI };
	struct lc_event ev = { (char *)"demo_request", T0 + 100 };
	struct lc_touch t[] = { { T0 + 200, "no_answer" }, { T0 + 500, "connected" } };
	struct lc_obligation o = DEMO_OPEN;
	struct lc_open_breach b = { 3, T0 + 400 };
	struct lc_lead l;
	struct lc_effects e = { 0 };
	struct lc_rules_state s = { &l, T0, &ev, 1, t, 1, &h, 1, &o, 1, &b, 1 };
	char got[512];

	(void)state;
	lead_init(&l);
	l.title = (char *)"CTO";
	assert_int_equal(rules_progress(&s, &e), 0);
	effects_text(&e, got, sizeof got);
	assert_string_equal(
	        got, "progressed 9@5 demo open start +100 due +400 ft +200 1/3 att +86500 next +86500");
	s.ntouch = 2;
	assert_int_equal(rules_progress(&s, &e), 0);
	effects_text(&e, got, sizeof got);
	assert_string_equal(got,
	                    "met 9@5 demo met start +100 due +400 ft +200 2/3 att +86500 next - closed +500; "
	                    "resolved 3 +500");
	rules_effects_clear(&e);
}

static int failing_load(void *ctx, const char *owner, int64_t *count)
{
	(void)ctx;
	(void)owner;
	(void)count;
	return -1;
}

static int failing_turn(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	(void)ctx;
	(void)pool;
	(void)turn;
	return -1;
}

/* A routing read that fails is -3, and no effect is left half made. */
static void test_decide_route_failure(void **state)
{
	struct lc_route_env env = { failing_load, failing_turn, NULL };
	struct lc_history_row h = { 5, T0, -1, STAGE_NEW, ORIGIN_CLI };
	struct lc_event ev = { (char *)"demo_request", T0 };
	struct lc_lead l;
	struct lc_effects e = { 0 };
	struct lc_rules_state s = { &l, T0, &ev, 1, NULL, 0, &h, 1, NULL, 0, NULL, 0 };
	struct lc_rules_input in = { *state, 1, T0, ORIGIN_CLI, 0, 0, &env };

	lead_init(&l);
	l.source = (char *)"web";
	assert_int_equal(rules_decide(&s, &in, &e), -3);
	assert_int_equal(e.n, 0);
	rules_effects_clear(&e);
}

static void test_current_entry(void **state)
{
	/* after a merge: the dropped lead's later creation is not the entry */
	struct lc_history_row h[] = { { 3, T0, -1, STAGE_NEW, ORIGIN_CLI },
		                      { 4, T0 + 100, STAGE_NEW, STAGE_MQL, ORIGIN_CLI },
		                      { 8, T0 + 900, -1, STAGE_NEW, ORIGIN_CLI },
		                      { 9, T0 + 100, STAGE_NEW, STAGE_MQL, ORIGIN_MERGE } };
	struct lc_lead l;
	struct lc_rules_state s = { &l, T0 + 100, NULL, 0, NULL, 0, h, 4, NULL, 0, NULL, 0 };

	(void)state;
	lead_init(&l);
	l.stage = STAGE_MQL;
	assert_int_equal(rules_current_entry(&s)->id, 9);
	l.stage = STAGE_NEW;
	s.stage_at = T0 + 50;
	assert_int_equal(rules_current_entry(&s)->id, 3);
	l.stage = STAGE_SQL;
	assert_null(rules_current_entry(&s));
}

static void test_breaches(void **state)
{
	static const struct {
		struct lc_obligation o;
		int current;
		lc_time now;
		const char *want; /* "kind@due[r]" items */
	} bc[] = {
		/* untouched past the 5 minutes: first touch missed */
		{ DEMO_OPEN, 1, T0 + 401, "first_touch@+400" },
		/* exactly at the deadline: not yet */
		{ DEMO_OPEN, 1, T0 + 400, "" },
		/* untouched and the attempts window over too: both */
		{ DEMO_OPEN, 1, T0 + 100 + DAY + 1, "first_touch@+400 attempts_exhausted@+86500r" },
		/* touched, window over */
		{ { 9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, T0 + 200, 3, 1, T0 + 100 + DAY, 0,
		    OBL_OPEN, T0 + 100 + DAY, N },
		  1,
		  T0 + 2 * DAY,
		  "attempts_exhausted@+86500" },
		/* ... but the lead moved on since: dealt with */
		{ { 9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, T0 + 200, 3, 1, T0 + 100 + DAY, 0,
		    OBL_OPEN, T0 + 100 + DAY, N },
		  0,
		  T0 + 2 * DAY,
		  "" },
		/* used up, on the current entry: recycled */
		{ { 9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, T0 + 200, 3, 3, T0 + 100 + DAY, 1,
		    OBL_EXHAUSTED, N, T0 + 900 },
		  1,
		  T0 + 1000,
		  "attempts_exhausted@+86500r" },
		/* used up, but the lead moved on since */
		{ { 9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, T0 + 200, 3, 3, T0 + 100 + DAY, 1,
		    OBL_EXHAUSTED, N, T0 + 900 },
		  0,
		  T0 + 1000,
		  "" },
		/* met: nothing */
		{ { 9, 5, STAGE_NEW, "demo", 1, T0 + 100, T0 + 400, T0 + 200, 3, 1, T0 + 100 + DAY, 1,
		    OBL_MET, N, T0 + 200 },
		  1,
		  T0 + 3 * DAY,
		  "" },
		/* no attempts rule: only the first touch counts */
		{ { 9, 5, STAGE_MQL, "mql", 1, T0, T0 + 3600, N, 1, 0, N, 0, OBL_OPEN, T0 + 3600, N },
		  1,
		  T0 + 3 * DAY,
		  "first_touch@+3600" },
	};
	struct lc_breach_due out[2];
	char got[128], due[24];
	size_t i, k, n, len;

	(void)state;
	for (i = 0; i < sizeof bc / sizeof bc[0]; i++) {
		n = rules_breaches(&bc[i].o, bc[i].current, bc[i].now, out);
		got[0] = '\0';
		for (k = len = 0; k < n; k++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s@%s%s", k ? " " : "",
			                        breach_kind_name(out[k].kind),
			                        rel(out[k].due_at, due, sizeof due),
			                        out[k].recycle ? "r" : "");
		if (strcmp(got, bc[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, bc[i].want);
	}
}

static void test_stalled(void **state)
{
	const struct lc_sla *sla = *state;
	lc_time due = 0;

	assert_int_equal(rules_stalled(sla, STAGE_SQL, T0, T0 + 30 * DAY, &due), 0);
	assert_int_equal(due, T0 + 30 * DAY);
	assert_int_equal(rules_stalled(sla, STAGE_SQL, T0, T0 + 30 * DAY + 1, &due), 1);
	/* mql has no stale span */
	assert_int_equal(rules_stalled(sla, STAGE_MQL, T0, T0 + 300 * DAY, &due), 0);
	assert_int_equal(rules_stale_min_seconds(sla, STAGE_SQL), 30 * DAY);
	assert_int_equal(rules_stale_min_seconds(sla, STAGE_MQL), 0);
}

/* rules_stalled_from: the sql span (30 calendar days) from the activity,
 * but never due before the SLA's installation. */
static void test_stalled_from(void **state)
{
	static const struct {
		enum lc_stage stage;
		lc_time activity, now, sla_from;
		int want;
		lc_time due;
	} c[] = {
		/* installed long before: the span decides */
		{ STAGE_SQL, T0, T0 + 30 * DAY + 1, T0 - DAY, 1, T0 + 30 * DAY },
		{ STAGE_SQL, T0, T0 + 30 * DAY, T0 - DAY, 0, T0 + 30 * DAY },
		/* quiet for longer than the span when installed: due at installation */
		{ STAGE_SQL, T0, T0 + 40 * DAY, T0 + 35 * DAY, 1, T0 + 35 * DAY },
		/* ... not yet stalled at the installation instant itself */
		{ STAGE_SQL, T0, T0 + 35 * DAY, T0 + 35 * DAY, 0, T0 + 35 * DAY },
		/* the span's end after the installation: the span decides */
		{ STAGE_SQL, T0, T0 + 31 * DAY, T0 + 10 * DAY, 1, T0 + 30 * DAY },
		/* no stale span */
		{ STAGE_MQL, T0, T0 + 300 * DAY, T0, 0, 0 },
	};
	const struct lc_sla *sla = *state;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		lc_time due = 0;
		int got = rules_stalled_from(sla, c[i].stage, c[i].activity, c[i].now, c[i].sla_from, &due);
		if (got != c[i].want || (c[i].due && due != c[i].due))
			fail_msg("case %zu: got %d due %lld, want %d due %lld", i, got, (long long)due,
			         c[i].want, (long long)c[i].due);
	}
}

static void test_names(void **state)
{
	int s;

	(void)state;
	for (s = OBL_OPEN; s <= OBL_CLOSED; s++)
		assert_int_equal(rules_obl_state_parse(rules_obl_state_name((enum lc_obl_state)s)), s);
	assert_int_equal(rules_obl_state_parse("late"), -1);
	assert_int_equal(rules_obl_state_parse(NULL), -1);
	assert_string_equal(rules_effect_name(EFFECT_ASSIGN), "assign");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),       cmocka_unit_test(test_decide_route_failure),
		cmocka_unit_test(test_progress),     cmocka_unit_test(test_current_entry),
		cmocka_unit_test(test_breaches),     cmocka_unit_test(test_stalled),
		cmocka_unit_test(test_stalled_from), cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
