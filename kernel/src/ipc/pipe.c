/*
 * Pipes.
 *
 * A pipe is an inode of its own (S_IFIFO, no directory entry) holding a
 * ring of PIPE_SIZE bytes, and two kinds of open file on it: the read end
 * (O_READ) and the write end (O_WRITE).  The pipe counts the open files of
 * each kind; dup and fork share an open file, so an end is gone when its
 * last descriptor anywhere is closed (file_put calls ops->close then).
 *
 * The rules (ABI.md, "IPC"):
 *   - read waits while the ring is empty and a writer is left; with no
 *     writer it returns 0 (end of file).  It returns what is there, up to
 *     len, without waiting for more.
 *   - write with no reader left raises SIGPIPE and returns EPIPE.
 *   - a write of at most PIPE_BUF bytes is atomic: it waits until all of
 *     it fits and goes in at once, never interleaved with another writer.
 *     A longer write goes in piece by piece as room appears and may be
 *     interleaved; it returns when all is written (or a signal or a lost
 *     reader ends it: then it returns what it wrote, if anything).
 *   - O_NONBLOCK turns every wait into EAGAIN (a long write that fits in
 *     part writes that part).
 *   - a signal ends a wait with EINTR, unless bytes already moved.
 *
 * Sleeping and waking: readers sleep on &p->rd_chan and writers on
 * &p->wr_chan; every change wakes the other side's channel whole (wakeup
 * wakes every sleeper), and each sleeper re-checks its condition, so no
 * wake-up is lost whatever the number of readers and writers.  The kernel
 * is not preemptible and runs with interrupts off, so a check and the
 * sleep that follows it cannot be split by another process.
 */
#include "ipc/pipe.h"
#include "proc/proc.h"
#include "mm/pmm.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "lib/ring.h"
#include "lib/panic.h"
#include <aurora/abi.h>

#define PIPE_PAGES (PIPE_SIZE / PAGE_SIZE)

struct pipe {
	struct inode vi;          /* first: a pipe is its inode */
	struct ring  ring;
	int readers, writers;     /* open files of each end */
	char rd_chan, wr_chan;    /* sleep channels (their addresses) */
};

static struct super pipe_sb = { .name = "pipefs" };

long pipe_count(void) { return pipe_sb.ninodes; }

static struct pipe *pipe_of(struct inode *ip) { return (struct pipe *)ip; }

static long pipe_read(struct inode *ip, struct file *f, uint64_t *off,
		      const struct uio *u, size_t len)
{
	struct pipe *p = pipe_of(ip);
	(void)off;

	while (ring_used(&p->ring) == 0) {
		if (p->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_intr(&p->rd_chan) < 0)
			return -EINTR;
	}
	size_t done = 0;
	char *at;
	size_t span;
	while (done < len && (span = ring_rspan(&p->ring, &at)) > 0) {
		if (span > len - done)
			span = len - done;
		size_t got = uio_copyout(u, done, at, span);
		ring_consumed(&p->ring, got);
		done += got;
		if (got < span)
			break;              /* the buffer faulted: keep the rest */
	}
	if (done)
		wakeup(&p->wr_chan);
	ip->atime_ns = vfs_now();
	return done ? (long)done : -EFAULT;
}

/* Copies up to n bytes of the caller's buffer (from offset at) into the
 * ring's free space: the bytes copied, fewer when user memory faults. */
static size_t fill(struct pipe *p, const struct uio *u, size_t at, size_t n)
{
	size_t done = 0;
	char *dst;
	size_t span;

	while (done < n && (span = ring_wspan(&p->ring, &dst)) > 0) {
		if (span > n - done)
			span = n - done;
		size_t got = uio_copyin(dst, u, at + done, span);
		ring_wrote(&p->ring, got);
		done += got;
		if (got < span)
			break;
	}
	return done;
}

static long pipe_write(struct inode *ip, struct file *f, uint64_t *off,
		       const struct uio *u, size_t len)
{
	struct pipe *p = pipe_of(ip);
	size_t done = 0;
	(void)off;

	while (done < len) {
		if (p->readers == 0) {
			signal_send(current(), SIGPIPE);
			return done ? (long)done : -EPIPE;
		}
		size_t room = ring_free(&p->ring);
		/* An atomic write waits for room for all of it; a long one
		 * takes whatever room there is. */
		size_t need = len <= PIPE_BUF ? len : 1;
		if (room < need) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			if (sleep_on_intr(&p->wr_chan) < 0)
				return done ? (long)done : -EINTR;
			continue;
		}
		size_t want = len - done < room ? len - done : room;
		size_t got = fill(p, u, done, want);
		if (got)
			wakeup(&p->rd_chan);
		done += got;
		if (got < want)
			return done ? (long)done : -EFAULT;
	}
	ip->mtime_ns = vfs_now();
	return (long)done;
}

static void pipe_close(struct inode *ip, struct file *f)
{
	struct pipe *p = pipe_of(ip);

	if (f->flags & O_READ) {
		if (--p->readers == 0)
			wakeup(&p->wr_chan);      /* writers see EPIPE */
	} else {
		if (--p->writers == 0)
			wakeup(&p->rd_chan);      /* readers see end of file */
	}
}

static long pipe_ioctl(struct inode *ip, struct file *f, unsigned long req, uint64_t arg)
{
	(void)f;
	if (req == FIONREAD) {
		int n = (int)ring_used(&pipe_of(ip)->ring);
		return copy_to_user(arg, &n, sizeof(n)) < 0 ? -EFAULT : 0;
	}
	return -ENOTTY;
}

static void pipe_release(struct inode *ip)
{
	struct pipe *p = pipe_of(ip);

	if (p->readers || p->writers)
		panic("pipe_release: pipe %p still has ends", (void *)p);
	pmm_free_pages(V2P(p->ring.buf), PIPE_PAGES);
	pipe_sb.ninodes--;
	kfree(p);
}

static const struct inode_ops pipe_ops = {
	.read    = pipe_read,
	.write   = pipe_write,
	.close   = pipe_close,
	.ioctl   = pipe_ioctl,
	.release = pipe_release,
};

int pipe_make(int flags, struct file **rd, struct file **wr)
{
	struct pipe *p = kmalloc(sizeof(*p));
	uint64_t pa = p ? pmm_alloc_pages(PIPE_PAGES) : 0;
	struct file *r = pa ? file_alloc() : 0;
	struct file *w = r ? file_alloc() : 0;
	if (!w) {
		if (r)
			file_put(r);
		if (pa)
			pmm_free_pages(pa, PIPE_PAGES);
		kfree(p);
		return -ENOMEM;
	}
	vfs_inode_init(&p->vi, &pipe_sb, &pipe_ops, S_IFIFO | 0600);
	p->vi.flags |= I_NOSEEK;
	ring_init(&p->ring, P2V(pa), PIPE_SIZE);
	p->readers = p->writers = 1;
	/* Two open files, each holding a reference to the inode. */
	iget(&p->vi);
	r->ip = &p->vi;
	r->flags = O_READ | (flags & O_NONBLOCK);
	w->ip = &p->vi;
	w->flags = O_WRITE | (flags & O_NONBLOCK);
	*rd = r;
	*wr = w;
	return 0;
}
