/* score: qualification scores with their explanation (see include/leadctl/score.h).
 *
 * A behavior rule groups its events inside the window from the newest
 * backwards: the newest min_count events make the first award, the next
 * min_count the second, and so on.  Each award decays from the newest event
 * of its group (the event that completed that count), so fresh interest
 * weighs most, and the cap takes the newest awards first. */
#include "leadctl/score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Slack when comparing a score with the threshold: decayed sums are not
 * exact in binary floating point. */
#define SCORE_EPSILON 1e-9

const char *score_kind_name(enum lc_term_kind kind)
{
	return kind == SCORE_FIT ? "fit" : "behavior";
}

void score_clear(struct lc_score *s)
{
	free(s->terms);
	memset(s, 0, sizeof(*s));
}

double score_round(double points)
{
	double r = round(points * 10) / 10;

	return r == 0 ? 0 : r; /* no "-0" */
}

/* Format points for an explanation: whole numbers bare, others to one
 * decimal ("50", "35.4", "-10"). */
static void fmt_points(double x, char *buf, size_t n)
{
	double r = score_round(x);

	if (r == floor(r))
		snprintf(buf, n, "%.0f", r);
	else
		snprintf(buf, n, "%.1f", r);
}

/* Append printf-style text to buf (n bytes), truncating quietly. */
static void append(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

/* Explain a matched fit rule by the values it looked at:
 * "title 'VP Sales', email 'ana@gmail.com'". */
static void fit_detail(const struct lc_fit_rule *r, const struct lc_lead *lead, char *buf, size_t n)
{
	size_t i, k;

	buf[0] = '\0';
	for (i = 0; i < r->when.ntests; i++) {
		const struct lc_test *t = &r->when.tests[i];
		char *value;
		for (k = 0; k < i && strcmp(r->when.tests[k].field, t->field) != 0; k++)
			;
		if (k < i)
			continue; /* field already shown */
		value = lead_field(lead, t->field, NULL);
		if (value == NULL)
			append(buf, n, "%s%s missing", buf[0] ? ", " : "", t->field);
		else
			append(buf, n, "%s%s '%.40s'", buf[0] ? ", " : "", t->field, value);
		free(value);
	}
}

/* Order instants newest first. */
static int time_desc(const void *a, const void *b)
{
	lc_time x = *(const lc_time *)a, y = *(const lc_time *)b;

	return x > y ? -1 : x < y;
}

/* Order instants oldest first. */
static int time_asc(const void *a, const void *b)
{
	return -time_desc(a, b);
}

/* Points behavior rule r earns at now from events ev (times: scratch room
 * for nev instants).  Returns 1 with *points (and detail, when not NULL)
 * when the rule earns an award, 0 when it does not. */
static int behavior_points(const struct lc_sla *sla, const struct lc_behavior_rule *r,
                           const struct lc_event *ev, size_t nev, lc_time now, lc_time *times, double *points,
                           char *detail, size_t n)
{
	double unit = fabs(r->points), sign = r->points < 0 ? -1 : 1;
	double left = r->cap, raw = 0, sum = 0;
	size_t count = 0, awards, k, i;
	char a[32], b[32];

	for (i = 0; i < nev; i++) {
		if (ev[i].type == NULL || ev[i].at > now || strcmp(ev[i].type, r->event) != 0)
			continue;
		if (r->within > 0 && ev[i].at <= now - r->within)
			continue;
		times[count++] = ev[i].at;
	}
	awards = count / (size_t)r->min_count;
	if (awards == 0)
		return 0;
	if (count > 1)
		qsort(times, count, sizeof(*times), time_desc);
	for (k = 0; k < awards && (left > 0 || unit == 0); k++) {
		double take = unit < left ? unit : left;
		double weight = 1;
		/* decay from the newest event of this award's group */
		if (sla->half_life > 0)
			weight = pow(0.5, (double)(now - times[k * (size_t)r->min_count]) /
			                          (double)sla->half_life);
		left -= take;
		raw += take;
		sum += take * weight;
	}
	*points = sign * sum;
	if (detail == NULL)
		return 1;
	snprintf(detail, n, "%zu %s", count, r->event);
	if (r->within_text[0])
		append(detail, n, " in %s", r->within_text);
	if (awards > 1) {
		fmt_points(unit, a, sizeof(a));
		append(detail, n, ", %zu × %s", awards, a);
	}
	if (raw < unit * (double)awards) {
		fmt_points(r->cap, a, sizeof(a));
		append(detail, n, ", capped at %s", a);
	}
	if (sla->half_life > 0) {
		fmt_points(sign * raw, a, sizeof(a));
		fmt_points(sign * sum, b, sizeof(b));
		append(detail, n, ", decayed %s→%s (half-life %s)", a, b, sla->half_life_text);
	}
	return 1;
}

/* The points of the fit rules lead matches, with their terms appended to
 * out when out is not NULL.  Fit conditions test neither events nor the
 * score (the loader refuses both), so this does not depend on the time. */
static double fit_points(const struct lc_sla *sla, const struct lc_lead *lead, struct lc_score *out)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < sla->nfit; i++) {
		const struct lc_fit_rule *r = &sla->fit[i];
		if (!sla_cond_match(&r->when, lead, NULL, 0, 0))
			continue;
		sum += r->points;
		if (out != NULL) {
			struct lc_score_term *t = &out->terms[out->nterms++];
			t->rule = r->name;
			t->kind = SCORE_FIT;
			t->points = r->points;
			fit_detail(r, lead, t->detail, sizeof(t->detail));
		}
	}
	return sum;
}

