/* money: amounts as other systems' exports write them, into cents.
 *
 * Pure: no database, no printing.  CRM and spreadsheet exports write money
 * in the locale of whoever exported it: "$22,700.00", "22.700,00 €",
 * "EUR 1 234,56", "1054".  money_parse() reads all of these without
 * guessing where a guess could be wrong (docs/import-mapping.md, "Money"). */
#ifndef LEADCTL_MONEY_H
#define LEADCTL_MONEY_H

#include <stdint.h>

/* Which character separates the decimals. */
enum money_decimal {
	MONEY_DECIMAL_AUTO,  /* decided per value: the last of '.' and ',' when both appear; one
	                      * separator followed by exactly three digits is a thousands group */
	MONEY_DECIMAL_POINT, /* "1,234.56" */
	MONEY_DECIMAL_COMMA  /* "1.234,56" */
};

/* Read an amount: optional currency (a symbol $ € £ ¥ or a three-letter
 * ISO 4217 code, before or after the number), digits with thousands
 * separators ('.', ',', spaces, U+00A0, U+202F, U+2019 "'") and at most two
 * decimals.  A negative amount or anything else is refused.
 * Returns 0 with *cents and currency ("" when the value names none; "USD"
 * for "$", "EUR" for "€", "GBP" for "£", "JPY" for "¥"; a code in upper
 * case), or -1 when s is not an amount of that shape. */
int money_parse(const char *s, enum money_decimal dec, int64_t *cents, char currency[4]);

#endif
