/*
 * The programs of /bin, run as a user runs them: each test forks, points
 * the child's stdin at a file (or /dev/null) and its stdout and stderr at
 * files in the test's directory, execs /bin/PROG and then compares the
 * exact output, error output and exit status with what the program's page
 * (docs/programs/PROG.md) promises.
 */
#include <sys/utsname.h>
#include "ut.h"

/* What the last run produced (a test is one process and runs one program
 * at a time).  The buffers come from the heap at the first run: in .bss
 * they would make every test process that much bigger, and some tests
 * need the suite to stay small. */
#define OUT_MAX (64 * 1024)
#define ERR_MAX 4096
struct run {
	pid_t pid;                  /* the child that ran the program */
	int status;                 /* its wait status */
	char *out;                  /* stdout, NUL-terminated */
	char *err;                  /* stderr, NUL-terminated */
};
static struct run R;

static void run_buffers(void)
{
	if (R.out == NULL) {
		R.out = malloc(OUT_MAX);
		R.err = malloc(ERR_MAX);
		CHECK(R.out != NULL && R.err != NULL, "malloc");
	}
}

/* The environment a program gets unless a test gives another. */
static char *const std_env[] = { "PATH=/bin", "HOME=/", NULL };

/* Per-run settings, reset after every run: a directory to run in (relative
 * to the test's), and a uid to drop to before the exec. */
static const char *run_cwd;
static uint32_t run_uid;

/* The captured output lives in dot-files, which ls hides without -a. */
#define IN_FILE  ".in"
#define OUT_FILE ".out"
#define ERR_FILE ".err"

static size_t slurp(const char *path, char *buf, size_t max)
{
	size_t n = ut_read_file(path, buf, max - 1);

	buf[n] = '\0';
	return n;
}

/* Runs /bin/<argv[0]> with the given input (NULL: /dev/null) and
 * environment; the results land in R. */
static void run_env(const char *input, char *const envp[], char *const argv[])
{
	char path[64];
	pid_t pid;

	run_buffers();
	if (input)
		ut_write_file(IN_FILE, input, strlen(input));
	snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	pid = ut_fork();
	if (pid == 0) {
		int in = open(input ? IN_FILE : "/dev/null", O_RDONLY);
		int out = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC);
		int err = open(ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC);

		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 ||
		    dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(120);
		for (int fd = 3; fd < UT_NOFILE; fd++)
			close(fd);
		if (run_cwd && chdir(run_cwd) < 0)
			_exit(121);
		if (run_uid && setuid(run_uid) < 0)
			_exit(122);
		execve(path, argv, envp);
		dprintf(2, "exec %s: %s\n", path, strerror(errno));
		_exit(123);
	}
	R.pid = pid;
	R.status = ut_wait_ms(pid, 30000);
	slurp(OUT_FILE, R.out, OUT_MAX);
	slurp(ERR_FILE, R.err, ERR_MAX);
	sys_unlink(OUT_FILE);
	sys_unlink(ERR_FILE);
	if (input)
		sys_unlink(IN_FILE);
	run_cwd = NULL;
	run_uid = 0;
}

#define ARGV(...) ((char *const[]){ __VA_ARGS__, NULL })
/* RUN("ls", "-l", "d"): with no input and the standard environment. */
#define RUN(...) run_env(NULL, std_env, ARGV(__VA_ARGS__))
/* RUN_IN("text", "cat"): with that text on stdin. */
#define RUN_IN(input, ...) run_env(input, std_env, ARGV(__VA_ARGS__))

/* A string made printable for a failure message (static, two in turn). */
static const char *show(const char *s)
{
	static char bufs[2][200];
	static int which;
	char *b = bufs[which ^= 1], *p = b;

	for (; *s && p < b + sizeof(bufs[0]) - 8; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else if (c < 32 || c >= 127) {
			p += snprintf(p, 5, "\\x%02x", c);
		} else {
			*p++ = (char)c;
		}
	}
	if (*s)
		p += snprintf(p, 4, "...");
	*p = '\0';
	return b;
}

/* The last run exited with `code`; its stdout and stderr were exactly
 * `out` and `err` (NULL: not checked).  `what` names the run. */
static void expect_at(int line, const char *what, int code, const char *out,
		      const char *err)
{
	if (!WIFEXITED(R.status) || WEXITSTATUS(R.status) != code)
		ut_fail("line %d: %s: %s, want exit status %d (stderr \"%s\")",
			line, what, ut_status(R.status), code, show(R.err));
	if (out && strcmp(R.out, out) != 0)
		ut_fail("line %d: %s: stdout \"%s\", want \"%s\"", line, what,
			show(R.out), show(out));
	if (err && strcmp(R.err, err) != 0)
		ut_fail("line %d: %s: stderr \"%s\", want \"%s\"", line, what,
			show(R.err), show(err));
}
#define EXPECT(what, code, out, err) expect_at(__LINE__, what, code, out, err)

/* The last run was refused as bad usage: status 2, nothing on stdout, and
 * a "usage: prog ..." line on stderr. */
static void expect_usage_at(int line, const char *prog, const char *what)
{
	char want[64];

	snprintf(want, sizeof(want), "usage: %s", prog);
	expect_at(line, what, 2, "", NULL);
	if (strncmp(R.err, want, strlen(want)) != 0 &&
	    strstr(R.err, want) == NULL)
		ut_fail("line %d: %s: stderr \"%s\" has no \"%s\"", line, what,
			show(R.err), want);
}
#define EXPECT_USAGE(prog, what) expect_usage_at(__LINE__, prog, what)

/* stderr of the last run starts with `prefix`. */
static void expect_err_prefix_at(int line, const char *prefix)
{
	if (strncmp(R.err, prefix, strlen(prefix)) != 0)
		ut_fail("line %d: stderr \"%s\", want it to start with \"%s\"",
			line, show(R.err), show(prefix));
}
#define EXPECT_ERR_PREFIX(prefix) expect_err_prefix_at(__LINE__, prefix)

static int is_dir(const char *path)
{
	struct stat st;

	return sys_stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return sys_stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void mkdir_or_fail(const char *path)
{
	MUST(sys_mkdir(path, 0755));
}

static void put(const char *path, const char *text)
{
	ut_write_file(path, text, strlen(text));
}

/* Some bytes that are not all alike, for copies. */
static char *pattern(size_t n)
{
	char *p = malloc(n + 1);

	CHECK(p != NULL, "malloc");
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + i / 26) % 26);
	p[n] = '\0';
	return p;
}

/* The file holds exactly n bytes equal to want. */
static void expect_bytes(const char *path, const char *want, size_t n)
{
	char *buf = malloc(n + 1);
	size_t got;

	CHECK(buf != NULL, "malloc");
	got = ut_read_file(path, buf, n + 1);
	CHECK(got == n && memcmp(buf, want, n) == 0,
	      "%s: %zu bytes that differ from the %zu expected", path, got, n);
	free(buf);
}

/* ---- ls ------------------------------------------------------------------- */

