/*
 * osbench: the system benchmark of shared/spec/BENCH.md.  lmbench-style
 * latencies of small operations and one pipe bandwidth, timed with the TSC
 * inside the guest, printed as "BENCH <name> <value> <unit>" lines.
 *
 *   osbench               every benchmark, calibrated: one repetition takes
 *                         about 100 ms; the best of 5 repetitions is reported
 *   osbench --smoke       every row with a tiny fixed count (the test suite)
 *   osbench NAME...       only these benchmarks (for profiling)
 *
 * One source for two systems.  Our build defines __aurora__ and links our C
 * library; tools/bench.sh builds the same file, unchanged, as a static Linux
 * program (musl) for Debian's kernel.  Everything that differs between the
 * two (System V IPC signatures and flags, brk, the clock, what pid 1 must
 * set up on Linux) is in the compatibility block just below; the timed code
 * is the same C on both sides.
 *
 * Times are TSC ticks per operation ("cycles").  Under QEMU's icount mode
 * (what `make bench` uses) the TSC advances with instructions executed, so
 * they are an exact instruction-count proxy; see BENCH.md for what that
 * proxy does not see.
 */

/* ---- compatibility: Aurora / Linux ---------------------------------------- */

#if defined(__aurora__)

#include <aurora.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OS_NAME "aurora"

static unsigned long os_ns(void)           { return (unsigned long)clock(CLOCK_NS_BOOT); }
static int os_yield(void)                  { return yield(); }
static unsigned long os_brk(unsigned long a) { return (unsigned long)sys_brk((void *)a); }

/* A private segment; shmat gives a region ID (and the address), shmdt takes
 * the region ID. */
static long shm_new(void)                  { return shmget(IPC_PRIVATE, 4096, IPC_CREAT); }
static char *shm_attach(long id, long *handle)
{
	void *addr;
	long r = shmat(id, PROT_READ_WRITE, &addr);
	if (r < 0)
		return 0;
	*handle = r;
	return addr;
}
static int shm_detach(long handle)         { return shmdt(handle); }
static int shm_remove(long id)             { return shmctl(id, IPC_RMID); }

static long msgq_new(void)                 { return msgget(IPC_PRIVATE, IPC_CREAT); }
static int msgq_remove(long q)             { return msgctl(q, IPC_RMID); }

/* Exact: the kernel notes the TSC at its first instruction and at pid 1's
 * first return to user mode. */
#define HAVE_BOOT_TSC 1
static long boot_to_init_ticks(void)       { return kinfo(KINFO_BOOT_TSC_TO_INIT); }

static void pid1_setup(void) {}
static int pid1_finish(int status)         { return status; }  /* init's exit powers off */

#elif defined(__linux__)

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/reboot.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OS_NAME "linux"

static unsigned long os_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000000000ul + (unsigned long)ts.tv_nsec;
}
static int os_yield(void)                  { return sched_yield(); }
/* The raw call: musl's brk() refuses to move the break. */
static unsigned long os_brk(unsigned long a) { return (unsigned long)syscall(SYS_brk, a); }

/* shmat gives the address, and shmdt takes it. */
static long shm_new(void)                  { return shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600); }
static char *shm_attach(long id, long *handle)
{
	void *addr = shmat((int)id, 0, 0);
	if (addr == (void *)-1)
		return 0;
	*handle = (long)addr;
	return addr;
}
static int shm_detach(long handle)         { return shmdt((void *)handle); }
static int shm_remove(long id)             { return shmctl((int)id, IPC_RMID, 0); }

static long msgq_new(void)                 { return msgget(IPC_PRIVATE, IPC_CREAT | 0600); }
static int msgq_remove(long q)             { return msgctl((int)q, IPC_RMID, 0); }

/* Linux notes nothing at its first instruction: tools/bench.sh estimates
 * boot_to_init from reset_to_init (see docs/performance.md). */
