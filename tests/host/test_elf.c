/*
 * kernel/src/proc/elf.c: a hand-built valid executable, then one defect at
 * a time.  The images are built with glibc's <elf.h> structures, which
 * also checks elf.c's private copies of the layout against an independent
 * definition.  Each image is parsed from an exactly sized malloc'ed copy,
 * so AddressSanitizer catches any read past its end.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "proc/elf.h"

#define USER_LO 0x10000ull
#define USER_HI 0x00007ffffffff000ull

/*
 * The valid image (0x2800 bytes):
 *   ph[0] PT_NOTE
 *   ph[1] PT_LOAD text  R-X  vaddr 0x400000 offset 0      file 0x1800 mem 0x1800
 *   ph[2] PT_LOAD data  RW-  vaddr 0x602000 offset 0x2000 file 0x800  mem 0x3000
 *   ph[3] PT_GNU_STACK
 *   entry 0x400100
 */
#define IMG_MAX  0x4000
#define TEXT     1
#define DATA     2
#define STACK    3

static union {
	unsigned char b[IMG_MAX];
	Elf64_Ehdr    eh;
} img;
static size_t img_size;

static Elf64_Ehdr *eh(void) { return &img.eh; }
static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(img.b + eh()->e_phoff + (size_t)i * sizeof(Elf64_Phdr));
}

static void make_valid(void)
{
	memset(&img, 0, sizeof(img));
	img_size = 0x2800;

	Elf64_Ehdr *e = eh();
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = EV_CURRENT;
	e->e_entry = 0x400100;
	e->e_phoff = sizeof(Elf64_Ehdr);
	e->e_ehsize = sizeof(Elf64_Ehdr);
	e->e_phentsize = sizeof(Elf64_Phdr);
	e->e_phnum = 4;

	*ph(0) = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x200, .p_filesz = 0x20,
			       .p_flags = PF_R, .p_align = 4 };
	*ph(TEXT) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				  .p_offset = 0, .p_vaddr = 0x400000, .p_paddr = 0x400000,
				  .p_filesz = 0x1800, .p_memsz = 0x1800, .p_align = 0x1000 };
	*ph(DATA) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
				  .p_offset = 0x2000, .p_vaddr = 0x602000, .p_paddr = 0x602000,
				  .p_filesz = 0x800, .p_memsz = 0x3000, .p_align = 0x1000 };
	*ph(STACK) = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W,
				   .p_align = 16 };
	for (size_t i = 0x400; i < img_size; i++)
		img.b[i] = (unsigned char)(i * 13);
}

static int parse_in(uint64_t lo, uint64_t hi, struct elf_image *out)
{
	struct elf_image tmp;
	void *c = malloc(img_size ? img_size : 1);
	memcpy(c, img.b, img_size);
	int r = elf_parse(c, img_size, img_size, lo, hi, out ? out : &tmp);
	free(c);
	return r;
}

static int parse(void) { return parse_in(USER_LO, USER_HI, NULL); }

/* Only the head of the file in memory, as the loader reads it. */
static int parse_head(size_t head_len, uint64_t file_size)
{
	struct elf_image tmp;
	void *c = malloc(head_len ? head_len : 1);
	memcpy(c, img.b, head_len);
	int r = elf_parse(c, head_len, file_size, USER_LO, USER_HI, &tmp);
	free(c);
	return r;
}

/* ---- the valid image --------------------------------------------------- */

