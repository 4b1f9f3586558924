/*
 * grep [-cinqv] [-e] pattern [file...]: print the lines that match.
 *
 * Patterns are a small part of POSIX basic regular expressions:
 *   c     a character stands for itself       .   any character
 *   x*    zero or more of the one before      \c  c itself (\. \* \^ \$ \\)
 *   ^     at the start: the line starts here $   at the end: the line ends
 * A '*' with nothing before it is an ordinary character, as are '^' and
 * '$' anywhere but at the ends.
 *
 * -c count matching lines   -i ignore case   -n number lines
 * -q quiet: only the status -v select lines that do not match
 * With several files each line (or count) starts with "file:".
 * Exit status: 0 a line was selected, 1 none, 2 an error (bad usage, a
 * file that could not be read).
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The compiled pattern: a list of atoms, each one character or "any",
 * maybe repeated. */
struct atom {
	char c;
	unsigned char any;      /* '.' */
	unsigned char star;     /* followed by '*' */
};

static struct atom *re;
static int nre, anchor_start, anchor_end;
static int cflag, iflag, nflag, qflag, vflag;

static void compile(const char *p)
{
	re = malloc((strlen(p) + 1) * sizeof(*re));
	if (re == NULL)
		err(2, NULL);
	if (*p == '^') {
		anchor_start = 1;
		p++;
	}
	while (*p) {
		struct atom a = { 0, 0, 0 };

		if (p[0] == '$' && p[1] == '\0') {
			anchor_end = 1;
			break;
		}
		if (*p == '*' && nre > 0) {   /* "x*"; "x**" is the same */
			re[nre - 1].star = 1;
			p++;
			continue;
		}
		if (*p == '.') {
			a.any = 1;
		} else {
			if (*p == '\\' && p[1] != '\0')
				p++;
			a.c = *p;
		}
		re[nre++] = a;
		p++;
	}
}

static int atom_ok(const struct atom *a, const char *s)
{
	if (*s == '\0')
		return 0;
	if (a->any)
		return 1;
	if (iflag)
		return tolower((unsigned char)a->c) == tolower((unsigned char)*s);
	return a->c == *s;
}

/* Do the n atoms from a match the text starting at s? */
static int match_here(const struct atom *a, int n, const char *s)
{
	const char *t;

	for (; n > 0 && !a->star; a++, n--, s++)
		if (!atom_ok(a, s))
			return 0;
	if (n == 0)
		return !anchor_end || *s == '\0';
	/* A starred atom: take the longest run, then give back one at a time
	 * until the rest of the pattern matches. */
	for (t = s; atom_ok(a, t); t++)
		;
	for (;;) {
		if (match_here(a + 1, n - 1, t))
			return 1;
		if (t == s)
			return 0;
		t--;
	}
}

static int matches(const char *line)
{
	if (anchor_start)
		return match_here(re, nre, line);
	for (;; line++) {
		if (match_here(re, nre, line))
			return 1;
		if (*line == '\0')
			return 0;
	}
}

/* Greps one stream: -> lines selected, or -1 on a read error. */
static long grep(FILE *f, const char *prefix)
{
	char *line = NULL;
	size_t cap = 0;
	long selected = 0;
	unsigned long lineno = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (matches(line) == vflag)
			continue;
		selected++;
		if (qflag)
			break;
		if (cflag)
			continue;
		if (prefix)
			printf("%s:", prefix);
		if (nflag)
			printf("%lu:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (ferror(f))
		return -1;
	if (cflag && !qflag) {
		if (prefix)
			printf("%s:", prefix);
		printf("%ld\n", selected);
	}
	return selected;
}

static void usage(void)
{
	fprintf(stderr, "usage: grep [-cinqv] [-e] pattern [file...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *pattern = NULL;
	int c, nfiles, errors = 0;
	long selected = 0;

	while ((c = getopt(argc, argv, "ce:inqv")) != -1) {
		switch (c) {
		case 'c': cflag = 1; break;
		case 'e': pattern = optarg; break;
		case 'i': iflag = 1; break;
		case 'n': nflag = 1; break;
		case 'q': qflag = 1; break;
		case 'v': vflag = 1; break;
		default: usage();
		}
	}
	if (pattern == NULL) {
		if (optind == argc)
			usage();
		pattern = argv[optind++];
	}
	compile(pattern);

	nfiles = argc - optind;
	if (nfiles == 0) {
		long r = grep(stdin, NULL);
		if (r < 0) {
			warn("stdin");
			return 2;
		}
		return r > 0 ? 0 : 1;
	}
	for (int i = optind; i < argc && !(qflag && selected); i++) {
		int is_stdin = strcmp(argv[i], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
		long r;

		if (f == NULL) {
			warn("%s", argv[i]);
			errors = 1;
			continue;
		}
		r = grep(f, nfiles > 1 ? argv[i] : NULL);
		if (r < 0) {
			warn("%s", argv[i]);
			errors = 1;
		} else {
			selected += r;
		}
		if (!is_stdin)
			fclose(f);
	}
	/* -q: a match is the answer even if some file was unreadable. */
	if (qflag && selected)
		return 0;
	return errors ? 2 : selected > 0 ? 0 : 1;
}
