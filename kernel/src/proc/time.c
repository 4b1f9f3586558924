/*
 * Time: clock, nanosleep, and the timers of timer_set, timer_interval and
 * timer_cancel.
 *
 * The TSC (calibrated at boot, arch/x86_64/lapic.c) gives the time; the
 * periodic timer interrupt (TIMER_HZ) is when anything happens: every tick
 * wakes the sleepers of nanosleep to look at the clock and fires the timers
 * whose deadline has passed.  So a sleep or a timer ends at least at its
 * time and at most one tick later.  An interval timer's next deadline is
 * its last deadline plus the interval, never "now" plus the interval, so
 * late ticks do not add up to drift.
 */
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/usercopy.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define NTIMER 128
#define NS_PER_S 1000000000ull

extern uint64_t boot_tsc;

struct timer {
	int64_t  id;               /* 0: slot free */
	struct proc *owner;
	int      wake_pid;         /* 0: SIGALRM to the owner instead */
	uint64_t deadline_ns;
	uint64_t interval_ns;      /* 0: one-shot */
};

static struct timer timers[NTIMER];
static int64_t next_timer_id = 1;
static char clock_chan;             /* nanosleep sleepers wait on this; every tick wakes it */

uint64_t time_ns(void)
{
	uint64_t d = rdtsc() - boot_tsc;
	/* Split so the product cannot overflow (tsc_hz < 2^34). */
	return d / tsc_hz * NS_PER_S + d % tsc_hz * NS_PER_S / tsc_hz;
}

/* clock(which): 0 TSC ticks, 1 TSC ticks per second, 2 ns since boot. */
long sys_clock(struct trapframe *tf)
{
	switch (ARG0(tf)) {
	case CLOCK_TSC:      return (long)rdtsc();
	case CLOCK_TSC_HZ:   return (long)tsc_hz;
	case CLOCK_NS_BOOT:  return (long)time_ns();
	default:             return -EINVAL;
	}
}

/* nanosleep(req, rem): at least req; a handled signal ends it early with
 * EINTR and, if rem is given, what was left. */
long sys_nanosleep(struct trapframe *tf)
{
	uint64_t ureq = ARG0(tf), urem = ARG1(tf);
	struct timespec req;

	if (copy_from_user(&req, ureq, sizeof(req)) < 0)
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= (int64_t)NS_PER_S)
		return -EINVAL;
	if (urem && !user_range_ok(urem, sizeof(struct timespec)))
		return -EFAULT;
	uint64_t now = time_ns();
	uint64_t want = (uint64_t)req.tv_sec > (UINT64_MAX - now) / NS_PER_S - 1 ? UINT64_MAX :
			now + (uint64_t)req.tv_sec * NS_PER_S + (uint64_t)req.tv_nsec;
	while ((now = time_ns()) < want) {
		if (sleep_on_intr(&clock_chan) < 0) {
			if (urem) {
				uint64_t t = time_ns(), left = t < want ? want - t : 0;
				struct timespec rem = { (int64_t)(left / NS_PER_S), (int64_t)(left % NS_PER_S) };
				if (copy_to_user(urem, &rem, sizeof(rem)) < 0)
					return -EFAULT;
			}
			return -EINTR;
		}
	}
	return 0;
}

static long timer_new(uint64_t ms, long wake_pid, bool repeat)
{
	if (ms > UINT64_MAX / 1000000 || (repeat && ms == 0) || wake_pid < 0)
		return -EINVAL;
	if (wake_pid && (wake_pid > INT32_MAX || !proc_by_pid((int)wake_pid)))
		return -ESRCH;
	for (int i = 0; i < NTIMER; i++) {
		struct timer *t = &timers[i];
		if (t->id)
			continue;
		t->id = next_timer_id++;
		t->owner = current();
		t->wake_pid = (int)wake_pid;
		t->interval_ns = repeat ? ms * 1000000 : 0;
		t->deadline_ns = time_ns() + ms * 1000000;
		return t->id;
	}
	return -EAGAIN;
}

/* timer_set(delay_ms, wake_pid) / timer_interval(interval_ms, wake_pid)
 * -> timer ID.  On firing: wake_pid's task is woken from its wait, or,
 * with wake_pid 0, the owner gets SIGALRM. */
long sys_timer_set(struct trapframe *tf)      { return timer_new(ARG0(tf), (long)ARG1(tf), false); }
long sys_timer_interval(struct trapframe *tf) { return timer_new(ARG0(tf), (long)ARG1(tf), true); }

/* timer_cancel(id): 1 if it was pending and now is not, 0 if it had
 * already fired (one-shot) or been cancelled.  Only the owner's timers. */
long sys_timer_cancel(struct trapframe *tf)
{
	int64_t id = (int64_t)ARG0(tf);
	if (id <= 0 || id >= next_timer_id)
		return -EINVAL;
	for (int i = 0; i < NTIMER; i++) {
		if (timers[i].id == id && timers[i].owner == current()) {
			timers[i].id = 0;
			return 1;
		}
	}
	return 0;
}

/* From the timer interrupt. */
void timer_run(void)
{
	wakeup(&clock_chan);                /* nanosleep sleepers look at the clock */
	uint64_t now = time_ns();
	for (int i = 0; i < NTIMER; i++) {
		struct timer *t = &timers[i];
		if (!t->id || now < t->deadline_ns)
			continue;
		struct proc *w = t->wake_pid ? proc_by_pid(t->wake_pid) : 0;
		if (t->wake_pid) {
			if (w)
				proc_wake(w);
		} else {
			signal_send(t->owner, SIGALRM);
		}
		if (t->interval_ns) {
			/* Catch up whole intervals missed, without drifting. */
			while (t->deadline_ns <= now)
				t->deadline_ns += t->interval_ns;
		} else {
			t->id = 0;
		}
	}
}

/* A process that exits takes its timers with it. */
void timer_exit(struct proc *p)
{
	for (int i = 0; i < NTIMER; i++)
		if (timers[i].id && timers[i].owner == p)
			timers[i].id = 0;
}
