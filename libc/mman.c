/* mmap/munmap. */
#include <sys/mman.h>
#include <sys/syscall.h>
#include "libc.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = sys_mmap(addr, len, prot, flags, fd, off);

	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t len)  { return (int)__ret(sys_munmap(addr, len)); }
