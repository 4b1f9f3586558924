#include "lib/kprintf.h"
#include "lib/fmt.h"
#include "dev/console.h"
#include "dev/kmsg.h"

/* Every byte goes to the console and into the kernel log (/dev/kmsg). */
static void put(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
	kmsg_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	return fmt_vformat(put, 0, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