/* The points of the behavior rules at now, with their terms appended to out
 * when out is not NULL (out->terms must have room for every rule).  times:
 * scratch room for nev instants. */
static double behavior_total(const struct lc_sla *sla, const struct lc_event *ev, size_t nev, lc_time now,
                             lc_time *times, struct lc_score *out)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < sla->nbehavior; i++) {
		const struct lc_behavior_rule *r = &sla->behavior[i];
		struct lc_score_term *t = out != NULL ? &out->terms[out->nterms] : NULL;
		double points;
		if (!behavior_points(sla, r, ev, nev, now, times, &points, t ? t->detail : NULL,
		                     t ? sizeof(t->detail) : 0))
			continue;
		sum += points;
		if (t != NULL) {
			t->rule = r->name;
			t->kind = SCORE_BEHAVIOR;
			t->points = points;
			out->nterms++;
		}
	}
	return sum;
}

int score_compute(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev, size_t nev,
                  lc_time now, struct lc_score *out)
{
	lc_time *times = malloc((nev ? nev : 1) * sizeof(*times));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->terms = calloc(sla->nfit + sla->nbehavior + 1, sizeof(*out->terms));
	if (times == NULL || out->terms == NULL) {
		score_clear(out);
		goto cleanup;
	}
	out->total = fit_points(sla, lead, out);
	out->total += behavior_total(sla, ev, nev, now, times, out);
	rc = 0;
cleanup:
	free(times);
	return rc;
}

size_t score_missing_fields(const struct lc_sla *sla, const struct lc_lead *lead, const char **missing,
                            size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < sla->nrequired; i++) {
		char *value = lead_field(lead, sla->required[i], NULL);
		if (value == NULL) {
			if (n < max)
				missing[n] = sla->required[i];
			n++;
		}
		free(value);
	}
	return n;
}

int score_qualify_time(const struct lc_sla *sla, const struct lc_lead *lead, const struct lc_event *ev,
                       size_t nev, lc_time since, lc_time now, lc_time *at)
{
	lc_time start = since > lead->created_at ? since : lead->created_at;
	lc_time *times = NULL, *cand = NULL;
	size_t ncand = 0, i;
	double fit;
	int rc = 0;

	if (start > now || score_missing_fields(sla, lead, NULL, 0) > 0)
		return 0;
	times = malloc((nev ? nev : 1) * sizeof(*times));
	cand = malloc((nev + 1) * sizeof(*cand));
	if (times == NULL || cand == NULL) {
		rc = -1;
		goto cleanup;
	}
	cand[ncand++] = start;
	for (i = 0; i < nev; i++)
		if (ev[i].at > start && ev[i].at <= now)
			cand[ncand++] = ev[i].at;
	qsort(cand, ncand, sizeof(*cand), time_asc);
	fit = fit_points(sla, lead, NULL);
	for (i = 0; i < ncand; i++) {
		if (i > 0 && cand[i] == cand[i - 1])
			continue;
		if (fit + behavior_total(sla, ev, nev, cand[i], times, NULL) + SCORE_EPSILON >=
		    sla->mql_threshold) {
			*at = cand[i];
			rc = 1;
			break;
		}
	}
cleanup:
	free(times);
	free(cand);
	return rc;
}
