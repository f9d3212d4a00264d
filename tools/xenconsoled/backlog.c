/*
 * tools/xenconsoled/backlog.c - the bounded byte queue of backlog.h.
 */
#include <stdlib.h>
#include <string.h>
#include "backlog.h"

int backlog_init(struct backlog *b, size_t capacity)
{
    b->capacity = capacity && capacity < BACKLOG_OUTPUT_SIZE ? capacity
                                                             : BACKLOG_OUTPUT_SIZE;
    b->head = b->len = 0;
    b->dropped = 0;
    b->data = malloc(b->capacity);
    return b->data ? 0 : -1;
}

void backlog_free(struct backlog *b)
{
    free(b->data);
    b->data = NULL;
}

size_t backlog_room(const struct backlog *b)
{
    return b->capacity - b->len;
}

void backlog_consume(struct backlog *b, size_t n)
{
    if (n > b->len)
        n = b->len;
    b->head = (b->head + n) % b->capacity;
    b->len -= n;
}

/* Only the newest capacity bytes of s can stay. */
void backlog_push(struct backlog *b, const char *s, size_t n)
{
    if (n > b->capacity) {
        b->dropped += n - b->capacity;
        s += n - b->capacity;
        n = b->capacity;
    }
    if (n > backlog_room(b)) {
        b->dropped += n - backlog_room(b);
        backlog_consume(b, n - backlog_room(b));
    }
    for (size_t i = 0; i < n; i++)
        b->data[(b->head + b->len + i) % b->capacity] = s[i];
    b->len += n;
}

const char *backlog_peek(const struct backlog *b, size_t *n)
{
    size_t to_end = b->capacity - b->head;

    *n = b->len < to_end ? b->len : to_end;
    return b->data + b->head;
}
