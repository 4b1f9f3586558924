/* The kernel log (dev/kmsg.c): everything kprintf prints, kept for dmesg. */
#ifndef DEV_KMSG_H
#define DEV_KMSG_H

#define KMSG_SIZE (64 * 1024)      /* the newest bytes kept */

void kmsg_putc(char c);           /* called by kprintf for every byte */

#endif
