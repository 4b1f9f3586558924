/*
 * kernel/src/dev/acpi_parse.c: the RSDP, the RSDT/XSDT walk, the FADT and
 * the \_S5_ package, on tables built here, good and damaged.
 *
 * "Physical memory" is a buffer; the map callback hands out a fresh heap
 * copy of exactly the bytes asked for, so a read one byte past what the
 * parser mapped is an AddressSanitizer error, not a silent success.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "dev/acpi_parse.h"

/* ---- fake physical memory ------------------------------------------------ */

#define PBASE 0x100000ull          /* physical address of mem[0] */
#define PSIZE 0x10000
#define MAXCOPIES 4096

static uint8_t mem[PSIZE];
static void *copies[MAXCOPIES];
static int ncopies;

static const void *fake_map(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (pa < PBASE || pa - PBASE > PSIZE || len > PSIZE - (pa - PBASE) || len == 0)
		return 0;
	if (ncopies == MAXCOPIES)
		abort();
	void *c = malloc(len);
	memcpy(c, mem + (pa - PBASE), len);
	copies[ncopies++] = c;
	return c;
}

static void reset_mem(void)
{
	for (int i = 0; i < ncopies; i++)
		free(copies[i]);
	ncopies = 0;
	memset(mem, 0, sizeof(mem));
}

static void w8(uint64_t pa, uint8_t v) { mem[pa - PBASE] = v; }
static void w32(uint64_t pa, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		w8(pa + i, (uint8_t)(v >> (8 * i)));
}
static void w64(uint64_t pa, uint64_t v) { w32(pa, (uint32_t)v); w32(pa + 4, (uint32_t)(v >> 32)); }
static void wbytes(uint64_t pa, const void *p, size_t n) { memcpy(mem + (pa - PBASE), p, n); }

/* Sets the byte at pa + at so that the n bytes from pa sum to 0. */
static void fix_sum(uint64_t pa, size_t n, size_t at)
{
	uint8_t s = 0;
	w8(pa + at, 0);
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + mem[pa - PBASE + i]);
	w8(pa + at, (uint8_t)-s);
}

/* A table header; the checksum is fixed by seal() once the body is in. */
static void hdr(uint64_t pa, const char *sig, uint32_t len, uint8_t rev)
{
	wbytes(pa, sig, 4);
	w32(pa + 4, len);
	w8(pa + 8, rev);
	wbytes(pa + 10, "AURORA", 6);
}
static void seal(uint64_t pa)
{
	size_t n = mem[pa - PBASE + 4] | mem[pa - PBASE + 5] << 8;   /* our tables are small */
	if (n > PSIZE - (pa - PBASE))
		n = PSIZE - (pa - PBASE);                           /* a damaged length */
	fix_sum(pa, n, 9);
}

static void rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	wbytes(pa, "RSD PTR ", 8);
	wbytes(pa + 9, "AURORA", 6);
	w8(pa + 15, rev);
	w32(pa + 16, rsdt);
	fix_sum(pa, 20, 8);
	if (rev >= 2) {
		w32(pa + 20, 36);
		w64(pa + 24, xsdt);
		fix_sum(pa, 36, 32);
	}
}

static void rsdt(uint64_t pa, const uint64_t *ents, int n, int x)
{
	uint32_t len = 36 + (uint32_t)n * (x ? 8 : 4);
	hdr(pa, x ? "XSDT" : "RSDT", len, 1);
	for (int i = 0; i < n; i++) {
		if (x)
			w64(pa + 36 + 8 * i, ents[i]);
		else
			w32(pa + 36 + 4 * i, (uint32_t)ents[i]);
	}
	seal(pa);
}

static void gas(uint64_t pa, uint8_t space, uint8_t width, uint8_t access, uint64_t addr)
{
	w8(pa, space);
	w8(pa + 1, width);
	w8(pa + 2, 0);
	w8(pa + 3, access);
	w64(pa + 4, addr);
}

/* An AML table: header then body. */
static void aml_table(uint64_t pa, const char *sig, const uint8_t *body, size_t n)
{
	hdr(pa, sig, (uint32_t)(36 + n), 2);
	wbytes(pa + 36, body, n);
	seal(pa);
}

