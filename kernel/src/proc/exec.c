/*
 * execve: replace the caller's program with an ELF from the file system.
 *
 * Everything that can fail is done before the old image is touched: the
 * path and the arguments are copied into the kernel, the ELF is checked
 * (elf_parse), and the new address space is built on the side.  Only then
 * is it swapped in, so a bad image leaves the caller running with -ENOEXEC.
 */
#include "proc/proc.h"
#include "proc/trace.h"
#include "proc/elf.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "mm/uvm.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define ARGV_MAX  4096             /* pointers in argv plus envp */

/* The lowest stack page; the one below it is the guard. */
#define STACK_LOW (USER_STACK_TOP - USER_STACK_MAX + PAGE_SIZE)

/* The strings of argv then envp, packed, each NUL-terminated.  The buffer
 * starts small and doubles as needed, up to ARG_MAX: a 128 KiB buffer for
 * every exec would be 33 frames to zero for a few bytes of arguments. */
struct exec_args {
	char *buf;
	size_t used, cap;
	int argc, envc;
};
#define ARGS_FIRST 512

/* Room for at least `need` more bytes (at most ARG_MAX in all). */
static int args_grow(struct exec_args *a, size_t need)
{
	if (a->used + need <= a->cap)
		return 0;
	if (a->cap >= ARG_MAX || need > ARG_MAX - a->used)
		return -E2BIG;
	size_t cap = a->cap ? a->cap : ARGS_FIRST;
	while (cap < a->used + need && cap < ARG_MAX)
		cap *= 2;
	if (cap > ARG_MAX)
		cap = ARG_MAX;
	char *b = kmalloc(cap);
	if (!b)
		return -ENOMEM;
	memcpy(b, a->buf, a->used);
	kfree(a->buf);
	a->buf = b;
	a->cap = cap;
	return 0;
}

static int args_add(struct exec_args *a, const char *s, size_t len)
{
	if (a->argc + a->envc >= ARGV_MAX)
		return -E2BIG;
	int r = args_grow(a, len + 1);
	if (r < 0)
		return r;
	memcpy(a->buf + a->used, s, len);
	a->buf[a->used + len] = 0;
	a->used += len + 1;
	return 0;
}

/* Copies a user NULL-terminated vector of strings (uvec may be 0). */
static int args_from_user(struct exec_args *a, uint64_t uvec, int *count)
{
	if (!uvec)
		return 0;
	for (;;) {
		uint64_t up;
		if (copy_from_user(&up, uvec, sizeof(up)) < 0)
			return -EFAULT;
		if (!up)
			return 0;
		if (a->argc + a->envc >= ARGV_MAX || a->used >= ARG_MAX)
			return -E2BIG;
		long n;
		for (;;) {               /* grow until the string fits */
			int r = a->used < a->cap ? 0 : args_grow(a, 1);
			if (r < 0)
				return r;
			n = strncpy_from_user(a->buf + a->used, up, a->cap - a->used);
			if (n != -ENAMETOOLONG || a->cap >= ARG_MAX)
				break;
			if ((r = args_grow(a, a->cap - a->used + 1)) < 0)
				return r;
		}
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->used += n + 1;
		(*count)++;
		uvec += sizeof(uint64_t);
	}
}

