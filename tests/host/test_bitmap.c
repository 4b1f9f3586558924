/*
 * kernel/src/lib/bitmap.c against a one-bool-per-bit reference model.
 * Maps are malloc'ed with exactly (nbits+63)/64 words, so AddressSanitizer
 * catches a scan that reads a word too far.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "lib/bitmap.h"

static uint32_t rng = 4242;
static unsigned rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

static size_t words(size_t nbits) { return (nbits + 63) / 64; }

static uint64_t *new_map(size_t nbits, uint64_t fill)
{
	size_t n = words(nbits) ? words(nbits) : 1;
	uint64_t *m = malloc(n * sizeof(*m));
	for (size_t i = 0; i < n; i++)
		m[i] = fill;
	return m;
}

/* The map and the model agree on every bit in [0, nbits)? */
static bool agrees(const uint64_t *m, const bool *ref, size_t nbits)
{
	for (size_t i = 0; i < nbits; i++)
		if (bitmap_test(m, i) != ref[i])
			return false;
	return true;
}

/* Reference answers, the obvious way. */
static size_t ref_find_clear(const bool *ref, size_t nbits, size_t from)
{
	for (size_t i = from; i < nbits; i++)
		if (!ref[i])
			return i;
	return BITMAP_NONE;
}

static size_t ref_find_run(const bool *ref, size_t nbits, size_t count,
			   size_t align)
{
	if (count == 0)
		return BITMAP_NONE;
	for (size_t s = 0; s + count <= nbits; s += align) {
		size_t i = 0;
		while (i < count && !ref[s + i])
			i++;
		if (i == count)
			return s;
	}
	return BITMAP_NONE;
}

TEST(single_bits)
{
	uint64_t m[3] = { 0, 0, 0 };

	bitmap_set(m, 0);
	bitmap_set(m, 63);
	bitmap_set(m, 64);
	bitmap_set(m, 191);
	CHECK_EQ(m[0], 0x8000000000000001ull);
	CHECK_EQ(m[1], 1);
	CHECK_EQ(m[2], 0x8000000000000000ull);
	CHECK(bitmap_test(m, 63) && bitmap_test(m, 64) && !bitmap_test(m, 65));
	bitmap_clear(m, 63);
	CHECK_EQ(m[0], 1);
	CHECK(!bitmap_test(m, 63));
}

/* Every (start, count) in a 3-word map, on an empty and on a full map:
 * exactly the range changes, nothing around it. */
TEST(ranges_exhaustive)
{
	enum { N = 192 };
	bool ref[N];

	for (int fill = 0; fill < 2; fill++)
		for (size_t start = 0; start <= N; start++)
			for (size_t count = 0; start + count <= N; count++) {
				uint64_t *m = new_map(N, fill ? ~0ull : 0);
				for (size_t i = 0; i < N; i++)
					ref[i] = fill;
				for (size_t i = start; i < start + count; i++)
					ref[i] = !fill;
				if (fill)
					bitmap_clear_range(m, start, count);
				else
					bitmap_set_range(m, start, count);
				bool ok = agrees(m, ref, N);
				free(m);
				if (!ok) {
					FAILF("%s_range(%zu, %zu) wrong",
					      fill ? "clear" : "set", start, count);
					return;
				}
			}
}

/* Ranges that end exactly at the end of an exactly sized map. */
TEST(ranges_at_map_end)
{
	for (size_t nbits = 1; nbits <= 200; nbits++) {
		uint64_t *m = new_map(nbits, 0);
		bitmap_set_range(m, 0, nbits);
		size_t n = bitmap_count_set(m, nbits);
		bitmap_clear_range(m, nbits / 2, nbits - nbits / 2);
		size_t half = bitmap_count_set(m, nbits);
		free(m);
		CHECK_EQ(n, nbits);
		CHECK_EQ(half, nbits / 2);
	}
}

