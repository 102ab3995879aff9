/* store_admin: backup and duplicate detection (see store.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/outfile.h"
#include "leadctl/store.h"

/* Remove a failed backup and the journal SQLite may leave beside it. */
static void backup_cleanup(const char *path)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, sfx[i]);
		unlink(buf);
	}
}

int store_backup(struct lc_db *db, const char *path)
{
	sqlite3_stmt *st = NULL;
	struct outfile_guard g = { db->path, NULL, 0 };
	int rc;

	/* A new file, owner-only, that must not exist and is not the database
	 * or one of its files: a backup never overwrites anything. */
	if ((rc = outfile_create_empty("backup", path, &g)))
		return rc;
	rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		db_bind_text(st, 1, path);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		rc = rc == SQLITE_FULL || rc == SQLITE_IOERR || (rc & 0xff) == SQLITE_IOERR
		             ? diag_error(LC_IOERR, "backup: cannot write '%s': %s", path,
		                          outfile_strerror(sqlite3_system_errno(db->h)
		                                                   ? sqlite3_system_errno(db->h)
		                                                   : ENOSPC))
		             : db_fail(db, rc, "backup");
		backup_cleanup(path);
		return rc;
	}
	return 0;
}

int store_duplicates(struct lc_db *db, int (*fn)(void *arg, int64_t a, int64_t b, const char *why), void *arg)
{
	/* Pairs of leads that are probably one person, lower id first:
	 *  - the same phone;
	 *  - the same e-mail once "+tags" and, for gmail, dots are removed;
	 *  - the same first and last name (case-insensitive) at the same account. */
	static const char *const sql =
	        "WITH norm AS (SELECT id, phone, account_id, lower(first_name) AS fn, lower(last_name) AS "
	        "ln, "
	        "  CASE WHEN email IS NULL THEN NULL ELSE "
	        "    (CASE WHEN substr(email, instr(email, '@') + 1) IN ('gmail.com', 'googlemail.com') "
	        "      THEN replace(CASE WHEN instr(substr(email, 1, instr(email, '@') - 1), '+') > 0 "
	        "        THEN substr(email, 1, instr(email, '+') - 1) ELSE substr(email, 1, instr(email, "
	        "'@') - "
	        "1) END, '.', '') "
	        "        || '@gmail.com' "
	        "      ELSE (CASE WHEN instr(substr(email, 1, instr(email, '@') - 1), '+') > 0 "
	        "        THEN substr(email, 1, instr(email, '+') - 1) ELSE substr(email, 1, instr(email, "
	        "'@') - "
	        "1) END) "
	        "        || substr(email, instr(email, '@')) END) END AS mail FROM leads) "
	        "SELECT a.id, b.id, 'same phone ' || a.phone FROM norm a JOIN norm b ON a.phone = b.phone "
	        "AND "
	        "a.id < b.id "
	        "UNION "
	        "SELECT a.id, b.id, 'same address ' || a.mail FROM norm a JOIN norm b ON a.mail = b.mail AND "
	        "a.id < b.id "
	        "UNION "
	        "SELECT a.id, b.id, 'same name at the same account' FROM norm a JOIN norm b ON a.account_id "
	        "= "
	        "b.account_id "
	        "  AND a.fn = b.fn AND a.ln = b.ln AND a.id < b.id "
	        "ORDER BY 1, 2";
	sqlite3_stmt *st = NULL;
	int rc, stop = 0;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "looking for duplicates");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		stop = fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		          (const char *)sqlite3_column_text(st, 2));
		if (stop)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		stop = db_fail(db, rc, "looking for duplicates");
	sqlite3_finalize(st);
	return stop;
}
