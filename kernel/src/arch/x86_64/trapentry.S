/*
 * Interrupt and exception entry.  Every vector has a stub that makes the
 * stack look the same (an error code, real or 0, then the vector number)
 * and jumps to the common code, which saves the registers as a struct
 * trapframe, switches %gs to the kernel's when we came from ring 3, and
 * calls trap(tf).  trap_return undoes it with iretq.
 */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/frame.h"

/* Exceptions that push an error code themselves. */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.balign 16
	.globl vector_stubs
vector_stubs:
	vec = 0
	.rept 256
	.balign 16
	.if HAS_ERR(vec)
	pushq $vec
	.else
	pushq $0
	pushq $vec
	.endif
	jmp trap_common
	vec = vec + 1
	.endr

trap_common:
	/* Frame so far: vector, error, rip, cs, rflags, rsp, ss. */
	testb $3, 24(%rsp)              /* cs of the interrupted code */
	jz 1f
	swapgs
1:	PUSH_GPRS
	cld
	movq %rsp, %rdi
	call trap
	movq %rsp, %rdi
	/* fall through */

	.globl trap_return
trap_return:
	movq %rdi, %rsp
	POP_GPRS
	addq $16, %rsp                  /* vector, error */
	testb $3, 8(%rsp)
	jz 2f
	swapgs
2:	iretq