TEST(find_clear)
{
	uint64_t m[4] = { ~0ull, ~0ull, ~0ull, ~0ull };

	CHECK_EQ(bitmap_find_clear(m, 256, 0), BITMAP_NONE);
	bitmap_clear(m, 200);
	CHECK_EQ(bitmap_find_clear(m, 256, 0), 200);    /* skips full words */
	CHECK_EQ(bitmap_find_clear(m, 256, 200), 200);  /* from itself */
	CHECK_EQ(bitmap_find_clear(m, 256, 201), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear(m, 200, 0), BITMAP_NONE);  /* limit excl. */
	CHECK_EQ(bitmap_find_clear(m, 201, 0), 200);
	CHECK_EQ(bitmap_find_clear(m, 256, 256), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear(m, 256, 1000), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear(m, 0, 0), BITMAP_NONE);
	bitmap_clear(m, 0);
	CHECK_EQ(bitmap_find_clear(m, 256, 0), 0);
	CHECK_EQ(bitmap_find_clear(m, 256, 1), 200);
	bitmap_clear(m, 64);
	CHECK_EQ(bitmap_find_clear(m, 256, 1), 64);     /* word boundary */

	/* Bits past nbits are garbage (here: clear) and must be ignored. */
	uint64_t *e = new_map(70, ~0ull);
	e[1] = 0x3f;                                    /* bits 64..69 set */
	size_t r = bitmap_find_clear(e, 70, 0);
	free(e);
	CHECK_EQ(r, BITMAP_NONE);
}

TEST(find_clear_random)
{
	for (int round = 0; round < 300; round++) {
		size_t nbits = 1 + rnd() % 400;
		uint64_t *m = new_map(nbits, 0);
		bool ref[400];
		unsigned density = rnd() % 4;   /* from sparse to nearly full */
		for (size_t i = 0; i < nbits; i++) {
			ref[i] = rnd() % 8 < 4 + density;
			if (ref[i])
				bitmap_set(m, i);
		}
		for (size_t from = 0; from <= nbits + 1; from++) {
			size_t got = bitmap_find_clear(m, nbits, from);
			size_t want = ref_find_clear(ref, nbits, from);
			if (got != want) {
				free(m);
				FAILF("nbits %zu from %zu: got %zu want %zu", nbits, from, got, want);
				return;
			}
		}
		free(m);
	}
}

TEST(find_run_simple)
{
	uint64_t m[4] = { 0, 0, 0, 0 };

	CHECK_EQ(bitmap_find_clear_run(m, 256, 1, 1), 0);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 256, 1), 0);   /* all of it */
	CHECK_EQ(bitmap_find_clear_run(m, 256, 257, 1), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 0, 1), BITMAP_NONE);  /* by definition */

	bitmap_set(m, 0);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 1, 1), 1);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 1, 2), 2);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 1, 64), 64);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 255, 1), 1);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 255, 2), BITMAP_NONE);

	/* A run across a word boundary: bits 60..69 clear, others set. */
	memset(m, 0xff, sizeof(m));
	bitmap_clear_range(m, 60, 10);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 10, 1), 60);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 11, 1), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 8, 4), 60);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 8, 8), BITMAP_NONE);  /* 64..71 has 70 */
	CHECK_EQ(bitmap_find_clear_run(m, 256, 6, 8), 64);

	/* A long free run that starts unaligned: the aligned start inside it. */
	memset(m, 0xff, sizeof(m));
	bitmap_clear_range(m, 3, 200);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 128, 64), 64);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 140, 64), BITMAP_NONE);
	CHECK_EQ(bitmap_find_clear_run(m, 256, 200, 1), 3);

	/* A run that ends exactly at nbits, with garbage (clear) bits past
	 * nbits that must not extend it. */
	uint64_t *e = new_map(100, ~0ull);
	e[1] = ~0ull;
	bitmap_clear_range(e, 90, 10);
	e[1] &= ~(~0ull << 36);               /* bits 100..127: clear garbage */
	size_t a = bitmap_find_clear_run(e, 100, 10, 1);
	size_t b = bitmap_find_clear_run(e, 100, 11, 1);
	size_t c = bitmap_find_clear_run(e, 100, 5, 32);   /* 96 + 5 > 100 */
	free(e);
	CHECK_EQ(a, 90);
	CHECK_EQ(b, BITMAP_NONE);
	CHECK_EQ(c, BITMAP_NONE);
}

