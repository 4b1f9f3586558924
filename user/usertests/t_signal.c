/*
 * Signals: dispositions, handlers, the blocked set, default actions,
 * stopping and continuing, SIGCHLD and EINTR.
 *
 * Everything a process might wait for has a deadline (ut_wait_ms,
 * ut_linger): a kernel that lacks a feature makes a test fail, not hang.
 */
#include "ut.h"

void __sigreturn_trampoline(void);        /* libc's restorer (sigtramp.S) */

/* One set of counters for the simple handlers of this file. */
static volatile int h_count, h_sig, h_depth, h_maxdepth;
static volatile uint64_t h_info, h_sc, h_ret, h_signo, h_mask;
static volatile int h_aligned, h_rflags_ok;

static void h_reset(void)
{
	h_count = h_sig = h_depth = h_maxdepth = 0;
	h_info = h_sc = h_ret = h_signo = h_mask = 0;
	h_aligned = h_rflags_ok = 0;
}

static void __attribute__((noinline)) h_note(int sig, void *info,
					      struct sigcontext *sc)
{
	volatile char probe[16] __attribute__((aligned(16)));

	probe[0] = 0;
	h_count++;
	h_sig = sig;
	h_info = (uint64_t)info;
	h_sc = (uint64_t)sc;
	h_signo = sc ? sc->signo : 0;
	h_mask = sc ? sc->mask : 0;
	h_aligned = ((uintptr_t)probe & 15) == 0;
	h_rflags_ok = !(__builtin_ia32_readeflags_u64() & 0x500);  /* TF, DF */
}

static void h_simple(int sig, void *info, struct sigcontext *sc)
{
	h_ret = (uint64_t)__builtin_return_address(0);
	h_note(sig, info, sc);
}

/* Waits (WUNTRACED) up to ms for pid to stop: -> the status.  Anything
 * else (it ended, or is still running) fails the test, after making sure
 * the child is gone. */
static int wait_stopped(pid_t pid, unsigned ms, const char *what)
{
	int st = -1;
	long w = ut_wait_poll(pid, &st, WUNTRACED, ms);

	if (w == pid && WIFSTOPPED(st))
		return st;
	if (w == pid)
		ut_fail("%s: child %s instead of stopping", what, ut_status(st));
	sys_kill(pid, SIGKILL);
	ut_wait_poll(pid, NULL, 0, 2000);
	ut_fail("%s: no stop reported within %u ms (waitpid: %ld)", what, ms, w);
}

/* ---- handlers ------------------------------------------------------------ */

void test_sig_handler_basic(void)
{
	struct sigaction q;

	ut_need_kill();
	ut_need_sigaction();
	h_reset();
	ut_handle(SIGUSR1, h_simple, 0, 0);

	EXPECT_EQ(raise(SIGUSR1), 0, "raise(SIGUSR1)");
	EXPECT_EQ(h_count, 1, "handler runs once, before raise returns");
	EXPECT_EQ(h_sig, SIGUSR1, "handler's first argument");
	EXPECT_EQ(h_info, 0, "handler's second argument");
	CHECK(h_sc != 0 && (h_sc & 15) == 0, "handler's sigcontext %#lx: not "
	      "16-byte aligned", h_sc);
	EXPECT_EQ(h_signo, SIGUSR1, "sigcontext.signo");
	EXPECT_EQ(h_mask, 0, "sigcontext.mask (the mask to restore)");
	CHECK(h_aligned, "the handler's stack is not 16-byte aligned (ABI)");
	CHECK(h_rflags_ok, "the handler runs with TF or DF set");
	EXPECT_EQ(h_ret, (uint64_t)(uintptr_t)__sigreturn_trampoline,
		  "the handler returns into libc's restorer");

	/* The blocked set is back after the handler: it runs again. */
	EXPECT_EQ(raise(SIGUSR1), 0, "raise(SIGUSR1) again");
	EXPECT_EQ(h_count, 2, "handler runs for the second SIGUSR1");
	EXPECT_EQ(sys_sigpending(), 0, "sigpending after the handlers");

	/* The query reports what libc installed: the handler, SA_RESTORER
	 * and its trampoline. */
	memset(&q, 0x55, sizeof(q));
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, (uint64_t)(uintptr_t)h_simple, "queried sa_handler");
	EXPECT_EQ(q.sa_mask, 0, "queried sa_mask");
	EXPECT_EQ(q.sa_flags, SA_RESTORER, "queried sa_flags");
	EXPECT_EQ(q.sa_restorer, (uint64_t)(uintptr_t)__sigreturn_trampoline,
		  "queried sa_restorer");

	/* Each signal has its own disposition. */
	memset(&q, 0x55, sizeof(q));
	EXPECT_EQ(sys_sigaction(SIGUSR2, NULL, &q), 0, "sigaction query SIGUSR2");
	EXPECT_EQ(q.sa_handler, SIG_DFL, "SIGUSR2 still has the default");

	/* Back to the default: raising it would now kill us, so only check
	 * the query. */
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	EXPECT_EQ(sys_sigaction(SIGUSR1, &dfl, &q), 0, "sigaction(SIGUSR1, SIG_DFL)");
	EXPECT_EQ(q.sa_handler, (uint64_t)(uintptr_t)h_simple, "old handler returned");
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, SIG_DFL, "SIGUSR1 back at the default");
}

