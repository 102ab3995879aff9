/* import, import list, import undo: leads in from any form or CRM export.
 *
 *   leadctl import webinar.csv --source webinar --rejects rejects.csv
 *   leadctl import --explain hubspot.csv      (the mapping it would use)
 *   leadctl import list
 *   leadctl import undo 3
 *
 * The file is streamed (memory flat in its size) through csvread (encoding,
 * delimiter, line numbers) and csvmap (columns -> lead fields), and written
 * in one transaction: a fatal error leaves the database as it was.  Each
 * row is matched to an existing lead by its identities (match_row: the
 * identity policy of README "Identity and accounts"; in the file and in the
 * database); a new lead is created with the stage
 * history its lifecycle dates give, an existing one is updated (a blank
 * never overwrites a known value; a different non-blank value from the file
 * replaces it and is recorded and counted as a conflict, except the e-mail
 * and record id, which are only added) and its
 * re-submission is recorded as a form_submission event.  Then the SLA in
 * force scores, qualifies and routes it.  Rows that cannot be used are
 * counted and written to --rejects with their line and reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "leadctl/cmdutil.h"
#include "leadctl/csvmap.h"
#include "leadctl/csvread.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/identity.h"
#include "leadctl/import_spool.h"
#include "leadctl/privacy.h"
#include "leadctl/rules.h"
#include "leadctl/out.h"
#include "leadctl/outfile.h"
#include "leadctl/history.h"
#include "leadctl/sha256.h"
#include "leadctl/sla.h"
#include "leadctl/store.h"
#include "leadctl/text.h"
#include "leadctl/when.h"

/* How many rejects go to stderr when there is no --rejects file. */
#define REJECTS_SHOWN 10

struct import_run {
	struct lc_ctx *ctx;
	const char *path;
	int64_t import_id;
	struct lc_import_counts n;
	FILE *rejects;            /* --rejects file (its temporary file until the end), or NULL */
	int64_t shown;            /* row messages printed on stderr */
	int64_t hidden_warnings;  /* warnings past the first REJECTS_SHOWN messages */
	int64_t hidden_rejects;   /* rejects past them (without --rejects) */
	int64_t encoding_rejects; /* rows rejected for invalid UTF-8 */
	const struct lc_sla *sla; /* the SLA in force (borrowed), or NULL */
	int restage;              /* re-import with other options: the row's stage applies */
	int64_t restage_from;     /* that earlier import of the same content, or 0 */
	const char *sha;          /* the file's sha256 (hex) */
	int historical;           /* 1 every row is history, 0 none, -1 the automatic cut-off */
	lc_time history_before;   /* --history-before: rows before it are history; 0 = none */
	int crm;                  /* --kind crm: rows update records, they submit nothing */
	int replaying;            /* re-applying a batch's rows: their warnings were shown */
	int force;                /* --force: the file's stages apply again (store_stage_set_by_import) */
	int row_by_row;           /* --row-by-row: the old per-row path (a savepoint per row, and a
	                           * new lead's state read back before the SLA decides) */
};

/* What an import has written of a new lead, kept in memory for the SLA's
 * decision (engine_refresh_state) instead of being read back: its stage
 * history (the creation, then the file's moves) and its events. */
struct new_lead {
	struct lc_history_row hist[HISTORY_MAX_MOVES + 1];
	size_t nhist;
	struct lc_event *ev; /* room for the row's events and its submission (owned array;
	                      * the types are borrowed from the row) */
	size_t nev;
};

/* Rows applied under one savepoint: a savepoint per row costs a statement
 * journal page copy for every page each row touches (issue 13: 18 % of an
 * import's instructions); per batch, a page is copied once.  When a row
 * fails, the batch is rolled back and its earlier rows (which succeeded
 * once and succeed again on the same state) applied again, so a reject
 * leaves exactly what a savepoint per row leaves. */
#define IMPORT_BATCH 256

/* A batch's applied rows, kept to be applied again: each one's spool
 * entry (import_spool.h) copied. */
struct batch {
	struct batch_row {
		long line;            /* the record's first line */
		unsigned char *entry; /* its spool entry's bytes (owned) */
		size_t len;           /* bytes in entry */
	} rows[IMPORT_BATCH];
	size_t len;                  /* rows kept */
	int open;                    /* the "batch" savepoint is open */
	struct lc_import_counts at0; /* the counts when the batch began */
};

/* A warning about a row: one of the first REJECTS_SHOWN messages on
 * stderr, else counted for the closing "... and N more" line. */
__attribute__((format(printf, 2, 3))) static void import_warn(struct import_run *r, const char *fmt, ...)
{
	char buf[1200];
	va_list ap;

	if (r->replaying)
		return;
	if (r->shown >= REJECTS_SHOWN) {
		r->hidden_warnings++;
		return;
	}
	r->shown++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_warn("%s: %s", r->path, buf);
}

/* The currency of a row's won amount: its own, else the SLA's. */
static const char *row_currency(const struct import_run *r, const struct csvmap_row *row)
{
	if (row->currency[0])
		return row->currency;
	return r->sla && r->sla->currency[0] ? r->sla->currency : NULL;
}

/* The most an import reads from a pipe, FIFO or device (it is copied to a
 * temporary file first, so that it can be hashed and then parsed): an
 * endless source (/dev/zero, `yes`) ends here.  Regular files have no
 * limit. */
#define IMPORT_MAX_STREAM ((off_t)1 << 30)

/* Read the input once to hash it (SHA-256, for "already imported") and
 * size it.  A regular file is read again by the parser (*spool = NULL);
 * anything else ("-" for stdin, a pipe, a FIFO, a device) can be read only
 * once, so it is copied to an unlinked temporary file in $TMPDIR while it
 * is hashed, and *spool (rewound; the caller closes it) is what the parser
 * reads.  The copy stops with exit 65 at IMPORT_MAX_STREAM bytes, or when
 * a line is longer than the parser's record cap (a stream of NUL bytes); a
 * regular file stops at twice that cap (a sparse file of NUL bytes), as
 * the parser would. */
static int read_input(const char *path, char hex[65], off_t *size, FILE **spool)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb"), *out = NULL;
	struct sha256 h;
	char buf[65536];
	size_t n, i, line = 0, lines = 1;
	struct stat st;
	int rc = 0, cr = 0;

	*spool = NULL;
	*size = 0;
	if (!f)
		return diag_error(LC_NOINPUT, "import: cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return diag_error(LC_NOINPUT, "import: '%s' is a directory: give a CSV file", path);
	}
	if (is_stdin || !S_ISREG(st.st_mode)) {
		const char *dir = getenv("TMPDIR");
		char tmpl[4096];
		int fd;
		snprintf(tmpl, sizeof tmpl, "%s/leadctl-import.XXXXXX", dir && *dir ? dir : "/tmp");
		if ((fd = mkostemp(tmpl, O_CLOEXEC)) < 0 || unlink(tmpl) != 0 || !(out = fdopen(fd, "w+b"))) {
			rc = diag_error(LC_CANTCREAT,
			                "import: %s is a pipe or device: cannot copy it to '%s': %s", path,
			                tmpl, strerror(errno));
			if (fd >= 0)
				close(fd);
			goto done;
		}
	} else {
		*size = st.st_size;
	}
	sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		sha256_update(&h, buf, n);
		for (i = 0; i < n; i++) {
			/* physical lines as the parser counts them (CRLF is one) */
			if (buf[i] == '\r' || (buf[i] == '\n' && !(i ? buf[i - 1] == '\r' : cr)))
				lines++;
			line = buf[i] == '\n' || buf[i] == '\r' ? 0 : line + 1;
		}
		cr = buf[n - 1] == '\r';
		/* a stream ends at the record cap; a regular file where the parser
		 * would stop too (csvread: no line end within twice the cap) */
		if (line > (out ? 1u : 2u) * CSVREAD_MAX_RECORD) {
			rc = diag_error(LC_DATAERR,
			                "import: %s: line %zu: a line longer than %u bytes (not a CSV "
			                "file?): nothing "
			                "was imported",
			                path, lines, (out ? 1u : 2u) * CSVREAD_MAX_RECORD);
			goto done;
		}
		if (!out)
			continue;
		if (*size + (off_t)n > IMPORT_MAX_STREAM) {
			rc = diag_error(
			        LC_DATAERR,
			        "import: %s: a pipe or device that sends more than %lld bytes: save it to a "
			        "file and import that (nothing was imported)",
			        path, (long long)IMPORT_MAX_STREAM);
			goto done;
		}
		*size += (off_t)n;
		if (fwrite(buf, 1, n, out) != n) {
			rc = diag_error(LC_IOERR, "import: %s: cannot copy it to a temporary file: %s", path,
			                outfile_strerror(errno));
			goto done;
		}
	}
	if (ferror(f)) {
		rc = diag_error(LC_IOERR, "import: cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	if (out && (fflush(out) != 0 || fseeko(out, 0, SEEK_SET) != 0)) {
		rc = diag_error(LC_IOERR, "import: %s: cannot copy it to a temporary file: %s", path,
		                outfile_strerror(errno));
		goto done;
	}
	sha256_hex(&h, hex);
done:
	if (!is_stdin)
		fclose(f);
	if (rc && out)
		fclose(out);
	else
		*spool = out;
	return rc;
}

/* A row that cannot be used: counted, written to --rejects, or shown. */
static void reject(struct import_run *r, long line, const char *why, const char *raw, size_t raw_len)
{
	r->n.rejected++;
	if (strstr(why, "invalid UTF-8"))
		r->encoding_rejects++;
	if (r->rejects) {
		fprintf(r->rejects, "%ld,", line);
		out_csv_field(r->rejects, why, strlen(why), 1);
		fputc(',', r->rejects);
		out_csv_field(r->rejects, raw ? raw : "", raw ? raw_len : 0, 1);
		fputs("\r\n", r->rejects);
	} else if (r->shown < REJECTS_SHOWN) {
		r->shown++;
		diag_warn("%s: %s", r->path, why);
	} else {
		r->hidden_rejects++;
	}
}

