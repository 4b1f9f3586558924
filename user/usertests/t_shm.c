/*
 * Shared memory: System V segments (shmget, shmat, shmdt, shmctl, shm_sync,
 * shm_refresh) and MAP_SHARED anonymous mappings, across fork, between
 * unrelated processes, across exec.
 */
#include <sys/mman.h>
#include "ut.h"

#define PG MT_PAGE
#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)

/* Keys of the named segments these tests make ("MT" and a number). */
#define MT_KEY(n) (0x4d540000l + (n))

static const char mt_ro_shm[8] = "ro";

/* shmat, or fail; the address through *addr. */
static long attach(long seg, int prot, char **addr)
{
	void *v = NULL;
	long r = shmat(seg, prot, &v);

	CHECK(r > 0, "shmat(%ld, %d): %s", seg, prot, strerror(errno));
	CHECK(v != NULL && ((uintptr_t)v & (PG - 1)) == 0 && (uintptr_t)v < MT_SIGTRAMP,
	      "shmat placed the segment at %p", v);
	*addr = v;
	return r;
}

/* Removes a named segment a failed earlier run may have left behind. */
static void forget_key(long key)
{
	long id = sys_shmget(key, 0, 0);

	if (id >= 0)
		sys_shmctl(id, IPC_RMID);
}

static uint64_t sys_shm_count(void)
{
	struct system_mem_stats s;

	CHECK(system_memstats(&s) == 0, "system_memstats: %s", strerror(errno));
	return s.shm_count;
}

/* Parent and child share a segment both ways, through plain stores and
 * through mem_read/mem_write on the inherited region ID. */