/* The raw call without SA_RESTORER: the kernel's own trampoline. */
void test_sig_kernel_restorer(void)
{
	struct sigaction sa = { 0 }, q;

	ut_need_kill();
	ut_need_sigaction();
	h_reset();
	sa.sa_handler = (uint64_t)(uintptr_t)h_simple;
	EXPECT_EQ(sys_sigaction(SIGUSR1, &sa, NULL), 0, "raw sigaction, no restorer");
	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");
	EXPECT_EQ(h_count, 1, "handler runs");
	CHECK(h_ret != 0 && h_ret != (uint64_t)(uintptr_t)__sigreturn_trampoline,
	      "the handler returned to %#lx: not a kernel trampoline", h_ret);
	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1) again");
	EXPECT_EQ(h_count, 2, "handler runs again (the mask was restored)");
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, (uint64_t)(uintptr_t)h_simple, "queried sa_handler");
	EXPECT_EQ(q.sa_flags, 0, "queried sa_flags");
}

void test_sig_resethand(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		struct sigaction q;

		h_reset();
		ut_handle(SIGUSR1, h_simple, 0, SA_RESETHAND);
		raise(SIGUSR1);
		EXPECT_EQ(h_count, 1, "SA_RESETHAND handler runs the first time");
		EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
		EXPECT_EQ(q.sa_handler, SIG_DFL, "disposition after one delivery");
		EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_DEFAULT), SIGACT_DEFAULT,
			  "signal() sees the default too");
		raise(SIGUSR1);             /* the default: terminate */
		_exit(50);
	}
	st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGUSR1, "second SIGUSR1 with SA_RESETHAND: wait status");
}

/* h1 for SIGUSR1 with SIGUSR2 in its sa_mask; h2 for SIGUSR2. */
static volatile int m1_count, m2_count, m1_depth, m1_maxdepth, m2_saw_depth;
static volatile uint64_t m1_pending_inside, m1_sc_mask;

static void h_m1(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	m1_count++;
	if (++m1_depth > m1_maxdepth)
		m1_maxdepth = m1_depth;
	if (m1_count == 1) {
		m1_sc_mask = sc->mask;
		sys_kill(sys_getpid(), SIGUSR1);  /* itself: blocked while we run */
		sys_kill(sys_getpid(), SIGUSR2);  /* in sa_mask: blocked too */
		m1_pending_inside = (uint64_t)sys_sigpending();
	}
	m1_depth--;
}

static void h_m2(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	m2_count++;
	m2_saw_depth = m1_depth;
}

void test_sig_mask_in_handler(void)
{
	ut_need_kill();
	ut_need_sigaction();
	ut_handle(SIGUSR1, h_m1, SIGBIT(SIGUSR2), 0);
	ut_handle(SIGUSR2, h_m2, 0, 0);
	m2_saw_depth = -1;
	/* SIGHUP blocked beforehand: the handler's sigcontext must carry it
	 * as the mask to restore, and it must stay blocked afterwards. */
	EXPECT_EQ(sys_sigblock(SIGHUP), 0, "sigblock(SIGHUP)");

	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");

	EXPECT_EQ(m1_pending_inside, SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2),
		  "sigpending inside the SIGUSR1 handler");
	EXPECT_EQ(m1_sc_mask, SIGBIT(SIGHUP), "sigcontext.mask in the handler");
	EXPECT_EQ(m1_maxdepth, 1, "SIGUSR1 handler nesting (no SA_NODEFER)");
	EXPECT_EQ(m1_count, 2, "SIGUSR1 deliveries (the second after the first returned)");
	EXPECT_EQ(m2_count, 1, "SIGUSR2 deliveries");
	EXPECT_EQ(m2_saw_depth, 0, "SIGUSR1 handlers running when SIGUSR2's ran");
	EXPECT_EQ(sys_sigpending(), 0, "sigpending afterwards");

	/* SIGHUP is still blocked: raising it leaves it pending. */
	EXPECT_EQ(sys_kill(sys_getpid(), SIGHUP), 0, "kill(self, SIGHUP)");
	EXPECT_EQ(sys_sigpending(), (long)SIGBIT(SIGHUP), "SIGHUP pending, still blocked");
	EXPECT_EQ(sys_signal(SIGHUP, SIGACT_IGNORE), SIGACT_DEFAULT, "signal(SIGHUP, ignore)");
}

static volatile int nd_count, nd_depth, nd_maxdepth, nd_nested_before_return;

static void h_nodefer(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	nd_count++;
	if (++nd_depth > nd_maxdepth)
		nd_maxdepth = nd_depth;
	if (nd_count == 1) {
		sys_kill(sys_getpid(), SIGUSR1);   /* runs us again, right now */
		nd_nested_before_return = nd_count == 2;
	}
	nd_depth--;
}

void test_sig_nodefer(void)
{
	ut_need_kill();
	ut_need_sigaction();
	ut_handle(SIGUSR1, h_nodefer, 0, SA_NODEFER);
	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");
	EXPECT_EQ(nd_count, 2, "SA_NODEFER handler runs");
	EXPECT_EQ(nd_maxdepth, 2, "SA_NODEFER handler nesting");
	CHECK(nd_nested_before_return, "the nested delivery did not happen inside "
	      "the handler's kill");
}

