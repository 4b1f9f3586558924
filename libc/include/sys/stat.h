/* struct stat and the S_IF* bits come from the ABI header. */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <aurora/abi.h>
#include <sys/types.h>

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif
