/*
 * Segments: in long mode they only carry privilege levels, plus the TSS,
 * which gives the CPU the kernel stack (rsp0) to switch to when an
 * interrupt or int $0x80 arrives from ring 3.
 *
 * The order is fixed by SYSCALL/SYSRET: STAR[47:32] = 0x08 makes SYSCALL
 * load CS 0x08 and SS 0x10; STAR[63:48] = 0x10 makes SYSRET load
 * SS 0x18|3 and CS 0x20|3.
 */
#include <stdint.h>
#include "arch/x86_64/layout.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/cpu.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss = {
	/* No I/O bitmap: any in/out from ring 3 raises #GP. */
	.iomap_base = sizeof(struct tss),
};

/* A separate stack for double faults, so that a kernel stack overflow is
 * still reported instead of triple-faulting. */
static uint8_t df_stack[8192] __attribute__((aligned(16)));

static uint64_t gdt[7] = {
	0,
	0x00af9a000000ffff,   /* 0x08 kernel code, 64-bit, DPL 0 */
	0x00cf92000000ffff,   /* 0x10 kernel data */
	0x00cff2000000ffff,   /* 0x18 user data, DPL 3 */
	0x00affa000000ffff,   /* 0x20 user code, 64-bit, DPL 3 */
	0, 0                  /* 0x28 TSS (16-byte descriptor), filled below */
};

struct __attribute__((packed)) dtr { uint16_t limit; uint64_t base; };

void tss_set_rsp0(uint64_t rsp0) { tss.rsp[0] = rsp0; }

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	tss.ist[0] = (uint64_t)(df_stack + sizeof(df_stack));
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 ((uint64_t)0x89 << 40) |           /* present, 64-bit TSS available */
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;

	struct dtr d = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3"
		:: "m"(d), "i"((uint64_t)KERNEL_CS), "i"(KERNEL_DS), "r"((uint16_t)TSS_SEL)
		: "rax", "memory");
}
