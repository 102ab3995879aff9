/* sla: loading and validating the SLA file into the struct lc_sla every
 * other module reads (see include/leadctl/sla.h and docs/sla.md for the
 * format); evaluating a loaded SLA against a lead is sla_eval.c.
 *
 * Loading is three passes: jsonloc checks the syntax and indexes the lines
 * of every JSON pointer; cJSON builds the tree; the validator walks the tree
 * section by section, filling a struct lc_sla and reporting every problem
 * it meets (it never stops at the first).  Cross-section checks (pools
 * referenced by routing, no_response needed by recycling, business time
 * without business hours, an unreachable threshold) run last. */
#include "leadctl/fold.h"
#include "leadctl/identity.h"
#include "leadctl/sla.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "leadctl/jsonloc.h"
#include "leadctl/regex.h"
#include "leadctl/text.h"
#include "leadctl/vec.h"

/* Most elements accepted in any array of the file (rules, holidays, ...). */
#define MAX_ITEMS 1000
/* Longest rule, pool or owner name. */
#define MAX_NAME 64
/* Longest duration accepted: ten years. */
#define MAX_SPAN (3650 * 86400LL)

/* ---- problems ------------------------------------------------------------ */

void problems_init(struct lc_problems *p)
{
	memset(p, 0, sizeof(*p));
}

void problems_clear(struct lc_problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->items[i].text);
	free(p->items);
	problems_init(p);
}

int problems_add(struct lc_problems *p, int line, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	int n;

	if (vec_reserve((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items) != 0) {
		p->nomem = 1;
		return -1;
	}
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		p->nomem = 1;
		return -1;
	}
	p->items[p->n].line = line;
	p->items[p->n].text = text;
	p->n++;
	return 0;
}

/* A problem with its position in the list, for a stable sort. */
struct ranked {
	struct lc_problem problem; /* the problem; text borrowed */
	size_t order;              /* position before sorting */
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->problem.line != y->problem.line)
		return x->problem.line < y->problem.line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sort problems[from..n) by line, keeping the order of problems on one
 * line.  Leaves them unsorted when memory runs out. */
static void problems_sort(struct lc_problems *p, size_t from)
{
	size_t n = p->n - from, i;
	struct ranked *r;

	if (n < 2 || (r = malloc(n * sizeof(*r))) == NULL)
		return;
	for (i = 0; i < n; i++) {
		r[i].problem = p->items[from + i];
		r[i].order = i;
	}
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (i = 0; i < n; i++)
		p->items[from + i] = r[i].problem;
	free(r);
}

/* ---- names and suggestions ----------------------------------------------- */

static const char *const op_names[LC_OP_COUNT + 1] = {
	"equals",    "one_of",        "gt",      "gte",     "lt", "lte", "between", "regex",
	"free_mail", "not_free_mail", "present", "missing", NULL,
};

const char *sla_op_name(enum lc_op op)
{
	return op >= 0 && op < LC_OP_COUNT ? op_names[op] : "?";
}

/* Standard lead fields offered as suggestions; lead_field_known() decides
 * which of them really exist. */
static const char *const field_candidates[] = {
	"email",   "external_id", "phone",      "first_name",   "last_name", "title",    "company",
	"website", "country",     "industry",   "employees",    "source",    "campaign", "owner",
	"stage",   "score",       "created_at", "email_domain", NULL,
};

static const char *const day_keys[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };

/* Levenshtein distance between a and b, or a large number for long words. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[MAX_NAME + 1];
	size_t i, j;

	if (la > MAX_NAME || lb > MAX_NAME)
		return (size_t)-1 / 2;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Distance from word to candidate, or to a '_'-separated prefix or suffix
 * of it ("treshold" is 1 away from "mql_threshold"). */
static size_t word_distance(const char *word, const char *cand)
{
	size_t lw = strlen(word), lc = strlen(cand);
	size_t best = edit_distance(word, lw, cand, lc);
	size_t i;

	for (i = 0; i < lc; i++) {
		size_t d;
		if (cand[i] != '_')
			continue;
		d = edit_distance(word, lw, cand, i);
		if (d < best)
			best = d;
		d = edit_distance(word, lw, cand + i + 1, lc - i - 1);
		if (d < best)
			best = d;
	}
	return best;
}

/* The candidate closest to word, or NULL when none is close enough to be a
 * plausible typo. */
static const char *suggest(const char *word, const char *const *cands)
{
	size_t lw = strlen(word);
	size_t limit = lw <= 3 ? 1 : 2;
	const char *best = NULL;
	size_t bestd = (size_t)-1;

	if (lw == 0)
		return NULL;
	for (; *cands; cands++) {
		size_t d = word_distance(word, *cands);
		if (d < bestd) {
			bestd = d;
			best = *cands;
		}
	}
	return bestd <= limit && bestd < lw ? best : NULL;
}

/* Write " (did you mean 'x'?)" or " (expected one of: a, b, c)" into buf. */
static void hint(char *buf, size_t n, const char *word, const char *const *cands)
{
	const char *s = suggest(word, cands);
	size_t len;

	if (s != NULL) {
		snprintf(buf, n, " (did you mean '%s'?)", s);
		return;
	}
	snprintf(buf, n, " (expected one of: ");
	for (; *cands; cands++) {
		len = strlen(buf);
		snprintf(buf + len, n - len, "%s%s", *cands, cands[1] ? ", " : ")");
	}
}

/* ---- validation context ----------------------------------------------------- */

/* Names already used in one group of rules, for duplicate detection. */
struct namelist {
	const char **names; /* borrowed from the cJSON tree */
	char **where;       /* pointer of each name's first use; owned */
	size_t n;           /* number of names */
	size_t cap;         /* allocated names */
	size_t where_cap;   /* allocated where */
};

/* State of one validation. */
struct vctx {
	const char *file;                /* name used in messages; borrowed */
	const struct jsonloc_index *idx; /* lines of pointers; borrowed */
	struct lc_problems *problems;    /* output; borrowed */
	char path[1024];                 /* pointer of the value being checked */
	size_t nbad;                     /* problems reported so far */
	int nomem;                       /* 1 once an allocation failed */
	char business_at[1024];          /* pointer of the first span counting business time, "" if none */
	int hours_bad;                   /* 1 when business_hours had a problem of its own */
};

/* Report a problem about the value at the current path. */
static void bad(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(struct vctx *v, const char *fmt, ...)
{
	char msg[640];
	va_list ap;
	int line = jsonloc_line(v->idx, v->path);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (problems_add(v->problems, line, "%s:%d: %s: %s", v->file, line, v->path[0] ? v->path : "/",
	                 msg) != 0)
		v->nomem = 1;
	v->nbad++;
}

/* Descend into member key; returns the mark to pop() back to. */
static size_t push(struct vctx *v, const char *key)
{
	size_t mark = strlen(v->path);

	if (jsonloc_push_key(v->path, sizeof(v->path), key) != 0)
		(void)jsonloc_push_key(v->path, sizeof(v->path), "...");
	return mark;
}

/* Descend into array element i. */
static size_t push_index(struct vctx *v, size_t i)
{
	char s[24];

	snprintf(s, sizeof(s), "%zu", i);
	return push(v, s);
}

static void pop(struct vctx *v, size_t mark)
{
	v->path[mark] = '\0';
}

/* strdup that records a failure in v. */
static char *vstrdup(struct vctx *v, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		v->nomem = 1;
	return d;
}

/* calloc of n elements (at least one) that records a failure in v. */
static void *vcalloc(struct vctx *v, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		v->nomem = 1;
	return p;
}

/* The member named key (case-sensitive), or NULL. */
static const cJSON *member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* "an object", "a string", ... for messages. */
static const char *type_name(const cJSON *j)
{
	if (cJSON_IsObject(j))
		return "an object";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsTrue(j))
		return "true";
	if (cJSON_IsFalse(j))
		return "false";
	return "null";
}

