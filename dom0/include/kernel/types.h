/*
 * dom0/include/kernel/types.h - the scalar types every dom0 kernel file
 * uses.  Only the compiler's freestanding headers: the same sources also
 * build on the host for the unit tests, next to the host's C library.
 */
#ifndef DOM0_KERNEL_TYPES_H
#define DOM0_KERNEL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

/* A user-space address: never dereferenced, only handed to uaccess.h. */
typedef uint64_t uaddr_t;

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)           ((a) < (b) ? (a) : (b))
#define MAX(a, b)           ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a)      (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)    ((x) & ~((__typeof__(x))(a) - 1))
#define container_of(p, type, member) \
    ((type *)((char *)(p) - offsetof(type, member)))
#define BUILD_BUG_ON(c)     _Static_assert(!(c), #c)

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1UL << PAGE_SHIFT)

#endif /* DOM0_KERNEL_TYPES_H */