void test_shm_fork(void)
{
	static const char c1[] = "child, by store", c2[] = "child, by mem_write";
	static const char p1[] = "parent, by store", p2[] = "parent, by mem_write";
	char *p, buf[64];
	volatile int *flag;
	long seg, reg;
	uint64_t count0 = sys_shm_count();
	pid_t pid;
	int st;

	seg = shmget(IPC_PRIVATE, 2 * PG, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	reg = attach(seg, PROT_READ_WRITE, &p);
	flag = (volatile int *)(p + 2 * PG - 64);
	for (size_t i = 0; i < 2 * PG; i++)
		CHECK(p[i] == 0, "a new segment's byte %zu is %d", i, p[i]);

	pid = ut_fork();
	if (pid == 0) {
		memcpy(p, c1, sizeof(c1));
		EXPECT_EQ(sys_mem_write(reg, PG, c2, sizeof(c2)), sizeof(c2), "child: mem_write");
		EXPECT_EQ(sys_shm_sync(reg), 0, "child: shm_sync");
		*flag = 1;
		CHECK(mt_wait_flag(flag, 2, 10), "child: the parent never wrote");
		EXPECT_EQ(sys_shm_refresh(reg), 0, "child: shm_refresh");
		CHECK(strcmp(p + 100, p1) == 0, "child: the parent's store is not seen");
		EXPECT_EQ(sys_mem_read(reg, PG + 100, buf, sizeof(p2)), sizeof(p2), "child: mem_read");
		CHECK(strcmp(buf, p2) == 0, "child: the parent's mem_write is not seen");
		*flag = 3;
		exit(0);
	}
	CHECK(mt_wait_flag(flag, 1, 10), "the child never wrote");
	EXPECT_EQ(sys_shm_refresh(reg), 0, "shm_refresh");
	CHECK(strcmp(p, c1) == 0, "the child's store is not seen");
	EXPECT_EQ(sys_mem_read(reg, PG, buf, sizeof(c2)), sizeof(c2), "mem_read");
	CHECK(strcmp(buf, c2) == 0, "the child's mem_write is not seen");
	memcpy(p + 100, p1, sizeof(p1));
	EXPECT_EQ(sys_mem_write(reg, PG + 100, p2, sizeof(p2)), sizeof(p2), "mem_write");
	EXPECT_EQ(sys_shm_sync(reg), 0, "shm_sync");
	*flag = 2;
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(*flag, 3, "the child's last store");
	CHECK(strcmp(p, c1) == 0, "the segment changed when the child exited");

	EXPECT_EQ(shmdt(reg), 0, "shmdt");
	/* IPC_PRIVATE: gone with its last detach. */
	EXPECT_EQ(sys_shmat(seg, PROT_READ_WRITE, NULL), -EINVAL, "shmat of the freed segment");
	EXPECT_EQ(sys_shmctl(seg, IPC_RMID), -EINVAL, "shmctl of the freed segment");
	EXPECT_EQ(sys_shm_count(), count0, "system shm_count at the end");
}

/* Two unrelated processes (siblings, no attachment inherited) find one
 * segment by its key: one writes, the other reads it back. */
void test_shm_key(void)
{
	const long key = MT_KEY(1);
	static const char msg[] = "written by the first process";
	pid_t writer, reader;
	char *p;
	long id, reg;
	int st;

	forget_key(key);
	EXPECT_EQ(sys_shmget(key, PG, 0), -ENOENT, "shmget of a key nobody made");
	writer = ut_fork();
	if (writer == 0) {
		volatile int *state;

		id = shmget(key, 2 * PG, IPC_CREAT | IPC_EXCL | 0600);
		CHECK(id >= 0, "writer: shmget: %s", strerror(errno));
		reg = attach(id, PROT_READ_WRITE, &p);
		state = (volatile int *)p;
		memcpy(p + 64, msg, sizeof(msg));
		p[PG + 7] = 'W';
		EXPECT_EQ(shm_sync(reg), 0, "writer: shm_sync");
		*state = 1;
		CHECK(mt_wait_flag(state, 2, 10), "writer: the reader never answered");
		EXPECT_EQ(shmdt(reg), 0, "writer: shmdt");
		exit(0);
	}
	reader = ut_fork();
	if (reader == 0) {
		uint64_t limit = ut_tsc_hz() * 10, t0 = rdtsc();
		volatile int *state;
		char buf[sizeof(msg)];

		while ((id = sys_shmget(key, 0, 0)) < 0) {
			CHECK(id == -ENOENT, "reader: shmget: %ld", id);
			CHECK(rdtsc() - t0 < limit, "reader: the segment never appeared");
			sys_yield();
		}
		reg = attach(id, PROT_READ_WRITE, &p);
		state = (volatile int *)p;
		CHECK(mt_wait_flag(state, 1, 10), "reader: the writer never wrote");
		EXPECT_EQ(shm_refresh(reg), 0, "reader: shm_refresh");
		CHECK(strcmp(p + 64, msg) == 0, "reader: plain loads see \"%s\"", p + 64);
		EXPECT_EQ(sys_mem_read(reg, 64, buf, sizeof(msg)), sizeof(msg), "reader: mem_read");
		CHECK(strcmp(buf, msg) == 0, "reader: mem_read sees \"%s\"", buf);
		EXPECT_EQ(p[PG + 7], 'W', "reader: the second page");
		*state = 2;
		EXPECT_EQ(shmdt(reg), 0, "reader: shmdt");
		exit(0);
	}
	st = ut_wait(writer);
	CHECK(st == 0, "writer: %s", ut_status(st));
	st = ut_wait(reader);
	CHECK(st == 0, "reader: %s", ut_status(st));

	/* Nobody is attached, but the key keeps it (and its bytes). */
	id = sys_shmget(key, 0, 0);
	CHECK(id >= 0, "shmget of the key after both detached: %ld", id);
	reg = attach(id, PROT_READ, &p);
	CHECK(strcmp(p + 64, msg) == 0 && p[PG + 7] == 'W', "the segment lost its bytes");
	EXPECT_EQ(shmdt(reg), 0, "shmdt");
	EXPECT_EQ(shmctl(id, IPC_RMID), 0, "shmctl(IPC_RMID)");
	EXPECT_EQ(sys_shmget(key, 0, 0), -ENOENT, "shmget after IPC_RMID");
}

/* Detach and reattach: the bytes live while the segment does; two
 * attachments in one process are two views of the same frames. */
void test_shm_reattach(void)
{
	const long key = MT_KEY(2);
	char *a, *b, *c;
	long id, r1, r2, r3;
	uint64_t a0;
	struct mem_stats s;

	forget_key(key);
	mt_prefault_stack();
	a0 = mt_allocated();
	id = shmget(key, 3 * PG, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	r1 = attach(id, PROT_READ_WRITE, &a);
	for (size_t i = 0; i < 3 * PG; i += 8)
		a[i] = (char)(i / 8);
	EXPECT_EQ(shmdt(r1), 0, "shmdt");
	EXPECT_EQ(sys_shmdt(r1), -EINVAL, "shmdt twice");
	EXPECT_EQ(mt_allocated(), a0, "memstats after shmdt");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)a, "reading a detached segment");

	r2 = attach(id, PROT_READ_WRITE, &b);
	CHECK(r2 != r1, "the reattachment got the old region ID %ld", r1);
	for (size_t i = 0; i < 3 * PG; i += 8)
		CHECK(b[i] == (char)(i / 8), "byte %zu lost across detach and reattach", i);

	r3 = attach(id, PROT_READ, &c);
	CHECK(c != b, "two attachments at one address");
	mt_stats(&s);
	EXPECT_EQ(s.shm_count, 2, "shm_count with two attachments");
	EXPECT_EQ(s.allocated - a0, 6 * PG, "memstats with a 3-page segment attached twice");
	b[5] = 'x';
	b[3 * PG - 1] = 'y';
	CHECK(c[5] == 'x' && c[3 * PG - 1] == 'y', "the second view does not see the first's stores");
	EXPECT_EQ(sys_mem_write(r3, 0, "z", 1), -EPERM, "mem_write through the READ attachment");
	EXPECT_EQ(sys_mem_write(r2, 0, "z", 1), 1, "mem_write through the READ_WRITE attachment");
	EXPECT_EQ(c[0], 'z', "the READ view sees mem_write");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)c, "storing through the READ attachment");
	/* The region's bounds are the segment's size in pages. */
	EXPECT_EQ(sys_mem_read(r3, 3 * PG - 1, a, 0), 0, "mem_read of 0 bytes at the end");
	{
		char ch;

		EXPECT_EQ(sys_mem_read(r3, 3 * PG - 1, &ch, 1), 1, "mem_read of the last byte");
		EXPECT_EQ(ch, 'y', "the last byte");
		EXPECT_EQ(sys_mem_read(r3, 3 * PG, &ch, 1), -EINVAL, "mem_read past the end");
	}
	EXPECT_EQ(shmdt(r3), 0, "shmdt");
	/* mem_free of an attachment's region ID detaches it, as shmdt does. */
	EXPECT_EQ(mem_free(r2), 0, "mem_free of an attachment");
	EXPECT_EQ(sys_shmdt(r2), -EINVAL, "shmdt after mem_free");
	mt_stats(&s);
	EXPECT_EQ(s.shm_count, 0, "shm_count at the end");
	EXPECT_EQ(s.allocated, a0, "memstats at the end");
	EXPECT_EQ(shmctl(id, IPC_RMID), 0, "shmctl(IPC_RMID)");
}

