/*
 * The shell's parser: source text -> tokens -> a tree of nodes.
 *
 * No system calls here (only malloc and string functions), so the same
 * file is built into /bin/sh and into a host test under AddressSanitizer.
 *
 * Grammar (a subset of POSIX sh; see docs/programs/sh.md):
 *
 *   program   := list EOF
 *   list      := { and_or ( ';' | '&' | newline ) }     (newlines between)
 *   and_or    := pipeline { ( '&&' | '||' ) newline* pipeline }
 *   pipeline  := [ '!' ] command { '|' newline* command }
 *   command   := simple | compound redir*
 *   compound  := '{' list '}' | '(' list ')'
 *              | if list then list { elif list then list } [ else list ] fi
 *              | while list do list done | until list do list done
 *              | for NAME [ in word* ] ( ';' | newline ) do list done
 *   simple    := { word | redir }+
 *   redir     := [digits] ( '<' | '>' | '>>' | '<&' | '>&' ) word
 *
 * Reserved words (if, then, ..., '{', '}', '!') are only reserved as the
 * first word of a command, as in POSIX: `echo if` prints "if".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

enum tok {
	T_WORD, T_IONUM, T_PIPE, T_OR, T_AMP, T_AND, T_SEMI, T_LT, T_GT,
	T_DGT, T_LTAMP, T_GTAMP, T_LPAREN, T_RPAREN, T_NL, T_EOF,
};

struct token {
	int type;
	char *text;          /* T_WORD, T_IONUM: the raw word; else NULL */
	size_t start, end;   /* where it is in the source */
};

struct parser {
	const char *src;
	size_t len;
	struct token *tok;
	int ntok, cap;
	int pos;             /* the next token */
	int status;          /* PARSE_OK until something goes wrong */
	char *err;
	size_t errsz;
};

/* ---- small helpers ---------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		abort();     /* the shell cannot do anything useful without memory */
	return q;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void set_err(struct parser *p, int status, const char *what)
{
	if (p->status != PARSE_OK)
		return;              /* the first problem is the one to report */
	p->status = status;
	if (p->errsz) {
		strncpy(p->err, what, p->errsz - 1);
		p->err[p->errsz - 1] = '\0';
	}
}

/* A growing byte buffer for building words. */
struct buf {
	char *s;
	size_t len, cap;
};

