/*
 * Tracing: system-wide counters and an event ring (trace.c).
 *
 * The counters live in one struct the code paths bump where each thing
 * happens: the dispatcher (calls and errors), the scheduler (switches),
 * the timer (ticks, idle ticks), fork and exit, read and write.  While
 * tracing is off (trace_disable) nothing is counted and no event is kept.
 */
#ifndef PROC_TRACE_H
#define PROC_TRACE_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <aurora/abi.h>

struct trace_counters {
	uint64_t syscalls, syscall_errors;
	uint64_t context_switches, ticks, idle_ticks;
	uint64_t procs_created, procs_exited;
	uint64_t bytes_read, bytes_written;
	uint64_t per_syscall[NR_SYSCALLS];
};

extern bool trace_on;
extern struct trace_counters trace_ctr;

/* Bumps a counter while tracing is on: TRACE_COUNT(ticks, 1). */
#define TRACE_COUNT(field, n)                          \
	do {                                           \
		if (trace_on)                          \
			trace_ctr.field += (n);        \
	} while (0)

/* The dispatcher's part: one call of number nr that returned r. */
static inline void trace_syscall(uint64_t nr, long r)
{
	if (!trace_on)
		return;
	trace_ctr.syscalls++;
	if (nr < NR_SYSCALLS)
		trace_ctr.per_syscall[nr]++;
	if (r < 0)
		trace_ctr.syscall_errors++;
}

/* A kernel event into the ring (pid 0 is the kernel itself). */
void trace_kevent(int pid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