#define HAVE_BOOT_TSC 0
static long boot_to_init_ticks(void)       { return -1; }

/* As pid 1 of the benchmark's initramfs (tools/bench.sh), we are all there
 * is: /dev/null and /dev/zero come from devtmpfs, /tmp is made here. */
static void pid1_setup(void)
{
	if (getpid() != 1)
		return;
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, 0) < 0)
		fprintf(stderr, "osbench: mount devtmpfs: %s\n", strerror(errno));
	mkdir("/tmp", 01777);
}

/* pid 1 must not exit on Linux (the kernel would panic): power off. */
static int pid1_finish(int status)
{
	if (getpid() != 1)
		return status;
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

#else
#error "osbench builds for Aurora (__aurora__) or Linux (__linux__)"
#endif

/* ---- timing ----------------------------------------------------------------- */

#define REPS      5
#define PAGE      4096
#define MMAP_SIZE (1ul << 20)                 /* mmap_touch: 256 pages */
#define BW_TOTAL  (64ul << 20)                /* pipe_bw: bytes a repetition */
#define BW_CHUNK  (64ul << 10)                /* pipe_bw: bytes a write */
#define EXEC_PATH "/bin/exit0"                /* the tiny program fork_exec runs */
#define FILE_PATH "/tmp/bench_file"

static inline unsigned long tsc(void)
{
	unsigned lo, hi;
	/* lfence: rdtsc must not run before the work it closes is done. */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (unsigned long)hi << 32 | lo;
}

static int smoke;                    /* --smoke: tiny counts, one repetition */
static int errors;                   /* rows that printed -1 error */
static unsigned long bw_total = BW_TOTAL;   /* pipe_bw: bytes a repetition */
static unsigned long tsc_hz;         /* measured against the kernel's clock */
static unsigned long target;         /* ticks one repetition should take */

/* Says why on stderr (the errno of the call that failed, if it set one). */
static void fail(const char *what)
{
	if (errno)
		fprintf(stderr, "osbench: %s: %s\n", what, strerror(errno));
	else
		fprintf(stderr, "osbench: %s failed\n", what);
}

/* A child of fork_exit or fork_exec that did not exit 0. */
static int bad_child(int status)
{
	fprintf(stderr, "osbench: child exited with status %#x\n", status);
	errno = 0;
	return -1;
}

/* ---- the benchmarks: setup (untimed), run(n) (timed), teardown ------------- */

static int fd_null = -1, fd_zero = -1;
static int ping[2] = { -1, -1 }, pong[2] = { -1, -1 };
static pid_t partner;
static unsigned long brk_base, brk_orig;
static long msgq = -1;
static char bw_buf[BW_CHUNK];

/* Closes every fd of the ping-pong pipes (a no-op for those already shut). */
static void close_pipes(void)
{
	for (int i = 0; i < 2; i++) {
		if (ping[i] >= 0)
			close(ping[i]);
		if (pong[i] >= 0)
			close(pong[i]);
		ping[i] = pong[i] = -1;
	}
}

/* Reaps the partner process of a two-process benchmark. */
static int reap_partner(void)
{
	int st = -1;
	if (partner <= 0)
		return 0;
	pid_t r = waitpid(partner, &st, 0);
	partner = 0;
	if (r < 0 || st != 0) {
		fprintf(stderr, "osbench: partner exited with status %d\n", st);
		return -1;
	}
	return 0;
}

static int run_null(long n)
{
	for (long i = 0; i < n; i++)
		getpid();
	return 0;
}

static int setup_null_fd(void)
{
	if ((fd_null = open("/dev/null", O_WRONLY)) < 0) {
		fail("open /dev/null");
		return -1;
	}
	return 0;
}
static int run_write_null(long n)
{
	char c = 'x';
	for (long i = 0; i < n; i++)
		if (write(fd_null, &c, 1) != 1)
			return -1;
	return 0;
}
static void done_null_fd(void) { close(fd_null); }

static int setup_zero_fd(void)
{
	if ((fd_zero = open("/dev/zero", O_RDONLY)) < 0) {
		fail("open /dev/zero");
		return -1;
	}
	return 0;
}
static int run_read_zero(long n)
{
	char c;
	for (long i = 0; i < n; i++)
		if (read(fd_zero, &c, 1) != 1)
			return -1;
	return 0;
}
static void done_zero_fd(void) { close(fd_zero); }

static int setup_file(void)
{
	int fd = open(FILE_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "osbench\n", 8) != 8) {
		fail("create " FILE_PATH);
		return -1;
	}
	close(fd);
	return 0;
}
static int run_open_close(long n)
{
	for (long i = 0; i < n; i++) {
		int fd = open(FILE_PATH, O_RDONLY);
		if (fd < 0 || close(fd) < 0)
			return -1;
	}
	return 0;
}
static int run_stat(long n)
{
	struct stat st;
	for (long i = 0; i < n; i++)
		if (stat(FILE_PATH, &st) < 0)
			return -1;
	return 0;
}
static void done_file(void) { unlink(FILE_PATH); }

