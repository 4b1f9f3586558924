/*
 * A byte log that keeps the newest `size` bytes: the kernel log behind
 * /dev/kmsg (dev/kmsg.c).  Pure, so the host tests can run it.
 *
 * Bytes are numbered from 0 since the log began; byte i sits at
 * buf[i % size].  A reader names the byte it wants by that number, so a
 * reader that keeps its place sees each byte once even while the log
 * wraps; one that fell behind skips to the oldest byte still kept.
 */
#ifndef LIB_LOGBUF_H
#define LIB_LOGBUF_H
#include <stddef.h>
#include <stdint.h>

struct logbuf {
	char    *buf;
	size_t   size;             /* bytes kept (> 0) */
	uint64_t total;            /* bytes ever put in */
};

void     logbuf_put(struct logbuf *lb, const char *s, size_t n);
/* The number of the oldest byte still kept. */
uint64_t logbuf_oldest(const struct logbuf *lb);
/* pos moved up to the oldest byte when it has been overwritten. */
uint64_t logbuf_clamp(const struct logbuf *lb, uint64_t pos);
/* The bytes from pos (>= the oldest) that lie in one piece: *p and how
 * many (0 at the end of the log). */
size_t   logbuf_span(const struct logbuf *lb, uint64_t pos, const char **p);
/* Copies up to n bytes from *pos (clamped first) into dst, moves *pos
 * past them and returns how many. */
size_t   logbuf_read(const struct logbuf *lb, uint64_t *pos, char *dst, size_t n);

#endif
