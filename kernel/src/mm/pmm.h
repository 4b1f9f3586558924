/*
 * The physical frame allocator: one bit per 4 KiB frame (set = in use),
 * fed from the boot memory map.  All frames are reached through the direct
 * map (P2V).  The free count is what the leak tests compare.
 */
#ifndef MM_PMM_H
#define MM_PMM_H
#include <stdint.h>
#include <stddef.h>
#include "arch/x86_64/layout.h"

#define PAGE_SHIFT 12
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif
#define PMM_MAX_PHYS (16ull << 30)        /* memory above 16 GiB is ignored */

#define P2V(pa) ((void *)((uint64_t)(pa) + DIRECT_MAP))
#define V2P(va) ((uint64_t)(va) - DIRECT_MAP)

struct mem_range { uint64_t base, len; };

void     pmm_init(const struct mem_range *usable, int n,
		  const struct mem_range *reserved, int nres);
uint64_t pmm_alloc(void);                 /* one zeroed frame, or 0 */
uint64_t pmm_alloc_pages(size_t n);       /* n contiguous zeroed frames, or 0 */
void     pmm_free(uint64_t pa);           /* drops one reference; frees at 0 */
void     pmm_ref(uint64_t pa);            /* one more owner of a frame */
unsigned pmm_refs(uint64_t pa);           /* how many owners it has */
void     pmm_free_pages(uint64_t pa, size_t n);
size_t   pmm_free_count(void);
size_t   pmm_total_count(void);
uint64_t pmm_max_phys(void);              /* end of the highest usable frame */

#endif