/* Overlay the row's known values on lead l: a blank never overwrites; a
 * different value replaces and counts as a conflict, unless fill_only
 * (then only unknown values are filled).  keep_first_touch: the source,
 * campaign, owner and record id are only filled, never replaced (another
 * CRM object's export of the same person: docs/import.md §2, "kind").
 * Returns 0/-1. */
static int overlay(struct lc_lead *l, const struct lc_lead *row, int fill_only, int keep_first_touch,
                   int64_t *conflicts)
{
	char **dst[] = { &l->email,  &l->external_id, &l->phone,   &l->first_name, &l->last_name,
		         &l->title,  &l->company,     &l->website, &l->country,    &l->industry,
		         &l->source, &l->campaign,    &l->owner };
	char *const src[] = { row->email,  row->external_id, row->phone,   row->first_name, row->last_name,
		              row->title,  row->company,     row->website, row->country,    row->industry,
		              row->source, row->campaign,    row->owner };
	size_t i;

	for (i = 0; i < sizeof dst / sizeof dst[0]; i++) {
		int first_touch = dst[i] == &l->source || dst[i] == &l->campaign || dst[i] == &l->owner ||
		                  dst[i] == &l->external_id;
		if (!src[i] || !*src[i])
			continue;
		/* The e-mail and record id shown are never replaced here: a lead
		 * gains identities (match_row), it does not trade them. */
		if (*dst[i] &&
		    (fill_only || (keep_first_touch && first_touch) || strcmp(*dst[i], src[i]) == 0 ||
		     dst[i] == &l->email || dst[i] == &l->external_id))
			continue;
		if (dst[i] == &l->external_id) {
			free(l->external_system);
			l->external_system = row->external_system ? strdup(row->external_system) : NULL;
		}
		if (*dst[i])
			(*conflicts)++;
		free(*dst[i]);
		if (!(*dst[i] = strdup(src[i])))
			return -1;
	}
	if (row->employees >= 0 && row->employees != l->employees && !(fill_only && l->employees >= 0)) {
		if (l->employees >= 0)
			(*conflicts)++;
		l->employees = row->employees;
	}
	if (row->custom_json) {
		/* Out of memory anywhere here is -1 (never a custom field lost):
		 * cJSON returns NULL or false, which must not read as "empty". */
		cJSON *mine = l->custom_json ? cJSON_Parse(l->custom_json) : cJSON_CreateObject();
		cJSON *theirs = cJSON_Parse(row->custom_json), *it;
		char *text = NULL;
		int bad = !theirs || !mine; /* both were written by cJSON: NULL is out of memory */
		cJSON *from = bad ? NULL : theirs;
		cJSON_ArrayForEach(it, from)
		{
			cJSON *old = cJSON_GetObjectItemCaseSensitive(mine, it->string), *dup;
			if (cJSON_IsString(it) && !*it->valuestring)
				continue;
			if (old && (fill_only || cJSON_Compare(old, it, 1)))
				continue;
			if (old)
				(*conflicts)++;
			cJSON_DeleteItemFromObjectCaseSensitive(mine, it->string);
			if (!(dup = cJSON_Duplicate(it, 1)) ||
			    !cJSON_AddItemToObject(mine, it->string, dup)) {
				cJSON_Delete(dup);
				bad = 1;
				break;
			}
		}
		if (!bad && cJSON_GetArraySize(mine) && !(text = cJSON_PrintUnformatted(mine)))
			bad = 1;
		cJSON_Delete(mine);
		cJSON_Delete(theirs);
		if (bad)
			return -1;
		free(l->custom_json);
		l->custom_json = text;
	}
	return 0;
}

/* The file's stage history for a lead, as history_plan() rules it
 * (docs/import.md §3): the dated stages in time order, then the row's
 * stage, every move one the stage machine allows or a forward skip; what
 * contradicts it is skipped and warned.  Moves before `after` are not
 * written (an existing lead keeps its history).  A move into the row's
 * terminal stage is dated by its close date and carries its reason (and,
 * into won, its amount).  nl (a new lead's, or NULL): each move written is
 * added to its history. */
static int apply_history(struct import_run *r, int64_t lead, enum lc_stage current, lc_time current_at,
                         struct csvmap_row *row, lc_time created, lc_time after, int *moved,
                         struct new_lead *nl)
{
	struct lc_change c = { r->ctx->actor, ORIGIN_IMPORT, 0, 0, r->import_id };
	struct history_input in;
	struct history_plan plan;
	lc_time stage_at[STAGE_COUNT];
	unsigned char known[STAGE_COUNT];
	size_t i;
	int rc;

	*moved = 0;
	memcpy(stage_at, row->stage_at, sizeof stage_at);
	memcpy(known, row->stage_at_known, sizeof known);
	/* The close date dates the move into whatever closed stage the row
	 * has (an open deal's expected close date says nothing yet). */
	if (row->has_closed_at && row->has_stage && !stage_is_open(row->lead.stage) &&
	    row->lead.stage != STAGE_NEW && !known[row->lead.stage]) {
		stage_at[row->lead.stage] = row->closed_at;
		known[row->lead.stage] = 1;
	}
	/* A stage date (leadctl's own export) dates the entry into any stage. */
	if (row->has_stage_date && row->has_stage && row->lead.stage != STAGE_NEW &&
	    !known[row->lead.stage]) {
		stage_at[row->lead.stage] = row->stage_date;
		known[row->lead.stage] = 1;
	}
	memset(&in, 0, sizeof in);
	in.current = current;
	in.current_at = current_at;
	in.created = created;
	in.after = after;
	in.stage_at = stage_at;
	in.stage_at_known = known;
	in.has_stage = row->has_stage;
	in.stage = row->lead.stage;
	in.restage = r->restage;
	history_plan(&in, &plan);
	if (plan.warning[0])
		import_warn(r, "line %ld: %s", row->line, plan.warning);
	for (i = 0; i < plan.n; i++) {
		const struct history_move *mv = &plan.moves[i];
		const char *reason = NULL;
		int64_t cents = -1;
		if (stage_needs_reason(mv->to))
			reason = row->reason && (!row->has_stage || row->lead.stage == mv->to) ? row->reason
			                                                                       : "imported";
		if (mv->to == STAGE_WON && row->amount_cents >= 0)
			cents = row->amount_cents;
		c.at = mv->at;
		int64_t entry = 0;
		if ((rc = store_stage_move(r->ctx->db, lead, mv->from, mv->to, reason, cents,
		                           cents >= 0 ? row_currency(r, row) : NULL, &c, &entry)))
			return rc;
		if (nl)
			nl->hist[nl->nhist++] = (struct lc_history_row){ entry, mv->at, (int)mv->from, mv->to,
				                                         ORIGIN_IMPORT };
		if (reason && reason == row->reason && !row->reason_mapped && r->sla &&
		    !sla_reason_allowed(r->sla, mv->to, reason))
			import_warn(r,
			            "line %ld: reason '%.60s' is not one of the SLA's %s reasons (kept as "
			            "given; map it under \"reasons\" in a mapping file)",
			            row->line, reason, stage_name(mv->to));
		*moved = 1;
	}
	return 0;
}

/* Whether a new lead's events (nl) hold one of type at at. */
static int new_lead_has_event(const struct new_lead *nl, const char *type, lc_time at)
{
	size_t i;

	for (i = 0; i < nl->nev; i++)
		if (nl->ev[i].at == at && strcmp(nl->ev[i].type, type) == 0)
			return 1;
	return 0;
}

/* Events of the row, each once per (lead, type, at). *added counts new ones.
 * nl (a new lead's, or NULL): its events are all in memory, so they are
 * looked up there, and each one written is added. */
static int apply_events(struct import_run *r, int64_t lead, const struct csvmap_row *row, lc_time resubmitted,
                        int *added, struct new_lead *nl)
{
	struct lc_change c = { r->ctx->actor, ORIGIN_IMPORT, 0, 0, r->import_id };
	int64_t event_id;
	size_t i;
	int rc, exists;

	*added = 0;
	for (i = 0; i <= row->nevents; i++) {
		const char *type = i < row->nevents ? row->events[i].type : "form_submission";
		lc_time at = i < row->nevents ? row->events[i].at : resubmitted;
		if (i == row->nevents && !resubmitted)
			break;
		if (nl)
			exists = new_lead_has_event(nl, type, at);
		else if ((rc = store_event_exists(r->ctx->db, lead, type, at, &exists)))
			return rc;
		if (exists)
			continue;
		c.at = at;
		if ((rc = store_event_add(r->ctx->db, lead, type, &c, &event_id)))
			return rc;
		if (i == row->nevents && row->submission_id &&
		    (rc = store_event_submission(r->ctx->db, event_id, row->submission_id)))
			return rc;
		if (nl)
			nl->ev[nl->nev++] = (struct lc_event){ (char *)type, at };
		(*added)++;
	}
	return 0;
}

/* The row's consent columns on lead: an opt-out from the file is recorded
 * (as a change by c); a "no" only fills an unknown value and never lifts a
 * recorded opt-out (consent.h).  *changed counts the fields changed. */
static int apply_consent(struct lc_db *db, int64_t lead, const struct csvmap_row *row,
                         const struct lc_change *c, int *changed)
{
	struct lc_consent before, after;
	int rc, n = 0;

	if (consent_empty(&row->consent))
		return 0;
	if ((rc = store_consent_load(db, lead, &before)) || (rc = store_consent_load(db, lead, &after)))
		goto cleanup;
	if (consent_overlay(&after, &row->consent, 1) != 0) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	if ((rc = store_consent_save(db, lead, &before, &after, c, &n)) == 0)
		*changed += n;
cleanup:
	consent_clear(&before);
	consent_clear(&after);
	return rc;
}

/* A row whose e-mail, record id or (for a row with neither) phone belongs
 * to a person erased with `forget --suppress` is rejected with reason
 * "erased", its record withheld from the reject file: the file must not
 * store again what was erased.  *rejected = 1 then. */
