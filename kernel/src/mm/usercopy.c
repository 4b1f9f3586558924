#include "mm/usercopy.h"
#include "mm/kheap.h"
#include "arch/x86_64/cpu.h"
#include <aurora/abi.h>

int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (n == 0)
		return 0;
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return __copy_user(dst, (const void *)usrc, n) ? -EFAULT : 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (n == 0)
		return 0;
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return __copy_user((void *)udst, src, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uint64_t usrc, size_t max)
{
	if (max == 0 || usrc < USER_BASE || usrc >= USER_TOP)
		return -EFAULT;
	/* Never read past the end of user space, whatever max says. */
	size_t room = USER_TOP - usrc;
	long n = __strncpy_user(dst, (const char *)usrc, max < room ? max : room);
	if (n < 0)
		return -EFAULT;
	if ((size_t)n == max) {
		dst[max - 1] = 0;
		return -ENAMETOOLONG;
	}
	if ((size_t)n == room)          /* ran into the end of user space */
		return -EFAULT;
	return n;
}

/* Most paths are short: a small heap object is tried first, and only a
 * longer string gets the full max (a larger, zeroed allocation). */
#define STRDUP_SMALL 256

long strndup_from_user(uint64_t usrc, size_t max, char **out)
{
	for (size_t size = STRDUP_SMALL < max ? STRDUP_SMALL : max;; size = max) {
		char *buf = kmalloc(size);
		if (!buf)
			return -ENOMEM;
		long r = strncpy_from_user(buf, usrc, size);
		if (r >= 0) {
			*out = buf;
			return r;
		}
		kfree(buf);
		if (r != -ENAMETOOLONG || size == max)
			return r;
	}
}

/* Without SMAP, stac/clac would be #UD: replace each with a 3-byte NOP.
 * Runs at boot while the kernel text is still writable. */
extern const uint64_t __smap_patch_start[], __smap_patch_end[];
void smap_patch(void)
{
	if (cpu_features.smap)
		return;
	for (const uint64_t *p = __smap_patch_start; p < __smap_patch_end; p++) {
		uint8_t *insn = (uint8_t *)*p;
		insn[0] = 0x0f; insn[1] = 0x1f; insn[2] = 0x00;     /* nopl (%rax) */
	}
}
