/*
 * Local APIC timer, periodic at TIMER_HZ.  Its input clock is unknown, so it
 * is measured against the PIT (channel 0, polled: no interrupt routing is
 * needed) over 10 ms; the TSC is measured in the same window and gives the
 * time base for clock().  The legacy 8259 PICs are remapped out of the way
 * and masked: nothing uses them.
 */
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "mm/vmm.h"
#include "lib/kprintf.h"

#define LAPIC_ID       0x020
#define LAPIC_EOI      0x0b0
#define LAPIC_SVR      0x0f0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3e0
#define LVT_MASKED     (1u << 16)
#define LVT_PERIODIC   (1u << 17)

#define PIT_HZ 1193182
#define CAL_MS 10

uint64_t tsc_hz;
static volatile uint32_t *lapic;

static uint32_t rd(uint32_t reg) { return lapic[reg / 4]; }
static void wr(uint32_t reg, uint32_t v) { lapic[reg / 4] = v; (void)lapic[LAPIC_ID / 4]; }

void lapic_eoi(void) { wr(LAPIC_EOI, 0); }

static void pic_disable(void)
{
	/* Remap both PICs to vectors 0x50-0x5f, then mask every line. */
	outb(0x20, 0x11); outb(0xa0, 0x11);
	outb(0x21, 0x50); outb(0xa1, 0x58);
	outb(0x21, 4);    outb(0xa1, 2);
	outb(0x21, 1);    outb(0xa1, 1);
	outb(0x21, 0xff); outb(0xa1, 0xff);
}

static uint16_t pit_read(void)
{
	outb(0x43, 0x00);                                   /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return (uint16_t)(lo | (inb(0x40) << 8));
}

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) & ~0xfffull;
	wrmsr(MSR_APIC_BASE, base | (1u << 11));           /* globally enabled */
	lapic = (volatile uint32_t *)vmm_map_mmio(base, 4096);

	pic_disable();
	wr(LAPIC_SVR, 0x100 | VEC_SPURIOUS);                /* software enable */
	wr(LAPIC_TIMER_DIV, 0x3);                           /* divide by 16 */
	wr(LAPIC_LVT_TIMER, LVT_MASKED);

	/* PIT channel 0 free-running (mode 2, reload 65536), read back by
	 * latching: works without port 0x61, which microvm does not have. */
	outb(0x43, 0x34);
	outb(0x40, 0);
	outb(0x40, 0);
	uint32_t want = PIT_HZ * CAL_MS / 1000, seen = 0;
	uint16_t last = pit_read();
	wr(LAPIC_TIMER_INIT, 0xffffffff);
	uint64_t t0 = rdtsc();
	uint64_t spins = 0;
	while (seen < want && ++spins < 100000000) {
		uint16_t now = pit_read();
		seen += (uint16_t)(last - now);     /* it counts down, wrapping */
		last = now;
	}
	uint32_t elapsed = 0xffffffff - rd(LAPIC_TIMER_CUR);
	uint64_t t1 = rdtsc();
	wr(LAPIC_TIMER_INIT, 0);

	if (elapsed == 0 || spins >= 100000000) {
		kprintf("lapic: PIT calibration failed, assuming 1 GHz bus\n");
		elapsed = 1000000000 / 16 / (1000 / CAL_MS);
		t1 = t0 + 1000000000ull / (1000 / CAL_MS);
	}
	tsc_hz = (t1 - t0) * (1000 / CAL_MS);
	uint32_t per_tick = (uint32_t)((uint64_t)elapsed * (1000 / CAL_MS) / TIMER_HZ);

	wr(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	wr(LAPIC_TIMER_INIT, per_tick ? per_tick : 1);
	kprintf("lapic: timer %u Hz (%u counts per tick), TSC %lu MHz\n",
		TIMER_HZ, per_tick, tsc_hz / 1000000);
}
