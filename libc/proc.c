/* POSIX-like process calls over the raw layer. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libc.h"

pid_t fork(void)
{
	/* Buffered output would otherwise be printed by both processes. */
	__stdio_flush_all();
	return (pid_t)__ret(sys_fork());
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)__ret(sys_execve(path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return (pid_t)__ret(sys_waitpid(pid, status, options));
}

pid_t wait(int *status)                { return waitpid(-1, status, 0); }
pid_t getpid(void)                     { return (pid_t)__ret(sys_getpid()); }
pid_t getppid(void)                    { return (pid_t)__ret(sys_getppid()); }
int setpgid(pid_t pid, pid_t pgid)     { return (int)__ret(sys_setpgid(pid, pgid)); }
pid_t getpgid(pid_t pid)               { return (pid_t)__ret(sys_getpgid(pid)); }
pid_t getpgrp(void)                    { return getpgid(0); }
uid_t getuid(void)                     { return (uid_t)__ret(sys_getuid()); }
int setuid(uid_t uid)                  { return (int)__ret(sys_setuid(uid)); }
int yield(void)                        { return (int)__ret(sys_yield()); }

void _exit(int code)
{
	sys_exit(code);
	for (;;)        /* exit cannot fail; but never return to the caller */
		;
}

void _Exit(int code)
{
	_exit(code);
}

void exit(int code)
{
	__stdio_flush_all();
	_exit(code);
}

/* Program break.  The kernel's brk answers with the break after the call,
 * which is the old one when it refused. */
int brk(void *addr)
{
	long r = sys_brk(addr);

	if (r < 0)
		return (int)__ret(r);
	if (r != (long)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(intptr_t incr)
{
	long cur = sys_brk(0);
	long want;

	if (cur < 0) {
		errno = (int)-cur;
		return (void *)-1;
	}
	if (incr == 0)
		return (void *)cur;
	/* Refuse to wrap around rather than ask for a nonsense address. */
	if ((incr > 0 && cur + incr < cur) || (incr < 0 && cur + incr > cur)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	want = cur + incr;
	if (sys_brk((void *)want) != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)cur;
}
