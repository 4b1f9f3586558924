/*
 * kernel/src/mm/vma.c: directed cases, then random inserts and cuts against
 * a per-page model.  Every map is malloc'ed as exactly one struct vma_map,
 * so AddressSanitizer catches a shift that writes past v[VMA_MAX - 1].
 *
 * Addresses are written in pages: P(n) is page n above BASE.  Each test
 * area carries a tag in .region, and its other fields (prot, kind, seg)
 * are derived from the tag, so a moved or split area can be checked whole.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "mm/vma.h"

#define PG   4096ull
#define BASE 0x400000ull
#define P(n) (BASE + (uint64_t)(n) * PG)

static uint32_t rng = 20240607;
static unsigned rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

/* The map under test.  A failed CHECK returns at once, so maps are not
 * freed by the cases: each new map frees the one before, main the last. */
static struct vma_map *cur_map;
static struct vma_map *new_map(void)
{
	free(cur_map);
	cur_map = calloc(1, sizeof(struct vma_map));
	return cur_map;
}

/* The fields every area with this tag has, apart from range and seg_page. */
static uint32_t tag_prot(int64_t tag) { return (uint32_t)(tag % 8); }
static uint32_t tag_kind(int64_t tag) { return VMA_IMAGE + (uint32_t)(tag % 6); }
static struct shm_seg *tag_seg(int64_t tag)
{
	return (struct shm_seg *)(uintptr_t)(0x10000 + 64 * (uint64_t)tag);
}

static struct vma area(uint64_t p0, uint64_t p1, int64_t tag, uint64_t seg_page)
{
	struct vma a;
	memset(&a, 0, sizeof(a));
	a.start = P(p0);
	a.end = P(p1);
	a.prot = tag_prot(tag);
	a.kind = tag_kind(tag);
	a.region = tag;
	a.seg = tag_seg(tag);
	a.seg_page = seg_page;
	return a;
}

/* Area i of m is [P(p0), P(p1)) with this tag and seg_page, fields intact. */
static void check_area(const struct vma_map *m, int i, uint64_t p0, uint64_t p1,
		       int64_t tag, uint64_t seg_page)
{
	CHECK(i < m->n);
	const struct vma *a = &m->v[i];
	CHECK_EQ(a->start, P(p0));
	CHECK_EQ(a->end, P(p1));
	CHECK_EQ(a->region, tag);
	CHECK_EQ(a->seg_page, seg_page);
	CHECK_EQ(a->prot, tag_prot(tag));
	CHECK_EQ(a->kind, tag_kind(tag));
	CHECK(a->seg == tag_seg(tag));
}

/* A piece handed to gone() is [P(p0), P(p1)) of this tag at seg_page. */
static void check_piece(const struct vma *a, uint64_t p0, uint64_t p1,
			int64_t tag, uint64_t seg_page)
{
	CHECK_EQ(a->start, P(p0));
	CHECK_EQ(a->end, P(p1));
	CHECK_EQ(a->region, tag);
	CHECK_EQ(a->seg_page, seg_page);
	CHECK_EQ(a->prot, tag_prot(tag));
	CHECK_EQ(a->kind, tag_kind(tag));
	CHECK(a->seg == tag_seg(tag));
}

/* Sorted, non-overlapping, non-empty, page-aligned areas. */
static void check_sane(const struct vma_map *m)
{
	if (m->n < 0 || m->n > VMA_MAX) {
		FAILF("n = %d", m->n);
		return;
	}
	for (int i = 0; i < m->n; i++) {
		const struct vma *a = &m->v[i];
		if (a->start >= a->end || a->start % PG || a->end % PG) {
			FAILF("area %d: [0x%llx, 0x%llx)", i,
			      (unsigned long long)a->start, (unsigned long long)a->end);
			return;
		}
		if (i > 0 && m->v[i - 1].end > a->start) {
			FAILF("areas %d and %d out of order or overlapping", i - 1, i);
			return;
		}
	}
}

/* What the callbacks of one vma_cut saw. */
struct rec {
	struct vma_map *m;
	int ngone, nsplit;
	struct vma gone[VMA_MAX + 1];
	struct vma split;
	int gone_unmapped;      /* gone() got a piece no longer in the map */
	int split_not_in_map;   /* split() got a half that is not the map's */
	int split_before_gone;  /* split() came before any gone() */
};

static void on_gone(const struct vma *piece, void *arg)
{
	struct rec *r = arg;
	/* "Called first": the piece is still mapped, by one area. */
	struct vma *a = vma_find(r->m, piece->start);
	if (!a || piece->end > a->end || a->region != piece->region)
		r->gone_unmapped++;
	if (r->ngone < VMA_MAX + 1)
		r->gone[r->ngone] = *piece;
	r->ngone++;
}

static void on_split(const struct vma *half, void *arg)
{
	struct rec *r = arg;
	if (vma_find(r->m, half->start) != half)
		r->split_not_in_map++;
	if (r->ngone == 0)
		r->split_before_gone++;
	r->split = *half;
	r->nsplit++;
}