TEST(valid_image)
{
	struct elf_image im;

	make_valid();
	CHECK_EQ(parse_in(USER_LO, USER_HI, &im), 0);
	CHECK_EQ(im.entry, 0x400100);
	CHECK_EQ(im.nseg, 2);
	CHECK_EQ(im.seg[0].vaddr, 0x400000);
	CHECK_EQ(im.seg[0].memsz, 0x1800);
	CHECK_EQ(im.seg[0].filesz, 0x1800);
	CHECK_EQ(im.seg[0].offset, 0);
	CHECK_EQ(im.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
	CHECK_EQ(im.seg[1].vaddr, 0x602000);
	CHECK_EQ(im.seg[1].memsz, 0x3000);
	CHECK_EQ(im.seg[1].filesz, 0x800);
	CHECK_EQ(im.seg[1].offset, 0x2000);
	CHECK_EQ(im.seg[1].flags, ELF_SEG_R | ELF_SEG_W);
	CHECK_EQ(im.end, 0x605000);
}

/* Files in the initrd are only 4-byte aligned: the parser must not
 * assume more (UBSan checks every misaligned access). */
TEST(valid_unaligned_buffer)
{
	make_valid();
	for (size_t shift = 1; shift < 8; shift++) {
		unsigned char *raw = malloc(img_size + shift);
		memcpy(raw + shift, img.b, img_size);
		struct elf_image im;
		int r = elf_parse(raw + shift, img_size, img_size, USER_LO, USER_HI, &im);
		free(raw);
		CHECK_EQ(r, 0);
		CHECK_EQ(im.nseg, 2);
	}
}

/* The flags the loader sees are exactly R, W and X. */
TEST(valid_flags_masked)
{
	struct elf_image im;

	make_valid();
	ph(DATA)->p_flags = PF_R | PF_W | PF_X | 0xf0000000u;   /* OS bits too */
	CHECK_EQ(parse_in(USER_LO, USER_HI, &im), 0);
	CHECK_EQ(im.seg[1].flags, ELF_SEG_R | ELF_SEG_W | ELF_SEG_X);
}

/* ---- the ELF header ---------------------------------------------------- */

TEST(reject_truncated_header)
{
	make_valid();
	for (size_t n = 0; n < sizeof(Elf64_Ehdr); n++) {
		img_size = n;
		CHECK_EQ(parse(), -1);
	}
}

TEST(reject_bad_magic)
{
	for (int i = 0; i < SELFMAG; i++) {
		make_valid();
		img.b[i] ^= 0x20;
		CHECK_EQ(parse(), -1);
	}
}

TEST(reject_bad_class)
{
	static const unsigned char bad[] = { ELFCLASSNONE, ELFCLASS32, 3 };
	for (size_t i = 0; i < sizeof(bad); i++) {
		make_valid();
		eh()->e_ident[EI_CLASS] = bad[i];
		CHECK_EQ(parse(), -1);
	}
}

TEST(reject_bad_data_or_version)
{
	make_valid();
	eh()->e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK_EQ(parse(), -1);
	make_valid();
	eh()->e_ident[EI_DATA] = ELFDATANONE;
	CHECK_EQ(parse(), -1);
	make_valid();
	eh()->e_ident[EI_VERSION] = EV_NONE;
	CHECK_EQ(parse(), -1);
	make_valid();
	eh()->e_version = EV_NONE;
	CHECK_EQ(parse(), -1);
	make_valid();
	eh()->e_version = 2;
	CHECK_EQ(parse(), -1);
}

TEST(reject_bad_type)
{
	static const uint16_t bad[] = { ET_NONE, ET_REL, ET_DYN, ET_CORE, 0xfe00 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_valid();
		eh()->e_type = bad[i];
		CHECK_EQ(parse(), -1);
	}
}

TEST(reject_bad_machine)
{
	static const uint16_t bad[] = { EM_NONE, EM_386, EM_AARCH64, EM_RISCV, EM_IA_64 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_valid();
		eh()->e_machine = bad[i];
		CHECK_EQ(parse(), -1);
	}
}

/* ---- the program-header table ------------------------------------------ */

TEST(reject_phdr_table_out_of_file)
{
	size_t table = 4 * sizeof(Elf64_Phdr);

	make_valid();
	eh()->e_phoff = img_size - table;          /* exactly at the end: fine */
	memcpy(img.b + img_size - table, img.b + sizeof(Elf64_Ehdr), table);
	CHECK_EQ(parse(), 0);
	eh()->e_phoff = img_size - table + 8;      /* last 8 bytes past it */
	CHECK_EQ(parse(), -1);
	eh()->e_phoff = img_size;
	CHECK_EQ(parse(), -1);
	eh()->e_phoff = 0x100000;
	CHECK_EQ(parse(), -1);
	/* offset + size wraps around to something small */
	eh()->e_phoff = UINT64_MAX - 100;
	CHECK_EQ(parse(), -1);
	eh()->e_phoff = (uint64_t)0 - table;
	CHECK_EQ(parse(), -1);

	make_valid();
	eh()->e_phnum = 0xffff;                    /* PN_XNUM, and past the end */
	CHECK_EQ(parse(), -1);
	make_valid();
	img_size = sizeof(Elf64_Ehdr) + table - 1; /* cut inside the table */
	CHECK_EQ(parse(), -1);
}

TEST(reject_bad_phdr_shape)
{
	static const uint16_t bad[] = { 0, 32, 55, 57, 64 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_valid();
		eh()->e_phentsize = bad[i];
		CHECK_EQ(parse(), -1);
	}
	make_valid();
	eh()->e_phnum = 0;
	CHECK_EQ(parse(), -1);
}

/* ---- segments ---------------------------------------------------------- */

TEST(reject_filesz_over_memsz)
{
	/* Small enough that the file range stays inside the image, so only
	 * the size comparison can reject it. */
	make_valid();
	ph(DATA)->p_filesz = ph(DATA)->p_memsz = 0x400; /* equal: fine */
	CHECK_EQ(parse(), 0);
	ph(DATA)->p_filesz = 0x401;
	CHECK_EQ(parse(), -1);
	ph(DATA)->p_memsz = 0x401;
	CHECK_EQ(parse(), 0);
}

TEST(reject_file_range_out_of_file)
{
	make_valid();
	ph(DATA)->p_filesz = img_size - 0x2000 + 1;     /* one byte past */
	ph(DATA)->p_memsz = 0x3000;
	CHECK_EQ(parse(), -1);

	make_valid();
	ph(DATA)->p_offset = 0x3000;                    /* starts past the end */
	ph(DATA)->p_vaddr = 0x603000;
	ph(DATA)->p_filesz = 0;
	CHECK_EQ(parse(), -1);

	/* offset + filesz wraps to 0x1000, inside the file if unchecked */
	make_valid();
	ph(DATA)->p_offset = 0xfffffffffffff000ull;
	ph(DATA)->p_filesz = 0x2000;
	ph(DATA)->p_memsz = 0x3000;
	CHECK_EQ(parse(), -1);
}

TEST(reject_vaddr_memsz_overflow)
{
	/* With the whole address space allowed, only the overflow check
	 * stands between a wrapped segment and the loader. */
	make_valid();
	ph(DATA)->p_vaddr = 0xfffffffffffff000ull;
	ph(DATA)->p_memsz = 0x3000;                 /* end wraps to 0x2000 */
	CHECK_EQ(parse_in(0, UINT64_MAX, NULL), -1);

	make_valid();
	ph(DATA)->p_vaddr = 0x602000;
	ph(DATA)->p_memsz = UINT64_MAX;
	CHECK_EQ(parse_in(0, UINT64_MAX, NULL), -1);

	/* The last possible page, ending exactly at the limit: fine. */
	make_valid();
	ph(DATA)->p_vaddr = 0xffffffffffffe000ull;
	ph(DATA)->p_memsz = 0x1fff;
	CHECK_EQ(parse_in(0, UINT64_MAX, NULL), 0);
}

TEST(reject_segment_outside_user_range)
{
	make_valid();
	ph(DATA)->p_vaddr = USER_HI - 0x3000;        /* ends exactly at user_hi */
	CHECK_EQ(parse(), 0);
	ph(DATA)->p_vaddr = USER_HI - 0x2000;        /* ends past it */
	CHECK_EQ(parse(), -1);
	ph(DATA)->p_vaddr = USER_HI;
	CHECK_EQ(parse(), -1);
	ph(DATA)->p_vaddr = 0xffff800000000000ull;   /* kernel half */
	CHECK_EQ(parse(), -1);

	make_valid();
	CHECK_EQ(parse_in(0x400000, USER_HI, NULL), 0);   /* starts at user_lo */
	CHECK_EQ(parse_in(0x401000, USER_HI, NULL), -1);  /* below user_lo */
	CHECK_EQ(parse_in(USER_LO, 0x605000, NULL), 0);
	CHECK_EQ(parse_in(USER_LO, 0x604fff, NULL), -1);

	make_valid();
	ph(TEXT)->p_vaddr = 0;                       /* the null page */
	eh()->e_entry = 0x100;
	CHECK_EQ(parse(), -1);
}

TEST(reject_overlapping_segments)
{
	make_valid();
	ph(DATA)->p_vaddr = 0x400000;                /* the same range */
	CHECK_EQ(parse(), -1);

	/* Different bytes, same page: text ends at 0x401800. */
	make_valid();
	ph(DATA)->p_vaddr = 0x401900;
	ph(DATA)->p_offset = 0x1900;
	CHECK_EQ(parse(), -1);

	/* The next page is fine. */
	make_valid();
	ph(DATA)->p_vaddr = 0x402000;
	CHECK_EQ(parse(), 0);

	/* The second segment lies below and around the first. */
	make_valid();
	ph(DATA)->p_vaddr = 0x3ff000;
	ph(DATA)->p_memsz = 0x5000;
	CHECK_EQ(parse(), -1);

	/* The second ends in the first page of the first. */
	make_valid();
	ph(DATA)->p_vaddr = 0x3fe000;
	ph(DATA)->p_memsz = 0x2001;
	CHECK_EQ(parse(), -1);
	ph(DATA)->p_memsz = 0x2000;
	CHECK_EQ(parse(), 0);
}

TEST(reject_entry_not_executable)
{
	make_valid();
	eh()->e_entry = 0x602100;                    /* in data (RW-) */
	CHECK_EQ(parse(), -1);
	eh()->e_entry = 0x401800;                    /* one past the text */
	CHECK_EQ(parse(), -1);
	eh()->e_entry = 0;
	CHECK_EQ(parse(), -1);
	eh()->e_entry = 0x3fffff;                    /* one before */
	CHECK_EQ(parse(), -1);
	eh()->e_entry = 0x4017ff;                    /* the last byte: fine */
	CHECK_EQ(parse(), 0);
	eh()->e_entry = 0x400000;                    /* the first byte: fine */
	CHECK_EQ(parse(), 0);

	make_valid();
	ph(TEXT)->p_flags = PF_R;                    /* text not executable */
	CHECK_EQ(parse(), -1);

	make_valid();
	ph(DATA)->p_flags = PF_R | PF_W | PF_X;      /* RWX data may hold it */
	eh()->e_entry = 0x604fff;
	CHECK_EQ(parse(), 0);
}

/* n one-page PT_LOAD segments, plus the NOTE and GNU_STACK headers. */
static void make_many(int n)
{
	make_valid();
	eh()->e_phnum = (uint16_t)(n + 2);
	*ph(0) = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x200, .p_filesz = 0x20 };
	for (int i = 1; i <= n; i++)
		*ph(i) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				       .p_offset = 0x1000,
				       .p_vaddr = 0x400000 + 0x1000 * (uint64_t)i,
				       .p_filesz = 0x100, .p_memsz = 0x800,
				       .p_align = 0x1000 };
	*ph(n + 1) = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
	eh()->e_entry = 0x401000;
}

