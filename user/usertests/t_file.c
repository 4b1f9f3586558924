/*
 * Files and descriptors: open's flags one by one, read and write modes,
 * APPEND, one inode per file, dup, dup2, offsets shared by dup and fork,
 * lseek, stat, unlinked-but-open files, the descriptor limit, CLOEXEC,
 * execve from the VFS, the kinfo counters and bad pointers.  Each test
 * works in its own directory under /tmp and removes it at the end.
 */
#include "ut.h"

/* ---- helpers shared by the file tests ------------------------------------ */

static char test_dir[128];

const char *ut_enter_dir(void)
{
	snprintf(test_dir, sizeof(test_dir), "/tmp/%s.%d", ut_name, getpid());
	MUST(sys_mkdir(test_dir, 0755));
	MUST(sys_chdir(test_dir));
	return test_dir;
}

void ut_leave_dir(void)
{
	MUST(sys_chdir("/"));
	ut_rm_rf(test_dir);
}

void ut_rm_rf(const char *path)
{
	struct stat st;

	if (sys_stat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		MUST(sys_unlink(path));
		return;
	}
	/* One entry at a time, with the directory closed while we go down
	 * into it: a deep tree must not need a descriptor per level. */
	for (;;) {
		DIR *d = opendir(path);
		CHECK(d != NULL, "opendir(%s): %s", path, strerror(errno));
		char *child = NULL;
		struct dirent *e;
		while (child == NULL && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			size_t n = strlen(path) + strlen(e->d_name) + 2;
			child = malloc(n);
			CHECK(child != NULL, "malloc");
			snprintf(child, n, "%s/%s", path, e->d_name);
		}
		closedir(d);
		if (child == NULL)
			break;
		ut_rm_rf(child);
		free(child);
	}
	MUST(sys_rmdir(path));
}

void ut_write_file(const char *path, const void *data, size_t n)
{
	int fd = (int)MUST(sys_open(path, OPEN_WRITE));
	size_t done = 0;

	while (done < n) {
		long w = sys_write(fd, (const char *)data + done, n - done);
		CHECK(w > 0, "write %s: %ld", path, w);
		done += (size_t)w;
	}
	MUST(sys_close(fd));
}

size_t ut_read_file(const char *path, void *buf, size_t max)
{
	int fd = (int)MUST(sys_open(path, OPEN_READ));
	size_t done = 0;
	long r;

	while (done < max && (r = sys_read(fd, (char *)buf + done, max - done)) != 0) {
		CHECK(r > 0, "read %s: %ld", path, r);
		done += (size_t)r;
	}
	MUST(sys_close(fd));
	return done;
}

void ut_expect_file(const char *path, const char *want)
{
	char buf[512];
	size_t n = ut_read_file(path, buf, sizeof(buf) - 1);

	buf[n] = '\0';
	CHECK(n == strlen(want) && memcmp(buf, want, n) == 0,
	      "%s holds \"%s\" (%zu bytes), want \"%s\"", path, buf, n, want);
}

static long file_size(const char *path)
{
	struct stat st;

	MUST(sys_stat(path, &st));
	return (long)st.st_size;
}

/* ---- open ------------------------------------------------------------------ */

void test_open_flags(void)
{
	char buf[16];
	int fd;

	ut_enter_dir();
	/* OPEN_WRITE creates ... */
	fd = (int)MUST(sys_open("f", OPEN_WRITE));
	EXPECT_EQ(sys_write(fd, "hello world", 11), 11, "write");
	MUST(sys_close(fd));
	ut_expect_file("f", "hello world");
	/* ... and truncates. */
	fd = (int)MUST(sys_open("f", OPEN_WRITE));
	EXPECT_EQ(file_size("f"), 0, "size right after OPEN_WRITE of an existing file");
	EXPECT_EQ(sys_write(fd, "abc", 3), 3, "write");
	MUST(sys_close(fd));
	ut_expect_file("f", "abc");

	/* OPEN_APPEND neither truncates nor writes anywhere but the end. */
	fd = (int)MUST(sys_open("f", OPEN_APPEND));
	EXPECT_EQ(sys_write(fd, "def", 3), 3, "append");
	MUST(sys_close(fd));
	ut_expect_file("f", "abcdef");
	/* OPEN_APPEND creates. */
	fd = (int)MUST(sys_open("g", OPEN_APPEND));
	MUST(sys_close(fd));
	EXPECT_EQ(file_size("g"), 0, "size of a file made by OPEN_APPEND");

	/* OPEN_RDWR and OPEN_READ do not create. */
	EXPECT_EQ(sys_open("nope", OPEN_RDWR), -ENOENT, "OPEN_RDWR of a missing file");
	EXPECT_EQ(sys_open("nope", OPEN_READ), -ENOENT, "OPEN_READ of a missing file");
	EXPECT_EQ(sys_open("nope", O_WRITE), -ENOENT, "O_WRITE of a missing file");
	EXPECT_EQ(sys_open("nope", O_WRITE | O_TRUNCATE), -ENOENT, "WRITE|TRUNCATE, missing");
	struct stat st;
	EXPECT_EQ(sys_stat("nope", &st), -ENOENT, "nothing was made");

	/* OPEN_RDWR: one offset for reading and writing, no truncation. */
	fd = (int)MUST(sys_open("f", OPEN_RDWR));
	EXPECT_EQ(sys_read(fd, buf, 3), 3, "read");
	CHECK(memcmp(buf, "abc", 3) == 0, "read back %.3s", buf);
	EXPECT_EQ(sys_write(fd, "XY", 2), 2, "write after read");
	MUST(sys_close(fd));
	ut_expect_file("f", "abcXYf");

	/* WRITE alone overwrites in place. */
	fd = (int)MUST(sys_open("f", O_WRITE));
	EXPECT_EQ(sys_write(fd, "Q", 1), 1, "write");
	MUST(sys_close(fd));
	ut_expect_file("f", "QbcXYf");
	/* WRITE|TRUNCATE empties without CREATE. */
	fd = (int)MUST(sys_open("g", O_WRITE | O_TRUNCATE));
	MUST(sys_close(fd));

	/* READ|CREATE makes a file and gives a read-only descriptor. */
	fd = (int)MUST(sys_open("h", O_READ | O_CREATE));
	EXPECT_EQ(sys_write(fd, "x", 1), -EBADF, "write to a READ|CREATE fd");
	EXPECT_EQ(sys_read(fd, buf, 1), 0, "read of the new empty file");
	MUST(sys_close(fd));

	/* EXCL with CREATE: only a new file. */
	EXPECT_EQ(sys_open("f", O_WRITE | O_CREATE | O_EXCL), -EEXIST, "EXCL on an existing file");
	EXPECT_EQ(sys_open("f", OPEN_WRITE | O_EXCL), -EEXIST, "OPEN_WRITE|EXCL on an existing file");
	ut_expect_file("f", "QbcXYf");            /* EEXIST truncated nothing */
	fd = (int)MUST(sys_open("new", O_WRITE | O_CREATE | O_EXCL));
	MUST(sys_close(fd));
	EXPECT_EQ(sys_open(".", O_READ | O_CREATE | O_EXCL), -EEXIST, "EXCL on \".\"");

	/* The POSIX spellings are the same bits. */
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open O_RDONLY: %s", strerror(errno));
	close(fd);
	ut_leave_dir();
}

