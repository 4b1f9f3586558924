/*
 * The address space: brk, the stack, the program image, faults, mmap and
 * munmap (xv6's sbrk and stack tests, LTP's mmap and munmap cases).
 * The layout and the rules tested here are in docs/memory.md.
 */
#include <sys/mman.h>
#include "ut.h"

#define PG MT_PAGE
#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)

/* ---- helpers shared by the memory tests (declared in ut.h) --------------- */

/* mov $42, %eax; ret */
const unsigned char mt_code42[6] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

void mt_stats(struct mem_stats *st)
{
	long r = sys_memstats(st);

	CHECK(r == 0, "memstats: %ld", r);
}

uint64_t mt_allocated(void)
{
	struct mem_stats st;

	mt_stats(&st);
	return st.allocated;
}

long mt_free_pages(void)
{
	return sys_kinfo(KINFO_FREE_PAGES);
}

void __attribute__((noinline)) mt_prefault_stack(void)
{
	volatile char buf[64 * 1024];

	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

void mt_load(uintptr_t a)  { (void)*(volatile char *)ut_addr(a); }
void mt_store(uintptr_t a) { *(volatile char *)ut_addr(a) = 1; }
void mt_call(uintptr_t a)  { ((void (*)(void))ut_addr(a))(); }

void mt_expect_signal(int sig, void (*fn)(uintptr_t), uintptr_t arg, const char *what)
{
	pid_t pid = ut_fork();
	int st;

	if (pid == 0) {
		fn(arg);
		_exit(99);        /* still alive: nothing stopped us */
	}
	st = ut_wait(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig,
	      "%s (address %#lx): the child ended with %s, want signal %d",
	      what, (unsigned long)arg, ut_status(st), sig);
}

int mt_wait_flag(volatile int *flag, int want, unsigned seconds)
{
	uint64_t limit = ut_tsc_hz() * seconds, t0 = rdtsc();

	while (*flag != want) {
		if (rdtsc() - t0 > limit)
			return 0;
		sys_yield();
	}
	return 1;
}

/* The program's own data, for the tests below (global, so that the
 * compiler cannot assume anything about their contents). */
char mt_bss[66 * 4096];                 /* .bss: zero at exec */
int mt_data = 77;                        /* .data */
unsigned char mt_code_data[8] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
static const char mt_rodata[] = "read-only data";

/* ---- brk ------------------------------------------------------------------ */

/* xv6 sbrkbasic: many small sbrk calls, each returning the old break, the
 * memory usable at once and counted at once; a fork copies the heap; an
 * impossible size is refused. */
void test_sbrkbasic(void)
{
	char *b0, *p, *prev;
	uint64_t a0;
	pid_t pid;
	int st;

	mt_prefault_stack();
	b0 = sbrk(0);
	a0 = mt_allocated();
	prev = b0;
	for (int i = 0; i < 5000; i++) {
		p = sbrk(1);
		CHECK(p == prev, "sbrk(1) #%d returned %p, want %p", i, (void *)p, (void *)prev);
		*p = (char)i;
		prev = p + 1;
	}
	EXPECT_EQ((long)sbrk(0), (long)(b0 + 5000), "break after 5000 x sbrk(1)");
	/* brk maps its pages at once: every page up to the break counts. */
	EXPECT_EQ(mt_allocated() - a0,
		  mt_page_up((uintptr_t)b0 + 5000) - mt_page_up((uintptr_t)b0),
		  "bytes memstats added for 5000 bytes of heap");
	for (int i = 0; i < 5000; i++)
		CHECK(b0[i] == (char)i, "heap byte %d is %d, want %d", i, b0[i], (char)i);

	pid = ut_fork();
	if (pid == 0) {
		for (int i = 0; i < 5000; i++)
			CHECK(b0[i] == (char)i, "child: heap byte %d is %d", i, b0[i]);
		p = sbrk(10000);
		CHECK(p == b0 + 5000, "child: sbrk(10000) returned %p, want %p",
		      (void *)p, (void *)(b0 + 5000));
		memset(p, 'c', 10000);
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ((long)sbrk(0), (long)(b0 + 5000), "our break after the child grew its own");
	for (char *q = b0 + 5000; q < (char *)mt_page_up((uintptr_t)b0 + 5000); q++)
		CHECK(*q == 0, "the child's heap write reached ours at %p", (void *)q);

	errno = 0;
	CHECK(sbrk((intptr_t)1 << 47) == (void *)-1 && errno == ENOMEM,
	      "sbrk(128 TiB) did not fail with ENOMEM");
	EXPECT_EQ((long)sbrk(0), (long)(b0 + 5000), "break after a refused sbrk");

	CHECK(sbrk(-5000) == b0 + 5000, "sbrk(-5000) did not return the old break");
	EXPECT_EQ((long)sbrk(0), (long)b0, "break after shrinking back");
	EXPECT_EQ(mt_allocated(), a0, "memstats after shrinking back");
}

/* xv6 sbrkmuch: grow by 8 MiB, touch every page, shrink back; the memory is
 * gone afterwards and growing again gives zeros. */
void test_sbrkmuch(void)
{
	const long big = 8l << 20;
	char *a, *p;
	uint64_t m0;
	long f0, f1, f2;

	mt_prefault_stack();
	a = sbrk(0);
	m0 = mt_allocated();
	f0 = mt_free_pages();
	p = sbrk(big);
	CHECK(p == a, "sbrk(8 MiB) returned %p, want %p", (void *)p, (void *)a);
	EXPECT_EQ(mt_allocated() - m0, mt_page_up((uintptr_t)a + big) - mt_page_up((uintptr_t)a),
		  "memstats after growing by 8 MiB");
	f1 = mt_free_pages();
	CHECK(f0 - f1 >= big / (long)PG, "growing by 8 MiB took only %ld frames", f0 - f1);
	for (long i = 0; i < big; i += PG) {
		CHECK(p[i] == 0, "new heap byte %ld is %d", i, p[i]);
		p[i] = (char)(i >> 12);
		p[i + PG - 1] = 'e';
	}
	for (long i = 0; i < big; i += PG)
		CHECK(p[i] == (char)(i >> 12) && p[i + PG - 1] == 'e',
		      "heap page at offset %ld lost its bytes", i);

	CHECK(sbrk(-big) == a + big, "sbrk(-8 MiB) did not return the old break");
	EXPECT_EQ((long)sbrk(0), (long)a, "break after shrinking");
	EXPECT_EQ(mt_allocated(), m0, "memstats after shrinking");
	f2 = mt_free_pages();
	/* Page-table pages may stay until exit; the frames must be back. */
	CHECK(f2 >= f0 - 8, "shrinking gave back %ld of %ld frames", f2 - f1, f0 - f1);
	mt_expect_signal(SIGSEGV, mt_load, mt_page_up((uintptr_t)a) + big / 2,
			 "reading the heap after it shrank");

	p = sbrk(big);
	CHECK(p == a, "growing again returned %p, want %p", (void *)p, (void *)a);
	for (long i = 0; i < big; i += 16 * PG)
		CHECK(p[i] == 0 && p[i + PG - 1] == 0,
		      "re-grown heap holds old bytes at offset %ld", i);
	CHECK(sbrk(-big) == a + big, "second sbrk(-8 MiB)");
}

/* xv6 sbrkarg: heap memory as a system call's argument, in and out, right
 * after sbrk and across a page boundary; never-touched pages of a private
 * mapping work as well (the kernel faults them in). */
void test_sbrkarg(void)
{
	struct mem_stats *st;
	char *a, *mid, *m;
	char pat[200];
	long r;
	uint64_t before;
	pid_t pid;

	mt_prefault_stack();
	a = sbrk(2 * PG);
	CHECK(a != (void *)-1, "sbrk(2 pages) failed");
	st = (struct mem_stats *)(a + PG);
	EXPECT_EQ(sys_memstats(st), 0, "memstats into fresh heap");
	CHECK(st->allocated >= 2 * PG && st->peak >= st->allocated,
	      "memstats in the heap: allocated %lu, peak %lu", (unsigned long)st->allocated,
	      (unsigned long)st->peak);

	pid = ut_fork();
	if (pid == 0)
		_exit(7);
	EXPECT_EQ(sys_waitpid(pid, (int *)(a + 64), 0), pid, "waitpid with its status in the heap");
	EXPECT_EQ(*(int *)(a + 64), W_EXITCODE(7), "status waitpid wrote into the heap");

	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	for (int i = 0; i < 200; i++)
		pat[i] = (char)(i * 3 + 1);
	mid = (char *)mt_page_up((uintptr_t)a + 200);       /* a page boundary */
	memcpy(mid - 100, pat, 200);
	EXPECT_EQ(sys_mem_write(r, 0, mid - 100, 200), 200, "mem_write from heap across a page boundary");
	EXPECT_EQ(sys_mem_read(r, 0, a + PG + 1000, 200), 200, "mem_read into the heap");
	CHECK(memcmp(a + PG + 1000, pat, 200) == 0, "mem_read brought back other bytes");

	m = mmap(NULL, 2 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	before = mt_allocated();
	EXPECT_EQ(sys_mem_read(r, 0, m + PG + 10, 200), 200, "mem_read into an untouched private page");
	EXPECT_EQ(mt_allocated() - before, PG, "memstats after the kernel touched one page");
	CHECK(memcmp(m + PG + 10, pat, 200) == 0 && m[PG] == 0, "mem_read into the mapping");
	EXPECT_EQ(munmap(m, 2 * PG), 0, "munmap");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	CHECK(sbrk(-2 * (intptr_t)PG) == a + 2 * PG, "sbrk(-2 pages)");
}

/*
 * xv6 sbrkbugs: brk below the start of the heap (brk_base, the page after
 * the program) is refused with the old break; a break inside a page keeps
 * the whole page.  brk_base is found by lowering the break page by page
 * until brk refuses (this process's heap holds nothing of value).
 */
void test_sbrkbugs(void)
{
	uintptr_t cur, x, base;
	uint64_t m0;
	volatile char *h;

	mt_prefault_stack();
	cur = (uintptr_t)sys_brk(0);
	x = mt_page_up(cur);
	EXPECT_EQ(sys_brk((void *)x), (long)x, "brk to the next page boundary");
	while (sys_brk((void *)(x - PG)) == (long)(x - PG))
		x -= PG;
	base = x;
	CHECK(base >= (uintptr_t)(mt_bss + sizeof(mt_bss)) && base < MT_SIGTRAMP,
	      "the heap starts at %#lx, in the program (whose bss ends at %p)",
	      (unsigned long)base, (void *)(mt_bss + sizeof(mt_bss)));
	m0 = mt_allocated();

	EXPECT_EQ(sys_brk((void *)(base - 1)), (long)base, "brk(start - 1)");
	EXPECT_EQ(sys_brk((void *)(base - PG)), (long)base, "brk(start - 4096)");
	EXPECT_EQ(sys_brk(ut_addr(0x400000)), (long)base, "brk(the program's first page)");
	EXPECT_EQ(sys_brk(ut_addr(1)), (long)base, "brk(1)");
	EXPECT_EQ(sys_brk(ut_addr(~0ul)), (long)base, "brk(-1)");
	errno = 0;
	CHECK(sbrk(-(intptr_t)base) == (void *)-1 && errno == ENOMEM,
	      "sbrk(-break) (shrinking over the whole program) was not refused");
	errno = 0;
	CHECK(sbrk(-(intptr_t)PG) == (void *)-1 && errno == ENOMEM,
	      "sbrk(-4096) at the start of the heap was not refused");
	EXPECT_EQ(sys_brk(0), (long)base, "break after the refusals");
	EXPECT_EQ(mt_allocated(), m0, "memstats after the refusals");
	CHECK(mt_data == 77, "the program's data changed: %d", mt_data);
	mt_data = 78;
	CHECK(mt_data == 78, "the program's data is not writable");

	EXPECT_EQ(sys_brk((void *)(base + 100)), (long)(base + 100), "brk(start + 100)");
	EXPECT_EQ(mt_allocated() - m0, PG, "memstats with 100 bytes of heap");
	h = (volatile char *)base;
	CHECK(h[0] == 0 && h[PG - 1] == 0, "fresh heap page is not zero");
	h[0] = 'a';
	h[99] = 'b';
	h[PG - 1] = 'c';          /* the rest of the page is usable too */
	EXPECT_EQ(sys_brk((void *)(base + 50)), (long)(base + 50), "brk(start + 50)");
	CHECK(h[0] == 'a' && h[99] == 'b' && h[PG - 1] == 'c',
	      "shrinking within a page lost the page's bytes");
	EXPECT_EQ(mt_allocated() - m0, PG, "memstats after shrinking within the page");
	EXPECT_EQ(sys_brk((void *)base), (long)base, "brk(start)");
	EXPECT_EQ(mt_allocated(), m0, "memstats with an empty heap");
	mt_expect_signal(SIGSEGV, mt_store, base, "writing the heap's page after brk(start)");

	EXPECT_EQ(sys_brk((void *)cur), (long)cur, "brk back to where it was");
}

/* xv6 rwsbrk: memory given back with sbrk(-n) is no longer a valid buffer
 * for a system call (EFAULT, no crash) nor for the program (SIGSEGV). */
void test_rwsbrk(void)
{
	char *a, *gone;
	long r;

	a = sbrk(2 * PG);
	CHECK(a != (void *)-1, "sbrk(2 pages) failed");
	memset(a, 'x', 2 * PG);
	CHECK(sbrk(-2 * (intptr_t)PG) == a + 2 * PG, "sbrk(-2 pages)");
	gone = a + PG;      /* certainly in a page that was unmapped */
	EXPECT_EQ(sys_write(1, gone, 64), -EFAULT, "write() from freed heap");
	EXPECT_EQ(sys_memstats((struct mem_stats *)gone), -EFAULT, "memstats into freed heap");
	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_mem_read(r, 0, gone, 64), -EFAULT, "mem_read into freed heap");
	EXPECT_EQ(sys_mem_write(r, 0, gone, 64), -EFAULT, "mem_write from freed heap");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)gone, "reading freed heap");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)gone, "writing freed heap");
}

