/*
 * wc [-lwc] [file...]: count lines (newlines), words (runs of non-space
 * bytes) and bytes.  Without options all three are shown, in that order;
 * with options only the ones asked for, still in that order.  Each count
 * takes 7 columns; the file name follows (none for stdin), and a "total"
 * line ends a list of more than one file.
 */
#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long lines, words, bytes;
};

static int lflag, wflag, cflag;

static void show(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (lflag) {
		printf("%7lu", c->lines);
		sep = " ";
	}
	if (wflag) {
		printf("%s%7lu", sep, c->words);
		sep = " ";
	}
	if (cflag)
		printf("%s%7lu", sep, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

/* -> 0, or -1 with errno. */
static int count(int fd, struct counts *c)
{
	static char buf[8192];
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += (unsigned long)n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];

			if (ch == '\n')
				c->lines++;
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 };
	int c, status = 0, nfiles;

	while ((c = getopt(argc, argv, "lwc")) != -1) {
		switch (c) {
		case 'l': lflag = 1; break;
		case 'w': wflag = 1; break;
		case 'c': cflag = 1; break;
		default:
			fprintf(stderr, "usage: wc [-lwc] [file...]\n");
			return 2;
		}
	}
	if (!lflag && !wflag && !cflag)
		lflag = wflag = cflag = 1;

	nfiles = argc - optind;
	if (nfiles == 0) {
		struct counts one = { 0, 0, 0 };

		if (count(STDIN_FILENO, &one) < 0)
			err(1, "stdin");
		show(&one, NULL);
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		struct counts one = { 0, 0, 0 };
		int is_stdin = strcmp(argv[i], "-") == 0;
		int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);

		if (fd < 0 || count(fd, &one) < 0) {
			warn("%s", argv[i]);
			status = 1;
		} else {
			show(&one, argv[i]);
			total.lines += one.lines;
			total.words += one.words;
			total.bytes += one.bytes;
		}
		if (fd >= 0 && !is_stdin)
			close(fd);
	}
	if (nfiles > 1)
		show(&total, "total");
	return status;
}
