/*
 * /bin/sh: the command interpreter.
 *
 *   sh                  interactive on the console (line editor, job control)
 *   sh FILE [ARG...]    run a script; $0 = FILE, $1... = ARG...
 *   sh -c CMD [NAME [ARG...]]   run CMD; $0 = NAME (default sh)
 *   sh -i               interactive even if standard input does not look
 *                       like a terminal
 *   sh < FILE, CMD | sh read commands from standard input, no editor
 *
 * Started as "-sh" (a login shell, as init does) it first runs /etc/profile
 * if there is one.  The language, the builtins, job control and the editor
 * keys are described in docs/programs/sh.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lineedit.h"
#include "sh.h"

struct shell sh;

static struct lineedit le;

/* ---- prompts ----------------------------------------------------------------- */

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (c >= '0' && c <= '9');
}

/*
 * A prompt from PS1 or PS2: \w the working directory, \$ '#' for uid 0 and
 * '$' otherwise, \h the host name, \n, \e (ESC), \\, and $NAME, ${...},
 * $? as in words (so PS1='[$?] \w\$ ' shows the last status).
 */
static void expand_prompt(const char *ps, char *out, size_t size)
{
	size_t n = 0;
	char cwd[PATH_MAX], err[64];

#define PUT(str) do {							\
		for (const char *s_ = (str); *s_ && n + 1 < size; s_++)	\
			out[n++] = *s_;					\
	} while (0)
	for (const char *p = ps; *p && n + 1 < size; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			switch (*p) {
			case 'w':
				PUT(getcwd(cwd, sizeof(cwd)) ? cwd : "?");
				break;
			case '$': PUT(getuid() == 0 ? "#" : "$"); break;
			case 'h': PUT("aurora"); break;
			case 'n': PUT("\n"); break;
			case 'e': PUT("\033"); break;
			case '\\': PUT("\\"); break;
			default:
				out[n++] = '\\';
				if (n + 1 < size)
					out[n++] = *p;
			}
		} else if (*p == '$' && p[1]) {
			/* The extent of the expansion, then the expander does it. */
			const char *e = p + 1;
			if (*e == '{') {
				while (*e && *e != '}')
					e++;
				if (*e)
					e++;
			} else if (name_char(*e) && !(*e >= '0' && *e <= '9')) {
				while (name_char(*e))
					e++;
			} else if (strchr("?$!#0123456789", *e)) {
				e++;
			} else {
				out[n++] = '$';
				continue;
			}
			char *raw = strndup(p, (size_t)(e - p));
			char *v = raw ? sh_expand1(raw, &sh_env, err, sizeof(err)) : NULL;
			if (v)
				PUT(v);
			free(v);
			free(raw);
			p = e - 1;
		} else {
			out[n++] = *p;
		}
	}
#undef PUT
	out[n] = '\0';
}

/* ---- the interactive loop ------------------------------------------------------ */

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void flush_editor(void)
{
	write_all(2, le.out, le.outlen);
	le.outlen = 0;
}

static void set_mode(int mode)
{
	ioctl(0, TCSETMODE, &mode);
}

/*
 * Reads one line with the editor.  The console is switched to a mode
 * without echo, line editing or signals (the editor does all three; a
 * Ctrl-C is byte 3 here) and back to the normal mode for the commands.
 * Returns LE_ENTER, LE_INTR or LE_EOF (also for a console that fails).
 */
static int edit_line(const char *prompt)
{
	int action = LE_EOF;

	fflush(stdout);
	set_mode(CON_CRLF);
	le_start(&le, prompt);
	flush_editor();
	for (;;) {
		unsigned char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		action = le_feed(&le, c);
		flush_editor();
		if (action != LE_MORE)
			break;
	}
	set_mode(sh.ttymode);
	return action;
}

static int interactive(void)
{
	char prompt[LE_PROMPT], err[128];
	char *acc = NULL;
	size_t acclen = 0;

	le_init(&le);
	sh.warned_at = -2;
	while (!sh.exiting) {
		if (acclen == 0) {
			jobs_reap();
			jobs_notify();
		}
		const char *ps = var_get(acclen ? "PS2" : "PS1");
		expand_prompt(ps ? ps : "", prompt, sizeof(prompt));
		int action = edit_line(prompt);

		if (action == LE_INTR) {
			acclen = 0;
			sh.status = 130;
			continue;
		}
		if (action == LE_EOF) {
			if (acclen) {
				fputs("\n", stderr);
				sh_error("syntax error: unexpected end of input");
				acclen = 0;
				sh.status = 2;
				continue;
			}
			if (jobs_stopped() && sh.warned_at != sh.cmdno - 1) {
				fprintf(stderr, "\nThere are stopped jobs.\n");
				sh.warned_at = sh.cmdno++;
				continue;
			}
			fprintf(stderr, "exit\n");
			break;
		}
		le_history_add(&le, le.buf);

		/* Lines accumulate until they make a whole command. */
		size_t n = strlen(le.buf);
		char *grown = realloc(acc, acclen + n + 2);
		if (!grown) {
			sh_error("out of memory");
			acclen = 0;
			continue;
		}
		acc = grown;
		memcpy(acc + acclen, le.buf, n);
		acclen += n;
		acc[acclen++] = '\n';
		acc[acclen] = '\0';

		struct node *tree;
		int r = sh_parse(acc, &tree, err, sizeof(err));
		if (r == PARSE_INCOMPLETE)
			continue;
		acclen = 0;
		if (r == PARSE_ERROR) {
			sh_error("syntax error near '%s'", err);
			sh.status = 2;
			continue;
		}
		run_tree(tree);
		sh_free(tree);
		sh.cmdno++;
	}
	free(acc);
	le_free(&le);
	return sh.status;
}

