/*
 * The interrupt descriptor table and the C side of every trap.
 *
 * A fault in user code becomes a signal for that process only; a fault in
 * the kernel is either expected (a user-copy routine touching a bad user
 * address: resumed at its fixup, see copy_user.S) or a bug, reported with
 * the registers and a backtrace before the machine stops.
 */
#include <stdint.h>
#include "arch/x86_64/trap.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/lapic.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/uvm.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include <aurora/abi.h>

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t  ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

static struct idt_entry idt[256];
extern char vector_stubs[];

static void set_gate(int v, int dpl, int ist)
{
	uint64_t a = (uint64_t)vector_stubs + 16 * v;
	idt[v] = (struct idt_entry){
		.off_lo = a & 0xffff, .sel = KERNEL_CS, .ist = ist,
		/* interrupt gate: IF is cleared on entry; the kernel runs with
		 * interrupts off (see docs/design.md) */
		.type = 0x8e | (dpl << 5),
		.off_mid = (a >> 16) & 0xffff, .off_hi = a >> 32,
	};
}

void trap_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, 0, v == VEC_DF ? 1 : 0);
	/* The gates ring 3 may use: int $0x80, and int3 (SIGTRAP, for debuggers). */
	set_gate(VEC_INT80, 3, 0);
	set_gate(VEC_BP, 3, 0);
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d =
		{ sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" :: "m"(d));
}

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack fault", "general protection", "page fault", "reserved",
	"x87 floating point", "alignment check", "machine check", "SIMD floating point",
	"virtualization", "control protection",
};

/* Which signal a user-mode exception becomes. */
static int exception_signal(uint64_t vec)
{
	switch (vec) {
	case VEC_DE: case VEC_MF: case VEC_XM: return SIGFPE;
	case VEC_DB: case VEC_BP:             return SIGTRAP;
	case VEC_UD:                          return SIGILL;
	case VEC_AC:                          return SIGBUS;
	default:                              return SIGSEGV;
	}
}

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

int fixup_exception(struct trapframe *tf)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == tf->rip) {
			tf->rip = e->fixup;
			return 1;
		}
	}
	return 0;
}

void trap(struct trapframe *tf)
{
	uint64_t vec = tf->vector;

	if (vec == VEC_INT80) {
		syscall_dispatch(tf);
		proc_return_to_user(tf);
		return;
	}
	if (vec == VEC_TIMER) {
		lapic_eoi();
		timer_tick(tf);
		if (tf_from_user(tf))
			proc_return_to_user(tf);     /* signals posted meanwhile */
		return;
	}
	if (vec == VEC_SPURIOUS)
		return;
	if (vec >= 32) {               /* an unexpected device interrupt */
		lapic_eoi();
		return;
	}

	/* A page of the user's that is not there yet (demand-zero) or is
	 * shared copy-on-write, touched by user code or by a kernel copy
	 * routine on the user's behalf: uvm_fault supplies it. */
	int cow = -EFAULT;
	if (vec == VEC_PF)
		cow = uvm_fault(current(), read_cr2(), tf->error);
	if (cow == 0)
		return;

	if (tf_from_user(tf)) {
		/* A user fault: that process gets the signal, nobody else.
		 * No frame (or no room under its limit) for a page it may
		 * have is a bus error. */
		proc_fault(tf, cow == -ENOMEM ? SIGBUS : exception_signal(vec),
			   vec == VEC_PF ? read_cr2() : tf->rip);
		proc_return_to_user(tf);
		return;
	}
	/* The kernel touched a bad user address inside a copy routine. */
	if ((vec == VEC_PF || vec == VEC_GP) && fixup_exception(tf))
		return;
	if (vec == VEC_NMI)
		return;
	/* A single-step trap that followed a user's TF into the kernel:
	 * nothing to report, just stop stepping. */
	if (vec == VEC_DB) {
		tf->rflags &= ~(uint64_t)RFLAGS_TF;
		return;
	}

	kprintf("\n*** kernel fault: %s (vector %lu, error %#lx)\n",
		vec < 32 && exc_names[vec] ? exc_names[vec] : "?", vec, tf->error);
	if (vec == VEC_PF)
		kprintf("faulting address: %#lx (%s, %s)\n", read_cr2(),
			tf->error & 2 ? "write" : "read",
			tf->error & 1 ? "protection" : "not present");
	if (vec == VEC_DF && read_cr2() < tf->rsp && tf->rsp - read_cr2() < 4096)
		kprintf("a kernel stack overflow: cr2 %#lx is just below rsp %#lx (guard page)\n",
			read_cr2(), tf->rsp);
	panic_frame(tf, "unexpected exception in kernel mode");
}
