/* Memory: fork copies, brk, malloc. */
#include "ut.h"

int fmc_global = 1;

void test_fork_memory_copy(void)
{
	char stack_buf[256];
	char *heap = malloc(8192);
	pid_t pid;
	int st;

	CHECK(heap != NULL, "malloc(8192) failed");
	memset(stack_buf, 'S', sizeof(stack_buf));
	memset(heap, 'H', 8192);
	fmc_global = 1;

	pid = ut_fork();
	if (pid == 0) {
		/* We start with the parent's values ... */
		CHECK(fmc_global == 1, "child sees global %d, want 1", fmc_global);
		CHECK(stack_buf[0] == 'S' && stack_buf[255] == 'S', "child's stack copy wrong");
		CHECK(heap[0] == 'H' && heap[8191] == 'H', "child's heap copy wrong");
		/* ... and let the parent change its own meanwhile: we must not
		 * see that either. */
		for (int i = 0; i < 20; i++)
			sys_yield();
		CHECK(fmc_global == 1, "child sees the parent's later global %d",
		      fmc_global);
		CHECK(heap[4096] == 'H', "child sees the parent's later heap write");
		fmc_global = 2;
		memset(stack_buf, 'c', sizeof(stack_buf));
		memset(heap, 'c', 8192);
		exit(0);
	}
	fmc_global = 3;
	heap[4096] = 'p';
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(fmc_global, 3, "parent's global after the child wrote it");
	CHECK(stack_buf[0] == 'S' && stack_buf[255] == 'S', "child's write reached our stack");
	CHECK(heap[0] == 'H' && heap[4096] == 'p' && heap[8191] == 'H',
	      "child's write reached our heap");
	free(heap);
}

void test_brk_basic(void)
{
	const long grow = 64 * 1024;
	long b0 = sys_brk(0), pages0, pages1, pages2;
	char *p;

	CHECK(b0 > 0, "brk(0) = %ld", b0);
	EXPECT_EQ(sys_brk(0), b0, "brk(0) twice");
	EXPECT_EQ((long)sbrk(0), b0, "sbrk(0) vs brk(0)");

	pages0 = sys_kinfo(KINFO_FREE_PAGES);
	p = sbrk(grow);
	EXPECT_EQ((long)p, b0, "sbrk(64K) returns the old break");
	EXPECT_EQ(sys_brk(0), b0 + grow, "break after sbrk(64K)");
	for (long i = 0; i < grow; i++)     /* new memory is zero and usable */
		CHECK(p[i] == 0, "new heap byte %ld is %d, not 0", i, p[i]);
	for (long i = 0; i < grow; i++)
		p[i] = (char)(i * 7);
	for (long i = 0; i < grow; i++)
		CHECK(p[i] == (char)(i * 7), "heap byte %ld lost its value", i);
	pages1 = sys_kinfo(KINFO_FREE_PAGES);
	if (pages0 >= 0)
		CHECK(pages1 <= pages0 - grow / 4096,
		      "64 KiB of touched heap cost %ld pages, want >= %ld",
		      pages0 - pages1, grow / 4096);

	/* Shrink back: the pages go back to the kernel (a page-table page
	 * may stay behind; the test's leak check catches anything more). */
	EXPECT_EQ((long)sbrk(-grow), b0 + grow, "sbrk(-64K) returns the old break");
	EXPECT_EQ(sys_brk(0), b0, "break after shrinking");
	pages2 = sys_kinfo(KINFO_FREE_PAGES);
	if (pages0 >= 0)
		CHECK(pages2 >= pages0 - 1, "shrinking gave back %ld of %ld pages",
		      pages2 - pages1, pages0 - pages1);

	/* Growing again gives fresh zeroed memory, not the old bytes. */
	p = sbrk(4096);
	EXPECT_EQ((long)p, b0, "sbrk(4096) after shrinking");
	for (long i = 0; i < 4096; i++)
		CHECK(p[i] == 0, "re-grown heap byte %ld is %d, not 0", i, p[i]);
	EXPECT_EQ((long)sbrk(-4096), b0 + 4096, "sbrk(-4096)");

	/* Refusals leave the break where it was. */
	EXPECT_EQ(sys_brk(ut_addr(KTEXT_ADDR)), b0, "brk(kernel address)");
	EXPECT_EQ(sys_brk(ut_addr(0x800000000000ul)), b0, "brk(non-canonical)");
	EXPECT_EQ(sys_brk(ut_addr(0x1000)), b0, "brk(below the program)");
	EXPECT_EQ(sys_brk(ut_addr(1ul << 46)), b0, "brk(64 TiB)");
	errno = 0;
	CHECK(sbrk((intptr_t)1 << 46) == (void *)-1 && errno == ENOMEM,
	      "sbrk(64 TiB) did not fail with ENOMEM");
	EXPECT_EQ(sys_brk(0), b0, "break after the refusals");
}

static unsigned long rng = 12345;
static unsigned long rnd(void)
{
	rng = rng * 6364136223846793005ul + 1442695040888963407ul;
	return rng >> 33;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 13);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 13))
			return 0;
	return 1;
}

enum { NB = 300 };
static unsigned char *blk[NB];
static size_t sz[NB];

/* One round: allocate NB blocks of varied sizes, check them, free half,
 * refill, check again.  Returns the break with everything allocated. */
