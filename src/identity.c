/* identity: normalising e-mails, phones and record ids into keys (identity.h).
 * STUB: wraps the old text.c normalisers until the libidn2 / libunistring /
 * libphonenumber implementation lands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/identity.h"
#include "leadctl/text.h"

enum identity_status identity_email_key(const char *raw, char **key, const char **why)
{
	*key = NULL;
	if (text_blank(raw))
		return IDENTITY_EMPTY;
	if (!(*key = text_email_norm(raw))) {
		*why = "not an e-mail address";
		return IDENTITY_INVALID;
	}
	return IDENTITY_OK;
}

const char *identity_email_domain(const char *key)
{
	const char *at = key ? strrchr(key, '@') : NULL;
	return at ? at + 1 : NULL;
}

char *identity_domain_key(const char *raw)
{
	return text_website_domain(raw);
}

enum identity_status identity_phone_key(const char *raw, const char *country, const char *default_cc,
                                        struct identity_phone *out, const char **why)
{
	(void)country;
	memset(out, 0, sizeof *out);
	if (text_blank(raw))
		return IDENTITY_EMPTY;
	if (!(out->e164 = text_phone_norm(raw, default_cc))) {
		*why = "not a phone number";
		return IDENTITY_INVALID;
	}
	return IDENTITY_OK;
}

void identity_phone_free(struct identity_phone *p)
{
	if (!p)
		return;
	free(p->e164);
	free(p->extension);
	p->e164 = p->extension = NULL;
}

enum identity_status identity_record_key(const char *raw, const char *system, char **key, const char **why)
{
	char *t;
	size_t n;

	*key = NULL;
	if (text_blank(raw))
		return IDENTITY_EMPTY;
	if (!(t = text_trim(raw))) {
		*why = "out of memory";
		return IDENTITY_INVALID;
	}
	if (!system || !*system)
		system = "ext";
	n = strlen(system) + strlen(t) + 2;
	if ((*key = malloc(n)))
		snprintf(*key, n, "%s:%s", system, t);
	free(t);
	return *key ? IDENTITY_OK : IDENTITY_INVALID;
}
