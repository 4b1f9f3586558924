/*
 * Directories and paths: getdents, mkdir, unlink, rmdir, rename, getcwd
 * and chdir, path walking ("." and "..", repeated and trailing slashes) and
 * the length limits.
 */
#include "ut.h"

/* ---- getdents ------------------------------------------------------------------ */

struct seen {
	char name[32];
	int  type;
	int  count;
};

/* Lists the open directory fd with a len-byte buffer, checking every
 * record, and counts each name in seen[] (names not there fail). */
static void list_all(int fd, size_t len, struct seen *seen, int nseen)
{
	char *buf = malloc(len);
	long n;

	CHECK(buf != NULL, "malloc");
	while ((n = sys_getdents(fd, buf, len)) != 0) {
		CHECK(n > 0, "getdents(%zu bytes): %ld", len, n);
		CHECK((size_t)n <= len, "getdents returned %ld > %zu", n, len);
		for (long off = 0; off < n; ) {
			struct dirent_rec *r = (struct dirent_rec *)(buf + off);
			size_t namelen = strnlen(r->d_name, r->d_reclen - 11);
			CHECK(r->d_reclen % 8 == 0, "reclen %u", r->d_reclen);
			CHECK(off + r->d_reclen <= n, "record past the end");
			CHECK(namelen < (size_t)r->d_reclen - 11, "name without its NUL");
			CHECK(r->d_reclen == ((11 + namelen + 1 + 7) & ~7ul),
			      "reclen %u for a %zu-byte name", r->d_reclen, namelen);
			int i;
			for (i = 0; i < nseen && strcmp(seen[i].name, r->d_name) != 0; i++)
				;
			CHECK(i < nseen, "unexpected entry \"%s\"", r->d_name);
			seen[i].count++;
			CHECK(r->d_type == seen[i].type, "\"%s\" has type %d, want %d",
			      r->d_name, r->d_type, seen[i].type);
			CHECK(r->d_ino != 0, "\"%s\" has ino 0", r->d_name);
			off += r->d_reclen;
		}
	}
	free(buf);
}

void test_getdents_list(void)
{
	enum { NF = 50, ND = 5 };
	struct seen seen[NF + ND + 2];
	static const size_t sizes[] = { 4096, 2048, 100, 24 };
	int n = 0;

	ut_enter_dir();
	snprintf(seen[n].name, sizeof(seen[n].name), ".");
	seen[n++].type = DT_DIR;
	snprintf(seen[n].name, sizeof(seen[n].name), "..");
	seen[n++].type = DT_DIR;
	for (int i = 0; i < NF; i++) {
		snprintf(seen[n].name, sizeof(seen[n].name), "file-%02d", i);
		ut_write_file(seen[n].name, "x", 1);
		seen[n++].type = DT_FILE;
	}
	for (int i = 0; i < ND; i++) {
		snprintf(seen[n].name, sizeof(seen[n].name), "dir-%d", i);
		MUST(sys_mkdir(seen[n].name, 0755));
		seen[n++].type = DT_DIR;
	}
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (int i = 0; i < n; i++)
			seen[i].count = 0;
		int fd = (int)MUST(sys_open(".", O_READ | O_DIRECTORY));
		list_all(fd, sizes[s], seen, n);
		for (int i = 0; i < n; i++)
			CHECK(seen[i].count == 1, "with %zu-byte buffers \"%s\" was seen %d times",
			      sizes[s], seen[i].name, seen[i].count);
		/* At the end it stays at the end; lseek to 0 starts again. */
		char buf[64];
		EXPECT_EQ(sys_getdents(fd, buf, sizeof(buf)), 0, "getdents at the end");
		EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "rewind");
		CHECK(sys_getdents(fd, buf, sizeof(buf)) > 0, "getdents after rewinding");
		MUST(sys_close(fd));
	}

	/* The inode numbers are stat's; "." and ".." are what they say. */
	int fd = (int)MUST(sys_open(".", O_READ));
	char buf[512];
	long got = MUST(sys_getdents(fd, buf, sizeof(buf)));
	struct stat dot, dotdot, f0;
	MUST(sys_stat(".", &dot));
	MUST(sys_stat("..", &dotdot));
	MUST(sys_stat("file-00", &f0));
	for (long off = 0; off < got; ) {
		struct dirent_rec *r = (struct dirent_rec *)(buf + off);
		if (strcmp(r->d_name, ".") == 0)
			EXPECT_EQ(r->d_ino, dot.st_ino, "ino of .");
		if (strcmp(r->d_name, "..") == 0)
			EXPECT_EQ(r->d_ino, dotdot.st_ino, "ino of ..");
		if (strcmp(r->d_name, "file-00") == 0)
			EXPECT_EQ(r->d_ino, f0.st_ino, "ino of file-00");
		off += r->d_reclen;
	}
	MUST(sys_close(fd));

	/* readdir() over getdents sees the same. */
	DIR *d = opendir(".");
	CHECK(d != NULL, "opendir: %s", strerror(errno));
	int count = 0;
	while (readdir(d) != NULL)
		count++;
	closedir(d);
	EXPECT_EQ(count, n, "entries seen by readdir");
	CHECK(exists("file-07") && !exists("file-99"), "exists()");
	ut_leave_dir();
}