static void cut(struct vma_map *m, uint64_t start, uint64_t end, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	vma_cut(m, start, end, on_gone, on_split, r);
}

static void check_rec_order(const struct rec *r)
{
	CHECK_EQ(r->gone_unmapped, 0);
	CHECK_EQ(r->split_not_in_map, 0);
	CHECK_EQ(r->split_before_gone, 0);
}

/* A map with areas [2,6) tag 1, [8,10) tag 2, [12,20) tag 3. */
static struct vma_map *three(void)
{
	struct vma_map *m = new_map();
	struct vma a = area(12, 20, 3, 300), b = area(2, 6, 1, 100), c = area(8, 10, 2, 200);
	vma_insert(m, &a);
	vma_insert(m, &b);
	vma_insert(m, &c);
	return m;
}

TEST(empty_map)
{
	struct vma_map *m = new_map();
	struct rec r;

	int ok = vma_find(m, 0) == 0 && vma_find(m, P(0)) == 0 &&
		 vma_find(m, ~0ull) == 0 && !vma_overlaps(m, 0, ~0ull) &&
		 !vma_overlaps(m, P(0), P(1)) && vma_cut_needs(m, P(0), P(4)) == 0;
	cut(m, P(0), P(100), &r);
	uint64_t gap = vma_find_gap(m, PG, P(0), P(16));
	int n = m->n;
	CHECK(ok);
	CHECK_EQ(r.ngone, 0);
	CHECK_EQ(r.nsplit, 0);
	CHECK_EQ(n, 0);
	CHECK_EQ(gap, P(15));
}

TEST(find_edges)
{
	struct vma_map *m = new_map();
	struct vma a = area(4, 8, 1, 10), b = area(8, 9, 2, 20);

	vma_insert(m, &a);
	vma_insert(m, &b);
	struct vma *before = vma_find(m, P(4) - 1);
	struct vma *first = vma_find(m, P(4));
	struct vma *mid = vma_find(m, P(6) + 123);
	struct vma *last = vma_find(m, P(8) - 1);
	struct vma *next = vma_find(m, P(8));     /* the adjacent area */
	struct vma *next_end = vma_find(m, P(9) - 1);
	struct vma *after = vma_find(m, P(9));
	struct vma *far = vma_find(m, ~0ull);
	struct vma *zero = vma_find(m, 0);
	struct vma *v0 = &m->v[0], *v1 = &m->v[1];
	CHECK(before == 0);
	CHECK(first == v0);
	CHECK(mid == v0);
	CHECK(last == v0);
	CHECK(next == v1);
	CHECK(next_end == v1);
	CHECK(after == 0);
	CHECK(far == 0);
	CHECK(zero == 0);
}

TEST(insert_keeps_order)
{
	struct vma_map *m = new_map();
	/* Area k is [3k, 3k+2), inserted in random order; every fourth is
	 * [3k, 3k+3) and so touches the next one. */
	enum { N = 40 };
	int order[N];

	for (int i = 0; i < N; i++)
		order[i] = i;
	for (int i = N - 1; i > 0; i--) {
		int j = (int)(rnd() % (unsigned)(i + 1)), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < N; i++) {
		int k = order[i];
		struct vma a = area(3 * (uint64_t)k, 3 * (uint64_t)k + (k % 4 == 0 ? 3 : 2),
				    k + 1, 7 * (uint64_t)k);
		int rc = vma_insert(m, &a);
		if (rc != 0) {
			FAILF("insert %d returned %d", i, rc);
			return;
		}
		CALL(check_sane(m));
	}
	for (int k = 0; k < N; k++)
		CALL(check_area(m, k, 3 * (uint64_t)k, 3 * (uint64_t)k + (k % 4 == 0 ? 3 : 2),
				k + 1, 7 * (uint64_t)k));
	int n = m->n;
	CHECK_EQ(n, N);
}

TEST(insert_full)
{
	struct vma_map *m = new_map();
	static struct vma_map copy;

	/* Fill from the top down, so every insert shifts the whole array. */
	for (int k = VMA_MAX - 1; k >= 0; k--) {
		struct vma a = area(2 * (uint64_t)k, 2 * (uint64_t)k + 1, k + 1, 0);
		if (vma_insert(m, &a) != 0) {
			FAILF("insert of area %d failed", k);
			return;
		}
	}
	memcpy(&copy, m, sizeof(copy));
	struct vma lo = area(2 * VMA_MAX + 10, 2 * VMA_MAX + 11, 999, 0);
	struct vma mid = area(1, 2, 998, 0);
	int rc1 = vma_insert(m, &lo);
	int rc2 = vma_insert(m, &mid);
	int same = memcmp(&copy, m, sizeof(copy)) == 0;
	int n = m->n;
	CALL(check_sane(m));
	for (int k = 0; k < VMA_MAX; k++)
		CALL(check_area(m, k, 2 * (uint64_t)k, 2 * (uint64_t)k + 1, k + 1, 0));
	CHECK_EQ(n, VMA_MAX);
	CHECK_EQ(rc1, -1);
	CHECK_EQ(rc2, -1);
	CHECK(same);
}

