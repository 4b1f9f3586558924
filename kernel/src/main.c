/*
 * kmain: from the boot code to the first user process.
 *
 * The order matters: the loader's information is read while the boot page
 * tables still reach it; the frame allocator must exist before the real
 * page tables are built; traps must be in place before anything can fault;
 * the timer starts last, just before the first process.
 */
#include <stdint.h>
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/layout.h"
#include "dev/acpi.h"
#include "dev/power.h"
#include "dev/serial.h"
#include "fs/initrd.h"
#include "fs/vfs.h"
#include "mm/pmm.h"
#include "mm/vmm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "lib/kprintf.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "version.h"

#define INIT_MAX_ARGS 32

extern char __kernel_start[], __kernel_end[];
void smap_patch(void);

static struct bootinfo bi;
uint64_t boot_tsc;               /* the TSC at the first C instruction; clock(2) counts from it */

/* "init=/bin/prog a b": the words after init= are its arguments. */
static int parse_init(char *cmdline, char **argv, const char **path)
{
	int argc = 0;
	*path = "/bin/init";
	char *s = cmdline;
	int found = 0;
	while (*s) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		char *w = s;
		while (*s && *s != ' ')
			s++;
		if (!found && !strncmp(w, "init=", 5)) {
			found = 1;
			if (*s)
				*s++ = 0;
			*path = w + 5;
			argv[argc++] = w + 5;
			continue;
		}
		if (found && argc < INIT_MAX_ARGS)
			argv[argc++] = w;
	}
	if (!found)
		argv[argc++] = "/bin/init";
	return argc;
}

/* CPUID's brand string is padded with spaces, often in front. */
static const char *brand_trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = 0;
	return s;
}

static __attribute__((noinline)) void crash_test(void)
{
	kprintf("crash test: reading unmapped kernel address 0xdead000\n");
	(void)*(volatile uint64_t *)0xdead000;
}

/* Recurses until the stack runs into its guard page. */
static __attribute__((noinline)) uint64_t crash_stack(uint64_t depth)
{
	volatile uint64_t pad[64];
	pad[depth % 64] = depth;
	if (depth == 0)
		kprintf("crash test: recursing into the boot stack's guard page\n");
	if (depth > (1ull << 40))      /* never: the stack ends long before */
		return 0;
	return crash_stack(depth + 1) + pad[depth % 64];
}

void kmain(uint32_t kind, uint64_t info_phys)
{
	boot_tsc = rdtsc();
	serial_init();
	cpu_detect();
	if (bootinfo_parse(kind, info_phys, &bi) < 0)
		panic("no usable boot information (loader kind %u at %#lx)", kind, info_phys);
	smap_patch();

	uint64_t kphys = (uint64_t)__kernel_start - KERNEL_VMA;
	struct mem_range reserved[] = {
		{ kphys, (uint64_t)__kernel_end - (uint64_t)__kernel_start },
		{ bi.initrd_phys, bi.initrd_size },
	};
	pmm_init(bi.ram, bi.nram, reserved, 2);
	vmm_init();
	gdt_init();
	trap_init();
	cpu_init_features();
	syscall_init();
	proc_init();
	signal_init();

	lapic_init();           /* also measures the TSC, which the banner needs */

	/* The banner: what runs, on what, and how long the kernel took to get
	 * here from its first instruction (boot.S's boot_tsc0). */
	uint64_t d = rdtsc() - boot_tsc0;
	uint64_t us = d / tsc_hz * 1000000 + d % tsc_hz * 1000000 / tsc_hz;
	kprintf("\n%s %s (%s), booted by %s: %lu MiB usable RAM, CPU \"%s\", "
		"%lu.%03lu ms since the first instruction\n",
		KERNEL_NAME, KERNEL_VERSION, KERNEL_MACHINE, bi.loader,
		pmm_total_count() * PAGE_SIZE >> 20,
		cpu_features.brand[0] ? brand_trim(cpu_features.brand) : cpu_features.vendor,
		us / 1000, us % 1000);
	kprintf("cpu: nx %d smep %d smap %d umip %d; command line: \"%s\"\n",
		cpu_features.nx, cpu_features.smep, cpu_features.smap, cpu_features.umip, bi.cmdline);
	acpi_init(&bi);
	power_cmdline(bi.cmdline);
	vfs_init(boot_tsc);
	initrd_init(bi.initrd_phys, bi.initrd_size);

	/* "crash=pagefault" and "crash=stack" exercise the kernel-fault report
	 * (the tests use them). */
	if (strstr(bi.cmdline, "crash=pagefault"))
		crash_test();
	if (strstr(bi.cmdline, "crash=stack"))
		crash_stack(0);

	char *argv[INIT_MAX_ARGS + 1];
	const char *path;
	int argc = parse_init(bi.cmdline, argv, &path);
	int r = proc_start_init(path, argv, argc);
	if (r < 0)
		panic("cannot start %s (error %d)", path, r);
	kprintf("boot: %lu ms to the first process, %zu pages free\n",
		(rdtsc() - boot_tsc) * 1000 / tsc_hz, pmm_free_count());
	idle_loop();
}
