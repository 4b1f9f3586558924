/*
 * memstat                          this process's own memory figures
 * memstat -p pid                   the memory another process holds
 * memstat [-l limit] cmd [arg...]  run a command and watch its memory
 *
 * The first form prints memstats() for memstat itself: what a small
 * program costs.  -p asks proc_info for one process.  The last form runs
 * cmd (looked up in $PATH) with the memory limit `limit` (bytes, or with
 * a K, M or G suffix) if given, samples the memory it holds every 10 ms
 * while it runs, and when it ends prints one line on stderr:
 *
 *     memstat: cmd: exit status 0, peak 212 KiB (sampled)
 *
 * The peak is the largest sample, so a command that lives less than one
 * interval may show the size of the forked memstat instead.  The exit
 * status is the command's (128 + n if signal n killed it; 126 or 127 if
 * it could not be run).
 */
#include <aurora.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: memstat [-p pid]\n"
			"       memstat [-l limit] command [arg...]\n");
	exit(2);
}

static unsigned long kib(uint64_t bytes)
{
	return (unsigned long)(bytes / 1024);
}

/* "4096", "64K", "2M", "1G" -> bytes; anything else is a usage error. */
static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t n, mult = 1;

	if (!isdigit((unsigned char)*s))
		usage();
	errno = 0;
	n = strtoull(s, &end, 10);
	switch (toupper((unsigned char)*end)) {
	case 'K': mult = 1ull << 10; end++; break;
	case 'M': mult = 1ull << 20; end++; break;
	case 'G': mult = 1ull << 30; end++; break;
	}
	if (*end != '\0' || errno == ERANGE || n > UINT64_MAX / mult)
		usage();
	return n * mult;
}

static int show_self(void)
{
	struct mem_stats st;

	if (memstats(&st) < 0)
		err(1, "memstats");
	printf("allocated %8lu KiB\n", kib(st.allocated));
	printf("peak      %8lu KiB\n", kib(st.peak));
	if (st.limit)
		printf("limit     %8lu KiB\n", kib(st.limit));
	else
		printf("limit         none\n");
	printf("regions   %8lu\n", (unsigned long)st.region_count);
	printf("shm       %8lu\n", (unsigned long)st.shm_count);
	return 0;
}

/* The process-table slot holding pid: -> the slot, or -1 with errno. */
static int find_slot(pid_t pid, struct proc_info *pi)
{
	for (int slot = 0; slot < NPROC_MAX; slot++) {
		int r = proc_info(slot, pi, sizeof(*pi));

		if (r == pid)
			return slot;
		if (r < 0 && errno != ESRCH)    /* the end, or no such call */
			return -1;
	}
	errno = ESRCH;
	return -1;
}

static int show_pid(const char *arg)
{
	struct proc_info pi;
	char *end;
	long pid = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || pid <= 0 || pid != (pid_t)pid)
		usage();
	if (find_slot((pid_t)pid, &pi) < 0)
		err(1, "%s", arg);
	pi.name[sizeof(pi.name) - 1] = '\0';
	printf("%d %s %lu KiB\n", pi.pid, pi.name, kib(pi.mem_bytes));
	return 0;
}

static int run(char **argv, int have_limit, uint64_t limit)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct proc_info pi;
	char how[40], peak_text[40];
	uint64_t peak = 0;
	int slot = -1, status, sampled = 0;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		err(1, "fork");
	if (pid == 0) {
		/* The limit is inherited through execve, so it binds the
		 * command from its first page on. */
		if (have_limit && set_memlimit(limit) < 0)
			err(126, "set_memlimit");
		execvp(argv[0], argv);
		warn("%s", argv[0]);
		_exit(errno == ENOENT ? 127 : 126);
	}

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			err(1, "waitpid");
		/* The slot is looked up once; a sample counts only while the
		 * slot still holds our child. */
		if (slot < 0)
			slot = find_slot(pid, &pi);
		else if (proc_info(slot, &pi, sizeof(pi)) != pid)
			pi.pid = 0;             /* gone meanwhile */
		if (slot >= 0 && pi.pid == pid && pi.state != PSTATE_ZOMBIE) {
			sampled = 1;
			if (pi.mem_bytes > peak)
				peak = pi.mem_bytes;
		}
		nanosleep(&tick, NULL);
	}

	/* One line, one write. */
	if (WIFEXITED(status))
		snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof(how), "killed by signal %d", WTERMSIG(status));
	if (sampled)
		snprintf(peak_text, sizeof(peak_text), "%lu KiB (sampled)", kib(peak));
	else
		snprintf(peak_text, sizeof(peak_text), "unknown");
	fprintf(stderr, "memstat: %s: %s, peak %s\n", argv[0], how, peak_text);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	const char *pid_arg = NULL;
	uint64_t limit = 0;
	int c, have_limit = 0;

	while ((c = getopt(argc, argv, "l:p:")) != -1) {
		switch (c) {
		case 'l': limit = parse_size(optarg); have_limit = 1; break;
		case 'p': pid_arg = optarg; break;
		default: usage();
		}
	}
	if (pid_arg) {
		if (have_limit || optind != argc)
			usage();
		return show_pid(pid_arg);
	}
	if (optind == argc) {
		if (have_limit)
			usage();
		return show_self();
	}
	return run(argv + optind, have_limit, limit);
}
