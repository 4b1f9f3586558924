/*
 * A byte ring buffer: the bookkeeping only, no locking and no copying
 * policy, so pipes and the console can each copy in and out the way they
 * need (from user memory, which may fault part way) and the arithmetic is
 * unit-tested on the host.
 *
 * r and w run free (they are never reduced modulo the size): w - r is the
 * number of bytes held, and the size must be a power of two so that the
 * wrap of the 64-bit counters never matters.
 *
 * A copy works in spans: ring_wspan() gives the longest contiguous free
 * stretch at the write end, the caller fills some of it and commits what
 * it really wrote with ring_wrote(); reads go the same way.
 */
#ifndef LIB_RING_H
#define LIB_RING_H
#include <stddef.h>
#include <stdint.h>

struct ring {
	char    *buf;
	size_t   size;            /* a power of two */
	uint64_t r, w;            /* free-running read and write counts */
};

void   ring_init(struct ring *rg, char *buf, size_t size);
size_t ring_used(const struct ring *rg);
size_t ring_free(const struct ring *rg);
/* Contiguous bytes at the write end (*at points there); 0 when full. */
size_t ring_wspan(const struct ring *rg, char **at);
void   ring_wrote(struct ring *rg, size_t n);        /* n <= the span */
/* Contiguous bytes at the read end; 0 when empty. */
size_t ring_rspan(const struct ring *rg, char **at);
void   ring_consumed(struct ring *rg, size_t n);     /* n <= the span */
/* Whole-buffer helpers for kernel memory: bytes moved. */
size_t ring_put(struct ring *rg, const void *src, size_t n);
size_t ring_get(struct ring *rg, void *dst, size_t n);
/* The byte i places from the read end (i < ring_used). */
char   ring_peek(const struct ring *rg, size_t i);
/* Drops the newest byte (the line editor's backspace): 1, or 0 if empty. */
int    ring_unput(struct ring *rg);
#endif