void test_prog_ls(void)
{
	ut_enter_dir();
	mkdir_or_fail("d");
	put("d/b", "hello");
	put("d/a", "");
	mkdir_or_fail("d/c");
	put("d/.hidden", "x");

	RUN("ls", "d");
	EXPECT("ls d", 0, "a\nb\nc\n", "");
	RUN("ls", "-a", "d");
	EXPECT("ls -a d", 0, ".\n..\n.hidden\na\nb\nc\n", "");
	RUN("ls", "-l", "d");
	EXPECT("ls -l d", 0,
	       "-rw-r--r--   1        0 a\n"
	       "-rw-r--r--   1        5 b\n"
	       "drwxr-xr-x   2        0 c\n", "");
	/* -la of an empty directory: "." is c, ".." is d (3 links: its own
	 * ".", its name, c's ".."; 4 entries). */
	RUN("ls", "-la", "d/c");
	EXPECT("ls -la d/c", 0,
	       "drwxr-xr-x   2        0 .\n"
	       "drwxr-xr-x   3        4 ..\n", "");
	RUN("ls", "-a", "-l", "d/c");
	EXPECT("ls -a -l d/c", 0, NULL, "");
	RUN("ls", "d/b");
	EXPECT("ls of a file", 0, "d/b\n", "");
	RUN("ls", "-l", "d/b");
	EXPECT("ls -l of a file", 0, "-rw-r--r--   1        5 d/b\n", "");
	RUN("ls", "-l", "/dev/null");
	EXPECT("ls -l of a device", 0, "crw-rw-rw-   1        0 /dev/null\n", "");
	RUN("ls", "-l", "/");
	CHECK(strstr(R.out, "drwxrwxrwt ") != NULL && strstr(R.out, " tmp\n") != NULL,
	      "ls -l / shows /tmp's sticky bit: \"%s\"", show(R.out));

	/* Files first, then each directory under a heading, all sorted. */
	RUN("ls", "d/c", "d/b", "d");
	EXPECT("ls of files and directories", 0,
	       "d/b\n\nd:\na\nb\nc\n\nd/c:\n", "");

	/* No operand: the current directory. */
	run_cwd = "d";
	RUN("ls");
	EXPECT("ls in d", 0, "a\nb\nc\n", "");

	RUN("ls", "nope");
	EXPECT("ls of a missing file", 1, "", "ls: nope: No such file or directory\n");
	RUN("ls", "nope", "d/b");
	EXPECT("ls of a missing and a present file", 1, "d/b\n",
	       "ls: nope: No such file or directory\n");
	RUN("ls", "d/b/x");
	EXPECT("ls through a file", 1, "", "ls: d/b/x: Not a directory\n");
	RUN("ls", "-Z");
	EXPECT_USAGE("ls", "ls -Z");
	ut_leave_dir();
}

/* ---- cat ------------------------------------------------------------------ */

void test_prog_cat(void)
{
	char *big = pattern(20000);

	ut_enter_dir();
	put("f1", "one\n");
	put("f2", "two\nthree");
	put("big", big);
	mkdir_or_fail("d");

	RUN("cat", "f1", "f2");
	EXPECT("cat f1 f2", 0, "one\ntwo\nthree", "");
	RUN_IN("piped\n", "cat");
	EXPECT("cat of stdin", 0, "piped\n", "");
	RUN_IN("mid\n", "cat", "f1", "-", "f2");
	EXPECT("cat f1 - f2", 0, "one\nmid\ntwo\nthree", "");
	RUN("cat", "big");
	CHECK(strcmp(R.out, big) == 0, "cat of a 20000-byte file: %zu bytes differ",
	      strlen(R.out));
	RUN("cat");
	EXPECT("cat of an empty stdin", 0, "", "");

	RUN("cat", "nope");
	EXPECT("cat of a missing file", 1, "", "cat: nope: No such file or directory\n");
	RUN("cat", "f1", "nope", "f2");
	EXPECT("cat of files around a missing one", 1, "one\ntwo\nthree",
	       "cat: nope: No such file or directory\n");
	RUN("cat", "d");
	EXPECT("cat of a directory", 1, "", "cat: d: Is a directory\n");
	RUN("cat", "-Z", "f1");
	EXPECT_USAGE("cat", "cat -Z");
	free(big);
	ut_leave_dir();
}

/* ---- echo, true, false, clear, pwd ---------------------------------------- */

void test_prog_echo(void)
{
	ut_enter_dir();
	RUN("echo", "hello", "world");
	EXPECT("echo", 0, "hello world\n", "");
	RUN("echo");
	EXPECT("echo alone", 0, "\n", "");
	RUN("echo", "-n", "a", "b");
	EXPECT("echo -n", 0, "a b", "");
	RUN("echo", "-n");
	EXPECT("echo -n alone", 0, "", "");
	/* POSIX echo has no other options: they are words to print. */
	RUN("echo", "-x", "--", "-");
	EXPECT("echo -x -- -", 0, "-x -- -\n", "");
	RUN("echo", "a", "-n");
	EXPECT("echo a -n", 0, "a -n\n", "");
	RUN("echo", "", "x", "");
	EXPECT("echo with empty words", 0, " x \n", "");
	ut_leave_dir();
}

void test_prog_true_false(void)
{
	ut_enter_dir();
	RUN("true");
	EXPECT("true", 0, "", "");
	RUN("true", "--bogus", "x");
	EXPECT("true with arguments", 0, "", "");
	RUN("false");
	EXPECT("false", 1, "", "");
	RUN("false", "-x");
	EXPECT("false with arguments", 1, "", "");
	ut_leave_dir();
}

void test_prog_clear(void)
{
	ut_enter_dir();
	RUN("clear");
	EXPECT("clear", 0, "\033[H\033[2J", "");
	RUN("clear", "x");
	EXPECT_USAGE("clear", "clear x");
	ut_leave_dir();
}

void test_prog_pwd(void)
{
	char want[128];
	const char *dir = ut_enter_dir();

	mkdir_or_fail("sub");
	snprintf(want, sizeof(want), "%s\n", dir);
	RUN("pwd");
	EXPECT("pwd", 0, want, "");
	run_cwd = "sub";
	RUN("pwd");
	snprintf(want, sizeof(want), "%s/sub\n", dir);
	EXPECT("pwd in sub", 0, want, "");
	run_cwd = "/";
	RUN("pwd");
	EXPECT("pwd in /", 0, "/\n", "");
	RUN("pwd", "extra");
	EXPECT_USAGE("pwd", "pwd extra");
	RUN("pwd", "-Z");
	EXPECT_USAGE("pwd", "pwd -Z");
	ut_leave_dir();
}

/* ---- mkdir, rmdir, rm, touch ---------------------------------------------- */

void test_prog_mkdir_rmdir(void)
{
	ut_enter_dir();
	RUN("mkdir", "a", "b");
	EXPECT("mkdir a b", 0, "", "");
	CHECK(is_dir("a") && is_dir("b"), "mkdir a b made no directories");
	RUN("mkdir", "a");
	EXPECT("mkdir of an existing name", 1, "", "mkdir: a: File exists\n");
	RUN("mkdir", "x/y");
	EXPECT("mkdir without its parent", 1, "",
	       "mkdir: x/y: No such file or directory\n");
	CHECK(!is_dir("x"), "mkdir x/y made x");
	RUN("mkdir", "-p", "x/y/z");
	EXPECT("mkdir -p x/y/z", 0, "", "");
	CHECK(is_dir("x/y/z"), "mkdir -p x/y/z made no x/y/z");
	RUN("mkdir", "-p", "x/y/z", "x//w/", "a");
	EXPECT("mkdir -p of existing and new", 0, "", "");
	CHECK(is_dir("x/w"), "mkdir -p x//w/ made no x/w");
	put("f", "");
	RUN("mkdir", "-p", "f/g");
	EXPECT("mkdir -p through a file", 1, "", "mkdir: f: Not a directory\n");
	RUN("mkdir", "-p", "f");
	EXPECT("mkdir -p of a file", 1, "", "mkdir: f: Not a directory\n");
	RUN("mkdir", "c", "a", "d");
	EXPECT("mkdir with one failure", 1, "", "mkdir: a: File exists\n");
	CHECK(is_dir("c") && is_dir("d"), "mkdir went on after the failure");

	RUN("rmdir", "a", "b", "c", "d");
	EXPECT("rmdir", 0, "", "");
	CHECK(!is_dir("a") && !is_dir("b") && !is_dir("c") && !is_dir("d"),
	      "rmdir left a directory");
	RUN("rmdir", "x");
	EXPECT("rmdir of a full directory", 1, "", "rmdir: x: Directory not empty\n");
	RUN("rmdir", "nope");
	EXPECT("rmdir of nothing", 1, "", "rmdir: nope: No such file or directory\n");
	RUN("rmdir", "f");
	EXPECT("rmdir of a file", 1, "", "rmdir: f: Not a directory\n");
	RUN("rmdir", "x/y/z", "x/y", "x/w", "x");
	EXPECT("rmdir of a tree, leaves first", 0, "", "");
	CHECK(!is_dir("x"), "x is still there");

	RUN("mkdir");
	EXPECT_USAGE("mkdir", "mkdir alone");
	RUN("mkdir", "-Z", "q");
	EXPECT_USAGE("mkdir", "mkdir -Z");
	CHECK(!is_dir("q"), "mkdir -Z q made q");
	RUN("rmdir");
	EXPECT_USAGE("rmdir", "rmdir alone");
	ut_leave_dir();
}

