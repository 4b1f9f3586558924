/*
 * Memory and string functions.
 *
 * This one file is built three ways: into the kernel, into user libc, and
 * (with every name prefixed by k_, see tests/host/rename.h) into the host
 * unit tests.  So it depends on nothing but the compiler, and it must never
 * call a library function: in the kernel there is no library below it.
 */
#include "string.h"
#include <stdint.h>

/*
 * rep movsb / rep stosb are short and fast on every x86-64 CPU we care about
 * (ERMS).  The host tests build with AddressSanitizer, which cannot see the
 * memory an asm statement touches; there we use plain loops so that an
 * out-of-bounds copy is caught.  Both rely on the ABI's DF = 0.
 */
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define USE_REP_STRING 1
#endif

void *memcpy(void *dst, const void *src, size_t n)
{
#ifdef USE_REP_STRING
	void *d = dst;
	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
#else
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
#endif
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Copying forwards is safe unless dst starts inside [src, src+n).
	 * The unsigned difference is >= n exactly when dst < src (it wraps
	 * around) or dst >= src + n.  Integers, because comparing pointers
	 * into different objects is undefined.
	 */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);
	/* dst overlaps the tail of src: copy from the end. */
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
#ifdef USE_REP_STRING
	void *d = dst;
	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
#else
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
#endif
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	/* Never looks at s[max]: the caller may own only max bytes. */
	while (n < max && s[n])
		n++;
	return n;
}

/* Comparisons are on unsigned char, as C requires. */
int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (int)(unsigned char)*a - (int)(unsigned char)*b;
		if (*a == '\0')
			break;
	}
	return 0;
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/* C semantics: pads with NULs up to n, and does NOT terminate when src is
 * n bytes or longer.  Prefer strlcpy. */
char *strncpy(char *dst, const char *src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

/* Copies at most size-1 bytes and always terminates (if size > 0).
 * Returns strlen(src), so "result >= size" means it was truncated. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* The terminator counts as part of the string: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

/* Plain quadratic search: the strings the kernel searches are short. */
char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return (char *)hay;
	for (; *hay; hay++)
		if (*hay == *needle && strncmp(hay, needle, n) == 0)
			return (char *)hay;
	return NULL;
}