/* ---- other sources ----------------------------------------------------------- */

/* The whole of a file, NUL-terminated; NULL (and errno) on failure. */
static char *read_file(const char *path)
{
	struct stat st;
	char *text;
	size_t len = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	if (!(text = malloc(st.st_size + 1))) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (len < st.st_size && (r = read(fd, text + len, st.st_size - len)) > 0)
		len += (size_t)r;
	close(fd);
	text[len] = '\0';
	return text;
}

/*
 * Commands from standard input that is not a terminal: read a byte at a
 * time, so that a command reading the same input gets what follows its
 * line, and run each command as soon as it is complete.
 */
static int from_stdin(void)
{
	char *acc = NULL, err[128];
	size_t len = 0, cap = 0;
	int line = 1, start = 1;

	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 && len == 0)
			break;
		if (len + 2 > cap) {
			cap = cap ? cap * 2 : 256;
			char *grown = realloc(acc, cap);
			if (!grown) {
				sh_error("out of memory");
				break;
			}
			acc = grown;
		}
		if (r > 0)
			acc[len++] = c;
		if (r > 0 && c != '\n')
			continue;
		if (r <= 0)
			acc[len++] = '\n';      /* a last line without its newline */
		acc[len] = '\0';
		line++;

		struct node *tree;
		int pr = sh_parse(acc, &tree, err, sizeof(err));
		if (pr == PARSE_INCOMPLETE && r > 0)
			continue;
		sh.lineno = start;
		start = line;
		len = 0;
		if (pr != PARSE_OK) {
			if (pr == PARSE_ERROR)
				sh_error("syntax error near '%s'", err);
			else
				sh_error("syntax error: unexpected end of input");
			sh.status = 2;
			break;
		}
		run_tree(tree);
		sh_free(tree);
		jobs_reap();
		jobs_notify();
		if (sh.exiting || r <= 0)
			break;
	}
	free(acc);
	return sh.status;
}

/* ---- start-up ------------------------------------------------------------------- */

/* Is fd 0 a terminal?  The console answers TCGETMODE; a kernel without the
 * call (ENOSYS) is asked whether it is a character device instead. */
static int stdin_is_tty(void)
{
	struct stat st;
	int mode;

	if (ioctl(0, TCGETMODE, &mode) == 0)
		return 1;
	if (errno != ENOSYS)
		return 0;
	return fstat(0, &st) == 0 && S_ISCHR(st.st_mode);
}

static void usage(void)
{
	fprintf(stderr, "usage: sh [-i] [FILE [ARG...]]\n"
			"       sh -c COMMAND [NAME [ARG...]]\n");
	exit(2);
}

/* The shell owns the console: its own process group, the console's
 * foreground, the keyboard's signals ignored (they are for the jobs). */
static void start_job_control(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
	int pg;

	sh.jobctl = 1;
	if (getpgrp() != sh.pid)
		setpgid(0, 0);
	sh.pgid = getpgrp();
	pg = sh.pgid;
	ioctl(0, TIOCSPGRP, &pg);
	sh.ttymode = CON_COOKED;
	set_mode(sh.ttymode);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIGACT_IGNORE);
}

int main(int argc, char **argv, char **envp)
{
	int force_interactive = 0, i = 1;
	const char *command = NULL;

	sh.pid = getpid();
	sh.pgid = getpgrp();
	sh.ttymode = CON_COOKED;
	var_import(envp);
	if (!var_get("PATH")) {
		var_set("PATH", "/bin");
		var_export("PATH");
	}
	if (!var_get("HOME")) {
		var_set("HOME", "/");
		var_export("HOME");
	}
	if (!var_get("PS1"))
		var_set("PS1", "\\w \\$ ");
	if (!var_get("PS2"))
		var_set("PS2", "> ");

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-c") == 0) {
			if (i + 1 >= argc)
				usage();
			command = argv[++i];
		} else if (strcmp(argv[i], "-i") == 0) {
			force_interactive = 1;
		} else {
			usage();
		}
	}

	if (command) {
		/* sh -c CMD [NAME [ARG...]] */
		sh.argv = argv + i;
		sh.argc = argc - i;
		if (sh.argc == 0) {
			static char *dflt[] = { "sh", NULL };
			sh.argv = dflt;
			sh.argc = 1;
		}
		run_source(command, NULL);
		return sh.status;
	}
	if (i < argc) {
		/* sh FILE [ARG...] */
		char *text = read_file(argv[i]);
		if (!text) {
			int e = errno;
			sh_error("%s: %s", argv[i], strerror(e));
			return e == ENOENT ? 127 : 126;
		}
		sh.argv = argv + i;
		sh.argc = argc - i;
		run_source(text, argv[i]);
		free(text);
		return sh.status;
	}

	sh.argv = argv;
	sh.argc = 1;
	sh.interactive = force_interactive || stdin_is_tty();
	if (!sh.interactive)
		return from_stdin();

	start_job_control();
	if (argv[0][0] == '-') {
		/* A login shell: the system's profile, if there is one. */
		char *text = read_file("/etc/profile");
		if (text) {
			run_source(text, "/etc/profile");
			free(text);
		}
		sh.exiting = 0;
	}
	interactive();
	return sh.status;
}
