/*
 * Pipes, in the style of the Linux Test Project's pipe cases: the ends,
 * end of file, SIGPIPE and EPIPE, capacity and NONBLOCK, atomic writes
 * from many writers, blocked writers that a signal ends, bad arguments.
 */
#include "ut.h"
#include <sys/ioctl.h>

/* pipe2 through the raw call (the C library's name may come later). */
static long pipe2_raw(int fds[2], long flags)
{
	return __syscall6(SYS_pipe2, (long)fds, flags, 0, 0, 0, 0);
}

static void must_pipe(int fds[2])
{
	MUST(sys_pipe(fds));
	CHECK(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "pipe gave %d %d", fds[0], fds[1]);
}

static long set_nonblock(int fd, int on)
{
	return sys_ioctl(fd, FIONBIO, (unsigned long)&on);
}

void test_pipe_basic(void)
{
	int fds[2];
	char buf[32];
	struct stat st;

	must_pipe(fds);
	/* The lowest free descriptors, read end first. */
	EXPECT_EQ(fds[1], fds[0] + 1, "write end follows the read end");
	EXPECT_EQ(sys_write(fds[1], "hello", 5), 5, "write");
	EXPECT_EQ(sys_read(fds[0], buf, sizeof(buf)), 5, "read gets what is there");
	CHECK(memcmp(buf, "hello", 5) == 0, "read the bytes written");
	/* The wrong end: EBADF, and nothing moves. */
	EXPECT_EQ(sys_write(fds[0], "x", 1), -EBADF, "write to the read end");
	EXPECT_EQ(sys_read(fds[1], buf, 1), -EBADF, "read from the write end");
	EXPECT_EQ(sys_lseek(fds[0], 0, SEEK_SET), -ESPIPE, "lseek on a pipe");
	EXPECT_EQ(sys_lseek(fds[1], 0, SEEK_CUR), -ESPIPE, "lseek on the write end");
	MUST(sys_fstat(fds[0], &st));
	CHECK(S_ISFIFO(st.st_mode), "fstat mode %o is not a FIFO", st.st_mode);
	/* Zero bytes: nothing to do, no wait. */
	EXPECT_EQ(sys_read(fds[0], buf, 0), 0, "read of 0 bytes from an empty pipe");
	EXPECT_EQ(sys_write(fds[1], buf, 0), 0, "write of 0 bytes");
	/* Bytes come out in order across many small writes. */
	for (int i = 0; i < 100; i++) {
		char c = (char)i;
		EXPECT_EQ(sys_write(fds[1], &c, 1), 1, "one-byte write");
	}
	char all[100];
	EXPECT_EQ(sys_read(fds[0], all, sizeof(all)), 100, "read of 100 bytes");
	for (int i = 0; i < 100; i++)
		EXPECT_EQ(all[i], i, "byte order");
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
}

/* Reads return 0 once every writer is gone, after the data. */
void test_pipe_eof(void)
{
	int fds[2];
	char buf[16];

	must_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		sys_close(fds[0]);
		sys_write(fds[1], "bye", 3);
		_exit(0);                 /* the child's write end closes here */
	}
	MUST(sys_close(fds[1]));
	long n = 0, r;
	while ((r = sys_read(fds[0], buf + n, sizeof(buf) - (size_t)n)) > 0)
		n += r;
	EXPECT_EQ(r, 0, "read after the last writer exited");
	EXPECT_EQ(n, 3, "bytes before end of file");
	EXPECT_EQ(sys_read(fds[0], buf, 1), 0, "end of file again");
	ut_wait(pid);
	MUST(sys_close(fds[0]));
}

