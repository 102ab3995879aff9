/* db: the database file: open, connection settings, migrations, transactions.
 *
 * The only module (with the store_*.c files) that knows it is SQLite; the
 * rest of leadctl sees an opaque struct lc_db.  Every function that can fail
 * prints one diagnostic and returns an exit status (diag.h); 0 is success. */
#ifndef LEADCTL_DB_H
#define LEADCTL_DB_H

#include <stdint.h>

struct lc_db;

enum db_open_mode {
	DB_EXISTING, /* the file must exist and be an up-to-date leadctl database */
	DB_CREATE,   /* create (mode 0600) when missing; migrations are up to the caller */
	DB_READONLY  /* as DB_EXISTING, opened read-only for a command that only reads: the
	              * journal mode is left as it is, so a copy on a read-only share or a
	              * file the user may not write can be read (issue 11) */
};

/* Open path.  DB_EXISTING: a missing file is exit 66 ("run 'leadctl init'")
 * and is never created; an older schema is refused (78, run init), a newer
 * one too (78, both versions named).  A read-write open of a file, folder or
 * share that cannot be written is refused with one line naming it a
 * "read-only database" (77).  On success *out must be closed with
 * db_close(). */
int db_open(const char *path, enum db_open_mode mode, struct lc_db **out);
/* A private, writable copy of db (the state of one read transaction) in a
 * temporary database deleted when it is closed: what a dry run writes to,
 * so that it never takes the real database's write lock.  Costs a read of
 * the whole file and its size in temporary space.  0 and *out (close with
 * db_close), or an exit status after a message. */
int db_snapshot(struct lc_db *src, struct lc_db **out);
/* 1 when db_open created the file (it did not exist). */
int db_created(const struct lc_db *db);
/* When db_open created the file: close the connection and remove the file
 * and its -wal/-shm/-journal, so that a failed `init` leaves nothing
 * behind.  Does nothing otherwise.  db must still be closed with db_close. */
void db_remove_created(struct lc_db *db);
/* How many failures of the store other than a broken constraint (a corrupt
 * page, an I/O error, no memory, a busy database...) this connection has
 * reported.  A caller that turns a data error (65) into "reject this row"
 * compares the count before and after the row: when it moved, the 65 came
 * from the store, and the whole operation must abort (issue 11). */
int db_store_failures(const struct lc_db *db);
/* Close; safe with NULL. */
void db_close(struct lc_db *db);

/* Apply the pending embedded migrations, each in its own BEGIN IMMEDIATE
 * transaction that also sets PRAGMA user_version.  *from / *to (may be
 * NULL) receive the versions before and after. */
int db_migrate(struct lc_db *db, int *from, int *to);
/* The schema version of the open database (PRAGMA user_version). */
int db_schema_version(struct lc_db *db);
/* The newest schema version this binary knows. */
int db_binary_version(void);

/* Process-wide SQLite settings, once at start-up before any connection
 * opens (main.c): a statement journal (one per savepoint of an import
 * batch) stays in memory instead of spilling to a temporary file; no
 * memory statistics (SQLITE_CONFIG_MEMSTATUS off: each allocation then
 * skips a mutex and two counters, and nothing reads them); single-thread
 * mode (leadctl uses SQLite from one thread only: no mutexes at all).
 * sqlite.org/c3ref/c_config_covering_index_scan.html.  SQLite itself
 * is used only by db*.c and store_*.c (issue 13; tests/cli/t1580). */
void db_global_init(void);
/* The version of the SQLite library in use ("3.40.1"); static storage. */
const char *db_sqlite_version(void);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  db_rollback never fails loudly and
 * is safe when no transaction is open.  db_commit rolls back instead (70,
 * "out of memory") when a text bind failed since the last commit or rollback. */
int db_begin(struct lc_db *db);
int db_commit(struct lc_db *db);
void db_rollback(struct lc_db *db);

/* Between two transactions of a command that commits in batches (`sla
 * use` re-applying the SLA): pause a few milliseconds, longer than a
 * waiting writer's polling interval (db.c BUSY_POLL_MS), so that a rep's
 * `touch` waiting for the lock gets it between two batches instead of
 * after the last one.  Call it outside any transaction. */
void db_yield(struct lc_db *db);

/* For one long write (import): a page cache of up to 64 MiB, so that the
 * transaction does not spill and rewrite the same pages into the WAL. */
int db_bulk_mode(struct lc_db *db);

/* SAVEPOINT name / ROLLBACK TO + RELEASE name / RELEASE name, inside a
 * transaction.  name is a fixed identifier, never user text. */
int db_savepoint(struct lc_db *db, const char *name);
void db_rollback_to(struct lc_db *db, const char *name);
int db_release(struct lc_db *db, const char *name);

/* The path the database was opened with (borrowed). */
const char *db_path(const struct lc_db *db);

/* What `leadctl doctor` reports. Strings are owned by the struct; free with
 * db_doctor_clear(). */
struct db_doctor {
	int schema_version;  /* PRAGMA user_version */
	int binary_version;  /* db_binary_version() */
	char *journal_mode;  /* "wal" */
	char *integrity;     /* "ok" or the first problems of integrity_check */
	int fk_violations;   /* rows from foreign_key_check */
	int64_t leads;       /* number of leads (0 before the lifecycle schema) */
	int sla_version;     /* SLA in force, 0 = none */
	char *sla_name;      /* its name or NULL */
	char *sla_installed; /* when, ISO-8601 UTC, or NULL */
};
int db_doctor(struct lc_db *db, struct db_doctor *out);
void db_doctor_clear(struct db_doctor *d);

#endif
