/*
 * The console: console_take_output and console_push_input (uid 0 only),
 * the line discipline seen from a program, and ioctl (modes, size, the
 * foreground group that Ctrl-C and Ctrl-Z signal).
 *
 * These tests type into the real console, so each puts the mode and the
 * foreground group back as it found them, and drains what it typed.
 */
#include "ut.h"
#include <sys/ioctl.h>

static int con_fd(void)
{
	return (int)MUST(sys_open("/dev/console", O_READ | O_WRITE));
}

static int get_mode(int fd)
{
	int m = -1;
	MUST(sys_ioctl(fd, TCGETMODE, (unsigned long)&m));
	return m;
}

static void set_mode(int fd, int m)
{
	MUST(sys_ioctl(fd, TCSETMODE, (unsigned long)&m));
}

/* Reads whatever is readable now, without waiting. */
static void drain_input(int fd)
{
	char buf[256];
	int on = 1, off = 0;
	MUST(sys_ioctl(fd, FIONBIO, (unsigned long)&on));
	while (sys_read(fd, buf, sizeof(buf)) > 0)
		;
	MUST(sys_ioctl(fd, FIONBIO, (unsigned long)&off));
}

static void drain_output(void)
{
	char buf[512];
	while (sys_console_take_output(buf, sizeof(buf)) > 0)
		;
}

static long push(const char *s)
{
	return sys_console_push_input(s, strlen(s));
}

/* What was written comes back from take_output, once. */
void test_console_take_output(void)
{
	char buf[256];

	drain_output();
	EXPECT_EQ(sys_write(1, "take-me 123\n", 12), 12, "write to the console");
	long n = MUST(sys_console_take_output(buf, sizeof(buf)));
	EXPECT_EQ(n, 12, "bytes taken");
	CHECK(memcmp(buf, "take-me 123\n", 12) == 0, "took '%.*s'", (int)n, buf);
	EXPECT_EQ(sys_console_take_output(buf, sizeof(buf)), 0, "nothing new");
	/* A small buffer takes the oldest bytes first; the rest stay. */
	sys_write(1, "abcdef\n", 7);
	EXPECT_EQ(sys_console_take_output(buf, 3), 3, "three bytes");
	CHECK(memcmp(buf, "abc", 3) == 0, "oldest first");
	EXPECT_EQ(sys_console_take_output(buf, sizeof(buf)), 4, "the rest");
	CHECK(memcmp(buf, "def\n", 4) == 0, "the rest in order");
	EXPECT_EQ(sys_console_take_output(buf, 0), 0, "len 0");
	EXPECT_EQ(sys_console_take_output(ut_addr(8), 16), -EFAULT, "bad buffer");
	EXPECT_EQ(sys_console_take_output(ut_addr(KTEXT_ADDR), 16), -EFAULT, "kernel buffer");
}

/* Pushed input reads back through the line discipline, echoed. */
void test_console_push_input(void)
{
	int fd = con_fd();
	char buf[64];
	int mode0 = get_mode(fd);

	set_mode(fd, CON_COOKED);
	drain_input(fd);
	drain_output();
	EXPECT_EQ(push("hello\r"), 6, "push a line");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 6, "read the line");
	CHECK(memcmp(buf, "hello\n", 6) == 0, "CR reads as LF");
	long n = MUST(sys_console_take_output(buf, sizeof(buf)));
	EXPECT_EQ(n, 6, "echo bytes");
	CHECK(memcmp(buf, "hello\n", 6) == 0, "the echo");
	/* Line editing: backspace, DEL and Ctrl-U. */
	push("abx\x7f" "c\n");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 4, "edited line");
	CHECK(memcmp(buf, "abc\n", 4) == 0, "backspace erased x");
	push("junk\x15ok\b\bOK\n");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 3, "after Ctrl-U");
	CHECK(memcmp(buf, "OK\n", 3) == 0, "Ctrl-U erased the line");
	/* One line per read, even when two are waiting. */
	push("one\ntwo\n");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 4, "first line");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 4, "second line");
	/* Ctrl-D on an empty line: end of file (read returns 0). */
	push("\x04");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 0, "Ctrl-D reads as end of file");
	/* Raw: bytes as typed, no echo, no editing. */
	set_mode(fd, CON_RAW);
	drain_output();
	push("a\x7f\r");
	EXPECT_EQ(sys_read(fd, buf, sizeof(buf)), 3, "raw bytes");
	CHECK(memcmp(buf, "a\x7f\r", 3) == 0, "raw bytes unchanged");
	EXPECT_EQ(sys_console_take_output(buf, sizeof(buf)), 0, "no echo in raw mode");
	/* Leaving canonical mode makes a half-typed line readable. */
	set_mode(fd, CON_CANON);          /* no echo: the log's lines stay whole */
	push("half");
	int avail = -1;
	MUST(sys_ioctl(fd, FIONREAD, (unsigned long)&avail));
	EXPECT_EQ(avail, 0, "a half line is not readable");
	set_mode(fd, CON_ECHO);
	MUST(sys_ioctl(fd, FIONREAD, (unsigned long)&avail));
	EXPECT_EQ(avail, 4, "readable after leaving canonical mode");
	drain_input(fd);
	EXPECT_EQ(push(""), 0, "push of nothing");
	EXPECT_EQ(sys_console_push_input(ut_addr(8), 4), -EFAULT, "bad buffer");
	set_mode(fd, mode0);
	drain_output();
	MUST(sys_close(fd));
}

