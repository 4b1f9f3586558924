/*
 * ACPI power-off and reset: the hardware half (the parsing is in
 * acpi_parse.c, tested on the host).
 *
 * At boot acpi_init finds the RSDP, walks to the FADT and the \_S5_
 * package, and maps the registers it will need, so that the moment of
 * power-off does nothing but write them.  Where the RSDP comes from:
 *   - PVH (QEMU -kernel): start_info.rsdp_paddr;
 *   - Multiboot2 (GRUB): a copy of it in tag 15 (ACPI 2.0+) or 14 (1.0),
 *     the only way on UEFI machines, whose tables are anywhere;
 *   - otherwise the BIOS areas, as ACPI says: the first KiB of the EBDA,
 *     then 0xe0000-0xfffff, on 16-byte boundaries.
 * Firmware tables lie in memory the frame allocator never owns (reserved
 * or ACPI ranges of the memory map), so they are still intact here.
 *
 * Power-off is S5: SLP_TYP (from \_S5_) and SLP_EN written to PM1a_CNT
 * (and PM1b_CNT if there is one), or, on hardware-reduced ACPI (QEMU's
 * microvm), (SLP_TYP << 2) | SLP_EN to the sleep control register.  No AML
 * runs: _PTS and _GTS, which some real machines want first, would need an
 * interpreter; QEMU needs neither.
 */
#include "dev/acpi.h"
#include "dev/acpi_parse.h"
#include "dev/power.h"
#include "arch/x86_64/cpu.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "lib/kprintf.h"

/* A register, ready to be written: memory registers are mapped at boot. */
struct reg {
	struct acpi_gas g;
	unsigned bytes;            /* access width */
	volatile uint8_t *va;      /* system memory: where it is mapped */
	int ok;
};

static struct acpi_power pw;
static int have_fadt;
static struct reg pm1a, pm1b, slpctl, resetreg;
static uint64_t phys_limit;    /* the CPU's physical address width */

/*
 * The parser's window on physical memory.  A damaged table may hold any
 * address: one past the CPU's physical width would make a page-table entry
 * with reserved bits set (a fault in the kernel), so those are refused.
 * Mappings outside the direct map are never undone and are remembered, so
 * that the walk, which maps a header and then the whole table, does not
 * use up the device window.
 */
#define NSEEN 32
static const void *kmap(void *ctx, uint64_t pa, size_t len)
{
	static struct { uint64_t pa; size_t len; const uint8_t *va; } seen[NSEEN];
	static unsigned next;

	(void)ctx;
	if (len == 0 || pa >= phys_limit || len > phys_limit - pa)
		return 0;
	for (unsigned i = 0; i < NSEEN; i++)
		if (seen[i].va && pa >= seen[i].pa && pa + len <= seen[i].pa + seen[i].len)
			return seen[i].va + (pa - seen[i].pa);
	const uint8_t *va = vmm_map_phys(pa, len);
	if (V2P(va) != pa) {           /* not the direct map: remember it */
		seen[next % NSEEN].pa = pa;
		seen[next % NSEEN].len = len;
		seen[next % NSEEN].va = va;
		next++;
	}
	return va;
}

static void reg_setup(struct reg *r, const struct acpi_gas *g, unsigned default_bytes)
{
	r->g = *g;
	r->bytes = acpi_gas_bytes(g);
	if (!r->bytes)
		r->bytes = default_bytes;
	r->ok = 0;
	if (!g->address)
		return;
	switch (g->space) {
	case ACPI_GAS_MEMORY:
		if (g->address >= phys_limit)
			return;
		r->va = vmm_map_mmio(g->address, r->bytes);
		break;
	case ACPI_GAS_IO:
		if (g->address > 0xffff)
			return;
		if (r->bytes == 8)
			r->bytes = 4;      /* there are no 64-bit port accesses */
		break;
	case ACPI_GAS_PCI:
		r->bytes = 1;          /* only the reset register lives there */
		break;
	default:
		return;
	}
	r->ok = 1;
}

