/*
 * waitpid() and the status macros.  WNOHANG, WUNTRACED, WCONTINUED and
 * WIFEXITED ... WSTOPSIG live in the ABI header; WIFCONTINUED is ours: a
 * child continued by SIGCONT is reported (with WCONTINUED) as 0xffff.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <aurora/abi.h>
#include <sys/types.h>

#ifndef W_CONTINUED
#define W_CONTINUED      0xffff
#endif
#ifndef WIFCONTINUED
#define WIFCONTINUED(s)  ((s) == 0xffff)
#endif

/* pid > 0: that child; -1: any child; 0: any child in the caller's process
 * group; < -1: any child in process group -pid.  options: WNOHANG,
 * WUNTRACED (report stopped children), WCONTINUED (report continued ones). */
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);

#endif