/* ---- the stack ------------------------------------------------------------- */

static long __attribute__((noinline)) mt_recurse(long depth)
{
	volatile char frame[4000];

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = 1;
	if (depth == 0)
		return 1;
	return mt_recurse(depth - 1) + frame[sizeof(frame) - 1] + (frame[0] != (char)depth);
}

static void mt_recurse_fn(uintptr_t depth) { (void)mt_recurse((long)depth); }

/* xv6 stacktest and more: the stack's 8 MiB room ends in a guard page;
 * pages above it come on demand, so deep recursion works up to the room. */
void test_stacktest(void)
{
	pid_t pid;
	int st;

	mt_expect_signal(SIGSEGV, mt_store, MT_STACK_GUARD, "writing the stack's guard page");
	mt_expect_signal(SIGSEGV, mt_load, MT_STACK_GUARD + PG - 1, "reading the guard page's last byte");
	mt_expect_signal(SIGSEGV, mt_load, MT_STACK_TOP, "reading the page above the stack");
	mt_expect_signal(SIGSEGV, mt_store, MT_USER_TOP - 1, "writing the last byte of user space");

	pid = ut_fork();
	if (pid == 0) {
		volatile char *low = ut_addr(MT_STACK_GUARD + PG);
		uint64_t a0;

		mt_prefault_stack();
		a0 = mt_allocated();
		CHECK(low[0] == 0 && low[PG - 1] == 0, "the lowest stack page is not zero");
		low[0] = 'x';
		low[PG - 1] = 'y';
		CHECK(low[0] == 'x' && low[PG - 1] == 'y', "the lowest stack page does not keep a store");
		EXPECT_EQ(mt_allocated() - a0, PG, "memstats after touching the lowest stack page");
		EXPECT_EQ(sys_memstats(ut_addr(MT_STACK_GUARD + 2 * PG)), 0,
			  "memstats into a never-touched stack page");
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "lowest stack page: %s", ut_status(st));

	pid = ut_fork();
	if (pid == 0) {
		uint64_t a0 = mt_allocated();
		long r = mt_recurse(1500);       /* about 6 MiB of frames */

		EXPECT_EQ(r, 1501, "deep recursion's result");
		/* (the first part of it reuses pages already touched) */
		CHECK(mt_allocated() - a0 >= 1500ul * 4000 - (256ul << 10),
		      "6 MiB of stack added only %lu bytes to memstats",
		      (unsigned long)(mt_allocated() - a0));
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "6 MiB recursion: %s", ut_status(st));

	mt_expect_signal(SIGSEGV, mt_recurse_fn, 2600, "recursing about 10 MiB deep");
}

