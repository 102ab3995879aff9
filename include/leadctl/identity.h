/* identity: the one place that turns a raw e-mail, phone or record id into the
 * key that identifies a person (product brief, Data -> Lead).  Every entry
 * point -- add, edit, import, lead references, dedupe, merge -- calls these
 * functions and nothing else to normalise an identity, so the stored form, the
 * lookup form and the dedupe form are one and the same.
 *
 * Pure functions: no SQLite, no printing.  Every returned string is owned by
 * the caller (free()).  Three slow library answers -- the IDNA form of an
 * e-mail or website domain, the region of a country name and the E.164
 * reading of a phone number in a region -- are remembered per exact input
 * for the life of the process, in a bounded memory (identity_memo_set); the
 * results are the same with it or without.  On failure *why is set to a
 * static, lower-case phrase fit for a one-line message ("not an e-mail address", "rounded by a spreadsheet
 * (scientific notation)", ...). */
#ifndef LEADCTL_IDENTITY_H
#define LEADCTL_IDENTITY_H

#include <stddef.h>

/* Outcome of a normaliser. */
enum identity_status {
	IDENTITY_OK = 0,  /* *key set */
	IDENTITY_EMPTY,   /* blank after trimming (or NULL): no identity, not an error */
	IDENTITY_INVALID, /* not a value of this kind: reject / refuse with *why */
	IDENTITY_DAMAGED, /* a value a spreadsheet mangled (4.71E+15, 34612345678.0, a
	                     leading apostrophe before digits): refused as an identity,
	                     warned with *why, never stored */
};

/* E-mail key.  raw: any UTF-8 text.  Removes invisible format characters
 * everywhere (Unicode general category Cf and Default_Ignorable_Code_Point:
 * ZWSP U+200B, ZWNJ/ZWJ, LRM/RLM and the bidi controls, word joiner U+2060,
 * BOM U+FEFF, soft hyphen U+00AD, ...) and Unicode White_Space at both ends
 * (NBSP, U+2000..U+200A, narrow NBSP U+202F, ideographic space U+3000, ...);
 * white space INSIDE the address is an error, not removed.  Unwraps
 * "mailto:addr?query", "<addr>" and "Display Name <addr>".  Unicode NFC
 * (UAX #15).  The local part is lower-cased for every letter by Unicode's
 * full case mapping without a language (not only A-Z: a deliberate choice,
 * documented in the README, since no real mail system distinguishes case
 * there; "ÉLODIE" -> "élodie", a final capital sigma -> "ς", "İ" -> "i̇",
 * "ß" stays "ß": lower case, not case folding).  The local part must be
 * RFC 5322 dot-atom text or non-ASCII (RFC 6531), at most 64 bytes; quoted
 * local parts are refused.  The domain is lower-cased, mapped and validated
 * by IDNA 2008 (libidn2, UTS #46 non-transitional: "ß" is kept, "。" is a
 * dot), must be a host name (two labels or more of letters, digits and '-',
 * not an IP address; one trailing dot dropped) and is stored in its Unicode
 * form (U-label), so "müller.example", "MÜLLER.example" and
 * "xn--mller-kva.example" give one key.  The whole key is at most 254 bytes
 * (RFC 5321).  On IDENTITY_OK *key is the key (caller frees); else *key is
 * NULL and, for IDENTITY_INVALID, *why says what is wrong. */
enum identity_status identity_email_key(const char *raw, char **key, const char **why);

/* The domain of an e-mail key (after the last '@'), borrowed from key. */
const char *identity_email_domain(const char *key);

/* A domain (of an e-mail or a website) in the same form as the domain of
 * identity_email_key: lower-case Unicode, NFC, IDNA 2008-valid.  raw may be a
 * bare host or a URL: the scheme, user, port, path, query and fragment are
 * dropped, and so is a leading "www." (unless that leaves one label), so
 * "https://www.MÜLLER.example/kontakt" gives "müller.example", the domain of
 * "info@xn--mller-kva.example".  Returns a new string (caller frees) or NULL
 * when it is not a valid domain (or raw is NULL). */
char *identity_domain_key(const char *raw);

/* A phone number in E.164 with its extension kept apart. */
struct identity_phone {
	char *e164;      /* "+4915112345678" (owned) */
	char *extension; /* "752", or NULL when none (owned) */
};

