/*
 * Signal contexts: every register survives a handler, sigreturn refuses
 * forged contexts, traps and faults become their signals, and handlers can
 * catch faults.
 *
 * The register tests load a distinct pattern into every general register,
 * sixteen XMM registers and the 128-byte red zone below rsp, get a signal
 * delivered (by a kill of ourselves through int $0x80, which preserves
 * everything but rax, or from another process while we spin), and compare
 * everything afterwards.  The handler is written in assembly so that it can
 * really destroy every register (callee-saved ones too) before it returns
 * into the restorer: only sigreturn can put them back.
 */
#include <stddef.h>
#include "ut.h"

void __sigreturn_trampoline(void);        /* libc's restorer (sigtramp.S) */

enum { R_RAX, R_RBX, R_RCX, R_RDX, R_RSI, R_RDI, R_RBP, R_R8, R_R9, R_R10,
       R_R11, R_R12, R_R13, R_R14, R_R15, R_RSP, NREGS };
static const char *const rname[NREGS] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15", "rsp",
};

#define RFLAGS_TF 0x100ull
#define RFLAGS_DF 0x400ull
#define RFLAGS_AC 0x40000ull

/* Shared with the assembly below, hence global and with plain names. */
uint64_t sx_pat[NREGS];               /* what we load */
uint64_t sx_out[NREGS];               /* what we find afterwards */
uint64_t sx_save[6];                  /* our rbx, rbp, r12-r15 */
uint8_t  sx_xpat[16][16] __attribute__((aligned(16)));
uint8_t  sx_xout[16][16] __attribute__((aligned(16)));
uint64_t sx_red[16], sx_redout[16];   /* the red zone below rsp */
uint64_t sx_rflags;                   /* rflags afterwards */
uint64_t sx_ret_rip;                  /* where int $0x80 returns to */
uint64_t sx_loop_lo, sx_loop_hi;      /* the async spin loop */
uint64_t sx_kill_pid;
volatile uint64_t sx_budget;
volatile uint32_t sx_flag;
/* What the handler saw. */
uint64_t sx_h_rsp, sx_h_ret, sx_h_rflags;
struct {
	int count, sig;
	uint64_t info, sc;
	int aligned;
	struct sigcontext ctx;
} sx_h;

void sx_handler(int sig, void *info, struct sigcontext *sc);      /* asm */
void sx_handler_c(int sig, void *info, struct sigcontext *sc);

/*
 * The handler: notes rsp, the return address and rflags at entry, lets the
 * C part look at the context, then destroys every register but rsp and
 * returns into the restorer.
 */
__asm__(
	".text\n"
	".globl sx_handler\n"
	".type sx_handler, @function\n"
	"sx_handler:\n\t"
	"mov %rsp, sx_h_rsp(%rip)\n\t"
	"mov (%rsp), %rax\n\t"
	"mov %rax, sx_h_ret(%rip)\n\t"
	"pushfq\n\t"
	"popq sx_h_rflags(%rip)\n\t"
	"sub $8, %rsp\n\t"
	"call sx_handler_c\n\t"
	"add $8, %rsp\n\t"
	"movabs $0xbad0bad0bad00000, %rax\n\t"
	"movabs $0xbad0bad0bad00001, %rbx\n\t"
	"movabs $0xbad0bad0bad00002, %rcx\n\t"
	"movabs $0xbad0bad0bad00003, %rdx\n\t"
	"movabs $0xbad0bad0bad00004, %rsi\n\t"
	"movabs $0xbad0bad0bad00005, %rdi\n\t"
	"movabs $0xbad0bad0bad00006, %rbp\n\t"
	"movabs $0xbad0bad0bad00008, %r8\n\t"
	"movabs $0xbad0bad0bad00009, %r9\n\t"
	"movabs $0xbad0bad0bad0000a, %r10\n\t"
	"movabs $0xbad0bad0bad0000b, %r11\n\t"
	"movabs $0xbad0bad0bad0000c, %r12\n\t"
	"movabs $0xbad0bad0bad0000d, %r13\n\t"
	"movabs $0xbad0bad0bad0000e, %r14\n\t"
	"movabs $0xbad0bad0bad0000f, %r15\n\t"
	"pcmpeqd %xmm0, %xmm0\n\t"
	"pcmpeqd %xmm1, %xmm1\n\t"
	"pcmpeqd %xmm2, %xmm2\n\t"
	"pcmpeqd %xmm3, %xmm3\n\t"
	"pcmpeqd %xmm4, %xmm4\n\t"
	"pcmpeqd %xmm5, %xmm5\n\t"
	"pcmpeqd %xmm6, %xmm6\n\t"
	"pcmpeqd %xmm7, %xmm7\n\t"
	"pcmpeqd %xmm8, %xmm8\n\t"
	"pcmpeqd %xmm9, %xmm9\n\t"
	"pcmpeqd %xmm10, %xmm10\n\t"
	"pcmpeqd %xmm11, %xmm11\n\t"
	"pcmpeqd %xmm12, %xmm12\n\t"
	"pcmpeqd %xmm13, %xmm13\n\t"
	"pcmpeqd %xmm14, %xmm14\n\t"
	"pcmpeqd %xmm15, %xmm15\n\t"
	"stc\n\t"
	"ret\n\t"
	".size sx_handler, . - sx_handler\n"
	".previous\n");

void sx_handler_c(int sig, void *info, struct sigcontext *sc)
{
	volatile char probe[16] __attribute__((aligned(16)));

	probe[0] = 0;
	sx_h.count++;
	sx_h.sig = sig;
	sx_h.info = (uint64_t)info;
	sx_h.sc = (uint64_t)sc;
	sx_h.aligned = ((uintptr_t)probe & 15) == 0;
	memcpy(&sx_h.ctx, sc, sizeof(*sc));
	sx_flag = 1;                      /* ends the async spin */
}

