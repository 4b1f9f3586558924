/*
 * Regions (mem_alloc, mem_free, mem_read, mem_write), memstats, memory
 * limits and system_memstats, and running out of memory.
 */
#include <sys/mman.h>
#include "ut.h"

#define PG MT_PAGE
#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)

extern char mt_bss[66 * 4096];
static const char mt_ro[16] = "constant";

/* mem_alloc returning its address, or failing the test. */
static long region(size_t size, int prot, char **addr)
{
	void *v = NULL;
	long r = mem_alloc(size, prot, &v);

	CHECK(r > 0, "mem_alloc(%zu, %d): %s", size, prot, strerror(errno));
	CHECK(v != NULL && ((uintptr_t)v & (PG - 1)) == 0 && (uintptr_t)v >= MT_USER_BASE &&
	      (uintptr_t)v + mt_page_up(size) <= MT_SIGTRAMP,
	      "mem_alloc(%zu) placed the region at %p", size, v);
	*addr = v;
	return r;
}

/* usertests --mem-helper MODE [N]: run after an exec by the tests below. */
int mem_helper(int argc, char **argv)
{
	struct mem_stats st;
	char c;

	if (argc < 3 || sys_memstats(&st) < 0)
		return 2;
	if (strcmp(argv[2], "limit") == 0 && argc == 4)
		return st.limit == strtoull(argv[3], NULL, 10) ? 0 : 3;
	if (strcmp(argv[2], "regions") == 0) {
		/* Regions and attachments do not survive exec; the IDs start
		 * again from 1. */
		if (st.region_count != 0 || st.shm_count != 0)
			return 4;
		if (sys_mem_read(1, 0, &c, 1) != -EINVAL)
			return 5;
		if (sys_mem_alloc(PG, PROT_READ_WRITE, NULL) != 1 ||
		    sys_mem_alloc(PG, PROT_READ_WRITE, NULL) != 2)
			return 6;
		return 0;
	}
	return 2;
}

static int run_helper(const char *mode, const char *arg)
{
	char *argv[] = { "usertests", "--mem-helper", (char *)mode, (char *)arg, NULL };

	return (int)sys_execve("/bin/usertests", argv, NULL);
}

/* Each Protection: READ (loads, no stores, mem_write EPERM), READ_WRITE
 * (both), READ_EXEC (loads, no stores, mem_write EPERM); none else. */
void test_region_prot(void)
{
	static const int bad[] = { 0, PROT_WRITE, PROT_EXEC, PROT_WRITE | PROT_EXEC,
				   PROT_READ | PROT_WRITE | PROT_EXEC, 8, 0x11, -1 };
	char buf[100], *ro, *rw, *rx;
	long r_ro, r_rw, r_rx;
	struct mem_stats s;

	r_ro = region(100, PROT_READ, &ro);
	CHECK(ro[0] == 0 && ro[99] == 0 && ro[PG - 1] == 0, "a READ region is not zero");
	memset(buf, 1, sizeof(buf));
	EXPECT_EQ(sys_mem_read(r_ro, 0, buf, 100), 100, "mem_read of a READ region");
	for (int i = 0; i < 100; i++)
		CHECK(buf[i] == 0, "mem_read of a READ region: byte %d is %d", i, buf[i]);
	EXPECT_EQ(sys_mem_write(r_ro, 0, "x", 1), -EPERM, "mem_write to a READ region");
	errno = 0;
	CHECK(mem_write(r_ro, 0, "x", 1) == -1 && errno == EPERM, "libc mem_write: errno %d", errno);
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)ro, "storing into a READ region");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)ro, "running a READ region");
	EXPECT_EQ(sys_memstats((struct mem_stats *)ro), -EFAULT, "memstats into a READ region");

	r_rw = region(PG, PROT_READ_WRITE, &rw);
	rw[0] = 'a';
	rw[PG - 1] = 'z';
	EXPECT_EQ(sys_mem_read(r_rw, 0, buf, 1), 1, "mem_read of a READ_WRITE region");
	EXPECT_EQ(buf[0], 'a', "mem_read sees a plain store");
	EXPECT_EQ(sys_mem_read(r_rw, PG - 1, buf, 1), 1, "mem_read of the last byte");
	EXPECT_EQ(buf[0], 'z', "mem_read of the last byte");
	EXPECT_EQ(sys_mem_write(r_rw, 10, "hello", 5), 5, "mem_write to a READ_WRITE region");
	CHECK(memcmp(rw + 10, "hello", 5) == 0, "a plain load does not see mem_write");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)rw, "running a READ_WRITE region");

	r_rx = region(PG, PROT_READ_EXEC, &rx);
	CHECK(rx[0] == 0 && rx[PG - 1] == 0, "a READ_EXEC region is not zero");
	EXPECT_EQ(sys_mem_read(r_rx, 0, buf, 100), 100, "mem_read of a READ_EXEC region");
	EXPECT_EQ(sys_mem_write(r_rx, 0, mt_code42, sizeof(mt_code42)), -EPERM,
		  "mem_write to a READ_EXEC region");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)rx, "storing into a READ_EXEC region");
	CHECK(rx[0] == 0, "a refused write changed a READ_EXEC region");

	mt_stats(&s);
	EXPECT_EQ(s.region_count, 3, "region_count with three regions");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = sys_mem_alloc(PG, bad[i], NULL);

		if (r != -EINVAL)
			ut_fail("mem_alloc with prot %#x: got %ld, want EINVAL", bad[i], r);
	}
	mt_stats(&s);
	EXPECT_EQ(s.region_count, 3, "region_count after the refused prots");
	EXPECT_EQ(mem_free(r_ro), 0, "mem_free");
	EXPECT_EQ(mem_free(r_rw), 0, "mem_free");
	EXPECT_EQ(mem_free(r_rx), 0, "mem_free");
	mt_stats(&s);
	EXPECT_EQ(s.region_count, 0, "region_count after freeing them");
}

