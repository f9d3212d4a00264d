/*
 * dom0/include/kernel/kernel.h - what nearly every dom0 kernel file needs:
 * logging, panics, the kernel heap and the string helpers.
 *
 * The dom0 kernel's own messages go to the hypervisor's console through
 * console_io (so `xl dmesg` and the serial log show them), prefixed
 * "dom0: ".  On the host (unit tests) these resolve to test doubles.
 */
#ifndef DOM0_KERNEL_KERNEL_H
#define DOM0_KERNEL_KERNEL_H

#include <kernel/types.h>

#ifndef DOM0_HOST_TEST
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
#else
#include <string.h>
#include <stdio.h>
#endif

/* strlcpy semantics: always terminated, returns strlen(src). */
size_t kstrlcpy(char *dst, const char *src, size_t size);

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Crashes dom0 (SCHEDOP_shutdown crash) after a backtrace; never returns. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The kernel heap: any size up to a few pages; NULL when memory is out. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
char *kstrdup(const char *s);

#endif /* DOM0_KERNEL_KERNEL_H */
