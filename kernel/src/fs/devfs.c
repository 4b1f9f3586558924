/*
 * devfs: one directory, mounted on /dev, with a file for each registered
 * device.  The table is small and fixed (DEVFS_MAX); the inodes live in it
 * and are never freed, so devfs is not counted in KINFO_INODES.  Only what
 * is registered is listed, so everything a listing shows can be opened.
 * Nothing can be created, removed or renamed here (EPERM).
 */
#include "fs/devfs.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define DEVFS_MAX 16

struct dnode {
	struct inode vi;           /* first: a dnode is its inode */
	const struct device *dev;
};

static struct super devfs_sb = { .name = "devfs" };
static struct inode droot;
static struct dnode devs[DEVFS_MAX];
static int ndevs;

static const struct device *dev_of(struct inode *ip) { return ((struct dnode *)ip)->dev; }

static long devfs_read(struct inode *ip, struct file *f, uint64_t *off,
		       const struct uio *u, size_t len)
{
	const struct device *d = dev_of(ip);
	long r = d->read ? d->read(f, u, len) : -EINVAL;
	if (r > 0 && d->seekable)
		*off += (uint64_t)r;
	return r;
}

static long devfs_write(struct inode *ip, struct file *f, uint64_t *off,
			const struct uio *u, size_t len)
{
	const struct device *d = dev_of(ip);
	long r = d->write ? d->write(f, u, len) : -EINVAL;
	if (r > 0 && d->seekable)
		*off += (uint64_t)r;
	return r;
}

static long devfs_ioctl(struct inode *ip, struct file *f, unsigned long req, uint64_t arg)
{
	const struct device *d = dev_of(ip);
	return d->ioctl ? d->ioctl(f, req, arg) : -ENOTTY;
}

static const struct inode_ops dev_ops = {
	.read  = devfs_read,
	.write = devfs_write,
	.ioctl = devfs_ioctl,
};

static int devfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	(void)dir;
	for (int i = 0; i < ndevs; i++) {
		if (strlen(devs[i].dev->name) == len && memcmp(devs[i].dev->name, name, len) == 0) {
			*out = iget(&devs[i].vi);
			return 0;
		}
	}
	return -ENOENT;
}

static int devfs_readdir(struct inode *dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	(void)dir;
	if (*cookie >= (uint64_t)ndevs)
		return 0;
	struct dnode *dn = &devs[*cookie];
	ent->ino = dn->vi.ino;
	ent->type = DT_CHR;
	ent->name = dn->dev->name;
	ent->len = strlen(dn->dev->name);
	(*cookie)++;
	return 1;
}

/* No create, remove or rename: the VFS answers EPERM. */
static const struct inode_ops dir_ops = {
	.lookup  = devfs_lookup,
	.readdir = devfs_readdir,
};

int devfs_register(const struct device *dev)
{
	struct inode *ip;
	if (devfs_lookup(&droot, dev->name, strlen(dev->name), &ip) == 0) {
		iput(ip);
		return -EEXIST;
	}
	if (ndevs == DEVFS_MAX)
		return -ENOSPC;
	struct dnode *dn = &devs[ndevs];
	vfs_inode_init(&dn->vi, &devfs_sb, &dev_ops, S_IFCHR | (dev->perm & 07777));
	dn->vi.nlink = 1;
	if (!dev->seekable)
		dn->vi.flags |= I_NOSEEK;
	dn->dev = dev;
	ndevs++;
	droot.size = (uint64_t)ndevs;
	return 0;
}

struct inode *devfs_init(void)
{
	vfs_inode_init(&droot, &devfs_sb, &dir_ops, S_IFDIR | 0755);
	droot.nlink = 2;
	devfs_register(&console_device);
	devfs_register(&null_device);
	devfs_register(&zero_device);
	devfs_register(&kmsg_device);
	return &droot;
}
