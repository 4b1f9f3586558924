/*
 * env [-i] [name=value...] [command [arg...]]
 *
 * Without a command, print the environment (one name=value a line) after
 * the changes; with one, run it in that environment, found through $PATH
 * (of the new environment).  -i starts from an empty environment.
 * Exit status: the command's, 126 if it could not be run, 127 if it was
 * not found, 2 for bad usage.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sets name=value (the whole "name=value" word) in env, replacing an
 * entry with the same name in place. */
static void put(char **env, int *n, char *word)
{
	size_t len = (size_t)(strchr(word, '=') - word) + 1;   /* with '=' */

	for (int i = 0; i < *n; i++) {
		if (strncmp(env[i], word, len) == 0) {
			env[i] = word;
			return;
		}
	}
	env[(*n)++] = word;
}

int main(int argc, char **argv)
{
	int c, n = 0, clear = 0, cap;
	char **env;

	while ((c = getopt(argc, argv, "i")) != -1) {
		if (c != 'i') {
			fprintf(stderr, "usage: env [-i] [name=value...] "
				"[command [arg...]]\n");
			return 2;
		}
		clear = 1;
	}

	cap = argc + 1;
	for (char **e = environ; !clear && e && *e; e++)
		cap++;
	if ((env = malloc((size_t)cap * sizeof(*env))) == NULL)
		err(1, NULL);
	for (char **e = environ; !clear && e && *e; e++)
		env[n++] = *e;
	/* A word with '=' (not first) is an assignment; the first word
	 * without one is the command. */
	for (; optind < argc; optind++) {
		char *eq = strchr(argv[optind], '=');
		if (eq == NULL || eq == argv[optind])
			break;
		put(env, &n, argv[optind]);
	}
	env[n] = NULL;

	if (optind == argc) {
		for (int i = 0; i < n; i++)
			printf("%s\n", env[i]);
		return 0;
	}
	environ = env;              /* execvp searches the new $PATH */
	execvp(argv[optind], argv + optind);
	warn("%s", argv[optind]);
	return errno == ENOENT ? 127 : 126;
}
