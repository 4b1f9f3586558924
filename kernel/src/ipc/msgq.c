/* A queue's message list: see msgq.h.  Pure code. */
#include "ipc/msgq.h"

void msgq_push(struct msgq_list *q, struct msg *m)
{
	m->next = 0;
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	q->bytes += m->len;
	q->count++;
}

struct msg *msgq_select(const struct msgq_list *q, int64_t type)
{
	if (type == 0)
		return q->head;
	/* -INT64_MIN does not exist; it would allow every type anyway. */
	int64_t limit = type == INT64_MIN ? INT64_MAX : -type;
	struct msg *best = 0;
	for (struct msg *m = q->head; m; m = m->next) {
		if (type > 0) {
			if (m->type == type)
				return m;
		} else if (m->type <= limit && (!best || m->type < best->type)) {
			best = m;       /* strictly lower only: the oldest of a type wins */
		}
	}
	return best;
}

void msgq_unlink(struct msgq_list *q, struct msg *m)
{
	struct msg **pp = &q->head, *prev = 0;
	while (*pp != m) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	*pp = m->next;
	if (q->tail == m)
		q->tail = prev;
	q->bytes -= m->len;
	q->count--;
	m->next = 0;
}