/* A reader blocked on the console wakes when input is pushed. */
void test_console_blocked_reader(void)
{
	int fd = con_fd();
	int mode0 = get_mode(fd);
	set_mode(fd, CON_COOKED);
	drain_input(fd);
	pid_t pid = ut_fork();
	if (pid == 0) {
		char buf[16];
		long n = sys_read(fd, buf, sizeof(buf));
		_exit(n == 5 && memcmp(buf, "wake\n", 5) == 0 ? 0 : 1);
	}
	ut_spin(ut_ms(50));
	push("wake\n");
	int st = ut_wait_ms(pid, 5000);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader: %s", ut_status(st));
	set_mode(fd, mode0);
	drain_output();
	MUST(sys_close(fd));
}

/* Ctrl-C and Ctrl-Z signal the foreground group, and only it. */
void test_console_job_signals(void)
{
	int fd = con_fd();
	int mode0 = get_mode(fd), fg0 = 0;
	MUST(sys_ioctl(fd, TIOCGPGRP, (unsigned long)&fg0));
	set_mode(fd, CON_COOKED);

	pid_t pid = ut_fork();
	if (pid == 0) {
		sys_setpgid(0, 0);
		ut_linger(10000);
	}
	MUST(sys_setpgid(pid, pid));
	int pg = pid;
	EXPECT_EQ(sys_ioctl(fd, TIOCSPGRP, (unsigned long)&pg), 0, "TIOCSPGRP");
	int got = 0;
	MUST(sys_ioctl(fd, TIOCGPGRP, (unsigned long)&got));
	EXPECT_EQ(got, pid, "TIOCGPGRP");
	/* Ctrl-Z stops it. */
	push("\x1a");
	int st = 0;
	long w = ut_wait_poll(pid, &st, WUNTRACED, 5000);
	EXPECT_EQ(w, pid, "waitpid after Ctrl-Z");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "after Ctrl-Z: %s", ut_status(st));
	MUST(sys_kill(pid, SIGCONT));
	/* Ctrl-C kills it (default action); the half line is gone. */
	push("discard me\x03");
	st = ut_wait_ms(pid, 5000);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "after Ctrl-C: %s", ut_status(st));
	int avail = -1;
	MUST(sys_ioctl(fd, FIONREAD, (unsigned long)&avail));
	EXPECT_EQ(avail, 0, "Ctrl-C discarded the line");
	/* Give the console back to whoever had it (if that group lives). */
	if (fg0 > 0)
		sys_ioctl(fd, TIOCSPGRP, (unsigned long)&fg0);
	set_mode(fd, mode0);
	drain_input(fd);
	drain_output();
	MUST(sys_close(fd));
}

