/* The console's line discipline (see ldisc.h). */
#include "dev/ldisc.h"
#include <aurora/abi.h>

#define CTRL(c) ((c) & 0x1f)

void ld_init(struct ldisc *ld, char *buf, size_t size, int mode)
{
	ring_init(&ld->in, buf, size);
	ld->commit = 0;
	ld->eofs = 0;
	ld->mode = mode;
}

static void echo(struct ldisc *ld, struct ld_out *out, char c)
{
	if (!(ld->mode & CON_ECHO))
		return;
	/* In CANON, a control byte other than TAB and LF shows as ^X. */
	if ((ld->mode & CON_CANON) && ((unsigned char)c < 0x20 || c == 0x7f) &&
	    c != '\n' && c != '\t') {
		if (out->necho + 2 <= LD_ECHO_MAX) {
			out->echo[out->necho++] = '^';
			out->echo[out->necho++] = c == 0x7f ? '?' : (char)(c + '@');
		}
		return;
	}
	if (out->necho < LD_ECHO_MAX)
		out->echo[out->necho++] = c;
}

/* Makes everything typed so far readable. */
static void commit(struct ldisc *ld, struct ld_out *out)
{
	if (ld->commit != ld->in.w) {
		ld->commit = ld->in.w;
		out->readable = true;
	}
}

static int signal_of(char c)
{
	switch (c) {
	case CTRL('C'):  return SIGINT;
	case CTRL('Z'):  return SIGTSTP;
	case CTRL('\\'): return SIGQUIT;
	}
	return 0;
}

int ld_input(struct ldisc *ld, char c, struct ld_out *out)
{
	*out = (struct ld_out){ 0 };
	if ((ld->mode & CON_CRLF) && c == '\r')
		c = '\n';
	if ((ld->mode & CON_ISIG) && signal_of(c)) {
		out->sig = signal_of(c);
		ld->in.w = ld->commit;          /* the edited line is dropped */
		echo(ld, out, c);
		echo(ld, out, '\n');
		return 1;
	}
	if (!(ld->mode & CON_CANON)) {
		if (ring_put(&ld->in, &c, 1) == 0)
			return 0;
		echo(ld, out, c);
		commit(ld, out);
		return 1;
	}
	switch (c) {
	case 0x7f:
	case '\b':
		if (ld->in.w != ld->commit) {
			ring_unput(&ld->in);
			if (ld->mode & CON_ECHO)
				out->erase = 1;
		}
		return 1;
	case CTRL('U'):
		if (ld->mode & CON_ECHO)
			out->erase = (size_t)(ld->in.w - ld->commit);
		ld->in.w = ld->commit;
		return 1;
	case CTRL('D'):
		if (ld->in.w == ld->commit) {
			/* Nothing being edited: an end of file, which a read
			 * sees once the lines before it are read. */
			ld->eofs++;
			out->readable = true;
		} else {
			commit(ld, out);
		}
		return 1;
	case '\n':
		if (ring_put(&ld->in, &c, 1) == 0)
			return 0;
		echo(ld, out, c);
		commit(ld, out);
		return 1;
	}
	/* Keep one byte free so that the line can always be ended. */
	if (ring_free(&ld->in) < 2)
		return 0;
	ring_put(&ld->in, &c, 1);
	echo(ld, out, c);
	return 1;
}

void ld_set_mode(struct ldisc *ld, int mode, struct ld_out *out)
{
	*out = (struct ld_out){ 0 };
	ld->mode = mode;
	if (!(mode & CON_CANON))
		commit(ld, out);
}

size_t ld_readable(const struct ldisc *ld)
{
	size_t n = (size_t)(ld->commit - ld->in.r);
	if (!(ld->mode & CON_CANON))
		return n;
	for (size_t i = 0; i < n; i++)
		if (ring_peek(&ld->in, i) == '\n')
			return i + 1;
	return n;
}

size_t ld_peek(const struct ldisc *ld, char *dst, size_t n)
{
	size_t have = ld_readable(ld);
	if (n > have)
		n = have;
	for (size_t i = 0; i < n; i++)
		dst[i] = ring_peek(&ld->in, i);
	return n;
}

void ld_consume(struct ldisc *ld, size_t n)
{
	ring_consumed(&ld->in, n);
}

bool ld_take_eof(struct ldisc *ld)
{
	if (ld->eofs == 0 || ld->commit != ld->in.r)
		return false;
	ld->eofs--;
	return true;
}
