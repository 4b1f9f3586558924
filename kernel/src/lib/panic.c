/*
 * Kernel panics.  The report names every register and walks the frame
 * pointers (the kernel is built with -fno-omit-frame-pointer), naming each
 * return address from the symbol table linked into the image (.ksyms, made
 * by tools/gensyms.sh from the first link).
 */
#include <stdint.h>
#include "lib/panic.h"
#include "lib/kprintf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/layout.h"

struct ksym { uint64_t addr, name; };
extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];
extern char __text_start[], __text_end[];

static const char *symbolize(uint64_t addr, uint64_t *off)
{
	uint64_t lo = 0, hi = ksyms_count;
	if (hi == 0 || addr < ksyms_table[0].addr)
		return 0;
	while (hi - lo > 1) {              /* last entry with .addr <= addr */
		uint64_t mid = (lo + hi) / 2;
		if (ksyms_table[mid].addr <= addr) lo = mid; else hi = mid;
	}
	*off = addr - ksyms_table[lo].addr;
	return ksyms_names + ksyms_table[lo].name;
}

static void print_addr(uint64_t a)
{
	uint64_t off;
	const char *s = symbolize(a, &off);
	if (s)
		kprintf("  [<%016lx>] %s+%#lx\n", a, s, off);
	else
		kprintf("  [<%016lx>] ?\n", a);
}

static int is_text(uint64_t a)
{
	return a >= (uint64_t)__text_start && a < (uint64_t)__text_end;
}

static void backtrace(uint64_t rip, uint64_t rbp)
{
	kprintf("backtrace:\n");
	print_addr(rip);
	/* Only follow frames inside kernel memory, at most 32 of them. */
	for (int i = 0; i < 32 && rbp >= KERNEL_VMA && !(rbp & 7); i++) {
		uint64_t *f = (uint64_t *)rbp;
		if (!is_text(f[1]))
			break;
		print_addr(f[1]);
		if (f[0] <= rbp)
			break;
		rbp = f[0];
	}
}

static _Noreturn void die(void)
{
	kprintf("KERNEL PANIC: the machine is stopped\n");
	machine_exit(EXIT_PANIC);
}

_Noreturn void panic_frame(struct trapframe *tf, const char *msg)
{
	cli();
	kprintf("panic: %s\n", msg);
	kprintf("rip %016lx cs %04lx rflags %016lx rsp %016lx ss %04lx\n",
		tf->rip, tf->cs, tf->rflags, tf->rsp, tf->ss);
	kprintf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
	kprintf("rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
	kprintf("r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
	kprintf("r13 %016lx r14 %016lx r15 %016lx\n", tf->r13, tf->r14, tf->r15);
	kprintf("cr0 %016lx cr2 %016lx cr3 %016lx cr4 %016lx\n",
		read_cr0(), read_cr2(), read_cr3(), read_cr4());
	backtrace(tf->rip, tf->rbp);
	die();
}

_Noreturn void panic(const char *fmt, ...)
{
	cli();
	va_list ap;
	va_start(ap, fmt);
	kprintf("panic: ");
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);
	uint64_t *fp = __builtin_frame_address(0);
	backtrace(fp[1], fp[0]);
	die();
}
