/* rmdir dir...: remove empty directories. */
#include <err.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;

	if (getopt(argc, argv, "") != -1 || optind == argc) {
		fprintf(stderr, "usage: rmdir dir...\n");
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		if (rmdir(argv[i]) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
