/* The local APIC: the periodic timer interrupt and end-of-interrupt. */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H
#include <stdint.h>

#define TIMER_HZ 100

void lapic_init(void);          /* maps the APIC, calibrates, starts the timer */
void lapic_eoi(void);
extern uint64_t tsc_hz;         /* TSC ticks per second, measured at boot */

#endif
