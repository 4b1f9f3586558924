/*
 * The command line shared by cp and mv:
 *     NAME src dst
 *     NAME src... dir
 * op(src, dst) does one file and returns 0, or 1 after saying why not.
 * When the last operand is a directory, each src goes into it under the
 * last part of its own name.  Returns the exit status (2: usage).
 */
#ifndef USER_SRCDST_H
#define USER_SRCDST_H
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

static int src_dst_main(int argc, char **argv, const char *name,
			int (*op)(const char *src, const char *dst))
{
	struct stat st;
	const char *target;
	int nsrc, status = 0, target_is_dir;

	if (getopt(argc, argv, "") != -1 || argc - optind < 2) {
		fprintf(stderr, "usage: %s src dst\n       %s src... dir\n", name, name);
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
			status |= op(argv[i], dst);
			free(dst);
		} else {
			status |= op(argv[i], target);
		}
	}
	return status;
}
#endif
