/* A byte ring buffer (see ring.h). */
#include "lib/ring.h"
#include "lib/string.h"

void ring_init(struct ring *rg, char *buf, size_t size)
{
	rg->buf = buf;
	rg->size = size;
	rg->r = rg->w = 0;
}

size_t ring_used(const struct ring *rg) { return (size_t)(rg->w - rg->r); }
size_t ring_free(const struct ring *rg) { return rg->size - ring_used(rg); }

size_t ring_wspan(const struct ring *rg, char **at)
{
	size_t pos = (size_t)(rg->w & (rg->size - 1));
	size_t to_end = rg->size - pos;
	size_t room = ring_free(rg);
	*at = rg->buf + pos;
	return room < to_end ? room : to_end;
}

void ring_wrote(struct ring *rg, size_t n) { rg->w += n; }

size_t ring_rspan(const struct ring *rg, char **at)
{
	size_t pos = (size_t)(rg->r & (rg->size - 1));
	size_t to_end = rg->size - pos;
	size_t have = ring_used(rg);
	*at = rg->buf + pos;
	return have < to_end ? have : to_end;
}

void ring_consumed(struct ring *rg, size_t n) { rg->r += n; }

size_t ring_put(struct ring *rg, const void *src, size_t n)
{
	size_t done = 0;
	char *at;
	size_t span;

	while (done < n && (span = ring_wspan(rg, &at)) > 0) {
		if (span > n - done)
			span = n - done;
		memcpy(at, (const char *)src + done, span);
		ring_wrote(rg, span);
		done += span;
	}
	return done;
}

size_t ring_get(struct ring *rg, void *dst, size_t n)
{
	size_t done = 0;
	char *at;
	size_t span;

	while (done < n && (span = ring_rspan(rg, &at)) > 0) {
		if (span > n - done)
			span = n - done;
		memcpy((char *)dst + done, at, span);
		ring_consumed(rg, span);
		done += span;
	}
	return done;
}

char ring_peek(const struct ring *rg, size_t i)
{
	return rg->buf[(rg->r + i) & (rg->size - 1)];
}

int ring_unput(struct ring *rg)
{
	if (rg->w == rg->r)
		return 0;
	rg->w--;
	return 1;
}
