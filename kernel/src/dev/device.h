/*
 * A character device: what devfs needs to show it as /dev/<name>.  A driver
 * fills one of these and registers it with devfs_register(); opening,
 * reading and writing the file then call these functions.  The VFS has
 * already checked the descriptor, the open mode and the buffer's range, and
 * len > 0.  Both return bytes moved or a negative error.
 */
#ifndef DEV_DEVICE_H
#define DEV_DEVICE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/vfs.h"

struct device {
	const char *name;          /* the name under /dev */
	uint32_t    perm;          /* permission bits shown by stat */
	bool        seekable;      /* else lseek gives ESPIPE */
	long (*read)(struct file *f, const struct uio *u, size_t len);
	long (*write)(struct file *f, const struct uio *u, size_t len);
	/* ioctl (optional): the console's requests; -ENOTTY for others. */
	long (*ioctl)(struct file *f, unsigned long req, uint64_t arg);
};

extern const struct device console_device;   /* dev/console.c */
extern const struct device null_device;      /* dev/null.c */
extern const struct device zero_device;      /* dev/zero.c */
extern const struct device kmsg_device;      /* dev/kmsg.c */

#endif
