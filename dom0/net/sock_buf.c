/*
 * dom0/net/sock_buf.c - a stream socket's queue of bytes (sock_buf.h).
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "sock_buf.h"

/* The page holding ring offset pos, allocated on first use.  Not zeroed:
 * only bytes written into the ring are ever read back out of it. */
static uint8_t *page_at(struct sock_buf *b, size_t pos)
{
    uint8_t **slot = &b->pages[pos / PAGE_SIZE];

    if (!*slot)
        *slot = page_alloc_uninit();
    return *slot;
}

long sock_buf_fill(struct sock_buf *b, uaddr_t src, size_t n)
{
    size_t done = 0;
    long err = -EFAULT;

    n = MIN(n, sock_buf_room(b));
    while (done < n) {
        size_t tail = (b->head + b->count) % SOCK_BUF_CAPACITY;
        size_t chunk = MIN(n - done, PAGE_SIZE - tail % PAGE_SIZE);
        uint8_t *page = page_at(b, tail);
        if (!page) {
            err = -ENOMEM;
            break;
        }
        if (copy_from_user(page + tail % PAGE_SIZE, src + done, chunk))
            break;
        done += chunk;
        b->count += chunk;
    }
    return done ? (long)done : err;
}

long sock_buf_copy(const struct sock_buf *b, size_t skip, uaddr_t dst, size_t n)
{
    size_t done = 0;

    n = skip < b->count ? MIN(n, b->count - skip) : 0;
    while (done < n) {
        size_t pos = (b->head + skip + done) % SOCK_BUF_CAPACITY;
        size_t chunk = MIN(n - done, PAGE_SIZE - pos % PAGE_SIZE);
        if (copy_to_user(dst + done, b->pages[pos / PAGE_SIZE] + pos % PAGE_SIZE, chunk))
            break;
        done += chunk;
    }
    return done || n == 0 ? (long)done : -EFAULT;
}

void sock_buf_consume(struct sock_buf *b, size_t n)
{
    n = MIN(n, b->count);
    b->head = (b->head + n) % SOCK_BUF_CAPACITY;
    b->count -= n;
    if (b->count == 0)
        sock_buf_release(b);
}

/* Gives every page back; only called on an empty ring or a dying socket. */
void sock_buf_release(struct sock_buf *b)
{
    for (int i = 0; i < SOCK_BUF_PAGES; i++)
        if (b->pages[i]) {
            page_put(b->pages[i]);
            b->pages[i] = NULL;
        }
    b->head = b->count = 0;
}
