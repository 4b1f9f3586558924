/*
 * kill [-s name | -name | -number] pid...
 * kill -l [number | name...]
 *
 * Send a signal (default TERM) to each process; a negative pid names a
 * process group, after "--" or a signal (kill -TERM -5; kill -- -5).
 * Signal names are case-blind and may have the SIG prefix; 0 only checks
 * that the process exists.  -l lists the names on one line, or turns each
 * number (or exit status above 128) into a name and each name into its
 * number.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, "usage: kill [-s signal | -signal] pid...\n"
			"       kill -l [number...]\n");
	exit(2);
}

/* A signal by name (any case, SIG optional) or number: -> it, or -1. */
static int signal_of(const char *s)
{
	char up[SIG2STR_MAX + 4];
	size_t i;
	int sig;

	if (strcmp(s, "0") == 0)
		return 0;
	for (i = 0; s[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)s[i]);
	if (s[i])
		return -1;
	up[i] = '\0';
	if (str2sig(strncmp(up, "SIG", 3) == 0 ? up + 3 : up, &sig) < 0)
		return -1;
	return sig;
}

static int list(int argc, char **argv)
{
	char name[SIG2STR_MAX];
	int status = 0, sig;

	if (argc == 0) {
		const char *sep = "";

		for (sig = 1; sig < NSIG; sig++) {
			if (sig2str(sig, name) == 0) {
				printf("%s%s", sep, name);
				sep = " ";
			}
		}
		putchar('\n');
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		if (isdigit((unsigned char)argv[i][0])) {
			char *end;
			long n = strtol(argv[i], &end, 10);

			if (n > 128 && n < 128 + NSIG && *end == '\0')
				n -= 128;           /* a shell's status for "killed by n" */
			if (*end == '\0' && n > 0 && n < NSIG &&
			    sig2str((int)n, name) == 0) {
				printf("%s\n", name);
				continue;
			}
		} else if ((sig = signal_of(argv[i])) > 0) {
			printf("%d\n", sig);
			continue;
		}
		warnx("%s: unknown signal", argv[i]);
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;
	const char *spec = NULL;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "-l") == 0)
		return list(argc - 2, argv + 2);
	if (strcmp(argv[1], "-s") == 0) {
		if (argc < 3)
			usage();
		spec = argv[2];
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] != '\0' &&
		   strcmp(argv[1], "--") != 0) {
		spec = argv[1] + 1;
		i = 2;
	}
	if (spec && (sig = signal_of(spec)) < 0) {
		warnx("%s: unknown signal", spec);
		usage();
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		usage();

	for (; i < argc; i++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (argv[i][0] == '\0' || *end != '\0' || errno == ERANGE ||
		    pid != (int)pid) {
			warnx("%s: not a process ID", argv[i]);
			status = 1;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
