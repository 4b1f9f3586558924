/*
 * user/sh/lineedit.c: the line editor.  Besides the buffer after each key,
 * what the editor writes is played on a one-row model of a terminal
 * (printable bytes, CR, BS, ESC [nD, ESC [K, ESC [H ESC [2J): the row must
 * always read prompt + line, with the cursor at the editing position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "lineedit.h"

/* ---- a one-row terminal -------------------------------------------------------- */

#define COLS 4096

struct term {
	char row[COLS + 1];
	size_t width;           /* columns written so far */
	size_t col;
	int newlines;           /* LFs seen (each starts a fresh row) */
};

static void term_reset(struct term *t)
{
	memset(t, 0, sizeof(*t));
}

static void term_play(struct term *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r') {
			t->col = 0;
		} else if (c == '\n') {
			t->newlines++;
			memset(t->row, 0, sizeof(t->row));
			t->width = t->col = 0;
		} else if (c == '\b') {
			if (t->col > 0)
				t->col--;
		} else if (c == 0x1b && i + 1 < n && s[i + 1] == '[') {
			size_t j = i + 2, num = 0;
			int have = 0;
			while (j < n && s[j] >= '0' && s[j] <= '9') {
				num = num * 10 + (size_t)(s[j] - '0');
				have = 1;
				j++;
			}
			if (j >= n)
				return;
			if (s[j] == 'D') {
				size_t k = have ? num : 1;
				t->col = k > t->col ? 0 : t->col - k;
			} else if (s[j] == 'K') {
				memset(t->row + t->col, 0, COLS - t->col);
				t->width = t->col;
			} else if (s[j] == 'H') {
				t->col = 0;
			} else if (s[j] == 'J') {
				memset(t->row, 0, sizeof(t->row));
				t->width = 0;
			}
			i = j;
		} else if (c >= 0x20 && t->col < COLS) {
			t->row[t->col++] = (char)c;
			if (t->col > t->width)
				t->width = t->col;
		}
	}
}

/* ---- helpers ----------------------------------------------------------------- */

static struct lineedit le;
static struct term term;

static void start(const char *prompt)
{
	le_start(&le, prompt);
	term_play(&term, le.out, le.outlen);
	le.outlen = 0;
}

/* Feeds every byte of keys; returns the last action. */
static int type(const char *keys)
{
	int a = LE_MORE;

	for (const char *k = keys; *k; k++) {
		a = le_feed(&le, (unsigned char)*k);
		term_play(&term, le.out, le.outlen);
		le.outlen = 0;
	}
	return a;
}

/* Blanks at the end of a row are what an erased cell looks like. */
static void rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* The screen must show prompt + line with the cursor at the edit point. */
static void screen_ok(const char *prompt)
{
	char want[COLS + 1], row[COLS + 1];

	snprintf(want, sizeof(want), "%s%s", prompt, le.buf);
	snprintf(row, sizeof(row), "%s", term.row);
	rtrim(want);
	rtrim(row);
	if (strcmp(row, want) != 0)
		FAILF("screen \"%s\", want \"%s\"", term.row, want);
	else if (term.col != strlen(prompt) + le.pos)
		FAILF("cursor at %zu, want %zu", term.col, strlen(prompt) + le.pos);
}

static void begin(void)
{
	le_free(&le);
	le_init(&le);
	term_reset(&term);
	start("$ ");
}

/* ---- cases --------------------------------------------------------------------- */

TEST(typing)
{
	begin();
	CHECK_EQ(type("echo hi"), LE_MORE);
	CHECK_STR(le.buf, "echo hi");
	CHECK_EQ(le.pos, 7);
	CALL(screen_ok("$ "));
	CHECK_EQ(type("\r"), LE_ENTER);
	CHECK_STR(le.buf, "echo hi");
	CHECK_EQ(term.newlines, 1);
}

TEST(typing_is_plain_echo)
{
	/* Typing at the end writes just the bytes: a transcript stays readable. */
	begin();
	le_feed(&le, 'a');
	CHECK_EQ(le.outlen, 1);
	CHECK_EQ(le.out[0], 'a');
	le.outlen = 0;
	le_feed(&le, 0x7f);
	CHECK_EQ(le.outlen, 3);
	CHECK(memcmp(le.out, "\b \b", 3) == 0);
	le.outlen = 0;
}