static void buf_add(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void buf_addn(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_add(b, s[i]);
}

/* ---- tokens --------------------------------------------------------------- */

static void push_tok(struct parser *p, int type, char *text, size_t start,
		     size_t end)
{
	if (p->ntok == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->tok = xrealloc(p->tok, (size_t)p->cap * sizeof(*p->tok));
	}
	p->tok[p->ntok++] = (struct token){ type, text, start, end };
}

static int is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

/*
 * The '}' that closes the ${ at s (s points at the '$'), skipping quoted
 * text and escaped characters; NULL if there is none.  Shared by the
 * tokenizer and the expander so both agree on where a ${...} ends.
 */
static const char *brace_end(const char *s)
{
	char q = 0;

	for (s += 2; *s; s++) {
		if (q) {
			if (*s == q)
				q = 0;
			else if (q == '"' && *s == '\\' && s[1])
				s++;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (*s == '}') {
			return s;
		}
	}
	return NULL;
}

/* Copies the ${...} at src[*i] (the '$') into b; -1 if it is not closed
 * yet (more input may close it). */
static int scan_braces(struct parser *p, size_t *i, struct buf *b)
{
	const char *end = brace_end(p->src + *i);

	if (!end)
		return -1;
	buf_addn(b, p->src + *i, (size_t)(end - (p->src + *i)) + 1);
	*i = (size_t)(end - p->src) + 1;
	return 0;
}

/*
 * One word starting at src[*i], kept raw (quotes and escapes as typed)
 * except that backslash-newline pairs, which only join lines, are dropped.
 * Returns 0, or -1 when the word is unfinished (open quote, trailing
 * backslash, open ${).
 */
static int scan_word(struct parser *p, size_t *ip, struct buf *b)
{
	const char *s = p->src;
	size_t i = *ip, n = p->len;

	while (i < n && !is_meta(s[i])) {
		char c = s[i];
		if (c == '\\') {
			if (i + 1 >= n)
				return set_err(p, PARSE_INCOMPLETE, "\\"), -1;
			if (s[i + 1] != '\n')
				buf_addn(b, s + i, 2);
			i += 2;
		} else if (c == '\'') {
			const char *end = memchr(s + i + 1, '\'', n - i - 1);
			if (!end)
				return set_err(p, PARSE_INCOMPLETE, "'"), -1;
			buf_addn(b, s + i, (size_t)(end - (s + i)) + 1);
			i = (size_t)(end - s) + 1;
		} else if (c == '"') {
			buf_add(b, c);
			for (i++;; ) {
				if (i >= n)
					return set_err(p, PARSE_INCOMPLETE, "\""), -1;
				if (s[i] == '"')
					break;
				if (s[i] == '\\') {
					if (i + 1 >= n)
						return set_err(p, PARSE_INCOMPLETE, "\""), -1;
					if (s[i + 1] != '\n')
						buf_addn(b, s + i, 2);
					i += 2;
				} else if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
					if (scan_braces(p, &i, b) < 0)
						return set_err(p, PARSE_INCOMPLETE, "${"), -1;
				} else if (s[i] == '`' ||
					   (s[i] == '$' && i + 1 < n && s[i + 1] == '(')) {
					return set_err(p, PARSE_ERROR, s[i] == '`' ? "`" : "$("), -1;
				} else {
					buf_add(b, s[i++]);
				}
			}
			buf_add(b, '"');
			i++;
		} else if (c == '$' && i + 1 < n && s[i + 1] == '{') {
			if (scan_braces(p, &i, b) < 0)
				return set_err(p, PARSE_INCOMPLETE, "${"), -1;
		} else if (c == '`' || (c == '$' && i + 1 < n && s[i + 1] == '(')) {
			/* Command substitution is not supported: an error, rather
			 * than a word that means something else than it seems. */
			return set_err(p, PARSE_ERROR, c == '`' ? "`" : "$("), -1;
		} else {
			buf_add(b, c);
			i++;
		}
	}
	*ip = i;
	return 0;
}

static int tokenize(struct parser *p)
{
	const char *s = p->src;
	size_t i = 0, n = p->len;

	for (;;) {
		/* Blanks and line joins between tokens. */
		while (i < n) {
			if (s[i] == ' ' || s[i] == '\t')
				i++;
			else if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n')
				i += 2;
			else
				break;
		}
		if (i < n && s[i] == '#')           /* a comment, to the line's end */
			while (i < n && s[i] != '\n')
				i++;
		if (i >= n) {
			push_tok(p, T_EOF, NULL, n, n);
			return 0;
		}

		size_t start = i;
		char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
		int type = -1, len = 1;
		switch (c) {
		case '\n': type = T_NL; break;
		case ';':  type = T_SEMI; break;
		case '(':  type = T_LPAREN; break;
		case ')':  type = T_RPAREN; break;
		case '|':  type = d == '|' ? (len = 2, T_OR) : T_PIPE; break;
		case '&':  type = d == '&' ? (len = 2, T_AND) : T_AMP; break;
		case '<':
			if (d == '<') {
				/* Here-documents are not supported: say so at once. */
				set_err(p, PARSE_ERROR, "<<");
				return -1;
			}
			type = d == '&' ? (len = 2, T_LTAMP) : T_LT;
			break;
		case '>':
			if (d == '>')
				type = T_DGT, len = 2;
			else if (d == '&')
				type = T_GTAMP, len = 2;
			else
				type = T_GT;
			break;
		}
		if (type >= 0) {
			i += (size_t)len;
			push_tok(p, type, NULL, start, i);
			continue;
		}

		struct buf b = { 0 };
		if (scan_word(p, &i, &b) < 0) {
			free(b.s);
			return -1;
		}
		if (!b.s) {
			/* Only line joins: nothing to keep (e.g. "\\\n" alone). */
			continue;
		}
		/* Digits right before < or > name the descriptor: 2>err. */
		type = T_WORD;
		if (i < n && (s[i] == '<' || s[i] == '>') && b.len <= 4) {
			size_t k = 0;
			while (k < b.len && b.s[k] >= '0' && b.s[k] <= '9')
				k++;
			if (k == b.len)
				type = T_IONUM;
		}
		push_tok(p, type, b.s, start, i);
	}
}

/* ---- nodes ------------------------------------------------------------------- */

static struct node *node_new(int type)
{
	struct node *n = xrealloc(NULL, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static void node_add(struct node *n, struct node *kid)
{
	n->kid = xrealloc(n->kid, (size_t)(n->n + 1) * sizeof(*n->kid));
	n->kid[n->n++] = kid;
}

static void node_add_word(struct node *n, char *w)
{
	n->word = xrealloc(n->word, (size_t)(n->nword + 2) * sizeof(*n->word));
	n->word[n->nword++] = w;
	n->word[n->nword] = NULL;
}

void sh_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		sh_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n->bg);
	for (int i = 0; i < n->nword; i++)
		free(n->word[i]);
	free(n->word);
	for (int i = 0; i < n->nredir; i++)
		free(n->redir[i].word);
	free(n->redir);
	free(n->var);
	free(n);
}

/* ---- the parser ------------------------------------------------------------ */

static struct token *peek(struct parser *p)
{
	return &p->tok[p->pos];
}

static int is_word(struct parser *p, const char *w)
{
	struct token *t = peek(p);

	return t->type == T_WORD && strcmp(t->text, w) == 0;
}

static void linebreak(struct parser *p)
{
	while (peek(p)->type == T_NL)
		p->pos++;
}

/* The text to name in "syntax error near '...'". */
static const char *tok_name(struct parser *p, struct token *t)
{
	static const char *const names[] = {
		[T_PIPE] = "|", [T_OR] = "||", [T_AMP] = "&", [T_AND] = "&&",
		[T_SEMI] = ";", [T_LT] = "<", [T_GT] = ">", [T_DGT] = ">>",
		[T_LTAMP] = "<&", [T_GTAMP] = ">&", [T_LPAREN] = "(",
		[T_RPAREN] = ")", [T_NL] = "newline", [T_EOF] = "end of input",
	};

	(void)p;
	if (t->type == T_WORD || t->type == T_IONUM)
		return t->text;
	return names[t->type];
}

/* A syntax error at the next token; at the end of input, more may come. */
static void *unexpected(struct parser *p)
{
	struct token *t = peek(p);

	if (t->type == T_EOF)
		set_err(p, PARSE_INCOMPLETE, "end of input");
	else
		set_err(p, PARSE_ERROR, tok_name(p, t));
	return NULL;
}

/* Consumes reserved word w, or reports what is there instead. */
static int expect(struct parser *p, const char *w)
{
	if (is_word(p, w)) {
		p->pos++;
		return 0;
	}
	unexpected(p);
	return -1;
}

static const char *const reserved[] = {
	"if", "then", "else", "elif", "fi", "do", "done", "while", "until",
	"for", "{", "}", "!", NULL,
};

static int is_reserved(struct token *t)
{
	if (t->type != T_WORD)
		return 0;
	for (int i = 0; reserved[i]; i++)
		if (strcmp(t->text, reserved[i]) == 0)
			return 1;
	return 0;
}

/* Where a list stops: end of input, ')' or a word that closes a compound. */
static int ends_list(struct parser *p)
{
	static const char *const closers[] = {
		"then", "else", "elif", "fi", "do", "done", "}", NULL,
	};
	struct token *t = peek(p);

	if (t->type == T_EOF || t->type == T_RPAREN)
		return 1;
	for (int i = 0; closers[i]; i++)
		if (is_word(p, closers[i]))
			return 1;
	return 0;
}

static struct node *parse_list(struct parser *p);
static struct node *parse_and_or(struct parser *p);

/* A list that must have at least one command (inside a compound). */
static struct node *parse_body(struct parser *p)
{
	struct node *l = parse_list(p);

	if (l && l->n == 0) {
		sh_free(l);
		return unexpected(p);
	}
	return l;
}

static int is_redir_start(struct token *t)
{
	return t->type == T_IONUM || t->type == T_LT || t->type == T_GT ||
	       t->type == T_DGT || t->type == T_LTAMP || t->type == T_GTAMP;
}

static int parse_redir(struct parser *p, struct node *n)
{
	struct token *t = peek(p);
	int fd = -1;

	if (t->type == T_IONUM) {
		fd = atoi(t->text);
		p->pos++;
		t = peek(p);
	}
	int type, dflt;
	switch (t->type) {
	case T_LT:    type = R_IN;     dflt = 0; break;
	case T_GT:    type = R_OUT;    dflt = 1; break;
	case T_DGT:   type = R_APPEND; dflt = 1; break;
	case T_LTAMP: type = R_DUP;    dflt = 0; break;
	default:      type = R_DUP;    dflt = 1; break;   /* T_GTAMP */
	}
	p->pos++;
	t = peek(p);
	if (t->type != T_WORD) {
		/* `ls >` is an error, not a request for another line. */
		set_err(p, PARSE_ERROR, t->type == T_EOF ? "newline" : tok_name(p, t));
		return -1;
	}
	n->redir = xrealloc(n->redir, (size_t)(n->nredir + 1) * sizeof(*n->redir));
	n->redir[n->nredir++] = (struct redir){ type, fd >= 0 ? fd : dflt,
						xstrndup(t->text, strlen(t->text)) };
	p->pos++;
	return 0;
}

/* if/elif: after the keyword, through the closing fi. */
static struct node *parse_if_rest(struct parser *p)
{
	struct node *n = node_new(N_IF), *k;

	if (!(k = parse_body(p)))
		goto fail;
	node_add(n, k);
	if (expect(p, "then") < 0 || !(k = parse_body(p)))
		goto fail;
	node_add(n, k);
	if (is_word(p, "elif")) {
		p->pos++;
		if (!(k = parse_if_rest(p)))
			goto fail;
		node_add(n, k);
		return n;
	}
	if (is_word(p, "else")) {
		p->pos++;
		if (!(k = parse_body(p)))
			goto fail;
		node_add(n, k);
	}
	if (expect(p, "fi") < 0)
		goto fail;
	return n;
fail:
	sh_free(n);
	return NULL;
}

/* "do BODY done", the end of every loop: the body is added to n. */
static int parse_do_done(struct parser *p, struct node *n)
{
	struct node *k;

	if (expect(p, "do") < 0 || !(k = parse_body(p)))
		return -1;
	node_add(n, k);
	return expect(p, "done") < 0 ? -1 : 0;
}

/* while/until: after the keyword, through done. */
static struct node *parse_loop(struct parser *p, int type)
{
	struct node *n = node_new(type), *k;

	if (!(k = parse_body(p)))
		goto fail;
	node_add(n, k);
	if (parse_do_done(p, n) < 0)
		goto fail;
	return n;
fail:
	sh_free(n);
	return NULL;
}

/* for: after the keyword, through done. */
static struct node *parse_for(struct parser *p)
{
	struct node *n = node_new(N_FOR);
	struct token *t = peek(p);

	if (t->type != T_WORD || !sh_valid_name(t->text, strlen(t->text))) {
		unexpected(p);
		goto fail;
	}
	n->var = xstrndup(t->text, strlen(t->text));
	p->pos++;
	linebreak(p);
	if (is_word(p, "in")) {
		p->pos++;
		n->has_in = 1;
		while (peek(p)->type == T_WORD) {
			t = peek(p);
			node_add_word(n, xstrndup(t->text, strlen(t->text)));
			p->pos++;
		}
		if (peek(p)->type != T_SEMI && peek(p)->type != T_NL) {
			unexpected(p);
			goto fail;
		}
		p->pos++;
	} else if (peek(p)->type == T_SEMI) {
		p->pos++;
	}
	linebreak(p);
	if (parse_do_done(p, n) < 0)
		goto fail;
	return n;
fail:
	sh_free(n);
	return NULL;
}

static struct node *parse_command(struct parser *p)
{
	struct token *t = peek(p);
	struct node *n = NULL, *k;

	if (t->type == T_LPAREN) {
		p->pos++;
		n = node_new(N_SUBSHELL);
		if (!(k = parse_body(p)))
			goto fail;
		node_add(n, k);
		if (peek(p)->type != T_RPAREN) {
			unexpected(p);
			goto fail;
		}
		p->pos++;
	} else if (is_reserved(t)) {
		if (is_word(p, "{")) {
			p->pos++;
			n = node_new(N_GROUP);
			if (!(k = parse_body(p)))
				goto fail;
			node_add(n, k);
			if (expect(p, "}") < 0)
				goto fail;
		} else if (is_word(p, "if")) {
			p->pos++;
			n = parse_if_rest(p);
		} else if (is_word(p, "while")) {
			p->pos++;
			n = parse_loop(p, N_WHILE);
		} else if (is_word(p, "until")) {
			p->pos++;
			n = parse_loop(p, N_UNTIL);
		} else if (is_word(p, "for")) {
			p->pos++;
			n = parse_for(p);
		} else {
			return unexpected(p);     /* then, fi, done, }, ... */
		}
		if (!n)
			return NULL;
	} else {
		/* A simple command: words and redirections in any order. */
		n = node_new(N_CMD);
		for (;;) {
			t = peek(p);
			if (t->type == T_WORD) {
				node_add_word(n, xstrndup(t->text, strlen(t->text)));
				p->pos++;
			} else if (is_redir_start(t)) {
				if (parse_redir(p, n) < 0)
					goto fail;
			} else {
				break;
			}
		}
		if (n->nword == 0 && n->nredir == 0) {
			unexpected(p);
			goto fail;
		}
		return n;
	}
	/* Redirections after a compound command apply to all of it. */
	while (is_redir_start(peek(p)))
		if (parse_redir(p, n) < 0)
			goto fail;
	return n;
fail:
	sh_free(n);
	return NULL;
}

static struct node *parse_pipeline(struct parser *p)
{
	int bang = 0;
	struct node *n, *k;

	if (is_word(p, "!")) {
		bang = 1;
		p->pos++;
	}
	if (!(n = parse_command(p)))
		return NULL;
	if (peek(p)->type == T_PIPE) {
		struct node *pipe = node_new(N_PIPE);
		node_add(pipe, n);
		n = pipe;
		while (peek(p)->type == T_PIPE) {
			p->pos++;
			linebreak(p);
			if (!(k = parse_command(p))) {
				sh_free(n);
				return NULL;
			}
			node_add(n, k);
		}
	}
	if (bang) {
		struct node *not = node_new(N_NOT);
		node_add(not, n);
		n = not;
	}
	return n;
}

static struct node *parse_and_or(struct parser *p)
{
	struct node *n = parse_pipeline(p), *k;

	while (n && (peek(p)->type == T_AND || peek(p)->type == T_OR)) {
		struct node *op = node_new(peek(p)->type == T_AND ? N_AND : N_OR);
		p->pos++;
		linebreak(p);
		node_add(op, n);
		n = op;
		if (!(k = parse_pipeline(p))) {
			sh_free(n);
			return NULL;
		}
		node_add(n, k);
	}
	return n;
}

/* and_or items separated by ; & or newlines, until something that ends a
 * list.  Each item keeps its source text, for `jobs`. */
static struct node *parse_list(struct parser *p)
{
	struct node *l = node_new(N_LIST), *k;

	linebreak(p);
	while (!ends_list(p)) {
		size_t start = peek(p)->start;
		if (!(k = parse_and_or(p)))
			goto fail;
		size_t end = p->tok[p->pos - 1].end;
		char bg = 0;
		if (peek(p)->type == T_AMP) {
			bg = 1;
			p->pos++;
		} else if (peek(p)->type == T_SEMI) {
			p->pos++;
		} else if (peek(p)->type != T_NL && !ends_list(p)) {
			sh_free(k);
			unexpected(p);
			goto fail;
		}
		node_add(l, k);
		k->text = xstrndup(p->src + start, end - start);
		l->bg = xrealloc(l->bg, (size_t)l->n);
		l->bg[l->n - 1] = bg;
		linebreak(p);
	}
	return l;
fail:
	sh_free(l);
	return NULL;
}

int sh_parse(const char *src, struct node **out, char *err, size_t errsz)
{
	struct parser p = { .src = src, .len = strlen(src), .err = err,
			    .errsz = errsz, .status = PARSE_OK };
	struct node *l = NULL;

	*out = NULL;
	if (errsz)
		err[0] = '\0';
	if (tokenize(&p) == 0) {
		l = parse_list(&p);
		if (l && peek(&p)->type != T_EOF) {
			/* A closer with nothing open: `fi`, `)`, `}` ... */
			set_err(&p, PARSE_ERROR, tok_name(&p, peek(&p)));
		}
	}
	for (int i = 0; i < p.ntok; i++)
		free(p.tok[i].text);
	free(p.tok);
	if (p.status != PARSE_OK) {
		sh_free(l);
		return p.status;
	}
	if (l->n == 0) {
		sh_free(l);
		l = NULL;
	}
	*out = l;
	return PARSE_OK;
}

/* ---- names --------------------------------------------------------------- */

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

int sh_valid_name(const char *s, size_t len)
{
	if (len == 0 || !name_start(s[0]))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!name_char(s[i]))
			return 0;
	return 1;
}

