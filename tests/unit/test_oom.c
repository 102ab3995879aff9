/* Out-of-memory injection, the way SQLite tests itself (test/malloc*.test):
 * run a whole leadctl command in this process with the allocators of SQLite
 * (sqlite3_config(SQLITE_CONFIG_MALLOC)), cJSON (cJSON_InitHooks) and libcsv
 * (csv_set_realloc_func, through csvread_set_csv_allocator) replaced by one
 * that fails the Nth allocation -- once, or from N on ("persistent") -- for
 * N from 1 up to the number the command makes.  Every run must end in a
 * clean error (a documented exit status and one line on stderr) or in
 * success, leave the database as it was before or as a clean run leaves it
 * (integrity_check ok), and give back every block SQLite and libcsv took.
 * Blocks from plain malloc (and cJSON's, which leadctl frees with free(), as
 * its hooks are libc's) are checked by the ASan build and valgrind.
 *
 * src/main.c is compiled in as leadctl_main(), so a run is exactly the
 * command-line program.  N is sampled (every N up to LEADCTL_OOM_DENSE,
 * then LEADCTL_OOM_SAMPLES more spread over the rest); LEADCTL_OOM_FULL=1
 * tries every N (a long run: see docs/RELIABILITY.md).  Under valgrind the
 * samples are fewer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadctl/csvread.h"

#define main leadctl_main
#include "../../src/main.c"
#undef main

/* ---- the failing allocator ----------------------------------------------- */

static long alloc_count; /* allocations since the counter was reset */
static long fail_at;     /* 0: never fail; else the allocation that fails */
static int fail_persist; /* 1: every allocation from fail_at on fails */
static long fail_count;  /* failures injected in this run */
static long live_sqlite; /* blocks SQLite and libcsv hold (cJSON's strings are */
static long live_csv;    /* freed with free() by leadctl: ASan and valgrind check them) */
static sqlite3_mem_methods sqlite_default;

static int inject(void)
{
	alloc_count++;
	if (fail_at && (alloc_count == fail_at || (fail_persist && alloc_count > fail_at))) {
		fail_count++;
		return 1;
	}
	return 0;
}

/* SQLite's methods: a size header in front of each block for xSize. */
#define HDR 16

static void *sq_malloc(int n)
{
	unsigned char *p;

	if (inject())
		return NULL;
	p = malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof n);
	live_sqlite++;
	return p + HDR;
}

