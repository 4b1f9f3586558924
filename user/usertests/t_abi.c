/*
 * t_abi.c: conformance tests written from shared/spec/ABI.md alone, the way
 * an independent suite that knows nothing but that page would test us.
 *
 * Every call goes through the raw SYSCALL gate with its number written as a
 * literal from ABI.md's table (nr_* below), and every flag, error code and
 * structure is spelled out here from ABI.md's "Exact values and signatures",
 * not taken from our header, so that a numbering or layout mistake in the
 * header cannot hide the same mistake in the kernel.  (abi_header checks the
 * header itself against the same values.)
 *
 * Each test names the ABI.md sentence it checks.  Where ABI.md names no
 * error for a bad argument we expect -1 (EINVAL), as its "Results and
 * errors" says; where it is ambiguous between two reasonable codes the test
 * accepts both and says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <sys/mman.h>
#include "ut.h"

/* ---- Numbers from ABI.md "The table" ------------------------------------- */
enum {
	nr_exit = 0, nr_write = 1, nr_yield = 2, nr_fork = 3, nr_execve = 4,
	nr_waitpid = 5, nr_open = 6, nr_close = 7, nr_read = 8, nr_stat = 9,
	nr_fstat = 10, nr_lseek = 11, nr_getdents = 12, nr_mmap = 13,
	nr_munmap = 14, nr_mkdir = 15, nr_unlink = 16, nr_pipe = 17,
	nr_dup2 = 18, nr_msgsnd = 19, nr_msgrcv = 20, nr_shmget = 21,
	nr_shmat = 22, nr_shmdt = 23, nr_getpid = 30, nr_brk = 31,
	nr_kill = 32, nr_getcwd = 33, nr_clock = 34, nr_nanosleep = 35,
	nr_ioctl = 36, nr_sigaction = 37, nr_sigreturn = 39, nr_dup = 40,
	nr_chdir = 41, nr_mem_alloc = 42, nr_mem_free = 43, nr_mem_read = 44,
	nr_mem_write = 45, nr_shm_sync = 46, nr_shm_refresh = 47,
	nr_memstats = 48, nr_set_memlimit = 49, nr_system_memstats = 50,
	nr_console_push_input = 52, nr_console_take_output = 53,
	nr_timer_set = 54, nr_timer_interval = 55, nr_timer_cancel = 56,
	nr_signal = 57, nr_sigblock = 58, nr_sigunblock = 59,
	nr_sigpending = 60, nr_trace_enable = 61, nr_trace_disable = 62,
	nr_trace_enabled = 63, nr_trace_summary = 64, nr_trace_reset = 65,
	nr_trace_event = 66, nr_filter_set = 67, nr_getppid = 68,
	nr_rmdir = 69, nr_rename = 70, nr_msgget = 71, nr_msgctl = 72,
	nr_shmctl = 73, nr_setpgid = 74, nr_getpgid = 75, nr_getuid = 76,
	nr_setuid = 77,
};

/* ---- Results from ABI.md "Results and errors" (the fixed codes) ----------- */
enum {
	R_EINVAL = -1, R_EPERM = -2, R_ENOENT = -3, R_EBADF = -4,
	R_ENOMEM = -5, R_EAGAIN = -6, R_EPIPE = -7, R_EBUSY = -8,
	R_ESRCH = -9, R_EIO = -10, R_EINTR = -11, R_EFAULT = -12,
	R_EEXIST = -13, R_ENOTDIR = -14, R_EISDIR = -15, R_EMFILE = -16,
	R_ENOSYS = -17, R_ECHILD = -18,
};
/* The "more codes" have no fixed values in ABI.md: those come from the one
 * shared header (ENOTEMPTY, ENAMETOOLONG, ESPIPE, E2BIG, ENOEXEC, EIDRM). */

/* ---- Values from "Exact values and signatures" --------------------------- */
#define A_READ      0x1
#define A_WRITE     0x2
#define A_CREATE    0x4
#define A_TRUNCATE  0x8
#define A_APPEND    0x10
#define A_EXCL      0x20
#define A_NONBLOCK  0x40
#define A_CLOEXEC   0x80
#define A_DIRECTORY 0x100
#define A_OPEN_READ   A_READ
#define A_OPEN_WRITE  (A_WRITE | A_CREATE | A_TRUNCATE)
#define A_OPEN_RDWR   (A_READ | A_WRITE)
#define A_OPEN_APPEND (A_WRITE | A_CREATE | A_APPEND)

#define A_PROT_READ   0x1
#define A_PROT_WRITE  0x2
#define A_PROT_EXEC   0x4
#define A_READ_WRITE  0x3
#define A_READ_EXEC   0x5
#define A_MAP_SHARED  0x1
#define A_MAP_PRIVATE 0x2
#define A_MAP_FIXED   0x10
#define A_MAP_ANON    0x20

#define A_SEEK_SET 0
#define A_SEEK_CUR 1
#define A_SEEK_END 2
#define A_WNOHANG  1
#define A_WUNTRACED 2   /* NOT in ABI.md: Linux's value, to see stopped children */

#define A_IPC_PRIVATE 0
#define A_IPC_CREAT   0x200
#define A_IPC_EXCL    0x400
#define A_IPC_NOWAIT  0x800
#define A_IPC_RMID    0
#define A_MSG_NOERROR 0x1000

#define A_ACT_DEFAULT   0
#define A_ACT_IGNORE    1
#define A_ACT_TERMINATE 2
#define A_ACT_HANDLE    3
#define A_SA_NODEFER   0x40000000ul
#define A_SA_RESETHAND 0x80000000ul
#define A_SA_RESTORER  0x04000000ul

#define A_S_IFMT   0170000
#define A_S_IFSOCK 0140000
#define A_S_IFREG  0100000
#define A_S_IFDIR  0040000
#define A_S_IFCHR  0020000
#define A_S_IFIFO  0010000

#define PG 4096ul

/* ---- Structures from "Structures (little-endian, natural alignment)" ----- */
struct a_stat {
	uint64_t ino, size;
	uint32_t mode, nlink, uid, gid;
	uint64_t atime_ns, mtime_ns, ctime_ns;
};
struct a_timespec { int64_t sec, nsec; };
struct a_mem_stats { uint64_t allocated, limit, peak, region_count, shm_count; };
struct a_sys_stats { uint64_t total_allocated, system_limit, shm_count, shm_total_size; };
struct a_sigaction { uint64_t handler, mask, flags, restorer; };
struct a_trace {
	uint64_t uptime_ns, syscalls, syscall_errors, context_switches, ticks,
		 idle_ticks, procs_created, procs_exited, procs_alive,
		 bytes_read, bytes_written, per_syscall[256];
};
struct a_msg { int64_t type; char text[120]; };

/* ---- Raw calls ------------------------------------------------------------ */
#define R6(n, a, b, c, d, e, f)                                                \
	__syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
		   (long)(f))
#define R0(n)                R6(n, 0, 0, 0, 0, 0, 0)
#define R1(n, a)             R6(n, a, 0, 0, 0, 0, 0)
#define R2(n, a, b)          R6(n, a, b, 0, 0, 0, 0)
#define R3(n, a, b, c)       R6(n, a, b, c, 0, 0, 0)
#define R4(n, a, b, c, d)    R6(n, a, b, c, d, 0, 0)
#define R5(n, a, b, c, d, e) R6(n, a, b, c, d, e, 0)

/*
 * In this file a failed expectation is reported and the test goes on, so
 * that one run lists every discrepancy; the test (each test_abi_* wraps its
 * body) and any child leaving through raw_exit or in_child then exit 1.
 * CHECK stays fatal: it guards what the rest of a test stands on.
 */
static int abi_failures;
static void abi_soft_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void abi_soft_fail(const char *fmt, ...)
{
	char m[400];
	va_list ap;

	abi_failures++;
	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	ut_note("%s", m);
}
#undef EXPECT_EQ
#define EXPECT_EQ(got, want, what)                                             \
	do {                                                                   \
		long g_ = (long)(got), w_ = (long)(want);                      \
		if (g_ != w_)                                                  \
			abi_soft_fail("line %d: %s: got %ld (%#lx), want %ld", \
				      __LINE__, (what), g_, g_, w_);           \
	} while (0)

/* EXPECT_EQ with a printf-style label. */
#define EXPECT_EQF(got, want, ...)                                             \
	do {                                                                   \
		long g_ = (long)(got), w_ = (long)(want);                      \
		if (g_ != w_) {                                                \
			char m_[192];                                          \
			snprintf(m_, sizeof(m_), __VA_ARGS__);                 \
			abi_soft_fail("line %d: %s: got %ld (%#lx), want %ld", \
				      __LINE__, m_, g_, g_, w_);               \
		}                                                              \
	} while (0)
/* For the few places where ABI.md leaves two codes equally reasonable. */
#define EXPECT_EITHER(got, w1, w2, what)                                       \
	do {                                                                   \
		long g_ = (long)(got);                                         \
		if (g_ != (long)(w1) && g_ != (long)(w2))                      \
			abi_soft_fail("line %d: %s: got %ld, want %ld or %ld", \
				      __LINE__, (what), g_, (long)(w1),        \
				      (long)(w2));                             \
	} while (0)

#define KDIRECT_ADDR 0xffff800000000000ul   /* kernel half, lowest address */
#define NONCANON_ADDR 0x0000800000000000ul  /* first non-canonical address */

static __attribute__((noreturn)) void raw_exit(int code)
{
	if (abi_failures && code == 0)
		code = 1;
	R1(nr_exit, code);
	__builtin_unreachable();
}

static uintptr_t xmmap(size_t len, int prot)
{
	long r = R6(nr_mmap, 0, len, prot, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);

	CHECK(r > 0 && (r & (long)(PG - 1)) == 0, "mmap(%zu, prot %d) = %ld",
	      len, prot, r);
	return (uintptr_t)r;
}

static void xmunmap(uintptr_t a, size_t len)
{
	long r = R2(nr_munmap, a, len);

	CHECK(r == 0, "munmap(%#lx, %zu) = %ld", (unsigned long)a, len, r);
}

/* A page that is certainly not mapped (it was, a moment ago): the middle
 * of a 17-page hole, so that a small mapping made later does not fill it. */
static uintptr_t unmapped_page(void)
{
	uintptr_t a = xmmap(17 * PG, A_READ_WRITE);

	xmunmap(a, 17 * PG);
	return a + 8 * PG;
}

/* A page that is mapped read-only. */
static uintptr_t ro_page(void)
{
	return xmmap(PG, A_PROT_READ);
}

/* Bad pointers for an input buffer; [i] is described by bad_in_name[i]. */
#define NBAD_IN 5
static const char *const bad_in_name[NBAD_IN] = {
	"NULL", "kernel text", "kernel direct map", "non-canonical", "unmapped",
};
static void bad_in(uintptr_t p[NBAD_IN])
{
	p[0] = 0;
	p[1] = KTEXT_ADDR;
	p[2] = KDIRECT_ADDR;
	p[3] = NONCANON_ADDR;
	p[4] = unmapped_page();
}

/* Bad pointers for an output buffer: the above, plus read-only memory and
 * our own code (mapped, but not writable). */
#define NBAD_OUT 7
static const char *const bad_out_name[NBAD_OUT] = {
	"NULL", "kernel text", "kernel direct map", "non-canonical", "unmapped",
	"read-only page", "program text",
};
static void __attribute__((noinline)) abi_text_victim(void)
{
	__asm__ volatile("nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop;"
			 "nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop;");
}
static void bad_out(uintptr_t p[NBAD_OUT])
{
	p[5] = ro_page();          /* first: it must not fill the hole */
	bad_in(p);
	p[6] = (uintptr_t)ut_addr((uintptr_t)abi_text_victim);
}

/* Runs fn in a child that must exit 0 within 10 s. */
static void in_child(void (*fn)(void), const char *what)
{
	pid_t pid = ut_fork();
	int st;

	if (pid == 0) {
		fn();
		exit(abi_failures ? 1 : 0);
	}
	st = ut_wait_ms(pid, 10000);
	CHECK(st == 0, "%s: child %s", what, ut_status(st));
}

static void child_ok(pid_t pid, const char *what)
{
	int st = ut_wait_ms(pid, 10000);

	CHECK(st == 0, "%s: child %s", what, ut_status(st));
}

/* Our own restorer: what "returns, through the restorer, to sigreturn"
 * means for a program that brings its own (SA_RESTORER). */
extern void abi_restorer(void);
__asm__(".text\n"
	".globl abi_restorer\n"
	".type abi_restorer, @function\n"
	"abi_restorer:\n\t"
	"movl $39, %eax\n\t"      /* sigreturn */
	"syscall\n\t"
	"ud2\n");

static long abi_sigaction(int sig, void (*h)(int), uint64_t mask, uint64_t flags)
{
	struct a_sigaction sa = {
		.handler = (uint64_t)(uintptr_t)h,
		.mask = mask,
		.flags = flags | A_SA_RESTORER,
		.restorer = (uint64_t)(uintptr_t)abi_restorer,
	};

	return R3(nr_sigaction, sig, &sa, 0);
}

static void abi_handle(int sig, void (*h)(int), uint64_t mask, uint64_t flags)
{
	long r = abi_sigaction(sig, h, mask, flags);

	CHECK(r == 0, "sigaction(%d, handler) = %ld", sig, r);
}

/* Yields until *flag reaches want or about ms pass: 1 if it did. */
static int wait_for(volatile int *flag, int want, unsigned ms)
{
	uint64_t t0 = rdtsc(), n = ut_ms(ms);

	while (*flag < want && rdtsc() - t0 < n)
		R0(nr_yield);
	return *flag >= want;
}

static int xopen(const char *path, int flags)
{
	long fd = R2(nr_open, path, flags);

	CHECK(fd >= 0, "open(%s, %#x) = %ld", path, flags, fd);
	return (int)fd;
}

static void xclose(long fd)
{
	long r = R1(nr_close, fd);

	CHECK(r == 0, "close(%ld) = %ld", fd, r);
}

static void xpipe(int fds[2])
{
	long r = R1(nr_pipe, fds);

	CHECK(r == 0, "pipe = %ld", r);
}

static struct a_stat xstat(const char *path)
{
	struct a_stat st;
	long r = R2(nr_stat, path, &st);

	CHECK(r == 0, "stat(%s) = %ld", path, r);
	return st;
}

static void put_file(const char *path, const char *text)
{
	int fd = xopen(path, A_OPEN_WRITE);
	size_t n = strlen(text);

	EXPECT_EQF(R3(nr_write, fd, text, n), n, "write %s", path);
	xclose(fd);
}

/* Reads the whole file (at most max - 1 bytes) into buf, NUL-terminated. */
static long get_file(const char *path, char *buf, size_t max)
{
	int fd = xopen(path, A_READ);
	long n = 0, r;

	while ((size_t)n < max - 1 &&
	       (r = R3(nr_read, fd, buf + n, max - 1 - (size_t)n)) > 0)
		n += r;
	buf[n] = 0;
	xclose(fd);
	return n;
}

static struct a_mem_stats xmemstats(void)
{
	struct a_mem_stats ms;
	long r = R1(nr_memstats, &ms);

	CHECK(r == 0, "memstats = %ld", r);
	return ms;
}

/* A filter bitmap: all calls allowed but the ones named (-1 ends). */
static void bitmap_without(uint8_t bm[32], const int *blocked)
{
	memset(bm, 0xff, 32);
	for (; *blocked >= 0; blocked++)
		bm[*blocked / 8] &= (uint8_t)~(1u << (*blocked % 8));
}

/* ========================================================================== */
/* The header carries ABI.md's values ("These values are fixed; the one ABI
 * header carries them").                                                     */
/* ========================================================================== */

#define HDR(a, b) EXPECT_EQF((long)(a), (long)(b), "header: %s", #a)

static void body_abi_header(void)
{
	/* "Results and errors": -1 .. -18. */
	HDR(EINVAL, 1); HDR(EPERM, 2); HDR(ENOENT, 3); HDR(EBADF, 4);
	HDR(ENOMEM, 5); HDR(EAGAIN, 6); HDR(EPIPE, 7); HDR(EBUSY, 8);
	HDR(ESRCH, 9); HDR(EIO, 10); HDR(EINTR, 11); HDR(EFAULT, 12);
	HDR(EEXIST, 13); HDR(ENOTDIR, 14); HDR(EISDIR, 15); HDR(EMFILE, 16);
	HDR(ENOSYS, 17); HDR(ECHILD, 18);
	/* "More codes ... are added from -19 down, each once, ... with a
	 * strerror text." */
	{
		static const int more[] = { ENOTEMPTY, ENAMETOOLONG, ENOSPC, ESPIPE,
			E2BIG, ENOEXEC, ECONNREFUSED, EADDRINUSE, ENOTCONN,
			ETIMEDOUT, EIDRM };
		size_t n = sizeof(more) / sizeof(more[0]);
		char unknown[64];

		snprintf(unknown, sizeof(unknown), "%s", strerror(9999));
		for (size_t i = 0; i < n; i++) {
			CHECK(more[i] >= 19, "more code #%zu is %d (< 19)", i, more[i]);
			for (size_t j = 0; j < i; j++)
				CHECK(more[i] != more[j], "codes #%zu and #%zu are both %d",
				      i, j, more[i]);
			CHECK(strerror(more[i]) && strerror(more[i])[0] &&
			      strcmp(strerror(more[i]), unknown) != 0,
			      "no strerror text for %d", more[i]);
		}
		for (int e = 1; e <= 18; e++)
			CHECK(strcmp(strerror(e), unknown) != 0, "no strerror for %d", e);
	}

	/* "The table". */
	HDR(SYS_exit, 0); HDR(SYS_write, 1); HDR(SYS_yield, 2); HDR(SYS_fork, 3);
	HDR(SYS_execve, 4); HDR(SYS_waitpid, 5); HDR(SYS_open, 6);
	HDR(SYS_close, 7); HDR(SYS_read, 8); HDR(SYS_stat, 9); HDR(SYS_fstat, 10);
	HDR(SYS_lseek, 11); HDR(SYS_getdents, 12); HDR(SYS_mmap, 13);
	HDR(SYS_munmap, 14); HDR(SYS_mkdir, 15); HDR(SYS_unlink, 16);
	HDR(SYS_pipe, 17); HDR(SYS_dup2, 18); HDR(SYS_msgsnd, 19);
	HDR(SYS_msgrcv, 20); HDR(SYS_shmget, 21); HDR(SYS_shmat, 22);
	HDR(SYS_shmdt, 23); HDR(SYS_socket, 24); HDR(SYS_bind, 25);
	HDR(SYS_connect, 26); HDR(SYS_accept, 27); HDR(SYS_send, 28);
	HDR(SYS_recv, 29); HDR(SYS_getpid, 30); HDR(SYS_brk, 31);
	HDR(SYS_kill, 32); HDR(SYS_getcwd, 33); HDR(SYS_clock, 34);
	HDR(SYS_nanosleep, 35); HDR(SYS_ioctl, 36); HDR(SYS_sigaction, 37);
	HDR(SYS_listen, 38); HDR(SYS_sigreturn, 39); HDR(SYS_dup, 40);
	HDR(SYS_chdir, 41); HDR(SYS_mem_alloc, 42); HDR(SYS_mem_free, 43);
	HDR(SYS_mem_read, 44); HDR(SYS_mem_write, 45); HDR(SYS_shm_sync, 46);
	HDR(SYS_shm_refresh, 47); HDR(SYS_memstats, 48);
	HDR(SYS_set_memlimit, 49); HDR(SYS_system_memstats, 50);
	HDR(SYS_window_create, 51); HDR(SYS_console_push_input, 52);
	HDR(SYS_console_take_output, 53); HDR(SYS_timer_set, 54);
	HDR(SYS_timer_interval, 55); HDR(SYS_timer_cancel, 56);
	HDR(SYS_signal, 57); HDR(SYS_sigblock, 58); HDR(SYS_sigunblock, 59);
	HDR(SYS_sigpending, 60); HDR(SYS_trace_enable, 61);
	HDR(SYS_trace_disable, 62); HDR(SYS_trace_enabled, 63);
	HDR(SYS_trace_summary, 64); HDR(SYS_trace_reset, 65);
	HDR(SYS_trace_event, 66); HDR(SYS_filter_set, 67); HDR(SYS_getppid, 68);
	HDR(SYS_rmdir, 69); HDR(SYS_rename, 70); HDR(SYS_msgget, 71);
	HDR(SYS_msgctl, 72); HDR(SYS_shmctl, 73); HDR(SYS_setpgid, 74);
	HDR(SYS_getpgid, 75); HDR(SYS_getuid, 76); HDR(SYS_setuid, 77);

	/* "Flags and constants". */
	HDR(O_READ, 0x1); HDR(O_WRITE, 0x2); HDR(O_CREATE, 0x4);
	HDR(O_TRUNCATE, 0x8); HDR(O_APPEND, 0x10); HDR(O_EXCL, 0x20);
	HDR(O_NONBLOCK, 0x40); HDR(O_CLOEXEC, 0x80); HDR(O_DIRECTORY, 0x100);
	HDR(OPEN_READ, 0x1); HDR(OPEN_WRITE, 0xe); HDR(OPEN_RDWR, 0x3);
	HDR(OPEN_APPEND, 0x16);
	HDR(PROT_READ, 1); HDR(PROT_WRITE, 2); HDR(PROT_EXEC, 4);
	HDR(PROT_READ_WRITE, 3); HDR(PROT_READ_EXEC, 5);
	HDR(MAP_SHARED, 1); HDR(MAP_PRIVATE, 2); HDR(MAP_FIXED, 0x10);
	HDR(MAP_ANONYMOUS, 0x20);
	HDR(SEEK_SET, 0); HDR(SEEK_CUR, 1); HDR(SEEK_END, 2); HDR(WNOHANG, 1);
	HDR(IPC_PRIVATE, 0); HDR(IPC_CREAT, 0x200); HDR(IPC_EXCL, 0x400);
	HDR(IPC_NOWAIT, 0x800); HDR(IPC_RMID, 0); HDR(MSG_NOERROR, 0x1000);
	HDR(SIGACT_DEFAULT, 0); HDR(SIGACT_IGNORE, 1); HDR(SIGACT_TERMINATE, 2);
	HDR(SIGACT_HANDLE, 3);
	HDR(SA_NODEFER, 0x40000000ul); HDR(SA_RESETHAND, 0x80000000ul);
	HDR(SA_RESTORER, 0x04000000ul);
	HDR(CLOCK_TSC, 0); HDR(CLOCK_TSC_HZ, 1); HDR(CLOCK_NS_BOOT, 2);
	HDR(AF_UNIX, 1); HDR(AF_INET, 2); HDR(SOCK_STREAM, 1); HDR(SOCK_DGRAM, 2);
	HDR(S_IFREG, 0100000); HDR(S_IFDIR, 0040000); HDR(S_IFCHR, 0020000);
	HDR(S_IFIFO, 0010000); HDR(S_IFSOCK, 0140000);
	HDR(PIPE_BUF, 4096);
	/* "Signals: Numbers as in Linux". */
	HDR(SIGHUP, 1); HDR(SIGINT, 2); HDR(SIGQUIT, 3); HDR(SIGILL, 4);
	HDR(SIGTRAP, 5); HDR(SIGABRT, 6); HDR(SIGBUS, 7); HDR(SIGFPE, 8);
	HDR(SIGKILL, 9); HDR(SIGUSR1, 10); HDR(SIGSEGV, 11); HDR(SIGUSR2, 12);
	HDR(SIGPIPE, 13); HDR(SIGALRM, 14); HDR(SIGTERM, 15); HDR(SIGCHLD, 17);
	HDR(SIGCONT, 18); HDR(SIGSTOP, 19); HDR(SIGTSTP, 20);
	/* "Wait status". */
	HDR(WIFEXITED(3 << 8), 1); HDR(WEXITSTATUS(3 << 8), 3);
	HDR(WIFSIGNALED(9), 1); HDR(WTERMSIG(9), 9); HDR(WIFEXITED(9), 0);
	HDR(WIFSIGNALED(11 | 0x80), 1); HDR(WTERMSIG(11 | 0x80), 11);
	HDR(WIFSTOPPED((19 << 8) | 0x7f), 1); HDR(WSTOPSIG((19 << 8) | 0x7f), 19);
	HDR(WIFSIGNALED((19 << 8) | 0x7f), 0);

	/* "Structures". */
	HDR(sizeof(struct stat), 56);
	HDR(offsetof(struct stat, st_ino), 0); HDR(offsetof(struct stat, st_size), 8);
	HDR(offsetof(struct stat, st_mode), 16); HDR(offsetof(struct stat, st_nlink), 20);
	HDR(offsetof(struct stat, st_uid), 24); HDR(offsetof(struct stat, st_gid), 28);
	HDR(offsetof(struct stat, st_atime_ns), 32);
	HDR(offsetof(struct stat, st_mtime_ns), 40);
	HDR(offsetof(struct stat, st_ctime_ns), 48);
	HDR(sizeof(((struct stat *)0)->st_mode), 4);
	HDR(offsetof(struct dirent_rec, d_ino), 0);
	HDR(offsetof(struct dirent_rec, d_reclen), 8);
	HDR(sizeof(((struct dirent_rec *)0)->d_reclen), 2);
	HDR(offsetof(struct dirent_rec, d_type), 10);
	HDR(offsetof(struct dirent_rec, d_name), 11);
	HDR(sizeof(struct timespec), 16);
	HDR(offsetof(struct timespec, tv_nsec), 8);
	HDR(sizeof(struct mem_stats), 40);
	HDR(offsetof(struct mem_stats, limit), 8);
	HDR(offsetof(struct mem_stats, peak), 16);
	HDR(offsetof(struct mem_stats, region_count), 24);
	HDR(offsetof(struct mem_stats, shm_count), 32);
	HDR(sizeof(struct system_mem_stats), 32);
	HDR(offsetof(struct system_mem_stats, system_limit), 8);
	HDR(offsetof(struct system_mem_stats, shm_count), 16);
	HDR(offsetof(struct system_mem_stats, shm_total_size), 24);
	HDR(sizeof(struct sigaction), 32);
	HDR(offsetof(struct sigaction, sa_handler), 0);
	HDR(offsetof(struct sigaction, sa_mask), 8);
	HDR(offsetof(struct sigaction, sa_flags), 16);
	HDR(offsetof(struct sigaction, sa_restorer), 24);
	HDR(offsetof(struct trace_summary, uptime_ns), 0);
	HDR(offsetof(struct trace_summary, bytes_written), 80);
	HDR(offsetof(struct trace_summary, per_syscall), 88);
	HDR(offsetof(struct trace_summary, per_syscall[255]), 88 + 255 * 8);
	HDR(sizeof(struct sockaddr_in), 16);
	HDR(offsetof(struct sockaddr_in, sin_port), 2);
	HDR(offsetof(struct sockaddr_in, sin_addr), 4);
	HDR(offsetof(struct sockaddr_in, sin_zero), 8);
	HDR(offsetof(struct msgbuf, mtext), 8);
	/* Our own copies of the structures match too. */
	HDR(sizeof(struct a_stat), 56); HDR(sizeof(struct a_mem_stats), 40);
	HDR(sizeof(struct a_sys_stats), 32); HDR(sizeof(struct a_sigaction), 32);
	HDR(sizeof(struct a_trace), 88 + 256 * 8);
}

