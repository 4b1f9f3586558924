/*
 * Running a parsed tree.
 *
 * A pipeline (or a lone command that is not a builtin, or a `( ... )`) is
 * a job: run_job forks one process per stage, joined by kernel pipes, all
 * in one new process group when job control is on, and waits for it
 * (jobs.c) unless it was started with &.  Builtins, assignments, lists,
 * && / ||, `{ ... }`, if, while, until and for run in the shell itself.
 *
 * Starting a job takes care of three races:
 *  - a stage must join the job's group while the group's leader (the first
 *    stage) is still alive, since the kernel only lets a process join a
 *    group that has a living member;
 *  - the console must belong to the job before the job can read it or be
 *    interrupted from it;
 *  - the parent and the child both call setpgid, so neither order of
 *    running after fork leaves a window.
 * The first two are solved with a "sync" pipe: every child blocks reading
 * it until the shell has forked them all, put them in the group and given
 * away the console, and then closes the write end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

static int run_node(struct node *n, const char *text);

void sh_error(const char *fmt, ...)
{
	char buf[512];
	size_t len;
	va_list ap;

	if (sh.source)
		snprintf(buf, sizeof(buf), "sh: %s: line %d: ", sh.source, sh.lineno);
	else
		snprintf(buf, sizeof(buf), "sh: ");
	len = strlen(buf);
	va_start(ap, fmt);
	vsnprintf(buf + len, sizeof(buf) - len - 1, fmt, ap);
	va_end(ap);
	len = strlen(buf);
	buf[len++] = '\n';
	fflush(stdout);          /* what was printed before comes first */
	write(2, buf, len);
}

/* The signals an interactive shell ignores go back to their defaults in
 * a child: the kernel, like POSIX, keeps "ignore" across execve. */
void sig_reset_for_child(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIGACT_DEFAULT);
}

/* Every pipe the shell makes is close-on-exec: the stages dup2 the ends
 * they use onto 0 and 1, and no program keeps a stray end open (which
 * would keep its reader from ever seeing the end of the data). */
static int sh_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC);
}

/* ---- file-name patterns ------------------------------------------------------- */

static char *join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/*
 * The paths that match rest (a pattern, one component at a time) under
 * prefix ("" or a path ending in '/'), pushed onto out.  A component
 * without pattern characters is taken as it is; one with them is matched
 * against the names of its directory (never . or ..).
 */
static void glob_walk(const char *prefix, const char *rest, struct strvec *out)
{
	const char *end = rest;
	struct stat st;

	while (*end && *end != '/') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	char *comp = strndup(rest, (size_t)(end - rest));
	if (!comp)
		return;
	const char *next = end;
	while (*next == '/')
		next++;
	int more = *end == '/';

	if (!sh_has_pattern(comp)) {
		sh_unescape(comp);
		char *path = join3(prefix, comp, more ? "/" : "");
		if (path && more && *next)
			glob_walk(path, next, out);
		else if (path && stat(path, &st) == 0)
			sv_push(out, strdup(path));
		free(path);
		free(comp);
		return;
	}
	DIR *d = opendir(*prefix ? prefix : ".");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    !sh_match(comp, e->d_name))
			continue;
		char *path = join3(prefix, e->d_name, more ? "/" : "");
		if (!path)
			break;
		if (!more) {
			sv_push(out, path);         /* out owns it now */
			continue;
		}
		/* name/...: only a directory can lead further. */
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (*next)
				glob_walk(path, next, out);
			else
				sv_push(out, strdup(path));
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(comp);
}

/* The matches of a pattern, sorted by name (byte order). */
static void glob_path(const char *pat, struct strvec *out)
{
	int first = out->n;

	if (pat[0] == '/') {
		while (*pat == '/')
			pat++;
		glob_walk("/", pat, out);
	} else {
		glob_walk("", pat, out);
	}
	/* An insertion sort: a directory's worth of names is small. */
	for (int i = first + 1; i < out->n; i++) {
		char *s = out->v[i];
		int k = i;
		for (; k > first && strcmp(out->v[k - 1], s) > 0; k--)
			out->v[k] = out->v[k - 1];
		out->v[k] = s;
	}
}

/*
 * Expands words (split into fields) onto out; a field with an unquoted
 * pattern character is replaced by the files that match it, and stays as
 * it is when none does (POSIX).  -1 after printing why it failed.
 */