/* Pieces of the probes, spelled once. */
#define RZ_FILL(i)  "mov " #i "*8+%[red], %%rax\n\tmov %%rax, -8-" #i "*8(%%rsp)\n\t"
#define RZ_READ(i)  "mov -8-" #i "*8(%%rsp), %%rax\n\tmov %%rax, " #i "*8+%[redout]\n\t"
#define X_LOAD(i)   "movdqu " #i "*16+%[xpat], %%xmm" #i "\n\t"
#define X_STORE(i)  "movdqu %%xmm" #i ", " #i "*16+%[xout]\n\t"
#define RZ16(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) \
		M(12) M(13) M(14) M(15)

#define SAVE_CALLEE \
	"mov %%rbx, 0+%[save]\n\t" \
	"mov %%rbp, 8+%[save]\n\t" \
	"mov %%r12, 16+%[save]\n\t" \
	"mov %%r13, 24+%[save]\n\t" \
	"mov %%r14, 32+%[save]\n\t" \
	"mov %%r15, 40+%[save]\n\t"
#define RESTORE_CALLEE \
	"mov 0+%[save], %%rbx\n\t" \
	"mov 8+%[save], %%rbp\n\t" \
	"mov 16+%[save], %%r12\n\t" \
	"mov 24+%[save], %%r13\n\t" \
	"mov 32+%[save], %%r14\n\t" \
	"mov 40+%[save], %%r15\n\t"
/* Every register except rax, rsi, rdi (the sync probe needs those for the
 * call) from the patterns. */
#define LOAD_MOST \
	"mov 8+%[pat], %%rbx\n\t" \
	"mov 16+%[pat], %%rcx\n\t" \
	"mov 24+%[pat], %%rdx\n\t" \
	"mov 48+%[pat], %%rbp\n\t" \
	"mov 56+%[pat], %%r8\n\t" \
	"mov 64+%[pat], %%r9\n\t" \
	"mov 72+%[pat], %%r10\n\t" \
	"mov 80+%[pat], %%r11\n\t" \
	"mov 88+%[pat], %%r12\n\t" \
	"mov 96+%[pat], %%r13\n\t" \
	"mov 104+%[pat], %%r14\n\t" \
	"mov 112+%[pat], %%r15\n\t"
#define STORE_ALL \
	"mov %%rax, 0+%[out]\n\t" \
	"mov %%rbx, 8+%[out]\n\t" \
	"mov %%rcx, 16+%[out]\n\t" \
	"mov %%rdx, 24+%[out]\n\t" \
	"mov %%rsi, 32+%[out]\n\t" \
	"mov %%rdi, 40+%[out]\n\t" \
	"mov %%rbp, 48+%[out]\n\t" \
	"mov %%r8, 56+%[out]\n\t" \
	"mov %%r9, 64+%[out]\n\t" \
	"mov %%r10, 72+%[out]\n\t" \
	"mov %%r11, 80+%[out]\n\t" \
	"mov %%r12, 88+%[out]\n\t" \
	"mov %%r13, 96+%[out]\n\t" \
	"mov %%r14, 104+%[out]\n\t" \
	"mov %%r15, 112+%[out]\n\t" \
	"mov %%rsp, 120+%[out]\n\t"
#define PROBE_OPERANDS \
	: [out] "=m"(sx_out), [save] "=m"(sx_save), [redout] "=m"(sx_redout), \
	  [xout] "=m"(sx_xout), [flags] "=m"(sx_rflags), [retrip] "=m"(sx_ret_rip), \
	  [lo] "=m"(sx_loop_lo), [hi] "=m"(sx_loop_hi) \
	: [pat] "m"(sx_pat), [red] "m"(sx_red), [xpat] "m"(sx_xpat), \
	  [pid] "m"(sx_kill_pid), [flag] "m"(sx_flag), [budget] "m"(sx_budget) \
	: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", \
	  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
	  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", \
	  "cc", "memory"

/* kill(sx_kill_pid, SIGUSR1) through int $0x80, with DF set, everything
 * else loaded with patterns. */
static void __attribute__((noinline)) probe_sync(void)
{
	__asm__ volatile(
		SAVE_CALLEE
		"lea -128(%%rsp), %%rsp\n\t"      /* keep off the compiler's red zone */
		RZ16(RZ_FILL)
		RZ16(X_LOAD)
		LOAD_MOST
		"mov %[pid], %%rdi\n\t"
		"mov $10, %%esi\n\t"               /* SIGUSR1 */
		"mov $32, %%eax\n\t"               /* SYS_kill */
		"movq $.Lsx_ret%=, %[retrip]\n\t"
		"std\n\t"
		"int $0x80\n"
		".Lsx_ret%=:\n\t"
		STORE_ALL
		RZ16(RZ_READ)
		"pushfq\n\t"
		"popq %[flags]\n\t"
		"cld\n\t"
		RZ16(X_STORE)
		"lea 128(%%rsp), %%rsp\n\t"
		RESTORE_CALLEE
		PROBE_OPERANDS);
}

/* Every register loaded, DF set, spin until the handler sets sx_flag (or
 * the budget runs out), touching nothing but memory. */
