/*
 * snprintf and friends for printk and for building messages (lib.h lists
 * what is supported).
 *
 * Output goes through struct fmt_out, which stores what fits and counts
 * everything, so the C99 "would-be length" comes for free and no write can
 * pass the end of the caller's buffer.  Padding is added by count, not
 * byte by byte, so a huge width costs nothing.  Integers are printed from
 * a uint64_t magnitude plus a sign, whatever their C type.
 */
#include <minixen/lib.h>

/* Flag bits collected from the conversion specification. */
#define FMT_LEFT        (1u << 0)   /* '-': pad on the right */
#define FMT_ZEROPAD     (1u << 1)   /* '0': pad numbers with zeros */
#define FMT_PLUS        (1u << 2)   /* '+': sign even when positive */
#define FMT_SPACE       (1u << 3)   /* ' ': space where '+' would be */
#define FMT_ALT         (1u << 4)   /* '#': 0 / 0x / 0X prefix */
#define FMT_UPPER       (1u << 5)   /* %X: upper-case digits and prefix */

/* Widths and precisions saturate here; nobody needs a wider field. */
#define FMT_FIELD_MAX   (1 << 20)
#define FMT_NO_PRECISION (-1)
/* Enough digits for a 64-bit value in octal (22), the smallest base. */
#define FMT_DIGITS_MAX  24

enum fmt_length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct fmt_out {
    char *buf;
    size_t size;        /* bytes available, including the NUL */
    size_t len;         /* bytes produced so far, stored or not */
};

struct fmt_spec {
    unsigned int flags;
    int width;
    int precision;      /* FMT_NO_PRECISION when absent */
    enum fmt_length length;
    char conv;
};

static void out_bytes(struct fmt_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++) {
        if (o->len + 1 < o->size)
            o->buf[o->len] = s[i];
    }
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    for (; n > 0 && o->len + 1 < o->size; n--)
        o->buf[o->len++] = c;
    if (n > 0)
        o->len += (size_t)n;
}

/* Parse a decimal field ("*" is handled by the caller), saturating. */
static int parse_field(const char **fmt)
{
    int v = 0;

    for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
        v = v * 10 + (**fmt - '0');
        if (v > FMT_FIELD_MAX)
            v = FMT_FIELD_MAX;
    }
    return v;
}

static void parse_flags(const char **fmt, struct fmt_spec *spec)
{
    for (;; (*fmt)++) {
        switch (**fmt) {
        case '-': spec->flags |= FMT_LEFT; break;
        case '0': spec->flags |= FMT_ZEROPAD; break;
        case '+': spec->flags |= FMT_PLUS; break;
        case ' ': spec->flags |= FMT_SPACE; break;
        case '#': spec->flags |= FMT_ALT; break;
        default: return;
        }
    }
}

/* Width and precision, either of which may come from the arguments. */
static void parse_width_precision(const char **fmt, struct fmt_spec *spec,
                                  va_list *ap)
{
    if (**fmt == '*') {
        int w = va_arg(*ap, int);

        (*fmt)++;
        if (w < 0) {            /* C: a negative width means '-' */
            spec->flags |= FMT_LEFT;
            w = w < -FMT_FIELD_MAX ? FMT_FIELD_MAX : -w;
        }
        spec->width = w > FMT_FIELD_MAX ? FMT_FIELD_MAX : w;
    } else {
        spec->width = parse_field(fmt);
    }

    spec->precision = FMT_NO_PRECISION;
    if (**fmt != '.')
        return;
    (*fmt)++;
    if (**fmt == '*') {
        int p = va_arg(*ap, int);

        (*fmt)++;
        /* C: a negative precision is taken as if it were omitted. */
        if (p >= 0)
            spec->precision = p > FMT_FIELD_MAX ? FMT_FIELD_MAX : p;
    } else {
        spec->precision = parse_field(fmt);
    }
}

