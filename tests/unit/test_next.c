/* Unit tests for the work list of `leadctl next` (check.h): groups, the
 * ordering rule, the texts of each row, and the query plans of `next` and
 * `sla check` (index searches only, never a scan of leads or obligations).
 * Times are relative to NOW; every expected value is worked out beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leadctl/check.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"

#define NOW ((lc_time)1800000000)
#define MIN 60
#define HOUR 3600
#define DAY 86400

static void test_groups(void **state)
{
	(void)state;
	/* Overdue strictly after the deadline: a touch exactly at it is in time. */
	assert_int_equal(next_group_of(NOW - 1, NOW), NEXT_OVERDUE);
	assert_int_equal(next_group_of(NOW - 30 * DAY, NOW), NEXT_OVERDUE);
	assert_int_equal(next_group_of(NOW, NOW), NEXT_SOON);
	assert_int_equal(next_group_of(NOW + 1, NOW), NEXT_SOON);
	/* Due soon: within 24 h, the 24th hour included. */
	assert_int_equal(next_group_of(NOW + 24 * HOUR, NOW), NEXT_SOON);
	assert_int_equal(next_group_of(NOW + 24 * HOUR + 1, NOW), NEXT_LATER);
	assert_int_equal(next_group_of(NOW + 10 * DAY, NOW), NEXT_LATER);
	assert_string_equal(next_group_name(NEXT_OVERDUE), "overdue");
	assert_string_equal(next_group_name(NEXT_SOON), "soon");
	assert_string_equal(next_group_name(NEXT_LATER), "later");
	assert_string_equal(next_kind_name(NEXT_FIRST_TOUCH), "first_touch");
	assert_string_equal(next_kind_name(NEXT_ATTEMPT), "attempt");
	assert_string_equal(next_kind_name(NEXT_STALLED), "stalled");
}

/* One row of the ordering table. */
struct row {
	int64_t lead;
	lc_time due; /* relative to NOW */
	int order;   /* rule order */
	double score;
};

static void test_order(void **state)
{
	/* Given in a scrambled order; expected order by lead id 1..13:
	 *   overdue, the most overdue first:
	 *     1  due -3d                       (most overdue)
	 *     2  due -2h, rule 0
	 *     3  due -2h, rule 1, score 90     (same deadline: rule order)
	 *     4  due -2h, rule 1, score 40     (same rule: higher score first)
	 *     5  due -2h, rule 1, score 40     (all equal: lower id first)
	 *     6  due -1s, stalled (rule 2)
	 *   due soon, the soonest first (score does not matter):
	 *     7  due now, score 0
	 *     8  due +5m, score 10
	 *     9  due +24h, score 99            (the last second of "soon")
	 *   later, the highest score first:
	 *    10  due +30d, score 80
	 *    11  due +2d, score 50
	 *    12  due +3d, score 50             (same score: earlier deadline first)
	 *    13  due +24h+1s, score 5          (just beyond "soon") */
	static const struct row rows[] = {
		{ 12, 3 * DAY, 0, 50 },  { 5, -2 * HOUR, 1, 40 },     { 9, 24 * HOUR, 0, 99 },
		{ 1, -3 * DAY, 1, 0 },   { 13, 24 * HOUR + 1, 0, 5 }, { 7, 0, 0, 0 },
		{ 3, -2 * HOUR, 1, 90 }, { 10, 30 * DAY, 1, 80 },     { 2, -2 * HOUR, 0, 10 },
		{ 4, -2 * HOUR, 1, 40 }, { 11, 2 * DAY, 0, 50 },      { 8, 5 * MIN, 0, 10 },
		{ 6, -1, 2, 100 },
	};
	struct lc_next_item items[sizeof rows / sizeof rows[0]];
	size_t i, n = sizeof rows / sizeof rows[0];

	(void)state;
	memset(items, 0, sizeof items);
	for (i = 0; i < n; i++) {
		items[i].lead = rows[i].lead;
		items[i].due = NOW + rows[i].due;
		items[i].rule_order = rows[i].order;
		items[i].score = rows[i].score;
		items[i].kind = rows[i].order == 2 ? NEXT_STALLED : NEXT_FIRST_TOUCH;
	}
	next_classify(items, n, NOW);
	next_sort(items, n);
	for (i = 0; i < n; i++)
		assert_int_equal(items[i].lead, (int64_t)i + 1);
	assert_int_equal(items[5].group, NEXT_OVERDUE);
	assert_int_equal(items[6].group, NEXT_SOON);
	assert_int_equal(items[8].group, NEXT_SOON);
	assert_int_equal(items[9].group, NEXT_LATER);
	/* The comparison is a total order: a row equals itself only. */
	assert_int_equal(next_compare(&items[3], &items[3]), 0);
	assert_true(next_compare(&items[3], &items[4]) < 0);
	assert_true(next_compare(&items[4], &items[3]) > 0);
}

