/*
 * String and memory functions.  The first group is implemented once, in
 * kernel/src/lib/string.c, and shared with the kernel: the declarations here
 * must match kernel/src/lib/string.h exactly.  The rest are libc-only.
 */
#ifndef _STRING_H
#define _STRING_H
#include <stddef.h>

/* Shared with the kernel (kernel/src/lib/string.c). */
void  *memcpy(void *dst, const void *src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
void  *memset(void *dst, int c, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
void  *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strcpy(char *dst, const char *src);
char  *strncpy(char *dst, const char *src, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
char  *strcat(char *dst, const char *src);
char  *strchr(const char *s, int c);
char  *strrchr(const char *s, int c);
char  *strstr(const char *hay, const char *needle);

/* libc only (libc/string_extra.c, libc/strerror.c). */
char  *strdup(const char *s);
char  *strndup(const char *s, size_t max);
char  *strncat(char *dst, const char *src, size_t n);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char  *strpbrk(const char *s, const char *accept);
char  *strtok(char *s, const char *delim);
char  *strtok_r(char *s, const char *delim, char **save);
char  *strerror(int err);

#endif
