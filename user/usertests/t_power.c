/*
 * reboot (its refusals only: a success ends the machine, which the
 * harness checks in lanes of its own with `usertests --reboot ...`),
 * uname, and the kernel log /dev/kmsg.
 *
 * The raw calls are made here with the syscall macros rather than through
 * libc wrappers, which come with the tools work.
 */
#include <sys/mman.h>
#include "ut.h"

static long ut_reboot(long cmd) { return __syscall1(SYS_reboot, cmd); }
static long ut_reboot_int80(long cmd)
{
	return __syscall6_int80(SYS_reboot, cmd, 0, 0, 0, 0, 0);
}
static long ut_uname(void *buf) { return __syscall1(SYS_uname, (long)buf); }

/* usertests --reboot poweroff|restart: the harness's power lanes. */
int reboot_helper(int argc, char **argv)
{
	long cmd = REBOOT_POWEROFF;

	if (argc >= 3 && strcmp(argv[2], "restart") == 0)
		cmd = REBOOT_RESTART;
	else if (argc >= 3 && strcmp(argv[2], "poweroff") != 0) {
		fprintf(stderr, "usage: usertests --reboot poweroff|restart\n");
		return 2;
	}
	printf("usertests: reboot(%s)\n", cmd == REBOOT_RESTART ? "REBOOT_RESTART" : "REBOOT_POWEROFF");
	fflush(stdout);
	long r = ut_reboot(cmd);
	fprintf(stderr, "usertests: reboot returned %ld (%s)\n", r, r < 0 ? strerror((int)-r) : "?");
	return 1;
}

void test_reboot_errors(void)
{
	/* Not one of the two commands, including values whose low bits are
	 * REBOOT_POWEROFF: the whole 64-bit argument must be looked at. */
	static const long bad[] = {
		0, 3, 4, -1, 0x101, 0x100000001l, 0x100000002l, INT64_MIN, INT64_MAX,
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(ut_reboot(bad[i]), -EINVAL, "reboot(bad command) as uid 0");
		EXPECT_EQ(ut_reboot_int80(bad[i]), -EINVAL, "reboot(bad command) through int $0x80");
	}

	/* An unprivileged process may not, whatever it asks; EPERM comes
	 * before the command is looked at. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		MUST(sys_setuid(1000));
		EXPECT_EQ(ut_reboot(REBOOT_POWEROFF), -EPERM, "reboot(POWEROFF) as uid 1000");
		EXPECT_EQ(ut_reboot(REBOOT_RESTART), -EPERM, "reboot(RESTART) as uid 1000");
		EXPECT_EQ(ut_reboot_int80(REBOOT_POWEROFF), -EPERM, "reboot through int $0x80 as uid 1000");
		EXPECT_EQ(ut_reboot(0), -EPERM, "reboot(0) as uid 1000");
		EXPECT_EQ(ut_reboot(-1), -EPERM, "reboot(-1) as uid 1000");
		_exit(0);
	}
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the unprivileged child: %s", ut_status(st));
	/* Still here: nothing was switched off. */
	CHECK(sys_getpid() > 0, "getpid after the refused reboots");
}

/* A field is a NUL-terminated string padded with NULs to its end. */
static void check_field(const char *f, size_t size, const char *what)
{
	size_t n = strnlen(f, size);

	CHECK(n > 0 && n < size, "uname %s: length %zu of %zu", what, n, size);
	for (size_t i = n; i < size; i++)
		CHECK(f[i] == 0, "uname %s: byte %zu after the NUL is %#x", what, i, f[i] & 0xff);
}

