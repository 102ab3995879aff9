/* suggest: did-you-mean by edit distance (see suggest.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "leadctl/suggest.h"

#define SUGGEST_MAX 63

/* ASCII lower case of a byte. */
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	size_t n = strlen(a), m = strlen(b), i, j;

	if (n > SUGGEST_MAX)
		n = SUGGEST_MAX;
	if (m > SUGGEST_MAX)
		m = SUGGEST_MAX;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			size_t cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) == lower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

const char *suggest_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL, *prefixed = NULL;
	size_t len, i, bestd = (size_t)-1, nprefixed = 0, limit;
	int tie = 0;

	if (!word || !*word || !cands)
		return NULL;
	len = strlen(word);
	for (i = 0; i < n && cands[i]; i++) {
		size_t d;
		if (strcasecmp(word, cands[i]) == 0)
			return cands[i];
		if (len >= 2 && strncasecmp(word, cands[i], len) == 0) {
			prefixed = cands[i];
			nprefixed++;
		}
		d = suggest_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
			tie = 0;
		} else if (d == bestd) {
			tie = 1;
		}
	}
	if (nprefixed == 1)
		return prefixed;
	limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return best && !tie && bestd <= limit ? best : NULL;
}

const char *suggest_hint(const char *word, const char *const *cands, size_t n, const char *prefix, char *buf,
                         size_t len)
{
	const char *s = suggest_closest(word, cands, n);

	if (s)
		snprintf(buf, len, "; did you mean '%s%s'?", prefix ? prefix : "", s);
	else if (len)
		buf[0] = '\0';
	return buf;
}