static int reject_suppressed(struct import_run *r, const struct csvmap_row *row, int *rejected)
{
	const struct lc_lead *l = &row->lead;
	const char *kind;
	char why[160];
	int rc;

	*rejected = 0;
	if ((rc = store_suppressed(r->ctx->db, l, rejected, &kind)) || !*rejected)
		return rc;
	snprintf(why, sizeof why,
	         "line %ld: erased: this %s belongs to a person erased at their request (leadctl forget "
	         "--suppress); the record is withheld",
	         row->line,
	         strcmp(kind, "email") == 0   ? "e-mail"
	         : strcmp(kind, "phone") == 0 ? "phone"
	                                      : "record id");
	reject(r, row->line, why, NULL, 0);
	return 0;
}

/* The record key of a row's record id, or NULL (caller frees). */
static char *row_record_key(const struct lc_lead *l)
{
	const char *why = NULL;
	char *key = NULL;

	if (l->external_id &&
	    identity_record_key(l->external_id, l->external_system, &key, &why) != IDENTITY_OK)
		return NULL;
	return key;
}

/* A row whose record id is a lead's that an earlier row of the same file
 * gave another e-mail (or, for a row without e-mail, another phone): a CRM
 * export holds each record once, so these are two people sharing an id —
 * typically ids a spreadsheet rounded — and the row is a conflict (65),
 * never an address change that would fold one person into the other. */
static int same_id_other_person(struct import_run *r, const struct csvmap_row *row, int64_t lead,
                                const char *rkey, const char *idname)
{
	const struct lc_lead *l = &row->lead;
	enum lc_id_kind kind = l->email ? ID_EMAIL : ID_PHONE;
	char *other = NULL, a[256];
	int rc;

	if ((rc = store_identity_from_import(r->ctx->db, lead, kind, l->email ? l->email : l->phone,
	                                     r->import_id, &other)) ||
	    !other)
		return rc;
	if (kind == ID_PHONE && l->phone) {
		/* A phone the lead also got from this file is the same person. */
		int64_t owner = 0;
		size_t n = 0;
		if ((rc = store_identity_phone_leads(r->ctx->db, l->phone, &owner, 1, &n)) == 0 && n &&
		    owner == lead) {
			free(other);
			return 0;
		}
	}
	store_lead_label(r->ctx->db, lead, a, sizeof a);
	rc = diag_error(LC_DATAERR,
	                "line %ld: %s id '%s' came earlier in this file with %s '%s', for %s: a CRM export "
	                "holds each record once, so these are two people%s (rejected, nothing merged)",
	                row->line, idname, strchr(rkey, ':') + 1, kind == ID_EMAIL ? "e-mail" : "phone",
	                other, a,
	                identity_record_maybe_rounded(strchr(rkey, ':') + 1)
	                        ? "; the id looks rounded by a spreadsheet (15 digits kept): export the "
	                          "ids again as text"
	                        : "");
	free(other);
	return rc;
}

/* Which lead a row is, by the identity policy (README "Identity and
 * accounts"): the lead holding its e-mail or its record id (in its
 * system); for a row with neither, the lead holding its phone.  *id = 0: a
 * new lead.  *new_address = 1 when the row's record id is known and its
 * e-mail is nobody's: the lead's address changes (the old one still
 * matches).  Conflicts are exit 65 with a reason naming both leads: the
 * e-mail and the record id belong to different leads; the e-mail's lead
 * has another id of the same system (two records of one source cannot
 * share an address); the phone of a row with nothing else is several
 * leads'. */
static int match_row(struct import_run *r, const struct csvmap_row *row, int64_t *id, int *new_address)
{
	struct lc_db *db = r->ctx->db;
	const struct lc_lead *l = &row->lead;
	const char *sys = l->external_system ? l->external_system : "ext";
	const char *idname = strcmp(sys, "ext") == 0 ? "record" : sys; /* "zoho id '1177'" */
	char *rkey = row_record_key(l), *have = NULL, a[256], b[256];
	int64_t by_email = 0, by_rec = 0;
	int rc;

	*id = 0;
	*new_address = 0;
	if ((rc = store_identity_owner(db, ID_EMAIL, l->email, &by_email)) ||
	    (rc = store_identity_owner(db, ID_RECORD, rkey, &by_rec)))
		goto done;
	if (rkey && !by_rec) {
		/* The same id without its system (typed in by hand), or with one
		 * when this row's is unknown: it is that lead's when only one has it. */
		int64_t ids[2];
		size_t n;
		if ((rc = store_identity_loose_record(db, sys, strchr(rkey, ':') + 1, ids, 2, &n)))
			goto done;
		if (n == 1)
			by_rec = ids[0];
	}
	if (by_email && by_rec && by_email != by_rec) {
		store_lead_label(db, by_email, a, sizeof a);
		store_lead_label(db, by_rec, b, sizeof b);
		rc = diag_error(LC_DATAERR,
		                "line %ld: e-mail '%s' belongs to %s but %s id '%s' to %s: one row cannot be "
		                "two leads (rejected, nothing merged; 'leadctl merge' them if they are one "
		                "person)",
		                row->line, l->email, a, idname, l->external_id, b);
		goto done;
	}
	if (by_email && !by_rec && rkey) {
		if ((rc = store_identity_system_value(db, by_email, sys, &have)))
			goto done;
		if (have) {
			store_lead_label(db, by_email, a, sizeof a);
			rc = diag_error(
			        LC_DATAERR,
			        "line %ld: e-mail '%s' belongs to %s, whose %s id is '%s', not '%s': two "
			        "records of one source cannot share an address (rejected, nothing "
			        "merged or rewritten)",
			        row->line, l->email, a, idname, have, l->external_id);
			goto done;
		}
	}
	if (by_rec && !by_email && (l->email || l->phone) &&
	    (rc = same_id_other_person(r, row, by_rec, rkey, idname)))
		goto done;
	*new_address = by_rec && !by_email && l->email;
	*id = by_email ? by_email : by_rec;
	if (!*id && !l->email && !rkey && l->phone) {
		int64_t ids[2];
		size_t n;
		if ((rc = store_identity_phone_leads(db, l->phone, ids, 2, &n)))
			goto done;
		if (n > 1) {
			store_lead_label(db, ids[0], a, sizeof a);
			store_lead_label(db, ids[1], b, sizeof b);
			rc = diag_error(
			        LC_DATAERR,
			        "line %ld: phone '%s' belongs to %s and to %s: the row has nothing else "
			        "to tell them apart (rejected)",
			        row->line, l->phone, a, b);
			goto done;
		}
		if (n == 1)
			*id = ids[0];
	}
done:
	free(rkey);
	free(have);
	return rc;
}

/* Whether a row whose stage entry (or latest date) is at `at` is history,
 * not work (docs/import.md §4): --historical, --no-historical or
 * --history-before decide; else the automatic cut-off (the SLA's longest
 * deadline before the import), which applies only to rows of another CRM's
 * records -- `--kind crm`, or a row whose file states its stage (a stage
 * column, lifecycle or close dates).  A row of a form or list (a person and
 * when they raised a hand) is work however old: the product brief's "every
 * row is scored, qualified and routed by the SLA in force", and an
 * unanswered lead of six weeks ago is the leak the team must see. */
static int row_is_history(const struct import_run *r, const struct csvmap_row *row, lc_time at)
{
	int states_stage = r->crm || row->has_stage || row->has_closed_at || row->has_stage_date;
	size_t i;

	if (r->historical >= 0)
		return r->historical;
	if (r->history_before)
		return at < r->history_before;
	for (i = 0; i < STAGE_COUNT && !states_stage; i++)
		states_stage = row->stage_at_known[i] && i != STAGE_NEW;
	return states_stage && history_entry_is_past(r->sla, at, r->ctx->now);
}

/* Write one mapped row.  Data problems (an identity that belongs to two
 * leads, a constraint) are returned as 65 with the message captured by
 * the caller; anything else is fatal. */
