/*
 * The kernel's version, in one place: the boot banner and uname(2) use it.
 * KERNEL_BUILD describes the build without a date or a commit, so the same
 * sources and compiler give the same image.
 */
#ifndef VERSION_H
#define VERSION_H

#define KERNEL_NAME    "Aurora"
#define KERNEL_VERSION "0.7.0"
#define KERNEL_BUILD   "#1 (gcc " __VERSION__ ", one CPU)"
#define KERNEL_MACHINE "x86_64"

#endif
