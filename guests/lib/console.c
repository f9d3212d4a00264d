/*
 * guests/lib/console.c - a small printf-style formatter and console output
 * through console_io(CONSOLEIO_write), or the PV console ring once
 * xencons_init() found one.
 *
 * The formatter writes into a caller's buffer and always NUL-terminates
 * it (when size > 0); like snprintf it returns the length the whole output
 * would have had.
 */
#include "console.h"
#include "hypercall.h"
#include "string.h"
#include "xencons.h"

/* Largest line printk formats at once. */
#define PRINTK_BUF_SIZE 512
/* Digits of a 64-bit number in base 8 (the worst case we never use) + sign. */
#define NUM_BUF_SIZE 24

/* Output cursor: characters beyond the buffer are counted, not stored. */
struct fmt_out {
    char  *buf;
    size_t size;
    size_t len;
};

/* How one conversion is to be laid out. */
struct fmt_spec {
    int    left;       /* '-': pad on the right */
    int    zero;       /* '0': pad numbers with zeros */
    int    alt;        /* '#': 0x prefix for hex */
    int    width;
    int    precision;  /* -1 when absent */
    int    longs;      /* number of 'l' (z counts as one) */
};

static void out_char(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

static void out_string(struct fmt_out *o, const char *s, const struct fmt_spec *sp)
{
    size_t n = 0;

    if (!s)
        s = "(null)";
    while (s[n] && (sp->precision < 0 || n < (size_t)sp->precision))
        n++;
    if (!sp->left)
        out_pad(o, ' ', sp->width - (int)n);
    for (size_t i = 0; i < n; i++)
        out_char(o, s[i]);
    if (sp->left)
        out_pad(o, ' ', sp->width - (int)n);
}

/* Digits of v in base (10 or 16), most significant first, into buf. */
static int num_digits(char *buf, unsigned long long v, unsigned int base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[NUM_BUF_SIZE];
    int n = 0, i;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

static void out_number(struct fmt_out *o, unsigned long long v, int negative,
                       unsigned int base, int upper, const struct fmt_spec *sp)
{
    char digits[NUM_BUF_SIZE];
    int n = num_digits(digits, v, base, upper);
    int prefix = negative ? 1 : (sp->alt && base == 16) ? 2 : 0;
    int pad = sp->width - n - prefix;

    if (!sp->left && !sp->zero)
        out_pad(o, ' ', pad);
    if (negative)
        out_char(o, '-');
    else if (prefix == 2) {
        out_char(o, '0');
        out_char(o, upper ? 'X' : 'x');
    }
    if (!sp->left && sp->zero)
        out_pad(o, '0', pad);
    for (int i = 0; i < n; i++)
        out_char(o, digits[i]);
    if (sp->left)
        out_pad(o, ' ', pad);
}

/* Parse flags, width, precision and length; returns the conversion char. */
static const char *parse_spec(const char *f, struct fmt_spec *sp, va_list *ap)
{
    *sp = (struct fmt_spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-') sp->left = 1;
        else if (*f == '0') sp->zero = 1;
        else if (*f == '#') sp->alt = 1;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        f++;
    }
    for (; *f >= '0' && *f <= '9'; f++)
        sp->width = sp->width * 10 + (*f - '0');
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            sp->precision = sp->precision * 10 + (*f - '0');
    }
    for (; *f == 'l' || *f == 'z'; f++)
        sp->longs++;
    return f;
}

static unsigned long long arg_unsigned(const struct fmt_spec *sp, va_list *ap)
{
    if (sp->longs >= 2)
        return va_arg(*ap, unsigned long long);
    if (sp->longs == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static long long arg_signed(const struct fmt_spec *sp, va_list *ap)
{
    if (sp->longs >= 2)
        return va_arg(*ap, long long);
    if (sp->longs == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

/* Emit one conversion (*f is the conversion character). */
static void out_conversion(struct fmt_out *o, char c, struct fmt_spec *sp, va_list *ap)
{
    long long s;

    switch (c) {
    case 'd':
    case 'i':
        s = arg_signed(sp, ap);
        out_number(o, s < 0 ? -(unsigned long long)s : (unsigned long long)s,
                   s < 0, 10, 0, sp);
        break;
    case 'u':
        out_number(o, arg_unsigned(sp, ap), 0, 10, 0, sp);
        break;
    case 'x':
    case 'X':
        out_number(o, arg_unsigned(sp, ap), 0, 16, c == 'X', sp);
        break;
    case 'p':
        sp->alt = 1;
        out_number(o, (unsigned long)va_arg(*ap, void *), 0, 16, 0, sp);
        break;
    case 's':
        out_string(o, va_arg(*ap, const char *), sp);
        break;
    case 'c':
        out_char(o, (char)va_arg(*ap, int));
        break;
    default:
        out_char(o, '%');
        if (c)
            out_char(o, c);
        break;
    }
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = { .buf = buf, .size = size };
    struct fmt_spec sp;
    va_list args;

    va_copy(args, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            out_char(&o, *f);
            continue;
        }
        f = parse_spec(f + 1, &sp, &args);
        out_conversion(&o, *f, &sp, &args);
        if (!*f)
            break;
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

long console_write(const char *s, size_t len)
{
    if (xencons_active())
        return xencons_write(s, len);
    return HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, s);
}

void vprintk(const char *fmt, va_list ap)
{
    static char buf[PRINTK_BUF_SIZE];
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);

    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    console_write(buf, (size_t)n);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