static int apply_row(struct import_run *r, struct csvmap_row *row)
{
	struct lc_db *db = r->ctx->db;
	struct lc_change c = { r->ctx->actor, ORIGIN_IMPORT, 0, 0, r->import_id };
	struct lc_lead before, after;
	struct new_lead fresh = { 0 }, *nl = NULL;
	int64_t id;
	lc_time row_at = row->lead.created_at, last_at = 0, as_of;
	int rc, moved = 0, added = 0, changed = 0, new_address, created = 0;
	enum lc_stage file_stage;
	size_t i;

	lead_init(&before);
	lead_init(&after);
	if ((rc = match_row(r, row, &id, &new_address)) ||
	    (rc = store_identity_list_owner(db, row->ids, row->nids, row->line, &id)))
		return rc;
	for (i = 0; i < STAGE_COUNT; i++)
		if (row->stage_at_known[i] && row->stage_at[i] > last_at)
			last_at = row->stage_at[i];
	for (i = 0; i < row->nevents; i++)
		if (row->events[i].at > last_at)
			last_at = row->events[i].at;
	if (!id) {
		/* A lead created before its first dated stage. */
		for (i = 0; i < STAGE_COUNT; i++)
			if (row->stage_at_known[i] && row->stage_at[i] < row->lead.created_at)
				row->lead.created_at = row->stage_at[i];
		row_at = row->lead.created_at;
		c.at = row_at;
		file_stage = row->lead.stage; /* insert starts every lead in new */
		row->lead.id = row->lead_number;
		if (!r->row_by_row) {
			/* match_row found no lead holding its identities: its state
			 * is kept as written, for the SLA's decision below */
			nl = &fresh;
			if (!(nl->ev = calloc(row->nevents + 1, sizeof *nl->ev))) {
				rc = diag_error(LC_SOFTWARE, "out of memory");
				goto done;
			}
			rc = store_lead_insert_new(db, &row->lead, &c, &nl->hist[0].id);
			nl->hist[0].at = row->lead.created_at;
			nl->hist[0].from = -1;
			nl->hist[0].to = STAGE_NEW;
			nl->hist[0].origin = ORIGIN_IMPORT;
			nl->nhist = 1;
		} else {
			rc = store_lead_insert(db, &row->lead, &c);
		}
		if (rc)
			goto done;
		row->lead.stage = file_stage;
		id = row->lead.id;
		if ((rc = store_import_touch_lead(db, r->import_id, id, 1)) ||
		    (rc = store_identity_list_add(db, id, row->ids, row->nids, &c)) ||
		    (rc = apply_consent(db, id, row, &c, &changed)) ||
		    (rc = apply_history(r, id, STAGE_NEW, 0, row, row->lead.created_at, 0, &moved, nl)) ||
		    (rc = apply_events(r, id, row, row->submission_id ? row->lead.created_at : 0, &added,
		                       nl)))
			goto done;
		r->n.created++;
		created = 1;
	} else {
		lc_time stage_at, last_history, first_seen, resubmitted, latest;
		struct lc_event *evs;
		size_t nevs;
		r->restage = 0;
		if (r->restage_from && (rc = store_import_created_lead(db, r->sha, id, &r->restage)))
			return rc;
		/* --force: the file is applied again, its stages too, to a lead
		 * whose stage no person has changed since an import set it */
		if (!r->restage && r->force && (rc = store_stage_set_by_import(db, id, &r->restage)))
			return rc;
		if ((rc = store_import_touch_lead(db, r->import_id, id, 0)) ||
		    (rc = store_lead_load(db, id, &before)) || (rc = store_lead_load(db, id, &after)) ||
		    (rc = store_last_history_at(db, id, &last_history)) ||
		    (rc = store_lead_times(db, id, &stage_at, NULL)))
			goto done;
		/* A row older than the lead's latest submission (an older export
		 * imported after a newer one, or the same file again) only fills
		 * unknown values: the newest submission's values stand. */
		if ((rc = store_events_load(db, id, &evs, &nevs)))
			goto done;
		latest = before.created_at;
		for (i = 0; i < nevs; i++)
			if (strcmp(evs[i].type, "form_submission") == 0 && evs[i].at > latest)
				latest = evs[i].at;
		store_events_free(evs, nevs);
		c.at = row->has_created_at ? row_at : r->ctx->now;
		if (overlay(&after, &row->lead, c.at < latest, r->crm, &r->n.conflicts) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto done;
		}
		/* A known record id with an address nobody has: the lead's address
		 * is the new one (a recorded change); the old one still matches. */
		if (new_address && !(c.at < latest)) {
			free(after.email);
			if (!(after.email = strdup(row->lead.email))) {
				rc = diag_error(LC_SOFTWARE, "out of memory");
				goto done;
			}
		}
		/* A row with the lead's creation instant (computed as for a new
		 * lead) is the submission that created it, not a re-submission:
		 * importing an export again adds no event, and what a newer
		 * export of the same record changes is dated at the import. */
		first_seen = c.at;
		for (i = 0; i < STAGE_COUNT; i++)
			if (row->stage_at_known[i] && row->stage_at[i] < first_seen)
				first_seen = row->stage_at[i];
		resubmitted = first_seen == before.created_at || r->crm ? 0 : c.at;
		if (!resubmitted)
			c.at = r->ctx->now;
		row->lead.id = id; /* every identity of the row is now the lead's too */
		if ((rc = store_lead_update(db, &before, &after, &c, &changed)) ||
		    (rc = apply_consent(db, id, row, &c, &changed)) ||
		    (rc = store_lead_register_identities(db, NULL, &row->lead, &c)) ||
		    (rc = store_identity_list_add(db, id, row->ids, row->nids, &c)) ||
		    (rc = apply_history(r, id, before.stage, stage_at, row, before.created_at,
		                        last_history + 1, &moved, NULL)) ||
		    (rc = apply_events(r, id, row, resubmitted, &added, NULL)))
			goto done;
		if (changed || moved || added)
			r->n.updated++;
		else
			r->n.unchanged++;
	}
	/* The SLA decides as of the row's time (a lead that qualified last
	 * week is an MQL as of last week). */
	c.at = row_at > last_at ? row_at : last_at;
	if (c.at > r->ctx->now)
		c.at = r->ctx->now;
	as_of = row_is_history(r, row, c.at) ? r->ctx->now : 0;
	if (nl) {
		/* The new lead's state is what was just written (store_engine_load
		 * would read back exactly this): no touches, obligations or
		 * breaches yet, no score as of any instant. */
		struct lc_lead l = row->lead;
		struct lc_rules_state st = { 0 };
		l.stage = nl->hist[nl->nhist - 1].to;
		l.score_at = 0;
		l.external_system = NULL;
		st.lead = &l;
		st.stage_at = nl->hist[nl->nhist - 1].at;
		st.ev = nl->ev;
		st.nev = nl->nev;
		st.hist = nl->hist;
		st.nhist = nl->nhist;
		rc = engine_refresh_state(db, &st, &c, as_of);
	} else {
		rc = as_of ? engine_refresh_as_of(db, id, &c, as_of) : engine_refresh(db, id, &c);
	}
	/* leadctl's own export carries the lead's times: restored as they were */
	if (!rc && created && (row->updated_at || row->activity_at))
		rc = store_lead_times_restore(db, id, row->updated_at, row->activity_at);
done:
	free(fresh.ev);
	lead_clear(&before);
	lead_clear(&after);
	return rc;
}

/* The options that decide how a file is read and applied, as a JSON
 * object the import log keeps ("map_sha256": the mapping file's content,
 * so that an edited mapping is another option).  NULL when out of memory. */
static cJSON *import_options(const struct lc_args *args, int historical)
{
	static const char *const keep[] = { "source",      "campaign",      "owner",         "map",
		                            "encoding",    "delimiter",     "date-format",   "kind",
		                            "account-key", "source-system", "history-before" };
	cJSON *o = cJSON_CreateObject();
	size_t k;
	int oom = !o;

	for (k = 0; !oom && k < sizeof keep / sizeof keep[0]; k++)
		if (args_get(args, keep[k]) && !cJSON_AddStringToObject(o, keep[k], args_get(args, keep[k])))
			oom = 1;
	if (!oom && args_get(args, "map")) {
		char hex[65];
		off_t size;
		FILE *spool = NULL;
		int rc;
		diag_capture(1);
		rc = read_input(args_get(args, "map"), hex, &size, &spool);
		diag_capture(0);
		if (spool)
			fclose(spool);
		if (rc == 0 && !cJSON_AddStringToObject(o, "map_sha256", hex))
			oom = 1;
	}
	if (!oom && historical >= 0 && !cJSON_AddBoolToObject(o, "historical", historical))
		oom = 1;
	if (oom) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Whether import prev of the same content was read with the same options
 * as opts (*same = 1).  When not, says on stdout what differs. */
static int same_options(struct lc_ctx *ctx, const struct import_run *r, int64_t prev, const cJSON *opts,
                        int *same)
{
	static const char *const names[] = { "source",        "campaign",    "owner",      "map",
		                             "map_sha256",    "encoding",    "delimiter",  "date-format",
		                             "kind",          "account-key", "historical", "source-system",
		                             "history-before" };
	char *text = NULL, changes[600] = "";
	cJSON *old;
	size_t k, w = 0;
	int rc;

	*same = 1;
	if ((rc = store_import_options(ctx->db, prev, &text)))
		return rc;
	old = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (text && !old) /* the log's own JSON: only memory can fail it */
		return diag_error(LC_SOFTWARE, "out of memory");
	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(old, names[k]);
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(opts, names[k]);
		char *av, *bv;
		if ((!a && !b) || (a && b && cJSON_Compare(a, b, 1)))
			continue;
		*same = 0;
		if (strcmp(names[k], "map_sha256") == 0 && a && b &&
		    cJSON_Compare(cJSON_GetObjectItemCaseSensitive(old, "map"),
		                  cJSON_GetObjectItemCaseSensitive(opts, "map"), 1)) {
			w += (size_t)snprintf(changes + w, w < sizeof changes ? sizeof changes - w : 0,
			                      "%smapping file edited", w ? ", " : "");
			continue;
		}
		if (strcmp(names[k], "map_sha256") == 0)
			continue;
		av = a ? (cJSON_IsString(a) ? strdup(a->valuestring) : cJSON_PrintUnformatted(a)) : NULL;
		bv = b ? (cJSON_IsString(b) ? strdup(b->valuestring) : cJSON_PrintUnformatted(b)) : NULL;
		if ((a && !av) || (b && !bv)) {
			free(av);
			free(bv);
			cJSON_Delete(old);
			return diag_error(LC_SOFTWARE, "out of memory");
		}
		w += (size_t)snprintf(changes + w, w < sizeof changes ? sizeof changes - w : 0,
		                      "%s--%s %s -> %s", w ? ", " : "", names[k], av ? av : "(none)",
		                      bv ? bv : "(none)");
		free(av);
		free(bv);
	}
	cJSON_Delete(old);
	if (!*same)
		printf("%s: same content as import %" PRId64 ", read again with other options (%s): its rows "
		       "apply to the leads that import created, recorded as changes\n",
		       r->path, prev, changes);
	return 0;
}

/* The distinct values of one column that a value map reads (explain). */
struct value_tally {
	char **v;      /* the values, trimmed (owned) */
	int64_t *n;    /* rows of each */
	size_t len;    /* entries in v and n */
	int64_t other; /* rows whose value was past the first EXPLAIN_VALUES */
};

#define EXPLAIN_VALUES 50 /* distinct values listed per column */

