/* pwd: print the current directory's absolute path. */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: pwd\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static char buf[PATH_MAX];

	if (getopt(argc, argv, "") != -1 || optind != argc)
		usage();
	if (getcwd(buf, sizeof(buf)) == NULL)
		err(1, NULL);
	printf("%s\n", buf);
	return 0;
}
