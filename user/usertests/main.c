/*
 * usertests: runs the tests of the table below, each in its own child, and
 * prints one line per test on stdout: "PASS <name>" or "FAIL <name>: <why>",
 * then "usertests: P passed, F failed".  Exit status 0 iff nothing failed.
 *
 *   usertests                 run every test
 *   usertests NAME...         run only these
 *   usertests --list          print the names
 *
 * Besides the child's exit status, a test fails with "leak" when one of the
 * kernel's counters differs before and after it (free pages, processes,
 * open-file objects, tmpfs inodes): whatever a process does, once it is
 * reaped and has removed the files it made, everything must be back.
 */
#include <stdarg.h>
#include "ut.h"

struct test {
	const char *name;
	void (*fn)(void);
};

static const struct test tests[] = {
	{ "syscall_vs_int80",     test_syscall_vs_int80 },
	{ "regs_preserved",       test_regs_preserved },
	{ "regs_preserved_int80", test_regs_preserved_int80 },
	{ "enosys",               test_enosys },
	{ "write_efault",         test_write_efault },
	{ "write_partial",        test_write_partial },
	{ "kinfo",                test_kinfo },
	{ "getpid",               test_getpid },
	{ "exit_codes",           test_exit_codes },
	{ "fork_basic",           test_fork_basic },
	{ "fork_many",            test_fork_many },
	{ "fork_until_fail",      test_fork_until_fail },
	{ "waitpid_specific",     test_waitpid_specific },
	{ "waitpid_errors",       test_waitpid_errors },
	{ "fork_memory_copy",     test_fork_memory_copy },
	{ "yield_basic",          test_yield_basic },
	{ "preempt",              test_preempt },
	{ "brk_basic",            test_brk_basic },
	{ "malloc_basic",         test_malloc_basic },
	{ "oom_brk",              test_oom_brk },
	{ "execve_basic",         test_execve_basic },
	{ "execve_missing",       test_execve_missing },
	{ "execve_errors",        test_execve_errors },
	{ "privileged_insns",     test_privileged_insns },
	{ "all_regs_minus1",      test_all_regs_minus1 },
	/* files and descriptors */
	{ "open_flags",           test_open_flags },
	{ "open_errors",          test_open_errors },
	{ "rw_modes",             test_rw_modes },
	{ "append",               test_append },
	{ "shared_inode",         test_shared_inode },
	{ "dup_basic",            test_dup_basic },
	{ "dup2_cases",           test_dup2_cases },
	{ "fork_offset",          test_fork_offset },
	{ "lseek_cases",          test_lseek_cases },
	{ "stat_fields",          test_stat_fields },
	{ "unlink_open",          test_unlink_open },
	{ "emfile",               test_emfile },
	{ "cloexec",              test_cloexec },
	{ "exec_vfs",             test_exec_vfs },
	{ "kinfo_files",          test_kinfo_files },
	{ "fs_efault",            test_fs_efault },
	{ "getdents_list",        test_getdents_list },
	{ "getdents_small",       test_getdents_small },
	{ "mkdir_errors",         test_mkdir_errors },
	{ "unlink_cases",         test_unlink_cases },
	{ "rmdir_cases",          test_rmdir_cases },
	{ "rename_cases",         test_rename_cases },
	{ "cwd_paths",            test_cwd_paths },
	{ "path_walk",            test_path_walk },
	{ "name_too_long",        test_name_too_long },
	{ "dev_null_zero",        test_dev_null_zero },
	{ "dev_listing",          test_dev_listing },
	{ "console_fds",          test_console_fds },
	{ "initrd_files",         test_initrd_files },
	{ "concurrent_writers",   test_concurrent_writers },
	{ "concurrent_dir",       test_concurrent_dir },
	{ "deep_tree",            test_deep_tree },
	{ "large_file",           test_large_file },
	{ "many_entries",         test_many_entries },
	{ "fs_full",              test_fs_full },
	{ "fs_random",            test_fs_random },
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

const char *ut_name = "usertests";

static void vnote(const char *fmt, va_list ap)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "usertests: %s: ", ut_name);

	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);     /* one line, one write */
}

void ut_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(fmt, ap);
	va_end(ap);
}

void ut_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(fmt, ap);
	va_end(ap);
	exit(1);
}

pid_t ut_fork(void)
{
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	return pid;
}

