/* The kernel log's ring of bytes (see logbuf.h). */
#include "lib/logbuf.h"

void logbuf_put(struct logbuf *lb, const char *s, size_t n)
{
	/* Only the last `size` bytes of a long write can survive it. */
	if (n > lb->size) {
		lb->total += n - lb->size;
		s += n - lb->size;
		n = lb->size;
	}
	for (size_t i = 0; i < n; i++)
		lb->buf[(lb->total + i) % lb->size] = s[i];
	lb->total += n;
}

uint64_t logbuf_oldest(const struct logbuf *lb)
{
	return lb->total > lb->size ? lb->total - lb->size : 0;
}

uint64_t logbuf_clamp(const struct logbuf *lb, uint64_t pos)
{
	uint64_t old = logbuf_oldest(lb);
	return pos < old ? old : pos;
}

size_t logbuf_span(const struct logbuf *lb, uint64_t pos, const char **p)
{
	if (pos < logbuf_oldest(lb) || pos >= lb->total)
		return 0;
	size_t at = (size_t)(pos % lb->size);
	uint64_t left = lb->total - pos;
	size_t n = lb->size - at;               /* up to the end of buf */
	*p = lb->buf + at;
	return left < n ? (size_t)left : n;
}

size_t logbuf_read(const struct logbuf *lb, uint64_t *pos, char *dst, size_t n)
{
	size_t done = 0;
	*pos = logbuf_clamp(lb, *pos);
	while (done < n) {
		const char *p;
		size_t k = logbuf_span(lb, *pos, &p);
		if (k == 0)
			break;
		if (k > n - done)
			k = n - done;
		for (size_t i = 0; i < k; i++)
			dst[done + i] = p[i];
		done += k;
		*pos += k;
	}
	return done;
}
