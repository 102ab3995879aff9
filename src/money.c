/* money: amounts as other systems' exports write them (money.h). */
#include <ctype.h>
#include <string.h>

#include "leadctl/money.h"

/* Currency symbols and the code each stands for. */
static const struct {
	const char *sym;
	const char *code;
} symbols[] = {
	{ "US$", "USD" },      { "$", "USD" },        { "\xe2\x82\xac", "EUR" },
	{ "\xc2\xa3", "GBP" }, { "\xc2\xa5", "JPY" }, { "\xe2\x82\xb9", "INR" },
	{ "R$", "BRL" },
};

/* Bytes of a thousands-space at p (space, U+00A0, U+202F, U+2019), or 0. */
static size_t space_at(const char *p)
{
	if (*p == ' ' || *p == '\'')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0xAF || (unsigned char)p[2] == 0x99))
		return 3;
	return 0;
}

/* Skip leading and trailing white space of [*b, *e). */
static void trim(const char **b, const char **e)
{
	while (*b < *e && (isspace((unsigned char)**b) || space_at(*b)))
		*b += space_at(*b) ? space_at(*b) : 1;
	while (*e > *b && isspace((unsigned char)(*e)[-1]))
		(*e)--;
	while (*e - *b >= 2 && (unsigned char)(*e)[-2] == 0xC2 && (unsigned char)(*e)[-1] == 0xA0)
		*e -= 2;
}

/* Take a currency (symbol or three-letter code) at the start or the end
 * of [*b, *e) into cur.  Returns 0, or -1 when two are given. */
static int take_currency(const char **b, const char **e, char cur[4])
{
	size_t i, n;
	int side;

	for (side = 0; side < 2; side++) {
		trim(b, e);
		for (i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
			n = strlen(symbols[i].sym);
			if ((size_t)(*e - *b) < n)
				continue;
			if (side == 0 ? memcmp(*b, symbols[i].sym, n) == 0
			              : memcmp(*e - n, symbols[i].sym, n) == 0) {
				if (cur[0] && strcmp(cur, symbols[i].code) != 0)
					return -1;
				memcpy(cur, symbols[i].code, 4);
				if (side == 0)
					*b += n;
				else
					*e -= n;
				break;
			}
		}
		if (*e - *b > 3) {
			const char *c = side == 0 ? *b : *e - 3;
			if (isalpha((unsigned char)c[0]) && isalpha((unsigned char)c[1]) &&
			    isalpha((unsigned char)c[2]) &&
			    (side == 0 ? !isalpha((unsigned char)c[3]) : !isalpha((unsigned char)c[-1]))) {
				char code[4] = { (char)toupper((unsigned char)c[0]),
					         (char)toupper((unsigned char)c[1]),
					         (char)toupper((unsigned char)c[2]), 0 };
				if (cur[0] && strcmp(cur, code) != 0)
					return -1;
				memcpy(cur, code, 4);
				if (side == 0)
					*b += 3;
				else
					*e -= 3;
			}
		}
	}
	trim(b, e);
	return 0;
}

int money_parse(const char *s, enum money_decimal dec, int64_t *cents, char currency[4])
{
	const char *b, *e, *p, *last_point = NULL, *last_comma = NULL, *sep = NULL;
	int npoint = 0, ncomma = 0, nfrac = 0, digits = 0;
	int64_t whole = 0, frac = 0;
	char cur[4] = "";

	if (!s)
		return -1;
	b = s;
	e = s + strlen(s);
	if (take_currency(&b, &e, cur) != 0 || b == e)
		return -1;
	for (p = b; p < e; p++) {
		if (*p == '.') {
			npoint++;
			last_point = p;
		} else if (*p == ',') {
			ncomma++;
			last_comma = p;
		}
	}
	/* The decimal separator, if any. */
	if (dec == MONEY_DECIMAL_POINT) {
		sep = npoint == 1 ? last_point : NULL;
		if (npoint > 1)
			return -1;
	} else if (dec == MONEY_DECIMAL_COMMA) {
		sep = ncomma == 1 ? last_comma : NULL;
		if (ncomma > 1)
			return -1;
	} else if (npoint && ncomma) {
		sep = last_point > last_comma ? last_point : last_comma;
		if ((sep == last_point && npoint > 1) || (sep == last_comma && ncomma > 1))
			return -1;
	} else if (npoint + ncomma == 1) {
		const char *x = npoint ? last_point : last_comma;
		size_t after = (size_t)(e - x - 1);
		sep = after == 3 ? NULL : x; /* "1,054" and "1.054" are thousands */
	}
	for (p = b; p < e;) {
		size_t sp;
		if (p == sep) {
			p++;
			for (; p < e; p++) {
				if (!isdigit((unsigned char)*p) || nfrac == 2)
					return -1;
				frac = frac * 10 + (*p - '0');
				nfrac++;
			}
			break;
		}
		if (*p == '.' || *p == ',') {
			/* A thousands separator: digits before it, three after. */
			if (!digits || e - p < 4 || !isdigit((unsigned char)p[1]) ||
			    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]) ||
			    (p + 4 < e && isdigit((unsigned char)p[4])))
				return -1;
			p++;
			continue;
		}
		if ((sp = space_at(p)) != 0) {
			if (!digits || e - p - (long)sp < 3)
				return -1;
			p += sp;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		if (whole > (INT64_MAX / 100 - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
		digits++;
		p++;
	}
	if (!digits && !nfrac)
		return -1;
	if (nfrac == 1)
		frac *= 10;
	*cents = whole * 100 + frac;
	memcpy(currency, cur, 4);
	return 0;
}
