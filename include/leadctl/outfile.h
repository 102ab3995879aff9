/* outfile: every file leadctl writes besides the database (the rejects
 * file, backups, report files).
 *
 * No output file may destroy data: it is never the database, its -wal,
 * -shm or -journal, nor a file being read; a new file is created with
 * O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 (it holds names, e-mails and
 * phones) or refused; a file that appears only once its content is final
 * (the rejects file after the import commits) is written to a temporary
 * file beside it and linked into place without clobbering; a replaceable
 * file (a report's -o) is replaced atomically (temporary file, fsync,
 * rename).  Errors are printed (one line, via diag) and returned as exit
 * statuses. */
#ifndef LEADCTL_OUTFILE_H
#define LEADCTL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* The files an output must not be: the database (its -wal, -shm and
 * -journal follow from it) and the inputs being read.  All borrowed, any
 * may be NULL; "-" (stdin) is skipped. */
struct outfile_guard {
	const char *db_path;       /* the database, or NULL */
	const char *const *inputs; /* files being read */
	size_t ninputs;
};

/* How an existing file at the path is treated. */
enum outfile_mode {
	OUTFILE_NEW,    /* refused: leadctl never overwrites a file */
	OUTFILE_REPLACE /* replaced atomically at outfile_commit (a report file) */
};

struct outfile {
	char *path; /* where the file ends up (owned copy) */
	char *tmp;  /* the temporary file beside it until committed (owned) */
	FILE *f;    /* write here; NULL once committed or aborted */
	enum outfile_mode mode;
	const char *what; /* the message prefix, e.g. "import: rejects file" (borrowed) */
};

/* 0 when path may be written, else print why not and return 73
 * (LC_CANTCREAT): an empty path; the database or one of its companion
 * files (compared by device and inode when they exist, by their resolved
 * directory and name when they do not yet); an input of g; a symbolic link
 * or something that is not a regular file; and, for OUTFILE_NEW, any
 * existing file.  what prefixes the message ("backup"). */
int outfile_check(const char *what, const char *path, const struct outfile_guard *g, enum outfile_mode mode);

/* Create path new for a writer that fills it itself (SQLite's VACUUM
 * INTO): outfile_check, then open(O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW),
 * mode 0600 whatever the umask, closed again.  0, or an exit status after
 * a message (73). */
int outfile_create_empty(const char *what, const char *path, const struct outfile_guard *g);

/* Start writing what will become path: outfile_check, then a temporary
 * file "path-dir/.name.XXXXXX" (mode 0600) opened as of->f.  0, or an exit
 * status after a message (73); of is then empty.  Finish with
 * outfile_commit or outfile_abort. */
int outfile_begin(struct outfile *of, const char *what, const char *path, const struct outfile_guard *g,
                  enum outfile_mode mode);

/* Flush and fsync the temporary file and put it in place: OUTFILE_NEW by
 * link(2) (never clobbering a file that appeared meanwhile), OUTFILE_REPLACE
 * by rename(2) (readers see the old file or the new one, never a part);
 * then fsync the folder.  0, or after a message 74 (write error: "disk
 * full", "file too large") or 73 (the path appeared meanwhile: the
 * temporary file is kept and named).  Frees of's strings either way. */
int outfile_commit(struct outfile *of);

/* Close and remove the temporary file; safe on an empty or committed of. */
void outfile_abort(struct outfile *of);

/* Why a write failed, for a message: "disk full" for ENOSPC/EDQUOT, "file
 * too large" for EFBIG, else strerror(err).  A static string. */
const char *outfile_strerror(int err);

#endif
