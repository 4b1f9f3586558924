/*
 * /bin/init: the first process (pid 1).
 *
 * Greets, starts the shell in a child, and then reaps every child it gets
 * (orphans are handed to pid 1) until none is left.  When init exits the
 * kernel powers the machine off, so exiting is how the system shuts down.
 * Extra arguments on the kernel command line are ignored for now.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *sh_argv[] = { "sh", NULL };
static char *sh_envp[] = { "PATH=/bin", "HOME=/", NULL };

int main(void)
{
	pid_t pid;
	int status;

	printf("Hello from /bin/init (pid %d)\n", getpid());

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
	} else if (pid == 0) {
		execve("/bin/sh", sh_argv, sh_envp);
		/* Only reached when the exec failed. */
		if (errno == ENOENT) {
			printf("init: no /bin/sh yet; powering off\n");
			exit(0);
		}
		fprintf(stderr, "init: exec /bin/sh: %s\n", strerror(errno));
		exit(127);
	}

	/* Reap the shell and any orphans until no child is left. */
	for (;;) {
		pid_t w = waitpid(-1, &status, 0);
		if (w < 0) {
			if (errno == ECHILD)
				break;
			fprintf(stderr, "init: waitpid: %s\n", strerror(errno));
			break;
		}
		if (WIFSIGNALED(status))
			fprintf(stderr, "init: pid %d killed by signal %d\n", w,
				WTERMSIG(status));
	}
	return 0;
}
