/*
 * dom0/net/sock_buf.h - the bytes queued in one direction of a stream
 * socket: a ring of SOCK_BUF_PAGES pages, each taken only when the data
 * reaches it and all given back whenever the ring drains, so an idle
 * connection holds no memory.
 */
#ifndef DOM0_NET_SOCK_BUF_H
#define DOM0_NET_SOCK_BUF_H

#include <kernel/types.h>

#define SOCK_BUF_PAGES      16
#define SOCK_BUF_CAPACITY   (SOCK_BUF_PAGES * PAGE_SIZE)

struct sock_buf {
    uint8_t *pages[SOCK_BUF_PAGES];
    size_t head;                    /* ring offset of the oldest byte */
    size_t count;                   /* bytes queued */
};

static inline size_t sock_buf_room(const struct sock_buf *b)
{
    return SOCK_BUF_CAPACITY - b->count;
}

/* Appends up to n bytes from user memory: the count, or -EFAULT/-ENOMEM if none. */
long sock_buf_fill(struct sock_buf *b, uaddr_t src, size_t n);
/*
 * Copies up to n bytes, starting skip bytes past the oldest, to user
 * memory without removing them: the count, or -EFAULT if none.
 */
long sock_buf_copy(const struct sock_buf *b, size_t skip, uaddr_t dst, size_t n);
/* Drops the n oldest bytes (n <= count). */
void sock_buf_consume(struct sock_buf *b, size_t n);
void sock_buf_release(struct sock_buf *b);

#endif /* DOM0_NET_SOCK_BUF_H */