static uint64_t reg_read(const struct reg *r)
{
	uint64_t v = 0;
	uint16_t port = (uint16_t)r->g.address;
	if (r->g.space == ACPI_GAS_IO) {
		switch (r->bytes) {
		case 1:  v = inb(port); break;
		case 2:  v = inw(port); break;
		default: v = inl(port); break;
		}
	} else if (r->g.space == ACPI_GAS_MEMORY) {
		switch (r->bytes) {
		case 1:  v = *r->va; break;
		case 2:  v = *(volatile uint16_t *)r->va; break;
		case 4:  v = *(volatile uint32_t *)r->va; break;
		default: v = *(volatile uint64_t *)r->va; break;
		}
	}
	return v >> r->g.bit_offset;
}

static void reg_write(const struct reg *r, uint64_t v)
{
	uint16_t port = (uint16_t)r->g.address;
	v <<= r->g.bit_offset;
	switch (r->g.space) {
	case ACPI_GAS_IO:
		switch (r->bytes) {
		case 1:  outb(port, (uint8_t)v); break;
		case 2:  outw(port, (uint16_t)v); break;
		default: outl(port, (uint32_t)v); break;
		}
		break;
	case ACPI_GAS_MEMORY:
		switch (r->bytes) {
		case 1:  *r->va = (uint8_t)v; break;
		case 2:  *(volatile uint16_t *)r->va = (uint16_t)v; break;
		case 4:  *(volatile uint32_t *)r->va = (uint32_t)v; break;
		default: *(volatile uint64_t *)r->va = v; break;
		}
		break;
	case ACPI_GAS_PCI: {
		/* Bus 0; device in bits 32-47, function 16-31, offset 0-15.
		 * Configuration mechanism 1: address to 0xcf8, data at 0xcfc. */
		uint64_t a = r->g.address;
		uint32_t dev = (uint32_t)(a >> 32) & 0x1f, fn = (uint32_t)(a >> 16) & 7;
		uint32_t off = (uint32_t)a & 0xff;
		outl(0xcf8, 0x80000000u | dev << 11 | fn << 8 | (off & 0xfc));
		outb((uint16_t)(0xcfc + (off & 3)), (uint8_t)v);
		break;
	}
	}
}

static int find_root(const struct bootinfo *bi, struct acpi_root *root, const char **from)
{
	/* Each source in turn: a damaged one is passed over. */
	if (bi->rsdp_len) {
		*from = "Multiboot2 tag";
		if (acpi_parse_rsdp(bi->rsdp, bi->rsdp_len, root) == 0)
			return 0;
	}
	if (bi->rsdp_phys) {
		*from = "PVH start info";
		const void *p = kmap(0, bi->rsdp_phys, ACPI_RSDP_V2);
		if (p && acpi_parse_rsdp(p, ACPI_RSDP_V2, root) == 0)
			return 0;
	}
	/* The EBDA's segment is at 0x40e in the BIOS data area. */
	*from = "EBDA";
	const uint8_t *bda = P2V(0);
	uint64_t ebda = (uint64_t)(bda[0x40e] | bda[0x40f] << 8) << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000) {
		long off = acpi_scan_rsdp(P2V(ebda), 1024);
		if (off >= 0)
			return acpi_parse_rsdp((const uint8_t *)P2V(ebda) + off, 1024 - (size_t)off, root);
	}
	*from = "BIOS area";
	long off = acpi_scan_rsdp(P2V(0xe0000), 0x20000);
	if (off >= 0)
		return acpi_parse_rsdp((const uint8_t *)P2V(0xe0000) + off, 0x20000 - (size_t)off, root);
	return -1;
}

static const char *space_name(const struct reg *r)
{
	switch (r->g.space) {
	case ACPI_GAS_MEMORY: return "memory";
	case ACPI_GAS_IO:     return "port";
	default:              return "PCI";
	}
}

