/*
 * Processes, second part: getppid and reparenting, the process table
 * filling up, trees and bombs of processes, copy-on-write, kill, process
 * groups and waitpid's group forms.
 */
#include "ut.h"

#define NPROC NPROC_MAX   /* the kernel's process table (abi.h) */

/* ---- getppid, reparenting ------------------------------------------------ */

void test_getppid(void)
{
	pid_t me = getpid(), c;
	long pp = sys_getppid();
	int st;

	CHECK(pp > 0, "getppid() = %ld", pp);
	EXPECT_EQ(pp, ut_main_pid, "our parent is the harness");
	EXPECT_EQ(getppid(), pp, "libc getppid vs raw");
	if (ut_main_pid == 1)
		EXPECT_EQ(ut_main_ppid, 0, "getppid() of pid 1");

	c = ut_fork();
	if (c == 0) {
		if (sys_getppid() != me)
			_exit(1);
		pid_t g = fork();
		if (g < 0)
			_exit(2);
		if (g == 0)
			_exit(sys_getppid() == getppid() && getppid() != me &&
			      sys_getppid() > 0 ? 0 : 3);
		int gst;
		if (waitpid(g, &gst, 0) != g || gst != 0)
			_exit(4);
		/* The grandchild saw us, not our parent. */
		_exit(sys_getppid() == me ? 0 : 5);
	}
	st = ut_wait_ms(c, 5000);
	CHECK(st == 0, "child: %s (1: its getppid, 3: grandchild's getppid)",
	      ut_status(st));
}

static volatile int rp_ok, rp_bad;
static void h_rp_ok(int s, void *i, struct sigcontext *c)  { (void)s; (void)i; (void)c; rp_ok++; }
static void h_rp_bad(int s, void *i, struct sigcontext *c) { (void)s; (void)i; (void)c; rp_bad++; }

/*
 * P forks G and exits; G watches its getppid() change from P to 1 and
 * tells us with SIGUSR1 (it became 1) or SIGUSR2 (anything else).  G is
 * not our child: pid 1 (the harness, usually) reaps it.
 */
void test_reparent(void)
{
	pid_t me = getpid(), p;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	ut_handle(SIGUSR1, h_rp_ok, 0, 0);
	ut_handle(SIGUSR2, h_rp_bad, 0, 0);
	p = ut_fork();
	if (p == 0) {
		pid_t parent = getpid();
		pid_t g = fork();
		if (g < 0)
			_exit(2);
		if (g == 0) {
			uint64_t t0 = rdtsc();
			long pp;

			/* At first P, then 1 once P has exited. */
			while ((pp = sys_getppid()) == parent && rdtsc() - t0 < ut_ms(3000))
				sys_yield();
			sys_kill(me, pp == 1 ? SIGUSR1 : SIGUSR2);
			_exit(0);
		}
		_exit(5);
	}
	st = ut_wait_ms(p, 5000);
	EXPECT_EQ(st, W_EXITCODE(5), "the middle process's status");
	uint64_t t0 = rdtsc();
	while (rp_ok + rp_bad == 0 && rdtsc() - t0 < ut_ms(5000))
		sys_yield();
	CHECK(rp_ok + rp_bad > 0, "the grandchild never reported");
	CHECK(rp_ok == 1 && rp_bad == 0, "the orphan's getppid() did not become 1");
	/* The orphan went to pid 1, not to us. */
	EXPECT_EQ(sys_waitpid(-1, &st, WNOHANG), -ECHILD, "waitpid(-1) for the orphan");
}

/* ---- the process table ---------------------------------------------------- */

/* Live children (not zombies) until fork fails: EAGAIN, exactly when the
 * table is full; then SIGKILL them all and reap them. */