void test_open_errors(void)
{
	struct stat st;
	char buf[4];
	int fd;

	ut_enter_dir();
	MUST(sys_mkdir("d", 0755));
	ut_write_file("f", "data", 4);

	/* A directory: readable, never writable. */
	EXPECT_EQ(sys_open("d", O_WRITE), -EISDIR, "WRITE on a directory");
	EXPECT_EQ(sys_open("d", OPEN_WRITE), -EISDIR, "OPEN_WRITE on a directory");
	EXPECT_EQ(sys_open("d", OPEN_RDWR), -EISDIR, "OPEN_RDWR on a directory");
	EXPECT_EQ(sys_open("d", OPEN_APPEND), -EISDIR, "OPEN_APPEND on a directory");
	EXPECT_EQ(sys_open("/", OPEN_RDWR), -EISDIR, "OPEN_RDWR on /");
	EXPECT_EQ(sys_open(".", O_WRITE), -EISDIR, "WRITE on .");
	fd = (int)MUST(sys_open("d", O_READ));
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), -EISDIR, "read() of a directory");
	MUST(sys_close(fd));
	fd = (int)MUST(sys_open("d/", O_READ | O_DIRECTORY));
	MUST(sys_close(fd));

	/* DIRECTORY and trailing slashes want a directory. */
	EXPECT_EQ(sys_open("f", O_READ | O_DIRECTORY), -ENOTDIR, "DIRECTORY on a file");
	EXPECT_EQ(sys_open("/dev/null", O_READ | O_DIRECTORY), -ENOTDIR, "DIRECTORY on a device");
	EXPECT_EQ(sys_open("f/", O_READ), -ENOTDIR, "\"f/\"");
	EXPECT_EQ(sys_open("f/x", O_READ), -ENOTDIR, "a file used as a directory");
	EXPECT_EQ(sys_open("f/x", OPEN_WRITE), -ENOTDIR, "creating under a file");
	EXPECT_EQ(sys_open("new/", OPEN_WRITE), -EISDIR, "creating \"new/\"");
	EXPECT_EQ(sys_stat("new", &st), -ENOENT, "\"new/\" made nothing");
	EXPECT_EQ(sys_open("nodir/x", OPEN_WRITE), -ENOENT, "creating in a missing directory");
	EXPECT_EQ(sys_open("", O_READ), -ENOENT, "the empty path");
	EXPECT_EQ(sys_open("", OPEN_WRITE), -ENOENT, "the empty path, creating");

	/* Flags: one of READ and WRITE, nothing unknown, nothing that needs a
	 * flag that is not there. */
	static const long bad[] = {
		0, O_CREATE, O_TRUNCATE, O_APPEND, O_EXCL, O_NONBLOCK, O_CLOEXEC,
		O_DIRECTORY, O_READ | 0x200, O_WRITE | 0x80000000l, O_READ | (1l << 40), -1,
		O_READ | O_TRUNCATE, O_READ | O_APPEND, O_READ | O_EXCL,
		O_READ | O_CREATE | O_DIRECTORY,
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = __syscall2(SYS_open, (long)"g", bad[i]);
		CHECK(r == -EINVAL, "open(\"g\", %#lx) = %ld, want -EINVAL", bad[i], r);
	}
	EXPECT_EQ(sys_stat("g", &st), -ENOENT, "the refused opens made nothing");
	ut_expect_file("f", "data");
	ut_leave_dir();
}

