/*
 * User memory: areas, page tables and accounting together.  See uvm.h.
 *
 * Pages of an area come in one of two ways.  Eager areas (the program
 * image, the heap, mem_alloc regions, shared segments) are mapped whole
 * when made, so memstats counts them at once.  Lazy areas (the stack and
 * private mmap) get a zeroed frame on the first touch of each page
 * (uvm_fault), which is also where a copy-on-write page is split.
 */
#include "mm/uvm.h"
#include "mm/usercopy.h"
#include "mm/vmm.h"
#include "mm/pmm.h"
#include "mm/kheap.h"
#include "ipc/shm.h"
#include "proc/proc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define PF_INSTR 0x10   /* page-fault error code: an instruction fetch */

static void count_pages(struct proc *p, uint64_t n)
{
	p->mem_pages += n;
	if (p->mem_pages > p->mem_peak)
		p->mem_peak = p->mem_pages;
}

/* uvm_access_ok's search, when the hint (uvm.h) did not answer. */
bool uvm_access_search(struct proc *p, uint64_t addr, size_t len, uint32_t prot)
{
	struct vma_map *m = p->vmas;
	if (!user_range_ok(addr, len))
		return false;
	uint64_t end = addr + len;
	while (addr < end) {
		struct vma *v = vma_find(m, addr);
		if (!v || (v->prot & prot) != prot)
			return false;
		p->vma_hint = (int)(v - m->v);
		addr = v->end;
	}
	return true;
}

int uvm_charge_ok(struct proc *p, uint64_t n)
{
	if (p->mem_limit && (p->mem_pages + n > p->mem_limit / PAGE_SIZE ||
			     n > p->mem_limit / PAGE_SIZE))
		return -ENOMEM;
	return 0;
}

/* Unmaps [start, end) in a space: how many pages were really mapped. */
static uint64_t unmap_pages(uint64_t space, uint64_t start, uint64_t end)
{
	uint64_t n = 0;
	for (uint64_t va = start; va < end; va += PAGE_SIZE)
		n += (uint64_t)vmm_unmap(space, va);
	return n;
}

/* Maps every page of area a in space: fresh zeroed frames, or the frames
 * of its segment.  0, or -ENOMEM with nothing left mapped. */
static int map_area(uint64_t space, const struct vma *a)
{
	if (a->prot == 0)
		return 0;                   /* PROT_NONE: nothing may touch it */
	for (uint64_t va = a->start; va < a->end; va += PAGE_SIZE) {
		int r;
		if (a->seg)
			r = vmm_map_frame(space, va, a->seg->frames[a->seg_page + (va - a->start) / PAGE_SIZE],
					  (int)a->prot | VM_SHARED);
		else
			r = vmm_map_anon(space, va, (int)a->prot);
		if (r < 0) {
			unmap_pages(space, a->start, va);
			return r;
		}
	}
	return 0;
}

static uint64_t area_pages(const struct vma *a)
{
	return a->prot == 0 ? 0 : (a->end - a->start) / PAGE_SIZE;
}

/* ---- exec's new image ------------------------------------------------------ */

int uvm_image_new(struct uvm_image *im)
{
	im->pages = 0;
	im->map = kmalloc(sizeof(*im->map));
	im->space = im->map ? vmm_new_space() : 0;
	if (!im->space) {
		kfree(im->map);
		return -ENOMEM;
	}
	return 0;
}

void uvm_image_free(struct uvm_image *im)
{
	/* An image under construction has no segments yet: pages only. */
	vmm_free_space(im->space);
	kfree(im->map);
}

static int image_add(struct uvm_image *im, uint64_t start, uint64_t end, int prot, int kind, bool eager)
{
	struct vma a = { .start = start, .end = end, .prot = (uint32_t)prot, .kind = (uint32_t)kind };
	if (vma_overlaps(im->map, start, end) || im->map->n == VMA_MAX)
		return -ENOMEM;
	if (eager) {
		int r = map_area(im->space, &a);
		if (r < 0)
			return r;
		im->pages += area_pages(&a);
	}
	vma_insert(im->map, &a);
	return 0;
}

int uvm_image_map(struct uvm_image *im, uint64_t start, uint64_t end, int prot, int kind)
{
	return image_add(im, start, end, prot, kind, true);
}

int uvm_image_reserve(struct uvm_image *im, uint64_t start, uint64_t end, int prot, int kind)
{
	return image_add(im, start, end, prot, kind, false);
}

void uvm_image_install(struct proc *p, struct uvm_image *im)
{
	uvm_release(p);
	p->space = im->space;
	p->vmas = im->map;
	p->mem_pages = 0;
	count_pages(p, im->pages);
	p->next_region = 1;
	vmm_switch(p->space);
}

/* ---- fork and exit -------------------------------------------------------- */

