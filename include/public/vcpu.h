/*
 * include/public/vcpu.h - vcpu_op(cmd, vcpuid, arg) numbers.
 *
 * The command numbers, their flag and state values and the argument
 * structs of the commands minixen implements.  Layouts are Xen 4.17's:
 * 64-bit fields are only 4-byte aligned for 32-bit guests.
 */
#ifndef MINIXEN_PUBLIC_VCPU_H
#define MINIXEN_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise                     0  /* vcpu_guest_context */
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3  /* returns 1 or 0 */
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info             10
#define VCPUOP_send_nmi                       11
#define VCPUOP_get_physid                     12
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/* VCPUOP_set_singleshot_timer flags: fail with -ETIME if already past. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLER__
/* VCPUOP_get_runstate_info, and the area VCPUOP_register_runstate_memory_area names. */
struct vcpu_runstate_info {
    int state;                      /* RUNSTATE_* */
    uint64_t state_entry_time;      /* system time it entered state */
    uint64_t time[4];               /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/*
 * With VMASST_TYPE_runstate_update_flag, this bit of state_entry_time is
 * set while the hypervisor updates the guest's copy.
 */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;        /* absolute system time */
    uint32_t flags;                 /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Move the vCPU's vcpu_info to offset in guest frame mfn. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* Low 32 bits: the APIC id of the physical CPU; high 32: its ACPI id. */
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_VCPU_H */