/* pipe_rtt: the partner echoes every byte from ping back on pong. */
static int setup_pipe_rtt(void)
{
	if (pipe(ping) < 0 || pipe(pong) < 0) {
		fail("pipe");
		close_pipes();
		return -1;
	}
	if ((partner = fork()) < 0) {
		fail("fork");
		close_pipes();
		return -1;
	}
	if (partner == 0) {
		char c;
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	ping[0] = pong[1] = -1;
	return 0;
}
static int run_pipe_rtt(long n)
{
	char c = 'x';
	for (long i = 0; i < n; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return -1;
	return 0;
}
static void done_pipes(void)
{
	close_pipes();                   /* the partner reads EOF and exits */
	reap_partner();
}

static int run_fork_exit(long n)
{
	for (long i = 0; i < n; i++) {
		int st;
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &st, 0) != pid)
			return -1;
		if (st != 0)
			return bad_child(st);
	}
	return 0;
}

static int run_fork_exec(long n)
{
	static char *const argv[] = { "exit0", 0 };
	static char *const envp[] = { 0 };
	for (long i = 0; i < n; i++) {
		int st;
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			execve(EXEC_PATH, argv, envp);
			_exit(127);              /* the exec failed: status 0x7f00 */
		}
		if (waitpid(pid, &st, 0) != pid)
			return -1;
		if (st != 0)
			return bad_child(st);
	}
	return 0;
}

