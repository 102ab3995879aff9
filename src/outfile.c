/* outfile: files leadctl writes besides the database (outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadctl/diag.h"
#include "leadctl/outfile.h"

const char *outfile_strerror(int err)
{
	if (err == ENOSPC
#ifdef EDQUOT
	    || err == EDQUOT
#endif
	)
		return "disk full (No space left on device)";
	if (err == EFBIG)
		return "file too large (the file size limit was reached)";
	return strerror(err);
}

/* The absolute path of path with its directory resolved (the last part may
 * not exist yet): a new string, or NULL when the directory cannot be
 * resolved. */
static char *resolved(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], *d, *r;
	const char *base = slash ? slash + 1 : path;
	size_t n;

	if (slash) {
		n = (size_t)(slash - path);
		if (n == 0)
			n = 1; /* "/name" */
		if (n >= sizeof dir)
			return NULL;
		memcpy(dir, path, n);
		dir[n] = '\0';
	} else {
		strcpy(dir, ".");
	}
	if (!(d = realpath(dir, NULL)))
		return NULL;
	r = malloc(strlen(d) + strlen(base) + 2);
	if (r)
		sprintf(r, "%s/%s", strcmp(d, "/") == 0 ? "" : d, base);
	free(d);
	return r;
}

/* 1 when target (stat st when it exists, resolved name rt) is file, or
 * file+suffix for each suffix (NULL-terminated, "" included). */
static int same_file(const char *target_rt, const struct stat *st, const char *file,
                     const char *const *suffixes)
{
	char buf[PATH_MAX + 16];
	size_t i;
	int hit = 0;

	for (i = 0; suffixes[i] && !hit; i++) {
		struct stat fs;
		char *frt;
		snprintf(buf, sizeof buf, "%s%s", file, suffixes[i]);
		if (st && stat(buf, &fs) == 0 && fs.st_dev == st->st_dev && fs.st_ino == st->st_ino)
			hit = 1;
		if (!hit && target_rt && (frt = resolved(buf))) {
			hit = strcmp(frt, target_rt) == 0;
			free(frt);
		}
	}
	return hit;
}

int outfile_check(const char *what, const char *path, const struct outfile_guard *g, enum outfile_mode mode)
{
	static const char *const db_files[] = { "", "-wal", "-shm", "-journal", NULL };
	static const char *const plain[] = { "", NULL };
	struct stat st, lst;
	int exists, rc = 0, rt_errno;
	char *rt, *real_db = NULL;
	size_t i;

	if (!path || !*path)
		return diag_error(LC_CANTCREAT, "%s: the path is empty: give a file name", what);
	exists = lstat(path, &lst) == 0;
	if (exists && S_ISLNK(lst.st_mode))
		return diag_error(LC_CANTCREAT,
		                  "%s: '%s' is a symbolic link: leadctl does not write through links; give "
		                  "a new file name",
		                  what, path);
	if (exists && stat(path, &st) != 0)
		exists = 0;
	rt = resolved(path);
	rt_errno = errno;
	if (g && g->db_path && *g->db_path) {
		int hit = same_file(rt, exists ? &st : NULL, g->db_path, db_files);
		/* SQLite keeps -wal/-shm beside the file a symlinked path leads to */
		if (!hit && (real_db = realpath(g->db_path, NULL)))
			hit = same_file(rt, exists ? &st : NULL, real_db, db_files);
		if (hit)
			rc = diag_error(LC_CANTCREAT,
			                "%s: '%s' is the database '%s' or one of its own files: give another "
			                "path",
			                what, path, g->db_path);
	}
	for (i = 0; !rc && g && i < g->ninputs; i++)
		if (g->inputs[i] && strcmp(g->inputs[i], "-") != 0 &&
		    same_file(rt, exists ? &st : NULL, g->inputs[i], plain))
			rc = diag_error(LC_CANTCREAT, "%s: '%s' is the file being read: give another path",
			                what, path);
	if (!rc && exists && !S_ISREG(st.st_mode))
		rc = diag_error(LC_CANTCREAT,
		                "%s: '%s' exists and is not a regular file: give a new file name", what,
		                path);
	if (!rc && exists && mode == OUTFILE_NEW)
		rc = diag_error(LC_CANTCREAT,
		                "%s: '%s' already exists: leadctl never overwrites a file; remove it or give "
		                "a new name",
		                what, path);
	if (!rc && !rt)
		rc = diag_error(LC_CANTCREAT, "%s: cannot create '%s': %s", what, path, strerror(rt_errno));
	free(rt);
	free(real_db);
	return rc;
}

