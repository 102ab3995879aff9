/* store_replay: the recorded facts `sla simulate` replays (replay.h), read
 * into plain structs (see store_engine.h). */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "leadctl/diag.h"
#include "leadctl/store.h"
#include "leadctl/store_engine.h"
#include "leadctl/vec.h"

/* The origin written in assignments.origin (cli, import). */
static enum lc_origin origin_of(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s && strcmp(s, "import") == 0 ? ORIGIN_IMPORT : ORIGIN_CLI;
}

/* Creation first, then by instant, then by id. */
static int move_order(const void *pa, const void *pb)
{
	const struct lc_history_row *a = pa, *b = pb;

	if ((a->from < 0) != (b->from < 0))
		return a->from < 0 ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The stage moves people and imports made (the SLA's are the replay's to
 * make), the creation first. */
static int load_moves(struct lc_db *db, int64_t lead, struct lc_replay_lead *l)
{
	struct lc_history_row *h = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = store_history_load(db, lead, &h, &n))) {
		free(h);
		return rc;
	}
	if (n > 1)
		qsort(h, n, sizeof *h, move_order);
	if (n && !(l->move = calloc(n, sizeof *l->move))) {
		free(h);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	for (i = 0; i < n; i++)
		if (h[i].origin != ORIGIN_SLA)
			l->move[l->nmove++] =
			        (struct lc_replay_move){ h[i].at, h[i].from, h[i].to, h[i].origin };
	free(h);
	return 0;
}

/* The assignments people and imports made. */
static int load_assignments(struct lc_db *db, int64_t lead, struct lc_replay_lead *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at, owner, origin FROM assignments WHERE lead_id = ?1 "
	                               "AND origin <> 'sla' ORDER BY at, id");
	size_t cap = 0;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_replay_assign *a;
		if (vec_reserve((void **)&l->assign, &cap, l->nassign + 1, sizeof *l->assign) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		a = &l->assign[l->nassign];
		a->at = sqlite3_column_int64(st, 0);
		a->owner = db_col_strdup(st, 1);
		a->origin = origin_of(st, 2);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL && !a->owner) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		l->nassign++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading assignments");
}

/* The field changes people and imports made. */
static int load_fields(struct lc_db *db, int64_t lead, struct lc_replay_lead *l)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at, field, old_value, new_value FROM field_changes "
	                               "WHERE lead_id = ?1 AND origin <> 'sla' ORDER BY at, id");
	size_t cap = 0;
	int rc;

	if (!st)
		return LC_SOFTWARE;
	sqlite3_bind_int64(st, 1, lead);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lc_replay_field *f;
		if (vec_reserve((void **)&l->field, &cap, l->nfield + 1, sizeof *l->field) != 0) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		f = &l->field[l->nfield++];
		f->at = sqlite3_column_int64(st, 0);
		f->field = db_col_strdup(st, 1);
		f->old_value = db_col_strdup(st, 2);
		f->new_value = db_col_strdup(st, 3);
		if (!f->field || (sqlite3_column_type(st, 2) != SQLITE_NULL && !f->old_value) ||
		    (sqlite3_column_type(st, 3) != SQLITE_NULL && !f->new_value)) {
			sqlite3_reset(st);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, "reading field changes");
}

int store_replay_load(struct lc_db *db, lc_time since, struct lc_replay_lead **out, size_t *n)
{
	int64_t *ids = NULL;
	size_t nids = 0, i;
	int rc, own_tx = sqlite3_get_autocommit(db->h);

	*out = NULL;
	*n = 0;
	/* One read transaction for the whole load: one snapshot of the facts,
	 * and no lock, unlock and file checks around each of the six queries
	 * per lead (two thirds of the replay's time, in system calls). */
	if (own_tx && (rc = db_exec(db, "BEGIN", "starting to read the facts")))
		return rc;
	if ((rc = store_lead_ids_since(db, since, &ids, &nids)))
		goto done;
	if (nids && !(*out = calloc(nids, sizeof **out))) {
		free(ids);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	for (i = 0; i < nids; i++) {
		struct lc_replay_lead *l = &(*out)[i];
		*n = i + 1;
		lead_init(&l->lead);
		if ((rc = store_lead_load(db, ids[i], &l->lead)) ||
		    (rc = store_events_load(db, ids[i], &l->ev, &l->nev)) ||
		    (rc = store_touches_load(db, ids[i], &l->touch, &l->ntouch)) ||
		    (rc = load_moves(db, ids[i], l)) || (rc = load_assignments(db, ids[i], l)) ||
		    (rc = load_fields(db, ids[i], l)))
			break;
		if (!l->nmove || l->move[0].from != -1) {
			rc = diag_error(
			        LC_DATAERR,
			        "lead %lld has no creation in its stage history: run 'leadctl doctor'",
			        (long long)ids[i]);
			break;
		}
	}
done:
	free(ids);
	if (own_tx) {
		int end = db_exec(db, "COMMIT", "finishing to read the facts");
		if (end)
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		if (!rc)
			rc = end;
	}
	if (rc) {
		store_replay_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void store_replay_free(struct lc_replay_lead *leads, size_t n)
{
	size_t i;

	for (i = 0; leads && i < n; i++)
		replay_lead_clear(&leads[i]);
	free(leads);
}