TEST(overlaps_edges)
{
	struct vma_map *m = three();
	int r[16], k = 0;

	r[k++] = vma_overlaps(m, P(0), P(2)) == 0;        /* ends at the start */
	r[k++] = vma_overlaps(m, P(0), P(2) + 1) == 1;    /* one byte in */
	r[k++] = vma_overlaps(m, P(6), P(8)) == 0;        /* exactly the gap */
	r[k++] = vma_overlaps(m, P(6) - 1, P(8)) == 1;    /* last byte of [2,6) */
	r[k++] = vma_overlaps(m, P(6), P(8) + 1) == 1;    /* first byte of [8,10) */
	r[k++] = vma_overlaps(m, P(3), P(4)) == 1;        /* inside */
	r[k++] = vma_overlaps(m, P(0), P(30)) == 1;       /* around all */
	r[k++] = vma_overlaps(m, P(7), P(12)) == 1;       /* a whole area */
	r[k++] = vma_overlaps(m, P(10), P(12)) == 0;
	r[k++] = vma_overlaps(m, P(20), P(30)) == 0;      /* above the last */
	r[k++] = vma_overlaps(m, P(19), P(30)) == 1;
	r[k++] = vma_overlaps(m, 0, P(2)) == 0;           /* below the first */
	for (int i = 0; i < k; i++)
		if (!r[i]) {
			FAILF("overlaps check %d wrong", i);
			return;
		}
}

TEST(cut_whole)
{
	struct vma_map *m = three();
	struct rec r;

	cut(m, P(8), P(10), &r);
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 0, 2, 6, 1, 100));
	CALL(check_area(m, 1, 12, 20, 3, 300));
	CHECK_EQ(n, 2);
	CHECK_EQ(r.ngone, 1);
	CHECK_EQ(r.nsplit, 0);
	CALL(check_piece(&r.gone[0], 8, 10, 2, 200));

	/* The gaps around it are part of the cut: nothing else changes. */
	m = three();
	cut(m, P(7), P(11), &r);
	n = m->n;
	CALL(check_area(m, 1, 12, 20, 3, 300));
	CHECK_EQ(n, 2);
	CHECK_EQ(r.ngone, 1);
	CALL(check_piece(&r.gone[0], 8, 10, 2, 200));
}

TEST(cut_left_part)
{
	struct vma_map *m = three();
	struct rec r;

	cut(m, P(12), P(15), &r);           /* the left part of [12,20) goes */
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 2, 15, 20, 3, 303));
	CHECK_EQ(n, 3);
	CHECK_EQ(r.ngone, 1);
	CHECK_EQ(r.nsplit, 0);
	CALL(check_piece(&r.gone[0], 12, 15, 3, 300));

	/* The same from inside the gap below it. */
	m = three();
	cut(m, P(11), P(13), &r);
	n = m->n;
	CALL(check_area(m, 2, 13, 20, 3, 301));
	CHECK_EQ(n, 3);
	CHECK_EQ(r.ngone, 1);
	CALL(check_piece(&r.gone[0], 12, 13, 3, 300));
}

TEST(cut_right_part)
{
	struct vma_map *m = three();
	struct rec r;

	cut(m, P(16), P(20), &r);           /* the right part of [12,20) goes */
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 2, 12, 16, 3, 300));
	CHECK_EQ(n, 3);
	CHECK_EQ(r.ngone, 1);
	CHECK_EQ(r.nsplit, 0);
	CALL(check_piece(&r.gone[0], 16, 20, 3, 304));

	/* And past its end, into the space above. */
	m = three();
	cut(m, P(19), P(40), &r);
	n = m->n;
	CALL(check_area(m, 2, 12, 19, 3, 300));
	CHECK_EQ(n, 3);
	CHECK_EQ(r.ngone, 1);
	CALL(check_piece(&r.gone[0], 19, 20, 3, 307));
}

TEST(cut_hole)
{
	struct vma_map *m = three();
	struct rec r;

	int needs = vma_cut_needs(m, P(14), P(17));
	cut(m, P(14), P(17), &r);
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 0, 2, 6, 1, 100));
	CALL(check_area(m, 1, 8, 10, 2, 200));
	CALL(check_area(m, 2, 12, 14, 3, 300));
	CALL(check_area(m, 3, 17, 20, 3, 305));
	CHECK_EQ(needs, 1);
	CHECK_EQ(n, 4);
	CHECK_EQ(r.ngone, 1);
	CALL(check_piece(&r.gone[0], 14, 17, 3, 302));
	CHECK_EQ(r.nsplit, 1);
	CALL(check_piece(&r.split, 17, 20, 3, 305));   /* the right half */

	/* A one-page hole in the first area, areas after it shift up. */
	m = three();
	cut(m, P(3), P(4), &r);
	CALL(check_rec_order(&r));
	n = m->n;
	CALL(check_area(m, 0, 2, 3, 1, 100));
	CALL(check_area(m, 1, 4, 6, 1, 102));
	CALL(check_area(m, 2, 8, 10, 2, 200));
	CALL(check_area(m, 3, 12, 20, 3, 300));
	CHECK_EQ(n, 4);
	CHECK_EQ(r.ngone, 1);
	CALL(check_piece(&r.gone[0], 3, 4, 1, 101));
	CHECK_EQ(r.nsplit, 1);
	CALL(check_piece(&r.split, 4, 6, 1, 102));
}

