/*
 * The hypervisor log ring (see console_ring.h for the reader's view).
 *
 * Byte at absolute position p lives at buf[p & (size - 1)]; the ring holds
 * positions [tail, head) with head - tail <= size at all times.
 */
#include <minixen/console_ring.h>
#include <minixen/lib.h>
#include <public/errno.h>

int console_ring_init(struct console_ring *ring, char *buf, size_t size)
{
    if (!IS_POWER_OF_2(size))
        return -XEN_EINVAL;
    ring->buf = buf;
    ring->size = size;
    ring->head = 0;
    ring->tail = 0;
    return 0;
}

static size_t ring_index(const struct console_ring *ring, uint64_t pos)
{
    return (size_t)(pos & (ring->size - 1));
}

void console_ring_write(struct console_ring *ring, const char *data,
                        size_t len)
{
    size_t idx, first;

    /* Only the last size bytes can survive; skip the rest up front. */
    if (len > ring->size) {
        ring->head += len - ring->size;
        data += len - ring->size;
        len = ring->size;
    }

    /* At most two pieces: up to the end of buf, then from its start. */
    idx = ring_index(ring, ring->head);
    first = min(len, ring->size - idx);
    memcpy(ring->buf + idx, data, first);
    memcpy(ring->buf, data + first, len - first);

    ring->head += len;
    if (ring->head - ring->tail > ring->size)
        ring->tail = ring->head - ring->size;
}

size_t console_ring_read(const struct console_ring *ring, uint64_t *cursor,
                         char *out, size_t len)
{
    uint64_t pos = *cursor;
    size_t n, idx, first;

    if (pos < ring->tail)
        pos = ring->tail;
    if (pos > ring->head)
        pos = ring->head;

    /* Bounded by what is held, so n fits in size_t. */
    n = (size_t)min_t(uint64_t, len, ring->head - pos);
    idx = ring_index(ring, pos);
    first = min(n, ring->size - idx);
    memcpy(out, ring->buf + idx, first);
    memcpy(out + first, ring->buf, n - first);

    *cursor = pos + n;
    return n;
}

uint64_t console_ring_oldest(const struct console_ring *ring)
{
    return ring->tail;
}

uint64_t console_ring_newest(const struct console_ring *ring)
{
    return ring->head;
}

size_t console_ring_used(const struct console_ring *ring)
{
    return (size_t)(ring->head - ring->tail);
}

void console_ring_clear(struct console_ring *ring)
{
    ring->tail = ring->head;
}

uint64_t console_ring_resume(const struct console_ring *ring, bool incremental,
                             uint32_t cursor32)
{
    /* How far back from the newest byte the cursor is, modulo 2^32. */
    uint32_t back = (uint32_t)ring->head - cursor32;

    if (incremental && back < console_ring_used(ring))
        return ring->head - back;
    return ring->tail;
}

size_t console_ring_span(const struct console_ring *ring, uint64_t pos,
                         const char **data)
{
    size_t idx;

    if (pos < ring->tail || pos >= ring->head)
        return 0;
    idx = ring_index(ring, pos);
    *data = ring->buf + idx;
    /* Bounded by what is held, so the difference fits in size_t. */
    return (size_t)min_t(uint64_t, ring->head - pos, ring->size - idx);
}

void console_ring_clear_to(struct console_ring *ring, uint64_t pos)
{
    if (pos > ring->head)
        pos = ring->head;
    if (pos > ring->tail)
        ring->tail = pos;
}