/* Phone key by the numbering plan (libphonenumber, through phone_plan.h).
 * raw: as typed or exported ("+49 (0)151 1234 5678", "0039 06 1234 5678",
 * "(555) 010-7788 x752", "p:+34612345678"); invisible characters and white
 * space of any kind are ignored, full-width digits read as digits (NFKC), and
 * a spreadsheet's ="0612345678" guard unwrapped.  country: the row's own
 * country (a name in English, in its own language or in a major European one
 * -- "Germany", "Deutschland", "Alemania" --, an ISO 3166 alpha-2/alpha-3
 * code, or a calling code such as "+34"), may be NULL; default_cc: the SLA's
 * or the import's default country calling code ("34", "+34"; a country is
 * accepted too), may be NULL.  The row's country wins over default_cc; a
 * country that is not recognised is ignored (default_cc applies).  The trunk prefix follows the country's
 * plan (dropped in Germany, also as "(0)" after "+49"; kept in Italy: +39 06...). A number already carrying
 * its country code without '+' ("4915112345678", "0049 ...") is recognised when the national reading is not a
 * valid number and that reading is.  A number is accepted when libphonenumber says it is valid, else when its
 * length is possible for its country (IsPossibleNumber, not "local only"): the library's ranges lag real
 * allocations and fictional ranges (555-01xx) must still import; impossible ones are IDENTITY_INVALID.
 * Extensions ("x752", "ext. 43023", "Ext 43023", "#123", ";ext=12") are kept
 * apart, never dropped.  Spreadsheet damage is IDENTITY_DAMAGED:
 * "34612345678.0", "3.46E+10", a leading apostrophe ("'0612...").  Without a
 * region (no country, no default) a number needs its country code ("+34",
 * "0034", or "34..." when valid that way): a national one is IDENTITY_INVALID.
 * On IDENTITY_OK out->e164 is set (and out->extension when there is one);
 * free both with identity_phone_free.  On any other status both are NULL. */
enum identity_status identity_phone_key(const char *raw, const char *country, const char *default_cc,
                                        struct identity_phone *out, const char **why);

/* Free the strings of p (not p itself); p may be zeroed or NULL. */
void identity_phone_free(struct identity_phone *p);

/* 1 when the record id looks rounded by a spreadsheet without being put in
 * scientific notation: 16 or more digits (after an optional sign) whose
 * digits past the 15th are all zeros ("4712360000000000"), since Excel keeps
 * 15 significant digits of a number (Microsoft, "Excel specifications and
 * limits": number precision 15 digits).  Not refused alone (one id in ten
 * ends in 0), but named when two people share such an id. */
int identity_record_maybe_rounded(const char *id);

/* 1 when ch (a byte) may appear in a source-system name: ASCII letters
 * (compared lower-case), digits, '-', '_' and '.' ("salesforce",
 * "zoho-contact", "hubspot.deals").  The one rule for --source-system, the
 * mapping's system and lead references such as "zoho-contact:1177". */
int identity_system_char(int ch);

/* Record-id key: "<system>:<id>" with system lower-case ASCII ("salesforce",
 * "hubspot", "zoho", "csv", ...: letters, digits, '-', '_', '.'; NULL or ""
 * means "ext"; anything else is IDENTITY_INVALID) and the id with invisible
 * format characters removed, Unicode white space trimmed at both ends and
 * each run of it inside turned into one space, in NFC, case kept (Salesforce
 * ids are case-sensitive).  Refuses (IDENTITY_DAMAGED) ids a spreadsheet
 * rounded: scientific notation with its sign ("4.71236E+15", "1,2E+15"; a
 * hexadecimal "5e1234" is an id) and integers ending in ".0" ("1177.0").
 * On IDENTITY_OK *key is set (caller frees). */
enum identity_status identity_record_key(const char *raw, const char *system, char **key, const char **why);

/* The memory of domain forms, country regions and phone readings
 * (identity.c; issue 13):
 * on = 1 (the default) remembers them, 0 forgets everything remembered and
 * asks the libraries every time.  For tests that compare both, and for
 * diagnosis.  Not thread-safe. */
void identity_memo_set(int on);

/* How many answers are remembered now: at most 4096 domains, 4096 phones
 * and 256 countries, whatever has been normalised. */
size_t identity_memo_entries(void);

#endif
