/*
 * user/sh/parse.c: the shell's tokenizer, parser and word expansion.
 * Trees are checked through a compact dump, e.g. "a b | c" is
 * "pipe(cmd(a b), cmd(c))".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "parse.h"

/* ---- dumping a tree ---------------------------------------------------------- */

static void put(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);
	snprintf(out + n, size - n, "%s", s);
}

static void dump(struct node *n, char *out, size_t size);

static void dump_kids(struct node *n, char *out, size_t size, const char *sep)
{
	for (int i = 0; i < n->n; i++) {
		if (i)
			put(out, size, sep);
		dump(n->kid[i], out, size);
	}
}

static void dump_redirs(struct node *n, char *out, size_t size)
{
	static const char *const ops[] = { "<", ">", ">>", ">&" };
	char buf[64];

	for (int i = 0; i < n->nredir; i++) {
		snprintf(buf, sizeof(buf), " %d%s%s", n->redir[i].fd,
			 ops[n->redir[i].type], n->redir[i].word);
		put(out, size, buf);
	}
}

static void dump(struct node *n, char *out, size_t size)
{
	switch (n->type) {
	case N_CMD:
		put(out, size, "cmd(");
		for (int i = 0; i < n->nword; i++) {
			if (i)
				put(out, size, " ");
			put(out, size, n->word[i]);
		}
		dump_redirs(n, out, size);
		put(out, size, ")");
		return;
	case N_PIPE: put(out, size, "pipe("); dump_kids(n, out, size, ", "); break;
	case N_AND:  put(out, size, "and(");  dump_kids(n, out, size, ", "); break;
	case N_OR:   put(out, size, "or(");   dump_kids(n, out, size, ", "); break;
	case N_NOT:  put(out, size, "not(");  dump_kids(n, out, size, ", "); break;
	case N_GROUP: put(out, size, "group("); dump_kids(n, out, size, ", "); break;
	case N_SUBSHELL: put(out, size, "sub("); dump_kids(n, out, size, ", "); break;
	case N_IF:   put(out, size, "if(");   dump_kids(n, out, size, ", "); break;
	case N_WHILE: put(out, size, "while("); dump_kids(n, out, size, ", "); break;
	case N_UNTIL: put(out, size, "until("); dump_kids(n, out, size, ", "); break;
	case N_FOR:
		put(out, size, "for(");
		put(out, size, n->var);
		if (n->has_in) {
			put(out, size, " in");
			for (int i = 0; i < n->nword; i++) {
				put(out, size, " ");
				put(out, size, n->word[i]);
			}
		}
		put(out, size, ": ");
		dump_kids(n, out, size, ", ");
		break;
	case N_LIST:
		/* A list of one plain item is shown as the item itself. */
		if (n->n == 1 && !n->bg[0]) {
			dump(n->kid[0], out, size);
			return;
		}
		put(out, size, "list(");
		for (int i = 0; i < n->n; i++) {
			if (i)
				put(out, size, "; ");
			dump(n->kid[i], out, size);
			if (n->bg[i])
				put(out, size, " &");
		}
		break;
	}
	dump_redirs(n, out, size);
	put(out, size, ")");
}

/* Parses src; its dump must be want. */
static void parses_as(const char *src, const char *want)
{
	struct node *tree;
	char err[64], got[1024] = "";
	int r = sh_parse(src, &tree, err, sizeof(err));

	if (r != PARSE_OK) {
		FAILF("parse \"%s\": status %d (%s)", src, r, err);
		return;
	}
	if (tree)
		dump(tree, got, sizeof(got));
	else
		snprintf(got, sizeof(got), "(blank)");
	sh_free(tree);
	if (strcmp(got, want) != 0)
		FAILF("parse \"%s\": got %s, want %s", src, got, want);
}

/* src must need more input. */
static void incomplete(const char *src)
{
	struct node *tree;
	char err[64];
	int r = sh_parse(src, &tree, err, sizeof(err));

	sh_free(tree);
	if (r != PARSE_INCOMPLETE)
		FAILF("parse \"%s\": status %d, want INCOMPLETE", src, r);
}

