/*
 * malloc over sbrk.
 *
 * Every block starts with a 16-byte header holding its size (header
 * included, a multiple of 16, so payloads stay 16-byte aligned).  Free
 * blocks are kept on one list sorted by address: free() then finds both
 * neighbours in a single walk and merges with them (coalescing), so the
 * heap does not crumble into unusable pieces.  malloc() takes the first
 * block that fits and splits off the rest.  The heap grows through sbrk in
 * chunks of at least 64 KiB; a large free block at the very top is given
 * back to the kernel.
 *
 * An allocated block carries a magic word where a free one has its list
 * link: free() of a pointer without it (a double free, or a pointer malloc
 * never returned) stops the program instead of corrupting the heap.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGN     16
#define CHUNK     (64 * 1024)     /* least we ask sbrk for */
#define TRIM      (128 * 1024)    /* free top block this big goes back */
#define MAGIC     0xa110c8ed5afe0000ul  /* non-canonical: never a link */

struct hdr {
	size_t size;
	union {
		struct hdr *next;     /* free: next free block, higher address */
		unsigned long magic;  /* in use: MAGIC */
	};
};

#define HDR       sizeof(struct hdr)
#define MINBLOCK  (2 * HDR)       /* a header and 16 bytes of payload */

static struct hdr *freelist;      /* lowest free block */

static void corrupt(const char *what)
{
	static const char pre[] = "malloc: heap corruption: ";

	write(2, pre, sizeof(pre) - 1);
	write(2, what, strlen(what));
	write(2, "\n", 1);
	abort();
}

/* Puts b on the free list at its address, merging with the neighbours.
 * Returns the block b ended up in. */
static struct hdr *insert_free(struct hdr *b)
{
	struct hdr *prev = NULL, *next = freelist;

	while (next && next < b) {
		prev = next;
		next = next->next;
	}
	/* Overlap with a neighbour means b was never ours, or is free. */
	if ((prev && (char *)prev + prev->size > (char *)b) ||
	    (next && (char *)b + b->size > (char *)next))
		corrupt("free of a block that overlaps a free block");

	b->next = next;
	if (next && (char *)b + b->size == (char *)next) {
		b->size += next->size;
		b->next = next->next;
	}
	if (prev) {
		prev->next = b;
		if ((char *)prev + prev->size == (char *)b) {
			prev->size += b->size;
			prev->next = b->next;
			b = prev;
		}
	} else {
		freelist = b;
	}
	return b;
}

static void unlink_free(struct hdr *b)
{
	struct hdr **pp = &freelist;

	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
}

/* Gets at least need more bytes of heap onto the free list. */
static int grow(size_t need)
{
	size_t amount = need + ALIGN;   /* room to fix the alignment */
	char *p;
	uintptr_t mis;

	if (amount < CHUNK)
		amount = CHUNK;
	amount = (amount + 4095) & ~(size_t)4095;
	p = sbrk((intptr_t)amount);
	if (p == (void *)-1) {
		/* The big chunk may be over a limit: try the bare minimum. */
		amount = need + ALIGN;
		p = sbrk((intptr_t)amount);
		if (p == (void *)-1)
			return -1;
	}
	/* Someone else's sbrk may have left the break unaligned. */
	mis = (uintptr_t)p & (ALIGN - 1);
	if (mis) {
		p += ALIGN - mis;
		amount -= ALIGN - mis;
	}
	struct hdr *b = (struct hdr *)p;
	b->size = amount & ~(size_t)(ALIGN - 1);
	insert_free(b);
	return 0;
}

/* Cuts b down to size bytes and frees the tail, if the tail is worth it. */
static void shrink_block(struct hdr *b, size_t size)
{
	if (b->size - size >= MINBLOCK) {
		struct hdr *tail = (struct hdr *)((char *)b + size);
		tail->size = b->size - size;
		b->size = size;
		insert_free(tail);
	}
}

static size_t block_size(size_t n)
{
	if (n > SIZE_MAX / 2)          /* no heap is this big; avoid overflow */
		return 0;
	n = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return n < MINBLOCK ? MINBLOCK : n;
}

void *malloc(size_t n)
{
	size_t need = block_size(n);

	if (need == 0) {
		errno = ENOMEM;
		return NULL;
	}
	for (;;) {
		struct hdr **pp = &freelist, *b;

		for (b = freelist; b; pp = &b->next, b = b->next) {
			if (b->size < need)
				continue;
			if (b->size - need >= MINBLOCK) {
				/* Split: the tail stays on the list in b's place. */
				struct hdr *tail = (struct hdr *)((char *)b + need);
				tail->size = b->size - need;
				tail->next = b->next;
				*pp = tail;
				b->size = need;
			} else {
				*pp = b->next;
			}
			b->magic = MAGIC;
			return b + 1;
		}
		if (grow(need) < 0) {
			errno = ENOMEM;
			return NULL;
		}
	}
}

static struct hdr *header_of(void *p, const char *who)
{
	struct hdr *b = (struct hdr *)p - 1;

	if (((uintptr_t)p & (ALIGN - 1)) || b->magic != MAGIC)
		corrupt(who);
	return b;
}

void free(void *p)
{
	struct hdr *b;

	if (p == NULL)
		return;
	b = insert_free(header_of(p, "free of a bad pointer (double free?)"));

	/* A big free block at the top of the heap goes back to the kernel. */
	if (b->size >= TRIM && (char *)b + b->size == (char *)sbrk(0)) {
		unlink_free(b);
		if (sbrk(-(intptr_t)b->size) == (void *)-1)
			insert_free(b);       /* kernel said no: keep it */
	}
}

void *calloc(size_t n, size_t size)
{
	size_t total;
	void *p;

	if (__builtin_mul_overflow(n, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *realloc(void *p, size_t n)
{
	struct hdr *b, *next;
	size_t need;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	b = header_of(p, "realloc of a bad pointer");
	need = block_size(n);
	if (need == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (b->size >= need) {
		shrink_block(b, need);
		return p;
	}
	/* Grow in place when the block right after us is free and enough. */
	next = (struct hdr *)((char *)b + b->size);
	for (struct hdr *f = freelist; f && f <= next; f = f->next) {
		if (f == next && b->size + next->size >= need) {
			unlink_free(next);
			b->size += next->size;
			shrink_block(b, need);
			return p;
		}
	}
	q = malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, b->size - HDR);
	free(p);
	return q;
}
