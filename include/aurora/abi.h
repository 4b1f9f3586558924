/*
 * The Aurora ABI: the one header shared by the kernel and the C library.
 *
 * Everything a user program and the kernel must agree on lives here:
 * system-call numbers, error codes, flag values and structure layouts.
 * The values are fixed by shared/spec/ABI.md; a number, once given, never
 * changes meaning.  Only fixed-width types are used so that the header
 * compiles unchanged in the freestanding kernel, in our libc and on the
 * host (for unit tests).
 */
#ifndef AURORA_ABI_H
#define AURORA_ABI_H

#include <stdint.h>

/* ---- System-call numbers ---------------------------------------------- */
/* 0-39: Aurora's calls. */
#define SYS_exit                0
#define SYS_write               1
#define SYS_yield               2
#define SYS_fork                3
#define SYS_execve              4
#define SYS_waitpid             5
#define SYS_open                6
#define SYS_close               7
#define SYS_read                8
#define SYS_stat                9
#define SYS_fstat              10
#define SYS_lseek              11
#define SYS_getdents           12
#define SYS_mmap               13
#define SYS_munmap             14
#define SYS_mkdir              15
#define SYS_unlink             16
#define SYS_pipe               17
#define SYS_dup2               18
#define SYS_msgsnd             19
#define SYS_msgrcv             20
#define SYS_shmget             21
#define SYS_shmat              22
#define SYS_shmdt              23
#define SYS_socket             24
#define SYS_bind               25
#define SYS_connect            26
#define SYS_accept             27
#define SYS_send               28
#define SYS_recv               29
#define SYS_getpid             30
#define SYS_brk                31
#define SYS_kill               32
#define SYS_getcwd             33
#define SYS_clock              34
#define SYS_nanosleep          35
#define SYS_ioctl              36
#define SYS_sigaction          37
#define SYS_listen             38
#define SYS_sigreturn          39
/* 40-67: the axeberg surface. */
#define SYS_dup                40
#define SYS_chdir              41
#define SYS_mem_alloc          42
#define SYS_mem_free           43
#define SYS_mem_read           44
#define SYS_mem_write          45
#define SYS_shm_sync           46
#define SYS_shm_refresh        47
#define SYS_memstats           48
#define SYS_set_memlimit       49
#define SYS_system_memstats    50
#define SYS_window_create      51
#define SYS_console_push_input 52
#define SYS_console_take_output 53
#define SYS_timer_set          54
#define SYS_timer_interval     55
#define SYS_timer_cancel       56
#define SYS_signal             57
#define SYS_sigblock           58
#define SYS_sigunblock         59
#define SYS_sigpending         60
#define SYS_trace_enable       61
#define SYS_trace_disable      62
#define SYS_trace_enabled      63
#define SYS_trace_summary      64
#define SYS_trace_reset        65
#define SYS_trace_event        66
#define SYS_filter_set         67
/* 68-77: the first additions. */
#define SYS_getppid            68
#define SYS_rmdir              69
#define SYS_rename             70
#define SYS_msgget             71
#define SYS_msgctl             72
#define SYS_shmctl             73
#define SYS_setpgid            74
#define SYS_getpgid            75
#define SYS_getuid             76
#define SYS_setuid             77

/* The table has room for 256 numbers (the filter bitmap covers 256). */
#define NR_SYSCALLS           256

/* ---- Error codes -------------------------------------------------------- */
/*
 * A system call returns a negative code on failure.  X(name, value, text):
 * the kernel uses the names, libc builds strerror() from the same list.
 */
