/* identity: normalising e-mails, phones and record ids into keys (identity.h).
 *
 * Unicode comes from libunistring (character properties, NFC, case mapping),
 * domains from libidn2 (IDNA 2008 with the UTS #46 mapping), phones from
 * libphonenumber through the C wrapper in phone_plan.cc.  Every function here
 * is pure: no SQLite, no printing.  The one state is a memory of two slow
 * library answers (the IDNA form of a domain, the region of a country name),
 * which gives back exactly what the library said (see the memos below). */
#include <idn2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "leadctl/identity.h"
#include "leadctl/memo.h"
#include "leadctl/phone_plan.h"

static const char OOM[] = "out of memory";

/* Issue 13: an import normalises the same e-mail domains, country names
 * and (for re-submissions) phone numbers on row after row, and libidn2's
 * UTS #46 mapping (a domain), ICU's name folding (a country) and
 * libphonenumber's parse (a phone) were most of the parse phase.  Their
 * answers are remembered per exact input text, the forms and the refusals
 * with their reasons alike; a failure for want of memory is never
 * remembered.  Bounded (memo.h): 4096 domains, 4096 phones and 256
 * countries at most, keys of at most 255, 159 and 127 bytes: a few MiB at
 * most whatever the file. */
static struct memo domain_memo = MEMO_INIT(4096, 255);
static struct memo country_memo = MEMO_INIT(256, 127);
static struct memo phone_memo = MEMO_INIT(4096, 159);
static int memo_on = 1;

void identity_memo_set(int on)
{
	memo_on = on;
	memo_clear(&domain_memo);
	memo_clear(&country_memo);
	memo_clear(&phone_memo);
}

size_t identity_memo_entries(void)
{
	return memo_entries(&domain_memo) + memo_entries(&country_memo) + memo_entries(&phone_memo);
}

/* The characters nobody sees: general category Cf (soft hyphen U+00AD, ZWSP
 * U+200B, ZWNJ/ZWJ U+200C/D, LRM/RLM U+200E/F, the bidi embeddings and
 * isolates, word joiner U+2060, BOM U+FEFF, ...) and every other
 * Default_Ignorable_Code_Point (combining grapheme joiner U+034F, variation
 * selectors, Hangul fillers).  Unicode's own properties, not a hand list. */
static int is_invisible(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_Cf) || uc_is_property_default_ignorable_code_point(c);
}

/* White_Space: the ASCII blanks, NBSP U+00A0, U+2000..U+200A, narrow NBSP
 * U+202F, U+205F, ideographic space U+3000, line/paragraph separators. */
static int is_space(ucs4_t c)
{
	return uc_is_property_white_space(c);
}

/* A copy of the n bytes at s with a terminating NUL (NULL when out of memory). */
static char *dup_n(const void *s, size_t n)
{
	char *r = malloc(n + 1);

	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

/* "<a><sep><b>" in a new string (NULL when out of memory). */
static char *join(const char *a, char sep, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	char *r = malloc(al + bl + 2);

	if (r) {
		memcpy(r, a, al);
		r[al] = sep;
		memcpy(r + al + 1, b, bl + 1);
	}
	return r;
}

/* The cleaned form of raw: invisible characters removed everywhere, white
 * space removed at both ends and, inside, each run of it turned into one
 * ASCII space when collapse is set (else kept as it is).  Returns a new
 * string ("" when nothing visible remains), or NULL with *why set when raw is
 * not UTF-8 or memory runs out. */
static char *clean(const char *raw, int collapse, const char **why)
{
	const uint8_t *p = (const uint8_t *)raw, *end;
	uint8_t *out, *w, *last;
	size_t n = strlen(raw);
	int pending = 0;

	if (u8_check(p, n)) {
		*why = "not valid UTF-8 text";
		return NULL;
	}
	if (!(out = malloc(n + 1))) {
		*why = OOM;
		return NULL;
	}
	w = last = out;
	for (end = p + n; p < end;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p, (size_t)(end - p));

		if (is_invisible(c)) {
			p += k;
			continue;
		}
		if (is_space(c)) {
			if (w > out && collapse && !pending) {
				*w++ = ' ';
				pending = 1;
			} else if (w > out && !collapse) {
				memcpy(w, p, (size_t)k);
				w += k;
			}
			p += k;
			continue;
		}
		pending = 0;
		memcpy(w, p, (size_t)k);
		w += k;
		p += k;
		last = w;
	}
	*last = '\0';
	return (char *)out;
}