int ut_wait(pid_t pid)
{
	int status = -1;
	pid_t w = waitpid(pid, &status, 0);

	CHECK(w == pid, "waitpid(%d) returned %d (%s)", pid, w,
	      w < 0 ? strerror(errno) : "another pid");
	return status;
}

const char *ut_status(int status)
{
	static char buf[48];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "status %#x", status);
	return buf;
}

uint64_t ut_tsc_hz(void)
{
	long hz = sys_clock(CLOCK_TSC_HZ);

	return hz > 0 ? (uint64_t)hz : 1500000000ull;
}

void ut_spin(uint64_t ticks)
{
	uint64_t t0 = rdtsc();

	while (rdtsc() - t0 < ticks)
		__asm__ volatile("pause");
}

/* The leak counters; one the kernel does not have reads as an error both
 * before and after, which then compares equal. */
struct counters {
	long pages, procs, files, inodes;
};

static void counters(struct counters *c)
{
	c->pages = sys_kinfo(KINFO_FREE_PAGES);
	c->procs = sys_kinfo(KINFO_NPROCS);
	c->files = sys_kinfo(KINFO_OPEN_FILES);
	c->inodes = sys_kinfo(KINFO_INODES);
}

static int counters_equal(const struct counters *a, const struct counters *b)
{
	return a->pages == b->pages && a->procs == b->procs &&
	       a->files == b->files && a->inodes == b->inodes;
}

/* Returns 1 if the test passed; prints its one line either way. */
static int run_one(const struct test *t)
{
	struct counters c0, c1;
	int status = 0, st;
	pid_t pid, w;

	fflush(stdout);
	counters(&c0);
	pid = fork();
	if (pid < 0) {
		printf("FAIL %s: fork: %s\n", t->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		ut_name = t->name;
		t->fn();
		exit(0);
	}
	w = waitpid(pid, &status, 0);

	/* The kernel may finish tearing a process down a moment after the
	 * reap (another CPU, a deferred free): give it a few chances. */
	for (int i = 0; i < 20; i++) {
		counters(&c1);
		if (counters_equal(&c0, &c1))
			break;
		sys_yield();
	}
	/* Reap strays a test left behind (orphans come to us when we are
	 * pid 1) so they do not count against the next test. */
	while (waitpid(-1, &st, WNOHANG) > 0)
		;

	if (w != pid)
		printf("FAIL %s: waitpid returned %d (%s)\n", t->name, w,
		       w < 0 ? strerror(errno) : "wrong pid");
	else if (status != 0)
		printf("FAIL %s: %s\n", t->name, ut_status(status));
	else if (!counters_equal(&c0, &c1))
		printf("FAIL %s: leak (free pages %ld -> %ld, processes %ld -> %ld,"
		       " open files %ld -> %ld, inodes %ld -> %ld)\n", t->name,
		       c0.pages, c1.pages, c0.procs, c1.procs, c0.files, c1.files,
		       c0.inodes, c1.inodes);
	else {
		printf("PASS %s\n", t->name);
		return 1;
	}
	return 0;
}

/* Makes the harness's own first-use costs happen before any measurement:
 * stack pages touched by deeper calls, and whatever the kernel allocates
 * once on the first fork. */
static void __attribute__((noinline)) warm_up(void)
{
	volatile char stack[32 * 1024];
	int st;
	pid_t pid;

	for (size_t i = 0; i < sizeof(stack); i += 512)
		stack[i] = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, &st, 0);
}

int main(int argc, char **argv, char **envp)
{
	int passed = 0, failed = 0;

	/* An exec that lost its argv must not start the whole suite again. */
	if (argc < 1 || argv[0] == NULL)
		return 99;
	if (argc >= 2 && strcmp(argv[1], "--exec-helper") == 0)
		return exec_helper(argc, argv, envp);
	if (argc >= 2 && strcmp(argv[1], "--fd-helper") == 0)
		return fd_helper(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < NTESTS; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}

	warm_up();
	if (argc < 2) {
		for (size_t i = 0; i < NTESTS; i++)
			run_one(&tests[i]) ? passed++ : failed++;
	} else {
		for (int a = 1; a < argc; a++) {
			size_t i = 0;

			while (i < NTESTS && strcmp(tests[i].name, argv[a]) != 0)
				i++;
			if (i == NTESTS) {
				printf("FAIL %s: no such test\n", argv[a]);
				failed++;
				continue;
			}
			run_one(&tests[i]) ? passed++ : failed++;
		}
	}
	printf("usertests: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
