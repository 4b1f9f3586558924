/*
 * Jobs: every pipeline the shell starts (or `( ... )`, or a list run with
 * &) is a job, one process per stage.  With job control on (an interactive
 * shell on the console) each job is its own process group, and the
 * console's foreground group is moved to the job while the shell waits for
 * it, so Ctrl-C (SIGINT) and Ctrl-Z (SIGTSTP) reach the job and not the
 * shell.  The shell itself ignores those signals.
 *
 * Every child's change of state is collected by waitpid(-1, ...) and
 * recorded in its job, whichever job is being waited for: a background
 * job that ends while a foreground one runs is marked done at once and
 * reported before the next prompt.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define JOB_MAX 32

static struct job jobs[JOB_MAX];
static unsigned long seqno;          /* bumped each time a job becomes current */

static const char *const sigtexts[] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
	[SIGABRT] = "Aborted", [SIGBUS] = "Bus error",
	[SIGFPE] = "Floating point exception", [SIGKILL] = "Killed",
	[SIGUSR1] = "User defined signal 1", [SIGSEGV] = "Segmentation fault",
	[SIGUSR2] = "User defined signal 2", [SIGPIPE] = "Broken pipe",
	[SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped",
	[SIGTTIN] = "Stopped (tty input)", [SIGTTOU] = "Stopped (tty output)",
};

const char *sig_text(int sig)
{
	static char buf[24];

	if (sig > 0 && sig < (int)(sizeof(sigtexts) / sizeof(sigtexts[0])) &&
	    sigtexts[sig])
		return sigtexts[sig];
	snprintf(buf, sizeof(buf), "Signal %d", sig);
	return buf;
}

/* ---- the terminal ------------------------------------------------------------- */

/* Makes pgid the console's foreground group.  Errors are ignored: without
 * a console (or before the kernel has the ioctl) there is nothing to move. */
static void term_give(pid_t pgid)
{
	int pg = pgid;

	if (sh.jobctl)
		ioctl(0, TIOCSPGRP, &pg);
}

void term_take(void)
{
	int mode = sh.ttymode;

	if (!sh.jobctl)
		return;
	term_give(sh.pgid);
	ioctl(0, TCSETMODE, &mode);
}

/* ---- the table ------------------------------------------------------------------ */

struct job *job_new(const char *text, int bg)
{
	for (int i = 0; i < JOB_MAX; i++) {
		struct job *j = &jobs[i];
		if (j->id)
			continue;
		memset(j, 0, sizeof(*j));
		j->id = i + 1;        /* the lowest free number, as people expect */
		j->text = strdup(text ? text : "");
		j->bg = bg;
		j->mode = sh.ttymode;
		j->seq = ++seqno;
		return j;
	}
	sh_error("too many jobs");
	return NULL;
}

void job_add(struct job *j, pid_t pid)
{
	if (j->nproc < JOB_PROCS) {
		j->proc[j->nproc].pid = pid;
		j->proc[j->nproc].state = PROC_RUNNING;
		j->proc[j->nproc].status = 0;
		j->nproc++;
	}
}

void job_drop(struct job *j)
{
	free(j->text);
	memset(j, 0, sizeof(*j));
}

void jobs_forget(void)
{
	for (int i = 0; i < JOB_MAX; i++)
		if (jobs[i].id)
			job_drop(&jobs[i]);
}

/* PROC_RUNNING if any stage runs, else PROC_STOPPED if any is stopped,
 * else PROC_DONE. */
static int job_state(struct job *j)
{
	int stopped = 0;

	for (int i = 0; i < j->nproc; i++) {
		if (j->proc[i].state == PROC_RUNNING)
			return PROC_RUNNING;
		stopped |= j->proc[i].state == PROC_STOPPED;
	}
	return stopped ? PROC_STOPPED : PROC_DONE;
}

int jobs_stopped(void)
{
	int n = 0;

	for (int i = 0; i < JOB_MAX; i++)
		n += jobs[i].id && job_state(&jobs[i]) == PROC_STOPPED;
	return n;
}

