/*
 * Reading the firmware's ACPI tables: the pure part, with no hardware in
 * it, so that the host tests can feed it crafted and damaged tables.
 *
 * Everything here reads bytes one at a time (little-endian), never casts a
 * table to a struct, and checks every length against what it was given:
 * firmware tables are input like any other.  Physical memory is reached
 * through a callback, `map`, which answers a pointer to len bytes at a
 * physical address, or 0 when that memory cannot be read; what it answers
 * must stay readable until the walk is over (the walk holds the RSDT while
 * it looks at the tables it lists).  In the kernel it is the direct map or
 * a mapping that is never undone (dev/acpi.c); in the tests a buffer.
 *
 * Only what power-off and reset need is read: the RSDP, the RSDT or XSDT,
 * the FADT, and the \_S5_ package of the DSDT (or an SSDT).  There is no
 * AML interpreter: \_S5_ is a Name whose value is a Package of integers,
 * which can be decoded from its bytes alone.
 */
#ifndef DEV_ACPI_PARSE_H
#define DEV_ACPI_PARSE_H
#include <stddef.h>
#include <stdint.h>

#define ACPI_HDR_LEN   36          /* every table starts with this header */
#define ACPI_RSDP_V1   20          /* bytes an ACPI 1.0 RSDP has */
#define ACPI_RSDP_V2   36          /* ... and an ACPI 2.0+ one */

/* A Generic Address Structure: where a register is, and how wide. */
struct acpi_gas {
	uint8_t  space;            /* ACPI_GAS_MEMORY, ACPI_GAS_IO, ACPI_GAS_PCI */
	uint8_t  bit_width;
	uint8_t  bit_offset;
	uint8_t  access_size;      /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	uint64_t address;          /* 0: the register is not there */
};
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO     1
#define ACPI_GAS_PCI    2          /* PCI configuration space of bus 0 */

/* FADT flags this kernel looks at. */
#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED    (1u << 20)

/* PM1 control register bits (legacy hardware). */
#define ACPI_PM1_SCI_EN         (1u << 0)
#define ACPI_PM1_SLP_TYP_SHIFT  10
#define ACPI_PM1_SLP_EN         (1u << 13)
/* Sleep control register bits (hardware-reduced ACPI, FADT 5.0+). */
#define ACPI_SLPCTL_TYP_SHIFT   2
#define ACPI_SLPCTL_SLP_EN      (1u << 5)

typedef const void *(*acpi_map_fn)(void *ctx, uint64_t pa, size_t len);

/* Where the RSDT or XSDT is. */
struct acpi_root {
	uint64_t addr;
	int      xsdt;             /* 1: XSDT (8-byte entries), 0: RSDT (4-byte) */
	uint8_t  revision;         /* the RSDP's: 0 for ACPI 1.0, 2 for 2.0+ */
};

/* What the FADT says about power and reset, already resolved between its
 * 32-bit and 64-bit (X_) fields. */
struct acpi_fadt {
	uint8_t  revision;
	uint32_t flags;
	uint64_t dsdt;             /* physical address, 0 if none */
	uint32_t smi_cmd;          /* port to ask for ACPI mode (0: none, or already) */
	uint8_t  acpi_enable;      /* the value to write there */
	struct acpi_gas pm1a_cnt, pm1b_cnt;   /* address 0: absent */
	struct acpi_gas sleep_ctl;            /* hardware-reduced ACPI */
	struct acpi_gas reset_reg;
	uint8_t  reset_value;
	int      reset_ok;         /* RESET_REG_SUP set and the register usable */
};

/* Everything power.c needs, found by acpi_power_info(). */
struct acpi_power {
	struct acpi_fadt fadt;
	int      have_s5;
	uint8_t  slp_typa, slp_typb;     /* \_S5_'s first two values (0-7) */
};

/* 1 if the n bytes at p add up to 0 (mod 256). */
int acpi_checksum_ok(const void *p, size_t n);

/*
 * An RSDP of avail bytes at p: 0 and *out filled, or -1.  The 20-byte
 * checksum must hold; a 2.0+ RSDP whose length and extended checksum also
 * hold gives its XSDT (when not 0), otherwise the RSDT is used.
 */
int acpi_parse_rsdp(const void *p, size_t avail, struct acpi_root *out);

/* The offset of the first valid RSDP on a 16-byte boundary of the n bytes
 * at p (the BIOS areas are searched this way), or -1. */
long acpi_scan_rsdp(const void *p, size_t n);

/*
 * The index-th table (0, 1, ...) with signature sig (4 characters) listed
 * in the RSDT/XSDT: its bytes, length in *len (>= 36, checksum good), or 0.
 * Entries whose table cannot be mapped or fails its checks are skipped.
 */
const uint8_t *acpi_find_table(const struct acpi_root *root, const char *sig,
			       int index, acpi_map_fn map, void *ctx, size_t *len);

/* A checked table header at a physical address (the DSDT is not listed in
 * the RSDT, the FADT points at it): its bytes and length, or 0. */
const uint8_t *acpi_map_table(uint64_t pa, const char *sig, acpi_map_fn map,
			      void *ctx, size_t *len);

/* The FADT's len bytes: 0 and *out filled, or -1 if too short to use. */
int acpi_parse_fadt(const uint8_t *t, size_t len, struct acpi_fadt *out);

/*
 * Looks through n bytes of AML (a DSDT or SSDT body) for Name(_S5_,
 * Package(){a, b, ...}) and decodes a and b.  0 and the values (each 0-7),
 * or -1 when there is no such object or it is malformed.
 */
int acpi_find_s5(const uint8_t *aml, size_t n, uint8_t *slp_typa, uint8_t *slp_typb);

/* The width in bytes (1, 2, 4 or 8) to access a register with, from its
 * access size, else its bit width; 0 when neither makes sense. */
unsigned acpi_gas_bytes(const struct acpi_gas *g);

/* The whole walk from the root table: the FADT, then \_S5_ from the DSDT
 * or else the SSDTs.  0 if the FADT was found (have_s5 says the rest). */
int acpi_power_info(const struct acpi_root *root, acpi_map_fn map, void *ctx,
		    struct acpi_power *out);

#endif