/* Cleans raw (as clean() does) into *t: IDENTITY_OK with *t a non-empty new
 * string, IDENTITY_EMPTY (raw NULL or nothing visible) or IDENTITY_INVALID
 * with *why, *t NULL in both. */
static enum identity_status cleaned(const char *raw, int collapse, char **t, const char **why)
{
	*t = NULL;
	if (!raw)
		return IDENTITY_EMPTY;
	if (!(*t = clean(raw, collapse, why)))
		return IDENTITY_INVALID;
	if (!**t) {
		free(*t);
		*t = NULL;
		return IDENTITY_EMPTY;
	}
	return IDENTITY_OK;
}

/* u (len bytes, from a libunistring function, freed here) as a new
 * NUL-terminated string; NULL when u is NULL or memory runs out. */
static char *take_u8(uint8_t *u, size_t len)
{
	char *r = u ? dup_n(u, len) : NULL;

	free(u);
	return r;
}

/* The n bytes at s in normalisation form nf (UNINORM_NFC, UNINORM_NFKC;
 * Unicode Standard Annex #15): a new string or NULL. */
static char *normalize(uninorm_t nf, const char *s, size_t n)
{
	size_t len = 0;
	uint8_t *u = u8_normalize(nf, (const uint8_t *)s, n, NULL, &len);

	return take_u8(u, len);
}

/* NFC of the n bytes at s: a new string or NULL. */
static char *nfc(const char *s, size_t n)
{
	return normalize(UNINORM_NFC, s, n);
}

/* Lower case of every letter of the n bytes at s by Unicode's full case
 * mapping without a language (so "İ" is "i̇", and a capital sigma at the end
 * of a word is "ς" by the Final_Sigma context), in NFC: a new string or NULL. */
