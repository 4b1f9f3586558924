/*
 * The memory system calls: mmap, munmap, axeberg's regions (mem_alloc,
 * mem_free, mem_read, mem_write), memstats, set_memlimit, system_memstats.
 * (brk is in proc/sysproc.c, shared memory in ipc/shm.c.)
 *
 * Each handler checks all its arguments before it maps or unmaps anything,
 * so a failed call leaves the address space as it was.
 */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/uvm.h"
#include "mm/vmm.h"
#include "mm/pmm.h"
#include "mm/usercopy.h"
#include "ipc/shm.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include <aurora/abi.h>

static bool page_aligned(uint64_t v) { return (v & (PAGE_SIZE - 1)) == 0; }

/* Rounds a user length up to pages; 0 when it is 0 or absurd. */
static uint64_t pages_of(uint64_t len)
{
	if (len == 0 || len > USER_TOP)
		return 0;
	return (len + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* Does [start, end) touch a region or an attached segment?  Those go only
 * through mem_free and shmdt, whole. */
static bool touches_region(struct proc *p, uint64_t start, uint64_t end)
{
	for (int i = 0; i < p->vmas->n; i++) {
		const struct vma *a = &p->vmas->v[i];
		if (a->start < end && a->end > start && (a->kind == VMA_REGION || a->kind == VMA_SHM))
			return true;
	}
	return false;
}

/* A free range of npages chosen by the kernel, top down, or 0. */
uint64_t uvm_pick_address(struct proc *p, uint64_t npages)
{
	return vma_find_gap(p->vmas, npages * PAGE_SIZE, USER_BASE, UVM_MMAP_TOP);
}

/*
 * mmap(addr, len, prot, flags, fd, off): anonymous memory only.  PRIVATE
 * pages come zeroed on first touch; SHARED ones are a segment of their own,
 * whose frames a fork shares.  Without FIXED, addr is a hint taken only
 * when that range is free.
 */
long sys_mmap(struct trapframe *tf)
{
	uint64_t addr = ARG0(tf), len = ARG1(tf), prot = ARG2(tf), flags = ARG3(tf), off = ARG5(tf);
	struct proc *p = current();
	uint64_t npages = pages_of(len);
	uint64_t share = flags & (MAP_SHARED | MAP_PRIVATE);

	if (len == 0 || (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    (flags & ~(uint64_t)(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)) ||
	    (share != MAP_SHARED && share != MAP_PRIVATE) || !(flags & MAP_ANONYMOUS) ||
	    !page_aligned(off))
		return -EINVAL;
	if (!npages)
		return -ENOMEM;
	uint64_t size = npages * PAGE_SIZE;
	if (flags & MAP_FIXED) {
		if (!page_aligned(addr) || addr < USER_BASE || addr > UVM_MMAP_TOP ||
		    size > UVM_MMAP_TOP - addr || touches_region(p, addr, addr + size))
			return -EINVAL;
		/* Replacing what is there may split one area in two. */
		if (p->vmas->n + vma_cut_needs(p->vmas, addr, addr + size) + 1 > VMA_MAX)
			return -ENOMEM;
	} else if (!(addr && page_aligned(addr) && addr >= USER_BASE && addr <= UVM_MMAP_TOP &&
		     size <= UVM_MMAP_TOP - addr && !vma_overlaps(p->vmas, addr, addr + size))) {
		addr = uvm_pick_address(p, npages);
		if (!addr)
			return -ENOMEM;
	}
	if (uvm_charge_ok(p, npages) < 0)
		return -ENOMEM;

	/* A shared mapping gets its frames now, so that a fork shares them;
	 * one that can never be touched (PROT_NONE: there is no mprotect)
	 * needs none and holds none, like a private one. */
	bool shared = share == MAP_SHARED && prot != PROT_NONE;
	struct vma a = { .start = addr, .end = addr + size, .prot = (uint32_t)prot, .kind = VMA_ANON };
	if (shared) {
		a.seg = shm_new_anon(npages);
		if (!a.seg)
			return -ENOMEM;
		shm_ref(a.seg);                 /* ours, until the area holds its own */
	}
	if (flags & MAP_FIXED)
		uvm_unmap(p, addr, addr + size);
	int r = uvm_map(p, &a, shared);
	if (a.seg)
		shm_unref(a.seg);               /* frees it if the map failed */
	return r < 0 ? r : (long)addr;
}

/* munmap(addr, len): unmapping nothing is fine; regions and attached
 * segments go through mem_free and shmdt. */
long sys_munmap(struct trapframe *tf)
{
	uint64_t addr = ARG0(tf), len = ARG1(tf);
	struct proc *p = current();
	uint64_t npages = pages_of(len);

	if (!page_aligned(addr) || !npages || addr >= USER_TOP || npages * PAGE_SIZE > USER_TOP - addr)
		return -EINVAL;
	uint64_t end = addr + npages * PAGE_SIZE;
	if (touches_region(p, addr, end))
		return -EINVAL;
	if (p->vmas->n + vma_cut_needs(p->vmas, addr, end) > VMA_MAX)
		return -ENOMEM;
	uvm_unmap(p, addr, end);
	return 0;
}

/* ---- regions ------------------------------------------------------------- */

static bool region_prot_ok(uint64_t prot)
{
	return prot == PROT_READ || prot == PROT_READ_WRITE || prot == PROT_READ_EXEC;
}

struct vma *uvm_find_region(struct proc *p, int64_t id)
{
	for (int i = 0; i < p->vmas->n; i++) {
		struct vma *a = &p->vmas->v[i];
		if ((a->kind == VMA_REGION || a->kind == VMA_SHM) && a->region == id && id > 0)
			return a;
	}
	return 0;
}

/* Writes *addr_out if asked; the pointer was checked before anything was
 * made.  Checking means writing: a read-only page fails here, not later. */
int uvm_check_addr_out(uint64_t uout)
{
	uint64_t zero = 0;
	if (uout && copy_to_user(uout, &zero, sizeof(zero)) < 0)
		return -EFAULT;
	return 0;
}

/*
 * Places a region-like area (mem_alloc's, shmat's) of npages at an address
 * the kernel picks, maps it whole, gives it the next region ID and reports
 * its address through uout (already checked).  -> the ID, or -ENOMEM.
 */
long uvm_add_region(struct proc *p, struct vma *a, uint64_t npages, uint64_t uout)
{
	uint64_t addr = uvm_pick_address(p, npages);
	if (!addr)
		return -ENOMEM;
	a->start = addr;
	a->end = addr + npages * PAGE_SIZE;
	a->region = p->next_region;
	int r = uvm_map(p, a, true);
	if (r < 0)
		return r;
	p->next_region++;
	if (uout)
		copy_to_user(uout, &addr, sizeof(addr));
	return a->region;
}

/* mem_alloc(size, prot, addr_out) -> region ID: whole zeroed pages, mapped
 * now with Protection READ, READ_WRITE or READ_EXEC. */
long sys_mem_alloc(struct trapframe *tf)
{
	uint64_t size = ARG0(tf), prot = ARG1(tf), uout = ARG2(tf);
	struct proc *p = current();

	if (size == 0 || !region_prot_ok(prot))
		return -EINVAL;
	uint64_t npages = pages_of(size);
	if (!npages || uvm_charge_ok(p, npages) < 0)
		return -ENOMEM;
	if (uvm_check_addr_out(uout) < 0)
		return -EFAULT;
	struct vma a = { .prot = (uint32_t)prot, .kind = VMA_REGION, .size = size };
	return uvm_add_region(p, &a, npages, uout);
}

long sys_mem_free(struct trapframe *tf)
{
	struct proc *p = current();
	struct vma *a = uvm_find_region(p, (int64_t)ARG0(tf));
	if (!a)
		return -EINVAL;
	uvm_unmap(p, a->start, a->end);
	return 0;
}

/* mem_read / mem_write: copy between a region and a user buffer.  The
 * region's protection decides (EPERM); its whole pages bound the copy
 * (EINVAL), as they bound plain loads and stores: a region is whole pages
 * (ABI.md), whatever size was asked for. */
static long region_copy(struct trapframe *tf, bool write)
{
	int64_t id = (int64_t)ARG0(tf);
	uint64_t off = ARG1(tf), ubuf = ARG2(tf), len = ARG3(tf);
	struct proc *p = current();
	struct vma *a = uvm_find_region(p, id);

	if (!a)
		return -EINVAL;
	if (!(a->prot & (write ? PROT_WRITE : PROT_READ)))
		return -EPERM;
	uint64_t span = a->end - a->start;
	if (off > span || len > span - off)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!uvm_access_ok(p, ubuf, len, write ? VM_READ : VM_WRITE))
		return -EFAULT;
	char chunk[256];
	uint64_t done = 0, base = a->start + off;
	while (done < len) {
		uint64_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		uint64_t from = write ? ubuf + done : base + done;
		uint64_t to = write ? base + done : ubuf + done;
		if (copy_from_user(chunk, from, n) < 0 || copy_to_user(to, chunk, n) < 0)
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

long sys_mem_read(struct trapframe *tf)  { return region_copy(tf, false); }
long sys_mem_write(struct trapframe *tf) { return region_copy(tf, true); }

/* ---- statistics and limits ----------------------------------------------- */

long sys_memstats(struct trapframe *tf)
{
	struct proc *p = current();
	struct mem_stats st = {
		.allocated = p->mem_pages * PAGE_SIZE,
		.limit = p->mem_limit,
		.peak = p->mem_peak * PAGE_SIZE,
	};
	for (int i = 0; i < p->vmas->n; i++) {
		st.region_count += p->vmas->v[i].kind == VMA_REGION;
		st.shm_count += p->vmas->v[i].kind == VMA_SHM;
	}
	return copy_to_user(ARG0(tf), &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

/*
 * set_memlimit(bytes), 0 = unlimited.  Anyone may lower their limit; only a
 * privileged process (uid 0) may raise it or lift it.  A limit below what
 * the process already uses is refused (EINVAL).
 */
long sys_set_memlimit(struct trapframe *tf)
{
	uint64_t want = ARG0(tf);
	struct proc *p = current();
	if (want && want < p->mem_pages * PAGE_SIZE)
		return -EINVAL;
	bool raise = p->mem_limit && (want == 0 || want > p->mem_limit);
	if (raise && p->uid != 0)
		return -EPERM;
	p->mem_limit = want;
	return 0;
}

long sys_system_memstats(struct trapframe *tf)
{
	struct system_mem_stats st = { .system_limit = pmm_total_count() * PAGE_SIZE };
	for (int i = 0; i < NPROC; i++)
		st.total_allocated += proc_slot(i)->mem_pages * PAGE_SIZE;
	shm_totals(&st.shm_count, &st.shm_total_size);
	return copy_to_user(ARG0(tf), &st, sizeof(st)) < 0 ? -EFAULT : 0;
}
