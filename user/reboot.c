/* reboot: restart the machine at once (uid 0 only; see shutdown). */
#include <err.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (getopt(argc, argv, "") != -1 || optind != argc) {
		fprintf(stderr, "usage: reboot\n");
		return 2;
	}
	fflush(NULL);
	reboot(REBOOT_RESTART);
	err(1, NULL);               /* only reached when refused */
}
