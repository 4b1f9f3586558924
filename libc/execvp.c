/* execvp(): execve with the program looked up in $PATH. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execvp(const char *file, char *const argv[])
{
	char buf[PATH_MAX];
	const char *path, *p;
	size_t flen = strlen(file);
	int err = ENOENT;

	if (flen == 0) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))          /* a path already: no search */
		return execve(file, argv, environ);

	path = getenv("PATH");
	if (path == NULL)
		path = "/bin";
	for (p = path;;) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);

		/* An empty element means the current directory, as in POSIX. */
		if (dlen + 1 + flen + 1 > sizeof(buf)) {
			err = ENAMETOOLONG;
		} else {
			if (dlen == 0) {
				buf[0] = '.';
				dlen = 1;
			} else {
				memcpy(buf, p, dlen);
			}
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, file, flen + 1);
			execve(buf, argv, environ);
			/* Not there: try the next directory.  Anything else (a
			 * bad image, a directory) is worth reporting if nothing
			 * later works. */
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	errno = err;
	return -1;
}
