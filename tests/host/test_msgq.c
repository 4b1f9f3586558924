/* kernel/src/ipc/msgq.c: the message list of a System V queue. */
#include <stdint.h>
#include <stdlib.h>
#include "test.h"
#include "ipc/msgq.h"

static struct msg *mk(int64_t type, size_t len)
{
	struct msg *m = calloc(1, sizeof(*m) + len);
	m->type = type;
	m->len = len;
	return m;
}

/* Queue of types 3 1 2 1 5 (lengths 10 20 30 40 50). */
static void fill(struct msgq_list *q, struct msg **m)
{
	static const int64_t types[] = { 3, 1, 2, 1, 5 };
	*q = (struct msgq_list){ 0 };
	for (int i = 0; i < 5; i++) {
		m[i] = mk(types[i], (size_t)(i + 1) * 10);
		msgq_push(q, m[i]);
	}
}

static void drain(struct msgq_list *q)
{
	while (q->head) {
		struct msg *m = q->head;
		msgq_unlink(q, m);
		free(m);
	}
}

TEST(select_rules)
{
	struct msgq_list q;
	struct msg *m[5];
	fill(&q, m);
	CHECK_EQ(q.count, 5);
	CHECK_EQ(q.bytes, 150);
	CHECK(msgq_select(&q, 0) == m[0]);          /* type 0: the oldest */
	CHECK(msgq_select(&q, 1) == m[1]);          /* the oldest of type 1 */
	CHECK(msgq_select(&q, 5) == m[4]);
	CHECK(msgq_select(&q, 4) == 0);
	CHECK(msgq_select(&q, -2) == m[1]);         /* lowest type <= 2: 1, oldest */
	CHECK(msgq_select(&q, -3) == m[1]);
	CHECK(msgq_select(&q, -1) == m[1]);
	CHECK(msgq_select(&q, INT64_MIN) == m[1]);  /* no overflow: everything allowed */
	drain(&q);
}

TEST(unlink_keeps_order_and_counts)
{
	struct msgq_list q;
	struct msg *m[5];
	fill(&q, m);
	msgq_unlink(&q, m[1]);                      /* from the middle */
	free(m[1]);
	CHECK(msgq_select(&q, 1) == m[3]);
	CHECK(msgq_select(&q, -2) == m[3]);
	msgq_unlink(&q, m[4]);                      /* the tail */
	free(m[4]);
	CHECK(q.tail == m[3]);
	msgq_unlink(&q, m[0]);                      /* the head */
	free(m[0]);
	CHECK(q.head == m[2]);
	CHECK_EQ(q.count, 2);
	CHECK_EQ(q.bytes, 70);
	struct msg *n = mk(9, 1);
	msgq_push(&q, n);                           /* after the tail moved */
	CHECK(q.tail == n && m[3]->next == n);
	drain(&q);
	CHECK(q.head == 0 && q.tail == 0);
	CHECK_EQ(q.count, 0);
	CHECK_EQ(q.bytes, 0);
	CHECK(msgq_select(&q, 0) == 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(select_rules);
	RUN(unlink_keeps_order_and_counts);
	return t_end();
}
