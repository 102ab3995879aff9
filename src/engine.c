/* engine: the SLA in force applied to a lead (see engine.h): the glue of
 * "decide / apply".  engine_refresh() loads the lead's state through the
 * store (store_engine.h), asks the rules engine what the SLA does to it
 * (rules_decide in rules.h: score, automatic MQL, obligations, resolved
 * breaches, routing) and has the store apply those effects.  This file
 * holds no SQL: the SLA cache, messages and the JSON of `show`.  Without
 * an installed SLA there is nothing to apply. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/lead_view.h"
#include "leadctl/route.h"
#include "leadctl/rules.h"
#include "leadctl/score.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/store_engine.h"

/* The parsed SLA in force, cached for the process (one command). */
static struct lc_sla *cached_sla;
static int cached_version;
static struct lc_db *cached_db;

int engine_sla(struct lc_db *db, const struct lc_sla **sla, int *version)
{
	struct lc_problems probs;
	char *json = NULL;
	int v, rc;

	*sla = NULL;
	*version = 0;
	/* The version alone tells whether the cached SLA is still the one in
	 * force; the text is read only when it changed. */
	if (cached_sla && cached_db == db) {
		int cur;
		if ((rc = store_sla_current_version(db, &cur)))
			return rc;
		if (cur == cached_version) {
			*sla = cached_sla;
			*version = cached_version;
			return 0;
		}
	}
	if ((rc = store_sla_current(db, &json, &v)))
		return rc;
	if (!json)
		return 0;
	problems_init(&probs);
	sla_free(cached_sla);
	cached_sla = NULL;
	if (sla_load(json, strlen(json), "installed SLA", &cached_sla, &probs) != 0) {
		if (probs.nomem)
			rc = diag_error(LC_SOFTWARE, "out of memory loading the installed SLA (version %d)",
			                v);
		else
			rc = diag_error(
			        LC_CONFIG,
			        "the installed SLA (version %d) no longer loads: %s: install a fixed one "
			        "with 'leadctl sla use FILE'",
			        v, probs.n ? probs.items[0].text : "unknown problem");
		problems_clear(&probs);
		free(json);
		return rc;
	}
	problems_clear(&probs);
	free(json);
	cached_version = v;
	cached_db = db;
	*sla = cached_sla;
	*version = v;
	return 0;
}

void engine_release(void)
{
	sla_free(cached_sla);
	cached_sla = NULL;
	cached_version = 0;
	cached_db = NULL;
}

int engine_span_add(const struct lc_sla *sla, lc_time start, const struct lc_span *span, lc_time *out)
{
	if (rules_span_add(sla, start, span, out) != 0)
		return diag_error(LC_CONFIG, "cannot compute a deadline of %s from the SLA's business hours",
		                  span->text);
	return 0;
}

/* Decide what the SLA does to lead in state s (rules_decide) and apply
 * the effects, with a floor under the clocks of new obligations and under
 * routing (0 = none). */
static int decide_apply(struct lc_db *db, int64_t lead, const struct lc_rules_state *s,
                        const struct lc_change *c, lc_time floor)
{
	const struct lc_sla *sla;
	struct lc_route_reader rr;
	struct lc_effects e = { 0 };
	struct lc_rules_input in;
	int version, rc, d;

	if ((rc = engine_sla(db, &sla, &version)) || !sla)
		return rc;
	store_route_reader_init(&rr, db);
	in = (struct lc_rules_input){ sla, version, c->at, c->origin, c->import_id, floor, &rr.env };
	d = rules_decide(s, &in, &e);
	store_route_reader_clear(&rr);
	if (d == -1)
		rc = diag_error(LC_SOFTWARE, "out of memory");
	else if (d == -2)
		rc = diag_error(LC_CONFIG, "cannot compute a deadline of %s from the SLA's business hours",
		                e.error_span);
	else if (d == -3)
		rc = store_fail_last(db, "routing a lead");
	else
		rc = store_engine_apply(db, lead, &in, &e);
	rules_effects_clear(&e);
	return rc;
}

/* engine_refresh with a floor (decide_apply): load, decide, apply. */
static int refresh(struct lc_db *db, int64_t lead, const struct lc_change *c, lc_time floor)
{
	const struct lc_sla *sla;
	struct lc_engine_load ld;
	int version, rc;

	/* no SLA: nothing to load */
	if ((rc = engine_sla(db, &sla, &version)) || !sla)
		return rc;
	if (!(rc = store_engine_load(db, lead, &ld)))
		rc = decide_apply(db, lead, &ld.state, c, floor);
	store_engine_clear(&ld);
	return rc;
}