/* Name(\_S5_, Package(4){Zero, Zero, Zero, Zero}): QEMU's pc and q35. */
static const uint8_t S5_ZERO[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x04,
				   0x00, 0x00, 0x00, 0x00 };
/* Name(_S5_, Package(4){0x05, Zero, Zero, Zero}): QEMU's microvm. */
static const uint8_t S5_FIVE[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x07, 0x04,
				   0x0a, 0x05, 0x00, 0x00, 0x00 };

/* Addresses of the tables in the fake memory. */
#define A_RSDP  (PBASE + 0x0000)
#define A_RSDT  (PBASE + 0x0100)
#define A_XSDT  (PBASE + 0x0200)
#define A_FADT  (PBASE + 0x0400)
#define A_DSDT  (PBASE + 0x1000)
#define A_SSDT  (PBASE + 0x2000)
#define A_SSDT2 (PBASE + 0x3000)
#define A_APIC  (PBASE + 0x0800)

/* An ACPI 1.0 FADT, 116 bytes, as an old PC has: PM1a at 0x604. */
static void fadt_v1(uint64_t pa, uint32_t dsdt)
{
	hdr(pa, "FACP", 116, 1);
	w32(pa + 40, dsdt);
	w32(pa + 48, 0xb2);
	w8(pa + 52, 0xf1);
	w32(pa + 64, 0x604);
	w8(pa + 89, 2);
	seal(pa);
}

/* An ACPI 6 FADT (276 bytes): 64-bit fields, reset register, and, when
 * reduced, the hardware-reduced flag and sleep registers in memory. */
static void fadt_v6(uint64_t pa, uint64_t xdsdt, int reduced)
{
	hdr(pa, "FACP", 276, 6);
	w32(pa + 40, 0);
	w32(pa + 112, ACPI_FADT_RESET_REG_SUP | (reduced ? ACPI_FADT_HW_REDUCED : 0));
	gas(pa + 116, reduced ? ACPI_GAS_MEMORY : ACPI_GAS_IO, 8, 0, reduced ? 0xfea00102 : 0xcf9);
	w8(pa + 128, reduced ? 0x42 : 0x06);
	w64(pa + 140, xdsdt);
	if (!reduced) {
		w32(pa + 64, 0x604);                      /* overridden by X_PM1a */
		gas(pa + 172, ACPI_GAS_IO, 16, 2, 0xb004);
	} else {
		gas(pa + 244, ACPI_GAS_MEMORY, 8, 1, 0xfea00100);
		gas(pa + 256, ACPI_GAS_MEMORY, 8, 1, 0xfea00101);
	}
	seal(pa);
}

/* ---- checksums and the RSDP ----------------------------------------------- */

TEST(checksum)
{
	uint8_t b[4] = { 1, 2, 3, (uint8_t)-6 };
	CHECK(acpi_checksum_ok(b, 4));
	CHECK(!acpi_checksum_ok(b, 3));
	CHECK(acpi_checksum_ok(b, 0));           /* nothing sums to 0 */
	b[0] = 2;
	CHECK(!acpi_checksum_ok(b, 4));
}

TEST(rsdp_v1)
{
	struct acpi_root r;
	reset_mem();
	rsdp(A_RSDP, 0, 0x12345678, 0);
	const uint8_t *p = mem;
	CHECK_EQ(acpi_parse_rsdp(p, 20, &r), 0);
	CHECK_EQ(r.addr, 0x12345678);
	CHECK_EQ(r.xsdt, 0);
	CHECK_EQ(r.revision, 0);
	CHECK_EQ(acpi_parse_rsdp(p, 19, &r), -1);          /* truncated */
	mem[9] ^= 1;                                        /* OEM byte: checksum off */
	CHECK_EQ(acpi_parse_rsdp(p, 20, &r), -1);
	mem[9] ^= 1;
	mem[3] = 'x';                                       /* signature */
	fix_sum(A_RSDP, 20, 8);
	CHECK_EQ(acpi_parse_rsdp(p, 20, &r), -1);
	reset_mem();
	rsdp(A_RSDP, 0, 0, 0);                              /* no RSDT at all */
	CHECK_EQ(acpi_parse_rsdp(mem, 20, &r), -1);
}

