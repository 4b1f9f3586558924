/*
 * Processes.  Each has its own address space (a PML4) and its own kernel
 * stack, at whose top the user registers are saved on every entry.  The
 * table is a fixed array (NPROC slots); the idle task is not in it.
 *
 * The kernel runs with interrupts disabled (interrupt gates, SFMASK), so
 * on one CPU it is never preempted: a process leaves the CPU only at a
 * timer interrupt taken in user mode, or by calling schedule() itself.
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/trap.h"
#include <aurora/abi.h>

#define NPROC         NPROC_MAX
#define KSTACK_PAGES  4
#define KSTACK_SIZE   (KSTACK_PAGES * 4096)
#define PROC_NAME_LEN 32
#define NOFILE        64         /* open descriptors per process (EMFILE past it) */

enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_STOPPED, P_ZOMBIE };

struct file;
struct inode;

struct proc {
	uint8_t  fpu[512];          /* FXSAVE area of the user's FPU/SSE state */
	int      pid;
	enum proc_state state;
	char     name[PROC_NAME_LEN];
	struct proc *parent;
	uint64_t space;             /* physical address of the PML4 */
	uint64_t kstack;            /* lowest address of the kernel stack */
	uint64_t ctx;               /* saved kernel rsp while switched out */
	struct trapframe *tf;       /* user registers, at the top of kstack */
	const void *chan;           /* what a sleeping process waits for */
	int      status;            /* wait status once a zombie */
	uint64_t brk_base, brk;     /* the heap: [brk_base, brk) */
	bool     filter_on;         /* syscall filter (filter_set) */
	uint64_t filter[4];         /* 256 bits: bit n allows call n */
	int      pgid;              /* process group, for job control */
	bool     intr;              /* its sleep may be ended by a signal */
	bool     woken;             /* a timer's wake_pid ended its sleep */
	/* Signals (signal.c): bit s of a mask is signal s. */
	uint64_t sig_pending;
	uint64_t sig_mask;          /* blocked; never SIGKILL or SIGSTOP */
	struct sigaction sig_act[NSIG];
	uint64_t sys_nr;            /* the system call in progress */
	bool     sig_restart;       /* its -EINTR may become a restart */
	int      stop_sig;          /* the signal that stopped it */
	bool     stop_report;       /* a stop waitpid(WUNTRACED) has not seen */
	bool     cont_report;       /* a continue waitpid(WCONTINUED) has not seen */
	uint32_t uid;               /* 0 is privileged */
	/* Files (fs/file.c): descriptors, their FD_CLOEXEC bits, the cwd. */
	struct file  *ofile[NOFILE];
	uint8_t       fdflags[NOFILE];
	struct inode *cwd;
	/* Memory (mm/uvm.c): the map of areas and what memstats reports. */
	struct vma_map *vmas;
	uint64_t mem_pages;         /* user pages mapped */
	uint64_t mem_peak;          /* the most it ever had mapped */
	uint64_t mem_limit;         /* bytes; 0 = none */
	int64_t  next_region;       /* the next region ID to hand out */
	int      vma_hint;          /* index of the area last found (uvm_access_ok) */
	uint64_t ticks;             /* timer ticks it was running for (ps) */
	struct proc *rq_next;       /* the run queue (proc.c), while P_RUNNABLE */
} __attribute__((aligned(16)));

static inline struct proc *current(void);

#include "arch/x86_64/percpu.h"
static inline struct proc *current(void) { return this_cpu()->current; }

void proc_init(void);
int  proc_start_init(const char *path, char *const argv[], int argc);
_Noreturn void idle_loop(void);

void schedule(void);                 /* give up the CPU if someone else can run */
void proc_make_runnable(struct proc *p);   /* the only way into P_RUNNABLE */
void sleep_on(const void *chan);     /* block until wakeup(chan) */
/* The same, but a signal that will be handled or kills ends the wait:
 * 0 after wakeup(chan), -EINTR when a signal came.  Callers loop on their
 * own condition and give up on -EINTR having changed nothing. */
int  sleep_on_intr(const void *chan);
void wakeup(const void *chan);
void proc_wake(struct proc *p);      /* end p's interruptible sleep, whatever it waits for */
/* Time (time.c). */
void timer_run(void);                /* from the timer interrupt */
void timer_exit(struct proc *p);     /* its timers go with it */
uint64_t time_ns(void);              /* since boot */
void timer_tick(struct trapframe *tf);
extern volatile uint64_t ticks;

_Noreturn void proc_exit(int wait_status);
void proc_fault(struct trapframe *tf, int sig, uint64_t addr);
void proc_return_to_user(struct trapframe *tf);

/* Signals (signal.c). */
void signal_init(void);
int  signal_send(struct proc *p, int sig);     /* as kill() to one process */
int  signal_group(int pgid, int sig);          /* to every member: -> how many */
void signal_force(struct proc *p, int sig);    /* a fault: cannot be ignored */
bool signal_interrupts(struct proc *p);        /* would end an interruptible sleep */
void signal_deliver(struct trapframe *tf);     /* on the way back to user mode */
void signal_fork(struct proc *child, struct proc *parent);
void signal_exec(struct proc *p);
int  signal_map_trampoline(uint64_t space);
struct proc *proc_by_pid(int pid);             /* a live or zombie process, or 0 */
struct proc *proc_slot(int i);                 /* table slot i (0 <= i < NPROC) */
extern struct proc *initproc;

long proc_fork(struct trapframe *tf);
long proc_waitpid(long pid, uint64_t ustatus, long options);
long proc_execve(struct trapframe *tf, uint64_t upath, uint64_t uargv, uint64_t uenvp);
int  proc_count(void);
/* A process (a zombie not yet reaped included, as in POSIX) is in it. */
bool proc_group_exists(int pgid);
int  exec_kernel(struct proc *p, const char *path, char *const argv[], int argc);

#endif