/* Count value v (trimmed by the caller) in t.  Returns 0 or -1 (memory). */
static int tally_add(struct value_tally *t, const char *v)
{
	size_t i;
	char **nv;
	int64_t *nn;

	for (i = 0; i < t->len; i++)
		if (strcmp(t->v[i], v) == 0) {
			t->n[i]++;
			return 0;
		}
	if (t->len == EXPLAIN_VALUES) {
		t->other++;
		return 0;
	}
	if (!(nv = realloc(t->v, (t->len + 1) * sizeof *nv)))
		return -1;
	t->v = nv;
	if (!(nn = realloc(t->n, (t->len + 1) * sizeof *nn)))
		return -1;
	t->n = nn;
	if (!(t->v[t->len] = strdup(v)))
		return -1;
	t->n[t->len++] = 1;
	return 0;
}

/* `import --explain`: after the mapping, the values the file holds in its
 * stage and reason columns and what each becomes, so that the unmapped
 * ones can be added to the mapping file before importing. */
static int explain_values(struct import_run *r, struct csvread *rd, const struct csvmap *map)
{
	const char *const *header;
	size_t nh = csvread_header(rd, &header), i, k;
	struct value_tally *t = calloc(nh ? nh : 1, sizeof *t);
	struct csvread_record rec;
	int st, rc = 0, any = 0;

	if (!t)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < nh; i++)
		any |= csvmap_column_has_values(map, i);
	while (any && (st = csvread_next(rd, &rec)) == CSVREAD_RECORD) {
		if (rec.error)
			continue;
		for (i = 0; i < nh && i < rec.nfields; i++) {
			char *v;
			if (!csvmap_column_has_values(map, i))
				continue;
			if (!(v = text_trim(rec.fields[i]))) {
				rc = diag_error(LC_SOFTWARE, "out of memory");
				goto done;
			}
			if (*v && tally_add(&t[i], v) != 0) {
				free(v);
				rc = diag_error(LC_SOFTWARE, "out of memory");
				goto done;
			}
			free(v);
		}
	}
	if (any && st != CSVREAD_END) {
		rc = diag_error(st == CSVREAD_EIO      ? LC_IOERR
		                : st == CSVREAD_ENOMEM ? LC_SOFTWARE
		                                       : LC_DATAERR,
		                "import: %s: %s", r->path,
		                csvread_error(rd) ? csvread_error(rd) : "cannot read");
		goto done;
	}
	for (i = 0; i < nh; i++) {
		int width = 0;
		if (!csvmap_column_has_values(map, i))
			continue;
		out_line("values of column %zu '%s':", i + 1, header[i]);
		for (k = 0; k < t[i].len; k++)
			if ((int)strlen(t[i].v[k]) > width)
				width = (int)strlen(t[i].v[k]);
		for (k = 0; k < t[i].len; k++) {
			char meaning[160];
			out_line("  %-*s  %6" PRId64 "  ->  %s", width, t[i].v[k], t[i].n[k],
			         csvmap_value_meaning(map, i, t[i].v[k], meaning, sizeof meaning));
		}
		if (t[i].other)
			printf("  (%" PRId64 " more rows with other values)\n", t[i].other);
		if (!t[i].len)
			printf("  (no values)\n");
	}
done:
	for (i = 0; i < nh; i++) {
		for (k = 0; k < t[i].len; k++)
			free(t[i].v[k]);
		free(t[i].v);
		free(t[i].n);
	}
	free(t);
	return rc;
}

/* Progress on stderr, only when it is a terminal. */
/* Progress on stderr, only when it is a terminal: the phase ("reading",
 * then "applying"), how far it is (0..1), the rows it has done. */
static void progress(const char *phase, double part, int64_t rows, time_t start, int done)
{
	static time_t last;
	time_t now = time(NULL);

	if (!isatty(STDERR_FILENO) || !diag_notes())
		return;
	if (done) {
		fputs("\r\033[K", stderr);
		return;
	}
	if (now == last)
		return;
	last = now;
	fprintf(stderr, "\rimport: %s %3d%%  %" PRId64 " rows  %" PRId64 " rows/s", phase,
	        (int)(100.0 * part), rows, now > start ? rows / (int64_t)(now - start) : rows);
}

/* An instant of a phase (--timing): wall seconds on the monotonic clock
 * and the process's CPU seconds (on a loaded machine the wall time is
 * mostly waiting for a core). */
struct phase_clock {
	double wall, cpu;
};

static struct phase_clock phase_now(void)
{
	struct timespec w, c;

	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct phase_clock){ (double)w.tv_sec + (double)w.tv_nsec / 1e9,
		                     (double)c.tv_sec + (double)c.tv_nsec / 1e9 };
}

static int open_reader(struct lc_ctx *ctx, const struct lc_args *args, const char *path, FILE *spool,
                       struct csvread **rd)
{
	struct csvread_opts o;
	const char *v;
	char *err = NULL;
	int rc;

	csvread_opts_init(&o);
	if ((v = args_get(args, "encoding")) && csvread_encoding_parse(v, &o.encoding) != 0)
		return cli_usage_error(ctx->cmd,
		                       "unknown encoding '%s': use utf-8, utf-16le, utf-16be, latin1 or "
		                       "windows-1252",
		                       v);
	if ((v = args_get(args, "delimiter")) && cmd_delimiter_parse(v, &o.delimiter) != 0)
		return cli_usage_error(ctx->cmd, "--delimiter '%s': use comma, semicolon or tab", v);
	/* the most rows one import takes (docs/safety.md "Inputs, limits") */
	if ((v = getenv("LEADCTL_IMPORT_MAX_ROWS")) && *v) {
		char *end;
		unsigned long long n = strtoull(v, &end, 10);
		if (*end || v[0] == '-' || n < 1 || n > 1000000000ull)
			return diag_error(
			        LC_CONFIG,
			        "bad LEADCTL_IMPORT_MAX_ROWS '%s': expected a number of rows from 1 "
			        "to 1000000000 (the default is %u)",
			        v, CSVREAD_MAX_ROWS);
		o.max_rows = (size_t)n;
	}
	rc = spool ? csvread_open_stream(spool, &o, rd, &err) : csvread_open(path, &o, rd, &err);
	if (rc != 0) {
		int code = rc == CSVREAD_EOPEN    ? LC_NOINPUT
		           : rc == CSVREAD_EIO    ? LC_IOERR
		           : rc == CSVREAD_ENOMEM ? LC_SOFTWARE
		                                  : LC_DATAERR;
		diag_error(code, "import: %s: %s%s", path, err ? err : "cannot read",
		           code == LC_DATAERR ? " (nothing was imported)" : "");
		free(err);
		return code;
	}
	return 0;
}

static int build_map(struct lc_ctx *ctx, const struct lc_args *args, struct csvread *rd, struct csvmap **map,
                     struct csvmap_settings *set)
{
	const struct lc_sla *sla;
	struct csvmap_spec *spec = NULL;
	struct csvmap_opts mo;
	const char *const *header;
	const char *v;
	char *err = NULL, derr[256];
	size_t nh;
	int version, rc;
	static const char *const constants[] = { "source", "campaign", "owner" };
	size_t i;

