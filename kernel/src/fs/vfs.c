/*
 * The VFS: reference counts, path walking, mounts, and the calls that work
 * on names (open, mkdir, unlink, rmdir, rename, getcwd).  The file systems
 * below (tmpfs.c, devfs.c) only keep their directories and data; every
 * check the ABI asks for is made here, before any of them is called, so
 * a call either fails having changed nothing or does all it says.
 */
#include "fs/vfs.h"
#include "fs/path.h"
#include "fs/tmpfs.h"
#include "fs/devfs.h"
#include "proc/proc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include <aurora/abi.h>

static struct inode *root;
static uint64_t next_ino = 1;
static uint64_t tsc_base;

/* ---- user or kernel buffers ------------------------------------------------ */

size_t uio_copyout(const struct uio *u, size_t at, const void *src, size_t n)
{
	if (u->kernel) {
		memcpy((char *)u->addr + at, src, n);
		return n;
	}
	if (n == 0 || !user_range_ok(u->addr + at, n))
		return 0;
	return n - __copy_user((void *)(u->addr + at), src, n);
}

size_t uio_copyin(void *dst, const struct uio *u, size_t at, size_t n)
{
	if (u->kernel) {
		memcpy(dst, (const char *)u->addr + at, n);
		return n;
	}
	if (n == 0 || !user_range_ok(u->addr + at, n))
		return 0;
	return n - __copy_user(dst, (const void *)(u->addr + at), n);
}

/* ---- inodes ---------------------------------------------------------------- */

struct inode *vfs_root(void) { return root; }

/* ns since boot, from the TSC.  Split in seconds and the rest so that
 * nothing overflows 64 bits for centuries. */
uint64_t vfs_now(void)
{
	if (!tsc_hz)
		return 0;
	uint64_t d = rdtsc() - tsc_base;
	return d / tsc_hz * 1000000000ull + d % tsc_hz * 1000000000ull / tsc_hz;
}

void vfs_inode_init(struct inode *ip, struct super *sb, const struct inode_ops *ops,
		    uint32_t mode)
{
	memset(ip, 0, sizeof(*ip));
	ip->ino = next_ino++;            /* unique over every file system */
	ip->mode = mode;
	ip->ref = 1;
	ip->ops = ops;
	ip->sb = sb;
	ip->atime_ns = ip->mtime_ns = ip->ctime_ns = vfs_now();
	sb->ninodes++;
}

struct inode *iget(struct inode *ip)
{
	ip->ref++;
	return ip;
}

void iput(struct inode *ip)
{
	if (ip->ref <= 0)
		panic("iput: inode %lu has no references", ip->ino);
	if (--ip->ref == 0 && ip->ops->release)
		ip->ops->release(ip);
}

uint8_t vfs_dtype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:  return DT_DIR;
	case S_IFCHR:  return DT_CHR;
	case S_IFIFO:  return DT_FIFO;
	case S_IFSOCK: return DT_SOCK;
	default:       return DT_FILE;
	}
}

void vfs_stat(const struct inode *ip, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ip->ino;
	st->st_size = ip->size;
	st->st_mode = ip->mode;
	st->st_nlink = ip->nlink;
	st->st_uid = ip->uid;
	st->st_gid = ip->gid;
	st->st_atime_ns = ip->atime_ns;
	st->st_mtime_ns = ip->mtime_ns;
	st->st_ctime_ns = ip->ctime_ns;
}

/* ---- walking paths ----------------------------------------------------------- */

/* Steps onto whatever is mounted on ip (consumes the reference to ip). */
static struct inode *follow_mounts(struct inode *ip)
{
	while (ip->mounted) {
		struct inode *m = iget(ip->mounted);
		iput(ip);
		ip = m;
	}
	return ip;
}

/* A mounted root stands for the directory it covers when going up. */
static struct inode *uncover(struct inode *ip)
{
	while (ip != root && ip->covers)
		ip = ip->covers;
	return ip;
}

int vfs_dotdot(struct inode *dir, struct inode **out)
{
	struct inode *d = uncover(dir);
	if (d == root) {
		*out = iget(root);                  /* ".." of "/" is "/" */
		return 0;
	}
	if (!d->parent)
		return -ENOENT;                     /* a removed directory */
	*out = follow_mounts(iget(d->parent));
	return 0;
}

static struct inode *walk_start(const char *path)
{
	struct proc *p = current();
	if (path[0] == '/' || !p->cwd)
		return iget(root);
	return iget(p->cwd);
}

