/* text: small text helpers (trimming, free-mail domains, company keys).
 * E-mails, phones, record ids and domains are normalised by the identity
 * module (identity.h) and nowhere else.
 * Pure functions; every returned string is owned by the caller. */
#ifndef LEADCTL_TEXT_H
#define LEADCTL_TEXT_H

#include <stddef.h>

/* Trim ASCII white space; returns a new string ("" stays ""). */
char *text_trim(const char *s);
/* 1 when s is NULL or only white space. */
int text_blank(const char *s);
/* 1 when domain is a free-mail provider (gmail.com, yahoo.*, hotmail.*, ...). */
int text_is_free_mail_domain(const char *domain);
/* Normalised company name for account matching: every letter case-folded
 * (fold_case, fold.h: "ÉCOLE" = "école", "Straße" = "strasse"), punctuation
 * and legal suffixes (inc, ltd, llc, gmbh, s.l., sa, ...) removed.  NULL if
 * empty (or out of memory).  Migration 019 re-keys the accounts made by the
 * A-Z-only version (SQL lc_company_key, db.c). */
char *text_company_key(const char *s);
/* 1 when s is valid UTF-8 (n bytes). */
int text_utf8_valid(const char *s, size_t n);

#endif
