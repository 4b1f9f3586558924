/*
 * ELF64 executable checking.
 *
 * execve hands us whatever bytes a file holds.  Everything the loader will
 * later use blindly (segment addresses, sizes, file offsets, the entry
 * point) is checked here once, so the loader needs no checks of its own.
 * All sums are checked for wrap-around before they are trusted.
 *
 * The image may sit at any alignment (a file in the initrd is only 4-byte
 * aligned), so headers are copied out with memcpy, never accessed in place.
 */
#include "elf.h"
#include "lib/string.h"

#define PAGE 4096ull

/* The few parts of the ELF spec we need (System V gABI, x86-64 psABI). */
#define EI_NIDENT    16
#define EI_CLASS     4
#define EI_DATA      5
#define EI_VERSION   6
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define ET_EXEC      2
#define EM_X86_64    62
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");

static uint64_t page_down(uint64_t x) { return x & ~(PAGE - 1); }

/* Checks one PT_LOAD header and turns it into a segment. */
static int check_load(const struct elf64_phdr *ph, size_t size,
		      uint64_t user_lo, uint64_t user_hi,
		      struct elf_segment *s)
{
	if (ph->p_filesz > ph->p_memsz)
		return -1;
	/* The file bytes must be inside the image. */
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return -1;
	/* mmap-style loading maps file pages at virtual pages: the offsets
	 * within the page must agree. */
	if (ph->p_vaddr % PAGE != ph->p_offset % PAGE)
		return -1;
	/* [vaddr, vaddr+memsz) inside [user_lo, user_hi), without wrapping. */
	if (ph->p_vaddr < user_lo || ph->p_vaddr >= user_hi ||
	    ph->p_memsz > user_hi - ph->p_vaddr)
		return -1;

	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	s->flags = ph->p_flags & (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X);
	return 0;
}

/* Whether two segments share a page.  Pages are compared as page numbers
 * of the first and last byte, which cannot overflow (memsz > 0 here). */
static int overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a_lo = page_down(a->vaddr), a_hi = page_down(a->vaddr + a->memsz - 1);
	uint64_t b_lo = page_down(b->vaddr), b_hi = page_down(b->vaddr + b->memsz - 1);
	return a_lo <= b_hi && b_lo <= a_hi;
}

int elf_parse(const void *head, size_t head_len, uint64_t size, uint64_t user_lo,
	      uint64_t user_hi, struct elf_image *out)
{
	const unsigned char *bytes = head;
	struct elf64_ehdr eh;
	struct elf_image im;

	memset(&im, 0, sizeof(im));

	if (head_len > size)
		head_len = size;
	if (head_len < sizeof(eh))
		return -1;
	memcpy(&eh, head, sizeof(eh));

	if (eh.e_ident[0] != 0x7f || eh.e_ident[1] != 'E' ||
	    eh.e_ident[2] != 'L' || eh.e_ident[3] != 'F')
		return -1;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_ident[EI_VERSION] != EV_CURRENT || eh.e_version != EV_CURRENT)
		return -1;
	if (eh.e_type != ET_EXEC || eh.e_machine != EM_X86_64)
		return -1;

	/* The program-header table, entirely inside the head (and so inside
	 * the file).  phnum is at most 65535 (0xffff, "extended numbering",
	 * is just rejected later as too many segments or by the bounds), so
	 * the product fits. */
	if (eh.e_phentsize != sizeof(struct elf64_phdr) || eh.e_phnum == 0)
		return -1;
	uint64_t tab = (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr);
	if (eh.e_phoff > head_len || tab > head_len - eh.e_phoff)
		return -1;

	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, bytes + eh.e_phoff + i * sizeof(ph), sizeof(ph));

		/* A dynamically linked program would need an interpreter we
		 * do not have: refuse it here rather than crash it later. */
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return -1;
		if (ph.p_type != PT_LOAD)
			continue;       /* PT_NOTE, PT_GNU_STACK, PT_TLS, ... */
		if (ph.p_memsz == 0) {
			/* Maps nothing; only a nonsensical filesz is an error. */
			if (ph.p_filesz != 0)
				return -1;
			continue;
		}
		if (im.nseg == ELF_MAX_SEGMENTS)
			return -1;

		struct elf_segment *s = &im.seg[im.nseg];
		if (check_load(&ph, size, user_lo, user_hi, s) < 0)
			return -1;
		for (int j = 0; j < im.nseg; j++)
			if (overlap(&im.seg[j], s))
				return -1;
		im.nseg++;
		if (s->vaddr + s->memsz > im.end)
			im.end = s->vaddr + s->memsz;
	}

	/* The entry point must be code we actually load. */
	for (int j = 0; j < im.nseg; j++) {
		const struct elf_segment *s = &im.seg[j];
		if ((s->flags & ELF_SEG_X) && eh.e_entry >= s->vaddr &&
		    eh.e_entry - s->vaddr < s->memsz) {
			im.entry = eh.e_entry;
			*out = im;
			return 0;
		}
	}
	return -1;
}
