/* sla check: find new SLA breaches, for cron.
 *
 *   leadctl sla check --json >>breaches.jsonl    (crontab: every 5 minutes)
 *   leadctl sla check --exec 'notify-chat'     (the breach's JSON on stdin)
 *
 * Finds the breaches of the SLA in force as of now (first touch missed,
 * attempts exhausted, stalled), records each once, applies the SLA's
 * recycle action, and prints only the new ones: nothing and exit 0 when
 * there are none, the new ones and exit 1 when there are.  Two runs at once
 * are serialised by the database's write lock; the second finds nothing
 * new.  Detection and recording: src/store_check.c; rules and JSON fields:
 * docs/next-and-check.md. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "leadctl/check.h"
#include "leadctl/cmdutil.h"
#include "leadctl/db.h"
#include "leadctl/diag.h"
#include "leadctl/engine.h"
#include "leadctl/out.h"

/* Table, TSV and CSV columns. */
static const struct out_col check_cols[] = {
	{ "breach", OT_INT },  { "lead", OT_INT },   { "name", OT_STR }, { "company", OT_STR },
	{ "owner", OT_STR },   { "kind", OT_STR },   { "rule", OT_STR }, { "due", OT_STR },
	{ "overdue", OT_OWN }, { "action", OT_STR },
};

/* A one-line summary of b for people and chat hooks, into buf. */
static void breach_summary(const struct lc_breach *b, char *buf, size_t n)
{
	char late[32], age[32];

	duration_format(b->detected_at >= b->due_at ? b->detected_at - b->due_at : b->due_at - b->detected_at,
	                late, sizeof late);
	switch (b->kind) {
	case BREACH_FIRST_TOUCH:
		snprintf(buf, n, "lead %" PRId64 " (%s): first touch overdue %s (rule %s)", b->lead, b->name,
		         late, b->rule);
		break;
	case BREACH_ATTEMPTS_EXHAUSTED:
		snprintf(buf, n,
		         "lead %" PRId64 " (%s): attempts exhausted, %" PRId64 " of %" PRId64 " made without "
		         "a reply (rule %s)%s",
		         b->lead, b->name, b->attempts_made, b->attempts_owed, b->rule,
		         b->recycled ? ": recycled to nurture (no_response)" : "");
		break;
	case BREACH_STALLED:
		next_age_text(b->detected_at - b->activity_at, age, sizeof age);
		snprintf(buf, n, "lead %" PRId64 " (%s): stalled in %s, no activity for %s (%s)", b->lead,
		         b->name, stage_name(b->stage), age, b->rule);
		break;
	}
}

/* The JSON object of a breach (docs/next-and-check.md); NULL when out of
 * memory.  The caller frees it with cJSON_Delete. */
