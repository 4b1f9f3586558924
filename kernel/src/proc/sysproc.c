/* System calls about processes: typed wrappers over proc.c and exec.c. */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "mm/uvm.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "fs/file.h"
#include "fs/tmpfs.h"
#include "lib/string.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/cpu.h"
#include <aurora/abi.h>

long sys_exit(struct trapframe *tf)
{
	proc_exit(W_EXITCODE((int)ARG0(tf)));
}

long sys_fork(struct trapframe *tf)
{
	return proc_fork(tf);
}

long sys_execve(struct trapframe *tf)
{
	return proc_execve(tf, ARG0(tf), ARG1(tf), ARG2(tf));
}

long sys_waitpid(struct trapframe *tf)
{
	return proc_waitpid((long)ARG0(tf), ARG1(tf), (long)ARG2(tf));
}

long sys_yield(struct trapframe *tf)
{
	(void)tf;
	schedule();
	return 0;
}

long sys_getpid(struct trapframe *tf)
{
	(void)tf;
	return current()->pid;
}

/* The parent's pid: 1 once an orphan was handed to init; 0 for init. */
long sys_getppid(struct trapframe *tf)
{
	(void)tf;
	struct proc *parent = current()->parent;
	return parent ? parent->pid : 0;
}

/*
 * setpgid(pid, pgid): pid 0 is the caller, pgid 0 is the target's own pid.
 * The target must be the caller or one of its children (ESRCH), and the
 * group must be the target's own new one or one that exists (EPERM).
 */
long sys_setpgid(struct trapframe *tf)
{
	long pid = (long)ARG0(tf), pgid = (long)ARG1(tf);
	struct proc *me = current();

	if (pgid < 0 || pgid > INT32_MAX || pid < 0 || pid > INT32_MAX)
		return pgid < 0 ? -EINVAL : -ESRCH;
	struct proc *t = pid == 0 ? me : proc_by_pid((int)pid);
	if (!t || (t != me && t->parent != me) || t->state == P_ZOMBIE)
		return -ESRCH;
	if (pgid == 0)
		pgid = t->pid;
	if (pgid != t->pid && !proc_group_exists((int)pgid))
		return -EPERM;
	t->pgid = (int)pgid;
	return 0;
}

/* The first step towards users: uid 0 is privileged, and only it may
 * change its uid, so dropping privilege is for good. */
long sys_getuid(struct trapframe *tf)
{
	(void)tf;
	return current()->uid;
}

long sys_setuid(struct trapframe *tf)
{
	uint64_t uid = ARG0(tf);
	struct proc *p = current();
	if (uid >= UINT32_MAX)
		return -EINVAL;                 /* (uid_t)-1 names nobody */
	if (p->uid != 0 && uid != p->uid)
		return -EPERM;
	p->uid = (uint32_t)uid;
	return 0;
}

/*
 * filter_set(bitmap[32]): from now on only the calls whose bit is set may
 * run (the dispatcher checks, before anything else).  A second filter is
 * ANDed with the first, so a process can only narrow what it may do; fork
 * and execve keep it.
 */
long sys_filter_set(struct trapframe *tf)
{
	uint64_t bits[4];
	struct proc *p = current();
	if (copy_from_user(bits, ARG0(tf), sizeof(bits)) < 0)
		return -EFAULT;
	for (int i = 0; i < 4; i++)
		p->filter[i] = p->filter_on ? p->filter[i] & bits[i] : bits[i];
	p->filter_on = true;
	return 0;
}

long sys_getpgid(struct trapframe *tf)
{
	long pid = (long)ARG0(tf);
	if (pid < 0 || pid > INT32_MAX)
		return -ESRCH;
	struct proc *t = pid == 0 ? current() : proc_by_pid((int)pid);
	return t ? t->pgid : -ESRCH;
}

/*
 * brk(addr): move the end of the heap to addr and return the new end;
 * brk(0), or any address that cannot be had (below the start, into another
 * mapping, past the memory limit, out of memory), returns the current end
 * unchanged, as Linux does.  Heap pages are mapped at once, so memstats
 * counts them as soon as brk returns.
 */
long sys_brk(struct trapframe *tf)
{
	struct proc *p = current();
	uint64_t want = ARG0(tf);
	if (want < p->brk_base || want > UVM_MMAP_TOP)
		return (long)p->brk;
	uint64_t old_end = (p->brk + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t new_end = (want + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (new_end > old_end) {
		struct vma a = { .start = old_end, .end = new_end,
				 .prot = VM_READ | VM_WRITE, .kind = VMA_HEAP };
		if (uvm_map(p, &a, true) < 0)
			return (long)p->brk;
	} else if (new_end < old_end) {
		uvm_unmap(p, new_end, old_end);
	}
	p->brk = want;
	return (long)want;
}

/* The TSC just before pid 1's first user instruction (swtch.S,
 * fork_return); boot_tsc0 (cpu.h) is the one at the kernel's first. */
extern uint64_t init_first_tsc;

long sys_kinfo(struct trapframe *tf)
{
	switch (ARG0(tf)) {
	case KINFO_FREE_PAGES:  return (long)pmm_free_count();
	case KINFO_NPROCS:      return proc_count();
	case KINFO_HEAP_BYTES:  return (long)kheap_bytes_in_use();
	case KINFO_TICKS:       return (long)ticks;
	case KINFO_TOTAL_PAGES: return (long)pmm_total_count();
	case KINFO_OPEN_FILES:  return file_count();
	case KINFO_INODES:      return tmpfs_inode_count();
	case KINFO_BOOT_TSC_TO_INIT: return (long)(init_first_tsc - boot_tsc0);
	default:                return -EINVAL;
	}
}

/*
 * proc_info(slot, info, size): table slot `slot` as `ps` shows it.  EINVAL
 * for a slot outside 0..NPROC_MAX-1, ESRCH for an empty one (or one being
 * made); fills min(size, sizeof) bytes (EFAULT if they are not the
 * caller's) and returns the pid.
 */
long sys_proc_info(struct trapframe *tf)
{
	uint64_t slot = ARG0(tf), uinfo = ARG1(tf);
	size_t size = ARG2(tf);
	struct proc_info pi;

	if (slot >= NPROC)
		return -EINVAL;
	if (size > sizeof(pi))
		size = sizeof(pi);
	if (size && !user_range_ok(uinfo, size))
		return -EFAULT;
	struct proc *p = proc_slot((int)slot);
	if (p->state == P_UNUSED || p->state == P_EMBRYO)
		return -ESRCH;
	memset(&pi, 0, sizeof(pi));
	pi.pid = p->pid;
	pi.ppid = p->parent ? p->parent->pid : 0;
	pi.pgid = p->pgid;
	pi.uid = p->uid;
	switch (p->state) {
	case P_SLEEPING: pi.state = PSTATE_SLEEPING; break;
	case P_STOPPED:  pi.state = PSTATE_STOPPED;  break;
	case P_ZOMBIE:   pi.state = PSTATE_ZOMBIE;   break;
	default:         pi.state = PSTATE_RUNNABLE; break;
	}
	pi.mem_bytes = p->mem_pages * PAGE_SIZE;
	pi.ticks = p->ticks;
	strlcpy(pi.name, p->name, sizeof(pi.name));
	if (size && copy_to_user(uinfo, &pi, size) < 0)
		return -EFAULT;
	return p->pid;
}
