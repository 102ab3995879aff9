/* Unit tests for routing decisions: rule order, pools rotating from their
 * stored cursor, members at capacity skipped, everyone full, no match, and
 * callback failures.  The database is played by a small fake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/route.h"
#include "leadctl/sla.h"

#define NOW ((lc_time)1800000000)

static const char SLA_TEXT[] =
        "{\"version\": 1, \"name\": \"r\", \"timezone\": \"UTC\", \"business_hours\": {},"
        " \"qualification\": {\"mql_threshold\": 1, \"fit\": [{\"name\": \"f\", \"points\": 1, \"when\": "
        "{}}]},"
        " \"response\": [],"
        " \"routing\": ["
        "   {\"name\": \"partners\", \"when\": {\"source\": \"partner\"}, \"owner\": \"ana\"},"
        "   {\"name\": \"hot\", \"when\": {\"score\": {\"gte\": 80}, \"event\": \"demo_request\"}, \"pool\": "
        "\"senior\"},"
        "   {\"name\": \"spain\", \"when\": {\"country\": \"ES\"}, \"pool\": \"iberia\"},"
        "   {\"name\": \"big\", \"when\": {\"employees\": {\"gte\": 1000}}, \"owner\": \"zoe\"}],"
        " \"pools\": {\"iberia\": {\"members\": [\"a\", \"b\", \"c\"]}, \"senior\": {\"members\": [\"s1\"]}},"
        " \"owners\": {\"a\": {\"capacity\": 10}, \"b\": {\"capacity\": 2}, \"c\": {\"capacity\": 0},"
        "              \"zoe\": {\"capacity\": 1}, \"s1\": {}},"
        " \"reasons\": {\"disqualified\": [\"x\"], \"nurture\": [\"y\"], \"lost\": [\"z\"]}}";

/* The database, faked: open leads per owner and a cursor per pool. */
struct fake {
	const char *owner[8]; /* owners with a count */
	int64_t count[8];     /* their open leads */
	size_t nowners;       /* number of owners */
	int64_t cursor;       /* the stored cursor of every pool */
	int calls;            /* open_leads calls */
	int fail_open;        /* 1: open_leads fails */
	int fail_cursor;      /* 1: pool_cursor fails */
};

static int64_t *fake_slot(struct fake *f, const char *owner)
{
	size_t i;

	for (i = 0; i < f->nowners; i++)
		if (strcmp(f->owner[i], owner) == 0)
			return &f->count[i];
	assert_true(f->nowners < 8);
	f->owner[f->nowners] = owner;
	f->count[f->nowners] = 0;
	return &f->count[f->nowners++];
}

static int fake_open(void *ctx, const char *owner, int64_t *count)
{
	struct fake *f = ctx;

	f->calls++;
	if (f->fail_open)
		return -1;
	*count = *fake_slot(f, owner);
	return 0;
}

static int fake_cursor(void *ctx, const char *pool, struct lc_pool_turn *turn)
{
	struct fake *f = ctx;

	(void)pool;
	if (f->fail_cursor)
		return -1;
	memset(turn, 0, sizeof *turn);
	turn->position = f->cursor;
	return 0;
}

