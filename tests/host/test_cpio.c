/*
 * kernel/src/fs/cpio.c: round trips through the real tools/mkinitrd, the
 * tool's own error handling, and hand-made broken archives.
 *
 * Every archive handed to the parser is copied into a malloc'ed buffer of
 * exactly its size, so AddressSanitizer reports any read past the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>
#include "test.h"
#include "fs/cpio.h"

#ifndef MKINITRD
#error "build with -DMKINITRD=\"path/to/mkinitrd\" (see host.mk)"
#endif

static char tmpdir[256];

/* ---- helpers ----------------------------------------------------------- */

static void *exact_copy(const void *p, size_t n)
{
	void *c = malloc(n ? n : 1);
	memcpy(c, p, n);
	return c;
}

/* A path in the scratch directory.  The result lives in a ring of buffers:
 * it stays valid for the next 31 calls, plenty for one test case. */
static char *tmp_path(const char *name)
{
	static char buf[32][512];
	static int k;
	char *b = buf[k++ % 32];
	snprintf(b, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return b;
}

static void write_host_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(tmp_path(name), "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(name);
		exit(2);
	}
}

/* Whole file into an exactly sized buffer; NULL if it cannot be read. */
static void *read_host_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	void *p = malloc(n ? (size_t)n : 1);
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(p);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return p;
}

/* Runs mkinitrd with the given arguments (NULL-terminated); returns its
 * exit status, or -1 if it died of a signal. */
