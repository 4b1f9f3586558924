/*
 * cat [file...]: copy each file (or stdin, for none or "-") to stdout.
 * A file that cannot be read is reported and skipped; the exit status is
 * then 1.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

/* Copies fd to stdout: 0, or -1 with errno (and *werr set if it was the
 * write side that failed, which no further file can fix). */
static int copy(int fd, int *werr)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n == 0)
			return 0;
		if (n < 0)
			return -1;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(STDOUT_FILENO, buf + done, (size_t)(n - done));
			if (w <= 0) {
				*werr = 1;
				return -1;
			}
			done += w;
		}
	}
}

/* Copies one file (or stdin for "-"): 0, or 1 after reporting a failure. */
static int cat(const char *name, int *werr)
{
	int fd = strcmp(name, "-") == 0 ? STDIN_FILENO : open(name, O_RDONLY);
	int status = 0;

	if (fd < 0) {
		warn("%s", name);
		return 1;
	}
	if (copy(fd, werr) < 0) {
		if (*werr)
			warn("write error");
		else
			warn("%s", name);
		status = 1;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return status;
}

int main(int argc, char **argv)
{
	int status = 0, werr = 0;

	if (getopt(argc, argv, "") != -1) {
		fprintf(stderr, "usage: cat [file...]\n");
		exit(2);
	}
	if (optind == argc)
		return cat("-", &werr);
	for (int i = optind; i < argc && !werr; i++)
		status |= cat(argv[i], &werr);
	return status;
}
