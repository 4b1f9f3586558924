/*
 * Tracing: trace_enable, trace_disable, trace_enabled, trace_reset,
 * trace_summary, trace_event and trace_read.
 *
 * Tracing is system-wide and on from boot, so `trace summary` has
 * something to show at once; any process may switch it or reset it (it
 * reveals counts, not contents).  The summary's uptime and processes-alive
 * are read live; every other figure is a counter fed where the thing
 * happens (trace.h), frozen while tracing is off and zeroed by reset.
 *
 * Events: trace_event(text) and a few of the kernel's own (exec, exit)
 * go into a ring of TRACE_RING records, each with a sequence number, the
 * time and the pid; the oldest is overwritten.  trace_read copies the
 * records out, oldest first.
 */
#include "proc/trace.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/usercopy.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include <stdarg.h>

bool trace_on = true;
struct trace_counters trace_ctr;

static struct trace_record ring[TRACE_RING];
static uint64_t next_seq = 1;       /* the record ring[(seq - 1) % TRACE_RING] gets */

static void record(int pid, const char *text, size_t len)
{
	struct trace_record *t = &ring[(next_seq - 1) % TRACE_RING];
	if (len > TRACE_TEXT_MAX)
		len = TRACE_TEXT_MAX;
	memset(t, 0, sizeof(*t));
	t->seq = next_seq++;
	t->time_ns = time_ns();
	t->pid = pid;
	t->len = (uint32_t)len;
	memcpy(t->text, text, len);
}

void trace_kevent(int pid, const char *fmt, ...)
{
	char text[TRACE_TEXT_MAX + 1];
	va_list ap;

	if (!trace_on)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	record(pid, text, (size_t)n < TRACE_TEXT_MAX ? (size_t)n : TRACE_TEXT_MAX);
}

long sys_trace_enable(struct trapframe *tf)  { (void)tf; trace_on = true;  return 0; }
long sys_trace_disable(struct trapframe *tf) { (void)tf; trace_on = false; return 0; }
long sys_trace_enabled(struct trapframe *tf) { (void)tf; return trace_on ? 1 : 0; }

long sys_trace_reset(struct trapframe *tf)
{
	(void)tf;
	memset(&trace_ctr, 0, sizeof(trace_ctr));
	memset(ring, 0, sizeof(ring));
	next_seq = 1;
	return 0;
}

static uint64_t procs_alive(void)
{
	uint64_t n = 0;
	for (int i = 0; i < NPROC; i++) {
		enum proc_state s = proc_slot(i)->state;
		if (s != P_UNUSED && s != P_ZOMBIE)
			n++;
	}
	return n;
}

/*
 * trace_summary(s, size): fills the first min(size, sizeof) bytes of
 * struct trace_summary and returns how many; EFAULT if they are not the
 * caller's.  A call is counted as it returns (trace_syscall, from the
 * dispatcher), so these figures do not include this call.
 */
long sys_trace_summary(struct trapframe *tf)
{
	uint64_t us = ARG0(tf);
	size_t size = ARG1(tf);
	static struct trace_summary s;     /* too big for the kernel stack */

	if (size > sizeof(s))
		size = sizeof(s);
	if (size == 0)
		return 0;
	if (!user_range_ok(us, size))
		return -EFAULT;
	s.uptime_ns = time_ns();
	s.syscalls = trace_ctr.syscalls;
	s.syscall_errors = trace_ctr.syscall_errors;
	s.context_switches = trace_ctr.context_switches;
	s.ticks = trace_ctr.ticks;
	s.idle_ticks = trace_ctr.idle_ticks;
	s.procs_created = trace_ctr.procs_created;
	s.procs_exited = trace_ctr.procs_exited;
	s.procs_alive = procs_alive();
	s.bytes_read = trace_ctr.bytes_read;
	s.bytes_written = trace_ctr.bytes_written;
	memcpy(s.per_syscall, trace_ctr.per_syscall, sizeof(s.per_syscall));
	if (copy_to_user(us, &s, size) < 0)
		return -EFAULT;
	return (long)size;
}

/* trace_event(text, len): text need not end in NUL; bytes past
 * TRACE_TEXT_MAX are dropped.  Kept only while tracing is on. */
long sys_trace_event(struct trapframe *tf)
{
	uint64_t utext = ARG0(tf);
	size_t len = ARG1(tf);
	char text[TRACE_TEXT_MAX];

	if (len > TRACE_TEXT_MAX)
		len = TRACE_TEXT_MAX;
	if (len && copy_from_user(text, utext, len) < 0)
		return -EFAULT;
	if (trace_on)
		record(current()->pid, text, len);
	return 0;
}

/* trace_read(buf, count): the kept records, oldest first, at most count. */
long sys_trace_read(struct trapframe *tf)
{
	uint64_t ubuf = ARG0(tf);
	uint64_t count = ARG1(tf);
	uint64_t kept = next_seq - 1 < TRACE_RING ? next_seq - 1 : TRACE_RING;
	uint64_t n = count < kept ? count : kept;

	if (n == 0)
		return 0;
	if (!user_range_ok(ubuf, n * sizeof(struct trace_record)))
		return -EFAULT;
	uint64_t first = next_seq - kept;  /* the oldest kept sequence number */
	for (uint64_t i = 0; i < n; i++) {
		const struct trace_record *t = &ring[(first + i - 1) % TRACE_RING];
		if (copy_to_user(ubuf + i * sizeof(*t), t, sizeof(*t)) < 0)
			return -EFAULT;
	}
	return (long)n;
}
