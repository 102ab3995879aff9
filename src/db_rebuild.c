/* db_rebuild: migration 022's C part -- every table whose CHECK constraints
 * test a column against a list of constants (`stage IN ('new', 'mql', ...)`)
 * is rebuilt with the same test written as `(stage = 'new' OR stage =
 * 'mql' OR ...)`.
 *
 * Why: SQLite 3.40 evaluates `x IN (c1, c2, c3...)` by building an
 * ephemeral index of the constants, and in a CHECK constraint it does so
 * for every row written (issue 13: 12 % of an import's instructions, in
 * sqlite3BtreeCreateTable and the page memset).  The OR chain means the
 * same for every value, NULL included (NULL passes both: a CHECK fails only
 * on false), and costs a few comparisons.
 *
 * How: SQLite's "making other kinds of table schema changes" procedure
 * (https://www.sqlite.org/lang_altertable.html#otheralter), generic over
 * whatever columns earlier migrations gave a table: foreign keys are off
 * (db_migrate), a new table is created from the rewritten CREATE TABLE
 * text, the rows copied, the old table dropped and the new one renamed
 * with legacy_alter_table on (the views that name it are valid again once
 * the name is back; child tables' foreign keys name it and need no change),
 * its indexes and triggers created again from their saved text, and the
 * AUTOINCREMENT high-water mark restored (a lead number is never given
 * again, README "Identity and accounts").  db_migrate checks
 * foreign_key_check before the migration commits. */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/vec.h"

/* The end of the token at s (one SQL token: a string, a quoted name, a
 * comment, a word, a number, or one other character); never past the NUL. */
static const char *token_end(const char *s)
{
	char q;

	if (!*s)
		return s;
	if (*s == '\'' || *s == '"' || *s == '`' || *s == '[') {
		q = *s == '[' ? ']' : *s;
		for (s++; *s; s++)
			if (*s == q) {
				if (q != ']' && s[1] == q) {
					s++; /* a doubled quote is one quote character */
					continue;
				}
				return s + 1;
			}
		return s;
	}
	if (s[0] == '-' && s[1] == '-') {
		while (*s && *s != '\n')
			s++;
		return s;
	}
	if (s[0] == '/' && s[1] == '*') {
		const char *e = strstr(s + 2, "*/");
		return e ? e + 2 : s + strlen(s);
	}
	if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
	    *s == '.' || (unsigned char)*s >= 0x80) {
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		       *s == '_' || *s == '.' || (unsigned char)*s >= 0x80)
			s++;
		return s;
	}
	return s + 1;
}

/* 1 when the token [s, e) is white space or a comment. */
static int is_blank(const char *s, const char *e)
{
	if (s[0] == '-' && s[1] == '-')
		return 1;
	if (s[0] == '/' && s[1] == '*')
		return 1;
	return e == s + 1 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r');
}

/* 1 when the token [s, e) is the keyword kw (any case). */
static int is_word(const char *s, const char *e, const char *kw)
{
	return (size_t)(e - s) == strlen(kw) && strncasecmp(s, kw, (size_t)(e - s)) == 0;
}

