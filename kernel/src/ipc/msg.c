/*
 * System V message queues: msgget, msgsnd, msgrcv, msgctl.
 *
 * Queues live in a fixed table.  A caller that must wait sleeps on its
 * queue's slot and, once woken, looks the queue up again by ID: if it was
 * removed meanwhile (even if the slot now holds a new queue) the answer is
 * EIDRM, so nobody ever touches a queue that is gone.
 */
#include "ipc/msgq.h"
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "lib/string.h"
#include <aurora/abi.h>

#define MSGQ_MAX  64              /* queues at once */
#define MSG_MAX   8192            /* the largest payload */
#define MSGQ_BYTES 16384          /* payload bytes a queue holds before senders wait */

struct msgq {
	int64_t id;                /* 0: slot free */
	int64_t key;
	struct msgq_list list;
};

static struct msgq queues[MSGQ_MAX];
static int64_t next_id = 1;

static struct msgq *queue_by_id(int64_t id)
{
	for (int i = 0; i < MSGQ_MAX; i++)
		if (queues[i].id == id && id > 0)
			return &queues[i];
	return 0;
}

long msg_queue_count(void)
{
	long n = 0;
	for (int i = 0; i < MSGQ_MAX; i++)
		n += queues[i].id != 0;
	return n;
}

/* msgget(key, flags) -> queue ID: as shmget, without a size. */
long sys_msgget(struct trapframe *tf)
{
	int64_t key = (int64_t)ARG0(tf);
	uint64_t flags = ARG1(tf);

	if (flags & ~(uint64_t)(IPC_CREAT | IPC_EXCL | 0777))
		return -EINVAL;
	if (key != IPC_PRIVATE) {
		for (int i = 0; i < MSGQ_MAX; i++) {
			if (queues[i].id && queues[i].key == key) {
				if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
					return -EEXIST;
				return queues[i].id;
			}
		}
		if (!(flags & IPC_CREAT))
			return -ENOENT;
	}
	for (int i = 0; i < MSGQ_MAX; i++) {
		if (!queues[i].id) {
			memset(&queues[i], 0, sizeof(queues[i]));
			queues[i].id = next_id++;
			queues[i].key = key;
			return queues[i].id;
		}
	}
	return -ENOSPC;
}

/* msgsnd(queue, msg, len, flags): msg is {i64 type > 0, payload of len}. */
long sys_msgsnd(struct trapframe *tf)
{
	int64_t id = (int64_t)ARG0(tf);
	uint64_t umsg = ARG1(tf), len = ARG2(tf), flags = ARG3(tf);
	struct msgq *q = queue_by_id(id);

	if (!q || (flags & ~(uint64_t)IPC_NOWAIT) || len > MSG_MAX)
		return -EINVAL;
	/* The whole message comes into the kernel before anything waits. */
	struct msg *m = kmalloc(sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	if (copy_from_user(&m->type, umsg, sizeof(m->type)) < 0 ||
	    copy_from_user(m->data, umsg + sizeof(int64_t), len) < 0) {
		kfree(m);
		return -EFAULT;
	}
	if (m->type <= 0) {
		kfree(m);
		return -EINVAL;
	}
	m->len = len;
	while (q->list.bytes + len > MSGQ_BYTES) {
		int r = (flags & IPC_NOWAIT) ? -EAGAIN : sleep_on_intr(q);
		if (r == 0 && queue_by_id(id) != q)
			r = -EIDRM;
		if (r < 0) {
			kfree(m);
			return r;
		}
	}
	msgq_push(&q->list, m);
	wakeup(q);
	return 0;
}

/*
 * msgrcv(queue, msg, maxlen, type, flags) -> payload bytes.  A message
 * longer than maxlen stays queued (E2BIG) unless MSG_NOERROR cuts it.
 */
long sys_msgrcv(struct trapframe *tf)
{
	int64_t id = (int64_t)ARG0(tf);
	uint64_t umsg = ARG1(tf), maxlen = ARG2(tf);
	int64_t type = (int64_t)ARG3(tf);
	uint64_t flags = ARG4(tf);
	struct msgq *q = queue_by_id(id);

	if (!q || (flags & ~(uint64_t)(IPC_NOWAIT | MSG_NOERROR)) || (int64_t)maxlen < 0)
		return -EINVAL;
	if (!user_range_ok(umsg, sizeof(int64_t)))
		return -EFAULT;
	struct msg *m;
	while (!(m = msgq_select(&q->list, type))) {
		int r = (flags & IPC_NOWAIT) ? -ENOMSG : sleep_on_intr(q);
		if (r == 0 && queue_by_id(id) != q)
			r = -EIDRM;
		if (r < 0)
			return r;
	}
	size_t n = m->len;
	if (n > maxlen) {
		if (!(flags & MSG_NOERROR))
			return -E2BIG;
		n = maxlen;
	}
	/* Copy out first: a bad buffer leaves the message where it was. */
	if (copy_to_user(umsg, &m->type, sizeof(m->type)) < 0 ||
	    copy_to_user(umsg + sizeof(int64_t), m->data, n) < 0)
		return -EFAULT;
	msgq_unlink(&q->list, m);
	kfree(m);
	wakeup(q);
	return (long)n;
}

/* msgctl(queue, IPC_RMID): the messages go, and every waiter gets EIDRM. */
long sys_msgctl(struct trapframe *tf)
{
	struct msgq *q = queue_by_id((int64_t)ARG0(tf));
	if (!q || ARG1(tf) != IPC_RMID)
		return -EINVAL;
	while (q->list.head) {
		struct msg *m = q->list.head;
		msgq_unlink(&q->list, m);
		kfree(m);
	}
	q->id = 0;
	wakeup(q);
	return 0;
}