/* The ioctl errors, and the size. */
void test_console_ioctl(void)
{
	int fd = con_fd();
	int fds[2];
	int m;
	struct winsize ws, ws0;

	EXPECT_EQ(sys_ioctl(-1, TCGETMODE, (unsigned long)&m), -EBADF, "bad fd");
	EXPECT_EQ(sys_ioctl(60, TCGETMODE, (unsigned long)&m), -EBADF, "closed fd");
	EXPECT_EQ(sys_ioctl(fd, 0x1234, (unsigned long)&m), -EINVAL, "unknown request");
	EXPECT_EQ(sys_ioctl(fd, TCGETMODE, 0), -EFAULT, "NULL result pointer");
	EXPECT_EQ(sys_ioctl(fd, TCGETMODE, KTEXT_ADDR), -EFAULT, "kernel result pointer");
	m = 0x100;
	EXPECT_EQ(sys_ioctl(fd, TCSETMODE, (unsigned long)&m), -EINVAL, "unknown mode bit");
	EXPECT_EQ(get_mode(fd) & ~0xf, 0, "mode unchanged");
	m = 0;
	int pg = 0;
	EXPECT_EQ(sys_ioctl(fd, TIOCSPGRP, (unsigned long)&pg), -EINVAL, "pgrp 0");
	pg = 77777;
	EXPECT_EQ(sys_ioctl(fd, TIOCSPGRP, (unsigned long)&pg), -ESRCH, "no such group");
	/* Console requests on a pipe or a file: ENOTTY. */
	MUST(sys_pipe(fds));
	EXPECT_EQ(sys_ioctl(fds[0], TCGETMODE, (unsigned long)&m), -ENOTTY, "TCGETMODE on a pipe");
	EXPECT_EQ(sys_ioctl(fds[1], TIOCGWINSZ, (unsigned long)&ws), -ENOTTY, "TIOCGWINSZ on a pipe");
	int nul = (int)MUST(sys_open("/dev/null", O_READ));
	EXPECT_EQ(sys_ioctl(nul, TCGETMODE, (unsigned long)&m), -ENOTTY, "TCGETMODE on /dev/null");
	int tmp = (int)MUST(sys_open("/tmp", O_READ | O_DIRECTORY));
	EXPECT_EQ(sys_ioctl(tmp, TIOCGPGRP, (unsigned long)&m), -ENOTTY, "on a directory");
	/* Terminal size: 80x24 to start with; set and read back. */
	MUST(sys_ioctl(fd, TIOCGWINSZ, (unsigned long)&ws0));
	CHECK(ws0.ws_row > 0 && ws0.ws_col > 0, "size %ux%u", ws0.ws_col, ws0.ws_row);
	ws = (struct winsize){ .ws_row = 50, .ws_col = 132 };
	MUST(sys_ioctl(fd, TIOCSWINSZ, (unsigned long)&ws));
	memset(&ws, 0, sizeof(ws));
	MUST(sys_ioctl(fd, TIOCGWINSZ, (unsigned long)&ws));
	CHECK(ws.ws_row == 50 && ws.ws_col == 132, "size read back %ux%u", ws.ws_col, ws.ws_row);
	MUST(sys_ioctl(fd, TIOCSWINSZ, (unsigned long)&ws0));
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
	MUST(sys_close(nul));
	MUST(sys_close(tmp));
	MUST(sys_close(fd));
}

/* Only uid 0 may push input or take output: EPERM for the others, before
 * any other check. */
void test_console_eperm(void)
{
	pid_t pid = ut_fork();
	if (pid == 0) {
		char buf[8];
		if (sys_setuid(1000) != 0)
			_exit(1);
		if (sys_console_push_input("x", 1) != -EPERM)
			_exit(2);
		if (sys_console_take_output(buf, sizeof(buf)) != -EPERM)
			_exit(3);
		if (sys_console_push_input(ut_addr(8), 1) != -EPERM)
			_exit(4);
		if (sys_console_take_output(ut_addr(8), 1) != -EPERM)
			_exit(5);
		/* Raising the memory limit is privileged too. */
		struct mem_stats ms;
		if (sys_memstats(&ms) != 0)
			_exit(6);
		uint64_t lim = ms.allocated + (1 << 20);
		if (sys_set_memlimit(lim) != 0 || sys_set_memlimit(lim + (1 << 20)) != -EPERM)
			_exit(7);
		_exit(0);
	}
	int st = ut_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child: %s", ut_status(st));
}