void test_uname(void)
{
	struct utsname u;

	memset(&u, 0x5a, sizeof(u));
	EXPECT_EQ(ut_uname(&u), 0, "uname");
	check_field(u.sysname, sizeof(u.sysname), "sysname");
	check_field(u.release, sizeof(u.release), "release");
	check_field(u.version, sizeof(u.version), "version");
	check_field(u.machine, sizeof(u.machine), "machine");
	CHECK(strcmp(u.sysname, "Aurora") == 0, "sysname \"%s\"", u.sysname);
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine \"%s\"", u.machine);
	/* release: major.minor.patch */
	int dots = 0, digits = 0;
	for (const char *p = u.release; *p; p++) {
		if (*p == '.') {
			CHECK(digits > 0, "release \"%s\": an empty number", u.release);
			dots++;
			digits = 0;
		} else {
			CHECK(*p >= '0' && *p <= '9', "release \"%s\": not a version", u.release);
			digits++;
		}
	}
	CHECK(dots == 2 && digits > 0, "release \"%s\" is not N.N.N", u.release);
	CHECK(u.version[0] == '#', "version \"%s\" is not a build description (#N ...)",
	      u.version);

	/* The same through int $0x80. */
	struct utsname v;
	memset(&v, 0, sizeof(v));
	EXPECT_EQ(__syscall6_int80(SYS_uname, (long)&v, 0, 0, 0, 0, 0), 0, "uname via int $0x80");
	CHECK(memcmp(&u, &v, sizeof(u)) == 0, "the two entries disagree");

	/* Bad buffers: nothing, the kernel's, read-only, running off the end
	 * of the mapped memory. */
	EXPECT_EQ(ut_uname(NULL), -EFAULT, "uname(NULL)");
	EXPECT_EQ(ut_uname(ut_addr(KTEXT_ADDR)), -EFAULT, "uname(kernel address)");
	char *ro = mmap(NULL, MT_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap");
	EXPECT_EQ(ut_uname(ro), -EFAULT, "uname(read-only page)");
	munmap(ro, MT_PAGE);
	char *two = mmap(NULL, 2 * MT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(two != MAP_FAILED, "mmap");
	munmap(two + MT_PAGE, MT_PAGE);
	EXPECT_EQ(ut_uname(two + MT_PAGE - 16), -EFAULT, "uname(buffer running into a hole)");
	munmap(two, MT_PAGE);
}

#define LOG_MAX (64 * 1024)

/* Reads fd to its end in pieces of `piece` bytes: -> bytes read. */
static size_t read_all(int fd, char *buf, size_t max, size_t piece)
{
	size_t n = 0;
	long r = 0;

	while (n < max && (r = sys_read(fd, buf + n, max - n < piece ? max - n : piece)) > 0)
		n += (size_t)r;
	CHECK(r >= 0 || n == max, "read of /dev/kmsg: %ld", r);
	return n;
}

void test_kmsg(void)
{
	struct utsname u;
	struct stat st;
	char want[128];

	MUST(ut_uname(&u));
	snprintf(want, sizeof(want), "%s %s (%s), booted by ", u.sysname, u.release, u.machine);

	int fd = (int)MUST(sys_open("/dev/kmsg", O_READ | O_WRITE));
	MUST(sys_fstat(fd, &st));
	EXPECT_EQ(st.st_mode, S_IFCHR | 0644, "mode of /dev/kmsg");

	char *buf = malloc(LOG_MAX + 1), *again = malloc(LOG_MAX + 1);
	CHECK(buf && again, "malloc");
	size_t n = read_all(fd, buf, LOG_MAX, LOG_MAX);
	buf[n] = 0;
	CHECK(n > 0, "/dev/kmsg is empty");
	EXPECT_EQ(sys_read(fd, buf + n, 1), 0, "read at the end of the log");
	/* The offset is the number of the next byte since boot: the bytes
	 * read, unless the log has wrapped and dropped some. */
	long end = MUST(sys_lseek(fd, 0, SEEK_CUR));
	CHECK(end >= (long)n, "offset %ld after reading %zu bytes", end, n);
	int wrapped = end > (long)n;

	if (!wrapped) {
		/* The whole boot is there: the banner, first on its line. */
		char *b = strstr(buf, want);
		CHECK(b != NULL, "no \"%s\" in the log", want);
		CHECK(b == buf || b[-1] == '\n', "the banner is not at the start of a line");
		CHECK(strstr(buf, "\nacpi: ") != NULL, "no acpi line in the log");
		/* The same bytes, read a few at a time from the start. */
		EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "lseek(0)");
		size_t m = read_all(fd, again, n, 7);
		EXPECT_EQ(m, n, "bytes read 7 at a time");
		CHECK(memcmp(buf, again, n) == 0, "7-byte reads differ from one big read");
	} else {
		ut_note("the log has wrapped (%ld bytes since boot): banner not checked", end);
	}

	/* A write (uid 0) lands at the end of the log, and the offset after
	 * it (as with O_APPEND); read from where the log ended before, the
	 * note comes next. */
	char note[64];
	int len = snprintf(note, sizeof(note), "usertests: a note for dmesg from pid %d\n", getpid());
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "lseek(0)");
	EXPECT_EQ(sys_write(fd, note, (size_t)len), len, "write to /dev/kmsg");
	long after = MUST(sys_lseek(fd, 0, SEEK_CUR));
	CHECK(after >= end + len, "offset %ld after the write, the log ended at %ld", after, end);
	EXPECT_EQ(sys_lseek(fd, end, SEEK_SET), end, "lseek to the old end");
	size_t m = read_all(fd, again, LOG_MAX, LOG_MAX);
	again[m] = 0;
	CHECK(strstr(again, note) != NULL, "the note is not in the log (got %zu bytes)", m);

	/* Faults: a bad buffer moves nothing. */
	EXPECT_EQ(sys_lseek(fd, 0, SEEK_SET), 0, "lseek(0)");
	EXPECT_EQ(sys_read(fd, ut_addr(8), 16), -EFAULT, "read into a bad buffer");
	EXPECT_EQ(sys_read(fd, ut_addr(KTEXT_ADDR), 16), -EFAULT, "read into the kernel");
	EXPECT_EQ(sys_write(fd, ut_addr(8), 16), -EFAULT, "write from a bad buffer");
	MUST(sys_close(fd));

	/* An unprivileged process reads it but may not write to it. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		MUST(sys_setuid(1000));
		int f = (int)MUST(sys_open("/dev/kmsg", O_READ | O_WRITE));
		char b[16];
		EXPECT_EQ(sys_read(f, b, sizeof(b)), sizeof(b), "read as uid 1000");
		EXPECT_EQ(sys_write(f, "x\n", 2), -EPERM, "write as uid 1000");
		_exit(0);
	}
	int s = ut_wait(pid);
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 0, "the unprivileged child: %s", ut_status(s));
	free(buf);
	free(again);
}
