/*
 * The file system under load, in the spirit of xv6's usertests: several
 * processes writing at once, creating and deleting in one directory at
 * once, a deep tree, a large file, a directory of thousands of entries,
 * filling memory with a file until tmpfs says it is full, and random calls.
 */
#include "ut.h"

/* The number in a name like "c07" (prefix c), or -1 if it is not one. */
static int name_number(const char *name, char prefix)
{
	if (name[0] != prefix || name[1] == '\0')
		return -1;
	for (const char *p = name + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return atoi(name + 1);
}

/* A byte that depends on the file and the offset, so misplaced data shows. */
static char pattern(int file, long off)
{
	return (char)((off * 31 + file * 101 + (off >> 12)) & 0xff);
}

void test_concurrent_writers(void)
{
	enum { NPROC = 4, SIZE = 64 * 1024, CHUNK = 1000 };
	pid_t pids[NPROC];
	char name[16];

	ut_enter_dir();
	for (int i = 0; i < NPROC; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0) {
			static char chunk[CHUNK];
			snprintf(name, sizeof(name), "w%d", i);
			int fd = (int)MUST(sys_open(name, OPEN_WRITE));
			for (long off = 0; off < SIZE; off += CHUNK) {
				long n = off + CHUNK <= SIZE ? CHUNK : SIZE - off;
				for (long k = 0; k < n; k++)
					chunk[k] = pattern(i, off + k);
				EXPECT_EQ(sys_write(fd, chunk, n), n, "write");
				if (off % (8 * CHUNK) == 0)
					sys_yield();      /* let the others in between */
			}
			MUST(sys_close(fd));
			exit(0);
		}
	}
	for (int i = 0; i < NPROC; i++)
		CHECK(ut_wait(pids[i]) == 0, "writer %d failed", i);
	static char back[SIZE];
	for (int i = 0; i < NPROC; i++) {
		snprintf(name, sizeof(name), "w%d", i);
		EXPECT_EQ(ut_read_file(name, back, SIZE), SIZE, "size of a written file");
		for (long off = 0; off < SIZE; off++)
			CHECK(back[off] == pattern(i, off), "%s: byte %ld is wrong", name, off);
	}
	ut_leave_dir();
}

/*
 * xv6's concreate, with listings on top: several processes create and
 * delete the same names in one directory at once, while the parent lists
 * it.  A listing must never show a broken record or one entry twice (a
 * name may come twice, as two different files, when it was removed and
 * made again meanwhile; inode numbers are never reused, so the pair name,
 * inode is unique).  At the end every name exists or not, once.
 */
void test_concurrent_dir(void)
{
	enum { NPROC = 4, NNAMES = 40, ROUNDS = 6 };
	pid_t pids[NPROC];
	char name[16];

	ut_enter_dir();
	for (int p = 0; p < NPROC; p++) {
		pids[p] = ut_fork();
		if (pids[p] == 0) {
			for (int r = 0; r < ROUNDS; r++) {
				for (int i = 0; i < NNAMES; i++) {
					snprintf(name, sizeof(name), "c%02d", i);
					if ((i + p + r) % 3 == 0) {
						long u = sys_unlink(name);
						CHECK(u == 0 || u == -ENOENT, "unlink %s: %ld", name, u);
					} else {
						long fd = sys_open(name, O_WRITE | O_CREATE);
						CHECK(fd >= 0, "create %s: %ld", name, fd);
						sys_write((int)fd, "x", 1);
						MUST(sys_close((int)fd));
					}
				}
				sys_yield();
			}
			exit(0);
		}
	}
	/* List while they work. */
	char buf[512];
	for (int round = 0; round < 20; round++) {
		uint64_t ino[NNAMES][8];
		int count[NNAMES] = { 0 };
		int fd = (int)MUST(sys_open(".", O_READ));
		long n;
		while ((n = sys_getdents(fd, buf, sizeof(buf))) > 0) {
			for (long off = 0; off < n; ) {
				struct dirent_rec *r = (struct dirent_rec *)(buf + off);
				CHECK(r->d_reclen >= 16 && r->d_reclen % 8 == 0 && off + r->d_reclen <= n,
				      "a broken record (reclen %u)", r->d_reclen);
				int i = name_number(r->d_name, 'c');
				if (i >= 0) {
					CHECK(i < NNAMES, "name %s", r->d_name);
					for (int k = 0; k < count[i] && k < 8; k++)
						CHECK(ino[i][k] != r->d_ino, "%s (inode %lu) listed twice",
						      r->d_name, r->d_ino);
					if (count[i] < 8)
						ino[i][count[i]] = r->d_ino;
					count[i]++;
				} else {
					CHECK(strcmp(r->d_name, ".") == 0 || strcmp(r->d_name, "..") == 0,
					      "unexpected name %s", r->d_name);
				}
				off += r->d_reclen;
			}
			sys_yield();
		}
		CHECK(n == 0, "getdents: %ld", n);
		MUST(sys_close(fd));
	}
	for (int p = 0; p < NPROC; p++)
		CHECK(ut_wait(pids[p]) == 0, "worker %d failed", p);
	/* Now still: each name is listed once if stat finds it, else not. */
	int listed[NNAMES] = { 0 };
	int fd = (int)MUST(sys_open(".", O_READ));
	long n;
	while ((n = sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; ) {
			struct dirent_rec *r = (struct dirent_rec *)(buf + off);
			int i = name_number(r->d_name, 'c');
			if (i >= 0 && i < NNAMES)
				listed[i]++;
			off += r->d_reclen;
		}
	}
	MUST(sys_close(fd));
	for (int i = 0; i < NNAMES; i++) {
		struct stat st;
		snprintf(name, sizeof(name), "c%02d", i);
		long r = sys_stat(name, &st);
		CHECK(r == 0 || r == -ENOENT, "stat %s: %ld", name, r);
		EXPECT_EQ(listed[i], r == 0, "times the name is listed");
		if (r == 0)
			CHECK(S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_size == 1,
			      "%s: mode %#o nlink %u size %lu", name, st.st_mode, st.st_nlink,
			      st.st_size);
	}
	ut_leave_dir();
}

