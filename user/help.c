/*
 * help [name]: what there is to run.  Without a name, every program in
 * /bin (with a line about it when help knows one) and the shell's
 * builtins; with one, that command's synopsis.  (The shell has a help
 * builtin of its own; this program is what other programs, and a user
 * who types /bin/help, get.)
 */
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cmd {
	const char *name, *synopsis, *what;
};

/* The programs of user/, sorted.  One in /bin that is not here is still
 * listed, without a description. */
static const struct cmd programs[] = {
	{ "cat",       "cat [file...]", "copy files (or stdin) to stdout" },
	{ "clear",     "clear", "clear the terminal" },
	{ "cp",        "cp src dst | cp src... dir", "copy files" },
	{ "dmesg",     "dmesg", "print the kernel's log" },
	{ "echo",      "echo [-n] [word...]", "print words" },
	{ "env",       "env [-i] [name=value...] [command [arg...]]",
	  "print the environment, or run a command in a changed one" },
	{ "false",     "false", "fail (exit status 1)" },
	{ "free",      "free [-b | -k | -m]", "memory in use and free" },
	{ "grep",      "grep [-cinqv] [-e] pattern [file...]",
	  "print lines that match a pattern" },
	{ "head",      "head [-n lines] [file...]", "the first lines of files" },
	{ "hello",     "hello [arg...]", "the example program" },
	{ "help",      "help [name]", "this list" },
	{ "init",      "init", "the first process (starts the shell)" },
	{ "kill",      "kill [-s signal | -signal] pid... | kill -l",
	  "send a signal to processes" },
	{ "ls",        "ls [-al] [file...]", "list directories and files" },
	{ "memstat",   "memstat [-p pid] | memstat [-l limit] command [arg...]",
	  "memory statistics of a process or a command" },
	{ "mkdir",     "mkdir [-p] dir...", "make directories" },
	{ "mv",        "mv src dst | mv src... dir", "move or rename files" },
	{ "ps",        "ps", "list processes" },
	{ "pwd",       "pwd", "print the current directory" },
	{ "reboot",    "reboot", "restart the machine (root only)" },
	{ "rm",        "rm [-rf] file...", "remove files and directories" },
	{ "rmdir",     "rmdir dir...", "remove empty directories" },
	{ "sh",        "sh", "the shell" },
	{ "shutdown",  "shutdown [-h | -r] [now]",
	  "power off or restart the machine (root only)" },
	{ "sleep",     "sleep seconds", "wait (fractions allowed)" },
	{ "tail",      "tail [-n [+]lines] [file...]", "the last lines of files" },
	{ "touch",     "touch [-c] file...", "make empty files" },
	{ "trace",     "trace on|off|status|summary|events|reset | trace event text...",
	  "kernel tracing and statistics" },
	{ "true",      "true", "succeed (exit status 0)" },
	{ "uname",     "uname [-amrsv]", "the system's name and version" },
	{ "usertests", "usertests [name...] | usertests --list",
	  "the kernel's test suite" },
	{ "wc",        "wc [-lwc] [file...]", "count lines, words and bytes" },
};

/* The builtins of /bin/sh, sorted. */
static const struct cmd builtins[] = {
	{ ":",        ":", "do nothing, successfully" },
	{ ".",        ". file", "run the commands of a file in this shell" },
	{ "[",        "[ expr ]", "the same as test" },
	{ "bg",       "bg [%job]", "continue a stopped job in the background" },
	{ "break",    "break [n]", "leave n enclosing loops" },
	{ "cd",       "cd [dir | -]", "change the current directory (default $HOME)" },
	{ "continue", "continue [n]", "go on with the next round of a loop" },
	{ "exec",     "exec command [arg...]", "replace the shell with a command" },
	{ "exit",     "exit [status]", "leave the shell" },
	{ "export",   "export name[=value]...", "put variables in the environment" },
	{ "false",    "false", "fail" },
	{ "fg",       "fg [%job]", "bring a job to the foreground" },
	{ "help",     "help", "the shell's own list of builtins" },
	{ "jobs",     "jobs", "list background and stopped jobs" },
	{ "kill",     "kill [-sig] pid|%job...", "send a signal (jobs by number too)" },
	{ "pwd",      "pwd", "print the current directory" },
	{ "read",     "read [-p prompt] [name...]", "read a line into variables" },
	{ "set",      "set [-- arg...]", "list variables, or set $1 $2 ..." },
	{ "shift",    "shift [n]", "drop the first n positional parameters" },
	{ "source",   "source file", "the same as ." },
	{ "test",     "test expr", "check files, strings and numbers" },
	{ "true",     "true", "succeed" },
	{ "unset",    "unset name...", "remove variables" },
	{ "wait",     "wait [%job | pid]", "wait for background jobs" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct cmd *lookup(const struct cmd *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_all(void)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir("/bin");

	if (d == NULL)
		err(1, "/bin");
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof(*names))) == NULL)
				err(1, NULL);
		}
		if ((names[n++] = strdup(e->d_name)) == NULL)
			err(1, NULL);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);

	printf("Programs (in /bin):\n");
	for (size_t i = 0; i < n; i++) {
		const struct cmd *c = lookup(programs, COUNT(programs), names[i]);

		if (c)
			printf("  %-10s %s\n", names[i], c->what);
		else
			printf("  %s\n", names[i]);
		free(names[i]);
	}
	free(names);
	printf("\nShell builtins:\n");
	for (size_t i = 0; i < COUNT(builtins); i++)
		printf("  %-10s %s\n", builtins[i].name, builtins[i].what);
	printf("\n`help name` shows how to call one.\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	if (getopt(argc, argv, "") != -1 || argc - optind > 1) {
		fprintf(stderr, "usage: help [name]\n");
		return 2;
	}
	if (optind == argc)
		return list_all();
	c = lookup(builtins, COUNT(builtins), argv[optind]);
	if (c == NULL)
		c = lookup(programs, COUNT(programs), argv[optind]);
	if (c == NULL)
		errx(1, "%s: no such command", argv[optind]);
	printf("%s\n    %s\n", c->synopsis, c->what);
	return 0;
}
