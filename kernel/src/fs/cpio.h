/*
 * The initial ramdisk: a "newc" cpio archive (magic 070701), as made by
 * tools/mkinitrd.  Pure parsing, no hardware access; unit-tested on the host.
 * Every header field is checked against the archive size, so a damaged
 * archive yields an error, never an out-of-bounds read.
 */
#ifndef FS_CPIO_H
#define FS_CPIO_H
#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name;      /* points into the archive; NUL-terminated,
				  without a leading "/" or "./" */
	size_t      namelen;   /* strlen(name) */
	uint32_t    mode;      /* POSIX mode bits (S_IFREG | 0755, ...) */
	uint32_t    ino;
	uint64_t    mtime;
	const void *data;      /* file contents, inside the archive */
	size_t      size;
};

/*
 * Walks the archive: *pos starts at 0.  Returns 1 and fills *e for the next
 * entry, 0 at the "TRAILER!!!" entry or the end, -1 if the archive is
 * malformed (bad magic, a field that is not hex, sizes past the end).
 * After 0, *pos is left where it was, so calling again returns 0 again.
 * The entry named "." (as `find . | cpio` makes) comes back as "".
 */
int cpio_next(const void *archive, size_t size, size_t *pos,
	      struct cpio_entry *e);

/* Looks up path ("/bin/init", "bin/init" and "./bin/init" are the same).
 * Returns 0 and fills *e, or -1 if absent or the archive is malformed. */
int cpio_find(const void *archive, size_t size, const char *path,
	      struct cpio_entry *e);

#endif
