/*
 * printf-style formatting, shared by the kernel and libc.
 *
 * One formatter, one output callback: kprintf hands it a serial-port
 * putc, libc a buffer or an fd writer.  No floating point (the kernel is
 * built without SSE), no %n (a classic exploit primitive), and no locale.
 *
 * Where C leaves something to the implementation we follow glibc, so the
 * host tests can compare against it, with three deliberate differences:
 * %p of NULL prints "0x0" (glibc: "(nil)"), %s of NULL prints "(null)"
 * cut by the precision like any string (glibc prints nothing when the
 * precision is below 6), and an unknown conversion is printed literally,
 * flags and all, without consuming an argument.
 */
#include "fmt.h"
#include "string.h"
#include <stdbool.h>
#include <stdint.h>

/* The sink plus a count of everything produced (the return value). */
struct out {
	fmt_put_fn put;
	void      *ctx;
	size_t     n;
};

static void emit(struct out *o, char c)
{
	o->put(o->ctx, c);
	o->n++;
}

static void emit_rep(struct out *o, char c, size_t k)
{
	while (k--)
		emit(o, c);
}

/* One parsed conversion specification. */
struct spec {
	bool left;      /* '-' */
	bool plus;      /* '+' */
	bool space;     /* ' ' */
	bool alt;       /* '#' */
	bool zero;      /* '0' */
	int  width;     /* 0 = none */
	int  prec;      /* -1 = none */
};

enum length { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

/* Strings and characters: only width and '-' matter ('0' pads with spaces,
 * as glibc does). */
static void emit_text(struct out *o, const char *s, size_t len,
		      const struct spec *sp)
{
	size_t pad = (size_t)sp->width > len ? (size_t)sp->width - len : 0;

	if (!sp->left)
		emit_rep(o, ' ', pad);
	while (len--)
		emit(o, *s++);
	if (sp->left)
		emit_rep(o, ' ', pad);
}

/*
 * Integers.  The output is laid out as
 *     [spaces] [sign or 0x] [zeros] digits [spaces]
 * where the zeros come from the precision, from '#' with %o, or from the
 * '0' flag (which is ignored when a precision is given or with '-').
 */
static void emit_int(struct out *o, uintmax_t v, bool neg, bool is_signed,
		     unsigned base, bool upper, bool is_ptr,
		     const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];           /* 2^64 in octal is 22 digits */
	size_t nd = 0, zeros = 0, pad = 0, len;
	char prefix[2];
	size_t np = 0;

	/* C: zero with precision 0 prints no digits at all. */
	if (!(v == 0 && sp->prec == 0)) {
		uintmax_t x = v;
		do {
			buf[nd++] = digits[x % base];
			x /= base;
		} while (x);
	}
	if (sp->prec >= 0 && (size_t)sp->prec > nd)
		zeros = (size_t)sp->prec - nd;
	/* "%#o" makes the first digit a 0, by raising the precision. */
	if (base == 8 && sp->alt && zeros == 0 && (nd == 0 || buf[nd - 1] != '0'))
		zeros = 1;

	if (neg)
		prefix[np++] = '-';
	else if (is_signed && sp->plus)
		prefix[np++] = '+';
	else if (is_signed && sp->space)
		prefix[np++] = ' ';
	/* "%#x" of 0 is plain "0"; %p always has its 0x. */
	if (base == 16 && (is_ptr || (sp->alt && v != 0))) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	}

	len = np + zeros + nd;
	if ((size_t)sp->width > len)
		pad = (size_t)sp->width - len;
	if (!sp->left && sp->zero && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!sp->left)
		emit_rep(o, ' ', pad);
	for (size_t i = 0; i < np; i++)
		emit(o, prefix[i]);
	emit_rep(o, '0', zeros);
	while (nd)
		emit(o, buf[--nd]);
	if (sp->left)
		emit_rep(o, ' ', pad);
}

/* Decimal digits of a width or precision.  Saturates instead of
 * overflowing; a field a hundred million wide is nonsense anyway. */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	int v = 0;

	while (*p >= '0' && *p <= '9') {
		if (v < 100000000)
			v = v * 10 + (*p - '0');
		p++;
	}
	*pp = p;
	return v;
}