/* Format a number for messages. */
static const char *num_text(double d, char *buf, size_t n)
{
	snprintf(buf, n, "%.15g", d);
	return buf;
}

/* 1 when j is an object; otherwise report it and return 0. */
static int want_object(struct vctx *v, const cJSON *j)
{
	if (cJSON_IsObject(j))
		return 1;
	bad(v, "expected an object, found %s", type_name(j));
	return 0;
}

/* The size of array j (at most MAX_ITEMS elements are accepted); -1 after
 * reporting when j is not an array or is too long. */
static int want_array(struct vctx *v, const cJSON *j)
{
	int n;

	if (!cJSON_IsArray(j)) {
		bad(v, "expected an array, found %s", type_name(j));
		return -1;
	}
	n = cJSON_GetArraySize(j);
	if (n > MAX_ITEMS) {
		bad(v, "too many elements (%d; at most %d)", n, MAX_ITEMS);
		return -1;
	}
	return n;
}

/* Report every member of obj not in allowed and every key of required
 * that obj lacks.  Both lists end with NULL; required may be NULL. */
static void check_keys(struct vctx *v, const cJSON *obj, const char *const *allowed,
                       const char *const *required)
{
	const cJSON *c;
	char h[512];

	cJSON_ArrayForEach(c, obj)
	{
		const char *const *a;
		size_t m;
		for (a = allowed; *a && strcmp(*a, c->string) != 0; a++)
			;
		if (*a)
			continue;
		m = push(v, c->string);
		hint(h, sizeof(h), c->string, allowed);
		bad(v, "unknown key '%.60s'%s", c->string, h);
		pop(v, m);
	}
	for (; required && *required; required++)
		if (member(obj, *required) == NULL)
			bad(v, "missing key '%s'", *required);
}

/* Read member key of obj as a string into *out (borrowed from the tree).
 * Returns 1 when valid, 0 when absent, -1 after reporting. */
static int get_string(struct vctx *v, const cJSON *obj, const char *key, int allow_empty, const char **out)
{
	const cJSON *j = member(obj, key);
	size_t m;
	int rc = 1;

	if (j == NULL)
		return 0;
	m = push(v, key);
	if (!cJSON_IsString(j)) {
		bad(v, "expected a string, found %s", type_name(j));
		rc = -1;
	} else if (!allow_empty && j->valuestring[0] == '\0') {
		bad(v, "must not be empty");
		rc = -1;
	} else {
		*out = j->valuestring;
	}
	pop(v, m);
	return rc;
}

/* Read j (at the current path) as a number in [lo, hi], whole when whole
 * is 1.  Returns 1, or -1 after reporting. */
static int read_number(struct vctx *v, const cJSON *j, double lo, double hi, int whole, double *out)
{
	char a[32], b[32], c[32];
	double d;

	if (!cJSON_IsNumber(j)) {
		bad(v, "expected a number, found %s", type_name(j));
		return -1;
	}
	d = j->valuedouble;
	if (!isfinite(d)) {
		bad(v, "number out of range");
		return -1;
	}
	if (whole && d != floor(d)) {
		bad(v, "%s is not a whole number", num_text(d, a, sizeof(a)));
		return -1;
	}
	if (d < lo || d > hi) {
		bad(v, "must be between %s and %s (found %s)", num_text(lo, a, sizeof(a)),
		    num_text(hi, b, sizeof(b)), num_text(d, c, sizeof(c)));
		return -1;
	}
	*out = d;
	return 1;
}

/* read_number() on member key of obj; 0 when absent. */
static int get_number(struct vctx *v, const cJSON *obj, const char *key, double lo, double hi, int whole,
                      double *out)
{
	const cJSON *j = member(obj, key);
	size_t m;
	int rc;

	if (j == NULL)
		return 0;
	m = push(v, key);
	rc = read_number(v, j, lo, hi, whole, out);
	pop(v, m);
	return rc;
}

/* A whole number in [lo, hi] from member key of obj; 0 when absent. */
static int get_int(struct vctx *v, const cJSON *obj, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
	double d;
	int rc = get_number(v, obj, key, (double)lo, (double)hi, 1, &d);

	if (rc == 1)
		*out = (int64_t)d;
	return rc;
}

/* Member key of obj as true/false into *out; 0 when absent. */
static int get_bool(struct vctx *v, const cJSON *obj, const char *key, int *out)
{
	const cJSON *j = member(obj, key);
	size_t m;

	if (j == NULL)
		return 0;
	if (cJSON_IsBool(j)) {
		*out = cJSON_IsTrue(j);
		return 1;
	}
	m = push(v, key);
	bad(v, "expected true or false, found %s", type_name(j));
	pop(v, m);
	return -1;
}

/* Read j (at the current path) as a duration ("30m") into sp (business
 * left as is).  Returns 1, or -1 after reporting. */
static int read_span(struct vctx *v, const cJSON *j, struct lc_span *sp)
{
	const char *s;
	size_t len;
	int64_t secs;
	int64_t unit;

	if (!cJSON_IsString(j)) {
		bad(v, "expected a duration such as \"30m\", found %s", type_name(j));
		return -1;
	}
	s = j->valuestring;
	len = strlen(s);
	if (len == 0 || len >= sizeof(sp->text) || duration_parse(s, &secs) != 0 ||
	    strchr("smhdw", s[len - 1]) == NULL) {
		bad(v,
		    "bad duration '%.40s' (expected a whole number and a unit s, m, h, d or w, e.g. '30m')",
		    s);
		return -1;
	}
	if (secs <= 0) {
		bad(v, "duration must be longer than 0 (found '%s')", s);
		return -1;
	}
	if (secs > MAX_SPAN) {
		bad(v, "duration longer than 10 years (found '%s')", s);
		return -1;
	}
	unit = s[len - 1] == 's'   ? 1
	       : s[len - 1] == 'm' ? 60
	       : s[len - 1] == 'h' ? 3600
	       : s[len - 1] == 'd' ? 86400
	                           : 604800;
	sp->seconds = secs;
	sp->amount = secs / unit;
	sp->unit = s[len - 1];
	snprintf(sp->text, sizeof(sp->text), "%s", s);
	return 1;
}

/* read_span() on member key of obj; 0 when absent. */
static int get_span(struct vctx *v, const cJSON *obj, const char *key, struct lc_span *sp)
{
	const cJSON *j = member(obj, key);
	size_t m;
	int rc;

	if (j == NULL)
		return 0;
	m = push(v, key);
	rc = read_span(v, j, sp);
	pop(v, m);
	return rc;
}

/* Mark the duration sp, at the current path, as counting business time.
 * Weeks cannot be counted in business time. */
static void set_business(struct vctx *v, struct lc_span *sp)
{
	sp->business = 1;
	if (v->business_at[0] == '\0')
		snprintf(v->business_at, sizeof(v->business_at), "%s", v->path);
	if (sp->unit == 'w')
		bad(v, "weeks cannot be counted in business time (write business days, e.g. '%lldd')",
		    (long long)sp->amount * 5);
}

/* Check the optional free-text "description" of obj. */
static void check_description(struct vctx *v, const cJSON *obj)
{
	const char *unused;

	get_string(v, obj, "description", 1, &unused);
}

/* Forget the names of a group. */
static void namelist_clear(struct namelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->where[i]);
	free(l->names);
	free(l->where);
	memset(l, 0, sizeof(*l));
}

/* Report name (at the current path) when the group already has it; else
 * add it. */
static void namelist_use(struct vctx *v, struct namelist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->names[i], name) == 0) {
			bad(v, "duplicate rule name '%s' (first used at %s)", name, l->where[i]);
			return;
		}
	}
	if (vec_reserve((void **)&l->names, &l->cap, l->n + 1, sizeof *l->names) != 0 ||
	    vec_reserve((void **)&l->where, &l->where_cap, l->n + 1, sizeof *l->where) != 0) {
		v->nomem = 1;
		return;
	}
	l->where[l->n] = vstrdup(v, v->path);
	if (l->where[l->n] == NULL)
		return;
	l->names[l->n++] = name;
}

