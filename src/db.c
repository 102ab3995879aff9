/* db: open the database file with the connection settings every command
 * relies on, apply the embedded migrations, map SQLite errors to exit
 * statuses (see db.h).
 *
 * Connection settings, on every open:
 *   journal_mode=WAL   readers never block the writer (cron + reps + import)
 *   synchronous=NORMAL in WAL mode a commit survives a crash of leadctl;
 *                      after a power loss the last commits may be lost but
 *                      the file is never corrupt (documented in README)
 *   foreign_keys=ON    every reference is checked
 *   busy handler       wait up to 30 s (LEADCTL_BUSY_TIMEOUT ms) for another
 *                      writer before exit 75, retrying every BUSY_POLL_MS at
 *                      most (busy_wait), so that a writer that commits in
 *                      batches and pauses between them (db_yield) lets a
 *                      waiting writer in
 * Writers always use BEGIN IMMEDIATE, so a transaction never has to be
 * abandoned half-way because another process started writing.
 *
 * Commands that only read open the file read-only (DB_READONLY) and never
 * switch its journal mode: a `backup` (rollback-journal mode, which SQLite
 * reads without creating a -shm) on a read-only share, or a file the user
 * may not write, can be read.  A write command on such a file is refused
 * with "read-only database" (exit 77). */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/fold.h"
#include "leadctl/migrations.h"
#include "leadctl/outfile.h"
#include "leadctl/text.h"

static int busy_timeout_ms(void);

/* A waiting writer retries at least this often (milliseconds), and
 * db_yield pauses longer than that: SQLite's own busy_timeout handler backs
 * off to 100 ms sleeps, which would let a batch writer that takes the lock
 * again at once starve every waiter. */
#define BUSY_POLL_MS 2
#define YIELD_MS (4 * BUSY_POLL_MS)
static int readonly_error(struct lc_db *db, const char *what);

/* 'LEAD' in ASCII: tells a leadctl database from any other SQLite file. */
#define LC_APPLICATION_ID 0x4C454144

int db_binary_version(void)
{
	return lc_migration_count ? lc_migrations[lc_migration_count - 1].version : 0;
}

void db_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
}

const char *db_sqlite_version(void)
{
	return sqlite3_libversion();
}

const char *db_path(const struct lc_db *db)
{
	return db->path;
}

int db_store_failures(const struct lc_db *db)
{
	return db ? db->store_failures : 0;
}

/* The system cause of a failed write, as an errno (ENOSPC, EFBIG), or 0.
 * SQLite's system errno is read from errno after the fact and may be lost
 * by then, so the file system is asked too: no free block is ENOSPC; a
 * file-size limit (ulimit -f) that the database or its -wal/-journal has
 * about reached is EFBIG. */
static int io_cause(struct lc_db *db, int rc)
{
	static const char *const sfx[] = { "", "-wal", "-journal" };
	int e = db && db->h ? sqlite3_system_errno(db->h) : 0;
	struct rlimit rl;
	struct statvfs vfs;
	char buf[4096];
	size_t i;

	if (e == ENOSPC || e == EFBIG || e == EDQUOT)
		return e;
	if ((rc & 0xff) == SQLITE_FULL)
		return ENOSPC;
	if (!db || !db->path)
		return 0;
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
			struct stat st;
			snprintf(buf, sizeof buf, "%s%s", db->path, sfx[i]);
			if (stat(buf, &st) == 0 && (rlim_t)st.st_size + 65536 >= rl.rlim_cur)
				return EFBIG;
		}
	if (statvfs(db->path, &vfs) == 0 && vfs.f_bavail == 0)
		return ENOSPC;
	return 0;
}

static int bind_failures;

