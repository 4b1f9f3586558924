/*
 * The system-call entry itself: both gates give the same answers, preserve
 * what the ABI says they preserve, reject unknown numbers and bad pointers.
 */
#include "ut.h"

/* One entry point, chosen at run time, so every check runs through both. */
typedef long (*entry_fn)(long, long, long, long, long, long, long);
static const struct {
	const char *name;
	entry_fn    call;
} entries[] = {
	{ "syscall",   __syscall6 },
	{ "int $0x80", __syscall6_int80 },
};

void test_syscall_vs_int80(void)
{
	static const char msg[] =
		"usertests: syscall_vs_int80: this line is written once per entry\n";
	long a, b;

	a = __syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
	b = __syscall6_int80(SYS_getpid, 0, 0, 0, 0, 0, 0);
	CHECK(a > 0, "getpid via syscall = %ld", a);
	EXPECT_EQ(b, a, "getpid via int $0x80 vs syscall");
	EXPECT_EQ(getpid(), a, "libc getpid vs raw");

	/* stderr, not stdout: stdout carries exactly one line per test. */
	a = __syscall6(SYS_write, 2, (long)msg, sizeof(msg) - 1, 0, 0, 0);
	b = __syscall6_int80(SYS_write, 2, (long)msg, sizeof(msg) - 1, 0, 0, 0);
	EXPECT_EQ(a, sizeof(msg) - 1, "write via syscall");
	EXPECT_EQ(b, a, "write via int $0x80");

	a = __syscall6(1000, 0, 0, 0, 0, 0, 0);
	b = __syscall6_int80(1000, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(a, -ENOSYS, "call 1000 via syscall");
	EXPECT_EQ(b, -ENOSYS, "call 1000 via int $0x80");

	a = __syscall6(SYS_write, 1, (long)0xffffffff80000000ul, 8, 0, 0, 0);
	b = __syscall6_int80(SYS_write, 1, (long)0xffffffff80000000ul, 8, 0, 0, 0);
	EXPECT_EQ(a, -EFAULT, "write(kernel address) via syscall");
	EXPECT_EQ(b, -EFAULT, "write(kernel address) via int $0x80");
}

/*
 * Register preservation.  One asm block saves our callee-saved registers,
 * loads a distinct pattern into every general register, makes the call and
 * stores every register to memory before anything else can touch them.
 * Everything it uses is a global addressed rip-relative, so no register is
 * needed to find it; the callee-saved ones are restored by hand, and the
 * rest are declared clobbered.
 */
enum { R_RAX, R_RBX, R_RCX, R_RDX, R_RSI, R_RDI, R_RBP, R_R8, R_R9, R_R10,
       R_R11, R_R12, R_R13, R_R14, R_R15, R_RSP, NREGS };
static const char *const regname[NREGS] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15", "rsp",
};

uint64_t rp_pat[NREGS];     /* what we load */
uint64_t rp_out[NREGS + 1]; /* what we find after the call ([NREGS]: rsp before) */
uint64_t rp_save[6];        /* our rbx, rbp, r12-r15 */
uint64_t rp_nr;
uint32_t rp_int80;

static void regs_probe(long nr, int int80)
{
	rp_nr = (uint64_t)nr;
	rp_int80 = (uint32_t)int80;
	__asm__ volatile(
		"mov %%rbx, 0+%[save]\n\t"
		"mov %%rbp, 8+%[save]\n\t"
		"mov %%r12, 16+%[save]\n\t"
		"mov %%r13, 24+%[save]\n\t"
		"mov %%r14, 32+%[save]\n\t"
		"mov %%r15, 40+%[save]\n\t"
		"mov %%rsp, 128+%[out]\n\t"
		"mov 8+%[pat], %%rbx\n\t"
		"mov 16+%[pat], %%rcx\n\t"
		"mov 24+%[pat], %%rdx\n\t"
		"mov 32+%[pat], %%rsi\n\t"
		"mov 40+%[pat], %%rdi\n\t"
		"mov 48+%[pat], %%rbp\n\t"
		"mov 56+%[pat], %%r8\n\t"
		"mov 64+%[pat], %%r9\n\t"
		"mov 72+%[pat], %%r10\n\t"
		"mov 80+%[pat], %%r11\n\t"
		"mov 88+%[pat], %%r12\n\t"
		"mov 96+%[pat], %%r13\n\t"
		"mov 104+%[pat], %%r14\n\t"
		"mov 112+%[pat], %%r15\n\t"
		"mov %[nr], %%rax\n\t"
		"cmpl $0, %[i80]\n\t"
		"jne 1f\n\t"
		"syscall\n\t"
		"jmp 2f\n"
		"1:\tint $0x80\n"
		"2:\n\t"
		"mov %%rax, 0+%[out]\n\t"
		"mov %%rbx, 8+%[out]\n\t"
		"mov %%rcx, 16+%[out]\n\t"
		"mov %%rdx, 24+%[out]\n\t"
		"mov %%rsi, 32+%[out]\n\t"
		"mov %%rdi, 40+%[out]\n\t"
		"mov %%rbp, 48+%[out]\n\t"
		"mov %%r8, 56+%[out]\n\t"
		"mov %%r9, 64+%[out]\n\t"
		"mov %%r10, 72+%[out]\n\t"
		"mov %%r11, 80+%[out]\n\t"
		"mov %%r12, 88+%[out]\n\t"
		"mov %%r13, 96+%[out]\n\t"
		"mov %%r14, 104+%[out]\n\t"
		"mov %%r15, 112+%[out]\n\t"
		"mov %%rsp, 120+%[out]\n\t"
		"mov 0+%[save], %%rbx\n\t"
		"mov 8+%[save], %%rbp\n\t"
		"mov 16+%[save], %%r12\n\t"
		"mov 24+%[save], %%r13\n\t"
		"mov 32+%[save], %%r14\n\t"
		"mov 40+%[save], %%r15"
		: [out] "=m"(rp_out), [save] "=m"(rp_save)
		: [pat] "m"(rp_pat), [nr] "m"(rp_nr), [i80] "m"(rp_int80)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
		  "cc", "memory");
}