static void __attribute__((noinline)) probe_async(void)
{
	__asm__ volatile(
		SAVE_CALLEE
		"lea -128(%%rsp), %%rsp\n\t"
		RZ16(RZ_FILL)
		RZ16(X_LOAD)
		"movq $.Lsx_loop%=, %[lo]\n\t"
		"movq $.Lsx_end%=, %[hi]\n\t"
		LOAD_MOST
		"mov 0+%[pat], %%rax\n\t"
		"mov 32+%[pat], %%rsi\n\t"
		"mov 40+%[pat], %%rdi\n\t"
		"std\n"
		".Lsx_loop%=:\n\t"
		"cmpl $0, %[flag]\n\t"
		"jne .Lsx_end%=\n\t"
		"decq %[budget]\n\t"
		"jnz .Lsx_loop%=\n"
		".Lsx_end%=:\n\t"
		STORE_ALL
		RZ16(RZ_READ)
		"pushfq\n\t"
		"popq %[flags]\n\t"
		"cld\n\t"
		RZ16(X_STORE)
		"lea 128(%%rsp), %%rsp\n\t"
		RESTORE_CALLEE
		PROBE_OPERANDS);
}

static void make_patterns(void)
{
	for (int i = 0; i < NREGS; i++)
		sx_pat[i] = 0x0123456789abcdefull ^ ((uint64_t)(i + 1) * 0x1111111111111111ull)
			    ^ ((uint64_t)i << 59);
	for (int i = 0; i < 16; i++) {
		for (int j = 0; j < 16; j++)
			sx_xpat[i][j] = (uint8_t)(i * 16 + j * 7 + 0x35);
		sx_red[i] = 0xfeedface00000000ull | (uint64_t)i * 0x01010101u;
	}
	memset(sx_out, 0, sizeof(sx_out));
	memset(sx_xout, 0, sizeof(sx_xout));
	memset(sx_redout, 0, sizeof(sx_redout));
	memset(&sx_h, 0, sizeof(sx_h));
}

static void install_sx_handler(void)
{
	ut_handle(SIGUSR1, sx_handler, 0, 0);
}

/* What the handler saw, common to both tests. */
static void check_handler_view(void)
{
	const struct sigcontext *c = &sx_h.ctx;

	/* First, as a handler running with DF set garbles everything else
	 * (its memcpy runs backwards). */
	CHECK(!(sx_h_rflags & (RFLAGS_TF | RFLAGS_DF)),
	      "handler runs with rflags %#lx: TF or DF set", sx_h_rflags);
	EXPECT_EQ(sx_h.count, 1, "handler runs");
	EXPECT_EQ(sx_h.sig, SIGUSR1, "handler's first argument");
	EXPECT_EQ(sx_h.info, 0, "handler's second argument");
	EXPECT_EQ(c->signo, SIGUSR1, "sigcontext.signo");
	CHECK((sx_h.sc & 15) == 0, "sigcontext at %#lx: not 16-byte aligned", sx_h.sc);
	EXPECT_EQ(sx_h.sc, sx_h_rsp + 8, "sigcontext right above the return address");
	CHECK((sx_h_rsp & 15) == 8, "rsp at handler entry %#lx: not 8 mod 16 (ABI)",
	      sx_h_rsp);
	CHECK(sx_h.aligned, "a 16-aligned local in the handler is not aligned");
	EXPECT_EQ(sx_h_ret, (uint64_t)(uintptr_t)__sigreturn_trampoline,
		  "handler's return address (the restorer)");
	CHECK(sx_h.sc + sizeof(struct sigcontext) <= c->rsp - 128,
	      "signal frame [%#lx, %#lx) reaches into the red zone below rsp %#lx",
	      sx_h.sc, sx_h.sc + sizeof(struct sigcontext), c->rsp);
	CHECK(c->rflags & RFLAGS_DF, "sigcontext.rflags %#lx lacks the DF we set",
	      c->rflags);
	EXPECT_EQ(c->mask, 0, "sigcontext.mask (nothing was blocked)");
	const uint64_t ctx_reg[NREGS] = {
		c->rax, c->rbx, c->rcx, c->rdx, c->rsi, c->rdi, c->rbp, c->r8, c->r9,
		c->r10, c->r11, c->r12, c->r13, c->r14, c->r15, c->rsp,
	};
	for (int r = R_RBX; r <= R_R15; r++) {
		if (r == R_RSI || r == R_RDI)
			continue;           /* checked by the callers */
		CHECK(ctx_reg[r] == sx_pat[r], "sigcontext.%s = %#lx, want %#lx",
		      rname[r], ctx_reg[r], sx_pat[r]);
	}
	EXPECT_EQ(c->rsp, sx_out[R_RSP], "sigcontext.rsp vs rsp at the signal");
	/* FXSAVE (64-bit): XMM0-15 at bytes 160-415. */
	for (int i = 0; i < 16; i++)
		CHECK(memcmp(c->fpu + 160 + 16 * i, sx_xpat[i], 16) == 0,
		      "sigcontext.fpu: xmm%d is not what we loaded", i);
}

/* What we found after the handler returned. */
static void check_after(uint64_t want_rax, uint64_t want_rsi, uint64_t want_rdi)
{
	for (int r = R_RAX; r <= R_R15; r++) {
		uint64_t want = r == R_RAX ? want_rax : r == R_RSI ? want_rsi :
				r == R_RDI ? want_rdi : sx_pat[r];
		CHECK(sx_out[r] == want, "after the handler %s = %#lx, want %#lx",
		      rname[r], sx_out[r], want);
	}
	CHECK(sx_rflags & RFLAGS_DF, "after the handler rflags %#lx: DF lost",
	      sx_rflags);
	CHECK(!(sx_rflags & RFLAGS_TF), "after the handler rflags %#lx: TF set",
	      sx_rflags);
	for (int i = 0; i < 16; i++)
		CHECK(memcmp(sx_xout[i], sx_xpat[i], 16) == 0,
		      "after the handler xmm%d is not what we loaded", i);
	for (int i = 0; i < 16; i++)
		CHECK(sx_redout[i] == sx_red[i],
		      "red zone word at rsp-%d: %#lx, want %#lx", 8 + 8 * i,
		      sx_redout[i], sx_red[i]);
}

