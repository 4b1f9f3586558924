/*
 * The signal restorer.  sigaction() puts this address in sa_restorer; the
 * kernel makes a handler "return" here, and we ask the kernel to restore the
 * interrupted context.  39 is SYS_sigreturn (abi.h is C-only, so it is
 * spelled out here).
 */
	.text
	.globl __sigreturn_trampoline
	.type __sigreturn_trampoline, @function
__sigreturn_trampoline:
	mov $39, %eax
	syscall
	ud2                         /* sigreturn does not return */
	.size __sigreturn_trampoline, . - __sigreturn_trampoline

	.section .note.GNU-stack, "", @progbits