static int setup(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;

	problems_init(&p);
	if (sla_load(SLA_TEXT, strlen(SLA_TEXT), "r.json", &sla, &p) != 0)
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

/* A lead from country (may be NULL) with source (may be NULL). */
static void mk_lead(struct lc_lead *l, const char *country, const char *source)
{
	lead_init(l);
	if (country)
		l->country = strdup(country);
	if (source)
		l->source = strdup(source);
}

static void test_first_matching_rule_wins(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_lead lead;
	struct lc_route r;

	/* a partner from Spain matches "partners" and "spain": the first wins */
	mk_lead(&lead, "ES", "partner");
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	assert_int_equal(r.status, ROUTE_ASSIGNED);
	assert_int_equal(r.rule, 0);
	assert_string_equal(r.rule_name, "partners");
	assert_string_equal(r.owner, "ana");
	assert_null(r.pool);
	/* ana has no capacity: nobody was asked for her open leads */
	assert_int_equal(f.calls, 0);
	lead_clear(&lead);
}

static void test_no_match(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_lead lead;
	struct lc_route r;

	mk_lead(&lead, "FR", "webinar");
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	assert_int_equal(r.status, ROUTE_NO_MATCH);
	assert_int_equal(r.rule, -1);
	assert_null(r.rule_name);
	assert_null(r.owner);
	assert_null(r.pool);
	lead_clear(&lead);
}

/* Route a Spanish lead with the stored cursor; return the owner (or
 * "FULL") and the new cursor. */
static const char *route_spain(const struct lc_sla *sla, struct fake *f, int64_t cursor, int64_t *next)
{
	struct lc_route_env env = { fake_open, fake_cursor, f };
	struct lc_lead lead;
	struct lc_route r;

	f->cursor = cursor;
	mk_lead(&lead, "ES", NULL);
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	lead_clear(&lead);
	assert_string_equal(r.rule_name, "spain");
	assert_string_equal(r.pool, "iberia");
	*next = r.cursor;
	return r.status == ROUTE_ASSIGNED ? r.owner : "FULL";
}

static void test_pool_rotates_from_cursor(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	int64_t next;

	/* members a, b, c; c has capacity 0, so it is always skipped */
	assert_string_equal(route_spain(sla, &f, 0, &next), "a");
	assert_int_equal(next, 1);
	assert_string_equal(route_spain(sla, &f, 1, &next), "b");
	assert_int_equal(next, 2);
	assert_string_equal(route_spain(sla, &f, 2, &next), "a");
	assert_int_equal(next, 1);
	/* a cursor beyond the members (the pool shrank) wraps around */
	assert_string_equal(route_spain(sla, &f, 4, &next), "b");
	assert_int_equal(next, 2);
	assert_string_equal(route_spain(sla, &f, -1, &next), "a");
	assert_int_equal(next, 1);
}

/* The rotation is kept by member: where it goes on after the member served
 * last when a new SLA version reorders, shrinks or grows the pool. */
static void test_pool_start_by_member(void **state)
{
	static const struct {
		const char *members[4]; /* the pool in force */
		const char *last;       /* served last */
		const char *order[4];   /* the pool when last was served */
		int64_t position;       /* legacy cursor (no last) */
		const char *want;       /* the member that starts */
	} cases[] = {
		{ { "ana", "ben", "cai" }, "ben", { "ana", "ben", "cai" }, 0, "cai" },
		{ { "ana", "ben", "cai" }, "cai", { "ana", "ben", "cai" }, 0, "ana" },
		/* ben left: his turn passes to cai, who followed him */
		{ { "ana", "cai" }, "ben", { "ana", "ben", "cai" }, 0, "cai" },
		/* cai (last in order) left: the rotation wraps to ana */
		{ { "ana", "ben" }, "cai", { "ana", "ben", "cai" }, 0, "ana" },
		/* ben and cai left: ana, the only one after ben still there */
		{ { "ana", "dan" }, "ben", { "ana", "ben", "cai" }, 0, "ana" },
		/* reordered: the one after ben in the new order */
		{ { "cai", "ben", "ana" }, "ben", { "ana", "ben", "cai" }, 0, "ana" },
		/* a member joined after the last one served: his turn is next */
		{ { "ana", "ben", "dan", "cai" }, "ben", { "ana", "ben", "cai" }, 0, "dan" },
		/* nobody known from the old order: the first member */
		{ { "dan", "eve" }, "ben", { "ana", "ben", "cai" }, 0, "dan" },
		{ { "dan", "eve" }, "ben", { NULL }, 0, "dan" },
		/* a cursor written by an older version: the index, modulo */
		{ { "ana", "ben", "cai" }, NULL, { NULL }, 4, "ben" },
		{ { "ana", "ben", "cai" }, NULL, { NULL }, 0, "ana" },
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lc_pool pool = { "p", (char **)cases[i].members, 0 };
		struct lc_pool_turn turn = { cases[i].last, cases[i].order, 0, cases[i].position };
		while (pool.nmembers < 4 && cases[i].members[pool.nmembers])
			pool.nmembers++;
		while (turn.norder < 4 && cases[i].order[turn.norder])
			turn.norder++;
		n = route_pool_start(&pool, &turn);
		assert_true(n < pool.nmembers);
		assert_string_equal(cases[i].members[n], cases[i].want);
	}
}

static void test_capacity_fills_up(void **state)
{
	const struct lc_sla *sla = *state;
	static const char *const want[] = { "a", "b", "a", "b", "a", "a" };
	struct fake f = { 0 };
	int64_t cursor = 0;
	size_t i;

	/* each assignment adds an open lead; b takes 2 and is then skipped */
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *owner = route_spain(sla, &f, cursor, &cursor);
		assert_string_equal(owner, want[i]);
		(*fake_slot(&f, owner))++;
	}
	assert_int_equal(*fake_slot(&f, "a"), 4);
	assert_int_equal(*fake_slot(&f, "b"), 2);
}

