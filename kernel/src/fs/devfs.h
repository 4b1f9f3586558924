/* devfs: the device files under /dev (see devfs.c). */
#ifndef FS_DEVFS_H
#define FS_DEVFS_H
#include "fs/vfs.h"
#include "dev/device.h"

struct inode *devfs_init(void);              /* registers the built-in devices */
int devfs_register(const struct device *dev);   /* 0, -EEXIST or -ENOSPC */

#endif