/* ---- the program image ----------------------------------------------------- */

/* xv6 textwrite: the text and read-only data cannot be written, by the
 * program or by the kernel on its behalf. */
void test_textwrite(void)
{
	long r;

	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)test_textwrite, "writing our own text");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)main, "writing main()");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)mt_rodata, "writing read-only data");
	EXPECT_EQ(sys_memstats(ut_addr((uintptr_t)test_textwrite)), -EFAULT, "memstats into our text");
	EXPECT_EQ(sys_memstats(ut_addr((uintptr_t)mt_rodata)), -EFAULT, "memstats into read-only data");
	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_mem_read(r, 0, ut_addr((uintptr_t)mt_rodata), 8), -EFAULT,
		  "mem_read into read-only data");
	EXPECT_EQ(sys_mem_write(r, 0, ut_addr((uintptr_t)test_textwrite), 64), 64,
		  "mem_write from our text (reading it is fine)");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	CHECK(strcmp(mt_rodata, "read-only data") == 0, "read-only data changed");
}

/* Code runs only from executable pages (NX): not from data, bss, stack,
 * heap or a mapping without PROT_EXEC; with PROT_EXEC it does. */
void test_nxexec(void)
{
	unsigned char stackcode[16];
	char *heap, *rw, *rwx;

	memcpy(stackcode, mt_code42, sizeof(mt_code42));
	heap = sbrk(PG);
	CHECK(heap != (void *)-1, "sbrk failed");
	memcpy(heap, mt_code42, sizeof(mt_code42));
	rw = mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0);
	rwx = mmap(NULL, PG, RW | PROT_EXEC, ANON_PRIVATE, -1, 0);
	CHECK(rw != MAP_FAILED && rwx != MAP_FAILED, "mmap: %s", strerror(errno));
	memcpy(rw, mt_code42, sizeof(mt_code42));
	memcpy(rwx, mt_code42, sizeof(mt_code42));

	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)mt_code42, "running read-only data");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)mt_code_data, "running .data");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)stackcode, "running the stack");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)heap, "running the heap");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)rw, "running a READ|WRITE mapping");
	EXPECT_EQ(((int (*)(void))(uintptr_t)rwx)(), 42, "code in a READ|WRITE|EXEC mapping");

	EXPECT_EQ(munmap(rw, PG), 0, "munmap");
	EXPECT_EQ(munmap(rwx, PG), 0, "munmap");
	CHECK(sbrk(-(intptr_t)PG) == heap + PG, "sbrk(-4096)");
}

/* xv6 bsstest: the bss is zero, writable, and part of the image (mapped
 * at exec, so touching it adds nothing to memstats). */
void test_bsstest(void)
{
	uint64_t a0;

	for (size_t i = 0; i < sizeof(mt_bss); i++)
		CHECK(mt_bss[i] == 0, "bss byte %zu is %d", i, mt_bss[i]);
	mt_prefault_stack();
	a0 = mt_allocated();
	for (size_t i = 0; i < sizeof(mt_bss); i += 512)
		mt_bss[i] = (char)(i / 512 + 1);
	for (size_t i = 0; i < sizeof(mt_bss); i += 512)
		CHECK(mt_bss[i] == (char)(i / 512 + 1), "bss byte %zu did not keep its value", i);
	EXPECT_EQ(mt_allocated(), a0, "memstats after writing the bss");
}

