/*
 * The syscall filter (filter_set) and the uid calls (getuid, setuid).
 */
#include <stdarg.h>
#include "ut.h"

/* A bitmap allowing every call but those listed (ended by -1). */
static void allow_all_but(uint8_t map[32], ...)
{
	va_list ap;
	memset(map, 0xff, 32);
	va_start(ap, map);
	for (int nr; (nr = va_arg(ap, int)) >= 0;)
		map[nr / 8] &= (uint8_t)~(1u << (nr % 8));
	va_end(ap);
}

static long getpid_int80(void)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"((long)SYS_getpid) : "memory");
	return r;
}

void test_filter_blocks(void)
{
	uint8_t map[32];
	long nprocs = sys_kinfo(KINFO_NPROCS);

	EXPECT_EQ(sys_filter_set(ut_addr(8)), -EFAULT, "filter_set(bad pointer)");
	EXPECT_EQ(sys_filter_set(ut_addr(KTEXT_ADDR)), -EFAULT, "filter_set(kernel pointer)");
	CHECK(sys_getpid() > 0, "getpid before any filter");

	allow_all_but(map, SYS_getpid, SYS_fork, -1);
	EXPECT_EQ(sys_filter_set(map), 0, "filter_set");
	EXPECT_EQ(sys_getpid(), -EPERM, "getpid through SYSCALL, filtered");
	EXPECT_EQ(getpid_int80(), -EPERM, "getpid through int $0x80, filtered");
	/* A blocked call does nothing: no process appears. */
	EXPECT_EQ(sys_fork(), -EPERM, "fork, filtered");
	EXPECT_EQ(sys_kinfo(KINFO_NPROCS), nprocs, "process count after a filtered fork");
	/* Numbers that name no call are still ENOSYS, filter or not. */
	EXPECT_EQ(__syscall6(300, 0, 0, 0, 0, 0, 0), -ENOSYS, "call 300");
	EXPECT_EQ(sys_getppid() >= 0, 1, "getppid still allowed");
}

void test_filter_narrows_only(void)
{
	uint8_t map[32];

	allow_all_but(map, SYS_getpid, -1);
	EXPECT_EQ(sys_filter_set(map), 0, "first filter");
	/* A second filter that allows getpid again cannot widen the first. */
	allow_all_but(map, SYS_getppid, -1);
	EXPECT_EQ(sys_filter_set(map), 0, "second filter");
	EXPECT_EQ(sys_getpid(), -EPERM, "getpid after the wider second filter");
	EXPECT_EQ(sys_getppid(), -EPERM, "getppid after the second filter");
	EXPECT_EQ(sys_getuid(), 0, "getuid still allowed");
	/* Blocking filter_set itself freezes the filter. */
	allow_all_but(map, SYS_getpid, SYS_getppid, SYS_filter_set, -1);
	EXPECT_EQ(sys_filter_set(map), 0, "third filter");
	memset(map, 0, sizeof(map));
	EXPECT_EQ(sys_filter_set(map), -EPERM, "filter_set once it is filtered");
	EXPECT_EQ(sys_getuid(), 0, "the refused filter_set changed nothing");
}

void test_filter_inherited(void)
{
	uint8_t map[32];

	allow_all_but(map, SYS_getpid, -1);
	EXPECT_EQ(sys_filter_set(map), 0, "filter_set");
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(sys_getpid() == -EPERM ? 0 : 1);
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child was not filtered: %s", ut_status(st));
	/* execve keeps it: the probe exits 0 only if getpid is refused. */
	pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "usertests", "--probe-getpid-filtered", 0 };
		execve("/bin/usertests", argv, environ);
		_exit(99);
	}
	st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "after execve: %s", ut_status(st));
}

void test_uid(void)
{
	EXPECT_EQ(sys_getuid(), 0, "getuid at start");
	EXPECT_EQ(sys_setuid(0), 0, "setuid(0) as root");
	EXPECT_EQ(sys_setuid(0xffffffffu), -EINVAL, "setuid(-1)");
	EXPECT_EQ(sys_setuid(1000), 0, "setuid(1000)");
	EXPECT_EQ(sys_getuid(), 1000, "getuid after setuid");
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(sys_getuid() == 1000 ? 0 : 1);
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's uid: %s", ut_status(st));
	/* Dropping privilege is for good. */
	EXPECT_EQ(sys_setuid(0), -EPERM, "setuid(0) as 1000");
	EXPECT_EQ(sys_setuid(1001), -EPERM, "setuid(1001) as 1000");
	EXPECT_EQ(sys_setuid(1000), 0, "setuid to itself");
	EXPECT_EQ(sys_getuid(), 1000, "getuid at the end");
}
