/* getline() and getdelim(): read a whole line, however long, into a
 * buffer that grows with malloc. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
	size_t n = 0;
	int c;

	if (line == NULL || cap == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		c = fgetc(f);
		if (c == EOF)
			break;
		/* Room for this byte and the NUL. */
		if (*line == NULL || n + 2 > *cap) {
			size_t want = *cap < 64 ? 128 : *cap * 2;
			char *p = realloc(*line, want);

			if (p == NULL) {
				errno = ENOMEM;
				return -1;
			}
			*line = p;
			*cap = want;
		}
		(*line)[n++] = (char)c;
		if (c == delim)
			break;
	}
	if (n == 0)                 /* end of file (or an error) before any byte */
		return -1;
	(*line)[n] = '\0';
	return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	return getdelim(line, cap, '\n', f);
}
