/* Basic POSIX types.  Widths follow the ABI: pids, fds and modes are 32-bit
 * ints, sizes and offsets 64-bit. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>

typedef int      pid_t;
typedef long     ssize_t;
typedef int64_t  off_t;
typedef uint32_t mode_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint64_t ino_t;
typedef int64_t  time_t;

#endif
