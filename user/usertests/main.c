/*
 * usertests: runs the tests of the table below, each in its own child, and
 * prints one line per test on stdout: "PASS <name>" or "FAIL <name>: <why>",
 * then "usertests: P passed, F failed".  Exit status 0 iff nothing failed.
 *
 *   usertests                 run every test
 *   usertests NAME...         run only these
 *   usertests --list          print the names
 *   usertests --mem-helper    (run by the memory tests after an exec)
 *   usertests --reboot poweroff|restart
 *                             calls reboot(2) (the harness's power lanes)
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
	{ "proc_info",            test_proc_info },
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
	/* processes, groups, kill, copy-on-write (t_proc2.c) */
	{ "getppid",              test_getppid },
	{ "reparent",             test_reparent },
	{ "fork_until_eagain",    test_fork_until_eagain },
	{ "fork_tree",            test_fork_tree },
	{ "fork_bomb",            test_fork_bomb },
	{ "cow_isolation",        test_cow_isolation },
	{ "cow_accounting",       test_cow_accounting },
	{ "kill_child",           test_kill_child },
	{ "kill_spinner",         test_kill_spinner },
	{ "kill_errors",          test_kill_errors },
	{ "kill_group",           test_kill_group },
	{ "pgid",                 test_pgid },
	{ "waitpid_groups",       test_waitpid_groups },
	{ "waitpid_options",      test_waitpid_options },
	/* signals (t_signal.c) */
	{ "sig_handler_basic",    test_sig_handler_basic },
	{ "sig_kernel_restorer",  test_sig_kernel_restorer },
	{ "sig_resethand",        test_sig_resethand },
	{ "sig_mask_in_handler",  test_sig_mask_in_handler },
	{ "sig_nodefer",          test_sig_nodefer },
	{ "sig_block_unblock",    test_sig_block_unblock },
	{ "sig_fork_inherit",     test_sig_fork_inherit },
	{ "sig_uncatchable",      test_sig_uncatchable },
	{ "sig_signal_values",    test_sig_signal_values },
	{ "sig_sigaction_errors", test_sig_sigaction_errors },
	{ "sig_default_actions",  test_sig_default_actions },
	{ "sig_stop_cont",        test_sig_stop_cont },
	{ "sig_stop_self",        test_sig_stop_self },
	{ "sig_stop_discard",     test_sig_stop_discard },
	{ "sig_stop_handled",     test_sig_stop_handled },
	{ "sig_sigchld",          test_sig_sigchld },
	{ "sig_eintr_waitpid",    test_sig_eintr_waitpid },
	{ "sig_eintr_read",       test_sig_eintr_read },
	/* signal contexts, sigreturn, traps, faults (t_sigctx.c) */
	{ "sig_regs_sync",        test_sig_regs_sync },
	{ "sig_regs_async",       test_sig_regs_async },
	{ "sigreturn_forged",     test_sigreturn_forged },
	{ "sig_trap_syscall_tf",  test_sig_trap_syscall_tf },
	{ "sig_hw_faults",        test_sig_hw_faults },
	{ "sig_fault_blocked",    test_sig_fault_blocked },
	{ "sig_fault_handler",    test_sig_fault_handler },
	{ "rflags_abuse",         test_rflags_abuse },
	/* execve (t_exec.c) */
	{ "exec_bad_images",      test_exec_bad_images },
	{ "exec_many_args",       test_exec_many_args },
	{ "exec_big_arg",         test_exec_big_arg },
	{ "exec_e2big",           test_exec_e2big },
	{ "exec_signal_state",    test_exec_signal_state },
	/* last: a kernel that gets this wrong faults itself (t_sigctx.c) */
	{ "sigreturn_bad_fpu",    test_sigreturn_bad_fpu },
	{ "filter_blocks",        test_filter_blocks },
	{ "filter_narrows_only",  test_filter_narrows_only },
	{ "filter_inherited",     test_filter_inherited },
	{ "uid",                  test_uid },
	/* reboot's refusals, uname, the kernel log (t_power.c) */
	{ "reboot_errors",        test_reboot_errors },
	{ "uname",                test_uname },
	{ "kmsg",                 test_kmsg },
	/* message queues and time (t_ipc.c) */
	{ "msg_basic",            test_msg_basic },
	{ "msg_errors",           test_msg_errors },
	{ "msg_blocking",         test_msg_blocking },
	{ "clock",                test_clock },
	{ "nanosleep",            test_nanosleep },
	{ "nanosleep_eintr",      test_nanosleep_eintr },
	{ "timers",               test_timers },
	{ "timer_wake",           test_timer_wake },
	/* pipes (t_pipe.c) */
	{ "pipe_basic",          test_pipe_basic },
	{ "pipe_eof",            test_pipe_eof },
	{ "pipe_eof_shared_writer", test_pipe_eof_shared_writer },
	{ "pipe_sigpipe_kills",  test_pipe_sigpipe_kills },
	{ "pipe_epipe_ignored",  test_pipe_epipe_ignored },
	{ "pipe_sigpipe_handled", test_pipe_sigpipe_handled },
	{ "pipe_nonblock_capacity", test_pipe_nonblock_capacity },
	{ "pipe_atomic_writers", test_pipe_atomic_writers },
	{ "pipe_big_write",      test_pipe_big_write },
	{ "pipe_many_readers",   test_pipe_many_readers },
	{ "pipe_blocked_writer_killable", test_pipe_blocked_writer_killable },
	{ "pipe_eintr",          test_pipe_eintr },
	{ "pipe_errors",         test_pipe_errors },
	{ "pipe_cloexec",        test_pipe_cloexec },
	{ "filter_no_side_effects", test_filter_no_side_effects },
	/* the console and ioctl (t_console.c) */
	{ "console_take_output", test_console_take_output },
	{ "console_push_input",  test_console_push_input },
	{ "console_blocked_reader", test_console_blocked_reader },
	{ "console_job_signals", test_console_job_signals },
	{ "console_ioctl",       test_console_ioctl },
	{ "console_eperm",       test_console_eperm },
	/* tracing (t_trace.c) */
	{ "trace_syscall_counts", test_trace_syscall_counts },
	{ "trace_bytes",         test_trace_bytes },
	{ "trace_procs_sched",   test_trace_procs_sched },
	{ "trace_disable_reset", test_trace_disable_reset },
	{ "trace_events",        test_trace_events },
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
	{ "memlimit_unprivileged", test_memlimit_unprivileged },
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
	/* the programs of /bin (t_progs.c) */
	{ "prog_ls",              test_prog_ls },
	{ "prog_cat",             test_prog_cat },
	{ "prog_echo",            test_prog_echo },
	{ "prog_true_false",      test_prog_true_false },
	{ "prog_clear",           test_prog_clear },
	{ "prog_pwd",             test_prog_pwd },
	{ "prog_mkdir_rmdir",     test_prog_mkdir_rmdir },
	{ "prog_rm",              test_prog_rm },
	{ "prog_touch",           test_prog_touch },
	{ "prog_cp",              test_prog_cp },
	{ "prog_mv",              test_prog_mv },
	{ "prog_wc",              test_prog_wc },
	{ "prog_head_tail",       test_prog_head_tail },
	{ "prog_grep",            test_prog_grep },
	{ "prog_env",             test_prog_env },
	{ "prog_sleep",           test_prog_sleep },
	{ "prog_kill",            test_prog_kill },
	{ "prog_uname",           test_prog_uname },
	{ "prog_ps",              test_prog_ps },
	{ "prog_free",            test_prog_free },
	{ "prog_memstat",         test_prog_memstat },
	{ "prog_trace",           test_prog_trace },
	{ "prog_dmesg",           test_prog_dmesg },
	{ "prog_shutdown",        test_prog_shutdown },
	{ "prog_help",            test_prog_help },
	{ "prog_pipeline",        test_prog_pipeline },
	{ "prog_usage",           test_prog_usage },
	/* conformance to shared/spec/ABI.md alone (t_abi.c) */
	{ "abi_header",           test_abi_header },
	{ "abi_entry",            test_abi_entry },
	{ "abi_getpid",           test_abi_getpid },
	{ "abi_wait_status",      test_abi_wait_status },
	{ "abi_exit",             test_abi_exit },
	{ "abi_waitpid",          test_abi_waitpid },
	{ "abi_fork",             test_abi_fork },
	{ "abi_execve",           test_abi_execve },
	{ "abi_preempt",          test_abi_preempt },
	{ "abi_open_flags",       test_abi_open_flags },
	{ "abi_open_errors",      test_abi_open_errors },
	{ "abi_read_write",       test_abi_read_write },
	{ "abi_shared_files",     test_abi_shared_files },
	{ "abi_fd_errors",        test_abi_fd_errors },
	{ "abi_lseek",            test_abi_lseek },
	{ "abi_stat",             test_abi_stat },
	{ "abi_getdents",         test_abi_getdents },
	{ "abi_dev",              test_abi_dev },
	{ "abi_paths",            test_abi_paths },
	{ "abi_dirs",             test_abi_dirs },
	{ "abi_pipe",             test_abi_pipe },
	{ "abi_kill",             test_abi_kill },
	{ "abi_signal",           test_abi_signal },
	{ "abi_sigaction",        test_abi_sigaction },
	{ "abi_sigaction_flags",  test_abi_sigaction_flags },
	{ "abi_sigmask",          test_abi_sigmask },
	{ "abi_sigreturn_regs",   test_abi_sigreturn_regs },
	{ "abi_eintr",            test_abi_eintr },
	{ "abi_faults",           test_abi_faults },
	{ "abi_mmap",             test_abi_mmap },
	{ "abi_brk",              test_abi_brk },
	{ "abi_regions",          test_abi_regions },
	{ "abi_memstats",         test_abi_memstats },
	{ "abi_memlimit",         test_abi_memlimit },
	{ "abi_sysmem",           test_abi_sysmem },
	{ "abi_shm",              test_abi_shm },
	{ "abi_msg",              test_abi_msg },
	{ "abi_msg_block",        test_abi_msg_block },
	{ "abi_console",          test_abi_console },
	{ "abi_clock",            test_abi_clock },
	{ "abi_nanosleep",        test_abi_nanosleep },
	{ "abi_timers",           test_abi_timers },
	{ "abi_ioctl",            test_abi_ioctl },
	{ "abi_trace",            test_abi_trace },
	{ "abi_filter",           test_abi_filter },
	{ "abi_uid",              test_abi_uid },
	{ "abi_pgid",             test_abi_pgid },
	{ "abi_user_ptrs",        test_abi_user_ptrs },
	{ "abi_libc",             test_abi_libc },
	/* last: runs the machine out of memory */
	{ "oom_many",             test_oom_many },
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

