/*
 * Reading the loader's information.  Runs on the boot page tables, where
 * the first GiB of physical memory is reachable through the direct map;
 * both loaders put their tables there.  Everything needed later is copied
 * out, since those tables are not kept.
 */
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"

#define PVH_MAGIC 0x336ec578
#define E820_RAM  1

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry { uint64_t paddr, size, cmdline_paddr, reserved; };
struct hvm_memmap_entry { uint64_t addr, size; uint32_t type, reserved; };

struct mb2_tag { uint32_t type, size; };
struct mb2_mmap_entry { uint64_t base, len; uint32_t type, reserved; };

static void add_ram(struct bootinfo *bi, uint64_t base, uint64_t len)
{
	if (bi->nram < BOOT_MAX_RANGES && len)
		bi->ram[bi->nram++] = (struct mem_range){ base, len };
}

static void set_cmdline(struct bootinfo *bi, uint64_t pa)
{
	if (pa && pa < (1ull << 30))
		strlcpy(bi->cmdline, P2V(pa), sizeof(bi->cmdline));
}

static int parse_pvh(uint64_t pa, struct bootinfo *bi)
{
	const struct hvm_start_info *si = P2V(pa);
	if (si->magic != PVH_MAGIC)
		return -1;
	bi->loader = "PVH";
	bi->rsdp_phys = si->rsdp_paddr;
	set_cmdline(bi, si->cmdline_paddr);
	if (si->nr_modules > 0 && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = P2V(si->modlist_paddr);
		bi->initrd_phys = m->paddr;
		bi->initrd_size = m->size;
	}
	if (si->version < 1 || !si->memmap_paddr)
		return -1;
	const struct hvm_memmap_entry *mm = P2V(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM)
			add_ram(bi, mm[i].addr, mm[i].size);
	return 0;
}

static int parse_mb2(uint64_t pa, struct bootinfo *bi)
{
	const uint8_t *base = P2V(pa);
	uint32_t total = *(const uint32_t *)base;
	bi->loader = "Multiboot2";
	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(base + off);
		if (t->type == 0 || t->size < 8)
			break;
		if (t->type == 1) {                               /* command line */
			strlcpy(bi->cmdline, (const char *)(t + 1), sizeof(bi->cmdline));
		} else if (t->type == 3 && !bi->initrd_phys) {   /* module */
			const uint32_t *m = (const uint32_t *)(t + 1);
			bi->initrd_phys = m[0];
			bi->initrd_size = m[1] - m[0];
		} else if ((t->type == 14 && !bi->rsdp_len) || t->type == 15) {
			/* ACPI old / new RSDP: a copy of it follows the tag
			 * header.  The 2.0+ one wins over the 1.0 one. */
			uint32_t n = t->size - 8;
			if (n > sizeof(bi->rsdp))
				n = sizeof(bi->rsdp);
			memcpy(bi->rsdp, t + 1, n);
			bi->rsdp_len = n;
		} else if (t->type == 6) {                        /* memory map */
			const uint32_t *h = (const uint32_t *)(t + 1);
			uint32_t esize = h[0];
			for (uint32_t o = 16; esize && o + esize <= t->size; o += esize) {
				const struct mb2_mmap_entry *e = (const void *)((const uint8_t *)t + o);
				if (e->type == E820_RAM)
					add_ram(bi, e->base, e->len);
			}
		}
		off += (t->size + 7) & ~7u;
	}
	return bi->nram ? 0 : -1;
}

int bootinfo_parse(uint32_t kind, uint64_t info_phys, struct bootinfo *bi)
{
	memset(bi, 0, sizeof(*bi));
	if (info_phys == 0 || info_phys >= (1ull << 30))
		return -1;
	if (kind == BOOT_PVH)
		return parse_pvh(info_phys, bi);
	if (kind == BOOT_MB2)
		return parse_mb2(info_phys, bi);
	return -1;
}
