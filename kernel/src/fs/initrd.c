/*
 * The initrd: a "newc" cpio archive from the boot loader (cpio.c reads it),
 * copied at boot into tmpfs, where it becomes ordinary files that can be
 * changed and removed.  Directories and regular files are copied with
 * their permission bits (owner and group are 0, as everything is for now;
 * the archive's mtime is not kept, since inode times count from boot);
 * any other kind of entry is skipped with a message.  Parents missing from
 * the archive are made (mode 0755).  The archive itself stays where the
 * loader put it, reserved, and is not read again.
 */
#include "fs/initrd.h"
#include "fs/cpio.h"
#include "fs/vfs.h"
#include "mm/pmm.h"
#include "mm/kheap.h"
#include "lib/string.h"
#include "lib/kprintf.h"
#include <aurora/abi.h>

/* mkdir -p of every directory above path (an absolute path). */
static void make_parents(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		vfs_mkdir(path, 0755);          /* EEXIST is fine */
		*s = '/';
	}
}

static int copy_dir(const char *path, uint32_t perm)
{
	struct inode *ip;
	int r = vfs_mkdir(path, perm);
	if (r == -EEXIST && vfs_lookup(path, &ip) == 0) {
		/* Made earlier as a parent, or the root: take the archive's bits. */
		if (S_ISDIR(ip->mode)) {
			ip->mode = S_IFDIR | perm;
			r = 0;
		}
		iput(ip);
	}
	return r;
}

static int copy_file(const char *path, uint32_t perm, const void *data, size_t size)
{
	struct inode *ip;
	int r = vfs_open(path, O_WRITE | O_CREATE | O_TRUNCATE, &ip);
	if (r < 0)
		return r;
	if (!S_ISREG(ip->mode)) {
		iput(ip);
		return -EEXIST;
	}
	struct uio u = { .addr = (uint64_t)data, .kernel = true };
	uint64_t off = 0;
	long n = size ? ip->ops->write(ip, 0, &off, &u, size) : 0;
	ip->mode = S_IFREG | perm;
	iput(ip);
	if (n < 0)
		return (int)n;
	return (size_t)n == size ? 0 : -ENOSPC;
}

void initrd_init(uint64_t phys, size_t size)
{
	if (!phys || !size) {
		kprintf("initrd: none\n");
		return;
	}
	const void *archive = P2V(phys);
	char *path = kmalloc(PATH_MAX);
	size_t pos = 0, nfiles = 0, ndirs = 0, bytes = 0;
	struct cpio_entry e;
	int r;

	if (!path) {
		kprintf("initrd: no memory to unpack it\n");
		return;
	}
	while ((r = cpio_next(archive, size, &pos, &e)) == 1) {
		uint32_t perm = e.mode & 07777;
		if (e.namelen + 2 > PATH_MAX) {
			kprintf("initrd: a name of %zu bytes is too long, skipped\n", e.namelen);
			continue;
		}
		path[0] = '/';
		memcpy(path + 1, e.name, e.namelen + 1);
		make_parents(path);
		int err;
		if (S_ISDIR(e.mode)) {
			err = copy_dir(path, perm);
			ndirs += err == 0;
		} else if (S_ISREG(e.mode)) {
			err = copy_file(path, perm, e.data, e.size);
			nfiles += err == 0;
			bytes += err == 0 ? e.size : 0;
		} else {
			kprintf("initrd: %s: mode %#o is not a file or directory, skipped\n",
				path, e.mode);
			continue;
		}
		if (err < 0)
			kprintf("initrd: %s: not copied (error %d)\n", path, err);
	}
	kfree(path);
	kprintf("initrd: %zu files (%zu KiB) and %zu directories copied into tmpfs%s\n",
		nfiles, bytes / 1024, ndirs, r < 0 ? "; the archive is damaged" : "");
}