void acpi_init(const struct bootinfo *bi)
{
	struct acpi_root root;
	const char *from = "";
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	phys_limit = 1ull << 36;                 /* the architectural minimum */
	if (a >= 0x80000008) {
		cpuid(0x80000008, 0, &a, &b, &c, &d);
		if ((a & 0xff) >= 32 && (a & 0xff) <= 52)
			phys_limit = 1ull << (a & 0xff);
	}

	if (find_root(bi, &root, &from) < 0) {
		kprintf("acpi: no RSDP found: power-off will halt instead\n");
		return;
	}
	if (acpi_power_info(&root, kmap, 0, &pw) < 0) {
		kprintf("acpi: RSDP from the %s, but no usable FADT: power-off will halt instead\n", from);
		return;
	}
	have_fadt = 1;
	reg_setup(&pm1a, &pw.fadt.pm1a_cnt, 2);
	reg_setup(&pm1b, &pw.fadt.pm1b_cnt, 2);
	reg_setup(&slpctl, &pw.fadt.sleep_ctl, 1);
	if (pw.fadt.reset_ok)
		reg_setup(&resetreg, &pw.fadt.reset_reg, 1);

	kprintf("acpi: RSDP from the %s, %s; FADT revision %u%s; ", from,
		root.xsdt ? "XSDT" : "RSDT", pw.fadt.revision,
		pw.fadt.flags & ACPI_FADT_HW_REDUCED ? " (hardware-reduced)" : "");
	if (pw.have_s5)
		kprintf("S5 sleep type %u", pw.slp_typa);
	else
		kprintf("no \\_S5_ object");
	if (resetreg.ok)
		kprintf("; reset register: %s %#lx <- %#x\n", space_name(&resetreg),
			resetreg.g.address, pw.fadt.reset_value);
	else
		kprintf("; no reset register\n");
}

/* Legacy hardware starts in "legacy mode", where the firmware (through
 * SMIs) owns the PM registers; writing ACPI_ENABLE to SMI_CMD hands them
 * to the OS, which SCI_EN then says.  QEMU does not care; real machines
 * may ignore SLP_EN until it is done. */
static void enable_acpi_mode(void)
{
	if ((reg_read(&pm1a) & ACPI_PM1_SCI_EN) || !pw.fadt.smi_cmd ||
	    pw.fadt.smi_cmd > 0xffff || !pw.fadt.acpi_enable)
		return;
	outb((uint16_t)pw.fadt.smi_cmd, pw.fadt.acpi_enable);
	for (int i = 0; i < 300 && !(reg_read(&pm1a) & ACPI_PM1_SCI_EN); i++)
		power_delay_ms(1);
}

void acpi_poweroff(void)
{
	if (!have_fadt || !pw.have_s5)
		return;
	if (slpctl.ok && ((pw.fadt.flags & ACPI_FADT_HW_REDUCED) || !pm1a.ok)) {
		reg_write(&slpctl, (uint64_t)(pw.slp_typa << ACPI_SLPCTL_TYP_SHIFT) | ACPI_SLPCTL_SLP_EN);
		power_delay_ms(100);
		return;
	}
	if (!pm1a.ok)
		return;
	enable_acpi_mode();
	/* SLP_TYP first, then SLP_EN with it (as ACPI's sequence has it); the
	 * other bits, SCI_EN among them, are kept. */
	uint64_t keep = ~(uint64_t)(7u << ACPI_PM1_SLP_TYP_SHIFT | ACPI_PM1_SLP_EN);
	uint64_t va = (reg_read(&pm1a) & keep) | (uint64_t)pw.slp_typa << ACPI_PM1_SLP_TYP_SHIFT;
	uint64_t vb = pm1b.ok ? (reg_read(&pm1b) & keep) | (uint64_t)pw.slp_typb << ACPI_PM1_SLP_TYP_SHIFT : 0;
	reg_write(&pm1a, va);
	if (pm1b.ok)
		reg_write(&pm1b, vb);
	reg_write(&pm1a, va | ACPI_PM1_SLP_EN);
	if (pm1b.ok)
		reg_write(&pm1b, vb | ACPI_PM1_SLP_EN);
	power_delay_ms(100);
}

void acpi_reset(void)
{
	if (!resetreg.ok)
		return;
	reg_write(&resetreg, pw.fadt.reset_value);
	power_delay_ms(100);
}
