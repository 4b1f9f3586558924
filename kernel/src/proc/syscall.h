#ifndef PROC_SYSCALL_H
#define PROC_SYSCALL_H
#include "arch/x86_64/trap.h"

/* Arguments as the ABI places them: rdi, rsi, rdx, r10, r8, r9. */
#define ARG0(tf) ((tf)->rdi)
#define ARG1(tf) ((tf)->rsi)
#define ARG2(tf) ((tf)->rdx)
#define ARG3(tf) ((tf)->r10)
#define ARG4(tf) ((tf)->r8)
#define ARG5(tf) ((tf)->r9)

typedef long (*syscall_fn)(struct trapframe *tf);

void syscall_dispatch(struct trapframe *tf);
int  syscall_leave_ok(struct trapframe *tf);

/* Handlers, by subsystem. */
long sys_exit(struct trapframe *tf);
long sys_fork(struct trapframe *tf);
long sys_execve(struct trapframe *tf);
long sys_waitpid(struct trapframe *tf);
long sys_yield(struct trapframe *tf);
long sys_getpid(struct trapframe *tf);
long sys_brk(struct trapframe *tf);
long sys_kinfo(struct trapframe *tf);
long sys_proc_info(struct trapframe *tf);
long sys_pipe(struct trapframe *tf);
long sys_pipe2(struct trapframe *tf);
long sys_ioctl(struct trapframe *tf);
long sys_console_push_input(struct trapframe *tf);
long sys_console_take_output(struct trapframe *tf);
long sys_trace_enable(struct trapframe *tf);
long sys_trace_disable(struct trapframe *tf);
long sys_trace_enabled(struct trapframe *tf);
long sys_trace_summary(struct trapframe *tf);
long sys_trace_reset(struct trapframe *tf);
long sys_trace_event(struct trapframe *tf);
long sys_trace_read(struct trapframe *tf);
/* Files (fs/sysfile.c). */
long sys_write(struct trapframe *tf);
/* mm/sysmem.c */
long sys_mmap(struct trapframe *tf);
long sys_munmap(struct trapframe *tf);
long sys_mem_alloc(struct trapframe *tf);
long sys_mem_free(struct trapframe *tf);
long sys_mem_read(struct trapframe *tf);
long sys_mem_write(struct trapframe *tf);
long sys_memstats(struct trapframe *tf);
long sys_set_memlimit(struct trapframe *tf);
long sys_system_memstats(struct trapframe *tf);
/* ipc/shm.c */
long sys_shmget(struct trapframe *tf);
long sys_shmat(struct trapframe *tf);
long sys_shmdt(struct trapframe *tf);
long sys_shmctl(struct trapframe *tf);
long sys_shm_sync(struct trapframe *tf);
long sys_shm_refresh(struct trapframe *tf);
long sys_getppid(struct trapframe *tf);
long sys_setpgid(struct trapframe *tf);
long sys_getpgid(struct trapframe *tf);
long sys_getuid(struct trapframe *tf);
long sys_setuid(struct trapframe *tf);
long sys_filter_set(struct trapframe *tf);
/* signal.c */
long sys_kill(struct trapframe *tf);
long sys_sigaction(struct trapframe *tf);
long sys_sigreturn(struct trapframe *tf);
long sys_signal(struct trapframe *tf);
long sys_sigblock(struct trapframe *tf);
long sys_sigunblock(struct trapframe *tf);
long sys_sigpending(struct trapframe *tf);
long sys_open(struct trapframe *tf);
long sys_close(struct trapframe *tf);
long sys_read(struct trapframe *tf);
long sys_stat(struct trapframe *tf);
long sys_fstat(struct trapframe *tf);
long sys_lseek(struct trapframe *tf);
long sys_getdents(struct trapframe *tf);
long sys_mkdir(struct trapframe *tf);
long sys_unlink(struct trapframe *tf);
long sys_dup2(struct trapframe *tf);
long sys_getcwd(struct trapframe *tf);
long sys_dup(struct trapframe *tf);
long sys_chdir(struct trapframe *tf);
long sys_rmdir(struct trapframe *tf);
long sys_rename(struct trapframe *tf);
/* ipc/msg.c */
long sys_msgget(struct trapframe *tf);
long sys_msgsnd(struct trapframe *tf);
long sys_msgrcv(struct trapframe *tf);
long sys_msgctl(struct trapframe *tf);
/* proc/time.c */
long sys_clock(struct trapframe *tf);
long sys_nanosleep(struct trapframe *tf);
long sys_timer_set(struct trapframe *tf);
long sys_timer_interval(struct trapframe *tf);
long sys_timer_cancel(struct trapframe *tf);
/* proc/uname.c */
long sys_uname(struct trapframe *tf);
/* dev/power.c */
long sys_reboot(struct trapframe *tf);
void syscall_init(void);
#endif
