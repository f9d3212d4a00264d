/*
 * dom0/fs/pipe.h - pipes: a 64 KiB ring (Linux's default of 16 pages)
 * shared by a read end and a write end.
 */
#ifndef DOM0_FS_PIPE_H
#define DOM0_FS_PIPE_H

#include <kernel/types.h>
#include <kernel/wait.h>

#define PIPE_PAGES          16
#define PIPE_CAPACITY       (PIPE_PAGES * PAGE_SIZE)

struct pipe {
    uint8_t *pages[PIPE_PAGES];
    size_t head;                    /* the oldest unread byte */
    size_t count;                   /* unread bytes */
    int readers, writers;
    struct waitq readq, writeq;
};

void pipe_free(struct pipe *p);

#endif /* DOM0_FS_PIPE_H */
