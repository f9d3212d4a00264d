/*
 * include/public/check_layout.h - helpers for the check_*.c layout checks.
 *
 * Not part of the ABI: only the check files include it.  Each check pins a
 * size or an offset to Xen 4.17's number (its public headers compiled
 * with gcc -m32 and -m64), for the view
 * the file is being compiled for (public.mk compiles every check with -m64
 * and with -m32).  A mismatch stops the build with the struct and field named.
 */
#ifndef MINIXEN_PUBLIC_CHECK_LAYOUT_H
#define MINIXEN_PUBLIC_CHECK_LAYOUT_H

#include <stddef.h>

#if defined(__x86_64__)
#define CHECK_PICK(v32, v64) (v64)
#elif defined(__i386__)
#define CHECK_PICK(v32, v64) (v32)
#else
#error "layout checks know only x86_64 and i386"
#endif

/* Same value for both widths. */
#define CHECK_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "sizeof(" #type ") != " #size)
#define CHECK_OFFSET(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), \
                   "offsetof(" #type ", " #field ") != " #off)
#define CHECK_VALUE(name, value) \
    _Static_assert((name) == (value), #name " != " #value)

/* Different values: 32-bit view first, as in the reference tables. */
#define CHECK_SIZE2(type, s32, s64) \
    _Static_assert(sizeof(type) == CHECK_PICK(s32, s64), \
                   "sizeof(" #type ") != " #s32 " (32) / " #s64 " (64)")
#define CHECK_OFFSET2(type, field, o32, o64) \
    _Static_assert(offsetof(type, field) == CHECK_PICK(o32, o64), \
                   "offsetof(" #type ", " #field ") != " #o32 " / " #o64)
#define CHECK_VALUE2(name, v32, v64) \
    _Static_assert((name) == CHECK_PICK(v32, v64), \
                   #name " != " #v32 " (32) / " #v64 " (64)")

/* A field's size. */
#define CHECK_FIELD_SIZE2(type, field, s32, s64) \
    _Static_assert(sizeof(((type *)0)->field) == CHECK_PICK(s32, s64), \
                   "sizeof(" #type "." #field ") != " #s32 " / " #s64)

#endif /* MINIXEN_PUBLIC_CHECK_LAYOUT_H */
