/* kernel/src/lib/logbuf.c: the kernel log's ring (behind /dev/kmsg). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "lib/logbuf.h"

/* A log of n bytes in an exactly-sized heap buffer (ASan sees overruns). */
static struct logbuf mk(size_t n)
{
	return (struct logbuf){ .buf = malloc(n), .size = n };
}

TEST(empty)
{
	struct logbuf lb = mk(8);
	const char *p;
	char out[8];
	uint64_t pos = 0;
	CHECK_EQ(logbuf_oldest(&lb), 0);
	CHECK_EQ(logbuf_span(&lb, 0, &p), 0);
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 0);
	CHECK_EQ(pos, 0);
	free(lb.buf);
}

TEST(fill_and_read)
{
	struct logbuf lb = mk(8);
	char out[16];
	uint64_t pos = 0;
	logbuf_put(&lb, "hello", 5);
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 5);
	CHECK(memcmp(out, "hello", 5) == 0);
	CHECK_EQ(pos, 5);
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 0);     /* the end */
	/* Small reads keep their place. */
	pos = 0;
	CHECK_EQ(logbuf_read(&lb, &pos, out, 2), 2);
	CHECK_EQ(logbuf_read(&lb, &pos, out + 2, 2), 2);
	CHECK_EQ(logbuf_read(&lb, &pos, out + 4, 2), 1);
	CHECK(memcmp(out, "hello", 5) == 0);
	free(lb.buf);
}

TEST(wrap)
{
	struct logbuf lb = mk(8);
	char out[16];
	const char *p;
	uint64_t pos = 0;
	logbuf_put(&lb, "0123456", 7);
	logbuf_put(&lb, "789ab", 5);            /* 12 bytes: 4-b kept */
	CHECK_EQ(lb.total, 12);
	CHECK_EQ(logbuf_oldest(&lb), 4);
	CHECK_EQ(logbuf_clamp(&lb, 0), 4);
	CHECK_EQ(logbuf_clamp(&lb, 9), 9);
	CHECK_EQ(logbuf_span(&lb, 3, &p), 0);   /* overwritten */
	CHECK_EQ(logbuf_span(&lb, 4, &p), 4);   /* 4567 up to the end of buf */
	CHECK(memcmp(p, "4567", 4) == 0);
	CHECK_EQ(logbuf_span(&lb, 8, &p), 4);   /* 89ab from the start */
	CHECK(memcmp(p, "89ab", 4) == 0);
	/* A reader at 0 skips to the oldest byte and gets both pieces. */
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 8);
	CHECK(memcmp(out, "456789ab", 8) == 0);
	CHECK_EQ(pos, 12);
	/* A reader that kept its place sees only what is new. */
	logbuf_put(&lb, "cd", 2);
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 2);
	CHECK(memcmp(out, "cd", 2) == 0);
	free(lb.buf);
}

TEST(long_write)
{
	struct logbuf lb = mk(4);
	char out[8];
	uint64_t pos = 0;
	logbuf_put(&lb, "abcdefghij", 10);      /* only the last 4 survive */
	CHECK_EQ(lb.total, 10);
	CHECK_EQ(logbuf_read(&lb, &pos, out, sizeof(out)), 4);
	CHECK(memcmp(out, "ghij", 4) == 0);
	free(lb.buf);
}

TEST(one_byte_at_a_time)
{
	/* Byte by byte, as kprintf writes, against a reference model. */
	struct logbuf lb = mk(13);
	char ref[1000], out[32];
	uint64_t pos = 0;
	for (int i = 0; i < 1000; i++) {
		char c = (char)('a' + i % 26);
		ref[i] = c;
		logbuf_put(&lb, &c, 1);
		if (i % 7 == 0) {
			uint64_t want = logbuf_clamp(&lb, pos);
			size_t n = logbuf_read(&lb, &pos, out, 5);
			CHECK(memcmp(out, ref + want, n) == 0);
			CHECK_EQ(pos, want + n);
		}
	}
	free(lb.buf);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(empty);
	RUN(fill_and_read);
	RUN(wrap);
	RUN(long_write);
	RUN(one_byte_at_a_time);
	return t_end();
}
