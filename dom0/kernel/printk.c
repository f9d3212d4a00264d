/*
 * dom0/kernel/printk.c - the kernel's messages, to the hypervisor console
 * (the serial log and `xl dmesg`), each line prefixed "dom0: ".
 */
#include <kernel/kernel.h>
#include "../arch/xen.h"
#include "../arch/backtrace.h"

#define LINE_MAX_LEN        256

static void vprintk(const char *prefix, const char *fmt, va_list ap)
{
    char buf[LINE_MAX_LEN];
    int used = snprintf(buf, sizeof(buf), "%s", prefix);

    vsnprintf(buf + used, sizeof(buf) - used, fmt, ap);
    xen_console_write(buf, strlen(buf));
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk("dom0: ", fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk("dom0: panic: ", fmt, ap);
    va_end(ap);
    xen_console_write("\n", 1);
    backtrace_here();
    xen_shutdown(SHUTDOWN_crash);
}

size_t kstrlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(dst, src, c);
        dst[c] = 0;
    }
    return n;
}
