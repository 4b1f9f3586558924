/*
 * cp src dst
 * cp src... dir
 *
 * Copy files.  The copy is made (or truncated and overwritten) with mode
 * 0644, the only mode open() gives; directories are not copied.  When the
 * last operand is a directory, each src goes into it under its own name.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "srcdst.h"

static char buf[8192];

/* -> 0, or 1 after reporting why not. */
static int copy_file(const char *src, const char *dst)
{
	struct stat sst, dst_st;
	int in, out, status = 0;
	ssize_t n;

	if ((in = open(src, O_RDONLY)) < 0) {
		warn("%s", src);
		return 1;
	}
	if (fstat(in, &sst) < 0 || S_ISDIR(sst.st_mode)) {
		if (S_ISDIR(sst.st_mode))
			errno = EISDIR;
		warn("%s", src);
		close(in);
		return 1;
	}
	/* Opening the destination truncates it: if it is the source, the
	 * data would be gone before it was read. */
	if (stat(dst, &dst_st) == 0 && dst_st.st_ino == sst.st_ino) {
		warnx("%s and %s are the same file", src, dst);
		close(in);
		return 1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC)) < 0) {
		warn("%s", dst);
		close(in);
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w <= 0) {
				warn("%s", dst);
				status = 1;
				goto out;
			}
			done += w;
		}
	}
	if (n < 0) {
		warn("%s", src);
		status = 1;
	}
out:
	close(in);
	if (close(out) < 0 && status == 0) {
		warn("%s", dst);
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	return src_dst_main(argc, argv, "cp", copy_file);
}
