/*
 * tools/lib/xlconsole_proto.c - the attach request and reply lines of
 * xlconsole_proto.h.  Both ends read them from a socket, so a line is
 * taken only whole, never longer than XLCONS_LINE_MAX, and every byte of
 * it must fit the grammar.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xlconsole_proto.h"

#define REQUEST_VERB  "attach "
#define REPLY_OK      "ok"
#define REPLY_ERROR   "error "
#define DOMID_DIGITS_MAX 5

struct errno_name {
    int err;
    const char *name;
};

static const struct errno_name errno_names[] = {
    { ENOENT, "ENOENT" }, { EBUSY, "EBUSY" }, { EINVAL, "EINVAL" },
    { EIO, "EIO" }, { ENOMEM, "ENOMEM" }, { EAGAIN, "EAGAIN" },
};

#define N_ERRNO_NAMES (sizeof(errno_names) / sizeof(errno_names[0]))

/* Length of the first line without its newline, or -EAGAIN / -EINVAL. */
static long line_length(const char *buf, size_t len)
{
    size_t scan = len < XLCONS_LINE_MAX ? len : XLCONS_LINE_MAX;
    const char *nl = memchr(buf, '\n', scan);

    if (nl)
        return nl - buf;
    return len < XLCONS_LINE_MAX ? -EAGAIN : -EINVAL;
}

/* Does line[0..n) start with word? */
static int starts_with(const char *line, long n, const char *word)
{
    size_t w = strlen(word);

    return (size_t)n >= w && memcmp(line, word, w) == 0;
}

/* Decimal digits only, no leading zero (but "0"), below the limit. */
static int parse_domid(const char *s, long n, uint32_t *domid)
{
    uint32_t v = 0;

    if (n < 1 || n > DOMID_DIGITS_MAX || (s[0] == '0' && n > 1))
        return -EINVAL;
    for (long i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -EINVAL;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (v >= XLCONS_DOMID_LIMIT)
        return -EINVAL;
    *domid = v;
    return 0;
}

int xlcons_parse_request(const char *buf, size_t len, uint32_t *domid)
{
    long n = line_length(buf, len);
    long verb = (long)strlen(REQUEST_VERB);

    if (n < 0)
        return (int)n;
    if (!starts_with(buf, n, REQUEST_VERB) ||
        parse_domid(buf + verb, n - verb, domid))
        return -EINVAL;
    return (int)n + 1;
}

static int errno_from_name(const char *name, long n)
{
    for (size_t i = 0; i < N_ERRNO_NAMES; i++)
        if ((long)strlen(errno_names[i].name) == n &&
            memcmp(errno_names[i].name, name, (size_t)n) == 0)
            return errno_names[i].err;
    return EIO;
}

static const char *errno_name(int err)
{
    for (size_t i = 0; i < N_ERRNO_NAMES; i++)
        if (errno_names[i].err == err)
            return errno_names[i].name;
    return "EIO";
}

int xlcons_parse_reply(const char *buf, size_t len)
{
    long n = line_length(buf, len);
    long skip = (long)strlen(REPLY_ERROR);
    const char *name_end;

    if (n < 0)
        return (int)n;
    if (n == (long)strlen(REPLY_OK) && starts_with(buf, n, REPLY_OK))
        return (int)n + 1;
    if (!starts_with(buf, n, REPLY_ERROR))
        return -EIO;
    name_end = memchr(buf + skip, ' ', (size_t)(n - skip));
    return -errno_from_name(buf + skip,
                            (name_end ? name_end - buf : n) - skip);
}

int xlcons_format_request(char *buf, size_t size, uint32_t domid)
{
    return snprintf(buf, size, REQUEST_VERB "%u\n", domid);
}

int xlcons_format_reply(char *buf, size_t size, int err)
{
    if (!err)
        return snprintf(buf, size, REPLY_OK "\n");
    return snprintf(buf, size, REPLY_ERROR "%s %s\n", errno_name(err),
                    strerror(err));
}

size_t xlcons_before_escape(const char *buf, size_t len, char escape)
{
    const char *hit = memchr(buf, escape, len);

    return hit ? (size_t)(hit - buf) : len;
}
