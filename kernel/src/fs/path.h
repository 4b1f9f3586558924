/*
 * Pure path handling: splitting a path into components, finding its last
 * component, checking names, building a path from the leaf up.  No
 * hardware, no allocation, no file-system state: unit-tested on the host
 * (tests/host/test_path.c).
 *
 * Paths are never normalised lexically ("a/../b" is not folded to "b"):
 * ".." must follow the real tree, which a rename or a mount can change, so
 * the walk in vfs.c resolves it one directory at a time.
 */
#ifndef FS_PATH_H
#define FS_PATH_H
#include <stdbool.h>
#include <stddef.h>

/*
 * The next component of the path [*p, end): skips slashes, then returns 1
 * with the component in name/len and *p just past it, or 0 when only
 * slashes (or nothing) are left.  A component longer than NAME_MAX gives
 * -ENAMETOOLONG (and *p is not moved).
 */
int path_next(const char **p, const char *end, const char **name, size_t *len);

bool path_is_dot(const char *name, size_t len);
bool path_is_dotdot(const char *name, size_t len);

/*
 * Splits path[0..len) into the directory part and the last component:
 *   "a/b/c"  -> dir "a/b/" (4 bytes), last "c"
 *   "/c//"   -> dir "/" (1 byte),    last "c", trailing slash
 *   "c"      -> dir ""  (0 bytes: the cwd), last "c"
 *   "/", "//" -> no last component: returns 0 with *dirlen = len
 * Returns 1 when there is a last component.  The last component may be
 * "." or ".."; the caller decides what that means for its call.
 */
int path_split(const char *path, size_t len, size_t *dirlen,
	       const char **last, size_t *lastlen, bool *trailing);

/* A name for a new directory entry: 1 to NAME_MAX bytes, no '/' or NUL,
 * not "." or "..".  0, -EINVAL or -ENAMETOOLONG. */
int path_name_check(const char *name, size_t len);

/*
 * Builds a path right to left in buf, for getcwd: puts "/" and name in
 * front of buf[*pos..] and moves *pos back.  -ENAMETOOLONG (and nothing
 * changed) when it does not fit in buf[0..*pos).
 */
int path_prepend(char *buf, size_t *pos, const char *name, size_t len);

#endif