void test_prog_rm(void)
{
	ut_enter_dir();
	put("f", "data");
	RUN("rm", "f");
	EXPECT("rm f", 0, "", "");
	CHECK(!is_file("f"), "rm f left f");
	RUN("rm", "f");
	EXPECT("rm of a missing file", 1, "", "rm: f: No such file or directory\n");
	RUN("rm", "-f", "f");
	EXPECT("rm -f of a missing file", 0, "", "");
	RUN("rm", "-f");
	EXPECT("rm -f alone", 0, "", "");

	mkdir_or_fail("d");
	mkdir_or_fail("d/e");
	mkdir_or_fail("d/e/f");
	put("d/1", "1");
	put("d/e/2", "2");
	put("d/e/f/3", "3");
	RUN("rm", "d");
	EXPECT("rm of a directory", 1, "", "rm: d: Is a directory\n");
	CHECK(is_dir("d"), "rm d removed d");
	RUN("rm", "-r", "d/.");
	EXPECT("rm -r d/.", 1, "", "rm: refusing to remove d/.\n");
	RUN("rm", "-rf", "..");
	EXPECT("rm -rf ..", 1, "", "rm: refusing to remove ..\n");
	RUN("rm", "-r", "/");
	EXPECT("rm -r /", 1, "", "rm: refusing to remove /\n");
	CHECK(is_file("d/e/f/3"), "something went");
	RUN("rm", "-r", "d");
	EXPECT("rm -r d", 0, "", "");
	CHECK(!is_dir("d"), "rm -r d left d");

	put("a", "");
	put("b", "");
	RUN("rm", "a", "nope", "b");
	EXPECT("rm with one missing", 1, "", "rm: nope: No such file or directory\n");
	CHECK(!is_file("a") && !is_file("b"), "rm stopped at the missing file");

	RUN("rm");
	EXPECT_USAGE("rm", "rm alone");
	RUN("rm", "-Z", "x");
	EXPECT_USAGE("rm", "rm -Z");
	ut_leave_dir();
}