TEST(rsdp_v2)
{
	struct acpi_root r;
	reset_mem();
	rsdp(A_RSDP, 2, 0x1000, 0x123456789ull);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(r.xsdt, 1);
	CHECK_EQ(r.addr, 0x123456789ull);
	CHECK_EQ(r.revision, 2);
	/* Only 20 bytes readable: the 1.0 half, the RSDT. */
	CHECK_EQ(acpi_parse_rsdp(mem, 20, &r), 0);
	CHECK_EQ(r.xsdt, 0);
	CHECK_EQ(r.addr, 0x1000);
	/* A bad extended checksum: fall back to the RSDT. */
	mem[33] ^= 0xff;
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(r.xsdt, 0);
	CHECK_EQ(r.addr, 0x1000);
	/* A length larger than what can be read: the same. */
	reset_mem();
	rsdp(A_RSDP, 2, 0x1000, 0x2000);
	w32(A_RSDP + 20, 4096);
	fix_sum(A_RSDP, 36, 32);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(r.xsdt, 0);
	/* An XSDT address of 0: the RSDT. */
	reset_mem();
	rsdp(A_RSDP, 2, 0x1000, 0);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(r.xsdt, 0);
	/* Neither: nothing. */
	reset_mem();
	rsdp(A_RSDP, 2, 0, 0);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), -1);
}

TEST(rsdp_scan)
{
	reset_mem();
	/* A misaligned good one (never looked at), a decoy with a bad
	 * checksum, then the real one. */
	rsdp(PBASE + 0x18, 0, 0x1000, 0);
	wbytes(PBASE + 0x30, "RSD PTR ", 8);
	rsdp(PBASE + 0x60, 0, 0x2000, 0);
	CHECK_EQ(acpi_scan_rsdp(mem, 0x100), 0x60);
	/* Cut just short of its 20 bytes: not found. */
	uint8_t *cut = malloc(0x60 + 19);
	memcpy(cut, mem, 0x60 + 19);
	CHECK_EQ(acpi_scan_rsdp(cut, 0x60 + 19), -1);
	free(cut);
	CHECK_EQ(acpi_scan_rsdp(mem, 0), -1);
	reset_mem();
	CHECK_EQ(acpi_scan_rsdp(mem, PSIZE), -1);
}

/* ---- the table walk ------------------------------------------------------- */

static void build_rsdt_set(void)
{
	static const uint8_t ssdt_body[] = { 0x10, 0x05, '_', 'S', 'B', '_' };
	reset_mem();
	fadt_v1(A_FADT, (uint32_t)A_DSDT);
	aml_table(A_DSDT, "DSDT", S5_ZERO, sizeof(S5_ZERO));
	aml_table(A_SSDT, "SSDT", ssdt_body, sizeof(ssdt_body));
	aml_table(A_SSDT2, "SSDT", S5_FIVE, sizeof(S5_FIVE));
	hdr(A_APIC, "APIC", 44, 1);
	seal(A_APIC);
	uint64_t e[] = { A_APIC, A_FADT, A_SSDT, A_SSDT2 };
	rsdt(A_RSDT, e, 4, 0);
	rsdp(A_RSDP, 0, (uint32_t)A_RSDT, 0);
}

TEST(find_tables)
{
	struct acpi_root r = { .addr = A_RSDT, .xsdt = 0 };
	size_t len = 0;
	build_rsdt_set();
	const uint8_t *t = acpi_find_table(&r, "FACP", 0, fake_map, 0, &len);
	CHECK(t != 0);
	CHECK_EQ(len, 116);
	CHECK(memcmp(t, "FACP", 4) == 0);
	t = acpi_find_table(&r, "SSDT", 1, fake_map, 0, &len);
	CHECK(t != 0);
	CHECK_EQ(len, 36 + sizeof(S5_FIVE));
	CHECK(acpi_find_table(&r, "SSDT", 2, fake_map, 0, &len) == 0);
	CHECK(acpi_find_table(&r, "HPET", 0, fake_map, 0, &len) == 0);
	/* The DSDT is not listed: found through its address only. */
	CHECK(acpi_find_table(&r, "DSDT", 0, fake_map, 0, &len) == 0);
	CHECK(acpi_map_table(A_DSDT, "DSDT", fake_map, 0, &len) != 0);
	CHECK(acpi_map_table(A_DSDT, "SSDT", fake_map, 0, &len) == 0);
	CHECK(acpi_map_table(0, "DSDT", fake_map, 0, &len) == 0);

	/* A damaged table is skipped: the first SSDT is now the second. */
	mem[A_SSDT - PBASE + 40] ^= 1;
	t = acpi_find_table(&r, "SSDT", 0, fake_map, 0, &len);
	CHECK(t != 0);
	CHECK_EQ(len, 36 + sizeof(S5_FIVE));
}