void test_sig_block_unblock(void)
{
	static const int bad[] = { 0, -1, 64, 65, 1000, SIGKILL, SIGSTOP };
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	EXPECT_EQ(sys_sigpending(), 0, "sigpending with nothing pending");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(sys_sigblock(bad[i]), -EINVAL, "sigblock of a bad or unblockable signal");
		EXPECT_EQ(sys_sigunblock(bad[i]), -EINVAL, "sigunblock of a bad or unblockable signal");
	}
	errno = 0;
	CHECK(sigblock(SIGKILL) == -1 && errno == EINVAL, "libc sigblock(SIGKILL): errno %d", errno);

	/* Blocked: pending, not delivered; unblocked: delivered before
	 * sigunblock returns. */
	h_reset();
	ut_handle(SIGUSR1, h_simple, 0, 0);
	EXPECT_EQ(sys_sigblock(SIGUSR1), 0, "sigblock(SIGUSR1)");
	EXPECT_EQ(sys_sigblock(SIGUSR1), 0, "sigblock(SIGUSR1) twice");
	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");
	EXPECT_EQ(h_count, 0, "handler of a blocked signal");
	EXPECT_EQ(sys_sigpending(), (long)SIGBIT(SIGUSR1), "sigpending while blocked");
	EXPECT_EQ(sigpending(), SIGBIT(SIGUSR1), "libc sigpending while blocked");
	EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0, "kill(self, SIGUSR1) again");
	EXPECT_EQ(sys_sigunblock(SIGUSR1), 0, "sigunblock(SIGUSR1)");
	EXPECT_EQ(h_count, 1, "deliveries after the unblock (signals do not queue)");
	EXPECT_EQ(sys_sigpending(), 0, "sigpending after the unblock");
	EXPECT_EQ(sys_sigunblock(SIGUSR1), 0, "sigunblock of an unblocked signal");
	/* The blocked set shows in a handler's sigcontext. */
	EXPECT_EQ(sys_sigblock(SIGUSR2), 0, "sigblock(SIGUSR2)");
	EXPECT_EQ(sys_sigblock(SIGTERM), 0, "sigblock(SIGTERM)");
	raise(SIGUSR1);
	EXPECT_EQ(h_mask, SIGBIT(SIGUSR2) | SIGBIT(SIGTERM), "sigcontext.mask");
	EXPECT_EQ(sys_sigunblock(SIGUSR2), 0, "sigunblock(SIGUSR2)");
	EXPECT_EQ(sys_sigunblock(SIGTERM), 0, "sigunblock(SIGTERM)");

	/* Signal 63: the mask does not fit a positive long. */
	h_reset();
	ut_handle(63, h_simple, 0, 0);
	EXPECT_EQ(sys_sigblock(63), 0, "sigblock(63)");
	EXPECT_EQ(sys_kill(sys_getpid(), 63), 0, "kill(self, 63)");
	EXPECT_EQ((uint64_t)sys_sigpending(), SIGBIT(63), "raw sigpending with 63 pending");
	errno = 0;
	EXPECT_EQ(sigpending(), SIGBIT(63), "libc sigpending with 63 pending");
	EXPECT_EQ(errno, 0, "errno after libc sigpending");
	EXPECT_EQ(sys_sigunblock(63), 0, "sigunblock(63)");
	EXPECT_EQ(h_count, 1, "signal 63 delivered on unblock");
	EXPECT_EQ(h_sig, 63, "handler's signal number");

	/* A blocked signal whose default is to terminate: we live until the
	 * unblock, then die before it returns. */
	pid = ut_fork();
	if (pid == 0) {
		if (sys_sigblock(SIGTERM) != 0)
			_exit(60);
		sys_kill(sys_getpid(), SIGTERM);
		if (sys_sigpending() != (long)SIGBIT(SIGTERM))
			_exit(61);
		sys_sigunblock(SIGTERM);
		_exit(62);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == SIGTERM, "blocked SIGTERM, then unblocked: child %s, want signal %d "
	      "(60: sigblock failed, 61: not pending, 62: survived)", ut_status(st), SIGTERM);
}

static void h_raise_kill(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	sys_kill(sys_getpid(), SIGKILL);
	_exit(72);
}

static void h_raise_stop(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	sys_kill(sys_getpid(), SIGSTOP);
	_exit(74);      /* only after a SIGCONT: the parent kills us first */
}

void test_sig_uncatchable(void)
{
	static const int sigs[] = { SIGKILL, SIGSTOP };
	struct sigaction sa = { 0 }, q;
	pid_t pid;
	int st;

	ut_need_sigaction();
	for (int i = 0; i < 2; i++) {
		int s = sigs[i];

		sa.sa_handler = (uint64_t)(uintptr_t)h_simple;
		sa.sa_flags = SA_RESTORER;
		sa.sa_restorer = (uint64_t)(uintptr_t)__sigreturn_trampoline;
		EXPECT_EQ(sys_sigaction(s, &sa, NULL), -EINVAL, "sigaction(KILL/STOP, handler)");
		sa.sa_handler = SIG_IGN;
		EXPECT_EQ(sys_sigaction(s, &sa, NULL), -EINVAL, "sigaction(KILL/STOP, SIG_IGN)");
		sa.sa_handler = SIG_DFL;
		EXPECT_EQ(sys_sigaction(s, &sa, NULL), -EINVAL, "sigaction(KILL/STOP, SIG_DFL)");
		memset(&q, 0x55, sizeof(q));
		EXPECT_EQ(sys_sigaction(s, NULL, &q), 0, "sigaction(KILL/STOP) query");
		EXPECT_EQ(q.sa_handler, SIG_DFL, "KILL/STOP disposition");
		EXPECT_EQ(sys_signal(s, SIGACT_IGNORE), -EINVAL, "signal(KILL/STOP, ignore)");
		EXPECT_EQ(sys_signal(s, SIGACT_TERMINATE), -EINVAL, "signal(KILL/STOP, terminate)");
		EXPECT_EQ(sys_signal(s, SIGACT_HANDLE), -EINVAL, "signal(KILL/STOP, handle)");
		EXPECT_EQ(sys_signal(s, SIGACT_DEFAULT), SIGACT_DEFAULT, "signal(KILL/STOP, default)");
		EXPECT_EQ(sys_sigblock(s), -EINVAL, "sigblock(KILL/STOP)");
		EXPECT_EQ(sys_sigunblock(s), -EINVAL, "sigunblock(KILL/STOP)");
	}
	errno = 0;
	CHECK(signal(SIGKILL, SIGACT_IGNORE) == -1 && errno == EINVAL,
	      "libc signal(SIGKILL, ignore): errno %d", errno);

	/* A handler whose sa_mask has every bit: SIGKILL's and SIGSTOP's
	 * bits do not count.  SIGKILL raised in the handler kills at once;
	 * SIGSTOP stops. */
	ut_need_kill();
	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGUSR1, h_raise_kill, ~0ull, 0);
		raise(SIGUSR1);
		_exit(73);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == SIGKILL, "SIGKILL raised in a handler with a full sa_mask: "
	      "child %s, want signal %d (72: survived in the handler)", ut_status(st),
	      SIGKILL);

	pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGUSR1, h_raise_stop, ~0ull, 0);
		raise(SIGUSR1);
		_exit(75);
	}
	st = wait_stopped(pid, 5000, "SIGSTOP raised in a handler with a full sa_mask");
	EXPECT_EQ(st, W_STOPCODE(SIGSTOP), "stop status");
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(stopped child, SIGKILL)");
	st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGKILL, "a stopped child killed: wait status");
}

