/*
 * Minimal buffered stdio.  A FILE is an fd and one buffer, used either for
 * output (wlen bytes waiting) or for input (rpos..rlen not yet consumed).
 * stdout is line-buffered; stderr is "unbuffered", which here means every
 * call flushes before it returns, so one fprintf is still one write().
 * Formatting is the shared fmt_vformat (kernel/src/lib/fmt.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../kernel/src/lib/fmt.h"
#include "libc.h"

#define F_INUSE   0x01
#define F_READ    0x02
#define F_WRITE   0x04
#define F_LINEBUF 0x08
#define F_UNBUF   0x10
#define F_EOF     0x20
#define F_ERR     0x40

#define FOPEN_MAX 16

struct __file {
	int    fd;
	int    flags;
	int    unget;        /* a pushed-back char, or EOF for none */
	size_t wlen;         /* output bytes waiting in buf */
	size_t rpos, rlen;   /* input bytes buf[rpos..rlen) not yet read */
	char  *buf;          /* BUFSIZ bytes: bufs[this stream's index] */
};

/* The buffers live apart from the FILEs so they land in .bss: an array
 * with initialized members would be stored whole in every program file. */
static char bufs[FOPEN_MAX][BUFSIZ];
static struct __file files[FOPEN_MAX] = {
	{ .fd = 0, .flags = F_INUSE | F_READ, .unget = EOF, .buf = bufs[0] },
	{ .fd = 1, .flags = F_INUSE | F_WRITE | F_LINEBUF, .unget = EOF,
	  .buf = bufs[1] },
	{ .fd = 2, .flags = F_INUSE | F_WRITE | F_UNBUF, .unget = EOF,
	  .buf = bufs[2] },
};

FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

/* Writes all n bytes, retrying short writes. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		long r = sys_write(fd, p, n);
		if (r < 0) {
			errno = (int)-r;
			return -1;
		}
		if (r == 0) {          /* no progress: do not spin forever */
			errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int flush_out(FILE *f)
{
	size_t n = f->wlen;

	f->wlen = 0;
	if (n > 0 && write_all(f->fd, f->buf, n) < 0) {
		f->flags |= F_ERR;
		return EOF;
	}
	return 0;
}

/* Before writing a stream we were reading: give back what was read ahead,
 * so the file offset is where the caller thinks it is. */
static void drop_input(FILE *f)
{
	if (f->rlen > f->rpos)
		sys_lseek(f->fd, -(int64_t)(f->rlen - f->rpos), SEEK_CUR);
	f->rpos = f->rlen = 0;
	f->unget = EOF;
}

int fflush(FILE *f)
{
	int r = 0;

	if (f == NULL) {
		for (int i = 0; i < FOPEN_MAX; i++)
			if ((files[i].flags & F_INUSE) && files[i].wlen > 0 &&
			    flush_out(&files[i]) < 0)
				r = EOF;
		return r;
	}
	return flush_out(f);
}

void __stdio_flush_all(void)
{
	fflush(NULL);
}

/* Buffers one char; flushes when the buffer is full or at a newline of a
 * line-buffered stream. */
static int put1(FILE *f, char c)
{
	if (f->rlen)
		drop_input(f);
	f->buf[f->wlen++] = c;
	if (f->wlen == BUFSIZ || (c == '\n' && (f->flags & F_LINEBUF)))
		return flush_out(f);
	return 0;
}

/* End of every public output call: unbuffered streams flush now. */
static int done(FILE *f, int ret)
{
	if ((f->flags & F_UNBUF) && flush_out(f) < 0)
		return EOF;
	return (f->flags & F_ERR) ? EOF : ret;
}

int fputc(int c, FILE *f)
{
	put1(f, (char)c);
	return done(f, (unsigned char)c);
}

int putc(int c, FILE *f)   { return fputc(c, f); }
int putchar(int c)         { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
	while (*s)
		put1(f, *s++);
	return done(f, 0);
}

int puts(const char *s)
{
	while (*s)
		put1(stdout, *s++);
	put1(stdout, '\n');
	return done(stdout, 0);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	const char *c = p;
	size_t total = size * n;

	for (size_t i = 0; i < total; i++)
		put1(f, c[i]);
	if (done(f, 0) < 0)
		return 0;
	return n;
}