/* ========================================================================== */
/* Entry and registers                                                         */
/* ========================================================================== */

/* "A number that names no call (negative, >= 256, a hole) returns -ENOSYS";
 * "int $0x80 ... behaves exactly the same (same table, same registers, same
 * results, same filter)". */
static void body_abi_entry(void)
{
	static const long none[] = {
		-1, -2, -1000, 256, 257, 511, 1000, 0x7fffffff, 0x80000000l,
		0x100000000l + 30,        /* getpid's number with a high bit set */
		0x100000000l, (long)0x8000000000000000ul, 255,
	};

	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		EXPECT_EQF(R0(none[i]), R_ENOSYS, "call %#lx via syscall", none[i]);
		EXPECT_EQF(__syscall6_int80(none[i], 0, 0, 0, 0, 0, 0), R_ENOSYS,
			   "call %#lx via int $0x80", none[i]);
	}

	/* The same table through both gates. */
	long pid = R0(nr_getpid);
	CHECK(pid > 0, "getpid = %ld", pid);
	EXPECT_EQ(__syscall6_int80(nr_getpid, 0, 0, 0, 0, 0, 0), pid, "getpid via int $0x80");
	EXPECT_EQ(__syscall6_int80(nr_getppid, 0, 0, 0, 0, 0, 0), R0(nr_getppid),
		  "getppid via int $0x80");
	EXPECT_EQ(__syscall6_int80(nr_close, 1000, 0, 0, 0, 0, 0), R_EBADF,
		  "close(1000) via int $0x80");
	EXPECT_EQ(__syscall6_int80(nr_write, 1, KTEXT_ADDR, 8, 0, 0, 0), R_EFAULT,
		  "write(kernel address) via int $0x80");
	/* The 4th argument is in r10 on both paths: lseek's whence is the
	 * 3rd, so use mmap (len 2nd, flags 4th). */
	long a = __syscall6_int80(nr_mmap, 0, PG, A_READ_WRITE,
				  A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	CHECK(a > 0, "mmap via int $0x80 = %ld", a);
	*(volatile char *)a = 1;
	EXPECT_EQ(__syscall6_int80(nr_munmap, a, PG, 0, 0, 0, 0), 0, "munmap via int $0x80");

	/* "Later additions start at 78": 78 is a call. */
	CHECK(R1(78, 0) != R_ENOSYS, "call 78 is not implemented");

	/* "SYSCALL does not switch stacks: the entry code must load the kernel
	 * stack itself ... Never trust the user rsp." A call made with rsp
	 * pointing at nothing, or at the kernel, works (rbx is preserved). */
	static const unsigned long bad_rsp[] = { 0, 8, KTEXT_ADDR, KDIRECT_ADDR + 4096,
						 NONCANON_ADDR };
	for (size_t i = 0; i < sizeof(bad_rsp) / sizeof(bad_rsp[0]); i++) {
		for (int gate = 0; gate < 2; gate++) {
			pid_t pid = ut_fork();

			if (pid == 0) {
				long got;

				if (gate == 0)
					__asm__ volatile("mov %%rsp, %%rbx\n\t"
							 "mov %[bad], %%rsp\n\t"
							 "syscall\n\t"
							 "mov %%rbx, %%rsp"
							 : "=a"(got)
							 : "a"((long)nr_getpid), [bad] "r"(bad_rsp[i])
							 : "rbx", "rcx", "r11", "memory");
				else
					__asm__ volatile("mov %%rsp, %%rbx\n\t"
							 "mov %[bad], %%rsp\n\t"
							 "int $0x80\n\t"
							 "mov %%rbx, %%rsp"
							 : "=a"(got)
							 : "a"((long)nr_getpid), [bad] "r"(bad_rsp[i])
							 : "rbx", "memory");
				raw_exit(got == R0(nr_getpid) ? 0 : 1);
			}
			int st = ut_wait_ms(pid, 5000);
			EXPECT_EQF(st, 0, "getpid via %s with rsp = %#lx: %s",
				   gate ? "int $0x80" : "syscall", bad_rsp[i], ut_status(st));
		}
	}

	/* "SFMASK clears at least IF, TF, DF, AC on entry": a call made with
	 * DF set copies forwards all the same. */
	int p[2];
	char out[32];
	xpipe(p);
	long w, r;
	__asm__ volatile("std\n\t"
			 "syscall\n\t"
			 "cld"
			 : "=a"(w)
			 : "a"((long)nr_write), "D"((long)p[1]), "S"("0123456789abcdef"),
			   "d"(16l)
			 : "rcx", "r11", "memory", "cc");
	EXPECT_EQ(w, 16, "write with DF set");
	memset(out, 0, sizeof(out));
	__asm__ volatile("std\n\t"
			 "syscall\n\t"
			 "cld"
			 : "=a"(r)
			 : "a"((long)nr_read), "D"((long)p[0]), "S"(out), "d"(16l)
			 : "rcx", "r11", "memory", "cc");
	EXPECT_EQ(r, 16, "read with DF set");
	CHECK(memcmp(out, "0123456789abcdef", 16) == 0 && out[16] == 0,
	      "a pipe round trip with DF set gave '%.20s'", out);
	xclose(p[0]);
	xclose(p[1]);
}

/* ========================================================================== */
/* Processes                                                                   */
/* ========================================================================== */

/* "yield gives up the CPU. getpid returns the caller's pid"; getppid (68). */
static void body_abi_getpid(void)
{
	long me = R0(nr_getpid);
	int fds[2];
	pid_t pid;

	CHECK(me > 0, "getpid = %ld", me);
	EXPECT_EQ(R0(nr_getpid), me, "getpid twice");
	EXPECT_EQ(R0(nr_yield), 0, "yield");
	CHECK(R0(nr_getppid) > 0, "getppid = %ld", R0(nr_getppid));

	xpipe(fds);
	pid = ut_fork();
	if (pid == 0) {
		long v[2] = { R0(nr_getpid), R0(nr_getppid) };

		R3(nr_write, fds[1], v, sizeof(v));
		raw_exit(0);
	}
	long v[2] = { 0, 0 };
	EXPECT_EQ(R3(nr_read, fds[0], v, sizeof(v)), sizeof(v), "read child's ids");
	EXPECT_EQ(v[0], pid, "child's getpid vs fork's result");
	EXPECT_EQ(v[1], me, "child's getppid");
	child_ok(pid, "getpid child");
	xclose(fds[0]);
	xclose(fds[1]);
}

/* "Wait status: exit code c gives (c & 0xff) << 8; death by signal s gives
 * s (bit 7 set if a core would have been dumped); stopped by s gives
 * (s << 8) | 0x7f." */
static void body_abi_wait_status(void)
{
	static const int codes[] = { 0, 1, 3, 42, 127, 255, 256 + 7, -1, 1000 };
	int st;

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0)
			raw_exit(codes[i]);
		st = -1;
		EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), pid, "waitpid");
		EXPECT_EQF(st, (codes[i] & 0xff) << 8, "status of exit(%d)", codes[i]);
	}

	/* Signals without a core dump: exactly s. */
	static const int plain[] = { SIGKILL, SIGTERM, SIGUSR1, SIGHUP, SIGINT,
				     SIGUSR2, SIGALRM, SIGPIPE };
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0)
			ut_linger(5000);
		EXPECT_EQ(R2(nr_kill, pid, plain[i]), 0, "kill");
		st = -1;
		EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), pid, "waitpid");
		EXPECT_EQF(st, plain[i], "status after kill(child, %d)", plain[i]);
	}
	/* A signal whose default would dump core: s, maybe with bit 7. */
	static const int core[] = { SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
				    SIGFPE, SIGSEGV };
	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
		pid_t pid = ut_fork();

		if (pid == 0)
			ut_linger(5000);
		EXPECT_EQ(R2(nr_kill, pid, core[i]), 0, "kill");
		st = -1;
		EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), pid, "waitpid");
		EXPECT_EQF(st & ~0x80, core[i], "status after kill(child, %d)", core[i]);
	}

	/* Stopped (seen with Linux's WUNTRACED 2: ABI.md gives the encoding,
	 * not the option). */
	static const int stops[] = { SIGSTOP, SIGTSTP };
	for (size_t i = 0; i < 2; i++) {
		pid_t pid = ut_fork();

		if (pid == 0)
			ut_linger(5000);
		EXPECT_EQ(R2(nr_kill, pid, stops[i]), 0, "kill(stop)");
		st = -1;
		long w = ut_wait_poll(pid, &st, A_WUNTRACED, 3000);
		R2(nr_kill, pid, SIGKILL);
		EXPECT_EQ(w, pid, "waitpid(WUNTRACED) on a stopped child");
		EXPECT_EQF(st, (stops[i] << 8) | 0x7f, "status of a child stopped by %d",
			   stops[i]);
		st = -1;
		EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), pid, "reap");
		EXPECT_EQ(st, SIGKILL, "status after SIGKILL of a stopped child");
	}
}

static volatile int chld_count;
static void chld_handler(int sig)
{
	(void)sig;
	chld_count++;
}

/* "exit(code): fds are closed and memory is freed at once; the process stays
 * a Zombie holding its exit code until its parent reaps it; its children are
 * handed to pid 1; the parent gets SIGCHLD." */
static void body_abi_exit(void)
{
	int fds[2], st;
	char c;
	pid_t pid;

	/* fds closed at once: EOF on a pipe whose only writer exited, before
	 * anyone reaps it. */
	xpipe(fds);
	pid = ut_fork();
	if (pid == 0) {
		xclose(fds[0]);
		raw_exit(7);
	}
	xclose(fds[1]);
	/* (A timer naming us bounds the wait: without it a kernel that keeps a
	 * zombie's fds open would hang the test.) */
	long t = R2(nr_timer_set, 2000, R0(nr_getpid));
	EXPECT_EQ(R3(nr_read, fds[0], &c, 1), 0, "read from a pipe whose writer exited "
		  "(not yet reaped)");
	R1(nr_timer_cancel, t);
	xclose(fds[0]);
	/* The zombie keeps its code. */
	ut_yield_ms(20);
	st = -1;
	EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), pid, "reap the zombie");
	EXPECT_EQ(st, 7 << 8, "zombie's status");

	/* The parent gets SIGCHLD. */
	chld_count = 0;
	abi_handle(SIGCHLD, chld_handler, 0, 0);
	pid = ut_fork();
	if (pid == 0)
		raw_exit(0);
	CHECK(wait_for(&chld_count, 1, 2000), "no SIGCHLD after a child exited");
	child_ok(pid, "SIGCHLD child");
	R2(nr_signal, SIGCHLD, A_ACT_DEFAULT);

	/* Memory freed at once: the system total drops before the reap. */
	struct a_sys_stats s0, s1;
	int go[2];
	xpipe(fds);
	xpipe(go);
	pid = ut_fork();
	if (pid == 0) {
		uintptr_t a = xmmap(64 * PG, A_READ_WRITE);
		for (size_t i = 0; i < 64; i++)
			*(volatile char *)(a + i * PG) = 1;
		R3(nr_write, fds[1], "r", 1);
		R3(nr_read, go[0], &c, 1);   /* until we say go */
		raw_exit(0);
	}
	EXPECT_EQ(R3(nr_read, fds[0], &c, 1), 1, "child ready");
	MUST(R1(nr_system_memstats, &s0));
	R3(nr_write, go[1], "g", 1);
	uint64_t t0 = rdtsc();
	do {
		R0(nr_yield);
		MUST(R1(nr_system_memstats, &s1));
	} while (s1.total_allocated + 64 * PG > s0.total_allocated &&
		 rdtsc() - t0 < ut_ms(2000));
	CHECK(s1.total_allocated + 64 * PG <= s0.total_allocated,
	      "system total_allocated %lu -> %lu after a child holding 64 pages "
	      "exited (not yet reaped)", (unsigned long)s0.total_allocated,
	      (unsigned long)s1.total_allocated);
	child_ok(pid, "exit with memory");
	xclose(fds[0]);
	xclose(fds[1]);
	xclose(go[0]);
	xclose(go[1]);

	/* Orphans go to pid 1. */
	xpipe(fds);
	pid = ut_fork();
	if (pid == 0) {
		pid_t g = ut_fork();

		if (g == 0) {
			long pp = 0;
			uint64_t t1 = rdtsc();

			while ((pp = R0(nr_getppid)) != 1 && rdtsc() - t1 < ut_ms(3000))
				R0(nr_yield);
			R3(nr_write, fds[1], &pp, sizeof(pp));
			raw_exit(0);
		}
		raw_exit(0);
	}
	child_ok(pid, "orphan's parent");
	long pp = -1;
	EXPECT_EQ(R3(nr_read, fds[0], &pp, sizeof(pp)), sizeof(pp), "orphan's report");
	EXPECT_EQ(pp, 1, "an orphan's getppid");
	xclose(fds[0]);
	xclose(fds[1]);
	ut_yield_ms(20);   /* let pid 1 reap it */
}

/* "waitpid(pid, &status, options): pid -1 = any child; WNOHANG; ECHILD when
 * there is none." */
static void body_abi_waitpid(void)
{
	int st;
	pid_t a, b;

	EXPECT_EQ(R3(nr_waitpid, -1, &st, 0), R_ECHILD, "waitpid(-1) with no child");
	EXPECT_EQ(R3(nr_waitpid, -1, &st, A_WNOHANG), R_ECHILD,
		  "waitpid(-1, WNOHANG) with no child");
	EXPECT_EQ(R3(nr_waitpid, 60000, &st, 0), R_ECHILD, "waitpid(no such pid)");
	EXPECT_EQ(R3(nr_waitpid, R0(nr_getppid), &st, 0), R_ECHILD,
		  "waitpid(our parent)");

	a = ut_fork();
	if (a == 0)
		ut_linger(5000);
	/* WNOHANG with a live child: 0. */
	EXPECT_EQ(R3(nr_waitpid, a, &st, A_WNOHANG), 0, "WNOHANG, child running");
	EXPECT_EQ(R3(nr_waitpid, -1, &st, A_WNOHANG), 0, "WNOHANG(-1), child running");
	/* A bad status pointer: EFAULT. */
	EXPECT_EQ(R2(nr_kill, a, SIGKILL), 0, "kill");
	ut_yield_ms(50);
	EXPECT_EQ(R3(nr_waitpid, a, KTEXT_ADDR, 0), R_EFAULT, "waitpid(status = kernel)");
	uintptr_t ro = ro_page();
	EXPECT_EQ(R3(nr_waitpid, a, ro, 0), R_EFAULT, "waitpid(status read-only)");
	/* A NULL status is no buffer at all: allowed. */
	long w = R3(nr_waitpid, a, 0, 0);
	CHECK(w == a || w == R_ECHILD, "waitpid(pid, NULL) = %ld", w);

	/* -1 = any child. */
	a = ut_fork();
	if (a == 0)
		raw_exit(5);
	b = ut_fork();
	if (b == 0)
		raw_exit(6);
	int seen = 0;
	for (int i = 0; i < 2; i++) {
		st = -1;
		w = R3(nr_waitpid, -1, &st, 0);
		if (w == a) {
			EXPECT_EQ(st, 5 << 8, "status of a");
			seen |= 1;
		} else if (w == b) {
			EXPECT_EQ(st, 6 << 8, "status of b");
			seen |= 2;
		} else
			ut_fail("waitpid(-1) = %ld", w);
	}
	EXPECT_EQ(seen, 3, "both children reaped via -1");

	/* Unknown option bits: a bad argument with no named error, EINVAL. */
	a = ut_fork();
	if (a == 0)
		raw_exit(0);
	EXPECT_EQ(R3(nr_waitpid, a, &st, 0x4000), R_EINVAL, "waitpid(options 0x4000)");
	child_ok(a, "reap");
}

static int fork_global = 1;

/* "fork: the child gets a copy of the address space (copy-on-write), the fd
 * table (shared objects), cwd, signal dispositions, memory limit and filter.
 * Returns 0 in the child, the child's pid in the parent." */
static void body_abi_fork(void)
{
	int fds[2];
	long pid;
	char buf[64];
	const char *dir = ut_enter_dir();

	fork_global = 1;
	xpipe(fds);
	pid = R0(nr_fork);
	CHECK(pid >= 0, "fork = %ld", pid);
	if (pid == 0) {
		long me = R0(nr_getpid);

		fork_global = 2;
		R3(nr_write, fds[1], &me, sizeof(me));
		raw_exit(0);
	}
	long cpid = 0;
	EXPECT_EQ(R3(nr_read, fds[0], &cpid, sizeof(cpid)), sizeof(cpid), "read");
	EXPECT_EQ(cpid, pid, "fork's result in the parent is the child's pid");
	child_ok((pid_t)pid, "raw fork");
	EXPECT_EQ(fork_global, 1, "parent's memory after the child wrote its copy");
	xclose(fds[0]);
	xclose(fds[1]);

	/* Shared open-file objects: one offset. */
	int fd = xopen("shared", A_OPEN_WRITE | A_READ);
	EXPECT_EQ(R3(nr_write, fd, "abc", 3), 3, "write");
	pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(R3(nr_write, fd, "def", 3), 3, "child write");
		raw_exit(0);
	}
	child_ok((pid_t)pid, "write through the inherited fd");
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_CUR), 6, "offset after the child's write");
	EXPECT_EQ(R3(nr_write, fd, "g", 1), 1, "write");
	xclose(fd);
	get_file("shared", buf, sizeof(buf));
	CHECK(strcmp(buf, "abcdefg") == 0, "file holds '%s'", buf);

	/* cwd, dispositions. */
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_IGNORE), A_ACT_DEFAULT, "signal(USR1, Ignore)");
	pid = ut_fork();
	if (pid == 0) {
		char cwd[256];
		long n = R2(nr_getcwd, cwd, sizeof(cwd));

		CHECK(n > 0 && strcmp(cwd, dir) == 0, "child's cwd '%s' (%ld), want '%s'",
		      n > 0 ? cwd : "", n, dir);
		R2(nr_kill, R0(nr_getpid), SIGUSR1);   /* ignored: we live */
		ut_yield_ms(10);
		raw_exit(0);
	}
	child_ok((pid_t)pid, "cwd and an ignored signal inherited");
	R2(nr_signal, SIGUSR1, A_ACT_DEFAULT);
	R1(nr_unlink, "shared");
	ut_leave_dir();
}

/* ---- execve ----------------------------------------------------------------- */

#define EXEC_LIMIT (48ul << 20)

/* Run as "usertests --abi-exec FD CLOEXEC_FD 'two words' LIMIT" with
 * ABI_ENV1=one, ABI_ENV2=two in the environment, by test_abi_execve. */
int abi_exec_helper(int argc, char **argv, char **envp)
{
	struct a_stat st;
	struct a_sigaction old;
	int e1 = 0, e2 = 0;

	if (argc != 6)
		return 10;
	if (strcmp(argv[4], "two words") != 0)
		return 11;
	for (char **e = envp; e && *e; e++) {
		e1 |= strcmp(*e, "ABI_ENV1=one") == 0;
		e2 |= strcmp(*e, "ABI_ENV2=two") == 0;
	}
	if (!e1 || !e2)
		return 12;
	if (R2(nr_fstat, atoi(argv[2]), &st) != 0)     /* "fds stay open" */
		return 13;
	if (R2(nr_fstat, atoi(argv[3]), &st) != R_EBADF)   /* CLOEXEC */
		return 14;
	memset(&old, 0xff, sizeof(old));              /* "handlers reset to default" */
	if (R3(nr_sigaction, SIGUSR1, 0, &old) != 0 || old.handler != 0)
		return 15;
	if (R1(nr_getpgid, 0) != R_EPERM)             /* "filter ... kept" */
		return 16;
	struct a_mem_stats ms;                         /* "memory limit are kept" */
	if (R1(nr_memstats, &ms) != 0 || ms.limit != strtoul(argv[5], NULL, 10))
		return 17;
	return 0;
}

static void sigusr1_nop(int sig)
{
	(void)sig;
}

/* "execve(path, argv, envp): loads a static ELF64 from the file system;
 * argv and envp reach main; fds stay open; handlers reset to default;
 * filter and memory limit are kept. A bad image gives ENOEXEC and the
 * caller lives on." */
