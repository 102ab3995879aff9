/* idlist: a lead's identities as one text cell (include/leadctl/idlist.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadctl/idlist.h"
#include "leadctl/vec.h"

/* System names that would read as another kind: written "record:SYSTEM:ID". */
static int reserved_system(const char *s)
{
	return strcmp(s, "email") == 0 || strcmp(s, "phone") == 0 || strcmp(s, "record") == 0;
}

/* Append s to f with '%' and ';' percent-encoded. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == ';')
			fputs("%3B", f);
		else
			fputc(*s, f);
	}
}

char *idlist_format(const struct idlist_entry *e, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *sys = e[i].system && *e[i].system ? e[i].system : "ext";
		if (i)
			fputc(';', f);
		if (e[i].kind == IDLIST_EMAIL)
			fputs("email:", f);
		else if (e[i].kind == IDLIST_PHONE)
			fputs("phone:", f);
		else
			fprintf(f, "%s%s:", reserved_system(sys) ? "record:" : "", sys);
		put_escaped(f, e[i].value ? e[i].value : "");
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode the percent-escapes of s[0..n) into a new string; NULL with *bad =
 * 1 when an escape is not two hex digits (or decodes to NUL). */
static char *unescape(const char *s, size_t n, int *bad)
{
	char *o = malloc(n + 1), *d = o;
	size_t i;

	*bad = 0;
	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			*d++ = s[i];
			continue;
		}
		if (i + 2 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
		    hexval((unsigned char)s[i + 2]) < 0 ||
		    (hexval((unsigned char)s[i + 1]) | hexval((unsigned char)s[i + 2])) == 0) {
			free(o);
			*bad = 1;
			return NULL;
		}
		*d++ = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
		i += 2;
	}
	*d = '\0';
	return o;
}

void idlist_free(struct idlist_entry *e, size_t n)
{
	size_t i;

	for (i = 0; e && i < n; i++) {
		free(e[i].system);
		free(e[i].value);
	}
	free(e);
}

int idlist_parse(const char *text, struct idlist_entry **out, size_t *n, char *why, size_t whylen)
{
	struct idlist_entry *v = NULL;
	size_t len = 0, cap = 0;
	const char *p = text ? text : "";

	*out = NULL;
	*n = 0;
	while (*p) {
		const char *end = strchr(p, ';'), *b = p, *e, *colon;
		struct idlist_entry ent = { IDLIST_EMAIL, NULL, NULL };
		int bad = 0;

		if (!end)
			end = p + strlen(p);
		p = *end ? end + 1 : end;
		e = end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (b == e)
			continue;
		colon = memchr(b, ':', (size_t)(e - b));
		if (!colon || colon == b || colon + 1 == e) {
			snprintf(why, whylen, "entry '%.*s' is not KIND:VALUE (email:, phone: or SYSTEM:)",
			         (int)(e - b > 60 ? 60 : e - b), b);
			goto invalid;
		}
		if ((size_t)(colon - b) == 5 && memcmp(b, "email", 5) == 0)
			ent.kind = IDLIST_EMAIL;
		else if ((size_t)(colon - b) == 5 && memcmp(b, "phone", 5) == 0)
			ent.kind = IDLIST_PHONE;
		else {
			const char *sb = b, *se = colon;
			ent.kind = IDLIST_RECORD;
			if ((size_t)(colon - b) == 6 && memcmp(b, "record", 6) == 0) {
				sb = colon + 1;
				se = memchr(sb, ':', (size_t)(e - sb));
				if (!se || se == sb || se + 1 == e) {
					snprintf(why, whylen, "entry '%.*s' is not record:SYSTEM:ID",
					         (int)(e - b > 60 ? 60 : e - b), b);
					goto invalid;
				}
				colon = se;
			}
			if (!(ent.system = strndup(sb, (size_t)(se - sb))))
				goto oom;
		}
		ent.value = unescape(colon + 1, (size_t)(e - colon - 1), &bad);
		if (bad) {
			snprintf(why, whylen,
			         "entry '%.*s' has a bad %%-escape (use %%25 for %% and %%3B for ;)",
			         (int)(e - b > 60 ? 60 : e - b), b);
			free(ent.system);
			goto invalid;
		}
		if (!ent.value) {
			free(ent.system);
			goto oom;
		}
		if (vec_reserve((void **)&v, &cap, len + 1, sizeof *v) != 0) {
			free(ent.system);
			free(ent.value);
			goto oom;
		}
		v[len++] = ent;
	}
	*out = v;
	*n = len;
	return 0;
invalid:
	idlist_free(v, len);
	return 1;
oom:
	idlist_free(v, len);
	return -1;
}
