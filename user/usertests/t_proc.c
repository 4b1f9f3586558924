/* Processes: fork, exit, waitpid, getpid, yield, preemption, execve. */
#include "ut.h"

void test_getpid(void)
{
	pid_t me = getpid(), pid;
	int st;

	CHECK(me > 0, "getpid() = %d", me);
	EXPECT_EQ(sys_getpid(), me, "raw getpid vs libc");
	pid = ut_fork();
	if (pid == 0) {
		pid_t c = getpid();
		long pp = sys_getppid();

		CHECK(c != me, "child has its parent's pid %d", me);
		/* getppid may not exist yet; when it does it must be right. */
		CHECK(pp == -ENOSYS || pp == me, "getppid() = %ld, want %d", pp, me);
		exit(c & 0xff);       /* report our pid through the exit code */
	}
	CHECK(pid != me, "fork returned our own pid");
	st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (pid & 0xff),
	      "fork returned %d but the child reported %s", pid, ut_status(st));
	EXPECT_EQ(getpid(), me, "getpid after fork");
}

void test_exit_codes(void)
{
	static const int codes[] = { 0, 1, 7, 42, 127, 128, 255, 256, 257, -1 };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = ut_fork();
		int st;

		if (pid == 0) {
			/* Every way out: libc exit, _exit, the raw call. */
			if (i % 3 == 0)
				exit(codes[i]);
			if (i % 3 == 1)
				_exit(codes[i]);
			sys_exit(codes[i]);
			_exit(100);       /* sys_exit returned?! */
		}
		st = ut_wait(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (codes[i] & 0xff),
		      "exit(%d): got %s (status %#x), want exit %d", codes[i],
		      ut_status(st), st, codes[i] & 0xff);
		EXPECT_EQ(st, (codes[i] & 0xff) << 8, "raw wait status");
	}
}

void test_fork_basic(void)
{
	pid_t me = getpid(), pid;
	int st;

	pid = ut_fork();
	if (pid == 0)
		exit(17);
	CHECK(pid > 0 && pid != me, "fork returned %d (we are %d)", pid, me);
	st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 17, "child: %s, want exit 17",
	      ut_status(st));
	/* Reaped means gone: nothing left to wait for. */
	EXPECT_EQ(sys_waitpid(-1, &st, 0), -ECHILD, "waitpid(-1) with no children");
	EXPECT_EQ(sys_waitpid(pid, &st, 0), -ECHILD, "waitpid of a reaped child");
}

void test_fork_many(void)
{
	enum { N = 20 };
	pid_t pids[N];
	int seen[N] = { 0 };

	for (int i = 0; i < N; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0)
			exit(100 + i);
	}
	for (int k = 0; k < N; k++) {
		int st, i;
		pid_t w = waitpid(-1, &st, 0);

		CHECK(w > 0, "waitpid #%d: %s", k, strerror(errno));
		for (i = 0; i < N && pids[i] != w; i++)
			;
		CHECK(i < N, "waitpid returned %d, not one of our children", w);
		CHECK(!seen[i], "child %d reaped twice", w);
		seen[i] = 1;
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 100 + i,
		      "child %d: %s, want exit %d", i, ut_status(st), 100 + i);
	}
	EXPECT_EQ(sys_waitpid(-1, NULL, 0), -ECHILD, "waitpid after reaping all");
}

void test_waitpid_specific(void)
{
	uint64_t hz = ut_tsc_hz();
	pid_t a, b, slow;
	int st;

	/* a spins a while and exits 3; b exits 4 at once.  Waiting for a
	 * must return a even though b is (very likely) a zombie first. */
	a = ut_fork();
	if (a == 0) {
		ut_spin(hz / 10);
		exit(3);
	}
	b = ut_fork();
	if (b == 0)
		exit(4);
	st = ut_wait(a);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "a: %s, want exit 3",
	      ut_status(st));
	st = ut_wait(b);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "b: %s, want exit 4",
	      ut_status(st));

	/* Not our children: pid 1, ourselves, a pid nobody has. */
	EXPECT_EQ(sys_waitpid(1, &st, 0), -ECHILD, "waitpid(1)");
	EXPECT_EQ(sys_waitpid(getpid(), &st, 0), -ECHILD, "waitpid(self)");
	EXPECT_EQ(sys_waitpid(99999, &st, 0), -ECHILD, "waitpid(99999)");
	EXPECT_EQ(sys_waitpid(-1, &st, WNOHANG), -ECHILD, "waitpid(-1, WNOHANG), no children");

	/* WNOHANG on a live child returns 0 and leaves it be. */
	slow = ut_fork();
	if (slow == 0) {
		ut_spin(hz / 2);
		exit(5);
	}
	st = 12345;
	EXPECT_EQ(sys_waitpid(slow, &st, WNOHANG), 0, "waitpid(running child, WNOHANG)");
	EXPECT_EQ(sys_waitpid(-1, NULL, WNOHANG), 0, "waitpid(-1, NULL, WNOHANG)");
	/* status may be NULL for a real reap too */
	EXPECT_EQ(sys_waitpid(slow, NULL, 0), slow, "waitpid(slow, NULL, 0)");
	EXPECT_EQ(sys_waitpid(slow, &st, WNOHANG), -ECHILD, "waitpid after the reap");
}