static void body_abi_execve(void)
{
	char *av[] = { "x", NULL };
	char *ev[] = { NULL };
	static const unsigned char elfjunk[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	uintptr_t bad[NBAD_IN];
	pid_t pid;
	int fd;

	ut_enter_dir();
	EXPECT_EQ(R3(nr_execve, "/no/such/program", av, ev), R_ENOENT, "execve(missing)");
	EXPECT_EQ(R3(nr_execve, "missing", av, ev), R_ENOENT, "execve(relative missing)");
	put_file("f", "not a program\n");
	EXPECT_EQ(R3(nr_execve, "f/x", av, ev), R_ENOTDIR, "execve(file/x)");

	bad_in(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R3(nr_execve, bad[i], av, ev), R_EFAULT, "execve(path %s)",
			   bad_in_name[i]);
	EXPECT_EQ(R3(nr_execve, "/bin/usertests", KTEXT_ADDR, ev), R_EFAULT,
		  "execve(argv = kernel address)");
	char *avbad[] = { "x", (char *)KTEXT_ADDR, NULL };
	EXPECT_EQ(R3(nr_execve, "/bin/usertests", avbad, ev), R_EFAULT,
		  "execve(argv[1] = kernel address)");
	char *evbad[] = { (char *)KTEXT_ADDR, NULL };
	EXPECT_EQ(R3(nr_execve, "/bin/usertests", av, evbad), R_EFAULT,
		  "execve(envp[0] = kernel address)");

	/* Bad images: ENOEXEC, and we are still here, intact. */
	EXPECT_EQ(R3(nr_execve, "f", av, ev), -ENOEXEC, "execve(a text file)");
	fd = xopen("elfjunk", A_OPEN_WRITE);
	EXPECT_EQ(R3(nr_write, fd, elfjunk, sizeof(elfjunk)), sizeof(elfjunk), "write");
	xclose(fd);
	EXPECT_EQ(R3(nr_execve, "elfjunk", av, ev), -ENOEXEC, "execve(ELF magic, junk)");
	fd = xopen("empty", A_OPEN_WRITE);
	xclose(fd);
	EXPECT_EQ(R3(nr_execve, "empty", av, ev), -ENOEXEC, "execve(empty file)");
	CHECK(R0(nr_getpid) > 0 && fork_global >= 1, "the caller lives on");

	/* The success path, with everything that must survive it. */
	pid = ut_fork();
	if (pid == 0) {
		char a2[16], a3[16], a5[32];
		uint8_t bm[32];
		static const int blocked[] = { nr_getpgid, -1 };
		int keep = xopen("f", A_READ);
		int gone = xopen("f", A_READ | A_CLOEXEC);

		snprintf(a2, sizeof(a2), "%d", keep);
		snprintf(a3, sizeof(a3), "%d", gone);
		snprintf(a5, sizeof(a5), "%lu", EXEC_LIMIT);
		char *xav[] = { "/bin/usertests", "--abi-exec", a2, a3, "two words", a5, NULL };
		char *xev[] = { "ABI_ENV1=one", "ABI_ENV2=two", NULL };

		abi_handle(SIGUSR1, sigusr1_nop, 0, 0);
		EXPECT_EQ(R1(nr_set_memlimit, EXEC_LIMIT), 0, "set_memlimit");
		bitmap_without(bm, blocked);
		EXPECT_EQ(R1(nr_filter_set, bm), 0, "filter_set");
		long r = R3(nr_execve, "/bin/usertests", xav, xev);
		ut_fail("execve(/bin/usertests) = %ld", r);
	}
	int st = ut_wait_ms(pid, 10000);
	CHECK(st == 0, "exec'd helper: %s (10 argc, 11 argv, 12 envp, 13 fd closed, "
	      "14 CLOEXEC fd open, 15 handler kept, 16 filter lost, 17 limit lost)",
	      ut_status(st));
	R1(nr_unlink, "f");
	R1(nr_unlink, "elfjunk");
	R1(nr_unlink, "empty");
	ut_leave_dir();
}

/* "Scheduling is preemptive (timer interrupt); no process can hog the CPU." */
static void body_abi_preempt(void)
{
	pid_t pid = ut_fork();

	if (pid == 0) {
		ut_spin(ut_ms(5000));      /* no system call at all */
		raw_exit(0);
	}
	uint64_t t0 = rdtsc();
	for (int i = 0; i < 20; i++)
		R0(nr_yield);
	uint64_t took = rdtsc() - t0;
	R2(nr_kill, pid, SIGKILL);
	int st = ut_wait_ms(pid, 5000);
	EXPECT_EQ(st, SIGKILL, "the spinner's status");
	CHECK(took < ut_ms(2500), "20 yields took %lu ms beside a spinning child",
	      (unsigned long)(took / ut_ms(1)));
}

/* ========================================================================== */
/* Files and descriptors                                                       */
/* ========================================================================== */

/* "open(path, flags): flag bits READ, WRITE, CREATE, TRUNCATE, APPEND ...
 * OPEN_READ = READ; OPEN_WRITE = WRITE|CREATE|TRUNCATE; OPEN_RDWR =
 * READ|WRITE (no create); OPEN_APPEND = WRITE|CREATE|APPEND (every write
 * lands at end of file). May add NONBLOCK, EXCL, CLOEXEC, DIRECTORY."
 * "New fds take the lowest free number." */
static void body_abi_open_flags(void)
{
	char buf[64];
	struct a_stat st;
	int fd, fd2;

	ut_enter_dir();
	/* No CREATE: ENOENT, whatever else is asked. */
	EXPECT_EQ(R2(nr_open, "f", A_OPEN_READ), R_ENOENT, "OPEN_READ on a missing file");
	EXPECT_EQ(R2(nr_open, "f", A_OPEN_RDWR), R_ENOENT, "OPEN_RDWR on a missing file");
	EXPECT_EQ(R2(nr_open, "f", A_WRITE), R_ENOENT, "WRITE on a missing file");
	EXPECT_EQ(R2(nr_open, "f", A_WRITE | A_TRUNCATE), R_ENOENT,
		  "WRITE|TRUNCATE on a missing file");

	/* CREATE makes it; TRUNCATE empties it. */
	fd = xopen("f", A_WRITE | A_CREATE);
	EXPECT_EQ(R3(nr_write, fd, "hello world", 11), 11, "write");
	xclose(fd);
	EXPECT_EQ(xstat("f").size, 11, "size");
	fd = xopen("f", A_WRITE | A_CREATE);        /* no TRUNCATE: kept */
	EXPECT_EQ(R3(nr_write, fd, "J", 1), 1, "write");
	xclose(fd);
	get_file("f", buf, sizeof(buf));
	CHECK(strcmp(buf, "Jello world") == 0, "WRITE|CREATE overwrote to '%s'", buf);
	fd = xopen("f", A_OPEN_WRITE);
	xclose(fd);
	EXPECT_EQ(xstat("f").size, 0, "size after OPEN_WRITE (truncates)");

	/* OPEN_RDWR: both ways through one fd. */
	fd = xopen("f", A_OPEN_RDWR);
	EXPECT_EQ(R3(nr_write, fd, "abcdef", 6), 6, "write via OPEN_RDWR");
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_SET), 0, "lseek");
	EXPECT_EQ(R3(nr_read, fd, buf, 6), 6, "read via OPEN_RDWR");
	CHECK(memcmp(buf, "abcdef", 6) == 0, "read back");
	xclose(fd);

	/* OPEN_APPEND: every write lands at the end, even after a seek. */
	fd = xopen("f", A_OPEN_APPEND);
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_SET), 0, "lseek(0) on an append fd");
	EXPECT_EQ(R3(nr_write, fd, "XY", 2), 2, "append");
	fd2 = xopen("f", A_OPEN_RDWR);
	EXPECT_EQ(R3(nr_write, fd2, "123456789", 9), 9, "write 9 through another fd");
	EXPECT_EQ(R3(nr_write, fd, "Z", 1), 1, "append again");
	xclose(fd);
	xclose(fd2);
	get_file("f", buf, sizeof(buf));
	CHECK(strcmp(buf, "123456789Z") == 0, "append did not land at the end: '%s'", buf);
	R1(nr_unlink, "g");
	fd = xopen("g", A_OPEN_APPEND);               /* APPEND creates */
	xclose(fd);
	EXPECT_EQ(xstat("g").size, 0, "OPEN_APPEND created the file");

	/* EXCL: with CREATE, the name must be new. */
	EXPECT_EQ(R2(nr_open, "f", A_WRITE | A_CREATE | A_EXCL), R_EEXIST,
		  "CREATE|EXCL on an existing file");
	fd = xopen("h", A_WRITE | A_CREATE | A_EXCL);
	xclose(fd);

	/* DIRECTORY: only a directory. */
	EXPECT_EQ(R2(nr_open, "f", A_READ | A_DIRECTORY), R_ENOTDIR, "DIRECTORY on a file");
	fd = xopen(".", A_READ | A_DIRECTORY);
	EXPECT_EQ(R2(nr_fstat, fd, &st), 0, "fstat");
	EXPECT_EQ(st.mode & A_S_IFMT, A_S_IFDIR, "DIRECTORY opened a directory");
	xclose(fd);

	/* NONBLOCK on a file changes nothing visible. */
	fd = xopen("f", A_READ | A_NONBLOCK);
	EXPECT_EQ(R3(nr_read, fd, buf, 3), 3, "read with NONBLOCK");
	xclose(fd);

	/* Lowest free number. */
	int a = xopen("f", A_READ), b = xopen("f", A_READ), c = xopen("f", A_READ);
	CHECK(b == a + 1 && c == b + 1, "fds %d %d %d are not consecutive", a, b, c);
	xclose(b);
	EXPECT_EQ(xopen("g", A_READ), b, "open after close(b) takes b");
	xclose(a);
	EXPECT_EQ(R1(nr_dup, c), a, "dup takes the lowest (a)");
	xclose(a);
	xclose(b);
	xclose(c);

	R1(nr_unlink, "f");
	R1(nr_unlink, "g");
	R1(nr_unlink, "h");
	ut_leave_dir();
}

/* "Missing file without CREATE: ENOENT. ... Opening a directory for
 * writing: EISDIR." "a component that is a file gives ENOTDIR; a path or
 * name over the limits gives ENAMETOOLONG." "User pointers". */
static void body_abi_open_errors(void)
{
	static char longpath[8200];
	char name[400];
	uintptr_t bad[NBAD_IN];

	ut_enter_dir();
	R2(nr_mkdir, "d", 0755);
	put_file("f", "x");

	EXPECT_EQ(R2(nr_open, "d", A_WRITE), R_EISDIR, "open(dir, WRITE)");
	EXPECT_EQ(R2(nr_open, "d", A_OPEN_RDWR), R_EISDIR, "open(dir, OPEN_RDWR)");
	EXPECT_EQ(R2(nr_open, "d", A_OPEN_WRITE), R_EISDIR, "open(dir, OPEN_WRITE)");
	EXPECT_EQ(R2(nr_open, "d", A_OPEN_APPEND), R_EISDIR, "open(dir, OPEN_APPEND)");
	EXPECT_EQ(R2(nr_open, "/", A_WRITE), R_EISDIR, "open(/, WRITE)");
	EXPECT_EQ(R2(nr_open, "f/x", A_READ), R_ENOTDIR, "open(file/x)");
	EXPECT_EQ(R2(nr_open, "f/x", A_OPEN_WRITE), R_ENOTDIR, "open(file/x, create)");
	EXPECT_EQ(R2(nr_open, "nodir/x", A_OPEN_WRITE), R_ENOENT,
		  "create in a missing directory");
	EXPECT_EQ(R2(nr_open, "", A_READ), R_ENOENT, "open(\"\")");

	memset(longpath, 'a', sizeof(longpath) - 1);
	for (size_t i = 100; i < sizeof(longpath) - 1; i += 100)
		longpath[i] = '/';
	longpath[sizeof(longpath) - 1] = 0;
	EXPECT_EQ(R2(nr_open, longpath, A_READ), -ENAMETOOLONG, "open(8 KiB path)");
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	EXPECT_EQ(R2(nr_open, name, A_OPEN_WRITE), -ENAMETOOLONG, "open(399-byte name)");

	bad_in(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_open, bad[i], A_READ), R_EFAULT, "open(path %s)",
			   bad_in_name[i]);

	/* Flag bits ABI.md does not define: a bad argument, EINVAL. */
	EXPECT_EQ(R2(nr_open, "f", A_READ | 0x10000), R_EINVAL, "open(f, READ | 0x10000)");

	R1(nr_unlink, "f");
	R1(nr_rmdir, "d");
	ut_leave_dir();
}

/* "read returns bytes read, 0 at EOF. write returns bytes written."
 * "Writing a READ-only fd or reading a WRITE-only fd: EBADF." */
static void body_abi_read_write(void)
{
	char buf[64];
	uintptr_t bad[NBAD_OUT];
	int rfd, wfd, nul, zero;

	ut_enter_dir();
	wfd = xopen("f", A_OPEN_WRITE);
	EXPECT_EQ(R3(nr_write, wfd, "0123456789", 10), 10, "write returns bytes written");
	EXPECT_EQ(R3(nr_write, wfd, "", 0), 0, "write of 0 bytes");
	EXPECT_EQ(R3(nr_read, wfd, buf, 4), R_EBADF, "read on a WRITE-only fd");
	rfd = xopen("f", A_READ);
	EXPECT_EQ(R3(nr_write, rfd, "x", 1), R_EBADF, "write on a READ-only fd");
	EXPECT_EQ(R3(nr_read, rfd, buf, 4), 4, "read 4");
	EXPECT_EQ(R3(nr_read, rfd, buf, 64), 6, "read the rest");
	EXPECT_EQ(R3(nr_read, rfd, buf, 64), 0, "read at EOF");
	EXPECT_EQ(R3(nr_read, rfd, buf, 0), 0, "read of 0 bytes");

	/* Bad descriptors. */
	static const long badfd[] = { -1, -100, 1000, 1l << 32, 63 };
	for (size_t i = 0; i < sizeof(badfd) / sizeof(badfd[0]); i++) {
		EXPECT_EQF(R3(nr_read, badfd[i], buf, 1), R_EBADF, "read(fd %ld)", badfd[i]);
		EXPECT_EQF(R3(nr_write, badfd[i], buf, 1), R_EBADF, "write(fd %ld)", badfd[i]);
	}
	xclose(wfd);
	EXPECT_EQ(R3(nr_write, wfd, "x", 1), R_EBADF, "write on a closed fd");

	/* Bad buffers: every pointer is validated. */
	nul = xopen("/dev/null", A_WRITE);
	zero = xopen("/dev/zero", A_READ);
	bad_out(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R3(nr_write, nul, bad[i], 16), R_EFAULT, "write(buf %s)",
			   bad_in_name[i]);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R3(nr_read, zero, bad[i], 16), R_EFAULT, "read(/dev/zero, buf %s)",
			   bad_out_name[i]);
	EXPECT_EQ(R3(nr_lseek, rfd, 0, A_SEEK_SET), 0, "lseek");
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R3(nr_read, rfd, bad[i], 4), R_EFAULT, "read(file, buf %s)",
			   bad_out_name[i]);
	wfd = xopen("f", A_WRITE);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R3(nr_write, wfd, bad[i], 4), R_EFAULT, "write(file, buf %s)",
			   bad_in_name[i]);
	xclose(wfd);
	int p[2];
	xpipe(p);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R3(nr_write, p[1], bad[i], 4), R_EFAULT, "write(pipe, buf %s)",
			   bad_in_name[i]);
	xclose(p[0]);
	xclose(p[1]);
	/* ptr + len overflow. */
	EXPECT_EQ(R3(nr_write, nul, buf, -16l), R_EFAULT, "write(buf, len -16)");
	EXPECT_EQ(R3(nr_read, zero, buf, -16l), R_EFAULT, "read(buf, len -16)");
	EXPECT_EQ(R3(nr_write, nul, buf, (1ul << 63)), R_EFAULT, "write(buf, len 2^63)");
	abi_text_victim();        /* still intact */

	xclose(nul);
	xclose(zero);
	xclose(rfd);
	R1(nr_unlink, "f");
	ut_leave_dir();
}

/* "Open-file objects are reference counted: dup, dup2 and fork share one
 * object (and its offset); close drops a reference and the object is freed
 * at zero." "Writes are visible to every other open of the same file at
 * once ... An unlinked file stays readable through open fds until the last
 * one closes." */
static void body_abi_shared_files(void)
{
	char buf[32];
	int a, b, c, d;

	ut_enter_dir();
	a = xopen("f", A_OPEN_WRITE | A_READ);
	b = xopen("f", A_READ);
	EXPECT_EQ(R3(nr_write, a, "shared", 6), 6, "write via a");
	EXPECT_EQ(R3(nr_read, b, buf, 32), 6, "read via another open at once");
	CHECK(memcmp(buf, "shared", 6) == 0, "content");

	/* dup shares the offset. */
	c = (int)R1(nr_dup, b);
	CHECK(c >= 0, "dup = %d", c);
	EXPECT_EQ(R3(nr_lseek, b, 2, A_SEEK_SET), 2, "lseek b");
	EXPECT_EQ(R3(nr_lseek, c, 0, A_SEEK_CUR), 2, "dup's offset follows");
	EXPECT_EQ(R3(nr_read, c, buf, 2), 2, "read via dup");
	EXPECT_EQ(R3(nr_lseek, b, 0, A_SEEK_CUR), 4, "original's offset follows");

	/* dup2 too, and it closes what newfd held. */
	d = xopen("/dev/null", A_READ);
	EXPECT_EQ(R2(nr_dup2, b, d), d, "dup2(b, d)");
	EXPECT_EQ(R3(nr_read, d, buf, 32), 2, "d reads the file now, from offset 4");
	EXPECT_EQ(R3(nr_lseek, b, 0, A_SEEK_CUR), 6, "offset shared with dup2's copy");
	EXPECT_EQ(R2(nr_dup2, b, b), b, "dup2(b, b)");
	EXPECT_EQ(R3(nr_lseek, b, 0, A_SEEK_CUR), 6, "dup2(b, b) changed nothing");

	/* close drops one reference; the others still work. */
	xclose(b);
	EXPECT_EQ(R3(nr_lseek, c, 1, A_SEEK_SET), 1, "c after close(b)");
	EXPECT_EQ(R3(nr_read, d, buf, 2), 2, "d after close(b)");

	/* Unlinked, still readable through the open fds. */
	EXPECT_EQ(R1(nr_unlink, "f"), 0, "unlink");
	EXPECT_EQ(R2(nr_open, "f", A_READ), R_ENOENT, "the name is gone");
	EXPECT_EQ(R3(nr_lseek, c, 0, A_SEEK_SET), 0, "lseek");
	EXPECT_EQ(R3(nr_read, c, buf, 32), 6, "read an unlinked file");
	EXPECT_EQ(R3(nr_write, a, "!", 1), 1, "write an unlinked file");
	EXPECT_EQ(R3(nr_read, c, buf, 32), 1, "the write is seen");
	xclose(a);
	xclose(c);
	xclose(d);
	ut_leave_dir();
}

/* dup(fd), dup2(old, new), close: the error paths.  "A per-process limit
 * on open fds gives EMFILE." */
static void body_abi_fd_errors(void)
{
	int fds[UT_NOFILE * 2 + 8], n = 0, p[2];
	long r;

	EXPECT_EQ(R1(nr_close, -1), R_EBADF, "close(-1)");
	EXPECT_EQ(R1(nr_close, 1000), R_EBADF, "close(1000)");
	int fd = xopen("/dev/null", A_READ);
	xclose(fd);
	EXPECT_EQ(R1(nr_close, fd), R_EBADF, "close twice");
	EXPECT_EQ(R1(nr_dup, fd), R_EBADF, "dup(closed)");
	EXPECT_EQ(R1(nr_dup, -1), R_EBADF, "dup(-1)");
	EXPECT_EQ(R2(nr_dup2, fd, 0), R_EBADF, "dup2(closed, 0)");
	EXPECT_EQ(R2(nr_dup2, -1, 5), R_EBADF, "dup2(-1, 5)");
	EXPECT_EQ(R2(nr_dup2, 0, -1), R_EBADF, "dup2(0, -1)");
	EXPECT_EQ(R2(nr_dup2, 0, 100000), R_EBADF, "dup2(0, 100000)");
	EXPECT_EQ(R2(nr_dup2, fd, fd), R_EBADF, "dup2(closed, itself)");

	/* Fill the table. */
	while (n < (int)(sizeof(fds) / sizeof(fds[0]))) {
		r = R2(nr_open, "/dev/null", A_READ);
		if (r < 0)
			break;
		fds[n++] = (int)r;
	}
	EXPECT_EQ(r, R_EMFILE, "open beyond the fd limit");
	CHECK(n >= 8, "only %d fds could be opened", n);
	EXPECT_EQ(R1(nr_dup, 0), R_EMFILE, "dup beyond the limit");
	EXPECT_EQ(R1(nr_pipe, p), R_EMFILE, "pipe beyond the limit");
	/* One free slot: a pipe needs two, and must not leak the one. */
	xclose(fds[--n]);
	EXPECT_EQ(R1(nr_pipe, p), R_EMFILE, "pipe with one free fd");
	r = R2(nr_open, "/dev/null", A_READ);
	CHECK(r >= 0, "the free slot was leaked by the failed pipe: open = %ld", r);
	fds[n++] = (int)r;
	while (n > 0)
		xclose(fds[--n]);
}

/* "lseek with SEEK_SET/CUR/END; ESPIPE on a pipe, console or socket; a
 * negative result offset gives EINVAL; a write past EOF leaves a hole that
 * reads as zeros." */
static void body_abi_lseek(void)
{
	char buf[128];
	int fd, p[2], con;

	ut_enter_dir();
	fd = xopen("f", A_OPEN_WRITE | A_READ);
	EXPECT_EQ(R3(nr_write, fd, "0123456789", 10), 10, "write");
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_CUR), 10, "SEEK_CUR 0");
	EXPECT_EQ(R3(nr_lseek, fd, 3, A_SEEK_SET), 3, "SEEK_SET 3");
	EXPECT_EQ(R3(nr_lseek, fd, 2, A_SEEK_CUR), 5, "SEEK_CUR +2");
	EXPECT_EQ(R3(nr_lseek, fd, -1, A_SEEK_CUR), 4, "SEEK_CUR -1");
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_END), 10, "SEEK_END 0");
	EXPECT_EQ(R3(nr_lseek, fd, -4, A_SEEK_END), 6, "SEEK_END -4");
	EXPECT_EQ(R3(nr_read, fd, buf, 1), 1, "read");
	EXPECT_EQ(buf[0], '6', "byte at 6");

	/* Negative results: EINVAL, offset unchanged. */
	EXPECT_EQ(R3(nr_lseek, fd, -1, A_SEEK_SET), R_EINVAL, "SEEK_SET -1");
	EXPECT_EQ(R3(nr_lseek, fd, -100, A_SEEK_CUR), R_EINVAL, "SEEK_CUR -100");
	EXPECT_EQ(R3(nr_lseek, fd, -11, A_SEEK_END), R_EINVAL, "SEEK_END -11");
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_CUR), 7, "offset after refused seeks");
	/* A whence that is none of the three: no error named, EINVAL. */
	EXPECT_EQ(R3(nr_lseek, fd, 0, 3), R_EINVAL, "whence 3");
	EXPECT_EQ(R3(nr_lseek, fd, 0, -1), R_EINVAL, "whence -1");
	EXPECT_EQ(R3(nr_lseek, 1000, 0, A_SEEK_SET), R_EBADF, "lseek(bad fd)");

	/* A hole reads as zeros. */
	EXPECT_EQ(R3(nr_lseek, fd, 100, A_SEEK_SET), 100, "seek past EOF");
	EXPECT_EQ(R3(nr_write, fd, "E", 1), 1, "write past EOF");
	EXPECT_EQ(xstat("f").size, 101, "size after the write past EOF");
	EXPECT_EQ(R3(nr_lseek, fd, 10, A_SEEK_SET), 10, "seek to the hole");
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(R3(nr_read, fd, buf, 128), 91, "read the hole and the byte");
	for (int i = 0; i < 90; i++)
		CHECK(buf[i] == 0, "hole byte %d is %#x", 10 + i, buf[i] & 0xff);
	EXPECT_EQ(buf[90], 'E', "the byte after the hole");
	xclose(fd);

	/* ESPIPE on a pipe and on the console. */
	xpipe(p);
	EXPECT_EQ(R3(nr_lseek, p[0], 0, A_SEEK_SET), -ESPIPE, "lseek(pipe read end)");
	EXPECT_EQ(R3(nr_lseek, p[1], 0, A_SEEK_CUR), -ESPIPE, "lseek(pipe write end)");
	xclose(p[0]);
	xclose(p[1]);
	con = xopen("/dev/console", A_WRITE);
	EXPECT_EQ(R3(nr_lseek, con, 0, A_SEEK_SET), -ESPIPE, "lseek(/dev/console)");
	xclose(con);

	R1(nr_unlink, "f");
	ut_leave_dir();
}

/* "stat/fstat: type, size, mode, inode, link count, owner, times."
 * Layout: "u64 ino, u64 size, u32 mode, u32 nlink, u32 uid, u32 gid,
 * u64 atime_ns, u64 mtime_ns, u64 ctime_ns" (56 bytes). */
static void body_abi_stat(void)
{
	unsigned char raw[72];
	struct a_stat st, st2;
	uintptr_t bad[NBAD_OUT];
	int fd, p[2];

	ut_enter_dir();
	put_file("f", "twelve bytes");
	R2(nr_mkdir, "d", 0755);

	/* Exactly 56 bytes are written. */
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R2(nr_stat, "f", raw), 0, "stat");
	for (size_t i = 56; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "stat wrote byte %zu (struct is 56 bytes)", i);
	memcpy(&st, raw, sizeof(st));
	EXPECT_EQ(st.size, 12, "size");
	EXPECT_EQ(st.mode & A_S_IFMT, A_S_IFREG, "a file's type");
	CHECK(st.nlink >= 1, "nlink %u", st.nlink);
	EXPECT_EQ(st.uid, R0(nr_getuid), "owner is the creator");
	CHECK(st.mtime_ns != 0 && st.ctime_ns != 0, "times are zero");

	/* fstat agrees with stat. */
	fd = xopen("f", A_READ);
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R2(nr_fstat, fd, raw), 0, "fstat");
	for (size_t i = 56; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "fstat wrote byte %zu", i);
	memcpy(&st2, raw, sizeof(st2));
	EXPECT_EQ(st2.ino, st.ino, "fstat's inode");
	EXPECT_EQ(st2.size, st.size, "fstat's size");
	EXPECT_EQ(st2.mode, st.mode, "fstat's mode");
	xclose(fd);

	/* Other types, distinct inodes. */
	st2 = xstat("d");
	EXPECT_EQ(st2.mode & A_S_IFMT, A_S_IFDIR, "a directory's type");
	CHECK(st2.ino != st.ino, "file and directory share inode %lu",
	      (unsigned long)st.ino);
	EXPECT_EQ(xstat("/dev/null").mode & A_S_IFMT, A_S_IFCHR, "/dev/null's type");
	EXPECT_EQ(xstat("/dev/console").mode & A_S_IFMT, A_S_IFCHR, "/dev/console's type");
	xpipe(p);
	EXPECT_EQ(R2(nr_fstat, p[0], &st2), 0, "fstat(pipe)");
	EXPECT_EQ(st2.mode & A_S_IFMT, A_S_IFIFO, "a pipe's type");
	xclose(p[0]);
	xclose(p[1]);
	/* "Every process starts with fds 0, 1, 2 on the console." */
	for (int i = 0; i < 3; i++) {
		EXPECT_EQF(R2(nr_fstat, i, &st2), 0, "fstat(%d)", i);
		EXPECT_EQF(st2.mode & A_S_IFMT, A_S_IFCHR, "fd %d's type", i);
	}

	/* A write moves mtime and size. */
	ut_yield_ms(30);
	fd = xopen("f", A_WRITE | A_APPEND);
	EXPECT_EQ(R3(nr_write, fd, "!", 1), 1, "write");
	xclose(fd);
	st2 = xstat("f");
	EXPECT_EQ(st2.size, 13, "size after a write");
	CHECK(st2.mtime_ns > st.mtime_ns, "mtime %lu -> %lu after a write 30 ms later",
	      (unsigned long)st.mtime_ns, (unsigned long)st2.mtime_ns);

	/* Errors. */
	EXPECT_EQ(R2(nr_stat, "missing", &st), R_ENOENT, "stat(missing)");
	EXPECT_EQ(R2(nr_stat, "f/x", &st), R_ENOTDIR, "stat(file/x)");
	EXPECT_EQ(R2(nr_fstat, 1000, &st), R_EBADF, "fstat(1000)");
	EXPECT_EQ(R2(nr_fstat, -1, &st), R_EBADF, "fstat(-1)");
	bad_out(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_stat, bad[i], &st), R_EFAULT, "stat(path %s)",
			   bad_in_name[i]);
	fd = xopen("f", A_READ);
	for (int i = 0; i < NBAD_OUT; i++) {
		EXPECT_EQF(R2(nr_stat, "f", bad[i]), R_EFAULT, "stat(st %s)", bad_out_name[i]);
		EXPECT_EQF(R2(nr_fstat, fd, bad[i]), R_EFAULT, "fstat(st %s)",
			   bad_out_name[i]);
	}
	xclose(fd);
	R1(nr_unlink, "f");
	R1(nr_rmdir, "d");
	ut_leave_dir();
}

