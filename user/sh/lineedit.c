/*
 * The line editor's logic (see lineedit.h).  Every change to the line also
 * says how to show it: the cheap cases (typing or erasing at the end,
 * moving the cursor) write only what changed, so a transcript of a session
 * reads like what was typed; the rest redraw the line from column 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lineedit.h"

/* ---- output ------------------------------------------------------------------ */

static void out_bytes(struct lineedit *le, const char *s, size_t n)
{
	if (n > sizeof(le->out) - le->outlen)
		n = sizeof(le->out) - le->outlen;     /* cannot happen: sized for a redraw */
	memcpy(le->out + le->outlen, s, n);
	le->outlen += n;
}

static void out_str(struct lineedit *le, const char *s)
{
	out_bytes(le, s, strlen(s));
}

static void cursor_left(struct lineedit *le, size_t n)
{
	char seq[24];

	if (n == 0)
		return;
	if (n == 1) {
		out_str(le, "\b");
		return;
	}
	snprintf(seq, sizeof(seq), "\033[%zuD", n);
	out_str(le, seq);
}

/* Column 0, the prompt and the line, the rest of the row cleared, and the
 * cursor put back where it belongs. */
static void redraw(struct lineedit *le)
{
	out_str(le, "\r");
	out_str(le, le->prompt);
	out_bytes(le, le->buf, le->len);
	out_str(le, "\033[K");
	cursor_left(le, le->len - le->pos);
}

/* ---- editing ---------------------------------------------------------------- */

void le_init(struct lineedit *le)
{
	memset(le, 0, sizeof(*le));
}

void le_free(struct lineedit *le)
{
	for (int i = 0; i < le->nhist; i++)
		free(le->hist[i]);
	le->nhist = 0;
}

void le_start(struct lineedit *le, const char *prompt)
{
	strncpy(le->prompt, prompt, sizeof(le->prompt) - 1);
	le->prompt[sizeof(le->prompt) - 1] = '\0';
	le->buf[0] = '\0';
	le->len = le->pos = 0;
	le->esc = 0;
	le->hidx = le->nhist;
	out_str(le, le->prompt);
}

static void insert(struct lineedit *le, char c)
{
	if (le->len + 1 >= sizeof(le->buf))
		return;                         /* full: the byte is dropped */
	memmove(le->buf + le->pos + 1, le->buf + le->pos, le->len - le->pos + 1);
	le->buf[le->pos] = c;
	le->len++;
	le->pos++;
	/* From the new byte to the end, then back to the cursor. */
	out_bytes(le, le->buf + le->pos - 1, le->len - le->pos + 1);
	cursor_left(le, le->len - le->pos);
}

/* Removes the byte at the cursor; the display starts at the cursor. */
static void delete_here(struct lineedit *le)
{
	memmove(le->buf + le->pos, le->buf + le->pos + 1, le->len - le->pos);
	le->len--;
	out_bytes(le, le->buf + le->pos, le->len - le->pos);
	out_str(le, " ");
	cursor_left(le, le->len - le->pos + 1);
}

static void backspace(struct lineedit *le)
{
	if (le->pos == 0)
		return;
	le->pos--;
	out_str(le, "\b");
	delete_here(le);
}

static void delete_forward(struct lineedit *le)
{
	if (le->pos < le->len)
		delete_here(le);
}

static void move_left(struct lineedit *le)
{
	if (le->pos > 0) {
		le->pos--;
		out_str(le, "\b");
	}
}

static void move_right(struct lineedit *le)
{
	if (le->pos < le->len) {
		/* Writing the byte again moves the cursor over it. */
		out_bytes(le, le->buf + le->pos, 1);
		le->pos++;
	}
}

static void move_home(struct lineedit *le)
{
	cursor_left(le, le->pos);
	le->pos = 0;
}

static void move_end(struct lineedit *le)
{
	out_bytes(le, le->buf + le->pos, le->len - le->pos);
	le->pos = le->len;
}

/* Removes buf[from..to) and redraws. */
static void cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	le->pos = from;
	redraw(le);
}

static void kill_word(struct lineedit *le)
{
	size_t i = le->pos;

	while (i > 0 && le->buf[i - 1] == ' ')
		i--;
	while (i > 0 && le->buf[i - 1] != ' ')
		i--;
	cut(le, i, le->pos);
}

/* Replaces the line with s, the cursor at its end. */
static void load(struct lineedit *le, const char *s)
{
	strncpy(le->buf, s, sizeof(le->buf) - 1);
	le->buf[sizeof(le->buf) - 1] = '\0';
	le->len = le->pos = strlen(le->buf);
	redraw(le);
}