TEST(enter_variants)
{
	begin();
	CHECK_EQ(type("a\r"), LE_ENTER);
	start("$ ");
	/* The LF of a CR LF pair belongs to the line before. */
	CHECK_EQ(type("\n"), LE_MORE);
	CHECK_EQ(type("b\n"), LE_ENTER);
	CHECK_STR(le.buf, "b");
	start("$ ");
	CHECK_EQ(type("\n"), LE_ENTER);       /* a LF alone is Enter */
	CHECK_STR(le.buf, "");
}

TEST(cursor_moves)
{
	begin();
	type("hxllo");
	type("\033[D\033[D\033[D");
	CHECK_EQ(le.pos, 2);
	CALL(screen_ok("$ "));
	type("\x7f" "e");
	CHECK_STR(le.buf, "hello");
	CHECK_EQ(le.pos, 2);
	CALL(screen_ok("$ "));
	type("\001");                        /* Ctrl-A */
	CHECK_EQ(le.pos, 0);
	CALL(screen_ok("$ "));
	type("\033[C\033[C");
	CHECK_EQ(le.pos, 2);
	type("\005");                        /* Ctrl-E */
	CHECK_EQ(le.pos, 5);
	CALL(screen_ok("$ "));
	type("\033[H");
	CHECK_EQ(le.pos, 0);
	type("\033[F");
	CHECK_EQ(le.pos, 5);
	type("\033[1~");
	CHECK_EQ(le.pos, 0);
	type("\033[4~");
	CHECK_EQ(le.pos, 5);
	type("\033OH");                      /* the SS3 forms */
	CHECK_EQ(le.pos, 0);
	type("\033OC\002\006\006");          /* right, Ctrl-B, Ctrl-F twice */
	CHECK_EQ(le.pos, 2);
	type("\033[1;5D");                   /* Ctrl-Left: treated as Left */
	CHECK_EQ(le.pos, 1);
	CALL(screen_ok("$ "));
	/* At the edges nothing moves. */
	type("\001\033[D\002");
	CHECK_EQ(le.pos, 0);
	type("\005\033[C\006");
	CHECK_EQ(le.pos, 5);
	CALL(screen_ok("$ "));
}

TEST(deleting)
{
	begin();
	type("abcdef\001\033[3~");           /* Delete at the start */
	CHECK_STR(le.buf, "bcdef");
	CALL(screen_ok("$ "));
	type("\033[C\004");                  /* Ctrl-D on a non-empty line */
	CHECK_STR(le.buf, "bdef");
	CALL(screen_ok("$ "));
	type("\005\033[3~");                 /* Delete at the end: nothing */
	CHECK_STR(le.buf, "bdef");
	type("\001\x7f\b");                  /* Backspace at the start: nothing */
	CHECK_STR(le.buf, "bdef");
	type("\005\b\b");
	CHECK_STR(le.buf, "bd");
	CALL(screen_ok("$ "));
}

TEST(kills)
{
	begin();
	type("one two  three");
	type("\027");                        /* Ctrl-W */
	CHECK_STR(le.buf, "one two  ");
	CALL(screen_ok("$ "));
	type("\027");
	CHECK_STR(le.buf, "one ");
	type("\001\033[C\013");              /* Ctrl-K after "o" */
	CHECK_STR(le.buf, "o");
	CALL(screen_ok("$ "));
	type("xyz\033[D\025");               /* Ctrl-U before "z" */
	CHECK_STR(le.buf, "z");
	CHECK_EQ(le.pos, 0);
	CALL(screen_ok("$ "));
}

TEST(ctrl_c_and_d)
{
	begin();
	CHECK_EQ(type("abc\003"), LE_INTR);
	CHECK_STR(le.buf, "");
	CHECK_EQ(term.newlines, 1);
	start("$ ");
	CHECK_EQ(type("\004"), LE_EOF);
}

