/* Thin wrappers around x86-64 instructions and MSRs. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H
#include <stdint.h>
#include <stdbool.h>

#define MSR_EFER          0xc0000080
#define MSR_STAR          0xc0000081
#define MSR_LSTAR         0xc0000082
#define MSR_SFMASK        0xc0000084
#define MSR_FS_BASE       0xc0000100
#define MSR_GS_BASE       0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE     0x1b

#define EFER_SCE   (1u << 0)
#define EFER_NXE   (1u << 11)

#define CR0_WP     (1u << 16)
#define CR0_AM     (1u << 18)
#define CR0_EM     (1u << 2)
#define CR0_MP     (1u << 1)
#define CR0_TS     (1u << 3)
#define CR4_PGE    (1u << 7)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_UMIP   (1u << 11)
#define CR4_SMEP   (1u << 20)
#define CR4_SMAP   (1u << 21)

#define RFLAGS_CF  (1u << 0)
#define RFLAGS_PF  (1u << 2)
#define RFLAGS_AF  (1u << 4)
#define RFLAGS_ZF  (1u << 6)
#define RFLAGS_SF  (1u << 7)
#define RFLAGS_TF  (1u << 8)
#define RFLAGS_IF  (1u << 9)
#define RFLAGS_DF  (1u << 10)
#define RFLAGS_OF  (1u << 11)
#define RFLAGS_NT  (1u << 14)
#define RFLAGS_AC  (1u << 18)
#define RFLAGS_ID  (1u << 21)

static inline void outb(uint16_t port, uint8_t v)
{ __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v)
{ __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v)
{ __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port)
{ uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port)
{ uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{ __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{ __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub)); }

#define DEFINE_CR(n) \
	static inline uint64_t read_cr##n(void) \
	{ uint64_t v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
	static inline void write_cr##n(uint64_t v) \
	{ __asm__ volatile("mov %0, %%cr" #n :: "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void invlpg(uint64_t va)
{ __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory"); }
static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void pause(void) { __asm__ volatile("pause"); }

static inline uint64_t read_rflags(void)
{ uint64_t f; __asm__ volatile("pushfq; popq %0" : "=r"(f)); return f; }

/* Disable interrupts and return whether they were on, for nesting. */
static inline bool irq_save(void)
{ bool on = read_rflags() & RFLAGS_IF; cli(); return on; }
static inline void irq_restore(bool on) { if (on) sti(); }

/* Features found at boot (cpu.c). */
struct cpu_features {
	bool nx, smep, smap, umip, pdpe1gb, x2apic, fsgsbase;
	char vendor[13];
	char brand[49];
};
extern struct cpu_features cpu_features;
void cpu_detect(void);
uint32_t cpu_mxcsr_mask(void);      /* MXCSR bits FXRSTOR accepts here */
void cpu_init_features(void);     /* CR0/CR4/EFER bits, FPU/SSE for users */

/* Stops the machine: QEMU's isa-debug-exit when present; else an ACPI
 * power-off, or a halt after a panic (code 2). */
_Noreturn void machine_exit(int code);

/* The TSC at the kernel's very first instruction (boot.S), before
 * anything else ran: boot time is measured from it. */
extern uint64_t boot_tsc0;

#endif
