/* Signals: kill, sigaction and the axeberg signal calls. */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libc.h"

void __sigreturn_trampoline(void);                    /* sigtramp.S */
long __sigreturn_to(const struct sigcontext *sc);     /* sigtramp.S */

int kill(pid_t pid, int sig)  { return (int)__ret(sys_kill(pid, sig)); }
int raise(int sig)            { return kill(getpid(), sig); }

int killpg(pid_t pgrp, int sig)
{
	/* kill(-1) means every process, not group 1, so group 1 (pid 1's)
	 * cannot be named this way; 0 is the caller's own group. */
	if (pgrp == 0)
		return kill(0, sig);
	if (pgrp < 0 || pgrp == 1) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction a;

	/* A handler returns into its restorer, which must call sigreturn:
	 * supply ours unless the caller brought its own.  (The kernel has a
	 * trampoline of its own for callers of the raw call.) */
	if (act && act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN &&
	    !(act->sa_flags & SA_RESTORER)) {
		a = *act;
		a.sa_flags |= SA_RESTORER;
		a.sa_restorer = (uint64_t)__sigreturn_trampoline;
		act = &a;
	}
	return (int)__ret(sys_sigaction(sig, act, old));
}

int signal(int sig, int action) { return (int)__ret(sys_signal(sig, action)); }
int sigblock(int sig)           { return (int)__ret(sys_sigblock(sig)); }
int sigunblock(int sig)         { return (int)__ret(sys_sigunblock(sig)); }

uint64_t sigpending(void)
{
	long r = sys_sigpending();

	/* Signal 63 makes a valid mask negative: only small values are errors. */
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return (uint64_t)-1;
	}
	return (uint64_t)r;
}

int sigreturn(const struct sigcontext *sc)
{
	return (int)__ret(__sigreturn_to(sc));
}
