#include "mm/pmm.h"
#include "lib/bitmap.h"
#include "lib/string.h"
#include "lib/panic.h"

#define MAX_FRAMES (PMM_MAX_PHYS >> PAGE_SHIFT)

static uint64_t frame_map[MAX_FRAMES / 64];   /* 1 = used or not RAM */
static size_t nframes;                         /* bits that matter */
static size_t nfree, ntotal;
static size_t hint;                            /* where the last search ended */

void pmm_init(const struct mem_range *usable, int n,
	      const struct mem_range *reserved, int nres)
{
	bitmap_set_range(frame_map, 0, MAX_FRAMES);
	for (int i = 0; i < n; i++) {
		uint64_t lo = (usable[i].base + PAGE_SIZE - 1) >> PAGE_SHIFT;
		uint64_t hi = (usable[i].base + usable[i].len) >> PAGE_SHIFT;
		if (hi > MAX_FRAMES) hi = MAX_FRAMES;
		if (lo >= hi) continue;
		bitmap_clear_range(frame_map, lo, hi - lo);
		if (hi > nframes) nframes = hi;
	}
	/* Frame 0 and the first MiB stay out of use: firmware lives there and
	 * a zero physical address means "no frame". */
	bitmap_set_range(frame_map, 0, 256);
	for (int i = 0; i < nres; i++) {
		uint64_t lo = reserved[i].base >> PAGE_SHIFT;
		uint64_t hi = (reserved[i].base + reserved[i].len + PAGE_SIZE - 1) >> PAGE_SHIFT;
		if (hi > MAX_FRAMES) hi = MAX_FRAMES;
		if (lo < hi)
			bitmap_set_range(frame_map, lo, hi - lo);
	}
	nfree = nframes - bitmap_count_set(frame_map, nframes);
	ntotal = nfree;
}

uint64_t pmm_alloc_pages(size_t n)
{
	size_t i;
	if (n == 1) {
		i = bitmap_find_clear(frame_map, nframes, hint);
		if (i == BITMAP_NONE)
			i = bitmap_find_clear(frame_map, nframes, 0);
	} else {
		i = bitmap_find_clear_run(frame_map, nframes, n, 1);
	}
	if (i == BITMAP_NONE)
		return 0;
	bitmap_set_range(frame_map, i, n);
	nfree -= n;
	if (n == 1)
		hint = i + 1;
	uint64_t pa = (uint64_t)i << PAGE_SHIFT;
	memset(P2V(pa), 0, n * PAGE_SIZE);
	return pa;
}

uint64_t pmm_alloc(void) { return pmm_alloc_pages(1); }

void pmm_free_pages(uint64_t pa, size_t n)
{
	size_t i = pa >> PAGE_SHIFT;
	if ((pa & (PAGE_SIZE - 1)) || i + n > nframes)
		panic("pmm_free: bad frame %#lx", pa);
	for (size_t k = 0; k < n; k++) {
		if (!bitmap_test(frame_map, i + k))
			panic("pmm_free: frame %#lx freed twice", pa + k * PAGE_SIZE);
		bitmap_clear(frame_map, i + k);
	}
	nfree += n;
	if (i < hint)
		hint = i;
}

void pmm_free(uint64_t pa) { pmm_free_pages(pa, 1); }
size_t pmm_free_count(void) { return nfree; }
size_t pmm_total_count(void) { return ntotal; }
uint64_t pmm_max_phys(void) { return (uint64_t)nframes << PAGE_SHIFT; }