/* IPC_RMID: the key is forgotten at once (and free for a new segment);
 * the removed segment lives on for its attachers (EIDRM for new ones) and
 * is freed with the last detach, wherever that happens. */
void test_shm_rmid(void)
{
	const long key = MT_KEY(3);
	char *a, *f;
	long id, id2, r, rf;
	volatile int *flag;
	uint64_t count0;
	pid_t pid;
	int st;

	forget_key(key);
	count0 = sys_shm_count();
	id = shmget(key, PG, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	r = attach(id, PROT_READ_WRITE, &a);
	a[0] = 'x';
	EXPECT_EQ(shmctl(id, IPC_RMID), 0, "shmctl(IPC_RMID) while attached");
	EXPECT_EQ(sys_shmget(key, 0, 0), -ENOENT, "shmget of the removed key");
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, NULL), -EIDRM, "shmat of a removed, attached segment");
	EXPECT_EQ(sys_shmctl(id, IPC_RMID), -EINVAL, "shmctl(IPC_RMID) twice");
	EXPECT_EQ(a[0], 'x', "the attachment after IPC_RMID");
	EXPECT_EQ(sys_shm_sync(r), 0, "shm_sync of a removed segment's region");
	EXPECT_EQ(sys_shm_count(), count0 + 1, "system shm_count (the removed one still exists)");

	id2 = shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id2 >= 0 && id2 != id, "a new segment with the removed key: %ld (old %ld)", id2, id);
	rf = attach(id2, PROT_READ_WRITE, &f);
	flag = (volatile int *)f;

	pid = ut_fork();
	if (pid == 0) {
		/* We hold the last attachment once the parent detaches. */
		CHECK(mt_wait_flag(flag, 1, 10), "child: the parent never detached");
		EXPECT_EQ(a[0], 'x', "child: the removed segment");
		a[1] = 'c';
		EXPECT_EQ(sys_shmat(id, PROT_READ, NULL), -EIDRM, "child: shmat of the removed segment");
		exit(0);
	}
	EXPECT_EQ(shmdt(r), 0, "shmdt of the removed segment (the child still has it)");
	EXPECT_EQ(sys_shm_count(), count0 + 2, "system shm_count while the child holds it");
	*flag = 1;
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, NULL), -EINVAL, "shmat of the freed segment");
	EXPECT_EQ(sys_shm_count(), count0 + 1, "system shm_count after the last detach");
	EXPECT_EQ(shmdt(rf), 0, "shmdt");
	EXPECT_EQ(shmctl(id2, IPC_RMID), 0, "shmctl(IPC_RMID) of the unattached one");
	EXPECT_EQ(sys_shm_count(), count0, "system shm_count at the end");
}

