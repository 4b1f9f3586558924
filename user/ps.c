/*
 * ps: one line per process, in process-table order:
 *
 *       PID  PPID S      MEM     TIME COMMAND
 *         1     0 S     128K     0:00 init
 *
 * S is the state (R runnable, S sleeping, T stopped, Z zombie), MEM the
 * user memory the process holds, in KiB, TIME the CPU time it has used
 * (minutes:seconds), COMMAND the program's name.
 */
#include <aurora.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#define HZ 100                  /* timer ticks per second (docs/design.md) */

static char state_letter(uint32_t state)
{
	switch (state) {
	case PSTATE_RUNNABLE: return 'R';
	case PSTATE_SLEEPING: return 'S';
	case PSTATE_STOPPED:  return 'T';
	case PSTATE_ZOMBIE:   return 'Z';
	default:              return '?';
	}
}

int main(int argc, char **argv)
{
	if (getopt(argc, argv, "") != -1 || optind != argc) {
		fprintf(stderr, "usage: ps\n");
		return 2;
	}
	printf("%5s %5s %c %8s %8s %s\n", "PID", "PPID", 'S', "MEM", "TIME",
	       "COMMAND");
	for (int slot = 0; slot < NPROC_MAX; slot++) {
		struct proc_info pi;
		unsigned long secs;

		if (proc_info(slot, &pi, sizeof(pi)) < 0) {
			if (errno == ESRCH)         /* an empty slot */
				continue;
			if (errno == EINVAL)        /* past the table's end */
				break;
			err(1, "proc_info");
		}
		pi.name[sizeof(pi.name) - 1] = '\0';
		secs = (unsigned long)(pi.ticks / HZ);
		printf("%5d %5d %c %7luK %5lu:%02lu %s\n", pi.pid, pi.ppid,
		       state_letter(pi.state), (unsigned long)(pi.mem_bytes / 1024),
		       secs / 60, secs % 60, pi.name);
	}
	return 0;
}
