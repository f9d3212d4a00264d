/*
 * tools/xenconsoled/backlog.h - a bounded byte queue: a console's output
 * waiting for `xl console` (the oldest bytes go when it is full, as a
 * terminal's scroll-back does) and its input waiting for ring space.
 */
#ifndef XENCONSOLED_BACKLOG_H
#define XENCONSOLED_BACKLOG_H

#include <stddef.h>

#define BACKLOG_OUTPUT_SIZE (16 * 1024)   /* the largest backlog */

/*
 * The bytes live apart, malloc'ed and never zeroed: a console's two
 * backlogs once made its struct 32 KiB that calloc cleared (and dom0
 * faulted in) for every domain created, before a byte was queued.
 */
struct backlog {
    char *data;
    size_t capacity;     /* <= BACKLOG_OUTPUT_SIZE */
    size_t head;         /* index of the oldest byte */
    size_t len;
    unsigned long dropped;
};

/* 0, or -1 when out of memory; backlog_free() gives the bytes back. */
int backlog_init(struct backlog *b, size_t capacity);
void backlog_free(struct backlog *b);
size_t backlog_room(const struct backlog *b);
/* Append all of s, dropping the oldest bytes that no longer fit. */
void backlog_push(struct backlog *b, const char *s, size_t n);
/* The oldest contiguous run: its start, and its length in *n (0: empty). */
const char *backlog_peek(const struct backlog *b, size_t *n);
/* Forget the n oldest bytes (at most len). */
void backlog_consume(struct backlog *b, size_t n);

#endif /* XENCONSOLED_BACKLOG_H */