void test_prog_touch(void)
{
	struct stat st;

	ut_enter_dir();
	RUN("touch", "new");
	EXPECT("touch new", 0, "", "");
	MUST(sys_stat("new", &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 0, "touch made no empty file");
	put("old", "keep me");
	RUN("touch", "old", "new2");
	EXPECT("touch old new2", 0, "", "");
	ut_expect_file("old", "keep me");
	CHECK(is_file("new2"), "touch made no new2");
	RUN("touch", "-c", "not");
	EXPECT("touch -c", 0, "", "");
	CHECK(!is_file("not"), "touch -c made a file");
	RUN("touch", "nodir/f");
	EXPECT("touch in a missing directory", 1, "",
	       "touch: nodir/f: No such file or directory\n");
	RUN("touch");
	EXPECT_USAGE("touch", "touch alone");
	RUN("touch", "-Z", "q");
	EXPECT_USAGE("touch", "touch -Z");
	ut_leave_dir();
}

/* ---- cp, mv --------------------------------------------------------------- */

void test_prog_cp(void)
{
	char *data = pattern(10000);

	ut_enter_dir();
	put("a", data);
	put("short", "tiny");
	mkdir_or_fail("d");

	RUN("cp", "a", "b");
	EXPECT("cp a b", 0, "", "");
	expect_bytes("b", data, 10000);
	put("c", "a much longer text than tiny");
	RUN("cp", "short", "c");
	EXPECT("cp over a longer file", 0, "", "");
	ut_expect_file("c", "tiny");
	RUN("cp", "a", "d");
	EXPECT("cp a d", 0, "", "");
	expect_bytes("d/a", data, 10000);
	RUN("cp", "short", "c", "d/");
	EXPECT("cp short c d/", 0, "", "");
	ut_expect_file("d/short", "tiny");
	ut_expect_file("d/c", "tiny");
	RUN("cp", "/dev/null", "empty");
	EXPECT("cp of /dev/null", 0, "", "");
	ut_expect_file("empty", "");

	RUN("cp", "a", "a");
	EXPECT("cp onto itself", 1, "", "cp: a and a are the same file\n");
	expect_bytes("a", data, 10000);
	RUN("cp", "a", "d/../a");
	EXPECT("cp onto itself by another path", 1, "",
	       "cp: a and d/../a are the same file\n");
	RUN("cp", "nope", "x");
	EXPECT("cp of a missing file", 1, "", "cp: nope: No such file or directory\n");
	CHECK(!is_file("x"), "cp of a missing file made x");
	RUN("cp", "d", "x");
	EXPECT("cp of a directory", 1, "", "cp: d: Is a directory\n");
	RUN("cp", "a", "short", "nodir");
	EXPECT("cp of two into a non-directory", 1, "", "cp: nodir: Not a directory\n");
	RUN("cp", "a", "nodir/x");
	EXPECT("cp into a missing directory", 1, "",
	       "cp: nodir/x: No such file or directory\n");

	RUN("cp", "a");
	EXPECT_USAGE("cp", "cp with one operand");
	RUN("cp", "-Z", "a", "b");
	EXPECT_USAGE("cp", "cp -Z");
	free(data);
	ut_leave_dir();
}

void test_prog_mv(void)
{
	ut_enter_dir();
	put("a", "A");
	mkdir_or_fail("d");

	RUN("mv", "a", "b");
	EXPECT("mv a b", 0, "", "");
	CHECK(!is_file("a"), "mv left a");
	ut_expect_file("b", "A");
	RUN("mv", "b", "d");
	EXPECT("mv b d", 0, "", "");
	ut_expect_file("d/b", "A");
	RUN("mv", "d", "e");
	EXPECT("mv of a directory", 0, "", "");
	CHECK(!is_dir("d") && is_dir("e"), "mv d e did not rename");
	ut_expect_file("e/b", "A");
	put("x", "X");
	put("y", "Y");
	RUN("mv", "x", "y", "e/");
	EXPECT("mv x y e/", 0, "", "");
	ut_expect_file("e/x", "X");
	ut_expect_file("e/y", "Y");
	put("z", "Z");
	RUN("mv", "z", "e/x");
	EXPECT("mv over a file", 0, "", "");
	ut_expect_file("e/x", "Z");

	RUN("mv", "nope", "q");
	EXPECT("mv of a missing file", 1, "", "mv: nope: No such file or directory\n");
	put("p", "");
	RUN("mv", "p", "e/x", "nodir");
	EXPECT("mv of two into a non-directory", 1, "", "mv: nodir: Not a directory\n");
	RUN("mv", "p");
	EXPECT_USAGE("mv", "mv with one operand");
	RUN("mv", "-Z", "p", "q");
	EXPECT_USAGE("mv", "mv -Z");
	CHECK(is_file("p"), "mv -Z moved p");
	ut_leave_dir();
}

/* ---- wc, head, tail ------------------------------------------------------- */

void test_prog_wc(void)
{
	ut_enter_dir();
	put("f", "one two\nthree\n  four  five six\n");     /* 3 lines, 6 words, 31 bytes */
	put("g", "a b");
	put("e", "");

	RUN("wc", "f");
	EXPECT("wc f", 0, "      3       6      31 f\n", "");
	RUN("wc", "-l", "f");
	EXPECT("wc -l f", 0, "      3 f\n", "");
	RUN("wc", "-w", "f");
	EXPECT("wc -w f", 0, "      6 f\n", "");
	RUN("wc", "-c", "f");
	EXPECT("wc -c f", 0, "     31 f\n", "");
	RUN("wc", "-cl", "f");
	EXPECT("wc -cl f (order is always lines, words, bytes)", 0,
	       "      3      31 f\n", "");
	RUN("wc", "g", "e");
	EXPECT("wc g e", 0,
	       "      0       2       3 g\n"
	       "      0       0       0 e\n"
	       "      0       2       3 total\n", "");
	RUN_IN("x y\tz\n\n", "wc");
	EXPECT("wc of stdin", 0, "      2       3       7\n", "");
	RUN("wc", "nope", "g");
	EXPECT("wc of a missing file", 1,
	       "      0       2       3 g\n      0       2       3 total\n",
	       "wc: nope: No such file or directory\n");
	RUN("wc", "-Z");
	EXPECT_USAGE("wc", "wc -Z");
	ut_leave_dir();
}

void test_prog_head_tail(void)
{
	char lines[128] = "";

	ut_enter_dir();
	for (int i = 1; i <= 20; i++)
		snprintf(lines + strlen(lines), sizeof(lines) - strlen(lines), "%d\n", i);
	put("f", lines);
	put("g", "a\nb\nc");            /* no newline at the end */

	RUN("head", "f");
	EXPECT("head f", 0, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "");
	RUN("head", "-n", "3", "f");
	EXPECT("head -n 3", 0, "1\n2\n3\n", "");
	RUN("head", "-n2", "f");
	EXPECT("head -n2", 0, "1\n2\n", "");
	RUN("head", "-3", "f");
	EXPECT("head -3", 0, "1\n2\n3\n", "");
	RUN("head", "-n", "0", "f");
	EXPECT("head -n 0", 0, "", "");
	RUN("head", "-n", "100", "g");
	EXPECT("head of a short file", 0, "a\nb\nc", "");
	RUN_IN("x\ny\n", "head", "-n", "1");
	EXPECT("head of stdin", 0, "x\n", "");
	RUN("head", "-n", "1", "f", "g");
	EXPECT("head of two files", 0, "==> f <==\n1\n\n==> g <==\na\n", "");

	RUN("tail", "f");
	EXPECT("tail f", 0, "11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "");
	RUN("tail", "-n", "3", "f");
	EXPECT("tail -n 3", 0, "18\n19\n20\n", "");
	RUN("tail", "-2", "f");
	EXPECT("tail -2", 0, "19\n20\n", "");
	RUN("tail", "-n", "+18", "f");
	EXPECT("tail -n +18", 0, "18\n19\n20\n", "");
	RUN("tail", "-n", "0", "f");
	EXPECT("tail -n 0", 0, "", "");
	RUN("tail", "-n", "2", "g");
	EXPECT("tail without a final newline", 0, "b\nc", "");
	RUN("tail", "-n", "50", "g");
	EXPECT("tail of a short file", 0, "a\nb\nc", "");
	RUN_IN("x\ny\nz\n", "tail", "-n", "1");
	EXPECT("tail of stdin", 0, "z\n", "");
	RUN("tail", "-n", "1", "f", "g");
	EXPECT("tail of two files", 0, "==> f <==\n20\n\n==> g <==\nc", "");

	RUN("head", "nope");
	EXPECT("head of a missing file", 1, "", "head: nope: No such file or directory\n");
	RUN("tail", "nope");
	EXPECT("tail of a missing file", 1, "", "tail: nope: No such file or directory\n");
	RUN("head", "-n", "x", "f");
	EXPECT_USAGE("head", "head -n x");
	RUN("tail", "-n", "-3", "f");
	EXPECT_USAGE("tail", "tail -n -3");
	RUN("head", "-n");
	EXPECT_USAGE("head", "head -n without a count");
	RUN("tail", "-Z");
	EXPECT_USAGE("tail", "tail -Z");
	ut_leave_dir();
}

/* ---- grep ----------------------------------------------------------------- */

void test_prog_grep(void)
{
	ut_enter_dir();
	put("f", "apple\nbanana\ncherry\nApple pie\ngrape\n\nbanana split\n");
	put("g", "a.b\naxb\na*b\n*star\n");

	RUN("grep", "an", "f");
	EXPECT("grep an", 0, "banana\nbanana split\n", "");
	RUN("grep", "^b", "f");
	EXPECT("grep ^b", 0, "banana\nbanana split\n", "");
	RUN("grep", "e$", "f");
	EXPECT("grep e$", 0, "apple\nApple pie\ngrape\n", "");
	RUN("grep", "^apple$", "f");
	EXPECT("grep ^apple$", 0, "apple\n", "");
	RUN("grep", "a.a", "f");
	EXPECT("grep a.a", 0, "banana\nbanana split\n", "");
	RUN("grep", "ch*e", "f");
	EXPECT("grep ch*e", 0, "cherry\n", "");
	RUN("grep", "^ap*le", "f");
	EXPECT("grep ^ap*le", 0, "apple\n", "");
	RUN("grep", "b.*t$", "f");
	EXPECT("grep b.*t$", 0, "banana split\n", "");
	RUN("grep", "x*", "f");
	EXPECT("grep x* (matches every line)", 0,
	       "apple\nbanana\ncherry\nApple pie\ngrape\n\nbanana split\n", "");
	RUN("grep", "-n", "^$", "f");
	EXPECT("grep -n ^$", 0, "6:\n", "");
	RUN("grep", "-v", "a", "f");
	EXPECT("grep -v a", 0, "cherry\nApple pie\n\n", "");
	RUN("grep", "-c", "an", "f");
	EXPECT("grep -c an", 0, "2\n", "");
	RUN("grep", "-i", "APPLE", "f");
	EXPECT("grep -i APPLE", 0, "apple\nApple pie\n", "");
	RUN("grep", "-n", "-i", "p.E", "f");
	EXPECT("grep -n -i p.E", 0, "1:apple\n4:Apple pie\n", "");
	RUN("grep", "-q", "an", "f");
	EXPECT("grep -q", 0, "", "");
	RUN("grep", "-e", "-x", "f");
	EXPECT("grep -e -x", 1, "", "");

	/* Escapes and ordinary '*'. */
	RUN("grep", "a\\.b", "g");
	EXPECT("grep a\\.b", 0, "a.b\n", "");
	RUN("grep", "a.b", "g");
	EXPECT("grep a.b", 0, "a.b\naxb\na*b\n", "");
	RUN("grep", "a\\*b", "g");
	EXPECT("grep a\\*b", 0, "a*b\n", "");
	RUN("grep", "*s", "g");
	EXPECT("grep *s (a leading * is itself)", 0, "*star\n", "");
	RUN("grep", "^*", "g");
	EXPECT("grep ^*", 0, "*star\n", "");

	/* Several files: each line names its file. */
	RUN("grep", "b$", "f", "g");
	EXPECT("grep of two files", 0, "g:a.b\ng:axb\ng:a*b\n", "");
	RUN("grep", "-c", "b", "f", "g");
	EXPECT("grep -c of two files", 0, "f:2\ng:3\n", "");
	RUN_IN("abc\nxyz\n", "grep", "b");
	EXPECT("grep of stdin", 0, "abc\n", "");

	/* Status: 1 for no line, 2 for trouble (even with lines found). */
	RUN("grep", "zzz", "f");
	EXPECT("grep with no match", 1, "", "");
	RUN("grep", "-v", "", "f");
	EXPECT("grep -v of the empty pattern", 1, "", "");
	RUN("grep", "an", "nope");
	EXPECT("grep of a missing file", 2, "", "grep: nope: No such file or directory\n");
	RUN("grep", "an", "f", "nope");
	EXPECT("grep of a file and a missing one", 2, "f:banana\nf:banana split\n",
	       "grep: nope: No such file or directory\n");
	RUN("grep", "-q", "an", "nope", "f");
	EXPECT("grep -q: a match wins over an error", 0, "",
	       "grep: nope: No such file or directory\n");
	RUN("grep");
	EXPECT_USAGE("grep", "grep alone");
	RUN("grep", "-Z", "a", "f");
	EXPECT_USAGE("grep", "grep -Z");
	ut_leave_dir();
}

/* ---- env ------------------------------------------------------------------ */

void test_prog_env(void)
{
	char *const ab[] = { "A=1", "B=2", NULL };

	ut_enter_dir();
	run_env(NULL, ab, ARGV("env"));
	EXPECT("env", 0, "A=1\nB=2\n", "");
	run_env(NULL, ab, ARGV("env", "C=3"));
	EXPECT("env C=3", 0, "A=1\nB=2\nC=3\n", "");
	run_env(NULL, ab, ARGV("env", "A=9", "A=10"));
	EXPECT("env A=9 A=10", 0, "A=10\nB=2\n", "");
	run_env(NULL, ab, ARGV("env", "-i", "X=y"));
	EXPECT("env -i X=y", 0, "X=y\n", "");
	run_env(NULL, ab, ARGV("env", "-i"));
	EXPECT("env -i", 0, "", "");
	/* A command runs in the new environment, found through its PATH. */
	run_env(NULL, ab, ARGV("env", "-i", "PATH=/bin", "X=1", "env"));
	EXPECT("env running env", 0, "PATH=/bin\nX=1\n", "");
	run_env(NULL, ab, ARGV("env", "/bin/echo", "hi", "there"));
	EXPECT("env running /bin/echo", 0, "hi there\n", "");
	/* No PATH at all: the default, /bin. */
	run_env(NULL, ab, ARGV("env", "false"));
	EXPECT("env false", 1, "", "");
	RUN("env", "nope");
	EXPECT("env of a missing command", 127, "", "env: nope: No such file or directory\n");
	RUN("env", "/tmp");
	EXPECT("env of a directory", 126, "", "env: /tmp: Operation not permitted\n");
	RUN("env", "-Z");
	EXPECT_USAGE("env", "env -Z");
	ut_leave_dir();
}

/* ---- sleep ---------------------------------------------------------------- */

static int64_t now_ns(void)
{
	return MUST(sys_clock(CLOCK_NS_BOOT));
}

void test_prog_sleep(void)
{
	int64_t t0;

	ut_enter_dir();
	t0 = now_ns();
	RUN("sleep", "0.3");
	EXPECT("sleep 0.3", 0, "", "");
	CHECK(now_ns() - t0 >= 300000000, "sleep 0.3 took %ld ns",
	      (long)(now_ns() - t0));
	t0 = now_ns();
	RUN("sleep", "1");
	EXPECT("sleep 1", 0, "", "");
	CHECK(now_ns() - t0 >= 1000000000, "sleep 1 took %ld ns",
	      (long)(now_ns() - t0));
	t0 = now_ns();
	RUN("sleep", ".25");
	EXPECT("sleep .25", 0, "", "");
	CHECK(now_ns() - t0 >= 250000000, "sleep .25 took %ld ns",
	      (long)(now_ns() - t0));
	RUN("sleep", "0");
	EXPECT("sleep 0", 0, "", "");

	RUN("sleep");
	EXPECT_USAGE("sleep", "sleep alone");
	RUN("sleep", "abc");
	EXPECT_USAGE("sleep", "sleep abc");
	RUN("sleep", "1.5x");
	EXPECT_USAGE("sleep", "sleep 1.5x");
	RUN("sleep", ".");
	EXPECT_USAGE("sleep", "sleep .");
	RUN("sleep", "1", "2");
	EXPECT_USAGE("sleep", "sleep 1 2");
	RUN("sleep", "-1");
	EXPECT_USAGE("sleep", "sleep -1");
	ut_leave_dir();
}

/* ---- kill ----------------------------------------------------------------- */

/* A child that waits (up to 20 s) to be signalled. */
static pid_t victim(void)
{
	pid_t pid = ut_fork();

	if (pid == 0)
		ut_linger(20000);
	return pid;
}

static void expect_killed_by(pid_t pid, int sig, const char *what)
{
	int st = ut_wait_ms(pid, 10000);

	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "%s: the child ended with %s, "
	      "want signal %d", what, ut_status(st), sig);
}

void test_prog_kill(void)
{
	char num[16], neg[16];
	pid_t pid;

	ut_need_kill();
	ut_enter_dir();

	pid = victim();
	snprintf(num, sizeof(num), "%d", pid);
	RUN("kill", num);
	EXPECT("kill pid", 0, "", "");
	expect_killed_by(pid, SIGTERM, "kill pid");

	struct { char *opt1, *opt2; int sig; } forms[] = {
		{ "-9", NULL, SIGKILL }, { "-KILL", NULL, SIGKILL },
		{ "-s", "USR1", SIGUSR1 }, { "-SIGUSR2", NULL, SIGUSR2 },
		{ "-s", "int", SIGINT }, { "-hup", NULL, SIGHUP },
		{ "-s", "15", SIGTERM },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		pid = victim();
		snprintf(num, sizeof(num), "%d", pid);
		if (forms[i].opt2)
			RUN("kill", forms[i].opt1, forms[i].opt2, num);
		else
			RUN("kill", forms[i].opt1, num);
		EXPECT(forms[i].opt2 ? forms[i].opt2 : forms[i].opt1, 0, "", "");
		expect_killed_by(pid, forms[i].sig, forms[i].opt1);
	}

	/* Signal 0 only checks; the child lives on. */
	pid = victim();
	snprintf(num, sizeof(num), "%d", pid);
	RUN("kill", "-0", num);
	EXPECT("kill -0", 0, "", "");
	CHECK(sys_waitpid(pid, NULL, WNOHANG) == 0, "kill -0 ended the child");
	/* A process group, after "--". */
	MUST(sys_setpgid(pid, pid));
	snprintf(neg, sizeof(neg), "-%d", pid);
	RUN("kill", "--", neg);
	EXPECT("kill -- -pgid", 0, "", "");
	expect_killed_by(pid, SIGTERM, "kill -- -pgid");

	RUN("kill", "999999");
	EXPECT("kill of no process", 1, "", "kill: 999999: No such process\n");
	RUN("kill", "12x");
	EXPECT("kill of a bad pid", 1, "", "kill: 12x: not a process ID\n");

	RUN("kill", "-l");
	EXPECT("kill -l", 0, "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV "
	       "USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU "
	       "XFSZ VTALRM PROF WINCH IO PWR SYS\n", "");
	RUN("kill", "-l", "9", "137", "term", "SIGCHLD");
	EXPECT("kill -l 9 137 term SIGCHLD", 0, "KILL\nKILL\n15\n17\n", "");
	RUN("kill", "-l", "99");
	EXPECT("kill -l 99", 1, "", "kill: 99: unknown signal\n");

	RUN("kill");
	EXPECT_USAGE("kill", "kill alone");
	RUN("kill", "-FOO", "1");
	EXPECT_USAGE("kill", "kill -FOO");
	EXPECT_ERR_PREFIX("kill: FOO: unknown signal\n");
	RUN("kill", "-s");
	EXPECT_USAGE("kill", "kill -s alone");
	RUN("kill", "-9");
	EXPECT_USAGE("kill", "kill -9 without a pid");
	ut_leave_dir();
}

/* ---- uname, ps, free, memstat --------------------------------------------- */

void test_prog_uname(void)
{
	struct utsname u;
	char want[256];

	ut_enter_dir();
	memset(&u, 0, sizeof(u));
	MUST(sys_uname(&u));
	CHECK(strcmp(u.sysname, "Aurora") == 0, "sysname \"%s\"", u.sysname);
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine \"%s\"", u.machine);

	RUN("uname");
	EXPECT("uname", 0, "Aurora\n", "");
	RUN("uname", "-m");
	EXPECT("uname -m", 0, "x86_64\n", "");
	snprintf(want, sizeof(want), "%s\n", u.release);
	RUN("uname", "-r");
	EXPECT("uname -r", 0, want, "");
	snprintf(want, sizeof(want), "%s %s\n", u.sysname, u.release);
	RUN("uname", "-rs");
	EXPECT("uname -rs", 0, want, "");
	snprintf(want, sizeof(want), "%s %s %s %s\n", u.sysname, u.release,
		 u.version, u.machine);
	RUN("uname", "-a");
	EXPECT("uname -a", 0, want, "");
	RUN("uname", "-Z");
	EXPECT_USAGE("uname", "uname -Z");
	RUN("uname", "x");
	EXPECT_USAGE("uname", "uname x");
	ut_leave_dir();
}