/* A split with VMA_MAX - 1 areas fills the map exactly (ASan watches the
 * shift past the last area). */
TEST(cut_hole_to_full)
{
	struct vma_map *m = new_map();
	struct rec r;

	for (int k = 0; k < VMA_MAX - 1; k++) {
		struct vma a = area(4 * (uint64_t)k, 4 * (uint64_t)k + 3, k + 1, 0);
		vma_insert(m, &a);
	}
	int needs_first = vma_cut_needs(m, P(1), P(2));
	cut(m, P(1), P(2), &r);              /* in the first: all shift */
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 0, 0, 1, 1, 0));
	CALL(check_area(m, 1, 2, 3, 1, 2));
	CALL(check_area(m, VMA_MAX - 1, 4 * (VMA_MAX - 2), 4 * (VMA_MAX - 2) + 3,
			VMA_MAX - 1, 0));
	CHECK_EQ(needs_first, 1);
	CHECK_EQ(n, VMA_MAX);
	CHECK_EQ(r.nsplit, 1);

	m = new_map();
	for (int k = 0; k < VMA_MAX - 1; k++) {
		struct vma a = area(4 * (uint64_t)k, 4 * (uint64_t)k + 3, k + 1, 0);
		vma_insert(m, &a);
	}
	uint64_t last = 4 * (VMA_MAX - 2);
	cut(m, P(last + 1), P(last + 2), &r); /* in the last: nothing shifts */
	CALL(check_rec_order(&r));
	n = m->n;
	CALL(check_area(m, VMA_MAX - 2, last, last + 1, VMA_MAX - 1, 0));
	CALL(check_area(m, VMA_MAX - 1, last + 2, last + 3, VMA_MAX - 1, 2));
	CHECK_EQ(n, VMA_MAX);
	CHECK_EQ(r.nsplit, 1);
}

TEST(cut_span)
{
	struct vma_map *m = three();
	struct rec r;

	/* From inside [2,6) to inside [12,20): right part, whole, left part. */
	int needs = vma_cut_needs(m, P(4), P(14));
	cut(m, P(4), P(14), &r);
	CALL(check_rec_order(&r));
	CALL(check_sane(m));
	int n = m->n;
	CALL(check_area(m, 0, 2, 4, 1, 100));
	CALL(check_area(m, 1, 14, 20, 3, 302));
	CHECK_EQ(needs, 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(r.nsplit, 0);
	CHECK_EQ(r.ngone, 3);
	CALL(check_piece(&r.gone[0], 4, 6, 1, 102));
	CALL(check_piece(&r.gone[1], 8, 10, 2, 200));
	CALL(check_piece(&r.gone[2], 12, 14, 3, 300));

	/* Everything, from below the first to above the last. */
	m = three();
	cut(m, P(0), P(40), &r);
	CALL(check_rec_order(&r));
	n = m->n;
	CHECK_EQ(n, 0);
	CHECK_EQ(r.nsplit, 0);
	CHECK_EQ(r.ngone, 3);
	CALL(check_piece(&r.gone[0], 2, 6, 1, 100));
	CALL(check_piece(&r.gone[1], 8, 10, 2, 200));
	CALL(check_piece(&r.gone[2], 12, 20, 3, 300));

	/* Exactly two touching areas. */
	m = new_map();
	struct vma a = area(0, 3, 1, 50), b = area(3, 5, 2, 60), c = area(5, 9, 3, 70);
	vma_insert(m, &a);
	vma_insert(m, &b);
	vma_insert(m, &c);
	cut(m, P(3), P(9), &r);
	n = m->n;
	CALL(check_area(m, 0, 0, 3, 1, 50));
	CHECK_EQ(n, 1);
	CHECK_EQ(r.ngone, 2);
	CALL(check_piece(&r.gone[0], 3, 5, 2, 60));
	CALL(check_piece(&r.gone[1], 5, 9, 3, 70));
}

TEST(cut_nothing)
{
	static struct vma_map copy;
	static const uint64_t ranges[][2] = {
		{ 0, 2 }, { 6, 8 }, { 10, 12 }, { 20, 40 }, { 7, 8 }, { 0, 1 },
	};
	struct rec r;

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		struct vma_map *m = three();
		memcpy(&copy, m, sizeof(copy));
		int needs = vma_cut_needs(m, P(ranges[i][0]), P(ranges[i][1]));
		cut(m, P(ranges[i][0]), P(ranges[i][1]), &r);
		int same = memcmp(&copy, m, sizeof(copy)) == 0;
		if (!same || r.ngone || r.nsplit || needs) {
			FAILF("cut [%llu, %llu): same %d gone %d split %d needs %d",
			      (unsigned long long)ranges[i][0], (unsigned long long)ranges[i][1],
			      same, r.ngone, r.nsplit, needs);
			return;
		}
	}
}