const char *ut_name = "usertests";
pid_t ut_main_pid;
long  ut_main_ppid;

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
	pid_t w;
	int tries = 0;

	/* A handled signal interrupts a blocked waitpid (EINTR): wait on. */
	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR && ++tries < 1000);

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

uint64_t ut_ms(uint64_t ms)
{
	return ut_tsc_hz() / 1000 * ms;
}

void ut_yield_ms(unsigned ms)
{
	uint64_t t0 = rdtsc(), n = ut_ms(ms);

	while (rdtsc() - t0 < n)
		sys_yield();
}

void ut_linger(unsigned ms)
{
	ut_yield_ms(ms);
	_exit(UT_LINGER_EXIT);
}

long ut_wait_poll(pid_t pid, int *status, int options, unsigned ms)
{
	uint64_t t0 = rdtsc(), n = ut_ms(ms);

	for (;;) {
		long r = sys_waitpid(pid, status, options | WNOHANG);

		if (r != 0 || rdtsc() - t0 >= n)
			return r;
		sys_yield();
	}
}

int ut_wait_ms(pid_t pid, unsigned ms)
{
	int st = -1;
	long r = ut_wait_poll(pid, &st, WUNTRACED, ms);

	if (r == pid && WIFSTOPPED(st)) {
		sys_kill(pid, SIGKILL);
		ut_wait_poll(pid, NULL, 0, 2000);
		ut_fail("child %d stopped (signal %d) where it should have ended",
			pid, WSTOPSIG(st));
	}
	if (r == -EINVAL) {
		/* A kernel without WUNTRACED: wait the plain way. */
		r = ut_wait_poll(pid, &st, 0, ms);
	}
	if (r == 0) {
		sys_kill(pid, SIGKILL);
		ut_wait_poll(pid, NULL, 0, 2000);
		ut_fail("child %d still running after %u ms", pid, ms);
	}
	CHECK(r == pid, "waitpid(%d) returned %ld (%s)", pid, r,
	      r < 0 ? strerror((int)-r) : "another pid");
	return st;
}