/* The message and status of db_fail. */
static int fail_message(struct lc_db *db, int rc, const char *what)
{
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	const char *path = db && db->path ? db->path : "?";

	/* a NOT NULL or CHECK failure after a text bind was lost (out of
	 * memory, see db_bind_text) is that lost value, not bad data */
	if (bind_failures && (rc & 0xff) == SQLITE_CONSTRAINT) {
		if (db)
			db->store_failures++;
		return diag_error(LC_SOFTWARE, "%s: out of memory: nothing was written", what);
	}

	if (db && (rc & 0xff) != SQLITE_CONSTRAINT)
		db->store_failures++;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		/* the timeout as set: "500 ms", "1.5 s", "30 s" (never "0 s") */
		int ms = busy_timeout_ms();
		char wait[32];
		if (ms < 1000)
			snprintf(wait, sizeof wait, "%d ms", ms);
		else if (ms % 1000)
			snprintf(wait, sizeof wait, "%.1f s", ms / 1000.0);
		else
			snprintf(wait, sizeof wait, "%d s", ms / 1000);
		return diag_error(LC_TEMPFAIL,
		                  "%s: database '%s' is busy (another process kept it locked for %s): "
		                  "try again",
		                  what, path, wait);
	}
	case SQLITE_READONLY:
		if (db && db->h)
			return readonly_error(db, what);
		/* fall through */
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN: {
		/* the cause first when the system gave one: "disk full", "file
		 * too large" (RLIMIT_FSIZE), not only SQLite's "disk I/O error" */
		int e = io_cause(db, rc);
		if (e == EFBIG)
			return diag_error(LC_IOERR,
			                  "%s: database '%s' could not grow: %s (%s): raise the limit "
			                  "(ulimit -f) and run the command again",
			                  what, path, outfile_strerror(e), msg);
		if (e)
			return diag_error(LC_IOERR,
			                  "%s: database '%s' could not grow: %s (%s): free space on its file "
			                  "system and run the command again",
			                  what, path, outfile_strerror(e), msg);
		return diag_error(LC_IOERR, "%s: database '%s': %s", what, path, msg);
	}
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return diag_error(LC_DATAERR, "%s: '%s' is not a valid leadctl database: %s", what, path,
		                  msg);
	case SQLITE_CONSTRAINT: return diag_error(LC_DATAERR, "%s: %s", what, msg);
	default:
		return diag_error(LC_SOFTWARE, "%s: database '%s': %s (please report this)", what, path, msg);
	}
}

int db_fail(struct lc_db *db, int rc, const char *what)
{
	int code = fail_message(db, rc, what);

	if (db)
		db->fail_code = code; /* for callers of db_query_int */
	return code;
}

sqlite3_stmt *db_stmt(struct lc_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int i, rc;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			st = db->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, "preparing a query");
		return NULL;
	}
	if (db->ncache < DB_STMT_CACHE) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].stmt = st;
		db->ncache++;
	} else {
		/* Cache full: evict the oldest entry (rare; keeps memory bounded). */
		sqlite3_finalize(db->cache[0].stmt);
		memmove(&db->cache[0], &db->cache[1], sizeof db->cache[0] * (DB_STMT_CACHE - 1));
		db->cache[DB_STMT_CACHE - 1].sql = sql;
		db->cache[DB_STMT_CACHE - 1].stmt = st;
	}
	return st;
}

int db_exec(struct lc_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(db, rc, what);
}

int db_step_done(struct lc_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	rc = db_fail(db, rc, what);
	sqlite3_reset(st);
	return rc;
}

/* Text binds that failed since the last COMMIT or ROLLBACK.  A failed bind
 * (SQLITE_NOMEM: SQLite copies the text) leaves the parameter NULL and the
 * statement still runs, so db_commit refuses to commit after one, and
 * db_fail reports a constraint failure after one as out of memory.
 * (Declared above db_fail.) */

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	int rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);

	/* only a lost value counts: SQLITE_RANGE (a parameter the statement does
	 * not use) binds nothing and loses nothing */
	if (rc == SQLITE_NOMEM || rc == SQLITE_TOOBIG)
		bind_failures++;
	return rc;
}

int db_bind_static(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

char *db_col_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *t;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

int64_t db_query_int(struct lc_db *db, const char *sql, int *ok)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	int rc;

	*ok = 0;
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, "querying the database");
		return 0;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*ok = 1;
	} else if (rc == SQLITE_DONE) {
		*ok = 1;
	} else {
		db_fail(db, rc, "querying the database");
	}
	sqlite3_finalize(st);
	return v;
}

int db_schema_version(struct lc_db *db)
{
	int ok;
	int64_t v = db_query_int(db, "PRAGMA user_version", &ok);

	return ok ? (int)v : -1;
}

/* Which migrations a database has.  Each applied migration leaves a meta
 * row 'migration:NNN' (its file name as value) and user_version is the
 * highest NNN applied.  Migrations are numbered by the engineers who write
 * them and may land out of order (006 after 013), so a number below
 * user_version is not proof that a migration ran: the meta rows are.  A
 * database made before these rows existed had 1..user_version applied
 * without gaps (the old rule); migrations_backfill() writes their rows. */

/* 1 in *yes when the meta table holds a 'migration:NNN' row for version;
 * before any such row exists, when version <= user_version. */
