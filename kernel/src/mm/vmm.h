/*
 * Page tables.  An address space is named by the physical address of its
 * PML4.  The upper half (entries 256-511) is the kernel's and is the same
 * in every address space: its PDPT pages are made once at boot and every
 * new PML4 points at them, so a kernel mapping made later shows up in all
 * address spaces at once.
 */
#ifndef MM_VMM_H
#define MM_VMM_H
#include <stdint.h>
#include <stddef.h>

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_A    (1ull << 5)
#define PTE_D    (1ull << 6)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_COW  (1ull << 9)    /* software: read-only until written, then copied */
#define PTE_SHARED (1ull << 10) /* software: stays shared (not COW) across fork */
#define PTE_NX   (1ull << 63)

/* Page-fault error code bits. */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4
#define PTE_ADDR 0x000ffffffffff000ull

/* Protection of a user page, as the ABI's PROT_* bits. */
#define VM_READ  0x1
#define VM_WRITE 0x2
#define VM_EXEC  0x4
#define VM_SHARED 0x8   /* not an ABI bit: the page stays shared across fork */

void     vmm_init(void);                      /* kernel tables, then CR3 */
uint64_t vmm_kernel_space(void);
void    *vmm_map_mmio(uint64_t pa, size_t len);
/* Physical memory that is not RAM the allocator owns (firmware tables):
 * through the direct map when it covers [pa, pa + len), else a new
 * uncached mapping like vmm_map_mmio's, never undone. */
void    *vmm_map_phys(uint64_t pa, size_t len);
/* Kernel stacks: n fresh frames mapped at va (RW, NX), or -ENOMEM with
 * nothing mapped; and the reverse, which frees the frames. */
int      vmm_map_kstack(uint64_t va, size_t n);
void     vmm_unmap_kstack(uint64_t va, size_t n);

uint64_t vmm_new_space(void);                 /* 0 when out of memory */
void     vmm_free_space(uint64_t space);      /* user pages, tables, PML4 */
/* fork: dst gets src's user pages copy-on-write.  0 or -ENOMEM. */
int      vmm_copy_space(uint64_t dst, uint64_t src);
/* Resolves a page fault at va if it is a write to a copy-on-write page:
 * 0 when handled, -ENOMEM when no frame was left, -EFAULT otherwise. */
int      vmm_fault(uint64_t space, uint64_t va, uint64_t err);
/* Maps an existing frame (one more reference) at va.  0 or -ENOMEM. */
int      vmm_map_frame(uint64_t space, uint64_t va, uint64_t pa, int prot);
void     vmm_switch(uint64_t space);

/* Maps a fresh zeroed frame at va.  0, or -ENOMEM (nothing changed). */
int      vmm_map_anon(uint64_t space, uint64_t va, int prot);
/* Unmaps va and drops its frame: 1, or 0 if nothing was mapped there. */
int      vmm_unmap(uint64_t space, uint64_t va);
/* The leaf entry for va, or 0 if none. */
uint64_t vmm_lookup(uint64_t space, uint64_t va);
/* Number of user pages mapped. */
size_t   vmm_count_user(uint64_t space);
/* Copies into mapped pages of a (possibly inactive) space via the direct map;
 * only for pages the space owns alone (exec's new image), never COW ones. */
int      vmm_copy_to(uint64_t space, uint64_t va, const void *src, size_t n);

#endif
