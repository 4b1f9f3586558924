/*
 * The only way the kernel touches user memory.  Each routine first checks
 * the range (not NULL, entirely below USER_TOP, no wrap-around), then copies
 * with SMAP opened for exactly that copy.  Page permissions are enforced by
 * the MMU itself (user bit, CR0.WP for writes); a fault inside the copy is
 * caught through the exception table and turned into -EFAULT.
 */
#ifndef MM_USERCOPY_H
#define MM_USERCOPY_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/layout.h"

static inline bool user_range_ok(uint64_t p, size_t n)
{
	return p >= USER_BASE && p <= USER_TOP && n <= USER_TOP - p;
}

int  copy_from_user(void *dst, uint64_t usrc, size_t n);   /* 0 or -EFAULT */
int  copy_to_user(uint64_t udst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max-1 characters.  Returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL comes within max bytes. */
long strncpy_from_user(char *dst, uint64_t usrc, size_t max);
/* The same into a new kernel buffer (*out; kfree it): the length, or
 * -EFAULT, -ENAMETOOLONG, -ENOMEM. */
long strndup_from_user(uint64_t usrc, size_t max, char **out);

/* Low-level routines in copy_user.S: return 0 or the number of bytes left. */
size_t __copy_user(void *dst, const void *src, size_t n);
long   __strncpy_user(char *dst, const char *src, size_t max);
#endif
