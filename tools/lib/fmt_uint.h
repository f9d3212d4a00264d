/*
 * tools/lib/fmt_uint.h - a number in decimal, by hand: the store paths
 * and permissions that xl and xenstored build per domain and per node
 * ("/local/domain/7/name", "r7") would cost hundreds of instructions
 * each through snprintf.
 */
#ifndef MINIXEN_TOOLS_FMT_UINT_H
#define MINIXEN_TOOLS_FMT_UINT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_UINT_MAX 20         /* digits of the largest uint64_t */

/* n's digits at buf, no NUL: how many (at most FMT_UINT_MAX). */
static inline size_t fmt_uint(char *buf, uint64_t n)
{
    char digits[FMT_UINT_MAX];
    size_t count = 0;

    do
        digits[count++] = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    for (size_t i = 0; i < count; i++)
        buf[i] = digits[count - 1 - i];
    return count;
}

#endif /* MINIXEN_TOOLS_FMT_UINT_H */
