/*
 * What the loader tells us, in one form whichever loader it was (PVH or
 * Multiboot2): usable memory, the command line and the initrd.
 */
#ifndef ARCH_BOOTINFO_H
#define ARCH_BOOTINFO_H
#include <stdint.h>
#include "mm/pmm.h"

#define BOOT_MAX_RANGES 64
#define BOOT_CMDLINE_MAX 512

struct bootinfo {
	const char *loader;
	struct mem_range ram[BOOT_MAX_RANGES];
	int nram;
	char cmdline[BOOT_CMDLINE_MAX];
	uint64_t initrd_phys, initrd_size;
};

/* Returns 0, or -1 if the information is unusable. */
int bootinfo_parse(uint32_t kind, uint64_t info_phys, struct bootinfo *bi);
#endif
