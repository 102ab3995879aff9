/* history: the moves an import writes, checked against the stage machine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/history.h"
#include "leadctl/sla.h"

#define DAY 86400
#define T0 1700000000 /* the lead's creation */

static void test_move_allowed(void **state)
{
	static const char *const ok[] = { "new>mql",          "new>sql",
		                          "new>won",          "new>lost",
		                          "new>nurture",      "new>disqualified",
		                          "mql>sql",          "mql>won",
		                          "mql>lost",         "mql>nurture",
		                          "mql>disqualified", "sql>won",
		                          "sql>lost",         "sql>nurture",
		                          "nurture>mql",      "nurture>disqualified",
		                          "lost>nurture",     "disqualified>nurture" };
	int from, to;
	size_t k;

	(void)state;
	for (from = 0; from < STAGE_COUNT; from++)
		for (to = 0; to < STAGE_COUNT; to++) {
			char name[40];
			int want = 0;
			snprintf(name, sizeof name, "%s>%s", stage_name(from), stage_name(to));
			for (k = 0; k < sizeof ok / sizeof ok[0]; k++)
				want |= strcmp(ok[k], name) == 0;
			if (history_move_allowed(from, to) != want)
				fail_msg("%s: got %d", name, history_move_allowed(from, to));
		}
}

/* One planning case: dated stages as "stage@day" words, the row's stage,
 * the expected moves as "from>to@day" words and a warning substring. */
struct plan_case {
	const char *name;
	enum lc_stage current;
	long after_day;    /* -1: 0 (a new lead) */
	const char *dates; /* "sql@3 won@10" */
	int stage;         /* -1: none */
	int restage;
	const char *moves; /* "new>sql@3 sql>won@10" */
	const char *warn;  /* substring of the warning, "" for none */
};

static const struct plan_case plans[] = {
	{ "dates in order", STAGE_NEW, -1, "mql@2 sql@5 won@9", -1, 0, "new>mql@2 mql>sql@5 sql>won@9", "" },
	{ "dates out of order", STAGE_NEW, -1, "won@9 mql@2", -1, 0, "new>mql@2 mql>won@9", "" },
	{ "a forward skip", STAGE_NEW, -1, "sql@4", STAGE_SQL, 0, "new>sql@4", "" },
	{ "a date before creation is the creation", STAGE_NEW, -1, "mql@-3", -1, 0, "new>mql@0", "" },
	{ "the stage contradicts the dates: dates win", STAGE_NEW, -1, "sql@1", STAGE_MQL, 0, "new>sql@1",
	  "stage 'mql' contradicts its dates: the lead stays sql" },
	{ "won is final", STAGE_NEW, -1, "won@3 lost@8", STAGE_LOST, 0, "new>won@3",
	  "lost on 2023-11-22 skipped: the lead is won since 2023-11-17" },
	{ "a later sql for a won lead", STAGE_WON, 100, "sql@120", STAGE_SQL, 0, "",
	  "sql on 2024-03-13 skipped: the lead is won since 2024-02-22 and history moves only forward" },
	{ "same instant: funnel order", STAGE_NEW, -1, "sql@5 mql@5", -1, 0, "new>mql@5 mql>sql@5", "" },
	{ "the stage follows at the latest date", STAGE_NEW, -1, "mql@2 sql@6", STAGE_NURTURE, 0,
	  "new>mql@2 mql>sql@6 sql>nurture@6", "" },
	{ "a stage alone moves at the creation", STAGE_NEW, -1, "", STAGE_WON, 0, "new>won@0", "" },
	{ "an existing lead keeps older history", STAGE_MQL, 10, "mql@2 sql@12", -1, 0, "mql>sql@12", "" },
	{ "no newer date: no move", STAGE_NEW, 10, "", STAGE_WON, 0, "", "" },
	{ "re-import: the stage applies", STAGE_NEW, 10, "", STAGE_WON, 1, "new>won@10", "" },
	{ "recycled then qualified again", STAGE_NEW, -1, "mql@1 nurture@4", STAGE_MQL, 0,
	  "new>mql@1 mql>nurture@4 nurture>mql@4", "" },
	{ "disqualified cannot become sql", STAGE_NEW, -1, "disqualified@2 sql@5", -1, 0,
	  "new>disqualified@2", "sql on" },
};

