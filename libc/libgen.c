/* basename and dirname (POSIX): see <libgen.h>. */
#include <libgen.h>
#include <string.h>

/* Cuts trailing slashes (keeping one for "/"): -> the new length. */
static size_t trim_slashes(char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	return n;
}

char *basename(char *path)
{
	char *slash;

	if (path == NULL || *path == '\0')
		return ".";
	if (trim_slashes(path) == 1 && path[0] == '/')
		return path;
	slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *dirname(char *path)
{
	char *slash;

	if (path == NULL || *path == '\0')
		return ".";
	trim_slashes(path);
	slash = strrchr(path, '/');
	if (slash == NULL)
		return ".";
	while (slash > path && slash[-1] == '/')   /* "a//b" -> "a" */
		slash--;
	if (slash == path)
		return "/";
	*slash = '\0';
	return path;
}