static int migration_applied(struct lc_db *db, int version, int *yes)
{
	int ok, uv = db_schema_version(db);
	int64_t has_meta, rows;
	sqlite3_stmt *st;
	int rc;

	*yes = 0;
	if (uv <= 0)
		return uv < 0 ? LC_SOFTWARE : 0;
	has_meta = db_query_int(
	        db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'", &ok);
	if (!ok)
		return LC_SOFTWARE;
	rows = has_meta ? db_query_int(db, "SELECT count(*) FROM meta WHERE key GLOB 'migration:*'", &ok) : 0;
	if (!ok)
		return LC_SOFTWARE;
	if (!rows) {
		*yes = version <= uv;
		return 0;
	}
	if (!(st = db_stmt(db, "SELECT 1 FROM meta WHERE key = printf('migration:%03d', ?1)")))
		return LC_SOFTWARE;
	sqlite3_bind_int(st, 1, version);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading the schema version");
}

/* Write the 'migration:NNN' rows of a database migrated under the old
 * contiguous rule (user_version > 0, no such rows): 1..user_version. */
static int migrations_backfill(struct lc_db *db)
{
	int ok, uv = db_schema_version(db), i, rc = 0;
	int64_t rows;
	sqlite3_stmt *st;

	if (uv <= 0)
		return uv < 0 ? LC_SOFTWARE : 0;
	rows = db_query_int(db, "SELECT count(*) FROM meta WHERE key GLOB 'migration:*'", &ok);
	if (!ok)
		return LC_SOFTWARE;
	if (rows)
		return 0;
	if ((rc = db_begin(db)))
		return rc;
	for (i = 0; i < lc_migration_count && lc_migrations[i].version <= uv; i++) {
		if (!(st = db_stmt(db, "INSERT OR IGNORE INTO meta(key, value) VALUES "
		                       "(printf('migration:%03d', ?1), ?2)"))) {
			rc = LC_SOFTWARE;
			break;
		}
		sqlite3_bind_int(st, 1, lc_migrations[i].version);
		db_bind_text(st, 2, lc_migrations[i].name);
		if ((rc = db_step_done(db, st, "recording the schema version")))
			break;
	}
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

/* *pending: known migrations not applied yet; *unknown: applied ones this
 * binary does not know (a newer leadctl wrote them). */
static int migrations_state(struct lc_db *db, int version, int *pending, int *unknown)
{
	int i, rc, applied, ok;
	int64_t n;

	*pending = *unknown = 0;
	for (i = 0; i < lc_migration_count; i++) {
		if ((rc = migration_applied(db, lc_migrations[i].version, &applied)))
			return rc;
		*pending += !applied;
	}
	if (version <= 0)
		return 0;
	n = db_query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
	                 &ok);
	if (!ok)
		return LC_SOFTWARE;
	if (n) {
		n = db_query_int(db, "SELECT count(*) FROM meta WHERE key GLOB 'migration:*'", &ok);
		if (!ok)
			return LC_SOFTWARE;
		/* Rows beyond the known ones were written by a newer binary. */
		*unknown = n > lc_migration_count - *pending;
	}
	return 0;
}

/* Create path with mode 0600 when it does not exist, so that SQLite (which
 * then opens it) and its -wal/-shm files are readable by the owner only. */
static int create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return diag_error(LC_CANTCREAT, "cannot create database '%s': %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

/* How long a writer waits for another one: LEADCTL_BUSY_TIMEOUT
 * (milliseconds), else 30 s — long enough for an ordinary import or a
 * 'sla check' run to finish, short enough for cron to give up and retry. */
static int busy_timeout_ms(void)
{
	const char *v = getenv("LEADCTL_BUSY_TIMEOUT");
	char *end;
	long ms;

	if (v && *v) {
		ms = strtol(v, &end, 10);
		if (*end == '\0' && ms >= 0 && ms <= 3600000)
			return (int)ms;
	}
	return 30000;
}

/* The one message of a write refused by a read-only database: 77. */
static int readonly_error(struct lc_db *db, const char *what)
{
	return diag_error(LC_NOPERM,
	                  "%s: read-only database '%s': this command writes; ask for write access to the "
	                  "file and its folder, or work on a writable copy",
	                  what, db->path);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* SQLite busy handler (sqlite3_busy_handler): 1 to retry, 0 to give up
 * (SQLITE_BUSY, exit 75 by db_fail).  count is 0 on the first call for one
 * lock attempt; the wait is measured from then on the monotonic clock, up
 * to db->busy_ms, polling every BUSY_POLL_MS (1 ms for the first ten). */
static int busy_wait(void *arg, int count)
{
	struct lc_db *db = arg;
	long waited;

	if (count == 0)
		clock_gettime(CLOCK_MONOTONIC, &db->busy_since);
	waited = elapsed_ms(&db->busy_since);
	if (waited >= db->busy_ms)
		return 0;
	sleep_ms(count < 10 ? 1 : BUSY_POLL_MS);
	return 1;
}

void db_yield(struct lc_db *db)
{
	(void)db;
	assert(!db->in_tx);
	sleep_ms(YIELD_MS);
}

static int apply_settings(struct lc_db *db)
{
	sqlite3_stmt *st = NULL;
	int rc;

	{
		/* A bad LEADCTL_BUSY_TIMEOUT is an error, not a silent default. */
		const char *v = getenv("LEADCTL_BUSY_TIMEOUT");
		char *end;
		long ms = v && *v ? strtol(v, &end, 10) : 0;
		if (v && *v && (*end != '\0' || ms < 0 || ms > 3600000))
			return diag_error(LC_CONFIG,
			                  "bad LEADCTL_BUSY_TIMEOUT '%s': expected milliseconds from 0 to "
			                  "3600000 (e.g. 30000)",
			                  v);
	}
	db->busy_ms = busy_timeout_ms();
	sqlite3_busy_handler(db->h, busy_wait, db);
	/* (Statement journals never spill to temporary files: main() sets
	 * SQLITE_CONFIG_STMTJRNL_SPILL; the import enlarges its page cache with
	 * db_bulk_mode().) */
	if ((rc = db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
	                  "configuring the connection")))
		return rc;
	if (db->readonly)
		return 0;
	/* SQLite opens a file it may not write read-only even when asked for
	 * read-write: a writer says so at once, in one line. */
	if (sqlite3_db_readonly(db->h, "main") == 1)
		return readonly_error(db, "opening the database");
	/* journal_mode returns a row; a read-only or busy file may refuse WAL. */
	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
		return readonly_error(db, "opening the database");
	if (rc != SQLITE_ROW && rc != SQLITE_OK)
		return db_fail(db, rc, "switching to WAL mode");
	return 0;
}

/* lc_fold(x) / lc_search_key(x): fold_case() / fold_search_key() of a
 * text (NULL stays NULL; a number or blob is folded as its text). */
static void sql_fold_with(sqlite3_context *cx, sqlite3_value *v,
                          char *(*fold)(const char *, size_t, size_t *))
{
	const char *s = (const char *)sqlite3_value_text(v);
	size_t len;
	char *r;

	if (!s) {
		if (sqlite3_value_type(v) != SQLITE_NULL)
			sqlite3_result_error_nomem(cx);
		return;
	}
	if (!(r = fold(s, (size_t)sqlite3_value_bytes(v), &len))) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_text64(cx, r, len, free, SQLITE_UTF8);
}

static void sql_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_fold_with(cx, argv[0], fold_case);
}

static void sql_search_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_fold_with(cx, argv[0], fold_search_key);
}

