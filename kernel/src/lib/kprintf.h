/* Kernel messages, on the console and in the kernel log (/dev/kmsg). */
#ifndef LIB_KPRINTF_H
#define LIB_KPRINTF_H
#include <stdarg.h>
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
#endif
