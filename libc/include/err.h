/*
 * BSD-style diagnostics: "prog: message: strerror(errno)" on stderr, as one
 * write.  prog is getprogname() (the last part of argv[0]).  err and errx
 * then exit with the given status; warn and warnx return.  The x forms
 * leave out the errno text.
 */
#ifndef _ERR_H
#define _ERR_H
#include <stdarg.h>

#define __errf(a, b) __attribute__((format(printf, a, b)))
void err(int status, const char *fmt, ...) __attribute__((noreturn)) __errf(2, 3);
void errx(int status, const char *fmt, ...) __attribute__((noreturn)) __errf(2, 3);
void warn(const char *fmt, ...) __errf(1, 2);
void warnx(const char *fmt, ...) __errf(1, 2);
void vwarn(const char *fmt, va_list ap) __errf(1, 0);
void vwarnx(const char *fmt, va_list ap) __errf(1, 0);
#undef __errf

#endif