/* text_company_key as a fold function: the length comes from the string */
static char *company_key(const char *s, size_t n, size_t *len)
{
	char *k;

	(void)n;
	if (!(k = text_company_key(s)))
		k = strdup(""); /* nothing left: "" (SQL callers test for it) */
	if (k && len)
		*len = strlen(k);
	return k;
}

/* lc_company_key(x): the account key text of a company name
 * (text_company_key, without "name:"), "" when nothing is left of it;
 * migration 019 re-keys the accounts with it. */
static void sql_company_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_fold_with(cx, argv[0], company_key);
}

/* The ICU collator of lc_sort_key, opened at its first use on a
 * connection and closed with it (sqlite3_create_function_v2's destructor). */
struct sort_state {
	struct fold_collator *col;
};

static void sort_state_free(void *p)
{
	struct sort_state *st = p;

	fold_collator_close(st->col);
	free(st);
}

/* lc_sort_key(x): a blob that sorts in fold_sort_key()'s order (case
 * ignored, accents after base letters, numbers as numbers); NULL stays
 * NULL. */
static void sql_sort_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sort_state *st = sqlite3_user_data(cx);
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	uint8_t *key;
	size_t len;

	(void)argc;
	if (!s) {
		if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
			sqlite3_result_error_nomem(cx);
		return;
	}
	if (!st->col && fold_collator_open(&st->col) != 0) {
		sqlite3_result_error(cx, "ICU cannot open its root collator (libicu data missing?)", -1);
		return;
	}
	if (fold_sort_key(st->col, s, (size_t)sqlite3_value_bytes(argv[0]), &key, &len) != 0) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_blob64(cx, key, len, free);
}

/* Register lc_fold, lc_search_key, lc_sort_key (fold.h) and lc_company_key on the
 * connection: deterministic, so SQLite folds a bound search text once per
 * statement.  Used by the store's search, sort and name matching, never in
 * the report views (any SQLite tool must be able to read those). */