/* A dup'ed or inherited write end keeps the pipe open. */
void test_pipe_eof_shared_writer(void)
{
	int fds[2];
	char c;

	must_pipe(fds);
	int extra = (int)MUST(sys_dup(fds[1]));
	MUST(sys_close(fds[1]));
	set_nonblock(fds[0], 1);
	EXPECT_EQ(sys_read(fds[0], &c, 1), -EAGAIN, "empty, a writer (the dup) left");
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_linger(300);         /* holds the write end, then exits */
	}
	MUST(sys_close(extra));
	EXPECT_EQ(sys_read(fds[0], &c, 1), -EAGAIN, "the child still holds a writer");
	set_nonblock(fds[0], 0);
	EXPECT_EQ(sys_read(fds[0], &c, 1), 0, "end of file once the child exits");
	ut_wait(pid);
	MUST(sys_close(fds[0]));
}

/* No reader: SIGPIPE kills a writer that does not handle it. */
void test_pipe_sigpipe_kills(void)
{
	int fds[2];

	must_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		sys_close(fds[0]);
		sys_write(fds[1], "x", 1);
		_exit(50);                /* not reached */
	}
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
	int st = ut_wait(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer: %s, want signal 13",
	      ut_status(st));
}

/* SIGPIPE ignored: the write returns EPIPE. */
void test_pipe_epipe_ignored(void)
{
	int fds[2];

	must_pipe(fds);
	MUST(sys_signal(SIGPIPE, SIGACT_IGNORE));
	MUST(sys_close(fds[0]));
	EXPECT_EQ(sys_write(fds[1], "x", 1), -EPIPE, "write with no reader");
	EXPECT_EQ(sys_write(fds[1], "xy", 2), -EPIPE, "again");
	EXPECT_EQ(sys_sigpending(), 0, "nothing pending: SIGPIPE was ignored");
	MUST(sys_close(fds[1]));
}

static volatile int got_sig;
static void count_sig(int sig, void *info, struct sigcontext *sc)
{
	(void)sig; (void)info; (void)sc;
	got_sig++;
}

/* SIGPIPE handled: the handler runs and the write returns EPIPE. */
void test_pipe_sigpipe_handled(void)
{
	int fds[2];

	ut_handle(SIGPIPE, count_sig, 0, 0);
	must_pipe(fds);
	MUST(sys_close(fds[0]));
	EXPECT_EQ(sys_write(fds[1], "x", 1), -EPIPE, "write with no reader");
	EXPECT_EQ(got_sig, 1, "SIGPIPE handler runs");
	MUST(sys_close(fds[1]));
}

/* NONBLOCK: EAGAIN on empty and on full; the pipe holds PIPE_SIZE bytes. */
void test_pipe_nonblock_capacity(void)
{
	int fds[2];
	static char chunk[PIPE_BUF];
	char c;

	MUST(pipe2_raw(fds, O_NONBLOCK));
	EXPECT_EQ(sys_read(fds[0], &c, 1), -EAGAIN, "read of an empty NONBLOCK pipe");
	long total = 0, r;
	while ((r = sys_write(fds[1], chunk, sizeof(chunk))) > 0)
		total += r;
	EXPECT_EQ(r, -EAGAIN, "write to a full NONBLOCK pipe");
	EXPECT_EQ(total, PIPE_SIZE, "capacity");
	/* An atomic write that does not fit whole: EAGAIN, nothing written. */
	EXPECT_EQ(sys_read(fds[0], chunk, 100), 100, "make 100 bytes of room");
	EXPECT_EQ(sys_write(fds[1], chunk, 101), -EAGAIN, "101 bytes into 100 of room");
	int avail = -1;
	MUST(sys_ioctl(fds[0], FIONREAD, (unsigned long)&avail));
	EXPECT_EQ(avail, PIPE_SIZE - 100, "FIONREAD after the refused write");
	/* A write over PIPE_BUF is not atomic: it writes what fits. */
	static char big[PIPE_BUF + 1];
	EXPECT_EQ(sys_write(fds[1], big, sizeof(big)), 100, "long write, part fits");
	/* FIONBIO clears NONBLOCK again. */
	while (sys_read(fds[0], chunk, sizeof(chunk)) > 0)
		;
	EXPECT_EQ(set_nonblock(fds[0], 0), 0, "FIONBIO 0");
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_spin(ut_ms(50));
		sys_write(fds[1], "z", 1);
		_exit(0);
	}
	EXPECT_EQ(sys_read(fds[0], &c, 1), 1, "blocking read waits for the writer");
	EXPECT_EQ(c, 'z', "the byte");
	ut_wait(pid);
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
}

