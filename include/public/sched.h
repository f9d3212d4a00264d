/*
 * include/public/sched.h - sched_op(cmd, arg) commands, shutdown reasons
 * and argument structs.
 *
 * The legacy sched_op_compat hypercall takes the same commands but passes
 * the shutdown reason itself as arg instead of a sched_shutdown.
 */
#ifndef MINIXEN_PUBLIC_SCHED_H
#define MINIXEN_PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield           0  /* arg NULL: give up the CPU */
#define SCHEDOP_block           1  /* arg NULL: unmask events, sleep until one */
#define SCHEDOP_shutdown        2  /* arg sched_shutdown */
#define SCHEDOP_poll            3  /* arg sched_poll */
#define SCHEDOP_remote_shutdown 4  /* arg sched_remote_shutdown (privileged) */
#define SCHEDOP_shutdown_code   5  /* arg sched_shutdown: record, don't stop */
#define SCHEDOP_watchdog        6  /* arg sched_watchdog */
#define SCHEDOP_pin_override    7  /* arg sched_pin_override (hardware dom) */

/* Why a domain shut down. */
#define SHUTDOWN_poweroff   0  /* stop and clean up */
#define SHUTDOWN_reboot     1  /* stop, then restart */
#define SHUTDOWN_suspend    2  /* save state, may be resumed */
#define SHUTDOWN_crash      3  /* the guest crashed */
#define SHUTDOWN_watchdog   4  /* a watchdog fired */
#define SHUTDOWN_soft_reset 5  /* reset without destroying the domain */
#define SHUTDOWN_MAX        5  /* highest reason */

#ifndef __ASSEMBLER__

struct sched_shutdown {
    uint32_t reason;  /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/* Sleep until one of ports is pending or system time reaches timeout. */
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    uint32_t nr_ports;
    uint64_t timeout;  /* absolute system time in ns; 0 = no timeout */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
    domid_t  domain_id;  /* domain to shut down */
    uint32_t reason;     /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/* id 0 creates a watchdog (its id is returned); timeout 0 destroys it. */
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;  /* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
    int32_t pcpu;  /* physical CPU to pin to; negative = undo */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_SCHED_H */