/* Read the "name" of the rule obj, unique within group, into *out
 * (owned).  Missing names are reported by check_keys(). */
static void get_rule_name(struct vctx *v, const cJSON *obj, struct namelist *group, char **out)
{
	const char *s;
	const char *p;
	size_t m;

	if (get_string(v, obj, "name", 0, &s) != 1)
		return;
	m = push(v, "name");
	for (p = s; *p && (unsigned char)*p >= 0x20 && *p != 0x7F; p++)
		;
	if (strlen(s) > MAX_NAME)
		bad(v, "name longer than %d characters", MAX_NAME);
	else if (*p)
		bad(v, "name contains a control character");
	else
		namelist_use(v, group, s);
	pop(v, m);
	*out = vstrdup(v, s);
}

int sla_slug_valid(const char *s)
{
	return event_type_valid(s);
}

/* ---- conditions -------------------------------------------------------------- */

/* Free an array of n strings. */
static void free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

/* Free what test t owns and zero it. */
static void test_clear(struct lc_test *t)
{
	free(t->field);
	free_strings(t->values, t->nvalues);
	regex_free(t->re);
	free(t->pattern);
	memset(t, 0, sizeof(*t));
}

/* Names of the stages, for suggestions. */
static void stage_names(const char *names[STAGE_COUNT + 1])
{
	int i;

	for (i = 0; i < STAGE_COUNT; i++)
		names[i] = stage_name((enum lc_stage)i);
	names[STAGE_COUNT] = NULL;
}

/* Report s (at the current path) unless it names a stage.  Returns 1/0. */
static int check_stage(struct vctx *v, const char *s)
{
	const char *names[STAGE_COUNT + 1];
	char h[256];

	if (stage_parse(s) >= 0)
		return 1;
	stage_names(names);
	hint(h, sizeof(h), s, names);
	bad(v, "unknown stage '%.40s'%s", s, h);
	return 0;
}

/* Read j (at the current path) as a non-empty array of strings into
 * t->values; stage values must name stages. */
static void read_values(struct vctx *v, const cJSON *j, struct lc_test *t)
{
	int n = want_array(v, j);
	const cJSON *c;
	size_t i = 0;

	if (n < 0)
		return;
	if (n == 0) {
		bad(v, "must not be empty");
		return;
	}
	t->values = vcalloc(v, (size_t)n, sizeof(char *));
	if (t->values == NULL)
		return;
	cJSON_ArrayForEach(c, j)
	{
		size_t m = push_index(v, i);
		if (!cJSON_IsString(c))
			bad(v, "expected a string, found %s", type_name(c));
		else if (c->valuestring[0] == '\0')
			bad(v, "must not be empty");
		else if (strcmp(t->field, "stage") != 0 || check_stage(v, c->valuestring))
			t->values[t->nvalues++] = vstrdup(v, c->valuestring);
		pop(v, m);
		i++;
	}
}

/* Read operator op of field test t from j (at the current path, which ends
 * with the operator).  Returns 1 when valid, -1 after reporting. */
static int read_operator(struct vctx *v, const char *opname, const cJSON *j, struct lc_test *t)
{
	size_t before = v->nbad;
	char h[512], a[32], b[32];
	int op;

	for (op = 0; op < LC_OP_COUNT && strcmp(op_names[op], opname) != 0; op++)
		;
	if (op == LC_OP_COUNT) {
		hint(h, sizeof(h), opname, op_names);
		bad(v, "unknown operator '%.40s'%s", opname, h);
		return -1;
	}
	t->op = (enum lc_op)op;
	switch (t->op) {
	case LC_OP_EQUALS:
		if (cJSON_IsNumber(j)) {
			t->numeric = 1;
			read_number(v, j, -1e15, 1e15, 0, &t->lo);
		} else if (!cJSON_IsString(j)) {
			bad(v, "expected a string or a number, found %s", type_name(j));
		} else if (j->valuestring[0] == '\0') {
			bad(v, "must not be empty (use 'missing' for an empty field)");
		} else if (strcmp(t->field, "stage") != 0 || check_stage(v, j->valuestring)) {
			t->values = vcalloc(v, 1, sizeof(char *));
			if (t->values != NULL && (t->values[0] = vstrdup(v, j->valuestring)) != NULL)
				t->nvalues = 1;
		}
		break;
	case LC_OP_ONE_OF: read_values(v, j, t); break;
	case LC_OP_GT:
	case LC_OP_GTE: read_number(v, j, -1e15, 1e15, 0, &t->lo); break;
	case LC_OP_LT:
	case LC_OP_LTE: read_number(v, j, -1e15, 1e15, 0, &t->hi); break;
	case LC_OP_BETWEEN:
		if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) != 2) {
			bad(v, "expected [low, high], found %s", type_name(j));
			break;
		}
		if (cJSON_IsNumber(cJSON_GetArrayItem(j, 0)) && cJSON_IsNumber(cJSON_GetArrayItem(j, 1))) {
			size_t m = push_index(v, 0);
			int ok = read_number(v, cJSON_GetArrayItem(j, 0), -1e15, 1e15, 0, &t->lo) == 1;
			pop(v, m);
			m = push_index(v, 1);
			ok = read_number(v, cJSON_GetArrayItem(j, 1), -1e15, 1e15, 0, &t->hi) == 1 && ok;
			pop(v, m);
			if (ok && t->lo > t->hi)
				bad(v, "low %s is greater than high %s", num_text(t->lo, a, sizeof(a)),
				    num_text(t->hi, b, sizeof(b)));
		} else {
			bad(v, "expected [low, high] with two numbers");
		}
		break;
	case LC_OP_REGEX:
		if (!cJSON_IsString(j)) {
			bad(v, "expected a regular expression in a string, found %s", type_name(j));
		} else if (j->valuestring[0] == '\0') {
			bad(v, "must not be empty");
		} else {
			if (regex_compile(j->valuestring, &t->re, h, sizeof(h)) != 0)
				bad(v, "bad regular expression '%.80s': %s", j->valuestring, h);
			else
				t->pattern = vstrdup(v, j->valuestring);
		}
		break;
	case LC_OP_FREE_MAIL:
	case LC_OP_NOT_FREE_MAIL:
		if (!cJSON_IsTrue(j))
			bad(v, "expected true, found %s", type_name(j));
		else if (strcmp(t->field, "email") != 0)
			bad(v, "'%s' applies to the email field only", opname);
		break;
	case LC_OP_PRESENT:
	case LC_OP_MISSING:
		if (!cJSON_IsTrue(j))
			bad(v, "expected true, found %s (use '%s' for the opposite)", type_name(j),
			    t->op == LC_OP_PRESENT ? "missing" : "present");
		break;
	case LC_OP_COUNT: break;
	}
	return v->nbad == before ? 1 : -1;
}

/* Number of tests the members of condition `when` will produce. */
static size_t count_tests(const cJSON *when)
{
	const cJSON *c;
	size_t n = 0;

	cJSON_ArrayForEach(c, when) n += cJSON_IsObject(c) ? (size_t)cJSON_GetArraySize(c) : 1;
	return n;
}

