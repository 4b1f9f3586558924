/*
 * Power-off and restart, and the reboot call that asks for them.
 *
 * Each prints one line first ("aurora: power off", "aurora: restart"):
 * to QEMU both look the same from outside (with -no-reboot a reset also
 * makes QEMU exit with status 0), so tools/qemu.sh and tests/run.sh tell
 * them apart by that line in the serial log.  The line is pushed out of
 * the UART before the machine goes away.
 *
 * Nothing needs saving first: every file system is in memory.
 */
#include "dev/power.h"
#include "dev/acpi.h"
#include "dev/serial.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include <aurora/abi.h>

void power_delay_ms(unsigned ms)
{
	if (!tsc_hz) {
		/* Not calibrated yet: some microseconds a port read. */
		for (unsigned i = 0; i < ms * 1000; i++)
			(void)inb(0x80);
		return;
	}
	uint64_t t0 = rdtsc(), n = tsc_hz / 1000 * ms;
	while (rdtsc() - t0 < n)
		pause();
}

static _Noreturn void halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

_Noreturn void power_off(void)
{
	cli();
	kprintf("aurora: power off\n");
	serial_flush();
	acpi_poweroff();
	kprintf("aurora: ACPI power-off did not happen; the machine is halted and can be switched off\n");
	halt_forever();
}

/* The ways to restart, in the order they are tried. */
enum { RESTART_ACPI, RESTART_CF9, RESTART_KBD, RESTART_TRIPLE, NRESTART };
static const char *const restart_names[NRESTART] = { "acpi", "cf9", "kbd", "triple" };
static int restart_first;      /* reboot=NAME on the command line: start there */

void power_cmdline(const char *cmdline)
{
	for (const char *p = cmdline; (p = strstr(p, "reboot=")) != 0; p += 7) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		for (int i = 0; i < NRESTART; i++) {
			size_t n = strlen(restart_names[i]);
			if (!strncmp(p + 7, restart_names[i], n) && (p[7 + n] == 0 || p[7 + n] == ' '))
				restart_first = i;
		}
	}
}

_Noreturn void power_restart(void)
{
	cli();
	kprintf("aurora: restart\n");
	serial_flush();
	for (int how = restart_first; how < NRESTART; how++) {
		if (how != restart_first) {
			kprintf("restart: still running; trying %s\n", restart_names[how]);
			serial_flush();
		}
		switch (how) {
		case RESTART_ACPI:
			acpi_reset();
			break;
		case RESTART_CF9:
			/* The reset control register of PC chipsets (PIIX,
			 * ICH): bit 2 going from 0 to 1 resets, bit 1 makes it
			 * a hard reset. */
			outb(0xcf9, 0x02);
			power_delay_ms(1);
			outb(0xcf9, 0x06);
			power_delay_ms(100);
			break;
		case RESTART_KBD:
			/* The keyboard controller's "pulse the reset line",
			 * once its input buffer is empty (an absent controller
			 * reads 0xff: stop waiting and write anyway). */
			for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
				pause();
			outb(0x64, 0xfe);
			power_delay_ms(100);
			break;
		case RESTART_TRIPLE: {
			/* An exception with no IDT to deliver it through is a
			 * triple fault, which resets the CPU. */
			static const struct { uint16_t limit; uint64_t base; }
				__attribute__((packed)) no_idt;
			__asm__ volatile("lidt %0; int3" :: "m"(no_idt));
			break;
		}
		}
	}
	halt_forever();
}

/*
 * reboot(cmd): REBOOT_POWEROFF or REBOOT_RESTART; does not return.
 * Only uid 0 may (EPERM, checked first, as Linux does: an unprivileged
 * caller learns nothing about the argument); any other cmd is EINVAL.
 */
long sys_reboot(struct trapframe *tf)
{
	uint64_t cmd = ARG0(tf);

	if (current()->uid != 0)
		return -EPERM;
	switch (cmd) {
	case REBOOT_POWEROFF:
		kprintf("reboot: pid %d powers the machine off\n", current()->pid);
		power_off();
	case REBOOT_RESTART:
		kprintf("reboot: pid %d restarts the machine\n", current()->pid);
		power_restart();
	default:
		return -EINVAL;
	}
}