/*
 * Atomicity: four writers each write 40 records of RECORD bytes filled
 * with their own letter; the reader finds every record whole, never
 * interleaved with another, and all of them.  RECORD does not divide the
 * pipe's size, so a full pipe stops a writer in the middle of a record,
 * which is where a write that is not atomic would be cut.
 */
#define RECORD (PIPE_BUF - 96)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define NWRITERS 4
#define NRECORDS 40
void test_pipe_atomic_writers(void)
{
	int fds[2];
	pid_t pids[NWRITERS];
	static char rec[RECORD];
	int count[NWRITERS] = { 0 };

	must_pipe(fds);
	for (int w = 0; w < NWRITERS; w++) {
		pids[w] = ut_fork();
		if (pids[w] == 0) {
			sys_close(fds[0]);
			memset(rec, 'a' + w, sizeof(rec));
			/* Each writer yields at its own pace, so that every
			 * one of them is sometimes the one the full pipe stops
			 * half way (and the others, woken first, would cut in). */
			for (int i = 0; i < NRECORDS; i++) {
				if (sys_write(fds[1], rec, sizeof(rec)) != sizeof(rec))
					_exit(1);
				if (i % (w + 2) == 0)
					sys_yield();
			}
			_exit(0);
		}
	}
	MUST(sys_close(fds[1]));
	for (;;) {
		size_t have = 0;
		long r = 0;
		/* Small reads with yields: the pipe fills, and writers wake to
		 * a little room many times over. */
		while (have < sizeof(rec) &&
		       (r = sys_read(fds[0], rec + have, MIN(sizeof(rec) - have, 1000))) > 0) {
			have += (size_t)r;
			sys_yield();
		}
		if (have == 0)
			break;
		CHECK(have == sizeof(rec), "stream ended in the middle of a record (%zu)", have);
		int w = rec[0] - 'a';
		CHECK(w >= 0 && w < NWRITERS, "bad record byte %d", rec[0]);
		for (size_t i = 1; i < sizeof(rec); i++)
			CHECK(rec[i] == rec[0], "record interleaved at byte %zu: %c after %c",
			      i, rec[i], rec[0]);
		count[w]++;
	}
	for (int w = 0; w < NWRITERS; w++) {
		int st = ut_wait(pids[w]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d: %s", w, ut_status(st));
		EXPECT_EQ(count[w], NRECORDS, "records from one writer");
	}
	MUST(sys_close(fds[0]));
}

/* One write far over the capacity goes through whole, in order, while a
 * reader drains it; many readers share the stream without losing bytes. */
void test_pipe_big_write(void)
{
	int fds[2];
	const size_t total = 300 * 1024;

	must_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		sys_close(fds[0]);
		char *buf = malloc(total);
		if (!buf)
			_exit(2);
		for (size_t i = 0; i < total; i++)
			buf[i] = (char)(i * 7 + i / 251);
		_exit(sys_write(fds[1], buf, total) == (long)total ? 0 : 1);
	}
	MUST(sys_close(fds[1]));
	static char got[4096];
	size_t off = 0;
	long r;
	while ((r = sys_read(fds[0], got, sizeof(got))) > 0) {
		for (long i = 0; i < r; i++, off++)
			CHECK(got[i] == (char)(off * 7 + off / 251), "byte %zu differs", off);
	}
	EXPECT_EQ(r, 0, "end of file");
	EXPECT_EQ(off, total, "bytes received");
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer: %s", ut_status(st));
	MUST(sys_close(fds[0]));
}

/* Several readers block on one empty pipe; every byte written reaches
 * exactly one of them, and the last writer's close ends them all. */
