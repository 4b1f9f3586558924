/*
 * kernel/src/lib/string.c against glibc and against hand-written answers.
 * Buffers are malloc'ed to their exact size, so AddressSanitizer reports
 * any read or write one byte past the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

#include "rename.h"
#include "lib/string.h"
#define RENAME_UNDO
#include "rename.h"

/* A malloc'ed copy of s, exactly strlen(s)+1 bytes. */
static char *fenced(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	memcpy(p, s, n);
	return p;
}

/* Deterministic bytes, so a failure can be reproduced. */
static uint32_t rng = 12345;
static unsigned rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

static int sign(int x) { return (x > 0) - (x < 0); }

TEST(memcpy_lengths_and_alignments)
{
	unsigned char src[300], dst[320], want[320];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t so = 0; so < 8; so++)
		for (size_t doff = 0; doff < 8; doff++)
			for (size_t n = 0; n + so <= 290; n += n < 20 ? 1 : 37) {
				memset(dst, 0xAA, sizeof(dst));
				memset(want, 0xAA, sizeof(want));
				memcpy(want + doff, src + so, n);
				void *r = k_memcpy(dst + doff, src + so, n);
				CHECK(r == dst + doff);
				if (memcmp(dst, want, sizeof(dst)) != 0) {
					FAILF("memcpy so=%zu do=%zu n=%zu", so, doff, n);
					return;
				}
			}
}

TEST(memcpy_exact_buffers)
{
	/* Exactly n bytes each side: ASan catches an extra byte. */
	for (size_t n = 0; n < 70; n++) {
		unsigned char *s = malloc(n ? n : 1), *d = malloc(n ? n : 1);
		for (size_t i = 0; i < n; i++)
			s[i] = (unsigned char)(i ^ 0x5a);
		k_memcpy(d, s, n);
		int ok = memcmp(d, s, n) == 0;
		free(s);
		free(d);
		CHECK(ok);
	}
}

/* Every overlap of src and dst in a small buffer, both directions. */
TEST(memmove_overlap)
{
	unsigned char buf[64], want[64];

	for (size_t src = 0; src < 32; src++)
		for (size_t dst = 0; dst < 32; dst++)
			for (size_t n = 0; n <= 32; n++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = want[i] = (unsigned char)i;
				memmove(want + dst, want + src, n);
				void *r = k_memmove(buf + dst, buf + src, n);
				CHECK(r == buf + dst);
				if (memcmp(buf, want, sizeof(buf)) != 0) {
					FAILF("memmove src=%zu dst=%zu n=%zu", src, dst, n);
					return;
				}
			}
}

TEST(memmove_large_overlap)
{
	size_t n = 100000;
	unsigned char *a = malloc(n + 4096), *b = malloc(n + 4096);

	for (size_t i = 0; i < n + 4096; i++)
		a[i] = b[i] = (unsigned char)rnd();
	k_memmove(a + 4095, a, n);          /* backwards */
	memmove(b + 4095, b, n);
	int ok1 = memcmp(a, b, n + 4096) == 0;
	k_memmove(a + 1, a + 3000, n);      /* forwards */
	memmove(b + 1, b + 3000, n);
	int ok2 = memcmp(a, b, n + 4096) == 0;
	free(a);
	free(b);
	CHECK(ok1);
	CHECK(ok2);
}

TEST(memset_values)
{
	unsigned char buf[200];
	static const int vals[] = { 0, 1, 0x7f, 0x80, 0xff, -1, 0x1ab, -128 };

	for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++)
		for (size_t off = 0; off < 8; off++)
			for (size_t n = 0; n + off <= 150; n += n < 20 ? 1 : 13) {
				memset(buf, 0x11, sizeof(buf));
				void *r = k_memset(buf + off, vals[v], n);
				CHECK(r == buf + off);
				for (size_t i = 0; i < sizeof(buf); i++) {
					unsigned char w = i >= off && i < off + n
						? (unsigned char)vals[v] : 0x11;
					if (buf[i] != w) {
						FAILF("memset(%#x) off=%zu n=%zu: byte %zu is %#x",
						      vals[v], off, n, i, buf[i]);
						return;
					}
				}
			}
}

TEST(memcmp_unsigned_and_lengths)
{
	CHECK_EQ(k_memcmp("abc", "abd", 0), 0);
	CHECK_EQ(k_memcmp("abc", "abc", 3), 0);
	CHECK(k_memcmp("abc", "abd", 3) < 0);
	CHECK(k_memcmp("abd", "abc", 3) > 0);
	CHECK_EQ(k_memcmp("abX", "abY", 2), 0);
	/* Bytes compare as unsigned char: 0x80 > 0x7f. */
	CHECK(k_memcmp("\x80", "\x7f", 1) > 0);
	CHECK(k_memcmp("\x01", "\xff", 1) < 0);
	/* NULs are ordinary bytes for memcmp. */
	CHECK(k_memcmp("a\0b", "a\0c", 3) < 0);

	for (int i = 0; i < 2000; i++) {
		unsigned char a[16], b[16];
		size_t n = rnd() % 17;
		for (size_t j = 0; j < 16; j++)
			a[j] = b[j] = (unsigned char)rnd();
		if (n && rnd() % 2)
			b[rnd() % n] = (unsigned char)rnd();
		CHECK_EQ(sign(k_memcmp(a, b, n)), sign(memcmp(a, b, n)));
	}
}

