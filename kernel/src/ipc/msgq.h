/*
 * The message list of one System V queue: pure code (no locking, no user
 * memory, no sleeping), unit-tested on the host.  ipc/msg.c puts the
 * system calls around it.
 */
#ifndef IPC_MSGQ_H
#define IPC_MSGQ_H
#include <stdint.h>
#include <stddef.h>

struct msg {
	struct msg *next;
	int64_t type;              /* > 0 */
	size_t  len;               /* payload bytes */
	char    data[];
};

struct msgq_list {
	struct msg *head, *tail;   /* oldest first */
	size_t bytes;              /* payload bytes queued */
	size_t count;
};

void msgq_push(struct msgq_list *q, struct msg *m);
/*
 * The message msgrcv with this type takes, or 0: type 0 the first one;
 * type > 0 the first of exactly that type; type < 0 the first of the
 * lowest type that is <= -type.
 */
struct msg *msgq_select(const struct msgq_list *q, int64_t type);
void msgq_unlink(struct msgq_list *q, struct msg *m);   /* m is in q */

#endif
