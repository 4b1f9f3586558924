/*
 * mkdir [-p] dir...: make directories (mode 0755).  With -p, missing
 * parents are made too, and a directory that already exists is fine.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODE 0755

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: make every prefix of path that ends at a '/', then path.
 * The path is edited in place (a NUL over each '/' in turn). */
static int make_parents(char *path)
{
	char *p = path;

	for (;;) {
		while (*p == '/')           /* the root, or repeated slashes */
			p++;
		p = strchr(p, '/');
		if (p)
			*p = '\0';
		if (mkdir(path, MODE) < 0 && !(errno == EEXIST && is_dir(path))) {
			/* EEXIST for a file in the way reads better as ENOTDIR. */
			if (errno == EEXIST)
				errno = ENOTDIR;
			warn("%s", path);
			if (p)
				*p = '/';
			return -1;
		}
		if (p == NULL)
			return 0;
		*p++ = '/';
		if (*p == '\0')             /* a trailing slash */
			return 0;
	}
}

int main(int argc, char **argv)
{
	int parents = 0, status = 0, c;

	while ((c = getopt(argc, argv, "p")) != -1) {
		if (c != 'p')
			goto usage;
		parents = 1;
	}
	if (optind == argc)
		goto usage;
	for (int i = optind; i < argc; i++) {
		if (parents) {
			if (make_parents(argv[i]) < 0)
				status = 1;
		} else if (mkdir(argv[i], MODE) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: mkdir [-p] dir...\n");
	return 2;
}