static void regs_check(int int80)
{
	static const long calls[] = { SYS_getpid, 200 /* no such call */ };
	const char *how = int80 ? "int $0x80" : "syscall";
	long pid = sys_getpid();

	for (int i = 0; i < NREGS; i++)  /* distinct, full 64-bit patterns */
		rp_pat[i] = 0x0123456789abcdefull ^ ((uint64_t)(i + 1) * 0x1111111111111111ull)
			    ^ ((uint64_t)i << 60);

	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		long want = calls[c] == SYS_getpid ? pid : -ENOSYS;

		regs_probe(calls[c], int80);
		EXPECT_EQ(rp_out[R_RAX], want, "rax after the call");
		for (int r = R_RBX; r < R_RSP; r++) {
			/* SYSCALL itself writes rcx and r11; int $0x80 does not. */
			if (!int80 && (r == R_RCX || r == R_R11))
				continue;
			CHECK(rp_out[r] == rp_pat[r],
			      "%s of call %ld changed %s: %#lx -> %#lx", how,
			      calls[c], regname[r], rp_pat[r], rp_out[r]);
		}
		CHECK(rp_out[R_RSP] == rp_out[NREGS],
		      "%s of call %ld changed rsp: %#lx -> %#lx", how, calls[c],
		      rp_out[NREGS], rp_out[R_RSP]);
	}
}

void test_regs_preserved(void)       { regs_check(0); }
void test_regs_preserved_int80(void) { regs_check(1); }

void test_enosys(void)
{
	static const long nums[] = {
		-1, SYS_FIRST_UNUSED, 100, 200, 255, 256, 1000, INT64_MAX,
		(long)UINT64_MAX /* = -1 */, INT64_MIN, 0x100000000l, 0x100000001l,
	};

	for (size_t e = 0; e < 2; e++) {
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			long r = entries[e].call(nums[i], 0, 0, 0, 0, 0, 0);
			CHECK(r == -ENOSYS, "call %ld (%#lx) via %s returned %ld, want %d",
			      nums[i], nums[i], entries[e].name, r, -ENOSYS);
		}
		for (long n = SYS_FIRST_UNUSED; n <= 255; n++) {
			long r = entries[e].call(n, 0, 0, 0, 0, 0, 0);
			CHECK(r == -ENOSYS, "call %ld via %s returned %ld, want %d", n,
			      entries[e].name, r, -ENOSYS);
		}
	}
}