void test_yield_basic(void)
{
	pid_t pid;
	long i;
	int st = 0;

	for (i = 0; i < 100; i++)
		EXPECT_EQ(sys_yield(), 0, "yield()");
	EXPECT_EQ(yield(), 0, "libc yield()");

	/* Yielding must let another process run: poll without blocking and
	 * yield until the child has finished. */
	pid = ut_fork();
	if (pid == 0) {
		for (int k = 0; k < 20; k++)
			sys_yield();
		exit(9);
	}
	for (i = 0; i < 100000; i++) {
		long w = sys_waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		EXPECT_EQ(w, 0, "waitpid(child, WNOHANG)");
		sys_yield();
	}
	CHECK(i < 100000, "child never finished while we yielded");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "child: %s, want exit 9",
	      ut_status(st));
}

void test_preempt(void)
{
	uint64_t ticks = 2 * ut_tsc_hz();
	pid_t spinner, quick, w;
	int st;

	/* The spinner never enters the kernel; only the timer can take the
	 * CPU from it.  It gives up by itself after about two seconds. */
	spinner = ut_fork();
	if (spinner == 0) {
		ut_spin(ticks);
		exit(0);
	}
	quick = ut_fork();
	if (quick == 0) {
		for (int i = 0; i < 3; i++)
			sys_yield();
		exit(7);
	}
	w = waitpid(-1, &st, 0);
	CHECK(w == quick, "first child to finish was %d (spinner %d, quick %d):"
	      " the spinner was not preempted", w, spinner, quick);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "quick child: %s, want exit 7",
	      ut_status(st));
	st = ut_wait(spinner);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "spinner: %s", ut_status(st));
}

/* ---- execve ---- */

int exec_marker = 1234;          /* .data: a fresh image has this value */
static char exec_bss[64];        /* .bss: a fresh image has zeros */

/*
 * usertests --exec-helper CODE: what execve_basic runs.  Shows its argv on
 * stderr, checks what it got, and exits with CODE; a failed check exits
 * with a small number of its own instead, naming the problem.
 */
int exec_helper(int argc, char **argv, char **envp)
{
	char aligned[16] __attribute__((aligned(16)));
	const char *v;

	for (int i = 0; i < argc; i++)
		fprintf(stderr, "usertests: exec-helper: argv[%d] = \"%s\"\n", i,
			argv[i]);
	if (argc != 3 || argv[3] != NULL)
		return 2;
	if (strcmp(argv[0], "usertests") != 0)
		return 3;
	if (envp != environ || envp == NULL)
		return 4;
	if (envp[0] == NULL || strcmp(envp[0], "UT_EXEC=marker") != 0 ||
	    envp[2] != NULL)
		return 5;
	v = getenv("UT_SECOND");
	if (v == NULL || strcmp(v, "two words") != 0)
		return 6;
	if (exec_marker != 1234)   /* the parent's copy was set to 0 */
		return 7;
	for (size_t i = 0; i < sizeof(exec_bss); i++)
		if (exec_bss[i])
			return 8;
	if ((uintptr_t)aligned & 15)     /* the start-up stack kept the ABI's alignment */
		return 9;
	if (sys_write(2, "", 0) != 0)    /* fds survive execve */
		return 10;
	return atoi(argv[2]);
}

void test_execve_basic(void)
{
	static char *const argv[] = { "usertests", "--exec-helper", "42", NULL };
	static char *const envp[] = { "UT_EXEC=marker", "UT_SECOND=two words", NULL };
	pid_t pid;
	int st;

	pid = ut_fork();
	if (pid == 0) {
		/* Dirty the image so the helper can tell it got a new one. */
		exec_marker = 0;
		memset(exec_bss, 0x55, sizeof(exec_bss));
		execve("/bin/usertests", argv, envp);
		ut_fail("execve /bin/usertests: %s", strerror(errno));
	}
	st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "exec'd helper: %s, want exit 42 (2-10: a check in the helper failed)",
	      ut_status(st));
}

