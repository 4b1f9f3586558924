/*
 * The kernel heap.  Small objects (up to 2 KiB) come from slab pages of one
 * size class each (16, 32, ... 2048 bytes); a page whose last object is
 * freed goes straight back to the frame allocator, so after every process
 * has exited the free-page count returns to its baseline.  Larger objects
 * get their own run of contiguous frames.  Every block starts with a header
 * in its first page, so kfree finds the kind from the page address.
 */
#include <stdint.h>
#include "mm/kheap.h"
#include "mm/pmm.h"
#include "lib/string.h"
#include "lib/panic.h"

#define SLAB_MAGIC  0x51ab51ab
#define LARGE_MAGIC 0x1a46e000
#define NCLASSES    8                 /* 16 << 0 ... 16 << 7 = 2048 */
#define HDR         64                /* room for the header, keeps 64-byte alignment */

struct slab {
	uint32_t magic;
	uint32_t cls;
	uint32_t inuse;
	uint32_t pad;
	void    *free;                    /* singly linked free objects */
	struct slab *next, *prev;         /* pages of this class with free room */
};

struct large {
	uint32_t magic;
	uint32_t npages;
	uint64_t size;
};

static struct slab *partial[NCLASSES];
static size_t bytes_in_use;

static void list_remove(struct slab *s)
{
	if (s->prev) s->prev->next = s->next; else partial[s->cls] = s->next;
	if (s->next) s->next->prev = s->prev;
	s->next = s->prev = 0;
}

static void list_push(struct slab *s)
{
	s->prev = 0;
	s->next = partial[s->cls];
	if (s->next) s->next->prev = s;
	partial[s->cls] = s;
}

static struct slab *slab_new(uint32_t cls)
{
	uint64_t pa = pmm_alloc();
	if (!pa)
		return 0;
	struct slab *s = P2V(pa);
	size_t osz = (size_t)16 << cls;
	s->magic = SLAB_MAGIC;
	s->cls = cls;
	for (size_t off = HDR; off + osz <= PAGE_SIZE; off += osz) {
		void **o = (void **)((char *)s + off);
		*o = s->free;
		s->free = o;
	}
	list_push(s);
	return s;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		size = 1;
	if (size > 2048) {
		size_t n = (size + sizeof(struct large) + PAGE_SIZE - 1) / PAGE_SIZE;
		uint64_t pa = pmm_alloc_pages(n);
		if (!pa)
			return 0;
		struct large *l = P2V(pa);
		l->magic = LARGE_MAGIC;
		l->npages = n;
		l->size = size;
		bytes_in_use += size;
		return (char *)l + HDR;
	}
	uint32_t cls = 0;
	while (((size_t)16 << cls) < size)
		cls++;
	struct slab *s = partial[cls];
	if (!s && !(s = slab_new(cls)))
		return 0;
	void **o = s->free;
	s->free = *o;
	s->inuse++;
	if (!s->free)
		list_remove(s);
	bytes_in_use += (size_t)16 << cls;
	memset(o, 0, (size_t)16 << cls);
	return o;
}

void kfree(void *p)
{
	if (!p)
		return;
	uint32_t *magic = (uint32_t *)((uint64_t)p & ~(uint64_t)(PAGE_SIZE - 1));
	if (*magic == LARGE_MAGIC && (char *)p == (char *)magic + HDR) {
		struct large *l = (struct large *)magic;
		bytes_in_use -= l->size;
		l->magic = 0;
		pmm_free_pages(V2P(l), l->npages);
		return;
	}
	if (*magic != SLAB_MAGIC)
		panic("kfree: %p is not a heap object", p);
	struct slab *s = (struct slab *)magic;
	int was_full = s->free == 0;
	void **o = p;
	*o = s->free;
	s->free = o;
	s->inuse--;
	bytes_in_use -= (size_t)16 << s->cls;
	if (s->inuse == 0) {
		if (!was_full)
			list_remove(s);
		s->magic = 0;
		pmm_free(V2P(s));
	} else if (was_full) {
		list_push(s);
	}
}

size_t kheap_bytes_in_use(void) { return bytes_in_use; }
