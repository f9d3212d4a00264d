/*
 * dom0/kernel/sys_time.c - clocks, sleeping and yielding.
 *
 * Both clocks come from the hypervisor (kernel/time.c): CLOCK_MONOTONIC
 * is its system time, CLOCK_REALTIME adds the wall clock it publishes.
 * A sleep is a timed wait on no queue; a signal ends it early with the
 * time left.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include <linux/time.h>
#include "syscalls.h"
#include "sched.h"

static long clock_now(uint64_t clock, uint64_t *ns)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = realtime_ns();
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = monotonic_ns();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        *ns = current->utime_ns + current->stime_ns;
        return 0;
    }
    return -EINVAL;
}

static struct linux_timespec64 to_timespec(uint64_t ns)
{
    return (struct linux_timespec64){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

long sys_clock_gettime(uint64_t clock, uaddr_t tp)
{
    struct linux_timespec64 ts;
    uint64_t ns;
    long err = clock_now(clock, &ns);

    if (err)
        return err;
    ts = to_timespec(ns);
    return copy_to_user(tp, &ts, sizeof(ts));
}

long sys_clock_getres(uint64_t clock, uaddr_t tp)
{
    struct linux_timespec64 ts = { 0, 1 };
    uint64_t ns;
    long err = clock_now(clock, &ns);

    if (err || !tp)
        return err;
    return copy_to_user(tp, &ts, sizeof(ts));
}

long sys_gettimeofday(uaddr_t tv, uaddr_t tz)
{
    uint64_t ns = realtime_ns();
    struct linux_timeval t = { ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) / 1000 };
    static const int32_t utc[2] = { 0, 0 };

    if (tv && copy_to_user(tv, &t, sizeof(t)))
        return -EFAULT;
    if (tz && copy_to_user(tz, utc, sizeof(utc)))
        return -EFAULT;
    return 0;
}

long sys_time(uaddr_t t)
{
    int64_t now = realtime_ns() / NSEC_PER_SEC;

    if (t && copy_to_user(t, &now, sizeof(now)))
        return -EFAULT;
    return now;
}

/* Sleeps until the monotonic deadline; -EINTR with *left set if a signal came. */
static long sleep_until(uint64_t deadline, uint64_t *left)
{
    long err;

    do {
        err = waitq_sleep_until(NULL, deadline);
    } while (err == 0);
    if (err == -ETIMEDOUT)
        return 0;
    *left = deadline > monotonic_ns() ? deadline - monotonic_ns() : 0;
    return err;
}

static long read_timespec(uaddr_t u, uint64_t *ns)
{
    struct linux_timespec64 ts;

    if (copy_from_user(&ts, u, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
        return -EINVAL;
    if ((uint64_t)ts.tv_sec > UINT64_MAX / NSEC_PER_SEC / 2)
        *ns = UINT64_MAX / 2;           /* far enough to be forever */
    else
        *ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
    return 0;
}

static long do_sleep(uint64_t clock, bool absolute, uaddr_t req, uaddr_t rem)
{
    uint64_t ns, now, left = 0, deadline;
    long err = read_timespec(req, &ns);

    if (!err)
        err = clock_now(clock, &now);
    if (err)
        return err;
    if (absolute && ns <= now)
        return 0;
    deadline = monotonic_ns() + (absolute ? ns - now : ns);
    if (!deadline)
        deadline = 1;
    err = sleep_until(deadline, &left);
    if (err == -EINTR && rem && !absolute) {
        struct linux_timespec64 ts = to_timespec(left);
        if (copy_to_user(rem, &ts, sizeof(ts)))
            return -EFAULT;
    }
    return err;
}

long sys_nanosleep(uaddr_t req, uaddr_t rem)
{
    return do_sleep(CLOCK_MONOTONIC, false, req, rem);
}

long sys_clock_nanosleep(uint64_t clock, uint64_t flags, uaddr_t req, uaddr_t rem)
{
    if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    if (flags & ~(uint64_t)TIMER_ABSTIME)
        return -EINVAL;
    return do_sleep(clock, flags & TIMER_ABSTIME, req, rem);
}

long sys_pause(void)
{
    while (waitq_sleep(NULL) == 0)
        ;
    return -EINTR;
}

long sys_sched_yield(void)
{
    schedule();
    return 0;
}

long sys_times(uaddr_t buf)
{
    struct linux_tms t = {
        .tms_utime = current->utime_ns / (NSEC_PER_SEC / USER_HZ),
        .tms_stime = current->stime_ns / (NSEC_PER_SEC / USER_HZ),
    };

    if (buf && copy_to_user(buf, &t, sizeof(t)))
        return -EFAULT;
    return monotonic_ns() / (NSEC_PER_SEC / USER_HZ);
}

#define RUSAGE_SELF         0
#define RUSAGE_CHILDREN     (-1)
#define RUSAGE_BYTES        144

long sys_getrusage(int who, uaddr_t usage)
{
    static const uint8_t zero[RUSAGE_BYTES];

    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != 1)
        return -EINVAL;
    return copy_to_user(usage, zero, sizeof(zero));
}
