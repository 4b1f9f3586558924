/* Signal names (without "SIG"), as POSIX's sig2str() and str2sig(). */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
	[SIGHUP] = "HUP",       [SIGINT] = "INT",       [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL",       [SIGTRAP] = "TRAP",     [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS",       [SIGFPE] = "FPE",       [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1",     [SIGSEGV] = "SEGV",     [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE",     [SIGALRM] = "ALRM",     [SIGTERM] = "TERM",
	[SIGSTKFLT] = "STKFLT", [SIGCHLD] = "CHLD",     [SIGCONT] = "CONT",
	[SIGSTOP] = "STOP",     [SIGTSTP] = "TSTP",     [SIGTTIN] = "TTIN",
	[SIGTTOU] = "TTOU",     [SIGURG] = "URG",       [SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ",     [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",
	[SIGWINCH] = "WINCH",   [SIGIO] = "IO",         [SIGPWR] = "PWR",
	[SIGSYS] = "SYS",
};
#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

int sig2str(int sig, char *str)
{
	if (sig <= 0 || sig >= NNAMES || names[sig] == NULL)
		return -1;
	strcpy(str, names[sig]);
	return 0;
}

int str2sig(const char *str, int *sig)
{
	char *end;
	long n;

	if (isdigit((unsigned char)str[0])) {
		n = strtol(str, &end, 10);
		if (*end != '\0' || n <= 0 || n >= NSIG)
			return -1;
		*sig = (int)n;
		return 0;
	}
	for (int i = 1; i < NNAMES; i++) {
		if (names[i] && strcmp(str, names[i]) == 0) {
			*sig = i;
			return 0;
		}
	}
	return -1;
}