/* ---- read, write ------------------------------------------------------------- */

void test_rw_modes(void)
{
	char buf[32];
	int r, w;

	ut_enter_dir();
	ut_write_file("f", "0123456789", 10);
	r = (int)MUST(sys_open("f", O_READ));
	w = (int)MUST(sys_open("f", O_WRITE));
	EXPECT_EQ(sys_write(r, "x", 1), -EBADF, "write to a READ-only fd");
	EXPECT_EQ(sys_read(w, buf, 1), -EBADF, "read from a WRITE-only fd");
	EXPECT_EQ(sys_read(r, buf, 0), 0, "read of 0 bytes");
	EXPECT_EQ(sys_read(r, buf, 4), 4, "read 4");
	CHECK(memcmp(buf, "0123", 4) == 0, "read back %.4s", buf);
	EXPECT_EQ(sys_read(r, buf, sizeof(buf)), 6, "read the rest");
	CHECK(memcmp(buf, "456789", 6) == 0, "read back %.6s", buf);
	EXPECT_EQ(sys_read(r, buf, sizeof(buf)), 0, "read at EOF");
	EXPECT_EQ(sys_read(r, buf, sizeof(buf)), 0, "read at EOF again");

	MUST(sys_close(r));
	EXPECT_EQ(sys_close(r), -EBADF, "close twice");
	EXPECT_EQ(sys_read(r, buf, 1), -EBADF, "read of a closed fd");
	EXPECT_EQ(sys_write(r, "x", 1), -EBADF, "write to a closed fd");
	MUST(sys_close(w));
	EXPECT_EQ(sys_close(-1), -EBADF, "close(-1)");
	EXPECT_EQ(sys_close(UT_NOFILE), -EBADF, "close(NOFILE)");
	EXPECT_EQ(sys_close(100000), -EBADF, "close(100000)");
	EXPECT_EQ(sys_read(99, buf, 1), -EBADF, "read(99)");
	EXPECT_EQ(sys_read(-5, buf, 1), -EBADF, "read(-5)");
	EXPECT_EQ(sys_write(99, buf, 1), -EBADF, "write(99)");
	/* The libc layer: -1 and errno. */
	errno = 0;
	CHECK(read(99, buf, 1) == -1 && errno == EBADF, "libc read(99): errno %d", errno);
	ut_leave_dir();
}

void test_append(void)
{
	int a, b, w;

	ut_enter_dir();
	a = (int)MUST(sys_open("log", OPEN_APPEND));
	b = (int)MUST(sys_open("log", OPEN_APPEND));
	EXPECT_EQ(sys_write(a, "aa", 2), 2, "write a");
	EXPECT_EQ(sys_write(b, "bb", 2), 2, "write b");
	EXPECT_EQ(sys_write(a, "cc", 2), 2, "write a again");
	ut_expect_file("log", "aabbcc");
	/* Seeking does not move where an APPEND write lands. */
	EXPECT_EQ(sys_lseek(a, 0, SEEK_SET), 0, "lseek to 0");
	EXPECT_EQ(sys_write(a, "dd", 2), 2, "write after lseek");
	EXPECT_EQ(sys_lseek(a, 0, SEEK_CUR), 8, "offset after an APPEND write");
	ut_expect_file("log", "aabbccdd");
	/* A writer without APPEND writes where its offset is. */
	w = (int)MUST(sys_open("log", O_WRITE));
	EXPECT_EQ(sys_write(w, "ZZ", 2), 2, "plain write");
	ut_expect_file("log", "ZZbbccdd");
	/* And APPEND after a hole: still the end. */
	EXPECT_EQ(sys_lseek(w, 20, SEEK_SET), 20, "lseek past the end");
	EXPECT_EQ(sys_write(w, "!", 1), 1, "write past the end");
	EXPECT_EQ(sys_write(b, "E", 1), 1, "append after the hole");
	EXPECT_EQ(file_size("log"), 22, "size");
	MUST(sys_close(a));
	MUST(sys_close(b));
	MUST(sys_close(w));
	ut_leave_dir();
}