static int register_text(struct lc_db *db)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	struct sort_state *st = calloc(1, sizeof *st);
	int rc;

	if (!st)
		return diag_error(LC_SOFTWARE, "out of memory");
	/* on failure the destructor has freed st */
	rc = sqlite3_create_function_v2(db->h, "lc_sort_key", 1, flags, st, sql_sort_key, NULL, NULL,
	                                sort_state_free);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->h, "lc_fold", 1, flags, NULL, sql_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->h, "lc_search_key", 1, flags, NULL, sql_search_key, NULL,
		                             NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->h, "lc_company_key", 1, flags, NULL, sql_company_key, NULL,
		                             NULL);
	return rc == SQLITE_OK ? 0 : db_fail(db, rc, "registering the text functions");
}

int db_open(const char *path, enum db_open_mode mode, struct lc_db **out)
{
	struct lc_db *db;
	struct stat st;
	int rc, version, ok, pending, unknown;
	int64_t appid;
	int existed;
	char *real;

	*out = NULL;
	existed = stat(path, &st) == 0;
	if (!existed && lstat(path, &st) == 0)
		return diag_error(
		        LC_NOINPUT,
		        "database '%s' is a symbolic link to a missing file: fix or remove the link", path);
	if (!existed && (mode == DB_EXISTING || mode == DB_READONLY))
		return diag_error(LC_NOINPUT,
		                  "database '%s' not found: run 'leadctl init' to create it "
		                  "(or give --db PATH or LEADCTL_DB)",
		                  path);
	if (existed && S_ISDIR(st.st_mode))
		return diag_error(LC_NOINPUT, "database '%s' is a directory: give the path of a file", path);
	if (!existed && (rc = create_private(path)))
		return rc;

	db = calloc(1, sizeof *db);
	if (!db)
		return diag_error(LC_SOFTWARE, "out of memory");
	db->path = strdup(path);
	db->created = !existed;
	db->readonly = mode == DB_READONLY;
	/* SQLITE_OPEN_NOFOLLOW refuses a path with a symbolic link anywhere in
	 * it ("unable to open database file"): open the file it leads to, so
	 * that a symlinked database or folder works, and -wal/-shm are beside
	 * the real file, where every other process finds them. */
	real = realpath(path, NULL);
	if (!real) {
		rc = diag_error(LC_IOERR, "opening the database: '%s': %s", path, strerror(errno));
		goto fail;
	}
	rc = sqlite3_open_v2(
	        real, &db->h,
	        (db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW, NULL);
	free(real);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, "opening the database");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if ((rc = apply_settings(db)) || (rc = db_register_identity(db)) || (rc = register_text(db)))
		goto fail;

	/* one message when a query fails (e.g. out of memory): stop at the first */
	appid = db_query_int(db, "PRAGMA application_id", &ok);
	version = ok ? db_schema_version(db) : -1;
	if (version < 0) {
		rc = db->fail_code ? db->fail_code : LC_DATAERR;
		goto fail;
	}
	if (version > 0 && appid != LC_APPLICATION_ID) {
		rc = diag_error(LC_DATAERR,
		                "'%s' is an SQLite database but not a leadctl one: give another --db path",
		                path);
		goto fail;
	}
	if (version == 0 && appid != LC_APPLICATION_ID) {
		int ok2;
		int64_t tables = db_query_int(db, "SELECT count(*) FROM sqlite_schema", &ok2);
		if (!ok2) {
			rc = LC_DATAERR; /* said by db_query_int */
			goto fail;
		}
		if (tables > 0) {
			rc = diag_error(LC_DATAERR,
			                "'%s' is an SQLite database but not a leadctl one: "
			                "give another --db path",
			                path);
			goto fail;
		}
	}
	if ((rc = migrations_state(db, version, &pending, &unknown)))
		goto fail;
	if (version > db_binary_version() || unknown) {
		rc = diag_error(LC_CONFIG,
		                "database '%s' has schema version %d, newer than this leadctl's %d: "
		                "upgrade leadctl",
		                path, version, db_binary_version());
		goto fail;
	}
	if (mode != DB_CREATE && pending) {
		rc = diag_error(LC_CONFIG,
		                "database '%s' has schema version %d, older than this leadctl's %d: "
		                "run 'leadctl init' to upgrade it",
		                path, version, db_binary_version());
		goto fail;
	}
	*out = db;
	return 0;
fail:
	db_close(db);
	return rc;
}

