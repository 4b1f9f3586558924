/*
 * The C library's pure helpers, on the host under the sanitizers: qsort,
 * getopt, getline, basename/dirname and the signal names.  The sources are
 * included here with their public names renamed (l_qsort, ...) so that
 * they do not clash with glibc's, which stay available as a reference.
 */
#include <libgen.h>             /* glibc's first: it #defines basename */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"

#undef basename
#define basename l_basename
#define dirname  l_dirname
#define qsort    l_qsort
#define getopt   l_getopt
#define optarg   l_optarg
#define optind   l_optind
#define opterr   l_opterr
#define optopt   l_optopt
#define getline  l_getline
#define getdelim l_getdelim
#define sig2str  l_sig2str
#define str2sig  l_str2sig
int l_sig2str(int sig, char *str);
int l_str2sig(const char *str, int *sig);
#include "../../libc/qsort.c"
#include "../../libc/getopt.c"
#include "../../libc/getline.c"
#include "../../libc/libgen.c"
#include "../../libc/signame.c"

/* ---- qsort ---------------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct wide {
	long key;
	char pad[13];           /* an odd size: the swap must move every byte */
};

static int cmp_wide(const void *a, const void *b)
{
	long x = ((const struct wide *)a)->key, y = ((const struct wide *)b)->key;

	return (x > y) - (x < y);
}

/* Every size from 0 to 300, random, sorted, reversed and all-equal input,
 * checked against glibc's qsort. */
TEST(qsort_ints)
{
	static int a[300], ref[300];

	srand(1);
	for (int n = 0; n <= 300; n++) {
		for (int kind = 0; kind < 4; kind++) {
			for (int i = 0; i < n; i++) {
				switch (kind) {
				case 0: a[i] = rand() % 50 - 25; break;
				case 1: a[i] = i; break;
				case 2: a[i] = n - i; break;
				default: a[i] = 7; break;
				}
				ref[i] = a[i];
			}
			l_qsort(a, (size_t)n, sizeof(int), cmp_int);
			qsort(ref, (size_t)n, sizeof(int), cmp_int);
			if (n > 0 && memcmp(a, ref, (size_t)n * sizeof(int)) != 0) {
				FAILF("n %d, input kind %d: not sorted", n, kind);
				return;
			}
		}
	}
}

TEST(qsort_wide_elements)
{
	static struct wide w[500];

	srand(2);
	for (int i = 0; i < 500; i++) {
		w[i].key = rand() % 1000;
		memset(w[i].pad, (int)(w[i].key & 0x7f), sizeof(w[i].pad));
	}
	l_qsort(w, 500, sizeof(w[0]), cmp_wide);
	for (int i = 0; i < 500; i++) {
		if (i > 0)
			CHECK(w[i - 1].key <= w[i].key);
		for (size_t k = 0; k < sizeof(w[i].pad); k++)
			CHECK_EQ(w[i].pad[k], (char)(w[i].key & 0x7f));
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(qsort_strings)
{
	const char *s[] = { "tmp", "bin", "Zed", "a", "", "bin", ".hidden" };

	l_qsort(s, 7, sizeof(s[0]), cmp_str);
	CHECK_STR(s[0], "");
	CHECK_STR(s[1], ".hidden");
	CHECK_STR(s[2], "Zed");
	CHECK_STR(s[3], "a");
	CHECK_STR(s[4], "bin");
	CHECK_STR(s[5], "bin");
	CHECK_STR(s[6], "tmp");
}

/* ---- getopt --------------------------------------------------------------- */

/* Runs getopt over argv (NULL-terminated) and records what it returned:
 * each option as its letter, an argument as "=arg", '?' and ':' as is,
 * then "|" and the operands left. */
static void scan(char **argv, const char *opts, char *out, size_t max)
{
	int argc = 0, c;

	while (argv[argc])
		argc++;
	l_optind = 0;               /* a fresh scan */
	l_opterr = 0;
	out[0] = '\0';
	while ((c = l_getopt(argc, argv, opts)) != -1) {
		size_t n = strlen(out);

		snprintf(out + n, max - n, "%c", c);
		if (l_optarg) {
			n = strlen(out);
			snprintf(out + n, max - n, "=%s", l_optarg);
		}
		if (c == '?' || c == ':') {
			n = strlen(out);
			snprintf(out + n, max - n, "(%c)", l_optopt);
		}
	}
	strncat(out, "|", max - strlen(out) - 1);
	for (int i = l_optind; i < argc; i++) {
		strncat(out, argv[i], max - strlen(out) - 1);
		strncat(out, " ", max - strlen(out) - 1);
	}
}

#define SCAN(opts, want, ...) do {					\
	char *av_[] = { "prog", __VA_ARGS__, NULL };			\
	char got_[128];							\
	scan(av_, opts, got_, sizeof(got_));				\
	CHECK_STR(got_, want);						\
} while (0)

TEST(getopt_flags_and_operands)
{
	SCAN("al", "al|x ", "-a", "-l", "x");
	SCAN("al", "la|x ", "-la", "x");                /* grouped */
	SCAN("al", "a|x -l ", "-a", "x", "-l");          /* stops at an operand */
	SCAN("al", "a|-l ", "-a", "--", "-l");           /* "--" ends options */
	SCAN("al", "|- -a ", "-", "-a");                 /* "-" is an operand */
	SCAN("al", "|", "--");
	SCAN("al", "|x ", "x");
}

TEST(getopt_arguments)
{
	SCAN("n:v", "n=5v|f ", "-n", "5", "-v", "f");
	SCAN("n:v", "n=5|f ", "-n5", "f");               /* attached */
	SCAN("n:v", "vn=3|", "-vn3");                    /* after a flag */
	SCAN("n:v", "n=-v|", "-n", "-v");                /* any word is the argument */
	SCAN("n:v", "n=|", "-n", "");                    /* even an empty one */
}

TEST(getopt_errors)
{
	SCAN("n:v", "?(x)v|f ", "-x", "-v", "f");        /* unknown, then on */
	SCAN("n:v", "v?(x)|", "-vx");
	SCAN("n:v", "?(n)|", "-n");                      /* missing argument */
	SCAN(":n:v", ":(n)|", "-n");                     /* ... reported as ':' */
	SCAN(":n:v", "?(q)|", "-q");
	SCAN("n:v", "?(:)|", "-:");                      /* ':' is never an option */
}

/* ---- getline -------------------------------------------------------------- */

TEST(getline_lines)
{
	static char text[] = "one\n\nthree without end";
	FILE *f = fmemopen(text, strlen(text), "r");
	char *line = NULL;
	size_t cap = 0;

	CHECK(f != NULL);
	CHECK_EQ(l_getline(&line, &cap, f), 4);
	CHECK_STR(line, "one\n");
	CHECK_EQ(l_getline(&line, &cap, f), 1);
	CHECK_STR(line, "\n");
	CHECK_EQ(l_getline(&line, &cap, f), 17);
	CHECK_STR(line, "three without end");
	CHECK_EQ(l_getline(&line, &cap, f), -1);
	free(line);
	fclose(f);
}

/* A line far longer than the first buffer grows it; the delimiter can be
 * any byte. */
TEST(getline_long_and_getdelim)
{
	static char text[10001];
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	memset(text, 'x', 10000);
	text[5000] = ':';
	f = fmemopen(text, 10000, "r");
	CHECK(f != NULL);
	CHECK_EQ(l_getdelim(&line, &cap, ':', f), 5001);
	CHECK(cap >= 5002);
	CHECK_EQ(line[5000], ':');
	CHECK_EQ(line[5001], '\0');
	CHECK_EQ(l_getline(&line, &cap, f), 4999);
	CHECK_EQ(strlen(line), 4999);
	free(line);
	fclose(f);
}

/* ---- basename, dirname ---------------------------------------------------- */

#define PATHS(fn, in, want) do {					\
	char b_[64];							\
	strcpy(b_, in);							\
	CHECK_STR(fn(b_), want);					\
} while (0)

