/*
 * tools/lib/xencons_ring.c - dom0's end of the PV console ring; see
 * xencons_ring.h for what is checked.  Barriers as the protocol needs
 * them: the guest's producer index is read before the bytes it publishes,
 * and our consumer index moves only after the bytes are copied out.
 */
#include <errno.h>
#include "xencons_ring.h"

#define INDEX(v) (*(volatile XENCONS_RING_IDX *)&(v))

static void full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

long xencons_ring_take_output(volatile struct xencons_interface *ring,
                              char *dst, size_t max)
{
    XENCONS_RING_IDX cons = INDEX(ring->out_cons);
    XENCONS_RING_IDX prod = INDEX(ring->out_prod);
    XENCONS_RING_IDX fill = prod - cons;
    size_t n = 0;

    full_barrier();
    if (fill > XENCONS_OUT_SIZE)
        return -EIO;
    for (; n < max && n < fill; n++)
        dst[n] = ring->out[MASK_XENCONS_IDX(cons + n, ring->out)];
    full_barrier();
    INDEX(ring->out_cons) = cons + (XENCONS_RING_IDX)n;
    return (long)n;
}

long xencons_ring_put_input(volatile struct xencons_interface *ring,
                            const char *src, size_t len)
{
    XENCONS_RING_IDX cons = INDEX(ring->in_cons);
    XENCONS_RING_IDX prod = INDEX(ring->in_prod);
    XENCONS_RING_IDX fill = prod - cons;
    size_t n = 0;

    full_barrier();
    if (fill > XENCONS_IN_SIZE)
        return -EIO;
    for (; n < len && fill + n < XENCONS_IN_SIZE; n++)
        ring->in[MASK_XENCONS_IDX(prod + n, ring->in)] = src[n];
    __atomic_thread_fence(__ATOMIC_RELEASE);
    INDEX(ring->in_prod) = prod + (XENCONS_RING_IDX)n;
    return (long)n;
}