/* src must be a syntax error near `near`. */
static void error_near(const char *src, const char *near)
{
	struct node *tree;
	char err[64];
	int r = sh_parse(src, &tree, err, sizeof(err));

	sh_free(tree);
	if (r != PARSE_ERROR)
		FAILF("parse \"%s\": status %d, want ERROR", src, r);
	else if (strcmp(err, near) != 0)
		FAILF("parse \"%s\": error near '%s', want '%s'", src, err, near);
}

TEST(simple_words)
{
	CALL(parses_as("echo hello world", "cmd(echo hello world)"));
	CALL(parses_as("  echo\thello  ", "cmd(echo hello)"));
	CALL(parses_as("echo 'a b' \"c d\" e\\ f", "cmd(echo 'a b' \"c d\" e\\ f)"));
	CALL(parses_as("echo a'b'\"c\"d", "cmd(echo a'b'\"c\"d)"));
	CALL(parses_as("echo ${X} ${Y:-a b}", "cmd(echo ${X} ${Y:-a b})"));
	CALL(parses_as("echo \"${X:-\"}\"}\"", "cmd(echo \"${X:-\"}\"}\")"));
	CALL(parses_as("echo if then fi", "cmd(echo if then fi)"));
	CALL(parses_as("X=1 Y=2 env", "cmd(X=1 Y=2 env)"));
}

TEST(blank_and_comments)
{
	CALL(parses_as("", "(blank)"));
	CALL(parses_as("   \n\n  \t", "(blank)"));
	CALL(parses_as("# a comment", "(blank)"));
	CALL(parses_as("echo a # b c", "cmd(echo a)"));
	CALL(parses_as("echo a#b", "cmd(echo a#b)"));
	CALL(parses_as("echo '#x' \\#y", "cmd(echo '#x' \\#y)"));
}

TEST(line_joins)
{
	CALL(parses_as("echo a\\\nb", "cmd(echo ab)"));
	CALL(parses_as("echo a \\\n b", "cmd(echo a b)"));
	CALL(parses_as("echo \"a\\\nb\"", "cmd(echo \"ab\")"));
	CALL(parses_as("echo 'a\\\nb'", "cmd(echo 'a\\\nb')"));
}

TEST(operators)
{
	CALL(parses_as("a | b | c", "pipe(cmd(a), cmd(b), cmd(c))"));
	CALL(parses_as("a|b", "pipe(cmd(a), cmd(b))"));
	CALL(parses_as("a && b || c", "or(and(cmd(a), cmd(b)), cmd(c))"));
	CALL(parses_as("a || b && c", "and(or(cmd(a), cmd(b)), cmd(c))"));
	CALL(parses_as("a | b && c | d", "and(pipe(cmd(a), cmd(b)), pipe(cmd(c), cmd(d)))"));
	CALL(parses_as("a; b", "list(cmd(a); cmd(b))"));
	CALL(parses_as("a; b;", "list(cmd(a); cmd(b))"));
	CALL(parses_as("a & b", "list(cmd(a) &; cmd(b))"));
	CALL(parses_as("a&", "list(cmd(a) &)"));
	CALL(parses_as("a && b &", "list(and(cmd(a), cmd(b)) &)"));
	CALL(parses_as("a\nb\n", "list(cmd(a); cmd(b))"));
	CALL(parses_as("a &&\n\n b", "and(cmd(a), cmd(b))"));
	CALL(parses_as("a |\n b", "pipe(cmd(a), cmd(b))"));
	CALL(parses_as("! a | b", "not(pipe(cmd(a), cmd(b)))"));
}

TEST(redirections)
{
	CALL(parses_as("cat <in >out", "cmd(cat 0<in 1>out)"));
	CALL(parses_as("cat < in > out >> app", "cmd(cat 0<in 1>out 1>>app)"));
	CALL(parses_as("ls 2>err 2>&1", "cmd(ls 2>err 2>&1)"));
	CALL(parses_as("ls >f 2>&1", "cmd(ls 1>f 2>&1)"));
	CALL(parses_as("ls >&2", "cmd(ls 1>&2)"));
	CALL(parses_as("cat <&3", "cmd(cat 0>&3)"));
	CALL(parses_as("ls 2>&-", "cmd(ls 2>&-)"));
	/* Digits are a descriptor only right against the operator. */
	CALL(parses_as("echo 2 >x", "cmd(echo 2 1>x)"));
	CALL(parses_as("echo a2>x", "cmd(echo a2 1>x)"));
	CALL(parses_as(">out", "cmd( 1>out)"));
	CALL(parses_as("> 'a file' echo", "cmd(echo 1>'a file')"));
	CALL(parses_as("{ a; b; } >f 2>&1", "group(list(cmd(a); cmd(b)) 1>f 2>&1)"));
}

