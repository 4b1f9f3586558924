/*
 * Misbehaving processes: each must die by the right signal, alone, and the
 * kernel must carry on; garbage arguments to every call must not hurt it.
 */
#include "ut.h"

#define KTEXT KTEXT_ADDR

static void f_cli(void)    { __asm__ volatile("cli"); }
static void f_hlt(void)    { __asm__ volatile("hlt"); }
static void f_inb(void)    { __asm__ volatile("inb $0x80, %%al" ::: "rax"); }
static void f_outb(void)   { __asm__ volatile("outb %%al, $0x80" :: "a"(0)); }
static void f_cr3(void)    { __asm__ volatile("mov %%cr3, %%rax" ::: "rax"); }
static void f_int0e(void)  { __asm__ volatile("int $0x0e"); }  /* gate is DPL 0 */
static void f_kread(void)  { (void)*(volatile long *)ut_addr(KTEXT); }
static void f_kwrite(void) { *(volatile long *)ut_addr(KTEXT) = 1; }
static void f_null(void)   { (void)*(volatile long *)ut_addr(0); }
static void f_kcall(void)  { ((void (*)(void))ut_addr(0xffffffff80100000ul))(); }
static void f_ud2(void)    { __asm__ volatile("ud2"); }
static void f_textw(void)  { *(volatile unsigned char *)ut_addr((uintptr_t)main) = 0xcc; }

static void f_div0(void)
{
	__asm__ volatile("xor %%edx, %%edx\n\t"
			 "mov $1, %%eax\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "div %%ecx" ::: "rax", "rcx", "rdx", "cc");
}

static void f_idiv_overflow(void)   /* INT64_MIN / -1 does not fit: #DE too */
{
	__asm__ volatile("mov $0x8000000000000000, %%rax\n\t"
			 "cqo\n\t"
			 "mov $-1, %%rcx\n\t"
			 "idiv %%rcx" ::: "rax", "rcx", "rdx", "cc");
}

static void f_noncanonical(void)
{
	__asm__ volatile("jmp *%0" :: "r"(0x0000800000000000ul));
}

static const struct {
	const char *name;
	void (*fn)(void);
	int sig;
} faults[] = {
	{ "cli",                     f_cli,           SIGSEGV },
	{ "hlt",                     f_hlt,           SIGSEGV },
	{ "inb $0x80",               f_inb,           SIGSEGV },
	{ "outb $0x80",              f_outb,          SIGSEGV },
	{ "mov %cr3",                f_cr3,           SIGSEGV },
	{ "int $0x0e",               f_int0e,         SIGSEGV },
	{ "read kernel memory",      f_kread,         SIGSEGV },
	{ "write kernel memory",     f_kwrite,        SIGSEGV },
	{ "read NULL",               f_null,          SIGSEGV },
	{ "call kernel address",     f_kcall,         SIGSEGV },
	{ "ud2",                     f_ud2,           SIGILL },
	{ "divide by zero",          f_div0,          SIGFPE },
	{ "idiv overflow",           f_idiv_overflow, SIGFPE },
	{ "write to text",           f_textw,         SIGSEGV },
	{ "jump non-canonical",      f_noncanonical,  SIGSEGV },
};

void test_privileged_insns(void)
{
	int bad = 0;
	long me = sys_getpid();

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		pid_t pid = ut_fork();
		int st;

		if (pid == 0) {
			faults[i].fn();
			_exit(99);       /* still alive: the fault was missed */
		}
		st = ut_wait(pid);
		if (!WIFSIGNALED(st) || WTERMSIG(st) != faults[i].sig) {
			ut_note("%s: child ended with %s, want signal %d",
				faults[i].name, ut_status(st), faults[i].sig);
			bad++;
		}
		/* We, the parent, are untouched and the kernel still answers. */
		EXPECT_EQ(sys_getpid(), me, "getpid after a child's fault");
	}
	CHECK(bad == 0, "%d of %zu faulting children were not killed right", bad,
	      sizeof(faults) / sizeof(faults[0]));
}

