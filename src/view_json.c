/* view_json: leads and accounts as JSON (view.h).  Pure: no SQLite, no
 * printing; the one place their JSON shape is written. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "leadctl/clock.h"
#include "leadctl/diag.h"
#include "leadctl/score.h"
#include "leadctl/view.h"

/* Count of cJSON calls that failed (out of memory) in the current object. */
struct jb {
	int nomem;
};

static cJSON *need(struct jb *b, cJSON *x)
{
	if (!x)
		b->nomem++;
	return x;
}

/* Add item to o under key (to the array o when key is NULL); a failure is
 * noted and frees the item. */
static void add_item(struct jb *b, cJSON *o, const char *key, cJSON *item)
{
	if (!item || !o || !(key ? cJSON_AddItemToObject(o, key, item) : cJSON_AddItemToArray(o, item))) {
		cJSON_Delete(item);
		b->nomem++;
	}
}

static void add_text(struct jb *b, cJSON *o, const char *key, const char *v)
{
	need(b, v ? cJSON_AddStringToObject(o, key, v) : cJSON_AddNullToObject(o, key));
}

static void add_time(struct jb *b, cJSON *o, const char *key, lc_time t)
{
	char buf[32];

	clock_format_utc(t, buf, sizeof buf);
	need(b, cJSON_AddStringToObject(o, key, buf));
}

static void add_opt_int(struct jb *b, cJSON *o, const char *key, int has, int64_t v)
{
	need(b, has ? cJSON_AddNumberToObject(o, key, (double)v) : cJSON_AddNullToObject(o, key));
}

/* cents as a JSON number with two decimals (a raw value: 1234.50, not 1234.5) */
static void add_money(struct jb *b, cJSON *o, const char *key, int has, int64_t c)
{
	char buf[48];

	if (!has) {
		need(b, cJSON_AddNullToObject(o, key));
		return;
	}
	snprintf(buf, sizeof buf, "%s%" PRId64 ".%02" PRId64, c < 0 ? "-" : "", (c < 0 ? -c : c) / 100,
	         (c < 0 ? -c : c) % 100);
	add_item(b, o, key, cJSON_CreateRaw(buf));
}

static void add_stage(struct jb *b, cJSON *o, const char *key, int stage)
{
	add_text(b, o, key, stage >= 0 && stage < STAGE_COUNT ? stage_name((enum lc_stage)stage) : NULL);
}

static void add_flag(struct jb *b, cJSON *o, const char *key, int v)
{
	need(b, v < 0 ? cJSON_AddNullToObject(o, key) : cJSON_AddBoolToObject(o, key, v));
}

/* A time where 0 means unknown (consent's). */
static void add_known_time(struct jb *b, cJSON *o, const char *key, lc_time t)
{
	if (t)
		add_time(b, o, key, t);
	else
		need(b, cJSON_AddNullToObject(o, key));
}

static void consent_json(struct jb *b, cJSON *o, const struct lc_consent *c)
{
	cJSON *j = need(b, cJSON_AddObjectToObject(o, "consent"));

	if (!j)
		return;
	add_flag(b, j, "do_not_email", c->do_not_email);
	add_flag(b, j, "do_not_call", c->do_not_call);
	add_text(b, j, "lawful_basis", c->lawful_basis);
	add_known_time(b, j, "lawful_basis_at", c->lawful_basis_at);
	add_text(b, j, "lawful_basis_source", c->lawful_basis_source);
	add_known_time(b, j, "unsubscribed_at", c->unsubscribed_at);
}

/* A new object in the array arr (NULL when memory ran out: noted). */
static cJSON *item_in(struct jb *b, cJSON *arr)
{
	cJSON *o = need(b, cJSON_CreateObject());

	if (o)
		add_item(b, arr, NULL, o);
	return o && arr ? o : NULL;
}