/* Read the event types of a condition (a string or an array of strings). */
static void read_cond_events(struct vctx *v, const cJSON *j, struct lc_cond *c)
{
	const cJSON *e;
	size_t i = 0;
	int n;

	if (cJSON_IsString(j)) {
		n = 1;
	} else if (cJSON_IsArray(j)) {
		if ((n = want_array(v, j)) < 0)
			return;
		if (n == 0) {
			bad(v, "must not be empty");
			return;
		}
	} else {
		bad(v, "expected an event type or an array of them, found %s", type_name(j));
		return;
	}
	c->events = vcalloc(v, (size_t)n, sizeof(char *));
	if (c->events == NULL)
		return;
	if (cJSON_IsString(j)) {
		if (!sla_slug_valid(j->valuestring))
			bad(v,
			    "bad event type '%.40s' (use lower-case letters, digits, '_', '.' or '-', e.g. "
			    "'demo_request')",
			    j->valuestring);
		else
			c->events[c->nevents++] = vstrdup(v, j->valuestring);
		return;
	}
	cJSON_ArrayForEach(e, j)
	{
		size_t m = push_index(v, i++);
		if (!cJSON_IsString(e))
			bad(v, "expected an event type, found %s", type_name(e));
		else if (!sla_slug_valid(e->valuestring))
			bad(v,
			    "bad event type '%.40s' (use lower-case letters, digits, '_', '.' or '-', e.g. "
			    "'demo_request')",
			    e->valuestring);
		else
			c->events[c->nevents++] = vstrdup(v, e->valuestring);
		pop(v, m);
	}
}

/* Read the condition object `when` (at the current path) into c.  A fit
 * rule's condition (fit = 1) may test neither the score nor events. */
static void read_cond(struct vctx *v, const cJSON *when, struct lc_cond *c, int fit)
{
	const char *fields[sizeof(field_candidates) / sizeof(field_candidates[0])];
	const cJSON *f;
	size_t nfields = 0, i;
	char h[512];

	if (!want_object(v, when))
		return;
	for (i = 0; field_candidates[i]; i++)
		if (lead_field_known(field_candidates[i]))
			fields[nfields++] = field_candidates[i];
	fields[nfields] = NULL;
	c->tests = vcalloc(v, count_tests(when), sizeof(*c->tests));
	if (c->tests == NULL)
		return;
	cJSON_ArrayForEach(f, when)
	{
		size_t m = push(v, f->string);
		if (strcmp(f->string, "event") == 0) {
			if (fit)
				bad(v, "a fit rule cannot test events (use a behavior rule)");
			else
				read_cond_events(v, f, c);
		} else if (!lead_field_known(f->string)) {
			hint(h, sizeof(h), f->string, fields);
			bad(v, "unknown lead field '%.60s'%s", f->string, h);
		} else if (fit && strcmp(f->string, "score") == 0) {
			bad(v, "a fit rule cannot test the score (the fit rules compute it)");
		} else if (cJSON_IsObject(f)) {
			const cJSON *o;
			if (f->child == NULL)
				bad(v, "no operator (expected one of: equals, one_of, gt, gte, lt, lte, "
				       "between, regex, "
				       "free_mail, not_free_mail, present, missing)");
			cJSON_ArrayForEach(o, f)
			{
				struct lc_test *t = &c->tests[c->ntests];
				size_t mo = push(v, o->string);
				t->field = vstrdup(v, f->string);
				if (t->field != NULL && read_operator(v, o->string, o, t) == 1)
					c->ntests++;
				else
					test_clear(t);
				pop(v, mo);
			}
		} else if (cJSON_IsString(f) || cJSON_IsArray(f)) {
			struct lc_test *t = &c->tests[c->ntests];
			t->field = vstrdup(v, f->string);
			if (t->field != NULL &&
			    read_operator(v, cJSON_IsString(f) ? "equals" : "one_of", f, t) == 1)
				c->ntests++;
			else
				test_clear(t);
		} else {
			bad(v,
			    "expected a value (string), a list of values (array) or operators (object), "
			    "found %s",
			    type_name(f));
		}
		pop(v, m);
	}
}

/* Read member "when" of rule obj into c (absent: matches every lead). */
static void get_cond(struct vctx *v, const cJSON *obj, struct lc_cond *c, int fit)
{
	const cJSON *when = member(obj, "when");
	size_t m;

	if (when == NULL)
		return;
	m = push(v, "when");
	read_cond(v, when, c, fit);
	pop(v, m);
}

/* ---- sections ------------------------------------------------------------- */

/* Parse "HH:MM" (close may be "24:00") into minutes after midnight.
 * Returns 0 or -1. */
static int parse_hhmm(const char *s, int allow_24, int *out)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '9' || s[4] < '0' ||
	    s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* Parse an existing date "YYYY-MM-DD" into YYYYMMDD.  Returns 0 or -1. */
static int parse_date(const char *s, int32_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, i, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	mo = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap))
		return -1;
	*out = (int32_t)(y * 10000 + mo * 100 + d);
	return 0;
}

/* Read one time of a day's hours ("open" or "close") into *out. */
static int get_hhmm(struct vctx *v, const cJSON *day, const char *key, int allow_24, int *out)
{
	const char *s;
	size_t m;
	int rc = get_string(v, day, key, 0, &s);

	if (rc != 1)
		return rc;
	m = push(v, key);
	if (parse_hhmm(s, allow_24, out) != 0) {
		bad(v, "bad time '%.20s' (expected HH:MM, e.g. '09:00')", s);
		rc = -1;
	}
	pop(v, m);
	return rc;
}

/* "holidays": an array of distinct dates. */
static void read_holidays(struct vctx *v, const cJSON *j, struct lc_bizcal *cal)
{
	const cJSON *c;
	int n = want_array(v, j);
	size_t i = 0, k;

	if (n <= 0)
		return;
	cJSON_ArrayForEach(c, j)
	{
		size_t m = push_index(v, i++);
		int32_t date;
		if (!cJSON_IsString(c)) {
			bad(v, "expected a date such as \"2026-12-25\", found %s", type_name(c));
		} else if (parse_date(c->valuestring, &date) != 0) {
			bad(v,
			    "bad date '%.20s' (expected an existing date as YYYY-MM-DD, e.g. '2026-12-25')",
			    c->valuestring);
		} else {
			for (k = 0; k < cal->nholidays && cal->holidays[k] != date; k++)
				;
			if (k < cal->nholidays)
				bad(v, "duplicate holiday '%s'", c->valuestring);
			else if (biz_add_holiday(cal, date) != 0)
				v->nomem = 1;
		}
		pop(v, m);
	}
}

/* "business_hours": per weekday {"open", "close"} (an absent day is
 * closed) and "holidays". */
static void read_business_hours(struct vctx *v, const cJSON *j, struct lc_bizcal *cal)
{
	static const char *const allowed[] = { "mon", "tue", "wed",      "thu", "fri",
		                               "sat", "sun", "holidays", NULL };
	static const char *const day_allowed[] = { "open", "close", NULL };
	const cJSON *h;
	int d;

	if (!want_object(v, j))
		return;
	check_keys(v, j, allowed, NULL);
	for (d = 0; d < 7; d++) {
		const cJSON *day = member(j, day_keys[d]);
		int open = 0, close = 0;
		size_t m;
		if (day == NULL)
			continue;
		m = push(v, day_keys[d]);
		if (want_object(v, day)) {
			check_keys(v, day, day_allowed, day_allowed);
			if (get_hhmm(v, day, "open", 0, &open) == 1 &&
			    get_hhmm(v, day, "close", 1, &close) == 1) {
				if (open >= close)
					bad(v, "open %02d:%02d is not before close %02d:%02d", open / 60,
					    open % 60, close / 60, close % 60);
				else {
					cal->open_min[d] = open;
					cal->close_min[d] = close;
				}
			}
		}
		pop(v, m);
	}
	if ((h = member(j, "holidays")) != NULL) {
		size_t m = push(v, "holidays");
		read_holidays(v, h, cal);
		pop(v, m);
	}
}

