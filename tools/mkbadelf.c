/*
 * mkbadelf: makes damaged executables for the execve tests.
 *
 *     mkbadelf GOOD.elf OUTDIR
 *
 * GOOD.elf is a static x86-64 ELF64 executable (build/bin/hello) with at
 * least two PT_LOAD segments, the first holding the entry point.  OUTDIR
 * receives one file per defect below, each a copy of GOOD.elf (section
 * headers and everything after the last segment's file bytes dropped, so the
 * copies stay small) with exactly that defect, or a file that is no ELF at
 * all.  A kernel must refuse every one of them (with ENOEXEC; bigmem also
 * with ENOMEM) and leave the caller of execve running.
 *
 *   notelf          a text file
 *   empty           a file of 0 bytes
 *   magic_only      the 4 bytes "\177ELF"
 *   trunc_ehdr      cut in the middle of the ELF header
 *   trunc_phdr      cut in the middle of the program-header table
 *   trunc_seg       cut in the middle of the last segment's file bytes
 *   kaddr           the first segment (and the entry) moved to a kernel address
 *   zeroaddr        the first segment (and the entry) moved to address 0
 *   crossing        a segment that runs past the top of user space
 *   overlap         the second segment moved onto the first one's pages
 *   hugemem         a segment's memsz of 128 TiB (past the user half)
 *   bigmem          a segment's memsz of 64 TiB (fits the user half, but no
 *                   memory: ENOMEM is as good an answer as ENOEXEC here)
 *   wrapmem         a segment's vaddr + memsz wraps around 2^64
 *   filesz_gt_memsz a segment with more file bytes than memory bytes
 *   bad_phentsize   e_phentsize 32 instead of 56
 *   phnum_huge      e_phnum 0xffff (the table runs far past the file)
 *   bad_entry       the entry point outside every segment
 *   bad_offset      a segment's file offset past the end of the file
 *   bad_machine     e_machine i386 (3)
 *   dyn_interp      the second segment turned into PT_INTERP (asks for a
 *                   dynamic loader)
 *
 * The output depends only on GOOD.elf, so rebuilding gives identical bytes.
 * This tool knows just enough ELF to do its job and trusts nothing: a
 * GOOD.elf it cannot make sense of is an error (exit 1).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parts of the ELF64 format we touch (System V gABI). */
struct ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct phdr) == 56, "ELF64 program header is 56 bytes");

#define PT_LOAD   1
#define PT_INTERP 3

static const char *outdir;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkbadelf: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	*size = len;
	return buf;
}

static void write_file(const char *name, const void *data, size_t size)
{
	char path[4096];
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", outdir, name) >= (int)sizeof(path))
		die("%s/%s: path too long", outdir, name);
	f = fopen(path, "wb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	if ((size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		die("%s: write failed", path);
}

/* The good image, trimmed, and its headers (host byte order = little
 * endian: the tool runs on the x86-64 build host). */
static unsigned char *img;
static size_t img_size;
static struct ehdr eh;
static int load[16];      /* indices of the PT_LOAD headers with memsz > 0 */
static int nload;

static struct phdr get_ph(const unsigned char *buf, int i)
{
	struct phdr ph;
	memcpy(&ph, buf + eh.phoff + (size_t)i * sizeof(ph), sizeof(ph));
	return ph;
}

static void put_ph(unsigned char *buf, int i, const struct phdr *ph)
{
	memcpy(buf + eh.phoff + (size_t)i * sizeof(*ph), ph, sizeof(*ph));
}

static void load_good(const char *path)
{
	size_t size, end = 0;
	unsigned char *raw = read_all(path, &size);

	if (size < sizeof(eh))
		die("%s: too small for an ELF header", path);
	memcpy(&eh, raw, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) != 0 || eh.ident[4] != 2 || eh.ident[5] != 1)
		die("%s: not a little-endian ELF64 file", path);
	if (eh.phentsize != sizeof(struct phdr) || eh.phnum == 0 ||
	    eh.phoff > size || (uint64_t)eh.phnum * sizeof(struct phdr) > size - eh.phoff)
		die("%s: bad program-header table", path);
	end = eh.phoff + (size_t)eh.phnum * sizeof(struct phdr);

	for (int i = 0; i < eh.phnum; i++) {
		struct phdr ph = get_ph(raw, i);

		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (ph.offset > size || ph.filesz > size - ph.offset)
			die("%s: segment %d lies outside the file", path, i);
		if (nload == (int)(sizeof(load) / sizeof(load[0])))
			die("%s: too many segments", path);
		load[nload++] = i;
		if (ph.offset + ph.filesz > end)
			end = ph.offset + ph.filesz;
	}
	if (nload < 2)
		die("%s: want at least two PT_LOAD segments, found %d", path, nload);
	struct phdr first = get_ph(raw, load[0]);
	if (eh.entry < first.vaddr || eh.entry - first.vaddr >= first.memsz)
		die("%s: the entry point is not in the first segment", path);

	/* Drop the section headers (and the debug sections after the last
	 * segment): the loader never looks at them. */
	eh.shoff = 0;
	eh.shnum = 0;
	eh.shentsize = 0;
	eh.shstrndx = 0;
	memcpy(raw, &eh, sizeof(eh));
	img = raw;
	img_size = end;
}

/* A fresh copy of the good image to damage. */
static unsigned char *copy(void)
{
	unsigned char *c = malloc(img_size);

	if (!c)
		die("out of memory");
	memcpy(c, img, img_size);
	return c;
}

static void set_eh(unsigned char *buf, const struct ehdr *e)
{
	memcpy(buf, e, sizeof(*e));
}

/* Moves segment number `which` (an index into load[]) to new_vaddr, keeping
 * the page offset the loader insists on; the entry moves along if it was in
 * that segment. */