/* Every error of shmget, shmat, shmdt, shmctl, shm_sync and shm_refresh. */
void test_shm_errors(void)
{
	const long key = MT_KEY(4);
	struct mem_stats s0, s1;
	char *p;
	long id, big, reg, rr, r;
	void *v;

	forget_key(key);
	EXPECT_EQ(sys_shmget(key, PG, IPC_CREAT | IPC_NOWAIT), -EINVAL, "shmget with IPC_NOWAIT");
	EXPECT_EQ(sys_shmget(key, PG, IPC_CREAT | 0x1000), -EINVAL, "shmget with flag 0x1000");
	EXPECT_EQ(sys_shmget(key, PG, -1), -EINVAL, "shmget with flags -1");
	EXPECT_EQ(sys_shmget(IPC_PRIVATE, 0, 0600), -EINVAL, "shmget(IPC_PRIVATE, size 0)");
	EXPECT_EQ(sys_shmget(key, 0, IPC_CREAT | 0600), -EINVAL, "creating with size 0");
	EXPECT_EQ(sys_shmget(key, (64ul << 20) + 1, IPC_CREAT | 0600), -EINVAL, "creating 64 MiB + 1");
	EXPECT_EQ(sys_shmget(IPC_PRIVATE, ~0ul, 0600), -EINVAL, "shmget of size -1");
	EXPECT_EQ(sys_shmget(key, PG, 0), -ENOENT, "shmget of a missing key");
	EXPECT_EQ(sys_shmget(key, PG, IPC_EXCL | 0600), -ENOENT, "IPC_EXCL without IPC_CREAT, missing key");

	id = shmget(key, 5000, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	EXPECT_EQ(sys_shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600), -EEXIST, "IPC_CREAT|IPC_EXCL of an existing key");
	errno = 0;
	CHECK(shmget(key, PG, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST, "libc shmget: errno %d", errno);
	EXPECT_EQ(sys_shmget(key, 2 * PG, 0), id, "size up to the rounded size finds it");
	EXPECT_EQ(sys_shmget(key, 2 * PG + 1, 0), -EINVAL, "a size larger than the segment");
	EXPECT_EQ(sys_shmget(key, 2 * PG + 1, IPC_CREAT), -EINVAL, "a larger size with IPC_CREAT");
	EXPECT_EQ(sys_shmget(key, 0, IPC_CREAT | 0600), id, "IPC_CREAT finds the existing one");
	EXPECT_EQ(sys_shmget(key, 1, IPC_EXCL), id, "IPC_EXCL alone finds it");

	big = shmget(IPC_PRIVATE, 64ul << 20, 0600);
	CHECK(big >= 0, "shmget of exactly 64 MiB: %s", strerror(errno));
	CHECK(big != id, "two segments with one ID");
	EXPECT_EQ(shmctl(big, IPC_RMID), 0, "shmctl(IPC_RMID) of the 64 MiB segment");

	mt_prefault_stack();
	mt_stats(&s0);
	{
		static const long bad_ids[] = { -1, 0, 999999, (long)(1ul << 63) };
		static const int bad_prot[] = { 0, PROT_WRITE, PROT_EXEC, 7, 8, -1 };

		for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++)
			if ((r = sys_shmat(bad_ids[i], PROT_READ_WRITE, &v)) != -EINVAL)
				ut_fail("shmat of segment %ld: got %ld, want EINVAL", bad_ids[i], r);
		for (size_t i = 0; i < sizeof(bad_prot) / sizeof(bad_prot[0]); i++)
			if ((r = sys_shmat(id, bad_prot[i], &v)) != -EINVAL)
				ut_fail("shmat with prot %d: got %ld, want EINVAL", bad_prot[i], r);
	}
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, ut_addr(0xffffffff80000000ul)), -EFAULT, "shmat, addr_out in the kernel");
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, ut_addr((uintptr_t)mt_ro_shm)), -EFAULT, "shmat, addr_out read-only");
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, ut_addr(0x1000)), -EFAULT, "shmat, addr_out at 0x1000");
	mt_stats(&s1);
	CHECK(s1.allocated == s0.allocated && s1.shm_count == 0, "a refused shmat attached something");

	reg = attach(id, PROT_READ_WRITE, &p);
	rr = mem_alloc(PG, PROT_READ_WRITE, &v);
	CHECK(rr > 0, "mem_alloc: %s", strerror(errno));
	EXPECT_EQ(sys_shmdt(0), -EINVAL, "shmdt(0)");
	EXPECT_EQ(sys_shmdt(-1), -EINVAL, "shmdt(-1)");
	EXPECT_EQ(sys_shmdt(reg + 100), -EINVAL, "shmdt of an unknown region");
	EXPECT_EQ(sys_shmdt(rr), -EINVAL, "shmdt of a mem_alloc region");
	errno = 0;
	CHECK(shmdt(rr) == -1 && errno == EINVAL, "libc shmdt: errno %d", errno);
	*(volatile char *)v = 1;             /* the region is intact */

	EXPECT_EQ(sys_shmctl(id, 1), -EINVAL, "shmctl with cmd 1");
	EXPECT_EQ(sys_shmctl(id, -1), -EINVAL, "shmctl with cmd -1");
	EXPECT_EQ(sys_shmctl(-1, IPC_RMID), -EINVAL, "shmctl of segment -1");
	EXPECT_EQ(sys_shmctl(999999, IPC_RMID), -EINVAL, "shmctl of an unknown segment");

	EXPECT_EQ(sys_shm_sync(reg), 0, "shm_sync of an attachment");
	EXPECT_EQ(sys_shm_refresh(reg), 0, "shm_refresh of an attachment");
	EXPECT_EQ(shm_sync(reg), 0, "libc shm_sync");
	EXPECT_EQ(sys_shm_sync(rr), -EINVAL, "shm_sync of a mem_alloc region");
	EXPECT_EQ(sys_shm_refresh(rr), -EINVAL, "shm_refresh of a mem_alloc region");
	EXPECT_EQ(sys_shm_sync(0), -EINVAL, "shm_sync(0)");
	EXPECT_EQ(sys_shm_refresh(-5), -EINVAL, "shm_refresh(-5)");
	EXPECT_EQ(sys_shm_sync(reg + 100), -EINVAL, "shm_sync of an unknown region");
	errno = 0;
	CHECK(shm_refresh(rr) == -1 && errno == EINVAL, "libc shm_refresh: errno %d", errno);

	EXPECT_EQ(shmdt(reg), 0, "shmdt");
	EXPECT_EQ(sys_shm_sync(reg), -EINVAL, "shm_sync after shmdt");
	EXPECT_EQ(sys_shm_refresh(reg), -EINVAL, "shm_refresh after shmdt");
	EXPECT_EQ(sys_mem_read(reg, 0, &r, 1), -EINVAL, "mem_read after shmdt");
	EXPECT_EQ(mem_free(rr), 0, "mem_free");
	EXPECT_EQ(shmctl(id, IPC_RMID), 0, "shmctl(IPC_RMID)");
	EXPECT_EQ(sys_shmat(id, PROT_READ_WRITE, NULL), -EINVAL, "shmat after IPC_RMID (no attachment left)");
}

