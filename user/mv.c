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
#include "srcdst.h"

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
	return src_dst_main(argc, argv, "mv", move);
}
