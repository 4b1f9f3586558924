/*
 * The process table, the scheduler, fork, exit and waitpid.
 *
 * Scheduling is round-robin: the runnable processes wait in a FIFO run
 * queue, and the timer interrupt, when it lands in user mode, moves the CPU
 * to the one at its head (the one that ran goes to the tail).  When no
 * process can run, the idle task halts until the next interrupt.
 *
 * The queue holds exactly the processes in state P_RUNNABLE: every change
 * to that state goes through proc_make_runnable, and only the running
 * process ever leaves it (it is the one that sleeps, stops or exits), so
 * nothing is taken out of the middle.  schedule() is O(1).
 */
#include "proc/proc.h"
#include "proc/trace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/percpu.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "mm/uvm.h"
#include "mm/usercopy.h"
#include "fs/file.h"
#include "dev/console.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include <aurora/abi.h>

static struct proc ptable[NPROC];
static struct proc idle_proc;
struct proc *initproc;
static int next_pid = 1;
volatile uint64_t ticks;
static struct proc *rq_head, *rq_tail;   /* P_RUNNABLE processes, oldest first */

struct cpu cpu0;

extern void swtch(uint64_t *save, uint64_t next);
extern char fork_return[];
const void *cpu_fpu_initial(void);

void proc_init(void)
{
	cpu0.self = &cpu0;
	idle_proc.state = P_RUNNING;
	strlcpy(idle_proc.name, "idle", sizeof(idle_proc.name));
	idle_proc.space = vmm_kernel_space();
	cpu0.current = &idle_proc;
	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

struct proc *proc_slot(int i) { return &ptable[i]; }

struct proc *proc_by_pid(int pid)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &ptable[i];
		if (p->pid == pid && p->state != P_UNUSED && p->state != P_EMBRYO)
			return p;
	}
	return 0;
}

int proc_count(void)
{
	int n = 0;
	for (int i = 0; i < NPROC; i++)
		if (ptable[i].state != P_UNUSED)
			n++;
	return n;
}

bool proc_group_exists(int pgid)
{
	for (int i = 0; i < NPROC; i++)
		if (ptable[i].state != P_UNUSED && ptable[i].state != P_EMBRYO &&
		    ptable[i].pgid == pgid)
			return true;
	return false;
}

/* A free slot with a kernel stack, or 0 (EAGAIN: table full; ENOMEM). */
static struct proc *proc_alloc(int *err)
{
	struct proc *p = 0;
	for (int i = 0; i < NPROC; i++) {
		if (ptable[i].state == P_UNUSED) {
			p = &ptable[i];
			break;
		}
	}
	if (!p) {
		*err = -EAGAIN;
		return 0;
	}
	/* Each slot owns a fixed stack address with an unmapped guard page
	 * below it: an overflow faults (and, with no stack left to report it
	 * on, becomes a double fault on its own IST stack) instead of silently
	 * overwriting the neighbour. */
	uint64_t ks = KSTACK_REGION + (uint64_t)(p - ptable) * (KSTACK_SIZE + PAGE_SIZE) + PAGE_SIZE;
	if (vmm_map_kstack(ks, KSTACK_PAGES) < 0) {
		*err = -ENOMEM;
		return 0;
	}
	memset(p, 0, sizeof(*p));
	p->state = P_EMBRYO;
	p->kstack = ks;
	p->tf = (struct trapframe *)(p->kstack + KSTACK_SIZE) - 1;
	/* The first swtch into p "returns" to fork_return, which leaves for
	 * user mode through p->tf. */
	uint64_t *sp = (uint64_t *)p->tf;
	*--sp = (uint64_t)fork_return;
	for (int i = 0; i < 6; i++)
		*--sp = 0;                  /* rbp, rbx, r12-r15 */
	p->ctx = (uint64_t)sp;
	p->pid = next_pid++;
	return p;
}

static void proc_release(struct proc *p)
{
	vmm_unmap_kstack(p->kstack, KSTACK_PAGES);
	memset(p, 0, sizeof(*p));       /* state = P_UNUSED */
}

/* ---- scheduling ---------------------------------------------------------- */

void proc_make_runnable(struct proc *p)
{
	if (p->state == P_RUNNABLE)
		return;                     /* already queued */
	p->state = P_RUNNABLE;
	p->rq_next = 0;
	if (rq_tail)
		rq_tail->rq_next = p;
	else
		rq_head = p;
	rq_tail = p;
}

static struct proc *rq_pop(void)
{
	struct proc *p = rq_head;
	if (p) {
		rq_head = p->rq_next;
		if (!rq_head)
			rq_tail = 0;
		p->rq_next = 0;
	}
	return p;
}