/* Bounds of mem_read/mem_write: the size as asked, not rounded. */
void test_region_bounds(void)
{
	static char buf[8192];
	char *p, *gone;
	long r;

	r = region(5000, PROT_READ_WRITE, &p);
	EXPECT_EQ(sys_mem_write(r, 4999, "L", 1), 1, "mem_write of the last byte asked for");
	EXPECT_EQ(p[4999], 'L', "the last byte after mem_write");
	/* A region is whole pages (ABI.md): 5000 bytes asked give 8192, for
	 * mem_read and mem_write as for plain loads and stores. */
	EXPECT_EQ(sys_mem_write(r, 8191, "E", 1), 1, "mem_write of the page's last byte");
	EXPECT_EQ(p[8191], 'E', "the page's last byte after mem_write");
	EXPECT_EQ(sys_mem_write(r, 8192, "X", 1), -EINVAL, "mem_write one past the pages");
	EXPECT_EQ(sys_mem_write(r, 8191, "XY", 2), -EINVAL, "mem_write of the last byte and one more");
	EXPECT_EQ(sys_mem_write(r, 0, buf, 8193), -EINVAL, "mem_write of 8193 bytes");
	EXPECT_EQ(sys_mem_read(r, 8192, buf, 1), -EINVAL, "mem_read one past the pages");
	EXPECT_EQ(sys_mem_read(r, 0, buf, 8193), -EINVAL, "mem_read of 8193 bytes");
	p[8191] = 'P';
	EXPECT_EQ(sys_mem_read(r, 8191, buf, 1), 1, "mem_read of a store past the size asked");
	EXPECT_EQ(buf[0], 'P', "the byte stored");
	EXPECT_EQ(sys_mem_read(r, 1ul << 63, buf, 1), -EINVAL, "mem_read at offset 2^63");
	EXPECT_EQ(sys_mem_write(r, ~0ul, buf, 1), -EINVAL, "mem_write at offset -1");
	EXPECT_EQ(sys_mem_read(r, 1, buf, ~0ul), -EINVAL, "mem_read: offset + len overflows");
	EXPECT_EQ(sys_mem_write(r, 4000, buf, ~0ul - 3000), -EINVAL, "mem_write: offset + len wraps");
	EXPECT_EQ(sys_mem_read(r, 0, buf, 0), 0, "mem_read of 0 bytes");
	EXPECT_EQ(sys_mem_write(r, 8192, buf, 0), 0, "mem_write of 0 bytes at the end");
	EXPECT_EQ(sys_mem_read(r, 8193, buf, 0), -EINVAL, "mem_read of 0 bytes past the end");
	EXPECT_EQ(sys_mem_read(r, 0, NULL, 0), 0, "mem_read of 0 bytes into NULL");

	/* Bad buffers: EFAULT. */
	gone = mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(gone != MAP_FAILED, "mmap: %s", strerror(errno));
	EXPECT_EQ(munmap(gone, PG), 0, "munmap");
	EXPECT_EQ(sys_mem_read(r, 0, NULL, 10), -EFAULT, "mem_read into NULL");
	EXPECT_EQ(sys_mem_write(r, 0, NULL, 10), -EFAULT, "mem_write from NULL");
	EXPECT_EQ(sys_mem_read(r, 0, ut_addr(0x1000), 10), -EFAULT, "mem_read into 0x1000");
	EXPECT_EQ(sys_mem_read(r, 0, gone, 10), -EFAULT, "mem_read into unmapped memory");
	EXPECT_EQ(sys_mem_write(r, 0, gone, 10), -EFAULT, "mem_write from unmapped memory");
	EXPECT_EQ(sys_mem_read(r, 0, ut_addr(MT_USER_TOP - 8), 16), -EFAULT,
		  "mem_read into a buffer crossing the end of user space");
	EXPECT_EQ(sys_mem_read(r, 0, ut_addr((uintptr_t)mt_ro), 4), -EFAULT, "mem_read into read-only data");
	EXPECT_EQ(sys_mem_write(r, 0, mt_ro, 9), 9, "mem_write from read-only data");
	EXPECT_EQ(sys_mem_read(r, 0, buf, 5000), 5000, "mem_read of everything");
	CHECK(memcmp(buf, "constant", 9) == 0 && buf[4999] == 'L', "the region's bytes after all that");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
}