static char *lower(const char *s, size_t n)
{
	size_t len = 0;
	uint8_t *u = u8_tolower((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &len);

	return take_u8(u, len);
}

/* 1 when the A-label form of a domain is a host name: two labels or more,
 * each 1..63 letters, digits or '-' without one at either end, and a last
 * label that is not all digits (no IP addresses). */
static int is_host_name(const char *a)
{
	const char *label = a, *p;
	int labels = 0, digits_only = 1;

	for (p = a;; p++) {
		if (*p == '.' || !*p) {
			size_t len = (size_t)(p - label);
			if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-')
				return 0;
			labels++;
			if (!*p)
				break;
			label = p + 1;
			digits_only = 1;
		} else if ((*p >= 'a' && *p <= 'z') || *p == '-') {
			digits_only = 0;
		} else if (!(*p >= '0' && *p <= '9')) {
			return 0;
		}
	}
	return labels >= 2 && !digits_only;
}

/* The domain key of the NFC text d: lower case, IDNA 2008 (libidn2, UTS #46
 * non-transitional mapping, so "ß" stays "ß" and "。" is a dot), checked as a
 * host name on its A-label form, returned as its U-label form.  A single
 * trailing dot (the DNS root) is dropped.  A new string, or NULL with *why. */
static char *domain_form_of(const char *d, const char **why)
{
	char *low, *ascii = NULL, *uni = NULL, *r = NULL;
	size_t n = strlen(d);
	int rc;

	if (n && d[n - 1] == '.')
		n--;
	if (!n) {
		*why = "no domain";
		return NULL;
	}
	if (!(low = lower(d, n))) {
		*why = OOM;
		return NULL;
	}
	rc = idn2_to_ascii_8z(low, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc == IDN2_MALLOC) {
		*why = OOM;
	} else if (rc != IDN2_OK || !is_host_name(ascii)) {
		*why = "not a valid domain (IDNA 2008)";
	} else if ((rc = idn2_to_unicode_8z8z(ascii, &uni, 0)) != IDN2_OK) {
		*why = rc == IDN2_MALLOC ? OOM : "not a valid domain (IDNA 2008)";
	} else if (!(r = dup_n(uni, strlen(uni)))) {
		*why = OOM;
	}
	idn2_free(ascii);
	idn2_free(uni);
	free(low);
	return r;
}

/* domain_form_of(d), remembered in domain_memo. */
static char *domain_form(const char *d, const char **why)
{
	const char *value, *note;
	char *r;

	if (memo_on && memo_get(&domain_memo, d, &value, &note)) {
		if (!value) {
			*why = note;
			return NULL;
		}
		if (!(r = dup_n(value, strlen(value))))
			*why = OOM;
		return r;
	}
	r = domain_form_of(d, why);
	if (memo_on && (r || *why != OOM))
		memo_put(&domain_memo, d, r, r ? NULL : *why);
	return r;
}

/* 1 when c (ASCII) may appear in the local part of an address: RFC 5322
 * atext plus '.'; non-ASCII is checked apart (RFC 6531 UTF8-non-ascii). */
static int local_ascii_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

/* Why the lower-cased local part l is not one, or NULL when it is. */
static const char *local_part_problem(const char *l)
{
	const uint8_t *p = (const uint8_t *)l, *end = p + strlen(l);

	if (!*l)
		return "not an e-mail address (nothing before '@')";
	if (end - p > 64)
		return "not an e-mail address (more than 64 bytes before '@', RFC 5321)";
	if (l[0] == '.' || end[-1] == '.' || strstr(l, ".."))
		return "not an e-mail address (a dot at the start or end of the name, or two dots)";
	while (p < end) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p, (size_t)(end - p));

		if (c < 0x80 ? !local_ascii_ok((char)c)
		             : is_space(c) || uc_is_general_category(c, UC_CATEGORY_Cc) ||
		                       uc_is_general_category(c, UC_CATEGORY_Cn) || c == 0xFFFD)
			return is_space(c) ? "not an e-mail address (a space inside)"
			                   : "not an e-mail address (a character not allowed before '@')";
		p += k;
	}
	return NULL;
}

/* The address inside a "Name <address>", "<address>", "mailto:address?..."
 * wrapping of the cleaned text t, cleaned again; a new string or NULL. */
static char *unwrap_address(const char *t, const char **why)
{
	size_t n = strlen(t);
	const char *s = t, *e = t + n, *lt;

	if (n && t[n - 1] == '>' && (lt = strrchr(t, '<'))) {
		s = lt + 1;
		e = t + n - 1;
	}
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if ((size_t)(e - s) >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		const char *q = memchr(s, '?', (size_t)(e - s));
		s += 7;
		if (q)
			e = q;
	}
	{
		char *inner = dup_n(s, (size_t)(e - s)), *r;
		if (!inner) {
			*why = OOM;
			return NULL;
		}
		/* Nothing unwrapped: t is clean already, and clean() of a clean
		 * text is that text. */
		if (s == t && e == t + n)
			return inner;
		r = clean(inner, 0, why);
		free(inner);
		return r;
	}
}

enum identity_status identity_email_key(const char *raw, char **key, const char **why)
{
	enum identity_status st = IDENTITY_INVALID;
	char *t = NULL, *addr = NULL, *norm = NULL, *local = NULL, *domain = NULL, *at;
	const char *problem;

