/*
 * printf-style formatting: pure code shared by the kernel (kprintf) and libc
 * (printf family).  Output goes through a callback so the same formatter
 * serves a serial port, a user buffer or a file descriptor.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, length modifiers hh h l ll z t j,
 * flags - 0 + space #, field width and precision (numbers or *).
 * As glibc, except: %p of NULL is "0x0", %s of NULL is "(null)" (cut by the
 * precision), and an unknown conversion (also %n, %f) is printed literally.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_put_fn)(void *ctx, char c);

/* Formats into put(); returns the number of characters produced. */
int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap);

/* C99 semantics: always NUL-terminates when size > 0; returns the length the
 * full output would have had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