static void test_everyone_full(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_lead lead;
	struct lc_route r;

	*fake_slot(&f, "a") = 10;
	*fake_slot(&f, "b") = 3; /* over capacity counts as full too */
	f.cursor = 7;
	mk_lead(&lead, "ES", NULL);
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	assert_int_equal(r.status, ROUTE_FULL);
	assert_int_equal(r.rule, 2);
	assert_string_equal(r.rule_name, "spain");
	assert_string_equal(r.pool, "iberia");
	assert_null(r.owner);
	/* nobody took the turn: the cursor stays where it was (7 mod 3) */
	assert_int_equal(r.cursor, 1);
	assert_string_equal(route_status_name(r.status), "full");
	lead_clear(&lead);
}

static void test_owner_at_capacity(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_lead lead;
	struct lc_route r;

	mk_lead(&lead, "FR", NULL);
	lead.employees = 5000;
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	assert_int_equal(r.status, ROUTE_ASSIGNED);
	assert_string_equal(r.owner, "zoe");
	/* zoe's capacity is 1: with one open lead she is full, and the rule
	 * still decides (no falling through to later rules) */
	*fake_slot(&f, "zoe") = 1;
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
	assert_int_equal(r.status, ROUTE_FULL);
	assert_string_equal(r.rule_name, "big");
	assert_null(r.owner);
	assert_null(r.pool);
	lead_clear(&lead);
}

static void test_score_band_and_event(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_event demo = { "demo_request", NOW };
	struct lc_lead lead;
	struct lc_route r;

	mk_lead(&lead, "ES", NULL);
	lead.score = 80;
	assert_int_equal(route_decide(sla, &lead, &demo, 1, NOW, &env, &r), 0);
	assert_string_equal(r.rule_name, "hot");
	assert_string_equal(r.owner, "s1");
	assert_int_equal(r.cursor, 0); /* one member: back to it */
	/* below the band, or the demo request not yet happened: the next rule */
	lead.score = 79.5;
	assert_int_equal(route_decide(sla, &lead, &demo, 1, NOW, &env, &r), 0);
	assert_string_equal(r.rule_name, "spain");
	lead.score = 80;
	assert_int_equal(route_decide(sla, &lead, &demo, 1, NOW - 1, &env, &r), 0);
	assert_string_equal(r.rule_name, "spain");
	lead_clear(&lead);
}

static void test_callback_failures(void **state)
{
	const struct lc_sla *sla = *state;
	struct fake f = { 0 };
	struct lc_route_env env = { fake_open, fake_cursor, &f };
	struct lc_route_env no_counts = { NULL, fake_cursor, &f };
	struct lc_route_env no_cursors = { fake_open, NULL, &f };
	struct lc_lead lead;
	struct lc_route r;

	mk_lead(&lead, "ES", NULL);
	f.fail_open = 1;
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), -1);
	f.fail_open = 0;
	f.fail_cursor = 1;
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), -1);
	f.fail_cursor = 0;
	/* members with a capacity but no way to count: an error, not a guess */
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &no_counts, &r), -1);
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, NULL, &r), -1);
	/* no stored cursors: every pool starts at its first member */
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &no_cursors, &r), 0);
	assert_string_equal(r.owner, "a");
	lead_clear(&lead);
	/* an owner without capacity needs no callback at all */
	mk_lead(&lead, NULL, "partner");
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, NULL, &r), 0);
	assert_string_equal(r.owner, "ana");
	assert_string_equal(route_status_name(r.status), "assigned");
	assert_string_equal(route_status_name(ROUTE_NO_MATCH), "no_match");
	lead_clear(&lead);
}

static void test_example_routing(void **state)
{
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	struct lc_lead lead;
	struct lc_route r;

	(void)state;
	problems_init(&p);
	assert_int_equal(sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p), 0);
	/* unknown size: the "unknown_size" rule, pool inbound, first member */
	lead_init(&lead);
	assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, NULL, &r), 0);
	assert_string_equal(r.rule_name, "unknown_size");
	assert_string_equal(r.owner, "marta");
	lead.employees = 5000;
	lead.email = strdup("cfo@bigcorp.example");
	{
		struct fake f = { 0 };
		struct lc_route_env env = { fake_open, fake_cursor, &f };
		assert_int_equal(route_decide(sla, &lead, NULL, 0, NOW, &env, &r), 0);
		assert_string_equal(r.rule_name, "enterprise");
		assert_string_equal(r.owner, "ana");
	}
	lead_clear(&lead);
	sla_free(sla);
	problems_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_matching_rule_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_rotates_from_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capacity_fills_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everyone_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner_at_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_score_band_and_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_failures, setup, teardown),
		cmocka_unit_test(test_example_routing),
		cmocka_unit_test(test_pool_start_by_member),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
