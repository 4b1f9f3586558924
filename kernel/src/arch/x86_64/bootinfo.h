/*
 * What the loader tells us, in one form whichever loader it was (PVH or
 * Multiboot2): usable memory, the command line, the initrd, and where the
 * ACPI tables start.
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
	/* The ACPI RSDP: PVH gives its address; Multiboot2 a copy of it (tag
	 * 14 for ACPI 1.0, 15 for 2.0+), kept here because the tag list is
	 * not.  Neither (rsdp_phys 0, rsdp_len 0): search the BIOS areas. */
	uint64_t rsdp_phys;
	uint8_t  rsdp[36];
	uint32_t rsdp_len;
};

/* Returns 0, or -1 if the information is unusable. */
int bootinfo_parse(uint32_t kind, uint64_t info_phys, struct bootinfo *bi);
#endif