/* fork: the child gets the dispositions and the mask, not the pending set. */
void test_sig_fork_inherit(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	h_reset();
	ut_handle(SIGUSR1, h_simple, SIGBIT(SIGUSR2), SA_NODEFER);
	EXPECT_EQ(sys_signal(SIGUSR2, SIGACT_IGNORE), SIGACT_DEFAULT, "signal(USR2, ignore)");
	EXPECT_EQ(sys_sigblock(SIGTERM), 0, "sigblock(SIGTERM)");
	EXPECT_EQ(sys_kill(sys_getpid(), SIGTERM), 0, "kill(self, SIGTERM)");
	EXPECT_EQ(sys_sigpending(), (long)SIGBIT(SIGTERM), "SIGTERM pending");

	pid = ut_fork();
	if (pid == 0) {
		struct sigaction q;

		if (sys_sigpending() != 0)
			_exit(1);
		if (sys_sigaction(SIGUSR1, NULL, &q) != 0 ||
		    q.sa_handler != (uint64_t)(uintptr_t)h_simple ||
		    q.sa_mask != SIGBIT(SIGUSR2) ||
		    q.sa_flags != (SA_NODEFER | SA_RESTORER))
			_exit(2);
		if (sys_sigaction(SIGUSR2, NULL, &q) != 0 || q.sa_handler != SIG_IGN)
			_exit(3);
		sys_kill(sys_getpid(), SIGTERM);
		if (sys_sigpending() != (long)SIGBIT(SIGTERM))
			_exit(4);
		sys_kill(sys_getpid(), SIGUSR1);
		if (h_count != 1)
			_exit(5);
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "child: %s (1: inherited a pending signal, 2: SIGUSR1's "
	      "action, 3: SIGUSR2 not ignored, 4: mask not inherited, 5: handler "
	      "did not run)", ut_status(st));
	EXPECT_EQ(sys_sigpending(), (long)SIGBIT(SIGTERM), "our SIGTERM still pending");
	EXPECT_EQ(h_count, 0, "our handler count");
}

/* ---- dispositions ------------------------------------------------------- */

void test_sig_signal_values(void)
{
	static const int bad_sigs[] = { 0, -1, 64, 65, 1000 };
	static const int bad_actions[] = { SIGACT_HANDLE, 4, 5, -1, 100 };
	struct sigaction q;

	ut_need_sigaction();
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_IGNORE), SIGACT_DEFAULT, "signal(USR1, ignore)");
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, SIG_IGN, "an ignored signal's sa_handler");
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_TERMINATE), SIGACT_IGNORE, "signal(USR1, terminate)");
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_DEFAULT), SIGACT_TERMINATE, "signal(USR1, default)");
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_DEFAULT), SIGACT_DEFAULT, "signal(USR1, default) again");
	ut_handle(SIGUSR1, h_simple, 0, 0);
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_IGNORE), SIGACT_HANDLE,
		  "signal() after sigaction installed a handler");
	struct sigaction ign = { .sa_handler = SIG_IGN };
	EXPECT_EQ(sys_sigaction(SIGUSR1, &ign, NULL), 0, "sigaction(USR1, SIG_IGN)");
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_DEFAULT), SIGACT_IGNORE,
		  "signal() after sigaction(SIG_IGN)");

	/* Refusals change nothing. */
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_TERMINATE), SIGACT_DEFAULT, "signal(USR1, terminate)");
	for (size_t i = 0; i < sizeof(bad_actions) / sizeof(bad_actions[0]); i++)
		EXPECT_EQ(sys_signal(SIGUSR1, bad_actions[i]), -EINVAL, "signal() with a bad action");
	EXPECT_EQ(sys_signal(SIGUSR1, SIGACT_DEFAULT), SIGACT_TERMINATE,
		  "disposition after the refused calls");
	for (size_t i = 0; i < sizeof(bad_sigs) / sizeof(bad_sigs[0]); i++)
		EXPECT_EQ(sys_signal(bad_sigs[i], SIGACT_DEFAULT), -EINVAL, "signal() of a bad signal");
	EXPECT_EQ(sys_signal(63, SIGACT_IGNORE), SIGACT_DEFAULT, "signal(63, ignore)");
	EXPECT_EQ(sys_signal(1, SIGACT_IGNORE), SIGACT_DEFAULT, "signal(1, ignore)");
	errno = 0;
	CHECK(signal(0, SIGACT_DEFAULT) == -1 && errno == EINVAL, "libc signal(0): errno %d", errno);
	EXPECT_EQ(signal(SIGUSR2, SIGACT_IGNORE), SIGACT_DEFAULT, "libc signal(USR2, ignore)");

	/* Ignored means ignored. */
	if (sys_kill(getpid(), 0) == 0) {
		EXPECT_EQ(sys_kill(getpid(), SIGUSR2), 0, "kill(self, SIGUSR2) while ignored");
		EXPECT_EQ(sys_sigpending(), 0, "sigpending after an ignored signal");
	}
}

