/*
 * usertests: runs the tests of the table below, each in its own child, and
 * prints one line per test on stdout: "PASS <name>" or "FAIL <name>: <why>",
 * then "usertests: P passed, F failed".  Exit status 0 iff nothing failed.
 *
 *   usertests                 run every test
 *   usertests NAME...         run only these
 *   usertests --list          print the names
 *   usertests --mem-helper    (run by the memory tests after an exec)
 *
 * Besides the child's exit status, a test fails with "leak" when the
 * kernel's free-page count or process count differs before and after it:
 * whatever a process does, once it is reaped everything must be back.
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
	/* memory: the address space (t_vm.c) */
	{ "sbrkbasic",            test_sbrkbasic },
	{ "sbrkmuch",             test_sbrkmuch },
	{ "sbrkarg",              test_sbrkarg },
	{ "sbrkbugs",             test_sbrkbugs },
	{ "rwsbrk",               test_rwsbrk },
	{ "stacktest",            test_stacktest },
	{ "textwrite",            test_textwrite },
	{ "nxexec",               test_nxexec },
	{ "bsstest",              test_bsstest },
	{ "kernmem",              test_kernmem },
	{ "maxvaplus",            test_maxvaplus },
	{ "mmap_basic",           test_mmap_basic },
	{ "mmap_prot_none",       test_mmap_prot_none },
	{ "mmap_prot",            test_mmap_prot },
	{ "mmap_fixed",           test_mmap_fixed },
	{ "munmap_partial",       test_munmap_partial },
	{ "mmap_einval",          test_mmap_einval },
	{ "munmap_einval",        test_munmap_einval },
	{ "mmap_enomem",          test_mmap_enomem },
	/* memory: regions, statistics, limits (t_region.c) */
	{ "region_prot",          test_region_prot },
	{ "region_bounds",        test_region_bounds },
	{ "region_errors",        test_region_errors },
	{ "region_ids",           test_region_ids },
	{ "memstats_exact",       test_memstats_exact },
	{ "memlimit_refuse",      test_memlimit_refuse },
	{ "memlimit_below",       test_memlimit_below },
	{ "memlimit_inherit",     test_memlimit_inherit },
	{ "memlimit_exec",        test_memlimit_exec },
	{ "sysmem_sum",           test_sysmem_sum },
	/* memory: sharing (t_shm.c) */
	{ "shm_fork",             test_shm_fork },
	{ "shm_key",              test_shm_key },
	{ "shm_reattach",         test_shm_reattach },
	{ "shm_rmid",             test_shm_rmid },
	{ "shm_errors",           test_shm_errors },
	{ "shm_enospc",           test_shm_enospc },
	{ "shm_exec_region",      test_shm_exec_region },
	{ "shm_exec_drop",        test_shm_exec_drop },
	{ "mmap_shared_fork",     test_mmap_shared_fork },
	{ "mmap_private_fork",    test_mmap_private_fork },
	{ "mmap_shared_none",     test_mmap_shared_none },
	/* last: runs the machine out of memory */
	{ "oom_many",             test_oom_many },
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

/* Reads the two leak counters; a kernel without kinfo gives -1 for both
 * before and after, which then compares equal. */
static void counters(long *pages, long *procs)
{
	*pages = sys_kinfo(KINFO_FREE_PAGES);
	*procs = sys_kinfo(KINFO_NPROCS);
}

/* Returns 1 if the test passed; prints its one line either way. */
static int run_one(const struct test *t)
{
	long pages0, procs0, pages1, procs1;
	int status = 0, st;
	pid_t pid, w;

	fflush(stdout);
	counters(&pages0, &procs0);
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
		counters(&pages1, &procs1);
		if (pages1 == pages0 && procs1 == procs0)
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
	else if (pages1 != pages0 || procs1 != procs0)
		printf("FAIL %s: leak (free pages %ld -> %ld, processes %ld -> %ld)\n",
		       t->name, pages0, pages1, procs0, procs1);
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
	if (argc >= 2 && strcmp(argv[1], "--mem-helper") == 0)
		return mem_helper(argc, argv);
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