/* An empty range, even inside an area, overlaps, needs and cuts nothing. */
TEST(empty_ranges)
{
	static struct vma_map copy;
	struct rec r;
	struct vma_map *m = three();
	memcpy(&copy, m, sizeof(copy));
	CHECK_EQ(vma_overlaps(m, P(14), P(14)), 0);
	CHECK_EQ(vma_overlaps(m, P(14), P(13)), 0);
	CHECK_EQ(vma_cut_needs(m, P(14), P(14)), 0);
	cut(m, P(14), P(14), &r);
	CHECK_EQ(r.ngone, 0);
	CHECK_EQ(r.nsplit, 0);
	CHECK(memcmp(&copy, m, sizeof(copy)) == 0);
}

/* Unaligned bounds: only whole pages inside [lo, hi) are used. */
TEST(find_gap_unaligned_bounds)
{
	struct vma_map *m = new_map();
	CHECK_EQ(vma_find_gap(m, 0x1000, 0x1800, 0x2900), 0);
	CHECK_EQ(vma_find_gap(m, 0x1000, 0x1800, 0x3900), 0x2000);
	struct vma a = area(0x400, 0x404, 1, 0);
	vma_insert(m, &a);
	CHECK_EQ(vma_find_gap(m, 0x1000, 0x404800, 0x405900), 0);
	CHECK_EQ(vma_find_gap(m, 0x1000, 0x404800, 0x406000), 0x405000);
}

/* Without a split callback, a hole still splits. */
static void count_gone(const struct vma *piece, void *arg)
{
	(void)piece;
	++*(int *)arg;
}

TEST(cut_no_split_callback)
{
	struct vma_map *m = three();
	int ngone = 0;

	vma_cut(m, P(3), P(5), count_gone, 0, &ngone);
	int n = m->n;
	CALL(check_area(m, 0, 2, 3, 1, 100));
	CALL(check_area(m, 1, 5, 6, 1, 103));
	CHECK_EQ(n, 4);
	CHECK_EQ(ngone, 1);
}

TEST(cut_needs)
{
	struct vma_map *m = three();
	int r[16], k = 0;

	r[k++] = vma_cut_needs(m, P(13), P(19)) == 1;   /* strict interior */
	r[k++] = vma_cut_needs(m, P(3), P(4)) == 1;
	r[k++] = vma_cut_needs(m, P(12), P(19)) == 0;   /* at the start */
	r[k++] = vma_cut_needs(m, P(13), P(20)) == 0;   /* at the end */
	r[k++] = vma_cut_needs(m, P(12), P(20)) == 0;   /* all of it */
	r[k++] = vma_cut_needs(m, P(11), P(21)) == 0;   /* around it */
	r[k++] = vma_cut_needs(m, P(5), P(9)) == 0;     /* across a gap */
	r[k++] = vma_cut_needs(m, P(3), P(13)) == 0;    /* both ends inside areas */
	r[k++] = vma_cut_needs(m, P(6), P(8)) == 0;     /* a gap */
	r[k++] = vma_cut_needs(m, P(30), P(40)) == 0;   /* above all */
	for (int i = 0; i < k; i++)
		if (!r[i]) {
			FAILF("cut_needs check %d wrong", i);
			return;
		}
}