static void put_cb(void *ctx, char c)
{
	put1((FILE *)ctx, c);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int n = fmt_vformat(put_cb, f, fmt, ap);

	return done(f, n);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)  { return vfprintf(stdout, fmt, ap); }

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

/* dprintf: straight to an fd, through a small local buffer. */
struct dbuf {
	int    fd;
	int    err;
	size_t len;
	char   buf[256];
};

static void dput_cb(void *ctx, char c)
{
	struct dbuf *d = ctx;

	d->buf[d->len++] = c;
	if (d->len == sizeof(d->buf)) {
		if (write_all(d->fd, d->buf, d->len) < 0)
			d->err = 1;
		d->len = 0;
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct dbuf d = { .fd = fd };
	int n = fmt_vformat(dput_cb, &d, fmt, ap);

	if (d.len > 0 && write_all(fd, d.buf, d.len) < 0)
		d.err = 1;
	return d.err ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* sprintf has no size: the caller promises the buffer is big enough. */
int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, 0x7fffffff, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- input ---- */

int fgetc(FILE *f)
{
	if (f->unget != EOF) {
		int c = f->unget;
		f->unget = EOF;
		return c;
	}
	if (f->rpos == f->rlen) {
		long r;

		/* Flush pending output first: a prompt must show before we
		 * block, and a read/write stream must not mix old data. */
		if (f == stdin)
			fflush(stdout);
		if (f->wlen)
			flush_out(f);
		r = sys_read(f->fd, f->buf, BUFSIZ);
		f->rpos = f->rlen = 0;
		if (r == 0) {
			f->flags |= F_EOF;
			return EOF;
		}
		if (r < 0) {
			errno = (int)-r;
			f->flags |= F_ERR;
			return EOF;
		}
		f->rlen = (size_t)r;
	}
	return (unsigned char)f->buf[f->rpos++];
}

int getc(FILE *f)     { return fgetc(f); }
int getchar(void)     { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->unget != EOF)
		return EOF;
	f->unget = (unsigned char)c;
	f->flags &= ~F_EOF;
	return c;
}

char *fgets(char *buf, int size, FILE *f)
{
	int i = 0;

	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		buf[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	buf[i] = '\0';
	return buf;
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
	char *c = p;
	size_t total = size * n, i;

	if (size == 0)
		return 0;
	for (i = 0; i < total; i++) {
		int ch = fgetc(f);
		if (ch == EOF)
			break;
		c[i] = (char)ch;
	}
	return i / size;
}

/* ---- opening and closing ---- */

static int mode_flags(const char *mode)
{
	int fl;

	switch (mode[0]) {
	case 'r': fl = O_READ; break;
	case 'w': fl = O_WRITE | O_CREATE | O_TRUNCATE; break;
	case 'a': fl = O_WRITE | O_CREATE | O_APPEND; break;
	default:  return -1;
	}
	if (strchr(mode, '+'))
		fl |= O_READ | O_WRITE;
	return fl;
}

FILE *fdopen(int fd, const char *mode)
{
	int fl = mode_flags(mode);

	if (fl < 0) {
		errno = EINVAL;
		return NULL;
	}
	for (int i = 0; i < FOPEN_MAX; i++) {
		FILE *f = &files[i];
		if (f->flags & F_INUSE)
			continue;
		f->fd = fd;
		f->flags = F_INUSE;
		if (fl & O_READ)
			f->flags |= F_READ;
		if (fl & O_WRITE)
			f->flags |= F_WRITE;
		f->unget = EOF;
		f->wlen = f->rpos = f->rlen = 0;
		f->buf = bufs[i];
		return f;
	}
	errno = EMFILE;
	return NULL;
}

FILE *fopen(const char *path, const char *mode)
{
	int fl = mode_flags(mode), fd;
	FILE *f;

	if (fl < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, fl);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (f == NULL)
		close(fd);
	return f;
}

int fclose(FILE *f)
{
	int r = fflush(f);

	if (close(f->fd) < 0)
		r = EOF;
	f->flags = 0;
	return r;
}

int fileno(FILE *f)      { return f->fd; }
int feof(FILE *f)        { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f)      { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f)   { f->flags &= ~(F_EOF | F_ERR); }

void perror(const char *msg)
{
	if (msg && *msg)
		fprintf(stderr, "%s: %s\n", msg, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}
