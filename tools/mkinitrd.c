/*
 * mkinitrd: packs host files into a "newc" cpio archive for the initrd.
 *
 *     mkinitrd OUT.cpio /dest/path=host/file ...
 *
 * Each host file is stored at its destination path (without the leading
 * "/"), mode 0100755.  Every parent directory is stored first, as its own
 * entry with mode 040755, in the order of first mention, parents before
 * children; then the files in argument order; then "TRAILER!!!".
 *
 * The output depends only on the arguments and the file contents (mtime 0,
 * uid/gid 0, inodes numbered 1, 2, 3, ... in output order), so rebuilding
 * gives identical bytes and the Makefile can skip unchanged initrds.
 *
 * The format is what kernel/src/fs/cpio.c reads; see the comment there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODE_DIR  0040755u
#define MODE_FILE 0100755u

static const char *out_path;
static FILE *out;
static unsigned long out_pos;   /* bytes written, for the padding */
static unsigned next_ino = 1;

/* Prints an error, removes the half-written archive and exits 1. */
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkinitrd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (out) {
		fclose(out);
		remove(out_path);
	}
	exit(1);
}

static void put(const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, out) != n)
		die("%s: write failed: %s", out_path, strerror(errno));
	out_pos += n;
}

static void pad4(void)
{
	static const char zeros[3];
	put(zeros, (4 - out_pos % 4) % 4);
}

/* One entry: header, name, padding, data, padding. */
static void entry(const char *name, uint32_t ino, uint32_t mode,
		  uint32_t nlink, const void *data, size_t size)
{
	char hdr[111];   /* 110 bytes plus snprintf's NUL */
	size_t namesize = strlen(name) + 1;

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 (unsigned)ino, (unsigned)mode, 0u, 0u, (unsigned)nlink,
		 0u /* mtime */, (unsigned)size, 0u, 0u, 0u, 0u,
		 (unsigned)namesize, 0u /* check */);
	put(hdr, 110);
	put(name, namesize);
	pad4();
	put(data, size);
	pad4();
}

/* Reads a whole host file into memory. */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				die("%s: out of memory", path);
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		die("%s: read failed: %s", path, strerror(errno));
	fclose(f);
	/* newc sizes are 32-bit. */
	if (len > 0xffffffffu)
		die("%s: too large for cpio", path);
	*size = len;
	return buf;
}

/* The work list: destination names (already stripped of the leading "/")
 * and host paths, and the directories they need. */
struct file {
	const char *dest;
	const char *host;
};

static char **dirs;
static size_t ndirs;

static int have_dir(const char *d, size_t len)
{
	for (size_t i = 0; i < ndirs; i++)
		if (strlen(dirs[i]) == len && memcmp(dirs[i], d, len) == 0)
			return 1;
	return 0;
}

/* Records each proper prefix of dest ending before a '/', shortest first,
 * so a parent is always listed before its children. */
static void add_parents(const char *dest)
{
	for (const char *s = strchr(dest, '/'); s; s = strchr(s + 1, '/')) {
		size_t len = (size_t)(s - dest);
		if (have_dir(dest, len))
			continue;
		dirs = realloc(dirs, (ndirs + 1) * sizeof(*dirs));
		if (!dirs || !(dirs[ndirs] = strndup(dest, len)))
			die("out of memory");
		ndirs++;
	}
}

/* A destination must be a clean relative path after dropping leading
 * slashes: no empty, "." or ".." components, no trailing "/". */
static int valid_dest(const char *d)
{
	if (*d == '\0')
		return 0;
	for (const char *c = d; *c; ) {
		const char *e = strchr(c, '/');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (!e)
			break;
		if (e[1] == '\0')
			return 0;
		c = e + 1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct file *files;
	int nfiles = argc - 2;

	if (argc < 2) {
		fprintf(stderr, "usage: mkinitrd OUT.cpio /dest/path=host/file ...\n");
		return 1;
	}
	out_path = argv[1];

	/* Check every argument before creating the output. */
	files = calloc(nfiles > 0 ? (size_t)nfiles : 1, sizeof(*files));
	if (!files)
		die("out of memory");
	for (int i = 0; i < nfiles; i++) {
		char *arg = argv[i + 2];
		char *eq = strchr(arg, '=');
		if (!eq || eq[1] == '\0')
			die("bad argument '%s': expected /dest/path=host/file", arg);
		*eq = '\0';
		const char *dest = arg;
		while (*dest == '/')
			dest++;
		if (!valid_dest(dest))
			die("bad destination path '%s'", arg);
		files[i].dest = dest;
		files[i].host = eq + 1;
		add_parents(dest);
	}
	for (int i = 0; i < nfiles; i++) {
		if (have_dir(files[i].dest, strlen(files[i].dest)))
			die("'/%s' is both a file and a directory", files[i].dest);
		for (int j = 0; j < i; j++)
			if (strcmp(files[i].dest, files[j].dest) == 0)
				die("'/%s' given twice", files[i].dest);
	}

	out = fopen(out_path, "wb");
	if (!out)
		die("%s: %s", out_path, strerror(errno));

	for (size_t i = 0; i < ndirs; i++)
		entry(dirs[i], next_ino++, MODE_DIR, 2, NULL, 0);
	for (int i = 0; i < nfiles; i++) {
		size_t size;
		void *data = read_file(files[i].host, &size);
		entry(files[i].dest, next_ino++, MODE_FILE, 1, data, size);
		free(data);
	}
	entry("TRAILER!!!", 0, 0, 1, NULL, 0);

	if (fclose(out) != 0) {
		out = NULL;
		remove(out_path);
		fprintf(stderr, "mkinitrd: %s: write failed: %s\n",
			out_path, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	free(files);
	return 0;
}
