/*
 * mv src dst
 * mv src... dir
 *
 * Rename files and directories (rename(2): within one file system).  When
 * the last operand is a directory, each src moves into it under its own
 * name.
 */
#include <err.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* dir + "/" + the last part of src, in a fresh allocation. */
static char *into_dir(const char *dir, const char *src)
{
	char *copy = strdup(src), *full;
	size_t len;

	if (copy == NULL)
		err(1, NULL);
	len = strlen(dir) + strlen(src) + 2;
	if ((full = malloc(len)) == NULL)
		err(1, NULL);
	snprintf(full, len, "%s/%s", dir, basename(copy));
	free(copy);
	return full;
}

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) < 0) {
		/* Name the operand that is missing, else both. */
		struct stat st;

		if (errno == ENOENT && stat(src, &st) < 0)
			warn("%s", src);
		else
			warn("%s -> %s", src, dst);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *target;
	int nsrc, status = 0, target_is_dir;

	if (getopt(argc, argv, "") != -1 || argc - optind < 2) {
		fprintf(stderr, "usage: mv src dst\n       mv src... dir\n");
		return 2;
	}
	nsrc = argc - optind - 1;
	target = argv[argc - 1];
	target_is_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (nsrc > 1 && !target_is_dir) {
		errno = ENOTDIR;
		err(1, "%s", target);
	}
	for (int i = optind; i < argc - 1; i++) {
		if (target_is_dir) {
			char *dst = into_dir(target, argv[i]);
			status |= move(argv[i], dst);
			free(dst);
		} else {
			status |= move(argv[i], target);
		}
	}
	return status;
}