TEST(find_gap)
{
	struct vma_map *m = new_map();
	uint64_t g[32];
	int k = 0;

	/* Empty: the top of [lo, hi). */
	g[k++] = vma_find_gap(m, PG, P(0), P(16));             /* P(15) */
	g[k++] = vma_find_gap(m, 16 * PG, P(0), P(16));        /* P(0) */
	g[k++] = vma_find_gap(m, 17 * PG, P(0), P(16));        /* 0 */
	g[k++] = vma_find_gap(m, 0, P(0), P(16));              /* 0 */
	g[k++] = vma_find_gap(m, PG + 1, P(0), P(16));         /* P(14) */
	g[k++] = vma_find_gap(m, PG, P(16), P(0));             /* 0: hi < lo */
	g[k++] = vma_find_gap(m, PG, P(5), P(5));              /* 0 */

	/* Areas [4,6) [10,12) [20,30): gaps [..,4) [6,10) [12,20) [30,..). */
	struct vma a = area(10, 12, 1, 0), b = area(4, 6, 2, 0), c = area(20, 30, 3, 0);
	vma_insert(m, &a);
	vma_insert(m, &b);
	vma_insert(m, &c);
	g[k++] = vma_find_gap(m, 4 * PG, P(0), P(16));         /* P(12) */
	g[k++] = vma_find_gap(m, 5 * PG, P(0), P(16));         /* 0 */
	g[k++] = vma_find_gap(m, 2 * PG, P(0), P(14));         /* P(12) */
	g[k++] = vma_find_gap(m, 3 * PG, P(0), P(14));         /* P(7) */
	g[k++] = vma_find_gap(m, 3 * PG - 5, P(0), P(14));     /* P(7) */
	g[k++] = vma_find_gap(m, 8 * PG, P(0), P(25));         /* P(12): [20,30) straddles hi */
	g[k++] = vma_find_gap(m, 9 * PG, P(0), P(25));         /* 0 */
	g[k++] = vma_find_gap(m, 2 * PG, P(0), P(18));         /* P(16): [20,30) above hi */
	g[k++] = vma_find_gap(m, 4 * PG, P(5), P(10));         /* P(6): [4,6) straddles lo */
	g[k++] = vma_find_gap(m, 5 * PG, P(5), P(10));         /* 0 */
	g[k++] = vma_find_gap(m, 3 * PG, P(7), P(10));         /* P(7): exactly [lo, hi) */
	g[k++] = vma_find_gap(m, 4 * PG, P(7), P(11));         /* 0: [10,12) in the way */
	g[k++] = vma_find_gap(m, 4 * PG, P(7), P(40));         /* P(36): above all */
	g[k++] = vma_find_gap(m, 11 * PG, P(7), P(40));        /* 0 */
	g[k++] = vma_find_gap(m, PG, P(20), P(30));            /* 0: all covered */
	g[k++] = vma_find_gap(m, PG, P(21), P(29));            /* 0: inside an area */
	g[k++] = vma_find_gap(m, 3 * PG, P(1), P(40) + 100);   /* P(37) */
	g[k++] = vma_find_gap(m, 4 * PG, P(0), P(4));          /* P(0): below all */
	g[k++] = vma_find_gap(m, 8 * PG, P(12), P(20));        /* P(12): exactly a gap */

	static const uint64_t want[] = {
		P(15), P(0), 0, 0, P(14), 0, 0,
		P(12), 0, P(12), P(7), P(7), P(12), 0, P(16), P(6), 0, P(7), 0,
		P(36), 0, 0, 0, P(37), P(0), P(12),
	};
	CHECK_EQ(k, (int)(sizeof(want) / sizeof(want[0])));
	for (int i = 0; i < k; i++)
		if (g[i] != want[i]) {
			FAILF("find_gap check %d: got 0x%llx want 0x%llx", i,
			      (unsigned long long)g[i], (unsigned long long)want[i]);
			return;
		}
}

/*
 * The model: NP pages from BASE.  tag[p] is the tag of the area covering
 * page p (0: free), seg[p] the segment page it maps, and first[p] says an
 * area starts at p (so two touching areas stay two).
 */
enum { NP = 256 };
struct model {
	int64_t tag[NP];
	uint64_t seg[NP];
	bool first[NP];
};

static bool owned(const struct model *md, int64_t p)
{
	return p >= 0 && p < NP && md->tag[p] != 0;
}

/* The highest page-aligned s in [lo, hi - len] with [s, s + len) free. */
static uint64_t ref_gap(const struct model *md, uint64_t len, uint64_t lo, uint64_t hi)
{
	if (len == 0 || hi < lo || hi - lo < len)
		return 0;
	for (uint64_t s = (hi - len) & ~(PG - 1); s >= lo; s -= PG) {
		bool ok = true;
		for (uint64_t a = s; a < s + len && ok; a += PG)
			ok = !owned(md, ((int64_t)a - (int64_t)BASE) / (int64_t)PG);
		if (ok)
			return s;
	}
	return 0;
}

/* The map agrees with the model, area by area and page by page. */
static void check_model(struct vma_map *m, const struct model *md)
{
	CALL(check_sane(m));
	int areas = 0;
	uint64_t pages = 0;
	for (int p = 0; p < NP; p++) {
		areas += md->tag[p] && md->first[p];
		pages += md->tag[p] != 0;
	}
	CHECK_EQ(m->n, areas);
	uint64_t mapped = 0;
	for (int i = 0; i < m->n; i++)
		mapped += (m->v[i].end - m->v[i].start) / PG;
	CHECK_EQ(mapped, pages);
	CHECK(m->n == 0 || (m->v[0].start >= P(0) && m->v[m->n - 1].end <= P(NP)));

	int idx = -1;
	for (int p = 0; p < NP; p++) {
		struct vma *a = vma_find(m, P(p));
		struct vma *b = vma_find(m, P(p + 1) - 1);
		if (a != b) {
			FAILF("page %d: find at its start and end differ", p);
			return;
		}
		if (!md->tag[p]) {
			if (a) {
				FAILF("page %d is free but found in area %d", p, (int)(a - m->v));
				return;
			}
			continue;
		}
		if (md->first[p])
			idx++;
		if (!a || a - m->v != idx) {
			FAILF("page %d: found area %d, want %d", p, a ? (int)(a - m->v) : -1, idx);
			return;
		}
		if (a->region != md->tag[p] || a->prot != tag_prot(a->region) ||
		    a->kind != tag_kind(a->region) || a->seg != tag_seg(a->region) ||
		    a->seg_page + (P(p) - a->start) / PG != md->seg[p]) {
			FAILF("page %d: area %d [0x%llx, 0x%llx) tag %lld seg_page %llu, "
			      "want tag %lld seg page %llu", p, idx,
			      (unsigned long long)a->start, (unsigned long long)a->end,
			      (long long)a->region, (unsigned long long)a->seg_page,
			      (long long)md->tag[p], (unsigned long long)md->seg[p]);
			return;
		}
	}
	CHECK(vma_find(m, P(0) - 1) == 0);
	CHECK(vma_find(m, P(NP)) == 0);
}

