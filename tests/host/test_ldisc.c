/* kernel/src/dev/ldisc.c: the console's line discipline. */
#include <stdint.h>
#include "test.h"
#include "dev/ldisc.h"
#include <aurora/abi.h>

static char buf[64];
static struct ldisc ld;
static char echoed[256];
static size_t nechoed;
static int last_sig;

static void start(int mode)
{
	ld_init(&ld, buf, sizeof(buf), mode);
	nechoed = 0;
	last_sig = 0;
	memset(echoed, 0, sizeof(echoed));
}

/* Types s; the echo (erasures as "<") collects in echoed. */
static int type(const char *s, size_t n)
{
	int used = 0;
	for (size_t i = 0; i < n; i++) {
		struct ld_out o;
		used += ld_input(&ld, s[i], &o);
		for (size_t k = 0; k < o.necho; k++)
			echoed[nechoed++] = o.echo[k];
		for (size_t k = 0; k < o.erase; k++)
			echoed[nechoed++] = '<';
		if (o.sig)
			last_sig = o.sig;
	}
	return used;
}
#define TYPE(s) type(s, sizeof(s) - 1)

/* What one read of up to n bytes gets. */
static size_t rd(char *dst, size_t n)
{
	size_t got = ld_peek(&ld, dst, n);
	ld_consume(&ld, got);
	dst[got] = 0;
	return got;
}

TEST(canonical_lines)
{
	char out[65];
	start(CON_COOKED);
	TYPE("hello");
	CHECK_EQ(ld_readable(&ld), 0);                 /* not a line yet */
	TYPE("\rworld\r");
	CHECK_EQ(rd(out, 64), 6);                      /* one line per read */
	CHECK(strcmp(out, "hello\n") == 0);
	CHECK_EQ(rd(out, 3), 3);                       /* or less if asked */
	CHECK(strcmp(out, "wor") == 0);
	CHECK_EQ(rd(out, 64), 3);
	CHECK(strcmp(out, "ld\n") == 0);
	CHECK(strcmp(echoed, "hello\nworld\n") == 0);
}

TEST(backspace_and_kill)
{
	char out[65];
	start(CON_COOKED);
	TYPE("abx\x7f" "c\b\bd");
	CHECK(strcmp(echoed, "abx<c<<d") == 0);
	TYPE("\n");
	CHECK_EQ(rd(out, 64), 3);
	CHECK(strcmp(out, "ad\n") == 0);
	TYPE("\x7f");                                  /* nothing to erase: no echo */
	TYPE("junk\x15ok\n");
	CHECK_EQ(rd(out, 64), 3);
	CHECK(strcmp(out, "ok\n") == 0);
	CHECK(strstr(echoed, "junk<<<<ok") != NULL);
}

TEST(ctrl_d)
{
	char out[65];
	start(CON_COOKED);
	TYPE("abc\x04");                               /* readable, no newline */
	CHECK_EQ(rd(out, 64), 3);
	CHECK(!ld_take_eof(&ld));
	TYPE("\x04");                                  /* empty line: end of file */
	CHECK_EQ(ld_readable(&ld), 0);
	CHECK(ld_take_eof(&ld));
	CHECK(!ld_take_eof(&ld));
	TYPE("x\n\x04");                               /* eof after a line */
	CHECK(!ld_take_eof(&ld));
	CHECK_EQ(rd(out, 64), 2);
	CHECK(ld_take_eof(&ld));
}

TEST(signals)
{
	char out[65];
	start(CON_COOKED);
	TYPE("partial\x03");
	CHECK_EQ(last_sig, SIGINT);
	CHECK_EQ(ld_readable(&ld), 0);                 /* the line is gone */
	TYPE("\x1a");
	CHECK_EQ(last_sig, SIGTSTP);
	TYPE("\x1c");
	CHECK_EQ(last_sig, SIGQUIT);
	TYPE("ok\n");
	CHECK_EQ(rd(out, 64), 3);
	CHECK(strstr(echoed, "^C\n^Z\n^\\\nok\n") != NULL);
	/* Without ISIG, Ctrl-C is a byte like any other. */
	start(CON_RAW);
	last_sig = 0;
	TYPE("\x03");
	CHECK_EQ(last_sig, 0);
	CHECK_EQ(rd(out, 64), 1);
	CHECK_EQ(out[0], 3);
}

TEST(raw)
{
	char out[65];
	start(CON_RAW);
	TYPE("a\rb\x7f");
	CHECK_EQ(ld_readable(&ld), 4);                 /* no editing, no CR mapping */
	CHECK_EQ(rd(out, 64), 4);
	CHECK(memcmp(out, "a\rb\x7f", 4) == 0);
	CHECK_EQ(nechoed, 0);                          /* no echo */
	start(CON_ECHO);
	TYPE("xy");
	CHECK(strcmp(echoed, "xy") == 0);
}

TEST(mode_change_commits)
{
	char out[65];
	struct ld_out o;
	start(CON_COOKED);
	TYPE("half");
	CHECK_EQ(ld_readable(&ld), 0);
	ld_set_mode(&ld, CON_CRLF, &o);
	CHECK(o.readable);
	CHECK_EQ(rd(out, 64), 4);
}

/* A full buffer drops bytes, but a line can always be ended. */
TEST(full)
{
	char out[65];
	start(CON_COOKED);
	char many[100];
	memset(many, 'z', sizeof(many));
	int used = type(many, sizeof(many));
	CHECK_EQ(used, 63);
	CHECK_EQ(TYPE("\n"), 1);
	CHECK_EQ(rd(out, 64), 64);
	CHECK_EQ(out[63], '\n');
	start(CON_RAW);
	CHECK_EQ(type(many, sizeof(many)), 64);
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(canonical_lines);
	RUN(backspace_and_kill);
	RUN(ctrl_d);
	RUN(signals);
	RUN(raw);
	RUN(mode_change_commits);
	RUN(full);
	return t_end();
}
