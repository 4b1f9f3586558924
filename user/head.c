/*
 * head [-n N | -N] [file...]: the first N lines (default 10) of each file
 * or of stdin.  With several files each gets a "==> name <==" heading.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: head [-n lines] [file...]\n");
	exit(2);
}

/* A count of lines: decimal digits only. */
static unsigned long parse_count(const char *s)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)*s))
		usage();
	errno = 0;
	n = strtoul(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		usage();
	return n;
}

static int write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies up to `lines` lines of fd to stdout: 0, or -1 with errno. */
static int head(int fd, unsigned long lines)
{
	static char buf[8192];
	ssize_t n;

	while (lines > 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		size_t take = 0;

		if (n < 0)
			return -1;
		while (take < (size_t)n && lines > 0)
			if (buf[take++] == '\n')
				lines--;
		if (write_all(buf, take) < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long lines = 10;
	int c, status = 0, nfiles, headings = 0;

	/* The old form "head -5" still in every script. */
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
		lines = parse_count(argv[1] + 1);
		optind = 2;
	}
	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n')
			usage();
		lines = parse_count(optarg);
	}
	nfiles = argc - optind;
	if (nfiles == 0) {
		if (head(STDIN_FILENO, lines) < 0)
			err(1, "stdin");
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		int is_stdin = strcmp(argv[i], "-") == 0;
		int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);

		if (fd < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		if (nfiles > 1) {
			printf("%s==> %s <==\n", headings++ ? "\n" : "", argv[i]);
			fflush(stdout);     /* before head() writes with write(2) */
		}
		if (head(fd, lines) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
		if (!is_stdin)
			close(fd);
	}
	return status;
}