void test_sig_regs_sync(void)
{
	ut_need_kill();
	ut_need_sigaction();
	install_sx_handler();
	make_patterns();
	sx_kill_pid = (uint64_t)getpid();

	probe_sync();

	check_handler_view();
	EXPECT_EQ(sx_h.ctx.rip, sx_ret_rip, "sigcontext.rip (just after int $0x80)");
	EXPECT_EQ(sx_h.ctx.rax, 0, "sigcontext.rax (kill's result)");
	EXPECT_EQ(sx_h.ctx.rdi, sx_kill_pid, "sigcontext.rdi");
	EXPECT_EQ(sx_h.ctx.rsi, SIGUSR1, "sigcontext.rsi");
	check_after(0, SIGUSR1, sx_kill_pid);

	/* The mask is back as it was: the same signal is delivered again. */
	sx_h.count = 0;
	CHECK(raise(SIGUSR1) == 0, "raise: %s", strerror(errno));
	EXPECT_EQ(sx_h.count, 1, "handler runs for a second SIGUSR1");
}

void test_sig_regs_async(void)
{
	pid_t me = getpid(), pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	ut_ready_arm();
	pid = ut_fork();
	if (pid == 0) {
		install_sx_handler();
		make_patterns();
		sx_flag = 0;
		sx_budget = 1ull << 31;   /* ends the spin if no signal ever comes */
		ut_ready_send(me);
		probe_async();
		CHECK(sx_flag, "no SIGUSR1 arrived while we spun");
		check_handler_view();
		CHECK(sx_h.ctx.rip >= sx_loop_lo && sx_h.ctx.rip < sx_loop_hi,
		      "sigcontext.rip %#lx is not in the spin loop [%#lx, %#lx)",
		      sx_h.ctx.rip, sx_loop_lo, sx_loop_hi);
		EXPECT_EQ(sx_h.ctx.rax, sx_pat[R_RAX], "sigcontext.rax");
		EXPECT_EQ(sx_h.ctx.rdi, sx_pat[R_RDI], "sigcontext.rdi");
		EXPECT_EQ(sx_h.ctx.rsi, sx_pat[R_RSI], "sigcontext.rsi");
		check_after(sx_pat[R_RAX], sx_pat[R_RSI], sx_pat[R_RDI]);
		_exit(0);
	}
	CHECK(ut_ready_wait(3000), "the child never said it was ready");
	ut_yield_ms(30);                  /* let it settle into its loop */
	EXPECT_EQ(sys_kill(pid, SIGUSR1), 0, "kill(child, SIGUSR1)");
	st = ut_wait_ms(pid, 20000);
	CHECK(st == 0, "the spinning child: %s", ut_status(st));
}

/* ---- sigreturn with forged contexts ------------------------------------- */

static uint8_t fg_stack[16384] __attribute__((aligned(16)));
static struct sigcontext fg_ctx __attribute__((aligned(16)));

/* Where a good forged context resumes: a fresh C frame on fg_stack. */
static void __attribute__((noreturn, used)) fg_target(long a, long b)
{
	if (a != 7 || b != 11)
		_exit(20);                 /* rdi/rsi not restored */
	_exit(0);
}

static void __attribute__((noreturn, used)) fg_target_mask(void)
{
	/* The context's mask blocks SIGUSR1: raising it must leave it pending. */
	sys_kill(sys_getpid(), SIGUSR1);
	if (sys_sigpending() != (long)SIGBIT(SIGUSR1))
		_exit(21);
	_exit(0);
}

static void __attribute__((noreturn, used)) fg_target_kill(void)
{
	/* The context's mask has every bit: SIGKILL's must not count. */
	sys_kill(sys_getpid(), SIGKILL);
	_exit(22);
}

/* After a context with garbage in MXCSR's reserved bits (16-31): they
 * must not have reached the CPU. */
static void __attribute__((noreturn, used)) fg_target_mxcsr(long a, long b)
{
	uint32_t mxcsr;

	if (a != 7 || b != 11)
		_exit(20);
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	if (mxcsr & 0xffff0000u)
		_exit(24);
	_exit(0);
}

/* cli: legal only with IOPL 3.  Exit 77 means it worked. */
static void __attribute__((noreturn, used)) fg_target_cli(void)
{
	__asm__ volatile("cli");
	_exit(77);
}

static void fg_init(uint64_t rip)
{
	memset(&fg_ctx, 0, sizeof(fg_ctx));
	fg_ctx.rip = rip;
	fg_ctx.rsp = (uint64_t)(uintptr_t)(fg_stack + sizeof(fg_stack)) - 8;
	fg_ctx.rflags = 0x202;
	/* A sane FPU image: MXCSR at its reset value, with its mask. */
	uint32_t mxcsr = 0x1f80, mask = 0xffff;
	memcpy(fg_ctx.fpu + 24, &mxcsr, 4);
	memcpy(fg_ctx.fpu + 28, &mask, 4);
}

/* sigreturn with rsp = ctx: by syscall or int $0x80.  If the call returns
 * at all, the stack is gone: ud2 (SIGILL) tells that story. */
static void __attribute__((noreturn)) fg_go(const void *ctx, int int80)
{
	if (int80)
		__asm__ volatile("mov %0, %%rsp\n\t"
				 "mov $39, %%eax\n\t"
				 "int $0x80\n\t"
				 "ud2" :: "r"(ctx) : "memory");
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "mov $39, %%eax\n\t"
			 "syscall\n\t"
			 "ud2" :: "r"(ctx) : "memory");
	__builtin_unreachable();
}

enum { FG_NONCANON, FG_DEAD, FG_KERNEL_RIP, FG_CTX_UNMAPPED, FG_CTX_KERNEL,
       FG_IOPL, FG_GOOD, FG_MASK, FG_MASK_KILL, FG_HANDLER_RIP, FG_LIBC, FG_N };

static void h_bad_rip(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	sc->rip = 0x0000800000000000ull;
}

static void __attribute__((noreturn)) fg_child(int kind, int int80)
{
	switch (kind) {
	case FG_NONCANON:
		fg_init(0x0000800000000000ull);
		break;
	case FG_DEAD:
		fg_init(0xdead000000000000ull);
		break;
	case FG_KERNEL_RIP:
		fg_init(0xffffffff80000000ull);
		break;
	case FG_CTX_UNMAPPED:
		fg_go(ut_addr(0x1000), int80);
	case FG_CTX_KERNEL:
		fg_go(ut_addr(KTEXT_ADDR), int80);
	case FG_IOPL:
		fg_init((uint64_t)(uintptr_t)fg_target_cli);
		fg_ctx.rflags = 0x3202;    /* IOPL 3 */
		break;
	case FG_GOOD:
		fg_init((uint64_t)(uintptr_t)fg_target);
		fg_ctx.rdi = 7;
		fg_ctx.rsi = 11;
		break;
	case FG_MASK:
		fg_init((uint64_t)(uintptr_t)fg_target_mask);
		fg_ctx.mask = SIGBIT(SIGUSR1);
		break;
	case FG_MASK_KILL:
		fg_init((uint64_t)(uintptr_t)fg_target_kill);
		fg_ctx.mask = ~0ull;
		break;
	case FG_LIBC:
		/* libc's sigreturn(sc) with a good context. */
		fg_init((uint64_t)(uintptr_t)fg_target);
		fg_ctx.rdi = 7;
		fg_ctx.rsi = 11;
		sigreturn(&fg_ctx);
		_exit(25);
	case FG_HANDLER_RIP:
		/* A handler that points the context at a non-canonical rip. */
		ut_handle(SIGUSR1, h_bad_rip, 0, 0);
		sys_kill(sys_getpid(), SIGUSR1);
		_exit(23);
	}
	fg_go(&fg_ctx, int80);
}

void test_sigreturn_forged(void)
{
	static const struct {
		const char *what;
		int kind;
		int want;         /* > 0: killed by that signal; <= 0: exit -want */
	} cases[] = {
		{ "rip 0x0000800000000000",        FG_NONCANON,     SIGSEGV },
		{ "rip 0xdead000000000000",        FG_DEAD,         SIGSEGV },
		{ "rip 0xffffffff80000000",        FG_KERNEL_RIP,   SIGSEGV },
		{ "context at 0x1000 (unmapped)",  FG_CTX_UNMAPPED, SIGSEGV },
		{ "context at a kernel address",   FG_CTX_KERNEL,   SIGSEGV },
		{ "rflags with IOPL 3, then cli",  FG_IOPL,         SIGSEGV },
		{ "a good context (rdi 7, rsi 11)", FG_GOOD,        0 },
		{ "mask blocking SIGUSR1",         FG_MASK,         0 },
		{ "mask of every bit, then SIGKILL", FG_MASK_KILL,  SIGKILL },
		{ "handler sets a non-canonical rip", FG_HANDLER_RIP, SIGSEGV },
		{ "libc sigreturn(sc) of a good context", FG_LIBC,  0 },
	};
	int bad = 0;

	/* Without sigreturn the children would only tell us ud2 (SIGILL). */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int int80 = 0; int80 < 2; int80++) {
			if ((cases[i].kind == FG_HANDLER_RIP || cases[i].kind == FG_LIBC) &&
			    int80)
				continue;
			pid_t pid = ut_fork();
			if (pid == 0)
				fg_child(cases[i].kind, int80);
			int st = ut_wait_ms(pid, 5000);
			int want = cases[i].want > 0 ? cases[i].want
						     : W_EXITCODE(-cases[i].want);
			if (st != want) {
				ut_note("sigreturn (%s) of %s: child %s, want %s %d",
					int80 ? "int $0x80" : "syscall", cases[i].what,
					ut_status(st), cases[i].want > 0 ? "signal" : "exit",
					cases[i].want > 0 ? cases[i].want : -cases[i].want);
				bad++;
			}
		}
	}
	CHECK(bad == 0, "%d forged contexts were not handled right", bad);
}

/*
 * A context whose FXSAVE image has reserved MXCSR bits set and claims an
 * MXCSR mask that allows them: loading it as is would fault in the kernel
 * (#GP from FXRSTOR; the mask to apply is the CPU's, not the one in the
 * image).  The process may die (SIGSEGV) or go on with a sanitized MXCSR;
 * the kernel must not notice anything.  (QEMU's TCG does not fault on
 * reserved MXCSR bits but keeps them: the target checks for that.)
 */
void test_sigreturn_bad_fpu(void)
{
	for (int int80 = 0; int80 < 2; int80++) {
		pid_t pid = ut_fork();

		if (pid == 0) {
			fg_init((uint64_t)(uintptr_t)fg_target_mxcsr);
			fg_ctx.rdi = 7;
			fg_ctx.rsi = 11;
			uint32_t mxcsr = 0xffffffff, mask = 0xffffffff;
			memcpy(fg_ctx.fpu + 24, &mxcsr, 4);
			memcpy(fg_ctx.fpu + 28, &mask, 4);
			fg_go(&fg_ctx, int80);
		}
		int st = ut_wait_ms(pid, 5000);
		CHECK(st == 0 || st == SIGSEGV,
		      "sigreturn (%s) with MXCSR 0xffffffff and MXCSR_MASK 0xffffffff "
		      "in the context: child %s, want exit 0 or signal %d (24: the "
		      "reserved MXCSR bits reached the CPU)",
		      int80 ? "int $0x80" : "syscall", ut_status(st), SIGSEGV);
	}
}

