/*
 * Shell variables: a list of NAME, value and an export flag.  Exported ones
 * make up the environment of every command the shell starts.  The list is
 * short (tens of entries), so a linked list searched from the front is
 * plenty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
	char *name;
	char *value;         /* NULL: exported but not set yet */
	int exported;
	struct var *next;
};

static struct var *vars;

static struct var *find(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static struct var *find_or_add(const char *name)
{
	struct var *v = find(name);

	if (v)
		return v;
	v = calloc(1, sizeof(*v));
	if (!v || !(v->name = strdup(name))) {
		sh_error("out of memory");
		exit(2);
	}
	v->next = vars;
	vars = v;
	return v;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v ? v->value : NULL;
}

void var_set(const char *name, const char *value)
{
	struct var *v = find_or_add(name);
	char *copy = strdup(value);

	if (!copy) {
		sh_error("out of memory");
		return;
	}
	free(v->value);
	v->value = copy;
}

void var_export(const char *name)
{
	find_or_add(name)->exported = 1;
}

void var_unset(const char *name)
{
	for (struct var **pp = &vars; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			struct var *v = *pp;
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

void var_import(char **envp)
{
	for (; envp && *envp; envp++) {
		const char *eq = strchr(*envp, '=');
		char *name;

		if (!eq || !sh_valid_name(*envp, (size_t)(eq - *envp)))
			continue;
		name = strndup(*envp, (size_t)(eq - *envp));
		if (!name)
			continue;
		var_set(name, eq + 1);
		var_export(name);
		free(name);
	}
}

/* Built in a child just before execve, so nothing needs freeing. */
char **var_environ(void)
{
	int n = 0, i = 0;
	char **env;

	for (struct var *v = vars; v; v = v->next)
		n += v->exported && v->value;
	env = calloc((size_t)n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported || !v->value)
			continue;
		size_t len = strlen(v->name) + strlen(v->value) + 2;
		if (!(env[i] = malloc(len)))
			break;
		snprintf(env[i++], len, "%s=%s", v->name, v->value);
	}
	return env;
}

/* NAME='value' with the value quoted so the line can be typed back. */
static void print_quoted(const char *prefix, struct var *v)
{
	printf("%s%s", prefix, v->name);
	if (v->value) {
		putchar('=');
		putchar('\'');
		for (const char *s = v->value; *s; s++) {
			if (*s == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*s);
		}
		putchar('\'');
	}
	putchar('\n');
}

void var_list(int exported_only)
{
	/* Sorted by name, as people expect; a selection sort over a short list. */
	const char *last = "";

	for (;;) {
		struct var *best = NULL;
		for (struct var *v = vars; v; v = v->next) {
			if (exported_only && !v->exported)
				continue;
			if (!exported_only && !v->value)
				continue;
			if (strcmp(v->name, last) > 0 &&
			    (!best || strcmp(v->name, best->name) < 0))
				best = v;
		}
		if (!best)
			break;
		print_quoted(exported_only ? "export " : "", best);
		last = best->name;
	}
}

/* Special and positional parameters, then ordinary variables. */
const char *var_lookup(void *ctx, const char *name)
{
	static char num[24];
	static char *joined;

	(void)ctx;
	if (name[1] == '\0') {
		switch (name[0]) {
		case '?':
			snprintf(num, sizeof(num), "%d", sh.status);
			return num;
		case '$':
			snprintf(num, sizeof(num), "%d", sh.pid);
			return num;
		case '!':
			if (!sh.lastbg)
				return NULL;
			snprintf(num, sizeof(num), "%d", sh.lastbg);
			return num;
		case '#':
			snprintf(num, sizeof(num), "%d", sh.argc > 0 ? sh.argc - 1 : 0);
			return num;
		case '@':
		case '*': {
			/* The parameters joined by spaces (see the limits in sh.md). */
			size_t len = 1;
			for (int i = 1; i < sh.argc; i++)
				len += strlen(sh.argv[i]) + 1;
			free(joined);
			if (!(joined = malloc(len)))
				return NULL;
			joined[0] = '\0';
			for (int i = 1; i < sh.argc; i++) {
				if (i > 1)
					strcat(joined, " ");
				strcat(joined, sh.argv[i]);
			}
			return joined;
		}
		}
		if (name[0] >= '0' && name[0] <= '9') {
			int i = name[0] - '0';
			return i < sh.argc ? sh.argv[i] : NULL;
		}
	}
	return var_get(name);
}

const struct expand_env sh_env = { var_lookup, NULL };