TEST(compound)
{
	CALL(parses_as("if a; then b; fi", "if(cmd(a), cmd(b))"));
	CALL(parses_as("if a; then b; else c; fi", "if(cmd(a), cmd(b), cmd(c))"));
	CALL(parses_as("if a\nthen\n b\nelif c\nthen d\nelse e\nfi",
		       "if(cmd(a), cmd(b), if(cmd(c), cmd(d), cmd(e)))"));
	CALL(parses_as("while a; do b; c; done", "while(cmd(a), list(cmd(b); cmd(c)))"));
	CALL(parses_as("until a; do b; done", "until(cmd(a), cmd(b))"));
	CALL(parses_as("for i in 1 2 $X; do echo $i; done",
		       "for(i in 1 2 $X: cmd(echo $i))"));
	CALL(parses_as("for i\ndo echo $i\ndone", "for(i: cmd(echo $i))"));
	CALL(parses_as("for i; do b; done", "for(i: cmd(b))"));
	CALL(parses_as("for i in; do b; done", "for(i in: cmd(b))"));
	CALL(parses_as("{ a; b; }", "group(list(cmd(a); cmd(b)))"));
	CALL(parses_as("(a; b) | c", "pipe(sub(list(cmd(a); cmd(b))), cmd(c))"));
	CALL(parses_as("(a) >f", "sub(cmd(a) 1>f)"));
	CALL(parses_as("if a; then b; fi && c", "and(if(cmd(a), cmd(b)), cmd(c))"));
	CALL(parses_as("while a; do if b; then break; fi; done",
		       "while(cmd(a), if(cmd(b), cmd(break)))"));
	/* Reserved words are only reserved first in a command. */
	CALL(parses_as("echo { } done", "cmd(echo { } done)"));
	CALL(parses_as("{echo}", "cmd({echo})"));
}

TEST(item_text)
{
	struct node *t;
	char err[64];

	CHECK_EQ(sh_parse("sleep 100 &  ls -l | wc ; x && y\n", &t, err, sizeof(err)), PARSE_OK);
	CHECK_EQ(t->n, 3);
	CHECK_STR(t->kid[0]->text, "sleep 100");
	CHECK_STR(t->kid[1]->text, "ls -l | wc");
	CHECK_STR(t->kid[2]->text, "x && y");
	CHECK_EQ(t->bg[0], 1);
	CHECK_EQ(t->bg[1], 0);
	sh_free(t);
}

TEST(incomplete_input)
{
	CALL(incomplete("echo 'abc"));
	CALL(incomplete("echo \"abc"));
	CALL(incomplete("echo \"a\\\""));
	CALL(incomplete("echo abc\\"));
	CALL(incomplete("echo ${X"));
	CALL(incomplete("ls |"));
	CALL(incomplete("ls | \n"));
	CALL(incomplete("ls &&"));
	CALL(incomplete("ls ||\n"));
	CALL(incomplete("! "));
	CALL(incomplete("if true; then"));
	CALL(incomplete("if true; then ls; else"));
	CALL(incomplete("while true\n"));
	CALL(incomplete("for i in a b; do"));
	CALL(incomplete("for i in a b\n"));
	CALL(incomplete("{ ls;"));
	CALL(incomplete("(ls"));
	CALL(incomplete("(ls\n"));
}

