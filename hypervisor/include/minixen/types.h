/*
 * Basic types for hypervisor code: fixed-width integers, size_t, bool and
 * the attribute shorthands every file uses.
 *
 * The hypervisor builds with -nostdinc plus gcc's own include directory,
 * so <stdint.h>, <stddef.h> and <stdbool.h> here are the compiler's
 * freestanding headers, not a C library's.  Host unit tests compile the
 * same sources against the host's copies of these headers, which is why
 * nothing here may assume which of the two it got.
 */
#ifndef MINIXEN_TYPES_H
#define MINIXEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define __packed            __attribute__((packed))
#define __aligned(n)        __attribute__((aligned(n)))
#define __maybe_unused      __attribute__((unused))
#define __must_check        __attribute__((warn_unused_result))

#endif /* MINIXEN_TYPES_H */