void test_getdents_small(void)
{
	char buf[256];
	int fd;

	ut_enter_dir();
	ut_write_file("a-rather-long-file-name-of-40-bytes-xxxx", "", 0);
	fd = (int)MUST(sys_open(".", O_READ));
	EXPECT_EQ(sys_getdents(fd, buf, 0), -EINVAL, "a 0-byte buffer");
	EXPECT_EQ(sys_getdents(fd, buf, 8), -EINVAL, "an 8-byte buffer");
	EXPECT_EQ(sys_getdents(fd, buf, 15), -EINVAL, "a 15-byte buffer (\".\" needs 16)");
	/* Exactly one record fits, then the next. */
	EXPECT_EQ(sys_getdents(fd, buf, 16), 16, "\".\" in 16 bytes");
	CHECK(strcmp(((struct dirent_rec *)buf)->d_name, ".") == 0, "first record %s",
	      ((struct dirent_rec *)buf)->d_name);
	EXPECT_EQ(sys_getdents(fd, buf, 20), 16, "\"..\" in 20 bytes");
	EXPECT_EQ(sys_getdents(fd, buf, 48), -EINVAL, "the long name in 48 bytes");
	EXPECT_EQ(sys_getdents(fd, buf, 56), 56, "the long name in 56 bytes");
	EXPECT_EQ(sys_getdents(fd, buf, 8), 0, "the end, even with a small buffer");
	MUST(sys_close(fd));

	/* Not a directory; not a descriptor. */
	fd = (int)MUST(sys_open("a-rather-long-file-name-of-40-bytes-xxxx", O_READ));
	EXPECT_EQ(sys_getdents(fd, buf, sizeof(buf)), -ENOTDIR, "getdents of a file");
	MUST(sys_close(fd));
	EXPECT_EQ(sys_getdents(99, buf, sizeof(buf)), -EBADF, "getdents(99)");
	fd = (int)MUST(sys_open("/dev/null", O_READ));
	EXPECT_EQ(sys_getdents(fd, buf, sizeof(buf)), -ENOTDIR, "getdents of a device");
	MUST(sys_close(fd));
	ut_leave_dir();
}

/* ---- mkdir, unlink, rmdir ---------------------------------------------------- */

