/*
 * include/public/io/console.h - the PV console ring page (Xen 4.17's
 * xen/include/public/io/console.h): one shared page per domain, output
 * from the guest in out[], input to it in in[].
 *
 * Each direction is a single-producer, single-consumer ring of free-running
 * 32-bit indices: the producer writes bytes at prod, then (after a write
 * barrier) advances prod; the consumer reads bytes from cons up to prod,
 * then (after a full barrier) advances cons.  prod - cons is the fill, at
 * most the ring's size; a byte's slot is its index masked by size - 1.
 * Whoever moved an index notifies the other end on the console's event
 * channel.  The indices live in memory both ends write, so each end must
 * bound what it reads of the other's (see docs/consoles.md).
 *
 * Layout pinned by check_console.c; the same for 32- and 64-bit domains.
 */
#ifndef MINIXEN_PUBLIC_IO_CONSOLE_H
#define MINIXEN_PUBLIC_IO_CONSOLE_H

#define XENCONS_IN_SIZE  1024
#define XENCONS_OUT_SIZE 2048

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Slot of index idx in ring (an array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[XENCONS_IN_SIZE];
    char out[XENCONS_OUT_SIZE];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};
#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_IO_CONSOLE_H */