void ut_need_kill(void)
{
	long r = sys_kill(getpid(), 0);

	CHECK(r == 0, "kill(self, 0) returned %ld (%s): kill is not usable",
	      r, r < 0 ? strerror((int)-r) : "?");
}

void ut_need_sigaction(void)
{
	struct sigaction old;
	long r = sys_sigaction(SIGUSR1, NULL, &old);

	CHECK(r == 0, "sigaction(SIGUSR1, NULL, &old) returned %ld (%s): "
	      "sigaction is not usable", r, r < 0 ? strerror((int)-r) : "?");
}

void ut_handle(int sig, ut_handler_fn h, uint64_t mask, uint64_t flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (uint64_t)(uintptr_t)h;
	sa.sa_mask = mask;
	sa.sa_flags = flags;
	CHECK(sigaction(sig, &sa, NULL) == 0, "sigaction(%d, handler): %s", sig,
	      strerror(errno));
}

static volatile int ready_count;

static void ready_handler(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	ready_count++;
}

void ut_ready_arm(void)
{
	ready_count = 0;
	ut_handle(SIGUSR2, ready_handler, 0, 0);
}

void ut_ready_send(pid_t to)
{
	long r = sys_kill(to, SIGUSR2);

	CHECK(r == 0, "kill(%d, SIGUSR2) to say 'ready': %ld", to, r);
}

