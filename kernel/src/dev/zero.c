/* /dev/zero: reads give zeros, as many as asked, without end; writes vanish. */
#include "dev/device.h"
#include <aurora/abi.h>

static const char zeros[512];

static long zero_read(struct file *f, const struct uio *u, size_t len)
{
	size_t done = 0;

	(void)f;
	while (done < len) {
		size_t n = len - done < sizeof(zeros) ? len - done : sizeof(zeros);
		size_t got = uio_copyout(u, done, zeros, n);
		done += got;
		if (got < n)
			break;
	}
	return done ? (long)done : -EFAULT;
}

static long zero_write(struct file *f, const struct uio *u, size_t len)
{
	(void)f; (void)u;
	return (long)len;
}

const struct device zero_device = {
	.name = "zero",
	.perm = 0666,
	.seekable = true,
	.read = zero_read,
	.write = zero_write,
};