struct dent {
	uint64_t ino;
	int type;
	char name[64];
};

/* Lists a directory through raw getdents, checking each record's shape:
 * "u64 ino, u16 reclen, u8 type ..., then the NUL-terminated name; reclen
 * is a multiple of 8."  -> the number of entries. */
static int list_dir(const char *path, struct dent *out, int max)
{
	static unsigned char buf[4096];
	int fd = xopen(path, A_READ), n = 0;
	long got;

	while ((got = R3(nr_getdents, fd, buf, sizeof(buf))) > 0) {
		long off = 0;

		while (off < got) {
			unsigned char *r = buf + off;
			uint16_t reclen;

			memcpy(&reclen, r + 8, 2);
			CHECK(reclen >= 12 && reclen % 8 == 0 && off + reclen <= got,
			      "%s: record at %ld has reclen %u", path, off, reclen);
			CHECK(memchr(r + 11, 0, reclen - 11U) != NULL,
			      "%s: record at %ld: name not NUL-terminated in reclen", path, off);
			if (n < max) {
				memcpy(&out[n].ino, r, 8);
				out[n].type = r[10];
				snprintf(out[n].name, sizeof(out[n].name), "%s",
					 (char *)r + 11);
			}
			n++;
			off += reclen;
		}
	}
	EXPECT_EQF(got, 0, "getdents(%s) at the end", path);
	xclose(fd);
	return n;
}

static const struct dent *find_dent(const struct dent *d, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(d[i].name, name) == 0)
			return &d[i];
	return NULL;
}

/* "getdents: directory records (inode, type, name); a buffer too small for
 * one record gives EINVAL." Types: "1 file, 2 directory, 3 character
 * device, 4 pipe, 5 socket". */
static void body_abi_getdents(void)
{
	struct dent d[64];
	const struct dent *e;
	unsigned char buf[256];
	uintptr_t bad[NBAD_OUT];
	int n, fd;

	ut_enter_dir();
	put_file("file1", "x");
	R2(nr_mkdir, "dir1", 0755);
	n = list_dir(".", d, 64);
	e = find_dent(d, n, "file1");
	CHECK(e != NULL, "file1 not listed");
	EXPECT_EQ(e->type, 1, "a file's record type");
	EXPECT_EQ(e->ino, xstat("file1").ino, "a file's record inode");
	e = find_dent(d, n, "dir1");
	CHECK(e != NULL, "dir1 not listed");
	EXPECT_EQ(e->type, 2, "a directory's record type");
	EXPECT_EQ(e->ino, xstat("dir1").ino, "a directory's record inode");
	n = list_dir("/dev", d, 64);
	e = find_dent(d, n, "null");
	CHECK(e != NULL, "/dev/null not listed");
	EXPECT_EQ(e->type, 3, "a character device's record type");

	/* Too small for one record: EINVAL (and nothing is consumed). */
	fd = xopen(".", A_READ);
	EXPECT_EQ(R3(nr_getdents, fd, buf, 8), R_EINVAL, "getdents(len 8)");
	EXPECT_EQ(R3(nr_getdents, fd, buf, 0), R_EINVAL, "getdents(len 0)");
	EXPECT_EQ(R3(nr_getdents, fd, buf, 12), R_EINVAL, "getdents(len 12)");
	long got = R3(nr_getdents, fd, buf, sizeof(buf));
	CHECK(got > 0, "getdents after refusals = %ld", got);
	bad_out(bad);
	EXPECT_EQ(R3(nr_lseek, fd, 0, A_SEEK_SET), 0, "rewind a directory");
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R3(nr_getdents, fd, bad[i], 256), R_EFAULT, "getdents(buf %s)",
			   bad_out_name[i]);
	xclose(fd);

	/* Not a directory; not a descriptor. */
	fd = xopen("file1", A_READ);
	EXPECT_EQ(R3(nr_getdents, fd, buf, sizeof(buf)), R_ENOTDIR, "getdents(a file)");
	xclose(fd);
	EXPECT_EQ(R3(nr_getdents, 1000, buf, sizeof(buf)), R_EBADF, "getdents(1000)");

	R1(nr_unlink, "file1");
	R1(nr_rmdir, "dir1");
	ut_leave_dir();
}

/* "Special files: /dev/console ..., /dev/null (writes vanish, reads give
 * EOF), /dev/zero (reads give zeros, without end). Listing /dev shows only
 * what can be opened." */
static void body_abi_dev(void)
{
	struct dent d[64];
	char buf[300];
	int n, fd;

	fd = xopen("/dev/null", A_OPEN_RDWR);
	EXPECT_EQ(R3(nr_write, fd, "vanish", 6), 6, "write /dev/null");
	EXPECT_EQ(R3(nr_read, fd, buf, sizeof(buf)), 0, "read /dev/null");
	xclose(fd);
	fd = xopen("/dev/zero", A_READ);
	for (int round = 0; round < 3; round++) {
		memset(buf, 0x5a, sizeof(buf));
		EXPECT_EQ(R3(nr_read, fd, buf, sizeof(buf)), sizeof(buf), "read /dev/zero");
		for (size_t i = 0; i < sizeof(buf); i++)
			CHECK(buf[i] == 0, "/dev/zero byte %zu is %#x", i, buf[i] & 0xff);
	}
	xclose(fd);
	fd = xopen("/dev/console", A_OPEN_RDWR);
	EXPECT_EQ(R3(nr_write, fd, "", 0), 0, "write /dev/console");
	xclose(fd);
	/* "NONBLOCK" (0x40): a read that would block gives EAGAIN ("would
	 * block"); nothing is typed while the tests run. */
	fd = xopen("/dev/console", A_READ | A_NONBLOCK);
	EXPECT_EQ(R3(nr_read, fd, buf, sizeof(buf)), R_EAGAIN,
		  "read(/dev/console, NONBLOCK) with no input");
	xclose(fd);

	n = list_dir("/dev", d, 64);
	CHECK(n <= 64, "/dev has %d entries", n);
	CHECK(find_dent(d, n, "console") && find_dent(d, n, "null") &&
	      find_dent(d, n, "zero"), "/dev lacks console, null or zero");
	for (int i = 0; i < n; i++) {
		char path[96];
		long r;

		if (strcmp(d[i].name, ".") == 0 || strcmp(d[i].name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "/dev/%s", d[i].name);
		r = R2(nr_open, path, A_READ);
		if (r < 0)
			r = R2(nr_open, path, A_WRITE);
		CHECK(r >= 0, "%s is listed but cannot be opened (%ld)", path, r);
		xclose(r);
	}
}

/* "Paths: absolute or relative to the per-process cwd (getcwd, chdir,
 * inherited by fork); . and .. work; a component that is a file gives
 * ENOTDIR". getcwd(buf, len) "(length without the NUL)". */
static void body_abi_paths(void)
{
	char cwd[512], want[512], buf[64];
	const char *dir = ut_enter_dir();
	size_t dl = strlen(dir);
	uintptr_t bad[NBAD_OUT];

	EXPECT_EQ(R2(nr_getcwd, cwd, sizeof(cwd)), dl, "getcwd's result (length without NUL)");
	CHECK(strcmp(cwd, dir) == 0, "getcwd '%s', want '%s'", cwd, dir);
	EXPECT_EQ(R2(nr_getcwd, cwd, dl + 1), dl, "getcwd into an exact fit");
	long r = R2(nr_getcwd, cwd, dl);
	EXPECT_EITHER(r, R_EINVAL, -ERANGE, "getcwd into a buffer 1 byte short");
	bad_out(bad);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R2(nr_getcwd, bad[i], 256), R_EFAULT, "getcwd(buf %s)",
			   bad_out_name[i]);

	EXPECT_EQ(R2(nr_mkdir, "sub", 0755), 0, "mkdir sub");
	put_file("sub/f", "in sub");
	EXPECT_EQ(R1(nr_chdir, "sub"), 0, "chdir sub");
	snprintf(want, sizeof(want), "%s/sub", dir);
	R2(nr_getcwd, cwd, sizeof(cwd));
	CHECK(strcmp(cwd, want) == 0, "cwd '%s', want '%s'", cwd, want);
	get_file("f", buf, sizeof(buf));
	CHECK(strcmp(buf, "in sub") == 0, "relative open in sub: '%s'", buf);
	EXPECT_EQ(R1(nr_chdir, ".."), 0, "chdir ..");
	R2(nr_getcwd, cwd, sizeof(cwd));
	CHECK(strcmp(cwd, dir) == 0, "cwd after .. '%s'", cwd);
	EXPECT_EQ(R1(nr_chdir, "./sub/../sub/."), 0, "chdir ./sub/../sub/.");
	R2(nr_getcwd, cwd, sizeof(cwd));
	CHECK(strcmp(cwd, want) == 0, "cwd '%s', want '%s'", cwd, want);
	EXPECT_EQ(R1(nr_chdir, dir), 0, "chdir back (absolute)");
	get_file("sub/../sub/./f", buf, sizeof(buf));
	CHECK(strcmp(buf, "in sub") == 0, "open sub/../sub/./f: '%s'", buf);
	EXPECT_EQ(xstat("/..").ino, xstat("/").ino, "/.. is /");
	EXPECT_EQ(xstat(".").ino, xstat(dir).ino, ". is the cwd");

	/* chdir's errors. */
	EXPECT_EQ(R1(nr_chdir, "missing"), R_ENOENT, "chdir(missing)");
	EXPECT_EQ(R1(nr_chdir, "sub/f"), R_ENOTDIR, "chdir(a file)");
	EXPECT_EQ(R1(nr_chdir, "sub/f/x"), R_ENOTDIR, "chdir(file/x)");
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R1(nr_chdir, bad[i]), R_EFAULT, "chdir(path %s)", bad_in_name[i]);
	R2(nr_getcwd, cwd, sizeof(cwd));
	CHECK(strcmp(cwd, dir) == 0, "cwd after refused chdirs: '%s'", cwd);

	R1(nr_unlink, "sub/f");
	R1(nr_rmdir, "sub");
	ut_leave_dir();
}

/* "mkdir: parent must exist (ENOENT), name must be new (EEXIST). unlink:
 * ENOENT, EISDIR for directories (add rmdir for those)."  rmdir (69) and
 * rename (70) with POSIX meaning. */
static void body_abi_dirs(void)
{
	char buf[64], name[400];
	uintptr_t bad[NBAD_IN];

	ut_enter_dir();
	bad_in(bad);
	put_file("f", "file");

	EXPECT_EQ(R2(nr_mkdir, "d", 0755), 0, "mkdir d");
	EXPECT_EQ(xstat("d").mode & A_S_IFMT, A_S_IFDIR, "d is a directory");
	EXPECT_EQ(R2(nr_mkdir, "d", 0755), R_EEXIST, "mkdir d again");
	EXPECT_EQ(R2(nr_mkdir, "f", 0755), R_EEXIST, "mkdir over a file");
	EXPECT_EQ(R2(nr_mkdir, "nope/d", 0755), R_ENOENT, "mkdir with a missing parent");
	EXPECT_EQ(R2(nr_mkdir, "f/d", 0755), R_ENOTDIR, "mkdir under a file");
	memset(name, 'm', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	EXPECT_EQ(R2(nr_mkdir, name, 0755), -ENAMETOOLONG, "mkdir(399-byte name)");
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_mkdir, bad[i], 0755), R_EFAULT, "mkdir(path %s)",
			   bad_in_name[i]);

	EXPECT_EQ(R1(nr_unlink, "d"), R_EISDIR, "unlink(a directory)");
	EXPECT_EQ(R1(nr_unlink, "missing"), R_ENOENT, "unlink(missing)");
	EXPECT_EQ(R1(nr_unlink, "f/x"), R_ENOTDIR, "unlink(file/x)");
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R1(nr_unlink, bad[i]), R_EFAULT, "unlink(path %s)", bad_in_name[i]);

	/* rmdir. */
	EXPECT_EQ(R2(nr_mkdir, "d/e", 0755), 0, "mkdir d/e");
	EXPECT_EQ(R1(nr_rmdir, "d"), -ENOTEMPTY, "rmdir(non-empty)");
	EXPECT_EQ(R1(nr_rmdir, "f"), R_ENOTDIR, "rmdir(a file)");
	EXPECT_EQ(R1(nr_rmdir, "missing"), R_ENOENT, "rmdir(missing)");
	EXPECT_EQ(R1(nr_rmdir, "d/e"), 0, "rmdir d/e");
	EXPECT_EQ(R1(nr_rmdir, "d"), 0, "rmdir d");
	EXPECT_EQ(R2(nr_stat, "d", buf), R_ENOENT, "d is gone");
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R1(nr_rmdir, bad[i]), R_EFAULT, "rmdir(path %s)", bad_in_name[i]);

	/* rename. */
	EXPECT_EQ(R2(nr_rename, "f", "g"), 0, "rename f g");
	EXPECT_EQ(R2(nr_stat, "f", buf), R_ENOENT, "f is gone");
	get_file("g", buf, sizeof(buf));
	CHECK(strcmp(buf, "file") == 0, "g holds '%s'", buf);
	put_file("h", "other");
	EXPECT_EQ(R2(nr_rename, "g", "h"), 0, "rename over an existing file");
	get_file("h", buf, sizeof(buf));
	CHECK(strcmp(buf, "file") == 0, "h holds '%s'", buf);
	EXPECT_EQ(R2(nr_rename, "missing", "x"), R_ENOENT, "rename(missing)");
	EXPECT_EQ(R2(nr_rename, "h", "nodir/x"), R_ENOENT, "rename into a missing dir");
	EXPECT_EQ(R2(nr_rename, bad[0], "x"), R_EFAULT, "rename(NULL, x)");
	EXPECT_EQ(R2(nr_rename, "h", bad[1]), R_EFAULT, "rename(h, kernel)");
	R1(nr_unlink, "h");
	ut_leave_dir();
}

/* ========================================================================== */
/* Pipes                                                                       */
/* ========================================================================== */

/* "pipe() returns (read_fd, write_fd). Reads block while empty and return 0
 * once every writer is closed; ... a write with no reader left returns
 * EPIPE and raises SIGPIPE". */
static void body_abi_pipe(void)
{
	int p[2], q[2];
	char buf[64];
	uintptr_t bad[NBAD_OUT];
	pid_t pid;

	xpipe(p);
	CHECK(p[0] >= 3 && p[1] >= 3 && p[0] != p[1], "pipe fds %d %d", p[0], p[1]);
	EXPECT_EQ(R3(nr_write, p[1], "ping", 4), 4, "write");
	EXPECT_EQ(R3(nr_read, p[0], buf, sizeof(buf)), 4, "read");
	CHECK(memcmp(buf, "ping", 4) == 0, "data");
	EXPECT_EQ(R3(nr_write, p[0], "x", 1), R_EBADF, "write on the read end");
	EXPECT_EQ(R3(nr_read, p[1], buf, 1), R_EBADF, "read on the write end");

	/* A reader blocks until a writer comes. */
	pid = ut_fork();
	if (pid == 0) {
		ut_yield_ms(50);
		R3(nr_write, p[1], "late", 4);
		raw_exit(0);
	}
	EXPECT_EQ(R3(nr_read, p[0], buf, sizeof(buf)), 4, "blocking read");
	child_ok(pid, "late writer");
	/* EOF once every writer is closed (the child's copy too). */
	xclose(p[1]);
	EXPECT_EQ(R3(nr_read, p[0], buf, sizeof(buf)), 0, "read with no writer left");
	xclose(p[0]);

	/* EPIPE and SIGPIPE. */
	xpipe(p);
	xclose(p[0]);
	pid = ut_fork();
	if (pid == 0) {
		R3(nr_write, p[1], "x", 1);
		raw_exit(0);
	}
	EXPECT_EQ(ut_wait_ms(pid, 5000), SIGPIPE, "status of a writer with no reader");
	EXPECT_EQ(R2(nr_signal, SIGPIPE, A_ACT_IGNORE), A_ACT_DEFAULT, "ignore SIGPIPE");
	EXPECT_EQ(R3(nr_write, p[1], "x", 1), R_EPIPE, "write with no reader, SIGPIPE ignored");
	R2(nr_signal, SIGPIPE, A_ACT_DEFAULT);
	xclose(p[1]);

	/* "writes block while full": a writer of 256 KiB cannot finish while
	 * nobody reads; it does once we do. */
	long sh = R6(nr_mmap, 0, PG, A_READ_WRITE, A_MAP_SHARED | A_MAP_ANON, -1, 0);
	CHECK(sh > 0, "mmap(shared) = %ld", sh);
	volatile int *done = (volatile int *)sh;   /* the writer's verdict */
	*done = 0;
	xpipe(p);
	pid = ut_fork();
	if (pid == 0) {
		static char big[256 * 1024];
		long w = R3(nr_write, p[1], big, sizeof(big));

		*done = w == (long)sizeof(big) ? 1 : 2;
		raw_exit(0);
	}
	ut_yield_ms(100);
	EXPECT_EQ(*done, 0, "a 256 KiB write into an unread pipe finished");
	long total = 0, r;
	static char sink[8192];
	while (total < 256 * 1024 && (r = R3(nr_read, p[0], sink, sizeof(sink))) > 0)
		total += r;
	EXPECT_EQ(total, 256 * 1024, "bytes read");
	child_ok(pid, "blocked writer");
	EXPECT_EQ(*done, 1, "the writer's result");
	xclose(p[0]);
	xclose(p[1]);

	/* "writes of at most PIPE_BUF (4096) bytes are atomic". */
	xpipe(p);
	pid_t w2[2];
	for (int k = 0; k < 2; k++) {
		w2[k] = ut_fork();
		if (w2[k] == 0) {
			static char blk[4096];

			memset(blk, 'A' + k, sizeof(blk));
			for (int i = 0; i < 48; i++)
				if (R3(nr_write, p[1], blk, sizeof(blk)) != (long)sizeof(blk))
					raw_exit(1);
			raw_exit(0);
		}
	}
	xclose(p[1]);
	static char stream[2 * 48 * 4096 + 1];
	total = 0;
	while ((r = R3(nr_read, p[0], stream + total, sizeof(stream) - (size_t)total)) > 0)
		total += r;
	EXPECT_EQ(total, 2 * 48 * 4096, "bytes from two writers");
	for (long b = 0; b + 4096 <= total; b += 4096)
		for (long i = 1; i < 4096; i++)
			if (stream[b + i] != stream[b]) {
				abi_soft_fail("a 4096-byte write was split at %ld", b + i);
				b = total;
				break;
			}
	child_ok(w2[0], "writer A");
	child_ok(w2[1], "writer B");
	xclose(p[0]);
	xmunmap((uintptr_t)sh, PG);

	/* pipe(fds) with a bad array: EFAULT and no descriptor taken. */
	bad_out(bad);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R1(nr_pipe, bad[i]), R_EFAULT, "pipe(%s)", bad_out_name[i]);
	xpipe(q);
	xpipe(p);
	EXPECT_EQ(p[0], q[1] + 1, "fds after refused pipes (none leaked)");
	xclose(p[0]);
	xclose(p[1]);
	xclose(q[0]);
	xclose(q[1]);
	int lowest = xopen("/dev/null", A_READ);
	EXPECT_EQ(lowest, q[0], "lowest free fd after closing the pipes");
	xclose(lowest);
}

/* ========================================================================== */
/* Signals                                                                     */
/* ========================================================================== */

/* "kill(pid, sig): ESRCH for no such process; EINVAL for a bad signal; sig 0
 * only checks. Default actions: terminate (most), ignore (SIGCHLD), stop
 * (SIGSTOP, SIGTSTP), continue (SIGCONT)." */
static void body_abi_kill(void)
{
	long me = R0(nr_getpid);
	int st;

	EXPECT_EQ(R2(nr_kill, me, 0), 0, "kill(self, 0)");
	EXPECT_EQ(R2(nr_kill, 60000, 0), R_ESRCH, "kill(no such pid, 0)");
	EXPECT_EQ(R2(nr_kill, 60000, SIGTERM), R_ESRCH, "kill(no such pid, SIGTERM)");
	EXPECT_EQ(R2(nr_kill, me, -1), R_EINVAL, "kill(self, -1)");
	EXPECT_EQ(R2(nr_kill, me, 65), R_EINVAL, "kill(self, 65)");
	EXPECT_EQ(R2(nr_kill, me, 1000), R_EINVAL, "kill(self, 1000)");
	EXPECT_EQ(R2(nr_kill, 60000, 1000), R_EINVAL, "kill(no such pid, 1000): EINVAL first");

	/* A reaped child is no process: ESRCH. */
	pid_t pid = ut_fork();
	if (pid == 0)
		raw_exit(0);
	child_ok(pid, "short child");
	EXPECT_EQ(R2(nr_kill, pid, 0), R_ESRCH, "kill(reaped child, 0)");

	/* Ignored by default: SIGCHLD; continue: SIGCONT (on a running child). */
	static const int harmless[] = { SIGCHLD, SIGCONT };
	for (int i = 0; i < 2; i++) {
		pid = ut_fork();
		if (pid == 0)
			ut_linger(300);
		EXPECT_EQ(R2(nr_kill, pid, harmless[i]), 0, "kill");
		EXPECT_EQF(ut_wait_ms(pid, 5000), UT_LINGER_EXIT << 8,
			   "a child sent signal %d (default: no effect)", harmless[i]);
	}

	/* Stop, continue, and then it runs to its end. */
	pid = ut_fork();
	if (pid == 0)
		ut_linger(400);
	EXPECT_EQ(R2(nr_kill, pid, SIGSTOP), 0, "kill(SIGSTOP)");
	EXPECT_EQ(ut_wait_poll(pid, &st, A_WUNTRACED, 3000), pid, "stopped child seen");
	EXPECT_EQ(R2(nr_kill, pid, 0), 0, "kill(stopped child, 0)");
	EXPECT_EQ(R2(nr_kill, pid, SIGCONT), 0, "kill(SIGCONT)");
	EXPECT_EQ(ut_wait_ms(pid, 5000), UT_LINGER_EXIT << 8, "a continued child ran to its end");
}

static volatile int h_count, h_sig;
static volatile uintptr_t h_stack;
static void count_handler(int sig)
{
	int local;

	h_sig = sig;
	h_stack = (uintptr_t)&local;
	h_count++;
}

static volatile int u2_count;
static void usr2_handler(int sig)
{
	(void)sig;
	u2_count++;
}

/* "signal(sig, action): Default, Ignore, Terminate (and Handle through
 * sigaction)"; "signal(sig, action) -> previous action"; "signal()
 * actions: Default 0, Ignore 1, Terminate 2, Handle 3". */
