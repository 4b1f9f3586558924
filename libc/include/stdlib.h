#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t n);
void  free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

void exit(int code) __attribute__((noreturn));     /* flushes stdio */
void _Exit(int code) __attribute__((noreturn));    /* does not */
void abort(void) __attribute__((noreturn));

int   atoi(const char *s);
long  atol(const char *s);
long  strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int   abs(int x);
long  labs(long x);

char *getenv(const char *name);

/* The program's name for messages: the last part of argv[0] (set at
 * start-up; "?" when there was no argv[0]). */
const char *getprogname(void);
void  setprogname(const char *name);

void  qsort(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

#endif