static int expand_words(char **word, int n, struct strvec *out)
{
	char err[128];

	for (int i = 0; i < n; i++) {
		struct strvec f = { 0 }, pats = { 0 };
		if (sh_expand(word[i], &sh_env, 1, &f, &pats, err, sizeof(err)) < 0) {
			sh_error("%s", err);
			sv_free(&f);
			sv_free(&pats);
			return -1;
		}
		for (int k = 0; k < f.n; k++) {
			int before = out->n;
			if (pats.v[k])
				glob_path(pats.v[k], out);
			if (out->n == before) {
				sv_push(out, f.v[k]);
				f.v[k] = NULL;
			}
		}
		sv_free(&f);
		sv_free(&pats);
	}
	return 0;
}

/* ---- expanding a simple command --------------------------------------------- */

struct cmdx {
	struct strvec argv;      /* the words after expansion */
	struct strvec assign;    /* NAME=value, expanded */
};

static void cmdx_free(struct cmdx *c)
{
	sv_free(&c->argv);
	sv_free(&c->assign);
}

static int expand_command(struct node *n, struct cmdx *c)
{
	char err[128];
	int i = 0;

	memset(c, 0, sizeof(*c));
	for (; i < n->nword && sh_is_assignment(n->word[i]); i++) {
		const char *eq = strchr(n->word[i], '=');
		char *value = sh_expand1(eq + 1, &sh_env, err, sizeof(err));
		if (!value)
			goto fail;
		size_t len = (size_t)(eq - n->word[i]) + 1 + strlen(value) + 1;
		char *s = malloc(len);
		if (!s) {
			free(value);
			sh_error("out of memory");
			cmdx_free(c);
			return -1;
		}
		snprintf(s, len, "%.*s=%s", (int)(eq - n->word[i]), n->word[i], value);
		free(value);
		sv_push(&c->assign, s);
	}
	if (expand_words(n->word + i, n->nword - i, &c->argv) < 0) {
		cmdx_free(c);
		return -1;
	}
	return 0;
fail:
	sh_error("%s", err);
	cmdx_free(c);
	return -1;
}

static void apply_assignments(struct cmdx *c, int export)
{
	for (int i = 0; i < c->assign.n; i++) {
		char *s = c->assign.v[i], *eq = strchr(s, '=');
		*eq = '\0';
		var_set(s, eq + 1);
		if (export)
			var_export(s);
		*eq = '=';
	}
}

/* ---- redirections ------------------------------------------------------------ */

/*
 * A builtin or a compound command run by the shell itself has its
 * redirections undone afterwards: the descriptors it changes are first
 * copied out of the way, to slots counted down from SAVE_TOP (a stack,
 * since redirected commands nest).
 */
#define SAVE_TOP 63
#define SAVE_MAX 16
static int save_next = SAVE_TOP;

struct saved {
	int n;
	int fd[SAVE_MAX];
	int copy[SAVE_MAX];      /* -1: fd was closed before */
};

static void save_fd(struct saved *sv, int fd)
{
	if (!sv)
		return;
	for (int i = 0; i < sv->n; i++)
		if (sv->fd[i] == fd)
			return;
	if (sv->n == SAVE_MAX)
		return;
	int copy = dup2(fd, save_next) < 0 ? -1 : save_next--;
	sv->fd[sv->n] = fd;
	sv->copy[sv->n] = copy;
	sv->n++;
}

static void restore_fds(struct saved *sv)
{
	fflush(stdout);          /* output meant for the redirected fd 1 */
	for (int i = sv->n - 1; i >= 0; i--) {
		if (sv->copy[i] >= 0) {
			dup2(sv->copy[i], sv->fd[i]);
			close(sv->copy[i]);
			save_next++;
		} else {
			close(sv->fd[i]);
		}
	}
	sv->n = 0;
}

/* Applies n's redirections in order; with sv, what they replace is saved
 * first.  Returns 0, or -1 after printing why one failed. */