TEST(root_damage)
{
	struct acpi_root r = { .addr = A_RSDT, .xsdt = 0 };
	size_t len;

	/* The wrong kind of root. */
	build_rsdt_set();
	r.xsdt = 1;
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	r.xsdt = 0;
	/* A bad checksum. */
	mem[A_RSDT - PBASE + 20] ^= 1;
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	/* A length shorter than a header, or past the end of memory. */
	build_rsdt_set();
	w32(A_RSDT + 4, 35);
	seal(A_RSDT);
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	build_rsdt_set();
	w32(A_RSDT + 4, 0xfffffff0);
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	w32(A_RSDT + 4, PSIZE);
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	/* A root address outside memory. */
	r.addr = PBASE + PSIZE - 10;
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
	r.addr = 0;
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);

	/* Entries that point nowhere, and a partial last entry. */
	build_rsdt_set();
	uint64_t e[] = { 0, 0xfffffff0, PBASE + PSIZE - 4, A_FADT };
	rsdt(A_RSDT, e, 4, 0);
	r.addr = A_RSDT;
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) != 0);
	w32(A_RSDT + 4, 36 + 4 * 3 + 3);             /* FADT entry cut short */
	seal(A_RSDT);
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) == 0);
}

TEST(xsdt_walk)
{
	struct acpi_root r;
	size_t len;
	build_rsdt_set();
	uint64_t e[] = { 0x100000000000ull, A_FADT, A_SSDT2 };
	rsdt(A_XSDT, e, 3, 1);
	rsdp(A_RSDP, 2, (uint32_t)A_RSDT, A_XSDT);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(r.xsdt, 1);
	CHECK(acpi_find_table(&r, "FACP", 0, fake_map, 0, &len) != 0);
	CHECK(acpi_find_table(&r, "SSDT", 0, fake_map, 0, &len) != 0);
	CHECK(acpi_find_table(&r, "SSDT", 1, fake_map, 0, &len) == 0);
}

/* ---- the FADT ------------------------------------------------------------- */

TEST(fadt_v1)
{
	struct acpi_fadt f;
	size_t len;
	reset_mem();
	fadt_v1(A_FADT, 0xabcd000);
	const uint8_t *t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK(t != 0);
	CHECK_EQ(acpi_parse_fadt(t, len, &f), 0);
	CHECK_EQ(f.dsdt, 0xabcd000);
	CHECK_EQ(f.smi_cmd, 0xb2);
	CHECK_EQ(f.acpi_enable, 0xf1);
	CHECK_EQ(f.pm1a_cnt.space, ACPI_GAS_IO);
	CHECK_EQ(f.pm1a_cnt.address, 0x604);
	CHECK_EQ(acpi_gas_bytes(&f.pm1a_cnt), 2);
	CHECK_EQ(f.pm1b_cnt.address, 0);
	CHECK_EQ(f.reset_ok, 0);                 /* ACPI 1.0 has no reset register */
	CHECK_EQ(f.sleep_ctl.address, 0);
	CHECK_EQ(acpi_parse_fadt(t, 115, &f), -1);   /* too short for the flags */
	CHECK_EQ(acpi_parse_fadt(t, 0, &f), -1);
	static const uint8_t notfadt[116] = "APIC";
	CHECK_EQ(acpi_parse_fadt(notfadt, sizeof(notfadt), &f), -1);
}

