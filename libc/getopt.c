/*
 * getopt(): POSIX option parsing.  Options come first; scanning stops at
 * the first operand, at "-" (an operand: stdin for many programs) and
 * after "--".  Options may be grouped ("-al") and an option's argument
 * may be attached ("-n5") or the next word ("-n 5").
 *
 * Errors: an unknown option or a missing argument returns '?' (or ':'
 * for a missing argument when optstring starts with ':') with the option
 * in optopt, and, unless opterr is 0 or optstring starts with ':', one
 * line on stderr naming the program as argv[0] does.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

/* Where we are inside a group like "-abc": the next letter to look at.
 * Setting optind to 0 starts a new scan (and resets this too). */
static const char *next;

int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *spec;
	int quiet = optstring[0] == ':';
	int c;

	if (optind == 0) {
		optind = 1;
		next = NULL;
	}
	optarg = NULL;
	if (next == NULL || *next == '\0') {
		const char *arg;

		if (optind >= argc || argv[optind] == NULL)
			return -1;
		arg = argv[optind];
		if (arg[0] != '-' || arg[1] == '\0')
			return -1;
		if (strcmp(arg, "--") == 0) {
			optind++;
			return -1;
		}
		next = arg + 1;
	}

	c = (unsigned char)*next++;
	optopt = c;
	spec = c == ':' ? NULL : strchr(optstring + quiet, c);
	if (spec == NULL) {
		if (opterr && !quiet)
			fprintf(stderr, "%s: unknown option -- %c\n", argv[0], c);
		if (*next == '\0')
			optind++;
		return '?';
	}
	if (spec[1] != ':') {           /* a flag */
		if (*next == '\0')
			optind++;
		return c;
	}

	/* An option with an argument: the rest of this word, or the next. */
	if (*next != '\0') {
		optarg = (char *)next;
		optind++;
	} else if (optind + 1 < argc) {
		optarg = argv[optind + 1];
		optind += 2;
	} else {
		optind++;
		next = NULL;
		if (quiet)
			return ':';
		if (opterr)
			fprintf(stderr, "%s: option requires an argument -- %c\n",
				argv[0], c);
		return '?';
	}
	next = NULL;
	return c;
}
