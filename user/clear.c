/* clear: clear the terminal with ANSI escapes (cursor home, erase screen). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (getopt(argc, argv, "") != -1 || optind != argc) {
		fprintf(stderr, "usage: clear\n");
		exit(2);
	}
	fputs("\033[H\033[2J", stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
