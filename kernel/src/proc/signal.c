/*
 * Signals: posting, delivery, handlers and the signal system calls.
 *
 * A signal is posted by setting its bit in p->sig_pending (signal_send);
 * nothing else happens to the target at that moment except three things
 * that cannot wait: SIGKILL and SIGCONT wake a stopped process, SIGCONT
 * discards pending stops (and a stop discards a pending SIGCONT), and a
 * process in an interruptible sleep is woken if the signal will matter.
 *
 * Everything else happens in signal_deliver(), on every return to user
 * mode, in the target's own context: default actions (terminate, ignore,
 * stop), or a user handler, entered by building a struct sigcontext (abi.h)
 * on the user stack and pointing the saved registers at the handler.  The
 * handler returns into its restorer (ours, in libc, or the kernel's
 * trampoline page), which calls sigreturn to reload the saved context.
 */
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "mm/usercopy.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include "lib/panic.h"

const void *cpu_fpu_initial(void);
#include <aurora/abi.h>

#define BIT(s)        (1ull << (s))
#define UNBLOCKABLE   (BIT(SIGKILL) | BIT(SIGSTOP))
#define STOP_SIGS     (BIT(SIGSTOP) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGTTOU))
/* Signals whose default action is to do nothing. */
#define DFL_IGNORE    (BIT(SIGCHLD) | BIT(SIGCONT) | BIT(SIGURG) | BIT(SIGWINCH))

/* sa_handler values: SIG_DFL 0, SIG_IGN 1, and ours for signal()'s
 * Terminate: no user handler can live at address 2 (below USER_BASE). */
#define SIG_TERM ((uint64_t)2)

#define SA_KNOWN      (SA_RESTORER | SA_NODEFER | SA_RESETHAND)

/* rflags bits a user may set through sigreturn. */
#define RFLAGS_USER   (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | \
		       RFLAGS_TF | RFLAGS_DF | RFLAGS_OF | RFLAGS_AC | RFLAGS_ID)

static uint64_t trampoline_frame;

static bool sig_valid(long sig) { return sig >= 1 && sig < NSIG; }

void signal_init(void)
{
	/* The kernel's restorer: mov $SYS_sigreturn, %eax; syscall; ud2.  One
	 * frame, mapped read-only and executable in every process. */
	static const uint8_t code[] = { 0xb8, SYS_sigreturn, 0, 0, 0, 0x0f, 0x05, 0x0f, 0x0b };
	trampoline_frame = pmm_alloc();
	if (!trampoline_frame)
		panic("signal: no memory for the trampoline");
	memcpy(P2V(trampoline_frame), code, sizeof(code));
}

int signal_map_trampoline(uint64_t space)
{
	return vmm_map_frame(space, USER_SIGTRAMP, trampoline_frame, VM_READ | VM_EXEC);
}

/* Would this signal, if delivered now, be thrown away? */
static bool sig_ignored(struct proc *p, int sig)
{
	uint64_t h = p->sig_act[sig].sa_handler;
	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (DFL_IGNORE & BIT(sig));
}

bool signal_interrupts(struct proc *p)
{
	uint64_t ready = p->sig_pending & ~p->sig_mask;
	for (int s = 1; ready >> s; s++)
		if ((ready & BIT(s)) && !sig_ignored(p, s))
			return true;
	return false;
}

int signal_send(struct proc *p, int sig)
{
	if (p->state == P_ZOMBIE || p->state == P_UNUSED || p->state == P_EMBRYO)
		return 0;
	/* Like Linux, init never gets a signal it has not asked for. */
	if (p == initproc && p->sig_act[sig].sa_handler == SIG_DFL)
		return 0;
	if (sig == SIGCONT) {
		p->sig_pending &= ~STOP_SIGS;
		if (p->state == P_STOPPED) {
			proc_make_runnable(p);
			p->stop_report = false;
			p->cont_report = true;
			if (p->parent) {
				signal_send(p->parent, SIGCHLD);
				wakeup(p->parent);
			}
		}
	}
	if (STOP_SIGS & BIT(sig))
		p->sig_pending &= ~BIT(SIGCONT);
	if (sig_ignored(p, sig) && !(p->sig_mask & BIT(sig)))
		return 0;                       /* dropped at once, as POSIX allows */
	p->sig_pending |= BIT(sig);
	if (sig == SIGKILL && p->state == P_STOPPED)
		proc_make_runnable(p);          /* it dies on its way out */
	if (p->state == P_SLEEPING && p->intr && signal_interrupts(p))
		proc_make_runnable(p);
	return 0;
}

