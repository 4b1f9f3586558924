/*
 * Open-file objects and descriptor tables (see file.h), and the operations
 * on an open file: read, write, lseek, getdents.
 */
#include "fs/file.h"
#include "fs/vfs.h"
#include "proc/proc.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "lib/string.h"
#include "lib/panic.h"
#include <aurora/abi.h>

static long nfiles;                   /* objects alive: KINFO_OPEN_FILES */

long file_count(void) { return nfiles; }

struct file *file_alloc(void)
{
	struct file *f = kmalloc(sizeof(*f));
	if (!f)
		return 0;
	f->ref = 1;
	nfiles++;
	return f;
}

void file_put(struct file *f)
{
	if (f->ref <= 0)
		panic("file_put: file %p has no references", (void *)f);
	if (--f->ref > 0)
		return;
	if (f->ip) {
		if (f->ip->ops->close)
			f->ip->ops->close(f->ip, f);
		iput(f->ip);
	}
	nfiles--;
	kfree(f);
}

/* ---- operations on an open file ------------------------------------------- */

/* The caller has checked that f was opened for reading and that len > 0. */
long file_read(struct file *f, const struct uio *u, size_t len)
{
	struct inode *ip = f->ip;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!ip->ops->read)
		return -EINVAL;
	return ip->ops->read(ip, f, &f->off, u, len);
}

/* APPEND: every write lands at the end of the file as it is then. */
long file_write(struct file *f, const struct uio *u, size_t len)
{
	struct inode *ip = f->ip;
	if (!ip->ops->write)
		return -EINVAL;
	if ((f->flags & O_APPEND) && S_ISREG(ip->mode))
		f->off = ip->size;
	return ip->ops->write(ip, f, &f->off, u, len);
}

/* A negative result is refused (EINVAL), and so is one past INT64_MAX.
 * Seeking past the end is allowed: a write there leaves a hole. */
long file_lseek(struct file *f, int64_t off, long whence)
{
	int64_t base;

	if (f->ip->flags & I_NOSEEK)
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->off; break;
	case SEEK_END: base = (int64_t)f->ip->size; break;
	default:       return -EINVAL;
	}
	int64_t pos;
	if (__builtin_add_overflow(base, off, &pos) || pos < 0)
		return -EINVAL;
	f->off = (uint64_t)pos;
	return pos;
}

/* Bytes of a record with a name of len bytes: header, name, NUL, padded. */
static size_t reclen_of(size_t len)
{
	return (offsetof(struct dirent_rec, d_name) + len + 1 + 7) & ~(size_t)7;
}

/*
 * Fills ubuf with whole records from where the last call stopped: "." and
 * ".." first (positions 0 and 1), then the directory's entries (position 2
 * + the file system's cookie).  f->off moves past each record copied out,
 * so a fault keeps the records that did not reach the caller for the next
 * call.  A removed directory lists nothing.
 */
long file_getdents(struct file *f, uint64_t ubuf, size_t len)
{
	struct inode *ip = f->ip;
	size_t done = 0;
	union {
		struct dirent_rec rec;
		char bytes[(offsetof(struct dirent_rec, d_name) + NAME_MAX + 1 + 7) & ~7];
	} b;

	if (!S_ISDIR(ip->mode))
		return -ENOTDIR;
	if (ip->nlink == 0)
		return 0;
	for (;;) {
		struct vfs_dirent e;
		uint64_t next;
		if (f->off == 0) {
			e = (struct vfs_dirent){ ip->ino, DT_DIR, ".", 1 };
			next = 1;
		} else if (f->off == 1) {
			struct inode *up;
			if (vfs_dotdot(ip, &up) < 0)
				return done;
			e = (struct vfs_dirent){ up->ino, DT_DIR, "..", 2 };
			iput(up);
			next = 2;
		} else {
			uint64_t cookie = f->off - 2;
			if (!ip->ops->readdir(ip, &cookie, &e))
				break;
			next = cookie + 2;
		}
		size_t rl = reclen_of(e.len);
		if (rl > len - done) {
			if (done == 0)
				return -EINVAL;     /* not even one record fits */
			break;
		}
		memset(b.bytes, 0, rl);
		b.rec.d_ino = e.ino;
		b.rec.d_reclen = (uint16_t)rl;
		b.rec.d_type = e.type;
		memcpy(b.rec.d_name, e.name, e.len);
		if (copy_to_user(ubuf + done, b.bytes, rl) < 0)
			return done ? (long)done : -EFAULT;
		done += rl;
		f->off = next;
	}
	ip->atime_ns = vfs_now();
	return (long)done;
}

/* ---- descriptor tables ----------------------------------------------------- */

int fd_get(struct proc *p, long fd, struct file **out)
{
	if (fd < 0 || fd >= NOFILE || !p->ofile[fd])
		return -EBADF;
	*out = p->ofile[fd];
	return 0;
}

int fd_free_slot(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (!p->ofile[fd])
			return fd;
	return -EMFILE;
}

void fd_install(struct proc *p, int fd, struct file *f, int fdflags)
{
	p->ofile[fd] = f;
	p->fdflags[fd] = (uint8_t)fdflags;
}

int fd_close(struct proc *p, long fd)
{
	struct file *f;
	if (fd_get(p, fd, &f) < 0)
		return -EBADF;
	p->ofile[fd] = 0;
	p->fdflags[fd] = 0;
	file_put(f);
	return 0;
}

int fd_init(struct proc *p)
{
	struct inode *ip;
	struct file *f = file_alloc();
	if (!f)
		return -ENOMEM;
	int r = vfs_open("/dev/console", O_READ | O_WRITE, &ip);
	if (r < 0) {
		file_put(f);
		return r;
	}
	f->ip = ip;
	f->flags = O_READ | O_WRITE;
	/* One object behind 0, 1 and 2, as if opened once and dup'ed twice. */
	fd_install(p, 0, f, 0);
	f->ref += 2;
	fd_install(p, 1, f, 0);
	fd_install(p, 2, f, 0);
	p->cwd = iget(vfs_root());
	return 0;
}

void fd_fork(struct proc *child, struct proc *parent)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (parent->ofile[fd]) {
			child->ofile[fd] = parent->ofile[fd];
			child->ofile[fd]->ref++;
			child->fdflags[fd] = parent->fdflags[fd];
		}
	}
	if (parent->cwd)
		child->cwd = iget(parent->cwd);
}

void fd_exit(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->ofile[fd])
			fd_close(p, fd);
	if (p->cwd) {
		iput(p->cwd);
		p->cwd = 0;
	}
}

void fd_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->ofile[fd] && (p->fdflags[fd] & FD_CLOEXEC))
			fd_close(p, fd);
}
