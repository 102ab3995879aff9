/* Replay driver: run each file (or every file in each directory) given on
 * the command line through the harness's LLVMFuzzerTestOneInput, without
 * libFuzzer, so that the committed seeds and crash inputs are regression
 * tests of the ordinary build, the ASan build and valgrind.
 *
 * Usage: fuzz_replay_NAME PATH...   Exit 0 when every input ran (a fault
 * aborts the process), 66 when a path cannot be read, 64 without paths. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the file at path; returns the number of inputs run, or -1. */
static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap ? cap * 2 : 4096);
			if (!nb) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + len, 1, cap - len, fp);
		if (got == 0)
			break;
		len += got;
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	/* An exact-size copy, so ASan sees a read past the end of the input. */
	{
		unsigned char *exact = malloc(len ? len : 1);
		if (!exact) {
			free(buf);
			return -1;
		}
		if (len)
			memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 1;
}

/* Run path: a file, or the files of a directory in name order. */
static int run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int total = 0, r;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t need;
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? cap * 2 : 64) * sizeof *nn);
			if (!nn)
				break;
			names = nn;
			cap = cap ? cap * 2 : 64;
		}
		need = strlen(path) + strlen(e->d_name) + 2;
		names[n] = malloc(need);
		if (!names[n])
			break;
		snprintf(names[n], need, "%s/%s", path, e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		r = run_path(names[i]);
		if (r < 0)
			total = -1;
		else if (total >= 0)
			total += r;
		free(names[i]);
	}
	free(names);
	return total;
}

int main(int argc, char **argv)
{
	int i, r, total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 64;
	}
	for (i = 1; i < argc; i++) {
		r = run_path(argv[i]);
		if (r < 0)
			return 66;
		total += r;
	}
	printf("replayed %d inputs\n", total);
	return 0;
}