/* One line of ps: the numbers and the command. */
struct ps_line {
	long pid, ppid, mem_k;
	char state;
	char cmd[32];
};

/* Parses "  PID  PPID S   MEMK  M:SS CMD" -> 1, or 0 if it is not that. */
static int parse_ps_line(const char *s, struct ps_line *p)
{
	char *end;
	size_t n;

	p->pid = strtol(s, &end, 10);
	if (end == s || *end != ' ')
		return 0;
	p->ppid = strtol(end, &end, 10);
	if (*end++ != ' ' || *end == '\0')
		return 0;
	p->state = *end++;
	p->mem_k = strtol(end, &end, 10);
	if (*end++ != 'K')
		return 0;
	strtol(end, &end, 10);          /* minutes */
	if (*end++ != ':')
		return 0;
	strtol(end, &end, 10);          /* seconds */
	if (*end++ != ' ')
		return 0;
	n = strcspn(end, "\n");
	if (n == 0 || n >= sizeof(p->cmd))
		return 0;
	memcpy(p->cmd, end, n);
	p->cmd[n] = '\0';
	return 1;
}

void test_prog_ps(void)
{
	struct ps_line l;
	int saw_init = 0, saw_me = 0, saw_ps = 0, lines = 0;
	const char *p;

	ut_enter_dir();
	RUN("ps");
	EXPECT("ps", 0, NULL, "");
	p = "  PID  PPID S      MEM     TIME COMMAND\n";
	CHECK(strncmp(R.out, p, strlen(p)) == 0, "ps heading: \"%s\"", show(R.out));
	for (p = strchr(R.out, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
		CHECK(parse_ps_line(p, &l), "ps line \"%.60s\"", show(p));
		CHECK(strchr("RSTZ", l.state) != NULL, "state %c", l.state);
		lines++;
		if (l.pid == 1)
			saw_init = 1;
		if (l.pid == getpid()) {
			saw_me = 1;
			CHECK(l.ppid == getppid(), "ps: my parent is %ld, not %d",
			      l.ppid, getppid());
			CHECK(strcmp(l.cmd, "usertests") == 0, "ps: my name is %s", l.cmd);
			CHECK(l.mem_k > 0, "ps: I hold %ld KiB", l.mem_k);
		}
		if (l.pid == R.pid) {
			saw_ps = 1;
			CHECK(l.ppid == getpid() && l.state == 'R' &&
			      strcmp(l.cmd, "ps") == 0, "ps's own line: %ld %c %s",
			      l.ppid, l.state, l.cmd);
		}
	}
	CHECK(saw_init && saw_me && saw_ps, "ps shows pid 1: %d, me: %d, itself: %d",
	      saw_init, saw_me, saw_ps);
	CHECK(lines <= NPROC_MAX, "%d lines", lines);
	RUN("ps", "-Z");
	EXPECT_USAGE("ps", "ps -Z");
	ut_leave_dir();
}

/* Parses free's "Mem:" line into its five numbers. */
static void parse_free(unsigned long v[5])
{
	const char *p = strstr(R.out, "\nMem:");
	char *end;

	CHECK(p != NULL, "free printed no Mem: line: \"%s\"", show(R.out));
	p += 5;
	for (int i = 0; i < 5; i++) {
		v[i] = strtoul(p, &end, 10);
		CHECK(end != p, "free: number %d of \"%s\"", i, show(p));
		p = end;
	}
	CHECK(*p == '\n', "free: the Mem: line ends with \"%s\"", show(p));
}

void test_prog_free(void)
{
	unsigned long v[5];
	long total = MUST(sys_kinfo(KINFO_TOTAL_PAGES));

	ut_enter_dir();
	RUN("free");
	EXPECT("free", 0, NULL, "");
	CHECK(strncmp(R.out, "           total       used       free     shared"
		      "      procs\n", 61) == 0, "free heading: \"%s\"", show(R.out));
	parse_free(v);
	EXPECT_EQ(v[0], total * 4, "free: total KiB");
	EXPECT_EQ(v[1] + v[2], v[0], "free: used + free");
	CHECK(v[2] > 0 && v[1] > 0, "free: used %lu, free %lu", v[1], v[2]);
	CHECK(v[4] > 0, "free: processes hold %lu KiB", v[4]);
	RUN("free", "-b");
	EXPECT("free -b", 0, NULL, "");
	parse_free(v);
	EXPECT_EQ(v[0], total * 4096, "free -b: total");
	RUN("free", "-m");
	EXPECT("free -m", 0, NULL, "");
	parse_free(v);
	EXPECT_EQ(v[0], total * 4096 >> 20, "free -m: total");
	RUN("free", "-Z");
	EXPECT_USAGE("free", "free -Z");
	RUN("free", "x");
	EXPECT_USAGE("free", "free x");
	ut_leave_dir();
}

/* The number after `label` in the last run's stdout. */
static unsigned long field(const char *label)
{
	const char *p = strstr(R.out, label);

	CHECK(p != NULL, "no \"%s\" in \"%s\"", label, show(R.out));
	p += strlen(label);
	while (*p == ' ')
		p++;
	CHECK(*p >= '0' && *p <= '9', "\"%s\" is followed by \"%.20s\"", label, p);
	return strtoul(p, NULL, 10);
}

void test_prog_memstat(void)
{
	char num[16], want[80];

	ut_enter_dir();
	/* Its own figures. */
	RUN("memstat");
	EXPECT("memstat", 0, NULL, "");
	CHECK(field("allocated") > 0, "memstat: nothing allocated");
	CHECK(field("peak") >= field("allocated"), "memstat: peak below allocated");
	CHECK(strstr(R.out, "\nlimit         none\n") != NULL, "memstat: limit: \"%s\"",
	      show(R.out));
	EXPECT_EQ(field("regions"), 0, "memstat: regions");
	EXPECT_EQ(field("shm"), 0, "memstat: shm");

	/* A command run under a limit sees it (the limit crosses execve). */
	RUN("memstat", "-l", "1M", "memstat");
	EXPECT("memstat -l 1M memstat", 0, NULL, NULL);
	CHECK(strstr(R.out, "\nlimit         1024 KiB\n") != NULL,
	      "the limit memstat ran under: \"%s\"", show(R.out));
	EXPECT_ERR_PREFIX("memstat: memstat: exit status 0, peak ");
	RUN("memstat", "false");
	EXPECT("memstat false", 1, "", NULL);
	EXPECT_ERR_PREFIX("memstat: false: exit status 1, peak ");
	RUN("memstat", "nope");
	EXPECT("memstat nope", 127, "", NULL);
	EXPECT_ERR_PREFIX("memstat: nope: No such file or directory\n"
			  "memstat: nope: exit status 127, peak ");

	/* The command's memory, sampled while it sleeps. */
	RUN("memstat", "sleep", "0.2");
	EXPECT("memstat sleep 0.2", 0, "", NULL);
	EXPECT_ERR_PREFIX("memstat: sleep: exit status 0, peak ");
	CHECK(strstr(R.err, " KiB (sampled)\n") != NULL &&
	      strtoul(R.err + strlen("memstat: sleep: exit status 0, peak "), NULL, 10) > 0,
	      "memstat sampled nothing: \"%s\"", show(R.err));

	/* Another process by pid: this one. */
	snprintf(num, sizeof(num), "%d", getpid());
	RUN("memstat", "-p", num);
	EXPECT("memstat -p", 0, NULL, "");
	snprintf(want, sizeof(want), "%d usertests ", getpid());
	CHECK(strncmp(R.out, want, strlen(want)) == 0 && strstr(R.out, " KiB\n"),
	      "memstat -p: \"%s\"", show(R.out));
	RUN("memstat", "-p", "999999");
	EXPECT("memstat -p of no process", 1, "", "memstat: 999999: No such process\n");

	RUN("memstat", "-Z");
	EXPECT_USAGE("memstat", "memstat -Z");
	RUN("memstat", "-l", "lots", "true");
	EXPECT_USAGE("memstat", "memstat -l lots");
	RUN("memstat", "-p", "1", "true");
	EXPECT_USAGE("memstat", "memstat -p 1 true");
	ut_leave_dir();
}

/* ---- trace, dmesg --------------------------------------------------------- */

void test_prog_trace(void)
{
	char want[64];

	ut_enter_dir();
	RUN("trace", "on");
	EXPECT("trace on", 0, "", "");
	RUN("trace", "status");
	EXPECT("trace status", 0, "tracing on\n", "");
	RUN("trace", "off");
	EXPECT("trace off", 0, "", "");
	RUN("trace", "status");
	EXPECT("trace status", 0, "tracing off\n", "");
	RUN("trace", "enable");
	EXPECT("trace enable", 0, "", "");
	CHECK(sys_trace_enabled() == 1, "trace enable left tracing off");

	/* An event comes back with its text and the pid that recorded it. */
	RUN("trace", "reset");
	EXPECT("trace reset", 0, "", "");
	RUN("trace", "event", "hello", "from", "t_progs");
	EXPECT("trace event", 0, "", "");
	pid_t recorder = R.pid;
	RUN("trace", "events");
	EXPECT("trace events", 0, NULL, "");
	snprintf(want, sizeof(want), " %5d hello from t_progs\n", recorder);
	CHECK(strstr(R.out, want) != NULL, "trace events: \"%s\", want a line ending "
	      "\"%s\"", show(R.out), show(want));

	/* The summary names the calls the runs above made. */
	RUN("trace", "summary");
	EXPECT("trace summary", 0, NULL, "");
	CHECK(strncmp(R.out, "uptime ", 7) == 0, "summary starts \"%s\"", show(R.out));
	CHECK(strstr(R.out, "\nsystem calls ") && strstr(R.out, "\nprocesses ") &&
	      strstr(R.out, "\n  nr call "), "summary lines: \"%s\"", show(R.out));
	const char *table = strstr(R.out, "\n  nr call ");
	CHECK(table && strstr(table, " execve ") && strstr(table, " trace_event ") &&
	      strstr(table, " write "), "summary counts: \"%s\"",
	      show(table ? table : R.out));

	RUN("trace", "disable");
	EXPECT("trace disable", 0, "", "");
	CHECK(sys_trace_enabled() == 0, "trace disable left tracing on");

	RUN("trace");
	EXPECT_USAGE("trace", "trace alone");
	RUN("trace", "bogus");
	EXPECT_USAGE("trace", "trace bogus");
	RUN("trace", "event");
	EXPECT_USAGE("trace", "trace event without text");
	RUN("trace", "on", "now");
	EXPECT_USAGE("trace", "trace on now");
	ut_leave_dir();
}

void test_prog_dmesg(void)
{
	const size_t max = 64 * 1024;      /* the kernel keeps 64 KiB */
	char marker[64], *log = malloc(max + 1);
	size_t n = 0;
	long r;
	int fd;

	CHECK(log != NULL, "malloc");
	ut_enter_dir();
	/* A line of our own, written to the log (as uid 0), is the newest
	 * there, so no amount of earlier logging can have pushed it out. */
	snprintf(marker, sizeof(marker), "t_progs: dmesg marker %d\n", getpid());
	fd = (int)MUST(sys_open("/dev/kmsg", O_WRITE));
	EXPECT_EQ(sys_write(fd, marker, strlen(marker)), (long)strlen(marker),
		  "write to /dev/kmsg");
	MUST(sys_close(fd));

	RUN("dmesg");
	EXPECT("dmesg", 0, NULL, "");
	CHECK(strstr(R.out, marker) != NULL, "dmesg has no \"%s\": \"...%s\"",
	      show(marker), show(R.out + (strlen(R.out) > 150 ? strlen(R.out) - 150 : 0)));
	/* What it printed is the log: read the log ourselves (it can only
	 * have grown meanwhile, by lines after the marker). */
	fd = (int)MUST(sys_open("/dev/kmsg", O_READ));
	while (n < max && (r = sys_read(fd, log + n, max - n)) > 0)
		n += (size_t)r;
	MUST(sys_close(fd));
	log[n] = '\0';
	char *end = strstr(log, marker);
	CHECK(end != NULL, "the marker is not in /dev/kmsg");
	end += strlen(marker);
	CHECK(strncmp(R.out, log, (size_t)(end - log)) == 0 &&
	      strlen(R.out) >= (size_t)(end - log),
	      "dmesg's output differs from /dev/kmsg up to the marker");
	/* While the log has not wrapped, the boot lines are in it. */
	if (strstr(log, "initrd: "))
		CHECK(strstr(R.out, "initrd: ") != NULL, "dmesg lost the boot lines");
	free(log);

	RUN("dmesg", "-Z");
	EXPECT_USAGE("dmesg", "dmesg -Z");
	ut_leave_dir();
}

/* ---- shutdown, reboot ----------------------------------------------------- */

/* Only the refusals can be tested: a success would end the test machine. */
void test_prog_shutdown(void)
{
	ut_enter_dir();
	run_uid = 1000;
	RUN("shutdown");
	EXPECT("shutdown as uid 1000", 1, "", "shutdown: Operation not permitted\n");
	run_uid = 1000;
	RUN("shutdown", "-r", "now");
	EXPECT("shutdown -r now as uid 1000", 1, "",
	       "shutdown: Operation not permitted\n");
	run_uid = 1000;
	RUN("reboot");
	EXPECT("reboot as uid 1000", 1, "", "reboot: Operation not permitted\n");
	RUN("shutdown", "-Z");
	EXPECT_USAGE("shutdown", "shutdown -Z");
	RUN("shutdown", "later");
	EXPECT_USAGE("shutdown", "shutdown later");
	RUN("reboot", "-Z");
	EXPECT_USAGE("reboot", "reboot -Z");
	RUN("reboot", "now");
	EXPECT_USAGE("reboot", "reboot now");
	ut_leave_dir();
}

/* ---- help ----------------------------------------------------------------- */

void test_prog_help(void)
{
	static const char *const builtins[] = {
		"cd", "exit", "export", "unset", "jobs", "fg", "bg",
	};
	char want[NAME_MAX + 8];
	struct dirent *e;
	DIR *d;

	ut_enter_dir();
	RUN("help");
	EXPECT("help", 0, NULL, "");
	CHECK(strncmp(R.out, "Programs (in /bin):\n", 20) == 0, "help starts \"%s\"",
	      show(R.out));
	/* Every program in /bin is listed. */
	d = opendir("/bin");
	CHECK(d != NULL, "opendir /bin");
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(want, sizeof(want), "\n  %s", e->d_name);
		CHECK(strstr(R.out, want) != NULL, "help does not list %s", e->d_name);
	}
	closedir(d);
	CHECK(strstr(R.out, "\n  ls         list directories and files\n") != NULL,
	      "help's ls line");
	CHECK(strstr(R.out, "\nShell builtins:\n") != NULL, "help: no builtins");
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		snprintf(want, sizeof(want), "\n  %-10s ", builtins[i]);
		CHECK(strstr(R.out, want) != NULL, "help does not list %s", builtins[i]);
	}

	RUN("help", "ls");
	EXPECT("help ls", 0, "ls [-al] [file...]\n    list directories and files\n", "");
	RUN("help", "cd");
	EXPECT("help cd", 0, NULL, "");
	CHECK(strncmp(R.out, "cd [dir | -]\n", 13) == 0, "help cd: \"%s\"", show(R.out));
	RUN("help", "nope");
	EXPECT("help nope", 1, "", "help: nope: no such command\n");
	RUN("help", "a", "b");
	EXPECT_USAGE("help", "help a b");
	RUN("help", "-Z");
	EXPECT_USAGE("help", "help -Z");
	ut_leave_dir();
}

