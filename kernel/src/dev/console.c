/*
 * The console: kernel messages, /dev/console, and the console calls.
 *
 * Output goes to the serial port.  Every byte written (by the kernel or by
 * a program, echo included) is also kept in a capture ring that
 * console_take_output drains, so a privileged program can see what the
 * console showed; when the ring is full the oldest bytes go.
 *
 * Input: the serial port has no interrupt routed (the PICs are masked and
 * there is no I/O APIC driver yet), so the timer interrupt polls it, 100
 * times a second.  Typed bytes, and bytes from console_push_input, go
 * through the line discipline (ldisc.c: editing, echo, Ctrl-C and friends)
 * into the input ring that reads of /dev/console drain.  A reader sleeps
 * while nothing is readable and is woken when something becomes so.
 *
 * Job control: the console has a foreground process group (TIOCSPGRP).
 * Ctrl-C, Ctrl-Z and Ctrl-\ signal that group (with CON_ISIG).  A read
 * from another group is not stopped (there is no SIGTTIN yet): it simply
 * competes for the input.
 *
 * The poll runs only in interrupt context, which the kernel never is while
 * a system call looks at the rings (it runs with interrupts off), so the
 * two need no lock on one CPU.
 */
#include "dev/console.h"
#include "dev/ldisc.h"
#include "dev/serial.h"
#include "dev/device.h"
#include "fs/file.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/usercopy.h"
#include "lib/ring.h"
#include <aurora/abi.h>

#define INBUF   4096                     /* bytes typed ahead; more are dropped */
#define OUTBUF  65536                    /* bytes of output kept for take_output */
#define POLL_MAX 64                      /* bytes taken per poll: the FIFO holds 16 */

/* Set up statically: the first kernel message comes before any init code. */
static char inbuf[INBUF];
static struct ldisc ld = { .in = { inbuf, INBUF, 0, 0 }, .mode = CON_COOKED };
static char outbuf[OUTBUF];
static struct ring out = { outbuf, OUTBUF, 0, 0 };
static int fg_pgrp;                      /* 0: no foreground group */
static struct winsize winsz = { .ws_row = 24, .ws_col = 80 };
static char in_chan;                     /* readers sleep here */

/* ---- output ------------------------------------------------------------------ */

void console_putc(char c)
{
	if (ring_free(&out) == 0)
		ring_consumed(&out, 1);          /* keep the newest */
	ring_put(&out, &c, 1);
	if (c == '\n' && (ld.mode & CON_CRLF))
		serial_putc('\r');
	serial_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

/* ---- input ------------------------------------------------------------------- */

/* Carries out what the line discipline asked for. */
static void apply(const struct ld_out *o)
{
	console_write(o->echo, o->necho);
	for (size_t i = 0; i < o->erase; i++)
		console_write("\b \b", 3);
	if (o->sig && fg_pgrp)
		signal_group(fg_pgrp, o->sig);
	if (o->readable)
		wakeup(&in_chan);
}

/* One byte, as if typed: 1 if it was taken, 0 if the input is full. */
static int input(char c)
{
	struct ld_out o;
	int used = ld_input(&ld, c, &o);
	apply(&o);
	return used;
}

void console_poll(void)
{
	int c;
	for (int i = 0; i < POLL_MAX && (c = serial_getc()) >= 0; i++)
		input((char)c);
}

/*
 * A read returns what is readable (in canonical mode at most one line),
 * at least one byte: with nothing readable it sleeps, unless the file is
 * NONBLOCK (EAGAIN); a signal ends the wait with EINTR.  An end of file
 * typed as Ctrl-D on an empty line returns 0.
 */
static long console_read(struct file *f, const struct uio *u, size_t len)
{
	char chunk[128];

	while (ld_readable(&ld) == 0) {
		if (ld_take_eof(&ld))
			return 0;
		if (f && (f->flags & O_NONBLOCK))
			return -EAGAIN;
		if (sleep_on_intr(&in_chan) < 0)
			return -EINTR;
	}
	size_t done = 0;
	while (done < len) {
		size_t n = ld_peek(&ld, chunk, len - done < sizeof(chunk) ? len - done : sizeof(chunk));
		if (n == 0)
			break;
		/* Consume only what reached the caller. */
		size_t got = uio_copyout(u, done, chunk, n);
		ld_consume(&ld, got);
		done += got;
		if (got < n)
			break;
		if ((ld.mode & CON_CANON) && chunk[n - 1] == '\n')
			break;                       /* one line per read */
	}
	return done ? (long)done : -EFAULT;
}

/* A fault part way returns the bytes written before it. */
static long console_dev_write(struct file *f, const struct uio *u, size_t len)
{
	char chunk[256];
	size_t done = 0;

	(void)f;
	while (done < len) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		size_t got = uio_copyin(chunk, u, done, n);
		console_write(chunk, got);
		done += got;
		if (got < n)
			break;
	}
	return done ? (long)done : -EFAULT;
}

