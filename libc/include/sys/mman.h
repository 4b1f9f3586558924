/* mmap/munmap; PROT_* and MAP_* come from the ABI header. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#include <aurora/abi.h>
#include <sys/types.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int   munmap(void *addr, size_t len);

#endif
