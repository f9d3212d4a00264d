/* dom0/include/linux/time.h - Linux x86_64's clocks and time structures. */
#ifndef DOM0_LINUX_TIME_H
#define DOM0_LINUX_TIME_H

#include <kernel/types.h>

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7
#define TIMER_ABSTIME           1

struct linux_timespec64 {
    int64_t tv_sec, tv_nsec;
};

struct linux_timeval {
    int64_t tv_sec, tv_usec;
};

struct linux_tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

#define NSEC_PER_SEC            1000000000LL
#define USER_HZ                 100

#endif /* DOM0_LINUX_TIME_H */
