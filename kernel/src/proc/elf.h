/*
 * ELF64 executable checking: pure code, unit-tested on the host.
 *
 * elf_parse() accepts only what the loader can load safely: a little-endian
 * ELF64 ET_EXEC for x86-64, version 1, with a program-header table inside the
 * head that was read (see elf_parse), at most ELF_MAX_SEGMENTS PT_LOAD segments, each with
 * filesz <= memsz, file range inside the image, no arithmetic overflow,
 * p_vaddr % PAGE == p_offset % PAGE, the whole segment inside
 * [user_lo, user_hi), segments not overlapping each other (page granular),
 * and an entry point inside an executable segment.  Anything else is
 * rejected (the caller turns that into ENOEXEC).
 *
 * Details: other program headers (PT_NOTE, PT_GNU_STACK, ...) are skipped,
 * except PT_INTERP and PT_DYNAMIC, which mark a dynamically linked program
 * and are rejected; a PT_LOAD with memsz 0 maps nothing and is not counted.
 * The image may be at any alignment.  *out is written only on success.
 */
#ifndef PROC_ELF_H
#define PROC_ELF_H
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

#define ELF_SEG_R 4   /* p_flags bits, as in the ELF spec */
#define ELF_SEG_W 2
#define ELF_SEG_X 1

struct elf_segment {
	uint64_t vaddr;    /* p_vaddr */
	uint64_t memsz;
	uint64_t filesz;
	uint64_t offset;   /* p_offset */
	uint32_t flags;    /* ELF_SEG_* */
};

struct elf_image {
	uint64_t entry;
	int      nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	uint64_t end;      /* highest vaddr+memsz over all segments */
};

/*
 * head holds the first head_len bytes of a file of size bytes: the loader
 * reads only the start of a program (ELF_HEAD_MAX), so the program-header
 * table must lie within it; segments are checked against the whole size.
 * Returns 0 on success, -1 on any defect.
 */
#define ELF_HEAD_MAX 4096
int elf_parse(const void *head, size_t head_len, uint64_t size, uint64_t user_lo,
	      uint64_t user_hi, struct elf_image *out);

#endif
