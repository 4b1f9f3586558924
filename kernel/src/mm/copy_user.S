/*
 * User copies.  `stac` opens SMAP for the copy only; if the CPU has no
 * SMAP, smap_patch (usercopy.c) turns every stac/clac listed in
 * .smap_patch into NOPs at boot.  A fault on a listed instruction resumes
 * at its fixup (__ex_table, see trap.c).
 */
#define STAC 990: stac; .pushsection .smap_patch, "a"; .quad 990b; .popsection
#define CLAC 991: clac; .pushsection .smap_patch, "a"; .quad 991b; .popsection
#define EX(insn, fix) .pushsection __ex_table, "a"; .balign 8; .quad insn, fix; .popsection

	.text
/* size_t __copy_user(void *dst, const void *src, size_t n): bytes NOT copied */
	.globl __copy_user
__copy_user:
	STAC
	movq %rdx, %rcx
1:	rep movsb
	CLAC
	xorl %eax, %eax
	ret
2:	CLAC
	movq %rcx, %rax                 /* what was left when the fault hit */
	ret
	EX(1b, 2b)

/* long __strncpy_user(char *dst, const char *src, size_t max):
 * length copied (without NUL), -1 on fault, max if no NUL within max */
	.globl __strncpy_user
__strncpy_user:
	STAC
	xorl %eax, %eax
3:	cmpq %rdx, %rax
	je 5f
4:	movb (%rsi,%rax), %cl
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 3b
5:	CLAC
	ret
6:	CLAC
	movq $-1, %rax
	ret
	EX(4b, 6b)