void test_mkdir_errors(void)
{
	struct stat st;

	ut_enter_dir();
	EXPECT_EQ(sys_mkdir("a", 0755), 0, "mkdir a");
	EXPECT_EQ(sys_mkdir("a", 0755), -EEXIST, "mkdir a again");
	EXPECT_EQ(sys_mkdir("a/", 0755), -EEXIST, "mkdir a/ again");
	EXPECT_EQ(sys_mkdir("nope/b", 0755), -ENOENT, "parent missing");
	EXPECT_EQ(sys_mkdir("nope/b/c", 0755), -ENOENT, "grandparent missing");
	ut_write_file("f", "x", 1);
	EXPECT_EQ(sys_mkdir("f", 0755), -EEXIST, "over a file");
	EXPECT_EQ(sys_mkdir("f/x", 0755), -ENOTDIR, "under a file");
	EXPECT_EQ(sys_mkdir("/", 0755), -EEXIST, "mkdir /");
	EXPECT_EQ(sys_mkdir(".", 0755), -EEXIST, "mkdir .");
	EXPECT_EQ(sys_mkdir("..", 0755), -EEXIST, "mkdir ..");
	EXPECT_EQ(sys_mkdir("a/..", 0755), -EEXIST, "mkdir a/..");
	EXPECT_EQ(sys_mkdir("", 0755), -ENOENT, "mkdir \"\"");
	EXPECT_EQ(sys_mkdir("b//", 0755), 0, "mkdir with trailing slashes");
	MUST(sys_stat("b", &st));
	EXPECT_EQ(st.st_mode, S_IFDIR | 0755, "mode");
	EXPECT_EQ(sys_mkdir("c", 0700), 0, "mkdir 0700");
	MUST(sys_stat("c", &st));
	EXPECT_EQ(st.st_mode, S_IFDIR | 0700, "mode");
	EXPECT_EQ(sys_mkdir("d", 07777), 0, "mkdir 07777");
	MUST(sys_stat("d", &st));
	EXPECT_EQ(st.st_mode, S_IFDIR | 07777, "mode");
	EXPECT_EQ(sys_mkdir("e", S_IFDIR | 0755), -EINVAL, "a mode with type bits");
	EXPECT_EQ(sys_mkdir("e", 010000), -EINVAL, "a mode bit past 07777");
	EXPECT_EQ(sys_stat("e", &st), -ENOENT, "the refused mkdir made nothing");
	EXPECT_EQ(sys_mkdir("a/b/", 0755), 0, "mkdir a/b/");
	EXPECT_EQ(sys_mkdir("/dev/x", 0755), -EPERM, "mkdir in /dev");
	ut_leave_dir();
}

void test_unlink_cases(void)
{
	struct stat st;

	ut_enter_dir();
	ut_write_file("f", "x", 1);
	MUST(sys_mkdir("d", 0755));
	EXPECT_EQ(sys_unlink("f"), 0, "unlink f");
	EXPECT_EQ(sys_stat("f", &st), -ENOENT, "f after unlink");
	EXPECT_EQ(sys_unlink("f"), -ENOENT, "unlink f again");
	EXPECT_EQ(sys_unlink("d"), -EISDIR, "unlink of a directory");
	EXPECT_EQ(sys_unlink("d/"), -EISDIR, "unlink of d/");
	EXPECT_EQ(sys_unlink("."), -EISDIR, "unlink .");
	EXPECT_EQ(sys_unlink(".."), -EISDIR, "unlink ..");
	EXPECT_EQ(sys_unlink("d/."), -EISDIR, "unlink d/.");
	EXPECT_EQ(sys_unlink("d/.."), -EISDIR, "unlink d/..");
	EXPECT_EQ(sys_unlink("/"), -EISDIR, "unlink /");
	MUST(sys_stat("d", &st));
	ut_write_file("g", "x", 1);
	EXPECT_EQ(sys_unlink("g/"), -ENOTDIR, "unlink g/");
	EXPECT_EQ(sys_unlink("g/x"), -ENOTDIR, "unlink under a file");
	EXPECT_EQ(sys_unlink("nope/x"), -ENOENT, "unlink in a missing directory");
	EXPECT_EQ(sys_unlink(""), -ENOENT, "unlink \"\"");
	MUST(sys_stat("g", &st));
	EXPECT_EQ(sys_unlink("/dev/null"), -EPERM, "unlink /dev/null");
	MUST(sys_stat("/dev/null", &st));
	ut_leave_dir();
}