/* 1 when the token [s, e) is a constant: a string or a number. */
static int is_constant(const char *s, const char *e)
{
	if (*s == '\'')
		return 1;
	if (*s == '-' || *s == '+')
		s++;
	if (s == e || !(*s >= '0' && *s <= '9'))
		return 0;
	for (; s < e; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return 0;
	return 1;
}

/* The next token after p that is not blank (white space or comment). */
static const char *next_token(const char *p, const char **end)
{
	const char *e;

	while (*p) {
		e = token_end(p);
		if (!is_blank(p, e)) {
			*end = e;
			return p;
		}
		p = e;
	}
	*end = p;
	return p;
}

/* At `in` (the token IN after column `col`): when a parenthesised list of
 * constants follows, append "(col = c1 OR col = c2 ...)" to out in place of
 * "col IN (...)" and return the end of the list; else NULL. */
static const char *rewrite_list(sqlite3_str *out, const char *col, size_t col_len, const char *in_end)
{
	const char *p, *e, *items[256];
	size_t lens[256], n = 0, i;

	p = next_token(in_end, &e);
	if (*p != '(')
		return NULL;
	for (;;) {
		p = next_token(e, &e);
		if (!is_constant(p, e) || n == sizeof items / sizeof items[0])
			return NULL;
		items[n] = p;
		lens[n++] = (size_t)(e - p);
		p = next_token(e, &e);
		if (*p == ')')
			break;
		if (*p != ',')
			return NULL;
	}
	sqlite3_str_appendchar(out, 1, '(');
	for (i = 0; i < n; i++)
		sqlite3_str_appendf(out, "%s%.*s = %.*s", i ? " OR " : "", (int)col_len, col, (int)lens[i],
		                    items[i]);
	sqlite3_str_appendchar(out, 1, ')');
	return e;
}

char *db_check_lists_rewrite(const char *sql, int *changed)
{
	sqlite3_str *out = sqlite3_str_new(NULL);
	const char *p = sql, *e, *prev = NULL, *prev_end = NULL;
	int depth = 0, check_depth = -1, check_open = 0;

	*changed = 0;
	while (*p) {
		e = token_end(p);
		if (is_blank(p, e)) {
			sqlite3_str_append(out, p, (int)(e - p));
			p = e;
			continue;
		}
		if (*p == '(') {
			depth++;
			if (check_open) {
				check_depth = depth;
				check_open = 0;
			}
		} else if (*p == ')') {
			if (depth == check_depth)
				check_depth = -1;
			depth--;
		} else if (is_word(p, e, "CHECK")) {
			check_open = 1;
		} else if (check_depth > 0 && is_word(p, e, "IN") && prev &&
		           !is_word(prev, prev_end, "NOT") && !is_constant(prev, prev_end) &&
		           (prev_end - prev > 1 || *prev == '_' || (*prev >= 'a' && *prev <= 'z') ||
		            (*prev >= 'A' && *prev <= 'Z') || *prev == '"')) {
			/* `col IN (...)`: col was already written; take it back. */
			size_t len = (size_t)sqlite3_str_length(out), col_len = (size_t)(prev_end - prev);
			const char *after;
			char *text = sqlite3_str_value(out), *keep;
			/* out ends with "col" + the blanks after it */
			size_t tail = (size_t)(p - prev);
			keep = text ? sqlite3_mprintf("%.*s", (int)(len - tail), text) : NULL;
			if (text && !keep)
				goto oom;
			{
				sqlite3_str *s2 = sqlite3_str_new(NULL);
				if (keep)
					sqlite3_str_appendall(s2, keep);
				sqlite3_free(keep);
				after = rewrite_list(s2, prev, col_len, e);
				if (after) {
					sqlite3_free(sqlite3_str_finish(out));
					out = s2;
					*changed = 1;
					prev = NULL;
					p = after;
					continue;
				}
				sqlite3_free(sqlite3_str_finish(s2));
			}
		}
		sqlite3_str_append(out, p, (int)(e - p));
		prev = p;
		prev_end = e;
		p = e;
	}
	if (sqlite3_str_errcode(out))
		goto oom;
	{
		char *r = sqlite3_str_finish(out), *copy = r ? strdup(r) : NULL;
		sqlite3_free(r);
		return copy;
	}
oom:
	sqlite3_free(sqlite3_str_finish(out));
	return NULL;
}

/* Rebuild table `name` with CREATE TABLE text `create` (its body from the
 * first '('), keeping rows, indexes, triggers and the AUTOINCREMENT mark.
 * Inside the migration's transaction, foreign keys off. */
static int rebuild_table(struct lc_db *db, const char *name, const char *create)
{
	sqlite3_stmt *st = NULL;
	char **saved = NULL, *sql = NULL;
	size_t nsaved = 0, saved_cap = 0, i;
	int rc, failed = 0;
	int64_t seq = -1;
	const char *body = strchr(create, '(');

	if (!body)
		return diag_error(LC_SOFTWARE, "rebuilding %s: unexpected schema: %s", name, create);
	/* the indexes (not the automatic ones) and triggers of the table */
	rc = sqlite3_prepare_v2(db->h,
	                        "SELECT sql FROM sqlite_schema WHERE tbl_name = ?1 AND sql IS NOT NULL "
	                        "AND type IN ('index', 'trigger') ORDER BY rowid",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "rebuilding a table");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve((void **)&saved, &saved_cap, nsaved + 1, sizeof *saved) != 0 ||
		    !(saved[nsaved] = strdup((const char *)sqlite3_column_text(st, 0)))) {
			failed = diag_error(LC_SOFTWARE, "rebuilding %s: out of memory", name);
			break;
		}
		nsaved++;
	}
	sqlite3_finalize(st);
	if (failed) {
		rc = failed;
		goto done;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, "rebuilding a table");
		goto done;
	}
	rc = sqlite3_prepare_v2(db->h, "SELECT seq FROM sqlite_sequence WHERE name = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			seq = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			rc = db_fail(db, rc, "rebuilding a table");
			goto done;
		}
	} else if (rc != SQLITE_ERROR) { /* no sqlite_sequence: no AUTOINCREMENT table yet */
		rc = db_fail(db, rc, "rebuilding a table");
		goto done;
	}
	sql = sqlite3_mprintf("CREATE TABLE \"%w_rebuild\" %s; "
	                      "INSERT INTO \"%w_rebuild\" SELECT * FROM \"%w\"; DROP TABLE \"%w\"; "
	                      "PRAGMA legacy_alter_table = ON; "
	                      "ALTER TABLE \"%w_rebuild\" RENAME TO \"%w\"; "
	                      "PRAGMA legacy_alter_table = OFF",
	                      name, body, name, name, name, name, name);
	if (!sql) {
		rc = diag_error(LC_SOFTWARE, "rebuilding %s: out of memory", name);
		goto done;
	}
	if ((rc = db_exec(db, sql, "rebuilding a table")))
		goto done;
	for (i = 0; i < nsaved; i++)
		if ((rc = db_exec(db, saved[i], "rebuilding a table")))
			goto done;
	if (seq >= 0) {
		rc = sqlite3_prepare_v2(db->h,
		                        "UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1", -1,
		                        &st, NULL);
		if (rc != SQLITE_OK) {
			rc = db_fail(db, rc, "rebuilding a table");
			goto done;
		}
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, "rebuilding a table");
	}
