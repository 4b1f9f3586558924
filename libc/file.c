/* POSIX-like file and directory calls over the raw layer. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libc.h"

int open(const char *path, int flags, ...)
{
	/* POSIX callers may pass a mode; the ABI's open has no use for it. */
	return (int)__ret(sys_open(path, flags));
}

ssize_t read(int fd, void *buf, size_t n)     { return __ret(sys_read(fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return __ret(sys_write(fd, buf, n)); }
int close(int fd)                             { return (int)__ret(sys_close(fd)); }
off_t lseek(int fd, off_t off, int whence)    { return __ret(sys_lseek(fd, off, whence)); }
int pipe(int fds[2])                          { return (int)__ret(sys_pipe(fds)); }
int pipe2(int fds[2], int flags)              { return (int)__ret(sys_pipe2(fds, flags)); }
int dup(int fd)                               { return (int)__ret(sys_dup(fd)); }
int dup2(int oldfd, int newfd)                { return (int)__ret(sys_dup2(oldfd, newfd)); }
int unlink(const char *path)                  { return (int)__ret(sys_unlink(path)); }
int rmdir(const char *path)                   { return (int)__ret(sys_rmdir(path)); }
int chdir(const char *path)                   { return (int)__ret(sys_chdir(path)); }
long getdents(int fd, void *buf, size_t len)  { return __ret(sys_getdents(fd, buf, len)); }
int stat(const char *path, struct stat *st)   { return (int)__ret(sys_stat(path, st)); }
int fstat(int fd, struct stat *st)            { return (int)__ret(sys_fstat(fd, st)); }
int mkdir(const char *path, mode_t mode)      { return (int)__ret(sys_mkdir(path, mode)); }
int rename(const char *from, const char *to)  { return (int)__ret(sys_rename(from, to)); }

/* The kernel returns the length (without the NUL); POSIX returns buf. */
char *getcwd(char *buf, size_t size)
{
	if (__ret(sys_getcwd(buf, size)) < 0)
		return NULL;
	return buf;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	unsigned long arg;

	/* Integer or pointer: both travel in one 64-bit register. */
	va_start(ap, request);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)__ret(sys_ioctl(fd, request, arg));
}
