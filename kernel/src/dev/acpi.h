/*
 * ACPI, as far as switching the machine off and restarting it go: the
 * tables are read once at boot (acpi_init); the registers are written
 * only when asked (dev/power.c).  The parsing is in acpi_parse.c.
 */
#ifndef DEV_ACPI_H
#define DEV_ACPI_H
#include "arch/x86_64/bootinfo.h"

/* Finds the RSDP (from the loader, else the BIOS areas), walks to the FADT
 * and \_S5_, maps the registers, and prints one line saying what it found. */
void acpi_init(const struct bootinfo *bi);

/* Enters S5 (soft off).  Returns only if there is no way to, or the
 * machine is still running a moment after the write. */
void acpi_poweroff(void);

/* Writes the FADT's reset register, when the FADT says it has one.
 * Returns if there is none, or the machine has not reset a moment later. */
void acpi_reset(void);

#endif