static int run_tool(bool quiet, const char *const *args)
{
	const char *argv[32];
	int n = 0;

	argv[n++] = MKINITRD;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- hand-made archives ------------------------------------------------ */

struct arc {
	char  *buf;
	size_t len;
};

static void arc_put(struct arc *a, const void *p, size_t n)
{
	a->buf = realloc(a->buf, a->len + n + 1);
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void arc_pad(struct arc *a)
{
	while (a->len % 4)
		arc_put(a, "", 1);
}

/* An entry with the given name (namesize = strlen + 1) and data; lower-case
 * hex, unlike mkinitrd, so both spellings are covered. */
static void arc_entry(struct arc *a, const char *name, unsigned mode,
		      unsigned ino, const void *data, size_t size)
{
	char h[111];
	snprintf(h, sizeof(h),
		 "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 ino, mode, 0u, 0u, 1u, 0x5f5e100u, (unsigned)size, 0u, 0u, 0u, 0u,
		 (unsigned)strlen(name) + 1, 0u);
	arc_put(a, h, 110);
	arc_put(a, name, strlen(name) + 1);
	arc_pad(a);
	arc_put(a, data, size);
	arc_pad(a);
}

static void arc_trailer(struct arc *a)
{
	arc_entry(a, "TRAILER!!!", 0, 0, "", 0);
}

/* Overwrites header field i (0 = ino ... 12 = check) at header offset. */
static void set_field(char *buf, size_t hdr, int i, const char *eight)
{
	memcpy(buf + hdr + 6 + 8 * i, eight, 8);
}

/* Walks a whole archive (from an exact copy); returns the last result of
 * cpio_next (0 or -1) and the number of entries before it. */
static int walk(const void *buf, size_t len, int *entries)
{
	void *c = exact_copy(buf, len);
	struct cpio_entry e;
	size_t pos = 0;
	int r, n = 0;

	while ((r = cpio_next(c, len, &pos, &e)) == 1) {
		/* Whatever the parser hands out must lie inside the archive. */
		const char *lo = c, *hi = lo + len;
		if (e.name < lo || e.name + e.namelen >= hi ||
		    (const char *)e.data < lo || (const char *)e.data + e.size > hi ||
		    strlen(e.name) != e.namelen) {
			r = 99;
			break;
		}
		if (++n > 10000)
			break;
	}
	free(c);
	if (entries)
		*entries = n;
	return r;
}

/* A small valid archive: "./etc/motd" (5 bytes), "/bin/x" (0 bytes),
 * "d" a directory, trailer.  Offsets of the headers are returned. */
static struct arc sample(size_t hdr[4])
{
	struct arc a = { NULL, 0 };
	hdr[0] = a.len;
	arc_entry(&a, "./etc/motd", 0100644, 1, "hello", 5);
	hdr[1] = a.len;
	arc_entry(&a, "/bin/x", 0100755, 2, "", 0);
	hdr[2] = a.len;
	arc_entry(&a, "d", 040755, 3, "", 0);
	hdr[3] = a.len;
	arc_trailer(&a);
	return a;
}

/* ---- round trip through mkinitrd --------------------------------------- */

struct want {
	const char *name;
	uint32_t    mode;
	const char *host;   /* NULL for a directory */
};

TEST(mkinitrd_round_trip)
{
	/* Sizes 0..5 exercise every padding, plus binary data and a big file. */
	static const char bin[] = "\x7f" "ELF\0\0\xff\x01";
	char *big = malloc(100003);
	for (size_t i = 0; i < 100003; i++)
		big[i] = (char)(i * 31 + i / 256);
	write_host_file("empty", "", 0);
	write_host_file("one", "1", 1);
	write_host_file("four", "four", 4);
	write_host_file("five", "fives", 5);
	write_host_file("bin", bin, sizeof(bin) - 1);
	write_host_file("big", big, 100003);
	free(big);

	char *out = tmp_path("rt.cpio");
	char a1[600], a2[600], a3[600], a4[600], a5[600], a6[600];
	snprintf(a1, sizeof(a1), "/bin/init=%s", tmp_path("bin"));
	snprintf(a2, sizeof(a2), "/bin/empty=%s", tmp_path("empty"));
	snprintf(a3, sizeof(a3), "/a/b/c/one=%s", tmp_path("one"));
	snprintf(a4, sizeof(a4), "/a/four=%s", tmp_path("four"));
	snprintf(a5, sizeof(a5), "etc/five=%s", tmp_path("five"));   /* no "/" */
	snprintf(a6, sizeof(a6), "/big=%s", tmp_path("big"));
	const char *args[] = { out, a1, a2, a3, a4, a5, a6, NULL };
	CHECK_EQ(run_tool(false, args), 0);

	static const struct want want[] = {
		{ "bin", 040755, NULL },
		{ "a", 040755, NULL },
		{ "a/b", 040755, NULL },
		{ "a/b/c", 040755, NULL },
		{ "etc", 040755, NULL },
		{ "bin/init", 0100755, "bin" },
		{ "bin/empty", 0100755, "empty" },
		{ "a/b/c/one", 0100755, "one" },
		{ "a/four", 0100755, "four" },
		{ "etc/five", 0100755, "five" },
		{ "big", 0100755, "big" },
	};
	size_t size;
	char *arc = read_host_file(out, &size);
	CHECK(arc != NULL);
	CHECK_EQ(size % 4, 0);

	size_t pos = 0;
	struct cpio_entry e;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int r = cpio_next(arc, size, &pos, &e);
		if (r != 1) {
			FAILF("entry %zu (%s): cpio_next returned %d", i, want[i].name, r);
			free(arc);
			return;
		}
		bool ok = strcmp(e.name, want[i].name) == 0 &&
			  e.namelen == strlen(want[i].name) &&
			  e.mode == want[i].mode && e.ino == i + 1 && e.mtime == 0;
		if (ok && want[i].host) {
			size_t hn;
			void *h = read_host_file(tmp_path(want[i].host), &hn);
			ok = h && hn == e.size && memcmp(h, e.data, hn) == 0;
			free(h);
		} else if (ok) {
			ok = e.size == 0;
		}
		if (!ok) {
			FAILF("entry %zu: got \"%s\" mode %o ino %u size %zu, want \"%s\"",
			      i, e.name, e.mode, e.ino, e.size, want[i].name);
			free(arc);
			return;
		}
	}
	int r1 = cpio_next(arc, size, &pos, &e);   /* the trailer */
	int r2 = cpio_next(arc, size, &pos, &e);   /* and it stays there */
	free(arc);
	CHECK_EQ(r1, 0);
	CHECK_EQ(r2, 0);
}

TEST(mkinitrd_find)
{
	write_host_file("init", "#!init", 6);
	write_host_file("sh", "shell!!", 7);
	char *out = tmp_path("find.cpio");
	char a1[600], a2[600];
	snprintf(a1, sizeof(a1), "/bin/init=%s", tmp_path("init"));
	snprintf(a2, sizeof(a2), "/bin/sh=%s", tmp_path("sh"));
	const char *args[] = { out, a1, a2, NULL };
	CHECK_EQ(run_tool(false, args), 0);

	size_t size;
	char *arc = read_host_file(out, &size);
	CHECK(arc != NULL);
	struct cpio_entry e;
	int r[8];
	r[0] = cpio_find(arc, size, "/bin/init", &e);
	bool init_ok = r[0] == 0 && e.size == 6 && memcmp(e.data, "#!init", 6) == 0;
	r[1] = cpio_find(arc, size, "bin/init", &e);
	r[2] = cpio_find(arc, size, "./bin/init", &e);
	r[3] = cpio_find(arc, size, "/bin/sh", &e);
	bool sh_ok = r[3] == 0 && e.size == 7 && memcmp(e.data, "shell!!", 7) == 0;
	r[4] = cpio_find(arc, size, "/bin", &e);
	bool dir_ok = r[4] == 0 && e.mode == 040755;
	r[5] = cpio_find(arc, size, "/bin/ini", &e);       /* a prefix */
	r[6] = cpio_find(arc, size, "/bin/init/x", &e);
	r[7] = cpio_find(arc, size, "TRAILER!!!", &e);     /* not an entry */
	free(arc);
	CHECK(init_ok);
	CHECK_EQ(r[1], 0);
	CHECK_EQ(r[2], 0);
	CHECK(sh_ok);
	CHECK(dir_ok);
	CHECK_EQ(r[5], -1);
	CHECK_EQ(r[6], -1);
	CHECK_EQ(r[7], -1);
}

TEST(mkinitrd_deterministic)
{
	write_host_file("d1", "same bytes", 10);
	char a1[600], a2[600];
	snprintf(a1, sizeof(a1), "/x/y=%s", tmp_path("d1"));
	snprintf(a2, sizeof(a2), "/z=%s", tmp_path("d1"));
	const char *args1[] = { tmp_path("det1.cpio"), a1, a2, NULL };
	const char *args2[] = { tmp_path("det2.cpio"), a1, a2, NULL };
	CHECK_EQ(run_tool(false, args1), 0);
	/* A different mtime on the host file must not matter. */
	struct utimbuf tb = { .actime = 1000000000, .modtime = 1000000000 };
	CHECK_EQ(utime(tmp_path("d1"), &tb), 0);
	CHECK_EQ(run_tool(false, args2), 0);

	size_t n1, n2;
	char *p1 = read_host_file(tmp_path("det1.cpio"), &n1);
	char *p2 = read_host_file(tmp_path("det2.cpio"), &n2);
	bool same = p1 && p2 && n1 == n2 && memcmp(p1, p2, n1) == 0;
	free(p1);
	free(p2);
	CHECK(same);

	/* An archive with no files at all is just the trailer. */
	const char *args3[] = { tmp_path("empty.cpio"), NULL };
	CHECK_EQ(run_tool(false, args3), 0);
	char *p3 = read_host_file(tmp_path("empty.cpio"), &n1);
	CHECK(p3 != NULL);
	int entries, r = walk(p3, n1, &entries);
	free(p3);
	CHECK_EQ(r, 0);
	CHECK_EQ(entries, 0);
}

/* Each bad invocation exits 1 and leaves no output file behind. */
TEST(mkinitrd_errors)
{
	write_host_file("ok", "ok", 2);
	char good[600], missing[600], dup[600], conflict[600];
	snprintf(good, sizeof(good), "/bin/ok=%s", tmp_path("ok"));
	snprintf(missing, sizeof(missing), "/bin/no=%s", tmp_path("does-not-exist"));
	snprintf(dup, sizeof(dup), "bin/ok=%s", tmp_path("ok"));
	snprintf(conflict, sizeof(conflict), "/bin=%s", tmp_path("ok"));
	char *out = tmp_path("err.cpio");
	char dotdot[600], dot[600], slash[600], empty[600], trailing[600];
	snprintf(dotdot, sizeof(dotdot), "/a/../b=%s", tmp_path("ok"));
	snprintf(dot, sizeof(dot), "/a/./b=%s", tmp_path("ok"));
	snprintf(slash, sizeof(slash), "/a//b=%s", tmp_path("ok"));
	snprintf(empty, sizeof(empty), "/=%s", tmp_path("ok"));
	snprintf(trailing, sizeof(trailing), "/a/=%s", tmp_path("ok"));

	const char *const cases[][4] = {
		{ NULL },                                   /* no output named */
		{ out, good, missing, NULL },               /* unreadable file */
		{ out, "no-equals-sign", NULL },
		{ out, "/bin/x=", NULL },                   /* no host file */
		{ out, good, dup, NULL },                   /* the same path twice */
		{ out, good, conflict, NULL },              /* file and directory */
		{ out, dotdot, NULL },
		{ out, dot, NULL },
		{ out, slash, NULL },
		{ out, empty, NULL },
		{ out, trailing, NULL },
		{ tmp_path("no-such-dir/out.cpio"), good, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unlink(out);
		int st = run_tool(true, cases[i]);
		if (st != 1) {
			FAILF("case %zu (%s): exit status %d, want 1", i,
			      cases[i][0] && cases[i][1] ? cases[i][1] : "-", st);
			return;
		}
		if (access(out, F_OK) == 0) {
			FAILF("case %zu: left a partial archive behind", i);
			return;
		}
	}
}

/* ---- hand-made archives ------------------------------------------------ */

TEST(handmade_valid)
{
	size_t hdr[4];
	struct arc a = sample(hdr);
	char *c = exact_copy(a.buf, a.len);
	size_t pos = 0;
	struct cpio_entry e;
	int r[5];

	r[0] = cpio_next(c, a.len, &pos, &e);
	bool motd = r[0] == 1 && strcmp(e.name, "etc/motd") == 0 && e.namelen == 8 &&
		    e.size == 5 && memcmp(e.data, "hello", 5) == 0 &&
		    e.mode == 0100644 && e.ino == 1 && e.mtime == 100000000 &&
		    pos == hdr[1];
	r[1] = cpio_next(c, a.len, &pos, &e);
	bool x = r[1] == 1 && strcmp(e.name, "bin/x") == 0 && e.namelen == 5 &&
		 e.size == 0 && pos == hdr[2];
	r[2] = cpio_next(c, a.len, &pos, &e);
	bool d = r[2] == 1 && strcmp(e.name, "d") == 0 && e.mode == 040755;
	r[3] = cpio_next(c, a.len, &pos, &e);
	r[4] = cpio_find(c, a.len, "etc/motd", &e);
	free(c);
	free(a.buf);
	CHECK(motd);
	CHECK(x);
	CHECK(d);
	CHECK_EQ(r[3], 0);
	CHECK_EQ(r[4], 0);
}

/* Names as `find . | cpio -o -H newc` writes them. */
TEST(handmade_dot_names)
{
	struct arc a = { NULL, 0 };
	arc_entry(&a, ".", 040755, 1, "", 0);
	arc_entry(&a, "./bin", 040755, 2, "", 0);
	arc_entry(&a, "./bin/x", 0100755, 3, "x!", 2);
	arc_entry(&a, ".hidden", 0100644, 4, "h", 1);
	arc_entry(&a, "/./abs", 0100644, 5, "a", 1);
	arc_trailer(&a);
	char *c = exact_copy(a.buf, a.len);
	struct cpio_entry e;
	size_t pos = 0;
	static const char *want[] = { "", "bin", "bin/x", ".hidden", "abs" };
	bool ok = true;
	for (int i = 0; i < 5 && ok; i++)
		ok = cpio_next(c, a.len, &pos, &e) == 1 && strcmp(e.name, want[i]) == 0 &&
		     e.namelen == strlen(want[i]);
	int r[4];
	r[0] = cpio_find(c, a.len, "/bin/x", &e);
	bool x_ok = r[0] == 0 && e.size == 2 && memcmp(e.data, "x!", 2) == 0;
	r[1] = cpio_find(c, a.len, "/", &e);
	bool root_ok = r[1] == 0 && e.ino == 1;
	r[2] = cpio_find(c, a.len, "hidden", &e);
	r[3] = cpio_find(c, a.len, "./.hidden", &e);
	free(c);
	free(a.buf);
	CHECK(ok);
	CHECK(x_ok);
	CHECK(root_ok);
	CHECK_EQ(r[2], -1);
	CHECK_EQ(r[3], 0);
}

TEST(handmade_no_trailer)
{
	/* Without a trailer the exact end of the data is the end. */
	struct arc a = { NULL, 0 };
	arc_entry(&a, "f", 0100644, 1, "abcd", 4);
	int n, r = walk(a.buf, a.len, &n);
	CHECK_EQ(r, 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(walk(a.buf, 0, &n), 0);           /* empty archive */
	CHECK_EQ(n, 0);
	free(a.buf);
}

/* Every prefix of a valid archive: never an out-of-bounds read, never an
 * entry past the cut; only a cut at an entry boundary is a clean end. */
TEST(truncated_everywhere)
{
	size_t hdr[4];
	struct arc a = sample(hdr);

	for (size_t len = 0; len < a.len; len++) {
		int n, r = walk(a.buf, len, &n);
		bool boundary = len == hdr[0] || len == hdr[1] ||
				len == hdr[2] || len == hdr[3];
		if (r != (boundary ? 0 : -1)) {
			FAILF("cut at %zu of %zu: result %d after %d entries", len, a.len, r, n);
			free(a.buf);
			return;
		}
	}
	free(a.buf);
}

TEST(truncated_header)
{
	size_t hdr[4];
	struct arc a = sample(hdr);
	struct cpio_entry e;

	for (size_t len = 1; len < 110; len++) {
		char *c = exact_copy(a.buf, len);
		size_t pos = 0;
		int r = cpio_next(c, len, &pos, &e);
		free(c);
		CHECK_EQ(r, -1);
	}
	free(a.buf);
}

TEST(bad_magic)
{
	static const char *magics[] = { "070702", "070707", "707010", "07070 ", "\0\0\0\0\0\0" };

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		size_t hdr[4];
		struct arc a = sample(hdr);
		memcpy(a.buf + hdr[1], magics[i], 6);   /* the second entry */
		int n, r = walk(a.buf, a.len, &n);
		free(a.buf);
		CHECK_EQ(r, -1);
		CHECK_EQ(n, 1);
	}
}

/* A non-hex character in any of the 13 fields, at either end of it. */
TEST(bad_hex)
{
	static const char bad[] = { 'g', 'G', ' ', '-', 'x', '\0', '+' };

	for (int field = 0; field < 13; field++)
		for (size_t b = 0; b < sizeof(bad); b++)
			for (int at = 0; at < 8; at += 7) {
				size_t hdr[4];
				struct arc a = sample(hdr);
				a.buf[hdr[0] + 6 + 8 * field + at] = bad[b];
				int n, r = walk(a.buf, a.len, &n);
				free(a.buf);
				if (r != -1 || n != 0) {
					FAILF("field %d byte %d = %#x: result %d", field, at, bad[b], r);
					return;
				}
			}
}

TEST(bad_name_size)
{
	static const char *sizes[] = {
		"FFFFFFFF",   /* far past the end */
		"00000000",   /* no room even for the NUL */
		"00000200",   /* past the end of this small archive */
		"0000000A",   /* one short: the NUL is not the last byte */
		"0000000C",   /* one long: the NUL is not the last byte */
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t hdr[4];
		struct arc a = sample(hdr);
		set_field(a.buf, hdr[0], 11, sizes[i]);
		int n, r = walk(a.buf, a.len, &n);
		free(a.buf);
		if (r != -1 || n != 0) {
			FAILF("namesize %s: result %d after %d entries", sizes[i], r, n);
			return;
		}
	}

	/* The name runs exactly to the end of the archive: no room for it. */
	struct arc b = { NULL, 0 };
	arc_entry(&b, "abc", 0100644, 1, "", 0);
	b.len = 110 + 3;                            /* cut before the NUL */
	int n, r = walk(b.buf, b.len, &n);
	CHECK_EQ(r, -1);

	/* A NUL inside the name. */
	struct arc c = { NULL, 0 };
	arc_entry(&c, "abc", 0100644, 1, "", 0);
	c.buf[111] = '\0';
	r = walk(c.buf, c.len, &n);
	free(b.buf);
	free(c.buf);
	CHECK_EQ(r, -1);
}

TEST(bad_file_size)
{
	static const char *sizes[] = {
		"FFFFFFFF",
		"FFFFFFFC",
		"00001000",
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t hdr[4];
		struct arc a = sample(hdr);
		set_field(a.buf, hdr[0], 6, sizes[i]);
		int n, r = walk(a.buf, a.len, &n);
		free(a.buf);
		if (r != -1 || n != 0) {
			FAILF("filesize %s: result %d after %d entries", sizes[i], r, n);
			return;
		}
	}

	/* The data of the last entry ends exactly at the end: fine.  One
	 * byte more in the size: past the end. */
	struct arc b = { NULL, 0 };
	arc_entry(&b, "abc", 0100644, 1, "12345678", 8);
	int n, r = walk(b.buf, b.len, &n);
	CHECK_EQ(r, 0);
	CHECK_EQ(n, 1);
	set_field(b.buf, 0, 6, "00000009");
	r = walk(b.buf, b.len, &n);
	free(b.buf);
	CHECK_EQ(r, -1);
	CHECK_EQ(n, 0);
}

TEST(bad_position)
{
	size_t hdr[4];
	struct arc a = sample(hdr);
	char *c = exact_copy(a.buf, a.len);
	struct cpio_entry e;
	size_t pos;
	int r[4];

	pos = 2;            r[0] = cpio_next(c, a.len, &pos, &e);   /* unaligned */
	pos = a.len + 4;    r[1] = cpio_next(c, a.len, &pos, &e);   /* past the end */
	pos = (size_t)-4;   r[2] = cpio_next(c, a.len, &pos, &e);
	pos = hdr[1];       r[3] = cpio_next(c, a.len, &pos, &e);   /* a real header */
	free(c);
	free(a.buf);
	CHECK_EQ(r[0], -1);
	CHECK_EQ(r[1], -1);
	CHECK_EQ(r[2], -1);
	CHECK_EQ(r[3], 1);

	/* A well-formed header at an offset that is not a multiple of 4: the
	 * padding is relative to the archive start, so this is no archive. */
	struct arc b = { NULL, 0 };
	arc_put(&b, "xx", 2);
	arc_entry(&b, "f", 0100644, 1, "data", 4);
	c = exact_copy(b.buf, b.len);
	pos = 2;
	int r4 = cpio_next(c, b.len, &pos, &e);
	free(c);
	free(b.buf);
	CHECK_EQ(r4, -1);
}

TEST(find_in_malformed)
{
	size_t hdr[4];
	struct arc a = sample(hdr);
	struct cpio_entry e;

	/* "d" comes after a broken entry: not found, as an error. */
	memcpy(a.buf + hdr[1], "XXXXXX", 6);
	char *c = exact_copy(a.buf, a.len);
	int r1 = cpio_find(c, a.len, "d", &e);
	int r2 = cpio_find(c, a.len, "etc/motd", &e);   /* before it: found */
	free(c);
	free(a.buf);
	CHECK_EQ(r1, -1);
	CHECK_EQ(r2, 0);
}

/* Every byte of a valid archive replaced by several values: the parser
 * may accept or reject, but every entry it returns is inside the buffer
 * (checked by walk) and ASan sees no stray read. */
TEST(mutation_fuzz)
{
	static const unsigned char vals[] = { 0x00, '0', '7', '9', 'F', 'f', 'g', 0xff };
	size_t hdr[4];
	struct arc a = sample(hdr);

	for (size_t i = 0; i < a.len; i++)
		for (size_t v = 0; v < sizeof(vals); v++) {
			char saved = a.buf[i];
			a.buf[i] = (char)vals[v];
			int r = walk(a.buf, a.len, NULL);
			a.buf[i] = saved;
			if (r != 0 && r != -1 && r != 1) {
				FAILF("byte %zu = %#x: entry outside the archive (%d)", i, vals[v], r);
				free(a.buf);
				return;
			}
		}
	free(a.buf);
}

/* ---- main -------------------------------------------------------------- */

static void cleanup(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (tmpdir[0] && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);

	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/aurora-cpio-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}

	RUN(mkinitrd_round_trip);
	RUN(mkinitrd_find);
	RUN(mkinitrd_deterministic);
	RUN(mkinitrd_errors);
	RUN(handmade_valid);
	RUN(handmade_dot_names);
	RUN(handmade_no_trailer);
	RUN(truncated_everywhere);
	RUN(truncated_header);
	RUN(bad_magic);
	RUN(bad_hex);
	RUN(bad_name_size);
	RUN(bad_file_size);
	RUN(bad_position);
	RUN(find_in_malformed);
	RUN(mutation_fuzz);

	cleanup();
	return t_end();
}
