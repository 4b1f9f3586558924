/*
 * System V message queues, clock, nanosleep and the timers.
 */
#include "ut.h"

struct m64 { int64_t type; char text[64]; };

static long send(long q, int64_t type, const char *text, int flags)
{
	struct m64 m = { .type = type };
	strcpy(m.text, text);
	return sys_msgsnd(q, &m, strlen(text) + 1, flags);
}

void test_msg_basic(void)
{
	struct m64 m;
	long q = MUST(sys_msgget(IPC_PRIVATE, 0600));

	EXPECT_EQ(send(q, 1, "one", 0), 0, "msgsnd");
	EXPECT_EQ(send(q, 2, "two", 0), 0, "msgsnd");
	EXPECT_EQ(send(q, 1, "three", 0), 0, "msgsnd");
	EXPECT_EQ(send(q, 3, "four", 0), 0, "msgsnd");
	/* type > 0: the first of that type. */
	EXPECT_EQ(sys_msgrcv(q, &m, sizeof(m.text), 2, 0), 4, "msgrcv type 2");
	CHECK(m.type == 2 && strcmp(m.text, "two") == 0, "got %ld %s", (long)m.type, m.text);
	/* type < 0: the lowest type up to |type|, oldest first. */
	EXPECT_EQ(sys_msgrcv(q, &m, sizeof(m.text), -3, 0), 4, "msgrcv type -3");
	CHECK(m.type == 1 && strcmp(m.text, "one") == 0, "got %ld %s", (long)m.type, m.text);
	/* type 0: the first message. */
	EXPECT_EQ(sys_msgrcv(q, &m, sizeof(m.text), 0, 0), 6, "msgrcv type 0");
	CHECK(m.type == 1 && strcmp(m.text, "three") == 0, "got %ld %s", (long)m.type, m.text);
	EXPECT_EQ(sys_msgrcv(q, &m, sizeof(m.text), 2, IPC_NOWAIT), -ENOMSG, "no type 2 left");
	/* Too small a buffer: E2BIG and the message stays; MSG_NOERROR cuts it. */
	EXPECT_EQ(sys_msgrcv(q, &m, 2, 0, 0), -E2BIG, "msgrcv into 2 bytes");
	EXPECT_EQ(sys_msgrcv(q, &m, 2, 0, MSG_NOERROR), 2, "msgrcv MSG_NOERROR");
	CHECK(m.type == 3 && m.text[0] == 'f' && m.text[1] == 'o', "truncated message");
	EXPECT_EQ(sys_msgrcv(q, &m, sizeof(m.text), 0, IPC_NOWAIT), -ENOMSG, "empty");
	EXPECT_EQ(sys_msgctl(q, IPC_RMID), 0, "msgctl(IPC_RMID)");
	EXPECT_EQ(send(q, 1, "x", 0), -EINVAL, "msgsnd to a removed queue");
}

void test_msg_errors(void)
{
	struct m64 m = { .type = 1 };
	long key = 0x5eed0000 + getpid();
	EXPECT_EQ(sys_msgget(key, 0), -ENOENT, "msgget of a missing key");
	long q = MUST(sys_msgget(key, IPC_CREAT | 0600));
	EXPECT_EQ(sys_msgget(key, 0), q, "msgget finds the key");
	EXPECT_EQ(sys_msgget(key, IPC_CREAT | IPC_EXCL), -EEXIST, "IPC_EXCL");
	EXPECT_EQ(sys_msgget(key, 0x10000), -EINVAL, "unknown flag");
	EXPECT_EQ(sys_msgsnd(q, &m, 8193, 0), -EINVAL, "payload over 8192");
	m.type = 0;
	EXPECT_EQ(sys_msgsnd(q, &m, 1, 0), -EINVAL, "type 0");
	m.type = -4;
	EXPECT_EQ(sys_msgsnd(q, &m, 1, 0), -EINVAL, "negative type");
	EXPECT_EQ(sys_msgsnd(q, ut_addr(8), 1, 0), -EFAULT, "msgsnd from a bad pointer");
	EXPECT_EQ(sys_msgsnd(q, ut_addr(KTEXT_ADDR), 1, 0), -EFAULT, "msgsnd from the kernel");
	EXPECT_EQ(sys_msgsnd(999999, &m, 1, 0), -EINVAL, "msgsnd to no queue");
	EXPECT_EQ(sys_msgrcv(999999, &m, 8, 0, 0), -EINVAL, "msgrcv from no queue");
	EXPECT_EQ(send(q, 7, "kept", 0), 0, "msgsnd");
	EXPECT_EQ(sys_msgrcv(q, ut_addr(KTEXT_ADDR), 8, 0, 0), -EFAULT, "msgrcv into the kernel");
	EXPECT_EQ(sys_msgrcv(q, &m, 8, 0, IPC_NOWAIT), 5, "the message survived the EFAULT");
	EXPECT_EQ(sys_msgctl(q, 99), -EINVAL, "msgctl with an unknown command");
	EXPECT_EQ(sys_msgctl(q, IPC_RMID), 0, "IPC_RMID");
	EXPECT_EQ(sys_msgctl(q, IPC_RMID), -EINVAL, "IPC_RMID twice");
}

