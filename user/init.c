/*
 * /bin/init: the first process (pid 1).
 *
 * Greets, then keeps a login shell (/bin/sh, started as "-sh") on the
 * console: when the shell exits or dies, a new one is started.  Meanwhile
 * init reaps every child it is given (orphans are handed to pid 1), so no
 * zombie stays behind.
 *
 * A shell that dies within a second of starting is restarted after a
 * pause; after MAX_QUICK such deaths in a row init gives up and exits,
 * which powers the machine off (a broken /bin/sh must not spin the CPU
 * for ever).  Another pid 1 is chosen on the kernel command line with
 * init=/bin/prog.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL      "/bin/sh"
#define QUICK_NS   1000000000LL    /* a shell that lives less than this failed */
#define MAX_QUICK  5

static char *sh_argv[] = { "-sh", NULL };    /* "-": a login shell */
static char *sh_envp[] = { "PATH=/bin", "HOME=/", NULL };

/* The kernel opens fds 0-2 on the console for pid 1; if that ever is not
 * so, open it here, since the shell needs it. */
static void open_console(void)
{
	struct stat st;

	if (fstat(0, &st) == 0 && fstat(1, &st) == 0 && fstat(2, &st) == 0)
		return;
	for (int fd = 0; fd < 3; fd++)
		close(fd);
	if (open("/dev/console", O_RDWR) == 0) {
		dup(0);
		dup(0);
	}
}

static pid_t start_shell(void)
{
	int mode = CON_COOKED;
	pid_t pid;

	/* Whatever the last shell left behind, the new one starts from the
	 * console's normal mode. */
	ioctl(0, TCSETMODE, &mode);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execve(SHELL, sh_argv, sh_envp);
		fprintf(stderr, "init: cannot run %s: %s\n", SHELL, strerror(errno));
		_exit(127);
	}
	return pid;
}

static void pause_ns(long long ns)
{
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };

	nanosleep(&ts, NULL);
}

static void describe(pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		fprintf(stderr, "init: %s (pid %d) killed by signal %d\n", SHELL,
			pid, WTERMSIG(status));
	else
		fprintf(stderr, "init: %s exited with status %d\n", SHELL,
			WEXITSTATUS(status));
}

int main(void)
{
	int quick = 0;

	open_console();
	printf("Hello from /bin/init (pid %d)\n", getpid());
	fflush(stdout);

	for (;;) {
		int64_t started = clock(CLOCK_NS_BOOT);
		pid_t shell = start_shell();
		int status = 0;

		/* Reap until the shell itself is among the dead. */
		while (shell > 0) {
			pid_t w = waitpid(-1, &status, 0);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "init: waitpid: %s\n", strerror(errno));
				break;
			}
			if (w == shell)
				break;
			/* An orphan: reaped, nothing more to do. */
		}
		if (shell > 0)
			describe(shell, status);

		int64_t lived = clock(CLOCK_NS_BOOT) - started;
		if (shell < 0 || started < 0 || lived < QUICK_NS) {
			if (++quick >= MAX_QUICK) {
				fprintf(stderr, "init: %s keeps failing; giving up\n", SHELL);
				return 1;
			}
			pause_ns(QUICK_NS);
		} else {
			quick = 0;
		}
		/* Orphans that died meanwhile. */
		while (waitpid(-1, &status, WNOHANG) > 0)
			;
		fprintf(stderr, "init: starting %s again\n", SHELL);
	}
}