static cJSON *breach_json(const struct lc_breach *b)
{
	cJSON *j = cJSON_CreateObject();
	char t[32], summary[512];
	int ok = j != NULL;

	if (!ok)
		return NULL;
	ok &= cJSON_AddNumberToObject(j, "breach_id", (double)b->id) != NULL;
	ok &= cJSON_AddNumberToObject(j, "lead_id", (double)b->lead) != NULL;
	ok &= cJSON_AddStringToObject(j, "name", b->name) != NULL;
	ok &= (b->email ? cJSON_AddStringToObject(j, "email", b->email)
	                : cJSON_AddNullToObject(j, "email")) != NULL;
	ok &= (b->company ? cJSON_AddStringToObject(j, "company", b->company)
	                  : cJSON_AddNullToObject(j, "company")) != NULL;
	ok &= (b->owner ? cJSON_AddStringToObject(j, "owner", b->owner)
	                : cJSON_AddNullToObject(j, "owner")) != NULL;
	ok &= cJSON_AddStringToObject(j, "stage", stage_name(b->stage)) != NULL;
	ok &= cJSON_AddStringToObject(j, "kind", breach_kind_name(b->kind)) != NULL;
	ok &= cJSON_AddStringToObject(j, "rule", b->rule) != NULL;
	clock_format_utc(b->due_at, t, sizeof t);
	ok &= cJSON_AddStringToObject(j, "due_at", t) != NULL;
	clock_format_utc(b->detected_at, t, sizeof t);
	ok &= cJSON_AddStringToObject(j, "detected_at", t) != NULL;
	ok &= cJSON_AddNumberToObject(j, "overdue_seconds", (double)(b->detected_at - b->due_at)) != NULL;
	if (b->kind == BREACH_STALLED) {
		ok &= cJSON_AddNullToObject(j, "attempts_made") != NULL;
		ok &= cJSON_AddNullToObject(j, "attempts_owed") != NULL;
	} else {
		ok &= cJSON_AddNumberToObject(j, "attempts_made", (double)b->attempts_made) != NULL;
		ok &= cJSON_AddNumberToObject(j, "attempts_owed", (double)b->attempts_owed) != NULL;
	}
	clock_format_utc(b->activity_at, t, sizeof t);
	ok &= cJSON_AddStringToObject(j, "activity_at", t) != NULL;
	ok &= (b->recycled ? cJSON_AddStringToObject(j, "action", "recycle")
	                   : cJSON_AddNullToObject(j, "action")) != NULL;
	ok &= cJSON_AddStringToObject(j, "stage_after", stage_name(b->stage_after)) != NULL;
	ok &= cJSON_AddNumberToObject(j, "sla_version", b->sla_version) != NULL;
	breach_summary(b, summary, sizeof summary);
	ok &= cJSON_AddStringToObject(j, "summary", summary) != NULL;
	if (!ok) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* The breach as one line of JSON (no newline); caller frees.  NULL when
 * out of memory. */
static char *breach_line(const struct lc_breach *b)
{
	cJSON *j = breach_json(b);
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;

	cJSON_Delete(j);
	return s;
}

/* What the chunks of new breaches are printed with. */
struct check_state {
	struct lc_ctx *ctx;
	int lines;        /* --json: JSON lines, else a listing */
	const char *exec; /* --exec CMD or NULL */
	struct out *out;  /* the listing, begun with the first breach */
	cJSON *array;     /* --format json: the breaches as --json gives them, one array */
	size_t count;     /* new breaches so far */
	size_t recycled;  /* of which the recycle action was applied to */
	int64_t *listed;  /* a listing's breaches, reported once it is printed */
	size_t nlisted;
};

/* Mark b[0..n) reported (they were delivered): check_breaches_reported. */
static int reported(struct check_state *s, const struct lc_breach *b, size_t n)
{
	int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
	size_t i;
	int rc;

	if (!ids)
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++)
		ids[i] = b[i].id;
	rc = check_breaches_reported(s->ctx->db, ids, n, s->ctx->now);
	free(ids);
	return rc;
}

/* Add the breaches to the listing of s (begun on the first call). */
static int list_rows(struct check_state *s, const struct lc_breach *b, size_t n)
{
	size_t i;

	if (!s->out && !(s->out = out_begin(stdout, s->ctx->format, check_cols,
	                                    sizeof check_cols / sizeof check_cols[0])))
		return diag_error(LC_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++) {
		char id[32], lead[32], due[32], late[32];
		snprintf(id, sizeof id, "%" PRId64, b[i].id);
		snprintf(lead, sizeof lead, "%" PRId64, b[i].lead);
		cmd_time(s->ctx, b[i].due_at, due, sizeof due);
		duration_format(b[i].detected_at - b[i].due_at, late, sizeof late);
		if (out_row(s->out, (const char *const[]){ id, lead, b[i].name, b[i].company, b[i].owner,
		                                           breach_kind_name(b[i].kind), b[i].rule, due, late,
		                                           b[i].recycled ? "recycle" : NULL }) != 0)
			return diag_error(LC_SOFTWARE, "out of memory");
	}
	return 0;
}

/* Write all of buf to fd; -1 on error (EPIPE included: the hook did not
 * read its input, which is its business). */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Run cmd through /bin/sh -c with line (plus a newline) on its stdin, its
 * stdout sent to our stderr, LEADCTL_BREACH_ID, LEADCTL_BREACH_KIND and
 * LEADCTL_LEAD_ID in its environment.  A hook that cannot run or fails is
 * a warning: the breach is recorded either way. */
