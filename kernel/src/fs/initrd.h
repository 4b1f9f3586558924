/* The initial ramdisk: copied into tmpfs at boot (see initrd.c). */
#ifndef FS_INITRD_H
#define FS_INITRD_H
#include <stddef.h>
#include <stdint.h>
/* Copies every file and directory of the cpio archive at phys into the
 * VFS (which must be set up), keeping the permission bits. */
void initrd_init(uint64_t phys, size_t size);
#endif