static void body_abi_signal(void)
{
	pid_t pid;

	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_IGNORE), A_ACT_DEFAULT, "first signal(USR1)");
	EXPECT_EQ(R2(nr_kill, R0(nr_getpid), SIGUSR1), 0, "kill(self, USR1) while ignored");
	ut_yield_ms(5);
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_TERMINATE), A_ACT_IGNORE, "previous: Ignore");
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_DEFAULT), A_ACT_TERMINATE,
		  "previous: Terminate");
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_DEFAULT), A_ACT_DEFAULT, "previous: Default");

	/* A handler installed with sigaction reads back as Handle. */
	abi_handle(SIGUSR1, count_handler, 0, 0);
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_DEFAULT), A_ACT_HANDLE, "previous: Handle");
	/* Ignore through signal() is handler 1 for sigaction. */
	struct a_sigaction old;
	R2(nr_signal, SIGUSR2, A_ACT_IGNORE);
	EXPECT_EQ(R3(nr_sigaction, SIGUSR2, 0, &old), 0, "sigaction(query)");
	EXPECT_EQ(old.handler, 1, "signal(Ignore) seen by sigaction");
	R2(nr_signal, SIGUSR2, A_ACT_DEFAULT);

	/* Terminate makes a signal whose default is to be ignored fatal. */
	pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(R2(nr_signal, SIGCHLD, A_ACT_TERMINATE), A_ACT_DEFAULT,
			  "signal(SIGCHLD, Terminate)");
		R2(nr_kill, R0(nr_getpid), SIGCHLD);
		ut_linger(1000);
	}
	EXPECT_EQ(ut_wait_ms(pid, 5000) & 0x7f, SIGCHLD, "SIGCHLD with Terminate");
	/* Ignore keeps a process alive through a fatal signal. */
	pid = ut_fork();
	if (pid == 0) {
		R2(nr_signal, SIGTERM, A_ACT_IGNORE);
		R2(nr_kill, R0(nr_getpid), SIGTERM);
		ut_yield_ms(20);
		raw_exit(0);
	}
	EXPECT_EQ(ut_wait_ms(pid, 5000), 0, "SIGTERM while ignored");

	/* SIGKILL and SIGSTOP "cannot be caught, ignored or blocked (EINVAL)". */
	EXPECT_EQ(R2(nr_signal, SIGKILL, A_ACT_IGNORE), R_EINVAL, "signal(SIGKILL, Ignore)");
	EXPECT_EQ(R2(nr_signal, SIGSTOP, A_ACT_IGNORE), R_EINVAL, "signal(SIGSTOP, Ignore)");
	/* Bad signals and actions: EINVAL. */
	EXPECT_EQ(R2(nr_signal, 0, A_ACT_IGNORE), R_EINVAL, "signal(0)");
	EXPECT_EQ(R2(nr_signal, 65, A_ACT_IGNORE), R_EINVAL, "signal(65)");
	EXPECT_EQ(R2(nr_signal, -1, A_ACT_IGNORE), R_EINVAL, "signal(-1)");
	EXPECT_EQ(R2(nr_signal, SIGUSR1, 4), R_EINVAL, "signal(USR1, action 4)");
	EXPECT_EQ(R2(nr_signal, SIGUSR1, -1), R_EINVAL, "signal(USR1, action -1)");
	EXPECT_EQ(R2(nr_signal, SIGUSR1, A_ACT_HANDLE), R_EINVAL,
		  "signal(USR1, Handle): only through sigaction");
}

/* "sigaction(sig, act, old) (the sigaction structure below: handler, mask,
 * flags, restorer) installs a real user handler that runs on the user stack
 * and returns, through the restorer, to sigreturn". "sigaction: u64
 * handler (0 default, 1 ignore, else an address), u64 mask, u64 flags, u64
 * restorer. A handler is void h(int sig)." */
static void body_abi_sigaction(void)
{
	unsigned char raw[48];
	struct a_sigaction old, sa;
	uintptr_t bad[NBAD_OUT];
	int local;

	/* Query: exactly 32 bytes, default handler. */
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R3(nr_sigaction, SIGUSR1, 0, raw), 0, "sigaction(USR1, NULL, &old)");
	for (size_t i = 32; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "sigaction wrote byte %zu of old (struct is 32)", i);
	memcpy(&old, raw, sizeof(old));
	EXPECT_EQ(old.handler, 0, "default handler");

	/* Install, deliver, return. */
	h_count = 0;
	abi_handle(SIGUSR1, count_handler, SIGBIT(SIGUSR2), 0);
	EXPECT_EQ(R2(nr_kill, R0(nr_getpid), SIGUSR1), 0, "kill(self, USR1)");
	CHECK(wait_for(&h_count, 1, 1000), "handler did not run");
	EXPECT_EQ(h_count, 1, "handler ran once");
	EXPECT_EQ(h_sig, SIGUSR1, "handler's argument");
	uintptr_t me = (uintptr_t)&local;
	CHECK(h_stack < me && me - h_stack < (1u << 20),
	      "handler's stack %#lx is not just below ours %#lx",
	      (unsigned long)h_stack, (unsigned long)me);

	/* Without SA_RESTORER (restorer 0) the handler still returns: the
	 * kernel supplies the way back to sigreturn. */
	h_count = 0;
	memset(&sa, 0, sizeof(sa));
	sa.handler = (uint64_t)(uintptr_t)count_handler;
	EXPECT_EQ(R3(nr_sigaction, SIGUSR2, &sa, 0), 0, "sigaction(USR2, no restorer)");
	EXPECT_EQ(R2(nr_kill, R0(nr_getpid), SIGUSR2), 0, "kill(self, USR2)");
	CHECK(wait_for(&h_count, 1, 1000), "handler without SA_RESTORER did not run");
	EXPECT_EQ(h_sig, SIGUSR2, "handler's argument");
	R2(nr_signal, SIGUSR2, A_ACT_DEFAULT);

	/* old gives back what was installed. */
	memset(&sa, 0, sizeof(sa));
	EXPECT_EQ(R3(nr_sigaction, SIGUSR1, &sa, &old), 0, "sigaction(default, &old)");
	EXPECT_EQ(old.handler, (uintptr_t)count_handler, "old handler");
	EXPECT_EQ(old.mask, SIGBIT(SIGUSR2), "old mask");
	EXPECT_EQ(old.flags & A_SA_RESTORER, A_SA_RESTORER, "old flags");
	EXPECT_EQ(old.restorer, (uintptr_t)abi_restorer, "old restorer");
	EXPECT_EQ(R3(nr_sigaction, SIGUSR1, 0, &old), 0, "query");
	EXPECT_EQ(old.handler, 0, "handler 0 restored the default");

	/* handler 1 ignores. */
	sa.handler = 1;
	EXPECT_EQ(R3(nr_sigaction, SIGTERM, &sa, 0), 0, "sigaction(TERM, ignore)");
	EXPECT_EQ(R2(nr_kill, R0(nr_getpid), SIGTERM), 0, "kill(self, TERM) while ignored");
	ut_yield_ms(5);
	sa.handler = 0;
	R3(nr_sigaction, SIGTERM, &sa, 0);

	/* SA_RESETHAND: one delivery, then the default again. */
	h_count = 0;
	abi_handle(SIGUSR2, count_handler, 0, A_SA_RESETHAND);
	R2(nr_kill, R0(nr_getpid), SIGUSR2);
	CHECK(wait_for(&h_count, 1, 1000), "RESETHAND handler did not run");
	EXPECT_EQ(R3(nr_sigaction, SIGUSR2, 0, &old), 0, "query");
	EXPECT_EQ(old.handler, 0, "handler after SA_RESETHAND fired");

	/* SIGKILL, SIGSTOP, bad numbers: EINVAL. */
	abi_handle(SIGUSR1, count_handler, 0, 0);
	EXPECT_EQ(abi_sigaction(SIGKILL, count_handler, 0, 0), R_EINVAL, "catch SIGKILL");
	EXPECT_EQ(abi_sigaction(SIGSTOP, count_handler, 0, 0), R_EINVAL, "catch SIGSTOP");
	sa.handler = 1;
	EXPECT_EQ(R3(nr_sigaction, SIGKILL, &sa, 0), R_EINVAL, "ignore SIGKILL");
	EXPECT_EQ(R3(nr_sigaction, SIGSTOP, &sa, 0), R_EINVAL, "ignore SIGSTOP");
	EXPECT_EQ(abi_sigaction(0, count_handler, 0, 0), R_EINVAL, "sigaction(0)");
	EXPECT_EQ(abi_sigaction(65, count_handler, 0, 0), R_EINVAL, "sigaction(65)");
	EXPECT_EQ(abi_sigaction(-1, count_handler, 0, 0), R_EINVAL, "sigaction(-1)");

	/* Bad pointers: EFAULT, and nothing changes. */
	bad_out(bad);
	for (int i = 1; i < NBAD_IN; i++)      /* [0] NULL act means "query" */
		EXPECT_EQF(R3(nr_sigaction, SIGUSR1, bad[i], 0), R_EFAULT,
			   "sigaction(act %s)", bad_in_name[i]);
	for (int i = 1; i < NBAD_OUT; i++)
		EXPECT_EQF(R3(nr_sigaction, SIGUSR1, 0, bad[i]), R_EFAULT,
			   "sigaction(old %s)", bad_out_name[i]);
	EXPECT_EQ(R3(nr_sigaction, SIGUSR1, 0, &old), 0, "query");
	EXPECT_EQ(old.handler, (uintptr_t)count_handler, "handler after refused calls");
	R2(nr_signal, SIGUSR1, A_ACT_DEFAULT);
}

static volatile int nd_depth, nd_max, nd_count;
static volatile long nd_pending;
static void nest_handler(int sig)
{
	nd_depth++;
	nd_count++;
	if (nd_depth > nd_max)
		nd_max = nd_depth;
	if (nd_count == 1) {
		R2(nr_kill, R0(nr_getpid), sig);
		R2(nr_kill, R0(nr_getpid), SIGUSR2);
		for (int i = 0; i < 20; i++)
			R0(nr_yield);
		nd_pending = R0(nr_sigpending);
	}
	nd_depth--;
}

/* sigaction's mask and flags: "SA_NODEFER 0x40000000", the mask blocks
 * while the handler runs, and without SA_NODEFER the signal itself is
 * blocked in its handler. */
static void body_abi_sigaction_flags(void)
{
	long me = R0(nr_getpid);

	/* Without NODEFER, mask = USR2: both deferred to the end. */
	nd_depth = nd_max = nd_count = 0;
	nd_pending = 0;
	u2_count = 0;
	abi_handle(SIGUSR2, usr2_handler, 0, 0);
	abi_handle(SIGUSR1, nest_handler, SIGBIT(SIGUSR2), 0);
	R2(nr_kill, me, SIGUSR1);
	CHECK(wait_for(&nd_count, 2, 1000), "second USR1 never delivered");
	CHECK(wait_for(&u2_count, 1, 1000), "USR2 never delivered after the handler");
	EXPECT_EQ(nd_max, 1, "handler nested without SA_NODEFER");
	EXPECT_EQ(nd_pending, SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2),
		  "sigpending inside the handler");

	/* With NODEFER: the second USR1 nests. */
	nd_depth = nd_max = nd_count = 0;
	u2_count = 0;
	abi_handle(SIGUSR1, nest_handler, 0, A_SA_NODEFER);
	R2(nr_kill, me, SIGUSR1);
	CHECK(wait_for(&nd_count, 2, 1000), "second USR1 never delivered");
	EXPECT_EQ(nd_max, 2, "handler did not nest with SA_NODEFER");
	R2(nr_signal, SIGUSR1, A_ACT_DEFAULT);
	R2(nr_signal, SIGUSR2, A_ACT_DEFAULT);
	EXPECT_EQ(R0(nr_sigpending), 0, "nothing left pending");
}

/* The mask of blocked signals outside handlers. "sigblock/sigunblock:
 * blocked signals stay pending and are delivered on unblock. sigpending
 * returns the mask of pending signals (0: none)." "sigpending() -> bit
 * mask of pending signals (bit s for signal s)". */
static void body_abi_sigmask(void)
{
	long me = R0(nr_getpid);
	pid_t pid;

	EXPECT_EQ(R0(nr_sigpending), 0, "sigpending at start");
	h_count = 0;
	u2_count = 0;
	abi_handle(SIGUSR1, count_handler, 0, 0);
	abi_handle(SIGUSR2, usr2_handler, 0, 0);
	EXPECT_EQ(R1(nr_sigblock, SIGUSR1), 0, "sigblock(USR1)");
	EXPECT_EQ(R1(nr_sigblock, SIGUSR2), 0, "sigblock(USR2)");
	R2(nr_kill, me, SIGUSR1);
	ut_yield_ms(10);
	EXPECT_EQ(h_count, 0, "a blocked signal was delivered");
	EXPECT_EQ(R0(nr_sigpending), 1l << 10, "sigpending with USR1 (10) pending");
	R2(nr_kill, me, SIGUSR2);
	EXPECT_EQ(R0(nr_sigpending), (1l << 10) | (1l << 12), "sigpending with USR1, USR2");
	EXPECT_EQ(R1(nr_sigunblock, SIGUSR1), 0, "sigunblock(USR1)");
	CHECK(wait_for(&h_count, 1, 1000), "USR1 not delivered on unblock");
	EXPECT_EQ(h_count, 1, "USR1 delivered once");
	EXPECT_EQ(u2_count, 0, "USR2 still blocked");
	EXPECT_EQ(R0(nr_sigpending), 1l << 12, "sigpending with USR2 left");
	EXPECT_EQ(R1(nr_sigunblock, SIGUSR2), 0, "sigunblock(USR2)");
	CHECK(wait_for(&u2_count, 1, 1000), "USR2 not delivered on unblock");
	EXPECT_EQ(R0(nr_sigpending), 0, "sigpending after both");
	EXPECT_EQ(R1(nr_sigunblock, SIGUSR2), 0, "sigunblock of an unblocked signal");

	/* Not blockable; not signals. */
	EXPECT_EQ(R1(nr_sigblock, SIGKILL), R_EINVAL, "sigblock(SIGKILL)");
	EXPECT_EQ(R1(nr_sigblock, SIGSTOP), R_EINVAL, "sigblock(SIGSTOP)");
	EXPECT_EQ(R1(nr_sigblock, 0), R_EINVAL, "sigblock(0)");
	EXPECT_EQ(R1(nr_sigblock, 65), R_EINVAL, "sigblock(65)");
	EXPECT_EQ(R1(nr_sigunblock, 0), R_EINVAL, "sigunblock(0)");
	EXPECT_EQ(R1(nr_sigunblock, 65), R_EINVAL, "sigunblock(65)");

	/* A blocked fatal signal waits, then kills on unblock. */
	pid = ut_fork();
	if (pid == 0) {
		R1(nr_sigblock, SIGTERM);
		R2(nr_kill, R0(nr_getpid), SIGTERM);
		ut_yield_ms(10);
		if (R0(nr_sigpending) != (1l << 15))
			raw_exit(2);
		R1(nr_sigunblock, SIGTERM);
		ut_yield_ms(100);
		raw_exit(3);
	}
	EXPECT_EQ(ut_wait_ms(pid, 5000), SIGTERM, "blocked SIGTERM, then unblocked");
	/* SIGKILL cannot be blocked. */
	pid = ut_fork();
	if (pid == 0) {
		R1(nr_sigblock, SIGKILL);
		R2(nr_kill, R0(nr_getpid), SIGKILL);
		ut_yield_ms(100);
		raw_exit(3);
	}
	EXPECT_EQ(ut_wait_ms(pid, 5000), SIGKILL, "SIGKILL after sigblock(SIGKILL)");
	R2(nr_signal, SIGUSR1, A_ACT_DEFAULT);
	R2(nr_signal, SIGUSR2, A_ACT_DEFAULT);
}

/* ---- registers across a handler ---------------------------------------- */

static volatile int sr_count;
static volatile unsigned long sr_flags_in_handler;
static void clobber_handler(int sig)
{
	unsigned long fl;

	(void)sig;
	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(fl));
	sr_flags_in_handler = fl;
	/* Everything a handler may legally destroy. */
	__asm__ volatile("mov $-1, %%rax\n\tmov $-1, %%rcx\n\tmov $-1, %%rdx\n\t"
			 "mov $-1, %%rsi\n\tmov $-1, %%rdi\n\tmov $-1, %%r8\n\t"
			 "mov $-1, %%r9\n\tmov $-1, %%r10\n\tmov $-1, %%r11\n\t"
			 "std\n\tcld\n\t"
			 ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
			     "r11", "memory", "cc");
	sr_count++;
}

/* "sigreturn, which restores every register and flag"; "Every register
 * except rax, rcx, r11 is preserved" by a call, here one on whose way out a
 * handler ran. */
static void body_abi_sigreturn_regs(void)
{
	long me = R0(nr_getpid);

	sr_count = 0;
	abi_handle(SIGUSR1, clobber_handler, 0, 0);
	/* No function call from here to the asm: the register variables
	 * must hold their values when it starts. */
	register long rdi __asm__("rdi") = me;
	register long rsi __asm__("rsi") = SIGUSR1;
	register long rdx __asm__("rdx") = 0x1111222233334444l;
	register long r10 __asm__("r10") = 0x5555666677778888l;
	register long r8 __asm__("r8") = 0x0123456789abcdefl;
	register long r9 __asm__("r9") = 0x7edcba9876543210l;
	register long r12 __asm__("r12") = 0x1212121212121212l;
	register long r13 __asm__("r13") = 0x1313131313131313l;
	register long r14 __asm__("r14") = 0x1414141414141414l;
	register long r15 __asm__("r15") = 0x1515151515151515l;
	register long rbx __asm__("rbx") = 0x0b0b0b0b0b0b0b0bl;
	long rax = nr_kill;
	long spins = 20000;

	unsigned long flags_after;
	/* With DF set: kill(self, USR1), then yield until the handler has
	 * run; then read the flags back and clear DF. */
	__asm__ volatile("std\n\t"
			 "syscall\n"
			 "1:\tcmpl $0, %[flag]\n\t"
			 "jne 2f\n\t"
			 "decq %[spins]\n\t"
			 "jz 2f\n\t"
			 "movl $2, %%eax\n\t"
			 "syscall\n\t"
			 "jmp 1b\n"
			 "2:\tpushfq\n\t"
			 "popq %[fl]\n\t"
			 "cld"
			 : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10),
			   "+r"(r8), "+r"(r9), "+r"(r12), "+r"(r13), "+r"(r14),
			   "+r"(r15), "+r"(rbx), [spins] "+m"(spins), [fl] "=m"(flags_after)
			 : [flag] "m"(sr_count)
			 : "rcx", "r11", "memory", "cc");
	long got[11] = { rdi, rsi, rdx, r10, r8, r9, r12, r13, r14, r15, rbx };
	static const char *const nm[11] = { "rdi", "rsi", "rdx", "r10", "r8", "r9",
					    "r12", "r13", "r14", "r15", "rbx" };
	const long want[11] = { me, SIGUSR1, 0x1111222233334444l, 0x5555666677778888l,
				0x0123456789abcdefl, 0x7edcba9876543210l,
				0x1212121212121212l, 0x1313131313131313l,
				0x1414141414141414l, 0x1515151515151515l,
				0x0b0b0b0b0b0b0b0bl };

	CHECK(sr_count == 1, "handler ran %d times", sr_count);
	for (int i = 0; i < 11; i++)
		EXPECT_EQF(got[i], want[i], "%s after a handler ran", nm[i]);
	/* The handler is a C function: it starts with DF clear (SysV ABI);
	 * sigreturn gives DF back as it was. */
	EXPECT_EQ(sr_flags_in_handler & 0x400, 0, "DF in the handler");
	EXPECT_EQ(flags_after & 0x400, 0x400, "DF after sigreturn (was set)");
	R2(nr_signal, SIGUSR1, A_ACT_DEFAULT);
}

static volatile int alrm_count;
static void alrm_handler(int sig)
{
	(void)sig;
	alrm_count++;
}

/* "A blocking call interrupted by a handled signal returns EINTR";
 * "nanosleep ... EINTR with the remainder on a signal". */
static void body_abi_eintr(void)
{
	int p[2];
	char c;
	struct a_timespec req = { 2, 0 }, rem = { -1, -1 };
	long t;

	alrm_count = 0;
	abi_handle(SIGALRM, alrm_handler, 0, 0);

	xpipe(p);
	t = R2(nr_timer_set, 50, 0);
	CHECK(t >= 0, "timer_set = %ld", t);
	EXPECT_EQ(R3(nr_read, p[0], &c, 1), R_EINTR, "read from an empty pipe, SIGALRM");
	EXPECT_EQ(alrm_count, 1, "handler ran");
	xclose(p[0]);
	xclose(p[1]);

	pid_t pid = ut_fork();
	if (pid == 0)
		ut_linger(3000);
	t = R2(nr_timer_set, 50, 0);
	int st;
	EXPECT_EQ(R3(nr_waitpid, pid, &st, 0), R_EINTR, "waitpid, SIGALRM");
	R2(nr_kill, pid, SIGKILL);
	ut_wait_ms(pid, 5000);

	t = R2(nr_timer_set, 50, 0);
	EXPECT_EQ(R2(nr_nanosleep, &req, &rem), R_EINTR, "nanosleep(2 s), SIGALRM");
	CHECK(rem.sec >= 0 && rem.nsec >= 0 && rem.nsec < 1000000000 &&
	      (rem.sec > 0 || rem.nsec > 0) && rem.sec < 2,
	      "remainder %ld s %ld ns after about 50 ms of 2 s", (long)rem.sec,
	      (long)rem.nsec);
	CHECK(rem.sec == 1 && rem.nsec > 500000000, "remainder %ld s %ld ns is not about 1.95 s",
	      (long)rem.sec, (long)rem.nsec);

	long q = R2(nr_msgget, A_IPC_PRIVATE, 0);
	CHECK(q >= 0, "msgget = %ld", q);
	struct a_msg m;
	t = R2(nr_timer_set, 50, 0);
	EXPECT_EQ(R5(nr_msgrcv, q, &m, sizeof(m.text), 0, 0), R_EINTR, "msgrcv, SIGALRM");
	EXPECT_EQ(R2(nr_msgctl, q, A_IPC_RMID), 0, "msgctl(RMID)");
	R2(nr_signal, SIGALRM, A_ACT_DEFAULT);
}

/* "A fault in user code (bad access, write to read-only or NX page, #GP,
 * #UD, divide error) sends SIGSEGV/SIGBUS/SIGILL/SIGFPE to that process
 * only". */
static void do_ud2(uintptr_t a) { (void)a; __asm__ volatile("ud2"); }
static void do_hlt(uintptr_t a) { (void)a; __asm__ volatile("hlt"); }
static void do_div0(uintptr_t a)
{
	volatile long zero = (long)a, x = 1;

	x = x / zero;
	(void)x;
}
static void do_write_ro(uintptr_t a) { mt_store(a); }

static void body_abi_faults(void)
{
	uintptr_t ro = ro_page(), rw = xmmap(PG, A_READ_WRITE);

	memcpy((void *)rw, mt_code42, sizeof(mt_code42));
	mt_expect_signal(SIGSEGV, mt_load, 0, "read NULL");
	mt_expect_signal(SIGSEGV, mt_load, KTEXT_ADDR, "read kernel memory");
	mt_expect_signal(SIGSEGV, mt_store, KDIRECT_ADDR, "write kernel memory");
	mt_expect_signal(SIGSEGV, do_write_ro, ro, "write a read-only page");
	mt_expect_signal(SIGSEGV, mt_call, rw, "execute a non-exec page");
	mt_expect_signal(SIGSEGV, do_hlt, 0, "hlt (#GP)");
	mt_expect_signal(SIGILL, do_ud2, 0, "ud2 (#UD)");
	mt_expect_signal(SIGFPE, do_div0, 0, "divide by zero");
	/* ... "to that process only": we are fine. */
	CHECK(R0(nr_getpid) > 0, "alive");
	xmunmap(rw, PG);
	xmunmap(ro, PG);
}

/* ========================================================================== */
/* Memory                                                                      */
/* ========================================================================== */

static void do_call42(uintptr_t a)
{
	int r = ((int (*)(void))ut_addr(a))();

	raw_exit(r == 42 ? 0 : 1);
}

/* "mmap(addr, len, prot, flags, fd, off): anonymous private and shared
 * mappings at least; MAP_FIXED; page-aligned; prot READ/WRITE/EXEC enforced
 * by the page tables (NX for non-exec). munmap of part of a mapping splits
 * it." */