static int apply_redirs(struct node *n, struct saved *sv)
{
	char err[128];

	fflush(stdout);
	for (int i = 0; i < n->nredir; i++) {
		struct redir *r = &n->redir[i];
		char *target = sh_expand1(r->word, &sh_env, err, sizeof(err));
		int fd;

		if (!target) {
			sh_error("%s", err);
			return -1;
		}
		if (r->type == R_DUP) {
			char *end;
			long from = strtol(target, &end, 10);
			if (strcmp(target, "-") == 0) {
				save_fd(sv, r->fd);
				close(r->fd);
				free(target);
				continue;
			}
			if (*end || end == target || from < 0 || from > 999) {
				sh_error("%s: bad file descriptor", target);
				free(target);
				return -1;
			}
			if (from != r->fd) {
				save_fd(sv, r->fd);
				if (dup2((int)from, r->fd) < 0) {
					sh_error("%s: %s", target, strerror(errno));
					free(target);
					return -1;
				}
			}
			free(target);
			continue;
		}
		int flags = r->type == R_IN ? O_RDONLY :
			    r->type == R_OUT ? (O_WRONLY | O_CREAT | O_TRUNC) :
			    (O_WRONLY | O_CREAT | O_APPEND);
		fd = open(target, flags);
		if (fd < 0) {
			sh_error("%s: %s", target, strerror(errno));
			free(target);
			return -1;
		}
		free(target);
		if (fd != r->fd) {
			save_fd(sv, r->fd);
			if (dup2(fd, r->fd) < 0) {
				sh_error("%d: %s", r->fd, strerror(errno));
				close(fd);
				return -1;
			}
			close(fd);
		}
	}
	return 0;
}

/* ---- exec ----------------------------------------------------------------------- */

/*
 * execve, and when the kernel says the file is not an executable
 * (ENOEXEC): a "#!interpreter [arg]" line is honoured here (the kernel does
 * not), and a text file without one is run by /bin/sh, as POSIX asks.
 * Returns only on failure, errno set; exits when an interpreter fails.
 */
static void try_exec(const char *path, char **argv, char **envp)
{
	char head[256], *interp = "/bin/sh", *arg = NULL;
	int fd, argc;
	ssize_t n;

	execve(path, argv, envp);
	if (errno != ENOEXEC)
		return;
	if ((fd = open(path, O_RDONLY)) < 0) {
		errno = ENOEXEC;
		return;
	}
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n <= 0) {
		/* An empty file is an empty script: it does nothing, well. */
		if (n == 0)
			exit(0);
		errno = ENOEXEC;
		return;
	}
	head[n] = '\0';
	if (memchr(head, '\0', (size_t)n)) {
		errno = ENOEXEC;       /* binary, but not something we can run */
		return;
	}
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		char *s = head + 2, *nl = strchr(s, '\n');
		if (!nl) {
			errno = ENOEXEC;   /* the line does not fit: refuse */
			return;
		}
		*nl = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		interp = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s) {
			*s++ = '\0';
			while (*s == ' ' || *s == '\t')
				s++;
			/* The rest of the line is one argument, as Linux does it. */
			for (char *e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); )
				*--e = '\0';
			if (*s)
				arg = s;
		}
	}
	for (argc = 0; argv[argc]; argc++)
		;
	char **nargv = calloc((size_t)argc + 3, sizeof(*nargv));
	int k = 0;
	if (!nargv) {
		errno = ENOMEM;
		return;
	}
	nargv[k++] = interp;
	if (arg)
		nargv[k++] = arg;
	nargv[k++] = (char *)path;
	for (int i = 1; i < argc; i++)
		nargv[k++] = argv[i];
	execve(interp, nargv, envp);
	sh_error("%s: %s: bad interpreter: %s", path, interp, strerror(errno));
	exit(126);
}