TEST(fadt_v6)
{
	struct acpi_fadt f;
	size_t len;
	reset_mem();
	fadt_v6(A_FADT, 0x1122334455ull, 0);
	const uint8_t *t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK(t != 0);
	CHECK_EQ(acpi_parse_fadt(t, len, &f), 0);
	CHECK_EQ(f.dsdt, 0x1122334455ull);       /* X_DSDT wins */
	CHECK_EQ(f.pm1a_cnt.address, 0xb004);    /* X_PM1a_CNT wins */
	CHECK_EQ(f.reset_ok, 1);
	CHECK_EQ(f.reset_reg.space, ACPI_GAS_IO);
	CHECK_EQ(f.reset_reg.address, 0xcf9);
	CHECK_EQ(f.reset_value, 6);
	CHECK(!(f.flags & ACPI_FADT_HW_REDUCED));
	/* Without RESET_REG_SUP the register is not used. */
	w32(A_FADT + 112, 0);
	seal(A_FADT);
	t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK_EQ(acpi_parse_fadt(t, len, &f), 0);
	CHECK_EQ(f.reset_ok, 0);
	/* Truncated to revision 2's length: X_PM1a is past the end, PM1a
	 * (the 32-bit field) is used; X_DSDT is still in. */
	CHECK_EQ(acpi_parse_fadt(t, 172, &f), 0);
	CHECK_EQ(f.pm1a_cnt.address, 0x604);
	CHECK_EQ(f.dsdt, 0x1122334455ull);
	CHECK_EQ(acpi_parse_fadt(t, 147, &f), 0);
	CHECK_EQ(f.dsdt, 0);

	reset_mem();
	fadt_v6(A_FADT, A_DSDT, 1);
	t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK_EQ(acpi_parse_fadt(t, len, &f), 0);
	CHECK(f.flags & ACPI_FADT_HW_REDUCED);
	CHECK_EQ(f.pm1a_cnt.address, 0);
	CHECK_EQ(f.sleep_ctl.space, ACPI_GAS_MEMORY);
	CHECK_EQ(f.sleep_ctl.address, 0xfea00100);
	CHECK_EQ(acpi_gas_bytes(&f.sleep_ctl), 1);
	CHECK_EQ(f.reset_reg.space, ACPI_GAS_MEMORY);
	CHECK_EQ(f.reset_value, 0x42);
	/* A register in an address space we do not know: not usable. */
	w8(A_FADT + 116, 0x7f);
	seal(A_FADT);
	t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK_EQ(acpi_parse_fadt(t, len, &f), 0);
	CHECK_EQ(f.reset_ok, 0);
}

/* The FADT at every length from 0 to its whole 276 bytes, each time from
 * an exactly-sized copy: a field is used only once all of it is there. */
TEST(fadt_every_length)
{
	struct acpi_fadt f;
	size_t len;
	reset_mem();
	fadt_v6(A_FADT, 0x1122334455ull, 0);
	gas(A_FADT + 184, ACPI_GAS_IO, 16, 2, 0xb008);          /* X_PM1b */
	gas(A_FADT + 244, ACPI_GAS_MEMORY, 8, 1, 0xfea00100);   /* sleep control */
	seal(A_FADT);
	const uint8_t *t = acpi_map_table(A_FADT, "FACP", fake_map, 0, &len);
	CHECK(t != 0);
	for (size_t n = 0; n <= len; n++) {
		uint8_t *c = malloc(n ? n : 1);
		memcpy(c, t, n);
		int r = acpi_parse_fadt(c, n, &f);
		free(c);
		if (n < 116) {
			CHECK_EQ(r, -1);
			continue;
		}
		CHECK_EQ(r, 0);
		CHECK_EQ(f.reset_ok, n >= 129);
		CHECK_EQ(f.dsdt, n >= 148 ? 0x1122334455ull : 0);
		CHECK_EQ(f.pm1a_cnt.address, n >= 184 ? 0xb004 : 0x604);
		CHECK_EQ(f.pm1b_cnt.address, n >= 196 ? 0xb008 : 0);
		CHECK_EQ(f.sleep_ctl.address, n >= 256 ? 0xfea00100 : 0);
	}
}

