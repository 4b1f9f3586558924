/* /dev/null: writes vanish (all of them count as written), reads give EOF. */
#include "dev/device.h"

static long null_read(struct file *f, const struct uio *u, size_t len)
{
	(void)f; (void)u; (void)len;
	return 0;
}

static long null_write(struct file *f, const struct uio *u, size_t len)
{
	(void)f; (void)u;
	return (long)len;
}

const struct device null_device = {
	.name = "null",
	.perm = 0666,
	.seekable = true,          /* as on Linux: lseek succeeds and means nothing */
	.read = null_read,
	.write = null_write,
};