TEST(syntax_errors)
{
	CALL(error_near("| ls", "|"));
	CALL(error_near("ls | | wc", "|"));
	CALL(error_near("ls ;;", ";"));
	CALL(error_near(";", ";"));
	CALL(error_near("ls & &", "&"));
	CALL(error_near("&& ls", "&&"));
	CALL(error_near("ls >", "newline"));
	CALL(error_near("ls >\n", "newline"));
	CALL(error_near("ls > | x", "|"));
	CALL(error_near("fi", "fi"));
	CALL(error_near("then ls", "then"));
	CALL(error_near("ls )", ")"));
	CALL(error_near("}", "}"));
	CALL(parses_as("ls }", "cmd(ls })"));   /* an argument: a word */
	CALL(error_near("if ; then x; fi", ";"));
	CALL(error_near("if x; then; fi", ";"));
	CALL(error_near("{ }", "}"));
	CALL(error_near("( )", ")"));
	CALL(error_near("for 1x in a; do b; done", "1x"));
	CALL(error_near("for i in a b do b; done", "done"));
	CALL(error_near("(a) b", "b"));
	/* What is not supported is refused by name, not misread. */
	CALL(error_near("echo $(ls)", "$("));
	CALL(error_near("echo \"a $(ls)\"", "$("));
	CALL(error_near("echo `ls`", "`"));
	CALL(error_near("echo \"`ls`\"", "`"));
	CALL(error_near("cat <<EOF", "<<"));
	CALL(parses_as("echo '$(ls) `x` <<'", "cmd(echo '$(ls) `x` <<')"));
	CALL(error_near("echo \\$(ls)", "("));      /* as bash: a $, then ( */
}

/* ---- expansion ----------------------------------------------------------------- */

static const char *lookup(void *ctx, const char *name)
{
	static const char *const table[][2] = {
		{ "X", "a b" }, { "Y", "y" }, { "SP", " lead  trail " },
		{ "EMPTY", "" }, { "HOME", "/home/me" }, { "?", "3" },
		{ "1", "first" }, { "@", "p1 p2" }, { "Q", "it's" },
	};

	(void)ctx;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i][0], name) == 0)
			return table[i][1];
	return NULL;
}

static const struct expand_env env = { lookup, NULL };

/* Expands raw (with splitting); the fields joined by '|' must be want. */
static void expands_to(const char *raw, const char *want)
{
	struct strvec sv = { 0 };
	char err[128], got[512] = "";

	if (sh_expand(raw, &env, 1, &sv, NULL, err, sizeof(err)) < 0) {
		FAILF("expand \"%s\": error %s", raw, err);
		sv_free(&sv);
		return;
	}
	for (int i = 0; i < sv.n; i++) {
		if (i)
			put(got, sizeof(got), "|");
		put(got, sizeof(got), sv.v[i]);
	}
	if (sv.n == 0)
		snprintf(got, sizeof(got), "(none)");
	sv_free(&sv);
	if (strcmp(got, want) != 0)
		FAILF("expand \"%s\": got \"%s\", want \"%s\"", raw, got, want);
}

TEST(expand_quotes)
{
	CALL(expands_to("abc", "abc"));
	CALL(expands_to("'a b'", "a b"));
	CALL(expands_to("\"a b\"", "a b"));
	CALL(expands_to("a\\ b", "a b"));
	CALL(expands_to("a'b'\"c\"d", "abcd"));
	CALL(expands_to("''", ""));
	CALL(expands_to("\"\"", ""));
	CALL(expands_to("'$X'", "$X"));
	CALL(expands_to("\\$X", "$X"));
	CALL(expands_to("\"a\\\"b\"", "a\"b"));
	CALL(expands_to("\"a\\\\b\"", "a\\b"));
	CALL(expands_to("\"a\\nb\"", "a\\nb"));
	CALL(expands_to("\"\\$X\"", "$X"));
	CALL(expands_to("'a\\b'", "a\\b"));
	CALL(expands_to("\\\\", "\\"));
	CALL(expands_to("a\\", "a\\"));
}

TEST(expand_params)
{
	CALL(expands_to("$Y", "y"));
	CALL(expands_to("${Y}z", "yz"));
	CALL(expands_to("$Yz", "(none)"));
	CALL(expands_to("$X", "a|b"));
	CALL(expands_to("\"$X\"", "a b"));
	CALL(expands_to("pre$X", "prea|b"));
	CALL(expands_to("$SP", "lead|trail"));
	CALL(expands_to("<$SP>", "<|lead|trail|>"));
	CALL(expands_to("\"<$SP>\"", "< lead  trail >"));
	CALL(expands_to("$EMPTY", "(none)"));
	CALL(expands_to("$UNSET", "(none)"));
	CALL(expands_to("\"$UNSET\"", ""));
	CALL(expands_to("$UNSET''", ""));
	CALL(expands_to("$?", "3"));
	CALL(expands_to("$?x", "3x"));
	CALL(expands_to("$1$Y", "firsty"));
	CALL(expands_to("$12", "first2"));
	CALL(expands_to("$@", "p1|p2"));
	CALL(expands_to("$Q", "it's"));
	CALL(expands_to("$", "$"));
	CALL(expands_to("a$", "a$"));
	CALL(expands_to("$-x", "$-x"));
	CALL(expands_to("${#X}", "3"));
	CALL(expands_to("${#UNSET}", "0"));
	CALL(expands_to("${UNSET:-d e}", "d|e"));
	CALL(expands_to("\"${UNSET:-d e}\"", "d e"));
	CALL(expands_to("${EMPTY:-d}", "d"));
	CALL(expands_to("${EMPTY-d}", "(none)"));
	CALL(expands_to("${UNSET-d}", "d"));
	CALL(expands_to("${Y:-d}", "y"));
	CALL(expands_to("${Y:+alt}", "alt"));
	CALL(expands_to("${EMPTY:+alt}", "(none)"));
	CALL(expands_to("${EMPTY+alt}", "alt"));
	CALL(expands_to("${UNSET:-$Y}", "y"));
	CALL(expands_to("${?}", "3"));
}