	*key = NULL;
	if ((st = cleaned(raw, 0, &t, why)) != IDENTITY_OK)
		return st;
	st = IDENTITY_INVALID;
	if (!(addr = unwrap_address(t, why)))
		goto done;
	if (!(norm = nfc(addr, strlen(addr)))) {
		*why = OOM;
		goto done;
	}
	if (!(at = strchr(norm, '@'))) {
		*why = "not an e-mail address (no '@')";
		goto done;
	}
	if (strchr(at + 1, '@')) {
		*why = "not an e-mail address (more than one '@')";
		goto done;
	}
	if (!(local = lower(norm, (size_t)(at - norm)))) {
		*why = OOM;
		goto done;
	}
	if ((problem = local_part_problem(local))) {
		*why = problem;
		goto done;
	}
	if (!(domain = domain_form(at + 1, why)))
		goto done;
	if (strlen(local) + 1 + strlen(domain) > 254) {
		*why = "not an e-mail address (longer than 254 bytes, RFC 5321)";
		goto done;
	}
	if (!(*key = join(local, '@', domain))) {
		*why = OOM;
		goto done;
	}
	st = IDENTITY_OK;
done:
	free(t);
	free(addr);
	free(norm);
	free(local);
	free(domain);
	return st;
}

const char *identity_email_domain(const char *key)
{
	const char *at = key ? strrchr(key, '@') : NULL;

	return at ? at + 1 : NULL;
}

char *identity_domain_key(const char *raw)
{
	const char *why = NULL, *h, *e, *p;
	char *t, *host = NULL, *norm = NULL, *r = NULL;

	if (!raw || !(t = clean(raw, 0, &why)))
		return NULL;
	h = t;
	if ((p = strstr(h, "://")))
		h = p + 3;
	else if (h[0] == '/' && h[1] == '/')
		h += 2;
	e = h + strcspn(h, "/?#");
	/* user:password@host */
	for (p = e; p > h; p--)
		if (p[-1] == '@') {
			h = p;
			break;
		}
	if ((p = memchr(h, ':', (size_t)(e - h))))
		e = p;
	if (e > h && (host = dup_n(h, (size_t)(e - h))) && (norm = nfc(host, strlen(host))) &&
	    (r = domain_form(norm, &why)) && strncmp(r, "www.", 4) == 0 && strchr(r + 4, '.'))
		memmove(r, r + 4, strlen(r + 4) + 1);
	free(t);
	free(host);
	free(norm);
	return r;
}

