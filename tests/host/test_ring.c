/* kernel/src/lib/ring.c: the byte ring of pipes and the console. */
#include <stdint.h>
#include <stdlib.h>
#include "test.h"
#include "lib/ring.h"

TEST(empty_and_full)
{
	char buf[8];
	struct ring rg;
	char *at;

	ring_init(&rg, buf, sizeof(buf));
	CHECK_EQ(ring_used(&rg), 0);
	CHECK_EQ(ring_free(&rg), 8);
	CHECK_EQ(ring_rspan(&rg, &at), 0);
	CHECK_EQ(ring_put(&rg, "abcdefghij", 10), 8);     /* only 8 fit */
	CHECK_EQ(ring_used(&rg), 8);
	CHECK_EQ(ring_wspan(&rg, &at), 0);
	CHECK_EQ(ring_put(&rg, "x", 1), 0);
	char out[16] = { 0 };
	CHECK_EQ(ring_get(&rg, out, sizeof(out)), 8);
	CHECK(memcmp(out, "abcdefgh", 8) == 0);
	CHECK_EQ(ring_get(&rg, out, 1), 0);
}

/* Spans stop at the end of the buffer; the next span starts at its head. */
TEST(spans_wrap)
{
	char buf[8];
	struct ring rg;
	char *at;

	ring_init(&rg, buf, sizeof(buf));
	ring_put(&rg, "123456", 6);
	char out[8];
	ring_get(&rg, out, 5);                           /* r = 5, w = 6 */
	CHECK_EQ(ring_wspan(&rg, &at), 2);              /* positions 6, 7 */
	CHECK(at == buf + 6);
	CHECK_EQ(ring_put(&rg, "abcdef", 6), 6);        /* wraps */
	CHECK_EQ(ring_used(&rg), 7);
	CHECK_EQ(ring_rspan(&rg, &at), 3);              /* '6' 'a' 'b' */
	CHECK(at == buf + 5);
	CHECK_EQ(ring_peek(&rg, 0), '6');
	CHECK_EQ(ring_peek(&rg, 3), 'c');
	CHECK_EQ(ring_peek(&rg, 6), 'f');
	char all[8] = { 0 };
	CHECK_EQ(ring_get(&rg, all, 8), 7);
	CHECK(memcmp(all, "6abcdef", 7) == 0);
}

/* A partial commit (a copy that faulted part way) keeps the rest. */
TEST(partial_commit)
{
	char buf[16];
	struct ring rg;
	char *at;

	ring_init(&rg, buf, sizeof(buf));
	size_t span = ring_wspan(&rg, &at);
	CHECK_EQ(span, 16);
	memcpy(at, "hello", 5);
	ring_wrote(&rg, 3);
	CHECK_EQ(ring_used(&rg), 3);
	span = ring_rspan(&rg, &at);
	CHECK_EQ(span, 3);
	ring_consumed(&rg, 1);
	char out[4] = { 0 };
	CHECK_EQ(ring_get(&rg, out, 4), 2);
	CHECK(memcmp(out, "el", 2) == 0);
}

TEST(unput)
{
	char buf[4];
	struct ring rg;

	ring_init(&rg, buf, sizeof(buf));
	CHECK_EQ(ring_unput(&rg), 0);
	ring_put(&rg, "ab", 2);
	CHECK_EQ(ring_unput(&rg), 1);
	CHECK_EQ(ring_used(&rg), 1);
	CHECK_EQ(ring_peek(&rg, 0), 'a');
}

/* The counters never wrap in practice, but the arithmetic must hold
 * across 2^64 all the same. */
TEST(counter_wrap)
{
	char buf[4];
	struct ring rg;

	ring_init(&rg, buf, sizeof(buf));
	rg.r = rg.w = UINT64_MAX - 1;
	CHECK_EQ(ring_put(&rg, "wxyz", 4), 4);
	CHECK_EQ(ring_used(&rg), 4);
	char out[4];
	CHECK_EQ(ring_get(&rg, out, 4), 4);
	CHECK(memcmp(out, "wxyz", 4) == 0);
	CHECK_EQ(ring_used(&rg), 0);
}

/* Against a simple model: random puts and gets of random sizes. */
TEST(random_model)
{
	char buf[64];
	static char model[1 << 16];
	size_t mr = 0, mw = 0;
	struct ring rg;

	srand(7);
	ring_init(&rg, buf, sizeof(buf));
	for (int i = 0; i < 20000; i++) {
		char tmp[100];
		size_t n = (size_t)rand() % 100;
		if (rand() & 1) {
			for (size_t k = 0; k < n; k++)
				tmp[k] = (char)rand();
			size_t put = ring_put(&rg, tmp, n);
			size_t want = n < 64 - (mw - mr) ? n : 64 - (mw - mr);
			CHECK_EQ(put, want);
			for (size_t k = 0; k < put; k++)
				model[(mw + k) % sizeof(model)] = tmp[k];
			mw += put;
		} else {
			size_t got = ring_get(&rg, tmp, n);
			size_t want = n < mw - mr ? n : mw - mr;
			CHECK_EQ(got, want);
			for (size_t k = 0; k < got; k++)
				CHECK_EQ(tmp[k], model[(mr + k) % sizeof(model)]);
			mr += got;
		}
		CHECK_EQ(ring_used(&rg), mw - mr);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(empty_and_full);
	RUN(spans_wrap);
	RUN(partial_commit);
	RUN(unput);
	RUN(counter_wrap);
	RUN(random_model);
	return t_end();
}
