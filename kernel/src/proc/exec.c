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

/* The strings of argv then envp, packed, each NUL-terminated. */
struct exec_args {
	char *buf;
	size_t used;
	int argc, envc;
};

static int args_add(struct exec_args *a, const char *s, size_t len)
{
	if (a->argc + a->envc >= ARGV_MAX || len + 1 > ARG_MAX - a->used)
		return -E2BIG;
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
		long n = strncpy_from_user(a->buf + a->used, up, ARG_MAX - a->used);
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

/* Maps and fills the program's segments; the stack is an area whose pages
 * come on demand (the top ones, which hold the arguments, are mapped by
 * build_stack).  Each segment is an area of its own protection. */
static int build_space(struct uvm_image *im, const uint8_t *img, const struct elf_image *ei)
{
	for (int i = 0; i < ei->nseg; i++) {
		const struct elf_segment *s = &ei->seg[i];
		int prot = ((s->flags & ELF_SEG_R) ? VM_READ : 0) |
			   ((s->flags & ELF_SEG_W) ? VM_WRITE : 0) |
			   ((s->flags & ELF_SEG_X) ? VM_EXEC : 0);
		int r = uvm_image_map(im, page_down(s->vaddr), page_up(s->vaddr + s->memsz), prot, VMA_IMAGE);
		if (r < 0)
			return r;
		if (vmm_copy_to(im->space, s->vaddr, img + s->offset, s->filesz) < 0)
			return -ENOMEM;
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

static int do_exec(struct proc *p, const char *path, const void *data, size_t size,
		   const struct exec_args *a)
{
	int r;
	struct elf_image ei;
	if (elf_parse(data, size, USER_BASE, USER_SIGTRAMP, &ei) < 0)
		return -ENOEXEC;

	struct uvm_image im;
	if (uvm_image_new(&im) < 0)
		return -ENOMEM;
	uint64_t sp = 0;
	r = build_space(&im, data, &ei);
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

/* Reads the program through the VFS into a kernel buffer for do_exec. */
static int exec_file(struct proc *p, const char *path, const struct exec_args *a)
{
	void *data;
	size_t size;
	int r = vfs_read_all(path, &data, &size);
	if (r == -EISDIR)
		return -EPERM;                   /* POSIX says EACCES: not in our table */
	if (r < 0)
		return r;                        /* also EPERM: a device */
	r = do_exec(p, path, data, size, a);
	kfree(data);
	return r;
}

int exec_kernel(struct proc *p, const char *path, char *const argv[], int argc)
{
	struct exec_args a = { .buf = kmalloc(ARG_MAX) };
	if (!a.buf)
		return -ENOMEM;
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
	char *path = kmalloc(PATH_MAX);
	struct exec_args a = { .buf = kmalloc(ARG_MAX) };
	long r = -ENOMEM;
	if (!path || !a.buf)
		goto out;
	r = strncpy_from_user(path, upath, PATH_MAX);
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