/* Runs argv[0] (searched in $PATH unless it has a /), or exits 126/127. */
static void __attribute__((noreturn)) exec_path(char **argv, char **envp)
{
	const char *name = argv[0], *path;
	char full[PATH_MAX];
	int err = 0;

	if (strchr(name, '/')) {
		try_exec(name, argv, envp);
		sh_error("%s: %s", name, strerror(errno));
		exit(errno == ENOENT ? 127 : 126);
	}
	path = var_get("PATH");
	if (!path)
		path = "/bin";
	for (const char *p = path;; ) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		int w = len ? snprintf(full, sizeof(full), "%.*s/%s", (int)len, p, name)
			    : snprintf(full, sizeof(full), "./%s", name);
		if (w > 0 && (size_t)w < sizeof(full)) {
			try_exec(full, argv, envp);
			/* Found but not runnable: remember why, keep looking. */
			if (errno != ENOENT && errno != ENOTDIR && !err)
				err = errno;
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	if (err) {
		sh_error("%s: %s", name, strerror(err));
		exit(126);
	}
	sh_error("%s: command not found", name);
	exit(127);
}

/* In a child: a simple command, to its end (builtin) or to execve. */
static void __attribute__((noreturn)) exec_simple(struct node *n, struct cmdx *pre)
{
	struct cmdx c;
	builtin_fn fn;

	if (pre)
		c = *pre;
	else if (expand_command(n, &c) < 0)
		exit(1);
	if (apply_redirs(n, NULL) < 0)
		exit(1);
	if (c.argv.n == 0)
		exit(0);
	if ((fn = builtin_find(c.argv.v[0]))) {
		apply_assignments(&c, 0);
		exit(fn(c.argv.n, c.argv.v));
	}
	/* Prefix assignments are for this command's environment only: we are
	 * the child, so setting them here touches nobody else. */
	apply_assignments(&c, 1);
	exec_path(c.argv.v, var_environ());
}

/* ---- jobs ------------------------------------------------------------------------ */

/* The text a job is shown with: its words, as typed, for a pipeline of
 * simple commands; otherwise the text of the whole command. */
static char *job_text(struct node **stage, int n, const char *fallback)
{
	size_t len = 1;

	for (int i = 0; i < n; i++) {
		if (stage[i]->type != N_CMD)
			return strdup(fallback ? fallback : "");
		for (int k = 0; k < stage[i]->nword; k++)
			len += strlen(stage[i]->word[k]) + 1;
		for (int k = 0; k < stage[i]->nredir; k++)
			len += strlen(stage[i]->redir[k].word) + 8;
		len += 3;
	}
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (i)
			p += sprintf(p, " | ");
		for (int k = 0; k < stage[i]->nword; k++)
			p += sprintf(p, k ? " %s" : "%s", stage[i]->word[k]);
		for (int k = 0; k < stage[i]->nredir; k++) {
			struct redir *r = &stage[i]->redir[k];
			static const char *const ops[] = { "<", ">", ">>", ">&" };
			int dflt = r->type == R_IN ? 0 : 1;
			p += sprintf(p, " ");
			if (r->fd != dflt)
				p += sprintf(p, "%d", r->fd);
			p += sprintf(p, "%s%s", r->type == R_DUP && r->fd == 0 ? "<&"
				     : ops[r->type], r->word);
		}
	}
	*p = '\0';
	return s;
}

/* In a child: one stage of a job, never returns. */
static void __attribute__((noreturn))
child_stage(struct node *stage, struct cmdx *pre, int in, int out,
	    const int *fds, int nfds, pid_t pgid, int bg, const int sync[2])
{
	sh.subshell = 1;
	if (stage->type != N_CMD)
		jobs_forget();       /* a subshell has no jobs of its own yet */
	if (sh.jobctl) {
		setpgid(0, pgid);
		sig_reset_for_child();
	} else if (bg) {
		/* Without job control, POSIX has & commands ignore the
		 * keyboard's signals and read nothing from it. */
		signal(SIGINT, SIGACT_IGNORE);
		signal(SIGQUIT, SIGACT_IGNORE);
		if (in < 0) {
			int fd = open("/dev/null", O_RDONLY);
			if (fd >= 0 && fd != 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
	}
	if (sync[0] >= 0) {
		char c;
		close(sync[1]);
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		close(sync[0]);
	}
	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	/* The shell's saved copies (of a redirected { } or builtin) are not
	 * the job's: a saved pipe end held here would keep its reader waiting. */
	for (int fd = save_next + 1; fd <= SAVE_TOP; fd++)
		close(fd);
	sh.jobctl = 0;           /* nested jobs stay in this job's group */
	sh.interactive = 0;

	if (stage->type == N_CMD)
		exec_simple(stage, pre);
	if (stage->type == N_SUBSHELL) {
		if (apply_redirs(stage, NULL) < 0)
			exit(1);
		run_node(stage->kid[0], NULL);
	} else {
		run_node(stage, NULL);
	}
	exit(sh.status);
}

/*
 * Starts stage[0] | stage[1] | ... as one job; waits for it unless bg.
 * pre: the already expanded words of a lone simple command.
 */
static int run_job(struct node **stage, int n, const char *text, int bg,
		   struct cmdx *pre)
{
	int fds[2 * JOB_PROCS], nfds = 0, sync[2] = { -1, -1 };
	pid_t pgid = 0, last = 0;
	struct job *j;
	char *jtext;
	int failed = 0;

	if (n > JOB_PROCS) {
		sh_error("pipeline too long (at most %d commands)", JOB_PROCS);
		return 1;
	}
	/* Every pipe first: a failure then costs no process. */
	for (int i = 0; i + 1 < n; i++, nfds += 2) {
		if (sh_pipe(fds + nfds) < 0) {
			sh_error("pipe: %s", strerror(errno));
			for (int k = 0; k < nfds; k++)
				close(fds[k]);
			return 1;
		}
	}
	jtext = job_text(stage, n, text);
	j = job_new(jtext, bg);
	free(jtext);
	if (!j) {
		for (int k = 0; k < nfds; k++)
			close(fds[k]);
		return 1;
	}
	if (sh.jobctl && sh_pipe(sync) < 0)
		sync[0] = sync[1] = -1;   /* works, with the races described above */

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			sh_error("fork: %s", strerror(errno));
			failed = 1;
			break;
		}
		if (pid == 0)
			child_stage(stage[i], i == 0 ? pre : NULL,
				    i > 0 ? fds[2 * (i - 1)] : -1,
				    i + 1 < n ? fds[2 * i + 1] : -1,
				    fds, nfds, pgid, bg, sync);
		if (sh.jobctl) {
			if (!pgid)
				pgid = pid;
			setpgid(pid, pgid);
		}
		job_add(j, pid);
		last = pid;
	}
	j->pgid = pgid ? pgid : sh.pgid;
	for (int k = 0; k < nfds; k++)
		close(fds[k]);
	if (failed) {
		/* Those started are waiting on the sync pipe: end them. */
		for (int i = 0; i < j->nproc; i++)
			kill(j->proc[i].pid, SIGKILL);
	} else if (!bg && sh.jobctl) {
		int pg = j->pgid;
		ioctl(0, TIOCSPGRP, &pg);
	}
	if (sync[0] >= 0) {
		close(sync[1]);      /* go */
		close(sync[0]);
	}
	if (failed) {
		for (int i = 0; i < j->nproc; i++)
			waitpid(j->proc[i].pid, NULL, 0);
		job_drop(j);
		return 1;
	}
	if (bg) {
		sh.lastbg = last;
		if (sh.interactive)
			fprintf(stderr, "[%d] %d\n", j->id, last);
		return 0;
	}
	return job_wait_fg(j);
}

