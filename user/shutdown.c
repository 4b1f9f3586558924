/*
 * shutdown [-h | -r] [now]: power the machine off (-h, the default) or
 * restart it (-r) at once ("now" is accepted and changes nothing).  Only
 * uid 0 may: the kernel refuses anyone else (EPERM).  There is nothing to
 * save first: every file lives in memory.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int c, cmd = REBOOT_POWEROFF;

	while ((c = getopt(argc, argv, "hr")) != -1) {
		switch (c) {
		case 'h': cmd = REBOOT_POWEROFF; break;
		case 'r': cmd = REBOOT_RESTART; break;
		default: goto usage;
		}
	}
	if (optind < argc && strcmp(argv[optind], "now") == 0)
		optind++;
	if (optind != argc)
		goto usage;
	fflush(NULL);
	reboot(cmd);
	err(1, NULL);               /* only reached when refused */
usage:
	fprintf(stderr, "usage: shutdown [-h | -r] [now]\n");
	return 2;
}
