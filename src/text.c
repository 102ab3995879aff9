/* text: normalising e-mails, phones, domains and company names (text.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/fold.h"
#include "leadctl/text.h"

char *text_trim(const char *s)
{
	const char *e;
	char *r;

	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	r = malloc((size_t)(e - s) + 1);
	if (!r)
		return NULL;
	memcpy(r, s, (size_t)(e - s));
	r[e - s] = '\0';
	return r;
}

int text_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* strcasecmp of two strings given by their addresses (qsort, bsearch). */
static int casecmp_ptr(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

int text_is_free_mail_domain(const char *domain)
{
	/* Exact domains, then families matched on their first label. */
	static const char *const exact[] = {
		"gmail.com", "googlemail.com", "outlook.com", "icloud.com", "me.com", "mac.com", "proton.me",
		"protonmail.com", "pm.me", "aol.com", "mail.com", "zoho.com", "yandex.com", "yandex.ru",
		"mail.ru", "qq.com", "163.com", "126.com", "tutanota.com", "fastmail.com", "hey.com",
		"msn.com", "web.de", "t-online.de", "orange.fr", "free.fr", "laposte.net", "libero.it",
		"seznam.cz", "wp.pl", "o2.pl", "naver.com", "rediffmail.com", "inbox.com",
		/* ISP and national mail (issue 12: they lumped unrelated companies) */
		"wanadoo.fr", "sfr.fr", "neuf.fr", "club-internet.fr", "alice.it", "tiscali.it",
		"virgilio.it", "tin.it", "arcor.de", "freenet.de", "posteo.de", "mailbox.org", "bluewin.ch",
		"btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net", "comcast.net",
		"verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
		"earthlink.net", "shaw.ca", "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au",
		"xtra.co.nz", "uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br", "rambler.ru", "bk.ru",
		"list.ru", "inbox.ru", "ukr.net", "sina.com", "sohu.com", "yeah.net", "139.com", "aliyun.com",
		"daum.net", "hanmail.net", "nate.com", "rediff.com", "sify.com", "interia.pl", "onet.pl",
		"centrum.cz", "email.cz", "telenet.be", "skynet.be", "ziggo.nl", "kpnmail.nl", "planet.nl",
		"home.nl", "telia.com", "online.no", "sapo.pt", "terra.es", "telefonica.net", "movistar.es",
		NULL
	};
	static const char *const families[] = { "yahoo", "hotmail",    "live",    "gmx",
		                                "ymail", "rocketmail", "outlook", NULL };
	/* exact[] sorted once, then searched: an import asks for every row's
	 * e-mail domain (accounts, SLA conditions), so a scan of the whole
	 * list per row showed in its profile (issue 13) */
	static const char *sorted[sizeof exact / sizeof exact[0]];
	static size_t nsorted;
	const char *dot;
	size_t i, n;

	if (!domain || !*domain)
		return 0;
	if (!nsorted) {
		for (i = 0; exact[i]; i++)
			sorted[i] = exact[i];
		qsort(sorted, i, sizeof *sorted, casecmp_ptr);
		nsorted = i;
	}
	if (bsearch(&domain, sorted, nsorted, sizeof *sorted, casecmp_ptr))
		return 1;
	dot = strchr(domain, '.');
	if (!dot)
		return 0;
	n = (size_t)(dot - domain);
	for (i = 0; families[i]; i++)
		if (strlen(families[i]) == n && strncasecmp(domain, families[i], n) == 0)
			return 1;
	return 0;
}

char *text_company_key(const char *s)
{
	static const char *const suffixes[] = {
		"inc",  "incorporated", "ltd", "limited", "llc", "gmbh", "sl",          "sa",  "sas",
		"sarl", "bv",           "nv",  "ag",      "plc", "corp", "corporation", "co",  "company",
		"srl",  "spa",          "oy",  "ab",      "as",  "pty",  "lp",          "llp", NULL
	};
	char *t, *w, *folded;
	const char *p;
	int space = 0;
	size_t len, i;

	if (!s)
		return NULL;
	/* every letter's case, not only A-Z (fold.h): "ÉCOLE LUMIÈRE" and
	 * "École Lumière" are one company, "Straße GmbH" and "STRASSE" too */
	if (!(folded = fold_case(s, strlen(s), NULL)))
		return NULL;
	t = malloc(strlen(folded) + 1);
	if (!t) {
		free(folded);
		return NULL;
	}
	w = t;
	for (p = folded; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || c >= 0x80) {
			if (space && w > t)
				*w++ = ' ';
			space = 0;
			*w++ = (char)tolower(c);
		} else if (c == '.' || c == '\'') {
			/* "S.L." -> "sl", "O'Neil" -> "oneil" */
		} else {
			space = 1;
		}
	}
	*w = '\0';
	free(folded);
	/* Drop trailing legal suffixes ("acme sl", "acme inc"). */
	for (;;) {
		char *last = strrchr(t, ' ');
		int dropped = 0;
		if (!last)
			break;
		for (i = 0; suffixes[i]; i++)
			if (strcmp(last + 1, suffixes[i]) == 0) {
				*last = '\0';
				dropped = 1;
				break;
			}
		if (!dropped)
			break;
	}
	len = strlen(t);
	if (len == 0) {
		free(t);
		return NULL;
	}
	return t;
}

int text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p;
		size_t k;
		unsigned cp;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else
			return 0;
		if ((size_t)(e - p) <= k)
			return 0;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		p += k + 1;
	}
	return 1;
}
