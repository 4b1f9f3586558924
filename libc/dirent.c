/* opendir/readdir over getdents: records are read a buffer at a time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct __dir {
	int    fd;
	size_t pos, len;        /* unread records are buf[pos..len) */
	struct dirent ent;      /* what readdir hands out */
	char   buf[2048];
};

DIR *opendir(const char *path)
{
	DIR *d;
	int fd = open(path, O_READ | O_DIRECTORY);

	if (fd < 0)
		return NULL;
	d = malloc(sizeof(*d));
	if (d == NULL) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->pos = d->len = 0;
	return d;
}

struct dirent *readdir(DIR *d)
{
	const struct dirent_rec *r;

	if (d->pos >= d->len) {
		long n = sys_getdents(d->fd, d->buf, sizeof(d->buf));
		if (n <= 0) {
			if (n < 0)
				errno = (int)-n;
			return NULL;
		}
		d->pos = 0;
		d->len = (size_t)n;
	}
	r = (const struct dirent_rec *)(d->buf + d->pos);
	/* A zero or oversized reclen would loop forever or run off the end. */
	if (r->d_reclen == 0 || r->d_reclen > d->len - d->pos) {
		errno = EIO;
		d->pos = d->len;
		return NULL;
	}
	d->pos += r->d_reclen;
	d->ent.d_ino = r->d_ino;
	d->ent.d_type = r->d_type;
	strlcpy(d->ent.d_name, r->d_name, sizeof(d->ent.d_name));
	return &d->ent;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}
