/* System calls about processes: typed wrappers over proc.c and exec.c. */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "mm/kheap.h"
#include "fs/file.h"
#include "fs/tmpfs.h"
#include "arch/x86_64/layout.h"
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

/*
 * brk(addr): move the end of the heap to addr and return the new end;
 * brk(0), or any address that cannot be had, returns the current end
 * unchanged (as Linux does).  The heap may not grow into the stack area.
 */
#define BRK_MAX (USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE - (1ull << 30))

long sys_brk(struct trapframe *tf)
{
	struct proc *p = current();
	uint64_t want = ARG0(tf);
	if (want < p->brk_base || want > BRK_MAX)
		return (long)p->brk;
	uint64_t old_end = (p->brk + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t new_end = (want + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	for (uint64_t va = old_end; va < new_end; va += PAGE_SIZE) {
		if (vmm_map_anon(p->space, va, VM_READ | VM_WRITE) < 0) {
			for (uint64_t u = old_end; u < va; u += PAGE_SIZE)
				vmm_unmap(p->space, u);
			return (long)p->brk;
		}
	}
	for (uint64_t va = new_end; va < old_end; va += PAGE_SIZE)
		vmm_unmap(p->space, va);
	p->brk = want;
	return (long)want;
}

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
	default:                return -EINVAL;
	}
}