TEST(reject_too_many_segments)
{
	struct elf_image im;

	make_many(ELF_MAX_SEGMENTS);
	CHECK_EQ(parse_in(USER_LO, USER_HI, &im), 0);
	CHECK_EQ(im.nseg, ELF_MAX_SEGMENTS);
	CHECK_EQ(im.end, 0x400000 + 0x1000 * ELF_MAX_SEGMENTS + 0x800);

	make_many(ELF_MAX_SEGMENTS + 1);
	CHECK_EQ(parse(), -1);
	make_many(100);
	CHECK_EQ(parse(), -1);
}

TEST(reject_misaligned_offset)
{
	make_valid();
	ph(DATA)->p_vaddr = 0x602001;                /* 0x001 vs 0x000 */
	CHECK_EQ(parse(), -1);
	ph(DATA)->p_vaddr = 0x602000;
	ph(DATA)->p_offset = 0x2010;
	CHECK_EQ(parse(), -1);

	/* Not page aligned but congruent: fine. */
	make_valid();
	ph(DATA)->p_vaddr = 0x602123;
	ph(DATA)->p_offset = 0x2123;
	ph(DATA)->p_filesz = 0x600;
	CHECK_EQ(parse(), 0);
}

TEST(reject_dynamic)
{
	make_valid();
	ph(STACK)->p_type = PT_INTERP;
	ph(STACK)->p_offset = 0x300;
	ph(STACK)->p_filesz = 0x1c;
	CHECK_EQ(parse(), -1);
	make_valid();
	ph(STACK)->p_type = PT_DYNAMIC;
	CHECK_EQ(parse(), -1);
}

