/*
 * Buffered output on file descriptors.  A FILE is an fd plus a small buffer:
 * stdout is line-buffered, stderr unbuffered; every stream is flushed by
 * exit() and, so that a child does not print its parent's leftovers twice,
 * by fork().
 */
#ifndef _STDIO_H
#define _STDIO_H
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EOF    (-1)
#define BUFSIZ 1024

typedef struct __file FILE;

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

#define __pf(a, b) __attribute__((format(printf, a, b)))

int printf(const char *fmt, ...) __pf(1, 2);
int fprintf(FILE *f, const char *fmt, ...) __pf(2, 3);
int dprintf(int fd, const char *fmt, ...) __pf(2, 3);
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...) __pf(2, 3);
int vsprintf(char *buf, const char *fmt, va_list ap);
/* Shared with the kernel (kernel/src/lib/fmt.c): same declarations as fmt.h. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __pf(3, 4);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f);
int puts(const char *s);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
int fflush(FILE *f);               /* NULL flushes every stream */

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
char *fgets(char *buf, int size, FILE *f);
size_t fread(void *p, size_t size, size_t n, FILE *f);
/* A whole line (delimiter included) into *line, grown with realloc as
 * needed: -> bytes read, -1 at end of file or on error. */
ssize_t getline(char **line, size_t *cap, FILE *f);
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f);
int ungetc(int c, FILE *f);

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fileno(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);

void perror(const char *msg);
int rename(const char *from, const char *to);

#undef __pf
#endif