TEST(find_run_random)
{
	static const size_t aligns[] = { 1, 2, 4, 8, 16, 64, 128 };

	for (int round = 0; round < 400; round++) {
		size_t nbits = 1 + rnd() % 300;
		uint64_t *m = new_map(nbits, 0);
		bool ref[300];
		/* Runs of set and clear bits of random lengths. */
		size_t i = 0;
		bool v = rnd() % 2;
		while (i < nbits) {
			size_t len = 1 + rnd() % (v ? 20 : 90);
			for (; len && i < nbits; len--, i++) {
				ref[i] = v;
				if (v)
					bitmap_set(m, i);
			}
			v = !v;
		}
		for (size_t a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++)
			for (size_t count = 1; count <= 100; count += 1 + count / 8) {
				size_t got = bitmap_find_clear_run(m, nbits, count, aligns[a]);
				size_t want = ref_find_run(ref, nbits, count, aligns[a]);
				if (got != want) {
					free(m);
					FAILF("nbits %zu count %zu align %zu: got %zu want %zu",
					      nbits, count, aligns[a], got, want);
					return;
				}
			}
		free(m);
	}
}

TEST(count_set)
{
	uint64_t m[3] = { 0, 0, 0 };

	CHECK_EQ(bitmap_count_set(m, 192), 0);
	CHECK_EQ(bitmap_count_set(m, 0), 0);
	m[0] = ~0ull;
	m[1] = 0x8000000000000001ull;
	m[2] = 0xf0;
	CHECK_EQ(bitmap_count_set(m, 192), 70);
	CHECK_EQ(bitmap_count_set(m, 64), 64);
	CHECK_EQ(bitmap_count_set(m, 65), 65);
	CHECK_EQ(bitmap_count_set(m, 127), 65);     /* bit 127 excluded */
	CHECK_EQ(bitmap_count_set(m, 128), 66);
	CHECK_EQ(bitmap_count_set(m, 132), 66);
	CHECK_EQ(bitmap_count_set(m, 133), 67);
	CHECK_EQ(bitmap_count_set(m, 1), 1);

	for (int round = 0; round < 200; round++) {
		size_t nbits = rnd() % 500;
		uint64_t *r = new_map(nbits, 0);
		size_t want = 0;
		for (size_t w = 0; w < words(nbits); w++)
			r[w] = (uint64_t)rnd() << 48 ^ (uint64_t)rnd() << 32 ^
			       (uint64_t)rnd() << 16 ^ rnd();
		for (size_t i = 0; i < nbits; i++)
			want += bitmap_test(r, i);
		size_t got = bitmap_count_set(r, nbits);
		free(r);
		CHECK_EQ(got, want);
	}
}

/* A frame-allocator-sized map: a million bits, full except near the end.
 * Mostly a check that the word-skipping paths agree with the bit ones. */
TEST(large_map)
{
	size_t nbits = 1 << 20;
	uint64_t *m = new_map(nbits, ~0ull);

	bitmap_clear_range(m, nbits - 100, 37);
	size_t a = bitmap_find_clear(m, nbits, 0);
	size_t b = bitmap_find_clear_run(m, nbits, 37, 1);
	size_t c = bitmap_find_clear_run(m, nbits, 38, 1);
	size_t d = bitmap_find_clear_run(m, nbits, 32, 32);
	size_t n = bitmap_count_set(m, nbits);
	free(m);
	CHECK_EQ(a, nbits - 100);
	CHECK_EQ(b, nbits - 100);
	CHECK_EQ(c, BITMAP_NONE);
	CHECK_EQ(d, nbits - 96);
	CHECK_EQ(n, nbits - 37);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(single_bits);
	RUN(ranges_exhaustive);
	RUN(ranges_at_map_end);
	RUN(find_clear);
	RUN(find_clear_random);
	RUN(find_run_simple);
	RUN(find_run_random);
	RUN(count_set);
	RUN(large_map);
	return t_end();
}
