/*
 * Open-file objects and the per-process descriptor tables.
 *
 * open() makes one struct file: the inode, the offset and the flags it was
 * opened with.  A descriptor is a slot of the process's ofile[] pointing at
 * one; dup, dup2 and fork make more slots point at the same object, so they
 * share its offset.  The object counts the slots (ref) and is freed, and
 * its inode released, when the last one is closed.
 *
 * Each process has NOFILE slots (proc.h); new descriptors take the lowest
 * free one, and a full table gives EMFILE.  fdflags[] holds the per-slot
 * FD_CLOEXEC bit, which is not shared by dup.
 */
#ifndef FS_FILE_H
#define FS_FILE_H
#include <stdint.h>
#include <stddef.h>
#include "fs/vfs.h"

struct proc;

struct file {
	int      ref;             /* descriptors (in any process) naming it */
	int      flags;           /* O_READ, O_WRITE, O_APPEND, O_NONBLOCK */
	uint64_t off;             /* shared by every descriptor of the object */
	struct inode *ip;         /* holds a reference */
};

#define FD_CLOEXEC 0x1            /* fdflags[]: closed by a successful execve */

struct file *file_alloc(void);            /* ref 1, no inode yet; 0 if out of memory */
void file_put(struct file *f);            /* drops a reference */
long file_count(void);                    /* objects alive, for KINFO_OPEN_FILES */

long file_read(struct file *f, const struct uio *u, size_t len);
long file_write(struct file *f, const struct uio *u, size_t len);
long file_lseek(struct file *f, int64_t off, long whence);
long file_getdents(struct file *f, uint64_t ubuf, size_t len);

/* The descriptor table of process p. */
int  fd_get(struct proc *p, long fd, struct file **out);   /* 0 or -EBADF */
int  fd_free_slot(struct proc *p);                          /* lowest free, or -EMFILE */
void fd_install(struct proc *p, int fd, struct file *f, int fdflags);
int  fd_close(struct proc *p, long fd);                     /* 0 or -EBADF */

/* Hooks into the process code. */
int  fd_init(struct proc *p);          /* pid 1: fds 0-2 on /dev/console, cwd "/" */
void fd_fork(struct proc *child, struct proc *parent);   /* shared objects, same cwd */
void fd_exit(struct proc *p);          /* closes every fd, drops the cwd */
void fd_exec(struct proc *p);          /* closes the FD_CLOEXEC fds */

#endif
