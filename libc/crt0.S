/*
 * Program entry.  The kernel starts us with rsp 16-byte aligned, pointing at
 * argc, then the argv pointers, NULL, the envp pointers, NULL (System V).
 * We only compute the three arguments for __libc_start, which does the rest
 * in C.  Linked first, in .text.start, so _start is the first byte of text.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp              /* mark the outermost frame for backtraces */
	mov (%rsp), %rdi            /* argc */
	lea 8(%rsp), %rsi           /* argv */
	lea 8(%rsi,%rdi,8), %rdx    /* envp: just past argv's NULL */
	/* rsp is 16-aligned here; the call pushes 8, which is exactly what
	 * the ABI expects at a function's first instruction. */
	call __libc_start
	ud2                         /* __libc_start never returns */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
