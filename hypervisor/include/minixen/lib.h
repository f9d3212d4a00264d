/*
 * The hypervisor's small C library: string and memory functions
 * (common/string.c), snprintf and friends (common/vsnprintf.c), and the
 * helper macros that C leaves out (min, max, ARRAY_SIZE, ROUNDUP, ...).
 *
 * The prototypes match the C standard ones, because gcc emits calls to
 * memcpy, memset, memmove and memcmp on its own (struct copies, large
 * initialisers) even with -ffreestanding.  Host unit tests link these files
 * next to the host C library; they compile them with every name renamed
 * (tests/unit/lib_rename.h) so the two sets never collide.
 */
#ifndef MINIXEN_LIB_H
#define MINIXEN_LIB_H

#include <minixen/types.h>
#include <stdarg.h>

/* ---- Compile-time checks ---- */

/* Refuse to compile if cond is true (a statement or declaration). */
#define BUILD_BUG_ON(cond)      _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
/* The same inside an expression: evaluates to 0 (size_t) or fails. */
#define BUILD_BUG_ON_ZERO(cond) (sizeof(char[1 - 2 * !!(cond)]) - 1)

/* True for arrays, false for pointers: ARRAY_SIZE(ptr) must not compile. */
#define __is_array(a) \
    (!__builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0])))
#define ARRAY_SIZE(a) \
    (sizeof(a) / sizeof((a)[0]) + BUILD_BUG_ON_ZERO(!__is_array(a)))

/* ---- Arithmetic helpers ---- */

/* Each argument is evaluated once; mixing types is a compile error. */
#define min(a, b) ({                                                    \
    __typeof__(a) _min_a = (a);                                         \
    __typeof__(b) _min_b = (b);                                         \
    (void)(&_min_a == &_min_b);                                         \
    _min_a < _min_b ? _min_a : _min_b; })
#define max(a, b) ({                                                    \
    __typeof__(a) _max_a = (a);                                         \
    __typeof__(b) _max_b = (b);                                         \
    (void)(&_max_a == &_max_b);                                         \
    _max_a > _max_b ? _max_a : _max_b; })
/* Same, converting both to the given type first. */
#define min_t(type, a, b)   min((type)(a), (type)(b))
#define max_t(type, a, b)   max((type)(a), (type)(b))

#define IS_POWER_OF_2(x)    ((x) != 0 && ((x) & ((x) - 1)) == 0)
/*
 * Round to a multiple of a, which must be a power of two.  The mask is
 * built in x's type so that a 32-bit a cannot clear the top half of a
 * 64-bit x.
 */
#define ROUNDDOWN(x, a)     ((x) & ~((__typeof__(x))(a) - 1))
#define ROUNDUP(x, a)       ROUNDDOWN((x) + ((__typeof__(x))(a) - 1), a)
#define IS_ALIGNED(x, a)    (((x) & ((__typeof__(x))(a) - 1)) == 0)
/* Division rounding up, for any positive d (no power-of-two needed). */
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))

#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

/* ---- Memory and strings (common/string.c) ---- */

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/*
 * Copy src into dst (size bytes), always NUL-terminating when size > 0.
 * Returns strlen(src); a result >= size means the copy was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

/* ---- Formatted output (common/vsnprintf.c) ---- */

/*
 * C99 semantics: write at most size bytes including the NUL (always
 * terminated when size > 0) and return the length the full output would
 * have had.  Supported: %d %i %u %x %X %o %c %s %p %%, flags "-0+ #",
 * width and precision (also "*"), length modifiers hh h l ll z t j.
 * %p prints "0x" and lowercase hex digits.  No floating point and no %n;
 * an unknown conversion is printed as it appears, so the bug shows.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like the above but return what was actually stored (without the NUL). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
int scnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* MINIXEN_LIB_H */