/* A full queue makes senders wait (or EAGAIN); removal wakes the waiters
 * with EIDRM; a receiver blocks until a sender comes. */
void test_msg_blocking(void)
{
	static char big[8192 + 8];
	long q = MUST(sys_msgget(IPC_PRIVATE, 0600));
	*(int64_t *)big = 1;
	EXPECT_EQ(sys_msgsnd(q, big, 8192, 0), 0, "first 8 KiB");
	EXPECT_EQ(sys_msgsnd(q, big, 8192, 0), 0, "second 8 KiB");
	EXPECT_EQ(sys_msgsnd(q, big, 1, IPC_NOWAIT), -EAGAIN, "a full queue, IPC_NOWAIT");

	pid_t c = ut_fork();
	if (c == 0)
		_exit(sys_msgsnd(q, big, 1, 0) == -EIDRM ? 0 : 1);
	ut_yield_ms(50);
	EXPECT_EQ(ut_wait_poll(c, NULL, 0, 10), 0, "the sender did not wait");
	EXPECT_EQ(sys_msgctl(q, IPC_RMID), 0, "IPC_RMID with a waiter");
	int st = ut_wait_ms(c, 3000);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the waiting sender: %s", ut_status(st));

	q = MUST(sys_msgget(IPC_PRIVATE, 0600));
	c = ut_fork();
	if (c == 0) {
		struct m64 m;
		long r = sys_msgrcv(q, &m, sizeof(m.text), 5, 0);
		_exit(r == 3 && m.type == 5 && strcmp(m.text, "hi") == 0 ? 0 : 1);
	}
	ut_yield_ms(30);
	EXPECT_EQ(send(q, 4, "no", 0), 0, "another type first");
	EXPECT_EQ(send(q, 5, "hi", 0), 0, "the awaited type");
	st = ut_wait_ms(c, 3000);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the waiting receiver: %s", ut_status(st));
	EXPECT_EQ(sys_msgctl(q, IPC_RMID), 0, "IPC_RMID");
}

void test_clock(void)
{
	long hz = sys_clock(CLOCK_TSC_HZ);
	CHECK(hz > 1000000, "clock(1) = %ld", hz);
	long t0 = sys_clock(CLOCK_TSC), n0 = sys_clock(CLOCK_NS_BOOT);
	ut_yield_ms(20);
	long t1 = sys_clock(CLOCK_TSC), n1 = sys_clock(CLOCK_NS_BOOT);
	CHECK(t1 > t0 && n1 > n0, "clocks go forward");
	CHECK(n1 - n0 >= 15000000, "20 ms of yields took %ld ns", n1 - n0);
	EXPECT_EQ(sys_clock(3), -EINVAL, "clock(3)");
	EXPECT_EQ(sys_clock(-1), -EINVAL, "clock(-1)");
}