TEST(memchr_bounds)
{
	const char s[] = "hello\0world\x80";

	CHECK(k_memchr(s, 'l', 5) == s + 2);
	CHECK(k_memchr(s, 'o', 5) == s + 4);
	CHECK(k_memchr(s, 'w', 5) == NULL);           /* beyond n */
	CHECK(k_memchr(s, 'w', sizeof(s)) == s + 6);  /* past the NUL */
	CHECK(k_memchr(s, '\0', sizeof(s)) == s + 5);
	CHECK(k_memchr(s, 'h', 0) == NULL);
	/* c is converted to unsigned char. */
	CHECK(k_memchr(s, 0x100 + 'e', 5) == s + 1);
	CHECK(k_memchr(s, -128, sizeof(s)) == s + 11);

	/* Exactly sized, no terminator: must stop at n. */
	char *p = malloc(4);
	memcpy(p, "abcd", 4);
	void *r = k_memchr(p, 'z', 4);
	free(p);
	CHECK(r == NULL);
}

TEST(strlen_strnlen)
{
	char *e = fenced(""), *s = fenced("hello, world");

	CHECK_EQ(k_strlen(e), 0);
	CHECK_EQ(k_strlen(s), 12);
	CHECK_EQ(k_strnlen(s, 0), 0);
	CHECK_EQ(k_strnlen(s, 5), 5);
	CHECK_EQ(k_strnlen(s, 12), 12);
	CHECK_EQ(k_strnlen(s, 13), 12);
	CHECK_EQ(k_strnlen(s, (size_t)-1), 12);
	free(e);
	free(s);

	/* strnlen must not look at byte max of an unterminated buffer. */
	char *raw = malloc(8);
	memcpy(raw, "abcdefgh", 8);
	size_t n = k_strnlen(raw, 8);
	free(raw);
	CHECK_EQ(n, 8);
}

TEST(strcmp_strncmp)
{
	CHECK_EQ(k_strcmp("", ""), 0);
	CHECK_EQ(k_strcmp("abc", "abc"), 0);
	CHECK(k_strcmp("abc", "abd") < 0);
	CHECK(k_strcmp("abd", "abc") > 0);
	CHECK(k_strcmp("ab", "abc") < 0);     /* prefix is smaller */
	CHECK(k_strcmp("abc", "ab") > 0);
	CHECK(k_strcmp("", "a") < 0);
	CHECK(k_strcmp("\xe9", "e") > 0);     /* unsigned char */

	CHECK_EQ(k_strncmp("abc", "abd", 2), 0);
	CHECK(k_strncmp("abc", "abd", 3) < 0);
	CHECK_EQ(k_strncmp("abc", "xyz", 0), 0);
	CHECK_EQ(k_strncmp("abc", "abc", 100), 0);  /* stops at the NUL */
	CHECK(k_strncmp("ab", "abc", 3) < 0);
	CHECK(k_strncmp("\x80", "\x7f", 1) > 0);

	/* Exactly sized strings, n larger than both: no over-read. */
	char *a = fenced("same"), *b = fenced("same");
	int r = k_strncmp(a, b, 1000);
	free(a);
	free(b);
	CHECK_EQ(r, 0);

	for (int i = 0; i < 2000; i++) {
		char x[8], y[8];
		for (int j = 0; j < 7; j++)
			x[j] = y[j] = (char)("ab\x90"[rnd() % 3]);
		x[rnd() % 8 % 7] = '\0';
		y[7] = x[7] = '\0';
		if (rnd() % 2)
			y[rnd() % 7] = (char)("ab\x90"[rnd() % 3]);
		size_t n = rnd() % 9;
		CHECK_EQ(sign(k_strcmp(x, y)), sign(strcmp(x, y)));
		CHECK_EQ(sign(k_strncmp(x, y, n)), sign(strncmp(x, y, n)));
	}
}

TEST(strcpy_strcat)
{
	char buf[32];
	char *src = fenced("abc");

	memset(buf, 'Z', sizeof(buf));
	CHECK(k_strcpy(buf, src) == buf);
	CHECK_STR(buf, "abc");
	CHECK_EQ(buf[4], 'Z');                /* nothing past the NUL */
	CHECK(k_strcat(buf, "def") == buf);
	CHECK_STR(buf, "abcdef");
	CHECK(k_strcat(buf, "") == buf);
	CHECK_STR(buf, "abcdef");
	CHECK_EQ(buf[7], 'Z');
	CHECK(k_strcpy(buf, "") == buf);
	CHECK_STR(buf, "");
	free(src);

	/* Destination of exactly the right size. */
	char *d = malloc(7);
	k_strcpy(d, "abc");
	k_strcat(d, "xyz");
	int ok = strcmp(d, "abcxyz") == 0;
	free(d);
	CHECK(ok);
}