void test_fork_until_eagain(void)
{
	pid_t pids[NPROC];
	long used = sys_kinfo(KINFO_NPROCS);
	int n = 0, err = 0;

	ut_need_kill();
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			ut_linger(5000);
		if (pid < 0) {
			err = errno;
			break;
		}
		CHECK(n < NPROC, "more than %d forks succeeded", NPROC);
		pids[n++] = pid;
	}
	long r = sys_fork();
	if (r == 0)
		_exit(0);
	for (int i = 0; i < n; i++)
		sys_kill(pids[i], SIGKILL);
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int st = ut_wait_ms(pids[i], 5000);
		if (st != SIGKILL)
			bad++;
	}
	EXPECT_EQ(err, EAGAIN, "errno of the failed fork");
	EXPECT_EQ(r, -EAGAIN, "a fork with the table still full");
	if (used > 0)
		EXPECT_EQ(n, NPROC - used, "forks that fit in the table");
	CHECK(bad == 0, "%d of %d children did not die of SIGKILL", bad, n);
	EXPECT_EQ(sys_waitpid(-1, NULL, WNOHANG), -ECHILD, "children left");
	/* And the slots are free again. */
	pid_t pid = ut_fork();
	if (pid == 0)
		_exit(7);
	EXPECT_EQ(ut_wait_ms(pid, 3000), W_EXITCODE(7), "a fork after the storm");
}

/*
 * A binary tree of processes, DEPTH levels below us (2 + 4 + ... = 30
 * processes), three times over, with a spinning process as load.  Each
 * node writes its id into a global, its stack and its heap, waits for its
 * two children, checks their exit codes and that its own memory still says
 * its id, and exits with (id & 0x7f).  A failure anywhere exits 0xee.
 */
#define TREE_DEPTH 4
static int tree_global;

static void __attribute__((noreturn)) tree_node(int id, int depth)
{
	volatile int local = id;
	int *heap = malloc(sizeof(int) * 64);

	if (!heap)
		_exit(0xee);
	tree_global = id;
	for (int i = 0; i < 64; i++)
		heap[i] = id + i;
	if (depth < TREE_DEPTH) {
		pid_t kids[2];

		for (int k = 0; k < 2; k++) {
			kids[k] = fork();
			if (kids[k] < 0)
				_exit(0xee);
			if (kids[k] == 0)
				tree_node(2 * id + k, depth + 1);
		}
		for (int k = 0; k < 2; k++) {
			int st;

			if (waitpid(kids[k], &st, 0) != kids[k] ||
			    st != W_EXITCODE((2 * id + k) & 0x7f))
				_exit(0xee);
		}
	}
	if (tree_global != id || local != id)
		_exit(0xee);
	for (int i = 0; i < 64; i++)
		if (heap[i] != id + i)
			_exit(0xee);
	_exit(id & 0x7f);
}

void test_fork_tree(void)
{
	pid_t load = ut_fork();

	if (load == 0) {
		ut_spin(ut_ms(1500));
		_exit(0);
	}
	for (int round = 0; round < 3; round++) {
		pid_t kids[2];

		tree_global = 1;
		for (int k = 0; k < 2; k++) {
			kids[k] = ut_fork();
			if (kids[k] == 0)
				tree_node(2 + k, 1);
		}
		for (int k = 0; k < 2; k++) {
			int st = ut_wait_ms(kids[k], 20000);
			CHECK(st == W_EXITCODE(2 + k),
			      "round %d: subtree %d: %s (exit 238: a node saw a failure)",
			      round, 2 + k, ut_status(st));
		}
		EXPECT_EQ(tree_global, 1, "our global after the tree");
	}
	sys_kill(load, SIGKILL);      /* if kill works; else it ends by itself */
	ut_wait_ms(load, 5000);
	EXPECT_EQ(sys_waitpid(-1, NULL, WNOHANG), -ECHILD, "children left");
}

/*
 * A fork bomb in a process group of its own: every process forks until
 * fork fails, and every child does the same.  When the table is full we
 * kill the whole group; the harness (pid 1) reaps the orphans, and its leak
 * check shows everything came back.  Each bomb process gives up by itself
 * after a few seconds, in case kill does not work.
 */