/* mem_alloc's errors change nothing (not even the next ID); unknown IDs
 * are EINVAL everywhere; IDs are not reused. */
void test_region_errors(void)
{
	struct mem_stats s0, s1;
	long f0, ra, rb, rc, r;
	char *a, *b, c;
	static const uintptr_t bad_out[] = { 0x1000, 0xffffffff80000000ul, MT_USER_TOP - 4, 0 };

	mt_prefault_stack();
	ra = region(PG, PROT_READ_WRITE, &a);
	mt_stats(&s0);
	f0 = mt_free_pages();
	EXPECT_EQ(sys_mem_alloc(0, PROT_READ_WRITE, NULL), -EINVAL, "mem_alloc of 0 bytes");
	EXPECT_EQ(sys_mem_alloc(1ul << 62, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc of 2^62 bytes");
	EXPECT_EQ(sys_mem_alloc(~0ul, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc of -1 bytes");
	for (size_t i = 0; i < sizeof(bad_out) / sizeof(bad_out[0]); i++) {
		uintptr_t out = bad_out[i] ? bad_out[i] : (uintptr_t)mt_ro;

		r = sys_mem_alloc(PG, PROT_READ_WRITE, ut_addr(out));
		if (r != -EFAULT)
			ut_fail("mem_alloc with addr_out %#lx: got %ld, want EFAULT", (unsigned long)out, r);
	}
	EXPECT_EQ(sys_mem_alloc(PG, PROT_READ_WRITE, ut_addr((uintptr_t)test_region_errors)), -EFAULT,
		  "mem_alloc with addr_out in the text");
	mt_stats(&s1);
	CHECK(s1.allocated == s0.allocated && s1.region_count == s0.region_count &&
	      s1.peak == s0.peak && mt_free_pages() == f0,
	      "refused mem_allocs changed something: allocated %lu -> %lu, regions %lu -> %lu",
	      (unsigned long)s0.allocated, (unsigned long)s1.allocated,
	      (unsigned long)s0.region_count, (unsigned long)s1.region_count);
	rb = region(PG, PROT_READ_WRITE, &b);
	EXPECT_EQ(rb, ra + 1, "the ID after the refused calls");
	r = mem_alloc(PG, PROT_READ, NULL);          /* addr_out may be NULL */
	EXPECT_EQ(r, rb + 1, "mem_alloc with addr_out NULL");
	EXPECT_EQ(mem_free(r), 0, "mem_free");

	{
		static const long ids[] = { 0, -1, 1000000, (long)(~0ul >> 1), (long)(1ul << 63) };

		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			CHECK(sys_mem_free(ids[i]) == -EINVAL && sys_mem_read(ids[i], 0, &c, 1) == -EINVAL &&
			      sys_mem_write(ids[i], 0, &c, 1) == -EINVAL,
			      "region ID %ld is not EINVAL everywhere", ids[i]);
		}
	}
	EXPECT_EQ(sys_mem_free(rb + 2), -EINVAL, "mem_free of the next ID (not made yet)");
	EXPECT_EQ(sys_mem_free(r), -EINVAL, "mem_free of a freed ID");
	errno = 0;
	CHECK(mem_free(r) == -1 && errno == EINVAL, "libc mem_free: errno %d", errno);
	a[0] = 'a';
	EXPECT_EQ(mem_free(ra), 0, "mem_free");
	EXPECT_EQ(sys_mem_free(ra), -EINVAL, "mem_free twice");
	EXPECT_EQ(sys_mem_read(ra, 0, &c, 1), -EINVAL, "mem_read of a freed region");
	EXPECT_EQ(sys_mem_write(ra, 0, &c, 1), -EINVAL, "mem_write to a freed region");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)a, "reading a freed region");
	/* A region is not a shared segment. */
	EXPECT_EQ(sys_shm_sync(rb), -EINVAL, "shm_sync of a region");
	EXPECT_EQ(sys_shm_refresh(rb), -EINVAL, "shm_refresh of a region");
	EXPECT_EQ(sys_shmdt(rb), -EINVAL, "shmdt of a region");
	b[0] = 'b';
	CHECK(b[0] == 'b', "the region stopped working");
	rc = mem_alloc(PG, PROT_READ_WRITE, NULL);
	EXPECT_EQ(rc, r + 1, "IDs are not reused");
	EXPECT_EQ(mem_free(rc), 0, "mem_free");
	EXPECT_EQ(mem_free(rb), 0, "mem_free");
	mt_stats(&s1);
	EXPECT_EQ(s1.region_count, 0, "region_count at the end");
}

/* IDs count per process and are inherited by fork (with a copy of the
 * region); exec starts again from 1 with no regions. */
void test_region_ids(void)
{
	char *p1, *p2, c;
	long r1, r2, r3;
	pid_t pid;
	int st;
	struct mem_stats s;

	r1 = region(PG, PROT_READ_WRITE, &p1);
	r2 = region(PG, PROT_READ_WRITE, &p2);
	EXPECT_EQ(r2, r1 + 1, "the second region's ID");
	p1[0] = 'P';
	p2[0] = 'Q';
	pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(sys_mem_read(r1, 0, &c, 1), 1, "child: mem_read of an inherited region");
		EXPECT_EQ(c, 'P', "child: the inherited region's byte");
		EXPECT_EQ(sys_mem_write(r1, 0, "C", 1), 1, "child: mem_write to an inherited region");
		EXPECT_EQ(p1[0], 'C', "child: its own store");
		EXPECT_EQ(mem_free(r2), 0, "child: mem_free of an inherited region");
		r3 = mem_alloc(PG, PROT_READ_WRITE, NULL);
		EXPECT_EQ(r3, r2 + 1, "child: the next ID continues the parent's count");
		mt_stats(&s);
		EXPECT_EQ(s.region_count, 2, "child: region_count");
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(p1[0], 'P', "the child's mem_write reached our copy");
	EXPECT_EQ(sys_mem_read(r2, 0, &c, 1), 1, "mem_read of the region the child freed");
	EXPECT_EQ(c, 'Q', "the region the child freed");
	mt_stats(&s);
	EXPECT_EQ(s.region_count, 2, "region_count after the child");
	r3 = mem_alloc(PG, PROT_READ_WRITE, NULL);
	EXPECT_EQ(r3, r2 + 1, "our next ID (the child's was its own)");

	pid = ut_fork();
	if (pid == 0) {
		int r = run_helper("regions", NULL);

		ut_fail("execve of the helper: %d", r);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "after exec (mem-helper regions): %s", ut_status(st));
	EXPECT_EQ(mem_free(r1), 0, "mem_free");
	EXPECT_EQ(mem_free(r2), 0, "mem_free");
	EXPECT_EQ(mem_free(r3), 0, "mem_free");
}

/* memstats to the byte after known allocations, and back. */
void test_memstats_exact(void)
{
	struct mem_stats s0, s;
	char *ra, *rb, *m, *sh, *sa, *hb;
	long r1, r2, seg, rs;
	uint64_t top;
	void *v;

	mt_prefault_stack();
	hb = sbrk(0);
	CHECK(brk((void *)mt_page_up((uintptr_t)hb)) == 0, "brk to a page boundary");
	mt_stats(&s0);
	EXPECT_EQ(s0.limit, 0, "limit (none by default)");
	EXPECT_EQ(s0.region_count, 0, "region_count at the start");
	EXPECT_EQ(s0.shm_count, 0, "shm_count at the start");
	CHECK(s0.allocated > 0 && s0.allocated % PG == 0 && s0.peak >= s0.allocated,
	      "memstats at the start: allocated %lu, peak %lu", (unsigned long)s0.allocated,
	      (unsigned long)s0.peak);

	r1 = region(3 * PG, PROT_READ_WRITE, &ra);
	mt_stats(&s);
	EXPECT_EQ(s.allocated - s0.allocated, 12288, "mem_alloc of 3 pages");
	EXPECT_EQ(s.region_count, 1, "region_count");
	r2 = region(5000, PROT_READ, &rb);
	EXPECT_EQ(mt_allocated() - s0.allocated, 12288 + 8192, "mem_alloc of 5000 bytes (2 pages)");

	m = mmap(NULL, 8 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	EXPECT_EQ(mt_allocated() - s0.allocated, 20480, "private mmap of 8 pages (untouched)");
	for (int i = 0; i < 5; i++)
		m[i * PG + 7] = 1;
	EXPECT_EQ(mt_allocated() - s0.allocated, 20480 + 20480, "touching 5 pages of it");
	m[0] = 2;
	m[4 * PG] = 2;
	EXPECT_EQ(mt_allocated() - s0.allocated, 40960, "touching them again");
	(void)*(volatile char *)(m + 7 * PG);
	EXPECT_EQ(mt_allocated() - s0.allocated, 40960 + 4096, "reading a sixth page");

	seg = shmget(IPC_PRIVATE, 2 * PG, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	EXPECT_EQ(mt_allocated() - s0.allocated, 45056, "shmget alone");
	rs = shmat(seg, PROT_READ_WRITE, &v);
	sa = v;
	CHECK(rs > 0, "shmat: %s", strerror(errno));
	mt_stats(&s);
	EXPECT_EQ(s.allocated - s0.allocated, 45056 + 8192, "shmat of a 2-page segment");
	EXPECT_EQ(s.shm_count, 1, "shm_count with one attachment");
	EXPECT_EQ(s.region_count, 2, "region_count (an attachment is not a region)");
	sa[0] = 1;

	sh = mmap(NULL, 2 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	mt_stats(&s);
	EXPECT_EQ(s.allocated - s0.allocated, 53248 + 8192, "MAP_SHARED of 2 pages (counted at once)");
	EXPECT_EQ(s.shm_count, 1, "shm_count (MAP_SHARED is not a segment attachment)");

	CHECK(sbrk(3 * PG) != (void *)-1, "sbrk(3 pages)");
	mt_stats(&s);
	top = s.allocated;
	EXPECT_EQ(s.allocated - s0.allocated, 61440 + 12288, "sbrk of 3 pages");
	EXPECT_EQ(s.peak, s.allocated, "peak at the highest point");

	/* And back, step by step. */
	CHECK(sbrk(-3 * (intptr_t)PG) != (void *)-1, "sbrk(-3 pages)");
	EXPECT_EQ(mt_allocated() - s0.allocated, 61440, "after sbrk(-3 pages)");
	EXPECT_EQ(munmap(sh, 2 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated() - s0.allocated, 53248, "after unmapping the shared pages");
	EXPECT_EQ(shmdt(rs), 0, "shmdt");
	mt_stats(&s);
	EXPECT_EQ(s.allocated - s0.allocated, 45056, "after shmdt");
	EXPECT_EQ(s.shm_count, 0, "shm_count after shmdt");
	/* An IPC_PRIVATE segment goes with its last detach. */
	EXPECT_EQ(sys_shmctl(seg, IPC_RMID), -EINVAL, "shmctl of an IPC_PRIVATE segment after its last detach");
	EXPECT_EQ(munmap(m + 4 * PG, 4 * PG), 0, "munmap of the upper half");
	EXPECT_EQ(mt_allocated() - s0.allocated, 45056 - 8192, "after unmapping 2 touched of 4 pages");
	EXPECT_EQ(munmap(m, 8 * PG), 0, "munmap of the rest");
	EXPECT_EQ(mt_allocated() - s0.allocated, 20480, "after unmapping the private pages");
	EXPECT_EQ(mem_free(r2), 0, "mem_free");
	EXPECT_EQ(mem_free(r1), 0, "mem_free");
	mt_stats(&s);
	EXPECT_EQ(s.allocated, s0.allocated, "memstats at the end");
	EXPECT_EQ(s.region_count, 0, "region_count at the end");
	EXPECT_EQ(s.peak, top, "peak stays at the highest point");
	EXPECT_EQ(sys_memstats(NULL), -EFAULT, "memstats(NULL)");
	EXPECT_EQ(sys_memstats(ut_addr(MT_USER_TOP - 8)), -EFAULT, "memstats across the end of user space");
}

/* Over the limit: every kind of allocation fails with ENOMEM, and nothing
 * changes (memstats, free frames); exactly the room fits. */
void test_memlimit_refuse(void)
{
	struct mem_stats s0, s;
	long f0, seg, r;
	char *b;
	void *p;

#define SAME(what)                                                                   \
	do {                                                                         \
		mt_stats(&s);                                                        \
		CHECK(s.allocated == s0.allocated && s.peak == s0.peak &&            \
		      s.region_count == s0.region_count && s.shm_count == s0.shm_count && \
		      mt_free_pages() == f0, "%s changed memstats or the free frames", what); \
	} while (0)

	mt_prefault_stack();
	seg = shmget(IPC_PRIVATE, 17 * PG, 0600);      /* not charged to us */
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	mt_stats(&s0);
	EXPECT_EQ(set_memlimit(s0.allocated + 16 * PG), 0, "set_memlimit");
	mt_stats(&s0);
	EXPECT_EQ(s0.limit, s0.allocated + 16 * PG, "memstats' limit");
	f0 = mt_free_pages();

	EXPECT_EQ(sys_mem_alloc(17 * PG, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc over the limit");
	SAME("mem_alloc over the limit");
	EXPECT_EQ(sys_mem_alloc(16 * PG + 1, PROT_READ, NULL), -ENOMEM, "mem_alloc of 16 pages + 1 byte");
	SAME("mem_alloc of 16 pages + 1 byte");
	EXPECT_EQ(sys_mmap(NULL, 17 * PG, RW, ANON_PRIVATE, -1, 0), -ENOMEM, "private mmap over the limit");
	SAME("private mmap over the limit");
	EXPECT_EQ(sys_mmap(NULL, 17 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), -ENOMEM,
		  "shared mmap over the limit");
	SAME("shared mmap over the limit");
	EXPECT_EQ(sys_mmap(ut_addr(0x10000000), 17 * PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -ENOMEM,
		  "FIXED mmap over the limit");
	SAME("FIXED mmap over the limit");
	b = sbrk(0);
	EXPECT_EQ(sys_brk(b + 17 * PG), (long)b, "brk over the limit (the old break)");
	SAME("brk over the limit");
	EXPECT_EQ(sys_shmat(seg, PROT_READ_WRITE, &p), -ENOMEM, "shmat of 17 pages over the limit");
	SAME("shmat over the limit");

	r = mem_alloc(16 * PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc of exactly the room: %s", strerror(errno));
	EXPECT_EQ(mt_allocated(), s0.limit, "memstats at the limit");
	EXPECT_EQ(sys_mem_alloc(1, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc of 1 byte at the limit");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	p = mmap(NULL, 16 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "shared mmap of exactly the room: %s", strerror(errno));
	EXPECT_EQ(munmap(p, 16 * PG), 0, "munmap");
	CHECK(sbrk(16 * PG) == b, "sbrk of exactly the room");
	CHECK(sbrk(-16 * (intptr_t)PG) == b + 16 * PG, "sbrk back");
	EXPECT_EQ(mt_allocated(), s0.allocated, "memstats at the end");
	EXPECT_EQ(shmctl(seg, IPC_RMID), 0, "shmctl(IPC_RMID)");
#undef SAME
}

static void mt_recurse_a_bit(uintptr_t kib)
{
	volatile char buf[1024];

	buf[0] = 1;
	if (kib > 0)
		mt_recurse_a_bit(kib - 1);
	buf[1] = buf[0];
}

/* set_memlimit below the current use: EINVAL; at it: nothing more can be
 * had (a touch is SIGBUS); raising and lifting (we are uid 0). */
void test_memlimit_below(void)
{
	struct mem_stats s;
	uint64_t use;
	char *spare, *b;

	mt_prefault_stack();
	spare = mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0);      /* untouched */
	CHECK(spare != MAP_FAILED, "mmap: %s", strerror(errno));
	use = mt_allocated();
	EXPECT_EQ(sys_set_memlimit(use - PG), -EINVAL, "set_memlimit one page below use");
	EXPECT_EQ(sys_set_memlimit(1), -EINVAL, "set_memlimit(1)");
	errno = 0;
	CHECK(set_memlimit(PG) == -1 && errno == EINVAL, "libc set_memlimit(4096): errno %d", errno);
	mt_stats(&s);
	EXPECT_EQ(s.limit, 0, "the limit after the refusals");

	EXPECT_EQ(sys_set_memlimit(use), 0, "set_memlimit(exactly the use)");
	mt_stats(&s);
	EXPECT_EQ(s.limit, use, "the limit");
	EXPECT_EQ(sys_mem_alloc(1, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc at the limit");
	EXPECT_EQ(sys_mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0), -ENOMEM, "mmap at the limit");
	b = sbrk(0);
	EXPECT_EQ(sys_brk(b + PG), (long)b, "brk at the limit");
	mt_expect_signal(SIGBUS, mt_store, (uintptr_t)spare, "touching a mapped page at the limit");
	mt_expect_signal(SIGBUS, mt_recurse_a_bit, 256, "growing the stack at the limit");

	EXPECT_EQ(sys_set_memlimit(use + 10 * PG), 0, "raising the limit (uid 0)");
	mt_stats(&s);
	EXPECT_EQ(s.limit, use + 10 * PG, "the raised limit");
	spare[0] = 1;
	EXPECT_EQ(sys_set_memlimit(use), -EINVAL, "lowering below the use again");
	EXPECT_EQ(sys_set_memlimit(use + 5 * PG), 0, "lowering the limit");
	EXPECT_EQ(sys_mem_alloc(5 * PG, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc of 5 pages with 4 left");
	EXPECT_EQ(sys_set_memlimit(0), 0, "lifting the limit (uid 0)");
	mt_stats(&s);
	EXPECT_EQ(s.limit, 0, "the lifted limit");
	EXPECT_EQ(munmap(spare, PG), 0, "munmap");
}

/* A forked child inherits the limit; its own changes stay its own. */
void test_memlimit_inherit(void)
{
	struct mem_stats s;
	uint64_t use, lim;
	pid_t pid;
	int st;
	long r;

	mt_prefault_stack();
	use = mt_allocated();
	lim = use + 32 * PG;
	EXPECT_EQ(set_memlimit(lim), 0, "set_memlimit");
	pid = ut_fork();
	if (pid == 0) {
		mt_stats(&s);
		EXPECT_EQ(s.limit, lim, "child: the inherited limit");
		EXPECT_EQ(s.allocated, use, "child: allocated (a copy of the parent's)");
		EXPECT_EQ(sys_mem_alloc(33 * PG, PROT_READ_WRITE, NULL), -ENOMEM, "child: mem_alloc over the limit");
		r = mem_alloc(32 * PG, PROT_READ_WRITE, NULL);
		CHECK(r > 0, "child: mem_alloc of the room: %s", strerror(errno));
		EXPECT_EQ(mem_free(r), 0, "child: mem_free");
		EXPECT_EQ(set_memlimit(use + 8 * PG), 0, "child: lowering its limit");
		EXPECT_EQ(sys_mem_alloc(16 * PG, PROT_READ_WRITE, NULL), -ENOMEM, "child: over its lower limit");
		pid = ut_fork();
		if (pid == 0) {
			mt_stats(&s);
			EXPECT_EQ(s.limit, use + 8 * PG, "grandchild: the inherited lower limit");
			exit(0);
		}
		st = ut_wait(pid);
		CHECK(st == 0, "grandchild: %s", ut_status(st));
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	mt_stats(&s);
	EXPECT_EQ(s.limit, lim, "our limit after the child lowered its own");
	r = mem_alloc(32 * PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc of the room after the child: %s", strerror(errno));
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	EXPECT_EQ(set_memlimit(0), 0, "set_memlimit(0)");
}

/* The limit is kept across exec; an exec whose new image would pass it
 * fails with ENOMEM and the caller carries on. */
void test_memlimit_exec(void)
{
	char num[32];
	pid_t pid;
	int st;

	pid = ut_fork();
	if (pid == 0) {
		uint64_t lim = mt_allocated() + (2ul << 20);

		EXPECT_EQ(set_memlimit(lim), 0, "set_memlimit");
		snprintf(num, sizeof(num), "%lu", (unsigned long)lim);
		ut_fail("execve of the helper: %d", run_helper("limit", num));
	}
	st = ut_wait(pid);
	CHECK(st == 0, "after exec (mem-helper limit): %s", ut_status(st));

	pid = ut_fork();
	if (pid == 0) {
		/* Make this process smaller than a fresh image: drop most of
		 * the big bss array, then allow only what is left. */
		uintptr_t lo = mt_page_up((uintptr_t)mt_bss);
		uintptr_t hi = ((uintptr_t)mt_bss + sizeof(mt_bss)) & ~(PG - 1);
		uint64_t use, before = mt_allocated();
		struct mem_stats s;
		long r;

		EXPECT_EQ(sys_munmap((void *)lo, hi - lo), 0, "munmap of the bss array");
		use = mt_allocated();
		EXPECT_EQ(before - use, hi - lo, "memstats drop for the bss array");
		EXPECT_EQ(set_memlimit(use), 0, "set_memlimit");
		r = run_helper("limit", "0");
		EXPECT_EQ(r, -ENOMEM, "execve of an image bigger than the limit");
		mt_stats(&s);
		EXPECT_EQ(s.limit, use, "the limit after the failed exec");
		EXPECT_EQ(s.allocated, use, "memstats after the failed exec");
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child with a small limit: %s", ut_status(st));
}

/* system_memstats: the total is the sum of every process's memstats; the
 * segment figures count System V segments only. */
void test_sysmem_sum(void)
{
	struct shared {
		volatile int ready, done;
		volatile uint64_t alloc;
	} *sh;
	struct system_mem_stats s0, s1, s2;
	uint64_t a0, a1;
	long seg, rs, total;
	void *v;
	pid_t pid;
	int st;

	sh = mmap(NULL, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	mt_prefault_stack();
	EXPECT_EQ(system_memstats(&s0), 0, "system_memstats");
	a0 = mt_allocated();
	total = sys_kinfo(KINFO_TOTAL_PAGES);
	if (total > 0)
		EXPECT_EQ(s0.system_limit, (uint64_t)total * PG, "system_limit (usable RAM)");
	CHECK(s0.total_allocated >= a0, "system total %lu is below our own %lu",
	      (unsigned long)s0.total_allocated, (unsigned long)a0);

	pid = ut_fork();
	if (pid == 0) {
		long r = mem_alloc(10 * PG, PROT_READ_WRITE, NULL);

		CHECK(r > 0, "child: mem_alloc: %s", strerror(errno));
		sh->alloc = mt_allocated();
		sh->ready = 1;
		mt_wait_flag(&sh->done, 1, 10);
		_exit(0);
	}
	CHECK(mt_wait_flag(&sh->ready, 1, 10), "the child never reported its memstats");
	EXPECT_EQ(system_memstats(&s1), 0, "system_memstats");
	a1 = mt_allocated();
	sh->done = 1;
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(a1, a0, "our own memstats while the child ran");
	EXPECT_EQ(sh->alloc, a0 + 10 * PG, "the child's memstats");
	EXPECT_EQ(s1.total_allocated - s0.total_allocated, sh->alloc,
		  "system total with the child minus without = the child's memstats");
	EXPECT_EQ(system_memstats(&s2), 0, "system_memstats");
	EXPECT_EQ(s2.total_allocated, s0.total_allocated, "system total after the child is gone");

	seg = shmget(IPC_PRIVATE, 3 * PG - 100, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	EXPECT_EQ(system_memstats(&s1), 0, "system_memstats");
	EXPECT_EQ(s1.shm_count, s0.shm_count + 1, "shm_count with one more segment");
	EXPECT_EQ(s1.shm_total_size, s0.shm_total_size + 3 * PG, "shm_total_size (rounded to pages)");
	EXPECT_EQ(s1.total_allocated, s0.total_allocated, "a segment nobody attached is in no process's total");
	rs = shmat(seg, PROT_READ, &v);
	CHECK(rs > 0, "shmat: %s", strerror(errno));
	EXPECT_EQ(system_memstats(&s1), 0, "system_memstats");
	EXPECT_EQ(s1.total_allocated, s0.total_allocated + 3 * PG, "system total with the segment attached");
	v = mmap(NULL, 2 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(v != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	EXPECT_EQ(system_memstats(&s2), 0, "system_memstats");
	EXPECT_EQ(s2.shm_count, s1.shm_count, "shm_count with a MAP_SHARED mapping");
	EXPECT_EQ(s2.shm_total_size, s1.shm_total_size, "shm_total_size with a MAP_SHARED mapping");
	EXPECT_EQ(s2.total_allocated, s1.total_allocated + 2 * PG, "system total with a MAP_SHARED mapping");
	EXPECT_EQ(munmap(v, 2 * PG), 0, "munmap");
	EXPECT_EQ(shmdt(rs), 0, "shmdt");
	EXPECT_EQ(system_memstats(&s1), 0, "system_memstats");
	EXPECT_EQ(s1.shm_count, s0.shm_count, "shm_count after the IPC_PRIVATE segment's last detach");
	EXPECT_EQ(s1.shm_total_size, s0.shm_total_size, "shm_total_size at the end");

	EXPECT_EQ(sys_system_memstats(NULL), -EFAULT, "system_memstats(NULL)");
	EXPECT_EQ(sys_system_memstats(ut_addr(0xffff800000000000ul)), -EFAULT, "system_memstats(kernel)");
	EXPECT_EQ(sys_system_memstats(ut_addr((uintptr_t)mt_ro)), -EFAULT, "system_memstats(read-only)");
	EXPECT_EQ(munmap(sh, PG), 0, "munmap");
}

/* What the eaters share: the start signal and what each one got. */
struct oom_board {
	volatile int go;
	volatile uint64_t got[3];
};

/* One way of eating memory until the kernel says no. */
static void __attribute__((noreturn)) oom_eat(int how, struct oom_board *b)
{
	const size_t chunk = 4ul << 20;

	for (;;) {
		if (how == 0) {                         /* mmap + touch */
			char *p = mmap(NULL, chunk, RW, ANON_PRIVATE, -1, 0);

			if (p == MAP_FAILED)
				_exit(errno == ENOMEM ? 0 : 10);
			for (size_t i = 0; i < chunk; i += PG) {
				p[i] = 1;
				b->got[how] += PG;
			}
		} else if (how == 1) {                  /* regions */
			long r = sys_mem_alloc(chunk, PROT_READ_WRITE, NULL);

			if (r < 0)
				_exit(r == -ENOMEM ? 0 : 11);
			b->got[how] += chunk;
		} else {                                /* the heap */
			if (sbrk((intptr_t)chunk) == (void *)-1)
				_exit(errno == ENOMEM ? 0 : 12);
			b->got[how] += chunk;
		}
	}
}

/* Several processes run the machine out of memory at once: each ends with
 * ENOMEM (and exits) or SIGBUS; the kernel lives and, once they are gone,
 * every frame is back (the harness checks the count after the test). */
void test_oom_many(void)
{
	struct oom_board *b;
	pid_t kids[3];
	long f0, r;
	uint64_t got = 0;
	int st;

	b = mmap(NULL, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(b != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	mt_prefault_stack();
	f0 = mt_free_pages();
	for (int k = 0; k < 3; k++) {
		kids[k] = ut_fork();
		if (kids[k] == 0) {
			mt_wait_flag(&b->go, 1, 10);
			oom_eat(k, b);
		}
	}
	b->go = 1;
	for (int k = 0; k < 3; k++) {
		st = ut_wait(kids[k]);
		CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS),
		      "eater %d ended with %s, want exit 0 (ENOMEM) or SIGBUS", k, ut_status(st));
		got += b->got[k];
	}
	/* Together they held most of the free memory at some point (each
	 * stops at the first refusal, so not all of it). */
	CHECK(got >= (uint64_t)f0 * PG / 2, "the eaters got only %lu KiB of %ld KiB free",
	      (unsigned long)(got >> 10), f0 * 4);
	CHECK(mt_free_pages() >= f0 - 16, "free frames %ld -> %ld after the eaters are gone",
	      f0, mt_free_pages());
	r = mem_alloc(16ul << 20, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc(16 MiB) after the eaters: %s", strerror(errno));
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	EXPECT_EQ(munmap(b, PG), 0, "munmap");
}

/* Only uid 0 may raise or lift a limit; anyone may lower it. */
void test_memlimit_unprivileged(void)
{
	uint64_t use = mt_allocated();

	EXPECT_EQ(sys_set_memlimit(use + 20 * PG), 0, "a limit as uid 0");
	EXPECT_EQ(sys_setuid(1000), 0, "setuid(1000)");
	EXPECT_EQ(sys_set_memlimit(use + 30 * PG), -EPERM, "raising the limit as uid 1000");
	EXPECT_EQ(sys_set_memlimit(0), -EPERM, "lifting the limit as uid 1000");
	struct mem_stats s;
	EXPECT_EQ(sys_memstats(&s), 0, "memstats");
	EXPECT_EQ(s.limit, use + 20 * PG, "the limit after the refusals");
	EXPECT_EQ(sys_set_memlimit(use + 10 * PG), 0, "lowering the limit as uid 1000");
	EXPECT_EQ(sys_set_memlimit(use + 10 * PG), 0, "the same limit again as uid 1000");
	EXPECT_EQ(sys_memstats(&s), 0, "memstats");
	EXPECT_EQ(s.limit, use + 10 * PG, "the lowered limit");
}
