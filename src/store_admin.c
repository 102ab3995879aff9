/* store_admin: backup, duplicate detection and dedupe's merges (see store.h). */
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

/* Make the copy at path self-contained in rollback-journal mode: SQLite
 * opens such a file read-only without creating a -shm beside it, so last
 * night's backup can be read on a read-only share (issue 11).  VACUUM INTO
 * writes that mode today; this states it instead of relying on it. */
static int backup_rollback_mode(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(h, "PRAGMA journal_mode=DELETE", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		rc = diag_error(LC_IOERR, "backup: cannot set the copy '%s' to rollback-journal mode: %s",
		                path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		backup_cleanup(path);
		return rc;
	}
	sqlite3_close(h);
	return 0;
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
	return backup_rollback_mode(path);
}

int store_duplicates(struct lc_db *db, const char *cc,
                     int (*fn)(void *arg, int64_t a, int64_t b, const char *why), void *arg)
{
	/* Pairs of leads that are probably one person, lower id first, by the
	 * keys of the identity module (identity.h), so that every spelling of
	 * one address or number meets: the identities each lead holds, and
	 * the key of its shown e-mail and phone computed now (a lead that the
	 * 006 re-keying left with its old spelling, because another lead
	 * already held the key, is found here):
	 *  - the same phone (E.164);
	 *  - the same e-mail once "+tags" and, for gmail, dots are removed;
	 *  - the same first and last name (case-insensitive) at the same account. */
	static const char *const sql =
	        "WITH cc(v) AS (SELECT ?1), "
	        "em(id, k) AS (SELECT lead_id, key FROM lead_identities WHERE kind = 'email' "
	        "  UNION SELECT id, identity_email_key(email) FROM leads WHERE email IS NOT NULL), "
	        "ph(id, p) AS (SELECT lead_id, key FROM lead_identities WHERE kind = 'phone' "
	        "  UNION SELECT id, identity_phone_key(phone, country, (SELECT v FROM cc)) FROM leads "
	        "  WHERE phone IS NOT NULL), "
	        "local(id, lp, dom) AS (SELECT id, substr(k, 1, instr(k, '@') - 1), substr(k, instr(k, '@') "
	        "+ 1) "
	        "  FROM em WHERE k IS NOT NULL), "
	        "mail(id, mail) AS (SELECT id, "
	        "  replace(CASE WHEN instr(lp, '+') > 0 THEN substr(lp, 1, instr(lp, '+') - 1) ELSE lp END, "
	        "    CASE WHEN dom IN ('gmail.com', 'googlemail.com') THEN '.' ELSE '' END, '') "
	        "  || '@' || CASE WHEN dom = 'googlemail.com' THEN 'gmail.com' ELSE dom END FROM local), "
	        "nm(id, account_id, fn, ln) AS (SELECT id, account_id, lc_fold(first_name), "
	        "lc_fold(last_name) "
	        "  FROM leads) "
	        "SELECT a.id, b.id, 'same phone ' || a.p FROM ph a JOIN ph b ON a.p = b.p AND a.id < b.id "
	        "UNION "
	        "SELECT a.id, b.id, 'same address ' || a.mail FROM mail a JOIN mail b ON a.mail = b.mail "
	        "  AND a.id < b.id "
	        "UNION "
	        "SELECT a.id, b.id, 'same name at the same account' FROM nm a JOIN nm b "
	        "  ON a.account_id = b.account_id AND a.fn = b.fn AND a.ln = b.ln AND a.id < b.id "
	        "ORDER BY 1, 2";
	sqlite3_stmt *st = NULL;
	int rc, stop = 0;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "looking for duplicates");
	db_bind_text(st, 1, cc);
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

int store_merge_all(struct lc_db *db, const struct store_merge_step *steps, size_t n,
                    const struct lc_change *c, store_lead_fn after, void *arg)
{
	size_t i;
	int rc;

	if ((rc = db_begin(db)))
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		if (!(rc = store_merge(db, steps[i].keep, steps[i].drop, c)) && after)
			rc = after(arg, db, steps[i].keep);
	if (rc || (rc = db_commit(db)))
		db_rollback(db);
	return rc;
}
