/* Bit arrays: pure bookkeeping used by the physical frame allocator. */
#ifndef LIB_BITMAP_H
#define LIB_BITMAP_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define BITMAP_NONE ((size_t)-1)

static inline bool bitmap_test(const uint64_t *map, size_t bit)
{ return (map[bit / 64] >> (bit % 64)) & 1; }
static inline void bitmap_set(uint64_t *map, size_t bit)
{ map[bit / 64] |= (uint64_t)1 << (bit % 64); }
static inline void bitmap_clear(uint64_t *map, size_t bit)
{ map[bit / 64] &= ~((uint64_t)1 << (bit % 64)); }

/* Set or clear bits [start, start+count). */
void bitmap_set_range(uint64_t *map, size_t start, size_t count);
void bitmap_clear_range(uint64_t *map, size_t start, size_t count);
/* First clear bit at index >= from and < nbits, or BITMAP_NONE. */
size_t bitmap_find_clear(const uint64_t *map, size_t nbits, size_t from);
/* First run of count clear bits, starting at an index that is a multiple of
 * align (a power of two, >= 1), within [0, nbits); or BITMAP_NONE.
 * count == 0 asks for nothing and gets BITMAP_NONE; align 0 counts as 1. */
size_t bitmap_find_clear_run(const uint64_t *map, size_t nbits, size_t count,
			     size_t align);
/* Number of set bits in [0, nbits). */
size_t bitmap_count_set(const uint64_t *map, size_t nbits);

#endif
