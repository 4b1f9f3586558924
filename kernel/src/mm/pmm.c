#include "mm/pmm.h"
#include "lib/bitmap.h"
#include "lib/string.h"
#include "lib/panic.h"

#define MAX_FRAMES (PMM_MAX_PHYS >> PAGE_SHIFT)

static uint64_t frame_map[MAX_FRAMES / 64];   /* 1 = used or not RAM */
static size_t nframes;                         /* bits that matter */
static size_t nfree, ntotal;
static size_t hint;                            /* where the last search ended */
/*
 * References to each frame.  A frame in use by one owner has 1; a page
 * shared copy-on-write after fork, or mapped by several processes, has one
 * per mapping.  The array is carved out of RAM at boot (2 bytes a frame).
 */
static uint16_t *refs;

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
	size_t ref_pages = (nframes * sizeof(uint16_t) + PAGE_SIZE - 1) / PAGE_SIZE;
	size_t at = bitmap_find_clear_run(frame_map, nframes, ref_pages, 1);
	if (at == BITMAP_NONE)
		panic("pmm: no room for the frame reference counts");
	bitmap_set_range(frame_map, at, ref_pages);
	refs = P2V((uint64_t)at << PAGE_SHIFT);
	memset(refs, 0, nframes * sizeof(uint16_t));
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
	for (size_t k = 0; k < n; k++)
		refs[i + k] = 1;
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
		if (!bitmap_test(frame_map, i + k) || refs[i + k] != 1)
			panic("pmm_free: frame %#lx freed twice or still shared", pa + k * PAGE_SIZE);
		refs[i + k] = 0;
		bitmap_clear(frame_map, i + k);
	}
	nfree += n;
	if (i < hint)
		hint = i;
}

static size_t frame_index(uint64_t pa, const char *who)
{
	size_t i = pa >> PAGE_SHIFT;
	if ((pa & (PAGE_SIZE - 1)) || i >= nframes || !refs[i])
		panic("%s: bad frame %#lx", who, pa);
	return i;
}

void pmm_ref(uint64_t pa)
{
	size_t i = frame_index(pa, "pmm_ref");
	if (refs[i] == UINT16_MAX)
		panic("pmm_ref: frame %#lx has too many references", pa);
	refs[i]++;
}

unsigned pmm_refs(uint64_t pa) { return refs[frame_index(pa, "pmm_refs")]; }

void pmm_free(uint64_t pa)
{
	size_t i = frame_index(pa, "pmm_free");
	if (refs[i] > 1)
		refs[i]--;
	else
		pmm_free_pages(pa, 1);
}
size_t pmm_free_count(void) { return nfree; }
size_t pmm_total_count(void) { return ntotal; }
uint64_t pmm_max_phys(void) { return (uint64_t)nframes << PAGE_SHIFT; }