void test_sig_sigaction_errors(void)
{
	static const uint64_t bad_flags[] = {
		0x1, 0x4, 0x8, 0x08000000, 0x10000000, 0x20000000, 1ull << 32,
		SA_RESTORER | 0x2,
	};
	static const int bad_sigs[] = { 0, -1, 64, 65, 1000 };
	struct sigaction sa, q, old;

	ut_need_sigaction();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = (uint64_t)(uintptr_t)h_simple;
	sa.sa_restorer = (uint64_t)(uintptr_t)__sigreturn_trampoline;
	for (size_t i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++) {
		sa.sa_flags = bad_flags[i];
		CHECK(sys_sigaction(SIGUSR1, &sa, NULL) == -EINVAL,
		      "sigaction with flags %#lx: %ld, want %d", bad_flags[i],
		      sys_sigaction(SIGUSR1, &sa, NULL), -EINVAL);
	}
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, SIG_DFL, "disposition after refused flags");

	/* Every known flag at once is fine, and the query gives it all back. */
	sa.sa_flags = SA_RESTORER | SA_NODEFER | SA_RESETHAND;
	sa.sa_mask = SIGBIT(SIGUSR2) | SIGBIT(SIGTERM);
	EXPECT_EQ(sys_sigaction(SIGUSR1, &sa, NULL), 0, "sigaction with every known flag");
	memset(&q, 0x55, sizeof(q));
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, &q), 0, "sigaction query");
	EXPECT_EQ(q.sa_handler, sa.sa_handler, "queried sa_handler");
	EXPECT_EQ(q.sa_mask, sa.sa_mask, "queried sa_mask");
	EXPECT_EQ(q.sa_flags, sa.sa_flags, "queried sa_flags");
	EXPECT_EQ(q.sa_restorer, sa.sa_restorer, "queried sa_restorer");

	/* old gets the previous action, atomically with the new one. */
	struct sigaction next = { .sa_handler = SIG_IGN };
	memset(&old, 0x55, sizeof(old));
	EXPECT_EQ(sys_sigaction(SIGUSR1, &next, &old), 0, "sigaction(new, &old)");
	EXPECT_EQ(old.sa_handler, sa.sa_handler, "old sa_handler");
	EXPECT_EQ(old.sa_mask, sa.sa_mask, "old sa_mask");
	EXPECT_EQ(old.sa_flags, sa.sa_flags, "old sa_flags");
	EXPECT_EQ(sys_sigaction(SIGUSR1, NULL, NULL), 0, "sigaction(sig, NULL, NULL)");

	for (size_t i = 0; i < sizeof(bad_sigs) / sizeof(bad_sigs[0]); i++) {
		EXPECT_EQ(sys_sigaction(bad_sigs[i], &next, NULL), -EINVAL, "sigaction of a bad signal");
		EXPECT_EQ(sys_sigaction(bad_sigs[i], NULL, &q), -EINVAL, "query of a bad signal");
	}

	/* Bad pointers. */
	EXPECT_EQ(sys_sigaction(SIGUSR2, ut_addr(KTEXT_ADDR), NULL), -EFAULT, "act in the kernel");
	EXPECT_EQ(sys_sigaction(SIGUSR2, ut_addr(8), NULL), -EFAULT, "act at address 8");
	EXPECT_EQ(sys_sigaction(SIGUSR2, NULL, ut_addr(KTEXT_ADDR)), -EFAULT, "old in the kernel");
	EXPECT_EQ(sys_sigaction(SIGUSR2, NULL, ut_addr(8)), -EFAULT, "old at address 8");
	EXPECT_EQ(sys_sigaction(SIGUSR2, NULL,
				(struct sigaction *)(uintptr_t)test_sig_sigaction_errors),
		  -EFAULT, "old in read-only text");
	EXPECT_EQ(sys_sigaction(SIGUSR2, NULL, &q), 0, "query SIGUSR2");
	EXPECT_EQ(q.sa_handler, SIG_DFL, "SIGUSR2 untouched by the refused calls");

	errno = 0;
	CHECK(sigaction(64, &next, NULL) == -1 && errno == EINVAL,
	      "libc sigaction(64): errno %d", errno);
}

