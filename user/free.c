/*
 * free [-b | -k | -m]: how the machine's memory is used, in KiB (the
 * default), bytes (-b) or MiB (-m):
 *
 *               total       used       free     shared      procs
 *     Mem:     252928      10432     242496          0       1200
 *
 * total and free are the kernel's page counts (kinfo); used is the
 * difference (kernel and processes together); shared is the System V
 * segments in existence; procs is the memory mapped by all processes,
 * added up (a page shared by several counts in each).
 */
#include <aurora.h>
#include <err.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct system_mem_stats sys;
	unsigned long shift = 10;
	long total, avail;
	int c;

	while ((c = getopt(argc, argv, "bkm")) != -1) {
		switch (c) {
		case 'b': shift = 0; break;
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		default:
			fprintf(stderr, "usage: free [-b | -k | -m]\n");
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: free [-b | -k | -m]\n");
		return 2;
	}
	if ((total = kinfo(KINFO_TOTAL_PAGES)) < 0 ||
	    (avail = kinfo(KINFO_FREE_PAGES)) < 0)
		err(1, "kinfo");
	if (system_memstats(&sys) < 0)
		err(1, "system_memstats");

	printf("%5s %10s %10s %10s %10s %10s\n", "", "total", "used", "free",
	       "shared", "procs");
	printf("%-5s %10lu %10lu %10lu %10lu %10lu\n", "Mem:",
	       ((unsigned long)total * PAGE_SIZE) >> shift,
	       ((unsigned long)(total - avail) * PAGE_SIZE) >> shift,
	       ((unsigned long)avail * PAGE_SIZE) >> shift,
	       (unsigned long)sys.shm_total_size >> shift,
	       (unsigned long)sys.total_allocated >> shift);
	return 0;
}
