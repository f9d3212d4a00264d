/*
 * dom0/include/kernel/wait.h - sleeping until something happens.
 *
 * A wait queue is a list of sleeping processes.  The pattern is always
 *
 *     while (!condition) {
 *         long err = waitq_sleep(&q);
 *         if (err)
 *             return err;        (-EINTR: a signal arrived)
 *     }
 *
 * waitq_wake() makes every sleeper runnable; each rechecks its condition.
 * It also wakes the poll()/select() sleepers hooked on the queue (a file
 * whose file_ops.poll_queue names it), and those polling a file without
 * one, so a file only has to wake its own queue.
 */
#ifndef DOM0_KERNEL_WAIT_H
#define DOM0_KERNEL_WAIT_H

#include <kernel/types.h>

struct process;

struct poll_hook;
struct file;

/* A poller's hook on a queue: fire runs at each waitq_wake of it. */
struct poll_hook {
    struct poll_hook *next, **pprev;
    void (*fire)(struct poll_hook *h);
    void *owner;
    struct file *file;
};

struct waitq {
    struct process *first;
    struct poll_hook *hooks;        /* pollers of a file this queue serves (fs/poll.c) */
};

#define WAITQ_INIT          { NULL, NULL }

/* 0 when woken, -EINTR when a signal is pending (before or after sleeping). */
long waitq_sleep(struct waitq *q);

/*
 * As waitq_sleep, but also woken at deadline (nanoseconds of the
 * monotonic clock, kernel/time.h); returns -ETIMEDOUT then.
 * A deadline of 0 means none.
 */
long waitq_sleep_until(struct waitq *q, uint64_t deadline_ns);

void waitq_wake(struct waitq *q);
/* Wakes q's own sleepers only: no hooks, no pollers (fs/poll.c's use). */
void waitq_wake_sleepers(struct waitq *q);

#endif /* DOM0_KERNEL_WAIT_H */