TEST(gas_bytes)
{
	struct acpi_gas g = { 0 };
	CHECK_EQ(acpi_gas_bytes(&g), 0);
	g.bit_width = 8;  CHECK_EQ(acpi_gas_bytes(&g), 1);
	g.bit_width = 16; CHECK_EQ(acpi_gas_bytes(&g), 2);
	g.bit_width = 32; CHECK_EQ(acpi_gas_bytes(&g), 4);
	g.bit_width = 64; CHECK_EQ(acpi_gas_bytes(&g), 8);
	g.bit_width = 12; CHECK_EQ(acpi_gas_bytes(&g), 0);
	g.access_size = 1; CHECK_EQ(acpi_gas_bytes(&g), 1);   /* access size wins */
	g.access_size = 2; CHECK_EQ(acpi_gas_bytes(&g), 2);
	g.access_size = 3; CHECK_EQ(acpi_gas_bytes(&g), 4);
	g.access_size = 4; CHECK_EQ(acpi_gas_bytes(&g), 8);
	g.access_size = 5; CHECK_EQ(acpi_gas_bytes(&g), 0);
}

/* ---- \_S5_ ------------------------------------------------------------------ */

/* find_s5 on an exact-size heap copy, so over-reads are caught. */
static int s5(const uint8_t *aml, size_t n, uint8_t *a, uint8_t *b)
{
	uint8_t *c = malloc(n ? n : 1);
	memcpy(c, aml, n);
	int r = acpi_find_s5(c, n, a, b);
	free(c);
	return r;
}

