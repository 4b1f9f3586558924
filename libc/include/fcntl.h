/* open() flags.  The native names (O_READ, O_CREATE, ...) come from the ABI;
 * the POSIX spellings are aliases so ordinary code compiles unchanged. */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <aurora/abi.h>
#include <sys/types.h>

#define O_RDONLY O_READ
#define O_WRONLY O_WRITE
#define O_RDWR   (O_READ | O_WRITE)
#define O_CREAT  O_CREATE
#define O_TRUNC  O_TRUNCATE

int open(const char *path, int flags, ...);   /* a mode argument is ignored */

#endif