/*
 * Walks the components of [p, end) from ip (whose reference it consumes).
 * Every component but "." and ".." is looked up in the directory reached
 * so far, which must be one (ENOTDIR).  Mount points are crossed.
 */
static int walk(struct inode *ip, const char *p, const char *end, struct inode **out)
{
	const char *name;
	size_t len;
	int r;

	while ((r = path_next(&p, end, &name, &len)) == 1) {
		struct inode *next;
		if (!S_ISDIR(ip->mode)) {
			r = -ENOTDIR;
			break;
		}
		if (path_is_dot(name, len))
			continue;
		if (path_is_dotdot(name, len))
			r = vfs_dotdot(ip, &next);
		else
			r = ip->ops->lookup(ip, name, len, &next);
		if (r < 0)
			break;
		iput(ip);
		ip = follow_mounts(next);
	}
	if (r < 0) {
		iput(ip);
		return r;
	}
	*out = ip;
	return 0;
}

int vfs_lookup(const char *path, struct inode **out)
{
	size_t len = strlen(path);
	struct inode *ip;

	if (len == 0)
		return -ENOENT;                     /* POSIX: "" names nothing */
	int r = walk(walk_start(path), path, path + len, &ip);
	if (r < 0)
		return r;
	/* "file/" asks for a directory. */
	if (path[len - 1] == '/' && !S_ISDIR(ip->mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	*out = ip;
	return 0;
}

/*
 * Resolves everything but the last component.  Returns 1 with the
 * directory (a reference) in *dir and the last component in name/len (it
 * may be "." or ".."), or 0 when the path has no last component ("/"):
 * then *dir is what the path names.
 */
struct last {
	const char *name;
	size_t len;
	bool trailing;            /* slashes followed it: "name/" */
};

static int walk_parent(const char *path, struct inode **dir, struct last *l)
{
	size_t plen = strlen(path), dirlen;
	struct inode *d;

	if (plen == 0)
		return -ENOENT;
	int has = path_split(path, plen, &dirlen, &l->name, &l->len, &l->trailing);
	int r = walk(walk_start(path), path, path + dirlen, &d);
	if (r < 0)
		return r;
	if (!S_ISDIR(d->mode)) {
		iput(d);
		return -ENOTDIR;
	}
	if (has && l->len > NAME_MAX) {
		iput(d);
		return -ENAMETOOLONG;
	}
	*dir = d;
	return has;
}

static bool is_dot_or_dotdot(const struct last *l)
{
	return path_is_dot(l->name, l->len) || path_is_dotdot(l->name, l->len);
}

/* Looks up the last component in dir, without crossing a mount on it. */
static int lookup_last(struct inode *dir, const struct last *l, struct inode **out)
{
	return dir->ops->lookup(dir, l->name, l->len, out);
}

/* Makes a new entry, owned by the caller's uid (group 0: there are no
 * groups yet); a removed directory (nlink 0) takes none. */
static int create_in(struct inode *dir, const struct last *l, uint32_t mode,
		     struct inode **out)
{
	if (dir->nlink == 0)
		return -ENOENT;
	if (!dir->ops->create)
		return -EPERM;
	int r = dir->ops->create(dir, l->name, l->len, mode, out);
	if (r == 0) {
		struct proc *p = current();
		(*out)->uid = p ? p->uid : 0;
		(*out)->gid = 0;
	}
	return r;
}

/* ---- the calls ------------------------------------------------------------- */

#define FILE_MODE 0644     /* open(CREATE) has no mode argument in the ABI */

int vfs_open(const char *path, int flags, struct inode **out)
{
	struct inode *dir, *ip;
	struct last l;
	bool created = false;

	int r = walk_parent(path, &dir, &l);
	if (r < 0)
		return r;
	if (r == 0 || is_dot_or_dotdot(&l)) {
		/* "/", "x/." or "x/..": an existing directory. */
		iput(dir);
		r = vfs_lookup(path, &ip);
		if (r < 0)
			return r;
	} else {
		r = lookup_last(dir, &l, &ip);
		if (r == -ENOENT && (flags & O_CREATE)) {
			/* "new/" cannot be made as a file. */
			r = l.trailing ? -EISDIR : create_in(dir, &l, S_IFREG | FILE_MODE, &ip);
			created = r == 0;
		}
		iput(dir);
		if (r < 0)
			return r;
		ip = follow_mounts(ip);
	}

	if ((flags & O_CREATE) && (flags & O_EXCL) && !created)
		r = -EEXIST;
	else if (S_ISDIR(ip->mode) && (flags & O_WRITE))
		r = -EISDIR;
	else if (!S_ISDIR(ip->mode) && ((flags & O_DIRECTORY) || l.trailing))
		r = -ENOTDIR;
	if (r < 0) {
		iput(ip);
		return r;
	}
	if ((flags & O_TRUNCATE) && S_ISREG(ip->mode) && ip->ops->truncate)
		ip->ops->truncate(ip);
	*out = ip;
	return 0;
}

int vfs_mkdir(const char *path, uint32_t mode)
{
	struct inode *dir, *ip;
	struct last l;

	int r = walk_parent(path, &dir, &l);
	if (r < 0)
		return r;
	if (r == 0 || is_dot_or_dotdot(&l)) {
		r = -EEXIST;                        /* "/", ".", "..": they exist */
	} else if (lookup_last(dir, &l, &ip) == 0) {
		iput(ip);
		r = -EEXIST;
	} else {
		r = create_in(dir, &l, S_IFDIR | (mode & 07777), &ip);
		if (r == 0)
			iput(ip);
	}
	iput(dir);
	return r;
}

int vfs_unlink(const char *path)
{
	struct inode *dir, *ip;
	struct last l;

	int r = walk_parent(path, &dir, &l);
	if (r < 0)
		return r;
	if (r == 0 || is_dot_or_dotdot(&l)) {
		iput(dir);
		return -EISDIR;                     /* "/", ".", "..": directories */
	}
	r = lookup_last(dir, &l, &ip);
	if (r == 0) {
		if (S_ISDIR(ip->mode))
			r = -EISDIR;
		else if (l.trailing)
			r = -ENOTDIR;               /* "file/" */
		else if (!dir->ops->remove)
			r = -EPERM;
		iput(ip);                           /* before remove: it may free ip */
		if (r == 0)
			r = dir->ops->remove(dir, l.name, l.len);
	}
	iput(dir);
	return r;
}

int vfs_rmdir(const char *path)
{
	struct inode *dir, *ip;
	struct last l;

	int r = walk_parent(path, &dir, &l);
	if (r < 0)
		return r;
	if (r == 0)
		r = -EBUSY;                         /* "/" */
	else if (path_is_dot(l.name, l.len))
		r = -EINVAL;                        /* POSIX: rmdir of "." */
	else if (path_is_dotdot(l.name, l.len))
		r = -ENOTEMPTY;                     /* it holds at least where we came from */
	if (r != 1) {
		iput(dir);
		return r;
	}
	r = lookup_last(dir, &l, &ip);
	if (r == 0) {
		if (!S_ISDIR(ip->mode))
			r = -ENOTDIR;
		else if (ip->mounted || ip->covers)
			r = -EBUSY;                 /* a mount point */
		else if (ip->size > 0)
			r = -ENOTEMPTY;
		else if (!dir->ops->remove)
			r = -EPERM;
		iput(ip);
		if (r == 0)
			r = dir->ops->remove(dir, l.name, l.len);
	}
	iput(dir);
	return r;
}

/* Is a an ancestor of d (or d itself)? */
static bool is_ancestor(const struct inode *a, const struct inode *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

int vfs_rename(const char *from, const char *to)
{
	struct inode *od = 0, *nd = 0, *x = 0, *t = 0;
	struct last ol, nl;
	int r;

	r = walk_parent(from, &od, &ol);
	if (r < 0)
		return r;
	if (r == 1) {
		r = walk_parent(to, &nd, &nl);
		if (r < 0)
			goto out;
	}
	/* Neither side may be "/", "." or "..": what would they rename? */
	if (r == 0) {
		r = -EBUSY;
		goto out;
	}
	if (is_dot_or_dotdot(&ol) || is_dot_or_dotdot(&nl)) {
		r = -EINVAL;
		goto out;
	}
	if ((r = lookup_last(od, &ol, &x)) < 0)
		goto out;
	if (od->sb != nd->sb) {
		r = -EXDEV;                         /* one file system to another */
		goto out;
	}
	if (x->mounted) {
		r = -EBUSY;
		goto out;
	}
	if (!S_ISDIR(x->mode) && (ol.trailing || nl.trailing)) {
		r = -ENOTDIR;
		goto out;
	}
	r = lookup_last(nd, &nl, &t);
	if (r == -ENOENT) {
		t = 0;
	} else if (r < 0) {
		goto out;
	} else if (t == x) {
		r = 0;                              /* the same file: nothing to do */
		goto out;
	} else if (t->mounted) {
		r = -EBUSY;
		goto out;
	} else if (S_ISDIR(x->mode) && !S_ISDIR(t->mode)) {
		r = -ENOTDIR;
		goto out;
	} else if (!S_ISDIR(x->mode) && S_ISDIR(t->mode)) {
		r = -EISDIR;
		goto out;
	} else if (S_ISDIR(t->mode) && t->size > 0) {
		r = -ENOTEMPTY;
		goto out;
	}
	if (S_ISDIR(x->mode) && is_ancestor(x, nd)) {
		r = -EINVAL;                        /* into itself or below */
		goto out;
	}
	if (nd->nlink == 0) {
		r = -ENOENT;                        /* into a removed directory */
		goto out;
	}
	if (!od->ops->rename) {
		r = -EPERM;
		goto out;
	}
	/* Drop our references first: the rename may free the target. */
	iput(x);
	x = 0;
	if (t) {
		iput(t);
		t = 0;
	}
	r = od->ops->rename(od, ol.name, ol.len, nd, nl.name, nl.len);
out:
	if (t)
		iput(t);
	if (x)
		iput(x);
	if (nd)
		iput(nd);
	iput(od);
	return r;
}

/*
 * The path of cwd, built from the leaf up: each directory's name is found
 * in its parent by inode number.  Returns the length (without the NUL) of
 * the path now at buf[0..]; -ENOENT for a removed directory,
 * -ENAMETOOLONG past size bytes.
 */
long vfs_getcwd(struct inode *cwd, char *buf, size_t size)
{
	size_t pos = size - 1;
	struct inode *ip = cwd ? cwd : root;

	buf[pos] = '\0';
	for (;;) {
		ip = uncover(ip);
		if (ip == root)
			break;
		struct inode *parent = ip->parent;
		if (!parent)
			return -ENOENT;
		struct vfs_dirent e;
		uint64_t cookie = 0;
		int found;
		while ((found = parent->ops->readdir(parent, &cookie, &e)) == 1 && e.ino != ip->ino)
			;
		if (!found)
			return -ENOENT;
		if (path_prepend(buf, &pos, e.name, e.len) < 0)
			return -ENAMETOOLONG;
		ip = parent;
	}
	if (pos == size - 1) {
		if (pos == 0)
			return -ENAMETOOLONG;
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
	return (long)(size - 1 - pos);
}

long vfs_read_at(struct inode *ip, uint64_t off, void *buf, size_t n)
{
	if (n == 0)
		return 0;
	struct uio u = { .addr = (uint64_t)buf, .kernel = true };
	return ip->ops->read(ip, 0, &off, &u, n);
}

int vfs_open_exec(const char *path, struct inode **out)
{
	struct inode *ip;
	int r = vfs_lookup(path, &ip);
	if (r < 0)
		return r;
	if (!S_ISREG(ip->mode)) {
		r = S_ISDIR(ip->mode) ? -EISDIR : -EPERM;
		iput(ip);
		return r;
	}
	*out = ip;
	return 0;
}

int vfs_mount(const char *path, struct inode *mroot)
{
	struct inode *dir;
	int r = vfs_lookup(path, &dir);
	if (r < 0)
		return r;
	if (!S_ISDIR(dir->mode) || dir->mounted || dir == root) {
		iput(dir);
		return -EBUSY;
	}
	dir->mounted = iget(mroot);             /* the mount holds both */
	mroot->covers = dir;
	return 0;
}

void vfs_init(uint64_t boot_tsc)
{
	tsc_base = boot_tsc;
	root = tmpfs_init();
	struct inode *ip;
	int r;
	/* /dev is where devfs goes; /tmp is scratch space for everyone. */
	if ((r = vfs_mkdir("/dev", 0755)) < 0 || (r = vfs_mkdir("/tmp", 01777)) < 0)
		panic("vfs: cannot make /dev and /tmp (error %d)", r);
	if ((r = vfs_mount("/dev", devfs_init())) < 0)
		panic("vfs: cannot mount devfs on /dev (error %d)", r);
	if (vfs_lookup("/dev/console", &ip) < 0)
		panic("vfs: no /dev/console");
	iput(ip);
}