/* 50 directories deep, then back up, removing each. */
void test_deep_tree(void)
{
	enum { DEPTH = 50 };
	char buf[512], want[512];
	struct stat st;

	const char *dir = ut_enter_dir();
	for (int i = 0; i < DEPTH; i++) {
		MUST(sys_mkdir("d", 0755));
		MUST(sys_chdir("d"));
	}
	ut_write_file("bottom", "deep", 4);
	long n = MUST(sys_getcwd(buf, sizeof(buf)));
	EXPECT_EQ(n, (long)strlen(dir) + 2 * DEPTH, "length of the deep cwd");
	/* The same file by its full path from the top. */
	size_t len = (size_t)snprintf(want, sizeof(want), "%s", dir);
	for (int i = 0; i < DEPTH; i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len, "/d");
	CHECK(strcmp(buf, want) == 0, "getcwd %s", buf);
	snprintf(want + len, sizeof(want) - len, "/bottom");
	MUST(sys_stat(want, &st));
	EXPECT_EQ(st.st_size, 4, "size of the bottom file");
	/* And from the bottom, ".." all the way up. */
	len = 0;
	for (int i = 0; i < DEPTH; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "../");
	struct stat top;
	MUST(sys_stat(buf, &st));
	MUST(sys_stat(dir, &top));
	EXPECT_EQ(st.st_ino, top.st_ino, "50 times .. from the bottom");

	MUST(sys_unlink("bottom"));
	for (int i = 0; i < DEPTH; i++) {
		MUST(sys_chdir(".."));
		EXPECT_EQ(sys_rmdir("d"), 0, "rmdir on the way up");
	}
	MUST(sys_getcwd(buf, sizeof(buf)));
	CHECK(strcmp(buf, dir) == 0, "back at %s, not %s", buf, dir);

	/* Deeper than PATH_MAX: reachable step by step, but getcwd cannot
	 * name it (ENAMETOOLONG) until we are back within the limit. */
	char name[201];
	memset(name, 'L', 200);
	name[200] = '\0';
	int levels = PATH_MAX / 201 + 1;
	for (int i = 0; i < levels; i++) {
		MUST(sys_mkdir(name, 0755));
		MUST(sys_chdir(name));
	}
	char *big = malloc(2 * PATH_MAX);
	CHECK(big != NULL, "malloc");
	EXPECT_EQ(sys_getcwd(big, 2 * PATH_MAX), -ENAMETOOLONG, "getcwd deeper than PATH_MAX");
	ut_write_file("f", "x", 1);
	MUST(sys_unlink("f"));
	for (int i = 0; i < levels; i++) {
		MUST(sys_chdir(".."));
		MUST(sys_rmdir(name));
	}
	EXPECT_EQ(sys_getcwd(big, 2 * PATH_MAX), (long)strlen(dir), "getcwd back at the top");
	free(big);
	ut_leave_dir();
}

