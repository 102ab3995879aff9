/* import_spool: mapped records on disk between the import's phases (see
 * include/leadctl/import_spool.h).
 *
 * An entry is a 4-byte length (host order: the spool never leaves the
 * process), then its fields in a fixed order: integers as zigzag varints
 * (7 bits a byte, so that the many zeros and small numbers take a byte),
 * strings as a varint of their length + 1 (0: NULL) and their bytes.  Every field of
 * struct csvmap_row is written; the _Static_asserts below fail the build
 * when the struct grows, so that a new field cannot be lost between the
 * phases unnoticed (add it to put_row and get_row, then the new size). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadctl/consent.h"
#include "leadctl/idlist.h"
#include "leadctl/import_spool.h"
#include "leadctl/lead.h"
#include "leadctl/vec.h"

#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(struct csvmap_row) == 440, "csvmap_row changed: update import_spool.c");
_Static_assert(sizeof(struct lc_lead) == 176, "lc_lead changed: update import_spool.c");
_Static_assert(sizeof(struct lc_consent) == 40, "lc_consent changed: update import_spool.c");
_Static_assert(sizeof(struct idlist_entry) == 24, "idlist_entry changed: update import_spool.c");
#endif

#define NULL_LEN 0xffffffffu

/* The spool stays in memory up to this many bytes, then moves to a file:
 * a small import never needs $TMPDIR, a large one uses this much memory
 * and no more (issue 13: peak memory flat in the input's size). */
#define SPOOL_MEMORY ((size_t)8 << 20)

struct import_spool {
	FILE *f;                 /* the unlinked temporary file, or NULL while in memory */
	unsigned char *mem;      /* the entries while in memory */
	size_t mem_len, mem_cap; /* bytes used, allocated */
	size_t mem_pos;          /* the reading position in mem */
	unsigned char *buf;      /* the entry being written or read */
	size_t len, cap;         /* bytes used, allocated */
};

/* The writer: appends to sp->buf; a failed allocation sticks in *oom. */
struct enc {
	struct import_spool *sp;
	int oom;
};

static void put(struct enc *w, const void *p, size_t n)
{
	if (w->oom || vec_reserve((void **)&w->sp->buf, &w->sp->cap, w->sp->len + n, 1) != 0) {
		w->oom = 1;
		return;
	}
	memcpy(w->sp->buf + w->sp->len, p, n);
	w->sp->len += n;
}

static void put_varint(struct enc *w, uint64_t u)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = (unsigned char)(u & 0x7f);
		u >>= 7;
		if (u)
			b[n] |= 0x80;
		n++;
	} while (u);
	put(w, b, n);
}