static long malloc_round(int round)
{
	long top;

	rng = 12345;     /* the same sizes each round */
	for (int i = 0; i < NB; i++) {
		sz[i] = (i % 50 == 49) ? 100000 + rnd() % 50000 : 1 + rnd() % 3000;
		blk[i] = malloc(sz[i]);
		CHECK(blk[i] != NULL, "round %d: malloc(%zu) #%d failed", round, sz[i], i);
		CHECK(((uintptr_t)blk[i] & 15) == 0, "malloc returned %p, not 16-aligned",
		      (void *)blk[i]);
		fill(blk[i], sz[i], (unsigned)i);
	}
	for (int i = 0; i < NB; i++)
		CHECK(intact(blk[i], sz[i], (unsigned)i), "round %d: block %d (%zu bytes) "
		      "overwritten: blocks overlap", round, i, sz[i]);
	for (int i = 1; i < NB; i += 2) {
		free(blk[i]);
		blk[i] = NULL;
	}
	for (int i = 1; i < NB; i += 2) {
		blk[i] = malloc(sz[i]);
		CHECK(blk[i] != NULL, "round %d: re-malloc(%zu) failed", round, sz[i]);
		fill(blk[i], sz[i], (unsigned)i + 1000);
	}
	for (int i = 0; i < NB; i++)
		CHECK(intact(blk[i], sz[i], (unsigned)i + (i % 2 ? 1000 : 0)),
		      "round %d: block %d overwritten after reuse", round, i);
	top = (long)sbrk(0);
	for (int i = 0; i < NB; i++)
		free(blk[i]);
	return top;
}

void test_malloc_basic(void)
{
	long top1, top2, before;
	unsigned char *p, *q, *small[64];

	/* The same workload twice: the second must fit in what the first
	 * freed, so the heap may not grow. */
	top1 = malloc_round(1);
	top2 = malloc_round(2);
	CHECK(top2 <= top1, "heap grew from %#lx to %#lx repeating the same "
	      "allocations: freed memory is not reused", top1, top2);

	/* Coalescing: 64 neighbouring 1000-byte blocks, freed, must serve
	 * one 60000-byte request from the same place. */
	for (int i = 0; i < 64; i++) {
		small[i] = malloc(1000);
		CHECK(small[i] != NULL, "malloc(1000) failed");
	}
	q = malloc(16);       /* keeps the run from sitting at the very top */
	for (int i = 0; i < 64; i++)
		free(small[i]);
	before = (long)sbrk(0);
	p = malloc(60000);
	CHECK(p != NULL, "malloc(60000) failed");
	CHECK(p >= small[0] && p < small[63] + 1000,
	      "malloc(60000) = %p, outside the freed run %p..%p: free blocks "
	      "were not merged", (void *)p, (void *)small[0], (void *)small[63]);
	EXPECT_EQ((long)sbrk(0), before, "break after malloc(60000) from the free run");
	free(p);
	free(q);

	/* realloc keeps the contents, growing and shrinking. */
	p = malloc(100);
	CHECK(p != NULL, "malloc(100) failed");
	fill(p, 100, 7);
	p = realloc(p, 50000);
	CHECK(p != NULL && intact(p, 100, 7), "realloc(100 -> 50000) lost data");
	fill(p, 50000, 9);
	p = realloc(p, 10);
	CHECK(p != NULL && intact(p, 10, 9), "realloc(50000 -> 10) lost data");
	free(p);

	/* calloc zeroes even reused memory (it was just filled above). */
	p = calloc(1000, 50);
	CHECK(p != NULL, "calloc(1000, 50) failed");
	for (int i = 0; i < 50000; i++)
		CHECK(p[i] == 0, "calloc byte %d is %d", i, p[i]);
	free(p);

	/* Edges: NULL, zero sizes and impossible sizes fail politely. */
	free(NULL);
	p = malloc(0);
	CHECK(p != NULL, "malloc(0) returned NULL");
	free(p);
	errno = 0;
	CHECK(malloc((size_t)1 << 62) == NULL && errno == ENOMEM,
	      "malloc(2^62) did not fail with ENOMEM");
	CHECK(calloc((size_t)1 << 40, (size_t)1 << 40) == NULL,
	      "calloc with an overflowing size succeeded");
	p = malloc(32);
	CHECK(p != NULL, "malloc(32) after the failures");
	free(p);
}

/*
 * Running out of memory: grow the heap until the kernel says no, then ask
 * for more in other ways (fork, exec) while nothing is left.  Each must fail
 * cleanly with the heap intact, and once this process is reaped the
 * free-page count must be back at its baseline (the harness checks).
 */
void test_oom_brk(void)
{
	const long step = 1 << 20;
	long total = 0;
	char *p;

	while ((p = sbrk(step)) != (void *)-1) {
		p[0] = 1;                 /* the pages are really there */
		p[step - 1] = 2;
		total += step;
	}
	CHECK(total >= (16 << 20), "the heap stopped at %ld bytes", total);
	/* Whatever is left is less than one step; take it page by page. */
	while (sbrk(4096) != (void *)-1)
		total += 4096;

	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		/* Possible if the last pages were enough: then it must work. */
		EXPECT_EQ(ut_wait(pid), 0, "status of a child forked at the limit");
	} else {
		CHECK(errno == ENOMEM || errno == EAGAIN, "fork at the limit: errno %d", errno);
	}
	char *argv[] = { "usertests", "--exec-helper", "0", 0 };
	long r = sys_execve("/bin/usertests", argv, 0);
	CHECK(r == -ENOMEM || r == 0, "execve at the limit gave %ld", r);

	/* The heap is intact after all that. */
	char *top = sbrk(0);
	CHECK(top[-1] == 0 || top[-1] == 2, "heap top unreadable");
	CHECK(sbrk(-total) != (void *)-1, "shrinking the heap back");
}
