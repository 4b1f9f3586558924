/* Private to libc: helpers shared by the wrapper files. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H
#include <errno.h>

/* Turns a raw kernel result into the POSIX convention: -1 and errno. */
static inline long __ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* Flushes every stdio stream (exit, fork). */
void __stdio_flush_all(void);

#endif
