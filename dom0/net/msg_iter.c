/*
 * dom0/net/msg_iter.c - walking the user buffers of one socket transfer
 * (msg_iter.h).
 */
#include <kernel/kernel.h>
#include "msg_iter.h"

/* Steps over empty segments, so the current one always has room. */
static void iter_settle(struct msg_iter *it)
{
    while (it->seg < it->nr && it->off == it->iov[it->seg].iov_len) {
        it->seg++;
        it->off = 0;
    }
}

void msg_iter_init(struct msg_iter *it, const struct linux_iovec *iov, size_t nr)
{
    *it = (struct msg_iter){ .iov = iov, .nr = nr };
    for (size_t i = 0; i < nr; i++)
        it->total += iov[i].iov_len;
    iter_settle(it);
}

size_t msg_iter_span(const struct msg_iter *it, uaddr_t *addr)
{
    if (it->seg >= it->nr)
        return 0;
    *addr = it->iov[it->seg].iov_base + it->off;
    return it->iov[it->seg].iov_len - it->off;
}

void msg_iter_advance(struct msg_iter *it, size_t n)
{
    it->off += n;
    it->done += n;
    iter_settle(it);
}
