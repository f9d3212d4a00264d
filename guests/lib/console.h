/*
 * guests/lib/console.h - text output for the PV guests.
 *
 * Output goes to the hypervisor console through console_io(CONSOLEIO_write),
 * or to the PV console ring for a guest that called xencons_init() and
 * was given one (xencons.h).  The formatter knows the printf
 * subset the guests use: %d %i %u %x %X %p %s %c %% with the flags '0',
 * '-' and '#', a field width, a precision for %s, and the length
 * modifiers l, ll and z.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(fmt_idx, arg_idx) \
    __attribute__((format(printf, fmt_idx, arg_idx)))

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Write len bytes as they are; returns console_io's result. */
long console_write(const char *s, size_t len);

/* Format and write; longer output than the internal buffer is cut off. */
void printk(const char *fmt, ...) PRINTF_LIKE(1, 2);
void vprintk(const char *fmt, va_list ap);

#endif /* GUEST_CONSOLE_H */