void test_fork_bomb(void)
{
	long base = sys_kinfo(KINFO_NPROCS);
	pid_t leader;
	int st;

	ut_need_kill();
	uint64_t deadline = rdtsc() + ut_ms(4000);
	leader = ut_fork();
	if (leader == 0) {
		sys_setpgid(0, 0);
		for (;;) {
			long r = sys_fork();
			if (r < 0)
				break;
			/* parent and child alike go on forking */
		}
		while (rdtsc() < deadline)
			sys_yield();
		_exit(0);
	}
	sys_setpgid(leader, leader);     /* the child does the same: no race */

	/* Wait for the table to fill up. */
	uint64_t t0 = rdtsc();
	long n = base;
	while (rdtsc() - t0 < ut_ms(3000)) {
		n = sys_kinfo(KINFO_NPROCS);
		if (n >= NPROC)
			break;
		sys_yield();
	}
	long full = n;
	/* Kill the group; again after a moment, in case one slipped
	 * through a fork in between. */
	long k1 = sys_kill(-leader, SIGKILL);
	for (int i = 0; i < 3; i++) {
		ut_yield_ms(20);
		sys_kill(-leader, SIGKILL);
	}
	st = ut_wait_ms(leader, 5000);
	EXPECT_EQ(k1, 0, "kill(-group, SIGKILL)");
	CHECK(full >= NPROC, "the bomb never filled the table (%ld of %d slots)",
	      full, NPROC);
	EXPECT_EQ(st, SIGKILL, "the bomb's leader: wait status");
	/* The rest of the group are orphans now: pid 1 reaps them, and the
	 * harness's leak check proves they all went. */
}

/* ---- copy-on-write ------------------------------------------------------- */

static char cow_global[3 * 4096] __attribute__((aligned(4096)));

static void fill_pages(char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i += 512)
		p[i] = c;
}

static int pages_are(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i += 512)
		if (p[i] != c)
			return 0;
	return 1;
}

static volatile int cow_go;
static void h_cow_go(int s, void *i, struct sigcontext *c) { (void)s; (void)i; (void)c; cow_go = 1; }

/*
 * Parent and child write the same page of a global, of the heap and of the
 * stack: each sees its own bytes.  Round 1: the child writes and exits,
 * then we look.  Round 2: we write while the child still lives, then let
 * it look (it waits for our SIGUSR1, or for a moment without kill).
 */