static int64_t next_tag;
static int n_full, n_skipped, n_split, n_multi;

static void random_insert(struct vma_map *m, struct model *md, unsigned len)
{
	static struct vma_map copy;
	unsigned p0 = rnd() % (NP - len + 1), p1 = p0 + len;
	bool busy = false;

	for (unsigned p = p0; p < p1; p++)
		busy |= md->tag[p] != 0;
	int ov = vma_overlaps(m, P(p0), P(p1));
	if (ov != busy) {
		FAILF("overlaps [%u, %u) = %d, want %d", p0, p1, ov, busy);
		return;
	}
	if (busy)
		return;

	int64_t tag = ++next_tag;
	uint64_t seg0 = rnd() % 1000;
	struct vma a = area(p0, p1, tag, seg0);
	bool full = m->n == VMA_MAX;
	memcpy(&copy, m, sizeof(copy));
	int rc = vma_insert(m, &a);
	if (full) {
		n_full++;
		CHECK_EQ(rc, -1);
		CHECK(memcmp(&copy, m, sizeof(copy)) == 0);
		return;
	}
	CHECK_EQ(rc, 0);
	for (unsigned p = p0; p < p1; p++) {
		md->tag[p] = tag;
		md->seg[p] = seg0 + (p - p0);
		md->first[p] = p == p0;
	}
}

static void random_cut(struct vma_map *m, struct model *md, unsigned maxlen)
{
	static struct rec r;
	unsigned len = 1 + rnd() % maxlen;
	unsigned p0 = rnd() % (NP - len + 1), p1 = p0 + len;

	/* One time in four, aim strictly inside the area around a random
	 * page (when it has room), so that splits happen on a full map too. */
	unsigned at = rnd() % NP;
	if (rnd() % 4 == 0 && md->tag[at]) {
		unsigned a = at, b = at + 1;
		while (!md->first[a])
			a--;
		while (b < NP && md->tag[b] && !md->first[b])
			b++;
		if (b - a >= 3) {
			p0 = a + 1 + rnd() % (b - a - 2);
			p1 = p0 + 1 + rnd() % (b - 1 - p0);
		}
	}

	/* A strict interior cut: the pages on both sides and in between are
	 * one area (no area starts in (p0, p1]). */
	bool interior = p0 > 0 && p1 < NP && md->tag[p0 - 1] && md->tag[p1];
	for (unsigned p = p0; p <= p1 && interior; p++)
		interior = md->tag[p] && !md->first[p];
	int needs = vma_cut_needs(m, P(p0), P(p1));
	if (needs != interior) {
		FAILF("cut_needs [%u, %u) = %d, want %d", p0, p1, needs, interior);
		return;
	}
	if (m->n + needs > VMA_MAX) {
		n_skipped++;
		return;
	}

	/* What should go: the owned pages of [p0, p1), in this many areas. */
	uint64_t removed = 0;
	int touched = 0;
	for (unsigned p = p0; p < p1; p++) {
		removed += md->tag[p] != 0;
		touched += md->tag[p] && (p == p0 || md->first[p]);
	}

	cut(m, P(p0), P(p1), &r);
	CALL(check_rec_order(&r));
	CHECK_EQ(r.ngone, touched);
	CHECK_EQ(r.nsplit, needs);
	n_split += needs;
	n_multi += touched > 1;

	/* Each piece: inside the cut, and exactly the model's pages. */
	bool seen[NP] = { false };
	uint64_t sum = 0;
	for (int i = 0; i < r.ngone; i++) {
		const struct vma *g = &r.gone[i];
		if (g->start >= g->end || g->start % PG || g->end % PG ||
		    g->start < P(p0) || g->end > P(p1)) {
			FAILF("cut [%u, %u): piece %d is [0x%llx, 0x%llx)", p0, p1, i,
			      (unsigned long long)g->start, (unsigned long long)g->end);
			return;
		}
		CHECK(g->prot == tag_prot(g->region) && g->kind == tag_kind(g->region) &&
		      g->seg == tag_seg(g->region));
		for (uint64_t a = g->start; a < g->end; a += PG) {
			unsigned p = (unsigned)((a - BASE) / PG);
			uint64_t sp = g->seg_page + (a - g->start) / PG;
			if (seen[p] || md->tag[p] != g->region || md->seg[p] != sp) {
				FAILF("cut [%u, %u): piece %d page %u: tag %lld seg %llu, "
				      "model tag %lld seg %llu%s", p0, p1, i, p,
				      (long long)g->region, (unsigned long long)sp,
				      (long long)md->tag[p], (unsigned long long)md->seg[p],
				      seen[p] ? " (twice)" : "");
				return;
			}
			seen[p] = true;
		}
		sum += (g->end - g->start) / PG;
	}
	CHECK_EQ(sum, removed);

	if (needs) {
		/* The split saw the right half, [p1, end of the area). */
		unsigned e = p1;
		while (e < NP && md->tag[e] && (e == p1 || !md->first[e]))
			e++;
		CHECK_EQ(r.split.start, P(p1));
		CHECK_EQ(r.split.end, P(e));
		CHECK_EQ(r.split.region, md->tag[p1]);
		CHECK_EQ(r.split.seg_page, md->seg[p1]);
	}

	for (unsigned p = p0; p < p1; p++) {
		md->tag[p] = 0;
		md->first[p] = false;
	}
	if (p1 < NP && md->tag[p1])
		md->first[p1] = true;
}