static void switch_to(struct proc *prev, struct proc *next)
{
	if (prev->state == P_RUNNING && prev != &idle_proc)
		proc_make_runnable(prev);   /* preempted or yielding: to the tail */
	next->state = P_RUNNING;
	__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	__asm__ volatile("fxrstor %0" :: "m"(next->fpu));
	struct cpu *c = this_cpu();
	c->current = next;
	if (next != &idle_proc) {
		c->kstack_top = next->kstack + KSTACK_SIZE;
		tss_set_rsp0(c->kstack_top);
	}
	vmm_switch(next->space);
	TRACE_COUNT(context_switches, 1);
	swtch(&prev->ctx, next->ctx);
}

void schedule(void)
{
	struct proc *prev = current();
	struct proc *next = rq_pop();
	if (!next) {
		if (prev->state == P_RUNNING)
			return;             /* nobody else: keep going */
		next = &idle_proc;
	}
	if (next == prev)
		prev->state = P_RUNNING;
	else
		switch_to(prev, next);
}

_Noreturn void idle_loop(void)
{
	for (;;) {
		schedule();
		/* sti takes effect after the next instruction, so no interrupt
		 * slips in between: hlt always sees it. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
}

void sleep_on(const void *chan)
{
	struct proc *p = current();
	p->chan = chan;
	p->state = P_SLEEPING;
	schedule();
	p->chan = 0;
}

int sleep_on_intr(const void *chan)
{
	struct proc *p = current();
	if (!signal_interrupts(p)) {
		p->intr = true;
		sleep_on(chan);
		p->intr = false;
		if (p->woken) {
			/* A timer named us: the wait ends, and it is not
			 * restarted (no signal was involved). */
			p->woken = false;
			return -EINTR;
		}
		if (!signal_interrupts(p))
			return 0;
	}
	p->sig_restart = true;          /* see signal_deliver */
	return -EINTR;
}

void proc_wake(struct proc *p)
{
	/* intr stays set until the sleeper runs again, so a wakeup(chan)
	 * that came first in the same tick does not hide this one. */
	if (p->intr) {
		p->woken = true;
		if (p->state == P_SLEEPING)
			proc_make_runnable(p);
	}
}

void wakeup(const void *chan)
{
	for (int i = 0; i < NPROC; i++)
		if (ptable[i].state == P_SLEEPING && ptable[i].chan == chan)
			proc_make_runnable(&ptable[i]);
}

void timer_tick(struct trapframe *tf)
{
	console_poll();
	timer_run();
	ticks++;
	struct proc *p = current();
	p->ticks++;
	TRACE_COUNT(ticks, 1);
	if (p == &idle_proc)
		TRACE_COUNT(idle_ticks, 1);
	/* Preempt only user code; the kernel is never interrupted mid-way
	 * (interrupts are off in it, except in the idle task's hlt). */
	if (tf_from_user(tf))
		schedule();
}

/* ---- leaving the kernel ------------------------------------------------- */

/*
 * Last check before any return to user mode: the frame must describe ring-3
 * code at a canonical user address with sane flags, else iretq itself would
 * fault in ring 0.  A bad frame kills the process with SIGSEGV.
 */
void proc_return_to_user(struct trapframe *tf)
{
	struct proc *p = current();
	/* The common case, nothing pending and no restart to decide, skips
	 * the delivery code: this is on every system call's way out. */
	if (p->sig_pending | p->sig_restart)
		signal_deliver(tf);
	if (tf->cs != USER_CS || tf->ss != USER_DS || tf->rip >= USER_TOP) {
		/* Possible after sigreturn: the handler (if any) gets a
		 * frame with a good rip; the default kills. */
		proc_fault(tf, SIGSEGV, tf->rip);
		signal_deliver(tf);
	}
	tf->rflags = (tf->rflags & ~(uint64_t)(RFLAGS_NT | (3u << 12))) | RFLAGS_IF;
}

/* ---- fork, exit, waitpid -------------------------------------------------- */

long proc_fork(struct trapframe *tf)
{
	struct proc *parent = current();
	int err;
	struct proc *child = proc_alloc(&err);
	if (!child)
		return err;
	if (uvm_fork(child, parent) < 0) {
		proc_release(child);
		return -ENOMEM;
	}
	*child->tf = *tf;
	child->tf->rax = 0;                      /* fork returns 0 in the child */
	__asm__ volatile("fxsave %0" : "=m"(child->fpu));
	memcpy(child->name, parent->name, sizeof(child->name));
	child->parent = parent;
	child->brk_base = parent->brk_base;
	child->brk = parent->brk;
	child->filter_on = parent->filter_on;
	memcpy(child->filter, parent->filter, sizeof(child->filter));
	child->pgid = parent->pgid;
	child->uid = parent->uid;
	signal_fork(child, parent);
	fd_fork(child, parent);
	proc_make_runnable(child);
	TRACE_COUNT(procs_created, 1);
	return child->pid;
}