	if ((rc = engine_sla(ctx->db, &sla, &version)))
		return rc;
	memset(&mo, 0, sizeof mo);
	mo.tz = cmd_tz(ctx);
	mo.default_cc = sla && sla->phone_cc[0] ? sla->phone_cc : args_get(args, "country-code");
	if (args_get(args, "country-code"))
		mo.default_cc = args_get(args, "country-code");
	mo.now = ctx->now;
	if ((v = args_get(args, "source-system"))) {
		char *key = NULL;
		const char *why = "not a system name";
		/* The system name is checked by the identity module, as for every key. */
		if (identity_record_key("1", v, &key, &why) != IDENTITY_OK)
			return cli_usage_error(ctx->cmd,
			                       "--source-system '%s': %s (e.g. salesforce, hubspot, zoho)", v,
			                       why);
		free(key);
		mo.source_system = v;
	}
	datefmt_init(&mo.datefmt);
	if ((v = args_get(args, "date-format")) && datefmt_spec(v, &mo.datefmt, derr, sizeof derr) != 0)
		return cli_usage_error(ctx->cmd, "--date-format '%s': %s", v, derr);
	if ((v = args_get(args, "map"))) {
		struct stat mst;
		/* A missing mapping file is a missing input (66), like the CSV. */
		if (stat(v, &mst) != 0 && errno == ENOENT)
			return diag_error(LC_NOINPUT,
			                  "import: mapping file '%s' not found: check the --map path", v);
		if (csvmap_spec_load(v, &spec, &err) != 0) {
			rc = diag_error(LC_CONFIG, "import: %s", err ? err : "bad mapping file");
			free(err);
			return rc;
		}
	} else if (!(spec = csvmap_spec_new())) {
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	for (i = 0; i < sizeof constants / sizeof constants[0]; i++)
		if ((v = args_get(args, constants[i])) &&
		    csvmap_spec_constant(spec, constants[i], v, 1, &err) != 0) {
			rc = cli_usage_error(ctx->cmd, "--%s: %s", constants[i], err ? err : "bad value");
			free(err);
			csvmap_spec_free(spec);
			return rc;
		}
	csvmap_spec_settings(spec, set);
	nh = csvread_header(rd, &header);
	if (csvmap_new(header, nh, spec, &mo, map, &err) != 0) {
		rc = diag_error(LC_DATAERR, "import: %s", err ? err : "cannot map the columns");
		free(err);
		csvmap_spec_free(spec);
		return rc;
	}
	csvmap_spec_free(spec);
	return 0;
}

/* After the summary: how many row messages were not shown, and the way
 * out when most rows failed on the encoding. */
static void print_hidden(const struct import_run *r)
{
	if (r->hidden_rejects || r->hidden_warnings) {
		char parts[160] = "";
		if (r->hidden_warnings && r->hidden_rejects)
			snprintf(parts, sizeof parts, " (%" PRId64 " warning%s, %" PRId64 " rejected row%s)",
			         r->hidden_warnings, r->hidden_warnings == 1 ? "" : "s", r->hidden_rejects,
			         r->hidden_rejects == 1 ? "" : "s");
		else if (r->hidden_rejects)
			snprintf(parts, sizeof parts, " rejected row%s", r->hidden_rejects == 1 ? "" : "s");
		else
			snprintf(parts, sizeof parts, " warning%s", r->hidden_warnings == 1 ? "" : "s");
		diag_warn("%s: ... and %" PRId64 " more%s not shown%s", r->path,
		          r->hidden_rejects + r->hidden_warnings, parts,
		          r->hidden_rejects ? ": use --rejects FILE to keep every rejected row" : "");
	}
	if (r->encoding_rejects)
		diag_warn("%s: %" PRId64 " of %" PRId64 " rows rejected for invalid UTF-8: %s; import it "
		          "again with --encoding windows-1252 (or latin1)",
		          r->path, r->encoding_rejects, r->n.rows,
		          r->encoding_rejects * 2 > r->n.rows ? "the file is not UTF-8"
		                                              : "if the file is not UTF-8");
}

static int print_summary(struct import_run *r, int dry_run, int64_t qualified)
{
	if (r->ctx->format == OUT_JSON) {
		cJSON *o = cJSON_CreateObject();
		if (dry_run)
			cJSON_AddNullToObject(o, "import");
		else
			cJSON_AddNumberToObject(o, "import", (double)r->import_id);
		cJSON_AddStringToObject(o, "file", r->path);
		cJSON_AddBoolToObject(o, "dry_run", dry_run);
		cJSON_AddNumberToObject(o, "rows", (double)r->n.rows);
		cJSON_AddNumberToObject(o, "created", (double)r->n.created);
		cJSON_AddNumberToObject(o, "updated", (double)r->n.updated);
		cJSON_AddNumberToObject(o, "unchanged", (double)r->n.unchanged);
		cJSON_AddNumberToObject(o, "rejected", (double)r->n.rejected);
		cJSON_AddNumberToObject(o, "qualified", (double)qualified);
		cJSON_AddNumberToObject(o, "conflicts", (double)r->n.conflicts);
		out_json(stdout, o);
		cJSON_Delete(o);
		return 0;
	}
	if (dry_run)
		printf("dry run (nothing written): ");
	else
		printf("import %" PRId64 ": ", r->import_id);
	printf("%s: %" PRId64 " row%s: %" PRId64 " created, %" PRId64 " updated, %" PRId64
	       " unchanged, %" PRId64 " rejected, %" PRId64 " qualified",
	       r->path, r->n.rows, r->n.rows == 1 ? "" : "s", r->n.created, r->n.updated, r->n.unchanged,
	       r->n.rejected, qualified);
	if (r->n.conflicts)
		printf(" (%" PRId64 " known value%s replaced by the file's)", r->n.conflicts,
		       r->n.conflicts == 1 ? "" : "s");
	printf("\n");
	return 0;
}

/* Keep spool entry e in b (the row was applied).  Returns 0 or -1 when out
 * of memory. */
static int batch_keep(struct batch *b, const struct import_entry *e)
{
	struct batch_row *br = &b->rows[b->len];

	if (!(br->entry = malloc(e->blob_len ? e->blob_len : 1)))
		return -1;
	memcpy(br->entry, e->blob, e->blob_len);
	br->len = e->blob_len;
	br->line = e->line;
	b->len++;
	return 0;
}

/* Forget the kept rows (the savepoint is the caller's). */
static void batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		free(b->rows[i].entry);
	b->len = 0;
}

/* End the batch: release its savepoint (its rows stay in the
 * transaction). */
static int batch_end(struct lc_db *db, struct batch *b)
{
	batch_clear(b);
	if (!b->open)
		return 0;
	b->open = 0;
	return db_release(db, "batch");
}

/* A row of the batch failed as data: roll the batch back and apply its
 * kept rows again (they succeed again: same rows, same state), so that
 * only the failed row's writes are gone; the counts are the batch's
 * start plus those rows'.  Their warnings were shown the first time.
 * Returns 0 or the error that ends the import. */
static int batch_replay(struct import_run *r, struct batch *b)
{
	struct lc_db *db = r->ctx->db;
	struct import_entry e;
	size_t i;
	int rc = 0;

	db_rollback_to(db, "batch");
	b->open = 0;
	r->n.created = b->at0.created;
	r->n.updated = b->at0.updated;
	r->n.unchanged = b->at0.unchanged;
	r->n.conflicts = b->at0.conflicts;
	if (b->len == 0)
		return 0;
	if ((rc = db_savepoint(db, "batch")))
		return rc;
	b->open = 1;
	r->replaying = 1;
	import_entry_init(&e);
	for (i = 0; i < b->len && rc == 0; i++) {
		const struct batch_row *br = &b->rows[i];
		if (import_entry_decode(br->entry, br->len, &e) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			break;
		}
		diag_capture(1);
		rc = apply_row(r, &e.row);
		diag_capture(0);
		if (rc)
			rc = diag_error(rc,
			                "import: %s: line %ld: applied again after a rejected row, it "
			                "failed: %s",
			                r->path, br->line, diag_captured());
	}
	import_entry_clear(&e);
	r->replaying = 0;
	return rc;
}

/* Phase one, before any lock (issue 14, "short write locks"): read the
 * whole file, map and normalise every record (csvmap, the identity
 * module) into the spool.  A file that cannot be read as CSV (an
 * unterminated quote at the end, a read error) ends here with nothing
 * written and no lock ever taken.  *total counts the records. */
static int spool_file(struct import_run *r, struct csvread *rd, const struct csvmap *map, off_t size,
                      struct import_spool *sp, int64_t *total)
{
	struct csvread_record rec;
	struct csvmap_row row;
	time_t start = time(NULL);
	int st, failed;

	*total = 0;
	while ((st = csvread_next(rd, &rec)) == CSVREAD_RECORD) {
		if (++*total % 1024 == 0)
			progress("reading", size > 0 ? (double)csvread_offset(rd) / (double)size : 0, *total,
			         start, 0);
		if (rec.error) {
			failed = import_spool_put(sp, rec.line, rec.error, rec.raw, rec.raw_len, NULL);
		} else {
			if (csvmap_row(map, (const char *const *)rec.fields, rec.nfields, rec.line, &row) !=
			    0)
				return diag_error(LC_SOFTWARE, "out of memory");
			failed = import_spool_put(sp, rec.line, NULL, rec.raw, rec.raw_len, &row);
			csvmap_row_clear(&row);
		}
		if (failed) {
			/* what, where (the spool's folder, import_spool.c) and what to do */
			int e = errno;
			const char *tmp = getenv("TMPDIR");
			return diag_error(
			        e == ENOMEM ? LC_SOFTWARE : LC_IOERR,
			        "import: %s: cannot keep the parsed rows in a temporary file in '%s': %s: %s "
			        "and run the import again (nothing was imported)",
			        r->path, tmp && *tmp ? tmp : "/tmp", outfile_strerror(e),
			        e == EFBIG ? "raise the file size limit (ulimit -f)"
			        : e == ENOSPC || e == EDQUOT
			                ? "free space there or set TMPDIR to a folder with room"
			                : "check that folder");
		}
	}
	progress("reading", 1, *total, start, 1);
	if (st != CSVREAD_END)
		return diag_error(st == CSVREAD_EIO      ? LC_IOERR
		                  : st == CSVREAD_ENOMEM ? LC_SOFTWARE
		                                         : LC_DATAERR,
		                  "import: %s: %s: nothing was imported", r->path,
		                  csvread_error(rd) ? csvread_error(rd) : "cannot read");
	if (import_spool_rewind(sp) != 0)
		return diag_error(LC_IOERR, "import: %s: cannot read its temporary copy back: %s", r->path,
		                  outfile_strerror(errno));
	return 0;
}

/* --historical, --no-historical, --history-before TIME and the mapping
 * file's "historical" into r (docs/import.md §4); the command line beats
 * the mapping file. */
static int history_options(struct lc_ctx *ctx, const struct lc_args *args, const struct csvmap_settings *set,
                           struct import_run *r)
{
	const char *v = args_get(args, "history-before");
	int n = args_has(args, "historical") + args_has(args, "no-historical") + (v != NULL);

	if (n > 1)
		return cli_usage_error(
		        ctx->cmd, "--historical, --no-historical and --history-before exclude each other");
	r->historical = args_has(args, "historical") ? 1 : args_has(args, "no-historical") ? 0 : -1;
	if (v && when_parse_any(v, ctx->now, cmd_tz(ctx), &r->history_before) != 0)
		return cli_usage_error(ctx->cmd,
		                       "--history-before '%s' is not a time: use ISO-8601 such as 2026-11-01 "
		                       "(local to %s) or 2026-11-01T00:00:00Z",
		                       v, cmd_tz(ctx));
	if (!n && set->historical >= 0)
		r->historical = set->historical;
	return 0;
}

