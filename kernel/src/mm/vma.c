/* The map of a process's areas: see vma.h.  Pure code. */
#include "mm/vma.h"
#include "lib/string.h"

#define VMA_PAGE 4096ull

/* Index of the first area whose end is above va (n if none). */
static int first_above(const struct vma_map *m, uint64_t va)
{
	int lo = 0, hi = m->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (m->v[mid].end <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct vma *vma_find(struct vma_map *m, uint64_t va)
{
	int i = first_above(m, va);
	return i < m->n && m->v[i].start <= va ? &m->v[i] : 0;
}

int vma_overlaps(const struct vma_map *m, uint64_t start, uint64_t end)
{
	if (start >= end)
		return 0;               /* an empty range overlaps nothing */
	int i = first_above(m, start);
	return i < m->n && m->v[i].start < end;
}

int vma_insert(struct vma_map *m, const struct vma *a)
{
	if (m->n == VMA_MAX)
		return -1;
	int i = first_above(m, a->start);
	memmove(&m->v[i + 1], &m->v[i], (size_t)(m->n - i) * sizeof(m->v[0]));
	m->v[i] = *a;
	m->n++;
	return 0;
}

int vma_cut_needs(const struct vma_map *m, uint64_t start, uint64_t end)
{
	if (start >= end)
		return 0;
	int i = first_above(m, start);
	return i < m->n && m->v[i].start < start && m->v[i].end > end;
}

void vma_cut(struct vma_map *m, uint64_t start, uint64_t end,
	     void (*gone)(const struct vma *piece, void *arg),
	     void (*split)(const struct vma *half, void *arg), void *arg)
{
	if (start >= end)
		return;
	int i = first_above(m, start);
	while (i < m->n && m->v[i].start < end) {
		struct vma *a = &m->v[i];
		struct vma piece = *a;
		if (piece.start < start) {
			piece.seg_page += (start - piece.start) / VMA_PAGE;
			piece.start = start;
		}
		if (piece.end > end)
			piece.end = end;
		gone(&piece, arg);

		if (a->start < start && a->end > end) {
			/* A hole in the middle: the right half becomes its own area. */
			struct vma right = *a;
			right.seg_page += (end - a->start) / VMA_PAGE;
			right.start = end;
			a->end = start;
			memmove(&m->v[i + 2], &m->v[i + 1], (size_t)(m->n - i - 1) * sizeof(m->v[0]));
			m->v[i + 1] = right;
			m->n++;
			if (split)
				split(&m->v[i + 1], arg);
			return;
		}
		if (a->start < start) {                 /* keep the left part */
			a->end = start;
			i++;
		} else if (a->end > end) {              /* keep the right part */
			a->seg_page += (end - a->start) / VMA_PAGE;
			a->start = end;
			i++;
		} else {                                /* all of it goes */
			memmove(&m->v[i], &m->v[i + 1], (size_t)(m->n - i - 1) * sizeof(m->v[0]));
			m->n--;
		}
	}
}

uint64_t vma_find_gap(const struct vma_map *m, uint64_t len, uint64_t lo, uint64_t hi)
{
	/* Only whole pages: lo up, hi down, len up. */
	lo = (lo + VMA_PAGE - 1) & ~(VMA_PAGE - 1);
	hi &= ~(VMA_PAGE - 1);
	len = (len + VMA_PAGE - 1) & ~(VMA_PAGE - 1);
	if (len == 0 || hi < lo || hi - lo < len)
		return 0;
	/* Walk the gaps from the top down: [end of area i-1, start of area i). */
	uint64_t top = hi;
	for (int i = m->n; i >= 0; i--) {
		uint64_t gap_lo = i > 0 ? m->v[i - 1].end : lo;
		uint64_t gap_hi = i < m->n ? m->v[i].start : hi;
		if (gap_hi > top)
			gap_hi = top;
		if (gap_lo < lo)
			gap_lo = lo;
		if (gap_hi > gap_lo && gap_hi - gap_lo >= len)
			return (gap_hi - len) & ~(VMA_PAGE - 1);
		if (i > 0 && m->v[i - 1].end <= lo)
			break;
	}
	return 0;
}
