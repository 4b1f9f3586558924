/*
 * The pure part of ACPI: checksums, the RSDP, the table walk, the FADT and
 * the \_S5_ package (see acpi_parse.h).  No hardware is touched here, and
 * no byte is read without its bound checked first; the host tests run
 * this file under AddressSanitizer with damaged tables.
 */
#include "dev/acpi_parse.h"

/* A table longer than this is taken for garbage (real DSDTs are tens to a
 * few hundred KiB). */
#define ACPI_TABLE_MAX (4u << 20)

/* Table fields are little-endian and often unaligned: assemble bytes. */
static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static int same(const uint8_t *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)s[i])
			return 0;
	return 1;
}

int acpi_checksum_ok(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum == 0;
}

/*
 * RSDP layout: "RSD PTR " (8), checksum (1), OEM ID (6), revision (1),
 * RSDT address (4); from revision 2 on: length (4), XSDT address (8),
 * extended checksum (1), reserved (3).
 */
int acpi_parse_rsdp(const void *p, size_t avail, struct acpi_root *out)
{
	const uint8_t *b = p;
	if (avail < ACPI_RSDP_V1 || !same(b, "RSD PTR ", 8) || !acpi_checksum_ok(b, ACPI_RSDP_V1))
		return -1;
	out->revision = b[15];
	out->addr = rd32(b + 16);
	out->xsdt = 0;
	if (b[15] >= 2 && avail >= ACPI_RSDP_V2) {
		uint32_t len = rd32(b + 20);
		uint64_t x = rd64(b + 24);
		/* A 2.0 RSDP whose second half is damaged still has a good
		 * 1.0 half: fall back to the RSDT rather than give up. */
		if (len >= ACPI_RSDP_V2 && len <= avail && acpi_checksum_ok(b, len) && x) {
			out->addr = x;
			out->xsdt = 1;
		}
	}
	return out->addr ? 0 : -1;
}

long acpi_scan_rsdp(const void *p, size_t n)
{
	struct acpi_root r;
	for (size_t off = 0; off + ACPI_RSDP_V1 <= n; off += 16)
		if (acpi_parse_rsdp((const uint8_t *)p + off, n - off, &r) == 0)
			return (long)off;
	return -1;
}

const uint8_t *acpi_map_table(uint64_t pa, const char *sig, acpi_map_fn map,
			      void *ctx, size_t *len)
{
	if (!pa)
		return 0;
	const uint8_t *h = map(ctx, pa, ACPI_HDR_LEN);
	if (!h || !same(h, sig, 4))
		return 0;
	uint32_t n = rd32(h + 4);
	if (n < ACPI_HDR_LEN || n > ACPI_TABLE_MAX)
		return 0;
	const uint8_t *t = map(ctx, pa, n);
	if (!t || !acpi_checksum_ok(t, n))
		return 0;
	*len = n;
	return t;
}

const uint8_t *acpi_find_table(const struct acpi_root *root, const char *sig,
			       int index, acpi_map_fn map, void *ctx, size_t *len)
{
	size_t rlen;
	const uint8_t *r = acpi_map_table(root->addr, root->xsdt ? "XSDT" : "RSDT",
					  map, ctx, &rlen);
	if (!r)
		return 0;
	size_t esize = root->xsdt ? 8 : 4;
	/* A partial entry at the end (a length that is not header + k
	 * entries) is ignored. */
	for (size_t off = ACPI_HDR_LEN; off + esize <= rlen; off += esize) {
		uint64_t pa = root->xsdt ? rd64(r + off) : rd32(r + off);
		size_t n;
		const uint8_t *t = acpi_map_table(pa, sig, map, ctx, &n);
		if (!t)
			continue;
		if (index-- == 0) {
			*len = n;
			return t;
		}
	}
	return 0;
}

static struct acpi_gas rd_gas(const uint8_t *p)
{
	return (struct acpi_gas){
		.space = p[0], .bit_width = p[1], .bit_offset = p[2],
		.access_size = p[3], .address = rd64(p + 4),
	};
}

/* A legacy 32-bit block address: an I/O port of bytes*8 bits. */
static struct acpi_gas io_gas(uint32_t port, unsigned bytes)
{
	return (struct acpi_gas){
		.space = ACPI_GAS_IO, .bit_width = (uint8_t)(bytes * 8),
		.access_size = bytes == 4 ? 3 : bytes == 2 ? 2 : 1, .address = port,
	};
}

/*
 * FADT offsets (ACPI 6.x, table 5.9); each field is read only when the
 * table is long enough to hold it, since older revisions are shorter:
 *   40 DSDT  48 SMI_CMD  52 ACPI_ENABLE  64 PM1a_CNT_BLK  68 PM1b_CNT_BLK
 *   89 PM1_CNT_LEN  112 Flags (116 bytes: ACPI 1.0 ends here)
 *   116 RESET_REG  128 RESET_VALUE  140 X_DSDT  172 X_PM1a_CNT_BLK
 *   184 X_PM1b_CNT_BLK  244 SLEEP_CONTROL_REG (ACPI 5.0)
 */