static void test_owed(void **state)
{
	struct lc_next_item it;
	char buf[64];

	(void)state;
	memset(&it, 0, sizeof it);
	it.kind = NEXT_FIRST_TOUCH;
	it.attempts_owed = 6;
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "first touch");
	/* Two made: the third is owed. */
	it.kind = NEXT_ATTEMPT;
	it.attempts_made = 2;
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "attempt 3 of 6");
	/* Never beyond the last one. */
	it.attempts_made = 6;
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "attempt 6 of 6");
	/* Stalled: whole days, hours or minutes since the last activity. */
	it.kind = NEXT_STALLED;
	it.activity_at = NOW - (12 * DAY + 5 * HOUR);
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "stalled 12d");
	it.activity_at = NOW - (5 * HOUR + 59 * MIN);
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "stalled 5h");
	it.activity_at = NOW - 40 * MIN - 59;
	next_owed_text(&it, NOW, buf, sizeof buf);
	assert_string_equal(buf, "stalled 40m");
}

static void test_due(void **state)
{
	char buf[64];

	(void)state;
	next_due_text(NOW - (2 * HOUR + 5 * MIN), NOW, buf, sizeof buf);
	assert_string_equal(buf, "overdue 2h 5m");
	next_due_text(NOW - (2 * DAY + 4 * HOUR + 30 * MIN), NOW, buf, sizeof buf);
	assert_string_equal(buf, "overdue 2d 4h");
	next_due_text(NOW - 1, NOW, buf, sizeof buf);
	assert_string_equal(buf, "overdue 1s");
	next_due_text(NOW, NOW, buf, sizeof buf);
	assert_string_equal(buf, "due now");
	next_due_text(NOW + 45 * MIN, NOW, buf, sizeof buf);
	assert_string_equal(buf, "in 45m");
	next_due_text(NOW + 30, NOW, buf, sizeof buf);
	assert_string_equal(buf, "in 30s");
	next_due_text(NOW + 3 * DAY, NOW, buf, sizeof buf);
	assert_string_equal(buf, "in 3d");
}

/* What the plans used, and the first full scan seen. */
struct plans {
	int lines;
	int scans;
	char first_scan[256];
	int owner_stage, stage_activity, obligations_open, lead_open;
};

static int plan_line(void *arg, const char *name, const char *detail)
{
	struct plans *p = arg;

	p->lines++;
	/* "SCAN t" (with or without an index) reads a whole table or index;
	 * "SEARCH" reads a range. */
	if (strncmp(detail, "SCAN ", 5) == 0) {
		if (!p->scans++)
			snprintf(p->first_scan, sizeof p->first_scan, "%s: %s", name, detail);
	}
	p->owner_stage += strstr(detail, "leads_owner_stage") != NULL;
	p->stage_activity += strstr(detail, "leads_stage_activity") != NULL;
	p->obligations_open += strstr(detail, "obligations_open ") != NULL;
	p->lead_open += strstr(detail, "obligations_lead_open") != NULL;
	return 0;
}

static void test_plans(void **state)
{
	char path[] = "/tmp/leadctl-test-next-XXXXXX";
	char dbpath[64], wal[80], shm[80];
	struct lc_db *db = NULL;
	struct plans p;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(dbpath, sizeof dbpath, "%s.db", path);
	assert_int_equal(db_open(dbpath, DB_CREATE, &db), 0);
	assert_int_equal(db_migrate(db, NULL, NULL), 0);
	memset(&p, 0, sizeof p);
	assert_int_equal(check_query_plans(db, plan_line, &p), 0);
	db_close(db);
	unlink(dbpath);
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	snprintf(shm, sizeof shm, "%s-shm", dbpath);
	unlink(wal);
	unlink(shm);
	if (p.scans)
		fail_msg("a full scan: %s", p.first_scan);
	assert_true(p.lines > 14);
	/* One owner: the owner's leads first; every owner: deadlines first;
	 * stalled: the stage's quiet range. */
	assert_true(p.owner_stage >= 3);
	assert_true(p.obligations_open >= 4);
	assert_true(p.stage_activity >= 3);
	assert_true(p.lead_open >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups), cmocka_unit_test(test_order), cmocka_unit_test(test_owed),
		cmocka_unit_test(test_due),    cmocka_unit_test(test_plans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