void test_rmdir_cases(void)
{
	struct stat st;
	char buf[64];

	ut_enter_dir();
	MUST(sys_mkdir("d", 0755));
	ut_write_file("d/f", "x", 1);
	EXPECT_EQ(sys_rmdir("d"), -ENOTEMPTY, "rmdir of a non-empty directory");
	MUST(sys_stat("d/f", &st));
	MUST(sys_unlink("d/f"));
	EXPECT_EQ(sys_rmdir("d"), 0, "rmdir once empty");
	EXPECT_EQ(sys_stat("d", &st), -ENOENT, "d after rmdir");
	EXPECT_EQ(sys_rmdir("d"), -ENOENT, "rmdir d again");
	MUST(sys_mkdir("d", 0755));
	MUST(sys_mkdir("d/sub", 0755));
	EXPECT_EQ(sys_rmdir("d"), -ENOTEMPTY, "rmdir with a subdirectory");
	MUST(sys_rmdir("d/sub"));
	MUST(sys_rmdir("d"));

	ut_write_file("f", "x", 1);
	EXPECT_EQ(sys_rmdir("f"), -ENOTDIR, "rmdir of a file");
	EXPECT_EQ(sys_rmdir("f/"), -ENOTDIR, "rmdir of f/");
	EXPECT_EQ(sys_rmdir("f/x"), -ENOTDIR, "rmdir under a file");
	MUST(sys_mkdir("e", 0755));
	EXPECT_EQ(sys_rmdir("e/."), -EINVAL, "rmdir e/.");
	EXPECT_EQ(sys_rmdir("."), -EINVAL, "rmdir .");
	EXPECT_EQ(sys_rmdir("e/.."), -ENOTEMPTY, "rmdir e/..");
	EXPECT_EQ(sys_rmdir(".."), -ENOTEMPTY, "rmdir ..");
	EXPECT_EQ(sys_rmdir("/"), -EBUSY, "rmdir /");
	EXPECT_EQ(sys_rmdir("/dev"), -EBUSY, "rmdir of the /dev mount point");
	EXPECT_EQ(sys_rmdir("/dev/"), -EBUSY, "rmdir /dev/");
	EXPECT_EQ(sys_rmdir(""), -ENOENT, "rmdir \"\"");
	EXPECT_EQ(sys_rmdir("e//"), 0, "rmdir e//");

	/* Removing the cwd: allowed; the directory is dead but still there. */
	MUST(sys_mkdir("g", 0755));
	MUST(sys_chdir("g"));
	long inodes = sys_kinfo(KINFO_INODES);
	EXPECT_EQ(sys_rmdir("../g"), 0, "rmdir of our own cwd");
	EXPECT_EQ(sys_kinfo(KINFO_INODES), inodes, "the cwd keeps its inode");
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), -ENOENT, "getcwd in a removed directory");
	EXPECT_EQ(sys_open("x", OPEN_WRITE), -ENOENT, "creating in a removed directory");
	EXPECT_EQ(sys_mkdir("x", 0755), -ENOENT, "mkdir in a removed directory");
	EXPECT_EQ(sys_stat("..", &st), -ENOENT, ".. of a removed directory");
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_nlink, 0, "nlink of a removed directory");
	int fd = (int)MUST(sys_open(".", O_READ));
	EXPECT_EQ(sys_getdents(fd, buf, sizeof(buf)), 0, "a removed directory lists nothing");
	MUST(sys_close(fd));
	MUST(sys_chdir("/"));
	EXPECT_EQ(sys_kinfo(KINFO_INODES), inodes - 1, "freed when the cwd moved away");
	ut_leave_dir();
}

/* ---- rename ------------------------------------------------------------------- */