int engine_refresh_state(struct lc_db *db, const struct lc_rules_state *s, const struct lc_change *c,
                         lc_time as_of)
{
	int rc = decide_apply(db, s->lead->id, s, c, as_of);

	return rc || !as_of ? rc : store_lead_activity_floor(db, s->lead->id, as_of);
}

int engine_obligation_progress(struct lc_db *db, int64_t lead)
{
	struct lc_engine_load ld;
	struct lc_effects e = { 0 };
	struct lc_rules_input in = { 0 };
	int rc;

	if (!(rc = store_engine_load(db, lead, &ld))) {
		if (rules_progress(&ld.state, &e) != 0)
			rc = diag_error(LC_SOFTWARE, "out of memory");
		else
			rc = store_engine_apply(db, lead, &in, &e);
	}
	rules_effects_clear(&e);
	store_engine_clear(&ld);
	return rc;
}

int engine_refresh(struct lc_db *db, int64_t lead, const struct lc_change *c)
{
	return refresh(db, lead, c, 0);
}

int engine_refresh_as_of(struct lc_db *db, int64_t lead, const struct lc_change *c, lc_time as_of)
{
	int rc = refresh(db, lead, c, as_of);

	return rc ? rc : store_lead_activity_floor(db, lead, as_of);
}

/* Add "sla": obligation o as of now (its rule, clock, deadlines,
 * attempts, state and a one-line summary) to the JSON of a lead. */
static void obligation_json(const struct lc_obligation *o, lc_time now, cJSON *j)
{
	char b1[32], summary[256], dur[32];
	cJSON *obl = cJSON_AddObjectToObject(j, "sla");

	cJSON_AddStringToObject(obl, "rule", o->rule);
	clock_format_utc(o->started_at, b1, sizeof b1);
	cJSON_AddStringToObject(obl, "started_at", b1);
	clock_format_utc(o->first_touch_due, b1, sizeof b1);
	cJSON_AddStringToObject(obl, "first_touch_due", b1);
	if (o->first_touch_at != RULES_NONE) {
		clock_format_utc(o->first_touch_at, b1, sizeof b1);
		cJSON_AddStringToObject(obl, "first_touch_at", b1);
	} else {
		cJSON_AddNullToObject(obl, "first_touch_at");
	}
	cJSON_AddNumberToObject(obl, "attempts_owed", (double)(int)o->attempts_owed);
	cJSON_AddNumberToObject(obl, "attempts_made", (double)(int)o->attempts_made);
	cJSON_AddStringToObject(obl, "state", rules_obl_state_name(o->state));
	if (o->next_due_at != RULES_NONE) {
		lc_time due = o->next_due_at;
		clock_format_utc(due, b1, sizeof b1);
		cJSON_AddStringToObject(obl, "due_at", b1);
		cJSON_AddNumberToObject(obl, "overdue_seconds", (double)(now - due));
		duration_format(due > now ? due - now : now - due, dur, sizeof dur);
		if (o->first_touch_at == RULES_NONE)
			snprintf(summary, sizeof summary, "rule %s: first touch %s %s", o->rule,
			         due >= now ? "due in" : "overdue by", dur);
		else
			snprintf(summary, sizeof summary, "rule %s: attempt %d of %d, window %s %s", o->rule,
			         (int)o->attempts_made + 1, (int)o->attempts_owed,
			         due >= now ? "ends in" : "ended", dur);
	} else {
		cJSON_AddNullToObject(obl, "due_at");
		snprintf(summary, sizeof summary, "rule %s: %s (%d of %d attempts)", o->rule,
		         rules_obl_state_name(o->state), (int)o->attempts_made, (int)o->attempts_owed);
	}
	cJSON_AddStringToObject(obl, "summary", summary);
}

