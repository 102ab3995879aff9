/* shared_data: paths into ../shared/data (test files written by others) for
 * the unit tests.  Include after <cmocka.h>.
 *
 * When the folder is absent (a user's fresh clone), a test that needs it
 * is skipped with a message.  When LEADCTL_REQUIRE_SHARED_DATA=1 (set by
 * scripts/test.sh whenever the folder exists beside the checkout, as in
 * CI), a missing folder is a failure instead: a wrong path can never turn
 * those cases into silent skips. */
#ifndef LEADCTL_TEST_SHARED_DATA_H
#define LEADCTL_TEST_SHARED_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How many tests were skipped because the folder is absent: main() returns
 * shared_status(failed) so that ctest shows such a run as skipped (77,
 * SKIP_RETURN_CODE), not as passed. */
static int shared_skips;

/* The exit status of a test program whose cmocka run had `failed` failures:
 * the failures, else 77 when a test was skipped for lack of shared data,
 * else 0. */
static __attribute__((unused)) int shared_status(int failed)
{
	return failed ? failed : shared_skips ? 77 : 0;
}

/* The shared test-data folder, or NULL when absent (static buffer). */
static __attribute__((unused)) const char *shared_dir(void)
{
	static char path[1024];
	const char *env = getenv("LEADCTL_SHARED_DATA");
	struct stat st;

	if (env && *env)
		snprintf(path, sizeof path, "%s", env);
	else
		snprintf(path, sizeof path, "%s/../shared/data", LC_SOURCE_DIR);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? path : NULL;
}

/* Path of a shared file (static buffer); skips the test, or fails it when
 * the data is required, when the folder is absent. */
static __attribute__((unused)) const char *shared(const char *rel)
{
	static char path[1200];
	const char *dir = shared_dir(), *req = getenv("LEADCTL_REQUIRE_SHARED_DATA");

	if (!dir) {
		if (req && strcmp(req, "1") == 0)
			fail_msg("../shared/data is required (LEADCTL_REQUIRE_SHARED_DATA=1) but not found");
		print_message("skipped: ../shared/data not found\n");
		shared_skips++;
		skip();
	}
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	return path;
}

#endif
