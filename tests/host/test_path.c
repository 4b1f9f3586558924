/*
 * kernel/src/fs/path.c: component splitting, the last component, name
 * checks and the right-to-left builder of getcwd.  Paths are copied into
 * malloc'ed buffers of their exact length (no NUL), so AddressSanitizer
 * catches any read past the end the functions are given.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"

#include "rename.h"
#include "fs/path.h"
#define RENAME_UNDO
#include "rename.h"

/* The values of include/aurora/abi.h, which cannot be included next to
 * glibc's headers (both define struct timespec, WIFEXITED, ...). */
#define EINVAL        1
#define ENAMETOOLONG 20
#define NAME_MAX    255

/* An exact-size copy without the NUL: the functions take (path, length). */
static char *exact(const char *s, size_t *len)
{
	*len = strlen(s);
	char *p = malloc(*len ? *len : 1);
	memcpy(p, s, *len);
	return p;
}

/* Joins the components of s with '|', e.g. "//a/./b/" -> "a|.|b". */
static int components(const char *s, char *out, size_t outsz)
{
	size_t len;
	char *p = exact(s, &len);
	const char *cur = p, *name;
	size_t n, used = 0;
	int r;

	out[0] = '\0';
	while ((r = path_next(&cur, p + len, &name, &n)) == 1) {
		if (used + n + 2 > outsz)
			break;
		if (used)
			out[used++] = '|';
		memcpy(out + used, name, n);
		used += n;
		out[used] = '\0';
	}
	free(p);
	return r;
}

TEST(next_components)
{
	char out[256];

	CHECK_EQ(components("", out, sizeof(out)), 0);
	CHECK_STR(out, "");
	CHECK_EQ(components("/", out, sizeof(out)), 0);
	CHECK_STR(out, "");
	CHECK_EQ(components("////", out, sizeof(out)), 0);
	CHECK_STR(out, "");
	CHECK_EQ(components("a", out, sizeof(out)), 0);
	CHECK_STR(out, "a");
	CHECK_EQ(components("/bin/init", out, sizeof(out)), 0);
	CHECK_STR(out, "bin|init");
	CHECK_EQ(components("//a///b/./../c//", out, sizeof(out)), 0);
	CHECK_STR(out, "a|b|.|..|c");
	CHECK_EQ(components("..", out, sizeof(out)), 0);
	CHECK_STR(out, "..");
}

TEST(next_name_max)
{
	char buf[NAME_MAX + 8], out[512];

	/* Exactly NAME_MAX is fine, one more is too long. */
	buf[0] = '/';
	memset(buf + 1, 'x', NAME_MAX);
	buf[NAME_MAX + 1] = '\0';
	CHECK_EQ(components(buf, out, sizeof(out)), 0);
	CHECK_EQ(strlen(out), NAME_MAX);
	memset(buf + 1, 'x', NAME_MAX + 1);
	buf[NAME_MAX + 2] = '\0';
	CHECK_EQ(components(buf, out, sizeof(out)), -ENAMETOOLONG);

	/* The long one after good ones: those come first, then the error. */
	char *mixed = malloc(8 + NAME_MAX + 2);
	strcpy(mixed, "/ok/");
	memset(mixed + 4, 'y', NAME_MAX + 1);
	mixed[4 + NAME_MAX + 1] = '\0';
	int r = components(mixed, out, sizeof(out));
	free(mixed);
	CHECK_EQ(r, -ENAMETOOLONG);
	CHECK_STR(out, "ok");
}

TEST(next_respects_end)
{
	/* Only the first 4 bytes count: "/abc" of "/abc/def". */
	const char *s = "/abc/def";
	const char *cur = s, *name;
	size_t n;

	CHECK_EQ(path_next(&cur, s + 4, &name, &n), 1);
	CHECK_EQ(n, 3);
	CHECK(memcmp(name, "abc", 3) == 0);
	CHECK_EQ(path_next(&cur, s + 4, &name, &n), 0);
}

TEST(dots)
{
	CHECK(path_is_dot(".", 1));
	CHECK(!path_is_dot("..", 2));
	CHECK(!path_is_dot(".a", 2));
	CHECK(!path_is_dot("", 0));
	CHECK(path_is_dotdot("..", 2));
	CHECK(!path_is_dotdot(".", 1));
	CHECK(!path_is_dotdot("...", 3));
}