int db_snapshot(struct lc_db *src, struct lc_db **out)
{
	struct lc_db *db;
	sqlite3_backup *b;
	int rc;

	*out = NULL;
	if (!(db = calloc(1, sizeof *db)) || !(db->path = strdup(src->path))) {
		free(db);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	/* "": a private temporary database (pages spill to a temporary file,
	 * deleted on close) */
	rc = sqlite3_open_v2("", &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->h, 1);
		if ((rc = apply_settings(db)) || (rc = db_register_identity(db)) ||
		    (rc = register_text(db))) {
			db_close(db);
			return rc;
		}
		/* the copy reads in one read transaction: in WAL mode it never
		 * blocks a writer, and sees one consistent state */
		b = sqlite3_backup_init(db->h, "main", src->h, "main");
		rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(db->h);
		if (b && sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE)
			rc = sqlite3_errcode(db->h);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, "copying the database for a dry run");
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

int db_created(const struct lc_db *db)
{
	return db && db->created;
}

void db_remove_created(struct lc_db *db)
{
	static const char *const sfx[] = { "-wal", "-shm", "-journal", "" };
	char buf[4096];
	size_t i;

	if (!db || !db->created)
		return;
	db->created = 0;
	for (i = 0; i < (size_t)db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	db->ncache = 0;
	if (db->h)
		sqlite3_close(db->h);
	db->h = NULL;
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", db->path, sfx[i]);
		unlink(buf);
	}
}

void db_close(struct lc_db *db)
{
	int i;

	if (!db)
		return;
	store_account_cache_clear(db);
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int db_begin(struct lc_db *db)
{
	int rc = db_exec(db, "BEGIN IMMEDIATE", "starting a transaction");

	store_account_cache_clear(db);
	if (rc == 0)
		db->in_tx = 1;
	return rc;
}

int db_commit(struct lc_db *db)
{
	int rc;

	if (bind_failures) {
		db_rollback(db);
		return diag_error(LC_SOFTWARE, "out of memory: nothing was written");
	}
	rc = db_exec(db, "COMMIT", "committing");

	store_account_cache_clear(db);
	if (rc == 0)
		db->in_tx = 0;
	else
		db_rollback(db);
	return rc;
}

void db_rollback(struct lc_db *db)
{
	if (db && db->h && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db) {
		db->in_tx = 0;
		store_account_cache_clear(db);
	}
	bind_failures = 0;
}

int db_bulk_mode(struct lc_db *db)
{
	return db_exec(db, "PRAGMA cache_size=-65536", "enlarging the page cache");
}

int db_savepoint(struct lc_db *db, const char *name)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SAVEPOINT %s", name);
	return db_exec(db, sql, "starting a savepoint");
}

void db_rollback_to(struct lc_db *db, const char *name)
{
	char sql[96];

	snprintf(sql, sizeof sql, "ROLLBACK TO %s; RELEASE %s", name, name);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	store_account_cache_clear(db);
}

int db_release(struct lc_db *db, const char *name)
{
	char sql[64];

	snprintf(sql, sizeof sql, "RELEASE %s", name);
	return db_exec(db, sql, "releasing a savepoint");
}

static int migrate_all(struct lc_db *db, int *version_p);

/* Run each statement of a query's column 0 (schema SQL saved before a
 * rebuild). */
static int exec_saved(struct lc_db *db, char **sqls, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = db_exec(db, sqls[i], "rebuilding leads")))
			return rc;
	return 0;
}

/* Before 006_identity.sql: rebuild leads with INTEGER PRIMARY KEY
 * AUTOINCREMENT (a lead number is never given again) and without the
 * UNIQUE on external_id ('zoho:1177' and 'hubspot:1177' are two records
 * with one display id), keeping every column, index and trigger it has
 * now -- whatever migrations ran before this one -- by SQLite's "making
 * other kinds of table schema changes" procedure (foreign keys are off;
 * the views that name leads are valid again once the rename is done:
 * legacy_alter_table keeps the rename from checking them meanwhile).  The
 * index that made the phone an identity goes: lead_identities replaces it.
 * Inside the migration's transaction. */
