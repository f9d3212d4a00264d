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
 * Every wake also wakes poll()/select() sleepers (they sleep on all their
 * files at once), so a file only has to wake its own queue.
 */
#ifndef DOM0_KERNEL_WAIT_H
#define DOM0_KERNEL_WAIT_H

#include <kernel/types.h>

struct process;

struct waitq {
    struct process *first;
};

#define WAITQ_INIT          { NULL }

/* 0 when woken, -EINTR when a signal is pending (before or after sleeping). */
long waitq_sleep(struct waitq *q);

/*
 * As waitq_sleep, but also woken at deadline (nanoseconds of the
 * monotonic clock, kernel/time.h); returns -ETIMEDOUT then.
 * A deadline of 0 means none.
 */
long waitq_sleep_until(struct waitq *q, uint64_t deadline_ns);

void waitq_wake(struct waitq *q);

#endif /* DOM0_KERNEL_WAIT_H */
