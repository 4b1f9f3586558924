/*
 * Signals.  Numbers, struct sigaction and the SA_* flags come from the ABI.
 * signal() is the axeberg call: it takes an action number (SIGACT_DEFAULT,
 * SIGACT_IGNORE, SIGACT_TERMINATE, SIGACT_HANDLE), not a function; real
 * handlers are installed with sigaction().
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <aurora/abi.h>
#include <sys/types.h>

typedef void (*sighandler_t)(int);

int kill(pid_t pid, int sig);
int raise(int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int signal(int sig, int action);          /* -> previous action */
int sigblock(int sig);
int sigunblock(int sig);
/* Bit s set = signal s pending; 0 = none.  (uint64_t)-1 on error: bit 0 is
 * never a signal, so that value cannot be a real mask. */
uint64_t sigpending(void);

#endif