/* ---- pipelines -------------------------------------------------------------- */

/* Runs `left | right`: left's stdin is /dev/null, right's stdout and
 * stderr are captured in R as usual (R.status is right's); -> left's
 * wait status. */
static int run_pipe(char *const left[], char *const right[])
{
	char lpath[64], rpath[64];
	int fds[2], lst;
	pid_t l, r;

	run_buffers();
	snprintf(lpath, sizeof(lpath), "/bin/%s", left[0]);
	snprintf(rpath, sizeof(rpath), "/bin/%s", right[0]);
	MUST(sys_pipe(fds));
	l = ut_fork();
	if (l == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0 || dup2(fds[1], 1) < 0)
			_exit(120);
		for (int fd = 3; fd < UT_NOFILE; fd++)
			close(fd);
		execve(lpath, left, std_env);
		_exit(123);
	}
	r = ut_fork();
	if (r == 0) {
		int out = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC);
		int err = open(ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC);

		if (out < 0 || err < 0 || dup2(fds[0], 0) < 0 || dup2(out, 1) < 0 ||
		    dup2(err, 2) < 0)
			_exit(120);
		for (int fd = 3; fd < UT_NOFILE; fd++)
			close(fd);
		execve(rpath, right, std_env);
		_exit(123);
	}
	/* Only the children may hold the ends, or neither side sees the
	 * other go away. */
	MUST(sys_close(fds[0]));
	MUST(sys_close(fds[1]));
	R.pid = r;
	R.status = ut_wait_ms(r, 30000);
	lst = ut_wait_ms(l, 30000);
	slurp(OUT_FILE, R.out, OUT_MAX);
	slurp(ERR_FILE, R.err, ERR_MAX);
	sys_unlink(OUT_FILE);
	sys_unlink(ERR_FILE);
	return lst;
}

