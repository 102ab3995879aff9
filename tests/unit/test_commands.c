/* Unit tests for the command table (cli.h): how each command uses the
 * database is stated by its flags, consistently -- a command that writes is
 * either one transaction run by the dispatcher (CMD_TX) or phased
 * (CMD_PHASED), never both or neither; only writers have either; a
 * lead-target flag names a positional argument the command takes, or the
 * option that holds the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leadctl/cli.h"

static void test_every_command(void **state)
{
	const struct lc_cmd *const *c;
	int writers = 0, tx = 0;

	(void)state;
	for (c = lc_commands; *c; c++) {
		unsigned f = (*c)->flags;
		int t = !!(f & CMD_TX), p = !!(f & CMD_PHASED);
		if (f & CMD_WRITE) {
			writers++;
			if (t + p != 1)
				fail_msg("%s writes: it must be CMD_TX or CMD_PHASED, exactly one",
				         (*c)->name);
		} else if (t || p) {
			fail_msg("%s does not write: no transaction flag", (*c)->name);
		}
		if ((f & (CMD_WRITE | CMD_TX)) && !(f & (CMD_DB | CMD_CREATE)))
			fail_msg("%s writes without a database", (*c)->name);
		if ((f & CMD_LEAD) && !(*c)->lead_opt && (*c)->max_pos == 0)
			fail_msg("%s: CMD_LEAD without a positional argument", (*c)->name);
		if ((f & CMD_LEADS) && ((*c)->max_pos == 0 || (f & (CMD_LEAD | CMD_LEAD2))))
			fail_msg("%s: CMD_LEADS needs positional arguments, and no other lead flag",
			         (*c)->name);
		if ((*c)->lead_opt && !(f & CMD_LEAD))
			fail_msg("%s: a lead option without CMD_LEAD", (*c)->name);
		if ((*c)->not_lead && !(f & (CMD_LEAD | CMD_LEADS)))
			fail_msg("%s: not_lead without a lead flag", (*c)->name);
		if ((f & CMD_LEAD2) && (!(f & CMD_LEAD) || (*c)->min_pos < 2))
			fail_msg("%s: CMD_LEAD2 needs CMD_LEAD and two positional arguments", (*c)->name);
		tx += t;
	}
	assert_true(writers > 0);
	assert_true(tx > 0);
}

/* Every command that writes or takes a lead, as a table: name and the
 * flags it must carry (the dispatcher acts on them; t1582 checks what that does). */
static void test_converted(void **state)
{
	static const struct {
		const char *name;
		unsigned flags;
	} want[] = {
		{ "add", CMD_TX },
		{ "edit", CMD_TX | CMD_LEAD },
		{ "stage", CMD_TX | CMD_LEAD },
		{ "touch", CMD_TX | CMD_LEAD },
		{ "event", CMD_TX | CMD_LEAD },
		{ "assign", CMD_TX | CMD_LEAD },
		{ "merge", CMD_TX | CMD_LEAD | CMD_LEAD2 },
		{ "route", CMD_TX | CMD_LEAD },
		{ "spend add", CMD_TX },
		{ "score", CMD_LEAD },
		{ "import", CMD_PHASED },
		{ "import undo", CMD_TX },
		{ "init", CMD_PHASED },
		{ "dedupe", CMD_PHASED },
		{ "forget", CMD_PHASED },
		{ "spend import", CMD_PHASED },
		{ "sla use", CMD_PHASED },
		{ "sla check", CMD_PHASED },
		{ "show", CMD_LEAD },
		{ "export", CMD_LEAD | CMD_EXACT },
		{ "forget", CMD_LEADS },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct lc_cmd *c = cli_find(want[i].name);
		assert_non_null(c);
		if ((c->flags & want[i].flags) != want[i].flags)
			fail_msg("%s lacks flags 0x%x", want[i].name, want[i].flags & ~c->flags);
	}
}

/* Where a command's lead reference is, when not simply its first
 * positional argument. */
static void test_lead_options(void **state)
{
	static const struct {
		const char *name, *lead_opt, *not_lead;
	} want[] = {
		{ "export", "person", NULL },
		{ "show", NULL, "account" },
		{ "forget", NULL, "expired" },
		{ "stage", NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct lc_cmd *c = cli_find(want[i].name);
		assert_non_null(c);
		if (want[i].lead_opt)
			assert_string_equal(c->lead_opt, want[i].lead_opt);
		else
			assert_null(c->lead_opt);
		if (want[i].not_lead)
			assert_string_equal(c->not_lead, want[i].not_lead);
		else
			assert_null(c->not_lead);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_converted),
		cmocka_unit_test(test_lead_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
