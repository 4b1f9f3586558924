/* Number parsing, getenv, abort and friends. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * The one conversion routine: parses an optionally signed number in base
 * 2..36 (0 = from the prefix: 0x hex, 0 octal, else decimal) into a
 * magnitude, saturating at max_mag with ERANGE.  Callers apply the sign.
 */
static unsigned long long parse(const char *s, char **end, int base,
				unsigned long long max_mag, int *neg, int *over)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0;

	while (isspace((unsigned char)*p))
		p++;
	*neg = *over = 0;
	if (*p == '+' || *p == '-')
		*neg = (*p++ == '-');
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (*p == '0') ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int d;
		unsigned char c = (unsigned char)*p;

		if (isdigit(c))
			d = c - '0';
		else if (isalpha(c))
			d = tolower(c) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (max_mag - (unsigned)d) / (unsigned)base)
			*over = 1;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (*over) {
		errno = ERANGE;
		return max_mag;
	}
	return v;
}

long long strtoll(const char *s, char **end, int base)
{
	int neg, over;
	/* A negative number may reach one further: -LLONG_MIN's magnitude. */
	unsigned long long m = parse(s, end, base, (unsigned long long)LLONG_MAX + 1,
				     &neg, &over);

	if (neg)
		return m == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)m;
	if (m > LLONG_MAX) {
		errno = ERANGE;
		return LLONG_MAX;
	}
	return (long long)m;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	int neg, over;
	unsigned long long m = parse(s, end, base, ULLONG_MAX, &neg, &over);

	if (over)
		return ULLONG_MAX;
	/* C says "-1" converts to ULLONG_MAX: negate in unsigned arithmetic. */
	return neg ? -m : m;
}

long strtol(const char *s, char **end, int base)
{
	return (long)strtoll(s, end, base);   /* long is 64-bit here */
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)strtoull(s, end, base);
}

int atoi(const char *s)   { return (int)strtol(s, NULL, 10); }
long atol(const char *s)  { return strtol(s, NULL, 10); }
int abs(int x)            { return x < 0 ? -x : x; }
long labs(long x)         { return x < 0 ? -x : x; }

char *getenv(const char *name)
{
	size_t n = strlen(name);

	if (environ == NULL)
		return NULL;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

void abort(void)
{
	/* Die the way the parent expects (by SIGABRT); if signals are not
	 * there yet, fall back to the shell's code for it, 128 + 6. */
	if (sys_kill((int)sys_getpid(), SIGABRT) == 0)
		for (int i = 0; i < 10; i++)
			sys_yield();
	_exit(128 + SIGABRT);
}