/* One inode per file: what one open writes, every other open sees at once. */
void test_shared_inode(void)
{
	struct stat s1, s2;
	char buf[16];
	int w, r;

	ut_enter_dir();
	w = (int)MUST(sys_open("s", OPEN_WRITE));
	r = (int)MUST(sys_open("s", O_READ));
	EXPECT_EQ(sys_write(w, "hello", 5), 5, "write");
	EXPECT_EQ(sys_read(r, buf, sizeof(buf)), 5, "read through the other open");
	CHECK(memcmp(buf, "hello", 5) == 0, "read %.5s", buf);
	MUST(sys_fstat(w, &s1));
	MUST(sys_fstat(r, &s2));
	EXPECT_EQ(s1.st_ino, s2.st_ino, "inode of both opens");
	EXPECT_EQ(s2.st_size, 5, "size seen by the reader");

	/* Another process's open of the same name. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		int fd = (int)MUST(sys_open("s", O_WRITE | O_APPEND));
		EXPECT_EQ(sys_write(fd, " world", 6), 6, "child's write");
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	EXPECT_EQ(sys_read(r, buf, sizeof(buf)), 6, "read the child's bytes");
	CHECK(memcmp(buf, " world", 6) == 0, "read %.6s", buf);
	MUST(sys_close(w));
	MUST(sys_close(r));
	ut_leave_dir();
}

/* ---- dup, dup2, fork ------------------------------------------------------------- */

void test_dup_basic(void)
{
	char buf[4];
	int fd, d;

	ut_enter_dir();
	ut_write_file("f", "abcdef", 6);
	long files0 = sys_kinfo(KINFO_OPEN_FILES);
	fd = (int)MUST(sys_open("f", O_READ));
	EXPECT_EQ(fd, 3, "the first open after 0-2 (lowest free)");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0 + 1, "objects after open");
	d = (int)MUST(sys_dup(fd));
	EXPECT_EQ(d, 4, "dup: the lowest free");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0 + 1, "dup makes no new object");
	/* One object, one offset. */
	EXPECT_EQ(sys_read(fd, buf, 2), 2, "read fd");
	EXPECT_EQ(sys_read(d, buf, 2), 2, "read dup");
	CHECK(memcmp(buf, "cd", 2) == 0, "the dup read %.2s, not cd", buf);
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 4, "offset through fd");
	EXPECT_EQ(sys_lseek(d, 0, SEEK_CUR), 4, "offset through the dup");
	/* Closing one leaves the other working. */
	MUST(sys_close(fd));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0 + 1, "object alive while the dup is open");
	EXPECT_EQ(sys_read(d, buf, 2), 2, "read the dup after closing fd");
	CHECK(memcmp(buf, "ef", 2) == 0, "read %.2s", buf);
	EXPECT_EQ(sys_dup(1), 3, "dup(1) takes the freed 3");
	MUST(sys_close(3));
	MUST(sys_close(d));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0, "objects after the last close");
	EXPECT_EQ(sys_dup(-1), -EBADF, "dup(-1)");
	EXPECT_EQ(sys_dup(d), -EBADF, "dup of a closed fd");
	EXPECT_EQ(sys_dup(UT_NOFILE), -EBADF, "dup(NOFILE)");
	ut_leave_dir();
}

void test_dup2_cases(void)
{
	char c;
	int fd, g;

	ut_enter_dir();
	ut_write_file("f", "abcdef", 6);
	ut_write_file("g", "123", 3);
	fd = (int)MUST(sys_open("f", O_READ));
	EXPECT_EQ(sys_dup2(fd, fd), fd, "dup2(fd, fd)");
	EXPECT_EQ(sys_read(fd, &c, 1), 1, "fd still open after dup2(fd, fd)");
	CHECK(c == 'a', "read %c", c);

	/* Onto an open fd: that one is closed first (its object freed). */
	g = (int)MUST(sys_open("g", O_READ));
	long files = sys_kinfo(KINFO_OPEN_FILES);
	EXPECT_EQ(sys_dup2(fd, g), g, "dup2 onto an open fd");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files - 1, "g's object freed");
	EXPECT_EQ(sys_read(g, &c, 1), 1, "read through the new g");
	CHECK(c == 'b', "g reads %c, want b (f's shared offset)", c);
	EXPECT_EQ(sys_dup2(fd, 20), 20, "dup2 onto a free fd");
	EXPECT_EQ(sys_read(20, &c, 1), 1, "read 20");
	CHECK(c == 'c', "20 reads %c", c);
	EXPECT_EQ(sys_dup2(fd, UT_NOFILE - 1), UT_NOFILE - 1, "dup2 onto the last fd");
	MUST(sys_close(UT_NOFILE - 1));

	/* Bad descriptors on either side. */
	EXPECT_EQ(sys_dup2(fd, -1), -EBADF, "dup2(fd, -1)");
	EXPECT_EQ(sys_dup2(fd, UT_NOFILE), -EBADF, "dup2(fd, NOFILE)");
	EXPECT_EQ(sys_dup2(fd, 100000), -EBADF, "dup2(fd, 100000)");
	EXPECT_EQ(sys_dup2(-1, 5), -EBADF, "dup2(-1, 5)");
	EXPECT_EQ(sys_dup2(50, 5), -EBADF, "dup2(closed, 5)");
	EXPECT_EQ(sys_dup2(50, 50), -EBADF, "dup2(closed, same)");
	EXPECT_EQ(sys_read(g, &c, 1), 1, "g untouched by the failures");
	MUST(sys_close(fd));
	MUST(sys_close(g));
	MUST(sys_close(20));

	/* dup2 onto stdout in a child: its writes land in the file. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		int o = (int)MUST(sys_open("out", OPEN_WRITE));
		EXPECT_EQ(sys_dup2(o, 1), 1, "dup2 onto 1");
		MUST(sys_close(o));
		EXPECT_EQ(sys_write(1, "to stdout", 9), 9, "write(1)");
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	ut_expect_file("out", "to stdout");
	ut_leave_dir();
}

void test_fork_offset(void)
{
	char buf[4];
	int fd;

	ut_enter_dir();
	ut_write_file("f", "0123456789", 10);
	fd = (int)MUST(sys_open("f", OPEN_RDWR));
	pid_t pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(sys_read(fd, buf, 3), 3, "child read");
		CHECK(memcmp(buf, "012", 3) == 0, "child read %.3s", buf);
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	EXPECT_EQ(sys_read(fd, buf, 3), 3, "parent read");
	CHECK(memcmp(buf, "345", 3) == 0, "parent read %.3s after the child's read", buf);

	/* And the other way: the parent moves it, the child sees it; the
	 * child writes, the parent's offset moves. */
	pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 6, "child's offset");
		EXPECT_EQ(sys_write(fd, "AB", 2), 2, "child write");
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 8, "offset after the child's write");
	MUST(sys_close(fd));
	ut_expect_file("f", "012345AB89");
	ut_leave_dir();
}

