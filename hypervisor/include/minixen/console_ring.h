/*
 * The hypervisor log ring: every printk line is appended here so that the
 * control domain can read the log later (xl dmesg), long after the serial
 * output scrolled away.
 *
 * Positions are absolute byte counts since boot (64-bit, so they never
 * wrap), which lets a reader keep a cursor across calls: it asks for bytes
 * from its cursor on, and if the writer has overwritten them meanwhile the
 * read starts at the oldest byte still held.  The caller provides the
 * storage (a power-of-two size) and any locking; nothing here allocates.
 */
#ifndef MINIXEN_CONSOLE_RING_H
#define MINIXEN_CONSOLE_RING_H

#include <minixen/types.h>

struct console_ring {
    char *buf;
    size_t size;        /* a power of two */
    uint64_t head;      /* position of the next byte to be written */
    uint64_t tail;      /* position of the oldest byte still held */
};

/*
 * Set up an empty ring over buf.  Returns 0, or -XEN_EINVAL if size is
 * not a power of two (zero included).
 */
int console_ring_init(struct console_ring *ring, char *buf, size_t size);

/*
 * Append len bytes, overwriting the oldest ones when the ring is full.
 * Writing more than the ring holds keeps only the last size bytes, but
 * positions still advance by len.
 */
void console_ring_write(struct console_ring *ring, const char *data,
                        size_t len);

/*
 * Copy up to len bytes starting at position *cursor into out and advance
 * *cursor past them; returns the number copied (0 when the reader is up to
 * date).  A cursor older than console_ring_oldest() first moves to it (the
 * bytes in between are lost; compare the cursor with console_ring_oldest()
 * beforehand to notice).  A cursor beyond the newest byte moves back to it.
 */
size_t console_ring_read(const struct console_ring *ring, uint64_t *cursor,
                         char *out, size_t len);

/* Position of the oldest byte still held. */
uint64_t console_ring_oldest(const struct console_ring *ring);
/* Position one past the newest byte (where the next write lands). */
uint64_t console_ring_newest(const struct console_ring *ring);
/* Bytes currently held: newest - oldest, at most size. */
size_t console_ring_used(const struct console_ring *ring);

/* Forget everything held (xl dmesg -c); positions keep counting. */
void console_ring_clear(struct console_ring *ring);

/*
 * Where a reader with a 32-bit cursor resumes (sysctl readconsole, whose
 * index wraps at 2^32): at the position whose low 32 bits are cursor32 if
 * that byte is still held and not yet the newest, so (oldest, newest];
 * otherwise (not incremental, or the bytes were overwritten or cleared
 * away) at the oldest byte held.
 */
uint64_t console_ring_resume(const struct console_ring *ring, bool incremental,
                             uint32_t cursor32);

/*
 * The bytes held from pos on that are contiguous in the buffer: *data
 * points at them and the count is returned (0 when pos is not in
 * [oldest, newest)).  A reader copies a ring out in at most two spans.
 */
size_t console_ring_span(const struct console_ring *ring, uint64_t pos,
                         const char **data);

/* Forget what lies before pos (xl dmesg -c after reading up to pos). */
void console_ring_clear_to(struct console_ring *ring, uint64_t pos);

#endif /* MINIXEN_CONSOLE_RING_H */
