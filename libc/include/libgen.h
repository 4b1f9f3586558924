/* basename() and dirname() as POSIX has them: both may write into path
 * (to cut trailing slashes) and return a pointer into it or to a constant. */
#ifndef _LIBGEN_H
#define _LIBGEN_H

char *basename(char *path);     /* "/a/b/" -> "b", "/" -> "/", "" -> "." */
char *dirname(char *path);      /* "/a/b/" -> "/a", "b" -> ".", "/" -> "/" */

#endif