void test_cow_isolation(void)
{
	char stack_page[4096];
	char *heap = malloc(3 * 4096);
	pid_t pid;
	int st;

	CHECK(heap != NULL, "malloc");
	fill_pages(cow_global, sizeof(cow_global), 'P');
	fill_pages(heap, 3 * 4096, 'P');
	fill_pages(stack_page, sizeof(stack_page), 'P');

	/* Round 1: the child writes first. */
	pid = ut_fork();
	if (pid == 0) {
		if (!pages_are(cow_global, sizeof(cow_global), 'P') ||
		    !pages_are(heap, 3 * 4096, 'P') ||
		    !pages_are(stack_page, sizeof(stack_page), 'P'))
			_exit(10);
		fill_pages(cow_global, sizeof(cow_global), 'C');
		fill_pages(heap, 3 * 4096, 'C');
		fill_pages(stack_page, sizeof(stack_page), 'C');
		if (!pages_are(cow_global, sizeof(cow_global), 'C') ||
		    !pages_are(heap, 3 * 4096, 'C') ||
		    !pages_are(stack_page, sizeof(stack_page), 'C'))
			_exit(11);
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "round 1 child: %s (10: did not see our bytes, 11: lost "
	      "its own)", ut_status(st));
	CHECK(pages_are(cow_global, sizeof(cow_global), 'P'), "the child's write reached our global");
	CHECK(pages_are(heap, 3 * 4096, 'P'), "the child's write reached our heap");
	CHECK(pages_are(stack_page, sizeof(stack_page), 'P'), "the child's write reached our stack");

	/* Round 2: we write after the fork, the child looks afterwards. */
	int have_kill = sys_kill(getpid(), 0) == 0 && sys_sigaction(SIGUSR1, NULL, NULL) == 0;
	if (have_kill)
		ut_handle(SIGUSR1, h_cow_go, 0, 0);
	cow_go = 0;
	pid = ut_fork();
	if (pid == 0) {
		uint64_t t0 = rdtsc();

		while (!cow_go && rdtsc() - t0 < ut_ms(have_kill ? 3000 : 100))
			sys_yield();
		if (have_kill && !cow_go)
			_exit(12);
		if (!pages_are(cow_global, sizeof(cow_global), 'P') ||
		    !pages_are(heap, 3 * 4096, 'P') ||
		    !pages_are(stack_page, sizeof(stack_page), 'P'))
			_exit(13);
		fill_pages(heap, 3 * 4096, 'D');
		_exit(0);
	}
	fill_pages(cow_global, sizeof(cow_global), 'Q');
	fill_pages(heap, 3 * 4096, 'Q');
	fill_pages(stack_page, sizeof(stack_page), 'Q');
	if (have_kill)
		sys_kill(pid, SIGUSR1);
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "round 2 child: %s (12: no go signal, 13: saw our later "
	      "writes)", ut_status(st));
	CHECK(pages_are(cow_global, sizeof(cow_global), 'Q') &&
	      pages_are(heap, 3 * 4096, 'Q') &&
	      pages_are(stack_page, sizeof(stack_page), 'Q'),
	      "our own writes after the fork were lost");
	free(heap);
}

/*
 * Copy-on-write in the page counts: a fork does not copy 128 touched heap
 * pages; the child's writes to them do (one frame each); once the child is
 * gone, our writes need no copies (we hold the only reference).
 */
void test_cow_accounting(void)
{
	enum { NPAGES = 128 };
	char *big = malloc(NPAGES * 4096 + 4096);
	char *p;
	pid_t pid;
	int st;

	CHECK(big != NULL, "malloc");
	p = (char *)(((uintptr_t)big + 4095) & ~(uintptr_t)4095);
	fill_pages(p, NPAGES * 4096, 'a');
	/* Warm up: the first fork may allocate page tables that stay. */
	pid = ut_fork();
	if (pid == 0)
		_exit(0);
	ut_wait_ms(pid, 3000);

	long f0 = sys_kinfo(KINFO_FREE_PAGES);
	pid = ut_fork();
	if (pid == 0) {
		ut_yield_ms(20);           /* let the parent count first */
		long c0 = sys_kinfo(KINFO_FREE_PAGES);
		fill_pages(p, NPAGES * 4096, 'b');
		long c1 = sys_kinfo(KINFO_FREE_PAGES);
		if (!pages_are(p, NPAGES * 4096, 'b'))
			_exit(20);
		/* Each page written was copied (at least NPAGES frames). */
		_exit(c0 - c1 >= NPAGES ? 0 : 21);
	}
	long f1 = sys_kinfo(KINFO_FREE_PAGES);
	st = ut_wait_ms(pid, 5000);
	CHECK(f0 - f1 < NPAGES / 2, "fork took %ld pages with %d heap pages: "
	      "copied rather than shared", f0 - f1, NPAGES);
	CHECK(st == 0, "child: %s (21: its writes did not take a frame each)",
	      ut_status(st));
	CHECK(pages_are(p, NPAGES * 4096, 'a'), "the child's writes reached us");

	/* Sole owner again: writing takes no new frames. */
	long g0 = sys_kinfo(KINFO_FREE_PAGES);
	fill_pages(p, NPAGES * 4096, 'c');
	long g1 = sys_kinfo(KINFO_FREE_PAGES);
	CHECK(g0 - g1 < 8, "writing %d pages we alone hold took %ld frames",
	      NPAGES, g0 - g1);
	free(big);
}