int uvm_fork(struct proc *child, struct proc *parent)
{
	child->vmas = kmalloc(sizeof(*child->vmas));
	child->space = child->vmas ? vmm_new_space() : 0;
	if (!child->space || vmm_copy_space(child->space, parent->space) < 0) {
		if (child->space)
			vmm_free_space(child->space);
		kfree(child->vmas);
		child->space = 0;
		child->vmas = 0;
		return -ENOMEM;
	}
	*child->vmas = *parent->vmas;
	for (int i = 0; i < child->vmas->n; i++)
		if (child->vmas->v[i].seg)
			shm_ref(child->vmas->v[i].seg);
	child->mem_pages = parent->mem_pages;
	child->mem_peak = parent->mem_pages;
	child->mem_limit = parent->mem_limit;
	child->next_region = parent->next_region;
	return 0;
}

void uvm_release(struct proc *p)
{
	if (!p->vmas)
		return;
	if (read_cr3() == p->space)
		vmm_switch(vmm_kernel_space());
	/* The page tables go first: a segment's frames must lose these
	 * mappings' references before the segment decides to free them. */
	vmm_free_space(p->space);
	for (int i = 0; i < p->vmas->n; i++)
		if (p->vmas->v[i].seg)
			shm_unref(p->vmas->v[i].seg);
	kfree(p->vmas);
	p->vmas = 0;
	p->space = vmm_kernel_space();
	p->mem_pages = 0;
}

/* ---- areas ------------------------------------------------------------------ */

/* The area a could simply extend (same kind and protection, nothing
 * shared, no region ID, ending where a starts), or 0. */
static struct vma *extendable(struct proc *p, const struct vma *a)
{
	if (a->seg || a->region || a->start == 0)
		return 0;
	struct vma *b = vma_find(p->vmas, a->start - 1);
	if (b && b->end == a->start && b->kind == a->kind && b->prot == a->prot &&
	    !b->seg && !b->region)
		return b;
	return 0;
}

int uvm_map(struct proc *p, const struct vma *a, bool eager)
{
	struct vma *grow = extendable(p, a);
	if ((!grow && p->vmas->n == VMA_MAX) || vma_overlaps(p->vmas, a->start, a->end))
		return -ENOMEM;
	if (eager) {
		if (uvm_charge_ok(p, area_pages(a)) < 0)
			return -ENOMEM;
		int r = map_area(p->space, a);
		if (r < 0)
			return r;
		count_pages(p, area_pages(a));
	}
	if (grow) {
		grow->end = a->end;     /* brk growing, or mmap next to mmap */
		return 0;
	}
	vma_insert(p->vmas, a);
	if (a->seg)
		shm_ref(a->seg);
	return 0;
}

struct unmap_ctx { struct proc *p; };

static void piece_gone(const struct vma *piece, void *arg)
{
	struct proc *p = ((struct unmap_ctx *)arg)->p;
	p->mem_pages -= unmap_pages(p->space, piece->start, piece->end);
}

static void area_split(const struct vma *half, void *arg)
{
	(void)arg;
	if (half->seg)
		shm_ref(half->seg);
}

void uvm_unmap(struct proc *p, uint64_t start, uint64_t end)
{
	/* Areas that vanish whole let go of their segment after the cut (their
	 * frames must be unmapped first); collect them now. */
	struct shm_seg *drop[VMA_MAX];
	int ndrop = 0;
	for (int i = 0; i < p->vmas->n; i++) {
		struct vma *a = &p->vmas->v[i];
		if (a->start >= start && a->end <= end && a->seg)
			drop[ndrop++] = a->seg;
	}
	struct unmap_ctx ctx = { p };
	vma_cut(p->vmas, start, end, piece_gone, area_split, &ctx);
	for (int i = 0; i < ndrop; i++)
		shm_unref(drop[i]);
}

/* ---- faults ------------------------------------------------------------------ */

int uvm_fault(struct proc *p, uint64_t va, uint64_t err)
{
	if (va >= USER_TOP || !p->vmas)
		return -EFAULT;
	struct vma *a = vma_find(p->vmas, va);
	if (!a)
		return -EFAULT;
	if ((err & PF_WRITE) && !(a->prot & VM_WRITE))
		return -EFAULT;
	if ((err & PF_INSTR) && !(a->prot & VM_EXEC))
		return -EFAULT;
	if (!(a->prot & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EFAULT;             /* PROT_NONE */
	if (err & PF_PRESENT)
		return vmm_fault(p->space, va, err);   /* copy-on-write, or a real violation */

	/* Demand-zero.  (Eager areas never get here: all their pages are
	 * mapped while they exist.) */
	uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1);
	if (uvm_charge_ok(p, 1) < 0)
		return -ENOMEM;
	int r = a->seg ? vmm_map_frame(p->space, page, a->seg->frames[a->seg_page + (page - a->start) / PAGE_SIZE],
				       (int)a->prot | VM_SHARED)
		       : vmm_map_anon(p->space, page, (int)a->prot);
	if (r < 0)
		return r;
	count_pages(p, 1);
	return 0;
}
