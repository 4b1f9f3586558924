/* Pure path handling; see path.h. */
#include "fs/path.h"
#include "lib/string.h"
#include <aurora/abi.h>

int path_next(const char **p, const char *end, const char **name, size_t *len)
{
	const char *s = *p;

	while (s < end && *s == '/')
		s++;
	if (s == end)
		return 0;
	const char *e = s;
	while (e < end && *e != '/')
		e++;
	if ((size_t)(e - s) > NAME_MAX)
		return -ENAMETOOLONG;
	*name = s;
	*len = (size_t)(e - s);
	*p = e;
	return 1;
}

bool path_is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

bool path_is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

int path_split(const char *path, size_t len, size_t *dirlen,
	       const char **last, size_t *lastlen, bool *trailing)
{
	size_t e = len;

	while (e > 0 && path[e - 1] == '/')
		e--;
	*trailing = e < len;
	if (e == 0) {                   /* "", "/", "///": no last component */
		*dirlen = len;
		return 0;
	}
	size_t s = e;
	while (s > 0 && path[s - 1] != '/')
		s--;
	*dirlen = s;
	*last = path + s;
	*lastlen = e - s;
	return 1;
}

int path_name_check(const char *name, size_t len)
{
	if (len == 0 || path_is_dot(name, len) || path_is_dotdot(name, len))
		return -EINVAL;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return 0;
}

int path_prepend(char *buf, size_t *pos, const char *name, size_t len)
{
	if (len + 1 > *pos)
		return -ENAMETOOLONG;
	*pos -= len + 1;
	buf[*pos] = '/';
	memcpy(buf + *pos + 1, name, len);
	return 0;
}