void test_write_efault(void)
{
	static const char ok[] = "x";
	uintptr_t brk_now = (uintptr_t)sbrk(0);
	uintptr_t sp = (uintptr_t)&brk_now;
	const uintptr_t unmapped = 0x40000000;
	const struct {
		uintptr_t p;
		size_t    n;
		const char *what;
	} bad[] = {
		{ 0, 1, "NULL" },
		{ 0xffffffff80000000ul, 1, "kernel text" },
		{ 0xffff800000000000ul, 1, "kernel direct map" },
		{ 0xffffffffffffffff, 1, "last byte of the address space" },
		{ unmapped, 1, "unmapped user page" },
		{ 0x7fffffffff00ul, 0x200, "range crossing into the kernel half" },
		{ 0x800000000000ul, 1, "first non-canonical address" },
		{ 0x400000, 0xffffffffffffff00ul, "length wrapping around" },
	};

	/* The "unmapped" page must really be none of ours: not image or heap
	 * (0x400000 up to the break), not the stack. */
	CHECK(unmapped >= brk_now && (sp < unmapped || sp - unmapped > 0x10000000),
	      "0x40000000 may be mapped here (break %#lx, stack %#lx)", brk_now, sp);

	for (size_t e = 0; e < 2; e++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			long r = entries[e].call(SYS_write, 1, (long)bad[i].p,
						 (long)bad[i].n, 0, 0, 0);
			CHECK(r == -EFAULT, "write(1, %#lx, %#lx) [%s] via %s: got %ld, want %d",
			      bad[i].p, bad[i].n, bad[i].what, entries[e].name, r,
			      -EFAULT);
		}
		long r = entries[e].call(SYS_write, 1, (long)ok, 0, 0, 0, 0);
		CHECK(r == 0, "write(1, ok, 0) via %s: got %ld", entries[e].name, r);
		r = entries[e].call(SYS_write, 5, (long)ok, 1, 0, 0, 0);
		CHECK(r == -EBADF, "write(5, ok, 1) via %s: got %ld", entries[e].name, r);
		r = entries[e].call(SYS_write, -1, (long)ok, 1, 0, 0, 0);
		CHECK(r == -EBADF, "write(-1, ok, 1) via %s: got %ld", entries[e].name, r);
	}
	/* And the libc layer turns it into -1/errno. */
	errno = 0;
	CHECK(write(1, NULL, 1) == -1 && errno == EFAULT,
	      "libc write(1, NULL, 1): errno %d", errno);
}

/* kinfo: the counters the leak checks rely on are plausible and move. */
void test_kinfo(void)
{
	long total = sys_kinfo(KINFO_TOTAL_PAGES);
	long free0 = sys_kinfo(KINFO_FREE_PAGES);
	CHECK(total > 0, "total pages = %ld", total);
	CHECK(free0 > 0 && free0 <= total, "free pages %ld of %ld", free0, total);
	CHECK(sys_kinfo(KINFO_NPROCS) >= 2, "process slots = %ld (pid 1 and us at least)",
	      sys_kinfo(KINFO_NPROCS));
	CHECK(sys_kinfo(KINFO_HEAP_BYTES) >= 0, "heap bytes = %ld", sys_kinfo(KINFO_HEAP_BYTES));

	/* Growing the heap by 16 pages takes exactly 16 frames.  A first
	 * grow-and-shrink makes sure any page table under that range exists
	 * (page tables are kept when pages are unmapped). */
	CHECK(sbrk(16 * 4096) != (void *)-1, "sbrk(64 KiB)");
	CHECK(sbrk(-16 * 4096) != (void *)-1, "sbrk(-64 KiB)");
	long before = sys_kinfo(KINFO_FREE_PAGES);
	CHECK(sbrk(16 * 4096) != (void *)-1, "sbrk(64 KiB)");
	EXPECT_EQ(sys_kinfo(KINFO_FREE_PAGES), before - 16, "free pages after 16-page brk");
	CHECK(sbrk(-16 * 4096) != (void *)-1, "sbrk(-64 KiB)");
	EXPECT_EQ(sys_kinfo(KINFO_FREE_PAGES), before, "free pages after shrinking back");

	/* Ticks advance while we wait (the timer runs at 100 Hz). */
	long t0 = sys_kinfo(KINFO_TICKS);
	ut_spin(ut_tsc_hz() / 10);
	CHECK(sys_kinfo(KINFO_TICKS) > t0, "ticks did not advance: %ld", t0);

	/* Our fds 0-2 share at least one open-file object; the tree has at
	 * least /, /bin, /dev, /tmp and the programs. */
	CHECK(sys_kinfo(KINFO_OPEN_FILES) >= 1, "open files = %ld", sys_kinfo(KINFO_OPEN_FILES));
	CHECK(sys_kinfo(KINFO_INODES) >= 5, "inodes = %ld", sys_kinfo(KINFO_INODES));
	/* Boot took some time, and less than a minute of TSC ticks. */
	long boot = sys_kinfo(KINFO_BOOT_TSC_TO_INIT);
	CHECK(boot > 0 && (uint64_t)boot < 60 * ut_tsc_hz(), "boot_tsc_to_init = %ld", boot);
	EXPECT_EQ(sys_kinfo(8), -EINVAL, "kinfo(8)");
	EXPECT_EQ(sys_kinfo(-1), -EINVAL, "kinfo(-1)");
}

/* A buffer that runs off the end of the mapped heap: the bytes before the
 * hole are written and counted, the rest is not (POSIX partial write). */