TEST(s5_encodings)
{
	static const struct {
		uint8_t aml[24];
		size_t n;
		int ok;
		uint8_t a, b;
	} cases[] = {
		/* ZeroOp, OneOp */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x01 }, 10, 1, 0, 1 },
		/* BytePrefix, with the root prefix */
		{ { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x07, 0x0a, 0x03 }, 13, 1, 7, 3 },
		/* WordPrefix, DWordPrefix */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x02, 0x0b, 0x05, 0x00, 0x0c, 0x06, 0, 0, 0 }, 16, 1, 5, 6 },
		/* QWordPrefix */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x0c, 0x02, 0x0e, 2, 0, 0, 0, 0, 0, 0, 0, 0x00 }, 18, 1, 2, 0 },
		/* A one-element package: the value serves both */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0a, 0x04 }, 10, 1, 4, 4 },
		/* A two-byte PkgLength (0x40 | low nibble, then the next 8 bits) */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x45, 0x00, 0x02, 0x01, 0x00 }, 11, 1, 1, 0 },
		/* ... that claims more than there is */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x46, 0x00, 0x02, 0x01, 0x00 }, 11, 0, 0, 0 },
		/* Values that do not fit SLP_TYP's three bits */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0xff, 0x00 }, 10, 0, 0, 0 },
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0a, 0x08, 0x00 }, 11, 0, 0, 0 },
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0b, 0x00, 0x01, 0x00 }, 12, 0, 0, 0 },
		/* Not an integer (a name string) */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 'A', 'B', 'C', 'D' }, 12, 0, 0, 0 },
		/* An empty package */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x00 }, 8, 0, 0, 0 },
		/* A PkgLength too small to hold NumElements */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x01, 0x02, 0x00, 0x00 }, 10, 0, 0, 0 },
		/* A package whose elements run past its own length */
		{ { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x0a, 0x01 }, 11, 0, 0, 0 },
		/* Not a Name: a method, a string, a bare name */
		{ { 0x14, 0x07, '_', 'S', '5', '_', 0x00, 0xa4, 0x00 }, 9, 0, 0, 0 },
		{ { 0x0d, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x00, 0x00 }, 10, 0, 0, 0 },
		{ { '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x00, 0x00 }, 9, 0, 0, 0 },
		/* A Name of something else than a package */
		{ { 0x08, '_', 'S', '5', '_', 0x0a, 0x05 }, 7, 0, 0, 0 },
		/* "_S5_" at the very end, and nothing at all */
		{ { 0x08, '_', 'S', '5', '_' }, 5, 0, 0, 0 },
		{ { 0 }, 0, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t a = 99, b = 99;
		int r = s5(cases[i].aml, cases[i].n, &a, &b);
		if (r != (cases[i].ok ? 0 : -1)) {
			FAILF("case %zu: acpi_find_s5 gave %d", i, r);
			return;
		}
		if (cases[i].ok && (a != cases[i].a || b != cases[i].b)) {
			FAILF("case %zu: got %u %u, want %u %u", i, a, b, cases[i].a, cases[i].b);
			return;
		}
	}
}

TEST(s5_pkglength_multibyte)
{
	/* Package(2){1, 2} padded to 300 bytes: PkgLength 300 = 0x12c is two
	 * bytes, 0x4c (one more byte, low nibble 0xc) then 0x12. */
	static uint8_t aml[8 + 300];
	uint8_t a, b;
	memset(aml, 0, sizeof(aml));
	memcpy(aml, "\x08_S5_\x12\x4c\x12\x02\x0a\x01\x0a\x02", 14);
	CHECK_EQ(s5(aml, 6 + 300, &a, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
	/* The same length claimed, one byte less there, and every shorter
	 * cut, the one inside the two PkgLength bytes among them. */
	for (size_t n = 0; n < 6 + 300; n++)
		CHECK_EQ(s5(aml, n, &a, &b), -1);
	/* Three and four PkgLength bytes. */
	memcpy(aml, "\x08_S5_\x12\x80\x01\x00\x02\x0a\x03\x0a\x04", 15);
	CHECK_EQ(s5(aml, 6 + 16, &a, &b), 0);     /* 0x10 = 16: 3 + 1 + 4 bytes and padding */
	CHECK_EQ(a, 3);
	CHECK_EQ(b, 4);
	for (size_t n = 0; n < 6 + 16; n++)
		CHECK_EQ(s5(aml, n, &a, &b), -1);
	memcpy(aml, "\x08_S5_\x12\xc0\x01\x00\x00\x02\x0a\x03\x0a\x04", 16);
	CHECK_EQ(s5(aml, 6 + 16, &a, &b), 0);
	for (size_t n = 0; n < 6 + 16; n++)
		CHECK_EQ(s5(aml, n, &a, &b), -1);
}

TEST(s5_truncated)
{
	uint8_t a, b;
	/* Every cut of a good object short of its end is refused, without
	 * reading past the cut (the copy is exactly that long). */
	for (size_t n = 0; n < sizeof(S5_FIVE); n++)
		CHECK_EQ(s5(S5_FIVE, n, &a, &b), -1);
	CHECK_EQ(s5(S5_FIVE, sizeof(S5_FIVE), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 0);
	for (size_t n = 0; n < sizeof(S5_ZERO); n++)
		CHECK_EQ(s5(S5_ZERO, n, &a, &b), -1);
	CHECK_EQ(s5(S5_ZERO, sizeof(S5_ZERO), &a, &b), 0);
}

TEST(s5_skips_bad_first)
{
	/* A method named _S5_ first, then the real Name. */
	uint8_t aml[64], a, b;
	size_t n = 0;
	static const uint8_t method[] = { 0x14, 0x06, '_', 'S', '5', '_', 0x00, 0xa4 };
	memcpy(aml, method, sizeof(method));
	n += sizeof(method);
	memcpy(aml + n, S5_FIVE, sizeof(S5_FIVE));
	n += sizeof(S5_FIVE);
	CHECK_EQ(s5(aml, n, &a, &b), 0);
	CHECK_EQ(a, 5);
}

/* ---- the whole walk --------------------------------------------------------- */

TEST(power_pc)
{
	struct acpi_root r;
	struct acpi_power pw;
	build_rsdt_set();
	CHECK_EQ(acpi_parse_rsdp(mem, 20, &r), 0);
	CHECK_EQ(acpi_power_info(&r, fake_map, 0, &pw), 0);
	CHECK_EQ(pw.have_s5, 1);
	CHECK_EQ(pw.slp_typa, 0);                /* from the DSDT, not the SSDT */
	CHECK_EQ(pw.fadt.pm1a_cnt.address, 0x604);
}

TEST(power_microvm)
{
	struct acpi_root r;
	struct acpi_power pw;
	reset_mem();
	fadt_v6(A_FADT, A_DSDT, 1);
	aml_table(A_DSDT, "DSDT", S5_FIVE, sizeof(S5_FIVE));
	uint64_t e[] = { A_FADT };
	rsdt(A_XSDT, e, 1, 1);
	rsdp(A_RSDP, 2, 0, A_XSDT);
	CHECK_EQ(acpi_parse_rsdp(mem, 36, &r), 0);
	CHECK_EQ(acpi_power_info(&r, fake_map, 0, &pw), 0);
	CHECK_EQ(pw.have_s5, 1);
	CHECK_EQ(pw.slp_typa, 5);
	CHECK(pw.fadt.flags & ACPI_FADT_HW_REDUCED);
	CHECK_EQ(pw.fadt.sleep_ctl.address, 0xfea00100);
}

TEST(power_fallbacks)
{
	struct acpi_root r = { .addr = A_RSDT };
	struct acpi_power pw;
	/* A damaged DSDT: \_S5_ comes from the SSDT that has one. */
	build_rsdt_set();
	mem[A_DSDT - PBASE + 37] ^= 0x55;
	CHECK_EQ(acpi_power_info(&r, fake_map, 0, &pw), 0);
	CHECK_EQ(pw.have_s5, 1);
	CHECK_EQ(pw.slp_typa, 5);
	/* No \_S5_ anywhere: the FADT is still reported. */
	build_rsdt_set();
	mem[A_DSDT - PBASE + 36 + 3] = 'X';
	seal(A_DSDT);
	mem[A_SSDT2 - PBASE + 36 + 2] = 'X';
	seal(A_SSDT2);
	CHECK_EQ(acpi_power_info(&r, fake_map, 0, &pw), 0);
	CHECK_EQ(pw.have_s5, 0);
	/* No FADT: nothing. */
	build_rsdt_set();
	mem[A_FADT - PBASE] = 'X';
	CHECK_EQ(acpi_power_info(&r, fake_map, 0, &pw), -1);
}

/* Random damage to a good set of tables: whatever the bytes, the walk
 * ends and reads only what it mapped. */
TEST(power_random_damage)
{
	struct acpi_root r = { .addr = A_RSDT };
	struct acpi_power pw;
	uint32_t seed = 12345;
	for (int round = 0; round < 3000; round++) {
		build_rsdt_set();
		int flips = 1 + round % 8;
		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t at = (seed >> 8) % 0x3100;
			seed = seed * 1103515245u + 12345u;
			mem[at] = (uint8_t)(seed >> 16);
		}
		/* Resealing now and then gets damage past the checksums. */
		if (round & 1) {
			seal(A_RSDT);
			seal(A_FADT);
			seal(A_DSDT);
			seal(A_SSDT2);
		}
		(void)acpi_power_info(&r, fake_map, 0, &pw);
		CHECK(!pw.have_s5 || (pw.slp_typa <= 7 && pw.slp_typb <= 7));
		for (int i = 0; i < ncopies; i++)
			free(copies[i]);
		ncopies = 0;
	}
	/* And random AML. */
	static uint8_t aml[256];
	for (int round = 0; round < 20000; round++) {
		uint8_t a, b;
		for (size_t i = 0; i < sizeof(aml); i++) {
			seed = seed * 1103515245u + 12345u;
			aml[i] = (uint8_t)(seed >> 16);
		}
		size_t at = round % 200;
		memcpy(aml + at, "\x08_S5_\x12", 6);
		if (s5(aml, 1 + (size_t)(round % 255), &a, &b) == 0)
			CHECK(a <= 7 && b <= 7);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(checksum);
	RUN(rsdp_v1);
	RUN(rsdp_v2);
	RUN(rsdp_scan);
	RUN(find_tables);
	RUN(root_damage);
	RUN(xsdt_walk);
	RUN(fadt_v1);
	RUN(fadt_v6);
	RUN(fadt_every_length);
	RUN(gas_bytes);
	RUN(s5_encodings);
	RUN(s5_pkglength_multibyte);
	RUN(s5_truncated);
	RUN(s5_skips_bad_first);
	RUN(power_pc);
	RUN(power_microvm);
	RUN(power_fallbacks);
	RUN(power_random_damage);
	reset_mem();
	return t_end();
}