static void history_prev(struct lineedit *le)
{
	if (le->hidx == 0)
		return;
	if (le->hidx == le->nhist)
		memcpy(le->saved, le->buf, le->len + 1);
	le->hidx--;
	load(le, le->hist[le->hidx]);
}

static void history_next(struct lineedit *le)
{
	if (le->hidx >= le->nhist)
		return;
	le->hidx++;
	load(le, le->hidx == le->nhist ? le->saved : le->hist[le->hidx]);
}

void le_history_add(struct lineedit *le, const char *line)
{
	size_t n = strlen(line);
	char *copy;

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (strspn(line, " \t") >= n)
		return;                         /* blank */
	if (le->nhist > 0 && strlen(le->hist[le->nhist - 1]) == n &&
	    memcmp(le->hist[le->nhist - 1], line, n) == 0)
		return;                         /* the same as the last one */
	if (!(copy = malloc(n + 1)))
		return;
	memcpy(copy, line, n);
	copy[n] = '\0';
	if (le->nhist == LE_HIST) {
		free(le->hist[0]);
		memmove(le->hist, le->hist + 1, (LE_HIST - 1) * sizeof(le->hist[0]));
		le->nhist--;
	}
	le->hist[le->nhist++] = copy;
	le->hidx = le->nhist;
}

/* The final byte of an escape sequence (and its parameter for ESC [n~). */
static void escape(struct lineedit *le, unsigned char final)
{
	int param = le->nseq ? atoi(le->seq) : 0;

	switch (final) {
	case 'A': history_prev(le); break;
	case 'B': history_next(le); break;
	case 'C': move_right(le); break;
	case 'D': move_left(le); break;
	case 'H': move_home(le); break;
	case 'F': move_end(le); break;
	case '~':
		if (param == 1 || param == 7)
			move_home(le);
		else if (param == 4 || param == 8)
			move_end(le);
		else if (param == 3)
			delete_forward(le);
		break;
	default:
		break;                          /* a key we do not know: ignored */
	}
}

int le_feed(struct lineedit *le, unsigned char c)
{
	int skip_lf = le->skip_lf;

	le->skip_lf = 0;
	if (le->esc == 1) {                     /* after ESC */
		le->nseq = 0;
		le->esc = c == '[' ? 2 : c == 'O' ? 3 : 0;
		return LE_MORE;
	}
	if (le->esc == 2) {                     /* ESC [ params final */
		if ((c >= '0' && c <= '9') || c == ';') {
			if (le->nseq + 1 < sizeof(le->seq)) {
				le->seq[le->nseq++] = (char)c;
				le->seq[le->nseq] = '\0';
			}
			return LE_MORE;
		}
		le->esc = 0;
		if (c >= 0x40 && c <= 0x7e)
			escape(le, c);
		return LE_MORE;
	}
	if (le->esc == 3) {                     /* ESC O final */
		le->esc = 0;
		le->nseq = 0;
		escape(le, c);
		return LE_MORE;
	}

	switch (c) {
	case '\r':
	case '\n':
		if (c == '\n' && skip_lf)
			return LE_MORE;         /* the LF of a CR LF pair */
		le->skip_lf = c == '\r';
		move_end(le);
		out_str(le, "\n");
		return LE_ENTER;
	case 0x03:                              /* Ctrl-C */
		out_str(le, "^C\n");
		le->buf[0] = '\0';
		le->len = le->pos = 0;
		return LE_INTR;
	case 0x04:                              /* Ctrl-D */
		if (le->len == 0)
			return LE_EOF;
		delete_forward(le);
		return LE_MORE;
	case 0x01: move_home(le); break;        /* Ctrl-A */
	case 0x05: move_end(le); break;         /* Ctrl-E */
	case 0x02: move_left(le); break;        /* Ctrl-B */
	case 0x06: move_right(le); break;       /* Ctrl-F */
	case 0x10: history_prev(le); break;     /* Ctrl-P */
	case 0x0e: history_next(le); break;     /* Ctrl-N */
	case 0x08:
	case 0x7f: backspace(le); break;
	case 0x0b: cut(le, le->pos, le->len); break;   /* Ctrl-K */
	case 0x15: cut(le, 0, le->pos); break;         /* Ctrl-U */
	case 0x17: kill_word(le); break;               /* Ctrl-W */
	case 0x0c:                              /* Ctrl-L */
		out_str(le, "\033[H\033[2J");
		redraw(le);
		break;
	case 0x1b:
		le->esc = 1;
		break;
	default:
		if (c >= 0x20)                  /* other control bytes are ignored */
			insert(le, (char)c);
		break;
	}
	return LE_MORE;
}