static uint64_t page_down(uint64_t v) { return v & ~(uint64_t)(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t v) { return (v + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

/* Copies n bytes of the file at off to user address va of the new
 * space, a page-sized piece at a time through buf. */
static int load_bytes(struct uvm_image *im, struct inode *ip, uint64_t off, uint64_t va,
		      uint64_t n, char *buf)
{
	while (n > 0) {
		size_t k = n < PAGE_SIZE ? (size_t)n : PAGE_SIZE;
		if (vfs_read_at(ip, off, buf, k) != (long)k)
			return -ENOEXEC;             /* the file is shorter than it said */
		if (vmm_copy_to(im->space, va, buf, k) < 0)
			return -ENOMEM;
		off += k;
		va += k;
		n -= k;
	}
	return 0;
}

/* Maps and fills the program's segments, reading only the bytes they
 * load from the file (not the symbols and debug information after them);
 * the stack is an area whose pages come on demand (the top ones, which
 * hold the arguments, are mapped by build_stack).  Each segment is an
 * area of its own protection. */
static int build_space(struct uvm_image *im, struct inode *ip, const struct elf_image *ei,
		       char *buf)
{
	for (int i = 0; i < ei->nseg; i++) {
		const struct elf_segment *s = &ei->seg[i];
		int prot = ((s->flags & ELF_SEG_R) ? VM_READ : 0) |
			   ((s->flags & ELF_SEG_W) ? VM_WRITE : 0) |
			   ((s->flags & ELF_SEG_X) ? VM_EXEC : 0);
		int r = uvm_image_map(im, page_down(s->vaddr), page_up(s->vaddr + s->memsz), prot, VMA_IMAGE);
		if (r < 0)
			return r;
		r = load_bytes(im, ip, s->offset, s->vaddr, s->filesz, buf);
		if (r < 0)
			return r;
	}
	return signal_map_trampoline(im->space);
}

/*
 * Lays out the System V process stack: the strings at the top, then (16-byte
 * aligned) argc, argv[], NULL, envp[], NULL, and an auxiliary vector.
 * Returns the new rsp, or 0 if it does not fit.
 */
static uint64_t build_stack(struct uvm_image *im, const struct exec_args *a)
{
	int n = a->argc + a->envc;
	uint64_t strs = USER_STACK_TOP - a->used;
	uint64_t words = 1 + (uint64_t)n + 2 + 4;           /* argc, ptrs, 2 NULLs, auxv */
	uint64_t sp = (strs - words * 8) & ~(uint64_t)15;
	if (sp < STACK_LOW)
		return 0;
	/* The pages holding all this are mapped now; the rest of the stack
	 * (down to its guard page) comes on demand. */
	if (uvm_image_map(im, page_down(sp), USER_STACK_TOP, VM_READ | VM_WRITE, VMA_STACK) < 0 ||
	    (page_down(sp) > STACK_LOW &&
	     uvm_image_reserve(im, STACK_LOW, page_down(sp), VM_READ | VM_WRITE, VMA_STACK) < 0))
		return 0;
	if (vmm_copy_to(im->space, strs, a->buf, a->used) < 0)
		return 0;
	uint64_t *v = kmalloc(words * 8);
	if (!v)
		return 0;
	size_t k = 0, off = 0;
	v[k++] = (uint64_t)a->argc;
	for (int i = 0; i < n; i++) {
		if (i == a->argc)
			v[k++] = 0;                         /* end of argv */
		v[k++] = strs + off;
		off += strlen(a->buf + off) + 1;
	}
	if (a->argc == n)
		v[k++] = 0;
	v[k++] = 0;                                         /* end of envp */
	v[k++] = 6;  v[k++] = PAGE_SIZE;                    /* AT_PAGESZ */
	v[k++] = 0;  v[k++] = 0;                            /* AT_NULL */
	int r = vmm_copy_to(im->space, sp, v, k * 8);
	kfree(v);
	return r < 0 ? 0 : sp;
}

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
}

const void *cpu_fpu_initial(void);

/* buf is a page of scratch: it first holds the head of the file. */
static int do_exec(struct proc *p, const char *path, struct inode *ip, char *buf,
		   const struct exec_args *a)
{
	int r;
	struct elf_image ei;
	size_t head = ip->size < ELF_HEAD_MAX ? (size_t)ip->size : ELF_HEAD_MAX;
	if (vfs_read_at(ip, 0, buf, head) != (long)head ||
	    elf_parse(buf, head, ip->size, USER_BASE, USER_SIGTRAMP, &ei) < 0)
		return -ENOEXEC;

	struct uvm_image im;
	if (uvm_image_new(&im) < 0)
		return -ENOMEM;
	uint64_t sp = 0;
	r = build_space(&im, ip, &ei, buf);
	if (r == 0 && !(sp = build_stack(&im, a)))
		r = -E2BIG;
	/* The memory limit (kept across exec) holds for the new image too. */
	if (r == 0 && p->mem_limit && im.pages > p->mem_limit / PAGE_SIZE)
		r = -ENOMEM;
	if (r < 0) {
		uvm_image_free(&im);
		return r;
	}

	/* The point of no return: swap in the new image. */
	uvm_image_install(p, &im);
	set_name(p, path);
	trace_kevent(p->pid, "exec %s", path);
	signal_exec(p);
	fd_exec(p);
	p->brk_base = p->brk = page_up(ei.end);
	memcpy(p->fpu, cpu_fpu_initial(), sizeof(p->fpu));
	__asm__ volatile("fxrstor %0" :: "m"(p->fpu));
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->rip = ei.entry;
	p->tf->rsp = sp;
	p->tf->rflags = 0x202;
	p->tf->cs = USER_CS;
	p->tf->ss = USER_DS;
	return 0;
}

/* Finds the program through the VFS; do_exec reads what it needs of it. */
static int exec_file(struct proc *p, const char *path, const struct exec_args *a)
{
	struct inode *ip;
	int r = vfs_open_exec(path, &ip);
	if (r == -EISDIR)
		return -EPERM;                   /* POSIX says EACCES: not in our table */
	if (r < 0)
		return r;                        /* also EPERM: a device */
	char *buf = kmalloc(PAGE_SIZE);
	r = buf ? do_exec(p, path, ip, buf, a) : -ENOMEM;
	kfree(buf);
	iput(ip);
	return r;
}

int exec_kernel(struct proc *p, const char *path, char *const argv[], int argc)
{
	struct exec_args a = { 0 };
	int r = 0;
	for (int i = 0; i < argc && r == 0; i++) {
		r = args_add(&a, argv[i], strlen(argv[i]));
		a.argc++;
	}
	if (r == 0)
		r = exec_file(p, path, &a);
	kfree(a.buf);
	return r;
}

long proc_execve(struct trapframe *tf, uint64_t upath, uint64_t uargv, uint64_t uenvp)
{
	(void)tf;                                /* do_exec rewrites current()->tf */
	char *path = 0;
	struct exec_args a = { 0 };
	long r = strndup_from_user(upath, PATH_MAX, &path);
	if (r < 0)
		goto out;
	r = args_from_user(&a, uargv, &a.argc);
	if (r == 0)
		r = args_from_user(&a, uenvp, &a.envc);
	if (r == 0)
		r = exec_file(current(), path, &a);
out:
	kfree(path);
	kfree(a.buf);
	return r;
}
