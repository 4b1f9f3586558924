/*
 * The map of a process's virtual memory: a sorted array of areas, each a
 * page-aligned range with one protection and one kind.  Pure bookkeeping
 * (no page tables, no allocation), so it is unit-tested on the host; the
 * page-table side is mm/uvm.c.
 *
 * The array has a fixed capacity (VMA_MAX): a process that wants more
 * separate mappings than that gets ENOMEM, as Linux does at max_map_count.
 */
#ifndef MM_VMA_H
#define MM_VMA_H
#include <stdint.h>
#include <stddef.h>

#define VMA_MAX 128

enum vma_kind {
	VMA_IMAGE = 1,    /* a segment of the program, filled at exec */
	VMA_HEAP,         /* [brk_base, brk rounded up) */
	VMA_STACK,        /* demand-zero, below USER_STACK_TOP */
	VMA_ANON,         /* mmap: anonymous, private or shared */
	VMA_REGION,       /* mem_alloc */
	VMA_SHM,          /* shmat */
};

struct shm_seg;

struct vma {
	uint64_t start, end;       /* [start, end), page aligned */
	uint32_t prot;             /* VM_READ | VM_WRITE | VM_EXEC */
	uint32_t kind;             /* enum vma_kind */
	int64_t  region;           /* region ID (VMA_REGION, VMA_SHM), else 0 */
	struct shm_seg *seg;       /* the shared frames behind it, or 0 */
	uint64_t seg_page;         /* page index in seg of start */
	uint64_t size;             /* a region's size in bytes, as asked */
};

struct vma_map {
	int n;
	struct vma v[VMA_MAX];
};

/* The area containing va, or 0. */
struct vma *vma_find(struct vma_map *m, uint64_t va);
/* Is any part of [start, end) covered? */
int vma_overlaps(const struct vma_map *m, uint64_t start, uint64_t end);
/* Adds an area that overlaps none: 0, -1 when the map is full. */
int vma_insert(struct vma_map *m, const struct vma *a);
/*
 * How many more slots cutting [start, end) out would need: 1 when it lies
 * strictly inside one area (which splits in two), else 0.
 */
int vma_cut_needs(const struct vma_map *m, uint64_t start, uint64_t end);
/*
 * Removes [start, end) from the map, splitting areas at its edges.  For
 * each piece removed, gone(piece, arg) is called first (the caller unmaps
 * its pages); for each area split in two, split(new_half, arg) is called
 * (the caller takes another reference on a shared segment).  The caller
 * must have checked vma_cut_needs against the free slots.
 */
void vma_cut(struct vma_map *m, uint64_t start, uint64_t end,
	     void (*gone)(const struct vma *piece, void *arg),
	     void (*split)(const struct vma *half, void *arg), void *arg);
/*
 * The highest free range of len bytes (rounded up to pages) inside the
 * whole pages of [lo, hi), or 0 when none fits (so lo must be above 0).
 * Empty ranges (start >= end) overlap, need and cut nothing.
 */
uint64_t vma_find_gap(const struct vma_map *m, uint64_t len, uint64_t lo, uint64_t hi);

#endif