/* "required_fields": distinct lead fields. */
static void read_required(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	const cJSON *c;
	int n = want_array(v, j);
	size_t i = 0, k;
	char h[512];
	const char *fields[sizeof(field_candidates) / sizeof(field_candidates[0])];
	size_t nfields = 0;

	if (n <= 0)
		return;
	for (k = 0; field_candidates[k]; k++)
		if (lead_field_known(field_candidates[k]))
			fields[nfields++] = field_candidates[k];
	fields[nfields] = NULL;
	sla->required = vcalloc(v, (size_t)n, sizeof(char *));
	if (sla->required == NULL)
		return;
	cJSON_ArrayForEach(c, j)
	{
		size_t m = push_index(v, i++);
		if (!cJSON_IsString(c)) {
			bad(v, "expected a field name, found %s", type_name(c));
		} else if (!lead_field_known(c->valuestring)) {
			hint(h, sizeof(h), c->valuestring, fields);
			bad(v, "unknown lead field '%.60s'%s", c->valuestring, h);
		} else {
			for (k = 0; k < sla->nrequired && strcmp(sla->required[k], c->valuestring) != 0; k++)
				;
			if (k < sla->nrequired)
				bad(v, "'%s' is listed twice", c->valuestring);
			else if ((sla->required[sla->nrequired] = vstrdup(v, c->valuestring)) != NULL)
				sla->nrequired++;
		}
		pop(v, m);
	}
}

/* "fit": rules {name, points, when}. */
static void read_fit(struct vctx *v, const cJSON *j, struct lc_sla *sla, struct namelist *names)
{
	static const char *const allowed[] = { "name", "description", "points", "when", NULL };
	static const char *const required[] = { "name", "points", "when", NULL };
	const cJSON *r;
	int n = want_array(v, j);
	size_t i = 0;

	if (n <= 0)
		return;
	sla->fit = vcalloc(v, (size_t)n, sizeof(*sla->fit));
	if (sla->fit == NULL)
		return;
	sla->nfit = (size_t)n;
	cJSON_ArrayForEach(r, j)
	{
		struct lc_fit_rule *f = &sla->fit[i];
		size_t m = push_index(v, i++);
		if (want_object(v, r)) {
			check_keys(v, r, allowed, required);
			get_rule_name(v, r, names, &f->name);
			check_description(v, r);
			get_number(v, r, "points", -1000, 1000, 1, &f->points);
			get_cond(v, r, &f->when, 1);
		}
		pop(v, m);
	}
}

/* "behavior": rules {name, event, points, min_count, within, cap}. */
static void read_behavior(struct vctx *v, const cJSON *j, struct lc_sla *sla, struct namelist *names)
{
	static const char *const allowed[] = { "name",      "description", "event", "points",
		                               "min_count", "within",      "cap",   NULL };
	static const char *const required[] = { "name", "event", "points", NULL };
	const cJSON *r;
	int n = want_array(v, j);
	size_t i = 0;
	char a[32], b[32];

	if (n <= 0)
		return;
	sla->behavior = vcalloc(v, (size_t)n, sizeof(*sla->behavior));
	if (sla->behavior == NULL)
		return;
	sla->nbehavior = (size_t)n;
	cJSON_ArrayForEach(r, j)
	{
		struct lc_behavior_rule *br = &sla->behavior[i];
		struct lc_span w = { 0 };
		const char *ev;
		int has_points;
		size_t m = push_index(v, i++);

		br->min_count = 1;
		if (want_object(v, r)) {
			check_keys(v, r, allowed, required);
			get_rule_name(v, r, names, &br->name);
			check_description(v, r);
			if (get_string(v, r, "event", 0, &ev) == 1) {
				size_t me = push(v, "event");
				if (!sla_slug_valid(ev))
					bad(v,
					    "bad event type '%.40s' (use lower-case letters, digits, '_', "
					    "'.' or '-', e.g. "
					    "'demo_request')",
					    ev);
				else
					br->event = vstrdup(v, ev);
				pop(v, me);
			}
			has_points = get_number(v, r, "points", -1000, 1000, 1, &br->points) == 1;
			get_int(v, r, "min_count", 1, 10000, &br->min_count);
			if (get_span(v, r, "within", &w) == 1) {
				br->within = w.seconds;
				snprintf(br->within_text, sizeof(br->within_text), "%s", w.text);
			}
			br->cap = fabs(br->points);
			if (get_number(v, r, "cap", 1, 100000, 1, &br->cap) == 1 && has_points &&
			    br->cap < fabs(br->points)) {
				size_t mc = push(v, "cap");
				bad(v, "cap %s is smaller than the rule's %s points",
				    num_text(br->cap, a, sizeof(a)),
				    num_text(fabs(br->points), b, sizeof(b)));
				pop(v, mc);
			}
		}
		pop(v, m);
	}
}

/* The most points the qualification rules can award together. */
static double max_points(const struct lc_sla *sla)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < sla->nfit; i++)
		if (sla->fit[i].points > 0)
			sum += sla->fit[i].points;
	for (i = 0; i < sla->nbehavior; i++)
		if (sla->behavior[i].points > 0)
			sum += sla->behavior[i].cap;
	return sum;
}

/* "qualification": required_fields, fit, behavior, mql_threshold, decay. */
static void read_qualification(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const allowed[] = { "required_fields", "fit",   "behavior",
		                               "mql_threshold",   "decay", NULL };
	static const char *const required[] = { "mql_threshold", NULL };
	static const char *const decay_allowed[] = { "half_life", NULL };
	struct namelist names = { 0 };
	const cJSON *c;
	size_t before = v->nbad;
	char a[32], b[32];
	size_t m;

	if (!want_object(v, j))
		return;
	check_keys(v, j, allowed, required);
	if ((c = member(j, "required_fields")) != NULL) {
		m = push(v, "required_fields");
		read_required(v, c, sla);
		pop(v, m);
	}
	if ((c = member(j, "fit")) != NULL) {
		m = push(v, "fit");
		read_fit(v, c, sla, &names);
		pop(v, m);
	}
	if ((c = member(j, "behavior")) != NULL) {
		m = push(v, "behavior");
		read_behavior(v, c, sla, &names);
		pop(v, m);
	}
	namelist_clear(&names);
	if ((c = member(j, "decay")) != NULL) {
		struct lc_span hl = { 0 };
		m = push(v, "decay");
		if (want_object(v, c)) {
			check_keys(v, c, decay_allowed, decay_allowed);
			if (get_span(v, c, "half_life", &hl) == 1) {
				sla->half_life = hl.seconds;
				snprintf(sla->half_life_text, sizeof(sla->half_life_text), "%s", hl.text);
			}
		}
		pop(v, m);
	}
	if (get_number(v, j, "mql_threshold", 1, 100000, 1, &sla->mql_threshold) == 1 && v->nbad == before &&
	    max_points(sla) < sla->mql_threshold) {
		m = push(v, "mql_threshold");
		bad(v, "%s can never be reached (the rules award at most %s points)",
		    num_text(sla->mql_threshold, a, sizeof(a)), num_text(max_points(sla), b, sizeof(b)));
		pop(v, m);
	}
}

/* A deadline object {within, business} into sp. */
static void read_deadline(struct vctx *v, const cJSON *j, const char *const *allowed,
                          const char *const *required, struct lc_span *sp)
{
	int business = 0;
	int has;

	if (!want_object(v, j))
		return;
	check_keys(v, j, allowed, required);
	has = get_span(v, j, "within", sp) == 1;
	if (get_bool(v, j, "business", &business) == 1 && business && has) {
		size_t m = push(v, "within");
		set_business(v, sp);
		pop(v, m);
	}
}

