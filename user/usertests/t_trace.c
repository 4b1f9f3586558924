/*
 * Tracing: the counters match a known workload exactly, they stand still
 * while tracing is off, and the event ring reads back what was recorded.
 * Tracing is system-wide: each test leaves it on, as it was at boot.
 */
#include "ut.h"

static long trace_read_raw(struct trace_record *buf, long count)
{
	return __syscall6(SYS_trace_read, (long)buf, count, 0, 0, 0, 0);
}

static void summary(struct trace_summary *s)
{
	EXPECT_EQ(sys_trace_summary(s, sizeof(*s)), sizeof(*s), "trace_summary");
}

/* N getpid calls raise getpid's count by exactly N. */
void test_trace_syscall_counts(void)
{
	static struct trace_summary s0, s1;
	const int n = 1000;

	MUST(sys_trace_enable());
	EXPECT_EQ(sys_trace_enabled(), 1, "trace_enabled");
	summary(&s0);
	for (int i = 0; i < n; i++)
		sys_getpid();
	for (int i = 0; i < 7; i++)
		sys_close(-1);                       /* 7 errors */
	summary(&s1);
	EXPECT_EQ(s1.per_syscall[SYS_getpid] - s0.per_syscall[SYS_getpid], n, "getpid count");
	EXPECT_EQ(s1.per_syscall[SYS_close] - s0.per_syscall[SYS_close], 7, "close count");
	/* n getpid + 7 close + the first trace_summary: a call is counted as
	 * it returns, so the second is not in its own figures. */
	EXPECT_EQ(s1.syscalls - s0.syscalls, n + 7 + 1, "all calls");
	EXPECT_EQ(s1.syscall_errors - s0.syscall_errors, 7, "errors");
	EXPECT_EQ(s1.per_syscall[SYS_trace_summary] - s0.per_syscall[SYS_trace_summary], 1,
		  "the first trace_summary, counted as it returned");
	CHECK(s1.uptime_ns > s0.uptime_ns, "uptime moves");
	/* Numbers that name no call count as calls and errors. */
	summary(&s0);
	__syscall6(SYS_FIRST_UNUSED, 0, 0, 0, 0, 0, 0);
	summary(&s1);
	EXPECT_EQ(s1.syscall_errors - s0.syscall_errors, 1, "ENOSYS is an error");
	EXPECT_EQ(s1.per_syscall[SYS_FIRST_UNUSED] - s0.per_syscall[SYS_FIRST_UNUSED], 1,
		  "a hole's count");
}

/* Bytes read and written, counted by read and write whatever the file. */
void test_trace_bytes(void)
{
	static struct trace_summary s0, s1;
	static char buf[12345];
	int fds[2];

	int nul = (int)MUST(sys_open("/dev/null", O_WRITE));
	int zero = (int)MUST(sys_open("/dev/zero", O_READ));
	MUST(sys_pipe(fds));
	summary(&s0);
	EXPECT_EQ(sys_write(nul, buf, sizeof(buf)), sizeof(buf), "write to /dev/null");
	EXPECT_EQ(sys_read(zero, buf, 777), 777, "read from /dev/zero");
	EXPECT_EQ(sys_write(fds[1], buf, 100), 100, "write to a pipe");
	EXPECT_EQ(sys_read(fds[0], buf, 1000), 100, "read from the pipe");
	EXPECT_EQ(sys_write(nul, buf, 0), 0, "empty write");
	EXPECT_EQ(sys_write(nul, ut_addr(8), 10), -EFAULT, "failed write");
	summary(&s1);
	EXPECT_EQ(s1.bytes_written - s0.bytes_written, 12345 + 100, "bytes written");
	EXPECT_EQ(s1.bytes_read - s0.bytes_read, 777 + 100, "bytes read");
	MUST(sys_close(nul));
	MUST(sys_close(zero));
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
}

/* Processes created and exited; scheduler figures move with work. */
void test_trace_procs_sched(void)
{
	static struct trace_summary s0, s1;

	summary(&s0);
	for (int i = 0; i < 5; i++) {
		pid_t pid = ut_fork();
		if (pid == 0)
			_exit(0);
		ut_wait(pid);
	}
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	MUST(sys_nanosleep(&ts, 0));              /* everyone asleep: idle ticks */
	summary(&s1);
	EXPECT_EQ(s1.procs_created - s0.procs_created, 5, "processes created");
	EXPECT_EQ(s1.procs_exited - s0.procs_exited, 5, "processes exited");
	CHECK(s1.procs_alive >= 2, "alive: %lu, want the harness and this test",
	      (unsigned long)s1.procs_alive);
	CHECK(s1.procs_alive <= (uint64_t)sys_kinfo(KINFO_NPROCS), "alive %lu > slots in use",
	      (unsigned long)s1.procs_alive);
	CHECK(s1.ticks - s0.ticks >= 4, "ticks over 50 ms: %lu", (unsigned long)(s1.ticks - s0.ticks));
	CHECK(s1.idle_ticks > s0.idle_ticks, "no idle tick while asleep");
	CHECK(s1.idle_ticks - s0.idle_ticks <= s1.ticks - s0.ticks, "more idle ticks than ticks");
	CHECK(s1.context_switches - s0.context_switches >= 10, "context switches: %lu",
	      (unsigned long)(s1.context_switches - s0.context_switches));
}