/* ---- kill ----------------------------------------------------------------- */

void test_kill_child(void)
{
	static const int sigs[] = { SIGKILL, SIGTERM, SIGINT, SIGUSR1, 40 };
	pid_t pid;
	int st;

	ut_need_kill();
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid = ut_fork();
		if (pid == 0)
			ut_linger(5000);
		EXPECT_EQ(sys_kill(pid, sigs[i]), 0, "kill(child, sig)");
		st = ut_wait_ms(pid, 3000);
		CHECK(st == sigs[i], "child sent signal %d: %s, want status %d",
		      sigs[i], ut_status(st), sigs[i]);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i] && !WIFEXITED(st),
		      "status %#x: macros", st);
	}

	/* An ignored SIGTERM does nothing; SIGKILL still kills.  The child
	 * says when it is ready (its SIGTERM ignored). */
	ut_ready_arm();
	pid_t me = getpid();
	pid = ut_fork();
	if (pid == 0) {
		sys_signal(SIGTERM, SIGACT_IGNORE);
		ut_ready_send(me);
		ut_linger(5000);
	}
	CHECK(ut_ready_wait(3000), "the child never said it was ready");
	EXPECT_EQ(sys_kill(pid, SIGTERM), 0, "kill(child, SIGTERM)");
	ut_yield_ms(20);
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG), 0, "a child ignoring SIGTERM");
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(child, SIGKILL)");
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, SIGKILL, "status after SIGKILL");
}

/*
 * Preemption and kill together: a child that spins in user mode forever
 * (well, 10 s) does not keep us from running, and SIGKILL stops it.
 */
void test_kill_spinner(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	pid = ut_fork();
	if (pid == 0) {
		ut_spin(ut_ms(10000));
		_exit(0);
	}
	uint64_t t0 = rdtsc();
	for (int i = 0; i < 50; i++)
		sys_getpid();
	ut_yield_ms(20);
	uint64_t took = rdtsc() - t0;
	CHECK(took < ut_ms(5000), "we got almost no CPU next to a spinner");
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(spinner, SIGKILL)");
	st = ut_wait_ms(pid, 3000);
	CHECK(st == SIGKILL, "spinner: %s, want signal %d", ut_status(st), SIGKILL);
}

void test_kill_errors(void)
{
	pid_t pid, me = getpid();
	int st;

	ut_need_kill();
	EXPECT_EQ(sys_kill(me, 0), 0, "kill(self, 0)");
	EXPECT_EQ(kill(me, 0), 0, "libc kill(self, 0)");
	EXPECT_EQ(sys_kill(1, 0), 0, "kill(1, 0): pid 1 exists");
	EXPECT_EQ(sys_kill(me, 64), -EINVAL, "kill(self, 64)");
	EXPECT_EQ(sys_kill(me, -1), -EINVAL, "kill(self, -1)");
	EXPECT_EQ(sys_kill(me, 1000), -EINVAL, "kill(self, 1000)");
	EXPECT_EQ(sys_kill(99999, 0), -ESRCH, "kill(99999, 0)");
	EXPECT_EQ(sys_kill(99999, SIGKILL), -ESRCH, "kill(99999, SIGKILL)");
	EXPECT_EQ(sys_kill(-99999, 0), -ESRCH, "kill(-99999, 0): no such group");
	EXPECT_EQ(sys_kill(99999, 64), -EINVAL, "kill(99999, 64): the signal is checked first");
	errno = 0;
	CHECK(kill(99999, 0) == -1 && errno == ESRCH, "libc kill(99999): errno %d", errno);

	/* A live child; then the same pid once reaped (free): ESRCH. */
	pid = ut_fork();
	if (pid == 0)
		ut_linger(5000);
	EXPECT_EQ(sys_kill(pid, 0), 0, "kill(live child, 0)");
	EXPECT_EQ(sys_kill(-1, 0), 0, "kill(-1, 0) with a live child");
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(child, SIGKILL)");
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, SIGKILL, "child's status");
	EXPECT_EQ(sys_kill(pid, 0), -ESRCH, "kill(reaped child, 0)");
	EXPECT_EQ(sys_kill(pid, SIGKILL), -ESRCH, "kill(reaped child, SIGKILL)");

	/* A zombie: kill says 0 and does nothing (the exit status stays).
	 * SIGCHLD, blocked, tells us when it has become one. */
	sys_sigblock(SIGCHLD);
	pid = ut_fork();
	if (pid == 0)
		_exit(5);
	uint64_t t0 = rdtsc();
	while (!(sys_sigpending() & (long)SIGBIT(SIGCHLD)) && rdtsc() - t0 < ut_ms(3000))
		sys_yield();
	EXPECT_EQ(sys_kill(pid, 0), 0, "kill(zombie, 0)");
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(zombie, SIGKILL)");
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, W_EXITCODE(5), "a zombie's status after kill");
	sys_sigunblock(SIGCHLD);
}

