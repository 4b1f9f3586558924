#include "fs/initrd.h"
#include "fs/cpio.h"
#include "mm/pmm.h"
#include "lib/kprintf.h"
#include <aurora/abi.h>

static const void *archive;
static size_t archive_size;

void initrd_init(uint64_t phys, size_t size)
{
	if (!phys || !size) {
		kprintf("initrd: none\n");
		return;
	}
	archive = P2V(phys);
	archive_size = size;
	size_t pos = 0, n = 0;
	struct cpio_entry e;
	int r;
	while ((r = cpio_next(archive, archive_size, &pos, &e)) == 1)
		n++;
	kprintf("initrd: %zu entries, %zu KiB%s\n", n, size / 1024, r < 0 ? " (damaged)" : "");
}

int initrd_lookup(const char *path, const void **data, size_t *size, uint32_t *mode)
{
	struct cpio_entry e;
	if (!archive || cpio_find(archive, archive_size, path, &e) < 0)
		return -ENOENT;
	*data = e.data;
	*size = e.size;
	*mode = e.mode;
	return 0;
}