/* 4 MiB written and read back in pieces of odd sizes. */
void test_large_file(void)
{
	enum { SIZE = 4 << 20 };
	ut_enter_dir();
	char *buf = malloc(SIZE);
	CHECK(buf != NULL, "malloc 4 MiB");
	for (long i = 0; i < SIZE; i++)
		buf[i] = pattern(7, i);
	long free0 = sys_kinfo(KINFO_FREE_PAGES);

	int fd = (int)MUST(sys_open("big", OPEN_WRITE));
	/* One write of 1 MiB, then pieces that straddle pages. */
	EXPECT_EQ(sys_write(fd, buf, 1 << 20), 1 << 20, "a 1 MiB write");
	for (long off = 1 << 20; off < SIZE; ) {
		long n = off + 12345 <= SIZE ? 12345 : SIZE - off;
		EXPECT_EQ(sys_write(fd, buf + off, n), n, "write");
		off += n;
	}
	MUST(sys_close(fd));
	struct stat st;
	MUST(sys_stat("big", &st));
	EXPECT_EQ(st.st_size, SIZE, "size");
	long used = free0 - sys_kinfo(KINFO_FREE_PAGES);
	CHECK(used >= SIZE / 4096 && used <= SIZE / 4096 + 16,
	      "4 MiB of data took %ld pages", used);

	fd = (int)MUST(sys_open("big", O_READ));
	char piece[5000];
	for (long off = 0; off < SIZE; ) {
		long n = sys_read(fd, piece, 4099);
		CHECK(n > 0, "read at %ld: %ld", off, n);
		CHECK(memcmp(piece, buf + off, (size_t)n) == 0, "data differs near %ld", off);
		off += n;
	}
	EXPECT_EQ(sys_read(fd, piece, 1), 0, "EOF");
	/* Random places, and one read of everything. */
	for (int k = 0; k < 50; k++) {
		long off = (long)((k * 2654435761u) % SIZE);
		EXPECT_EQ(sys_lseek(fd, off, SEEK_SET), off, "lseek");
		long n = sys_read(fd, piece, sizeof(piece));
		CHECK(n > 0 && memcmp(piece, buf + off, (size_t)n) == 0, "data at %ld", off);
	}
	char *all = malloc(SIZE);
	CHECK(all != NULL, "malloc");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "rewind");
	EXPECT_EQ(sys_read(fd, all, SIZE), SIZE, "one read of 4 MiB");
	CHECK(memcmp(all, buf, SIZE) == 0, "the 4 MiB read differs");
	MUST(sys_close(fd));
	free(all);
	free(buf);
	MUST(sys_unlink("big"));
	CHECK(sys_kinfo(KINFO_FREE_PAGES) >= free0, "pages not back after unlink: %ld -> %ld",
	      free0, sys_kinfo(KINFO_FREE_PAGES));
	ut_leave_dir();
}

/* 2000 entries in one directory: made, found, listed once each, removed. */
void test_many_entries(void)
{
	enum { N = 2000 };
	char name[16];
	static unsigned char seen[N];

	ut_enter_dir();
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "e%04d", i);
		int fd = (int)MUST(sys_open(name, O_WRITE | O_CREATE | O_EXCL));
		MUST(sys_close(fd));
	}
	struct stat st;
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_size, N, "entries counted in a directory's size");
	for (int i = 0; i < N; i += 97) {
		snprintf(name, sizeof(name), "e%04d", i);
		MUST(sys_stat(name, &st));
	}
	int fd = (int)MUST(sys_open(".", O_READ));
	char buf[2048];
	long n;
	int total = 0;
	while ((n = sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; ) {
			struct dirent_rec *r = (struct dirent_rec *)(buf + off);
			int i = name_number(r->d_name, 'e');
			if (i >= 0) {
				CHECK(i >= 0 && i < N && !seen[i], "%s seen twice", r->d_name);
				seen[i] = 1;
				total++;
			}
			off += r->d_reclen;
		}
	}
	EXPECT_EQ(n, 0, "getdents");
	EXPECT_EQ(total, N, "entries listed");
	MUST(sys_close(fd));
	/* Remove every other one, then the rest. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = pass; i < N; i += 2) {
			snprintf(name, sizeof(name), "e%04d", i);
			MUST(sys_unlink(name));
		}
	}
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_size, 0, "size after removing everything");
	ut_leave_dir();
}

/*
 * Fill memory with one file until tmpfs says it is full (ENOSPC), then
 * give it all back.  The file is unlinked first and only held open, so
 * that closing it frees everything without needing any memory.
 */
void test_fs_full(void)
{
	enum { CHUNK = 1 << 20 };
	ut_enter_dir();
	char *chunk = malloc(CHUNK);
	CHECK(chunk != NULL, "malloc");
	memset(chunk, 'F', CHUNK);
	int fd = (int)MUST(sys_open("full", OPEN_WRITE));
	MUST(sys_unlink("full"));
	long free0 = sys_kinfo(KINFO_FREE_PAGES);
	long total = 0, r;
	while ((r = sys_write(fd, chunk, CHUNK)) == CHUNK)
		total += r;
	if (r > 0) {                         /* the last, partial write */
		total += r;
		r = sys_write(fd, chunk, CHUNK);
	}
	EXPECT_EQ(r, -ENOSPC, "write to a full tmpfs");
	CHECK(total > 32 * CHUNK, "only %ld bytes fit", total);
	struct stat st;
	MUST(sys_fstat(fd, &st));
	EXPECT_EQ(st.st_size, total, "size of the full file");
	CHECK(sys_kinfo(KINFO_FREE_PAGES) < free0 / 100 + 16, "%ld pages still free",
	      sys_kinfo(KINFO_FREE_PAGES));
	MUST(sys_close(fd));
	CHECK(sys_kinfo(KINFO_FREE_PAGES) >= free0, "pages after the close: %ld, before %ld",
	      sys_kinfo(KINFO_FREE_PAGES), free0);
	free(chunk);
	ut_leave_dir();
}