/* kill(-pgid) reaches the group and nobody else; kill(0) our own group. */
static volatile int kg_self;
static void h_kg(int s, void *i, struct sigcontext *c) { (void)s; (void)i; (void)c; kg_self++; }

void test_kill_group(void)
{
	pid_t me = getpid(), a, b, c;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	/* Our own group first, so that kill(0) cannot reach the harness. */
	EXPECT_EQ(sys_setpgid(0, 0), 0, "setpgid(0, 0)");

	a = ut_fork();
	if (a == 0) {
		sys_setpgid(0, 0);
		ut_linger(5000);
	}
	EXPECT_EQ(sys_setpgid(a, a), 0, "setpgid(a, a)");
	b = ut_fork();
	if (b == 0) {
		sys_setpgid(0, a);
		ut_linger(5000);
	}
	EXPECT_EQ(sys_setpgid(b, a), 0, "setpgid(b, a): into a's group");
	c = ut_fork();                       /* stays in our group */
	if (c == 0)
		ut_linger(5000);

	EXPECT_EQ(sys_getpgid(a), a, "a's group");
	EXPECT_EQ(sys_getpgid(b), a, "b's group");
	EXPECT_EQ(sys_getpgid(c), me, "c's group");
	EXPECT_EQ(sys_kill(-a, SIGTERM), 0, "kill(-a, SIGTERM)");
	EXPECT_EQ(ut_wait_ms(a, 3000), SIGTERM, "a's status");
	EXPECT_EQ(ut_wait_ms(b, 3000), SIGTERM, "b's status");
	EXPECT_EQ(sys_waitpid(c, &st, WNOHANG), 0, "c, outside the group, lives");
	EXPECT_EQ(sys_kill(-a, 0), -ESRCH, "kill(-a, 0) once the group is gone");

	/* kill(0, sig): our group, which is us and c. */
	ut_handle(SIGUSR1, h_kg, 0, 0);
	EXPECT_EQ(sys_kill(0, SIGUSR1), 0, "kill(0, SIGUSR1)");
	EXPECT_EQ(kg_self, 1, "our own handler for the group signal");
	EXPECT_EQ(ut_wait_ms(c, 3000), SIGUSR1, "c's status after kill(0)");
	EXPECT_EQ(sys_kill(-me, 0), 0, "kill(-our group, 0): we are in it");
}

/* ---- process groups ------------------------------------------------------- */

