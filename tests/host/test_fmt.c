/*
 * kernel/src/lib/fmt.c against glibc's snprintf, which is the reference
 * for everything the two have in common (see fmt.c for the three places
 * where we differ on purpose; those are checked by hand).
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

#include "rename.h"
#include "lib/string.h"
#include "lib/fmt.h"
#define RENAME_UNDO
#include "rename.h"

/*
 * Formats with both implementations into a 512-byte buffer and compares
 * return value and bytes.  The format attribute makes gcc check each call,
 * so a test never relies on undefined behaviour by accident.
 */
__attribute__((format(printf, 3, 4)))
static void same_at(int line, const char *file, const char *fmt, ...)
{
	char want[512], got[512];
	va_list ap, aq;
	int wn, gn;

	va_start(ap, fmt);
	va_copy(aq, ap);
	wn = vsnprintf(want, sizeof(want), fmt, ap);
	gn = k_vsnprintf(got, sizeof(got), fmt, aq);
	va_end(aq);
	va_end(ap);
	if (gn != wn || memcmp(got, want, (size_t)wn + 1) != 0)
		t_failf(file, line, "format \"%s\": got \"%s\" (%d), want \"%s\" (%d)",
			fmt, got, gn, want, wn);
}
#define SAME(...) do {						\
	same_at(__LINE__, __FILE__, __VA_ARGS__);			\
	if (t_case_failed) return;					\
} while (0)

/* Our formatter only, with a format gcc must not check (for the
 * deliberate differences and the unknown conversions). */
static int kfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = k_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

TEST(plain_text_and_percent)
{
	SAME("%s", "");
	SAME("hello");
	SAME("100%%");
	SAME("%%%%%d%%", 5);
	SAME("a%cb", 'x');
	char buf[8];
	CHECK_EQ(kfmt(buf, sizeof(buf), ""), 0);
	CHECK_STR(buf, "");
}

TEST(signed_decimal)
{
	static const int vals[] = { 0, 1, -1, 42, -42, 9, 10, 99999, INT_MAX, INT_MIN };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		int v = vals[i];
		SAME("%d|%i", v, v);
		SAME("[%5d] [%-5d] [%05d]", v, v, v);
		SAME("[%+d] [% d] [%+5d] [% 5d] [%+05d] [% 05d]", v, v, v, v, v, v);
		SAME("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%5.0d]", v, v, v, v, v);
		SAME("[%+.0d] [% .0d] [%-+8d] [%- 8d]", v, v, v, v);
		/* ("0" with a precision or "-" is ignored: see integer_matrix.) */
		SAME("[%1d] [%.20d] [%25.15d] [%+025d]", v, v, v, v);
	}
}

TEST(unsigned_hex_octal)
{
	static const unsigned vals[] = { 0, 1, 7, 8, 15, 16, 255, 256, 0xdeadbeef, UINT_MAX };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		unsigned v = vals[i];
		SAME("%u %x %X %o", v, v, v, v);
		SAME("[%#x] [%#X] [%#o]", v, v, v);
		SAME("[%10u] [%-10x] [%010X] [%010o]", v, v, v, v);
		SAME("[%#10x] [%#-10x] [%#010x] [%#010o] [%#-10o]", v, v, v, v, v);
		SAME("[%.0u] [%.0x] [%.0o] [%#.0x] [%#.0o]", v, v, v, v, v);
		SAME("[%.5x] [%#.5x] [%#.5o] [%#.1o] [%#12.5X]", v, v, v, v, v);
	}
}

TEST(length_modifiers)
{
	SAME("%hhd %hhd %hhd %hhu %hhx", 127, 300, -129, 300, -1);
	SAME("%hd %hd %hu %hx %ho", 32767, 70000, -1, 0x12345, -2);
	SAME("%ld %ld %lu %lx %lo", LONG_MAX, LONG_MIN, ULONG_MAX, ULONG_MAX, ULONG_MAX);
	SAME("%lld %lld %llu %llX %#llo", LLONG_MAX, LLONG_MIN, ULLONG_MAX,
	     ULLONG_MAX, ULLONG_MAX);
	SAME("%zu %zx %zd %zd", SIZE_MAX, (size_t)0x1234, (ssize_t)-5, (ssize_t)SSIZE_MAX);
	SAME("%td %td %tu %tx", PTRDIFF_MAX, PTRDIFF_MIN, (size_t)PTRDIFF_MAX, (size_t)77);
	SAME("%jd %jd %ju %jx", INTMAX_MAX, INTMAX_MIN, UINTMAX_MAX, (uintmax_t)0xabc);
	SAME("%li %lli %hi %hhi", -3L, -4LL, (short)-5, (signed char)-6);
	/* A long argument after a short one: the list stays in step. */
	SAME("%hhd %lld %hd %s", 1, 2LL, 3, "end");
}