TEST(expand_tilde)
{
	CALL(expands_to("~", "/home/me"));
	CALL(expands_to("~/bin", "/home/me/bin"));
	CALL(expands_to("a~", "a~"));
	CALL(expands_to("'~'", "~"));
	CALL(expands_to("~x", "~x"));
}

TEST(expand_errors)
{
	struct strvec sv = { 0 };
	char err[128];

	CHECK_EQ(sh_expand("${1x}", &env, 1, &sv, NULL, err, sizeof(err)), -1);
	CHECK(strstr(err, "bad substitution") != NULL);
	CHECK_EQ(sh_expand("${Y:?}", &env, 1, &sv, NULL, err, sizeof(err)), -1);
	CHECK_EQ(sh_expand("${}", &env, 1, &sv, NULL, err, sizeof(err)), -1);
	CHECK_EQ(sh_expand("${#Y:-x}", &env, 1, &sv, NULL, err, sizeof(err)), -1);
	CHECK_EQ(sv.n, 0);
	sv_free(&sv);
}

TEST(expand_one)
{
	char err[64];
	char *s = sh_expand1("$X-$EMPTY-\"q\"", &env, err, sizeof(err));

	CHECK(s != NULL);
	CHECK_STR(s, "a b--q");
	free(s);
	s = sh_expand1("$UNSET", &env, err, sizeof(err));
	CHECK(s != NULL);
	CHECK_STR(s, "");
	free(s);
	CHECK(sh_expand1("${", &env, err, sizeof(err)) == NULL);
}

/* The pattern of each field ("-" for none), joined by '|'. */
static void patterns_are(const char *raw, const char *want)
{
	struct strvec sv = { 0 }, pats = { 0 };
	char err[128], got[512] = "";

	if (sh_expand(raw, &env, 1, &sv, &pats, err, sizeof(err)) < 0) {
		FAILF("expand \"%s\": error %s", raw, err);
	} else if (sv.n != pats.n) {
		FAILF("expand \"%s\": %d fields, %d patterns", raw, sv.n, pats.n);
	} else {
		for (int i = 0; i < pats.n; i++) {
			if (i)
				put(got, sizeof(got), "|");
			put(got, sizeof(got), pats.v[i] ? pats.v[i] : "-");
		}
		if (strcmp(got, want) != 0)
			FAILF("patterns of \"%s\": got \"%s\", want \"%s\"", raw, got, want);
	}
	sv_free(&sv);
	sv_free(&pats);
}

TEST(expand_patterns)
{
	CALL(patterns_are("abc", "-"));
	CALL(patterns_are("*.c", "*.c"));
	CALL(patterns_are("a?[bc]", "a?[bc]"));
	CALL(patterns_are("'*'.c", "-"));
	CALL(patterns_are("\\*.c", "-"));
	CALL(patterns_are("\"*\".c", "-"));
	CALL(patterns_are("'*'*", "\\**"));
	CALL(patterns_are("a\\\\b*", "a\\\\b*"));
	CALL(patterns_are("$X*", "-|b*"));
	CALL(patterns_are("\"$X\"*", "a b*"));
	CALL(patterns_are("x*/y?", "x*/y?"));
}

