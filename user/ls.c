/*
 * ls [-al] [file...]: list directories and files.
 *
 * One name per line, sorted by byte value.  Names starting with '.' are
 * hidden unless -a (which shows "." and ".." too).  -l prints, per line,
 * the type and permission bits, the link count, the size in bytes and the
 * name:
 *
 *     drwxr-xr-x   2        0 docs
 *     -rw-r--r--   1     1234 notes
 *
 * File operands are listed first (as given), then each directory operand's
 * contents, under a "dir:" heading when there is more than one operand.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int aflag, lflag;
static int status;              /* becomes 1 at the first failure */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		err(1, NULL);
	return p;
}

/* "drwxr-xr-x": the type, then rwx for owner, group and others, with the
 * set-id and sticky bits shown in the x places, as ls always has. */
static void mode_string(uint32_t m, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	switch (m & S_IFMT) {
	case S_IFDIR:  out[0] = 'd'; break;
	case S_IFCHR:  out[0] = 'c'; break;
	case S_IFIFO:  out[0] = 'p'; break;
	case S_IFSOCK: out[0] = 's'; break;
	case S_IFREG:  out[0] = '-'; break;
	default:       out[0] = '?'; break;
	}
	for (int i = 0; i < 9; i++)
		out[1 + i] = (m & (0400u >> i)) ? rwx[i] : '-';
	if (m & 04000)
		out[3] = (m & 0100) ? 's' : 'S';
	if (m & 02000)
		out[6] = (m & 0010) ? 's' : 'S';
	if (m & 01000)
		out[9] = (m & 0001) ? 't' : 'T';
	out[10] = '\0';
}

static void print_one(const char *name, const struct stat *st)
{
	char mode[11];

	if (!lflag) {
		printf("%s\n", name);
		return;
	}
	mode_string(st->st_mode, mode);
	printf("%s %3u %8lu %s\n", mode, st->st_nlink, (unsigned long)st->st_size,
	       name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(path);

	if (d == NULL) {
		warn("%s", path);
		status = 1;
		return;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		if (e->d_name[0] == '.' && !aflag)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n] = strdup(e->d_name);
		if (names[n++] == NULL)
			err(1, NULL);
	}
	if (errno != 0) {           /* the listing broke off: say so, show the rest */
		warn("%s", path);
		status = 1;
	}
	closedir(d);

	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (lflag) {
			size_t len = strlen(path) + strlen(names[i]) + 2;
			char *full = xrealloc(NULL, len);

			snprintf(full, len, "%s/%s", path, names[i]);
			if (stat(full, &st) < 0) {   /* removed meanwhile */
				warn("%s", full);
				status = 1;
				free(full);
				free(names[i]);
				continue;
			}
			free(full);
		}
		print_one(names[i], &st);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	char *dot = ".", **operands, **files, **dirs;
	size_t nfiles = 0, ndirs = 0;
	int c, noperands;

	while ((c = getopt(argc, argv, "al")) != -1) {
		switch (c) {
		case 'a': aflag = 1; break;
		case 'l': lflag = 1; break;
		default:
			fprintf(stderr, "usage: ls [-al] [file...]\n");
			return 2;
		}
	}
	operands = argv + optind;
	noperands = argc - optind;
	if (noperands == 0) {           /* no operand: the current directory */
		operands = &dot;
		noperands = 1;
	}

	/* Sort the operands into files and directories, each in order. */
	files = xrealloc(NULL, (size_t)noperands * sizeof(*files));
	dirs = xrealloc(NULL, (size_t)noperands * sizeof(*dirs));
	for (int i = 0; i < noperands; i++) {
		struct stat st;

		if (stat(operands[i], &st) < 0) {
			warn("%s", operands[i]);
			status = 1;
		} else if (S_ISDIR(st.st_mode)) {
			dirs[ndirs++] = operands[i];
		} else {
			files[nfiles++] = operands[i];
		}
	}
	qsort(files, nfiles, sizeof(*files), by_name);
	qsort(dirs, ndirs, sizeof(*dirs), by_name);

	for (size_t i = 0; i < nfiles; i++) {
		struct stat st;

		if (stat(files[i], &st) == 0)
			print_one(files[i], &st);
	}
	for (size_t i = 0; i < ndirs; i++) {
		if (noperands > 1)
			printf("%s%s:\n", (nfiles > 0 || i > 0) ? "\n" : "", dirs[i]);
		list_dir(dirs[i]);
	}
	return status;
}