/* ---- lseek ------------------------------------------------------------------ */

void test_lseek_cases(void)
{
	char buf[16];
	int fd;

	ut_enter_dir();
	fd = (int)MUST(sys_open("f", O_READ | O_WRITE | O_CREATE));
	EXPECT_EQ(sys_write(fd, "hello", 5), 5, "write");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 5, "CUR after writing 5");
	EXPECT_EQ(sys_lseek(fd, 1, SEEK_SET), 1, "SET 1");
	EXPECT_EQ(sys_read(fd, buf, 2), 2, "read");
	CHECK(memcmp(buf, "el", 2) == 0, "read %.2s", buf);
	EXPECT_EQ(sys_lseek(fd, -1, SEEK_CUR), 2, "CUR -1");
	EXPECT_EQ(sys_lseek(fd, -2, SEEK_END), 3, "END -2");
	EXPECT_EQ(sys_read(fd, buf, 16), 2, "read to the end");
	CHECK(memcmp(buf, "lo", 2) == 0, "read %.2s", buf);
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_END), 5, "END 0");

	/* Refused: a negative result, an unknown whence, an overflow; the
	 * offset stays. */
	EXPECT_EQ(sys_lseek(fd, -6, SEEK_END), -EINVAL, "END -6");
	EXPECT_EQ(sys_lseek(fd, -1, SEEK_SET), -EINVAL, "SET -1");
	EXPECT_EQ(sys_lseek(fd, -100, SEEK_CUR), -EINVAL, "CUR -100");
	EXPECT_EQ(sys_lseek(fd, 0, 3), -EINVAL, "whence 3");
	EXPECT_EQ(sys_lseek(fd, 0, -1), -EINVAL, "whence -1");
	EXPECT_EQ(__syscall3(SYS_lseek, fd, 0, 0x100000000l), -EINVAL, "whence 2^32");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 5, "offset unchanged by the failures");
	EXPECT_EQ(sys_lseek(fd, INT64_MAX, SEEK_SET), INT64_MAX, "SET INT64_MAX");
	EXPECT_EQ(sys_lseek(fd, 1, SEEK_CUR), -EINVAL, "CUR past INT64_MAX");
	EXPECT_EQ(sys_read(fd, buf, 1), 0, "read far past the end");

	/* A write past the end leaves a hole that reads as zeros, across pages. */
	EXPECT_EQ(sys_lseek(fd, 10000, SEEK_SET), 10000, "SET 10000");
	EXPECT_EQ(sys_write(fd, "Z", 1), 1, "write at 10000");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_END), 10001, "size after the hole");
	EXPECT_EQ(sys_lseek(fd, 5, SEEK_SET), 5, "back to the hole");
	for (long off = 5; off < 10000; ) {
		char z[1000];
		long n = sys_read(fd, z, off + 1000 <= 10000 ? 1000 : 10000 - off);
		CHECK(n > 0, "read of the hole at %ld: %ld", off, n);
		for (long i = 0; i < n; i++)
			CHECK(z[i] == 0, "hole byte %ld is %d", off + i, z[i]);
		off += n;
	}
	EXPECT_EQ(sys_read(fd, buf, 16), 1, "the byte after the hole");
	CHECK(buf[0] == 'Z', "read %c", buf[0]);

	/* Where seeking means nothing. */
	EXPECT_EQ(sys_lseek(0, 0, SEEK_CUR), -ESPIPE, "lseek(0)");
	EXPECT_EQ(sys_lseek(1, 0, SEEK_SET), -ESPIPE, "lseek(1)");
	int c = (int)MUST(sys_open("/dev/console", O_WRITE));
	EXPECT_EQ(sys_lseek(c, 0, SEEK_SET), -ESPIPE, "lseek on /dev/console");
	MUST(sys_close(c));
	EXPECT_EQ(sys_lseek(99, 0, SEEK_SET), -EBADF, "lseek(99)");
	/* A directory's offset is its listing's place: it may be rewound. */
	int d = (int)MUST(sys_open(".", O_READ));
	EXPECT_EQ(sys_lseek(d, 0, SEEK_SET), 0, "lseek on a directory");
	MUST(sys_close(d));
	MUST(sys_close(fd));
	ut_leave_dir();
}

/* ---- stat -------------------------------------------------------------------- */