void test_rename_cases(void)
{
	struct stat st, st2;

	ut_enter_dir();
	ut_write_file("a", "AAA", 3);
	MUST(sys_stat("a", &st));
	EXPECT_EQ(sys_rename("a", "b"), 0, "rename a b");
	EXPECT_EQ(sys_stat("a", &st2), -ENOENT, "a after the rename");
	MUST(sys_stat("b", &st2));
	EXPECT_EQ(st2.st_ino, st.st_ino, "the same inode under the new name");
	ut_expect_file("b", "AAA");

	/* Replacing a file: the old one is freed. */
	ut_write_file("c", "CCC", 3);
	long inodes = sys_kinfo(KINFO_INODES);
	EXPECT_EQ(sys_rename("b", "c"), 0, "rename over a file");
	EXPECT_EQ(sys_kinfo(KINFO_INODES), inodes - 1, "the replaced file's inode");
	ut_expect_file("c", "AAA");
	EXPECT_EQ(sys_stat("b", &st2), -ENOENT, "b after the rename");
	EXPECT_EQ(sys_rename("c", "c"), 0, "rename onto itself");
	ut_expect_file("c", "AAA");

	/* Type mismatches. */
	MUST(sys_mkdir("d", 0755));
	EXPECT_EQ(sys_rename("c", "d"), -EISDIR, "a file over a directory");
	EXPECT_EQ(sys_rename("d", "c"), -ENOTDIR, "a directory over a file");
	EXPECT_EQ(sys_rename("c/", "z"), -ENOTDIR, "\"file/\" as the source");
	EXPECT_EQ(sys_rename("c", "z/"), -ENOTDIR, "\"name/\" as the target of a file");

	/* A directory into itself or below. */
	MUST(sys_mkdir("d/e", 0755));
	EXPECT_EQ(sys_rename("d", "d/f"), -EINVAL, "d into itself");
	EXPECT_EQ(sys_rename("d", "d/e/f"), -EINVAL, "d below itself");
	EXPECT_EQ(sys_rename("d/", "d/e/f/"), -EINVAL, "with slashes");
	EXPECT_EQ(sys_rename("d", "d"), 0, "a directory onto itself");

	/* Over an empty directory; not over a full one. */
	MUST(sys_mkdir("x", 0755));
	ut_write_file("x/file", "X", 1);
	MUST(sys_mkdir("y", 0755));
	EXPECT_EQ(sys_rename("y", "x"), -ENOTEMPTY, "over a non-empty directory");
	EXPECT_EQ(sys_rename("x", "y"), 0, "over an empty directory");
	ut_expect_file("y/file", "X");
	EXPECT_EQ(sys_stat("x", &st2), -ENOENT, "x after the rename");

	/* A directory moved elsewhere: ".." and nlink follow it. */
	MUST(sys_stat("d/e", &st));
	EXPECT_EQ(st.st_nlink, 2, "nlink of d/e before");
	EXPECT_EQ(sys_rename("y", "d/e/y2/"), 0, "move a directory down");
	MUST(sys_stat("d/e", &st));
	EXPECT_EQ(st.st_nlink, 3, "nlink of d/e after");
	MUST(sys_chdir("d/e/y2"));
	ut_expect_file("file", "X");
	MUST(sys_stat("..", &st2));
	EXPECT_EQ(st2.st_ino, st.st_ino, "y2/.. is d/e");
	char cwd[256], want[256];
	MUST(sys_getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "/tmp/%s.%d/d/e/y2", ut_name, getpid());
	CHECK(strcmp(cwd, want) == 0, "getcwd %s, want %s", cwd, want);
	MUST(sys_chdir("../../.."));
	EXPECT_EQ(sys_rename("d/e/y2", "top"), 0, "move it back up");
	MUST(sys_stat("d/e", &st));
	EXPECT_EQ(st.st_nlink, 2, "nlink of d/e after the move out");

	/* Link counts when a directory with subdirectories moves: its own
	 * stays, the old parent loses one "..", the new one gains it. */
	MUST(sys_mkdir("m", 0755));
	MUST(sys_mkdir("m/s1", 0755));
	MUST(sys_mkdir("m/s2", 0755));
	struct stat m, here, dd;
	MUST(sys_stat("m", &m));
	MUST(sys_stat(".", &here));
	MUST(sys_stat("d", &dd));
	EXPECT_EQ(m.st_nlink, 4, "nlink of m with two subdirectories");
	MUST(sys_rename("m", "d/m2"));
	MUST(sys_stat("d/m2", &st));
	EXPECT_EQ(st.st_nlink, 4, "nlink of m after the move");
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_nlink, here.st_nlink - 1, "nlink of the old parent");
	MUST(sys_stat("d", &st));
	EXPECT_EQ(st.st_nlink, dd.st_nlink + 1, "nlink of the new parent");
	MUST(sys_stat("d/m2/s1/../..", &st));
	EXPECT_EQ(st.st_ino, dd.st_ino, "d/m2/s1/../.. is d");
	MUST(sys_mkdir("empty", 0755));
	MUST(sys_rename("d/m2", "empty"));   /* over an empty directory */
	MUST(sys_stat("empty", &st));
	EXPECT_EQ(st.st_nlink, 4, "nlink after replacing an empty directory");
	MUST(sys_stat(".", &st));
	EXPECT_EQ(st.st_nlink, here.st_nlink, "nlink of . after the replace");

	/* Missing things, names that cannot be renamed, other file systems. */
	EXPECT_EQ(sys_rename("nope", "z"), -ENOENT, "missing source");
	EXPECT_EQ(sys_rename("c", "nope/z"), -ENOENT, "missing target directory");
	EXPECT_EQ(sys_rename("c/x", "z"), -ENOTDIR, "source under a file");
	EXPECT_EQ(sys_rename(".", "z"), -EINVAL, "rename .");
	EXPECT_EQ(sys_rename("..", "z"), -EINVAL, "rename ..");
	EXPECT_EQ(sys_rename("c", "."), -EINVAL, "rename onto .");
	EXPECT_EQ(sys_rename("c", "d/.."), -EINVAL, "rename onto d/..");
	EXPECT_EQ(sys_rename("/", "z"), -EBUSY, "rename /");
	EXPECT_EQ(sys_rename("c", "/"), -EBUSY, "rename onto /");
	EXPECT_EQ(sys_rename("c", "/dev/c"), -EXDEV, "into /dev");
	EXPECT_EQ(sys_rename("/dev/null", "n"), -EXDEV, "out of /dev");
	EXPECT_EQ(sys_rename("/dev/null", "/dev/nul2"), -EPERM, "within /dev");
	EXPECT_EQ(sys_rename("/dev", "z"), -EBUSY, "the /dev mount point");
	ut_expect_file("c", "AAA");

	/* An open file can be renamed; its descriptor does not notice. */
	int fd = (int)MUST(sys_open("c", O_READ));
	MUST(sys_rename("c", "top/moved"));
	char buf[4];
	EXPECT_EQ(sys_read(fd, buf, 3), 3, "read after the rename");
	CHECK(memcmp(buf, "AAA", 3) == 0, "read %.3s", buf);
	MUST(sys_close(fd));
	ut_leave_dir();
}