void signal_force(struct proc *p, int sig)
{
	/* A fault cannot be ignored or blocked away: the faulting instruction
	 * would just run again.  Make sure it acts (as Linux's force_sig). */
	struct sigaction *a = &p->sig_act[sig];
	if (a->sa_handler == SIG_IGN || (p->sig_mask & BIT(sig))) {
		a->sa_handler = SIG_DFL;
		p->sig_mask &= ~BIT(sig);
	}
	p->sig_pending |= BIT(sig);
}

void signal_fork(struct proc *child, struct proc *parent)
{
	memcpy(child->sig_act, parent->sig_act, sizeof(child->sig_act));
	child->sig_mask = parent->sig_mask;
	child->sig_pending = 0;
}

void signal_exec(struct proc *p)
{
	/* Handlers point into the old image: back to default.  Ignore and
	 * Terminate are not addresses and survive, as SIG_IGN does in POSIX;
	 * the mask and pending signals stay too. */
	for (int s = 1; s < NSIG; s++) {
		struct sigaction *a = &p->sig_act[s];
		uint64_t h = a->sa_handler;
		memset(a, 0, sizeof(*a));
		if (h == SIG_IGN || h == SIG_TERM)
			a->sa_handler = h;
	}
}

/* ---- delivery ------------------------------------------------------------- */

/* Stops the current process until SIGCONT or SIGKILL. */
static void do_stop(struct proc *p, int sig)
{
	p->state = P_STOPPED;
	p->stop_sig = sig;
	p->stop_report = true;
	p->cont_report = false;
	if (p->parent) {
		signal_send(p->parent, SIGCHLD);
		wakeup(p->parent);
	}
	schedule();
}

/*
 * Builds the handler's frame on the user stack: below the red zone, a
 * 16-byte aligned sigcontext, and under it the return address, so that the
 * handler starts as if just called (rsp + 8 aligned to 16).
 */
static int setup_frame(struct trapframe *tf, int sig, const struct sigaction *a, uint64_t old_mask)
{
	struct sigcontext sc;
	uint64_t sp = (tf->rsp - 128 - sizeof(sc)) & ~(uint64_t)15;
	uint64_t ret = (a->sa_flags & SA_RESTORER) && a->sa_restorer ? a->sa_restorer : USER_SIGTRAMP;
	if (tf->rsp >= USER_TOP || sp < USER_BASE + 8)
		return -EFAULT;

	sc = (struct sigcontext){
		.r15 = tf->r15, .r14 = tf->r14, .r13 = tf->r13, .r12 = tf->r12,
		.r11 = tf->r11, .r10 = tf->r10, .r9 = tf->r9, .r8 = tf->r8,
		.rbp = tf->rbp, .rdi = tf->rdi, .rsi = tf->rsi, .rdx = tf->rdx,
		.rcx = tf->rcx, .rbx = tf->rbx, .rax = tf->rax,
		.rip = tf->rip, .rflags = tf->rflags, .rsp = tf->rsp,
		.mask = old_mask, .signo = (uint64_t)sig,
	};
	/* The user's FPU state is live in the CPU (the kernel never uses it). */
	__asm__ volatile("fxsave %0" : "=m"(sc.fpu));
	if (copy_to_user(sp, &sc, sizeof(sc)) < 0 || copy_to_user(sp - 8, &ret, 8) < 0)
		return -EFAULT;

	/* The handler starts with a clean FPU and no single-stepping. */
	__asm__ volatile("fxrstor (%0)" :: "r"(cpu_fpu_initial()) : "memory");
	tf->rsp = sp - 8;
	tf->rip = a->sa_handler;
	tf->rdi = (uint64_t)sig;
	tf->rsi = 0;
	tf->rdx = sp;
	tf->rax = 0;
	tf->rflags &= ~(uint64_t)(RFLAGS_TF | RFLAGS_DF);
	return 0;
}

