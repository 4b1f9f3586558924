/*
 * tmpfs: files and directories in memory, the root of the tree.
 *
 * A file's data lives in whole pages from the frame allocator, found
 * through a two-level table like a page table: one "top" page of 512
 * index-page addresses, each index page holding 512 data-page addresses
 * (so a file can reach TMPFS_MAX_SIZE, 1 GiB).  Pages are allocated on
 * the first write that touches them; a hole has none and reads as zeros.
 * Bytes of an allocated page beyond the file size are always zero, so that
 * a later write past the end leaves a hole of zeros there too.
 *
 * A directory is a list of entries in creation order, each numbered with
 * a sequence number that never changes and is never reused.  getdents keeps
 * its place as "the next sequence number", so a listing sees every entry
 * that stays put exactly once whatever else is created or removed.
 * Entries are allocated one by one and freed at once on removal: nothing
 * grows and stays grown, so after a test removes its files the kernel
 * heap is exactly as before (the leak checks compare free pages).
 */
#include "fs/tmpfs.h"
#include "mm/pmm.h"
#include "mm/kheap.h"
#include "lib/string.h"
#include "lib/panic.h"
#include <aurora/abi.h>

#define PER_PAGE 512                        /* addresses in one table page */

struct tdirent {
	struct tdirent *next;
	struct inode   *ip;                     /* the entry counts in ip->nlink */
	uint64_t        seq;
	uint16_t        len;
	char            name[];
};

struct tnode {
	struct inode vi;                        /* first: a tnode is its inode */
	/* Directories. */
	struct tdirent *head, *tail;
	uint64_t next_seq;
	/* Files: physical address of the top table, 0 when there is no data. */
	uint64_t top;
};

static struct super tmpfs_sb = { .name = "tmpfs" };
static const struct inode_ops tmpfs_ops;

static struct tnode *T(struct inode *ip) { return (struct tnode *)ip; }

long tmpfs_inode_count(void) { return tmpfs_sb.ninodes; }

/* ---- file pages ------------------------------------------------------------ */

/* The physical address of data page pg of the file, or 0 for a hole.  With
 * alloc, a missing page (and its tables) is allocated; 0 then means out of
 * memory. */
static uint64_t page_of(struct tnode *tn, uint64_t pg, bool alloc)
{
	uint64_t ti = pg / PER_PAGE, ii = pg % PER_PAGE;

	if (ti >= PER_PAGE)
		return 0;
	if (!tn->top && !(alloc && (tn->top = pmm_alloc())))
		return 0;
	uint64_t *top = P2V(tn->top);
	if (!top[ti] && !(alloc && (top[ti] = pmm_alloc())))
		return 0;
	uint64_t *idx = P2V(top[ti]);
	if (!idx[ii] && alloc)
		idx[ii] = pmm_alloc();
	return idx[ii];
}

/* Frees every page of the file and its tables. */
static void free_pages(struct tnode *tn)
{
	if (!tn->top)
		return;
	uint64_t *top = P2V(tn->top);
	for (int t = 0; t < PER_PAGE; t++) {
		if (!top[t])
			continue;
		uint64_t *idx = P2V(top[t]);
		for (int i = 0; i < PER_PAGE; i++)
			if (idx[i])
				pmm_free(idx[i]);
		pmm_free(top[t]);
	}
	pmm_free(tn->top);
	tn->top = 0;
}

static void tmpfs_truncate(struct inode *ip)
{
	free_pages(T(ip));
	ip->size = 0;
	ip->mtime_ns = ip->ctime_ns = vfs_now();
}