/*
 * Every call with every argument register -1.  Any outcome is fine for the
 * child (a result or a signal); the point is that the kernel stays up and
 * nothing leaks.  fork succeeds even so: the grandchild leaves at once and
 * the child reaps it.
 */
/*
 * sigreturn reads its context at the user rsp, which is not an argument:
 * on our own stack it would resume whatever return addresses and saved
 * registers lie there.  To keep the outcome the same from run to run, the
 * call is made with rsp on a block of 0xff bytes, "every register -1" in
 * the context too (rip -1 is a kernel address), except the FXSAVE image,
 * which is zero (a garbage FPU image is sigreturn_bad_fpu's business).  If
 * the call returns, the stack is gone: leave with a raw exit(0).
 */
static uint64_t minus1_ctx[(sizeof(struct sigcontext) + 256) / 8]
	__attribute__((aligned(16)));

static void __attribute__((noreturn)) minus1_sigreturn(int int80)
{
	memset(minus1_ctx, 0xff, sizeof(minus1_ctx));
	memset((char *)minus1_ctx + __builtin_offsetof(struct sigcontext, fpu), 0,
	       sizeof(((struct sigcontext *)0)->fpu));
	if (int80)
		__asm__ volatile("mov %0, %%rsp\n\t"
				 "mov $-1, %%rdi\n\t"
				 "mov $-1, %%rsi\n\t"
				 "mov $-1, %%rdx\n\t"
				 "mov $-1, %%r10\n\t"
				 "mov $-1, %%r8\n\t"
				 "mov $-1, %%r9\n\t"
				 "mov %1, %%eax\n\t"
				 "int $0x80\n\t"
				 "xor %%edi, %%edi\n\t"
				 "xor %%eax, %%eax\n\t"
				 "syscall\n\t"
				 "ud2"
				 :: "r"(minus1_ctx), "i"(SYS_sigreturn) : "memory");
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "mov $-1, %%rdi\n\t"
			 "mov $-1, %%rsi\n\t"
			 "mov $-1, %%rdx\n\t"
			 "mov $-1, %%r10\n\t"
			 "mov $-1, %%r8\n\t"
			 "mov $-1, %%r9\n\t"
			 "mov %1, %%eax\n\t"
			 "syscall\n\t"
			 "xor %%edi, %%edi\n\t"
			 "xor %%eax, %%eax\n\t"
			 "syscall\n\t"
			 "ud2"
			 :: "r"(minus1_ctx), "i"(SYS_sigreturn) : "memory");
	__builtin_unreachable();
}

static void minus1_child(long n, int int80)
{
	if (n == SYS_sigreturn)
		minus1_sigreturn(int80);

	long r = int80 ? __syscall6_int80(n, -1, -1, -1, -1, -1, -1)
		       : __syscall6(n, -1, -1, -1, -1, -1, -1);

	if (n == SYS_fork && r == 0)
		sys_exit(0);
	if (n == SYS_fork && r > 0)
		sys_waitpid((int)r, NULL, 0);
	sys_exit(0);
}

void test_all_regs_minus1(void)
{
	long tracing = sys_trace_enabled();

	for (int int80 = 0; int80 < 2; int80++) {
		for (long n = 0; n <= SYS_kinfo; n++) {
			pid_t pid = ut_fork();

			if (pid == 0)
				minus1_child(n, int80);
			ut_wait(pid);     /* any status is acceptable */
		}
	}
	/* Undo what -1 arguments may have done to state that outlives the
	 * child: a message queue or segment with key -1, tracing turned on. */
	long q = sys_msgget(-1, 0);
	if (q >= 0)
		sys_msgctl(q, IPC_RMID);
	long s = sys_shmget(-1, 0, 0);
	if (s >= 0)
		sys_shmctl(s, IPC_RMID);
	if (tracing == 0)
		sys_trace_disable();

	EXPECT_EQ(sys_getpid(), getpid(), "getpid after the storm");
	CHECK(sys_waitpid(-1, NULL, WNOHANG) == -ECHILD,
	      "a child is left over after all_regs_minus1");
}