void test_execve_missing(void)
{
	static char *const argv[] = { "nonexistent", NULL };
	static char *const hargv[] = { "usertests", "--exec-helper", "43", NULL };
	static char *const envp[] = { NULL };
	char *const bad_argv[] = { "usertests", ut_addr(KTEXT_ADDR), NULL };

	EXPECT_EQ(sys_execve("/bin/nonexistent", argv, envp), -ENOENT,
		  "execve(/bin/nonexistent)");
	errno = 0;
	CHECK(execve("/bin/nonexistent", argv, envp) == -1 && errno == ENOENT,
	      "libc execve: errno %d, want ENOENT", errno);
	EXPECT_EQ(sys_execve("/no/such/dir/prog", argv, envp), -ENOENT,
		  "execve(/no/such/dir/prog)");

	/* Bad pointers are refused before the old image is given up. */
	EXPECT_EQ(sys_execve(ut_addr(KTEXT_ADDR), argv, envp), -EFAULT,
		  "execve(kernel address as path)");
	EXPECT_EQ(sys_execve("/bin/usertests", ut_addr(KTEXT_ADDR), envp), -EFAULT,
		  "execve(argv = kernel address)");
	EXPECT_EQ(sys_execve("/bin/usertests", bad_argv, envp), -EFAULT,
		  "execve(argv[1] = kernel address)");
	EXPECT_EQ(sys_execve("/bin/usertests", hargv, ut_addr(KTEXT_ADDR)), -EFAULT,
		  "execve(envp = kernel address)");

	/* And we are still here, still ourselves. */
	EXPECT_EQ(sys_getpid(), getpid(), "getpid after failed execs");
}

/*
 * Fill the process table: children exit at once but stay zombies until
 * reaped, so fork must eventually fail with EAGAIN (the table is full)
 * rather than crash or hang; then every child is reaped.
 */
void test_fork_until_fail(void)
{
	int n = 0;
	for (;;) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(n & 0xff);
		if (pid < 0) {
			CHECK(errno == EAGAIN || errno == ENOMEM, "fork failed with errno %d", errno);
			break;
		}
		CHECK(++n < 10000, "fork never fails");
	}
	CHECK(n >= 8, "only %d forks succeeded", n);
	for (int i = 0; i < n; i++) {
		int st;
		pid_t pid = wait(&st);
		CHECK(pid > 0, "wait %d of %d failed: errno %d", i, n, errno);
		CHECK(WIFEXITED(st), "child %d: %s", pid, ut_status(st));
	}
	CHECK(wait(0) < 0 && errno == ECHILD, "a child too many");
}

/* execve's documented errors, each leaving the caller running. */
void test_execve_errors(void)
{
	char *argv[] = { "x", 0 };
	char *envp[] = { 0 };

	EXPECT_EQ(sys_execve("/etc/motd", argv, envp), -ENOEXEC, "execve of a text file");
	EXPECT_EQ(sys_execve("/bin", argv, envp), -EPERM, "execve of a directory");

	/* A path with no NUL within PATH_MAX bytes. */
	char *longpath = malloc(PATH_MAX + 16);
	CHECK(longpath != 0, "malloc");
	memset(longpath, 'a', PATH_MAX + 15);
	longpath[0] = '/';
	longpath[PATH_MAX + 15] = 0;
	EXPECT_EQ(sys_execve(longpath, argv, envp), -ENAMETOOLONG, "execve of a too-long path");

	/* 40 arguments of 4000 bytes: more than the 128 KiB the kernel takes. */
	char *big = malloc(4000);
	CHECK(big != 0, "malloc");
	memset(big, 'b', 3999);
	big[3999] = 0;
	char *bigv[42];
	bigv[0] = "usertests";
	for (int i = 1; i <= 40; i++)
		bigv[i] = big;
	bigv[41] = 0;
	EXPECT_EQ(sys_execve("/bin/usertests", bigv, envp), -E2BIG, "execve with 160 KB of arguments");
	/* The same bytes in the environment count too. */
	EXPECT_EQ(sys_execve("/bin/usertests", argv, bigv + 1), -E2BIG, "execve with 160 KB of environment");

	EXPECT_EQ(sys_getpid(), getpid(), "getpid after failed execs");
	free(big);
	free(longpath);
}

/* waitpid's argument checks: nothing is reaped when they fail. */
void test_waitpid_errors(void)
{
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(9);
	int st = 0;
	EXPECT_EQ(sys_waitpid(pid, &st, 4), -EINVAL, "waitpid with an unknown option");
	EXPECT_EQ(sys_waitpid(-99999, &st, 0), -ECHILD, "waitpid(-99999): no such group among the children");
	EXPECT_EQ(sys_waitpid(pid, (int *)KTEXT_ADDR, 0), -EFAULT, "waitpid into kernel memory");
	EXPECT_EQ(sys_waitpid(pid, (int *)8, 0), -EFAULT, "waitpid into page 0");
	/* A read-only page: our own text. */
	EXPECT_EQ(sys_waitpid(pid, (int *)(uintptr_t)test_waitpid_errors, 0), -EFAULT,
		  "waitpid into read-only text");
	/* The child was not lost to the failed calls. */
	EXPECT_EQ(sys_waitpid(pid, &st, 0), pid, "waitpid after the failures");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "status %s", ut_status(st));
}