done:
	for (i = 0; i < nsaved; i++)
		free(saved[i]);
	free(saved);
	sqlite3_free(sql);
	return rc;
}

int db_rebuild_check_lists(struct lc_db *db)
{
	sqlite3_stmt *st = NULL;
	char *names[128], *creates[128];
	size_t n = 0, i;
	int rc, failed = 0, changed;

	rc = sqlite3_prepare_v2(db->h,
	                        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT "
	                        "NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "rebuilding the tables with CHECK lists");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *create = db_check_lists_rewrite((const char *)sqlite3_column_text(st, 1), &changed);
		if (!create) {
			failed = diag_error(LC_SOFTWARE, "rebuilding the tables: out of memory");
			break;
		}
		if (!changed || n == sizeof names / sizeof names[0]) {
			free(create);
			if (changed) {
				failed = diag_error(LC_SOFTWARE, "rebuilding the tables: more than %zu", n);
				break;
			}
			continue;
		}
		if (!(names[n] = strdup((const char *)sqlite3_column_text(st, 0)))) {
			free(create);
			failed = diag_error(LC_SOFTWARE, "rebuilding the tables: out of memory");
			break;
		}
		creates[n++] = create;
	}
	sqlite3_finalize(st);
	if (!failed && rc != SQLITE_DONE)
		failed = db_fail(db, rc, "rebuilding the tables with CHECK lists");
	for (i = 0; i < n; i++) {
		if (!failed)
			failed = rebuild_table(db, names[i], creates[i]);
		free(names[i]);
		free(creates[i]);
	}
	return failed;
}
