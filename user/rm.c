/*
 * rm [-rf] file...: remove files; with -r, directories and everything in
 * them.  -f: a missing file is no error and is not reported, and no
 * operand at all is fine.  "." and ".." (as the last part of an operand)
 * and "/" are refused, as POSIX asks.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rflag, fflag;

/* Reports a failure unless -f and the file was simply not there.
 * -> 1 when it counts as a failure. */
static int failed(const char *path)
{
	if (fflag && errno == ENOENT)
		return 0;
	warn("%s", path);
	return 1;
}

/* Reads every name in a directory (but "." and ".."), then closes it:
 * going down with the directory still open would need a descriptor per
 * level of the tree.  -> a NULL-terminated array, or NULL with errno. */
static char **read_names(const char *path)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(path);

	if (d == NULL)
		return NULL;
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL)
			break;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				err(1, NULL);
		}
		if ((names[n++] = strdup(e->d_name)) == NULL)
			err(1, NULL);
	}
	if (errno != 0) {
		int saved = errno;

		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		closedir(d);
		errno = saved;
		return NULL;
	}
	closedir(d);
	if (names == NULL && (names = malloc(sizeof(*names))) == NULL)
		err(1, NULL);
	names[n] = NULL;
	return names;
}

/* -> 0, or 1 if something could not be removed. */
static int remove_path(const char *path)
{
	struct stat st;
	char **names;
	int status = 0;

	if (stat(path, &st) < 0)
		return failed(path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0)
			return failed(path);
		return 0;
	}
	if (!rflag) {
		errno = EISDIR;
		return failed(path);
	}
	if ((names = read_names(path)) == NULL)
		return failed(path);
	for (char **p = names; *p; p++) {
		size_t len = strlen(path) + strlen(*p) + 2;
		char *child = malloc(len);

		if (child == NULL)
			err(1, NULL);
		snprintf(child, len, "%s/%s", path, *p);
		status |= remove_path(child);
		free(child);
		free(*p);
	}
	free(names);
	if (rmdir(path) < 0)
		status |= failed(path);
	return status;
}

/* The last part of a path, ignoring trailing slashes: is it "." or ".."? */
static int is_dot_or_dotdot(const char *path)
{
	size_t n = strlen(path);
	size_t end, start;

	while (n > 1 && path[n - 1] == '/')
		n--;
	end = n;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return (end - start == 1 && path[start] == '.') ||
	       (end - start == 2 && path[start] == '.' && path[start + 1] == '.');
}

static int is_root(const char *path)
{
	if (*path != '/')
		return 0;
	while (*path == '/')
		path++;
	return *path == '\0';
}

int main(int argc, char **argv)
{
	int c, status = 0;

	while ((c = getopt(argc, argv, "rRf")) != -1) {
		switch (c) {
		case 'r': case 'R': rflag = 1; break;
		case 'f': fflag = 1; break;
		default: goto usage;
		}
	}
	if (optind == argc && !fflag)
		goto usage;
	for (int i = optind; i < argc; i++) {
		if (is_dot_or_dotdot(argv[i]) || is_root(argv[i])) {
			warnx("refusing to remove %s", argv[i]);
			status = 1;
			continue;
		}
		status |= remove_path(argv[i]);
	}
	return status;
usage:
	fprintf(stderr, "usage: rm [-rf] file...\n");
	return 2;
}