static void emit_moved(const char *name, int which, uint64_t new_page)
{
	unsigned char *c = copy();
	struct phdr ph = get_ph(c, load[which]);
	struct ehdr e = eh;
	uint64_t new_vaddr = new_page + (ph.vaddr & 0xfff);

	if (e.entry >= ph.vaddr && e.entry - ph.vaddr < ph.memsz)
		e.entry = e.entry - ph.vaddr + new_vaddr;
	ph.vaddr = new_vaddr;
	ph.paddr = new_vaddr;
	put_ph(c, load[which], &ph);
	set_eh(c, &e);
	write_file(name, c, img_size);
	free(c);
}

int main(int argc, char **argv)
{
	static const char text[] =
		"This is not an executable.\n"
		"It is a text file that execve must refuse with ENOEXEC.\n";
	unsigned char *c;
	struct phdr ph, ph2;
	struct ehdr e;

	if (argc != 3) {
		fprintf(stderr, "usage: mkbadelf GOOD.elf OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	load_good(argv[1]);

	write_file("notelf", text, sizeof(text) - 1);
	write_file("empty", "", 0);
	write_file("magic_only", "\177ELF", 4);
	write_file("trunc_ehdr", img, sizeof(struct ehdr) / 2);
	write_file("trunc_phdr", img,
		   eh.phoff + (size_t)eh.phnum * sizeof(struct phdr) / 2);

	/* Cut in the middle of the last segment's file bytes (the one that
	 * ends the trimmed image). */
	{
		uint64_t cut = 0;

		for (int k = 0; k < nload; k++) {
			ph = get_ph(img, load[k]);
			if (ph.filesz >= 2 && ph.offset + ph.filesz == img_size)
				cut = ph.offset + ph.filesz / 2;
		}
		if (cut <= eh.phoff + (uint64_t)eh.phnum * sizeof(struct phdr))
			die("%s: cannot cut the last segment", argv[1]);
		write_file("trunc_seg", img, cut);
	}

	emit_moved("kaddr", 0, 0xffffffff80000000ull);
	emit_moved("zeroaddr", 0, 0);

	/* The last segment placed so that it starts in the last user page and
	 * runs on past 0x800000000000. */
	c = copy();
	ph = get_ph(c, load[nload - 1]);
	ph.vaddr = 0x7ffffffff000ull + (ph.offset & 0xfff);
	ph.paddr = ph.vaddr;
	if (ph.memsz < 0x2000)
		ph.memsz = 0x2000;
	put_ph(c, load[nload - 1], &ph);
	write_file("crossing", c, img_size);
	free(c);

	/* The second segment at the first one's address: both claim the same
	 * pages. */
	c = copy();
	ph = get_ph(c, load[0]);
	ph2 = get_ph(c, load[1]);
	ph2.vaddr = (ph.vaddr & ~0xfffull) + (ph2.offset & 0xfff);
	ph2.paddr = ph2.vaddr;
	put_ph(c, load[1], &ph2);
	write_file("overlap", c, img_size);
	free(c);

	/* 128 TiB: more than the whole user half. */
	c = copy();
	ph = get_ph(c, load[nload - 1]);
	ph.memsz = 1ull << 47;
	put_ph(c, load[nload - 1], &ph);
	write_file("hugemem", c, img_size);
	free(c);

	/* 64 TiB: inside the user half, but far more than any memory. */
	c = copy();
	ph = get_ph(c, load[nload - 1]);
	ph.memsz = 1ull << 46;
	put_ph(c, load[nload - 1], &ph);
	write_file("bigmem", c, img_size);
	free(c);

	c = copy();
	ph = get_ph(c, load[nload - 1]);
	ph.memsz = 0 - (ph.vaddr & ~0xfffull);   /* vaddr + memsz == 2^64 + offset */
	put_ph(c, load[nload - 1], &ph);
	write_file("wrapmem", c, img_size);
	free(c);

	/* One byte more in the file than in memory; the file bytes stay
	 * inside the file, so that is the only thing wrong. */
	c = copy();
	ph = get_ph(c, load[nload - 1]);
	if (ph.filesz < 2)
		die("%s: the last segment has no file bytes", argv[1]);
	ph.memsz = ph.filesz - 1;
	put_ph(c, load[nload - 1], &ph);
	write_file("filesz_gt_memsz", c, img_size);
	free(c);

	c = copy();
	e = eh;
	e.phentsize = 32;
	set_eh(c, &e);
	write_file("bad_phentsize", c, img_size);
	free(c);

	c = copy();
	e = eh;
	e.phnum = 0xffff;
	set_eh(c, &e);
	write_file("phnum_huge", c, img_size);
	free(c);

	/* The entry in no segment: just past the end of the last one's pages. */
	c = copy();
	e = eh;
	ph = get_ph(c, load[nload - 1]);
	e.entry = ((ph.vaddr + ph.memsz + 0xfff) & ~0xfffull) + 0x10000;
	set_eh(c, &e);
	write_file("bad_entry", c, img_size);
	free(c);

	c = copy();
	ph = get_ph(c, load[1]);
	ph.offset = ((img_size + 0xfff) & ~(size_t)0xfff) + 0x10000 + (ph.vaddr & 0xfff);
	put_ph(c, load[1], &ph);
	write_file("bad_offset", c, img_size);
	free(c);

	c = copy();
	e = eh;
	e.machine = 3;          /* EM_386 */
	set_eh(c, &e);
	write_file("bad_machine", c, img_size);
	free(c);

	c = copy();
	ph = get_ph(c, load[1]);
	ph.type = PT_INTERP;
	put_ph(c, load[1], &ph);
	write_file("dyn_interp", c, img_size);
	free(c);

	free(img);
	return 0;
}