/* ---- the tree ------------------------------------------------------------------- */

/* A simple command run from the shell (not as a pipeline stage). */
static int run_simple(struct node *n, const char *text)
{
	struct cmdx c;
	struct saved sv = { 0 };
	builtin_fn fn;
	int st;

	if (expand_command(n, &c) < 0)
		return 1;
	if (c.argv.n == 0) {
		/* Assignments, and redirections done for their side effects. */
		apply_assignments(&c, 0);
		st = apply_redirs(n, &sv) < 0 ? 1 : 0;
		restore_fds(&sv);
		cmdx_free(&c);
		return st;
	}
	if ((fn = builtin_find(c.argv.v[0]))) {
		apply_assignments(&c, 0);
		if (apply_redirs(n, &sv) < 0) {
			st = 1;
		} else {
			st = fn(c.argv.n, c.argv.v);
			fflush(stdout);
		}
		restore_fds(&sv);
		cmdx_free(&c);
		return st;
	}
	st = run_job(&n, 1, text, 0, &c);
	cmdx_free(&c);
	return st;
}

/* An item of a list that ended with &. */
static int run_background(struct node *n)
{
	if (n->type == N_PIPE)
		return run_job(n->kid, n->n, n->text, 1, NULL);
	return run_job(&n, 1, n->text, 1, NULL);
}

static int stop_requested(void)
{
	return sh.exiting || sh.interrupted || sh.breaking || sh.continuing;
}

/* After a loop's body: 1 if the loop must end. */
static int loop_control(void)
{
	if (sh.breaking) {
		sh.breaking--;
		return 1;
	}
	if (sh.continuing) {
		sh.continuing--;
		return sh.continuing > 0;   /* an outer loop continues */
	}
	return sh.exiting || sh.interrupted;
}

static int run_loop(struct node *n)
{
	int st = 0;

	sh.loops++;
	for (;;) {
		int c = run_node(n->kid[0], NULL);
		if (stop_requested() && loop_control())
			break;
		if ((c == 0) != (n->type == N_WHILE))
			break;
		st = run_node(n->kid[1], NULL);
		if (stop_requested() && loop_control())
			break;
	}
	sh.loops--;
	return st;
}

