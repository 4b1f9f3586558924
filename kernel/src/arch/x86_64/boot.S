/*
 * The first instructions.  Two loaders reach us, both in 32-bit protected
 * mode with paging off:
 *   - QEMU's PVH direct boot: enters at pvh_entry (named by the Xen ELF note
 *     below) with %ebx = physical address of struct hvm_start_info;
 *   - GRUB via Multiboot2: enters at mb2_entry (named in the header's entry
 *     tag) with %eax = 0x36d76289 and %ebx = physical address of the info.
 * Both record which one it was, zero .bss, build minimal page tables
 * (identity 0-1 GiB for this code, the same 1 GiB at the direct-map base and
 * at KERNEL_VMA), enter long mode and call kmain(kind, info) in the higher
 * half.  kmain then replaces these tables with the real ones.
 */
#include "arch/x86_64/layout.h"

#define PHYS(x) ((x) - KERNEL_VMA)
#define MB2_MAGIC      0xe85250d6
#define MB2_LOADER_MAGIC 0x36d76289

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0                          /* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
	/* entry address tag: GRUB jumps here, not to the ELF entry */
	.balign 8
	.word 3, 0
	.long 12
	.long PHYS(mb2_entry)
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

	/* PVH: XEN_ELFNOTE_PHYS32_ENTRY (18), the 32-bit physical entry. */
	.section .note.pvh, "a"
	.balign 4
	.long 4                          /* namesz: "Xen\0" */
	.long 8                          /* descsz */
	.long 18                         /* type */
	.asciz "Xen"
	.quad PHYS(pvh_entry)

	.section .boot.text, "ax"
	.code32
	.globl mb2_entry
/*
 * The very first instruction of each entry reads the TSC into boot_tsc0
 * (in .data, which the loader has put in place; .bss is not zeroed yet),
 * so that the boot banner, and anyone measuring boot time, can count
 * from the moment the kernel got the CPU.  The write goes through the
 * physical address: paging is off.
 */
pvh_entry:
	rdtsc
	movl %eax, PHYS(boot_tsc0)
	movl %edx, PHYS(boot_tsc0) + 4
	cli
	cld
	movl $BOOT_PVH, %edi
	movl %ebx, %esi
	jmp common32

mb2_entry:
	movl %eax, %ebp                  /* the loader's magic; rdtsc takes eax */
	rdtsc
	movl %eax, PHYS(boot_tsc0)
	movl %edx, PHYS(boot_tsc0) + 4
	cli
	cld
	movl $BOOT_MB2, %edi
	movl %ebx, %esi
	cmpl $MB2_LOADER_MAGIC, %ebp
	je common32
	movl $BOOT_UNKNOWN, %edi

common32:
	/* A flat data segment from the loader is all we rely on. */
	movl $PHYS(boot_stack_top), %esp

	/* Zero .bss (the boot page tables live there too). */
	movl %edi, %ebp                  /* save kind; rep stos uses edi */
	movl $PHYS(__bss_start), %edi
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl %ebp, %edi

	/* PML4[0] and PML4[256] -> pdpt_low; PML4[511] -> pdpt_high. */
	movl $PHYS(boot_pdpt_low), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $PHYS(boot_pdpt_high), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8
	/* pdpt_low[0] and pdpt_high[510] -> boot_pd */
	movl $PHYS(boot_pd), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	/* boot_pd: 512 x 2 MiB pages = the first 1 GiB */
	movl $PHYS(boot_pd), %ebx
	movl $0x83, %eax                 /* present, writable, 2 MiB */
	movl $512, %ecx
1:	movl %eax, (%ebx)
	movl $0, 4(%ebx)
	addl $0x200000, %eax
	addl $8, %ebx
	loop 1b

	/* PAE on, CR3, then EFER.LME (and NXE when the CPU has NX). */
	movl %cr4, %eax
	orl $0x20, %eax
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3

	pushl %edi
	pushl %esi
	movl $0x80000001, %eax
	cpuid
	movl %edx, %ebx                  /* extended features: bit 20 = NX */
	movl $0xc0000080, %ecx           /* EFER */
	rdmsr
	orl $0x100, %eax                 /* LME */
	testl $(1 << 20), %ebx
	jz 2f
	orl $0x800, %eax                 /* NXE */
2:	wrmsr
	popl %esi
	popl %edi

	/* Paging on, write-protect honoured in ring 0 too. */
	movl %cr0, %eax
	orl $0x80010001, %eax
	movl %eax, %cr0

	lgdt PHYS(boot_gdtr)
	ljmp $0x08, $PHYS(long_entry)

	.code64
long_entry:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	/* Jump to the higher half and use the higher-half stack. */
	movabsq $higher_half, %rax
	jmp *%rax

	.text
higher_half:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	/* %edi = kind, %esi = physical address of the boot information */
	movl %esi, %esi
	call kmain
3:	cli
	hlt
	jmp 3b

	/* The TSC at the kernel's first instruction (see pvh_entry). */
	.data
	.balign 8
	.globl boot_tsc0
boot_tsc0:      .quad 0

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.bss
	.balign 4096
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
	/* vmm_init leaves this page unmapped: the boot (later idle) stack
	 * overflows into a fault, not into the page tables above. */
	.globl boot_stack_guard, boot_stack_top
boot_stack_guard: .skip 4096
boot_stack:     .skip 16384
boot_stack_top:
