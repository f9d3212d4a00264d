/*
 * guests/lib/events.h - the guest side of the 2-level event-channel ABI.
 *
 * The event callback (traps.c) calls evt_handle_upcall(), which scans the
 * pending bitmap the way Xen's reference algorithm does: clear
 * evtchn_upcall_pending, take the selector, and for each word it names
 * clear and count every pending, unmasked port.  Guests then wait for a
 * port's count to reach a value, blocking in between.
 */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <stdint.h>
#include <public/xen.h>
#include <public/event_channel.h>

/* Events seen per port since boot. */
extern volatile uint32_t evt_count[EVTCHN_2L_NR_CHANNELS];
/* Upcalls that found at least one port, and ports handled in all. */
extern volatile uint64_t evt_upcalls, evt_handled;

/*
 * A guest with several vCPUs says which one is running (0 if unset): the
 * upcall scan, the mask and the pending bit are then that vCPU's.
 */
extern unsigned int (*evt_current_vcpu)(void);

/* vCPU 0's vcpu_info moved (VCPUOP_register_vcpu_info): use vi from now on. */
void evt_use_vcpu_info(volatile vcpu_info_t *vi);

/* Called from the event callback with upcalls masked. */
void evt_handle_upcall(void);

/* Thin wrappers: 0 or -errno; OUT ports through *port. */
long evt_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evt_bind_interdomain(domid_t dom, evtchn_port_t remote, evtchn_port_t *port);
long evt_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evt_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
/* Move a port's notifications to another vCPU (EVTCHNOP_bind_vcpu). */
long evt_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evt_send(evtchn_port_t port);
long evt_close(evtchn_port_t port);
long evt_unmask(evtchn_port_t port);
long evt_status(domid_t dom, evtchn_port_t port, evtchn_status_t *st);

/* The guest's own mask bit (no hypercall). */
void evt_mask(evtchn_port_t port);
int evt_is_pending(evtchn_port_t port);
void evt_clear_pending(evtchn_port_t port);

/* Let upcalls in, delivering any that are pending before returning. */
void evt_enable_upcalls(void);
void evt_disable_upcalls(void);

/*
 * Block until evt_count[port] >= target or max_blocks blocks went by;
 * returns the count reached.
 */
uint32_t evt_wait(evtchn_port_t port, uint32_t target, unsigned long max_blocks);

/* System time in ns (vcpu_info time), and a sleep using the one-shot timer. */
uint64_t evt_now(void);

#endif /* GUEST_EVENTS_H */
