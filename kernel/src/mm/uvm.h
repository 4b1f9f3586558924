/*
 * A process's user memory: its address space (page tables, mm/vmm.c), the
 * map of its areas (mm/vma.c) and the accounting the memory calls report.
 *
 * Every user page a process maps goes through here, so that p->mem_pages
 * (memstats' "allocated", in pages) is always the number of user pages in
 * its page tables (the shared signal trampoline excepted) and no allocation
 * can pass p->mem_limit.
 */
#ifndef MM_UVM_H
#define MM_UVM_H
#include <stdint.h>
#include <stdbool.h>
#include "mm/vma.h"
#include "proc/proc.h"

struct proc;

/* An address space being built for exec, before it replaces the old one. */
struct uvm_image {
	uint64_t space;
	struct vma_map *map;
	uint64_t pages;
};

/* The range mmap and mem_alloc choose addresses from (top down). */
#define UVM_MMAP_TOP  USER_SIGTRAMP

int  uvm_image_new(struct uvm_image *im);
void uvm_image_free(struct uvm_image *im);
/* Adds an area to an image and maps all its pages, zeroed: 0 or -ENOMEM. */
int  uvm_image_map(struct uvm_image *im, uint64_t start, uint64_t end, int prot, int kind);
/* Adds an area whose pages come on first touch. */
int  uvm_image_reserve(struct uvm_image *im, uint64_t start, uint64_t end, int prot, int kind);
/* exec's point of no return: p drops its old memory and takes im's. */
void uvm_image_install(struct proc *p, struct uvm_image *im);

int  uvm_fork(struct proc *child, struct proc *parent);   /* 0 or -ENOMEM */
void uvm_release(struct proc *p);                         /* all of it goes */

/* A page fault at va: 0 when resolved, -EFAULT (SIGSEGV), -ENOMEM (no frame
 * or over the limit: the faulting process gets SIGSEGV). */
int  uvm_fault(struct proc *p, uint64_t va, uint64_t err);

/* Is all of [addr, addr+len) inside p's areas with prot (VM_READ for a
 * buffer the kernel reads, VM_WRITE for one it writes)?  This includes
 * user_range_ok's checks (areas lie in user space; a range that wraps is
 * refused).  Pages need not be present: the copy faults them in. */
bool uvm_access_search(struct proc *p, uint64_t addr, size_t len, uint32_t prot);
/*
 * Most buffers lie inside one area, and the same area again and again (a
 * program's buffer on its heap or stack), so the area of the last search
 * is tried first, inline: read and write pass here on every call.  The
 * hint is only an index: whatever area it names now is one of p's, so a
 * stale hint costs a search and never a wrong answer.
 */
static inline bool uvm_access_ok(struct proc *p, uint64_t addr, size_t len, uint32_t prot)
{
	const struct vma_map *m = p->vmas;
	if (p->vma_hint < m->n) {
		const struct vma *h = &m->v[p->vma_hint];
		/* Written so that nothing can overflow: addr < end, then
		 * len against what is left. */
		if (addr >= h->start && addr < h->end && len <= h->end - addr &&
		    (h->prot & prot) == prot)
			return true;
	}
	return uvm_access_search(p, addr, len, prot);
}
/* Would n more pages pass the limit?  0 or -ENOMEM. */
int  uvm_charge_ok(struct proc *p, uint64_t n);
/* Maps a new area of p.  Eager areas get all their pages now (zeroed, or
 * seg's frames when seg is set); lazy ones on first touch.  Nothing
 * changes on failure (-ENOMEM). */
int  uvm_map(struct proc *p, const struct vma *a, bool eager);
/* Unmaps [start, end) whatever it holds (areas are cut). */
void uvm_unmap(struct proc *p, uint64_t start, uint64_t end);

/* For the memory calls (mm/sysmem.c, ipc/shm.c). */
uint64_t    uvm_pick_address(struct proc *p, uint64_t npages);   /* or 0 */
struct vma *uvm_find_region(struct proc *p, int64_t id);       /* mem_alloc or shmat area */
int         uvm_check_addr_out(uint64_t uout);                 /* 0 or -EFAULT */
long        uvm_add_region(struct proc *p, struct vma *a, uint64_t npages, uint64_t uout);

#endif