TEST(history)
{
	begin();
	le_history_add(&le, "first");
	le_history_add(&le, "second\n");
	le_history_add(&le, "second");       /* a repeat: not kept */
	le_history_add(&le, "   ");          /* blank: not kept */
	CHECK_EQ(le.nhist, 2);
	start("$ ");
	type("draft");
	type("\033[A");
	CHECK_STR(le.buf, "second");
	CALL(screen_ok("$ "));
	type("\033[A");
	CHECK_STR(le.buf, "first");
	type("\033[A");                      /* the oldest: stays */
	CHECK_STR(le.buf, "first");
	type("\016");                        /* Ctrl-N */
	CHECK_STR(le.buf, "second");
	type("\033[B");
	CHECK_STR(le.buf, "draft");          /* back to what was being typed */
	CALL(screen_ok("$ "));
	type("\033[B");
	CHECK_STR(le.buf, "draft");
	type("\020!");                       /* Ctrl-P, then edit the copy */
	CHECK_STR(le.buf, "second!");
	CHECK_EQ(type("\r"), LE_ENTER);
	CHECK_STR(le.hist[1], "second");     /* the history itself is unchanged */
	le_history_add(&le, le.buf);
	CHECK_EQ(le.nhist, 3);
	start("$ ");
	type("\033[A");
	CHECK_STR(le.buf, "second!");
}

TEST(history_limit)
{
	char line[32];

	begin();
	for (int i = 0; i < LE_HIST + 20; i++) {
		snprintf(line, sizeof(line), "cmd %d", i);
		le_history_add(&le, line);
	}
	CHECK_EQ(le.nhist, LE_HIST);
	CHECK_STR(le.hist[0], "cmd 20");
	snprintf(line, sizeof(line), "cmd %d", LE_HIST + 19);
	CHECK_STR(le.hist[LE_HIST - 1], line);
}

TEST(full_line)
{
	begin();
	for (int i = 0; i < LE_MAX + 100; i++)
		le_feed(&le, 'x'), le.outlen = 0;
	CHECK_EQ(le.len, LE_MAX - 1);
	CHECK_EQ(strlen(le.buf), LE_MAX - 1);
	/* Inserting in the middle of a full line changes nothing either. */
	type("\001y");
	CHECK_EQ(le.len, LE_MAX - 1);
	CHECK_EQ(le.buf[0], 'x');
}

TEST(ignored_keys)
{
	begin();
	type("a\tb\001\033[Z\033[99~\033x");
	CHECK_STR(le.buf, "ab");
	type("c");
	CHECK_STR(le.buf, "cab");            /* ESC x was swallowed whole */
	CALL(screen_ok("$ "));
}

TEST(clear_screen)
{
	begin();
	type("abc\033[D\014");               /* Ctrl-L */
	CALL(screen_ok("$ "));
	CHECK_EQ(le.pos, 2);
}

/* Random keys: the screen model must always agree with the buffer. */
TEST(fuzz)
{
	static const char *const keys[] = {
		"a", "b", " ", "\x7f", "\b", "\033[D", "\033[C", "\033[A", "\033[B",
		"\001", "\005", "\013", "\025", "\027", "\033[3~", "\004", "\014",
		"\033[H", "\033[F", "\002", "\006", "\020", "\016",
	};
	unsigned seed = 777;

	begin();
	le_history_add(&le, "history one");
	le_history_add(&le, "two");
	term_reset(&term);
	start("prompt> ");
	for (int i = 0; i < 50000; i++) {
		seed = seed * 1103515245u + 12345u;
		const char *k = keys[(seed >> 16) % (sizeof(keys) / sizeof(keys[0]))];
		if (strcmp(k, "\004") == 0 && le.len == 0)
			continue;           /* EOF would end the line */
		type(k);
		CHECK(le.pos <= le.len);
		CHECK_EQ(strlen(le.buf), le.len);
		CALL(screen_ok("prompt> "));
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(typing);
	RUN(typing_is_plain_echo);
	RUN(enter_variants);
	RUN(cursor_moves);
	RUN(deleting);
	RUN(kills);
	RUN(ctrl_c_and_d);
	RUN(history);
	RUN(history_limit);
	RUN(full_line);
	RUN(ignored_keys);
	RUN(clear_screen);
	RUN(fuzz);
	le_free(&le);
	return t_end();
}
