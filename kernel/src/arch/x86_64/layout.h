/*
 * The virtual address-space layout, shared by C and assembly.
 *
 *   0x0000000000000000 - 0x00007fffffffffff   user space (per process)
 *   0xffff800000000000 - ...                  direct map of physical memory
 *   0xffffff0000000000 - ...                  kernel stacks, each below a guard page
 *   0xffffffff80000000 - ...                  the kernel image
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define KERNEL_VMA      0xffffffff80000000
#define DIRECT_MAP      0xffff800000000000
#define KSTACK_REGION   0xffffff0000000000   /* PML4 slot 510 */
#define USER_TOP        0x0000800000000000   /* first address above user space */
#define USER_BASE       0x0000000000010000   /* nothing is mapped below 64 KiB */
#define USER_STACK_TOP  0x00007ffffffff000   /* one unmapped page above it */
#define USER_STACK_MAX  0x800000             /* the stack's room: 8 MiB, the lowest page a guard */
/* The kernel's signal trampoline page (signal.c), below the stack's room
 * and a guard page; program images must end below it. */
#define USER_SIGTRAMP   (USER_STACK_TOP - USER_STACK_MAX - 2 * 4096)

#define BOOT_UNKNOWN 0
#define BOOT_PVH     1
#define BOOT_MB2     2

/* Segment selectors (see gdt.c; the order is dictated by SYSRET). */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS   0x1b   /* 0x18 | RPL 3 */
#define USER_CS   0x23   /* 0x20 | RPL 3 */
#define TSS_SEL   0x28

/* Offsets into struct cpu (percpu.h), used by the entry code via %gs. */
#define CPU_SELF        0
#define CPU_KSTACK_TOP  8
#define CPU_USER_RSP    16
#define CPU_CURRENT     24

#endif