void signal_deliver(struct trapframe *tf)
{
	struct proc *p = current();
	/* A sleep cut short by a signal returns -EINTR; if no handler runs,
	 * the call is restarted instead (rewound over its 2-byte syscall or
	 * int $0x80 instruction), so a stop and continue is invisible. */
	bool restart = p->sig_restart && (long)tf->rax == -EINTR;
	p->sig_restart = false;

	for (;;) {
		uint64_t ready = p->sig_pending & ~p->sig_mask;
		if (!ready)
			break;
		int sig = (ready & BIT(SIGKILL)) ? SIGKILL : __builtin_ctzll(ready);
		p->sig_pending &= ~BIT(sig);
		struct sigaction *a = &p->sig_act[sig];

		if (a->sa_handler == SIG_IGN)
			continue;
		if (a->sa_handler == SIG_DFL && (DFL_IGNORE & BIT(sig)))
			continue;
		if (a->sa_handler == SIG_DFL && (STOP_SIGS & BIT(sig))) {
			do_stop(p, sig);
			continue;               /* continued: look again */
		}
		if (a->sa_handler == SIG_DFL || a->sa_handler == SIG_TERM)
			proc_exit(W_SIGNALED(sig));

		/* A user handler. */
		struct sigaction act = *a;
		uint64_t old_mask = p->sig_mask;
		if (setup_frame(tf, sig, &act, old_mask) < 0) {
			kprintf("pid %d (%s): no room on the stack for a signal %d handler\n",
				p->pid, p->name, sig);
			proc_exit(W_SIGNALED(SIGSEGV));
		}
		p->sig_mask |= act.sa_mask | ((act.sa_flags & SA_NODEFER) ? 0 : BIT(sig));
		p->sig_mask &= ~UNBLOCKABLE;
		if (act.sa_flags & SA_RESETHAND)
			memset(a, 0, sizeof(*a));
		return;                         /* one handler at a time */
	}
	if (restart) {
		tf->rax = p->sys_nr;
		tf->rip -= 2;
	}
}

/* ---- system calls --------------------------------------------------------- */

long sys_sigreturn(struct trapframe *tf)
{
	struct sigcontext sc;
	struct proc *p = current();
	if (copy_from_user(&sc, tf->rsp, sizeof(sc)) < 0) {
		signal_force(p, SIGSEGV);
		return (long)tf->rax;
	}
	/* An FXRSTOR of MXCSR bits this CPU reserves would fault in the
	 * kernel: keep only the ones the CPU itself says it has. */
	uint32_t mxcsr;
	memcpy(&mxcsr, sc.fpu + 24, 4);
	mxcsr &= cpu_mxcsr_mask();
	memcpy(sc.fpu + 24, &mxcsr, 4);
	__asm__ volatile("fxrstor %0" :: "m"(sc.fpu));

	tf->r15 = sc.r15; tf->r14 = sc.r14; tf->r13 = sc.r13; tf->r12 = sc.r12;
	tf->r11 = sc.r11; tf->r10 = sc.r10; tf->r9 = sc.r9; tf->r8 = sc.r8;
	tf->rbp = sc.rbp; tf->rdi = sc.rdi; tf->rsi = sc.rsi; tf->rdx = sc.rdx;
	tf->rcx = sc.rcx; tf->rbx = sc.rbx;
	tf->rip = sc.rip;
	tf->rsp = sc.rsp;
	tf->rflags = (tf->rflags & ~(uint64_t)RFLAGS_USER) | (sc.rflags & RFLAGS_USER);
	p->sig_mask = sc.mask & ~UNBLOCKABLE;
	/* A non-canonical or kernel rip is caught by proc_return_to_user,
	 * which turns it into SIGSEGV before anything returns to it. */
	return (long)sc.rax;
}