/* A zero page to copy holes from. */
static const uint8_t zeros[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long tmpfs_read(struct inode *ip, struct file *f, uint64_t *off,
		       const struct uio *u, size_t len)
{
	(void)f;
	if (*off >= ip->size)
		return 0;
	if (len > ip->size - *off)
		len = ip->size - *off;
	size_t done = 0;
	while (done < len) {
		uint64_t pos = *off + done, in = pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		uint64_t pa = page_of(T(ip), pos / PAGE_SIZE, false);
		const uint8_t *src = pa ? (const uint8_t *)P2V(pa) + in : zeros;
		size_t got = uio_copyout(u, done, src, n);
		done += got;
		if (got < n)
			break;                  /* a fault: what came before counts */
	}
	if (done == 0)
		return -EFAULT;
	*off += done;
	ip->atime_ns = vfs_now();
	return (long)done;
}

static long tmpfs_write(struct inode *ip, struct file *f, uint64_t *off,
			const struct uio *u, size_t len)
{
	(void)f;
	if (*off >= TMPFS_MAX_SIZE)
		return -ENOSPC;                 /* the largest file tmpfs holds */
	if (len > TMPFS_MAX_SIZE - *off)
		len = TMPFS_MAX_SIZE - *off;
	size_t done = 0;
	long err = 0;
	while (done < len) {
		uint64_t pos = *off + done, in = pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		uint64_t pa = page_of(T(ip), pos / PAGE_SIZE, true);
		if (!pa) {
			err = -ENOSPC;          /* out of memory: tmpfs is full */
			break;
		}
		uint8_t *page = P2V(pa);
		size_t got = uio_copyin(page + in, u, done, n);
		if (got < n) {
			/* A fault part way: keep "beyond the size reads as
			 * zero" true by clearing what the copy may have left
			 * past the new end. */
			uint64_t from = pos + got > ip->size ? pos + got : ip->size;
			if (from < pos + n)
				memset(page + from % PAGE_SIZE, 0, pos + n - from);
			err = -EFAULT;
		}
		done += got;
		if (pos + got > ip->size)
			ip->size = pos + got;
		if (got < n)
			break;
	}
	if (done == 0)
		return err;
	*off += done;
	ip->mtime_ns = ip->ctime_ns = vfs_now();
	return (long)done;
}

/* ---- inodes ---------------------------------------------------------------- */

static struct tnode *tnode_new(uint32_t mode)
{
	struct tnode *tn = kmalloc(sizeof(*tn));
	if (!tn)
		return 0;
	vfs_inode_init(&tn->vi, &tmpfs_sb, &tmpfs_ops, mode);
	return tn;
}

/* Frees an inode nothing names and nothing uses. */
static void tnode_free(struct tnode *tn)
{
	if (tn->head)
		panic("tmpfs: freeing directory %lu with entries", tn->vi.ino);
	free_pages(tn);
	tmpfs_sb.ninodes--;
	kfree(tn);
}

static void tmpfs_release(struct inode *ip)
{
	if (ip->nlink == 0)
		tnode_free(T(ip));
}

/* ---- directories ----------------------------------------------------------- */

static struct tdirent *find(struct tnode *d, const char *name, size_t len,
			    struct tdirent **prev)
{
	struct tdirent *p = 0;
	for (struct tdirent *e = d->head; e; p = e, e = e->next) {
		if (e->len == len && memcmp(e->name, name, len) == 0) {
			if (prev)
				*prev = p;
			return e;
		}
	}
	return 0;
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct tdirent *e = find(T(dir), name, len, 0);
	if (!e)
		return -ENOENT;
	*out = iget(e->ip);
	return 0;
}

static struct tdirent *dirent_new(const char *name, size_t len, struct inode *ip)
{
	struct tdirent *e = kmalloc(sizeof(*e) + len + 1);
	if (!e)
		return 0;
	e->ip = ip;
	e->len = (uint16_t)len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return e;
}

/*
 * Link counts: a file has one (its entry); a directory has 2 (its entry and
 * its own ".") plus one for each subdirectory's "..".  list_add and
 * list_del keep the directory's side of that (its size and the ".." of a
 * subdirectory); the callers change the child's own count, so that a
 * rename can move an entry without touching it.
 */

/* Appends e to dir: the newest entry comes last in a listing. */
static void list_add(struct inode *dir, struct tdirent *e)
{
	struct tnode *d = T(dir);
	e->next = 0;
	e->seq = d->next_seq++;
	if (d->tail)
		d->tail->next = e;
	else
		d->head = e;
	d->tail = e;
	dir->size++;
	if (S_ISDIR(e->ip->mode)) {
		dir->nlink++;                       /* the child's ".." */
		e->ip->parent = dir;
	}
	dir->mtime_ns = dir->ctime_ns = e->ip->ctime_ns = vfs_now();
}

/* Takes e (whose predecessor is prev) out of dir and frees it. */
static void list_del(struct inode *dir, struct tdirent *e, struct tdirent *prev)
{
	struct tnode *d = T(dir);
	struct inode *ip = e->ip;

	if (prev)
		prev->next = e->next;
	else
		d->head = e->next;
	if (d->tail == e)
		d->tail = prev;
	dir->size--;
	if (S_ISDIR(ip->mode)) {
		dir->nlink--;
		ip->parent = 0;
	}
	dir->mtime_ns = dir->ctime_ns = ip->ctime_ns = vfs_now();
	kfree(e);
}

/* Drops the entry e for good: the inode loses its links (a directory,
 * empty by now, its "." too) and is freed if nothing else holds it. */
static void drop_entry(struct inode *dir, struct tdirent *e, struct tdirent *prev)
{
	struct inode *ip = e->ip;
	list_del(dir, e, prev);
	ip->nlink = 0;                              /* files have one name */
	if (ip->ref == 0)
		tnode_free(T(ip));
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
			struct inode **out)
{
	struct tnode *tn = tnode_new(mode);
	if (!tn)
		return -ENOSPC;
	struct tdirent *e = dirent_new(name, len, &tn->vi);
	if (!e) {
		tn->vi.ref = 0;
		tnode_free(tn);
		return -ENOSPC;
	}
	tn->vi.nlink = S_ISDIR(mode) ? 2 : 1;
	list_add(dir, e);
	*out = &tn->vi;                             /* with tnode_new's reference */
	return 0;
}

static int tmpfs_remove(struct inode *dir, const char *name, size_t len)
{
	struct tdirent *prev = 0;
	struct tdirent *e = find(T(dir), name, len, &prev);
	if (!e)
		return -ENOENT;
	drop_entry(dir, e, prev);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen)
{
	struct tdirent *oprev = 0, *tprev = 0;
	struct tdirent *oe = find(T(odir), oname, olen, &oprev);
	if (!oe)
		return -ENOENT;
	struct inode *x = oe->ip;
	struct tdirent *te = find(T(ndir), nname, nlen, &tprev);
	if (te && te->ip == x)
		return 0;
	struct tdirent *ne = dirent_new(nname, nlen, x);   /* the one thing that can fail */
	if (!ne)
		return -ENOSPC;
	if (te)
		drop_entry(ndir, te, tprev);        /* the replaced file or empty directory */
	/* Dropping it may have changed oe's predecessor: find it again.  The
	 * entry moves; x keeps its link count. */
	oe = find(T(odir), oname, olen, &oprev);
	list_del(odir, oe, oprev);
	list_add(ndir, ne);
	return 0;
}

static int tmpfs_readdir(struct inode *dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	for (struct tdirent *e = T(dir)->head; e; e = e->next) {
		if (e->seq < *cookie)
			continue;
		ent->ino = e->ip->ino;
		ent->type = vfs_dtype(e->ip->mode);
		ent->name = e->name;
		ent->len = e->len;
		*cookie = e->seq + 1;
		return 1;
	}
	return 0;
}

static const struct inode_ops tmpfs_ops = {
	.lookup   = tmpfs_lookup,
	.create   = tmpfs_create,
	.remove   = tmpfs_remove,
	.rename   = tmpfs_rename,
	.readdir  = tmpfs_readdir,
	.read     = tmpfs_read,
	.write    = tmpfs_write,
	.truncate = tmpfs_truncate,
	.release  = tmpfs_release,
};

struct inode *tmpfs_init(void)
{
	struct tnode *r = tnode_new(S_IFDIR | 0755);
	if (!r)
		panic("tmpfs: no memory for the root");
	r->vi.nlink = 2;                            /* never freed: ref stays 1 */
	return &r->vi;
}
