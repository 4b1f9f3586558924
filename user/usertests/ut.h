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
int fd_helper(int argc, char **argv);

/* The tests (the table is in main.c). */
void test_syscall_vs_int80(void);
void test_regs_preserved(void);
void test_regs_preserved_int80(void);
void test_enosys(void);
void test_write_efault(void);
void test_write_partial(void);
void test_kinfo(void);
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

#endif
