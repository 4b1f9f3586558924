/*
 * Devices and the boot-time tree: /dev/null, /dev/zero, /dev/console and
 * fds 0-2, what a listing of /dev shows, and the files copied from the
 * initrd.  Nothing here ever waits for console input: the test machine's
 * serial port has none, so a blocking read would hang the suite.
 */
#include "ut.h"

void test_dev_null_zero(void)
{
	struct stat st;
	char buf[100];
	int fd;

	fd = (int)MUST(sys_open("/dev/null", OPEN_RDWR));
	EXPECT_EQ(sys_write(fd, "vanish", 6), 6, "write to /dev/null");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 0, "read of /dev/null (EOF)");
	MUST(sys_fstat(fd, &st));
	EXPECT_EQ(st.st_mode, S_IFCHR | 0666, "mode of /dev/null");
	EXPECT_EQ(st.st_size, 0, "size of /dev/null");
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "lseek on /dev/null");
	MUST(sys_close(fd));
	/* TRUNCATE and CREATE mean nothing to a device that exists. */
	fd = (int)MUST(sys_open("/dev/null", OPEN_WRITE));
	MUST(sys_close(fd));
	fd = (int)MUST(sys_open("/dev/null", OPEN_APPEND));
	EXPECT_EQ(sys_write(fd, "x", 1), 1, "append to /dev/null");
	MUST(sys_close(fd));

	/* /dev/zero: zeros, as many as asked, however often. */
	fd = (int)MUST(sys_open("/dev/zero", O_READ | O_WRITE));
	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), sizeof(buf), "read of /dev/zero");
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK(buf[i] == 0, "byte %zu of /dev/zero is %d", i, buf[i]);
	size_t big = 1 << 20;
	char *p = malloc(big);
	CHECK(p != NULL, "malloc");
	for (int round = 0; round < 3; round++) {
		memset(p, 0x5a, big);
		EXPECT_EQ(sys_read(fd, p, big), (long)big, "1 MiB from /dev/zero");
		for (size_t i = 0; i < big; i += 4093)
			CHECK(p[i] == 0, "byte %zu of the 1 MiB read is %d", i, p[i]);
		CHECK(p[big - 1] == 0, "the last byte");
	}
	free(p);
	EXPECT_EQ(sys_write(fd, "abc", 3), 3, "write to /dev/zero");
	MUST(sys_fstat(fd, &st));
	EXPECT_EQ(st.st_mode, S_IFCHR | 0666, "mode of /dev/zero");
	MUST(sys_close(fd));

	/* Devices are not files to make, remove or rename. */
	EXPECT_EQ(sys_open("/dev/nope", O_READ), -ENOENT, "a missing device");
	EXPECT_EQ(sys_open("/dev/new", OPEN_WRITE), -EPERM, "creating in /dev");
	EXPECT_EQ(sys_mkdir("/dev/d", 0755), -EPERM, "mkdir in /dev");
	EXPECT_EQ(sys_unlink("/dev/zero"), -EPERM, "unlink /dev/zero");
	EXPECT_EQ(sys_rmdir("/dev/null"), -ENOTDIR, "rmdir /dev/null");
	EXPECT_EQ(sys_open("/dev/null/x", O_READ), -ENOTDIR, "a device used as a directory");
	MUST(sys_stat("/dev/zero", &st));
}

/* Listing /dev shows exactly the devices, and each of them opens. */
void test_dev_listing(void)
{
	static const char *const want[] = { ".", "..", "console", "null", "zero", "kmsg" };
	enum { NWANT = sizeof(want) / sizeof(want[0]) };
	int seen[NWANT] = { 0 };
	char buf[512], path[64];
	struct stat st, dev, root;
	long n;

	int fd = (int)MUST(sys_open("/dev", O_READ | O_DIRECTORY));
	MUST(sys_stat("/dev", &dev));
	MUST(sys_stat("/", &root));
	while ((n = sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; ) {
			struct dirent_rec *r = (struct dirent_rec *)(buf + off);
			size_t i;
			for (i = 0; i < NWANT && strcmp(want[i], r->d_name) != 0; i++)
				;
			CHECK(i < NWANT, "/dev lists \"%s\"", r->d_name);
			seen[i]++;
			if (i >= 2) {
				EXPECT_EQ(r->d_type, DT_CHR, "type of a device");
				snprintf(path, sizeof(path), "/dev/%s", r->d_name);
				MUST(sys_stat(path, &st));
				CHECK(S_ISCHR(st.st_mode), "%s: mode %#o", path, st.st_mode);
				EXPECT_EQ(st.st_ino, r->d_ino, "ino of a device");
				int d = (int)MUST(sys_open(path, O_READ | O_NONBLOCK));
				MUST(sys_close(d));
			} else {
				EXPECT_EQ(r->d_type, DT_DIR, "type of . and ..");
				EXPECT_EQ(r->d_ino, i == 0 ? dev.st_ino : root.st_ino, "ino of . or ..");
			}
			off += r->d_reclen;
		}
	}
	EXPECT_EQ(n, 0, "getdents of /dev");
	for (size_t i = 0; i < NWANT; i++)
		CHECK(seen[i] == 1, "\"%s\" seen %d times in /dev", want[i], seen[i]);
	MUST(sys_close(fd));
	CHECK(S_ISDIR(dev.st_mode), "/dev is not a directory");
}