void test_pipe_many_readers(void)
{
	int fds[2], res[2];
	enum { NREADERS = 5, NBYTES = 2000 };
	pid_t pids[NREADERS];

	must_pipe(fds);
	must_pipe(res);
	for (int i = 0; i < NREADERS; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0) {
			sys_close(fds[1]);
			sys_close(res[0]);
			long n = 0, r;
			char c[7];
			while ((r = sys_read(fds[0], c, sizeof(c))) > 0)
				n += r;
			sys_write(res[1], &n, sizeof(n));
			_exit(r == 0 ? 0 : 1);
		}
	}
	MUST(sys_close(fds[0]));
	MUST(sys_close(res[1]));
	for (int i = 0; i < NBYTES; i++) {
		EXPECT_EQ(sys_write(fds[1], "q", 1), 1, "write");
		if (i % 100 == 0)
			sys_yield();
	}
	MUST(sys_close(fds[1]));
	long sum = 0, n;
	for (int i = 0; i < NREADERS; i++) {
		EXPECT_EQ(sys_read(res[0], &n, sizeof(n)), sizeof(n), "a reader's count");
		sum += n;
	}
	EXPECT_EQ(sum, NBYTES, "bytes read by all readers");
	for (int i = 0; i < NREADERS; i++) {
		int st = ut_wait(pids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader %d: %s", i, ut_status(st));
	}
	MUST(sys_close(res[0]));
}

/* Fills a pipe (without NONBLOCK), then blocks writing one more byte. */
static void fill_and_block(int wfd)
{
	static char chunk[4096];
	set_nonblock(wfd, 1);
	while (sys_write(wfd, chunk, sizeof(chunk)) > 0)
		;
	while (sys_write(wfd, chunk, 1) > 0)
		;
	set_nonblock(wfd, 0);
}

/* A writer blocked on a full pipe dies to SIGKILL, and to SIGTERM. */
void test_pipe_blocked_writer_killable(void)
{
	int fds[2];
	static const int sigs[] = { SIGKILL, SIGTERM };

	for (int k = 0; k < 2; k++) {
		must_pipe(fds);
		ut_ready_arm();
		pid_t pid = ut_fork();
		if (pid == 0) {
			sys_close(fds[0]);
			fill_and_block(fds[1]);
			ut_ready_send(getppid());
			sys_write(fds[1], "more", 4);   /* blocks: the pipe is full */
			_exit(60);
		}
		MUST(sys_close(fds[1]));
		CHECK(ut_ready_wait(5000), "the writer did not fill the pipe");
		ut_spin(ut_ms(20));
		MUST(sys_kill(pid, sigs[k]));
		int st = ut_wait_ms(pid, 5000);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[k], "writer: %s, want signal %d",
		      ut_status(st), sigs[k]);
		MUST(sys_close(fds[0]));
	}
}

/* A handled signal ends a blocked write with EINTR (nothing written yet),
 * and a blocked read the same way. */
void test_pipe_eintr(void)
{
	int fds[2];

	must_pipe(fds);
	ut_ready_arm();
	pid_t pid = ut_fork();
	if (pid == 0) {
		ut_handle(SIGUSR1, count_sig, 0, 0);
		fill_and_block(fds[1]);
		ut_ready_send(getppid());
		long r = sys_write(fds[1], "more", 4);
		if (r != -EINTR || got_sig != 1)
			_exit(1);
		/* Now drain it and block reading. */
		static char chunk[4096];
		set_nonblock(fds[0], 1);
		while (sys_read(fds[0], chunk, sizeof(chunk)) > 0)
			;
		set_nonblock(fds[0], 0);
		ut_ready_send(getppid());
		r = sys_read(fds[0], chunk, 1);
		_exit(r == -EINTR && got_sig == 2 ? 0 : 2);
	}
	for (int round = 0; round < 2; round++) {
		CHECK(ut_ready_wait(5000), "the child did not get ready (round %d)", round);
		ut_spin(ut_ms(20));
		ut_ready_arm();           /* before the kill: the next "ready" follows it */
		MUST(sys_kill(pid, SIGUSR1));
	}
	int st = ut_wait_ms(pid, 5000);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", ut_status(st));
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
}