int acpi_parse_fadt(const uint8_t *t, size_t len, struct acpi_fadt *out)
{
	*out = (struct acpi_fadt){ 0 };
	if (len < 116 || !same(t, "FACP", 4))
		return -1;
	out->revision = t[8];
	out->flags = rd32(t + 112);
	out->dsdt = rd32(t + 40);
	out->smi_cmd = rd32(t + 48);
	out->acpi_enable = t[52];
	unsigned cnt_len = t[89] >= 2 && t[89] <= 4 ? t[89] : 2;
	if (rd32(t + 64))
		out->pm1a_cnt = io_gas(rd32(t + 64), cnt_len);
	if (rd32(t + 68))
		out->pm1b_cnt = io_gas(rd32(t + 68), cnt_len);
	if (len >= 129) {
		out->reset_reg = rd_gas(t + 116);
		out->reset_value = t[128];
		out->reset_ok = (out->flags & ACPI_FADT_RESET_REG_SUP) &&
				out->reset_reg.address != 0 &&
				out->reset_reg.space <= ACPI_GAS_PCI;
	}
	/* The 64-bit fields win when they are filled in. */
	if (len >= 148 && rd64(t + 140))
		out->dsdt = rd64(t + 140);
	if (len >= 184 && rd64(t + 172 + 4))
		out->pm1a_cnt = rd_gas(t + 172);
	if (len >= 196 && rd64(t + 184 + 4))
		out->pm1b_cnt = rd_gas(t + 184);
	if (len >= 256)
		out->sleep_ctl = rd_gas(t + 244);
	return 0;
}

unsigned acpi_gas_bytes(const struct acpi_gas *g)
{
	if (g->access_size >= 1 && g->access_size <= 4)
		return 1u << (g->access_size - 1);
	if (g->access_size == 0) {
		switch (g->bit_width) {
		case 8:  return 1;
		case 16: return 2;
		case 32: return 4;
		case 64: return 8;
		}
	}
	return 0;
}

/*
 * One integer of a package, at *at, not past end.  AML integers: ZeroOp
 * (0x00), OneOp (0x01), OnesOp (0xff: all ones), or BytePrefix (0x0a),
 * WordPrefix (0x0b), DWordPrefix (0x0c), QWordPrefix (0x0e) followed by
 * that many little-endian bytes.
 */
static int aml_integer(const uint8_t *aml, size_t *at, size_t end, uint64_t *v)
{
	size_t i = *at, n;
	if (i >= end)
		return -1;
	switch (aml[i]) {
	case 0x00: *v = 0; *at = i + 1; return 0;
	case 0x01: *v = 1; *at = i + 1; return 0;
	case 0xff: *v = ~(uint64_t)0; *at = i + 1; return 0;
	case 0x0a: n = 1; break;
	case 0x0b: n = 2; break;
	case 0x0c: n = 4; break;
	case 0x0e: n = 8; break;
	default:   return -1;      /* not a plain integer (a name, a method call...) */
	}
	if (end - i - 1 < n)
		return -1;
	*v = 0;
	for (size_t k = 0; k < n; k++)
		*v |= (uint64_t)aml[i + 1 + k] << (8 * k);
	*at = i + 1 + n;
	return 0;
}

/*
 * Name(_S5_, Package(N){a, b, ...}) is encoded as
 *   NameOp 0x08, ["\" 0x5c], "_S5_", PackageOp 0x12, PkgLength, N, a, b ...
 * PkgLength: the top two bits of its first byte say how many bytes follow
 * (0-3); with none, the low six bits are the length, otherwise the low
 * four bits are its lowest nibble and each following byte 8 more bits.
 * The length counts itself and everything up to the package's end.
 */
static int s5_at(const uint8_t *aml, size_t n, size_t i, uint8_t *a, uint8_t *b)
{
	int named = (i >= 1 && aml[i - 1] == 0x08) ||
		    (i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == 0x08);
	size_t p = i + 4;
	if (!named || p >= n || aml[p] != 0x12)
		return -1;
	p++;
	if (p >= n)
		return -1;
	unsigned follow = aml[p] >> 6;
	if (n - p < 1 + (size_t)follow)
		return -1;
	size_t len;
	if (follow == 0) {
		len = aml[p] & 0x3f;
	} else {
		len = aml[p] & 0x0f;
		for (unsigned k = 1; k <= follow; k++)
			len |= (size_t)aml[p + k] << (4 + 8 * (k - 1));
	}
	size_t q = p + 1 + follow;             /* NumElements */
	if (len > n - p || p + len <= q)
		return -1;
	size_t end = p + len;
	unsigned count = aml[q++];
	uint64_t va, vb;
	if (count < 1 || aml_integer(aml, &q, end, &va) < 0)
		return -1;
	/* A one-element package (seen in the wild) means the same for both
	 * PM1 registers. */
	if (count < 2)
		vb = va;
	else if (aml_integer(aml, &q, end, &vb) < 0)
		return -1;
	if (va > 7 || vb > 7)                   /* SLP_TYP is three bits */
		return -1;
	*a = (uint8_t)va;
	*b = (uint8_t)vb;
	return 0;
}

int acpi_find_s5(const uint8_t *aml, size_t n, uint8_t *slp_typa, uint8_t *slp_typb)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (same(aml + i, "_S5_", 4) && s5_at(aml, n, i, slp_typa, slp_typb) == 0)
			return 0;
	return -1;
}

int acpi_power_info(const struct acpi_root *root, acpi_map_fn map, void *ctx,
		    struct acpi_power *out)
{
	size_t len;
	*out = (struct acpi_power){ 0 };
	const uint8_t *t = acpi_find_table(root, "FACP", 0, map, ctx, &len);
	if (!t || acpi_parse_fadt(t, len, &out->fadt) < 0)
		return -1;
	t = acpi_map_table(out->fadt.dsdt, "DSDT", map, ctx, &len);
	if (t && acpi_find_s5(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN,
			      &out->slp_typa, &out->slp_typb) == 0) {
		out->have_s5 = 1;
		return 0;
	}
	for (int i = 0; (t = acpi_find_table(root, "SSDT", i, map, ctx, &len)) != 0; i++) {
		if (acpi_find_s5(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN,
				 &out->slp_typa, &out->slp_typb) == 0) {
			out->have_s5 = 1;
			break;
		}
	}
	return 0;
}