/* Every process starts with fds 0, 1, 2 on /dev/console. */
void test_console_fds(void)
{
	static const char msg[] = "usertests: console_fds: written through /dev/console\n";
	struct stat con, st;
	char c;

	MUST(sys_stat("/dev/console", &con));
	CHECK(S_ISCHR(con.st_mode), "/dev/console: mode %#o", con.st_mode);
	for (int fd = 0; fd < 3; fd++) {
		MUST(sys_fstat(fd, &st));
		EXPECT_EQ(st.st_ino, con.st_ino, "fd 0-2 are /dev/console");
		EXPECT_EQ(sys_lseek(fd, 0, SEEK_CUR), -ESPIPE, "lseek on the console");
	}
	EXPECT_EQ(sys_fstat(3, &st), -EBADF, "fd 3 is not open at the start");
	EXPECT_EQ(sys_write(2, "", 0), 0, "empty write to fd 2");

	int fd = (int)MUST(sys_open("/dev/console", O_READ | O_WRITE | O_NONBLOCK));
	EXPECT_EQ(sys_write(fd, msg, sizeof(msg) - 1), sizeof(msg) - 1, "write to /dev/console");
	/* No one types during the tests: a NONBLOCK read has nothing. */
	EXPECT_EQ(sys_read(fd, &c, 1), -EAGAIN, "NONBLOCK read of the console");
	EXPECT_EQ(sys_read(fd, &c, 0), 0, "0-byte read of the console");
	EXPECT_EQ(sys_read(fd, ut_addr(KTEXT_ADDR), 1), -EFAULT, "console read into the kernel");
	MUST(sys_close(fd));

	/* Children inherit them. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		for (int i = 0; i < 3; i++)
			if (sys_fstat(i, &st) < 0 || st.st_ino != con.st_ino)
				exit(1);
		exit(0);
	}
	CHECK(ut_wait(pid) == 0, "a child without fds 0-2 on the console");
}

/* The initrd became ordinary files: readable, writable, with its modes. */
void test_initrd_files(void)
{
	struct stat st;
	char buf[256];

	MUST(sys_stat("/bin/usertests", &st));
	EXPECT_EQ(st.st_mode, S_IFREG | 0755, "mode of /bin/usertests");
	CHECK(st.st_size > 4096, "size of /bin/usertests: %lu", st.st_size);
	MUST(sys_stat("/bin", &st));
	EXPECT_EQ(st.st_mode, S_IFDIR | 0755, "mode of /bin");
	MUST(sys_stat("/tmp", &st));
	CHECK(S_ISDIR(st.st_mode), "/tmp: mode %#o", st.st_mode);
	size_t n = ut_read_file("/etc/motd", buf, sizeof(buf));
	CHECK(n > 0, "/etc/motd is empty");

	/* The ELF magic at the start of every program. */
	int fd = (int)MUST(sys_open("/bin/init", O_READ));
	EXPECT_EQ(sys_read(fd, buf, 4), 4, "read /bin/init");
	CHECK(memcmp(buf, "\177ELF", 4) == 0, "/bin/init does not start with the ELF magic");
	MUST(sys_close(fd));

	/* /bin lists its programs. */
	int found = 0;
	DIR *d = opendir("/bin");
	CHECK(d != NULL, "opendir /bin: %s", strerror(errno));
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, "init") == 0 || strcmp(e->d_name, "usertests") == 0 ||
		    strcmp(e->d_name, "hello") == 0) {
			found++;
			EXPECT_EQ(e->d_type, DT_FILE, "type of a program");
		}
	}
	closedir(d);
	EXPECT_EQ(found, 3, "init, hello and usertests in /bin");

	/* It is all writable tmpfs now. */
	char path[64];
	snprintf(path, sizeof(path), "/bin/ut-new.%d", getpid());
	ut_write_file(path, "new", 3);
	ut_expect_file(path, "new");
	MUST(sys_unlink(path));
}