/* Files a wait status under the process it belongs to. */
static void record(pid_t pid, int status)
{
	for (int i = 0; i < JOB_MAX; i++) {
		struct job *j = &jobs[i];
		for (int k = 0; j->id && k < j->nproc; k++) {
			if (j->proc[k].pid != pid)
				continue;
			if (WIFCONTINUED(status)) {
				j->proc[k].state = PROC_RUNNING;
			} else if (WIFSTOPPED(status)) {
				j->proc[k].state = PROC_STOPPED;
				j->proc[k].status = status;
				j->reported = 0;
			} else {
				j->proc[k].state = PROC_DONE;
				j->proc[k].status = status;
			}
			return;
		}
	}
	/* Not ours (a child of an earlier shell's exec, say): nothing to file. */
}

void jobs_reap(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WCONTINUED)) > 0)
		record(pid, status);
}

/* The wait status as $? sees it. */
static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSTOPPED(status))
		return 128 + WSTOPSIG(status);
	return 128 + WTERMSIG(status);
}

/* The status a stopped job is reported with: its first stopped stage's. */
static int stop_status(struct job *j)
{
	for (int i = 0; i < j->nproc; i++)
		if (j->proc[i].state == PROC_STOPPED)
			return j->proc[i].status;
	return 0;
}

static struct job *current_job(void)
{
	struct job *best = NULL;

	for (int i = 0; i < JOB_MAX; i++)
		if (jobs[i].id && (!best || jobs[i].seq > best->seq))
			best = &jobs[i];
	return best;
}

/* One line of `jobs` or of a notice: [1]+  Running   sleep 100 & */
static void print_job(struct job *j, const char *state, FILE *f)
{
	struct job *cur = current_job();

	fprintf(f, "[%d]%c  %-22s  %s%s\n", j->id, j == cur ? '+' : ' ', state,
		j->text, j->bg && job_state(j) == PROC_RUNNING ? " &" : "");
}

/* What a finished job is called: Done, Exit 3, Terminated, ... */
static const char *done_text(struct job *j, char *buf, size_t size)
{
	int st = j->proc[j->nproc - 1].status;

	if (WIFEXITED(st)) {
		if (WEXITSTATUS(st) == 0)
			return "Done";
		snprintf(buf, size, "Exit %d", WEXITSTATUS(st));
		return buf;
	}
	return sig_text(WTERMSIG(st));
}

void jobs_notify(void)
{
	char buf[24];

	for (int i = 0; i < JOB_MAX; i++) {
		struct job *j = &jobs[i];
		if (!j->id)
			continue;
		int state = job_state(j);
		if (state == PROC_DONE) {
			if (sh.interactive)
				print_job(j, done_text(j, buf, sizeof(buf)), stderr);
			job_drop(j);
		} else if (state == PROC_STOPPED && !j->reported) {
			/* A background job stopped (by a signal sent to it). */
			j->reported = 1;
			if (sh.interactive)
				print_job(j, sig_text(WSTOPSIG(stop_status(j))), stderr);
		}
	}
}

int job_wait_fg(struct job *j)
{
	int status;

	term_give(j->pgid);
	while (job_state(j) == PROC_RUNNING) {
		pid_t pid = waitpid(-1, &status, WUNTRACED);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			/* ECHILD: the processes are gone without a word (cannot
			 * happen unless someone else reaped them): call them done. */
			for (int i = 0; i < j->nproc; i++)
				if (j->proc[i].state == PROC_RUNNING)
					j->proc[i].state = PROC_DONE;
			break;
		}
		record(pid, status);
	}
	if (job_state(j) == PROC_STOPPED) {
		int mode;
		if (sh.jobctl && ioctl(0, TCGETMODE, &mode) == 0)
			j->mode = mode;      /* given back to it by fg */
		term_take();
		j->bg = 0;
		j->reported = 1;
		j->seq = ++seqno;
		/* (The console has echoed ^Z and a newline already.) */
		print_job(j, sig_text(WSTOPSIG(stop_status(j))), stderr);
		return exit_code(stop_status(j));
	}
	term_take();

	int last = j->proc[j->nproc - 1].status;
	int intr = 0;
	for (int i = 0; i < j->nproc; i++) {
		int st = j->proc[i].status;
		intr |= WIFSIGNALED(st) && WTERMSIG(st) == SIGINT;
	}
	if (intr) {
		/* Ctrl-C (the console has echoed ^C and a newline): as bash
		 * does, the rest of the command line is abandoned. */
		if (sh.interactive)
			sh.interrupted = 1;
	} else if (WIFSIGNALED(last) && WTERMSIG(last) != SIGPIPE) {
		fprintf(stderr, "%s\n", sig_text(WTERMSIG(last)));
	}
	job_drop(j);
	return exit_code(last);
}

