/* privacy: needles, reject-file scrubbing, random bytes and digests
 * (privacy.h).  No SQLite. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadctl/csvread.h"
#include "leadctl/diag.h"
#include "leadctl/privacy.h"
#include "leadctl/fold.h"
#include "leadctl/sha256.h"
#include "leadctl/vec.h"

int privacy_needle_add(struct lc_needles *nd, const char *s)
{
	char *c;
	size_t i;

	if (!s || !*s)
		return 0;
	/* every letter's case (an address "JOSÉ@…" in a reject file is José's) */
	if (!(c = fold_case(s, strlen(s), NULL)))
		return -1;
	for (i = 0; i < nd->n; i++)
		if (strcmp(nd->v[i], c) == 0) {
			free(c);
			return 0;
		}
	if (vec_reserve((void **)&nd->v, &nd->cap, nd->n + 1, sizeof *nd->v) != 0) {
		free(c);
		return -1;
	}
	nd->v[nd->n++] = c;
	return 0;
}

void privacy_needles_free(struct lc_needles *nd)
{
	size_t i;

	for (i = 0; i < nd->n; i++)
		free(nd->v[i]);
	free(nd->v);
	memset(nd, 0, sizeof *nd);
}

/* 1 when s is a phone as stored: '+' and at least 6 digits. */
static int is_phone(const char *s)
{
	size_t i;

	if (s[0] != '+' || strlen(s) < 7)
		return 0;
	for (i = 1; s[i]; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* 1 when the digits of phone (or its last 9) occur in text as a run of
 * digits that may be broken by spaces, dots, dashes, slashes or brackets. */
static int has_phone(const char *text, size_t n, const char *phone)
{
	const char *digits = phone + 1;
	size_t nd = strlen(digits), i;
	const char *tails[2];
	int t;

	tails[0] = digits;
	tails[1] = nd > 9 ? digits + nd - 9 : NULL;
	for (t = 0; t < 2; t++) {
		const char *want = tails[t];
		if (!want)
			continue;
		for (i = 0; i < n; i++) {
			size_t p = i, k = 0;
			if (!isdigit((unsigned char)text[i]) ||
			    (i > 0 && isdigit((unsigned char)text[i - 1])))
				continue;
			while (p < n && want[k]) {
				if (text[p] == want[k]) {
					k++;
					p++;
				} else if (strchr(" .-/()", text[p]) && k > 0) {
					p++;
				} else {
					break;
				}
			}
			if (!want[k] && (p >= n || !isdigit((unsigned char)text[p])))
				return 1;
		}
	}
	return 0;
}

int privacy_text_matches(const char *text, size_t n, const struct lc_needles *nd)
{
	char *folded = NULL;
	size_t i;
	int hit = 0;

	for (i = 0; i < nd->n && !hit; i++) {
		if (is_phone(nd->v[i])) {
			hit = has_phone(text, n, nd->v[i]);
			continue;
		}
		/* the text folded as the needles are (fold_case), once */
		if (!folded && !(folded = fold_case(text, n, NULL)))
			return 1; /* out of memory: scrub the line rather than keep it */
		hit = strstr(folded, nd->v[i]) != NULL;
	}
	free(folded);
	return hit;
}

int privacy_scrub_rejects(const char *path, const struct lc_needles *nd, char **tmp_path, int64_t *removed,
                          int *missing)
{
	struct csvread_opts o;
	struct csvread *r = NULL;
	struct csvread_record rec;
	struct stat sb;
	char *err = NULL, *tmp = NULL;
	FILE *out = NULL;
	int rc = 0, st, fd = -1;
	int64_t dropped = 0;

	*tmp_path = NULL;
	*removed = 0;
	*missing = 0;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT) {
			*missing = 1;
			return 0;
		}
		return diag_error(LC_IOERR, "forget: cannot read reject file '%s': %s", path,
		                  strerror(errno));
	}
	/* First pass: is there anything to remove?  (Most reject files are
	 * untouched, and then they are not rewritten.) */
	csvread_opts_init(&o);
	o.delimiter = ',';
	o.encoding = CSVREAD_ENC_UTF8;
	for (;;) {
		int pass2 = tmp != NULL;
		if (csvread_open(path, &o, &r, &err) != 0) {
			rc = diag_error(LC_DATAERR,
			                "forget: reject file '%s' cannot be read as CSV: %s: remove the "
			                "person's rows by hand",
			                path, err ? err : "?");
			goto cleanup;
		}
		if (pass2)
			fputs("line,reason,record\r\n", out);
		while ((st = csvread_next(r, &rec)) == CSVREAD_RECORD) {
			int hit = privacy_text_matches(rec.raw, rec.raw_len, nd);
			if (!pass2)
				dropped += hit;
			else if (!hit && (fwrite(rec.raw, 1, rec.raw_len, out) != rec.raw_len ||
			                  fputs("\r\n", out) == EOF)) {
				rc = diag_error(LC_IOERR, "forget: cannot write '%s': %s", tmp,
				                strerror(errno));
				goto cleanup;
			}
		}
		if (st != CSVREAD_END) {
			rc = diag_error(LC_DATAERR,
			                "forget: reject file '%s': %s: remove the person's rows by hand",
			                path, csvread_error(r) ? csvread_error(r) : "cannot read");
			goto cleanup;
		}
		csvread_close(r);
		r = NULL;
		if (pass2 || dropped == 0)
			break;
		tmp = malloc(strlen(path) + 16);
		if (!tmp) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
		sprintf(tmp, "%s.forget-XXXXXX", path);
		if ((fd = mkstemp(tmp)) < 0 || fchmod(fd, sb.st_mode & 0777) != 0 ||
		    !(out = fdopen(fd, "w"))) {
			rc = diag_error(LC_CANTCREAT,
			                "forget: cannot create '%s' to rewrite the reject file: %s", tmp,
			                strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			free(tmp);
			tmp = NULL;
			goto cleanup;
		}
		fd = -1;
	}
	if (out) {
		if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
			rc = diag_error(LC_IOERR, "forget: cannot write '%s': %s", tmp, strerror(errno));
			goto cleanup;
		}
		fclose(out);
		out = NULL;
	}
	*removed = dropped;
	*tmp_path = tmp;
	tmp = NULL;
cleanup:
	csvread_close(r);
	free(err);
	if (out)
		fclose(out);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}

int privacy_random(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

void privacy_digest(const char *salt, const char *kind, const char *value, char hex[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, salt, strlen(salt));
	sha256_update(&s, kind, strlen(kind));
	sha256_update(&s, ":", 1);
	sha256_update(&s, value, strlen(value));
	sha256_hex(&s, hex);
}