/* At most 128 segments at once: ENOSPC; then everything back. */
void test_shm_enospc(void)
{
	static long ids[160];
	uint64_t count0 = sys_shm_count();
	int n;
	long r;

	CHECK(count0 < 128, "%lu segments exist before the test", (unsigned long)count0);
	for (n = 0; n < 160; n++) {
		r = sys_shmget(IPC_PRIVATE, PG, 0600);
		if (r < 0) {
			EXPECT_EQ(r, -ENOSPC, "shmget when the table is full");
			break;
		}
		ids[n] = r;
	}
	EXPECT_EQ(n, 128 - (long)count0, "segments made before ENOSPC");
	EXPECT_EQ(sys_shmget(MT_KEY(5), PG, IPC_CREAT | 0600), -ENOSPC, "a named segment when full");
	EXPECT_EQ(sys_shm_count(), 128, "system shm_count when full");
	for (int i = 0; i < n; i++)
		EXPECT_EQ(sys_shmctl(ids[i], IPC_RMID), 0, "shmctl(IPC_RMID)");
	EXPECT_EQ(sys_shm_count(), count0, "system shm_count after removing them");
	r = sys_shmget(IPC_PRIVATE, PG, 0600);
	CHECK(r >= 0, "shmget after freeing the table: %ld", r);
	EXPECT_EQ(sys_shmctl(r, IPC_RMID), 0, "shmctl(IPC_RMID)");
}