/* "response": ordered rules. */
static void read_response(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const allowed[] = { "name",     "description",  "when", "first_touch",
		                               "attempts", "on_exhausted", NULL };
	static const char *const required[] = { "name", "first_touch", NULL };
	static const char *const ft_keys[] = { "within", "business", NULL };
	static const char *const ft_required[] = { "within", NULL };
	static const char *const at_keys[] = { "count", "within", "business", NULL };
	static const char *const at_required[] = { "count", "within", NULL };
	static const char *const actions[] = { "recycle", "keep", NULL };
	struct namelist names = { 0 };
	const cJSON *r;
	int n = want_array(v, j);
	size_t i = 0;
	char h[256];

	if (n <= 0)
		return;
	sla->response = vcalloc(v, (size_t)n, sizeof(*sla->response));
	if (sla->response == NULL)
		return;
	sla->nresponse = (size_t)n;
	cJSON_ArrayForEach(r, j)
	{
		struct lc_response_rule *rr = &sla->response[i];
		const cJSON *c;
		const char *action;
		size_t m = push_index(v, i++), m2;

		if (want_object(v, r)) {
			check_keys(v, r, allowed, required);
			get_rule_name(v, r, &names, &rr->name);
			check_description(v, r);
			get_cond(v, r, &rr->when, 0);
			if ((c = member(r, "first_touch")) != NULL) {
				m2 = push(v, "first_touch");
				read_deadline(v, c, ft_keys, ft_required, &rr->first_touch);
				pop(v, m2);
			}
			if ((c = member(r, "attempts")) != NULL) {
				m2 = push(v, "attempts");
				read_deadline(v, c, at_keys, at_required, &rr->attempts_within);
				if (cJSON_IsObject(c))
					get_int(v, c, "count", 1, 100, &rr->attempts);
				pop(v, m2);
			}
			if (get_string(v, r, "on_exhausted", 0, &action) == 1) {
				m2 = push(v, "on_exhausted");
				if (strcmp(action, "recycle") == 0)
					rr->on_exhausted = LC_EXHAUSTED_RECYCLE;
				else if (strcmp(action, "keep") != 0) {
					hint(h, sizeof(h), action, actions);
					bad(v, "unknown action '%.40s'%s", action, h);
				}
				if (member(r, "attempts") == NULL)
					bad(v, "'on_exhausted' needs 'attempts'");
				pop(v, m2);
			}
		}
		pop(v, m);
	}
	namelist_clear(&names);
}

/* "stale": {"business": bool, STAGE: duration, ...}. */
static void read_stale(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	const cJSON *c;
	const char *keys[STAGE_COUNT + 2]; /* the stages and "business" */
	int business = 0;
	int s;

	if (!want_object(v, j))
		return;
	get_bool(v, j, "business", &business);
	stage_names(keys);
	keys[STAGE_COUNT] = "business";
	keys[STAGE_COUNT + 1] = NULL;
	cJSON_ArrayForEach(c, j)
	{
		size_t m;
		char h[256];
		if (strcmp(c->string, "business") == 0)
			continue;
		m = push(v, c->string);
		s = stage_parse(c->string);
		if (s < 0) {
			hint(h, sizeof(h), c->string, keys);
			bad(v, "unknown stage '%.40s'%s", c->string, h);
		} else if (s == STAGE_WON || s == STAGE_LOST || s == STAGE_DISQUALIFIED) {
			bad(v, "'%s' is a closed stage and cannot go stale", c->string);
		} else if (read_span(v, c, &sla->stale[s]) == 1 && business) {
			set_business(v, &sla->stale[s]);
		}
		pop(v, m);
	}
}

/* "retention": {STAGE: duration, ...}: calendar time without a touch or a
 * change after which `leadctl forget --expired` erases a lead in that
 * stage (docs/privacy.md).  At least a day, so that a typo cannot erase
 * leads while they are being worked. */
static void read_retention(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	const cJSON *c;
	const char *keys[STAGE_COUNT + 1];
	int s;

	if (!want_object(v, j))
		return;
	stage_names(keys);
	keys[STAGE_COUNT] = NULL;
	cJSON_ArrayForEach(c, j)
	{
		size_t m = push(v, c->string);
		char h[256];
		s = stage_parse(c->string);
		if (s < 0) {
			hint(h, sizeof(h), c->string, keys);
			bad(v, "unknown stage '%.40s'%s", c->string, h);
		} else if (read_span(v, c, &sla->retention[s]) == 1 && sla->retention[s].seconds < 86400) {
			bad(v, "retention must be at least a day (found '%s')", sla->retention[s].text);
		}
		pop(v, m);
	}
}

/* "pools": {NAME: {"members": [...]}}. */
static void read_pools(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const allowed[] = { "members", NULL };
	const cJSON *p;
	int n;
	size_t i = 0;

	if (!want_object(v, j))
		return;
	n = cJSON_GetArraySize(j);
	if (n > MAX_ITEMS) {
		bad(v, "too many pools (%d; at most %d)", n, MAX_ITEMS);
		return;
	}
	sla->pools = vcalloc(v, (size_t)n, sizeof(*sla->pools));
	if (sla->pools == NULL)
		return;
	cJSON_ArrayForEach(p, j)
	{
		struct lc_pool *pool = &sla->pools[i];
		const cJSON *mem, *c;
		size_t m = push(v, p->string), k = 0, d;
		int nm;

		if (p->string[0] == '\0' || strlen(p->string) > MAX_NAME)
			bad(v, "pool name must have 1 to %d characters", MAX_NAME);
		else if (want_object(v, p)) {
			check_keys(v, p, allowed, allowed);
			if ((mem = member(p, "members")) != NULL) {
				size_t mm = push(v, "members");
				nm = want_array(v, mem);
				if (nm == 0)
					bad(v, "a pool needs at least one member");
				if (nm > 0 &&
				    (pool->members = vcalloc(v, (size_t)nm, sizeof(char *))) != NULL) {
					cJSON_ArrayForEach(c, mem)
					{
						size_t mi = push_index(v, k++);
						if (!cJSON_IsString(c))
							bad(v, "expected an owner name, found %s",
							    type_name(c));
						else if (c->valuestring[0] == '\0')
							bad(v, "must not be empty");
						else {
							for (d = 0;
							     d < pool->nmembers &&
							     strcmp(pool->members[d], c->valuestring) != 0;
							     d++)
								;
							if (d < pool->nmembers)
								bad(v, "duplicate member '%.60s'",
								    c->valuestring);
							else if ((pool->members[pool->nmembers] =
							                  vstrdup(v, c->valuestring)) != NULL)
								pool->nmembers++;
						}
						pop(v, mi);
					}
				}
				pop(v, mm);
			}
		}
		pool->name = vstrdup(v, p->string);
		sla->npools = ++i;
		pop(v, m);
	}
}

/* "owners": {NAME: {"capacity": N}}. */
static void read_owners(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const allowed[] = { "capacity", NULL };
	const cJSON *o;
	int n;
	size_t i = 0;

	if (!want_object(v, j))
		return;
	n = cJSON_GetArraySize(j);
	if (n > MAX_ITEMS) {
		bad(v, "too many owners (%d; at most %d)", n, MAX_ITEMS);
		return;
	}
	sla->owners = vcalloc(v, (size_t)n, sizeof(*sla->owners));
	if (sla->owners == NULL)
		return;
	cJSON_ArrayForEach(o, j)
	{
		struct lc_owner *ow = &sla->owners[i];
		size_t m = push(v, o->string);

		ow->capacity = -1;
		if (o->string[0] == '\0')
			bad(v, "owner name must not be empty");
		else if (want_object(v, o)) {
			check_keys(v, o, allowed, NULL);
			get_int(v, o, "capacity", 0, 1000000, &ow->capacity);
		}
		ow->name = vstrdup(v, o->string);
		sla->nowners = ++i;
		pop(v, m);
	}
}

