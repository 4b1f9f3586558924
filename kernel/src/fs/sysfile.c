/*
 * System calls about files and descriptors: argument checks, then the VFS.
 *
 * Each handler checks in the same order: the descriptor (EBADF), then
 * every user pointer (EFAULT; a path is copied in whole, with a bound of
 * PATH_MAX bytes: ENAMETOOLONG), then the other arguments, and only then
 * does the work, so a failed call changes nothing.
 */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"
#include "proc/trace.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "mm/uvm.h"
#include "mm/vmm.h"
#include <aurora/abi.h>

#define O_KNOWN (O_READ | O_WRITE | O_CREATE | O_TRUNCATE | O_APPEND | O_EXCL | \
		 O_NONBLOCK | O_CLOEXEC | O_DIRECTORY)

/* Copies a user path into a new kernel buffer (kfree it): -EFAULT, or
 * -ENAMETOOLONG when no NUL comes within PATH_MAX bytes. */
static long path_in(uint64_t upath, char **out)
{
	long r = strndup_from_user(upath, PATH_MAX, out);
	return r < 0 ? r : 0;
}

/* The calls that take one path and nothing else to check. */
static long with_path(uint64_t upath, int (*op)(const char *))
{
	char *path;
	long r = path_in(upath, &path);
	if (r < 0)
		return r;
	r = op(path);
	kfree(path);
	return r;
}

/*
 * open(path, flags): the lowest free descriptor.  Flags: at least one of
 * READ and WRITE; no unknown bit; TRUNCATE and APPEND only with WRITE;
 * EXCL only with CREATE; DIRECTORY not with CREATE (EINVAL otherwise).
 */
