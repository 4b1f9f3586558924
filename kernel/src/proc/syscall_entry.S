/*
 * The SYSCALL entry.  SYSCALL leaves the user rsp in place and loads
 * nothing but CS/SS/RIP (rcx = user rip, r11 = user rflags, SFMASK has
 * cleared IF, TF, DF, AC), so the first job is to reach our own stack:
 * swapgs gives the per-CPU area, which holds this process's kernel stack.
 * The user rsp is never dereferenced.  The frame built is a struct
 * trapframe, the same as for int $0x80, so both paths share the table.
 *
 * On the way out, SYSRET is used only when the frame still says what
 * SYSRET would do anyway (rcx == rip, r11 == rflags, canonical user rip,
 * user selectors: syscall_leave checks it); otherwise iretq restores every
 * register, which is what sigreturn and execve need.
 */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/frame.h"

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KSTACK_TOP, %rsp
	pushq $USER_DS                 /* ss */
	pushq %gs:CPU_USER_RSP         /* rsp */
	pushq %r11                     /* rflags */
	pushq $USER_CS                 /* cs */
	pushq %rcx                     /* rip */
	pushq $0                       /* error */
	pushq $0x100                   /* VEC_SYSCALL */
	PUSH_GPRS
	movq %rsp, %rdi
	call syscall_leave_ok          /* dispatch; returns 1 if SYSRET is safe */
	testl %eax, %eax
	jz 1f
	POP_GPRS
	movq 40(%rsp), %rsp            /* 16 (vector, error) + 24 (rip, cs, rflags) */
	swapgs
	sysretq
1:	movq %rsp, %rdi
	jmp trap_return