static int cmd_import(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct import_run r;
	struct csvread *rd = NULL;
	struct csvmap *map = NULL;
	struct import_spool *sp = NULL;
	struct import_entry ent;
	struct csvmap_row *row = &ent.row;
	const char *rejects_path = args_get(args, "rejects");
	int dry_run = args_has(args, "dry-run"), rc, got, in_tx = 0, all_rejected, suppressed, failures;
	struct outfile rejects_file = { 0 };
	struct lc_db *snapshot = NULL, *real_db = NULL;
	struct batch *batch = NULL;
	int row_by_row = args_has(args, "row-by-row");
	FILE *spool = NULL;
	char hex[65], msg[1024];
	off_t size = 0;
	time_t start = time(NULL);
	/* --timing: start, spooled, locked (BEGIN IMMEDIATE), applied, unlocked */
	struct phase_clock t0 = phase_now(), t_spooled = t0, t_locked = t0, t_applied = t0, t_done;
	int64_t prev, qualified = 0, total = 0;
	lc_time prev_at;
	int version;
	struct csvmap_settings set;
	const char *v;
	cJSON *opts = NULL;

	memset(&r, 0, sizeof r);
	import_entry_init(&ent);
	r.ctx = ctx;
	r.row_by_row = row_by_row;
	r.path = args->pos[0];
	if ((rc = read_input(r.path, hex, &size, &spool)))
		return rc;
	if (strcmp(r.path, "-") == 0)
		r.path = "stdin";
	if ((rc = open_reader(ctx, args, r.path, spool, &rd)) ||
	    (rc = build_map(ctx, args, rd, &map, &set)) || (rc = engine_sla(ctx->db, &r.sla, &version)))
		goto cleanup;
	/* The command line beats the mapping file. */
	if ((v = args_get(args, "kind")) && (set.kind = csvmap_kind_parse(v)) < 0) {
		rc = cli_usage_error(ctx->cmd, "--kind '%s': use form or crm", v);
		goto cleanup;
	}
	r.crm = set.kind == CSVMAP_KIND_CRM;
	if ((v = args_get(args, "account-key")) && (set.account_key = csvmap_account_key_parse(v)) < 0) {
		rc = cli_usage_error(ctx->cmd, "--account-key '%s': use auto, email, website or company", v);
		goto cleanup;
	}
	/* Another CRM's records name each person's company: it keys the
	 * account before a mail domain that many companies may share. */
	if (set.account_key < 0)
		set.account_key = r.crm ? CSVMAP_ACCOUNT_WEBSITE : CSVMAP_ACCOUNT_AUTO;
	store_account_key_set(ctx->db, set.account_key == CSVMAP_ACCOUNT_WEBSITE   ? STORE_ACCOUNT_WEBSITE
	                               : set.account_key == CSVMAP_ACCOUNT_COMPANY ? STORE_ACCOUNT_COMPANY
	                                                                           : STORE_ACCOUNT_AUTO);
	if ((rc = history_options(ctx, args, &set, &r)))
		goto cleanup;
	if (args_has(args, "explain")) {
		char *text = csvmap_explain(map);
		const char *enc = csvread_encoding_name(csvread_encoding(rd));
		char d = csvread_delimiter(rd);
		char other[4] = { '\'', d, '\'', 0 };
		printf("%s: %s, delimiter %s, header on line %ld\n", r.path, enc,
		       d == '\t'  ? "tab"
		       : d == ';' ? "semicolon"
		       : d == ',' ? "comma"
		                  : other,
		       csvread_header_line(rd));
		{
			/* header names are data: escaped, line breaks kept */
			char *safe = out_term_safe(text ? text : "", 0);
			fputs(safe ? safe : "", stdout);
			rc = text && !safe ? diag_error(LC_SOFTWARE, "out of memory") : 0;
			free(safe);
		}
		free(text);
		if (!rc)
			rc = explain_values(&r, rd, map);
		goto cleanup;
	}
	if (!(opts = import_options(args, r.historical))) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	{
		int same = 1;
		r.force = args_has(args, "force");
		if ((rc = store_import_find_sha(ctx->db, hex, &prev, &prev_at)) ||
		    (prev && (rc = same_options(ctx, &r, prev, opts, &same))))
			goto cleanup;
		if (prev && same && !dry_run && !r.force) {
			char when[32];
			clock_format_utc(prev_at, when, sizeof when);
			printf("%s: already imported as import %" PRId64
			       " (%s, same content): nothing changed "
			       "(--force imports it again)\n",
			       r.path, prev, when);
			goto cleanup;
		}
		/* The same bytes read with other options (a date format, a
		 * mapping, an encoding the first run lacked) are another import:
		 * its rows apply to the leads the first one created. */
		r.restage_from = prev && !same ? prev : 0;
		r.sha = hex;
	}
	if (rejects_path) {
		/* written to a temporary file, in place only once the import has
		 * committed: never the database or the input, never over a file */
		const char *inputs[] = { args->pos[0], args_get(args, "map") };
		struct outfile_guard g = { ctx->db_path, inputs, 2 };
		if ((rc = outfile_begin(&rejects_file, "import: --rejects", rejects_path, &g, OUTFILE_NEW)))
			goto cleanup;
		r.rejects = rejects_file.f;
		fputs("line,reason,record\r\n", r.rejects);
	}
	/* Phase one: the whole file read, mapped and normalised before any
	 * lock is taken (spool_file). */
	if (import_spool_open(&sp) != 0) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	if ((rc = spool_file(&r, rd, map, size, sp, &total)))
		goto cleanup;
	t_spooled = phase_now();
	/* Phase two applies the spooled rows in one transaction.  A dry run
	 * writes to a private copy: it never takes the write lock, so reps
	 * and cron work on while it runs. */
	if (dry_run) {
		if ((rc = db_snapshot(ctx->db, &snapshot)))
			goto cleanup;
		real_db = ctx->db;
		ctx->db = snapshot;
		/* the SLA as the snapshot's engine holds it (the pointer above
		 * belonged to the real database's cache) */
		if ((rc = engine_sla(ctx->db, &r.sla, &version)))
			goto cleanup;
	}
	if (!(batch = calloc(1, sizeof *batch))) {
		rc = diag_error(LC_SOFTWARE, "out of memory");
		goto cleanup;
	}
	if ((rc = db_bulk_mode(ctx->db)) || (rc = db_begin(ctx->db)))
		goto cleanup;
	in_tx = 1;
	t_locked = phase_now();
	{
		struct lc_change c = { ctx->actor, ORIGIN_IMPORT, ctx->now, 0, 0 };
		char *text;
		/* The reject file, absolute, so that `forget` can find the
		 * person's rows in it later (docs/privacy.md). */
		text = NULL;
		if (rejects_path) {
			char cwd[4096];
			if (rejects_path[0] != '/' && getcwd(cwd, sizeof cwd)) {
				char *abs = malloc(strlen(cwd) + strlen(rejects_path) + 2);
				if (abs) {
					sprintf(abs, "%s/%s", cwd, rejects_path);
					if (cJSON_AddStringToObject(opts, "rejects", abs))
						text = cJSON_PrintUnformatted(opts);
				}
				free(abs);
			} else if (cJSON_AddStringToObject(opts, "rejects", rejects_path)) {
				text = cJSON_PrintUnformatted(opts);
			}
		} else {
			text = cJSON_PrintUnformatted(opts);
		}
		rc = text ? store_import_begin(ctx->db, r.path, hex, text, &c, &r.import_id)
		          : diag_error(LC_SOFTWARE, "out of memory");
		free(text);
		if (rc)
			goto cleanup;
	}
	while ((got = import_spool_next(sp, &ent)) == 1) {
		r.n.rows++;
		if (r.n.rows % 1024 == 0)
			progress("applying", total ? (double)r.n.rows / (double)total : 0, r.n.rows, start,
			         0);
		if (ent.csv_error) {
			reject(&r, ent.line, ent.csv_error, ent.raw, ent.raw_len);
			continue;
		}
		/* An erased person's row is withheld even when it is unusable
		 * for another reason (its e-mail is mapped before the other
		 * columns). */
		if ((rc = reject_suppressed(&r, row, &suppressed)))
			goto cleanup;
		if (suppressed)
			continue;
		if (row->error) {
			reject(&r, ent.line, row->error, ent.raw, ent.raw_len);
			continue;
		}
		if (row->warning)
			import_warn(&r, "%s", row->warning);
		/* A savepoint per batch of rows (per row with --row-by-row): a
		 * row that breaks a rule is rejected, the rest of the file goes
		 * on. */
		if (!batch->open) {
			if ((rc = db_savepoint(ctx->db, "batch")))
				goto cleanup;
			batch->open = 1;
			batch->at0 = r.n;
		}
		diag_capture(1);
		failures = db_store_failures(ctx->db);
		rc = apply_row(&r, row);
		snprintf(msg, sizeof msg, "%s", diag_captured());
		diag_capture(0);
		/* A 65 is a rejected row only when the store did not fail: a
		 * corrupt page or an I/O error is also 65 or worse, and aborts. */
		if (rc == LC_DATAERR && db_store_failures(ctx->db) == failures) {
			char why[1100];
			snprintf(why, sizeof why, "%s", msg);
			if (strncmp(why, "line ", 5) != 0)
				snprintf(why, sizeof why, "line %ld: %s", ent.line, msg);
			if ((rc = batch_replay(&r, batch)))
				goto cleanup;
			reject(&r, ent.line, why, ent.raw, ent.raw_len);
		} else if (rc) {
			if (msg[0])
				diag_error(rc, "import: %s: line %ld: %s", r.path, ent.line, msg);
			goto cleanup;
		} else if (row_by_row || batch->len + 1 == IMPORT_BATCH) {
			if ((rc = batch_end(ctx->db, batch)))
				goto cleanup;
		} else if (batch_keep(batch, &ent) != 0) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			goto cleanup;
		}
	}
	if (got < 0) {
		rc = diag_error(errno == ENOMEM ? LC_SOFTWARE : LC_IOERR,
		                "import: %s: cannot read its temporary copy back: %s: nothing was imported",
		                r.path, outfile_strerror(errno));
		goto cleanup;
	}
	if ((rc = batch_end(ctx->db, batch)))
		goto cleanup;
	progress("applying", 1, r.n.rows, start, 1);
	if ((rc = store_import_finish(ctx->db, r.import_id, &r.n)) ||
	    (rc = store_import_qualified(ctx->db, r.import_id, &qualified)))
		goto cleanup;
	t_applied = phase_now();
	/* A file none of whose rows could be used is not logged either, so
	 * that it can be fixed (--date-format, --map) and imported again
	 * without meeting "already imported". */
	all_rejected = r.n.rows > 0 && r.n.rejected == r.n.rows;
	/* Nor is a file with a header and no rows (a quiet day's export): it
	 * changes nothing, and the day it has rows it must not be "already
	 * imported". */
	if (r.n.rows == 0 && !dry_run) {
		db_rollback(ctx->db);
		in_tx = 0;
		printf("%s: no data rows (only a header): nothing imported\n", r.path);
		r.rejects = NULL;
		rc = outfile_commit(&rejects_file);
		goto cleanup;
	}
	if (dry_run || all_rejected) {
		db_rollback(ctx->db);
	} else if ((rc = db_commit(ctx->db))) {
		in_tx = 0;
		goto cleanup;
	}
	in_tx = 0;
	t_done = phase_now();
	if (args_has(args, "timing"))
		diag_note("import: %s: timing: read and normalise %.3f s (CPU %.3f s), write lock %.3f s "
		          "(apply %.3f s, CPU %.3f s; commit %.3f s), total %.3f s (CPU %.3f s)",
		          r.path, t_spooled.wall - t0.wall, t_spooled.cpu - t0.cpu,
		          t_done.wall - t_locked.wall, t_applied.wall - t_locked.wall,
		          t_applied.cpu - t_locked.cpu, t_done.wall - t_applied.wall, t_done.wall - t0.wall,
		          t_done.cpu - t0.cpu);
	if (dry_run || !all_rejected)
		print_summary(&r, dry_run, qualified);
	print_hidden(&r);
	r.rejects = NULL;
	if ((rc = outfile_commit(&rejects_file)))
		goto cleanup;
	if (all_rejected)
		rc = diag_error(LC_DATAERR,
		                "import: %s: every row was rejected (%" PRId64 "): "
		                "nothing was imported",
		                r.path, r.n.rows);
