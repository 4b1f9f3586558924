/* The initial ramdisk, read-only, until the VFS of the file issue. */
#ifndef FS_INITRD_H
#define FS_INITRD_H
#include <stddef.h>
#include <stdint.h>
void initrd_init(uint64_t phys, size_t size);
/* 0 and the file's data, size and mode; or -ENOENT. */
int  initrd_lookup(const char *path, const void **data, size_t *size, uint32_t *mode);
#endif