void test_stat_fields(void)
{
	struct stat st, st2;
	char data[1234];
	int fd;

	/* The layout of ABI.md: u64 ino, size; u32 mode, nlink, uid, gid;
	 * u64 atime, mtime, ctime. */
	EXPECT_EQ(sizeof(struct stat), 56, "sizeof(struct stat)");
	EXPECT_EQ(__builtin_offsetof(struct stat, st_mode), 16, "offset of mode");
	EXPECT_EQ(__builtin_offsetof(struct stat, st_gid), 28, "offset of gid");
	EXPECT_EQ(__builtin_offsetof(struct stat, st_atime_ns), 32, "offset of atime");
	EXPECT_EQ(__builtin_offsetof(struct stat, st_ctime_ns), 48, "offset of ctime");

	ut_enter_dir();
	memset(data, 'x', sizeof(data));
	ut_write_file("f", data, sizeof(data));
	MUST(sys_stat("f", &st));
	EXPECT_EQ(st.st_mode, S_IFREG | 0644, "mode of a new file");
	EXPECT_EQ(st.st_size, 1234, "size");
	EXPECT_EQ(st.st_nlink, 1, "nlink");
	EXPECT_EQ(st.st_uid, 0, "uid");
	EXPECT_EQ(st.st_gid, 0, "gid");
	CHECK(st.st_ino != 0, "ino 0");
	CHECK(st.st_mtime_ns > 0 && st.st_ctime_ns > 0 && st.st_atime_ns > 0,
	      "times %lu %lu %lu", st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns);
	fd = (int)MUST(sys_open("f", O_WRITE));
	MUST(sys_fstat(fd, &st2));
	EXPECT_EQ(st2.st_ino, st.st_ino, "fstat's ino");
	EXPECT_EQ(st2.st_size, st.st_size, "fstat's size");

	/* A write moves mtime (ns since boot: it advances in 1 ms). */
	ut_spin(ut_tsc_hz() / 1000);
	EXPECT_EQ(sys_write(fd, "y", 1), 1, "write");
	MUST(sys_fstat(fd, &st2));
	CHECK(st2.st_mtime_ns > st.st_mtime_ns, "mtime %lu -> %lu after a write",
	      st.st_mtime_ns, st2.st_mtime_ns);
	CHECK(st2.st_ctime_ns >= st2.st_mtime_ns, "ctime %lu before mtime %lu",
	      st2.st_ctime_ns, st2.st_mtime_ns);
	/* ns since boot: the suite has not run for an hour. */
	CHECK(st2.st_mtime_ns < 3600ull * 1000000000ull,
	      "mtime %lu ns is not 'since boot'", st2.st_mtime_ns);
	MUST(sys_close(fd));

	/* Directories: nlink is 2 plus the subdirectories. */
	MUST(sys_stat(".", &st));
	CHECK(S_ISDIR(st.st_mode), "mode of . %#o", st.st_mode);
	EXPECT_EQ(st.st_nlink, 2, "nlink of a directory without subdirectories");
	MUST(sys_mkdir("sub", 0750));
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_nlink, 3, "nlink after mkdir");
	MUST(sys_stat("sub", &st));
	EXPECT_EQ(st.st_mode, S_IFDIR | 0750, "mode of the new directory");
	EXPECT_EQ(st.st_nlink, 2, "nlink of the new directory");
	MUST(sys_stat("sub/..", &st2));
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st2.st_ino, st.st_ino, "sub/.. is .");

	MUST(sys_stat("/dev/null", &st));
	CHECK(S_ISCHR(st.st_mode), "mode of /dev/null %#o", st.st_mode);
	MUST(sys_fstat(0, &st));
	CHECK(S_ISCHR(st.st_mode), "mode of fd 0 %#o", st.st_mode);
	MUST(sys_stat("/", &st));
	MUST(sys_stat("/..", &st2));
	EXPECT_EQ(st2.st_ino, st.st_ino, "/.. is /");

	EXPECT_EQ(sys_stat("nope", &st), -ENOENT, "stat of a missing file");
	EXPECT_EQ(sys_stat("f/x", &st), -ENOTDIR, "stat through a file");
	EXPECT_EQ(sys_stat("f/", &st), -ENOTDIR, "stat of \"f/\"");
	EXPECT_EQ(sys_stat("", &st), -ENOENT, "stat of \"\"");
	EXPECT_EQ(sys_fstat(99, &st), -EBADF, "fstat(99)");
	EXPECT_EQ(sys_fstat(-1, &st), -EBADF, "fstat(-1)");
	ut_leave_dir();
}

/* An unlinked file lives on while open, then its pages go back. */
void test_unlink_open(void)
{
	static char data[10000], back[10000];
	struct stat st;
	int fd;

	ut_enter_dir();
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 3);
	ut_write_file("f", data, sizeof(data));
	fd = (int)MUST(sys_open("f", O_READ | O_WRITE));
	long inodes = sys_kinfo(KINFO_INODES);
	MUST(sys_unlink("f"));
	EXPECT_EQ(sys_stat("f", &st), -ENOENT, "the name is gone");
	EXPECT_EQ(sys_kinfo(KINFO_INODES), inodes, "the inode lives while open");
	EXPECT_EQ(sys_read(fd, back, sizeof(back)), sizeof(back), "read after unlink");
	CHECK(memcmp(back, data, sizeof(data)) == 0, "contents changed by unlink");
	EXPECT_EQ(sys_write(fd, "more", 4), 4, "write after unlink");
	MUST(sys_fstat(fd, &st));
	EXPECT_EQ(st.st_nlink, 0, "nlink of an unlinked file");
	EXPECT_EQ(st.st_size, 10004, "size");

	/* A child shares it; it lives until the last of us closes it. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		char c;
		EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "child lseek");
		EXPECT_EQ(sys_read(fd, &c, 1), 1, "child read");
		CHECK(c == data[0], "child read %d", c);
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	long pages = sys_kinfo(KINFO_FREE_PAGES);
	MUST(sys_close(fd));
	EXPECT_EQ(sys_kinfo(KINFO_INODES), inodes - 1, "the inode is freed at the last close");
	CHECK(sys_kinfo(KINFO_FREE_PAGES) >= pages + 3, "pages back after the last close: %ld -> %ld",
	      pages, sys_kinfo(KINFO_FREE_PAGES));
	ut_leave_dir();
}

/* ---- the descriptor table ------------------------------------------------------ */