/* Each signal raised by kill in a child of its own. */
void test_sig_default_actions(void)
{
	static const struct {
		int sig;
		int action;      /* -1: leave the default; else signal()'s action */
		int dies;        /* 1: killed by sig; 0: lives on (exit 0) */
	} cases[] = {
		{ SIGHUP, -1, 1 }, { SIGINT, -1, 1 }, { SIGQUIT, -1, 1 },
		{ SIGILL, -1, 1 }, { SIGTRAP, -1, 1 }, { SIGABRT, -1, 1 },
		{ SIGBUS, -1, 1 }, { SIGFPE, -1, 1 }, { SIGKILL, -1, 1 },
		{ SIGUSR1, -1, 1 }, { SIGSEGV, -1, 1 }, { SIGUSR2, -1, 1 },
		{ SIGPIPE, -1, 1 }, { SIGALRM, -1, 1 }, { SIGTERM, -1, 1 },
		{ 16, -1, 1 }, { 24, -1, 1 }, { 25, -1, 1 }, { 26, -1, 1 },
		{ 27, -1, 1 }, { 29, -1, 1 }, { 30, -1, 1 }, { 31, -1, 1 },
		{ 32, -1, 1 }, { 40, -1, 1 }, { 63, -1, 1 },
		/* ignored by default */
		{ SIGCHLD, -1, 0 }, { SIGCONT, -1, 0 }, { SIGURG, -1, 0 },
		{ SIGWINCH, -1, 0 },
		/* Terminate overrides ignore and stop */
		{ SIGCHLD, SIGACT_TERMINATE, 1 }, { SIGCONT, SIGACT_TERMINATE, 1 },
		{ SIGURG, SIGACT_TERMINATE, 1 }, { SIGWINCH, SIGACT_TERMINATE, 1 },
		{ SIGTSTP, SIGACT_TERMINATE, 1 }, { SIGTTIN, SIGACT_TERMINATE, 1 },
		{ SIGTERM, SIGACT_TERMINATE, 1 },
		/* Ignore overrides terminate and stop */
		{ SIGTERM, SIGACT_IGNORE, 0 }, { SIGHUP, SIGACT_IGNORE, 0 },
		{ SIGUSR1, SIGACT_IGNORE, 0 }, { 63, SIGACT_IGNORE, 0 },
		{ SIGTSTP, SIGACT_IGNORE, 0 }, { SIGTTOU, SIGACT_IGNORE, 0 },
		/* signal 0 only checks */
		{ 0, -1, 0 },
	};
	int bad = 0;

	ut_need_kill();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int sig = cases[i].sig;
		pid_t pid = ut_fork();

		if (pid == 0) {
			if (cases[i].action >= 0 && sys_signal(sig, cases[i].action) < 0)
				_exit(98);
			if (sys_kill(sys_getpid(), sig) != 0)
				_exit(97);
			_exit(0);
		}
		int st = -1;
		long w = ut_wait_poll(pid, &st, WUNTRACED, 5000);
		if (w == pid && WIFSTOPPED(st)) {
			sys_kill(pid, SIGKILL);
			ut_wait_poll(pid, NULL, 0, 2000);
		} else if (w != pid) {
			sys_kill(pid, SIGKILL);
			ut_wait_poll(pid, NULL, 0, 2000);
		}
		int want = cases[i].dies ? sig : 0;
		if (w != pid || st != want) {
			ut_note("signal %d%s: child %s, want %s", sig,
				cases[i].action == SIGACT_TERMINATE ? " (action Terminate)" :
				cases[i].action == SIGACT_IGNORE ? " (action Ignore)" : "",
				w != pid ? "never ended" : WIFSTOPPED(st) ? "stopped" :
				ut_status(st), cases[i].dies ? "killed by it" : "exit 0");
			bad++;
		}
	}
	CHECK(bad == 0, "%d of %zu signals had the wrong effect", bad,
	      sizeof(cases) / sizeof(cases[0]));
}

/* ---- stop and continue -------------------------------------------------- */

void test_sig_stop_cont(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	EXPECT_EQ(sys_sigblock(SIGCHLD), 0, "sigblock(SIGCHLD)");

	/* A child that spins in user mode (no system calls). */
	pid = ut_fork();
	if (pid == 0) {
		ut_spin(ut_ms(5000));
		_exit(3);
	}
	ut_yield_ms(10);
	EXPECT_EQ(sys_kill(pid, SIGSTOP), 0, "kill(child, SIGSTOP)");
	st = wait_stopped(pid, 3000, "SIGSTOP to a spinning child");
	EXPECT_EQ(st, W_STOPCODE(SIGSTOP), "stop status (sig << 8 | 0x7f)");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && !WIFEXITED(st) &&
	      !WIFSIGNALED(st) && !WIFCONTINUED(st), "stop status %#x: macros", st);
	CHECK(sys_sigpending() & (long)SIGBIT(SIGCHLD), "no SIGCHLD for the stopped child "
	      "(sigpending %#lx)", sys_sigpending());
	EXPECT_EQ(sys_sigunblock(SIGCHLD), 0, "sigunblock(SIGCHLD)");
	EXPECT_EQ(sys_sigpending(), 0, "sigpending after unblocking (SIGCHLD is ignored)");
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG | WUNTRACED), 0, "a stop is reported once");
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG), 0, "waitpid(WNOHANG) of a stopped child");
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG | WCONTINUED), 0,
		  "waitpid(WCONTINUED) before any SIGCONT");

	EXPECT_EQ(sys_kill(pid, SIGCONT), 0, "kill(child, SIGCONT)");
	st = -1;
	EXPECT_EQ(ut_wait_poll(pid, &st, WCONTINUED, 3000), pid, "waitpid(WCONTINUED)");
	EXPECT_EQ(st, 0xffff, "continued status");
	CHECK(WIFCONTINUED(st) && !WIFSTOPPED(st) && !WIFEXITED(st) && !WIFSIGNALED(st),
	      "continued status %#x: macros", st);
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG | WCONTINUED), 0, "a continue is reported once");

	/* Stopped again (by SIGTSTP), a SIGTERM waits for the SIGCONT. */
	EXPECT_EQ(sys_kill(pid, SIGTSTP), 0, "kill(child, SIGTSTP)");
	st = wait_stopped(pid, 3000, "SIGTSTP");
	EXPECT_EQ(st, W_STOPCODE(SIGTSTP), "stop status for SIGTSTP");
	EXPECT_EQ(sys_kill(pid, SIGTERM), 0, "kill(stopped child, SIGTERM)");
	ut_yield_ms(30);
	EXPECT_EQ(sys_waitpid(pid, &st, WNOHANG), 0,
		  "a stopped child ended by SIGTERM before any SIGCONT");
	EXPECT_EQ(sys_kill(pid, SIGCONT), 0, "kill(child, SIGCONT)");
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, SIGTERM, "the SIGTERM after the SIGCONT: wait status");

	/* SIGTTIN and SIGTTOU stop; SIGKILL ends a stopped process. */
	static const int stops[] = { SIGTTIN, SIGTTOU, SIGSTOP };
	for (int i = 0; i < 3; i++) {
		pid = ut_fork();
		if (pid == 0)
			ut_linger(5000);
		EXPECT_EQ(sys_kill(pid, stops[i]), 0, "kill(child, stop signal)");
		st = wait_stopped(pid, 3000, "a stop signal");
		EXPECT_EQ(st, W_STOPCODE(stops[i]), "stop status");
		EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(stopped child, SIGKILL)");
		st = ut_wait_ms(pid, 3000);
		EXPECT_EQ(st, SIGKILL, "a stopped child killed: wait status");
	}
}

