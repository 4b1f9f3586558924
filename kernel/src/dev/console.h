/*
 * The system console.  Output goes to the serial port; everything written
 * is also kept in a ring buffer (the kernel log that dmesg and
 * console_take_output will read in later issues).
 */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H
#include <stddef.h>
void console_putc(char c);
void console_write(const char *s, size_t n);
#endif