void test_emfile(void)
{
	long files0 = sys_kinfo(KINFO_OPEN_FILES);
	int n = 0;

	for (;;) {
		long fd = sys_open("/dev/null", O_READ);
		if (fd < 0) {
			EXPECT_EQ(fd, -EMFILE, "open when the table is full");
			break;
		}
		EXPECT_EQ(fd, 3 + n, "the lowest free fd");
		CHECK(++n <= UT_NOFILE, "no limit on descriptors");
	}
	EXPECT_EQ(n, UT_NOFILE - 3, "descriptors opened besides 0-2");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0 + n, "one object per open");
	EXPECT_EQ(sys_dup(0), -EMFILE, "dup when full");
	EXPECT_EQ(sys_open("/", O_READ), -EMFILE, "open of a directory when full");
	/* A full table refuses before anything is made. */
	struct stat st;
	EXPECT_EQ(sys_open("/tmp/emfile-new", OPEN_WRITE), -EMFILE, "creating when full");
	EXPECT_EQ(sys_stat("/tmp/emfile-new", &st), -ENOENT, "EMFILE made the file anyway");
	EXPECT_EQ(sys_dup2(0, 10), 10, "dup2 onto an open fd when full");

	/* Freed slots are taken lowest first. */
	MUST(sys_close(10));
	EXPECT_EQ(sys_open("/dev/null", O_READ), 10, "open after closing 10");
	MUST(sys_close(7));
	MUST(sys_close(5));
	EXPECT_EQ(sys_dup(0), 5, "dup takes 5 before 7");
	EXPECT_EQ(sys_open("/dev/zero", O_READ), 7, "then 7");
	for (int fd = 3; fd < UT_NOFILE; fd++)
		MUST(sys_close(fd));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), files0, "objects after closing all");
}

/* usertests --fd-helper CLOSED OPEN...: what cloexec runs after execve. */
int fd_helper(int argc, char **argv)
{
	struct stat st;

	if (argc < 3)
		return 2;
	if (sys_fstat(atoi(argv[2]), &st) != -EBADF)
		return 3;                          /* the CLOEXEC fd survived */
	for (int i = 3; i < argc; i++)
		if (sys_fstat(atoi(argv[i]), &st) < 0)
			return 4;                  /* a plain fd was closed */
	return 0;
}

void test_cloexec(void)
{
	char a[8], b[8], c[8], d[8];
	int fa, fb, fc;

	fa = (int)MUST(sys_open("/dev/null", O_WRITE | O_CLOEXEC));
	fb = (int)MUST(sys_open("/dev/null", O_WRITE));
	fc = (int)MUST(sys_dup(fa));                  /* dup's copy is not CLOEXEC */
	MUST(sys_dup2(fa, 20));                       /* nor dup2's */
	snprintf(a, sizeof(a), "%d", fa);
	snprintf(b, sizeof(b), "%d", fb);
	snprintf(c, sizeof(c), "%d", fc);
	snprintf(d, sizeof(d), "%d", 20);
	pid_t pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "usertests", "--fd-helper", a, b, c, d, NULL };
		char *envp[] = { NULL };
		execve("/bin/usertests", argv, envp);
		ut_fail("execve: %s", strerror(errno));
	}
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fd helper: %s (3: the CLOEXEC fd stayed open, 4: another was closed)",
	      ut_status(st));
	/* A failed execve closes nothing. */
	char *argv[] = { "x", NULL };
	EXPECT_EQ(sys_execve("/no/such/program", argv, argv + 1), -ENOENT, "execve");
	struct stat s;
	MUST(sys_fstat(fa, &s));
	MUST(sys_close(fa));
	MUST(sys_close(fb));
	MUST(sys_close(fc));
	MUST(sys_close(20));
}

/* execve loads from the VFS: a copy made at run time runs. */
void test_exec_vfs(void)
{
	struct stat st;

	ut_enter_dir();
	MUST(sys_stat("/bin/usertests", &st));
	char *img = malloc(st.st_size);
	CHECK(img != NULL, "malloc %lu", st.st_size);
	EXPECT_EQ(ut_read_file("/bin/usertests", img, st.st_size), st.st_size, "read the program");
	ut_write_file("copy", img, st.st_size);
	free(img);

	pid_t pid = ut_fork();
	if (pid == 0) {
		static char *const argv[] = { "usertests", "--exec-helper", "44", NULL };
		static char *const envp[] = { "UT_EXEC=marker", "UT_SECOND=two words", NULL };
		execve("copy", argv, envp);            /* relative to the cwd */
		ut_fail("execve copy: %s", strerror(errno));
	}
	int s = ut_wait(pid);
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 44, "the copy: %s, want exit 44", ut_status(s));

	char *argv[] = { "x", NULL };
	ut_write_file("text", "#!not an ELF\n", 13);
	EXPECT_EQ(sys_execve("text", argv, argv + 1), -ENOEXEC, "execve of a text file");
	ut_write_file("empty", "", 0);
	EXPECT_EQ(sys_execve("empty", argv, argv + 1), -ENOEXEC, "execve of an empty file");
	EXPECT_EQ(sys_execve("/dev/zero", argv, argv + 1), -EPERM, "execve of a device");
	EXPECT_EQ(sys_execve(".", argv, argv + 1), -EPERM, "execve of a directory");
	EXPECT_EQ(sys_execve("copy/", argv, argv + 1), -ENOTDIR, "execve of \"file/\"");
	EXPECT_EQ(sys_execve("missing", argv, argv + 1), -ENOENT, "execve of a missing file");
	ut_leave_dir();
}

