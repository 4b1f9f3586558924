/*
 * Signals.  Numbers, struct sigaction, struct sigcontext and the SA_* flags
 * come from the ABI.  signal() is the axeberg call: it takes an action
 * number (SIGACT_DEFAULT, SIGACT_IGNORE, SIGACT_TERMINATE), not a function,
 * and returns the previous action (SIGACT_HANDLE when a handler was
 * installed); real handlers are installed with sigaction().
 *
 * A handler is called as h(sig, 0, &sigcontext) on the user stack: declare
 * it `void h(int sig)` or, to see (and change) the interrupted registers,
 * `void h(int sig, void *info, struct sigcontext *sc)`.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <aurora/abi.h>
#include <stdint.h>
#include <sys/types.h>

/* Linux's numbers for the signals the ABI header does not name. */
#ifndef SIGSTKFLT
#define SIGSTKFLT 16
#endif
#ifndef SIGTTIN
#define SIGTTIN   21
#endif
#ifndef SIGTTOU
#define SIGTTOU   22
#endif
#ifndef SIGURG
#define SIGURG    23
#endif
#ifndef SIGXCPU
#define SIGXCPU   24
#endif
#ifndef SIGXFSZ
#define SIGXFSZ   25
#endif
#ifndef SIGVTALRM
#define SIGVTALRM 26
#endif
#ifndef SIGPROF
#define SIGPROF   27
#endif
#ifndef SIGWINCH
#define SIGWINCH  28
#endif
#ifndef SIGIO
#define SIGIO     29
#endif
#ifndef SIGPWR
#define SIGPWR    30
#endif
#ifndef SIGSYS
#define SIGSYS    31
#endif

typedef void (*sighandler_t)(int);
/* The full form of a handler (what the kernel really passes). */
typedef void (*sigaction_fn_t)(int sig, void *info, struct sigcontext *sc);

/* A set of signals as the kernel sees one: bit s stands for signal s. */
typedef uint64_t sigset_t;
static inline int sigemptyset(sigset_t *set) { *set = 0; return 0; }
static inline int sigfillset(sigset_t *set)  { *set = ~(uint64_t)1; return 0; }
static inline int sigaddset(sigset_t *set, int sig)
{
	if (sig < 1 || sig >= NSIG)
		return -1;
	*set |= (uint64_t)1 << sig;
	return 0;
}
static inline int sigdelset(sigset_t *set, int sig)
{
	if (sig < 1 || sig >= NSIG)
		return -1;
	*set &= ~((uint64_t)1 << sig);
	return 0;
}
static inline int sigismember(const sigset_t *set, int sig)
{
	if (sig < 1 || sig >= NSIG)
		return -1;
	return (int)((*set >> sig) & 1);
}

/* Names without the "SIG" prefix ("HUP", "KILL", ...), as in POSIX:
 * sig2str writes at most SIG2STR_MAX bytes; str2sig also takes a decimal
 * number.  Both return 0, or -1 for a signal or name that is not known. */
#define SIG2STR_MAX 16
int sig2str(int sig, char *str);
int str2sig(const char *str, int *sig);

int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);          /* kill(-pgrp, sig); 0: own group; 1: EINVAL */
int raise(int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int signal(int sig, int action);          /* -> previous action */
int sigblock(int sig);
int sigunblock(int sig);
/* Bit s set = signal s pending; 0 = none.  (uint64_t)-1 on error: bit 0 is
 * never a signal, so that value cannot be a real mask. */
uint64_t sigpending(void);
/* Resumes the context *sc, as a restorer does after a handler: rsp is
 * pointed at sc and sigreturn is called.  Does not return on success
 * (a context the kernel refuses kills the caller with SIGSEGV); -1 and
 * errno only if the call itself is refused (ENOSYS, a filter's EPERM). */
int sigreturn(const struct sigcontext *sc);

#endif
