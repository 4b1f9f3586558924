/*
 * The console's line discipline: what typed bytes become before a program
 * reads them.  Pure bookkeeping on a ring (no hardware, no processes), so
 * it is unit-tested on the host; dev/console.c feeds it bytes from the
 * serial port and console_push_input, and carries out what it asks for
 * (echo, a signal to the foreground group, waking readers).
 *
 * The mode is the CON_* bits of abi.h:
 *   CON_CANON  bytes gather into a line that can still be edited
 *              (backspace/DEL erases one, Ctrl-U the whole line); Enter
 *              makes it readable, Ctrl-D makes what is there readable
 *              without a newline (on an empty line: end of file, a read
 *              returns 0).  A read returns at most one line.
 *              Without CANON every byte is readable at once.
 *   CON_ECHO   accepted bytes are echoed (control bytes as ^X in CANON).
 *   CON_ISIG   Ctrl-C, Ctrl-Z and Ctrl-\ are not stored: they ask for
 *              SIGINT, SIGTSTP, SIGQUIT and discard the line being edited.
 *   CON_CRLF   a typed CR reads as LF.
 */
#ifndef DEV_LDISC_H
#define DEV_LDISC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/ring.h"

struct ldisc {
	struct ring in;      /* [r, commit): readable; [commit, w): the line being edited */
	uint64_t commit;
	unsigned eofs;       /* Ctrl-D on an empty line, not yet read */
	int      mode;       /* CON_* */
};

#define LD_ECHO_MAX 8
/* What one input byte asks the console to do. */
struct ld_out {
	char   echo[LD_ECHO_MAX];  /* bytes to echo, in order... */
	size_t necho;
	size_t erase;              /* ...then erase this many columns ("\b \b") */
	int    sig;                /* a signal for the foreground group, or 0 */
	bool   readable;           /* something became readable: wake readers */
};

void ld_init(struct ldisc *ld, char *buf, size_t size, int mode);
/* Takes one byte: 1 if it was used, 0 if it was dropped (input full). */
int  ld_input(struct ldisc *ld, char c, struct ld_out *out);
/* Changes the mode; leaving CANON makes the line being edited readable. */
void ld_set_mode(struct ldisc *ld, int mode, struct ld_out *out);
/* Bytes one read may take now (CANON: up to and including the first LF). */
size_t ld_readable(const struct ldisc *ld);
/* Copies up to n of those bytes to dst without consuming them. */
size_t ld_peek(const struct ldisc *ld, char *dst, size_t n);
void   ld_consume(struct ldisc *ld, size_t n);
/* An end of file is waiting (nothing readable before it): consume it. */
bool   ld_take_eof(struct ldisc *ld);
#endif