#define AURORA_ERRORS(X)                                              \
	X(EINVAL,        1, "Invalid argument")                       \
	X(EPERM,         2, "Operation not permitted")                \
	X(ENOENT,        3, "No such file or directory")              \
	X(EBADF,         4, "Bad file descriptor")                    \
	X(ENOMEM,        5, "Out of memory")                          \
	X(EAGAIN,        6, "Resource temporarily unavailable")       \
	X(EPIPE,         7, "Broken pipe")                            \
	X(EBUSY,         8, "Device or resource busy")                \
	X(ESRCH,         9, "No such process")                        \
	X(EIO,          10, "Input/output error")                     \
	X(EINTR,        11, "Interrupted system call")                \
	X(EFAULT,       12, "Bad address")                            \
	X(EEXIST,       13, "File exists")                            \
	X(ENOTDIR,      14, "Not a directory")                        \
	X(EISDIR,       15, "Is a directory")                         \
	X(EMFILE,       16, "Too many open files")                    \
	X(ENOSYS,       17, "Function not implemented")               \
	X(ECHILD,       18, "No child processes")                     \
	X(ENOTEMPTY,    19, "Directory not empty")                    \
	X(ENAMETOOLONG, 20, "File name too long")                     \
	X(ENOSPC,       21, "No space left on device")                \
	X(ESPIPE,       22, "Illegal seek")                           \
	X(E2BIG,        23, "Argument list too long")                 \
	X(ENOEXEC,      24, "Exec format error")                      \
	X(ECONNREFUSED, 25, "Connection refused")                     \
	X(EADDRINUSE,   26, "Address already in use")                 \
	X(ENOTCONN,     27, "Transport endpoint is not connected")    \
	X(ETIMEDOUT,    28, "Connection timed out")                   \
	X(EIDRM,        29, "Identifier removed")                     \
	X(ENOMSG,       30, "No message of desired type")             \
	X(ERANGE,       31, "Result too large")                       \
	X(ENOTTY,       32, "Inappropriate ioctl for device")         \
	X(EXDEV,        33, "Invalid cross-device link")              \
	X(EROFS,        34, "Read-only file system")                  \
	X(ENFILE,       35, "Too many open files in system")          \
	X(EAFNOSUPPORT, 36, "Address family not supported")           \
	X(ENOTSOCK,     37, "Socket operation on non-socket")         \
	X(EISCONN,      38, "Transport endpoint is already connected")\
	X(ECONNRESET,   39, "Connection reset by peer")               \
	X(EOPNOTSUPP,   40, "Operation not supported")

#define AURORA_ERRNO_ENUM(name, value, text) name = value,
enum aurora_errno { AURORA_ERRORS(AURORA_ERRNO_ENUM) AURORA_ERRNO_MAX };
#undef AURORA_ERRNO_ENUM

/* ---- open() flags -------------------------------------------------------- */
#define O_READ       0x1
#define O_WRITE      0x2
#define O_CREATE     0x4
#define O_TRUNCATE   0x8
#define O_APPEND     0x10
#define O_EXCL       0x20
#define O_NONBLOCK   0x40
#define O_CLOEXEC    0x80
#define O_DIRECTORY  0x100
/* The seed's named OpenFlags constants. */
#define OPEN_READ    (O_READ)
#define OPEN_WRITE   (O_WRITE | O_CREATE | O_TRUNCATE)
#define OPEN_RDWR    (O_READ | O_WRITE)
#define OPEN_APPEND  (O_WRITE | O_CREATE | O_APPEND)

/* ---- Memory protection and mmap flags ------------------------------------ */
#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define PROT_READ_WRITE (PROT_READ | PROT_WRITE)
#define PROT_READ_EXEC  (PROT_READ | PROT_EXEC)
#define MAP_SHARED    0x1
#define MAP_PRIVATE   0x2
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED    ((void *)-1)

/* ---- lseek, waitpid ------------------------------------------------------ */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define WNOHANG    1
#define WUNTRACED  2   /* also report children that stopped (as POSIX) */
#define WCONTINUED 8   /* also report children continued by SIGCONT */

/* Wait status encoding (as Linux's). */
#define W_EXITCODE(code)   (((code) & 0xff) << 8)
#define W_SIGNALED(sig)    ((sig) & 0x7f)
#define W_STOPCODE(sig)    (((sig) << 8) | 0x7f)
#define WIFEXITED(s)       (((s) & 0x7f) == 0)
#define WEXITSTATUS(s)     (((s) >> 8) & 0xff)
#define WIFSIGNALED(s)     (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)        ((s) & 0x7f)
#define WIFSTOPPED(s)      (((s) & 0xff) == 0x7f)
#define WSTOPSIG(s)        (((s) >> 8) & 0xff)
#define WCOREDUMP(s)       ((s) & 0x80)

/* ---- System V IPC -------------------------------------------------------- */
#define IPC_PRIVATE  0
#define IPC_CREAT    0x200
#define IPC_EXCL     0x400
#define IPC_NOWAIT   0x800
#define IPC_RMID     0
#define MSG_NOERROR  0x1000

/* ---- Signals (Linux numbers) --------------------------------------------- */
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGTTIN  21
#define SIGTTOU  22
#define SIGURG   23
#define SIGWINCH 28
#define NSIG     64

/* signal() actions */
#define SIGACT_DEFAULT   0
#define SIGACT_IGNORE    1
#define SIGACT_TERMINATE 2
#define SIGACT_HANDLE    3
/* sigaction handler values */
#define SIG_DFL ((uint64_t)0)
#define SIG_IGN ((uint64_t)1)
/* sigaction flags */
#define SA_RESTORER  0x04000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u