static void body_abi_mmap(void)
{
	long a, r;
	pid_t pid;

	a = R6(nr_mmap, 0, 3 * PG, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	CHECK(a > 0 && (a & (long)(PG - 1)) == 0, "mmap(3 pages) = %#lx", a);
	for (size_t i = 0; i < 3 * PG; i++)
		CHECK(((volatile char *)a)[i] == 0, "new anonymous memory not zero at %zu", i);
	memset((void *)a, 0x11, 3 * PG);

	/* Unmapping the middle page splits the mapping. */
	EXPECT_EQ(R2(nr_munmap, a + PG, PG), 0, "munmap(middle page)");
	EXPECT_EQ(((volatile char *)a)[0], 0x11, "first page after the split");
	EXPECT_EQ(((volatile char *)a)[2 * PG], 0x11, "last page after the split");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)a + PG, "read the unmapped middle");
	/* MAP_FIXED puts a mapping exactly there, replacing what was. */
	r = R6(nr_mmap, a + PG, PG, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED,
	       -1, 0);
	EXPECT_EQ(r, a + PG, "mmap(FIXED) into the hole");
	EXPECT_EQ(((volatile char *)a)[PG], 0, "the new page is zero");
	r = R6(nr_mmap, a, PG, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED, -1, 0);
	EXPECT_EQ(r, a, "mmap(FIXED) over a mapped page");
	EXPECT_EQ(((volatile char *)a)[0], 0, "FIXED replaced the old page");
	EXPECT_EQ(R2(nr_munmap, a, 3 * PG), 0, "munmap(all three)");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)a + 2 * PG, "read after munmap");

	/* Protections, by the page tables. */
	a = R6(nr_mmap, 0, PG, A_PROT_READ, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	CHECK(a > 0, "mmap(READ) = %ld", a);
	EXPECT_EQ(*(volatile char *)a, 0, "read a READ page");
	mt_expect_signal(SIGSEGV, mt_store, (uintptr_t)a, "write a READ page");
	mt_expect_signal(SIGSEGV, mt_call, (uintptr_t)a, "execute a READ page");
	xmunmap((uintptr_t)a, PG);
	a = R6(nr_mmap, 0, PG, A_READ_WRITE | A_PROT_EXEC, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	CHECK(a > 0, "mmap(READ|WRITE|EXEC) = %ld", a);
	memcpy((void *)a, mt_code42, sizeof(mt_code42));
	pid = ut_fork();
	if (pid == 0)
		do_call42((uintptr_t)a);
	EXPECT_EQ(ut_wait_ms(pid, 5000), 0, "code in an EXEC mapping ran");
	xmunmap((uintptr_t)a, PG);

	/* Shared and private across fork. */
	long sh = R6(nr_mmap, 0, PG, A_READ_WRITE, A_MAP_SHARED | A_MAP_ANON, -1, 0);
	long pr = R6(nr_mmap, 0, PG, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	CHECK(sh > 0 && pr > 0, "mmap shared %ld private %ld", sh, pr);
	*(volatile char *)sh = 'p';
	*(volatile char *)pr = 'p';
	pid = ut_fork();
	if (pid == 0) {
		*(volatile char *)sh = 'c';
		*(volatile char *)pr = 'c';
		raw_exit(0);
	}
	child_ok(pid, "writer");
	EXPECT_EQ(*(volatile char *)sh, 'c', "MAP_SHARED: the child's store is seen");
	EXPECT_EQ(*(volatile char *)pr, 'p', "MAP_PRIVATE: the child's store is not seen");
	xmunmap((uintptr_t)sh, PG);
	xmunmap((uintptr_t)pr, PG);

	/* Refusals. */
	EXPECT_EQ(R6(nr_mmap, 0, 0, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON, -1, 0), R_EINVAL,
		  "mmap(len 0)");
	EXPECT_EQ(R6(nr_mmap, 0x40000123, PG, A_READ_WRITE,
		     A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED, -1, 0), R_EINVAL,
		  "mmap(FIXED, unaligned)");
	EXPECT_EQ(R6(nr_mmap, 0, PG, A_READ_WRITE, A_MAP_ANON, -1, 0), R_EINVAL,
		  "mmap(neither SHARED nor PRIVATE)");
	EXPECT_EQ(R6(nr_mmap, 0, PG, A_READ_WRITE, A_MAP_SHARED | A_MAP_PRIVATE | A_MAP_ANON,
		     -1, 0), R_EINVAL, "mmap(SHARED and PRIVATE)");
	EXPECT_EQ(R6(nr_mmap, 0, PG, 0x8 | A_PROT_READ, A_MAP_PRIVATE | A_MAP_ANON, -1, 0),
		  R_EINVAL, "mmap(prot 0x9)");
	r = R6(nr_mmap, KDIRECT_ADDR, PG, A_READ_WRITE,
	       A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED, -1, 0);
	EXPECT_EITHER(r, R_EINVAL, R_ENOMEM, "mmap(FIXED at a kernel address)");
	r = R6(nr_mmap, MT_USER_TOP - PG, 2 * PG, A_READ_WRITE,
	       A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED, -1, 0);
	EXPECT_EITHER(r, R_EINVAL, R_ENOMEM, "mmap(FIXED across the user/kernel boundary)");
	EXPECT_EQ(R2(nr_munmap, 0x40000123, PG), R_EINVAL, "munmap(unaligned)");
	EXPECT_EQ(R2(nr_munmap, 0x40000000, 0), R_EINVAL, "munmap(len 0)");
	EXPECT_EQ(R2(nr_munmap, KDIRECT_ADDR, PG), R_EINVAL, "munmap(kernel address)");
}

/* "brk grows and shrinks the heap"; "brk(addr) -> the break after the call
 * (brk(0) asks)". */
static void body_abi_brk(void)
{
	long b0, up, r;

	mt_prefault_stack();
	b0 = R1(nr_brk, 0);
	CHECK(b0 > 0, "brk(0) = %ld", b0);
	up = (long)mt_page_up((uintptr_t)b0);
	EXPECT_EQ(R1(nr_brk, up + 2 * PG), up + 2 * (long)PG, "brk(grow 2 pages)");
	EXPECT_EQ(R1(nr_brk, 0), up + 2 * (long)PG, "brk(0) after growing");
	memset((void *)b0, 0x33, (size_t)(up + 2 * PG - b0));
	EXPECT_EQ(R1(nr_brk, up), up, "brk(shrink)");
	EXPECT_EQ(R1(nr_brk, 0), up, "brk(0) after shrinking");
	mt_expect_signal(SIGSEGV, mt_load, (uintptr_t)up + PG, "read above the shrunk break");
	/* Refusals leave the break where it was. */
	r = R1(nr_brk, KDIRECT_ADDR);
	CHECK(r == up || r < 0, "brk(kernel address) = %#lx", r);
	EXPECT_EQ(R1(nr_brk, 0), up, "brk(0) after brk(kernel address)");
	r = R1(nr_brk, MT_USER_TOP - PG);
	CHECK(r == up || r < 0, "brk(top of user space) = %#lx", r);
	EXPECT_EQ(R1(nr_brk, 0), up, "brk(0) after brk(top of user space)");
	EXPECT_EQ(R1(nr_brk, b0), b0, "brk back to the start");
}

/* (A bad region ID: ABI.md's EBADF is "bad file descriptor or handle" and
 * System V says EINVAL; either is accepted.)
 * "mem_alloc(size, prot): a region of whole pages, mapped into the process
 * with protection Protection::READ, READ_WRITE or READ_EXEC, returning a
 * region ID (its address is also obtainable so plain loads and stores
 * work). mem_free(id). mem_read(id, offset, buf, len) / mem_write(...) copy
 * in or out, checking the protection and the bounds (a write to a READ
 * region: EPERM; out of bounds: EINVAL)." "mem_alloc(size, prot, void
 * **addr_out) -> region ID; addr_out may be NULL. ... -> bytes copied." */
static void body_abi_regions(void)
{
	char buf[PG * 2 + 16];
	uintptr_t addr = 0, raddr = 0, bad[NBAD_OUT];
	long id, rid, xid;
	struct a_mem_stats ms0 = xmemstats(), ms;

	id = R3(nr_mem_alloc, 5000, A_READ_WRITE, &addr);
	CHECK(id >= 0, "mem_alloc(5000, READ_WRITE) = %ld", id);
	CHECK(addr != 0 && (addr & (PG - 1)) == 0, "region address %#lx",
	      (unsigned long)addr);
	ms = xmemstats();
	EXPECT_EQ(ms.region_count, ms0.region_count + 1, "region_count after mem_alloc");

	/* Whole pages: 5000 bytes is two pages, and the bounds are 8192. */
	memset(buf, 'w', sizeof(buf));
	EXPECT_EQ(R4(nr_mem_write, id, 0, buf, 2 * PG), 2 * PG, "mem_write(all 8192)");
	EXPECT_EQ(R4(nr_mem_write, id, 2 * PG - 2, "ab", 2), 2, "mem_write(last 2 bytes)");
	EXPECT_EQ(R4(nr_mem_write, id, 2 * PG - 1, "ab", 2), R_EINVAL, "mem_write past the end");
	EXPECT_EQ(R4(nr_mem_write, id, 2 * PG, "a", 1), R_EINVAL, "mem_write at the end");
	EXPECT_EQ(R4(nr_mem_read, id, 2 * PG, buf, 1), R_EINVAL, "mem_read at the end");
	EXPECT_EQ(R4(nr_mem_read, id, 0, buf, 2 * PG + 1), R_EINVAL, "mem_read(8193)");
	EXPECT_EQ(R4(nr_mem_read, id, -1l, buf, 2), R_EINVAL, "mem_read(offset -1)");
	EXPECT_EQ(R4(nr_mem_read, id, 8, buf, -4l), R_EINVAL, "mem_read(len -4): off+len wraps");
	EXPECT_EQ(R4(nr_mem_read, id, 2 * PG - 2, buf, 2), 2, "mem_read(last 2 bytes)");
	CHECK(memcmp(buf, "ab", 2) == 0, "mem_read data");

	/* Plain loads and stores at the address see the same bytes. */
	EXPECT_EQ(((volatile char *)addr)[2 * PG - 1], 'b', "load what mem_write put");
	memcpy((void *)addr, "direct", 6);
	EXPECT_EQ(R4(nr_mem_read, id, 0, buf, 6), 6, "mem_read");
	CHECK(memcmp(buf, "direct", 6) == 0, "mem_read sees a plain store");

	/* READ: readable, not writable either way; READ_WRITE is not
	 * executable (NX); READ_EXEC is not writable. */
	rid = R3(nr_mem_alloc, PG, A_PROT_READ, &raddr);
	CHECK(rid >= 0, "mem_alloc(READ) = %ld", rid);
	EXPECT_EQ(R4(nr_mem_read, rid, 0, buf, 16), 16, "mem_read(READ region)");
	EXPECT_EQ(R4(nr_mem_write, rid, 0, "x", 1), R_EPERM, "mem_write(READ region)");
	mt_expect_signal(SIGSEGV, mt_store, raddr, "store into a READ region");
	mt_expect_signal(SIGSEGV, mt_call, addr, "execute a READ_WRITE region");
	xid = R3(nr_mem_alloc, PG, A_READ_EXEC, 0);      /* "addr_out may be NULL" */
	CHECK(xid >= 0, "mem_alloc(READ_EXEC, NULL) = %ld", xid);
	EXPECT_EQ(R4(nr_mem_write, xid, 0, "x", 1), R_EPERM, "mem_write(READ_EXEC region)");
	EXPECT_EQ(R4(nr_mem_read, xid, 0, buf, 1), 1, "mem_read(READ_EXEC region)");

	/* Bad protections and sizes. */
	static const long badprot[] = { 0, A_PROT_WRITE, A_PROT_EXEC, 6, 7, 8, 0x11, -1 };
	for (size_t i = 0; i < sizeof(badprot) / sizeof(badprot[0]); i++)
		EXPECT_EQF(R3(nr_mem_alloc, PG, badprot[i], 0), R_EINVAL,
			   "mem_alloc(prot %#lx)", badprot[i]);
	EXPECT_EQ(R3(nr_mem_alloc, 0, A_READ_WRITE, 0), R_EINVAL, "mem_alloc(size 0)");
	EXPECT_EITHER(R3(nr_mem_alloc, -4096l, A_READ_WRITE, 0), R_ENOMEM, R_EINVAL,
		      "mem_alloc(size 2^64-4096)");

	/* Bad buffers: EFAULT, and nothing allocated. */
	bad_out(bad);
	ms = xmemstats();
	for (int i = 1; i < NBAD_OUT; i++)
		EXPECT_EQF(R3(nr_mem_alloc, PG, A_READ_WRITE, bad[i]), R_EFAULT,
			   "mem_alloc(addr_out %s)", bad_out_name[i]);
	EXPECT_EQ(xmemstats().region_count, ms.region_count, "regions after refused mem_allocs");
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R4(nr_mem_read, id, 0, bad[i], 16), R_EFAULT, "mem_read(buf %s)",
			   bad_out_name[i]);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R4(nr_mem_write, id, 0, bad[i], 16), R_EFAULT, "mem_write(buf %s)",
			   bad_in_name[i]);

	/* IDs: distinct; free; a freed or made-up ID is refused. */
	CHECK(id != rid && id != xid && rid != xid, "region ids %ld %ld %ld", id, rid, xid);
	EXPECT_EQ(R1(nr_mem_free, rid), 0, "mem_free(READ region)");
	EXPECT_EQ(R1(nr_mem_free, xid), 0, "mem_free(READ_EXEC region)");
	EXPECT_EQ(R1(nr_mem_free, id), 0, "mem_free");
	mt_expect_signal(SIGSEGV, mt_load, addr, "load from a freed region");
	EXPECT_EQ(xmemstats().region_count, ms0.region_count, "region_count after the frees");
	static const long badid[] = { -1, 999999, (long)1 << 40 };
	for (size_t i = 0; i < sizeof(badid) / sizeof(badid[0]); i++) {
		EXPECT_EITHER(R1(nr_mem_free, badid[i]), R_EINVAL, R_EBADF, "mem_free(bad id)");
		EXPECT_EITHER(R4(nr_mem_read, badid[i], 0, buf, 1), R_EINVAL, R_EBADF,
			      "mem_read(bad id)");
	}
	EXPECT_EITHER(R1(nr_mem_free, id), R_EINVAL, R_EBADF, "mem_free twice");
	EXPECT_EITHER(R4(nr_mem_write, id, 0, "x", 1), R_EINVAL, R_EBADF,
		      "mem_write(freed id)");
}

/* "memstats(): {allocated, limit, peak, region_count, shm_count} for the
 * caller; allocated counts every user page it holds (heap, stack,
 * mappings, regions, attached shm)." */
static void body_abi_memstats(void)
{
	unsigned char raw[56];
	struct a_mem_stats m0, m1;
	uintptr_t bad[NBAD_OUT], a;
	long id, seg, reg, b0;

	mt_prefault_stack();
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R1(nr_memstats, raw), 0, "memstats");
	for (size_t i = 40; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "memstats wrote byte %zu (struct is 40)", i);
	memcpy(&m0, raw, sizeof(m0));
	CHECK(m0.allocated > 0 && m0.allocated % PG == 0, "allocated %lu",
	      (unsigned long)m0.allocated);
	CHECK(m0.peak >= m0.allocated, "peak %lu < allocated %lu", (unsigned long)m0.peak,
	      (unsigned long)m0.allocated);

	/* A region. */
	m0 = xmemstats();
	id = R3(nr_mem_alloc, 3 * PG, A_READ_WRITE, &a);
	CHECK(id >= 0, "mem_alloc = %ld", id);
	memset((void *)a, 1, 3 * PG);
	m1 = xmemstats();
	EXPECT_EQ(m1.allocated, m0.allocated + 3 * PG, "allocated after a 3-page region");
	EXPECT_EQ(m1.region_count, m0.region_count + 1, "region_count");
	CHECK(m1.peak >= m1.allocated, "peak below allocated");
	MUST(R1(nr_mem_free, id));
	m1 = xmemstats();
	EXPECT_EQ(m1.allocated, m0.allocated, "allocated after mem_free");
	EXPECT_EQ(m1.region_count, m0.region_count, "region_count after mem_free");
	CHECK(m1.peak >= m0.allocated + 3 * PG, "peak %lu forgot the region",
	      (unsigned long)m1.peak);

	/* A mapping. */
	a = xmmap(4 * PG, A_READ_WRITE);
	memset((void *)a, 1, 4 * PG);
	EXPECT_EQ(xmemstats().allocated, m0.allocated + 4 * PG, "allocated after mmap 4 pages");
	xmunmap(a, 4 * PG);
	EXPECT_EQ(xmemstats().allocated, m0.allocated, "allocated after munmap");

	/* Attached shm. */
	seg = R3(nr_shmget, A_IPC_PRIVATE, 2 * PG, 0);
	CHECK(seg >= 0, "shmget = %ld", seg);
	reg = R3(nr_shmat, seg, A_READ_WRITE, &a);
	CHECK(reg >= 0, "shmat = %ld", reg);
	memset((void *)a, 1, 2 * PG);
	m1 = xmemstats();
	EXPECT_EQ(m1.allocated, m0.allocated + 2 * PG, "allocated with 2 shm pages attached");
	EXPECT_EQ(m1.shm_count, m0.shm_count + 1, "shm_count with a segment attached");
	EXPECT_EQ(R1(nr_shmdt, reg), 0, "shmdt");
	m1 = xmemstats();
	EXPECT_EQ(m1.allocated, m0.allocated, "allocated after shmdt");
	EXPECT_EQ(m1.shm_count, m0.shm_count, "shm_count after shmdt");
	R2(nr_shmctl, seg, A_IPC_RMID);

	/* The heap. */
	b0 = R1(nr_brk, 0);
	a = mt_page_up((uintptr_t)b0);
	EXPECT_EQ(R1(nr_brk, a + 2 * PG), a + 2 * PG, "brk");
	memset((void *)a, 1, 2 * PG);
	m1 = xmemstats();
	CHECK(m1.allocated >= m0.allocated + 2 * PG && m1.allocated <= m0.allocated + 3 * PG,
	      "allocated %lu -> %lu after growing the heap 2 pages",
	      (unsigned long)m0.allocated, (unsigned long)m1.allocated);
	R1(nr_brk, b0);

	bad_out(bad);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R1(nr_memstats, bad[i]), R_EFAULT, "memstats(%s)", bad_out_name[i]);
}

static void memlimit_child(void)
{
	struct a_mem_stats ms, ms2;
	uintptr_t a = 0;
	long r, b0, seg;
	uint64_t lim;

	mt_prefault_stack();
	ms = xmemstats();
	lim = ms.allocated + 4 * PG;
	EXPECT_EQ(R1(nr_set_memlimit, lim), 0, "set_memlimit(allocated + 4 pages)");
	ms = xmemstats();
	EXPECT_EQ(ms.limit, lim, "memstats' limit");

	/* Over the limit: ENOMEM, and nothing changes. */
	EXPECT_EQ(R3(nr_mem_alloc, 8 * PG, A_READ_WRITE, &a), R_ENOMEM, "mem_alloc(8 pages)");
	r = R6(nr_mmap, 0, 8 * PG, A_READ_WRITE, A_MAP_PRIVATE | A_MAP_ANON, -1, 0);
	EXPECT_EQ(r, R_ENOMEM, "mmap(8 pages)");
	b0 = R1(nr_brk, 0);
	r = R1(nr_brk, mt_page_up((uintptr_t)b0) + 8 * PG);
	CHECK(r == b0 || r == R_ENOMEM, "brk(+8 pages) over the limit = %#lx", r);
	EXPECT_EQ(R1(nr_brk, 0), b0, "the break after a refused brk");
	seg = R3(nr_shmget, A_IPC_PRIVATE, 8 * PG, 0);
	CHECK(seg >= 0, "shmget = %ld", seg);
	EXPECT_EQ(R3(nr_shmat, seg, A_READ_WRITE, &a), R_ENOMEM, "shmat(8 pages)");
	R2(nr_shmctl, seg, A_IPC_RMID);
	ms2 = xmemstats();
	EXPECT_EQ(ms2.allocated, ms.allocated, "allocated after refusals");
	EXPECT_EQ(ms2.region_count, ms.region_count, "region_count after refusals");
	EXPECT_EQ(ms2.shm_count, ms.shm_count, "shm_count after refusals");

	/* Under it: fine. */
	r = R3(nr_mem_alloc, 2 * PG, A_READ_WRITE, &a);
	CHECK(r >= 0, "mem_alloc(2 pages) under the limit = %ld", r);
	MUST(R1(nr_mem_free, r));

	/* Children inherit it. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		EXPECT_EQ(xmemstats().limit, lim, "the child's limit");
		raw_exit(0);
	}
	child_ok(pid, "limit inherited");

	/* Lower: anyone; raise: only the privileged (uid 0 here). */
	if (R0(nr_getuid) == 0) {
		EXPECT_EQ(R1(nr_set_memlimit, lim + 16 * PG), 0, "uid 0 raises its limit");
		EXPECT_EQ(xmemstats().limit, lim + 16 * PG, "raised limit");
		EXPECT_EQ(R1(nr_setuid, 1000), 0, "setuid(1000)");
	}
	EXPECT_EQ(R1(nr_set_memlimit, lim + 32 * PG), R_EPERM, "unprivileged raise");
	EXPECT_EQ(R1(nr_set_memlimit, 0), R_EPERM, "unprivileged set to 0 (unlimited)");
	EXPECT_EQ(R1(nr_set_memlimit, lim), 0, "unprivileged lower");
	EXPECT_EQ(xmemstats().limit, lim, "lowered limit");
}

/* "set_memlimit(bytes) (0 = unlimited): any allocation that would pass the
 * limit fails with ENOMEM and nothing changes; a process may lower its own
 * limit, only a privileged one may raise it; children inherit it." */
static void body_abi_memlimit(void)
{
	in_child(memlimit_child, "memlimit");
}

/* "system_memstats(): {total_allocated over all processes, system_limit,
 * shm_count, shm_total_size}"; "the segment is freed when the last
 * attachment goes and it has been removed (or was never named)". */
static void body_abi_sysmem(void)
{
	unsigned char raw[48];
	struct a_sys_stats s0, s1;
	uintptr_t bad[NBAD_OUT], a;
	long seg, reg;

	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R1(nr_system_memstats, raw), 0, "system_memstats");
	for (size_t i = 32; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "system_memstats wrote byte %zu (struct is 32)", i);
	memcpy(&s0, raw, sizeof(s0));
	CHECK(s0.total_allocated >= xmemstats().allocated,
	      "total_allocated %lu below our own", (unsigned long)s0.total_allocated);

	seg = R3(nr_shmget, A_IPC_PRIVATE, 3 * PG, 0);
	CHECK(seg >= 0, "shmget = %ld", seg);
	reg = R3(nr_shmat, seg, A_READ_WRITE, &a);
	CHECK(reg >= 0, "shmat = %ld", reg);
	MUST(R1(nr_system_memstats, &s1));
	EXPECT_EQ(s1.shm_count, s0.shm_count + 1, "system shm_count with a segment");
	EXPECT_EQ(s1.shm_total_size, s0.shm_total_size + 3 * PG, "system shm_total_size");
	EXPECT_EQ(R1(nr_shmdt, reg), 0, "shmdt");
	/* Private (never named), last attachment gone: freed. */
	MUST(R1(nr_system_memstats, &s1));
	EXPECT_EQ(s1.shm_count, s0.shm_count, "shm_count after the last shmdt of a private segment");
	EXPECT_EQ(s1.shm_total_size, s0.shm_total_size, "shm_total_size after it");
	EXPECT_EITHER(R3(nr_shmat, seg, A_READ_WRITE, &a), R_EINVAL, -EIDRM,
		      "shmat of a freed private segment");

	bad_out(bad);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R1(nr_system_memstats, bad[i]), R_EFAULT, "system_memstats(%s)",
			   bad_out_name[i]);
}

/* "shmget(key, size, flags) makes a segment (IPC_PRIVATE, IPC_CREAT,
 * IPC_EXCL); shmat(id, prot) maps it and returns a region ID usable with
 * mem_read/mem_write; shmdt(region) detaches; the segment is freed when the
 * last attachment goes and it has been removed (or was never named).
 * Attached processes share the same physical frames ... shm_sync ... and
 * shm_refresh ... must still exist, validate their argument". "shmdt(region),
 * shm_sync(region), shm_refresh(region) -> 0. shmctl(segment, IPC_RMID)." */
