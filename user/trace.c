/*
 * trace on | off | status | summary | events | reset | event text...
 *
 * The kernel's tracing, from the command line:
 *   on, enable     start counting (system calls, scheduling, I/O)
 *   off, disable   stop
 *   status         "tracing on" or "tracing off"
 *   summary        the counters: uptime, totals, and each system call
 *                  made since the last reset, by number and name
 *   events         the event ring, oldest first: seq, time, pid, text
 *   reset          zero the counters and empty the ring
 *   event text...  record the words (joined by spaces) as an event
 */
#include <aurora.h>
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The calls' names, for the summary: N(write) is [SYS_write] = "write". */
#define N(name) [SYS_##name] = #name
static const char *const call_names[NR_SYSCALLS] = {
	N(exit), N(write), N(yield), N(fork), N(execve), N(waitpid), N(open),
	N(close), N(read), N(stat), N(fstat), N(lseek), N(getdents), N(mmap),
	N(munmap), N(mkdir), N(unlink), N(pipe), N(dup2), N(msgsnd),
	N(msgrcv), N(shmget), N(shmat), N(shmdt), N(socket), N(bind),
	N(connect), N(accept), N(send), N(recv), N(getpid), N(brk), N(kill),
	N(getcwd), N(clock), N(nanosleep), N(ioctl), N(sigaction), N(listen),
	N(sigreturn), N(dup), N(chdir), N(mem_alloc), N(mem_free),
	N(mem_read), N(mem_write), N(shm_sync), N(shm_refresh), N(memstats),
	N(set_memlimit), N(system_memstats), N(window_create),
	N(console_push_input), N(console_take_output), N(timer_set),
	N(timer_interval), N(timer_cancel), N(signal), N(sigblock),
	N(sigunblock), N(sigpending), N(trace_enable), N(trace_disable),
	N(trace_enabled), N(trace_summary), N(trace_reset), N(trace_event),
	N(filter_set), N(getppid), N(rmdir), N(rename), N(msgget), N(msgctl),
	N(shmctl), N(setpgid), N(getpgid), N(getuid), N(setuid), N(kinfo),
	N(pipe2), N(proc_info), N(uname), N(reboot), N(trace_read),
};
#undef N

static void usage(void)
{
	fprintf(stderr, "usage: trace on|off|status|summary|events|reset\n"
			"       trace event text...\n");
	exit(2);
}

/* Nanoseconds as seconds with three decimals. */
static void print_secs(const char *label, uint64_t ns)
{
	printf("%-18s %lu.%03lu s\n", label, (unsigned long)(ns / 1000000000),
	       (unsigned long)(ns / 1000000 % 1000));
}

static int summary(void)
{
	static struct trace_summary s;   /* 2 KiB of counters: not on the stack */

	if (trace_summary(&s, sizeof(s)) < 0)
		err(1, "trace_summary");
	print_secs("uptime", s.uptime_ns);
	printf("%-18s %lu (%lu failed)\n", "system calls",
	       (unsigned long)s.syscalls, (unsigned long)s.syscall_errors);
	printf("%-18s %lu\n", "context switches", (unsigned long)s.context_switches);
	printf("%-18s %lu (%lu idle)\n", "timer ticks", (unsigned long)s.ticks,
	       (unsigned long)s.idle_ticks);
	printf("%-18s %lu created, %lu exited, %lu alive\n", "processes",
	       (unsigned long)s.procs_created, (unsigned long)s.procs_exited,
	       (unsigned long)s.procs_alive);
	printf("%-18s %lu read, %lu written\n", "bytes",
	       (unsigned long)s.bytes_read, (unsigned long)s.bytes_written);
	printf("\n%4s %-20s %10s\n", "nr", "call", "count");
	for (int nr = 0; nr < NR_SYSCALLS; nr++) {
		if (s.per_syscall[nr] == 0)
			continue;
		printf("%4d %-20s %10lu\n", nr,
		       call_names[nr] ? call_names[nr] : "?",
		       (unsigned long)s.per_syscall[nr]);
	}
	return 0;
}

static int events(void)
{
	static struct trace_record rec[TRACE_RING];
	long n = trace_read(rec, TRACE_RING);

	if (n < 0)
		err(1, "trace_read");
	for (long i = 0; i < n; i++) {
		uint32_t len = rec[i].len < TRACE_TEXT_MAX ? rec[i].len : TRACE_TEXT_MAX;

		printf("%6lu %6lu.%06lu %5d ", (unsigned long)rec[i].seq,
		       (unsigned long)(rec[i].time_ns / 1000000000),
		       (unsigned long)(rec[i].time_ns / 1000 % 1000000), rec[i].pid);
		/* The text is whatever a program gave: keep the terminal sane. */
		for (uint32_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)rec[i].text[k];
			putchar(isprint(c) ? c : '?');
		}
		putchar('\n');
	}
	return 0;
}

/* The words joined by single spaces, as one event. */
static int event(int argc, char **argv)
{
	size_t len = 0;
	char *text;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if ((text = malloc(len + 1)) == NULL)
		err(1, NULL);
	text[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	if (trace_event(text, strlen(text)) < 0)
		err(1, "trace_event");
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "event") == 0) {
		if (argc < 3)
			usage();
		return event(argc - 2, argv + 2);
	}
	if (argc != 2)
		usage();
	if (strcmp(cmd, "on") == 0 || strcmp(cmd, "enable") == 0) {
		if (trace_enable() < 0)
			err(1, "trace_enable");
	} else if (strcmp(cmd, "off") == 0 || strcmp(cmd, "disable") == 0) {
		if (trace_disable() < 0)
			err(1, "trace_disable");
	} else if (strcmp(cmd, "status") == 0) {
		int on = trace_enabled();

		if (on < 0)
			err(1, "trace_enabled");
		printf("tracing %s\n", on ? "on" : "off");
	} else if (strcmp(cmd, "summary") == 0) {
		return summary();
	} else if (strcmp(cmd, "events") == 0) {
		return events();
	} else if (strcmp(cmd, "reset") == 0) {
		if (trace_reset() < 0)
			err(1, "trace_reset");
	} else {
		usage();
	}
	return 0;
}
