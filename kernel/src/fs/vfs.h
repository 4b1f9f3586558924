/*
 * The virtual file system: one tree of inodes, whatever file system each
 * comes from.  tmpfs is the root; devfs is mounted on /dev.
 *
 * An inode is the one in-memory object of a file, directory or device: every
 * open of a file shares it, so a write is seen at once by every other open.
 * Its life has two counts:
 *   nlink - directory entries naming it (the file system's business);
 *   ref   - in-memory users: open files, cwds, walks in progress.
 * A file system frees an inode when both are zero, so an unlinked file lives
 * on while it is open.  iget/iput move ref; iput calls ops->release at zero.
 *
 * The kernel is never preempted and no file-system operation sleeps (only
 * a console read does, holding a file), so the tree needs no locks on one
 * CPU.  References are still counted exactly, as SMP will need them.
 */
#ifndef FS_VFS_H
#define FS_VFS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file;
struct inode;
struct stat;

/* Where a read puts its bytes or a write takes them from: user memory
 * or, for the kernel's own reads and writes (exec, the initrd), a kernel
 * buffer.  The copies return the bytes copied: fewer than n when user
 * memory faults part way (the range checks and the fault handling are
 * those of mm/usercopy), so a call can report a partial transfer exactly. */
struct uio {
	uint64_t addr;
	bool     kernel;
};
size_t uio_copyout(const struct uio *u, size_t at, const void *src, size_t n);
size_t uio_copyin(void *dst, const struct uio *u, size_t at, size_t n);

/* One mounted file system. */
struct super {
	const char *name;
	long        ninodes;      /* inodes alive (KINFO_INODES for tmpfs) */
};

/* One directory entry, as readdir reports it; name is not NUL-terminated
 * and stays valid only until the directory changes. */
struct vfs_dirent {
	uint64_t    ino;
	uint8_t     type;         /* DT_FILE, DT_DIR, ... */
	const char *name;
	size_t      len;
};

/*
 * What a file system does.  Directory operations get names already checked
 * by the VFS (1..NAME_MAX bytes, not "." or "..") and may trust the checks
 * the VFS documents before each call; a file system without an operation
 * leaves it 0 and the VFS answers for it.
 */
struct inode_ops {
	/* Directories.  lookup returns the entry's inode with a reference;
	 * -ENOENT if there is none. */
	int  (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* A new entry (the VFS made sure the name is free): mode is
	 * S_IFREG or S_IFDIR plus permission bits.  *out gets a reference. */
	int  (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
		       struct inode **out);
	/* Drops the entry (a file, or an empty directory). */
	int  (*remove)(struct inode *dir, const char *name, size_t len);
	/* Moves an entry, replacing the target if there is one (the VFS has
	 * checked the types, emptiness and that a directory does not move
	 * into itself). */
	int  (*rename)(struct inode *odir, const char *oname, size_t olen,
		       struct inode *ndir, const char *nname, size_t nlen);
	/* The first entry at or after *cookie: 1 with *ent filled and *cookie
	 * moved past it, 0 at the end.  Cookies stay valid across changes, so
	 * a listing sees each entry that stays put exactly once. */
	int  (*readdir)(struct inode *dir, uint64_t *cookie, struct vfs_dirent *ent);
	/* Files and devices: bytes moved (and *off advanced), or an error.
	 * f is 0 for the kernel's own reads. */
	long (*read)(struct inode *ip, struct file *f, uint64_t *off, const struct uio *u,
		     size_t len);
	long (*write)(struct inode *ip, struct file *f, uint64_t *off, const struct uio *u,
		      size_t len);
	/* An open file on ip is going away (its last descriptor closed):
	 * for pipes, an end closing. */
	void (*close)(struct inode *ip, struct file *f);
	/* Device control (the requests of abi.h): 0 or a result, or an
	 * error; -ENOTTY for a request the file does not know.  arg is the
	 * caller's, a user pointer for the requests that take one. */
	long (*ioctl)(struct inode *ip, struct file *f, unsigned long req, uint64_t arg);
	void (*truncate)(struct inode *ip);          /* to size 0 */
	void (*release)(struct inode *ip);           /* ref reached 0 */
};

#define I_NOSEEK 0x1      /* lseek gives ESPIPE (console, pipes, sockets) */

struct inode {
	uint64_t ino;
	uint32_t mode;            /* S_IF* type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t flags;           /* I_NOSEEK */
	uint64_t size;            /* bytes; for a directory, its entries */
	uint64_t atime_ns, mtime_ns, ctime_ns;   /* ns since boot */
	int      ref;
	const struct inode_ops *ops;
	struct super *sb;
	struct inode *parent;     /* a directory's parent (for ".." and getcwd);
				     0 once the directory is removed */
	struct inode *mounted;    /* a directory with a file system mounted on it:
				     that file system's root */
	struct inode *covers;     /* a mounted root: the directory it hides */
};

/* Setting up and counting. */
/* tmpfs at /, devfs at /dev, /tmp; inode times count from boot_tsc (the
 * TSC when the kernel started).  Needs the frame allocator and tsc_hz. */
void vfs_init(uint64_t boot_tsc);
struct inode *vfs_root(void);
uint64_t vfs_now(void);               /* ns since boot, for the inode times */
void vfs_inode_init(struct inode *ip, struct super *sb, const struct inode_ops *ops,
		    uint32_t mode);   /* a fresh ino, times = now, ref 1 */
struct inode *iget(struct inode *ip);
void iput(struct inode *ip);
int  vfs_mount(const char *path, struct inode *root);

/*
 * The calls, on kernel copies of the paths.  Relative paths start at the
 * current process's cwd ("/" when it has none, as at boot).  Each returns
 * 0 (or a length) or a negative error; every check is made before
 * anything changes.
 */
int  vfs_lookup(const char *path, struct inode **out);
int  vfs_open(const char *path, int flags, struct inode **out);
int  vfs_mkdir(const char *path, uint32_t mode);
int  vfs_unlink(const char *path);
int  vfs_rmdir(const char *path);
int  vfs_rename(const char *from, const char *to);
int  vfs_dotdot(struct inode *dir, struct inode **out);
long vfs_getcwd(struct inode *cwd, char *buf, size_t size);
void vfs_stat(const struct inode *ip, struct stat *st);
uint8_t vfs_dtype(uint32_t mode);
/* The regular file at path, with a reference (for exec, which reads its
 * parts with vfs_read_at): -EISDIR for a directory, -EPERM for anything
 * else that is not a regular file. */
int  vfs_open_exec(const char *path, struct inode **out);
/* The kernel's own read of n bytes at off into buf: bytes read, or an
 * error. */
long vfs_read_at(struct inode *ip, uint64_t off, void *buf, size_t n);

#endif
