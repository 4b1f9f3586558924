/*
 * Bit arrays for the physical frame allocator.
 *
 * Bit i lives in word i/64 at position i%64.  A machine with a few GiB has
 * a million frames, so every scan works a 64-bit word at a time and only
 * looks at single bits at the ends of a range.  Bits of the last word past
 * nbits may hold anything; no function here trusts them.
 */
#include "bitmap.h"

#define ALL ((uint64_t)~0ull)

/* Bits [lo, hi) of one word, 0 <= lo < hi <= 64. */
static inline uint64_t word_mask(size_t lo, size_t hi)
{
	uint64_t upto = hi == 64 ? ALL : (((uint64_t)1 << hi) - 1);
	return upto & (ALL << lo);
}

/* Index of the lowest set bit; x != 0.  A builtin, but one that compiles
 * to a single bsf/tzcnt on x86-64, never a library call. */
static inline size_t lowest_bit(uint64_t x)
{
	return (size_t)__builtin_ctzll(x);
}

/* Number of set bits, done by hand: __builtin_popcountll would become a
 * call into libgcc, which the kernel does not link. */
static inline size_t popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (size_t)((x * 0x0101010101010101ull) >> 56);
}

/* Sets (set = 1) or clears bits [start, start+count): whole words at once,
 * a mask for the partial word at each end. */
static void change_range(uint64_t *map, size_t start, size_t count, int set)
{
	if (count == 0)
		return;

	size_t end = start + count;
	size_t first = start / 64, last = (end - 1) / 64;

	for (size_t w = first; w <= last; w++) {
		size_t lo = w == first ? start % 64 : 0;
		size_t hi = w == last ? (end - 1) % 64 + 1 : 64;
		uint64_t m = word_mask(lo, hi);
		if (set)
			map[w] |= m;
		else
			map[w] &= ~m;
	}
}

void bitmap_set_range(uint64_t *map, size_t start, size_t count)
{
	change_range(map, start, count, 1);
}

void bitmap_clear_range(uint64_t *map, size_t start, size_t count)
{
	change_range(map, start, count, 0);
}

/*
 * First bit in [from, limit) that equals want (0 or 1), or limit if none.
 * Inverting the words we look for clear bits turns both searches into
 * "find the lowest set bit", and full words are skipped with one test.
 */
static size_t scan(const uint64_t *map, size_t from, size_t limit, int want)
{
	if (from >= limit)
		return limit;

	size_t w = from / 64, last = (limit - 1) / 64;
	uint64_t flip = want ? 0 : ALL;
	uint64_t bits = (map[w] ^ flip) & (ALL << (from % 64));

	for (;;) {
		if (bits) {
			size_t i = w * 64 + lowest_bit(bits);
			return i < limit ? i : limit;
		}
		if (++w > last)
			return limit;
		bits = map[w] ^ flip;
	}
}

size_t bitmap_find_clear(const uint64_t *map, size_t nbits, size_t from)
{
	size_t i = scan(map, from, nbits, 0);
	return i < nbits ? i : BITMAP_NONE;
}

/*
 * Candidate start = the next clear bit, rounded up to the alignment; the
 * run is good if there is no set bit in [start, start+count).  Otherwise the
 * next candidate begins after that set bit, so the scan always moves on.
 */
size_t bitmap_find_clear_run(const uint64_t *map, size_t nbits, size_t count,
			     size_t align)
{
	size_t pos = 0;

	if (count == 0 || count > nbits)
		return BITMAP_NONE;
	if (align == 0)
		align = 1;

	for (;;) {
		pos = scan(map, pos, nbits, 0);
		if (pos >= nbits)
			return BITMAP_NONE;

		size_t rem = pos & (align - 1);
		if (rem) {
			/* Written as a subtraction: pos + align could wrap. */
			if (align - rem > nbits - pos)
				return BITMAP_NONE;
			pos += align - rem;
		}
		if (count > nbits - pos)
			return BITMAP_NONE;

		size_t set = scan(map, pos, pos + count, 1);
		if (set == pos + count)
			return pos;
		pos = set + 1;
	}
}

size_t bitmap_count_set(const uint64_t *map, size_t nbits)
{
	size_t n = 0, full = nbits / 64;

	for (size_t w = 0; w < full; w++)
		n += popcount64(map[w]);
	if (nbits % 64)
		n += popcount64(map[full] & word_mask(0, nbits % 64));
	return n;
}