static void lists_json(struct jb *b, cJSON *o, const struct lc_view_lead *v)
{
	cJSON *arr, *e;
	size_t i;

	arr = need(b, cJSON_AddArrayToObject(o, "history"));
	for (i = 0; arr && i < v->nhistory; i++) {
		const struct lc_view_stage_entry *h = &v->history[i];
		if (!(e = item_in(b, arr)))
			return;
		add_stage(b, e, "from", h->from);
		add_stage(b, e, "to", (int)h->to);
		add_time(b, e, "at", h->at);
		add_text(b, e, "actor", h->actor);
		add_text(b, e, "reason", h->reason);
		add_text(b, e, "origin", h->origin);
		add_opt_int(b, e, "sla_version", h->has_sla_version, h->sla_version);
		add_money(b, e, "amount", h->has_amount, h->amount_cents);
		add_text(b, e, "currency", h->currency);
	}
	arr = need(b, cJSON_AddArrayToObject(o, "touches"));
	for (i = 0; arr && i < v->ntouches; i++) {
		const struct lc_view_touch *t = &v->touches[i];
		if (!(e = item_in(b, arr)))
			return;
		add_time(b, e, "at", t->at);
		add_text(b, e, "actor", t->actor);
		add_text(b, e, "channel", t->channel);
		add_text(b, e, "outcome", t->outcome);
		add_text(b, e, "note", t->note);
		add_text(b, e, "consent_override", t->consent_override);
	}
	arr = need(b, cJSON_AddArrayToObject(o, "events"));
	for (i = 0; arr && i < v->nevents; i++) {
		const struct lc_view_event *ev = &v->events[i];
		if (!(e = item_in(b, arr)))
			return;
		add_text(b, e, "type", ev->type);
		add_time(b, e, "at", ev->at);
		add_text(b, e, "actor", ev->actor);
		add_text(b, e, "origin", ev->origin);
		if (ev->submission_id)
			add_text(b, e, "submission_id", ev->submission_id);
	}
	arr = need(b, cJSON_AddArrayToObject(o, "identities"));
	for (i = 0; arr && i < v->nidentities; i++) {
		const struct lc_view_identity *d = &v->identities[i];
		if (!(e = item_in(b, arr)))
			return;
		add_text(b, e, "kind", d->kind);
		add_text(b, e, "system", d->system);
		add_text(b, e, "key", d->key);
		add_text(b, e, "value", d->value);
		add_text(b, e, "raw", d->raw);
		add_time(b, e, "at", d->at);
		add_text(b, e, "actor", d->actor);
		add_opt_int(b, e, "import", d->has_import, d->import_id);
	}
	arr = need(b, cJSON_AddArrayToObject(o, "assignments"));
	for (i = 0; arr && i < v->nassignments; i++) {
		const struct lc_view_assignment *a = &v->assignments[i];
		if (!(e = item_in(b, arr)))
			return;
		add_text(b, e, "owner", a->owner);
		add_time(b, e, "at", a->at);
		add_text(b, e, "actor", a->actor);
		add_text(b, e, "origin", a->origin);
		add_text(b, e, "rule", a->rule);
		add_opt_int(b, e, "sla_version", a->has_sla_version, a->sla_version);
	}
	arr = need(b, cJSON_AddArrayToObject(o, "changes"));
	for (i = 0; arr && i < v->nchanges; i++) {
		const struct lc_view_change *c = &v->changes[i];
		if (!(e = item_in(b, arr)))
			return;
		add_text(b, e, "field", c->field);
		add_text(b, e, "old", c->old_value);
		add_text(b, e, "new", c->new_value);
		add_time(b, e, "at", c->at);
		add_text(b, e, "actor", c->actor);
		add_text(b, e, "origin", c->origin);
	}
}

/* The lead's members into o. */
static void lead_json(struct jb *b, cJSON *o, const struct lc_view_lead *v)
{
	const struct lc_lead *l = &v->lead;
	const char *const text[][2] = {
		{ "email", l->email },           { "external_id", l->external_id }, { "phone", l->phone },
		{ "first_name", l->first_name }, { "last_name", l->last_name },     { "title", l->title },
		{ "company", l->company },       { "website", l->website },         { "country", l->country },
		{ "industry", l->industry },
	};
	size_t i;

	need(b, cJSON_AddNumberToObject(o, "id", (double)l->id));
	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		add_text(b, o, text[i][0], text[i][1]);
	add_opt_int(b, o, "employees", l->employees >= 0, l->employees);
	add_text(b, o, "source", l->source);
	add_text(b, o, "campaign", l->campaign);
	add_text(b, o, "owner", l->owner);
	add_stage(b, o, "stage", (int)l->stage);
	add_time(b, o, "stage_at", v->stage_at);
	/* the stored score, as of score_at, in the one rounding of scores */
	need(b, cJSON_AddNumberToObject(o, "score", score_round(l->score)));
	if (v->has_score_at)
		add_time(b, o, "score_at", l->score_at);
	else
		need(b, cJSON_AddNullToObject(o, "score_at"));
	add_time(b, o, "created_at", l->created_at);
	add_time(b, o, "updated_at", v->updated_at);
	add_time(b, o, "activity_at", v->activity_at);
	/* the stored text is valid JSON (a CHECK of leads.custom): only memory can be missing */
	add_item(b, o, "custom", l->custom_json ? cJSON_Parse(l->custom_json) : cJSON_CreateObject());
	if (!v->account_id) {
		need(b, cJSON_AddNullToObject(o, "account"));
	} else {
		cJSON *a = need(b, cJSON_AddObjectToObject(o, "account"));
		if (a) {
			need(b, cJSON_AddNumberToObject(a, "id", (double)v->account_id));
			add_text(b, a, "name", v->account_name);
			add_text(b, a, "domain", v->account_domain);
		}
	}
	consent_json(b, o, &v->consent);
	if (v->has_lists)
		lists_json(b, o, v);
}

int view_lead_json(const struct lc_view_lead *v, cJSON **out)
{
	struct jb b = { 0 };
	cJSON *o = need(&b, cJSON_CreateObject());

	*out = NULL;
	if (o)
		lead_json(&b, o, v);
	if (b.nomem) {
		cJSON_Delete(o);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	*out = o;
	return 0;
}

int view_account_json(const struct lc_view_account *a, cJSON **out)
{
	struct jb b = { 0 };
	cJSON *o = need(&b, cJSON_CreateObject()), *leads = NULL, *e;
	size_t i;

	*out = NULL;
	if (o) {
		need(&b, cJSON_AddNumberToObject(o, "id", (double)a->id));
		add_text(&b, o, "key", a->key);
		add_text(&b, o, "name", a->name);
		add_text(&b, o, "domain", a->domain);
		add_time(&b, o, "created_at", a->created_at);
		leads = need(&b, cJSON_AddArrayToObject(o, "leads"));
	}
	for (i = 0; leads && i < a->nleads; i++)
		if ((e = item_in(&b, leads)))
			lead_json(&b, e, &a->leads[i]);
	if (b.nomem) {
		cJSON_Delete(o);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	*out = o;
	return 0;
}
