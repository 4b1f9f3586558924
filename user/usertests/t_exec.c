/*
 * execve: damaged images (the fixtures tools/mkbadelf makes, in the initrd
 * under /test/), long and large argument lists, E2BIG, and what execve does
 * to the signal state.  The programs exec'd are usertests itself, in its
 * --exec-args modes (exec_args_helper below).
 */
#include <limits.h>
#include "ut.h"

/* ---- damaged images ------------------------------------------------------- */

static const struct {
	const char *name;
	long also_ok;        /* another acceptable answer than ENOEXEC, or 0 */
} fixtures[] = {
	{ "notelf", 0 },        { "empty", 0 },           { "magic_only", 0 },
	{ "trunc_ehdr", 0 },    { "trunc_phdr", 0 },      { "trunc_seg", 0 },
	{ "kaddr", 0 },         { "zeroaddr", 0 },        { "crossing", 0 },
	{ "overlap", 0 },       { "hugemem", 0 },         { "bigmem", -ENOMEM },
	{ "wrapmem", 0 },       { "filesz_gt_memsz", 0 }, { "bad_phentsize", 0 },
	{ "phnum_huge", 0 },    { "bad_entry", 0 },       { "bad_offset", 0 },
	{ "bad_machine", 0 },   { "dyn_interp", 0 },
};

int bi_marker = 4321;

/*
 * Each image is tried by a child of its own, which reports through its
 * exit status: 0 ENOEXEC (or the other acceptable answer), 2 ENOENT (the
 * fixture is missing), 3 another error, 4 its memory changed although the
 * exec failed.  A child killed by a signal was replaced by the image.
 */
void test_exec_bad_images(void)
{
	static char *const argv[] = { "bad", NULL };
	static char *const envp[] = { "UT_BAD=1", NULL };
	int bad = 0, missing = 0;

	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char path[64];
		pid_t pid;

		snprintf(path, sizeof(path), "/test/%s", fixtures[i].name);
		pid = ut_fork();
		if (pid == 0) {
			long r = sys_execve(path, argv, envp);

			if (bi_marker != 4321 || sys_getpid() != getpid())
				_exit(4);
			if (r == -ENOEXEC || (fixtures[i].also_ok && r == fixtures[i].also_ok))
				_exit(0);
			if (r == -ENOENT)
				_exit(2);
			fprintf(stderr, "usertests: %s: execve(%s) returned %ld\n",
				ut_name, path, r);
			_exit(3);
		}
		int st = ut_wait_ms(pid, 20000);
		if (st == W_EXITCODE(2)) {
			missing++;
			continue;
		}
		if (st != 0) {
			ut_note("execve(%s): %s", path,
				WIFSIGNALED(st) ? "the image was loaded (the child was "
				"killed by a signal)" : st == W_EXITCODE(3) ?
				"wrong error" : st == W_EXITCODE(4) ?
				"the caller's memory changed" : ut_status(st));
			bad++;
		}
	}
	CHECK(missing == 0, "%d fixtures missing under /test (is build/fixtures in "
	      "the initrd?)", missing);
	CHECK(bad == 0, "%d damaged images were not refused right", bad);

	/* The plain errors, and the caller lives on after each. */
	EXPECT_EQ(sys_execve("/test/no_such_file", argv, envp), -ENOENT,
		  "execve(/test/no_such_file)");
	EXPECT_EQ(sys_execve("/test", argv, envp), -EPERM, "execve of a directory");
	EXPECT_EQ(sys_execve("/test/notelf", argv, envp), -ENOEXEC, "execve of a text file");
	EXPECT_EQ(bi_marker, 4321, "our memory after the failed calls");
}

/* ---- argument lists ------------------------------------------------------- */

#define MANY_ARGS 1000
#define BIG_ARG   (100 * 1024)
#define BIG_ENV   8192

