/* CPU feature detection and the control-register settings that use them. */
#include "arch/x86_64/cpu.h"
#include "dev/power.h"
#include "lib/panic.h"
#include "lib/string.h"

struct cpu_features cpu_features;
static uint8_t fpu_initial[512] __attribute__((aligned(16)));

void cpu_detect(void)
{
	uint32_t a, b, c, d, max;
	cpuid(0, 0, &max, &b, &c, &d);
	memcpy(cpu_features.vendor, &b, 4);
	memcpy(cpu_features.vendor + 4, &d, 4);
	memcpy(cpu_features.vendor + 8, &c, 4);
	cpuid(1, 0, &a, &b, &c, &d);
	cpu_features.x2apic = c & (1u << 21);
	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		cpu_features.fsgsbase = b & (1u << 0);
		cpu_features.smep = b & (1u << 7);
		cpu_features.smap = b & (1u << 20);
		cpu_features.umip = c & (1u << 2);
	}
	cpuid(0x80000000, 0, &max, &b, &c, &d);
	if (max >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		cpu_features.nx = d & (1u << 20);
		cpu_features.pdpe1gb = d & (1u << 26);
	}
	if (max >= 0x80000004) {
		uint32_t *p = (uint32_t *)cpu_features.brand;
		for (uint32_t l = 0; l < 3; l++)
			cpuid(0x80000002 + l, 0, &p[4 * l], &p[4 * l + 1], &p[4 * l + 2], &p[4 * l + 3]);
	}
}

/*
 * Ring 0 obeys read-only pages (WP), never executes (SMEP) or silently
 * touches (SMAP) user pages, and ring 3 cannot read descriptor tables
 * (UMIP).  The kernel itself never uses SSE; user programs may, so the FPU
 * is enabled for them and saved per process (proc.c).
 */
void cpu_init_features(void)
{
	/* AM: a user program that sets RFLAGS.AC gets alignment checks
	 * (SIGBUS), as on Linux; in ring 0 AC is SMAP's switch instead. */
	write_cr0((read_cr0() | CR0_WP | CR0_MP | CR0_AM) & ~(uint64_t)(CR0_EM | CR0_TS));
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE;
	if (cpu_features.smep) cr4 |= CR4_SMEP;
	if (cpu_features.smap) cr4 |= CR4_SMAP;
	if (cpu_features.umip) cr4 |= CR4_UMIP;
	write_cr4(cr4);
	__asm__ volatile("fninit; fxsave %0" : "=m"(fpu_initial));
}

/* The clean FPU/SSE state a new program starts with. */
const void *cpu_fpu_initial(void) { return fpu_initial; }

/* The MXCSR bits this CPU lets FXRSTOR set (0 in the image means the
 * architectural default, 0xffbf). */
uint32_t cpu_mxcsr_mask(void)
{
	uint32_t m;
	memcpy(&m, fpu_initial + 28, sizeof(m));
	return m ? m : 0xffbf;
}

_Noreturn void machine_exit(int code)
{
	/* isa-debug-exit: QEMU exits with status (code << 1) | 1. */
	outl(0xf4, (uint32_t)code);
	/* Real hardware (or no such device): an orderly end switches the
	 * machine off; a panic halts, so its report stays on the screen. */
	if (code != EXIT_PANIC)
		power_off();
	for (;;) {
		cli();
		hlt();
	}
}