static int run_mmap_touch(long n)
{
	for (long i = 0; i < n; i++) {
		char *p = mmap(0, MMAP_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return -1;
		for (unsigned long off = 0; off < MMAP_SIZE; off += PAGE)
			((volatile char *)p)[off] = 1;
		if (munmap(p, MMAP_SIZE) < 0)
			return -1;
	}
	return 0;
}

/* brk_grow works one page above the break as we found it (page-aligned). */
static int setup_brk(void)
{
	brk_orig = os_brk(0);
	brk_base = (brk_orig + PAGE - 1) & ~(unsigned long)(PAGE - 1);
	if (os_brk(brk_base) != brk_base) {
		fprintf(stderr, "osbench: brk: cannot move the break\n");
		return -1;
	}
	return 0;
}
static int run_brk_grow(long n)
{
	for (long i = 0; i < n; i++) {
		if (os_brk(brk_base + PAGE) != brk_base + PAGE)
			return -1;
		*(volatile char *)brk_base = 1;
		if (os_brk(brk_base) != brk_base)
			return -1;
	}
	return 0;
}
static void done_brk(void) { os_brk(brk_orig); }

/*
 * shm_cycle: create, attach, write, remove, detach.  Removing before the
 * detach (legal on both systems) frees the segment at the detach on both:
 * Aurora frees a private segment at its last detach on its own, after which
 * a removal would find nothing, so "detach, then remove" would not be the
 * same five calls on the two systems.
 */
static int run_shm_cycle(long n)
{
	for (long i = 0; i < n; i++) {
		long h, id = shm_new();
		if (id < 0)
			return -1;
		char *p = shm_attach(id, &h);
		if (!p)
			return -1;
		*(volatile char *)p = 1;
		if (shm_remove(id) < 0 || shm_detach(h) < 0)
			return -1;
	}
	return 0;
}

/* pipe_bw: the partner reads bw_total bytes a repetition, then answers one
 * byte on pong so that the time covers the last byte's arrival. */
static int setup_pipe_bw(void)
{
	if (pipe(ping) < 0 || pipe(pong) < 0) {
		fail("pipe");
		close_pipes();
		return -1;
	}
	memset(bw_buf, 'b', sizeof(bw_buf));     /* no page faults while timed */
	if ((partner = fork()) < 0) {
		fail("fork");
		close_pipes();
		return -1;
	}
	if (partner == 0) {
		unsigned long got = 0;
		long r;
		close(ping[1]);
		close(pong[0]);
		while ((r = read(ping[0], bw_buf, sizeof(bw_buf))) > 0) {
			got += (unsigned long)r;
			if (got >= bw_total) {
				got -= bw_total;
				if (write(pong[1], "k", 1) != 1)
					_exit(1);
			}
		}
		_exit(r == 0 && got == 0 ? 0 : 1);
	}
	close(ping[0]);
	close(pong[1]);
	ping[0] = pong[1] = -1;
	return 0;
}
/* One repetition: n is ignored (the amount is fixed). */
static int run_pipe_bw(long n)
{
	(void)n;
	char c;
	for (unsigned long sent = 0; sent < bw_total;) {
		long w = write(ping[1], bw_buf, BW_CHUNK);
		if (w <= 0)
			return -1;
		sent += (unsigned long)w;
	}
	return read(pong[0], &c, 1) == 1 ? 0 : -1;
}

/* file_create_unlink: the name is made by hand, the same few instructions
 * on both systems (snprintf differs between the C libraries). */
static void fname(char *buf, long i)
{
	char digits[24];
	int k = 0;
	memcpy(buf, "/tmp/f", 6);
	do
		digits[k++] = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	int j = 6;
	while (k > 0)
		buf[j++] = digits[--k];
	buf[j] = 0;
}
static int run_file_create_unlink(long n)
{
	char name[32];
	for (long i = 0; i < n; i++) {
		fname(name, i);
		int fd = open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0 || close(fd) < 0 || unlink(name) < 0)
			return -1;
	}
	return 0;
}

/* msg_rtt: type 1 goes to the partner, which answers with type 2; a
 * message whose payload starts with 'q' tells it to quit. */
struct bmsg {
	long type;
	char data[8];
};
static int setup_msg(void)
{
	if ((msgq = msgq_new()) < 0) {
		fail("msgget");
		return -1;
	}
	if ((partner = fork()) < 0) {
		fail("fork");
		msgq_remove(msgq);
		return -1;
	}
	if (partner == 0) {
		struct bmsg m;
		for (;;) {
			if (msgrcv((int)msgq, &m, sizeof(m.data), 1, 0) != sizeof(m.data))
				_exit(1);
			if (m.data[0] == 'q')
				_exit(0);
			m.type = 2;
			if (msgsnd((int)msgq, &m, sizeof(m.data), 0) < 0)
				_exit(1);
		}
	}
	return 0;
}
static int run_msg_rtt(long n)
{
	struct bmsg m = { 1, "ping" };
	for (long i = 0; i < n; i++) {
		m.type = 1;
		if (msgsnd((int)msgq, &m, sizeof(m.data), 0) < 0 ||
		    msgrcv((int)msgq, &m, sizeof(m.data), 2, 0) != sizeof(m.data))
			return -1;
	}
	return 0;
}
static void done_msg(void)
{
	struct bmsg m = { 1, "quit" };
	msgsnd((int)msgq, &m, sizeof(m.data), 0);
	reap_partner();
	msgq_remove(msgq);
}