long sys_open(struct trapframe *tf)
{
	uint64_t upath = ARG0(tf);
	uint64_t flags = ARG1(tf);
	struct proc *p = current();

	if ((flags & ~(uint64_t)O_KNOWN) || !(flags & (O_READ | O_WRITE)) ||
	    ((flags & (O_TRUNCATE | O_APPEND)) && !(flags & O_WRITE)) ||
	    ((flags & O_EXCL) && !(flags & O_CREATE)) ||
	    ((flags & O_DIRECTORY) && (flags & O_CREATE)))
		return -EINVAL;
	char *path;
	long r = path_in(upath, &path);
	if (r < 0)
		return r;
	/* Everything that can run out comes before the file is touched. */
	int fd = fd_free_slot(p);
	struct file *f = fd < 0 ? 0 : file_alloc();
	if (fd < 0 || !f) {
		kfree(path);
		return fd < 0 ? fd : -ENOMEM;
	}
	struct inode *ip;
	r = vfs_open(path, (int)flags, &ip);
	kfree(path);
	if (r < 0) {
		file_put(f);
		return r;
	}
	f->ip = ip;
	f->flags = (int)(flags & (O_READ | O_WRITE | O_APPEND | O_NONBLOCK));
	fd_install(p, fd, f, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	return fd;
}

long sys_close(struct trapframe *tf)
{
	return fd_close(current(), (long)ARG0(tf));
}

/*
 * read(fd, buf, len) and write(fd, buf, len): the same checks in the same
 * order (an fd open for that direction, else EBADF; nothing to do for 0
 * bytes; the whole buffer in the caller's memory with the right
 * permission, else EFAULT), then the file's own code.  ABI.md asks for
 * the buffer to be validated whole, so a buffer that runs into an unmapped
 * or read-only page fails at once instead of moving part of the data (the
 * copies still catch faults, and would report what moved before one).
 * read returns 0 at end of file (EISDIR for a directory).
 */
static long read_or_write(struct trapframe *tf, int need,
			  long (*io)(struct file *, const struct uio *, size_t))
{
	long fd = (long)ARG0(tf);
	uint64_t ubuf = ARG1(tf);
	size_t len = ARG2(tf);
	struct file *f;

	if (fd_get(current(), fd, &f) < 0 || !(f->flags & need))
		return -EBADF;
	if (len == 0)
		return 0;
	if (!uvm_access_ok(current(), ubuf, len, need == O_READ ? VM_WRITE : VM_READ))
		return -EFAULT;
	struct uio u = { .addr = ubuf };
	return io(f, &u, len);
}

long sys_read(struct trapframe *tf)
{
	long r = read_or_write(tf, O_READ, file_read);
	if (r > 0)
		TRACE_COUNT(bytes_read, (uint64_t)r);
	return r;
}

long sys_write(struct trapframe *tf)
{
	long r = read_or_write(tf, O_WRITE, file_write);
	if (r > 0)
		TRACE_COUNT(bytes_written, (uint64_t)r);
	return r;
}

long sys_lseek(struct trapframe *tf)
{
	struct file *f;

	if (fd_get(current(), (long)ARG0(tf), &f) < 0)
		return -EBADF;
	return file_lseek(f, (int64_t)ARG1(tf), (long)ARG2(tf));
}

long sys_stat(struct trapframe *tf)
{
	uint64_t upath = ARG0(tf), ust = ARG1(tf);
	struct inode *ip;
	struct stat st;
	char *path;

	if (!user_range_ok(ust, sizeof(st)))
		return -EFAULT;
	long r = path_in(upath, &path);
	if (r < 0)
		return r;
	r = vfs_lookup(path, &ip);
	kfree(path);
	if (r < 0)
		return r;
	vfs_stat(ip, &st);
	iput(ip);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_fstat(struct trapframe *tf)
{
	uint64_t ust = ARG1(tf);
	struct file *f;
	struct stat st;

	if (fd_get(current(), (long)ARG0(tf), &f) < 0)
		return -EBADF;
	if (!user_range_ok(ust, sizeof(st)))
		return -EFAULT;
	vfs_stat(f->ip, &st);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_getdents(struct trapframe *tf)
{
	uint64_t ubuf = ARG1(tf);
	size_t len = ARG2(tf);
	struct file *f;

	if (fd_get(current(), (long)ARG0(tf), &f) < 0)
		return -EBADF;
	if (!uvm_access_ok(current(), ubuf, len, VM_WRITE))
		return -EFAULT;
	return file_getdents(f, ubuf, len);
}

/* mkdir(path, mode): mode is permission bits only (07777), else EINVAL. */
long sys_mkdir(struct trapframe *tf)
{
	uint64_t upath = ARG0(tf), mode = ARG1(tf);
	char *path;

	long r = path_in(upath, &path);
	if (r < 0)
		return r;
	r = (mode & ~(uint64_t)07777) ? -EINVAL : vfs_mkdir(path, (uint32_t)mode);
	kfree(path);
	return r;
}

long sys_unlink(struct trapframe *tf) { return with_path(ARG0(tf), vfs_unlink); }
long sys_rmdir(struct trapframe *tf)  { return with_path(ARG0(tf), vfs_rmdir); }

long sys_rename(struct trapframe *tf)
{
	char *from, *to;

	long r = path_in(ARG0(tf), &from);
	if (r < 0)
		return r;
	r = path_in(ARG1(tf), &to);
	if (r < 0) {
		kfree(from);
		return r;
	}
	r = vfs_rename(from, to);
	kfree(from);
	kfree(to);
	return r;
}

static int do_chdir(const char *path)
{
	struct proc *p = current();
	struct inode *ip;

	int r = vfs_lookup(path, &ip);
	if (r < 0)
		return r;
	if (!S_ISDIR(ip->mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	if (p->cwd)
		iput(p->cwd);
	p->cwd = ip;
	return 0;
}

long sys_chdir(struct trapframe *tf) { return with_path(ARG0(tf), do_chdir); }

/* getcwd(buf, len): the length without the NUL; ERANGE if it and the NUL
 * do not fit in len bytes. */
long sys_getcwd(struct trapframe *tf)
{
	uint64_t ubuf = ARG0(tf);
	size_t len = ARG1(tf);

	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long n = vfs_getcwd(current()->cwd, buf, PATH_MAX);
	if (n >= 0 && (size_t)n + 1 > len)
		n = -ERANGE;
	if (n >= 0 && copy_to_user(ubuf, buf, (size_t)n + 1) < 0)
		n = -EFAULT;
	kfree(buf);
	return n;
}

long sys_dup(struct trapframe *tf)
{
	struct proc *p = current();
	struct file *f;

	if (fd_get(p, (long)ARG0(tf), &f) < 0)
		return -EBADF;
	int fd = fd_free_slot(p);
	if (fd < 0)
		return fd;
	f->ref++;
	fd_install(p, fd, f, 0);              /* the copy is not CLOEXEC */
	return fd;
}

/* dup2(old, new): new names old's object; an open new is closed first;
 * old == new is a no-op that returns it. */
long sys_dup2(struct trapframe *tf)
{
	struct proc *p = current();
	long oldfd = (long)ARG0(tf), newfd = (long)ARG1(tf);
	struct file *f;

	if (fd_get(p, oldfd, &f) < 0 || newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	/* Closing newfd cannot free f, which oldfd still names. */
	if (p->ofile[newfd])
		fd_close(p, newfd);
	f->ref++;
	fd_install(p, (int)newfd, f, 0);      /* the copy is not CLOEXEC */
	return newfd;
}

/* ---- pipes ------------------------------------------------------------------ */

/*
 * pipe(fds) and pipe2(fds, flags): the read end in fds[0], the write end
 * in fds[1] (two ints), on the two lowest free descriptors.  Both slots and
 * the pipe are found before anything is installed, and the numbers reach
 * the caller before the descriptors exist, so a failure (EMFILE, ENOMEM,
 * EFAULT) leaves the table as it was.
 */
static long make_pipe(uint64_t ufds, uint64_t flags)
{
	struct proc *p = current();
	struct file *rd, *wr;

	if (flags & ~(uint64_t)(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	if (!user_range_ok(ufds, 2 * sizeof(int)))
		return -EFAULT;
	int fds[2] = { -1, -1 };
	for (int fd = 0, n = 0; fd < NOFILE && n < 2; fd++)
		if (!p->ofile[fd])
			fds[n++] = fd;
	if (fds[1] < 0)
		return -EMFILE;
	int r = pipe_make((int)flags, &rd, &wr);
	if (r < 0)
		return r;
	if (copy_to_user(ufds, fds, sizeof(fds)) < 0) {
		file_put(rd);
		file_put(wr);
		return -EFAULT;
	}
	int fdflags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	fd_install(p, fds[0], rd, fdflags);
	fd_install(p, fds[1], wr, fdflags);
	return 0;
}

long sys_pipe(struct trapframe *tf)  { return make_pipe(ARG0(tf), 0); }
long sys_pipe2(struct trapframe *tf) { return make_pipe(ARG0(tf), ARG1(tf)); }

/* ---- ioctl ------------------------------------------------------------------ */

static bool ioctl_known(unsigned long req)
{
	switch (req) {
	case TIOCGPGRP: case TIOCSPGRP: case TIOCGWINSZ: case TIOCSWINSZ:
	case FIONREAD: case FIONBIO: case TCGETMODE: case TCSETMODE:
		return true;
	}
	return false;
}

/*
 * ioctl(fd, request, arg).  EBADF for a bad descriptor; EINVAL for a
 * request number abi.h does not define; ENOTTY for a request the file
 * does not support (the console's requests on a pipe or a file).  FIONBIO
 * works on every open file: it sets or clears O_NONBLOCK on the object
 * (so on every descriptor sharing it).
 */
long sys_ioctl(struct trapframe *tf)
{
	unsigned long req = ARG1(tf);
	uint64_t arg = ARG2(tf);
	struct file *f;

	if (fd_get(current(), (long)ARG0(tf), &f) < 0)
		return -EBADF;
	if (!ioctl_known(req))
		return -EINVAL;
	if (req == FIONBIO) {
		int on;
		if (copy_from_user(&on, arg, sizeof(on)) < 0)
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	}
	if (!f->ip->ops->ioctl)
		return -ENOTTY;
	return f->ip->ops->ioctl(f->ip, f, req, arg);
}
