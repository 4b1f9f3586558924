/* err, errx, warn, warnx: see <err.h>. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds the whole line first, so that it reaches stderr in one write and
 * cannot interleave with another process's. */
static void say(int with_errno, const char *fmt, va_list ap)
{
	char buf[512];
	int saved = errno;
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s: ", getprogname());
	if (fmt != NULL && n < sizeof(buf))
		n += (size_t)vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (with_errno && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      fmt != NULL ? ": " : "", strerror(saved));
	if (n >= sizeof(buf) - 1)        /* cut short: keep the newline */
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	buf[n] = '\0';
	fputs(buf, stderr);
	errno = saved;
}

void vwarn(const char *fmt, va_list ap)  { say(1, fmt, ap); }
void vwarnx(const char *fmt, va_list ap) { say(0, fmt, ap); }

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(1, fmt, ap);
	va_end(ap);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(0, fmt, ap);
	va_end(ap);
}

void err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(1, fmt, ap);
	va_end(ap);
	exit(status);
}

void errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(0, fmt, ap);
	va_end(ap);
	exit(status);
}
