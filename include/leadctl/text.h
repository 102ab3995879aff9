/* text: normalising the values that identify leads and accounts.
 * Pure functions; every returned string is owned by the caller. */
#ifndef LEADCTL_TEXT_H
#define LEADCTL_TEXT_H

#include <stddef.h>

/* Trim ASCII white space; returns a new string ("" stays ""). */
char *text_trim(const char *s);
/* 1 when s is NULL or only white space. */
int text_blank(const char *s);
/* Normalise an e-mail address (trim, lower-case) and validate it.  Returns a
 * new string, or NULL when it is not a plausible address. */
char *text_email_norm(const char *s);
/* The domain part of a normalised e-mail (after '@'), borrowed from email. */
const char *text_email_domain(const char *email);
/* 1 when domain is a free-mail provider (gmail.com, yahoo.*, hotmail.*, ...). */
int text_is_free_mail_domain(const char *domain);
/* Normalise a phone number to '+' and digits.  A number without '+' or "00"
 * gets default_cc ("34", or NULL for none) unless it starts with a 0 trunk
 * prefix... see text.c.  Returns NULL when fewer than 6 digits remain. */
char *text_phone_norm(const char *s, const char *default_cc);
/* Host of a website ("https://www.Acme.com/x" -> "acme.com"); NULL if none. */
char *text_website_domain(const char *s);
/* Normalised company name for account matching: lower-case, punctuation and
 * legal suffixes (inc, ltd, llc, gmbh, s.l., sa, ...) removed. NULL if empty. */
char *text_company_key(const char *s);
/* 1 when s is valid UTF-8 (n bytes). */
int text_utf8_valid(const char *s, size_t n);

#endif