void test_pgid(void)
{
	pid_t me = getpid(), c, g;
	long pg0 = sys_getpgid(0);
	int st;

	CHECK(pg0 > 0, "getpgid(0) = %ld", pg0);
	EXPECT_EQ(sys_getpgid(me), pg0, "getpgid(self) vs getpgid(0)");
	EXPECT_EQ(pg0, sys_getpgid(ut_main_pid), "we start in the harness's group");
	EXPECT_EQ(getpgrp(), pg0, "libc getpgrp");
	EXPECT_EQ(sys_getpgid(1), 1, "pid 1's group");
	EXPECT_EQ(sys_getpgid(99999), -ESRCH, "getpgid(99999)");

	EXPECT_EQ(sys_setpgid(0, -1), -EINVAL, "setpgid(0, -1)");
	EXPECT_EQ(sys_setpgid(0, 99999), -EPERM, "setpgid(0, 99999): no such group");
	EXPECT_EQ(sys_setpgid(99999, 0), -ESRCH, "setpgid(99999, 0)");
	EXPECT_EQ(sys_setpgid(1, 0), -ESRCH, "setpgid(1, 0): not us or our child");
	EXPECT_EQ(sys_getpgid(0), pg0, "group after the refused calls");

	EXPECT_EQ(sys_setpgid(0, 0), 0, "setpgid(0, 0)");
	EXPECT_EQ(sys_getpgid(0), me, "our group after setpgid(0, 0)");
	EXPECT_EQ(sys_setpgid(me, me), 0, "setpgid(me, me) again");
	EXPECT_EQ(sys_getpgid(1), 1, "pid 1's group unchanged");

	/* A child inherits our group; we can move it to a new one of its own
	 * and back into ours, but not into a group that does not exist. */
	c = ut_fork();
	if (c == 0) {
		if (sys_getpgid(0) != me)
			_exit(1);
		g = fork();
		if (g < 0)
			_exit(2);
		if (g == 0)
			ut_linger(3000);
		/* Our child: fine.  Our parent may not touch it. */
		if (sys_setpgid(g, g) != 0 || sys_getpgid(g) != g)
			_exit(3);
		sys_kill(g, SIGKILL);
		waitpid(g, NULL, 0);
		ut_linger(3000);
	}
	EXPECT_EQ(sys_getpgid(c), me, "the child's group");
	EXPECT_EQ(sys_setpgid(c, 0), 0, "setpgid(child, 0)");
	EXPECT_EQ(sys_getpgid(c), c, "the child in a group of its own");
	EXPECT_EQ(sys_setpgid(c, me), 0, "setpgid(child, our group)");
	EXPECT_EQ(sys_getpgid(c), me, "the child back in our group");
	EXPECT_EQ(sys_setpgid(c, 99999), -EPERM, "setpgid(child, 99999)");
	EXPECT_EQ(sys_setpgid(c, -5), -EINVAL, "setpgid(child, -5)");
	sys_kill(c, SIGKILL);
	st = ut_wait_ms(c, 5000);
	CHECK(st == SIGKILL || st == W_EXITCODE(UT_LINGER_EXIT),
	      "child: %s (1: did not inherit our group, 3: could not move its "
	      "own child)", ut_status(st));
	EXPECT_EQ(sys_setpgid(c, 0), -ESRCH, "setpgid of a reaped child");
	EXPECT_EQ(sys_getpgid(c), -ESRCH, "getpgid of a reaped child");

	/* A group whose only member is a zombie still exists until the reap
	 * (as in POSIX): a shell's pipeline joins its first stage's group
	 * even when that stage has already exited. */
	pid_t lead = ut_fork();
	if (lead == 0) {
		sys_setpgid(0, 0);
		_exit(0);
	}
	sys_setpgid(lead, lead);
	pid_t late = ut_fork();
	if (late == 0)
		ut_linger(3000);
	int zombie = 0;
	for (int i = 0; i < 2000 && !zombie; i++) {
		struct proc_info pi;
		for (long slot = 0; slot < NPROC_MAX; slot++)
			if (__syscall6(SYS_proc_info, slot, (long)&pi, sizeof(pi), 0, 0, 0) == lead &&
			    pi.state == PSTATE_ZOMBIE)
				zombie = 1;
		sys_yield();
	}
	CHECK(zombie, "the leader never became a zombie");
	EXPECT_EQ(sys_setpgid(late, lead), 0, "join a group whose only member is a zombie");
	EXPECT_EQ(sys_getpgid(late), lead, "the late child's group");
	ut_wait(lead);
	sys_kill(late, SIGKILL);
	ut_wait_ms(late, 5000);
}

