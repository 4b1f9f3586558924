/*
 * The system console (console.c): output to the serial port, kept too for
 * console_take_output; input typed on it is collected by console_poll()
 * (from the timer interrupt) and goes through the line discipline.
 */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H
#include <stddef.h>
void console_putc(char c);
void console_write(const char *s, size_t n);
void console_poll(void);        /* moves waiting serial input into the ring */
#endif