static int run_yield(long n)
{
	for (long i = 0; i < n; i++)
		if (os_yield() < 0)
			return -1;
	return 0;
}

/* ---- the table and the driver ----------------------------------------------- */

struct bench {
	const char *name;
	int (*setup)(void);          /* may be 0 */
	int (*run)(long n);          /* n operations, timed */
	void (*done)(void);          /* may be 0 */
	long per;                    /* units an operation counts (pages) */
	int bandwidth;               /* pipe_bw: fixed amount, MB/s */
};

static const struct bench benches[] = {
	{ "null",               0,              run_null,               0,          1, 0 },
	{ "write_null",         setup_null_fd,  run_write_null,         done_null_fd, 1, 0 },
	{ "read_zero",          setup_zero_fd,  run_read_zero,          done_zero_fd, 1, 0 },
	{ "open_close",         setup_file,     run_open_close,         done_file,  1, 0 },
	{ "stat",               setup_file,     run_stat,               done_file,  1, 0 },
	{ "pipe_rtt",           setup_pipe_rtt, run_pipe_rtt,           done_pipes, 1, 0 },
	{ "fork_exit",          0,              run_fork_exit,          0,          1, 0 },
	{ "fork_exec",          0,              run_fork_exec,          0,          1, 0 },
	{ "mmap_touch",         0,              run_mmap_touch,         0,          MMAP_SIZE / PAGE, 0 },
	{ "brk_grow",           setup_brk,      run_brk_grow,           done_brk,   1, 0 },
	{ "shm_cycle",          0,              run_shm_cycle,          0,          1, 0 },
	{ "pipe_bw",            setup_pipe_bw,  run_pipe_bw,            done_pipes, 1, 1 },
	{ "file_create_unlink", 0,              run_file_create_unlink, 0,          1, 0 },
	{ "msg_rtt",            setup_msg,      run_msg_rtt,            done_msg,   1, 0 },
	{ "yield",              0,              run_yield,              0,          1, 0 },
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

static __attribute__((noinline)) void line(const char *name, const char *value, const char *unit)
{
	printf("BENCH %s %s %s\n", name, value, unit);
	fflush(stdout);
}

/* Ticks for run(n), or 0 on error. */
static unsigned long timed(const struct bench *b, long n)
{
	errno = 0;
	unsigned long t0 = tsc();
	if (b->run(n) < 0)
		return 0;
	unsigned long t = tsc() - t0;
	return t ? t : 1;
}

/*
 * Calibrate n (tenfold while a run takes under 1% of the target, else
 * twofold, until a run takes an eighth of it; then scaled to the target),
 * then run REPS repetitions.  *best gets the lowest
 * ticks per operation (latencies) or per repetition (bandwidth).
 * Not inlined: tools/profile.sh counts instructions from its entry to the
 * next line() (the timed runs of one benchmark).
 */
static __attribute__((noinline)) int measure(const struct bench *b, unsigned long *best, long *n_out)
{
	long n = 1;
	int reps = smoke ? 1 : REPS;
	if (!smoke && !b->bandwidth) {
		for (;;) {
			unsigned long t = timed(b, n);
			if (!t)
				return -1;
			if (t >= target / 8) {
				n = (long)(n * target / t);
				break;
			}
			n *= t < target / 100 ? 10 : 2;
		}
		if (n < 1)
			n = 1;
	} else if (smoke && !b->bandwidth) {
		n = 3;
	}
	*best = ~0ul;
	for (int r = 0; r < reps; r++) {
		unsigned long t = timed(b, n);
		if (!t)
			return -1;
		if (t < *best)
			*best = t;
	}
	*n_out = n;
	return 0;
}

static void bench(const struct bench *b)
{
	char v[32];
	unsigned long best;
	long n;

	if (b->setup && b->setup() < 0) {
		line(b->name, "-1", "error");
		errors++;
		return;
	}
	int r = measure(b, &best, &n);
	if (r < 0)
		fail(b->name);
	if (b->done)
		b->done();
	if (r < 0) {
		line(b->name, "-1", "error");
		errors++;
		return;
	}
	if (b->bandwidth) {
		/* MB/s with MB = 2^20 bytes, as lmbench's bw_pipe. */
		unsigned long mbs = (bw_total >> 10) * (tsc_hz >> 10) / best;
		snprintf(v, sizeof(v), "%lu", mbs);
		line(b->name, v, "MB/s");
	} else {
		unsigned long ops = (unsigned long)n * (unsigned long)b->per;
		snprintf(v, sizeof(v), "%lu", (best + ops / 2) / ops);
		line(b->name, v, "cycles");
	}
}

/* Ticks as milliseconds with three decimals. */
static void line_ms(const char *name, unsigned long ticks)
{
	char v[32];
	unsigned long us = ticks / (tsc_hz / 1000000);
	snprintf(v, sizeof(v), "%lu.%03lu", us / 1000, us % 1000);
	line(name, v, "ms");
}

/* The TSC against the kernel's own clock, over about 200 ms. */
static void calibrate_tsc(void)
{
	unsigned long span = smoke ? 2000000ul : 200000000ul;     /* ns */
	unsigned long ns0 = os_ns(), t0 = tsc(), ns;
	while ((ns = os_ns()) - ns0 < span)
		;
	unsigned long t = tsc() - t0;
	tsc_hz = t * 1000000000ul / (ns - ns0);
	if (tsc_hz < 1000000)
		tsc_hz = 1000000;            /* a broken clock must not divide by 0 */
	target = tsc_hz / 10;                /* 100 ms */
}

static int selected(const char *name, int argc, char **argv)
{
	int any = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		any = 1;
		if (!strcmp(argv[i], name))
			return 1;
	}
	return !any;
}