/* ---- job specs and the builtins ------------------------------------------------- */

/* %n, %+, %%, %-, %prefix-of-the-command, or a bare number. */
static struct job *find_job(const char *who, const char *spec)
{
	struct job *j = NULL;

	if (!spec || strcmp(spec, "%") == 0 || strcmp(spec, "%%") == 0 ||
	    strcmp(spec, "%+") == 0) {
		j = current_job();
		if (!j)
			sh_error("%s: no current job", who);
		return j;
	}
	const char *s = spec[0] == '%' ? spec + 1 : spec;
	if (strcmp(s, "-") == 0) {
		struct job *cur = current_job();
		for (int i = 0; i < JOB_MAX; i++)
			if (jobs[i].id && &jobs[i] != cur &&
			    (!j || jobs[i].seq > j->seq))
				j = &jobs[i];
	} else if (s[0] >= '0' && s[0] <= '9') {
		int id = atoi(s);
		if (id >= 1 && id <= JOB_MAX && jobs[id - 1].id)
			j = &jobs[id - 1];
	} else {
		for (int i = 0; i < JOB_MAX; i++)
			if (jobs[i].id && strncmp(jobs[i].text, s, strlen(s)) == 0)
				j = &jobs[i];
	}
	if (!j)
		sh_error("%s: %s: no such job", who, spec);
	return j;
}

int builtin_jobs(int argc, char **argv)
{
	char buf[24];

	(void)argc;
	(void)argv;
	jobs_reap();
	for (int i = 0; i < JOB_MAX; i++) {
		struct job *j = &jobs[i];
		if (!j->id)
			continue;
		int state = job_state(j);
		if (state == PROC_RUNNING)
			print_job(j, "Running", stdout);
		else if (state == PROC_STOPPED)
			print_job(j, sig_text(WSTOPSIG(stop_status(j))), stdout);
		else
			print_job(j, done_text(j, buf, sizeof(buf)), stdout);
		j->reported = 1;
	}
	/* Finished ones have been told now: drop them. */
	for (int i = 0; i < JOB_MAX; i++)
		if (jobs[i].id && job_state(&jobs[i]) == PROC_DONE)
			job_drop(&jobs[i]);
	return 0;
}

/* Sends SIGCONT to every process of j and marks them running. */
static void job_continue(struct job *j)
{
	if (sh.jobctl)
		kill(-j->pgid, SIGCONT);
	else
		for (int i = 0; i < j->nproc; i++)
			if (j->proc[i].state != PROC_DONE)
				kill(j->proc[i].pid, SIGCONT);
	for (int i = 0; i < j->nproc; i++)
		if (j->proc[i].state == PROC_STOPPED)
			j->proc[i].state = PROC_RUNNING;
}

int builtin_fg(int argc, char **argv)
{
	struct job *j = find_job("fg", argc > 1 ? argv[1] : NULL);

	if (!j)
		return 1;
	if (!sh.jobctl && !sh.interactive) {
		sh_error("fg: no job control");
		return 1;
	}
	printf("%s\n", j->text);
	fflush(stdout);
	j->bg = 0;
	j->seq = ++seqno;
	term_give(j->pgid);
	if (sh.jobctl)
		ioctl(0, TCSETMODE, &j->mode);
	job_continue(j);
	return job_wait_fg(j);
}

int builtin_bg(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc || i == 1; i++) {
		struct job *j = find_job("bg", argc > 1 ? argv[i] : NULL);
		if (!j) {
			rc = 1;
			continue;
		}
		j->bg = 1;
		j->seq = ++seqno;
		job_continue(j);
		printf("[%d]+ %s &\n", j->id, j->text);
		if (argc <= 1)
			break;
	}
	return rc;
}