/* ---- clock() ------------------------------------------------------------- */
#define CLOCK_TSC        0
#define CLOCK_TSC_HZ     1
#define CLOCK_NS_BOOT    2

/* ---- Sockets ------------------------------------------------------------- */
#define AF_UNIX      1
#define AF_INET      2
#define SOCK_STREAM  1
#define SOCK_DGRAM   2

/* ---- stat mode bits ------------------------------------------------------ */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFREG  0100000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

/* getdents record types */
#define DT_FILE 1
#define DT_DIR  2
#define DT_CHR  3
#define DT_FIFO 4
#define DT_SOCK 5

/* ---- Limits -------------------------------------------------------------- */
#define PIPE_BUF  4096   /* writes up to this size are atomic */
#define PIPE_SIZE 65536  /* bytes a pipe holds before a writer blocks */
#define PATH_MAX  4096   /* including the NUL */
#define NAME_MAX  255
#define PAGE_SIZE 4096

/* ---- Structures (little-endian, natural alignment) ----------------------- */
struct stat {
	uint64_t st_ino;
	uint64_t st_size;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_atime_ns;
	uint64_t st_mtime_ns;
	uint64_t st_ctime_ns;
};

struct dirent_rec {        /* one getdents record; reclen is a multiple of 8 */
	uint64_t d_ino;
	uint16_t d_reclen;
	uint8_t  d_type;
	char     d_name[];     /* NUL-terminated */
};

struct timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct mem_stats {
	uint64_t allocated;
	uint64_t limit;
	uint64_t peak;
	uint64_t region_count;
	uint64_t shm_count;
};

struct system_mem_stats {
	uint64_t total_allocated;
	uint64_t system_limit;
	uint64_t shm_count;
	uint64_t shm_total_size;
};

struct sigaction {
	uint64_t sa_handler;   /* SIG_DFL, SIG_IGN or the address of void h(int) */
	uint64_t sa_mask;      /* bit s blocks signal s while the handler runs */
	uint64_t sa_flags;
	uint64_t sa_restorer;
};

/*
 * The frame a signal handler runs on.  At the handler's first instruction
 * rsp points at the return address (the restorer); the sigcontext follows
 * it, 16-byte aligned, so when the restorer issues sigreturn rsp points at
 * the sigcontext.  The handler is called as h(sig, 0, &sigcontext).
 * sigreturn restores every field (rflags: the user-changeable bits only; a
 * non-canonical rip gives SIGSEGV).
 */
struct sigcontext {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t rip, rflags, rsp;
	uint64_t mask;         /* the blocked set to restore */
	uint64_t signo;        /* the signal being handled */
	uint8_t  fpu[512] __attribute__((aligned(16)));   /* FXSAVE image */
};

struct trace_summary {
	uint64_t uptime_ns;
	uint64_t syscalls;
	uint64_t syscall_errors;
	uint64_t context_switches;
	uint64_t ticks;
	uint64_t idle_ticks;
	uint64_t procs_created;
	uint64_t procs_exited;
	uint64_t procs_alive;
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint64_t per_syscall[NR_SYSCALLS];
};

struct sockaddr_in {
	uint16_t sin_family;
	uint16_t sin_port;     /* network byte order */
	uint32_t sin_addr;     /* network byte order */
	uint8_t  sin_zero[8];
};

/* A System V message: i64 type (> 0) then the payload. */
struct msgbuf {
	int64_t mtype;
	char    mtext[];
};

/* ---- Kernel facts a test may ask for (kernel-private calls) -------------- */
/*
 * SYS_kinfo (78) is the first call added after the fixed ones: it reports
 * kernel counters that tests use to prove nothing leaks.  kinfo(which).
 */
#define SYS_kinfo              78
#define KINFO_FREE_PAGES        0   /* free physical pages */
#define KINFO_NPROCS            1   /* process slots in use */
#define KINFO_OPEN_FILES        2   /* open-file objects alive */
#define KINFO_HEAP_BYTES        3   /* kernel heap bytes in use */
#define KINFO_TICKS             4   /* timer ticks since boot */
#define KINFO_TOTAL_PAGES       5   /* usable physical pages */
#define KINFO_INODES            6   /* live tmpfs inodes, unlinked-but-open included */
#define KINFO_BOOT_TSC_TO_INIT  7   /* TSC ticks from the kernel's first instruction to pid 1's first */