/* READ_EXEC: code stored through a READ_WRITE attachment runs from a
 * READ_EXEC attachment of the same segment; that one cannot be written. */
void test_shm_exec_region(void)
{
	char *w, *x;
	long seg, rw, rx;

	seg = shmget(IPC_PRIVATE, PG, 0600);
	CHECK(seg >= 0, "shmget: %s", strerror(errno));
	rw = attach(seg, PROT_READ_WRITE, &w);
	rx = attach(seg, PROT_READ_EXEC, &x);
	memcpy(w, mt_code42, sizeof(mt_code42));
	EXPECT_EQ(shm_sync(rw), 0, "shm_sync");
	EXPECT_EQ(((int (*)(void))(uintptr_t)x)(), 42, "code run from a READ_EXEC attachment");
	EXPECT_EQ(sys_mem_write(rx, 0, "x", 1), -EPERM, "mem_write through the READ_EXEC attachment");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)x, "storing through the READ_EXEC attachment");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)w, "running the READ_WRITE attachment");
	CHECK(memcmp(x, mt_code42, sizeof(mt_code42)) == 0, "the code changed");
	EXPECT_EQ(shmdt(rx), 0, "shmdt");
	EXPECT_EQ(shmdt(rw), 0, "shmdt");
}

/* exec drops attachments, regions and mappings (the new image starts with
 * none); the segment itself stays for the others. */
void test_shm_exec_drop(void)
{
	const long key = MT_KEY(6);
	struct system_mem_stats s;
	char *a;
	long id, reg;
	uint64_t count0;
	pid_t pid;
	int st;

	forget_key(key);
	count0 = sys_shm_count();
	id = shmget(key, PG, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	reg = attach(id, PROT_READ_WRITE, &a);
	a[0] = 's';
	pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "usertests", "--mem-helper", "regions", NULL };
		long r;

		a[1] = 'c';
		CHECK(mem_alloc(PG, PROT_READ_WRITE, NULL) > 0, "child: mem_alloc");
		CHECK(mmap(NULL, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0) != MAP_FAILED, "child: mmap");
		r = sys_execve("/bin/usertests", argv, NULL);
		ut_fail("child: execve: %ld", r);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "after exec (mem-helper regions): %s", ut_status(st));
	CHECK(a[0] == 's' && a[1] == 'c', "the segment after the child's exec");
	CHECK(system_memstats(&s) == 0 && s.shm_count == count0 + 1, "system shm_count after the exec");
	EXPECT_EQ(shmdt(reg), 0, "shmdt");
	EXPECT_EQ(shmctl(id, IPC_RMID), 0, "shmctl(IPC_RMID)");
	EXPECT_EQ(sys_shm_count(), count0, "system shm_count at the end");
}

/* MAP_SHARED anonymous memory is one set of frames for parent and child
 * (and grandchild), both ways; it counts at once. */