void test_prog_pipeline(void)
{
	char *big = pattern(100000);
	int lst;

	ut_enter_dir();
	put("f", "apple\nbanana\ncherry\n");
	lst = run_pipe(ARGV("echo", "one", "two", "three"), ARGV("wc", "-w"));
	EXPECT("echo | wc -w", 0, "      3\n", "");
	CHECK(lst == 0, "echo: %s", ut_status(lst));
	lst = run_pipe(ARGV("cat", "f"), ARGV("grep", "-n", "an"));
	EXPECT("cat f | grep -n an", 0, "2:banana\n", "");
	CHECK(lst == 0, "cat: %s", ut_status(lst));
	lst = run_pipe(ARGV("ls", "-a"), ARGV("tail", "-n", "1"));
	EXPECT("ls -a | tail -n 1", 0, "f\n", "");
	lst = run_pipe(ARGV("cat", "f"), ARGV("cat"));
	EXPECT("cat f | cat", 0, "apple\nbanana\ncherry\n", "");
	lst = run_pipe(ARGV("grep", "zzz", "f"), ARGV("wc", "-l"));
	EXPECT("grep zzz f | wc -l", 0, "      0\n", "");
	CHECK(WIFEXITED(lst) && WEXITSTATUS(lst) == 1, "grep: %s", ut_status(lst));

	/* head stops reading after its line: a writer with more to say is
	 * ended by SIGPIPE (or, were it ignored, fails with EPIPE). */
	put("big", big);
	put("lines", "first\nsecond\n");
	lst = run_pipe(ARGV("cat", "lines", "big", "big", "big"), ARGV("head", "-n", "1"));
	EXPECT("cat | head -n 1", 0, "first\n", "");
	CHECK((WIFSIGNALED(lst) && WTERMSIG(lst) == SIGPIPE) ||
	      (WIFEXITED(lst) && WEXITSTATUS(lst) == 1), "cat after head left: %s",
	      ut_status(lst));
	/* The same when the reader is gone at once (a usage error). */
	lst = run_pipe(ARGV("cat", "big", "big", "big"), ARGV("head", "-Z"));
	EXPECT_USAGE("head", "head -Z in a pipeline");
	CHECK((WIFSIGNALED(lst) && WTERMSIG(lst) == SIGPIPE) ||
	      (WIFEXITED(lst) && WEXITSTATUS(lst) == 1), "cat without a reader: %s",
	      ut_status(lst));
	free(big);
	ut_leave_dir();
}

/* ---- every program refuses an unknown option ------------------------------ */

/* echo prints any word (POSIX), and true and false ignore their arguments,
 * so they are not here; every other program says how to call it. */
void test_prog_usage(void)
{
	static const char *const progs[] = {
		"cat", "clear", "cp", "dmesg", "env", "free", "grep", "head",
		"help", "kill", "ls", "memstat", "mkdir", "mv", "ps", "pwd",
		"reboot", "rm", "rmdir", "shutdown", "sleep", "tail", "touch",
		"trace", "uname", "wc",
	};

	ut_enter_dir();
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		run_env(NULL, std_env, ARGV((char *)progs[i], "-Z", "x"));
		EXPECT_USAGE(progs[i], progs[i]);
	}
	ut_leave_dir();
}
