/*
 * A tiny unit-test harness for the host tests.
 *
 * Output protocol (parsed by the project's harness): every case prints
 * exactly one line on stdout,
 *     HOST PASS <binary>.<case>
 *     HOST FAIL <binary>.<case>: <reason>
 * and the binary exits 1 if any case failed.  A sanitizer error aborts the
 * binary instead; tests/host/run.sh reports that as "<binary>.sanitizer".
 *
 *     TEST(name) { CHECK(x == 1); CHECK_EQ(f(), 3); }
 *     int main(int argc, char **argv) { t_begin(argv[0]); RUN(name); return t_end(); }
 *
 * A failed CHECK returns from the function it is in; helpers that check
 * things are void, and the caller uses CALL(helper(...)) to stop as well.
 * Only the first failure of a case is reported.
 */
#ifndef HOST_TEST_H
#define HOST_TEST_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *t_bin = "test";
static int t_nfail;
static int t_case_failed;
static char t_reason[512];

__attribute__((format(printf, 3, 4), unused))
static void t_failf(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t_case_failed)
		return;
	t_case_failed = 1;
	n = snprintf(t_reason, sizeof(t_reason), "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(t_reason))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(t_reason + n, sizeof(t_reason) - (size_t)n, fmt, ap);
	va_end(ap);
	/* The reason must stay on the one line. */
	for (char *p = t_reason; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

#define FAILF(...) t_failf(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond) do {						\
	if (!(cond)) { FAILF("%s", #cond); return; }			\
} while (0)

/* Integers of any type up to 64 bits, compared as signed long long unless
 * one side is unsigned, in which case both are printed in hex. */
#define CHECK_EQ(a, b) do {						\
	unsigned long long t_a_ = (unsigned long long)(a);		\
	unsigned long long t_b_ = (unsigned long long)(b);		\
	if (t_a_ != t_b_) {						\
		FAILF("%s == %s: %lld (0x%llx) != %lld (0x%llx)", #a, #b, \
		      (long long)t_a_, t_a_, (long long)t_b_, t_b_);	\
		return;							\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *t_a_ = (a), *t_b_ = (b);				\
	if (strcmp(t_a_, t_b_) != 0) {					\
		FAILF("%s == %s: \"%s\" != \"%s\"", #a, #b, t_a_, t_b_); \
		return;							\
	}								\
} while (0)

#define CALL(stmt) do { stmt; if (t_case_failed) return; } while (0)

#define TEST(name) static void case_##name(void)
#define RUN(name) t_run(#name, case_##name)

__attribute__((unused))
static void t_begin(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	t_bin = slash ? slash + 1 : argv0;
}

__attribute__((unused))
static void t_run(const char *name, void (*fn)(void))
{
	t_case_failed = 0;
	t_reason[0] = '\0';
	fn();
	if (t_case_failed) {
		printf("HOST FAIL %s.%s: %s\n", t_bin, name, t_reason);
		t_nfail++;
	} else {
		printf("HOST PASS %s.%s\n", t_bin, name);
	}
	/* A later sanitizer abort must not swallow the lines so far. */
	fflush(stdout);
}

__attribute__((unused))
static int t_end(void)
{
	return t_nfail ? 1 : 0;
}

#endif
