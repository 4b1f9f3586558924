/* System calls about files.  Until the VFS arrives, fds 0-2 are the console. */
#include "proc/syscall.h"
#include "mm/usercopy.h"
#include "dev/console.h"
#include <aurora/abi.h>

/* write(fd, buf, len): bytes written; a fault after some bytes were
 * written returns what was written, a fault before returns -EFAULT. */
long sys_write(struct trapframe *tf)
{
	long fd = (long)ARG0(tf);
	uint64_t ubuf = ARG1(tf);
	size_t len = ARG2(tf);
	char chunk[256];

	if (fd < 0 || fd > 2)
		return -EBADF;
	if (len == 0)
		return 0;
	if (!user_range_ok(ubuf, len))
		return -EFAULT;
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		if (copy_from_user(chunk, ubuf + done, n) < 0)
			return done ? (long)done : -EFAULT;
		console_write(chunk, n);
		done += n;
	}
	return (long)done;
}
