/*
 * tools/lib/xencons_ring.h - dom0's end of a domain's PV console ring
 * (include/public/io/console.h): xenconsoled consumes out[] and produces
 * in[].
 *
 * The guest writes the other two indices whenever it likes, so each call
 * reads them once and checks them before touching the ring: a fill above
 * the ring's size (a guest that set out_prod 1 GiB ahead) is refused with
 * -EIO and nothing is copied, as Xen's xenconsoled ignores such a ring.
 * Every byte position is masked into the ring, so no index can reach
 * outside the page.
 */
#ifndef MINIXEN_TOOLS_XENCONS_RING_H
#define MINIXEN_TOOLS_XENCONS_RING_H

#include <stddef.h>
#include <public/io/console.h>

/* Up to max bytes of guest output into dst, freeing them; count or -EIO. */
long xencons_ring_take_output(volatile struct xencons_interface *ring,
                              char *dst, size_t max);
/* Up to len bytes of src as guest input, as far as there is room; count or -EIO. */
long xencons_ring_put_input(volatile struct xencons_interface *ring,
                            const char *src, size_t len);

#endif /* MINIXEN_TOOLS_XENCONS_RING_H */
