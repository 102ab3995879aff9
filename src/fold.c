/* fold: caseless keys of text (fold.h): libunistring for case folding and
 * normalisation, ICU for the collation order. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "leadctl/fold.h"

struct fold_collator {
	UCollator *col; /* ICU root collator, secondary strength, numeric */
	UChar *buf;     /* UTF-16 of the text being keyed; grows */
	int32_t cap;    /* UChars in buf */
	uint8_t *key;   /* the last key made; grows */
	int32_t keycap; /* bytes in key */
};

/* 1 when the n bytes at s are all ASCII: their folding is their lower
 * case, and NFC and NFKC leave them as they are. */
static int is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* s lowered A-Z byte by byte: for ASCII text, and for text that is not
 * valid UTF-8 (which libunistring refuses). */
static char *fold_bytes(const char *s, size_t n, size_t *len)
{
	char *r = malloc(n + 1);
	size_t i;

	if (!r)
		return NULL;
	for (i = 0; i < n; i++)
		r[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	r[n] = '\0';
	if (len)
		*len = n;
	return r;
}

/* u (ulen bytes, from libunistring, taken) as a NUL-terminated string. */
static char *take(uint8_t *u, size_t ulen, size_t *len)
{
	char *r = u ? realloc(u, ulen + 1) : NULL;

	if (!r) {
		free(u);
		return NULL;
	}
	r[ulen] = '\0';
	if (len)
		*len = ulen;
	return r;
}

char *fold_case(const char *s, size_t n, size_t *len)
{
	size_t ulen = 0;
	uint8_t *u;

	if (is_ascii(s, n) || u8_check((const uint8_t *)s, n))
		return fold_bytes(s, n, len);
	u = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &ulen);
	return take(u, ulen, len);
}

int fold_equal(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	int r = 1;

	if ((is_ascii(a, na) && is_ascii(b, nb)) || u8_check((const uint8_t *)a, na) ||
	    u8_check((const uint8_t *)b, nb))
		return na == nb && strcasecmp(a, b) == 0;
	if (u8_casecmp((const uint8_t *)a, na, (const uint8_t *)b, nb, NULL, UNINORM_NFC, &r) != 0)
		return 0;
	return r == 0;
}

char *fold_search_key(const char *s, size_t n, size_t *len)
{
	size_t ulen = 0, i, o;
	uint8_t *u, *c;

	if (is_ascii(s, n) || u8_check((const uint8_t *)s, n))
		return fold_bytes(s, n, len);
	/* NFKD folded: "Ｌópez" -> "lo" U+0301 "pez" */
	u = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFKD, NULL, &ulen);
	if (!u)
		return NULL;
	/* drop U+0300..U+036F (UTF-8 CC 80 .. CD AF) */
	for (i = o = 0; i < ulen; i++) {
		if ((u[i] == 0xCC || (u[i] == 0xCD && i + 1 < ulen && u[i + 1] <= 0xAF)) && i + 1 < ulen) {
			i++;
			continue;
		}
		u[o++] = u[i];
	}
	/* recomposed, so that a key never matches half a syllable (Hangul) */
	c = u8_normalize(UNINORM_NFC, u, o, NULL, &ulen);
	free(u);
	return take(c, ulen, len);
}

int fold_collator_open(struct fold_collator **out)
{
	struct fold_collator *c = calloc(1, sizeof *c);
	UErrorCode err = U_ZERO_ERROR;

	*out = NULL;
	if (!c)
		return -1;
	c->col = ucol_open("", &err);
	if (U_FAILURE(err)) {
		free(c);
		return -1;
	}
	ucol_setStrength(c->col, UCOL_SECONDARY);
	ucol_setAttribute(c->col, UCOL_NUMERIC_COLLATION, UCOL_ON, &err);
	if (U_FAILURE(err)) {
		fold_collator_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

int fold_sort_key(struct fold_collator *c, const char *s, size_t n, uint8_t **key, size_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0, klen;
	uint8_t *k;

	*key = NULL;
	*len = 0;
	if (n > INT32_MAX / 2)
		return -1;
	/* invalid UTF-8 becomes U+FFFD (ICU's substitution) */
	u_strFromUTF8WithSub(c->buf, c->cap, &ulen, s, (int32_t)n, 0xFFFD, NULL, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR || ulen >= c->cap) {
		UChar *b = realloc(c->buf, (size_t)(ulen + 1) * sizeof *b);
		if (!b)
			return -1;
		c->buf = b;
		c->cap = ulen + 1;
		err = U_ZERO_ERROR;
		u_strFromUTF8WithSub(c->buf, c->cap, &ulen, s, (int32_t)n, 0xFFFD, NULL, &err);
	}
	if (U_FAILURE(err))
		return -1;
	/* one call when the last key's buffer is big enough, else two */
	klen = ucol_getSortKey(c->col, c->buf, ulen, c->key, c->keycap);
	if (klen <= 0)
		return -1;
	if (klen > c->keycap) {
		uint8_t *b = realloc(c->key, (size_t)klen * 2);
		if (!b)
			return -1;
		c->key = b;
		c->keycap = klen * 2;
		klen = ucol_getSortKey(c->col, c->buf, ulen, c->key, c->keycap);
	}
	if (!(k = malloc((size_t)klen)))
		return -1;
	/* the key ends with a NUL that memcmp order does not need */
	memcpy(k, c->key, (size_t)klen - 1);
	*key = k;
	*len = (size_t)klen - 1;
	return 0;
}

void fold_collator_close(struct fold_collator *c)
{
	if (!c)
		return;
	ucol_close(c->col);
	free(c->buf);
	free(c->key);
	free(c);
}
