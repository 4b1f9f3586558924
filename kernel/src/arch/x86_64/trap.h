/* The register frame saved on every entry from an interrupt, exception,
 * int $0x80 or SYSCALL; the entry code builds exactly this layout. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H
#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;        /* or VEC_SYSCALL for the SYSCALL instruction */
	uint64_t error;
	uint64_t rip, cs, rflags, rsp, ss;   /* as pushed by the CPU */
};

#define VEC_DE     0
#define VEC_DB     1
#define VEC_NMI    2
#define VEC_BP     3
#define VEC_UD     6
#define VEC_NM     7
#define VEC_DF     8
#define VEC_GP     13
#define VEC_PF     14
#define VEC_MF     16
#define VEC_AC     17
#define VEC_XM     19
#define VEC_TIMER  32
#define VEC_INT80  0x80
#define VEC_SPURIOUS 0xff
#define VEC_SYSCALL 0x100     /* not a vector: marks a SYSCALL-made frame */

static inline int tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

void trap_init(void);
void trap(struct trapframe *tf);
void gdt_init(void);
void tss_set_rsp0(uint64_t rsp0);
void syscall_init(void);        /* MSRs for SYSCALL */
_Noreturn void trap_return(struct trapframe *tf);   /* trapentry.S */

/* Exception fixups: a faulting kernel instruction at `insn` resumes at
 * `fixup` (used by the user-copy routines). */
struct ex_entry { uint64_t insn, fixup; };
int fixup_exception(struct trapframe *tf);

#endif
