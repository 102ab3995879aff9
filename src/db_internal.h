/* db_internal: what the store_*.c files share with db.c.  Not part of the
 * public headers: only files that speak SQL include it. */
#ifndef LEADCTL_DB_INTERNAL_H
#define LEADCTL_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "leadctl/db.h"

#define DB_STMT_CACHE 64

struct lc_db {
	sqlite3 *h;         /* the connection */
	char *path;         /* as given to db_open */
	int in_tx;          /* inside db_begin .. db_commit */
	int created;        /* db_open created the file (init may remove it again) */
	int readonly;       /* opened with DB_READONLY: nothing may be written */
	int store_failures; /* db_fail calls for anything but a constraint (db_store_failures) */
	int fail_code;      /* exit status of the last db_fail (0: none yet) */
	struct {
		const char *sql;    /* the SQL text, by pointer identity */
		sqlite3_stmt *stmt; /* prepared once, reset before reuse */
	} cache[DB_STMT_CACHE];
	int ncache;
	int account_key;                /* enum store_account_key of store_account_for */
	struct account_cache *accounts; /* store_account_for's keys seen in this transaction */
	int busy_ms;                    /* how long a writer waits for the lock (busy_wait) */
	struct timespec busy_since;     /* when the current wait began (CLOCK_MONOTONIC) */
};

/* A prepared statement for sql (a string literal: cached by its address),
 * reset and with its bindings cleared.  NULL after printing an error. */
sqlite3_stmt *db_stmt(struct lc_db *db, const char *sql);

/* Forget what store_account_for remembered (store_lead.c): at every
 * BEGIN, COMMIT, ROLLBACK and ROLLBACK TO, and when the connection closes,
 * since an account it knew may be gone or another process may change it. */
void store_account_cache_clear(struct lc_db *db);

/* Print one diagnostic for a failed SQLite call and return the exit status:
 * busy/locked -> 75, I/O and full -> 74, corrupt/not a db -> 65,
 * constraint -> 65, anything else -> 70.  what says what was being done. */
int db_fail(struct lc_db *db, int rc, const char *what);

/* Execute SQL without results (no bound data!). */
int db_exec(struct lc_db *db, const char *sql, const char *what);

/* Step a statement expected to finish (INSERT/UPDATE/DELETE). */
int db_step_done(struct lc_db *db, sqlite3_stmt *st, const char *what);

/* Bind helpers: NULL string -> SQL NULL.  Returns SQLite's code; a failed
 * bind (out of memory) also makes the next db_commit roll back and fail. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* db_bind_text without SQLite's copy of s (SQLITE_STATIC): for the
 * statements an import runs per row, where the copies and their frees cost
 * 13 % of the instructions (issue 13).  s must stay valid and unchanged
 * until the statement has been stepped for the last time and reset
 * (db_step_done, or the caller's step loop and sqlite3_reset): a field of
 * the caller's struct or a string the function frees after that, never a
 * buffer reused or freed before the step, nor a column of another
 * statement that is stepped or reset first. */
int db_bind_static(sqlite3_stmt *st, int i, const char *s);
/* A column as a new string (NULL for SQL NULL); caller frees. */
char *db_col_strdup(sqlite3_stmt *st, int i);

/* Migration 022 (src/db_rebuild.c): sql (a CREATE TABLE statement) with
 * every `col IN (constants)` inside a CHECK constraint written as `(col =
 * c1 OR col = c2 ...)`; comments, strings, NOT IN and IN (subquery) are
 * left as they are.  *changed = 1 when something was rewritten.  Returns a
 * new string (caller frees) or NULL when out of memory.  Pure. */
char *db_check_lists_rewrite(const char *sql, int *changed);
/* Rebuild every table whose CHECK constraints have such lists (SQLite's
 * 12-step procedure: rows, indexes, triggers, the AUTOINCREMENT mark
 * kept).  Inside a migration's transaction with foreign keys off.
 * Returns 0 or the exit status after one message. */
int db_rebuild_check_lists(struct lc_db *db);

/* Single integer of a query without parameters (e.g. count(*)); *ok=0 on
 * error, after db_fail printed it (its status is then db->fail_code). */
int64_t db_query_int(struct lc_db *db, const char *sql, int *ok);

struct lc_change;
/* Append a field_changes row: lead's field went from old to new_ (NULL =
 * unknown) by c (store_lead.c). */
int field_change(struct lc_db *db, int64_t lead, const char *field, const char *old, const char *new_,
                 const struct lc_change *c);

/* Register the identity module's normalisers as SQL functions on the
 * connection (store_identity.c): identity_email_key(raw),
 * identity_phone_key(raw, country, default_cc) and
 * identity_record_key(raw, system) give the key identity.h gives, or NULL
 * when the value is empty, invalid or damaged.  Migrations use them to
 * re-key existing leads; the report views do not (any SQLite tool must be
 * able to read those). */
int db_register_identity(struct lc_db *db);

#endif
