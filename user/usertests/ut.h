/*
 * usertests: the in-guest test suite, in the style of xv6's usertests.
 * Every test runs in a forked child and passes by exiting 0; on failure it
 * says why on stderr and exits non-zero (ut_fail does both).
 */
#ifndef UT_H
#define UT_H
#include <aurora.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char *ut_name;     /* the test running in this process */

/* Reports "usertests: <test>: <message>" on stderr and exits 1. */
void ut_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* The same message without exiting (for tests that collect failures). */
void ut_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (!(cond))                                              \
			ut_fail(__VA_ARGS__);                             \
	} while (0)

/* Compares two integers (as 64-bit) and fails with both values shown. */
#define EXPECT_EQ(got, want, what)                                        \
	do {                                                              \
		long g_ = (long)(got), w_ = (long)(want);                 \
		if (g_ != w_)                                             \
			ut_fail("line %d: %s: got %ld (%#lx), want %ld",  \
				__LINE__, (what), g_, g_, w_);            \
	} while (0)

pid_t ut_fork(void);              /* fork, or fail the test */
int   ut_wait(pid_t pid);         /* waitpid(pid) == pid, or fail; -> status */
const char *ut_status(int status);/* "exit 3", "signal 11", ... (static) */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks per second: the kernel's figure when it has one, else a guess
 * that is right within a factor of two on any recent host. */
uint64_t ut_tsc_hz(void);
/* Busy-waits (no system calls) for about that many TSC ticks. */
void ut_spin(uint64_t ticks);

/* An address in the kernel's half: never accessible from user mode. */
#define KTEXT_ADDR 0xffffffff80000000ul

/* Hides a constant address from the optimizer, so that an access through
 * it is really made and not diagnosed or folded at compile time. */
static inline void *ut_addr(uintptr_t a)
{
	__asm__("" : "+r"(a));
	return (void *)a;
}

/* Runs a raw call that must succeed (>= 0) and gives its result; on an
 * error the test fails, naming the call and the line. */