/* ---- single-stepping a system call ------------------------------------------ */

static volatile int tf_count;
static volatile uint64_t tf_rip, tf_ctx_rflags, tf_own_rflags;
uint64_t tf_after, tf_rax;

static void h_trap(int sig, void *info, struct sigcontext *sc)
{
	(void)info;
	tf_own_rflags = __builtin_ia32_readeflags_u64();
	if (tf_count++ == 0) {
		tf_rip = sc->rip;
		tf_ctx_rflags = sc->rflags;
	}
	if (sig == SIGTRAP)
		sc->rflags &= ~RFLAGS_TF;   /* stop stepping */
}

/* getpid by syscall with TF set by the popf just before it. */
static void __attribute__((noinline)) tf_syscall(void)
{
	__asm__ volatile(
		"lea -128(%%rsp), %%rsp\n\t"
		"movq $.Ltf_after%=, %[after]\n\t"
		"mov $30, %%eax\n\t"
		"pushfq\n\t"
		"orq $0x100, (%%rsp)\n\t"
		"popfq\n\t"
		"syscall\n"
		".Ltf_after%=:\n\t"
		"pushfq\n\t"
		"andq $~0x100, (%%rsp)\n\t"
		"popfq\n\t"
		"lea 128(%%rsp), %%rsp\n\t"
		"mov %%rax, %[rax]"
		: [after] "=m"(tf_after), [rax] "=m"(tf_rax)
		: : "rax", "rcx", "r11", "cc", "memory");
}

/* getpid by syscall, the first instruction of a context resumed with TF
 * set: with rsp on an unmapped page, nothing can be pushed anywhere. */
void tf_stub(void);
__asm__(".text\n"
	".globl tf_stub\n"
	".type tf_stub, @function\n"
	"tf_stub:\n\t"
	"syscall\n\t"
	"ud2\n\t"
	".size tf_stub, . - tf_stub\n"
	".previous\n");

void test_sig_trap_syscall_tf(void)
{
	pid_t pid;
	int st;

	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGTRAP, h_trap, 0, 0);
		tf_syscall();
		EXPECT_EQ(tf_count, 1, "SIGTRAPs for one stepped syscall");
		EXPECT_EQ(tf_rax, sys_getpid(), "the stepped getpid's result");
		CHECK(!(tf_own_rflags & RFLAGS_TF), "the handler runs with TF set "
		      "(rflags %#lx)", tf_own_rflags);
		CHECK(tf_ctx_rflags & RFLAGS_TF, "sigcontext.rflags %#lx: TF not set",
		      tf_ctx_rflags);
		/* The trap comes after the syscall instruction: rip is the next
		 * instruction (or, at the latest, the one after it). */
		CHECK(tf_rip == tf_after || tf_rip == tf_after + 1,
		      "SIGTRAP at rip %#lx, want %#lx (just after the syscall)",
		      tf_rip, tf_after);
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "stepped syscall with a handler: child %s", ut_status(st));

	/* No handler: the default action of SIGTRAP ends the process. */
	pid = ut_fork();
	if (pid == 0) {
		tf_syscall();
		_exit(30);
	}
	st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGTRAP, "stepped syscall without a handler: wait status");

	/* A stepped syscall with rsp on an unmapped page (resumed so by a
	 * forged sigreturn): the SIGTRAP cannot get a frame, the process dies
	 * of SIGSEGV, and the kernel (which must not push anything on that
	 * rsp either) does not notice. */
	for (int int80 = 0; int80 < 2; int80++) {
		pid = ut_fork();
		if (pid == 0) {
			ut_handle(SIGTRAP, h_trap, 0, 0);
			fg_init((uint64_t)(uintptr_t)tf_stub);
			fg_ctx.rax = SYS_getpid;
			fg_ctx.rsp = 0x1000;
			fg_ctx.rflags = 0x302;     /* IF, TF */
			fg_go(&fg_ctx, int80);
		}
		st = ut_wait_ms(pid, 5000);
		CHECK(st == SIGSEGV, "stepped syscall with rsp 0x1000 (context "
		      "loaded by %s): child %s, want signal %d",
		      int80 ? "int $0x80" : "syscall", ut_status(st), SIGSEGV);
	}
}

/* ---- hardware faults -------------------------------------------------------- */

static char hf_buf[64] __attribute__((aligned(64)));

static void f_int3(void)      { __asm__ volatile("int3"); }
static void f_int_3(void)     { __asm__ volatile(".byte 0xcd, 0x03"); }   /* int $3 */
static void f_segv(void)      { (void)*(volatile long *)ut_addr(8); }
static void f_ud2(void)       { __asm__ volatile("ud2"); }
static void f_gp(void)        { __asm__ volatile("mov %0, %%rax\n\tmov (%%rax), %%rax"
						 :: "r"(0x8000000000000000ull) : "rax"); }
static void f_div0(void)
{
	__asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\txor %%ecx, %%ecx\n\t"
			 "div %%ecx" ::: "rax", "rcx", "rdx", "cc");
}
static void f_step(void)
{
	__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"
			 "pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"
			 "nop\n\tnop\n\t"
			 "pushfq\n\tandq $~0x100, (%%rsp)\n\tpopfq\n\t"
			 "lea 128(%%rsp), %%rsp" ::: "cc", "memory");
}
static void f_align(void)
{
	__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"
			 "pushfq\n\torq $0x40000, (%%rsp)\n\tpopfq\n\t"
			 "movl 1+%0, %%eax\n\t"
			 "pushfq\n\tandq $~0x40000, (%%rsp)\n\tpopfq\n\t"
			 "lea 128(%%rsp), %%rsp" :: "m"(hf_buf) : "rax", "cc", "memory");
}