int ut_ready_wait(unsigned ms)
{
	uint64_t t0 = rdtsc(), n = ut_ms(ms);

	while (ready_count == 0 && rdtsc() - t0 < n)
		sys_yield();
	return ready_count != 0;
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

/* Reaps every child that has ended: a test's orphans come to us when we
 * are pid 1, and they must not count against the next test. */
static void reap_strays(void)
{
	int st;

	while (sys_waitpid(-1, &st, WNOHANG) > 0)
		;
}

/* Waits up to ms for the counters to come back to c0, reaping strays
 * meanwhile: processes a test killed may still be on their way out.
 * -> 1 when they are back; the last values read are left in *c1. */
static int settle(const struct counters *c0, struct counters *c1, unsigned ms)
{
	uint64_t t0 = rdtsc(), n = ut_ms(ms);

	for (;;) {
		reap_strays();
		counters(c1);
		if (counters_equal(c0, c1))
			return 1;
		if (rdtsc() - t0 >= n)
			return 0;
		sys_yield();
	}
}

/* No test takes this long; one that does is killed and fails. */
#define TEST_TIMEOUT_MS 60000

/*
 * Waits for pid, for at most ms: its pid, or 0 if time ran out.  The
 * harness sleeps in waitpid, with a timer naming it to end the wait, so
 * that it takes no CPU from the test (and the machine can go idle).
 */
static pid_t wait_deadline(pid_t pid, int *status, unsigned ms)
{
	for (;;) {
		long tid = sys_timer_set(ms, getpid());
		if (tid < 0)
			return (pid_t)ut_wait_poll(pid, status, 0, ms);
		long w = sys_waitpid(pid, status, 0);
		if (sys_timer_cancel(tid) == 0 && w == -EINTR)
			return 0;                   /* the timer fired: too late */
		if (w != -EINTR)
			return (pid_t)w;
		/* Interrupted by something else: wait again (the deadline
		 * starts over, which only makes the limit looser). */
	}
}

/* Returns 1 if the test passed; prints its one line either way. */
static int run_one(const struct test *t)
{
	struct counters c0, c1;
	int status = 0, st, timed_out = 0;
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
	w = wait_deadline(pid, &status, TEST_TIMEOUT_MS);
	if (w == 0) {
		sys_kill(pid, SIGKILL);
		ut_wait_poll(pid, &st, 0, 5000);
		printf("FAIL %s: still running after %d s: killed\n", t->name,
		       TEST_TIMEOUT_MS / 1000);
		timed_out = 1;
	}

	/* The kernel may finish tearing a process down a moment after the
	 * reap (another CPU, a deferred free), and processes the test killed
	 * may still be on their way out: reap strays and give them a moment. */
	if (!settle(&c0, &c1, 1000)) {
		/* Something is left over: the verdict stands on the values
		 * just read, but clear the decks for the next test.  As pid 1
		 * we can kill whatever is left (kill(-1) spares only us);
		 * otherwise wait a while for children with deadlines. */
		if (getpid() == 1)
			sys_kill(-1, SIGKILL);
		struct counters later;
		settle(&c0, &later, 5000);
	}

	if (timed_out)
		;
	else if (w != pid)
		printf("FAIL %s: waitpid returned %d (%s)\n", t->name, w,
		       w < 0 ? strerror(-w) : "wrong pid");
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
	if (argc >= 2 && strcmp(argv[1], "--probe-getpid-filtered") == 0)
		return sys_getpid() == -EPERM ? 0 : 1;      /* for filter_inherited */
	if (argc >= 2 && strcmp(argv[1], "--fd-helper") == 0)
		return fd_helper(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--exec-args") == 0)
		return exec_args_helper(argc, argv, envp);
	if (argc >= 2 && strcmp(argv[1], "--abi-exec") == 0)
		return abi_exec_helper(argc, argv, envp);
	if (argc >= 2 && strcmp(argv[1], "--mem-helper") == 0)
		return mem_helper(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--reboot") == 0)
		return reboot_helper(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < NTESTS; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}

	ut_main_pid = getpid();
	ut_main_ppid = sys_getppid();
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
