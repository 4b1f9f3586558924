/*
 * The commands the shell runs itself: the ones that change the shell
 * (cd, exit, export, unset, set, shift, read, break, continue, ., exec),
 * the job control ones (jobs, fg, bg, wait, kill: jobs.c), test and [,
 * and a few trivial ones (true, false, :, pwd, help).  Everything else is
 * a program in $PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

static int bi_true(int argc, char **argv)  { (void)argc; (void)argv; return 0; }
static int bi_false(int argc, char **argv) { (void)argc; (void)argv; return 1; }

static int bi_cd(int argc, char **argv)
{
	char old[PATH_MAX], now[PATH_MAX];
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	int print = 0;

	if (argc > 2) {
		sh_error("cd: too many arguments");
		return 1;
	}
	if (!dir || !*dir)
		dir = "/";
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	if (!getcwd(old, sizeof(old)))
		old[0] = '\0';
	if (chdir(dir) < 0) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (old[0])
		var_set("OLDPWD", old);
	if (getcwd(now, sizeof(now))) {
		var_set("PWD", now);
		if (print)
			printf("%s\n", now);
	}
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	char buf[PATH_MAX];

	(void)argc;
	(void)argv;
	if (!getcwd(buf, sizeof(buf))) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

static int bi_exit(int argc, char **argv)
{
	if (sh.interactive && !sh.subshell && jobs_stopped() &&
	    sh.warned_at != sh.cmdno - 1) {
		/* Leaving would leave them stopped: say so, and leave only if
		 * the very next line says exit again (as bash does). */
		fprintf(stderr, "There are stopped jobs.\n");
		sh.warned_at = sh.cmdno;
		return 1;
	}
	if (argc > 1) {
		char *end;
		long n = strtol(argv[1], &end, 10);
		if (*end || end == argv[1]) {
			sh_error("exit: %s: numeric argument required", argv[1]);
			n = 2;
		}
		sh.status = (int)(n & 0xff);
	}
	sh.exiting = 1;
	return sh.status;
}

static int bi_export(int argc, char **argv)
{
	if (argc == 1) {
		var_list(1);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!sh_valid_name(argv[i], len)) {
			sh_error("export: '%s': not a valid name", argv[i]);
			return 1;
		}
		if (eq) {
			*eq = '\0';
			var_set(argv[i], eq + 1);
			var_export(argv[i]);
			*eq = '=';
		} else {
			var_export(argv[i]);
		}
	}
	return 0;
}

static int bi_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

/* set: with no argument the variables; set -- a b c: new $1, $2, $3. */
static int bi_set(int argc, char **argv)
{
	if (argc == 1) {
		var_list(0);
		return 0;
	}
	if (strcmp(argv[1], "--") != 0) {
		sh_error("set: options are not supported; set -- args sets $1...");
		return 2;
	}
	char **nv = calloc((size_t)argc, sizeof(*nv));
	if (!nv)
		return 1;
	nv[0] = sh.argc > 0 ? strdup(sh.argv[0]) : strdup("sh");
	for (int i = 2; i < argc; i++)
		nv[i - 1] = strdup(argv[i]);
	/* The old array may be main's argv: it is not freed, only replaced. */
	sh.argv = nv;
	sh.argc = argc - 1;
	return 0;
}

static int bi_break(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;

	if (sh.loops == 0)
		return 0;        /* as bash: meaningless outside a loop */
	if (n < 1) {
		sh_error("%s: %s: loop count out of range", argv[0], argv[1]);
		return 1;
	}
	if (n > sh.loops)
		n = sh.loops;
	if (argv[0][0] == 'b')
		sh.breaking = n;
	else
		sh.continuing = n;
	return 0;
}

/*
 * read [-p prompt] [NAME...]: one line of standard input, split on blanks
 * into the names (the last takes the rest; REPLY when none is given).
 * Reads a byte at a time so that nothing after the line is consumed.
 */
static int bi_read(int argc, char **argv)
{
	char line[1024];
	size_t n = 0;
	int i = 1, got_nl = 0;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		fputs(argv[2], stderr);
		i = 3;
	}
	while (n + 1 < sizeof(line)) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n') {
			got_nl = 1;
			break;
		}
		line[n++] = c;
	}
	line[n] = '\0';
	if (i >= argc) {
		var_set("REPLY", line);
		return got_nl || n ? 0 : 1;
	}
	char *p = line;
	for (; i < argc; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		char *word = p;
		if (i + 1 < argc) {
			while (*p && *p != ' ' && *p != '\t')
				p++;
			if (*p)
				*p++ = '\0';
		} else {
			/* The last name takes the rest, without trailing blanks. */
			char *e = p + strlen(p);
			while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
				*--e = '\0';
		}
		if (!sh_valid_name(argv[i], strlen(argv[i]))) {
			sh_error("read: '%s': not a valid name", argv[i]);
			return 2;
		}
		var_set(argv[i], word);
	}
	return got_nl || n ? 0 : 1;     /* 1 at end of input, for while read */
}