static const struct {
	const char *name;
	void (*fn)(void);
	int sig;
} hw[] = {
	{ "int3",                       f_int3,  SIGTRAP },
	{ "int $3",                     f_int_3, SIGTRAP },
	{ "single step (TF)",           f_step,  SIGTRAP },
	{ "read address 8",             f_segv,  SIGSEGV },
	{ "non-canonical read (#GP)",   f_gp,    SIGSEGV },
	{ "ud2",                        f_ud2,   SIGILL },
	{ "divide by zero",             f_div0,  SIGFPE },
};

void test_sig_hw_faults(void)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(hw) / sizeof(hw[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0) {
			hw[i].fn();
			_exit(99);
		}
		int st = ut_wait_ms(pid, 5000);
		if (st != hw[i].sig) {
			ut_note("%s: child %s, want signal %d", hw[i].name,
				ut_status(st), hw[i].sig);
			bad++;
		}
	}

	/* Alignment checking needs CR0.AM from the kernel and a CPU that
	 * checks (QEMU's TCG does not): a miss is noted, not counted; a
	 * fault must be SIGBUS. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		f_align();
		_exit(99);
	}
	int st = ut_wait_ms(pid, 5000);
	if (st == W_EXITCODE(99))
		ut_note("misaligned load with AC set did not fault (CR0.AM clear, or "
			"a CPU without alignment checks): not counted");
	else if (st != SIGBUS) {
		ut_note("misaligned load with AC set: child %s, want signal %d",
			ut_status(st), SIGBUS);
		bad++;
	}
	CHECK(bad == 0, "%d faults did not become the right signal", bad);
}

/* A fault's signal ends the process even when blocked or ignored. */
void test_sig_fault_blocked(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
		int sig;
		int ignore;       /* 1: ignore it, 0: block it */
	} cases[] = {
		{ "read address 8, SIGSEGV blocked",  f_segv,  SIGSEGV, 0 },
		{ "read address 8, SIGSEGV ignored",  f_segv,  SIGSEGV, 1 },
		{ "ud2, SIGILL blocked",              f_ud2,   SIGILL,  0 },
		{ "ud2, SIGILL ignored",              f_ud2,   SIGILL,  1 },
		{ "divide by zero, SIGFPE blocked",   f_div0,  SIGFPE,  0 },
		{ "divide by zero, SIGFPE ignored",   f_div0,  SIGFPE,  1 },
		{ "int3, SIGTRAP blocked",            f_int3,  SIGTRAP, 0 },
		{ "int3, SIGTRAP ignored",            f_int3,  SIGTRAP, 1 },
	};
	int bad = 0;

	ut_need_sigaction();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0) {
			long r = cases[i].ignore ? sys_signal(cases[i].sig, SIGACT_IGNORE)
						 : sys_sigblock(cases[i].sig);
			if (r < 0)
				_exit(98);
			cases[i].fn();
			_exit(99);
		}
		int st = ut_wait_ms(pid, 5000);
		if (st != cases[i].sig) {
			ut_note("%s: child %s, want signal %d", cases[i].name,
				ut_status(st), cases[i].sig);
			bad++;
		}
	}
	CHECK(bad == 0, "%d blocked or ignored faults did not end the process", bad);
}

/* ---- handlers that catch faults ---------------------------------------------- */

uint64_t fh_insn, fh_resume;
static volatile int fh_count;
static volatile uint64_t fh_rip, fh_signo;
static volatile int fh_after;

static void h_segv_exit(int sig, void *info, struct sigcontext *sc)
{
	(void)info;
	if (sig != SIGSEGV || sc->signo != SIGSEGV)
		_exit(40);
	if (sc->rip != fh_insn)
		_exit(41);                 /* rip is not the faulting instruction */
	_exit(0);
}

static void __attribute__((noinline)) segv_at_label(void)
{
	__asm__ volatile("movq $.Lfh_insn%=, %[insn]\n\t"
			 "movq $.Lfh_res%=, %[res]\n\t"
			 "xor %%eax, %%eax\n"
			 ".Lfh_insn%=:\n\t"
			 "mov 8(%%rax), %%rax\n"
			 ".Lfh_res%=:"
			 : [insn] "=m"(fh_insn), [res] "=m"(fh_resume) :: "rax", "memory");
}

static void __attribute__((noinline)) div0_at_label(void)
{
	__asm__ volatile("movq $.Lfh_insn%=, %[insn]\n\t"
			 "movq $.Lfh_res%=, %[res]\n\t"
			 "xor %%edx, %%edx\n\t"
			 "mov $1, %%eax\n\t"
			 "xor %%ecx, %%ecx\n"
			 ".Lfh_insn%=:\n\t"
			 "div %%ecx\n"
			 ".Lfh_res%=:"
			 : [insn] "=m"(fh_insn), [res] "=m"(fh_resume)
			 :: "rax", "rcx", "rdx", "cc", "memory");
}

/* Skips the faulting instruction by moving the context's rip on. */
static void h_resume(int sig, void *info, struct sigcontext *sc)
{
	(void)info;
	fh_count++;
	fh_signo = (uint64_t)sig;
	fh_rip = sc->rip;
	sc->rip = fh_resume;
}

static void h_skip_ud2(int sig, void *info, struct sigcontext *sc)
{
	(void)info;
	fh_count++;
	fh_signo = (uint64_t)sig;
	fh_rip = sc->rip;
	sc->rip += 2;                      /* ud2 is 0f 0b */
}

static void h_fault_again(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	(void)*(volatile long *)ut_addr(16);   /* SIGSEGV while SIGSEGV is blocked */
	_exit(42);
}

