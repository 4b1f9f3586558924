/*
 * Pipes: a PIPE_SIZE ring of bytes between two open files, one opened for
 * reading and one for writing.  See pipe.c for the rules.
 */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H
#include "fs/file.h"

/* Two new open files on one new pipe: *rd (O_READ) and *wr (O_WRITE), each
 * holding one reference; flags may add O_NONBLOCK.  -ENOMEM, nothing made. */
int pipe_make(int flags, struct file **rd, struct file **wr);
long pipe_count(void);          /* pipes alive */
#endif