/* ---- what is not ours ------------------------------------------------------ */

/* xv6 kernmem: the kernel's half cannot be read or written, by the program
 * (SIGSEGV) or through a system call (EFAULT). */
void test_kernmem(void)
{
	static const uintptr_t addrs[] = {
		0xffffffff80000000ul,      /* the kernel image */
		0xffffffff80100000ul,
		0xffffffff80200000ul,
		0xffff800000000000ul,      /* the direct map of RAM */
		0xffff800000100000ul,
		0xffff800001000000ul,
		0xffffff0000001000ul,      /* kernel stacks */
		0xffffffffc0000000ul,      /* device registers */
		0xfffffffffffff000ul,
	};
	char buf[64];
	long r;

	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		mt_expect_signal(SIGSEGV, mt_load, addrs[i], "reading kernel memory");
		if (i % 3 == 0)
			mt_expect_signal(SIGSEGV, mt_store, addrs[i], "writing kernel memory");
	}
	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_mem_write(r, 0, "user", 5), 5, "mem_write");
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		EXPECT_EQ(sys_mem_write(r, 0, ut_addr(addrs[i]), 64), -EFAULT, "mem_write from kernel memory");
		EXPECT_EQ(sys_mem_read(r, 0, ut_addr(addrs[i]), 64), -EFAULT, "mem_read into kernel memory");
		EXPECT_EQ(sys_memstats(ut_addr(addrs[i])), -EFAULT, "memstats into kernel memory");
		EXPECT_EQ(sys_write(1, ut_addr(addrs[i]), 16), -EFAULT, "write() from kernel memory");
	}
	EXPECT_EQ(sys_mem_read(r, 0, buf, 5), 5, "mem_read");
	CHECK(memcmp(buf, "user", 5) == 0, "the region changed after the refused calls");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
}

/* xv6 MAXVAplus: nothing at or above 0x800000000000 is reachable, and
 * nothing gets mapped there or in the stack's room (mmap's ceiling is the
 * trampoline page). */
