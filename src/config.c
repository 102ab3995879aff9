/* config: the user's defaults file (see config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "leadctl/config.h"
#include "leadctl/diag.h"

void config_clear(struct lc_config *c)
{
	free(c->db);
	free(c->owner);
	free(c->actor);
	free(c->color);
	free(c->pager);
	memset(c, 0, sizeof *c);
}

/* s[0..n) without leading and trailing blanks, as a new string. */
static char *trimmed(const char *s, size_t n)
{
	char *r;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!(r = malloc(n + 1)))
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

int config_parse(const char *text, struct lc_config *out, char *err, size_t errlen)
{
	const char *p = text;
	int line = 0;

	memset(out, 0, sizeof *out);
	while (p && *p) {
		const char *end = strchr(p, '\n'), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *key = NULL, *val = NULL, **slot = NULL;
		line++;
		eq = memchr(p, '=', len);
		key = trimmed(p, eq ? (size_t)(eq - p) : len);
		if (!key)
			goto oom;
		if (!*key || key[0] == '#') {
			free(key);
			p = end ? end + 1 : NULL;
			continue;
		}
		if (!eq) {
			snprintf(err, errlen, "%d: '%s' is not a setting: write KEY = VALUE", line, key);
			free(key);
			goto fail;
		}
		if (!(val = trimmed(eq + 1, len - (size_t)(eq + 1 - p)))) {
			free(key);
			goto oom;
		}
		if (strcmp(key, "db") == 0)
			slot = &out->db;
		else if (strcmp(key, "owner") == 0)
			slot = &out->owner;
		else if (strcmp(key, "actor") == 0)
			slot = &out->actor;
		else if (strcmp(key, "color") == 0)
			slot = &out->color;
		else if (strcmp(key, "pager") == 0)
			slot = &out->pager;
		if (!slot)
			snprintf(err, errlen,
			         "%d: unknown setting '%s': use db, owner, actor, color or pager", line, key);
		else if (*slot)
			snprintf(err, errlen, "%d: '%s' is set twice: keep one", line, key);
		else if (!*val && slot != &out->pager)
			snprintf(err, errlen, "%d: '%s' has no value", line, key);
		else if (slot == &out->color && strcmp(val, "auto") && strcmp(val, "always") &&
		         strcmp(val, "never"))
			snprintf(err, errlen, "%d: color '%s': use auto, always or never", line, val);
		else {
			*slot = val;
			free(key);
			p = end ? end + 1 : NULL;
			continue;
		}
		free(key);
		free(val);
		goto fail;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	config_clear(out);
	return -1;
}

int config_load(struct lc_config *out)
{
	const char *env = getenv("LEADCTL_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char path[4096], err[512], *text = NULL;
	size_t n = 0, cap = 0, got;
	FILE *f;

	memset(out, 0, sizeof *out);
	if (env && *env)
		snprintf(path, sizeof path, "%s", env);
	else if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/leadctl/config", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/leadctl/config", home);
	else
		return 0;
	if (!(f = fopen(path, "r"))) {
		struct stat st;
		int e = errno;
		if (e == ENOENT && !(env && *env))
			return 0;
		/* A HOME this user cannot even enter (a read-only copy read by
		 * another account, with HOME still the owner's) holds no config
		 * for them; a config file they can see but not read is an error. */
		if (e == EACCES && !(env && *env) && stat(path, &st) != 0 && errno == EACCES)
			return 0;
		errno = e;
		return diag_error(LC_CONFIG, "config file '%s': %s", path, strerror(errno));
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *t = realloc(text, cap = cap ? cap * 2 : 8192);
			if (!t) {
				free(text);
				fclose(f);
				return diag_error(LC_SOFTWARE, "out of memory");
			}
			text = t;
		}
		got = fread(text + n, 1, 4096, f);
		n += got;
	} while (got > 0 && n < (1 << 20));
	fclose(f);
	text[n] = '\0';
	if (config_parse(text, out, err, sizeof err) != 0) {
		free(text);
		return diag_error(LC_CONFIG, "%s:%s", path, err);
	}
	free(text);
	/* "~/" in the database path is the home folder. */
	if (out->db && strncmp(out->db, "~/", 2) == 0 && home && *home) {
		char *full = malloc(strlen(home) + strlen(out->db));
		if (!full)
			return diag_error(LC_SOFTWARE, "out of memory");
		sprintf(full, "%s%s", home, out->db + 1);
		free(out->db);
		out->db = full;
	}
	return 0;
}
