/* regex: bounded PCRE2 matching for SLA rules (regex.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "leadctl/fold.h"
#include "leadctl/regex.h"

struct lc_regex {
	pcre2_code *code;        /* the compiled pattern */
	pcre2_code *full;        /* the full-folding pass (see regex_fold_pattern), or NULL */
	int fold_ascii;          /* 1: the full pass also runs on ASCII subjects */
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

/* The length of the UTF-8 sequence led by byte c (1 for ASCII or a stray
 * byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* The end of the character class that starts at p ('['): the byte after
 * its closing ']' ("[]...]" and "[^]...]" start with a literal ']';
 * escapes and POSIX classes such as [:alpha:] are skipped). */
static const char *class_end(const char *p)
{
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
	return *p ? p + 1 : p;
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
			p = class_end(p);
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

char *regex_fold_pattern(const char *pattern, int *expanded)
{
	size_t n = strlen(pattern), len = 0;
	uint8_t *u = u8_normalize(UNINORM_NFC, (const uint8_t *)pattern, n, NULL, &len);
	char *nfc, *r, *w;
	const char *p, *e;

	*expanded = 0;
	if (!u)
		return NULL;
	nfc = malloc(len + 1);
	if (nfc) {
		memcpy(nfc, u, len);
		nfc[len] = '\0';
	}
	free(u);
	/* a full folding is at most 3 code points of 4 bytes for 1 of 2 or
	 * more bytes, plus "(?:" ")": 8 times the input is enough */
	if (!nfc || !(r = malloc(8 * len + 1))) {
		free(nfc);
		return NULL;
	}
	w = r;
	for (p = nfc; *p;) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' && p[1] == 'Q') {
			/* quoted literal text: as it is (pass 1 covers it) */
			e = strstr(p + 2, "\\E");
			e = e ? e + 2 : p + strlen(p);
		} else if (c == '\\') {
			/* an escape and its first character, e.g. \p{Lu}'s "p" (their
			 * arguments are ASCII) */
			e = p + 1 + (p[1] ? seq_len((unsigned char)p[1]) : 0);
		} else if (c == '[') {
			e = class_end(p);
		} else if (c == '(' && (p[1] == '*' || (p[1] == '?' && p[2] == '#'))) {
			/* a verb or a comment: up to its ')' */
			e = strchr(p, ')');
			e = e ? e + 1 : p + strlen(p);
		} else if (c < 0x80) {
			e = p + 1;
		} else {
			/* a literal letter: its full case folding */
			size_t k = seq_len(c), flen, i, cps = 0;
			char *f;
			for (i = 1; i < k && p[i]; i++)
				;
			k = i;
			if (!(f = fold_case(p, k, &flen))) {
				free(nfc);
				free(r);
				return NULL;
			}
			for (i = 0; i < flen; i++)
				cps += ((unsigned char)f[i] & 0xC0) != 0x80;
			if (cps > 1) {
				w += sprintf(w, "(?:%s)", f);
				*expanded = 1;
			} else {
				memcpy(w, f, flen);
				w += flen;
			}
			free(f);
			p += k;
			continue;
		}
		memcpy(w, p, (size_t)(e - p));
		w += e - p;
		p = e;
	}
	*w = '\0';
	free(nfc);
	return r;
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
	/* The full-folding pass (regex_match): the folded pattern, when it
	 * differs; one that does not compile or is too big leaves the pattern
	 * itself for that pass. */
	{
		char *folded = regex_fold_pattern(pattern, &re->fold_ascii);
		size_t fsize = 0;
		if (!folded) {
			snprintf(why, whylen, "out of memory");
			goto fail;
		}
		if (strcmp(folded, pattern) != 0)
			re->full = pcre2_compile((PCRE2_SPTR)folded, PCRE2_ZERO_TERMINATED,
			                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS |
			                                 PCRE2_MATCH_INVALID_UTF,
			                         &err, &erroff, NULL);
		free(folded);
		if (re->full && (pcre2_pattern_info(re->full, PCRE2_INFO_SIZE, &fsize) != 0 ||
		                 fsize > REGEX_MAX_COMPILED)) {
			pcre2_code_free(re->full);
			re->full = NULL;
		}
	}
	*out = re;
	return 0;
fail:
	regex_free(re);
	return -1;
}

/* One bounded match of code on subject: 1, 0, or -1 (a limit; counted). */
static int match_once(struct lc_regex *re, pcre2_code *code, const char *subject)
{
	int rc = pcre2_match(code, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0, re->md, re->mc);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/* PCRE2_ERROR_MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, NOMEMORY: bounded */
	if (limit_hits++ == 0)
		snprintf(limit_pattern, sizeof limit_pattern, "%s", re->pattern);
	return -1;
}

int regex_match(struct lc_regex *re, const char *subject)
{
	int rc = match_once(re, re->code, subject);
	const char *c;
	char *folded;

	if (rc != 0)
		return rc;
	/* Pass 2, full case folding: the folded subject against the folded
	 * pattern.  Needed when the subject has a non-ASCII letter, or the
	 * pattern one that folds to several ("ß"): else pass 1 was the same. */
	for (c = subject; *c && (unsigned char)*c < 0x80; c++)
		;
	if (!*c && !re->fold_ascii)
		return 0;
	if (!(folded = fold_case(subject, strlen(subject), NULL)))
		return 0;
	rc = match_once(re, re->full ? re->full : re->code, folded);
	free(folded);
	return rc;
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
	pcre2_code_free(re->full);
	free(re->pattern);
	free(re);
}

long regex_limit_hits(const char **pattern)
{
	if (pattern)
		*pattern = limit_pattern;
	return limit_hits;
}