int main(int argc, char **argv)
{
	/* First thing: the guest's TSC counts from machine reset. */
	unsigned long tsc_main = tsc();
	char v[32];

	pid1_setup();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--smoke")) {
			smoke = 1;
			bw_total = 1ul << 20;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: osbench [--smoke] [NAME...]\n");
			return pid1_finish(2);
		}
	}

	calibrate_tsc();
	snprintf(v, sizeof(v), "%lu", (tsc_hz + 500000) / 1000000);
	line("tsc_mhz", v, "MHz");
	printf("osbench: %s, %s\n", OS_NAME, smoke ? "smoke run (counts meaningless)" :
	       "5 repetitions of about 100 ms each, best reported");
	fflush(stdout);

	for (unsigned i = 0; i < NBENCH; i++)
		if (selected(benches[i].name, argc, argv))
			bench(&benches[i]);

	/* boot_to_init exactly where the kernel notes it (Aurora);
	 * reset_to_init (TSC since machine reset, firmware included) on both,
	 * when we are pid 1 and so read the TSC first thing in pid 1. */
	if (HAVE_BOOT_TSC && selected("boot_to_init", argc, argv)) {
		long b = boot_to_init_ticks();
		if (b > 0) {
			line_ms("boot_to_init", (unsigned long)b);
		} else {
			fail("boot_to_init");
			line("boot_to_init", "-1", "error");
			errors++;
		}
	}
	if (getpid() == 1 && selected("reset_to_init", argc, argv))
		line_ms("reset_to_init", tsc_main);
	printf("BENCH done\n");
	fflush(stdout);
	return pid1_finish(errors ? 1 : 0);
}