static void random_queries(struct vma_map *m, const struct model *md)
{
	for (int q = 0; q < 4; q++) {
		int64_t lo = (int64_t)(rnd() % (NP + 16)) - 8;
		int64_t hi = lo + (int64_t)(rnd() % 80);
		uint64_t len;
		switch (rnd() % 4) {
		case 0:  len = 0; break;
		case 1:  len = 1 + rnd() % (8 * PG); break;   /* unaligned */
		default: len = (1 + rnd() % 24) * PG; break;
		}
		if (rnd() % 8 == 0)
			len = (uint64_t)(hi - lo) * PG;        /* exactly the window */
		uint64_t got = vma_find_gap(m, len, P(lo), P(hi));
		uint64_t want = ref_gap(md, len, P(lo), P(hi));
		if (got != want) {
			FAILF("find_gap(len 0x%llx, P(%lld), P(%lld)) = 0x%llx, want 0x%llx",
			      (unsigned long long)len, (long long)lo, (long long)hi,
			      (unsigned long long)got, (unsigned long long)want);
			return;
		}

		/* Overlaps of an arbitrary byte range. */
		uint64_t s = P(0) - 4 * PG + rnd() % ((NP + 8) * PG);
		uint64_t e = s + 1 + rnd() % (12 * PG);
		bool want_ov = false;
		for (int64_t p = ((int64_t)s - (int64_t)BASE) / (int64_t)PG - 1;
		     P(p) < e; p++)
			want_ov |= owned(md, p) && P(p + 1) > s;
		int ov = vma_overlaps(m, s, e);
		if (ov != want_ov) {
			FAILF("overlaps [0x%llx, 0x%llx) = %d, want %d",
			      (unsigned long long)s, (unsigned long long)e, ov, want_ov);
			return;
		}
	}
}

TEST(random_against_model)
{
	static struct model md;
	/*
	 * Phases: dense (small areas, to run into VMA_MAX), mixed, sparse.
	 * Inserts are 1..ins_len pages, or one time in big 1..8*ins_len (the
	 * last phase: mostly one-page areas, which fill the map, and a few
	 * larger ones, in which a cut can need a slot the map does not have).
	 */
	static const struct { unsigned ins_pct, ins_len, big, cut_len; } phase[] = {
		{ 90, 2, 0, 3 }, { 60, 2, 0, 6 }, { 70, 12, 0, 8 }, { 50, 30, 0, 40 },
		{ 80, 1, 0, 2 }, { 40, 8, 0, 120 }, { 95, 3, 0, 1 }, { 85, 1, 4, 1 },
	};
	enum { NPHASE = sizeof(phase) / sizeof(phase[0]) };

	for (int round = 0; round < 80; round++) {
		struct vma_map *m = new_map();
		memset(&md, 0, sizeof(md));
		int ph = round % NPHASE;
		for (int step = 0; step < 600; step++) {
			unsigned len = phase[ph].ins_len;
			if (phase[ph].big && rnd() % phase[ph].big == 0)
				len *= 8;
			if (rnd() % 100 < phase[ph].ins_pct)
				CALL(random_insert(m, &md, 1 + rnd() % len));
			else
				CALL(random_cut(m, &md, phase[ph].cut_len));
			CALL(check_model(m, &md));
			CALL(random_queries(m, &md));
		}
	}
	/* The run did reach the interesting paths. */
	CHECK(n_full > 0);
	CHECK(n_skipped > 0);
	CHECK(n_split > 0);
	CHECK(n_multi > 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(empty_map);
	RUN(find_edges);
	RUN(insert_keeps_order);
	RUN(insert_full);
	RUN(overlaps_edges);
	RUN(cut_whole);
	RUN(cut_left_part);
	RUN(cut_right_part);
	RUN(cut_hole);
	RUN(cut_hole_to_full);
	RUN(cut_span);
	RUN(cut_nothing);
	RUN(cut_no_split_callback);
	RUN(empty_ranges);
	RUN(find_gap_unaligned_bounds);
	RUN(cut_needs);
	RUN(find_gap);
	RUN(random_against_model);
	free(cur_map);
	return t_end();
}