/* Off: nothing counts; on again: counting resumes.  Reset zeroes. */
void test_trace_disable_reset(void)
{
	static struct trace_summary s0, s1;

	MUST(sys_trace_disable());
	EXPECT_EQ(sys_trace_enabled(), 0, "trace_enabled after disable");
	summary(&s0);
	for (int i = 0; i < 100; i++)
		sys_getpid();
	summary(&s1);
	MUST(sys_trace_enable());
	EXPECT_EQ(s1.syscalls, s0.syscalls, "calls counted while off");
	EXPECT_EQ(s1.per_syscall[SYS_getpid], s0.per_syscall[SYS_getpid], "getpid while off");
	EXPECT_EQ(sys_trace_enabled(), 1, "trace_enabled after enable");
	MUST(sys_trace_reset());
	summary(&s1);
	/* Only trace_reset itself, counted as it returned after zeroing. */
	EXPECT_EQ(s1.syscalls, 1, "calls after reset");
	EXPECT_EQ(s1.per_syscall[SYS_getpid], 0, "getpid after reset");
	EXPECT_EQ(s1.bytes_written, 0, "bytes after reset");
	CHECK(s1.procs_alive >= 2, "processes alive is not a counter");
	/* A short buffer gets the first fields; a long one sizeof. */
	uint64_t first[2] = { 0, 0 };
	EXPECT_EQ(sys_trace_summary((struct trace_summary *)first, 16), 16, "16 bytes");
	CHECK(first[0] > 0 && first[1] == 2, "uptime %lu, calls %lu", (unsigned long)first[0],
	      (unsigned long)first[1]);
	static char big[sizeof(struct trace_summary) + 64];
	EXPECT_EQ(sys_trace_summary((struct trace_summary *)big, sizeof(big)),
		  sizeof(struct trace_summary), "a longer buffer");
	EXPECT_EQ(sys_trace_summary(0, 0), 0, "size 0");
	EXPECT_EQ(sys_trace_summary(ut_addr(8), 16), -EFAULT, "bad pointer");
	EXPECT_EQ(sys_trace_summary(ut_addr(KTEXT_ADDR), 16), -EFAULT, "kernel pointer");
}

/* Events: recorded in order with pid and time, long texts cut, the ring
 * keeps the newest TRACE_RING, the kernel adds exec and exit. */
void test_trace_events(void)
{
	static struct trace_record recs[TRACE_RING + 8];

	MUST(sys_trace_reset());
	EXPECT_EQ(trace_read_raw(recs, TRACE_RING), 0, "empty after reset");
	EXPECT_EQ(sys_trace_event("hello", 5), 0, "trace_event");
	EXPECT_EQ(sys_trace_event("0123456789012345678901234567890123456789012345678901234567", 58),
		  0, "a long event");
	EXPECT_EQ(trace_read_raw(recs, TRACE_RING), 2, "two events");
	EXPECT_EQ(recs[0].seq, 1, "first sequence number");
	EXPECT_EQ(recs[0].pid, getpid(), "pid");
	EXPECT_EQ(recs[0].len, 5, "length");
	CHECK(memcmp(recs[0].text, "hello", 5) == 0, "text '%.5s'", recs[0].text);
	EXPECT_EQ(recs[1].len, TRACE_TEXT_MAX, "a long text is cut");
	CHECK(recs[1].time_ns >= recs[0].time_ns, "time goes forward");
	EXPECT_EQ(trace_read_raw(recs, 1), 1, "count limits the copy");
	/* The kernel's own: a child's exec and exit. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "true", NULL };
		char *envp[] = { NULL };
		execve("/bin/hello", argv, envp);
		_exit(99);
	}
	ut_wait(pid);
	long n = trace_read_raw(recs, TRACE_RING);
	int saw_exec = 0, saw_exit = 0;
	for (long i = 0; i < n; i++) {
		if (recs[i].pid != pid)
			continue;
		if (strncmp(recs[i].text, "exec /bin/hello", 15) == 0)
			saw_exec = 1;
		if (strncmp(recs[i].text, "exit ", 5) == 0)
			saw_exit = 1;
	}
	CHECK(saw_exec && saw_exit, "kernel events: exec %d exit %d", saw_exec, saw_exit);
	/* Overflow: the oldest go. */
	MUST(sys_trace_reset());
	for (int i = 0; i < TRACE_RING + 44; i++) {
		char t[16];
		int len = snprintf(t, sizeof(t), "e%d", i);
		sys_trace_event(t, (size_t)len);
	}
	EXPECT_EQ(trace_read_raw(recs, TRACE_RING + 8), TRACE_RING, "a full ring");
	EXPECT_EQ(recs[0].seq, 45, "the oldest kept");
	EXPECT_EQ(recs[TRACE_RING - 1].seq, TRACE_RING + 44, "the newest");
	CHECK(strncmp(recs[0].text, "e44", 3) == 0, "oldest text '%.8s'", recs[0].text);
	/* Disabled: trace_event succeeds but keeps nothing. */
	MUST(sys_trace_reset());
	MUST(sys_trace_disable());
	EXPECT_EQ(sys_trace_event("lost", 4), 0, "trace_event while off");
	MUST(sys_trace_enable());
	EXPECT_EQ(trace_read_raw(recs, 8), 0, "nothing kept while off");
	/* Bad pointers. */
	EXPECT_EQ(sys_trace_event(ut_addr(8), 4), -EFAULT, "event from a bad pointer");
	EXPECT_EQ(sys_trace_event(0, 0), 0, "an empty event");
	EXPECT_EQ(trace_read_raw(ut_addr(8), 1), -EFAULT, "read into a bad pointer");
	EXPECT_EQ(trace_read_raw(0, 0), 0, "read of 0 records");
}
