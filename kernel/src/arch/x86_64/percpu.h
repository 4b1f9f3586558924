/*
 * Per-CPU data, reached through %gs in the kernel.  The entry code uses
 * the first fields by fixed offset (layout.h); keep them in sync.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H
#include <stdint.h>
#include "arch/x86_64/layout.h"

struct proc;

struct cpu {
	struct cpu  *self;          /* CPU_SELF */
	uint64_t     kstack_top;    /* CPU_KSTACK_TOP: stack for SYSCALL entry */
	uint64_t     user_rsp;      /* CPU_USER_RSP: scratch during entry */
	struct proc *current;       /* CPU_CURRENT */
};

extern struct cpu cpu0;

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

_Static_assert(__builtin_offsetof(struct cpu, kstack_top) == CPU_KSTACK_TOP, "percpu layout");
_Static_assert(__builtin_offsetof(struct cpu, user_rsp) == CPU_USER_RSP, "percpu layout");
_Static_assert(__builtin_offsetof(struct cpu, current) == CPU_CURRENT, "percpu layout");

#endif