/* ---- ioctl ------------------------------------------------------------------- */

#define CON_KNOWN (CON_ECHO | CON_CANON | CON_ISIG | CON_CRLF)

/*
 * The console's requests.  Each takes a pointer (EFAULT if it is not the
 * caller's).  TCSETMODE: bits outside CON_* give EINVAL.  TIOCSPGRP: a
 * group that does not exist gives ESRCH, a pgid <= 0 EINVAL.
 */
static long console_ioctl(struct file *f, unsigned long req, uint64_t arg)
{
	int v;
	struct ld_out o;
	(void)f;

	switch (req) {
	case TCGETMODE:
		return copy_to_user(arg, &ld.mode, sizeof(int));
	case TCSETMODE:
		if (copy_from_user(&v, arg, sizeof(v)) < 0)
			return -EFAULT;
		if (v & ~CON_KNOWN)
			return -EINVAL;
		ld_set_mode(&ld, v, &o);
		apply(&o);
		return 0;
	case TIOCGPGRP:
		return copy_to_user(arg, &fg_pgrp, sizeof(int));
	case TIOCSPGRP:
		if (copy_from_user(&v, arg, sizeof(v)) < 0)
			return -EFAULT;
		if (v <= 0)
			return -EINVAL;
		if (!proc_group_exists(v))
			return -ESRCH;
		fg_pgrp = v;
		return 0;
	case TIOCGWINSZ:
		return copy_to_user(arg, &winsz, sizeof(winsz));
	case TIOCSWINSZ: {
		struct winsize w;
		if (copy_from_user(&w, arg, sizeof(w)) < 0)
			return -EFAULT;
		winsz = w;
		if (fg_pgrp)
			signal_group(fg_pgrp, SIGWINCH);
		return 0;
	}
	case FIONREAD:
		v = (int)ld_readable(&ld);
		return copy_to_user(arg, &v, sizeof(v));
	}
	return -ENOTTY;
}

const struct device console_device = {
	.name = "console",
	.perm = 0666,
	.seekable = false,
	.read = console_read,
	.write = console_dev_write,
	.ioctl = console_ioctl,
};

/* ---- console_push_input, console_take_output ---------------------------------- */

/*
 * console_push_input(buf, len): the bytes go through the line discipline
 * exactly as if typed (so Ctrl-C signals, and echo shows them).  Returns
 * how many were taken: fewer than len when the input filled up.  Both
 * calls are for uid 0 only: EPERM comes before any other check.
 */
long sys_console_push_input(struct trapframe *tf)
{
	uint64_t ubuf = ARG0(tf);
	size_t len = ARG1(tf);
	char chunk[128];

	if (current()->uid != 0)
		return -EPERM;
	if (len == 0)
		return 0;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		if (copy_from_user(chunk, ubuf + done, n) < 0)
			return done ? (long)done : -EFAULT;
		for (size_t i = 0; i < n; i++, done++)
			if (!input(chunk[i]))
				return (long)done;
	}
	return (long)done;
}

/* console_take_output(buf, len): up to len of the oldest bytes written
 * since the last take (at most the OUTBUF newest), removed from the ring. */
long sys_console_take_output(struct trapframe *tf)
{
	uint64_t ubuf = ARG0(tf);
	size_t len = ARG1(tf);

	if (current()->uid != 0)
		return -EPERM;
	if (len == 0)
		return 0;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	size_t done = 0;
	char *at;
	size_t span;
	while (done < len && (span = ring_rspan(&out, &at)) > 0) {
		if (span > len - done)
			span = len - done;
		if (copy_to_user(ubuf + done, at, span) < 0)
			return done ? (long)done : -EFAULT;
		ring_consumed(&out, span);
		done += span;
	}
	return (long)done;
}