void test_maxvaplus(void)
{
	void *p;

	for (uintptr_t a = MT_USER_TOP; a != 0; a <<= 1)
		mt_expect_signal(SIGSEGV, mt_store, a, "writing at or above 0x800000000000");
	mt_expect_signal(SIGSEGV, mt_load, MT_USER_TOP + PG, "reading just above user space");
	mt_expect_signal(SIGSEGV, mt_load, MT_USER_TOP - 1, "reading the last byte of user space");

	EXPECT_EQ(sys_mmap(ut_addr(MT_USER_TOP), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED at 0x800000000000");
	EXPECT_EQ(sys_mmap(ut_addr(1ul << 63), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED at 1 << 63");
	EXPECT_EQ(sys_mmap(ut_addr(MT_STACK_TOP), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED above the stack");
	EXPECT_EQ(sys_mmap(ut_addr(MT_STACK_TOP - 4 * PG), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0),
		  -EINVAL, "mmap FIXED in the stack");
	EXPECT_EQ(sys_mmap(ut_addr(MT_STACK_GUARD), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED on the stack's guard page");
	EXPECT_EQ(sys_mmap(ut_addr(MT_SIGTRAMP), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED on the trampoline");
	EXPECT_EQ(sys_mmap(ut_addr(MT_SIGTRAMP - PG), 2 * PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0),
		  -EINVAL, "mmap FIXED across the trampoline");
	EXPECT_EQ(sys_munmap(ut_addr(MT_USER_TOP), PG), -EINVAL, "munmap at 0x800000000000");
	EXPECT_EQ(sys_munmap(ut_addr(MT_STACK_TOP), 2 * PG), -EINVAL, "munmap across the top of user space");
	EXPECT_EQ(sys_munmap(ut_addr(MT_STACK_TOP), PG), 0, "munmap of the (empty) last user page");

	/* A hint there is not taken: the kernel picks a place below. */
	p = mmap(ut_addr(MT_STACK_TOP - 16 * PG), PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap with a hint in the stack: %s", strerror(errno));
	CHECK((uintptr_t)p + PG <= MT_SIGTRAMP, "mmap took the hint %p in the stack's room", p);
	EXPECT_EQ(munmap(p, PG), 0, "munmap");
	p = mmap(ut_addr(MT_USER_TOP), PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED && (uintptr_t)p + PG <= MT_SIGTRAMP,
	      "mmap with a hint above user space gave %p", p);
	EXPECT_EQ(munmap(p, PG), 0, "munmap");
	/* The last page below the trampoline is the highest mmap can give. */
	p = mmap(ut_addr(MT_SIGTRAMP - PG), PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)p, (long)(MT_SIGTRAMP - PG), "mmap FIXED on the page below the trampoline");
	*(volatile char *)p = 1;
	EXPECT_EQ(munmap(p, PG), 0, "munmap");
}

/* ---- mmap and munmap -------------------------------------------------------- */

/* Addresses chosen top down below the trampoline, page aligned, never
 * overlapping; private pages come zeroed on first touch and count then. */
void test_mmap_basic(void)
{
	enum { N = 40 };
	static char *maps[N];
	static size_t lens[N];
	uint64_t a0, a1;
	char *p, *q;

	mt_prefault_stack();
	a0 = mt_allocated();
	p = mmap(NULL, 3 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap(3 pages): %s", strerror(errno));
	EXPECT_EQ((long)p, (long)(MT_SIGTRAMP - 3 * PG), "first mapping (right below the trampoline)");
	EXPECT_EQ(mt_allocated(), a0, "memstats after mmap (nothing touched yet)");
	CHECK(p[0] == 0, "fresh private page is not zero");
	EXPECT_EQ(mt_allocated() - a0, PG, "memstats after reading one page");
	p[PG] = 'x';
	p[3 * PG - 1] = 'y';
	EXPECT_EQ(mt_allocated() - a0, 3 * PG, "memstats after touching all three pages");
	p[1] = 'z';
	EXPECT_EQ(mt_allocated() - a0, 3 * PG, "touching a page again adds nothing");

	/* A length that is not a multiple of the page size is rounded up. */
	q = mmap(NULL, 5000, RW, ANON_PRIVATE, -1, 0);
	CHECK(q != MAP_FAILED, "mmap(5000): %s", strerror(errno));
	EXPECT_EQ((long)q, (long)(p - 2 * PG), "second mapping (right below the first)");
	q[2 * PG - 1] = 'e';      /* the rest of the second page is there */
	a1 = mt_allocated();

	/* Many more, of varied sizes: none overlaps another or leaves the range. */
	for (int i = 0; i < N; i++) {
		lens[i] = (size_t)(i % 5 + 1) * PG - (i % 3) * 100;
		maps[i] = mmap(NULL, lens[i], i % 2 ? PROT_READ : RW, ANON_PRIVATE, -1, 0);
		CHECK(maps[i] != MAP_FAILED, "mmap #%d: %s", i, strerror(errno));
		uintptr_t s = (uintptr_t)maps[i], e = s + mt_page_up(lens[i]);
		CHECK((s & (PG - 1)) == 0 && s >= MT_USER_BASE && e <= MT_SIGTRAMP,
		      "mmap #%d gave %#lx..%#lx", i, (unsigned long)s, (unsigned long)e);
		CHECK(e <= (uintptr_t)q || s >= (uintptr_t)p + 3 * PG,
		      "mmap #%d overlaps the first two mappings", i);
		CHECK(s >= mt_page_up((uintptr_t)sbrk(0)), "mmap #%d is below the break", i);
		for (int j = 0; j < i; j++) {
			uintptr_t s2 = (uintptr_t)maps[j], e2 = s2 + mt_page_up(lens[j]);
			CHECK(e <= s2 || s >= e2, "mmap #%d overlaps mmap #%d", i, j);
		}
	}
	EXPECT_EQ(mt_allocated(), a1, "memstats after 40 untouched mappings");
	for (int i = 0; i < N; i++)
		EXPECT_EQ(munmap(maps[i], lens[i]), 0, "munmap");

	/* An aligned offset is accepted (and means nothing for anonymous
	 * memory); PROT_WRITE alone can be read too (x86 has no write-only). */
	q[0] = 'k';
	char *w = mmap(NULL, PG, PROT_WRITE, ANON_PRIVATE, -1, 4 * PG);
	CHECK(w != MAP_FAILED, "mmap(PROT_WRITE, off 16384): %s", strerror(errno));
	w[0] = 'w';
	CHECK(w[0] == 'w', "a PROT_WRITE page does not read back");
	EXPECT_EQ(munmap(w, PG), 0, "munmap");

	CHECK(p[PG] == 'x' && p[3 * PG - 1] == 'y' && p[1] == 'z' && q[2 * PG - 1] == 'e' && q[0] == 'k',
	      "the first mappings lost their bytes");
	EXPECT_EQ(munmap(q, 5000), 0, "munmap(5000)");
	EXPECT_EQ(munmap(p, 3 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats after unmapping everything");
}

/* LTP mmap PROT_NONE: any access kills with SIGSEGV; the kernel cannot use
 * it either; nothing is counted; MAP_FIXED can put something usable there. */
void test_mmap_prot_none(void)
{
	char *p, *s, *q;
	uint64_t a0;
	long r;

	mt_prefault_stack();
	a0 = mt_allocated();
	p = mmap(NULL, 2 * PG, PROT_NONE, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap(PROT_NONE): %s", strerror(errno));
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)p, "reading a PROT_NONE page");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)p + PG + 5, "writing a PROT_NONE page");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)p, "running a PROT_NONE page");
	EXPECT_EQ(sys_memstats((struct mem_stats *)p), -EFAULT, "memstats into PROT_NONE");
	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_mem_write(r, 0, p, 16), -EFAULT, "mem_write from PROT_NONE");
	EXPECT_EQ(sys_mem_read(r, 0, p, 16), -EFAULT, "mem_read into PROT_NONE");
	EXPECT_EQ(mem_free(r), 0, "mem_free");
	EXPECT_EQ(mt_allocated(), a0, "memstats with a PROT_NONE mapping");

	/* The range is taken: a hint on it is not honoured ... */
	q = mmap(p, PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(q != MAP_FAILED && q != p, "mmap with a hint on a PROT_NONE mapping gave %p", q);
	EXPECT_EQ(munmap(q, PG), 0, "munmap");
	/* ... but MAP_FIXED replaces it. */
	q = mmap(p, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)q, (long)p, "mmap FIXED over PROT_NONE");
	p[0] = 'r';
	CHECK(p[0] == 'r', "the replacing page does not keep a store");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)p + PG, "reading the PROT_NONE page left over");
	EXPECT_EQ(munmap(p, 2 * PG), 0, "munmap");

	s = mmap(NULL, 2 * PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap(PROT_NONE, MAP_SHARED): %s", strerror(errno));
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)s, "reading a shared PROT_NONE page");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)s + PG, "writing a shared PROT_NONE page");
	EXPECT_EQ(munmap(s, 2 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats after unmapping");
}

/* Each protection as the page tables enforce it. */
void test_mmap_prot(void)
{
	char *ro, *rw;
	uint64_t a0;
	long r;

	mt_prefault_stack();
	ro = mmap(NULL, 2 * PG, PROT_READ, ANON_PRIVATE, -1, 0);
	rw = mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(ro != MAP_FAILED && rw != MAP_FAILED, "mmap: %s", strerror(errno));
	a0 = mt_allocated();
	CHECK(*(volatile char *)ro == 0, "a PROT_READ page is not zero");
	EXPECT_EQ(mt_allocated() - a0, PG, "memstats after reading a PROT_READ page");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)ro, "writing a PROT_READ page (mapped)");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)ro + PG, "writing a PROT_READ page (not yet mapped)");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)ro, "running a PROT_READ page");
	EXPECT_EQ(sys_memstats((struct mem_stats *)(ro + PG)), -EFAULT, "memstats into PROT_READ");
	r = mem_alloc(PG, PROT_READ_WRITE, NULL);
	CHECK(r > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_mem_write(r, 0, ro, 16), 16, "mem_write from a PROT_READ page");
	EXPECT_EQ(mem_free(r), 0, "mem_free");

	rw[0] = 'a';
	rw[PG - 1] = 'b';
	CHECK(rw[0] == 'a' && rw[PG - 1] == 'b', "a READ|WRITE page does not keep stores");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)rw, "running a READ|WRITE page");

	EXPECT_EQ(munmap(ro, 2 * PG), 0, "munmap");
	EXPECT_EQ(munmap(rw, PG), 0, "munmap");
}

/* MAP_FIXED replaces whatever is there (the old pages go and stop counting);
 * brk does not grow into a mapping; a free aligned hint is honoured. */
