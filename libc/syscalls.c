/*
 * The raw layer: one function per call of the ABI, in number order.  Each
 * passes its arguments through unchanged and returns the kernel's answer
 * (>= 0, or -E<code>).  Pointers and ints are widened to the 64-bit
 * registers the kernel reads.
 */
#include <sys/syscall.h>

#define L(x) ((long)(x))

long sys_exit(int code)                       { return __syscall1(SYS_exit, code); }
long sys_write(int fd, const void *buf, size_t n)
{ return __syscall3(SYS_write, fd, L(buf), L(n)); }
long sys_yield(void)                          { return __syscall0(SYS_yield); }
long sys_fork(void)                           { return __syscall0(SYS_fork); }
long sys_execve(const char *path, char *const argv[], char *const envp[])
{ return __syscall3(SYS_execve, L(path), L(argv), L(envp)); }
long sys_waitpid(int pid, int *status, int options)
{ return __syscall3(SYS_waitpid, pid, L(status), options); }
long sys_open(const char *path, int flags)
{ return __syscall2(SYS_open, L(path), flags); }
long sys_close(int fd)                        { return __syscall1(SYS_close, fd); }
long sys_read(int fd, void *buf, size_t n)
{ return __syscall3(SYS_read, fd, L(buf), L(n)); }
long sys_stat(const char *path, struct stat *st)
{ return __syscall2(SYS_stat, L(path), L(st)); }
long sys_fstat(int fd, struct stat *st)
{ return __syscall2(SYS_fstat, fd, L(st)); }
long sys_lseek(int fd, int64_t off, int whence)
{ return __syscall3(SYS_lseek, fd, off, whence); }
long sys_getdents(int fd, void *buf, size_t len)
{ return __syscall3(SYS_getdents, fd, L(buf), L(len)); }
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)
{ return __syscall6(SYS_mmap, L(addr), L(len), prot, flags, fd, off); }
long sys_munmap(void *addr, size_t len)
{ return __syscall2(SYS_munmap, L(addr), L(len)); }
long sys_mkdir(const char *path, uint32_t mode)
{ return __syscall2(SYS_mkdir, L(path), mode); }
long sys_unlink(const char *path)             { return __syscall1(SYS_unlink, L(path)); }
long sys_pipe(int fds[2])                     { return __syscall1(SYS_pipe, L(fds)); }
long sys_dup2(int oldfd, int newfd)
{ return __syscall2(SYS_dup2, oldfd, newfd); }
long sys_msgsnd(long queue, const void *msg, size_t len, int flags)
{ return __syscall4(SYS_msgsnd, queue, L(msg), L(len), flags); }
long sys_msgrcv(long queue, void *msg, size_t maxlen, long type, int flags)
{ return __syscall5(SYS_msgrcv, queue, L(msg), L(maxlen), type, flags); }
long sys_shmget(long key, size_t size, int flags)
{ return __syscall3(SYS_shmget, key, L(size), flags); }
long sys_shmat(long segment, int prot, void **addr_out)
{ return __syscall3(SYS_shmat, segment, prot, L(addr_out)); }
long sys_shmdt(long region)                   { return __syscall1(SYS_shmdt, region); }
long sys_socket(int domain, int type, int proto)
{ return __syscall3(SYS_socket, domain, type, proto); }
long sys_bind(int fd, const struct sockaddr *addr, uint64_t len)
{ return __syscall3(SYS_bind, fd, L(addr), L(len)); }
long sys_connect(int fd, const struct sockaddr *addr, uint64_t len)
{ return __syscall3(SYS_connect, fd, L(addr), L(len)); }
long sys_accept(int fd, struct sockaddr *addr, uint64_t *lenp)
{ return __syscall3(SYS_accept, fd, L(addr), L(lenp)); }
long sys_send(int fd, const void *buf, size_t len, int flags)
{ return __syscall4(SYS_send, fd, L(buf), L(len), flags); }
long sys_recv(int fd, void *buf, size_t len, int flags)
{ return __syscall4(SYS_recv, fd, L(buf), L(len), flags); }
long sys_getpid(void)                         { return __syscall0(SYS_getpid); }
long sys_brk(void *addr)                      { return __syscall1(SYS_brk, L(addr)); }
long sys_kill(int pid, int sig)               { return __syscall2(SYS_kill, pid, sig); }
long sys_getcwd(char *buf, size_t len)
{ return __syscall2(SYS_getcwd, L(buf), L(len)); }
long sys_clock(int which)                     { return __syscall1(SYS_clock, which); }
long sys_nanosleep(const struct timespec *req, struct timespec *rem)
{ return __syscall2(SYS_nanosleep, L(req), L(rem)); }
long sys_ioctl(int fd, unsigned long request, unsigned long arg)
{ return __syscall3(SYS_ioctl, fd, L(request), L(arg)); }
long sys_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{ return __syscall3(SYS_sigaction, sig, L(act), L(old)); }
long sys_listen(int fd, int backlog)
{ return __syscall2(SYS_listen, fd, backlog); }
long sys_sigreturn(void)                      { return __syscall0(SYS_sigreturn); }
long sys_dup(int fd)                          { return __syscall1(SYS_dup, fd); }
long sys_chdir(const char *path)              { return __syscall1(SYS_chdir, L(path)); }
long sys_mem_alloc(size_t size, int prot, void **addr_out)
{ return __syscall3(SYS_mem_alloc, L(size), prot, L(addr_out)); }
long sys_mem_free(long region)                { return __syscall1(SYS_mem_free, region); }
long sys_mem_read(long region, size_t offset, void *buf, size_t len)
{ return __syscall4(SYS_mem_read, region, L(offset), L(buf), L(len)); }
long sys_mem_write(long region, size_t offset, const void *buf, size_t len)
{ return __syscall4(SYS_mem_write, region, L(offset), L(buf), L(len)); }
long sys_shm_sync(long region)                { return __syscall1(SYS_shm_sync, region); }
long sys_shm_refresh(long region)             { return __syscall1(SYS_shm_refresh, region); }
long sys_memstats(struct mem_stats *st)       { return __syscall1(SYS_memstats, L(st)); }
long sys_set_memlimit(uint64_t bytes)
{ return __syscall1(SYS_set_memlimit, L(bytes)); }
long sys_system_memstats(struct system_mem_stats *st)
{ return __syscall1(SYS_system_memstats, L(st)); }
long sys_window_create(const char *title, uint64_t width, uint64_t height)
{ return __syscall3(SYS_window_create, L(title), L(width), L(height)); }
long sys_console_push_input(const void *buf, size_t len)
{ return __syscall2(SYS_console_push_input, L(buf), L(len)); }
long sys_console_take_output(void *buf, size_t len)
{ return __syscall2(SYS_console_take_output, L(buf), L(len)); }
long sys_timer_set(uint64_t delay_ms, int wake_pid)
{ return __syscall2(SYS_timer_set, L(delay_ms), wake_pid); }
long sys_timer_interval(uint64_t interval_ms, int wake_pid)
{ return __syscall2(SYS_timer_interval, L(interval_ms), wake_pid); }
long sys_timer_cancel(long timer)             { return __syscall1(SYS_timer_cancel, timer); }
long sys_signal(int sig, int action)          { return __syscall2(SYS_signal, sig, action); }
long sys_sigblock(int sig)                    { return __syscall1(SYS_sigblock, sig); }
long sys_sigunblock(int sig)                  { return __syscall1(SYS_sigunblock, sig); }
long sys_sigpending(void)                     { return __syscall0(SYS_sigpending); }
long sys_trace_enable(void)                   { return __syscall0(SYS_trace_enable); }
long sys_trace_disable(void)                  { return __syscall0(SYS_trace_disable); }
long sys_trace_enabled(void)                  { return __syscall0(SYS_trace_enabled); }
long sys_trace_summary(struct trace_summary *s, size_t size)
{ return __syscall2(SYS_trace_summary, L(s), L(size)); }
long sys_trace_reset(void)                    { return __syscall0(SYS_trace_reset); }
long sys_trace_event(const char *text, size_t len)
{ return __syscall2(SYS_trace_event, L(text), L(len)); }
long sys_filter_set(const uint8_t bitmap[32])
{ return __syscall1(SYS_filter_set, L(bitmap)); }
long sys_getppid(void)                        { return __syscall0(SYS_getppid); }
long sys_rmdir(const char *path)              { return __syscall1(SYS_rmdir, L(path)); }
long sys_rename(const char *from, const char *to)
{ return __syscall2(SYS_rename, L(from), L(to)); }
long sys_msgget(long key, int flags)          { return __syscall2(SYS_msgget, key, flags); }
long sys_msgctl(long queue, int cmd)          { return __syscall2(SYS_msgctl, queue, cmd); }
long sys_shmctl(long segment, int cmd)        { return __syscall2(SYS_shmctl, segment, cmd); }
long sys_setpgid(int pid, int pgid)           { return __syscall2(SYS_setpgid, pid, pgid); }
long sys_getpgid(int pid)                     { return __syscall1(SYS_getpgid, pid); }
long sys_getuid(void)                         { return __syscall0(SYS_getuid); }
long sys_setuid(uint32_t uid)                 { return __syscall1(SYS_setuid, uid); }
long sys_kinfo(int which)                     { return __syscall1(SYS_kinfo, which); }
long sys_pipe2(int fds[2], int flags)
{ return __syscall2(SYS_pipe2, L(fds), flags); }
long sys_proc_info(int slot, struct proc_info *out, size_t size)
{ return __syscall3(SYS_proc_info, slot, L(out), L(size)); }
long sys_uname(struct utsname *u)             { return __syscall1(SYS_uname, L(u)); }
long sys_reboot(int cmd)                      { return __syscall1(SYS_reboot, cmd); }
long sys_trace_read(struct trace_record *buf, size_t count)
{ return __syscall2(SYS_trace_read, L(buf), L(count)); }
