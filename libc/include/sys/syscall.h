/*
 * The raw system-call layer.
 *
 * __syscallN() enter the kernel with SYSCALL: number in rax, arguments in
 * rdi, rsi, rdx, r10, r8, r9, result in rax; the CPU itself overwrites rcx
 * (return rip) and r11 (rflags).  __syscall6_int80() is the same call through
 * the int $0x80 gate, which changes nothing but rax.  Both are here, inline,
 * so tests can compare the two entries.
 *
 * sys_<name>() return exactly what the kernel returned: >= 0 on success,
 * -E<code> on failure.  They never touch errno.
 */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H
#include <aurora/abi.h>
#include <stddef.h>
#include <stdint.h>

static inline long __syscall6(long n, long a1, long a2, long a3, long a4,
			      long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	/* "memory": the kernel may read or write any buffer we passed. */
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall6_int80(long n, long a1, long a2, long a3, long a4,
				    long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "memory");
	return ret;
}

static inline long __syscall0(long n)
{ return __syscall6(n, 0, 0, 0, 0, 0, 0); }
static inline long __syscall1(long n, long a1)
{ return __syscall6(n, a1, 0, 0, 0, 0, 0); }
static inline long __syscall2(long n, long a1, long a2)
{ return __syscall6(n, a1, a2, 0, 0, 0, 0); }
static inline long __syscall3(long n, long a1, long a2, long a3)
{ return __syscall6(n, a1, a2, a3, 0, 0, 0); }
static inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{ return __syscall6(n, a1, a2, a3, a4, 0, 0); }
static inline long __syscall5(long n, long a1, long a2, long a3, long a4,
			      long a5)
{ return __syscall6(n, a1, a2, a3, a4, a5, 0); }

/* ---- one raw wrapper per call of the ABI, in number order ---- */
struct sockaddr;

long sys_exit(int code);
long sys_write(int fd, const void *buf, size_t n);
long sys_yield(void);
long sys_fork(void);
long sys_execve(const char *path, char *const argv[], char *const envp[]);
long sys_waitpid(int pid, int *status, int options);
long sys_open(const char *path, int flags);
long sys_close(int fd);
long sys_read(int fd, void *buf, size_t n);
long sys_stat(const char *path, struct stat *st);
long sys_fstat(int fd, struct stat *st);
long sys_lseek(int fd, int64_t off, int whence);
long sys_getdents(int fd, void *buf, size_t len);
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd,
	      int64_t off);
long sys_munmap(void *addr, size_t len);
long sys_mkdir(const char *path, uint32_t mode);
long sys_unlink(const char *path);
long sys_pipe(int fds[2]);
long sys_dup2(int oldfd, int newfd);
long sys_msgsnd(long queue, const void *msg, size_t len, int flags);
long sys_msgrcv(long queue, void *msg, size_t maxlen, long type, int flags);
long sys_shmget(long key, size_t size, int flags);
long sys_shmat(long segment, int prot, void **addr_out);
long sys_shmdt(long region);
long sys_socket(int domain, int type, int proto);
long sys_bind(int fd, const struct sockaddr *addr, uint64_t len);
long sys_connect(int fd, const struct sockaddr *addr, uint64_t len);
long sys_accept(int fd, struct sockaddr *addr, uint64_t *lenp);
long sys_send(int fd, const void *buf, size_t len, int flags);
long sys_recv(int fd, void *buf, size_t len, int flags);
long sys_getpid(void);
long sys_brk(void *addr);
long sys_kill(int pid, int sig);
long sys_getcwd(char *buf, size_t len);
long sys_clock(int which);
long sys_nanosleep(const struct timespec *req, struct timespec *rem);
long sys_ioctl(int fd, unsigned long request, unsigned long arg);
long sys_sigaction(int sig, const struct sigaction *act,
		   struct sigaction *old);
long sys_listen(int fd, int backlog);
long sys_sigreturn(void);
long sys_dup(int fd);
long sys_chdir(const char *path);
long sys_mem_alloc(size_t size, int prot, void **addr_out);
long sys_mem_free(long region);
long sys_mem_read(long region, size_t offset, void *buf, size_t len);
long sys_mem_write(long region, size_t offset, const void *buf, size_t len);
long sys_shm_sync(long region);
long sys_shm_refresh(long region);
long sys_memstats(struct mem_stats *st);
long sys_set_memlimit(uint64_t bytes);
long sys_system_memstats(struct system_mem_stats *st);
long sys_window_create(const char *title, uint64_t width, uint64_t height);
long sys_console_push_input(const void *buf, size_t len);
long sys_console_take_output(void *buf, size_t len);
long sys_timer_set(uint64_t delay_ms, int wake_pid);
long sys_timer_interval(uint64_t interval_ms, int wake_pid);
long sys_timer_cancel(long timer);
long sys_signal(int sig, int action);
long sys_sigblock(int sig);
long sys_sigunblock(int sig);
long sys_sigpending(void);
long sys_trace_enable(void);
long sys_trace_disable(void);
long sys_trace_enabled(void);
long sys_trace_summary(struct trace_summary *s, size_t size);
long sys_trace_reset(void);
long sys_trace_event(const char *text, size_t len);
long sys_filter_set(const uint8_t bitmap[32]);
long sys_getppid(void);
long sys_rmdir(const char *path);
long sys_rename(const char *from, const char *to);
long sys_msgget(long key, int flags);
long sys_msgctl(long queue, int cmd);
long sys_shmctl(long segment, int cmd);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getuid(void);
long sys_setuid(uint32_t uid);
long sys_kinfo(int which);
long sys_pipe2(int fds[2], int flags);
long sys_proc_info(int slot, struct proc_info *out, size_t size);
long sys_uname(struct utsname *u);
long sys_reboot(int cmd);
long sys_trace_read(struct trace_record *buf, size_t count);

#endif
