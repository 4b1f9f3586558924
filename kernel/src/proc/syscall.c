/*
 * The system-call table and dispatcher: the one audited entry point.
 *
 * Both entries land here with the same struct trapframe: SYSCALL through
 * syscall_entry.S, int $0x80 through the IDT (trap.c).  The number is in
 * rax, the arguments in rdi, rsi, rdx, r10, r8, r9; the result goes back in
 * rax, negative for an error (include/aurora/abi.h).
 *
 * Order of checks, before any handler runs: the number must name a call
 * (else -ENOSYS), then the caller's filter must allow it (else -EPERM).
 * Each handler validates its own arguments before it changes anything.
 */
#include "proc/syscall.h"
#include "proc/trace.h"
#include "proc/proc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/bitmap.h"
#include <aurora/abi.h>

/* A number that is reserved in the ABI but whose call is not built yet. */
static long sys_enosys(struct trapframe *tf)
{
	(void)tf;
	return -ENOSYS;
}

static const syscall_fn syscall_table[NR_SYSCALLS] = {
	/* Aurora's calls, 0-39 */
	[SYS_exit]        = sys_exit,      /* end the caller; status to the parent */
	[SYS_write]       = sys_write,     /* write bytes to a descriptor */
	[SYS_yield]       = sys_yield,     /* give up the CPU */
	[SYS_fork]        = sys_fork,      /* copy the caller into a new process */
	[SYS_execve]      = sys_execve,    /* run a new program in this process */
	[SYS_waitpid]     = sys_waitpid,   /* reap a child's exit status */
	[SYS_open]        = sys_open,      /* open a file or device */
	[SYS_close]       = sys_close,     /* drop a descriptor */
	[SYS_read]        = sys_read,      /* read bytes from a descriptor */
	[SYS_stat]        = sys_stat,      /* file status by path */
	[SYS_fstat]       = sys_fstat,     /* file status by descriptor */
	[SYS_lseek]       = sys_lseek,     /* move a file offset */
	[SYS_getdents]    = sys_getdents,  /* read directory records */
	[SYS_mmap]        = sys_mmap,       /* map memory */
	[SYS_munmap]      = sys_munmap,     /* unmap memory */
	[SYS_mkdir]       = sys_mkdir,     /* make a directory */
	[SYS_unlink]      = sys_unlink,    /* remove a file */
	[SYS_pipe]        = sys_pipe,      /* make a pipe: read end, write end */
	[SYS_dup2]        = sys_dup2,      /* duplicate onto a given fd */
	[SYS_msgsnd]      = sys_msgsnd,     /* send to a message queue */
	[SYS_msgrcv]      = sys_msgrcv,     /* receive from a message queue */
	[SYS_shmget]      = sys_shmget,     /* make a shared-memory segment */
	[SYS_shmat]       = sys_shmat,      /* attach a segment */
	[SYS_shmdt]       = sys_shmdt,      /* detach a segment */
	[SYS_socket]      = sys_enosys,    /* make a socket (network) */
	[SYS_bind]        = sys_enosys,    /* name a socket (network) */
	[SYS_connect]     = sys_enosys,    /* connect a socket (network) */
	[SYS_accept]      = sys_enosys,    /* accept a connection (network) */
	[SYS_send]        = sys_enosys,    /* send on a socket (network) */
	[SYS_recv]        = sys_enosys,    /* receive on a socket (network) */
	[SYS_getpid]      = sys_getpid,    /* the caller's process ID */
	[SYS_brk]         = sys_brk,       /* move the end of the heap */
	[SYS_kill]        = sys_kill,      /* send a signal */
	[SYS_getcwd]      = sys_getcwd,    /* current directory */
	[SYS_clock]       = sys_clock,      /* TSC ticks, rate, ns since boot */
	[SYS_nanosleep]   = sys_nanosleep,  /* sleep */
	[SYS_ioctl]       = sys_ioctl,     /* device control: console modes, size, group */
	[SYS_sigaction]   = sys_sigaction,  /* install a signal handler */
	[SYS_listen]      = sys_enosys,    /* listen on a socket (network) */
	[SYS_sigreturn]   = sys_sigreturn,  /* return from a signal handler */
	/* The axeberg surface, 40-67 */
	[SYS_dup]         = sys_dup,       /* duplicate a descriptor */
	[SYS_chdir]       = sys_chdir,     /* change directory */
	[SYS_mem_alloc]   = sys_mem_alloc,  /* allocate a protected region */
	[SYS_mem_free]    = sys_mem_free,   /* free a region */
	[SYS_mem_read]    = sys_mem_read,   /* copy out of a region */
	[SYS_mem_write]   = sys_mem_write,  /* copy into a region */
	[SYS_shm_sync]    = sys_shm_sync,   /* publish shared-memory stores */
	[SYS_shm_refresh] = sys_shm_refresh, /* see others' shared-memory stores */
	[SYS_memstats]    = sys_memstats,   /* the caller's memory statistics */
	[SYS_set_memlimit] = sys_set_memlimit, /* set the caller's memory limit */
	[SYS_system_memstats] = sys_system_memstats, /* system-wide memory statistics */
	[SYS_window_create] = sys_enosys,  /* open a window (graphics) */
	[SYS_console_push_input] = sys_console_push_input, /* type into the console (uid 0) */
	[SYS_console_take_output] = sys_console_take_output, /* drain console output (uid 0) */
	[SYS_timer_set]   = sys_timer_set,  /* one-shot timer */
	[SYS_timer_interval] = sys_timer_interval, /* repeating timer */
	[SYS_timer_cancel] = sys_timer_cancel, /* cancel a timer */
	[SYS_signal]      = sys_signal,     /* set a signal's disposition */
	[SYS_sigblock]    = sys_sigblock,   /* block a signal */
	[SYS_sigunblock]  = sys_sigunblock, /* unblock a signal */
	[SYS_sigpending]  = sys_sigpending, /* pending signals */
	[SYS_trace_enable] = sys_trace_enable,   /* start counting */
	[SYS_trace_disable] = sys_trace_disable, /* stop counting */
	[SYS_trace_enabled] = sys_trace_enabled, /* is tracing on? */
	[SYS_trace_summary] = sys_trace_summary, /* the counters */
	[SYS_trace_reset] = sys_trace_reset,     /* zero the counters and events */
	[SYS_trace_event] = sys_trace_event,     /* record a custom event */
	[SYS_filter_set]  = sys_filter_set, /* narrow the syscall filter */
	/* Additions, 68 on */
	[SYS_getppid]     = sys_getppid,   /* parent's process ID */
	[SYS_rmdir]       = sys_rmdir,     /* remove a directory */
	[SYS_rename]      = sys_rename,    /* rename a file or directory */
	[SYS_msgget]      = sys_msgget,     /* make or find a message queue */
	[SYS_msgctl]      = sys_msgctl,     /* remove a message queue */
	[SYS_shmctl]      = sys_shmctl,     /* remove a segment */
	[SYS_setpgid]     = sys_setpgid,    /* set a process group */
	[SYS_getpgid]     = sys_getpgid,    /* a process group */
	[SYS_getuid]      = sys_getuid,     /* the caller's user ID */
	[SYS_setuid]      = sys_setuid,     /* set the user ID (uid 0 only) */
	[SYS_kinfo]       = sys_kinfo,     /* kernel counters for leak tests */
	[SYS_pipe2]       = sys_pipe2,     /* a pipe with NONBLOCK/CLOEXEC ends */
	[SYS_proc_info]   = sys_proc_info, /* one process table slot, for ps */
	[SYS_uname]       = sys_uname,     /* kernel name, version, machine */
	[SYS_reboot]      = sys_reboot,    /* power off or restart (uid 0 only) */
	[SYS_trace_read]  = sys_trace_read, /* read back the event ring */
};

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->rax;
	struct proc *p = current();
	long r;

	p->sys_nr = nr;
	if (nr >= NR_SYSCALLS || !syscall_table[nr])
		r = -ENOSYS;
	else if (p->filter_on && !bitmap_test(p->filter, nr))
		r = -EPERM;
	else
		r = syscall_table[nr](tf);
	trace_syscall(nr, r);
	tf->rax = (uint64_t)r;
}

/* Called by syscall_entry.S: dispatch, then say whether SYSRET may return. */
int syscall_leave_ok(struct trapframe *tf)
{
	syscall_dispatch(tf);
	proc_return_to_user(tf);
	return tf->rcx == tf->rip && tf->r11 == tf->rflags &&
	       tf->rip < USER_TOP && tf->cs == USER_CS && tf->ss == USER_DS;
}

extern char syscall_entry[];

/* SYSCALL: CS/SS from STAR, entry at LSTAR; SFMASK clears IF (the kernel
 * runs with interrupts off), TF (no single-stepping into the kernel), DF
 * (the C ABI wants it clear), AC (SMAP must stay armed), NT and IOPL. */
void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)(USER_DS - 8) << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT | (3u << 12));
}