_Noreturn void proc_exit(int wait_status)
{
	struct proc *p = current();
	if (p == initproc) {
		kprintf("init exited (%s %d): powering off\n",
			WIFEXITED(wait_status) ? "status" : "signal",
			WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : WTERMSIG(wait_status));
		machine_exit(wait_status == 0 ? 0 : 1);
	}
	fd_exit(p);                     /* descriptors and cwd, at once too */
	timer_exit(p);
	/* Memory goes back at once; only the slot and kernel stack stay until
	 * the parent reaps the status. */
	uvm_release(p);

	for (int i = 0; i < NPROC; i++) {
		struct proc *c = &ptable[i];
		if (c->parent == p) {
			c->parent = initproc;
			if (c->state == P_ZOMBIE)
				wakeup(initproc);
			/* Nobody is left to continue it (POSIX's orphaned
			 * group, simplified): hang up and continue. */
			if (c->state == P_STOPPED) {
				signal_send(c, SIGHUP);
				signal_send(c, SIGCONT);
			}
		}
	}
	p->status = wait_status;
	p->state = P_ZOMBIE;
	TRACE_COUNT(procs_exited, 1);
	if (WIFEXITED(wait_status))
		trace_kevent(p->pid, "exit %d", WEXITSTATUS(wait_status));
	else
		trace_kevent(p->pid, "killed by signal %d", WTERMSIG(wait_status));
	p->sig_pending = 0;
	signal_send(p->parent, SIGCHLD);
	wakeup(p->parent);
	schedule();
	panic("zombie %d ran again", p->pid);
}

/* A user fault: the signal is forced on the process (see signal_force) and
 * acts on the way back to user mode.  Without a handler it kills, and the
 * console says why. */
void proc_fault(struct trapframe *tf, int sig, uint64_t addr)
{
	struct proc *p = current();
	uint64_t h = p->sig_act[sig].sa_handler;
	if (h == SIG_DFL || h == SIG_IGN || (p->sig_mask & (1ull << sig)))
		kprintf("pid %d (%s): killed by signal %d (rip %#lx, address %#lx, error %#lx)\n",
			p->pid, p->name, sig, tf->rip, addr, tf->error);
	signal_force(p, sig);
}

/* Does child c match waitpid's pid argument? */
static bool wait_match(const struct proc *me, const struct proc *c, long pid)
{
	if (c->state == P_UNUSED || c->state == P_EMBRYO || c->parent != me)
		return false;
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	return c->pgid == (pid == 0 ? me->pgid : -pid);
}

long proc_waitpid(long pid, uint64_t ustatus, long options)
{
	struct proc *me = current();
	if (options & ~(long)(WNOHANG | WUNTRACED | WCONTINUED))
		return -EINVAL;
	if (pid < -(long)INT32_MAX || pid > INT32_MAX)
		return -ECHILD;
	if (ustatus && !user_range_ok(ustatus, sizeof(int)))
		return -EFAULT;
	/* After a signal cut the sleep short, look once more: a child that
	 * exited meanwhile is reaped rather than lost to the EINTR. */
	bool interrupted = false;
	for (;;) {
		bool have = false;
		for (int i = 0; i < NPROC; i++) {
			struct proc *c = &ptable[i];
			if (!wait_match(me, c, pid))
				continue;
			have = true;
			int st;
			if (c->state == P_ZOMBIE)
				st = c->status;
			else if ((options & WUNTRACED) && c->state == P_STOPPED && c->stop_report)
				st = W_STOPCODE(c->stop_sig);
			else if ((options & WCONTINUED) && c->cont_report)
				st = 0xffff;
			else
				continue;
			/* Copy out before reaping, so a bad pointer loses nothing. */
			if (ustatus && copy_to_user(ustatus, &st, sizeof(st)) < 0)
				return -EFAULT;
			long cpid = c->pid;
			if (c->state == P_ZOMBIE)
				proc_release(c);
			else if (st == 0xffff)
				c->cont_report = false;
			else
				c->stop_report = false;
			return cpid;
		}
		if (!have)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (interrupted)
			return -EINTR;
		interrupted = sleep_on_intr(me) < 0;
	}
}

/* ---- the first process ---------------------------------------------------- */

int proc_start_init(const char *path, char *const argv[], int argc)
{
	int err;
	struct proc *p = proc_alloc(&err);
	if (!p)
		return err;
	p->space = vmm_kernel_space();       /* until exec gives it its own */
	memcpy(p->fpu, cpu_fpu_initial(), sizeof(p->fpu));
	p->pgid = p->pid;
	if ((err = fd_init(p)) < 0)
		return err;
	initproc = p;
	/* Borrow the CPU: exec needs "current" to be the process it loads. */
	struct proc *idle = current();
	this_cpu()->current = p;
	err = exec_kernel(p, path, argv, argc);
	this_cpu()->current = idle;
	vmm_switch(vmm_kernel_space());
	if (err < 0)
		return err;
	proc_make_runnable(p);
	TRACE_COUNT(procs_created, 1);
	return 0;
}
