/*
 * "newc" cpio reader for the initrd.
 *
 * An archive is a sequence of entries, each
 *     110-byte header | name, NUL-terminated | pad to 4 | data | pad to 4
 * and ends with an entry named "TRAILER!!!".  The header is the magic
 * "070701" and thirteen fields of exactly 8 hex digits:
 *     ino mode uid gid nlink mtime filesize devmajor devminor
 *     rdevmajor rdevminor namesize check
 * namesize counts the NUL.  Offsets are from the start of the archive, which
 * is what the padding aligns.
 *
 * The archive comes from the boot loader and is trusted no further than
 * that: every length is checked against the bytes that remain before it is
 * used, and always as "need <= size - off" with off <= size known, so no
 * sum can wrap.
 */
#include "cpio.h"
#include "lib/string.h"

#define HDR_LEN     110
#define MAGIC       "070701"
#define MAGIC_LEN   6
#define TRAILER     "TRAILER!!!"

/* Header fields, by position after the magic. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	NFIELDS
};

/* Parses exactly 8 hex digits; -1 if any is not one. */
static int parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* Rounds up to a multiple of 4, or returns (size_t)-1 if that would wrap. */
static size_t pad4(size_t off)
{
	if (off > (size_t)-1 - 3)
		return (size_t)-1;
	return (off + 3) & ~(size_t)3;
}

/* "/bin/init", "./bin/init", "bin/init" all name the same file; "." and
 * "/" name the root, the empty string. */
static const char *strip_prefix(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else if (p[0] == '.' && p[1] == '\0')
			p++;
		else
			return p;
	}
}

int cpio_next(const void *archive, size_t size, size_t *pos,
	      struct cpio_entry *e)
{
	const char *a = archive;
	size_t off = *pos;
	uint32_t f[NFIELDS];

	if (off == size)
		return 0;               /* the end, even without a trailer */
	if (off > size || off % 4 != 0 || size - off < HDR_LEN)
		return -1;

	const char *h = a + off;
	if (memcmp(h, MAGIC, MAGIC_LEN) != 0)
		return -1;
	for (int i = 0; i < NFIELDS; i++)
		if (parse_hex8(h + MAGIC_LEN + 8 * i, &f[i]) < 0)
			return -1;

	/* The name: namesize bytes, the last and only the last one a NUL. */
	size_t name_off = off + HDR_LEN;
	size_t namesize = f[F_NAMESIZE];
	if (namesize == 0 || namesize > size - name_off)
		return -1;
	const char *name = a + name_off;
	if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
		return -1;

	/* The data, and where the next header starts. */
	size_t data_off = pad4(name_off + namesize);
	size_t filesize = f[F_FILESIZE];
	if (data_off > size || filesize > size - data_off)
		return -1;

	if (strcmp(name, TRAILER) == 0)
		return 0;               /* *pos stays: later calls say 0 too */

	const char *clean = strip_prefix(name);
	e->name = clean;
	e->namelen = namesize - 1 - (size_t)(clean - name);
	e->mode = f[F_MODE];
	e->ino = f[F_INO];
	e->mtime = f[F_MTIME];
	e->data = a + data_off;
	e->size = filesize;

	/* May point past the end if the archive stops without padding; the
	 * next call then reports it as malformed. */
	*pos = pad4(data_off + filesize);
	return 1;
}

int cpio_find(const void *archive, size_t size, const char *path,
	      struct cpio_entry *e)
{
	const char *want = strip_prefix(path);
	size_t pos = 0;
	struct cpio_entry cur;
	int r;

	while ((r = cpio_next(archive, size, &pos, &cur)) == 1) {
		if (strcmp(cur.name, want) == 0) {
			*e = cur;
			return 0;
		}
	}
	return -1;                      /* absent (r == 0) or malformed */
}