void test_kinfo_files(void)
{
	long f0 = sys_kinfo(KINFO_OPEN_FILES), i0 = sys_kinfo(KINFO_INODES);

	ut_enter_dir();
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0 + 1, "inodes after mkdir");
	int fd = (int)MUST(sys_open("x", OPEN_WRITE));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), f0 + 1, "files after open");
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0 + 2, "inodes after creating a file");
	int d = (int)MUST(sys_dup(fd));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), f0 + 1, "files after dup");
	pid_t pid = ut_fork();
	if (pid == 0)
		exit(sys_kinfo(KINFO_OPEN_FILES) == f0 + 1 ? 0 : 1);
	CHECK(ut_wait(pid) == 0, "fork made open-file objects");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), f0 + 1, "files after the child exited");
	MUST(sys_close(fd));
	MUST(sys_close(d));
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), f0, "files after close");
	MUST(sys_unlink("x"));
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0 + 1, "inodes after unlink");
	MUST(sys_mkdir("d", 0755));
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0 + 2, "inodes after mkdir");
	MUST(sys_rmdir("d"));
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0 + 1, "inodes after rmdir");
	ut_leave_dir();
	EXPECT_EQ(sys_kinfo(KINFO_INODES), i0, "inodes at the end");
}

/* ---- bad pointers --------------------------------------------------------------- */

void test_fs_efault(void)
{
	static const uintptr_t bad[] = { 0, KTEXT_ADDR, 0x40000000ul, 0xffff800000000000ul };
	struct stat st;
	char buf[64];

	ut_enter_dir();
	ut_write_file("f", "contents", 8);
	MUST(sys_mkdir("d", 0755));
	int fd = (int)MUST(sys_open("f", O_READ | O_WRITE));
	int dfd = (int)MUST(sys_open("d", O_READ));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = ut_addr(bad[i]);
		const char *what = i == 0 ? "NULL" : i == 1 ? "kernel text" :
				   i == 2 ? "unmapped" : "direct map";
#define EF(call) CHECK((call) == -EFAULT, "%s with %s: %ld, want -EFAULT", #call, what, (long)(call))
		EF(sys_open(p, O_READ));
		EF(sys_open(p, OPEN_WRITE));
		EF(sys_stat(p, &st));
		EF(sys_stat("f", p));
		EF(sys_fstat(fd, p));
		EF(sys_read(fd, p, 4));
		EF(sys_write(fd, p, 4));
		EF(sys_getdents(dfd, p, 64));
		EF(sys_mkdir(p, 0755));
		EF(sys_unlink(p));
		EF(sys_rmdir(p));
		EF(sys_chdir(p));
		EF(sys_rename(p, "g"));
		EF(sys_rename("f", p));
		EF(sys_getcwd(p, 64));
#undef EF
	}
	/* Read-only memory (our own text) cannot take a read or a stat. */
	void *text = ut_addr((uintptr_t)test_fs_efault);
	EXPECT_EQ(sys_read(fd, text, 4), -EFAULT, "read into program text");
	EXPECT_EQ(sys_stat("f", text), -EFAULT, "stat into program text");
	EXPECT_EQ(sys_getcwd(text, 64), -EFAULT, "getcwd into program text");
	/* Nothing moved or changed. */
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), 0, "offset after the faults");
	ut_expect_file("f", "contents");
	EXPECT_EQ(sys_getdents(dfd, buf, sizeof(buf)) > 0, 1, "listing from the start");
	MUST(sys_stat("f", &st));

	/* A buffer running off the end of the heap: ABI.md wants the whole
	 * buffer validated, so nothing moves and the offset stays. */
	char *end = sbrk(0);
	size_t pad = (4096 - ((uintptr_t)end & 4095)) & 4095;
	CHECK(sbrk((intptr_t)pad + 4096) != (void *)-1, "sbrk");
	char *top = end + pad + 4096;
	static char big[6000];
	memset(big, 'b', sizeof(big));
	ut_write_file("big", big, sizeof(big));
	int b = (int)MUST(sys_open("big", O_READ));
	EXPECT_EQ(sys_read(b, top - 100, 1000), -EFAULT, "read across the end of the heap");
	EXPECT_EQ(sys_lseek(b, 0, SEEK_CUR), 0, "offset after the refused read");
	EXPECT_EQ(sys_read(b, top - 100, 100), 100, "read into the part that is mapped");
	EXPECT_EQ(sys_read(b, top, 10), -EFAULT, "read just past the heap");
	MUST(sys_close(b));
	int w = (int)MUST(sys_open("big", O_WRITE));
	memset(top - 100, 'w', 100);
	EXPECT_EQ(sys_write(w, top - 100, 1000), -EFAULT, "write across the end of the heap");
	MUST(sys_close(w));
	EXPECT_EQ(file_size("big"), 6000, "size after the refused write");

	MUST(sys_close(fd));
	MUST(sys_close(dfd));
	ut_leave_dir();
}