/* . FILE: run a file's commands in this shell. */
static int bi_dot(int argc, char **argv)
{
	struct stat st;
	char *text;
	int fd;

	if (argc < 2) {
		sh_error("%s: filename argument required", argv[0]);
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
		sh_error("%s: %s: %s", argv[0], argv[1], strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) < 0 || !(text = malloc(st.st_size + 1))) {
		close(fd);
		return 1;
	}
	size_t len = 0;
	ssize_t r;
	while (len < st.st_size && (r = read(fd, text + len, st.st_size - len)) > 0)
		len += (size_t)r;
	close(fd);
	text[len] = '\0';
	run_source(text, argv[1]);
	free(text);
	return sh.status;
}

/* exec CMD ARGS: the shell becomes CMD.  (exec with only redirections,
 * which would make them permanent, is not supported.) */
static int bi_exec(int argc, char **argv)
{
	if (argc < 2)
		return 0;
	if (sh.jobctl) {
		int mode = sh.ttymode;
		ioctl(0, TCSETMODE, &mode);
		sig_reset_for_child();
	}
	char **env = var_environ();
	if (strchr(argv[1], '/')) {
		execve(argv[1], argv + 1, env);
		sh_error("exec: %s: %s", argv[1], strerror(errno));
		return 126;
	}
	/* Search $PATH like any command; on failure the shell goes on. */
	const char *path = var_get("PATH");
	char full[PATH_MAX];
	for (const char *p = path ? path : "/bin";; ) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		snprintf(full, sizeof(full), "%.*s/%s", (int)len, len ? p : ".", argv[1]);
		execve(full, argv + 1, env);
		if (!colon)
			break;
		p = colon + 1;
	}
	sh_error("exec: %s: not found", argv[1]);
	return 127;
}

/* shift [N]: drop the first N positional parameters. */
static int bi_shift(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;

	if (n < 0 || n > sh.argc - 1) {
		sh_error("shift: %s: shift count out of range", argc > 1 ? argv[1] : "1");
		return 1;
	}
	/* $0 stays; the array is main's or set's, so only the view moves. */
	char *zero = sh.argv[0];
	sh.argv += n;
	sh.argc -= n;
	sh.argv[0] = zero;
	return 0;
}

/* ---- test and [ ----------------------------------------------------------------- */

/*
 * test EXPR, [ EXPR ]:
 *   expr    := and { -o and }
 *   and     := not { -a not }
 *   not     := ! not | primary
 *   primary := ( expr ) | UNARY arg | arg BINARY arg | arg
 * A word is read as an operator only where one can stand: `[ -n ]` is the
 * non-empty string "-n", `[ x = -n ]` compares two strings.
 */
struct texpr {
	char **av;
	int n, pos;
	int err;             /* a syntax error was reported */
};

static const char *const binops[] = {
	"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", NULL,
};

static int is_binop(const char *s)
{
	for (int i = 0; binops[i]; i++)
		if (strcmp(s, binops[i]) == 0)
			return 1;
	return 0;
}

static int is_unop(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("nzefdsrwxcpLh", s[1]);
}

static long test_int(struct texpr *t, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	while (*end == ' ')
		end++;
	if (end == s || *end) {
		sh_error("test: %s: integer expected", s);
		t->err = 1;
	}
	return v;
}

static int test_unary(char op, const char *arg)
{
	struct stat st;

	switch (op) {
	case 'n': return arg[0] != '\0';
	case 'z': return arg[0] == '\0';
	case 'L':
	case 'h': return 0;              /* there are no symbolic links */
	}
	if (stat(arg, &st) < 0)
		return 0;
	switch (op) {
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 's': return st.st_size > 0;
	default:  return 1;              /* -e, and -r -w -x: everyone is uid 0 */
	}
}

static int test_or(struct texpr *t);

