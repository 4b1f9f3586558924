/* POSIX-like process and file calls: -1 and errno on failure. */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <aurora/abi.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

extern char **environ;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int     close(int fd);
off_t   lseek(int fd, off_t off, int whence);
int     pipe(int fds[2]);
int     pipe2(int fds[2], int flags);  /* flags: O_NONBLOCK, O_CLOEXEC */
int     dup(int fd);
int     dup2(int oldfd, int newfd);
int     unlink(const char *path);
int     rmdir(const char *path);
int     chdir(const char *path);
char   *getcwd(char *buf, size_t size);
long    getdents(int fd, void *buf, size_t len);

pid_t   fork(void);
int     execve(const char *path, char *const argv[], char *const envp[]);
int     execv(const char *path, char *const argv[]);
/* execve with a file name looked up in $PATH (default "/bin") when it has
 * no '/', and the current environment. */
int     execvp(const char *file, char *const argv[]);
void    _exit(int code) __attribute__((noreturn));
pid_t   getpid(void);
pid_t   getppid(void);
int     setpgid(pid_t pid, pid_t pgid);
pid_t   getpgid(pid_t pid);
pid_t   getpgrp(void);                 /* getpgid(0) */
uid_t   getuid(void);
int     setuid(uid_t uid);
int     yield(void);

int     brk(void *addr);
void   *sbrk(intptr_t incr);

unsigned sleep(unsigned seconds);
int     usleep(unsigned long usec);

/* Option parsing (libc/getopt.c): see the comment there. */
extern char *optarg;
extern int optind, opterr, optopt;
int     getopt(int argc, char *const argv[], const char *optstring);

#endif
