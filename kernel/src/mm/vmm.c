#include "mm/vmm.h"
#include "mm/pmm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include "lib/panic.h"
#include <aurora/abi.h>

#define MMIO_BASE 0xffffffffc0000000ull       /* the last GiB of the address space */

static uint64_t kernel_space;
static uint64_t nx;                            /* PTE_NX when the CPU has it */
static uint64_t mmio_next = MMIO_BASE;

extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];
extern char boot_stack_guard[];

static inline uint64_t *table(uint64_t entry) { return P2V(entry & PTE_ADDR); }
static inline int idx(uint64_t va, int level) { return (va >> (12 + 9 * level)) & 511; }

/*
 * The entry for va at the given level (0 = PT), making missing tables on the
 * way when create is set.  Returns 0 if a table is missing (or could not be
 * made) or a large page is in the way.
 */
static uint64_t *walk(uint64_t space, uint64_t va, int level, int create)
{
	uint64_t *t = P2V(space);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[idx(va, l)];
		if (!(*e & PTE_P)) {
			if (!create)
				return 0;
			uint64_t pa = pmm_alloc();
			if (!pa)
				return 0;
			/* Intermediate entries allow everything; the leaf decides. */
			*e = pa | PTE_P | PTE_W | (va < USER_TOP ? PTE_U : 0);
		} else if (*e & PTE_PS) {
			return 0;
		}
		t = table(*e);
	}
	return &t[idx(va, level)];
}

static void map_kernel_page(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *e = walk(kernel_space, va, 0, 1);
	if (!e)
		panic("vmm: out of memory mapping the kernel");
	*e = pa | flags | PTE_P | PTE_G;
}

void vmm_init(void)
{
	nx = cpu_features.nx ? PTE_NX : 0;
	kernel_space = pmm_alloc();
	if (!kernel_space)
		panic("vmm: no memory for the kernel page tables");
	uint64_t *pml4 = P2V(kernel_space);
	for (int i = 256; i < 512; i++) {
		uint64_t pa = pmm_alloc();
		if (!pa)
			panic("vmm: no memory for the kernel page tables");
		pml4[i] = pa | PTE_P | PTE_W;
	}

	/* Direct map of all RAM: 2 MiB pages, read-write, never executable. */
	for (uint64_t pa = 0; pa < pmm_max_phys(); pa += 0x200000) {
		uint64_t *e = walk(kernel_space, DIRECT_MAP + pa, 1, 1);
		if (!e)
			panic("vmm: out of memory building the direct map");
		*e = pa | PTE_P | PTE_W | PTE_PS | PTE_G | nx;
	}

	/* The kernel image with W^X: text R-X, rodata R--, data and bss RW-;
	 * the guard page below the boot stack stays unmapped. */
	for (uint64_t va = (uint64_t)__kernel_start; va < (uint64_t)__kernel_end; va += PAGE_SIZE) {
		uint64_t flags;
		if (va == (uint64_t)boot_stack_guard)
			continue;
		if (va < (uint64_t)__text_end)
			flags = 0;
		else if (va < (uint64_t)__rodata_end)
			flags = nx;
		else
			flags = PTE_W | nx;
		map_kernel_page(va, va - KERNEL_VMA, flags);
	}
	write_cr3(kernel_space);
}

uint64_t vmm_kernel_space(void) { return kernel_space; }

void *vmm_map_mmio(uint64_t pa, size_t len)
{
	uint64_t off = pa & (PAGE_SIZE - 1), va = mmio_next;
	len = (len + off + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	for (uint64_t o = 0; o < len; o += PAGE_SIZE)
		map_kernel_page(va + o, (pa - off) + o, PTE_W | PTE_PCD | PTE_PWT | nx);
	mmio_next += len;
	return (void *)(va + off);
}

void *vmm_map_phys(uint64_t pa, size_t len)
{
	/* vmm_init maps whole 2 MiB pages up to the last usable frame. */
	uint64_t end = (pmm_max_phys() + 0x1fffff) & ~0x1fffffull;
	if (pa < end && len <= end - pa)
		return P2V(pa);
	return vmm_map_mmio(pa, len);
}

void vmm_unmap_kstack(uint64_t va, size_t n)
{
	for (size_t i = 0; i < n; i++, va += PAGE_SIZE) {
		uint64_t *e = walk(kernel_space, va, 0, 0);
		if (!e || !(*e & PTE_P))
			continue;
		uint64_t pa = *e & PTE_ADDR;
		*e = 0;
		invlpg(va);
		pmm_free(pa);
	}
}

int vmm_map_kstack(uint64_t va, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t *e = walk(kernel_space, va + i * PAGE_SIZE, 0, 1);
		uint64_t pa = e ? pmm_alloc() : 0;
		if (!pa) {
			vmm_unmap_kstack(va, i);
			return -ENOMEM;
		}
		*e = pa | PTE_P | PTE_W | PTE_G | nx;
	}
	return 0;
}

uint64_t vmm_new_space(void)
{
	uint64_t pa = pmm_alloc();
	if (!pa)
		return 0;
	memcpy((uint64_t *)P2V(pa) + 256, (uint64_t *)P2V(kernel_space) + 256, 256 * 8);
	return pa;
}

/* Frees a user table at `level` and everything below it. */
static void free_table(uint64_t pa, int level)
{
	uint64_t *t = P2V(pa);
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 0)
			free_table(t[i] & PTE_ADDR, level - 1);
		else
			pmm_free(t[i] & PTE_ADDR);
	}
	pmm_free(pa);
}