void test_sig_stop_self(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		h_reset();
		ut_handle(SIGCONT, h_simple, 0, 0);
		sys_kill(sys_getpid(), SIGSTOP);
		/* Continued: the handled SIGCONT ran its handler too. */
		_exit(h_count == 1 ? 42 : 43);
	}
	st = wait_stopped(pid, 3000, "raise(SIGSTOP)");
	EXPECT_EQ(st, W_STOPCODE(SIGSTOP), "stop status");
	EXPECT_EQ(sys_kill(pid, SIGCONT), 0, "kill(child, SIGCONT)");
	st = ut_wait_ms(pid, 3000);
	CHECK(st == W_EXITCODE(42), "continued child: %s, want exit 42 "
	      "(43: its SIGCONT handler did not run)", ut_status(st));
}

/* A stop signal discards a pending SIGCONT, and SIGCONT pending stops. */
void test_sig_stop_discard(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		long me = sys_getpid();

		h_reset();
		ut_handle(SIGCONT, h_simple, 0, 0);
		if (sys_sigblock(SIGCONT) || sys_sigblock(SIGTSTP))
			_exit(79);
		sys_kill(me, SIGCONT);
		if (sys_sigpending() != (long)SIGBIT(SIGCONT))
			_exit(80);
		sys_kill(me, SIGTSTP);
		if (sys_sigpending() != (long)SIGBIT(SIGTSTP))
			_exit(81);
		sys_kill(me, SIGCONT);
		if (sys_sigpending() != (long)SIGBIT(SIGCONT))
			_exit(82);
		sys_sigunblock(SIGTSTP);        /* nothing left to stop us */
		if (h_count != 0)
			_exit(83);
		sys_sigunblock(SIGCONT);
		if (h_count != 1)
			_exit(84);
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "child: %s (80: SIGCONT not pending, 81: SIGTSTP did not "
	      "discard SIGCONT, 82: SIGCONT did not discard SIGTSTP, 83/84: "
	      "handler count)", ut_status(st));
}

/* A stop signal with a handler, or ignored, does not stop. */
void test_sig_stop_handled(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		long me = sys_getpid();

		h_reset();
		ut_handle(SIGTSTP, h_simple, 0, 0);
		sys_kill(me, SIGTSTP);
		if (h_count != 1)
			_exit(85);
		sys_signal(SIGTTIN, SIGACT_IGNORE);
		sys_kill(me, SIGTTIN);
		sys_signal(SIGTTOU, SIGACT_IGNORE);
		sys_kill(me, SIGTTOU);
		_exit(0);
	}
	st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "child: %s (85: SIGTSTP handler did not run)", ut_status(st));
}

/* ---- SIGCHLD ------------------------------------------------------------ */