static void body_abi_shm(void)
{
	uintptr_t a = 0, a2 = 0;
	long seg, reg, reg2, key = 0x5ab10000 + R0(nr_getpid);
	char buf[16];
	pid_t pid;

	seg = R3(nr_shmget, A_IPC_PRIVATE, 2 * PG, 0);
	CHECK(seg >= 0, "shmget(PRIVATE) = %ld", seg);
	reg = R3(nr_shmat, seg, A_READ_WRITE, &a);
	CHECK(reg >= 0 && a != 0 && (a & (PG - 1)) == 0, "shmat = %ld at %#lx", reg,
	      (unsigned long)a);
	EXPECT_EQ(((volatile char *)a)[0], 0, "a new segment reads as zero");
	memcpy((void *)a, "hi", 2);
	EXPECT_EQ(R4(nr_mem_read, reg, 0, buf, 2), 2, "mem_read(shm region)");
	CHECK(memcmp(buf, "hi", 2) == 0, "mem_read sees the store");
	EXPECT_EQ(R4(nr_mem_write, reg, 100, "yo", 2), 2, "mem_write(shm region)");
	CHECK(memcmp((char *)a + 100, "yo", 2) == 0, "the store via mem_write is seen");
	EXPECT_EQ(R4(nr_mem_write, reg, 2 * PG - 1, "yo", 2), R_EINVAL, "mem_write past the end");
	EXPECT_EQ(R1(nr_shm_sync, reg), 0, "shm_sync");
	EXPECT_EQ(R1(nr_shm_refresh, reg), 0, "shm_refresh");

	/* Another process attaches and writes; we see it. */
	pid = ut_fork();
	if (pid == 0) {
		uintptr_t c = 0;
		long r = R3(nr_shmat, seg, A_READ_WRITE, &c);

		CHECK(r >= 0, "child shmat = %ld", r);
		CHECK(memcmp((char *)c, "hi", 2) == 0, "child sees the parent's data");
		memcpy((char *)c + 8, "child", 5);
		EXPECT_EQ(R1(nr_shm_sync, r), 0, "child shm_sync");
		EXPECT_EQ(R1(nr_shmdt, r), 0, "child shmdt");
		raw_exit(0);
	}
	child_ok(pid, "shm child");
	EXPECT_EQ(R1(nr_shm_refresh, reg), 0, "shm_refresh");
	CHECK(memcmp((char *)a + 8, "child", 5) == 0, "the child's store is seen");
	/* A READ attachment refuses mem_write. */
	reg2 = R3(nr_shmat, seg, A_PROT_READ, &a2);
	CHECK(reg2 >= 0, "shmat(READ) = %ld", reg2);
	CHECK(memcmp((char *)a2 + 8, "child", 5) == 0, "the second attachment shares frames");
	EXPECT_EQ(R4(nr_mem_write, reg2, 0, "x", 1), R_EPERM, "mem_write(READ attachment)");
	mt_expect_signal(SIGSEGV, mt_store, a2, "store into a READ attachment");
	EXPECT_EQ(R1(nr_shmdt, reg2), 0, "shmdt(READ attachment)");
	EXPECT_EQ(R1(nr_shmdt, reg), 0, "shmdt");
	EXPECT_EITHER(R1(nr_shmdt, reg), R_EINVAL, R_EBADF, "shmdt twice");
	EXPECT_EITHER(R1(nr_shm_sync, reg), R_EINVAL, R_EBADF, "shm_sync(detached)");
	EXPECT_EITHER(R1(nr_shm_refresh, reg), R_EINVAL, R_EBADF, "shm_refresh(detached)");
	EXPECT_EITHER(R1(nr_shm_sync, 999999), R_EINVAL, R_EBADF, "shm_sync(bad id)");
	EXPECT_EITHER(R1(nr_shm_refresh, -1), R_EINVAL, R_EBADF, "shm_refresh(-1)");
	/* A private segment whose last attachment went is gone. */
	EXPECT_EITHER(R3(nr_shmat, seg, A_READ_WRITE, &a), R_EINVAL, -EIDRM,
		      "shmat(freed private segment)");

	/* Named segments. */
	EXPECT_EQ(R3(nr_shmget, key, PG, 0), R_ENOENT, "shmget(new key, no CREAT)");
	seg = R3(nr_shmget, key, PG, A_IPC_CREAT);
	CHECK(seg >= 0, "shmget(key, CREAT) = %ld", seg);
	EXPECT_EQ(R3(nr_shmget, key, PG, 0), seg, "shmget(key) finds it");
	EXPECT_EQ(R3(nr_shmget, key, PG, A_IPC_CREAT), seg, "shmget(key, CREAT) finds it");
	EXPECT_EQ(R3(nr_shmget, key, PG, A_IPC_CREAT | A_IPC_EXCL), R_EEXIST,
		  "shmget(key, CREAT|EXCL) of an existing one");
	reg = R3(nr_shmat, seg, A_READ_WRITE, &a);
	CHECK(reg >= 0, "shmat = %ld", reg);
	memcpy((void *)a, "named", 5);
	EXPECT_EQ(R1(nr_shmdt, reg), 0, "shmdt");
	/* Named, not removed: survives having no attachment. */
	reg = R3(nr_shmat, seg, A_READ_WRITE, &a);
	CHECK(reg >= 0, "shmat again = %ld", reg);
	CHECK(memcmp((void *)a, "named", 5) == 0, "a named segment kept its data");
	/* Removed while attached: usable until the detach, name gone at once. */
	EXPECT_EQ(R2(nr_shmctl, seg, A_IPC_RMID), 0, "shmctl(RMID)");
	EXPECT_EQ(R3(nr_shmget, key, PG, 0), R_ENOENT, "shmget(key) after RMID");
	memcpy((void *)a, "still", 5);
	EXPECT_EQ(R4(nr_mem_read, reg, 0, buf, 5), 5, "mem_read after RMID");
	EXPECT_EQ(R1(nr_shmdt, reg), 0, "shmdt after RMID");

	/* Refusals. */
	EXPECT_EQ(R3(nr_shmget, A_IPC_PRIVATE, 0, 0), R_EINVAL, "shmget(size 0)");
	EXPECT_EITHER(R3(nr_shmat, 999999, A_READ_WRITE, &a), R_EINVAL, -EIDRM,
		      "shmat(no such segment)");
	EXPECT_EQ(R2(nr_shmctl, 999999, A_IPC_RMID), R_EINVAL, "shmctl(no such segment)");
	seg = R3(nr_shmget, A_IPC_PRIVATE, PG, 0);
	CHECK(seg >= 0, "shmget = %ld", seg);
	EXPECT_EQ(R2(nr_shmctl, seg, 99), R_EINVAL, "shmctl(cmd 99)");
	EXPECT_EQ(R3(nr_shmat, seg, A_READ_WRITE, KTEXT_ADDR), R_EFAULT,
		  "shmat(addr_out = kernel)");
	EXPECT_EQ(R3(nr_shmat, seg, A_READ_WRITE, ro_page()), R_EFAULT,
		  "shmat(addr_out read-only)");
	EXPECT_EQ(R3(nr_shmat, seg, 0, &a), R_EINVAL, "shmat(prot 0)");
	EXPECT_EQ(R3(nr_shmat, seg, 0x10, &a), R_EINVAL, "shmat(prot 0x10)");
	EXPECT_EQ(R2(nr_shmctl, seg, A_IPC_RMID), 0, "shmctl(RMID) of an unattached one");
	EXPECT_EITHER(R3(nr_shmat, seg, A_READ_WRITE, &a), R_EINVAL, -EIDRM,
		      "shmat after RMID with no attachment");
}

/* ========================================================================== */
/* Message queues                                                              */
/* ========================================================================== */

static long msg_send(long q, int64_t type, const char *text)
{
	struct a_msg m;

	m.type = type;
	memcpy(m.text, text, strlen(text));
	return R4(nr_msgsnd, q, &m, strlen(text), 0);
}

/* Receives into m (text NUL-terminated); -> msgrcv's result. */
static long msg_recv(long q, struct a_msg *m, size_t max, long type, int flags)
{
	long r;

	memset(m, 0, sizeof(*m));
	r = R5(nr_msgrcv, q, m, max, type, flags);
	if (r >= 0 && (size_t)r < sizeof(m->text))
		m->text[r] = 0;
	return r;
}

/* "System V message queues (created by a msgget-like call added after 67):
 * typed messages, FIFO per type, type 0 = any, blocking with IPC_NOWAIT as
 * the way out, E2BIG when the buffer is too small." "msgget(key, flags) ->
 * queue ID; msgsnd(queue, msg, len, flags) -> 0; msgrcv(queue, msg, maxlen,
 * type, flags) -> payload bytes; msgctl(queue, IPC_RMID)." "A message for
 * msgsnd/msgrcv: i64 type (> 0), then the payload; the length argument
 * counts the payload only." */
static void body_abi_msg(void)
{
	long key = 0x3e5a0000 + R0(nr_getpid), q, q2;
	struct a_msg m;
	uintptr_t bad[NBAD_OUT];

	EXPECT_EQ(R2(nr_msgget, key, 0), R_ENOENT, "msgget(new key, no CREAT)");
	q = R2(nr_msgget, key, A_IPC_CREAT);
	CHECK(q >= 0, "msgget(key, CREAT) = %ld", q);
	EXPECT_EQ(R2(nr_msgget, key, 0), q, "msgget(key) finds it");
	EXPECT_EQ(R2(nr_msgget, key, A_IPC_CREAT), q, "msgget(key, CREAT) finds it");
	EXPECT_EQ(R2(nr_msgget, key, A_IPC_CREAT | A_IPC_EXCL), R_EEXIST,
		  "msgget(key, CREAT|EXCL) of an existing one");
	q2 = R2(nr_msgget, A_IPC_PRIVATE, 0);
	CHECK(q2 >= 0 && q2 != q, "msgget(PRIVATE) = %ld", q2);

	/* The layout: type at 0, payload at 8, length = payload only. */
	EXPECT_EQ(msg_send(q, 2, "two-a"), 0, "msgsnd(2)");
	EXPECT_EQ(msg_send(q, 1, "one-a"), 0, "msgsnd(1)");
	EXPECT_EQ(msg_send(q, 2, "two-b"), 0, "msgsnd(2)");
	EXPECT_EQ(msg_send(q, 3, "three"), 0, "msgsnd(3)");
	EXPECT_EQ(msg_send(q, 1, "one-b"), 0, "msgsnd(1)");
	EXPECT_EQ(msg_send(q, 5, ""), 0, "msgsnd(5, empty payload)");

	/* type 0: the oldest of any type. */
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), 0, 0), 5, "msgrcv(0)");
	EXPECT_EQ(m.type, 2, "type 0 gives the oldest message's type");
	CHECK(strcmp(m.text, "two-a") == 0, "msgrcv(0) got '%s'", m.text);
	/* type > 0: the oldest of that type. */
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), 1, 0), 5, "msgrcv(1)");
	CHECK(m.type == 1 && strcmp(m.text, "one-a") == 0, "msgrcv(1) got %ld '%s'",
	      (long)m.type, m.text);
	/* type < 0 (System V): the lowest type <= |type|, oldest first. */
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), -3, 0), 5, "msgrcv(-3)");
	CHECK(m.type == 1 && strcmp(m.text, "one-b") == 0, "msgrcv(-3) got %ld '%s'",
	      (long)m.type, m.text);
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), -3, 0), 5, "msgrcv(-3) again");
	CHECK(m.type == 2 && strcmp(m.text, "two-b") == 0, "msgrcv(-3) got %ld '%s'",
	      (long)m.type, m.text);
	/* E2BIG: too small, and the message stays. */
	EXPECT_EQ(msg_recv(q, &m, 2, 3, 0), -E2BIG, "msgrcv(maxlen 2) of a 5-byte message");
	EXPECT_EQ(msg_recv(q, &m, 5, 3, 0), 5, "msgrcv(maxlen 5) after E2BIG");
	CHECK(strcmp(m.text, "three") == 0, "got '%s'", m.text);
	/* MSG_NOERROR truncates, and the message is consumed. */
	EXPECT_EQ(msg_send(q, 4, "truncated"), 0, "msgsnd(4)");
	EXPECT_EQ(msg_recv(q, &m, 3, 4, A_MSG_NOERROR), 3, "msgrcv(maxlen 3, MSG_NOERROR)");
	CHECK(strcmp(m.text, "tru") == 0, "truncated to '%s'", m.text);
	/* An empty payload is a message. */
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), 5, A_IPC_NOWAIT), 0, "msgrcv(empty payload)");
	EXPECT_EQ(m.type, 5, "type of the empty message");
	/* Nothing left: IPC_NOWAIT is the way out. */
	EXPECT_EITHER(msg_recv(q, &m, sizeof(m.text), 0, A_IPC_NOWAIT), -ENOMSG, R_EAGAIN,
		      "msgrcv(IPC_NOWAIT) on an empty queue");
	EXPECT_EQ(msg_send(q, 7, "seven"), 0, "msgsnd(7)");
	EXPECT_EITHER(msg_recv(q, &m, sizeof(m.text), 6, A_IPC_NOWAIT), -ENOMSG, R_EAGAIN,
		      "msgrcv(6, IPC_NOWAIT) with only a 7 queued");

	/* msgsnd refusals. */
	EXPECT_EQ(msg_send(q, 0, "zero"), R_EINVAL, "msgsnd(type 0)");
	EXPECT_EQ(msg_send(q, -1, "neg"), R_EINVAL, "msgsnd(type -1)");
	EXPECT_EQ(msg_send(999999, 1, "x"), R_EINVAL, "msgsnd(no such queue)");
	EXPECT_EQ(msg_recv(999999, &m, 8, 0, A_IPC_NOWAIT), R_EINVAL, "msgrcv(no such queue)");
	bad_out(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R4(nr_msgsnd, q, bad[i], 4, 0), R_EFAULT, "msgsnd(msg %s)",
			   bad_in_name[i]);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R5(nr_msgrcv, q, bad[i], 8, 0, A_IPC_NOWAIT), R_EFAULT,
			   "msgrcv(buf %s)", bad_out_name[i]);

	/* msgctl. */
	EXPECT_EQ(R2(nr_msgctl, q2, 99), R_EINVAL, "msgctl(cmd 99)");
	EXPECT_EQ(R2(nr_msgctl, q, A_IPC_RMID), 0, "msgctl(RMID)");
	EXPECT_EQ(R2(nr_msgget, key, 0), R_ENOENT, "msgget(key) after RMID");
	EXPECT_EITHER(msg_send(q, 1, "x"), R_EINVAL, -EIDRM, "msgsnd after RMID");
	EXPECT_EITHER(R2(nr_msgctl, q, A_IPC_RMID), R_EINVAL, -EIDRM, "msgctl(RMID) twice");
	EXPECT_EQ(R2(nr_msgctl, q2, A_IPC_RMID), 0, "msgctl(RMID) of the private one");
}

/* "blocking with IPC_NOWAIT as the way out": a receiver blocks until a
 * message comes; one blocked when the queue is removed wakes up (System V:
 * EIDRM). */
static void body_abi_msg_block(void)
{
	long q = R2(nr_msgget, A_IPC_PRIVATE, 0);
	struct a_msg m;
	pid_t pid;

	CHECK(q >= 0, "msgget = %ld", q);
	pid = ut_fork();
	if (pid == 0) {
		ut_yield_ms(50);
		EXPECT_EQ(msg_send(q, 9, "other"), 0, "child msgsnd(9)");
		EXPECT_EQ(msg_send(q, 5, "wake"), 0, "child msgsnd(5)");
		raw_exit(0);
	}
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), 5, 0), 4, "blocking msgrcv(5)");
	CHECK(m.type == 5 && strcmp(m.text, "wake") == 0, "got %ld '%s'", (long)m.type, m.text);
	child_ok(pid, "sender");
	EXPECT_EQ(msg_recv(q, &m, sizeof(m.text), 0, 0), 5, "the other one is still there");

	pid = ut_fork();
	if (pid == 0) {
		long r = msg_recv(q, &m, sizeof(m.text), 0, 0);

		raw_exit(r == -EIDRM ? 0 : r == R_EINVAL ? 2 : 1);
	}
	ut_yield_ms(50);
	EXPECT_EQ(R2(nr_msgctl, q, A_IPC_RMID), 0, "msgctl(RMID) with a blocked receiver");
	int st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "a receiver blocked on a removed queue: %s (exit 2: EINVAL, "
	      "1: other, want EIDRM)", ut_status(st));
}

/* ========================================================================== */
/* Console, clock, timers, ioctl                                               */
/* ========================================================================== */

/* Drains the captured console output. */
static void drain_console(void)
{
	static char junk[4096];

	for (int i = 0; i < 64 && R2(nr_console_take_output, junk, sizeof(junk)) > 0; i++)
		;
}

static void console_unprivileged(void)
{
	char buf[16];

	EXPECT_EQ(R1(nr_setuid, 1000), 0, "setuid(1000)");
	EXPECT_EQ(R2(nr_console_push_input, "x", 1), R_EPERM, "console_push_input as uid 1000");
	EXPECT_EQ(R2(nr_console_take_output, buf, sizeof(buf)), R_EPERM,
		  "console_take_output as uid 1000");
}

/* "console_push_input(buf, len): bytes enter the console input queue as if
 * typed. console_take_output(buf, len): drains what was written to the
 * console since the last take. Both are privileged: the caller's uid is 0".
 * "console_push_input(buf, len), console_take_output(buf, len) -> bytes." */
static void body_abi_console(void)
{
	static char out[8192];
	char in[64];
	uintptr_t bad[NBAD_OUT];
	long n, t;

	CHECK(R0(nr_getuid) == 0, "the tests must run as uid 0 (getuid = %ld)", R0(nr_getuid));
	drain_console();
	EXPECT_EQ(R2(nr_console_take_output, out, sizeof(out)), 0, "take after a drain");
	static const char mark[] = "abi-console-mark-7731";
	EXPECT_EQ(R3(nr_write, 1, mark, sizeof(mark) - 1), sizeof(mark) - 1, "write to fd 1");
	n = R2(nr_console_take_output, out, sizeof(out) - 1);
	CHECK(n >= (long)sizeof(mark) - 1, "take_output = %ld", n);
	out[n] = 0;
	CHECK(strstr(out, mark) != NULL, "take_output did not return what fd 1 wrote");
	EXPECT_EQ(R2(nr_console_take_output, out, sizeof(out)), 0, "take again: drained");
	/* A small buffer takes a part; the rest stays for the next take. */
	R3(nr_write, 1, mark, sizeof(mark) - 1);
	n = R2(nr_console_take_output, out, 5);
	EXPECT_EQ(n, 5, "take_output(len 5)");
	n = R2(nr_console_take_output, out + 5, sizeof(out) - 6);
	CHECK(n >= (long)sizeof(mark) - 6, "the rest: %ld", n);
	out[5 + n] = 0;
	CHECK(strstr(out, mark) != NULL, "two takes together lost bytes: '%s'", out);

	/* Input as if typed: a reader of the console gets it. */
	EXPECT_EQ(R2(nr_console_push_input, "typed\n", 6), 6, "console_push_input");
	int con = xopen("/dev/console", A_READ);
	t = R2(nr_timer_set, 2000, R0(nr_getpid));   /* bounds the read */
	n = R3(nr_read, con, in, sizeof(in) - 1);
	R1(nr_timer_cancel, t);
	xclose(con);
	CHECK(n >= 5 && memcmp(in, "typed", 5) == 0, "console read got %ld bytes", n);
	drain_console();

	/* Bad buffers. */
	bad_out(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_console_push_input, bad[i], 4), R_EFAULT,
			   "console_push_input(buf %s)", bad_in_name[i]);
	for (int i = 0; i < NBAD_OUT; i++) {
		R3(nr_write, 1, "", 0);
		R3(nr_write, 1, "+", 1);
		EXPECT_EQF(R2(nr_console_take_output, bad[i], 16), R_EFAULT,
			   "console_take_output(buf %s)", bad_out_name[i]);
	}
	drain_console();
	R3(nr_write, 1, "\n", 1);            /* keep the console log's lines whole */
	drain_console();

	in_child(console_unprivileged, "uid 1000");
}

/* "clock(which): 0 = TSC ticks, 1 = TSC ticks per second, 2 = nanoseconds
 * since boot." */
static void body_abi_clock(void)
{
	uint64_t t0 = rdtsc();
	long c0 = R1(nr_clock, 0);
	uint64_t t1 = rdtsc();
	long hz = R1(nr_clock, 1);
	long ns0 = R1(nr_clock, 2), ns1, c1;

	CHECK(c0 > 0 && (uint64_t)c0 >= t0 && (uint64_t)c0 <= t1,
	      "clock(0) = %ld is not the TSC (%lu .. %lu)", c0, (unsigned long)t0,
	      (unsigned long)t1);
	CHECK(hz >= 100000000l && hz <= 10000000000l, "clock(1) = %ld ticks/s", hz);
	CHECK(ns0 > 0, "clock(2) = %ld", ns0);
	ut_yield_ms(100);
	ns1 = R1(nr_clock, 2);
	c1 = R1(nr_clock, 0);
	CHECK(ns1 - ns0 >= 90000000l && ns1 - ns0 < 1000000000l,
	      "clock(2) moved %ld ns in about 100 ms", ns1 - ns0);
	double secs = (double)(c1 - c0) / (double)hz;
	CHECK(secs > 0.09 && secs < 1.0, "clock(0)/clock(1) moved %d ms in about 100 ms",
	      (int)(secs * 1000));
	EXPECT_EQ(R1(nr_clock, 3), R_EINVAL, "clock(3)");
	EXPECT_EQ(R1(nr_clock, -1), R_EINVAL, "clock(-1)");
}

/* "nanosleep(req, rem) sleeps at least the time asked"; timespec is
 * "i64 sec, i64 nsec". */
static void body_abi_nanosleep(void)
{
	struct a_timespec req = { 0, 30 * 1000000 }, rem = { 7, 7 };
	uintptr_t bad[NBAD_IN];
	long t0, t1;

	t0 = R1(nr_clock, 2);
	EXPECT_EQ(R2(nr_nanosleep, &req, &rem), 0, "nanosleep(30 ms)");
	t1 = R1(nr_clock, 2);
	CHECK(t1 - t0 >= 30 * 1000000l, "slept %ld ns of 30 ms", t1 - t0);
	req.nsec = 0;
	req.sec = 0;
	EXPECT_EQ(R2(nr_nanosleep, &req, 0), 0, "nanosleep(0, rem NULL)");
	req.sec = 0;
	req.nsec = 1000000000;
	EXPECT_EQ(R2(nr_nanosleep, &req, 0), R_EINVAL, "nanosleep(nsec = 1e9)");
	req.nsec = -1;
	EXPECT_EQ(R2(nr_nanosleep, &req, 0), R_EINVAL, "nanosleep(nsec = -1)");
	req.sec = -1;
	req.nsec = 0;
	EXPECT_EQ(R2(nr_nanosleep, &req, 0), R_EINVAL, "nanosleep(sec = -1)");
	bad_in(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_nanosleep, bad[i], 0), R_EFAULT, "nanosleep(req %s)",
			   bad_in_name[i]);
}

static void timer_child_read(void)
{
	int p[2];
	char c;

	xpipe(p);
	/* Woken "from whatever wait it is in": the read ends early. */
	EXPECT_EQ(R3(nr_read, p[0], &c, 1), R_EINTR, "read woken by a timer");
	xclose(p[0]);
	xclose(p[1]);
}

/* "timer_set(delay_ms, wake_task): a one-shot timer; timer_interval(ms,
 * wake_task): repeating until cancelled; both return a timer ID. On firing,
 * SIGALRM goes to the owner, or, when wake_task is given, that task is woken
 * from whatever wait it is in. timer_cancel(id): 1 if it was pending and is
 * now cancelled, 0 if it had already fired or been cancelled."
 * "(wake_pid 0: none)". */
static void body_abi_timers(void)
{
	long t, t2, t3;
	int p[2];
	char c;

	/* One shot, SIGALRM to us. */
	alrm_count = 0;
	abi_handle(SIGALRM, alrm_handler, 0, 0);
	t = R2(nr_timer_set, 30, 0);
	CHECK(t >= 0, "timer_set(30, 0) = %ld", t);
	CHECK(wait_for(&alrm_count, 1, 2000), "no SIGALRM from a one-shot timer");
	ut_yield_ms(100);
	EXPECT_EQ(alrm_count, 1, "a one-shot timer fired more than once");
	EXPECT_EQ(R1(nr_timer_cancel, t), 0, "timer_cancel of a fired timer");

	/* Cancelled before firing. */
	t2 = R2(nr_timer_set, 60000, 0);
	CHECK(t2 >= 0 && t2 != t, "timer_set(60 s) = %ld", t2);
	EXPECT_EQ(R1(nr_timer_cancel, t2), 1, "timer_cancel of a pending timer");
	EXPECT_EQ(R1(nr_timer_cancel, t2), 0, "timer_cancel twice");

	/* Repeating until cancelled. */
	alrm_count = 0;
	t3 = R2(nr_timer_interval, 20, 0);
	CHECK(t3 >= 0, "timer_interval(20, 0) = %ld", t3);
	CHECK(wait_for(&alrm_count, 3, 3000), "interval timer fired %d times", alrm_count);
	EXPECT_EQ(R1(nr_timer_cancel, t3), 1, "timer_cancel of an interval timer");
	int n = alrm_count;
	ut_yield_ms(100);
	EXPECT_EQ(alrm_count, n, "an interval timer fired after its cancel");
	EXPECT_EQ(R1(nr_timer_cancel, t3), 0, "timer_cancel of a cancelled interval timer");
	R2(nr_signal, SIGALRM, A_ACT_DEFAULT);

	/* wake_task = ourselves: woken, no SIGALRM (whose default kills). */
	xpipe(p);
	t = R2(nr_timer_set, 30, R0(nr_getpid));
	CHECK(t >= 0, "timer_set(30, self) = %ld", t);
	EXPECT_EQ(R3(nr_read, p[0], &c, 1), R_EINTR, "read woken by a timer with wake_task");
	EXPECT_EQ(R1(nr_timer_cancel, t), 0, "cancel the fired wake timer");
	xclose(p[0]);
	xclose(p[1]);
	/* wake_task = a child: the child wakes, we get nothing. */
	pid_t pid = ut_fork();
	if (pid == 0) {
		timer_child_read();
		raw_exit(0);
	}
	ut_yield_ms(20);
	t = R2(nr_timer_set, 30, pid);
	CHECK(t >= 0, "timer_set(30, child) = %ld", t);
	int st = ut_wait_ms(pid, 5000);
	CHECK(st == 0, "child woken by a timer: %s", ut_status(st));

	/* Refusals. */
	EXPECT_EQ(R2(nr_timer_set, 30, 60000), R_ESRCH, "timer_set(wake_pid no such process)");
	EXPECT_EQ(R2(nr_timer_interval, 30, 60000), R_ESRCH, "timer_interval(no such process)");
	EXPECT_EQ(R2(nr_timer_interval, 0, 0), R_EINVAL, "timer_interval(0 ms)");
	EXPECT_EQ(R1(nr_timer_cancel, -5), R_EINVAL, "timer_cancel(-5)");
}

/* "ioctl(fd, request, arg): device control". ABI.md fixes no request
 * numbers; what it does fix: a bad fd is EBADF, and an unknown request is a
 * bad argument. */