/* Splits s and checks every output. */
static void split_case(const char *s, int want, size_t want_dirlen,
		       const char *want_last, bool want_trailing)
{
	size_t len, dirlen = 999, lastlen = 999;
	char *p = exact(s, &len);
	const char *last = NULL;
	bool trailing = !want_trailing;
	int r = path_split(p, len, &dirlen, &last, &lastlen, &trailing);
	char got[512] = "";

	if (r == 1 && last)
		memcpy(got, last, lastlen < sizeof(got) - 1 ? lastlen : sizeof(got) - 1),
		got[lastlen < sizeof(got) - 1 ? lastlen : sizeof(got) - 1] = '\0';
	bool last_inside = r != 1 || (last >= p && last + lastlen <= p + len);
	free(p);
	if (r != want) {
		FAILF("path_split(\"%s\") = %d, want %d", s, r, want);
		return;
	}
	if (dirlen != want_dirlen) {
		FAILF("path_split(\"%s\"): dirlen %zu, want %zu", s, dirlen, want_dirlen);
		return;
	}
	if (trailing != want_trailing) {
		FAILF("path_split(\"%s\"): trailing %d", s, trailing);
		return;
	}
	if (r == 1 && (strcmp(got, want_last) != 0 || !last_inside))
		FAILF("path_split(\"%s\"): last \"%s\", want \"%s\"", s, got, want_last);
}

TEST(split)
{
	CALL(split_case("a/b/c", 1, 4, "c", false));
	CALL(split_case("/c", 1, 1, "c", false));
	CALL(split_case("/c//", 1, 1, "c", true));
	CALL(split_case("c", 1, 0, "c", false));
	CALL(split_case("c/", 1, 0, "c", true));
	CALL(split_case("//x//y///", 1, 5, "y", true));
	CALL(split_case("/", 0, 1, "", true));
	CALL(split_case("///", 0, 3, "", true));
	CALL(split_case("", 0, 0, "", false));
	CALL(split_case(".", 1, 0, ".", false));
	CALL(split_case("a/..", 1, 2, "..", false));
	CALL(split_case("/a/./", 1, 3, ".", true));
}

TEST(name_check)
{
	char name[NAME_MAX + 2];

	CHECK_EQ(path_name_check("a", 1), 0);
	CHECK_EQ(path_name_check("...", 3), 0);
	CHECK_EQ(path_name_check(".hidden", 7), 0);
	CHECK_EQ(path_name_check("", 0), -EINVAL);
	CHECK_EQ(path_name_check(".", 1), -EINVAL);
	CHECK_EQ(path_name_check("..", 2), -EINVAL);
	CHECK_EQ(path_name_check("a/b", 3), -EINVAL);
	CHECK_EQ(path_name_check("a\0b", 3), -EINVAL);
	memset(name, 'n', sizeof(name));
	CHECK_EQ(path_name_check(name, NAME_MAX), 0);
	CHECK_EQ(path_name_check(name, NAME_MAX + 1), -ENAMETOOLONG);
}

TEST(prepend)
{
	static char buf[16];
	size_t pos = 15;

	buf[15] = '\0';
	CHECK_EQ(path_prepend(buf, &pos, "c", 1), 0);
	CHECK_EQ(path_prepend(buf, &pos, "bb", 2), 0);
	CHECK_EQ(path_prepend(buf, &pos, "a", 1), 0);
	CHECK_STR(buf + pos, "/a/bb/c");
	CHECK_EQ(pos, 8);
	/* 8 bytes left: "/" + 8 does not fit and changes nothing ... */
	CHECK_EQ(path_prepend(buf, &pos, "12345678", 8), -ENAMETOOLONG);
	CHECK_EQ(pos, 8);
	CHECK_STR(buf + pos, "/a/bb/c");
	/* ... "/" + 7 fills the buffer exactly. */
	CHECK_EQ(path_prepend(buf, &pos, "1234567", 7), 0);
	CHECK_EQ(pos, 0);
	CHECK_STR(buf, "/1234567/a/bb/c");
	CHECK_EQ(path_prepend(buf, &pos, "", 0), -ENAMETOOLONG);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(next_components);
	RUN(next_name_max);
	RUN(next_respects_end);
	RUN(dots);
	RUN(split);
	RUN(name_check);
	RUN(prepend);
	return t_end();
}