/* The end of the run of ASCII digits at p (p itself when there is none). */
static const char *digits_end(const char *p)
{
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

/* The end of a decimal number at s: an optional sign, digits, and an
 * optional decimal point or comma followed by digits; NULL when s does not
 * start with one.  *fraction is set to the digits after the point (or NULL). */
static const char *decimal_end(const char *s, const char **fraction)
{
	const char *p = s, *e;

	*fraction = NULL;
	if (*p == '+' || *p == '-')
		p++;
	if ((e = digits_end(p)) == p)
		return NULL;
	if (*e == '.' || *e == ',') {
		*fraction = e + 1;
		if ((p = digits_end(e + 1)) == e + 1)
			return NULL;
		e = p;
	}
	return e;
}

/* 1 when s is a number in a spreadsheet's scientific notation: a decimal
 * number, then E, a sign and digits ("4.71236E+15", "1,2E+15", "5E+15").  The
 * sign is required: every spreadsheet and CSV tool writes it, and it keeps
 * hexadecimal ids such as "12e45" apart. */
static int is_scientific(const char *s)
{
	const char *fraction, *p = decimal_end(s, &fraction), *e;

	if (!p || (*p != 'E' && *p != 'e') || (p[1] != '+' && p[1] != '-'))
		return 0;
	e = digits_end(p + 2);
	return e > p + 2 && *e == '\0';
}

/* 1 when s is an integer that went through a float: digits, a decimal point
 * (or comma) and only zeros ("1177.0", "34612345678.0", "1177,00"). */
static int is_float_integer(const char *s)
{
	const char *fraction, *e = decimal_end(s, &fraction);

	return e && !*e && fraction && *s != '-' && strspn(fraction, "0") == (size_t)(e - fraction);
}

/* Why the text t is a value a spreadsheet damaged, or NULL when it is not. */
static const char *spreadsheet_damage(const char *t)
{
	if (is_scientific(t))
		return "rounded by a spreadsheet (scientific notation)";
	if (is_float_integer(t))
		return "turned into a decimal number by a spreadsheet (ends in .0)";
	return NULL;
}

/* phone_plan_region_of_country(country, region), remembered in
 * country_memo ("" for a name it does not know). */
static int region_of_country(const char *country, char region[3])
{
	const char *value, *note;
	int found;

	if (memo_on && memo_get(&country_memo, country, &value, &note)) {
		if (!*value)
			return 0;
		memcpy(region, value, 3);
		return 1;
	}
	found = phone_plan_region_of_country(country, region);
	if (memo_on)
		memo_put(&country_memo, country, found ? region : "", NULL);
	return found;
}

/* phone_plan_e164(text, region, e164, extension), remembered in phone_memo
 * by region and text ("ES\x1f612 345 678"), as the status in one digit, the
 * E.164 form, \x1f and the extension.  A library failure is not remembered. */
static enum phone_plan_status e164_of(const char *text, const char *region, char **e164, char **extension)
{
	enum phone_plan_status ps;
	const char *value, *note, *sep;
	char key[160], val[96];

	*e164 = *extension = NULL;
	if (snprintf(key, sizeof key, "%s\x1f%s", region ? region : "", text) >= (int)sizeof key || !memo_on)
		return phone_plan_e164(text, region, e164, extension);
	if (memo_get(&phone_memo, key, &value, &note)) {
		ps = (enum phone_plan_status)(value[0] - '0');
		sep = strchr(value + 1, '\x1f');
		if (sep - value > 1 && !(*e164 = dup_n(value + 1, (size_t)(sep - value - 1))))
			return PHONE_PLAN_FAILED;
		if (sep[1] && !(*extension = dup_n(sep + 1, strlen(sep + 1)))) {
			free(*e164);
			*e164 = NULL;
			return PHONE_PLAN_FAILED;
		}
		return ps;
	}
	ps = phone_plan_e164(text, region, e164, extension);
	if (ps != PHONE_PLAN_FAILED &&
	    snprintf(val, sizeof val, "%c%s\x1f%s", '0' + (int)ps, *e164 ? *e164 : "",
	             *extension ? *extension : "") < (int)sizeof val)
		memo_put(&phone_memo, key, val, NULL);
	return ps;
}

/* The region (ISO 3166 alpha-2) to read national numbers in: the row's
 * country (or a calling code given in its place, "+34"), else the default
 * calling code (or a country given in its place), else "" (unknown). */
static void phone_region(const char *country, const char *default_cc, char region[3])
{
	region[0] = '\0';
	if (country &&
	    (region_of_country(country, region) || phone_plan_region_of_calling_code(country, region)))
		return;
	if (default_cc && !phone_plan_region_of_calling_code(default_cc, region) &&
	    !region_of_country(default_cc, region))
		region[0] = '\0';
}

/* Why the phone library refused a number, as a phrase for *why. */
static const char *phone_plan_why(enum phone_plan_status ps)
{
	switch (ps) {
	case PHONE_PLAN_OK: break;
	case PHONE_PLAN_NOT_A_NUMBER: return "not a phone number";
	case PHONE_PLAN_NO_COUNTRY:
		return "a national number without a country (write it with '+' and the country code, or give "
		       "the "
		       "country)";
	case PHONE_PLAN_BAD_COUNTRY: return "not a phone number (no country has that calling code)";
	case PHONE_PLAN_TOO_SHORT: return "not a phone number (too short)";
	case PHONE_PLAN_TOO_LONG: return "not a possible phone number (too long for its country)";
	case PHONE_PLAN_BAD_LENGTH: return "not a possible phone number (a length its country does not use)";
	case PHONE_PLAN_LOCAL_ONLY: return "not a full phone number (the area code is missing)";
	case PHONE_PLAN_FAILED: return OOM;
	}
	return "not a phone number";
}

enum identity_status identity_phone_key(const char *raw, const char *country, const char *default_cc,
                                        struct identity_phone *out, const char **why)
{
	enum identity_status st = IDENTITY_INVALID;
	enum phone_plan_status ps;
	char *t = NULL, *k = NULL, region[3];
	const char *damage;
	size_t n;

	memset(out, 0, sizeof *out);
	if ((st = cleaned(raw, 1, &t, why)) != IDENTITY_OK)
		return st;
	st = IDENTITY_INVALID;
	/* NFKC: full-width digits and signs ("＋３４ ６１２") are ASCII ones. */
	if (!(k = normalize(UNINORM_NFKC, t, strlen(t)))) {
		*why = OOM;
		goto done;
	}
	/* ="0612345678": a spreadsheet's guard for leading zeros, not damage. */
	n = strlen(k);
	if (n > 3 && k[0] == '=' && k[1] == '"' && k[n - 1] == '"') {
		memmove(k, k + 2, n - 3);
		k[n - 3] = '\0';
	}
	if (k[0] == '\'' && (k[1] == '+' || (k[1] >= '0' && k[1] <= '9'))) {
		*why = "marked as text by a spreadsheet (a leading apostrophe)";
		st = IDENTITY_DAMAGED;
		goto done;
	}
	if ((damage = spreadsheet_damage(k))) {
		*why = damage;
		st = IDENTITY_DAMAGED;
		goto done;
	}
	phone_region(country, default_cc, region);
	ps = e164_of(k, *region ? region : NULL, &out->e164, &out->extension);
	if (ps == PHONE_PLAN_OK)
		st = IDENTITY_OK;
	else
		*why = phone_plan_why(ps);
done:
	free(t);
	free(k);
	return st;
}

void identity_phone_free(struct identity_phone *p)
{
	if (!p)
		return;
	free(p->e164);
	free(p->extension);
	p->e164 = p->extension = NULL;
}

int identity_record_maybe_rounded(const char *id)
{
	size_t n;

	if (!id)
		return 0;
	if (*id == '-' || *id == '+')
		id++;
	while (*id == '0')
		id++;
	n = strspn(id, "0123456789");
	return id[n] == '\0' && n >= 16 && strspn(id + 15, "0") == n - 15;
}

int identity_system_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_' || ch == '.';
}

enum identity_status identity_record_key(const char *raw, const char *system, char **key, const char **why)
{
	enum identity_status st = IDENTITY_INVALID;
	char *t = NULL, *id = NULL, *sys = NULL, *p;
	const char *damage;

	*key = NULL;
	if ((st = cleaned(raw, 1, &t, why)) != IDENTITY_OK)
		return st;
	st = IDENTITY_INVALID;
	if ((damage = spreadsheet_damage(t))) {
		*why = damage;
		st = IDENTITY_DAMAGED;
		goto done;
	}
	if (!(id = nfc(t, strlen(t)))) {
		*why = OOM;
		goto done;
	}
	if (!(sys = clean(system ? system : "", 0, why)))
		goto done;
	for (p = sys; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!identity_system_char((unsigned char)*p)) {
			*why = "not a source-system name (letters, digits, '-', '_' or '.')";
			goto done;
		}
	}
	if (!(*key = join(*sys ? sys : "ext", ':', id))) {
		*why = OOM;
		goto done;
	}
	st = IDENTITY_OK;
done:
	free(t);
	free(id);
	free(sys);
	return st;
}
