/*
 * guests/vcpus - a guest with several vCPUs, as Linux brings its
 * secondary CPUs up on Xen: vCPU 0 gives each other vCPU a
 * vcpu_guest_context (VCPUOP_initialise) and starts it (VCPUOP_up).
 *
 * vCPU 0 then checks, with good and bad arguments, what a vCPU has of its
 * own: its event channels (an IPI port each, bind_vcpu), its timer, its
 * trap table and segment base from the context, its run state, and
 * VCPUOP_down/up from outside and from the vCPU itself, repeatedly.  It
 * ends by taking its vCPUs down one by one: the last going down powers the
 * domain off, as on Xen.  The number of vCPUs is the domain's
 * (`vcpus=N` for a boot module, `dom0_max_vcpus=N` for domain 0): vCPU 0
 * finds it with VCPUOP_is_up, which is -ENOENT past the last.
 *
 * Every check is an "ok - name" line; tests/boot/test_vcpus.py lists them.
 */
#ifndef VCPUS_H
#define VCPUS_H

#include <stdint.h>
#include "console.h"
#include "events.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "traps.h"

#define VCPUS_MAX       8           /* this guest drives at most this many */
#define VCPU_STACK_SIZE (4 * PAGE_SIZE)
/* Bounds on waits, so a lost event fails a check instead of hanging. */
#define WAIT_LIMIT_NS   (5 * 1000000000ULL)
#define POLL_SLICE_NS   (10 * 1000000ULL)
#define MAX_YIELDS      100000UL
/* Canonical and unmapped: every hypercall must answer -EFAULT. */
#define BAD_PTR         ((void *)0x00000dead0000000UL)

/* What vCPU 0 asks a secondary vCPU to do next (its `command`). */
enum vcpu_command {
    CMD_NONE,
    CMD_TIMER,          /* set a one-shot timer on itself and wait for it */
    CMD_SELF_DOWN,      /* VCPUOP_down on itself, then report what it returned */
};

/* One vCPU's state, shared with vCPU 0.  %gs points at it (gs_base_kernel). */
struct vcpu_slot {
    struct vcpu_slot *self;         /* %gs:0 */
    unsigned int id;
    volatile int ready;             /* its ports are bound */
    volatile evtchn_port_t ipi;     /* bound to it: vCPU 0 pings here */
    volatile evtchn_port_t timer;   /* its VIRQ_TIMER */
    volatile uint32_t pings;        /* pings it answered */
    volatile uint64_t upcalls;      /* event upcalls it took */
    volatile enum vcpu_command command;
    volatile long command_rc;       /* the command's result; 1 while it runs */
    volatile int gs_ok;             /* %gs:0 was its own slot each time it looked */
    volatile int trap_ok;           /* a ud2 reached the trap table of its context */
    volatile long bind_rc;          /* binding its ports */
    volatile uint32_t timer_events; /* CMD_TIMER: events its port took */
    volatile int64_t timer_late_ns; /* CMD_TIMER: when it saw the event, after the deadline */
};

/* CMD_TIMER's result when the event count or its time was wrong. */
#define TIMER_WRONG 1000

extern struct vcpu_slot slots[VCPUS_MAX];
extern unsigned int nr_vcpus;
/* vCPU 0's port for the secondary vCPUs' answers. */
extern evtchn_port_t pong_port;

/* The vCPU this code runs on, from its stack. */
unsigned int this_vcpu(void);

/* bringup.c: contexts, VCPUOP_initialise/up and their bad arguments. */
void bringup_checks(void);
void bringup_all(void);
__attribute__((noreturn)) void secondary_main(unsigned int id);

/* secondary.c: until evt_count[port] >= target, WAIT_LIMIT_NS at most; 1 if reached. */
int wait_port(evtchn_port_t port, uint32_t target);

/* exchange.c: events between vCPUs and timers. */
void exchange_checks(void);
/* One ping to vCPU id, waiting for its pong: 1 if it came. */
int ping(unsigned int id);

/* downup.c: VCPUOP_down and up. */
void down_up_checks(void);
__attribute__((noreturn)) void last_vcpus_down(void);

#endif /* VCPUS_H */
