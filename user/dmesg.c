/* dmesg: print the kernel's log (the contents of /dev/kmsg). */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define KMSG "/dev/kmsg"

int main(int argc, char **argv)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	if (getopt(argc, argv, "") != -1 || optind != argc) {
		fprintf(stderr, "usage: dmesg\n");
		return 2;
	}
	if ((fd = open(KMSG, O_RDONLY)) < 0)
		err(1, "%s", KMSG);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(STDOUT_FILENO, buf + done, (size_t)(n - done));
			if (w <= 0)
				err(1, "write error");
			done += w;
		}
	}
	if (n < 0)
		err(1, "%s", KMSG);
	return 0;
}