#define MUST(call)                                                        \
	({                                                                \
		long r_ = (long)(call);                                   \
		if (r_ < 0)                                               \
			ut_fail("line %d: %s: error %ld (%s)", __LINE__,  \
				#call, r_, strerror((int)-r_));           \
		r_;                                                       \
	})

/* The kernel's descriptor limit (docs/design.md, "Files"). */
#define UT_NOFILE 64

/* Files (t_file.c).  ut_enter_dir makes /tmp/<test>.<pid> and makes it the
 * cwd; ut_leave_dir goes back to "/" and removes it with all it holds. */
const char *ut_enter_dir(void);
void ut_leave_dir(void);
void ut_rm_rf(const char *path);
void ut_write_file(const char *path, const void *data, size_t n);
size_t ut_read_file(const char *path, void *buf, size_t max);   /* bytes read */
void ut_expect_file(const char *path, const char *want);       /* exact contents */

int main(int argc, char **argv, char **envp);
int exec_helper(int argc, char **argv, char **envp);
int exec_args_helper(int argc, char **argv, char **envp);

/* The harness process (main), and what getppid() told it at start-up.
 * Usually main is pid 1 (init=/bin/usertests), so orphans come to it. */
extern pid_t ut_main_pid;
extern long  ut_main_ppid;

/* TSC ticks in ms milliseconds. */
uint64_t ut_ms(uint64_t ms);
/* Yields the CPU repeatedly for about ms milliseconds. */
void ut_yield_ms(unsigned ms);
/* For a child that waits to be killed: yields until about ms milliseconds
 * have passed, then exits with UT_LINGER_EXIT.  Nothing may hang forever
 * when a kernel feature is missing, so every such child has a deadline. */
#define UT_LINGER_EXIT 97
void ut_linger(unsigned ms) __attribute__((noreturn));
/* waitpid(pid, status, options | WNOHANG), again and again with yields in
 * between, for up to about ms milliseconds: -> waitpid's first non-zero
 * answer (a pid or -errno), or 0 when time ran out. */
long ut_wait_poll(pid_t pid, int *status, int options, unsigned ms);
/* Reaps pid within ms milliseconds, also reporting it as stopped (then it
 * is killed with SIGKILL, reaped and the test fails): -> its status.  A
 * child that is still there after ms is killed and the test fails. */
int ut_wait_ms(pid_t pid, unsigned ms);

/* Fail at once, with a clear reason, when the kernel lacks what a test is
 * built on (rather than fork children that would wait for nothing). */
void ut_need_kill(void);          /* kill(getpid(), 0) == 0 */
void ut_need_sigaction(void);     /* sigaction(SIGUSR1, NULL, &old) == 0 */

/* The full form of a signal handler: h(sig, 0, &sigcontext). */
typedef void (*ut_handler_fn)(int sig, void *info, struct sigcontext *sc);
/* sigaction through libc (its restorer), or fail the test. */
void ut_handle(int sig, ut_handler_fn h, uint64_t mask, uint64_t flags);
#define SIGBIT(s) ((uint64_t)1 << (s))

/* A parent learns that its child is ready through SIGUSR2: the parent
 * arms (a handler counting SIGUSR2) before the fork, the child calls
 * ut_ready_send(parent) and the parent ut_ready_wait(ms) -> 1 or 0. */
void ut_ready_arm(void);
void ut_ready_send(pid_t to);
int  ut_ready_wait(unsigned ms);
int fd_helper(int argc, char **argv);
int reboot_helper(int argc, char **argv);  /* usertests --reboot poweroff|restart */
int mem_helper(int argc, char **argv);     /* usertests --mem-helper MODE [N] */

/* ---- Helpers of the memory tests (t_vm.c, t_region.c, t_shm.c) ---------- */
/* The user address-space layout (docs/memory.md, kernel layout.h). */
#define MT_PAGE        4096ul
#define MT_USER_BASE   0x10000ul            /* nothing is mapped below */
#define MT_USER_TOP    0x800000000000ul     /* first address above user space */
#define MT_STACK_TOP   0x7ffffffff000ul     /* the stack ends here */
#define MT_STACK_GUARD 0x7fffff7ff000ul     /* lowest page of its 8 MiB: a guard */
#define MT_SIGTRAMP    0x7fffff7fd000ul     /* signal trampoline; mmap's ceiling */

static inline uintptr_t mt_page_up(uintptr_t v)
{
	return (v + MT_PAGE - 1) & ~(MT_PAGE - 1);
}

void     mt_stats(struct mem_stats *st);      /* memstats, or fail */
uint64_t mt_allocated(void);                  /* memstats().allocated */
long     mt_free_pages(void);                 /* kinfo(KINFO_FREE_PAGES) */
/* Touches 64 KiB of stack below the caller, so that the calls a test makes
 * afterwards do not fault new stack pages in and move memstats. */
void     mt_prefault_stack(void);
/* Runs fn(arg) in a child, which must die by signal sig; fails otherwise. */
void     mt_expect_signal(int sig, void (*fn)(uintptr_t), uintptr_t arg,
			  const char *what);
void     mt_load(uintptr_t a);                /* reads one byte at a */
void     mt_store(uintptr_t a);               /* writes one byte at a */
void     mt_call(uintptr_t a);                /* calls code at a */
/* Spins (yielding) until *flag == want or about `seconds` pass: 1 if seen. */
int      mt_wait_flag(volatile int *flag, int want, unsigned seconds);
/* x86-64 code for `int f(void) { return 42; }` (mov $42, %eax; ret). */
extern const unsigned char mt_code42[6];

/* The tests (the table is in main.c). */
void test_syscall_vs_int80(void);
void test_regs_preserved(void);
void test_regs_preserved_int80(void);
void test_enosys(void);
void test_write_efault(void);
void test_write_partial(void);
void test_kinfo(void);
void test_proc_info(void);
void test_getpid(void);
void test_exit_codes(void);
void test_fork_basic(void);
void test_fork_many(void);
void test_fork_until_fail(void);
void test_waitpid_specific(void);
void test_fork_memory_copy(void);
void test_yield_basic(void);
void test_preempt(void);
void test_brk_basic(void);
void test_oom_brk(void);
void test_malloc_basic(void);
void test_execve_basic(void);
void test_execve_missing(void);
void test_execve_errors(void);
void test_waitpid_errors(void);
void test_privileged_insns(void);
void test_all_regs_minus1(void);
/* t_file.c */
void test_open_flags(void);
void test_open_errors(void);
void test_rw_modes(void);
void test_append(void);
void test_shared_inode(void);
void test_dup_basic(void);
void test_dup2_cases(void);
void test_fork_offset(void);
void test_lseek_cases(void);
void test_stat_fields(void);
void test_unlink_open(void);
void test_emfile(void);
void test_cloexec(void);
void test_exec_vfs(void);
void test_kinfo_files(void);
void test_fs_efault(void);
/* t_dir.c */
void test_getdents_list(void);
void test_getdents_small(void);
void test_mkdir_errors(void);
void test_unlink_cases(void);
void test_rmdir_cases(void);
void test_rename_cases(void);
void test_cwd_paths(void);
void test_path_walk(void);
void test_name_too_long(void);
/* t_dev.c */
void test_dev_null_zero(void);
void test_dev_listing(void);
void test_console_fds(void);
void test_initrd_files(void);
/* t_fsstress.c */
void test_concurrent_writers(void);
void test_concurrent_dir(void);
void test_deep_tree(void);
void test_large_file(void);
void test_many_entries(void);
void test_fs_full(void);
void test_fs_random(void);

/* t_proc2.c: processes, process groups, kill, copy-on-write */
void test_getppid(void);
void test_reparent(void);
void test_fork_until_eagain(void);
void test_fork_tree(void);
void test_fork_bomb(void);
void test_cow_isolation(void);
void test_cow_accounting(void);
void test_kill_child(void);
void test_kill_spinner(void);
void test_kill_errors(void);
void test_kill_group(void);
void test_pgid(void);
void test_waitpid_groups(void);
void test_waitpid_options(void);

/* t_signal.c: dispositions, handlers, masks, stop and continue */
void test_sig_handler_basic(void);
void test_sig_kernel_restorer(void);
void test_sig_resethand(void);
void test_sig_mask_in_handler(void);
void test_sig_nodefer(void);
void test_sig_block_unblock(void);
void test_sig_fork_inherit(void);
void test_sig_uncatchable(void);
void test_sig_signal_values(void);
void test_sig_sigaction_errors(void);
void test_sig_default_actions(void);
void test_sig_stop_cont(void);
void test_sig_stop_self(void);
void test_sig_stop_discard(void);
void test_sig_stop_handled(void);
void test_sig_sigchld(void);
void test_sig_eintr_waitpid(void);
void test_sig_eintr_read(void);

/* t_sigctx.c: registers, sigreturn, traps and faults */
void test_sig_regs_sync(void);
void test_sig_regs_async(void);
void test_sigreturn_forged(void);
void test_sig_trap_syscall_tf(void);
void test_sig_hw_faults(void);
void test_sig_fault_blocked(void);
void test_sig_fault_handler(void);
void test_rflags_abuse(void);
void test_sigreturn_bad_fpu(void);
void test_filter_blocks(void);
void test_filter_narrows_only(void);
void test_filter_inherited(void);
void test_uid(void);
/* t_power.c: reboot's refusals, uname, /dev/kmsg */
void test_reboot_errors(void);
void test_uname(void);
void test_kmsg(void);
void test_msg_basic(void);
void test_msg_errors(void);
void test_msg_blocking(void);
void test_clock(void);
void test_nanosleep(void);
void test_nanosleep_eintr(void);
void test_timers(void);
void test_timer_wake(void);
/* t_pipe.c */
void test_pipe_basic(void);
void test_pipe_eof(void);
void test_pipe_eof_shared_writer(void);
void test_pipe_sigpipe_kills(void);
void test_pipe_epipe_ignored(void);
void test_pipe_sigpipe_handled(void);
void test_pipe_nonblock_capacity(void);
void test_pipe_atomic_writers(void);
void test_pipe_big_write(void);
void test_pipe_many_readers(void);
void test_pipe_blocked_writer_killable(void);
void test_pipe_eintr(void);
void test_pipe_errors(void);
void test_pipe_cloexec(void);
void test_filter_no_side_effects(void);
/* t_console.c */
void test_console_take_output(void);
void test_console_push_input(void);
void test_console_blocked_reader(void);
void test_console_job_signals(void);
void test_console_ioctl(void);
void test_console_eperm(void);
/* t_trace.c */
void test_trace_syscall_counts(void);
void test_trace_bytes(void);
void test_trace_procs_sched(void);
void test_trace_disable_reset(void);
void test_trace_events(void);

/* t_exec.c: execve's refusals, big argument lists, signal state */
void test_exec_bad_images(void);
void test_exec_many_args(void);
void test_exec_big_arg(void);
void test_exec_e2big(void);
void test_exec_signal_state(void);
/* t_vm.c: the address space, brk, the stack, mmap and munmap */
void test_sbrkbasic(void);
void test_sbrkmuch(void);
void test_sbrkarg(void);
void test_sbrkbugs(void);
void test_rwsbrk(void);
void test_stacktest(void);
void test_textwrite(void);
void test_nxexec(void);
void test_bsstest(void);
void test_kernmem(void);
void test_maxvaplus(void);
void test_mmap_basic(void);
void test_mmap_prot_none(void);
void test_mmap_prot(void);
void test_mmap_fixed(void);
void test_munmap_partial(void);
void test_mmap_einval(void);
void test_munmap_einval(void);
void test_mmap_enomem(void);
/* t_region.c: regions, memstats and limits */
void test_region_prot(void);
void test_region_bounds(void);
void test_region_errors(void);
void test_region_ids(void);
void test_memstats_exact(void);
void test_memlimit_refuse(void);
void test_memlimit_below(void);
void test_memlimit_unprivileged(void);
void test_memlimit_inherit(void);
void test_memlimit_exec(void);
void test_sysmem_sum(void);
void test_oom_many(void);
/* t_shm.c: System V segments and MAP_SHARED */
void test_shm_fork(void);
void test_shm_key(void);
void test_shm_reattach(void);
void test_shm_rmid(void);
void test_shm_errors(void);
void test_shm_enospc(void);
void test_shm_exec_region(void);
void test_shm_exec_drop(void);
void test_mmap_shared_fork(void);
void test_mmap_private_fork(void);
void test_mmap_shared_none(void);

/* t_progs.c: the programs of /bin, run with their output captured */
void test_prog_ls(void);
void test_prog_cat(void);
void test_prog_echo(void);
void test_prog_true_false(void);
void test_prog_clear(void);
void test_prog_pwd(void);
void test_prog_mkdir_rmdir(void);
void test_prog_rm(void);
void test_prog_touch(void);
void test_prog_cp(void);
void test_prog_mv(void);
void test_prog_wc(void);
void test_prog_head_tail(void);
void test_prog_grep(void);
void test_prog_env(void);
void test_prog_sleep(void);
void test_prog_kill(void);
void test_prog_uname(void);
void test_prog_ps(void);
void test_prog_free(void);
void test_prog_memstat(void);
void test_prog_trace(void);
void test_prog_dmesg(void);
void test_prog_shutdown(void);
void test_prog_help(void);
void test_prog_pipeline(void);
void test_prog_usage(void);

/* t_abi.c: conformance tests from shared/spec/ABI.md alone */
int abi_exec_helper(int argc, char **argv, char **envp);
void test_abi_header(void);
void test_abi_entry(void);
void test_abi_getpid(void);
void test_abi_wait_status(void);
void test_abi_exit(void);
void test_abi_waitpid(void);
void test_abi_fork(void);
void test_abi_execve(void);
void test_abi_preempt(void);
void test_abi_open_flags(void);
void test_abi_open_errors(void);
void test_abi_read_write(void);
void test_abi_shared_files(void);
void test_abi_fd_errors(void);
void test_abi_lseek(void);
void test_abi_stat(void);
void test_abi_getdents(void);
void test_abi_dev(void);
void test_abi_paths(void);
void test_abi_dirs(void);
void test_abi_pipe(void);
void test_abi_kill(void);
void test_abi_signal(void);
void test_abi_sigaction(void);
void test_abi_sigaction_flags(void);
void test_abi_sigmask(void);
void test_abi_sigreturn_regs(void);
void test_abi_eintr(void);
void test_abi_faults(void);
void test_abi_mmap(void);
void test_abi_brk(void);
void test_abi_regions(void);
void test_abi_memstats(void);
void test_abi_memlimit(void);
void test_abi_sysmem(void);
void test_abi_shm(void);
void test_abi_msg(void);
void test_abi_msg_block(void);
void test_abi_console(void);
void test_abi_clock(void);
void test_abi_nanosleep(void);
void test_abi_timers(void);
void test_abi_ioctl(void);
void test_abi_trace(void);
void test_abi_filter(void);
void test_abi_uid(void);
void test_abi_pgid(void);
void test_abi_user_ptrs(void);
void test_abi_libc(void);

#endif
