/* identity: the one place that turns a raw e-mail, phone or record id into the
 * key that identifies a person (product brief, Data -> Lead).  Every entry
 * point -- add, edit, import, lead references, dedupe, merge -- calls these
 * functions and nothing else to normalise an identity, so the stored form, the
 * lookup form and the dedupe form are one and the same.
 *
 * Pure functions: no SQLite, no printing.  Every returned string is owned by
 * the caller (free()).  On failure *why is set to a static, lower-case phrase
 * fit for a one-line message ("not an e-mail address", "rounded by a
 * spreadsheet (scientific notation)", ...). */
#ifndef LEADCTL_IDENTITY_H
#define LEADCTL_IDENTITY_H

/* Outcome of a normaliser. */
enum identity_status {
	IDENTITY_OK = 0,   /* *key set */
	IDENTITY_EMPTY,    /* blank after trimming (or NULL): no identity, not an error */
	IDENTITY_INVALID,  /* not a value of this kind: reject / refuse with *why */
	IDENTITY_DAMAGED,  /* a value a spreadsheet mangled (4.71E+15, 34612345678.0, a
	                      leading apostrophe before digits): refused as an identity,
	                      warned with *why, never stored */
};

/* E-mail key.  raw: any UTF-8 text.  Trims Unicode white space and removes
 * invisible format characters (NBSP, U+200B..U+200D, U+2060, BOM, ...);
 * strips "mailto:"; Unicode NFC; the local part lower-cased for every letter
 * (not only A-Z: a deliberate choice, documented in the README, since no
 * real mail system distinguishes case there); the domain case-folded and
 * validated by IDNA 2008 (libidn2), stored in its Unicode form (U-label), so
 * "müller.example", "MÜLLER.example" and "xn--mller-kva.example" give one key.
 * On IDENTITY_OK *key is the key (caller frees). */
enum identity_status identity_email_key(const char *raw, char **key, const char **why);

/* The domain of an e-mail key (after the last '@'), borrowed from key. */
const char *identity_email_domain(const char *key);

/* A domain (of an e-mail or a website host) in the same form as the domain of
 * identity_email_key: lower-case Unicode, NFC, IDNA 2008-valid.  Returns a new
 * string or NULL when it is not a valid domain. */
char *identity_domain_key(const char *raw);

/* A phone number in E.164 with its extension kept apart. */
struct identity_phone {
	char *e164;      /* "+4915112345678" (owned) */
	char *extension; /* "752", or NULL when none (owned) */
};

/* Phone key by the numbering plan (libphonenumber).  raw: as typed or
 * exported ("+49 (0)151 1234 5678", "0039 06 1234 5678", "(555) 010-7788
 * x752").  country: the row's own country (a name such as "Germany" or
 * "España", or an ISO 3166 alpha-2 code), may be NULL; default_cc: the SLA's
 * or the import's default country calling code ("34"), may be NULL; the row's
 * country wins over default_cc.  A number already carrying its country code
 * without '+' ("4915112345678") is recognised when it is valid that way.
 * On IDENTITY_OK out->e164 is set (and out->extension when there is one);
 * free both with identity_phone_free. */
enum identity_status identity_phone_key(const char *raw, const char *country, const char *default_cc,
                                        struct identity_phone *out, const char **why);

/* Free the strings of p (not p itself); p may be zeroed or NULL. */
void identity_phone_free(struct identity_phone *p);

/* Record-id key: "<system>:<id>" with system lower-case ("salesforce",
 * "hubspot", "zoho", "csv", ...; NULL or "" means "ext") and the id trimmed
 * (Unicode white space and format characters), case kept (Salesforce ids are
 * case-sensitive).  Refuses (IDENTITY_DAMAGED) ids a spreadsheet rounded:
 * scientific notation ("4.71236E+15") and integers ending in ".0".
 * On IDENTITY_OK *key is set (caller frees). */
enum identity_status identity_record_key(const char *raw, const char *system, char **key, const char **why);

#endif