void test_mmap_shared_fork(void)
{
	char *s;
	volatile int *flag;
	uint64_t a0;
	pid_t pid;
	int st;

	mt_prefault_stack();
	a0 = mt_allocated();
	s = mmap(NULL, 2 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap(MAP_SHARED): %s", strerror(errno));
	EXPECT_EQ(mt_allocated() - a0, 2 * PG, "memstats right after a 2-page MAP_SHARED mmap");
	CHECK(s[0] == 0 && s[2 * PG - 1] == 0, "fresh shared memory is not zero");
	flag = (volatile int *)(s + PG);
	pid = ut_fork();
	if (pid == 0) {
		strcpy(s, "child");
		*flag = 1;
		CHECK(mt_wait_flag(flag, 2, 10), "child: the parent never wrote");
		CHECK(strcmp(s + 100, "parent") == 0, "child: the parent's store is not seen");
		pid = ut_fork();
		if (pid == 0) {
			strcpy(s + 200, "grandchild");
			exit(0);
		}
		st = ut_wait(pid);
		CHECK(st == 0, "grandchild: %s", ut_status(st));
		exit(0);
	}
	CHECK(mt_wait_flag(flag, 1, 10), "the child never wrote");
	CHECK(strcmp(s, "child") == 0, "the child's store is not seen");
	strcpy(s + 100, "parent");
	*flag = 2;
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	CHECK(strcmp(s + 200, "grandchild") == 0, "the grandchild's store is not seen");
	EXPECT_EQ(munmap(s, 2 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats after munmap");
}

/* MAP_PRIVATE is copied (on write) at fork: neither side sees the other. */
void test_mmap_private_fork(void)
{
	char *p;
	volatile int *flag;
	pid_t pid;
	int st;

	p = mmap(NULL, 2 * PG, RW, ANON_PRIVATE, -1, 0);
	flag = mmap(NULL, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && flag != MAP_FAILED, "mmap: %s", strerror(errno));
	p[0] = 'p';
	pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(p[0], 'p', "child: the parent's byte before fork");
		p[0] = 'c';
		p[PG] = 'c';              /* a page the parent never touched */
		*flag = 1;
		CHECK(mt_wait_flag(flag, 2, 10), "child: the parent never wrote");
		EXPECT_EQ(p[0], 'c', "child: our own byte after the parent's store");
		EXPECT_EQ(p[PG], 'c', "child: our own second page");
		exit(0);
	}
	CHECK(mt_wait_flag(flag, 1, 10), "the child never wrote");
	EXPECT_EQ(p[0], 'p', "our byte after the child's store");
	EXPECT_EQ(p[PG], 0, "our untouched page after the child's store");
	p[0] = 'P';
	*flag = 2;
	st = ut_wait(pid);
	CHECK(st == 0, "child: %s", ut_status(st));
	EXPECT_EQ(p[0], 'P', "our byte at the end");
	EXPECT_EQ(munmap(p, 2 * PG), 0, "munmap");
	EXPECT_EQ(munmap((void *)flag, PG), 0, "munmap");
}

/* A MAP_SHARED mapping takes its frames when it is made, whatever its
 * protection; PROT_NONE included: those frames count and are held to the
 * limit like any other. */
void test_mmap_shared_none(void)
{
	uint64_t a0;
	long f0, f1;
	void *p;
	pid_t pid;
	int st;

	/* Nothing can ever touch a PROT_NONE mapping (there is no mprotect),
	 * so even a shared one holds no frames and counts for nothing. */
	mt_prefault_stack();
	a0 = mt_allocated();
	f0 = mt_free_pages();
	p = mmap(NULL, 4 * PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap(PROT_NONE, MAP_SHARED): %s", strerror(errno));
	f1 = mt_free_pages();
	CHECK(f0 - f1 <= 1, "a 4-page MAP_SHARED PROT_NONE mapping took %ld frames", f0 - f1);
	EXPECT_EQ(mt_allocated(), a0, "memstats after a MAP_SHARED PROT_NONE mapping");
	pid = ut_fork();
	if (pid == 0) {
		/* Room for 4 more pages: each 4-page mapping fits, since none
		 * holds anything. */
		EXPECT_EQ(set_memlimit(mt_allocated() + 4 * PG), 0, "set_memlimit");
		long r1 = sys_mmap(NULL, 4 * PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		long r2 = sys_mmap(NULL, 4 * PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		CHECK(r1 > 0 && r2 > 0, "two PROT_NONE mappings under the limit: %ld, %ld", r1, r2);
		/* Touching one is still a fault. */
		pid_t g = ut_fork();
		if (g == 0) {
			*(volatile char *)r1 = 1;
			_exit(0);
		}
		int gst = ut_wait(g);
		CHECK(WIFSIGNALED(gst) && WTERMSIG(gst) == SIGSEGV, "store into PROT_NONE: %s",
		      ut_status(gst));
		exit(0);
	}
	st = ut_wait(pid);
	CHECK(st == 0, "child with a limit: %s", ut_status(st));
	EXPECT_EQ(munmap(p, 4 * PG), 0, "munmap");
	EXPECT_EQ(mt_allocated(), a0, "memstats after munmap");
}