/* ---- cwd --------------------------------------------------------------------- */

static void expect_cwd(const char *want, int line)
{
	char buf[512];
	long n = sys_getcwd(buf, sizeof(buf));

	CHECK(n >= 0, "line %d: getcwd: %ld", line, n);
	CHECK(n == (long)strlen(buf), "line %d: getcwd returned %ld for \"%s\"", line, n, buf);
	CHECK(strcmp(buf, want) == 0, "line %d: cwd is %s, want %s", line, buf, want);
}

void test_cwd_paths(void)
{
	char buf[512], want[512];
	struct stat st;

	/* The suite runs from "/". */
	expect_cwd("/", __LINE__);
	EXPECT_EQ(sys_getcwd(buf, 2), 1, "getcwd of / in 2 bytes");
	EXPECT_EQ(sys_getcwd(buf, 1), -ERANGE, "getcwd of / in 1 byte");
	EXPECT_EQ(sys_getcwd(buf, 0), -ERANGE, "getcwd in 0 bytes");

	const char *dir = ut_enter_dir();
	expect_cwd(dir, __LINE__);
	size_t n = strlen(dir);
	EXPECT_EQ(sys_getcwd(buf, n), -ERANGE, "getcwd without room for the NUL");
	EXPECT_EQ(sys_getcwd(buf, n + 1), (long)n, "getcwd in exactly enough");
	errno = 0;
	CHECK(getcwd(buf, 2) == NULL && errno == ERANGE, "libc getcwd: errno %d", errno);
	CHECK(getcwd(buf, sizeof(buf)) == buf, "libc getcwd");

	MUST(sys_mkdir("a", 0755));
	MUST(sys_mkdir("a/b", 0755));
	MUST(sys_mkdir("a/b/c", 0755));
	MUST(sys_chdir("a/b/c"));
	snprintf(want, sizeof(want), "%s/a/b/c", dir);
	expect_cwd(want, __LINE__);
	MUST(sys_chdir(".."));
	snprintf(want, sizeof(want), "%s/a/b", dir);
	expect_cwd(want, __LINE__);
	MUST(sys_chdir("./c/../../b/c/."));
	snprintf(want, sizeof(want), "%s/a/b/c", dir);
	expect_cwd(want, __LINE__);
	MUST(sys_chdir("."));
	expect_cwd(want, __LINE__);
	MUST(sys_chdir("/"));
	expect_cwd("/", __LINE__);
	MUST(sys_chdir(".."));
	expect_cwd("/", __LINE__);
	MUST(sys_chdir("/../../.."));
	expect_cwd("/", __LINE__);
	MUST(sys_chdir("/dev"));
	expect_cwd("/dev", __LINE__);
	int fd = (int)MUST(sys_open("null", O_WRITE));   /* relative, inside devfs */
	MUST(sys_close(fd));
	MUST(sys_chdir(".."));
	expect_cwd("/", __LINE__);

	/* Relative paths start at the cwd. */
	MUST(sys_chdir(dir));
	ut_write_file("a/b/c/../x", "x", 1);
	snprintf(want, sizeof(want), "%s/a/b/x", dir);
	MUST(sys_stat(want, &st));
	ut_write_file("f", "x", 1);
	EXPECT_EQ(sys_chdir("f"), -ENOTDIR, "chdir to a file");
	EXPECT_EQ(sys_chdir("f/"), -ENOTDIR, "chdir to f/");
	EXPECT_EQ(sys_chdir("nope"), -ENOENT, "chdir to a missing directory");
	EXPECT_EQ(sys_chdir(""), -ENOENT, "chdir \"\"");
	EXPECT_EQ(sys_chdir("/dev/null"), -ENOTDIR, "chdir to a device");
	expect_cwd(dir, __LINE__);

	/* fork copies the cwd; each process then has its own. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		expect_cwd(dir, __LINE__);
		MUST(sys_chdir("a"));
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "child failed");
	expect_cwd(dir, __LINE__);
	ut_leave_dir();
}

/* ---- path walking ------------------------------------------------------------- */

void test_path_walk(void)
{
	struct stat st, root, tmp;
	char buf[300];

	const char *dir = ut_enter_dir();
	MUST(sys_mkdir("a", 0755));
	ut_write_file("a/f", "x", 1);
	static const char *const good[] = {
		"a//f", "./a/./f", "a/../a/f", "a///.//f", "././a/f",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(sys_stat(good[i], &st) == 0 && S_ISREG(st.st_mode), "stat %s", good[i]);
	snprintf(buf, sizeof(buf), "/%s//a///f", dir);
	MUST(sys_stat(buf, &st));
	MUST(sys_stat("////tmp", &tmp));
	MUST(sys_stat("a/", &st));
	CHECK(S_ISDIR(st.st_mode), "a/ is not a directory");
	MUST(sys_stat("a/.", &st));
	CHECK(S_ISDIR(st.st_mode), "a/. is not a directory");

	/* A file used as a directory. */
	EXPECT_EQ(sys_stat("a/f/", &st), -ENOTDIR, "a/f/");
	EXPECT_EQ(sys_stat("a/f/.", &st), -ENOTDIR, "a/f/.");
	EXPECT_EQ(sys_stat("a/f/..", &st), -ENOTDIR, "a/f/..");
	EXPECT_EQ(sys_stat("a/f/g", &st), -ENOTDIR, "a/f/g");
	EXPECT_EQ(sys_stat("a/nope/g", &st), -ENOENT, "a/nope/g");

	/* ".." of "/" is "/"; ".." out of a mount goes to where it is mounted. */
	MUST(sys_stat("/", &root));
	static const char *const roots[] = { "/..", "/../..", "/./..", "//..//", "/dev/..",
					     "/tmp/../dev/../.." };
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		MUST(sys_stat(roots[i], &st));
		CHECK(st.st_ino == root.st_ino, "%s is not /", roots[i]);
	}
	MUST(sys_stat("/dev/../tmp", &st));
	EXPECT_EQ(st.st_ino, tmp.st_ino, "/dev/../tmp");
	ut_leave_dir();
}

void test_name_too_long(void)
{
	struct stat st;
	char name[NAME_MAX + 2];

	const char *dir = ut_enter_dir();
	/* NAME_MAX bytes make a name; one more does not. */
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	ut_write_file(name, "x", 1);
	MUST(sys_stat(name, &st));
	MUST(sys_unlink(name));
	MUST(sys_mkdir(name, 0755));
	MUST(sys_rmdir(name));
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	EXPECT_EQ(sys_open(name, OPEN_WRITE), -ENAMETOOLONG, "open, long name");
	EXPECT_EQ(sys_open(name, O_READ), -ENAMETOOLONG, "open, long name, no create");
	EXPECT_EQ(sys_mkdir(name, 0755), -ENAMETOOLONG, "mkdir, long name");
	EXPECT_EQ(sys_stat(name, &st), -ENAMETOOLONG, "stat, long name");
	EXPECT_EQ(sys_unlink(name), -ENAMETOOLONG, "unlink, long name");
	EXPECT_EQ(sys_rmdir(name), -ENAMETOOLONG, "rmdir, long name");
	EXPECT_EQ(sys_chdir(name), -ENAMETOOLONG, "chdir, long name");
	ut_write_file("f", "x", 1);
	EXPECT_EQ(sys_rename("f", name), -ENAMETOOLONG, "rename to a long name");
	EXPECT_EQ(sys_rename(name, "g"), -ENAMETOOLONG, "rename from a long name");
	char *mid = malloc(NAME_MAX + 16);
	snprintf(mid, NAME_MAX + 16, "%s/x", name);
	EXPECT_EQ(sys_stat(mid, &st), -ENAMETOOLONG, "a long name in the middle");
	free(mid);

	/* Paths: PATH_MAX bytes with the NUL.  "/tmp/./././..." of 4095
	 * characters works; 4096 (no NUL within PATH_MAX) does not. */
	char *p = malloc(PATH_MAX + 64);
	strcpy(p, "/tmp");
	size_t len = 4;
	while (len + 2 <= PATH_MAX - 1) {
		p[len++] = '/';
		p[len++] = '.';
	}
	if (len < PATH_MAX - 1)
		p[len++] = '/';
	p[len] = '\0';
	EXPECT_EQ(len, PATH_MAX - 1, "length of the longest path");
	MUST(sys_stat(p, &st));
	MUST(sys_chdir(p));
	MUST(sys_chdir(dir));
	p[len++] = '/';
	p[len] = '\0';
	EXPECT_EQ(sys_stat(p, &st), -ENAMETOOLONG, "stat, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_open(p, O_READ), -ENAMETOOLONG, "open, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_mkdir(p, 0755), -ENAMETOOLONG, "mkdir, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_chdir(p), -ENAMETOOLONG, "chdir, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_unlink(p), -ENAMETOOLONG, "unlink, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_rmdir(p), -ENAMETOOLONG, "rmdir, a path of PATH_MAX bytes");
	EXPECT_EQ(sys_rename(p, "x"), -ENAMETOOLONG, "rename from a path of PATH_MAX bytes");
	EXPECT_EQ(sys_rename("f", p), -ENAMETOOLONG, "rename to a path of PATH_MAX bytes");
	free(p);
	ut_leave_dir();
}