/* A PT_LOAD with nothing in it maps nothing and is not counted. */
TEST(empty_load_ignored)
{
	struct elf_image im;

	make_valid();
	*ph(STACK) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R,
				   .p_vaddr = 0x400000 };   /* would overlap */
	CHECK_EQ(parse_in(USER_LO, USER_HI, &im), 0);
	CHECK_EQ(im.nseg, 2);
	ph(STACK)->p_filesz = 1;                     /* filesz > memsz */
	CHECK_EQ(parse(), -1);
}

/* ---- fuzzing: accepted images satisfy every promise -------------------- */

static bool promises_hold(const struct elf_image *im, uint64_t lo, uint64_t hi)
{
	uint64_t end = 0;
	bool entry_ok = false;

	if (im->nseg < 1 || im->nseg > ELF_MAX_SEGMENTS)
		return false;
	for (int i = 0; i < im->nseg; i++) {
		const struct elf_segment *s = &im->seg[i];
		if (s->filesz > s->memsz || s->memsz == 0 ||
		    s->offset > img_size || s->filesz > img_size - s->offset ||
		    s->vaddr < lo || s->vaddr >= hi || s->memsz > hi - s->vaddr ||
		    s->vaddr % 4096 != s->offset % 4096 || (s->flags & ~7u))
			return false;
		for (int j = 0; j < i; j++) {
			const struct elf_segment *t = &im->seg[j];
			if (s->vaddr / 4096 <= (t->vaddr + t->memsz - 1) / 4096 &&
			    t->vaddr / 4096 <= (s->vaddr + s->memsz - 1) / 4096)
				return false;
		}
		if (s->vaddr + s->memsz > end)
			end = s->vaddr + s->memsz;
		if ((s->flags & ELF_SEG_X) && im->entry >= s->vaddr &&
		    im->entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	return entry_ok && end == im->end;
}

TEST(mutation_fuzz)
{
	static const uint64_t vals[] = {
		0, 1, 0x7f, 0x800, 0xfff, 0x1000, 0x1800, 0x2000, 0x400000, 0x401000,
		USER_HI, USER_HI - 0x1000, 0x8000000000000000ull,
		UINT64_MAX, UINT64_MAX - 0xfff, UINT32_MAX,
	};
	size_t hdrs = sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr);
	long accepted = 0;

	/* Single bytes, everywhere in the headers. */
	for (size_t i = 0; i < hdrs; i++)
		for (int v = 0; v < 256; v += 17) {
			make_valid();
			img.b[i] = (unsigned char)v;
			struct elf_image im;
			if (parse_in(USER_LO, USER_HI, &im) == 0) {
				accepted++;
				if (!promises_hold(&im, USER_LO, USER_HI)) {
					FAILF("byte %zu = %#x accepted a broken image", i, v);
					return;
				}
			}
		}
	/* Interesting 64-bit values in every 8-byte slot, with the bounds
	 * wide open so that only the overflow checks remain. */
	for (size_t i = 8; i + 8 <= hdrs; i += 4)
		for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
			make_valid();
			memcpy(img.b + i, &vals[v], 8);
			struct elf_image im;
			if (parse_in(0, UINT64_MAX, &im) == 0) {
				accepted++;
				if (!promises_hold(&im, 0, UINT64_MAX)) {
					FAILF("offset %zu = %#llx accepted a broken image",
					      i, (unsigned long long)vals[v]);
					return;
				}
			}
		}
	CHECK(accepted > 100);   /* the fuzzer did reach the segment checks */
}