/* Index of the pool called name, or -1. */
static int pool_index(const struct lc_sla *sla, const char *name)
{
	size_t i;

	for (i = 0; i < sla->npools; i++)
		if (sla->pools[i].name != NULL && strcmp(sla->pools[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* "routing": ordered rules {name, when, owner | pool}; pools must be read. */
static void read_routing(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const allowed[] = { "name", "description", "when", "owner", "pool", NULL };
	static const char *const required[] = { "name", NULL };
	struct namelist names = { 0 };
	const cJSON *r;
	int n = want_array(v, j);
	size_t i = 0, k;

	if (n <= 0)
		return;
	sla->routing = vcalloc(v, (size_t)n, sizeof(*sla->routing));
	if (sla->routing == NULL)
		return;
	sla->nrouting = (size_t)n;
	cJSON_ArrayForEach(r, j)
	{
		struct lc_route_rule *rr = &sla->routing[i];
		const char *owner = NULL, *pool = NULL;
		int ho, hp;
		size_t m = push_index(v, i++);

		rr->pool = -1;
		if (want_object(v, r)) {
			check_keys(v, r, allowed, required);
			get_rule_name(v, r, &names, &rr->name);
			check_description(v, r);
			get_cond(v, r, &rr->when, 0);
			ho = get_string(v, r, "owner", 0, &owner);
			hp = get_string(v, r, "pool", 0, &pool);
			if (ho == 0 && hp == 0)
				bad(v, "a routing rule needs 'owner' or 'pool'");
			else if (ho != 0 && hp != 0)
				bad(v, "give 'owner' or 'pool', not both");
			else if (ho == 1)
				rr->owner = vstrdup(v, owner);
			else if (hp == 1 && (rr->pool = pool_index(sla, pool)) < 0) {
				const char **pn = vcalloc(v, sla->npools + 1, sizeof(char *));
				char h[512];
				size_t mp = push(v, "pool");
				if (sla->npools == 0)
					bad(v, "unknown pool '%.60s' (no pools are defined in /pools)", pool);
				else if (pn != NULL) {
					for (k = 0; k < sla->npools; k++)
						pn[k] = sla->pools[k].name ? sla->pools[k].name : "";
					hint(h, sizeof(h), pool, pn);
					bad(v, "unknown pool '%.60s'%s", pool, h);
				}
				free(pn);
				pop(v, mp);
			}
		}
		pop(v, m);
	}
	namelist_clear(&names);
}

/* "reasons": {"disqualified": [...], "nurture": [...], "lost": [...]}. */
static void read_reasons(struct vctx *v, const cJSON *j, struct lc_sla *sla)
{
	static const char *const keys[] = { "disqualified", "nurture", "lost", NULL };
	const cJSON *c;
	size_t k;

	if (!want_object(v, j))
		return;
	check_keys(v, j, keys, keys);
	for (k = 0; keys[k]; k++) {
		int s = stage_parse(keys[k]);
		const cJSON *list = member(j, keys[k]);
		size_t m, i = 0, d;
		int n;

		if (list == NULL || s < 0)
			continue;
		m = push(v, keys[k]);
		n = want_array(v, list);
		if (n == 0)
			bad(v, "must not be empty (moving a lead to %s needs a reason)", keys[k]);
		if (n > 0 && (sla->reasons[s] = vcalloc(v, (size_t)n, sizeof(char *))) != NULL) {
			cJSON_ArrayForEach(c, list)
			{
				size_t mi = push_index(v, i++);
				if (!cJSON_IsString(c))
					bad(v, "expected a reason, found %s", type_name(c));
				else if (!sla_slug_valid(c->valuestring))
					bad(v,
					    "bad reason '%.40s' (use lower-case letters, digits, '_', '.' or "
					    "'-', e.g. "
					    "'no_response')",
					    c->valuestring);
				else {
					for (d = 0; d < sla->nreasons[s] &&
					            strcmp(sla->reasons[s][d], c->valuestring) != 0;
					     d++)
						;
					if (d < sla->nreasons[s])
						bad(v, "duplicate reason '%s'", c->valuestring);
					else if ((sla->reasons[s][sla->nreasons[s]] =
					                  vstrdup(v, c->valuestring)) != NULL)
						sla->nreasons[s]++;
				}
				pop(v, mi);
			}
		}
		pop(v, m);
	}
}

/* The small optional sections: commitments, contact_limits, economics and
 * phone_country_code. */
static void read_small_sections(struct vctx *v, const cJSON *root, struct lc_sla *sla)
{
	static const char *const commit_keys[] = { "mql_per_month", NULL };
	static const char *const limit_keys[] = { "max_touches", "window", NULL };
	static const char *const econ_keys[] = { "gross_margin", "lifetime_years", "currency", NULL };
	const cJSON *c;
	const char *s;
	size_t m;

	if ((c = member(root, "commitments")) != NULL) {
		m = push(v, "commitments");
		if (want_object(v, c)) {
			check_keys(v, c, commit_keys, commit_keys);
			get_int(v, c, "mql_per_month", 0, 10000000, &sla->mql_per_month);
		}
		pop(v, m);
	}
	if ((c = member(root, "contact_limits")) != NULL) {
		struct lc_span w = { 0 };
		m = push(v, "contact_limits");
		if (want_object(v, c)) {
			check_keys(v, c, limit_keys, limit_keys);
			get_int(v, c, "max_touches", 1, 1000, &sla->max_touches);
			if (get_span(v, c, "window", &w) == 1) {
				sla->touch_window = w.seconds;
				snprintf(sla->touch_window_text, sizeof(sla->touch_window_text), "%s",
				         w.text);
			}
		}
		pop(v, m);
	}
	if ((c = member(root, "economics")) != NULL) {
		m = push(v, "economics");
		if (want_object(v, c)) {
			size_t before = v->nbad;
			check_keys(v, c, econ_keys, econ_keys);
			get_number(v, c, "gross_margin", 0, 1, 0, &sla->gross_margin);
			get_number(v, c, "lifetime_years", 0.1, 100, 0, &sla->lifetime_years);
			if (get_string(v, c, "currency", 0, &s) == 1) {
				size_t mc = push(v, "currency");
				if (strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
				    s[2] < 'A' || s[2] > 'Z')
					bad(v,
					    "bad currency '%.20s' (expected a 3-letter ISO 4217 code such as "
					    "'EUR')",
					    s);
				else
					memcpy(sla->currency, s, 4);
				pop(v, mc);
			}
			sla->has_economics = v->nbad == before;
		}
		pop(v, m);
	}
	if (get_string(v, root, "phone_country_code", 0, &s) == 1) {
		size_t len = strlen(s), k;
		m = push(v, "phone_country_code");
		for (k = 0; k < len && s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (len > 3 || k < len || s[0] == '0')
			bad(v, "bad country code '%.20s' (expected 1 to 3 digits without '+', e.g. '34')", s);
		else
			memcpy(sla->phone_cc, s, len + 1);
		pop(v, m);
	}
}

/* Checks that need several sections. */
static void cross_checks(struct vctx *v, const cJSON *root, struct lc_sla *sla)
{
	const char *why = NULL;
	size_t i, m;
	int d, open = 0;

	for (i = 0; i < sla->nresponse; i++) {
		const struct lc_response_rule *r = &sla->response[i];
		if (r->on_exhausted != LC_EXHAUSTED_RECYCLE ||
		    !cJSON_IsArray(member(member(root, "reasons"), "nurture")))
			continue;
		if (!sla_reason_allowed(sla, STAGE_NURTURE, "no_response")) {
			m = push(v, "reasons");
			push(v, "nurture");
			bad(v, "must include 'no_response' (response rule '%s' recycles leads with it)",
			    r->name ? r->name : "?");
			pop(v, m);
		}
		break;
	}
	if (v->nbad == 0 && biz_validate(&sla->cal, &why) != 0) {
		/* a gap between this validator and bizhours: say so, never crash later */
		m = push(v, "business_hours");
		bad(v, "unusable business calendar: %s", why ? why : "?");
		pop(v, m);
	}
	for (d = 0; d < 7; d++)
		open |= sla->cal.open_min[d] < sla->cal.close_min[d];
	if (v->business_at[0] && !open && !v->hours_bad && cJSON_IsObject(member(root, "business_hours"))) {
		m = push(v, "business_hours");
		bad(v, "no day has business hours, but %s counts business time", v->business_at);
		pop(v, m);
	}
}

/* Validate the root object into sla. */
static void read_root(struct vctx *v, const cJSON *root, struct lc_sla *sla)
{
	static const char *const allowed[] = {
		"version",       "name",           "description",
		"timezone",      "business_hours", "phone_country_code",
		"qualification", "response",       "stale",
		"routing",       "pools",          "owners",
		"reasons",       "commitments",    "contact_limits",
		"economics",     "retention",      NULL,
	};
	static const char *const required[] = { "version",       "name",     "timezone", "business_hours",
		                                "qualification", "response", "reasons",  NULL };
	const cJSON *c;
	const char *s;
	double version;
	size_t m;

	if (!want_object(v, root))
		return;
	check_keys(v, root, allowed, required);
	if ((c = member(root, "version")) != NULL) {
		m = push(v, "version");
		if (read_number(v, c, -1e9, 1e9, 1, &version) == 1 && version != SLA_FORMAT_VERSION)
			bad(v, "unsupported version %.0f (this leadctl reads version %d)", version,
			    SLA_FORMAT_VERSION);
		pop(v, m);
	}
	if (get_string(v, root, "name", 0, &s) == 1)
		sla->name = vstrdup(v, s);
	if (get_string(v, root, "description", 1, &s) == 1)
		sla->description = vstrdup(v, s);
	if (get_string(v, root, "timezone", 0, &s) == 1) {
		m = push(v, "timezone");
		if (strlen(s) >= sizeof(sla->cal.tz) || !clock_tz_valid(s))
			bad(v, "unknown time zone '%.60s' (expected an IANA name such as 'Europe/Madrid')",
			    s);
		else
			memcpy(sla->cal.tz, s, strlen(s) + 1);
		pop(v, m);
	}
	if ((c = member(root, "business_hours")) != NULL) {
		size_t before = v->nbad;
		m = push(v, "business_hours");
		read_business_hours(v, c, &sla->cal);
		v->hours_bad = v->nbad != before;
		pop(v, m);
	}
	if ((c = member(root, "qualification")) != NULL) {
		m = push(v, "qualification");
		read_qualification(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "response")) != NULL) {
		m = push(v, "response");
		read_response(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "stale")) != NULL) {
		m = push(v, "stale");
		read_stale(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "retention")) != NULL) {
		m = push(v, "retention");
		read_retention(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "pools")) != NULL) {
		m = push(v, "pools");
		read_pools(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "owners")) != NULL) {
		m = push(v, "owners");
		read_owners(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "routing")) != NULL) {
		m = push(v, "routing");
		read_routing(v, c, sla);
		pop(v, m);
	}
	if ((c = member(root, "reasons")) != NULL) {
		m = push(v, "reasons");
		read_reasons(v, c, sla);
		pop(v, m);
	}
	read_small_sections(v, root, sla);
	cross_checks(v, root, sla);
}

