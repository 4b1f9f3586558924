/* COM1 at 115200 8N1, written and read by polling: simple and always
 * works, even from a panic with interrupts off. */
#include "dev/serial.h"
#include "arch/x86_64/cpu.h"

#define COM1 0x3f8

void serial_init(void)
{
	outb(COM1 + 1, 0x00);      /* no interrupts */
	outb(COM1 + 3, 0x80);      /* DLAB on */
	outb(COM1 + 0, 0x01);      /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);      /* 8N1, DLAB off */
	outb(COM1 + 2, 0xc7);      /* FIFO on, cleared */
	outb(COM1 + 4, 0x03);      /* DTR, RTS */
}

/* Bytes go out as they are: the console adds CR before LF (CON_CRLF). */
void serial_putc(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		pause();
	outb(COM1, (uint8_t)c);
}

/* Waits (boundedly) until the UART has sent every byte it holds: LSR
 * bit 6, transmitter empty.  Before a power-off, so the last line is out. */
void serial_flush(void)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x40); i++)
		pause();
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

/* A received byte, or -1 if none is waiting (LSR bit 0: data ready).  An
 * LSR of 0xff is a bus with no UART behind it: never any input. */
int serial_getc(void)
{
	uint8_t lsr = inb(COM1 + 5);
	if (lsr == 0xff || !(lsr & 0x01))
		return -1;
	return inb(COM1);
}
