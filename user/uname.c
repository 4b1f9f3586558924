/*
 * uname [-amrsv]: print facts about the system: -s the kernel's name
 * ("Aurora", the default), -r its release, -v its version (the build),
 * -m the machine ("x86_64"); -a all four.  Asked-for fields are printed
 * in that order, separated by spaces.
 */
#include <err.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { S = 1, R = 2, V = 4, M = 8 };

int main(int argc, char **argv)
{
	struct utsname u;
	int c, which = 0;
	const char *sep = "";

	while ((c = getopt(argc, argv, "amrsv")) != -1) {
		switch (c) {
		case 'a': which |= S | R | V | M; break;
		case 'm': which |= M; break;
		case 'r': which |= R; break;
		case 's': which |= S; break;
		case 'v': which |= V; break;
		default: goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (which == 0)
		which = S;
	if (uname(&u) < 0)
		err(1, NULL);
	/* The kernel NUL-terminates the fields; the precision guards anyway. */
	if (which & S) {
		printf("%s%.*s", sep, (int)sizeof(u.sysname), u.sysname);
		sep = " ";
	}
	if (which & R) {
		printf("%s%.*s", sep, (int)sizeof(u.release), u.release);
		sep = " ";
	}
	if (which & V) {
		printf("%s%.*s", sep, (int)sizeof(u.version), u.version);
		sep = " ";
	}
	if (which & M)
		printf("%s%.*s", sep, (int)sizeof(u.machine), u.machine);
	putchar('\n');
	return 0;
usage:
	fprintf(stderr, "usage: uname [-amrsv]\n");
	return 2;
}