static const struct { const char *name; int sig; } signames[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "WINCH", SIGWINCH },
};
#define NSIGNAMES (int)(sizeof(signames) / sizeof(signames[0]))

/* "TERM", "SIGTERM", "15" -> 15; -1 if unknown. */
static int parse_sig(const char *s)
{
	if (s[0] >= '0' && s[0] <= '9') {
		char *end;
		long n = strtol(s, &end, 10);
		return *end || n <= 0 || n >= NSIG ? -1 : (int)n;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 0; i < NSIGNAMES; i++)
		if (strcmp(s, signames[i].name) == 0)
			return signames[i].sig;
	return -1;
}

int builtin_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		for (int k = 0; k < NSIGNAMES; k++)
			printf("%2d) SIG%s\n", signames[k].sig, signames[k].name);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sig = parse_sig(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		sig = parse_sig(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		sh_error("kill: %s: unknown signal", argv[i - 1]);
		return 1;
	}
	if (i >= argc) {
		sh_error("usage: kill [-SIG | -s SIG | -l] pid | %%job ...");
		return 2;
	}
	for (; i < argc; i++) {
		if (argv[i][0] == '%') {
			struct job *j = find_job("kill", argv[i]);
			if (!j) {
				rc = 1;
				continue;
			}
			if (kill(sh.jobctl ? -j->pgid : j->proc[0].pid, sig) < 0) {
				sh_error("kill: %s: %s", argv[i], strerror(errno));
				rc = 1;
			} else if (job_state(j) == PROC_STOPPED && sig != SIGCONT &&
				   sig != SIGKILL && sig != SIGSTOP && sig != SIGTSTP) {
				/* A stopped job would only act on it once continued. */
				job_continue(j);
			}
			continue;
		}
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*end || end == argv[i]) {
			sh_error("kill: %s: not a pid or %%job", argv[i]);
			rc = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			sh_error("kill: %s: %s", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}

/* `wait` may be ended with Ctrl-C: the shell ignores SIGINT, so for the
 * time of the wait a handler catches it and the waitpid returns EINTR. */
static volatile int wait_interrupted;
static void on_sigint(int sig)
{
	(void)sig;
	wait_interrupted = 1;
}

int builtin_wait(int argc, char **argv)
{
	struct sigaction sa = { 0 }, old;
	struct job *only = NULL;
	pid_t pid_only = 0;
	int rc = 0, status;

	if (argc > 1) {
		if (argv[1][0] == '%') {
			if (!(only = find_job("wait", argv[1])))
				return 127;
		} else {
			pid_only = (pid_t)atoi(argv[1]);
			for (int i = 0; i < JOB_MAX && !only; i++)
				for (int k = 0; k < jobs[i].nproc; k++)
					if (jobs[i].id && jobs[i].proc[k].pid == pid_only)
						only = &jobs[i];
			if (!only) {
				sh_error("wait: pid %s is not a child of this shell", argv[1]);
				return 127;
			}
		}
	}
	wait_interrupted = 0;
	if (sh.interactive) {
		sa.sa_handler = (uint64_t)on_sigint;
		sigaction(SIGINT, &sa, &old);
	}
	for (;;) {
		int busy = 0;
		for (int i = 0; i < JOB_MAX; i++)
			if (jobs[i].id && (!only || &jobs[i] == only) &&
			    job_state(&jobs[i]) == PROC_RUNNING)
				busy = 1;
		if (!busy || wait_interrupted)
			break;
		pid_t pid = waitpid(-1, &status, WUNTRACED);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		record(pid, status);
	}
	if (sh.interactive)
		sigaction(SIGINT, &old, NULL);
	if (wait_interrupted)
		return 130;      /* (the console has echoed ^C and a newline) */
	if (only && job_state(only) == PROC_DONE) {
		rc = exit_code(only->proc[only->nproc - 1].status);
		if (pid_only)
			for (int k = 0; k < only->nproc; k++)
				if (only->proc[k].pid == pid_only)
					rc = exit_code(only->proc[k].status);
	}
	return rc;
}
