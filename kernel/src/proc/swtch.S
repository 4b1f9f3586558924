/*
 * swtch(uint64_t *save, uint64_t next): saves the callee-saved registers
 * on the current kernel stack, stores its rsp in *save, and resumes the
 * kernel stack `next` where its own swtch call left it.  A new process's
 * stack is prepared (proc.c) to "return" into fork_return.
 */
	.text
	.globl swtch
swtch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* First instructions of a new process: its trapframe is right above. */
	.globl fork_return
fork_return:
	movq %rsp, %rdi
	call proc_return_to_user       /* signals that came before it ever ran */
	/* The first process ever to come here is pid 1 (nothing else runs
	 * before it): note the TSC once, a few dozen instructions before its
	 * first user instruction, for KINFO_BOOT_TSC_TO_INIT. */
	cmpq $0, init_first_tsc(%rip)
	jne 1f
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, init_first_tsc(%rip)
1:	movq %rsp, %rdi
	jmp trap_return

	.bss
	.balign 8
	.globl init_first_tsc
init_first_tsc: .quad 0