static int rebuild_leads_autoincrement(struct lc_db *db)
{
	sqlite3_stmt *st = NULL;
	char *saved[64], *create = NULL;
	size_t nsaved = 0, i;
	int rc, failed = 0, qok;
	int64_t rebuilt;

	/* Already rebuilt (the migration runs again on a database that has it). */
	rebuilt = db_query_int(db,
	                       "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'leads' "
	                       "AND sql LIKE '%AUTOINCREMENT%'",
	                       &qok);
	if (!qok)
		return LC_SOFTWARE;
	if (rebuilt)
		return 0;
	rc = sqlite3_prepare_v2(db->h,
	                        "SELECT sql FROM sqlite_schema WHERE tbl_name = 'leads' AND sql IS NOT NULL "
	                        "AND (type = 'table' OR (type IN ('index', 'trigger') AND name <> "
	                        "'leads_phone_identity')) ORDER BY type = 'table' DESC, rowid",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "rebuilding leads");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		if (!create) {
			/* CREATE TABLE leads ( id INTEGER PRIMARY KEY, ... external_id TEXT UNIQUE, ... */
			const char *pk = strstr(sql, "INTEGER PRIMARY KEY"), *paren = strchr(sql, '(');
			const char *ux = strstr(sql, "external_id TEXT UNIQUE");
			sqlite3_str *s = sqlite3_str_new(db->h);
			if (!pk || !paren || pk < paren) {
				sqlite3_free(sqlite3_str_finish(s));
				failed = diag_error(LC_SOFTWARE, "rebuilding leads: unexpected schema: %s",
				                    sql);
				break;
			}
			sqlite3_str_appendall(s, "CREATE TABLE leads_new ");
			pk += strlen("INTEGER PRIMARY KEY");
			sqlite3_str_append(s, paren, (int)(pk - paren));
			sqlite3_str_appendall(s, " AUTOINCREMENT");
			if (ux && ux > pk) {
				ux += strlen("external_id TEXT");
				sqlite3_str_append(s, pk, (int)(ux - pk));
				pk = ux + strlen(" UNIQUE");
			}
			sqlite3_str_appendall(s, pk);
			if (!(create = sqlite3_str_finish(s))) {
				failed = diag_error(LC_SOFTWARE, "rebuilding leads: out of memory");
				break;
			}
		} else if (nsaved == sizeof saved / sizeof saved[0]) {
			failed = diag_error(LC_SOFTWARE,
			                    "rebuilding leads: more than %zu indexes and triggers", nsaved);
			break;
		} else if (!(saved[nsaved++] = sqlite3_mprintf("%s", sql))) {
			/* every index and trigger comes back, or the migration fails */
			failed = diag_error(LC_SOFTWARE, "rebuilding leads: out of memory");
			break;
		}
	}
	sqlite3_finalize(st);
	if (failed) {
		rc = failed;
		goto done;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "rebuilding leads");
		goto done;
	}
	if (!create) {
		rc = diag_error(LC_SOFTWARE, "rebuilding leads: no table leads");
		goto done;
	}
	if ((rc = db_exec(db, create, "rebuilding leads")) ||
	    (rc = db_exec(db,
	                  "INSERT INTO leads_new SELECT * FROM leads; DROP TABLE leads; "
	                  "PRAGMA legacy_alter_table = ON; ALTER TABLE leads_new RENAME TO leads; "
	                  "PRAGMA legacy_alter_table = OFF",
	                  "rebuilding leads")) ||
	    (rc = exec_saved(db, saved, nsaved)))
		goto done;
	rc = db_exec(db, "CREATE INDEX leads_external_id ON leads(external_id) WHERE external_id IS NOT NULL",
	             "rebuilding leads");
done:
	for (i = 0; i < nsaved; i++)
		sqlite3_free(saved[i]);
	sqlite3_free(create);
	return rc;
}

/* The C part of 006_identity.sql (see there): leads rebuilt, and the
 * submission id on events; each only when not there yet. */
static int migration_006_pre(struct lc_db *db)
{
	int rc, ok;
	int64_t has;

	if ((rc = rebuild_leads_autoincrement(db)))
		return rc;
	has = db_query_int(
	        db, "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'submission_id'", &ok);
	if (!ok)
		return LC_SOFTWARE;
	return has ? 0
	           : db_exec(db, "ALTER TABLE events ADD COLUMN submission_id TEXT", "adding submission ids");
}

int db_migrate(struct lc_db *db, int *from, int *to)
{
	int version = db_schema_version(db), rc;

	if (from)
		*from = version;
	if (version < 0)
		return LC_SOFTWARE;
	if ((rc = migrations_backfill(db)))
		return rc;
	/* SQLite's procedure for schema changes that rebuild a table (006
	 * rebuilds leads): foreign keys off outside the transaction, and
	 * PRAGMA foreign_key_check before each commit. */
	if ((rc = db_exec(db, "PRAGMA foreign_keys=OFF", "preparing the migration")))
		return rc;
	rc = migrate_all(db, &version);
	/* After a failure (already reported), only that one line is said. */
	if (rc)
		sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	else
		rc = db_exec(db, "PRAGMA foreign_keys=ON", "finishing the migration");
	if (rc)
		return rc;
	if (to)
		*to = db_schema_version(db);
	return 0;
}

/* Apply every migration not yet recorded, each in its own transaction
 * (foreign keys are off: see db_migrate). */
