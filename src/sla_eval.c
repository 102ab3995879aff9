/* sla_eval: evaluating a loaded, validated SLA (struct lc_sla, made by
 * sla.c) against a lead: condition and test matching, the response rule
 * that applies, reasons a stage accepts, an owner's capacity.  Pure: no
 * SQLite, no printing, no reading of the SLA's JSON (the one reader is
 * sla.c's validator).  Contracts in include/leadctl/sla.h. */
#include "leadctl/fold.h"
#include "leadctl/identity.h"
#include "leadctl/sla.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/regex.h"
#include "leadctl/text.h"

/* Parse all of s as a finite number.  Returns 0 or -1. */
static int text_number(const char *s, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (end == s || *end != '\0' || errno != 0 || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

int sla_test_match(const struct lc_test *t, const struct lc_lead *l)
{
	char *value = NULL;
	double x = 0;
	int numeric, r = 0;
	size_t i;

	if (strcmp(t->field, "score") == 0) {
		/* read the number itself: its text form may be rounded */
		x = l->score;
		numeric = 1;
		if (asprintf(&value, "%.15g", l->score) < 0)
			return 0;
	} else {
		value = lead_field(l, t->field, NULL);
		numeric = value != NULL && text_number(value, &x) == 0;
	}
	if (t->op == LC_OP_MISSING) {
		r = value == NULL;
		goto cleanup;
	}
	if (value == NULL)
		goto cleanup;
	switch (t->op) {
	case LC_OP_EQUALS: r = t->numeric ? numeric && x == t->lo : fold_equal(value, t->values[0]); break;
	case LC_OP_ONE_OF:
		for (i = 0; i < t->nvalues && !r; i++)
			r = fold_equal(value, t->values[i]);
		break;
	case LC_OP_GT: r = numeric && x > t->lo; break;
	case LC_OP_GTE: r = numeric && x >= t->lo; break;
	case LC_OP_LT: r = numeric && x < t->hi; break;
	case LC_OP_LTE: r = numeric && x <= t->hi; break;
	case LC_OP_BETWEEN: r = numeric && x >= t->lo && x <= t->hi; break;
	case LC_OP_REGEX: r = t->re && regex_match(t->re, value) == 1; break;
	case LC_OP_FREE_MAIL:
	case LC_OP_NOT_FREE_MAIL: {
		const char *domain = strchr(value, '@') ? identity_email_domain(value) : NULL;
		if (domain != NULL && *domain != '\0') {
			int free_mail = text_is_free_mail_domain(domain) != 0;
			r = t->op == LC_OP_FREE_MAIL ? free_mail : !free_mail;
		}
		break;
	}
	case LC_OP_PRESENT: r = 1; break;
	case LC_OP_MISSING:
	case LC_OP_COUNT: break;
	}
cleanup:
	free(value);
	return r;
}

int sla_cond_match(const struct lc_cond *c, const struct lc_lead *l, const struct lc_event *ev, size_t nev,
                   lc_time now)
{
	size_t i, k;

	for (i = 0; i < c->ntests; i++)
		if (!sla_test_match(&c->tests[i], l))
			return 0;
	if (c->nevents == 0)
		return 1;
	for (i = 0; i < nev; i++) {
		if (ev[i].at > now || ev[i].type == NULL)
			continue;
		for (k = 0; k < c->nevents; k++)
			if (strcmp(ev[i].type, c->events[k]) == 0)
				return 1;
	}
	return 0;
}

const struct lc_response_rule *sla_response_rule(const struct lc_sla *sla, const struct lc_lead *l,
                                                 const struct lc_event *ev, size_t nev, lc_time now)
{
	size_t i;

	for (i = 0; i < sla->nresponse; i++)
		if (sla_cond_match(&sla->response[i].when, l, ev, nev, now))
			return &sla->response[i];
	return NULL;
}

int sla_reason_allowed(const struct lc_sla *sla, enum lc_stage to, const char *reason)
{
	size_t i;

	if (to < 0 || to >= STAGE_COUNT || reason == NULL)
		return 0;
	for (i = 0; i < sla->nreasons[to]; i++)
		if (strcmp(sla->reasons[to][i], reason) == 0)
			return 1;
	return 0;
}

char *sla_reason_list(const struct lc_sla *sla, enum lc_stage to)
{
	size_t i, len = 1;
	char *s;

	if (to < 0 || to >= STAGE_COUNT)
		return strdup("");
	for (i = 0; i < sla->nreasons[to]; i++)
		len += strlen(sla->reasons[to][i]) + 2;
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < sla->nreasons[to]; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, sla->reasons[to][i]);
	}
	return s;
}

int64_t sla_owner_capacity(const struct lc_sla *sla, const char *owner)
{
	size_t i;

	for (i = 0; i < sla->nowners; i++)
		if (sla->owners[i].name != NULL && strcmp(sla->owners[i].name, owner) == 0)
			return sla->owners[i].capacity;
	return -1;
}