TEST(strncpy_pads_and_truncates)
{
	char buf[10];

	memset(buf, 'Z', sizeof(buf));
	CHECK(k_strncpy(buf, "ab", 6) == buf);
	CHECK(memcmp(buf, "ab\0\0\0\0ZZZZ", 10) == 0);   /* padded with NULs */

	memset(buf, 'Z', sizeof(buf));
	k_strncpy(buf, "abcdef", 4);
	CHECK(memcmp(buf, "abcdZZZZZZ", 10) == 0);       /* not terminated */

	memset(buf, 'Z', sizeof(buf));
	k_strncpy(buf, "abc", 0);
	CHECK_EQ(buf[0], 'Z');
}

TEST(strlcpy_truncates)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(k_strlcpy(buf, "abc", sizeof(buf)), 3);
	CHECK_STR(buf, "abc");

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(k_strlcpy(buf, "abcdefghijk", sizeof(buf)), 11);
	CHECK_STR(buf, "abcdefg");                       /* size-1 bytes + NUL */

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(k_strlcpy(buf, "abcdefgh", 8), 8);      /* exactly one too many */
	CHECK_STR(buf, "abcdefg");
	CHECK_EQ(k_strlcpy(buf, "abcdefg", 8), 7);       /* exactly fits */
	CHECK_STR(buf, "abcdefg");

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(k_strlcpy(buf, "abc", 1), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'Z');

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(k_strlcpy(buf, "abc", 0), 3);           /* size 0: untouched */
	CHECK_EQ(buf[0], 'Z');

	/* A destination of exactly size bytes. */
	char *d = malloc(4);
	size_t r = k_strlcpy(d, "longer string", 4);
	int ok = strcmp(d, "lon") == 0;
	free(d);
	CHECK_EQ(r, 13);
	CHECK(ok);
}

TEST(strchr_strrchr)
{
	char *s = fenced("a/b/c\xe9");

	CHECK(k_strchr(s, '/') == s + 1);
	CHECK(k_strrchr(s, '/') == s + 3);
	CHECK(k_strchr(s, 'a') == s);
	CHECK(k_strrchr(s, 'a') == s);
	CHECK(k_strchr(s, 'x') == NULL);
	CHECK(k_strrchr(s, 'x') == NULL);
	/* The terminator is part of the string. */
	CHECK(k_strchr(s, '\0') == s + 6);
	CHECK(k_strrchr(s, '\0') == s + 6);
	/* c is converted to char: 0xe9 and -23 are the same byte. */
	CHECK(k_strchr(s, 0xe9) == s + 5);
	CHECK(k_strrchr(s, (char)0xe9) == s + 5);
	CHECK(k_strchr(s, 0x100 + 'b') == s + 2);
	free(s);

	char *e = fenced("");
	CHECK(k_strchr(e, 'a') == NULL);
	CHECK(k_strchr(e, '\0') == e);
	free(e);
}

TEST(strstr_cases)
{
	char *h = fenced("aaaabaaab");

	CHECK(k_strstr(h, "") == h);
	CHECK(k_strstr(h, "aaab") == h + 1);  /* after a partial match */
	CHECK(k_strstr(h, "b") == h + 4);
	CHECK(k_strstr(h, "baaab") == h + 4); /* at the very end */
	CHECK(k_strstr(h, "aaaabaaab") == h);
	CHECK(k_strstr(h, "aaaabaaabX") == NULL);  /* longer than hay */
	CHECK(k_strstr(h, "ba b") == NULL);
	CHECK(k_strstr(h, "c") == NULL);
	free(h);

	char *e = fenced("");
	CHECK(k_strstr(e, "") == e);
	CHECK(k_strstr(e, "a") == NULL);
	free(e);

	for (int i = 0; i < 3000; i++) {
		char hay[12], nee[5];
		size_t hn = rnd() % 12, nn = rnd() % 5;
		for (size_t j = 0; j < hn; j++)
			hay[j] = (char)('a' + rnd() % 2);
		hay[hn] = '\0';
		for (size_t j = 0; j < nn; j++)
			nee[j] = (char)('a' + rnd() % 2);
		nee[nn] = '\0';
		CHECK(k_strstr(hay, nee) == strstr(hay, nee));
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(memcpy_lengths_and_alignments);
	RUN(memcpy_exact_buffers);
	RUN(memmove_overlap);
	RUN(memmove_large_overlap);
	RUN(memset_values);
	RUN(memcmp_unsigned_and_lengths);
	RUN(memchr_bounds);
	RUN(strlen_strnlen);
	RUN(strcmp_strncmp);
	RUN(strcpy_strcat);
	RUN(strncpy_pads_and_truncates);
	RUN(strlcpy_truncates);
	RUN(strchr_strrchr);
	RUN(strstr_cases);
	return t_end();
}