int engine_explain(struct lc_db *db, int64_t lead, lc_time now, cJSON *j)
{
	const struct lc_sla *sla;
	struct lc_lead l;
	struct lc_event *ev = NULL;
	struct lc_score sc = { 0 };
	size_t nev = 0, i;
	struct lc_obligation o;
	char *rule = NULL;
	int version, rc, found;
	lc_time at;
	cJSON *terms;

	if ((rc = engine_sla(db, &sla, &version)) || !sla)
		return rc;
	lead_init(&l);
	if ((rc = store_lead_load(db, lead, &l)) || (rc = store_events_load(db, lead, &ev, &nev)))
		goto cleanup;
	/* One number per fact: the stored score, as of the instant it was
	 * computed, with its terms computed by the same code at that instant
	 * (so they add up to it); a lead never scored, as of now. */
	at = l.score_at ? l.score_at : now;
	if (score_compute(sla, &l, ev, nev, at, &sc) != 0) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	if (!cJSON_GetObjectItemCaseSensitive(j, "score")) {
		char t[32];
		clock_format_utc(at, t, sizeof t);
		cJSON_AddNumberToObject(j, "score", score_round(l.score_at ? l.score : sc.total));
		cJSON_AddStringToObject(j, "score_at", t);
	}
	terms = cJSON_AddArrayToObject(j, "score_terms");
	for (i = 0; i < sc.nterms; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "rule", sc.terms[i].rule);
		cJSON_AddStringToObject(t, "kind", score_kind_name(sc.terms[i].kind));
		cJSON_AddNumberToObject(t, "points", score_round(sc.terms[i].points));
		cJSON_AddStringToObject(t, "detail", sc.terms[i].detail);
		cJSON_AddItemToArray(terms, t);
	}
	{
		const char *missing[16];
		size_t nm = score_missing_fields(sla, &l, missing, 16);
		cJSON *arr = cJSON_AddArrayToObject(j, "missing_fields");
		for (i = 0; i < nm && i < 16; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(missing[i]));
	}
	cJSON_AddNumberToObject(j, "mql_threshold", sla->mql_threshold);
	/* The obligation of the current stage entry, as of now: a touch or
	 * stage entry recorded after now does not count (store_asof.h). */
	if ((rc = store_obligation_latest(db, lead, now, &o, &rule, &found)))
		goto cleanup;
	if (found)
		obligation_json(&o, now, j);
	free(rule);
cleanup:
	score_clear(&sc);
	store_events_free(ev, nev);
	lead_clear(&l);
	return rc;
}

int engine_contact_warning(struct lc_db *db, int64_t lead, lc_time at)
{
	const struct lc_sla *sla;
	int64_t n;
	int version, rc;

	if ((rc = engine_sla(db, &sla, &version)) || !sla || sla->max_touches <= 0)
		return rc;
	if ((rc = store_touch_count(db, lead, at - sla->touch_window, at, &n)))
		return rc;
	if (n > sla->max_touches)
		diag_warn("lead %" PRId64 " has had %" PRId64
		          " touches in %s, over the SLA's contact limit of %" PRId64 ": give it a rest",
		          lead, n, sla->touch_window_text, sla->max_touches);
	return 0;
}

struct incomplete_state {
	const struct lc_sla *sla;
	struct lc_db *db;
	struct out *out;
	int rc;
};

/* One row of `list --incomplete`: the lead and every required field it lacks,
 * joined with ", " into a string sized for them (the SLA's field names and
 * their number are the user's, so nothing here has a fixed size). */
static int incomplete_row(void *arg, const struct lc_view_lead *row)
{
	struct incomplete_state *s = arg;
	struct lc_lead l;
	const char **missing = NULL;
	char *list = NULL, id[32];
	size_t n, i, len = 1;
	int64_t lid = row->lead.id;

	if ((s->rc = store_lead_load(s->db, lid, &l)))
		return s->rc;
	n = score_missing_fields(s->sla, &l, NULL, 0);
	if (n && (missing = calloc(n, sizeof *missing)))
		n = score_missing_fields(s->sla, &l, missing, n);
	for (i = 0; missing && i < n; i++)
		len += strlen(missing[i]) + 2;
	if (n && (!missing || !(list = malloc(len)))) {
		free(missing);
		lead_clear(&l);
		return s->rc = diag_error(LC_SOFTWARE, "list --incomplete: out of memory");
	}
	if (n) {
		list[0] = '\0';
		for (i = 0; i < n; i++) {
			if (i)
				strcat(list, ", ");
			strcat(list, missing[i]);
		}
		snprintf(id, sizeof id, "%" PRId64, lid);
		out_row(s->out,
		        (const char *const[]){ id, row->lead.email, stage_name(row->lead.stage), list });
	}
	free(list);
	free(missing);
	lead_clear(&l);
	return 0;
}

int engine_list_incomplete(struct lc_db *db, const struct lc_lead_filter *f, enum out_format fmt)
{
	static const struct out_col cols[] = {
		{ "id", OT_INT }, { "email", OT_STR }, { "stage", OT_STR }, { "missing", OT_STR }
	};
	struct incomplete_state s = { NULL, db, NULL, 0 };
	int version, rc;

	if ((rc = engine_sla(db, &s.sla, &version)))
		return rc;
	if (!s.sla)
		return diag_error(LC_CONFIG,
		                  "list --incomplete: no SLA is installed, so no field is required: "
		                  "install one with 'leadctl sla use FILE'");
	s.out = out_begin(stdout, fmt, cols, 4);
	rc = store_lead_each(db, f, incomplete_row, &s);
	out_end(s.out);
	return rc;
}
