/*
 * The shell's language, without any system call: the parser turns a line
 * (or several, for a multi-line command) into a tree of nodes, and the
 * expander turns one raw word of that tree into the strings a command
 * gets.  Both are unit-tested on the host (tests/host/test_sh_parse.c).
 *
 * Words stay raw in the tree (quotes and $ as typed) because they can only
 * be expanded when their command runs: in `X=1; echo $X` the second
 * command must see what the first one did.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H
#include <stddef.h>

/* ---- the tree ------------------------------------------------------------ */

enum node_type {
	N_CMD,       /* a simple command: words and redirections */
	N_PIPE,      /* kid[0] | kid[1] | ... (n >= 2) */
	N_AND,       /* kid[0] && kid[1] */
	N_OR,        /* kid[0] || kid[1] */
	N_NOT,       /* ! kid[0] */
	N_LIST,      /* kid[0] ; kid[1] & ... (bg[i] says which ended in &) */
	N_GROUP,     /* { kid[0] } */
	N_SUBSHELL,  /* ( kid[0] ) */
	N_IF,        /* if kid[0] then kid[1] [else kid[2]]  (elif nests) */
	N_WHILE,     /* while kid[0] do kid[1] done */
	N_UNTIL,     /* until kid[0] do kid[1] done */
	N_FOR,       /* for var [in words] do kid[0] done */
};

enum redir_type {
	R_IN,        /* [n]<word   open for reading (n defaults to 0) */
	R_OUT,       /* [n]>word   create or truncate (n defaults to 1) */
	R_APPEND,    /* [n]>>word  create, append */
	R_DUP,       /* [n]>&word or [n]<&word: a copy of fd word, or close with - */
};

struct redir {
	int type;
	int fd;              /* the descriptor it sets up */
	char *word;          /* raw: the file, or the fd number for R_DUP */
};

struct node {
	int type;
	int n;               /* kids in kid[] */
	struct node **kid;
	char *text;          /* N_LIST items: their source text (for `jobs`) */
	char *bg;            /* N_LIST: bg[i] != 0 when item i ended with & */
	/* N_CMD: the words (leading NAME=value ones are assignments) */
	int nword;
	char **word;
	/* N_CMD and compound commands: redirections, in order */
	int nredir;
	struct redir *redir;
	/* N_FOR: the variable and the raw words after `in` (no `in`: "$@") */
	char *var;
	int has_in;
};

/* sh_parse's results. */
enum {
	PARSE_OK,           /* *out is the tree (NULL for a blank line) */
	PARSE_INCOMPLETE,   /* more input is needed: open quote, trailing |, &&, ... */
	PARSE_ERROR,        /* a syntax error; err says near what */
};

/*
 * Parses src (whole lines, '\n' separates commands).  On PARSE_ERROR, err
 * (errsz bytes) gets the text of the offending token, "newline" or "end of
 * input"; on PARSE_INCOMPLETE it says what is open (for the message a
 * script gets when the file ends there).
 */
int sh_parse(const char *src, struct node **out, char *err, size_t errsz);
void sh_free(struct node *n);

/* Is word (raw) of the form NAME=value, NAME a valid variable name? */
int sh_is_assignment(const char *word);
/* Is s[0..len) a valid variable name (letters, digits, _, not a digit first)? */
int sh_valid_name(const char *s, size_t len);

/* ---- expansion ------------------------------------------------------------ */

/* A growing NULL-terminated array of malloc'ed strings. */
struct strvec {
	int n, cap;
	char **v;            /* v[n] == NULL when cap > 0 */
};
void sv_push(struct strvec *sv, char *s);   /* takes ownership of s */
void sv_free(struct strvec *sv);

/*
 * What the expander needs from the shell: the value of a variable, special
 * parameter ("?", "$", "!", "#", "0".."9", "@", "*") or NULL when unset,
 * and $HOME for a leading ~.
 */
struct expand_env {
	const char *(*lookup)(void *ctx, const char *name);
	void *ctx;
};

/*
 * Expands one raw word: quotes removed, backslash escapes applied, $NAME,
 * ${NAME}, $?, $$, $!, $#, $0-$9, $@, $* and a leading ~ replaced.  With
 * split, text that came from an unquoted expansion is split into fields on
 * blanks (so a word can give none, or several); without, the result is
 * exactly one string.  The fields are pushed onto out.  With pats, each
 * field also gets an entry there: NULL, or when the field has an unquoted
 * *, ? or [, the field as a pattern for sh_match (the characters that
 * were quoted escaped with \).  Returns 0, or -1 for a bad ${...} (err
 * gets a message).
 */
int sh_expand(const char *raw, const struct expand_env *env, int split,
	      struct strvec *out, struct strvec *pats, char *err, size_t errsz);

/* Expands to exactly one string (malloc'ed), no splitting; NULL on error. */
char *sh_expand1(const char *raw, const struct expand_env *env,
		 char *err, size_t errsz);

/* ---- patterns (file-name expansion) ---------------------------------------------- */

/*
 * Does name match the pattern: * any string, ? any character, [...] a
 * class ([a-z], [!a]), \c the character c?  A leading '.' of name must be
 * matched by a '.' written in the pattern.  Names have no '/': the caller
 * matches a path one component at a time.
 */
int sh_match(const char *pat, const char *name);
int sh_has_pattern(const char *pat);      /* an unescaped * ? or [ in it */
void sh_unescape(char *pat);              /* \c -> c, in place */

#endif