void vmm_free_space(uint64_t space)
{
	uint64_t *pml4 = P2V(space);
	if (read_cr3() == space)
		write_cr3(kernel_space);
	for (int i = 0; i < 256; i++)
		if (pml4[i] & PTE_P)
			free_table(pml4[i] & PTE_ADDR, 2);
	pmm_free(space);
}

static uint64_t leaf_flags(int prot)
{
	uint64_t f = PTE_P | PTE_U;
	if (prot & VM_WRITE) f |= PTE_W;
	if (!(prot & VM_EXEC)) f |= nx;
	if (prot & VM_SHARED) f |= PTE_SHARED;
	return f;
}

int vmm_map_anon(uint64_t space, uint64_t va, int prot)
{
	uint64_t *e = walk(space, va, 0, 1);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_P)
		panic("vmm_map_anon: %#lx already mapped", va);
	uint64_t pa = pmm_alloc();
	if (!pa)
		return -ENOMEM;
	*e = pa | leaf_flags(prot);
	return 0;
}

int vmm_unmap(uint64_t space, uint64_t va)
{
	uint64_t *e = walk(space, va, 0, 0);
	if (!e || !(*e & PTE_P))
		return 0;
	pmm_free(*e & PTE_ADDR);
	*e = 0;
	if (read_cr3() == space)
		invlpg(va);
	return 1;
}

uint64_t vmm_lookup(uint64_t space, uint64_t va)
{
	uint64_t *e = walk(space, va, 0, 0);
	return e ? *e : 0;
}

/*
 * fork's copy of the user half, copy-on-write: the page tables are copied,
 * the frames are not.  A writable private page becomes read-only and
 * PTE_COW in both spaces, and the frame gets one more reference; the first
 * write in either space faults and vmm_fault gives the writer its own copy.
 * Read-only and shared (PTE_SHARED) pages are simply mapped by both.
 */
static int copy_level(uint64_t *dst_t, uint64_t *src_t, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(src_t[i] & PTE_P))
			continue;
		if (level == 0) {
			if ((src_t[i] & PTE_W) && !(src_t[i] & PTE_SHARED))
				src_t[i] = (src_t[i] & ~PTE_W) | PTE_COW;
			pmm_ref(src_t[i] & PTE_ADDR);
			dst_t[i] = src_t[i];
			continue;
		}
		uint64_t pa = pmm_alloc();
		if (!pa)
			return -ENOMEM;
		dst_t[i] = pa | (src_t[i] & ~PTE_ADDR);
		int r = copy_level(P2V(pa), table(src_t[i]), level - 1);
		if (r < 0)
			return r;
	}
	return 0;
}

int vmm_copy_space(uint64_t dst, uint64_t src)
{
	/* On failure the caller frees dst, which drops whatever was shared;
	 * the pages already made copy-on-write in src stay correct (a write
	 * finds itself the only owner and just gets PTE_W back). */
	uint64_t *d = P2V(dst), *s = P2V(src);
	int r = 0;
	for (int i = 0; i < 256 && r == 0; i++) {
		if (!(s[i] & PTE_P))
			continue;
		uint64_t pa = pmm_alloc();
		if (!pa) {
			r = -ENOMEM;
			break;
		}
		d[i] = pa | (s[i] & ~PTE_ADDR);
		r = copy_level(P2V(pa), table(s[i]), 2);
	}
	/* src's entries lost PTE_W: its stale TLB entries must go. */
	if (read_cr3() == src)
		write_cr3(src);
	return r;
}

int vmm_fault(uint64_t space, uint64_t va, uint64_t err)
{
	if (va >= USER_TOP || !(err & PF_PRESENT) || !(err & PF_WRITE))
		return -EFAULT;
	uint64_t *e = walk(space, va, 0, 0);
	if (!e || (*e & (PTE_P | PTE_U | PTE_COW)) != (PTE_P | PTE_U | PTE_COW))
		return -EFAULT;
	uint64_t old = *e & PTE_ADDR;
	if (pmm_refs(old) > 1) {
		uint64_t pa = pmm_alloc();
		if (!pa)
			return -ENOMEM;
		memcpy(P2V(pa), P2V(old), PAGE_SIZE);
		pmm_free(old);                  /* one owner fewer */
		*e = pa | (*e & ~PTE_ADDR);
	}
	/* The last owner keeps the frame and just gets write access back. */
	*e = (*e | PTE_W) & ~PTE_COW;
	invlpg(va);
	return 0;
}

int vmm_map_frame(uint64_t space, uint64_t va, uint64_t pa, int prot)
{
	uint64_t *e = walk(space, va, 0, 1);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_P)
		panic("vmm_map_frame: %#lx already mapped", va);
	pmm_ref(pa);
	*e = pa | leaf_flags(prot);
	return 0;
}

static size_t count_level(uint64_t *t, int level)
{
	size_t n = 0;
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P))
			continue;
		n += level ? count_level(table(t[i]), level - 1) : 1;
	}
	return n;
}

size_t vmm_count_user(uint64_t space)
{
	uint64_t *pml4 = P2V(space);
	size_t n = 0;
	for (int i = 0; i < 256; i++)
		if (pml4[i] & PTE_P)
			n += count_level(table(pml4[i]), 2);
	return n;
}

void vmm_switch(uint64_t space)
{
	if (read_cr3() != space)
		write_cr3(space);
}

int vmm_copy_to(uint64_t space, uint64_t va, const void *src, size_t n)
{
	const char *s = src;
	while (n > 0) {
		uint64_t e = vmm_lookup(space, va);
		if (!(e & PTE_P))
			return -EFAULT;
		size_t off = va & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		memcpy((char *)P2V(e & PTE_ADDR) + off, s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}