/*
 * Random file calls on a handful of names, in three processes at once,
 * each also moving its cwd around inside the test directory (never above
 * it, so everything made stays inside): no call may crash anything or
 * return something that is not a result or an error code, and once
 * everything is closed and removed nothing is left (the leak check).
 * Deterministic: each process has its own seed.  The
 * random descriptors are 0-11, so the console is moved out of their way
 * (to CONSOLE_FD) first: a read of it would wait for input for ever.
 */
#define CONSOLE_FD 40
static uint32_t rnd_state;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void random_ops(const char *dir, int seed, int count)
{
	static const char *const names[] = {
		"a", "b", "d", "d/a", "d/b", "d/e", "d/e/x", "e", "e/", "d/..", ".",
		"..", "/dev/null", "/dev/zero", "a/", "d/a/x", "nope/x", "b//",
	};
	static const long flags[] = {
		O_READ, OPEN_WRITE, OPEN_RDWR, OPEN_APPEND, O_READ | O_WRITE | O_CREATE,
		O_READ | O_DIRECTORY, O_WRITE | O_CREATE | O_EXCL, O_READ | O_NONBLOCK, 0,
	};
	enum { NN = sizeof(names) / sizeof(names[0]), NF = sizeof(flags) / sizeof(flags[0]) };
	static char buf[9000];
	char cwd[128];
	struct stat st;

	rnd_state = (uint32_t)seed;
	MUST(sys_dup2(2, CONSOLE_FD));
	int null = (int)MUST(sys_open("/dev/null", OPEN_RDWR));
	for (int fd = 0; fd < 3; fd++)
		MUST(sys_dup2(null, fd));
	MUST(sys_close(null));
	for (int i = 0; i < count; i++) {
		const char *p = names[rnd() % NN], *q = names[rnd() % NN];
		long fd = (long)(rnd() % 12), r;
		size_t len = rnd() % sizeof(buf);
		switch (rnd() % 16) {
		case 0:  r = sys_open(p, (int)flags[rnd() % NF]); break;
		case 1:  r = sys_close((int)fd); break;
		case 2:  r = sys_read((int)fd, buf, len); break;
		case 3:  r = sys_write((int)fd, buf, len); break;
		case 4:  r = sys_lseek((int)fd, (int64_t)(rnd() % 20000) - 5000, (int)(rnd() % 4)); break;
		case 5:  r = sys_mkdir(p, 0755); break;
		case 6:  r = sys_unlink(p); break;
		case 7:  r = sys_rmdir(p); break;
		case 8:  r = sys_rename(p, q); break;
		case 9:  r = sys_dup2((int)fd, (int)(rnd() % 12)); break;
		case 10: r = sys_getdents((int)fd, buf, len); break;
		case 11: r = sys_stat(p, &st); break;
		case 12: r = sys_fstat((int)fd, &st); break;
		case 13: r = sys_dup((int)fd); break;
		case 14:                 /* somewhere inside dir, never above it */
			snprintf(cwd, sizeof(cwd), "%s/%s", dir, names[rnd() % 6]);
			r = sys_chdir(rnd() % 4 ? cwd : dir);
			break;
		default: r = sys_getcwd(buf, len); break;
		}
		if (r < -40 || r == -ENOSPC || r == -ENOMEM || r == -EFAULT) {
			sys_dup2(CONSOLE_FD, 2);    /* so that the report is seen */
			ut_fail("op %d (seed %d): unexpected result %ld", i, seed, r);
		}
	}
	for (int fd = 0; fd < UT_NOFILE; fd++)
		sys_close(fd);
}

void test_fs_random(void)
{
	enum { NPROC = 3, OPS = 5000 };
	pid_t pids[NPROC];

	const char *dir = ut_enter_dir();
	for (int p = 0; p < NPROC; p++) {
		pids[p] = ut_fork();
		if (pids[p] == 0) {
			random_ops(dir, p * 7919 + 1, OPS);
			exit(0);
		}
	}
	for (int p = 0; p < NPROC; p++)
		CHECK(ut_wait(pids[p]) == 0, "random worker %d failed", p);
	MUST(sys_chdir("/"));
	ut_rm_rf(dir);
}
