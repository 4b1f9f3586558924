/*
 * tail [-n [+]N | -N] [file...]: the last N lines (default 10) of each
 * file or of stdin; with +N, everything from line N on.  With several
 * files each gets a "==> name <==" heading.  The input is read whole into
 * memory, which also makes stdin and pipes work like files.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long count = 10;
static int from_start;          /* +N: count lines from the start */

static void usage(void)
{
	fprintf(stderr, "usage: tail [-n [+]lines] [file...]\n");
	exit(2);
}

static void parse_count(const char *s)
{
	char *end;

	if (*s == '+') {
		from_start = 1;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		usage();
	errno = 0;
	count = strtoul(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		usage();
}

/* Reads all of fd: -> the bytes (*len of them), or NULL with errno. */
static char *slurp(int fd, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	ssize_t r;

	if (buf == NULL)
		return NULL;
	while ((r = read(fd, buf + n, cap - n)) != 0) {
		if (r < 0) {
			free(buf);
			return NULL;
		}
		n += (size_t)r;
		if (n == cap) {
			char *more = realloc(buf, cap * 2);
			if (more == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = more;
			cap *= 2;
		}
	}
	*len = n;
	return buf;
}

/* Where the output starts in buf[0..len). */
static size_t start_of(const char *buf, size_t len)
{
	size_t i, seen = 0;

	if (from_start) {
		/* Line N starts after the (N-1)th newline; +0 is +1. */
		for (i = 0; i < len && seen + 1 < count; i++)
			if (buf[i] == '\n')
				seen++;
		return i;
	}
	if (count == 0)
		return len;
	/* Walk back over `count` line ends; the newline that ends the last
	 * line belongs to it and starts nothing. */
	i = len;
	if (i > 0 && buf[i - 1] == '\n')
		i--;
	for (; i > 0; i--)
		if (buf[i - 1] == '\n' && ++seen == count)
			break;
	return i;
}

static int tail(int fd)
{
	size_t len, at;
	char *buf = slurp(fd, &len);

	if (buf == NULL)
		return -1;
	for (at = start_of(buf, len); at < len;) {
		ssize_t w = write(STDOUT_FILENO, buf + at, len - at);
		if (w <= 0) {
			free(buf);
			return -1;
		}
		at += (size_t)w;
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int c, status = 0, nfiles, headings = 0;

	/* The old form "tail -5" still in every script. */
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
		parse_count(argv[1] + 1);
		optind = 2;
	}
	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n')
			usage();
		parse_count(optarg);
	}
	nfiles = argc - optind;
	if (nfiles == 0) {
		if (tail(STDIN_FILENO) < 0)
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
			fflush(stdout);     /* before tail() writes with write(2) */
		}
		if (tail(fd) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
		if (!is_stdin)
			close(fd);
	}
	return status;
}