cleanup:
	if (batch) {
		batch_clear(batch);
		free(batch);
	}
	if (in_tx)
		db_rollback(ctx->db);
	outfile_abort(&rejects_file);
	cJSON_Delete(opts);
	if (snapshot) {
		ctx->db = real_db;
		db_close(snapshot);
		engine_release(); /* its SLA cache names the snapshot */
	}
	import_entry_clear(&ent);
	import_spool_close(sp);
	csvmap_free(map);
	csvread_close(rd);
	if (spool)
		fclose(spool);
	return rc;
}

struct list_state {
	struct out *out;
	int json_first;
};

static int import_row(void *arg, const cJSON *o)
{
	struct list_state *s = arg;
	char nums[6][32];
	static const char *const keys[] = {
		"rows", "created", "updated", "unchanged", "rejected", "qualified"
	};
	const cJSON *undone = cJSON_GetObjectItemCaseSensitive(o, "undone_at");
	int k;

	if (!s->out) {
		char *t = cJSON_PrintUnformatted(o);
		printf("%s%s", s->json_first ? "\n" : ",\n", t);
		s->json_first = 0;
		free(t);
		return 0;
	}
	for (k = 0; k < 6; k++)
		snprintf(nums[k], sizeof nums[k], "%.0f",
		         cJSON_GetObjectItemCaseSensitive(o, keys[k])->valuedouble);
	{
		char id[32];
		snprintf(id, sizeof id, "%.0f", cJSON_GetObjectItemCaseSensitive(o, "id")->valuedouble);
		out_row(s->out,
		        (const char *const[]){ id, cJSON_GetObjectItemCaseSensitive(o, "at")->valuestring,
		                               cJSON_GetObjectItemCaseSensitive(o, "actor")->valuestring,
		                               cJSON_GetObjectItemCaseSensitive(o, "file")->valuestring,
		                               nums[0], nums[1], nums[2], nums[3], nums[4], nums[5],
		                               cJSON_IsString(undone) ? undone->valuestring : NULL });
	}
	return 0;
}

static int cmd_import_list(struct lc_ctx *ctx, const struct lc_args *args)
{
	static const struct out_col cols[] = {
		{ "id", OT_INT },        { "at", OT_STR },        { "actor", OT_STR },
		{ "file", OT_STR },      { "rows", OT_INT },      { "created", OT_INT },
		{ "updated", OT_INT },   { "unchanged", OT_INT }, { "rejected", OT_INT },
		{ "qualified", OT_INT }, { "undone_at", OT_STR },
	};
	struct list_state s = { NULL, 1 };
	int rc;

	(void)args;
	if (ctx->format == OUT_JSON)
		fputs("[", stdout);
	else
		s.out = out_begin(stdout, ctx->format, cols, sizeof cols / sizeof cols[0]);
	rc = store_import_each(ctx->db, import_row, &s);
	if (ctx->format == OUT_JSON)
		fputs(s.json_first ? "]\n" : "\n]\n", stdout);
	else
		out_end(s.out);
	return rc;
}

static int cmd_import_undo(struct lc_ctx *ctx, const struct lc_args *args)
{
	char *end;
	long long id;
	int64_t removed, restored;
	int rc;

	errno = 0;
	id = strtoll(args->pos[0], &end, 10);
	if (*end || id <= 0 || errno == ERANGE)
		return cli_usage_error(ctx->cmd, "'%s' is not an import number (see 'leadctl import list')",
		                       args->pos[0]);
	/* one transaction, opened and committed by the dispatcher (CMD_TX) */
	if ((rc = store_import_undo(ctx->db, id, ctx->now, &removed, &restored)))
		return rc;
	printf("import %lld undone: %" PRId64 " lead%s removed, %" PRId64 " restored\n", id, removed,
	       removed == 1 ? "" : "s", restored);
	return 0;
}

static const struct lc_optdef import_opts[] = {
	{ "source", 0, 1, "CHANNEL", "set every row's source (overrides the file)" },
	{ "campaign", 0, 1, "NAME", "set every row's campaign (overrides the file)" },
	{ "owner", 0, 1, "NAME", "set every row's owner (overrides the file)" },
	{ "map", 0, 1, "FILE",
	  "a mapping file: columns, constants, date formats, events (docs/import-mapping.md)" },
	{ "encoding", 0, 1, "ENC",
	  "utf-8, utf-16le, utf-16be, latin1, windows-1252 (default: BOM or UTF-8)" },
	{ "delimiter", 0, 1, "D", "comma, semicolon or tab (default: sniffed)" },
	{ "date-format", 0, 1, "F", "day_first, month_first or a pattern such as %d/%m/%Y %H:%M" },
	{ "country-code", 0, 1, "CC", "country code for phones without one (default: the SLA's)" },
	{ "source-system", 0, 1, "NAME",
	  "the system of the file's record ids (salesforce, hubspot, zoho, ...; default: recognised)" },
	{ "rejects", 0, 1, "FILE", "write rejected rows there (line, reason, original record)" },
	{ "dry-run", 'n', 0, NULL, "do everything, then write nothing; print the same summary" },
	{ "explain", 0, 0, NULL, "print the column mapping it would use and stop" },
	{ "force", 0, 0, NULL,
	  "import a file again although the same content was imported before; its stages apply again "
	  "to leads no person has moved since" },
	{ "row-by-row", 0, 0, NULL,
	  "diagnosis: apply each row under its own savepoint, reading a new lead back before the SLA "
	  "decides (the slower path the default one must equal)" },
	{ "timing", 0, 0, NULL,
	  "print on stderr how long each phase took, and how long the write lock was held" },
	{ "historical", 0, 0, NULL,
	  "every row is history: what the SLA owes starts now, not at the old stage dates (default: "
	  "rows older than the SLA's longest deadline)" },
	{ "no-historical", 0, 0, NULL, "no row is history: old stage entries owe what they owed then" },
	{ "history-before", 0, 1, "TIME", "rows whose stage entry is before TIME are history" },
	{ "account-key", 0, 1, "KEY",
	  "what keys accounts first: auto (e-mail domain), website or company (default for --kind crm: "
	  "website)" },
	{ "kind", 0, 1, "KIND",
	  "form (rows are submissions) or crm (another CRM's records: no submission events)" },
	{ 0 },
};

static const struct lc_optdef no_opts[] = {
	{ 0 },
};

const struct lc_cmd cmd_import_entry = {
	.name = "import",
	.summary = "import leads from a CSV export (forms, HubSpot, Salesforce, Meta, ...)",
	.usage = "FILE [--source S] [--map FILE] [--rejects FILE] [--dry-run] [--explain]",
	.help = "Reads, maps and normalises the whole file first (no write lock), then writes it in\n"
	        "one transaction.  Encodings: UTF-8 (with or without BOM), UTF-16 with\n"
	        "BOM; others when declared.  The delimiter is sniffed.  Columns are mapped from the names "
	        "real\n"
	        "exports use (--explain shows how); unknown columns are kept as custom fields.  Rows are\n"
	        "matched to leads by their identities (README 'Identity and accounts': e-mail, record id\n"
	        "in its system, phone); a row whose identities conflict is rejected naming both leads.\n"
	        "An existing lead is updated (blanks never overwrite; an e-mail or record id is only\n"
	        "added, never rewritten) and its re-submission recorded as a form_submission event.\n"
	        "Lifecycle dates\n"
	        "(HubSpot's 'Became a ... Date') rebuild the stage history.  Every lead is then scored,\n"
	        "qualified and routed by the SLA.  Importing the same content twice changes nothing.\n"
	        "Exit 0 when the file was read (rejected rows are counted); 65 when every row was rejected\n"
	        "or the file cannot be read as CSV (nothing imported; docs/import.md); 64 on a bad option;\n"
	        "66 when FILE is missing, 73 when --rejects cannot be created, 78 when the mapping file is\n"
	        "not valid; 75 when the database stays busy.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED,
	.opts = import_opts,
	.fn = cmd_import,
};

const struct lc_cmd cmd_import_list_entry = {
	.name = "import list",
	.summary = "list past imports with their counts",
	.usage = "",
	.help = NULL,
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB,
	.opts = no_opts,
	.fn = cmd_import_list,
};

const struct lc_cmd cmd_import_undo_entry = {
	.name = "import undo",
	.summary = "undo an import: remove the leads it created, restore the ones it updated",
	.usage = "ID",
	.help = "Refused when a later import is still in place or when later changes to its leads\n"
	        "(touches, stage moves, edits) would be lost.",
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_DB | CMD_WRITE | CMD_TX,
	.opts = no_opts,
	.fn = cmd_import_undo,
};
