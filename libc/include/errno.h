/* errno: set by the POSIX-like wrappers when a call fails.  The E* names are
 * the enum in <aurora/abi.h>, positive here, negated in raw kernel results. */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <aurora/abi.h>

extern int errno;   /* one thread per process, so a plain global will do */

#endif
