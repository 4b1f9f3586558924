/*
 * /bin/sh: what the parts of the shell share.
 *
 *   parse.c     text -> tree, and word expansion (pure, host-tested)
 *   lineedit.c  the line editor's buffer and keys (pure, host-tested)
 *   vars.c      shell variables and the environment
 *   exec.c      running a tree: commands, pipelines, redirections, compounds
 *   jobs.c      the job table, waiting, job control, fg/bg/jobs/kill/wait
 *   builtin.c   the commands the shell runs itself
 *   main.c      arguments, the read-parse-run loop, prompts, the terminal
 */
#ifndef SH_SH_H
#define SH_SH_H
#include <sys/types.h>
#include "parse.h"

struct shell {
	int interactive;     /* reading commands from a terminal, with the editor */
	int jobctl;          /* job control: a process group per job, the terminal moved */
	int status;          /* $? */
	pid_t pid;           /* $$ (a subshell keeps its parent's, as in POSIX) */
	pid_t pgid;          /* the shell's own process group */
	pid_t lastbg;        /* $! */
	int ttymode;         /* the console mode commands run in (CON_COOKED) */
	int subshell;        /* a forked copy running part of a command */
	int exiting;         /* `exit` ran: stop reading */
	int interrupted;     /* a foreground job died of Ctrl-C: stop the list */
	int breaking;        /* `break N` / `continue N` in progress: levels left */
	int continuing;
	int loops;           /* loops we are inside of (for break and continue) */
	int cmdno;           /* lines run at the console so far */
	int warned_at;       /* the line whose exit was refused (stopped jobs) */
	int argc;            /* positional parameters: argv[0] is $0 */
	char **argv;
	const char *source;  /* script name for messages, or NULL */
	int lineno;          /* its line being run */
};
extern struct shell sh;

/* ---- vars.c ----------------------------------------------------------------- */
const char *var_get(const char *name);
void var_set(const char *name, const char *value);     /* keeps the export flag */
void var_export(const char *name);                     /* value may come later */
void var_unset(const char *name);
void var_import(char **envp);                          /* all exported */
char **var_environ(void);                              /* NAME=value of exported ones */
void var_list(int exported_only);                      /* for set and export */
/* $NAME, special parameters, positional ones: what the expander asks. */
const char *var_lookup(void *ctx, const char *name);
extern const struct expand_env sh_env;

/* ---- exec.c ------------------------------------------------------------------- */
int run_tree(struct node *n);          /* a parsed top-level list; sets sh.status */
/* Runs text (a script, -c, a profile) as commands; name is for messages. */
int run_source(const char *text, const char *name);
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sig_reset_for_child(void);

/* ---- jobs.c ------------------------------------------------------------------- */
#define JOB_PROCS 16                   /* stages in one pipeline */
enum { PROC_RUNNING, PROC_STOPPED, PROC_DONE };

struct job {
	int id;                        /* [n]; 0 = slot free */
	pid_t pgid;
	int nproc;
	struct {
		pid_t pid;
		int state;             /* PROC_* */
		int status;            /* wait status, once stopped or done */
	} proc[JOB_PROCS];
	char *text;                    /* the command line, for jobs/fg */
	int bg;                        /* started with & (or sent there by bg) */
	int mode;                      /* its console mode when it stopped */
	int reported;                  /* its stop has been told */
	unsigned long seq;             /* last time it became current */
};

struct job *job_new(const char *text, int bg);
void job_add(struct job *j, pid_t pid);
void job_drop(struct job *j);
int job_wait_fg(struct job *j);        /* -> the status for $? */
void jobs_reap(void);                  /* non-blocking: collect what changed */
void jobs_notify(void);                /* "[1] Done ..." for finished background jobs */
void jobs_forget(void);                /* in a forked child: the table is the parent's */
int jobs_stopped(void);                /* how many are stopped */
void term_take(void);                  /* the terminal back to the shell */
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_bg(int argc, char **argv);
int builtin_kill(int argc, char **argv);
int builtin_wait(int argc, char **argv);
const char *sig_text(int sig);         /* "Terminated", "Segmentation fault", ... */

/* ---- builtin.c ----------------------------------------------------------------- */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);

#endif
