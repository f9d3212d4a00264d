/*
 * dom0/net/msg_iter.h - one transfer's user buffers (a read's one, or
 * sendmsg's iovec) and how far the transfer has gone through them.
 */
#ifndef DOM0_NET_MSG_ITER_H
#define DOM0_NET_MSG_ITER_H

#include <kernel/types.h>
#include <linux/fs.h>

struct msg_iter {
    const struct linux_iovec *iov;
    size_t nr, seg, off;            /* segments; the current one, and where in it */
    size_t total, done;             /* bytes in all; bytes moved */
};

void msg_iter_init(struct msg_iter *it, const struct linux_iovec *iov, size_t nr);
/* Where the next byte goes or comes from, and how many follow it in that segment. */
size_t msg_iter_span(const struct msg_iter *it, uaddr_t *addr);
void msg_iter_advance(struct msg_iter *it, size_t n);

#endif /* DOM0_NET_MSG_ITER_H */