static void run_hook(const char *cmd, const struct lc_breach *b, const char *line)
{
	int fds[2], status;
	pid_t pid;
	char id[32], lead[32];

	snprintf(id, sizeof id, "%" PRId64, b->id);
	snprintf(lead, sizeof lead, "%" PRId64, b->lead);
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) != 0) {
		diag_warn("sla check: --exec: cannot run the hook for breach %s: %s", id, strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		diag_warn("sla check: --exec: cannot run the hook for breach %s: %s", id, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		close(fds[0]);
		setenv("LEADCTL_BREACH_ID", id, 1);
		setenv("LEADCTL_BREACH_KIND", breach_kind_name(b->kind), 1);
		setenv("LEADCTL_LEAD_ID", lead, 1);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	if (write_all(fds[1], line, strlen(line)) != 0 || write_all(fds[1], "\n", 1) != 0) {
		/* The hook exited or closed stdin early: its status says the rest. */
	}
	close(fds[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			diag_warn("sla check: --exec: lost the hook for breach %s: %s", id, strerror(errno));
			return;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		diag_warn("sla check: --exec: the hook for breach %s (lead %s) exited with status %d; the "
		          "breach is "
		          "recorded",
		          id, lead, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		diag_warn("sla check: --exec: the hook for breach %s (lead %s) was killed by signal %d; the "
		          "breach is "
		          "recorded",
		          id, lead, WTERMSIG(status));
}

/* Run the hook once per breach, in order. */
static int run_hooks(const char *cmd, const struct lc_breach *b, size_t n)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		char *line = breach_line(&b[i]);
		if (!line) {
			rc = diag_error(LC_SOFTWARE, "out of memory");
			break;
		}
		run_hook(cmd, &b[i], line);
		free(line);
	}
	signal(SIGPIPE, old);
	return rc;
}

/* check_breaches() callback: a chunk of new breaches, just committed:
 * print them (JSON lines at once, a listing at the end), then run the
 * hook for each. */
static int on_breaches(void *arg, const struct lc_breach *b, size_t n)
{
	struct check_state *s = arg;
	size_t i;
	int rc;

	s->count += n;
	for (i = 0; i < n; i++)
		s->recycled += b[i].recycled != 0;
	if (s->lines) {
		for (i = 0; i < n; i++) {
			char *line = breach_line(&b[i]);
			if (!line)
				return diag_error(LC_SOFTWARE, "out of memory");
			out_put_term(stdout, line);
			putchar('\n');
			free(line);
		}
		if (fflush(stdout) != 0)
			return diag_error(LC_IOERR, "sla check: write error on stdout");
	} else if (out_resolve(s->ctx->format) == OUT_JSON) {
		/* One shape for one thing: the objects of --json, in an array. */
		if (!s->array && !(s->array = cJSON_CreateArray()))
			return diag_error(LC_SOFTWARE, "out of memory");
		for (i = 0; i < n; i++) {
			cJSON *j = breach_json(&b[i]);
			if (!j)
				return diag_error(LC_SOFTWARE, "out of memory");
			cJSON_AddItemToArray(s->array, j);
		}
	} else if ((rc = list_rows(s, b, n))) {
		return rc;
	}
	if (!s->lines) {
		int64_t *ids = realloc(s->listed, (s->nlisted + n) * sizeof *ids);
		if (!ids)
			return diag_error(LC_SOFTWARE, "out of memory");
		s->listed = ids;
		for (i = 0; i < n; i++)
			s->listed[s->nlisted++] = b[i].id;
	}
	if (s->exec && (rc = run_hooks(s->exec, b, n)))
		return rc;
	/* JSON lines are out (flushed) and hooks have returned: reported.  A
	 * listing is printed at the end: reported then. */
	return s->lines ? reported(s, b, n) : 0;
}

static int cmd_sla_check(struct lc_ctx *ctx, const struct lc_args *args)
{
	struct check_state s = { ctx, args_has(args, "json"), args_get(args, "exec"), NULL, NULL, 0, 0, NULL,
		                 0 };
	struct lc_db *real_db = ctx->db, *snapshot = NULL;
	int dry_run = args_has(args, "dry-run");
	int rc;

	if (s.lines && ctx->format_given)
		return cli_usage_error(ctx->cmd,
		                       "--json and --format do not go together: --json prints JSON lines");
	if (s.exec && !*s.exec)
		return cli_usage_error(ctx->cmd, "--exec needs a command");
	if (s.exec && dry_run)
		return cli_usage_error(ctx->cmd, "--exec and --dry-run do not go together: a dry run "
		                                 "delivers nothing; drop --exec to see what would be sent");
	/* A dry run records, recycles and reports on a private copy of the
	 * database (db_snapshot): the same code path and the same output as the
	 * real run, without the write lock, and the copy is thrown away. */
	if (dry_run) {
		if ((rc = db_snapshot(real_db, &snapshot)))
			return rc;
		ctx->db = snapshot;
	}
	rc = check_breaches(ctx->db, ctx->now, on_breaches, &s);
	/* What was recorded is printed, even when a later chunk failed. */
	if (s.out && (out_end(s.out) != 0 || fflush(stdout) != 0) && rc == 0)
		rc = diag_error(LC_IOERR, "sla check: write error on stdout");
	if (s.array && out_json(stdout, s.array) != 0 && rc == 0)
		rc = diag_error(LC_IOERR, "sla check: write error on stdout");
	else if ((s.out || s.array) && s.nlisted && fflush(stdout) == 0 && !ferror(stdout)) {
		/* printed: reported (at least once) */
		int mrc = check_breaches_reported(ctx->db, s.listed, s.nlisted, ctx->now);
		if (!rc)
			rc = mrc;
	}
	cJSON_Delete(s.array);
	free(s.listed);
	if (snapshot) {
		ctx->db = real_db;
		db_close(snapshot);
		engine_release(); /* its SLA cache names the snapshot */
		if (!rc)
			diag_note("sla check: dry run, nothing written: %zu new breach%s would be recorded "
			          "and reported, %zu lead%s recycled to nurture",
			          s.count, s.count == 1 ? "" : "es", s.recycled, s.recycled == 1 ? "" : "s");
	}
	if (rc)
		return rc;
	return s.count ? LC_FOUND : LC_OK;
}

static const struct lc_optdef check_opts[] = {
	{ "json", 0, 0, NULL, "one JSON object per line per new breach" },
	{ "exec", 0, 1, "CMD", "run CMD (/bin/sh -c) per new breach, its JSON on stdin, after recording" },
	{ "dry-run", 'n', 0, NULL, "print what would be recorded, recycled and reported; write nothing" },
	{ 0 },
};

const struct lc_cmd cmd_sla_check_entry = {
	.name = "sla check",
	.summary = "record and print new SLA breaches (for cron; exit 1 when there are new ones)",
	.usage = "[--json] [--exec CMD] [--dry-run]",
	.help = "Finds, as of now, the breaches of the SLA in force that are not recorded yet:\n"
	        "  first_touch         an open obligation with no touch after its first-touch deadline;\n"
	        "  attempts_exhausted  the attempts owed were made without a connected, replied or\n"
	        "                      meeting_booked outcome, or their window ended first; when the\n"
	        "                      rule says recycle, the lead moves to nurture (reason no_response,\n"
	        "                      actor sla);\n"
	        "  stalled             no touch or stage change for longer than the stale span of the\n"
	        "                      lead's stage.\n"
	        "Each breach is recorded once (unique on lead, kind, rule and due time), so re-running,\n"
	        "or two runs at once, report each breach once.  A breach is resolved by the next touch\n"
	        "or stage change.  Prints nothing and exits 0 when there is nothing new; prints the new\n"
	        "breaches (a table, or one JSON object per line with --json) and exits 1 when there are.\n"
	        "--exec CMD runs CMD once per new breach after they are recorded, with the breach's JSON\n"
	        "on stdin and LEADCTL_BREACH_ID, LEADCTL_BREACH_KIND and LEADCTL_LEAD_ID set; its output\n"
	        "goes to stderr, and a failing hook is a warning.  Without an SLA: exit 78.\n"
	        "--dry-run prints exactly what a real run would print now (the same breaches, ids and\n"
	        "recycle actions, and exit status) and says on stderr how many it would record and\n"
	        "recycle, but writes nothing and takes no write lock: it works on a private copy.\n"
	        "See docs/next-and-check.md for the JSON fields.",
	.min_pos = 0,
	.max_pos = 0,
	.flags = CMD_DB | CMD_WRITE | CMD_PHASED,
	.opts = check_opts,
	.fn = cmd_sla_check,
};
