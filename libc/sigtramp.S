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

/*
 * long __sigreturn_to(const struct sigcontext *sc): sigreturn with rsp at
 * sc.  On success the kernel resumes the context and we never come back;
 * if the call is refused (-ENOSYS, -EPERM) our own stack is put back and
 * the kernel's answer returned.  rbx is callee-saved, so it carries the old
 * rsp across the call (the kernel preserves it; syscall clobbers only rcx
 * and r11).
 */
	.globl __sigreturn_to
	.type __sigreturn_to, @function
__sigreturn_to:
	push %rbx
	mov %rsp, %rbx
	mov %rdi, %rsp
	mov $39, %eax
	syscall
	mov %rbx, %rsp
	pop %rbx
	ret
	.size __sigreturn_to, . - __sigreturn_to

	.section .note.GNU-stack, "", @progbits