static int migrate_all(struct lc_db *db, int *version_p)
{
	int version = *version_p, rc, i, applied, violations, ok;
	char pragma[96];
	sqlite3_stmt *st;

	for (i = 0; i < lc_migration_count; i++) {
		const struct lc_migration *m = &lc_migrations[i];
		if ((rc = migration_applied(db, m->version, &applied)))
			return rc;
		if (applied)
			continue;
		if ((rc = db_begin(db)))
			return rc;
		/* Re-read inside the lock: another process may have migrated. */
		if ((rc = migration_applied(db, m->version, &applied)) || applied) {
			db_rollback(db);
			if (rc)
				return rc;
			continue;
		}
		if ((m->version == 6 && (rc = migration_006_pre(db))) ||
		    (m->version == 22 && (rc = db_rebuild_check_lists(db)))) {
			db_rollback(db);
			return rc;
		}
		rc = sqlite3_exec(db->h, m->sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			diag_error(LC_SOFTWARE, "migration %s failed: %s (please report this)", m->name,
			           sqlite3_errmsg(db->h));
			db_rollback(db);
			return LC_SOFTWARE;
		}
		violations = (int)db_query_int(db, "SELECT count(*) FROM pragma_foreign_key_check", &ok);
		if (!ok || violations) {
			if (ok)
				diag_error(LC_SOFTWARE,
				           "migration %s failed: %d foreign-key violation%s (please report "
				           "this)",
				           m->name, violations, violations == 1 ? "" : "s");
			db_rollback(db);
			return LC_SOFTWARE;
		}
		st = db_stmt(db, "INSERT INTO meta(key, value) VALUES (printf('migration:%03d', ?1), ?2)");
		if (!st || (sqlite3_bind_int(st, 1, m->version), db_bind_text(st, 2, m->name),
		            (rc = db_step_done(db, st, "recording the schema version")))) {
			db_rollback(db);
			return st ? rc : LC_SOFTWARE;
		}
		version = db_schema_version(db);
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d; PRAGMA application_id=%d;",
		         m->version > version ? m->version : version, LC_APPLICATION_ID);
		if ((rc = db_exec(db, pragma, "recording the schema version"))) {
			db_rollback(db);
			return rc;
		}
		if ((rc = db_commit(db)))
			return rc;
	}
	*version_p = version;
	return 0;
}

void db_doctor_clear(struct db_doctor *d)
{
	free(d->journal_mode);
	free(d->integrity);
	free(d->sla_name);
	free(d->sla_installed);
	memset(d, 0, sizeof *d);
}

/* *yes = 1 when the table called name exists.  Returns 0 or an exit
 * status (an unreadable schema is a failure, never "absent"). */
static int table_exists(struct lc_db *db, const char *name, int *yes)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM sqlite_schema WHERE type='table' AND name=?1");
	int rc;

	*yes = 0;
	if (!st)
		return LC_SOFTWARE;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, "doctor: reading the schema");
}

int db_doctor(struct lc_db *db, struct db_doctor *d)
{
	sqlite3_stmt *st = NULL;
	int rc, yes;

	memset(d, 0, sizeof *d);
	d->schema_version = db_schema_version(db);
	d->binary_version = db_binary_version();
	if (d->schema_version < 0)
		return LC_SOFTWARE; /* said by db_query_int */

	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		d->journal_mode = db_col_strdup(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, "doctor: reading the journal mode");

	rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check(10)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "checking integrity");
	{
		sqlite3_str *s = sqlite3_str_new(db->h);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (sqlite3_str_length(s))
				sqlite3_str_appendall(s, "; ");
			sqlite3_str_appendall(s, (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		d->integrity = strdup(sqlite3_str_value(s) ? sqlite3_str_value(s) : "");
		sqlite3_free(sqlite3_str_finish(s));
		if (rc != SQLITE_DONE)
			return db_fail(db, rc, "checking integrity");
	}

	rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "checking foreign keys");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		d->fk_violations++;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "checking foreign keys");

	if ((rc = table_exists(db, "leads", &yes)))
		return rc;
	if (yes) {
		if (!(st = db_stmt(db, "SELECT count(*) FROM leads")))
			return LC_SOFTWARE;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			d->leads = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return db_fail(db, rc, "doctor: counting the leads");
	}
	if ((rc = table_exists(db, "sla_versions", &yes)))
		return rc;
	if (yes) {
		st = db_stmt(db, "SELECT version, name, installed_at FROM sla_versions "
		                 "WHERE version = (SELECT max(version) FROM sla_versions)");
		if (!st)
			return LC_SOFTWARE;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char buf[32];
			time_t t = (time_t)sqlite3_column_int64(st, 2);
			struct tm tm;
			d->sla_version = sqlite3_column_int(st, 0);
			d->sla_name = db_col_strdup(st, 1);
			gmtime_r(&t, &tm);
			strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
			d->sla_installed = strdup(buf);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(db, rc, "doctor: reading the SLA in force");
	}
	return 0;
}
