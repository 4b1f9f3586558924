#include "dev/console.h"
#include "dev/serial.h"

void console_putc(char c)
{
	serial_putc(c);
}

void console_write(const char *s, size_t n)
{
	serial_write(s, n);
}
