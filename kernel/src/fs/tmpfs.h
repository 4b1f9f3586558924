/* tmpfs: the root file system, kept in memory (see tmpfs.c). */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H
#include "fs/vfs.h"

/* The largest file: 512 index pages of 512 data pages. */
#define TMPFS_MAX_SIZE (512ull * 512 * 4096)

struct inode *tmpfs_init(void);     /* the root directory (a permanent reference) */
long tmpfs_inode_count(void);       /* KINFO_INODES */

#endif