TEST(basename_dirname)
{
	PATHS(l_basename, "/a/b", "b");
	PATHS(l_basename, "/a/b/", "b");
	PATHS(l_basename, "b", "b");
	PATHS(l_basename, "/", "/");
	PATHS(l_basename, "///", "/");
	PATHS(l_basename, "", ".");
	PATHS(l_dirname, "/a/b", "/a");
	PATHS(l_dirname, "/a/b/", "/a");
	PATHS(l_dirname, "a//b", "a");
	PATHS(l_dirname, "b", ".");
	PATHS(l_dirname, "/b", "/");
	PATHS(l_dirname, "/", "/");
	PATHS(l_dirname, "", ".");
	CHECK_STR(l_basename(NULL), ".");
	CHECK_STR(l_dirname(NULL), ".");
}

/* ---- signal names --------------------------------------------------------- */

TEST(signal_names)
{
	char name[16];
	int sig;

	CHECK_EQ(l_sig2str(SIGKILL, name), 0);
	CHECK_STR(name, "KILL");
	CHECK_EQ(l_sig2str(1, name), 0);
	CHECK_STR(name, "HUP");
	CHECK_EQ(l_sig2str(31, name), 0);
	CHECK_STR(name, "SYS");
	CHECK_EQ(l_sig2str(0, name), -1);
	CHECK_EQ(l_sig2str(32, name), -1);
	CHECK_EQ(l_sig2str(-3, name), -1);
	/* Every name goes back to its number. */
	for (int s = 1; s < 32; s++) {
		CHECK_EQ(l_sig2str(s, name), 0);
		CHECK_EQ(l_str2sig(name, &sig), 0);
		CHECK_EQ(sig, s);
	}
	CHECK_EQ(l_str2sig("15", &sig), 0);
	CHECK_EQ(sig, 15);
	CHECK_EQ(l_str2sig("SIGTERM", &sig), -1);     /* POSIX: no SIG prefix */
	CHECK_EQ(l_str2sig("term", &sig), -1);        /* nor another case */
	CHECK_EQ(l_str2sig("0", &sig), -1);
	CHECK_EQ(l_str2sig("9x", &sig), -1);
	CHECK_EQ(l_str2sig("", &sig), -1);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(qsort_ints);
	RUN(qsort_wide_elements);
	RUN(qsort_strings);
	RUN(getopt_flags_and_operands);
	RUN(getopt_arguments);
	RUN(getopt_errors);
	RUN(getline_lines);
	RUN(getline_long_and_getdelim);
	RUN(basename_dirname);
	RUN(signal_names);
	return t_end();
}
