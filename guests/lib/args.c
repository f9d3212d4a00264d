/*
 * guests/lib/args.c - command-line options (args.h).
 */
#include "args.h"
#include "pv.h"
#include "string.h"

#define DECIMAL 10
#define HEX     16

static int digit_value(char c, unsigned int base)
{
    unsigned int v;

    if (c >= '0' && c <= '9')
        v = (unsigned int)(c - '0');
    else if (c >= 'a' && c <= 'f')
        v = (unsigned int)(c - 'a') + DECIMAL;
    else if (c >= 'A' && c <= 'F')
        v = (unsigned int)(c - 'A') + DECIMAL;
    else
        return -1;
    return v < base ? (int)v : -1;
}

static int parse_ulong(const char *s, unsigned long *out)
{
    unsigned int base = DECIMAL;
    unsigned long v = 0;
    int d, any = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = HEX;
        s += 2;
    }
    for (; (d = digit_value(*s, base)) >= 0; s++, any = 1)
        v = v * base + (unsigned long)d;
    *out = v;
    return any;
}

/* Matches only at the start of the line or after a space. */
unsigned long arg_ulong(const char *key, unsigned long def)
{
    const char *line = (const char *)start_info->cmd_line;
    size_t len = strlen(key);
    const char *p;
    unsigned long v;

    for (p = strstr(line, key); p; p = strstr(p + 1, key))
        if ((p == line || p[-1] == ' ') && p[len] == '=' && parse_ulong(p + len + 1, &v))
            return v;
    return def;
}

void arg_word(const char *key, char *buf, unsigned long size)
{
    const char *line = (const char *)start_info->cmd_line;
    size_t len = strlen(key), n = 0;
    const char *p;

    buf[0] = '\0';
    for (p = strstr(line, key); p; p = strstr(p + 1, key))
        if ((p == line || p[-1] == ' ') && p[len] == '=')
            break;
    if (!p)
        return;
    for (p += len + 1; *p && *p != ' ' && n + 1 < size; p++)
        buf[n++] = *p;
    buf[n] = '\0';
}
