/*
 * dom0/include/kernel/events.h - event channels as dom0's interrupts
 * (kernel/events.c).  Handlers run with events masked, from the upcall,
 * on whatever kernel stack was current: they may wake wait queues and
 * send signals, never sleep.
 */
#ifndef DOM0_KERNEL_EVENTS_H
#define DOM0_KERNEL_EVENTS_H

#include <kernel/types.h>

/* Ports of the 2-level ABI a 64-bit guest has (64 words of 64 bits). */
#define EVENT_NR_PORTS      4096

typedef void (*event_handler_t)(void);
typedef void (*port_handler_t)(uint32_t port, void *data);

/* Binds a VIRQ on vCPU 0 to handler: the port, or a negative errno. */
long bind_virq_handler(unsigned int virq, event_handler_t handler);

/*
 * fn(port, data) runs for each event on a port already bound in the
 * hypervisor; the port is unmasked.  0, or -ENOSPC past EVENT_NR_PORTS.
 */
long event_bind_port(uint32_t port, port_handler_t fn, void *data);
/* Masks the port and forgets its handler (the hypervisor's binding stays). */
void event_unbind_port(uint32_t port);
/* The mask bit in shared_info: events wait in pending meanwhile. */
void event_mask(uint32_t port);
/* Clears the mask through the hypervisor, which delivers a pending event. */
void event_unmask(uint32_t port);

#endif /* DOM0_KERNEL_EVENTS_H */
