/*
 * sleep seconds: wait that long.  The time may have a fraction (0.25,
 * 1.5); it is parsed exactly, to the nanosecond, without floating point.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: sleep seconds\n");
	exit(2);
}

/* "12", "1.5", ".25", "3." -> a timespec; anything else is a usage error. */
static struct timespec parse(const char *arg)
{
	struct timespec t = { 0, 0 };
	const char *s = arg;
	int digits = 0;

	for (; isdigit((unsigned char)*s); s++, digits++) {
		if (t.tv_sec > (INT64_MAX - 9) / 10) {
			fprintf(stderr, "sleep: %s: too long\n", arg);
			exit(2);
		}
		t.tv_sec = t.tv_sec * 10 + (*s - '0');
	}
	if (*s == '.') {
		long scale = 100000000;     /* the first decimal is 1e8 ns */

		for (s++; isdigit((unsigned char)*s); s++, digits++) {
			t.tv_nsec += (*s - '0') * scale;
			scale /= 10;        /* past nanoseconds: ignored */
		}
	}
	if (*s != '\0' || digits == 0)
		usage();
	return t;
}

int main(int argc, char **argv)
{
	struct timespec req, rem;

	if (getopt(argc, argv, "") != -1 || argc - optind != 1)
		usage();
	req = parse(argv[optind]);
	/* A stop and continue restarts the call by itself; only a handled
	 * signal could end it early, and then the rest is still owed. */
	while (nanosleep(&req, &rem) < 0) {
		if (errno != EINTR) {
			perror("sleep");
			return 1;
		}
		req = rem;
	}
	return 0;
}
