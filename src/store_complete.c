/* store_complete: the names shell completion offers from the database
 * (see store.h, store_owner_names). */
#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"

int store_owner_names(struct lc_db *db, int (*fn)(void *arg, const char *name), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT name FROM owners ORDER BY name");
	int rc, stop = 0;

	if (!st)
		return LC_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((stop = fn(arg, (const char *)sqlite3_column_text(st, 0))) != 0)
			break;
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the owners");
	return stop;
}