/* The loader parses only the head: the program headers must be in it,
 * the segments are checked against the whole file's size. */
TEST(head_only)
{
	make_valid();
	size_t phend = sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr);
	CHECK_EQ(parse_head(phend, img_size), 0);          /* just enough */
	CHECK_EQ(parse_head(phend - 1, img_size), -1);     /* one byte short */
	CHECK_EQ(parse_head(img_size, img_size), 0);       /* all of it */
	/* A head longer than the file is the file. */
	CHECK_EQ(parse_head(img_size, img_size - 1), -1);  /* the data segment ends past it */
	/* A segment past the end of the file is caught with only the head. */
	CHECK_EQ(parse_head(phend, 0x2000), -1);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(valid_image);
	RUN(valid_unaligned_buffer);
	RUN(valid_flags_masked);
	RUN(reject_truncated_header);
	RUN(reject_bad_magic);
	RUN(reject_bad_class);
	RUN(reject_bad_data_or_version);
	RUN(reject_bad_type);
	RUN(reject_bad_machine);
	RUN(reject_phdr_table_out_of_file);
	RUN(reject_bad_phdr_shape);
	RUN(reject_filesz_over_memsz);
	RUN(reject_file_range_out_of_file);
	RUN(reject_vaddr_memsz_overflow);
	RUN(reject_segment_outside_user_range);
	RUN(reject_overlapping_segments);
	RUN(reject_entry_not_executable);
	RUN(reject_too_many_segments);
	RUN(reject_misaligned_offset);
	RUN(reject_dynamic);
	RUN(empty_load_ignored);
	RUN(mutation_fuzz);
	RUN(head_only);
	return t_end();
}