int sh_is_assignment(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq && sh_valid_name(word, (size_t)(eq - word));
}

/* ---- expansion ---------------------------------------------------------------- */

void sv_push(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, (size_t)sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void sv_free(struct strvec *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

struct exp {
	const struct expand_env *env;
	struct strvec *out;
	struct strvec *pats; /* NULL: no patterns wanted */
	int split;
	struct buf field;    /* the field being built */
	struct buf pat;      /* the same as a pattern: quoted characters escaped */
	int globby;          /* the field has an unquoted *, ? or [ */
	int have;            /* the field exists even if empty ("" counts) */
	char *err;
	size_t errsz;
};

static void field_end(struct exp *e)
{
	if (e->have) {
		sv_push(e->out, e->field.s ? e->field.s : xstrndup("", 0));
		if (e->pats) {
			sv_push(e->pats, e->globby ? e->pat.s : NULL);
			if (!e->globby)
				free(e->pat.s);
		}
		e->field = (struct buf){ 0 };
		e->pat = (struct buf){ 0 };
	}
	e->have = 0;
	e->globby = 0;
}

/* One character of the field; quoted ones never act as pattern characters
 * (and a backslash, wherever it came from, is literal in the pattern). */
static void add_char(struct exp *e, char c, int quoted)
{
	buf_add(&e->field, c);
	e->have = 1;
	if (!e->pats)
		return;
	if (c == '\\' || (quoted && strchr("*?[]", c)))
		buf_add(&e->pat, '\\');
	buf_add(&e->pat, c);
	if (!quoted && strchr("*?[", c))
		e->globby = 1;
}

/* Text produced by an expansion: split on blanks unless quoted. */
static void add_value(struct exp *e, const char *v, int quoted)
{
	if (!v)
		return;
	if (quoted || !e->split) {
		for (; *v; v++)
			add_char(e, *v, quoted);
		return;
	}
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\n')
			field_end(e);
		else
			add_char(e, *v, 0);
	}
}

static void exp_err(struct exp *e, const char *msg, const char *what, size_t n)
{
	struct buf b = { 0 };

	buf_addn(&b, msg, strlen(msg));
	buf_addn(&b, what, n);
	if (e->errsz) {
		strncpy(e->err, b.s, e->errsz - 1);
		e->err[e->errsz - 1] = '\0';
	}
	free(b.s);
}

static const char *look(struct exp *e, const char *name)
{
	return e->env->lookup(e->env->ctx, name);
}

/*
 * ${...}: s points just past "${", close at the matching '}'.  Forms:
 * ${NAME}, ${#NAME} (length), ${NAME-w}, ${NAME:-w} (w when unset / or
 * empty), ${NAME+w}, ${NAME:+w} (w when set / and not empty).
 */
static int expand_braces(struct exp *e, const char *s, const char *close,
			 int quoted)
{
	size_t len = (size_t)(close - s);
	int length = 0;
	char name[64];
	size_t n = 0;

	if (len > 0 && s[0] == '#' && len > 1) {
		length = 1;
		s++;
		len--;
	}
	if (len > 0 && !name_start(s[0])) {
		/* A special parameter: one character. */
		if (strchr("?$!#@*0123456789", s[0]))
			n = 1;
	} else {
		while (n < len && name_char(s[n]))
			n++;
	}
	if (n == 0 || n >= sizeof(name))
		return exp_err(e, "bad substitution: ${", s, len), -1;
	memcpy(name, s, n);
	name[n] = '\0';
	const char *v = look(e, name);

	if (length) {
		char num_buf[24];

		if (n != len)
			return exp_err(e, "bad substitution: ${#", s, len), -1;
		snprintf(num_buf, sizeof(num_buf), "%zu", v ? strlen(v) : (size_t)0);
		add_value(e, num_buf, quoted);
		return 0;
	}
	if (n == len) {
		add_value(e, v, quoted);
		return 0;
	}
	const char *op = s + n;
	int colon = *op == ':';
	if (colon)
		op++;
	if (*op != '-' && *op != '+')
		return exp_err(e, "bad substitution: ${", s, len), -1;
	int set = v && (!colon || v[0] != '\0');
	char *word = xstrndup(op + 1, (size_t)(close - (op + 1)));
	int use_word = *op == '-' ? !set : set;
	if (use_word) {
		char *w = sh_expand1(word, e->env, e->err, e->errsz);
		if (!w) {
			free(word);
			return -1;
		}
		add_value(e, w, quoted);
		free(w);
	} else if (*op == '-') {
		add_value(e, v, quoted);
	}
	free(word);
	return 0;
}

/* A $ at raw[*i]: what follows it is replaced. */
static int expand_dollar(struct exp *e, const char *raw, size_t *i, int quoted)
{
	const char *s = raw + *i + 1;
	char name[64];
	size_t n = 0;

	if (*s == '{') {
		/* The tokenizer only lets a word through with its brace closed. */
		const char *close = brace_end(s - 1);
		if (!close)
			return exp_err(e, "bad substitution: ", s, strlen(s)), -1;
		if (expand_braces(e, s + 1, close, quoted) < 0)
			return -1;
		*i = (size_t)(close - raw) + 1;
		return 0;
	}
	if (name_start(*s)) {
		while (name_char(s[n]) && n + 1 < sizeof(name))
			n++;
	} else if (*s && strchr("?$!#@*0123456789", *s)) {
		n = 1;
	} else {
		add_char(e, '$', quoted);    /* a lone $ is itself */
		*i += 1;
		return 0;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	add_value(e, look(e, name), quoted);
	*i += 1 + n;
	return 0;
}

int sh_expand(const char *raw, const struct expand_env *env, int split,
	      struct strvec *out, struct strvec *pats, char *err, size_t errsz)
{
	struct exp e = { .env = env, .out = out, .pats = pats, .split = split,
			 .err = err, .errsz = errsz };
	size_t i = 0;

	/* ~ or ~/...: the home directory. */
	if (raw[0] == '~' && (raw[1] == '\0' || raw[1] == '/')) {
		const char *home = look(&e, "HOME");
		add_value(&e, home ? home : "~", 1);
		e.have = 1;
		i = 1;
	}
	while (raw[i]) {
		char c = raw[i];
		if (c == '\\') {
			if (raw[i + 1]) {
				add_char(&e, raw[i + 1], 1);
				i += 2;
			} else {
				add_char(&e, '\\', 1);
				i++;
			}
		} else if (c == '\'') {
			e.have = 1;
			for (i++; raw[i] && raw[i] != '\''; i++)
				add_char(&e, raw[i], 1);
			if (raw[i])
				i++;
		} else if (c == '"') {
			e.have = 1;
			for (i++; raw[i] && raw[i] != '"'; ) {
				if (raw[i] == '\\' && raw[i + 1] &&
				    strchr("$`\"\\", raw[i + 1])) {
					add_char(&e, raw[i + 1], 1);
					i += 2;
				} else if (raw[i] == '$') {
					if (expand_dollar(&e, raw, &i, 1) < 0)
						goto fail;
				} else {
					add_char(&e, raw[i++], 1);
				}
			}
			if (raw[i])
				i++;
		} else if (c == '$') {
			if (expand_dollar(&e, raw, &i, 0) < 0)
				goto fail;
		} else {
			add_char(&e, c, 0);
			i++;
		}
	}
	if (!split)
		e.have = 1;     /* exactly one string, even an empty one */
	field_end(&e);
	return 0;
fail:
	free(e.field.s);
	free(e.pat.s);
	return -1;
}

char *sh_expand1(const char *raw, const struct expand_env *env,
		 char *err, size_t errsz)
{
	struct strvec sv = { 0 };
	char *s;

	if (sh_expand(raw, env, 0, &sv, NULL, err, errsz) < 0) {
		sv_free(&sv);
		return NULL;
	}
	s = sv.v[0];
	free(sv.v);
	return s;
}

/* ---- patterns ---------------------------------------------------------------------- */

/*
 * A bracket expression at *pp ('['): 1 if c is in it, 0 if not, -1 if it
 * is not closed (then '[' is an ordinary character).  [abc], [a-z], [!a]
 * or [^a] (not), a ']' first is itself, \ quotes.
 */
static int bracket(const char **pp, char c)
{
	const char *p = *pp + 1;
	int neg = 0, in = 0, first = 1;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	while (*p && (*p != ']' || first)) {
		char lo = *p, hi;
		first = 0;
		if (lo == '\\' && p[1])
			lo = *++p;
		p++;
		if (*p == '-' && p[1] && p[1] != ']') {
			hi = p[1];
			p += 2;
			if (hi == '\\' && *p)
				hi = *p++;
			if ((unsigned char)lo <= (unsigned char)c &&
			    (unsigned char)c <= (unsigned char)hi)
				in = 1;
		} else if (lo == c) {
			in = 1;
		}
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return in != neg;
}

static int match(const char *p, const char *n)
{
	for (;;) {
		char c = *p;
		if (c == '\0')
			return *n == '\0';
		if (c == '*') {
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			for (;; n++) {
				if (match(p, n))
					return 1;
				if (!*n)
					return 0;
			}
		}
		if (*n == '\0')
			return 0;
		if (c == '?') {
			p++;
			n++;
			continue;
		}
		if (c == '[') {
			int r = bracket(&p, *n);
			if (r == 0)
				return 0;
			if (r > 0) {
				n++;
				continue;
			}
			/* Not a bracket expression: a plain '['. */
		}
		if (c == '\\' && p[1])
			c = *++p;
		if (c != *n)
			return 0;
		p++;
		n++;
	}
}

int sh_match(const char *pat, const char *name)
{
	/* A leading dot (hidden files, . and ..) is only matched by a dot. */
	if (name[0] == '.' && pat[0] != '.' && !(pat[0] == '\\' && pat[1] == '.'))
		return 0;
	return match(pat, name);
}

int sh_has_pattern(const char *pat)
{
	for (; *pat; pat++) {
		if (*pat == '\\' && pat[1])
			pat++;
		else if (*pat == '*' || *pat == '?' || *pat == '[')
			return 1;
	}
	return 0;
}

void sh_unescape(char *pat)
{
	char *w = pat;

	for (; *pat; pat++) {
		if (*pat == '\\' && pat[1])
			pat++;
		*w++ = *pat;
	}
	*w = '\0';
}
