/* phone_plan: the world's telephone numbering plans (Google's libphonenumber,
 * C++) and country names (ICU's CLDR data) behind a C API, for identity.c.
 *
 * No C++ exception crosses this API: every function catches them all and
 * reports PHONE_PLAN_FAILED (or "not found").  Thread-safe: libphonenumber's
 * PhoneNumberUtil is a process-wide singleton built once, and the table of
 * country names is a function-local static, built once on first use (about
 * 3 ms) under C++11's guaranteed thread-safe initialisation; both live until
 * exit (valgrind: "still reachable", never "definitely lost"). */
#ifndef LEADCTL_PHONE_PLAN_H
#define LEADCTL_PHONE_PLAN_H

#ifdef __cplusplus
extern "C" {
#endif

/* Outcome of phone_plan_e164. */
enum phone_plan_status {
	PHONE_PLAN_OK = 0,       /* *e164 set */
	PHONE_PLAN_NOT_A_NUMBER, /* no phone number in the text */
	PHONE_PLAN_NO_COUNTRY,   /* national number and no region to read it in */
	PHONE_PLAN_BAD_COUNTRY,  /* "+" and a calling code no country uses */
	PHONE_PLAN_TOO_SHORT,    /* too short for its country */
	PHONE_PLAN_TOO_LONG,     /* too long for its country */
	PHONE_PLAN_BAD_LENGTH,   /* a length its country never uses */
	PHONE_PLAN_LOCAL_ONLY,   /* dialable only inside its area: no area code */
	PHONE_PLAN_FAILED,       /* out of memory or a library failure */
};

/* Reads text, a phone number as typed or exported ("+49 (0)151 1234 5678",
 * "0049 151 12345678", "06 1234 5678", "(949) 555-0190 Ext. 101"), in
 * region (an ISO 3166 alpha-2 code such as "ES", or NULL when unknown).
 * libphonenumber's Parse applies the region's trunk prefix (dropped in
 * Germany, kept in Italy), its international prefix ("00", "011") and the
 * extension spellings ("x752", "ext. 43023", "Ext 43023", "#123",
 * ";ext=12").  When text has no "+" and that reading is not a valid number,
 * the digits are read again as a calling code and number ("4915112345678",
 * "0049 ..." in a region whose international prefix is not 00); the second
 * reading is taken only when it is valid.  A number is accepted when it is
 * valid, else when its length is possible for its country (IsPossibleNumber
 * without "local only"): libphonenumber's ranges lag real allocations and
 * fictional ranges (555-01xx) must still import.
 * On PHONE_PLAN_OK *e164 is "+<digits>" and *extension the extension's
 * digits or NULL; both are malloc'd (caller frees).  Otherwise both are NULL. */
enum phone_plan_status phone_plan_e164(const char *text, const char *region, char **e164, char **extension);

/* The region (ISO 3166 alpha-2, upper case, into region[3]) of a country as
 * written in a row: an alpha-2 or alpha-3 code ("de", "DEU"), or its name in
 * English (long or short: "United Kingdom", "UK"), in one of its own
 * languages ("Deutschland", "España", "Schweiz", "日本") or in Spanish,
 * French, German, Italian, Portuguese or Dutch ("Alemania", "Allemagne"),
 * compared without case, accents, punctuation, spaces or a leading "the";
 * plus a few names CLDR does not list ("USA", "Great Britain", "England",
 * "Holland", "Czech Republic", ...).  A name with a part in brackets is
 * tried whole, then without it, then by it ("Spain (ES)", "Netherlands
 * (the)").  Only regions libphonenumber knows.
 * Returns 1 and fills region when found, else 0. */
int phone_plan_region_of_country(const char *country, char region[3]);

/* The main region of a country calling code ("34" -> "ES", "+1" -> "US",
 * "0044" -> "GB", "7" -> "RU"; libphonenumber's GetRegionCodeForCountryCode)
 * into region[3].  Returns 1 when cc is a calling code in use, else 0. */
int phone_plan_region_of_calling_code(const char *cc, char region[3]);

#ifdef __cplusplus
}
#endif

#endif