/* waitpid(0) waits for our group, waitpid(-pgid) for that group. */
void test_waitpid_groups(void)
{
	pid_t me = getpid(), a, b;
	int st;

	EXPECT_EQ(sys_setpgid(0, 0), 0, "setpgid(0, 0)");
	b = ut_fork();
	if (b == 0) {
		sys_setpgid(0, 0);
		ut_yield_ms(100);          /* exit after a, in a group of its own */
		_exit(22);
	}
	sys_setpgid(b, b);
	a = ut_fork();
	if (a == 0)
		_exit(21);                 /* in our group */

	st = -1;
	EXPECT_EQ(ut_wait_poll(0, &st, 0, 5000), a, "waitpid(0): the child in our group");
	EXPECT_EQ(st, W_EXITCODE(21), "its status");
	EXPECT_EQ(sys_waitpid(0, &st, WNOHANG), -ECHILD,
		  "waitpid(0) with no child left in our group");
	EXPECT_EQ(sys_waitpid(-me, &st, WNOHANG), -ECHILD, "waitpid(-our group), same");
	EXPECT_EQ(sys_waitpid(-99999, &st, WNOHANG), -ECHILD, "waitpid(-99999)");
	st = -1;
	EXPECT_EQ(ut_wait_poll(-b, &st, 0, 5000), b, "waitpid(-b's group)");
	EXPECT_EQ(st, W_EXITCODE(22), "its status");
	EXPECT_EQ(sys_waitpid(-1, &st, WNOHANG), -ECHILD, "no children left");

	/* A blocking waitpid(0) sleeps until the child ends. */
	a = ut_fork();
	if (a == 0) {
		ut_yield_ms(50);
		_exit(23);
	}
	long w = sys_waitpid(0, &st, 0);
	EXPECT_EQ(w, a, "blocking waitpid(0)");
	EXPECT_EQ(st, W_EXITCODE(23), "its status");
}

void test_waitpid_options(void)
{
	static const int bad[] = { 4, 16, 32, 0x100, 0x80000000, -1, WNOHANG | 4 };
	pid_t pid;
	int st = 12345;

	pid = ut_fork();
	if (pid == 0) {
		ut_yield_ms(100);
		_exit(3);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(sys_waitpid(pid, &st, bad[i]) == -EINVAL,
		      "waitpid with options %#x: %ld, want %d", bad[i],
		      sys_waitpid(pid, &st, bad[i]), -EINVAL);
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG | WUNTRACED | WCONTINUED), 0,
		  "waitpid(running child, WNOHANG | WUNTRACED | WCONTINUED)");
	EXPECT_EQ(sys_waitpid(pid, ut_addr(KTEXT_ADDR), WNOHANG), -EFAULT,
		  "waitpid into kernel memory");
	EXPECT_EQ(st, 12345, "status untouched by the failed calls");
	st = -1;
	EXPECT_EQ(ut_wait_poll(pid, &st, WUNTRACED | WCONTINUED, 5000), pid,
		  "waitpid(child, WUNTRACED | WCONTINUED)");
	EXPECT_EQ(st, W_EXITCODE(3), "exit status through WUNTRACED | WCONTINUED");
	EXPECT_EQ(sys_waitpid(-1, &st, WUNTRACED), -ECHILD, "waitpid(-1, WUNTRACED), no children");
}