TEST(chars_and_strings)
{
	SAME("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	SAME("[%s] [%10s] [%-10s] [%.2s] [%10.2s] [%-10.2s]",
	     "abc", "abc", "abc", "abc", "abc", "abc");
	SAME("[%.0s] [%.10s] [%s] [%5s]", "abc", "abc", "", "");
	SAME("[%*s] [%-*s] [%.*s]", 6, "ab", 6, "ab", 1, "ab");
	SAME("%s%s%s", "a", "bb", "ccc");

	/* A NUL character is output and counted like any other. */
	char buf[8];
	CHECK_EQ(kfmt(buf, sizeof(buf), "a%cb", 0), 3);
	CHECK(memcmp(buf, "a\0b\0", 4) == 0);

	/* With a precision the argument need not be terminated: exactly
	 * four bytes, no NUL, and ASan watching. */
	char *raw = malloc(4);
	memcpy(raw, "wxyz", 4);
	int n = kfmt(buf, sizeof(buf), "%.4s|%.2s", raw, raw);
	free(raw);
	CHECK_EQ(n, 7);
	CHECK_STR(buf, "wxyz|wx");
}

TEST(null_string)
{
	char buf[32];

	CHECK_EQ(kfmt(buf, sizeof(buf), "%s", (char *)NULL), 6);
	CHECK_STR(buf, "(null)");
	CHECK_EQ(kfmt(buf, sizeof(buf), "[%8s]", (char *)NULL), 10);
	CHECK_STR(buf, "[  (null)]");
	CHECK_EQ(kfmt(buf, sizeof(buf), "[%-8s]", (char *)NULL), 10);
	CHECK_STR(buf, "[(null)  ]");
	CHECK_EQ(kfmt(buf, sizeof(buf), "[%.3s]", (char *)NULL), 5);
	CHECK_STR(buf, "[(nu]");
}

TEST(pointers)
{
	int x;
	void *ptrs[] = { &x, (void *)1, (void *)0xdeadbeefcafeull, (void *)UINTPTR_MAX };

	for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
		SAME("[%p] [%20p] [%-20p]", ptrs[i], ptrs[i], ptrs[i]);

	/* glibc says "(nil)"; we keep the hex form. */
	char buf[32];
	CHECK_EQ(kfmt(buf, sizeof(buf), "%p", (void *)NULL), 3);
	CHECK_STR(buf, "0x0");
	CHECK_EQ(kfmt(buf, sizeof(buf), "[%5p]", (void *)NULL), 7);
	CHECK_STR(buf, "[  0x0]");
}

TEST(star_width_and_precision)
{
	SAME("[%*d] [%*d]", 6, 42, -6, 42);          /* negative width = '-' */
	SAME("[%-*d]", -6, 42);
	SAME("[%.*d] [%.*d] [%.*d]", 4, 7, 0, 0, -1, 0);  /* negative prec = none */
	SAME("[%*.*x] [%-*.*o]", 8, 3, 0xab, 8, 4, 8);
	SAME("[%0*d] [%0*d]", 5, -3, -5, 3);
	SAME("[%*d]", 0, 5);
	SAME("[%.*s]", -1, "whole");
	SAME("[%300d]", 1);
	SAME("[%.300u]", 1u);
}

TEST(unknown_conversions_literal)
{
	char buf[64];

	CHECK_EQ(kfmt(buf, sizeof(buf), "a%yb"), 4);
	CHECK_STR(buf, "a%yb");
	CHECK_EQ(kfmt(buf, sizeof(buf), "[%-5.2y]"), 8);
	CHECK_STR(buf, "[%-5.2y]");
	/* No %n: it is printed, not written through. */
	CHECK_EQ(kfmt(buf, sizeof(buf), "%n%d", 7), 3);
	CHECK_STR(buf, "%n7");
	/* No floating point: printed literally, the argument not consumed. */
	CHECK_EQ(kfmt(buf, sizeof(buf), "%f %d", 9), 4);
	CHECK_STR(buf, "%f 9");
	/* A format that ends inside a conversion. */
	CHECK_EQ(kfmt(buf, sizeof(buf), "abc%"), 4);
	CHECK_STR(buf, "abc%");
	CHECK_EQ(kfmt(buf, sizeof(buf), "x%-08l"), 6);
	CHECK_STR(buf, "x%-08l");
	CHECK_EQ(kfmt(buf, sizeof(buf), "%hh"), 3);
	CHECK_STR(buf, "%hh");
}

/* Every size from 0 to past the full length, checking the NUL, the return
 * value and that no byte at or after buf[size] is written. */