static int test_primary(struct texpr *t)
{
	if (t->pos >= t->n) {
		sh_error("test: argument expected");
		t->err = 1;
		return 0;
	}
	const char *a = t->av[t->pos];
	if (strcmp(a, "(") == 0 && t->pos + 1 < t->n) {
		t->pos++;
		int v = test_or(t);
		if (t->pos >= t->n || strcmp(t->av[t->pos], ")") != 0) {
			sh_error("test: ')' expected");
			t->err = 1;
			return 0;
		}
		t->pos++;
		return v;
	}
	if (t->pos + 2 < t->n && is_binop(t->av[t->pos + 1])) {
		const char *op = t->av[t->pos + 1], *b = t->av[t->pos + 2];
		t->pos += 3;
		if (strcmp(op, "=") == 0)
			return strcmp(a, b) == 0;
		if (strcmp(op, "!=") == 0)
			return strcmp(a, b) != 0;
		long x = test_int(t, a), y = test_int(t, b);
		if (strcmp(op, "-eq") == 0) return x == y;
		if (strcmp(op, "-ne") == 0) return x != y;
		if (strcmp(op, "-lt") == 0) return x < y;
		if (strcmp(op, "-le") == 0) return x <= y;
		if (strcmp(op, "-gt") == 0) return x > y;
		return x >= y;
	}
	if (is_unop(a) && t->pos + 1 < t->n) {
		t->pos += 2;
		return test_unary(a[1], t->av[t->pos - 1]);
	}
	t->pos++;
	return a[0] != '\0';
}

static int test_not(struct texpr *t)
{
	if (t->pos < t->n && strcmp(t->av[t->pos], "!") == 0 && t->pos + 1 < t->n) {
		t->pos++;
		return !test_not(t);
	}
	return test_primary(t);
}

static int test_and(struct texpr *t)
{
	int v = test_not(t);

	while (!t->err && t->pos < t->n && strcmp(t->av[t->pos], "-a") == 0) {
		t->pos++;
		v = test_not(t) && v;
	}
	return v;
}

static int test_or(struct texpr *t)
{
	int v = test_and(t);

	while (!t->err && t->pos < t->n && strcmp(t->av[t->pos], "-o") == 0) {
		t->pos++;
		v = test_and(t) || v;
	}
	return v;
}

static int bi_test(int argc, char **argv)
{
	struct texpr t = { argv + 1, argc - 1, 0, 0 };

	if (strcmp(argv[0], "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			sh_error("[: missing ']'");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	int v = test_or(&t);
	if (!t.err && t.pos < t.n) {
		sh_error("test: %s: unexpected argument", t.av[t.pos]);
		t.err = 1;
	}
	return t.err ? 2 : !v;
}

static int bi_help(int argc, char **argv);

static const struct {
	const char *name;
	builtin_fn fn;
	const char *usage;
} builtins[] = {
	{ ":",        bi_true,       ":                   do nothing, successfully" },
	{ ".",        bi_dot,        ". FILE              run FILE's commands in this shell" },
	{ "[",        bi_test,       "[ EXPR ]            the same as test" },
	{ "bg",       builtin_bg,    "bg [%JOB]           continue a stopped job in the background" },
	{ "break",    bi_break,      "break [N]           leave N enclosing loops" },
	{ "cd",       bi_cd,         "cd [DIR | -]        change directory (default $HOME)" },
	{ "continue", bi_break,      "continue [N]        next round of the Nth enclosing loop" },
	{ "exec",     bi_exec,       "exec CMD [ARG...]   replace the shell with CMD" },
	{ "exit",     bi_exit,       "exit [N]            leave the shell with status N" },
	{ "export",   bi_export,     "export [NAME[=V]...] give variables to commands" },
	{ "false",    bi_false,      "false               fail" },
	{ "fg",       builtin_fg,    "fg [%JOB]           bring a job to the foreground" },
	{ "help",     bi_help,       "help                this list" },
	{ "jobs",     builtin_jobs,  "jobs                list jobs" },
	{ "kill",     builtin_kill,  "kill [-SIG] PID|%JOB...  send a signal (default TERM)" },
	{ "pwd",      bi_pwd,        "pwd                 print the working directory" },
	{ "read",     bi_read,       "read [-p P] [NAME...]  read a line into variables" },
	{ "set",      bi_set,        "set [-- ARG...]     list variables, or set $1 $2 ..." },
	{ "shift",    bi_shift,      "shift [N]           drop the first N positional parameters" },
	{ "source",   bi_dot,        "source FILE         the same as ." },
	{ "test",     bi_test,       "test EXPR           -n -z -e -f -d -s STR, = != -eq -ne -lt -le -gt -ge, ! -a -o ( )" },
	{ "true",     bi_true,       "true                succeed" },
	{ "unset",    bi_unset,      "unset NAME...       remove variables" },
	{ "wait",     builtin_wait,  "wait [%JOB | PID]   wait for background jobs" },
};
#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int bi_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Built-in commands (everything else is a program in $PATH):\n");
	for (size_t i = 0; i < NBUILTINS; i++)
		printf("  %s\n", builtins[i].usage);
	return 0;
}

builtin_fn builtin_find(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}
