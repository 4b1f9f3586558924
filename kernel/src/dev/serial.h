/* The first serial port (COM1): the console of this kernel. */
#ifndef DEV_SERIAL_H
#define DEV_SERIAL_H
#include <stddef.h>
void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
void serial_flush(void);         /* waits until every byte has left */
int  serial_getc(void);          /* a received byte, or -1 */
#endif
