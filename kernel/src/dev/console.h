/*
 * The system console.  Output goes to the serial port (a log of it, for
 * dmesg and console_take_output, comes in later issues); input typed on it
 * is collected by console_poll() (from the timer interrupt) into a ring
 * buffer that reads of /dev/console drain.
 */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H
#include <stddef.h>
void console_putc(char c);
void console_write(const char *s, size_t n);
void console_poll(void);        /* moves waiting serial input into the ring */
#endif