void test_sig_fault_handler(void)
{
	pid_t pid;
	int st;

	ut_need_sigaction();

	/* A SIGSEGV handler sees the faulting rip and leaves cleanly. */
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGSEGV, h_segv_exit, 0, 0);
		segv_at_label();
		_exit(43);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "SIGSEGV handler that calls _exit(0): child %s "
	      "(40: wrong signal, 41: wrong rip)", ut_status(st));

	/* Handlers that move rip past the fault: the program goes on. */
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGSEGV, h_resume, 0, 0);
		segv_at_label();
		EXPECT_EQ(fh_count, 1, "SIGSEGV handler runs");
		EXPECT_EQ(fh_rip, fh_insn, "SIGSEGV: sigcontext.rip");
		segv_at_label();           /* and again: the mask was restored */
		EXPECT_EQ(fh_count, 2, "SIGSEGV handler runs for a second fault");

		fh_count = 0;
		ut_handle(SIGFPE, h_resume, 0, 0);
		div0_at_label();
		EXPECT_EQ(fh_count, 1, "SIGFPE handler runs");
		EXPECT_EQ(fh_signo, SIGFPE, "SIGFPE handler's signal");
		EXPECT_EQ(fh_rip, fh_insn, "SIGFPE: sigcontext.rip");

		fh_count = 0;
		ut_handle(SIGILL, h_skip_ud2, 0, 0);
		fh_after = 0;
		__asm__ volatile("ud2");
		fh_after = 1;
		EXPECT_EQ(fh_count, 1, "SIGILL handler runs");
		EXPECT_EQ(fh_signo, SIGILL, "SIGILL handler's signal");
		EXPECT_EQ(fh_after, 1, "execution goes on after the skipped ud2");
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "handlers that skip the fault: child %s", ut_status(st));

	/* A fault inside the SIGSEGV handler (SIGSEGV blocked there) ends
	 * the process: no endless recursion. */
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGSEGV, h_fault_again, 0, 0);
		f_segv();
		_exit(44);
	}
	st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGSEGV, "a fault in the SIGSEGV handler: wait status");

	/* No room for the signal frame (rsp on an unmapped page): SIGSEGV. */
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGUSR1, h_resume, 0, 0);
		long me = sys_getpid();
		__asm__ volatile("mov %0, %%rdi\n\t"
				 "mov $10, %%esi\n\t"
				 "mov $32, %%eax\n\t"
				 "mov $0x1000, %%rsp\n\t"
				 "int $0x80\n\t"
				 "ud2" :: "r"(me) : "rax", "rsi", "rdi", "memory");
		__builtin_unreachable();
	}
	st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGSEGV, "a handled signal with rsp 0x1000: wait status");
}

/* ---- rflags a user may set ----------------------------------------------------- */

/*
 * NT, AC, DF and the arithmetic flags are the user's to set (popf): system
 * calls made with them set must work and must not upset the kernel (NT
 * would make the kernel's own iretq fault; AC would open SMAP; DF would
 * run the kernel's string copies backwards).
 */
void test_rflags_abuse(void)
{
	static const uint64_t flag_sets[] = {
		0x4000,                      /* NT */
		0x40000,                     /* AC */
		0x400,                       /* DF */
		0x4000 | 0x40000 | 0x400 | 0x8d5,   /* all that, plus OF SF ZF AF PF CF */
	};

	for (size_t i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0) {
			/* static: the asm moves rsp, so nothing it stores may
			 * be addressed relative to rsp. */
			static unsigned char buf[sizeof(struct sigaction)];
			static long r1, r2, r3;
			uint64_t f = flag_sets[i];

			memset(buf, 0x55, sizeof(buf));
			/* getpid by syscall and by int $0x80, a yield, and a
			 * sigaction query (the kernel copies 32 bytes out to
			 * us) by int $0x80, which does not clear DF or AC by
			 * itself, all with the flags set. */
			__asm__ volatile(
				"lea -128(%%rsp), %%rsp\n\t"
				"pushfq\n\t"
				"or %[f], (%%rsp)\n\t"
				"popfq\n\t"
				"mov $30, %%eax\n\t"
				"syscall\n\t"
				"mov %%rax, %[r1]\n\t"
				"mov $30, %%eax\n\t"
				"int $0x80\n\t"
				"mov %%rax, %[r2]\n\t"
				"mov $2, %%eax\n\t"
				"syscall\n\t"
				"mov $37, %%eax\n\t"
				"mov $10, %%edi\n\t"
				"xor %%esi, %%esi\n\t"
				"mov %[buf], %%rdx\n\t"
				"int $0x80\n\t"
				"mov %%rax, %[r3]\n\t"
				"pushfq\n\t"
				"andq $~0x44dd5, (%%rsp)\n\t"
				"popfq\n\t"
				"lea 128(%%rsp), %%rsp"
				: [r1] "=m"(r1), [r2] "=m"(r2), [r3] "=m"(r3)
				: [f] "r"(f), [buf] "r"(buf)
				: "rax", "rcx", "rdx", "rsi", "rdi", "r11", "cc", "memory");
			if (r1 != sys_getpid() || r2 != r1)
				_exit(50);
			if (r3 != 0)
				_exit(51);
			for (size_t k = 0; k < sizeof(buf); k++)
				if (buf[k] != 0)   /* SIGUSR1's default disposition */
					_exit(52);
			_exit(0);
		}
		int st = ut_wait_ms(pid, 5000);
		CHECK(st == 0, "system calls with rflags |= %#lx: child %s (50: getpid "
		      "wrong, 51: sigaction failed, 52: its copy-out wrong)",
		      flag_sets[i], ut_status(st));
	}
}