int outfile_create_empty(const char *what, const char *path, const struct outfile_guard *g)
{
	int fd, rc = outfile_check(what, path, g, OUTFILE_NEW);

	if (rc)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return diag_error(LC_CANTCREAT, "%s: cannot create '%s': %s", what, path,
		                  errno == EEXIST ? "it already exists (leadctl never overwrites a file)"
		                                  : outfile_strerror(errno));
	if (fchmod(fd, 0600) != 0) { /* under umask 0200 too */
		int e = errno;
		close(fd);
		unlink(path);
		return diag_error(LC_CANTCREAT, "%s: cannot create '%s': %s", what, path, strerror(e));
	}
	close(fd);
	return 0;
}

static void clear(struct outfile *of)
{
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	of->f = NULL;
}

int outfile_begin(struct outfile *of, const char *what, const char *path, const struct outfile_guard *g,
                  enum outfile_mode mode)
{
	const char *slash;
	int fd, rc;

	memset(of, 0, sizeof *of);
	if ((rc = outfile_check(what, path, g, mode)))
		return rc;
	of->what = what;
	of->mode = mode;
	slash = strrchr(path, '/');
	of->path = strdup(path);
	of->tmp = malloc(strlen(path) + 16);
	if (!of->path || !of->tmp) {
		clear(of);
		return diag_error(LC_SOFTWARE, "out of memory");
	}
	/* a hidden name beside the target, so that link/rename stay in one
	 * file system */
	sprintf(of->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
	        slash ? slash + 1 : path);
	fd = mkostemp(of->tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = diag_error(LC_CANTCREAT, "%s: cannot create a file beside '%s': %s", what, path,
		                outfile_strerror(errno));
		clear(of);
		return rc;
	}
	if (fchmod(fd, 0600) != 0 || !(of->f = fdopen(fd, "w"))) {
		rc = diag_error(LC_CANTCREAT, "%s: cannot create '%s': %s", what, of->tmp, strerror(errno));
		close(fd);
		unlink(of->tmp);
		clear(of);
		return rc;
	}
	return 0;
}

/* fsync the folder holding path, so that a new name survives a crash. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd;

	if (slash && (size_t)(slash - path) < sizeof dir) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		if (!dir[0])
			strcpy(dir, "/");
	} else {
		strcpy(dir, ".");
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int outfile_commit(struct outfile *of)
{
	int rc = 0, e = 0;

	if (!of->f)
		return 0;
	if (fflush(of->f) != 0 || ferror(of->f) || fsync(fileno(of->f)) != 0)
		e = errno ? errno : EIO;
	if (fclose(of->f) != 0 && !e)
		e = errno;
	of->f = NULL;
	if (e) {
		rc = diag_error(LC_IOERR, "%s: cannot write '%s': %s", of->what, of->path,
		                outfile_strerror(e));
		unlink(of->tmp);
	} else if (of->mode == OUTFILE_REPLACE) {
		if (rename(of->tmp, of->path) != 0) {
			rc = diag_error(LC_CANTCREAT, "%s: cannot replace '%s': %s", of->what, of->path,
			                strerror(errno));
			unlink(of->tmp);
		}
	} else if (link(of->tmp, of->path) != 0) {
		/* EEXIST: the name appeared since outfile_check; keep what was
		 * written under its temporary name rather than lose it */
		if (errno == EEXIST)
			rc = diag_error(
			        LC_CANTCREAT,
			        "%s: '%s' appeared meanwhile and was left alone: the content is in '%s'",
			        of->what, of->path, of->tmp);
		else {
			rc = diag_error(LC_CANTCREAT, "%s: cannot create '%s': %s", of->what, of->path,
			                strerror(errno));
			unlink(of->tmp);
		}
	} else {
		unlink(of->tmp);
	}
	if (!rc)
		sync_dir(of->path);
	clear(of);
	return rc;
}

void outfile_abort(struct outfile *of)
{
	if (of->f) {
		fclose(of->f);
		unlink(of->tmp);
	}
	clear(of);
}