void test_mmap_fixed(void)
{
	char *p, *q, *h, *m;
	uintptr_t hint = 0x10000000ul;
	uint64_t a1;

	mt_prefault_stack();
	p = mmap(NULL, 4 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 'p', 4 * PG);
	a1 = mt_allocated();
	q = mmap(p + PG, 2 * PG, PROT_READ, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)q, (long)(p + PG), "mmap FIXED in the middle of a mapping");
	EXPECT_EQ(a1 - mt_allocated(), 2 * PG, "memstats drop for the two replaced pages");
	CHECK(q[0] == 0 && q[PG] == 0, "the replacing pages are not zero");
	CHECK(p[0] == 'p' && p[PG - 1] == 'p' && p[3 * PG] == 'p' && p[4 * PG - 1] == 'p',
	      "the pages around the replaced ones changed");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)q, "writing the replacing PROT_READ page");
	EXPECT_EQ(munmap(p, 4 * PG), 0, "munmap");

	/* brk stops at a mapping just above the break. */
	h = (char *)mt_page_up((uintptr_t)sbrk(0));
	CHECK(brk(h) == 0, "brk(page boundary)");
	m = mmap(h + 2 * PG, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)m, (long)(h + 2 * PG), "mmap FIXED above the break");
	m[0] = 'm';
	EXPECT_EQ(sys_brk(h + 3 * PG), (long)h, "brk into a mapping (refused: the old break)");
	EXPECT_EQ(sys_brk(h + 2 * PG), (long)(h + 2 * PG), "brk up to the mapping");
	h[2 * PG - 1] = 'h';
	CHECK(m[0] == 'm', "growing the heap changed the mapping above it");
	EXPECT_EQ(sys_brk(h), (long)h, "brk back");
	CHECK(m[0] == 'm', "shrinking the heap changed the mapping above it");
	EXPECT_EQ(munmap(m, PG), 0, "munmap");

	/* Hints. */
	p = mmap(ut_addr(hint), 2 * PG, RW, ANON_PRIVATE, -1, 0);
	EXPECT_EQ((long)p, (long)hint, "mmap with a free, aligned hint");
	q = mmap(ut_addr(hint), PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(q != MAP_FAILED && (q + PG <= p || q >= p + 2 * PG),
	      "mmap with an occupied hint gave %p (the hint's mapping is %p)", q, p);
	m = mmap(ut_addr(hint + 0x100000 + 123), PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(m != MAP_FAILED && ((uintptr_t)m & (PG - 1)) == 0 && (uintptr_t)m != hint + 0x100000 + 123,
	      "mmap with an unaligned hint gave %p", m);
	EXPECT_EQ(munmap(p, 2 * PG), 0, "munmap");
	EXPECT_EQ(munmap(q, PG), 0, "munmap");
	EXPECT_EQ(munmap(m, PG), 0, "munmap");
}

/* LTP munmap: unmapping part of a mapping splits it; the rest stays usable
 * and memstats drops by what was really mapped. */
void test_munmap_partial(void)
{
	char *p, *q, *s;
	uint64_t a0, a1;
	pid_t pid;
	int st;

	mt_prefault_stack();
	a0 = mt_allocated();
	p = mmap(NULL, 3 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 'A', PG);
	memset(p + PG, 'B', PG);
	memset(p + 2 * PG, 'C', PG);
	a1 = mt_allocated();
	EXPECT_EQ(a1 - a0, 3 * PG, "memstats after touching three pages");
	EXPECT_EQ(munmap(p + PG, PG), 0, "munmap of the middle page");
	EXPECT_EQ(a1 - mt_allocated(), PG, "memstats drop for the middle page");
	CHECK(p[0] == 'A' && p[PG - 1] == 'A' && p[2 * PG] == 'C' && p[3 * PG - 1] == 'C',
	      "the neighbours lost their bytes");
	p[0] = 'a';
	p[2 * PG] = 'c';
	CHECK(p[0] == 'a' && p[2 * PG] == 'c', "the neighbours are no longer writable");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)p + PG, "reading the unmapped middle page");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)p + 2 * PG - 1, "writing the unmapped middle page");
	/* The hole can be mapped again, and comes back zeroed. */
	q = mmap(p + PG, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)q, (long)(p + PG), "mmap FIXED in the hole");
	CHECK(q[0] == 0 && q[PG - 1] == 0, "the re-mapped hole is not zero");
	EXPECT_EQ(munmap(p, 3 * PG), 0, "munmap of all three");
	EXPECT_EQ(munmap(p, 3 * PG), 0, "munmap of nothing");
	EXPECT_EQ(mt_allocated(), a0, "memstats after unmapping all");

	/* Cutting at either end, then one call over pieces and holes. */
	q = mmap(NULL, 4 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(q != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(q, 'q', 4 * PG);
	EXPECT_EQ(munmap(q, PG), 0, "munmap of the first page");
	EXPECT_EQ(munmap(q + 3 * PG, 1), 0, "munmap of one byte of the last page");
	CHECK(q[PG] == 'q' && q[3 * PG - 1] == 'q', "the middle pages lost their bytes");
	EXPECT_EQ(mt_allocated() - a0, 2 * PG, "memstats with two pages left");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)q, "reading the unmapped first page");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)q + 3 * PG, "reading the unmapped last page");
	EXPECT_EQ(munmap(q - 2 * PG, 8 * PG), 0, "munmap over the pieces and around them");
	EXPECT_EQ(mt_allocated(), a0, "memstats after unmapping everything");

	/* A shared mapping cut in the middle: both ends stay shared. */
	s = mmap(NULL, 3 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	EXPECT_EQ(mt_allocated() - a0, 3 * PG, "memstats of a 3-page shared mapping");
	EXPECT_EQ(munmap(s + PG, PG), 0, "munmap of the shared middle page");
	EXPECT_EQ(mt_allocated() - a0, 2 * PG, "memstats after cutting the shared mapping");
	pid = ut_fork();
	if (pid == 0) {
		s[0] = 'x';
		s[3 * PG - 1] = 'y';
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	CHECK(s[0] == 'x' && s[3 * PG - 1] == 'y', "the shared pieces are no longer shared");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)s + PG, "reading the unmapped shared page");
	EXPECT_EQ(munmap(s, 3 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats at the end");
}

struct mmap_case {
	const char *what;
	uintptr_t addr;
	size_t len;
	int prot, flags;
	int64_t off;
	long err;
};

/* LTP mmap EINVAL cases, one by one; none may change anything. */
void test_mmap_einval(void)
{
	static const struct mmap_case cases[] = {
		{ "length 0", 0, 0, RW, ANON_PRIVATE, 0, -EINVAL },
		{ "length 0, FIXED", 0x10000000, 0, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "no MAP_ANONYMOUS", 0, PG, RW, MAP_PRIVATE, 0, -EINVAL },
		{ "no MAP_ANONYMOUS, shared", 0, PG, RW, MAP_SHARED, 0, -EINVAL },
		{ "SHARED and PRIVATE", 0, PG, RW, MAP_SHARED | ANON_PRIVATE, 0, -EINVAL },
		{ "neither SHARED nor PRIVATE", 0, PG, RW, MAP_ANONYMOUS, 0, -EINVAL },
		{ "FIXED, neither SHARED nor PRIVATE", 0x10000000, PG, RW, MAP_ANONYMOUS | MAP_FIXED, 0, -EINVAL },
		{ "prot 0x8", 0, PG, 0x8, ANON_PRIVATE, 0, -EINVAL },
		{ "prot 0x10 | READ", 0, PG, 0x11, ANON_PRIVATE, 0, -EINVAL },
		{ "prot -1", 0, PG, -1, ANON_PRIVATE, 0, -EINVAL },
		{ "unknown flag 0x100", 0, PG, RW, ANON_PRIVATE | 0x100, 0, -EINVAL },
		{ "offset 100", 0, PG, RW, ANON_PRIVATE, 100, -EINVAL },
		{ "offset 4095", 0, PG, RW, ANON_PRIVATE, 4095, -EINVAL },
		{ "FIXED, unaligned address", 0x10000001, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED at 0", 0, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED below 64 KiB", 0x1000, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED crossing 64 KiB from below", 0xf000, 2 * PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED in the stack's room", 0x7ffffff00000, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED at the trampoline", 0x7fffff7fd000, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED at 0x800000000000", 0x800000000000, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED in the kernel", 0xffffffff80000000, PG, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "FIXED, length past the ceiling", 0x7fff00000000, 0x100000000, RW, ANON_PRIVATE | MAP_FIXED, 0, -EINVAL },
		{ "length 2^62", 0, 1ul << 62, RW, ANON_PRIVATE, 0, -ENOMEM },
		{ "length -1", 0, ~0ul, RW, ANON_PRIVATE, 0, -ENOMEM },
		{ "length 2^47 (all of user space)", 0, 1ul << 47, RW, ANON_PRIVATE, 0, -ENOMEM },
	};
	struct mem_stats s0, s1;
	long f0, r, reg, seg, rs;
	void *ra, *sa;

	mt_prefault_stack();
	mt_stats(&s0);
	f0 = mt_free_pages();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mmap_case *c = &cases[i];

		r = sys_mmap(ut_addr(c->addr), c->len, c->prot, c->flags, -1, c->off);
		if (r != c->err)
			ut_fail("mmap with %s: got %ld, want %ld", c->what, r, c->err);
		mt_stats(&s1);
		CHECK(s1.allocated == s0.allocated && mt_free_pages() == f0,
		      "mmap with %s changed memstats or the free-page count", c->what);
	}
	errno = 0;
	CHECK(mmap(NULL, 0, RW, ANON_PRIVATE, -1, 0) == MAP_FAILED && errno == EINVAL,
	      "libc mmap(len 0) did not give MAP_FAILED with EINVAL");

	/* Over a region or an attached segment (even in part): EINVAL, and
	 * the region keeps its bytes. */
	seg = shmget(IPC_PRIVATE, PG, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	rs = shmat(seg, PROT_READ_WRITE, &sa);
	CHECK(rs > 0, "shmat: %s", strerror(errno));
	memset(sa, 's', PG);
	reg = mem_alloc(2 * PG, PROT_READ_WRITE, &ra);
	CHECK(reg > 0, "mem_alloc: %s", strerror(errno));
	memset(ra, 'r', 2 * PG);
	EXPECT_EQ(sys_mmap(ra, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL, "mmap FIXED on a region");
	EXPECT_EQ(sys_mmap((char *)ra - PG, 2 * PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED overlapping a region's first page");
	EXPECT_EQ(sys_mmap((char *)ra + PG, 4 * PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  -EINVAL, "mmap FIXED overlapping a region's last page");
	EXPECT_EQ(sys_mmap(sa, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -EINVAL,
		  "mmap FIXED on an attached segment");
	CHECK(((char *)ra)[0] == 'r' && ((char *)ra)[2 * PG - 1] == 'r' && ((char *)sa)[0] == 's',
	      "a refused mmap changed the region or the segment");
	/* Not FIXED, a hint on them is just not taken. */
	r = sys_mmap(ra, PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(r > 0 && r != (long)ra, "mmap with a hint on a region gave %#lx", (unsigned long)r);
	EXPECT_EQ(sys_munmap((void *)r, PG), 0, "munmap");
	EXPECT_EQ(shmdt(rs), 0, "shmdt");
	EXPECT_EQ(mem_free(reg), 0, "mem_free");
}

/* LTP munmap EINVAL cases; unmapping nothing is not an error. */
void test_munmap_einval(void)
{
	char *p, *ra, *sa;
	void *v;
	long reg, seg, rs;

	p = mmap(NULL, 2 * PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 'p', 2 * PG);
	EXPECT_EQ(sys_munmap(p + 1, PG), -EINVAL, "munmap of an unaligned address");
	EXPECT_EQ(sys_munmap(p + PG / 2, PG), -EINVAL, "munmap of a half-page address");
	EXPECT_EQ(sys_munmap(p, 0), -EINVAL, "munmap of length 0");
	EXPECT_EQ(sys_munmap(p, ~0ul), -EINVAL, "munmap of length -1");
	EXPECT_EQ(sys_munmap(p, 1ul << 62), -EINVAL, "munmap of length 2^62");
	EXPECT_EQ(sys_munmap(ut_addr(MT_USER_TOP), PG), -EINVAL, "munmap at 0x800000000000");
	EXPECT_EQ(sys_munmap(ut_addr(0xffffffff80000000ul), PG), -EINVAL, "munmap of the kernel");
	EXPECT_EQ(sys_munmap(ut_addr(MT_USER_TOP - PG), 2 * PG), -EINVAL, "munmap across the end of user space");
	CHECK(p[0] == 'p' && p[2 * PG - 1] == 'p', "a refused munmap changed the mapping");
	errno = 0;
	CHECK(munmap(p, 0) == -1 && errno == EINVAL, "libc munmap(len 0) did not fail with EINVAL");

	/* Nothing there: success, nothing happens. */
	EXPECT_EQ(sys_munmap(ut_addr(0x20000000ul), 16 * PG), 0, "munmap of unmapped memory");
	EXPECT_EQ(sys_munmap(ut_addr(0), PG), 0, "munmap of page 0 (never mapped)");

	/* Regions and attached segments go only with mem_free and shmdt.
	 * (Addresses are chosen top down: the region lands below the
	 * segment, with free space below it.) */
	seg = shmget(IPC_PRIVATE, PG, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	rs = shmat(seg, PROT_READ_WRITE, &v);
	sa = v;
	CHECK(rs > 0, "shmat: %s", strerror(errno));
	sa[0] = 's';
	reg = mem_alloc(2 * PG, PROT_READ_WRITE, &v);
	ra = v;
	CHECK(reg > 0, "mem_alloc: %s", strerror(errno));
	memset(ra, 'r', 2 * PG);
	/* A private page right below the region: a refused munmap over both
	 * must leave it alone too. */
	p = mmap(ra - PG, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT_EQ((long)p, (long)(ra - PG), "mmap FIXED right below the region");
	p[0] = 'b';
	EXPECT_EQ(sys_munmap(ra, 2 * PG), -EINVAL, "munmap of a region");
	EXPECT_EQ(sys_munmap(ra + PG, PG), -EINVAL, "munmap of a region's second page");
	EXPECT_EQ(sys_munmap(p, 2 * PG), -EINVAL, "munmap of a mapping and a region's first page");
	EXPECT_EQ(sys_munmap(sa, PG), -EINVAL, "munmap of an attached segment");
	EXPECT_EQ(sys_munmap(sa - 8 * PG, 16 * PG), -EINVAL, "munmap of a range around a segment");
	CHECK(p[0] == 'b' && ra[0] == 'r' && ra[2 * PG - 1] == 'r' && sa[0] == 's',
	      "a refused munmap changed something");
	EXPECT_EQ(munmap(p, PG), 0, "munmap of the page below the region");
	EXPECT_EQ(shmdt(rs), 0, "shmdt");
	EXPECT_EQ(mem_free(reg), 0, "mem_free");
	/* Gone now: the same range unmaps as nothing. */
	EXPECT_EQ(sys_munmap(ra, 2 * PG), 0, "munmap where the region was");
}

/* Mapping until ENOMEM: the map of areas is finite; under a memory limit
 * (in a child) touched private pages fill it exactly, touching past it is
 * SIGBUS; everything comes back. */
void test_mmap_enomem(void)
{
	enum { MAX = 400 };
	static void *maps[MAX];
	int n;
	uint64_t a0;
	pid_t pid;
	int st;

	char *big;

	mt_prefault_stack();
	a0 = mt_allocated();
	big = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE | PROT_EXEC, ANON_PRIVATE, -1, 0);
	CHECK(big != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(big, 'b', 3 * PG);
	for (n = 0; n < MAX; n++) {
		maps[n] = mmap(NULL, PG, n % 2 ? PROT_READ : RW, ANON_PRIVATE, -1, 0);
		if (maps[n] == MAP_FAILED) {
			CHECK(errno == ENOMEM, "mmap #%d failed with %s, want ENOMEM", n, strerror(errno));
			break;
		}
	}
	CHECK(n > 32 && n < MAX, "%d one-page mappings before ENOMEM", n);
	/* The map is full: cutting a hole (one area becomes two) is ENOMEM
	 * and changes nothing; cutting at an end still works. */
	EXPECT_EQ(sys_munmap(big + PG, PG), -ENOMEM, "munmap of a middle page with the map full");
	EXPECT_EQ(sys_mmap(big + PG, PG, RW, ANON_PRIVATE | MAP_FIXED, -1, 0), -ENOMEM,
		  "mmap FIXED in the middle of a mapping with the map full");
	CHECK(big[0] == 'b' && big[PG] == 'b' && big[3 * PG - 1] == 'b', "a refused call changed the mapping");
	EXPECT_EQ(munmap(big + 2 * PG, PG), 0, "munmap of a last page with the map full");
	for (int i = 0; i < n; i++)
		EXPECT_EQ(munmap(maps[i], PG), 0, "munmap");
	EXPECT_EQ(munmap(big, 2 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats after unmapping them all");
	maps[0] = mmap(NULL, PG, RW, ANON_PRIVATE, -1, 0);
	CHECK(maps[0] != MAP_FAILED, "mmap after unmapping everything: %s", strerror(errno));
	EXPECT_EQ(munmap(maps[0], PG), 0, "munmap");

	pid = ut_fork();
	if (pid == 0) {
		uint64_t base = mt_allocated();
		struct mem_stats s;
		char *spare, *b;

		EXPECT_EQ(set_memlimit(base + 64 * PG), 0, "set_memlimit");
		spare = mmap(NULL, 4 * PG, RW, ANON_PRIVATE, -1, 0);   /* untouched: holds nothing */
		CHECK(spare != MAP_FAILED, "mmap of the spare: %s", strerror(errno));
		for (n = 0; n < MAX; n++) {
			char *p = mmap(NULL, 4 * PG, RW, ANON_PRIVATE, -1, 0);

			if (p == MAP_FAILED) {
				CHECK(errno == ENOMEM, "mmap under the limit failed with %s", strerror(errno));
				break;
			}
			for (int k = 0; k < 4; k++)
				p[k * PG] = 1;
			maps[n] = p;
		}
		EXPECT_EQ(n, 16, "touched 4-page mappings that fit in 64 pages");
		mt_stats(&s);
		EXPECT_EQ(s.allocated, base + 64 * PG, "memstats at the limit");
		EXPECT_EQ(s.peak, base + 64 * PG, "peak at the limit");
		EXPECT_EQ(sys_mmap(NULL, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), -ENOMEM,
			  "MAP_SHARED at the limit");
		EXPECT_EQ(sys_mem_alloc(1, PROT_READ_WRITE, NULL), -ENOMEM, "mem_alloc at the limit");
		b = sbrk(0);
		EXPECT_EQ(sys_brk(b + PG), (long)b, "brk at the limit");
		/* The spare was mapped while there was room; its pages would
		 * pass the limit now: SIGBUS for the program, EFAULT for the
		 * kernel writing there. */
		mt_expect_signal(SIGBUS, mt_store, (uintptr_t)spare, "touching a mapped page over the limit");
		EXPECT_EQ(sys_memstats((struct mem_stats *)spare), -EFAULT, "memstats into a page over the limit");
		for (int i = 0; i < n; i++)
			EXPECT_EQ(munmap(maps[i], 4 * PG), 0, "munmap");
		EXPECT_EQ(mt_allocated(), base, "memstats after unmapping");
		spare[0] = 1;           /* room again */
		EXPECT_EQ(mt_allocated(), base + PG, "memstats after touching the spare");
		EXPECT_EQ(set_memlimit(0), 0, "set_memlimit(0) (uid 0 may lift it)");
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child with a limit: %s", ut_status(st));
}