static void many_text(char *buf, size_t n, int i)
{
	snprintf(buf, n, "arg%d-%.*s", i, i % 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}

static char big_char(size_t j)
{
	return (char)('a' + (j * 7 + j / 26) % 26);
}

/* What --exec-args many checks; exit 0 or the first bad index + 10. */
static int check_many(int argc, char **argv, char **envp)
{
	char want[64];

	if (argc != 4 + MANY_ARGS || argv[argc] != NULL)
		return 2;
	if (atoi(argv[3]) != MANY_ARGS)
		return 3;
	for (int i = 0; i < MANY_ARGS; i++) {
		many_text(want, sizeof(want), i);
		if (strcmp(argv[4 + i], want) != 0) {
			fprintf(stderr, "usertests: exec-args many: argv[%d] = \"%s\", "
				"want \"%s\"\n", 4 + i, argv[4 + i], want);
			return 5;
		}
	}
	if (!envp || !envp[0] || strcmp(envp[0], "UT_MANY=yes") != 0 || envp[1])
		return 6;
	return 0;
}

static int check_big(int argc, char **argv, char **envp)
{
	const char *e;

	(void)envp;
	if (argc != 5 || argv[5] != NULL)
		return 2;
	if (strlen(argv[4]) != BIG_ARG)
		return 3;
	for (size_t j = 0; j < BIG_ARG; j++)
		if (argv[4][j] != big_char(j))
			return 4;
	e = getenv("UT_BIGENV");
	if (!e || strlen(e) != BIG_ENV)
		return 5;
	for (size_t j = 0; j < BIG_ENV; j++)
		if (e[j] != big_char(j + 3))
			return 6;
	return 0;
}

/* What execve left of the signal state (see test_exec_signal_state). */
static int check_sig(int argc, char **argv, char **envp)
{
	struct sigaction q;

	(void)envp;
	if (argc != 6)
		return 2;
	if (sys_getpid() != atoi(argv[3]))
		return 30;
	if (sys_getppid() != atoi(argv[4]))
		return 31;
	if (sys_getpgid(0) != atoi(argv[5]))
		return 32;
	if (sys_sigaction(SIGUSR1, NULL, &q) != 0 || q.sa_handler != SIG_DFL)
		return 33;            /* a handler survived */
	if (sys_sigaction(SIGUSR2, NULL, &q) != 0 || q.sa_handler != SIG_IGN)
		return 34;            /* an ignored signal did not stay ignored */
	if (sys_sigpending() != (long)SIGBIT(SIGTERM))
		return 35;            /* the pending set was not kept */
	sys_kill(sys_getpid(), SIGINT);
	if (sys_sigpending() != (long)(SIGBIT(SIGTERM) | SIGBIT(SIGINT)))
		return 36;            /* the mask was not kept (SIGINT got through?) */
	sys_kill(sys_getpid(), SIGUSR2);
	if (sys_sigpending() != (long)(SIGBIT(SIGTERM) | SIGBIT(SIGINT)))
		return 37;
	return 0;
}

/* usertests --exec-args many|big|sig ...: exit 0 when what arrived is
 * what the test sent. */
int exec_args_helper(int argc, char **argv, char **envp)
{
	if (argc < 3)
		return 1;
	if (strcmp(argv[2], "many") == 0)
		return check_many(argc, argv, envp);
	if (strcmp(argv[2], "big") == 0)
		return check_big(argc, argv, envp);
	if (strcmp(argv[2], "sig") == 0)
		return check_sig(argc, argv, envp);
	return 1;
}

void test_exec_many_args(void)
{
	char **argv = malloc((MANY_ARGS + 5) * sizeof(char *));
	char *text = malloc(MANY_ARGS * 32);
	static char *const envp[] = { "UT_MANY=yes", NULL };
	pid_t pid;
	int st;

	CHECK(argv && text, "malloc");
	argv[0] = "usertests";
	argv[1] = "--exec-args";
	argv[2] = "many";
	argv[3] = "1000";
	for (int i = 0; i < MANY_ARGS; i++) {
		many_text(text + 32 * i, 32, i);
		argv[4 + i] = text + 32 * i;
	}
	argv[4 + MANY_ARGS] = NULL;
	pid = ut_fork();
	if (pid == 0) {
		long r = sys_execve("/bin/usertests", argv, envp);
		ut_fail("execve with %d arguments: %ld", MANY_ARGS, r);
	}
	st = ut_wait_ms(pid, 20000);
	CHECK(st == 0, "the exec'd helper: %s (2: argc, 5: an argument, 6: envp)",
	      ut_status(st));
	free(text);
	free(argv);
}

void test_exec_big_arg(void)
{
	char *big = malloc(BIG_ARG + 1);
	char *env = malloc(BIG_ENV + 16);
	char *argv[] = { "usertests", "--exec-args", "big", "102400", big, NULL };
	char *envp[] = { env, NULL };
	pid_t pid;
	int st;

	CHECK(big && env, "malloc");
	for (size_t j = 0; j < BIG_ARG; j++)
		big[j] = big_char(j);
	big[BIG_ARG] = 0;
	strcpy(env, "UT_BIGENV=");
	for (size_t j = 0; j < BIG_ENV; j++)
		env[10 + j] = big_char(j + 3);
	env[10 + BIG_ENV] = 0;
	pid = ut_fork();
	if (pid == 0) {
		long r = sys_execve("/bin/usertests", argv, envp);
		ut_fail("execve with a %d-byte argument: %ld", BIG_ARG, r);
	}
	st = ut_wait_ms(pid, 20000);
	CHECK(st == 0, "the exec'd helper: %s (3/4: the big argument, 5/6: the "
	      "big environment string)", ut_status(st));
	free(env);
	free(big);
}

/* Past ARG_MAX (128 KiB of strings), or more pointers than any stack
 * holds: E2BIG, and we are still ourselves. */
void test_exec_e2big(void)
{
	char *big = malloc(ARG_MAX + 16);
	static char *const envp[] = { NULL };
	char **many = malloc(20002 * sizeof(char *));
	pid_t me = getpid();

	CHECK(big && many, "malloc");
	/* One string of ARG_MAX bytes (plus its NUL). */
	memset(big, 'x', ARG_MAX);
	big[ARG_MAX] = 0;
	char *one[] = { "usertests", big, NULL };
	EXPECT_EQ(sys_execve("/bin/usertests", one, envp), -E2BIG,
		  "execve with an argument of ARG_MAX bytes");
	char *env_one[] = { big, NULL };
	char *argv0[] = { "usertests", NULL };
	EXPECT_EQ(sys_execve("/bin/usertests", argv0, env_one), -E2BIG,
		  "execve with an environment string of ARG_MAX bytes");

	/* 33 strings of 4000 bytes (NULs included): 132,010 bytes in all. */
	big[3999] = 0;
	char *split[35];
	split[0] = "usertests";
	for (int i = 1; i <= 33; i++)
		split[i] = big;
	split[34] = NULL;
	EXPECT_EQ(sys_execve("/bin/usertests", split, envp), -E2BIG,
		  "execve with 132,010 bytes of arguments");
	/* 17 of them in argv, 17 in the environment: 136,010 bytes. */
	char *half_a[19], *half_e[18];
	half_a[0] = "usertests";
	for (int i = 0; i < 17; i++)
		half_a[1 + i] = half_e[i] = big;
	half_a[18] = NULL;
	half_e[17] = NULL;
	EXPECT_EQ(sys_execve("/bin/usertests", half_a, half_e), -E2BIG,
		  "execve with 136,010 bytes of arguments and environment");

	/* 20,000 empty strings: few bytes, but 160 KB of pointers. */
	many[0] = "usertests";
	for (int i = 1; i <= 20000; i++)
		many[i] = "";
	many[20001] = NULL;
	EXPECT_EQ(sys_execve("/bin/usertests", many, envp), -E2BIG,
		  "execve with 20,000 arguments");

	EXPECT_EQ(sys_getpid(), me, "getpid after the refused calls");
	memset(big, 'x', ARG_MAX);         /* the whole ARG_MAX bytes again */
	big[ARG_MAX] = 0;
	errno = 0;
	CHECK(execve("/bin/usertests", one, envp) == -1 && errno == E2BIG,
	      "libc execve: errno %d, want E2BIG", errno);
	free(many);
	free(big);
}

/* ---- signal state across execve ------------------------------------------- */

static void h_never(int s, void *i, struct sigcontext *c) { (void)s; (void)i; (void)c; }

/*
 * Before the exec: a handler for SIGUSR1, SIGUSR2 ignored, SIGTERM and
 * SIGINT blocked, SIGTERM pending, a process group of our own.  After it:
 * the handler is gone (default), SIGUSR2 still ignored, mask and pending
 * set kept, and pid, parent and group unchanged.
 */
void test_exec_signal_state(void)
{
	pid_t pid;
	int st;

	ut_need_kill();
	ut_need_sigaction();
	pid = ut_fork();
	if (pid == 0) {
		char a_pid[16], a_ppid[16], a_pgid[16];
		char *argv[] = { "usertests", "--exec-args", "sig", a_pid, a_ppid,
				 a_pgid, NULL };
		static char *const envp[] = { NULL };

		ut_handle(SIGUSR1, h_never, 0, 0);
		CHECK(sys_signal(SIGUSR2, SIGACT_IGNORE) >= 0, "signal(SIGUSR2, ignore)");
		CHECK(sys_sigblock(SIGTERM) == 0 && sys_sigblock(SIGINT) == 0, "sigblock");
		CHECK(sys_kill(sys_getpid(), SIGTERM) == 0, "kill(self, SIGTERM)");
		CHECK(sys_setpgid(0, 0) == 0, "setpgid(0, 0)");
		snprintf(a_pid, sizeof(a_pid), "%ld", sys_getpid());
		snprintf(a_ppid, sizeof(a_ppid), "%ld", sys_getppid());
		snprintf(a_pgid, sizeof(a_pgid), "%ld", sys_getpgid(0));
		long r = sys_execve("/bin/usertests", argv, envp);
		ut_fail("execve: %ld", r);
	}
	st = ut_wait_ms(pid, 20000);
	CHECK(st == 0, "the exec'd helper: %s (30-32: pid, parent or group "
	      "changed; 33: a handler survived; 34: SIGUSR2 no longer ignored; "
	      "35: pending set lost; 36: mask lost; 37: ignored signal pending)",
	      ut_status(st));
}