static void put_i64(struct enc *w, int64_t v)
{
	put_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_bytes(struct enc *w, const char *s, size_t n)
{
	put_varint(w, s ? (uint64_t)n + 1 : 0);
	if (s)
		put(w, s, n);
}

static void put_str(struct enc *w, const char *s)
{
	put_bytes(w, s, s ? strlen(s) : 0);
}

static void put_lead(struct enc *w, const struct lc_lead *l)
{
	size_t i;

	put_i64(w, l->id);
	for (i = 0; i < lead_string_field_count; i++)
		put_str(w, *(char *const *)((const char *)l + lead_string_fields[i].off));
	put_str(w, l->external_system);
	put_str(w, l->custom_json);
	put_i64(w, l->employees);
	put_i64(w, l->stage);
	put(w, &l->score, sizeof l->score);
	put_i64(w, l->score_at);
	put_i64(w, l->created_at);
	put_i64(w, l->account_id);
}

static void put_row(struct enc *w, const struct csvmap_row *r)
{
	size_t i;

	put_i64(w, r->line);
	put_lead(w, &r->lead);
	put_i64(w, r->has_stage);
	put_i64(w, r->has_created_at);
	for (i = 0; i < STAGE_COUNT; i++) {
		put_i64(w, r->stage_at[i]);
		put_i64(w, r->stage_at_known[i]);
	}
	put_i64(w, (int64_t)r->nevents);
	for (i = 0; i < r->nevents; i++) {
		put_str(w, r->events[i].type);
		put_i64(w, r->events[i].at);
	}
	put_i64(w, r->consent.do_not_email);
	put_i64(w, r->consent.do_not_call);
	put_str(w, r->consent.lawful_basis);
	put_i64(w, r->consent.lawful_basis_at);
	put_str(w, r->consent.lawful_basis_source);
	put_i64(w, r->consent.unsubscribed_at);
	put_str(w, r->submission_id);
	put_str(w, r->error);
	put_str(w, r->warning);
	put_i64(w, r->closed_at);
	put_i64(w, r->has_closed_at);
	put_i64(w, r->stage_date);
	put_i64(w, r->has_stage_date);
	put_i64(w, r->amount_cents);
	put_bytes(w, r->currency, sizeof r->currency);
	put_str(w, r->reason);
	put_i64(w, r->reason_mapped);
	put_i64(w, (int64_t)r->nids);
	for (i = 0; i < r->nids; i++) {
		put_i64(w, r->ids[i].kind);
		put_str(w, r->ids[i].system);
		put_str(w, r->ids[i].value);
	}
	put_i64(w, r->lead_number);
	put_i64(w, r->updated_at);
	put_i64(w, r->activity_at);
}

/* The reader over one entry's bytes; a short or bad entry sticks in *bad,
 * a failed allocation in *oom. */
struct dec {
	const unsigned char *p, *end;
	int bad, oom;
};

static void get(struct dec *d, void *out, size_t n)
{
	if (d->bad || (size_t)(d->end - d->p) < n) {
		d->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, d->p, n);
	d->p += n;
}

static uint64_t get_varint(struct dec *d)
{
	uint64_t u = 0;
	unsigned shift = 0;

	for (;;) {
		if (d->bad || d->p == d->end || shift > 63) {
			d->bad = 1;
			return 0;
		}
		u |= (uint64_t)(*d->p & 0x7f) << shift;
		if (!(*d->p++ & 0x80))
			return u;
		shift += 7;
	}
}

static int64_t get_i64(struct dec *d)
{
	uint64_t u = get_varint(d);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A string (NULL for a NULL one), malloc'd; *n its length when n. */
static char *get_bytes(struct dec *d, size_t *n)
{
	uint64_t len = get_varint(d);
	char *s;

	if (n)
		*n = 0;
	if (d->bad || len-- == 0)
		return NULL;
	if ((uint64_t)(d->end - d->p) < len) {
		d->bad = 1;
		return NULL;
	}
	if (!(s = malloc((size_t)len + 1))) {
		d->oom = 1;
		return NULL;
	}
	memcpy(s, d->p, len);
	s[len] = 0;
	d->p += len;
	if (n)
		*n = len;
	return s;
}

static char *get_str(struct dec *d)
{
	return get_bytes(d, NULL);
}

static void get_lead(struct dec *d, struct lc_lead *l)
{
	size_t i;

	l->id = get_i64(d);
	for (i = 0; i < lead_string_field_count; i++)
		*(char **)((char *)l + lead_string_fields[i].off) = get_str(d);
	l->external_system = get_str(d);
	l->custom_json = get_str(d);
	l->employees = get_i64(d);
	l->stage = (enum lc_stage)get_i64(d);
	get(d, &l->score, sizeof l->score);
	l->score_at = get_i64(d);
	l->created_at = get_i64(d);
	l->account_id = get_i64(d);
}

/* A count of n elements of size elem that the rest of the entry could
 * hold (at least 2 bytes each), else 0 with d->bad set. */
static size_t get_count(struct dec *d, size_t elem)
{
	int64_t n = get_i64(d);

	if (n < 0 || (uint64_t)n > (uint64_t)(d->end - d->p) / 2 || (n && !elem)) {
		d->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static void get_row(struct dec *d, struct csvmap_row *r)
{
	size_t i, n;
	char *cur;

	r->line = (long)get_i64(d);
	get_lead(d, &r->lead);
	r->has_stage = (int)get_i64(d);
	r->has_created_at = (int)get_i64(d);
	for (i = 0; i < STAGE_COUNT; i++) {
		r->stage_at[i] = get_i64(d);
		r->stage_at_known[i] = (unsigned char)get_i64(d);
	}
	if ((n = get_count(d, sizeof *r->events))) {
		if (!(r->events = calloc(n, sizeof *r->events))) {
			d->oom = 1;
			return;
		}
		for (i = 0; i < n; i++) {
			r->events[i].type = get_str(d);
			r->events[i].at = get_i64(d);
			r->nevents++;
		}
	}
	r->consent.do_not_email = (int)get_i64(d);
	r->consent.do_not_call = (int)get_i64(d);
	r->consent.lawful_basis = get_str(d);
	r->consent.lawful_basis_at = get_i64(d);
	r->consent.lawful_basis_source = get_str(d);
	r->consent.unsubscribed_at = get_i64(d);
	r->submission_id = get_str(d);
	r->error = get_str(d);
	r->warning = get_str(d);
	r->closed_at = get_i64(d);
	r->has_closed_at = (int)get_i64(d);
	r->stage_date = get_i64(d);
	r->has_stage_date = (int)get_i64(d);
	r->amount_cents = get_i64(d);
	if ((cur = get_bytes(d, &n))) {
		memcpy(r->currency, cur, n < sizeof r->currency ? n : sizeof r->currency);
		free(cur);
	}
	r->reason = get_str(d);
	r->reason_mapped = (int)get_i64(d);
	if ((n = get_count(d, sizeof *r->ids))) {
		if (!(r->ids = calloc(n, sizeof *r->ids))) {
			d->oom = 1;
			return;
		}
		for (i = 0; i < n; i++) {
			r->ids[i].kind = (enum idlist_kind)get_i64(d);
			r->ids[i].system = get_str(d);
			r->ids[i].value = get_str(d);
			r->nids++;
		}
	}
	r->lead_number = get_i64(d);
	r->updated_at = get_i64(d);
	r->activity_at = get_i64(d);
}

void import_entry_init(struct import_entry *e)
{
	memset(e, 0, sizeof *e);
	memset(&e->row, 0, sizeof e->row);
	lead_init(&e->row.lead);
	consent_init(&e->row.consent);
	e->row.amount_cents = -1;
}

void import_entry_clear(struct import_entry *e)
{
	free(e->csv_error);
	free(e->raw);
	csvmap_row_clear(&e->row);
	import_entry_init(e);
}

int import_entry_decode(const unsigned char *blob, size_t len, struct import_entry *e)
{
	struct dec d = { blob, blob + len, 0, 0 };
	size_t n;

	import_entry_clear(e);
	e->line = (long)get_i64(&d);
	e->csv_error = get_str(&d);
	e->raw = get_bytes(&d, &n);
	e->raw_len = n;
	e->has_row = (int)get_i64(&d);
	if (e->has_row)
		get_row(&d, &e->row);
	if (d.oom || d.bad || d.p != d.end) {
		import_entry_clear(e);
		errno = d.oom ? ENOMEM : EIO;
		return -1;
	}
	return 0;
}

int import_spool_open(struct import_spool **sp)
{
	*sp = calloc(1, sizeof **sp);
	return *sp ? 0 : -1;
}

/* Move the spool from memory to an unlinked temporary file in $TMPDIR
 * (else /tmp).  Returns 0, or -1 with errno set. */
static int spill(struct import_spool *sp)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];
	int fd, saved;

	snprintf(tmpl, sizeof tmpl, "%s/leadctl-spool.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkostemp(tmpl, O_CLOEXEC)) < 0 || unlink(tmpl) != 0 || !(sp->f = fdopen(fd, "w+b"))) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	if (sp->mem_len && fwrite(sp->mem, 1, sp->mem_len, sp->f) != sp->mem_len)
		return -1;
	free(sp->mem);
	sp->mem = NULL;
	sp->mem_len = sp->mem_cap = 0;
	return 0;
}

int import_spool_put(struct import_spool *sp, long line, const char *csv_error, const char *raw,
                     size_t raw_len, const struct csvmap_row *row)
{
	struct enc w = { sp, 0 };
	uint32_t len;

	sp->len = 0;
	put(&w, "\0\0\0\0", 4); /* the length, filled in below */
	put_i64(&w, line);
	put_str(&w, csv_error);
	put_bytes(&w, raw ? raw : "", raw ? raw_len : 0);
	put_i64(&w, row != NULL);
	if (row)
		put_row(&w, row);
	if (w.oom || sp->len - 4 >= NULL_LEN) {
		errno = ENOMEM;
		return -1;
	}
	len = (uint32_t)(sp->len - 4);
	memcpy(sp->buf, &len, sizeof len);
	if (!sp->f && sp->mem_len + sp->len <= SPOOL_MEMORY) {
		if (vec_reserve((void **)&sp->mem, &sp->mem_cap, sp->mem_len + sp->len, 1) != 0) {
			errno = ENOMEM;
			return -1;
		}
		memcpy(sp->mem + sp->mem_len, sp->buf, sp->len);
		sp->mem_len += sp->len;
		return 0;
	}
	if (!sp->f && spill(sp) != 0)
		return -1;
	if (fwrite(sp->buf, 1, sp->len, sp->f) != sp->len)
		return -1;
	return 0;
}

int import_spool_rewind(struct import_spool *sp)
{
	sp->mem_pos = 0;
	if (sp->f && (fflush(sp->f) != 0 || fseeko(sp->f, 0, SEEK_SET) != 0))
		return -1;
	return 0;
}

int import_spool_next(struct import_spool *sp, struct import_entry *e)
{
	uint32_t len;
	size_t got;

	import_entry_clear(e);
	if (!sp->f) {
		/* in memory: decode in place */
		if (sp->mem_pos == sp->mem_len)
			return 0;
		if (sp->mem_len - sp->mem_pos < sizeof len) {
			errno = EIO;
			return -1;
		}
		memcpy(&len, sp->mem + sp->mem_pos, sizeof len);
		sp->mem_pos += sizeof len;
		if (sp->mem_len - sp->mem_pos < len) {
			errno = EIO;
			return -1;
		}
		if (import_entry_decode(sp->mem + sp->mem_pos, len, e) != 0)
			return -1;
		e->blob = sp->mem + sp->mem_pos;
		e->blob_len = len;
		sp->mem_pos += len;
		return 1;
	}
	got = fread(&len, 1, sizeof len, sp->f);
	if (got == 0 && feof(sp->f))
		return 0;
	if (got != sizeof len || len == NULL_LEN) {
		errno = ferror(sp->f) ? errno : EIO;
		return -1;
	}
	if (vec_reserve((void **)&sp->buf, &sp->cap, len ? len : 1, 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	if (fread(sp->buf, 1, len, sp->f) != len) {
		errno = ferror(sp->f) ? errno : EIO;
		return -1;
	}
	sp->len = len;
	if (import_entry_decode(sp->buf, len, e) != 0)
		return -1;
	e->blob = sp->buf;
	e->blob_len = len;
	return 1;
}

void import_spool_close(struct import_spool *sp)
{
	if (!sp)
		return;
	if (sp->f)
		fclose(sp->f);
	free(sp->mem);
	free(sp->buf);
	free(sp);
}