/* A new, empty SLA (all days closed), or NULL. */
static struct lc_sla *sla_new(void)
{
	struct lc_sla *sla = calloc(1, sizeof(*sla));
	int d;

	if (sla == NULL)
		return NULL;
	biz_init(&sla->cal);
	for (d = 0; d < 7; d++)
		sla->cal.open_min[d] = sla->cal.close_min[d] = 0;
	sla->version = SLA_FORMAT_VERSION;
	sla->mql_per_month = -1;
	return sla;
}

int sla_load(const char *text, size_t len, const char *filename, struct lc_sla **out,
             struct lc_problems *problems)
{
	const char *file = filename ? filename : "sla";
	struct jsonloc_index idx;
	struct jsonloc_error err;
	struct lc_sla *sla = NULL;
	cJSON *root = NULL;
	char *copy = NULL;
	const char *end = NULL;
	size_t before = problems->n, i;
	struct vctx v;
	int rc = -1, sc;

	*out = NULL;
	jsonloc_init(&idx);
	if (len > SLA_MAX_BYTES) {
		problems_add(problems, 0, "%s: file too large (%zu bytes; an SLA file may have at most %d)",
		             file, len, SLA_MAX_BYTES);
		goto cleanup;
	}
	sc = jsonloc_scan(text, len, &idx, &err);
	if (sc != 0) {
		if (sc == -1)
			problems_add(problems, err.line, "%s:%d:%d: %s", file, err.line, err.col, err.msg);
		else {
			problems->nomem = 1;
			problems_add(problems, 0, "%s: out of memory", file);
		}
		goto cleanup;
	}
	/* cJSON needs the terminating NUL inside the length it is given. */
	if ((copy = malloc(len + 1)) == NULL || (sla = sla_new()) == NULL) {
		problems->nomem = 1;
		problems_add(problems, 0, "%s: out of memory", file);
		goto cleanup;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	if (root == NULL) {
		/* jsonloc accepted the text, so only memory can be missing. */
		problems->nomem = 1;
		problems_add(problems, 0, "%s: out of memory", file);
		goto cleanup;
	}
	memset(&v, 0, sizeof(v));
	v.file = file;
	v.idx = &idx;
	v.problems = problems;
	for (i = 0; i < idx.ndups; i++) {
		if (problems_add(problems, idx.dups[i].line,
		                 "%s:%d: %s: duplicate key '%.60s' (first on line %d)", file,
		                 idx.dups[i].line, idx.dups[i].pointer, idx.dups[i].key,
		                 idx.dups[i].first_line) != 0)
			v.nomem = 1;
	}
	read_root(&v, root, sla);
	if (v.nomem) {
		problems->nomem = 1;
		problems_add(problems, 0, "%s: out of memory", file);
	}
	if (problems->n == before && !v.nomem) {
		*out = sla;
		sla = NULL;
		rc = 0;
	}
cleanup:
	problems_sort(problems, before);
	if (rc != 0 && problems->n == before) {
		problems->nomem = 1;
		problems_add(problems, 0, "%s: out of memory", file);
	}
	cJSON_Delete(root);
	free(copy);
	jsonloc_clear(&idx);
	sla_free(sla);
	return rc;
}

int sla_load_file(const char *path, struct lc_sla **out, struct lc_problems *problems)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		problems_add(problems, 0, "%s: cannot open: %s", path, strerror(errno));
		goto cleanup;
	}
	buf = malloc(SLA_MAX_BYTES + 1);
	if (buf == NULL) {
		problems->nomem = 1;
		problems_add(problems, 0, "%s: out of memory", path);
		goto cleanup;
	}
	len = fread(buf, 1, SLA_MAX_BYTES + 1, f);
	if (ferror(f)) {
		problems_add(problems, 0, "%s: cannot read: %s", path, strerror(errno));
		goto cleanup;
	}
	rc = sla_load(buf, len, path, out, problems);
cleanup:
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

/* ---- freeing ------------------------------------------------------------------ */

/* Free what a condition owns. */
static void cond_clear(struct lc_cond *c)
{
	size_t i;

	for (i = 0; i < c->ntests; i++)
		test_clear(&c->tests[i]);
	free(c->tests);
	free_strings(c->events, c->nevents);
}

void sla_free(struct lc_sla *sla)
{
	size_t i;
	int s;

	if (sla == NULL)
		return;
	free(sla->name);
	free(sla->description);
	biz_clear(&sla->cal);
	free_strings(sla->required, sla->nrequired);
	for (i = 0; i < sla->nfit; i++) {
		free(sla->fit[i].name);
		cond_clear(&sla->fit[i].when);
	}
	free(sla->fit);
	for (i = 0; i < sla->nbehavior; i++) {
		free(sla->behavior[i].name);
		free(sla->behavior[i].event);
	}
	free(sla->behavior);
	for (i = 0; i < sla->nresponse; i++) {
		free(sla->response[i].name);
		cond_clear(&sla->response[i].when);
	}
	free(sla->response);
	for (i = 0; i < sla->nrouting; i++) {
		free(sla->routing[i].name);
		free(sla->routing[i].owner);
		cond_clear(&sla->routing[i].when);
	}
	free(sla->routing);
	for (i = 0; i < sla->npools; i++) {
		free(sla->pools[i].name);
		free_strings(sla->pools[i].members, sla->pools[i].nmembers);
	}
	free(sla->pools);
	for (i = 0; i < sla->nowners; i++)
		free(sla->owners[i].name);
	free(sla->owners);
	for (s = 0; s < STAGE_COUNT; s++)
		free_strings(sla->reasons[s], sla->nreasons[s]);
	free(sla);
}