long sys_sigaction(struct trapframe *tf)
{
	long sig = (long)ARG0(tf);
	uint64_t uact = ARG1(tf), uold = ARG2(tf);
	struct proc *p = current();
	struct sigaction act;

	if (!sig_valid(sig))
		return -EINVAL;
	if (uact) {
		if (copy_from_user(&act, uact, sizeof(act)) < 0)
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if ((act.sa_flags & ~(uint64_t)SA_KNOWN) || act.sa_handler >= USER_TOP)
			return -EINVAL;
	}
	/* Write the old action first: a bad pointer then changes nothing. */
	if (uold && copy_to_user(uold, &p->sig_act[sig], sizeof(act)) < 0)
		return -EFAULT;
	if (uact) {
		act.sa_mask &= ~UNBLOCKABLE;
		p->sig_act[sig] = act;
		/* Now ignored: what is pending goes (POSIX). */
		if (sig_ignored(p, (int)sig))
			p->sig_pending &= ~BIT(sig);
	}
	return 0;
}

/* signal(sig, action): Default 0, Ignore 1, Terminate 2; Handle (3) needs
 * a handler address, which only sigaction can give. */
long sys_signal(struct trapframe *tf)
{
	long sig = (long)ARG0(tf);
	uint64_t action = ARG1(tf);
	struct proc *p = current();

	if (!sig_valid(sig) || action > SIGACT_TERMINATE)
		return -EINVAL;
	if ((sig == SIGKILL || sig == SIGSTOP) && action != SIGACT_DEFAULT)
		return -EINVAL;
	struct sigaction *a = &p->sig_act[sig];
	uint64_t h = a->sa_handler;
	long old = h == SIG_DFL ? SIGACT_DEFAULT : h == SIG_IGN ? SIGACT_IGNORE :
		   h == SIG_TERM ? SIGACT_TERMINATE : SIGACT_HANDLE;
	memset(a, 0, sizeof(*a));
	a->sa_handler = action == SIGACT_IGNORE ? SIG_IGN :
			action == SIGACT_TERMINATE ? SIG_TERM : SIG_DFL;
	if (sig_ignored(p, (int)sig))
		p->sig_pending &= ~BIT(sig);
	return old;
}

long sys_sigblock(struct trapframe *tf)
{
	long sig = (long)ARG0(tf);
	if (!sig_valid(sig) || (UNBLOCKABLE & BIT(sig)))
		return -EINVAL;
	current()->sig_mask |= BIT(sig);
	return 0;
}

/* Anything pending is delivered on the way out of this very call. */
long sys_sigunblock(struct trapframe *tf)
{
	long sig = (long)ARG0(tf);
	if (!sig_valid(sig) || (UNBLOCKABLE & BIT(sig)))
		return -EINVAL;
	current()->sig_mask &= ~BIT(sig);
	return 0;
}

long sys_sigpending(struct trapframe *tf)
{
	(void)tf;
	return (long)current()->sig_pending;
}

/*
 * kill(pid, sig): pid > 0 one process, 0 the caller's group, -1 everyone
 * but init and the caller, < -1 the group -pid.  sig 0 only checks.
 */
int signal_group(int pgid, int sig)
{
	int found = 0;
	for (int i = 0; i < NPROC; i++) {
		struct proc *t = proc_slot(i);
		if (t->state == P_UNUSED || t->state == P_EMBRYO || t->pgid != pgid)
			continue;
		found++;
		if (sig)
			signal_send(t, sig);
	}
	return found;
}

long sys_kill(struct trapframe *tf)
{
	long pid = (long)ARG0(tf), sig = (long)ARG1(tf);
	struct proc *me = current();

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct proc *t = pid <= INT32_MAX ? proc_by_pid((int)pid) : 0;
		if (!t)
			return -ESRCH;
		return sig ? signal_send(t, (int)sig) : 0;
	}
	if (pid < -INT32_MAX)
		return -ESRCH;
	if (pid != -1)
		return signal_group(pid == 0 ? me->pgid : (int)-pid, (int)sig) ? 0 : -ESRCH;
	/* -1: everyone but init and the caller. */
	int found = 0;
	for (int i = 0; i < NPROC; i++) {
		struct proc *t = proc_slot(i);
		if (t->state == P_UNUSED || t->state == P_EMBRYO || t == initproc || t == me)
			continue;
		found++;
		if (sig)
			signal_send(t, (int)sig);
	}
	return found ? 0 : -ESRCH;
}
