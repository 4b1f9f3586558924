/*
 * The console: kernel messages and /dev/console.
 *
 * Input: the serial port has no interrupt routed (the PICs are masked and
 * there is no I/O APIC driver yet), so the timer interrupt polls it, 100
 * times a second, and moves what arrived into a ring buffer.  A reader
 * sleeps on the ring while it is empty and is woken by the poll that fills
 * it.  Bytes are passed on as they come: no echo and no line editing yet
 * (that comes with the console issue).  The poll runs only in interrupt
 * context, which the kernel never is while a reader looks at the ring (it
 * runs with interrupts off), so the two need no lock on one CPU.
 */
#include "dev/console.h"
#include "dev/serial.h"
#include "dev/device.h"
#include "fs/file.h"
#include "proc/proc.h"
#include <aurora/abi.h>

#define INBUF 1024                       /* bytes typed ahead; more are dropped */
#define POLL_MAX 64                      /* bytes taken per poll: the FIFO holds 16 */

static char inbuf[INBUF];
static uint64_t in_r, in_w;              /* free-running: in_w - in_r bytes wait */

void console_putc(char c)
{
	serial_putc(c);
}

void console_write(const char *s, size_t n)
{
	serial_write(s, n);
}

void console_poll(void)
{
	int c, got = 0;

	for (int i = 0; i < POLL_MAX && (c = serial_getc()) >= 0; i++) {
		if (in_w - in_r < INBUF) {
			inbuf[in_w++ % INBUF] = (char)c;
			got = 1;
		}
	}
	if (got)
		wakeup(&in_r);
}

/* At least one byte, at most len: whatever has been typed.  With nothing
 * typed it sleeps, unless the file is NONBLOCK (EAGAIN); a signal ends the
 * wait with EINTR. */
static long console_read(struct file *f, const struct uio *u, size_t len)
{
	char chunk[128];

	while (in_w == in_r) {
		if (f && (f->flags & O_NONBLOCK))
			return -EAGAIN;
		if (sleep_on_intr(&in_r) < 0)
			return -EINTR;
	}
	size_t done = 0;
	while (done < len && in_w != in_r) {
		size_t n = 0;
		while (n < sizeof(chunk) && n < len - done && in_r + n != in_w) {
			chunk[n] = inbuf[(in_r + n) % INBUF];
			n++;
		}
		/* Consume only what reached the caller. */
		size_t got = uio_copyout(u, done, chunk, n);
		in_r += got;
		done += got;
		if (got < n)
			break;
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

const struct device console_device = {
	.name = "console",
	.perm = 0666,
	.seekable = false,
	.read = console_read,
	.write = console_dev_write,
};