void test_write_partial(void)
{
	char *end = sbrk(0);
	size_t pad = (4096 - ((uintptr_t)end & 4095)) & 4095;
	CHECK(sbrk((intptr_t)pad + 4096) != (void *)-1, "sbrk");
	char *top = end + pad + 4096;              /* page aligned, unmapped above */
	char *buf = top - 1000;
	memset(buf, '.', 1000);
	buf[999] = '\n';
	/* ABI.md: the whole buffer is validated, so nothing is written. */
	EXPECT_EQ(sys_write(2, buf, 3000), -EFAULT, "write across the end of the heap");
	EXPECT_EQ(sys_write(2, top, 10), -EFAULT, "write from just past the heap");
	EXPECT_EQ(sys_write(2, buf, 1000), 1000, "the part that is mapped");
}

static long proc_info_raw(long slot, struct proc_info *pi, size_t size)
{
	return __syscall6(SYS_proc_info, slot, (long)pi, (long)size, 0, 0, 0);
}

/* proc_info: every live process appears once, with the right facts. */
void test_proc_info(void)
{
	struct proc_info pi;
	int seen_me = 0, seen_child = 0, nlive = 0;

	pid_t child = ut_fork();
	if (child == 0)
		ut_linger(5000);
	MUST(sys_setpgid(child, child));
	for (long slot = 0; slot < NPROC_MAX; slot++) {
		memset(&pi, 0xee, sizeof(pi));
		long r = proc_info_raw(slot, &pi, sizeof(pi));
		if (r == -ESRCH)
			continue;
		CHECK(r > 0, "slot %ld: %ld", slot, r);
		EXPECT_EQ(pi.pid, r, "the result is the pid");
		CHECK(memchr(pi.name, 0, sizeof(pi.name)) != NULL, "name not terminated");
		nlive++;
		if (pi.pid == getpid()) {
			seen_me++;
			EXPECT_EQ(pi.ppid, getppid(), "my parent");
			EXPECT_EQ(pi.state, PSTATE_RUNNABLE, "my state");
			EXPECT_EQ(pi.uid, 0, "my uid");
			CHECK(strcmp(pi.name, "usertests") == 0, "my name '%s'", pi.name);
			CHECK(pi.mem_bytes > 0 && pi.mem_bytes % 4096 == 0, "my memory %lu",
			      (unsigned long)pi.mem_bytes);
		}
		if (pi.pid == child) {
			seen_child++;
			EXPECT_EQ(pi.ppid, getpid(), "child's parent");
			EXPECT_EQ(pi.pgid, child, "child's group");
		}
	}
	EXPECT_EQ(seen_me, 1, "this process listed");
	EXPECT_EQ(seen_child, 1, "the child listed");
	EXPECT_EQ(nlive, sys_kinfo(KINFO_NPROCS), "listed = slots in use");
	/* A stopped child shows as stopped, a dead one as a zombie. */
	MUST(sys_kill(child, SIGSTOP));
	int st;
	EXPECT_EQ(ut_wait_poll(child, &st, WUNTRACED, 5000), child, "stop seen");
	for (long slot = 0; slot < NPROC_MAX; slot++)
		if (proc_info_raw(slot, &pi, sizeof(pi)) == child)
			EXPECT_EQ(pi.state, PSTATE_STOPPED, "stopped child's state");
	MUST(sys_kill(child, SIGKILL));
	for (int i = 0; i < 1000; i++) {
		int zombie = 0;
		for (long slot = 0; slot < NPROC_MAX; slot++)
			if (proc_info_raw(slot, &pi, sizeof(pi)) == child && pi.state == PSTATE_ZOMBIE)
				zombie = 1;
		if (zombie)
			break;
		sys_yield();
		CHECK(i < 999, "the killed child never showed as a zombie");
	}
	ut_wait(child);
	/* Errors; a short size fills only that much. */
	EXPECT_EQ(proc_info_raw(-1, &pi, sizeof(pi)), -EINVAL, "slot -1");
	EXPECT_EQ(proc_info_raw(NPROC_MAX, &pi, sizeof(pi)), -EINVAL, "slot NPROC_MAX");
	long slot_me = -1;
	for (long slot = 0; slot < NPROC_MAX; slot++)
		if (proc_info_raw(slot, &pi, sizeof(pi)) == getpid())
			slot_me = slot;
	EXPECT_EQ(proc_info_raw(slot_me, ut_addr(8), sizeof(pi)), -EFAULT, "bad pointer");
	EXPECT_EQ(proc_info_raw(slot_me, ut_addr(KTEXT_ADDR), sizeof(pi)), -EFAULT, "kernel pointer");
	memset(&pi, 0xee, sizeof(pi));
	EXPECT_EQ(proc_info_raw(slot_me, &pi, 4), getpid(), "4 bytes");
	EXPECT_EQ(pi.pid, getpid(), "the pid filled");
	EXPECT_EQ(pi.ppid, (int32_t)0xeeeeeeee, "nothing past 4 bytes");
}
