/* Switching the machine off and restarting it (dev/power.c). */
#ifndef DEV_POWER_H
#define DEV_POWER_H

/* Prints "aurora: power off", then ACPI S5; halts if that fails. */
_Noreturn void power_off(void);
/* Prints "aurora: restart", then tries, in order: the ACPI reset register,
 * port 0xcf9, the keyboard controller, a triple fault. */
_Noreturn void power_restart(void);
/* "reboot=acpi|cf9|kbd|triple" on the command line: the way to try first
 * (the ones before it are skipped; tests use it to try each). */
void power_cmdline(const char *cmdline);
/* Busy-waits about ms milliseconds (on the TSC once it is calibrated). */
void power_delay_ms(unsigned ms);

#endif