TEST(match)
{
	CHECK(sh_match("*", "abc"));
	CHECK(sh_match("*", ""));
	CHECK(sh_match("a*", "abc"));
	CHECK(!sh_match("a*", "bac"));
	CHECK(sh_match("*c", "abc"));
	CHECK(sh_match("a*c", "ac"));
	CHECK(sh_match("a*b*c", "aXbYbZc"));
	CHECK(!sh_match("a*b*c", "aXbYbZ"));
	CHECK(sh_match("?b?", "abc"));
	CHECK(!sh_match("?", ""));
	CHECK(!sh_match("??", "a"));
	CHECK(sh_match("[abc]x", "bx"));
	CHECK(!sh_match("[abc]x", "dx"));
	CHECK(sh_match("[a-c]", "b"));
	CHECK(!sh_match("[a-c]", "d"));
	CHECK(sh_match("[!a-c]", "d"));
	CHECK(!sh_match("[!a-c]", "a"));
	CHECK(sh_match("[^a]", "b"));
	CHECK(sh_match("[]]", "]"));
	CHECK(sh_match("[!]]", "a"));
	CHECK(sh_match("[a-]", "-"));
	CHECK(sh_match("[", "["));            /* not closed: a plain [ */
	CHECK(sh_match("[ab", "[ab"));
	CHECK(sh_match("\\*", "*"));
	CHECK(!sh_match("\\*", "x"));
	CHECK(sh_match("a\\?", "a?"));
	CHECK(sh_match("[\\]]", "]"));
	/* Hidden names need a dot in the pattern. */
	CHECK(!sh_match("*", ".profile"));
	CHECK(!sh_match("?profile", ".profile"));
	CHECK(sh_match(".*", ".profile"));
	CHECK(sh_match("\\.p*", ".profile"));
	CHECK(sh_match("a.*", "a.c"));
	CHECK(sh_has_pattern("a*"));
	CHECK(sh_has_pattern("[x]"));
	CHECK(!sh_has_pattern("a\\*"));
	CHECK(!sh_has_pattern("abc"));
	char u[] = "a\\*b\\\\c\\";
	sh_unescape(u);
	CHECK_STR(u, "a*b\\c\\");
}

TEST(names)
{
	CHECK(sh_is_assignment("A=1"));
	CHECK(sh_is_assignment("A_b2="));
	CHECK(sh_is_assignment("_=x=y"));
	CHECK(!sh_is_assignment("1A=x"));
	CHECK(!sh_is_assignment("=x"));
	CHECK(!sh_is_assignment("A"));
	CHECK(!sh_is_assignment("A-B=1"));
	CHECK(!sh_is_assignment("'A'=1"));
	CHECK(sh_valid_name("abc", 3));
	CHECK(!sh_valid_name("", 0));
	CHECK(!sh_valid_name("9", 1));
}

/* Byte soup must never crash, leak or read out of bounds. */
TEST(fuzz)
{
	static const char alphabet[] = "ab $'\"\\|&;<>(){}#\n\t~=12if fi";
	unsigned seed = 12345;
	char src[64], err[64];

	for (int round = 0; round < 20000; round++) {
		int len = (int)(seed % 40);
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			src[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		src[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		struct node *t;
		int r = sh_parse(src, &t, err, sizeof(err));
		CHECK(r == PARSE_OK || r == PARSE_INCOMPLETE || r == PARSE_ERROR);
		CHECK(r == PARSE_OK || t == NULL);
		sh_free(t);
		struct strvec sv = { 0 };
		struct strvec pats = { 0 };
		if (sh_expand(src, &env, 1, &sv, &pats, err, sizeof(err)) == 0) {
			CHECK_EQ(sv.n, pats.n);
			for (int i = 0; i < pats.n; i++)
				if (pats.v[i])
					sh_match(pats.v[i], "abc.d");
		}
		sv_free(&sv);
		sv_free(&pats);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	t_begin(argv[0]);
	RUN(simple_words);
	RUN(blank_and_comments);
	RUN(line_joins);
	RUN(operators);
	RUN(redirections);
	RUN(compound);
	RUN(item_text);
	RUN(incomplete_input);
	RUN(syntax_errors);
	RUN(expand_quotes);
	RUN(expand_params);
	RUN(expand_tilde);
	RUN(expand_errors);
	RUN(expand_one);
	RUN(expand_patterns);
	RUN(match);
	RUN(names);
	RUN(fuzz);
	return t_end();
}
