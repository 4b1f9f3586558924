/*
 * usertests: the in-guest test suite, in the style of xv6's usertests.
 * Every test runs in a forked child and passes by exiting 0; on failure it
 * says why on stderr and exits non-zero (ut_fail does both).
 */
#ifndef UT_H
#define UT_H
#include <aurora.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char **argv, char **envp);
int exec_helper(int argc, char **argv, char **envp);
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

#endif