static void body_abi_ioctl(void)
{
	int fd;

	EXPECT_EQ(R3(nr_ioctl, -1, 0x5413, 0), R_EBADF, "ioctl(-1)");
	EXPECT_EQ(R3(nr_ioctl, 1000, 0x5413, 0), R_EBADF, "ioctl(1000)");
	EXPECT_EITHER(R3(nr_ioctl, 1, 0x7fff1234, 0), R_EINVAL, -ENOTTY,
		      "ioctl(console, unknown request)");
	fd = xopen("/dev/null", A_READ);
	EXPECT_EITHER(R3(nr_ioctl, fd, 0x7fff1234, 0), R_EINVAL, -ENOTTY,
		      "ioctl(/dev/null, unknown request)");
	xclose(fd);
}

/* ========================================================================== */
/* Tracing and the filter                                                      */
/* ========================================================================== */

static void summary(struct a_trace *s)
{
	EXPECT_EQ(R2(nr_trace_summary, s, sizeof(*s)), sizeof(*s), "trace_summary(full)");
}

/* "trace_enable/trace_disable/trace_enabled/trace_reset. trace_summary(&s):
 * uptime, count of each system call by number, errors, scheduler statistics
 * (context switches, ticks, idle time), processes created/exited/alive,
 * bytes read and written. Every counter is fed by the real code path.
 * trace_event(text) records a custom event". "trace_enable(),
 * trace_disable(), trace_reset() -> 0; trace_enabled() -> 1 or 0;
 * trace_summary(struct trace_summary *, size) -> bytes filled;
 * trace_event(text, len) -> 0." "More fields may follow; the caller passes
 * its size and gets that much." */
static void body_abi_trace(void)
{
	static struct a_trace s0, s1;
	static unsigned char raw[8192];
	long was = R0(nr_trace_enabled), r;
	uintptr_t bad[NBAD_OUT];
	char buf[256];
	int fd;

	CHECK(was == 0 || was == 1, "trace_enabled = %ld", was);
	EXPECT_EQ(R0(nr_trace_enable), 0, "trace_enable");
	EXPECT_EQ(R0(nr_trace_enabled), 1, "trace_enabled after enable");

	/* Sizes: exactly what is asked, up to what the kernel has. */
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R2(nr_trace_summary, raw, 16), 16, "trace_summary(size 16)");
	for (int i = 16; i < 64; i++)
		CHECK(raw[i] == 0xa5, "trace_summary(16) wrote byte %d", i);
	memset(raw, 0xa5, sizeof(raw));
	EXPECT_EQ(R2(nr_trace_summary, raw, 12), 12, "trace_summary(size 12)");
	CHECK(raw[12] == 0xa5, "trace_summary(12) wrote byte 12");
	EXPECT_EQ(R2(nr_trace_summary, raw, 0), 0, "trace_summary(size 0)");
	r = R2(nr_trace_summary, raw, sizeof(raw));
	CHECK(r >= (long)sizeof(struct a_trace) && r <= (long)sizeof(raw),
	      "trace_summary(8192) = %ld, want at least %zu", r, sizeof(struct a_trace));
	for (long i = r; i < (long)sizeof(raw); i++)
		CHECK(raw[i] == 0xa5, "trace_summary wrote byte %ld beyond its %ld", i, r);

	/* Counters move with what we do. */
	summary(&s0);
	for (int i = 0; i < 10; i++)
		R0(nr_getpid);
	for (int i = 0; i < 5; i++)
		R1(nr_close, 1000);
	fd = xopen("/dev/null", A_WRITE);
	memset(buf, 'b', sizeof(buf));
	for (int i = 0; i < 4; i++)
		R3(nr_write, fd, buf, 250);
	xclose(fd);
	fd = xopen("/dev/zero", A_READ);
	R3(nr_read, fd, buf, 200);
	xclose(fd);
	pid_t pid = ut_fork();
	if (pid == 0)
		raw_exit(0);
	child_ok(pid, "child");
	ut_yield_ms(30);
	summary(&s1);
	CHECK(s1.uptime_ns > s0.uptime_ns, "uptime did not move");
	CHECK(s1.per_syscall[30] - s0.per_syscall[30] >= 10 &&
	      s1.per_syscall[30] - s0.per_syscall[30] <= 12,
	      "per_syscall[30] (getpid) moved %lu for 10 calls",
	      (unsigned long)(s1.per_syscall[30] - s0.per_syscall[30]));
	CHECK(s1.per_syscall[7] - s0.per_syscall[7] >= 7, "per_syscall[7] (close) moved %lu",
	      (unsigned long)(s1.per_syscall[7] - s0.per_syscall[7]));
	CHECK(s1.syscalls - s0.syscalls >= 25, "syscalls moved %lu",
	      (unsigned long)(s1.syscalls - s0.syscalls));
	CHECK(s1.syscall_errors - s0.syscall_errors >= 5, "syscall_errors moved %lu for 5 EBADF",
	      (unsigned long)(s1.syscall_errors - s0.syscall_errors));
	CHECK(s1.bytes_written - s0.bytes_written >= 1000, "bytes_written moved %lu for 1000",
	      (unsigned long)(s1.bytes_written - s0.bytes_written));
	CHECK(s1.bytes_read - s0.bytes_read >= 200, "bytes_read moved %lu for 200",
	      (unsigned long)(s1.bytes_read - s0.bytes_read));
	CHECK(s1.procs_created - s0.procs_created >= 1, "procs_created did not move on fork");
	CHECK(s1.procs_exited - s0.procs_exited >= 1, "procs_exited did not move on exit");
	CHECK(s1.procs_alive >= 2, "procs_alive %lu (we and our parent at least)",
	      (unsigned long)s1.procs_alive);
	CHECK(s1.ticks > s0.ticks, "ticks did not move in 30 ms");
	CHECK(s1.context_switches > s0.context_switches, "context_switches did not move");
	CHECK(s1.idle_ticks <= s1.ticks, "idle_ticks %lu > ticks %lu",
	      (unsigned long)s1.idle_ticks, (unsigned long)s1.ticks);

	/* Disabled: the call counters stand still. */
	EXPECT_EQ(R0(nr_trace_disable), 0, "trace_disable");
	EXPECT_EQ(R0(nr_trace_enabled), 0, "trace_enabled after disable");
	summary(&s0);
	for (int i = 0; i < 10; i++)
		R0(nr_getpid);
	summary(&s1);
	EXPECT_EQ(s1.per_syscall[30], s0.per_syscall[30], "getpid counted while disabled");
	EXPECT_EQ(R0(nr_trace_enable), 0, "trace_enable");

	/* Reset. */
	EXPECT_EQ(R0(nr_trace_reset), 0, "trace_reset");
	summary(&s1);
	CHECK(s1.per_syscall[30] < 3 && s1.syscall_errors < s0.syscall_errors + 1,
	      "counters after trace_reset: getpid %lu, errors %lu",
	      (unsigned long)s1.per_syscall[30], (unsigned long)s1.syscall_errors);

	/* Events. */
	EXPECT_EQ(R2(nr_trace_event, "abi-event", 9), 0, "trace_event");
	bad_out(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R2(nr_trace_event, bad[i], 9), R_EFAULT, "trace_event(text %s)",
			   bad_in_name[i]);
	for (int i = 0; i < NBAD_OUT; i++)
		EXPECT_EQF(R2(nr_trace_summary, bad[i], sizeof(struct a_trace)), R_EFAULT,
			   "trace_summary(%s)", bad_out_name[i]);

	if (!was)
		R0(nr_trace_disable);
}

static void filter_child(void)
{
	uint8_t bm[32];
	struct a_stat st;
	/* 9 = byte 1 bit 1; 15 = byte 1 bit 7; 30 = byte 3 bit 6. */
	static const int blocked[] = { nr_stat, nr_mkdir, nr_getpid, -1 };

	bitmap_without(bm, blocked);
	EXPECT_EQ(R1(nr_filter_set, bm), 0, "filter_set");
	EXPECT_EQ(R0(nr_getpid), R_EPERM, "getpid (30) blocked");
	EXPECT_EQ(__syscall6_int80(nr_getpid, 0, 0, 0, 0, 0, 0), R_EPERM,
		  "getpid blocked through int $0x80 too");
	EXPECT_EQ(R2(nr_stat, "/", &st), R_EPERM, "stat (9) blocked");
	EXPECT_EQ(R2(nr_fstat, 1, &st), 0, "fstat (10) allowed");
	EXPECT_EQ(R1(nr_close, 1000), R_EBADF, "close (7) allowed");
	CHECK(R0(nr_getppid) > 0, "getppid (68) allowed");
	EXPECT_EQ(R2(nr_munmap, 0x40000123, PG), R_EINVAL, "munmap (14) allowed");
	EXPECT_EQ(R2(nr_kill, 60000, 0), R_ESRCH, "kill (32) allowed");
	/* "A blocked call returns -2 (EPERM) and has no effect." */
	EXPECT_EQ(R2(nr_mkdir, "/tmp/abi_filter_blocked", 0755), R_EPERM, "mkdir (15) blocked");
	if (R2(nr_open, "/tmp/abi_filter_blocked", A_READ) != R_ENOENT) {
		R1(nr_rmdir, "/tmp/abi_filter_blocked");
		ut_fail("the blocked mkdir made the directory");
	}
	/* Narrow only: allowing everything again changes nothing. */
	memset(bm, 0xff, sizeof(bm));
	EXPECT_EQ(R1(nr_filter_set, bm), 0, "filter_set(all)");
	EXPECT_EQ(R0(nr_getpid), R_EPERM, "getpid still blocked after a wider filter");
	/* ... but narrowing works. */
	static const int more[] = { nr_getppid, -1 };
	bitmap_without(bm, more);
	EXPECT_EQ(R1(nr_filter_set, bm), 0, "filter_set(without getppid)");
	EXPECT_EQ(R0(nr_getppid), R_EPERM, "getppid blocked by the narrower filter");
	EXPECT_EQ(R2(nr_stat, "/", &st), R_EPERM, "stat still blocked (ANDed)");
	/* It survives fork. */
	pid_t pid = ut_fork();
	if (pid == 0)
		raw_exit(R0(nr_getpid) == R_EPERM && R0(nr_getppid) == R_EPERM ? 0 : 1);
	child_ok(pid, "the filter in a child");
	/* Bad bitmaps. */
	uintptr_t bad[NBAD_IN];
	bad_in(bad);
	for (int i = 0; i < NBAD_IN; i++)
		EXPECT_EQF(R1(nr_filter_set, bad[i]), R_EFAULT, "filter_set(%s)",
			   bad_in_name[i]);
}

/* "filter_set(bitmap[32]): installs a 256-bit allow-bitmap on the caller.
 * Once enabled it can only be narrowed (the new set is ANDed with the old);
 * it survives fork and execve. A blocked call returns -2 (EPERM) and has no
 * effect." "bit n (byte n/8, bit n%8) allows call n." */
static void body_abi_filter(void)
{
	in_child(filter_child, "filter");
}

static void uid_child(void)
{
	struct a_stat st;

	EXPECT_EQ(R0(nr_getuid), 0, "getuid");
	EXPECT_EQ(R1(nr_setuid, 0), 0, "setuid(0) as uid 0");
	EXPECT_EQ(R1(nr_setuid, 1000), 0, "setuid(1000)");
	EXPECT_EQ(R0(nr_getuid), 1000, "getuid after setuid(1000)");
	EXPECT_EQ(R1(nr_setuid, 0), R_EPERM, "setuid(0) as uid 1000");
	EXPECT_EQ(R1(nr_setuid, 2000), R_EPERM, "setuid(2000) as uid 1000");
	EXPECT_EQ(R0(nr_getuid), 1000, "getuid after refusals");
	/* Inherited by fork. */
	pid_t pid = ut_fork();
	if (pid == 0)
		raw_exit(R0(nr_getuid) == 1000 ? 0 : 1);
	child_ok(pid, "uid inherited");
	/* A file's owner is its creator. */
	ut_enter_dir();
	put_file("mine", "x");
	EXPECT_EQ(R2(nr_stat, "mine", &st), 0, "stat");
	EXPECT_EQ(st.uid, 1000, "owner of a file made by uid 1000");
	R1(nr_unlink, "mine");
	ut_leave_dir();
}

/* "getuid 76, setuid 77; uids are inherited by fork, and only uid 0 may
 * change its uid, so dropping privilege is final". */
static void body_abi_uid(void)
{
	in_child(uid_child, "uid");
}

/* setpgid (74), getpgid (75): POSIX meaning. */
static void body_abi_pgid(void)
{
	long me = R0(nr_getpid);
	pid_t pid;

	CHECK(R1(nr_getpgid, 0) > 0, "getpgid(0) = %ld", R1(nr_getpgid, 0));
	EXPECT_EQ(R1(nr_getpgid, me), R1(nr_getpgid, 0), "getpgid(self) = getpgid(0)");
	EXPECT_EQ(R2(nr_setpgid, 0, 0), 0, "setpgid(0, 0)");
	EXPECT_EQ(R1(nr_getpgid, 0), me, "a new group is named after us");
	pid = ut_fork();
	if (pid == 0)
		ut_linger(2000);
	EXPECT_EQ(R1(nr_getpgid, pid), me, "a child starts in our group");
	EXPECT_EQ(R2(nr_setpgid, pid, pid), 0, "setpgid(child, child)");
	EXPECT_EQ(R1(nr_getpgid, pid), pid, "the child's new group");
	R2(nr_kill, pid, SIGKILL);
	ut_wait_ms(pid, 5000);
	EXPECT_EQ(R1(nr_getpgid, 60000), R_ESRCH, "getpgid(no such process)");
	EXPECT_EQ(R2(nr_setpgid, 60000, 0), R_ESRCH, "setpgid(no such process)");
	EXPECT_EQ(R2(nr_setpgid, 0, -5), R_EINVAL, "setpgid(0, -5)");
}

/* "Every pointer and length from user space is validated: not NULL where a
 * buffer is needed, entirely below the user/kernel boundary, no overflow of
 * ptr + len, mapped with the right permission. ... Strings are copied with
 * a length bound (ENAMETOOLONG)." */
static void body_abi_user_ptrs(void)
{
	uintptr_t two = xmmap(2 * PG, A_READ_WRITE), ro = ro_page();
	int nul = xopen("/dev/null", A_WRITE), zero = xopen("/dev/zero", A_READ);
	static char huge[3 * 4096];

	/* A buffer that runs off its mapping: not entirely mapped. */
	xmunmap(two + PG, PG);
	EXPECT_EQ(R3(nr_write, nul, two + PG - 8, 16), R_EFAULT,
		  "write(buf running into an unmapped page)");
	EXPECT_EQ(R3(nr_read, zero, two + PG - 8, 16), R_EFAULT,
		  "read(buf running into an unmapped page)");
	ut_enter_dir();
	int f = xopen("f", A_OPEN_WRITE | A_READ);
	memset((void *)(two + PG - 8), 'z', 8);
	EXPECT_EQ(R3(nr_write, f, two + PG - 8, 16), R_EFAULT,
		  "write(file, buf running into an unmapped page)");
	EXPECT_EQ(R3(nr_write, f, "0123456789abcdef", 16), 16, "write(file, 16)");
	EXPECT_EQ(R3(nr_lseek, f, 0, A_SEEK_SET), 0, "lseek");
	EXPECT_EQ(R3(nr_read, f, two + PG - 8, 16), R_EFAULT,
		  "read(file, buf running into an unmapped page)");
	xclose(f);
	R1(nr_unlink, "f");
	ut_leave_dir();
	int pp[2];
	xpipe(pp);
	EXPECT_EQ(R3(nr_write, pp[1], two + PG - 8, 16), R_EFAULT,
		  "write(pipe, buf running into an unmapped page)");
	xclose(pp[0]);
	xclose(pp[1]);
	/* One that runs into a read-only page, for output. */
	uintptr_t rw_ro = xmmap(2 * PG, A_READ_WRITE);
	MUST(R6(nr_mmap, rw_ro + PG, PG, A_PROT_READ,
		A_MAP_PRIVATE | A_MAP_ANON | A_MAP_FIXED, -1, 0));
	EXPECT_EQ(R3(nr_read, zero, rw_ro + PG - 8, 16), R_EFAULT,
		  "read(buf running into a read-only page)");
	/* Across the top of user space. */
	EXPECT_EQ(R3(nr_write, nul, MT_USER_TOP - 8, 16), R_EFAULT,
		  "write(buf across the user/kernel boundary)");
	EXPECT_EQ(R3(nr_write, nul, ~0ul - 7, 16), R_EFAULT, "write(buf wrapping past 2^64)");
	/* ptr + len overflow with a real buffer. */
	EXPECT_EQ(R3(nr_write, nul, two, ~0ul), R_EFAULT, "write(len 2^64-1)");
	EXPECT_EQ(R3(nr_read, zero, two, -(long)two), R_EFAULT, "read(ptr + len = 2^64)");

	/* Strings: a path that runs off its mapping is EFAULT... */
	memset((void *)(two + PG - 100), 'p', 100);
	EXPECT_EQ(R2(nr_open, two + PG - 100, A_READ), R_EFAULT,
		  "open(path without a NUL before an unmapped page)");
	EXPECT_EQ(R2(nr_stat, two + PG - 100, ro), R_EFAULT, "stat(such a path)");
	/* ... one without a NUL for longer than any path is ENAMETOOLONG. */
	memset(huge, 'q', sizeof(huge));
	EXPECT_EQ(R2(nr_open, huge + 1, A_READ), -ENAMETOOLONG, "open(12 KiB path, no NUL)");
	EXPECT_EQ(R1(nr_chdir, huge + 1), -ENAMETOOLONG, "chdir(12 KiB path)");

	xclose(nul);
	xclose(zero);
	xmunmap(two, PG);
	xmunmap(rw_ro, 2 * PG);
	xmunmap(ro, PG);
}

/* ========================================================================== */
/* The C interface                                                             */
/* ========================================================================== */

/* "sys_<name>(...): the raw call, returning the kernel's result or negative
 * code. the familiar POSIX-like names (open, read, fork, pipe, mmap, ...):
 * return -1 and set errno on failure, like any C library. The axeberg names
 * (mem_alloc, shm_sync, memstats, timer_set, trace_summary, ...) exist
 * under those exact names." "readdir and exists from the axeberg list are
 * library functions over getdents and stat". */
static void body_abi_libc(void)
{
	struct mem_stats ms;
	struct system_mem_stats ss;
	static struct trace_summary ts;
	int p[2];
	char c;

	/* The raw layer: negative codes, errno untouched. */
	errno = 0;
	EXPECT_EQ(sys_open("/no/such", O_READ), R_ENOENT, "sys_open(missing)");
	EXPECT_EQ(sys_close(-1), R_EBADF, "sys_close(-1)");
	EXPECT_EQ(errno, 0, "errno after raw calls");

	/* POSIX names: -1 and errno. */
	errno = 0;
	EXPECT_EQ(open("/no/such", O_READ), -1, "open(missing)");
	EXPECT_EQ(errno, ENOENT, "errno after open(missing)");
	EXPECT_EQ(read(-1, &c, 1), -1, "read(-1)");
	EXPECT_EQ(errno, EBADF, "errno after read(-1)");
	EXPECT_EQ(write(-1, &c, 1), -1, "write(-1)");
	EXPECT_EQ(errno, EBADF, "errno after write(-1)");
	EXPECT_EQ(close(-1), -1, "close(-1)");
	EXPECT_EQ(errno, EBADF, "errno after close(-1)");
	EXPECT_EQ(dup(-1), -1, "dup(-1)");
	EXPECT_EQ(errno, EBADF, "errno after dup(-1)");
	EXPECT_EQ(pipe(p), 0, "pipe");
	EXPECT_EQ(write(p[1], "x", 1), 1, "write");
	EXPECT_EQ(read(p[0], &c, 1), 1, "read");
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED,
	      "mmap(len 0) did not give MAP_FAILED");
	EXPECT_EQ(errno, EINVAL, "errno after mmap(len 0)");
	EXPECT_EQ(kill(60000, 0), -1, "kill(no such pid)");
	EXPECT_EQ(errno, ESRCH, "errno after kill(no such pid)");
	EXPECT_EQ(waitpid(-1, NULL, WNOHANG), -1, "waitpid with no child");
	EXPECT_EQ(errno, ECHILD, "errno after waitpid with no child");
	EXPECT_EQ(getpid(), sys_getpid(), "getpid");

	/* The axeberg names. */
	void *addr = NULL;
	long id = mem_alloc(100, PROT_READ_WRITE, &addr);
	CHECK(id >= 0 && addr != NULL, "mem_alloc = %ld", id);
	EXPECT_EQ(mem_write(id, 0, "abc", 3), 3, "mem_write");
	EXPECT_EQ(mem_read(id, 1, &c, 1), 1, "mem_read");
	EXPECT_EQ(c, 'b', "mem_read's byte");
	EXPECT_EQ(mem_free(id), 0, "mem_free");
	errno = 0;
	EXPECT_EQ(mem_alloc(0, PROT_READ_WRITE, NULL), -1, "mem_alloc(0)");
	EXPECT_EQ(errno, EINVAL, "errno after mem_alloc(0)");
	EXPECT_EQ(mem_free(id), -1, "mem_free twice");
	long seg = shmget(IPC_PRIVATE, PG, 0);
	CHECK(seg >= 0, "shmget = %ld", seg);
	long reg = shmat(seg, PROT_READ_WRITE, NULL);
	CHECK(reg >= 0, "shmat(addr_out NULL) = %ld", reg);
	EXPECT_EQ(shm_sync(reg), 0, "shm_sync");
	EXPECT_EQ(shm_refresh(reg), 0, "shm_refresh");
	EXPECT_EQ(shmdt(reg), 0, "shmdt");
	EXPECT_EQ(shm_sync(reg), -1, "shm_sync(detached)");
	shmctl(seg, IPC_RMID);
	EXPECT_EQ(memstats(&ms), 0, "memstats");
	CHECK(ms.allocated > 0, "memstats.allocated 0");
	EXPECT_EQ(system_memstats(&ss), 0, "system_memstats");
	long t = timer_set(60000, 0);
	CHECK(t >= 0, "timer_set = %ld", t);
	EXPECT_EQ(timer_cancel(t), 1, "timer_cancel(pending)");
	EXPECT_EQ(timer_cancel(t), 0, "timer_cancel(cancelled)");
	long e = trace_enabled();
	CHECK(e == 0 || e == 1, "trace_enabled = %ld", e);
	EXPECT_EQ(trace_summary(&ts, sizeof(ts)), sizeof(ts), "trace_summary");
	EXPECT_EQ(trace_event("libc", 4), 0, "trace_event");
	long q = msgget(IPC_PRIVATE, 0);
	CHECK(q >= 0, "msgget = %ld", q);
	EXPECT_EQ(msgctl(q, IPC_RMID), 0, "msgctl");

	/* exists and readdir. */
	EXPECT_EQ(exists("/dev/null"), 1, "exists(/dev/null)");
	EXPECT_EQ(exists("/no/such"), 0, "exists(/no/such)");
	DIR *d = opendir("/dev");
	CHECK(d != NULL, "opendir(/dev)");
	int found = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		found |= strcmp(de->d_name, "null") == 0;
	closedir(d);
	EXPECT_EQ(found, 1, "readdir(/dev) lists null");
}

/* ---- The tests as main.c's table sees them: the body, then the verdict. -- */
#define ABI_TEST(name)                         \
	void test_##name(void)                 \
	{                                      \
		body_##name();                 \
		if (abi_failures)              \
			exit(1);               \
	}
ABI_TEST(abi_header)
ABI_TEST(abi_entry)
ABI_TEST(abi_getpid)
ABI_TEST(abi_wait_status)
ABI_TEST(abi_exit)
ABI_TEST(abi_waitpid)
ABI_TEST(abi_fork)
ABI_TEST(abi_execve)
ABI_TEST(abi_preempt)
ABI_TEST(abi_open_flags)
ABI_TEST(abi_open_errors)
ABI_TEST(abi_read_write)
ABI_TEST(abi_shared_files)
ABI_TEST(abi_fd_errors)
ABI_TEST(abi_lseek)
ABI_TEST(abi_stat)
ABI_TEST(abi_getdents)
ABI_TEST(abi_dev)
ABI_TEST(abi_paths)
ABI_TEST(abi_dirs)
ABI_TEST(abi_pipe)
ABI_TEST(abi_kill)
ABI_TEST(abi_signal)
ABI_TEST(abi_sigaction)
ABI_TEST(abi_sigaction_flags)
ABI_TEST(abi_sigmask)
ABI_TEST(abi_sigreturn_regs)
ABI_TEST(abi_eintr)
ABI_TEST(abi_faults)
ABI_TEST(abi_mmap)
ABI_TEST(abi_brk)
ABI_TEST(abi_regions)
ABI_TEST(abi_memstats)
ABI_TEST(abi_memlimit)
ABI_TEST(abi_sysmem)
ABI_TEST(abi_shm)
ABI_TEST(abi_msg)
ABI_TEST(abi_msg_block)
ABI_TEST(abi_console)
ABI_TEST(abi_clock)
ABI_TEST(abi_nanosleep)
ABI_TEST(abi_timers)
ABI_TEST(abi_ioctl)
ABI_TEST(abi_trace)
ABI_TEST(abi_filter)
ABI_TEST(abi_uid)
ABI_TEST(abi_pgid)
ABI_TEST(abi_user_ptrs)
ABI_TEST(abi_libc)
