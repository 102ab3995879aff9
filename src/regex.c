/* regex: bounded PCRE2 matching for SLA rules (regex.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/regex.h"

struct lc_regex {
	pcre2_code *code;        /* the compiled pattern */
	pcre2_match_data *md;    /* reused by every match */
	pcre2_match_context *mc; /* the limits */
	char *pattern;           /* as given; owned */
};

static long limit_hits;
static char limit_pattern[128];

/* The kind of quantifier at p: 0 none or a fixed count ("{3}"), 1 an
 * optional one ("?", "{0,1}", "{2,3}": a few choices), 2 one that lets its
 * atom repeat without bound ("*", "+", "{n,}") or many times ("{1,50}").
 * *len gets its length, a lazy or possessive suffix included (0 when p is
 * not a quantifier). */
static int quantifier(const char *p, size_t *len)
{
	const char *q;
	long lo, hi;
	char *end;
	int kind;

	*len = 0;
	if (*p == '*' || *p == '+' || *p == '?') {
		*len = 1;
		kind = *p == '?' ? 1 : 2;
		goto suffix;
	}
	if (*p != '{')
		return 0;
	lo = strtol(p + 1, &end, 10);
	if (end == p + 1)
		return 0; /* "{" as a literal */
	q = end;
	if (*q == '}') {
		*len = (size_t)(q - p + 1);
		return 0;
	}
	if (*q != ',')
		return 0;
	q++;
	if (*q == '}') {
		*len = (size_t)(q - p + 1);
		kind = 2;
		goto suffix;
	}
	hi = strtol(q, &end, 10);
	if (end == q || *end != '}')
		return 0;
	*len = (size_t)(end - p + 1);
	if (hi <= lo)
		return 0;
	kind = hi - lo <= 1 ? 1 : 2;
suffix:
	if (p[*len] == '?' || p[*len] == '+')
		(*len)++;
	return kind;
}

/* Find a group with a variable repetition inside that is itself repeated
 * many times: "(a+)+", "(?:x?y*)*", "((ab)?c){2,}" — not "(a+)?" or
 * "(ab){3}".  A scan of the pattern's syntax: escapes, \Q..\E and
 * character classes are skipped.  Returns the offset of the group's
 * opening parenthesis, or -1. */
static long nested_repetition(const char *pat)
{
	enum { MAXDEPTH = 64 };
	long open_at[MAXDEPTH];
	int inner[MAXDEPTH]; /* the group holds a variable repetition */
	int depth = 0, q;
	const char *p = pat;
	size_t qlen;

	while (*p) {
		if (*p == '\\') {
			if (p[1] == 'Q') {
				const char *e = strstr(p + 2, "\\E");
				p = e ? e + 2 : p + strlen(p);
				continue;
			}
			p += p[1] ? 2 : 1;
		} else if (*p == '[') {
			/* a class: "[]...]" and "[^]...]" start with a literal ']' */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '[' && p[1] == ':') {
					const char *e = strstr(p, ":]");
					if (e)
						p = e + 1;
				}
				p++;
			}
			if (*p)
				p++;
		} else if (*p == '(') {
			if (depth == MAXDEPTH)
				return p - pat; /* deeper than anyone needs */
			open_at[depth] = p - pat;
			inner[depth++] = 0;
			p++;
		} else if (*p == ')') {
			int had = 0;
			long at = 0;
			if (depth > 0) {
				depth--;
				had = inner[depth];
				at = open_at[depth];
			}
			p++;
			q = quantifier(p, &qlen);
			if (q == 2 && had)
				return at;
			if (depth > 0 && (had || q))
				inner[depth - 1] = 1;
			p += qlen;
		} else if ((q = quantifier(p, &qlen))) {
			if (depth > 0)
				inner[depth - 1] = 1;
			p += qlen;
		} else {
			p += qlen ? qlen : 1;
		}
	}
	return -1;
}

int regex_compile(const char *pattern, struct lc_regex **out, char *why, size_t whylen)
{
	struct lc_regex *re;
	int err;
	PCRE2_SIZE erroff;
	uint32_t backrefs = 0;
	size_t size = 0;
	long at;

	*out = NULL;
	if (strlen(pattern) > REGEX_MAX_PATTERN) {
		snprintf(why, whylen, "longer than %d bytes", REGEX_MAX_PATTERN);
		return -1;
	}
	if ((at = nested_repetition(pattern)) >= 0) {
		snprintf(why, whylen,
		         "a repeated group holds a repetition itself (at byte %ld: '%.20s'): nested "
		         "repetition such as (a+)+ can take exponential time; repeat once, e.g. (a+) or a+",
		         at + 1, pattern + at);
		return -1;
	}
	if (!(re = calloc(1, sizeof *re)) || !(re->pattern = strdup(pattern))) {
		free(re);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err,
	                         &erroff, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(err, msg, sizeof msg);
		snprintf(why, whylen, "%s (at byte %zu)", (const char *)msg, (size_t)erroff + 1);
		goto fail;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_BACKREFMAX, &backrefs);
	pcre2_pattern_info(re->code, PCRE2_INFO_SIZE, &size);
	if (backrefs > 0) {
		snprintf(why, whylen,
		         "back-references (\\%u) are not allowed: they can take exponential time",
		         (unsigned)backrefs);
		goto fail;
	}
	if (size > REGEX_MAX_COMPILED) {
		snprintf(why, whylen,
		         "too large once compiled (%zu bytes, at most %d): fewer or smaller repeats", size,
		         REGEX_MAX_COMPILED);
		goto fail;
	}
	re->md = pcre2_match_data_create(1, NULL);
	re->mc = pcre2_match_context_create(NULL);
	if (!re->md || !re->mc) {
		snprintf(why, whylen, "out of memory");
		goto fail;
	}
	pcre2_set_match_limit(re->mc, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mc, REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mc, REGEX_HEAP_LIMIT_KIB);
	*out = re;
	return 0;
fail:
	regex_free(re);
	return -1;
}

int regex_match(struct lc_regex *re, const char *subject)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0, re->md, re->mc);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/* PCRE2_ERROR_MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, NOMEMORY: bounded */
	if (limit_hits++ == 0)
		snprintf(limit_pattern, sizeof limit_pattern, "%s", re->pattern);
	return -1;
}

const char *regex_pattern(const struct lc_regex *re)
{
	return re->pattern;
}

void regex_free(struct lc_regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

long regex_limit_hits(const char **pattern)
{
	if (pattern)
		*pattern = limit_pattern;
	return limit_hits;
}