void test_nanosleep(void)
{
	struct timespec req = { 0, 30000000 }, rem;
	long n0 = sys_clock(CLOCK_NS_BOOT);
	EXPECT_EQ(sys_nanosleep(&req, &rem), 0, "nanosleep 30 ms");
	long took = sys_clock(CLOCK_NS_BOOT) - n0;
	CHECK(took >= 30000000, "slept %ld ns of 30 ms", took);
	req.tv_nsec = 1000000000;
	EXPECT_EQ(sys_nanosleep(&req, NULL), -EINVAL, "tv_nsec 1e9");
	req.tv_nsec = -1;
	EXPECT_EQ(sys_nanosleep(&req, NULL), -EINVAL, "tv_nsec -1");
	req.tv_sec = -1; req.tv_nsec = 0;
	EXPECT_EQ(sys_nanosleep(&req, NULL), -EINVAL, "tv_sec -1");
	EXPECT_EQ(sys_nanosleep(ut_addr(8), NULL), -EFAULT, "bad req");
	req.tv_sec = 0;
	EXPECT_EQ(sys_nanosleep(&req, ut_addr(KTEXT_ADDR)), -EFAULT, "bad rem");
}

static volatile int alarms;
static void h_alarm(int sig, void *info, struct sigcontext *sc)
{
	(void)sig; (void)info; (void)sc;
	alarms++;
}

/* A handled signal ends a sleep with EINTR and the time that was left. */
void test_nanosleep_eintr(void)
{
	ut_handle(SIGALRM, h_alarm, 0, 0);
	long t = MUST(sys_timer_set(50, 0));
	CHECK(t > 0, "timer id %ld", t);
	struct timespec req = { 5, 0 }, rem = { -1, -1 };
	EXPECT_EQ(sys_nanosleep(&req, &rem), -EINTR, "nanosleep cut by SIGALRM");
	EXPECT_EQ(alarms, 1, "SIGALRM handler runs");
	CHECK(rem.tv_sec >= 3 && rem.tv_sec <= 4 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000,
	      "remainder %ld.%09ld", (long)rem.tv_sec, (long)rem.tv_nsec);
	EXPECT_EQ(sys_timer_cancel(t), 0, "cancel a fired one-shot timer");
}

void test_timers(void)
{
	ut_handle(SIGALRM, h_alarm, 0, 0);
	/* Interval: fires again and again until cancelled. */
	long iv = MUST(sys_timer_interval(10, 0));
	long n0 = sys_clock(CLOCK_NS_BOOT);
	while (alarms < 4 && sys_clock(CLOCK_NS_BOOT) - n0 < 3000000000L)
		sys_yield();
	CHECK(alarms >= 4, "interval timer fired %d times", alarms);
	EXPECT_EQ(sys_timer_cancel(iv), 1, "cancel a running interval timer");
	EXPECT_EQ(sys_timer_cancel(iv), 0, "cancel it again");
	int seen = alarms;
	ut_yield_ms(50);
	EXPECT_EQ(alarms, seen, "no SIGALRM after cancel");
	/* A one-shot cancelled before it fires never fires. */
	long t = MUST(sys_timer_set(30, 0));
	EXPECT_EQ(sys_timer_cancel(t), 1, "cancel a pending one-shot");
	ut_yield_ms(60);
	EXPECT_EQ(alarms, seen, "a cancelled timer fired");
	EXPECT_EQ(sys_timer_cancel(0), -EINVAL, "timer_cancel(0)");
	EXPECT_EQ(sys_timer_cancel(1L << 40), -EINVAL, "timer_cancel of an id never given");
	EXPECT_EQ(sys_timer_interval(0, 0), -EINVAL, "an interval of 0");
	EXPECT_EQ(sys_timer_set(10, 99999), -ESRCH, "wake_pid of no process");
}

/* wake_pid: the named task is woken from its wait (here a long sleep). */
void test_timer_wake(void)
{
	pid_t c = ut_fork();
	if (c == 0) {
		struct timespec req = { 10, 0 };
		_exit(sys_nanosleep(&req, NULL) == -EINTR ? 0 : 1);
	}
	ut_yield_ms(20);
	MUST(sys_timer_set(30, c));
	int st = ut_wait_ms(c, 5000);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the sleeper: %s", ut_status(st));
}