static void parse_length(const char **fmt, struct fmt_spec *spec)
{
    spec->length = LEN_INT;
    switch (**fmt) {
    case 'h':
        spec->length = (*fmt)[1] == 'h' ? LEN_HH : LEN_H;
        break;
    case 'l':
        spec->length = (*fmt)[1] == 'l' ? LEN_LL : LEN_L;
        break;
    case 'z': spec->length = LEN_Z; break;
    case 't': spec->length = LEN_T; break;
    case 'j': spec->length = LEN_J; break;
    default: return;
    }
    *fmt += (spec->length == LEN_HH || spec->length == LEN_LL) ? 2 : 1;
}

static int64_t fetch_signed(enum fmt_length length, va_list *ap)
{
    switch (length) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z:  return (int64_t)va_arg(*ap, size_t);   /* ssize_t */
    case LEN_T:  return va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, intmax_t);
    default:     return va_arg(*ap, int);
    }
}

static uint64_t fetch_unsigned(enum fmt_length length, va_list *ap)
{
    switch (length) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z:  return va_arg(*ap, size_t);
    case LEN_T:  return (uint64_t)va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, uintmax_t);
    default:     return va_arg(*ap, unsigned int);
    }
}

/* Write the digits of v into the end of buf; return how many. */
static int format_digits(char *buf, uint64_t v, unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    do {
        buf[FMT_DIGITS_MAX - 1 - n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    return n;
}

/* The sign or base prefix that goes before the digits (and zero padding). */
static const char *number_prefix(const struct fmt_spec *spec, unsigned int base,
                                 bool negative, uint64_t v)
{
    if (base == 10) {
        if (negative)
            return "-";
        if (spec->flags & FMT_PLUS)
            return "+";
        return (spec->flags & FMT_SPACE) ? " " : "";
    }
    if (base == 16 && (spec->flags & FMT_ALT) && v != 0)
        return (spec->flags & FMT_UPPER) ? "0X" : "0x";
    return "";
}

static void format_number(struct fmt_out *o, const struct fmt_spec *spec,
                          uint64_t v, unsigned int base, bool negative)
{
    char digits[FMT_DIGITS_MAX];
    int ndigits = format_digits(digits, v, base, spec->flags & FMT_UPPER);
    const char *prefix = number_prefix(spec, base, negative, v);
    int nprefix = (int)strlen(prefix);
    int zeros = 0, pad;

    if (spec->precision == 0 && v == 0)
        ndigits = 0;                    /* C: "%.0d" of 0 prints nothing */
    if (spec->precision > ndigits)
        zeros = spec->precision - ndigits;
    /* '#' with octal: make sure the first digit printed is a 0. */
    if (base == 8 && (spec->flags & FMT_ALT) && zeros == 0 &&
        (ndigits == 0 || digits[FMT_DIGITS_MAX - ndigits] != '0'))
        zeros = 1;

    pad = spec->width - nprefix - zeros - ndigits;
    if ((spec->flags & (FMT_ZEROPAD | FMT_LEFT)) == FMT_ZEROPAD &&
        spec->precision == FMT_NO_PRECISION) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(spec->flags & FMT_LEFT))
        out_pad(o, ' ', pad);
    out_bytes(o, prefix, (size_t)nprefix);
    out_pad(o, '0', zeros);
    out_bytes(o, digits + FMT_DIGITS_MAX - ndigits, (size_t)ndigits);
    if (spec->flags & FMT_LEFT)
        out_pad(o, ' ', pad);
}

static void format_text(struct fmt_out *o, const struct fmt_spec *spec,
                        const char *s, size_t len)
{
    int pad = spec->width - (int)min_t(size_t, len, FMT_FIELD_MAX);

    if (!(spec->flags & FMT_LEFT))
        out_pad(o, ' ', pad);
    out_bytes(o, s, len);
    if (spec->flags & FMT_LEFT)
        out_pad(o, ' ', pad);
}

static void format_string(struct fmt_out *o, const struct fmt_spec *spec,
                          const char *s)
{
    size_t max = spec->precision == FMT_NO_PRECISION ?
                 SIZE_MAX : (size_t)spec->precision;

    if (s == NULL)
        s = "(null)";
    format_text(o, spec, s, strnlen(s, max));
}

static void format_pointer(struct fmt_out *o, struct fmt_spec *spec,
                           const void *p)
{
    uint64_t v = (uintptr_t)p;

    /* "0x" even for NULL, unlike '#', so every pointer looks alike. */
    spec->flags &= ~(FMT_PLUS | FMT_SPACE | FMT_UPPER);
    spec->flags |= FMT_ALT;
    if (v == 0) {
        format_text(o, spec, "0x0", 3);
        return;
    }
    format_number(o, spec, v, 16, false);
}

/* %d %i %u %x %X %o. */
static void format_integer(struct fmt_out *o, struct fmt_spec *spec,
                           va_list *ap)
{
    int64_t v;

    switch (spec->conv) {
    case 'd':
    case 'i':
        v = fetch_signed(spec->length, ap);
        format_number(o, spec, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
        break;
    case 'u':
        spec->flags &= ~(FMT_PLUS | FMT_SPACE);
        format_number(o, spec, fetch_unsigned(spec->length, ap), 10, false);
        break;
    case 'X':
        spec->flags |= FMT_UPPER;
        /* fall through */
    case 'x':
        format_number(o, spec, fetch_unsigned(spec->length, ap), 16, false);
        break;
    default:
        format_number(o, spec, fetch_unsigned(spec->length, ap), 8, false);
        break;
    }
}

/* One conversion; *fmt points just past the '%'. */
static void format_one(struct fmt_out *o, const char **fmt, va_list *ap)
{
    const char *start = *fmt - 1;
    struct fmt_spec spec = { 0 };
    char c;

    parse_flags(fmt, &spec);
    parse_width_precision(fmt, &spec, ap);
    parse_length(fmt, &spec);
    spec.conv = **fmt;
    if (spec.conv != '\0')
        (*fmt)++;

    switch (spec.conv) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        format_integer(o, &spec, ap);
        break;
    case 'c':
        c = (char)va_arg(*ap, int);
        format_text(o, &spec, &c, 1);
        break;
    case 's':
        format_string(o, &spec, va_arg(*ap, const char *));
        break;
    case 'p':
        format_pointer(o, &spec, va_arg(*ap, const void *));
        break;
    case '%':
        out_bytes(o, "%", 1);
        break;
    default:
        /* Unknown (or missing) conversion: show the text as written. */
        out_bytes(o, start, (size_t)(*fmt - start));
        break;
    }
}

static size_t format_all(char *buf, size_t size, const char *fmt, va_list args)
{
    struct fmt_out o = { .buf = buf, .size = size, .len = 0 };
    va_list ap;

    /* A copy, so helpers can take its address whatever va_list is. */
    va_copy(ap, args);
    while (*fmt != '\0') {
        const char *pct = strchr(fmt, '%');
        size_t run = pct ? (size_t)(pct - fmt) : strlen(fmt);

        out_bytes(&o, fmt, run);
        fmt += run;
        if (*fmt == '%') {
            fmt++;
            format_one(&o, &fmt, &ap);
        }
    }
    va_end(ap);
    if (size != 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    size_t len = format_all(buf, size, fmt, args);

    /* The length must fit the int that C makes us return. */
    return len > INT32_MAX ? INT32_MAX : (int)len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int ret;

    va_start(args, fmt);
    ret = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return ret;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    size_t len = format_all(buf, size, fmt, args);

    if (size == 0)
        return 0;
    return (int)(len < size ? len : size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int ret;

    va_start(args, fmt);
    ret = vscnprintf(buf, size, fmt, args);
    va_end(args);
    return ret;
}