/* ---- Calls added after the fixed table (79 and up) ------------------------ */
/*
 * pipe2(int fds[2], flags): pipe() with O_NONBLOCK and/or O_CLOEXEC on both
 * ends (other bits: EINVAL).  pipe() itself takes exactly one argument.
 */
#define SYS_pipe2              79
/*
 * proc_info(slot, struct proc_info *out, size): what `ps` shows.  slot runs
 * over 0..NPROC_MAX-1; an unused slot gives ESRCH, a slot out of range
 * EINVAL.  Fills min(size, sizeof) bytes and returns the pid.
 */
#define SYS_proc_info          80
/* uname(struct utsname *): the kernel's name, version and machine. */
#define SYS_uname              81
/* reboot(cmd): REBOOT_POWEROFF or REBOOT_RESTART; uid 0 only (EPERM). */
#define SYS_reboot             82
/*
 * trace_read(struct trace_record *buf, size_t count): the events of the
 * trace ring (trace_event and the kernel's own), oldest first; returns how
 * many records were copied (at most count, at most TRACE_RING).
 */
#define SYS_trace_read         83
/* Every number from here to NR_SYSCALLS - 1 is a hole (ENOSYS). */
#define SYS_FIRST_UNUSED       84

#define REBOOT_POWEROFF 1
#define REBOOT_RESTART  2

/* Process states as proc_info reports them. */
#define PSTATE_RUNNABLE 1   /* 'R': running or ready to run */
#define PSTATE_SLEEPING 2   /* 'S': waiting for something */
#define PSTATE_STOPPED  3   /* 'T': stopped by a signal */
#define PSTATE_ZOMBIE   4   /* 'Z': exited, not yet reaped */

struct proc_info {
	int32_t  pid;
	int32_t  ppid;
	int32_t  pgid;
	uint32_t uid;
	uint32_t state;        /* PSTATE_* */
	uint32_t pad;
	uint64_t mem_bytes;    /* user memory held (memstats' allocated) */
	uint64_t ticks;        /* timer ticks spent running */
	char     name[32];     /* the program (its path's last part), NUL-terminated */
};

struct utsname {
	char sysname[32];      /* "Aurora" */
	char release[32];      /* kernel version, e.g. "0.7.0" */
	char version[64];      /* build description */
	char machine[32];      /* "x86_64" */
};

#define TRACE_TEXT_MAX 48  /* trace_event keeps at most this many bytes */
#define TRACE_RING     256 /* events kept; the oldest is overwritten */
struct trace_record {
	uint64_t seq;          /* 1, 2, ... since the last trace_reset */
	uint64_t time_ns;      /* since boot */
	int32_t  pid;          /* who recorded it (0: the kernel) */
	uint32_t len;          /* bytes of text */
	char     text[TRACE_TEXT_MAX];
};

/* ---- ioctl requests ------------------------------------------------------ */
/* Linux's numbers where Linux has the request; arguments are pointers. */
#define TIOCGPGRP   0x540F  /* int *: the console's foreground process group */
#define TIOCSPGRP   0x5410  /* const int *: make that group the foreground */
#define TIOCGWINSZ  0x5413  /* struct winsize *: the terminal size */
#define TIOCSWINSZ  0x5414  /* const struct winsize *: set it (SIGWINCH to fg) */
#define FIONREAD    0x541B  /* int *: bytes ready to read now */
#define FIONBIO     0x5421  /* const int *: nonzero sets O_NONBLOCK on the open file */
#define TCGETMODE   0x5480  /* int *: the console mode (CON_* bits) */
#define TCSETMODE   0x5481  /* const int *: set the console mode */

/* Console modes: CON_COOKED is the default, 0 is raw (bytes as typed). */
#define CON_ECHO    0x1     /* typed bytes are written back */
#define CON_CANON   0x2     /* line editing: reads return whole lines; backspace,
			       Ctrl-U kill the line, Ctrl-D ends input */
#define CON_ISIG    0x4     /* Ctrl-C: SIGINT, Ctrl-Z: SIGTSTP, Ctrl-\: SIGQUIT
			       to the foreground group */
#define CON_CRLF    0x8     /* output "\n" goes out as "\r\n"; input "\r" reads as "\n" */
#define CON_RAW     0
#define CON_COOKED  (CON_ECHO | CON_CANON | CON_ISIG | CON_CRLF)

struct winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

/* ---- Kernel limits a program may rely on ---------------------------------- */
#define NPROC_MAX   64              /* process slots (pid 1 included) */
#define ARG_MAX     (128 * 1024)    /* execve: bytes of argv + envp strings */

#endif /* AURORA_ABI_H */