static void sq_free(void *p)
{
	if (!p)
		return;
	live_sqlite--;
	free((unsigned char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
	unsigned char *q;

	if (!p)
		return sq_malloc(n);
	if (inject())
		return NULL;
	q = realloc((unsigned char *)p - HDR, (size_t)n + HDR);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof n);
	return q + HDR;
}

static int sq_size(void *p)
{
	int n = 0;

	if (p)
		memcpy(&n, (unsigned char *)p - HDR, sizeof n);
	return n;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *x)
{
	(void)x;
	return SQLITE_OK;
}

static void sq_shutdown(void *x)
{
	(void)x;
}

static void *cj_malloc(size_t n)
{
	if (inject())
		return NULL;
	return malloc(n);
}

static void cj_free(void *p)
{
	free(p);
}

static void *csv_realloc_fn(void *p, size_t n)
{
	void *q;

	if (inject())
		return NULL;
	q = realloc(p, n);
	if (q && !p)
		live_csv++;
	return q;
}

static void csv_free_fn(void *p)
{
	if (!p)
		return;
	live_csv--;
	free(p);
}

static void install_allocators(void)
{
	static const sqlite3_mem_methods m = { sq_malloc,  sq_free, sq_realloc,  sq_size,
		                               sq_roundup, sq_init, sq_shutdown, NULL };
	cJSON_Hooks h = { cj_malloc, cj_free };

	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
	cJSON_InitHooks(&h);
	csvread_set_csv_allocator(csv_realloc_fn, csv_free_fn);
}

/* ---- files and runs ---------------------------------------------------------- */

static char dir[256]; /* scratch folder */
static char path_sla[512], path_sla2[512], path_csv[512], path_map[512];

static void path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	path_in(p, sizeof p, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
	char a[512], b[512], buf[65536];
	FILE *in, *out;
	size_t n;

	path_in(a, sizeof a, from);
	path_in(b, sizeof b, to);
	in = fopen(a, "rb");
	assert_non_null(in);
	out = fopen(b, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void remove_db(const char *name)
{
	char p[512], q[600];

	path_in(p, sizeof p, name);
	unlink(p);
	snprintf(q, sizeof q, "%s-wal", p);
	unlink(q);
	snprintf(q, sizeof q, "%s-shm", p);
	unlink(q);
}

/* The outcome of one run. */
struct run {
	int rc;          /* exit status */
	char out[65536]; /* stdout (the start of it) */
	char err[2048];  /* stderr */
	int err_lines;   /* lines on stderr */
	long allocs;     /* allocations made */
	long failures;   /* allocations refused */
};

/* Run `leadctl ARGS...` (NULL-terminated) on database db, failing allocation
 * n (0 = none), stdout to /dev/null and stderr captured. */
static void run(struct run *r, const char *db, long n, int persist, const char *const *args)
{
	char dbp[512], errp[512], outp[512];
	char *argv[32];
	int argc = 0, saved1, saved2, fd, i;
	FILE *f;
	size_t got;

	path_in(dbp, sizeof dbp, db);
	path_in(errp, sizeof errp, "stderr.txt");
	path_in(outp, sizeof outp, "stdout.txt");
	argv[argc++] = (char *)"leadctl";
	argv[argc++] = (char *)"--db";
	argv[argc++] = dbp;
	for (i = 0; args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	saved1 = dup(1);
	saved2 = dup(2);
	fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);

	alloc_count = 0;
	fail_count = 0;
	fail_at = n;
	fail_persist = persist;
	r->rc = leadctl_main(argc, argv);
	fail_at = 0;
	r->allocs = alloc_count;
	r->failures = fail_count;

	fflush(stdout);
	fflush(stderr);
	clearerr(stdout);
	dup2(saved1, 1);
	dup2(saved2, 2);
	close(saved1);
	close(saved2);

	f = fopen(outp, "r");
	assert_non_null(f);
	got = fread(r->out, 1, sizeof r->out - 1, f);
	r->out[got] = '\0';
	fclose(f);
	f = fopen(errp, "r");
	assert_non_null(f);
	got = fread(r->err, 1, sizeof r->err - 1, f);
	r->err[got] = '\0';
	fclose(f);
	r->err_lines = 0;
	for (i = 0; r->err[i]; i++)
		if (r->err[i] == '\n')
			r->err_lines++;
}

/* FNV-1a over the schema, user_version and every row of every table, and
 * whether integrity_check says ok.  0 when the file does not exist. */
static uint64_t digest(const char *db, int *ok)
{
	char p[512];
	sqlite3 *h = NULL;
	sqlite3_stmt *tables = NULL, *rows = NULL;
	uint64_t x = 1469598103934665603ull;
	int i, rc;

	*ok = 1;
	path_in(p, sizeof p, db);
	if (access(p, F_OK) != 0)
		return 0;
	assert_int_equal(sqlite3_open_v2(p, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &rows, NULL), SQLITE_OK);
	rc = sqlite3_step(rows);
	*ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(rows, 0), "ok") == 0;
	sqlite3_finalize(rows);
	assert_int_equal(sqlite3_prepare_v2(h,
	                                    "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL "
	                                    "UNION ALL SELECT 'user_version', user_version FROM "
	                                    "pragma_user_version ORDER BY 1",
	                                    -1, &tables, NULL),
	                 SQLITE_OK);
	while ((rc = sqlite3_step(tables)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(tables, 0);
		const unsigned char *sql = sqlite3_column_text(tables, 1);
		char q[300];
		for (i = 0; sql[i]; i++)
			x = (x ^ sql[i]) * 1099511628211ull;
		if (!strstr((const char *)sql, "CREATE TABLE"))
			continue;
		snprintf(q, sizeof q, "SELECT * FROM \"%s\"", name);
		assert_int_equal(sqlite3_prepare_v2(h, q, -1, &rows, NULL), SQLITE_OK);
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			int c;
			for (c = 0; c < sqlite3_column_count(rows); c++) {
				const unsigned char *v = sqlite3_column_text(rows, c);
				for (i = 0; v && v[i]; i++)
					x = (x ^ v[i]) * 1099511628211ull;
				x = (x ^ (v ? 0x1f : 0x1e)) * 1099511628211ull;
			}
		}
		assert_int_equal(rc, SQLITE_DONE);
		sqlite3_finalize(rows);
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(tables);
	sqlite3_close(h);
	return x;
}

/* ---- the scenarios ------------------------------------------------------------ */

static const char sla_min[] =
        "{\"version\": 1, \"name\": \"oom\", \"timezone\": \"Europe/Madrid\",\n"
        " \"business_hours\": {\"mon\": {\"open\": \"09:00\", \"close\": \"18:00\"},\n"
        "   \"fri\": {\"open\": \"09:00\", \"close\": \"15:00\"}, \"holidays\": [\"2026-12-08\"]},\n"
        " \"qualification\": {\"mql_threshold\": 10, \"required_fields\": [\"email\"],\n"
        "   \"fit\": [{\"name\": \"senior\", \"points\": 20,\n"
        "     \"when\": {\"title\": {\"regex\": \"(^|[^a-z])(head|chief)([^a-z]|$)\"}}}],\n"
        "   \"behavior\": [{\"name\": \"webinar\", \"event\": \"webinar_attended\", \"points\": 5}]},\n"
        " \"response\": [{\"name\": \"mql\", \"when\": {\"stage\": \"mql\"},\n"
        "   \"first_touch\": {\"within\": \"1h\", \"business\": true},\n"
        "   \"attempts\": {\"count\": 2, \"within\": \"1d\", \"business\": false},\n"
        "   \"on_exhausted\": \"recycle\"}],\n"
        " \"routing\": [{\"name\": \"all\", \"pool\": \"inbound\"}],\n"
        " \"pools\": {\"inbound\": {\"members\": [\"ana\", \"jon\"]}},\n"
        " \"reasons\": {\"disqualified\": [\"spam\"], \"nurture\": [\"no_response\"], \"lost\": "
        "[\"price\"]}}\n";

static const char leads_csv[] = "Email,First Name,Last Name,Job Title,Company,Created Date,Phone\n"
                                "kai@tundra.example,Kai,Berg,Head of Ops,Tundra,2026-11-02 09:00,"
                                "+4915112345678\n"
                                "mo@ridge.example,Mo,Lind,Engineer,Ridge,2026-11-03 10:30,\n"
                                "\"ines@delta.example\",Inés,\"Roca, Jr\",Chief Buyer,Delta "
                                "S.A.,2026-11-04 11:15,\n"
                                "bad-email,No,One,Head,X,2026-11-05 08:00,\n";

static const char leads2_csv[] = "email,first_name,title,lifecycle stage,webinar\n"
                                 "uma@fjord.example,Uma,Head of Sales,lead,yes\n"
                                 "oli@fjord.example,Oli,Analyst,subscriber,\n";

static const char map_json[] =
        "{\"columns\": {\"lifecycle stage\": \"stage\", \"webinar\": \"event:webinar_attended\"}}\n";

/* One command tried under injection. */
struct scenario {
	const char *name;
	const char *db;       /* starting database: "base.db", or NULL for none (init) */
	const char *args[12]; /* the command */
	int ok_rc;            /* exit status of a clean run (sla check: 1, breaches found) */
	int at_least_once;    /* a failed run may have recorded what the next run reports (1),
	                       * or committed steps that the next run resumes (2: `sla use`);
	                       * either way the next run must leave the clean database */
};

static long env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : dflt;
}

/* 1 under AddressSanitizer (gcc defines __SANITIZE_ADDRESS__): fewer
 * samples, as each run is slower and the plain build tries the rest. */
static int under_asan(void)
{
#ifdef __SANITIZE_ADDRESS__
	return 1;
#else
	return 0;
#endif
}

static int under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");
	return p && strstr(p, "vgpreload") != NULL;
}

static long findings; /* soft failures seen (see finding()) */

/* Findings fail the test unless LEADCTL_OOM_STRICT=0 (to list them all in
 * one run instead of stopping at the first). */
static int oom_strict(void)
{
	const char *v = getenv("LEADCTL_OOM_STRICT");
	return !v || atoi(v) != 0;
}

/* A run that kept the guarantees (no crash, no leak, the database before or
 * after) but printed more than one line on stderr, or exited 0 with an
 * output that differs from a clean run's (a value silently missing).  A
 * failure; with LEADCTL_OOM_STRICT=0 only printed and counted. */
static void finding(const struct scenario *s, long n, int persist, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static void finding(const struct scenario *s, long n, int persist, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	findings++;
	if (oom_strict())
		fail_msg("%s, allocation %ld%s: %s", s->name, n, persist ? "+" : "", msg);
	print_message("FINDING: %s, allocation %ld%s: %.300s\n", s->name, n, persist ? "+" : "", msg);
}

/* Try scenario s failing allocation N for the sampled N, in both modes. */
static void try_scenario(const struct scenario *s)
{
	struct run clean, r;
	uint64_t before, after, now;
	int ok;
	long n, total, dense, samples, stride, tried = 0, failed_runs = 0;
	long base_sqlite, base_csv;
	int persist;

	/* A clean run: the allocations it makes and the state it leaves. */
	remove_db("run.db");
	if (s->db)
		copy_file(s->db, "run.db");
	before = digest("run.db", &ok);
	assert_true(ok);
	base_sqlite = live_sqlite, base_csv = live_csv;
	run(&clean, "run.db", 0, 0, s->args);
	if (clean.rc != s->ok_rc)
		fail_msg("%s: a clean run failed (%d): %s", s->name, clean.rc, clean.err);
	after = digest("run.db", &ok);
	assert_true(ok);
	total = clean.allocs;
	assert_true(total > 0);
	base_sqlite = live_sqlite, base_csv = live_csv;

	if (getenv("LEADCTL_OOM_FULL") && atoi(getenv("LEADCTL_OOM_FULL")) == 1) {
		dense = total + 1;
		samples = 0;
	} else {
		dense = env_long("LEADCTL_OOM_DENSE", under_valgrind() ? 1 : under_asan() ? 8 : 25);
		samples = env_long("LEADCTL_OOM_SAMPLES", under_valgrind() ? 1 : under_asan() ? 8 : 35);
		/* init runs every migration (about 260 000 allocations, 35 times
		 * another command's): a third of the runs keeps the suite's time */
		if (!s->db && !getenv("LEADCTL_OOM_DENSE") && !getenv("LEADCTL_OOM_SAMPLES")) {
			dense = dense / 3 + 1;
			samples = samples / 3 + 1;
		}
	}
	stride = samples > 0 && total > dense ? (total - dense) / samples + 1 : 1;

	for (persist = 1; persist >= 0; persist--) {
		for (n = 1; n <= total + 1; n += n < dense ? 1 : stride) {
			remove_db("run.db");
			if (s->db)
				copy_file(s->db, "run.db");
			run(&r, "run.db", n, persist, s->args);
			tried++;
			if (r.rc != s->ok_rc) {
				failed_runs++;
				if (r.rc != LC_SOFTWARE && r.rc != LC_IOERR && r.rc != LC_TEMPFAIL &&
				    r.rc != LC_CANTCREAT && r.rc != LC_DATAERR && r.rc != LC_CONFIG &&
				    r.rc != LC_NOINPUT)
					fail_msg("%s, allocation %ld%s: exit %d: %s", s->name, n,
					         persist ? "+" : "", r.rc, r.err);
				if (r.err_lines != 1 || strncmp(r.err, "leadctl: ", 9) != 0)
					finding(s, n, persist,
					        "exit %d without one clean line on stderr: '%s'", r.rc,
					        r.err);
			}
			if (r.rc == s->ok_rc && strcmp(r.out, clean.out) != 0)
				finding(s, n, persist, "succeeded with another output:\n%s\ninstead of:\n%s",
				        r.out, clean.out);
			if (r.failures == 0 && r.rc != s->ok_rc)
				fail_msg("%s, allocation %ld%s: failed (%d) without an injected "
				         "failure: %s",
				         s->name, n, persist ? "+" : "", r.rc, r.err);
			now = digest("run.db", &ok);
			if (!ok)
				fail_msg("%s, allocation %ld%s: integrity_check failed", s->name, n,
				         persist ? "+" : "");
			/* at least once: a failed run may leave breaches recorded but
			 * not yet reported, which the next run delivers (checked below) */
			if (s->db && !s->at_least_once && now != before && now != after)
				fail_msg("%s, allocation %ld%s: exit %d left a database that is neither "
				         "the one before nor the one after (%s)",
				         s->name, n, persist ? "+" : "", r.rc, r.err);
			if (!s->db && r.rc == s->ok_rc && now != after)
				fail_msg("%s, allocation %ld%s: succeeded with another database", s->name, n,
				         persist ? "+" : "");
			if (s->at_least_once && r.rc != s->ok_rc) {
				/* an alert: printed by this run or by the next one, recorded once */
				struct run again;
				const char *line = clean.out, *nl;
				run(&again, "run.db", 0, 0, s->args);
				if (digest("run.db", &ok) != after)
					fail_msg("%s, allocation %ld%s: after a failed run (%s) the next "
					         "run did not leave the clean database",
					         s->name, n, persist ? "+" : "", r.err);
				for (; s->at_least_once == 1 && *line; line = nl + 1) {
					char one[1024];
					nl = strchr(line, '\n');
					assert_non_null(nl);
					snprintf(one, sizeof one, "%.*s", (int)(nl - line + 1), line);
					if (!strstr(r.out, one) && !strstr(again.out, one))
						fail_msg("%s, allocation %ld%s: '%.*s' was never printed "
						         "(the run failed: %s)",
						         s->name, n, persist ? "+" : "", (int)(nl - line),
						         line, r.err);
				}
			} else if (s->db && r.rc != s->ok_rc && now != before)
				fail_msg("%s, allocation %ld%s: failed (%d) but changed the database: %s",
				         s->name, n, persist ? "+" : "", r.rc, r.err);
			if (live_sqlite != base_sqlite || live_csv != base_csv)
				fail_msg(
				        "%s, allocation %ld%s: blocks not given back: SQLite %ld, libcsv %ld",
				        s->name, n, persist ? "+" : "", live_sqlite - base_sqlite,
				        live_csv - base_csv);
			if (!s->db && r.rc != s->ok_rc) {
				/* init failed: running it again must work and give the same database */
				struct run again;
				run(&again, "run.db", 0, 0, s->args);
				if (again.rc != 0 || digest("run.db", &ok) != after)
					fail_msg("%s, allocation %ld%s: init failed (%s) and a second "
					         "init did not give the clean database: %d %s",
					         s->name, n, persist ? "+" : "", r.err, again.rc, again.err);
			}
			if (r.failures == 0)
				break;
		}
	}
	print_message("%s: %ld allocations in a clean run; %ld runs with allocation N failing, "
	              "%ld ended in a clean error\n",
	              s->name, total, tried, failed_runs);
}

static int setup(void **state)
{
	static const char *const init[] = { "init", NULL };
	char p[512], sla[512];
	const char *use[] = { "sla", "use", sla, NULL };
	const char *imp[] = { "import", p, NULL };
	struct run r;

	(void)state;
	/* tmpfs when there is one: thousands of runs, each syncing its database */
	snprintf(dir, sizeof dir, "%s/leadctl-oom-XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(dir));
	setenv("LEADCTL_NOW", "2026-11-20T10:00:00Z", 1);
	setenv("LEADCTL_USER", "tester", 1);
	setenv("TZ", "UTC", 1);
	unsetenv("LEADCTL_DB");
	write_file("sla.json", sla_min);
	{
		/* a second version: another name, so another sha256 */
		const char *name = strstr(sla_min, "\"oom\"");
		char sla2[sizeof sla_min + 8];
		assert_non_null(name);
		snprintf(sla2, sizeof sla2, "%.*s\"oom-2\"%s", (int)(name - sla_min), sla_min, name + 5);
		write_file("sla2.json", sla2);
	}
	write_file("leads.csv", leads_csv);
	write_file("leads2.csv", leads2_csv);
	write_file("map.json", map_json);
	path_in(path_sla, sizeof path_sla, "sla.json");
	path_in(path_sla2, sizeof path_sla2, "sla2.json");
	path_in(path_csv, sizeof path_csv, "leads2.csv");
	path_in(path_map, sizeof path_map, "map.json");
	install_allocators();
	/* base.db: initialised, the SLA in force, four leads (one rejected). */
	run(&r, "base.db", 0, 0, init);
	assert_int_equal(r.rc, 0);
	path_in(sla, sizeof sla, "sla.json");
	run(&r, "base.db", 0, 0, use);
	if (r.rc != 0)
		fail_msg("sla use: %d %s", r.rc, r.err);
	path_in(p, sizeof p, "leads.csv");
	run(&r, "base.db", 0, 0, imp);
	if (r.rc != 0 && r.rc != LC_DATAERR)
		fail_msg("import: %d %s", r.rc, r.err);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_init(void **state)
{
	const struct scenario s = { "init", NULL, { "init", NULL }, 0, 0 };
	(void)state;
	try_scenario(&s);
}

static void test_sla_use(void **state)
{
	const struct scenario s = { "sla use", "base.db", { "sla", "use", path_sla, NULL }, 0, 0 };
	(void)state;
	try_scenario(&s);
}

/* A new version: installed in one transaction, then re-applied in batches
 * (cmd_sla.c); a run that fails between them is resumed by the next. */
static void test_sla_use_new(void **state)
{
	const struct scenario s = {
		"sla use (new version)", "base.db", { "sla", "use", path_sla2, NULL }, 0, 2
	};
	(void)state;
	try_scenario(&s);
}

static void test_import(void **state)
{
	const struct scenario s = { "import",
		                    "base.db",
		                    { "import", path_csv, "--map", path_map, "--source", "webinar", NULL },
		                    0,
		                    0 };
	(void)state;
	try_scenario(&s);
}

static void test_sla_check(void **state)
{
	const struct scenario s = { "sla check", "base.db", { "sla", "check", "--json", NULL }, 1, 1 };
	(void)state;
	setenv("LEADCTL_NOW", "2026-11-22T10:00:00Z", 1);
	try_scenario(&s);
	setenv("LEADCTL_NOW", "2026-11-20T10:00:00Z", 1);
}

static void test_add(void **state)
{
	const struct scenario s = { "add",
		                    "base.db",
		                    { "add", "--email", "zoe@quartz.example", "--title", "Chief of Staff",
		                      "--company", "Quartz", NULL },
		                    0,
		                    0 };
	(void)state;
	try_scenario(&s);
}

static void test_export_json(void **state)
{
	const struct scenario s = { "export", "base.db", { "export", "--format", "json", NULL }, 0, 0 };
	(void)state;
	try_scenario(&s);
}

int main(void)
{
	/* each test with the name of its scenario (struct scenario) */
	static const struct {
		const char *scenario;
		struct CMUnitTest test;
	} all[] = {
		{ "init", cmocka_unit_test(test_init) },
		{ "sla use", cmocka_unit_test(test_sla_use) },
		{ "sla use (new version)", cmocka_unit_test(test_sla_use_new) },
		{ "import", cmocka_unit_test(test_import) },
		{ "sla check", cmocka_unit_test(test_sla_check) },
		{ "add", cmocka_unit_test(test_add) },
		{ "export", cmocka_unit_test(test_export_json) },
	};
	struct CMUnitTest chosen[sizeof all / sizeof all[0]];
	const char *only = getenv("LEADCTL_OOM_ONLY");
	size_t i, n = 0;

	/* LEADCTL_OOM_ONLY=NAME (a diagnostic, docs/RELIABILITY.md): only the
	 * scenario of that name; the suite sets nothing, so every scenario
	 * runs.  A name that is no scenario's is an error, not an empty run. */
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!only || strcmp(all[i].scenario, only) == 0)
			chosen[n++] = all[i].test;
	if (n == 0) {
		fprintf(stderr,
		        "test_oom: LEADCTL_OOM_ONLY='%s' names no scenario (e.g. add, import, sla use)\n",
		        only);
		return 2;
	}
	return _cmocka_run_group_tests("test_oom", chosen, n, setup, teardown);
}