/* Parse "stage@day" words into stage_at/known. */
static void parse_dates(const char *s, lc_time *at, unsigned char *known)
{
	char word[32];
	int n;

	while (sscanf(s, "%31s%n", word, &n) == 1) {
		char *a = strchr(word, '@');
		*a = '\0';
		at[stage_parse(word)] = T0 + (lc_time)atol(a + 1) * DAY;
		known[stage_parse(word)] = 1;
		s += n;
	}
}

static void test_plan_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof plans / sizeof plans[0]; i++) {
		const struct plan_case *c = &plans[i];
		lc_time at[STAGE_COUNT] = { 0 };
		unsigned char known[STAGE_COUNT] = { 0 };
		struct history_input in;
		struct history_plan p;
		char got[256] = "";

		parse_dates(c->dates, at, known);
		memset(&in, 0, sizeof in);
		in.current = c->current;
		in.current_at = c->after_day < 0 ? 0 : T0 + c->after_day * DAY - 1;
		in.created = T0;
		in.after = c->after_day < 0 ? 0 : T0 + c->after_day * DAY;
		in.stage_at = at;
		in.stage_at_known = known;
		in.has_stage = c->stage >= 0;
		in.stage = c->stage >= 0 ? (enum lc_stage)c->stage : STAGE_NEW;
		in.restage = c->restage;
		history_plan(&in, &p);
		for (k = 0; k < p.n; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s>%s@%ld", k ? " " : "",
			         stage_name(p.moves[k].from), stage_name(p.moves[k].to),
			         (long)((p.moves[k].at - T0) / DAY));
		if (strcmp(got, c->moves) != 0)
			fail_msg("%s: moves '%s', expected '%s'", c->name, got, c->moves);
		if (c->warn[0] ? !strstr(p.warning, c->warn) : p.warning[0] != '\0')
			fail_msg("%s: warning '%s', expected '%s'", c->name, p.warning, c->warn);
		for (k = 0; k < p.n; k++)
			if (!history_move_allowed(p.moves[k].from, p.moves[k].to))
				fail_msg("%s: move %zu is not allowed", c->name, k);
	}
}

/* The automatic cut-off under sla.example.json: its longest deadline is
 * the SQL stale period, 30 calendar days (first touch 24 business hours,
 * attempts 10 business days are shorter). */
static void test_entry_is_past_table(void **state)
{
	static const struct {
		const char *entry, *now;
		int past;
	} cases[] = {
		{ "2019-06-01T09:00:00Z", "2026-11-25T09:00:00Z", 1 },
		{ "2026-10-25T09:00:00Z", "2026-11-25T09:00:00Z", 1 }, /* 31 days */
		{ "2026-10-26T09:00:00Z", "2026-11-25T09:00:00Z",
		  0 }, /* exactly 30 days: due now, not past */
		{ "2026-10-26T08:59:59Z", "2026-11-25T09:00:00Z", 1 },
		{ "2026-10-27T09:00:00Z", "2026-11-25T09:00:00Z", 0 }, /* 29 days */
		{ "2026-11-25T08:00:00Z", "2026-11-25T09:00:00Z", 0 },
		{ "2026-11-25T09:00:00Z", "2026-11-25T09:00:00Z", 0 }, /* now is not history */
		{ "2026-11-26T09:00:00Z", "2026-11-25T09:00:00Z", 0 }, /* nor is the future */
	};
	struct lc_problems p;
	struct lc_sla *sla = NULL;
	size_t i;

	(void)state;
	problems_init(&p);
	if (sla_load_file(LC_SOURCE_DIR "/sla.example.json", &sla, &p) != 0)
		fail_msg("sla.example.json: %s", p.n ? p.items[0].text : "?");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lc_time e, n;
		assert_int_equal(clock_parse_iso(cases[i].entry, "UTC", &e), 0);
		assert_int_equal(clock_parse_iso(cases[i].now, "UTC", &n), 0);
		if (history_entry_is_past(sla, e, n) != cases[i].past)
			fail_msg("%s at %s: expected %d", cases[i].entry, cases[i].now, cases[i].past);
	}
	assert_int_equal(history_entry_is_past(NULL, 0, 1), 0);
	sla_free(sla);
	problems_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_allowed),
		cmocka_unit_test(test_plan_table),
		cmocka_unit_test(test_entry_is_past_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