static int run_for(struct node *n)
{
	struct strvec words = { 0 };
	int st = 0;

	if (n->has_in) {
		if (expand_words(n->word, n->nword, &words) < 0) {
			sv_free(&words);
			return 1;
		}
	} else {
		for (int i = 1; i < sh.argc; i++)
			sv_push(&words, strdup(sh.argv[i]));
	}
	sh.loops++;
	for (int i = 0; i < words.n; i++) {
		var_set(n->var, words.v[i]);
		st = run_node(n->kid[0], NULL);
		if (stop_requested() && loop_control())
			break;
	}
	sh.loops--;
	sv_free(&words);
	return st;
}

static int run_node(struct node *n, const char *text)
{
	struct saved sv = { 0 };
	int st = sh.status;

	if (stop_requested())
		return sh.status;
	/* A compound command's redirections hold for all of it.  (A
	 * subshell's are applied in the child, a simple command's by
	 * run_simple or the stage.) */
	if (n->nredir && n->type != N_CMD && n->type != N_SUBSHELL &&
	    apply_redirs(n, &sv) < 0) {
		restore_fds(&sv);
		return sh.status = 1;
	}
	switch (n->type) {
	case N_LIST:
		for (int i = 0; i < n->n && !stop_requested(); i++) {
			if (n->bg[i])
				st = run_background(n->kid[i]);
			else
				st = run_node(n->kid[i], n->kid[i]->text);
			sh.status = st;
		}
		break;
	case N_AND:
	case N_OR:
		st = run_node(n->kid[0], text);
		sh.status = st;
		if ((st == 0) == (n->type == N_AND) && !stop_requested())
			st = run_node(n->kid[1], text);
		break;
	case N_NOT:
		st = !run_node(n->kid[0], text);
		break;
	case N_PIPE:
		st = run_job(n->kid, n->n, text, 0, NULL);
		break;
	case N_CMD:
		st = run_simple(n, text);
		break;
	case N_GROUP:
		st = run_node(n->kid[0], text);
		break;
	case N_SUBSHELL:
		st = run_job(&n, 1, text, 0, NULL);
		break;
	case N_IF:
		if (run_node(n->kid[0], NULL) == 0) {
			if (!stop_requested())
				st = run_node(n->kid[1], NULL);
		} else if (n->n > 2) {
			if (!stop_requested())
				st = run_node(n->kid[2], NULL);
		} else {
			st = 0;
		}
		break;
	case N_WHILE:
	case N_UNTIL:
		st = run_loop(n);
		break;
	case N_FOR:
		st = run_for(n);
		break;
	}
	restore_fds(&sv);
	sh.status = st;
	return st;
}

int run_tree(struct node *n)
{
	sh.interrupted = 0;
	sh.breaking = sh.continuing = 0;
	if (n)
		run_node(n, NULL);
	return sh.status;
}

/*
 * Runs text line by line: each command is parsed as soon as it is complete
 * and run before the next is read, so a script can define what its later
 * lines use.  A syntax error ends it (status 2), as in POSIX sh.
 */
int run_source(const char *text, const char *name)
{
	const char *old_source = sh.source;
	int old_lineno = sh.lineno, line = 1, start = 1;
	char *acc = NULL, err[128];
	size_t acclen = 0;
	const char *p = text;

	sh.source = name;
	while (*p && !sh.exiting) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		char *grown = realloc(acc, acclen + n + 2);
		if (!grown) {
			sh_error("out of memory");
			break;
		}
		acc = grown;
		if (acclen == 0)
			start = line;
		memcpy(acc + acclen, p, n);
		acclen += n;
		if (acc[acclen - 1] != '\n')
			acc[acclen++] = '\n';
		acc[acclen] = '\0';
		p += n;
		line++;

		struct node *tree;
		int r = sh_parse(acc, &tree, err, sizeof(err));
		if (r == PARSE_INCOMPLETE)
			continue;
		sh.lineno = start;
		acclen = 0;
		if (r == PARSE_ERROR) {
			sh_error("syntax error near '%s'", err);
			sh.status = 2;
			goto out;
		}
		run_tree(tree);
		sh_free(tree);
		if (!sh.interactive)
			jobs_reap(), jobs_notify();
	}
	if (acclen) {
		sh.lineno = start;
		if (strcmp(err, "end of input") == 0)
			sh_error("syntax error: unexpected end of input");
		else
			sh_error("syntax error: unterminated %s", err);
		sh.status = 2;
	}
out:
	free(acc);
	sh.source = old_source;
	sh.lineno = old_lineno;
	return sh.status;
}