int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = { put, ctx, 0 };
	va_list ap;

	/* A local copy, so va_arg works the same whether va_list is an array
	 * (x86-64) or not, and the caller's list is left alone. */
	va_copy(ap, ap_in);

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			emit(&o, *p);
			continue;
		}

		const char *start = p++;   /* for printing unknowns literally */
		struct spec sp = { .prec = -1 };
		enum length len = LEN_INT;

		for (;; p++) {
			if (*p == '-')      sp.left = true;
			else if (*p == '+') sp.plus = true;
			else if (*p == ' ') sp.space = true;
			else if (*p == '#') sp.alt = true;
			else if (*p == '0') sp.zero = true;
			else break;
		}

		if (*p == '*') {
			int w = va_arg(ap, int);
			/* A negative width argument means '-' and |width|. */
			if (w < 0) {
				sp.left = true;
				w = w < -__INT_MAX__ ? __INT_MAX__ : -w;
			}
			sp.width = w;
			p++;
		} else {
			sp.width = parse_num(&p);
		}

		if (*p == '.') {
			p++;
			if (*p == '*') {
				int pr = va_arg(ap, int);
				sp.prec = pr < 0 ? -1 : pr;  /* negative: as if none */
				p++;
			} else {
				sp.prec = parse_num(&p);    /* "." alone means 0 */
			}
		}

		switch (*p) {
		case 'h':
			len = LEN_H;
			if (p[1] == 'h') {
				len = LEN_HH;
				p++;
			}
			p++;
			break;
		case 'l':
			len = LEN_L;
			if (p[1] == 'l') {
				len = LEN_LL;
				p++;
			}
			p++;
			break;
		case 'z': len = LEN_Z; p++; break;
		case 't': len = LEN_T; p++; break;
		case 'j': len = LEN_J; p++; break;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			intmax_t x;
			switch (len) {
			case LEN_HH: x = (signed char)va_arg(ap, int); break;
			case LEN_H:  x = (short)va_arg(ap, int); break;
			case LEN_L:  x = va_arg(ap, long); break;
			case LEN_LL: x = va_arg(ap, long long); break;
			/* %zd: the signed type of size_t's width */
			case LEN_Z:  x = va_arg(ap, ptrdiff_t); break;
			case LEN_T:  x = va_arg(ap, ptrdiff_t); break;
			case LEN_J:  x = va_arg(ap, intmax_t); break;
			default:     x = va_arg(ap, int); break;
			}
			/* Negate as unsigned: -INTMAX_MIN would overflow. */
			uintmax_t mag = x < 0 ? (uintmax_t)0 - (uintmax_t)x
					      : (uintmax_t)x;
			emit_int(&o, mag, x < 0, true, 10, false, false, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t x;
			switch (len) {
			case LEN_HH: x = (unsigned char)va_arg(ap, unsigned); break;
			case LEN_H:  x = (unsigned short)va_arg(ap, unsigned); break;
			case LEN_L:  x = va_arg(ap, unsigned long); break;
			case LEN_LL: x = va_arg(ap, unsigned long long); break;
			case LEN_Z:  x = va_arg(ap, size_t); break;
			/* %tu: the unsigned type of ptrdiff_t's width */
			case LEN_T:  x = va_arg(ap, size_t); break;
			case LEN_J:  x = va_arg(ap, uintmax_t); break;
			default:     x = va_arg(ap, unsigned); break;
			}
			unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
			emit_int(&o, x, false, false, base, *p == 'X', false, &sp);
			break;
		}
		case 'p': {
			uintptr_t x = (uintptr_t)va_arg(ap, void *);
			emit_int(&o, x, false, false, 16, false, true, &sp);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_text(&o, &c, 1, &sp);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			/* With a precision the string need not be terminated. */
			size_t n = sp.prec >= 0 ? strnlen(s, (size_t)sp.prec)
						: strlen(s);
			emit_text(&o, s, n, &sp);
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		case '\0':
			/* The format ends inside a conversion: print what there
			 * is, and stop (p must not step past the terminator). */
			for (const char *q = start; q < p; q++)
				emit(&o, *q);
			p--;
			break;
		default:
			for (const char *q = start; q <= p; q++)
				emit(&o, *q);
			break;
		}
	}

	va_end(ap);
	return o.n > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.n;
}

/* vsnprintf's sink: stores what fits, leaving room for the NUL. */
struct sbuf {
	char  *buf;
	size_t size;
	size_t pos;
};

static void sbuf_put(void *ctx, char c)
{
	struct sbuf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { buf, size, 0 };
	int n = fmt_vformat(sbuf_put, &b, fmt, ap);

	if (size > 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
