/*
 * touch [-c] file...: make each file that does not exist (empty, mode
 * 0644).  There is no call to set a file's times yet, so a file that
 * exists is left exactly as it is.  -c: do not create anything either.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int c, create = 1, status = 0;

	while ((c = getopt(argc, argv, "c")) != -1) {
		if (c != 'c')
			goto usage;
		create = 0;
	}
	if (optind == argc)
		goto usage;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		int fd;

		if (stat(argv[i], &st) == 0 || !create)
			continue;
		/* WRITE|CREATE without TRUNCATE: never empties a file made
		 * by someone else since the stat. */
		if ((fd = open(argv[i], O_WRONLY | O_CREAT)) < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		close(fd);
	}
	return status;
usage:
	fprintf(stderr, "usage: touch [-c] file...\n");
	return 2;
}
