/*
 * tools/xenstore/xs_ring.c - bytes in and out of a domain's store page.
 *
 * The page is shared with the domain, which may change any field at any
 * time: each index is read once into a local, a producer more than a
 * ring ahead of its consumer is refused (-EIO, Xen's XENSTORE_ERROR_RINGIDX
 * case), and the bytes are copied out before they are looked at.
 */
#include <errno.h>
#include <string.h>
#include "xenstored.h"

#define READ_ONCE(x)  (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)  (*(volatile __typeof__(x) *)&(x) = (v))

static void ring_fail(struct xenstore_domain_interface *r)
{
    WRITE_ONCE(r->error, XENSTORE_ERROR_RINGIDX);
}

int ring_read(struct xenstore_domain_interface *r, void *buf, size_t size)
{
    XENSTORE_RING_IDX cons = READ_ONCE(r->req_cons);
    XENSTORE_RING_IDX prod = READ_ONCE(r->req_prod);
    size_t avail = (XENSTORE_RING_IDX)(prod - cons), done = 0;

    if (avail > XENSTORE_RING_SIZE) {
        ring_fail(r);
        return -EIO;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);   /* bytes after the index */
    while (done < avail && done < size) {
        size_t at = MASK_XENSTORE_IDX(cons + done);
        size_t n = XENSTORE_RING_SIZE - at;
        if (n > avail - done)
            n = avail - done;
        if (n > size - done)
            n = size - done;
        memcpy((char *)buf + done, r->req + at, n);
        done += n;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* copied before freed */
    WRITE_ONCE(r->req_cons, cons + (XENSTORE_RING_IDX)done);
    return (int)done;
}

int ring_write(struct xenstore_domain_interface *r, const void *buf, size_t len)
{
    XENSTORE_RING_IDX cons = READ_ONCE(r->rsp_cons);
    XENSTORE_RING_IDX prod = READ_ONCE(r->rsp_prod);
    size_t used = (XENSTORE_RING_IDX)(prod - cons), done = 0;

    if (used > XENSTORE_RING_SIZE) {
        ring_fail(r);
        return -EIO;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    while (done < len && used + done < XENSTORE_RING_SIZE) {
        size_t at = MASK_XENSTORE_IDX(prod + done);
        size_t n = XENSTORE_RING_SIZE - at;
        if (n > XENSTORE_RING_SIZE - used - done)
            n = XENSTORE_RING_SIZE - used - done;
        if (n > len - done)
            n = len - done;
        memcpy(r->rsp + at, (const char *)buf + done, n);
        done += n;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* bytes before the index */
    WRITE_ONCE(r->rsp_prod, prod + (XENSTORE_RING_IDX)done);
    return (int)done;
}
