/*
 * /dev/kmsg: the kernel log.  kprintf puts every byte it prints here as
 * well as on the console; the newest KMSG_SIZE bytes are kept (the ring is
 * lib/logbuf.c), so `dmesg` can show what the kernel said at boot long
 * after it scrolled away.  User programs' own console output is not in it.
 *
 * Reading: the file offset is a byte's number since boot.  A read at an
 * offset the ring has already overwritten (0, for a new open) starts at
 * the oldest byte kept, so open-and-read-to-EOF gives the whole log and a
 * reader that keeps reading sees each new byte once.  lseek(SEEK_SET)
 * moves to a byte number; SEEK_END is relative to 0 (a device has no
 * size), so it is no use here.
 *
 * Writing appends the bytes to the log, not to the console: a program
 * (init, a daemon) can leave a note for dmesg.  As with O_APPEND on a
 * file, the offset ends just past the bytes written, the log's end.  Only
 * uid 0 may write (EPERM), so that the log is the kernel's and root's word.
 */
#include "dev/kmsg.h"
#include "dev/device.h"
#include "fs/file.h"
#include "lib/logbuf.h"
#include "proc/proc.h"
#include <aurora/abi.h>

static char kmsg_buf[KMSG_SIZE];
static struct logbuf klog = { .buf = kmsg_buf, .size = KMSG_SIZE };

void kmsg_putc(char c)
{
	logbuf_put(&klog, &c, 1);
}

/*
 * The kernel runs with interrupts off and a copy out never prints, so the
 * log cannot move under this loop.  devfs adds the result to f->off after
 * we return; setting f->off to where the read really began (the oldest
 * byte, if the reader fell behind) makes that sum the next byte's number.
 */
static long kmsg_read(struct file *f, const struct uio *u, size_t len)
{
	uint64_t start = logbuf_clamp(&klog, f->off);
	size_t done = 0;

	while (done < len) {
		const char *p;
		size_t n = logbuf_span(&klog, start + done, &p);
		if (n == 0)
			break;
		if (n > len - done)
			n = len - done;
		size_t got = uio_copyout(u, done, p, n);
		done += got;
		if (got < n) {
			if (done == 0)
				return -EFAULT;
			break;
		}
	}
	f->off = start;
	return (long)done;
}

static long kmsg_write(struct file *f, const struct uio *u, size_t len)
{
	char chunk[128];
	size_t done = 0;
	uint64_t at = klog.total;

	if (current()->uid != 0)
		return -EPERM;
	while (done < len) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		size_t got = uio_copyin(chunk, u, done, n);
		logbuf_put(&klog, chunk, got);
		done += got;
		if (got < n)
			break;
	}
	if (done == 0)
		return -EFAULT;
	/* devfs adds the bytes written to this: the offset ends at the
	 * log's end, just past them. */
	f->off = at;
	return (long)done;
}

const struct device kmsg_device = {
	.name = "kmsg",
	.perm = 0644,
	.seekable = true,
	.read = kmsg_read,
	.write = kmsg_write,
};