void test_sig_sigchld(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	h_reset();
	ut_handle(SIGCHLD, h_simple, 0, 0);

	pid = ut_fork();
	if (pid == 0)
		_exit(3);
	EXPECT_EQ(ut_wait_poll(pid, &st, 0, 3000), pid, "waitpid(child)");
	EXPECT_EQ(st, W_EXITCODE(3), "child's status");
	for (int i = 0; i < 100 && h_count == 0; i++)
		sys_yield();
	EXPECT_EQ(h_count, 1, "SIGCHLD deliveries for one exit");
	EXPECT_EQ(h_sig, SIGCHLD, "handler's signal");
	EXPECT_EQ(h_signo, SIGCHLD, "sigcontext.signo");

	/* Blocked, it waits; unblocked, it arrives before sigunblock returns. */
	EXPECT_EQ(sys_sigblock(SIGCHLD), 0, "sigblock(SIGCHLD)");
	pid = ut_fork();
	if (pid == 0)
		_exit(4);
	st = ut_wait(pid);           /* nothing can interrupt it: SIGCHLD is blocked */
	EXPECT_EQ(st, W_EXITCODE(4), "child's status");
	CHECK(sys_sigpending() & (long)SIGBIT(SIGCHLD), "SIGCHLD not pending after a "
	      "child exited (sigpending %#lx)", sys_sigpending());
	EXPECT_EQ(h_count, 1, "SIGCHLD delivered while blocked");
	EXPECT_EQ(sys_sigunblock(SIGCHLD), 0, "sigunblock(SIGCHLD)");
	EXPECT_EQ(h_count, 2, "SIGCHLD delivered by sigunblock");

	/* A child killed by a signal is reported the same way. */
	pid = ut_fork();
	if (pid == 0)
		ut_linger(3000);
	EXPECT_EQ(sys_kill(pid, SIGKILL), 0, "kill(child, SIGKILL)");
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, SIGKILL, "killed child's status");
	for (int i = 0; i < 100 && h_count == 2; i++)
		sys_yield();
	EXPECT_EQ(h_count, 3, "SIGCHLD for a killed child");

	/* By default SIGCHLD does nothing at all. */
	EXPECT_EQ(sys_signal(SIGCHLD, SIGACT_DEFAULT), SIGACT_HANDLE, "signal(SIGCHLD, default)");
	pid = ut_fork();
	if (pid == 0)
		_exit(5);
	st = ut_wait_ms(pid, 3000);
	EXPECT_EQ(st, W_EXITCODE(5), "child's status");
	EXPECT_EQ(sys_sigpending(), 0, "sigpending with SIGCHLD at its default");
}

/* ---- EINTR -------------------------------------------------------------- */

static volatile int ei_count;

static void h_ei(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	ei_count++;
}

/*
 * Child A blocks in waitpid for its own child B (which would live for
 * seconds); we send A a handled SIGUSR1: its waitpid returns EINTR.  The
 * first SIGUSR1 may come before A is in waitpid, so we keep sending one
 * every 30 ms until A is done.
 */
void test_sig_eintr_waitpid(void)
{
	pid_t me = getpid(), a;
	int st = -1;
	long w = 0;

	ut_need_kill();
	ut_need_sigaction();
	ut_ready_arm();
	a = ut_fork();
	if (a == 0) {
		ut_handle(SIGUSR1, h_ei, 0, 0);
		pid_t b = fork();
		if (b < 0)
			_exit(90);
		if (b == 0)
			ut_linger(4000);
		ut_ready_send(me);

		int code = 0, bst = -1;
		long r = sys_waitpid(b, &bst, 0);
		if (r != -EINTR)
			code = r == b ? 91 : 92;
		else if (ei_count < 1)
			code = 93;
		sys_kill(b, SIGKILL);
		if (r != b) {
			for (int i = 0; i < 1000; i++) {
				r = sys_waitpid(b, &bst, 0);
				if (r != -EINTR)
					break;
			}
			if (code == 0 && (r != b || bst != SIGKILL))
				code = 94;
		}
		_exit(code);
	}
	CHECK(ut_ready_wait(3000), "child A never said it was ready");
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < ut_ms(8000)) {
		sys_kill(a, SIGUSR1);
		w = ut_wait_poll(a, &st, 0, 30);
		if (w != 0)
			break;
	}
	if (w == 0) {
		sys_kill(a, SIGKILL);
		ut_wait_poll(a, NULL, 0, 2000);
		ut_fail("child A still running after 8 s");
	}
	CHECK(w == a && st == 0, "child A: %s (91: waitpid was not interrupted, "
	      "92: waitpid failed otherwise, 93: the handler did not run, 94: "
	      "reaping B failed)", ut_status(st));
}

/*
 * A read of the console with nothing typed blocks; a handled signal ends it
 * with EINTR.  A stop and continue in between is invisible: the read is
 * restarted, not failed.  (Nothing is typed during the test run: QEMU's
 * serial input is empty.)
 */
static volatile int er_count;

static void h_er(int sig, void *info, struct sigcontext *sc)
{
	(void)sig;
	(void)info;
	(void)sc;
	er_count++;
}

void test_sig_eintr_read(void)
{
	pid_t me = getpid(), c;
	int st = -1;

	ut_need_kill();
	ut_need_sigaction();
	ut_ready_arm();
	c = ut_fork();
	if (c == 0) {
		char b;
		ut_handle(SIGUSR1, h_er, 0, 0);
		ut_ready_send(me);
		long r = sys_read(0, &b, 1);
		_exit(r == -EINTR ? (er_count == 1 ? 0 : 91) : r >= 0 ? 92 : 93);
	}
	CHECK(ut_ready_wait(3000), "the child never said it was ready");
	ut_yield_ms(50);                     /* let it reach the read */

	/* Stop and continue: the read goes on waiting. */
	EXPECT_EQ(sys_kill(c, SIGSTOP), 0, "kill(SIGSTOP)");
	EXPECT_EQ(ut_wait_poll(c, &st, WUNTRACED, 3000), c, "waitpid(WUNTRACED)");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stop status %#x", st);
	EXPECT_EQ(sys_kill(c, SIGCONT), 0, "kill(SIGCONT)");
	EXPECT_EQ(ut_wait_poll(c, &st, 0, 200), 0, "the child ended after a stop and continue");

	/* The handled signal ends the read. */
	EXPECT_EQ(sys_kill(c, SIGUSR1), 0, "kill(SIGUSR1)");
	EXPECT_EQ(ut_wait_poll(c, &st, 0, 3000), c, "waitpid after SIGUSR1");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child: %s (91: handler count wrong, 92: read returned data, 93: another error)",
	      ut_status(st));
}