/* Bad arguments change nothing: no descriptor is used up. */
void test_pipe_errors(void)
{
	int fds[2];
	long open0 = sys_kinfo(KINFO_OPEN_FILES);

	EXPECT_EQ(sys_pipe(ut_addr(0)), -EFAULT, "pipe(NULL)");
	EXPECT_EQ(sys_pipe(ut_addr(KTEXT_ADDR)), -EFAULT, "pipe(kernel address)");
	EXPECT_EQ(sys_pipe(ut_addr(MT_USER_TOP - 4)), -EFAULT, "pipe(fds across the top)");
	/* A read-only page: the check passes, the copy-out faults. */
	void *ro = (void *)sys_mmap(0, MT_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap");
	EXPECT_EQ(sys_pipe(ro), -EFAULT, "pipe into a read-only page");
	EXPECT_EQ(pipe2_raw(fds, 0x1), -EINVAL, "pipe2 with O_READ");
	EXPECT_EQ(pipe2_raw(fds, 0x10000), -EINVAL, "pipe2 with an unknown flag");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), open0, "open files after the failures");
	int fd = (int)MUST(sys_open("/dev/null", O_READ));
	EXPECT_EQ(fd, 3, "the next descriptor is still 3");
	MUST(sys_close(fd));
	/* EMFILE: with one slot left, a pipe (which needs two) fails whole. */
	int last = -1;
	for (;;) {
		int d = (int)sys_dup(0);
		if (d < 0)
			break;
		last = d;
	}
	EXPECT_EQ(last, UT_NOFILE - 1, "descriptors filled");
	MUST(sys_close(last));
	EXPECT_EQ(sys_pipe(fds), -EMFILE, "pipe with one free descriptor");
	EXPECT_EQ(sys_kinfo(KINFO_OPEN_FILES), open0, "open files after EMFILE");
	MUST(sys_close(last - 1));
	MUST(sys_pipe(fds));
	EXPECT_EQ(fds[0], last - 1, "read end in the lower slot");
	EXPECT_EQ(fds[1], last, "write end in the higher slot");
}

/* pipe2(O_CLOEXEC): both ends close on exec (checked by the fd helper). */
void test_pipe_cloexec(void)
{
	int fds[2];
	char a[8], b[8];

	MUST(pipe2_raw(fds, O_CLOEXEC));
	snprintf(a, sizeof(a), "%d", fds[0]);
	pid_t pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "usertests", "--fd-helper", a, NULL };
		char *envp[] = { NULL };
		execve("/bin/usertests", argv, envp);
		_exit(99);
	}
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "read end after exec: %s", ut_status(st));
	snprintf(b, sizeof(b), "%d", fds[1]);
	pid = ut_fork();
	if (pid == 0) {
		char *argv[] = { "usertests", "--fd-helper", b, NULL };
		char *envp[] = { NULL };
		execve("/bin/usertests", argv, envp);
		_exit(99);
	}
	st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "write end after exec: %s", ut_status(st));
}

/* A call the filter blocks has no effect: a write moves no byte, an open
 * creates no file. */
void test_filter_no_side_effects(void)
{
	int fds[2];
	uint8_t map[32];

	must_pipe(fds);
	ut_enter_dir();
	memset(map, 0xff, sizeof(map));
	map[SYS_write / 8] &= (uint8_t)~(1u << (SYS_write % 8));
	map[SYS_open / 8] &= (uint8_t)~(1u << (SYS_open % 8));
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (sys_filter_set(map) < 0)
			_exit(1);
		if (sys_write(fds[1], "leak", 4) != -EPERM)
			_exit(2);
		if (sys_open("made", O_WRITE | O_CREATE) != -EPERM)
			_exit(3);
		_exit(0);
	}
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "filtered child: %s", ut_status(st));
	int avail = -1;
	MUST(sys_ioctl(fds[0], FIONREAD, (unsigned long)&avail));
	EXPECT_EQ(avail, 0, "bytes in the pipe after a filtered write");
	struct stat sb;
	EXPECT_EQ(sys_stat("made", &sb), -ENOENT, "file after a filtered open");
	ut_leave_dir();
}
