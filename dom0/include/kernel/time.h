/*
 * dom0/include/kernel/time.h - clocks from the hypervisor's vcpu_time_info
 * (kernel/time.c).
 */
#ifndef DOM0_KERNEL_TIME_H
#define DOM0_KERNEL_TIME_H

#include <kernel/types.h>

/* Nanoseconds since the hypervisor booted (CLOCK_MONOTONIC). */
uint64_t monotonic_ns(void);
/* Nanoseconds since the epoch (CLOCK_REALTIME): the shared_info wall clock. */
uint64_t realtime_ns(void);

#endif /* DOM0_KERNEL_TIME_H */
