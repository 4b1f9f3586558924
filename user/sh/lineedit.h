/*
 * The interactive shell's line editor, without any system call: bytes typed
 * go in one at a time (le_feed), the edited line and the bytes to write to
 * the terminal come out.  The caller owns the terminal: it puts it in a
 * mode without echo or line editing, reads bytes, feeds them, and writes
 * le->out after each one.  Unit-tested on the host
 * (tests/host/test_sh_lineedit.c).
 *
 * Keys: printable bytes insert at the cursor; Backspace (0x7f or 0x08),
 * Delete (ESC [3~) and Ctrl-D on a non-empty line delete; Left/Right
 * (ESC [D / ESC [C, Ctrl-B / Ctrl-F), Home/End (ESC [H / ESC [F, ESC [1~ /
 * ESC [4~, Ctrl-A / Ctrl-E) move; Up/Down (ESC [A / ESC [B, Ctrl-P /
 * Ctrl-N) walk the history; Ctrl-U kills to the start, Ctrl-K to the end,
 * Ctrl-W the word before the cursor; Ctrl-L clears the screen; Enter (CR or
 * LF) ends the line; Ctrl-C abandons it; Ctrl-D on an empty line is EOF.
 *
 * The display is assumed to be one row: a line longer than the terminal is
 * still edited correctly, but redrawn imperfectly.  Bytes count as one
 * column each.
 */
#ifndef SH_LINEEDIT_H
#define SH_LINEEDIT_H
#include <stddef.h>

#define LE_MAX     1024          /* bytes in a line, the NUL included */
#define LE_PROMPT  256           /* bytes of prompt kept */
#define LE_HIST    100           /* lines of history kept */
#define LE_OUT     (2 * LE_MAX + LE_PROMPT + 64)

/* What le_feed says. */
enum {
	LE_MORE,    /* keep feeding */
	LE_ENTER,   /* the line is done: le->buf */
	LE_EOF,     /* Ctrl-D on an empty line */
	LE_INTR,    /* Ctrl-C: the line was abandoned */
};

struct lineedit {
	char buf[LE_MAX];           /* the line, NUL-terminated */
	size_t len, pos;            /* its length and the cursor */
	char prompt[LE_PROMPT];
	int esc;                    /* escape sequence: 0 none, 1 after ESC, 2 in CSI, 3 after ESC O */
	char seq[8];                /* the CSI parameter bytes so far */
	size_t nseq;
	int skip_lf;                /* the last line ended with CR: a LF right after is part of it */
	char *hist[LE_HIST];        /* oldest first */
	int nhist;
	int hidx;                   /* the entry shown; nhist = the line being typed */
	char saved[LE_MAX];         /* that line, while the history is shown */
	char out[LE_OUT];           /* bytes for the terminal; the caller empties it */
	size_t outlen;
};

void le_init(struct lineedit *le);
void le_free(struct lineedit *le);           /* the history */
/* Starts a line: an empty buffer and the prompt written out. */
void le_start(struct lineedit *le, const char *prompt);
/* One byte typed: LE_MORE, LE_ENTER, LE_EOF or LE_INTR. */
int le_feed(struct lineedit *le, unsigned char c);
/* Adds a line to the history (not blank ones, nor a repeat of the last). */
void le_history_add(struct lineedit *le, const char *line);

#endif