TEST(truncation)
{
	static const char *fmts[] = { "%s-%d", "%08x|%-6s|%c" };
	char full[64], buf[64];

	for (size_t f = 0; f < 2; f++) {
		int len = f == 0 ? snprintf(full, sizeof(full), "%s-%d", "hello", -1234)
				 : snprintf(full, sizeof(full), "%08x|%-6s|%c", 0xbeef, "ab", 'Q');
		for (size_t size = 0; size <= (size_t)len + 2; size++) {
			memset(buf, 'Z', sizeof(buf));
			int n = f == 0 ? k_snprintf(buf, size, "%s-%d", "hello", -1234)
				       : k_snprintf(buf, size, "%08x|%-6s|%c", 0xbeef, "ab", 'Q');
			if (n != len) {
				FAILF("%s size %zu: returned %d, want %d", fmts[f], size, n, len);
				return;
			}
			size_t keep = size == 0 ? 0 : size - 1 < (size_t)len ? size - 1 : (size_t)len;
			if (size > 0 && (memcmp(buf, full, keep) != 0 || buf[keep] != '\0')) {
				FAILF("%s size %zu: wrong contents \"%s\"", fmts[f], size, buf);
				return;
			}
			for (size_t i = size; i < sizeof(buf); i++)
				if (buf[i] != 'Z') {
					FAILF("%s size %zu: byte %zu written", fmts[f], size, i);
					return;
				}
		}
	}

	/* size 0 with a NULL buffer is allowed: just measures. */
	CHECK_EQ(k_snprintf(NULL, 0, "%d", 123456), 6);

	/* An exactly sized heap buffer: ASan sees any write past it. */
	char *h = malloc(5);
	int n = k_snprintf(h, 5, "%s", "truncated");
	int ok = strcmp(h, "trun") == 0;
	free(h);
	CHECK_EQ(n, 9);
	CHECK(ok);
}

/* fmt_vformat: the callback sees each character once, with our ctx. */
struct sink {
	char buf[64];
	size_t n;
	int calls;
};

static void sink_put(void *ctx, char c)
{
	struct sink *s = ctx;
	if (s->n < sizeof(s->buf) - 1)
		s->buf[s->n++] = c;
	s->calls++;
}

static int vformat_to(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = k_fmt_vformat(sink_put, s, fmt, ap);
	va_end(ap);
	return n;
}

TEST(vformat_callback)
{
	struct sink s = { .n = 0 };

	int n = vformat_to(&s, "[%5s|%-3d|%x]", "ab", 7, 255u);
	CHECK_EQ(n, 14);
	CHECK_EQ(s.calls, 14);
	CHECK_STR(s.buf, "[   ab|7  |ff]");

	struct sink e = { .n = 0 };
	CHECK_EQ(vformat_to(&e, ""), 0);
	CHECK_EQ(e.calls, 0);
}

/*
 * The whole matrix: each integer conversion with every combination of
 * flags, several widths, precisions and length modifiers, and a set of
 * values, built at run time and compared with glibc.  '#' is left out for
 * the decimal conversions, where C leaves it undefined.
 */
static int both(char *want, char *got, size_t size, const char *fmt,
		int len, unsigned long long v, int *wn, int *gn)
{
	/* Pass the argument with the type the length modifier names. */
#define FMT2(T) do {							\
		*wn = snprintf(want, size, fmt, (T)v);			\
		*gn = kfmt(got, size, fmt, (T)v);			\
	} while (0)
	switch (len) {
	case 0: FMT2(int); break;
	case 1: FMT2(int); break;          /* hh: promoted to int */
	case 2: FMT2(int); break;          /* h */
	case 3: FMT2(long); break;
	case 4: FMT2(long long); break;
	case 5: FMT2(size_t); break;
	case 6: FMT2(ptrdiff_t); break;
	case 7: FMT2(intmax_t); break;
	}
#undef FMT2
	return *wn == *gn && strcmp(want, got) == 0;
}

TEST(integer_matrix)
{
	static const char convs[] = "diuxXo";
	static const char *lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	static const char *widths[] = { "", "1", "6", "23" };
	static const char *precs[] = { "", ".", ".0", ".1", ".4", ".21" };
	static const unsigned long long vals[] = {
		0, 1, 5, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
		0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdefull,
		0x8000000000000000ull, ~0ull, (unsigned long long)-12345,
	};
	char fmt[32], want[128], got[128];
	long checked = 0;

	for (const char *c = convs; *c; c++)
		for (unsigned flags = 0; flags < 32; flags++) {
			int is_dec = *c == 'd' || *c == 'i' || *c == 'u';
			if ((flags & 8) && is_dec)
				continue;
			for (size_t w = 0; w < 4; w++)
				for (size_t p = 0; p < 6; p++)
					for (int l = 0; l < 8; l++) {
						snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%s%s%s%s%c]",
							 flags & 1 ? "-" : "", flags & 2 ? "+" : "",
							 flags & 4 ? " " : "", flags & 8 ? "#" : "",
							 flags & 16 ? "0" : "", widths[w], precs[p],
							 lens[l], *c);
						for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
							int wn, gn;
							checked++;
							if (!both(want, got, sizeof(want), fmt, l, vals[v], &wn, &gn)) {
								FAILF("format \"%s\" value %#llx: got \"%s\" (%d), want \"%s\" (%d)",
								      fmt, vals[v], got, gn, want, wn);
								return;
							}
						}
					}
		}
	CHECK(checked > 100000);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(plain_text_and_percent);
	RUN(signed_decimal);
	RUN(unsigned_hex_octal);
	RUN(length_modifiers);
	RUN(chars_and_strings);
	RUN(null_string);
	RUN(pointers);
	RUN(star_width_and_precision);
	RUN(unknown_conversions_literal);
	RUN(truncation);
	RUN(vformat_callback);
	RUN(integer_matrix);
	return t_end();
}
