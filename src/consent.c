/* consent: opt-out values, lawful bases and allowed channels (consent.h).
 * Pure: no SQLite, no printing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/consent.h"
#include "leadctl/csvmap.h"

const char *const consent_bases[] = {
	"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests",
	NULL
};

void consent_init(struct lc_consent *c)
{
	memset(c, 0, sizeof *c);
	c->do_not_email = -1;
	c->do_not_call = -1;
}

void consent_clear(struct lc_consent *c)
{
	free(c->lawful_basis);
	free(c->lawful_basis_source);
	consent_init(c);
}

int consent_empty(const struct lc_consent *c)
{
	return c->do_not_email < 0 && c->do_not_call < 0 && !c->lawful_basis && !c->lawful_basis_at &&
	       !c->lawful_basis_source && !c->unsubscribed_at;
}

/* 1 when the normalised v is one of list. */
static int norm_is(const char *norm, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(norm, *list) == 0)
			return 1;
	return 0;
}

int consent_flag_parse(const char *v)
{
	/* Normalised as header names are: lower-case, letters and digits only
	 * ("Opted-Out" = "optedout"); the check marks are kept as they are. */
	static const char *const yes[] = { "yes",
		                           "y",
		                           "true",
		                           "t",
		                           "1",
		                           "x",
		                           "on",
		                           "checked",
		                           "si",
		                           "oui",
		                           "ja",
		                           "optedout",
		                           "optout",
		                           "unsubscribed",
		                           "donotcontact",
		                           "\xe2\x9c\x93",
		                           "\xe2\x9c\x94",
		                           NULL };
	static const char *const no[] = { "no",      "n",     "false",      "f",   "0",    "off", "unchecked",
		                          "optedin", "optin", "subscribed", "non", "nein", NULL };
	char buf[64];
	const char *p;

	if (!v)
		return -1;
	for (p = v; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		;
	if (!*p)
		return -1;
	csvmap_norm_name(v, buf, sizeof buf);
	if (norm_is(buf, yes))
		return 1;
	if (norm_is(buf, no))
		return 0;
	return -2;
}

const char *consent_basis_parse(const char *v)
{
	/* Normalised spellings (csvmap_norm_name) and what they mean; a value
	 * starting with one of the prefixes is that basis ("Legitimate interest
	 * – prospect/lead", "Legitimate interest - existing customer"). */
	static const struct {
		const char *prefix;
		const char *basis;
	} forms[] = {
		{ "legitimateinterest", "legitimate_interests" },
		{ "legitimateinterests", "legitimate_interests" },
		{ "li", "legitimate_interests" },
		{ "freelygivenconsent", "consent" },
		{ "consent", "consent" },
		{ "explicitconsent", "consent" },
		{ "optin", "consent" },
		{ "performanceofacontract", "contract" },
		{ "contract", "contract" },
		{ "contractual", "contract" },
		{ "legalobligation", "legal_obligation" },
		{ "vitalinterest", "vital_interests" },
		{ "publictask", "public_task" },
		{ "publicinterest", "public_task" },
	};
	char buf[96];
	size_t i;

	if (!v)
		return NULL;
	csvmap_norm_name(v, buf, sizeof buf);
	if (!buf[0])
		return NULL;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		size_t n = strlen(forms[i].prefix);
		/* "li" only as the whole value: it starts too many words. */
		if (n <= 2 ? strcmp(buf, forms[i].prefix) == 0 : strncmp(buf, forms[i].prefix, n) == 0)
			return forms[i].basis;
	}
	return NULL;
}

int consent_forbids(const struct lc_consent *c, const char *channel, const char **why)
{
	const char *w = NULL;

	if (!channel)
		return 0;
	if (strcmp(channel, "email") == 0 && (c->do_not_email == 1 || c->unsubscribed_at))
		w = c->do_not_email == 1 ? "do not email" : "unsubscribed";
	else if ((strcmp(channel, "call") == 0 || strcmp(channel, "sms") == 0) && c->do_not_call == 1)
		w = "do not call";
	if (why)
		*why = w;
	return w != NULL;
}

const char *consent_channels_text(int do_not_email, int do_not_call, char *buf, size_t n)
{
	int ne = do_not_email == 1, nc = do_not_call == 1;

	if (ne && nc)
		snprintf(buf, n, "none (do not call, do not email)");
	else if (nc)
		snprintf(buf, n, "email only (do not call)");
	else if (ne)
		snprintf(buf, n, "call, sms only (do not email)");
	else
		snprintf(buf, n, "any");
	return buf;
}

/* Overlay one opt-out flag by the rules of consent_overlay. */
static void overlay_flag(int *into, int from, int from_import)
{
	if (from < 0 || *into == from)
		return;
	if (from_import && *into == 1)
		return; /* an opt-out stands against any file */
	if (from_import && from == 0 && *into >= 0)
		return;
	*into = from;
}

/* Replace *slot with a copy of v when v is known. */
static int overlay_str(char **slot, const char *v)
{
	char *t;

	if (!v || (*slot && strcmp(*slot, v) == 0))
		return 0;
	if (!(t = strdup(v)))
		return -1;
	free(*slot);
	*slot = t;
	return 0;
}

int consent_overlay(struct lc_consent *into, const struct lc_consent *from, int from_import)
{
	overlay_flag(&into->do_not_email, from->do_not_email, from_import);
	overlay_flag(&into->do_not_call, from->do_not_call, from_import);
	if (overlay_str(&into->lawful_basis, from->lawful_basis) != 0 ||
	    overlay_str(&into->lawful_basis_source, from->lawful_basis_source) != 0)
		return -1;
	if (from->lawful_basis_at)
		into->lawful_basis_at = from->lawful_basis_at;
	if (from->unsubscribed_at && (!from_import || !into->unsubscribed_at))
		into->unsubscribed_at = from->unsubscribed_at;
	if (into->unsubscribed_at && (into->do_not_email < 0 || from->unsubscribed_at))
		into->do_not_email = 1;
	return 0;
}
